/* fixsweep.c - the rewriter's stability sweep over a list of Dockerfiles (public API only).
 *
 *   fixsweep [--unsafe] FILE...      (or file names on standard input with -)
 *
 * For each file: fix it; the fixed text must parse with no more error findings than the
 * original; fixing the fixed text again must change nothing (idempotence); and after fixing no
 * fixable finding may remain (no fix is applied that the rules would then flag again). Prints
 * one line per failure, then the counts, and a last line "fix-sweep: N passed, N failed". */
#include <slimfile.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXRULES 64

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (!fp)
        return NULL;
    do {
        if (cap - n < 65536) {
            char *p = realloc(buf, cap = cap ? cap * 2 : 131072);
            if (!p) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = p;
        }
        r = fread(buf + n, 1, cap - n, fp);
        n += r;
    } while (r > 0);
    fclose(fp);
    *len = n;
    return buf;
}

static size_t errors(const sf_doc *d)
{
    size_t n = 0;

    for (size_t i = 0; i < sf_doc_finding_count(d); i++)
        n += sf_finding_severity(sf_doc_finding(d, i)) == SF_SEV_ERROR;
    return n;
}

/* Add the fixable findings of text per rule (by registry index) to counts (sign +1 or -1). */
static size_t fixable(const sf_linter *l, const char *text, size_t len, long *counts, int sign, bool unsafe)
{
    sf_doc *d = NULL;
    sf_result *r = NULL;
    size_t total = 0;

    if (sf_doc_parse(&d, NULL, text, len) != SF_OK || sf_lint(&r, l, d, NULL) != SF_OK) {
        sf_doc_free(d);
        return 0;
    }
    for (size_t i = 0; i < sf_result_count(r); i++) {
        const sf_finding *f = sf_result_get(r, i);
        sf_fix_safety s = sf_finding_fix_safety(f);
        if (s == SF_FIX_NONE || (s == SF_FIX_UNSAFE && !unsafe))
            continue;
        total++;
        for (size_t k = 0; k < sf_rule_count() && k < MAXRULES; k++)
            if (strcmp(sf_rule_id(k), sf_finding_rule(f)) == 0)
                counts[k] += sign;
    }
    sf_result_free(r);
    sf_doc_free(d);
    return total;
}

int main(int argc, char **argv)
{
    sf_linter *l = NULL;
    sf_fix_options fo = {false, 0};
    long applied[MAXRULES] = {0};
    size_t files = 0, changed = 0, idem_fail = 0, parse_fail = 0, remain_fail = 0, nonconv = 0;
    size_t pass = 0, fail = 0;
    int first = 1;
    char line[4096];

    if (argc > 1 && strcmp(argv[1], "--unsafe") == 0) {
        fo.unsafe = true;
        first = 2;
    }
    if (sf_linter_new(&l, NULL, NULL) != SF_OK)
        return 2;
    for (int ai = first;; ai++) {
        const char *path;
        char *text;
        size_t len;
        sf_doc *d0 = NULL, *d1 = NULL;
        sf_buf out1 = SF_BUF_INIT, out2 = SF_BUF_INIT;
        sf_fix_report r1, r2;
        bool ok = true;

        if (ai < argc && strcmp(argv[ai], "-") != 0) {
            path = argv[ai];
        } else if (ai >= argc && argc > first) {
            break;
        } else {
            /* "-" or no arguments: file names on standard input */
            if (!fgets(line, sizeof line, stdin))
                break;
            line[strcspn(line, "\n")] = '\0';
            path = line;
            ai--;
        }
        text = slurp(path, &len);
        if (!text) {
            printf("FAIL %s: cannot read\n", path);
            fail++;
            continue;
        }
        files++;
        if (sf_doc_parse(&d0, path, text, len) != SF_OK || sf_fix(&out1, &r1, l, d0, NULL, &fo, NULL) != SF_OK) {
            printf("FAIL %s: fix failed\n", path);
            ok = false;
        } else {
            if (r1.changed)
                changed++;
            if (!r1.converged)
                nonconv++;
            if (sf_doc_parse(&d1, path, out1.ptr ? out1.ptr : "", out1.size) != SF_OK || errors(d1) > errors(d0)) {
                printf("FAIL %s: the fixed text has new syntax errors\n", path);
                parse_fail++;
                ok = false;
            } else if (sf_fix(&out2, &r2, l, d1, NULL, &fo, NULL) != SF_OK || out2.size != out1.size ||
                       memcmp(out2.ptr ? out2.ptr : "", out1.ptr ? out1.ptr : "", out1.size) != 0) {
                printf("FAIL %s: fixing twice changes the text again\n", path);
                idem_fail++;
                ok = false;
            } else if (!errors(d0)) {
                long before[MAXRULES] = {0};
                size_t left;
                fixable(l, text, len, before, 1, fo.unsafe);
                left = fixable(l, out1.ptr ? out1.ptr : "", out1.size, before, -1, fo.unsafe);
                if (left) {
                    printf("FAIL %s: %zu fixable findings remain after fixing\n", path, left);
                    remain_fail++;
                    ok = false;
                }
                for (size_t k = 0; k < MAXRULES; k++)
                    if (before[k] > 0)
                        applied[k] += before[k];
            }
        }
        if (ok)
            pass++;
        else
            fail++;
        sf_buf_dispose(&out1);
        sf_buf_dispose(&out2);
        sf_doc_free(d0);
        sf_doc_free(d1);
        free(text);
    }
    printf("files: %zu, changed by --fix%s: %zu, did not converge: %zu\n", files, fo.unsafe ? " --unsafe-fixes" : "",
           changed, nonconv);
    printf("idempotence failures: %zu, parse failures introduced: %zu, fixable findings left: %zu\n", idem_fail,
           parse_fail, remain_fail);
    printf("findings fixed per rule:\n");
    for (size_t k = 0; k < sf_rule_count() && k < MAXRULES; k++)
        if (applied[k])
            printf("  %-30s %ld\n", sf_rule_id(k), applied[k]);
    printf("fix-sweep: %zu passed, %zu failed\n", pass, fail);
    sf_linter_free(l);
    return fail ? 1 : 0;
}
