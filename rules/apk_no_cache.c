/* apk-no-cache: `apk add` / `apk update` / `apk upgrade` leaving the package index in
 * /var/cache/apk in the layer. */
#include "rule.h"

#include "ascii.h"

#define APK_CACHE "/var/cache/apk"
#define MOUNT_TEXT "--mount=type=cache,target=/var/cache/apk"

/* ------------------------------------------------------------------ stage and RUN context */

/* Is stage `st` reached from stage `from` by following FROM <stage> links (itself included)? */
static bool chain_has(const struct sf_doc *doc, int from, int st)
{
    for (uint32_t n = 0; from >= 0 && (uint32_t)from < doc->nstages && n <= doc->nstages; n++) {
        if (from == st)
            return true;
        from = doc->stages[from].base_stage;
    }
    return false;
}

/* The stage a COPY --from value names (stage name or index), or -1 (an image). */
static int stage_named(const struct sf_doc *doc, const char *v)
{
    size_t n = strlen(v);
    bool digits = n > 0;

    for (size_t i = 0; i < n; i++)
        digits = digits && sf__is_digit((unsigned char)v[i]);
    if (digits) {
        unsigned long k = strtoul(v, NULL, 10);
        return k < doc->nstages ? (int)k : -1;
    }
    for (uint32_t s = 0; s < doc->nstages; s++) {
        const char *name = doc->stages[s].name.ptr;
        size_t i = 0;
        if (!name || strlen(name) != n)
            continue;
        while (i < n && sf__to_lower((unsigned char)v[i]) == (unsigned char)name[i])
            i++;
        if (i == n)
            return (int)s;
    }
    return -1;
}

/* Value of ENV `name` (or of an ARG default) in effect at instruction `in`: ENV of its stage
 * before it and of the stages it is built FROM, then ARG defaults of its stage; quotes
 * removed. NULL when unset or unknown. */
static const char *var_value(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *in,
                             const char *name, size_t n)
{
    int st = in->stage;
    uint32_t upto = in->index;

    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *e = &doc->insns[i - 1];
            for (uint32_t k = e->nargs; e->kind == SF_INSN_ENV && e->nargs % 3 == 0 && k >= 3; k -= 3)
                if (e->args[k - 3].text.len == n && memcmp(e->args[k - 3].text.ptr, name, n) == 0) {
                    const char *v = e->args[k - 2].text.ptr;
                    size_t vl = e->args[k - 2].text.len;
                    if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
                        v++;
                        vl -= 2;
                    }
                    return sf__arena_strndup(a, v, vl);
                }
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    if (in->stage < 0)
        return NULL;
    for (uint32_t i = in->index; i > doc->stages[in->stage].from + 1; i--) {
        const struct sf_insn *e = &doc->insns[i - 1];
        for (uint32_t k = 0; e->kind == SF_INSN_ARG && k < e->nargs; k++) {
            const char *w = e->args[k].text.ptr;
            if (w && e->args[k].text.len > n && memcmp(w, name, n) == 0 && w[n] == '=')
                return sf__arena_strdup(a, w + n + 1);
        }
    }
    return NULL;
}

/* A COPY source with a leading $VAR or ${VAR} expanded (see var_value); NULL when unknown. */
static const char *expand_src(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *in,
                              const char *p)
{
    const char *name, *rest, *v;
    size_t n = 0;

    if (!sf__has_variable(p, strlen(p)))
        return p;
    if (p[0] != '$')
        return NULL;
    if (p[1] == '{') {
        name = p + 2;
        rest = strchr(name, '}');
        if (!rest)
            return NULL;
        n = (size_t)(rest - name);
        rest++;
    } else {
        name = p + 1;
        while (sf__is_alnum((unsigned char)name[n]) || name[n] == '_')
            n++;
        rest = name + n;
    }
    if (n == 0 || sf__has_variable(rest, strlen(rest)))
        return NULL;
    v = var_value(doc, a, in, name, n);
    if (!v || sf__has_variable(v, strlen(v)))
        return NULL;
    return sf__arena_printf(a, "%s%s", v, rest);
}

