# SPDX-License-Identifier: MIT
# mk/portable.mk - the runtime built and tested where it is not x86-64
# (issue 14): 32-bit x86 (-m32) and big-endian s390x under qemu-user.
#
#   make test-m32     the unit tests (mk/suite.mk) and the runtime, built by
#                     gcc -m32 from src/ as libapig is, under ASan+UBSan, or
#                     under UBSan by qemu-i386 where the kernel runs no
#                     32-bit programs
#   make test-s390x   the same by s390x-linux-gnu-gcc (big-endian, 64-bit),
#                     under UBSan, each binary run by qemu-s390x
#   make test-ports   both
#
# Both use tests/shim/ for cmocka: Debian has libcmocka for i386 and s390x
# only as foreign-architecture packages (dpkg --add-architecture), which
# this build does not set up. The generated tables come from the host's
# apig-gen ($(BUILD)/gen, gen-view, gen-tests): generated C is the same for
# every target (sizes and offsets are the compiler's, through sizeof and
# offsetof). Left out, with the reason printed by each run: the tests that
# drive the apig tool or link the crypto adapters (the tool and the adapters
# need OpenSSL or Mbed TLS for the target: multiarch again), and those that
# are about host tools (apig-gen, valgrind's instruction counts).
#
# The packages (PORTABLE_PKGS) are Debian's. gcc-multilib itself is not
# among them: Debian's cross compilers conflict with it (it only adds the
# /usr/include/asm link), so the pieces it depends on are installed
# instead and the -m32 build finds <asm/...> through a link of its own
# ($(BUILD)/m32-include).
PORTABLE_PKGS = lib32gcc-12-dev libc6-dev-i386 qemu-user gcc-s390x-linux-gnu libc6-dev-s390x-cross

$(BUILD)/.deps-portable: Makefile mk/portable.mk
	@mkdir -p $(BUILD)
	@scripts/ensure-deps $(PORTABLE_PKGS)
	@touch $@

$(BUILD)/m32-include/asm: | $(BUILD)/.deps-portable
	@mkdir -p $(dir $@)
	ln -sfn /usr/include/x86_64-linux-gnu/asm $@

PORTABLE_SKIP = test_cost test_gen test_crypto test_signature test_cli_help test_cli_input test_cli_request test_response
PORTABLE_WHY_TOOL = drives the apig tool, which links OpenSSL: Debian has none for this target without multiarch (test-dist and make test run it)
PORTABLE_WHY_CRYPTO = links the crypto adapters (OpenSSL, Mbed TLS): Debian has none for this target without multiarch (test-dist and make test run it)

# ---- 32-bit x86 ------------------------------------------------------------------
# Run natively, under ASan+UBSan, where the kernel runs 32-bit programs; where
# it does not (ia32_emulation=off, as on this project's machines), under
# qemu-i386 and UBSan alone (ASan's shadow memory does not map under
# qemu-user). Debian's i386 loader, from libc6-i386, is the probe.
M32_NATIVE = $(shell /lib/ld-linux.so.2 --version >/dev/null 2>&1 && echo yes)
# _FILE_OFFSET_BITS=64: the tests list folders (readdir), which 32-bit glibc
# otherwise fails on 64-bit inode numbers (EOVERFLOW). The runtime has no
# file or time type in its API (apig_decoder.now is an int64_t).
SUITE_m32_CC       = gcc -m32 -idirafter $(BUILD)/m32-include -D_FILE_OFFSET_BITS=64
SUITE_m32_SAN      = $(if $(M32_NATIVE),$(SAN),-fsanitize=undefined -fno-sanitize-recover=all)
SUITE_m32_RUNTIME  = $(RUNTIME_SRC)
SUITE_m32_INC      = -Iinclude
SUITE_m32_GEN      = $(BUILD)/gen
SUITE_m32_EXAMPLES = $(GEN_EX)
SUITE_m32_CMOCKA   = shim
SUITE_m32_RUN      = $(if $(M32_NATIVE),,qemu-i386 -L /)
SUITE_m32_ENV      = env -u APIG_CLI -u APIG_CLI_VIEW
SUITE_m32_SKIP     = $(PORTABLE_SKIP)
SUITE_m32_ORDER    = $(BUILD)/.deps-portable $(BUILD)/m32-include/asm
SUITE_m32_WHY_test_signature = $(PORTABLE_WHY_CRYPTO)
$(foreach t,test_cli_help test_cli_input test_cli_request test_response,$(eval SUITE_m32_WHY_$(t) = $$(PORTABLE_WHY_TOOL)))
$(eval $(call SUITE,m32))

# ---- s390x: big-endian, under qemu-user -------------------------------------------
# UBSan only: ASan's shadow memory does not map under qemu-user.
S390X_SYSROOT      = /usr/s390x-linux-gnu
SUITE_s390x_CC       = s390x-linux-gnu-gcc
SUITE_s390x_SAN      = -fsanitize=undefined -fno-sanitize-recover=all
SUITE_s390x_RUNTIME  = $(RUNTIME_SRC)
SUITE_s390x_INC      = -Iinclude
SUITE_s390x_GEN      = $(BUILD)/gen
SUITE_s390x_EXAMPLES = $(GEN_EX)
SUITE_s390x_CMOCKA   = shim
SUITE_s390x_RUN      = qemu-s390x -L $(S390X_SYSROOT)
SUITE_s390x_ENV      = env -u APIG_CLI -u APIG_CLI_VIEW
SUITE_s390x_SKIP     = $(PORTABLE_SKIP)
SUITE_s390x_ORDER    = $(BUILD)/.deps-portable
SUITE_s390x_WHY_test_signature = $(PORTABLE_WHY_CRYPTO)
# Stack use: the s390x ABI gives every frame a 160-byte register save area,
# so the x86-64 bounds of test_noalloc_decode (1280, 1344, 1536) are doubled
# here (it measured 2096, 2400 and 2592 bytes).
SUITE_s390x_FLAGS_test_noalloc_decode = -DSTACK_BOUND=2560 -DSTACK_BOUND_ERRORS=2688 -DSTACK_BOUND_REQUEST=3072
$(foreach t,test_cli_help test_cli_input test_cli_request test_response,$(eval SUITE_s390x_WHY_$(t) = $$(PORTABLE_WHY_TOOL)))
$(eval $(call SUITE,s390x))

.PHONY: test-m32 test-s390x test-ports
test-m32: suite-m32
test-s390x: suite-s390x
test-ports: test-m32 test-s390x
