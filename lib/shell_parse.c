/* shell_parse.c - the shell parser driver: feeds the re2c lexer's tokens to the lemon
 * grammar, turning words into reserved words where the shell would (command position,
 * `for NAME in`, `case WORD in`, case patterns), reads here-document bodies after the line
 * that introduced them, recurses into $( ) and backquotes, caps nesting, and provides the
 * entry points for plain text and RUN instructions. */
#include "shell.h"

#include "ascii.h"

/* The lemon token header of grammar/shell.y (same base name as this module's header). */
#include "../gen/shell.h"

#include <stdlib.h>

/* lemon's generated interface (grammar/shell.y, %name sf__sh_lemon). */
void sf__sh_lemonInit(void *parser, sf__shp *p);
void sf__sh_lemonFinalize(void *parser);
void sf__sh_lemon(void *parser, int major, sf__sh_tok minor);

enum {
    ST_NONE,
    ST_FOR_NAME,   /* after for/select: the variable */
    ST_FOR_IN,     /* after the variable: `in` or `do` */
    ST_WORDS,      /* after `for x in`: plain words up to ; or newline */
    ST_CASE_WORD,  /* after case: the subject */
    ST_CASE_IN,    /* after the subject: `in` */
    ST_CASE_PAT,   /* pattern list: `esac`, `(`, words, `|`, `)` */
    ST_FUNC_NAME   /* after `function` */
};

void sf__shp_diag(sf__shp *p, uint32_t start, uint32_t end, const char *msg)
{
    sf__sh *sh = p->sh;

    if (sh->ndiags >= 64)            /* a pathological input does not need more */
        return;
    if (sh->ndiags % 8 == 0) {
        sh->diags = sf__arena_grow(p->a, sh->diags, sh->ndiags, sh->ndiags + 8,
                                   sizeof(*sh->diags));
        if (!sh->diags) {
            sh->ndiags = 0;
            return;
        }
    }
    sh->diags[sh->ndiags].span.start = start;
    sh->diags[sh->ndiags].span.end = end < start ? start : end;
    sh->diags[sh->ndiags].msg = msg;
    sh->ndiags++;
}

void sf__shp_bashism(sf__shp *p, sf__sh_bashism_kind k, uint32_t start, uint32_t end)
{
    sf__shp_bashism_raw(p->sh, p->a, k, start, end);
}

void sf__shp_bashism_raw(sf__sh *sh, sf__arena *a, sf__sh_bashism_kind k, uint32_t start,
                         uint32_t end)
{

    if (sh->nbashisms % 16 == 0) {
        sh->bashisms = sf__arena_grow(a, sh->bashisms, sh->nbashisms, sh->nbashisms + 16,
                                      sizeof(*sh->bashisms));
        if (!sh->bashisms) {
            sh->nbashisms = 0;
            return;
        }
    }
    sh->bashisms[sh->nbashisms].kind = k;
    sh->bashisms[sh->nbashisms].span.start = start;
    sh->bashisms[sh->nbashisms].span.end = end;
    sh->nbashisms++;
}

/* Open a construct (if, loops, case, { }, ( )); false when the nesting cap is hit. */
static bool open_construct(sf__shp *p, bool is_case, const sf__sh_tok *t)
{
    if (p->depth + p->open >= SF_SH_MAX_DEPTH) {
        if (!p->fatal)
            sf__shp_diag(p, t->span.start, t->span.end, "shell nesting too deep");
        p->fatal = true;
        p->sh->truncated = true;
        return false;
    }
    if (is_case)
        p->case_bits[p->open / 8] |= (uint8_t)(1u << (p->open % 8));
    else
        p->case_bits[p->open / 8] &= (uint8_t)~(1u << (p->open % 8));
    p->open++;
    return true;
}

static void close_construct(sf__shp *p)
{
    if (p->open > 0)
        p->open--;
}

