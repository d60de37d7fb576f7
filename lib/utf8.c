/* utf8.c - UTF-8 decoding and the invalid-utf8 check. */
#include "utf8.h"

#include "ast.h"

int sf__utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    int32_t v;

    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = (int32_t)(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu));
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        v = (int32_t)(((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
        if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        v = (int32_t)(((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                      (s[3] & 0x3Fu));
        if (v < 0x10000 || v > 0x10FFFF)
            return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

int sf__utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One pass over the source; ASCII bytes cost one compare. After a bad byte the rest of its
 * line is skipped, so a binary file gives at most one finding per line. */
size_t sf__utf8_check(struct sf_doc *doc)
{
    const unsigned char *t = (const unsigned char *)doc->src.text;
    uint32_t n = doc->src.len, i = 0;
    size_t found = 0;

    while (i < n) {
        int32_t cp;
        int k;

        if (t[i] < 0x80) {
            /* skip ASCII eight bytes at a time */
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, t + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < n && t[i] < 0x80)
                i++;
            continue;
        }
        k = sf__utf8_decode(t + i, n - i, &cp);
        if (k > 0) {
            i += (uint32_t)k;
            continue;
        }
        sf__doc_report(doc, "invalid-utf8", SF_SEV_ERROR, i, i + 1,
                       "invalid UTF-8 byte 0x%02X", (unsigned)t[i]);
        found++;
        {
            const unsigned char *nl = memchr(t + i, '\n', n - i);
            i = nl ? (uint32_t)(nl - t) + 1 : n;
        }
    }
    return found;
}
