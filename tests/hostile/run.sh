#!/usr/bin/env bash
# tests/hostile/run.sh - slimfile against hostile input: huge, malformed, unreadable and
# pathological files, pathological .dockerignore patterns, and --fix when writing goes wrong.
# The expectations are documented in tests/hostile/README.md. Inputs are generated at run time
# (tests/hostile/gen.py) into a temporary directory.
#
#   B=build bash tests/hostile/run.sh            (make test runs it as the "hostile" suite)
#   B=build/san SAN=1 bash tests/hostile/run.sh  sanitizer build: big inputs / 5, timeouts x 10,
#                                                no memory bound (ASan's shadow memory)
#   HOSTILE_ONLY=regex                           run only the cases whose name matches
#
# Final line: "hostile: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
B=${B:-build}
SAN=${SAN:-}
SF=${SLIMFILE:-$ROOT/$B/slimfile}
ONLY=${HOSTILE_ONLY:-.}

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
skp() { skip=$((skip + 1)); echo "SKIP $1: $2"; }
finish() {
  echo "hostile: $pass passed, $fail failed, $skip skipped"
  [ "$fail" -eq 0 ]
  exit
}

if [ ! -x "$SF" ]; then
  echo "SKIP-SUITE hostile: $SF not built"
  bad build "no slimfile binary at $SF"
  finish
fi

SCALE=1 TMUL=1 MEMCHECK=1
if [ "$SAN" = 1 ]; then SCALE=5 TMUL=10 MEMCHECK=0; fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:verify_asan_link_order=0
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export NO_COLOR=1

T=$(mktemp -d "${TMPDIR:-/tmp}/sf-hostile.XXXXXX")
cleanup() {
  [ -n "${TMPFS_MNT:-}" ] && umount "$TMPFS_MNT" 2>/dev/null
  chmod -R u+rwx "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/in" "$T/res"
python3 tests/hostile/gen.py "$T/in" "$SCALE" || { bad gen "gen.py failed"; finish; }

SHIM=
if gcc -shared -fPIC -o "$T/failwrite.so" tests/hostile/failwrite.c -ldl 2>"$T/shim.err"; then
  SHIM=$T/failwrite.so
else
  echo "note: cannot build the failwrite shim:"; cat "$T/shim.err"
fi

HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1

# run_sf TAG TIMEOUT ARGS... : runs slimfile; sets st (exit status), rss_kb, secs.
# Output in $T/res/TAG.out, .err.
run_sf() {
  local tag=$1 to=$2
  shift 2
  to=$((to * TMUL))
  if [ $HAVE_TIME = 1 ]; then
    /usr/bin/time -f '%M %e' -o "$T/res/$tag.time" timeout -k 5 "$to" "$SF" "$@" \
      >"$T/res/$tag.out" 2>"$T/res/$tag.err" <"${STDIN:-/dev/null}"
    st=$?
    read -r rss_kb secs < <(tail -n 1 "$T/res/$tag.time")
  else
    local t0 t1
    t0=$(date +%s.%N)
    timeout -k 5 "$to" "$SF" "$@" >"$T/res/$tag.out" 2>"$T/res/$tag.err" <"${STDIN:-/dev/null}"
    st=$?
    t1=$(date +%s.%N)
    secs=$(echo "$t1 - $t0" | bc)
    rss_kb=0
  fi
}

# Problems every run must not have: crash, timeout, sanitizer report.
sane() { # tag -> prints a reason, returns 1 when not sane
  local tag=$1
  if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then echo "timed out"; return 1; fi
  if [ "$st" -gt 2 ]; then echo "crashed or bad exit status $st: $(head -c 300 "$T/res/$tag.err")"; return 1; fi
  if grep -qE 'Sanitizer|runtime error:|LeakSanitizer' "$T/res/$tag.err"; then
    echo "sanitizer: $(grep -m1 -E 'Sanitizer|runtime error' "$T/res/$tag.err")"; return 1
  fi
  return 0
}

# The "file:line:col: error: " line the README promises for problems with an input.
has_error_line() { # tag path
  cat "$T/res/$1.out" "$T/res/$1.err" |
    awk -v p="$2:" 'index($0, p) == 1 && substr($0, length(p) + 1) ~ /^[0-9]+:[0-9]+: error: / { f = 1 }
                    END { exit !f }'
}

FIGS=$T/figures
printf '%-24s %11s %8s %9s %9s %s\n' case bytes seconds peak-KB bound-KB status >"$FIGS"

# check_input NAME EXPECT TIMEOUT [FILE]
#   EXPECT: lint (exit 0 or 1), syntax (exit 2 + file:line:col: error:), unreadable (exit 2 +
#   file:1:1: error: cannot read file)
check_input() {
  local name=$1 expect=$2 to=$3 f=${4:-$T/in/$1} why size bound
  [[ $name =~ $ONLY ]] || return 0
  run_sf "$name" "$to" --no-config "$f"
  size=$(stat -c %s "$f" 2>/dev/null || echo 0)
  # a safety bound (runaway memory is a bug); the 4x-input target itself is measured by
  # `make bench`, never asserted in a test
  bound=$(((64 * size + 64 * 1048576) / 1024))
  printf '%-24s %11s %8s %9s %9s %s\n' "$name" "$size" "$secs" "$rss_kb" "$bound" "$st" >>"$FIGS"
  if ! why=$(sane "$name"); then bad "$name" "$why"; return; fi
  case $expect in
    lint)
      if [ "$st" -gt 1 ]; then bad "$name" "exit $st, expected 0 or 1: $(head -c 300 "$T/res/$name.err")"; return; fi ;;
    syntax)
      if [ "$st" -ne 2 ]; then bad "$name" "exit $st, expected 2 (syntax error)"; return; fi
      if ! has_error_line "$name" "$f"; then bad "$name" "no '$f:line:col: error:' line"; return; fi ;;
    unreadable)
      if [ "$st" -ne 2 ]; then bad "$name" "exit $st, expected 2 (unreadable)"; return; fi
      if ! grep -qE -- "^.*:1:1: error: cannot read file: " "$T/res/$name.err"; then
        bad "$name" "no 'file:1:1: error: cannot read file:' on stderr: $(head -c 200 "$T/res/$name.err")"; return
      fi ;;
  esac
  if [ $MEMCHECK = 1 ] && [ $HAVE_TIME = 1 ] && [ "$rss_kb" -gt "$bound" ]; then
    bad "$name" "peak RSS ${rss_kb} KB > 64 x input + 64 MB = ${bound} KB"; return
  fi
  ok "$name ($expect, exit $st, ${secs}s, ${rss_kb} KB)"
}

