/* print.c - sf_doc_print: the tokens back to bytes. The tokens tile the source, so this is
 * lossless by construction (and fuzzed). */
#include "token.h"

#include "buf.h"

int sf_doc_print(sf_buf *out, const sf_doc *doc)
{
    uint32_t i, start = 0;
    int err;

    if (!out || !doc)
        return SF_EINVAL;
    err = sf__buf_grow(out, doc->src.len);
    if (err < 0)
        return err;
    for (i = 0; i < doc->ntok; i++) {
        uint32_t end = doc->tok_end[i];
        if (end > start) {
            err = sf__buf_put(out, doc->src.text + start, end - start);
            if (err < 0)
                return err;
        }
        start = end;
    }
    return SF_OK;
}
