/* main.c - the slimfile command line: lint (default), rules, explain, lsp.
 * Uses only the public header <slimfile.h>. */
#define _DEFAULT_SOURCE
#include <slimfile.h>

#include "config.h"
#include "diff.h"
#include "files.h"
#include "lsp.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_CLEAN 0
#define EXIT_FINDINGS 1
#define EXIT_TROUBLE 2
#define CONTEXT_LIMIT 50000

typedef struct opts {
    sf_format format;
    char **select;        /* from --select, NULL-terminated */
    char **ignore;        /* from --ignore */
    bool has_select;
    const char *config;   /* --config */
    bool no_config;
    const char *context;  /* --context */
    bool has_failure_level;
    sf_severity failure_level;
    bool fix, unsafe_fixes, diff, dump_ast, quiet;
    int color;            /* -1 auto, 0 never, 1 always */
    const char *stdin_name;
} opts;

static void usage(FILE *fp)
{
    fputs("usage: slimfile [OPTIONS] FILE|DIR...   lint Dockerfiles (\"-\" reads standard input)\n"
          "       slimfile rules                   list the rules\n"
          "       slimfile explain RULE-ID         show a rule's documentation\n"
          "       slimfile lsp                     run the language server on stdio\n"
          "\n"
          "Options:\n"
          "  --format=FMT           text (default), json, sarif, checkstyle, github, gitlab,\n"
          "                         lsp-diagnostics\n"
          "  --select=ID,...        run only these rules\n"
          "  --ignore=ID,...        do not run these rules\n"
          "  --failure-level=LEVEL  error, warning, info (default), style or none: the least\n"
          "                         severe finding that makes the exit status 1\n"
          "  --config=FILE          read settings from FILE (default: .slimfile.yaml found by\n"
          "                         walking up from each Dockerfile); --no-config reads none\n"
          "  --context=DIR          build context (default: the Dockerfile's folder)\n"
          "  --fix                  apply safe fixes in place (\"-\": print the fixed file)\n"
          "  --unsafe-fixes         with --fix or --diff, also apply fixes that may change the image\n"
          "  --diff                 print the fixes as a unified diff; write nothing\n"
          "  --dump-ast             print each file's syntax tree as JSON\n"
          "  --stdin-filename=NAME  name standard input in findings\n"
          "  --color=WHEN           auto (default), always, never; NO_COLOR is honoured\n"
          "  -q, --quiet            no summary line\n"
          "  -h, --help             this help\n"
          "  -V, --version          the version\n"
          "\n"
          "Exit status: 0 nothing at or above the failure level, 1 findings, 2 usage errors,\n"
          "unreadable files or syntax errors.\n",
          fp);
}

/* Split "a,b,c" into a NULL-terminated malloc'd list, appending to an existing one. */
static char **split_ids(char **old, const char *s)
{
    size_t n = 0, add = 1;
    char **v;
    char *copy, *tok, *save = NULL;

    for (const char *p = s; *p; p++)
        add += *p == ',';
    while (old && old[n])
        n++;
    v = realloc(old, (n + add + 1) * sizeof(char *));
    if (!v)
        return old;
    copy = strdup(s);
    for (tok = copy ? strtok_r(copy, ", ", &save) : NULL; tok; tok = strtok_r(NULL, ", ", &save))
        v[n++] = strdup(tok);
    v[n] = NULL;
    free(copy);
    return v;
}

