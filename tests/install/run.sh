#!/usr/bin/env bash
# tests/install/run.sh - `make install` into a temporary DESTDIR, then check the result the way a
# packager and a program linking libslimfile see it: files and symlinks, the soname, exported
# symbols, the header on its own, pkg-config, the man page, and tests/install/consumer.c built
# against the installed copy (shared and static) and run.
#   B=build bash tests/install/run.sh        last line: "install: N passed, N failed"
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
CC=${CC:-cc}
pass=0 fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | head -n 25; }
check() { # description command... (passes when the command succeeds)
  local what=$1
  shift
  if "$@" >"$tmp/check.out" 2>&1; then ok "$what"; else bad "$what" "$tmp/check.out"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/root
P=/usr
L=$D$P/lib

# ---- make install
if make --no-print-directory -s B="$B" install DESTDIR="$D" PREFIX="$P" >"$tmp/make.out" 2>&1; then
  ok "make install DESTDIR=\$tmp PREFIX=$P"
else
  bad "make install DESTDIR=\$tmp PREFIX=$P" "$tmp/make.out"
  echo "install: $pass passed, $fail failed"
  exit 1
fi

VERSION=$(sed -n 's/^#define SF_VERSION_STRING "\(.*\)"/\1/p' lib/slimfile.h)
MAJOR=${VERSION%%.*}

# ---- files
missing=""
for f in include/slimfile.h lib/libslimfile.a "lib/libslimfile.so.$VERSION" bin/slimfile \
         lib/pkgconfig/slimfile.pc share/man/man1/slimfile.1; do
  [ -f "$D$P/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "installed: header, libslimfile.a, libslimfile.so.$VERSION, slimfile, slimfile.pc, slimfile.1"
else echo "missing:$missing" >"$tmp/m"; bad "installed files" "$tmp/m"; fi

links_ok() {
  [ -L "$L/libslimfile.so.$MAJOR" ] && [ "$(readlink "$L/libslimfile.so.$MAJOR")" = "libslimfile.so.$VERSION" ] &&
  [ -L "$L/libslimfile.so" ] && [ "$(readlink "$L/libslimfile.so")" = "libslimfile.so.$MAJOR" ] &&
  [ -f "$(readlink -e "$L/libslimfile.so")" ] || { ls -l "$L"; return 1; }
}
check "relative symlinks libslimfile.so -> .so.$MAJOR -> .so.$VERSION" links_ok

soname_ok() {
  readelf -d "$L/libslimfile.so.$VERSION" | tee /dev/stderr | grep -q "(SONAME).*\[libslimfile.so.$MAJOR\]"
}
check "soname is libslimfile.so.$MAJOR (readelf -d)" soname_ok

modes_ok() {
  [ "$(stat -c %a "$D$P/include/slimfile.h")" = 644 ] && [ "$(stat -c %a "$L/libslimfile.a")" = 644 ] &&
  [ "$(stat -c %a "$D$P/bin/slimfile")" = 755 ] && [ "$(stat -c %a "$L/libslimfile.so.$VERSION")" = 755 ] ||
  { stat -c '%a %n' "$D$P/include/slimfile.h" "$L"/libslimfile.* "$D$P/bin/slimfile"; return 1; }
}
check "file modes: header and .a 644, .so and binary 755" modes_ok

# ---- exported symbols
# Our symbols all start with sf_. A shared library also carries the ELF linker's _init and _fini,
# and older binutils export the section markers __bss_start, _edata and _end: those are not ours.
exports_ok() {
  local bad_syms
  nm -D --defined-only "$L/libslimfile.so.$VERSION" | awk '{print $NF}' | sort -u >"$tmp/exports"
  bad_syms=$(grep -v '^sf_' "$tmp/exports" | grep -vxE '_init|_fini|__bss_start|_edata|_end')
  [ -z "$bad_syms" ] || { echo "exported but not sf_: $bad_syms"; return 1; }
  grep -q '^sf__' "$tmp/exports" && { echo "internal sf__ symbols exported:"; grep '^sf__' "$tmp/exports"; return 1; }
  [ -s "$tmp/exports" ]
}
check "nm -D: the .so exports only sf_ symbols (besides _init/_fini)" exports_ok

api_ok() { # every function the header declares SF_API is exported, and nothing else of ours is
  sed -n 's/^SF_API[^(]*[ *]\(sf_[a-z0-9_]*\)(.*/\1/p' "$D$P/include/slimfile.h" | sort -u >"$tmp/api"
  [ -s "$tmp/api" ] || { echo "no SF_API declarations found"; return 1; }
  grep '^sf_' "$tmp/exports" | sort -u >"$tmp/ours"
  diff "$tmp/api" "$tmp/ours" && echo "$(wc -l <"$tmp/api") functions"
}
check "exports are exactly the SF_API functions of slimfile.h" api_ok

static_ns_ok() { # the static library must not define global names outside sf_ (they would clash)
  nm -g --defined-only "$L/libslimfile.a" 2>/dev/null | awk 'NF >= 3 {print $3}' | sort -u >"$tmp/aglobals"
  [ -s "$tmp/aglobals" ] || return 1
  ! grep -v '^sf_' "$tmp/aglobals"
}
check "libslimfile.a defines no global symbols outside sf_/sf__" static_ns_ok

# ---- the header alone (STYLE.md: C99 -pedantic and C++)
hdr_c_ok() {
  printf '#include <slimfile.h>\nint main(void) { return sf_version() == SF_VERSION_NUMBER ? 0 : 1; }\n' >"$tmp/h.c"
  $CC -std=c99 -pedantic -Wall -Wextra -Werror -I"$D$P/include" -fsyntax-only "$tmp/h.c"
}
check "installed slimfile.h compiles alone with -std=c99 -pedantic -Werror" hdr_c_ok
if command -v c++ >/dev/null 2>&1; then
  hdr_cxx_ok() {
    printf '#include <slimfile.h>\nint main() { sf_doc *d = nullptr; sf_doc_free(d); return 0; }\n' >"$tmp/h.cc"
    c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$D$P/include" -fsyntax-only "$tmp/h.cc"
  }
  check "installed slimfile.h compiles as C++11" hdr_cxx_ok
fi

# ---- pkg-config
pc() { PKG_CONFIG_PATH="$L/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" pkg-config "$@"; }
pc_ok() {
  pc --validate slimfile || return 1
  [ "$(pc --modversion slimfile)" = "$VERSION" ] || { echo "modversion $(pc --modversion slimfile)"; return 1; }
  grep -q "^prefix=$P\$" "$L/pkgconfig/slimfile.pc" || { echo "prefix is not $P:"; cat "$L/pkgconfig/slimfile.pc"; return 1; }
  ! grep -q "$D" "$L/pkgconfig/slimfile.pc" || { echo "DESTDIR leaked into slimfile.pc"; return 1; }
  echo "cflags/libs: $(pc --cflags --libs slimfile)"
  pc --cflags slimfile | grep -q -- "-I$D$P/include" && pc --libs slimfile | grep -q -- "-L$L .*-lslimfile"
}
check "slimfile.pc: valid, version $VERSION, prefix $P, paths under the sysroot" pc_ok

# ---- the consumer, shared
run_consumer() { # binary [env...]: runs it and checks what it prints
  local bin=$1
  shift
  env "$@" "$bin" >"$tmp/consumer.out" 2>&1 || { echo "exit status $?"; cat "$tmp/consumer.out"; return 1; }
  cat "$tmp/consumer.out"
  grep -qx "libslimfile $VERSION (header $VERSION)" "$tmp/consumer.out" &&
  sed -n '/^before:/,/^fixed/p' "$tmp/consumer.out" | grep -q '^  Dockerfile:2 apk-no-cache: ' &&
  grep -q '^RUN apk add .*--no-cache' "$tmp/consumer.out" &&
  ! sed -n '/^after:/,$p' "$tmp/consumer.out" | grep -q 'apk-no-cache' &&
  grep -qE '^findings: [1-9][0-9]* before, [0-9]+ after$' "$tmp/consumer.out"
}

shared_ok() {
  # shellcheck disable=SC2046
  $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/consumer-shared" tests/install/consumer.c \
      $(pc --cflags --libs slimfile) || return 1
  readelf -d "$tmp/consumer-shared" | grep -q "(NEEDED).*\[libslimfile.so.$MAJOR\]" || { echo "no NEEDED libslimfile.so.$MAJOR"; return 1; }
  LD_LIBRARY_PATH="$L" ldd "$tmp/consumer-shared" | grep "libslimfile.so.$MAJOR => $L/" || { echo "does not load the installed copy"; return 1; }
  run_consumer "$tmp/consumer-shared" LD_LIBRARY_PATH="$L"
}
check "consumer.c against the installed shared library: lints, fixes, prints the version" shared_ok

# ---- the consumer, static. `-lslimfile` prefers the .so when both are installed, so the static
# link names the archive (-l:libslimfile.a); --static adds Libs.private and Requires.private.
static_ok() {
  local flags
  flags=$(pc --static --cflags --libs slimfile) || return 1
  echo "static flags: $flags"
  # shellcheck disable=SC2086
  $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/consumer-static" tests/install/consumer.c \
      ${flags//-lslimfile/-l:libslimfile.a} || return 1
  ! readelf -d "$tmp/consumer-static" | grep -q 'NEEDED.*libslimfile' || { echo "still needs libslimfile.so"; return 1; }
  run_consumer "$tmp/consumer-static"
}
check "consumer.c against the installed static library (pkg-config --static)" static_ok

if command -v valgrind >/dev/null 2>&1 && [ -x "$tmp/consumer-shared" ]; then
  vg_ok() {
    LD_LIBRARY_PATH="$L" valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
      "$tmp/consumer-shared" >/dev/null
  }
  check "consumer (shared) is clean under valgrind" vg_ok
fi

# ---- the installed CLI
cli_ok() {
  LD_LIBRARY_PATH="" "$D$P/bin/slimfile" --version | tee /dev/stderr | grep -qx "slimfile $VERSION"
}
check "installed slimfile --version prints $VERSION" cli_ok

# ---- the man page
MAN=$D$P/share/man/man1/slimfile.1
groff_ok() {
  command -v groff >/dev/null 2>&1 || { echo "groff missing"; return 1; }
  local w
  w=$(groff -man -ww -z -Tutf8 "$MAN" 2>&1)
  [ -z "$w" ] || { echo "$w"; return 1; }
}
check "groff -man -ww -z: slimfile.1 renders without warnings" groff_ok
if command -v man >/dev/null 2>&1; then
  man_ok() {
    local w
    w=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$MAN" 2>&1 >"$tmp/man.txt")
    [ -z "$w" ] || { echo "$w"; return 1; }
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS SUBCOMMANDS RULES "OUTPUT FORMATS" CONFIGURATION \
             "SUPPRESSION COMMENTS" "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
      grep -q "^$s\$" "$tmp/man.txt" || { echo "section $s missing"; return 1; }
    done
    # no line wider than MANWIDTH (long unbreakable words make man warn or overflow)
    awk 'length($0) > 80 { print "too wide: " $0; bad = 1 } END { exit bad }' "$tmp/man.txt"
  }
  check "MANWIDTH=80 man -l slimfile.1: no warnings, every section present" man_ok
fi
roff_dashes() { printf '%s' "$1" | sed 's/-/\\-/g'; } # --fix -> \-\-fix, as roff writes it
options_ok() { # every long option of --help has an entry (a .TP tag) in the man page
  local o missing_opts=""
  awk 'prev == ".TP" { print } { prev = $0 }' "$MAN" >"$tmp/tags"
  for o in $("$D$P/bin/slimfile" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    grep -qF -- "$(roff_dashes "$o")" "$tmp/tags" || missing_opts="$missing_opts $o"
  done
  [ -z "$missing_opts" ] || { echo "no entry in slimfile.1:$missing_opts"; return 1; }
}
check "every option of slimfile --help has an entry in the man page" options_ok
rules_ok() { # the RULES section says what `slimfile rules` says: id, severity, fix safety
  local id sev fix want got bad_rules=""
  while read -r id sev fix _; do
    case $fix in safe) want="($sev, safe fix)" ;; unsafe) want="($sev, unsafe fix)" ;; *) want="($sev)" ;; esac
    got=$(grep -A1 -xF ".B $(roff_dashes "$id")" "$MAN" | sed -n 2p)
    [ "$got" = "$want" ] || bad_rules="$bad_rules\n  $id: man page has '${got:-nothing}', slimfile rules says '$want'"
  done < <("$D$P/bin/slimfile" rules | tail -n +2)
  [ -z "$bad_rules" ] || { printf "RULES section out of date:$bad_rules\n"; return 1; }
}
check "the man page RULES section matches slimfile rules (ids, severities, fixes)" rules_ok

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
