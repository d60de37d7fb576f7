/* dump.c - sf_doc_dump_json: the AST as JSON (`slimfile --dump-ast`).
 *
 * Shape (one object; strings are JSON-escaped, invalid UTF-8 becomes U+FFFD):
 *
 *   {"name": "Dockerfile", "escape": "\\", "has_bom": false, "has_errors": false,
 *    "directives": [{"key": "syntax", "value": "docker/dockerfile:1", "range": R}],
 *    "instructions": [I, ...],
 *    "stages": [{"index": 0, "from": 0, "last": 3, "image": "alpine", "name": "build" | null,
 *                "base_stage": -1}],
 *    "findings": [{"rule": "syntax-error", "severity": "error", "message": "...", "range": R}],
 *    "tokens": N}
 *
 *   I = {"index": 0, "kind": "RUN", "keyword": "run", "stage": 0, "range": R,
 *        "keyword_range": R, "lead": R,
 *        "flags": [{"name": "mount", "value": "type=cache,target=/x" | null, "range": R}],
 *        "exec_form": false, "rest": "joined text", "rest_range": R,
 *        "args": [{"text": "...", "range": R}],
 *        "heredocs": [{"name": "EOF", "chomp": false, "quoted": false, "fd": -1,
 *                      "terminated": true, "op": R, "body": R, "delimiter": R,
 *                      "content": "..."}],
 *        "child": I | null, "bad": false}
 *
 *   R = {"start": P, "end": P} (half-open)
 *   P = {"offset": 0, "line": 1, "col": 1, "col16": 1, "colcp": 1} (1-based line and columns)
 */
#include "token.h"

#include "buf.h"

typedef struct dumper {
    sf_buf *b;
    const sf_doc *doc;
    int err;
} dumper;

static void put(dumper *d, const char *s)
{
    if (!d->err)
        d->err = sf__buf_puts(d->b, s);
}

static void str(dumper *d, const char *s, size_t n)
{
    if (!d->err)
        d->err = s ? sf__buf_json_str(d->b, s, n) : sf__buf_puts(d->b, "null");
}

static void sstr(dumper *d, const sf__str *s)
{
    str(d, s->ptr, s->len);
}

static void num(dumper *d, long long v)
{
    if (!d->err)
        d->err = sf__buf_printf(d->b, "%lld", v);
}

static void boolean(dumper *d, bool v)
{
    put(d, v ? "true" : "false");
}

static void pos(dumper *d, sf_pos p)
{
    if (!d->err)
        d->err = sf__buf_printf(d->b,
                                "{\"offset\":%u,\"line\":%u,\"col\":%u,\"col16\":%u,\"colcp\":%u}",
                                (unsigned)p.offset, (unsigned)p.line, (unsigned)p.col,
                                (unsigned)p.col16, (unsigned)p.colcp);
}

static void range(dumper *d, sf_range r)
{
    put(d, "{\"start\":");
    pos(d, r.start);
    put(d, ",\"end\":");
    pos(d, r.end);
    put(d, "}");
}

static void span(dumper *d, sf__span s)
{
    range(d, sf__source_range(&d->doc->src, s.start, s.end));
}

static void insn(dumper *d, const sf_insn *in)
{
    uint32_t i;
    const char *kn = sf__insn_kind_name(in->kind);

    put(d, "{\"index\":");
    num(d, in->index);
    put(d, ",\"kind\":");
    if (kn)
        str(d, kn, strlen(kn));
    else
        put(d, "\"UNKNOWN\"");
    put(d, ",\"keyword\":");
    sstr(d, &in->keyword);
    put(d, ",\"stage\":");
    num(d, in->stage);
    put(d, ",\"range\":");
    range(d, in->range);
    put(d, ",\"keyword_range\":");
    span(d, in->kw);
    put(d, ",\"lead\":");
    span(d, in->lead);
    put(d, ",\"flags\":[");
    for (i = 0; i < in->nflags; i++) {
        put(d, i ? ",{\"name\":" : "{\"name\":");
        sstr(d, &in->flags[i].name);
        put(d, ",\"value\":");
        sstr(d, &in->flags[i].value);
        put(d, ",\"range\":");
        span(d, in->flags[i].span);
        put(d, "}");
    }
    put(d, "],\"exec_form\":");
    boolean(d, in->exec_form);
    put(d, ",\"rest\":");
    if (in->rest.ptr)
        sstr(d, &in->rest);
    else
        put(d, "\"\"");
    put(d, ",\"rest_range\":");
    span(d, in->rest_span);
    put(d, ",\"args\":[");
    for (i = 0; i < in->nargs; i++) {
        put(d, i ? ",{\"text\":" : "{\"text\":");
        if (in->args[i].text.ptr)
            sstr(d, &in->args[i].text);
        else
            put(d, "\"\"");
        put(d, ",\"range\":");
        span(d, in->args[i].span);
        put(d, "}");
    }
    put(d, "],\"heredocs\":[");
    for (i = 0; i < in->nheredocs; i++) {
        const sf__heredoc *h = &in->heredocs[i];
        put(d, i ? ",{\"name\":" : "{\"name\":");
        sstr(d, &h->name);
        put(d, ",\"chomp\":");
        boolean(d, h->chomp);
        put(d, ",\"quoted\":");
        boolean(d, h->quoted);
        put(d, ",\"fd\":");
        num(d, h->fd);
        put(d, ",\"terminated\":");
        boolean(d, h->terminated);
        put(d, ",\"op\":");
        span(d, h->op);
        put(d, ",\"body\":");
        span(d, h->body);
        put(d, ",\"delimiter\":");
        span(d, h->delim);
        put(d, ",\"content\":");
        if (h->content.ptr)
            sstr(d, &h->content);
        else
            put(d, "\"\"");
        put(d, "}");
    }
    put(d, "],\"child\":");
    if (in->child)
        insn(d, in->child);
    else
        put(d, "null");
    put(d, ",\"bad\":");
    boolean(d, in->bad);
    put(d, "}");
}

