/* shell_query.c - what rules and the rewriter ask of a parsed shell script: every simple
 * command with its argv (quote removal, wrappers resolved), tool options read the way the
 * tools read them, the shell state a script changes, and bash-only features. */
#include "shell.h"

#include "ascii.h"

/* ---------------------------------------------------------------------------------- */
/* Names */

static const char *const bash_names[SF_SH_BASH__COUNT] = {
    [SF_SH_BASH_DBRACKET] = "[[",
    [SF_SH_BASH_DPAREN] = "((",
    [SF_SH_BASH_LET] = "let",
    [SF_SH_BASH_ARRAY] = "array",
    [SF_SH_BASH_BRACE_EXP] = "brace-expansion",
    [SF_SH_BASH_FUNCTION_KW] = "function-keyword",
    [SF_SH_BASH_SOURCE] = "source",
    [SF_SH_BASH_TEST_EQEQ] = "test-==",
    [SF_SH_BASH_ANSI_C] = "$'...'",
    [SF_SH_BASH_LOCALE] = "$\"...\"",
    [SF_SH_BASH_HERESTRING] = "<<<",
    [SF_SH_BASH_AMP_REDIR] = "&>",
    [SF_SH_BASH_PIPE_AMP] = "|&",
    [SF_SH_BASH_PROCSUB] = "process-substitution",
    [SF_SH_BASH_SUBST_REPLACE] = "${v/a/b}",
    [SF_SH_BASH_SUBSTRING] = "${v:o:l}",
    [SF_SH_BASH_INDIRECT] = "${!v}",
    [SF_SH_BASH_CASE_MOD] = "${v^^}",
    [SF_SH_BASH_SET_OPTION] = "set-option",
    [SF_SH_BASH_DECLARE] = "declare",
    [SF_SH_BASH_SELECT] = "select",
    [SF_SH_BASH_SHOPT] = "shopt",
    [SF_SH_BASH_ECHO_E] = "echo-e",
    [SF_SH_BASH_VAR] = "bash-variable",
    [SF_SH_BASH_PUSHD] = "pushd",
    [SF_SH_BASH_CASE_FALL] = ";&",
};

const char *sf__sh_bashism_name(sf__sh_bashism_kind k)
{
    return (unsigned)k < SF_SH_BASH__COUNT ? bash_names[k] : "?";
}

static const char *const effect_names[SF_SH_EFF__COUNT] = {
    [SF_SH_EFF_CWD] = "cwd", [SF_SH_EFF_VAR] = "var", [SF_SH_EFF_OPTION] = "option",
    [SF_SH_EFF_UMASK] = "umask", [SF_SH_EFF_TRAP] = "trap", [SF_SH_EFF_ALIAS] = "alias",
    [SF_SH_EFF_SOURCE] = "source", [SF_SH_EFF_EXEC] = "exec", [SF_SH_EFF_EXEC_FD] = "exec-fd",
    [SF_SH_EFF_EXIT] = "exit", [SF_SH_EFF_RETURN] = "return",
    [SF_SH_EFF_BACKGROUND] = "background", [SF_SH_EFF_WAIT] = "wait",
    [SF_SH_EFF_FUNC] = "function", [SF_SH_EFF_HASH] = "shell-state",
};

const char *sf__sh_effect_name(sf__sh_effect_kind k)
{
    return (unsigned)k < SF_SH_EFF__COUNT ? effect_names[k] : "?";
}

/* ---------------------------------------------------------------------------------- */
/* argv and wrappers */

/* Command names the analysis knows (wrappers, builtins with effects, shells). */
typedef enum {
    N_OTHER,
    N_SUDO,
    N_DOAS,
    N_ENV,
    N_NICE,
    N_NOHUP,
    N_EXEC,
    N_COMMAND,
    N_BUILTIN,
    N_TIME,
    N_LET,
    N_SOURCE,
    N_SHOPT,
    N_PUSHD,
    N_POPD,
    N_DIRS,
    N_DECLARE,
    N_TYPESET,
    N_LOCAL,
    N_LBRACKET,
    N_TEST,
    N_ECHO,
    N_CD,
    N_EXPORT,
    N_UNSET,
    N_READONLY,
    N_READ,
    N_MAPFILE,
    N_READARRAY,
    N_GETOPTS,
    N_SHIFT,
    N_SET,
    N_UMASK,
    N_TRAP,
    N_ALIAS,
    N_UNALIAS,
    N_DOT,
    N_EXIT,
    N_RETURN,
    N_WAIT,
    N_HASH,
    N_ULIMIT,
    N_ENABLE,
    N_SH,
    N_BASH,
    N_DASH,
    N_ASH,
    N_KSH,
    N_ZSH,
} name_id;

/* The name_id of s[0..n): a switch on length and first byte, then one memcmp. */
static name_id lookup_name(const char *s, uint32_t n)
{
#define NM(lit, id) if (memcmp(s, lit, sizeof(lit) - 1) == 0) return id
    if (n == 0 || n > 9)
        return N_OTHER;
    switch (n) {
    case 1:
        switch (s[0]) {
        case '.':
            NM(".", N_DOT);
            break;
        case '[':
            NM("[", N_LBRACKET);
            break;
        default:
            break;
        }
        break;
    case 2:
        switch (s[0]) {
        case 'c':
            NM("cd", N_CD);
            break;
        case 's':
            NM("sh", N_SH);
            break;
        default:
            break;
        }
        break;
    case 3:
        switch (s[0]) {
        case 'a':
            NM("ash", N_ASH);
            break;
        case 'e':
            NM("env", N_ENV);
            break;
        case 'k':
            NM("ksh", N_KSH);
            break;
        case 'l':
            NM("let", N_LET);
            break;
        case 's':
            NM("set", N_SET);
            break;
        case 'z':
            NM("zsh", N_ZSH);
            break;
        default:
            break;
        }
        break;
    case 4:
        switch (s[0]) {
        case 'b':
            NM("bash", N_BASH);
            break;
        case 'd':
            NM("doas", N_DOAS);
            NM("dirs", N_DIRS);
            NM("dash", N_DASH);
            break;
        case 'e':
            NM("exec", N_EXEC);
            NM("echo", N_ECHO);
            NM("exit", N_EXIT);
            break;
        case 'h':
            NM("hash", N_HASH);
            break;
        case 'n':
            NM("nice", N_NICE);
            break;
        case 'p':
            NM("popd", N_POPD);
            break;
        case 'r':
            NM("read", N_READ);
            break;
        case 's':
            NM("sudo", N_SUDO);
            break;
        case 't':
            NM("time", N_TIME);
            NM("test", N_TEST);
            NM("trap", N_TRAP);
            break;
        case 'w':
            NM("wait", N_WAIT);
            break;
        default:
            break;
        }
        break;
    case 5:
        switch (s[0]) {
        case 'a':
            NM("alias", N_ALIAS);
            break;
        case 'l':
            NM("local", N_LOCAL);
            break;
        case 'n':
            NM("nohup", N_NOHUP);
            break;
        case 'p':
            NM("pushd", N_PUSHD);
            break;
        case 's':
            NM("shopt", N_SHOPT);
            NM("shift", N_SHIFT);
            break;
        case 'u':
            NM("unset", N_UNSET);
            NM("umask", N_UMASK);
            break;
        default:
            break;
        }
        break;
    case 6:
        switch (s[0]) {
        case 'e':
            NM("export", N_EXPORT);
            NM("enable", N_ENABLE);
            break;
        case 'r':
            NM("return", N_RETURN);
            break;
        case 's':
            NM("source", N_SOURCE);
            break;
        case 'u':
            NM("ulimit", N_ULIMIT);
            break;
        default:
            break;
        }
        break;
    case 7:
        switch (s[0]) {
        case 'b':
            NM("builtin", N_BUILTIN);
            break;
        case 'c':
            NM("command", N_COMMAND);
            break;
        case 'd':
            NM("declare", N_DECLARE);
            break;
        case 'g':
            NM("getopts", N_GETOPTS);
            break;
        case 'm':
            NM("mapfile", N_MAPFILE);
            break;
        case 't':
            NM("typeset", N_TYPESET);
            break;
        case 'u':
            NM("unalias", N_UNALIAS);
            break;
        default:
            break;
        }
        break;
    case 8:
        switch (s[0]) {
        case 'r':
            NM("readonly", N_READONLY);
            break;
        default:
            break;
        }
        break;
    case 9:
        switch (s[0]) {
        case 'r':
            NM("readarray", N_READARRAY);
            break;
        default:
            break;
        }
        break;
    default:
        break;
    }
    return N_OTHER;
#undef NM
}

