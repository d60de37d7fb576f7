/* copy-ignored-file: a COPY/ADD source that the .dockerignore excludes. */
#include "rule.h"

#include "dockerignore.h"

/* The last pattern that decides `path` (itself or a parent), for the message; NULL if none. */
static const sf__ignore_pat *deciding_pattern(const sf__ignore *ig, const char *path)
{
    const sf__ignore_pat *found = NULL;
    size_t n = sf__ignore_count(ig), len = strlen(path);

    for (size_t i = 0; i < n; i++) {
        const sf__ignore_pat *p = sf__ignore_at(ig, i);
        bool m = false;
        if (!p->valid)
            continue;
        /* the path itself or one of its parents */
        for (size_t l = len; l > 0 && !m; l--)
            if (l == len || path[l] == '/')
                m = sf__ignore_pat_matches(p, path, l);
        if (m)
            found = p;
    }
    return found && !found->negated ? found : NULL;
}

/* Is every listed context entry matching glob `pat` excluded (and at least one matches)? */
static bool glob_all_excluded(const struct sf_check *ck, const char *pat, size_t *nmatch)
{
    const sf_context *c = ck->ctx;
    size_t matched = 0;
    char buf[4096];

    for (size_t i = 0; i < c->n_paths; i++) {
        const char *p = c->paths[i];
        size_t l = strlen(p);
        if (l >= sizeof buf)
            continue;
        memcpy(buf, p, l + 1);
        if (l && buf[l - 1] == '/')
            buf[l - 1] = '\0';
        if (!sf__glob_match(pat, buf))
            continue;
        matched++;
        if (!sf__ignore_excludes(ck->ignore, buf) || sf__ignore_may_include_under(ck->ignore, buf))
            return false;
    }
    *nmatch = matched;
    return matched > 0;
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);

    if (!ck->ignore)
        return;
    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        char msg[1024];
        size_t used = 0, count = 0;
        uint32_t first_start = 0, last_end = 0;
        if (!sf__insn_copies_context(insn))
            continue;
        msg[0] = '\0';
        for (uint32_t s = 0; s < sf__copy_nsrc(insn); s++) {
            const sf__arg *arg = &insn->args[s];
            const char *src = arg->text.ptr;
            char *path;
            const sf__ignore_pat *why = NULL;
            bool excluded = false;
            size_t nmatch = 0;
            if (!src || sf__copy_src_is_heredoc(insn, s) || sf__has_variable(src, arg->text.len) ||
                (insn->kind == SF_INSN_ADD && sf__path_is_remote(src)) || sf__path_is_whole_context(src))
                continue;
            path = sf__ctx_path(a, src);
            if (!path || !*path)
                continue;
            if (sf__has_glob(path)) {
                if (ck->ctx && ck->ctx->paths && !ck->ctx->paths_truncated)
                    excluded = glob_all_excluded(ck, path, &nmatch);
            } else {
                excluded = sf__ignore_excludes(ck->ignore, path) &&
                           !sf__ignore_may_include_under(ck->ignore, path);
                if (excluded)
                    why = deciding_pattern(ck->ignore, path);
            }
            if (!excluded)
                continue;
            if (count == 0)
                first_start = arg->span.start;
            last_end = arg->span.end;
            count++;
            if (used < sizeof msg - 1) {
                if (why)
                    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s`%s` (excluded by `%s`, line %u)",
                                             count > 1 ? ", " : "", src, why->raw, (unsigned)why->line);
                else
                    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s`%s` (every match excluded)",
                                             count > 1 ? ", " : "", src);
            }
        }
        if (count)
            sf__report(ck, insn, first_start, last_end,
                       "%s %s the .dockerignore excludes: %s; the build fails or copies nothing",
                       insn->keyword.ptr, count > 1 ? "sources" : "source", msg);
    }
}

const struct sf_rule sf_rule_copy_ignored_file = {
    "copy-ignored-file",
    SF_SEV_ERROR,
    "COPY or ADD of a path the .dockerignore excludes",
    "# copy-ignored-file\n"
    "\n"
    "Paths the `.dockerignore` excludes are never sent to the builder. A COPY or ADD that names\n"
    "one fails (`\"/config.json\": not found`), or, for a wildcard, silently copies nothing. The\n"
    "rule matches every COPY/ADD source from the build context against the `.dockerignore`\n"
    "exactly as BuildKit does: patterns are anchored at the context root, a pattern also\n"
    "excludes everything below a matching directory, the last matching line wins, and `!`\n"
    "exceptions re-include. A wildcard source is reported only when every context entry it\n"
    "matches is excluded. Sources with variables, `COPY --from`, remote ADD sources and heredocs\n"
    "are not checked. BuildKit's experimental check `CopyIgnoredFile` is the same idea, so\n"
    "`# check=skip=CopyIgnoredFile` turns this rule off too.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "# .dockerignore contains: *.json\n"
    "FROM alpine\n"
    "COPY config.json /etc/app/\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```\n"
    "# .dockerignore\n"
    "*.json\n"
    "!config.json\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "None: either the `.dockerignore` or the COPY is wrong, and only you know which.\n",
    SF_NEEDS_CONTEXT,
    SF_FIX_NONE,
    NULL,
    "CopyIgnoredFile",
    check,
};
