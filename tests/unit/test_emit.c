/* test_emit.c - output formats: golden outputs for a fixed set of findings (non-ASCII and astral
 * characters, a fix, a zero-length range, a multi-line range, a .dockerignore finding), escaping,
 * fingerprints, ordering, and jansson re-parsing of every JSON format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "emit.h"
#include "finding.h"
#include "source.h"

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverlength-strings" /* the SARIF golden text */
#endif

/* ------------------------------------------------------------------ fixture */

static const char MAIN_SRC[] =
    "FROM alpine:3.19\n"
    "RUN apk add curl\n"
    "LABEL desc=\"h\xC3\xA9llo \xF0\x9F\x98\x80 w\xC3\xB6rld\"\n"
    "RUN echo a && \\\n"
    "    echo b\n";

static const char IGNORE_SRC[] = "node_modules\n[invalid\n";
static const char B_SRC[] = "FROM scratch\n";

#define MAXF 8

typedef struct fixture {
    sf__arena arena;
    sf__source main, ignore, b;
    struct sf_finding f[MAXF];
    size_t nf;
    const sf_finding *main_list[MAXF], *ignore_list[MAXF];
    size_t nmain, nignore;
    sf__emit_unit units[3];
} fixture;

static const sf__emit_rule RULES[] = {
    {"apk-no-cache", SF_SEV_WARNING, "apk add without --no-cache",
     "`apk add` keeps the package index in the layer.\n\nBad:\n\n    RUN apk add curl\n\n"
     "Good:\n\n    RUN apk add --no-cache curl\n",
     SF_FIX_SAFE},
    {"dockerignore-syntax", SF_SEV_ERROR, "Invalid .dockerignore pattern",
     "# dockerignore-syntax\n\nIt reports:\n\n- patterns BuildKit cannot compile\n", SF_FIX_NONE},
    {"non-ascii-label", SF_SEV_INFO, "Non-ASCII text in a label", NULL, SF_FIX_NONE},
    {"run-continuation", SF_SEV_STYLE, "Short RUN continuation", "# run-continuation\n\nJoin short\ncontinuation lines\n\nBad:\n\n    RUN a \\\n      b\n",
     SF_FIX_UNSAFE},
    {"syntax-error", SF_SEV_ERROR, "Syntax error", "The Dockerfile cannot be parsed.", SF_FIX_NONE},
};

/* Byte offset of the first occurrence of needle (which must exist). */
static uint32_t off_of(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);

    assert_non_null(p);
    return (uint32_t)(p - hay);
}

static struct sf_finding *add(fixture *fx, const sf__source *src, const char *rule, sf_severity sev,
                              const char *msg, uint32_t start, uint32_t end)
{
    struct sf_finding *f;

    assert_true(fx->nf < MAXF);
    f = &fx->f[fx->nf++];
    memset(f, 0, sizeof(*f));
    f->rule = rule;
    f->severity = sev;
    f->message = msg;
    f->range = sf__source_range(src, start, end);
    f->url = sf__rule_url(&fx->arena, rule);
    f->insn = UINT32_MAX;
    if (src == &fx->ignore)
        fx->ignore_list[fx->nignore++] = f;
    else
        fx->main_list[fx->nmain++] = f;
    return f;
}

static void set_fix(fixture *fx, struct sf_finding *f, const sf__source *src, sf_fix_safety s,
                    const char *title, size_t n, const uint32_t *starts, const uint32_t *ends,
                    const char *const *texts)
{
    size_t i;

    f->edits = sf__arena_alloc(&fx->arena, n * sizeof(sf_edit));
    assert_non_null(f->edits);
    for (i = 0; i < n; i++) {
        f->edits[i].range = sf__source_range(src, starts[i], ends[i]);
        f->edits[i].text = texts[i];
        f->edits[i].len = strlen(texts[i]);
    }
    f->nedits = n;
    f->fix_safety = s;
    f->fix_title = title;
}

static void fixture_init(fixture *fx)
{
    struct sf_finding *f;
    uint32_t a, s[2], e[2];
    const char *t[2];

    memset(fx, 0, sizeof(*fx));
    sf__arena_init(&fx->arena);
    assert_int_equal(sf__source_init(&fx->main, &fx->arena, MAIN_SRC, strlen(MAIN_SRC)), SF_OK);
    assert_int_equal(sf__source_init(&fx->ignore, &fx->arena, IGNORE_SRC, strlen(IGNORE_SRC)), SF_OK);
    assert_int_equal(sf__source_init(&fx->b, &fx->arena, B_SRC, strlen(B_SRC)), SF_OK);

    /* added out of order on purpose: the emitters sort */
    a = off_of(MAIN_SRC, "RUN echo");
    f = add(fx, &fx->main, "run-continuation", SF_SEV_STYLE,
            "Join with && and \"quotes\" & <tags> at 50%, a:b\nsecond line", a,
            (uint32_t)strlen(MAIN_SRC));
    s[0] = off_of(MAIN_SRC, "a &&");
    e[0] = s[0] + 1;
    t[0] = "\"a\"";
    s[1] = off_of(MAIN_SRC, "\\\n");
    e[1] = off_of(MAIN_SRC, "echo b");
    t[1] = "";
    set_fix(fx, f, &fx->main, SF_FIX_UNSAFE, "join lines", 2, s, e, t);

    a = off_of(MAIN_SRC, "w\xC3\xB6rld");
    add(fx, &fx->main, "non-ascii-label", SF_SEV_INFO, "Non-ASCII text in label: w\xC3\xB6rld", a, a + 6);
    a = off_of(MAIN_SRC, " w\xC3\xB6rld");
    add(fx, &fx->main, "syntax-error", SF_SEV_ERROR, "Unexpected character after emoji", a, a);

    a = off_of(MAIN_SRC, "apk add");
    f = add(fx, &fx->main, "apk-no-cache", SF_SEV_WARNING,
            "Use --no-cache with apk add to keep the index out of the layer", a, a + 12);
    s[0] = e[0] = a + 7;
    t[0] = " --no-cache";
    set_fix(fx, f, &fx->main, SF_FIX_SAFE, "add --no-cache", 1, s, e, t);

    a = off_of(IGNORE_SRC, "[invalid");
    add(fx, &fx->ignore, "dockerignore-syntax", SF_SEV_ERROR,
        "Unterminated character class in pattern", a, a + 8);

    fx->units[0] = (sf__emit_unit){"Dockerfile", fx->main.text, fx->main.len, fx->main_list, fx->nmain};
    fx->units[1] = (sf__emit_unit){"b/Dockerfile", fx->b.text, fx->b.len, NULL, 0};
    fx->units[2] =
        (sf__emit_unit){".dockerignore", fx->ignore.text, fx->ignore.len, fx->ignore_list, fx->nignore};
}

static int setup(void **state)
{
    fixture *fx = malloc(sizeof(*fx));

    if (!fx)
        return -1;
    fixture_init(fx);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;

    sf__arena_dispose(&fx->arena);
    free(fx);
    return 0;
}

/* Emit and return the output (caller disposes). */
static sf_buf emit(sf_format fmt, const sf__emit_unit *u, size_t n, const sf_emit_options *opts)
{
    sf_buf out = SF_BUF_INIT;

    assert_int_equal(sf__emit_units(&out, fmt, u, n, RULES, SF_ARRAY_LEN(RULES), NULL, opts), SF_OK);
    assert_non_null(out.ptr);
    assert_int_equal(strlen(out.ptr), out.size);
    return out;
}

/* Compare with a golden string; print the actual output in full on a mismatch. */
static void expect_output(const sf_buf *out, const char *expected)
{
    if (strcmp(out->ptr, expected) != 0) {
        fprintf(stderr, "---- actual (%zu bytes) ----\n%s---- end ----\n", out->size, out->ptr);
        fail_msg("output differs from the golden text");
    }
}

static void golden(void **state, sf_format fmt, size_t nunits, const sf_emit_options *opts,
                   const char *expected)
{
    fixture *fx = *state;
    sf_buf out = emit(fmt, fx->units, nunits, opts);

    expect_output(&out, expected);
    sf_buf_dispose(&out);
}

static json_t *parse_json(const sf_buf *out)
{
    json_error_t err;
    json_t *j = json_loadb(out->ptr, out->size, 0, &err);

    if (!j)
        fail_msg("invalid JSON at line %d col %d: %s", err.line, err.column, err.text);
    return j;
}

