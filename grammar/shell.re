/* shell.re - re2c lexer for the shell parser: operators, words with their parts (quotes,
 * parameter expansions, $( ) / backquote / $(( )) substitutions, globs, brace expansion),
 * comments, here-document bodies, [[ ]] and (( )).
 *
 * Works on p->s[0..p->len) which need not be NUL-terminated: YYPEEK is bounds-checked and
 * returns the 0 sentinel at the end (re2c:eof). Nested constructs recurse through the driver
 * (sf__shp_nested, sf__shp_copy) which caps the depth. Every loop advances the cursor, so the
 * lexer is linear; the only look-aheads (glob brackets, brace expansion) are capped. */

#include "../lib/shell.h"   /* through -Ilib: our AST (not the token header) */
#include "shell.h"          /* same directory: lemon's token codes */
#include "ascii.h"

#define LOOKAHEAD_CAP 4096u

typedef struct plist {
    sf__sh_part *head, *tail;
} plist;

static void padd(plist *l, sf__sh_part *pt)
{
    if (!pt)
        return;
    if (!l->head)
        l->head = pt;
    else
        l->tail->next = pt;
    l->tail = pt;
}

static void ldiag(sf__shp *p, uint32_t s, uint32_t e, const char *msg)
{
    sf__shp_diag(p, sf__shp_off(p, s), sf__shp_off(p, e), msg);
}

static void lbash(sf__shp *p, sf__sh_bashism_kind k, uint32_t s, uint32_t e)
{
    sf__shp_bashism(p, k, sf__shp_off(p, s), sf__shp_off(p, e));
}

/* Byte classes: C_LIT literal outside quotes (not a metacharacter, quote, backslash, `$`,
 * backquote, glob, brace, tilde or NUL), C_DQLIT literal inside "..." (not `"` `\\` `$`
 * backquote or NUL), C_META a shell metacharacter (is_meta), C_NAME1 / C_NAME a byte that
 * may start / continue a NAME ([A-Za-z_] / [A-Za-z0-9_]). A table lookup per byte is what
 * keeps word scanning cheap. */
enum { C_LIT = 1, C_DQLIT = 2, C_META = 4, C_NAME1 = 8, C_NAME = 16 };
static const unsigned char cclass[256] = {
    0, 3, 3, 3, 3, 3, 3, 3, 3, 6, 6, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    6, 3, 0, 3, 0, 3, 6, 2, 6, 6, 2, 3, 3, 3, 3, 3,
    19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 3, 6, 6, 3, 6, 2,
    3, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27,
    27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 2, 0, 3, 3, 27,
    0, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27,
    27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 2, 6, 3, 2, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

static bool is_meta(int c)
{
    return c >= 0 && (cclass[c] & C_META);
}


static bool is_name_start(int c) { return c >= 0 && (cclass[c] & C_NAME1); }
static bool is_name_char(int c) { return c >= 0 && (cclass[c] & C_NAME); }

static int at(const sf__shp *p, uint32_t i)
{
    return i < p->len ? (unsigned char)p->s[i] : -1;
}

/* sf__sh_part_new, inlined: the lexer makes one or more parts per word. */
static inline sf__sh_part *new_part(sf__shp *p, sf__sh_part_kind k, uint32_t start,
                                    uint32_t end)
{
    sf__sh_part *pt = sf__sh_alloc(p->a, sizeof(*pt));

    if (!pt)
        return NULL;
    pt->kind = k;
    if (p->map) {
        pt->span.start = sf__shp_off(p, start);
        pt->span.end = sf__shp_off(p, end);
    } else {
        pt->span.start = start;
        pt->span.end = end;
    }
    pt->op = "";
    return pt;
}

/* Literal part from lexer bytes [s, e) whose value is bytes [vs, ve) of the lexed buffer
 * (the text, or an arena copy for backquotes and `sh -c`): no copy is made. */
static sf__sh_part *lit(sf__shp *p, sf__sh_part_kind k, uint32_t s, uint32_t e, uint32_t vs,
                        uint32_t ve)
{
    sf__sh_part *pt = new_part(p, k, s, e);

    if (pt) {
        pt->val = p->s + vs;
        pt->vlen = ve - vs;
    }
    return pt;
}

/* Length of a run of plain literal bytes at i (in_dq: inside double quotes). */
static inline uint32_t lit_run(const sf__shp *p, uint32_t i, bool in_dq)
{
    const unsigned char *s = (const unsigned char *)p->s;
    unsigned cls = in_dq ? C_DQLIT : C_LIT;
    uint32_t j = i, n = p->len;

    while (j < n && (cclass[s[j]] & cls))
        j++;
    return j - i;
}

static sf__sh_part *scan_dollar(sf__shp *p, uint32_t *ip, bool in_dq);
static sf__sh_part *scan_backq(sf__shp *p, uint32_t *ip);
static sf__sh_part *scan_dq(sf__shp *p, uint32_t *ip, bool locale);

/* Find the `))` closing an arithmetic expansion whose inside starts at i; returns the offset
 * of the first `)` or UINT32_MAX when the parentheses do not close that way. */
static uint32_t arith_end(const sf__shp *p, uint32_t i)
{
    uint32_t depth = 0;

    for (; i < p->len; i++) {
        int c = at(p, i);
        if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (depth == 0)
                return at(p, i + 1) == ')' ? i : UINT32_MAX;
            depth--;
        } else if (c == '\\') {
            i++;
        } else if (c == '\'' || c == '"' || c == '`') {
            /* quotes in arithmetic are rare; skip to the matching one */
            uint32_t j = i + 1;
            while (j < p->len && at(p, j) != c)
                j++;
            i = j;
        } else if (c == '\n' && depth == 0 && false) {
            return UINT32_MAX;
        }
    }
    return UINT32_MAX;
}

