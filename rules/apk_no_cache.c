/* apk-no-cache: `apk add` / `apk update` / `apk upgrade` leaving the package index in
 * /var/cache/apk in the layer. */
#include "rule.h"

#define MAX_RM 64
#define APK_CACHE "/var/cache/apk"
#define MOUNT_TEXT "--mount=type=cache,target=/var/cache/apk"

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

/* Does command c remove the index files in `dir` (rm of dir, dir/<glob> or a parent)? */
static bool removes_cache(sf__arena *a, const sf__sh_cmdinfo *c, const char *dir)
{
    sf__sh_fileop rm;

    if (sf__cache_script_word_removes(c, dir))
        return true;
    /* the index is stored as plain files APKINDEX.<hash>.tar.gz */
    return sf__sh_rm(&rm, a, c) && sf__cache_rm_removes(a, c, &rm, dir, "APKINDEX.d8b2a6f4.tar.gz", true);
}

#define MAX_HITS 32

static void check_run(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    sf__cache_hit hits[MAX_HITS];
    const char *subs[MAX_HITS];    /* the subcommand of each hit */
    uint32_t n = 0, start = 0, end = 0;
    bool covered, touched, etc_covered, etc_touched, clean = true, all_default = true, fixable = true;
    const char *shown = NULL;
    const sf__sh *rm_sh[MAX_RM];   /* commands removing the default cache, found once */
    uint32_t rm_at[MAX_RM], nrm = 0;
    bool rm_known = false, rm_overflow = false;
    char names[128] = "";
    size_t used = 0;
    struct sf_finding *f;

    if (!sh || !sf__cache_posix_shell(doc, insn))
        return;
    sf__cache_mounts_at(doc, a, insn, APK_CACHE, &covered, &touched);
    /* apk keeps its cache in /etc/apk/cache instead when that directory exists */
    sf__cache_mounts_at(doc, a, insn, "/etc/apk/cache", &etc_covered, &etc_touched);
    if (covered || etc_covered)
        return;
    for (const sf__sh *s = sh; s; s = s->next) {
        clean = clean && !s->ndiags && !s->truncated;
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sf__sh_cmdinfo *c = &s->cmds[k];
            sf__sh_apk_info apk;
            const char *dir;
            bool removed = false;
            if (!sf__sh_apk(&apk, a, c) || !apk.sub || apk.no_cache || apk.opts.dynamic ||
                !writes_index(apk.sub))
                continue;
            dir = apk_cache_dir(a, &apk);
            if (!dir)
                continue;
            /* a removal later in the RUN: the commands that remove the default cache are found
             * once per RUN (a long && chain of apk commands stays linear) */
            if (strcmp(dir, APK_CACHE) == 0) {
                if (!rm_known) {
                    rm_known = true;
                    for (const sf__sh *t = sh; t; t = t->next)
                        for (uint32_t j = 0; j < t->ncmds; j++)
                            if (nrm < MAX_RM && removes_cache(a, &t->cmds[j], APK_CACHE)) {
                                rm_sh[nrm] = t;
                                rm_at[nrm++] = j;
                            } else if (nrm == MAX_RM) {
                                rm_overflow = true;
                            }
                }
                for (uint32_t r = 0; r < nrm && !removed; r++)
                    removed = sf__cache_runs_after(sh, s, k, rm_sh[r], rm_at[r]);
                if (rm_overflow)
                    removed = true; /* too many removals to track: assume one follows */
            } else {
                for (const sf__sh *t = sh; t && !removed; t = t->next)
                    for (uint32_t j = 0; j < t->ncmds && !removed; j++)
                        removed = sf__cache_runs_after(sh, s, k, t, j) && removes_cache(a, &t->cmds[j], dir);
            }
            if (removed || !sf__cache_stage_ships(doc, a, insn->stage, dir))
                continue;
            if (n == MAX_HITS) {
                fixable = false;
                continue;
            }
            sf__cache_range_add(s, c, n == 0, &start, &end);
            hits[n].sh = s;
            hits[n].c = c;
            hits[n].word = apk.opts.operands[0];
            subs[n] = apk.sub;
            if (!shown)
                shown = dir;
            /* mount mode only for the default /var/cache/apk (no --root / --cache-dir) */
            all_default = all_default && strcmp(dir, APK_CACHE) == 0;
            /* name each subcommand once in the message */
            {
                bool seen = false;
                for (uint32_t i = 0; i < n; i++)
                    seen = seen || strcmp(subs[i], apk.sub) == 0;
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
        sf__cache_fix_mount(ck, f, insn, "keep /var/cache/apk in a cache mount", " " MOUNT_TEXT);
    else
        sf__cache_fix_flag(ck, f, "add --no-cache to apk", hits, n, " --no-cache");
}

static void check(struct sf_check *ck)
{
    sf__cache_each_run(ck, check_run);
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
