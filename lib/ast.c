/* ast.c - AST constructors: split a joined logical line the way BuildKit's parser does
 * (frontend/dockerfile/parser: splitCommand, extractBuilderFlags, line_parsers.go, heredoc
 * detection) and run the instruction-level checks of frontend/dockerfile/instructions that a
 * linter can decide statically (flags, FROM, SHELL, ONBUILD, unknown words). Also the grammar
 * actions' constructors (commit/reject) and the small AST helpers declared in ast.h.
 *
 * Everything here works on the joined text p->jb (continuations removed) and maps offsets back
 * to the source through the piece table p->pc. */
#include "token.h"

#include <stdio.h>

#include "ascii.h"
#include "utf8.h"

/* ------------------------------------------------------------------ keywords */

static const char *const kind_names[] = {
    NULL,          "ADD",     "ARG",        "CMD",   "COPY",      "ENTRYPOINT", "ENV",
    "EXPOSE",      "FROM",    "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",    "RUN",
    "SHELL",       "STOPSIGNAL", "USER",     "VOLUME", "WORKDIR"};

static const unsigned char kind_lens[] = {0, 3, 3, 3, 4, 10, 3, 6, 4, 11, 5, 10, 7, 3, 5, 10, 4, 6, 7};

const char *sf__insn_kind_name(sf_insn_kind k)
{
    return (unsigned)k < SF_ARRAY_LEN(kind_names) ? kind_names[k] : NULL;
}

sf_insn_kind sf__insn_kind_from_word(const char *w, size_t n)
{
    size_t k, i;

    if (n < 3 || n > 11)
        return SF_INSN_UNKNOWN;
    for (k = 1; k < SF_ARRAY_LEN(kind_names); k++) {
        const char *name = kind_names[k];
        if (kind_lens[k] != n || name[0] != sf__to_upper((unsigned char)w[0]))
            continue;
        for (i = 0; i < n; i++)
            if (sf__to_upper((unsigned char)w[i]) != name[i])
                break;
        if (i == n)
            return (sf_insn_kind)k;
    }
    return SF_INSN_UNKNOWN;
}

/* ------------------------------------------------------------------ helpers */

const sf__flag *sf__insn_flag(const struct sf_insn *insn, const char *name)
{
    uint32_t i;
    size_t n = strlen(name);

    for (i = 0; insn && i < insn->nflags; i++)
        if (insn->flags[i].name.len == n && memcmp(insn->flags[i].name.ptr, name, n) == 0)
            return &insn->flags[i];
    return NULL;
}

uint32_t sf__ast_map(const sf__piece *pc, uint32_t npc, uint32_t j)
{
    uint32_t lo = 0, hi = npc;

    if (npc == 0)
        return 0;
    /* last piece with joined <= j: at a boundary that is the later piece */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (pc[mid].joined <= j)
            lo = mid;
        else
            hi = mid;
    }
    if (j < pc[lo].joined)
        return pc[lo].src;
    if (j - pc[lo].joined > pc[lo].len)
        return pc[lo].src + pc[lo].len;
    return pc[lo].src + (j - pc[lo].joined);
}

uint32_t sf__insn_src_offset(const struct sf_insn *insn, uint32_t joined)
{
    if (!insn->npieces)
        return insn->rest_span.start;
    return sf__ast_map(insn->pieces, insn->npieces, joined);
}

struct sf_finding *sf__doc_report(struct sf_doc *doc, const char *rule, sf_severity sev,
                                  uint32_t start, uint32_t end, const char *fmt, ...)
{
    struct sf_finding *f = sf__findings_push(&doc->findings, &doc->arena);
    va_list ap;
    int n;
    char *msg;

    if (!f)
        return NULL;
    f->rule = rule;
    f->severity = sev;
    f->range = sf__source_range(&doc->src, start, end);
    /* the previous finding of the same rule already built its URL in this arena */
    if (doc->findings.n >= 2 && doc->findings.v[doc->findings.n - 2].url &&
        strcmp(doc->findings.v[doc->findings.n - 2].rule, rule) == 0)
        f->url = doc->findings.v[doc->findings.n - 2].url;
    else
        f->url = sf__rule_url(&doc->arena, rule);
    f->fix_safety = SF_FIX_NONE;
    if (strcmp(fmt, "%s") == 0) { /* report() has formatted the message already */
        const char *m;
        va_start(ap, fmt);
        m = va_arg(ap, const char *);
        va_end(ap);
        f->message = sf__arena_strdup(&doc->arena, m ? m : "");
        if (!f->message)
            f->message = "";
        if (sev == SF_SEV_ERROR)
            doc->has_errors = true;
        return f;
    }
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    msg = sf__arena_alloc(&doc->arena, n > 0 ? (size_t)n + 1 : 1);
    if (msg && n > 0) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    f->message = msg ? msg : "";
    if (sev == SF_SEV_ERROR)
        doc->has_errors = true;
    return f;
}

uint32_t sf__uspace_at(const unsigned char *s, uint32_t i, uint32_t n)
{
    unsigned c = s[i];

    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0x85 || s[i + 1] == 0xA0))
        return 2;
    if (i + 2 >= n)
        return 0;
    if (c == 0xE1 && s[i + 1] == 0x9A && s[i + 2] == 0x80)
        return 3;
    if (c == 0xE2 && s[i + 1] == 0x80 &&
        ((s[i + 2] >= 0x80 && s[i + 2] <= 0x8A) || s[i + 2] == 0xA8 || s[i + 2] == 0xA9 ||
         s[i + 2] == 0xAF))
        return 3;
    if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F)
        return 3;
    if (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Length of a Unicode white-space character ending just before s[i] (not before lo), else 0. */
static uint32_t uspace_before(const unsigned char *s, uint32_t lo, uint32_t i)
{
    if (i <= lo)
        return 0;
    if (s[i - 1] < 0x80)
        return sf__uspace_len(s, i - 1, i);
    if (i - lo >= 2 && sf__uspace_at(s, i - 2, i) == 2)
        return 2;
    if (i - lo >= 3 && sf__uspace_at(s, i - 3, i) == 3)
        return 3;
    return 0;
}

/* strings.TrimSpace on s[*a, *b). */
static void trim_space(const char *s, uint32_t *a, uint32_t *b)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t k;

    while (*a < *b && (k = sf__uspace_len(u, *a, *b)) > 0)
        *a += k;
    while (*b > *a && (k = uspace_before(u, *a, *b)) > 0)
        *b -= k;
}

/* reWhitespace = [\t\v\f\r ] */
static bool is_rews(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* unicode.IsSpace(rune(b)) on a single byte, as BuildKit's byte loops do. */
static bool is_bytespace(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
}

static sf__str mkstr(sf__arena *a, const char *s, uint32_t n)
{
    sf__str r;

    r.ptr = sf__arena_strndup(a, s, n);
    r.len = r.ptr ? n : 0;
    return r;
}

/* A growable scratch vector (malloc); failures set *oom. */
typedef struct vec {
    void *v;
    size_t n, cap, elem;
} vec;

static void *vec_push(vec *x, bool *oom)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        void *nv = realloc(x->v, cap * x->elem);
        if (!nv) {
            *oom = true;
            return NULL;
        }
        x->v = nv;
        x->cap = cap;
    }
    return (char *)x->v + x->elem * x->n++;
}

