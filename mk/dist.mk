# SPDX-License-Identifier: MIT
# mk/dist.mk - the two-file amalgamation (issue 14): `make dist`,
# `make test-dist`, and the checks on it that `make test` runs.
#
#   make dist       DIST/apig.h and DIST/apig.c (scripts/amalgamate: every
#                   public header, then the runtime, src/{core,json,decode,
#                   encode} and their internal headers, with jsmn inlined from
#                   JSMN_H, its MIT notice kept), the bundled operations'
#                   generated pairs beside them (NAME.h includes "apig.h"), and
#                   DIST/apig/*.h, one-line forwarders so that code written
#                   for include/ (apig-gen's output: <apig/apig.h>) builds
#                   with -IDIST unchanged. DIST (default dist/) is a build
#                   output, in .gitignore.
#   make dist-check every file of DIST compiled alone with nothing but a C
#                   compiler, `-std=c99 -Wall -Wextra -Werror -pedantic` (and
#                   the Makefile's other warnings), by gcc and clang and, when
#                   installed (SIZE_PKGS, `make size` installs them), by
#                   arm-none-eabi-gcc for Cortex-M4 -Os; DIST/apig.h and the
#                   generated headers as C++; and scripts/check-runtime on
#                   the amalgamation: no heap, stdio or locale, no writable
#                   statics, no schema in the runtime. And it amalgamates
#                   tests/amalgamate/ (two files whose names collide every way
#                   the script settles) and runs the result.
#   make test-dist  dist-check (with the Cortex-M4 compile: it installs
#                   SIZE_PKGS), then the unit tests (mk/suite.mk) linked to
#                   DIST/apig.c and DIST's generated pairs instead of libapig
#                   and libapig-schemas, under UBSan with libcmocka; the tool
#                   the CLI tests drive is built on them too. About 3 minutes
#                   from a clean build (more than make test can take on for
#                   it): .ci/run runs it. make test runs dist-check (through
#                   check-headers) without it.

