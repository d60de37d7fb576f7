/* arena.c - bump allocator (see arena.h). */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sf__chunk {
    sf__chunk *next;
    size_t size;
    /* data follows, aligned by the union below */
    union { long double ld; void *p; long long ll; } align[];
};

#define CHUNK_MIN ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)4 * 1024 * 1024)

void sf__arena_init(sf__arena *a)
{
    memset(a, 0, sizeof(*a));
}

void sf__arena_dispose(sf__arena *a)
{
    sf__chunk *c = a->head;

    while (c) {
        sf__chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof(*a));
}

static void *new_chunk(sf__arena *a, size_t data_size)
{
    sf__chunk *c = malloc(sizeof(*c) + data_size);

    if (!c) {
        a->failed = true;
        return NULL;
    }
    c->size = data_size;
    c->next = a->head;
    a->head = c;
    a->total += sizeof(*c) + data_size;
    return (void *)c->align;
}

#ifndef SF_ARENA_DEBUG
/* Chunks grow with the arena (an eighth of what it holds so far), so a big document makes a
 * few large mallocs instead of thousands of 64 KiB ones; the waste stays under ~12%. */
static size_t chunk_size(const sf__arena *a)
{
    size_t c = a->total / 8;

    if (c < CHUNK_MIN)
        return CHUNK_MIN;
    return c > CHUNK_MAX ? CHUNK_MAX : c & ~(size_t)15;
}
#endif

/* Uninitialised, 16-byte aligned memory (callers overwrite all of it). */
static void *alloc_raw(sf__arena *a, size_t size)
{
    size_t need = (size + 15) & ~(size_t)15;
    void *p;

    if (need < size) {
        a->failed = true;
        return NULL;
    }
    if (need == 0)
        need = 16;
#ifdef SF_ARENA_DEBUG
    /* One malloc per object, inserted behind the current chunk so it stays current. */
    p = new_chunk(a, size ? size : 1);
    if (p)
        memset(p, 0, size ? size : 1);
    a->cur = NULL;
    a->left = 0;
    return p;
#else
    if (need > a->left) {
        size_t csize = chunk_size(a);
        char *d;

        if (need > csize / 4) {
            /* A big object gets its own chunk, slipped under the current one so the
             * current chunk's free space stays usable. */
            sf__chunk *c = malloc(sizeof(*c) + need);
            if (!c) {
                a->failed = true;
                return NULL;
            }
            c->size = need;
            a->total += sizeof(*c) + need;
            if (a->head) {
                c->next = a->head->next;
                a->head->next = c;
            } else {
                c->next = NULL;
                a->head = c;
                a->cur = NULL;
                a->left = 0;
            }
            return (void *)c->align;
        }
        d = new_chunk(a, csize);
        if (!d)
            return NULL;
        a->cur = d;
        a->left = csize;
    }
    p = a->cur;
    a->cur += need;
    a->left -= need;
    return p;
#endif
}

void *sf__arena_alloc(sf__arena *a, size_t size)
{
    void *p = alloc_raw(a, size);

    if (p && size)
        memset(p, 0, size);
    return p;
}

char *sf__arena_strndup(sf__arena *a, const char *s, size_t n)
{
    char *d = alloc_raw(a, n + 1);

    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sf__arena_strdup(sf__arena *a, const char *s)
{
    return sf__arena_strndup(a, s, strlen(s));
}

char *sf__arena_printf(sf__arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *d;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    d = alloc_raw(a, (size_t)n + 1);
    if (!d)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

void *sf__arena_grow(sf__arena *a, void *old, size_t n, size_t new_cap, size_t elem)
{
    void *p;

    if (new_cap && elem > SIZE_MAX / new_cap) {
        a->failed = true;
        return NULL;
    }
    p = alloc_raw(a, new_cap * elem);
    if (!p)
        return NULL;
    if (n > new_cap)
        n = new_cap;
    if (old && n)
        memcpy(p, old, n * elem);
    else
        n = 0;
    memset((char *)p + n * elem, 0, (new_cap - n) * elem);
    return p;
}
