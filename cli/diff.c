/* diff.c - line-based unified diff with Myers' O(ND) algorithm (linear space is not needed:
 * Dockerfiles are small and fixes change few lines; the trace is bounded by D * N). */
#include "diff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct line {
    const char *p;
    size_t n;    /* bytes including the terminator */
} line;

static line *split(const char *s, size_t len, size_t *count)
{
    size_t n = 0, k = 0;
    line *v;

    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    n += len && s[len - 1] != '\n';
    v = calloc(n ? n : 1, sizeof(*v));
    if (!v)
        return NULL;
    for (size_t i = 0, start = 0; i < len; i++)
        if (s[i] == '\n' || i == len - 1) {
            v[k].p = s + start;
            v[k].n = i - start + 1;
            k++;
            start = i + 1;
        }
    *count = k;
    return v;
}

static bool eq(const line *a, const line *b)
{
    return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* op: ' ' keep, '-' delete, '+' insert; with the line it refers to */
typedef struct op {
    char kind;
    const line *l;
} op;

static op *myers(const line *a, size_t n, const line *b, size_t m, size_t *nops)
{
    size_t max = n + m;
    size_t vsz = 2 * max + 1;
    long *v = calloc(vsz ? vsz : 1, sizeof(long));
    long **trace = calloc(max + 1, sizeof(long *));
    op *ops = NULL;
    long d, k, x, y;
    long off = (long)max;
    size_t nt = 0, cnt = 0;

    if (!v || !trace)
        goto out;
    for (d = 0; d <= (long)max; d++) {
        trace[nt] = malloc(vsz * sizeof(long));
        if (!trace[nt])
            goto out;
        memcpy(trace[nt], v, vsz * sizeof(long));
        nt++;
        for (k = -d; k <= d; k += 2) {
            if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
                x = v[off + k + 1];
            else
                x = v[off + k - 1] + 1;
            y = x - k;
            while (x < (long)n && y < (long)m && eq(&a[x], &b[y]))
                x++, y++;
            v[off + k] = x;
            if (x >= (long)n && y >= (long)m)
                goto backtrack;
        }
    }
    goto out;
backtrack:
    ops = calloc(n + m + 1, sizeof(op));
    if (!ops)
        goto out;
    x = (long)n;
    y = (long)m;
    for (d = (long)nt - 1; d >= 0; d--) {
        long *vv = trace[d];
        long pk, px, py;
        k = x - y;
        if (d == 0) {
            while (x > 0 && y > 0) {
                x--, y--;
                ops[cnt].kind = ' ', ops[cnt].l = &a[x], cnt++;
            }
            break;
        }
        if (k == -d || (k != d && vv[off + k - 1] < vv[off + k + 1]))
            pk = k + 1;
        else
            pk = k - 1;
        px = vv[off + pk];
        py = px - pk;
        while (x > px && y > py) {
            x--, y--;
            ops[cnt].kind = ' ', ops[cnt].l = &a[x], cnt++;
        }
        if (x == px) {
            y--;
            ops[cnt].kind = '+', ops[cnt].l = &b[y], cnt++;
        } else {
            x--;
            ops[cnt].kind = '-', ops[cnt].l = &a[x], cnt++;
        }
    }
    /* reverse into forward order */
    for (size_t i = 0; i < cnt / 2; i++) {
        op t = ops[i];
        ops[i] = ops[cnt - 1 - i];
        ops[cnt - 1 - i] = t;
    }
    *nops = cnt;
out:
    for (size_t i = 0; i < nt; i++)
        free(trace[i]);
    free(trace);
    free(v);
    return ops;
}

static void put_line(FILE *fp, char kind, const line *l)
{
    fputc(kind, fp);
    fwrite(l->p, 1, l->n, fp);
    if (l->n == 0 || l->p[l->n - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", fp);
}

void cli_print_diff(FILE *fp, const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t na = 0, nb = 0, nops = 0;
    line *la = split(a, alen, &na), *lb = split(b, blen, &nb);
    op *ops = la && lb ? myers(la, na, lb, nb, &nops) : NULL;
    size_t i = 0;

    if (!ops)
        goto out;
    fprintf(fp, "--- %s\n+++ %s\n", path, path);
    while (i < nops) {
        size_t start, end, j, ai = 0, bi = 0, acount = 0, bcount = 0;
        while (i < nops && ops[i].kind == ' ')
            i++;
        if (i >= nops)
            break;
        start = i >= 3 ? i - 3 : 0;
        /* extend the hunk while changes are within 6 lines of each other */
        end = i;
        for (j = i; j < nops; j++) {
            if (ops[j].kind != ' ')
                end = j;
            else if (j - end > 6)
                break;
        }
        end = end + 3 < nops ? end + 3 : nops - 1;
        for (j = 0; j < start; j++) {
            ai += ops[j].kind != '+';
            bi += ops[j].kind != '-';
        }
        for (j = start; j <= end; j++) {
            acount += ops[j].kind != '+';
            bcount += ops[j].kind != '-';
        }
        fprintf(fp, "@@ -%zu,%zu +%zu,%zu @@\n", acount ? ai + 1 : ai, acount, bcount ? bi + 1 : bi, bcount);
        for (j = start; j <= end; j++)
            put_line(fp, ops[j].kind, ops[j].l);
        i = end + 1;
    }
out:
    free(ops);
    free(la);
    free(lb);
}
