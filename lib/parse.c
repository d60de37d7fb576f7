/* parse.c - the Dockerfile driver (SQLite's sqlite3RunParser pattern).
 *
 * For each physical line it does what BuildKit's parser.Parse does: BOM, the leading run of
 * parser directives, comment and blank lines, continuation joining (comment and blank lines
 * inside a continuation are dropped), heredoc bodies. Each logical line is joined into p->jb
 * with a piece map back to the source, analysed by lib/ast.c, tokenised with the re2c lexer
 * (every byte becomes a token) and its significant tokens are pushed into the lemon grammar,
 * whose actions commit the instruction and form the stages. */
#include "token.h"

#include "ascii.h"
#include "utf8.h"

/* bufio.MaxScanTokenSize - 1 */
#define MAX_LINE 65535u

/* ------------------------------------------------------------------ tokens */

/* Grow the token arrays (doubling: a 10 MB line must not cost a copy per few tokens). */
static bool tok_grow(sf__pstate *p)
{
    uint32_t cap = p->tcap ? p->tcap * 2 : 1024;
    uint8_t *k;
    uint32_t *e;

    if (cap < p->tcap) {
        p->oom = true;
        return false;
    }
    k = realloc(p->kind, cap);
    if (!k) {
        p->oom = true;
        return false;
    }
    p->kind = k;
    e = realloc(p->end, (size_t)cap * sizeof(uint32_t));
    if (!e) {
        p->oom = true;
        return false;
    }
    p->end = e;
    p->tcap = cap;
    return true;
}

static inline bool tok_reserve(sf__pstate *p)
{
    return p->ntok < p->tcap || tok_grow(p);
}

static uint32_t last_end(const sf__pstate *p)
{
    return p->ntok ? p->end[p->ntok - 1] : 0;
}

/* Append a token ending at `end` (empty tokens are skipped). Returns its index or UINT32_MAX. */
static inline uint32_t emit(sf__pstate *p, unsigned kind, uint32_t end)
{
    if (end <= last_end(p) || !tok_reserve(p))
        return UINT32_MAX;
    p->kind[p->ntok] = (uint8_t)kind;
    p->end[p->ntok] = end;
    return p->ntok++;
}

/* ------------------------------------------------------------------ positions */

/* Are the n bytes at t all ASCII? Eight at a time. */
static bool all_ascii(const unsigned char *t, uint32_t n)
{
    uint32_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            return false;
    }
    for (; i < n; i++)
        if (t[i] >= 0x80)
            return false;
    return true;
}

/* sf__source_pos for the driver: instructions come in source order, so the line index walks
 * forward from the previous one instead of a binary search per position; an ASCII line prefix
 * (the usual case) gives all three columns at once. */
static sf_pos pos_at(sf__pstate *p, uint32_t off)
{
    const sf__source *src = &p->doc->src;
    uint32_t li = p->pline, start;
    sf_pos r;

    if (off > src->len)
        off = src->len;
    if (li >= src->nlines || src->lines[li] > off) {
        li = sf__source_line_index(src, off);
    } else {
        uint32_t steps = 0;
        while (li + 1 < src->nlines && src->lines[li + 1] <= off && ++steps < 64)
            li++;
        if (li + 1 < src->nlines && src->lines[li + 1] <= off)
            li = sf__source_line_index(src, off);
    }
    p->pline = li;
    start = src->lines[li];
    if (!all_ascii((const unsigned char *)src->text + start, off - start))
        return sf__source_pos(src, off);
    r.offset = off;
    r.line = li + 1;
    r.col = r.col16 = r.colcp = off - start + 1;
    return r;
}

static sf_range range_at(sf__pstate *p, uint32_t start, uint32_t end)
{
    sf_range r;

    r.start = pos_at(p, start);
    r.end = pos_at(p, end < start ? start : end);
    return r;
}

/* ------------------------------------------------------------------ lines */

typedef struct pline {
    uint32_t start;            /* first byte */
    uint32_t ce;               /* content end: trailing \r and \n stripped */
    uint32_t next;             /* start of the next line */
} pline;

