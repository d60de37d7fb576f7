/* consumer.c - a program using an installed libslimfile: lint a Dockerfile held in memory,
 * print the findings, fix it, and lint the fixed text again.
 *
 *   cc consumer.c $(pkg-config --cflags --libs slimfile) -o consumer
 */
#include <slimfile.h>

#include <stdio.h>
#include <string.h>

static const char dockerfile[] =
    "FROM alpine:3.19\n"
    "RUN apk add curl\n";

/* Lint `text` and print one line per finding; returns the number of findings, or -1. */
static long lint(const sf_linter *linter, const char *text, size_t len)
{
    sf_doc *doc = NULL;
    sf_result *res = NULL;
    long n = -1;

    if (sf_doc_parse(&doc, "Dockerfile", text, len) == SF_OK &&
        sf_lint(&res, linter, doc, NULL) == SF_OK) {
        n = (long)sf_result_count(res);
        for (size_t i = 0; i < sf_result_count(res); i++) {
            const sf_finding *f = sf_result_get(res, i);
            printf("  %s:%u %s: %s\n", sf_doc_name(doc), (unsigned)sf_finding_range(f).start.line,
                   sf_finding_rule(f), sf_finding_message(f));
        }
    }
    sf_result_free(res);
    sf_doc_free(doc);
    return n;
}

int main(void)
{
    sf_options opts = SF_OPTIONS_INIT;
    sf_linter *linter = NULL;
    sf_doc *doc = NULL;
    sf_buf fixed = SF_BUF_INIT;
    sf_fix_options fix_opts = {false, 0}; /* safe fixes only, default passes */
    sf_fix_report rep;
    long before, after;
    int status = 1;

    printf("libslimfile %s (header %s)\n", sf_version_string(), SF_VERSION_STRING);
    if (sf_linter_new(&linter, &opts, NULL) != SF_OK)
        return 1;

    puts("before:");
    before = lint(linter, dockerfile, strlen(dockerfile));

    if (sf_doc_parse(&doc, "Dockerfile", dockerfile, strlen(dockerfile)) == SF_OK &&
        sf_fix(&fixed, &rep, linter, doc, NULL, &fix_opts, NULL) == SF_OK && fixed.ptr) {
        printf("fixed (%zu fixes, %s):\n%s", rep.applied, rep.changed ? "changed" : "unchanged",
               fixed.ptr);
        puts("after:");
        after = lint(linter, fixed.ptr, fixed.size);
        printf("findings: %ld before, %ld after\n", before, after);
        if (before > 0 && after >= 0 && after < before && strcmp(fixed.ptr, dockerfile) != 0)
            status = 0;
    }
    sf_buf_dispose(&fixed);
    sf_doc_free(doc);
    sf_linter_free(linter);
    return status;
}
