/* lsp.c - `slimfile lsp`: a Language Server Protocol (3.17) server on stdio.
 *
 * Transport: JSON-RPC 2.0 messages framed by a `Content-Length` header, parsed and written with
 * jansson. A malformed frame or body gets a JSON-RPC error (-32700 parse error, -32600 invalid
 * request) and the server keeps reading; it never exits on bad input.
 *
 * Documents: the client's text is the truth (never the file on disk). Each open document keeps its
 * text, version and a cached listing of its build context (the document's folder), which is
 * refreshed on open, save, configuration and watched-file changes, not on every keystroke. The
 * .dockerignore and .slimfile.yaml are re-read at each lint (small files). The config lookup walks
 * up from the document's folder but does not leave the workspace folder holding the document.
 *
 * Positions: the encoding is negotiated as LSP 3.17 says: the server picks one entry of the
 * client's `general.positionEncodings` (we take the first one we support; we support utf-8,
 * utf-16 and utf-32), and utf-16 when the client offers none. Library positions (sf_pos) carry
 * all three column units, so outgoing positions are read off them. Incoming positions are turned
 * into byte offsets by walking the line's UTF-8 in the negotiated unit. LSP counts "\r" alone as
 * a line end, the library does not: for a document holding a lone CR, outgoing positions are
 * recomputed from byte offsets with LSP's line rules so both directions agree.
 *
 * Settings (workspace/didChangeConfiguration `settings.slimfile`, or initializationOptions):
 * {select: [ids], ignore: [ids], unsafeFixes: bool}; they act like the command line's options over
 * the .slimfile.yaml (select replaces the file's, ignore adds to it). Unknown ids are reported
 * with window/showMessage and dropped. Code actions: one "quickfix" per fixable finding touching
 * the requested range (unsafe fixes only with unsafeFixes), and one "source.fixAll" whose single
 * TextEdit covers the part of the document sf_fix changed. */
#define _DEFAULT_SOURCE
#include <slimfile.h>

#include "lsp.h"

#include "config.h"
#include "files.h"

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_HEADER_LINE 1024
#define MAX_BODY ((size_t)256 << 20)
#define CONTEXT_LIMIT 100000

/* JSON-RPC / LSP error codes */
#define RPC_PARSE_ERROR -32700
#define RPC_INVALID_REQUEST -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS -32602
#define RPC_INTERNAL_ERROR -32603
#define RPC_SERVER_NOT_INITIALIZED -32002

/* LSP MessageType */
#define MSG_ERROR 1
#define MSG_WARNING 2

typedef enum { ENC_UTF8, ENC_UTF16, ENC_UTF32 } pos_encoding;

/* One open document. */
typedef struct lsp_doc {
    char *uri;          /* exactly as the client sent it */
    char *path;         /* decoded file path, NULL for a non-file URI */
    char *text;         /* malloc'd, NUL-terminated */
    size_t len;
    json_int_t version;
    bool lone_cr;       /* holds a "\r" not followed by "\n" */
    bool listed;        /* paths below are valid */
    char **paths;       /* build context listing (cached) */
    size_t npaths;
    bool truncated;
} lsp_doc;

/* The server's whole state. */
typedef struct server {
    FILE *in, *out;
    pos_encoding enc;
    bool initialized;   /* `initialize` answered */
    bool shutdown;      /* `shutdown` received */
    bool broken;        /* output failed: stop */
    char **roots;       /* realpath'd workspace folders */
    size_t nroots;
    char **select;      /* from settings, NULL-terminated, or NULL */
    char **ignore;
    bool unsafe_fixes;
    lsp_doc *docs;
    size_t ndocs, capdocs;
} server;

/* Everything one lint of one document needs, released by run_end. */
typedef struct lint_run {
    sf_doc *doc;
    sf_linter *linter;
    sf_result *res;
    sf_context ctx;
    bool has_ctx;
    cli_file ig;
    char *ignore_path;
} lint_run;

/* ------------------------------------------------------------------ small helpers */