/* The physical line holding pos (a line start, or just after the BOM). The source's line
 * table already knows where every line ends; a cursor makes the usual forward step O(1). */
static pline get_line(sf__pstate *p, uint32_t pos)
{
    const sf__source *src = &p->doc->src;
    uint32_t li = p->lcur;
    pline l;

    if (!(li < src->nlines && src->lines[li] <= pos)) {
        li = sf__source_line_index(src, pos);
    } else if (li + 1 < src->nlines && src->lines[li + 1] <= pos) {
        li++;
        if (li + 1 < src->nlines && src->lines[li + 1] <= pos)
            li = sf__source_line_index(src, pos);
    }
    p->lcur = li;
    l.start = pos;
    l.next = li + 1 < src->nlines ? src->lines[li + 1] : p->len;
    l.ce = l.next;
    if (l.ce > pos && p->s[l.ce - 1] == '\n')
        l.ce--;
    while (l.ce > pos && p->s[l.ce - 1] == '\r')
        l.ce--;
    return l;
}

static inline uint32_t skip_uspace(const sf__pstate *p, uint32_t i, uint32_t e)
{
    const unsigned char *s = (const unsigned char *)p->s;
    uint32_t k;

    while (i < e && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (i < e && (k = sf__uspace_len(s, i, e)) > 0)
        i += k;
    return i;
}

/* Offset of the continuation escape of content [a, ce), or UINT32_MAX:
 * ([^E])E[ \t]*$ | ^E[ \t]*$ */
static uint32_t cont_at(const sf__pstate *p, uint32_t a, uint32_t ce)
{
    uint32_t e = ce;

    while (e > a && (p->s[e - 1] == ' ' || p->s[e - 1] == '\t'))
        e--;
    if (e == a || p->s[e - 1] != p->esc)
        return UINT32_MAX;
    if (e - 1 == a || p->s[e - 2] != p->esc)
        return e - 1;
    return UINT32_MAX;
}

static void check_long(sf__pstate *p, const pline *l)
{
    if (l->ce - l->start > MAX_LINE)
        sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, l->start, l->ce,
                       "dockerfile line greater than max allowed size of %u", MAX_LINE);
}

/* Trivia tokens of a comment or blank line. */
static void emit_trivia_line(sf__pstate *p, const pline *l, unsigned comment_kind)
{
    uint32_t ws = skip_uspace(p, last_end(p) > l->start ? last_end(p) : l->start, l->ce);

    emit(p, SF_TK_BLANK, ws);
    emit(p, comment_kind, l->ce);
    emit(p, SF_TK_EOL, l->next);
}

/* ------------------------------------------------------------------ directives */

static const char *const directive_keys[] = {"syntax", "escape", "check"};