/* tests/sarif/validate.sh sets SF_EMIT_SARIF_DIR to have these outputs checked by the
 * SARIF Multitool too. */
static void dump_for_validation(const char *name, const sf_buf *out)
{
    const char *dir = getenv("SF_EMIT_SARIF_DIR");
    char path[4096];
    FILE *fp;

    if (!dir)
        return;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(out->ptr, 1, out->size, fp), out->size);
    assert_int_equal(fclose(fp), 0);
}

/* ------------------------------------------------------------------ names */

static void test_format_parse(void **state)
{
    static const char *const names[] = {"text", "json", "sarif", "checkstyle",
                                        "github", "gitlab", "lsp-diagnostics"};
    static const sf_format fmts[] = {SF_FORMAT_TEXT, SF_FORMAT_JSON, SF_FORMAT_SARIF,
                                     SF_FORMAT_CHECKSTYLE, SF_FORMAT_GITHUB, SF_FORMAT_GITLAB,
                                     SF_FORMAT_LSP};
    sf_format f = SF_FORMAT_TEXT;
    size_t i;

    (void)state;
    for (i = 0; i < SF_ARRAY_LEN(names); i++) {
        f = (sf_format)99;
        assert_int_equal(sf_format_parse(&f, names[i]), SF_OK);
        assert_int_equal(f, fmts[i]);
    }
    assert_int_equal(sf_format_parse(&f, "JSON"), SF_EINVAL);
    assert_int_equal(sf_format_parse(&f, "lsp"), SF_EINVAL);
    assert_int_equal(sf_format_parse(&f, ""), SF_EINVAL);
    assert_int_equal(sf_format_parse(&f, NULL), SF_EINVAL);
    assert_int_equal(sf_format_parse(NULL, "json"), SF_EINVAL);
}

static void test_bad_arguments(void **state)
{
    sf_buf out = SF_BUF_INIT;

    (void)state;
    assert_int_equal(sf__emit_units(&out, (sf_format)42, NULL, 0, NULL, 0, NULL, NULL), SF_EINVAL);
    assert_int_equal(sf__emit_units(NULL, SF_FORMAT_JSON, NULL, 0, NULL, 0, NULL, NULL), SF_EINVAL);
    assert_int_equal(sf__emit_units(&out, SF_FORMAT_JSON, NULL, 1, NULL, 0, NULL, NULL), SF_EINVAL);
    assert_int_equal(sf_emit(&out, SF_FORMAT_JSON, NULL, 1, NULL), SF_EINVAL);
    assert_null(out.ptr);
}

/* ------------------------------------------------------------------ positions */

static void test_positions(void **state)
{
    fixture *fx = *state;
    sf__emit_item it = {NULL, "Dockerfile", 0, fx->main.text, fx->main.len, 0};
    sf_range r;
    sf__emit_lc lc;
    uint32_t w = off_of(MAIN_SRC, "w\xC3\xB6rld");

    /* "wörld" after "héllo 😀 ": byte, UTF-16 and code point columns all differ */
    r = sf__source_range(&fx->main, w, w + 6);
    assert_int_equal(r.start.col, 25);
    assert_int_equal(r.start.col16, 22);
    assert_int_equal(r.start.colcp, 21);
    lc = sf__emit_end_inclusive(&it, r);
    assert_int_equal(lc.line, 3);
    assert_int_equal(lc.col, 25); /* 'd' */
    lc = sf__emit_lsp_pos(r.end);
    assert_int_equal(lc.line, 2);
    assert_int_equal(lc.col, 26);

    /* empty range: end == start */
    r = sf__source_range(&fx->main, w, w);
    lc = sf__emit_end_inclusive(&it, r);
    assert_int_equal(lc.line, 3);
    assert_int_equal(lc.col, 21);

    /* ending just after the '\n' of line 3: the last character is that '\n' (col 27) */
    r = sf__source_range(&fx->main, w, off_of(MAIN_SRC, "RUN echo"));
    assert_int_equal(r.end.line, 4);
    lc = sf__emit_end_inclusive(&it, r);
    assert_int_equal(lc.line, 3);
    assert_int_equal(lc.col, 27);

    /* the emoji alone: one code point, two UTF-16 units, four bytes */
    r = sf__source_range(&fx->main, w - 5, w - 1);
    assert_int_equal(r.end.col16 - r.start.col16, 2);
    lc = sf__emit_end_inclusive(&it, r);
    assert_int_equal(lc.col, r.start.colcp);
}

static void test_uri(void **state)
{
    sf_buf b = SF_BUF_INIT;

    (void)state;
    assert_int_equal(sf__emit_file_uri(&b, "/srv/app dir/Docker%file#1", NULL), SF_OK);
    assert_string_equal(b.ptr, "file:///srv/app%20dir/Docker%25file%231");
    sf__buf_clear(&b);
    assert_int_equal(sf__emit_file_uri(&b, "./sub/Dockerfile", "/home/u/proj"), SF_OK);
    assert_string_equal(b.ptr, "file:///home/u/proj/sub/Dockerfile");
    sf__buf_clear(&b);
    assert_int_equal(sf__emit_file_uri(&b, "d\xC3\xA9j\xC3\xA0/Dockerfile", "/"), SF_OK);
    assert_string_equal(b.ptr, "file:///d%C3%A9j%C3%A0/Dockerfile");
    sf__buf_clear(&b);
    assert_int_equal(sf__emit_file_uri(&b, "a b/Dockerfile", NULL), SF_OK);
    assert_string_equal(b.ptr, "a%20b/Dockerfile");
    sf_buf_dispose(&b);
}