static bool innermost_is_case(const sf__shp *p)
{
    uint32_t i;

    if (p->open == 0)
        return false;
    i = p->open - 1;
    return (p->case_bits[i / 8] >> (i % 8)) & 1u;
}

/* A word usable as a reserved word: unquoted, no expansion, no continuation. */
static bool word_plain(const sf__sh_word *w)
{
    const sf__sh_part *pt;

    if (!w || (w->flags & (SF_SH_W_QUOTED | SF_SH_W_DYNAMIC)) || !w->value)
        return false;
    for (pt = w->parts; pt; pt = pt->next)
        if (pt->kind == SF_SH_PART_CONT)
            return false;
    return true;
}

/* Is w the plain word s (n bytes)? */
static bool word_is(const sf__sh_word *w, const char *s, uint32_t n)
{
    return w && w->vlen == n && w->value && memcmp(w->value, s, n) == 0 && word_plain(w);
}

#define WORD_IS(w, lit) word_is((w), (lit), (uint32_t)(sizeof(lit) - 1))

/* The reserved-word token a value spells, or 0 (a switch instead of a table walk: this runs
 * for every word in command position). */
static int reserved_token(const char *v, uint32_t n)
{
#define RW(lit, tok) if (memcmp(v, lit, sizeof(lit) - 1) == 0) return tok
    switch (n) {
    case 1:
        return v[0] == '{' ? SF_SHT_LBRACE : v[0] == '}' ? SF_SHT_RBRACE
             : v[0] == '!' ? SF_SHT_BANG : 0;
    case 2:
        switch (v[0]) {
        case 'i': RW("if", SF_SHT_IF); break;
        case 'f': RW("fi", SF_SHT_FI); break;
        case 'd': RW("do", SF_SHT_DO); break;
        default: break;
        }
        return 0;
    case 3:
        RW("for", SF_SHT_FOR);
        return 0;
    case 4:
        switch (v[0]) {
        case 't': RW("then", SF_SHT_THEN); break;
        case 'e':
            RW("else", SF_SHT_ELSE);
            RW("elif", SF_SHT_ELIF);
            RW("esac", SF_SHT_ESAC);
            break;
        case 'd': RW("done", SF_SHT_DONE); break;
        case 'c': RW("case", SF_SHT_CASE); break;
        default: break;
        }
        return 0;
    case 5:
        switch (v[0]) {
        case 'w': RW("while", SF_SHT_WHILE); break;
        case 'u': RW("until", SF_SHT_UNTIL); break;
        default: break;
        }
        return 0;
    case 6:
        RW("select", SF_SHT_SELECT);
        return 0;
    case 8:
        RW("function", SF_SHT_FUNCTION);
        return 0;
    default:
        return 0;
    }
#undef RW
}

/* After `function NAME`: drop an optional `()` (see grammar/shell.y). */
static void skip_func_parens(sf__shp *p)
{
    uint32_t i = p->pos;

    while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
        i++;
    if (i < p->len && p->s[i] == '(') {
        i++;
        while (i < p->len && (p->s[i] == ' ' || p->s[i] == '\t'))
            i++;
        if (i < p->len && p->s[i] == ')')
            p->pos = i + 1;
    }
}