int sf_doc_dump_json(sf_buf *out, const sf_doc *doc)
{
    dumper d;
    uint32_t i;
    char esc[2];

    if (!out || !doc)
        return SF_EINVAL;
    d.b = out;
    d.doc = doc;
    d.err = 0;
    esc[0] = doc->escape;
    esc[1] = '\0';
    put(&d, "{\"name\":");
    str(&d, doc->name, strlen(doc->name));
    put(&d, ",\"escape\":");
    str(&d, esc, 1);
    put(&d, ",\"has_bom\":");
    boolean(&d, doc->has_bom);
    put(&d, ",\"has_errors\":");
    boolean(&d, doc->has_errors);
    put(&d, ",\"directives\":[");
    for (i = 0; i < doc->ndirectives; i++) {
        put(&d, i ? ",{\"key\":" : "{\"key\":");
        sstr(&d, &doc->directives[i].key);
        put(&d, ",\"value\":");
        sstr(&d, &doc->directives[i].value);
        put(&d, ",\"range\":");
        span(&d, doc->directives[i].span);
        put(&d, "}");
    }
    put(&d, "],\"instructions\":[");
    for (i = 0; i < doc->ninsns; i++) {
        if (i)
            put(&d, ",");
        insn(&d, &doc->insns[i]);
    }
    put(&d, "],\"stages\":[");
    for (i = 0; i < doc->nstages; i++) {
        const sf__stage *s = &doc->stages[i];
        put(&d, i ? ",{\"index\":" : "{\"index\":");
        num(&d, i);
        put(&d, ",\"from\":");
        num(&d, s->from);
        put(&d, ",\"last\":");
        num(&d, s->last);
        put(&d, ",\"image\":");
        sstr(&d, &s->image);
        put(&d, ",\"name\":");
        sstr(&d, &s->name);
        put(&d, ",\"base_stage\":");
        num(&d, s->base_stage);
        put(&d, "}");
    }
    put(&d, "],\"findings\":[");
    for (i = 0; i < doc->findings.n; i++) {
        const struct sf_finding *f = &doc->findings.v[i];
        const char *sev = sf_severity_name(f->severity);
        put(&d, i ? ",{\"rule\":" : "{\"rule\":");
        str(&d, f->rule, strlen(f->rule));
        put(&d, ",\"severity\":");
        str(&d, sev, strlen(sev));
        put(&d, ",\"message\":");
        str(&d, f->message, strlen(f->message));
        put(&d, ",\"range\":");
        range(&d, f->range);
        put(&d, "}");
    }
    put(&d, "],\"tokens\":");
    num(&d, doc->ntok);
    put(&d, "}");
    return d.err;
}

const char *sf__token_name(unsigned kind)
{
    switch (kind) {
    case SF_TOK_KW_FROM: return "KW_FROM";
    case SF_TOK_KW_ARG: return "KW_ARG";
    case SF_TOK_KW_ONBUILD: return "KW_ONBUILD";
    case SF_TOK_KW_MAINTAINER: return "KW_MAINTAINER";
    case SF_TOK_KW_UNKNOWN: return "KW_UNKNOWN";
    case SF_TOK_KW: return "KW";
    case SF_TOK_FLAG: return "FLAG";
    case SF_TOK_WORD: return "WORD";
    case SF_TOK_HEREDOC: return "HEREDOC";
    case SF_TOK_NEWLINE: return "NEWLINE";
    case SF_TK_BOM: return "BOM";
    case SF_TK_BLANK: return "BLANK";
    case SF_TK_EOL: return "EOL";
    case SF_TK_COMMENT: return "COMMENT";
    case SF_TK_DIRECTIVE: return "DIRECTIVE";
    case SF_TK_CONT: return "CONT";
    case SF_TK_HEREDOC_BODY: return "HEREDOC_BODY";
    case SF_TK_HEREDOC_END: return "HEREDOC_END";
    default: return "?";
    }
}
