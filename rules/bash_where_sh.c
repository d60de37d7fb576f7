/* bash-where-sh: bash is used, but nothing run by it needs bash. */
#include "rule.h"

#include "ascii.h"
#include "buf.h"

static const char *base_name(const char *s)
{
    const char *slash = strrchr(s, '/');

    return slash ? slash + 1 : s;
}

static bool is_bash(const char *s)
{
    return strcmp(base_name(s), "bash") == 0;
}

/* Facts about the scripts a bash would run. */
typedef struct usage {
    bool bashism;              /* some bash-only feature is used */
    const char *first;         /* its name */
    uint32_t first_line;
    bool pipeline;             /* some pipeline of 2+ commands (pipefail matters) */
    bool risky_builtin;        /* echo with backslashes or expansions, trap ERR/DEBUG/RETURN */
    uint32_t scripts;          /* scripts looked at */
    bool unknown;              /* a script could not be analysed (dynamic, syntax problems) */
} usage;

/* Look at the part of a parse result within [from, to) of its text (to = UINT32_MAX: all). */
static void scan(usage *u, const struct sf_doc *doc, const sf__sh *sh, uint32_t from, uint32_t to)
{
    if (!sh) {
        u->unknown = true;
        return;
    }
    u->scripts++;
    if (sh->ndiags || sh->truncated)
        u->unknown = true;
    for (uint32_t i = 0; i < sh->nbashisms; i++)
        if (sh->bashisms[i].span.start >= from && sh->bashisms[i].span.start < to) {
            if (!u->bashism) {
                u->first = sf__sh_bashism_name(sh->bashisms[i].kind);
                u->first_line = sf__source_pos(&doc->src, sf__sh_src_offset(sh, sh->bashisms[i].span.start)).line;
            }
            u->bashism = true;
        }
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        if (c->cmd->span.start < from || c->cmd->span.start >= to)
            continue;
        if (c->ctx & SF_SH_CTX_PIPELINE)
            u->pipeline = true;
        if (!c->name)
            continue;
        if (strcmp(c->name, "echo") == 0)
            for (uint32_t k = c->name_idx + 1; k < c->argc; k++)
                if (c->argv[k].dynamic || memchr(c->argv[k].value, '\\', c->argv[k].len))
                    u->risky_builtin = true;
        if (strcmp(c->name, "trap") == 0)
            for (uint32_t k = c->name_idx + 1; k < c->argc; k++)
                if (sf__sh_arg_is(c, k, "ERR") || sf__sh_arg_is(c, k, "DEBUG") || sf__sh_arg_is(c, k, "RETURN"))
                    u->bashism = true, u->first = u->first ? u->first : "trap ERR/DEBUG/RETURN";
    }
}

/* The SHELL instruction in effect for insn (NULL: the default /bin/sh -c). */
static const struct sf_insn *shell_at(const struct sf_doc *doc, const struct sf_insn *insn)
{
    SF_UNUSED(doc);
    return insn->parent ? insn->parent->shell : insn->shell; /* linked once after parsing */
}

/* HEALTHCHECK NONE (any case). */
static bool is_none(const char *s, size_t n)
{
    static const char none[] = "none";

    if (n != 4)
        return false;
    for (size_t i = 0; i < 4; i++)
        if (sf__to_lower(s[i]) != none[i])
            return false;
    return true;
}

/* HEALTHCHECK [flags] CMD ["..."]: exec form, no shell involved. */
static bool healthcheck_exec(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i] == '-') { /* flags */
        while (i < n && !sf__is_blank(s[i]))
            i++;
        while (i < n && sf__is_space(s[i]))
            i++;
    }
    if (i + 3 > n || sf__to_lower(s[i]) != 'c' || sf__to_lower(s[i + 1]) != 'm' || sf__to_lower(s[i + 2]) != 'd')
        return false;
    i += 3;
    while (i < n && sf__is_space(s[i]))
        i++;
    return i < n && s[i] == '[';
}

