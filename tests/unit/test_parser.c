/* test_parser.c - the Dockerfile lexer/parser and the document API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "token.h"

#include "buf.h"

static sf_doc *parse(const char *s)
{
    sf_doc *d = NULL;

    assert_int_equal(sf_doc_parse(&d, "Dockerfile", s, strlen(s)), SF_OK);
    assert_non_null(d);
    return d;
}

static sf_doc *parsen(const char *s, size_t n)
{
    sf_doc *d = NULL;

    assert_int_equal(sf_doc_parse(&d, "Dockerfile", s, n), SF_OK);
    return d;
}

/* The one syntax-error whose message contains `msg`; asserts there is exactly one such. */
static const sf_finding *find_error(const sf_doc *d, const char *msg)
{
    const sf_finding *hit = NULL;
    size_t i;

    for (i = 0; i < sf_doc_finding_count(d); i++) {
        const sf_finding *f = sf_doc_finding(d, i);
        if (strstr(sf_finding_message(f), msg)) {
            assert_null(hit);
            hit = f;
        }
    }
    if (!hit)
        fail_msg("no finding with \"%s\"", msg);
    return hit;
}

static size_t count_rule(const sf_doc *d, const char *rule)
{
    size_t i, n = 0;

    for (i = 0; i < sf_doc_finding_count(d); i++)
        n += strcmp(sf_finding_rule(sf_doc_finding(d, i)), rule) == 0;
    return n;
}

static void assert_roundtrip(const char *s, size_t n)
{
    sf_doc *d = parsen(s, n);
    sf_buf b = SF_BUF_INIT;
    uint32_t i, prev = 0;

    assert_int_equal(sf_doc_print(&b, d), SF_OK);
    assert_int_equal(b.size, n);
    if (n)
        assert_memory_equal(b.ptr, s, n);
    /* tokens tile the input */
    for (i = 0; i < d->ntok; i++) {
        assert_true(d->tok_end[i] > prev);
        prev = d->tok_end[i];
    }
    assert_int_equal(prev, n);
    sf_buf_dispose(&b);

    {
        sf_buf j = SF_BUF_INIT;
        assert_int_equal(sf_doc_dump_json(&j, d), SF_OK);
        assert_true(j.size > 10);
        sf_buf_dispose(&j);
    }
    sf_doc_free(d);
}

static const char *arg(const sf_insn *in, size_t i)
{
    return sf_insn_arg(in, i, NULL);
}

/* ------------------------------------------------------------------ tests */

static void test_basic(void **state)
{
    sf_doc *d = parse("FROM alpine:3.19 AS Build\nRUN apk add curl\n");
    const sf_insn *in;

    (void)state;
    assert_false(sf_doc_has_errors(d));
    assert_int_equal(sf_doc_insn_count(d), 2);
    in = sf_doc_insn(d, 0);
    assert_int_equal(sf_insn_kind_of(in), SF_INSN_FROM);
    assert_string_equal(sf_insn_keyword(in), "FROM");
    assert_int_equal(sf_insn_arg_count(in), 3);
    assert_string_equal(arg(in, 2), "Build");
    in = sf_doc_insn(d, 1);
    assert_int_equal(sf_insn_kind_of(in), SF_INSN_RUN);
    assert_int_equal(sf_insn_arg_count(in), 1);
    assert_string_equal(arg(in, 0), "apk add curl");
    assert_int_equal(sf_insn_stage(in), 0);
    assert_int_equal(d->nstages, 1);
    assert_string_equal(d->stages[0].name.ptr, "build");
    assert_null(sf_doc_insn(d, 2));
    sf_doc_free(d);
}

static void test_keywords_case(void **state)
{
    sf_doc *d = parse("from a\nRuN x\nworkDIR /w\n");

    (void)state;
    assert_int_equal(sf_insn_kind_of(sf_doc_insn(d, 1)), SF_INSN_RUN);
    assert_int_equal(sf_insn_kind_of(sf_doc_insn(d, 2)), SF_INSN_WORKDIR);
    assert_string_equal(sf_doc_insn(d, 1)->keyword.ptr, "RuN");
    assert_false(sf_doc_has_errors(d));
    sf_doc_free(d);
}

