#!/usr/bin/env bash
# tests/valgrind.sh - the built CLI under valgrind (memcheck, every leak kind is an error) over a
# sample of ../shared/corpus and tests/golden, in every output format, with --fix and --diff on
# temporary copies, and over the other paths through the CLI: rules, explain, a missing file,
# standard input, a configuration file, bad options, the language server.
#   B=build N=60 bash tests/valgrind.sh        last line: "valgrind: N passed, N failed"
# Needs a build without sanitizers (valgrind and ASan do not mix): make B=build.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
B=${B:-build}
SLIMFILE=${SLIMFILE:-$ROOT/$B/slimfile}
case $SLIMFILE in /*) ;; *) SLIMFILE=$ROOT/$SLIMFILE ;; esac
N=${N:-60}          # corpus files in the sample
BATCH=${BATCH:-10}  # files per slimfile run
SHARED=${SHARED:-$ROOT/../shared}
pass=0 fail=0 skip=0 last_status=0

if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIP-SUITE valgrind: valgrind is not installed (apt-get install valgrind)"
  echo "valgrind: 0 passed, 0 failed, 1 skipped"
  exit 0
fi
if [ ! -x "$SLIMFILE" ]; then
  echo "FAIL slimfile not built: $SLIMFILE (run make first)"
  echo "valgrind: 0 passed, 1 failed"
  exit 1
fi
if nm "$SLIMFILE" 2>/dev/null | grep -q '__asan_init'; then
  echo "FAIL $SLIMFILE is a sanitizer build; valgrind needs a plain one (make B=build)"
  echo "valgrind: 0 passed, 1 failed"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
VG=(valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --error-exitcode=99 --track-origins=yes --num-callers=30)

# vg NAME STDIN-FILE ARGS...: run slimfile under valgrind. Passes when valgrind reports nothing
# (exit status 99 is valgrind's) and slimfile exited normally with 0, 1 or 2.
vg() {
  local name=$1 in=$2 st
  shift 2
  "${VG[@]}" --log-file="$tmp/vg.log" "$SLIMFILE" "$@" <"$in" >"$tmp/vg.out" 2>"$tmp/vg.err"; st=$?
  last_status=$st
  if [ "$st" -le 2 ] && [ ! -s "$tmp/vg.log" ]; then
    echo "PASS $name (exit status $st)"
    pass=$((pass + 1))
  else
    echo "FAIL $name: exit status $st"
    sed 's/^/    | /' "$tmp/vg.log" | head -n 60
    [ "$st" -gt 2 ] && [ "$st" != 99 ] && sed 's/^/    | /' "$tmp/vg.err" | head -n 10
    fail=$((fail + 1))
  fi
}

# ---- inputs: a spread sample of the corpus, plus the golden cases
: >"$tmp/files"
if [ -d "$SHARED/corpus" ]; then
  find "$SHARED/corpus" -mindepth 2 -type f | LC_ALL=C sort >"$tmp/all"
  total=$(wc -l <"$tmp/all")
  if [ "$total" -gt 0 ]; then
    awk -v n="$N" -v t="$total" 'BEGIN { step = t / n; if (step < 1) step = 1 }
         { if (NR - 1 >= next_pick) { print; next_pick += step } }' next_pick=0 "$tmp/all" >"$tmp/files"
  fi
  echo "corpus: $(wc -l <"$tmp/files") of $total files"
else
  echo "SKIP-SUITE valgrind corpus part: $SHARED/corpus is absent"
  skip=$((skip + 1))
fi
if [ -d tests/golden ]; then
  find tests/golden -type f \( -name Dockerfile -o -name '*.Dockerfile' -o -name 'Dockerfile.*' \) \
       ! -name '*.dockerignore' ! -name 'fixed.Dockerfile' | LC_ALL=C sort | head -n 40 >>"$tmp/files"
fi
cp tests/demo/Dockerfile "$tmp/demo.Dockerfile" 2>/dev/null && echo "$tmp/demo.Dockerfile" >>"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
echo "sample: $nfiles files, $BATCH per run"

# ---- lint in batches, JSON output, each file with its own folder as the context
split -l "$BATCH" -d "$tmp/files" "$tmp/batch."
for b in "$tmp"/batch.*; do
  mapfile -t list <"$b"
  vg "lint --format=json $(basename "$b") (${#list[@]} files)" /dev/null --format=json "${list[@]}"
done

# ---- --fix and --diff on temporary copies (the copies keep their .dockerignore when there is one)
i=0
for b in "$tmp"/batch.*; do
  mapfile -t list <"$b"
  copies=()
  for f in "${list[@]}"; do
    i=$((i + 1))
    mkdir -p "$tmp/fix/$i"
    cp "$f" "$tmp/fix/$i/Dockerfile"
    [ -f "$(dirname "$f")/.dockerignore" ] && cp "$(dirname "$f")/.dockerignore" "$tmp/fix/$i/"
    copies+=("$tmp/fix/$i/Dockerfile")
  done
  vg "--diff --unsafe-fixes $(basename "$b")" /dev/null --diff --unsafe-fixes "${copies[@]}"
  vg "--fix $(basename "$b")" /dev/null --fix "${copies[@]}"
done

# ---- every output format, on the first batch
mapfile -t first <"$tmp/batch.00"
for fmt in text sarif checkstyle github gitlab lsp-diagnostics; do
  vg "--format=$fmt" /dev/null --format="$fmt" --color=always "${first[@]}"
done
vg "--dump-ast" /dev/null --dump-ast "${first[@]}"

# ---- the other paths through the CLI
printf 'FROM alpine:3.19\nRUN apk add curl\nRUN pip install flask\nCOPY . /app\n' >"$tmp/Dockerfile"
printf 'ignored: [consecutive-run]\nseverity: {apk-no-cache: error}\noverride: {style: [pip-no-cache-dir]}\nfailure-threshold: warning\ncache-fix: mount\n' >"$tmp/.slimfile.yaml"
printf 'bogus-key: 1\n' >"$tmp/bad.yaml"
vg "rules" /dev/null rules
vg "explain apk-no-cache" /dev/null explain apk-no-cache
vg "explain (unknown id)" /dev/null explain no-such-rule
vg "explain (no id)" /dev/null explain
vg "--help" /dev/null --help
vg "--version" /dev/null --version
vg "missing file" /dev/null "$tmp/does-not-exist/Dockerfile"
vg "no arguments" /dev/null
vg "unknown option" /dev/null --no-such-option "$tmp/Dockerfile"
vg "unknown format" /dev/null --format=yaml "$tmp/Dockerfile"
vg "unknown rule in --select" /dev/null --select=no-such-rule "$tmp/Dockerfile"
vg "--select and --ignore" /dev/null --select=apk-no-cache,pip-no-cache-dir --ignore=pip-no-cache-dir "$tmp/Dockerfile"
vg "configuration file (found)" /dev/null "$tmp/Dockerfile"
vg "--config=invalid" /dev/null --config="$tmp/bad.yaml" "$tmp/Dockerfile"
vg "--no-config --failure-level=none" /dev/null --no-config --failure-level=none "$tmp/Dockerfile"
vg "stdin" "$tmp/Dockerfile" -
vg "stdin --stdin-filename --format=json" "$tmp/Dockerfile" --stdin-filename="$tmp/Dockerfile" --format=json -
vg "stdin --fix" "$tmp/Dockerfile" --fix -
vg "directory discovery" /dev/null "$tmp"
printf 'FROM alpine\nRUN <<EOF\napk add curl\nEOF\nRUN \xff\xfe bad utf8 \\\n# comment\n  continued\nONBUILD RUN apk add x\n' >"$tmp/odd.Dockerfile"
vg "heredoc, invalid UTF-8, ONBUILD, continuation" /dev/null --format=json "$tmp/odd.Dockerfile"
: >"$tmp/empty.Dockerfile"
vg "empty file" /dev/null "$tmp/empty.Dockerfile"
vg "not a regular file" /dev/null /dev/null

# ---- the language server: initialize, open a document, ask for code actions, shut down
lsp_msg() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
{
  lsp_msg '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  lsp_msg '{"jsonrpc":"2.0","method":"initialized","params":{}}'
  lsp_msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x/Dockerfile","languageId":"dockerfile","version":1,"text":"FROM alpine\nRUN apk add curl\n"}}}'
  lsp_msg '{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/x/Dockerfile"},"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":16}},"context":{"diagnostics":[]}}}'
  lsp_msg '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/x/Dockerfile","version":2},"contentChanges":[{"text":"FROM alpine\nRUN apk add --no-cache curl\n"}]}}'
  lsp_msg '{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///tmp/x/Dockerfile"}}}'
  lsp_msg '{"jsonrpc":"2.0","id":3,"method":"shutdown"}'
  lsp_msg '{"jsonrpc":"2.0","method":"exit"}'
} >"$tmp/lsp.in"
vg "lsp session" "$tmp/lsp.in" lsp
# the session must have reached the code it is meant to exercise
if [ "$last_status" = 0 ] && grep -q '"id":2,"result":\[{"title"' "$tmp/vg.out" &&
   grep -q '"id":3,"result":null' "$tmp/vg.out"; then
  echo "PASS lsp session answered initialize, codeAction (a fix) and shutdown; exit status 0"
  pass=$((pass + 1))
else
  echo "FAIL lsp session did not answer as expected (exit status $last_status)"
  head -c 2000 "$tmp/vg.out" | sed 's/^/    | /'
  fail=$((fail + 1))
fi
printf 'Content-Length: 5\r\n\r\n{"a":' >"$tmp/lsp-bad.in"
vg "lsp, truncated input" "$tmp/lsp-bad.in" lsp

if [ "$skip" -gt 0 ]; then
  echo "valgrind: $pass passed, $fail failed, $skip skipped"
else
  echo "valgrind: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