static bool val_is(const sf__sh_arg *a, const char *s)
{
    size_t n = strlen(s);
    return !a->dynamic && a->len == n && memcmp(a->value, s, n) == 0;
}

bool sf__sh_arg_is(const sf__sh_cmdinfo *c, uint32_t i, const char *s)
{
    return c && i < c->argc && val_is(&c->argv[i], s);
}

bool sf__sh_cmd_is(const sf__sh_cmdinfo *c, const char *s)
{
    return c && c->name && strcmp(c->name, s) == 0;
}

/* Basename of a static value (the part after the last '/'). */
static const char *base_name(const char *v, uint32_t len)
{
    uint32_t k, b = 0;

    for (k = 0; k < len; k++)
        if (v[k] == '/')
            b = k + 1;
    return v + b;
}

/* name_id of the basename of a static argument. */
static name_id arg_name(const sf__sh_arg *a)
{
    const char *b;

    if (a->dynamic)
        return N_OTHER;
    b = base_name(a->value, a->len);
    return lookup_name(b, a->len - (uint32_t)(b - a->value));
}

static bool starts_dash(const sf__sh_arg *a)
{
    return !a->dynamic && a->len > 1 && a->value[0] == '-';
}

/* Wrapper semantics: does option word `opt` of wrapper `w` take the next word as argument? */
static bool wrapper_opt_arg(name_id w, const sf__sh_arg *opt)
{
    const char *v = opt->value;
    char last;

    if (opt->len < 2 || v[1] == '-')
        return false;            /* long options carry their value with = */
    last = v[opt->len - 1];
    switch (w) {
    case N_SUDO:
    case N_DOAS:
        return last && strchr("ugpCUrtDhR", last) != NULL && opt->len == 2;
    case N_ENV:
        return last == 'u' || last == 'C';
    case N_NICE:
        return last == 'n';
    case N_EXEC:
        return last == 'a';
    default:
        return false;
    }
}

/* Index of the real command in argv[0..argc), through sudo/env/command/exec/nice/nohup/time.
 * *separate: the command runs as a separate process (sudo, env, nice, nohup). *exec: exec.
 * *id: the name_id of argv[result] (N_OTHER when none). */
static uint32_t resolve(const sf__sh_arg *argv, uint32_t argc, bool *separate, bool *exec,
                        bool *stopped, name_id *id)
{
    uint32_t i = 0;

    *separate = *exec = *stopped = false;
    *id = N_OTHER;
    while (i < argc) {
        name_id w;
        if (argv[i].dynamic)
            return i;
        w = arg_name(&argv[i]);
        *id = w;
        switch (w) {
        case N_SUDO:
        case N_DOAS:
        case N_ENV:
        case N_NICE:
        case N_NOHUP:
            *separate = true;
            break;
        case N_EXEC:
            *exec = true;
            break;
        case N_COMMAND:
        case N_BUILTIN: {
            /* command -v / -V only look the name up */
            uint32_t k;
            for (k = i + 1; k < argc && starts_dash(&argv[k]); k++)
                if (memchr(argv[k].value, 'v', argv[k].len) ||
                    memchr(argv[k].value, 'V', argv[k].len)) {
                    *stopped = true;
                    return i;
                }
            break;
        }
        case N_TIME:
            break;
        default:
            return i;
        }
        *id = N_OTHER;
        i++;
        /* options of the wrapper, and env's NAME=value */
        while (i < argc) {
            const sf__sh_arg *a = &argv[i];
            if (a->dynamic)
                return i;
            if (val_is(a, "--")) {
                i++;
                break;
            }
            if (starts_dash(a)) {
                if (w == N_ENV && (val_is(a, "-S") || val_is(a, "--split-string"))) {
                    *stopped = true;
                    return i;
                }
                if (w == N_NICE && a->len > 1 && sf__is_digit(a->value[1])) {
                    i++;
                    continue;
                }
                i += wrapper_opt_arg(w, a) ? 2 : 1;
                continue;
            }
            if (w == N_ENV && val_is(a, "-")) {
                i++;
                continue;
            }
            if ((w == N_ENV || w == N_SUDO) && (a->wflags & SF_SH_W_ASSIGN)) {
                i++;
                continue;
            }
            break;
        }
    }
    return argc;
}

static sf__sh_arg *build_argv(sf__arena *a, const sf__sh_cmd *c)
{
    sf__sh_arg *argv;
    const sf__sh_word *w;
    uint32_t i = 0;

    if (!c->nwords)
        return NULL;
    argv = sf__sh_alloc(a, c->nwords * sizeof(*argv));
    if (!argv)
        return NULL;
    for (w = c->words; w && i < c->nwords; w = w->next, i++) {
        argv[i].value = w->value ? w->value : "";
        argv[i].len = w->value ? w->vlen : 0;
        argv[i].dynamic = (w->flags & SF_SH_W_DYNAMIC) != 0;
        argv[i].wflags = w->flags;
        argv[i].span = w->span;
        argv[i].word = w;
    }
    return argv;
}

/* Argv index of the script string of `sh -c STRING`, or -1. Only static strings. */
static int shc_index(const sf__sh_arg *argv, uint32_t argc)
{
    bool separate, exec, stopped, seen_c = false;
    name_id id;
    uint32_t i = resolve(argv, argc, &separate, &exec, &stopped, &id), k;

    if (stopped || i >= argc || argv[i].dynamic)
        return -1;
    if (id != N_SH && id != N_BASH && id != N_DASH && id != N_ASH && id != N_KSH && id != N_ZSH)
        return -1;
    for (k = i + 1; k < argc; k++) {
        const sf__sh_arg *a = &argv[k];
        if (a->dynamic)
            return seen_c ? -1 : -1;
        if (!seen_c && a->len >= 2 && (a->value[0] == '-' || a->value[0] == '+')) {
            if (a->value[1] == '-')
                continue;                 /* --login, --norc ... */
            if (memchr(a->value, 'c', a->len))
                seen_c = true;
            if (a->value[a->len - 1] == 'o' || a->value[a->len - 1] == 'O')
                k++;                      /* -o option */
            continue;
        }
        return seen_c ? (int)k : -1;
    }
    return -1;
}

