/* merge.c - joining RUN scripts (see merge.h). */
#include "merge.h"

#include "ascii.h"
#include "buf.h"
#include "rule.h"

static const char *base_name(const char *s)
{
    const char *slash = strrchr(s, '/');

    return slash ? slash + 1 : s;
}

/* The SHELL instruction in effect for insn, or NULL (the default /bin/sh -c): the stage's last
 * SHELL before it, else the one a base stage ended with (its image config carries it). */
static const struct sf_insn *shell_of(const struct sf_doc *doc, const struct sf_insn *insn)
{
    SF_UNUSED(doc);
    return insn->parent ? insn->parent->shell : insn->shell; /* linked once after parsing */
}

/* Case-insensitive search of needle in s[0..n). */
static bool has_word_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);

    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && sf__to_lower(s[i + k]) == needle[k])
            k++;
        if (k == m)
            return true;
    }
    return false;
}

/* Is the stage's base a Windows image (default shell `cmd /S /C`)? Follows stage bases. */
static bool windows_stage(const struct sf_doc *doc, int st)
{
    for (uint32_t hops = 0; st >= 0 && (uint32_t)st < doc->nstages && hops < doc->nstages; hops++) {
        const sf__stage *s = &doc->stages[st];
        if (s->base_stage < 0)
            return s->image.ptr && (has_word_ci(s->image.ptr, s->image.len, "windows") ||
                                    has_word_ci(s->image.ptr, s->image.len, "servercore") ||
                                    has_word_ci(s->image.ptr, s->image.len, "nanoserver"));
        st = s->base_stage;
    }
    return false;
}

bool sf__stage_shell_is_posix(const struct sf_doc *doc, const struct sf_insn *insn)
{
    const struct sf_insn *shell = shell_of(doc, insn);
    const char *b;
    static const char *const posix[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox"};

    if (!shell)
        return !windows_stage(doc, insn->stage);
    if (!shell->exec_form || shell->nargs < 2 || strcmp(shell->args[shell->nargs - 1].text.ptr, "-c") != 0)
        return false;
    b = base_name(shell->args[0].text.ptr);
    for (size_t k = 0; k < SF_ARRAY_LEN(posix); k++)
        if (strcmp(b, posix[k]) == 0)
            return !(k == SF_ARRAY_LEN(posix) - 1 && (shell->nargs != 3 || strcmp(shell->args[1].text.ptr, "sh") != 0));
    return false;
}

/* Does a word of shell options ("-e", "-eux", "-euo", "-o errexit") switch errexit on? */
static bool opts_errexit(const char *w, const char *next)
{
    if (w[0] != '-' || w[1] == '-' || w[1] == '\0')
        return false;
    for (const char *c = w + 1; *c; c++) {
        if (*c == 'e')
            return true;
        if (*c == 'o' && next && strcmp(next, "errexit") == 0)
            return true;
    }
    return false;
}

bool sf__stage_shell_errexit(const struct sf_doc *doc, const struct sf_insn *insn)
{
    const struct sf_insn *shell = shell_of(doc, insn);

    if (!shell || !shell->exec_form)
        return false;
    for (uint32_t i = 1; i < shell->nargs; i++)
        if (opts_errexit(shell->args[i].text.ptr, i + 1 < shell->nargs ? shell->args[i + 1].text.ptr : NULL))
            return true;
    return false;
}

/* A word that needs no quoting in a POSIX shell. */
static bool plain_word(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(sf__is_alnum(c) || strchr("_./:@%+,=-", c)))
            return false;
    }
    return s[0] != '=';
}

static bool in_set(const char *s, const char *const *set, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(s, set[k]) == 0)
            return true;
    return false;
}

/* Names a shell runs as a builtin (dash, bash, busybox ash) instead of the program exec form
 * would run: `["echo", "a\\n"]` runs /bin/echo, but `echo 'a\n'` in dash prints a newline,
 * and `["cd", "/x"]` fails where the builtin succeeds. true and false behave the same. */
