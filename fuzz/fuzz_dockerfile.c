/* fuzz_dockerfile.c - libFuzzer target for the Dockerfile parser.
 *
 * Invariants: parsing never fails except on OOM; the tokens tile the input; printing the
 * document gives the input byte for byte; every instruction span and argument span lies inside
 * the input; the JSON dump succeeds. Build with
 *   clang -fsanitize=fuzzer,address,undefined -Ilib -I$B/gen <lib sources> <gen sources> ...
 * With -DFUZZ_STANDALONE it is a plain program that replays the files named on its command line
 * through the same function (used by the test suite with gcc). */
#include "token.h"

#include <stdio.h>

#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(const sf_doc *d, sf__span s)
{
    if (s.start > s.end || s.end > d->src.len)
        abort();
}

static void check_insn(const sf_doc *d, const sf_insn *in)
{
    uint32_t i;

    check_span(d, in->span);
    check_span(d, in->kw);
    for (i = 0; i < in->nargs; i++)
        check_span(d, in->args[i].span);
    for (i = 0; i < in->nflags; i++)
        check_span(d, in->flags[i].span);
    for (i = 0; i < in->nheredocs; i++) {
        check_span(d, in->heredocs[i].body);
        if (in->heredocs[i].content.len != in->heredocs[i].body.end - in->heredocs[i].body.start)
            abort();
    }
    if (in->child)
        check_insn(d, in->child);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sf_doc *doc = NULL;
    sf_buf out = SF_BUF_INIT;
    uint32_t i, prev = 0;

    if (sf_doc_parse(&doc, "fuzz", (const char *)data, size) != SF_OK)
        return 0; /* only SF_ENOMEM is possible below the size limit */
    for (i = 0; i < doc->ntok; i++) {
        if (doc->tok_end[i] <= prev)
            abort();
        prev = doc->tok_end[i];
    }
    if (prev != size)
        abort();
    if (sf_doc_print(&out, doc) != SF_OK || out.size != size ||
        (size && memcmp(out.ptr, data, size) != 0))
        abort();
    sf_buf_dispose(&out);
    for (i = 0; i < doc->ninsns; i++)
        check_insn(doc, &doc->insns[i]);
    if (sf_doc_dump_json(&out, doc) != SF_OK)
        abort();
    sf_buf_dispose(&out);
    sf_doc_free(doc);
    return 0;
}

#include "standalone.h"
