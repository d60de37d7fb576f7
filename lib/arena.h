/* arena.h - bump allocator: one per document/result, freed in one go.
 * Under SF_ARENA_DEBUG every allocation is its own malloc so ASan sees overruns.
 * On OOM the arena sets a sticky flag; allocation returns NULL; callers check sf__arena_failed once. */
#ifndef SF_ARENA_H
#define SF_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sf__chunk sf__chunk;

typedef struct sf__arena {
    sf__chunk *head;   /* most recent chunk (or debug allocation) */
    char *cur;         /* next free byte in head */
    size_t left;       /* free bytes in head */
    size_t total;      /* bytes obtained from malloc, for memory accounting */
    bool failed;       /* sticky OOM flag */
} sf__arena;

void sf__arena_init(sf__arena *a);
void sf__arena_dispose(sf__arena *a);
/* Zeroed, 16-byte aligned memory, or NULL (and a->failed) on OOM. */
void *sf__arena_alloc(sf__arena *a, size_t size);
/* Copy of s[0..n) plus a NUL. */
char *sf__arena_strndup(sf__arena *a, const char *s, size_t n);
char *sf__arena_strdup(sf__arena *a, const char *s);
/* printf into the arena. */
char *sf__arena_printf(sf__arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Grow an arena array: returns a new array of new_cap elements holding the old n elements. */
void *sf__arena_grow(sf__arena *a, void *old, size_t n, size_t new_cap, size_t elem);
static inline bool sf__arena_failed(const sf__arena *a) { return a->failed; }

#endif /* SF_ARENA_H */