static void test_fnv(void **state)
{
    (void)state;
    /* published FNV-1a 64 test vectors */
    assert_true(sf__emit_fnv1a(SF_FNV_OFFSET, "", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(sf__emit_fnv1a(SF_FNV_OFFSET, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    assert_true(sf__emit_fnv1a(SF_FNV_OFFSET, "foobar", 6) == UINT64_C(0x85944171f73967e8));
}

/* ------------------------------------------------------------------ text */

static const char TEXT_GOLDEN[] =
    ".dockerignore:2:1: error: Unterminated character class in pattern [dockerignore-syntax]\n"
    "Dockerfile:2:5: warning: Use --no-cache with apk add to keep the index out of the layer [apk-no-cache]\n"
    "Dockerfile:3:20: error: Unexpected character after emoji [syntax-error]\n"
    "Dockerfile:3:21: info: Non-ASCII text in label: w\xC3\xB6rld [non-ascii-label]\n"
    "Dockerfile:4:1: style: Join with && and \"quotes\" & <tags> at 50%, a:b second line [run-continuation]\n"
    "Found 5 problems (2 errors, 1 warning, 1 info, 1 style)\n"
    "1 fixable with --fix (1 more with --fix --unsafe-fixes)\n";

static void test_text(void **state)
{
    sf_emit_options o = {false, true, SF_SEV_ERROR, NULL, NULL};

    golden(state, SF_FORMAT_TEXT, 3, &o, TEXT_GOLDEN);
}

static void test_text_color(void **state)
{
    fixture *fx = *state;
    sf_emit_options o = {true, false, SF_SEV_ERROR, NULL, NULL};
    sf_buf out = emit(SF_FORMAT_TEXT, &fx->units[2], 1, &o);

    expect_output(&out, ".dockerignore:2:1: \x1b[1;31merror\x1b[0m: Unterminated character class "
                        "in pattern \x1b[2m[dockerignore-syntax]\x1b[0m\n");
    sf_buf_dispose(&out);
}

static void test_text_summary(void **state)
{
    fixture *fx = *state;
    sf_emit_options o = {false, true, SF_SEV_ERROR, NULL, NULL};
    sf_buf out = emit(SF_FORMAT_TEXT, &fx->units[1], 1, &o);

    expect_output(&out, "No problems found\n");
    sf_buf_dispose(&out);

    /* one warning with a safe fix, under failure level error */
    fx->units[0].nfindings = 0;
    fx->units[0].findings = &fx->main_list[3];
    fx->units[0].nfindings = 1;
    out = emit(SF_FORMAT_TEXT, &fx->units[0], 1, &o);
    expect_output(&out, "Dockerfile:2:5: warning: Use --no-cache with apk add to keep the index out "
                        "of the layer [apk-no-cache]\n"
                        "Found 1 problem (1 warning); none at or above error\n"
                        "1 fixable with --fix\n");
    sf_buf_dispose(&out);
    o.failure_level = SF_SEV_WARNING;
    out = emit(SF_FORMAT_TEXT, &fx->units[0], 1, &o);
    expect_output(&out, "Dockerfile:2:5: warning: Use --no-cache with apk add to keep the index out "
                        "of the layer [apk-no-cache]\n"
                        "Found 1 problem (1 warning)\n"
                        "1 fixable with --fix\n");
    sf_buf_dispose(&out);
}

/* A message or path cannot put escape sequences on the terminal. */
static void test_text_controls(void **state)
{
    fixture *fx = *state;
    sf__emit_unit u = fx->units[2];
    sf_buf out;

    fx->f[4].message = "bad\x1b[2Jthing\tend\r";
    u.path = "evil\x1b]0;x\x07.dockerignore";
    out = emit(SF_FORMAT_TEXT, &u, 1, NULL);
    expect_output(&out, "evil?]0;x?.dockerignore:2:1: error: bad?[2Jthing end? [dockerignore-syntax]\n");
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ json */

static const char JSON_GOLDEN[] =
    "[\n"
    "{\"file\":\".dockerignore\",\"rule\":\"dockerignore-syntax\",\"severity\":\"error\",\"message\":\"Unterminated character class in pattern\",\"line\":2,\"column\":1,\"end_line\":2,\"end_column\":8,\"offset\":13,\"end_offset\":21,\"url\":\"https://slimfile.dev/rules/dockerignore-syntax\",\"fix\":null},\n"
    "{\"file\":\"Dockerfile\",\"rule\":\"apk-no-cache\",\"severity\":\"warning\",\"message\":\"Use --no-cache with apk add to keep the index out of the layer\",\"line\":2,\"column\":5,\"end_line\":2,\"end_column\":16,\"offset\":21,\"end_offset\":33,\"url\":\"https://slimfile.dev/rules/apk-no-cache\",\"fix\":{\"applicability\":\"safe\",\"message\":\"add --no-cache\",\"edits\":[{\"content\":\" --no-cache\",\"location\":{\"row\":2,\"column\":12},\"end_location\":{\"row\":2,\"column\":12}}]}},\n"
    "{\"file\":\"Dockerfile\",\"rule\":\"syntax-error\",\"severity\":\"error\",\"message\":\"Unexpected character after emoji\",\"line\":3,\"column\":20,\"end_line\":3,\"end_column\":20,\"offset\":57,\"end_offset\":57,\"url\":\"https://slimfile.dev/rules/syntax-error\",\"fix\":null},\n"
    "{\"file\":\"Dockerfile\",\"rule\":\"non-ascii-label\",\"severity\":\"info\",\"message\":\"Non-ASCII text in label: w\xC3\xB6rld\",\"line\":3,\"column\":21,\"end_line\":3,\"end_column\":25,\"offset\":58,\"end_offset\":64,\"url\":\"https://slimfile.dev/rules/non-ascii-label\",\"fix\":null},\n"
    "{\"file\":\"Dockerfile\",\"rule\":\"run-continuation\",\"severity\":\"style\",\"message\":\"Join with && and \\\"quotes\\\" & <tags> at 50%, a:b\\nsecond line\",\"line\":4,\"column\":1,\"end_line\":5,\"end_column\":11,\"offset\":66,\"end_offset\":93,\"url\":\"https://slimfile.dev/rules/run-continuation\",\"fix\":{\"applicability\":\"unsafe\",\"message\":\"join lines\",\"edits\":[{\"content\":\"\\\"a\\\"\",\"location\":{\"row\":4,\"column\":10},\"end_location\":{\"row\":4,\"column\":11}},{\"content\":\"\",\"location\":{\"row\":4,\"column\":15},\"end_location\":{\"row\":5,\"column\":5}}]}}\n"
    "]\n";

static void test_json(void **state)
{
    fixture *fx = *state;
    sf_buf out;
    json_t *j, *e;
    size_t i;
    static const char *const keys[] = {"file", "rule", "severity", "message", "line", "column",
                                       "end_line", "end_column", "offset", "end_offset", "url", "fix"};

    golden(state, SF_FORMAT_JSON, 3, NULL, JSON_GOLDEN);

    out = emit(SF_FORMAT_JSON, fx->units, 3, NULL);
    j = parse_json(&out);
    assert_true(json_is_array(j));
    assert_int_equal(json_array_size(j), 5);
    json_array_foreach(j, i, e) {
        const char *k;
        json_t *v;
        size_t n = 0;
        json_object_foreach(e, k, v) {
            assert_true(n < SF_ARRAY_LEN(keys));
            assert_string_equal(k, keys[n]);
            n++;
        }
        assert_int_equal(n, SF_ARRAY_LEN(keys));
    }
    /* the astral-plane line: columns in code points */
    e = json_array_get(j, 3);
    assert_string_equal(json_string_value(json_object_get(e, "rule")), "non-ascii-label");
    assert_int_equal(json_integer_value(json_object_get(e, "column")), 21);
    assert_int_equal(json_integer_value(json_object_get(e, "end_column")), 25);
    assert_string_equal(json_string_value(json_object_get(e, "message")), "Non-ASCII text in label: w\xC3\xB6rld");
    /* the fix, ruff-shaped */
    assert_true(json_is_null(json_object_get(json_array_get(j, 0), "fix")));
    e = json_object_get(json_array_get(j, 1), "fix");
    assert_string_equal(json_string_value(json_object_get(e, "applicability")), "safe");
    e = json_array_get(json_object_get(e, "edits"), 0);
    assert_string_equal(json_string_value(json_object_get(e, "content")), " --no-cache");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "location"), "column")), 12);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "end_location"), "column")), 12);
    json_decref(j);
    sf_buf_dispose(&out);

    out = emit(SF_FORMAT_JSON, NULL, 0, NULL);
    expect_output(&out, "[]\n");
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ sarif */