static bool is_re_s(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* DirectiveParser.ParseLine on content [a, ce) (already left-trimmed). Returns true when the
 * line is a directive (valid key), false when directives are done. */
static bool directive(sf__pstate *p, const pline *l, uint32_t a)
{
    const char *s = p->s;
    uint32_t i = a, ks, ke, vs, ve, ce = l->ce;
    char key[8];
    uint32_t n, k;
    sf__directive *d;

    if (i >= ce || s[i] != '#')
        return false;
    i = skip_uspace(p, i + 1, ce);
    if (i >= ce || !sf__is_alpha((unsigned char)s[i]))
        return false;
    ks = i;
    while (i < ce && sf__is_alnum((unsigned char)s[i]))
        i++;
    ke = i;
    while (i < ce && is_re_s((unsigned char)s[i]))
        i++;
    if (i >= ce || s[i] != '=')
        return false;
    i++;
    if (i >= ce)
        return false; /* (.+?) needs one character */
    vs = i;
    while (vs < ce && is_re_s((unsigned char)s[vs]))
        vs++;
    ve = ce;
    if (vs == ce) {
        vs = ce - 1; /* only blanks after '=': the regex keeps the last one as the value */
    } else {
        while (ve > vs + 1 && is_re_s((unsigned char)s[ve - 1]))
            ve--;
    }
    n = ke - ks;
    if (n > 6)
        return false;
    for (k = 0; k < n; k++)
        key[k] = (char)sf__to_lower((unsigned char)s[ks + k]);
    key[n] = '\0';
    for (k = 0; k < SF_ARRAY_LEN(directive_keys); k++)
        if (strcmp(key, directive_keys[k]) == 0)
            break;
    if (k == SF_ARRAY_LEN(directive_keys))
        return false;
    for (n = 0; n < p->doc->ndirectives; n++)
        if (strcmp(p->doc->directives[n].key.ptr, key) == 0) {
            sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, l->start, l->ce,
                           "only one %s parser directive can be used", key);
            return true;
        }
    if (k == 1) {
        if (ve - vs != 1 || (s[vs] != '\\' && s[vs] != '`')) {
            sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, vs, ve,
                           "invalid escape token '%.*s' does not match ` or \\", (int)(ve - vs),
                           s + vs);
        } else {
            p->esc = s[vs];
        }
    }
    d = sf__arena_grow(&p->doc->arena, p->doc->directives, p->doc->ndirectives,
                       p->doc->ndirectives + 1, sizeof(*d));
    if (!d)
        return true;
    p->doc->directives = d;
    d += p->doc->ndirectives++;
    d->key.ptr = sf__arena_strdup(&p->doc->arena, key);
    d->key.len = (uint32_t)strlen(key);
    d->value.ptr = sf__arena_strndup(&p->doc->arena, s + vs, ve - vs);
    d->value.len = ve - vs;
    d->span.start = l->start;
    d->span.end = l->ce;
    return true;
}

/* ------------------------------------------------------------------ joined text */

static void join(sf__pstate *p, uint32_t a, uint32_t b)
{
    sf__piece *pc;

    if (b <= a)
        return;
    if (p->jlen + (b - a) + 1 > p->jcap) {
        uint32_t cap = p->jcap ? p->jcap : 256;
        char *nb;
        while (cap < p->jlen + (b - a) + 1)
            cap *= 2;
        nb = realloc(p->jb, cap);
        if (!nb) {
            p->oom = true;
            return;
        }
        p->jb = nb;
        p->jcap = cap;
    }
    if (p->npc == p->pccap) {
        uint32_t cap = p->pccap ? p->pccap * 2 : 16;
        sf__piece *np = realloc(p->pc, cap * sizeof(*np));
        if (!np) {
            p->oom = true;
            return;
        }
        p->pc = np;
        p->pccap = cap;
    }
    memcpy(p->jb + p->jlen, p->s + a, b - a);
    pc = &p->pc[p->npc++];
    pc->joined = p->jlen;
    pc->src = a;
    pc->len = b - a;
    p->jlen += b - a;
    p->jb[p->jlen] = '\0';
}

/* ------------------------------------------------------------------ instruction tokens */

typedef struct mark {
    uint32_t start, end;
    unsigned kind;
} mark;

typedef struct marks {
    mark v[64];
    mark *m;                   /* v or heap */
    uint32_t n, cap;
    uint32_t cur;              /* first mark that may still apply */
    int last_mark;             /* mark of the last emitted WORD-ish token, -1: plain text */
    bool line_ok;              /* the last token was emitted on this line (coalescing) */
} marks;

static void mark_add(sf__pstate *p, marks *ms, sf__span sp, unsigned kind)
{
    if (sp.end <= sp.start)
        return;
    if (ms->n == ms->cap) {
        uint32_t cap = ms->cap * 2;
        mark *nm = malloc(cap * sizeof(*nm));
        if (!nm) {
            p->oom = true;
            return;
        }
        memcpy(nm, ms->m, ms->n * sizeof(*nm));
        if (ms->m != ms->v)
            free(ms->m);
        ms->m = nm;
        ms->cap = cap;
    }
    ms->m[ms->n].start = sp.start;
    ms->m[ms->n].end = sp.end;
    ms->m[ms->n].kind = kind;
    ms->n++;
}

