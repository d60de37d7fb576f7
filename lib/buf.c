/* buf.c - growable byte buffer. */
#include "buf.h"

#include "utf8.h"

#include <stdio.h>

void sf_buf_dispose(sf_buf *buf)
{
    if (!buf)
        return;
    free(buf->ptr);
    buf->ptr = NULL;
    buf->size = 0;
    buf->asize = 0;
}

void sf__buf_clear(sf_buf *b)
{
    b->size = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

int sf__buf_grow(sf_buf *b, size_t extra)
{
    size_t need = b->size + extra + 1;
    size_t cap;
    char *p;

    if (need < b->size)
        return SF_ENOMEM;
    if (need <= b->asize)
        return SF_OK;
    cap = b->asize ? b->asize : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return SF_ENOMEM;
        cap *= 2;
    }
    p = realloc(b->ptr, cap);
    if (!p)
        return SF_ENOMEM;
    b->ptr = p;
    b->asize = cap;
    return SF_OK;
}

int sf__buf_put(sf_buf *b, const char *s, size_t n)
{
    if (sf__buf_grow(b, n) < 0)
        return SF_ENOMEM;
    if (n)
        memcpy(b->ptr + b->size, s, n);
    b->size += n;
    b->ptr[b->size] = '\0';
    return SF_OK;
}

int sf__buf_puts(sf_buf *b, const char *s)
{
    return sf__buf_put(b, s, strlen(s));
}

int sf__buf_putc(sf_buf *b, char c)
{
    return sf__buf_put(b, &c, 1);
}

int sf__buf_printf(sf_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return SF_ERROR;
    if (sf__buf_grow(b, (size_t)n) < 0)
        return SF_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->size += (size_t)n;
    return SF_OK;
}


int sf__buf_json_escape(sf_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        size_t run = i;

        /* copy the longest run of plain bytes at once */
        while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run > i) {
            if (sf__buf_put(b, s + i, run - i) < 0)
                return SF_ENOMEM;
            i = run;
            continue;
        }
        c = p[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            if (sf__buf_put(b, e, 2) < 0)
                return SF_ENOMEM;
            i++;
        } else if (c < 0x20) {
            int r;
            switch (c) {
            case '\n': r = sf__buf_put(b, "\\n", 2); break;
            case '\r': r = sf__buf_put(b, "\\r", 2); break;
            case '\t': r = sf__buf_put(b, "\\t", 2); break;
            case '\b': r = sf__buf_put(b, "\\b", 2); break;
            case '\f': r = sf__buf_put(b, "\\f", 2); break;
            default: r = sf__buf_printf(b, "\\u%04x", c); break;
            }
            if (r < 0)
                return SF_ENOMEM;
            i++;
        } else {
            int32_t cp;
            size_t len = (size_t)sf__utf8_decode(p + i, n - i, &cp);
            if (len == 0) {
                if (sf__buf_put(b, "\\ufffd", 6) < 0)
                    return SF_ENOMEM;
                i++;
            } else {
                if (sf__buf_put(b, s + i, len) < 0)
                    return SF_ENOMEM;
                i += len;
            }
        }
    }
    if (sf__buf_grow(b, 0) < 0)
        return SF_ENOMEM;
    b->ptr[b->size] = '\0';
    return SF_OK;
}

int sf__buf_json_str(sf_buf *b, const char *s, size_t n)
{
    if (sf__buf_putc(b, '"') < 0 || sf__buf_json_escape(b, s, n) < 0 || sf__buf_putc(b, '"') < 0)
        return SF_ENOMEM;
    return SF_OK;
}