static void free_ids(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

static int cmd_rules(void)
{
    size_t n = sf_rule_count();

    printf("%-30s %-8s %-7s %s\n", "ID", "SEVERITY", "FIX", "SUMMARY");
    for (size_t i = 0; i < n; i++) {
        const char *id = sf_rule_id(i), *summary = NULL;
        sf_severity sev;
        sf_fix_safety fix;
        sf_rule_info(id, &sev, &summary, NULL, &fix);
        printf("%-30s %-8s %-7s %s\n", id, sf_severity_name(sev),
               fix == SF_FIX_SAFE ? "safe" : fix == SF_FIX_UNSAFE ? "unsafe" : "-", summary);
    }
    return EXIT_CLEAN;
}

static int cmd_explain(const char *id)
{
    const char *doc = NULL, *summary = NULL;
    sf_severity sev;
    sf_fix_safety fix;

    if (!id) {
        fprintf(stderr, "slimfile: explain needs a rule id (see `slimfile rules`)\n");
        return EXIT_TROUBLE;
    }
    if (sf_rule_info(id, &sev, &summary, &doc, &fix) != SF_OK) {
        fprintf(stderr, "slimfile: unknown rule `%s` (see `slimfile rules`)\n", id);
        return EXIT_TROUBLE;
    }
    fputs(doc, stdout);
    printf("\nSeverity: %s. Fix: %s.\n", sf_severity_name(sev),
           fix == SF_FIX_SAFE ? "safe" : fix == SF_FIX_UNSAFE ? "unsafe (--unsafe-fixes)" : "none");
    return EXIT_CLEAN;
}

/* The build-context listing of the previous input, reused when the next input has the same
 * context (a directory of Dockerfiles is listed once, not once per file). */
typedef struct ctx_cache {
    char *dir;
    char **paths;
    size_t n;
    bool truncated;
    bool ok;
} ctx_cache;

/* Does the document copy anything from the build context (COPY/ADD without --from)? Only then
 * is the context worth listing. */
static bool copies_context(const sf_doc *doc)
{
    for (size_t i = 0; i < sf_doc_insn_count(doc); i++) {
        const sf_insn *insn = sf_doc_insn(doc, i);
        bool from = false;
        if (sf_insn_kind_of(insn) != SF_INSN_COPY && sf_insn_kind_of(insn) != SF_INSN_ADD)
            continue;
        for (size_t f = 0; f < sf_insn_flag_count(insn); f++)
            from |= strcmp(sf_insn_flag_name(insn, f), "from") == 0;
        if (!from)
            return true;
    }
    return false;
}

/* Everything kept per input file until output. */
typedef struct input {
    char *path;           /* as shown */
    cli_file file;
    sf_doc *doc;
    sf_result *res;
    char *ignore_path;
    sf_doc *ignore_doc;
    bool failed;          /* unreadable: already reported */
} input;

/* The .dockerignore BuildKit would use: <Dockerfile>.dockerignore beside the Dockerfile, then
 * .dockerignore at the context root. Returns a malloc'd path or NULL. */
static char *find_dockerignore(const char *dockerfile, const char *context)
{
    char *p;

    if (dockerfile && strcmp(dockerfile, "-") != 0) {
        p = malloc(strlen(dockerfile) + 16);
        if (p) {
            sprintf(p, "%s.dockerignore", dockerfile);
            if (access(p, R_OK) == 0)
                return p;
            free(p);
        }
    }
    p = cli_join(context, ".dockerignore");
    if (p && access(p, R_OK) == 0)
        return p;
    free(p);
    return NULL;
}

static const char **as_const(char **v)
{
    return (const char **)(void *)v;
}

/* Build the linter for one file: command-line options over its config file. */
static int make_linter(sf_linter **out, const opts *o, const cli_config *cfg, sf_severity *fail_level)
{
    sf_options so = SF_OPTIONS_INIT;
    const char *bad = NULL;
    char **ignore = NULL;
    int err;

    *fail_level = SF_SEV_INFO;
    if (cfg) {
        if (cfg->has_failure_level)
            *fail_level = cfg->failure_level;
        if (cfg->has_cache_fix)
            so.cache_fix = cfg->cache_fix;
        so.overrides = cfg->overrides;
        so.n_overrides = cfg->n_overrides;
        if (cfg->select)
            so.select = (const char *const *)as_const(cfg->select);
        for (char **p = cfg->ignore; p && *p; p++)
            ignore = split_ids(ignore, *p);
    }
    if (o->has_failure_level)
        *fail_level = o->failure_level;
    if (o->has_select)
        so.select = (const char *const *)as_const(o->select);
    for (char **p = o->ignore; p && *p; p++)
        ignore = split_ids(ignore, *p);
    so.ignore = (const char *const *)as_const(ignore);
    err = sf_linter_new(out, &so, &bad);
    if (err == SF_ENOTFOUND && cfg && cfg->path && !o->has_select)
        fprintf(stderr, "%s:1:1: error: unknown rule `%s` (see `slimfile rules`)\n", cfg->path,
                bad ? bad : "?");
    else if (err == SF_ENOTFOUND)
        fprintf(stderr, "slimfile: error: unknown rule `%s` (see `slimfile rules`)\n", bad ? bad : "?");
    else if (err < 0)
        fprintf(stderr, "slimfile: %s\n", sf_strerror(err));
    free_ids(ignore);
    return err;
}

static void print_dump(const input *in)
{
    sf_buf b = SF_BUF_INIT;

    if (sf_doc_dump_json(&b, in->doc) == SF_OK && b.ptr)
        fwrite(b.ptr, 1, b.size, stdout);
    sf_buf_dispose(&b);
}

/* Lint (and maybe fix) one input. Returns EXIT_TROUBLE on hard failure, else 0. */
static int process(input *in, const opts *o, sf_severity *fail_level, bool *stdout_used, ctx_cache *cache)
{
    cli_config cfg;
    bool have_cfg = false;
    sf_linter *linter = NULL;
    char *dir = NULL, *ctxdir = NULL, *cfgpath = NULL;
    cli_file ig;
    sf_context ctx;
    const char *why = NULL;
    int rc = 0;
    char errbuf[1024];

    memset(&ig, 0, sizeof(ig));
    memset(&ctx, 0, sizeof(ctx));
    memset(&cfg, 0, sizeof(cfg));
    if (cli_read_file(&in->file, in->path, &why) < 0) {
        fprintf(stderr, "%s:1:1: error: cannot read file: %s\n", in->path, why);
        in->failed = true;
        return EXIT_TROUBLE;
    }
    {
        const char *shown = in->file.is_stdin && o->stdin_name ? o->stdin_name : in->path;
        int err = sf_doc_parse(&in->doc, shown, in->file.data, in->file.len);
        if (err < 0) {
            fprintf(stderr, "%s:1:1: error: cannot parse: %s\n", in->path, sf_strerror(err));
            in->failed = true;
            return EXIT_TROUBLE;
        }
    }
    if (o->dump_ast) {
        print_dump(in);
        return 0;
    }

    dir = in->file.is_stdin ? strdup(o->stdin_name ? o->stdin_name : ".") : strdup(in->path);
    {
        char *d = in->file.is_stdin && !o->stdin_name ? strdup(".") : cli_dirname(dir);
        free(dir);
        dir = d;
    }
    if (o->config || !o->no_config) {
        cfgpath = o->config ? strdup(o->config) : cli_config_find(dir ? dir : ".");
        if (cfgpath) {
            if (cli_config_load(&cfg, cfgpath, errbuf, sizeof errbuf) < 0) {
                fprintf(stderr, "%s\n", errbuf);
                cli_config_free(&cfg);
                rc = EXIT_TROUBLE;
                goto out;
            }
            have_cfg = true;
        }
    }
    if (make_linter(&linter, o, have_cfg ? &cfg : NULL, fail_level) < 0) {
        rc = EXIT_TROUBLE;
        goto out;
    }

    /* the build context: listing and .dockerignore */
    ctxdir = strdup(o->context ? o->context : (dir ? dir : "."));
    in->ignore_path = find_dockerignore(in->file.is_stdin ? o->stdin_name : in->path, ctxdir);
    if (in->ignore_path) {
        if (cli_read_file(&ig, in->ignore_path, &why) < 0) {
            fprintf(stderr, "%s:1:1: error: cannot read file: %s\n", in->ignore_path, why);
            rc = EXIT_TROUBLE;
            goto out;
        }
        ctx.has_dockerignore = true;
        ctx.dockerignore = ig.data;
        ctx.dockerignore_len = ig.len;
        ctx.dockerignore_name = in->ignore_path;
        sf_doc_parse(&in->ignore_doc, in->ignore_path, ig.data, ig.len);
    }
    if (copies_context(in->doc)) {
        if (!cache->dir || strcmp(cache->dir, ctxdir) != 0) {
            cli_free_list(cache->paths, cache->n);
            free(cache->dir);
            memset(cache, 0, sizeof(*cache));
            cache->dir = strdup(ctxdir);
            cache->ok = cli_list_context(ctxdir, &cache->paths, &cache->n, CONTEXT_LIMIT, &cache->truncated) == 0;
        }
        if (cache->ok) {
            ctx.paths = (const char *const *)as_const(cache->paths);
            ctx.n_paths = cache->n;
            ctx.paths_truncated = cache->truncated;
        } else if (o->context) {
            fprintf(stderr, "%s:1:1: error: cannot read build context: %s\n", o->context, strerror(errno));
            rc = EXIT_TROUBLE;
            goto out;
        }
    }

    if (o->fix || o->diff) {
        sf_buf fixed = SF_BUF_INIT, newignore = SF_BUF_INIT;
        sf_fix_report rep;
        sf_fix_options fo;
        int err;
        memset(&fo, 0, sizeof(fo));
        fo.unsafe = o->unsafe_fixes;
        err = sf_fix(&fixed, &rep, linter, in->doc, &ctx, &fo, &newignore);
        if (err < 0) {
            fprintf(stderr, "%s:1:1: error: fixing failed: %s\n", in->path, sf_strerror(err));
            sf_buf_dispose(&fixed);
            sf_buf_dispose(&newignore);
            rc = EXIT_TROUBLE;
            goto out;
        }
        if (newignore.size) {
            /* the unsafe .dockerignore fix: a new file, or entries appended to the one in use */
            char *ipath = in->ignore_path ? strdup(in->ignore_path) : cli_join(ctxdir, ".dockerignore");
            if (o->diff) {
                cli_print_diff(stdout, ipath, ig.data ? ig.data : "", ig.len, newignore.ptr, newignore.size);
            } else if (in->file.is_stdin) {
                fprintf(stderr, "%s: not written (standard input); it would get:\n%s", ipath, newignore.ptr);
            } else if (cli_write_atomic(ipath, newignore.ptr, newignore.size, in->ignore_path ? &ig : NULL) < 0) {
                fprintf(stderr, "%s:1:1: error: cannot write file: %s (left untouched)\n", ipath, strerror(errno));
                rc = EXIT_TROUBLE;
            } else {
                /* lint the result against the .dockerignore now in place */
                cli_file_free(&ig);
                ig.data = malloc(newignore.size + 1);
                if (ig.data) {
                    memcpy(ig.data, newignore.ptr, newignore.size + 1);
                    ig.len = newignore.size;
                    ctx.has_dockerignore = true;
                    ctx.dockerignore = ig.data;
                    ctx.dockerignore_len = ig.len;
                    if (!in->ignore_path) {
                        in->ignore_path = ipath;
                        ipath = NULL;
                    }
                    ctx.dockerignore_name = in->ignore_path;
                    sf_doc_free(in->ignore_doc);
                    in->ignore_doc = NULL;
                    sf_doc_parse(&in->ignore_doc, in->ignore_path, ig.data, ig.len);
                }
            }
            free(ipath);
        }
        sf_buf_dispose(&newignore);
        if (o->diff) {
            if (rep.changed)
                cli_print_diff(stdout, in->path, in->file.data, in->file.len, fixed.ptr, fixed.size);
        } else if (in->file.is_stdin) {
            fwrite(fixed.ptr ? fixed.ptr : "", 1, fixed.size, stdout);
            *stdout_used = true;
        } else if (rep.changed) {
            int w = cli_write_atomic(in->path, fixed.ptr, fixed.size, &in->file);
            if (w == -2) {
                fprintf(stderr, "%s:1:1: error: file changed while slimfile was working; not written\n", in->path);
                rc = EXIT_TROUBLE;
            } else if (w < 0) {
                fprintf(stderr, "%s:1:1: error: cannot write file: %s (left untouched)\n", in->path, strerror(errno));
                rc = EXIT_TROUBLE;
            }
        }
        if (rep.changed && !o->diff && rc == 0) {
            /* report what remains in the fixed text */
            sf_doc *fd = NULL;
            if (sf_doc_parse(&fd, sf_doc_name(in->doc), fixed.ptr ? fixed.ptr : "", fixed.size) == SF_OK) {
                sf_doc_free(in->doc);
                in->doc = fd;
            }
        }
        sf_buf_dispose(&fixed);
        if (rc)
            goto out;
    }
    if (sf_lint(&in->res, linter, in->doc, &ctx) < 0) {
        fprintf(stderr, "%s:1:1: error: out of memory\n", in->path);
        rc = EXIT_TROUBLE;
    }
out:
    cli_file_free(&ig);
    free(dir);
    free(ctxdir);
    free(cfgpath);
    if (have_cfg)
        cli_config_free(&cfg);
    sf_linter_free(linter);
    return rc;
}

static int parse_args(opts *o, int argc, char **argv)
{
    enum { O_FORMAT = 256, O_SELECT, O_IGNORE, O_CONFIG, O_NOCONFIG, O_CONTEXT, O_FAIL, O_FIX,
           O_UNSAFE, O_DIFF, O_DUMP, O_COLOR, O_STDIN };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, O_FORMAT},
        {"select", required_argument, NULL, O_SELECT},
        {"ignore", required_argument, NULL, O_IGNORE},
        {"config", required_argument, NULL, O_CONFIG},
        {"no-config", no_argument, NULL, O_NOCONFIG},
        {"context", required_argument, NULL, O_CONTEXT},
        {"failure-level", required_argument, NULL, O_FAIL},
        {"failure-threshold", required_argument, NULL, O_FAIL},
        {"fix", no_argument, NULL, O_FIX},
        {"unsafe-fixes", no_argument, NULL, O_UNSAFE},
        {"diff", no_argument, NULL, O_DIFF},
        {"dump-ast", no_argument, NULL, O_DUMP},
        {"color", required_argument, NULL, O_COLOR},
        {"stdin-filename", required_argument, NULL, O_STDIN},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;

    o->color = -1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+qhV", longopts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            if (sf_format_parse(&o->format, optarg) != SF_OK) {
                fprintf(stderr, "slimfile: unknown format `%s` (text, json, sarif, checkstyle, github, gitlab, lsp-diagnostics)\n", optarg);
                return -1;
            }
            break;
        case O_SELECT: o->select = split_ids(o->select, optarg); o->has_select = true; break;
        case O_IGNORE: o->ignore = split_ids(o->ignore, optarg); break;
        case O_CONFIG: o->config = optarg; break;
        case O_NOCONFIG: o->no_config = true; break;
        case O_CONTEXT: o->context = optarg; break;
        case O_FAIL:
            if (sf_severity_parse(&o->failure_level, optarg) != SF_OK) {
                fprintf(stderr, "slimfile: --failure-level must be error, warning, info, style or none\n");
                return -1;
            }
            o->has_failure_level = true;
            break;
        case O_FIX: o->fix = true; break;
        case O_UNSAFE: o->unsafe_fixes = true; break;
        case O_DIFF: o->diff = true; break;
        case O_DUMP: o->dump_ast = true; break;
        case O_COLOR:
            if (strcmp(optarg, "auto") == 0) o->color = -1;
            else if (strcmp(optarg, "always") == 0) o->color = 1;
            else if (strcmp(optarg, "never") == 0) o->color = 0;
            else {
                fprintf(stderr, "slimfile: --color must be auto, always or never\n");
                return -1;
            }
            break;
        case O_STDIN: o->stdin_name = optarg; break;
        case 'q': o->quiet = true; break;
        case 'h': usage(stdout); exit(EXIT_CLEAN);
        case 'V': printf("slimfile %s\n", sf_version_string()); exit(EXIT_CLEAN);
        default:
            fprintf(stderr, "slimfile: unknown or incomplete option `%s`\n", argv[optind - 1]);
            usage(stderr);
            return -1;
        }
    }
    return optind;
}