/* Does the bash in SHELL `s` carry options other than -c and `-o pipefail`? *posix_opts: they
 * are all POSIX sh options (-e -u -x -v -f -C -n). *pipefail: `-o pipefail` is there. */
static bool shell_options(const struct sf_insn *s, bool *posix_opts, bool *pipefail, bool *other)
{
    *posix_opts = *pipefail = *other = false;
    for (uint32_t i = 1; i + 1 < s->nargs; i++) {
        const char *a = s->args[i].text.ptr;
        if (strcmp(a, "-o") == 0 && i + 2 < s->nargs) {
            const char *o = s->args[i + 1].text.ptr;
            if (strcmp(o, "pipefail") == 0)
                *pipefail = true;
            else if (strcmp(o, "errexit") == 0 || strcmp(o, "nounset") == 0 || strcmp(o, "xtrace") == 0)
                *posix_opts = true;
            else
                *other = true;
            i++;
        } else if (a[0] == '-' && a[1] && strspn(a + 1, "euxvfCn") == strlen(a + 1)) {
            *posix_opts = true;
        } else {
            *other = true;
        }
    }
    return true;
}

static void check_shell_insn(struct sf_check *ck, const struct sf_insn *shell)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    usage u;
    bool posix_opts, pipefail, other;
    struct sf_finding *f;

    if (!shell->exec_form || shell->nargs < 2 || !is_bash(shell->args[0].text.ptr) ||
        strcmp(shell->args[shell->nargs - 1].text.ptr, "-c") != 0)
        return;
    memset(&u, 0, sizeof(u));
    shell_options(shell, &posix_opts, &pipefail, &other);
    if (other)
        return; /* -l, -O extglob, --posix, ...: bash behaviour asked for explicitly */
    /* every instruction run with this SHELL: later shell-form RUN/CMD/ENTRYPOINT of the stage and
     * of stages built FROM it */
    for (uint32_t i = shell->index + 1; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (shell_at(doc, insn) != shell)
            continue;
        if (insn->kind == SF_INSN_RUN && !insn->exec_form) {
            const sf__sh *sh = sf__check_shell(ck, insn);
            if (!sh && insn->nheredocs)
                continue; /* a heredoc with its own interpreter: not run by bash */
            for (; sh; sh = sh->next)
                scan(&u, doc, sh, 0, UINT32_MAX);
        } else if (insn->kind == SF_INSN_ONBUILD ||
                   (insn->kind == SF_INSN_HEALTHCHECK && insn->rest.ptr &&
                    !is_none(insn->rest.ptr, insn->rest.len) && !healthcheck_exec(insn->rest.ptr, insn->rest.len))) {
            /* an ONBUILD trigger or a shell-form health check runs with the image's SHELL
             * later, in a form this rule does not analyse: leave the SHELL alone */
            u.unknown = true;
        } else if ((insn->kind == SF_INSN_CMD || insn->kind == SF_INSN_ENTRYPOINT) && !insn->exec_form &&
                   insn->rest.ptr) {
            sf__sh *sh = NULL;
            sf__sh_parse(&sh, a, insn->rest.ptr, insn->rest.len, 0);
            scan(&u, doc, sh, 0, UINT32_MAX);
        }
    }
    if (u.bashism || u.unknown || u.scripts == 0 || (pipefail && u.pipeline))
        return;
    f = sf__report(ck, shell, shell->span.start, shell->span.end,
                   "SHELL runs %u script%s with bash, but none of them needs bash: POSIX sh will do",
                   u.scripts, u.scripts == 1 ? "" : "s");
    if (!f)
        return;
    sf__fix_begin(ck, f, u.risky_builtin ? SF_FIX_UNSAFE : SF_FIX_SAFE,
                  posix_opts ? "use /bin/sh with the same options" : "remove the SHELL instruction");
    if (!posix_opts) {
        uint32_t s = doc->src.lines[sf__source_line_index(&doc->src, shell->span.start)];
        uint32_t e = sf__source_line_end(&doc->src, shell->span.end);
        if (e < doc->src.len)
            e += doc->src.text[e] == '\r' ? 2 : 1;
        sf__fix_edit(ck, f, s, e > doc->src.len ? doc->src.len : e, "", 0);
    } else {
        /* keep the POSIX options, drop -o pipefail (no pipeline needs it) */
        sf_buf b = SF_BUF_INIT;
        sf__buf_puts(&b, "[\"/bin/sh\"");
        for (uint32_t i = 1; i + 1 < shell->nargs; i++) {
            const char *o = shell->args[i].text.ptr;
            if (strcmp(o, "-o") == 0 && strcmp(shell->args[i + 1].text.ptr, "pipefail") == 0) {
                i++;
                continue;
            }
            sf__buf_puts(&b, ", \"");
            sf__buf_puts(&b, o);
            sf__buf_puts(&b, "\"");
        }
        sf__buf_puts(&b, ", \"-c\"]");
        sf__fix_edit(ck, f, shell->rest_span.start, shell->span.end, b.ptr, b.size);
        sf_buf_dispose(&b);
    }
}

