/* engine.c - sf_lint(): select rules, run each check, collect findings, apply suppressions
 * (inline, global, hadolint, BuildKit check=skip), severity overrides, and report unused
 * suppressions. Also the linter object and the rule-author helpers declared in rules/rule.h. */
#include "engine.h"

#include "ascii.h"
#include "dockerignore.h"
#include "rule.h"
#include "shell.h"

struct sf_linter {
    bool *enabled;               /* per registry index */
    sf_severity *severity;       /* per registry index, after overrides */
    sf_cache_fix cache_fix;
};

struct sf_result {
    sf__arena arena;
    sf__findings findings;       /* about the Dockerfile */
    sf__findings ignore_findings;/* about the .dockerignore */
    sf__source ignore_src;       /* positions in the .dockerignore */
};

/* One `# slimfile ignore=...` (or hadolint / global) suppression and the ids it names. */
typedef struct pragma {
    uint32_t start, end;         /* the comment's bytes */
    int insn;                    /* instruction it applies to; -1 = global */
    bool report_unused;          /* slimfile's own pragmas only */
    const char **ids;            /* rule ids (our ids, after mapping) */
    const char **written;        /* the ids as written, for messages */
    bool *used;
    uint32_t nids;
} pragma;

struct sf__engine {
    const sf_linter *linter;
    sf_result *res;
    sf__arena scratch;           /* shell ASTs and rule temporaries: freed when sf_lint returns */
    const struct sf_doc *doc;
    const sf__sh **shell;         /* per instruction, parsed lazily */
    bool *shell_done;
};

/* ---------------------------------------------------------------- linter */

static void set_ids(const sf_linter *l, const char *const *ids, bool value, bool *ok,
                    const char **bad)
{
    for (; ids && *ids; ids++) {
        const struct sf_rule *r = sf__rule_find(*ids);
        if (!r) {
            *ok = false;
            if (bad && !*bad)
                *bad = *ids;
            continue;
        }
        for (size_t i = 0; i < sf__rule_count; i++)
            if (sf__rules[i] == r)
                l->enabled[i] = value;
    }
}

int sf_linter_new(sf_linter **out, const sf_options *opts, const char **bad_id)
{
    sf_linter *l;
    bool ok = true;
    size_t i;

    if (!out)
        return SF_EINVAL;
    *out = NULL;
    if (bad_id)
        *bad_id = NULL;
    l = calloc(1, sizeof(*l));
    if (!l)
        return SF_ENOMEM;
    l->enabled = calloc(sf__rule_count ? sf__rule_count : 1, sizeof(bool));
    l->severity = calloc(sf__rule_count ? sf__rule_count : 1, sizeof(sf_severity));
    if (!l->enabled || !l->severity) {
        sf_linter_free(l);
        return SF_ENOMEM;
    }
    for (i = 0; i < sf__rule_count; i++) {
        l->enabled[i] = !(opts && opts->select);
        l->severity[i] = sf__rules[i]->severity;
    }
    if (opts) {
        set_ids(l, opts->select, true, &ok, bad_id);
        set_ids(l, opts->ignore, false, &ok, bad_id);
        for (i = 0; i < opts->n_overrides; i++) {
            const struct sf_rule *r = sf__rule_find(opts->overrides[i].rule);
            size_t k;
            if (!r) {
                ok = false;
                if (bad_id && !*bad_id)
                    *bad_id = opts->overrides[i].rule;
                continue;
            }
            for (k = 0; k < sf__rule_count; k++)
                if (sf__rules[k] == r)
                    l->severity[k] = opts->overrides[i].severity;
        }
        l->cache_fix = opts->cache_fix;
    }
    if (!ok) {
        sf_linter_free(l);
        return SF_ENOTFOUND;
    }
    /* syntax errors are always reported: a file BuildKit cannot read is never "clean" */
    for (i = 0; i < sf__rule_count; i++)
        if (strcmp(sf__rules[i]->id, "syntax-error") == 0)
            l->enabled[i] = true;
    *out = l;
    return SF_OK;
}

