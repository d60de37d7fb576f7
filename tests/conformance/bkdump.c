/* bkdump.c - print a Dockerfile's AST the way BuildKit's parser Node.Dump() does, using only the
 * public API. Used by tests/conformance/run.sh to byte-compare with upstream `result` files.
 *
 *   bkdump FILE        prints the dump; exit 0, or 1 when the parse has a syntax-error finding
 *                      that BuildKit's parser itself (parser.Parse) would return, 2 on I/O or
 *                      usage errors. Every syntax-error goes to stderr, tagged [parser] or
 *                      [instruction] (the checks BuildKit runs later, in instructions.Parse).
 *   bkdump -l FILE     prints "start<TAB>end" lines of each instruction instead.
 *
 * Strings are quoted like Go's strconv.Quote (%q). */
#include <slimfile.h>

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

static void quote(FILE *o, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    fputc('"', o);
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);

        if (k <= 0) {
            fprintf(o, "\\x%02x", u[i]);
            i++;
            continue;
        }
        i += (size_t)k;
        if (c == '"' || c == '\\') {
            fputc('\\', o);
            fputc((int)c, o);
        } else if (c >= 0x20 && c < 0x7F) {
            fputc((int)c, o);
        } else if (c < 0x80) {
            switch (c) {
            case '\a': fputs("\\a", o); break;
            case '\b': fputs("\\b", o); break;
            case '\f': fputs("\\f", o); break;
            case '\n': fputs("\\n", o); break;
            case '\r': fputs("\\r", o); break;
            case '\t': fputs("\\t", o); break;
            case '\v': fputs("\\v", o); break;
            default: fprintf(o, "\\x%02x", (unsigned)c);
            }
        } else {
            utf8proc_category_t cat = utf8proc_category(c);
            int printable = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_SO;
            if (printable) {
                fwrite(u + i - (size_t)k, 1, (size_t)k, o);
            } else if (c < 0x10000) {
                fprintf(o, "\\u%04x", (unsigned)c);
            } else {
                fprintf(o, "\\U%08x", (unsigned)c);
            }
        }
    }
    fputc('"', o);
}

/* Messages of errors that parser.Parse itself returns (see the semantics doc, section 8). */
static const char *const parser_level[] = {
    "only one ", "invalid escape token", "unterminated heredoc", "file with no instructions",
    "when using JSON array syntax", " must have two arguments", "Syntax error - can't find =",
    "dockerfile line greater than"};

static int is_parser_level(const char *msg)
{
    size_t i;

    for (i = 0; i < sizeof(parser_level) / sizeof(parser_level[0]); i++)
        if (strstr(msg, parser_level[i]))
            return 1;
    return 0;
}

static void dump(FILE *o, const sf_insn *in)
{
    size_t i, n;
    const char *kw = sf_insn_keyword(in);
    const sf_insn *child = sf_insn_child(in);

    for (; *kw; kw++)
        fputc(*kw >= 'A' && *kw <= 'Z' ? *kw - 'A' + 'a' : *kw, o);
    n = sf_insn_flag_count(in);
    if (n) {
        fputs(" [", o);
        for (i = 0; i < n; i++) {
            const char *nm = sf_insn_flag_name(in, i), *v = sf_insn_flag_value(in, i);
            char buf[4096];
            int len = v ? snprintf(buf, sizeof(buf), "--%s=%s", nm, v)
                        : snprintf(buf, sizeof(buf), "--%s", nm);
            if (len < 0)
                len = 0;
            if ((size_t)len >= sizeof(buf))
                len = (int)sizeof(buf) - 1;
            if (i)
                fputc(' ', o);
            quote(o, buf, (size_t)len);
        }
        fputc(']', o);
    }
    if (child) {
        fputs(" (", o);
        dump(o, child);
        fputc(')', o);
        return;
    }
    n = sf_insn_arg_count(in);
    for (i = 0; i < n; i++) {
        size_t len;
        const char *a = sf_insn_arg(in, i, &len);
        fputc(' ', o);
        quote(o, a, len);
    }
}

int main(int argc, char **argv)
{
    sf_doc *doc;
    const char *path;
    int lines = 0, rc = 0, err;
    size_t i;

    if (argc == 3 && strcmp(argv[1], "-l") == 0) {
        lines = 1;
        path = argv[2];
    } else if (argc == 2) {
        path = argv[1];
    } else {
        fprintf(stderr, "usage: bkdump [-l] FILE\n");
        return 2;
    }
    err = sf_doc_parse_file(&doc, path);
    if (err < 0) {
        fprintf(stderr, "bkdump: %s: %s\n", path, sf_strerror(err));
        return 2;
    }
    for (i = 0; i < sf_doc_finding_count(doc); i++) {
        const sf_finding *f = sf_doc_finding(doc, i);
        if (strcmp(sf_finding_rule(f), "syntax-error") == 0) {
            sf_range r = sf_finding_range(f);
            int pl = is_parser_level(sf_finding_message(f));
            fprintf(stderr, "%s:%u:%u: [%s] %s\n", path, (unsigned)r.start.line,
                    (unsigned)r.start.col, pl ? "parser" : "instruction", sf_finding_message(f));
            if (pl)
                rc = 1;
        }
    }
    for (i = 0; i < sf_doc_insn_count(doc); i++) {
        const sf_insn *in = sf_doc_insn(doc, i);
        if (lines) {
            sf_range r = sf_insn_range(in);
            printf("%u\t%u\n", (unsigned)r.start.line, (unsigned)r.end.line);
            continue;
        }
        fputc('(', stdout);
        dump(stdout, in);
        fputs(")\n", stdout);
    }
    sf_doc_free(doc);
    return rc;
}
