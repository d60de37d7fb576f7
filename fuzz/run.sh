#!/usr/bin/env bash
# fuzz/run.sh - libFuzzer campaign (what `make fuzz` runs).
# Builds the library with clang -fsanitize=fuzzer-no-link,address,undefined into $FUZZ_B
# (default build/fuzz; never the gcc objects), links every fuzz/fuzz_*.c with
# -fsanitize=fuzzer,address,undefined, and runs each for FUZZ_SECONDS (default 60) with:
#   - the dictionary fuzz/<target>.dict when present (target = file name without fuzz_),
#   - the seeds fuzz/corpus/<target>/ (read only) plus a sample of ../shared/corpus when present,
#   - a working corpus in $FUZZ_B/corpus/<target>/ (kept between runs),
#   - crashes, leaks, timeouts and OOMs written to fuzz/out/<name>-*,
#   - a 1 MiB stack (FUZZ_STACK_KB), so unbounded recursion shows up on small inputs,
#   - FUZZ_KEEP_GOING=1: libFuzzer's -fork=1 -ignore_crashes=1, to go on after a known crash.
# Exits non-zero when any target found something or failed to build.
#   FUZZ_SECONDS=300 FUZZ_TARGETS="lint fix" bash fuzz/run.sh
set -u
cd "$(dirname "$0")/.." || exit 1
SECS=${FUZZ_SECONDS:-60}
FB=${FUZZ_B:-build/fuzz}
ONLY=${FUZZ_TARGETS:-}
MAXLEN=${FUZZ_MAX_LEN:-4096}
STACK=${FUZZ_STACK_KB:-1024}
KEEP=()
[ "${FUZZ_KEEP_GOING:-}" = 1 ] && KEEP=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
CLANG=${CLANG:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
FLAGS="-O1 -g -fno-omit-frame-pointer $SAN"

command -v "$CLANG" >/dev/null || { echo "fuzz: $CLANG not found (apt-get install clang)"; exit 2; }
echo "fuzz: building the library with $CLANG into $FB"
# make does not notice changed flags: start over when they differ from the last build's
mkdir -p "$FB"
if [ "$(cat "$FB/.flags" 2>/dev/null)" != "$CLANG $FLAGS" ]; then rm -rf "$FB/obj" "$FB/libslimfile.a"; fi
echo "$CLANG $FLAGS" >"$FB/.flags"
if ! make --no-print-directory B="$FB" CC="$CLANG" OPT="$FLAGS -fsanitize=fuzzer-no-link" \
     DEFS=-DSF_ARENA_DEBUG "$FB/libslimfile.a" >"${TMPDIR:-/tmp}/sf-fuzz-build.$$.log" 2>&1; then
  tail -n 30 "${TMPDIR:-/tmp}/sf-fuzz-build.$$.log"; rm -f "${TMPDIR:-/tmp}/sf-fuzz-build.$$.log"
  echo "fuzz: library build failed"; exit 2
fi
rm -f "${TMPDIR:-/tmp}/sf-fuzz-build.$$.log"

# a deterministic sample of the shared corpus (every 13th file), when present
SAMPLE=
if [ -d ../shared/corpus ]; then
  SAMPLE=$(mktemp -d "${TMPDIR:-/tmp}/sf-fuzz-seeds.XXXXXX")
  i=0
  while IFS= read -r f; do
    if [ $((i % 13)) -eq 0 ]; then cp "$f" "$SAMPLE/$(printf '%05d' "$i")"; fi
    i=$((i + 1))
  done < <(find ../shared/corpus -type f ! -name '*.tsv' | sort)
else
  echo "fuzz: ../shared/corpus absent; seeds from fuzz/corpus only"
fi
trap '[ -n "$SAMPLE" ] && rm -rf "$SAMPLE"' EXIT

mkdir -p fuzz/out "$FB/bin"
LIBS="$(pkg-config --libs jansson libutf8proc 2>/dev/null) -lm"
INC="-Ilib -Irules -I$FB/gen $(pkg-config --cflags jansson libutf8proc 2>/dev/null)"
status=0
summary=()
for src in fuzz/fuzz_*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  target=${name#fuzz_}
  if [ -n "$ONLY" ] && ! [[ " $ONLY " == *" $target "* ]]; then continue; fi
  bin=$FB/bin/$name
  # shellcheck disable=SC2086
  if ! $CLANG -std=c11 -D_POSIX_C_SOURCE=200809L $FLAGS -fsanitize=fuzzer $INC -o "$bin" "$src" \
       "$FB/libslimfile.a" $LIBS 2>"$FB/$name.build.log"; then
    echo "fuzz: $name does not build:"; head -n 20 "$FB/$name.build.log"
    summary+=("$name: BUILD FAILED"); status=1; continue
  fi
  work=$FB/corpus/$target
  mkdir -p "$work"
  dirs=("$work")
  [ -d "fuzz/corpus/$target" ] && dirs+=("fuzz/corpus/$target")
  [ -n "$SAMPLE" ] && dirs+=("$SAMPLE")
  dict=()
  [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
  before=$(ls fuzz/out 2>/dev/null | wc -l)
  log=$FB/$name.log
  echo "fuzz: $name for ${SECS}s (${dict[*]:-no dict}; corpora: ${dirs[*]})"
  start=$(date +%s)
  (
    ulimit -s "$STACK"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      exec "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len="$MAXLEN" \
        -artifact_prefix="fuzz/out/$name-" -print_final_stats=1 "${KEEP[@]}" "${dict[@]}" "${dirs[@]}"
  ) >"$log" 2>&1
  rc=$?
  end=$(date +%s)
  after=$(ls fuzz/out 2>/dev/null | wc -l)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  line="$name: $((end - start))s, ${execs:-?} execs, ${cov:-cov ?}, corpus $(ls "$work" | wc -l) files"
  if [ $rc -ne 0 ] || [ "$after" -gt "$before" ]; then
    status=1
    line="$line, FOUND SOMETHING (exit $rc): see $log and fuzz/out/"
    grep -E 'ERROR|runtime error|property violated|Test unit written' "$log" | head -n 10
  fi
  summary+=("$line")
done
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
exit $status
