/* cacheutil.c - helpers shared by the package-cache rules (see cacheutil.h). */
#include "cacheutil.h"

#include "ascii.h"
#include "rule.h"

/* ------------------------------------------------------------------ stage and RUN context */

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

/* A builder stage whose cache nobody copies costs no image bytes. */
bool sf__cache_stage_ships(const struct sf_doc *doc, sf__arena *a, int st, const char *dir)
{
    if (st < 0 || doc->nstages == 0 || sf__stage_chain_has(doc, (int)doc->nstages - 1, st))
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
        src = in->from_stage; /* resolved once after parsing (sf__doc_link_shells) */
        if (src < 0 || !sf__stage_chain_has(doc, src, st))
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
            if (glob) { /* keep the static directory part (clean is our arena copy) */
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

/* Walks SHELL instructions back through the stage and its FROM ancestors; an ONBUILD RUN sees
 * the SHELL in effect at its ONBUILD. */
bool sf__cache_posix_shell(const struct sf_doc *doc, const struct sf_insn *insn)
{
    static const char *const shells[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh"};
    const struct sf_insn *sh = insn->parent ? insn->parent->shell : insn->shell;
    const char *exe, *base;

    SF_UNUSED(doc);
    if (!sh)
        return true;
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

/* ------------------------------------------------------------------ mounts */

/* Copy field [s, e) of a --mount value without surrounding double quotes. */
static char *mount_field(sf__arena *a, const char *s, const char *e)
{
    if (e - s >= 2 && *s == '"' && e[-1] == '"') {
        s++;
        e--;
    }
    return sf__arena_strndup(a, s, (size_t)(e - s));
}

/* Is f[0..klen) the lower-case key k, compared case-insensitively? */
static bool key_is(const char *f, size_t klen, const char *k)
{
    size_t i = 0;

    if (strlen(k) != klen)
        return false;
    while (i < klen && sf__to_lower((unsigned char)f[i]) == (unsigned char)k[i])
        i++;
    return i == klen;
}

static bool keeps_out_of_layer(const char *type)
{
    return strcmp(type, "cache") == 0 || strcmp(type, "tmpfs") == 0;
}

/* Each --mount value is split on commas into key=value fields; only type and target (dst,
 * destination) matter. The default type is bind. */
void sf__cache_mounts_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
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
            if (keeps_out_of_layer(type))
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
        if (sf__path_under(dir, target) && keeps_out_of_layer(type))
            *covered = true;
    }
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

bool sf__cache_runs_after(const sf__sh *top, const sf__sh *s, uint32_t k, const sf__sh *t, uint32_t j)
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

void sf__cache_range_add(const sf__sh *sh, const sf__sh_cmdinfo *c, bool first, uint32_t *start,
                         uint32_t *end)
{
    uint32_t cs = sf__sh_src_offset(sh, c->cmd->span.start);
    uint32_t ce = c->cmd->span.end > c->cmd->span.start ? sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1
                                                        : cs;

    if (first || cs < *start)
        *start = cs;
    if (first || ce > *end)
        *end = ce;
}

bool sf__cache_rm_covers(const char *pat, const char *dir, const char *sample, bool recursive,
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

/* Operands with a variable or a relative path are skipped: the WORKDIR rarely holds a cache. */
bool sf__cache_rm_removes(sf__arena *a, const sf__sh_cmdinfo *c, const sf__sh_fileop *rm,
                          const char *dir, const char *sample, bool files_ok)
{
    for (uint32_t k = 0; k < rm->npaths; k++) {
        const sf__sh_arg *arg = &c->argv[rm->paths[k]];
        const char *p;
        if (arg->dynamic || arg->value[0] != '/')
            continue;
        p = sf__path_clean(a, arg->value);
        if (p && sf__cache_rm_covers(p, dir, sample, rm->recursive, files_ok))
            return true;
    }
    return false;
}

bool sf__cache_script_word_removes(const sf__sh_cmdinfo *c, const char *what)
{
    for (uint32_t i = c->name_idx + 1; i < c->argc; i++) {
        const char *v = c->argv[i].value;
        const char *w = v ? strstr(v, what) : NULL;
        if (w && (strstr(v, "rm ") || strstr(v, "cache purge")) && strchr(v, ' '))
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ fixes and iteration */

void sf__cache_fix_flag(struct sf_check *ck, struct sf_finding *f, const char *title,
                        const sf__cache_hit *hits, uint32_t n, const char *opt)
{
    sf__fix_begin(ck, f, SF_FIX_SAFE, title);
    for (uint32_t i = 0; i < n; i++) {
        const sf__sh_arg *w = &hits[i].c->argv[hits[i].word];
        uint32_t at = sf__sh_src_offset(hits[i].sh, w->span.end - 1) + 1;
        sf__fix_edit(ck, f, at, at, opt, SIZE_MAX);
    }
}

/* A cache mount needs BuildKit's Dockerfile frontend 1.2+, hence the syntax directive. */
void sf__cache_fix_mount(struct sf_check *ck, struct sf_finding *f, const struct sf_insn *insn,
                         const char *title, const char *flag)
{
    const struct sf_doc *doc = ck->doc;

    sf__fix_begin(ck, f, SF_FIX_SAFE, title);
    if (flag)
        sf__fix_edit(ck, f, insn->kw.end, insn->kw.end, flag, SIZE_MAX);
    if (!sf__doc_has_directive(doc, "syntax")) {
        uint32_t at = doc->has_bom ? 3 : 0;
        char line[64];
        snprintf(line, sizeof line, "# syntax=docker/dockerfile:1%s", sf__doc_eol_at(doc, at));
        sf__fix_edit(ck, f, at, at, line, SIZE_MAX);
    }
}

void sf__cache_each_run(struct sf_check *ck, void (*check_run)(struct sf_check *, const struct sf_insn *))
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