int sf__sh_shc_index(const sf__sh_cmd *c)
{
    sf__sh_arg buf[16];
    const sf__sh_word *w;
    uint32_t n = 0;
    bool any_c = false, any_shell = false;

    if (!c || c->kind != SF_SH_SIMPLE || c->nwords < 3)
        return -1;
    /* cheap test first: a static word names a shell and a later one is an option with `c` */
    for (w = c->words; w && n < 16; w = w->next, n++) {
        const char *b;
        name_id id;
        if ((w->flags & SF_SH_W_DYNAMIC) || !w->value || !w->vlen)
            continue;
        if (w->value[0] == '-') {
            if (any_shell && w->vlen >= 2 && memchr(w->value, 'c', w->vlen))
                break;
            continue;
        }
        b = base_name(w->value, w->vlen);
        id = lookup_name(b, w->vlen - (uint32_t)(b - w->value));
        if (id == N_SH || id == N_BASH || id == N_DASH || id == N_ASH || id == N_KSH ||
            id == N_ZSH)
            any_shell = true;
    }
    if (!w || n >= 16)
        return -1;
    n = 0;
    for (w = c->words; w && n < 16; w = w->next, n++) {
        buf[n].value = w->value ? w->value : "";
        buf[n].len = w->value ? w->vlen : 0;
        buf[n].dynamic = (w->flags & SF_SH_W_DYNAMIC) != 0;
        buf[n].wflags = w->flags;
        buf[n].span = w->span;
        buf[n].word = w;
        if (!buf[n].dynamic && buf[n].len >= 2 && buf[n].value[0] == '-' &&
            memchr(buf[n].value, 'c', buf[n].len))
            any_c = true;
    }
    if (!any_c)
        return -1;
    return shc_index(buf, n);
}

/* ---------------------------------------------------------------------------------- */
/* The tree walk: commands, effects, bash-only features */

typedef struct walker {
    sf__sh *sh;
    sf__arena *a;
    uint32_t top;
    uint32_t cap_cmds, cap_eff;
    int err;
} walker;

static void walk_list(walker *wk, const sf__sh_list *l, unsigned ctx, uint32_t depth);

static void walk_parts(walker *wk, const sf__sh_part *pt, unsigned ctx, uint32_t depth)
{
    for (; pt; pt = pt->next) {
        if (pt->body)
            walk_list(wk, pt->body, ctx | SF_SH_CTX_SUBST, depth + 1);
        if (pt->parts)
            walk_parts(wk, pt->parts, ctx, depth);
    }
}

/* Only dynamic words can hold command substitutions (a body makes a word dynamic). */
static void walk_words(walker *wk, const sf__sh_word *w, unsigned ctx, uint32_t depth)
{
    for (; w; w = w->next)
        if (w->flags & SF_SH_W_DYNAMIC)
            walk_parts(wk, w->parts, ctx, depth);
}

static void walk_redirs(walker *wk, const sf__sh_redir *r, unsigned ctx, uint32_t depth)
{
    for (; r; r = r->next)
        if (r->target && (r->target->flags & SF_SH_W_DYNAMIC))
            walk_parts(wk, r->target->parts, ctx, depth);
}

static void add_effect(walker *wk, sf__sh_effect_kind k, sf__span span, const char *name,
                       uint32_t nlen, unsigned ctx, uint32_t cmd)
{
    sf__sh *sh = wk->sh;
    sf__sh_effect *e;

    if (sh->neffects == wk->cap_eff) {
        uint32_t cap = wk->cap_eff ? wk->cap_eff * 2 : 8;
        sh->effects = sf__arena_grow(wk->a, sh->effects, sh->neffects, cap, sizeof(*e));
        if (!sh->effects) {
            sh->neffects = wk->cap_eff = 0;
            wk->err = SF_ENOMEM;
            return;
        }
        wk->cap_eff = cap;
    }
    e = &sh->effects[sh->neffects++];
    e->kind = k;
    e->span = span;
    e->name = name;
    e->nlen = nlen;
    e->leaks = (ctx & SF_SH_CTX_ISOLATED) == 0;
    e->cmd = cmd;
    if (e->leaks)
        sh->effect_mask |= 1u << k;
}

static bool is_posix_set_option(const char *o, uint32_t n)
{
    static const char *const posix[] = {
        "allexport", "errexit", "ignoreeof", "monitor", "noclobber", "noglob", "noexec",
        "nolog", "notify", "nounset", "verbose", "vi", "xtrace", "emacs"
    };
    size_t k;

    for (k = 0; k < SF_ARRAY_LEN(posix); k++)
        if (strlen(posix[k]) == n && memcmp(posix[k], o, n) == 0)
            return true;
    return false;
}

/* `set`: options (bash-only ones flagged) or positional parameters. */
static void effects_set(walker *wk, const sf__sh_cmdinfo *ci, uint32_t idx)
{
    uint32_t i;
    bool opt = false, pos = false;

    for (i = ci->name_idx + 1; i < ci->argc; i++) {
        const sf__sh_arg *a = &ci->argv[i];
        if (a->dynamic) {
            opt = true;
            continue;
        }
        if (val_is(a, "--") || val_is(a, "-")) {
            pos = i + 1 < ci->argc || val_is(a, "--");
            break;
        }
        if (a->len >= 2 && (a->value[0] == '-' || a->value[0] == '+')) {
            uint32_t k;
            opt = true;
            for (k = 1; k < a->len; k++) {
                char c = a->value[k];
                if (c == 'o') {
                    if (i + 1 < ci->argc && !ci->argv[i + 1].dynamic) {
                        const sf__sh_arg *o = &ci->argv[++i];
                        if (!is_posix_set_option(o->value, o->len))
                            sf__shp_bashism_raw(wk->sh, wk->a, SF_SH_BASH_SET_OPTION,
                                                a->span.start, o->span.end);
                    }
                    break;
                }
                if (c && strchr("ETBHPk", c))
                    sf__shp_bashism_raw(wk->sh, wk->a, SF_SH_BASH_SET_OPTION, a->span.start,
                                        a->span.end);
            }
            continue;
        }
        pos = true;
        break;
    }
    if (opt)
        add_effect(wk, SF_SH_EFF_OPTION, ci->cmd->span, NULL, 0, ci->ctx, idx);
    if (pos)
        add_effect(wk, SF_SH_EFF_VAR, ci->cmd->span, "@", 1, ci->ctx, idx);
}

/* Static operand name of an effect (first operand that is not an option). */
static void first_operand(const sf__sh_cmdinfo *ci, const char **name, uint32_t *n)
{
    uint32_t i;

    *name = NULL;
    *n = 0;
    for (i = ci->name_idx + 1; i < ci->argc; i++) {
        const sf__sh_arg *a = &ci->argv[i];
        if (a->wflags & SF_SH_W_ASSIGN) {
            *name = a->value;     /* the raw text starts with the static name */
            *n = a->word->name_len;
            return;
        }
        if (a->dynamic)
            return;
        if (a->len > 1 && a->value[0] == '-' && !val_is(a, "-"))
            continue;
        *name = a->value;
        *n = a->len;
        return;
    }
}

/* Effects and bash-only features of one simple command (already appended as sh->cmds[idx]);
 * id is the name_id of its resolved command name. */