void sf_linter_free(sf_linter *linter)
{
    if (!linter)
        return;
    free(linter->enabled);
    free(linter->severity);
    free(linter);
}

static int rule_index(const char *id)
{
    const struct sf_rule *r = sf__rule_find(id);

    for (size_t i = 0; r && i < sf__rule_count; i++)
        if (sf__rules[i] == r)
            return (int)i;
    return -1;
}

bool sf__linter_enabled(const sf_linter *l, const char *id)
{
    int i = rule_index(id);

    return i >= 0 && l->enabled[i];
}

sf_cache_fix sf__linter_cache_fix(const sf_linter *l)
{
    return l->cache_fix;
}

/* ---------------------------------------------------------------- result */

void sf_result_free(sf_result *res)
{
    if (!res)
        return;
    sf__arena_dispose(&res->arena);
    free(res);
}

size_t sf_result_count(const sf_result *res) { return res ? res->findings.n : 0; }
size_t sf_result_ignore_count(const sf_result *res) { return res ? res->ignore_findings.n : 0; }

const sf_finding *sf_result_get(const sf_result *res, size_t i)
{
    return res && i < res->findings.n ? &res->findings.v[i] : NULL;
}

const sf_finding *sf_result_ignore_get(const sf_result *res, size_t i)
{
    return res && i < res->ignore_findings.n ? &res->ignore_findings.v[i] : NULL;
}

/* ---------------------------------------------------------------- rule-author helpers */

sf__arena *sf__check_arena(struct sf_check *ck)
{
    return &ck->engine->scratch;
}

sf__arena *sf__finding_arena(struct sf_check *ck)
{
    return &ck->engine->res->arena;
}

static struct sf_finding *vreport(struct sf_check *ck, sf__findings *list, const sf__source *src,
                                  uint32_t start, uint32_t end, const char *fmt, va_list ap)
    SF_PRINTF(6, 0);
static struct sf_finding *vreport(struct sf_check *ck, sf__findings *list, const sf__source *src,
                                  uint32_t start, uint32_t end, const char *fmt, va_list ap)
{
    sf__arena *a = sf__finding_arena(ck);
    struct sf_finding *f = sf__findings_push(list, a);
    va_list ap2;
    int n;
    char *msg;

    if (!f)
        return NULL;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    msg = n >= 0 ? sf__arena_alloc(a, (size_t)n + 1) : NULL;
    if (msg)
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
    f->rule = ck->rule->id;
    f->severity = ck->rule->severity;
    f->message = msg ? msg : "";
    if (src)
        f->range = sf__source_range(src, start, end);
    f->url = sf__rule_url(a, ck->rule->id);
    return f;
}

struct sf_finding *sf__report(struct sf_check *ck, const struct sf_insn *insn, uint32_t start,
                              uint32_t end, const char *fmt, ...)
{
    va_list ap;
    struct sf_finding *f;

    va_start(ap, fmt);
    f = vreport(ck, &ck->engine->res->findings, &ck->doc->src, start, end, fmt, ap);
    va_end(ap);
    if (f && insn)
        f->insn = insn->index;
    return f;
}

struct sf_finding *sf__report_ignore(struct sf_check *ck, uint32_t start, uint32_t end,
                                     const char *fmt, ...)
{
    va_list ap;
    struct sf_finding *f;

    va_start(ap, fmt);
    f = vreport(ck, &ck->engine->res->ignore_findings, ck->ignore_src, start, end, fmt, ap);
    va_end(ap);
    return f;
}

void sf__fix_begin(struct sf_check *ck, struct sf_finding *f, sf_fix_safety safety, const char *title)
{
    if (!f)
        return;
    f->fix_safety = safety;
    f->fix_title = title ? sf__arena_strdup(sf__finding_arena(ck), title) : NULL;
    f->edits = NULL;
    f->nedits = 0;
}

