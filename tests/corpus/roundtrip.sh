#!/usr/bin/env bash
# Corpus sweep: every Dockerfile under ../shared/corpus parses without crashing and prints back
# byte-identical; our parser-level syntax errors, instruction counts and heredoc counts are
# compared with BuildKit's own parser (BUILDKIT-PARSE.tsv). Instruction-level errors (unknown
# flags, FROM arity, ...; BuildKit checks those later and the TSV does not record them) are
# counted and listed separately. Build dir from $B (default build), library from $LIB.
# Ends with "corpus: N passed, N failed"; exit 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${B:-build}
LIB=${LIB:-$B/libslimfile.a}
CC=${CC:-cc}
DATA=../shared/corpus
if [ ! -f "$DATA/BUILDKIT-PARSE.tsv" ]; then
    echo "corpus: skipped (../shared/corpus is absent)"
    exit 0
fi
INC=$B/include
[ -f "$INC/slimfile.h" ] || INC=lib
BIN=$B/tests/rtcheck
mkdir -p "$B/tests"
SANFLAGS=""
[ "${SAN:-}" = 1 ] && SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
$CC -std=c11 -O2 -g $SANFLAGS -D_POSIX_C_SOURCE=200809L -I"$INC" -o "$BIN" tests/corpus/rtcheck.c \
    "$LIB" $(pkg-config --libs libutf8proc jansson 2>/dev/null) -lm || { echo "corpus: cannot build rtcheck"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$DATA" && awk -F'\t' 'NR > 1 { print $1 }' BUILDKIT-PARSE.tsv | tr '\n' '\0' |
  xargs -0 "$OLDPWD/$BIN" ) >"$tmp/ours.tsv" 2>"$tmp/crash"
crashes=$(grep -c . "$tmp/crash" || true)
awk -F'\t' -v OFS='\t' '
    NR == FNR { if (FNR > 1) { st[$1] = $2; ni[$1] = $3; nh[$1] = $4 } ; next }
    {
        f = $1; total++
        bad = ""
        if ($2 != "ok") bad = bad " roundtrip"
        if (!(f in st)) bad = bad " not-in-tsv"
        else {
            if ((st[f] == "ok") != ($5 == 0)) bad = bad " parser-error(" $8 ")"
            if (ni[f] != $3) bad = bad " instructions(" $3 " vs " ni[f] ")"
            if (nh[f] != $4) bad = bad " heredocs(" $4 " vs " nh[f] ")"
        }
        if (st[f] == "error") bkerr++
        if ($5 > 0) ourpl++
        if ($6 > 0) { ouril++; ilmsg[$8]++ }
        if ($7 > 0) utf8++
        if (bad != "") { fail++; print "FAIL " f ":" bad } else pass++
        seen[f] = 1
    }
    END {
        for (f in st) if (!(f in seen)) { fail++; print "FAIL " f ": not parsed (crash?)" }
        printf "files: %d; BuildKit parser errors: %d; our parser-level syntax errors: %d files\n", total, bkerr, ourpl
        printf "instruction-level syntax errors (not in the TSV): %d files\n", ouril
        for (m in ilmsg) printf "    %5d  %s\n", ilmsg[m], m
        printf "files with invalid-utf8: %d\n", utf8
        printf "corpus: %d passed, %d failed\n", pass, fail
        exit fail > 0
    }' "$DATA/BUILDKIT-PARSE.tsv" "$tmp/ours.tsv"
rc=$?
if [ "$crashes" -gt 0 ]; then echo "stderr from rtcheck:"; head -20 "$tmp/crash"; rc=1; fi
exit $rc
