/* emit.c - sf_emit() and sf_format_parse(): dispatch to one emitter per format, plus what the
 * emitters share (sorted run model, position conversion, fingerprints, URIs, JSON writer). */
#include "emit.h"

#include "ascii.h"

#include <utf8proc.h>

/* ------------------------------------------------------------------ format names */

static const struct {
    const char *name;
    sf_format fmt;
} format_names[] = {
    {"text", SF_FORMAT_TEXT},
    {"json", SF_FORMAT_JSON},
    {"sarif", SF_FORMAT_SARIF},
    {"checkstyle", SF_FORMAT_CHECKSTYLE},
    {"github", SF_FORMAT_GITHUB},
    {"gitlab", SF_FORMAT_GITLAB},
    {"lsp-diagnostics", SF_FORMAT_LSP},
};

int sf_format_parse(sf_format *out, const char *name)
{
    size_t i;

    if (!out || !name)
        return SF_EINVAL;
    for (i = 0; i < SF_ARRAY_LEN(format_names); i++)
        if (strcmp(name, format_names[i].name) == 0) {
            *out = format_names[i].fmt;
            return SF_OK;
        }
    return SF_EINVAL;
}

/* ------------------------------------------------------------------ JSON writer */

void sf__jw_init(sf__jw *w, sf_buf *b, unsigned indent)
{
    memset(w, 0, sizeof(*w));
    w->b = b;
    w->indent = indent;
    w->first = true;
}

static void jw_put(sf__jw *w, const char *s, size_t n)
{
    if (w->err == SF_OK && sf__buf_put(w->b, s, n) < 0)
        w->err = SF_ENOMEM;
}

static const char spaces[] = "\n                                                                ";

static void jw_newline(sf__jw *w, unsigned depth)
{
    size_t n = (size_t)depth * w->indent, chunk = sizeof(spaces) - 2;

    if (!w->indent)
        return;
    jw_put(w, spaces, 1 + (n < chunk ? n : chunk));
    for (n = n < chunk ? 0 : n - chunk; n > 0; n -= n < chunk ? n : chunk)
        jw_put(w, spaces + 1, n < chunk ? n : chunk);
}

/* Separator before a value or key: a comma after a sibling, then the indentation. */
static void jw_sep(sf__jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first)
        jw_put(w, ",", 1);
    if (w->depth > 0)
        jw_newline(w, w->depth);
    w->first = false;
}

static void jw_open(sf__jw *w, char c)
{
    jw_sep(w);
    jw_put(w, &c, 1);
    w->depth++;
    w->first = true;
}

static void jw_close(sf__jw *w, char c)
{
    assert(w->depth > 0);
    w->depth--;
    if (!w->first)
        jw_newline(w, w->depth);
    jw_put(w, &c, 1);
    w->first = false;
}

void sf__jw_obj(sf__jw *w) { jw_open(w, '{'); }
void sf__jw_obj_end(sf__jw *w) { jw_close(w, '}'); }
void sf__jw_arr(sf__jw *w) { jw_open(w, '['); }
void sf__jw_arr_end(sf__jw *w) { jw_close(w, ']'); }

void sf__jw_key(sf__jw *w, const char *key)
{
    jw_sep(w);
    if (w->err == SF_OK && sf__buf_json_str(w->b, key, strlen(key)) < 0)
        w->err = SF_ENOMEM;
    jw_put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
    w->after_key = true;
}

void sf__jw_strn(sf__jw *w, const char *s, size_t n)
{
    jw_sep(w);
    if (w->err == SF_OK && sf__buf_json_str(w->b, s, n) < 0)
        w->err = SF_ENOMEM;
}

void sf__jw_str(sf__jw *w, const char *s)
{
    if (!s)
        sf__jw_null(w);
    else
        sf__jw_strn(w, s, strlen(s));
}