# check_fix NAME TIMEOUT : --fix on a copy (mode 640) must not corrupt it.
check_fix() {
  local name=$1 to=$2 d=$T/fx/$1 why
  [[ $name =~ $ONLY ]] || return 0
  mkdir -p "$d"
  cp "$T/in/$name" "$d/Dockerfile"
  chmod 640 "$d/Dockerfile"
  run_sf "fix-$name" "$to" --no-config --fix "$d/Dockerfile"
  if ! why=$(sane "fix-$name"); then bad "fix-$name" "$why"; return; fi
  if [ "$(stat -c %a "$d/Dockerfile")" != 640 ]; then bad "fix-$name" "mode changed to $(stat -c %a "$d/Dockerfile")"; return; fi
  if ls -A "$d" | grep -q '^\.slimfile\.'; then bad "fix-$name" "temporary file left behind"; return; fi
  if [ "$st" -eq 2 ]; then
    if ! cmp -s "$T/in/$name" "$d/Dockerfile"; then bad "fix-$name" "exit 2 but the file was modified"; return; fi
  elif ! cmp -s "$T/in/$name" "$d/Dockerfile"; then
    # something was fixed: the result must lint without syntax errors
    run_sf "fix2-$name" "$to" --no-config "$d/Dockerfile"
    if [ "$st" -gt 1 ]; then bad "fix-$name" "fixed file no longer lints cleanly (exit $st)"; return; fi
  fi
  ok "fix-$name (exit $st)"
}

