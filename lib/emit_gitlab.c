/* emit_gitlab.c - GitLab Code Quality report (a Code Climate subset), pretty-printed:
 *
 *   [{"description", "check_name", "fingerprint", "severity",
 *     "location": {"path", "lines": {"begin", "end"}}}]
 *
 * Severity: error -> critical, warning -> major, info -> minor, style -> info ("blocker" is
 * left for nothing: no finding stops a pipeline by itself; the failure level does that).
 * The fingerprint is the SARIF one (rule id, normalized line text, occurrence index) with the
 * path mixed in, since GitLab needs it unique across the whole report. */
#include "emit.h"

static const char *severity_of(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return "critical";
    case SF_SEV_WARNING: return "major";
    case SF_SEV_INFO: return "minor";
    default: return "info";
    }
}

static void put_item(sf__jw *w, const sf__emit_item *it)
{
    const sf_finding *f = it->f;
    sf_range r = sf_finding_range(f);
    sf__emit_lc end = sf__emit_end_inclusive(it, r);
    uint64_t h = sf__emit_fnv1a(SF_FNV_OFFSET, it->path, strlen(it->path) + 1);
    unsigned char fp[8];
    char hex[17];
    int i;

    for (i = 0; i < 8; i++)
        fp[i] = (unsigned char)(it->fingerprint >> (8 * i));
    h = sf__emit_mix(sf__emit_fnv1a(h, fp, sizeof(fp)));
    sf__emit_hex64(hex, h);

    sf__jw_obj(w);
    sf__jw_key(w, "description");
    sf__jw_str(w, sf_finding_message(f) ? sf_finding_message(f) : "");
    sf__jw_key(w, "check_name");
    sf__jw_str(w, sf_finding_rule(f) ? sf_finding_rule(f) : "");
    sf__jw_key(w, "fingerprint");
    sf__jw_str(w, hex);
    sf__jw_key(w, "severity");
    sf__jw_str(w, severity_of(sf_finding_severity(f)));
    sf__jw_key(w, "location");
    sf__jw_obj(w);
    sf__jw_key(w, "path");
    sf__jw_str(w, it->path);
    sf__jw_key(w, "lines");
    sf__jw_obj(w);
    sf__jw_key(w, "begin");
    sf__jw_uint(w, r.start.line);
    sf__jw_key(w, "end");
    sf__jw_uint(w, end.line);
    sf__jw_obj_end(w);
    sf__jw_obj_end(w);
    sf__jw_obj_end(w);
}

int sf__emit_gitlab(sf_buf *out, const sf__emit_run *run)
{
    sf__jw w;
    size_t i;

    sf__jw_init(&w, out, 2);
    sf__jw_arr(&w);
    for (i = 0; i < run->nitems; i++)
        put_item(&w, &run->items[i]);
    sf__jw_arr_end(&w);
    if (w.err == SF_OK && sf__buf_putc(out, '\n') < 0)
        w.err = SF_ENOMEM;
    return w.err;
}