static void test_directives(void **state)
{
    sf_doc *d = parse("  # Escape = `\n# syntax=docker/dockerfile:1\nFROM a\nRUN echo a `\n  b\n");
    const sf_finding *f;

    (void)state;
    assert_int_equal(sf_doc_escape(d), '`');
    assert_int_equal(d->ndirectives, 2);
    assert_string_equal(d->directives[0].key.ptr, "escape");
    assert_string_equal(d->directives[1].value.ptr, "docker/dockerfile:1");
    assert_string_equal(arg(sf_doc_insn(d, 1), 0), "echo a   b");
    sf_doc_free(d);

    /* duplicate directive */
    d = parse("# escape=`\n# ESCAPE=\\\nFROM a\n");
    f = find_error(d, "only one escape parser directive can be used");
    assert_int_equal(sf_finding_range(f).start.line, 2);
    assert_true(sf_doc_has_errors(d));
    sf_doc_free(d);

    /* invalid escape value */
    d = parse("# escape=x\nFROM a\n");
    f = find_error(d, "invalid escape token 'x' does not match ` or \\");
    assert_int_equal(sf_finding_range(f).start.col, 10);
    assert_int_equal(sf_doc_escape(d), '\\');
    sf_doc_free(d);

    /* after a blank line or another comment: an ordinary comment */
    d = parse("# hello\n# escape=`\nFROM a\n");
    assert_int_equal(d->ndirectives, 0);
    assert_int_equal(sf_doc_escape(d), '\\');
    sf_doc_free(d);
    d = parse("\n# escape=`\nFROM a\n");
    assert_int_equal(d->ndirectives, 0);
    sf_doc_free(d);
}

static void test_continuations(void **state)
{
    sf_doc *d = parse("FROM a\nRUN apt-get update && \\\n    # gone\n\n    apt-get install -y curl\n"
                      "RUN echo a\\\nb\nRUN foo \\\\\nRUN x \\  \t\n y\n");
    const sf_insn *in;

    (void)state;
    assert_int_equal(sf_doc_insn_count(d), 5);
    in = sf_doc_insn(d, 1);
    assert_string_equal(arg(in, 0), "apt-get update &&     apt-get install -y curl");
    assert_int_equal(sf_insn_range(in).start.line, 2);
    assert_int_equal(sf_insn_range(in).end.line, 5);
    assert_string_equal(arg(sf_doc_insn(d, 2), 0), "echo ab");
    assert_string_equal(arg(sf_doc_insn(d, 3), 0), "foo \\\\");
    assert_string_equal(arg(sf_doc_insn(d, 4), 0), "x  y");
    /* pieces map joined offsets back to the source */
    in = sf_doc_insn(d, 1);
    {
        const char *src = sf_doc_source(d, NULL);
        uint32_t j = (uint32_t)(strstr(in->rest.ptr, "apt-get install") - in->rest.ptr);
        uint32_t o = sf__insn_src_offset(in, j);
        assert_memory_equal(src + o, "apt-get install", 15);
    }
    sf_doc_free(d);

    /* continuation at EOF, lone escape line */
    d = parse("FROM a\nRUN a \\");
    assert_string_equal(arg(sf_doc_insn(d, 1), 0), "a");
    assert_false(sf_doc_has_errors(d));
    sf_doc_free(d);
}

static void test_crlf_bom(void **state)
{
    sf_doc *d = parse("\xEF\xBB\xBF# syntax=x\r\nFROM a\r\nRUN a \\\r\n b\r\nCOPY <<EOF /x\r\nhi\r\nEOF\r\n");
    const sf_insn *in;
    size_t n;

    (void)state;
    assert_true(d->has_bom);
    assert_int_equal(d->ndirectives, 1);
    assert_string_equal(d->directives[0].value.ptr, "x");
    assert_int_equal(sf_doc_insn_count(d), 3);
    assert_string_equal(arg(sf_doc_insn(d, 1), 0), "a  b");
    in = sf_doc_insn(d, 2);
    assert_int_equal(sf_insn_heredoc_count(in), 1);
    assert_string_equal(sf_insn_heredoc_body(in, 0, &n), "hi\r\n");
    assert_int_equal(n, 4);
    assert_false(sf_doc_has_errors(d));
    /* the range ends before the CRLF of the delimiter line */
    assert_int_equal(sf_insn_range(in).end.line, 7);
    assert_int_equal(sf_insn_range(in).end.col, 4);
    sf_doc_free(d);
}

