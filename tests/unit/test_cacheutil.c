/* test_cacheutil.c - the helpers the package-cache rules share (lib/cacheutil.h) and the stage
 * and context-copy lookups added to lib/walk.h for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "cacheutil.h"
#include "walk.h"

/* Parse a Dockerfile (no syntax errors expected). */
static struct sf_doc *parse(const char *text)
{
    struct sf_doc *doc = NULL;

    assert_int_equal(sf_doc_parse(&doc, "Dockerfile", text, strlen(text)), SF_OK);
    assert_non_null(doc);
    return doc;
}

/* The n-th instruction (0-based) of kind k. */
static const struct sf_insn *nth(const struct sf_doc *doc, sf_insn_kind k, uint32_t n)
{
    for (uint32_t i = 0; i < doc->ninsns; i++)
        if (doc->insns[i].kind == k && n-- == 0)
            return &doc->insns[i];
    fail_msg("no instruction %u of kind %d", n, (int)k);
    return NULL;
}

/* ---------------------------------------------------------------------------------- walk.h */

static void test_stage_chain_and_names(void **state)
{
    struct sf_doc *doc = parse("FROM alpine AS Base\nFROM base AS mid\nFROM mid\nFROM alpine AS other\n");

    (void)state;
    assert_true(sf__stage_chain_has(doc, 2, 0));
    assert_true(sf__stage_chain_has(doc, 2, 2));
    assert_true(sf__stage_chain_has(doc, 1, 0));
    assert_false(sf__stage_chain_has(doc, 0, 1));
    assert_false(sf__stage_chain_has(doc, 3, 0));
    assert_false(sf__stage_chain_has(doc, -1, 0));
    assert_false(sf__stage_chain_has(doc, 9, 9));
    assert_int_equal(sf__stage_named(doc, "BASE"), 0);
    assert_int_equal(sf__stage_named(doc, "mid"), 1);
    assert_int_equal(sf__stage_named(doc, "2"), 2);
    assert_int_equal(sf__stage_named(doc, "4"), -1);
    assert_int_equal(sf__stage_named(doc, "alpine"), -1);
    assert_int_equal(sf__stage_named(doc, ""), -1);
    assert_false(sf__doc_has_directive(doc, "syntax"));
    sf_doc_free(doc);
    doc = parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\n");
    assert_true(sf__doc_has_directive(doc, "syntax"));
    assert_true(sf__doc_has_directive(doc, "escape"));
    assert_false(sf__doc_has_directive(doc, "check"));
    sf_doc_free(doc);
}

static void test_whole_context_copy(void **state)
{
    struct sf_doc *doc = parse("FROM alpine AS b\n"
                               "COPY --from=b . /x\n"
                               "ONBUILD COPY . /y\n"
                               "COPY <<EOF /z\nhi\nEOF\n"
                               "COPY a.txt ./ /app/\n"
                               "ADD . /w\n");
    const struct sf_insn *in;
    uint32_t s = 99;

    (void)state;
    in = sf__whole_context_copy(doc, &s);
    assert_non_null(in);
    assert_int_equal(in->kind, SF_INSN_COPY);
    assert_int_equal(in->range.start.line, 7);
    assert_int_equal(s, 1);
    sf_doc_free(doc);
    doc = parse("FROM alpine\nCOPY a b /c/\nRUN ls\n");
    assert_null(sf__whole_context_copy(doc, &s));
    sf_doc_free(doc);
}

/* ---------------------------------------------------------------------------------- stages */