/* Is n[0..len) a bash-only special variable ($RANDOM, $BASH_*, ...)? Called for every
 * expansion: rejects on length and first byte before comparing. */
static bool is_bash_var(const char *n, uint32_t len)
{
    static const struct { const char *s; uint8_t n; } names[] = {
        {"RANDOM", 6}, {"SRANDOM", 7}, {"SECONDS", 7}, {"PIPESTATUS", 10}, {"FUNCNAME", 8},
        {"EPOCHSECONDS", 12}, {"EPOCHREALTIME", 13}, {"BASHPID", 7}, {"BASH", 4},
        {"HOSTTYPE", 8}, {"OSTYPE", 6}, {"MACHTYPE", 8}, {"DIRSTACK", 8}, {"COMP_WORDS", 10},
        {"GROUPS", 6}, {"SHELLOPTS", 9}, {"BASHOPTS", 8}, {"REPLY", 5}
    };
    size_t k;

    if (len < 4)
        return false;
    switch (n[0]) {
    case 'R': case 'S': case 'P': case 'F': case 'E': case 'B': case 'H': case 'O': case 'M':
    case 'D': case 'C': case 'G':
        break;
    default:
        return false;
    }
    if (len > 5 && memcmp(n, "BASH_", 5) == 0)
        return true;
    for (k = 0; k < SF_ARRAY_LEN(names); k++)
        if (names[k].n == len && names[k].s[0] == n[0] && memcmp(names[k].s, n, len) == 0)
            return true;
    return false;
}

/* Operators of ${name OP arg}, longest first. */
static const char *const param_ops[] = {
    ":-", ":=", ":?", ":+", "##", "%%", "//", "/#", "/%", "^^", ",,",
    "-", "=", "?", "+", "#", "%", "/", "^", ",", ":", "@"
};

/* ${...}: i at '$'. Nested expansions in the argument become children (parts). */
static sf__sh_part *scan_brace_param(sf__shp *p, uint32_t *ip)
{
    uint32_t i = *ip + 2, ns, ne;
    sf__sh_part *pt = new_part(p, SF_SH_PART_PARAM, *ip, *ip + 2);
    plist kids = {0};
    unsigned fl = SF_SH_PARAM_BRACED;
    const char *op = "";
    size_t k;
    uint32_t dq = 0;

    if (!pt)
        return NULL;
    if (at(p, i) == '#' && at(p, i + 1) != '}' &&
        !(at(p, i + 1) == ':' || at(p, i + 1) == '-' || at(p, i + 1) == '=' ||
          at(p, i + 1) == '?' || at(p, i + 1) == '+')) {
        fl |= SF_SH_PARAM_LENGTH;
        i++;
    } else if (at(p, i) == '!' && at(p, i + 1) != '}') {
        fl |= SF_SH_PARAM_INDIRECT;
        lbash(p, SF_SH_BASH_INDIRECT, *ip, i + 1);
        i++;
    }
    ns = i;
    if (is_name_start(at(p, i))) {
        while (is_name_char(at(p, i)))
            i++;
    } else if (sf__is_digit(at(p, i))) {
        while (sf__is_digit(at(p, i)))
            i++;
    } else if (at(p, i) >= 0 && strchr("@*#?-$!0", at(p, i)) && at(p, i) != 0) {
        i++;
    }
    ne = i;
    pt->val = p->s + ns;
    pt->vlen = ne - ns;
    if (ne - ns > 0 && is_bash_var(p->s + ns, ne - ns))
        lbash(p, SF_SH_BASH_VAR, *ip, ne);
    if (at(p, i) == '[') {
        uint32_t ss = i + 1;
        while (i < p->len && at(p, i) != ']' && at(p, i) != '}')
            i++;
        pt->sub.start = sf__shp_off(p, ss);
        pt->sub.end = sf__shp_off(p, i);
        if (at(p, i) == ']')
            i++;
        fl |= SF_SH_PARAM_SUBSCRIPT;
        lbash(p, SF_SH_BASH_ARRAY, *ip, i);
    }
    if (at(p, i) != '}') {
        for (k = 0; k < SF_ARRAY_LEN(param_ops); k++) {
            size_t n = strlen(param_ops[k]);
            if (i + n <= p->len && memcmp(p->s + i, param_ops[k], n) == 0) {
                op = param_ops[k];
                i += (uint32_t)n;
                break;
            }
        }
        if (op[0] == '/')
            lbash(p, SF_SH_BASH_SUBST_REPLACE, *ip, i);
        else if (op[0] == '^' || op[0] == ',')
            lbash(p, SF_SH_BASH_CASE_MOD, *ip, i);
        else if (op[0] == ':' && op[1] == 0)
            lbash(p, SF_SH_BASH_SUBSTRING, *ip, i);
        else if (op[0] == '@')
            lbash(p, SF_SH_BASH_CASE_MOD, *ip, i);
    }
    pt->op = op;
    pt->pflags = fl;
    pt->arg.start = sf__shp_off(p, i);
    /* nested ${a:-${b:-...}} recurse: the same cap as other nesting */
    if (p->depth >= SF_SH_MAX_DEPTH) {
        p->fatal = true;
        ldiag(p, *ip, *ip + 2, "shell nesting too deep");
        pt->arg.end = pt->arg.start;
        pt->span.end = sf__shp_off(p, p->len);
        *ip = p->len;
        return pt;
    }
    p->depth++;
    /* the argument: up to the matching } (quotes and expansions nest) */
    while (i < p->len && !p->fatal) {
        int c = at(p, i);
        if (c == '}' && dq == 0)
            break;
        if (c == '\\') {
            i += 2;
        } else if (c == '\'' && dq == 0) {
            uint32_t j = i + 1;
            while (j < p->len && at(p, j) != '\'')
                j++;
            i = j + 1;
        } else if (c == '"') {
            padd(&kids, scan_dq(p, &i, false));
        } else if (c == '$') {
            sf__sh_part *sub = scan_dollar(p, &i, false);
            if (sub)
                padd(&kids, sub);
            else
                i++;
        } else if (c == '`') {
            padd(&kids, scan_backq(p, &i));
        } else {
            i++;
        }
    }
    p->depth--;
    if (i > p->len)
        i = p->len;
    pt->arg.end = sf__shp_off(p, i);
    if (at(p, i) == '}')
        i++;
    else if (!p->fatal)
        ldiag(p, *ip, i, "unterminated ${...} expansion");
    pt->parts = kids.head;
    pt->span.end = sf__shp_off(p, i);
    *ip = i;
    return pt;
}

