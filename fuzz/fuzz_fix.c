/* fuzz_fix.c - libFuzzer target for the fixer (sf_fix), safe and unsafe fixes.
 *
 * The first byte chooses options (bit 0: unsafe fixes, bit 1: cache fixes as mounts); the rest is
 * the Dockerfile. A small fixed build context with a .dockerignore is used so the context rules
 * and their fixes run too.
 *
 * Checked properties (any violation aborts):
 * - sf_fix succeeds (or reports SF_ENOMEM);
 * - the report agrees with the output: changed <=> output != input, !applied => !changed;
 * - a document with syntax errors is copied unchanged;
 * - the output parses, and has no syntax error when the input had none;
 * - idempotence: fix(fix(x)) == fix(x) when the first run converged; when it did not, a run
 *   with 64 passes must converge (a fixer that oscillates never does).
 *
 * Build: as fuzz_lint.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slimfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                                   \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_fix: property violated: %s (%s:%d)\n", what, __FILE__,    \
                    __LINE__);                                                              \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

static const char *const ctx_paths[] = {
    "Dockerfile", ".dockerignore", "app.py", "requirements.txt", "package.json", "src/",
    "src/main.c", "node_modules/", "node_modules/x/index.js", ".git/", ".git/HEAD", ".env",
};
static const char ctx_ignore[] = ".git\nnode_modules\n";

/* Count error-severity parse findings (syntax errors and the like). */
static size_t parse_errors(const sf_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < sf_doc_finding_count(doc); i++)
        if (sf_finding_severity(sf_doc_finding(doc, i)) == SF_SEV_ERROR)
            n++;
    return n;
}

static void dump_on_failure(const char *what, const sf_buf *a, const sf_buf *b)
{
    fprintf(stderr, "fuzz_fix: %s\n--- first output (%zu bytes)\n%.*s\n--- second output (%zu bytes)\n%.*s\n---\n",
            what, a->size, (int)(a->size > 4000 ? 4000 : a->size), a->ptr ? a->ptr : "", b->size,
            (int)(b->size > 4000 ? 4000 : b->size), b->ptr ? b->ptr : "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sf_options opts = SF_OPTIONS_INIT;
    sf_fix_options fo;
    sf_fix_report rep, rep2;
    sf_linter *linter = NULL;
    sf_doc *doc = NULL, *fdoc = NULL, *fdoc2 = NULL;
    sf_context ctx;
    sf_buf out = SF_BUF_INIT, out2 = SF_BUF_INIT;
    const char *text;
    size_t len, in_errors;
    int err;

    if (size < 1)
        return 0;
    memset(&fo, 0, sizeof(fo));
    fo.unsafe = (data[0] & 1) != 0;
    opts.cache_fix = (data[0] & 2) ? SF_CACHE_FIX_MOUNT : SF_CACHE_FIX_DELETE;
    text = (const char *)data + 1;
    len = size - 1;

    memset(&ctx, 0, sizeof(ctx));
    ctx.has_dockerignore = (data[0] & 4) == 0;
    ctx.dockerignore = ctx_ignore;
    ctx.dockerignore_len = sizeof(ctx_ignore) - 1;
    ctx.paths = ctx_paths;
    ctx.n_paths = sizeof(ctx_paths) / sizeof(ctx_paths[0]);

    err = sf_doc_parse(&doc, "Dockerfile", text, len);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK, "sf_doc_parse succeeds on any input");
    err = sf_linter_new(&linter, &opts, NULL);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK, "sf_linter_new with every rule");
    in_errors = parse_errors(doc);

    memset(&rep, 0, sizeof(rep));
    err = sf_fix(&out, &rep, linter, doc, &ctx, &fo, NULL);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK, "sf_fix succeeds");
    {
        bool same = out.size == len && (len == 0 || memcmp(out.ptr, text, len) == 0);
        CHECK(rep.changed == !same, "report.changed agrees with the output");
        CHECK(rep.applied > 0 || !rep.changed, "no fix applied but the text changed");
        if (sf_doc_has_errors(doc))
            CHECK(same, "a document with syntax errors is copied unchanged");
    }

    err = sf_doc_parse(&fdoc, "Dockerfile", out.ptr ? out.ptr : "", out.size);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK, "fixed text parses");
    if (in_errors == 0 && parse_errors(fdoc) != 0) {
        sf_buf none = SF_BUF_INIT;
        dump_on_failure("fixed text has a new syntax error", &out, &none);
        abort();
    }
    CHECK(parse_errors(fdoc) <= in_errors, "no new syntax errors");

    if (!rep.converged) {
        /* a second, long run must reach a fixed point */
        fo.max_passes = 64;
        err = sf_fix(&out2, &rep2, linter, fdoc, &ctx, &fo, NULL);
        if (err == SF_ENOMEM)
            goto out;
        CHECK(err == SF_OK, "sf_fix (64 passes) succeeds");
        CHECK(rep2.converged, "the fixer converges within 64 more passes");
        sf_buf_dispose(&out2);
        goto out;
    }

    memset(&rep2, 0, sizeof(rep2));
    err = sf_fix(&out2, &rep2, linter, fdoc, &ctx, &fo, NULL);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK, "sf_fix on fixed text succeeds");
    if (out2.size != out.size || (out.size && memcmp(out.ptr, out2.ptr, out.size) != 0) ||
        rep2.changed) {
        dump_on_failure("fix(fix(x)) != fix(x)", &out, &out2);
        abort();
    }
    /* and the fixed output of the fixed output parses the same way */
    err = sf_doc_parse(&fdoc2, "Dockerfile", out2.ptr ? out2.ptr : "", out2.size);
    CHECK(err == SF_OK || err == SF_ENOMEM, "second output parses");

out:
    sf_buf_dispose(&out);
    sf_buf_dispose(&out2);
    sf_doc_free(fdoc2);
    sf_doc_free(fdoc);
    sf_doc_free(doc);
    sf_linter_free(linter);
    return 0;
}

#include "standalone.h"
