/* emit_json.c - the public JSON format: one array for the whole run, one compact object per line.
 *
 *   [
 *   {"file":..,"rule":..,"severity":..,"message":..,"line":..,"column":..,"end_line":..,
 *    "end_column":..,"offset":..,"end_offset":..,"url":..,"fix":null|{..}},
 *   ...
 *   ]
 *
 * line/column are 1-based, columns count Unicode code points. end_line/end_column are inclusive:
 * the position of the last character of the range (an empty range has end == start). offset and
 * end_offset are byte offsets, half-open like the library's ranges.
 *
 * `fix` copies ruff's JSON: {"applicability", "message", "edits": [{"content", "location",
 * "end_location"}]} with {"row", "column"} positions, 1-based, code-point columns. As in ruff, an
 * edit's end_location is EXCLUSIVE (the position just after the replaced text), unlike end_column
 * of the finding itself. */
#include "emit.h"

static void put_loc(sf__jw *w, const char *key, sf_pos p)
{
    sf__jw_key(w, key);
    sf__jw_obj(w);
    sf__jw_key(w, "row");
    sf__jw_uint(w, p.line);
    sf__jw_key(w, "column");
    sf__jw_uint(w, p.colcp);
    sf__jw_obj_end(w);
}

static void put_fix(sf__jw *w, const sf_finding *f)
{
    size_t i, n = sf_finding_edit_count(f);

    sf__jw_key(w, "fix");
    if (!sf__emit_has_fix(f)) {
        sf__jw_null(w);
        return;
    }
    sf__jw_obj(w);
    sf__jw_key(w, "applicability");
    sf__jw_str(w, sf__emit_applicability(sf_finding_fix_safety(f)));
    sf__jw_key(w, "message");
    sf__jw_str(w, sf_finding_fix_title(f));
    sf__jw_key(w, "edits");
    sf__jw_arr(w);
    for (i = 0; i < n; i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        sf__jw_obj(w);
        sf__jw_key(w, "content");
        sf__jw_strn(w, e->text ? e->text : "", e->text ? e->len : 0);
        put_loc(w, "location", e->range.start);
        put_loc(w, "end_location", e->range.end); /* exclusive, as in ruff */
        sf__jw_obj_end(w);
    }
    sf__jw_arr_end(w);
    sf__jw_obj_end(w);
}

static int put_item(sf_buf *out, const sf__emit_item *it)
{
    const sf_finding *f = it->f;
    sf_range r = sf_finding_range(f);
    sf__emit_lc end = sf__emit_end_inclusive(it, r);
    sf__jw w;

    sf__jw_init(&w, out, 0);
    sf__jw_obj(&w);
    sf__jw_key(&w, "file");
    sf__jw_str(&w, it->path);
    sf__jw_key(&w, "rule");
    sf__jw_str(&w, sf_finding_rule(f));
    sf__jw_key(&w, "severity");
    sf__jw_str(&w, sf_severity_name(sf_finding_severity(f)));
    sf__jw_key(&w, "message");
    sf__jw_str(&w, sf_finding_message(f) ? sf_finding_message(f) : "");
    sf__jw_key(&w, "line");
    sf__jw_uint(&w, r.start.line);
    sf__jw_key(&w, "column");
    sf__jw_uint(&w, r.start.colcp);
    sf__jw_key(&w, "end_line");
    sf__jw_uint(&w, end.line);
    sf__jw_key(&w, "end_column");
    sf__jw_uint(&w, end.col);
    sf__jw_key(&w, "offset");
    sf__jw_uint(&w, r.start.offset);
    sf__jw_key(&w, "end_offset");
    sf__jw_uint(&w, r.end.offset);
    sf__jw_key(&w, "url");
    sf__jw_str(&w, sf_finding_url(f));
    put_fix(&w, f);
    sf__jw_obj_end(&w);
    return w.err;
}

int sf__emit_json(sf_buf *out, const sf__emit_run *run)
{
    size_t i;

    if (run->nitems == 0)
        return sf__buf_puts(out, "[]\n");
    if (sf__buf_puts(out, "[\n") < 0)
        return SF_ENOMEM;
    for (i = 0; i < run->nitems; i++) {
        if (put_item(out, &run->items[i]) < 0)
            return SF_ENOMEM;
        if (sf__buf_puts(out, i + 1 < run->nitems ? ",\n" : "\n") < 0)
            return SF_ENOMEM;
    }
    return sf__buf_puts(out, "]\n");
}