/* Decide the token code of a word in the current state. */
static int classify_word(sf__shp *p, const sf__sh_tok *t)
{
    const sf__sh_word *w = t->word;
    int tok;

    switch (p->state) {
    case ST_FOR_NAME:
        p->state = ST_FOR_IN;
        p->cmd_start = false;
        return SF_SHT_WORD;
    case ST_FUNC_NAME:
        p->state = ST_NONE;
        skip_func_parens(p);
        p->cmd_start = true;
        return SF_SHT_WORD;
    case ST_CASE_WORD:
        p->state = ST_CASE_IN;
        return SF_SHT_WORD;
    case ST_CASE_IN:
        if (WORD_IS(w, "in")) {
            p->state = ST_CASE_PAT;
            return SF_SHT_IN;
        }
        return SF_SHT_WORD;
    case ST_FOR_IN:
        if (WORD_IS(w, "in")) {
            p->state = ST_WORDS;
            return SF_SHT_IN;
        }
        if (WORD_IS(w, "do")) {
            p->state = ST_NONE;
            p->cmd_start = p->in_prefix = true;
            return SF_SHT_DO;
        }
        return SF_SHT_WORD;
    case ST_WORDS:
        return SF_SHT_WORD;
    case ST_CASE_PAT:
        if (WORD_IS(w, "esac")) {
            close_construct(p);
            p->state = ST_NONE;
            p->cmd_start = true;
            p->in_prefix = false;
            return SF_SHT_ESAC;
        }
        return SF_SHT_WORD;
    default:
        break;
    }
    if (p->cmd_start && w && w->vlen && w->vlen <= 8 &&
        (tok = reserved_token(w->value, w->vlen)) != 0 && word_plain(w)) {
        switch (tok) {
        case SF_SHT_IF:
        case SF_SHT_WHILE:
        case SF_SHT_UNTIL:
        case SF_SHT_LBRACE:
            open_construct(p, false, t);
            p->cmd_start = p->in_prefix = true;
            break;
        case SF_SHT_THEN:
        case SF_SHT_ELSE:
        case SF_SHT_ELIF:
        case SF_SHT_DO:
        case SF_SHT_BANG:
            p->cmd_start = p->in_prefix = true;
            break;
        case SF_SHT_FI:
        case SF_SHT_DONE:
        case SF_SHT_ESAC:
        case SF_SHT_RBRACE:
            /* `done fi` is valid: a closing word may follow without a separator */
            close_construct(p);
            p->cmd_start = true;
            p->in_prefix = false;
            break;
        case SF_SHT_FOR:
        case SF_SHT_SELECT:
            open_construct(p, false, t);
            p->state = ST_FOR_NAME;
            p->cmd_start = true;     /* lets the lexer see `for ((` */
            break;
        case SF_SHT_CASE:
            open_construct(p, true, t);
            p->state = ST_CASE_WORD;
            p->cmd_start = p->in_prefix = false;
            break;
        case SF_SHT_FUNCTION:
            p->state = ST_FUNC_NAME;
            p->cmd_start = p->in_prefix = false;
            break;
        default:
            break;
        }
        return tok;
    }
    if (w && (w->flags & SF_SH_W_ASSIGN) && p->in_prefix) {
        p->cmd_start = false;
        return SF_SHT_ASSIGN;
    }
    p->cmd_start = p->in_prefix = false;
    return SF_SHT_WORD;
}

/* Here-doc bodies after a newline (or marked external). */
static void read_heredocs(sf__shp *p)
{
    uint32_t i;

    for (i = 0; i < p->npending; i++) {
        sf__sh_redir *r = p->pending[i];
        if (p->sh->opts & SF_SH_OPT_EXTERNAL_HEREDOCS)
            r->external = true;
        else
            sf__shlex_heredoc_body(p, r);
    }
    p->npending = 0;
}

/* Does token k carry a pointer (word, redirection, command) rather than its code? */
static bool tok_has_ptr(int k)
{
    return k == SF_SHT_WORD || k == SF_SHT_ASSIGN || k == SF_SHT_REDIR ||
           k == SF_SHT_DBRACKET || k == SF_SHT_DPAREN;
}

/* Run one parse over p->s from p->pos; top-level items go to p->root. Returns true when a
 * nested parse stopped at its closing `)` (consumed). */
