/* consecutive-run: two or more RUN instructions in a row in one stage, each a layer. */
#include "rule.h"

#include "ascii.h"

/* The flags that decide whether two RUNs may share a layer: all of them, as written. */
static bool same_flags(const struct sf_insn *a, const struct sf_insn *b)
{
    if (a->nflags != b->nflags)
        return false;
    for (uint32_t i = 0; i < a->nflags; i++) {
        bool found = false;
        for (uint32_t k = 0; k < b->nflags && !found; k++)
            found = strcmp(a->flags[i].name.ptr, b->flags[k].name.ptr) == 0 &&
                    ((!a->flags[i].value.ptr && !b->flags[k].value.ptr) ||
                     (a->flags[i].value.ptr && b->flags[k].value.ptr &&
                      strcmp(a->flags[i].value.ptr, b->flags[k].value.ptr) == 0));
        if (!found)
            return false;
    }
    return true;
}

/* Does one of the RUN's mounts give each RUN a fresh, writable filesystem whose writes are
 * dropped when the RUN ends (tmpfs, or a bind mount with rw)? Joined, the second RUN would
 * see what the first one wrote there. */
static bool fresh_mount(const struct sf_insn *insn)
{
    for (uint32_t i = 0; i < insn->nflags; i++) {
        const char *v = insn->flags[i].value.ptr;
        bool bind = true, rw = false;
        if (strcmp(insn->flags[i].name.ptr, "mount") != 0 || !v)
            continue;
        while (*v) {
            size_t n = strcspn(v, ","), k = 0;
            char key[16];
            const char *eq = memchr(v, '=', n);
            size_t kl = eq ? (size_t)(eq - v) : n;
            const char *val = eq ? eq + 1 : NULL;
            size_t vl = eq ? n - kl - 1 : 0;
            for (; k < kl && k + 1 < sizeof key; k++)
                key[k] = sf__to_lower(v[k]);
            key[k] = '\0';
            if (kl >= sizeof key)
                key[0] = '\0';
            if (strcmp(key, "type") == 0)
                bind = val && vl == 4 && strncmp(val, "bind", 4) == 0;
            if (strcmp(key, "type") == 0 && val && vl == 5 && strncmp(val, "tmpfs", 5) == 0)
                return true;
            if ((strcmp(key, "rw") == 0 || strcmp(key, "readwrite") == 0) &&
                !(val && vl == 5 && sf__to_lower(val[0]) == 'f'))
                rw = true;
            if ((strcmp(key, "ro") == 0 || strcmp(key, "readonly") == 0) && val && vl == 5 &&
                sf__to_lower(val[0]) == 'f')
                rw = true;
            v += n;
            if (*v == ',')
                v++;
        }
        if (bind && rw)
            return true;
    }
    return false;
}

static void report_row(struct sf_check *ck, uint32_t first, uint32_t end)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    uint32_t n = end - first;
    sf__merge_part *parts = sf__arena_alloc(a, n * sizeof(*parts));
    struct sf_finding *f;
    const char *why = NULL;
    size_t merged = 0;

    f = sf__report(ck, &doc->insns[first], doc->insns[first].span.start, doc->insns[end - 1].span.end,
                   "%u consecutive RUN instructions make %u layers; they can share one", n, n);
    if (!f || !parts)
        return;
    sf__fix_begin(ck, f, SF_FIX_SAFE, "merge the RUN instructions into one");
    for (uint32_t i = 0; i < n; i++)
        sf__merge_analyze(&parts[i], ck, &doc->insns[first + i], i + 1 == n);
    for (uint32_t i = 0; i < n; i++)
        if (fresh_mount(&doc->insns[first + i])) {
            parts[i].wrap = SF_MERGE_NO;
            parts[i].why_not = "its --mount (tmpfs or read-write bind) starts empty in every RUN";
        }
    /* merge every stretch of joinable RUNs: a RUN that cannot be joined splits the row, one
     * that can only come last (errexit) ends its stretch */
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        if (parts[i].wrap == SF_MERGE_NO) {
            if (!why)
                why = parts[i].why_not;
            i++;
            continue;
        }
        while (j < n && parts[j].wrap != SF_MERGE_NO && !parts[j].last_only)
            j++;
        if (j < n && parts[j].wrap != SF_MERGE_NO)
            j++; /* the last_only part closes the stretch */
        if (j < n && parts[j - 1].last_only && !why)
            why = parts[j - 1].why_last;
        /* the last RUN of a stretch is followed by nothing that could see its state */
        if (j - i >= 2) {
            sf__merge_analyze(&parts[j - 1], ck, &doc->insns[first + j - 1], true);
            sf__merge_edits(ck, f, parts + i, j - i);
            merged += j - i;
        }
        i = j;
    }
    if (merged == 0)
        sf__fix_cancel(f);
    else if (why)
        f->fix_title = sf__arena_printf(sf__finding_arena(ck), "merge the RUN instructions that can be merged (one cannot be joined because %s)", why);
    if (merged == 0 && why)
        f->message = sf__arena_printf(sf__finding_arena(ck), "%s (no automatic fix: a RUN cannot be joined because %s)", f->message, why);
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;
    uint32_t i = 0;

    while (i < doc->ninsns) {
        uint32_t j = i + 1;
        const struct sf_insn *a = &doc->insns[i];
        if (a->kind != SF_INSN_RUN || a->stage < 0) {
            i++;
            continue;
        }
        while (j < doc->ninsns && doc->insns[j].kind == SF_INSN_RUN && doc->insns[j].stage == a->stage &&
               same_flags(a, &doc->insns[j]))
            j++;
        if (j - i >= 2)
            report_row(ck, i, j);
        i = j;
    }
}