void sf__fix_edit(struct sf_check *ck, struct sf_finding *f, uint32_t start, uint32_t end,
                  const char *text, size_t len)
{
    sf__arena *a = sf__finding_arena(ck);
    sf_edit *v;
    const sf__source *src = &ck->doc->src;

    if (!f || f->fix_safety == SF_FIX_NONE)
        return;
    if (len == SIZE_MAX)
        len = strlen(text);
    v = sf__arena_grow(a, f->edits, f->nedits, f->nedits + 1, sizeof(*v));
    if (!v)
        return;
    v[f->nedits].range = sf__source_range(src, start, end);
    v[f->nedits].text = sf__arena_strndup(a, text, len);
    v[f->nedits].len = len;
    f->edits = v;
    f->nedits++;
}

void sf__fix_cancel(struct sf_finding *f)
{
    if (!f)
        return;
    f->fix_safety = SF_FIX_NONE;
    f->fix_title = NULL;
    f->edits = NULL;
    f->nedits = 0;
}

const sf__sh *sf__check_shell(struct sf_check *ck, const struct sf_insn *insn)
{
    struct sf__engine *e = ck->engine;
    sf__sh *sh = NULL;
    uint32_t i;

    if (!insn || insn->kind != SF_INSN_RUN || insn->exec_form)
        return NULL;
    if (insn->parent) { /* ONBUILD payloads are parsed on demand, not cached */
        sf__sh_parse_insn(&sh, sf__check_arena(ck), ck->doc->src.text, insn);
        return sh;
    }
    i = insn->index;
    if (i >= ck->doc->ninsns || &ck->doc->insns[i] != insn)
        return NULL;
    if (!e->shell_done[i]) {
        sf__sh_parse_insn(&sh, sf__check_arena(ck), ck->doc->src.text, insn);
        e->shell[i] = sh;
        e->shell_done[i] = true;
    }
    return e->shell[i];
}

const char *sf__doc_eol_at(const struct sf_doc *doc, uint32_t off)
{
    uint32_t e = sf__source_line_end(&doc->src, off);

    return e < doc->src.len && doc->src.text[e] == '\r' ? "\r\n" : "\n";
}

/* ---------------------------------------------------------------- suppressions */

/* Map a hadolint code (DL3019) or BuildKit check name onto our rule id, NULL when none. */
static const char *map_foreign(const char *code, size_t n, bool buildkit)
{
    for (size_t i = 0; i < sf__rule_count; i++) {
        const char *list = buildkit ? sf__rules[i]->buildkit : sf__rules[i]->hadolint;
        while (list && *list) {
            const char *comma = strchr(list, ',');
            size_t len = comma ? (size_t)(comma - list) : strlen(list);
            if (len == n && memcmp(list, code, n) == 0)
                return sf__rules[i]->id;
            list = comma ? comma + 1 : NULL;
        }
    }
    return NULL;
}

/* Parse "id,id2" at p..e into the pragma's id list. */
static void pragma_ids(sf__arena *a, pragma *pr, const char *p, const char *e, bool hadolint)
{
    uint32_t cap = 1;

    /* ids are separated by commas and/or blanks: one slot per separator is always enough */
    for (const char *q = p; q < e; q++)
        cap += *q == ',' || sf__is_space(*q);
    pr->ids = sf__arena_alloc(a, cap * sizeof(char *));
    pr->written = sf__arena_alloc(a, cap * sizeof(char *));
    pr->used = sf__arena_alloc(a, cap * sizeof(bool));
    if (!pr->ids || !pr->written || !pr->used)
        return;
    while (p < e) {
        const char *s, *t;
        while (p < e && (sf__is_blank(*p) || *p == ','))
            p++;
        s = p;
        while (p < e && *p != ',' && !sf__is_space(*p))
            p++;
        t = p;
        if (t > s && pr->nids < cap) {
            const char *id = hadolint ? map_foreign(s, (size_t)(t - s), false)
                                      : sf__arena_strndup(a, s, (size_t)(t - s));
            if (hadolint && !id)
                continue; /* a hadolint rule we do not have: nothing to suppress */
            pr->ids[pr->nids] = id;
            pr->written[pr->nids] = sf__arena_strndup(a, s, (size_t)(t - s));
            pr->nids++;
        }
        while (p < e && *p != ',' && *p != '\n')
            if (sf__is_space(*p++))
                break;
    }
}