/* Do the files under `dir` written in stage st reach the image? They do when st is the last
 * stage or one of its FROM ancestors, or when some COPY --from of a stage built on st copies
 * `dir` or a parent of it. A builder stage whose cache nobody copies costs no image bytes. */
static bool stage_ships(const struct sf_doc *doc, sf__arena *a, int st, const char *dir)
{
    if (st < 0 || doc->nstages == 0 || chain_has(doc, (int)doc->nstages - 1, st))
        return true;
    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *in = &doc->insns[i];
        const sf__flag *from;
        int src;
        if (in->kind != SF_INSN_COPY && in->kind != SF_INSN_ADD)
            continue;
        from = sf__insn_flag(in, "from");
        if (!from || !from->value.ptr)
            continue;
        if (sf__has_variable(from->value.ptr, from->value.len))
            return true;
        src = stage_named(doc, from->value.ptr);
        if (src < 0 || !chain_has(doc, src, st))
            continue;
        for (uint32_t k = 0; k < sf__copy_nsrc(in); k++) {
            const char *p = in->args[k].text.ptr;
            char *clean, *glob;
            if (p)
                p = expand_src(doc, a, in, p);
            if (!p)
                return true;
            clean = sf__path_clean(a, p);
            if (!clean)
                return true;
            glob = strpbrk(clean, "*?[");
            if (glob) { /* keep the static directory part */
                while (glob > clean && *glob != '/')
                    glob--;
                *glob = '\0';
                if (!*clean)
                    return true;
            }
            if (sf__path_under(dir, clean))
                return true;
        }
    }
    return false;
}

