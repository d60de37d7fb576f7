/* finding.c - finding lists and the public finding getters. */
#include "finding.h"

struct sf_finding *sf__findings_push(sf__findings *l, sf__arena *a)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct sf_finding *v = sf__arena_grow(a, l->v, l->n, cap, sizeof(*v));
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    memset(&l->v[l->n], 0, sizeof(l->v[0]));
    l->v[l->n].insn = UINT32_MAX;
    return &l->v[l->n++];
}

static int cmp_finding(const void *pa, const void *pb)
{
    const struct sf_finding *a = pa, *b = pb;

    if (a->range.start.offset != b->range.start.offset)
        return a->range.start.offset < b->range.start.offset ? -1 : 1;
    if (a->range.end.offset != b->range.end.offset)
        return a->range.end.offset < b->range.end.offset ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

void sf__findings_sort(sf__findings *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof(l->v[0]), cmp_finding);
}

const char *sf__rule_url(sf__arena *a, const char *id)
{
    return sf__arena_printf(a, "%s%s", SF_DOCS_BASE, id);
}

const char *sf_finding_rule(const sf_finding *f) { return f ? f->rule : NULL; }
sf_severity sf_finding_severity(const sf_finding *f) { return f ? f->severity : SF_SEV_NONE; }
const char *sf_finding_message(const sf_finding *f) { return f ? f->message : NULL; }
const char *sf_finding_url(const sf_finding *f) { return f ? f->url : NULL; }
const char *sf_finding_fix_title(const sf_finding *f) { return f ? f->fix_title : NULL; }
size_t sf_finding_edit_count(const sf_finding *f) { return f ? f->nedits : 0; }

sf_range sf_finding_range(const sf_finding *f)
{
    sf_range r;

    if (f)
        return f->range;
    memset(&r, 0, sizeof(r));
    return r;
}

sf_fix_safety sf_finding_fix_safety(const sf_finding *f)
{
    return f && f->nedits ? f->fix_safety : SF_FIX_NONE;
}

const sf_edit *sf_finding_edit(const sf_finding *f, size_t i)
{
    return f && i < f->nedits ? &f->edits[i] : NULL;
}

static const char *const sev_names[] = {"error", "warning", "info", "style", "none"};

const char *sf_severity_name(sf_severity sev)
{
    return (unsigned)sev < SF_ARRAY_LEN(sev_names) ? sev_names[sev] : "none";
}

int sf_severity_parse(sf_severity *out, const char *name)
{
    size_t i;

    for (i = 0; name && i < SF_ARRAY_LEN(sev_names); i++)
        if (strcmp(name, sev_names[i]) == 0) {
            *out = (sf_severity)i;
            return SF_OK;
        }
    return SF_EINVAL;
}