static const char SARIF_GOLDEN[] =
    "{\n"
    "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
    "  \"version\": \"2.1.0\",\n"
    "  \"runs\": [\n"
    "    {\n"
    "      \"tool\": {\n"
    "        \"driver\": {\n"
    "          \"name\": \"slimfile\",\n"
    "          \"version\": \"0.1.0\",\n"
    "          \"semanticVersion\": \"0.1.0\",\n"
    "          \"informationUri\": \"https://slimfile.dev/\",\n"
    "          \"rules\": [\n"
    "            {\n"
    "              \"id\": \"apk-no-cache\",\n"
    "              \"name\": \"ApkNoCache\",\n"
    "              \"shortDescription\": {\n"
    "                \"text\": \"apk add without --no-cache.\"\n"
    "              },\n"
    "              \"fullDescription\": {\n"
    "                \"text\": \"`apk add` keeps the package index in the layer.\"\n"
    "              },\n"
    "              \"help\": {\n"
    "                \"text\": \"`apk add` keeps the package index in the layer.\\n\\nBad:\\n\\n    RUN apk add curl\\n\\nGood:\\n\\n    RUN apk add --no-cache curl\\n\",\n"
    "                \"markdown\": \"`apk add` keeps the package index in the layer.\\n\\nBad:\\n\\n    RUN apk add curl\\n\\nGood:\\n\\n    RUN apk add --no-cache curl\\n\"\n"
    "              },\n"
    "              \"helpUri\": \"https://slimfile.dev/rules/apk-no-cache\",\n"
    "              \"defaultConfiguration\": {\n"
    "                \"level\": \"warning\"\n"
    "              },\n"
    "              \"properties\": {\n"
    "                \"fix\": \"safe\"\n"
    "              }\n"
    "            },\n"
    "            {\n"
    "              \"id\": \"dockerignore-syntax\",\n"
    "              \"name\": \"DockerignoreSyntax\",\n"
    "              \"shortDescription\": {\n"
    "                \"text\": \"Invalid .dockerignore pattern.\"\n"
    "              },\n"
    "              \"fullDescription\": {\n"
    "                \"text\": \"Invalid .dockerignore pattern.\"\n"
    "              },\n"
    "              \"help\": {\n"
    "                \"text\": \"# dockerignore-syntax\\n\\nIt reports:\\n\\n- patterns BuildKit cannot compile\\n\",\n"
    "                \"markdown\": \"# dockerignore-syntax\\n\\nIt reports:\\n\\n- patterns BuildKit cannot compile\\n\"\n"
    "              },\n"
    "              \"helpUri\": \"https://slimfile.dev/rules/dockerignore-syntax\",\n"
    "              \"defaultConfiguration\": {\n"
    "                \"level\": \"error\"\n"
    "              },\n"
    "              \"properties\": {\n"
    "                \"fix\": \"none\"\n"
    "              }\n"
    "            },\n"
    "            {\n"
    "              \"id\": \"non-ascii-label\",\n"
    "              \"name\": \"NonAsciiLabel\",\n"
    "              \"shortDescription\": {\n"
    "                \"text\": \"Non-ASCII text in a label.\"\n"
    "              },\n"
    "              \"fullDescription\": {\n"
    "                \"text\": \"Non-ASCII text in a label.\"\n"
    "              },\n"
    "              \"help\": {\n"
    "                \"text\": \"Non-ASCII text in a label\",\n"
    "                \"markdown\": \"Non-ASCII text in a label\"\n"
    "              },\n"
    "              \"helpUri\": \"https://slimfile.dev/rules/non-ascii-label\",\n"
    "              \"defaultConfiguration\": {\n"
    "                \"level\": \"note\"\n"
    "              },\n"
    "              \"properties\": {\n"
    "                \"fix\": \"none\"\n"
    "              }\n"
    "            },\n"
    "            {\n"
    "              \"id\": \"run-continuation\",\n"
    "              \"name\": \"RunContinuation\",\n"
    "              \"shortDescription\": {\n"
    "                \"text\": \"Short RUN continuation.\"\n"
    "              },\n"
    "              \"fullDescription\": {\n"
    "                \"text\": \"Join short continuation lines.\"\n"
    "              },\n"
    "              \"help\": {\n"
    "                \"text\": \"# run-continuation\\n\\nJoin short\\ncontinuation lines\\n\\nBad:\\n\\n    RUN a \\\\\\n      b\\n\",\n"
    "                \"markdown\": \"# run-continuation\\n\\nJoin short\\ncontinuation lines\\n\\nBad:\\n\\n    RUN a \\\\\\n      b\\n\"\n"
    "              },\n"
    "              \"helpUri\": \"https://slimfile.dev/rules/run-continuation\",\n"
    "              \"defaultConfiguration\": {\n"
    "                \"level\": \"note\"\n"
    "              },\n"
    "              \"properties\": {\n"
    "                \"fix\": \"unsafe\"\n"
    "              }\n"
    "            },\n"
    "            {\n"
    "              \"id\": \"syntax-error\",\n"
    "              \"name\": \"SyntaxError\",\n"
    "              \"shortDescription\": {\n"
    "                \"text\": \"Syntax error.\"\n"
    "              },\n"
    "              \"fullDescription\": {\n"
    "                \"text\": \"The Dockerfile cannot be parsed.\"\n"
    "              },\n"
    "              \"help\": {\n"
    "                \"text\": \"The Dockerfile cannot be parsed.\",\n"
    "                \"markdown\": \"The Dockerfile cannot be parsed.\"\n"
    "              },\n"
    "              \"helpUri\": \"https://slimfile.dev/rules/syntax-error\",\n"
    "              \"defaultConfiguration\": {\n"
    "                \"level\": \"error\"\n"
    "              },\n"
    "              \"properties\": {\n"
    "                \"fix\": \"none\"\n"
    "              }\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      },\n"
    "      \"invocations\": [\n"
    "        {\n"
    "          \"executionSuccessful\": true\n"
    "        }\n"
    "      ],\n"
    "      \"artifacts\": [\n"
    "        {\n"
    "          \"location\": {\n"
    "            \"uri\": \".dockerignore\",\n"
    "            \"uriBaseId\": \"%SRCROOT%\"\n"
    "          },\n"
    "          \"length\": 22,\n"
    "          \"roles\": [\n"
    "            \"analysisTarget\"\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"location\": {\n"
    "            \"uri\": \"Dockerfile\",\n"
    "            \"uriBaseId\": \"%SRCROOT%\"\n"
    "          },\n"
    "          \"length\": 93,\n"
    "          \"roles\": [\n"
    "            \"analysisTarget\"\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"location\": {\n"
    "            \"uri\": \"b/Dockerfile\",\n"
    "            \"uriBaseId\": \"%SRCROOT%\"\n"
    "          },\n"
    "          \"length\": 13,\n"
    "          \"roles\": [\n"
    "            \"analysisTarget\"\n"
    "          ]\n"
    "        }\n"
    "      ],\n"
    "      \"columnKind\": \"utf16CodeUnits\",\n"
    "      \"results\": [\n"
    "        {\n"
    "          \"ruleId\": \"dockerignore-syntax\",\n"
    "          \"ruleIndex\": 1,\n"
    "          \"level\": \"error\",\n"
    "          \"message\": {\n"
    "            \"text\": \"Unterminated character class in pattern.\"\n"
    "          },\n"
    "          \"locations\": [\n"
    "            {\n"
    "              \"physicalLocation\": {\n"
    "                \"artifactLocation\": {\n"
    "                  \"uri\": \".dockerignore\",\n"
    "                  \"uriBaseId\": \"%SRCROOT%\",\n"
    "                  \"index\": 0\n"
    "                },\n"
    "                \"region\": {\n"
    "                  \"startLine\": 2,\n"
    "                  \"startColumn\": 1,\n"
    "                  \"endLine\": 2,\n"
    "                  \"endColumn\": 9,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"[invalid\"\n"
    "                  }\n"
    "                },\n"
    "                \"contextRegion\": {\n"
    "                  \"startLine\": 1,\n"
    "                  \"endLine\": 2,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"node_modules\\n[invalid\"\n"
    "                  }\n"
    "                }\n"
    "              }\n"
    "            }\n"
    "          ],\n"
    "          \"partialFingerprints\": {\n"
    "            \"slimfile/v1\": \"b8599abd956901a0\"\n"
    "          }\n"
    "        },\n"
    "        {\n"
    "          \"ruleId\": \"apk-no-cache\",\n"
    "          \"ruleIndex\": 0,\n"
    "          \"level\": \"warning\",\n"
    "          \"message\": {\n"
    "            \"text\": \"Use --no-cache with apk add to keep the index out of the layer.\"\n"
    "          },\n"
    "          \"locations\": [\n"
    "            {\n"
    "              \"physicalLocation\": {\n"
    "                \"artifactLocation\": {\n"
    "                  \"uri\": \"Dockerfile\",\n"
    "                  \"uriBaseId\": \"%SRCROOT%\",\n"
    "                  \"index\": 1\n"
    "                },\n"
    "                \"region\": {\n"
    "                  \"startLine\": 2,\n"
    "                  \"startColumn\": 5,\n"
    "                  \"endLine\": 2,\n"
    "                  \"endColumn\": 17,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"apk add curl\"\n"
    "                  }\n"
    "                },\n"
    "                \"contextRegion\": {\n"
    "                  \"startLine\": 1,\n"
    "                  \"endLine\": 3,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"FROM alpine:3.19\\nRUN apk add curl\\nLABEL desc=\\\"h\xC3\xA9llo \xF0\x9F\x98\x80 w\xC3\xB6rld\\\"\"\n"
    "                  }\n"
    "                }\n"
    "              }\n"
    "            }\n"
    "          ],\n"
    "          \"partialFingerprints\": {\n"
    "            \"slimfile/v1\": \"616af0b7c409902c\"\n"
    "          },\n"
    "          \"fixes\": [\n"
    "            {\n"
    "              \"description\": {\n"
    "                \"text\": \"add --no-cache.\"\n"
    "              },\n"
    "              \"artifactChanges\": [\n"
    "                {\n"
    "                  \"artifactLocation\": {\n"
    "                    \"uri\": \"Dockerfile\",\n"
    "                    \"uriBaseId\": \"%SRCROOT%\",\n"
    "                    \"index\": 1\n"
    "                  },\n"
    "                  \"replacements\": [\n"
    "                    {\n"
    "                      \"deletedRegion\": {\n"
    "                        \"startLine\": 2,\n"
    "                        \"startColumn\": 12,\n"
    "                        \"endLine\": 2,\n"
    "                        \"endColumn\": 12\n"
    "                      },\n"
    "                      \"insertedContent\": {\n"
    "                        \"text\": \" --no-cache\"\n"
    "                      }\n"
    "                    }\n"
    "                  ]\n"
    "                }\n"
    "              ]\n"
    "            }\n"
    "          ]\n"
    "        },\n"
    "        {\n"
    "          \"ruleId\": \"syntax-error\",\n"
    "          \"ruleIndex\": 4,\n"
    "          \"level\": \"error\",\n"
    "          \"message\": {\n"
    "            \"text\": \"Unexpected character after emoji.\"\n"
    "          },\n"
    "          \"locations\": [\n"
    "            {\n"
    "              \"physicalLocation\": {\n"
    "                \"artifactLocation\": {\n"
    "                  \"uri\": \"Dockerfile\",\n"
    "                  \"uriBaseId\": \"%SRCROOT%\",\n"
    "                  \"index\": 1\n"
    "                },\n"
    "                \"region\": {\n"
    "                  \"startLine\": 3,\n"
    "                  \"startColumn\": 21,\n"
    "                  \"endLine\": 3,\n"
    "                  \"endColumn\": 21,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"\"\n"
    "                  }\n"
    "                },\n"
    "                \"contextRegion\": {\n"
    "                  \"startLine\": 2,\n"
    "                  \"endLine\": 4,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"RUN apk add curl\\nLABEL desc=\\\"h\xC3\xA9llo \xF0\x9F\x98\x80 w\xC3\xB6rld\\\"\\nRUN echo a && \\\\\"\n"
    "                  }\n"
    "                }\n"
    "              }\n"
    "            }\n"
    "          ],\n"
    "          \"partialFingerprints\": {\n"
    "            \"slimfile/v1\": \"39e0f47d4407e273\"\n"
    "          }\n"
    "        },\n"
    "        {\n"
    "          \"ruleId\": \"non-ascii-label\",\n"
    "          \"ruleIndex\": 2,\n"
    "          \"level\": \"note\",\n"
    "          \"message\": {\n"
    "            \"text\": \"Non-ASCII text in label: w\xC3\xB6rld.\"\n"
    "          },\n"
    "          \"locations\": [\n"
    "            {\n"
    "              \"physicalLocation\": {\n"
    "                \"artifactLocation\": {\n"
    "                  \"uri\": \"Dockerfile\",\n"
    "                  \"uriBaseId\": \"%SRCROOT%\",\n"
    "                  \"index\": 1\n"
    "                },\n"
    "                \"region\": {\n"
    "                  \"startLine\": 3,\n"
    "                  \"startColumn\": 22,\n"
    "                  \"endLine\": 3,\n"
    "                  \"endColumn\": 27,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"w\xC3\xB6rld\"\n"
    "                  }\n"
    "                },\n"
    "                \"contextRegion\": {\n"
    "                  \"startLine\": 2,\n"
    "                  \"endLine\": 4,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"RUN apk add curl\\nLABEL desc=\\\"h\xC3\xA9llo \xF0\x9F\x98\x80 w\xC3\xB6rld\\\"\\nRUN echo a && \\\\\"\n"
    "                  }\n"
    "                }\n"
    "              }\n"
    "            }\n"
    "          ],\n"
    "          \"partialFingerprints\": {\n"
    "            \"slimfile/v1\": \"389b2c6fdc7dc593\"\n"
    "          }\n"
    "        },\n"
    "        {\n"
    "          \"ruleId\": \"run-continuation\",\n"
    "          \"ruleIndex\": 3,\n"
    "          \"level\": \"note\",\n"
    "          \"message\": {\n"
    "            \"text\": \"Join with && and \\\"quotes\\\" & <tags> at 50%, a:b\\nsecond line.\"\n"
    "          },\n"
    "          \"locations\": [\n"
    "            {\n"
    "              \"physicalLocation\": {\n"
    "                \"artifactLocation\": {\n"
    "                  \"uri\": \"Dockerfile\",\n"
    "                  \"uriBaseId\": \"%SRCROOT%\",\n"
    "                  \"index\": 1\n"
    "                },\n"
    "                \"region\": {\n"
    "                  \"startLine\": 4,\n"
    "                  \"startColumn\": 1,\n"
    "                  \"endLine\": 6,\n"
    "                  \"endColumn\": 1,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"RUN echo a && \\\\\\n    echo b\\n\"\n"
    "                  }\n"
    "                },\n"
    "                \"contextRegion\": {\n"
    "                  \"startLine\": 3,\n"
    "                  \"endLine\": 6,\n"
    "                  \"snippet\": {\n"
    "                    \"text\": \"LABEL desc=\\\"h\xC3\xA9llo \xF0\x9F\x98\x80 w\xC3\xB6rld\\\"\\nRUN echo a && \\\\\\n    echo b\\n\"\n"
    "                  }\n"
    "                }\n"
    "              }\n"
    "            }\n"
    "          ],\n"
    "          \"partialFingerprints\": {\n"
    "            \"slimfile/v1\": \"90cefcf0b10fbf28\"\n"
    "          },\n"
    "          \"fixes\": [\n"
    "            {\n"
    "              \"description\": {\n"
    "                \"text\": \"join lines.\"\n"
    "              },\n"
    "              \"artifactChanges\": [\n"
    "                {\n"
    "                  \"artifactLocation\": {\n"
    "                    \"uri\": \"Dockerfile\",\n"
    "                    \"uriBaseId\": \"%SRCROOT%\",\n"
    "                    \"index\": 1\n"
    "                  },\n"
    "                  \"replacements\": [\n"
    "                    {\n"
    "                      \"deletedRegion\": {\n"
    "                        \"startLine\": 4,\n"
    "                        \"startColumn\": 10,\n"
    "                        \"endLine\": 4,\n"
    "                        \"endColumn\": 11\n"
    "                      },\n"
    "                      \"insertedContent\": {\n"
    "                        \"text\": \"\\\"a\\\"\"\n"
    "                      }\n"
    "                    },\n"
    "                    {\n"
    "                      \"deletedRegion\": {\n"
    "                        \"startLine\": 4,\n"
    "                        \"startColumn\": 15,\n"
    "                        \"endLine\": 5,\n"
    "                        \"endColumn\": 5\n"
    "                      }\n"
    "                    }\n"
    "                  ]\n"
    "                }\n"
    "              ]\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void test_sarif(void **state)
{
    fixture *fx = *state;
    sf_buf out;
    json_t *j, *run, *results, *rules, *r;
    size_t i;

    golden(state, SF_FORMAT_SARIF, 3, NULL, SARIF_GOLDEN);

    out = emit(SF_FORMAT_SARIF, fx->units, 3, NULL);
    dump_for_validation("fixture.sarif", &out);
    j = parse_json(&out);
    assert_string_equal(json_string_value(json_object_get(j, "version")), "2.1.0");
    run = json_array_get(json_object_get(j, "runs"), 0);
    assert_string_equal(json_string_value(json_object_get(run, "columnKind")), "utf16CodeUnits");
    rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    assert_int_equal(json_array_size(rules), SF_ARRAY_LEN(RULES));
    results = json_object_get(run, "results");
    assert_int_equal(json_array_size(results), 5);
    json_array_foreach(results, i, r) {
        size_t idx = (size_t)json_integer_value(json_object_get(r, "ruleIndex"));
        const char *id = json_string_value(json_object_get(r, "ruleId"));
        assert_string_equal(json_string_value(json_object_get(json_array_get(rules, idx), "id")), id);
    }
    /* UTF-16 columns on the emoji line */
    r = json_object_get(json_object_get(json_array_get(json_object_get(json_array_get(results, 3), "locations"), 0),
                                        "physicalLocation"), "region");
    assert_int_equal(json_integer_value(json_object_get(r, "startColumn")), 22);
    assert_int_equal(json_integer_value(json_object_get(r, "endColumn")), 27);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 0), "name")),
                        "ApkNoCache");
    json_decref(j);
    sf_buf_dispose(&out);
}

