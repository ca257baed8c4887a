# Khaldun build. `make` builds ./khaldun and build/rel/libkhaldun.a;
# `make test` runs every test in the optimised and in the ASan+UBSan build, and the
# worker pool's tests in a ThreadSanitizer build (tests/cli/threads.sh).
# Every dependency is a Debian package found with pkg-config (see scripts/deps.sh).

PKGS      := libutf8proc jansson sqlite3 zlib libmicrohttpd
CC        ?= cc
BUILD     ?= rel
O         := build/$(BUILD)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN      := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
PREFIX    ?= /usr/local
BASEFLAGS := -DKH_MHD_LINKED -DKH_DATADIR=\"$(PREFIX)/share/khaldun\" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -Iinclude -Isrc $(PKG_CFLAGS)
ifeq ($(BUILD),asan)
  OPTFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(BUILD),tsan)
  OPTFLAGS := -O1 -g -fsanitize=thread
else ifeq ($(BUILD),fuzz)
  OPTFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined
else
  OPTFLAGS := -O2 -g
endif
CFLAGS    += $(BASEFLAGS) $(OPTFLAGS) -MMD -MP
LDFLAGS   += $(OPTFLAGS)
LDLIBS    := $(PKG_LIBS) -lpthread -lm

LIB_SRC   := $(sort $(wildcard src/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(O)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(O)/%.o)
TEST_BIN  := $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)

.PHONY: all deps demo test test-build unit bench clean fuzz check-memory
all: khaldun

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(O)/libkhaldun.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/khaldun: $(CLI_OBJ) $(O)/libkhaldun.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(O)/libkhaldun.a $(LDLIBS)

$(O)/tests/%: tests/unit/%.c $(O)/libkhaldun.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $< -o $@ $(O)/libkhaldun.a $(LDLIBS) $(CMOCKA_LIBS)

# Renamed into place, so that a running ./khaldun (a long training) does not block the build.
khaldun: $(O)/khaldun
	cp $< $@.tmp && mv -f $@.tmp $@

# The set-up of a fresh Debian machine: installs what is missing as root, names it otherwise.
deps:
	@sh scripts/deps.sh

unit: $(O)/khaldun $(TEST_BIN)

# One build's tests; prints "N passed, N failed, N skipped".
test-build: unit
	@sh tests/run.sh $(O)

test: deps
	@$(MAKE) --no-print-directory BUILD=rel unit khaldun
	@$(MAKE) --no-print-directory BUILD=asan unit
	@$(MAKE) --no-print-directory BUILD=tsan build/tsan/khaldun build/tsan/tests/test_pool
	@sh tests/run.sh build/rel build/asan

# Recursive so that pkg-config is asked again after deps installed the packages.
demo: deps
	@$(MAKE) --no-print-directory BUILD=rel khaldun
	@sh scripts/demo.sh

bench:
	@sh scripts/deps.sh dev
	@$(MAKE) --no-print-directory BUILD=rel khaldun
	@sh bench/bench.sh

clean:
	rm -rf build khaldun out

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzzing (clang libFuzzer), memory checks (valgrind memcheck): see docs/PERFORMANCE.md.
fuzz:
	@sh scripts/deps.sh dev
	@sh fuzz/run.sh

check-memory: deps
	@$(MAKE) --no-print-directory BUILD=rel unit khaldun
	@sh tests/memcheck.sh
