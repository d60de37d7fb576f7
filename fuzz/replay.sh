#!/usr/bin/env bash
# fuzz/replay.sh - regression replay of the fuzz targets (what `make test` runs as fuzz-replay).
# Compiles every fuzz/fuzz_*.c with the normal compiler and -DFUZZ_STANDALONE against
# $(B)/libslimfile.a, then runs each target once per file of fuzz/corpus/<target>/ and of
# tests/golden/**/Dockerfile. A file passes when the target exits 0 within the time limit with no
# sanitizer report (build with SAN=1 to get ASan/UBSan in the replay too). Targets run with the
# same 1 MiB stack as fuzz/run.sh (FUZZ_STACK_KB), so unbounded recursion found by fuzzing
# reproduces here.
#   B=build SAN= bash fuzz/replay.sh
# Final line: "fuzz-replay: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build}
SAN=${SAN:-}
CC=${CC:-cc}
LIB=$B/libslimfile.a
OUT=$B/fuzz-replay
TIMEOUT=${FUZZ_REPLAY_TIMEOUT:-20}
STACK=${FUZZ_STACK_KB:-1024}
[ "$SAN" = 1 ] && TIMEOUT=$((TIMEOUT * 5))
pass=0 fail=0
mkdir -p "$OUT"

if [ ! -f "$LIB" ]; then
  echo "FAIL: $LIB not built"
  echo "fuzz-replay: 0 passed, 1 failed"
  exit 1
fi
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -DFUZZ_STANDALONE -Ilib -Irules -I$B/gen"
CFLAGS="$CFLAGS $(pkg-config --cflags jansson libutf8proc 2>/dev/null)"
LIBS="$(pkg-config --libs jansson libutf8proc 2>/dev/null) -lm"
if [ "$SAN" = 1 ]; then
  CFLAGS="$CFLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DSF_ARENA_DEBUG"
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi

mapfile -t golden < <(find tests/golden -name Dockerfile -type f 2>/dev/null | sort)

for src in fuzz/fuzz_*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  target=${name#fuzz_}
  bin=$OUT/$name
  # shellcheck disable=SC2086
  if ! $CC $CFLAGS -o "$bin" "$src" "$LIB" $LIBS 2>"$OUT/$name.build.log"; then
    echo "FAIL $name: does not compile standalone:"; head -n 20 "$OUT/$name.build.log"
    fail=$((fail + 1))
    continue
  fi
  files=()
  if [ -d "fuzz/corpus/$target" ]; then
    mapfile -t files < <(find "fuzz/corpus/$target" -type f | sort)
  fi
  files+=("${golden[@]}")
  tp=0 tf=0
  for f in "${files[@]}"; do
    [ -n "$f" ] || continue
    if (ulimit -s "$STACK"; exec timeout -k 5 "$TIMEOUT" "$bin" "$f") >"$OUT/last.log" 2>&1 &&
       ! grep -qE 'Sanitizer|runtime error:' "$OUT/last.log"; then
      tp=$((tp + 1))
    else
      tf=$((tf + 1))
      echo "FAIL $name $f:"; head -n 15 "$OUT/last.log"
    fi
  done
  echo "$name: $tp passed, $tf failed (${#files[@]} files)"
  pass=$((pass + tp)) fail=$((fail + tf))
done
echo "fuzz-replay: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
