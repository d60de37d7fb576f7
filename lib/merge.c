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

bool sf__stage_shell_is_posix(const struct sf_doc *doc, const struct sf_insn *insn)
{
    const struct sf_insn *shell = NULL;
    const char *b;
    static const char *const posix[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox"};

    for (uint32_t i = 0; i < doc->ninsns && &doc->insns[i] != insn; i++)
        if (doc->insns[i].kind == SF_INSN_SHELL && doc->insns[i].stage == insn->stage)
            shell = &doc->insns[i];
    if (!shell)
        return true;
    if (!shell->exec_form || shell->nargs < 2 || strcmp(shell->args[shell->nargs - 1].text.ptr, "-c") != 0)
        return false;
    b = base_name(shell->args[0].text.ptr);
    for (size_t k = 0; k < SF_ARRAY_LEN(posix); k++)
        if (strcmp(b, posix[k]) == 0)
            return !(k == SF_ARRAY_LEN(posix) - 1 && (shell->nargs != 3 || strcmp(shell->args[1].text.ptr, "sh") != 0));
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
        if (plain_word(s, n)) {
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
    if (!sh || !sh->root || sh->root->nitems == 0) {
        out->why_not = "its script is empty";
        return;
    }
    if (sh->ndiags || sh->truncated || sh->next) {
        out->why_not = "its script has shell syntax problems";
        return;
    }
    if (sh->trailing_sep == SF_SH_SEP_AMP || (sh->effect_mask & (1u << SF_SH_EFF_BACKGROUND))) {
        out->why_not = "it starts a background job";
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
    if (!last && (sh->effect_mask & LEAK_MASK))
        out->wrap = SF_MERGE_SUBSHELL;
    else if (sh->root->nitems > 1 || out->ends_with_semi)
        out->wrap = SF_MERGE_BRACE;
    else
        out->wrap = SF_MERGE_PLAIN;
}

static const char *open_of(const sf__merge_part *p)
{
    return p->wrap == SF_MERGE_BRACE ? "{ " : p->wrap == SF_MERGE_SUBSHELL ? "( " : "";
}

static const char *close_of(const sf__merge_part *p)
{
    if (p->wrap == SF_MERGE_BRACE)
        return p->ends_with_semi ? " }" : "; }";
    return p->wrap == SF_MERGE_SUBSHELL ? " )" : "";
}

/* The text that joins part p to what follows: close p, continue the line, carry the moved
 * comment of p and the comment lines in [from, to) (blank lines dropped), then "&& ". */
static void joint(sf_buf *b, const struct sf_doc *doc, const sf__merge_part *p, uint32_t from,
                  uint32_t to, const char *indent)
{
    const char *eol = sf__doc_eol_at(doc, p->insn->span.start);
    const char *t = doc->src.text;

    sf__buf_puts(b, close_of(p));
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
    } else if (*open_of(&parts[0])) {
        sf__fix_edit(ck, f, parts[0].text_start, parts[0].text_start, open_of(&parts[0]), SIZE_MAX);
    }
    for (size_t i = 0; i + 1 < n; i++) {
        const sf__merge_part *p = &parts[i], *q = &parts[i + 1];
        sf_buf b = SF_BUF_INIT;
        uint32_t next_start = q->insn->rest_span.start;
        /* lead trivia of the next RUN: from the end of p's last line to q's keyword */
        uint32_t from = p->insn->span.end, to = q->insn->span.start;
        joint(&b, doc, p, from, to, indent);
        sf__buf_puts(&b, open_of(q));
        if (q->exec_text) {
            sf__buf_puts(&b, q->exec_text);
            next_start = q->text_end;
        }
        sf__fix_edit(ck, f, p->text_end, next_start, b.ptr ? b.ptr : "", b.size);
        sf_buf_dispose(&b);
    }
    if (*close_of(&parts[n - 1]))
        sf__fix_edit(ck, f, parts[n - 1].text_end, parts[n - 1].text_end, close_of(&parts[n - 1]), SIZE_MAX);
}

void sf__merge_append_edits(struct sf_check *ck, struct sf_finding *f, const sf__merge_part *p,
                            const char *text)
{
    const struct sf_doc *doc = ck->doc;
    sf_buf b = SF_BUF_INIT;
    uint32_t li = sf__source_line_index(&doc->src, p->insn->span.start);
    uint32_t le = sf__source_line_index(&doc->src, p->insn->span.end);

    if (p->wrap == SF_MERGE_NO)
        return;
    if (p->exec_text)
        return; /* appending to an exec-form RUN would change its form: not offered */
    if (*open_of(p))
        sf__fix_edit(ck, f, p->text_start, p->text_start, open_of(p), SIZE_MAX);
    sf__buf_puts(&b, close_of(p));
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
}