static bool is_builtin(const char *s)
{
    static const char *const b[] = {
        ".", ":", "[", "alias", "bg", "break", "builtin", "caller", "cd", "command", "compgen",
        "complete", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec",
        "exit", "export", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let",
        "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
        "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times",
        "trap", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait"};

    return in_set(s, b, SF_ARRAY_LEN(b));
}

/* Words a shell reads as syntax in command position; quoted, they are plain names again. */
static bool is_reserved(const char *s)
{
    static const char *const r[] = {"case", "coproc", "do", "done", "elif", "else", "esac", "fi",
                                    "for", "function", "if", "in", "select", "then", "time",
                                    "until", "while"};

    return in_set(s, r, SF_ARRAY_LEN(r));
}

/* Exec-form argv -> equivalent shell text with exact quoting; NULL if impossible. */
static const char *exec_to_shell(sf__arena *a, const struct sf_insn *insn)
{
    sf_buf b = SF_BUF_INIT;
    const char *out = NULL;

    if (insn->nargs == 0)
        return NULL;
    for (uint32_t i = 0; i < insn->nargs; i++) {
        const char *s = insn->args[i].text.ptr;
        size_t n = insn->args[i].text.len;
        if (memchr(s, '\n', n) || memchr(s, '\r', n) || memchr(s, '\0', n)) {
            sf_buf_dispose(&b);
            return NULL;
        }
        if (i)
            sf__buf_putc(&b, ' ');
        /* in command position, NAME=x would be an assignment and `if` a keyword */
        if (plain_word(s, n) && !(i == 0 && (memchr(s, '=', n) || is_reserved(s)))) {
            sf__buf_put(&b, s, n);
            continue;
        }
        sf__buf_putc(&b, '\'');
        for (size_t k = 0; k < n; k++) {
            if (s[k] == '\'')
                sf__buf_puts(&b, "'\\''");
            else
                sf__buf_putc(&b, s[k]);
        }
        sf__buf_putc(&b, '\'');
    }
    if (b.ptr)
        out = sf__arena_strndup(a, b.ptr, b.size);
    sf_buf_dispose(&b);
    return out;
}

/* Document offset of the end of sh->text[.. off): the byte before maps exactly. */
static uint32_t end_off(const sf__sh *sh, uint32_t off)
{
    return off ? sf__sh_src_offset(sh, off - 1) + 1 : sf__sh_src_offset(sh, 0);
}

/* Effects that matter to what follows (WAIT and HASH do not change what later commands do). */
#define LEAK_MASK (~((1u << SF_SH_EFF_WAIT) | (1u << SF_SH_EFF_HASH)))

static bool in_isolated(const sf__sh_cmdinfo *c)
{
    return (c->ctx & SF_SH_CTX_ISOLATED) != 0;
}

/* POSIX special builtins: assignments written before them stay in the shell (dash, sh). */
static bool is_special_builtin(const char *n)
{
    static const char *const sb[] = {":", ".", "break", "continue", "eval", "exec", "exit",
                                     "export", "readonly", "return", "set", "shift", "times",
                                     "trap", "unset"};

    return in_set(n, sb, SF_ARRAY_LEN(sb));
}

/* State changes the shell analysis does not classify as leaking: eval (anything), ulimit and
 * enable (reach every later command), assignments before a special builtin. */
static bool other_leak(const sf__sh *sh)
{
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        if (!c->name || in_isolated(c))
            continue;
        if (strcmp(c->name, "eval") == 0 || strcmp(c->name, "ulimit") == 0 ||
            strcmp(c->name, "enable") == 0 || (c->cmd->nassigns && is_special_builtin(c->name)))
            return true;
    }
    return false;
}

/* Assignments the effect analysis does not classify: ${X=v} and ${X:=v}, arithmetic
 * (`$((X=1))`, `(( i++ ))`, `for ((...))`, `${a[i++]}`), the variable of a for/select loop,
 * bash `printf -v X`. Looked for everywhere but in command substitutions (conservative: a
 * subshell wrap is always exact). */
static bool arith_assigns(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        char p = i ? s[i - 1] : '\0';
        if ((s[i] == '+' || s[i] == '-') && i + 1 < n && s[i + 1] == s[i])
            return true;
        if (s[i] != '=')
            continue;
        if (i + 1 < n && s[i + 1] == '=') {
            i++;
            continue;
        }
        if (p == '!' || ((p == '<' || p == '>') && !(i >= 2 && s[i - 2] == p)))
            continue;
        return true;
    }
    return false;
}

