/* test_dockerignore.c - .dockerignore reading, BuildKit matching, lint helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "dockerignore.h"

#define CONF "../shared/conformance/dockerignore/"

/* ---------------------------------------------------------------- helpers */

static sf__ignore *from_list(sf__arena *a, const char *const *pats, size_t n)
{
    sf__ignore *ig = NULL;
    assert_int_equal(sf__ignore_from_patterns(&ig, a, pats, n), SF_OK);
    assert_non_null(ig);
    return ig;
}

static sf__ignore *from_text(sf__arena *a, const char *text)
{
    sf__ignore *ig = NULL;
    assert_int_equal(sf__ignore_parse(&ig, a, text, strlen(text)), SF_OK);
    assert_non_null(ig);
    return ig;
}

/* 1 excluded, 0 included, -1 error. */
static int verdict(const char *const *pats, size_t n, const char *path)
{
    sf__arena a;
    sf__ignore *ig;
    bool ex = false;
    int rc, r;

    sf__arena_init(&a);
    ig = from_list(&a, pats, n);
    rc = sf__ignore_match(ig, path, &ex);
    r = rc == SF_EINVAL ? -1 : rc == SF_OK ? (ex ? 1 : 0) : -2;
    sf__arena_dispose(&a);
    return r;
}

static int one(const char *pat, const char *path)
{
    return verdict(&pat, 1, path);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* Split a TSV line in place into up to 3 fields. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;

    f[n++] = p;
    while (*p && n < max) {
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
        p++;
    }
    return n;
}

/* Patterns from a JSON array into a malloc'ed array of borrowed strings. */
static const char **json_patterns(json_t *arr, size_t *n)
{
    const char **v;
    size_t i;

    assert_true(json_is_array(arr));
    *n = json_array_size(arr);
    v = calloc(*n + 1, sizeof(*v));
    assert_non_null(v);
    for (i = 0; i < *n; i++)
        v[i] = json_string_value(json_array_get(arr, i));
    return v;
}

/* ---------------------------------------------------------------- shared conformance vectors */

static void test_conf_single(void **state)
{
    size_t len, rows = 0, bad = 0;
    char *data = slurp(CONF "dockerignore-vectors.tsv", &len);
    char *line, *save = NULL;

    (void)state;
    if (!data) {
        print_message("skipped: " CONF " is absent\n");
        skip();
    }
    for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[3];
        int want, got;
        if (rows++ == 0)
            continue; /* header */
        assert_int_equal(fields(line, f, 3), 3);
        want = strcmp(f[2], "true") == 0;
        got = one(f[0], f[1]);
        if (got != want) {
            print_error("pattern %s path %s: want %d got %d\n", f[0], f[1], want, got);
            bad++;
        }
    }
    free(data);
    assert_int_equal(rows - 1, 109);
    assert_int_equal(bad, 0);
}

static void test_conf_multi(void **state)
{
    size_t len, rows = 0, bad = 0;
    char *data = slurp(CONF "dockerignore-multi-vectors.tsv", &len);
    char *line, *save = NULL;

    (void)state;
    if (!data) {
        print_message("skipped: " CONF " is absent\n");
        skip();
    }
    for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[3];
        json_error_t je;
        json_t *arr;
        const char **pats;
        size_t n;
        int want, got;
        if (rows++ == 0)
            continue;
        assert_int_equal(fields(line, f, 3), 3);
        arr = json_loads(f[0], 0, &je);
        assert_non_null(arr);
        pats = json_patterns(arr, &n);
        want = strcmp(f[2], "true") == 0;
        got = verdict(pats, n, f[1]);
        if (got != want) {
            print_error("patterns %s path %s: want %d got %d\n", f[0], f[1], want, got);
            bad++;
        }
        free(pats);
        json_decref(arr);
    }
    free(data);
    assert_int_equal(rows - 1, 10);
    assert_int_equal(bad, 0);
}

