/* ascii.h - locale-free ASCII classification (never <ctype.h> in lib/). */
#ifndef SF_ASCII_H
#define SF_ASCII_H

#include <stdbool.h>

static inline bool sf__is_space(int c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }
static inline bool sf__is_blank(int c) { return c == ' ' || c == '\t'; }
static inline bool sf__is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool sf__is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool sf__is_alnum(int c) { return sf__is_alpha(c) || sf__is_digit(c); }
static inline int sf__to_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }
static inline int sf__to_upper(int c) { return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c; }

#endif /* SF_ASCII_H */
