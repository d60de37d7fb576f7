/* pip-no-cache-dir: `pip install` keeping its HTTP and wheel cache in the layer. */
#include "rule.h"

#include "ascii.h"

#define UNKNOWN_HOME "/~"      /* stands for a home directory we cannot name */

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

/* ------------------------------------------------------------------ environment */

/* Value of a raw ENV/ARG value: surrounding quotes removed; NULL when it uses a variable. */
static const char *raw_value(sf__arena *a, const char *v, size_t n)
{
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    if (sf__has_variable(v, n))
        return NULL;
    return sf__arena_strndup(a, v, n);
}

/* The stage whose image a RUN runs in, and the index before which its instructions apply.
 * ONBUILD triggers run in a child build on top of the whole stage. */
static int run_stage(const struct sf_doc *doc, const struct sf_insn *insn, uint32_t *upto)
{
    const struct sf_insn *top = insn->parent ? insn->parent : insn;
    int st = top->stage;

    if (st >= 0 && (uint32_t)st < doc->nstages)
        *upto = insn->parent ? doc->stages[st].last + 1 : top->index;
    return st;
}

/* Is variable `name` set for a RUN by ENV (this stage before it, then its FROM ancestors) or
 * by an ARG with a default declared before it in the stage (ENV wins over ARG)? *val gets the
 * value, NULL when it holds a variable. */
static bool env_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                   const char *name, const char **val)
{
    uint32_t upto = 0, first_upto;
    int st = run_stage(doc, insn, &upto), first = st;
    size_t n = strlen(name);

    first_upto = upto;
    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind != SF_INSN_ENV || in->nargs % 3 != 0)
                continue;
            for (uint32_t k = in->nargs; k >= 3; k -= 3) { /* the last assignment wins */
                const sf__arg *key = &in->args[k - 3], *v = &in->args[k - 2];
                if (key->text.len == n && memcmp(key->text.ptr, name, n) == 0) {
                    *val = raw_value(a, v->text.ptr, v->text.len);
                    return true;
                }
            }
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    if (first < 0 || insn->parent)
        return false; /* ARG values do not reach a child build */
    for (uint32_t i = first_upto; i > doc->stages[first].from + 1; i--) {
        const struct sf_insn *in = &doc->insns[i - 1];
        if (in->kind != SF_INSN_ARG)
            continue;
        for (uint32_t k = 0; k < in->nargs; k++) {
            const char *w = in->args[k].text.ptr;
            if (w && in->args[k].text.len > n && memcmp(w, name, n) == 0 && w[n] == '=') {
                *val = raw_value(a, w + n + 1, in->args[k].text.len - n - 1);
                return true;
            }
        }
    }
    return false;
}

/* The USER in effect for a RUN ("" when no USER is visible: the base image's, usually root);
 * NULL when it holds a variable. */
static const char *user_at(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn)
{
    uint32_t upto = 0;
    int st = run_stage(doc, insn, &upto);

    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind == SF_INSN_USER && in->nargs)
                return raw_value(a, in->args[0].text.ptr, in->args[0].text.len);
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    return "";
}