/* Absolute paths (file:// URIs, no uriBaseId), a base directory (originalUriBaseIds), a unit
 * without source text (no snippet), a rule missing from the table (no ruleIndex). */
static void test_sarif_variants(void **state)
{
    fixture *fx = *state;
    sf__emit_unit u[3] = {fx->units[0], fx->units[1], fx->units[2]};
    sf_buf out = SF_BUF_INIT;
    json_t *j, *run, *art, *res, *loc;

    u[0].path = "/srv/my app/Dockerfile";
    u[2].text = NULL;
    assert_int_equal(sf__emit_units(&out, SF_FORMAT_SARIF, u, 3, RULES + 1, SF_ARRAY_LEN(RULES) - 1,
                                    "/srv/my app", NULL), SF_OK);
    dump_for_validation("variants.sarif", &out);
    j = parse_json(&out);
    run = json_array_get(json_object_get(j, "runs"), 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
                            run, "originalUriBaseIds"), "%SRCROOT%"), "uri")), "file:///srv/my%20app/");
    art = json_object_get(run, "artifacts");
    assert_int_equal(json_array_size(art), 3);
    loc = json_object_get(json_array_get(art, 0), "location"); /* byte order: '.' < '/' */
    assert_string_equal(json_string_value(json_object_get(loc, "uri")), ".dockerignore");
    assert_null(json_object_get(json_array_get(art, 0), "length"));
    loc = json_object_get(json_array_get(art, 1), "location");
    assert_string_equal(json_string_value(json_object_get(loc, "uri")), "file:///srv/my%20app/Dockerfile");
    assert_null(json_object_get(loc, "uriBaseId"));
    res = json_object_get(run, "results");
    /* .dockerignore finding: no source, so no snippet and no context */
    loc = json_object_get(json_array_get(json_object_get(json_array_get(res, 0), "locations"), 0),
                          "physicalLocation");
    assert_null(json_object_get(json_object_get(loc, "region"), "snippet"));
    assert_null(json_object_get(loc, "contextRegion"));
    /* apk-no-cache is not in the table: no ruleIndex, other indexes shifted */
    assert_string_equal(json_string_value(json_object_get(json_array_get(res, 1), "ruleId")), "apk-no-cache");
    assert_null(json_object_get(json_array_get(res, 1), "ruleIndex"));
    assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 0), "ruleIndex")), 0);
    json_decref(j);
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ checkstyle */