static bool drive(sf__shp *p)
{
    union { void *align; long double ld; unsigned char b[SF_SH_LEMON_BYTES]; } mem;
    void *lp = &mem;
    sf__sh_tok t;
    bool closed = false;

    p->root = sf__sh_list_new(p);
    p->cmd_start = p->in_prefix = true;
    p->state = ST_NONE;
    if (!p->root) {
        p->a->failed = true;
        p->fatal = true;
        return false;
    }
    sf__sh_lemonInit(lp, p);
    for (;;) {
        int k = sf__shlex_token(p, &t);

        if (k == 0 || p->fatal)
            break;
        switch (k) {
        case SF_SHT_WORD:
            k = classify_word(p, &t);
            break;
        case SF_SHT_NEWLINE:
        case SF_SHT_SEMI:
            if (k == SF_SHT_NEWLINE && p->npending)
                read_heredocs(p);
            if (p->state == ST_WORDS)
                p->state = ST_NONE;
            p->cmd_start = p->in_prefix = true;
            break;
        case SF_SHT_AMP:
        case SF_SHT_AND_IF:
        case SF_SHT_OR_IF:
        case SF_SHT_PIPE:
        case SF_SHT_PIPE_AMP:
            if (p->state != ST_CASE_PAT)
                p->cmd_start = p->in_prefix = true;
            break;
        case SF_SHT_DSEMI:
        case SF_SHT_SEMI_AMP:
        case SF_SHT_DSEMI_AMP:
            if (k != SF_SHT_DSEMI)
                sf__shp_bashism(p, SF_SH_BASH_CASE_FALL, t.span.start, t.span.end);
            if (innermost_is_case(p))
                p->state = ST_CASE_PAT;
            p->cmd_start = p->in_prefix = false;
            break;
        case SF_SHT_LPAREN:
            if (p->state == ST_CASE_PAT)
                break;
            if (p->cmd_start) {
                open_construct(p, false, &t);
                p->parens++;
            } else {
                p->fparens++;
            }
            p->cmd_start = p->in_prefix = true;
            break;
        case SF_SHT_RPAREN:
            if (p->state == ST_CASE_PAT) {
                p->state = ST_NONE;
                p->cmd_start = p->in_prefix = true;
                break;
            }
            if (p->fparens > 0) {
                p->fparens--;
                p->cmd_start = true;
                break;
            }
            if (p->parens == 0 && p->nested) {
                closed = true;
                break;
            }
            if (p->parens > 0) {
                p->parens--;
                close_construct(p);
            }
            p->cmd_start = p->in_prefix = false;
            break;
        case SF_SHT_DPAREN:
            if (p->state == ST_FOR_NAME)
                p->state = ST_NONE;
            p->cmd_start = p->in_prefix = false;
            break;
        case SF_SHT_DBRACKET:
            p->cmd_start = p->in_prefix = false;
            break;
        case SF_SHT_REDIR:
            p->cmd_start = false;
            break;
        default:
            break;
        }
        if (closed || p->fatal)
            break;
        if (!tok_has_ptr(k))
            t.kind = k;
        sf__sh_lemon(lp, k, t);
    }
    if (p->npending) {
        if (!(p->sh->opts & SF_SH_OPT_EXTERNAL_HEREDOCS) && !p->fatal)
            sf__shp_diag(p, p->pending[0]->span.start, p->pending[0]->span.end,
                         "here-document without a body");
        read_heredocs(p);   /* external: mark; else reads an empty, unterminated body */
    }
    memset(&t, 0, sizeof(t));
    t.span.start = t.span.end = sf__shp_off(p, p->pos);
    if (!p->fatal)
        sf__sh_lemon(lp, 0, t);
    sf__sh_lemonFinalize(lp);
    sf__sh_list_finish(p->root);
    return closed;
}

/* A fresh parser state for a nested parse of p's result. */
static void nested_init(sf__shp *q, const sf__shp *p)
{
    memset(q, 0, sizeof(*q));
    q->a = p->a;
    q->sh = p->sh;
    q->depth = p->depth + p->open + 1;
}