/* ------------------------------------------------------------------ line context */

/* What constructors need: the joined text and its source map. */
typedef struct line {
    sf__pstate *p;
    sf_doc *doc;
    const char *j;             /* joined text */
    uint32_t jlen;
    const sf__piece *pc;
    uint32_t npc;
    uint32_t dflt;             /* source offset for an empty line */
    char esc;
} line;

static uint32_t src_start(const line *l, uint32_t j)
{
    if (l->npc == 1) { /* one physical line: sf__ast_map without the call */
        const sf__piece *pc = l->pc;
        if (j < pc->joined)
            return pc->src;
        return j - pc->joined > pc->len ? pc->src + pc->len : pc->src + (j - pc->joined);
    }
    return l->npc ? sf__ast_map(l->pc, l->npc, j) : l->dflt;
}

/* Source span of joined [a, b): first byte to just after the last byte. */
static sf__span src_span(const line *l, uint32_t a, uint32_t b)
{
    sf__span s;

    s.start = src_start(l, a);
    s.end = b > a ? src_start(l, b - 1) + 1 : s.start;
    return s;
}

static void report(const line *l, sf_insn *insn, sf__span sp, const char *fmt, ...) SF_PRINTF(4, 5);

static void report(const line *l, sf_insn *insn, sf__span sp, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    sf__doc_report(l->doc, "syntax-error", SF_SEV_ERROR, sp.start, sp.end, "%s", buf);
    insn->bad = true;
}

/* Pieces of joined [a, b), rebased so that a is 0. */
static void clip_pieces(const line *l, sf_insn *insn, uint32_t a, uint32_t b)
{
    uint32_t i, n = 0;
    sf__piece *out;

    for (i = 0; i < l->npc; i++)
        if (l->pc[i].joined < b && l->pc[i].joined + l->pc[i].len > a)
            n++;
    if (!n)
        return;
    out = sf__arena_alloc(&l->doc->arena, n * sizeof(*out));
    if (!out)
        return;
    n = 0;
    for (i = 0; i < l->npc; i++) {
        uint32_t s = l->pc[i].joined, e = s + l->pc[i].len;
        if (s >= b || e <= a)
            continue;
        if (s < a)
            s = a;
        if (e > b)
            e = b;
        out[n].joined = s - a;
        out[n].src = l->pc[i].src + (s - l->pc[i].joined);
        out[n].len = e - s;
        n++;
    }
    insn->pieces = out;
    insn->npieces = n;
}

/* ------------------------------------------------------------------ args */

typedef struct argv_ {
    vec v;                     /* of sf__arg */
    bool *oom;
} argv_;

static void add_arg(const line *l, argv_ *av, uint32_t a, uint32_t b, const char *text,
                    uint32_t tlen)
{
    sf__arg *x = vec_push(&av->v, av->oom);

    if (!x)
        return;
    x->span = src_span(l, a, b);
    x->text = mkstr(&l->doc->arena, text, tlen);
}

static void add_arg_raw(const line *l, argv_ *av, uint32_t a, uint32_t b)
{
    add_arg(l, av, a, b, l->j + a, b - a);
}

/* parseStringsWhitespaceDelimited: split on runs of [\t\v\f\r ]. */
static void split_ws(const line *l, argv_ *av, uint32_t a, uint32_t b)
{
    uint32_t i = a, s = a;

    if (a == b)
        return;
    for (;;) {
        if (i == b || is_rews((unsigned char)l->j[i])) {
            add_arg_raw(l, av, s, i);
            if (i == b)
                break;
            while (i < b && is_rews((unsigned char)l->j[i]))
                i++;
            s = i;
            if (i == b) {
                add_arg_raw(l, av, s, i); /* Split keeps a trailing empty field */
                break;
            }
            continue;
        }
        i++;
    }
}

/* parseWords: quote-aware words, kept verbatim. Appends [start,end) pairs to w. */
static void parse_words(const line *l, uint32_t a, uint32_t b, vec *w, bool *oom)
{
    const unsigned char *s = (const unsigned char *)l->j;
    enum { SPACES, WORD, QUOTE } phase = SPACES;
    unsigned char quote = 0;
    uint32_t pos = a, ws = a, we = a;
    bool have = false;

    while (pos <= b) {
        uint32_t k;
        unsigned char ch;

        if (phase == SPACES) {
            if (pos == b)
                break;
            if ((k = sf__uspace_len(s, pos, b)) > 0) {
                pos += k;
                continue;
            }
            phase = WORD;
            ws = we = pos;
            have = false;
        }
        if (pos == b) {
            if (have) {
                uint32_t *x = vec_push(w, oom);
                if (x) {
                    x[0] = ws;
                    x[1] = we;
                }
            }
            break;
        }
        ch = s[pos];
        if (phase == WORD) {
            /* ordinary ASCII bytes: no space, quote or escape */
            if (ch > ' ' && ch < 0x80 && ch != '\'' && ch != '"' && ch != (unsigned char)l->esc) {
                do
                    pos++;
                while (pos < b && s[pos] > ' ' && s[pos] < 0x80 && s[pos] != '\'' && s[pos] != '"' &&
                       s[pos] != (unsigned char)l->esc);
                we = pos;
                have = true;
                continue;
            }
            if ((k = sf__uspace_len(s, pos, b)) > 0) {
                uint32_t *x = vec_push(w, oom);
                if (x) {
                    x[0] = ws;
                    x[1] = we;
                }
                phase = SPACES;
                pos += k;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                phase = QUOTE;
            }
            if (ch == (unsigned char)l->esc) {
                if (pos + 1 == b) {
                    pos++;
                    continue; /* an escape at the very end is dropped */
                }
                pos++;
            }
            pos++;
            we = pos;
            have = true;
            continue;
        }
        /* QUOTE */
        if (ch == quote)
            phase = WORD;
        if (ch == (unsigned char)l->esc && quote != '\'') {
            if (pos + 1 == b) {
                phase = WORD;
                pos++;
                continue;
            }
            pos++;
        }
        pos++;
        we = pos;
        have = true;
    }
}

/* ------------------------------------------------------------------ JSON */

typedef struct jcur {
    const unsigned char *s;
    uint32_t i, n;
} jcur;

static void jws(jcur *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
                           c->s[c->i] == '\r'))
        c->i++;
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

