/* walk.c - shared AST helpers for rules. */
#include "walk.h"

#include "ascii.h"

bool sf__insn_copies_context(const struct sf_insn *insn)
{
    if (!insn || (insn->kind != SF_INSN_COPY && insn->kind != SF_INSN_ADD) || insn->parent)
        return false;
    return sf__insn_flag(insn, "from") == NULL;
}

uint32_t sf__copy_nsrc(const struct sf_insn *insn)
{
    return insn->nargs ? insn->nargs - 1 : 0;
}

bool sf__copy_src_is_heredoc(const struct sf_insn *insn, uint32_t i)
{
    const char *s = insn->args[i].text.ptr;

    if (insn->exec_form || !s)
        return false;
    while (sf__is_digit(*s))
        s++;
    if (s[0] != '<' || s[1] != '<')
        return false;
    for (uint32_t k = 0; k < insn->nheredocs; k++)
        if (insn->heredocs[k].op.start >= insn->args[i].span.start &&
            insn->heredocs[k].op.start < insn->args[i].span.end)
            return true;
    return insn->nheredocs > 0;
}

bool sf__path_is_whole_context(const char *s)
{
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    while (*s == '/')
        s++;
    return *s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "*") == 0 || strcmp(s, "./") == 0;
}

bool sf__path_is_remote(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "git@", 4) == 0 || strncmp(s, "git://", 6) == 0 || strstr(s, ".git#") != NULL;
}

bool sf__has_variable(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n + 1 && i < n; i++)
        if (s[i] == '$' && i + 1 < n && (s[i + 1] == '{' || sf__is_alpha(s[i + 1]) || s[i + 1] == '_'))
            return true;
    return false;
}

char *sf__ctx_path(sf__arena *a, const char *s)
{
    size_t n = strlen(s), k = 0;
    char *out = sf__arena_alloc(a, n + 1);

    if (!out)
        return NULL;
    for (;;) {
        if (s[0] == '.' && s[1] == '/')
            s += 2;
        else if (s[0] == '/')
            s++;
        else
            break;
    }
    if (strcmp(s, ".") == 0)
        s = "";
    for (; *s; s++) {
        if (*s == '/' && (k == 0 || out[k - 1] == '/'))
            continue;
        if (*s == '/' && s[1] == '.' && (s[2] == '/' || s[2] == '\0')) {
            s++;
            continue;
        }
        out[k++] = *s;
    }
    while (k && out[k - 1] == '/')
        k--;
    out[k] = '\0';
    return out;
}

bool sf__has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Match a bracket class at *pp against c; advances *pp past ']'. -1 on a malformed class. */
static int match_class(const char **pp, char c)
{
    const char *p = *pp + 1;
    bool neg = false, ok = false;

    if (*p == '^' || *p == '!') {
        neg = true;
        p++;
    }
    do {
        char lo, hi;
        if (*p == '\0')
            return -1;
        if (*p == '\\')
            p++;
        lo = *p++;
        hi = lo;
        if (*p == '-' && p[1] != ']' && p[1]) {
            p++;
            if (*p == '\\')
                p++;
            hi = *p++;
        }
        if (c >= lo && c <= hi)
            ok = true;
    } while (*p != ']');
    *pp = p + 1;
    return ok != neg;
}