# ------------------------------------------------------------------ files
#             name                     expect  timeout(s)
INPUTS="
empty                     syntax  10
comments-only             syntax  10
bom-only                  syntax  10
bom-dockerfile            lint    10
only-whitespace           syntax  10
big10                     lint    30
big100                    lint    120
long-line                 syntax  30
long-line-json            syntax  30
continuations             lint    30
continuation-comments     lint    30
million-insns             lint    60
nul-bytes                 syntax  10
invalid-utf8              syntax  10
overlong-utf8             syntax  10
cr-only                   syntax  10
crlf                      lint    10
unterminated-heredoc      syntax  10
heredoc-never-ends        syntax  30
unterminated-json         lint    10
unterminated-quote        lint    10
continuation-at-eof       lint    10
continuation-at-eof-nl    lint    10
escape-at-eof             lint    10
nested-cmdsubst           lint    30
nested-cmdsubst-open      lint    30
nested-subshell           lint    30
nested-braces             lint    30
nested-param              lint    30
nested-backticks          lint    30
nested-arith              lint    30
nested-if                 lint    30
many-pipes                lint    30
many-andand               lint    30
many-heredocs             lint    30
many-flags                syntax  30
many-stages               lint    30
many-args                 lint    30
many-env-expansions       lint    30
escape-directive-storm    syntax  10
binary-noise              syntax  30
"
while read -r name expect to; do
  [ -n "$name" ] || continue
  check_input "$name" "$expect" "$to"
done <<<"$INPUTS"

# linear time: 100 MB must take at most 30 x the 10 MB time (10 x is linear; quadratic would be
# 100 x: the margin absorbs a loaded machine)
if [[ big =~ $ONLY ]] && [ -f "$T/res/big10.time" ] && [ -f "$T/res/big100.time" ]; then
  t10=$(awk '{print $2}' "$T/res/big10.time" | tail -n 1)
  t100=$(awk '{print $2}' "$T/res/big100.time" | tail -n 1)
  ratio=$(awk -v a="$t10" -v b="$t100" 'BEGIN { if (a < 0.01) a = 0.01; printf "%.1f", b / a }')
  echo "scaling: big10 ${t10}s, big100 ${t100}s, ratio $ratio (linear: 10)"
  if awk -v r="$ratio" 'BEGIN { exit !(r <= 30) }'; then ok "linear-time (ratio $ratio)"
  else bad linear-time "100x input took $ratio x the 10x input (more than 30)"; fi
fi

# --fix on every generated input (a copy with mode 640)
while read -r name expect to; do
  [ -n "$name" ] || continue
  check_fix "$name" "$to"
done <<<"$INPUTS"

# ------------------------------------------------------------------ standard input
if [[ stdin =~ $ONLY ]]; then
  STDIN=$T/in/big10 run_sf stdin-big 30 --no-config -
  if why=$(sane stdin-big); then
    if [ "$st" -le 1 ]; then ok "stdin-big (exit $st)"; else bad stdin-big "exit $st"; fi
  else bad stdin-big "$why"; fi
  STDIN=/dev/null run_sf stdin-empty 10 --no-config -
  if why=$(sane stdin-empty); then ok "stdin-empty (exit $st)"; else bad stdin-empty "$why"; fi
  # endless input: must stop at the 1 GiB limit with an error, not grow forever
  STDIN=/dev/zero run_sf stdin-endless 60 --no-config -
  if why=$(sane stdin-endless); then
    if [ "$st" -eq 2 ] && grep -q 'error: ' "$T/res/stdin-endless.err"; then
      ok "stdin-endless (exit 2: $(head -n 1 "$T/res/stdin-endless.err"), ${rss_kb} KB)"
    else bad stdin-endless "exit $st, expected 2 with an error"; fi
  else bad stdin-endless "$why"; fi
fi