static int32_t hex4(const unsigned char *s)
{
    int32_t v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Validate a JSON string at c->i (on '"'); when out != NULL also decode into out (which has
 * room for the raw length). Returns false when invalid. */
static bool jstring(jcur *c, char *out, uint32_t *olen)
{
    uint32_t o = 0;

    c->i++;
    for (;;) {
        unsigned ch;

        if (c->i >= c->n)
            return false;
        ch = c->s[c->i];
        if (ch == '"') {
            c->i++;
            break;
        }
        if (ch < 0x20)
            return false;
        if (ch == '\\') {
            unsigned e;
            if (c->i + 1 >= c->n)
                return false;
            e = c->s[c->i + 1];
            c->i += 2;
            switch (e) {
            case '"': case '\\': case '/':
                if (out) out[o++] = (char)e;
                break;
            case 'b': if (out) out[o++] = '\b'; break;
            case 'f': if (out) out[o++] = '\f'; break;
            case 'n': if (out) out[o++] = '\n'; break;
            case 'r': if (out) out[o++] = '\r'; break;
            case 't': if (out) out[o++] = '\t'; break;
            case 'u': {
                int32_t cp;
                if (c->i + 4 > c->n || (cp = hex4(c->s + c->i)) < 0)
                    return false;
                c->i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && c->i + 6 <= c->n && c->s[c->i] == '\\' &&
                    c->s[c->i + 1] == 'u') {
                    int32_t lo = hex4(c->s + c->i + 2);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        c->i += 6;
                    }
                }
                /* a lone surrogate decodes to U+FFFD, as in Go */
                if (out)
                    o += (uint32_t)sf__utf8_encode(cp, out + o);
                break;
            }
            default:
                return false;
            }
            continue;
        }
        if (ch < 0x80) {
            if (out) out[o++] = (char)ch;
            c->i++;
            continue;
        } else {
            int32_t cp;
            int k = sf__utf8_decode(c->s + c->i, c->n - c->i, &cp);
            if (k <= 0) {
                if (out)
                    o += (uint32_t)sf__utf8_encode(0xFFFD, out + o);
                c->i++;
            } else {
                if (out)
                    memcpy(out + o, c->s + c->i, (size_t)k);
                o += out ? (uint32_t)k : 0;
                c->i += (uint32_t)k;
            }
        }
    }
    if (olen)
        *olen = o;
    return true;
}

static bool jnumber(jcur *c)
{
    const unsigned char *s = c->s;

    if (c->i < c->n && s[c->i] == '-')
        c->i++;
    if (c->i >= c->n)
        return false;
    if (s[c->i] == '0')
        c->i++;
    else if (s[c->i] >= '1' && s[c->i] <= '9')
        while (c->i < c->n && sf__is_digit(s[c->i]))
            c->i++;
    else
        return false;
    if (c->i < c->n && s[c->i] == '.') {
        c->i++;
        if (c->i >= c->n || !sf__is_digit(s[c->i]))
            return false;
        while (c->i < c->n && sf__is_digit(s[c->i]))
            c->i++;
    }
    if (c->i < c->n && (s[c->i] == 'e' || s[c->i] == 'E')) {
        c->i++;
        if (c->i < c->n && (s[c->i] == '+' || s[c->i] == '-'))
            c->i++;
        if (c->i >= c->n || !sf__is_digit(s[c->i]))
            return false;
        while (c->i < c->n && sf__is_digit(s[c->i]))
            c->i++;
    }
    return true;
}

static bool jlit(jcur *c, const char *w)
{
    size_t n = strlen(w);

    if (c->n - c->i < n || memcmp(c->s + c->i, w, n) != 0)
        return false;
    c->i += (uint32_t)n;
    return true;
}

#define JSON_MAX_DEPTH 10000

