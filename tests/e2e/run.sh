#!/usr/bin/env bash
# tests/e2e/run.sh: the proof by building of `slimfile --fix` (see tests/e2e/README.md).
#
#   tests/e2e/run.sh [CASE...]      run every case (or the named ones: folder names or globs)
#
# Environment:
#   B=build            build directory; the fixer is $B/slimfile (SLIMFILE overrides)
#   E2E_MODE=fixer     run the fixer on each case (default when the binary exists)
#   E2E_MODE=expected  harness self-test: use each case's hand-written expected.Dockerfile as the
#                      "fixed" file (default when the binary is missing), and build every original
#   E2E_JOBS=2         cases built in parallel
#   E2E_WORK=DIR       work directory (default $B/e2e); E2E_KEEP=1 keeps per-case folders
#   E2E_STRICT_TEXT=1  also fail when the fixer's text differs from expected.Dockerfile
#
# Prints one line per case (PASS/FAIL/SKIP, layers and bytes before -> after), a totals table, and
# "e2e: N passed, N failed, N skipped". Exit status 1 when a case failed.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo" || exit 2
B=${B:-build}
SLIMFILE=${SLIMFILE:-$B/slimfile}
case $SLIMFILE in /*) ;; *) SLIMFILE=$repo/$SLIMFILE ;; esac
WORK=${E2E_WORK:-$B/e2e}
case $WORK in /*) ;; *) WORK=$repo/$WORK ;; esac
JOBS=${E2E_JOBS:-2}
META_FILES='case.conf expected.Dockerfile Dockerfile .slimfile.yaml'

# ------------------------------------------------------------------ one case (run in a child)
ba() { buildah --storage-driver vfs --root "$W/storage/root" --runroot "$W/storage/run" "$@"; }

# copy_ctx SRC DEST: the build context is the case folder minus the harness's own files, so that
# `COPY . /x` sees the same context for the original and the fixed Dockerfile.
copy_ctx() {
    mkdir -p "$2"
    cp -a "$1"/. "$2"/
    local f
    for f in $META_FILES naive.Dockerfile; do rm -f "$2/$f"; done
    # git keeps only the x bit: make modes independent of the checkout's umask
    chmod -R go-w "$2"
}

# build LABEL CTX DOCKERFILE: build, then write $W/LABEL.tree and $W/LABEL.layers ("count bytes")
build() {
    local label=$1 ctx=$2 df=$3 c m
    if ! timeout 300 buildah --storage-driver vfs --root "$W/storage/root" --runroot "$W/storage/run" \
            bud --pull=never --format docker --layers --isolation chroot -f "$df" -t "localhost/e2e-$label" "$ctx" \
            >"$W/$label.build.log" 2>&1; then
        note="$label build failed (see $W/$label.build.log)"
        return 1
    fi
    c=$(ba from -q "localhost/e2e-$label") || { note="$label: buildah from failed"; return 1; }
    m=$(ba mount "$c") || { note="$label: buildah mount failed"; return 1; }
    python3 "$here/e2e.py" tree "$m" >"$W/$label.tree"
    ba umount "$c" >/dev/null
    ba rm "$c" >/dev/null
    ba push -q "localhost/e2e-$label" "oci:$W/oci-$label" >/dev/null 2>&1 || { note="$label: push failed"; return 1; }
    python3 "$here/e2e.py" layers "$W/oci-$label" >"$W/$label.layers"
    rm -rf "$W/oci-$label"
}

# pull_bases DOCKERFILE...: make the local base images a Dockerfile names available in the store
pull_bases() {
    local name
    for name in $(cat "$@" | grep -io 'localhost/bb[a-z]*' | sort -u); do
        name=${name#localhost/}
        [ -d "$WORK/bases/$name" ] || { note="unknown base image localhost/$name"; return 1; }
        ba images -q "localhost/$name" 2>/dev/null | grep -q . && continue
        local id
        id=$(ba pull -q "oci:$WORK/bases/$name" 2>>"$W/pull.log") || { note="pull of $name failed"; return 1; }
        ba tag "$id" "localhost/$name" >/dev/null || { note="tag of $name failed"; return 1; }
    done
}

# simulate LABEL DOCKERFILE: heredoc cases; run the RUN steps with chroot on an unpacked base
simulate() {
    local label=$1 df=$2 base root
    base=$(grep -io '^FROM[[:space:]]\+localhost/bb[a-z]*' "$df" | head -1 | sed 's,.*localhost/,,')
    [ -n "$base" ] || { note="simulate: no FROM localhost/bb* in $df"; return 1; }
    root=$W/root-$label
    python3 "$here/e2e.py" unpack "$WORK/bases/$base" "$root" || { note="unpack failed"; return 1; }
    if ! python3 "$here/e2e.py" simulate "$df" "$root" >"$W/$label.runs" 2>"$W/$label.build.log"; then
        note="$label simulation failed (see $W/$label.build.log)"
        return 1
    fi
    python3 "$here/e2e.py" tree "$root" >"$W/$label.tree"
    echo "$(cat "$W/$label.runs") -" >"$W/$label.layers"
    rm -rf "$root"
}

# naive_check: self-test only. naive.Dockerfile is the wrong rewrite the case is a trap for; it
# must fail to build or build a different filesystem, else the case proves nothing.
naive_check() {
    [ "$MODE" = expected ] && [ -f "$dir/naive.Dockerfile" ] || return 0
    cp "$dir/naive.Dockerfile" "$W/naive.Dockerfile"
    local shown="" saved=$note
    if [ "$CHECK" = simulate ]; then
        simulate naive "$W/naive.Dockerfile" || shown="naive rewrite fails"
    else
        build naive "$W/ctx-orig" "$W/naive.Dockerfile" || shown="naive rewrite fails to build"
    fi
    # shellcheck disable=SC2086
    if [ -z "$shown" ] && ! python3 "$here/e2e.py" diff "$W/orig.tree" "$W/naive.tree" $ALLOW_DIFF >"$W/naive.diff"; then
        shown="naive rewrite differs at $(head -1 "$W/naive.diff")"
    fi
    note=$saved
    [ -n "$shown" ] || { fail "trap not shown: naive.Dockerfile builds the same filesystem"; return 1; }
    note="$note(trap shown: $shown)"
}

run_case() {
    local dir=$1 name t0
    name=$(basename "$dir")
    t0=$(date +%s)
    W=$WORK/cases/$name
    rm -rf "$W"
    mkdir -p "$W"
    note=""
    local FIX_ARGS="--fix" EXPECT=rewritten ALLOW_DIFF="" EXPECT_FEWER=none BUILD=1 CHECK=build
    local BUILD_SKIP_IF="" BUILD_SKIP_WHY="" EXPECT_GREP="" EXPECT_NOGREP="" EXPECT_EOL=""
    # shellcheck disable=SC1091
    . "$dir/case.conf"
    local status=PASS rewritten=0 lb=- la=- bb=- bA=- textnote=""
    finish() {
        local secs=$(( $(date +%s) - t0 ))
        printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$status" "$name" "$rewritten" "$lb" "$la" "$bb" "$bA" \
            "$secs" "$note$textnote" >"$WORK/results/$name"
        printf '%-4s %-34s layers %3s -> %-3s bytes %9s -> %-9s %3ss %s%s\n' "$status" "$name" "$lb" "$la" \
            "$bb" "$bA" "$secs" "$note" "$textnote"
        [ "${E2E_KEEP:-0}" = 1 ] || [ "$status" = FAIL ] || rm -rf "$W"
    }
    fail() { status=FAIL; note=$1; finish; }

    # 1. the fixer (or the expected file) on a copy
    cp -a "$dir" "$W/src"
    if [ "$MODE" = fixer ]; then
        # shellcheck disable=SC2086
        (cd "$W/src" && "$SLIMFILE" $FIX_ARGS Dockerfile) >"$W/fix.log" 2>&1
        local rc=$?
        if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then fail "slimfile $FIX_ARGS exited $rc (see $W/fix.log)"; return; fi
        if [ -f "$dir/expected.Dockerfile" ] && ! cmp -s "$W/src/Dockerfile" "$dir/expected.Dockerfile"; then
            textnote=" [text differs from expected.Dockerfile]"
            if [ "${E2E_STRICT_TEXT:-0}" = 1 ]; then fail "fixed text differs from expected.Dockerfile"; return; fi
        fi
    elif [ -f "$dir/expected.Dockerfile" ]; then
        cp "$dir/expected.Dockerfile" "$W/src/Dockerfile"
    fi
    cmp -s "$dir/Dockerfile" "$W/src/Dockerfile" || rewritten=1
    if [ "$EXPECT" = rewritten ] && [ $rewritten = 0 ]; then fail "expected a rewrite, file unchanged"; return; fi
    if [ "$EXPECT" = unchanged ] && [ $rewritten = 1 ]; then
        fail "expected no change, got: $(diff "$dir/Dockerfile" "$W/src/Dockerfile" | grep '^[<>]' | head -4 | tr '\n' ' ')"
        return
    fi
    if [ -n "$EXPECT_GREP" ] && ! grep -Eq -- "$EXPECT_GREP" "$W/src/Dockerfile"; then
        fail "fixed text does not match /$EXPECT_GREP/"; return
    fi
    if [ -n "$EXPECT_NOGREP" ] && grep -Eq -- "$EXPECT_NOGREP" "$W/src/Dockerfile"; then
        fail "fixed text matches /$EXPECT_NOGREP/"; return
    fi

    if [ "$EXPECT_EOL" = crlf ] && grep -qv $'\r$' "$W/src/Dockerfile"; then
        fail "fixed text has lines not ending in CRLF"; return
    fi

    # 2. what to build: both files when rewritten; the original alone in the self-test, to show the
    # case itself builds; nothing when the fixer left the file alone.
    local both=$rewritten
    if [ $rewritten = 0 ] && [ "$MODE" = fixer ]; then finish; return; fi
    if [ "$BUILD" = 0 ]; then status=SKIP; note="not buildable with buildah 1.28: $BUILD_SKIP_WHY"; finish; return; fi
    if [ -n "$BUILD_SKIP_IF" ] && grep -Eq -- "$BUILD_SKIP_IF" "$W/src/Dockerfile"; then
        status=SKIP; note="fixed file not buildable with buildah 1.28: $BUILD_SKIP_WHY"; finish; return
    fi
    copy_ctx "$dir" "$W/ctx-orig"
    copy_ctx "$W/src" "$W/ctx-fixed"
    cp "$dir/Dockerfile" "$W/orig.Dockerfile"
    cp "$W/src/Dockerfile" "$W/fixed.Dockerfile"
    if [ "$CHECK" = simulate ]; then
        simulate orig "$W/orig.Dockerfile" || { fail "$note"; return; }
        [ "$both" = 0 ] || simulate fixed "$W/fixed.Dockerfile" || { fail "$note"; return; }
    else
        pull_bases "$W/orig.Dockerfile" "$W/fixed.Dockerfile" || { fail "$note"; return; }
        build orig "$W/ctx-orig" "$W/orig.Dockerfile" || { fail "$note"; return; }
        [ "$both" = 0 ] || build fixed "$W/ctx-fixed" "$W/fixed.Dockerfile" || { fail "$note"; return; }
    fi
    read -r lb bb <"$W/orig.layers"
    if [ "$both" = 0 ]; then note="(original builds)"; naive_check || return; finish; return; fi
    read -r la bA <"$W/fixed.layers"

    # 3. equivalence and the gain
    # shellcheck disable=SC2086
    if ! python3 "$here/e2e.py" diff "$W/orig.tree" "$W/fixed.tree" $ALLOW_DIFF >"$W/tree.diff"; then
        fail "filesystems differ: $(head -3 "$W/tree.diff" | tr '\n' ' ' | tr -s ' ')"; return
    fi
    case $EXPECT_FEWER in
    layers) [ "$la" -lt "$lb" ] || { fail "expected fewer layers ($lb -> $la)"; return; } ;;
    bytes) [ "$bA" = - ] || [ "$bA" -lt "$bb" ] || { fail "expected fewer bytes ($bb -> $bA)"; return; } ;;
    none) ;;
    *) fail "bad EXPECT_FEWER=$EXPECT_FEWER"; return ;;
    esac
    [ "$CHECK" = simulate ] && note="(heredoc: checked by chroot simulation; layers = RUN steps)"

    naive_check || return
    finish
}

if [ "${1:-}" = --case ]; then
    MODE=$2 WORK=$3
    run_case "$4"
    exit 0
fi

# ------------------------------------------------------------------ the suite
start=$(date +%s)
ncases=$(find "$here/cases" -mindepth 1 -maxdepth 1 -type d | wc -l)
skip_all() {
    echo "e2e: SKIP the whole suite: $1"
    echo "e2e: 0 passed, 0 failed, $ncases skipped"
    exit 0
}
need=()
command -v buildah >/dev/null 2>&1 || need+=(buildah)
[ -x /bin/busybox ] || need+=(busybox-static)
[ -x /bin/bash-static ] || need+=(bash-static)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        skip_all "missing ${need[*]} and cannot install them (not root or no apt-get)"
    fi
    echo "e2e: installing ${need[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >/dev/null 2>&1 ||
        skip_all "apt-get install ${need[*]} failed"
fi
mkdir -p "$WORK"
if ! "$here/bases.sh" "$WORK/bases" >"$WORK/bases.log" 2>&1; then
    # root is expected to manage; anyone else may simply lack the privileges buildah needs
    if [ "$(id -u)" = 0 ]; then
        echo "e2e: FAIL: cannot make the base images (see $WORK/bases.log):"; tail -5 "$WORK/bases.log"
        echo "e2e: 0 passed, 1 failed, 0 skipped"; exit 1
    fi
    skip_all "buildah cannot run here as $(id -un) (see $WORK/bases.log)"
fi

if [ -z "${E2E_MODE:-}" ]; then
    if [ -x "$SLIMFILE" ]; then E2E_MODE=fixer; else E2E_MODE=expected; fi
fi
if [ "$E2E_MODE" = expected ]; then
    echo "e2e: harness self-test: expected.Dockerfile stands in for the fixer's output${SLIMFILE:+ ($SLIMFILE not used)}"
else
    [ -x "$SLIMFILE" ] || { echo "e2e: FAIL: $SLIMFILE not found"; exit 1; }
    echo "e2e: fixer $SLIMFILE"
fi

rm -rf "$WORK/cases" "$WORK/results"
mkdir -p "$WORK/cases" "$WORK/results"
list=()
if [ $# -gt 0 ]; then
    for pat in "$@"; do
        for d in "$here"/cases/$pat; do [ -d "$d" ] && list+=("$d"); done
    done
else
    for d in "$here"/cases/*/; do list+=("${d%/}"); done
