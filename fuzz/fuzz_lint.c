/* fuzz_lint.c - libFuzzer target: parse, lint with every rule, emit in every format.
 *
 * Input layout (so the context rules are reached too):
 *   <Dockerfile bytes> [ "\n#~ignore\n" <.dockerignore bytes> [ "\n#~paths\n" <one path a line> ] ]
 * Without the markers the whole input is the Dockerfile and a small fixed context is used.
 *
 * Checked properties (any violation aborts, which libFuzzer reports as a crash):
 * - parsing never fails except for SF_ENOMEM; printing gives the input back byte for byte;
 * - --dump-ast JSON and the JSON-shaped formats (json, sarif, gitlab, lsp-diagnostics) re-parse
 *   with jansson and have the documented top-level type;
 * - every finding's range lies inside the source, start <= end, line/col are 1-based;
 * - a finding's edits are sorted, do not overlap and lie inside the source.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined (fuzz/run.sh), or gcc -DFUZZ_STANDALONE
 * (fuzz/replay.sh: main() runs every file argument once). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slimfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                                   \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_lint: property violated: %s (%s:%d)\n", what, __FILE__,   \
                    __LINE__);                                                              \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

static const char IGNORE_MARK[] = "\n#~ignore\n";
static const char PATHS_MARK[] = "\n#~paths\n";

static const char *const default_paths[] = {
    "Dockerfile", ".dockerignore", "app.py", "requirements.txt", "src/", "src/main.c",
    "node_modules/", "node_modules/x/index.js", ".git/", ".git/HEAD", ".env", "a/b/c/d.txt",
};

static const uint8_t *find_mark(const uint8_t *p, size_t n, const char *mark, size_t mlen)
{
    if (n < mlen)
        return NULL;
    for (size_t i = 0; i + mlen <= n; i++)
        if (p[i] == (uint8_t)mark[0] && memcmp(p + i, mark, mlen) == 0)
            return p + i;
    return NULL;
}

/* Split the tail into NUL-terminated path strings (malloc'd array + one malloc'd buffer). */
static size_t split_paths(const uint8_t *p, size_t n, char **bufp, const char ***out)
{
    size_t count = 0, k = 0;
    char *buf = malloc(n + 1);
    const char **v;

    *bufp = buf;
    *out = NULL;
    if (!buf)
        return 0;
    memcpy(buf, p, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\n')
            count++;
    v = malloc((count + 1) * sizeof(*v));
    if (!v)
        return 0;
    v[k++] = buf;
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\n') {
            buf[i] = '\0';
            v[k++] = buf + i + 1;
        }
    *out = v;
    return k;
}

static void check_range(const sf_range *r, size_t srclen, const char *what)
{
    CHECK(r->start.offset <= r->end.offset, what);
    CHECK(r->end.offset <= srclen, what);
    CHECK(r->start.line >= 1 && r->start.col >= 1 && r->start.col16 >= 1 && r->start.colcp >= 1,
          what);
    CHECK(r->end.line >= r->start.line, what);
}

static void check_finding(const sf_finding *f, size_t srclen)
{
    sf_range r = sf_finding_range(f);
    size_t ne = sf_finding_edit_count(f);
    uint32_t prev_end = 0;

    CHECK(sf_finding_rule(f) != NULL && sf_finding_rule(f)[0] != '\0', "finding has a rule id");
    CHECK(sf_finding_message(f) != NULL, "finding has a message");
    CHECK(sf_finding_severity(f) <= SF_SEV_STYLE, "finding severity in range");
    check_range(&r, srclen, "finding range inside source");
    CHECK(ne == 0 || sf_finding_fix_safety(f) != SF_FIX_NONE, "edits imply a fix safety");
    for (size_t i = 0; i < ne; i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        CHECK(e != NULL, "edit exists");
        check_range(&e->range, srclen, "edit range inside source");
        CHECK(e->text != NULL || e->len == 0, "edit text");
        CHECK(i == 0 || e->range.start.offset >= prev_end, "edits sorted, not overlapping");
        prev_end = e->range.end.offset;
    }
}