sf__sh_list *sf__shp_nested(sf__shp *p, bool *ok)
{
    sf__shp q;

    nested_init(&q, p);
    q.s = p->s;
    q.len = p->len;
    q.pos = p->pos;
    q.map = p->map;
    q.map_len = p->map_len;
    q.nested = true;
    *ok = false;
    if (q.depth >= SF_SH_MAX_DEPTH) {
        if (!p->fatal)
            sf__shp_diag(p, sf__shp_off(p, p->pos), sf__shp_off(p, p->pos),
                         "shell nesting too deep");
        p->fatal = true;
        p->sh->truncated = true;
        return NULL;
    }
    *ok = drive(&q);
    p->pos = q.pos;
    p->fatal = q.fatal;
    return q.root;
}

sf__sh_list *sf__shp_copy(sf__shp *p, const char *s, uint32_t len, const uint32_t *map)
{
    sf__shp q;

    nested_init(&q, p);
    q.s = s;
    q.len = len;
    q.map = map;
    q.map_len = len;
    if (q.depth >= SF_SH_MAX_DEPTH) {
        if (!p->fatal)
            sf__shp_diag(p, map[0], map[len], "shell nesting too deep");
        p->fatal = true;
        p->sh->truncated = true;
        return NULL;
    }
    drive(&q);
    if (q.fatal)
        p->fatal = true;
    return q.root;
}

/* Value and offset map of a static word (for `sh -c '...'`). */
static uint32_t word_map(const sf__sh_part *pt, char *buf, uint32_t *map, uint32_t n)
{
    uint32_t k;

    for (; pt; pt = pt->next) {
        uint32_t off = pt->span.start;
        switch (pt->kind) {
        case SF_SH_PART_DQ:
            n = word_map(pt->parts, buf, map, n);
            continue;
        case SF_SH_PART_SQ:
        case SF_SH_PART_ESC:
            off += 1;
            break;
        case SF_SH_PART_ANSI:
            off += 2;
            break;
        case SF_SH_PART_CONT:
            continue;
        default:
            break;
        }
        for (k = 0; k < pt->vlen; k++) {
            buf[n] = pt->val[k];
            /* decoded $'..' bytes all map to the start of the string */
            map[n] = pt->kind == SF_SH_PART_ANSI ? off : off + k;
            if (map[n] >= pt->span.end)
                map[n] = pt->span.end > pt->span.start ? pt->span.end - 1 : pt->span.start;
            n++;
        }
    }
    return n;
}

/* Does a word hold $'...' (or $"...") parts, whose decoded bytes do not map one to one onto
 * the source? */
static bool has_decoded_part(const sf__sh_part *pt)
{
    for (; pt; pt = pt->next)
        if (pt->kind == SF_SH_PART_ANSI || pt->kind == SF_SH_PART_LOCALE ||
            (pt->kind == SF_SH_PART_DQ && has_decoded_part(pt->parts)))
            return true;
    return false;
}

/* The parsed script of a static word (sh -c STRING). A script written with $'...' is not
 * parsed: its nodes could not be given exact positions (found by fuzz_shell). */
static sf__sh_list *word_script(sf__shp *p, const sf__sh_word *w)
{
    char *buf;
    uint32_t *map;
    uint32_t n;

    if (has_decoded_part(w->parts))
        return NULL;
    buf = sf__sh_alloc(p->a, (size_t)w->vlen + 1);
    map = sf__sh_alloc(p->a, ((size_t)w->vlen + 1) * sizeof(uint32_t));
    if (!buf || !map)
        return NULL;
    n = word_map(w->parts, buf, map, 0);
    map[n] = n ? map[n - 1] + 1 : w->span.start;
    return sf__shp_copy(p, buf, n, map);
}

/* Called when a simple command is complete: parse `sh -c 'static string'`. */
void sf__shp_simple_done(sf__shp *p, sf__sh_cmd *c)
{
    int i;
    const sf__sh_word *w;

    if (!c || p->fatal || (p->sh->opts & SF_SH_OPT_NO_SHC))
        return;
    i = sf__sh_shc_index(c);
    if (i < 0)
        return;
    for (w = c->words; w && i > 0; w = w->next)
        i--;
    if (w)
        c->sub = word_script(p, w);
}