static void simple_effects(walker *wk, uint32_t idx, bool separate, bool exec, name_id id)
{
    const sf__sh_cmdinfo *ci = &wk->sh->cmds[idx];
    const sf__sh_cmd *c = ci->cmd;
    const char *op;
    uint32_t oplen, i;
    sf__sh_bashism_kind bk = SF_SH_BASH__COUNT;
    sf__sh_effect_kind ek;
    bool with_op = true;

    if (ci->argc == 0) {
        const sf__sh_word *w;
        for (w = c->assigns; w; w = w->next)
            add_effect(wk, SF_SH_EFF_VAR, w->span, w->value, w->name_len, ci->ctx, idx);
        return;
    }
    if (exec) {
        add_effect(wk, ci->name_idx < ci->argc ? SF_SH_EFF_EXEC : SF_SH_EFF_EXEC_FD, c->span,
                   NULL, 0, ci->ctx, idx);
        return;
    }
    if (id == N_OTHER || !ci->name)
        return;
    /* bash-only commands and forms (whatever process runs them) */
    switch (id) {
    case N_LET:
        bk = SF_SH_BASH_LET;
        break;
    case N_SOURCE:
        sf__shp_bashism_raw(wk->sh, wk->a, SF_SH_BASH_SOURCE, ci->argv[ci->name_idx].span.start,
                            ci->argv[ci->name_idx].span.end);
        break;
    case N_SHOPT:
        bk = SF_SH_BASH_SHOPT;
        break;
    case N_PUSHD:
    case N_POPD:
    case N_DIRS:
        bk = SF_SH_BASH_PUSHD;
        break;
    case N_DECLARE:
    case N_TYPESET:
    case N_LOCAL:
        if (!(ci->ctx & SF_SH_CTX_FUNC))
            bk = SF_SH_BASH_DECLARE;
        break;
    case N_LBRACKET:
    case N_TEST:
        for (i = ci->name_idx + 1; i < ci->argc; i++)
            if (val_is(&ci->argv[i], "=="))
                sf__shp_bashism_raw(wk->sh, wk->a, SF_SH_BASH_TEST_EQEQ,
                                    ci->argv[i].span.start, ci->argv[i].span.end);
        break;
    case N_ECHO:
        for (i = ci->name_idx + 1; i < ci->argc && starts_dash(&ci->argv[i]); i++) {
            const sf__sh_arg *a = &ci->argv[i];
            uint32_t k;
            bool flags = true;
            for (k = 1; k < a->len; k++)
                if (!a->value[k] || !strchr("neE", a->value[k]))
                    flags = false;
            if (!flags)
                break;
            if (memchr(a->value, 'e', a->len)) {
                sf__shp_bashism_raw(wk->sh, wk->a, SF_SH_BASH_ECHO_E, a->span.start, a->span.end);
                break;
            }
        }
        break;
    default:
        break;
    }
    if (bk != SF_SH_BASH__COUNT)
        sf__shp_bashism_raw(wk->sh, wk->a, bk, c->span.start, c->span.end);
    if (separate)
        return;                   /* a separate process: no shell state changes */
    switch (id) {
    case N_CD:
    case N_PUSHD:
    case N_POPD:
        ek = SF_SH_EFF_CWD;
        break;
    case N_EXPORT:
    case N_UNSET:
    case N_READONLY:
    case N_DECLARE:
    case N_TYPESET:
    case N_LOCAL:
    case N_READ:
    case N_MAPFILE:
    case N_READARRAY:
    case N_GETOPTS:
    case N_SHIFT:
    case N_LET:
        ek = SF_SH_EFF_VAR;
        break;
    case N_SET:
        effects_set(wk, ci, idx);
        return;
    case N_SHOPT:
        ek = SF_SH_EFF_OPTION;
        break;
    case N_UMASK:
        ek = SF_SH_EFF_UMASK;
        break;
    case N_TRAP:
        ek = SF_SH_EFF_TRAP;
        with_op = false;
        break;
    case N_ALIAS:
    case N_UNALIAS:
        ek = SF_SH_EFF_ALIAS;
        break;
    case N_SOURCE:
    case N_DOT:
        ek = SF_SH_EFF_SOURCE;
        break;
    case N_EXIT:
        ek = SF_SH_EFF_EXIT;
        with_op = false;
        break;
    case N_RETURN:
        ek = SF_SH_EFF_RETURN;
        with_op = false;
        break;
    case N_WAIT:
        ek = SF_SH_EFF_WAIT;
        with_op = false;
        break;
    case N_HASH:
    case N_ULIMIT:
    case N_ENABLE:
        ek = SF_SH_EFF_HASH;
        with_op = false;
        break;
    default:
        return;
    }
    first_operand(ci, &op, &oplen);
    if (ek == SF_SH_EFF_UMASK && !op)
        return;
    add_effect(wk, ek, c->span, with_op ? op : NULL, with_op ? oplen : 0, ci->ctx, idx);
}

static void walk_simple(walker *wk, const sf__sh_cmd *c, unsigned ctx, uint32_t depth)
{
    sf__sh *sh = wk->sh;
    sf__sh_cmdinfo *ci;
    bool separate, exec, stopped;
    name_id id;
    uint32_t idx;

    if (sh->ncmds == wk->cap_cmds) {
        uint32_t cap = wk->cap_cmds ? wk->cap_cmds * 2 : 8;
        sh->cmds = sf__arena_grow(wk->a, sh->cmds, sh->ncmds, cap, sizeof(*sh->cmds));
        if (!sh->cmds) {
            sh->ncmds = wk->cap_cmds = 0;
            wk->err = SF_ENOMEM;
            return;
        }
        wk->cap_cmds = cap;
    }
    idx = sh->ncmds++;
    ci = &sh->cmds[idx];
    memset(ci, 0, sizeof(*ci));
    ci->cmd = c;
    ci->argc = c->nwords;
    ci->argv = build_argv(wk->a, c);
    if (!ci->argv)
        ci->argc = 0;
    ci->top = wk->top;
    ci->ctx = ctx;
    ci->depth = depth;
    ci->name_idx = resolve(ci->argv, ci->argc, &separate, &exec, &stopped, &id);
    if (ci->name_idx < ci->argc && !ci->argv[ci->name_idx].dynamic)
        ci->name = base_name(ci->argv[ci->name_idx].value, ci->argv[ci->name_idx].len);
    simple_effects(wk, idx, separate, exec, id);
    walk_words(wk, c->assigns, ctx, depth);
    walk_words(wk, c->words, ctx, depth);
    walk_redirs(wk, c->redirs, ctx, depth);
    if (c->sub)
        walk_list(wk, c->sub, ctx | SF_SH_CTX_SHC, depth + 1);
}