int main(int argc, char **argv)
{
    opts o;
    int first, status = EXIT_CLEAN;
    char **files = NULL;
    size_t nfiles = 0, capfiles = 0;
    input *in = NULL;
    sf_emit_file *ef = NULL;
    size_t nef = 0;
    bool stdout_used = false, trouble = false, any_fail = false;
    sf_severity fail_level = SF_SEV_INFO;
    ctx_cache cache;

    memset(&o, 0, sizeof(o));
    memset(&cache, 0, sizeof(cache));
    if (argc >= 2 && strcmp(argv[1], "rules") == 0)
        return cmd_rules();
    if (argc >= 2 && strcmp(argv[1], "explain") == 0)
        return cmd_explain(argc >= 3 ? argv[2] : NULL);
    if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
        return cli_lsp_main(argc - 1, argv + 1);
    first = parse_args(&o, argc, argv);
    if (first < 0) {
        free_ids(o.select);
        free_ids(o.ignore);
        return EXIT_TROUBLE;
    }
    if (first >= argc) {
        fprintf(stderr, "slimfile: no input files (use - for standard input; --help for usage)\n");
        free_ids(o.select);
        free_ids(o.ignore);
        return EXIT_TROUBLE;
    }
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t before = nfiles;
            cli_discover(argv[i], &files, &nfiles, &capfiles);
            if (nfiles == before)
                fprintf(stderr, "%s: no Dockerfiles found\n", argv[i]);
            continue;
        }
        if (nfiles == capfiles) {
            capfiles = capfiles ? capfiles * 2 : 16;
            files = realloc(files, capfiles * sizeof(char *));
            if (!files)
                return EXIT_TROUBLE;
        }
        files[nfiles++] = strdup(argv[i]);
    }
    in = calloc(nfiles ? nfiles : 1, sizeof(*in));
    ef = calloc(nfiles ? nfiles : 1, sizeof(*ef));
    if (!in || !ef)
        return EXIT_TROUBLE;
    for (size_t i = 0; i < nfiles; i++) {
        sf_severity fl = SF_SEV_INFO;
        in[i].path = files[i];
        if (process(&in[i], &o, &fl, &stdout_used, &cache) != 0)
            trouble = true;
        if (in[i].doc && sf_doc_has_errors(in[i].doc))
            trouble = true;
        if (in[i].res) {
            for (size_t k = 0; k < sf_result_count(in[i].res); k++)
                if (sf_finding_severity(sf_result_get(in[i].res, k)) <= fl && fl != SF_SEV_NONE)
                    any_fail = true;
            for (size_t k = 0; k < sf_result_ignore_count(in[i].res); k++)
                if (sf_finding_severity(sf_result_ignore_get(in[i].res, k)) <= fl && fl != SF_SEV_NONE)
                    any_fail = true;
        }
        fail_level = fl;
        if (in[i].doc && in[i].res) {
            ef[nef].path = in[i].file.is_stdin && o.stdin_name ? o.stdin_name : in[i].path;
            ef[nef].doc = in[i].doc;
            ef[nef].result = in[i].res;
            ef[nef].ignore_path = in[i].ignore_path;
            ef[nef].ignore_doc = in[i].ignore_doc;
            nef++;
        }
    }
    /* a text summary over nothing, after every input failed, would only mislead */
    if (!o.dump_ast && !(stdout_used && o.format == SF_FORMAT_TEXT) &&
        !(nef == 0 && trouble && o.format == SF_FORMAT_TEXT)) {
        sf_buf out = SF_BUF_INIT;
        sf_emit_options eo;
        char cwd[4096];
        memset(&eo, 0, sizeof(eo));
        eo.color = o.color == 1 || (o.color == -1 && isatty(1) && !getenv("NO_COLOR"));
        if (getenv("NO_COLOR") && *getenv("NO_COLOR") && o.color != 1)
            eo.color = false;
        eo.summary = !o.quiet;
        eo.failure_level = fail_level;
        if (getcwd(cwd, sizeof cwd))
            eo.base_dir = cwd;
        if (sf_emit(&out, o.format, ef, nef, &eo) == SF_OK && out.ptr)
            fwrite(out.ptr, 1, out.size, stdout_used ? stderr : stdout);
        sf_buf_dispose(&out);
    }
    if (trouble)
        status = EXIT_TROUBLE;
    else if (any_fail)
        status = EXIT_FINDINGS;
    for (size_t i = 0; i < nfiles; i++) {
        sf_result_free(in[i].res);
        sf_doc_free(in[i].doc);
        sf_doc_free(in[i].ignore_doc);
        cli_file_free(&in[i].file);
        free(in[i].ignore_path);
        free(in[i].path);
    }
    free(in);
    free(ef);
    free(files);
    cli_free_list(cache.paths, cache.n);
    free(cache.dir);
    free_ids(o.select);
    free_ids(o.ignore);
    if (fflush(stdout) != 0)
        return EXIT_TROUBLE;
    return status;
}
