/* apt-lists-not-removed: `apt-get update` in a RUN that keeps /var/lib/apt/lists in its layer. */
#include "rule.h"

#include "ascii.h"

#define LISTS "/var/lib/apt/lists"
#define RM_TEXT "rm -rf /var/lib/apt/lists/*"
#define MAX_RM 64
#define MOUNT_TEXT "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"

/* Is command c a removal of the lists (rm, find -delete, apt-get distclean)? */
static bool removes_lists(sf__arena *a, const sf__sh_cmdinfo *c)
{
    sf__sh_fileop rm;
    sf__sh_apt_info apt;

    if (sf__cache_script_word_removes(c, LISTS))
        return true;
    /* the lists are plain files (plus partial/ and lock) */
    if (sf__sh_rm(&rm, a, c))
        return sf__cache_rm_removes(a, c, &rm, LISTS, "deb.debian.org_debian_dists_stable_InRelease", true);
    if (sf__sh_apt(&apt, a, c))
        return apt.sub && (strcmp(apt.sub, "distclean") == 0 || strcmp(apt.sub, "dist-clean") == 0);
    if (sf__sh_cmd_is(c, "find") && c->name_idx + 1 < c->argc) {
        const sf__sh_arg *arg = &c->argv[c->name_idx + 1];
        const char *p;
        bool del = false;
        if (arg->dynamic || arg->value[0] != '/')
            return false;
        p = sf__path_clean(a, arg->value);
        for (uint32_t k = c->name_idx + 2; k < c->argc; k++)
            del = del || sf__sh_arg_is(c, k, "-delete") || sf__sh_arg_is(c, k, "rm");
        return p && del && strcmp(p, "/") != 0 && sf__path_under(LISTS, p);
    }
    return false;
}

/* Does the RUN (shell result chain) use the package lists before refreshing them itself?
 * Such a RUN relies on the lists an earlier layer left behind. */
static bool run_needs_lists(struct sf_check *ck, const struct sf_insn *insn)
{
    static const char *const fresh[] = {"update", "clean", "autoclean", "auto-clean", "remove",
                                        "purge", "autoremove", "auto-remove", "distclean",
                                        "dist-clean", "moo", "help"};
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh;

    if (insn->kind != SF_INSN_RUN)
        return false;
    if (insn->exec_form) { /* no shell analysis: any apt word may need the lists */
        for (uint32_t k = 0; k < insn->nargs; k++)
            if (insn->args[k].text.ptr && strstr(insn->args[k].text.ptr, "apt"))
                return true;
        return false;
    }
    sh = sf__check_shell(ck, insn);
    if (!sh)
        return insn->rest.ptr && strstr(insn->rest.ptr, "apt") != NULL;
    for (const sf__sh *s = sh; s; s = s->next) {
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sf__sh_cmdinfo *c = &s->cmds[k];
            sf__sh_apt_info apt;
            bool ok = false;
            if (sf__sh_cmd_is(c, "apt-cache") || sf__sh_cmd_is(c, "aptitude") ||
                sf__sh_cmd_is(c, "apt-get") || sf__sh_cmd_is(c, "apt")) {
                if (!sf__sh_apt(&apt, a, c) || !apt.sub)
                    return true; /* apt-cache, aptitude, or a dynamic subcommand */
                for (size_t i = 0; i < SF_ARRAY_LEN(fresh); i++)
                    ok = ok || strcmp(apt.sub, fresh[i]) == 0;
                if (!ok)
                    return true;
                if (strcmp(apt.sub, "update") == 0)
                    return false;
            }
        }
    }
    return false;
}

/* The first later RUN (same stage or a stage built FROM it) that relies on the lists, or NULL. */
static const struct sf_insn *later_user(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    int st = insn->stage;

    if (insn->parent || st < 0)
        return NULL; /* ONBUILD: runs in another build, after this stage */
    for (uint32_t i = insn->index + 1; i < doc->ninsns; i++) {
        const struct sf_insn *in = &doc->insns[i];
        if (in->stage < 0 || !sf__stage_chain_has(doc, in->stage, st))
            continue;
        if (in->kind == SF_INSN_FROM)
            continue;
        if (run_needs_lists(ck, in))
            return in;
    }
    return NULL;
}

