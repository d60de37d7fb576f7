/* shell_sweep.c - run every RUN shell-form body (and heredoc script) of the corpus through the
 * shell parser. Usage: shell_sweep CORPUS_DIR (the file list is CORPUS_DIR/BUILDKIT-PARSE.tsv).
 * `shell_sweep -bench N CORPUS_DIR` loads every file once, then parses all their RUN bodies N
 * times in one process (one arena per file, shared by its RUNs, as the engine does) and prints
 * bytes, seconds and MB/s of shell text.
 * Reports how many bodies parse without a shell diagnostic, classifies the rest by message,
 * and ends with "shell-sweep: N passed, N failed" where failed counts invariant violations
 * (a span outside its parent or outside the text, a source offset outside the file); a crash
 * is caught by the runner script. Internal tool: links libslimfile.a and reads lib/ headers. */
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct stats {
    unsigned files, unreadable, bodies, heredoc_scripts, clean, with_diag, failed, skipped;
    unsigned ncls;
    struct { const char *msg; unsigned n; char example[160]; } cls[32];
} stats;

typedef struct chk {
    const sf__sh *sh;
    bool bad;
} chk;

static bool span_ok(void *ctx, sf__span n, sf__span parent, const char *what)
{
    chk *c = ctx;

    (void)what;
    if (n.start > n.end || n.end > c->sh->len || n.start < parent.start || n.end > parent.end)
        c->bad = true;
    return !c->bad;
}

static void classify(stats *st, const char *msg, const char *file)
{
    unsigned i;

    for (i = 0; i < st->ncls; i++)
        if (strcmp(st->cls[i].msg, msg) == 0) {
            st->cls[i].n++;
            return;
        }
    if (st->ncls < 32) {
        st->cls[st->ncls].msg = msg;
        st->cls[st->ncls].n = 1;
        snprintf(st->cls[st->ncls].example, sizeof(st->cls[0].example), "%s", file);
        st->ncls++;
    }
}

static void sweep_insn(stats *st, const struct sf_doc *doc, const struct sf_insn *insn,
                       const char *file)
{
    sf__arena a;
    sf__sh *sh = NULL, *s;

    if (insn->child)
        sweep_insn(st, doc, insn->child, file);
    if (insn->kind != SF_INSN_RUN)
        return;
    if (insn->exec_form) {
        st->skipped++;
        return;
    }
    sf__arena_init(&a);
    if (sf__sh_parse_insn(&sh, &a, doc->src.text, insn) < 0) {
        st->failed++;
        fprintf(stderr, "FAIL %s: parse error code (insn at byte %u)\n", file, insn->span.start);
    }
    for (s = sh; s; s = s->next) {
        chk c = {s, false};
        uint32_t i;
        st->bodies++;
        if (s->origin == SF_SH_ORIGIN_HEREDOC)
            st->heredoc_scripts++;
        sf__sh_walk_spans(s, span_ok, &c);
        for (i = 0; i < s->ncmds && !c.bad; i++)
            if (sf__sh_src_offset(s, s->cmds[i].cmd->span.end) > doc->src.len)
                c.bad = true;
        if (c.bad) {
            st->failed++;
            fprintf(stderr, "FAIL %s: span invariant (insn at byte %u)\n", file,
                    insn->span.start);
        } else if (s->ndiags) {
            st->with_diag++;
            classify(st, s->diags[0].msg, file);
        } else {
            st->clean++;
        }
    }
    sf__arena_dispose(&a);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        if (buf)
            *len = (size_t)n;
    }
    fclose(f);
    return buf;
}


/* A loaded corpus file for the benchmark. */
typedef struct bfile {
    char *text;
    sf_doc *doc;
} bfile;