static void test_heredocs(void **state)
{
    sf_doc *d = parse("FROM a\n"
                      "RUN <<EOF\necho 1\nEOF\n"
                      "RUN <<-'X' bash\n\techo 2\n\tX\n"
                      "COPY <<A 3<<\"B\" /dst/\na\nA\nb\nB\n"
                      "RUN << E\"O\"F\nx\nEOF\n"
                      "RUN cat<<EOF\nUSER nobody\n"
                      "RUN [\"<<EOF\"]\n"
                      "ONBUILD RUN <<Z\nz\nZ\n");
    const sf_insn *in;
    size_t n;

    (void)state;
    assert_false(sf_doc_has_errors(d));
    in = sf_doc_insn(d, 1);
    assert_int_equal(sf_insn_heredoc_count(in), 1);
    assert_string_equal(sf_insn_heredoc_name(in, 0), "EOF");
    assert_string_equal(sf_insn_heredoc_body(in, 0, &n), "echo 1\n");
    assert_false(in->heredocs[0].quoted);
    assert_int_equal(in->heredocs[0].fd, -1);
    in = sf_doc_insn(d, 2);
    assert_true(in->heredocs[0].chomp);
    assert_true(in->heredocs[0].quoted);
    assert_string_equal(sf_insn_heredoc_body(in, 0, NULL), "\techo 2\n");
    in = sf_doc_insn(d, 3);
    assert_int_equal(sf_insn_heredoc_count(in), 2);
    assert_string_equal(sf_insn_heredoc_name(in, 1), "B");
    assert_int_equal(in->heredocs[1].fd, 3);
    assert_true(in->heredocs[1].quoted);
    assert_string_equal(sf_insn_heredoc_body(in, 1, NULL), "b\n");
    in = sf_doc_insn(d, 4);
    assert_string_equal(sf_insn_heredoc_name(in, 0), "EOF");
    assert_true(in->heredocs[0].quoted);
    /* cat<<EOF is not a heredoc: the next line is an instruction */
    assert_int_equal(sf_insn_heredoc_count(sf_doc_insn(d, 5)), 0);
    assert_int_equal(sf_insn_kind_of(sf_doc_insn(d, 6)), SF_INSN_USER);
    in = sf_doc_insn(d, 7);
    assert_true(sf_insn_is_exec_form(in));
    assert_int_equal(sf_insn_heredoc_count(in), 0);
    in = sf_doc_insn(d, 8);
    assert_int_equal(sf_insn_kind_of(sf_insn_child(in)), SF_INSN_RUN);
    assert_int_equal(sf_insn_heredoc_count(in), 1);
    assert_int_equal(sf_doc_insn_count(d), 9);
    sf_doc_free(d);

    /* unterminated: error at the operator */
    d = parse("FROM a\nRUN x <<EOF\nbody\n");
    {
        const sf_finding *f = find_error(d, "unterminated heredoc");
        assert_int_equal(sf_finding_range(f).start.line, 2);
        assert_int_equal(sf_finding_range(f).start.col, 7);
        assert_int_equal(sf_finding_range(f).end.col, 12);
    }
    sf_doc_free(d);
}

