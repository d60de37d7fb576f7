#!/usr/bin/env bash
# tests/sarif/validate.sh - validate slimfile's SARIF output with Microsoft's SARIF Multitool.
#
#   B=build bash tests/sarif/validate.sh
#
# Installs the multitool (npm ci into tests/sarif/node_modules, git-ignored) when missing, then
# validates:
#   - `$B/slimfile --format=sarif` over a few generated Dockerfiles (problems, non-ASCII and emoji
#     text, a syntax error, a bad .dockerignore, several files at once, a path with a space);
#   - the same over a sample of ../shared/corpus (skipped with a message when it is absent);
#   - the SARIF the emitter unit test produces for its fixtures ($B/tests/test_emit with
#     SF_EMIT_SARIF_DIR): fixes, absolute paths, originalUriBaseIds.
# A validation error fails the file; warnings are reported (and counted) without failing it.
# Notes (SARIF2002/2003/2006/2009/2013, advice we do not follow on purpose) are not requested.
# Last line: "sarif: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
HERE=tests/sarif
CLI=$B/slimfile
UNIT=$B/tests/test_emit
case $CLI in /*) ;; *) CLI=$PWD/$CLI ;; esac
SAMPLE=${SARIF_CORPUS_SAMPLE:-25}
pass=0 fail=0 skip=0 warnings=0

summary() { echo "sarif: $pass passed, $fail failed, $skip skipped"; }

tool_path() {
    (cd "$HERE" && node -e 'process.stdout.write(require("@microsoft/sarif-multitool"))' 2>/dev/null)
}

# ---------------------------------------------------------------- the multitool
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIP-SUITE sarif: node/npm not installed"
    skip=1; summary; exit 0
fi
have_tool() { [ -n "$MT" ] && { [ -f "$MT" ] || [ -f "$HERE/$MT" ]; }; }
MT=$(tool_path)
if ! have_tool; then
    echo "installing @microsoft/sarif-multitool into $HERE/node_modules"
    if ! (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error); then
        echo "SKIP-SUITE sarif: npm ci failed (no registry access?)"
        skip=1; summary; exit 0
    fi
    MT=$(tool_path)
fi
case $MT in /*) ;; *) MT=$HERE/$MT ;; esac
# the package's postinstall (chmod u+x) may have been skipped by npm's install-script policy
[ -x "$MT" ] || chmod u+x "$MT"
if [ ! -x "$MT" ]; then
    echo "SKIP-SUITE sarif: multitool binary not found ($MT)"
    skip=1; summary; exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"

# validate FILE LABEL
validate() {
    local file=$1 label=$2 log=$work/validate.log nerr nwarn
    if [ ! -s "$file" ]; then
        echo "FAIL $label: no SARIF output"
        fail=$((fail + 1)); return
    fi
    "$MT" validate "$file" >"$log" 2>&1
    local rc=$?
    nerr=$(grep -cE ': error [A-Z]+[0-9]+' "$log")
    nwarn=$(grep -cE ': warning [A-Z]+[0-9]+' "$log")
    if [ "$rc" -ne 0 ] || [ "$nerr" -gt 0 ] || ! grep -q 'Analysis completed successfully' "$log"; then
        echo "FAIL $label: $nerr error(s), exit $rc"
        grep -E ': (error|warning) ' "$log" | head -n 20
        fail=$((fail + 1)); return
    fi
    if [ "$nwarn" -gt 0 ]; then
        echo "WARN $label: $nwarn warning(s)"
        grep -E ': warning ' "$log" | head -n 10
        warnings=$((warnings + nwarn))
    fi
    pass=$((pass + 1))
}

# ---------------------------------------------------------------- the emitter's own fixtures
if [ -x "$UNIT" ]; then
    mkdir -p "$work/unit"
    if SF_EMIT_SARIF_DIR=$work/unit "$UNIT" >"$work/unit.log" 2>&1; then
        for f in "$work"/unit/*.sarif; do
            [ -e "$f" ] || { echo "FAIL unit: $UNIT wrote no SARIF"; fail=$((fail + 1)); break; }
            validate "$f" "unit:$(basename "$f")"
        done
    else
        echo "FAIL unit: $UNIT failed"; tail -n 20 "$work/unit.log"; fail=$((fail + 1))
    fi
else
    echo "skip unit fixtures: $UNIT not built"
    skip=$((skip + 1))
fi

# ---------------------------------------------------------------- the CLI
if [ ! -x "$CLI" ]; then
    echo "skip CLI cases: $CLI not built"
    skip=$((skip + 1)); summary
    [ "$fail" -eq 0 ]; exit
fi

cases=$work/cases
mkdir -p "$cases/basic" "$cases/unicode" "$cases/broken" "$cases/ignore" "$cases/with space"
cat >"$cases/basic/Dockerfile" <<'EOF'
FROM alpine:3.19
RUN apk update && apk add curl
RUN apt-get update && apt-get install -y git
RUN pip install requests
COPY . /app
CMD ["/app/run"]
EOF
printf 'FROM debian:12\nLABEL description="h\xc3\xa9llo \xf0\x9f\x98\x80 w\xc3\xb6rld"\nRUN apt-get install -y curl # \xe2\x9c\x93 \xf0\x9f\x90\xb3\n' >"$cases/unicode/Dockerfile"
cat >"$cases/broken/Dockerfile" <<'EOF'
FROM alpine
RUN ["unterminated
FROBNICATE now
COPY --from= a b
EOF
cat >"$cases/ignore/Dockerfile" <<'EOF'
FROM node:20
COPY . .
RUN npm install
EOF
printf 'node_modules\n[unterminated\n**/*.log\n' >"$cases/ignore/.dockerignore"
cat >"$cases/with space/Dockerfile" <<'EOF'
FROM ubuntu:22.04
RUN apt-get update
RUN apt-get install -y python3
EOF

