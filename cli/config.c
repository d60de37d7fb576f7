/* config.c - read .slimfile.yaml with libyaml (document tree API).
 *
 *   select: [apk-no-cache, ...]        # only these rules
 *   ignored: [consecutive-run]         # (also "ignore") turn rules off
 *   severity: {consecutive-run: warning}
 *   override: {error: [..], warning: [..], info: [..], style: [..]}   # hadolint's shape
 *   failure-threshold: warning         # (also "failure-level")
 *   cache-fix: delete | mount
 */
#define _DEFAULT_SOURCE
#include "config.h"

#include "files.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

char *cli_config_find(const char *dir)
{
    char buf[PATH_MAX];
    char *cur;

    if (!realpath(dir, buf))
        return NULL;
    cur = strdup(buf);
    while (cur) {
        const char *names[] = {".slimfile.yaml", ".slimfile.yml"};
        for (size_t i = 0; i < 2; i++) {
            char *p = cli_join(cur, names[i]);
            if (p && access(p, R_OK) == 0) {
                /* shown relative to the working directory when it is below it */
                char cwd[PATH_MAX];
                size_t n;
                free(cur);
                if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 0 && strncmp(p, cwd, n) == 0 &&
                    p[n] == '/') {
                    char *rel = strdup(p + n + 1);
                    if (rel) {
                        free(p);
                        return rel;
                    }
                }
                return p;
            }
            free(p);
        }
        if (strcmp(cur, "/") == 0) {
            free(cur);
            return NULL;
        }
        {
            char *up = cli_dirname(cur);
            free(cur);
            cur = up;
        }
    }
    return NULL;
}

static void set_err(char *err, size_t len, const char *path, const yaml_node_t *n, const char *msg)
{
    snprintf(err, len, "%s:%zu:%zu: error: %s", path, n ? n->start_mark.line + 1 : 1,
             n ? n->start_mark.column + 1 : 1, msg);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A sequence of scalars (or one scalar, or a comma-separated scalar) -> NULL-terminated list. */
static char **str_list(yaml_document_t *doc, yaml_node_t *n, const char *path, char *err, size_t errlen)
{
    size_t cap = 8, k = 0;
    char **v = calloc(cap + 1, sizeof(char *));

    if (!v)
        return NULL;
    if (n->type == YAML_SCALAR_NODE) {
        char *s = strdup(scalar(n)), *save = NULL, *tok;
        for (tok = s ? strtok_r(s, ", ", &save) : NULL; tok; tok = strtok_r(NULL, ", ", &save)) {
            if (k == cap) {
                char **nv = realloc(v, (cap * 2 + 1) * sizeof(char *));
                if (!nv)
                    break;
                v = nv;
                cap *= 2;
            }
            v[k++] = strdup(tok);
        }
        free(s);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
            yaml_node_t *e = yaml_document_get_node(doc, *it);
            if (!scalar(e)) {
                set_err(err, errlen, path, e, "expected a rule id");
                for (size_t i = 0; i < k; i++)
                    free(v[i]);
                free(v);
                return NULL;
            }
            if (k == cap) {
                char **nv = realloc(v, (cap * 2 + 1) * sizeof(char *));
                if (!nv)
                    break;
                v = nv;
                cap *= 2;
            }
            v[k++] = strdup(scalar(e));
        }
    } else {
        set_err(err, errlen, path, n, "expected a list of rule ids");
        free(v);
        return NULL;
    }
    v[k] = NULL;
    return v;
}

static int add_override(cli_config *c, const char *rule, sf_severity sev)
{
    sf_severity_override *v = realloc(c->overrides, (c->n_overrides + 1) * sizeof(*v));

    if (!v)
        return -1;
    c->overrides = v;
    v[c->n_overrides].rule = strdup(rule);
    v[c->n_overrides].severity = sev;
    c->n_overrides++;
    return 0;
}

