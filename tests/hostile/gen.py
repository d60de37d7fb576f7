#!/usr/bin/env python3
"""gen.py DIR SCALE - write the hostile inputs of tests/hostile/run.sh into DIR.

SCALE divides the sizes of the big cases (1 normally; run.sh uses 5 under SAN=1, so the
"100 MB" file is 20 MB there). Every file is generated, nothing big is committed.
"""
import os
import sys

out = sys.argv[1]
scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
MB = 1 << 20


def w(name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# A realistic stage: what the corpus looks like, one stage per block so per-stage rules stay small.
BLOCK = (
    "FROM alpine:3.19 AS s{n}\n"
    "ARG VERSION=1.{n}\n"
    "ENV PATH=/opt/app/bin:$PATH LANG=C.UTF-8\n"
    "LABEL org.opencontainers.image.title=\"app {n}\" maintainer=\"x@example.com\"\n"
    "RUN apk add --no-cache curl ca-certificates \\\n"
    "    && curl -fsSL https://example.com/$VERSION.tgz | tar -xz -C /opt \\\n"
    "    && rm -rf /tmp/*\n"
    "COPY --chown=1000:1000 requirements.txt /app/\n"
    "RUN pip install --no-cache-dir -r /app/requirements.txt\n"
    "# a comment line\n"
    "WORKDIR /app\n"
    "RUN <<EOF\nset -e\necho building {n}\nEOF\n"
    "CMD [\"python3\", \"-m\", \"app\"]\n\n"
)


def wrap(text, width=1000):
    """Split one logical line into physical lines of at most `width` bytes joined by escaped
    newlines, so BuildKit's 64 KiB physical-line limit is not what the case tests."""
    return "\\\n".join(text[i:i + width] for i in range(0, len(text), width))


def realistic(size):
    parts, total, n = [], 0, 0
    while total < size:
        b = BLOCK.format(n=n)
        parts.append(b)
        total += len(b)
        n += 1
    return "".join(parts)


def main():
    os.makedirs(out, exist_ok=True)
    big = 100 * MB // scale
    w("empty", b"")
    w("comments-only", "# just a comment\n#another\n\n   # indented\n")
    w("bom-only", b"\xef\xbb\xbf")
    w("bom-dockerfile", b"\xef\xbb\xbfFROM alpine\nRUN true\n")
    w("big10", realistic(big // 10))
    w("big100", realistic(big))
    w("long-line", "FROM alpine\nRUN echo " + "a" * (10 * MB // scale) + "\n")
    w("long-line-json", "FROM alpine\nCMD [" + ",".join(['"abcdefgh"'] * (1 * MB // scale)) + "]\n")
    w("continuations", "FROM alpine\nRUN echo start \\\n" + "    word \\\n" * 100000 + "    end\n")
    w("continuation-comments", "FROM alpine\nRUN echo start \\\n" + "# c\n    w \\\n" * 100000 + "  end\n")
    w("million-insns", "FROM alpine\n" + "".join(
        ("ENV K%d=v\n" % i) if i % 3 == 0 else ("LABEL l%d=x\n" % i) if i % 3 == 1 else "RUN true\n"
        for i in range(1000000 // scale)))
    w("nul-bytes", b"FROM alpine\nRUN echo \x00\x00 a\n\x00\x00\x00\nRUN\x00true\n")
    w("invalid-utf8", b"FROM alpine\nRUN echo \xff\xfe \x80 \xc3\n")
    w("overlong-utf8", b"FROM alpine\nRUN echo \xc0\xaf \xe0\x80\xaf \xf0\x80\x80\xaf "
      b"\xed\xa0\x80 \xf4\x90\x80\x80 \xf8\x88\x80\x80\x80\n")
    w("cr-only", "FROM alpine\rRUN apk add curl\rRUN echo b\r")
    w("crlf", "FROM alpine\r\nRUN apk add curl \\\r\n  && echo b\r\nRUN <<EOF\r\necho x\r\nEOF\r\n")
    w("unterminated-heredoc", "FROM alpine\nRUN <<EOF\necho hi\n")
    w("heredoc-never-ends", "FROM alpine\nRUN <<EOF\n" + "echo line\n" * 200000)
    w("unterminated-json", "FROM alpine\nCMD [\"a\", \"b\"")
    w("unterminated-quote", "FROM alpine\nRUN echo \"abc 'def\n")
    w("continuation-at-eof", "FROM alpine\nRUN echo a \\")
    w("continuation-at-eof-nl", "FROM alpine\nRUN echo a \\\n")
    w("escape-at-eof", "# escape=`\nFROM alpine\nRUN echo a `")
    n = 100000
    w("nested-cmdsubst", "FROM alpine\nRUN " + wrap("echo " + "$(" * n + "true" + ")" * n) + "\n")
    w("nested-cmdsubst-open", "FROM alpine\nRUN " + wrap("echo " + "$(" * n) + "\n")
    w("nested-subshell", "FROM alpine\nRUN " + wrap("(" * n + "true" + ")" * n) + "\n")
    w("nested-braces", "FROM alpine\nRUN " + wrap("{ " * n + "true; " + "}; " * n) + "\n")
    w("nested-param", "FROM alpine\nRUN " + wrap("echo " + "${a:-" * n + "x" + "}" * n) + "\n")
    w("nested-backticks", "FROM alpine\nRUN echo " + "`echo \\" * 1000 + "`" + "\\`" * 1000 + "\n")
    w("nested-arith", "FROM alpine\nRUN " + wrap("echo $((" + "(" * n + "1" + ")" * n + "))") + "\n")
    w("nested-if", "FROM alpine\nRUN " + wrap("if true; then " * 20000 + "true; " + "fi; " * 20000) + "\n")
    w("many-pipes", "FROM alpine\nRUN " + wrap("true | " * n + "true") + "\n")
    w("many-andand", "FROM alpine\nRUN " + wrap("apk add x && " * n + "true") + "\n")
    w("many-heredocs", "FROM alpine\nRUN " + wrap("cat " + " ".join("<<E%d" % i for i in range(10000))) + "\n"
      + "".join("body\nE%d\n" % i for i in range(10000)))
    w("many-flags", "FROM alpine\nCOPY " + wrap("--chown=1:1 " * n + "a /b") + "\n")
    w("many-stages", "".join("FROM alpine AS s%d\nCOPY --from=s%d /a /b\n" % (i, max(i - 1, 0))
                             for i in range(50000)))
    w("many-args", "ARG A0=x\n" + "".join("ARG A%d=${A%d}\n" % (i, i - 1) for i in range(1, 50000))
      + "FROM alpine:${A49999}\n")
    w("many-env-expansions", "FROM alpine\n" + "".join("ENV V%d=$V%d$V%d\n" % (i, i - 1, i - 1)
                                                       for i in range(1, 20000)))
    w("escape-directive-storm", "# escape=`\n# escape=\\\n# syntax=x\n" * 1000 + "FROM alpine\n")
    w("only-whitespace", " \t\n\n\t  \n" * 1000)
    w("binary-noise", bytes((i * 2654435761) >> 13 & 0xFF for i in range(1 * MB // scale)))


main()
