# slimfile: one non-recursive GNU Makefile. Output goes to $(B) (build/ by default).
#
#   make              build/libslimfile.a, build/libslimfile.so.N, build/slimfile
#   make test         every test suite, ending with "N passed, N failed, N skipped"
#   make SAN=1 test   the same under AddressSanitizer + UndefinedBehaviorSanitizer (in build/san)
#   make demo         lint the bundled example
#   make deps         install the Debian packages the build and tests need (root), else print the command
#   make install PREFIX=/usr/local DESTDIR=
#   make bench        throughput and peak memory over ../shared/corpus and a generated file
#   make fuzz         libFuzzer targets (clang), FUZZ_SECONDS each
#
# re2c and lemon write into $(B)/gen; generated code is never committed.

VERSION_MAJOR := 0
VERSION_MINOR := 1
VERSION_PATCH := 0
VERSION       := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man

CC      ?= cc
ifeq ($(origin CC),default)
CC      := cc
endif
RE2C    ?= re2c
LEMON   ?= lemon
LEMPAR  ?= /usr/share/lemon/lempar.c
PKGCONF ?= pkg-config

ifeq ($(SAN),1)
B       ?= build/san
OPT     ?= -O1 -g -fno-omit-frame-pointer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
DEFS    += -DSF_ARENA_DEBUG
else
B       ?= build
OPT     ?= -O2 -g
SANFLAGS :=
endif

# Warnings for our code (STYLE.md). WERROR=1 (CI) adds -Werror.
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wcast-qual -Wundef -Wvla
ifeq ($(WERROR),1)
WARN += -Werror
endif
# Generated re2c/lemon code gets a quieter set.
GENWARN := -Wall -Wno-unused-parameter -Wno-unused-variable -Wno-unused-but-set-variable \
           -Wno-type-limits -Wno-unused-function -Wno-sign-compare -Wno-implicit-fallthrough

DEP_PKGS := libutf8proc jansson
CLI_PKGS := libutf8proc jansson yaml-0.1
PKG_CFLAGS := $(shell $(PKGCONF) --cflags $(CLI_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKGCONF) --libs $(CLI_PKGS) 2>/dev/null)
LIB_LIBS   := $(shell $(PKGCONF) --libs $(DEP_PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKGCONF) --libs cmocka 2>/dev/null)

BASECFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -fPIC -fvisibility=hidden -DSF_BUILDING \
              $(OPT) $(SANFLAGS) $(DEFS) $(PKG_CFLAGS)
LIBCFLAGS  := $(BASECFLAGS) -Ilib -Irules -I$(B)/gen
LDFLAGS_SAN := $(SANFLAGS)

