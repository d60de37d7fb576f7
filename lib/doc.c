/* doc.c - the public document and instruction API (sf_doc_*, sf_insn_*). */
#include "token.h"

#include <errno.h>
#include <stdio.h>

int sf_doc_parse(sf_doc **out, const char *name, const char *text, size_t len)
{
    sf_doc *doc = NULL;
    int err;

    if (!out)
        return SF_EINVAL;
    *out = NULL;
    if (!text && len > 0)
        return SF_EINVAL;
    if (len >= SF_MAX_INPUT)
        return SF_ELIMIT;
    doc = calloc(1, sizeof(*doc));
    if (!doc)
        return SF_ENOMEM;
    sf__arena_init(&doc->arena);
    doc->escape = '\\';
    doc->name = sf__arena_strdup(&doc->arena, name ? name : "-");
    err = sf__source_init(&doc->src, &doc->arena, text ? text : "", len);
    if (err < 0)
        goto fail;
    if (!doc->name) {
        err = SF_ENOMEM;
        goto fail;
    }
    err = sf__parse(doc);
    if (err < 0)
        goto fail;
    sf__doc_link_shells(doc);
    *out = doc;
    return SF_OK;
fail:
    sf_doc_free(doc);
    return err;
}

int sf_doc_parse_file(sf_doc **out, const char *path)
{
    FILE *f;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int err, saved;

    if (!out || !path)
        return SF_EINVAL;
    *out = NULL;
    f = fopen(path, "rb");
    if (!f)
        return SF_EIO;
    for (;;) {
        size_t got;
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb;
            if (ncap > SF_MAX_INPUT + (size_t)65536) {
                free(buf);
                fclose(f);
                return SF_ELIMIT;
            }
            nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return SF_ENOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        saved = errno;
        free(buf);
        fclose(f);
        errno = saved;
        return SF_EIO;
    }
    fclose(f);
    err = sf_doc_parse(out, path, buf ? buf : "", n);
    free(buf);
    return err;
}

void sf_doc_free(sf_doc *doc)
{
    if (!doc)
        return;
    sf__arena_dispose(&doc->arena);
    free(doc);
}

const char *sf_doc_name(const sf_doc *doc)
{
    return doc && doc->name ? doc->name : "-";
}

const char *sf_doc_source(const sf_doc *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->src.len : 0;
    return doc ? doc->src.text : NULL;
}

char sf_doc_escape(const sf_doc *doc)
{
    return doc ? doc->escape : '\\';
}

bool sf_doc_has_errors(const sf_doc *doc)
{
    return doc && doc->has_errors;
}

sf_pos sf_doc_pos(const sf_doc *doc, uint32_t offset)
{
    sf_pos p;

    if (doc)
        return sf__source_pos(&doc->src, offset);
    memset(&p, 0, sizeof(p));
    return p;
}

size_t sf_doc_insn_count(const sf_doc *doc)
{
    return doc ? doc->ninsns : 0;
}

const sf_insn *sf_doc_insn(const sf_doc *doc, size_t i)
{
    return doc && i < doc->ninsns ? &doc->insns[i] : NULL;
}

size_t sf_doc_finding_count(const sf_doc *doc)
{
    return doc ? doc->findings.n : 0;
}

const sf_finding *sf_doc_finding(const sf_doc *doc, size_t i)
{
    return doc && i < doc->findings.n ? &doc->findings.v[i] : NULL;
}

/* ---- instructions ---- */

static sf_range no_range(void)
{
    sf_range r;

    memset(&r, 0, sizeof(r));
    return r;
}

static sf_range span_range(const sf_insn *insn, sf__span sp)
{
    if (!insn || !insn->doc)
        return no_range();
    return sf__source_range(&insn->doc->src, sp.start, sp.end);
}

sf_insn_kind sf_insn_kind_of(const sf_insn *insn)
{
    return insn ? insn->kind : SF_INSN_UNKNOWN;
}

const char *sf_insn_keyword(const sf_insn *insn)
{
    const char *k;

    if (!insn)
        return NULL;
    k = sf__insn_kind_name(insn->kind);
    return k ? k : (insn->keyword.ptr ? insn->keyword.ptr : "");
}

sf_range sf_insn_range(const sf_insn *insn)
{
    return insn ? insn->range : no_range();
}

int sf_insn_stage(const sf_insn *insn)
{
    return insn ? insn->stage : -1;
}

bool sf_insn_is_exec_form(const sf_insn *insn)
{
    return insn && insn->exec_form;
}

const sf_insn *sf_insn_child(const sf_insn *insn)
{
    return insn ? insn->child : NULL;
}

size_t sf_insn_flag_count(const sf_insn *insn)
{
    return insn ? insn->nflags : 0;
}

const char *sf_insn_flag_name(const sf_insn *insn, size_t i)
{
    return insn && i < insn->nflags ? insn->flags[i].name.ptr : NULL;
}

const char *sf_insn_flag_value(const sf_insn *insn, size_t i)
{
    return insn && i < insn->nflags ? insn->flags[i].value.ptr : NULL;
}

sf_range sf_insn_flag_range(const sf_insn *insn, size_t i)
{
    return insn && i < insn->nflags ? span_range(insn, insn->flags[i].span) : no_range();
}

size_t sf_insn_arg_count(const sf_insn *insn)
{
    return insn ? insn->nargs : 0;
}

const char *sf_insn_arg(const sf_insn *insn, size_t i, size_t *len)
{
    if (!insn || i >= insn->nargs) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = insn->args[i].text.len;
    return insn->args[i].text.ptr ? insn->args[i].text.ptr : "";
}

sf_range sf_insn_arg_range(const sf_insn *insn, size_t i)
{
    return insn && i < insn->nargs ? span_range(insn, insn->args[i].span) : no_range();
}

size_t sf_insn_heredoc_count(const sf_insn *insn)
{
    return insn ? insn->nheredocs : 0;
}

const char *sf_insn_heredoc_name(const sf_insn *insn, size_t i)
{
    return insn && i < insn->nheredocs ? insn->heredocs[i].name.ptr : NULL;
}

const char *sf_insn_heredoc_body(const sf_insn *insn, size_t i, size_t *len)
{
    if (!insn || i >= insn->nheredocs) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = insn->heredocs[i].content.len;
    return insn->heredocs[i].content.ptr ? insn->heredocs[i].content.ptr : "";
}
