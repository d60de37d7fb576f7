/* fix.c - apply fixes: collect the edits of fixable findings, accept non-overlapping groups,
 * rebuild the text, re-parse and re-lint, and repeat until nothing more is fixable (bounded).
 * A pass that would introduce a syntax error is retried one group at a time and the culprit
 * groups are dropped, so innocent fixes still apply. */
#include "common.h"

#include "ast.h"
#include "buf.h"
#include "finding.h"
#include "dockerignore.h"
#include "engine.h"
#include "walk.h"

#define DEFAULT_PASSES 8

typedef struct group {
    const struct sf_finding *f;
    uint32_t first;      /* first edit's start */
} group;

static int cmp_group(const void *pa, const void *pb)
{
    const group *a = pa, *b = pb;

    if (a->first != b->first)
        return a->first < b->first ? -1 : 1;
    return strcmp(a->f->rule, b->f->rule);
}

/* Does group g overlap an edit of the accepted groups? Two insertions at one offset conflict
 * unless identical (then the second is redundant: treat as conflict, it is retried next pass). */
static bool overlaps(const group *acc, size_t nacc, const struct sf_finding *g)
{
    for (size_t i = 0; i < nacc; i++) {
        const struct sf_finding *o = acc[i].f;
        for (size_t a = 0; a < o->nedits; a++)
            for (size_t b = 0; b < g->nedits; b++) {
                uint32_t as = o->edits[a].range.start.offset, ae = o->edits[a].range.end.offset;
                uint32_t bs = g->edits[b].range.start.offset, be = g->edits[b].range.end.offset;
                if (as < be && bs < ae)
                    return true;
                if (as == bs || as == be || bs == ae)
                    return true; /* touching edits: order would be ambiguous */
            }
    }
    return false;
}

typedef struct edit_ref {
    const sf_edit *e;
} edit_ref;

static int cmp_edit(const void *pa, const void *pb)
{
    const edit_ref *a = pa, *b = pb;

    if (a->e->range.start.offset != b->e->range.start.offset)
        return a->e->range.start.offset < b->e->range.start.offset ? -1 : 1;
    return 0;
}

/* Build the new text from `text` and the accepted groups. */
static int apply(sf_buf *out, const char *text, size_t len, const group *acc, size_t nacc)
{
    size_t n = 0, k = 0, pos = 0;
    edit_ref *refs;
    int err = SF_OK;

    for (size_t i = 0; i < nacc; i++)
        n += acc[i].f->nedits;
    refs = calloc(n ? n : 1, sizeof(*refs));
    if (!refs)
        return SF_ENOMEM;
    for (size_t i = 0; i < nacc; i++)
        for (size_t a = 0; a < acc[i].f->nedits; a++)
            refs[k++].e = &acc[i].f->edits[a];
    qsort(refs, n, sizeof(*refs), cmp_edit);
    for (k = 0; k < n && err == SF_OK; k++) {
        const sf_edit *e = refs[k].e;
        size_t s = e->range.start.offset, t = e->range.end.offset;
        if (s < pos || t > len || t < s) {
            err = SF_ERROR;
            break;
        }
        err = sf__buf_put(out, text + pos, s - pos);
        if (err == SF_OK)
            err = sf__buf_put(out, e->text, e->len);
        pos = t;
    }
    if (err == SF_OK)
        err = sf__buf_put(out, text + pos, len - pos);
    free(refs);
    return err;
}

static size_t count_errors(const struct sf_doc *doc)
{
    size_t n = 0;

    for (size_t i = 0; i < doc->findings.n; i++)
        n += doc->findings.v[i].severity == SF_SEV_ERROR;
    return n;
}

/* Parse text and count its error findings; SIZE_MAX on failure to parse at all. */
static size_t errors_of(const char *name, const char *text, size_t len)
{
    sf_doc *d = NULL;
    size_t n;

    if (sf_doc_parse(&d, name, text, len) != SF_OK)
        return SIZE_MAX;
    n = count_errors(d);
    sf_doc_free(d);
    return n;
}

/* The unsafe .dockerignore fix of dockerignore-missing / dockerignore-entries: the heavy,
 * secret and noise entries present in the context, not excluded yet, and not named by any
 * COPY/ADD source of the (fixed) Dockerfile, appended to the current .dockerignore (or a new
 * one). Appends nothing to out when there is nothing to add. */
static int suggest_ignore(sf_buf *out, const sf_linter *linter, const char *text, size_t len,
                          const sf_context *ctx)
{
    sf_doc *d = NULL;
    sf__arena a;
    sf__ignore *ig = NULL;
    sf__ignore_entry *ents = NULL;
    size_t nents = 0, added = 0;
    bool whole = false;
    int err;

    if (!ctx || !ctx->paths || ctx->paths_truncated)
        return SF_OK;
    if (!sf__linter_enabled(linter, ctx->has_dockerignore ? "dockerignore-entries" : "dockerignore-missing"))
        return SF_OK;
    err = sf_doc_parse(&d, NULL, text, len);
    if (err < 0)
        return err;
    sf__arena_init(&a);
    for (uint32_t i = 0; i < d->ninsns && !whole; i++)
        if (sf__insn_copies_context(&d->insns[i]))
            for (uint32_t s = 0; s < sf__copy_nsrc(&d->insns[i]); s++)
                if (!sf__copy_src_is_heredoc(&d->insns[i], s) &&
                    sf__path_is_whole_context(d->insns[i].args[s].text.ptr))
                    whole = true;
    if (!whole)
        goto out;
    if (ctx->has_dockerignore && ctx->dockerignore &&
        (err = sf__ignore_parse(&ig, &a, ctx->dockerignore, ctx->dockerignore_len)) < 0)
        goto out;
    if ((err = sf__ignore_find_unexcluded(&ents, &nents, &a, ig, ctx->paths, ctx->n_paths)) < 0)
        goto out;
    for (size_t k = 0; k < nents; k++) {
        char *e = sf__ctx_path(&a, ents[k].path);
        bool used = false;
        if (!e || !*e)
            continue;
        /* an entry a COPY/ADD names (or names something inside of) stays in the context */
        used = sf__ctx_entry_used(&a, d, e);
        if (used)
            continue;
        if (added == 0) {
            if (ctx->has_dockerignore && ctx->dockerignore_len) {
                err = sf__buf_put(out, ctx->dockerignore, ctx->dockerignore_len);
                if (err == SF_OK && ctx->dockerignore[ctx->dockerignore_len - 1] != '\n')
                    err = sf__buf_putc(out, '\n');
            }
            if (err == SF_OK)
                err = sf__buf_puts(out, "# added by slimfile --fix --unsafe-fixes: not used by any COPY/ADD\n");
        }
        if (err == SF_OK)
            err = sf__buf_printf(out, "%s\n", e);
        added++;
    }
out:
    sf__arena_dispose(&a);
    sf_doc_free(d);
    return err;
}