/* ------------------------------------------------------------------ fixes */

/* Indentation (blanks) of the line holding off. */
static void line_indent(const struct sf_doc *doc, uint32_t off, uint32_t *start, uint32_t *len)
{
    uint32_t ls = doc->src.lines[sf__source_line_index(&doc->src, off)];
    uint32_t e = ls;

    while (e < doc->src.len && sf__is_blank((unsigned char)doc->src.text[e]))
        e++;
    *start = ls;
    *len = e - ls;
}

/* Is the operator at source offset `op_end` the last thing on its line before the escape?
 * (`apt-get update && \` style.) */
static bool op_trails_line(const struct sf_doc *doc, uint32_t op_end)
{
    uint32_t i = op_end;

    while (i < doc->src.len && sf__is_blank((unsigned char)doc->src.text[i]))
        i++;
    if (i >= doc->src.len || doc->src.text[i] != doc->escape)
        return false;
    i++;
    while (i < doc->src.len && sf__is_blank((unsigned char)doc->src.text[i]))
        i++;
    return i >= doc->src.len || doc->src.text[i] == '\n' || doc->src.text[i] == '\r';
}

/* Append the removal after the RUN's last top-level command: inline, or on a continuation
 * line of its own when the RUN spans several lines. False when it cannot be proven safe. */
static bool fix_delete(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *insn,
                       const sf__sh *sh)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh_andor *last = NULL;
    const sf__sh_pipeline *pl, *op_pl = NULL;
    const sf__sh_cmd *lc;
    uint32_t ins;
    const char *text;

    for (const sf__sh *s = sh; s; s = s->next)
        if (s->ndiags || s->truncated)
            return false;
    for (uint32_t k = 0; k < sh->neffects; k++) {
        sf__sh_effect_kind e = sh->effects[k].kind;
        if ((e == SF_SH_EFF_EXIT || e == SF_SH_EFF_EXEC || e == SF_SH_EFF_RETURN) && sh->effects[k].leaks)
            return false; /* the shell may stop before the appended command */
    }
    if (sh->trailing_sep == SF_SH_SEP_AMP || !sh->root)
        return false;
    for (const sf__sh_andor *it = sh->root->items; it; it = it->next)
        last = it;
    if (!last || last->sep == SF_SH_SEP_AMP || !last->pipes || last->span.end <= last->span.start)
        return false;
    for (pl = last->pipes; pl->next; pl = pl->next)
        if (pl->next->op != SF_SH_AO_NONE)
            op_pl = pl->next;
    for (lc = pl->cmds; lc && lc->next; lc = lc->next)
        ;
    if (!lc || lc->kind == SF_SH_FUNCDEF)
        return false;
    ins = sf__sh_src_offset(sh, last->span.end - 1) + 1;
    {
        /* a text ending in a lone backslash (a backtick-escape file) would escape the blank we
         * append and hand apt-get an extra argument */
        uint32_t nb = 0;
        while (nb < ins && doc->src.text[ins - 1 - nb] == '\\')
            nb++;
        if (nb % 2)
            return false;
    }
    if (sh->origin == SF_SH_ORIGIN_REST &&
        sf__source_line_index(&doc->src, insn->rest_span.start) != sf__source_line_index(&doc->src, ins)) {
        uint32_t ls, il;
        const char *eol = sf__doc_eol_at(doc, ins);
        bool trailing = op_pl && op_trails_line(doc, sf__sh_src_offset(sh, op_pl->op_span.end - 1) + 1);
        line_indent(doc, ins, &ls, &il);
        text = trailing ? sf__arena_printf(a, " && %c%s%.*s" RM_TEXT, doc->escape, eol, (int)il,
                                           doc->src.text + ls)
                        : sf__arena_printf(a, " %c%s%.*s&& " RM_TEXT, doc->escape, eol, (int)il,
                                           doc->src.text + ls);
    } else {
        text = " && " RM_TEXT;
    }
    if (!text)
        return false;
    sf__fix_begin(ck, f, SF_FIX_SAFE, "remove /var/lib/apt/lists/* at the end of the RUN");
    sf__fix_edit(ck, f, ins, ins, text, SIZE_MAX);
    return true;
}

