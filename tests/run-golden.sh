#!/usr/bin/env bash
# tests/run-golden.sh - golden rule tests. Each case is tests/golden/<rule-id>/<NN-what>/ with
#   Dockerfile            the input (plus any context files and .dockerignore)
#   expect.json           the expected `slimfile --format=json` output
#   args (optional)       extra CLI arguments (default: --select <rule-id>)
#   fixed.Dockerfile (optional)  expected result of `slimfile --fix` (with the same args)
#   setup (optional)      a bash script run in the case's copy first (makes .git/, node_modules/)
# UPDATE=1 rewrites expect.json / fixed.Dockerfile from the current output (review with git diff).
set -u
cd "$(dirname "$0")/golden" || exit 1
S=${SLIMFILE:-$PWD/../../build/slimfile}
pass=0 fail=0
for dir in ${ONLY:-*}/*/; do
  dir=${dir%/}; rule=${dir%%/*}
  [ -f "$dir/Dockerfile" ] || continue
  args="--select $rule"
  [ -f "$dir/args" ] && args=$(cat "$dir/args")
  tmp=$(mktemp -d)
  cp -a "$dir/." "$tmp/"
  # a `setup` script makes what cannot be committed (.git, node_modules folders)
  if [ -f "$tmp/setup" ]; then (cd "$tmp" && bash ./setup && rm -f setup); fi
  # shellcheck disable=SC2086
  (cd "$tmp" && "$S" --format=json --no-config $args Dockerfile >"$tmp/.out.json" 2>"$tmp/.err"); st=$?
  ok=1
  if [ "$st" -gt 2 ]; then ok=0; echo "FAIL $dir: exit status $st: $(head -c 300 "$tmp/.err")"; fi
  if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/.out.json" "$dir/expect.json"; fi
  if [ $ok = 1 ] && ! cmp -s "$tmp/.out.json" "$dir/expect.json"; then
    ok=0; echo "FAIL $dir: findings differ"; diff -u "$dir/expect.json" "$tmp/.out.json" | head -n 30
  fi
  want_fix=0
  [ -f "$dir/fixed.Dockerfile" ] && want_fix=1
  if [ "${UPDATE:-}" = 1 ] && grep -q '"fix": *{' "$tmp/.out.json"; then want_fix=1; fi
  if [ $want_fix = 1 ]; then
    cp "$dir/Dockerfile" "$tmp/Dockerfile"
    # shellcheck disable=SC2086
    (cd "$tmp" && "$S" --fix --no-config $args Dockerfile >/dev/null 2>&1)
    if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/Dockerfile" "$dir/fixed.Dockerfile"; fi
    if [ -f "$dir/fixed.Dockerfile" ] && ! cmp -s "$tmp/Dockerfile" "$dir/fixed.Dockerfile"; then
      ok=0; echo "FAIL $dir: fixed output differs"; diff -u "$dir/fixed.Dockerfile" "$tmp/Dockerfile" | head -n 30
    fi
  fi
  rm -rf "$tmp"
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
