#!/usr/bin/env bash
# tests/corpus/fix_sweep.sh - the rewriter's stability sweep over ../shared/corpus: fixing twice
# gives the same text as fixing once, fixed output never has new syntax errors, and no fixable
# finding remains. Runs safe fixes, then safe + unsafe. Last line: "fix-sweep: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
if [ ! -f ../shared/corpus/BUILDKIT-PARSE.tsv ]; then
  echo "SKIP-SUITE fix-sweep: ../shared/corpus is absent"; echo "fix-sweep: 0 passed, 0 failed, 1 skipped"; exit 0
fi
san=""; [ "${SAN:-}" = 1 ] && san="-fsanitize=address,undefined -fno-sanitize-recover=all"
tool="$B/tests/fixsweep"
mkdir -p "$B/tests"
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -O1 -g $san -I"$B/include" -o "$tool" tests/corpus/fixsweep.c "$B/libslimfile.a" \
  $(pkg-config --libs libutf8proc jansson) -lm || { echo "fix-sweep: 0 passed, 1 failed"; exit 1; }
list=$(mktemp)
awk -F'\t' 'NR>1{print "../shared/corpus/"$1}' ../shared/corpus/BUILDKIT-PARSE.tsv >"$list"
"$tool" - <"$list" | sed 's/^fix-sweep:/fix-sweep (safe):/'; a=${PIPESTATUS[0]}
"$tool" --unsafe - <"$list" | sed 's/^fix-sweep:/fix-sweep (unsafe):/'; b=${PIPESTATUS[0]}
rm -f "$list"
n=$(awk -F'\t' 'NR>1' ../shared/corpus/BUILDKIT-PARSE.tsv | wc -l)
f=0; [ "$a" -ne 0 ] && f=$((f + 1)); [ "$b" -ne 0 ] && f=$((f + 1))
echo "fix-sweep: $((2 - f)) passed, $f failed"
[ "$f" -eq 0 ]