/* Validate one JSON value of any kind without recursion (Go's depth limit applies). */
static bool jvalue(jcur *c)
{
    unsigned char stack[JSON_MAX_DEPTH / 8 + 1];
    int depth = 0;

    for (;;) {
        /* expect a value */
        jws(c);
        if (c->i >= c->n)
            return false;
        switch (c->s[c->i]) {
        case '"':
            if (!jstring(c, NULL, NULL))
                return false;
            break;
        case '[':
        case '{': {
            bool obj = c->s[c->i] == '{';
            if (depth >= JSON_MAX_DEPTH)
                return false;
            if (obj)
                stack[depth / 8] = (unsigned char)(stack[depth / 8] | (1u << (depth % 8)));
            else
                stack[depth / 8] = (unsigned char)(stack[depth / 8] & ~(1u << (depth % 8)));
            depth++;
            c->i++;
            jws(c);
            if (c->i < c->n && c->s[c->i] == (obj ? '}' : ']')) {
                c->i++;
                depth--;
                break;
            }
            if (obj) {
                if (c->i >= c->n || c->s[c->i] != '"' || !jstring(c, NULL, NULL))
                    return false;
                jws(c);
                if (c->i >= c->n || c->s[c->i] != ':')
                    return false;
                c->i++;
            }
            continue;
        }
        case 't':
            if (!jlit(c, "true"))
                return false;
            break;
        case 'f':
            if (!jlit(c, "false"))
                return false;
            break;
        case 'n':
            if (!jlit(c, "null"))
                return false;
            break;
        default:
            if (!jnumber(c))
                return false;
        }
        /* after a value: close containers or continue with ',' */
        for (;;) {
            bool obj;
            if (depth == 0)
                return true;
            obj = (stack[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1;
            jws(c);
            if (c->i >= c->n)
                return false;
            if (c->s[c->i] == ',') {
                c->i++;
                if (obj) {
                    jws(c);
                    if (c->i >= c->n || c->s[c->i] != '"' || !jstring(c, NULL, NULL))
                        return false;
                    jws(c);
                    if (c->i >= c->n || c->s[c->i] != ':')
                        return false;
                    c->i++;
                }
                break;
            }
            if (c->s[c->i] == (obj ? '}' : ']')) {
                c->i++;
                depth--;
                continue;
            }
            return false;
        }
    }
}

int sf__json_string_array(sf__arena *a, const char *s, uint32_t n, sf__str **out, uint32_t *nout,
                          uint32_t **starts, uint32_t **ends)
{
    jcur c;
    uint32_t count = 0, k;
    bool nonstring = false;
    sf__str *v;
    uint32_t *st, *en;

    *out = NULL;
    *nout = 0;
    c.s = (const unsigned char *)s;
    c.n = n;
    c.i = 0;
    jws(&c);
    if (c.i >= n || s[c.i] != '[')
        return 0;
    /* pass 1: validate and count */
    c.i++;
    jws(&c);
    if (c.i < n && s[c.i] == ']') {
        c.i++;
    } else {
        for (;;) {
            jws(&c);
            if (c.i >= n)
                return 0;
            if (s[c.i] != '"')
                nonstring = true;
            if (!jvalue(&c))
                return 0;
            count++;
            jws(&c);
            if (c.i < n && s[c.i] == ',') {
                c.i++;
                continue;
            }
            if (c.i < n && s[c.i] == ']') {
                c.i++;
                break;
            }
            return 0;
        }
    }
    jws(&c);
    if (c.i != n)
        return 0;
    if (nonstring)
        return -1;
    /* pass 2: decode */
    v = sf__arena_alloc(a, (count ? count : 1) * sizeof(*v));
    st = sf__arena_alloc(a, (count ? count : 1) * sizeof(*st));
    en = sf__arena_alloc(a, (count ? count : 1) * sizeof(*en));
    if (!v || !st || !en)
        return 1;
    c.i = 0;
    jws(&c);
    c.i++;
    for (k = 0; k < count; k++) {
        uint32_t st0, raw, olen = 0;
        char *buf;
        jws(&c);
        st0 = c.i;
        {
            jcur probe = c;
            jstring(&probe, NULL, NULL);
            raw = probe.i - st0;
        }
        /* an invalid byte becomes U+FFFD: 3 bytes out for 1 in, the worst case */
        buf = sf__arena_alloc(a, (size_t)raw * 3 + 1);
        if (!buf)
            return 1;
        jstring(&c, buf, &olen);
        buf[olen] = '\0';
        v[k].ptr = buf;
        v[k].len = olen;
        st[k] = st0;
        en[k] = c.i;
        jws(&c);
        c.i++; /* ',' or ']' */
    }
    *out = v;
    *nout = count;
    if (starts)
        *starts = st;
    if (ends)
        *ends = en;
    return 1;
}

/* Try the JSON form on joined [a, b). Returns as sf__json_string_array. */
static int try_json(const line *l, argv_ *av, uint32_t a, uint32_t b)
{
    sf__str *v;
    uint32_t n, i, *st = NULL, *en = NULL;
    int r;

    /* strings.TrimLeftFunc(rest, unicode.IsSpace) then HasPrefix "[" */
    while (a < b) {
        uint32_t k = sf__uspace_len((const unsigned char *)l->j, a, b);
        if (!k)
            break;
        a += k;
    }
    if (a >= b || l->j[a] != '[')
        return 0;
    r = sf__json_string_array(&l->doc->arena, l->j + a, b - a, &v, &n, &st, &en);
    if (r != 1)
        return r;
    for (i = 0; i < n; i++) {
        sf__arg *x = vec_push(&av->v, av->oom);
        if (!x)
            break;
        x->span = src_span(l, a + st[i], a + en[i]);
        x->text = v[i];
    }
    return 1;
}

/* ------------------------------------------------------------------ flags */

enum { FL_STRING = 's', FL_BOOL = 'b', FL_LIST = 'l' };

typedef struct flagdef {
    sf_insn_kind kind;
    const char *name;
    char type;
} flagdef;

static const flagdef flagdefs[] = {
    {SF_INSN_FROM, "platform", FL_STRING},
    {SF_INSN_RUN, "mount", FL_LIST},
    {SF_INSN_RUN, "network", FL_STRING},
    {SF_INSN_RUN, "security", FL_STRING},
    {SF_INSN_RUN, "device", FL_LIST},
    {SF_INSN_COPY, "chown", FL_STRING},
    {SF_INSN_COPY, "from", FL_STRING},
    {SF_INSN_COPY, "chmod", FL_STRING},
    {SF_INSN_COPY, "link", FL_BOOL},
    {SF_INSN_COPY, "exclude", FL_LIST},
    {SF_INSN_COPY, "parents", FL_BOOL},
    {SF_INSN_ADD, "chown", FL_STRING},
    {SF_INSN_ADD, "chmod", FL_STRING},
    {SF_INSN_ADD, "link", FL_BOOL},
    {SF_INSN_ADD, "keep-git-dir", FL_BOOL},
    {SF_INSN_ADD, "checksum", FL_STRING},
    {SF_INSN_ADD, "unpack", FL_BOOL},
    {SF_INSN_ADD, "exclude", FL_LIST},
    {SF_INSN_HEALTHCHECK, "interval", FL_STRING},
    {SF_INSN_HEALTHCHECK, "timeout", FL_STRING},
    {SF_INSN_HEALTHCHECK, "start-period", FL_STRING},
    {SF_INSN_HEALTHCHECK, "start-interval", FL_STRING},
    {SF_INSN_HEALTHCHECK, "retries", FL_STRING},
};

static const flagdef *find_flagdef(sf_insn_kind k, const sf__str *name)
{
    size_t i;

    for (i = 0; i < SF_ARRAY_LEN(flagdefs); i++)
        if (flagdefs[i].kind == k && strlen(flagdefs[i].name) == name->len &&
            memcmp(flagdefs[i].name, name->ptr, name->len) == 0)
            return &flagdefs[i];
    return NULL;
}

static bool ieq(const char *a, uint32_t n, const char *b)
{
    uint32_t i;

    if (strlen(b) != n)
        return false;
    for (i = 0; i < n; i++)
        if (sf__to_lower((unsigned char)a[i]) != b[i])
            return false;
    return true;
}

/* BFlags.Parse: the first problem only, as BuildKit stops there. */
static void validate_flags(const line *l, sf_insn *insn)
{
    uint32_t i, k;

    for (i = 0; i < insn->nflags; i++) {
        const sf__flag *f = &insn->flags[i];
        const flagdef *d = find_flagdef(insn->kind, &f->name);
        const char *nm = f->name.ptr ? f->name.ptr : "";

        if (!d) {
            report(l, insn, f->span, "unknown flag: --%s", nm);
            return;
        }
        if (d->type != FL_LIST)
            for (k = 0; k < i; k++)
                if (insn->flags[k].name.len == f->name.len &&
                    memcmp(insn->flags[k].name.ptr, nm, f->name.len) == 0) {
                    report(l, insn, f->span, "duplicate flag specified: --%s", nm);
                    return;
                }
        if (d->type == FL_BOOL) {
            if (f->value.ptr && f->value.len == 0) {
                report(l, insn, f->span, "missing a value on flag: --%s", nm);
                return;
            }
            if (f->value.ptr && !ieq(f->value.ptr, f->value.len, "true") &&
                !ieq(f->value.ptr, f->value.len, "false")) {
                report(l, insn, f->span, "expecting boolean value for flag --%s, not: %s", nm,
                       f->value.ptr);
                return;
            }
        } else if (!f->value.ptr) {
            report(l, insn, f->span, "missing a value on flag: --%s", nm);
            return;
        }
    }
}

/* extractBuilderFlags on joined [a, b). Returns the offset where the arguments start. */
static uint32_t extract_flags(const line *l, sf_insn *insn, uint32_t a, uint32_t b)
{
    const unsigned char *s = (const unsigned char *)l->j;
    vec fl = {NULL, 0, 0, sizeof(sf__flag)};
    char *wb = NULL;
    uint32_t wlen = 0, pos = a, ws = a, ret = b;
    bool blank_ok = false;
    enum { SPACES, WORD, QUOTE } phase = SPACES;
    unsigned char quote = 0, ch = 0;

    if (a < b && b - a >= 2)
        wb = malloc(b - a + 1);
    for (; pos <= b; pos++) {
        if (pos != b)
            ch = s[pos];
        if (phase == SPACES) {
            if (pos == b)
                break;
            if (is_bytespace(ch))
                continue;
            if (ch != '-' || pos + 1 == b || s[pos + 1] != '-') {
                ret = pos;
                goto out;
            }
            phase = WORD;
            ws = pos;
            wlen = 0;
            blank_ok = false;
        }
        if (pos == b) {
            /* end of input inside a word */
            if (!(wlen == 2 && wb && memcmp(wb, "--", 2) == 0) && (blank_ok || wlen > 0))
                goto add_last;
            break;
        }
        if (phase == WORD) {
            if (is_bytespace(ch)) {
                phase = SPACES;
                if (wlen == 2 && memcmp(wb, "--", 2) == 0) {
                    ret = pos;
                    goto out;
                }
                if (blank_ok || wlen > 0) {
                    sf__flag *f = vec_push(&fl, &l->p->oom);
                    if (f) {
                        /* the whole processed word for now; split at '=' below */
                        f->span = src_span(l, ws, pos);
                        f->name = mkstr(&l->doc->arena, wb, wlen);
                        f->value.ptr = NULL;
                        f->value.len = 0;
                    }
                }
                wlen = 0;
                blank_ok = false;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blank_ok = true;
                phase = QUOTE;
                continue;
            }
            if (ch == (unsigned char)l->esc) {
                if (pos + 1 == b)
                    continue;
                pos++;
                ch = s[pos];
            }
            wb[wlen++] = (char)ch;
            continue;
        }
        /* QUOTE */
        if (ch == quote) {
            phase = WORD;
            continue;
        }
        if (ch == (unsigned char)l->esc) {
            if (pos + 1 == b) {
                phase = WORD;
                continue;
            }
            pos++;
            ch = s[pos];
        }
        wb[wlen++] = (char)ch;
    }
    ret = b;
    goto out;
add_last: {
        sf__flag *f = vec_push(&fl, &l->p->oom);
        if (f) {
            f->span = src_span(l, ws, b);
            f->name = mkstr(&l->doc->arena, wb ? wb : "", wlen);
            f->value.ptr = NULL;
            f->value.len = 0;
        }
        ret = b;
    }
out:
    free(wb);
    if (fl.n) {
        size_t i;
        sf__flag *v = sf__arena_grow(&l->doc->arena, fl.v, fl.n, fl.n, sizeof(*v));
        if (v) {
            /* split each processed word "--name=value" */
            for (i = 0; i < fl.n; i++) {
                const char *w = v[i].name.ptr ? v[i].name.ptr : "";
                uint32_t n = v[i].name.len;
                const char *eq;
                if (n >= 2 && w[0] == '-' && w[1] == '-') {
                    w += 2;
                    n -= 2;
                }
                eq = memchr(w, '=', n);
                if (eq) {
                    v[i].value = mkstr(&l->doc->arena, eq + 1, (uint32_t)(n - (uint32_t)(eq - w) - 1));
                    v[i].name = mkstr(&l->doc->arena, w, (uint32_t)(eq - w));
                } else {
                    v[i].name = mkstr(&l->doc->arena, w, n);
                }
            }
            insn->flags = v;
            insn->nflags = (uint32_t)fl.n;
        }
    }
    free(fl.v);
    return ret;
}

/* ------------------------------------------------------------------ heredocs */

/* A word of BuildKit's shell lexer (escape '\\', unset variables kept as written). */
typedef struct sword {
    uint32_t start, end;       /* joined offsets */
    uint32_t t0, tn;           /* text in the text buffer */
} sword;

typedef struct wsplit {
    vec words;                 /* sword */
    char *tb;                  /* text buffer */
    uint32_t tn, tcap;
    bool oom;
} wsplit;

static void tput(wsplit *w, const char *s, uint32_t n)
{
    if (w->tn + n + 1 > w->tcap) {
        uint32_t cap = w->tcap ? w->tcap * 2 : 256;
        char *nb;
        while (cap < w->tn + n + 1)
            cap *= 2;
        nb = realloc(w->tb, cap);
        if (!nb) {
            w->oom = true;
            return;
        }
        w->tb = nb;
        w->tcap = cap;
    }
    memcpy(w->tb + w->tn, s, n);
    w->tn += n;
}

/* Split s[a, b) into words. raw_quotes/raw_escapes keep quote characters / escapes in the text.
 * Returns false on a lexing error (unterminated quote, bad ${...}), like ProcessWords. */
static bool shell_words(const char *js, uint32_t a, uint32_t b, bool raw_quotes, bool raw_escapes,
                        wsplit *w)
{
    const unsigned char *s = (const unsigned char *)js;
    uint32_t i = a, ws = a, t0 = w->tn;
    bool in_word = false;

#define START()                                                                                \
    do {                                                                                       \
        if (!in_word) {                                                                        \
            in_word = true;                                                                    \
            ws = i;                                                                            \
            t0 = w->tn;                                                                        \
        }                                                                                      \
    } while (0)
#define EMIT(e)                                                                                \
    do {                                                                                       \
        if (in_word && w->tn > t0) {                                                           \
            sword *x = vec_push(&w->words, &w->oom);                                           \
            if (x) {                                                                           \
                x->start = ws;                                                                 \
                x->end = (e);                                                                  \
                x->t0 = t0;                                                                    \
                x->tn = w->tn - t0;                                                            \
            }                                                                                  \
        }                                                                                      \
        in_word = false;                                                                       \
    } while (0)

    while (i < b) {
        unsigned char ch = s[i];
        uint32_t k;

        if ((k = sf__uspace_len(s, i, b)) > 0) {
            EMIT(i);
            i += k;
            continue;
        }
        START();
        if (ch == '\\') {
            if (raw_escapes)
                tput(w, "\\", 1);
            i++;
            if (i >= b)
                break;
            tput(w, js + i, 1);
            i++;
            continue;
        }
        if (ch == '\'') {
            uint32_t j = i + 1;
            while (j < b && s[j] != '\'')
                j++;
            if (j >= b)
                return false;
            if (raw_quotes)
                tput(w, js + i, j + 1 - i);
            else
                tput(w, js + i + 1, j - i - 1);
            i = j + 1;
            continue;
        }
        if (ch == '"') {
            uint32_t j = i + 1;
            if (raw_quotes)
                tput(w, "\"", 1);
            for (;;) {
                if (j >= b)
                    return false;
                if (s[j] == '"')
                    break;
                if (s[j] == '$' && j + 1 < b && s[j + 1] == '{') {
                    uint32_t e = j + 2;
                    if (e >= b || s[e] == '{' || s[e] == '}' || s[e] == ':')
                        return false;
                    while (e < b && s[e] != '}')
                        e++;
                    if (e >= b)
                        return false;
                    tput(w, js + j, e + 1 - j);
                    j = e + 1;
                    continue;
                }
                if (s[j] == '\\') {
                    if (raw_escapes)
                        tput(w, "\\", 1);
                    if (j + 1 >= b) {
                        j++;
                        continue;
                    }
                    if (s[j + 1] == '"' || s[j + 1] == '$' || s[j + 1] == '\\') {
                        tput(w, js + j + 1, 1);
                        j += 2;
                        continue;
                    }
                    if (!raw_escapes)
                        tput(w, "\\", 1);
                    j++;
                    continue;
                }
                tput(w, js + j, 1);
                j++;
            }
            if (raw_quotes)
                tput(w, "\"", 1);
            i = j + 1;
            continue;
        }
        if (ch == '$' && i + 1 < b && s[i + 1] == '{') {
            uint32_t e = i + 2;
            if (e >= b || s[e] == '{' || s[e] == '}' || s[e] == ':')
                return false;
            while (e < b && s[e] != '}')
                e++;
            if (e >= b)
                return false;
            tput(w, js + i, e + 1 - i);
            i = e + 1;
            continue;
        }
        if (ch == '<' && i + 1 < b && s[i + 1] == '<') {
            uint32_t e = i + 2;
            while (e < b && (s[e] == ' ' || s[e] == '\t' || s[e] == '\r'))
                e++;
            tput(w, js + i, e - i);
            i = e;
            continue;
        }
        tput(w, js + i, 1);
        i++;
    }
    EMIT(b);
#undef START
#undef EMIT
    return !w->oom;
}

static uint32_t count_quotes(const char *s, uint32_t n)
{
    uint32_t i, c = 0;

    for (i = 0; i < n; i++)
        c += s[i] == '\'' || s[i] == '"';
    return c;
}

/* heredocsFromLine + ParseHeredoc over the whole joined line. */
static void find_heredocs(const line *l, sf_insn *insn)
{
    wsplit w, r;
    vec hd = {NULL, 0, 0, sizeof(sf__heredoc)};
    size_t i;

    memset(&w, 0, sizeof(w));
    w.words.elem = sizeof(sword);
    if (!shell_words(l->j, 0, l->jlen, true, true, &w))
        goto out;
    for (i = 0; i < w.words.n; i++) {
        const sword *x = (const sword *)w.words.v + i;
        const char *t = w.tb + x->t0;
        uint32_t n = x->tn, k = 0, digits, rs;
        bool chomp = false;
        sf__heredoc *h;
        const sword *nw, *rw;
        int fd = -1;

        /* ^(\d*)<<(-?)\s*([^<]*)$ */
        while (k < n && sf__is_digit((unsigned char)t[k]))
            k++;
        digits = k;
        if (n - k < 2 || t[k] != '<' || t[k + 1] != '<')
            continue;
        k += 2;
        if (k < n && t[k] == '-') {
            chomp = true;
            k++;
        }
        while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\f' ||
                         t[k] == '\r'))
            k++;
        rs = k;
        if (rs == n || memchr(t + rs, '<', n - rs))
            continue;
        /* the rest must lex to exactly one word */
        memset(&r, 0, sizeof(r));
        r.words.elem = sizeof(sword);
        if (!shell_words(t, rs, n, false, false, &r) || r.words.n != 1) {
            free(r.words.v);
            free(r.tb);
            if (r.oom)
                l->p->oom = true;
            continue;
        }
        nw = (const sword *)r.words.v;
        {
            wsplit q;
            uint32_t qn_raw;
            memset(&q, 0, sizeof(q));
            q.words.elem = sizeof(sword);
            if (!shell_words(t, rs, n, true, false, &q) || q.words.n != 1) {
                free(q.words.v);
                free(q.tb);
                free(r.words.v);
                free(r.tb);
                continue;
            }
            rw = (const sword *)q.words.v;
            qn_raw = count_quotes(q.tb + rw->t0, rw->tn);
            h = vec_push(&hd, &l->p->oom);
            if (h) {
                memset(h, 0, sizeof(*h));
                h->name = mkstr(&l->doc->arena, r.tb + nw->t0, nw->tn);
                h->quoted = count_quotes(r.tb + nw->t0, nw->tn) != qn_raw;
                h->chomp = chomp;
                if (digits) {
                    uint32_t d;
                    fd = 0;
                    for (d = 0; d < digits && fd < 100000000; d++)
                        fd = fd * 10 + (t[d] - '0');
                }
                h->fd = fd;
                h->op = src_span(l, x->start, x->end);
            }
            free(q.words.v);
            free(q.tb);
        }
        free(r.words.v);
        free(r.tb);
    }
    if (hd.n) {
        sf__heredoc *v = sf__arena_grow(&l->doc->arena, hd.v, hd.n, hd.n, sizeof(*v));
        if (v) {
            insn->heredocs = v;
            insn->nheredocs = (uint32_t)hd.n;
        }
    }
out:
    if (w.oom)
        l->p->oom = true;
    free(w.words.v);
    free(w.tb);
    free(hd.v);
}