static void free_strv(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

static size_t strv_len(char *const *v)
{
    size_t n = 0;

    while (v && v[n])
        n++;
    return n;
}

/* Append a copy of s to a NULL-terminated list; returns the (maybe moved) list, or NULL on OOM
 * after freeing it. */
static char **strv_push(char **v, const char *s)
{
    size_t n = strv_len(v);
    char **nv = realloc(v, (n + 2) * sizeof(char *));

    if (!nv) {
        free_strv(v);
        return NULL;
    }
    nv[n] = strdup(s);
    nv[n + 1] = NULL;
    if (!nv[n]) {
        free_strv(nv);
        return NULL;
    }
    return nv;
}

static const char *const *as_const_strv(char **v)
{
    return (const char *const *)(void *)v;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The file path of a file:// URI, percent-decoded; NULL for other schemes, remote hosts or an
 * encoded NUL. malloc'd. */
static char *uri_to_path(const char *uri)
{
    const char *p;
    char *out, *o;

    if (!uri || strncmp(uri, "file://", 7) != 0)
        return NULL;
    p = uri + 7;
    if (*p != '/') {
        const char *slash = strchr(p, '/');
        if (!slash || !((slash - p == 9 && strncmp(p, "localhost", 9) == 0)))
            return NULL;
        p = slash;
    }
    out = malloc(strlen(p) + 1);
    if (!out)
        return NULL;
    for (o = out; *p && *p != '?' && *p != '#'; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            if (hi == 0 && lo == 0) {
                free(out);
                return NULL;
            }
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* Is path equal to dir or below it? Both absolute, without trailing slash (except "/"). */
static bool is_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (n == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* ------------------------------------------------------------------ positions */

/* Decode the UTF-8 sequence at t[i] (i < len): returns its byte length (1 for an invalid byte,
 * which then stands for U+FFFD, as the library counts it) and the code point. */
static size_t utf8_next(const unsigned char *t, size_t len, size_t i, uint32_t *cp)
{
    unsigned char c = t[i];
    size_t n, k;
    uint32_t v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1Fu, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07u, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (i + n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (k = 1; k < n; k++) {
        if ((t[i + k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (t[i + k] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return n;
}

/* How many units of the negotiated encoding a character of n bytes takes. */
static size_t units_of(pos_encoding enc, uint32_t cp, size_t n)
{
    switch (enc) {
    case ENC_UTF8: return n;
    case ENC_UTF16: return cp > 0xFFFF ? 2 : 1;
    default: return 1;
    }
}

/* Byte offset of an LSP position. Lines end at "\n", "\r\n" or "\r" (LSP's rule). A line past the
 * end gives the end of the text; a character past the line's end gives the line's end; a
 * character inside a multi-unit character gives that character's start. */
static size_t lsp_to_offset(const char *text, size_t len, pos_encoding enc, json_int_t line,
                            json_int_t character)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = 0, units = 0;

    for (json_int_t ln = 0; ln < line; ln++) {
        while (i < len && t[i] != '\n' && t[i] != '\r')
            i++;
        if (i >= len)
            return len;
        i += (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n') ? 2 : 1;
    }
    while (i < len && t[i] != '\n' && t[i] != '\r') {
        uint32_t cp;
        size_t n = utf8_next(t, len, i, &cp);
        size_t u = units_of(enc, cp, n);
        if (character < 0 || (json_int_t)(units + u) > character)
            break;
        units += u;
        i += n;
    }
    return i;
}

/* The 0-based LSP line and character of a byte offset, by LSP's line rules. */
static void offset_to_lsp(const char *text, size_t len, pos_encoding enc, size_t off,
                          size_t *line, size_t *character)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i, ls = 0, ln = 0, units = 0;

    if (off > len)
        off = len;
    for (i = 0; i < off; i++) {
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
            ln++;
            ls = i + 1;
        }
    }
    for (i = ls; i < off;) {
        uint32_t cp;
        size_t n = utf8_next(t, len, i, &cp);
        units += units_of(enc, cp, n);
        i += n;
    }
    *line = ln;
    *character = units;
}

static bool has_lone_cr(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))
            return true;
    return false;
}

static json_t *position_json(size_t line, size_t character)
{
    return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)character);
}

/* The LSP line and character of an sf_pos of document d, in the negotiated encoding. */
static void lsp_pos(const server *s, const lsp_doc *d, sf_pos p, size_t *line, size_t *character)
{
    uint32_t col;

    if (d->lone_cr) {
        offset_to_lsp(d->text, d->len, s->enc, p.offset, line, character);
        return;
    }
    col = s->enc == ENC_UTF8 ? p.col : s->enc == ENC_UTF16 ? p.col16 : p.colcp;
    *line = p.line ? p.line - 1 : 0;
    *character = col ? col - 1 : 0;
}

static json_t *pos_json(const server *s, const lsp_doc *d, sf_pos p)
{
    size_t line, character;

    lsp_pos(s, d, p, &line, &character);
    return position_json(line, character);
}

static json_t *range_json(const server *s, const lsp_doc *d, sf_range r)
{
    return json_pack("{s:o,s:o}", "start", pos_json(s, d, r.start), "end", pos_json(s, d, r.end));
}

/* An sf_pos as a signed (line, character) pair, to compare with a request's range. */
static void pos_pair(const server *s, const lsp_doc *d, sf_pos p, json_int_t *line, json_int_t *ch)
{
    size_t l, c;

    lsp_pos(s, d, p, &l, &c);
    *line = (json_int_t)l;
    *ch = (json_int_t)c;
}

/* ------------------------------------------------------------------ transport */

/* Write one message (steals msg). */
static void send_msg(server *s, json_t *msg)
{
    char *body;
    size_t n;

    if (!msg)
        return;
    body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!body || s->broken) {
        free(body);
        return;
    }
    n = strlen(body);
    if (fprintf(s->out, "Content-Length: %zu\r\n\r\n", n) < 0 || fwrite(body, 1, n, s->out) != n ||
        fflush(s->out) != 0)
        s->broken = true;
    free(body);
}

static void send_result(server *s, json_t *id, json_t *result)
{
    send_msg(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                          "result", result ? result : json_null()));
}

static void send_error(server *s, json_t *id, int code, const char *message)
{
    send_msg(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                          "error", "code", code, "message", message));
}

static void send_notification(server *s, const char *method, json_t *params)
{
    send_msg(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

static void log_message(server *s, int type, const char *text)
{
    json_t *m = json_string(text);

    if (!m)  /* not UTF-8 (a path, say) */
        m = json_string("slimfile: message not valid UTF-8");
    send_notification(s, "window/logMessage", json_pack("{s:i,s:o}", "type", type, "message", m));
}

static void show_message(server *s, int type, const char *text)
{
    json_t *m = json_string(text);

    if (!m)
        m = json_string("slimfile: message not valid UTF-8");
    send_notification(s, "window/showMessage", json_pack("{s:i,s:o}", "type", type, "message", m));
}

/* Outcome of reading one frame. */
typedef enum { FRAME_OK, FRAME_EOF, FRAME_BAD } frame_status;

/* Read one header line into buf (without CR LF; longer lines are cut, *cut set).
 * Returns the length, or -1 at EOF before any byte. */
static long read_line(FILE *in, char *buf, size_t cap, bool *cut)
{
    size_t n = 0;
    int c;
    bool any = false;

    *cut = false;
    while ((c = getc(in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (n + 1 < cap)
            buf[n++] = (char)c;
        else
            *cut = true;
    }
    if (!any)
        return -1;
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return (long)n;
}

static bool header_is(const char *line, const char *name)
{
    size_t i;

    for (i = 0; name[i]; i++) {
        char a = line[i], b = name[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return line[i] == ':';
}

/* Read one framed message. FRAME_BAD sets *why (the frame was skipped; the stream goes on). */
static frame_status read_frame(FILE *in, char **body, size_t *len, const char **why)
{
    char line[MAX_HEADER_LINE];
    bool have_len = false, bad_len = false, any_header = false, cut;
    size_t clen = 0;
    long n;

    *body = NULL;
    *len = 0;
    for (;;) {
        n = read_line(in, line, sizeof line, &cut);
        if (n < 0)
            return FRAME_EOF;
        if (n == 0 && !cut) {
            if (!any_header)
                continue;  /* stray blank line between messages */
            break;
        }
        any_header = true;
        if (header_is(line, "content-length")) {
            const char *p = line + strlen("content-length:");
            size_t v = 0;
            bool digits = false;
            while (*p == ' ' || *p == '\t')
                p++;
            for (; *p >= '0' && *p <= '9'; p++) {
                digits = true;
                if (v > (SIZE_MAX - 9) / 10) {
                    bad_len = true;
                    break;
                }
                v = v * 10 + (size_t)(*p - '0');
            }
            while (*p == ' ' || *p == '\t')
                p++;
            if (!digits || *p)
                bad_len = true;
            clen = v;
            have_len = true;
        }
    }
    if (!have_len || bad_len) {
        *why = have_len ? "invalid Content-Length header" : "missing Content-Length header";
        return FRAME_BAD;
    }
    if (clen > MAX_BODY) {
        for (size_t i = 0; i < clen; i++)
            if (getc(in) == EOF)
                return FRAME_EOF;
        *why = "message too large";
        return FRAME_BAD;
    }
    *body = malloc(clen + 1);
    if (!*body) {
        for (size_t i = 0; i < clen; i++)
            if (getc(in) == EOF)
                return FRAME_EOF;
        *why = "out of memory";
        return FRAME_BAD;
    }
    if (fread(*body, 1, clen, in) != clen) {
        free(*body);
        *body = NULL;
        return FRAME_EOF;
    }
    (*body)[clen] = '\0';
    *len = clen;
    return FRAME_OK;
}

/* ------------------------------------------------------------------ documents */

static lsp_doc *find_doc(server *s, const char *uri)
{
    for (size_t i = 0; uri && i < s->ndocs; i++)
        if (strcmp(s->docs[i].uri, uri) == 0)
            return &s->docs[i];
    return NULL;
}

static void doc_forget_listing(lsp_doc *d)
{
    cli_free_list(d->paths, d->npaths);
    d->paths = NULL;
    d->npaths = 0;
    d->truncated = false;
    d->listed = false;
}

static void doc_dispose(lsp_doc *d)
{
    doc_forget_listing(d);
    free(d->uri);
    free(d->path);
    free(d->text);
    memset(d, 0, sizeof(*d));
}

static void close_doc(server *s, lsp_doc *d)
{
    size_t i = (size_t)(d - s->docs);

    doc_dispose(d);
    memmove(&s->docs[i], &s->docs[i + 1], (s->ndocs - i - 1) * sizeof(lsp_doc));
    s->ndocs--;
}

/* Take ownership of text as the document's new content. */
static void doc_set_text(lsp_doc *d, char *text, size_t len)
{
    free(d->text);
    d->text = text;
    d->len = len;
    d->lone_cr = has_lone_cr(text, len);
}

static char *dup_bytes(const char *p, size_t n)
{
    char *c = malloc(n + 1);

    if (c) {
        memcpy(c, p, n);
        c[n] = '\0';
    }
    return c;
}

/* The workspace folder holding the resolved directory, or NULL. */
static const char *root_of(const server *s, const char *realdir)
{
    const char *best = NULL;

    for (size_t i = 0; i < s->nroots; i++)
        if (is_under(realdir, s->roots[i]) && (!best || strlen(s->roots[i]) > strlen(best)))
            best = s->roots[i];
    return best;
}

/* The .dockerignore BuildKit would use for the document: <Dockerfile>.dockerignore, then
 * .dockerignore in the context root. malloc'd or NULL. */
static char *find_dockerignore(const char *path, const char *dir)
{
    char *p = malloc(strlen(path) + sizeof ".dockerignore");

    if (p) {
        sprintf(p, "%s.dockerignore", path);
        if (access(p, R_OK) == 0)
            return p;
        free(p);
    }
    p = cli_join(dir, ".dockerignore");
    if (p && access(p, R_OK) == 0)
        return p;
    free(p);
    return NULL;
}

/* Make the linter: the settings act like command-line options over .slimfile.yaml (settings'
 * select replaces the file's, ignore lists add up). A config that names unknown rules is
 * reported and dropped. */
static int make_linter(server *s, sf_linter **out, const cli_config *cfg)
{
    sf_options so = SF_OPTIONS_INIT;
    char **ignore = NULL;
    const char *bad = NULL;
    char msg[512];
    int err;

    if (cfg) {
        if (cfg->has_cache_fix)
            so.cache_fix = cfg->cache_fix;
        so.overrides = cfg->overrides;
        so.n_overrides = cfg->n_overrides;
        so.select = as_const_strv(cfg->select);
        for (char **p = cfg->ignore; p && *p; p++)
            if (!(ignore = strv_push(ignore, *p)))
                return SF_ENOMEM;
    }
    if (s->select)
        so.select = as_const_strv(s->select);
    for (char **p = s->ignore; p && *p; p++)
        if (!(ignore = strv_push(ignore, *p)))
            return SF_ENOMEM;
    so.ignore = as_const_strv(ignore);
    err = sf_linter_new(out, &so, &bad);
    if (err == SF_ENOTFOUND && cfg) {
        snprintf(msg, sizeof msg, "%s: unknown rule `%s`; configuration file not used",
                 cfg->path ? cfg->path : ".slimfile.yaml", bad ? bad : "?");
        log_message(s, MSG_WARNING, msg);
        free_strv(ignore);
        return make_linter(s, out, NULL);
    }
    free_strv(ignore);
    return err;
}

static void run_end(lint_run *r)
{
    sf_result_free(r->res);
    sf_linter_free(r->linter);
    sf_doc_free(r->doc);
    cli_file_free(&r->ig);
    free(r->ignore_path);
    memset(r, 0, sizeof(*r));
}

/* Parse and lint a document with its context and config. */
static int run_begin(server *s, lsp_doc *d, lint_run *r)
{
    cli_config cfg;
    bool have_cfg = false;
    char *dir = NULL, *cfgpath = NULL;
    char realdir[PATH_MAX];
    char msg[1200];
    const char *why = NULL;
    int err;

    memset(r, 0, sizeof(*r));
    memset(&cfg, 0, sizeof(cfg));
    err = sf_doc_parse(&r->doc, d->path ? d->path : d->uri, d->text, d->len);
    if (err < 0)
        goto fail;

    /* configuration: from the document's folder up to its workspace folder */
    if (d->path)
        dir = cli_dirname(d->path);
    else if (s->nroots)
        dir = strdup(s->roots[0]);
    if (dir && realpath(dir, realdir)) {
        const char *top = root_of(s, realdir);
        cfgpath = cli_config_find(realdir);
        if (cfgpath && top) {
            char *cdir = cli_dirname(cfgpath);
            if (!cdir || !is_under(cdir, top)) {
                free(cfgpath);
                cfgpath = NULL;
            }
            free(cdir);
        }
    }
    if (cfgpath) {
        if (cli_config_load(&cfg, cfgpath, msg, sizeof msg) == 0)
            have_cfg = true;
        else
            log_message(s, MSG_ERROR, msg);
    }
    err = make_linter(s, &r->linter, have_cfg ? &cfg : NULL);
    if (err < 0)
        goto fail;

    /* build context: the document's folder (file URIs only) */
    if (d->path && dir) {
        r->has_ctx = true;
        r->ignore_path = find_dockerignore(d->path, dir);
        if (r->ignore_path) {
            if (cli_read_file(&r->ig, r->ignore_path, &why) == 0) {
                r->ctx.has_dockerignore = true;
                r->ctx.dockerignore = r->ig.data;
                r->ctx.dockerignore_len = r->ig.len;
                r->ctx.dockerignore_name = r->ignore_path;
            } else {
                snprintf(msg, sizeof msg, "%s: cannot read: %s", r->ignore_path, why);
                log_message(s, MSG_WARNING, msg);
            }
        }
        if (!d->listed) {
            d->listed = true;
            if (cli_list_context(dir, &d->paths, &d->npaths, CONTEXT_LIMIT, &d->truncated) < 0) {
                d->paths = NULL;
                d->npaths = 0;
            }
        }
        if (d->paths) {
            r->ctx.paths = as_const_strv(d->paths);
            r->ctx.n_paths = d->npaths;
            r->ctx.paths_truncated = d->truncated;
        }
    }
    err = sf_lint(&r->res, r->linter, r->doc, r->has_ctx ? &r->ctx : NULL);
    if (err < 0)
        goto fail;
    free(dir);
    free(cfgpath);
    if (have_cfg)
        cli_config_free(&cfg);
    return SF_OK;
fail:
    free(dir);
    free(cfgpath);
    if (have_cfg)
        cli_config_free(&cfg);
    run_end(r);
    return err;
}

static unsigned lsp_severity(sf_severity sev)
{
    switch (sev) {
    case SF_SEV_ERROR: return 1;
    case SF_SEV_WARNING: return 2;
    case SF_SEV_INFO: return 3;
    default: return 4;
    }
}

/* A string value that may not be valid UTF-8 (paths): replace it then. */
static json_t *str_json(const char *str)
{
    json_t *j = json_string(str ? str : "");

    return j ? j : json_string("?");
}

static json_t *edits_json(const server *s, const lsp_doc *d, const sf_finding *f)
{
    json_t *arr = json_array();
    size_t n = sf_finding_edit_count(f);

    for (size_t i = 0; i < n; i++) {
        const sf_edit *e = sf_finding_edit(f, i);
        json_t *t = e->text ? json_stringn(e->text, e->len) : json_string("");
        json_array_append_new(arr, json_pack("{s:o,s:o}", "range", range_json(s, d, e->range),
                                             "newText", t ? t : json_string("")));
    }
    return arr;
}

static bool fix_usable(const server *s, const sf_finding *f)
{
    sf_fix_safety fs = sf_finding_fix_safety(f);

    return sf_finding_edit_count(f) > 0 &&
           (fs == SF_FIX_SAFE || (fs == SF_FIX_UNSAFE && s->unsafe_fixes));
}

/* A Diagnostic for a finding. */
static json_t *diag_json(const server *s, const lsp_doc *d, const sf_finding *f)
{
    json_t *diag = json_pack("{s:o,s:i,s:o,s:s,s:o}",
                             "range", range_json(s, d, sf_finding_range(f)),
                             "severity", (int)lsp_severity(sf_finding_severity(f)),
                             "code", str_json(sf_finding_rule(f)), "source", "slimfile",
                             "message", str_json(sf_finding_message(f)));
    const char *url = sf_finding_url(f);

    if (!diag)
        return NULL;
    if (url && *url)
        json_object_set_new(diag, "codeDescription", json_pack("{s:o}", "href", str_json(url)));
    if (sf_finding_fix_safety(f) != SF_FIX_NONE && sf_finding_edit_count(f) > 0) {
        const char *title = sf_finding_fix_title(f);
        json_object_set_new(diag, "data",
                            json_pack("{s:{s:o,s:s,s:o}}", "fix", "title",
                                      str_json(title ? title : sf_finding_rule(f)), "safety",
                                      sf_finding_fix_safety(f) == SF_FIX_SAFE ? "safe" : "unsafe",
                                      "edits", edits_json(s, d, f)));
    }
    return diag;
}

static void publish(server *s, const char *uri, json_t *version, json_t *diags)
{
    json_t *params = json_pack("{s:s,s:o}", "uri", uri, "diagnostics", diags);

    if (params && version)
        json_object_set_new(params, "version", version);
    else
        json_decref(version);
    send_notification(s, "textDocument/publishDiagnostics", params);
}

static void lint_and_publish(server *s, lsp_doc *d)
{
    lint_run r;
    json_t *diags;
    char msg[300];
    int err = run_begin(s, d, &r);

    if (err < 0) {
        snprintf(msg, sizeof msg, "slimfile: cannot lint: %s", sf_strerror(err));
        log_message(s, MSG_ERROR, msg);
        return;
    }
    diags = json_array();
    for (size_t i = 0, n = sf_result_count(r.res); i < n; i++)
        json_array_append_new(diags, diag_json(s, d, sf_result_get(r.res, i)));
    publish(s, d->uri, json_integer(d->version), diags);
    run_end(&r);
}

static void republish_all(server *s)
{
    for (size_t i = 0; i < s->ndocs; i++)
        lint_and_publish(s, &s->docs[i]);
}

/* ------------------------------------------------------------------ settings */

/* Read a list of rule ids from a settings value; unknown ids are reported and dropped. */
static int settings_ids(server *s, json_t *v, const char *what, char ***out)
{
    size_t i;
    json_t *e;
    char msg[300];

    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v)) {
        snprintf(msg, sizeof msg, "slimfile: setting `%s` must be a list of rule ids", what);
        show_message(s, MSG_WARNING, msg);
        return 0;
    }
    json_array_foreach(v, i, e) {
        const char *id = json_string_value(e);
        if (!id || sf_rule_info(id, NULL, NULL, NULL, NULL) != SF_OK) {
            snprintf(msg, sizeof msg, "slimfile: `%s` names an unknown rule `%.100s`; ignored",
                     what, id ? id : "(not a string)");
            show_message(s, MSG_WARNING, msg);
            continue;
        }
        if (!(*out = strv_push(*out, id)))
            return -1;
    }
    return 0;
}

/* Apply {select, ignore, unsafeFixes}; absent keys reset to the defaults. */
static void apply_settings(server *s, json_t *obj)
{
    char **sel = NULL, **ign = NULL;
    json_t *u;

    if (!json_is_object(obj))
        return;
    if (settings_ids(s, json_object_get(obj, "select"), "select", &sel) < 0 ||
        settings_ids(s, json_object_get(obj, "ignore"), "ignore", &ign) < 0) {
        free_strv(sel);
        free_strv(ign);
        log_message(s, MSG_ERROR, "slimfile: out of memory reading settings");
        return;
    }
    free_strv(s->select);
    free_strv(s->ignore);
    s->select = sel;
    s->ignore = ign;
    u = json_object_get(obj, "unsafeFixes");
    s->unsafe_fixes = json_is_true(u);
}

/* ------------------------------------------------------------------ methods */

typedef struct rpc_error {
    int code;
    const char *message;
} rpc_error;

static json_t *get_path(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);

    return b ? json_object_get(v, b) : v;
}

/* Add a workspace folder by path (resolved; ignored when it does not exist). */
static void add_root_path(server *s, const char *path)
{
    char real[PATH_MAX];
    char **nr;

    if (!path || !realpath(path, real))
        return;
    nr = realloc(s->roots, (s->nroots + 1) * sizeof(char *));
    if (!nr)
        return;
    s->roots = nr;
    if ((s->roots[s->nroots] = strdup(real)) != NULL)
        s->nroots++;
}

static void add_root(server *s, const char *uri)
{
    char *path = uri_to_path(uri);

    add_root_path(s, path);
    free(path);
}

static json_t *m_initialize(server *s, json_t *params, rpc_error *e)
{
    json_t *encs, *folders, *v, *opts;
    size_t i;
    const char *enc_name = "utf-16";

    if (!json_is_object(params)) {
        e->code = RPC_INVALID_PARAMS;
        e->message = "initialize needs params";
        return NULL;
    }
    if (s->initialized) {
        e->code = RPC_INVALID_REQUEST;
        e->message = "initialize was already received";
        return NULL;
    }
    /* LSP 3.17: the server picks one of the client's encodings; utf-16 when none is offered */
    s->enc = ENC_UTF16;
    encs = get_path(get_path(params, "capabilities", "general"), "positionEncodings", NULL);
    json_array_foreach(encs, i, v) {
        const char *n = json_string_value(v);
        if (!n)
            continue;
        if (strcmp(n, "utf-8") == 0)
            s->enc = ENC_UTF8;
        else if (strcmp(n, "utf-16") == 0)
            s->enc = ENC_UTF16;
        else if (strcmp(n, "utf-32") == 0)
            s->enc = ENC_UTF32;
        else
            continue;
        enc_name = n;
        break;
    }
    folders = json_object_get(params, "workspaceFolders");
    json_array_foreach(folders, i, v)
        add_root(s, json_string_value(json_object_get(v, "uri")));
    if (!s->nroots) {
        const char *ru = json_string_value(json_object_get(params, "rootUri"));
        if (ru)
            add_root(s, ru);
        else
            add_root_path(s, json_string_value(json_object_get(params, "rootPath")));
    }
    opts = json_object_get(params, "initializationOptions");
    if (json_is_object(opts)) {
        json_t *mine = json_object_get(opts, "slimfile");
        apply_settings(s, mine ? mine : opts);
    }
    s->initialized = true;
    return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s,s]}},s:{s:s,s:s}}",
                     "capabilities",
                     "positionEncoding", enc_name,
                     "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
                     "codeActionProvider", "codeActionKinds", "quickfix", "source.fixAll",
                     "serverInfo", "name", "slimfile", "version", sf_version_string());
}

