/* source.h - the document's read-only source copy and its line table.
 * Byte offsets are the truth; line and columns are derived (binary search + a scan of one line). */
#ifndef SF_SOURCE_H
#define SF_SOURCE_H

#include "arena.h"
#include "common.h"

typedef struct sf__source {
    const char *text;   /* owned NUL-terminated copy (arena); never written after init */
    uint32_t len;
    uint32_t *lines;    /* lines[i] = offset of the first byte of line i+1 (split on '\n' only) */
    uint32_t nlines;
} sf__source;

/* Copy text and build the line table. SF_OK, SF_ENOMEM or SF_ELIMIT. */
int sf__source_init(sf__source *s, sf__arena *a, const char *text, size_t len);
/* The 0-based line index holding offset. */
uint32_t sf__source_line_index(const sf__source *s, uint32_t off);
/* Full position (line, byte/UTF-16/code point columns) of an offset, clamped to len. */
sf_pos sf__source_pos(const sf__source *s, uint32_t off);
sf_range sf__source_range(const sf__source *s, uint32_t start, uint32_t end);
/* Offset of the end of the line holding off (at its '\n' or '\r\n', or at len). */
uint32_t sf__source_line_end(const sf__source *s, uint32_t off);

#endif /* SF_SOURCE_H */