/* Decode the body of $'...' (bash ANSI-C quoting). */
static sf__sh_part *scan_ansi(sf__shp *p, uint32_t *ip)
{
    uint32_t i = *ip + 2, s = i, n = 0;
    sf__sh_part *pt;
    char *v;

    while (i < p->len && at(p, i) != '\'') {
        if (at(p, i) == '\\')
            i++;
        i++;
    }
    if (i > p->len)
        i = p->len;
    pt = new_part(p, SF_SH_PART_ANSI, *ip, i < p->len ? i + 1 : i);
    lbash(p, SF_SH_BASH_ANSI_C, *ip, i < p->len ? i + 1 : i);
    if (i >= p->len)
        ldiag(p, *ip, i, "unterminated $'...' string");
    v = sf__sh_alloc(p->a, (size_t)(i - s) + 1);
    if (pt && v) {
        uint32_t j;
        for (j = s; j < i; j++) {
            int c = at(p, j);
            if (c == '\\' && j + 1 < i) {
                int d = at(p, ++j);
                switch (d) {
                case 'n': v[n++] = '\n'; break;
                case 't': v[n++] = '\t'; break;
                case 'r': v[n++] = '\r'; break;
                case 'a': v[n++] = '\a'; break;
                case 'b': v[n++] = '\b'; break;
                case 'f': v[n++] = '\f'; break;
                case 'v': v[n++] = '\v'; break;
                case 'e': case 'E': v[n++] = 27; break;
                case '\\': case '\'': case '"': case '?': v[n++] = (char)d; break;
                default: v[n++] = '\\'; v[n++] = (char)d; break;
                }
            } else {
                v[n++] = (char)c;
            }
        }
        v[n] = 0;
        pt->val = v;
        pt->vlen = n;
    }
    *ip = i < p->len ? i + 1 : i;
    return pt;
}

/* A $-expansion at i (p->s[i] == '$'); NULL when the $ is literal. */
static sf__sh_part *scan_dollar(sf__shp *p, uint32_t *ip, bool in_dq)
{
    uint32_t i = *ip;
    int c = at(p, i + 1);
    sf__sh_part *pt;

    if (c == '(' && at(p, i + 2) == '(') {
        uint32_t e = arith_end(p, i + 3);
        if (e != UINT32_MAX) {
            pt = new_part(p, SF_SH_PART_ARITH, i, e + 2);
            if (pt) {
                pt->arg.start = sf__shp_off(p, i + 3);
                pt->arg.end = sf__shp_off(p, e);
            }
            *ip = e + 2;
            return pt;
        }
    }
    if (c == '(') {
        bool ok = false;
        sf__sh_list *body;
        pt = new_part(p, SF_SH_PART_CMDSUB, i, i + 2);
        p->pos = i + 2;
        body = sf__shp_nested(p, &ok);
        if (!ok && !p->fatal)
            ldiag(p, i, p->pos, "unterminated $( command substitution");
        if (pt) {
            pt->body = body;
            pt->span.end = sf__shp_off(p, p->pos);
        }
        *ip = p->pos;
        return pt;
    }
    if (c == '{')
        return scan_brace_param(p, ip);
    if (c == '\'' && !in_dq)
        return scan_ansi(p, ip);
    if (c == '"' && !in_dq) {
        *ip = i + 1;
        pt = scan_dq(p, ip, true);
        if (pt)
            pt->span.start = sf__shp_off(p, i);
        lbash(p, SF_SH_BASH_LOCALE, i, *ip);
        return pt;
    }
    if (is_name_start(c)) {
        const unsigned char *b = (const unsigned char *)p->s;
        uint32_t j = i + 2;
        while (j < p->len && (cclass[b[j]] & C_NAME))
            j++;
        pt = lit(p, SF_SH_PART_PARAM, i, j, i + 1, j);
        if (is_bash_var(p->s + i + 1, j - i - 1))
            lbash(p, SF_SH_BASH_VAR, i, j);
        *ip = j;
        return pt;
    }
    if (c >= 0 && (sf__is_digit(c) || (c != 0 && strchr("@*#?-$!", c)))) {
        pt = lit(p, SF_SH_PART_PARAM, i, i + 2, i + 1, i + 2);
        *ip = i + 2;
        return pt;
    }
    return NULL;
}

