# SPDX-License-Identifier: MIT
# mk/suite.mk - the unit tests of tests/ built and run another way than
# `make test` builds them: on the amalgamation (mk/dist.mk, test-dist), or
# for another CPU (mk/portable.mk: test-m32, test-s390x). One template,
# SUITE, makes a variant's rules. A variant V sets, before
# $(eval $(call SUITE,V)):
#   SUITE_V_CC        the compiler, with its target flags (gcc -m32)
#   SUITE_V_SAN       sanitizer flags for every test but test_noalloc*
#                     (which interposes malloc and so runs without them)
#   SUITE_V_RUNTIME   the runtime's C files: $(RUNTIME_SRC), or the
#                     amalgamation $(DIST)/apig.c
#   SUITE_V_INC       where <apig/...> is found: -Iinclude, or -I$(DIST)
#   SUITE_V_GEN       the folder of the bundled operations' generated pairs:
#                     $(BUILD)/gen, or $(DIST)
#   SUITE_V_EXAMPLES  the bundled operations' generated examples (.c)
#   SUITE_V_CMOCKA    system (libcmocka) or shim (tests/shim/: for targets
#                     Debian has no libcmocka for without multiarch)
#   SUITE_V_RUN       a command prefix that runs a test binary ("", or
#                     qemu-user for another CPU)
#   SUITE_V_ENV       environment for the test binaries (APIG_CLI=...)
#   SUITE_V_SKIP      tests/test_*.c left out (not built), each with its
#                     reason in SUITE_V_WHY_<name> or else SUITE_WHY_<name>
#   SUITE_V_DEPS      anything else the run needs first (a tool, say)
#   SUITE_V_ORDER     order-only prerequisites of every build step (the
#                     stamp that installs the compiler, say)
#   SUITE_V_FLAGS_<test>  extra flags for that test (-D...)
# and gets $(BUILD)/suite-V/ (objects, libraries, test binaries and their
# logs) and the target suite-V, which builds the tests and runs them
# (scripts/run-suite): its closing line is "V: N passed, N failed, N
# skipped (M binaries)", after the tests left out and why.
# The special builds of the Makefile's test rules are mirrored: the capacity
# and small-code tests compile the runtime themselves with their option,
# test_short_enums builds tokenizer.c with -fshort-enums (so it needs the
# runtime as separate sources), the view, as-service and types tests take
# their own generated pairs (from $(BUILD)/gen-view and $(BUILD)/gen-tests:
# generated code is the same for every target).

SUITE_CFLAGS = $(CSTD) $(WARN) $(O) -g -D_POSIX_C_SOURCE=200809L
SUITE_SHIM   = tests/shim/cmocka.c
SUITE_TESTS  = $(patsubst tests/%.c,%,$(TEST_SRC))
# Reasons shared by every variant that leaves a test out.
SUITE_WHY_test_cost = counts instructions of the library build under valgrind (make test runs it)
SUITE_WHY_test_gen = tests apig-gen, a build-time tool, not the runtime (make test runs it)
SUITE_WHY_test_crypto = tests the crypto adapters alone, no runtime in it (make test runs it)

