/* bench.c - throughput and memory of libslimfile, single core (tests/bench/bench.sh drives it).
 *
 *   bench parse  [-n ITER] [-t SECONDS] [--concat] FILE...   parse throughput (MB/s)
 *   bench lint   [-n ITER] [-t SECONDS] [--concat] FILE...   parse + lint (every rule) throughput
 *   bench mem    FILE                                        parse + lint once, peak RSS
 *
 * Files are read into memory first; timing covers only the library calls (CLOCK_MONOTONIC).
 * Each iteration processes every file once (or, with --concat, one document holding all files
 * joined by newlines). The best iteration is reported, after at least ITER iterations
 * (default 3) and SECONDS of work (default 1). Output is one "key value" pair a line. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "slimfile.h"

typedef struct input {
    char *data;
    size_t len;
    const char *name;
} input;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int read_file(input *in, const char *path)
{
    FILE *fp = fopen(path, "rb");
    size_t cap = 0;

    in->data = NULL;
    in->len = 0;
    in->name = path;
    if (!fp)
        return -1;
    for (;;) {
        size_t r;
        if (cap - in->len < 65536) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *p = realloc(in->data, ncap + 1);
            if (!p) {
                fclose(fp);
                return -1;
            }
            in->data = p;
            cap = ncap;
        }
        r = fread(in->data + in->len, 1, cap - in->len, fp);
        if (r == 0)
            break;
        in->len += r;
    }
    fclose(fp);
    if (!in->data)
        in->data = calloc(1, 1);
    return in->data ? 0 : -1;
}

/* Kept out of line so callgrind can count just these (--toggle-collect=bench_parse_all). */
__attribute__((noinline)) size_t bench_parse_all(const input *ins, size_t n);
__attribute__((noinline)) size_t bench_lint_all(const input *ins, size_t n, const sf_linter *l);

size_t bench_parse_all(const input *ins, size_t n)
{
    size_t insns = 0;
    for (size_t i = 0; i < n; i++) {
        sf_doc *doc = NULL;
        if (sf_doc_parse(&doc, ins[i].name, ins[i].data, ins[i].len) != SF_OK) {
            fprintf(stderr, "bench: cannot parse %s\n", ins[i].name);
            exit(2);
        }
        insns += sf_doc_insn_count(doc);
        sf_doc_free(doc);
    }
    return insns;
}

size_t bench_lint_all(const input *ins, size_t n, const sf_linter *l)
{
    size_t findings = 0;
    for (size_t i = 0; i < n; i++) {
        sf_doc *doc = NULL;
        sf_result *res = NULL;
        if (sf_doc_parse(&doc, ins[i].name, ins[i].data, ins[i].len) != SF_OK ||
            sf_lint(&res, l, doc, NULL) != SF_OK) {
            fprintf(stderr, "bench: cannot lint %s\n", ins[i].name);
            exit(2);
        }
        findings += sf_result_count(res);
        sf_result_free(res);
        sf_doc_free(doc);
    }
    return findings;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench parse|lint [-n ITER] [-t SECONDS] [--concat] FILE...\n"
                    "       bench mem FILE\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *mode;
    int iters = 3;
    double min_secs = 1.0;
    int concat = 0;
    input *ins;
    size_t n = 0, total = 0;
    sf_linter *linter = NULL;
    sf_options opts = SF_OPTIONS_INIT;
    double best = 1e30, spent = 0;
    size_t count = 0;
    int it = 0, argi = 2;

    if (argc < 3)
        usage();
    mode = argv[1];
    while (argi < argc && argv[argi][0] == '-' && argv[argi][1] != '\0') {
        if (strcmp(argv[argi], "-n") == 0 && argi + 1 < argc)
            iters = atoi(argv[++argi]);
        else if (strcmp(argv[argi], "-t") == 0 && argi + 1 < argc)
            min_secs = atof(argv[++argi]);
        else if (strcmp(argv[argi], "--concat") == 0)
            concat = 1;
        else
            usage();
        argi++;
    }
    if (argi >= argc)
        usage();
    ins = calloc((size_t)(argc - argi), sizeof(*ins));
    if (!ins)
        return 2;
    for (int i = argi; i < argc; i++) {
        if (read_file(&ins[n], argv[i]) < 0) {
            fprintf(stderr, "bench: cannot read %s\n", argv[i]);
            return 2;
        }
        total += ins[n].len;
        n++;
    }
    if (concat && n > 1) {
        char *all = malloc(total + n + 1);
        size_t off = 0;
        if (!all)
            return 2;
        for (size_t i = 0; i < n; i++) {
            memcpy(all + off, ins[i].data, ins[i].len);
            off += ins[i].len;
            all[off++] = '\n';
            free(ins[i].data);
        }
        ins[0].data = all;
        ins[0].len = off;
        ins[0].name = "concatenated";
        n = 1;
        total = off;
    }
    if (sf_linter_new(&linter, &opts, NULL) != SF_OK) {
        fprintf(stderr, "bench: cannot create the linter\n");
        return 2;
    }

    if (strcmp(mode, "mem") == 0) {
        long before = peak_rss_kb();
        count = bench_lint_all(ins, n, linter);
        printf("input_bytes %zu\nrss_before_kb %ld\npeak_rss_kb %ld\nfindings %zu\n", total, before,
               peak_rss_kb(), count);
    } else if (strcmp(mode, "parse") == 0 || strcmp(mode, "lint") == 0) {
        int lint = strcmp(mode, "lint") == 0;
        while (it < iters || spent < min_secs) {
            double t0 = now(), dt;
            count = lint ? bench_lint_all(ins, n, linter) : bench_parse_all(ins, n);
            dt = now() - t0;
            spent += dt;
            if (dt < best)
                best = dt;
            it++;
        }
        printf("files %zu\nbytes %zu\niterations %d\nbest_seconds %.6f\nmb_per_s %.1f\n%s %zu\n"
               "peak_rss_kb %ld\n",
               n, total, it, best, (double)total / 1048576.0 / best, lint ? "findings" : "insns",
               count, peak_rss_kb());
    } else {
        usage();
    }
    sf_linter_free(linter);
    for (size_t i = 0; i < n; i++)
        free(ins[i].data);
    free(ins);
    return 0;
}