static bool list_assigns(const sf__sh *sh, const sf__sh_list *l, uint32_t depth);

static bool parts_assign(const sf__sh *sh, const sf__sh_part *p, uint32_t depth)
{
    for (; p; p = p->next) {
        if ((p->kind == SF_SH_PART_DQ || p->kind == SF_SH_PART_LOCALE) && parts_assign(sh, p->parts, depth + 1))
            return true;
        if (p->kind == SF_SH_PART_ARITH && arith_assigns(sh->text + p->arg.start, p->arg.end - p->arg.start))
            return true;
        if (p->kind == SF_SH_PART_PARAM) {
            const char *arg = sh->text + p->arg.start;
            uint32_t alen = p->arg.end - p->arg.start;
            if ((p->op && strchr(p->op, '=')) ||
                arith_assigns(sh->text + p->sub.start, p->sub.end - p->sub.start))
                return true;
            /* nested expansions in the operand are not parsed into parts */
            for (uint32_t i = 0; i + 1 < alen; i++)
                if (arg[i] == '$' && (arg[i + 1] == '{' || arg[i + 1] == '('))
                    return true;
        }
    }
    return false;
}

static bool words_assign(const sf__sh *sh, const sf__sh_word *w, uint32_t depth)
{
    for (; w; w = w->next)
        if (parts_assign(sh, w->parts, depth))
            return true;
    return false;
}

static bool cmd_assigns(const sf__sh *sh, const sf__sh_cmd *c, uint32_t depth)
{
    if (depth > SF_SH_MAX_DEPTH)
        return true;
    for (; c; c = c->next) {
        if (c->kind == SF_SH_FOR || c->kind == SF_SH_SELECT)
            return true;
        if ((c->kind == SF_SH_DPAREN || c->kind == SF_SH_ARITH_FOR) &&
            arith_assigns(sh->text + c->expr.start, c->expr.end - c->expr.start))
            return true;
        if (words_assign(sh, c->assigns, depth) || words_assign(sh, c->words, depth) ||
            words_assign(sh, c->subject, depth))
            return true;
        for (const sf__sh_redir *r = c->redirs; r; r = r->next)
            if (r->target && parts_assign(sh, r->target->parts, depth))
                return true;
        for (const sf__sh_case_item *it = c->items; it; it = it->next)
            if (words_assign(sh, it->patterns, depth) || list_assigns(sh, it->body, depth + 1))
                return true;
        if (list_assigns(sh, c->cond, depth + 1) || list_assigns(sh, c->body, depth + 1) ||
            list_assigns(sh, c->else_body, depth + 1) || (c->elif && cmd_assigns(sh, c->elif, depth + 1)) ||
            (c->fbody && cmd_assigns(sh, c->fbody, depth + 1)))
            return true;
    }
    return false;
}

static bool list_assigns(const sf__sh *sh, const sf__sh_list *l, uint32_t depth)
{
    if (!l)
        return false;
    for (const sf__sh_andor *it = l->items; it; it = it->next)
        for (const sf__sh_pipeline *pl = it->pipes; pl; pl = pl->next)
            if (cmd_assigns(sh, pl->cmds, depth))
                return true;
    return false;
}

static bool hidden_assign(const sf__sh *sh)
{
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        if (!sf__sh_cmd_is(c, "printf") || (c->ctx & SF_SH_CTX_SUBST))
            continue;
        for (uint32_t k = c->name_idx + 1; k < c->argc; k++)
            if (c->argv[k].dynamic || strncmp(c->argv[k].value, "-v", 2) == 0)
                return true;
    }
    return list_assigns(sh, sh->root, 0);
}

/* Does the script switch errexit on anywhere in this shell (`set -e`, `set -o errexit`, or a
 * `set` with a dynamic word)? Followed by `&&`, a list that set it no longer stops at the first
 * failure, also inside subshells and braces. `sh -c` scripts are separate processes. */
