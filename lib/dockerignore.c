/* dockerignore.c - .dockerignore as BuildKit reads and matches it.
 *
 * Pipeline, mirroring moby/patternmatcher (facts learned from it, code written here):
 *   ReadAll   lines, BOM, column-1 comments, TrimSpace, `!`, filepath.Clean, one leading '/'
 *   New       TrimSpace + Clean again, `!` split, filepath.Match(p, ".") syntax check (fatal)
 *   compile   pattern -> exact / prefix / suffix test, or a regexp string built by the same
 *             translation BuildKit uses; that string is then parsed as an RE2 (Go regexp) subset
 *             and run by a Pike VM (no backtracking: O(len(path) * len(program)) per test)
 *   match     MatchesOrParentMatches: the path or any parent directory, last pattern decides. */
#include "dockerignore.h"

#include "ascii.h"
#include "buf.h"

/* ================================================================ UTF-8 and Go string helpers */

#define RUNE_ERROR 0xFFFDu
#define RUNE_MAX 0x10FFFFu

/* Go's utf8.DecodeRune: invalid or truncated sequences decode as U+FFFD of width 1. */
static uint32_t decode_rune(const unsigned char *s, size_t n, size_t *width)
{
    uint32_t c;
    size_t need, i;

    *width = 1;
    if (n == 0)
        return RUNE_ERROR;
    c = s[0];
    if (c < 0x80)
        return c;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        c &= 0x07;
    } else {
        return RUNE_ERROR;
    }
    if (n < need + 1)
        return RUNE_ERROR;
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return RUNE_ERROR;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((need == 2 && c < 0x800) || (need == 3 && (c < 0x10000 || c > RUNE_MAX)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return RUNE_ERROR;
    *width = need + 1;
    return c;
}

static size_t encode_rune(char *out, uint32_t r)
{
    if (r < 0x80) {
        out[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        out[0] = (char)(0xC0 | (r >> 6));
        out[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        out[0] = (char)(0xE0 | (r >> 12));
        out[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        out[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (r >> 18));
    out[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    out[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

/* unicode.IsSpace, which Go's strings.TrimSpace uses. */
static bool is_go_space(uint32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
        return true;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

/* strings.TrimSpace on s[*b..*e): narrows the window. */
static void trim_space(const char *s, size_t *b, size_t *e)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *b, w, last = *b;
    bool seen = false;

    while (i < *e) {
        uint32_t r = decode_rune(u + i, *e - i, &w);
        if (!is_go_space(r))
            break;
        i += w;
    }
    *b = i;
    while (i < *e) {
        uint32_t r = decode_rune(u + i, *e - i, &w);
        if (!is_go_space(r)) {
            seen = true;
            last = i + w;
        }
        i += w;
    }
    *e = seen ? last : *b;
}

/* Go's path/filepath.Clean (Unix) of s[0..n) into the arena. */
static char *go_clean(sf__arena *a, const char *s, size_t n)
{
    char *out;
    size_t r = 0, w = 0, dotdot = 0;
    bool rooted;

    if (n == 0)
        return sf__arena_strdup(a, ".");
    out = sf__arena_alloc(a, n + 2);
    if (!out)
        return NULL;
    rooted = s[0] == '/';
    if (rooted) {
        out[w++] = '/';
        r = 1;
        dotdot = 1;
    }
    while (r < n) {
        if (s[r] == '/') {
            r++;
        } else if (s[r] == '.' && (r + 1 == n || s[r + 1] == '/')) {
            r++;
        } else if (s[r] == '.' && s[r + 1] == '.' && (r + 2 == n || s[r + 2] == '/')) {
            r += 2;
            if (w > dotdot) {
                w--;
                while (w > dotdot && out[w] != '/')
                    w--;
            } else if (!rooted) {
                if (w > 0)
                    out[w++] = '/';
                out[w++] = '.';
                out[w++] = '.';
                dotdot = w;
            }
        } else {
            if ((rooted && w != 1) || (!rooted && w != 0))
                out[w++] = '/';
            while (r < n && s[r] != '/')
                out[w++] = s[r++];
        }
    }
    if (w == 0)
        out[w++] = '.';
    out[w] = '\0';
    return out;
}

/* ================================================================ filepath.Match syntax check */

/* getEsc of Go's filepath.Match: one class character, possibly escaped. */
static bool get_esc(const char *p, size_t n, size_t *i, uint32_t *r)
{
    size_t w;

    if (*i >= n || p[*i] == '-' || p[*i] == ']')
        return false;
    if (p[*i] == '\\') {
        (*i)++;
        if (*i >= n)
            return false;
    }
    *r = decode_rune((const unsigned char *)p + *i, n - *i, &w);
    if (*r == RUNE_ERROR && w == 1)
        return false;
    *i += w;
    return *i < n;
}

/* True when filepath.Match(p, ".") returns no error: Go validates every chunk. */
static bool match_syntax_ok(const char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        char c = p[i];
        if (c == '[') {
            size_t nrange = 0;
            i++;
            if (i < n && p[i] == '^')
                i++;
            for (;;) {
                uint32_t lo, hi;
                if (i < n && p[i] == ']' && nrange > 0) {
                    i++;
                    break;
                }
                if (!get_esc(p, n, &i, &lo))
                    return false;
                if (p[i] == '-') {
                    i++;
                    if (!get_esc(p, n, &i, &hi))
                        return false;
                }
                nrange++;
            }
        } else if (c == '\\') {
            i += 2;
            if (i > n)
                return false;
        } else {
            i++;
        }
    }
    return true;
}

/* ================================================================ regexp program */

enum {
    OP_CHAR,   /* one rune == r */
    OP_CLASS,  /* one rune in ranges (xor neg) */
    OP_ANYNL,  /* `.`: any rune but \n */
    OP_SPLIT,  /* try x, then y */
    OP_JMP,    /* go to x */
    OP_BOT,    /* `^` / \A: beginning of text */
    OP_EOT,    /* `$` / \z: end of text */
    OP_WORDB,  /* \b */
    OP_NWORDB, /* \B */
    OP_MATCH
};

typedef struct inst {
    uint8_t op;
    bool neg;
    uint32_t r;
    uint32_t x, y;
    const uint32_t *ranges; /* pairs lo,hi */
    uint32_t nranges;
} inst;

typedef struct prog {
    inst *v;
    uint32_t n;
} prog;

/* Regexp AST, built from the translated string. */
enum { N_EMPTY, N_LIT, N_CLASS, N_ANY, N_BOT, N_EOT, N_WB, N_NWB, N_CAT, N_STAR, N_PLUS, N_QUEST };

typedef struct node {
    int type;
    uint32_t r;
    bool neg;
    uint32_t *ranges;
    uint32_t nranges;
    struct node *kid;          /* STAR/PLUS/QUEST */
    struct node **kids;        /* CAT */
    size_t nkids;
} node;

typedef struct rparser {
    sf__arena *a;
    const char *s;
    size_t n, i;
    const char *err;     /* Go regexp error text, static */
    const char *unsup;   /* a feature we do not model, static */
    uint32_t ninst;      /* instructions the tree will need */
} rparser;

typedef struct rangeset {
    uint32_t *v;
    uint32_t n, cap; /* n = number of uint32 (2 per range) */
} rangeset;

static void rs_add(rparser *P, rangeset *rs, uint32_t lo, uint32_t hi)
{
    if (rs->n + 2 > rs->cap) {
        uint32_t nc = rs->cap ? rs->cap * 2 : 16;
        uint32_t *nv = sf__arena_grow(P->a, rs->v, rs->n, nc, sizeof(uint32_t));
        if (!nv)
            return;
        rs->v = nv;
        rs->cap = nc;
    }
    rs->v[rs->n++] = lo;
    rs->v[rs->n++] = hi;
}

/* Add a table of ranges, or its complement over [0, RUNE_MAX]. The table is sorted. */
static void rs_add_table(rparser *P, rangeset *rs, const uint32_t *t, size_t nt, bool neg)
{
    size_t k;
    uint32_t next = 0;

    if (!neg) {
        for (k = 0; k < nt; k += 2)
            rs_add(P, rs, t[k], t[k + 1]);
        return;
    }
    for (k = 0; k < nt; k += 2) {
        if (t[k] > next)
            rs_add(P, rs, next, t[k] - 1);
        next = t[k + 1] + 1;
    }
    if (next <= RUNE_MAX)
        rs_add(P, rs, next, RUNE_MAX);
}

static const uint32_t T_DIGIT[] = {'0', '9'};
static const uint32_t T_SPACE_PERL[] = {'\t', '\n', '\f', '\r', ' ', ' '};
static const uint32_t T_WORD[] = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

typedef struct posix_class {
    const char *name;
    uint32_t t[10];
    size_t nt;
} posix_class;

static const posix_class POSIX[] = {
    {"alnum", {'0', '9', 'A', 'Z', 'a', 'z'}, 6},
    {"alpha", {'A', 'Z', 'a', 'z'}, 4},
    {"ascii", {0, 0x7F}, 2},
    {"blank", {'\t', '\t', ' ', ' '}, 4},
    {"cntrl", {0, 0x1F, 0x7F, 0x7F}, 4},
    {"digit", {'0', '9'}, 2},
    {"graph", {'!', '~'}, 2},
    {"lower", {'a', 'z'}, 2},
    {"print", {' ', '~'}, 2},
    {"punct", {'!', '/', ':', '@', '[', '`', '{', '~'}, 8},
    {"space", {'\t', '\r', ' ', ' '}, 4},
    {"upper", {'A', 'Z'}, 2},
    {"word", {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}, 8},
    {"xdigit", {'0', '9', 'A', 'F', 'a', 'f'}, 6},
};

static node *mk(rparser *P, int type)
{
    node *nd = sf__arena_alloc(P->a, sizeof(*nd));

    if (nd)
        nd->type = type;
    return nd;
}

static uint32_t peek_rune(const rparser *P, size_t *w)
{
    return decode_rune((const unsigned char *)P->s + P->i, P->n - P->i, w);
}

static int hexval(int c)
{
    if (sf__is_digit(c))
        return c - '0';
    c = sf__to_lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Perl class \d \s \w (and negations) at P->i (just after the backslash); false if none. */
static bool perl_class(rparser *P, rangeset *rs)
{
    char c;

    if (P->i >= P->n)
        return false;
    c = P->s[P->i];
    switch (sf__to_lower(c)) {
    case 'd':
        rs_add_table(P, rs, T_DIGIT, SF_ARRAY_LEN(T_DIGIT), c == 'D');
        break;
    case 's':
        rs_add_table(P, rs, T_SPACE_PERL, SF_ARRAY_LEN(T_SPACE_PERL), c == 'S');
        break;
    case 'w':
        rs_add_table(P, rs, T_WORD, SF_ARRAY_LEN(T_WORD), c == 'W');
        break;
    default:
        return false;
    }
    P->i++;
    return true;
}

/* Go regexp parseEscape: P->i is just after the backslash. Sets P->err on failure. */
static uint32_t parse_escape(rparser *P)
{
    size_t w;
    uint32_t c;

    if (P->i >= P->n) {
        P->err = "trailing backslash at end of expression";
        return 0;
    }
    c = peek_rune(P, &w);
    P->i += w;
    if (c < 0x80 && !sf__is_alnum((int)c))
        return c;
    switch (c) {
    case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        if (P->i >= P->n || P->s[P->i] < '0' || P->s[P->i] > '7')
            break;
        /* fall through */
    case '0': {
        uint32_t v = c - '0';
        int k;
        for (k = 1; k < 3 && P->i < P->n && P->s[P->i] >= '0' && P->s[P->i] <= '7'; k++)
            v = v * 8 + (uint32_t)(P->s[P->i++] - '0');
        return v;
    }
    case 'x': {
        uint32_t v = 0;
        int h1, h2, nd = 0;
        if (P->i < P->n && P->s[P->i] == '{') {
            P->i++;
            while (P->i < P->n && hexval(P->s[P->i]) >= 0) {
                v = v * 16 + (uint32_t)hexval(P->s[P->i++]);
                if (v > RUNE_MAX)
                    break;
                nd++;
            }
            if (nd == 0 || v > RUNE_MAX || P->i >= P->n || P->s[P->i] != '}')
                break;
            P->i++;
            return v;
        }
        if (P->i + 1 >= P->n)
            break;
        h1 = hexval(P->s[P->i]);
        h2 = hexval(P->s[P->i + 1]);
        if (h1 < 0 || h2 < 0)
            break;
        P->i += 2;
        return (uint32_t)(h1 * 16 + h2);
    }
    case 'a': return 7;
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default:
        break;
    }
    P->err = "invalid escape sequence";
    return 0;
}

/* Go regexp parseClass: P->i is just after '['. */
static node *parse_class(rparser *P)
{
    rangeset rs = {NULL, 0, 0};
    bool neg = false, first = true;
    node *nd;

    if (P->i < P->n && P->s[P->i] == '^') {
        neg = true;
        P->i++;
    }
    for (;;) {
        uint32_t lo, hi;
        size_t w;

        if (P->i >= P->n) {
            P->err = "missing closing ]";
            return NULL;
        }
        if (P->s[P->i] == ']' && !first) {
            P->i++;
            break;
        }
        first = false;
        if (P->n - P->i > 2 && P->s[P->i] == '[' && P->s[P->i + 1] == ':') {
            const char *end = NULL;
            size_t k;
            for (k = P->i + 2; k + 1 < P->n; k++)
                if (P->s[k] == ':' && P->s[k + 1] == ']') {
                    end = P->s + k;
                    break;
                }
            if (end) {
                const char *name = P->s + P->i + 2;
                size_t len = (size_t)(end - name);
                bool pneg = len > 0 && name[0] == '^';
                bool found = false;
                if (pneg) {
                    name++;
                    len--;
                }
                for (k = 0; k < SF_ARRAY_LEN(POSIX); k++)
                    if (strlen(POSIX[k].name) == len && memcmp(POSIX[k].name, name, len) == 0) {
                        rs_add_table(P, &rs, POSIX[k].t, POSIX[k].nt, pneg);
                        found = true;
                    }
                if (!found) {
                    P->err = "invalid character class range";
                    return NULL;
                }
                P->i = (size_t)(end - P->s) + 2;
                continue;
            }
        }
        if (P->s[P->i] == '\\' && P->i + 1 < P->n) {
            char e = P->s[P->i + 1];
            if (e == 'p' || e == 'P') {
                P->unsup = "Unicode class \\p inside [...]";
                P->i += 2;
                continue;
            }
            P->i++;
            if (perl_class(P, &rs))
                continue;
            P->i--;
        }
        /* one character or a range */
        if (P->s[P->i] == '\\') {
            P->i++;
            lo = parse_escape(P);
        } else {
            lo = peek_rune(P, &w);
            P->i += w;
        }
        if (P->err)
            return NULL;
        hi = lo;
        if (P->n - P->i >= 2 && P->s[P->i] == '-' && P->s[P->i + 1] != ']') {
            P->i++;
            if (P->s[P->i] == '\\') {
                P->i++;
                hi = parse_escape(P);
            } else {
                hi = peek_rune(P, &w);
                P->i += w;
            }
            if (P->err)
                return NULL;
            if (hi < lo) {
                P->err = "invalid character class range";
                return NULL;
            }
        }
        rs_add(P, &rs, lo, hi);
    }
    nd = mk(P, N_CLASS);
    if (nd) {
        nd->neg = neg;
        nd->ranges = rs.v;
        nd->nranges = rs.n / 2;
    }
    P->ninst += 1;
    return nd;
}

static node *parse_seq(rparser *P, bool in_group);

static bool cat_push(rparser *P, node *cat, node *kid, size_t *cap)
{
    if (cat->nkids == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        node **nv = sf__arena_grow(P->a, cat->kids, cat->nkids, nc, sizeof(node *));
        if (!nv)
            return false;
        cat->kids = nv;
        *cap = nc;
    }
    cat->kids[cat->nkids++] = kid;
    return true;
}

/* One atom (or NULL with P->err/unsup set, or for an empty-width item that was handled). */
static node *parse_atom(rparser *P, bool in_group, bool *stop)
{
    size_t w;
    uint32_t c = peek_rune(P, &w);
    node *nd;

    switch (c) {
    case '(':
        P->i++;
        nd = parse_seq(P, true);
        if (!nd)
            return NULL;
        if (P->i >= P->n || P->s[P->i] != ')') {
            P->err = "missing closing )";
            return NULL;
        }
        P->i++;
        return nd;
    case ')':
        if (in_group) {
            *stop = true;
            return NULL;
        }
        P->err = "unexpected )";
        return NULL;
    case '[':
        P->i++;
        return parse_class(P);
    case '^':
        P->i++;
        P->ninst += 1;
        return mk(P, N_BOT);
    case '$':
        P->i++;
        P->ninst += 1;
        return mk(P, N_EOT);
    case '.':
        P->i++;
        P->ninst += 1;
        return mk(P, N_ANY);
    case '\\':
        P->i++;
        if (P->i < P->n) {
            char e = P->s[P->i];
            rangeset rs = {NULL, 0, 0};
            switch (e) {
            case 'A': P->i++; P->ninst += 1; return mk(P, N_BOT);
            case 'z': P->i++; P->ninst += 1; return mk(P, N_EOT);
            case 'b': P->i++; P->ninst += 1; return mk(P, N_WB);
            case 'B': P->i++; P->ninst += 1; return mk(P, N_NWB);
            case 'p': case 'P':
                P->unsup = "Unicode class \\p";
                P->i++;
                return mk(P, N_EMPTY);
            case 'Q':
                P->unsup = "quoting with \\Q...\\E";
                P->i++;
                return mk(P, N_EMPTY);
            default:
                break;
            }
            if (perl_class(P, &rs)) {
                nd = mk(P, N_CLASS);
                if (nd) {
                    nd->ranges = rs.v;
                    nd->nranges = rs.n / 2;
                }
                P->ninst += 1;
                return nd;
            }
        }
        c = parse_escape(P);
        if (P->err)
            return NULL;
        nd = mk(P, N_LIT);
        if (nd)
            nd->r = c;
        P->ninst += 1;
        return nd;
    case '*': case '+': case '?':
        P->err = "missing argument to repetition operator";
        return NULL;
    default:
        P->i += w;
        nd = mk(P, N_LIT);
        if (nd)
            nd->r = c;
        P->ninst += 1;
        return nd;
    }
}

/* A concatenation of quantified atoms, up to ')' (in a group) or the end. */
static node *parse_seq(rparser *P, bool in_group)
{
    node *cat = mk(P, N_CAT);
    size_t cap = 0;

    if (!cat)
        return NULL;
    while (P->i < P->n) {
        bool stop = false;
        node *atom = parse_atom(P, in_group, &stop);
        if (stop)
            break;
        if (!atom)
            return NULL;
        while (P->i < P->n && (P->s[P->i] == '*' || P->s[P->i] == '+' || P->s[P->i] == '?')) {
            char q = P->s[P->i++];
            node *rep = mk(P, q == '*' ? N_STAR : q == '+' ? N_PLUS : N_QUEST);
            if (!rep)
                return NULL;
            rep->kid = atom;
            P->ninst += q == '*' ? 2 : 1;
            atom = rep;
            if (P->i < P->n && P->s[P->i] == '?')
                P->i++; /* non-greedy: same language */
            if (P->i < P->n && (P->s[P->i] == '*' || P->s[P->i] == '+' || P->s[P->i] == '?')) {
                P->err = "invalid nested repetition operator";
                return NULL;
            }
        }
        if (!cat_push(P, cat, atom, &cap))
            return NULL;
    }
    return cat;
}

/* Thompson construction into pr->v starting at pr->n. */
static void emit(prog *pr, const node *nd)
{
    inst *in;
    uint32_t l1, split;
    size_t k;

    switch (nd->type) {
    case N_EMPTY:
        return;
    case N_CAT:
        for (k = 0; k < nd->nkids; k++)
            emit(pr, nd->kids[k]);
        return;
    case N_STAR:
        split = pr->n++;
        emit(pr, nd->kid);
        in = &pr->v[pr->n++];
        in->op = OP_JMP;
        in->x = split;
        pr->v[split].op = OP_SPLIT;
        pr->v[split].x = split + 1;
        pr->v[split].y = pr->n;
        return;
    case N_PLUS:
        l1 = pr->n;
        emit(pr, nd->kid);
        in = &pr->v[pr->n++];
        in->op = OP_SPLIT;
        in->x = l1;
        in->y = pr->n;
        return;
    case N_QUEST:
        split = pr->n++;
        emit(pr, nd->kid);
        pr->v[split].op = OP_SPLIT;
        pr->v[split].x = split + 1;
        pr->v[split].y = pr->n;
        return;
    default:
        break;
    }
    in = &pr->v[pr->n++];
    switch (nd->type) {
    case N_LIT: in->op = OP_CHAR; in->r = nd->r; break;
    case N_CLASS:
        in->op = OP_CLASS;
        in->neg = nd->neg;
        in->ranges = nd->ranges;
        in->nranges = nd->nranges;
        break;
    case N_ANY: in->op = OP_ANYNL; break;
    case N_BOT: in->op = OP_BOT; break;
    case N_EOT: in->op = OP_EOT; break;
    case N_WB: in->op = OP_WORDB; break;
    default: in->op = OP_NWORDB; break;
    }
}

/* ================================================================ the matcher object */

struct sf__ignore {
    sf__ignore_pat *v;
    size_t n, cap;
    const char *fatal;     /* ReadAll or New failed: BuildKit rejects the whole file */
    const char *text;      /* the .dockerignore bytes (borrowed), NULL from from_patterns */
    size_t len;
};

/* BuildKit's pattern -> regexp translation (Unix separator). Returns the kind it picks. */
static sf__ignore_kind translate(sf_buf *re, const char *pat, size_t n)
{
    const unsigned char *u = (const unsigned char *)pat;
    sf__ignore_kind kind = SF_IGN_EXACT;
    size_t i = 0, w;
    int iter = 0;
    char tmp[4];

    sf__buf_putc(re, '^');
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        i = 3; /* text/scanner skips a leading BOM */
    for (; i < n; iter++) {
        uint32_t c = decode_rune(u + i, n - i, &w);
        i += w;
        if (c == '*') {
            if (i < n && pat[i] == '*') {
                i++;
                if (i < n && pat[i] == '/')
                    i++;
                if (i >= n) {
                    if (kind == SF_IGN_EXACT) {
                        kind = SF_IGN_PREFIX;
                    } else {
                        sf__buf_puts(re, ".*");
                        kind = SF_IGN_REGEXP;
                    }
                } else {
                    sf__buf_puts(re, "(.*/)?");
                    kind = SF_IGN_REGEXP;
                }
                if (iter == 0)
                    kind = SF_IGN_SUFFIX;
            } else {
                sf__buf_puts(re, "[^/]*");
                kind = SF_IGN_REGEXP;
            }
        } else if (c == '?') {
            sf__buf_puts(re, "[^/]");
            kind = SF_IGN_REGEXP;
        } else if (c < 0x80 && strchr(".+()|{}$", (int)c) && c != 0) {
            sf__buf_putc(re, '\\');
            sf__buf_putc(re, (char)c);
        } else if (c == '\\') {
            if (i < n) {
                uint32_t d = decode_rune(u + i, n - i, &w);
                i += w;
                sf__buf_putc(re, '\\');
                sf__buf_put(re, tmp, encode_rune(tmp, d));
                kind = SF_IGN_REGEXP;
            } else {
                sf__buf_putc(re, '\\');
            }
        } else if (c == '[' || c == ']') {
            sf__buf_putc(re, (char)c);
            kind = SF_IGN_REGEXP;
        } else {
            sf__buf_put(re, tmp, encode_rune(tmp, c));
        }
    }
    if (kind == SF_IGN_REGEXP)
        sf__buf_putc(re, '$');
    return kind;
}

/* Compile p->pattern: kind, program, validity. New's syntax check has already passed. */
static int compile_pat(sf__arena *a, sf__ignore_pat *p)
{
    sf_buf re = SF_BUF_INIT;
    rparser P;
    node *root;
    prog *pr;
    size_t len = strlen(p->pattern);

    memset(&P, 0, sizeof(P));
    p->kind = translate(&re, p->pattern, len);
    if (!re.ptr) {
        sf_buf_dispose(&re);
        return SF_ENOMEM;
    }
    if (p->kind != SF_IGN_REGEXP) {
        sf_buf_dispose(&re);
        return SF_OK;
    }
    P.a = a;
    P.s = re.ptr;
    P.n = re.size;
    root = parse_seq(&P, false);
    if (!root && !P.err && P.i < P.n)
        P.err = "unexpected )";
    if (P.err) {
        p->valid = false;
        p->error = sf__arena_printf(a, "error parsing regexp: %s (BuildKit: syntax error in "
                                       "pattern)", P.err);
    } else if (P.unsup) {
        p->unsupported = true;
        p->error = sf__arena_printf(a, "uses %s, which slimfile does not evaluate", P.unsup);
    } else if (root) {
        pr = sf__arena_alloc(a, sizeof(*pr));
        if (pr)
            pr->v = sf__arena_alloc(a, (P.ninst + 1) * sizeof(inst));
        if (pr && pr->v) {
            emit(pr, root);
            pr->v[pr->n++].op = OP_MATCH;
            p->prog = pr;
        }
    }
    sf_buf_dispose(&re);
    return sf__arena_failed(a) ? SF_ENOMEM : SF_OK;
}

/* patternmatcher.New for one string; appends to ig (or records a fatal error). */
static int add_pattern(sf__ignore *ig, sf__arena *a, const char *s, size_t n,
                       const char *raw, const char *text, uint32_t line,
                       uint32_t start, uint32_t end, uint32_t col)
{
    size_t b = 0, e = n;
    char *c;
    sf__ignore_pat *p;

    trim_space(s, &b, &e);
    if (b == e)
        return SF_OK;
    c = go_clean(a, s + b, e - b);
    if (!c)
        return SF_ENOMEM;
    if (ig->n == ig->cap) {
        size_t nc = ig->cap ? ig->cap * 2 : 16;
        sf__ignore_pat *nv = sf__arena_grow(a, ig->v, ig->n, nc, sizeof(*nv));
        if (!nv)
            return SF_ENOMEM;
        ig->v = nv;
        ig->cap = nc;
    }
    p = &ig->v[ig->n++];
    memset(p, 0, sizeof(*p));
    p->raw = raw;
    p->text = text;
    p->line = line;
    p->start = start;
    p->end = end;
    p->col = col;
    p->end_col = col ? col + (end - start) : 0;
    p->valid = true;
    if (c[0] == '!') {
        p->negated = true;
        c++;
        if (!*c) {
            p->valid = false;
            p->pattern = c;
            p->error = "illegal exclusion pattern: \"!\"";
            if (!ig->fatal)
                ig->fatal = p->error;
            return SF_OK;
        }
    }
    p->pattern = c;
    if (!match_syntax_ok(c, strlen(c))) {
        p->valid = false;
        p->error = "syntax error in pattern";
        if (!ig->fatal)
            ig->fatal = p->error;
        return SF_OK;
    }
    return compile_pat(a, p);
}

int sf__ignore_from_patterns(sf__ignore **out, sf__arena *a, const char *const *pats, size_t n)
{
    sf__ignore *ig;
    size_t i;
    int err;

    *out = NULL;
    ig = sf__arena_alloc(a, sizeof(*ig));
    if (!ig)
        return SF_ENOMEM;
    for (i = 0; i < n; i++) {
        const char *s = pats[i];
        err = add_pattern(ig, a, s, strlen(s), s, s, (uint32_t)(i + 1), 0, 0, 0);
        if (err < 0)
            return err;
    }
    *out = ig;
    return SF_OK;
}

#define SCAN_MAX ((size_t)64 * 1024) /* bufio.MaxScanTokenSize */

int sf__ignore_parse(sf__ignore **out, sf__arena *a, const char *text, size_t len)
{
    sf__ignore *ig;
    size_t pos = 0;
    uint32_t lineno = 0;

    *out = NULL;
    if (len > SF_MAX_INPUT)
        return SF_ELIMIT;
    ig = sf__arena_alloc(a, sizeof(*ig));
    if (!ig)
        return SF_ENOMEM;
    ig->text = text;
    ig->len = len;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ls = pos, le = nl ? (size_t)(nl - text) : len;
        size_t b, e, pb, pe;
        bool invert;
        char *norm, *clean;
        int err;

        pos = nl ? le + 1 : len;
        lineno++;
        if (le - ls >= SCAN_MAX) {
            if (!ig->fatal)
                ig->fatal = sf__arena_printf(a, "error reading .dockerignore: line %u: "
                                                "token too long", lineno);
            break; /* bufio.Scanner stops here */
        }
        if (le > ls && text[le - 1] == '\r')
            le--;
        b = ls;
        if (lineno == 1 && le - b >= 3 && memcmp(text + b, "\xEF\xBB\xBF", 3) == 0)
            b += 3;
        if (b < le && text[b] == '#')
            continue;
        e = le;
        trim_space(text, &b, &e);
        if (b == e)
            continue;
        pb = b;
        pe = e;
        invert = text[pb] == '!';
        if (invert) {
            pb++;
            trim_space(text, &pb, &pe);
        }
        if (pb < pe) {
            clean = go_clean(a, text + pb, pe - pb);
            if (clean && strlen(clean) > 1 && clean[0] == '/')
                clean++;
        } else {
            clean = sf__arena_strdup(a, "");
        }
        if (!clean)
            return SF_ENOMEM;
        norm = invert ? sf__arena_printf(a, "!%s", clean) : clean;
        if (!norm)
            return SF_ENOMEM;
        err = add_pattern(ig, a, norm, strlen(norm), sf__arena_strndup(a, text + b, e - b),
                          norm, lineno, (uint32_t)b, (uint32_t)e, (uint32_t)(b - ls + 1));
        if (err < 0)
            return err;
    }
    if (sf__arena_failed(a))
        return SF_ENOMEM;
    *out = ig;
    return SF_OK;
}

bool sf__ignore_ok(const sf__ignore *ig)
{
    return sf__ignore_error(ig) == NULL;
}

const char *sf__ignore_error(const sf__ignore *ig)
{
    size_t i;

    if (!ig)
        return NULL;
    if (ig->fatal)
        return ig->fatal;
    for (i = 0; i < ig->n; i++)
        if (!ig->v[i].valid)
            return ig->v[i].error;
    return NULL;
}

size_t sf__ignore_count(const sf__ignore *ig)
{
    return ig ? ig->n : 0;
}

const sf__ignore_pat *sf__ignore_at(const sf__ignore *ig, size_t i)
{
    return ig && i < ig->n ? &ig->v[i] : NULL;
}

/* ================================================================ Pike VM */

static bool is_word(uint32_t r)
{
    return r < 0x80 && (sf__is_alnum((int)r) || r == '_');
}

static bool class_has(const inst *in, uint32_t r)
{
    uint32_t k;
    bool hit = false;

    for (k = 0; k < in->nranges && !hit; k++)
        hit = in->ranges[2 * k] <= r && r <= in->ranges[2 * k + 1];
    return hit != in->neg;
}

typedef struct vm {
    const prog *pr;
    uint32_t *cur, *nxt;  /* thread lists (pcs) */
    uint32_t ncur, nnxt;
    uint32_t *mark;       /* generation per pc */
    uint32_t *stack;
    uint32_t gen;
} vm;

/* Add pc and its epsilon closure at a position with the given neighbours. */
static bool add_thread(vm *m, uint32_t *list, uint32_t *nlist, uint32_t pc, bool at_begin,
                       bool at_end, uint32_t prev, uint32_t next)
{
    uint32_t sp = 0;
    bool matched = false;

    m->stack[sp++] = pc;
    while (sp) {
        const inst *in;
        pc = m->stack[--sp];
        if (m->mark[pc] == m->gen)
            continue;
        m->mark[pc] = m->gen;
        in = &m->pr->v[pc];
        switch (in->op) {
        case OP_JMP:
            m->stack[sp++] = in->x;
            break;
        case OP_SPLIT:
            m->stack[sp++] = in->y;
            m->stack[sp++] = in->x;
            break;
        case OP_BOT:
            if (at_begin)
                m->stack[sp++] = pc + 1;
            break;
        case OP_EOT:
            if (at_end)
                m->stack[sp++] = pc + 1;
            break;
        case OP_WORDB:
        case OP_NWORDB: {
            bool wb = (!at_begin && is_word(prev)) != (!at_end && is_word(next));
            if (wb == (in->op == OP_WORDB))
                m->stack[sp++] = pc + 1;
            break;
        }
        case OP_MATCH:
            matched = true;
            break;
        default:
            list[(*nlist)++] = pc;
            break;
        }
    }
    return matched;
}

#define VM_STACK_INSTS 128

/* Is file[0..k) one of the parent prefixes the parent rule tries? dlen == 0: none. */
static bool is_parent_cut(const char *s, size_t k, size_t dlen)
{
    return dlen > 0 && k <= dlen && (k == dlen || s[k] == '/');
}

/* Run the program over s[0..n): true if it matches s, or (dlen > 0) any parent prefix
 * s[0..k) (see is_parent_cut). One pass: at each cut the live threads are also closed with
 * "end of text here", so the parent rule costs O(n * m) instead of O(depth * n * m). */
static bool vm_run(const prog *pr, const char *s, size_t n, size_t dlen, bool *oom)
{
    uint32_t local[7 * VM_STACK_INSTS];
    uint32_t *mem = local, *scratch;
    vm m;
    size_t i = 0, w = 0;
    uint32_t r, nscratch = 0;
    bool matched, parent = false;

    if (pr->n > VM_STACK_INSTS) {
        mem = malloc(7 * (size_t)pr->n * sizeof(uint32_t));
        if (!mem) {
            *oom = true;
            return false;
        }
    }
    m.pr = pr;
    m.cur = mem;
    m.nxt = mem + pr->n;
    m.mark = mem + 2 * (size_t)pr->n;
    m.stack = mem + 3 * (size_t)pr->n; /* up to 2n + 1 pushes per closure */
    scratch = mem + 6 * (size_t)pr->n;
    memset(m.mark, 0, pr->n * sizeof(uint32_t));
    m.gen = 1;
    m.ncur = m.nnxt = 0;
    r = decode_rune((const unsigned char *)s, n, &w);
    if (is_parent_cut(s, 0, dlen)) {
        parent = add_thread(&m, scratch, &nscratch, 0, true, true, 0, 0);
        m.gen++;
    }
    matched = add_thread(&m, m.cur, &m.ncur, 0, true, n == 0, 0, r);
    while (i < n && m.ncur && !parent) {
        uint32_t k, next;
        size_t nw = 0;
        size_t ni = i + w;
        bool cut = is_parent_cut(s, ni, dlen);

        next = decode_rune((const unsigned char *)s + ni, n - ni, &nw);
        m.gen++;
        m.nnxt = 0;
        matched = false;
        for (k = 0; k < m.ncur; k++) {
            const inst *in = &pr->v[m.cur[k]];
            bool ok;
            switch (in->op) {
            case OP_CHAR: ok = in->r == r; break;
            case OP_CLASS: ok = class_has(in, r); break;
            default: ok = r != '\n'; break; /* OP_ANYNL */
            }
            m.cur[k] = ok ? m.cur[k] : UINT32_MAX;
            if (ok && add_thread(&m, m.nxt, &m.nnxt, m.cur[k] + 1, false, ni == n, r, next))
                matched = true;
        }
        if (cut) {
            m.gen++;
            nscratch = 0;
            for (k = 0; k < m.ncur && !parent; k++)
                if (m.cur[k] != UINT32_MAX)
                    parent = add_thread(&m, scratch, &nscratch, m.cur[k] + 1, false, true, r, 0);
        }
        {
            uint32_t *t = m.cur;
            m.cur = m.nxt;
            m.nxt = t;
            m.ncur = m.nnxt;
        }
        r = next;
        i = ni;
        w = nw;
    }
    if (mem != local)
        free(mem);
    return parent || (matched && i == n);
}

/* Pattern.match of patternmatcher for one cleaned path. */
static bool pat_match(const sf__ignore_pat *p, const char *path, size_t n, size_t dlen,
                      bool *oom)
{
    const char *pat = p->pattern;
    size_t k = strlen(pat);

    if (!p->valid || p->unsupported)
        return false;
    switch (p->kind) {
    case SF_IGN_EXACT:
        return n == k && memcmp(path, pat, n) == 0;
    case SF_IGN_PREFIX:
        return n >= k - 2 && memcmp(path, pat, k - 2) == 0;
    case SF_IGN_SUFFIX: {
        const char *suf = pat + 2;
        size_t sl = k - 2;
        if (n >= sl && memcmp(path + n - sl, suf, sl) == 0)
            return true;
        return sl > 0 && suf[0] == '/' && n == sl - 1 && memcmp(path, suf + 1, n) == 0;
    }
    default:
        return p->prog && vm_run(p->prog, path, n, dlen, oom);
    }
}

bool sf__ignore_pat_matches(const sf__ignore_pat *p, const char *path, size_t len)
{
    bool oom = false;
    return pat_match(p, path, len, 0, &oom);
}

int sf__ignore_match(const sf__ignore *ig, const char *path, bool *excluded)
{
    sf__arena tmp;
    const char *file;
    size_t flen, dlen;
    bool matched = false, oom = false;
    size_t i;
    int err = SF_OK;

    *excluded = false;
    if (!ig)
        return SF_OK;
    if (ig->fatal)
        return SF_EINVAL;
    sf__arena_init(&tmp);
    file = go_clean(&tmp, path, strlen(path));
    if (!file) {
        sf__arena_dispose(&tmp);
        return SF_ENOMEM;
    }
    flen = strlen(file);
    if (strcmp(file, ".") == 0) {
        sf__arena_dispose(&tmp);
        return SF_OK;
    }
    /* filepath.Dir: up to the last '/', cleaned. Cleaned paths make that a plain cut, except
     * that the root "/" keeps its slash. */
    dlen = flen;
    while (dlen > 0 && file[dlen - 1] != '/')
        dlen--;
    if (dlen > 1)
        dlen--;
    for (i = 0; i < ig->n; i++) {
        const sf__ignore_pat *p = &ig->v[i];
        bool m;

        if (p->negated != matched)
            continue;
        if (!p->valid) {
            err = SF_EINVAL;
            matched = false;
            break;
        }
        m = pat_match(p, file, flen, dlen, &oom);
        if (!m && dlen > 0 && p->kind != SF_IGN_REGEXP) {
            /* parent prefixes: file[0..k) for each '/' at k inside the parent, and the parent */
            size_t k;
            for (k = 0; k <= dlen && !m; k++)
                if (k == dlen || file[k] == '/')
                    m = pat_match(p, file, k, 0, &oom);
        }
        if (m)
            matched = !p->negated;
    }
    sf__arena_dispose(&tmp);
    if (oom)
        return SF_ENOMEM;
    *excluded = err == SF_OK && matched;
    return err;
}

bool sf__ignore_excludes(const sf__ignore *ig, const char *path)
{
    bool ex = false;
    sf__ignore copy;

    if (!ig)
        return false;
    if (ig->fatal || !sf__ignore_ok(ig)) {
        /* skip invalid patterns: match over a view without them */
        sf__arena tmp;
        size_t i;
        sf__arena_init(&tmp);
        memset(&copy, 0, sizeof(copy));
        copy.v = sf__arena_alloc(&tmp, (ig->n + 1) * sizeof(*copy.v));
        if (copy.v) {
            for (i = 0; i < ig->n; i++)
                if (ig->v[i].valid)
                    copy.v[copy.n++] = ig->v[i];
            if (sf__ignore_match(&copy, path, &ex) < 0)
                ex = false;
        }
        sf__arena_dispose(&tmp);
        return ex;
    }
    if (sf__ignore_match(ig, path, &ex) < 0)
        return false;
    return ex;
}

/* Length of the text every string the pattern matches must start with (0 if unsure). */
static size_t literal_prefix(const sf__ignore_pat *p)
{
    const char *s = p->pattern;
    size_t k = 0;

    switch (p->kind) {
    case SF_IGN_EXACT:
        return strlen(s);
    case SF_IGN_PREFIX:
        return strlen(s) - 2;
    case SF_IGN_SUFFIX:
        return 0;
    default:
        if ((unsigned char)s[0] == 0xEF)
            return 0; /* a BOM that the regexp translation drops */
        while (s[k] && s[k] != '*' && s[k] != '?' && s[k] != '[' && s[k] != ']' &&
               s[k] != '\\' && s[k] != '^')
            k++;
        return k;
    }
}

bool sf__ignore_may_include_under(const sf__ignore *ig, const char *dir)
{
    sf__arena tmp;
    const char *d;
    size_t dl, i;
    bool may = false;

    if (!ig)
        return false;
    sf__arena_init(&tmp);
    d = go_clean(&tmp, dir, strlen(dir));
    if (!d) {
        sf__arena_dispose(&tmp);
        return true; /* OOM: the safe answer for a walker is to descend */
    }
    dl = strcmp(d, ".") == 0 ? 0 : strlen(d);
    for (i = 0; i < ig->n && !may; i++) {
        const sf__ignore_pat *p = &ig->v[i];
        size_t lp, m;

        if (!p->negated || !p->valid || p->unsupported)
            continue;
        if (dl == 0)
            may = true;
        else if (p->kind == SF_IGN_EXACT) {
            /* at or below dir, or dir is below it (it re-includes dir's whole subtree) */
            size_t pl = strlen(p->pattern);
            may = (pl >= dl && memcmp(p->pattern, d, dl) == 0 &&
                   (pl == dl || p->pattern[dl] == '/')) ||
                  (pl < dl && memcmp(d, p->pattern, pl) == 0 && d[pl] == '/');
        } else {
            /* a wildcard exception: compatible unless its literal prefix rules out dir/ */
            lp = literal_prefix(p);
            m = lp < dl ? lp : dl;
            may = memcmp(p->pattern, d, m) == 0 && (lp <= dl || p->pattern[dl] == '/');
        }
    }
    sf__arena_dispose(&tmp);
    return may;
}

/* ================================================================ lint: dockerignore-syntax */

const char *sf__ignore_issue_name(sf__ignore_issue_kind k)
{
    switch (k) {
    case SF_IGN_ISSUE_INVALID: return "invalid";
    case SF_IGN_ISSUE_TRAILING_COMMENT: return "trailing-comment";
    case SF_IGN_ISSUE_NEVER_MATCHES: return "never-matches";
    case SF_IGN_ISSUE_UNDONE: return "undone";
    case SF_IGN_ISSUE_DUPLICATE: return "duplicate";
    case SF_IGN_ISSUE_REGEX_ESCAPE: return "regex-escape";
    default: return "unsupported";
    }
}

typedef struct issues {
    sf__ignore_issue *v;
    size_t n, cap;
    sf__arena *a;
} issues;

static sf__ignore_issue *push_issue(issues *L, sf__ignore_issue_kind k, const sf__ignore_pat *p)
{
    sf__ignore_issue *is;

    if (L->n == L->cap) {
        size_t nc = L->cap ? L->cap * 2 : 8;
        sf__ignore_issue *nv = sf__arena_grow(L->a, L->v, L->n, nc, sizeof(*nv));
        if (!nv)
            return NULL;
        L->v = nv;
        L->cap = nc;
    }
    is = &L->v[L->n++];
    memset(is, 0, sizeof(*is));
    is->kind = k;
    is->line = p->line;
    is->col = p->col;
    is->end_col = p->end_col;
    is->start = p->start;
    is->end = p->end;
    return is;
}

/* Can the program match any string at all? Reachability over (pc, phase):
 * phase 0 nothing consumed yet, 1 consumed, 2 past `$`. Word boundaries count as passable. */
static bool prog_can_match(const prog *pr)
{
    uint32_t n = pr->n, sp = 0;
    uint8_t *seen = calloc((size_t)n * 3, 1);
    uint32_t *stack = malloc((size_t)n * 3 * 2 * sizeof(uint32_t));
    bool can = false;

    if (!seen || !stack) {
        free(seen);
        free(stack);
        return true;
    }
    stack[sp++] = 0;
    stack[sp++] = 0;
    while (sp && !can) {
        uint32_t ph = stack[--sp], pc = stack[--sp];
        const inst *in = &pr->v[pc];
        uint32_t to[2], nto = 0, tph = ph, k;

        if (seen[pc * 3 + ph])
            continue;
        seen[pc * 3 + ph] = 1;
        switch (in->op) {
        case OP_MATCH: can = true; break;
        case OP_JMP: to[nto++] = in->x; break;
        case OP_SPLIT: to[nto++] = in->x; to[nto++] = in->y; break;
        case OP_BOT: if (ph == 0) to[nto++] = pc + 1; break;
        case OP_EOT: to[nto++] = pc + 1; tph = 2; break;
        case OP_WORDB: case OP_NWORDB: to[nto++] = pc + 1; break;
        case OP_CLASS:
            if (ph != 2 && (in->neg || in->nranges > 0)) {
                to[nto++] = pc + 1;
                tph = 1;
            }
            break;
        default:
            if (ph != 2) {
                to[nto++] = pc + 1;
                tph = 1;
            }
            break;
        }
        for (k = 0; k < nto; k++) {
            if (!seen[to[k] * 3 + tph]) {
                stack[sp++] = to[k];
                stack[sp++] = tph;
            }
        }
    }
    free(seen);
    free(stack);
    return can;
}

/* Why the pattern can never match a context path, or NULL. */
static const char *never_reason(const sf__ignore_pat *p)
{
    const char *s = p->pattern;

    if (strcmp(s, "..") == 0 || strncmp(s, "../", 3) == 0)
        return "it climbs out of the build context with \"..\"; context paths never do";
    if (strcmp(s, ".") == 0)
        return "\".\" is the context root, which BuildKit never excludes";
    if (s[0] == '/')
        return "\"/\" is not a path inside the build context";
    if (p->kind == SF_IGN_REGEXP && p->prog && !prog_can_match(p->prog))
        return "its translation to a regular expression cannot match anything "
               "(a \"^\" that is not at the start?)";
    return NULL;
}

/* Does exception n (negated) re-include every path that exclusion p excludes? Only cases
 * provable from the pattern texts are claimed; see the header. */
static bool covers(const sf__ignore_pat *n, const sf__ignore_pat *p)
{
    const char *ns = n->pattern, *ps = p->pattern;
    size_t nl = strlen(ns), pl = strlen(ps), lp = literal_prefix(p);

    if (strcmp(ns, ps) == 0)
        return true;
    switch (n->kind) {
    case SF_IGN_SUFFIX:
        if (nl == 2)
            return true; /* `**` */
        if (p->kind == SF_IGN_EXACT) {
            const char *suf = ns + 2;
            size_t sl = nl - 2;
            return (pl >= sl && memcmp(ps + pl - sl, suf, sl) == 0) ||
                   (suf[0] == '/' && pl == sl - 1 && memcmp(ps, suf + 1, pl) == 0);
        }
        break;
    case SF_IGN_EXACT:
        if (p->kind == SF_IGN_EXACT && lp == nl && memcmp(ps, ns, nl) == 0)
            return true;
        return lp > nl && memcmp(ps, ns, nl) == 0 && ps[nl] == '/';
    case SF_IGN_PREFIX:
        return lp >= nl - 2 && memcmp(ps, ns, nl - 2) == 0;
    default:
        break;
    }
    /* `**` + "/" + p, for p whose own match is not a bare suffix test */
    return p->kind != SF_IGN_SUFFIX && (unsigned char)ps[0] != 0xEF && nl == pl + 3 &&
           memcmp(ns, "**/", 3) == 0 && memcmp(ns + 3, ps, pl) == 0;
}

/* Report `\` + letter/digit escapes, which BuildKit's regexp gives a special meaning. */
static int lint_escapes(issues *L, const sf__ignore_pat *p)
{
    const char *s = p->pattern;
    size_t k;

    for (k = 0; s[k]; k++) {
        if (s[k] != '\\')
            continue;
        if (s[k + 1] && sf__is_alnum((unsigned char)s[k + 1])) {
            sf__ignore_issue *is = push_issue(L, SF_IGN_ISSUE_REGEX_ESCAPE, p);
            if (!is)
                return SF_ENOMEM;
            is->message = sf__arena_printf(L->a, "\"\\%c\" in \"%s\" is a regular-expression "
                                                 "escape for BuildKit, not the letter '%c'",
                                           s[k + 1], p->text, s[k + 1]);
        }
        if (s[k + 1])
            k++;
    }
    return SF_OK;
}

int sf__ignore_lint(sf__ignore_issue **out, size_t *n, sf__arena *a, const sf__ignore *ig)
{
    issues L = {NULL, 0, 0, a};
    size_t i, j;

    *out = NULL;
    *n = 0;
    if (!ig)
        return SF_OK;
    for (i = 0; i < ig->n; i++) {
        const sf__ignore_pat *p = &ig->v[i];
        sf__ignore_issue *is;
        const char *why;
        const char *hash = NULL;

        /* (a) a `#` after whitespace, or a comment indented away from column 1 */
        if (p->raw[0] == '#') {
            hash = p->raw;
        } else {
            const char *r;
            for (r = p->raw + 1; *r; r++)
                if (*r == '#' && (r[-1] == ' ' || r[-1] == '\t')) {
                    hash = r;
                    break;
                }
        }
        if (hash && p->col) {
            is = push_issue(&L, SF_IGN_ISSUE_TRAILING_COMMENT, p);
            if (!is)
                return SF_ENOMEM;
            is->col = p->col + (uint32_t)(hash - p->raw);
            is->start = p->start + (uint32_t)(hash - p->raw);
            if (hash == p->raw)
                is->message = sf__arena_printf(a, "\"%s\" is a pattern, not a comment: BuildKit "
                                                  "only treats '#' in column 1 as a comment",
                                               p->raw);
            else
                is->message = sf__arena_printf(a, "\"%s\" is part of the pattern \"%s\": BuildKit "
                                                  "only treats '#' in column 1 as a comment",
                                               hash, p->text);
        }
        /* (b) invalid, unsupported */
        if (!p->valid) {
            is = push_issue(&L, SF_IGN_ISSUE_INVALID, p);
            if (!is)
                return SF_ENOMEM;
            is->message = sf__arena_printf(a, "invalid pattern \"%s\": %s; BuildKit fails the "
                                              "build", p->text, p->error);
            continue;
        }
        if (lint_escapes(&L, p) < 0)
            return SF_ENOMEM;
        if (p->unsupported) {
            is = push_issue(&L, SF_IGN_ISSUE_UNSUPPORTED, p);
            if (!is)
                return SF_ENOMEM;
            is->message = sf__arena_printf(a, "pattern \"%s\" %s", p->text, p->error);
            continue;
        }
        /* (c) never matches */
        why = never_reason(p);
        if (why) {
            is = push_issue(&L, SF_IGN_ISSUE_NEVER_MATCHES, p);
            if (!is)
                return SF_ENOMEM;
            is->message = sf__arena_printf(a, "pattern \"%s\" can never match: %s", p->text, why);
            continue;
        }
        /* (e) duplicate of an earlier line with only same-polarity lines between */
        for (j = i; j-- > 0;) {
            const sf__ignore_pat *q = &ig->v[j];
            if (q->negated != p->negated)
                break;
            if (strcmp(q->pattern, p->pattern) == 0) {
                is = push_issue(&L, SF_IGN_ISSUE_DUPLICATE, p);
                if (!is)
                    return SF_ENOMEM;
                is->other_line = q->line;
                is->message = sf__arena_printf(a, "\"%s\" repeats line %u and changes nothing",
                                               p->text, q->line);
                break;
            }
        }
        /* (d) an exclusion that a later exception fully re-includes */
        if (!p->negated) {
            for (j = i + 1; j < ig->n; j++) {
                const sf__ignore_pat *q = &ig->v[j];
                if (q->negated && q->valid && !q->unsupported && covers(q, p)) {
                    is = push_issue(&L, SF_IGN_ISSUE_UNDONE, p);
                    if (!is)
                        return SF_ENOMEM;
                    is->other_line = q->line;
                    is->message = sf__arena_printf(a, "\"%s\" has no effect: \"%s\" on line %u "
                                                      "re-includes everything it excludes",
                                                   p->text, q->text, q->line);
                    break;
                }
            }
        }
    }
    if (sf__arena_failed(a))
        return SF_ENOMEM;
    *out = L.v;
    *n = L.n;
    return SF_OK;
}

/* ================================================================ lint: dockerignore-entries */

typedef struct candidate {
    const char *name;          /* "x/" directory basename, or a file basename glob */
    sf__ignore_entry_class cls;
} candidate;

/* Deliberately absent: dist/, build/, target/, out/ (build output that Dockerfiles often COPY
 * on purpose), .npmrc (often needed at build time; belongs in a secret mount, but not our call
 * here), .env.example/.sample/.template (committed templates without secrets). */
static const candidate CANDIDATES[] = {
    {".git/", SF_IGN_HEAVY},
    {".hg/", SF_IGN_HEAVY},
    {".svn/", SF_IGN_HEAVY},
    {"node_modules/", SF_IGN_HEAVY},
    {"__pycache__/", SF_IGN_HEAVY},
    {".venv/", SF_IGN_HEAVY},
    {"venv/", SF_IGN_HEAVY},
    {".tox/", SF_IGN_HEAVY},
    {".mypy_cache/", SF_IGN_HEAVY},
    {".pytest_cache/", SF_IGN_HEAVY},
    {".terraform/", SF_IGN_HEAVY},
    {".env", SF_IGN_SECRET},
    {".env.*", SF_IGN_SECRET},
    {"*.pem", SF_IGN_SECRET},
    {"*.key", SF_IGN_SECRET},
    {"id_rsa", SF_IGN_SECRET},
    {"id_dsa", SF_IGN_SECRET},
    {"id_ecdsa", SF_IGN_SECRET},
    {"id_ed25519", SF_IGN_SECRET},
    {".aws/", SF_IGN_SECRET},
    {".ssh/", SF_IGN_SECRET},
    {".netrc", SF_IGN_SECRET},
    {".git-credentials", SF_IGN_SECRET},
    {".idea/", SF_IGN_NOISE},
    {".vscode/", SF_IGN_NOISE},
    {".DS_Store", SF_IGN_NOISE},
};

static bool is_env_template(const char *base, size_t bl)
{
    static const char *const T[] = {".env.example", ".env.sample", ".env.template", ".env.dist"};
    size_t k;

    for (k = 0; k < SF_ARRAY_LEN(T); k++)
        if (bl == strlen(T[k]) && memcmp(base, T[k], bl) == 0)
            return true;
    return false;
}

/* Basename match of one candidate; the only globs are a leading or trailing '*'. */
static bool cand_match(const char *c, const char *base, size_t bl, bool is_dir)
{
    size_t cl = strlen(c);
    bool cdir = c[cl - 1] == '/';

    if (cdir != is_dir)
        return false;
    if (cdir)
        cl--;
    if (c[0] == '*')
        return bl > cl - 1 && memcmp(base + bl - (cl - 1), c + 1, cl - 1) == 0;
    if (c[cl - 1] == '*')
        return bl > cl - 1 && memcmp(base, c, cl - 1) == 0 && !is_env_template(base, bl);
    return bl == cl && memcmp(base, c, cl) == 0;
}

/* Is directory d (without trailing '/') effectively excluded: itself, or everything listed
 * under it, or (nothing listed) a child name. */
static bool dir_excluded(const sf__ignore *ig, sf__arena *a, const char *d, size_t dl,
                         const char *const *paths, size_t n)
{
    size_t k;
    bool any = false;
    char *probe;

    if (sf__ignore_excludes(ig, d))
        return true;
    for (k = 0; k < n; k++) {
        size_t pl = strlen(paths[k]);
        if (pl > dl + 1 && memcmp(paths[k], d, dl) == 0 && paths[k][dl] == '/') {
            any = true;
            if (!sf__ignore_excludes(ig, paths[k]))
                return false;
        }
    }
    if (any)
        return true;
    probe = sf__arena_printf(a, "%s/x", d);
    return probe && sf__ignore_excludes(ig, probe);
}

int sf__ignore_find_unexcluded(sf__ignore_entry **out, size_t *nout, sf__arena *a,
                               const sf__ignore *ig, const char *const *paths, size_t n)
{
    sf__ignore_entry *v = NULL;
    size_t nv = 0, cap = 0, i, k;

    *out = NULL;
    *nout = 0;
    for (i = 0; i < n; i++) {
        const char *path = paths[i];
        size_t pl = strlen(path), bl, bstart, r;
        bool is_dir = pl > 0 && path[pl - 1] == '/';
        bool inside = false;
        char *plain;

        if (pl == 0)
            continue;
        bl = is_dir ? pl - 1 : pl;
        bstart = bl;
        while (bstart > 0 && path[bstart - 1] != '/')
            bstart--;
        for (k = 0; k < SF_ARRAY_LEN(CANDIDATES); k++)
            if (cand_match(CANDIDATES[k].name, path + bstart, bl - bstart, is_dir))
                break;
        if (k == SF_ARRAY_LEN(CANDIDATES))
            continue;
        /* already reported an enclosing directory? */
        for (r = 0; r < nv && !inside; r++) {
            size_t rl = strlen(v[r].path);
            inside = v[r].path[rl - 1] == '/' && pl > rl && memcmp(path, v[r].path, rl) == 0;
        }
        if (inside)
            continue;
        plain = sf__arena_strndup(a, path, bl);
        if (!plain)
            return SF_ENOMEM;
        if (is_dir ? dir_excluded(ig, a, plain, bl, paths, n) : sf__ignore_excludes(ig, plain))
            continue;
        if (nv == cap) {
            size_t nc = cap ? cap * 2 : 8;
            sf__ignore_entry *g = sf__arena_grow(a, v, nv, nc, sizeof(*g));
            if (!g)
                return SF_ENOMEM;
            v = g;
            cap = nc;
        }
        v[nv].path = path;
        v[nv].candidate = CANDIDATES[k].name;
        v[nv].cls = CANDIDATES[k].cls;
        nv++;
    }
    if (sf__arena_failed(a))
        return SF_ENOMEM;
    *out = v;
    *nout = nv;
    return SF_OK;
}