static void test_flags(void **state)
{
    sf_doc *d = parse("FROM --platform=$BUILDPLATFORM a\n"
                      "RUN --mount=type=cache,target=/root/.cache --network=none pip install x\n"
                      "COPY --chown=\"a b\" --link src /dst\n"
                      "COPY --from builder /a /b\n"
                      "RUN --bogus x\n"
                      "RUN -- --version\n"
                      "ARG --whatever x\n");
    const sf_insn *in;

    (void)state;
    in = sf_doc_insn(d, 1);
    assert_int_equal(sf_insn_flag_count(in), 2);
    assert_string_equal(sf_insn_flag_name(in, 0), "mount");
    assert_string_equal(sf_insn_flag_value(in, 0), "type=cache,target=/root/.cache");
    assert_string_equal(arg(in, 0), "pip install x");
    assert_non_null(sf__insn_flag(in, "network"));
    assert_null(sf__insn_flag(in, "security"));
    in = sf_doc_insn(d, 2);
    assert_string_equal(sf_insn_flag_value(in, 0), "a b");
    assert_null(sf_insn_flag_value(in, 1));
    assert_int_equal(sf_insn_flag_range(in, 0).start.col, 6);
    assert_int_equal(sf_insn_flag_range(in, 0).end.col, 19);
    {
        const sf_finding *f = find_error(d, "missing a value on flag: --from");
        assert_int_equal(sf_finding_range(f).start.line, 4);
        f = find_error(d, "unknown flag: --bogus");
        assert_int_equal(sf_finding_range(f).start.line, 5);
        assert_int_equal(sf_finding_range(f).start.col, 5);
    }
    assert_string_equal(arg(sf_doc_insn(d, 5), 0), "--version");
    assert_int_equal(sf_insn_flag_count(sf_doc_insn(d, 5)), 0);
    assert_int_equal(count_rule(d, "syntax-error"), 2); /* ARG does not validate */
    sf_doc_free(d);
}

static void test_exec_form(void **state)
{
    sf_doc *d = parse("FROM a\n"
                      "CMD [\"a\", \"b\\u00e9\\ud83d\\ude00\"]\n"
                      "CMD ['ls']\n"
                      "ENTRYPOINT [\"a\"] # x\n"
                      "RUN [\"c:\\dir\"]\n"
                      "COPY [\"my file\", \"/dst/\"]\n"
                      "SHELL [\"/bin/bash\", \"-c\"]\n");
    const sf_insn *in;

    (void)state;
    in = sf_doc_insn(d, 1);
    assert_true(sf_insn_is_exec_form(in));
    assert_int_equal(sf_insn_arg_count(in), 2);
    assert_string_equal(arg(in, 1), "b\xC3\xA9\xF0\x9F\x98\x80");
    in = sf_doc_insn(d, 2);
    assert_false(sf_insn_is_exec_form(in));
    assert_string_equal(arg(in, 0), "['ls']");
    assert_false(sf_insn_is_exec_form(sf_doc_insn(d, 3)));
    assert_false(sf_insn_is_exec_form(sf_doc_insn(d, 4)));
    in = sf_doc_insn(d, 5);
    assert_true(sf_insn_is_exec_form(in));
    assert_string_equal(arg(in, 0), "my file");
    assert_int_equal(sf_insn_arg_range(in, 0).start.col, 7);
    assert_int_equal(sf_insn_arg_range(in, 0).end.col, 16);
    assert_false(sf_doc_has_errors(d));
    sf_doc_free(d);

    d = parse("FROM a\nCMD [\"a\", 1]\nSHELL /bin/sh -c\n");
    find_error(d, "arrays must be comprised of strings only");
    find_error(d, "SHELL requires the arguments to be in JSON form");
    sf_doc_free(d);
}

static void test_env_label_arg(void **state)
{
    sf_doc *d = parse("FROM a\nENV A=1 B=\"two words\" C=\nENV ONE TWO= THREE=4\n"
                      "LABEL a=b\\ c\nARG abc=\"123 456\" def\n");
    const sf_insn *in;

    (void)state;
    in = sf_doc_insn(d, 1);
    assert_int_equal(sf_insn_arg_count(in), 9);
    assert_string_equal(arg(in, 3), "B");
    assert_string_equal(arg(in, 4), "\"two words\"");
    assert_string_equal(arg(in, 5), "=");
    assert_string_equal(arg(in, 7), "");
    in = sf_doc_insn(d, 2);
    assert_int_equal(sf_insn_arg_count(in), 3);
    assert_string_equal(arg(in, 1), "TWO= THREE=4");
    assert_string_equal(arg(in, 2), "");
    assert_string_equal(arg(sf_doc_insn(d, 3), 1), "b\\ c");
    in = sf_doc_insn(d, 4);
    assert_int_equal(sf_insn_arg_count(in), 2);
    assert_string_equal(arg(in, 0), "abc=\"123 456\"");
    assert_false(sf_doc_has_errors(d));
    sf_doc_free(d);

    d = parse("FROM a\nENV PATH\nLABEL a=b c\n");
    assert_int_equal(sf_finding_range(find_error(d, "ENV must have two arguments")).start.line, 2);
    {
        const sf_finding *f = find_error(d, "Syntax error - can't find = in \"c\"");
        assert_int_equal(sf_finding_range(f).start.line, 3);
        assert_int_equal(sf_finding_range(f).start.col, 11);
    }
    sf_doc_free(d);
}