static unsigned kw_code(sf_insn_kind k)
{
    switch (k) {
    case SF_INSN_FROM: return SF_TOK_KW_FROM;
    case SF_INSN_ARG: return SF_TOK_KW_ARG;
    case SF_INSN_ONBUILD: return SF_TOK_KW_ONBUILD;
    case SF_INSN_MAINTAINER: return SF_TOK_KW_MAINTAINER;
    case SF_INSN_UNKNOWN: return SF_TOK_KW_UNKNOWN;
    default: return SF_TOK_KW;
    }
}

static void build_marks(sf__pstate *p, marks *ms, const sf_insn *in)
{
    uint32_t i, j;

    mark_add(p, ms, in->kw, kw_code(in->kind));
    for (i = 0; i < in->nflags; i++)
        mark_add(p, ms, in->flags[i].span, SF_TOK_FLAG);
    if (in->child) {
        mark_add(p, ms, in->child->kw, kw_code(in->child->kind));
        for (i = 0; i < in->child->nflags; i++)
            mark_add(p, ms, in->child->flags[i].span, SF_TOK_FLAG);
    }
    for (i = 0; i < in->nheredocs; i++)
        mark_add(p, ms, in->heredocs[i].op, SF_TOK_HEREDOC);
    /* insertion sort by start; overlapping marks (odd continuations) keep the first */
    for (i = 1; i < ms->n; i++) {
        mark t = ms->m[i];
        for (j = i; j > 0 && ms->m[j - 1].start > t.start; j--)
            ms->m[j] = ms->m[j - 1];
        ms->m[j] = t;
    }
}

/* Emit one word segment [a, b) of region `mk` (-1 plain text) with kind `kind`; it joins the
 * previous token when that one is of the same region on the same line (blanks in between are
 * swallowed), so a line's argument text is one token, not one per word. */
static void emit_seg(sf__pstate *p, marks *ms, uint32_t a, uint32_t b, unsigned kind, int mk,
                     uint32_t *pending_blank)
{
    bool same = ms->line_ok && p->ntok && p->kind[p->ntok - 1] == kind && ms->last_mark == mk;

    if (same && (*pending_blank || p->end[p->ntok - 1] == a)) {
        p->end[p->ntok - 1] = b;
        *pending_blank = 0;
        return;
    }
    if (*pending_blank) {
        emit(p, SF_TK_BLANK, *pending_blank);
        *pending_blank = 0;
    }
    emit(p, kind, b);
    ms->last_mark = mk;
    ms->line_ok = true;
}

/* The lexer's blank class ([ \t\v\f] and CR inside a line). */
static bool is_lex_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* Tokenise content [a, ce) of one physical line of an instruction (no '\n' inside).
 *
 * The line is cut into regions: the bytes of one mark (keyword, flag, heredoc operator) or
 * the plain text between marks. Word by word, the lexer (grammar/dockerfile.re) would give
 * WORD and BLANK tokens that emit_seg joins into one token per region, from its first to its
 * last non-blank byte, with the blanks around it as BLANK. So only the blanks at the edges
 * of a region are looked at; the bytes in between are never scanned. */
static void lex_content(sf__pstate *p, marks *ms, uint32_t a, uint32_t ce)
{
    const unsigned char *s = (const unsigned char *)p->s;
    uint32_t pos = a, pending = 0;

    ms->line_ok = false;
    while (pos < ce) {
        uint32_t re = ce, lead, trail;
        unsigned kind = SF_TOK_WORD;
        int mk = -1;

        while (ms->cur < ms->n && ms->m[ms->cur].end <= pos)
            ms->cur++;
        if (ms->cur < ms->n) {
            const mark *m = &ms->m[ms->cur];
            if (m->start <= pos) {
                kind = m->kind;
                mk = (int)ms->cur;
                if (m->end < re)
                    re = m->end;
            } else if (m->start < re) {
                re = m->start;
            }
        }
        lead = pos;
        while (lead < re && is_lex_blank(s[lead]))
            lead++;
        if (lead > pos)
            pending = lead;
        if (lead < re) {
            trail = re;
            while (trail > lead && is_lex_blank(s[trail - 1]))
                trail--;
            emit_seg(p, ms, lead, trail, kind, mk, &pending);
            if (trail < re)
                pending = re;
        }
        pos = re;
    }
    if (pending)
        emit(p, SF_TK_BLANK, pending);
}