/* `...`: the inside is unescaped (\\ \` \$) into a copy, parsed separately and mapped back. */
static sf__sh_part *scan_backq(sf__shp *p, uint32_t *ip)
{
    uint32_t i = *ip + 1, j, n = 0;
    sf__sh_part *pt;
    char *copy;
    uint32_t *map;

    for (j = i; j < p->len && at(p, j) != '`'; j++)
        if (at(p, j) == '\\')
            j++;
    if (j > p->len)
        j = p->len;
    pt = new_part(p, SF_SH_PART_BACKQ, *ip, j < p->len ? j + 1 : j);
    if (j >= p->len)
        ldiag(p, *ip, j, "unterminated backquote");
    copy = sf__sh_alloc(p->a, (size_t)(j - i) + 1);
    map = sf__sh_alloc(p->a, ((size_t)(j - i) + 1) * sizeof(uint32_t));
    if (pt && copy && map) {
        uint32_t k;
        for (k = i; k < j; k++) {
            int c = at(p, k);
            if (c == '\\' && k + 1 < j &&
                (at(p, k + 1) == '\\' || at(p, k + 1) == '`' || at(p, k + 1) == '$'))
                c = at(p, ++k);
            map[n] = sf__shp_off(p, k);
            copy[n++] = (char)c;
        }
        map[n] = sf__shp_off(p, j);
        pt->body = sf__shp_copy(p, copy, n, map);
    }
    *ip = j < p->len ? j + 1 : j;
    return pt;
}

/* "..." (or $"..." when locale; i at the opening quote). */
static sf__sh_part *scan_dq(sf__shp *p, uint32_t *ip, bool locale)
{
    uint32_t i = *ip + 1;
    sf__sh_part *pt = new_part(p, locale ? SF_SH_PART_LOCALE : SF_SH_PART_DQ, *ip, *ip + 1);
    plist kids = {0};

    if (p->depth >= SF_SH_MAX_DEPTH) {
        p->fatal = true;
        ldiag(p, *ip, *ip + 1, "shell nesting too deep");
        *ip = p->len;
        return pt;
    }
    p->depth++;
    while (i < p->len && at(p, i) != '"' && !p->fatal) {
        int c = at(p, i);
        uint32_t n;
        if (c == '\\') {
            int d = at(p, i + 1);
            if (d == '\n') {
                padd(&kids, new_part(p, SF_SH_PART_CONT, i, i + 2));
                i += 2;
            } else if (d == '$' || d == '`' || d == '"' || d == '\\') {
                padd(&kids, lit(p, SF_SH_PART_ESC, i, i + 2, i + 1, i + 2));
                i += 2;
            } else {
                uint32_t e = d < 0 ? i + 1 : i + 2;
                padd(&kids, lit(p, SF_SH_PART_LIT, i, e, i, e));
                i = e;
            }
        } else if (c == '$') {
            sf__sh_part *sub = scan_dollar(p, &i, true);
            if (sub) {
                padd(&kids, sub);
            } else {
                padd(&kids, lit(p, SF_SH_PART_LIT, i, i + 1, i, i + 1));
                i++;
            }
        } else if (c == '`') {
            padd(&kids, scan_backq(p, &i));
        } else {
            n = lit_run(p, i, true);
            if (n == 0)
                n = 1;
            padd(&kids, lit(p, SF_SH_PART_LIT, i, i + n, i, i + n));
            i += n;
        }
    }
    p->depth--;
    if (i >= p->len) {
        if (!p->fatal)
            ldiag(p, *ip, p->len, "unterminated double quote");
        i = p->len;
    } else if (!p->fatal) {
        i++;
    }
    if (pt) {
        pt->parts = kids.head;
        pt->span.end = sf__shp_off(p, i);
    }
    *ip = i;
    return pt;
}

/* End of a brace expansion candidate {..,..} / {a..b} starting at i, or 0. */
static uint32_t brace_end(const sf__shp *p, uint32_t i)
{
    uint32_t j, depth = 0, lim = p->len;
    bool comma = false, dots = false;

    if (lim - i > LOOKAHEAD_CAP)
        lim = i + LOOKAHEAD_CAP;
    for (j = i; j < lim; j++) {
        int c = at(p, j);
        if (is_meta(c) || c == '\'' || c == '"' || c == '\\' || c == '`')
            return 0;
        if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (--depth == 0)
                return (comma || dots) ? j + 1 : 0;
        } else if (c == ',' && depth == 1) {
            comma = true;
        } else if (c == '.' && at(p, j + 1) == '.' && depth == 1) {
            dots = true;
        } else if (c == '$' && at(p, j + 1) == '{') {
            return 0;
        }
    }
    return 0;
}