# ---------------------------------------------------------------- sources
GRAMMAR_Y  := $(wildcard grammar/*.y)
GRAMMAR_RE := $(wildcard grammar/*.re)
GEN_C := $(patsubst grammar/%.y,$(B)/gen/%.c,$(GRAMMAR_Y)) \
         $(patsubst grammar/%.re,$(B)/gen/%_lex.c,$(GRAMMAR_RE))
GEN_H := $(patsubst grammar/%.y,$(B)/gen/%.h,$(GRAMMAR_Y))

LIB_SRC  := $(sort $(wildcard lib/*.c)) $(sort $(wildcard rules/*.c))
LIB_OBJ  := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRC)) \
            $(patsubst $(B)/gen/%.c,$(B)/obj/gen/%.o,$(GEN_C))
CLI_SRC  := $(sort $(wildcard cli/*.c))
CLI_OBJ  := $(patsubst %.c,$(B)/obj/%.o,$(CLI_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))

SONAME   := libslimfile.so.$(VERSION_MAJOR)
STATIC   := $(B)/libslimfile.a
SHARED   := $(B)/libslimfile.so.$(VERSION)
CLI      := $(B)/slimfile
PUBHDR   := $(B)/include/slimfile.h

DEPS_STAMP := build/.deps-ok

.PHONY: all deps check-deps test test-unit test-e2e test-golden demo install clean bench bench-peers fuzz \
        fuzz-smoke new-rule
.DEFAULT_GOAL := all
# Generated headers and objects are never deleted as "intermediate" files: the fuzz build and
# incremental builds need them after the first make.
.SECONDARY:

all: $(DEPS_STAMP) $(STATIC) $(SHARED) $(CLI) $(PUBHDR)

# ---------------------------------------------------------------- dependencies
# The Debian packages slimfile needs to build and test. Runtime-only test tools (buildah, node,
# pre-commit) are installed by the suites that use them.
DEB_PKGS := re2c lemon libutf8proc-dev libjansson-dev libyaml-dev libcmocka-dev pkg-config \
            valgrind python3

deps:
	@if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $(DEB_PKGS)"; \
	    (apt-get update -qq >/dev/null 2>&1 || true); \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	else \
	    echo "run as root: apt-get update && apt-get install -y $(DEB_PKGS)"; exit 1; \
	fi
	@mkdir -p build && touch $(DEPS_STAMP)

# Checked once per build tree; installs what is missing (or says how) before the first build.
$(DEPS_STAMP):
	@missing=""; \
	for t in re2c lemon $(PKGCONF); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	for p in $(CLI_PKGS) cmocka; do $(PKGCONF) --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	[ -f $(LEMPAR) ] || missing="$$missing lempar.c"; \
	if [ -n "$$missing" ]; then echo "missing:$$missing"; $(MAKE) --no-print-directory deps || exit 1; fi
	@mkdir -p build && touch $@

check-deps: $(DEPS_STAMP)

# ---------------------------------------------------------------- generated code
$(B)/gen/%.c $(B)/gen/%.h: grammar/%.y | $(DEPS_STAMP)
	@mkdir -p $(B)/gen
	cp $< $(B)/gen/$*.y
	$(LEMON) -q -T$(LEMPAR) -d$(B)/gen $(B)/gen/$*.y
	@test -f $(B)/gen/$*.h || touch $(B)/gen/$*.h

$(B)/gen/%_lex.c: grammar/%.re $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(B)/gen
	$(RE2C) -W --no-generation-date --no-version -I grammar -o $@ $<

# ---------------------------------------------------------------- objects
$(B)/obj/gen/%.o: $(B)/gen/%.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(LIBCFLAGS) $(GENWARN) -Igrammar -MMD -MP -c -o $@ $<

$(B)/obj/lib/%.o: lib/%.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(LIBCFLAGS) $(WARN) -MMD -MP -c -o $@ $<

$(B)/obj/rules/%.o: rules/%.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(LIBCFLAGS) $(WARN) -MMD -MP -c -o $@ $<

# The CLI sees only the public header (build/include), never lib/.
$(B)/obj/cli/%.o: cli/%.c $(PUBHDR)
	@mkdir -p $(dir $@)
	$(CC) $(BASECFLAGS) -I$(B)/include -Icli $(WARN) -MMD -MP -c -o $@ $<

$(PUBHDR): lib/slimfile.h
	@mkdir -p $(dir $@)
	cp $< $@

# ---------------------------------------------------------------- libraries and CLI
$(STATIC): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS_SAN) -o $@ $^ $(LIB_LIBS)
	ln -sf libslimfile.so.$(VERSION) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libslimfile.so

$(CLI): $(CLI_OBJ) $(STATIC)
	$(CC) $(LDFLAGS_SAN) -o $@ $(CLI_OBJ) $(STATIC) $(PKG_LIBS) -lm

# ---------------------------------------------------------------- tests
$(B)/obj/tests/unit/%.o: tests/unit/%.c $(GEN_H) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(LIBCFLAGS) -Wall -Wextra -Wno-unused-parameter -MMD -MP -c -o $@ $<

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_SAN) -o $@ $< $(STATIC) $(PKG_LIBS) $(CMOCKA_LIBS) -lm -lpthread

test: all $(UNIT_BIN)
	@B=$(B) SAN=$(SAN) bash tests/run.sh

test-unit: all $(UNIT_BIN)
	@B=$(B) SAN=$(SAN) SUITES=unit bash tests/run.sh

test-e2e: all
	@B=$(B) bash tests/e2e/run.sh

test-golden: all
	@SLIMFILE=$(CURDIR)/$(CLI) bash tests/run-golden.sh

demo: all
	@echo '$$ slimfile tests/demo/Dockerfile'
	@$(CLI) tests/demo/Dockerfile; echo "(exit status $$?)"

# ---------------------------------------------------------------- install
install: all
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 644 lib/slimfile.h $(DESTDIR)$(INCDIR)/slimfile.h
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libslimfile.a
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/libslimfile.so.$(VERSION)
	ln -sf libslimfile.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libslimfile.so
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/slimfile
	[ ! -f man/slimfile.1 ] || install -m 644 man/slimfile.1 $(DESTDIR)$(MANDIR)/man1/slimfile.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCDIR@|$(INCDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' lib/slimfile.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/slimfile.pc

# ---------------------------------------------------------------- benchmarks and fuzzing
bench: all
	@B=$(B) bash tests/bench/bench.sh

bench-peers: all
	@B=$(B) bash tests/bench/peers.sh

FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

new-rule:
	@test -n "$(ID)" || { echo "usage: make new-rule ID=rule-id"; exit 2; }
	@f=rules/$$(echo $(ID) | tr - _).c; test ! -e $$f || { echo "$$f exists"; exit 2; }; \
	 sed -e 's/@ID@/$(ID)/g' -e "s/@NAME@/$$(echo $(ID) | tr - _)/g" rules/template.c.in > $$f; \
	 echo "created $$f; add SF_RULE($$(echo $(ID) | tr - _)) to rules/rules.def"

clean:
	rm -rf build

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