static void n_did_open(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    lsp_doc *d;
    char *copy;

    if (!uri || !json_is_string(text))
        return;
    copy = dup_bytes(json_string_value(text), json_string_length(text));
    if (!copy)
        return;
    d = find_doc(s, uri);
    if (!d) {
        if (s->ndocs == s->capdocs) {
            size_t cap = s->capdocs ? s->capdocs * 2 : 8;
            lsp_doc *nd = realloc(s->docs, cap * sizeof(lsp_doc));
            if (!nd) {
                free(copy);
                return;
            }
            s->docs = nd;
            s->capdocs = cap;
        }
        d = &s->docs[s->ndocs];
        memset(d, 0, sizeof(*d));
        d->uri = strdup(uri);
        if (!d->uri) {
            free(copy);
            return;
        }
        d->path = uri_to_path(uri);
        s->ndocs++;
    } else {
        doc_forget_listing(d);
    }
    doc_set_text(d, copy, json_string_length(text));
    d->version = json_integer_value(json_object_get(td, "version"));
    lint_and_publish(s, d);
}

/* Apply one TextDocumentContentChangeEvent. Returns false when it is malformed. */
static bool apply_change(server *s, lsp_doc *d, json_t *ch)
{
    json_t *text = json_object_get(ch, "text");
    json_t *range = json_object_get(ch, "range");
    size_t tl, a, b, nl;
    char *nt;

    if (!json_is_string(text))
        return false;
    tl = json_string_length(text);
    if (!range) {
        nt = dup_bytes(json_string_value(text), tl);
        if (!nt)
            return false;
        doc_set_text(d, nt, tl);
        return true;
    }
    {
        json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
        json_t *sl = json_object_get(st, "line"), *sc = json_object_get(st, "character");
        json_t *el = json_object_get(en, "line"), *ec = json_object_get(en, "character");
        if (!json_is_integer(sl) || !json_is_integer(sc) || !json_is_integer(el) ||
            !json_is_integer(ec))
            return false;
        a = lsp_to_offset(d->text, d->len, s->enc, json_integer_value(sl), json_integer_value(sc));
        b = lsp_to_offset(d->text, d->len, s->enc, json_integer_value(el), json_integer_value(ec));
    }
    if (b < a) {
        size_t t = a;
        a = b;
        b = t;
    }
    nl = d->len - (b - a) + tl;
    if (nl >= SF_MAX_INPUT)
        return false;
    nt = malloc(nl + 1);
    if (!nt)
        return false;
    memcpy(nt, d->text, a);
    memcpy(nt + a, json_string_value(text), tl);
    memcpy(nt + a + tl, d->text + b, d->len - b);
    nt[nl] = '\0';
    doc_set_text(d, nt, nl);
    return true;
}