/* Balanced ( ... ) of an array assignment starting at i ('('); returns the offset after ')'. */
static uint32_t paren_end(const sf__shp *p, uint32_t i)
{
    uint32_t depth = 0;

    for (; i < p->len; i++) {
        int c = at(p, i);
        if (c == '\\') {
            i++;
        } else if (c == '\'' || c == '"') {
            uint32_t j = i + 1;
            while (j < p->len && at(p, j) != c) {
                if (c == '"' && at(p, j) == '\\')
                    j++;
                j++;
            }
            i = j;
        } else if (c == '(') {
            depth++;
        } else if (c == ')') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return p->len;
}

/* Concatenate static values of parts into buf (NULL: just measure); false when dynamic. */
static bool part_value(const sf__sh_part *pt, char *buf, uint32_t *n)
{
    bool ok = true;

    for (; pt; pt = pt->next) {
        switch (pt->kind) {
        case SF_SH_PART_DQ:
            ok = part_value(pt->parts, buf, n) && ok;
            break;
        case SF_SH_PART_PARAM:
        case SF_SH_PART_CMDSUB:
        case SF_SH_PART_BACKQ:
        case SF_SH_PART_ARITH:
        case SF_SH_PART_PROCSUB:
        case SF_SH_PART_LOCALE:
            ok = false;
            break;
        case SF_SH_PART_CONT:
            break;
        default:
            if (buf && pt->val)
                memcpy(buf + *n, pt->val, pt->vlen);
            *n += pt->vlen;
            break;
        }
    }
    return ok;
}

/* sf__sh_word_finish's body, inlined into scan_word. */
static inline void word_finish(sf__shp *p, sf__sh_word *w)
{
    const sf__sh_part *pt = w->parts;
    uint32_t n = 0;
    char *v;

    /* most words are one literal run: copy it (values are NUL-terminated) */
    if (pt && !pt->next && (pt->kind == SF_SH_PART_LIT || pt->kind == SF_SH_PART_SQ ||
                            pt->kind == SF_SH_PART_GLOB)) {
        w->value = sf__sh_strndup(p->a, pt->val, pt->vlen);
        w->vlen = w->value ? pt->vlen : 0;
        return;
    }
    if (!part_value(pt, NULL, &n)) {
        w->flags |= SF_SH_W_DYNAMIC;
        w->vlen = w->span.end - w->span.start;
        w->value = sf__sh_strndup(p->a, p->sh->text + w->span.start, w->vlen);
        return;
    }
    v = sf__sh_alloc_raw(p->a, (size_t)n + 1);
    if (!v)
        return;
    n = 0;
    part_value(w->parts, v, &n);
    v[n] = 0;
    w->value = v;
    w->vlen = n;
}

void sf__sh_word_finish(sf__shp *p, sf__sh_word *w)
{
    word_finish(p, w);
}

/* A word starting at p->pos. */
static sf__sh_word *scan_word(sf__shp *p)
{
    uint32_t i = p->pos, start = p->pos;
    sf__sh_word *w = sf__sh_alloc(p->a, sizeof(*w));   /* sf__sh_word_new, inlined */
    plist parts = {0};
    unsigned flags = 0;

    if (!w) {
        p->fatal = true;
        return NULL;
    }
    w->span.start = w->span.end = sf__shp_off(p, start);
    /* NAME=, NAME+=, NAME[...]= */
    if (i < p->len && (cclass[(unsigned char)p->s[i]] & C_NAME1)) {
        const unsigned char *b = (const unsigned char *)p->s;
        uint32_t j = i + 1;
        while (j < p->len && (cclass[b[j]] & C_NAME))
            j++;
        w->name_len = j - i;
        if (at(p, j) == '[') {
            uint32_t k = j + 1;
            while (k < p->len && k - j < LOOKAHEAD_CAP && at(p, k) != ']' && !is_meta(at(p, k)))
                k++;
            if (at(p, k) == ']' && (at(p, k + 1) == '=' ||
                                    (at(p, k + 1) == '+' && at(p, k + 2) == '=')))
                flags |= SF_SH_W_SUBSCRIPT, j = k + 1;
        }
        if (at(p, j) == '=' || (at(p, j) == '+' && at(p, j + 1) == '=')) {
            flags |= SF_SH_W_ASSIGN;
            if (at(p, j) == '+')
                flags |= SF_SH_W_APPEND, j++;
            j++;
            padd(&parts, lit(p, SF_SH_PART_LIT, i, j, i, j));
            i = j;
            if (at(p, i) == '(') {
                uint32_t e = paren_end(p, i);
                padd(&parts, lit(p, SF_SH_PART_ARRAY, i, e, i, e));
                flags |= SF_SH_W_ARRAY;
                i = e;
            }
        }
        if (flags & (SF_SH_W_SUBSCRIPT | SF_SH_W_ARRAY))
            lbash(p, SF_SH_BASH_ARRAY, start, i);
    }
    if ((at(p, i) == '<' || at(p, i) == '>') && at(p, i + 1) == '(') {
        /* process substitution */
        bool ok = false;
        sf__sh_part *pt = new_part(p, SF_SH_PART_PROCSUB, i, i + 2);
        if (pt)
            pt->dir = (char)at(p, i);
        p->pos = i + 2;
        if (pt)
            pt->body = sf__shp_nested(p, &ok);
        else
            sf__shp_nested(p, &ok);
        if (!ok && !p->fatal)
            ldiag(p, i, p->pos, "unterminated process substitution");
        lbash(p, SF_SH_BASH_PROCSUB, i, p->pos);
        if (pt)
            pt->span.end = sf__shp_off(p, p->pos);
        padd(&parts, pt);
        i = p->pos;
    }
    if (at(p, i) == '~' && i == start) {
        uint32_t j = i + 1;
        while (j < p->len && (is_name_char(at(p, j)) || at(p, j) == '-' || at(p, j) == '.'))
            j++;
        padd(&parts, lit(p, SF_SH_PART_TILDE, i, j, i, j));
        flags |= SF_SH_W_TILDE;
        i = j;
    }
    while (i < p->len && !p->fatal) {
        int c = (unsigned char)p->s[i];
        uint32_t n;
        if (cclass[c] & C_LIT) {
            /* the common case: a run of plain bytes */
            n = lit_run(p, i, false);
            padd(&parts, lit(p, SF_SH_PART_LIT, i, i + n, i, i + n));
            i += n;
            continue;
        }
        if (cclass[c] & C_META)
            break;
        switch (c) {
        case '\\':
            if (at(p, i + 1) == '\n') {
                padd(&parts, new_part(p, SF_SH_PART_CONT, i, i + 2));
                i += 2;
            } else if (i + 1 < p->len) {
                padd(&parts, lit(p, SF_SH_PART_ESC, i, i + 2, i + 1, i + 2));
                flags |= SF_SH_W_QUOTED;
                i += 2;
            } else {
                padd(&parts, lit(p, SF_SH_PART_LIT, i, i + 1, i, i + 1));
                i++;
            }
            break;
        case '\'': {
            uint32_t j = i + 1;
            const char *q = j < p->len ? memchr(p->s + j, '\'', p->len - j) : NULL;
            uint32_t e = q ? (uint32_t)(q - p->s) : p->len;
            padd(&parts, lit(p, SF_SH_PART_SQ, i, q ? e + 1 : e, j, e));
            if (!q)
                ldiag(p, i, e, "unterminated single quote");
            flags |= SF_SH_W_QUOTED;
            i = q ? e + 1 : e;
            break;
        }
        case '"':
            padd(&parts, scan_dq(p, &i, false));
            flags |= SF_SH_W_QUOTED;
            break;
        case '$': {
            sf__sh_part *pt = scan_dollar(p, &i, false);
            if (pt) {
                if (pt->kind == SF_SH_PART_ANSI || pt->kind == SF_SH_PART_LOCALE)
                    flags |= SF_SH_W_QUOTED;
                padd(&parts, pt);
            } else {
                padd(&parts, lit(p, SF_SH_PART_LIT, i, i + 1, i, i + 1));
                i++;
            }
            break;
        }
        case '`':
            padd(&parts, scan_backq(p, &i));
            break;
        case '*':
        case '?':
            padd(&parts, lit(p, SF_SH_PART_GLOB, i, i + 1, i, i + 1));
            flags |= SF_SH_W_GLOB;
            i++;
            break;
        case '[': {
            uint32_t j = i + 1;
            while (j < p->len && j - i < 256 && at(p, j) != ']' && !is_meta(at(p, j)))
                j++;
            if (at(p, j) == ']' && j > i + 1) {
                padd(&parts, lit(p, SF_SH_PART_GLOB, i, j + 1, i, j + 1));
                flags |= SF_SH_W_GLOB;
                i = j + 1;
            } else {
                padd(&parts, lit(p, SF_SH_PART_LIT, i, i + 1, i, i + 1));
                i++;
            }
            break;
        }
        case '{': {
            uint32_t e = brace_end(p, i);
            if (e) {
                padd(&parts, lit(p, SF_SH_PART_BRACE, i, e, i, e));
                flags |= SF_SH_W_BRACE;
                lbash(p, SF_SH_BASH_BRACE_EXP, i, e);
                i = e;
            } else {
                padd(&parts, lit(p, SF_SH_PART_LIT, i, i + 1, i, i + 1));
                i++;
            }
            break;
        }
        default:
            n = lit_run(p, i, false);
            if (n == 0)
                n = 1;
            padd(&parts, lit(p, SF_SH_PART_LIT, i, i + n, i, i + n));
            i += n;
            break;
        }
    }
    if (i > p->len)
        i = p->len;
    w->parts = parts.head;
    w->flags = flags;
    w->span.end = sf__shp_off(p, i);
    p->pos = i;
    word_finish(p, w);
    return w;
}


/* Skip blanks and line continuations. */
static void skip_blanks(sf__shp *p)
{
    const char *s = p->s;
    uint32_t i = p->pos, n = p->len;

    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t')
            i++;
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n')
            i += 2;
        else
            break;
    }
    p->pos = i;
}