int sf_fix(sf_buf *out, sf_fix_report *report, const sf_linter *linter, const sf_doc *doc,
           const sf_context *ctx, const sf_fix_options *opts, sf_buf *ignore_out)
{
    sf_buf cur = SF_BUF_INIT;
    sf_doc *d = NULL;
    sf_fix_report rep;
    unsigned max = opts && opts->max_passes ? opts->max_passes : DEFAULT_PASSES;
    bool unsafe = opts && opts->unsafe;
    size_t base_errors;
    int err = SF_OK;

    memset(&rep, 0, sizeof(rep));
    if (!out || !linter || !doc)
        return SF_EINVAL;
    if (sf__buf_put(&cur, doc->src.text, doc->src.len) < 0)
        return SF_ENOMEM;
    base_errors = count_errors(doc);
    if (doc->has_errors) {
        rep.converged = true;
        goto done;
    }
    while (rep.passes < max) {
        sf_result *res = NULL;
        group *cand = NULL, *acc = NULL;
        size_t ncand = 0, nacc = 0, nres;
        sf_buf next = SF_BUF_INIT;

        err = sf_doc_parse(&d, doc->name, cur.ptr, cur.size);
        if (err < 0)
            break;
        err = sf_lint(&res, linter, d, ctx);
        if (err < 0)
            break;
        rep.passes++;
        nres = sf_result_count(res);
        cand = calloc(nres ? nres : 1, sizeof(*cand));
        acc = calloc(nres ? nres : 1, sizeof(*acc));
        if (!cand || !acc) {
            free(cand);
            free(acc);
            sf_result_free(res);
            err = SF_ENOMEM;
            break;
        }
        for (size_t i = 0; i < nres; i++) {
            const struct sf_finding *f = sf_result_get(res, i);
            if (!f->nedits || f->fix_safety == SF_FIX_NONE)
                continue;
            if (f->fix_safety == SF_FIX_UNSAFE && !unsafe)
                continue;
            cand[ncand].f = f;
            cand[ncand].first = f->edits[0].range.start.offset;
            ncand++;
        }
        qsort(cand, ncand, sizeof(*cand), cmp_group);
        for (size_t i = 0; i < ncand; i++)
            if (!overlaps(acc, nacc, cand[i].f))
                acc[nacc++] = cand[i];
        if (nacc) {
            err = apply(&next, cur.ptr, cur.size, acc, nacc);
            if (err == SF_OK && errors_of(doc->name, next.ptr ? next.ptr : "", next.size) > base_errors) {
                /* find the culprits: keep each group only if the text stays error-free */
                size_t keep = 0;
                for (size_t i = 0; i < nacc && err == SF_OK; i++) {
                    sf_buf one = SF_BUF_INIT;
                    err = apply(&one, cur.ptr, cur.size, &acc[i], 1);
                    if (err == SF_OK && errors_of(doc->name, one.ptr ? one.ptr : "", one.size) <= base_errors)
                        acc[keep++] = acc[i];
                    sf_buf_dispose(&one);
                }
                nacc = keep;
                sf_buf_dispose(&next);
                if (err == SF_OK && nacc)
                    err = apply(&next, cur.ptr, cur.size, acc, nacc);
                if (err == SF_OK && nacc &&
                    errors_of(doc->name, next.ptr ? next.ptr : "", next.size) > base_errors)
                    nacc = 0; /* combined they still break: give up this pass */
            }
        }
        if (err == SF_OK && nacc) {
            rep.applied += nacc;
            sf_buf_dispose(&cur);
            cur = next;
            next.ptr = NULL;
        }
        sf_buf_dispose(&next);
        free(cand);
        free(acc);
        sf_result_free(res);
        sf_doc_free(d);
        d = NULL;
        if (err < 0)
            break;
        if (nacc == 0) {
            rep.converged = true;
            break;
        }
    }
    sf_doc_free(d);
done:
    if (err == SF_OK) {
        rep.changed = cur.size != doc->src.len || memcmp(cur.ptr ? cur.ptr : "", doc->src.text, cur.size) != 0;
        err = sf__buf_put(out, cur.ptr ? cur.ptr : "", cur.size);
    }
    if (err == SF_OK && unsafe && ignore_out && !doc->has_errors)
        err = suggest_ignore(ignore_out, linter, cur.ptr ? cur.ptr : "", cur.size, ctx);
    sf_buf_dispose(&cur);
    if (report)
        *report = rep;
    return err;
}
