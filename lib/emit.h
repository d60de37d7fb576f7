/* emit.h - output formats behind sf_emit(): the internal run model, the shared position
 * conversion, a small JSON writer and one entry point per format.
 *
 * sf_emit() (emit.c) is a thin wrapper: it turns sf_emit_file[] into sf__emit_unit[] through the
 * public getters and the rule registry into sf__emit_rule[], then calls sf__emit_units(). Tests
 * (and anything that holds findings without an sf_result) call sf__emit_units() directly. */
#ifndef SF_EMIT_H
#define SF_EMIT_H

#include "arena.h"
#include "buf.h"
#include "common.h"

/* One source of findings: a Dockerfile, or the .dockerignore its ignore findings are about. */
typedef struct sf__emit_unit {
    const char *path;                  /* as shown to the user ("-" for stdin) */
    const char *text;                  /* its source bytes (fingerprints, end positions); may be NULL */
    size_t len;                        /* bytes of text */
    const sf_finding *const *findings; /* borrowed; any order */
    size_t nfindings;
} sf__emit_unit;

/* Rule metadata for SARIF's tool.driver.rules (what sf_rule_info gives). */
typedef struct sf__emit_rule {
    const char *id;
    sf_severity severity;              /* default severity */
    const char *summary;               /* one line */
    const char *doc;                   /* markdown-ish documentation; may be NULL */
    sf_fix_safety fix;                 /* SF_FIX_NONE when the rule has no fix */
} sf__emit_rule;

/* One finding, ready to print. */
typedef struct sf__emit_item {
    const sf_finding *f;
    const char *path;
    size_t file;                       /* index into sf__emit_run.paths */
    const char *text;                  /* the unit's source, may be NULL */
    size_t len;
    uint64_t fingerprint;              /* rule + normalized line text + occurrence; no path */
} sf__emit_item;

/* Everything a format needs, sorted and deduplicated. */
typedef struct sf__emit_run {
    const sf__emit_item *items;        /* sorted by path, start, end, rule id, message */
    size_t nitems;
    const char *const *paths;          /* every distinct unit path, sorted (files with no findings too) */
    size_t npaths;
    const size_t *path_lens;           /* source bytes of each path, SIZE_MAX when unknown */
    const sf__emit_rule *rules;        /* SARIF driver rules, in the given order; may be empty */
    size_t nrules;
    const char *base_dir;              /* absolute directory for file URIs of relative paths, or NULL */
    const sf_emit_options *opts;       /* never NULL (defaults filled in) */
} sf__emit_run;

/* Build the run from units and emit it in `fmt`. `rules` (may be NULL with nrules 0) feed SARIF.
 * `base_dir` (may be NULL) makes relative paths absolute in LSP file URIs and sets SARIF's
 * originalUriBaseIds. `opts` may be NULL (no colour, no summary). Appends to out.
 * SF_OK, SF_EINVAL (bad format, NULL out, units NULL with n > 0) or SF_ENOMEM. */
int sf__emit_units(sf_buf *out, sf_format fmt, const sf__emit_unit *units, size_t nunits,
                   const sf__emit_rule *rules, size_t nrules, const char *base_dir,
                   const sf_emit_options *opts);

/* One function per format (emit_<format>.c). Each appends to out; SF_OK or SF_ENOMEM. */
int sf__emit_text(sf_buf *out, const sf__emit_run *run);
int sf__emit_json(sf_buf *out, const sf__emit_run *run);
int sf__emit_sarif(sf_buf *out, const sf__emit_run *run);
int sf__emit_checkstyle(sf_buf *out, const sf__emit_run *run);
int sf__emit_github(sf_buf *out, const sf__emit_run *run);
int sf__emit_gitlab(sf_buf *out, const sf__emit_run *run);
int sf__emit_lsp(sf_buf *out, const sf__emit_run *run);

/* ---- shared position conversion ---- */

/* A position in the units a format speaks. */
typedef struct sf__emit_lc {
    uint32_t line;
    uint32_t col;
} sf__emit_lc;

/* The last character of a finding's range, 1-based line and code-point column (the JSON format's
 * inclusive end). An empty range gives its start. A range ending just after a line terminator
 * ends on that terminator, on the previous line (needs the item's text; without it the column
 * before the exclusive end on the end's line is used). */
sf__emit_lc sf__emit_end_inclusive(const sf__emit_item *it, sf_range r);
/* 0-based line and UTF-16 character of a position (LSP). */
sf__emit_lc sf__emit_lsp_pos(sf_pos p);

/* Whether the finding carries a fix with at least one edit. */
bool sf__emit_has_fix(const sf_finding *f);
/* "safe" or "unsafe". */
const char *sf__emit_applicability(sf_fix_safety s);

/* ---- fingerprints ---- */

/* FNV-1a 64 over bytes, continuing from h (start with SF_FNV_OFFSET). */
#define SF_FNV_OFFSET UINT64_C(0xcbf29ce484222325)
uint64_t sf__emit_fnv1a(uint64_t h, const void *p, size_t n);
/* A final avalanche (splitmix64's finalizer): FNV-1a alone mixes its high bits poorly. */
uint64_t sf__emit_mix(uint64_t h);
/* 16 lower-case hex digits plus NUL into hex[17]. */
void sf__emit_hex64(char hex[17], uint64_t h);

/* ---- URIs ---- */

/* Append path percent-encoded as a URI path (unreserved characters and '/' kept). */
int sf__emit_uri_path(sf_buf *b, const char *path);
/* Append a file URI (file:///abs/path): `path` if absolute, else base_dir + '/' + path; without
 * a base_dir a relative path stays a relative URI reference. */
int sf__emit_file_uri(sf_buf *b, const char *path, const char *base_dir);

/* ---- a small JSON writer over sf_buf ---- */

/* Writes commas, newlines and indentation; errors are sticky in `err`. */
typedef struct sf__jw {
    sf_buf *b;
    int err;                           /* first error (SF_ENOMEM), SF_OK otherwise */
    unsigned depth;                    /* open containers */
    unsigned indent;                   /* spaces per level; 0 = compact */
    bool first;                        /* nothing written yet in the innermost container */
    bool after_key;                    /* a key was written; its value comes next */
} sf__jw;

void sf__jw_init(sf__jw *w, sf_buf *b, unsigned indent);
void sf__jw_obj(sf__jw *w);            /* { */
void sf__jw_obj_end(sf__jw *w);        /* } */
void sf__jw_arr(sf__jw *w);            /* [ */
void sf__jw_arr_end(sf__jw *w);        /* ] */
void sf__jw_key(sf__jw *w, const char *key);
void sf__jw_str(sf__jw *w, const char *s);       /* NULL writes null */
void sf__jw_strn(sf__jw *w, const char *s, size_t n);
/* s[0..n) trimmed, as a string ending with a period (unless it ends with '.', '!' or '?'):
 * SARIF wants messages and descriptions to be sentences. */
void sf__jw_sentence(sf__jw *w, const char *s, size_t n);
void sf__jw_uint(sf__jw *w, uint64_t v);
void sf__jw_bool(sf__jw *w, bool v);
void sf__jw_null(sf__jw *w);
/* A pre-rendered value (a URI built in a buffer, ...), written as a JSON string. */
void sf__jw_buf_str(sf__jw *w, const sf_buf *s);

#endif /* SF_EMIT_H */
