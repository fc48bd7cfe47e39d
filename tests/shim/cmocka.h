/* SPDX-License-Identifier: MIT */
/*
 * tests/shim/cmocka.h - the part of cmocka's API that apig's tests use, for
 * the targets Debian has no libcmocka for without multiarch: the 32-bit
 * (-m32) and big-endian (s390x under qemu-user) runs, mk/portable.mk.
 * Built with -Itests/shim, <cmocka.h> is this file and tests/shim/cmocka.c
 * its implementation; the tests themselves are unchanged.
 *
 * What it supports: struct CMUnitTest and its cmocka_unit_test* makers
 * (setup, teardown, prestate), cmocka_run_group_tests(_name) with group
 * set-up and tear-down, assert_true/false, assert_(non_)null,
 * assert_int_(not_)equal, assert_ptr_(not_)equal, assert_string_equal,
 * assert_memory_equal, fail, fail_msg, skip, print_message, print_error.
 * Output follows cmocka's own ("[  PASSED  ] N test(s).", "[  FAILED  ] N
 * test(s), listed below:", "[  SKIPPED ] N test(s), ..."), which is what
 * the Makefile's runners count. A test that fails or skips leaves by
 * longjmp, as with cmocka; a crash ends the binary (cmocka would catch the
 * signal): the runner then counts it as failed, having no summary line.
 *
 * The tests include <setjmp.h>, <stdarg.h>, <stddef.h> and <stdint.h>
 * before it, as cmocka requires; this header includes what it needs itself.
 */
#ifndef APIG_TEST_SHIM_CMOCKA_H
#define APIG_TEST_SHIM_CMOCKA_H

#include <stddef.h>
#include <stdint.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

#define cmocka_unit_test(f) { #f, f, NULL, NULL, NULL }
#define cmocka_unit_test_setup(f, setup) { #f, f, setup, NULL, NULL }
#define cmocka_unit_test_teardown(f, teardown) { #f, f, NULL, teardown, NULL }
#define cmocka_unit_test_setup_teardown(f, setup, teardown) { #f, f, setup, teardown, NULL }
#define cmocka_unit_test_prestate(f, state) { #f, f, NULL, NULL, state }
#define cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, state) { #f, f, setup, teardown, state }

int apig_shim_run_group(const char *group, const struct CMUnitTest *tests, size_t count,
                        CMFixtureFunction group_setup, CMFixtureFunction group_teardown);
#define cmocka_run_group_tests(tests, setup, teardown) \
    apig_shim_run_group(#tests, tests, sizeof(tests) / sizeof((tests)[0]), setup, teardown)
#define cmocka_run_group_tests_name(name, tests, setup, teardown) \
    apig_shim_run_group(name, tests, sizeof(tests) / sizeof((tests)[0]), setup, teardown)

/* cmocka compares integers as its LargestIntegralType (uintmax_t here). */
void apig_shim_int_equal(uintmax_t a, uintmax_t b, int want_equal, const char *file, int line);
void apig_shim_ptr_equal(const void *a, const void *b, int want_equal, const char *file, int line);
void apig_shim_true(int value, const char *expression, const char *file, int line);
void apig_shim_string_equal(const char *a, const char *b, const char *file, int line);
void apig_shim_memory_equal(const void *a, const void *b, size_t size, const char *file, int line);
void apig_shim_fail(const char *file, int line);
void apig_shim_skip(const char *file, int line);
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void print_message(const char *format, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void print_error(const char *format, ...);

#define assert_true(c) apig_shim_true(!!(c), #c, __FILE__, __LINE__)
#define assert_false(c) apig_shim_true(!(c), "!(" #c ")", __FILE__, __LINE__)
#define assert_non_null(p) apig_shim_true((p) != NULL, #p " != NULL", __FILE__, __LINE__)
#define assert_null(p) apig_shim_true((p) == NULL, #p " == NULL", __FILE__, __LINE__)
#define assert_int_equal(a, b) apig_shim_int_equal((uintmax_t)(a), (uintmax_t)(b), 1, __FILE__, __LINE__)
#define assert_int_not_equal(a, b) apig_shim_int_equal((uintmax_t)(a), (uintmax_t)(b), 0, __FILE__, __LINE__)
#define assert_ptr_equal(a, b) apig_shim_ptr_equal((const void *)(a), (const void *)(b), 1, __FILE__, __LINE__)
#define assert_ptr_not_equal(a, b) apig_shim_ptr_equal((const void *)(a), (const void *)(b), 0, __FILE__, __LINE__)
#define assert_string_equal(a, b) apig_shim_string_equal((const char *)(a), (const char *)(b), __FILE__, __LINE__)
#define assert_memory_equal(a, b, size) \
    apig_shim_memory_equal((const void *)(a), (const void *)(b), (size_t)(size), __FILE__, __LINE__)
#define fail() apig_shim_fail(__FILE__, __LINE__)
#define fail_msg(...) (print_error("ERROR: " __VA_ARGS__), print_error("\n"), apig_shim_fail(__FILE__, __LINE__))
#define skip() apig_shim_skip(__FILE__, __LINE__)

#endif