static bool sets_errexit(const sf__sh *sh)
{
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        if (!sf__sh_cmd_is(c, "set") || (c->ctx & SF_SH_CTX_SHC))
            continue;
        for (uint32_t k = c->name_idx + 1; k < c->argc; k++) {
            if (c->argv[k].dynamic)
                return true;
            if (opts_errexit(c->argv[k].value, k + 1 < c->argc && !c->argv[k + 1].dynamic ?
                                                   c->argv[k + 1].value : NULL))
                return true;
        }
    }
    return false;
}

/* Under a SHELL with errexit: is the script one and-or list of simple commands, where `&&`
 * after it cannot change which failure stops the shell? */
static bool errexit_flat(const sf__sh *sh)
{
    if (sh->root->nitems != 1)
        return false;
    for (uint32_t i = 0; i < sh->neffects; i++)
        if (sh->effects[i].kind == SF_SH_EFF_FUNC || sh->effects[i].kind == SF_SH_EFF_SOURCE)
            return false;
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        if (c->depth > 0 || (c->ctx & SF_SH_CTX_SUBST) || sf__sh_cmd_is(c, "eval"))
            return false;
    }
    return true;
}

/* Commands that start a daemon: in its own RUN it is killed when the RUN ends; joined, it
 * would still run while the next commands do. */
static bool starts_daemon(const sf__sh *sh)
{
    for (uint32_t i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        bool start = false;
        if (c->name_idx >= c->argc)
            continue;
        for (uint32_t k = c->name_idx + 1; k < c->argc; k++)
            start |= sf__sh_arg_is(c, k, "start") || sf__sh_arg_is(c, k, "restart");
        if (sf__sh_cmd_is(c, "start-stop-daemon") || sf__sh_cmd_is(c, "daemonize") ||
            (start && (sf__sh_cmd_is(c, "service") || sf__sh_cmd_is(c, "rc-service") ||
                       sf__sh_cmd_is(c, "systemctl") ||
                       (!c->argv[c->name_idx].dynamic &&
                        strncmp(c->argv[c->name_idx].value, "/etc/init.d/", 12) == 0))))
            return true;
    }
    return false;
}

void sf__merge_analyze(sf__merge_part *out, struct sf_check *ck, const struct sf_insn *insn, bool last)
{
    const struct sf_doc *doc = ck->doc;
    const sf__sh *sh;
    const sf__sh_andor *it;

    memset(out, 0, sizeof(*out));
    out->insn = insn;
    out->wrap = SF_MERGE_NO;
    if (!sf__stage_shell_is_posix(doc, insn)) {
        out->why_not = "the SHELL in effect is not a POSIX shell";
        return;
    }
    if (insn->nheredocs) {
        out->why_not = "it uses a heredoc";
        return;
    }
    if (insn->exec_form) {
        if (insn->nargs && is_builtin(insn->args[0].text.ptr)) {
            out->why_not = "its exec form runs a program that the shell would replace by a builtin";
            return;
        }
        out->exec_text = exec_to_shell(sf__check_arena(ck), insn);
        if (!out->exec_text) {
            out->why_not = "its exec form cannot be written as one shell line";
            return;
        }
        out->text_start = insn->rest_span.start;
        out->text_end = insn->span.end;
        out->wrap = SF_MERGE_PLAIN;
        return;
    }
    sh = sf__check_shell(ck, insn);
    if (sh && (sh->ndiags || sh->truncated || sh->next)) {
        out->why_not = "its script has shell syntax problems";
        return;
    }
    if (!sh || !sh->root || sh->root->nitems == 0) {
        out->why_not = "its script is empty";
        return;
    }
    if (sh->trailing_sep == SF_SH_SEP_AMP) {
        out->why_not = "it starts a background job";
        return;
    }
    for (uint32_t i = 0; i < sh->neffects; i++)
        if (sh->effects[i].kind == SF_SH_EFF_BACKGROUND) {
            /* also inside ( ): the job would outlive its RUN and run beside the next one */
            out->why_not = "it starts a background job";
            return;
        }
    if (starts_daemon(sh)) {
        out->why_not = "it starts a service, which the end of its RUN stops";
        return;
    }
    for (it = sh->root->items; it && it->next; it = it->next)
        ;
    out->text_start = sf__sh_src_offset(sh, sh->root->items->span.start);
    if (sh->trailing_sep == SF_SH_SEP_SEMI) {
        out->text_end = end_off(sh, sh->trailing_sep_span.end);
        out->ends_with_semi = true;
    } else {
        out->text_end = end_off(sh, it->span.end);
    }
    {
        /* `x \` (a backslash BuildKit kept, e.g. in a backtick-escape file): the shell drops it
         * at the end of the script, but joined it would escape the blank that follows */
        uint32_t nb = 0;
        while (nb < out->text_end - out->text_start && doc->src.text[out->text_end - 1 - nb] == '\\')
            nb++;
        if (nb % 2) {
            out->wrap = SF_MERGE_NO;
            out->why_not = "its script ends with a lone backslash";
            return;
        }
    }
    if (sh->trailing_comment.end > sh->trailing_comment.start) {
        uint32_t cs = sf__sh_src_offset(sh, sh->trailing_comment.start);
        uint32_t ce = end_off(sh, sh->trailing_comment.end);
        if (sf__source_line_index(&doc->src, cs) != sf__source_line_index(&doc->src, ce > cs ? ce - 1 : ce)) {
            out->why_not = "its trailing comment swallows continuation lines";
            return;
        }
        out->comment_start = cs;
        out->comment_end = ce;
    }
    if (sets_errexit(sh)) {
        out->last_only = true;
        out->why_last = "it sets errexit, which `&&` after it would switch off";
    } else if (sf__stage_shell_errexit(doc, insn) && !errexit_flat(sh)) {
        out->last_only = true;
        out->why_last = "the SHELL sets errexit, which `&&` after its compound commands would switch off";
    }
    if (sh->root->nitems == 1)
        for (const sf__sh_pipeline *pl = sh->root->items->pipes; pl; pl = pl->next)
            if (pl->op == SF_SH_AO_OR)
                out->has_or = true;
    if (!last && ((sh->effect_mask & LEAK_MASK) || other_leak(sh) || hidden_assign(sh)))
        out->wrap = SF_MERGE_SUBSHELL;
    else if (sh->root->nitems > 1 || out->ends_with_semi)
        out->wrap = SF_MERGE_BRACE;
    else
        out->wrap = SF_MERGE_PLAIN;
}

