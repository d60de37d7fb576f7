#!/usr/bin/env bash
# BuildKit parser conformance: the 33 positive cases (our AST printed in BuildKit's Dump format
# must equal `result` byte for byte), the 4 negative cases (a parser-level syntax-error), and the
# line ranges of testfile-line. Build dir from $B (default build); the library from $LIB
# (default $B/libslimfile.a). Ends with "conformance: N passed, N failed"; exit 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${B:-build}
LIB=${LIB:-$B/libslimfile.a}
CC=${CC:-cc}
DATA=../shared/conformance/buildkit-parser
if [ ! -d "$DATA" ]; then
    echo "conformance: skipped (../shared/conformance/buildkit-parser is absent)"
    exit 0
fi
INC=$B/include
[ -f "$INC/slimfile.h" ] || INC=lib
BIN=$B/tests/bkdump
mkdir -p "$B/tests"
SANFLAGS=""
[ "${SAN:-}" = 1 ] && SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
if ! $CC -std=c11 -O1 -g $SANFLAGS -I"$INC" -o "$BIN" tests/conformance/bkdump.c "$LIB" \
        $(pkg-config --libs libutf8proc jansson 2>/dev/null) -lm; then
    echo "conformance: cannot build bkdump"
    exit 2
fi
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in "$DATA"/testfiles/*/; do
    n=$(basename "$d")
    if "$BIN" "$d/Dockerfile" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$d/result"; then
        echo "PASS $n"; pass=$((pass + 1))
    else
        echo "FAIL $n"; diff "$tmp/out" "$d/result" | head -5; cat "$tmp/err" | head -3
        fail=$((fail + 1))
    fi
done
for d in "$DATA"/testfiles-negative/*/; do
    n=$(basename "$d")
    "$BIN" "$d/Dockerfile" >"$tmp/out" 2>"$tmp/err"; rc=$?
    want=""
    case $n in
        empty_dockerfile|only_comments) want="file with no instructions" ;;
    esac
    if [ $rc -eq 1 ] && grep -q '\[parser\]' "$tmp/err" && { [ -z "$want" ] || grep -q "$want" "$tmp/err"; }; then
        echo "PASS negative/$n ($(grep '\[parser\]' "$tmp/err" | head -1 | sed 's/.*\] //'))"; pass=$((pass + 1))
    else
        echo "FAIL negative/$n (rc=$rc)"; cat "$tmp/err"; fail=$((fail + 1))
    fi
done
if [ -f "$DATA/testfile-line/expected-lines.tsv" ]; then
    "$BIN" -l "$DATA/testfile-line/Dockerfile" >"$tmp/lines" 2>/dev/null
    awk -F'\t' 'NR > 1 && $1 != "root" { print $3 "\t" $4 }' "$DATA/testfile-line/expected-lines.tsv" >"$tmp/want"
    if cmp -s "$tmp/lines" "$tmp/want"; then
        echo "PASS testfile-line"; pass=$((pass + 1))
    else
        echo "FAIL testfile-line"; diff "$tmp/lines" "$tmp/want"; fail=$((fail + 1))
    fi
fi
echo "conformance: $pass passed, $fail failed"
[ $fail -eq 0 ]