/* Push the line's keyword tokens and a NEWLINE into the grammar. Flags, argument words and
 * heredoc operators are accepted wherever a keyword is (`flags ::= flags FLAG`, `args ::=
 * args WORD`) and never start a line, so they cannot change what the grammar decides: only
 * keywords (the instruction's and an ONBUILD trigger's) are pushed. */
static void push_tokens(sf__pstate *p, void *engine, sf_insn_kind kind, uint32_t t0, uint32_t t1,
                        uint32_t nl)
{
    uint32_t t;
    bool kw = false;

    for (t = t0; t <= t1 && t < p->ntok; t++) {
        unsigned k = p->kind[t];
        bool is_kw = k >= SF_TOK_KW_FROM && k <= SF_TOK_KW;
        if (k >= SF_TK_TRIVIA || k == SF_TOK_NEWLINE || (kw && !is_kw))
            continue;
        if (!kw && !is_kw) {
            /* the keyword had no bytes of its own (an empty logical line) */
            sf__grammar_push(engine, kw_code(kind), t);
            kw = true;
            continue;
        }
        kw = true;
        sf__grammar_push(engine, (int)k, t);
    }
    if (!kw)
        sf__grammar_push(engine, kw_code(kind), t0 < p->ntok ? t0 : (p->ntok ? p->ntok - 1 : 0));
    sf__grammar_push(engine, SF_TOK_NEWLINE, nl);
}

