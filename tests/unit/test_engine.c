/* test_engine.c - linting and fixing through the public API: selection, severity overrides,
 * suppression comments, the fix loop, and a linter shared by threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "slimfile.h"

/* Lint text with options; return "rule@line,rule@line" of the findings. */
static void lint(char *out, size_t n, const char *text, const sf_options *opts)
{
    sf_doc *doc = NULL;
    sf_linter *l = NULL;
    sf_result *res = NULL;
    size_t used = 0;

    out[0] = '\0';
    assert_int_equal(sf_doc_parse(&doc, "Dockerfile", text, strlen(text)), SF_OK);
    assert_int_equal(sf_linter_new(&l, opts, NULL), SF_OK);
    assert_int_equal(sf_lint(&res, l, doc, NULL), SF_OK);
    for (size_t i = 0; i < sf_result_count(res); i++) {
        const sf_finding *f = sf_result_get(res, i);
        used += (size_t)snprintf(out + used, n - used, "%s%s@%u", i ? "," : "", sf_finding_rule(f),
                                 sf_finding_range(f).start.line);
    }
    sf_result_free(res);
    sf_linter_free(l);
    sf_doc_free(doc);
}

static const char *const two_runs = "FROM alpine:3.20\nRUN apk add curl\nRUN echo hi\n";

static void test_select_ignore(void **state)
{
    char buf[512];
    const char *sel[] = {"consecutive-run", NULL};
    const char *ign[] = {"consecutive-run", NULL};
    sf_options o = SF_OPTIONS_INIT;

    (void)state;
    lint(buf, sizeof buf, two_runs, NULL);
    assert_string_equal(buf, "consecutive-run@2,apk-no-cache@2");
    o.select = sel;
    lint(buf, sizeof buf, two_runs, &o);
    assert_string_equal(buf, "consecutive-run@2");
    o.select = NULL;
    o.ignore = ign;
    lint(buf, sizeof buf, two_runs, &o);
    assert_string_equal(buf, "apk-no-cache@2");
}

static void test_unknown_rule(void **state)
{
    const char *sel[] = {"consecutive-run", "nope", NULL};
    sf_options o = SF_OPTIONS_INIT;
    sf_linter *l = (sf_linter *)1;
    const char *bad = NULL;

    (void)state;
    o.select = sel;
    assert_int_equal(sf_linter_new(&l, &o, &bad), SF_ENOTFOUND);
    assert_null(l);
    assert_string_equal(bad, "nope");
}

static void test_severity_override(void **state)
{
    sf_severity_override ov[] = {{"consecutive-run", SF_SEV_ERROR}};
    sf_options o = SF_OPTIONS_INIT;
    sf_doc *doc = NULL;
    sf_linter *l = NULL;
    sf_result *res = NULL;

    (void)state;
    o.overrides = ov;
    o.n_overrides = 1;
    assert_int_equal(sf_doc_parse(&doc, NULL, two_runs, strlen(two_runs)), SF_OK);
    assert_int_equal(sf_linter_new(&l, &o, NULL), SF_OK);
    assert_int_equal(sf_lint(&res, l, doc, NULL), SF_OK);
    assert_int_equal(sf_finding_severity(sf_result_get(res, 0)), SF_SEV_ERROR);
    assert_string_equal(sf_finding_rule(sf_result_get(res, 0)), "consecutive-run");
    sf_result_free(res);
    sf_linter_free(l);
    sf_doc_free(doc);
}

