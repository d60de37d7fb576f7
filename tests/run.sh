#!/usr/bin/env bash
# tests/run.sh - runs every test suite and ends with one summary line "N passed, N failed, N skipped".
#   B=build SAN= SUITES="unit golden cli conformance corpus ..." bash tests/run.sh
# Each suite is a cmocka binary (unit) or a script whose last line is "<name>: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SAN=${SAN:-}
export B SLIMFILE="$PWD/$B/slimfile"
ALL="unit golden cli conformance corpus shell-sweep fix-sweep emit-sarif github hostile install precommit lsp fuzz-replay e2e"
if [ "$SAN" = 1 ]; then
  # integration suites that test other programs' view of ours run once, in the normal build
  ALL="unit golden cli conformance corpus shell-sweep fix-sweep hostile lsp fuzz-replay"
fi
SUITES=${SUITES:-$ALL}
pass=0 fail=0 skip=0
failed_suites=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

add() { # name passed failed skipped
  pass=$((pass + $2)); fail=$((fail + $3)); skip=$((skip + $4))
  if [ "$3" -gt 0 ]; then failed_suites+=("$1"); fi
  printf '%-14s %5d passed %5d failed %5d skipped\n' "$1" "$2" "$3" "$4"
}

run_script() { # name script
  local name=$1 script=$2 out last p f s rc
  if [ ! -f "$script" ]; then add "$name" 0 0 1; return; fi
  out="$log/$name.log"
  bash "$script" >"$out" 2>&1; rc=$?
  last=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  if [ -z "$last" ]; then
    echo "--- $name: no summary line (exit $rc); last lines:"; tail -n 20 "$out"
    add "$name" 0 1 0; return
  fi
  p=$(sed -E 's/.*[^0-9]?([0-9]+) passed.*/\1/' <<<"$last")
  f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$last")
  s=$(grep -oE '[0-9]+ skipped' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  p=$(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$f" -gt 0 ]; then echo "--- $name failures:"; grep -E 'FAIL|error|Error' "$out" | head -n 40; fi
  if grep -q '^SKIP-SUITE' "$out"; then grep '^SKIP-SUITE' "$out" | head -n 3; fi
  add "$name" "$p" "$f" "${s:-0}"
}

for suite in $SUITES; do
  case $suite in
    unit)
      p=0 f=0
      for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue
        out="$log/$(basename "$t").log"
        "$t" >"$out" 2>&1; rc=$?
        tp=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$out" | grep -oE '[0-9]+' | head -n 1)
        tf=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$out" | grep -oE '[0-9]+' | head -n 1)
        tp=${tp:-0} tf=${tf:-0}
        if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; fi
        if [ "$tf" -gt 0 ]; then echo "--- $(basename "$t"):"; grep -E 'FAILED|ERROR|error|Assert' "$out" | head -n 30; fi
        p=$((p + tp)) f=$((f + tf))
      done
      add unit $p $f 0 ;;
    golden) run_script golden tests/run-golden.sh ;;
    cli) run_script cli tests/run-cli.sh ;;
    conformance) run_script conformance tests/conformance/run.sh ;;
    corpus) run_script corpus tests/corpus/roundtrip.sh ;;
    shell-sweep) run_script shell-sweep tests/corpus/shell_sweep.sh ;;
    fix-sweep) run_script fix-sweep tests/corpus/fix_sweep.sh ;;
    emit-sarif) run_script sarif tests/sarif/validate.sh ;;
    github) run_script github tests/github/run.sh ;;
    hostile) run_script hostile tests/hostile/run.sh ;;
    install) run_script install tests/install/run.sh ;;
    precommit) run_script precommit tests/precommit/run.sh ;;
    lsp) run_script lsp tests/lsp/run.sh ;;
    fuzz-replay) run_script fuzz-replay fuzz/replay.sh ;;
    e2e) run_script e2e tests/e2e/run.sh ;;
    *) echo "unknown suite $suite"; fail=$((fail + 1)) ;;
  esac
done
if [ ${#failed_suites[@]} -gt 0 ]; then echo "failing suites: ${failed_suites[*]}"; fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