const struct sf_rule sf_rule_consecutive_run = {
    "consecutive-run",
    SF_SEV_INFO,
    "Consecutive RUN instructions each add a layer",
    "# consecutive-run\n"
    "\n"
    "Every RUN makes a layer. Files that one RUN creates and a later one deletes stay in the\n"
    "first layer; metadata changes copy whole files into the next layer; and each layer costs\n"
    "a snapshot at build time and a download at pull time. Two or more RUN instructions in a\n"
    "row in the same stage are reported once per row, from the first line of the first RUN to\n"
    "the last line of the last.\n"
    "\n"
    "What counts as a row: blank lines and comments between the RUNs do not break it; any other\n"
    "instruction does (ENV and ARG included, since they change what the next RUN sees), and so\n"
    "does a new stage. RUNs whose flags differ (`--mount`, `--network`, `--security`, ...) are\n"
    "not grouped: they cannot share one RUN. Exec-form RUNs count.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN apk add --no-cache curl\n"
    "# fetch the tool\n"
    "RUN curl -fsSL -o /usr/local/bin/tool https://example.com/tool\n"
    "RUN chmod +x /usr/local/bin/tool\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN apk add --no-cache curl \\\n"
    "# fetch the tool\n"
    "    && curl -fsSL -o /usr/local/bin/tool https://example.com/tool \\\n"
    "    && chmod +x /usr/local/bin/tool\n"
    "```\n"
    "\n"
    "## Fix (safe)\n"
    "\n"
    "The row is merged into the first RUN, one command per continuation line, so that every\n"
    "command behaves exactly as it did in its own RUN:\n"
    "\n"
    "- each RUN starts in a fresh shell in the stage's WORKDIR, so a RUN that changes shell state\n"
    "  (`cd`, `export` or any variable, also `${X:=v}`, `$((X=1))`, a `for` loop variable or\n"
    "  bash `printf -v`, `set` options, `umask`, `trap`, `alias`, functions,\n"
    "  `exec`, `exit`) is wrapped in a subshell `( ... )` so the change cannot reach the next one;\n"
    "- a RUN made of several `;`-separated commands is grouped `{ ...; }` so that `&&` applies to\n"
    "  its exit status as a whole; `A && B` stops at the first failing RUN, as the build did;\n"
    "- a trailing `# comment` would swallow everything joined after it (BuildKit joins\n"
    "  continuation lines), so it moves to a comment line of its own inside the continuation,\n"
    "  where BuildKit drops it; comments between the RUNs stay next to the command they\n"
    "  described; blank lines between them are dropped (BuildKit warns about empty\n"
    "  continuation lines);\n"
    "- exec-form RUNs are converted to shell form with exact quoting (`[\"echo\", \"a b\"]` becomes\n"
    "  `echo 'a b'`), and only when the stage's SHELL is a POSIX shell; the file's escape\n"
    "  character (backslash or backtick) and line endings (LF or CRLF) are kept.\n"
    "\n"
    "- `&&` switches errexit off in what precedes it, so a RUN that runs `set -e` (or, under a\n"
    "  SHELL with `-e`, any RUN with more than one and-or list or a compound command) is only\n"
    "  merged as the last of its group; a RUN whose list uses `||` is grouped when something\n"
    "  precedes it (`P && a || b` would run `b` when `P` fails); `eval`, `ulimit` and\n"
    "  assignments before special builtins count as state changes.\n"
    "\n"
    "No fix is offered for RUNs that start background jobs (`&`, also inside `( )`) or services\n"
    "(`service x start`, `/etc/init.d/x start`: the end of the RUN stops them), use heredocs, have\n"
    "shell syntax problems, end with a lone backslash, mount a tmpfs or a read-write bind (each\n"
    "RUN gets it empty, so joined RUNs would see each other's writes there), run exec-form\n"
    "programs the shell would replace by a builtin\n"
    "(`[\"echo\", ...]`), or run under a non-POSIX SHELL (including the `cmd` default of Windows\n"
    "base images); such a RUN splits the row and the RUNs around it are merged where possible. The build proves it: `tests/e2e` builds both Dockerfiles with\n"
    "buildah and compares every file, mode and owner of the final image.\n",
    0,
    SF_FIX_SAFE,
    "DL3059",
    NULL,
    check,
};