DIST ?= dist
DIST_PUBLIC = $(filter-out include/apig/crypto_%.h,$(wildcard include/apig/*.h))
DIST_C      = $(DIST)/apig.c
DIST_H      = $(DIST)/apig.h
DIST_PAIRS  = $(patsubst $(BUILD)/gen/%,$(DIST)/%,$(GEN_C) $(GEN_H))
DIST_FILES  = $(DIST_H) $(DIST_C) $(DIST_PAIRS)

.PHONY: dist dist-check test-dist
dist: $(DIST_FILES)
	@echo "dist: $(DIST_FILES) $(DIST)/apig/ (forwarders)"

# One run makes every file; the generated pairs are its inputs.
$(DIST_C): scripts/amalgamate $(RUNTIME_SRC) $(wildcard include/apig/*.h src/*/*.h) $(JSMN_H) $(GEN_C) $(GEN_H) | $(DEPS_STAMP)
	scripts/amalgamate -o $(DIST) -j $(JSMN_H) $(addprefix -g ,$(GEN_C)) $(RUNTIME_SRC)
$(DIST_H) $(DIST_PAIRS): $(DIST_C)
	@test -f $@ || { rm -f $(DIST_C); echo "dist: $@ missing: run make dist again"; exit 1; }

# ---- the compile checks --------------------------------------------------------
DIST_STRICT = -std=c99 -Wall -Wextra -Werror -pedantic
DIST_WARN   = $(DIST_STRICT) -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
DIST_M4     = arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os
DIST_SOURCES = $(DIST_C) $(filter %.c,$(DIST_PAIRS))
dist-check: $(DIST_FILES)
	@mkdir -p $(BUILD)/dist-check
	@set -e; for cc in gcc clang; do \
	    if ! command -v $$cc >/dev/null 2>&1; then echo "dist: no $$cc, skipped"; continue; fi; \
	    for f in $(DIST_SOURCES); do \
	        $$cc $(DIST_STRICT) -c $$f -o $(BUILD)/dist-check/$$cc-$$(basename $$f .c).o; \
	        $$cc $(DIST_WARN) -O2 -c $$f -o $(BUILD)/dist-check/$$cc-$$(basename $$f .c)-O2.o; \
	    done; \
	    echo "dist: $(notdir $(DIST_SOURCES)) compile alone with $$cc $(DIST_STRICT) (and -O2 $(filter-out $(DIST_STRICT),$(DIST_WARN)))"; \
	done
	@set -e; if command -v arm-none-eabi-gcc >/dev/null 2>&1; then \
	    for f in $(DIST_SOURCES); do \
	        $(DIST_M4) $(DIST_STRICT) -c $$f -o $(BUILD)/dist-check/m4-$$(basename $$f .c).o; done; \
	    echo "dist: Cortex-M4 ($(DIST_M4) $(DIST_STRICT)):"; \
	    arm-none-eabi-size $(BUILD)/dist-check/m4-*.o | sed 's/^/  /'; \
	    $(DIST_M4) $(DIST_STRICT) -ffunction-sections -fdata-sections $(FIRMWARE_CFG) -DFIRMWARE_BARE -I$(DIST) \
	        -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -Wl,-e,firmware_entry \
	        -o $(BUILD)/dist-check/firmware.elf examples/firmware.c $(DIST_SOURCES); \
	    echo "dist: examples/firmware.c on the two files and the bundled pair, linked for Cortex-M4 (--gc-sections):"; \
	    arm-none-eabi-size $(BUILD)/dist-check/firmware.elf | sed 's/^/  /'; \
	else echo "dist: no arm-none-eabi-gcc (make size installs it): Cortex-M4 build skipped"; fi
	@printf '#include "apig.h"\n%b\nint main(void) { return 0; }\n' \
	    "$(foreach h,$(filter %.h,$(DIST_PAIRS)),#include \"$(notdir $(h))\"\n)" > $(BUILD)/dist-check/h.c
	@printf '#include <apig/apig.h>\n%b\nint main(void) { return 0; }\n' \
	    "$(foreach h,$(DIST_PUBLIC),#include <apig/$(notdir $(h))>\n)" > $(BUILD)/dist-check/fwd.c
	$(CC) $(DIST_WARN) -I$(DIST) -fsyntax-only $(BUILD)/dist-check/h.c
	$(CC) $(DIST_WARN) -I$(DIST) -fsyntax-only $(BUILD)/dist-check/fwd.c
	@cp $(BUILD)/dist-check/h.c $(BUILD)/dist-check/h.cpp
	@if command -v c++ >/dev/null 2>&1; then \
	    c++ -std=c++11 -Wall -Wextra -Werror -I$(DIST) -fsyntax-only $(BUILD)/dist-check/h.cpp && \
	    echo "dist: apig.h and $(notdir $(filter %.h,$(DIST_PAIRS))) compile as C99 and as C++"; \
	else echo "dist: no C++ compiler, C++ check skipped"; fi
	@rm -rf $(BUILD)/dist-check/selftest
	@scripts/amalgamate -o $(BUILD)/dist-check/selftest -j $(JSMN_H) tests/amalgamate/one.c tests/amalgamate/two.c >/dev/null
	@$(CC) $(DIST_WARN) -o $(BUILD)/dist-check/selftest/t $(BUILD)/dist-check/selftest/apig.c tests/amalgamate/main.c
	@$(BUILD)/dist-check/selftest/t
	@$(CC) -std=c99 -O2 -c $(DIST_C) -o $(BUILD)/dist-check/apig.o
	@scripts/check-runtime $(BUILD)/dist-check/apig.o $(DIST_C) $(DIST_H)

# The generated headers, every one the build makes (the bundled operations'
# in both storage modes, the examples' and the tests' own), compile as C99
# and as C++ with the public headers: one unit per header, since the view
# and inline builds share their prefix.
.PHONY: check-headers-generated
check-headers: check-headers-generated dist-check
CHECK_GEN_H = $(GEN_H) $(GEN_VIEW_H) $(BUILD)/gen-examples/quota.h $(BUILD)/gen-tests/typed.h $(BUILD)/gen-tests/service.h
check-headers-generated: $(CHECK_GEN_H)
	@mkdir -p $(BUILD)/hdr
	@set -e; for h in $(CHECK_GEN_H); do \
	    n=$$(echo $$h | tr '/' '_'); \
	    printf '#include <apig/apig.h>\n#include "%s"\nint main(void) { return 0; }\n' $$(basename $$h) > $(BUILD)/hdr/$$n.c; \
	    cp $(BUILD)/hdr/$$n.c $(BUILD)/hdr/$$n.cpp; \
	    $(CC) -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -I$$(dirname $$h) -fsyntax-only $(BUILD)/hdr/$$n.c; \
	    if command -v c++ >/dev/null 2>&1; then \
	        c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -I$$(dirname $$h) -fsyntax-only $(BUILD)/hdr/$$n.cpp; fi; \
	done; echo "headers: every generated header ($(words $(CHECK_GEN_H))) compiles as C99 and as C++"

# ---- the suite on the amalgamation ---------------------------------------------
# The generated examples (test data) are copied beside nothing of the
# build's: their #include "vpc_members.h" then finds DIST's pair.
DIST_TEST_EX = $(patsubst $(BUILD)/gen/%,$(BUILD)/suite-dist/gen/%,$(GEN_EX))
$(BUILD)/suite-dist/gen/%_examples.c: $(BUILD)/gen/%_examples.c
	@mkdir -p $(dir $@)
	cp $< $@

SUITE_dist_CC       = $(CC)
SUITE_dist_SAN      = -fsanitize=undefined -fno-sanitize-recover=all
SUITE_dist_RUNTIME  = $(DIST_C)
SUITE_dist_INC      = -I$(DIST)
SUITE_dist_GEN      = $(DIST)
SUITE_dist_EXAMPLES = $(DIST_TEST_EX)
SUITE_dist_CMOCKA   = system
SUITE_dist_RUN      =
SUITE_dist_SKIP     = test_cost test_gen test_crypto test_short_enums
SUITE_dist_WHY_test_short_enums = builds src/json/tokenizer.c alone with -fshort-enums: needs the runtime as separate units (make test runs it)
SUITE_dist_DEPS     = $(BUILD)/suite-dist/apig $(BUILD)/suite-dist/apig-san $(BUILD)/suite-dist/apig-view-san
SUITE_dist_ENV      = APIG_BUILD=$(BUILD)/suite-dist APIG_CLI=$(BUILD)/suite-dist/apig-san APIG_CLI_VIEW=$(BUILD)/suite-dist/apig-view-san
$(eval $(call SUITE,dist))

# The adapters' headers are not in DIST (the adapters link their crypto
# libraries): the tests and the tool that use them find them in include/,
# after DIST (their "crypto.h" is the same text, under the same guard).
$(BUILD)/suite-dist/tests/test_signature: tests/test_signature.c $(BUILD)/suite-dist/libruntime-san.a $(BUILD)/suite-dist/libschemas-san.a $(CRYPTO_LIBS)
	@mkdir -p $(dir $@)
	$(SUITE_dist_LINK) -Iinclude $(SUITE_dist_SAN) -o $@ $< $(BUILD)/suite-dist/libschemas-san.a $(CRYPTO_LIBS) $(BUILD)/suite-dist/libruntime-san.a $(CRYPTO_LDLIBS) $$(pkg-config --libs cmocka)

# The tool, on the amalgamation: plain, sanitized, and on the view tables.
$(BUILD)/suite-dist/apig: $(CLI_SRC) $(wildcard src/cli/*.h) $(BUILD)/suite-dist/libruntime.a $(BUILD)/suite-dist/libschemas.a $(BUILD)/libapig-openssl.a
	$(CC) $(SUITE_CFLAGS) -I$(DIST) -Iinclude -Isrc -o $@ $(CLI_SRC) $(BUILD)/suite-dist/libschemas.a $(BUILD)/libapig-openssl.a $(BUILD)/suite-dist/libruntime.a -lcrypto
$(BUILD)/suite-dist/apig-san: $(CLI_SRC) $(wildcard src/cli/*.h) $(BUILD)/suite-dist/libruntime-san.a $(BUILD)/suite-dist/libschemas-san.a $(BUILD)/libapig-openssl.a
	$(CC) $(SUITE_CFLAGS) $(SUITE_dist_SAN) -I$(DIST) -Iinclude -Isrc -o $@ $(CLI_SRC) $(BUILD)/suite-dist/libschemas-san.a $(BUILD)/libapig-openssl.a $(BUILD)/suite-dist/libruntime-san.a -lcrypto
$(BUILD)/suite-dist/apig-view-san: $(CLI_SRC) $(wildcard src/cli/*.h) $(GEN_VIEW_H) $(BUILD)/suite-dist/libruntime-san.a $(BUILD)/suite-dist/libschemas-view-san.a $(BUILD)/libapig-openssl.a
	$(CC) $(SUITE_CFLAGS) $(SUITE_dist_SAN) -I$(BUILD)/gen-view -I$(DIST) -Iinclude -Isrc -o $@ $(CLI_SRC) $(BUILD)/suite-dist/libschemas-view-san.a $(BUILD)/libapig-openssl.a $(BUILD)/suite-dist/libruntime-san.a -lcrypto

# The Cortex-M4 compile in dist-check needs arm-none-eabi-gcc (SIZE_PKGS,
# which make size installs too): test-dist installs it first.
.PHONY: dist-m4-deps
dist-m4-deps:
	@scripts/ensure-deps $(SIZE_PKGS)
dist-check: | $(if $(filter test-dist,$(MAKECMDGOALS)),dist-m4-deps)
test-dist: dist-m4-deps dist-check suite-dist

# make size reports the amalgamation too (scripts/size-report, config dist).
export DIST
size: $(DIST_FILES)