/* One instruction starting at physical line *l (content from ws). Returns the next position. */
static uint32_t instruction(sf__pstate *p, void *engine, pline l, uint32_t ws, uint32_t lead)
{
    sf_insn in;
    marks ms;
    uint32_t lines_from = l.start, pos, cut, t0, nl_tok = UINT32_MAX, last_ce, lcur0;
    bool cont;
    uint32_t i;

    memset(&in, 0, sizeof(in));
    lcur0 = p->lcur;
    ms.n = ms.cur = 0;
    ms.line_ok = false;
    ms.m = ms.v;
    ms.cap = SF_ARRAY_LEN(ms.v);
    ms.last_mark = -2;
    p->jlen = 0;
    p->npc = 0;
    in.span.start = ws;
    in.lead.start = lead;
    in.lead.end = l.start;

    /* pass 1: join the logical line */
    check_long(p, &l);
    cut = cont_at(p, ws, l.ce);
    cont = cut != UINT32_MAX;
    join(p, ws, cont ? cut : l.ce);
    pos = l.next;
    last_ce = l.ce;
    while (cont && pos < p->len) {
        pline c = get_line(p, pos);
        uint32_t cws = skip_uspace(p, c.start, c.ce);
        check_long(p, &c);
        pos = c.next;
        last_ce = c.ce;
        if (cws < c.ce && p->s[cws] == '#')
            continue;
        if (cws == c.ce)
            continue;
        cut = cont_at(p, c.start, c.ce);
        cont = cut != UINT32_MAX;
        join(p, c.start, cont ? cut : c.ce);
    }
    in.span.end = last_ce;

    /* analyse */
    sf__ast_build(p, &in);
    build_marks(p, &ms, &in);

    /* pass 2: tokens of the logical line's physical lines */
    t0 = p->ntok;
    p->lcur = lcur0; /* back to the first line without a search */
    {
        uint32_t q = lines_from;
        bool first = true;
        while (q < pos) {
            pline c = get_line(p, q);
            uint32_t cws = skip_uspace(p, c.start, c.ce), e;
            if (first) {
                emit(p, SF_TK_BLANK, ws);
                cws = ws;
            } else if (cws < c.ce && p->s[cws] == '#') {
                emit_trivia_line(p, &c, SF_TK_COMMENT);
                q = c.next;
                continue;
            } else if (cws == c.ce) {
                emit_trivia_line(p, &c, SF_TK_COMMENT);
                q = c.next;
                continue;
            } else {
                cws = c.start;
            }
            e = cont_at(p, first ? ws : c.start, c.ce);
            lex_content(p, &ms, cws, e != UINT32_MAX ? e : c.ce);
            if (e != UINT32_MAX)
                emit(p, SF_TK_CONT, c.ce);
            if (c.next == pos && c.next > c.ce) {
                nl_tok = emit(p, SF_TOK_NEWLINE, c.next);
            } else {
                emit(p, SF_TK_EOL, c.next);
            }
            first = false;
            q = c.next;
        }
    }
    if (nl_tok == UINT32_MAX && p->ntok && p->kind[p->ntok - 1] == SF_TK_EOL &&
        p->end[p->ntok - 1] == pos)
        p->kind[p->ntok - 1] = SF_TOK_NEWLINE, nl_tok = p->ntok - 1;

    /* heredoc bodies */
    for (i = 0; i < in.nheredocs; i++) {
        sf__heredoc *h = &in.heredocs[i];
        h->body.start = pos;
        h->terminated = false;
        while (pos < p->len) {
            pline c = get_line(p, pos);
            uint32_t a = c.start;
            check_long(p, &c);
            if (h->chomp)
                while (a < c.ce && p->s[a] == '\t')
                    a++;
            if (c.ce - a == h->name.len && memcmp(p->s + a, h->name.ptr, h->name.len) == 0) {
                h->body.end = c.start;
                h->delim.start = c.start;
                h->delim.end = c.ce;
                h->terminated = true;
                h->content.ptr = sf__arena_strndup(&p->doc->arena, p->s + h->body.start,
                                                   h->body.end - h->body.start);
                h->content.len = h->content.ptr ? h->body.end - h->body.start : 0;
                emit(p, SF_TK_HEREDOC_END, c.ce);
                emit(p, SF_TK_EOL, c.next);
                in.span.end = c.ce;
                pos = c.next;
                break;
            }
            emit(p, SF_TK_HEREDOC_BODY, c.next);
            pos = c.next;
        }
        if (!h->terminated) {
            h->body.end = p->len;
            h->delim.start = h->delim.end = p->len;
            h->content.ptr = sf__arena_strndup(&p->doc->arena, p->s + h->body.start,
                                               h->body.end - h->body.start);
            h->content.len = h->content.ptr ? h->body.end - h->body.start : 0;
            in.span.end = p->len;
            if (i == 0 || in.heredocs[i - 1].terminated)
                sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, h->op.start, h->op.end,
                               "unterminated heredoc");
            in.bad = true;
        }
    }
    if (in.child && in.nheredocs) {
        in.child->heredocs = in.heredocs;
        in.child->nheredocs = in.nheredocs;
    }
    in.range = range_at(p, in.span.start, in.span.end);
    in.first_tok = t0;
    in.last_tok = p->ntok ? p->ntok - 1 : 0;
    if (in.child) {
        in.child->range = range_at(p, in.child->kw.start, in.span.end);
        in.child->span.start = in.child->kw.start;
        in.child->span.end = in.span.end;
        in.child->lead.start = in.child->lead.end = in.child->kw.start;
        in.child->first_tok = t0;
        in.child->last_tok = in.last_tok;
    }

    /* store, then let the grammar commit it */
    if (p->ninsns == p->icap) {
        uint32_t cap = p->icap ? p->icap * 2 : 64;
        sf_insn *v = realloc(p->insns, cap * sizeof(*v));
        if (!v) {
            p->oom = true;
            goto out;
        }
        p->insns = v;
        p->icap = cap;
    }
    in.index = p->ninsns;
    if (in.child)
        in.child->index = in.index;
    p->insns[p->ninsns++] = in;
    push_tokens(p, engine, in.kind, t0, nl_tok != UINT32_MAX ? nl_tok : in.last_tok,
                nl_tok != UINT32_MAX ? nl_tok : in.last_tok);
