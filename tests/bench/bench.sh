#!/usr/bin/env bash
# tests/bench/bench.sh - what `make bench` runs: throughput, memory, start-up time, instruction
# counts and scaling of slimfile, single core. Prints one table with PASS/MISS against targets:
#   parse >= 200 MB/s, lint >= 100 MB/s, start < 2 ms, peak memory <= 4 x input + 8 MB.
# MB = 2^20 bytes. Throughput is the best of several iterations (tests/bench/bench.c, timing only
# the library calls). BENCH_STRICT=1 exits 1 when a target is missed. BENCH_QUICK=1 skips
# callgrind and shortens the runs.
#   B=build bash tests/bench/bench.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SF=$PWD/$B/slimfile
LIB=$B/libslimfile.a
QUICK=${BENCH_QUICK:-}
for f in "$SF" "$LIB"; do
  [ -e "$f" ] || { echo "bench: $f not built (run make first)"; exit 2; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/sf-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
BENCH=$W/bench
# shellcheck disable=SC2046
cc -std=c11 -O2 -g -I"$B/include" -o "$BENCH" tests/bench/bench.c "$LIB" \
  $(pkg-config --libs jansson libutf8proc 2>/dev/null) -lm || { echo "bench: cannot build bench.c"; exit 2; }

MB=1048576
get() { grep "^$1 " "$2" | awk '{print $2}'; }
ROWS=$W/rows
: >"$ROWS"
miss=0
row() { # what value unit target verdict
  printf '%-46s %12s %-8s %-14s %s\n' "$1" "$2" "$3" "$4" "$5" >>"$ROWS"
  [ "$5" = MISS ] && miss=$((miss + 1))
  return 0
}
verdict() { # value op threshold
  if awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { exit !((op == ">=" && v >= t) || (op == "<" && v < t) || (op == "<=" && v <= t)) }'
  then echo PASS; else echo MISS; fi
}

# ---------------------------------------------------------------- inputs
CORPUS=()
if [ -d ../shared/corpus ]; then
  mapfile -t CORPUS < <(find ../shared/corpus -type f ! -name '*.tsv' | sort)
  echo "corpus: ${#CORPUS[@]} files from ../shared/corpus"
else
  echo "SKIP corpus rows: ../shared/corpus absent"
fi
# a realistic big file: the corpus files concatenated and repeated (synthetic stages without it)
gen() { # bytes out
  python3 - "$1" "$2" "${CORPUS[@]}" <<'PY'
import sys
size, out, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
chunks = []
for p in files:
    with open(p, "rb") as f:
        b = f.read()
    if not b.endswith(b"\n"):
        b += b"\n"
    chunks.append(b)
if not chunks:
    chunks = [(b"FROM alpine:3.19 AS s%d\nRUN apk add --no-cache curl \\\n    && echo %d\n"
               b"COPY . /app\nRUN pip install -r requirements.txt\nCMD [\"sh\"]\n\n") % (i, i)
              for i in range(1000)]
buf, n = bytearray(), 0
while len(buf) < size:
    buf += chunks[n % len(chunks)]
    n += 1
with open(out, "wb") as f:
    f.write(bytes(buf[:size].rsplit(b"\n", 1)[0] + b"\n"))
PY
}
gen $((50 * MB)) "$W/big50"
gen $((MB / 2)) "$W/s1"
gen $((5 * MB)) "$W/s10"
cp "$W/big50" "$W/s100"
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD ["sh"]\n' >"$W/tiny"

T=3
[ -n "$QUICK" ] && T=0.5
# ---------------------------------------------------------------- throughput
if [ ${#CORPUS[@]} -gt 0 ]; then
  "$BENCH" parse -t $T "${CORPUS[@]}" >"$W/p1" || exit 2
  "$BENCH" lint -t $T "${CORPUS[@]}" >"$W/l1" || exit 2
  v=$(get mb_per_s "$W/p1"); row "parse MB/s, corpus (each file a document)" "$v" MB/s ">= 200" "$(verdict "$v" ">=" 200)"
  v=$(get mb_per_s "$W/l1"); row "lint MB/s, corpus (each file a document)" "$v" MB/s ">= 100" "$(verdict "$v" ">=" 100)"
  "$BENCH" parse -t $T --concat "${CORPUS[@]}" >"$W/p2" || exit 2
  "$BENCH" lint -t $T --concat "${CORPUS[@]}" >"$W/l2" || exit 2
  v=$(get mb_per_s "$W/p2"); row "parse MB/s, corpus as one document" "$v" MB/s ">= 200" "$(verdict "$v" ">=" 200)"
  v=$(get mb_per_s "$W/l2"); row "lint MB/s, corpus as one document" "$v" MB/s ">= 100" "$(verdict "$v" ">=" 100)"
  echo "corpus: $(get bytes "$W/p1") bytes, $(get insns "$W/p1") instructions, $(get findings "$W/l1") findings"
fi
"$BENCH" parse -n 3 -t 0 "$W/big50" >"$W/p3" || exit 2
"$BENCH" lint -n 3 -t 0 "$W/big50" >"$W/l3" || exit 2
v=$(get mb_per_s "$W/p3"); row "parse MB/s, generated 50 MB file" "$v" MB/s ">= 200" "$(verdict "$v" ">=" 200)"
v=$(get mb_per_s "$W/l3"); row "lint MB/s, generated 50 MB file" "$v" MB/s ">= 100" "$(verdict "$v" ">=" 100)"

# ---------------------------------------------------------------- memory
for s in s1 s10 s100; do
  "$BENCH" mem "$W/$s" >"$W/m-$s" || exit 2
  size=$(stat -c %s "$W/$s")
  rss=$(get peak_rss_kb "$W/m-$s")
  bound=$(((4 * size + 8 * MB) / 1024))
  row "library peak RSS KB, parse+lint $((size / 1024)) KB input" "$rss" KB "<= $bound" "$(verdict "$rss" "<=" "$bound")"
done
if [ -x /usr/bin/time ]; then
  size=$(stat -c %s "$W/big50")
  /usr/bin/time -f '%M %e' -o "$W/cli.time" "$SF" --no-config -q "$W/big50" >/dev/null 2>&1
  read -r rss secs < <(tail -n 1 "$W/cli.time")
  bound=$(((4 * size + 8 * MB) / 1024))
  row "CLI peak RSS KB, slimfile on the 50 MB file" "$rss" KB "<= $bound" "$(verdict "$rss" "<=" "$bound")"
  row "CLI wall seconds, slimfile on the 50 MB file" "$secs" s "-" "-"
fi

# ---------------------------------------------------------------- start-up
median_ms() { # command... : median wall time over many runs, in ms
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs "${RUNS:-300}" --export-json "$W/hf.json" "$*" >/dev/null 2>&1 &&
      python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$W/hf.json"
  else
    python3 - "$@" <<'PY'
import subprocess, sys, time, statistics
ts = []
for _ in range(300):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t)
print("%.3f" % (statistics.median(ts) * 1000))
PY
  fi
}
v=$(median_ms "$SF" --version); row "start: slimfile --version, median" "$v" ms "< 2" "$(verdict "$v" "<" 2)"
v=$(median_ms "$SF" --no-config "$W/tiny"); row "start: lint a 3-line file, median" "$v" ms "< 2" "$(verdict "$v" "<" 2)"
v=$(median_ms /bin/true); row "(reference: /bin/true, median)" "$v" ms "-" "-"

# ---------------------------------------------------------------- instructions per byte
if [ -z "$QUICK" ] && command -v valgrind >/dev/null && [ ${#CORPUS[@]} -gt 0 ]; then
  for what in parse lint; do
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.$what" --toggle-collect="bench_${what}_all" \
      "$BENCH" "$what" -n 1 -t 0 "${CORPUS[@]}" >/dev/null 2>"$W/cg.$what.log"
    ir=$(grep -E '^(summary|totals):' "$W/cg.$what" | tail -n 1 | awk '{print $2}')
    bytes=$(get bytes "$W/p1")
    v=$(awk -v i="$ir" -v b="$bytes" 'BEGIN { printf "%.0f", i / b }')
    row "callgrind instructions per byte, $what (corpus)" "$v" Ir/B "-" "-"
  done
fi

# ---------------------------------------------------------------- scaling
SCALE=$W/scale
printf '%-8s %12s %14s %14s %12s\n' size bytes "lint s (lib)" "lint s (CLI)" "s per MB" >"$SCALE"
for s in s1 s10 s100; do
  "$BENCH" lint -n 1 -t 0 "$W/$s" >"$W/sc-$s" || exit 2
  t0=$(date +%s.%N)
  "$SF" --no-config -q "$W/$s" >/dev/null 2>&1
  t1=$(date +%s.%N)
  size=$(get bytes "$W/sc-$s")
  lib=$(get best_seconds "$W/sc-$s")
  cli=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  printf '%-8s %12s %14s %14s %12s\n' "${s#s}x" "$size" "$lib" "$cli" \
    "$(awk -v t="$lib" -v s="$size" 'BEGIN { printf "%.4f", t / (s / 1048576) }')" >>"$SCALE"
done

echo
printf '%-46s %12s %-8s %-14s %s\n' measure value unit target verdict
printf '%.0s-' {1..92}; echo
cat "$ROWS"
echo
echo "scaling (1x = 0.5 MB of corpus text; lint = parse + every rule):"
cat "$SCALE"
echo
echo "bench: $miss target(s) missed"
if [ "${BENCH_STRICT:-}" = 1 ] && [ $miss -gt 0 ]; then exit 1; fi
exit 0