static bool user_is_root(const char *u)
{
    size_t n = strcspn(u, ":");

    return n == 0 || (n == 4 && memcmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* A pip configuration file may set no-cache-dir: a COPY/ADD of pip.conf / pip.ini, a RUN
 * writing one or running `pip config`, or PIP_CONFIG_FILE. We cannot read it: stay quiet. */
static bool pip_configured(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn)
{
    uint32_t upto = 0;
    int st = run_stage(doc, insn, &upto);
    const char *v;

    if (env_at(doc, a, insn, "PIP_CONFIG_FILE", &v))
        return true;
    if (insn->rest.ptr && (strstr(insn->rest.ptr, "no-cache-dir") || strstr(insn->rest.ptr, "no_cache_dir")) &&
        (strstr(insn->rest.ptr, "pip.conf") || strstr(insn->rest.ptr, "config set")))
        return true;
    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops <= doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        for (uint32_t i = upto; i > s->from + 1; i--) {
            const struct sf_insn *in = &doc->insns[i - 1];
            if (in->kind == SF_INSN_COPY || in->kind == SF_INSN_ADD) {
                for (uint32_t k = 0; k < in->nargs; k++)
                    if (in->args[k].text.ptr &&
                        (strstr(in->args[k].text.ptr, "pip.conf") || strstr(in->args[k].text.ptr, "pip.ini")))
                        return true;
            } else if (in->kind == SF_INSN_RUN && in->rest.ptr &&
                       (strstr(in->rest.ptr, "no-cache-dir") || strstr(in->rest.ptr, "no_cache_dir")) &&
                       (strstr(in->rest.ptr, "pip.conf") || strstr(in->rest.ptr, "config set"))) {
                return true;
            }
        }
        st = s->base_stage;
        if (st >= 0)
            upto = doc->stages[st].last + 1;
    }
    return false;
}

/* Is `name` set by an `export NAME=...` (or `export NAME`) before command k of script s?
 * *val gets the value, NULL when dynamic or unknown. */
static bool exported_before(const sf__sh *s, uint32_t k, const char *name, const char **val)
{
    size_t n = strlen(name);
    bool found = false;

    for (uint32_t e = 0; e < s->neffects; e++) {
        const sf__sh_effect *ef = &s->effects[e];
        const sf__sh_cmdinfo *c;
        if (ef->kind != SF_SH_EFF_VAR || ef->cmd >= k || !ef->name || ef->nlen != n ||
            memcmp(ef->name, name, n) != 0)
            continue;
        c = &s->cmds[ef->cmd];
        if (!sf__sh_cmd_is(c, "export"))
            continue;
        found = true;
        *val = NULL;
        for (uint32_t i = c->name_idx + 1; i < c->argc; i++) {
            const sf__sh_arg *w = &c->argv[i];
            if ((w->wflags & SF_SH_W_ASSIGN) && w->word && w->word->name_len == n && !w->dynamic &&
                memcmp(w->value, name, n) == 0 && w->value[n] == '=')
                *val = w->value + n + 1;
        }
    }
    return found;
}

/* Is `name` set in the command's own environment (prefix assignment, env wrapper)? */
static bool cmd_env(const sf__sh_cmdinfo *c, const char *name, const char **val)
{
    size_t n = strlen(name);

    for (const sf__sh_word *w = c->cmd->assigns; w; w = w->next)
        if (w->name_len == n && w->value && memcmp(w->value, name, n) == 0 && w->value[n] == '=') {
            *val = (w->flags & SF_SH_W_DYNAMIC) ? NULL : w->value + n + 1;
            return true;
        }
    for (uint32_t i = 0; i < c->name_idx && i < c->argc; i++) {
        const sf__sh_arg *w = &c->argv[i];
        if ((w->wflags & SF_SH_W_ASSIGN) && w->word && w->word->name_len == n &&
            memcmp(w->value, name, n) == 0 && w->value[n] == '=') {
            *val = w->dynamic ? NULL : w->value + n + 1;
            return true;
        }
    }
    return false;
}

/* Variable for command k of s: its own environment, an earlier export, then ENV/ARG. */
static bool var_for(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                    const sf__sh *s, uint32_t k, const char *name, const char **val)
{
    return cmd_env(&s->cmds[k], name, val) || exported_before(s, k, name, val) ||
           env_at(doc, a, insn, name, val);
}

/* ------------------------------------------------------------------ the cache */

/* Absolute form of a path with `~` or $HOME replaced by home; NULL when unknown. */
static const char *home_path(sf__arena *a, const char *p, const char *home)
{
    const char *rest = NULL;

    if (p[0] == '~' && (p[1] == '/' || p[1] == '\0'))
        rest = p + 1;
    else if (strncmp(p, "$HOME", 5) == 0 && (p[5] == '/' || p[5] == '\0'))
        rest = p + 5;
    else if (strncmp(p, "${HOME}", 7) == 0 && (p[7] == '/' || p[7] == '\0'))
        rest = p + 7;
    if (rest) {
        if (sf__has_variable(rest, strlen(rest)))
            return NULL;
        return sf__path_clean(a, sf__arena_printf(a, "%s/%s", home, rest));
    }
    if (p[0] != '/' || sf__has_variable(p, strlen(p)))
        return NULL;
    return sf__path_clean(a, p);
}

/* Where pip caches for command k of s (see the rule's doc), or NULL when a variable hides it.
 * *home receives the home directory (UNKNOWN_HOME when we cannot name it). */
static const char *cache_dir(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn,
                             const sf__sh *s, uint32_t k, const sf__sh_pip_info *pip, const char *user,
                             const char **home)
{
    const sf__sh_opt *o = sf__sh_opts_find(&pip->opts, "cache-dir");
    const char *v = NULL;

    *home = user && user_is_root(user) ? "/root" : UNKNOWN_HOME;
    if (var_for(doc, a, insn, s, k, "HOME", &v))
        *home = v && v[0] == '/' ? sf__path_clean(a, v) : NULL;
    if (!*home)
        return NULL;
    if (o)
        return o->value && !o->value_dynamic ? home_path(a, o->value, *home) : NULL;
    if (var_for(doc, a, insn, s, k, "PIP_CACHE_DIR", &v))
        return v ? home_path(a, v, *home) : NULL;
    if (var_for(doc, a, insn, s, k, "XDG_CACHE_HOME", &v))
        return v ? home_path(a, sf__arena_printf(a, "%s/pip", v), *home) : NULL;
    return sf__path_clean(a, sf__arena_printf(a, "%s/.cache/pip", *home));
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
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

/* Does command c empty the pip cache `dir`: `pip cache purge`, or an rm of the directory, its
 * contents, or a parent up to the home? With an unknown home any `.../.cache[/pip]` counts,
 * except below /root when the USER (non-NULL: static, so not root here) is known. */
static bool purges(sf__arena *a, const sf__sh_cmdinfo *c, const char *dir, const char *home,
                   const char *user)
{
    sf__sh_pip_info pip;
    sf__sh_fileop rm;
    bool unknown_home = strcmp(home, UNKNOWN_HOME) == 0;

    if (script_word_removes(c, "/.cache") || script_word_removes(c, "pip cache purge"))
        return true;
    if (sf__sh_pip(&pip, a, c))
        return pip.sub && pip.sub2 && strcmp(pip.sub, "cache") == 0 && strcmp(pip.sub2, "purge") == 0;
    if (!sf__sh_rm(&rm, a, c))
        return false;
    for (uint32_t k = 0; k < rm.npaths; k++) {
        const sf__sh_arg *arg = &c->argv[rm.paths[k]];
        const char *p = home_path(a, arg->value, home);
        if (!p)
            continue;
        /* the cache holds directories (http/, wheels/, selfcheck/): removing them needs -r */
        if (rm_covers(p, dir, "http", rm.recursive, false))
            return true;
        /* (root's home is not the home of a USER we know to be someone else) */
        if (unknown_home && rm.recursive && !(user && sf__path_under(p, "/root")) &&
            (ends_with(p, "/.cache") || ends_with(p, "/.cache/pip") || ends_with(p, "/.cache/pip/*")))
            return true;
    }
    return false;
}

/* Is the cache out of the layer thanks to a cache/tmpfs mount? *touched: a mount sits on it. */
static bool mounted(const struct sf_doc *doc, sf__arena *a, const struct sf_insn *insn, const char *dir,
                    const char *user, bool *touched)
{
    bool covered = false, t = false;

    *touched = false;
    if (strncmp(dir, UNKNOWN_HOME "/", 3) == 0) {
        /* the home is unknown: /root and /home/<user> are the usual places */
        const char *rest = dir + 2;
        mounts_at(doc, a, insn, sf__arena_printf(a, "/root%s", rest), &covered, &t);
        *touched = t;
        if (!covered && user && user[0] && !strchr(user, ':') && !sf__is_digit((unsigned char)user[0])) {
            mounts_at(doc, a, insn, sf__arena_printf(a, "/home/%s%s", user, rest), &covered, &t);
            *touched = *touched || t;
        }
        return covered;
    }
    mounts_at(doc, a, insn, dir, &covered, touched);
    return covered;
}

/* ------------------------------------------------------------------ check */

typedef struct hit {
    const sf__sh *sh;
    const sf__sh_cmdinfo *c;
    uint32_t sub_idx;          /* argv index of `install` */
} hit;

#define MAX_HITS 32

/* The way the command names pip, for the message ("pip3", "python3 -m pip"). */
static const char *pip_spelling(sf__arena *a, const sf__sh_cmdinfo *c, const sf__sh_pip_info *pip)
{
    if (pip->pip_idx != c->name_idx && c->name)
        return sf__arena_printf(a, "%s -m pip", c->name);
    return c->name ? c->name : "pip";
}

static void check_run(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const sf__sh *sh = sf__check_shell(ck, insn);
    const char *user, *shown = NULL, *mount_dir = NULL;
    hit hits[MAX_HITS];
    uint32_t n = 0, start = 0, end = 0;
    bool clean = true, fixable = true, mountable = true, same_dir = true;
    char names[160] = "";
    size_t used = 0;
    struct sf_finding *f;

    if (!sh || !posix_shell(doc, insn))
        return;
    user = user_at(doc, a, insn);
    for (const sf__sh *s = sh; s; s = s->next) {
        clean = clean && !s->ndiags && !s->truncated;
        for (uint32_t k = 0; k < s->ncmds; k++) {
            const sf__sh_cmdinfo *c = &s->cmds[k];
            sf__sh_pip_info pip;
            const char *dir, *home, *v = NULL, *spelled;
            bool purged = false, touched;
            uint32_t cs, ce;
            if (!sf__sh_pip(&pip, a, c) || !pip.sub || strcmp(pip.sub, "install") != 0 ||
                pip.no_cache_dir || pip.bad_no_cache_value || pip.opts.dynamic)
                continue;
            if (var_for(doc, a, insn, s, k, "PIP_NO_CACHE_DIR", &v) && (!v || v[0]))
                continue;
            dir = cache_dir(doc, a, insn, s, k, &pip, user, &home);
            if (!dir || pip_configured(doc, a, insn))
                continue;
            for (const sf__sh *t = sh; t && !purged; t = t->next)
                for (uint32_t j = 0; j < t->ncmds && !purged; j++)
                    purged = runs_after(sh, s, k, t, j) && purges(a, &t->cmds[j], dir, home, user);
            if (purged || mounted(doc, a, insn, dir, user, &touched) ||
                !stage_ships(doc, a, insn->stage, dir))
                continue;
            if (n == MAX_HITS) {
                fixable = false;
                continue;
            }
            /* mount mode needs root and a cache path we can name */
            if (touched || !user || !user_is_root(user) || strncmp(dir, UNKNOWN_HOME "/", 3) == 0)
                mountable = false;
            if (mount_dir && strcmp(mount_dir, dir) != 0)
                same_dir = false;
            mount_dir = dir;
            if (!shown)
                shown = strncmp(dir, UNKNOWN_HOME "/", 3) == 0 ? sf__arena_printf(a, "~%s", dir + 2) : dir;
            cmd_range(s, c, &cs, &ce);
            if (n == 0 || cs < start)
                start = cs;
            if (ce > end)
                end = ce;
            hits[n].sh = s;
            hits[n].c = c;
            hits[n].sub_idx = pip.opts.operands[0];
            spelled = sf__arena_printf(a, "`%s install`", pip_spelling(a, c, &pip));
            if (spelled && !strstr(names, spelled) && used + strlen(spelled) + 3 < sizeof names)
                used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "",
                                         spelled);
            n++;
        }
    }
    if (!n)
        return;
    f = sf__report(ck, insn, start, end,
                   "%s %s downloaded packages and built wheels in %s in this layer: use "
                   "`--no-cache-dir`",
                   names, strchr(names, ',') ? "keep" : "keeps", shown ? shown : "the pip cache");
    if (!f || insn->bad || !clean || !fixable)
        return;
    if (ck->cache_fix == SF_CACHE_FIX_MOUNT && mountable && same_dir && mount_dir) {
        const char *flag = sf__arena_printf(a, " --mount=type=cache,target=%s", mount_dir);
        sf__fix_begin(ck, f, SF_FIX_SAFE, "keep the pip cache in a cache mount");
        if (flag)
            sf__fix_edit(ck, f, insn->kw.end, insn->kw.end, flag, SIZE_MAX);
        if (!has_syntax_directive(doc)) {
            uint32_t at = doc->has_bom ? 3 : 0;
            char line[64];
            snprintf(line, sizeof line, "# syntax=docker/dockerfile:1%s", sf__doc_eol_at(doc, at));
            sf__fix_edit(ck, f, at, at, line, SIZE_MAX);
        }
        return;
    }
    sf__fix_begin(ck, f, SF_FIX_SAFE, "add --no-cache-dir to pip install");
    for (uint32_t i = 0; i < n; i++) {
        const sf__sh_arg *w = &hits[i].c->argv[hits[i].sub_idx];
        uint32_t at = sf__sh_src_offset(hits[i].sh, w->span.end - 1) + 1;
        sf__fix_edit(ck, f, at, at, " --no-cache-dir", SIZE_MAX);
    }
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

const struct sf_rule sf_rule_pip_no_cache_dir = {
    "pip-no-cache-dir",
    SF_SEV_WARNING,
    "`pip install` without `--no-cache-dir` keeps its cache in the layer",
    "# pip-no-cache-dir\n"
    "\n"
    "`pip install` stores every downloaded archive and every wheel it builds in its cache\n"
    "(`~/.cache/pip`, `/root/.cache/pip` for root). In an image nothing ever reuses it, yet it\n"
    "is stored in the RUN's layer: often as large as the installed packages themselves (tens to\n"
    "hundreds of MB for numpy, torch and friends).\n"
    "\n"
    "The rule reports each RUN (also `ONBUILD RUN`, `sh -c` strings and `RUN <<EOF` scripts)\n"
    "with a `pip install`, `pip3 install`, `pip3.12 install` or `python[3[.x]] -m pip install`\n"
    "unless one of these keeps the cache out of the layer:\n"
    "\n"
    "- `--no-cache-dir` (or a unique prefix such as `--no-cache`, as pip accepts);\n"
    "- `PIP_NO_CACHE_DIR` with a non-empty value (pip treats any value, even `0` or `false`,\n"
    "  as \"no cache\"): set for the command (`PIP_NO_CACHE_DIR=1 pip ...`, `env ...`), exported\n"
    "  earlier in the same RUN, set by ENV earlier in the stage or in a stage it is built\n"
    "  `FROM`, or by an ARG with a default declared in the stage (an ARG without a default is\n"
    "  empty in a plain build, so it does not count);\n"
    "- a cache or tmpfs mount on the cache directory or a parent (`/root/.cache`);\n"
    "- after the install, in the same RUN: `pip cache purge`, or `rm -r` of the cache directory,\n"
    "  its contents or a parent up to the home (`~/.cache`, `$HOME/.cache`, `/root/.cache`),\n"
    "  also inside a script string the parser cannot open (`su app -c \"...$X...\"`).\n"
    "\n"
    "The cache directory is worked out the way pip does: `--cache-dir`, else `PIP_CACHE_DIR`,\n"
    "else `$XDG_CACHE_HOME/pip`, else `$HOME/.cache/pip`, with HOME from ENV or `/root` when the\n"
    "stage runs as root (no USER, `USER root`, `USER 0`). Under another USER the home is not\n"
    "known: `~/...`, `$HOME/...` and any `.../.cache[/pip]` removal count, and mounts on\n"
    "`/root/.cache/pip` or `/home/<user>/.cache/pip`. A variable in any of these skips the\n"
    "command. A pip configuration file may also disable the cache and cannot be read, so the\n"
    "rule stays quiet after a COPY/ADD of a `pip.conf`/`pip.ini`, a RUN that writes one or runs\n"
    "`pip config set` with `no-cache-dir`, or with PIP_CONFIG_FILE set. `pip download` and\n"
    "`pip wheel` are not checked (they usually run in builder stages), nor `uv pip`, which\n"
    "has its own cache. Builder stages whose cache never reaches the image (not an ancestor of\n"
    "the last stage, not copied out with `COPY --from`; a `$VAR` source is expanded from\n"
    "ENV/ARG, an unknown one counts as copied) and RUNs under a non-POSIX `SHELL` are skipped.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM python:3.12-slim\n"
    "COPY requirements.txt .\n"
    "RUN pip install -r requirements.txt\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM python:3.12-slim\n"
    "COPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "Safe: ` --no-cache-dir` is inserted right after the `install` word of every reported\n"
    "command. pip resolves and installs the same packages; only the cache is not written.\n"
    "\n"
    "With `cache-fix: mount` the fix adds `--mount=type=cache,target=/root/.cache/pip` (or the\n"
    "cache directory PIP_CACHE_DIR / XDG_CACHE_HOME / HOME name) to the RUN instead, and\n"
    "`# syntax=docker/dockerfile:1` when the file has no syntax directive: the cache then\n"
    "survives between builds and never enters the layer. That needs root: the mount is owned by\n"
    "root, so under another USER, with an unknown home, or when a mount already sits on the\n"
    "cache path the `--no-cache-dir` fix is used.\n"
    "\n"
    "No fix is offered when the shell text has syntax errors.\n",
    0,
    SF_FIX_SAFE,
    "DL3042",
    NULL,
    check,
};