/* ------------------------------------------------------------------ check */

static void check_run(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    uint32_t start = 0, end = 0, count = 0;
    const char *names[2] = {NULL, NULL};
    bool covered, touched, fixed;
    const struct sf_insn *user;
    struct sf_finding *f;
    const sf__sh *rm_sh[MAX_RM];
    uint32_t rm_at[MAX_RM], nrm = 0;
    bool rm_known = false, rm_overflow = false;

    if (!sh || !sf__cache_posix_shell(doc, insn))
        return;
    /* the update commands not followed by a removal */
    for (const sf__sh *s = sh; s; s = s->next) {
        for (uint32_t k = 0; k < s->ncmds; k++) {
            sf__sh_apt_info apt;
            bool removed = false;
            if (!sf__sh_apt(&apt, a, &s->cmds[k]) || !apt.sub || strcmp(apt.sub, "update") != 0)
                continue;
            /* the commands that remove the lists are found once per RUN, so a long chain of
             * updates stays linear */
            if (!rm_known) {
                rm_known = true;
                for (const sf__sh *t = sh; t; t = t->next)
                    for (uint32_t j = 0; j < t->ncmds; j++)
                        if (removes_lists(a, &t->cmds[j])) {
                            if (nrm == MAX_RM) {
                                rm_overflow = true;
                                break;
                            }
                            rm_sh[nrm] = t;
                            rm_at[nrm++] = j;
                        }
            }
            for (uint32_t r = 0; r < nrm && !removed; r++)
                removed = sf__cache_runs_after(sh, s, k, rm_sh[r], rm_at[r]);
            removed = removed || rm_overflow;
            if (removed)
                continue;
            sf__cache_range_add(s, &s->cmds[k], count == 0, &start, &end);
            if (count < 2)
                names[count] = apt.tool;
            count++;
        }
    }
    if (!count)
        return;
    sf__cache_mounts_at(doc, a, insn, LISTS, &covered, &touched);
    if (covered || !sf__cache_stage_ships(doc, a, insn->stage, LISTS))
        return;
    user = later_user(ck, insn);
    if (user) {
        sf__report(ck, insn, start, end,
                   "`%s update` leaves the package lists in /var/lib/apt/lists in this layer; the RUN on "
                   "line %u still uses them, so update, install and `" RM_TEXT "` in one RUN",
                   names[0], (unsigned)user->range.start.line);
        return;
    }
    if (count > 1 && strcmp(names[0], names[1]) != 0)
        f = sf__report(ck, insn, start, end,
                       "`%s update` and `%s update` leave the package lists in /var/lib/apt/lists in this "
                       "layer: add `&& " RM_TEXT "` at the end of the same RUN",
                       names[0], names[1]);
    else
        f = sf__report(ck, insn, start, end,
                       "`%s update` leaves the package lists (tens of MB) in /var/lib/apt/lists in this "
                       "layer: add `&& " RM_TEXT "` at the end of the same RUN",
                       names[0]);
    /* a mount on or below the lists: rm would hit it, and a second mount would clash */
    if (!f || insn->bad || touched)
        return;
    if (ck->cache_fix == SF_CACHE_FIX_MOUNT) {
        sf__cache_fix_mount(ck, f, insn, "keep /var/lib/apt/lists in a cache mount", " " MOUNT_TEXT);
        return;
    }
    fixed = fix_delete(ck, f, insn, sh);
    SF_UNUSED(fixed);
}

static void check(struct sf_check *ck)
{
    sf__cache_each_run(ck, check_run);
}