static const char CHECKSTYLE_GOLDEN[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<checkstyle version=\"4.3\">\n"
    "  <file name=\".dockerignore\">\n"
    "    <error line=\"2\" column=\"1\" severity=\"error\" message=\"Unterminated character class in pattern\" source=\"slimfile.dockerignore-syntax\"/>\n"
    "  </file>\n"
    "  <file name=\"Dockerfile\">\n"
    "    <error line=\"2\" column=\"5\" severity=\"warning\" message=\"Use --no-cache with apk add to keep the index out of the layer\" source=\"slimfile.apk-no-cache\"/>\n"
    "    <error line=\"3\" column=\"20\" severity=\"error\" message=\"Unexpected character after emoji\" source=\"slimfile.syntax-error\"/>\n"
    "    <error line=\"3\" column=\"21\" severity=\"info\" message=\"Non-ASCII text in label: w\xC3\xB6rld\" source=\"slimfile.non-ascii-label\"/>\n"
    "    <error line=\"4\" column=\"1\" severity=\"info\" message=\"Join with &amp;&amp; and &quot;quotes&quot; &amp; &lt;tags&gt; at 50%, a:b&#10;second line\" source=\"slimfile.run-continuation\"/>\n"
    "  </file>\n"
    "  <file name=\"b/Dockerfile\">\n"
    "  </file>\n"
    "</checkstyle>\n";

static void test_checkstyle(void **state)
{
    golden(state, SF_FORMAT_CHECKSTYLE, 3, NULL, CHECKSTYLE_GOLDEN);
}

static void test_checkstyle_escaping(void **state)
{
    fixture *fx = *state;
    sf__emit_unit u = fx->units[2];
    sf_buf out;

    fx->f[4].message = "a<b>&\"c\" 'd'\t\n\r\x01\x1f|\xEF\xBF\xBE|\xff|\xC3\xA9|\xF0\x9F\x98\x80|\x7f";
    u.path = "dir/<x>&.dockerignore";
    out = emit(SF_FORMAT_CHECKSTYLE, &u, 1, NULL);
    expect_output(&out,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<checkstyle version=\"4.3\">\n"
                  "  <file name=\"dir/&lt;x&gt;&amp;.dockerignore\">\n"
                  "    <error line=\"2\" column=\"1\" severity=\"error\" message=\""
                  "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#9;&#10;&#13;\xEF\xBF\xBD\xEF\xBF\xBD|"
                  "\xEF\xBF\xBD|\xEF\xBF\xBD|\xC3\xA9|\xF0\x9F\x98\x80|\x7f"
                  "\" source=\"slimfile.dockerignore-syntax\"/>\n"
                  "  </file>\n"
                  "</checkstyle>\n");
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ github */

static const char GITHUB_GOLDEN[] =
    "::error file=.dockerignore,line=2,col=1,endLine=2,endColumn=8,title=slimfile dockerignore-syntax::Unterminated character class in pattern\n"
    "::warning file=Dockerfile,line=2,col=5,endLine=2,endColumn=16,title=slimfile apk-no-cache::Use --no-cache with apk add to keep the index out of the layer\n"
    "::error file=Dockerfile,line=3,col=20,endLine=3,endColumn=20,title=slimfile syntax-error::Unexpected character after emoji\n"
    "::notice file=Dockerfile,line=3,col=21,endLine=3,endColumn=25,title=slimfile non-ascii-label::Non-ASCII text in label: w\xC3\xB6rld\n"
    "::notice file=Dockerfile,line=4,endLine=5,title=slimfile run-continuation::Join with && and \"quotes\" & <tags> at 50%25, a:b%0Asecond line\n";

static void test_github(void **state)
{
    golden(state, SF_FORMAT_GITHUB, 3, NULL, GITHUB_GOLDEN);
}

static void test_github_escaping(void **state)
{
    fixture *fx = *state;
    sf__emit_unit u = fx->units[2];
    sf_buf out;

    fx->f[4].message = "100% bad: a,b\r\nnext::line";
    u.path = "d:1,2%/x\n.dockerignore";
    out = emit(SF_FORMAT_GITHUB, &u, 1, NULL);
    expect_output(&out, "::error file=d%3A1%2C2%25/x%0A.dockerignore,line=2,col=1,endLine=2,endColumn=8,"
                        "title=slimfile dockerignore-syntax::100%25 bad: a,b%0D%0Anext::line\n");
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ gitlab */

static const char GITLAB_GOLDEN[] =
    "[\n"
    "  {\n"
    "    \"description\": \"Unterminated character class in pattern\",\n"
    "    \"check_name\": \"dockerignore-syntax\",\n"
    "    \"fingerprint\": \"ee0c35d000830201\",\n"
    "    \"severity\": \"critical\",\n"
    "    \"location\": {\n"
    "      \"path\": \".dockerignore\",\n"
    "      \"lines\": {\n"
    "        \"begin\": 2,\n"
    "        \"end\": 2\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"description\": \"Use --no-cache with apk add to keep the index out of the layer\",\n"
    "    \"check_name\": \"apk-no-cache\",\n"
    "    \"fingerprint\": \"72bf0920ee2510e2\",\n"
    "    \"severity\": \"major\",\n"
    "    \"location\": {\n"
    "      \"path\": \"Dockerfile\",\n"
    "      \"lines\": {\n"
    "        \"begin\": 2,\n"
    "        \"end\": 2\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"description\": \"Unexpected character after emoji\",\n"
    "    \"check_name\": \"syntax-error\",\n"
    "    \"fingerprint\": \"167635b91152c5bf\",\n"
    "    \"severity\": \"critical\",\n"
    "    \"location\": {\n"
    "      \"path\": \"Dockerfile\",\n"
    "      \"lines\": {\n"
    "        \"begin\": 3,\n"
    "        \"end\": 3\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"description\": \"Non-ASCII text in label: w\xC3\xB6rld\",\n"
    "    \"check_name\": \"non-ascii-label\",\n"
    "    \"fingerprint\": \"f396e0161c1c447e\",\n"
    "    \"severity\": \"minor\",\n"
    "    \"location\": {\n"
    "      \"path\": \"Dockerfile\",\n"
    "      \"lines\": {\n"
    "        \"begin\": 3,\n"
    "        \"end\": 3\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"description\": \"Join with && and \\\"quotes\\\" & <tags> at 50%, a:b\\nsecond line\",\n"
    "    \"check_name\": \"run-continuation\",\n"
    "    \"fingerprint\": \"5a90d0c2161e2ce4\",\n"
    "    \"severity\": \"info\",\n"
    "    \"location\": {\n"
    "      \"path\": \"Dockerfile\",\n"
    "      \"lines\": {\n"
    "        \"begin\": 4,\n"
    "        \"end\": 5\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "]\n";

static void test_gitlab(void **state)
{
    fixture *fx = *state;
    sf_buf out;
    json_t *j, *e;
    size_t i, k;

    golden(state, SF_FORMAT_GITLAB, 3, NULL, GITLAB_GOLDEN);
    out = emit(SF_FORMAT_GITLAB, fx->units, 3, NULL);
    j = parse_json(&out);
    assert_int_equal(json_array_size(j), 5);
    json_array_foreach(j, i, e) {
        const char *fp = json_string_value(json_object_get(e, "fingerprint"));
        assert_non_null(fp);
        assert_int_equal(strlen(fp), 16);
        assert_true(json_is_integer(json_object_get(json_object_get(json_object_get(e, "location"), "lines"), "begin")));
        for (k = 0; k < i; k++)
            assert_string_not_equal(fp, json_string_value(json_object_get(json_array_get(j, k), "fingerprint")));
    }
    json_decref(j);
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ lsp */

static const char LSP_GOLDEN[] =
    "[\n"
    "  {\n"
    "    \"range\": {\n"
    "      \"start\": {\n"
    "        \"line\": 1,\n"
    "        \"character\": 4\n"
    "      },\n"
    "      \"end\": {\n"
    "        \"line\": 1,\n"
    "        \"character\": 16\n"
    "      }\n"
    "    },\n"
    "    \"severity\": 2,\n"
    "    \"code\": \"apk-no-cache\",\n"
    "    \"codeDescription\": {\n"
    "      \"href\": \"https://slimfile.dev/rules/apk-no-cache\"\n"
    "    },\n"
    "    \"source\": \"slimfile\",\n"
    "    \"message\": \"Use --no-cache with apk add to keep the index out of the layer\",\n"
    "    \"data\": {\n"
    "      \"fix\": {\n"
    "        \"title\": \"add --no-cache\",\n"
    "        \"applicability\": \"safe\",\n"
    "        \"edits\": [\n"
    "          {\n"
    "            \"range\": {\n"
    "              \"start\": {\n"
    "                \"line\": 1,\n"
    "                \"character\": 11\n"
    "              },\n"
    "              \"end\": {\n"
    "                \"line\": 1,\n"
    "                \"character\": 11\n"
    "              }\n"
    "            },\n"
    "            \"newText\": \" --no-cache\"\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  {\n"
    "    \"range\": {\n"
    "      \"start\": {\n"
    "        \"line\": 2,\n"
    "        \"character\": 20\n"
    "      },\n"
    "      \"end\": {\n"
    "        \"line\": 2,\n"
    "        \"character\": 20\n"
    "      }\n"
    "    },\n"
    "    \"severity\": 1,\n"
    "    \"code\": \"syntax-error\",\n"
    "    \"codeDescription\": {\n"
    "      \"href\": \"https://slimfile.dev/rules/syntax-error\"\n"
    "    },\n"
    "    \"source\": \"slimfile\",\n"
    "    \"message\": \"Unexpected character after emoji\"\n"
    "  },\n"
    "  {\n"
    "    \"range\": {\n"
    "      \"start\": {\n"
    "        \"line\": 2,\n"
    "        \"character\": 21\n"
    "      },\n"
    "      \"end\": {\n"
    "        \"line\": 2,\n"
    "        \"character\": 26\n"
    "      }\n"
    "    },\n"
    "    \"severity\": 3,\n"
    "    \"code\": \"non-ascii-label\",\n"
    "    \"codeDescription\": {\n"
    "      \"href\": \"https://slimfile.dev/rules/non-ascii-label\"\n"
    "    },\n"
    "    \"source\": \"slimfile\",\n"
    "    \"message\": \"Non-ASCII text in label: w\xC3\xB6rld\"\n"
    "  },\n"
    "  {\n"
    "    \"range\": {\n"
    "      \"start\": {\n"
    "        \"line\": 3,\n"
    "        \"character\": 0\n"
    "      },\n"
    "      \"end\": {\n"
    "        \"line\": 5,\n"
    "        \"character\": 0\n"
    "      }\n"
    "    },\n"
    "    \"severity\": 4,\n"
    "    \"code\": \"run-continuation\",\n"
    "    \"codeDescription\": {\n"
    "      \"href\": \"https://slimfile.dev/rules/run-continuation\"\n"
    "    },\n"
    "    \"source\": \"slimfile\",\n"
    "    \"message\": \"Join with && and \\\"quotes\\\" & <tags> at 50%, a:b\\nsecond line\",\n"
    "    \"data\": {\n"
    "      \"fix\": {\n"
    "        \"title\": \"join lines\",\n"
    "        \"applicability\": \"unsafe\",\n"
    "        \"edits\": [\n"
    "          {\n"
    "            \"range\": {\n"
    "              \"start\": {\n"
    "                \"line\": 3,\n"
    "                \"character\": 9\n"
    "              },\n"
    "              \"end\": {\n"
    "                \"line\": 3,\n"
    "                \"character\": 10\n"
    "              }\n"
    "            },\n"
    "            \"newText\": \"\\\"a\\\"\"\n"
    "          },\n"
    "          {\n"
    "            \"range\": {\n"
    "              \"start\": {\n"
    "                \"line\": 3,\n"
    "                \"character\": 14\n"
    "              },\n"
    "              \"end\": {\n"
    "                \"line\": 4,\n"
    "                \"character\": 4\n"
    "              }\n"
    "            },\n"
    "            \"newText\": \"\"\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "]\n";

static void test_lsp(void **state)
{
    golden(state, SF_FORMAT_LSP, 1, NULL, LSP_GOLDEN);
}

static void test_lsp_files(void **state)
{
    fixture *fx = *state;
    sf_buf out = SF_BUF_INIT;
    json_t *j, *v;
    const char *k;
    size_t n = 0;
    static const char *const uris[] = {"file:///work/p/.dockerignore", "file:///work/p/Dockerfile",
                                       "file:///work/p/b/Dockerfile"};
    static const size_t counts[] = {1, 4, 0};

    assert_int_equal(sf__emit_units(&out, SF_FORMAT_LSP, fx->units, 3, NULL, 0, "/work/p", NULL), SF_OK);
    j = parse_json(&out);
    assert_true(json_is_object(j));
    json_object_foreach(j, k, v) {
        assert_true(n < 3);
        assert_string_equal(k, uris[n]);
        assert_int_equal(json_array_size(v), counts[n]);
        n++;
    }
    assert_int_equal(n, 3);
    /* Hint for style, UTF-16 characters, 0-based lines */
    v = json_array_get(json_object_get(j, uris[1]), 3);
    assert_int_equal(json_integer_value(json_object_get(v, "severity")), 4);
    v = json_array_get(json_object_get(j, uris[1]), 2);
    assert_string_equal(json_string_value(json_object_get(v, "code")), "non-ascii-label");
    assert_int_equal(json_integer_value(json_object_get(v, "severity")), 3);
    v = json_object_get(json_object_get(v, "range"), "start");
    assert_int_equal(json_integer_value(json_object_get(v, "line")), 2);
    assert_int_equal(json_integer_value(json_object_get(v, "character")), 21);
    json_decref(j);
    sf_buf_dispose(&out);
}

/* ------------------------------------------------------------------ ordering, fingerprints */

/* Units in any order, the same .dockerignore twice: same output, its finding once. */
static void test_order_and_dedup(void **state)
{
    fixture *fx = *state;
    sf__emit_unit u[4] = {fx->units[2], fx->units[1], fx->units[0], fx->units[2]};
    sf_buf a = emit(SF_FORMAT_JSON, fx->units, 3, NULL);
    sf_buf b = emit(SF_FORMAT_JSON, u, 4, NULL);

    assert_string_equal(a.ptr, b.ptr);
    sf_buf_dispose(&a);
    sf_buf_dispose(&b);
}

static const char *sarif_fp(json_t *j, size_t i)
{
    json_t *r = json_array_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results"), i);

    return json_string_value(json_object_get(json_object_get(r, "partialFingerprints"), "slimfile/v1"));
}

/* The fingerprint of a finding survives edits elsewhere (lines added above, re-indentation),
 * changes with its line's text, and tells identical lines apart. */
static void test_fingerprints(void **state)
{
    static const char SRC2[] = "# a comment added above\n"
                               "FROM alpine:3.19\n"
                               "RUN   apk add curl\n"
                               "RUN apk add curl\n";
    fixture *fx = *state;
    sf__arena ar;
    sf__source s2;
    struct sf_finding f2[2];
    const sf_finding *l2[2] = {&f2[0], &f2[1]};
    sf__emit_unit u1 = fx->units[0], u2;
    sf_buf o1, o2;
    json_t *j1, *j2;
    uint32_t a;

    sf__arena_init(&ar);
    assert_int_equal(sf__source_init(&s2, &ar, SRC2, strlen(SRC2)), SF_OK);
    u1.findings = &fx->main_list[3]; /* apk-no-cache on "RUN apk add curl" */
    u1.nfindings = 1;
    f2[0] = fx->f[3];
    a = off_of(SRC2, "apk add");
    f2[0].range = sf__source_range(&s2, a, a + 12);
    f2[1] = f2[0];
    a = off_of(SRC2, "RUN apk add") + 4;
    f2[1].range = sf__source_range(&s2, a, a + 12);
    u2 = (sf__emit_unit){"Dockerfile", s2.text, s2.len, l2, 2};

    o1 = emit(SF_FORMAT_SARIF, &u1, 1, NULL);
    o2 = emit(SF_FORMAT_SARIF, &u2, 1, NULL);
    j1 = parse_json(&o1);
    j2 = parse_json(&o2);
    assert_string_equal(sarif_fp(j1, 0), sarif_fp(j2, 0)); /* moved down, re-spaced: same */
    assert_string_not_equal(sarif_fp(j2, 0), sarif_fp(j2, 1)); /* second identical line */
    json_decref(j1);
    json_decref(j2);
    sf_buf_dispose(&o1);
    sf_buf_dispose(&o2);

    /* another text on the line: another fingerprint */
    u1.text = "FROM alpine:3.19\nRUN apk add wget\n";
    u1.len = strlen(u1.text);
    o1 = emit(SF_FORMAT_SARIF, &u1, 1, NULL);
    o2 = emit(SF_FORMAT_SARIF, &fx->units[0], 1, NULL);
    j1 = parse_json(&o1);
    j2 = parse_json(&o2);
    assert_string_not_equal(sarif_fp(j1, 0), sarif_fp(j2, 0));
    json_decref(j1);
    json_decref(j2);
    sf_buf_dispose(&o1);
    sf_buf_dispose(&o2);
    sf__arena_dispose(&ar);
}

/* Every format appends to the buffer it is given. */
static void test_appends(void **state)
{
    fixture *fx = *state;
    sf_format f;

    for (f = SF_FORMAT_TEXT; f <= SF_FORMAT_LSP; f = (sf_format)(f + 1)) {
        sf_buf out = SF_BUF_INIT;
        sf__buf_puts(&out, "HEAD");
        assert_int_equal(sf__emit_units(&out, f, fx->units, 3, RULES, SF_ARRAY_LEN(RULES), NULL, NULL), SF_OK);
        assert_memory_equal(out.ptr, "HEAD", 4);
        assert_true(out.size > 4);
        sf_buf_dispose(&out);
    }
}

/* ------------------------------------------------------------------ sf_emit, end to end */

static json_t *emit_public(sf_format fmt, const sf_emit_file *ef, size_t n)
{
    sf_buf out = SF_BUF_INIT;
    json_t *j;

    assert_int_equal(sf_emit(&out, fmt, ef, n, NULL), SF_OK);
    assert_non_null(out.ptr);
    j = parse_json(&out);
    sf_buf_dispose(&out);
    return j;
}

/* Parse, lint with a .dockerignore, emit through the public API: every finding of the result
 * appears once, the ignore findings under the .dockerignore's path, SARIF lists every rule of
 * the registry, and every format succeeds. */
static void test_sf_emit_public(void **state)
{
    static const char df[] = "FROM alpine\nRUN [\"unterminated\nFROBNICATE x\nCOPY . /app\n";
    static const char di[] = "node_modules   # deps\n../secrets\n";
    sf_options o = SF_OPTIONS_INIT;
    sf_doc *doc = NULL, *idoc = NULL;
    sf_linter *lin = NULL;
    sf_result *res = NULL;
    sf_context ctx;
    sf_emit_file ef[2];
    json_t *j, *e, *rules, *results;
    size_t n, ni, i, in_ignore = 0;
    sf_format f;

    (void)state;
    assert_int_equal(sf_doc_parse(&doc, "ctx/Dockerfile", df, strlen(df)), SF_OK);
    assert_int_equal(sf_doc_parse(&idoc, "ctx/.dockerignore", di, strlen(di)), SF_OK);
    assert_int_equal(sf_linter_new(&lin, &o, NULL), SF_OK);
    memset(&ctx, 0, sizeof(ctx));
    ctx.has_dockerignore = true;
    ctx.dockerignore = di;
    ctx.dockerignore_len = strlen(di);
    ctx.dockerignore_name = "ctx/.dockerignore";
    assert_int_equal(sf_lint(&res, lin, doc, &ctx), SF_OK);
    n = sf_result_count(res);
    ni = sf_result_ignore_count(res);
    assert_true(n > 0);
    assert_true(ni > 0);
    memset(ef, 0, sizeof(ef));
    ef[0].path = "ctx/Dockerfile";
    ef[0].doc = doc;
    ef[0].result = res;
    ef[0].ignore_path = "ctx/.dockerignore";
    ef[0].ignore_doc = idoc;

    j = emit_public(SF_FORMAT_JSON, ef, 1);
    assert_int_equal(json_array_size(j), n + ni);
    json_array_foreach(j, i, e) {
        const char *file = json_string_value(json_object_get(e, "file"));
        in_ignore += strcmp(file, "ctx/.dockerignore") == 0;
        if (i > 0) { /* sorted by file, then offset */
            json_t *p = json_array_get(j, i - 1);
            int c = strcmp(json_string_value(json_object_get(p, "file")), file);
            assert_true(c < 0 || (c == 0 && json_integer_value(json_object_get(p, "offset")) <=
                                                json_integer_value(json_object_get(e, "offset"))));
        }
    }
    assert_int_equal(in_ignore, ni);
    json_decref(j);

    j = emit_public(SF_FORMAT_SARIF, ef, 1);
    rules = json_object_get(json_object_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0),
                                                            "tool"), "driver"), "rules");
    results = json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results");
    assert_int_equal(json_array_size(rules), sf_rule_count());
    assert_int_equal(json_array_size(results), n + ni);
    json_array_foreach(results, i, e) {
        json_t *idx = json_object_get(e, "ruleIndex");
        assert_non_null(idx);
        assert_string_equal(json_string_value(json_object_get(json_array_get(rules, (size_t)json_integer_value(idx)), "id")),
                            json_string_value(json_object_get(e, "ruleId")));
    }
    json_decref(j);

    j = emit_public(SF_FORMAT_LSP, ef, 1); /* two paths: keyed by (relative) URI */
    assert_true(json_is_object(j));
    assert_int_equal(json_array_size(json_object_get(j, "ctx/.dockerignore")), ni);
    assert_int_equal(json_array_size(json_object_get(j, "ctx/Dockerfile")), n);
    json_decref(j);

    for (f = SF_FORMAT_TEXT; f <= SF_FORMAT_LSP; f = (sf_format)(f + 1)) {
        sf_buf out = SF_BUF_INIT;
        assert_int_equal(sf_emit(&out, f, ef, 1, NULL), SF_OK);
        assert_true(out.size > 0);
        sf_buf_dispose(&out);
    }

    /* without a result: the document's parse findings */
    ef[0].result = NULL;
    j = emit_public(SF_FORMAT_JSON, ef, 1);
    assert_int_equal(json_array_size(j), sf_doc_finding_count(doc));
    assert_true(sf_doc_finding_count(doc) > 0);
    json_decref(j);

    /* the same .dockerignore reported with two Dockerfiles: once */
    ef[0].result = res;
    ef[1] = ef[0];
    ef[1].path = "ctx/Dockerfile.dev";
    j = emit_public(SF_FORMAT_JSON, ef, 2);
    assert_int_equal(json_array_size(j), 2 * n + ni);
    json_decref(j);

    sf_result_free(res);
    sf_linter_free(lin);
    sf_doc_free(idoc);
    sf_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_uri),
        cmocka_unit_test(test_fnv),
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_color, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_controls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkstyle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkstyle_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_github, setup, teardown),
        cmocka_unit_test_setup_teardown(test_github_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gitlab, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lsp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lsp_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_and_dedup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fingerprints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appends, setup, teardown),
        cmocka_unit_test(test_sf_emit_public),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