static void test_conf_errors(void **state)
{
    size_t len, rows = 0, bad = 0;
    char *data = slurp(CONF "dockerignore-error-vectors.tsv", &len);
    char *line, *save = NULL;

    (void)state;
    if (!data) {
        print_message("skipped: " CONF " is absent\n");
        skip();
    }
    for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[2] = {NULL, NULL};
        json_error_t je;
        json_t *arr;
        const char **pats;
        size_t n;
        sf__arena a;
        sf__ignore *ig;
        bool ex;
        if (rows++ == 0)
            continue;
        assert_int_equal(fields(line, f, 2), 2);
        arr = json_loads(f[0], 0, &je);
        assert_non_null(arr);
        pats = json_patterns(arr, &n);
        sf__arena_init(&a);
        ig = from_list(&a, pats, n);
        /* reported at compile time (not ok) or when matching (EINVAL): both are BuildKit's */
        if (sf__ignore_ok(ig) || sf__ignore_match(ig, f[1], &ex) != SF_EINVAL) {
            print_error("patterns %s path %s: no error\n", f[0], f[1]);
            bad++;
        }
        assert_false(sf__ignore_ok(ig));
        assert_non_null(sf__ignore_error(ig));
        sf__arena_dispose(&a);
        free(pats);
        json_decref(arr);
    }
    free(data);
    assert_int_equal(rows - 1, 18);
    assert_int_equal(bad, 0);
}