static bool starts_word(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);

    return (size_t)(e - p) >= n && memcmp(p, w, n) == 0;
}

/* Read one comment line [p, e) (starting at '#'); append a pragma when it is one. */
static void scan_comment(sf__arena *a, pragma **v, uint32_t *n, uint32_t *cap, const char *base,
                         const char *p, const char *e, int insn)
{
    pragma pr;
    bool hadolint = false;

    memset(&pr, 0, sizeof(pr));
    pr.start = (uint32_t)(p - base);
    pr.end = (uint32_t)(e - base);
    p++; /* '#' */
    while (p < e && sf__is_blank(*p))
        p++;
    if (starts_word(p, e, "slimfile")) {
        p += 8;
        pr.report_unused = true;
    } else if (starts_word(p, e, "hadolint")) {
        p += 8;
        hadolint = true;
    } else {
        return;
    }
    while (p < e && sf__is_blank(*p))
        p++;
    pr.insn = insn;
    if (starts_word(p, e, "global")) {
        p += 6;
        pr.insn = -1;
        while (p < e && sf__is_blank(*p))
            p++;
    }
    if (!starts_word(p, e, "ignore"))
        return;
    p += 6;
    while (p < e && sf__is_blank(*p))
        p++;
    if (p == e || *p != '=')
        return;
    p++;
    while (e > p && sf__is_space(e[-1]))
        e--;
    pragma_ids(a, &pr, p, e, hadolint);
    if (pr.nids == 0)
        return;
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        pragma *nv = sf__arena_grow(a, *v, *n, nc, sizeof(pragma));
        if (!nv)
            return;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = pr;
}

/* Scan the comment lines of [start, end) of the source. */
static void scan_trivia(sf__arena *a, const struct sf_doc *doc, uint32_t start, uint32_t end,
                        int insn, pragma **v, uint32_t *n, uint32_t *cap)
{
    const char *t = doc->src.text;
    uint32_t i = start;

    while (i < end) {
        uint32_t ls = i, le;
        while (i < end && t[i] != '\n')
            i++;
        le = i;
        if (i < end)
            i++;
        while (ls < le && sf__is_blank(t[ls]))
            ls++;
        if (ls < le && t[ls] == '#')
            scan_comment(a, v, n, cap, t, t + ls, t + le, insn);
    }
}

/* The instruction index a finding belongs to (its own, or the one whose span holds its start). */
static int finding_insn(const struct sf_doc *doc, const struct sf_finding *f)
{
    uint32_t lo = 0, hi = doc->ninsns, off = f->range.start.offset;

    if (f->insn != UINT32_MAX)
        return (int)f->insn;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (doc->insns[mid].span.end < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < doc->ninsns && doc->insns[lo].span.start <= off)
        return (int)lo;
    return -2;
}