define SUITE
SUITE_$(1)_DIR    = $$(BUILD)/suite-$(1)
SUITE_$(1)_NAMES  = $$(filter-out $$(SUITE_$(1)_SKIP),$$(SUITE_TESTS))
SUITE_$(1)_BINS   = $$(addprefix $$(SUITE_$(1)_DIR)/tests/,$$(SUITE_$(1)_NAMES))
SUITE_$(1)_PAIRS  = $$(patsubst $$(BUILD)/gen/%,$$(SUITE_$(1)_GEN)/%,$$(GEN_C))
SUITE_$(1)_I      = -I$$(SUITE_$(1)_GEN) $$(SUITE_$(1)_INC) -Isrc -Itests $$(if $$(filter shim,$$(SUITE_$(1)_CMOCKA)),-Itests/shim)
SUITE_$(1)_FW     = $$(if $$(filter shim,$$(SUITE_$(1)_CMOCKA)),$$(SUITE_$(1)_DIR)/shim.o,$$$$(pkg-config --libs cmocka))
SUITE_$(1)_FWDEP  = $$(if $$(filter shim,$$(SUITE_$(1)_CMOCKA)),$$(SUITE_$(1)_DIR)/shim.o)
SUITE_$(1)_HDRS   = $$(wildcard include/apig/*.h src/*/*.h tests/*.h tests/shim/*.h) $$(SUITE_$(1)_RUNTIME) \
                    $$(patsubst %.c,%.h,$$(SUITE_$(1)_PAIRS)) $$(GEN_VIEW_H)
SUITE_$(1)_LINK   = $$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) $$(SUITE_$(1)_I)
SUITE_$(1)_NOTRUN = $$(foreach t,$$(filter $$(SUITE_$(1)_SKIP),$$(SUITE_TESTS)),$$t=$$(or $$(SUITE_$(1)_WHY_$$t),$$(SUITE_WHY_$$t),not built)|)

# Objects: src/x.c -> DIR/{san,plain}/src/x.o, build/gen/y.c -> DIR/san/build/gen/y.o
$$(SUITE_$(1)_DIR)/san/%.o: %.c $$(SUITE_$(1)_HDRS) | $$(DEPS_STAMP) $$(SUITE_$(1)_ORDER)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) $$(SUITE_$(1)_SAN) $$(SUITE_$(1)_I) -c $$< -o $$@
$$(SUITE_$(1)_DIR)/plain/%.o: %.c $$(SUITE_$(1)_HDRS) | $$(DEPS_STAMP) $$(SUITE_$(1)_ORDER)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) $$(SUITE_$(1)_I) -c $$< -o $$@
$$(SUITE_$(1)_DIR)/shim.o: $$(SUITE_SHIM) tests/shim/cmocka.h | $$(SUITE_$(1)_ORDER)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) -Itests/shim -c $$< -o $$@

SUITE_$(1)_RT_SAN   = $$(patsubst %.c,$$(SUITE_$(1)_DIR)/san/%.o,$$(SUITE_$(1)_RUNTIME))
SUITE_$(1)_RT_PLAIN = $$(patsubst %.c,$$(SUITE_$(1)_DIR)/plain/%.o,$$(SUITE_$(1)_RUNTIME))
SUITE_$(1)_SC_SAN   = $$(patsubst %.c,$$(SUITE_$(1)_DIR)/san/%.o,$$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES))
SUITE_$(1)_SC_PLAIN = $$(patsubst %.c,$$(SUITE_$(1)_DIR)/plain/%.o,$$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES))
SUITE_$(1)_VIEW_SAN = $$(patsubst %.c,$$(SUITE_$(1)_DIR)/san/%.o,$$(GEN_VIEW_C) $$(GEN_VIEW_EX))
$$(SUITE_$(1)_DIR)/libruntime-san.a: $$(SUITE_$(1)_RT_SAN)
	rm -f $$@ && ar rcs $$@ $$^
$$(SUITE_$(1)_DIR)/libruntime.a: $$(SUITE_$(1)_RT_PLAIN)
	rm -f $$@ && ar rcs $$@ $$^
$$(SUITE_$(1)_DIR)/libschemas-san.a: $$(SUITE_$(1)_SC_SAN)
	rm -f $$@ && ar rcs $$@ $$^
$$(SUITE_$(1)_DIR)/libschemas.a: $$(SUITE_$(1)_SC_PLAIN)
	rm -f $$@ && ar rcs $$@ $$^
$$(SUITE_$(1)_DIR)/libschemas-view-san.a: $$(SUITE_$(1)_VIEW_SAN)
	rm -f $$@ && ar rcs $$@ $$^

# The tests. Most link the runtime and the bundled tables, sanitized.
$$(SUITE_$(1)_DIR)/tests/%: tests/%.c $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_DIR)/libschemas-san.a $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_SAN) $$(SUITE_$(1)_FLAGS_$$(notdir $$@)) -o $$@ $$< $$(SUITE_$(1)_DIR)/libschemas-san.a $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_noalloc%: tests/test_noalloc%.c $$(SUITE_$(1)_DIR)/libruntime.a $$(SUITE_$(1)_DIR)/libschemas.a $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_FLAGS_$$(notdir $$@)) -o $$@ $$< $$(SUITE_$(1)_DIR)/libschemas.a $$(SUITE_$(1)_DIR)/libruntime.a $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_capacity_300: tests/test_capacity_300.c $$(SUITE_$(1)_HDRS) $$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES) $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_SAN) -DVPCM_MEMBERS_MAX=300 -o $$@ $$< $$(SUITE_$(1)_RUNTIME) $$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES) $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_small_code: tests/test_small_code.c tests/test_json.c $$(SUITE_$(1)_HDRS) $$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES) $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_SAN) -DAPIG_CFG_SMALL_CODE -o $$@ $$< $$(SUITE_$(1)_RUNTIME) $$(SUITE_$(1)_PAIRS) $$(SUITE_$(1)_EXAMPLES) $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_short_enums: tests/test_short_enums.c $$(SUITE_$(1)_HDRS) $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_SAN) -fshort-enums -c src/json/tokenizer.c -o $$@-tokenizer.o
	$$(SUITE_$(1)_LINK) $$(SUITE_$(1)_SAN) -o $$@ $$< $$(filter-out src/json/tokenizer.c,$$(SUITE_$(1)_RUNTIME)) $$@-tokenizer.o $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_views: tests/test_views.c $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_DIR)/libschemas-view-san.a $$(GEN_VIEW_H) $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) -I$$(BUILD)/gen-view $$(SUITE_$(1)_I) $$(SUITE_$(1)_SAN) -o $$@ $$< $$(SUITE_$(1)_DIR)/libschemas-view-san.a $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_as_service: tests/test_as_service.c $$(BUILD)/gen-tests/service.c $$(BUILD)/gen-tests/service.h $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_DIR)/libschemas-san.a $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) -I$$(BUILD)/gen-tests $$(SUITE_$(1)_I) $$(SUITE_$(1)_SAN) -o $$@ $$< $$(BUILD)/gen-tests/service.c $$(SUITE_$(1)_DIR)/libschemas-san.a $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_FW)
$$(SUITE_$(1)_DIR)/tests/test_types: tests/test_types.c $$(BUILD)/gen-tests/typed.c $$(BUILD)/gen-tests/typed.h $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_FWDEP)
	@mkdir -p $$(dir $$@)
	$$(SUITE_$(1)_CC) $$(SUITE_CFLAGS) -I$$(BUILD)/gen-tests $$(SUITE_$(1)_I) $$(SUITE_$(1)_SAN) -o $$@ $$< $$(BUILD)/gen-tests/typed.c $$(BUILD)/gen-tests/typed_examples.c $$(SUITE_$(1)_DIR)/libruntime-san.a $$(SUITE_$(1)_FW)

.PHONY: suite-$(1)
suite-$(1): $$(SUITE_$(1)_BINS) | $$(SUITE_$(1)_DEPS)
	@$$(SUITE_$(1)_ENV) scripts/run-suite $(1) "$$(SUITE_$(1)_RUN)" "$$(SUITE_$(1)_NOTRUN)" $$(SUITE_$(1)_BINS)
endef