/* ------------------------------------------------------------------ instructions */

static bool valid_stage_name(const char *s, uint32_t n)
{
    uint32_t i;

    if (n == 0 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (i = 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || sf__is_digit(c) || c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* valid_stage_name, ignoring case. */
static bool valid_stage_name_ci(const char *s, uint32_t n)
{
    uint32_t i;

    if (n == 0 || !sf__is_alpha((unsigned char)s[0]))
        return false;
    for (i = 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(sf__is_alnum(c) || c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* ENV / LABEL: parseNameVal. */
static void name_val(const line *l, sf_insn *insn, argv_ *av, uint32_t a, uint32_t b)
{
    vec w = {NULL, 0, 0, 2 * sizeof(uint32_t)};
    const char *key = insn->kind == SF_INSN_ENV ? "ENV" : "LABEL";
    size_t i;

    parse_words(l, a, b, &w, &l->p->oom);
    if (!w.n)
        goto out;
    {
        const uint32_t *w0 = w.v;
        if (!memchr(l->j + w0[0], '=', w0[1] - w0[0])) {
            /* legacy `KEY value`: split once on whitespace */
            uint32_t k = a, v;
            while (k < b && !is_rews((unsigned char)l->j[k]))
                k++;
            v = k;
            while (v < b && is_rews((unsigned char)l->j[v]))
                v++;
            if (k == b) {
                report(l, insn, src_span(l, a, b), "%s must have two arguments", key);
                goto out;
            }
            add_arg_raw(l, av, a, k);
            add_arg_raw(l, av, v, b);
            add_arg(l, av, k, k, "", 0);
            goto out;
        }
    }
    for (i = 0; i < w.n; i++) {
        const uint32_t *x = (const uint32_t *)w.v + 2 * i;
        const char *eq = memchr(l->j + x[0], '=', x[1] - x[0]);
        uint32_t e;
        if (!eq) {
            report(l, insn, src_span(l, x[0], x[1]),
                   "Syntax error - can't find = in \"%.*s\". Must be of the form: name=value",
                   (int)(x[1] - x[0]), l->j + x[0]);
            /* keep the words parsed so far */
            goto out;
        }
        e = (uint32_t)(eq - l->j);
        add_arg_raw(l, av, x[0], e);
        add_arg_raw(l, av, e + 1, x[1]);
        add_arg_raw(l, av, e, e + 1);
    }
out:
    free(w.v);
}

static void finish_args(const line *l, sf_insn *insn, argv_ *av)
{
    if (av->v.n) {
        /* grow with n == new_cap: one copy, no zeroing first */
        sf__arg *v = sf__arena_grow(&l->doc->arena, av->v.v, av->v.n, av->v.n, sizeof(*v));
        if (v) {
            insn->args = v;
            insn->nargs = (uint32_t)av->v.n;
        }
    }
    free(av->v.v);
}

static void analyse(const line *l, sf_insn *insn, uint32_t a, uint32_t b, bool nested);

/* Per-instruction argument splitting and static checks on rest = joined [rs, re). */
static void split_args(const line *l, sf_insn *insn, uint32_t rs, uint32_t re, bool nested)
{
    argv_ av;
    int r;
    bool empty = rs == re;

    memset(&av, 0, sizeof(av));
    av.v.elem = sizeof(sf__arg);
    av.oom = &l->p->oom;

    switch (insn->kind) {
    case SF_INSN_FROM:
    case SF_INSN_EXPOSE:
        split_ws(l, &av, rs, re);
        break;
    case SF_INSN_ADD:
    case SF_INSN_COPY:
    case SF_INSN_VOLUME:
        r = try_json(l, &av, rs, re);
        if (r == 1)
            insn->exec_form = true;
        else if (r < 0)
            report(l, insn, src_span(l, rs, re),
                   "when using JSON array syntax, arrays must be comprised of strings only");
        else
            split_ws(l, &av, rs, re);
        break;
    case SF_INSN_RUN:
    case SF_INSN_CMD:
    case SF_INSN_ENTRYPOINT:
    case SF_INSN_SHELL:
        if (empty)
            break;
        r = try_json(l, &av, rs, re);
        if (r == 1) {
            insn->exec_form = true;
        } else if (r < 0) {
            report(l, insn, src_span(l, rs, re),
                   "when using JSON array syntax, arrays must be comprised of strings only");
        } else {
            sf__arg *x = vec_push(&av.v, av.oom);
            if (x) {
                x->span = src_span(l, rs, re);
                x->text = insn->rest;
            }
        }
        break;
    case SF_INSN_HEALTHCHECK: {
        uint32_t sep = rs, next;
        while (sep < re && !is_bytespace((unsigned char)l->j[sep]))
            sep++;
        next = sep;
        while (next < re && is_bytespace((unsigned char)l->j[next]))
            next++;
        if (sep == rs)
            break;
        add_arg_raw(l, &av, rs, sep);
        if (next < re) {
            r = try_json(l, &av, next, re);
            if (r == 1)
                insn->exec_form = true;
            else if (r < 0)
                report(l, insn, src_span(l, next, re),
                       "when using JSON array syntax, arrays must be comprised of strings only");
            else
                add_arg_raw(l, &av, next, re);
        }
        break;
    }
    case SF_INSN_ENV:
    case SF_INSN_LABEL:
        name_val(l, insn, &av, rs, re);
        break;
    case SF_INSN_ARG: {
        vec w = {NULL, 0, 0, 2 * sizeof(uint32_t)};
        size_t i;
        parse_words(l, rs, re, &w, &l->p->oom);
        for (i = 0; i < w.n; i++) {
            const uint32_t *x = (const uint32_t *)w.v + 2 * i;
            add_arg_raw(l, &av, x[0], x[1]);
        }
        free(w.v);
        break;
    }
    case SF_INSN_MAINTAINER:
    case SF_INSN_USER:
    case SF_INSN_WORKDIR:
    case SF_INSN_STOPSIGNAL:
        if (!empty) {
            sf__arg *x = vec_push(&av.v, av.oom);
            if (x) {
                x->span = src_span(l, rs, re);
                x->text = insn->rest;
            }
        }
        break;
    case SF_INSN_ONBUILD:
        if (!empty) {
            sf_insn *c = sf__arena_alloc(&l->doc->arena, sizeof(*c));
            if (c) {
                analyse(l, c, rs, re, true);
                insn->child = c;
            }
        }
        break;
    case SF_INSN_UNKNOWN:
    default:
        add_arg(l, &av, rs, rs, "", 0);
        break;
    }
    finish_args(l, insn, &av);
    SF_UNUSED(nested);
}

/* Static instruction-level checks (frontend/dockerfile/instructions/parse.go). */
static void check_insn(const line *l, sf_insn *insn, bool nested)
{
    sf__span restsp = insn->rest_span;

    if (nested)
        return; /* ONBUILD triggers are parsed by the child build */
    switch (insn->kind) {
    case SF_INSN_UNKNOWN:
        report(l, insn, insn->kw, "unknown instruction: %s", insn->keyword.ptr ? insn->keyword.ptr : "");
        return;
    case SF_INSN_FROM:
        if (insn->nargs == 3 && ieq(insn->args[1].text.ptr, insn->args[1].text.len, "as")) {
            char buf[256];
            uint32_t n = insn->args[2].text.len, i;
            if (n >= sizeof(buf))
                n = sizeof(buf) - 1;
            for (i = 0; i < n; i++)
                buf[i] = (char)sf__to_lower((unsigned char)insn->args[2].text.ptr[i]);
            if (!valid_stage_name(buf, n) || insn->args[2].text.len >= sizeof(buf))
                report(l, insn, insn->args[2].span,
                       "invalid name for build stage: \"%s\", name can't start with a number or contain symbols",
                       insn->args[2].text.ptr);
        } else if (insn->nargs != 1) {
            report(l, insn, insn->nargs ? restsp : insn->kw,
                   "FROM requires either one or three arguments");
        }
        break;
    case SF_INSN_SHELL:
        if (!insn->exec_form)
            report(l, insn, insn->nargs ? restsp : insn->kw,
                   "SHELL requires the arguments to be in JSON form");
        break;
    case SF_INSN_ONBUILD:
        if (!insn->child)
            report(l, insn, insn->kw, "ONBUILD requires at least one argument");
        break;
    case SF_INSN_HEALTHCHECK:
        if (insn->nargs && ieq(insn->args[0].text.ptr, insn->args[0].text.len, "none"))
            return; /* HEALTHCHECK NONE does not validate its flags */
        break;
    default:
        break;
    }
    if (insn->kind == SF_INSN_ARG || insn->kind == SF_INSN_STOPSIGNAL)
        return; /* these never call BFlags.Parse */
    validate_flags(l, insn);
}

/* newNodeFromLine on joined [a, b). */
static void analyse(const line *l, sf_insn *insn, uint32_t a, uint32_t b, bool nested)
{
    uint32_t k, r, rs, re;
    const char *kwtext;

    trim_space(l->j, &a, &b);
    k = a;
    while (k < b && !is_rews((unsigned char)l->j[k]))
        k++;
    insn->keyword = mkstr(&l->doc->arena, l->j + a, k - a);
    insn->kw = src_span(l, a, k);
    kwtext = insn->keyword.ptr ? insn->keyword.ptr : "";
    insn->kind = sf__insn_kind_from_word(kwtext, insn->keyword.len);
    insn->stage = -1;
    r = k;
    while (r < b && is_rews((unsigned char)l->j[r]))
        r++;
    rs = r < b ? extract_flags(l, insn, r, b) : b;
    re = b;
    trim_space(l->j, &rs, &re);
    insn->rest = mkstr(&l->doc->arena, l->j + rs, re - rs);
    insn->rest_span = src_span(l, rs, re);
    clip_pieces(l, insn, rs, re);
    split_args(l, insn, rs, re, nested);
    check_insn(l, insn, nested);
}

static bool has_heredoc_op(const char *s, uint32_t n)
{
    const char *q = s, *e = s + n;

    while (q + 1 < e && (q = memchr(q, '<', (size_t)(e - q - 1))) != NULL) {
        if (q[1] == '<')
            return true;
        q++;
    }
    return false;
}

void sf__ast_build(sf__pstate *p, sf_insn *insn)
{
    line l;
    const sf_insn *target;

    l.p = p;
    l.doc = p->doc;
    l.j = p->jb ? p->jb : "";
    l.jlen = p->jlen;
    l.pc = p->pc;
    l.npc = p->npc;
    l.dflt = insn->span.start;
    l.esc = p->esc;
    analyse(&l, insn, 0, p->jlen, false);

    /* canContainHeredoc: RUN/COPY/ADD (possibly behind ONBUILD), not JSON, and "<<" somewhere */
    target = insn->kind == SF_INSN_ONBUILD && insn->child ? insn->child : insn;
    if ((target->kind == SF_INSN_RUN || target->kind == SF_INSN_COPY ||
         target->kind == SF_INSN_ADD) &&
        !target->exec_form && has_heredoc_op(l.j, p->jlen))
        find_heredocs(&l, insn);
}

/* ------------------------------------------------------------------ grammar actions */

static uint32_t name_hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u, i;

    for (i = 0; i < n; i++)
        h = (h ^ (uint32_t)sf__to_lower((unsigned char)s[i])) * 16777619u;
    return h;
}

/* The latest earlier stage named s (case-insensitive), or -1. */
static int stage_lookup(const sf__pstate *p, const char *s, uint32_t n)
{
    uint32_t i;

    if (!p->shcap)
        return -1;
    for (i = name_hash(s, n) & (p->shcap - 1); p->shash[i]; i = (i + 1) & (p->shcap - 1)) {
        const sf__stage *o = &p->stages[p->shash[i] - 1];
        if (o->name.len == n && ieq(s, n, o->name.ptr))
            return (int)(p->shash[i] - 1);
    }
    return -1;
}

static void stage_insert(sf__pstate *p, uint32_t idx)
{
    const sf__stage *st = &p->stages[idx];
    uint32_t i;

    if ((p->shn + 1) * 2 > p->shcap) {
        uint32_t cap = p->shcap ? p->shcap * 2 : 16, k;
        uint32_t *t = calloc(cap, sizeof(*t));
        if (!t) {
            p->oom = true;
            return;
        }
        for (k = 0; k < p->shcap; k++) {
            uint32_t v = p->shash[k];
            if (v) {
                const sf__stage *o = &p->stages[v - 1];
                for (i = name_hash(o->name.ptr, o->name.len) & (cap - 1); t[i]; i = (i + 1) & (cap - 1))
                    ;
                t[i] = v;
            }
        }
        free(p->shash);
        p->shash = t;
        p->shcap = cap;
    }
    for (i = name_hash(st->name.ptr, st->name.len) & (p->shcap - 1); p->shash[i];
         i = (i + 1) & (p->shcap - 1)) {
        const sf__stage *o = &p->stages[p->shash[i] - 1];
        if (o->name.len == st->name.len && memcmp(o->name.ptr, st->name.ptr, st->name.len) == 0) {
            p->shash[i] = idx + 1; /* a later stage of the same name wins */
            return;
        }
    }
    p->shash[i] = idx + 1;
    p->shn++;
}

void sf__ast_commit(sf__pstate *p, bool from)
{
    sf_insn *in;

    if (p->ncommitted >= p->ninsns)
        return;
    in = &p->insns[p->ncommitted];
    if (from) {
        sf__stage *st;
        uint32_t i;
        if (p->nstages == p->scap) {
            uint32_t cap = p->scap ? p->scap * 2 : 8;
            sf__stage *v = realloc(p->stages, cap * sizeof(*v));
            if (!v) {
                p->oom = true;
                return;
            }
            p->stages = v;
            p->scap = cap;
        }
        st = &p->stages[p->nstages];
        memset(st, 0, sizeof(*st));
        st->from = p->ncommitted;
        st->last = p->ncommitted;
        st->base_stage = -1;
        if (in->nargs >= 1)
            st->image = in->args[0].text;
        if (in->nargs == 3 && ieq(in->args[1].text.ptr, in->args[1].text.len, "as")) {
            char *nm = sf__arena_strndup(&p->doc->arena, in->args[2].text.ptr, in->args[2].text.len);
            if (nm) {
                for (i = 0; i < in->args[2].text.len; i++)
                    nm[i] = (char)sf__to_lower((unsigned char)nm[i]);
                st->name.ptr = nm;
                st->name.len = in->args[2].text.len;
            }
        }
        /* only a word that could be a stage name can name one (no ':' '/' '@' ...) */
        if (st->image.ptr && valid_stage_name_ci(st->image.ptr, st->image.len))
            st->base_stage = stage_lookup(p, st->image.ptr, st->image.len);
        if (st->name.ptr)
            stage_insert(p, p->nstages);
        p->nstages++;
    }
    in->stage = p->nstages ? (int)p->nstages - 1 : -1;
    if (in->child)
        in->child->stage = in->stage;
    if (p->nstages)
        p->stages[p->nstages - 1].last = p->ncommitted;
    p->ncommitted++;
}

void sf__ast_reject(sf__pstate *p, uint32_t tok)
{
    sf_insn *in;
    uint32_t ts, te;
    unsigned k;

    if (p->ncommitted >= p->ninsns)
        return;
    in = &p->insns[p->ncommitted];
    k = tok < p->ntok ? p->kind[tok] : SF_TOK_NEWLINE;
    ts = tok && tok <= p->ntok ? p->end[tok - 1] : 0;
    te = tok < p->ntok ? p->end[tok] : p->len;
    if (tok >= p->ntok || k == SF_TOK_NEWLINE) {
        ts = in->kw.start;
        te = in->kw.end;
    }
    if (in->kind == SF_INSN_ONBUILD && in->child && ts >= in->child->kw.start &&
        (k == SF_TOK_KW_ONBUILD || k == SF_TOK_KW_FROM || k == SF_TOK_KW_MAINTAINER)) {
        if (in->child->kind == SF_INSN_ONBUILD)
            sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, ts, te,
                           "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        else
            sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, ts, te,
                           "%s isn't allowed as an ONBUILD trigger",
                           sf__insn_kind_name(in->child->kind));
    } else {
        sf__doc_report(p->doc, "syntax-error", SF_SEV_ERROR, ts, te,
                       "no build stage in current context");
    }
    in->bad = true;
    in->stage = p->nstages ? (int)p->nstages - 1 : -1;
    if (in->child)
        in->child->stage = in->stage;
    if (p->nstages)
        p->stages[p->nstages - 1].last = p->ncommitted;
    p->ncommitted++;
}