/* JSON-shaped outputs must re-parse; `want_array` says the documented top-level type. */
static void check_json(const sf_buf *b, int want_array, const char *what)
{
    json_error_t jerr;
    json_t *j;

    CHECK(b->ptr != NULL, what);
    j = json_loadb(b->ptr, b->size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!j) {
        fprintf(stderr, "fuzz_lint: %s does not re-parse: %s at line %d col %d\n", what, jerr.text,
                jerr.line, jerr.column);
        abort();
    }
    if (want_array ? !json_is_array(j) : !json_is_object(j)) {
        fprintf(stderr, "fuzz_lint: %s: top level is not a JSON %s:\n%.*s\n", what,
                want_array ? "array" : "object", (int)(b->size > 2000 ? 2000 : b->size), b->ptr);
        abort();
    }
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *imark = find_mark(data, size, IGNORE_MARK, sizeof(IGNORE_MARK) - 1);
    const uint8_t *pmark = NULL;
    size_t dlen = imark ? (size_t)(imark - data) : size;
    sf_doc *doc = NULL, *igdoc = NULL;
    sf_linter *linter = NULL;
    sf_result *res = NULL;
    sf_context ctx;
    sf_options opts = SF_OPTIONS_INIT;
    char *pathbuf = NULL;
    const char **paths = NULL;
    size_t npaths = 0;
    sf_buf b = SF_BUF_INIT;
    const char *src;
    size_t srclen = 0;
    int err;

    memset(&ctx, 0, sizeof(ctx));
    if (imark) {
        const uint8_t *ig = imark + sizeof(IGNORE_MARK) - 1;
        size_t iglen = size - (size_t)(ig - data);
        pmark = find_mark(ig, iglen, PATHS_MARK, sizeof(PATHS_MARK) - 1);
        ctx.has_dockerignore = true;
        ctx.dockerignore = (const char *)ig;
        ctx.dockerignore_len = pmark ? (size_t)(pmark - ig) : iglen;
        ctx.dockerignore_name = ".dockerignore";
        if (pmark) {
            const uint8_t *pp = pmark + sizeof(PATHS_MARK) - 1;
            npaths = split_paths(pp, size - (size_t)(pp - data), &pathbuf, &paths);
            if (!paths) {
                free(pathbuf);
                return 0;
            }
        }
    }
    if (paths) {
        ctx.paths = paths;
        ctx.n_paths = npaths;
    } else {
        ctx.paths = default_paths;
        ctx.n_paths = sizeof(default_paths) / sizeof(default_paths[0]);
    }
    ctx.paths_truncated = (size & 1) != 0;

    err = sf_doc_parse(&doc, "Dockerfile", (const char *)data, dlen);
    if (err == SF_ENOMEM)
        goto out;
    CHECK(err == SF_OK && doc != NULL, "sf_doc_parse succeeds on any input");

    /* round trip */
    src = sf_doc_source(doc, &srclen);
    CHECK(srclen == dlen && (dlen == 0 || memcmp(src, data, dlen) == 0), "source copy");
    CHECK(sf_doc_print(&b, doc) == SF_OK, "sf_doc_print");
    CHECK(b.size == dlen && (dlen == 0 || memcmp(b.ptr, data, dlen) == 0),
          "print gives the input back byte for byte");
    sf_buf_dispose(&b);

    CHECK(sf_doc_dump_json(&b, doc) == SF_OK, "sf_doc_dump_json");
    check_json(&b, 0, "dump-ast JSON");
    sf_buf_dispose(&b);

    for (size_t i = 0; i < sf_doc_finding_count(doc); i++)
        check_finding(sf_doc_finding(doc, i), srclen);
    for (size_t i = 0; i < sf_doc_insn_count(doc); i++) {
        const sf_insn *in = sf_doc_insn(doc, i);
        sf_range r = sf_insn_range(in);
        check_range(&r, srclen, "instruction range inside source");
        for (size_t a = 0; a < sf_insn_arg_count(in); a++) {
            size_t alen = 0;
            CHECK(sf_insn_arg(in, a, &alen) != NULL, "argument string");
            r = sf_insn_arg_range(in, a);
            check_range(&r, srclen, "argument range inside source");
        }
    }

    err = sf_linter_new(&linter, &opts, NULL);
    CHECK(err == SF_OK || err == SF_ENOMEM, "sf_linter_new with every rule");
    if (err != SF_OK)
        goto out;
    err = sf_lint(&res, linter, doc, &ctx);
    CHECK(err == SF_OK || err == SF_ENOMEM, "sf_lint");
    if (err != SF_OK)
        goto out;
    for (size_t i = 0; i < sf_result_count(res); i++) {
        const sf_finding *f = sf_result_get(res, i);
        CHECK(f != NULL, "result finding");
        check_finding(f, srclen);
        if (i > 0) {
            sf_range p = sf_finding_range(sf_result_get(res, i - 1)), q = sf_finding_range(f);
            CHECK(p.start.offset <= q.start.offset, "findings sorted by position");
        }
    }
    if (ctx.has_dockerignore) {
        err = sf_doc_parse(&igdoc, ".dockerignore", ctx.dockerignore, ctx.dockerignore_len);
        CHECK(err == SF_OK || err == SF_ENOMEM, "parse .dockerignore as a document");
        for (size_t i = 0; i < sf_result_ignore_count(res); i++)
            check_finding(sf_result_ignore_get(res, i), ctx.dockerignore_len);
    }

    {
        /* json: 0 not JSON, 1 array, 2 object, 3 array for one file and object for several
         * (lsp-diagnostics: keyed by file URI; a .dockerignore counts as a file) */
        static const struct {
            sf_format fmt;
            int json;
        } fmts[] = {
            {SF_FORMAT_TEXT, 0},       {SF_FORMAT_JSON, 1},  {SF_FORMAT_SARIF, 2},
            {SF_FORMAT_CHECKSTYLE, 0}, {SF_FORMAT_GITHUB, 0}, {SF_FORMAT_GITLAB, 1},
            {SF_FORMAT_LSP, 3},
        };
        sf_emit_file ef[2];
        sf_emit_options eo;

        memset(ef, 0, sizeof(ef));
        memset(&eo, 0, sizeof(eo));
        ef[0].path = "dir/Dockerfile";
        ef[0].doc = doc;
        ef[0].result = res;
        if (igdoc) {
            ef[0].ignore_path = "dir/.dockerignore";
            ef[0].ignore_doc = igdoc;
        }
        ef[1].path = "-"; /* parse findings only */
        ef[1].doc = doc;
        eo.summary = true;
        eo.color = (size & 2) != 0;
        eo.failure_level = SF_SEV_INFO;
        /* every format for two files; for one file only the formats whose shape depends on
         * the count (SARIF's rule catalogue makes its re-parse the dearest check) */
        for (size_t nf = 1; nf <= 2; nf++)
            for (size_t k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++) {
                if (nf == 1 && fmts[k].json != 3)
                    continue;
                int kind = fmts[k].json == 3 ? (nf == 1 && !igdoc ? 1 : 2) : fmts[k].json;
                err = sf_emit(&b, fmts[k].fmt, ef, nf, &eo);
                CHECK(err == SF_OK || err == SF_ENOMEM, "sf_emit");
                if (err == SF_OK && kind)
                    check_json(&b, kind == 1, "JSON-shaped emit output");
                sf_buf_dispose(&b);
            }
    }

out:
    sf_buf_dispose(&b);
    sf_result_free(res);
    sf_linter_free(linter);
    sf_doc_free(igdoc);
    sf_doc_free(doc);
    free(paths);
    free(pathbuf);
    return 0;
}

#include "standalone.h"