/* BuildKit's `# check=skip=A,B` (or skip=all) directive: does it skip this rule? */
static bool check_skipped(const struct sf_doc *doc, const struct sf_rule *r)
{
    for (uint32_t i = 0; r->buildkit && i < doc->ndirectives; i++) {
        const sf__directive *d = &doc->directives[i];
        const char *p, *e;
        if (!d->key.ptr || strcmp(d->key.ptr, "check") != 0 || !d->value.ptr)
            continue;
        p = d->value.ptr;
        e = p + d->value.len;
        while (p < e) {
            const char *semi = memchr(p, ';', (size_t)(e - p));
            const char *pe = semi ? semi : e;
            while (p < pe && sf__is_blank(*p))
                p++;
            if (pe - p > 5 && memcmp(p, "skip=", 5) == 0) {
                const char *q = p + 5;
                while (q < pe) {
                    const char *c = memchr(q, ',', (size_t)(pe - q));
                    const char *qe = c ? c : pe;
                    size_t len;
                    while (q < qe && sf__is_blank(*q))
                        q++;
                    len = (size_t)(qe - q);
                    while (len && sf__is_blank(q[len - 1]))
                        len--;
                    if ((len == 3 && memcmp(q, "all", 3) == 0) ||
                        map_foreign(q, len, true) == r->id)
                        return true;
                    q = c ? c + 1 : pe;
                }
            }
            p = semi ? semi + 1 : e;
        }
    }
    return false;
}

static void apply_suppressions(struct sf__engine *e, struct sf_check *ck)
{
    const struct sf_doc *doc = e->doc;
    sf_result *res = e->res;
    sf__arena *a = &res->arena;
    pragma *pr = NULL;
    uint32_t npr = 0, cap = 0, i, k;
    size_t w = 0;
    const struct sf_rule *unused = sf__rule_find("unused-suppression");

    for (i = 0; i < doc->ninsns; i++)
        scan_trivia(a, doc, doc->insns[i].lead.start, doc->insns[i].lead.end, (int)i, &pr, &npr, &cap);
    if (doc->ninsns) {
        uint32_t tail = doc->insns[doc->ninsns - 1].span.end;
        scan_trivia(a, doc, tail, doc->src.len, -1, &pr, &npr, &cap);
        /* a non-global pragma after the last instruction applies to nothing */
    } else {
        scan_trivia(a, doc, 0, doc->src.len, -1, &pr, &npr, &cap);
    }

    for (size_t fi = 0; fi < res->findings.n; fi++) {
        struct sf_finding *f = &res->findings.v[fi];
        int at = finding_insn(doc, f);
        bool drop = false;
        for (i = 0; i < npr && !drop; i++) {
            if (pr[i].insn >= 0 && pr[i].insn != at)
                continue;
            for (k = 0; k < pr[i].nids; k++)
                if (pr[i].ids[k] && strcmp(pr[i].ids[k], f->rule) == 0 &&
                    strcmp(f->rule, "syntax-error") != 0) {
                    pr[i].used[k] = true;
                    drop = true;
                }
        }
        if (!drop)
            res->findings.v[w++] = *f;
    }
    res->findings.n = w;

    if (!unused || !sf__linter_enabled(e->linter, unused->id))
        return;
    ck->rule = unused;
    for (i = 0; i < npr; i++) {
        if (!pr[i].report_unused)
            continue;
        for (k = 0; k < pr[i].nids; k++) {
            const struct sf_rule *r = sf__rule_find(pr[i].ids[k]);
            struct sf_finding *f;
            if (pr[i].used[k])
                continue;
            if (r && !sf__linter_enabled(e->linter, r->id))
                continue;
            if (r)
                f = sf__report(ck, NULL, pr[i].start, pr[i].end,
                               "suppression of `%s` suppresses nothing here", pr[i].written[k]);
            else
                f = sf__report(ck, NULL, pr[i].start, pr[i].end,
                               "suppression names `%s`, which is not a slimfile rule", pr[i].written[k]);
            if (f)
                f->severity = e->linter->severity[rule_index(unused->id)];
        }
    }
}

/* ---------------------------------------------------------------- lint */