/* Parse every RUN (and ONBUILD RUN) of doc into a; returns the shell bytes parsed. */
static size_t bench_insn(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *insn)
{
    sf__sh *sh = NULL, *s;
    size_t n = 0;

    if (insn->child)
        n += bench_insn(a, doc, insn->child);
    if (insn->kind != SF_INSN_RUN || insn->exec_form)
        return n;
    sf__sh_parse_insn(&sh, a, doc->src.text, insn);
    for (s = sh; s; s = s->next)
        n += s->len;
    return n;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench(const char *dir, unsigned rounds)
{
    char path[8192], line[4096];
    FILE *list;
    bfile *files = NULL;
    size_t nfiles = 0, cap = 0, k, bytes = 0;
    unsigned r;
    double t0, t;

    snprintf(path, sizeof(path), "%s/BUILDKIT-PARSE.tsv", dir);
    list = fopen(path, "r");
    if (!list) {
        perror(path);
        return 2;
    }
    while (fgets(line, sizeof(line), list)) {
        char *tab = strchr(line, '\t');
        size_t len = 0;
        char *text;
        sf_doc *doc = NULL;
        if (!tab || strncmp(line, "stored_file\t", 12) == 0)
            continue;
        *tab = 0;
        snprintf(path, sizeof(path), "%s/%s", dir, line);
        text = slurp(path, &len);
        if (!text)
            continue;
        if (sf_doc_parse(&doc, line, text, len) != SF_OK || !doc) {
            sf_doc_free(doc);
            free(text);
            continue;
        }
        if (nfiles == cap) {
            bfile *nf;
            cap = cap ? cap * 2 : 256;
            nf = realloc(files, cap * sizeof(*files));
            if (!nf)
                return 2;
            files = nf;
        }
        files[nfiles].text = text;
        files[nfiles].doc = doc;
        nfiles++;
    }
    fclose(list);
    t0 = now();
    for (r = 0; r < rounds; r++) {
        for (k = 0; k < nfiles; k++) {
            sf__arena a;
            uint32_t i;
            sf__arena_init(&a);
            for (i = 0; i < files[k].doc->ninsns; i++)
                bytes += bench_insn(&a, files[k].doc, &files[k].doc->insns[i]);
            sf__arena_dispose(&a);
        }
    }
    t = now() - t0;
    printf("shell-bench: %zu files, %u rounds, %zu bytes, %.3f s, %.1f MB/s\n", nfiles, rounds,
           bytes, t, t > 0 ? (double)bytes / t / 1e6 : 0.0);
    for (k = 0; k < nfiles; k++) {
        sf_doc_free(files[k].doc);
        free(files[k].text);
    }
    free(files);
    return 0;
}

int main(int argc, char **argv)
{
    char path[8192], line[4096];
    FILE *list;
    stats st;
    unsigned i;

    memset(&st, 0, sizeof(st));
    if (argc == 4 && strcmp(argv[1], "-bench") == 0)
        return bench(argv[3], (unsigned)strtoul(argv[2], NULL, 10));
    if (argc != 2) {
        fprintf(stderr, "usage: %s [-bench ROUNDS] CORPUS_DIR\n", argv[0]);
        return 2;
    }
    snprintf(path, sizeof(path), "%s/BUILDKIT-PARSE.tsv", argv[1]);
    list = fopen(path, "r");
    if (!list) {
        perror(path);
        return 2;
    }
    while (fgets(line, sizeof(line), list)) {
        char *tab = strchr(line, '\t');
        size_t len = 0;
        char *text;
        sf_doc *doc = NULL;
        if (!tab || strncmp(line, "stored_file\t", 12) == 0)
            continue;
        *tab = 0;
        snprintf(path, sizeof(path), "%s/%s", argv[1], line);
        text = slurp(path, &len);
        if (!text) {
            st.unreadable++;
            continue;
        }
        st.files++;
        if (sf_doc_parse(&doc, line, text, len) == SF_OK && doc) {
            uint32_t k;
            for (k = 0; k < doc->ninsns; k++)
                sweep_insn(&st, doc, &doc->insns[k], line);
        }
        sf_doc_free(doc);
        free(text);
    }
    fclose(list);
    printf("files: %u (unreadable %u)\n", st.files, st.unreadable);
    printf("RUN shell bodies: %u (of which heredoc scripts %u; exec-form RUN skipped %u)\n",
           st.bodies, st.heredoc_scripts, st.skipped);
    printf("parsed with no shell diagnostic: %u\n", st.clean);
    printf("with a diagnostic: %u\n", st.with_diag);
    for (i = 0; i < st.ncls; i++)
        printf("  %5u  %s  (e.g. %s)\n", st.cls[i].n, st.cls[i].msg, st.cls[i].example);
    printf("shell-sweep: %u passed, %u failed\n", st.bodies - st.failed, st.failed);
    return st.failed ? 1 : 0;
}