# ------------------------------------------------------------------ things that are not files
mkdir -p "$T/x"
if [[ not-files =~ $ONLY ]]; then
  check_input missing unreadable 10 "$T/x/does-not-exist"
  mkfifo "$T/x/fifo"
  check_input fifo unreadable 10 "$T/x/fifo"
  ln -s loop "$T/x/loop"
  check_input symlink-loop unreadable 10 "$T/x/loop"
  printf 'FROM alpine\n' >"$T/x/plain"
  check_input not-a-directory unreadable 10 "$T/x/plain/Dockerfile"
  check_input char-device unreadable 10 /dev/null
  truncate -s 1100M "$T/x/sparse-1100M"
  check_input over-1GiB unreadable 60 "$T/x/sparse-1100M"
  rm -f "$T/x/sparse-1100M"
  if [ "$(id -u)" = 0 ]; then
    skp unreadable-chmod000 "running as root, which reads mode-000 files anyway (not-a-directory covers EACCES-like failures)"
  else
    printf 'FROM alpine\n' >"$T/x/noperm"; chmod 000 "$T/x/noperm"
    check_input unreadable-chmod000 unreadable 10 "$T/x/noperm"
  fi
  # a directory argument is searched for Dockerfiles; an empty one has none
  mkdir -p "$T/x/emptydir"
  run_sf emptydir 10 --no-config "$T/x/emptydir"
  if why=$(sane emptydir); then
    # the exit status is not documented for this case: 0 (nothing to lint) and 2 are accepted
    if [ "$st" -ne 1 ] && grep -q 'no Dockerfiles found' "$T/res/emptydir.err"; then ok "emptydir (exit $st, says 'no Dockerfiles found')"
    else bad emptydir "exit $st, expected 0 or 2 with 'no Dockerfiles found': $(head -c 200 "$T/res/emptydir.err")"; fi
  else bad emptydir "$why"; fi
  # a directory whose Dockerfile is itself a directory, plus a symlink loop inside
  mkdir -p "$T/x/tricky/Dockerfile" && ln -s . "$T/x/tricky/self" && ln -s nowhere "$T/x/tricky/Containerfile"
  run_sf tricky-dir 10 --no-config "$T/x/tricky"
  if why=$(sane tricky-dir); then ok "tricky-dir (exit $st)"; else bad tricky-dir "$why"; fi
fi

# ------------------------------------------------------------------ pathological .dockerignore
if [[ dockerignore =~ $ONLY ]]; then
  c=$T/ctx
  mkdir -p "$c"
  printf 'FROM alpine\nCOPY . /app\nCOPY src/ /src/\nADD deep /deep\n' >"$c/Dockerfile"
  python3 - "$c" "$SCALE" <<'PY'
