#!/usr/bin/env bash
# tests/github/run.sh - `slimfile --format=github` against the GitHub Actions workflow-command
# syntax. Each case is a small tree of Dockerfiles whose paths and messages need escaping (a
# folder named `a,b:c`, a `%` in a path and in a message, a newline in a folder name). For each,
# validate.py checks that every line is `::error|warning|notice key=value,...::message` with
# the toolkit's escaping, that the annotations decode to exactly the --format=json findings, and
# (when node is available) that they equal what @actions/core itself writes for those findings.
#   B=build bash tests/github/run.sh        last line: "github: N passed, N failed"
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
B=${B:-build}
SLIMFILE=${SLIMFILE:-$ROOT/$B/slimfile}
case $SLIMFILE in /*) ;; *) SLIMFILE=$ROOT/$SLIMFILE ;; esac
HERE=$ROOT/tests/github
pass=0 fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | head -n 20; }

if [ ! -x "$SLIMFILE" ]; then
  echo "FAIL slimfile not built: $SLIMFILE (run make first)"
  echo "github: 0 passed, 1 failed"
  exit 1
fi

# The toolkit reference is optional: node plus @actions/core (npm install in tests/github).
toolkit=""
if command -v node >/dev/null 2>&1; then
  if [ ! -d "$HERE/node_modules/@actions/core" ] && command -v npm >/dev/null 2>&1; then
    (cd "$HERE" && npm install --no-audit --no-fund --silent >/dev/null 2>&1)
  fi
  [ -d "$HERE/node_modules/@actions/core" ] && toolkit=1
fi
[ -n "$toolkit" ] || echo "note: node or @actions/core unavailable: the toolkit comparison is skipped"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1

# ---- the cases: each is a folder of inputs; the paths given to slimfile are listed in `args`
mk() { mkdir -p "$(dirname "$1")" && printf '%b' "$2" >"$1"; }

c=$tmp/comma-colon
mk "$c/a,b:c/Dockerfile" 'FROM alpine:3.19\nRUN apk add curl\n# slimfile ignore=pip-no-cache-dir\nRUN echo done\n'
printf '%s\n' "a,b:c/Dockerfile" >"$c/args"

c=$tmp/percent
mk "$c/50% off/Dockerfile" 'FROM alpine:3.19\nCOPY 100%.txt /srv/\nRUN apk add \\\n    curl \\\n    git\n'
mk "$c/50% off/.dockerignore" '*.txt\n'
mk "$c/50% off/100%.txt" 'x\n'
printf '%s\n' "50% off/Dockerfile" >"$c/args"

c=$tmp/newline
mk "$c/line"$'\n'"break/Dockerfile" 'FROM alpine:3.19\nRUN apk add curl\n'
mk "$c/cr"$'\r'"dir/x.Dockerfile" 'FROM alpine:3.19\nRUN apk add curl\n'
printf '%s\0' "line"$'\n'"break/Dockerfile" "cr"$'\r'"dir/x.Dockerfile" >"$c/args0"

c=$tmp/severities
mk "$c/Dockerfile" 'FROM alpine:3.19\nBOGUS instruction\nRUN apk add curl\nRUN echo a\nRUN echo b\n# slimfile ignore=apk-no-cache\nRUN echo c\n'
printf '%s\n' "Dockerfile" >"$c/args"

for dir in "$tmp"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  args=()
  if [ -f "$dir/args0" ]; then
    while IFS= read -r -d '' a; do args+=("$a"); done <"$dir/args0"
  else
    while IFS= read -r a; do args+=("$a"); done <"$dir/args"
  fi
  (cd "$dir" && "$SLIMFILE" --no-config --format=github "${args[@]}" >"$tmp/$name.gh" 2>"$tmp/$name.gh.err"); st=$?
  (cd "$dir" && "$SLIMFILE" --no-config --format=json "${args[@]}" >"$tmp/$name.json" 2>/dev/null); stj=$?
  if [ "$st" -le 2 ] && [ "$st" = "$stj" ] && [ -s "$tmp/$name.gh" ]; then
    ok "$name: slimfile --format=github ran (exit status $st, as with --format=json)"
  else
    echo "exit status $st (json: $stj)" >>"$tmp/$name.gh.err"
    bad "$name: slimfile --format=github ran" "$tmp/$name.gh.err"
    continue
  fi
  extra=()
  if [ -n "$toolkit" ]; then
    if (cd "$HERE" && node toolkit.js "$tmp/$name.json") >"$tmp/$name.toolkit" 2>&1; then
      extra=("$tmp/$name.toolkit")
    else
      bad "$name: @actions/core rendering" "$tmp/$name.toolkit"
    fi
  fi
  python3 "$HERE/validate.py" "$name" "$tmp/$name.gh" "$tmp/$name.json" "${extra[@]}" >"$tmp/$name.v" 2>&1
  while IFS= read -r line; do
    case $line in
      PASS\ *) ok "${line#PASS }" ;;
      FAIL\ *) bad "${line#FAIL }" ;;
      *) echo "    | $line" ;;
    esac
  done <"$tmp/$name.v"
  grep -q '^\(PASS\|FAIL\) ' "$tmp/$name.v" || bad "$name: validate.py" "$tmp/$name.v"
done

# ---- exact escapes that must appear (literal text of the output)
expect() { # case description fixed-string
  if grep -qF -- "$3" "$tmp/$1.gh"; then ok "$1: $2"; else echo "want: $3" >"$tmp/want"; cat "$tmp/$1.gh" >>"$tmp/want"; bad "$1: $2" "$tmp/want"; fi
}
expect comma-colon "',' and ':' in the path become %2C and %3A" "file=a%2Cb%3Ac/Dockerfile,line=2,"
expect comma-colon "the title is 'slimfile <rule-id>'" ",title=slimfile apk-no-cache::"
expect percent "'%' in the path becomes %25" "file=50%25 off/Dockerfile,"
expect newline "LF in the path becomes %0A" "file=line%0Abreak/Dockerfile,"
expect newline "CR in the path becomes %0D" "file=cr%0Ddir/x.Dockerfile,"
for sev in error warning notice; do
  expect severities "the severities give ::$sev" "::$sev file=Dockerfile,"
done

# A message with '%' (copy-ignored-file names the path 100%.txt): escaped as %25 in the message.
if grep -q 'copy-ignored-file' "$tmp/percent.json" 2>/dev/null; then
  expect percent "'%' in a message becomes %25" "100%25.txt"
else
  bad "percent: copy-ignored-file reported for COPY 100%.txt (needed to test message escaping)" "$tmp/percent.json"
fi
# A finding over several lines carries line/endLine but no col/endColumn.
if grep -qE '^::[a-z]+ file=[^:]*,line=([0-9]+),endLine=[0-9]+,title=' "$tmp/percent.gh" "$tmp/severities.gh" "$tmp/comma-colon.gh"; then
  ok "a multi-line finding has line and endLine only"
else
  cat "$tmp"/*.gh >"$tmp/all"
  bad "a multi-line finding has line and endLine only (no multi-line finding found)" "$tmp/all"
fi

echo "github: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
