#!/usr/bin/env bash
# tests/run-cli.sh - CLI golden tests. Each case is tests/cli/<NN-what>/ with
#   cmd            a shell command run in a copy of the folder; $SLIMFILE is the binary
#   stdin          (optional) standard input
#   expect.out     expected standard output (and standard error, merged, when expect.merged exists)
#   expect.status  expected exit status
# UPDATE=1 rewrites expect.out and expect.status.
set -u
cd "$(dirname "$0")/cli" || exit 1
export SLIMFILE=${SLIMFILE:-$PWD/../../build/slimfile}
pass=0 fail=0
for dir in */; do
  dir=${dir%/}
  [ -f "$dir/cmd" ] || continue
  tmp=$(mktemp -d); out=$(mktemp)
  cp -a "$dir/." "$tmp/"
  # a `setup` script makes what cannot be committed (.git, node_modules folders)
  if [ -f "$tmp/setup" ]; then (cd "$tmp" && bash ./setup && rm -f setup); fi
  rm -f "$tmp/expect.out" "$tmp/expect.status" "$tmp/expect.merged"
  in=/dev/null; [ -f "$dir/stdin" ] && in="$tmp/stdin"
  if [ -f "$dir/expect.merged" ]; then
    (cd "$tmp" && NO_COLOR= bash ./cmd <"$in" >"$out" 2>&1); st=$?
  else
    (cd "$tmp" && NO_COLOR= bash ./cmd <"$in" >"$out" 2>/dev/null); st=$?
  fi
  if [ "${UPDATE:-}" = 1 ]; then cp "$out" "$dir/expect.out"; echo $st >"$dir/expect.status"; fi
  ok=1
  if ! cmp -s "$out" "$dir/expect.out"; then ok=0; echo "FAIL $dir: output differs"; diff -u "$dir/expect.out" "$out" | head -n 30; fi
  want=$(cat "$dir/expect.status" 2>/dev/null || echo 0)
  if [ "$st" != "$want" ]; then ok=0; echo "FAIL $dir: exit status $st, expected $want"; fi
  rm -rf "$tmp" "$out"
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