import os, sys
c, scale = sys.argv[1], int(sys.argv[2])
pats = []
pats.append("/".join(["**"] * 50) + "/x")
pats.append("*a" * 40 + "*b")
pats.append("!" + "/".join(["**"] * 50) + "/keep")
pats.append("*" * 5000 + "z")
pats.append("a/**/b/**/c/**/d/**/e/**/f")
pats.append("?" * 300)
pats.append("[a-")                       # invalid pattern
pats.append("[" * 1000)
pats.append("\\" * 1001)
pats.append("!")                         # illegal exclusion
pats.append("../" * 1000 + "x")
pats.append("node_modules")
pats += ["gen%d/**/*.o" % i for i in range(20000 // scale)]
with open(os.path.join(c, ".dockerignore"), "w") as f:
    f.write("\n".join(pats) + "\n")
# a deep tree of long 'a' names, and a wide directory
p = os.path.join(c, "deep")
for i in range(40):
    p = os.path.join(p, "a" * 60)
os.makedirs(p, exist_ok=True)
open(os.path.join(p, "a" * 200 + "c"), "w").close()
w = os.path.join(c, "src")
os.makedirs(w, exist_ok=True)
for i in range(20000 // scale):
    open(os.path.join(w, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%d" % i), "w").close()
os.symlink(".", os.path.join(c, "self"))
os.symlink("loop", os.path.join(c, "loop"))
PY
  run_sf dockerignore-patterns 30 --no-config "$c/Dockerfile"
  if why=$(sane dockerignore-patterns); then
    if [ "$st" -le 1 ]; then ok "dockerignore-patterns (exit $st, ${secs}s, ${rss_kb} KB)"
    else bad dockerignore-patterns "exit $st: $(head -c 300 "$T/res/dockerignore-patterns.err")"; fi
  else bad dockerignore-patterns "$why"; fi
  # one 10 MB line in .dockerignore
  c2=$T/ctx2; mkdir -p "$c2"
  printf 'FROM alpine\nCOPY . /app\n' >"$c2/Dockerfile"
  python3 -c "import sys; open(sys.argv[1],'w').write('*' * (10 * 1048576 // int(sys.argv[2])) + 'x\n')" "$c2/.dockerignore" "$SCALE"
  run_sf dockerignore-long-line 30 --no-config "$c2/Dockerfile"
  if why=$(sane dockerignore-long-line); then
    if [ "$st" -le 2 ]; then ok "dockerignore-long-line (exit $st, ${secs}s)"; else bad dockerignore-long-line "exit $st"; fi
  else bad dockerignore-long-line "$why"; fi
  # binary .dockerignore
  c3=$T/ctx3; mkdir -p "$c3"
  printf 'FROM alpine\nCOPY . /app\n' >"$c3/Dockerfile"
  head -c 200000 "$T/in/binary-noise" >"$c3/.dockerignore"
  run_sf dockerignore-binary 30 --no-config "$c3/Dockerfile"
  if why=$(sane dockerignore-binary); then ok "dockerignore-binary (exit $st)"; else bad dockerignore-binary "$why"; fi
fi

# ------------------------------------------------------------------ --fix when things go wrong
# A Dockerfile that some safe fix changes (when no rule with a safe fix fires, the cases that
# need a change are skipped with a note).
FIXABLE='FROM alpine:3.19
RUN apk add curl
RUN apk update && apk add git
RUN pip install flask
RUN apt-get update && apt-get install -y curl
RUN npm install
COPY . /app
RUN chmod -R 755 /app
'
mkfix() { # dir -> writes dir/Dockerfile, mode 640
  mkdir -p "$1"; printf '%s' "$FIXABLE" >"$1/Dockerfile"; chmod 640 "$1/Dockerfile"
}
mkfix "$T/probe"
cp "$T/probe/Dockerfile" "$T/probe/orig"
run_sf fix-probe 10 --no-config --fix "$T/probe/Dockerfile"
FIX_CHANGES=0
cmp -s "$T/probe/Dockerfile" "$T/probe/orig" || FIX_CHANGES=1

# same_as_orig DIR: Dockerfile unchanged, mode 640, no temporary file
untouched() {
  local d=$1
  cmp -s "$d/Dockerfile" "$T/probe/orig" || { echo "original modified"; return 1; }
  [ "$(stat -c %a "$d/Dockerfile")" = 640 ] || { echo "mode changed"; return 1; }
  if ls -A "$d" | grep -q '^\.slimfile\.'; then echo "temporary file left behind"; return 1; fi
  return 0
}

if [[ fix =~ $ONLY ]]; then
  if [ $FIX_CHANGES = 0 ]; then
    for c in fix-fails-rename fix-fails-write fix-fails-fsync fix-keeps-mode fix-keeps-owner \
             fix-changed-while-reading fix-through-symlink fix-full-tmpfs; do
      skp "$c" "no safe fix applies to the probe Dockerfile yet (nothing to write)"
    done
  else
    for mode in rename write fsync; do
      c=fix-fails-$mode
      if [ -z "$SHIM" ]; then skp "$c" "no shim"; continue; fi
      mkfix "$T/$c"
      LD_PRELOAD=$SHIM SF_SHIM_FAIL=$mode run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
      if ! why=$(sane "$c"); then bad "$c" "$why"; continue; fi
      if [ "$st" -ne 2 ]; then bad "$c" "exit $st, expected 2"; continue; fi
      if ! grep -qF "$T/$c/Dockerfile:1:1: error: cannot write file" "$T/res/$c.err"; then
        bad "$c" "no 'cannot write file' error: $(head -c 200 "$T/res/$c.err")"; continue; fi
      if ! why=$(untouched "$T/$c"); then bad "$c" "$why"; continue; fi
      ok "$c (exit 2, original intact)"
    done

    c=fix-keeps-mode
    mkfix "$T/$c"; chmod 4750 "$T/$c/Dockerfile"
    run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
    if ! why=$(sane "$c"); then bad "$c" "$why"
    elif [ "$(stat -c %a "$T/$c/Dockerfile")" != 4750 ]; then bad "$c" "mode 4750 became $(stat -c %a "$T/$c/Dockerfile")"
    else ok "$c (4750 kept)"; fi

    c=fix-keeps-owner
    if [ "$(id -u)" = 0 ]; then
      mkfix "$T/$c"; chown 4321:4321 "$T/$c/Dockerfile"
      run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
      if ! why=$(sane "$c"); then bad "$c" "$why"
      elif [ "$(stat -c %u:%g "$T/$c/Dockerfile")" != 4321:4321 ]; then
        bad "$c" "owner 4321:4321 became $(stat -c %u:%g "$T/$c/Dockerfile") (root fixing another user's file)"
      else ok "$c (owner kept)"; fi
    else
      skp "$c" "needs root to create a file owned by someone else"
    fi

    c=fix-changed-while-reading
    if [ -z "$SHIM" ]; then skp "$c" "no shim"; else
      mkfix "$T/$c"
      LD_PRELOAD=$SHIM SF_SHIM_TOUCH=$T/$c/Dockerfile run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
      exp=$( { cat "$T/probe/orig"; echo '# edited by someone else meanwhile'; } | md5sum)
      if ! why=$(sane "$c"); then bad "$c" "$why"
      elif [ "$st" -ne 2 ]; then bad "$c" "exit $st, expected 2 (refuse)"
      elif ! grep -q 'changed while' "$T/res/$c.err"; then bad "$c" "no 'changed' error: $(head -c 200 "$T/res/$c.err")"
      elif [ "$(md5sum <"$T/$c/Dockerfile")" != "$exp" ]; then bad "$c" "the other program's edit was lost"
      else ok "$c (refused, other edit kept)"; fi
    fi

    c=fix-changed-before-rename
    if [ -z "$SHIM" ]; then skp "$c" "no shim"; else
      mkfix "$T/$c"
      LD_PRELOAD=$SHIM SF_SHIM_TOUCH=$T/$c/Dockerfile SF_SHIM_TOUCH_AT=rename run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
      if ! why=$(sane "$c"); then bad "$c" "$why"
      elif grep -q 'edited by someone else' "$T/$c/Dockerfile"; then ok "$c (edit kept)"
      else skp "$c" "known window: an edit made between slimfile's last check and rename() is lost (exit $st); not fixable with rename(2) alone"; fi
    fi

    c=fix-through-symlink
    mkfix "$T/$c"; mv "$T/$c/Dockerfile" "$T/$c/real"; ln -s real "$T/$c/Dockerfile"
    run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
    if ! why=$(sane "$c"); then bad "$c" "$why"
    elif [ ! -L "$T/$c/Dockerfile" ]; then bad "$c" "the symlink was replaced by a regular file (exit $st)"
    elif [ "$st" -le 1 ] && cmp -s "$T/$c/real" "$T/probe/orig"; then bad "$c" "exit $st but the target was not fixed"
    else ok "$c (symlink kept, exit $st)"; fi

    c=fix-full-tmpfs
    TMPFS_MNT=$T/tmpfs; mkdir -p "$TMPFS_MNT"
    if mount -t tmpfs -o size=64k tmpfs "$TMPFS_MNT" 2>/dev/null; then
      # fill the file system so the temporary copy cannot be written
      mkdir -p "$TMPFS_MNT/d"
      { printf '%s' "$FIXABLE"; head -c 36000 /dev/zero | tr '\0' '#'; echo; } >"$TMPFS_MNT/d/Dockerfile"
      cp "$TMPFS_MNT/d/Dockerfile" "$T/tmpfs-orig"
      dd if=/dev/zero of="$TMPFS_MNT/filler" bs=1k count=64 2>/dev/null
      run_sf "$c" 10 --no-config --fix "$TMPFS_MNT/d/Dockerfile"
      if ! why=$(sane "$c"); then bad "$c" "$why"
      elif ! cmp -s "$TMPFS_MNT/d/Dockerfile" "$T/tmpfs-orig"; then bad "$c" "original modified (exit $st)"
      elif ls -A "$TMPFS_MNT/d" | grep -q '^\.slimfile\.'; then bad "$c" "temporary file left behind"
      elif [ "$st" -ne 2 ]; then bad "$c" "exit $st on a full disk, expected 2"
      else ok "$c (exit 2, original intact)"; fi
      umount "$TMPFS_MNT"; TMPFS_MNT=
    else
      TMPFS_MNT=
      skp "$c" "cannot mount a tmpfs here (fix-fails-write covers ENOSPC with the shim)"
    fi
  fi

  c=fix-clean-file-untouched
  mkdir -p "$T/$c"; printf 'FROM alpine:3.19\nCMD ["sh"]\n' >"$T/$c/Dockerfile"
  touch -d '2001-01-01' "$T/$c/Dockerfile"
  before=$(stat -c '%i %Y' "$T/$c/Dockerfile")
  run_sf "$c" 10 --no-config --fix "$T/$c/Dockerfile"
  if ! why=$(sane "$c"); then bad "$c" "$why"
  elif [ "$(stat -c '%i %Y' "$T/$c/Dockerfile")" != "$before" ]; then bad "$c" "rewritten although nothing was fixed"
  else ok "$c"; fi
fi

echo
echo "figures (peak-KB from /usr/bin/time; bound = 64 x input + 64 MB; the 4x target is make bench's; scale 1/$SCALE):"
cat "$FIGS"
finish
