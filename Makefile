# SPDX-License-Identifier: MIT
# apig - see README.md. Main targets: all, run, test, fuzz, bench, size, clean.
# Sources are found by folder, so adding a file never needs an edit here:
#   src/{core,json,decode,encode}        the runtime (libapig: no operation in it)
#   src/gen                              the schema generator (build time, libfyaml)
#   schemas/*.yaml                       the bundled operations (libapig-schemas)
#   src/cli                              the apig command-line tool
#   src/crypto/<lib>.c                   apig_crypto on <lib>: libapig-<lib>.a each
#   tests/test_*.c                       one cmocka binary each
#   fuzz/fuzz_*.c                        one libFuzzer target each

CC      ?= cc
BUILD   ?= build
O       ?= -O2
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD     = -std=c11
CPPFLAGS_APIG = -Iinclude -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L
CFLAGS_APIG   = $(CSTD) $(WARN) $(O) -g -fPIC $(CPPFLAGS_APIG) $(CFLAGS)
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CORE_PKGS  = libjsmn-dev libfyaml-dev libcmocka-dev pkg-config valgrind libssl-dev libmbedtls-dev
FUZZ_PKGS  = clang libclang-rt-14-dev llvm
BENCH_PKGS = libcjson-dev libjansson-dev libjson-c-dev libsimdjson-dev g++ valgrind
SIZE_PKGS  = gcc-arm-none-eabi libnewlib-arm-none-eabi