static void test_syntax_errors_and_recovery(void **state)
{
    sf_doc *d = parse("RUN early\nFROM a\nFOO bar\nFROM a b\nFROM x AS 1bad\nONBUILD FROM y\n"
                      "ONBUILD ONBUILD RUN x\nONBUILD MAINTAINER me\nONBUILD RUN ok\nRUN still parsed\n");
    const sf_finding *f;

    (void)state;
    assert_int_equal(sf_doc_insn_count(d), 10);
    f = find_error(d, "no build stage in current context");
    assert_int_equal(sf_finding_range(f).start.line, 1);
    assert_int_equal(sf_finding_range(f).end.col, 4);
    f = find_error(d, "unknown instruction: FOO");
    assert_int_equal(sf_finding_range(f).start.line, 3);
    assert_int_equal(sf_finding_range(find_error(d, "FROM requires either one or three arguments")).start.line, 4);
    assert_int_equal(sf_finding_range(find_error(d, "invalid name for build stage: \"1bad\"")).start.col, 11);
    f = find_error(d, "FROM isn't allowed as an ONBUILD trigger");
    assert_int_equal(sf_finding_range(f).start.line, 6);
    assert_int_equal(sf_finding_range(f).start.col, 9);
    find_error(d, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    find_error(d, "MAINTAINER isn't allowed as an ONBUILD trigger");
    assert_false(sf_doc_insn(d, 8)->bad);
    assert_true(sf_doc_insn(d, 0)->bad);
    assert_int_equal(sf_insn_stage(sf_doc_insn(d, 0)), -1);
    assert_int_equal(sf_insn_kind_of(sf_doc_insn(d, 9)), SF_INSN_RUN);
    assert_int_equal(sf_insn_stage(sf_doc_insn(d, 9)), 2);
    sf_doc_free(d);

    d = parse("");
    find_error(d, "file with no instructions");
    sf_doc_free(d);
    d = parse("# only\n\n   # comments\n");
    find_error(d, "file with no instructions");
    sf_doc_free(d);
}

static void test_long_line_and_binary(void **state)
{
    size_t n = 70000, i;
    char *s = malloc(n + 16);
    sf_doc *d;

    (void)state;
    memcpy(s, "FROM a\nRUN ", 11);
    for (i = 11; i < n; i++)
        s[i] = 'x';
    s[n] = '\n';
    d = parsen(s, n + 1);
    assert_int_equal(sf_finding_range(find_error(d, "greater than max allowed size of 65535")).start.line, 2);
    sf_doc_free(d);
    free(s);

    {
        static const char bin[] = "FROM a\nRUN \x00\xff\xfe x\n\x80\x80\nRUN \xc3\xa9 ok\n";
        d = parsen(bin, sizeof(bin) - 1);
        assert_int_equal(count_rule(d, "invalid-utf8"), 2);
        assert_int_equal(sf_doc_insn(d, 1)->args[0].text.len, 5);
        sf_doc_free(d);
        assert_roundtrip(bin, sizeof(bin) - 1);
    }
}

static void test_roundtrip_odd(void **state)
{
    static const char *const cases[] = {
        "", "\n", "\r\n", "\r", "\\", "\\\n", "#", "# escape=`\n`\n", "FROM", "FROM a\r", "\xEF\xBB\xBF",
        "\xEF\xBB", "FROM a\nRUN <<EOF", "FROM a\nRUN <<EOF\n", "FROM a\n  RUN  x  \\  \n  \t\n",
        "  \t \n\n\n", "FROM a\nONBUILD", "FROM a\nONBUILD RUN <<A <<B\na\nA\n", "\x00\x00\n\x00",
        "FROM a\nRUN \"unterminated <<EOF\nx\n", "FROM a\nCOPY --x=\"y\\", "FROM\ta\v\f\r\n",
        "FROM a\nRUN a\\\n#c\n\\\n", "RUN\xc2\xa0x\n", "FROM a\nENV a=\"b\\\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_roundtrip(cases[i], strlen(cases[i]));
    assert_roundtrip("\x00RUN\x00", 5);
}

static void test_positions(void **state)
{
    /* é is 2 bytes / 1 unit; 😀 is 4 bytes / 2 UTF-16 units / 1 code point */
    sf_doc *d = parse("FROM a\nLABEL x=\"é😀\" --bogus\n");
    sf_pos p;
    const sf_finding *f;

    (void)state;
    f = find_error(d, "Syntax error - can't find = in \"--bogus\"");
    p = sf_finding_range(f).start;
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 18);
    assert_int_equal(p.col16, 15);
    assert_int_equal(p.colcp, 14);
    p = sf_doc_pos(d, 1000);
    assert_int_equal(p.offset, sf_doc_source(d, NULL) ? (uint32_t)strlen(sf_doc_source(d, NULL)) : 0);
    sf_doc_free(d);
}

static void test_stages(void **state)
{
    sf_doc *d = parse("ARG V=1\nFROM golang AS build\nRUN go build\nFROM build AS test\nRUN t\n"
                      "FROM alpine\nCOPY --from=build /x /x\n");

    (void)state;
    assert_int_equal(d->nstages, 3);
    assert_int_equal(sf_insn_stage(sf_doc_insn(d, 0)), -1);
    assert_int_equal(d->stages[0].from, 1);
    assert_int_equal(d->stages[0].last, 2);
    assert_int_equal(d->stages[1].base_stage, 0);
    assert_string_equal(d->stages[1].image.ptr, "build");
    assert_int_equal(d->stages[2].base_stage, -1);
    assert_null(d->stages[2].name.ptr);
    assert_int_equal(d->stages[2].last, 6);
    assert_int_equal(sf_insn_stage(sf_doc_insn(d, 6)), 2);
    assert_false(sf_doc_has_errors(d));
    sf_doc_free(d);
}

static void test_api_edges(void **state)
{
    sf_doc *d = NULL;
    sf_buf b = SF_BUF_INIT;

    (void)state;
    assert_int_equal(sf_doc_parse(NULL, NULL, "", 0), SF_EINVAL);
    assert_int_equal(sf_doc_parse(&d, NULL, NULL, 3), SF_EINVAL);
    assert_null(d);
    assert_int_equal(sf_doc_parse(&d, NULL, NULL, 0), SF_OK);
    assert_string_equal(sf_doc_name(d), "-");
    sf_doc_free(d);
    assert_int_equal(sf_doc_parse_file(&d, "/nonexistent/Dockerfile"), SF_EIO);
    assert_null(d);
    sf_doc_free(NULL);
    assert_int_equal(sf_insn_arg_count(NULL), 0);
    assert_null(sf_insn_child(NULL));
    assert_int_equal(sf_doc_print(&b, NULL), SF_EINVAL);
    d = parse("FROM a\nRUN b\n");
    assert_int_equal(sf_doc_dump_json(&b, d), SF_OK);
    assert_non_null(strstr(b.ptr, "\"kind\":\"RUN\""));
    assert_non_null(strstr(b.ptr, "\"stages\":[{\"index\":0"));
    sf_buf_dispose(&b);
    assert_string_equal(sf_insn_keyword(sf_doc_insn(d, 1)), "RUN");
    sf_doc_free(d);
}

static void test_conformance_files(void **state)
{
    sf_doc *d = NULL;

    (void)state;
    if (sf_doc_parse_file(&d, "../shared/conformance/buildkit-parser/testfiles/docker/Dockerfile") != SF_OK) {
        skip();
        return;
    }
    assert_false(sf_doc_has_errors(d));
    assert_true(sf_doc_insn_count(d) > 10);
    sf_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_keywords_case),
        cmocka_unit_test(test_directives),
        cmocka_unit_test(test_continuations),
        cmocka_unit_test(test_crlf_bom),
        cmocka_unit_test(test_heredocs),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_exec_form),
        cmocka_unit_test(test_env_label_arg),
        cmocka_unit_test(test_syntax_errors_and_recovery),
        cmocka_unit_test(test_long_line_and_binary),
        cmocka_unit_test(test_roundtrip_odd),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_api_edges),
        cmocka_unit_test(test_conformance_files),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