static void test_stage_ships(void **state)
{
    static const struct {
        const char *text;
        bool ships; /* does stage 0's /var/cache/apk reach the image? */
    } cases[] = {
        {"FROM alpine\nRUN x\n", true},
        {"FROM alpine AS b\nFROM b\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /app /app\n", false},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /var/cache/apk /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /var/ /v\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=0 / /r\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /var/cache/* /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /var/lib/* /c\n", false},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /* /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=$S /app /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=other /var /c\n", false},
        {"FROM alpine AS b\nFROM alpine\nENV D=/var/cache\nCOPY --from=b $D /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nENV D=\"/opt\"\nCOPY --from=b ${D}/x /c\n", false},
        {"FROM alpine AS b\nFROM alpine\nARG D=/var\nCOPY --from=b $D /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b $UNSET/x /c\n", true},
        {"FROM alpine AS b\nFROM alpine\nCOPY --from=b /opt/$X /c\n", true},
        {"FROM alpine AS b\nFROM b AS c\nFROM alpine\nCOPY --from=c /var/cache/apk /x\n", true},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sf_doc *doc = parse(cases[i].text);
        sf__arena a;
        sf__arena_init(&a);
        if (sf__cache_stage_ships(doc, &a, 0, "/var/cache/apk") != cases[i].ships)
            fail_msg("case %zu: %s", i, cases[i].text);
        sf__arena_dispose(&a);
        sf_doc_free(doc);
    }
}

static void test_posix_shell(void **state)
{
    struct sf_doc *doc = parse("FROM alpine AS a\n"
                               "RUN one\n"
                               "SHELL [\"pwsh\", \"-Command\"]\n"
                               "RUN two\n"
                               "ONBUILD RUN three\n"
                               "FROM a\n"
                               "RUN four\n"
                               "SHELL [\"/bin/bash\", \"-c\"]\n"
                               "RUN five\n"
                               "SHELL bash -c\n"
                               "RUN six\n");

    (void)state;
    assert_true(sf__cache_posix_shell(doc, nth(doc, SF_INSN_RUN, 0)));
    assert_false(sf__cache_posix_shell(doc, nth(doc, SF_INSN_RUN, 1)));
    assert_false(sf__cache_posix_shell(doc, nth(doc, SF_INSN_ONBUILD, 0)->child));
    assert_false(sf__cache_posix_shell(doc, nth(doc, SF_INSN_RUN, 2))); /* inherited from a */
    assert_true(sf__cache_posix_shell(doc, nth(doc, SF_INSN_RUN, 3)));
    assert_false(sf__cache_posix_shell(doc, nth(doc, SF_INSN_RUN, 4))); /* shell-form SHELL */
    sf_doc_free(doc);
}

/* ---------------------------------------------------------------------------------- mounts */

static void test_mounts_at(void **state)
{
    static const struct {
        const char *flags;
        bool covered, touched;
    } cases[] = {
        {"", false, false},
        {"--mount=type=cache,target=/var/cache/apk", true, true},
        {"--mount=type=cache,target=/var/cache", true, true},
        {"--mount=type=tmpfs,dst=/var", true, true},
        {"--mount=type=bind,target=/var/cache/apk", false, true},
        {"--mount=target=/var/cache/apk", false, true}, /* bind by default */
        {"--mount=type=cache,target=/var/cache/apk/sub", false, true},
        {"--mount=type=cache,target=/var/lib", false, false},
        {"--mount=type=cache,target=/", false, false},
        {"--mount=type=cache,target=$C", true, true},
        {"--mount=type=secret,id=x,target=$C", false, true},
        {"--mount=\"type=cache\",\"TARGET=/var/cache/apk\"", true, true},
        {"--mount=Type=cache,Destination=/var/cache/apk", true, true},
        {"--mount=type=cache,target=cache/apk", true, true}, /* WORKDIR /var below */
        {"--mount=type=cache,id=x", false, false},
        {"--network=none", false, false},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        struct sf_doc *doc;
        sf__arena a;
        bool covered = !cases[i].covered, touched = !cases[i].touched;
        snprintf(text, sizeof text, "FROM alpine\nWORKDIR /var\nRUN %s apk add x\n", cases[i].flags);
        doc = parse(text);
        sf__arena_init(&a);
        sf__cache_mounts_at(doc, &a, nth(doc, SF_INSN_RUN, 0), "/var/cache/apk", &covered, &touched);
        if (covered != cases[i].covered || touched != cases[i].touched)
            fail_msg("case %zu (%s): covered %d touched %d", i, cases[i].flags, covered, touched);
        sf__arena_dispose(&a);
        sf_doc_free(doc);
    }
}

/* ---------------------------------------------------------------------------------- rm */

static void test_rm_covers(void **state)
{
    static const struct {
        const char *pat;
        bool recursive, files_ok, want;
    } cases[] = {
        {"/var/cache/apk", true, false, true},
        {"/var/cache/apk", false, true, false}, /* a directory needs -r */
        {"/var/cache", true, false, true},
        {"/", true, true, false},
        {"/var/cache/apk/x", true, true, false},
        {"/var/cache/apk/*", false, true, true},  /* plain files */
        {"/var/cache/apk/*", false, false, false},
        {"/var/cache/apk/*", true, false, true},
        {"/var/cache/*", true, false, true},
        {"/var/cache/*", false, true, false},
        {"/var/*/apk", true, false, true},
        {"/var/cache/apk/APKINDEX.*", false, true, true},
        {"/var/cache/apk/*.txt", true, true, false},
        {"/var/lib/*", true, true, false},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sf__cache_rm_covers(cases[i].pat, "/var/cache/apk", "APKINDEX.1.tar.gz", cases[i].recursive,
                                cases[i].files_ok) != cases[i].want)
            fail_msg("case %zu: %s", i, cases[i].pat);
}

/* Parse the first RUN of text with the shell parser (arena a). */
static sf__sh *run_shell(sf__arena *a, struct sf_doc **doc, const char *text)
{
    sf__sh *sh = NULL;

    *doc = parse(text);
    sf__arena_init(a);
    assert_int_equal(sf__sh_parse_insn(&sh, a, (*doc)->src.text, nth(*doc, SF_INSN_RUN, 0)), SF_OK);
    assert_non_null(sh);
    return sh;
}

static void test_rm_removes_and_script_words(void **state)
{
    struct sf_doc *doc;
    sf__arena a;
    sf__sh *sh = run_shell(&a, &doc,
                           "FROM alpine\n"
                           "RUN rm -rf /var/cache/apk/* && rm -f /var/cache/apk && rm -r $D && "
                           "rm -rf var/cache/apk && sh -c \"rm -rf /var/cache/apk $X\" && echo /var/cache/apk\n");
    sf__sh_fileop rm;
    bool want[] = {true, false, false, false};

    (void)state;
    assert_true(sh->ncmds >= 6);
    for (uint32_t k = 0; k < 4; k++) {
        assert_true(sf__sh_rm(&rm, &a, &sh->cmds[k]));
        if (sf__cache_rm_removes(&a, &sh->cmds[k], &rm, "/var/cache/apk", "APKINDEX.1.tar.gz", true) != want[k])
            fail_msg("rm command %u", k);
    }
    assert_false(sf__cache_script_word_removes(&sh->cmds[0], "/var/cache/apk")); /* its own words */
    assert_true(sf__cache_script_word_removes(&sh->cmds[4], "/var/cache/apk"));
    assert_false(sf__cache_script_word_removes(&sh->cmds[4], "/var/lib/apt/lists"));
    assert_false(sf__cache_script_word_removes(&sh->cmds[5], "/var/cache/apk"));
    sf__arena_dispose(&a);
    sf_doc_free(doc);
}

/* ---------------------------------------------------------------------------------- order */

static void test_runs_after_and_range(void **state)
{
    struct sf_doc *doc;
    sf__arena a;
    sf__sh *sh = run_shell(&a, &doc,
                           "FROM alpine\n"
                           "RUN echo a && sh <<EOF && echo c\n"
                           "echo b1\n"
                           "echo b2\n"
                           "EOF\n");
    const sf__sh *hd = sh->next;
    uint32_t start = 0, end = 0;
    const char *src = doc->src.text;

    (void)state;
    assert_non_null(hd);
    assert_int_equal(sh->ncmds, 3);
    assert_int_equal(hd->ncmds, 2);
    assert_true(sf__cache_runs_after(sh, sh, 0, sh, 1));
    assert_false(sf__cache_runs_after(sh, sh, 1, sh, 0));
    assert_false(sf__cache_runs_after(sh, sh, 1, sh, 1));
    /* the heredoc runs as command 1 of the RUN: after command 0, before command 2 */
    assert_true(sf__cache_runs_after(sh, sh, 0, hd, 0));
    assert_true(sf__cache_runs_after(sh, sh, 1, hd, 0));
    assert_false(sf__cache_runs_after(sh, sh, 2, hd, 0));
    assert_true(sf__cache_runs_after(sh, hd, 0, sh, 2));
    assert_false(sf__cache_runs_after(sh, hd, 0, sh, 1));
    assert_true(sf__cache_runs_after(sh, hd, 0, hd, 1));
    assert_false(sf__cache_runs_after(sh, hd, 1, hd, 0));

    sf__cache_range_add(sh, &sh->cmds[2], true, &start, &end);
    assert_int_equal(end - start, 6);
    assert_memory_equal(src + start, "echo c", 6);
    sf__cache_range_add(sh, &sh->cmds[0], false, &start, &end);
    assert_memory_equal(src + start, "echo a", 6);
    assert_memory_equal(src + end - 6, "echo c", 6);
    /* the heredoc body comes later in the source */
    sf__cache_range_add(hd, &hd->cmds[1], false, &start, &end);
    assert_memory_equal(src + start, "echo a", 6);
    assert_memory_equal(src + end - 7, "echo b2", 7);
    sf__cache_range_add(hd, &hd->cmds[0], true, &start, &end);
    assert_int_equal(end - start, 7);
    assert_memory_equal(src + start, "echo b1", 7);
    sf__arena_dispose(&a);
    sf_doc_free(doc);
}

/* ---------------------------------------------------------------------------------- fixes */

/* Lint text with one rule in mount mode; return the fixed text (edits applied) in out. */
static void fixed_text(char *out, size_t cap, const char *rule, const char *text, size_t len,
                       sf_cache_fix mode, const char *title)
{
    const char *sel[] = {rule, NULL};
    sf_options o = SF_OPTIONS_INIT;
    sf_doc *doc = NULL;
    sf_linter *l = NULL;
    sf_result *res = NULL;
    const sf_finding *f;
    size_t at = 0, used = 0;

    if (len == SIZE_MAX)
        len = strlen(text);
    o.select = sel;
    o.cache_fix = mode;
    assert_int_equal(sf_doc_parse(&doc, "Dockerfile", text, len), SF_OK);
    assert_int_equal(sf_linter_new(&l, &o, NULL), SF_OK);
    assert_int_equal(sf_lint(&res, l, doc, NULL), SF_OK);
    assert_int_equal(sf_result_count(res), 1);
    f = sf_result_get(res, 0);
    assert_string_equal(sf_finding_fix_title(f), title);
    assert_int_equal(sf_finding_fix_safety(f), SF_FIX_SAFE);
    for (size_t i = 0; i < sf_finding_edit_count(f); i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        size_t s = e->range.start.offset, n;
        assert_true(s >= at);
        n = s - at;
        assert_true(used + n + e->len < cap);
        memcpy(out + used, text + at, n);
        used += n;
        memcpy(out + used, e->text, e->len);
        used += e->len;
        at = e->range.end.offset;
    }
    assert_true(used + (len - at) < cap);
    memcpy(out + used, text + at, len - at);
    out[used + len - at] = '\0';
    sf_result_free(res);
    sf_linter_free(l);
    sf_doc_free(doc);
}

static void test_fix_mount_and_flag(void **state)
{
    static const char bom_crlf[] = "\xEF\xBB\xBF" "FROM alpine\r\nRUN apk add curl\r\n";
    char out[512];

    (void)state;
    fixed_text(out, sizeof out, "apk-no-cache", "FROM alpine\nRUN apk update && apk add curl\n",
               SIZE_MAX, SF_CACHE_FIX_DELETE, "add --no-cache to apk");
    assert_string_equal(out, "FROM alpine\nRUN apk update --no-cache && apk add --no-cache curl\n");
    fixed_text(out, sizeof out, "apk-no-cache", "FROM alpine\nRUN apk add curl\n", SIZE_MAX,
               SF_CACHE_FIX_MOUNT, "keep /var/cache/apk in a cache mount");
    assert_string_equal(out, "# syntax=docker/dockerfile:1\nFROM alpine\n"
                             "RUN --mount=type=cache,target=/var/cache/apk apk add curl\n");
    /* after the BOM, with the file's CRLF */
    fixed_text(out, sizeof out, "apk-no-cache", bom_crlf, sizeof bom_crlf - 1, SF_CACHE_FIX_MOUNT,
               "keep /var/cache/apk in a cache mount");
    assert_string_equal(out, "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\nFROM alpine\r\n"
                             "RUN --mount=type=cache,target=/var/cache/apk apk add curl\r\n");
    /* an existing syntax directive is kept as is */
    fixed_text(out, sizeof out, "pip-no-cache-dir",
               "# syntax=docker/dockerfile:1.7\nFROM python\nONBUILD RUN pip install x\n", SIZE_MAX,
               SF_CACHE_FIX_MOUNT, "keep the pip cache in a cache mount");
    assert_string_equal(out, "# syntax=docker/dockerfile:1.7\nFROM python\n"
                             "ONBUILD RUN --mount=type=cache,target=/root/.cache/pip pip install x\n");
    fixed_text(out, sizeof out, "apt-lists-not-removed", "FROM debian\nRUN apt-get update\n", SIZE_MAX,
               SF_CACHE_FIX_MOUNT, "keep /var/lib/apt/lists in a cache mount");
    assert_string_equal(out, "# syntax=docker/dockerfile:1\nFROM debian\n"
                             "RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_chain_and_names),
        cmocka_unit_test(test_whole_context_copy),
        cmocka_unit_test(test_stage_ships),
        cmocka_unit_test(test_posix_shell),
        cmocka_unit_test(test_mounts_at),
        cmocka_unit_test(test_rm_covers),
        cmocka_unit_test(test_rm_removes_and_script_words),
        cmocka_unit_test(test_runs_after_and_range),
        cmocka_unit_test(test_fix_mount_and_flag),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