static void walk_cmd(walker *wk, const sf__sh_cmd *c, unsigned ctx, uint32_t depth)
{
    const sf__sh_case_item *it;
    const sf__sh_cmd *e;

    switch (c->kind) {
    case SF_SH_SIMPLE:
        walk_simple(wk, c, ctx, depth);
        return;
    case SF_SH_SUBSHELL:
        walk_list(wk, c->body, ctx | SF_SH_CTX_SUBSHELL, depth + 1);
        break;
    case SF_SH_BRACE:
        walk_list(wk, c->body, ctx | SF_SH_CTX_BRACE, depth + 1);
        break;
    case SF_SH_IF:
        for (e = c; e; e = e->elif) {
            walk_list(wk, e->cond, ctx | SF_SH_CTX_COND | (e != c ? SF_SH_CTX_BRANCH : 0),
                      depth + 1);
            walk_list(wk, e->body, ctx | SF_SH_CTX_BRANCH, depth + 1);
            if (e->else_body)
                walk_list(wk, e->else_body, ctx | SF_SH_CTX_BRANCH, depth + 1);
        }
        break;
    case SF_SH_WHILE:
    case SF_SH_UNTIL:
        walk_list(wk, c->cond, ctx | SF_SH_CTX_COND | SF_SH_CTX_LOOP, depth + 1);
        walk_list(wk, c->body, ctx | SF_SH_CTX_LOOP, depth + 1);
        break;
    case SF_SH_FOR:
    case SF_SH_SELECT:
    case SF_SH_ARITH_FOR:
        walk_words(wk, c->words, ctx, depth);
        walk_list(wk, c->body, ctx | SF_SH_CTX_LOOP, depth + 1);
        break;
    case SF_SH_CASE:
        if (c->subject)
            walk_parts(wk, c->subject->parts, ctx, depth);
        for (it = c->items; it; it = it->next) {
            walk_words(wk, it->patterns, ctx, depth);
            walk_list(wk, it->body, ctx | SF_SH_CTX_BRANCH, depth + 1);
        }
        break;
    case SF_SH_DBRACKET:
        walk_words(wk, c->words, ctx, depth);
        break;
    case SF_SH_DPAREN:
        break;
    case SF_SH_FUNCDEF:
        add_effect(wk, SF_SH_EFF_FUNC, c->span, c->name ? c->name->value : NULL,
                   c->name ? c->name->vlen : 0, ctx, UINT32_MAX);
        if (c->fbody)
            walk_cmd(wk, c->fbody, ctx | SF_SH_CTX_FUNC, depth + 1);
        return;
    }
    walk_redirs(wk, c->redirs, ctx, depth);
}

static void walk_list(walker *wk, const sf__sh_list *l, unsigned ctx, uint32_t depth)
{
    const sf__sh_andor *ao;
    const sf__sh_pipeline *pl;
    const sf__sh_cmd *c;

    if (!l)
        return;
    for (ao = l->items; ao; ao = ao->next) {
        unsigned actx = ctx;
        if (ao->sep == SF_SH_SEP_AMP) {
            actx |= SF_SH_CTX_BACKGROUND;
            add_effect(wk, SF_SH_EFF_BACKGROUND, ao->span, NULL, 0, ctx, UINT32_MAX);
        }
        for (pl = ao->pipes; pl; pl = pl->next) {
            unsigned pctx = actx;
            if (pl != ao->pipes)
                pctx |= SF_SH_CTX_ANDOR;
            if (pl->bang)
                pctx |= SF_SH_CTX_NEGATED;
            if (pl->ncmds > 1)
                pctx |= SF_SH_CTX_PIPELINE;
            for (c = pl->cmds; c; c = c->next)
                walk_cmd(wk, c, pctx, depth);
        }
        if (depth == 0 && ctx == 0)
            wk->top++;
    }
}

static int cmp_bashism(const void *x, const void *y)
{
    const sf__sh_bashism *a = x, *b = y;

    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return 0;
}

int sf__sh_analyze(sf__sh *sh, sf__arena *a)
{
    walker wk;

    memset(&wk, 0, sizeof(wk));
    wk.sh = sh;
    wk.a = a;
    walk_list(&wk, sh->root, 0, 0);
    if (sh->nbashisms > 1)
        qsort(sh->bashisms, sh->nbashisms, sizeof(*sh->bashisms), cmp_bashism);
    if (wk.err < 0 || sf__arena_failed(a))
        return SF_ENOMEM;
    return SF_OK;
}

/* ---------------------------------------------------------------------------------- */
/* Option parsing */

static const sf__sh_longopt *find_long(const sf__sh_optspec *spec, const char *n, size_t len,
                                       bool *ambiguous)
{
    const sf__sh_longopt *lo, *hit = NULL;
    int hits = 0;

    *ambiguous = false;
    if (!spec->longopts)
        return NULL;
    for (lo = spec->longopts; lo->name; lo++)
        if (strlen(lo->name) == len && memcmp(lo->name, n, len) == 0)
            return lo;
    if (!spec->abbrev)
        return NULL;
    for (lo = spec->longopts; lo->name; lo++)
        if (strlen(lo->name) > len && memcmp(lo->name, n, len) == 0) {
            hit = lo;
            hits++;
        }
    if (hits > 1) {
        *ambiguous = true;
        return NULL;
    }
    return hit;
}

static sf__sh_opt *push_opt(sf__sh_opts *o, sf__arena *a, uint32_t *cap)
{
    if (o->nopts == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        o->opts = sf__arena_grow(a, o->opts, o->nopts, nc, sizeof(*o->opts));
        if (!o->opts) {
            o->nopts = 0;
            return NULL;
        }
        *cap = nc;
    }
    memset(&o->opts[o->nopts], 0, sizeof(o->opts[0]));
    return &o->opts[o->nopts++];
}

static int push_operand(sf__sh_opts *o, sf__arena *a, uint32_t *cap, uint32_t i)
{
    if (o->noperands == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        o->operands = sf__arena_grow(a, o->operands, o->noperands, nc, sizeof(uint32_t));
        if (!o->operands) {
            o->noperands = 0;
            return SF_ENOMEM;
        }
        *cap = nc;
    }
    o->operands[o->noperands++] = i;
    return SF_OK;
}

int sf__sh_getopt(sf__sh_opts *out, sf__arena *a, const sf__sh_cmdinfo *c, uint32_t start,
                  const sf__sh_optspec *spec)
{
    uint32_t i, capo = 0, capn = 0;
    bool opts_done = false;

    memset(out, 0, sizeof(*out));
    for (i = start; i < c->argc; i++) {
        const sf__sh_arg *arg = &c->argv[i];
        const char *v = arg->value;
        sf__sh_opt *o;

        if (opts_done || arg->dynamic || arg->len < 2 || v[0] != '-') {
            if (arg->dynamic && !opts_done)
                out->dynamic = true;
            if (push_operand(out, a, &capn, i) < 0)
                return SF_ENOMEM;
            if (!spec->permute)
                opts_done = true;
            continue;
        }
        if (arg->len == 2 && v[1] == '-') {
            opts_done = true;
            continue;
        }
        if (v[1] == '-') {
            const char *eq = memchr(v + 2, '=', arg->len - 2);
            size_t nlen = eq ? (size_t)(eq - v - 2) : arg->len - 2;
            bool amb;
            const sf__sh_longopt *lo = find_long(spec, v + 2, nlen, &amb);
            o = push_opt(out, a, &capo);
            if (!o)
                return SF_ENOMEM;
            o->is_long = true;
            o->arg = i;
            o->name = lo ? lo->name : sf__sh_strndup(a, v + 2, nlen);
            o->unknown = lo == NULL;
            if (eq) {
                o->value = eq + 1;
                o->vlen = (uint32_t)(arg->len - (uint32_t)(eq + 1 - v));
            } else if (lo && lo->has_arg == 1 && i + 1 < c->argc) {
                i++;
                o->value = c->argv[i].value;
                o->vlen = c->argv[i].len;
                o->value_dynamic = c->argv[i].dynamic;
            }
            continue;
        }
        if (spec->digit_operands) {
            uint32_t k;
            bool known = true;
            for (k = 1; k < arg->len; k++)
                if (!spec->shortopts || v[k] == 0 || !strchr(spec->shortopts, v[k]) ||
                    v[k] == ':')
                    known = false;
            if (!known) {
                if (push_operand(out, a, &capn, i) < 0)
                    return SF_ENOMEM;
                if (!spec->permute)
                    opts_done = true;
                continue;
            }
        }
        {
            uint32_t k;
            for (k = 1; k < arg->len; k++) {
                const char *sp = spec->shortopts && v[k] ? strchr(spec->shortopts, v[k]) : NULL;
                char *nm;
                if (v[k] == ':')
                    sp = NULL;
                o = push_opt(out, a, &capo);
                nm = sf__sh_alloc(a, 2);
                if (!o || !nm)
                    return SF_ENOMEM;
                nm[0] = v[k];
                o->name = nm;
                o->arg = i;
                o->unknown = sp == NULL;
                if (sp && sp[1] == ':') {
                    if (k + 1 < arg->len) {
                        o->value = v + k + 1;
                        o->vlen = arg->len - k - 1;
                    } else if (i + 1 < c->argc) {
                        i++;
                        o->value = c->argv[i].value;
                        o->vlen = c->argv[i].len;
                        o->value_dynamic = c->argv[i].dynamic;
                    }
                    break;
                }
            }
        }
    }
    return sf__arena_failed(a) ? SF_ENOMEM : SF_OK;
}