/* Sort a fix's edits and drop the fix when two of them overlap (a rule bug, never applied). */
static void close_fixes(sf__findings *l)
{
    for (size_t i = 0; i < l->n; i++) {
        struct sf_finding *f = &l->v[i];
        for (size_t a = 1; a < f->nedits; a++) {
            sf_edit x = f->edits[a];
            size_t b = a;
            while (b > 0 && f->edits[b - 1].range.start.offset > x.range.start.offset) {
                f->edits[b] = f->edits[b - 1];
                b--;
            }
            f->edits[b] = x;
        }
        for (size_t a = 1; a < f->nedits; a++)
            if (f->edits[a].range.start.offset < f->edits[a - 1].range.end.offset) {
                sf__fix_cancel(f);
                break;
            }
        if (f->nedits == 0)
            sf__fix_cancel(f);
    }
}

int sf_lint(sf_result **out, const sf_linter *linter, const struct sf_doc *doc, const sf_context *ctx)
{
    sf_result *res;
    struct sf__engine e;
    struct sf_check ck;
    struct sf__ignore *ig = NULL;
    size_t i;

    if (!out || !linter || !doc)
        return SF_EINVAL;
    *out = NULL;
    res = calloc(1, sizeof(*res));
    if (!res)
        return SF_ENOMEM;
    sf__arena_init(&res->arena);
    memset(&e, 0, sizeof(e));
    e.linter = linter;
    e.res = res;
    e.doc = doc;
    sf__arena_init(&e.scratch);
    e.shell = sf__arena_alloc(&e.scratch, (doc->ninsns + 1) * sizeof(*e.shell));
    e.shell_done = sf__arena_alloc(&e.scratch, (doc->ninsns + 1) * sizeof(bool));

    memset(&ck, 0, sizeof(ck));
    ck.doc = doc;
    ck.ctx = ctx;
    ck.cache_fix = linter->cache_fix;
    ck.engine = &e;
    if (ctx && ctx->has_dockerignore) {
        if (sf__source_init(&res->ignore_src, &res->arena, ctx->dockerignore ? ctx->dockerignore : "",
                            ctx->dockerignore ? ctx->dockerignore_len : 0) == SF_OK &&
            sf__ignore_parse(&ig, &res->arena, res->ignore_src.text, res->ignore_src.len) == SF_OK)
            ck.ignore = ig;
        ck.ignore_src = &res->ignore_src;
    }

    /* parse findings first: syntax-error, invalid-utf8 */
    for (i = 0; i < doc->findings.n; i++) {
        const struct sf_finding *pf = &doc->findings.v[i];
        struct sf_finding *f;
        int ri = rule_index(pf->rule);
        if (ri < 0 || !linter->enabled[ri])
            continue;
        f = sf__findings_push(&res->findings, &res->arena);
        if (!f)
            break;
        *f = *pf;
    }

    for (i = 0; i < sf__rule_count; i++) {
        const struct sf_rule *r = sf__rules[i];
        if (!linter->enabled[i] || !r->check)
            continue;
        if ((r->needs & SF_NEEDS_CONTEXT) && !ctx)
            continue;
        if (check_skipped(doc, r))
            continue;
        ck.rule = r;
        r->check(&ck);
    }

    apply_suppressions(&e, &ck);
    /* severity overrides */
    for (i = 0; i < res->findings.n; i++) {
        int ri = rule_index(res->findings.v[i].rule);
        if (ri >= 0)
            res->findings.v[i].severity = linter->severity[ri];
    }
    for (i = 0; i < res->ignore_findings.n; i++) {
        int ri = rule_index(res->ignore_findings.v[i].rule);
        if (ri >= 0)
            res->ignore_findings.v[i].severity = linter->severity[ri];
    }
    close_fixes(&res->findings);
    close_fixes(&res->ignore_findings);
    sf__findings_sort(&res->findings);
    sf__findings_sort(&res->ignore_findings);
    if (sf__arena_failed(&res->arena) || sf__arena_failed(&e.scratch)) {
        sf__arena_dispose(&e.scratch);
        sf_result_free(res);
        return SF_ENOMEM;
    }
    sf__arena_dispose(&e.scratch);
    *out = res;
    return SF_OK;
}