bool sf__glob_match(const char *pat, const char *path)
{
    /* iterative with one backtrack point per '*' segment; '*' never crosses '/' */
    const char *star_p = NULL, *star_s = NULL;

    while (*path) {
        if (*pat == '*') {
            while (*pat == '*')
                pat++;
            star_p = pat;
            star_s = path;
            continue;
        }
        if (*pat == '?' && *path != '/') {
            pat++, path++;
            continue;
        }
        if (*pat == '[' && *path != '/') {
            const char *q = pat;
            int m = match_class(&q, *path);
            if (m < 0)
                return false;
            if (m) {
                pat = q, path++;
                continue;
            }
        } else if (*pat == '\\' && pat[1] && pat[1] == *path) {
            pat += 2, path++;
            continue;
        } else if (*pat && *pat != '?' && *pat != '[' && *pat == *path) {
            pat++, path++;
            continue;
        }
        if (star_p && *star_s != '/') {
            pat = star_p;
            path = ++star_s;
            continue;
        }
        return false;
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

void sf__stage_bounds(const struct sf_doc *doc, uint32_t st, uint32_t *first, uint32_t *end)
{
    *first = doc->stages[st].from + 1;
    *end = doc->stages[st].last + 1;
}

char *sf__path_clean(sf__arena *a, const char *p)
{
    size_t n = strlen(p), k = 0;
    char *out = sf__arena_alloc(a, n + 2);

    if (!out)
        return NULL;
    out[k++] = '/';
    while (*p) {
        const char *s;
        size_t len;
        while (*p == '/')
            p++;
        s = p;
        while (*p && *p != '/')
            p++;
        len = (size_t)(p - s);
        if (len == 0 || (len == 1 && s[0] == '.'))
            continue;
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (k > 1 && out[k - 1] != '/')
                k--;
            if (k > 1)
                k--;
            continue;
        }
        if (k > 1)
            out[k++] = '/';
        memcpy(out + k, s, len);
        k += len;
    }
    out[k] = '\0';
    return out;
}

const char *sf__workdir_at(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *insn)
{
    const char *wd = NULL;
    int st = insn->stage;

    if (st < 0 || (uint32_t)st >= doc->nstages)
        return NULL;
    {
        const sf__stage *s = &doc->stages[st];
        /* scratch starts at "/"; any other base may have set its own WORKDIR */
        if (s->image.ptr && strcmp(s->image.ptr, "scratch") == 0)
            wd = "/";
        else if (s->base_stage >= 0)
            wd = sf__workdir_at(a, doc, &doc->insns[doc->stages[s->base_stage].last]);
    }
    for (uint32_t i = doc->stages[st].from + 1; i < doc->ninsns && &doc->insns[i] != insn; i++) {
        const struct sf_insn *w = &doc->insns[i];
        const char *arg;
        if (w->kind != SF_INSN_WORKDIR || w->nargs == 0)
            continue;
        arg = w->args[0].text.ptr;
        if (sf__has_variable(arg, w->args[0].text.len) || strchr(arg, '"') || strchr(arg, '\''))
            wd = NULL;
        else if (arg[0] == '/')
            wd = sf__path_clean(a, arg);
        else if (wd)
            wd = sf__path_clean(a, sf__arena_printf(a, "%s/%s", wd, arg));
    }
    return wd;
}

const char *sf__resolve_at(sf__arena *a, const struct sf_doc *doc, const struct sf_insn *insn,
                           const char *path)
{
    const char *wd;

    if (!path || sf__has_variable(path, strlen(path)) || path[0] == '~')
        return NULL;
    if (path[0] == '/')
        return sf__path_clean(a, path);
    wd = sf__workdir_at(a, doc, insn);
    if (!wd)
        return NULL;
    return sf__path_clean(a, sf__arena_printf(a, "%s/%s", wd, path));
}

bool sf__path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);

    if (strcmp(dir, "/") == 0)
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void sf__insn_delete_range(const struct sf_doc *doc, const struct sf_insn *insn, uint32_t *start, uint32_t *end)
{
    uint32_t li = sf__source_line_index(&doc->src, insn->span.start);
    const char *t = doc->src.text;
    uint32_t e;

    while (li > 0) {
        uint32_t s = doc->src.lines[li - 1], le = doc->src.lines[li];
        while (s < le && sf__is_space(t[s]))
            s++;
        if (s >= le || t[s] != '#' || doc->src.lines[li - 1] < insn->lead.start)
            break;
        li--;
    }
    *start = doc->src.lines[li];
    e = sf__source_line_end(&doc->src, insn->span.end);
    if (e < doc->src.len)
        e += t[e] == '\r' ? 2 : 1;
    *end = e > doc->src.len ? doc->src.len : e;
}

bool sf__only_metadata_between(const struct sf_doc *doc, uint32_t a, uint32_t b)
{
    for (uint32_t i = a + 1; i < b && i < doc->ninsns; i++)
        switch (doc->insns[i].kind) {
        case SF_INSN_LABEL:
        case SF_INSN_EXPOSE:
        case SF_INSN_MAINTAINER:
        case SF_INSN_STOPSIGNAL:
        case SF_INSN_HEALTHCHECK:
        case SF_INSN_CMD:
        case SF_INSN_ENTRYPOINT:
        case SF_INSN_ENV:
        case SF_INSN_ARG:
            break;
        default:
            return false;
        }
    return true;
}

bool sf__ctx_entry_used(sf__arena *a, const struct sf_doc *doc, const char *e)
{
    size_t n = strlen(e);

    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (!sf__insn_copies_context(insn))
            continue;
        for (uint32_t s = 0; s < sf__copy_nsrc(insn); s++) {
            char *p = sf__ctx_path(a, insn->args[s].text.ptr);
            if (p && *p && (strcmp(p, e) == 0 || (strncmp(p, e, n) == 0 && p[n] == '/') || sf__glob_match(p, e)))
                return true;
        }
    }
    return false;
}

bool sf__stage_chain_has(const struct sf_doc *doc, int from, int st)
{
    for (uint32_t n = 0; from >= 0 && (uint32_t)from < doc->nstages && n <= doc->nstages; n++) {
        if (from == st)
            return true;
        from = doc->stages[from].base_stage;
    }
    return false;
}

