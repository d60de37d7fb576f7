/* rtcheck.c - corpus helper for tests/corpus/roundtrip.sh (public API only).
 *
 *   rtcheck FILE...        one TSV line per file: path, "ok" or "MISMATCH" (print(parse(x)) == x),
 *                          instructions, heredocs (ONBUILD included), parser-level syntax errors,
 *                          instruction-level syntax errors, invalid-utf8 findings, first message.
 *   rtcheck -bench FILE N  parse FILE N times; print bytes, seconds and MB/s.
 */
#include <slimfile.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const parser_level[] = {
    "only one ", "invalid escape token", "unterminated heredoc", "file with no instructions",
    "when using JSON array syntax", " must have two arguments", "Syntax error - can't find =",
    "dockerfile line greater than"};

static int is_parser_level(const char *msg)
{
    size_t i;

    for (i = 0; i < sizeof(parser_level) / sizeof(parser_level[0]); i++)
        if (strstr(msg, parser_level[i]))
            return 1;
    return 0;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    long sz;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (sz = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        b = malloc((size_t)sz + 1);
        if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) {
            free(b);
            b = NULL;
        }
        *n = (size_t)sz;
    }
    fclose(f);
    return b;
}

static int bench(const char *path, int reps)
{
    size_t n;
    char *b = slurp(path, &n);
    struct timespec t0, t1;
    double secs;
    int i;

    if (!b)
        return 2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < reps; i++) {
        sf_doc *d;
        if (sf_doc_parse(&d, path, b, n) < 0) {
            free(b);
            return 2;
        }
        sf_doc_free(d);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("bytes=%zu reps=%d seconds=%.3f MB/s=%.1f\n", n, reps, secs,
           (double)n * reps / secs / 1e6);
    free(b);
    return 0;
}

int main(int argc, char **argv)
{
    int i, rc = 0;

    if (argc == 4 && strcmp(argv[1], "-bench") == 0)
        return bench(argv[2], atoi(argv[3]));
    for (i = 1; i < argc; i++) {
        size_t n, k, pl = 0, il = 0, bad8 = 0, nh = 0;
        char *b = slurp(argv[i], &n);
        sf_doc *d;
        sf_buf out = SF_BUF_INIT;
        const char *first = "";
        int same;

        if (!b || sf_doc_parse(&d, argv[i], b, n) < 0) {
            printf("%s\tERROR\t0\t0\t0\t0\t0\tcannot read or parse\n", argv[i]);
            free(b);
            rc = 1;
            continue;
        }
        same = sf_doc_print(&out, d) == SF_OK && out.size == n &&
               (n == 0 || memcmp(out.ptr, b, n) == 0);
        for (k = 0; k < sf_doc_finding_count(d); k++) {
            const sf_finding *f = sf_doc_finding(d, k);
            if (strcmp(sf_finding_rule(f), "invalid-utf8") == 0) {
                bad8++;
                continue;
            }
            if (is_parser_level(sf_finding_message(f)))
                pl++;
            else
                il++;
            if (!*first)
                first = sf_finding_message(f);
        }
        for (k = 0; k < sf_doc_insn_count(d); k++) {
            const sf_insn *in = sf_doc_insn(d, k);
            nh += sf_insn_heredoc_count(in);
        }
        printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%s\n", argv[i], same ? "ok" : "MISMATCH",
               sf_doc_insn_count(d), nh, pl, il, bad8, first);
        if (!same)
            rc = 1;
        sf_buf_dispose(&out);
        sf_doc_free(d);
        free(b);
    }
    return rc;
}