int cli_config_load(cli_config *c, const char *path, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_node_t *root;
    int rc = -1;

    memset(c, 0, sizeof(*c));
    if (!fp) {
        snprintf(err, errlen, "%s:1:1: error: cannot read config file", path);
        return -1;
    }
    c->path = strdup(path);
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "%s:%zu:%zu: error: invalid YAML: %s", path, parser.problem_mark.line + 1,
                 parser.problem_mark.column + 1, parser.problem ? parser.problem : "parse error");
        yaml_parser_delete(&parser);
        fclose(fp);
        return -1;
    }
    root = yaml_document_get_root_node(&doc);
    if (!root) { /* empty file: no settings */
        rc = 0;
        goto out;
    }
    if (root->type != YAML_MAPPING_NODE) {
        set_err(err, errlen, path, root, "expected a mapping of settings");
        goto out;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        const char *key = scalar(k);
        if (!key) {
            set_err(err, errlen, path, k, "expected a setting name");
            goto out;
        }
        if (strcmp(key, "ignored") == 0 || strcmp(key, "ignore") == 0) {
            if (!(c->ignore = str_list(&doc, v, path, err, errlen)))
                goto out;
        } else if (strcmp(key, "select") == 0) {
            if (!(c->select = str_list(&doc, v, path, err, errlen)))
                goto out;
        } else if (strcmp(key, "failure-threshold") == 0 || strcmp(key, "failure-level") == 0) {
            if (!scalar(v) || sf_severity_parse(&c->failure_level, scalar(v)) != SF_OK) {
                set_err(err, errlen, path, v, "failure level must be error, warning, info, style or none");
                goto out;
            }
            c->has_failure_level = true;
        } else if (strcmp(key, "cache-fix") == 0) {
            const char *s = scalar(v);
            if (s && strcmp(s, "delete") == 0)
                c->cache_fix = SF_CACHE_FIX_DELETE;
            else if (s && strcmp(s, "mount") == 0)
                c->cache_fix = SF_CACHE_FIX_MOUNT;
            else {
                set_err(err, errlen, path, v, "cache-fix must be delete or mount");
                goto out;
            }
            c->has_cache_fix = true;
        } else if (strcmp(key, "severity") == 0 || strcmp(key, "override") == 0) {
            bool by_level = strcmp(key, "override") == 0;
            if (v->type != YAML_MAPPING_NODE) {
                set_err(err, errlen, path, v, "expected a mapping");
                goto out;
            }
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
                yaml_node_t *qk = yaml_document_get_node(&doc, q->key);
                yaml_node_t *qv = yaml_document_get_node(&doc, q->value);
                sf_severity sev;
                if (by_level) {
                    char **ids;
                    if (!scalar(qk) || sf_severity_parse(&sev, scalar(qk)) != SF_OK) {
                        set_err(err, errlen, path, qk, "expected error, warning, info, style or none");
                        goto out;
                    }
                    ids = str_list(&doc, qv, path, err, errlen);
                    if (!ids)
                        goto out;
                    for (char **i = ids; *i; i++) {
                        add_override(c, *i, sev);
                        free(*i);
                    }
                    free(ids);
                } else {
                    if (!scalar(qk) || !scalar(qv) || sf_severity_parse(&sev, scalar(qv)) != SF_OK) {
                        set_err(err, errlen, path, qv, "expected `rule-id: error|warning|info|style|none`");
                        goto out;
                    }
                    add_override(c, scalar(qk), sev);
                }
            }
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown setting `%s`", key);
            set_err(err, errlen, path, k, msg);
            goto out;
        }
    }
    rc = 0;
out:
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    return rc;
}

static void free_list(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

void cli_config_free(cli_config *c)
{
    free(c->path);
    free_list(c->select);
    free_list(c->ignore);
    for (size_t i = 0; i < c->n_overrides; i++)
        free((char *)(uintptr_t)c->overrides[i].rule);
    free(c->overrides);
    memset(c, 0, sizeof(*c));
}