/* A fresh result. */
static sf__sh *sh_new(sf__arena *a, const char *text, uint32_t len, unsigned opts)
{
    sf__sh *sh = sf__sh_alloc(a, sizeof(*sh));

    if (!sh)
        return NULL;
    sh->text = text;
    sh->len = len;
    sh->opts = opts;
    sh->heredoc = UINT32_MAX;
    return sh;
}

/* Parse into sh (text already set). */
static int parse_into(sf__sh *sh, sf__arena *a)
{
    sf__shp p;
    const sf__sh_andor *ao;

    memset(&p, 0, sizeof(p));
    p.a = a;
    p.sh = sh;
    p.s = sh->text;
    p.len = sh->len;
    drive(&p);
    sh->root = p.root ? p.root : sf__sh_list_new(&p);
    if (!sh->root)
        return SF_ENOMEM;
    if (p.pos < p.len && !p.fatal) {
        /* an unmatched `)` at top level stops nothing: drive() only stops when nested */
    }
    for (ao = sh->root->items; ao && ao->next; ao = ao->next)
        ;
    if (ao && (ao->sep == SF_SH_SEP_SEMI || ao->sep == SF_SH_SEP_AMP)) {
        sh->trailing_sep = ao->sep;
        sh->trailing_sep_span = ao->sep_span;
    }
    if (sh->ncomments) {
        sf__span c = sh->comments[sh->ncomments - 1];
        uint32_t last_end = ao ? ao->span.end : 0;
        if (ao && ao->sep != SF_SH_SEP_NONE && ao->sep_span.end > last_end)
            last_end = ao->sep_span.end;
        if (c.start >= last_end)
            sh->trailing_comment = c;
    }
    if (sf__arena_failed(a))
        return SF_ENOMEM;
    return sf__sh_analyze(sh, a);
}

int sf__sh_parse(sf__sh **out, sf__arena *a, const char *text, size_t len, unsigned opts)
{
    sf__sh *sh;

    *out = NULL;
    if (!a || (!text && len))
        return SF_EINVAL;
    if (len > UINT32_MAX - 2)
        return SF_EINVAL;
    sh = sh_new(a, text ? text : "", (uint32_t)len, opts);
    if (!sh)
        return SF_ENOMEM;
    *out = sh;
    return parse_into(sh, a);
}

uint32_t sf__sh_src_offset(const sf__sh *sh, uint32_t off)
{
    if (off > sh->len)
        off = sh->len;
    switch (sh->origin) {
    case SF_SH_ORIGIN_REST:
        return sf__insn_src_offset(sh->insn, off);
    case SF_SH_ORIGIN_HEREDOC:
        return sh->base + off;
    default:
        return off;
    }
}

/* Interpreters whose scripts we parse. */
static bool is_shell_name(const char *s, size_t n)
{
    static const char *const names[] = {"sh", "bash", "ash", "dash", "ksh", "mksh", "busybox"};
    size_t k;

    for (k = 0; k < SF_ARRAY_LEN(names); k++)
        if (strlen(names[k]) == n && memcmp(names[k], s, n) == 0)
            return true;
    return false;
}