int sf__stage_named(const struct sf_doc *doc, const char *v)
{
    size_t n = strlen(v);
    bool digits = n > 0;

    for (size_t i = 0; i < n; i++)
        digits = digits && sf__is_digit((unsigned char)v[i]);
    if (digits) {
        unsigned long k = strtoul(v, NULL, 10);
        return k < doc->nstages ? (int)k : -1;
    }
    for (uint32_t s = 0; s < doc->nstages; s++) {
        const char *name = doc->stages[s].name.ptr;
        size_t i = 0;
        if (!name || strlen(name) != n)
            continue;
        while (i < n && sf__to_lower((unsigned char)v[i]) == (unsigned char)name[i])
            i++;
        if (i == n)
            return (int)s;
    }
    return -1;
}

bool sf__doc_has_directive(const struct sf_doc *doc, const char *key)
{
    for (uint32_t i = 0; i < doc->ndirectives; i++)
        if (doc->directives[i].key.ptr && strcmp(doc->directives[i].key.ptr, key) == 0)
            return true;
    return false;
}

const struct sf_insn *sf__whole_context_copy(const struct sf_doc *doc, uint32_t *src)
{
    for (uint32_t i = 0; i < doc->ninsns; i++) {
        const struct sf_insn *insn = &doc->insns[i];
        if (!sf__insn_copies_context(insn))
            continue;
        for (uint32_t s = 0; s < sf__copy_nsrc(insn); s++)
            if (!sf__copy_src_is_heredoc(insn, s) && sf__path_is_whole_context(insn->args[s].text.ptr)) {
                *src = s;
                return insn;
            }
    }
    return NULL;
}

/* FNV-1a of a lower-cased name, for the stage-name table below. */
static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (uint32_t)sf__to_lower((unsigned char)*s)) * 16777619u;
    return h;
}

void sf__doc_link_shells(struct sf_doc *doc)
{
    const struct sf_insn *cur = NULL;
    /* stage names seen so far -> index, open addressing over a power-of-two table */
    uint32_t cap = 16, mask;
    int *tab;

    while (cap < doc->nstages * 2 + 2)
        cap *= 2;
    mask = cap - 1;
    tab = sf__arena_alloc(&doc->arena, cap * sizeof(int));
    for (uint32_t i = 0; tab && i < cap; i++)
        tab[i] = -1;
    for (uint32_t i = 0; i < doc->ninsns; i++) {
        struct sf_insn *insn = &doc->insns[i];
        int st = insn->stage;
        const sf__flag *from;
        insn->from_stage = -1;
        if (tab && st >= 0 && (uint32_t)st < doc->nstages && i == doc->stages[st].from && doc->stages[st].name.ptr) {
            uint32_t h = name_hash(doc->stages[st].name.ptr) & mask;
            while (tab[h] >= 0 && strcmp(doc->stages[tab[h]].name.ptr, doc->stages[st].name.ptr) != 0)
                h = (h + 1) & mask;
            tab[h] = st;
        }
        if ((insn->kind == SF_INSN_COPY || insn->kind == SF_INSN_ADD) && (from = sf__insn_flag(insn, "from")) &&
            from->value.ptr && !sf__has_variable(from->value.ptr, from->value.len)) {
            const char *v = from->value.ptr;
            if (*v && strspn(v, "0123456789") == strlen(v)) {
                unsigned long k = strtoul(v, NULL, 10);
                insn->from_stage = k < doc->nstages ? (int)k : -1;
            } else if (tab) {
                uint32_t h = name_hash(v) & mask;
                for (; tab[h] >= 0; h = (h + 1) & mask) {
                    const char *n = doc->stages[tab[h]].name.ptr;
                    size_t l = 0;
                    while (n[l] && v[l] && sf__to_lower((unsigned char)v[l]) == (unsigned char)n[l])
                        l++;
                    if (!n[l] && !v[l]) {
                        insn->from_stage = tab[h];
                        break;
                    }
                }
            }
        }
        if (st < 0 || (uint32_t)st >= doc->nstages) {
            insn->shell = NULL;
            continue;
        }
        if (i == doc->stages[st].from) {
            /* a stage built FROM an earlier one inherits its SHELL (image config) */
            int base = doc->stages[st].base_stage;
            cur = NULL;
            if (base >= 0 && base < st) {
                const struct sf_insn *last = &doc->insns[doc->stages[base].last];
                cur = last->kind == SF_INSN_SHELL ? last : last->shell;
            }
        }
        insn->shell = cur;
        if (insn->child)
            insn->child->shell = cur;
        if (insn->kind == SF_INSN_SHELL)
            cur = insn;
    }
}