static void test_suppressions(void **state)
{
    char buf[512];

    (void)state;
    lint(buf, sizeof buf,
         "FROM alpine:3.20\n# slimfile ignore=apk-no-cache,consecutive-run\nRUN apk add curl\nRUN echo hi\n",
         NULL);
    assert_string_equal(buf, "");
    /* a comment block: the pragma need not be the last comment line */
    lint(buf, sizeof buf, "FROM alpine:3.20\n# slimfile ignore=apk-no-cache\n# install curl\nRUN apk add curl\n", NULL);
    assert_string_equal(buf, "");
    /* applies to the next instruction only */
    lint(buf, sizeof buf, "FROM alpine:3.20\n# slimfile ignore=apk-no-cache\nRUN echo a\n\nENV A=1\nRUN apk add curl\n", NULL);
    assert_string_equal(buf, "unused-suppression@2,apk-no-cache@6");
    lint(buf, sizeof buf, "FROM alpine:3.20\nRUN apk add curl\n# slimfile global ignore=apk-no-cache\n", NULL);
    assert_string_equal(buf, "");
    lint(buf, sizeof buf, "FROM alpine:3.20\n# hadolint ignore=DL3019\nRUN apk add curl\n", NULL);
    assert_string_equal(buf, "");
    /* syntax errors cannot be suppressed */
    lint(buf, sizeof buf, "FROM alpine:3.20\n# slimfile ignore=syntax-error\nBOGUS x\n", NULL);
    assert_string_equal(buf, "unused-suppression@2,syntax-error@3");
}

static void test_fix_loop(void **state)
{
    sf_doc *doc = NULL;
    sf_linter *l = NULL;
    sf_buf out = SF_BUF_INIT;
    sf_fix_report rep;
    sf_fix_options fo = {false, 0};
    const char *text = "FROM alpine:3.20\nRUN apk add curl\n# say hi\nRUN echo hi\n";

    (void)state;
    assert_int_equal(sf_doc_parse(&doc, NULL, text, strlen(text)), SF_OK);
    assert_int_equal(sf_linter_new(&l, NULL, NULL), SF_OK);
    assert_int_equal(sf_fix(&out, &rep, l, doc, NULL, &fo, NULL), SF_OK);
    assert_string_equal(out.ptr, "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n# say hi\n    && echo hi\n");
    assert_true(rep.changed);
    assert_true(rep.converged);
    assert_int_equal(rep.applied, 2);
    sf_buf_dispose(&out);
    sf_doc_free(doc);
    /* nothing is applied to a document with syntax errors */
    text = "FROM alpine:3.20\nRUN a\nRUN b\nBOGUS x\n";
    assert_int_equal(sf_doc_parse(&doc, NULL, text, strlen(text)), SF_OK);
    assert_int_equal(sf_fix(&out, &rep, l, doc, NULL, &fo, NULL), SF_OK);
    assert_string_equal(out.ptr, text);
    assert_false(rep.changed);
    sf_buf_dispose(&out);
    sf_doc_free(doc);
    sf_linter_free(l);
}

typedef struct job {
    const sf_linter *l;
    int findings;
} job;

static void *worker(void *arg)
{
    job *j = arg;

    for (int k = 0; k < 50; k++) {
        sf_doc *doc = NULL;
        sf_result *res = NULL;
        if (sf_doc_parse(&doc, NULL, two_runs, strlen(two_runs)) != SF_OK || sf_lint(&res, j->l, doc, NULL) != SF_OK)
            j->findings = -1;
        else
            j->findings = (int)sf_result_count(res);
        sf_result_free(res);
        sf_doc_free(doc);
    }
    return NULL;
}

static void test_threads_share_linter(void **state)
{
    sf_linter *l = NULL;
    pthread_t t[4];
    job j[4];

    (void)state;
    assert_int_equal(sf_linter_new(&l, NULL, NULL), SF_OK);
    for (int i = 0; i < 4; i++) {
        j[i].l = l;
        j[i].findings = 0;
        assert_int_equal(pthread_create(&t[i], NULL, worker, &j[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(j[i].findings, 2);
    }
    sf_linter_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_ignore),
        cmocka_unit_test(test_unknown_rule),
        cmocka_unit_test(test_severity_override),
        cmocka_unit_test(test_suppressions),
        cmocka_unit_test(test_fix_loop),
        cmocka_unit_test(test_threads_share_linter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