static void n_did_change(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    lsp_doc *d = find_doc(s, json_string_value(json_object_get(td, "uri")));
    json_t *changes = json_object_get(params, "contentChanges"), *ch;
    size_t i;
    char msg[200];

    if (!d || !json_is_array(changes))
        return;
    json_array_foreach(changes, i, ch) {
        if (!apply_change(s, d, ch)) {
            snprintf(msg, sizeof msg, "slimfile: content change %zu is malformed; skipped", i);
            log_message(s, MSG_WARNING, msg);
        }
    }
    if (json_is_integer(json_object_get(td, "version")))
        d->version = json_integer_value(json_object_get(td, "version"));
    lint_and_publish(s, d);
}

static void n_did_close(server *s, json_t *params)
{
    const char *uri = json_string_value(get_path(params, "textDocument", "uri"));
    lsp_doc *d = find_doc(s, uri);

    if (!uri)
        return;
    if (d)
        close_doc(s, d);
    publish(s, uri, NULL, json_array());
}

static void n_did_save(server *s, json_t *params)
{
    lsp_doc *d = find_doc(s, json_string_value(get_path(params, "textDocument", "uri")));

    if (d) {
        doc_forget_listing(d);
        lint_and_publish(s, d);
    }
}

static void n_did_change_configuration(server *s, json_t *params)
{
    json_t *settings = json_object_get(params, "settings");
    json_t *mine = json_object_get(settings, "slimfile");

    if (json_is_object(mine))
        apply_settings(s, mine);
    else if (json_is_object(settings) && (json_object_get(settings, "select") ||
                                          json_object_get(settings, "ignore") ||
                                          json_object_get(settings, "unsafeFixes")))
        apply_settings(s, settings);
    for (size_t i = 0; i < s->ndocs; i++)
        doc_forget_listing(&s->docs[i]);
    republish_all(s);
}