static void test_conf_readall(void **state)
{
    size_t len, elen, i, k = 0;
    char *in = slurp(CONF "readall-input.dockerignore", &len);
    char *exp = slurp(CONF "readall-expected.txt", &elen);
    char *line, *save = NULL;
    sf__arena a;
    sf__ignore *ig = NULL;

    (void)state;
    if (!in || !exp) {
        free(in);
        free(exp);
        print_message("skipped: " CONF " is absent\n");
        skip();
    }
    sf__arena_init(&a);
    assert_int_equal(sf__ignore_parse(&ig, &a, in, len), SF_OK);
    for (line = strtok_r(exp, "\n", &save); line; line = strtok_r(NULL, "\n", &save), k++) {
        const sf__ignore_pat *p = sf__ignore_at(ig, k);
        assert_non_null(p);
        assert_string_equal(p->text, line);
    }
    assert_int_equal(sf__ignore_count(ig), k);
    for (i = 0; i < k; i++)
        assert_true(sf__ignore_at(ig, i)->line >= 1);
    free(in);
    free(exp);
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------- reading (own cases) */

static void test_read_normalises(void **state)
{
    /* BOM, CRLF, column-1 comment, indented '#', `!` with spaces, Clean, leading '/' */
    static const char text[] =
        "\xEF\xBB\xBF/build/\r\n"
        "# a comment\n"
        "   \t\n"
        "  # not a comment\n"
        "!  ./keep//this/../that/  \n"
        "!\n"
        "/\n"
        "tmp/*.o";
    static const char *const want[] = {"build", "# not a comment", "!keep/that", "!", "/",
                                       "tmp/*.o"};
    static const uint32_t lines[] = {1, 4, 5, 6, 7, 8};
    sf__arena a;
    sf__ignore *ig;
    size_t i;

    (void)state;
    sf__arena_init(&a);
    ig = from_text(&a, text);
    assert_int_equal(sf__ignore_count(ig), SF_ARRAY_LEN(want));
    for (i = 0; i < SF_ARRAY_LEN(want); i++) {
        assert_string_equal(sf__ignore_at(ig, i)->text, want[i]);
        assert_int_equal(sf__ignore_at(ig, i)->line, lines[i]);
    }
    /* columns/offsets: "build" line keeps BOM bytes in the column count */
    assert_int_equal(sf__ignore_at(ig, 0)->col, 4);
    assert_int_equal(sf__ignore_at(ig, 0)->end_col, 4 + 7);
    assert_memory_equal(text + sf__ignore_at(ig, 0)->start, "/build/", 7);
    assert_int_equal(sf__ignore_at(ig, 2)->col, 1);
    assert_memory_equal(text + sf__ignore_at(ig, 2)->start, "!  ./keep//this/../that/",
                        sf__ignore_at(ig, 2)->end - sf__ignore_at(ig, 2)->start);
    assert_true(sf__ignore_at(ig, 2)->negated);
    assert_string_equal(sf__ignore_at(ig, 2)->pattern, "keep/that");
    /* the bare `!` makes the file unusable for BuildKit */
    assert_false(sf__ignore_at(ig, 3)->valid);
    assert_false(sf__ignore_ok(ig));
    assert_string_equal(sf__ignore_error(ig), "illegal exclusion pattern: \"!\"");
    sf__arena_dispose(&a);
}

static void test_read_unicode_space_and_long_line(void **state)
{
    sf__arena a;
    sf__ignore *ig;
    char *big;

    (void)state;
    sf__arena_init(&a);
    /* NBSP and ideographic space are trimmed like Go's strings.TrimSpace */
    ig = from_text(&a, "\xC2\xA0logs\xE3\x80\x80\n");
    assert_int_equal(sf__ignore_count(ig), 1);
    assert_string_equal(sf__ignore_at(ig, 0)->text, "logs");
    assert_true(sf__ignore_ok(ig));
    /* a 64 KiB line makes bufio.Scanner (and the build) fail */
    big = malloc(70000);
    assert_non_null(big);
    memset(big, 'a', 69999);
    big[69999] = '\0';
    ig = from_text(&a, big);
    assert_false(sf__ignore_ok(ig));
    free(big);
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------- matching (own cases) */

typedef struct vec {
    const char *pat, *path;
    int want;
} vec;

static void test_match_own_vectors(void **state)
{
    static const vec V[] = {
        /* parent rule and anchoring */
        {"vendor", "vendor/lib/x.c", 1},
        {"vendor", "src/vendor/x.c", 0},
        {"*.tmp", "sub/a.tmp", 0},
        {"**/*.tmp", "sub/deeper/a.tmp", 1},
        {"b*", "bin/tool", 1},
        {"lib/**", "lib", 0},
        {"lib/**", "lib/a/b/c", 1},
        {"./out/", "out/x", 1},
        {"/out", "out", 0}, /* New() alone keeps the '/'; ReadAll strips it */
        {"out", "./out//x/", 1},
        {"out", "outer", 0},
        {"*", ".", 0},
        /* suffix tests are raw string suffixes in BuildKit */
        {"**.md", "docs/README.md", 1},
        {"**md", "xmd", 1},
        {"**/cache", "cache", 1},
        {"**/cache", "a/b/cache/c", 1},
        {"**/cache", "nocache", 0},
        /* prefix tests */
        {"tmp**", "tmpfile", 1},
        {"tmp**", "tm", 0},
        /* classes, escapes, literals */
        {"log[0-9].txt", "log7.txt", 1},
        {"log[0-9].txt", "logx.txt", 0},
        {"log[^0-9]", "logx", 1},
        {"log[^0-9]", "log/", 0},
        {"x\\?y", "x?y", 1},
        {"x\\?y", "xzy", 0},
        {"a+b", "a+b", 1},
        {"a+b", "aab", 0},
        {"v{1,2}", "v{1,2}", 1},
        {"p$q*", "p$qz", 1},
        {"?", "\xC3\xA9", 1},
        {"??", "\xC3\xA9", 0},
        {"[\xCE\xB1-\xCF\x89]x", "\xCE\xB2x", 1},
        /* regexp quirks BuildKit really has */
        {"a\\d*", "a5z", 1},  /* \d is a digit class */
        {"a\\d*", "adz", 0},
        {"^top*", "top1", 1}, /* a raw ^ at the start is a no-op anchor */
        {"x^y*", "x^yz", 0},  /* and in the middle it can never match */
        {"**/*.go", "a\nb/x.go", 0}, /* `.` in the `**` group skips no newline */
        {"*.go", "a\nb.go", 1},      /* but [^/] does */
        /* `*` inside [...] becomes [^/]* in the regexp: "[[^/]*]x" = class {[ ^ /}, star,
         * then a literal "]x" */
        {"[*]x", "[^]x", 1},
        {"[*]x", "]x", 1},
        {"[*]x", "*x", 0},
        /* invalid at match time only (regexp compile) */
        {"[z-a]", "q", -1},
        {"\\q*", "q", -1},
        /* invalid for filepath.Match: fatal for any path */
        {"[", "zzz", -1},
        {"ok[a-]", "zzz", -1},
    };
    size_t i;

    (void)state;
    for (i = 0; i < SF_ARRAY_LEN(V); i++) {
        int got = one(V[i].pat, V[i].path);
        if (got != V[i].want)
            fail_msg("pattern \"%s\" path \"%s\": want %d got %d", V[i].pat, V[i].path,
                     V[i].want, got);
    }
}

static void test_match_order_and_exceptions(void **state)
{
    static const char *const P1[] = {"docs", "!docs/keep", "*.md", "!README.md"};
    static const char *const P2[] = {"!a.txt", "*.txt"};
    static const char *const P3[] = {"**", "!src", "src/gen"};
    /* an invalid regexp after a decided exclusion is never evaluated for that path */
    static const char *const P4[] = {"**", "[z-a]"};
    sf__arena a;
    sf__ignore *ig;

    (void)state;
    assert_int_equal(verdict(P1, 4, "README.md"), 0);
    assert_int_equal(verdict(P1, 4, "CHANGES.md"), 1);
    assert_int_equal(verdict(P1, 4, "docs/a.md"), 1);
    assert_int_equal(verdict(P1, 4, "docs/keep/c.md"), 0);
    assert_int_equal(verdict(P2, 2, "a.txt"), 1);
    assert_int_equal(verdict(P3, 3, "src/main.c"), 0);
    assert_int_equal(verdict(P3, 3, "src/gen/x.c"), 1);
    assert_int_equal(verdict(P3, 3, "other"), 1);
    assert_int_equal(verdict(P4, 2, "x"), 1);
    assert_int_equal(verdict(NULL, 0, "x"), 0);

    sf__arena_init(&a);
    ig = from_list(&a, P4, 2);
    assert_false(sf__ignore_ok(ig));
    assert_true(sf__ignore_excludes(ig, "x"));
    assert_false(sf__ignore_excludes(NULL, "x"));
    ig = from_list(&a, P1, 4);
    assert_true(sf__ignore_excludes(ig, "docs/a.md"));
    assert_false(sf__ignore_excludes(ig, "docs/keep"));
    assert_int_equal(sf__ignore_at(ig, 0)->kind, SF_IGN_EXACT);
    assert_int_equal(sf__ignore_at(ig, 2)->kind, SF_IGN_REGEXP);
    sf__arena_dispose(&a);
}

static void test_may_include_under(void **state)
{
    static const char *const P1[] = {"docs", "!docs/keep/c.md"};
    static const char *const P2[] = {"**", "!**/*.go"};
    static const char *const P3[] = {"build", "!src/*.c"};
    static const char *const P4[] = {"node_modules"};
    static const char *const P5[] = {"a/b/c", "!a"};
    sf__arena a;

    (void)state;
    sf__arena_init(&a);
    assert_true(sf__ignore_may_include_under(from_list(&a, P1, 2), "docs"));
    assert_true(sf__ignore_may_include_under(from_list(&a, P1, 2), "docs/keep"));
    assert_false(sf__ignore_may_include_under(from_list(&a, P1, 2), "docs/other"));
    assert_false(sf__ignore_may_include_under(from_list(&a, P1, 2), "doc"));
    assert_true(sf__ignore_may_include_under(from_list(&a, P2, 2), "anything/deep"));
    assert_false(sf__ignore_may_include_under(from_list(&a, P3, 2), "build"));
    assert_true(sf__ignore_may_include_under(from_list(&a, P3, 2), "src"));
    assert_false(sf__ignore_may_include_under(from_list(&a, P4, 1), "node_modules"));
    assert_true(sf__ignore_may_include_under(from_list(&a, P5, 2), "a/b/c"));
    assert_false(sf__ignore_may_include_under(NULL, "x"));
    sf__arena_dispose(&a);
}

/* A naive backtracker needs exponential time on these; the Pike VM is linear in the path. */
static void test_pathological_patterns_are_fast(void **state)
{
    sf__arena a;
    sf__ignore *ig;
    char pat[4096], path[8192];
    size_t i, k = 0;
    clock_t t0;
    double secs;

    (void)state;
    sf__arena_init(&a);
    /* *a*a*a...*b against aaaa...a (no b) */
    for (i = 0; i < 40; i++) {
        pat[k++] = '*';
        pat[k++] = 'a';
    }
    pat[k++] = '*';
    pat[k++] = 'b';
    pat[k] = '\0';
    memset(path, 'a', 6000);
    path[6000] = '\0';
    t0 = clock();
    assert_int_equal(one(pat, path), 0);
    /* "x" + 60 x "/" + "**" + "/y" against a deep path that ends wrong */
    k = 0;
    pat[k++] = 'x';
    for (i = 0; i < 60; i++) {
        memcpy(pat + k, "/**", 3);
        k += 3;
    }
    memcpy(pat + k, "/y", 3);
    k = 0;
    path[k++] = 'x';
    for (i = 0; i < 1500; i++) {
        memcpy(path + k, "/aa", 3);
        k += 3;
    }
    memcpy(path + k, "/z", 3);
    assert_int_equal(one(pat, path), 0);
    path[k + 1] = 'y';
    assert_int_equal(one(pat, path), 1);
    ig = NULL;
    {
        const char *pp = pat;
        ig = from_list(&a, &pp, 1);
    }
    assert_true(sf__ignore_ok(ig));
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("pathological patterns: %.3f s\n", secs);
    assert_true(secs < 10.0); /* generous for valgrind/ASan; a backtracker takes years */
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------- lint */

static const sf__ignore_issue *find_issue(const sf__ignore_issue *v, size_t n,
                                          sf__ignore_issue_kind k, uint32_t line)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (v[i].kind == k && v[i].line == line)
            return &v[i];
    return NULL;
}

static void test_lint(void **state)
{
    static const char text[] =
        "node_modules   # deps\n"     /* 1 trailing comment */
        "  # indented\n"              /* 2 indented comment becomes a pattern */
        "[a-\n"                       /* 3 invalid */
        "../secrets\n"                /* 4 never */
        "*.log\n"                     /* 5 undone by 9 */
        "tmp\n"                       /* 6 */
        "tmp/\n"                      /* 7 duplicate of 6 */
        "x^y*\n"                      /* 8 never (impossible regexp) */
        "!*.log\n"                    /* 9 */
        "cache/a\n"                   /* 10 undone by 12 (exact parent) */
        "data**\n"                    /* 11 undone by 13 (prefix) */
        "!cache\n"                    /* 12 */
        "!d**\n"                      /* 13 */
        "docs\n"                      /* 14 NOT undone: exception is narrower */
        "!docs/keep\n"                /* 15 */
        "f\\d\n"                      /* 16 regex escape */
        "build\n"                     /* 17 undone by 18 */
        "!**/build\n";                /* 18 */
    sf__arena a;
    sf__ignore *ig;
    sf__ignore_issue *v;
    size_t n, i;
    const sf__ignore_issue *is;

    (void)state;
    sf__arena_init(&a);
    ig = from_text(&a, text);
    assert_int_equal(sf__ignore_lint(&v, &n, &a, ig), SF_OK);
    for (i = 0; i < n; i++)
        print_message("  %u:%u-%u %s: %s\n", v[i].line, v[i].col, v[i].end_col,
                      sf__ignore_issue_name(v[i].kind), v[i].message);

    is = find_issue(v, n, SF_IGN_ISSUE_TRAILING_COMMENT, 1);
    assert_non_null(is);
    assert_int_equal(is->col, 16);
    assert_int_equal(is->end_col, 22);
    assert_memory_equal(text + is->start, "# deps", is->end - is->start);
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_TRAILING_COMMENT, 2));
    is = find_issue(v, n, SF_IGN_ISSUE_INVALID, 3);
    assert_non_null(is);
    assert_non_null(strstr(is->message, "syntax error in pattern"));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_NEVER_MATCHES, 4));
    is = find_issue(v, n, SF_IGN_ISSUE_UNDONE, 5);
    assert_non_null(is);
    assert_int_equal(is->other_line, 9);
    is = find_issue(v, n, SF_IGN_ISSUE_DUPLICATE, 7);
    assert_non_null(is);
    assert_int_equal(is->other_line, 6);
    assert_null(find_issue(v, n, SF_IGN_ISSUE_DUPLICATE, 6));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_NEVER_MATCHES, 8));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 10));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 11));
    assert_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 14));
    assert_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 6));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_REGEX_ESCAPE, 16));
    assert_non_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 17));
    /* exceptions themselves are never reported as undone */
    assert_null(find_issue(v, n, SF_IGN_ISSUE_UNDONE, 9));
    assert_int_equal(n, 11);
    sf__arena_dispose(&a);
}