# cli_sarif LABEL ARGS...  (run from $cases so paths are relative)
cli_sarif() {
    local label=$1 out
    shift
    out="$work/out/$(echo "$label" | tr -c 'A-Za-z0-9._-' _).sarif"
    (cd "$cases" && "$CLI" --format=sarif "$@") >"$out" 2>"$work/cli.err"
    local rc=$?
    if [ "$rc" -gt 1 ] && [ ! -s "$out" ]; then
        echo "FAIL $label: slimfile exited $rc"; head -n 5 "$work/cli.err"
        fail=$((fail + 1)); return
    fi
    validate "$out" "$label"
}

cli_sarif basic basic/Dockerfile
cli_sarif unicode unicode/Dockerfile
cli_sarif broken broken/Dockerfile
cli_sarif ignore ignore/Dockerfile
cli_sarif "with space" "with space/Dockerfile"
cli_sarif all basic/Dockerfile unicode/Dockerfile broken/Dockerfile ignore/Dockerfile "with space/Dockerfile"
cli_sarif absolute "$cases/basic/Dockerfile"

# ---------------------------------------------------------------- the shared corpus
CORPUS=../shared/corpus
if [ -d "$CORPUS" ]; then
    n=0
    sample=()
    while IFS= read -r f; do
        sample+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
        n=$((n + 1))
    done < <(find "$CORPUS" -type f | LC_ALL=C sort | awk -v k="$SAMPLE" 'NR % 97 == 1 && c < k { print; c++ }')
    if [ "$n" -gt 0 ]; then
        out=$work/out/corpus.sarif
        "$CLI" --format=sarif "${sample[@]}" >"$out" 2>"$work/cli.err"
        validate "$out" "corpus sample ($n files)"
    fi
else
    echo "skip corpus sample: $CORPUS absent"
    skip=$((skip + 1))
fi

echo "warnings: $warnings"
summary
[ "$fail" -eq 0 ]
