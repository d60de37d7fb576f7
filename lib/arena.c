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

void *sf__arena_alloc(sf__arena *a, size_t size)
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
        size_t csize = need > CHUNK_MIN / 4 ? need : CHUNK_MIN;
        char *d;

        if (need > CHUNK_MIN / 4) {
            /* A big object gets its own chunk, slipped under the current one so the
             * current chunk's free space stays usable. */
            sf__chunk *c = malloc(sizeof(*c) + csize);
            if (!c) {
                a->failed = true;
                return NULL;
            }
            c->size = csize;
            a->total += sizeof(*c) + csize;
            if (a->head) {
                c->next = a->head->next;
                a->head->next = c;
            } else {
                c->next = NULL;
                a->head = c;
                a->cur = NULL;
                a->left = 0;
            }
            memset(c->align, 0, need);
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
    memset(p, 0, size);
    return p;
#endif
}

char *sf__arena_strndup(sf__arena *a, const char *s, size_t n)
{
    char *d = sf__arena_alloc(a, n + 1);

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
    d = sf__arena_alloc(a, (size_t)n + 1);
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
    p = sf__arena_alloc(a, new_cap * elem);
    if (!p)
        return NULL;
    if (old && n)
        memcpy(p, old, n * elem);
    return p;
}