/* RUN bash -c 'script' whose script is POSIX: unwrap it. */
static void check_bash_c(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    const sf__sh *sh = sf__check_shell(ck, insn);

    for (uint32_t i = 0; sh && i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        uint32_t k;
        usage u;
        struct sf_finding *f;
        const sf__sh_arg *script;
        if (!c->name || strcmp(c->name, "bash") != 0 || c->name_idx + 2 >= c->argc + 1)
            continue;
        k = c->name_idx + 1;
        if (k + 1 >= c->argc || !sf__sh_arg_is(c, k, "-c") || c->argv[k + 1].dynamic)
            continue;
        script = &c->argv[k + 1];
        memset(&u, 0, sizeof(u));
        if (!c->cmd->sub) {
            continue;
        }
        scan(&u, doc, sh, script->span.start, script->span.end);
        if (u.bashism || u.unknown)
            continue;
        f = sf__report(ck, insn, sf__sh_src_offset(sh, c->cmd->span.start),
                       sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1,
                       "`bash -c` runs a script that needs nothing but POSIX sh");
        if (!f)
            return;
        /* unwrap only when the RUN is exactly this one command with a one-line script */
        if (c->argc == k + 2 && c->name_idx == 0 && !c->cmd->redirs && !c->cmd->assigns &&
            sh->root->nitems == 1 && sh->ncmds >= 1 && sh->cmds[0].cmd == c->cmd && c->ctx == 0 &&
            !memchr(script->value, '\n', script->len) && !memchr(script->value, '\r', script->len) &&
            script->len > 0 && script->value[script->len - 1] != doc->escape &&
            sh->trailing_comment.end == sh->trailing_comment.start && sf__stage_shell_is_posix(doc, insn) &&
            !shell_at(doc, insn)) {
            /* every other command in the RUN would be part of the script's sub-parse */
            bool alone = true;
            for (uint32_t j = 0; j < sh->ncmds; j++)
                if (!(sh->cmds[j].ctx & SF_SH_CTX_SHC) && sh->cmds[j].cmd != c->cmd)
                    alone = false;
            if (alone) {
                sf__fix_begin(ck, f, u.risky_builtin ? SF_FIX_UNSAFE : SF_FIX_SAFE,
                              "run the script with the default /bin/sh");
                sf__fix_edit(ck, f, sf__sh_src_offset(sh, c->cmd->span.start),
                             sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1, script->value, script->len);
            }
        }
        return; /* one finding per instruction */
    }
}

