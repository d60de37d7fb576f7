/* utf8.h - UTF-8 decoding and validation of Dockerfile sources. */
#ifndef SF_UTF8_H
#define SF_UTF8_H

#include "common.h"

struct sf_doc;

/* Decode the UTF-8 sequence at s[0..n): returns its length (1-4) and sets *cp, or 0 when the
 * bytes are not valid UTF-8 (overlong forms, surrogates, > U+10FFFF and truncation included). */
int sf__utf8_decode(const unsigned char *s, size_t n, int32_t *cp);
/* Encode a code point (invalid ones become U+FFFD) into out[0..4); returns the length. */
int sf__utf8_encode(int32_t cp, char *out);
/* Report an `invalid-utf8` finding (severity error) for each line holding invalid UTF-8, at its
 * first bad byte. Returns the number of findings. */
size_t sf__utf8_check(struct sf_doc *doc);

#endif /* SF_UTF8_H */
