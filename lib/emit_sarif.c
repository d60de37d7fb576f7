/* emit_sarif.c - SARIF 2.1.0, one run, pretty-printed with 2 spaces.
 *
 * Columns are UTF-16 code units (run.columnKind "utf16CodeUnits"), 1-based, endColumn exclusive.
 * Relative paths are artifact URIs against %SRCROOT%; absolute paths become file:// URIs.
 * partialFingerprints["slimfile/v1"] hashes the rule id, the whitespace-normalized text of the
 * lines the finding touches and the occurrence index among identical ones: no line numbers, so
 * unrelated edits above a finding keep its fingerprint. Validated by tests/sarif/validate.sh. */
#include "emit.h"

#include "ascii.h"
#include "finding.h"

#define DEFAULT_INFO_URI "https://slimfile.dev/"

static const char *level_of(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return "error";
    case SF_SEV_WARNING: return "warning";
    default: return "note";
    }
}

/* "apk-no-cache" -> "ApkNoCache". */
static void put_pascal(sf__jw *w, sf_buf *tmp, const char *id)
{
    bool up = true;

    sf__buf_clear(tmp);
    for (; *id; id++) {
        if (*id == '-' || *id == '_' || *id == '.') {
            up = true;
            continue;
        }
        if (sf__buf_putc(tmp, (char)(up ? sf__to_upper((unsigned char)*id) : *id)) < 0)
            w->err = SF_ENOMEM;
        up = false;
    }
    sf__jw_buf_str(w, tmp);
}

/* The first paragraph of a rule's Markdown doc that is not a heading (docs start with
 * "# rule-id"), its line breaks folded to spaces, into tmp. Empty when there is none, or when it
 * ends with ':' (it introduces a list and says little alone). */