/* Is w[0..n) a POSIX sh option word (-e, -eux, +x)? */
static bool posix_opt_word(const char *w, size_t n)
{
    if (n < 2 || (w[0] != '-' && w[0] != '+'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!strchr("euxvfCn", w[i]) || !w[i])
            return false;
    return true;
}

/* The `#!/bin/sh [options]` line that replaces the bash shebang t[0..e), or NULL when the line
 * is not `#!/path/bash [POSIX options]` or `#!/usr/bin/env bash`. */
static const char *shebang_for_sh(sf__arena *a, const char *t, uint32_t e)
{
    uint32_t i = 2, ws, we;
    bool env = false;
    sf_buf b = SF_BUF_INIT;
    const char *out = NULL;

    while (i < e && sf__is_blank(t[i]))
        i++;
    ws = i;
    while (i < e && !sf__is_blank(t[i]))
        i++;
    we = i;
    if (we - ws >= 4 && memcmp(t + we - 4, "/env", 4) == 0) {
        env = true;
        while (i < e && sf__is_blank(t[i]))
            i++;
        ws = i;
        while (i < e && !sf__is_blank(t[i]))
            i++;
        we = i;
        if (!(we - ws == 4 && memcmp(t + ws, "bash", 4) == 0))
            return NULL;
    } else if (!(we - ws >= 4 && memcmp(t + we - 4, "bash", 4) == 0 && (we - ws == 4 || t[we - 5] == '/'))) {
        return NULL;
    }
    sf__buf_puts(&b, "#!/bin/sh");
    for (;;) {
        while (i < e && sf__is_blank(t[i]))
            i++;
        if (i >= e)
            break;
        ws = i;
        while (i < e && !sf__is_blank(t[i]))
            i++;
        /* env passes "bash -e" as one name on Linux: only the bare form is understood */
        if (env || !posix_opt_word(t + ws, i - ws)) {
            sf_buf_dispose(&b);
            return NULL;
        }
        sf__buf_putc(&b, ' ');
        sf__buf_put(&b, t + ws, i - ws);
    }
    if (b.ptr)
        out = sf__arena_strndup(a, b.ptr, b.size);
    sf_buf_dispose(&b);
    return out;
}

/* RUN <<EOF with a bash shebang, or RUN bash <<EOF, whose script is POSIX. */
static void check_heredoc(struct sf_check *ck, const struct sf_insn *insn)
{
    const struct sf_doc *doc = ck->doc;
    const sf__sh *sh = sf__check_shell(ck, insn);
    usage u;

    if (!sh || !insn->nheredocs)
        return;
    memset(&u, 0, sizeof(u));
    if (sh->origin == SF_SH_ORIGIN_HEREDOC) {
        /* the whole RUN is one heredoc: look for a bash shebang */
        const char *t = sh->text;
        uint32_t e = 0;
        struct sf_finding *f;
        const char *line;
        if (sh->len < 3 || t[0] != '#' || t[1] != '!')
            return;
        while (e < sh->len && t[e] != '\n' && t[e] != '\r')
            e++;
        if (!strstr(sf__arena_strndup(sf__check_arena(ck), t, e), "bash"))
            return;
        scan(&u, doc, sh, 0, UINT32_MAX);
        if (u.bashism || u.unknown)
            return;
        line = shebang_for_sh(sf__check_arena(ck), t, e);
        if (!line)
            return; /* another interpreter, or bash options sh does not have */
        f = sf__report(ck, insn, sf__sh_src_offset(sh, 0), sf__sh_src_offset(sh, e > 0 ? e - 1 : 0) + 1,
                       "the heredoc script's `%.*s` asks for bash, but the script is POSIX sh",
                       (int)(e > 40 ? 40 : e), t);
        if (f) {
            sf__fix_begin(ck, f, u.risky_builtin ? SF_FIX_UNSAFE : SF_FIX_SAFE, "use #!/bin/sh");
            sf__fix_edit(ck, f, sf__sh_src_offset(sh, 0), sf__sh_src_offset(sh, e - 1) + 1, line, SIZE_MAX);
        }
        return;
    }
    /* RUN bash <<EOF: the heredoc is fed to bash */
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        struct sf_finding *f;
        if (!c->name || strcmp(c->name, "bash") != 0 || c->argc != c->name_idx + 1 || !sh->next)
            continue;
        for (const sf__sh *h = sh->next; h; h = h->next)
            scan(&u, doc, h, 0, UINT32_MAX);
        if (u.bashism || u.unknown)
            return;
        f = sf__report(ck, insn, sf__sh_src_offset(sh, c->cmd->span.start),
                       sf__sh_src_offset(sh, c->cmd->span.end - 1) + 1,
                       "the heredoc is run by bash, but the script is POSIX sh");
        if (f && c->argv[c->name_idx].len == 4 && !c->argv[c->name_idx].dynamic) {
            sf__fix_begin(ck, f, u.risky_builtin ? SF_FIX_UNSAFE : SF_FIX_SAFE, "run it with sh");
            sf__fix_edit(ck, f, sf__sh_src_offset(sh, c->argv[c->name_idx].span.start),
                         sf__sh_src_offset(sh, c->argv[c->name_idx].span.end - 1) + 1, "sh", 2);
        }
        return;
    }
}