void sf__jw_sentence(sf__jw *w, const char *s, size_t n)
{
    if (!s)
        n = 0;
    while (n > 0 && sf__is_space((unsigned char)s[n - 1]))
        n--;
    jw_sep(w);
    jw_put(w, "\"", 1);
    if (w->err == SF_OK && n && sf__buf_json_escape(w->b, s, n) < 0)
        w->err = SF_ENOMEM;
    if (n == 0 || (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?'))
        jw_put(w, ".", 1);
    jw_put(w, "\"", 1);
}

void sf__jw_uint(sf__jw *w, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    jw_sep(w);
    jw_put(w, tmp + i, sizeof(tmp) - i);
}

void sf__jw_bool(sf__jw *w, bool v)
{
    jw_sep(w);
    jw_put(w, v ? "true" : "false", v ? 4 : 5);
}

void sf__jw_null(sf__jw *w)
{
    jw_sep(w);
    jw_put(w, "null", 4);
}

void sf__jw_buf_str(sf__jw *w, const sf_buf *s)
{
    sf__jw_strn(w, s->ptr ? s->ptr : "", s->size);
}

/* ------------------------------------------------------------------ positions */

/* Code points in text[from, to), decoded as source.c does (an invalid byte counts as one). */
static uint32_t count_cp(const char *text, uint32_t from, uint32_t to)
{
    const utf8proc_uint8_t *t = (const utf8proc_uint8_t *)text;
    uint32_t n = 0, i = from;

    while (i < to) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = utf8proc_iterate(t + i, (utf8proc_ssize_t)(to - i), &c);
        i += len > 0 ? (uint32_t)len : 1;
        n++;
    }
    return n;
}

sf__emit_lc sf__emit_end_inclusive(const sf__emit_item *it, sf_range r)
{
    sf__emit_lc lc;
    uint32_t last, ls;

    lc.line = r.start.line;
    lc.col = r.start.colcp;
    if (r.end.offset <= r.start.offset)
        return lc;
    if (!it->text || r.end.offset > it->len) {
        lc.line = r.end.line;
        lc.col = r.end.colcp > 1 ? r.end.colcp - 1 : 1;
        return lc;
    }
    if (r.end.col > 1) {
        /* the last character is on the end's line, one code point before it */
        lc.line = r.end.line;
        lc.col = r.end.colcp - 1;
        return lc;
    }
    /* The end is at a line start, so the range ends just after a '\n': its last character is
     * that '\n', on the previous line after every other character of it. */
    last = r.end.offset - 1;
    ls = last;
    while (ls > 0 && it->text[ls - 1] != '\n')
        ls--;
    lc.line = r.end.line > 1 ? r.end.line - 1 : 1;
    lc.col = count_cp(it->text, ls, last) + 1;
    return lc;
}

sf__emit_lc sf__emit_lsp_pos(sf_pos p)
{
    sf__emit_lc lc;

    lc.line = p.line > 0 ? p.line - 1 : 0;
    lc.col = p.col16 > 0 ? p.col16 - 1 : 0;
    return lc;
}

bool sf__emit_has_fix(const sf_finding *f)
{
    return sf_finding_fix_safety(f) != SF_FIX_NONE && sf_finding_edit_count(f) > 0;
}

const char *sf__emit_applicability(sf_fix_safety s)
{
    return s == SF_FIX_SAFE ? "safe" : "unsafe";
}

/* ------------------------------------------------------------------ fingerprints */

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

uint64_t sf__emit_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t sf__emit_mix(uint64_t h)
{
    h ^= h >> 30;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h *= UINT64_C(0x94d049bb133111eb);
    h ^= h >> 31;
    return h;
}

void sf__emit_hex64(char hex[17], uint64_t h)
{
    int i;

    for (i = 15; i >= 0; i--) {
        hex[i] = hex_lower[h & 15];
        h >>= 4;
    }
    hex[16] = '\0';
}

/* Hash of the lines a finding touches, with every whitespace run (line breaks included) folded
 * to one space and the ends trimmed, so re-indenting or moving the text keeps the hash. */
static uint64_t hash_lines(uint64_t h, const sf__emit_item *it)
{
    sf_range r = sf_finding_range(it->f);
    uint32_t a = r.start.offset, e = r.end.offset;
    bool pending = false, any = false;
    uint32_t i;

    if (a > it->len)
        a = (uint32_t)it->len;
    if (e > it->len)
        e = (uint32_t)it->len;
    if (e < a)
        e = a;
    /* a non-empty range ending right after '\n' does not touch the next line */
    if (e > a && it->text[e - 1] == '\n')
        e--;
    while (a > 0 && it->text[a - 1] != '\n')
        a--;
    while (e < it->len && it->text[e] != '\n')
        e++;
    for (i = a; i < e; i++) {
        unsigned char c = (unsigned char)it->text[i];
        if (sf__is_space(c) || c == '\n') {
            pending = any;
            continue;
        }
        if (pending)
            h = sf__emit_fnv1a(h, " ", 1);
        pending = false;
        any = true;
        h = sf__emit_fnv1a(h, &c, 1);
    }
    return h;
}

/* Rule id and normalized text, without the occurrence index. */
static uint64_t base_hash(const sf__emit_item *it)
{
    const char *rule = sf_finding_rule(it->f);
    uint64_t h = SF_FNV_OFFSET;

    h = sf__emit_fnv1a(h, rule ? rule : "", rule ? strlen(rule) + 1 : 1);
    if (it->text) {
        h = hash_lines(h, it);
    } else {
        const char *msg = sf_finding_message(it->f);
        h = sf__emit_fnv1a(h, msg ? msg : "", msg ? strlen(msg) : 0);
    }
    return h;
}

/* ------------------------------------------------------------------ the run */

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_item(const void *pa, const void *pb)
{
    const sf__emit_item *a = pa, *b = pb;
    sf_range ra = sf_finding_range(a->f), rb = sf_finding_range(b->f);
    int c;

    if ((c = strcmp(a->path, b->path)) != 0)
        return c;
    if (ra.start.offset != rb.start.offset)
        return ra.start.offset < rb.start.offset ? -1 : 1;
    if (ra.end.offset != rb.end.offset)
        return ra.end.offset < rb.end.offset ? -1 : 1;
    if ((c = cmp_str(sf_finding_rule(a->f), sf_finding_rule(b->f))) != 0)
        return c;
    if ((c = cmp_str(sf_finding_message(a->f), sf_finding_message(b->f))) != 0)
        return c;
    if (sf_finding_severity(a->f) != sf_finding_severity(b->f))
        return sf_finding_severity(a->f) < sf_finding_severity(b->f) ? -1 : 1;
    return 0;
}

/* Units by path, then by position in the input (ties keep the first unit's text). */
typedef struct unit_ref {
    const char *path;
    size_t index;
} unit_ref;

static int cmp_unit_ref(const void *pa, const void *pb)
{
    const unit_ref *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);

    if (c != 0)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* For occurrence numbering: items of one file with one base hash, in output order. */
typedef struct occ {
    size_t file;
    uint64_t hash;
    size_t index;
} occ;

static int cmp_occ(const void *pa, const void *pb)
{
    const occ *a = pa, *b = pb;

    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The fingerprint is the base hash with the occurrence index among identical (file, base hash)
 * items mixed in: two identical lines with the same finding stay distinct, and stable when an
 * unrelated line is added or removed. */
static void assign_fingerprints(sf__emit_item *items, size_t n, sf__arena *a)
{
    occ *o = n ? sf__arena_alloc(a, n * sizeof(*o)) : NULL;
    size_t i, k = 0;

    if (!o)
        return;
    for (i = 0; i < n; i++) {
        o[i].file = items[i].file;
        o[i].hash = base_hash(&items[i]);
        o[i].index = i;
    }
    qsort(o, n, sizeof(*o), cmp_occ);
    for (i = 0; i < n; i++) {
        uint64_t h = o[i].hash, occurrence;
        if (i > 0 && o[i - 1].file == o[i].file && o[i - 1].hash == o[i].hash)
            k++;
        else
            k = 0;
        occurrence = k;
        h = sf__emit_fnv1a(h, &(unsigned char){0xff}, 1);
        while (occurrence) {
            unsigned char byte = (unsigned char)(occurrence & 0xff);
            h = sf__emit_fnv1a(h, &byte, 1);
            occurrence >>= 8;
        }
        items[o[i].index].fingerprint = sf__emit_mix(h);
    }
}

static size_t find_path(const char *const *paths, size_t n, const char *p)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(paths[mid], p);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    assert(0 && "path not in the run");
    return 0;
}

static const sf_emit_options default_options = {false, false, SF_SEV_ERROR, NULL, NULL};

int sf__emit_units(sf_buf *out, sf_format fmt, const sf__emit_unit *units, size_t nunits,
                   const sf__emit_rule *rules, size_t nrules, const char *base_dir,
                   const sf_emit_options *opts)
{
    sf__arena arena;
    sf__emit_run run;
    sf__emit_item *items = NULL;
    const char **paths = NULL;
    size_t *lens = NULL;
    unit_ref *refs = NULL;
    size_t total = 0, n = 0, np = 0, i, j;
    int err = SF_ENOMEM;

    if (!out || (nunits && !units) || (nrules && !rules))
        return SF_EINVAL;
    if ((unsigned)fmt > (unsigned)SF_FORMAT_LSP)
        return SF_EINVAL;
    for (i = 0; i < nunits; i++) {
        if (units[i].nfindings && !units[i].findings)
            return SF_EINVAL;
        total += units[i].nfindings;
    }
    sf__arena_init(&arena);
    items = total ? sf__arena_alloc(&arena, total * sizeof(*items)) : NULL;
    paths = nunits ? sf__arena_alloc(&arena, nunits * sizeof(*paths)) : NULL;
    lens = nunits ? sf__arena_alloc(&arena, nunits * sizeof(*lens)) : NULL;
    refs = nunits ? sf__arena_alloc(&arena, nunits * sizeof(*refs)) : NULL;
    if (sf__arena_failed(&arena))
        goto done;

    for (i = 0; i < nunits; i++) {
        const char *path = units[i].path ? units[i].path : "-";
        refs[np].path = path;
        refs[np++].index = i;
        for (j = 0; j < units[i].nfindings; j++) {
            if (!units[i].findings[j])
                continue;
            items[n].f = units[i].findings[j];
            items[n].path = path;
            items[n].text = units[i].text;
            items[n].len = units[i].text ? units[i].len : 0;
            n++;
        }
    }
    if (np > 1)
        qsort(refs, np, sizeof(*refs), cmp_unit_ref);
    for (i = j = 0; i < np; i++)
        if (j == 0 || strcmp(paths[j - 1], refs[i].path) != 0) {
            const sf__emit_unit *u = &units[refs[i].index];
            paths[j] = refs[i].path;
            lens[j++] = u->text ? u->len : SIZE_MAX;
        }
    np = j;
    if (n > 1)
        qsort(items, n, sizeof(*items), cmp_item);
    /* the same .dockerignore may come with several Dockerfiles: report its findings once */
    for (i = j = 0; i < n; i++)
        if (j == 0 || cmp_item(&items[j - 1], &items[i]) != 0)
            items[j++] = items[i];
    n = j;
    for (i = 0; i < n; i++)
        items[i].file = find_path(paths, np, items[i].path);
    assign_fingerprints(items, n, &arena);
    if (sf__arena_failed(&arena))
        goto done;

    memset(&run, 0, sizeof(run));
    run.items = items;
    run.nitems = n;
    run.paths = paths;
    run.npaths = np;
    run.path_lens = lens;
    run.rules = rules;
    run.nrules = nrules;
    run.base_dir = base_dir;
    run.opts = opts ? opts : &default_options;
    switch (fmt) {
    case SF_FORMAT_TEXT: err = sf__emit_text(out, &run); break;
    case SF_FORMAT_JSON: err = sf__emit_json(out, &run); break;
    case SF_FORMAT_SARIF: err = sf__emit_sarif(out, &run); break;
    case SF_FORMAT_CHECKSTYLE: err = sf__emit_checkstyle(out, &run); break;
    case SF_FORMAT_GITHUB: err = sf__emit_github(out, &run); break;
    case SF_FORMAT_GITLAB: err = sf__emit_gitlab(out, &run); break;
    case SF_FORMAT_LSP: err = sf__emit_lsp(out, &run); break;
    default: err = SF_EINVAL; break;
    }
done:
    sf__arena_dispose(&arena);
    return err;
}

/* ------------------------------------------------------------------ URIs */

static bool is_unreserved(unsigned char c)
{
    return sf__is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int sf__emit_uri_path(sf_buf *b, const char *path)
{
    const unsigned char *p = (const unsigned char *)path;

    for (; *p; p++) {
        if (is_unreserved(*p) || *p == '/') {
            if (sf__buf_putc(b, (char)*p) < 0)
                return SF_ENOMEM;
        } else {
            char e[3] = {'%', hex_upper[*p >> 4], hex_upper[*p & 15]};
            if (sf__buf_put(b, e, 3) < 0)
                return SF_ENOMEM;
        }
    }
    return sf__buf_grow(b, 0);
}

int sf__emit_file_uri(sf_buf *b, const char *path, const char *base_dir)
{
    size_t n;

    if (path[0] == '/')
        return sf__buf_puts(b, "file://") < 0 ? SF_ENOMEM : sf__emit_uri_path(b, path);
    if (!base_dir || base_dir[0] != '/')
        return sf__emit_uri_path(b, path);
    if (sf__buf_puts(b, "file://") < 0 || sf__emit_uri_path(b, base_dir) < 0)
        return SF_ENOMEM;
    n = strlen(base_dir);
    if (base_dir[n - 1] != '/' && sf__buf_putc(b, '/') < 0)
        return SF_ENOMEM;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return sf__emit_uri_path(b, path);
}

/* ------------------------------------------------------------------ sf_emit */

/* Findings of one file as a pointer array (arena). */
static const sf_finding *const *collect(sf__arena *a, const sf_emit_file *f, bool ignore, size_t *n)
{
    const sf_finding **v;
    size_t i, count;

    if (ignore)
        count = f->result ? sf_result_ignore_count(f->result) : 0;
    else if (f->result)
        count = sf_result_count(f->result);
    else
        count = f->doc ? sf_doc_finding_count(f->doc) : 0;
    *n = 0;
    if (count == 0)
        return NULL;
    v = sf__arena_alloc(a, count * sizeof(*v));
    if (!v)
        return NULL;
    for (i = 0; i < count; i++) {
        if (ignore)
            v[i] = sf_result_ignore_get(f->result, i);
        else if (f->result)
            v[i] = sf_result_get(f->result, i);
        else
            v[i] = sf_doc_finding(f->doc, i);
    }
    *n = count;
    return v;
}

/* The registry as SARIF rule descriptors, in registry order. */
static sf__emit_rule *registry_rules(sf__arena *a, size_t *n)
{
    size_t count = sf_rule_count(), i, k = 0;
    sf__emit_rule *r;

    *n = 0;
    if (count == 0)
        return NULL;
    r = sf__arena_alloc(a, count * sizeof(*r));
    if (!r)
        return NULL;
    for (i = 0; i < count; i++) {
        const char *id = sf_rule_id(i);
        if (!id || sf_rule_info(id, &r[k].severity, &r[k].summary, &r[k].doc, &r[k].fix) < 0)
            continue;
        r[k++].id = id;
    }
    *n = k;
    return r;
}

int sf_emit(sf_buf *out, sf_format fmt, const sf_emit_file *files, size_t nfiles,
            const sf_emit_options *opts)
{
    sf__arena arena;
    sf__emit_unit *units = NULL;
    sf__emit_rule *rules = NULL;
    size_t nu = 0, nrules = 0, i;
    int err;

    if (!out || (nfiles && !files))
        return SF_EINVAL;
    sf__arena_init(&arena);
    units = nfiles ? sf__arena_alloc(&arena, 2 * nfiles * sizeof(*units)) : NULL;
    for (i = 0; units && i < nfiles; i++) {
        const sf_emit_file *f = &files[i];
        sf__emit_unit *u = &units[nu++];

        u->path = f->path ? f->path : f->doc && sf_doc_name(f->doc) ? sf_doc_name(f->doc) : "-";
        u->text = f->doc ? sf_doc_source(f->doc, &u->len) : NULL;
        u->findings = collect(&arena, f, false, &u->nfindings);
        if (f->result && (f->ignore_path || sf_result_ignore_count(f->result) > 0)) {
            u = &units[nu++];
            u->path = f->ignore_path ? f->ignore_path : ".dockerignore";
            u->text = f->ignore_doc ? sf_doc_source(f->ignore_doc, &u->len) : NULL;
            u->findings = collect(&arena, f, true, &u->nfindings);
        }
    }
    if (fmt == SF_FORMAT_SARIF)
        rules = registry_rules(&arena, &nrules);
    if (sf__arena_failed(&arena)) {
        sf__arena_dispose(&arena);
        return SF_ENOMEM;
    }
    err = sf__emit_units(out, fmt, units, nu, rules, nrules, opts ? opts->base_dir : NULL, opts);
    sf__arena_dispose(&arena);
    return err;
}