/* The wrap part p gets in a merged RUN; `first`: nothing precedes it. */
static sf__merge_wrap wrap_of(const sf__merge_part *p, bool first)
{
    if (p->wrap == SF_MERGE_PLAIN && p->has_or && !first)
        return SF_MERGE_BRACE;
    return p->wrap;
}

static const char *open_of(const sf__merge_part *p, bool first)
{
    sf__merge_wrap w = wrap_of(p, first);

    return w == SF_MERGE_BRACE ? "{ " : w == SF_MERGE_SUBSHELL ? "( " : "";
}

static const char *close_of(const sf__merge_part *p, bool first)
{
    sf__merge_wrap w = wrap_of(p, first);

    if (w == SF_MERGE_BRACE)
        return p->ends_with_semi ? " }" : "; }";
    return w == SF_MERGE_SUBSHELL ? " )" : "";
}

/* The text that joins part p to what follows: close p, continue the line, carry the moved
 * comment of p and the comment lines in [from, to) (blank lines dropped), then "&& ". */
static void joint(sf_buf *b, const struct sf_doc *doc, const sf__merge_part *p, bool first,
                  uint32_t from, uint32_t to, const char *indent)
{
    const char *eol = sf__doc_eol_at(doc, p->insn->span.start);
    const char *t = doc->src.text;

    sf__buf_puts(b, close_of(p, first));
    sf__buf_putc(b, ' ');
    sf__buf_putc(b, doc->escape);
    sf__buf_puts(b, eol);
    if (p->comment_end > p->comment_start) {
        sf__buf_put(b, t + p->comment_start, p->comment_end - p->comment_start);
        sf__buf_puts(b, eol);
    }
    for (uint32_t i = from; i < to;) {
        uint32_t ls = i, le, cs;
        while (i < to && t[i] != '\n')
            i++;
        le = i;
        if (i < to)
            i++;
        cs = ls;
        while (cs < le && sf__is_space(t[cs]))
            cs++;
        if (cs < le && t[cs] == '#') {
            uint32_t ce = le;
            while (ce > cs && t[ce - 1] == '\r')
                ce--;
            sf__buf_put(b, t + cs, ce - cs);
            sf__buf_puts(b, eol);
        }
    }
    sf__buf_puts(b, indent);
    sf__buf_puts(b, "&& ");
}