static void first_paragraph(sf_buf *tmp, const char *doc, int *err)
{
    const char *p = doc;

    sf__buf_clear(tmp);
    while (*p) {
        const char *q = p, *end;
        /* paragraph: lines up to a blank line */
        while (*q) {
            const char *nl = strchr(q, '\n');
            const char *r;
            if (!nl) {
                q += strlen(q);
                break;
            }
            r = nl + 1;
            while (*r == ' ' || *r == '\t' || *r == '\r')
                r++;
            q = nl;
            if (*r == '\n' || *r == '\0')
                break;
            q = nl + 1;
        }
        end = q;
        while (p < end && (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p < end && *p != '#') {
            for (; p < end; p++)
                if (sf__buf_putc(tmp, *p == '\n' || *p == '\r' ? ' ' : *p) < 0)
                    *err = SF_ENOMEM;
            while (tmp->size && tmp->ptr[tmp->size - 1] == ' ')
                tmp->ptr[--tmp->size] = '\0';
            if (tmp->size && tmp->ptr[tmp->size - 1] == ':')
                sf__buf_clear(tmp);
            return;
        }
        p = *end ? end + 1 : end;
    }
}

static void put_text_obj(sf__jw *w, const char *key, const char *s, size_t n)
{
    sf__jw_key(w, key);
    sf__jw_obj(w);
    sf__jw_key(w, "text");
    sf__jw_sentence(w, s, n);
    sf__jw_obj_end(w);
}

static void put_rule(sf__jw *w, sf_buf *tmp, const sf__emit_rule *r)
{
    const char *summary = r->summary ? r->summary : r->id;
    const char *doc = r->doc && r->doc[0] ? r->doc : summary;
    int err = SF_OK;

    sf__jw_obj(w);
    sf__jw_key(w, "id");
    sf__jw_str(w, r->id);
    sf__jw_key(w, "name");
    put_pascal(w, tmp, r->id);
    put_text_obj(w, "shortDescription", summary, strlen(summary));
    first_paragraph(tmp, doc, &err);
    if (err < 0)
        w->err = err;
    if (tmp->size)
        put_text_obj(w, "fullDescription", tmp->ptr, tmp->size);
    else
        put_text_obj(w, "fullDescription", summary, strlen(summary));
    sf__jw_key(w, "help");
    sf__jw_obj(w);
    sf__jw_key(w, "text");
    sf__jw_str(w, doc);
    sf__jw_key(w, "markdown");
    sf__jw_str(w, doc);
    sf__jw_obj_end(w);
    sf__jw_key(w, "helpUri");
    sf__buf_clear(tmp);
    if (sf__buf_puts(tmp, SF_DOCS_BASE) < 0 || sf__emit_uri_path(tmp, r->id) < 0)
        w->err = SF_ENOMEM;
    sf__jw_buf_str(w, tmp);
    sf__jw_key(w, "defaultConfiguration");
    sf__jw_obj(w);
    sf__jw_key(w, "level");
    sf__jw_str(w, level_of(r->severity));
    sf__jw_obj_end(w);
    sf__jw_key(w, "properties");
    sf__jw_obj(w);
    sf__jw_key(w, "fix");
    sf__jw_str(w, r->fix == SF_FIX_SAFE ? "safe" : r->fix == SF_FIX_UNSAFE ? "unsafe" : "none");
    sf__jw_obj_end(w);
    sf__jw_obj_end(w);
}

static bool is_absolute(const char *path)
{
    return path[0] == '/';
}

/* artifactLocation of file index i. */
static void put_artifact_location(sf__jw *w, sf_buf *tmp, const sf__emit_run *run, size_t i,
                                  bool with_index)
{
    const char *path = run->paths[i];

    sf__jw_key(w, "artifactLocation");
    sf__jw_obj(w);
    sf__jw_key(w, "uri");
    sf__buf_clear(tmp);
    if (sf__emit_file_uri(tmp, path, NULL) < 0)
        w->err = SF_ENOMEM;
    sf__jw_buf_str(w, tmp);
    if (!is_absolute(path)) {
        sf__jw_key(w, "uriBaseId");
        sf__jw_str(w, "%SRCROOT%");
    }
    if (with_index) {
        sf__jw_key(w, "index");
        sf__jw_uint(w, i);
    }
    sf__jw_obj_end(w);
}

static void put_snippet(sf__jw *w, const char *text, uint32_t from, uint32_t to)
{
    sf__jw_key(w, "snippet");
    sf__jw_obj(w);
    sf__jw_key(w, "text");
    sf__jw_strn(w, text + from, to - from);
    sf__jw_obj_end(w);
}

/* A region; with the item's source at hand, its text as the snippet. */
static void put_region(sf__jw *w, const char *key, sf_range r, const sf__emit_item *it)
{
    sf__jw_key(w, key);
    sf__jw_obj(w);
    sf__jw_key(w, "startLine");
    sf__jw_uint(w, r.start.line);
    sf__jw_key(w, "startColumn");
    sf__jw_uint(w, r.start.col16);
    sf__jw_key(w, "endLine");
    sf__jw_uint(w, r.end.line);
    sf__jw_key(w, "endColumn");
    sf__jw_uint(w, r.end.col16);
    if (it && it->text && r.start.offset <= r.end.offset && r.end.offset <= it->len)
        put_snippet(w, it->text, r.start.offset, r.end.offset);
    sf__jw_obj_end(w);
}

static uint32_t line_start(const char *text, uint32_t off)
{
    while (off > 0 && text[off - 1] != '\n')
        off--;
    return off;
}

static uint32_t line_end(const char *text, size_t len, uint32_t off)
{
    while (off < len && text[off] != '\n')
        off++;
    return off;
}

/* contextRegion: the finding's lines plus one line above and below, as whole lines. Left out
 * when there is no line around the region (the context would not be larger than it). */
static void put_context(sf__jw *w, const sf__emit_item *it, sf_range r)
{
    uint32_t first = r.start.line, last = r.end.line, from, to;

    if (!it->text || r.end.offset > it->len || r.start.offset > r.end.offset)
        return;
    from = line_start(it->text, r.start.offset);
    if (from > 0) {
        from = line_start(it->text, from - 1);
        first--;
    }
    to = line_end(it->text, it->len, r.end.offset);
    if (to + 1 < it->len) { /* a next line with something on it */
        to = line_end(it->text, it->len, to + 1);
        last++;
    }
    if (first == r.start.line && last == r.end.line)
        return;
    if (to > from && it->text[to - 1] == '\r')
        to--;
    sf__jw_key(w, "contextRegion");
    sf__jw_obj(w);
    sf__jw_key(w, "startLine");
    sf__jw_uint(w, first);
    sf__jw_key(w, "endLine");
    sf__jw_uint(w, last);
    put_snippet(w, it->text, from, to);
    sf__jw_obj_end(w);
}

static void put_fixes(sf__jw *w, sf_buf *tmp, const sf__emit_run *run, const sf__emit_item *it)
{
    const sf_finding *f = it->f;
    const char *title = sf_finding_fix_title(f);
    size_t i, n = sf_finding_edit_count(f);

    sf__jw_key(w, "fixes");
    sf__jw_arr(w);
    sf__jw_obj(w);
    if (title)
        put_text_obj(w, "description", title, strlen(title));
    sf__jw_key(w, "artifactChanges");
    sf__jw_arr(w);
    sf__jw_obj(w);
    put_artifact_location(w, tmp, run, it->file, true);
    sf__jw_key(w, "replacements");
    sf__jw_arr(w);
    for (i = 0; i < n; i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        sf__jw_obj(w);
        put_region(w, "deletedRegion", e->range, NULL);
        if (e->text && e->len) { /* no insertedContent: a pure deletion */
            sf__jw_key(w, "insertedContent");
            sf__jw_obj(w);
            sf__jw_key(w, "text");
            sf__jw_strn(w, e->text, e->len);
            sf__jw_obj_end(w);
        }
        sf__jw_obj_end(w);
    }
    sf__jw_arr_end(w);
    sf__jw_obj_end(w);
    sf__jw_arr_end(w);
    sf__jw_obj_end(w);
    sf__jw_arr_end(w);
}

static void put_result(sf__jw *w, sf_buf *tmp, const sf__emit_run *run, const sf__emit_item *it)
{
    const sf_finding *f = it->f;
    const char *rule = sf_finding_rule(f) ? sf_finding_rule(f) : "";
    const char *msg = sf_finding_message(f) ? sf_finding_message(f) : rule;
    char hex[17];
    size_t i;

    sf__jw_obj(w);
    sf__jw_key(w, "ruleId");
    sf__jw_str(w, rule);
    for (i = 0; i < run->nrules; i++)
        if (strcmp(run->rules[i].id, rule) == 0) {
            sf__jw_key(w, "ruleIndex");
            sf__jw_uint(w, i);
            break;
        }
    sf__jw_key(w, "level");
    sf__jw_str(w, level_of(sf_finding_severity(f)));
    put_text_obj(w, "message", msg, strlen(msg));
    sf__jw_key(w, "locations");
    sf__jw_arr(w);
    sf__jw_obj(w);
    sf__jw_key(w, "physicalLocation");
    sf__jw_obj(w);
    put_artifact_location(w, tmp, run, it->file, true);
    put_region(w, "region", sf_finding_range(f), it);
    put_context(w, it, sf_finding_range(f));
    sf__jw_obj_end(w);
    sf__jw_obj_end(w);
    sf__jw_arr_end(w);
    sf__jw_key(w, "partialFingerprints");
    sf__jw_obj(w);
    sf__jw_key(w, "slimfile/v1");
    sf__emit_hex64(hex, it->fingerprint);
    sf__jw_str(w, hex);
    sf__jw_obj_end(w);
    if (sf__emit_has_fix(f))
        put_fixes(w, tmp, run, it);
    sf__jw_obj_end(w);
}

int sf__emit_sarif(sf_buf *out, const sf__emit_run *run)
{
    const char *info = run->opts->tool_uri ? run->opts->tool_uri : DEFAULT_INFO_URI;
    sf_buf tmp = SF_BUF_INIT;
    sf__jw w;
    size_t i;

    sf__jw_init(&w, out, 2);
    sf__jw_obj(&w);
    sf__jw_key(&w, "$schema");
    sf__jw_str(&w, "https://json.schemastore.org/sarif-2.1.0.json");
    sf__jw_key(&w, "version");
    sf__jw_str(&w, "2.1.0");
    sf__jw_key(&w, "runs");
    sf__jw_arr(&w);
    sf__jw_obj(&w);

    sf__jw_key(&w, "tool");
    sf__jw_obj(&w);
    sf__jw_key(&w, "driver");
    sf__jw_obj(&w);
    sf__jw_key(&w, "name");
    sf__jw_str(&w, "slimfile");
    sf__jw_key(&w, "version");
    sf__jw_str(&w, sf_version_string());
    sf__jw_key(&w, "semanticVersion");
    sf__jw_str(&w, sf_version_string());
    sf__jw_key(&w, "informationUri");
    sf__jw_str(&w, info);
    sf__jw_key(&w, "rules");
    sf__jw_arr(&w);
    for (i = 0; i < run->nrules; i++)
        put_rule(&w, &tmp, &run->rules[i]);
    sf__jw_arr_end(&w);
    sf__jw_obj_end(&w);
    sf__jw_obj_end(&w);

    sf__jw_key(&w, "invocations");
    sf__jw_arr(&w);
    sf__jw_obj(&w);
    sf__jw_key(&w, "executionSuccessful");
    sf__jw_bool(&w, true);
    sf__jw_obj_end(&w);
    sf__jw_arr_end(&w);

    if (run->base_dir && run->base_dir[0] == '/') {
        sf__jw_key(&w, "originalUriBaseIds");
        sf__jw_obj(&w);
        sf__jw_key(&w, "%SRCROOT%");
        sf__jw_obj(&w);
        sf__jw_key(&w, "uri");
        sf__buf_clear(&tmp);
        if (sf__buf_puts(&tmp, "file://") < 0 || sf__emit_uri_path(&tmp, run->base_dir) < 0 ||
            (tmp.ptr[tmp.size - 1] != '/' && sf__buf_putc(&tmp, '/') < 0))
            w.err = SF_ENOMEM;
        sf__jw_buf_str(&w, &tmp);
        sf__jw_obj_end(&w);
        sf__jw_obj_end(&w);
    }

    sf__jw_key(&w, "artifacts");
    sf__jw_arr(&w);
    for (i = 0; i < run->npaths; i++) {
        sf__jw_obj(&w);
        sf__jw_key(&w, "location");
        sf__jw_obj(&w);
        sf__jw_key(&w, "uri");
        sf__buf_clear(&tmp);
        if (sf__emit_file_uri(&tmp, run->paths[i], NULL) < 0)
            w.err = SF_ENOMEM;
        sf__jw_buf_str(&w, &tmp);
        if (!is_absolute(run->paths[i])) {
            sf__jw_key(&w, "uriBaseId");
            sf__jw_str(&w, "%SRCROOT%");
        }
        sf__jw_obj_end(&w);
        if (run->path_lens && run->path_lens[i] != SIZE_MAX) {
            sf__jw_key(&w, "length");
            sf__jw_uint(&w, run->path_lens[i]);
        }
        sf__jw_key(&w, "roles");
        sf__jw_arr(&w);
        sf__jw_str(&w, "analysisTarget");
        sf__jw_arr_end(&w);
        sf__jw_obj_end(&w);
    }
    sf__jw_arr_end(&w);

    sf__jw_key(&w, "columnKind");
    sf__jw_str(&w, "utf16CodeUnits");
    sf__jw_key(&w, "results");
    sf__jw_arr(&w);
    for (i = 0; i < run->nitems; i++)
        put_result(&w, &tmp, run, &run->items[i]);
    sf__jw_arr_end(&w);

    sf__jw_obj_end(&w);
    sf__jw_arr_end(&w);
    sf__jw_obj_end(&w);
    if (w.err == SF_OK && sf__buf_putc(out, '\n') < 0)
        w.err = SF_ENOMEM;
    sf_buf_dispose(&tmp);
    return w.err;
}