static void n_did_change_watched_files(server *s, json_t *params)
{
    (void)params;
    for (size_t i = 0; i < s->ndocs; i++)
        doc_forget_listing(&s->docs[i]);
    republish_all(s);
}

/* Is an action kind wanted by the request's `only` list (absent: everything)? A kind matches an
 * entry equal to it or to one of its dot-separated prefixes. */
static bool kind_wanted(json_t *only, const char *kind)
{
    size_t i;
    json_t *v;

    if (!json_is_array(only))
        return true;
    json_array_foreach(only, i, v) {
        const char *o = json_string_value(v);
        size_t n = o ? strlen(o) : 0;
        if (o && strncmp(kind, o, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
            return true;
    }
    return false;
}

static bool pos_le(json_int_t l1, json_int_t c1, json_int_t l2, json_int_t c2)
{
    return l1 < l2 || (l1 == l2 && c1 <= c2);
}

/* The "fix all" action: one edit covering the changed middle of the document. */
static json_t *fix_all_action(server *s, lsp_doc *d, lint_run *r)
{
    sf_buf out = SF_BUF_INIT;
    sf_fix_report rep;
    sf_fix_options fo;
    size_t pre = 0, suf = 0, n, sl, sc, el, ec;
    const char *fx;
    json_t *edit, *action = NULL, *nt;

    memset(&fo, 0, sizeof(fo));
    memset(&rep, 0, sizeof(rep));
    fo.unsafe = s->unsafe_fixes;
    if (sf_fix(&out, &rep, r->linter, r->doc, r->has_ctx ? &r->ctx : NULL, &fo, NULL) < 0 ||
        !rep.changed) {
        sf_buf_dispose(&out);
        return NULL;
    }
    fx = out.ptr ? out.ptr : "";
    n = out.size;
    if (n == d->len && memcmp(fx, d->text, n) == 0) {
        sf_buf_dispose(&out);
        return NULL;
    }
    /* common prefix and suffix, kept off the middle of a UTF-8 character or a CRLF */
    while (pre < n && pre < d->len && fx[pre] == d->text[pre])
        pre++;
    while (pre > 0 && (((unsigned char)d->text[pre] & 0xC0) == 0x80 ||
                       (d->text[pre] == '\n' && d->text[pre - 1] == '\r')))
        pre--;
    while (suf < n - pre && suf < d->len - pre && fx[n - 1 - suf] == d->text[d->len - 1 - suf])
        suf++;
    while (suf > 0 && (((unsigned char)d->text[d->len - suf] & 0xC0) == 0x80 ||
                       (d->text[d->len - suf] == '\n' && d->text[d->len - suf - 1] == '\r')))
        suf--;
    offset_to_lsp(d->text, d->len, s->enc, pre, &sl, &sc);
    offset_to_lsp(d->text, d->len, s->enc, d->len - suf, &el, &ec);
    nt = json_stringn(fx + pre, n - suf - pre);
    edit = json_pack("{s:{s:o,s:o},s:o}", "range", "start", position_json(sl, sc), "end",
                     position_json(el, ec), "newText", nt ? nt : json_string(""));
    if (edit) {
        json_t *changes = json_object();
        json_object_set_new(changes, d->uri, json_pack("[o]", edit));
        action = json_pack("{s:s,s:s,s:{s:o}}", "title", "Fix all slimfile problems", "kind",
                           "source.fixAll", "edit", "changes", changes);
    }
    sf_buf_dispose(&out);
    return action;
}

static json_t *m_code_action(server *s, json_t *params, rpc_error *e)
{
    const char *uri = json_string_value(get_path(params, "textDocument", "uri"));
    json_t *range = json_object_get(params, "range");
    json_t *only = get_path(params, "context", "only");
    json_t *actions, *fa;
    json_int_t rsl, rsc, rel, rec;
    lsp_doc *d;
    lint_run r;
    char title[400];

    if (!uri || !json_is_object(range)) {
        e->code = RPC_INVALID_PARAMS;
        e->message = "codeAction needs textDocument.uri and range";
        return NULL;
    }
    rsl = json_integer_value(get_path(json_object_get(range, "start"), "line", NULL));
    rsc = json_integer_value(get_path(json_object_get(range, "start"), "character", NULL));
    rel = json_integer_value(get_path(json_object_get(range, "end"), "line", NULL));
    rec = json_integer_value(get_path(json_object_get(range, "end"), "character", NULL));
    d = find_doc(s, uri);
    if (!d)
        return json_array();  /* not open: nothing to offer */
    if (run_begin(s, d, &r) < 0) {
        e->code = RPC_INTERNAL_ERROR;
        e->message = "cannot lint the document";
        return NULL;
    }
    actions = json_array();
    if (kind_wanted(only, "quickfix")) {
        for (size_t i = 0, n = sf_result_count(r.res); i < n; i++) {
            const sf_finding *f = sf_result_get(r.res, i);
            sf_range fr = sf_finding_range(f);
            json_int_t fsl, fsc, fel, fec;
            json_t *changes;
            if (!fix_usable(s, f))
                continue;
            pos_pair(s, d, fr.start, &fsl, &fsc);
            pos_pair(s, d, fr.end, &fel, &fec);
            /* ranges touch or overlap */
            if (!pos_le(fsl, fsc, rel, rec) || !pos_le(rsl, rsc, fel, fec))
                continue;
            snprintf(title, sizeof title, "Fix: %s (%s)",
                     sf_finding_fix_title(f) ? sf_finding_fix_title(f) : sf_finding_message(f),
                     sf_finding_rule(f));
            changes = json_object();
            json_object_set_new(changes, uri, edits_json(s, d, f));
            json_array_append_new(actions,
                                  json_pack("{s:o,s:s,s:[o],s:b,s:{s:o}}", "title", str_json(title),
                                            "kind", "quickfix", "diagnostics", diag_json(s, d, f),
                                            "isPreferred",
                                            sf_finding_fix_safety(f) == SF_FIX_SAFE,
                                            "edit", "changes", changes));
        }
    }
    if (kind_wanted(only, "source.fixAll") && (fa = fix_all_action(s, d, &r)) != NULL)
        json_array_append_new(actions, fa);
    run_end(&r);
    return actions;
}

/* ------------------------------------------------------------------ dispatch */

static bool valid_id(json_t *id)
{
    return json_is_string(id) || json_is_integer(id) || json_is_null(id);
}

/* Handle one message body. */
static void handle(server *s, const char *body, size_t len, bool *done)
{
    json_error_t jerr;
    json_t *msg = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    json_t *id, *params, *result = NULL;
    const char *method;
    bool is_request;
    rpc_error e = {0, NULL};
    char why[300];

    if (!msg) {
        snprintf(why, sizeof why, "parse error: %s (line %d, column %d)", jerr.text, jerr.line,
                 jerr.column);
        send_error(s, NULL, RPC_PARSE_ERROR, why);
        return;
    }
    if (!json_is_object(msg)) {
        send_error(s, NULL, RPC_INVALID_REQUEST,
                   json_is_array(msg) ? "batches are not supported (LSP sends single messages)"
                                      : "a message must be a JSON object");
        goto out;
    }
    id = json_object_get(msg, "id");
    is_request = id != NULL;
    method = json_string_value(json_object_get(msg, "method"));
    params = json_object_get(msg, "params");
    if (json_is_null(params)) /* some clients send "params": null for parameterless calls */
        params = NULL;
    if (is_request && !valid_id(id)) {
        send_error(s, NULL, RPC_INVALID_REQUEST, "id must be a string, an integer or null");
        goto out;
    }
    if (!json_is_string(json_object_get(msg, "jsonrpc")) ||
        strcmp(json_string_value(json_object_get(msg, "jsonrpc")), "2.0") != 0) {
        send_error(s, id, RPC_INVALID_REQUEST, "jsonrpc must be \"2.0\"");
        goto out;
    }
    if (!json_object_get(msg, "method")) {
        /* a response to a request of ours (we send none): drop it */
        if (is_request && (json_object_get(msg, "result") || json_object_get(msg, "error")))
            goto out;
        send_error(s, id, RPC_INVALID_REQUEST, "method missing");
        goto out;
    }
    if (!method) {
        send_error(s, id, RPC_INVALID_REQUEST, "method must be a string");
        goto out;
    }
    if (params && !json_is_object(params) && !json_is_array(params)) {
        send_error(s, id, RPC_INVALID_REQUEST, "params must be an object or an array");
        goto out;
    }

    if (strcmp(method, "exit") == 0) {
        *done = true;
        goto out;
    }
    if (!s->initialized && strcmp(method, "initialize") != 0) {
        if (is_request)
            send_error(s, id, RPC_SERVER_NOT_INITIALIZED, "server not initialized");
        goto out;
    }
    if (s->shutdown) {
        if (is_request)
            send_error(s, id, RPC_INVALID_REQUEST, "server is shut down");
        goto out;
    }
    if (is_request) {
        if (strcmp(method, "initialize") == 0) {
            result = m_initialize(s, params, &e);
        } else if (strcmp(method, "shutdown") == 0) {
            s->shutdown = true;
            result = json_null();
        } else if (strcmp(method, "textDocument/codeAction") == 0) {
            result = json_is_object(params) ? m_code_action(s, params, &e) : NULL;
        } else {
            e.code = RPC_METHOD_NOT_FOUND;
            e.message = "method not found";
        }
        if (!result && !e.code) {
            e.code = RPC_INVALID_PARAMS;
            e.message = "invalid params";
        }
        if (e.code)
            send_error(s, id, e.code, e.message);
        else
            send_result(s, id, result);
        goto out;
    }
    /* notifications; unknown ones and `$/...` are ignored */
    if (!json_is_object(params))
        goto out;
    if (strcmp(method, "textDocument/didOpen") == 0)
        n_did_open(s, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        n_did_change(s, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        n_did_close(s, params);
    else if (strcmp(method, "textDocument/didSave") == 0)
        n_did_save(s, params);
    else if (strcmp(method, "workspace/didChangeConfiguration") == 0)
        n_did_change_configuration(s, params);
    else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
        n_did_change_watched_files(s, params);
out:
    json_decref(msg);
}

static void server_dispose(server *s)
{
    for (size_t i = 0; i < s->ndocs; i++)
        doc_dispose(&s->docs[i]);
    free(s->docs);
    for (size_t i = 0; i < s->nroots; i++)
        free(s->roots[i]);
    free(s->roots);
    free_strv(s->select);
    free_strv(s->ignore);
}

int cli_lsp_main(int argc, char **argv)
{
    server s;
    bool done = false;
    int status;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--stdio") == 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs("usage: slimfile lsp [--stdio]\n"
                  "Run the slimfile language server: LSP 3.17 over standard input and output.\n",
                  stdout);
            return 0;
        }
        fprintf(stderr, "slimfile lsp: unknown option `%s` (the server speaks on stdio)\n",
                argv[i]);
        return 2;
    }
    memset(&s, 0, sizeof(s));
    s.in = stdin;
    s.out = stdout;
    s.enc = ENC_UTF16;
    /* a client that goes away must not kill us mid-write; failed writes end the loop instead */
    signal(SIGPIPE, SIG_IGN);
    while (!done && !s.broken) {
        char *body = NULL;
        size_t len = 0;
        const char *why = NULL;
        frame_status fs = read_frame(s.in, &body, &len, &why);
        if (fs == FRAME_EOF)
            break;
        if (fs == FRAME_BAD)
            send_error(&s, NULL, RPC_PARSE_ERROR, why);
        else
            handle(&s, body, len, &done);
        free(body);
    }
    status = s.shutdown ? 0 : 1;
    server_dispose(&s);
    return status;
}