RUNTIME_SRC = $(sort $(wildcard src/core/*.c src/json/*.c src/decode/*.c src/encode/*.c))
GEN_TOOL_SRC = $(sort $(wildcard src/gen/*.c))
CLI_SRC     = $(sort $(wildcard src/cli/*.c))
SCHEMAS     = $(sort $(wildcard schemas/*.yaml))
GEN_C       = $(patsubst schemas/%.yaml,$(BUILD)/gen/%.c,$(SCHEMAS))
GEN_H       = $(GEN_C:.c=.h)
GEN_EX      = $(GEN_C:.c=_examples.c)
# The same schemas with every body string a view (apig-gen --string-storage
# view): the suite runs the bundled operations both ways.
GEN_VIEW_C  = $(patsubst schemas/%.yaml,$(BUILD)/gen-view/%.c,$(SCHEMAS))
GEN_VIEW_H  = $(GEN_VIEW_C:.c=.h)
GEN_VIEW_EX = $(GEN_VIEW_C:.c=_examples.c)
TEST_SRC    = $(sort $(wildcard tests/test_*.c))
TESTS       = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
FUZZ_SRC    = $(sort $(wildcard fuzz/fuzz_*.c))
# The crypto adapters, never in libapig (which links no crypto library):
# libapig-openssl.a (link with -lcrypto) and libapig-mbedtls.a (-lmbedcrypto).
CRYPTO_LIBS     = $(BUILD)/libapig-openssl.a $(BUILD)/libapig-mbedtls.a
CRYPTO_SAN_LIBS = $(CRYPTO_LIBS:.a=-san.a)
CRYPTO_LDLIBS   = -lcrypto -lmbedcrypto

RUNTIME_OBJ     = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(RUNTIME_SRC))
RUNTIME_SAN_OBJ = $(patsubst $(BUILD)/obj/%,$(BUILD)/san/%,$(RUNTIME_OBJ))
# The bundled schemas' tables (libapig-schemas.a), and their examples, which
# only the tests and tools that check against them link.
SCHEMA_OBJ      = $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(GEN_C))
SCHEMA_SAN_OBJ  = $(patsubst $(BUILD)/obj/%,$(BUILD)/san/%,$(SCHEMA_OBJ))
EXAMPLES_OBJ     = $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(GEN_EX))
EXAMPLES_SAN_OBJ = $(patsubst $(BUILD)/gen/%.c,$(BUILD)/san/gen/%.o,$(GEN_EX))

DEPS_STAMP = $(BUILD)/.deps-core

.PHONY: all run test fuzz fuzz-run fuzz-replay coverage bench size clean deps check-headers
all: $(BUILD)/libapig.a $(BUILD)/libapig.so $(BUILD)/libapig-schemas.a $(BUILD)/apig $(CRYPTO_LIBS)

deps: $(DEPS_STAMP)
# After the Makefile (and so, perhaps, CORE_PKGS) changes, look again.
$(DEPS_STAMP): Makefile
	@mkdir -p $(BUILD)
	@scripts/ensure-deps $(CORE_PKGS)
	@touch $@

# ---- generator -----------------------------------------------------------
# src/core/byte_class.h (the byte-class rule) and src/core/layout.h (what
# each style writes, for the bounds): shared with the runtime.
$(BUILD)/apig-gen: $(GEN_TOOL_SRC) $(wildcard src/gen/*.h include/apig/*.h) src/core/byte_class.h src/core/layout.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(O) -g $(CPPFLAGS_APIG) $(CFLAGS) -o $@ $(GEN_TOOL_SRC) $$(pkg-config --cflags --libs libfyaml)

$(BUILD)/gen/%.c $(BUILD)/gen/%.h $(BUILD)/gen/%_examples.c: schemas/%.yaml $(BUILD)/apig-gen
	@mkdir -p $(BUILD)/gen
	$(BUILD)/apig-gen $< $(BUILD)/gen/$*
$(BUILD)/gen-view/%.c $(BUILD)/gen-view/%.h $(BUILD)/gen-view/%_examples.c: schemas/%.yaml $(BUILD)/apig-gen
	@mkdir -p $(BUILD)/gen-view
	$(BUILD)/apig-gen --string-storage view $< $(BUILD)/gen-view/$*

# ---- runtime ---------------------------------------------------------------
HEADERS = $(wildcard include/apig/*.h src/*/*.h) $(GEN_H)

$(BUILD)/obj/%.o: src/%.c $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -Isrc -c $< -o $@
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -Isrc -c $< -o $@
$(BUILD)/san/%.o: src/%.c $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -c $< -o $@
$(BUILD)/san/gen/%.o: $(BUILD)/gen/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -c $< -o $@

$(BUILD)/libapig.a: $(RUNTIME_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-san.a: $(RUNTIME_SAN_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-schemas.a: $(SCHEMA_OBJ)
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-schemas-san.a: $(SCHEMA_SAN_OBJ) $(EXAMPLES_SAN_OBJ)
	rm -f $@ && ar rcs $@ $^
# The view build of the bundled schemas: its own objects, found before
# build/gen by -I order, so that the two never mix.
SCHEMA_VIEW_SAN_OBJ = $(patsubst $(BUILD)/gen-view/%.c,$(BUILD)/san-view/%.o,$(GEN_VIEW_C) $(GEN_VIEW_EX))
$(BUILD)/san-view/%.o: $(BUILD)/gen-view/%.c $(GEN_VIEW_H) $(wildcard include/apig/*.h)
	@mkdir -p $(dir $@)
	$(CC) -I$(BUILD)/gen-view $(CFLAGS_APIG) $(SAN) -Isrc -c $< -o $@
$(BUILD)/libapig-schemas-view-san.a: $(SCHEMA_VIEW_SAN_OBJ)
	rm -f $@ && ar rcs $@ $^
# $(BUILD)/libapig.so (versioned soname, public API only): mk/install.mk.

# ---- crypto adapters: apig_crypto on OpenSSL 3 and on Mbed TLS ----------------
# One object each, in a library of its own. They need only apig's public
# headers (not the generated ones), so these rules, more specific than the
# runtime's, leave the generator out.
CRYPTO_HEADERS = $(wildcard include/apig/crypto*.h)
$(BUILD)/obj/crypto/%.o: src/crypto/%.c $(CRYPTO_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -c $< -o $@
$(BUILD)/san/crypto/%.o: src/crypto/%.c $(CRYPTO_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -c $< -o $@
$(BUILD)/libapig-openssl.a: $(BUILD)/obj/crypto/openssl.o
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-mbedtls.a: $(BUILD)/obj/crypto/mbedtls.o
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-openssl-san.a: $(BUILD)/san/crypto/openssl.o
	rm -f $@ && ar rcs $@ $^
$(BUILD)/libapig-mbedtls-san.a: $(BUILD)/san/crypto/mbedtls.o
	rm -f $@ && ar rcs $@ $^

# ---- CLI -------------------------------------------------------------------
# The tool verifies signatures (--credentials) with the OpenSSL adapter.
$(BUILD)/apig: $(CLI_SRC) $(HEADERS) $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a $(BUILD)/libapig-openssl.a
	$(CC) $(CFLAGS_APIG) -Isrc -o $@ $(CLI_SRC) $(BUILD)/libapig-schemas.a $(BUILD)/libapig-openssl.a $(BUILD)/libapig.a -lcrypto

# The same tool on the sanitized library, for the tests that drive the CLI;
# and on the view build of the bundled schemas, which the same tests drive.
$(BUILD)/apig-view-san: $(CLI_SRC) $(wildcard src/cli/*.h include/apig/*.h) $(GEN_VIEW_H) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-view-san.a $(BUILD)/libapig-openssl-san.a
	$(CC) -I$(BUILD)/gen-view $(CFLAGS_APIG) $(SAN) -Isrc -o $@ $(CLI_SRC) $(BUILD)/libapig-schemas-view-san.a $(BUILD)/libapig-openssl-san.a $(BUILD)/libapig-san.a -lcrypto
$(BUILD)/apig-san: $(CLI_SRC) $(HEADERS) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-san.a $(BUILD)/libapig-openssl-san.a
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -o $@ $(CLI_SRC) $(BUILD)/libapig-schemas-san.a $(BUILD)/libapig-openssl-san.a $(BUILD)/libapig-san.a -lcrypto

# ---- the README's embedding example, kept compiling and correct -------------
$(BUILD)/embed: examples/embed.c $(HEADERS) $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a
	$(CC) $(CFLAGS_APIG) -o $@ $< $(BUILD)/libapig-schemas.a $(BUILD)/libapig.a

# ---- two schemas in one program: the README's gateway example ----------------
$(BUILD)/gen-examples/%.c $(BUILD)/gen-examples/%.h $(BUILD)/gen-examples/%_examples.c: examples/%.yaml $(BUILD)/apig-gen
	@mkdir -p $(BUILD)/gen-examples
	$(BUILD)/apig-gen $< $(BUILD)/gen-examples/$*
$(BUILD)/gateway: examples/gateway.c $(BUILD)/gen-examples/quota.c $(BUILD)/gen-examples/quota.h $(HEADERS) $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a
	$(CC) $(CFLAGS_APIG) -I$(BUILD)/gen-examples -o $@ $< $(BUILD)/gen-examples/quota.c $(BUILD)/libapig-schemas.a $(BUILD)/libapig.a

# ---- firmware: capacity 16, bodies up to 2 KiB, everything static ------------
# examples/firmware.c, the README's firmware example. Its configuration
# changes the tables (the capacity) and the runtime's limits, which must be
# the same for every unit, so it is built from the sources of all three.
# The token budget: 16 full members are 3 + 16 x 9 = 147 tokens, plus the
# first token of a 17th (so too many members gets 403 APIG.3110, not "too
# many tokens") and 12 for unknown fields (firmware.c says more).
# FIRMWARE_STORAGE: `view` (strings as views, from $(BUILD)/gen-view, the
# firmware choice) or `inline` (the same handler on inline strings).
# `make size` builds the same configuration for Cortex-M4.
FIRMWARE_STORAGE ?= view
FIRMWARE_CFG = -DVPCM_MEMBERS_MAX=16 -DVPCM_MAX_TOKENS=160 \
               -DAPIG_CFG_MAX_BODY_BYTES=2048 -DAPIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX \
               -DAPIG_CFG_SMALL_CODE
ifeq ($(FIRMWARE_STORAGE),view)
FIRMWARE_GEN = $(BUILD)/gen-view
FIRMWARE_DEFS = $(FIRMWARE_CFG) -DFIRMWARE_VIEWS=1
else
FIRMWARE_GEN = $(BUILD)/gen
FIRMWARE_DEFS = $(FIRMWARE_CFG)
endif

$(BUILD)/firmware: examples/firmware.c $(FIRMWARE_GEN)/vpc_members.c $(FIRMWARE_GEN)/vpc_members.h $(RUNTIME_SRC) $(HEADERS) | $(DEPS_STAMP)
	$(CC) $(CSTD) $(WARN) $(O) -g -Iinclude -I$(FIRMWARE_GEN) -Isrc $(FIRMWARE_DEFS) $(CFLAGS) -o $@ $< $(FIRMWARE_GEN)/vpc_members.c $(RUNTIME_SRC)

# ---- tests -----------------------------------------------------------------
# Tests run under ASan+UBSan, except test_noalloc*, which interposes malloc
# and so must run on the plain library.
# (Named here, so that make builds them for the pattern rule below.)
$(EXAMPLES_OBJ): $(GEN_EX)
$(BUILD)/tests/test_noalloc%: tests/test_noalloc%.c $(wildcard tests/*.h) $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a $(EXAMPLES_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -Isrc -Itests -o $@ $< $(EXAMPLES_OBJ) $(BUILD)/libapig-schemas.a $(BUILD)/libapig.a $$(pkg-config --libs cmocka)
$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-san.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Itests -o $@ $< $(BUILD)/libapig-schemas-san.a $(BUILD)/libapig-san.a $$(pkg-config --libs cmocka)
# A capacity above the default changes the generated tables, which libapig
# holds as built with the defaults: this test compiles the runtime and the
# generated code itself, with the capacity it is about.
$(BUILD)/tests/test_capacity_300: tests/test_capacity_300.c $(wildcard tests/*.h) $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -DVPCM_MEMBERS_MAX=300 -Isrc -Itests -o $@ $< $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $$(pkg-config --libs cmocka)

# APIG_CFG_SMALL_CODE changes the runtime itself: this test builds it with
# the option, from source, and runs the JSON tests on it.
$(BUILD)/tests/test_small_code: tests/test_small_code.c tests/test_json.c $(wildcard tests/*.h) $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -DAPIG_CFG_SMALL_CODE -Isrc -Itests -o $@ $< $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $$(pkg-config --libs cmocka)

# Where enums are short (arm-none-eabi), jsmn's token type is one byte and
# the tokenizer widens it into apig_token's int: this test runs that path on
# the host, with tokenizer.c alone built with -fshort-enums (its jsmn is
# static, so no other unit sees another layout).
$(BUILD)/tests/test_short_enums: tests/test_short_enums.c $(RUNTIME_SRC) $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -fshort-enums -Isrc -c src/json/tokenizer.c -o $@-tokenizer.o
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Itests -o $@ $< $(filter-out src/json/tokenizer.c,$(RUNTIME_SRC)) $@-tokenizer.o $$(pkg-config --libs cmocka)

# test_crypto runs one table of checks on both adapters: it links them, and
# their crypto libraries, instead of the runtime.
$(BUILD)/tests/test_crypto: tests/test_crypto.c $(wildcard tests/*.h) $(CRYPTO_HEADERS) $(CRYPTO_SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Itests -o $@ $< $(CRYPTO_SAN_LIBS) $(CRYPTO_LDLIBS) $$(pkg-config --libs cmocka)

# test_signature replays the SDK's signed requests with each adapter.
$(BUILD)/tests/test_signature: tests/test_signature.c $(wildcard tests/*.h) $(HEADERS) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-san.a $(CRYPTO_SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Itests -o $@ $< $(BUILD)/libapig-schemas-san.a $(CRYPTO_SAN_LIBS) $(BUILD)/libapig-san.a $(CRYPTO_LDLIBS) $$(pkg-config --libs cmocka)

# Test-only schemas (tests/schemas/<name>.yaml) are generated into
# $(BUILD)/gen-tests/ and compiled into the test that uses them, never into
# libapig: test_types covers the field types the bundled schema lacks.
$(BUILD)/gen-tests/%.c $(BUILD)/gen-tests/%.h $(BUILD)/gen-tests/%_examples.c: tests/schemas/%.yaml $(BUILD)/apig-gen
	@mkdir -p $(BUILD)/gen-tests
	$(BUILD)/apig-gen $< $(BUILD)/gen-tests/$*
# test_views: the bundled schema generated with view strings.
$(BUILD)/tests/test_views: tests/test_views.c $(wildcard tests/*.h) $(GEN_VIEW_H) $(wildcard include/apig/*.h src/*/*.h) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-view-san.a
	@mkdir -p $(dir $@)
	$(CC) -I$(BUILD)/gen-view $(CFLAGS_APIG) $(SAN) -Isrc -Itests -o $@ $< $(BUILD)/libapig-schemas-view-san.a $(BUILD)/libapig-san.a $$(pkg-config --libs cmocka)
# test_as_service: the two modes, on tests/schemas/service.yaml (every
# x-as-service override) and on the bundled schema.
$(BUILD)/tests/test_as_service: tests/test_as_service.c $(wildcard tests/*.h) $(BUILD)/gen-tests/service.c $(BUILD)/gen-tests/service.h $(HEADERS) $(BUILD)/libapig-san.a $(BUILD)/libapig-schemas-san.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Itests -I$(BUILD)/gen-tests -o $@ $< $(BUILD)/gen-tests/service.c $(BUILD)/libapig-schemas-san.a $(BUILD)/libapig-san.a $$(pkg-config --libs cmocka)
$(BUILD)/tests/test_types: tests/test_types.c $(wildcard tests/*.h) $(BUILD)/gen-tests/typed.c $(BUILD)/gen-tests/typed.h $(HEADERS) $(BUILD)/libapig-san.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Itests -I$(BUILD)/gen-tests -o $@ $< $(BUILD)/gen-tests/typed.c $(BUILD)/gen-tests/typed_examples.c $(BUILD)/libapig-san.a $$(pkg-config --libs cmocka)

# test_cost counts instructions under valgrind, which cannot run ASan
# binaries: the calls it counts run in cost_driver, built plain, once on the
# library as configured and once on the runtime built with the largest
# APIG_CFG_MAX_DEPTH (APIG_JSON_MAX_DEPTH_LIMIT), since apig_decode's depth
# is fixed when the library is built. Linked without debug information:
# valgrind 3.19 cannot read the DWARF 5 that clang 14 writes, and callgrind
# finds functions by the symbol table.
COST_DRIVER   = $(BUILD)/tests/cost_driver
COST_DRIVER64 = $(BUILD)/tests/cost_driver_depth64
$(COST_DRIVER): tests/cost_driver.c $(HEADERS) $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -Isrc -Wl,--strip-debug -o $@ $< $(BUILD)/libapig-schemas.a $(BUILD)/libapig.a
$(COST_DRIVER64): tests/cost_driver.c $(RUNTIME_SRC) $(GEN_C) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) -DAPIG_CFG_MAX_DEPTH=64 -Isrc -Wl,--strip-debug -o $@ $< $(RUNTIME_SRC) $(GEN_C)

test: $(TESTS) $(CRYPTO_LIBS) fuzz-replay $(BUILD)/apig-san $(BUILD)/apig-view-san $(BUILD)/apig $(BUILD)/apig-gen check-headers $(BUILD)/embed $(BUILD)/gateway $(BUILD)/firmware $(COST_DRIVER) $(COST_DRIVER64)
	@scripts/check-runtime $(BUILD)/libapig.a
	@for x in embed gateway firmware; do \
	    $(BUILD)/$$x | cmp -s - examples/$$x.expected && echo "examples/$$x.c: output as expected" || \
	    { echo "examples/$$x.c: output differs from examples/$$x.expected"; exit 1; }; done
	@failed=0; passed_n=0; failed_n=0; for t in $(TESTS); do \
	    echo "== $$t"; \
	    ASAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=98 \
	    APIG_BUILD=$(BUILD) APIG_GEN=$(BUILD)/apig-gen APIG_CLI=$(BUILD)/apig-san \
	    APIG_CLI_VIEW=$(BUILD)/apig-view-san \
	    APIG_COST_DRIVER=$(COST_DRIVER) APIG_COST_DRIVER64=$(COST_DRIVER64) $$t > $$t.log 2>&1 || failed=1; \
	    cat $$t.log; \
	    p=$$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' $$t.log | awk '{n += $$1} END {if (NR) print n}'); \
	    f=$$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' $$t.log | awk '{n += $$1} END {if (NR) print n}'); \
	    passed_n=$$((passed_n + $${p:-0})); failed_n=$$((failed_n + $${f:-0})); \
	    if [ -z "$$p$$f" ]; then failed_n=$$((failed_n + 1)); failed=1; fi; \
	 done; \
	echo "tests: $$passed_n passed, $$failed_n failed"; \
	[ $$failed = 0 ]

# The public headers compile as C99 and as C++, and contain no stray globals.
# apig.h and crypto_openssl.h include no crypto library's header (only
# crypto_mbedtls.h may: its struct holds Mbed TLS's SHA-256 context).
check-headers: $(GEN_H)
	@mkdir -p $(BUILD)/hdr
	@for h in apig.h crypto_openssl.h; do \
	    if $(CC) $(CPPFLAGS_APIG) -M -x c include/apig/$$h | grep -Eq '(openssl|mbedtls|psa)/'; then \
	        echo "headers: apig/$$h includes a crypto library's header"; exit 1; fi; done
	@printf '#include <apig/apig.h>\n#include <apig/crypto_openssl.h>\n#include <apig/crypto_mbedtls.h>\n#include "vpc_members.h"\nint main(void){return 0;}\n' > $(BUILD)/hdr/h.c
	$(CC) -std=c99 -Wall -Wextra -Werror -pedantic $(CPPFLAGS_APIG) -fsyntax-only $(BUILD)/hdr/h.c
	@cp $(BUILD)/hdr/h.c $(BUILD)/hdr/h.cpp
	@if command -v c++ >/dev/null 2>&1; then \
	    c++ -std=c++11 -Wall -Wextra -Werror $(CPPFLAGS_APIG) -fsyntax-only $(BUILD)/hdr/h.cpp && echo "headers: C99 and C++ ok"; \
	else echo "headers: no C++ compiler, C++ check skipped"; fi

# ---- the main job ------------------------------------------------------------
run: $(BUILD)/apig
	@sh examples/run.sh $(BUILD)/apig

# ---- fuzzing (clang + libFuzzer) -----------------------------------------------
# A target is fuzz/fuzz_<name>.c: one LLVMFuzzerTestOneInput, linked with the
# runtime, the bundled tables and their examples, and fuzz/support/*.c
# (shared fuzzing code, such as the JSON oracle). fuzz_<name>_view, for each
# name in FUZZ_VIEW, is the same source on the view build of the tables.
# fuzz_gen also links the generator (src/gen but main.c) and libfyaml.
# Each target is built twice:
#   $(BUILD)/fuzz/<target>        clang -fsanitize=fuzzer,address,undefined
#                                 (make fuzz; make fuzz-run runs them)
#   $(BUILD)/fuzz-repro/<target>  $(CC) with the sanitizers and
#                                 fuzz/reproduce.c's main: replays files
#                                 (make test: the corpus and regressions)
# Inputs: fuzz/corpus/<target>/ (seeds; a _view target shares its base's),
# fuzz/regressions/<target>/ (every input that ever found a bug), and the
# dictionary fuzz/apig.dict.
FUZZ_SECONDS ?= 60
FUZZ_NAMES   = $(patsubst fuzz/%.c,%,$(FUZZ_SRC))
FUZZ_VIEW    = fuzz_decode fuzz_encode
FUZZ_TARGETS = $(FUZZ_NAMES) $(addsuffix _view,$(FUZZ_VIEW))
FUZZ_SUPPORT = $(sort $(wildcard fuzz/support/*.c))
FUZZ_DEPS    = $(FUZZ_SUPPORT) $(wildcard fuzz/*.h fuzz/support/*.h) $(RUNTIME_SRC) $(HEADERS)
FUZZ_CFLAGS  = $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
GEN_LIB_SRC  = $(filter-out src/gen/main.c,$(GEN_TOOL_SRC))
# What a target links besides the runtime and tables (its name is $1).
fuzz_extra   = $(if $(filter fuzz_gen,$1),$(GEN_LIB_SRC) $$(pkg-config --cflags --libs libfyaml))
fuzz_corpus  = fuzz/corpus/$(patsubst %_view,%,$1)
# fuzz_encode also walks test-only schemas (tests/schemas/) for what the
# bundled one lacks - booleans, objects, arrays of strings, x-as-service on
# every kind of field - generated as the tests have them ($2 gen-tests) or
# with view strings for fuzz_encode_view ($2 gen-tests-view).
FUZZ_ENCODE_SCHEMAS = typed service
fuzz_tables  = $(if $(filter fuzz_encode,$1),-I$(BUILD)/$2 $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/$2/%.c))
$(BUILD)/fuzz/fuzz_encode $(BUILD)/fuzz-repro/fuzz_encode: \
    $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/gen-tests/%.c) $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/gen-tests/%.h)
$(BUILD)/fuzz/fuzz_encode_view $(BUILD)/fuzz-repro/fuzz_encode_view: \
    $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/gen-tests-view/%.c) $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/gen-tests-view/%.h)
$(BUILD)/gen-tests-view/%.c $(BUILD)/gen-tests-view/%.h $(BUILD)/gen-tests-view/%_examples.c: tests/schemas/%.yaml $(BUILD)/apig-gen
	@mkdir -p $(BUILD)/gen-tests-view
	$(BUILD)/apig-gen --string-storage view $< $(BUILD)/gen-tests-view/$*

# Generated sources are kept even when only a pattern chain names them.
.SECONDARY: $(GEN_C) $(GEN_H) $(GEN_EX) $(GEN_VIEW_C) $(GEN_VIEW_H) $(GEN_VIEW_EX) \
            $(foreach d,gen-tests gen-tests-view,$(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/$d/%.c) $(FUZZ_ENCODE_SCHEMAS:%=$(BUILD)/$d/%.h))

FUZZ_BIN  = $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
FUZZ_REPRO = $(addprefix $(BUILD)/fuzz-repro/,$(FUZZ_TARGETS))

$(BUILD)/.deps-fuzz: Makefile
	@mkdir -p $(BUILD)
	@scripts/ensure-deps $(FUZZ_PKGS)
	@touch $@

$(BUILD)/fuzz/%_view: fuzz/%.c $(FUZZ_DEPS) $(GEN_VIEW_C) $(GEN_VIEW_H) $(GEN_VIEW_EX) | $(BUILD)/.deps-fuzz
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -I$(BUILD)/gen-view $(CPPFLAGS_APIG) -Isrc -Ifuzz -o $@ $< $(FUZZ_SUPPORT) $(RUNTIME_SRC) $(GEN_VIEW_C) $(GEN_VIEW_EX) $(call fuzz_extra,$*) $(call fuzz_tables,$*,gen-tests-view)
$(BUILD)/fuzz/%: fuzz/%.c $(FUZZ_DEPS) $(GEN_C) $(GEN_EX) | $(BUILD)/.deps-fuzz
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(CPPFLAGS_APIG) -Isrc -Ifuzz -o $@ $< $(FUZZ_SUPPORT) $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $(call fuzz_extra,$*) $(call fuzz_tables,$*,gen-tests)

$(BUILD)/fuzz-repro/%_view: fuzz/%.c fuzz/reproduce.c $(FUZZ_DEPS) $(GEN_VIEW_C) $(GEN_VIEW_H) $(GEN_VIEW_EX) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) -I$(BUILD)/gen-view $(CFLAGS_APIG) $(SAN) -Isrc -Ifuzz -o $@ $< fuzz/reproduce.c $(FUZZ_SUPPORT) $(RUNTIME_SRC) $(GEN_VIEW_C) $(GEN_VIEW_EX) $(call fuzz_extra,$*) $(call fuzz_tables,$*,gen-tests-view)
$(BUILD)/fuzz-repro/%: fuzz/%.c fuzz/reproduce.c $(FUZZ_DEPS) $(GEN_C) $(GEN_EX) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_APIG) $(SAN) -Isrc -Ifuzz -o $@ $< fuzz/reproduce.c $(FUZZ_SUPPORT) $(RUNTIME_SRC) $(GEN_C) $(GEN_EX) $(call fuzz_extra,$*) $(call fuzz_tables,$*,gen-tests)

# Builds every target.
fuzz: $(FUZZ_BIN)

# Runs each target for FUZZ_SECONDS from its corpus (new inputs go to
# $(BUILD)/fuzz/<target>.corpus, findings to $(BUILD)/fuzz/<target>-crash-*);
# any finding fails. FUZZ_JOBS: parallel workers per target.
FUZZ_JOBS ?= 1
fuzz-run: $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
	    seeds=$$(echo fuzz/corpus/$$t | sed 's/_view$$//'); \
	    mkdir -p $(BUILD)/fuzz/$$t.corpus; \
	    echo "== $$t: $(FUZZ_SECONDS) s from $$seeds"; \
	    $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/apig.dict \
	        -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/$$t- \
	        $$( [ $(FUZZ_JOBS) -gt 1 ] && echo -fork=$(FUZZ_JOBS) ) \
	        $(BUILD)/fuzz/$$t.corpus $$seeds > $(BUILD)/fuzz/$$t.log 2>&1 \
	        || { tail -40 $(BUILD)/fuzz/$$t.log; echo "fuzz-run: $$t found something"; exit 1; }; \
	    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|cov: ' $(BUILD)/fuzz/$$t.log | tail -3; \
	done

# The code apig-gen generates from every seed (and regression) of fuzz_gen
# that it accepts compiles with -Wall -Wextra -Werror (the refused ones, the
# error paths' seeds, are skipped): scripts/check-generated. Part of make test.
.PHONY: gen-corpus-check
test: gen-corpus-check
gen-corpus-check: $(BUILD)/apig-gen
	@CC=$(CC) scripts/check-generated $(BUILD)/apig-gen $(BUILD)/gen-corpus fuzz/corpus/fuzz_gen fuzz/regressions/fuzz_gen

# Replays the seeds and every regression through the reproducers (part of
# make test).
fuzz-replay: $(FUZZ_REPRO)
	@for t in $(FUZZ_TARGETS); do \
	    seeds=$$(echo fuzz/corpus/$$t | sed 's/_view$$//'); \
	    regs=$$(echo fuzz/regressions/$$t | sed 's/_view$$//'); \
	    dirs=""; for d in $$seeds $$regs; do [ -d $$d ] && dirs="$$dirs $$d"; done; \
	    ASAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=98 \
	        $(BUILD)/fuzz-repro/$$t $$dirs || { echo "fuzz-replay: $$t failed"; exit 1; }; \
	done

# ---- coverage (clang source-based) ----------------------------------------------
# The whole suite (make test: unit tests, the tool's cases, the examples,
# and the reproducers replaying fuzz/corpus and fuzz/regressions) built with
# clang's coverage instrumentation in $(BUILD)/coverage/build, then
# scripts/coverage-report: $(BUILD)/coverage.txt (per runtime file, and a
# last line "lines: NN.N%" for src/ without src/gen and src/cli) and the
# annotated sources in $(BUILD)/coverage/html/.
COV_DIR = $(BUILD)/coverage
coverage: $(BUILD)/.deps-fuzz
	rm -rf $(COV_DIR)/prof && mkdir -p $(COV_DIR)/prof
	LLVM_PROFILE_FILE=$(abspath $(COV_DIR))/prof/%p-%m.profraw \
	    $(MAKE) BUILD=$(COV_DIR)/build CC=clang \
	        CFLAGS='-fprofile-instr-generate -fcoverage-mapping' test
	scripts/coverage-report $(COV_DIR)

# ---- benchmarks (never part of test) -------------------------------------------
# Decode and encode of this operation's bodies, apig beside jsmn's tokenizer,
# simdjson, cJSON, jansson, json-c and a memcpy writer: bench/run.sh runs the
# self-check, the wall clock and callgrind, writes $(BUILD)/bench.tsv and
# prints it with the targets of issue 13. One binary per library (jansson
# and json-c export the same names); the C ones, and the jsmn apig uses,
# built with apig's own flags. bench_apig1000: apig's tables and the bench
# with VPCM_MEMBERS_MAX=1000, for the `1000` rows. simdjson compiles its
# On-Demand code for the target it is told of: -march=haswell (AVX2, which
# valgrind runs) where the CPU has AVX2, else its scalar kernel.
bench: $(BUILD)/libapig.a $(BUILD)/libapig-schemas.a $(BUILD)/gen/vpc_members.c $(BUILD)/gen/vpc_members.h
	@scripts/ensure-deps $(BENCH_PKGS)
	@mkdir -p $(BUILD)/bench
	@for f in harness bodies checks writer; do \
	    echo "$(CC) $(CFLAGS_APIG) -c bench/$$f.c -o $(BUILD)/bench/$$f.o"; \
	    $(CC) $(CFLAGS_APIG) -c bench/$$f.c -o $(BUILD)/bench/$$f.o || exit 1; done
	$(CC) $(CFLAGS_APIG) -o $(BUILD)/bench/bench_apig bench/bench_apig.c $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/writer.o $(BUILD)/libapig-schemas.a $(BUILD)/libapig.a
	$(CC) $(CFLAGS_APIG) -DVPCM_MEMBERS_MAX=1000 -Isrc -c $(BUILD)/gen/vpc_members.c -o $(BUILD)/bench/vpc_members1000.o
	$(CC) $(CFLAGS_APIG) -DVPCM_MEMBERS_MAX=1000 -o $(BUILD)/bench/bench_apig1000 bench/bench_apig.c $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/writer.o $(BUILD)/bench/vpc_members1000.o $(BUILD)/libapig.a
	$(CC) $(CFLAGS_APIG) -o $(BUILD)/bench/bench_cjson bench/bench_cjson.c $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/checks.o $(BUILD)/bench/writer.o $$(pkg-config --libs libcjson)
	$(CC) $(CFLAGS_APIG) -o $(BUILD)/bench/bench_jansson bench/bench_jansson.c $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/checks.o $(BUILD)/bench/writer.o $$(pkg-config --libs jansson)
	$(CC) $(CFLAGS_APIG) -o $(BUILD)/bench/bench_jsonc bench/bench_jsonc.c $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/checks.o $(BUILD)/bench/writer.o $$(pkg-config --libs json-c)
	arch=$$(grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo -march=haswell); \
	g++ -std=c++17 $(O) -g $$arch -Wall -Wextra -Werror $$(pkg-config --cflags simdjson) -o $(BUILD)/bench/bench_simdjson bench/bench_simdjson.cpp $(BUILD)/bench/harness.o $(BUILD)/bench/bodies.o $(BUILD)/bench/checks.o $(BUILD)/bench/writer.o $$(pkg-config --libs simdjson)
	@sh bench/run.sh $(BUILD)

# ---- memory: flash, RAM and stack on x86-64 and Cortex-M4 (never part of test) ----
# Prints a table and writes $(BUILD)/size.tsv; scripts/size-report says how
# each figure is measured. gcc on both targets (the stack needs
# -fcallgraph-info, which clang lacks), whatever CC is. The view rows are
# there when apig-gen can generate views, and left out (it says so) until then.
SIZE_HOST_CC ?= gcc
JSMN_H ?= /usr/include/jsmn.h
size: $(BUILD)/apig-gen $(GEN_C) $(GEN_H) $(FIRMWARE_GEN)/vpc_members.c $(FIRMWARE_GEN)/vpc_members.h | $(DEPS_STAMP)
	@scripts/ensure-deps $(SIZE_PKGS)
	@$(MAKE) --no-print-directory -s $(BUILD)/gen-view/vpc_members.h >$(BUILD)/gen-view.log 2>&1 || \
	    echo "size: apig-gen cannot generate views ($(BUILD)/gen-view.log): no view rows"
	@BUILD=$(BUILD) HOST_CC=$(SIZE_HOST_CC) JSMN_H=$(JSMN_H) GEN=$(BUILD)/gen GEN_VIEW=$(BUILD)/gen-view \
	    FIRMWARE_STORAGE=$(FIRMWARE_STORAGE) FIRMWARE_CFG="$(FIRMWARE_CFG)" RUNTIME_SRC="$(RUNTIME_SRC)" \
	    scripts/size-report

clean:
	rm -rf $(BUILD)

# ---- packaging and portability (issue 14): mk/*.mk --------------------------------
include mk/suite.mk mk/dist.mk mk/portable.mk
# make install, uninstall, test-install; libapig.so and libapig-schemas.so.
include mk/install.mk