const sf__sh_opt *sf__sh_opts_find(const sf__sh_opts *o, const char *name)
{
    uint32_t i;

    for (i = 0; i < o->nopts; i++)
        if (strcmp(o->opts[i].name, name) == 0)
            return &o->opts[i];
    return NULL;
}

static bool has_opt(const sf__sh_opts *o, const char *a, const char *b)
{
    return (a && sf__sh_opts_find(o, a)) || (b && sf__sh_opts_find(o, b));
}

/* ---------------------------------------------------------------------------------- */
/* Tools */

static const sf__sh_longopt apk_long[] = {
    {"no-cache", 0}, {"update-cache", 0}, {"virtual", 1}, {"repository", 1}, {"root", 1},
    {"keys-dir", 1}, {"repositories-file", 1}, {"cache-dir", 1}, {"arch", 1}, {"wait", 1},
    {"cache-max-age", 1}, {"timeout", 1}, {"allow-untrusted", 0}, {"no-progress", 0},
    {"quiet", 0}, {"verbose", 0}, {"interactive", 0}, {"purge", 0}, {"upgrade", 0},
    {"latest", 0}, {"available", 0}, {"initdb", 0}, {"no-network", 0}, {"simulate", 0},
    {"clean-protected", 0}, {"force", 0}, {"force-overwrite", 0}, {"force-broken-world", 0},
    {"force-non-repository", 0}, {"force-old-apk", 0}, {"force-refresh", 0},
    {"force-missing-repositories", 0}, {"no-scripts", 0}, {"no-commit-hooks", 0},
    {"print-arch", 0}, {"progress", 0}, {"usermode", 0}, {"no-chown", 0}, {"recursive", 0},
    {"rdepends", 0}, {NULL, 0}
};
static const sf__sh_optspec apk_spec = {"Uut:X:p:qvifls", apk_long, true, false, false, false};

bool sf__sh_apk(sf__sh_apk_info *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    const sf__sh_opt *o;

    memset(out, 0, sizeof(*out));
    if (!sf__sh_cmd_is(c, "apk"))
        return false;
    if (sf__sh_getopt(&out->opts, a, c, c->name_idx + 1, &apk_spec) < 0)
        return true;
    out->no_cache = has_opt(&out->opts, "no-cache", NULL);
    out->update_cache = has_opt(&out->opts, "update-cache", "U");
    out->upgrade = has_opt(&out->opts, "upgrade", "u");
    o = sf__sh_opts_find(&out->opts, "virtual");
    if (!o)
        o = sf__sh_opts_find(&out->opts, "t");
    if (o && !o->value_dynamic)
        out->virtual_name = o->value;
    if (out->opts.noperands) {
        const sf__sh_arg *s = &c->argv[out->opts.operands[0]];
        out->sub = s->dynamic ? NULL : s->value;
        out->pkgs = out->opts.operands + 1;
        out->npkgs = out->opts.noperands - 1;
    }
    return true;
}

static const sf__sh_longopt pip_long[] = {
    {"no-cache-dir", 0}, {"cache-dir", 1}, {"requirement", 1}, {"constraint", 1},
    {"editable", 1}, {"target", 1}, {"prefix", 1}, {"root", 1}, {"index-url", 1},
    {"extra-index-url", 1}, {"find-links", 1}, {"src", 1}, {"upgrade-strategy", 1},
    {"platform", 1}, {"python-version", 1}, {"implementation", 1}, {"abi", 1},
    {"progress-bar", 1}, {"proxy", 1}, {"retries", 1}, {"timeout", 1}, {"exists-action", 1},
    {"trusted-host", 1}, {"cert", 1}, {"client-cert", 1}, {"log", 1}, {"python", 1},
    {"no-binary", 1}, {"only-binary", 1}, {"global-option", 1}, {"config-settings", 1},
    {"root-user-action", 1}, {"report", 1}, {"user", 0}, {"upgrade", 0}, {"no-deps", 0},
    {"quiet", 0}, {"verbose", 0}, {"force-reinstall", 0}, {"pre", 0}, {"isolated", 0},
    {"disable-pip-version-check", 0}, {"break-system-packages", 0}, {"no-compile", 0},
    {"ignore-installed", 0}, {"no-warn-script-location", 0}, {"require-hashes", 0},
    {"no-build-isolation", 0}, {"no-index", 0}, {"yes", 0}, {"no-input", 0},
    {"no-color", 0}, {"compile", 0}, {"dry-run", 0}, {"prefer-binary", 0},
    {"no-clean", 0}, {"use-pep517", 0}, {"no-use-pep517", 0}, {"no-python-version-warning", 0},
    {NULL, 0}
};
static const sf__sh_optspec pip_spec = {"r:c:e:t:i:f:UqvyI", pip_long, true, true, false, false};

static bool is_pip_name(const char *n)
{
    if (strncmp(n, "pip", 3) != 0)
        return false;
    for (n += 3; *n; n++)
        if (!sf__is_digit(*n) && *n != '.')
            return false;
    return true;
}

static bool is_python_name(const char *n)
{
    if (strncmp(n, "python", 6) != 0)
        return false;
    for (n += 6; *n; n++)
        if (!sf__is_digit(*n) && *n != '.')
            return false;
    return true;
}

/* Is `VAR=...` set for this command (prefix assignment or env wrapper)? */
static bool cmd_sets(const sf__sh_cmdinfo *c, const char *var)
{
    size_t n = strlen(var);
    const sf__sh_word *w;
    uint32_t i;

    for (w = c->cmd->assigns; w; w = w->next)
        if (w->name_len == n && w->value && memcmp(w->value, var, n) == 0)
            return true;
    for (i = 0; i < c->name_idx && i < c->argc; i++)
        if ((c->argv[i].wflags & SF_SH_W_ASSIGN) && c->argv[i].word->name_len == n &&
            memcmp(c->argv[i].value, var, n) == 0)
            return true;
    return false;
}