/* Does the RUN run under a POSIX-like shell (default /bin/sh, or a SHELL naming one)? */
static bool posix_shell(const struct sf_doc *doc, const struct sf_insn *insn)
{
    static const char *const shells[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh"};
    uint32_t upto = insn->parent ? insn->parent->index : insn->index;
    int st = insn->stage;

    for (uint32_t n = 0; st >= 0 && (uint32_t)st < doc->nstages && n <= doc->nstages; n++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *sh = &doc->insns[i - 1];
            const char *exe, *base;
            if (sh->kind != SF_INSN_SHELL)
                continue;
            if (!sh->exec_form || sh->nargs == 0)
                return false;
            exe = sh->args[0].text.ptr;
            base = strrchr(exe, '/');
            base = base ? base + 1 : exe;
            for (size_t k = 0; k < SF_ARRAY_LEN(shells); k++)
                if (strcmp(base, shells[k]) == 0)
                    return true;
            return false;
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    return true;
}

/* Copy field [s, e) of a --mount value without surrounding double quotes. */
static char *mount_field(sf__arena *a, const char *s, const char *e)
{
    if (e - s >= 2 && *s == '"' && e[-1] == '"') {
        s++;
        e--;
    }
    return sf__arena_strndup(a, s, (size_t)(e - s));
}

static bool key_is(const char *f, size_t klen, const char *k)
{
    size_t i = 0;

    if (strlen(k) != klen)
        return false;
    while (i < klen && sf__to_lower((unsigned char)f[i]) == (unsigned char)k[i])
        i++;
    return i == klen;
}

/* Mounts of the RUN relative to `dir`: *covered when a cache or tmpfs mount (a target with a
 * variable counts) holds dir or a parent of it, *touched when any mount's target is dir, above
 * it or below it. */
static void mounts_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                      const char *dir, bool *covered, bool *touched)
{
    *covered = *touched = false;
    for (uint32_t i = 0; i < insn->nflags; i++) {
        const sf__flag *fl = &insn->flags[i];
        const char *p, *end;
        const char *type = "bind", *target = NULL;
        if (strcmp(fl->name.ptr, "mount") != 0 || !fl->value.ptr)
            continue;
        p = fl->value.ptr;
        end = p + fl->value.len;
        while (p < end) {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            const char *fe = comma ? comma : end;
            char *field = mount_field(a, p, fe);
            char *eq = field ? strchr(field, '=') : NULL;
            if (eq) {
                size_t klen = (size_t)(eq - field);
                if (key_is(field, klen, "type"))
                    type = eq + 1;
                else if (key_is(field, klen, "target") || key_is(field, klen, "dst") ||
                         key_is(field, klen, "destination"))
                    target = eq + 1;
            }
            p = comma ? comma + 1 : end;
        }
        if (!target)
            continue;
        if (sf__has_variable(target, strlen(target))) {
            *touched = true;
            if (strcmp(type, "cache") == 0 || strcmp(type, "tmpfs") == 0)
                *covered = true;
            continue;
        }
        target = sf__resolve_at(a, doc, insn->parent ? insn->parent : insn, target);
        if (!target) {
            *touched = true;
            continue;
        }
        if (strcmp(target, "/") == 0)
            continue;
        if (sf__path_under(dir, target) || sf__path_under(target, dir))
            *touched = true;
        if (sf__path_under(dir, target) && (strcmp(type, "cache") == 0 || strcmp(type, "tmpfs") == 0))
            *covered = true;
    }
}

static bool has_syntax_directive(const struct sf_doc *doc)
{
    for (uint32_t i = 0; i < doc->ndirectives; i++)
        if (doc->directives[i].key.ptr && strcmp(doc->directives[i].key.ptr, "syntax") == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------ shell queries */

/* The command of the first script that feeds heredoc script s to a shell (heredoc redirections
 * are numbered in command order, as sf__sh_parse_insn chains them), or UINT32_MAX. */
static uint32_t consumer(const sf__sh *top, const sf__sh *s)
{
    uint32_t h = 0;

    for (uint32_t i = 0; i < top->ncmds; i++)
        for (const sf__sh_redir *r = top->cmds[i].cmd->redirs; r; r = r->next) {
            if (r->kind != SF_SH_R_HEREDOC && r->kind != SF_SH_R_HEREDOC_STRIP)
                continue;
            if (h++ == s->heredoc)
                return i;
        }
    return UINT32_MAX;
}

/* Does command j of script t run after command k of script s (both of one RUN)? Scripts
 * chained after the first one are heredocs run by a command of the first script. */
static bool runs_after(const sf__sh *top, const sf__sh *s, uint32_t k, const sf__sh *t, uint32_t j)
{
    if (t == s)
        return j > k;
    if (t == top) {
        uint32_t c = consumer(top, s);
        return c != UINT32_MAX && j > c;
    }
    if (s == top) {
        uint32_t c = consumer(top, t);
        return c == UINT32_MAX || c >= k;
    }
    for (const sf__sh *x = s->next; x; x = x->next)
        if (x == t)
            return true;
    return false;
}

/* Source range of a simple command. */
static void cmd_range(const sf__sh *sh, const sf__sh_cmdinfo *c, uint32_t *start, uint32_t *end)
{
    *start = sf__sh_src_offset(sh, c->cmd->span.start);
    *end = c->cmd->span.end > c->cmd->span.start ? sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1
                                                 : *start;
}

/* Does a cleaned, possibly globbed rm operand remove `dir`, or the entries in it (`sample`
 * names a typical one)? Removing a directory needs -r; entries that are plain files do not
 * (files_ok). */
static bool rm_covers(const char *pat, const char *dir, const char *sample, bool recursive,
                      bool files_ok)
{
    char buf[512];
    const char *s = dir;
    size_t k = 0;

    if (!strpbrk(pat, "*?["))
        return recursive && strcmp(pat, "/") != 0 && sf__path_under(dir, pat);
    /* a glob naming dir or a parent of it: compare with the same number of components */
    for (const char *p = pat; *p; p++)
        k += *p == '/';
    for (size_t n = 0; *s; s++) {
        if (*s == '/' && ++n > k)
            break;
    }
    if ((size_t)(s - dir) < sizeof buf) {
        memcpy(buf, dir, (size_t)(s - dir));
        buf[s - dir] = '\0';
        if (sf__glob_match(pat, buf))
            return recursive;
    }
    /* dir/<glob>: the entries of dir */
    if (snprintf(buf, sizeof buf, "%s/%s", dir, sample) < (int)sizeof buf && sf__glob_match(pat, buf))
        return recursive || files_ok;
    return false;
}

/* The subcommands that read the repository index, and so write it to the cache. */
static bool writes_index(const char *sub)
{
    return strcmp(sub, "add") == 0 || strcmp(sub, "update") == 0 || strcmp(sub, "upgrade") == 0;
}

/* The cache directory an apk command uses (--cache-dir, --root), or NULL when a variable
 * hides it. */
static const char *apk_cache_dir(sf__arena *a, const sf__sh_apk_info *apk)
{
    const sf__sh_opt *o = sf__sh_opts_find(&apk->opts, "cache-dir");
    const sf__sh_opt *root = sf__sh_opts_find(&apk->opts, "root");

    if (!root)
        root = sf__sh_opts_find(&apk->opts, "p");
    if (o) {
        if (!o->value || o->value_dynamic || o->value[0] != '/')
            return NULL;
        return sf__path_clean(a, o->value);
    }
    if (root) {
        if (!root->value || root->value_dynamic || root->value[0] != '/')
            return NULL;
        return sf__path_clean(a, sf__arena_printf(a, "%s/" APK_CACHE, root->value));
    }
    return APK_CACHE;
}

/* Does a word of command c hold a script that removes `what` (`bash -c "... rm -rf X"`,
 * `su -c '...'`, eval) that the shell parser could not open because it has expansions? */
static bool script_word_removes(const sf__sh_cmdinfo *c, const char *what)
{
    for (uint32_t i = c->name_idx + 1; i < c->argc; i++) {
        const char *v = c->argv[i].value;
        const char *w = v ? strstr(v, what) : NULL;
        if (w && (strstr(v, "rm ") || strstr(v, "cache purge")) && strchr(v, ' '))
            return true;
    }
    return false;
}

/* Does command c remove the index files in `dir` (rm of dir, dir/<glob> or a parent)? */
static bool removes_cache(sf__arena *a, const sf__sh_cmdinfo *c, const char *dir)
{
    sf__sh_fileop rm;

    if (script_word_removes(c, dir))
        return true;
    if (!sf__sh_rm(&rm, a, c))
        return false;
    for (uint32_t k = 0; k < rm.npaths; k++) {
        const sf__sh_arg *arg = &c->argv[rm.paths[k]];
        const char *p;
        if (arg->dynamic || arg->value[0] != '/')
            continue;
        p = sf__path_clean(a, arg->value);
        /* the index is stored as plain files APKINDEX.<hash>.tar.gz */
        if (p && rm_covers(p, dir, "APKINDEX.d8b2a6f4.tar.gz", rm.recursive, true))
            return true;
    }
    return false;
}

/* One offending apk command. */
typedef struct hit {
    const sf__sh *sh;
    const sf__sh_cmdinfo *c;
    uint32_t sub_idx;          /* argv index of the subcommand word */
    const char *sub;
    bool default_dir;          /* uses /var/cache/apk (no --root / --cache-dir) */
} hit;

/* Insert ` --no-cache` after each offending subcommand word. */
static void fix_flag(struct sf_check *ck, struct sf_finding *f, const hit *h, uint32_t n)
{
    sf__fix_begin(ck, f, SF_FIX_SAFE, "add --no-cache to apk");
    for (uint32_t i = 0; i < n; i++) {
        const sf__sh_arg *w = &h[i].c->argv[h[i].sub_idx];
        uint32_t at = sf__sh_src_offset(h[i].sh, w->span.end - 1) + 1;
        sf__fix_edit(ck, f, at, at, " --no-cache", SIZE_MAX);
    }
}

/* Add a cache mount on /var/cache/apk to the RUN (and a syntax directive when missing). */
static void fix_mount(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;

    sf__fix_begin(ck, f, SF_FIX_SAFE, "keep /var/cache/apk in a cache mount");
    sf__fix_edit(ck, f, insn->kw.end, insn->kw.end, " " MOUNT_TEXT, SIZE_MAX);
    if (!has_syntax_directive(doc)) {
        uint32_t at = doc->has_bom ? 3 : 0;
        char line[64];
        snprintf(line, sizeof line, "# syntax=docker/dockerfile:1%s", sf__doc_eol_at(doc, at));
        sf__fix_edit(ck, f, at, at, line, SIZE_MAX);
    }
}

#define MAX_HITS 32

static void check_run(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    hit hits[MAX_HITS];
    uint32_t n = 0, start = 0, end = 0;
    bool covered, touched, etc_covered, etc_touched, clean = true, all_default = true, fixable = true;
    const char *shown = NULL;
    char names[128] = "";
    size_t used = 0;
    struct sf_finding *f;

    if (!sh || !posix_shell(doc, insn))
        return;
    mounts_at(doc, a, insn, APK_CACHE, &covered, &touched);
    /* apk keeps its cache in /etc/apk/cache instead when that directory exists */
    mounts_at(doc, a, insn, "/etc/apk/cache", &etc_covered, &etc_touched);
    if (covered || etc_covered)
        return;
    for (const sf__sh *s = sh; s; s = s->next) {
        clean = clean && !s->ndiags && !s->truncated;
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sf__sh_cmdinfo *c = &s->cmds[k];
            sf__sh_apk_info apk;
            const char *dir;
            bool removed = false;
            uint32_t cs, ce;
            if (!sf__sh_apk(&apk, a, c) || !apk.sub || apk.no_cache || apk.opts.dynamic ||
                !writes_index(apk.sub))
                continue;
            dir = apk_cache_dir(a, &apk);
            if (!dir)
                continue;
            /* a removal later in the RUN */
            for (const sf__sh *t = sh; t && !removed; t = t->next)
                for (uint32_t j = 0; j < t->ncmds && !removed; j++)
                    removed = runs_after(sh, s, k, t, j) && removes_cache(a, &t->cmds[j], dir);
            if (removed || !stage_ships(doc, a, insn->stage, dir))
                continue;
            if (n == MAX_HITS) {
                fixable = false;
                continue;
            }
            cmd_range(s, c, &cs, &ce);
            if (n == 0 || cs < start)
                start = cs;
            if (ce > end)
                end = ce;
            hits[n].sh = s;
            hits[n].c = c;
            hits[n].sub_idx = apk.opts.operands[0];
            hits[n].sub = apk.sub;
            hits[n].default_dir = strcmp(dir, APK_CACHE) == 0;
            if (!shown)
                shown = dir;
            all_default = all_default && hits[n].default_dir;
            /* name each subcommand once in the message */
            {
                bool seen = false;
                for (uint32_t i = 0; i < n; i++)
                    seen = seen || strcmp(hits[i].sub, apk.sub) == 0;
                if (!seen && used < sizeof names - 32)
                    used += (size_t)snprintf(names + used, sizeof names - used, "%s`apk %s`",
                                             n ? ", " : "", apk.sub);
            }
            n++;
        }
    }
    if (!n)
        return;
    f = sf__report(ck, insn, start, end,
                   "%s %s the package index in %s in this layer: use `--no-cache` (`apk add "
                   "--no-cache ...`)",
                   names, n > 1 && strchr(names, ',') ? "leave" : "leaves", shown);
    if (!f || insn->bad || !clean || !fixable)
        return;
    if (ck->cache_fix == SF_CACHE_FIX_MOUNT && all_default && !touched && !etc_touched)
        fix_mount(ck, f, insn);
    else
        fix_flag(ck, f, hits, n);
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;

    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (insn->kind == SF_INSN_RUN)
            check_run(ck, insn);
        else if (insn->kind == SF_INSN_ONBUILD && insn->child && insn->child->kind == SF_INSN_RUN)
            check_run(ck, insn->child);
    }
}

const struct sf_rule sf_rule_apk_no_cache = {
    "apk-no-cache",
    SF_SEV_WARNING,
    "`apk add` without `--no-cache` keeps the package index in the layer",
    "# apk-no-cache\n"
    "\n"
    "Without `--no-cache`, `apk add`, `apk update` and `apk upgrade` download the\n"
    "`APKINDEX.*.tar.gz` file of every repository into `/var/cache/apk` (2-3 MB on Alpine,\n"
    "more with edge/testing) and leave it there. It is stored in the RUN's layer and shipped\n"
    "with the image, and it is stale by the next build anyway. `apk add --no-cache` reads the\n"
    "index from the network into memory and writes nothing.\n"
    "\n"
    "The rule reports each RUN (also `ONBUILD RUN`, `sh -c` strings and `RUN <<EOF` scripts)\n"
    "with an `apk add`, `apk update` or `apk upgrade` (any wrapper: `sudo`, `env`, ...) that\n"
    "\n"
    "- has no `--no-cache` (before or after the subcommand: `apk --no-cache add`),\n"
    "- is not followed, in the same RUN, by an `rm` of `/var/cache/apk`, `/var/cache/apk/*` or a\n"
    "  parent directory, also inside a script string the parser cannot open (`sh -c \"...$X...\"`)\n"
    "  (a removal in a later RUN does not shrink the earlier layer),\n"
    "- and runs without a cache or tmpfs mount on `/var/cache/apk` (or `/etc/apk/cache`, which\n"
    "  apk uses instead when it exists).\n"
    "\n"
    "`apk update && apk add --no-cache curl` is reported too: `apk update` writes the index\n"
    "that the `--no-cache` add then ignores. `apk upgrade` is included because it reads (and so\n"
    "caches) the same index as `apk add`; `apk del`, `apk info` and the like are not. With\n"
    "`--root R` or `--cache-dir D` the removal must name that directory instead; a variable in\n"
    "them, or a variable where an option could be (`apk add $APK_FLAGS x`), skips the command.\n"
    "Builder stages whose `/var/cache/apk` never reaches the image (not an ancestor of the last\n"
    "stage, not copied out with `COPY --from`, where a `$VAR` source is expanded from ENV/ARG and\n"
    "an unknown one counts as copied) and RUNs under a non-POSIX `SHELL` are skipped.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN apk update && apk add curl\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN apk add --no-cache curl\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "Safe: ` --no-cache` is inserted right after the subcommand word of every reported command\n"
    "(`apk add --no-cache curl`, `apk update --no-cache`). apk then fetches the index into memory\n"
    "and installs exactly the same packages; only the cache is gone. `apk update --no-cache`\n"
    "is a harmless network round trip that you may delete by hand: the fix does not remove\n"
    "commands, since that could change when the RUN fails. A later RUN that runs `apk add`\n"
    "without `--no-cache` simply downloads the index again.\n"
    "\n"
    "With `cache-fix: mount` the fix adds `--mount=type=cache,target=/var/cache/apk` to the RUN\n"
    "instead (and `# syntax=docker/dockerfile:1` when the file has no syntax directive): apk\n"
    "writes the index into the cache mount, which survives between builds and never enters the\n"
    "layer. Commands with `--root` or `--cache-dir`, or a RUN that already mounts something on\n"
    "that path, get the `--no-cache` fix instead.\n"
    "\n"
    "No fix is offered when the shell text has syntax errors.\n",
    0,
    SF_FIX_SAFE,
    "DL3019",
    NULL,
    check,
};