fi
printf '%s\n' "${list[@]}" | xargs -P "$JOBS" -I{} bash "$here/run.sh" --case "$E2E_MODE" "$WORK" {}

# totals
pass=0 failn=0 skip=0 rew=0 built=0 LB=0 LA=0 BB=0 BA=0
for r in "$WORK"/results/*; do
    [ -f "$r" ] || continue
    IFS='|' read -r st _n rw lb la b1 b2 _s _note <"$r"
    case $st in PASS) pass=$((pass + 1)) ;; FAIL) failn=$((failn + 1)) ;; *) skip=$((skip + 1)) ;; esac
    [ "$rw" = 1 ] && rew=$((rew + 1))
    if [ "$st" = PASS ] && [ "$la" != - ] && [ "$b2" != - ] && [ "$b1" != - ]; then
        built=$((built + 1)) LB=$((LB + lb)) LA=$((LA + la)) BB=$((BB + b1)) BA=$((BA + b2))
    fi
done
missing=$(( ${#list[@]} - pass - failn - skip ))
[ $missing -le 0 ] || { failn=$((failn + missing)); echo "e2e: $missing case(s) produced no result"; }
echo
echo "| cases | rewritten | proven by building | layers before | layers after | bytes before | bytes after |"
echo "|------:|----------:|-------------------:|--------------:|-------------:|-------------:|------------:|"
printf '| %d | %d | %d | %d | %d | %d | %d |\n' "${#list[@]}" "$rew" "$built" "$LB" "$LA" "$BB" "$BA"
echo "e2e: mode $E2E_MODE, $JOBS jobs, $(( $(date +%s) - start ))s"
echo "e2e: $pass passed, $failn failed, $skip skipped"
[ "$failn" = 0 ]