const struct sf_rule sf_rule_apt_lists_not_removed = {
    "apt-lists-not-removed",
    SF_SEV_WARNING,
    "`apt-get update` without removing /var/lib/apt/lists in the same RUN",
    "# apt-lists-not-removed\n"
    "\n"
    "`apt-get update` downloads the package lists of every configured repository into\n"
    "`/var/lib/apt/lists`: 20-50 MB on Debian and Ubuntu. They are only needed while packages\n"
    "are installed. Whatever the RUN leaves there is stored in its layer and shipped with the\n"
    "image; deleting the lists in a later RUN does not help, the bytes stay in the earlier\n"
    "layer. The lists also go stale, so a later `apt-get install` should run its own update.\n"
    "\n"
    "The rule reports a RUN that runs `apt-get update` or `apt update` (also behind `sudo`,\n"
    "`env`, in `sh -c` strings and in `RUN <<EOF` scripts, and in `ONBUILD RUN`) unless, after\n"
    "each update and in the same RUN,\n"
    "\n"
    "- `rm -r` removes `/var/lib/apt/lists`, `/var/lib/apt/lists/*` or a parent directory\n"
    "  (`rm -f /var/lib/apt/lists/*` without `-r` also counts: the lists are files),\n"
    "- `find /var/lib/apt/lists ... -delete` runs, or `apt-get distclean`,\n"
    "- or a script string the parser cannot open (`bash -c \"... ${X} ... rm -rf\n"
    "  /var/lib/apt/lists/*\"`, `su -c`, `eval`) mentions an `rm` of the lists;\n"
    "\n"
    "or the RUN has a cache or tmpfs mount on `/var/lib/apt/lists` or a parent\n"
    "(`--mount=type=cache,target=/var/lib/apt`). `apt-get clean` does not count: it empties\n"
    "`/var/cache/apt/archives`, not the lists.\n"
    "\n"
    "Stages that do not reach the image are skipped: a builder stage is checked only when the\n"
    "last stage is built `FROM` it or a `COPY --from` copies the lists' directory (or a parent)\n"
    "out of it (a source starting with `$VAR` is expanded from ENV/ARG; an unknown one counts as\n"
    "copying). RUNs under a non-POSIX `SHELL` (PowerShell, cmd) are skipped.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM debian:bookworm-slim\n"
    "RUN apt-get update \\\n"
    "    && apt-get install -y --no-install-recommends curl\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM debian:bookworm-slim\n"
    "RUN apt-get update \\\n"
    "    && apt-get install -y --no-install-recommends curl \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "Safe: ` && rm -rf /var/lib/apt/lists/*` is appended after the last command of the RUN, so\n"
    "it runs only when everything before it succeeded and the RUN's exit status is unchanged\n"
    "(the `rm -rf` of a glob always succeeds). A RUN written over several lines gets the removal\n"
    "on a continuation line of its own, with the file's escape character, line ending and\n"
    "indentation, in the `&& \\` style the RUN already uses. In a `RUN <<EOF` script the removal\n"
    "is appended to the line of the last command (a separate line would change the script's exit\n"
    "status). A trailing comment stays after it.\n"
    "\n"
    "With `cache-fix: mount` the fix adds\n"
    "`--mount=type=cache,target=/var/lib/apt/lists,sharing=locked` to the RUN instead (and\n"
    "`# syntax=docker/dockerfile:1` when the file has no syntax directive): apt writes the lists\n"
    "into the cache, which survives between builds and never enters the layer.\n"
    "`sharing=locked` makes parallel builds wait for each other: apt holds a lock inside the\n"
    "lists directory and two builds updating the same shared cache would fail or corrupt it.\n"
    "\n"
    "No fix is offered when a later RUN of the stage (or of a stage built on it) runs\n"
    "`apt-get install` or another command that needs the lists without its own `apt-get\n"
    "update`: removing the lists would break that RUN; move the update into it instead. No fix\n"
    "either when the shell text has syntax errors, ends with `&`, may `exit`/`exec` early, or\n"
    "when the RUN already mounts something on, above or below the lists (the `rm` would hit\n"
    "the mount, a second mount would clash).\n",
    0,
    SF_FIX_SAFE,
    "DL3009",
    NULL,
    check,
};
