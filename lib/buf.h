/* buf.h - growable byte buffer (the public sf_buf) helpers. */
#ifndef SF_BUF_H
#define SF_BUF_H

#include "common.h"

/* All return SF_OK or SF_ENOMEM. The buffer stays NUL-terminated. */
int sf__buf_grow(sf_buf *b, size_t extra);
int sf__buf_put(sf_buf *b, const char *s, size_t n);
int sf__buf_puts(sf_buf *b, const char *s);
int sf__buf_putc(sf_buf *b, char c);
int sf__buf_printf(sf_buf *b, const char *fmt, ...) SF_PRINTF(2, 3);
/* Append s as the body of a JSON string (no surrounding quotes); invalid UTF-8 becomes U+FFFD. */
int sf__buf_json_escape(sf_buf *b, const char *s, size_t n);
/* Append a quoted JSON string. */
int sf__buf_json_str(sf_buf *b, const char *s, size_t n);
void sf__buf_clear(sf_buf *b);

#endif /* SF_BUF_H */
