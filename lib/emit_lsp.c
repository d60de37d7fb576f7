/* emit_lsp.c - LSP Diagnostic objects (LSP 3.17), pretty-printed.
 *
 * One file: a bare Diagnostic[]. Several: an object whose keys are file URIs (file:///abs/path,
 * percent-encoded; a relative path is resolved against the run's base_dir, and stays a relative
 * URI reference without one) and whose values are Diagnostic[]; every file appears, an empty
 * array clearing its diagnostics.
 *
 * range: 0-based lines, `character` in UTF-16 code units, end exclusive. severity: error 1,
 * warning 2, info 3 (Information), style 4 (Hint). data.fix carries the fix as TextEdit[] for
 * code actions. */
#include "emit.h"

static unsigned severity_of(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return 1;
    case SF_SEV_WARNING: return 2;
    case SF_SEV_INFO: return 3;
    default: return 4;
    }
}

static void put_position(sf__jw *w, const char *key, sf_pos p)
{
    sf__emit_lc lc = sf__emit_lsp_pos(p);

    sf__jw_key(w, key);
    sf__jw_obj(w);
    sf__jw_key(w, "line");
    sf__jw_uint(w, lc.line);
    sf__jw_key(w, "character");
    sf__jw_uint(w, lc.col);
    sf__jw_obj_end(w);
}

static void put_range(sf__jw *w, sf_range r)
{
    sf__jw_key(w, "range");
    sf__jw_obj(w);
    put_position(w, "start", r.start);
    put_position(w, "end", r.end);
    sf__jw_obj_end(w);
}

static void put_fix(sf__jw *w, const sf_finding *f)
{
    size_t i, n = sf_finding_edit_count(f);

    sf__jw_key(w, "data");
    sf__jw_obj(w);
    sf__jw_key(w, "fix");
    sf__jw_obj(w);
    sf__jw_key(w, "title");
    sf__jw_str(w, sf_finding_fix_title(f) ? sf_finding_fix_title(f) : sf_finding_rule(f));
    sf__jw_key(w, "applicability");
    sf__jw_str(w, sf__emit_applicability(sf_finding_fix_safety(f)));
    sf__jw_key(w, "edits");
    sf__jw_arr(w);
    for (i = 0; i < n; i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        sf__jw_obj(w);
        put_range(w, e->range);
        sf__jw_key(w, "newText");
        sf__jw_strn(w, e->text ? e->text : "", e->text ? e->len : 0);
        sf__jw_obj_end(w);
    }
    sf__jw_arr_end(w);
    sf__jw_obj_end(w);
    sf__jw_obj_end(w);
}

static void put_item(sf__jw *w, const sf__emit_item *it)
{
    const sf_finding *f = it->f;

    sf__jw_obj(w);
    put_range(w, sf_finding_range(f));
    sf__jw_key(w, "severity");
    sf__jw_uint(w, severity_of(sf_finding_severity(f)));
    sf__jw_key(w, "code");
    sf__jw_str(w, sf_finding_rule(f) ? sf_finding_rule(f) : "");
    if (sf_finding_url(f)) {
        sf__jw_key(w, "codeDescription");
        sf__jw_obj(w);
        sf__jw_key(w, "href");
        sf__jw_str(w, sf_finding_url(f));
        sf__jw_obj_end(w);
    }
    sf__jw_key(w, "source");
    sf__jw_str(w, "slimfile");
    sf__jw_key(w, "message");
    sf__jw_str(w, sf_finding_message(f) ? sf_finding_message(f) : "");
    if (sf__emit_has_fix(f))
        put_fix(w, f);
    sf__jw_obj_end(w);
}

/* Diagnostics of file index `file`, starting at items[*k] (items are grouped by file). */
static void put_file(sf__jw *w, const sf__emit_run *run, size_t file, size_t *k)
{
    sf__jw_arr(w);
    for (; *k < run->nitems && run->items[*k].file == file; (*k)++)
        put_item(w, &run->items[*k]);
    sf__jw_arr_end(w);
}

int sf__emit_lsp(sf_buf *out, const sf__emit_run *run)
{
    sf_buf uri = SF_BUF_INIT;
    sf__jw w;
    size_t i, k = 0;

    sf__jw_init(&w, out, 2);
    if (run->npaths <= 1) {
        put_file(&w, run, 0, &k);
    } else {
        sf__jw_obj(&w);
        for (i = 0; i < run->npaths; i++) {
            sf__buf_clear(&uri);
            if (sf__emit_file_uri(&uri, run->paths[i], run->base_dir) < 0)
                w.err = SF_ENOMEM;
            sf__jw_key(&w, uri.ptr ? uri.ptr : "");
            put_file(&w, run, i, &k);
        }
        sf__jw_obj_end(&w);
    }
    sf_buf_dispose(&uri);
    if (w.err == SF_OK && sf__buf_putc(out, '\n') < 0)
        w.err = SF_ENOMEM;
    return w.err;
}