bool sf__sh_pip(sf__sh_pip_info *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    uint32_t i;
    const sf__sh_opt *o;

    memset(out, 0, sizeof(*out));
    if (!c->name)
        return false;
    if (is_pip_name(c->name)) {
        out->pip_idx = c->name_idx;
    } else if (is_python_name(c->name)) {
        for (i = c->name_idx + 1; i < c->argc; i++) {
            const sf__sh_arg *x = &c->argv[i];
            if (val_is(x, "-m"))
                break;
            if (!starts_dash(x))
                return false;
            if (val_is(x, "-X") || val_is(x, "-W"))
                i++;
        }
        if (i + 1 >= c->argc || c->argv[i + 1].dynamic ||
            strcmp(c->argv[i + 1].value, "pip") != 0)
            return false;
        out->pip_idx = i + 1;
    } else {
        return false;
    }
    if (sf__sh_getopt(&out->opts, a, c, out->pip_idx + 1, &pip_spec) < 0)
        return true;
    o = sf__sh_opts_find(&out->opts, "no-cache-dir");
    if (o) {
        out->no_cache_dir = o->value == NULL;
        out->bad_no_cache_value = o->value != NULL;
    }
    if (cmd_sets(c, "PIP_NO_CACHE_DIR"))
        out->no_cache_dir = true;
    out->requirements = has_opt(&out->opts, "requirement", "r");
    out->user = has_opt(&out->opts, "user", NULL);
    if (out->opts.noperands) {
        const sf__sh_arg *s = &c->argv[out->opts.operands[0]];
        out->sub = s->dynamic ? NULL : s->value;
        out->pkgs = out->opts.operands + 1;
        out->npkgs = out->opts.noperands - 1;
        if (out->opts.noperands > 1 && !c->argv[out->opts.operands[1]].dynamic)
            out->sub2 = c->argv[out->opts.operands[1]].value;
    }
    return true;
}

static const sf__sh_longopt apt_long[] = {
    {"yes", 0}, {"assume-yes", 0}, {"assume-no", 0}, {"quiet", 2}, {"no-install-recommends", 0},
    {"install-recommends", 0}, {"install-suggests", 0}, {"no-install-suggests", 0},
    {"fix-missing", 0}, {"fix-broken", 0}, {"target-release", 1}, {"default-release", 1},
    {"option", 1}, {"config-file", 1}, {"purge", 0}, {"reinstall", 0},
    {"allow-downgrades", 0}, {"allow-unauthenticated", 0}, {"allow-remove-essential", 0},
    {"allow-change-held-packages", 0}, {"download-only", 0}, {"simulate", 0}, {"dry-run", 0},
    {"no-upgrade", 0}, {"only-upgrade", 0}, {"auto-remove", 0}, {"autoremove", 0},
    {"force-yes", 0}, {"ignore-missing", 0}, {"show-progress", 0}, {"verbose-versions", 0},
    {"list-cleanup", 0}, {"no-list-cleanup", 0}, {"trivial-only", 0}, {"print-uris", 0},
    {"allow-releaseinfo-change", 0}, {"no-download", 0}, {"build-dep", 0}, {NULL, 0}
};
static const sf__sh_optspec apt_spec = {"yqo:c:t:sdfmbuVhaU", apt_long, true, false, false, false};

/* -o NAME=VALUE with a false-ish value for NAME (case-insensitive)? */
static bool apt_o_is(const sf__sh_opts *o, const char *name, bool want_true)
{
    uint32_t i;
    size_t n = strlen(name);

    for (i = 0; i < o->nopts; i++) {
        const sf__sh_opt *x = &o->opts[i];
        const char *v;
        size_t k;
        if (!x->value || x->value_dynamic ||
            !(strcmp(x->name, "o") == 0 || strcmp(x->name, "option") == 0))
            continue;
        if (x->vlen <= n || x->value[n] != '=')
            continue;
        for (k = 0; k < n; k++)
            if (sf__to_lower(x->value[k]) != sf__to_lower(name[k]))
                break;
        if (k < n)
            continue;
        v = x->value + n + 1;
        if (want_true ? (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0)
                      : (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "no") == 0))
            return true;
    }
    return false;
}

bool sf__sh_apt(sf__sh_apt_info *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    uint32_t i, q = 0;
    const sf__sh_opt *o;

    memset(out, 0, sizeof(*out));
    if (!sf__sh_cmd_is(c, "apt-get") && !sf__sh_cmd_is(c, "apt"))
        return false;
    out->tool = c->name;
    if (sf__sh_getopt(&out->opts, a, c, c->name_idx + 1, &apt_spec) < 0)
        return true;
    for (i = 0; i < out->opts.nopts; i++)
        if (strcmp(out->opts.opts[i].name, "q") == 0)
            q += out->opts.opts[i].value ? 2 : 1;
    o = sf__sh_opts_find(&out->opts, "quiet");
    if (o)
        q += o->value && o->value[0] >= '2' && o->value[0] <= '9' ? 2 : 1;
    out->quiet = q > 0;
    /* apt-get(8): quiet level 2 implies -y */
    out->yes = has_opt(&out->opts, "y", "yes") || has_opt(&out->opts, "assume-yes", "force-yes") ||
               q >= 2 || apt_o_is(&out->opts, "APT::Get::Assume-Yes", true);
    out->no_install_recommends = has_opt(&out->opts, "no-install-recommends", NULL) ||
                                 apt_o_is(&out->opts, "APT::Install-Recommends", false);
    out->fix_missing = has_opt(&out->opts, "fix-missing", "m");
    if (out->opts.noperands) {
        const sf__sh_arg *s = &c->argv[out->opts.operands[0]];
        out->sub = s->dynamic ? NULL : s->value;
        out->pkgs = out->opts.operands + 1;
        out->npkgs = out->opts.noperands - 1;
    }
    return true;
}

static const sf__sh_longopt rm_long[] = {
    {"recursive", 0}, {"force", 0}, {"dir", 0}, {"verbose", 0}, {"interactive", 2},
    {"one-file-system", 0}, {"no-preserve-root", 0}, {"preserve-root", 2}, {NULL, 0}
};
static const sf__sh_optspec rm_spec = {"rRfidvI", rm_long, true, false, false, false};

static void fileop_paths(sf__sh_fileop *out, uint32_t skip)
{
    /* no operands: operands is NULL, and NULL + 0 is undefined behaviour */
    if (out->opts.operands && out->opts.noperands >= skip) {
        out->paths = out->opts.operands + skip;
        out->npaths = out->opts.noperands - skip;
    }
}

bool sf__sh_rm(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    memset(out, 0, sizeof(*out));
    out->spec_idx = -1;
    if (!sf__sh_cmd_is(c, "rm"))
        return false;
    if (sf__sh_getopt(&out->opts, a, c, c->name_idx + 1, &rm_spec) < 0)
        return true;
    out->recursive = has_opt(&out->opts, "r", "R") || has_opt(&out->opts, "recursive", NULL);
    out->force = has_opt(&out->opts, "f", "force");
    fileop_paths(out, 0);
    return true;
}