out:
    if (ms.m != ms.v)
        free(ms.m);
    return pos;
}

/* ------------------------------------------------------------------ driver */

static int finish(sf__pstate *p)
{
    sf_doc *doc = p->doc;
    uint32_t i;

    if (p->oom || sf__arena_failed(&doc->arena))
        return SF_ENOMEM;
    doc->ntok = p->ntok;
    /* sf__arena_grow with n == new_cap copies without zeroing first */
    doc->tok_kind = sf__arena_grow(&doc->arena, p->kind, p->ntok, p->ntok ? p->ntok : 1, 1);
    doc->tok_end = sf__arena_grow(&doc->arena, p->end, p->ntok, p->ntok ? p->ntok : 1,
                                  sizeof(uint32_t));
    free(p->kind); /* the scratch copies go as soon as possible: peak memory */
    free(p->end);
    p->kind = NULL;
    p->end = NULL;
    doc->insns = sf__arena_grow(&doc->arena, p->insns, p->ninsns, p->ninsns ? p->ninsns : 1,
                                sizeof(sf_insn));
    doc->stages = sf__arena_grow(&doc->arena, p->stages, p->nstages, p->nstages ? p->nstages : 1,
                                 sizeof(sf__stage));
    if (!doc->tok_kind || !doc->tok_end || !doc->insns || !doc->stages)
        return SF_ENOMEM;
    doc->ninsns = p->ninsns;
    for (i = 0; i < p->ninsns; i++) {
        doc->insns[i].doc = doc;
        if (doc->insns[i].child) {
            doc->insns[i].child->parent = &doc->insns[i];
            doc->insns[i].child->doc = doc;
        }
    }
    doc->nstages = p->nstages;
    doc->escape = p->esc;
    sf__findings_sort(&doc->findings);
    return sf__arena_failed(&doc->arena) ? SF_ENOMEM : SF_OK;
}

int sf__parse(sf_doc *doc)
{
    sf__pstate p;
    void *engine;
    uint32_t pos = 0, lead = 0;
    bool dir_done = false;
    int err;

    memset(&p, 0, sizeof(p));
    p.doc = doc;
    p.s = doc->src.text;
    p.len = doc->src.len;
    p.esc = '\\';
    engine = malloc(sf__grammar_size());
    if (!engine)
        return SF_ENOMEM;
    sf__grammar_init(engine, &p);

    if (p.len >= 3 && memcmp(p.s, "\xEF\xBB\xBF", 3) == 0) {
        emit(&p, SF_TK_BOM, 3);
        doc->has_bom = true;
        pos = lead = 3;
    }
    sf__utf8_check(doc);

    while (pos < p.len && !p.oom) {
        pline l = get_line(&p, pos);
        uint32_t ws = skip_uspace(&p, pos, l.ce);

        if (!dir_done) {
            if (directive(&p, &l, ws)) {
                check_long(&p, &l);
                emit(&p, SF_TK_BLANK, ws);
                emit(&p, SF_TK_DIRECTIVE, l.ce);
                emit(&p, SF_TK_EOL, l.next);
                pos = lead = l.next;
                continue;
            }
            dir_done = true;
        }
        if (ws == l.ce || p.s[ws] == '#') {
            check_long(&p, &l);
            emit_trivia_line(&p, &l, SF_TK_COMMENT);
            pos = l.next;
            continue;
        }
        pos = instruction(&p, engine, l, ws, lead);
        lead = pos;
    }
    sf__grammar_push(engine, 0, p.ntok ? p.ntok - 1 : 0);
    sf__grammar_finalize(engine);
    free(engine);
    if (p.ncommitted != p.ninsns)
        p.oom = true; /* cannot happen: every NEWLINE ends a line rule */

    if (!p.oom && p.ninsns == 0)
        sf__doc_report(doc, "syntax-error", SF_SEV_ERROR, 0, 0, "file with no instructions");
    err = finish(&p);
    free(p.kind);
    free(p.end);
    free(p.insns);
    free(p.stages);
    free(p.shash);
    free(p.jb);
    free(p.pc);
    return err;
}