/* The word after a redirection operator. */
static sf__sh_word *redir_target(sf__shp *p)
{
    skip_blanks(p);
    if (p->pos >= p->len || (is_meta(at(p, p->pos)) &&
                             !((at(p, p->pos) == '<' || at(p, p->pos) == '>') &&
                               at(p, p->pos + 1) == '(')))
        return NULL;
    return scan_word(p);
}

/* A here-doc delimiter word: value after quote removal, quoted flag. */
static void heredoc_delim(sf__shp *p, sf__sh_redir *r)
{
    const sf__sh_part *pt;
    uint32_t n = 0;
    char *v;

    if (!r->target)
        return;
    for (pt = r->target->parts; pt; pt = pt->next)
        if (pt->kind != SF_SH_PART_LIT)
            r->quoted = true;
    /* quote removal of the raw text: drop quotes and backslashes ($ stays) */
    v = sf__sh_alloc(p->a, (size_t)(r->target->span.end - r->target->span.start) + 1);
    if (!v)
        return;
    {
        const char *raw = p->sh->text + r->target->span.start;
        uint32_t k, len = r->target->span.end - r->target->span.start;
        char q = 0;
        for (k = 0; k < len; k++) {
            char c = raw[k];
            if (q) {
                if (c == q)
                    q = 0;
                else
                    v[n++] = c;
            } else if (c == '\'' || c == '"') {
                q = c;
            } else if (c == '\\' && k + 1 < len) {
                v[n++] = raw[++k];
            } else {
                v[n++] = c;
            }
        }
    }
    v[n] = 0;
    r->delim = v;
    r->dlen = n;
}

