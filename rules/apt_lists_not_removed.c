/* apt-lists-not-removed: `apt-get update` in a RUN that keeps /var/lib/apt/lists in its layer. */
#include "rule.h"

#include "ascii.h"

#define LISTS "/var/lib/apt/lists"
#define RM_TEXT "rm -rf /var/lib/apt/lists/*"
#define MOUNT_TEXT "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"

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

/* Is command c a removal of the lists (rm, find -delete, apt-get distclean)? */
static bool removes_lists(sf__arena *a, const sf__sh_cmdinfo *c)
{
    sf__sh_fileop rm;
    sf__sh_apt_info apt;

    if (script_word_removes(c, LISTS))
        return true;
    if (sf__sh_rm(&rm, a, c)) {
        for (uint32_t k = 0; k < rm.npaths; k++) {
            const sf__sh_arg *arg = &c->argv[rm.paths[k]];
            const char *p;
            if (arg->dynamic || arg->value[0] != '/')
                continue;
            p = sf__path_clean(a, arg->value);
            /* the lists are plain files (plus partial/ and lock) */
            if (p && rm_covers(p, LISTS, "deb.debian.org_debian_dists_stable_InRelease", rm.recursive, true))
                return true;
        }
        return false;
    }
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
        if (in->stage < 0 || !chain_has(doc, in->stage, st))
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

/* Add a locked cache mount on the lists to the RUN (and a syntax directive when missing). */
static void fix_mount(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;

    sf__fix_begin(ck, f, SF_FIX_SAFE, "keep /var/lib/apt/lists in a cache mount");
    sf__fix_edit(ck, f, insn->kw.end, insn->kw.end, " " MOUNT_TEXT, SIZE_MAX);
    if (!has_syntax_directive(doc)) {
        uint32_t at = doc->has_bom ? 3 : 0;
        char line[64];
        snprintf(line, sizeof line, "# syntax=docker/dockerfile:1%s", sf__doc_eol_at(doc, at));
        sf__fix_edit(ck, f, at, at, line, SIZE_MAX);
    }
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

    if (!sh || !posix_shell(doc, insn))
        return;
    /* the update commands not followed by a removal */
    for (const sf__sh *s = sh; s; s = s->next) {
        for (uint32_t k = 0; k < s->ncmds; k++) {
            sf__sh_apt_info apt;
            uint32_t cs, ce;
            bool removed = false;
            if (!sf__sh_apt(&apt, a, &s->cmds[k]) || !apt.sub || strcmp(apt.sub, "update") != 0)
                continue;
            for (const sf__sh *t = sh; t && !removed; t = t->next)
                for (uint32_t j = 0; j < t->ncmds && !removed; j++)
                    removed = runs_after(sh, s, k, t, j) && removes_lists(a, &t->cmds[j]);
            if (removed)
                continue;
            cmd_range(s, &s->cmds[k], &cs, &ce);
            if (count == 0 || cs < start)
                start = cs;
            if (ce > end)
                end = ce;
            if (count < 2)
                names[count] = apt.tool;
            count++;
        }
    }
    if (!count)
        return;
    mounts_at(doc, a, insn, LISTS, &covered, &touched);
    if (covered || !stage_ships(doc, a, insn->stage, LISTS))
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
        fix_mount(ck, f, insn);
        return;
    }
    fixed = fix_delete(ck, f, insn, sh);
    SF_UNUSED(fixed);
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
