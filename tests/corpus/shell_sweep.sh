#!/usr/bin/env bash
# shell_sweep.sh - build tests/corpus/shell_sweep.c against libslimfile.a and run it over
# ../shared/corpus. Usage: B=build bash tests/corpus/shell_sweep.sh  (SAN=1 for sanitizers).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
CORPUS=${CORPUS:-../shared/corpus}
if [ ! -f "$CORPUS/BUILDKIT-PARSE.tsv" ]; then
    echo "shell-sweep: skipped ($CORPUS/BUILDKIT-PARSE.tsv not found)"
    echo "shell-sweep: 0 passed, 0 failed"
    exit 0
fi
SANFLAGS=""
[ "${SAN:-0}" = 1 ] && SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all"
make --no-print-directory -s B="$B" ${SAN:+SAN=$SAN} "$B/libslimfile.a" || exit 1
mkdir -p "$B/tests"
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -DSF_BUILDING -O1 -g $SANFLAGS -Ilib -I"$B/gen" \
    -Wall -Wextra -o "$B/tests/shell_sweep" tests/corpus/shell_sweep.c "$B/libslimfile.a" \
    $(pkg-config --libs libutf8proc jansson yaml-0.1 2>/dev/null) -lm || exit 1
"$B/tests/shell_sweep" "$CORPUS"
rc=$?
if [ $rc -gt 1 ]; then
    echo "shell-sweep: crashed (exit $rc)"
    echo "shell-sweep: 0 passed, 1 failed"
fi
exit $rc