/* [[ ... ]]: words up to a `]]` word. p->pos is at the first '['. */
static sf__sh_cmd *scan_dbracket(sf__shp *p)
{
    uint32_t start = p->pos;
    sf__sh_cmd *c = sf__sh_alloc(p->a, sizeof(*c));
    sf__sh_word *tail = NULL;
    bool closed = false;

    if (!c)
        return NULL;
    c->kind = SF_SH_DBRACKET;
    p->pos += 2;
    while (p->pos < p->len && !p->fatal) {
        int ch;
        skip_blanks(p);
        ch = at(p, p->pos);
        if (ch < 0)
            break;
        if (ch == ']' && at(p, p->pos + 1) == ']' &&
            (p->pos + 2 >= p->len || is_meta(at(p, p->pos + 2)))) {
            p->pos += 2;
            closed = true;
            break;
        }
        if (ch == '\n' || ch == '(' || ch == ')' || ch == '!' || ch == '<' || ch == '>') {
            p->pos++;
            continue;
        }
        if ((ch == '&' && at(p, p->pos + 1) == '&') || (ch == '|' && at(p, p->pos + 1) == '|')) {
            p->pos += 2;
            continue;
        }
        if (is_meta(ch))
            break;
        {
            sf__sh_word *w = scan_word(p);
            if (!w)
                break;
            if (!c->words)
                c->words = w;
            else
                tail->next = w;
            tail = w;
            c->nwords++;
        }
    }
    if (!closed && !p->fatal)
        ldiag(p, start, p->pos, "unterminated [[ ... ]]");
    c->span.start = sf__shp_off(p, start);
    c->span.end = sf__shp_off(p, p->pos);
    lbash(p, SF_SH_BASH_DBRACKET, start, start + 2);
    return c;
}

/* The redirection operator at p->pos (fd already consumed: fd >= 0, start at the digits). */
static int scan_redir(sf__shp *p, sf__sh_tok *t, uint32_t start, int fd)
{
    const unsigned char *base = (const unsigned char *)p->s;
    const unsigned char *cur = base + p->pos, *lim = base + p->len, *mar = NULL;
    sf__sh_redir_kind k = SF_SH_R_IN;
    sf__sh_redir *r;

    SF_UNUSED(mar);
#define YYPEEK() (cur < lim ? *cur : 0)
#define YYSKIP() (++cur)
#define YYBACKUP() (mar = cur)
#define YYRESTORE() (cur = mar)
#define YYLESSTHAN(n) ((size_t)(lim - cur) < (n))
    /*!re2c
        re2c:api = custom;
        re2c:define:YYCTYPE = "unsigned char";
        re2c:yyfill:enable = 0;
        re2c:eof = 0;

        "<<<" { k = SF_SH_R_HERESTRING; goto done; }
        "<<-" { k = SF_SH_R_HEREDOC_STRIP; goto done; }
        "<<"  { k = SF_SH_R_HEREDOC; goto done; }
        "<>"  { k = SF_SH_R_RDWR; goto done; }
        "<&"  { k = SF_SH_R_DUPIN; goto done; }
        "<"   { k = SF_SH_R_IN; goto done; }
        ">>"  { k = SF_SH_R_APPEND; goto done; }
        ">|"  { k = SF_SH_R_CLOBBER; goto done; }
        ">&"  { k = SF_SH_R_DUPOUT; goto done; }
        ">"   { k = SF_SH_R_OUT; goto done; }
        "&>>" { k = SF_SH_R_ALL_APPEND; goto done; }
        "&>"  { k = SF_SH_R_ALL; goto done; }
        *     { k = SF_SH_R_IN; goto done; }
        $     { k = SF_SH_R_IN; goto done; }
    */
done:
    p->pos = (uint32_t)(cur - base);
    r = sf__sh_alloc(p->a, sizeof(*r));
    t->redir = r;
    t->span.start = sf__shp_off(p, start);
    t->span.end = sf__shp_off(p, p->pos);
    if (!r)
        return SF_SHT_REDIR;
    r->kind = k;
    r->fd = fd;
    r->op = t->span;
    r->span = t->span;
    if (k == SF_SH_R_HERESTRING)
        lbash(p, SF_SH_BASH_HERESTRING, start, p->pos);
    if (k == SF_SH_R_ALL || k == SF_SH_R_ALL_APPEND)
        lbash(p, SF_SH_BASH_AMP_REDIR, start, p->pos);
    r->target = redir_target(p);
    if (r->target)
        r->span.end = r->target->span.end;
    else if (!p->fatal)
        ldiag(p, start, p->pos, "redirection without a target");
    if (k == SF_SH_R_DUPOUT && r->target && fd < 0 &&
        !(r->target->flags & SF_SH_W_DYNAMIC)) {
        const char *v = r->target->value;
        uint32_t n;
        bool num = r->target->vlen > 0;
        for (n = 0; n < r->target->vlen; n++)
            if (!sf__is_digit(v[n]) && !(v[n] == '-' && n + 1 == r->target->vlen))
                num = false;
        if (!num)
            lbash(p, SF_SH_BASH_AMP_REDIR, start, p->pos);
    }
    if (k == SF_SH_R_HEREDOC || k == SF_SH_R_HEREDOC_STRIP) {
        heredoc_delim(p, r);
        if (p->npending == p->cap_pending) {
            uint32_t cap = p->cap_pending ? p->cap_pending * 2 : 4;
            p->pending = sf__arena_grow(p->a, p->pending, p->npending, cap, sizeof(*p->pending));
            p->cap_pending = p->pending ? cap : 0;
            if (!p->pending)
                p->npending = 0;
        }
        if (p->pending)
            p->pending[p->npending++] = r;
    }
    t->span = r->span;
    return SF_SHT_REDIR;
}