static void test_lint_clean_file_is_quiet(void **state)
{
    sf__arena a;
    sf__ignore *ig;
    sf__ignore_issue *v;
    size_t n;

    (void)state;
    sf__arena_init(&a);
    ig = from_text(&a, "# deps\n.git\nnode_modules\n**/*.pyc\n*.md\n!README.md\ndist/**\n"
                       "!dist/app.whl\n");
    assert_int_equal(sf__ignore_lint(&v, &n, &a, ig), SF_OK);
    assert_int_equal(n, 0);
    /* duplicates separated by an exception are not redundant */
    ig = from_text(&a, "a\n!a/b\na\n");
    assert_int_equal(sf__ignore_lint(&v, &n, &a, ig), SF_OK);
    assert_int_equal(n, 0);
    sf__arena_dispose(&a);
}

/* ---------------------------------------------------------------- heavy/secret entries */

static void test_find_unexcluded(void **state)
{
    static const char *const listing[] = {
        ".git/", ".git/HEAD", "node_modules/", "node_modules/x/", "node_modules/x/node_modules/",
        "app/", "app/node_modules/", "app/node_modules/y.js", ".env", ".env.example",
        ".env.production", "certs/", "certs/server.pem", "id_rsa.pub", "src/", "src/main.py",
        "src/__pycache__/", "dist/", "dist/app.whl", ".DS_Store", "venv", "keys/id_ed25519",
    };
    sf__arena a;
    sf__ignore *ig;
    sf__ignore_entry *v;
    size_t n, i;

    (void)state;
    sf__arena_init(&a);
    /* no .dockerignore at all */
    assert_int_equal(sf__ignore_find_unexcluded(&v, &n, &a, NULL, listing,
                                                SF_ARRAY_LEN(listing)), SF_OK);
    for (i = 0; i < n; i++)
        print_message("  %s (%s)\n", v[i].path, v[i].candidate);
    assert_int_equal(n, 9);
    assert_string_equal(v[0].path, ".git/");
    assert_int_equal(v[0].cls, SF_IGN_HEAVY);
    assert_string_equal(v[1].path, "node_modules/"); /* nested one inside is not repeated */
    assert_string_equal(v[2].path, "app/node_modules/");
    assert_string_equal(v[3].path, ".env");
    assert_int_equal(v[3].cls, SF_IGN_SECRET);
    assert_string_equal(v[4].path, ".env.production"); /* .env.example is a template */
    assert_string_equal(v[5].path, "certs/server.pem");
    assert_string_equal(v[6].path, "src/__pycache__/");
    assert_string_equal(v[7].path, ".DS_Store");
    assert_int_equal(v[7].cls, SF_IGN_NOISE);
    assert_string_equal(v[8].path, "keys/id_ed25519");
    /* "venv" is a file here, not the directory candidate; dist/ is not a candidate */

    /* a typical .dockerignore covers most of it */
    ig = from_text(&a, ".git\n**/node_modules\n.env*\n!.env.production\n**/__pycache__/*\n");
    assert_int_equal(sf__ignore_find_unexcluded(&v, &n, &a, ig, listing,
                                                SF_ARRAY_LEN(listing)), SF_OK);
    for (i = 0; i < n; i++)
        print_message("  %s (%s)\n", v[i].path, v[i].candidate);
    assert_int_equal(n, 4);
    assert_string_equal(v[0].path, ".env.production"); /* re-included on purpose, still secret */
    assert_string_equal(v[1].path, "certs/server.pem");
    assert_string_equal(v[2].path, ".DS_Store");
    assert_string_equal(v[3].path, "keys/id_ed25519");
    sf__arena_dispose(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conf_single),
        cmocka_unit_test(test_conf_multi),
        cmocka_unit_test(test_conf_errors),
        cmocka_unit_test(test_conf_readall),
        cmocka_unit_test(test_read_normalises),
        cmocka_unit_test(test_read_unicode_space_and_long_line),
        cmocka_unit_test(test_match_own_vectors),
        cmocka_unit_test(test_match_order_and_exceptions),
        cmocka_unit_test(test_may_include_under),
        cmocka_unit_test(test_pathological_patterns_are_fast),
        cmocka_unit_test(test_lint),
        cmocka_unit_test(test_lint_clean_file_is_quiet),
        cmocka_unit_test(test_find_unexcluded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