/* Indentation for continuation lines: the first continuation line's indentation in the first
 * RUN when it has one, else four spaces. */
static const char *indent_for(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *first)
{
    const char *t = doc->src.text;
    uint32_t li = sf__source_line_index(&doc->src, first->span.start);
    uint32_t last = sf__source_line_index(&doc->src, first->span.end);

    if (last > li) {
        uint32_t s = doc->src.lines[li + 1], e = s;
        while (e < doc->src.len && sf__is_blank(t[e]))
            e++;
        if (e > s && e - s <= 16)
            return sf__arena_strndup(a, t + s, e - s);
    }
    return "    ";
}

void sf__merge_edits(struct sf_check *ck, struct sf_finding *f, const sf__merge_part *parts, size_t n)
{
    const struct sf_doc *doc = ck->doc;
    sf__arena *a = sf__check_arena(ck);
    const char *indent = indent_for(a, doc, parts[0].insn);

    if (n < 2)
        return;
    /* open the first part */
    if (parts[0].exec_text) {
        sf__fix_edit(ck, f, parts[0].text_start, parts[0].text_end, parts[0].exec_text, SIZE_MAX);
    } else if (*open_of(&parts[0], true)) {
        sf__fix_edit(ck, f, parts[0].text_start, parts[0].text_start, open_of(&parts[0], true), SIZE_MAX);
    }
    for (size_t i = 0; i + 1 < n; i++) {
        const sf__merge_part *p = &parts[i], *q = &parts[i + 1];
        sf_buf b = SF_BUF_INIT;
        uint32_t next_start = q->insn->rest_span.start;
        /* lead trivia of the next RUN: from the end of p's last line to q's keyword */
        uint32_t from = p->insn->span.end, to = q->insn->span.start;
        joint(&b, doc, p, i == 0, from, to, indent);
        sf__buf_puts(&b, open_of(q, false));
        if (q->exec_text) {
            sf__buf_puts(&b, q->exec_text);
            next_start = q->text_end;
        }
        sf__fix_edit(ck, f, p->text_end, next_start, b.ptr ? b.ptr : "", b.size);
        sf_buf_dispose(&b);
    }
    if (*close_of(&parts[n - 1], false))
        sf__fix_edit(ck, f, parts[n - 1].text_end, parts[n - 1].text_end, close_of(&parts[n - 1], false),
                     SIZE_MAX);
}

bool sf__merge_append_edits(struct sf_check *ck, struct sf_finding *f, const sf__merge_part *p,
                            const char *text)
{
    const struct sf_doc *doc = ck->doc;
    sf_buf b = SF_BUF_INIT;
    uint32_t li = sf__source_line_index(&doc->src, p->insn->span.start);
    uint32_t le = sf__source_line_index(&doc->src, p->insn->span.end);

    if (p->wrap == SF_MERGE_NO || p->last_only)
        return false;
    if (p->exec_text)
        return false; /* appending to an exec-form RUN would change its form: not offered */
    if (*open_of(p, true))
        sf__fix_edit(ck, f, p->text_start, p->text_start, open_of(p, true), SIZE_MAX);
    sf__buf_puts(&b, close_of(p, true));
    if (le > li) {
        /* a multi-line RUN gets the command on a continuation line of its own; a trailing
         * comment stays after it, at the end of the RUN */
        sf__buf_putc(&b, ' ');
        sf__buf_putc(&b, doc->escape);
        sf__buf_puts(&b, sf__doc_eol_at(doc, p->insn->span.start));
        sf__buf_puts(&b, indent_for(sf__check_arena(ck), doc, p->insn));
        sf__buf_puts(&b, "&& ");
    } else {
        sf__buf_puts(&b, " && ");
    }
    sf__buf_puts(&b, text);
    sf__fix_edit(ck, f, p->text_end, p->text_end, b.ptr, b.size);
    sf_buf_dispose(&b);
    return true;
}