void sf__shlex_heredoc_body(sf__shp *p, sf__sh_redir *r)
{
    uint32_t i = p->pos, start = p->pos;

    while (i < p->len) {
        uint32_t ls = i, le;
        const char *nl = memchr(p->s + i, '\n', p->len - i);
        le = nl ? (uint32_t)(nl - p->s) : p->len;
        if (r->kind == SF_SH_R_HEREDOC_STRIP)
            while (ls < le && at(p, ls) == '\t')
                ls++;
        if (r->delim && le - ls == r->dlen && memcmp(p->s + ls, r->delim, r->dlen) == 0) {
            r->body.start = sf__shp_off(p, start);
            r->body.end = sf__shp_off(p, i);
            r->terminated = true;
            p->pos = nl ? le + 1 : le;
            r->span.end = r->span.end; /* the operator's span stays on its line */
            return;
        }
        i = nl ? le + 1 : le;
    }
    r->body.start = sf__shp_off(p, start);
    r->body.end = sf__shp_off(p, p->len);
    p->pos = p->len;
    ldiag(p, start, p->len, "unterminated here-document");
}

int sf__shlex_token(sf__shp *p, sf__sh_tok *t)
{
    memset(t, 0, sizeof(*t));
    for (;;) {
        uint32_t start;
        int c;

        if (p->fatal)
            return 0;
        skip_blanks(p);
        start = p->pos;
        if (p->pos >= p->len) {
            t->span.start = t->span.end = sf__shp_off(p, p->len);
            return 0;
        }
        c = at(p, p->pos);
        if (c == '#') {
            const char *nl = memchr(p->s + p->pos, '\n', p->len - p->pos);
            uint32_t e = nl ? (uint32_t)(nl - p->s) : p->len;
            sf__sh *sh = p->sh;
            if (sh->ncomments % 16 == 0)
                sh->comments = sf__arena_grow(p->a, sh->comments, sh->ncomments,
                                              sh->ncomments + 16, sizeof(sf__span));
            if (sh->comments) {
                sh->comments[sh->ncomments].start = sf__shp_off(p, p->pos);
                sh->comments[sh->ncomments].end = sf__shp_off(p, e);
                sh->ncomments++;
            } else {
                sh->ncomments = 0;
            }
            p->pos = e;
            continue;
        }
        if (sf__is_digit(c)) {
            uint32_t j = p->pos;
            int fd = 0;
            while (sf__is_digit(at(p, j)) && j - p->pos < 9)
                fd = fd * 10 + (at(p, j++) - '0');
            if ((at(p, j) == '<' || at(p, j) == '>') && at(p, j + 1) != '(') {
                t->kind = SF_SHT_REDIR;
                p->pos = j;
                return scan_redir(p, t, start, fd);
            }
        }
        if (p->cmd_start && c == '(' && at(p, p->pos + 1) == '(') {
            uint32_t e = arith_end(p, p->pos + 2);
            if (e != UINT32_MAX) {
                sf__sh_cmd *cmd = sf__sh_alloc(p->a, sizeof(*cmd));
                t->kind = SF_SHT_DPAREN;
                t->span.start = sf__shp_off(p, start);
                t->span.end = sf__shp_off(p, e + 2);
                if (cmd) {
                    cmd->kind = SF_SH_DPAREN;
                    cmd->span = t->span;
                    cmd->expr.start = sf__shp_off(p, start + 2);
                    cmd->expr.end = sf__shp_off(p, e);
                }
                t->cmd = cmd;
                lbash(p, SF_SH_BASH_DPAREN, start, e + 2);
                p->pos = e + 2;
                return SF_SHT_DPAREN;
            }
        }
        if (p->cmd_start && c == '[' && at(p, p->pos + 1) == '[' &&
            (p->pos + 2 >= p->len || is_meta(at(p, p->pos + 2)))) {
            t->kind = SF_SHT_DBRACKET;
            t->cmd = scan_dbracket(p);
            if (t->cmd)
                t->span = t->cmd->span;
            return SF_SHT_DBRACKET;
        }
        {
            const unsigned char *base = (const unsigned char *)p->s;
            const unsigned char *cur = base + p->pos, *lim = base + p->len, *mar = NULL;
            int kind = 0;

            SF_UNUSED(mar);
            /*!re2c
                "\n"  { kind = SF_SHT_NEWLINE; goto op; }
                ";;&" { kind = SF_SHT_DSEMI_AMP; goto op; }
                ";;"  { kind = SF_SHT_DSEMI; goto op; }
                ";&"  { kind = SF_SHT_SEMI_AMP; goto op; }
                ";"   { kind = SF_SHT_SEMI; goto op; }
                "&&"  { kind = SF_SHT_AND_IF; goto op; }
                "&>"  { goto redir; }
                "&"   { kind = SF_SHT_AMP; goto op; }
                "||"  { kind = SF_SHT_OR_IF; goto op; }
                "|&"  { kind = SF_SHT_PIPE_AMP; goto op; }
                "|"   { kind = SF_SHT_PIPE; goto op; }
                "("   { kind = SF_SHT_LPAREN; goto op; }
                ")"   { kind = SF_SHT_RPAREN; goto op; }
                [<>] "(" { goto word; }
                [<>]  { goto redir; }
                *     { goto word; }
                $     { goto word; }
            */
op:
            p->pos = (uint32_t)(cur - base);
            t->kind = kind;
            t->span.start = sf__shp_off(p, start);
            t->span.end = sf__shp_off(p, p->pos);
            return kind;
redir:
            t->kind = SF_SHT_REDIR;
            return scan_redir(p, t, start, -1);
word:
            t->kind = SF_SHT_WORD;
            t->word = scan_word(p);
            if (p->pos == start) {
                /* cannot happen (a word consumes at least one byte); keep progress */
                p->pos++;
            }
            if (t->word)
                t->span = t->word->span;
            else
                t->span.start = t->span.end = sf__shp_off(p, start);
            return SF_SHT_WORD;
        }
    }
}