/* A `#!` line naming a shell (or `env shell`)? */
static bool shebang_is_shell(const char *b, uint32_t len)
{
    uint32_t i = 2, e, s;

    if (len < 2 || b[0] != '#' || b[1] != '!')
        return true;           /* no shebang: the body is a shell script */
    while (i < len && (b[i] == ' ' || b[i] == '\t'))
        i++;
    s = i;
    while (i < len && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r')
        i++;
    e = i;
    {
        uint32_t k, base = s;
        for (k = s; k < e; k++)
            if (b[k] == '/')
                base = k + 1;
        if (e - base == 3 && memcmp(b + base, "env", 3) == 0) {
            while (i < len && (b[i] == ' ' || b[i] == '\t'))
                i++;
            if (i + 2 < len && b[i] == '-' && b[i + 1] == 'S')
                i += 2;
            while (i < len && (b[i] == ' ' || b[i] == '\t'))
                i++;
            base = i;
            while (i < len && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r')
                i++;
            e = i;
        }
        return is_shell_name(b + base, e - base);
    }
}

static int parse_heredoc(sf__sh **out, sf__arena *a, const char *src, const struct sf_insn *insn,
                         uint32_t h)
{
    const sf__heredoc *hd = &insn->heredocs[h];
    sf__sh *sh;

    *out = NULL;
    if (hd->body.end < hd->body.start)
        return SF_OK;
    sh = sh_new(a, src + hd->body.start, hd->body.end - hd->body.start, 0);
    if (!sh)
        return SF_ENOMEM;
    sh->origin = SF_SH_ORIGIN_HEREDOC;
    sh->insn = insn;
    sh->heredoc = h;
    sh->base = hd->body.start;
    *out = sh;
    return parse_into(sh, a);
}

int sf__sh_parse_insn(sf__sh **out, sf__arena *a, const char *src, const struct sf_insn *insn)
{
    sf__sh *sh = NULL, **tail;
    const sf__sh_cmd *only = NULL;
    int err;
    uint32_t i, hidx = 0;

    *out = NULL;
    if (!insn || insn->kind != SF_INSN_RUN || insn->exec_form || !insn->rest.ptr)
        return SF_OK;
    err = sf__sh_parse(&sh, a, insn->rest.ptr, insn->rest.len, SF_SH_OPT_EXTERNAL_HEREDOCS);
    if (!sh)
        return err;
    sh->origin = SF_SH_ORIGIN_REST;
    sh->insn = insn;
    if (err < 0) {
        *out = sh;
        return err;
    }
    /* form 1: the whole text is one here-doc operator */
    if (insn->nheredocs == 1 && sh->root->nitems == 1 && sh->root->items->npipes == 1 &&
        sh->root->items->pipes->ncmds == 1)
        only = sh->root->items->pipes->cmds;
    if (only && only->kind == SF_SH_SIMPLE && only->nwords == 0 && only->nassigns == 0 &&
        only->redirs && !only->redirs->next && only->redirs->fd < 0 &&
        (only->redirs->kind == SF_SH_R_HEREDOC || only->redirs->kind == SF_SH_R_HEREDOC_STRIP)) {
        const sf__heredoc *hd = &insn->heredocs[0];
        if (!shebang_is_shell(src + hd->body.start, hd->body.end - hd->body.start))
            return SF_OK;
        return parse_heredoc(out, a, src, insn, 0);
    }
    /* form 2: heredocs fed to a shell on stdin become scripts too */
    *out = sh;
    tail = &sh->next;
    for (i = 0; i < sh->ncmds; i++) {
        const sf__sh_cmdinfo *c = &sh->cmds[i];
        const sf__sh_redir *r;
        for (r = c->cmd->redirs; r; r = r->next) {
            bool shell;
            uint32_t k;
            if (r->kind != SF_SH_R_HEREDOC && r->kind != SF_SH_R_HEREDOC_STRIP)
                continue;
            shell = c->name && is_shell_name(c->name, strlen(c->name)) &&
                    (r->fd < 0 || r->fd == 0);
            /* a script operand (not an option) means stdin is not the script */
            for (k = c->name_idx + 1; shell && k < c->argc; k++)
                if (c->argv[k].dynamic || c->argv[k].len == 0 || c->argv[k].value[0] != '-' ||
                    sf__sh_arg_is(c, k, "-c"))
                    shell = false;
            if (shell && hidx < insn->nheredocs) {
                sf__sh *hs = NULL;
                err = parse_heredoc(&hs, a, src, insn, hidx);
                if (hs) {
                    *tail = hs;
                    tail = &hs->next;
                }
                if (err < 0)
                    return err;
            }
            hidx++;
        }
    }
    return SF_OK;
}