static void check(struct sf_check *ck)
{
    const struct sf_doc *doc = ck->doc;

    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (insn->kind == SF_INSN_SHELL)
            check_shell_insn(ck, insn);
        else if (insn->kind == SF_INSN_RUN && !insn->exec_form) {
            if (insn->nheredocs)
                check_heredoc(ck, insn);
            else
                check_bash_c(ck, insn);
        }
    }
}

const struct sf_rule sf_rule_bash_where_sh = {
    "bash-where-sh",
    SF_SEV_INFO,
    "bash is used where POSIX sh would do",
    "# bash-where-sh\n"
    "\n"
    "Installing bash only to run POSIX shell code costs a package (about 1.5 MB on Alpine, plus\n"
    "its dependencies) and rules out smaller bases. The rule finds where bash is used, and checks\n"
    "with the shell parser whether anything it runs needs bash:\n"
    "\n"
    "- `SHELL [\"/bin/bash\", ...\"-c\"]`: every later shell-form RUN, CMD and ENTRYPOINT of the\n"
    "  stage (and of stages built `FROM` it, which inherit SHELL) is checked;\n"
    "- `RUN bash -c '...'` with a literal script;\n"
    "- a heredoc RUN with a bash shebang (`#!/bin/bash`) or fed to `bash`.\n"
    "\n"
    "Needing bash means: a bash-only feature (`[[ ]]`, `(( ))`, arrays, `${v//a/b}`, `$'...'`,\n"
    "`<<<`, `&>`, `|&`, process substitution, `source`, `function`, `echo -e`, `set -o pipefail`,\n"
    "`shopt`, `trap ... ERR`, ...), or `-o pipefail` in SHELL while some command runs in a pipeline.\n"
    "SHELL with other bash options (`-l`, `-O`, `--posix`) is left alone, and so is a script the\n"
    "parser cannot fully read.\n"
    "\n"
    "## Bad\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN apk add --no-cache bash\n"
    "SHELL [\"/bin/bash\", \"-c\"]\n"
    "RUN mkdir -p /app && echo ready > /app/state\n"
    "```\n"
    "\n"
    "## Good\n"
    "\n"
    "```dockerfile\n"
    "FROM alpine:3.20\n"
    "RUN mkdir -p /app && echo ready > /app/state\n"
    "```\n"
    "\n"
    "## Fix\n"
    "\n"
    "The SHELL instruction is removed (or, when it has POSIX options such as `-e` or `-x`, replaced\n"
    "by `[\"/bin/sh\", <the same options>, \"-c\"]`); `bash -c 'script'` as a whole RUN becomes\n"
    "`script`; a `#!/bin/bash` heredoc shebang becomes `#!/bin/sh`; `bash <<EOF` becomes\n"
    "`sh <<EOF`. The fix is **safe** when no command prints with `echo` arguments holding\n"
    "backslashes or expansions (dash's `echo` interprets backslashes, bash's does not), otherwise\n"
    "**unsafe**. Note that SHELL is also recorded in the image configuration, which shell-form\n"
    "CMD/ENTRYPOINT use at run time; those are checked too. The `apk add bash` that existed only\n"
    "for SHELL is not removed automatically: removing a package changes the image, so do it by\n"
    "hand once the fix is in.\n",
    0,
    SF_FIX_SAFE,
    NULL,
    NULL,
    check,
};