static const sf__sh_longopt chmod_long[] = {
    {"recursive", 0}, {"changes", 0}, {"silent", 0}, {"quiet", 0}, {"verbose", 0},
    {"reference", 1}, {"preserve-root", 0}, {"no-preserve-root", 0}, {"from", 1},
    {"dereference", 0}, {"no-dereference", 0}, {NULL, 0}
};
static const sf__sh_optspec chmod_spec = {"Rcfv", chmod_long, true, false, false, true};
static const sf__sh_optspec chown_spec = {"RcfvhHLP", chmod_long, true, false, false, false};

static bool mode_op(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c,
                    const sf__sh_optspec *spec)
{
    if (sf__sh_getopt(&out->opts, a, c, c->name_idx + 1, spec) < 0)
        return true;
    out->recursive = has_opt(&out->opts, "R", "recursive");
    if (sf__sh_opts_find(&out->opts, "reference")) {
        fileop_paths(out, 0);
    } else if (out->opts.noperands) {
        out->spec_idx = (int)out->opts.operands[0];
        fileop_paths(out, 1);
    }
    return true;
}

bool sf__sh_chmod(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    memset(out, 0, sizeof(*out));
    out->spec_idx = -1;
    if (!sf__sh_cmd_is(c, "chmod"))
        return false;
    return mode_op(out, a, c, &chmod_spec);
}

bool sf__sh_chown(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    memset(out, 0, sizeof(*out));
    out->spec_idx = -1;
    if (!sf__sh_cmd_is(c, "chown") && !sf__sh_cmd_is(c, "chgrp"))
        return false;
    return mode_op(out, a, c, &chown_spec);
}

static const sf__sh_longopt mkdir_long[] = {
    {"parents", 0}, {"mode", 1}, {"verbose", 0}, {"context", 2}, {NULL, 0}
};
static const sf__sh_optspec mkdir_spec = {"pm:vZ", mkdir_long, true, false, false, false};

bool sf__sh_mkdir(sf__sh_fileop *out, sf__arena *a, const sf__sh_cmdinfo *c)
{
    memset(out, 0, sizeof(*out));
    out->spec_idx = -1;
    if (!sf__sh_cmd_is(c, "mkdir"))
        return false;
    if (sf__sh_getopt(&out->opts, a, c, c->name_idx + 1, &mkdir_spec) < 0)
        return true;
    out->parents = has_opt(&out->opts, "p", "parents");
    fileop_paths(out, 0);
    return true;
}

bool sf__sh_cd(int *dir, const sf__sh_cmdinfo *c)
{
    uint32_t i;

    *dir = -1;
    if (!sf__sh_cmd_is(c, "cd") && !sf__sh_cmd_is(c, "pushd"))
        return false;
    for (i = c->name_idx + 1; i < c->argc; i++) {
        const sf__sh_arg *a = &c->argv[i];
        if (val_is(a, "--")) {
            if (i + 1 < c->argc)
                *dir = (int)(i + 1);
            return true;
        }
        if (!a->dynamic && a->len > 1 && a->value[0] == '-' &&
            (strcmp(a->value + 1, "L") == 0 || strcmp(a->value + 1, "P") == 0 ||
             strcmp(a->value + 1, "e") == 0 || strcmp(a->value + 1, "@") == 0 ||
             strcmp(a->value + 1, "n") == 0))
            continue;
        *dir = (int)i;
        return true;
    }
    return true;
}

/* ---------------------------------------------------------------------------------- */
/* Span walk (fuzz invariants) */

typedef struct spanwalk {
    sf__sh_span_fn fn;
    void *ctx;
    bool stop;
} spanwalk;

static void sw_list(spanwalk *s, const sf__sh_list *l, sf__span parent);

static void sw(spanwalk *s, sf__span node, sf__span parent, const char *what)
{
    if (!s->stop && !s->fn(s->ctx, node, parent, what))
        s->stop = true;
}

static void sw_parts(spanwalk *s, const sf__sh_part *pt, sf__span parent)
{
    for (; pt && !s->stop; pt = pt->next) {
        sw(s, pt->span, parent, "part");
        if (pt->parts)
            sw_parts(s, pt->parts, pt->span);
        if (pt->body)
            sw_list(s, pt->body, pt->span);
    }
}

static void sw_words(spanwalk *s, const sf__sh_word *w, sf__span parent)
{
    for (; w && !s->stop; w = w->next) {
        sw(s, w->span, parent, "word");
        sw_parts(s, w->parts, w->span);
    }
}

static void sw_cmd(spanwalk *s, const sf__sh_cmd *c, sf__span parent)
{
    const sf__sh_redir *r;
    const sf__sh_case_item *it;
    const sf__sh_cmd *e;

    if (s->stop)
        return;
    sw(s, c->span, parent, "command");
    sw_words(s, c->assigns, c->span);
    sw_words(s, c->words, c->span);
    if (c->name)
        sw_words(s, c->name, c->span);
    for (r = c->redirs; r && !s->stop; r = r->next) {
        sw(s, r->span, c->span, "redirection");
        if (r->target)
            sw_words(s, r->target, r->span);
    }
    sw_list(s, c->cond, c->span);
    sw_list(s, c->body, c->span);
    sw_list(s, c->else_body, c->span);
    /* elif clauses hang off the head (each clause's span covers its own cond/body/else) */
    for (e = c->elif; e && !s->stop; e = e->elif) {
        sw(s, e->span, c->span, "elif");
        sw_list(s, e->cond, e->span);
        sw_list(s, e->body, e->span);
        sw_list(s, e->else_body, e->span);
    }
    if (c->subject)
        sw_words(s, c->subject, c->span);
    for (it = c->items; it && !s->stop; it = it->next) {
        sw(s, it->span, c->span, "case item");
        sw_words(s, it->patterns, it->span);
        sw_list(s, it->body, it->span);
    }
    if (c->fbody)
        sw_cmd(s, c->fbody, c->span);
    if (c->sub)
        sw_list(s, c->sub, c->span);
}

static void sw_list(spanwalk *s, const sf__sh_list *l, sf__span parent)
{
    const sf__sh_andor *ao;
    const sf__sh_pipeline *pl;
    const sf__sh_cmd *c;

    if (!l || s->stop)
        return;
    if (l->nitems)
        sw(s, l->span, parent, "list");
    for (ao = l->items; ao && !s->stop; ao = ao->next) {
        sw(s, ao->span, l->span, "and-or");
        for (pl = ao->pipes; pl && !s->stop; pl = pl->next) {
            sw(s, pl->span, ao->span, "pipeline");
            for (c = pl->cmds; c && !s->stop; c = c->next)
                sw_cmd(s, c, pl->span);
        }
    }
}

bool sf__sh_walk_spans(const sf__sh *sh, sf__sh_span_fn fn, void *ctx)
{
    spanwalk s = {fn, ctx, false};
    sf__span all = {0, sh->len};
    uint32_t i;

    sw_list(&s, sh->root, all);
    for (i = 0; i < sh->ndiags && !s.stop; i++)
        sw(&s, sh->diags[i].span, all, "diagnostic");
    for (i = 0; i < sh->ncomments && !s.stop; i++)
        sw(&s, sh->comments[i], all, "comment");
    for (i = 0; i < sh->nbashisms && !s.stop; i++)
        sw(&s, sh->bashisms[i].span, all, "bashism");
    return !s.stop;
}
