#!/usr/bin/env bash
# tests/bench/peers.sh - what `make bench-peers` runs: slimfile against two npm Dockerfile linters
# (dockerfilelint and dockerfile-utils) over the same files (all of ../shared/corpus), each tool
# in ONE process for all files, measuring wall time and peak RSS with /usr/bin/time.
# The peers are installed with npm into $PEERS_DIR (default build/peers, reused between runs).
# Each peer runs through a small node driver that loads it once and lints every file with its
# API (dockerfilelint's CLI stops at the first empty file; dockerfile-utils' CLI takes one file).
#   B=build bash tests/bench/peers.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
B=${B:-build}
SF=$ROOT/$B/slimfile
P=${PEERS_DIR:-$ROOT/build/peers}
[ -x "$SF" ] || { echo "bench-peers: $SF not built"; exit 2; }
[ -d ../shared/corpus ] || { echo "SKIP bench-peers: ../shared/corpus absent"; exit 0; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "SKIP bench-peers: node/npm absent"; exit 0; }
[ -x /usr/bin/time ] || { echo "bench-peers: /usr/bin/time missing (apt-get install time)"; exit 2; }

mkdir -p "$P"
if [ ! -d "$P/node_modules/dockerfilelint" ] || [ ! -d "$P/node_modules/dockerfile-utils" ]; then
  echo "installing dockerfilelint and dockerfile-utils into $P"
  (cd "$P" && npm install --no-audit --no-fund --loglevel=error dockerfilelint dockerfile-utils) >"$P/npm.log" 2>&1 ||
    { tail -n 20 "$P/npm.log"; echo "bench-peers: npm install failed"; exit 2; }
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/sf-peers.XXXXXX")
trap 'rm -rf "$W"' EXIT
find "$(cd ../shared/corpus && pwd)" -type f ! -name '*.tsv' | sort >"$W/files"
nfiles=$(wc -l <"$W/files")
bytes=$(tr '\n' '\0' <"$W/files" | du -cb --files0-from=- | tail -n 1 | awk '{print $1}')

cat >"$W/dockerfilelint.js" <<'JS'
const fs = require("fs"), path = require("path");
const lint = require(process.argv[2] + "/node_modules/dockerfilelint/lib/index");
let issues = 0, failed = 0;
for (const f of fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean)) {
  try { issues += lint.run(path.dirname(f), fs.readFileSync(f, "utf8")).length; }
  catch (e) { failed++; }
}
console.log(`issues ${issues} failed ${failed}`);
JS
cat >"$W/dockerfile-utils.js" <<'JS'
const fs = require("fs");
const utils = require(process.argv[2] + "/node_modules/dockerfile-utils");
let issues = 0, failed = 0;
for (const f of fs.readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean)) {
  try { issues += utils.validate(fs.readFileSync(f, "utf8")).length; }
  catch (e) { failed++; }
}
console.log(`issues ${issues} failed ${failed}`);
JS

measure() { # tag command... -> $W/tag.time "rss_kb secs", $W/tag.out
  local tag=$1; shift
  /usr/bin/time -f '%M %e' -o "$W/$tag.time" "$@" >"$W/$tag.out" 2>"$W/$tag.err"
  echo "$tag: exit $?, $(tail -n 1 "$W/$tag.out" | cut -c1-120)"
}
# slimfile: text output, every rule, default config lookup off; context rules see each folder
mapfile -t FILES <"$W/files"
measure slimfile "$SF" --no-config -q --format=json "${FILES[@]}"
sf_findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$W/slimfile.out" 2>/dev/null || echo "?")
echo "slimfile: $sf_findings findings"
measure dockerfilelint node "$W/dockerfilelint.js" "$P" "$W/files"
measure dockerfile-utils node "$W/dockerfile-utils.js" "$P" "$W/files"
measure node-baseline node -e 0

read -r sf_rss sf_s < <(tail -n 1 "$W/slimfile.time")
echo
echo "$nfiles files, $bytes bytes, one process per tool (node-baseline: an empty node process)"
printf '%-18s %10s %12s %14s %14s %s\n' tool wall-s peak-MB "time vs slim" "memory vs slim" findings
for t in slimfile dockerfilelint dockerfile-utils node-baseline; do
  read -r rss s < <(tail -n 1 "$W/$t.time")
  found=$(grep -oE 'issues [0-9]+' "$W/$t.out" | awk '{print $2}')
  [ "$t" = slimfile ] && found=$sf_findings
  printf '%-18s %10s %12s %14s %14s %s\n' "$t" "$s" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v a="$s" -v b="$sf_s" 'BEGIN { if (b < 0.001) b = 0.001; printf "%.1fx", a / b }')" \
    "$(awk -v a="$rss" -v b="$sf_rss" 'BEGIN { printf "%.1fx", a / b }')" "${found:--}"
done
echo "(ratios are peer / slimfile: 10x means the peer took ten times as long or as much memory)"
