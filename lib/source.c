/* source.c - source copy, line table and offset -> position conversion. */
#include "source.h"

#include <utf8proc.h>

int sf__source_init(sf__source *s, sf__arena *a, const char *text, size_t len)
{
    uint32_t n = 1, k;
    char *copy;

    memset(s, 0, sizeof(*s));
    if (len >= SF_MAX_INPUT)
        return SF_ELIMIT;
    copy = sf__arena_strndup(a, text ? text : "", len);
    if (!copy)
        return SF_ENOMEM;
    /* memchr finds line ends many bytes at a time */
    for (const char *p = copy, *e = copy + len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        n++;
    s->lines = sf__arena_alloc(a, (size_t)n * sizeof(uint32_t));
    if (!s->lines)
        return SF_ENOMEM;
    s->lines[0] = 0;
    k = 1;
    for (const char *p = copy, *e = copy + len; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        s->lines[k++] = (uint32_t)(p - copy) + 1;
    s->text = copy;
    s->len = (uint32_t)len;
    s->nlines = n;
    return SF_OK;
}

uint32_t sf__source_line_index(const sf__source *s, uint32_t off)
{
    uint32_t lo = 0, hi = s->nlines;

    if (off > s->len)
        off = s->len;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

sf_pos sf__source_pos(const sf__source *s, uint32_t off)
{
    sf_pos p;
    uint32_t li, start, i;
    uint32_t u16 = 0, cp = 0;
    const unsigned char *t = (const unsigned char *)s->text;
    bool ascii = true;

    if (off > s->len)
        off = s->len;
    li = sf__source_line_index(s, off);
    start = s->lines[li];
    /* eight bytes at a time: a long line must not make every position cost a byte loop */
    for (i = start; i + 8 <= off; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    for (; i < off; i++)
        if (t[i] >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) {
        u16 = cp = off - start;
    } else {
        /* utf8proc decodes; an invalid byte counts as one character (U+FFFD, one unit). */
        i = start;
        while (i < off) {
            utf8proc_int32_t c;
            utf8proc_ssize_t n = utf8proc_iterate(t + i, (utf8proc_ssize_t)(off - i), &c);
            if (n <= 0) {
                n = 1;
                c = 0xFFFD;
            }
            i += (uint32_t)n;
            cp++;
            u16 += c > 0xFFFF ? 2 : 1;
        }
    }
    p.offset = off;
    p.line = li + 1;
    p.col = off - start + 1;
    p.col16 = u16 + 1;
    p.colcp = cp + 1;
    return p;
}

sf_range sf__source_range(const sf__source *s, uint32_t start, uint32_t end)
{
    sf_range r;

    r.start = sf__source_pos(s, start);
    r.end = sf__source_pos(s, end < start ? start : end);
    return r;
}

uint32_t sf__source_line_end(const sf__source *s, uint32_t off)
{
    uint32_t li = sf__source_line_index(s, off);
    uint32_t e = li + 1 < s->nlines ? s->lines[li + 1] - 1 : s->len;

    /* a CR before the LF belongs to the terminator; a lone CR at EOF stays in the line */
    if (e > s->lines[li] && e < s->len && s->text[e] == '\n' && s->text[e - 1] == '\r')
        e--;
    return e;
}
