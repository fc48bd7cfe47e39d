/* SPDX-License-Identifier: MIT */
/*
 * tests/shim/cmocka.c - the cmocka subset of tests/shim/cmocka.h: runs a
 * group's tests in order, each between its set-up and tear-down, and leaves
 * a failing or skipped test by longjmp. Plain C99 and the C library only,
 * so that it builds wherever the tests are compiled (-m32, cross
 * compilers).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka.h"

enum { RUNNING, FAILED, SKIPPED };

static jmp_buf leave;
static int in_test;

static void stop(int how)
{
    if (!in_test) {
        /* outside a test (a group set-up, say): nothing to return to */
        fprintf(stderr, "[  ERROR   ] failure outside a test\n");
        fflush(NULL);
        _Exit(1);
    }
    longjmp(leave, how);
}

void print_message(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vprintf(format, ap);
    va_end(ap);
    fflush(stdout);
}

void print_error(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fflush(stderr);
}

static void where(const char *file, int line)
{
    print_error("%s:%d: error: Failure!\n", file, line);
}

void apig_shim_int_equal(uintmax_t a, uintmax_t b, int want_equal, const char *file, int line)
{
    if ((a == b) == !!want_equal)
        return;
    print_error("%" PRIuMAX " (%#" PRIxMAX ") %s %" PRIuMAX " (%#" PRIxMAX ")\n", a, a,
                want_equal ? "!=" : "==", b, b);
    where(file, line);
    stop(FAILED);
}

void apig_shim_ptr_equal(const void *a, const void *b, int want_equal, const char *file, int line)
{
    if ((a == b) == !!want_equal)
        return;
    print_error("%p %s %p\n", a, want_equal ? "!=" : "==", b);
    where(file, line);
    stop(FAILED);
}

void apig_shim_true(int value, const char *expression, const char *file, int line)
{
    if (value)
        return;
    print_error("%s\n", expression);
    where(file, line);
    stop(FAILED);
}

void apig_shim_string_equal(const char *a, const char *b, const char *file, int line)
{
    if (a != NULL && b != NULL && strcmp(a, b) == 0)
        return;
    print_error("\"%s\" != \"%s\"\n", a ? a : "(null)", b ? b : "(null)");
    where(file, line);
    stop(FAILED);
}

void apig_shim_memory_equal(const void *a, const void *b, size_t size, const char *file, int line)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < size; i++) {
        if (x[i] != y[i]) {
            print_error("difference at offset %zu 0x%02x 0x%02x\n", i, x[i], y[i]);
            where(file, line);
            stop(FAILED);
        }
    }
}

void apig_shim_fail(const char *file, int line)
{
    where(file, line);
    stop(FAILED);
}

void apig_shim_skip(const char *file, int line)
{
    (void)file;
    (void)line;
    stop(SKIPPED);
}

/* Runs one fixture or test body; returns RUNNING when it returned. */
static int run_one(const struct CMUnitTest *t, void **state, int which)
{
    volatile int how;
    in_test = 1;
    how = setjmp(leave);
    if (how == RUNNING) {
        if (which == 0 && t->setup_func && t->setup_func(state) != 0)
            how = FAILED;
        else if (which == 1)
            t->test_func(state);
        else if (which == 2 && t->teardown_func && t->teardown_func(state) != 0)
            how = FAILED;
    }
    in_test = 0;
    return how;
}

int apig_shim_run_group(const char *group, const struct CMUnitTest *tests, size_t count,
                        CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
    void *group_state = NULL;
    size_t passed = 0, failed = 0, skipped = 0;
    const char *failed_names[256], *skipped_names[256];

    printf("[==========] %s: Running %zu test(s).\n", group, count);
    if (group_setup && group_setup(&group_state) != 0) {
        printf("[  ERROR   ] %s: group set-up failed\n", group);
        printf("[  FAILED  ] %zu test(s), listed below:\n", count);
        fflush(stdout);
        return (int)count;
    }
    for (size_t i = 0; i < count; i++) {
        const struct CMUnitTest *t = &tests[i];
        void *state = t->initial_state ? t->initial_state : group_state;
        int how;
        printf("[ RUN      ] %s\n", t->name);
        fflush(stdout);
        how = run_one(t, &state, 0);
        if (how == RUNNING) {
            how = run_one(t, &state, 1);
            int down = run_one(t, &state, 2);
            if (how == RUNNING)
                how = down;
        }
        if (how == RUNNING) {
            printf("[       OK ] %s\n", t->name);
            passed++;
        } else if (how == SKIPPED) {
            printf("[  SKIPPED ] %s\n", t->name);
            if (skipped < 256)
                skipped_names[skipped] = t->name;
            skipped++;
        } else {
            printf("[  FAILED  ] %s\n", t->name);
            if (failed < 256)
                failed_names[failed] = t->name;
            failed++;
        }
        fflush(stdout);
    }
    if (group_teardown)
        (void)group_teardown(&group_state);
    printf("[==========] %s: %zu test(s) run.\n", group, count);
    printf("[  PASSED  ] %zu test(s).\n", passed);
    if (skipped) {
        printf("[  SKIPPED ] %zu test(s), listed below:\n", skipped);
        for (size_t i = 0; i < skipped && i < 256; i++)
            printf("[  SKIPPED ] %s\n", skipped_names[i]);
    }
    if (failed) {
        printf("\n[  FAILED  ] %zu test(s), listed below:\n", failed);
        for (size_t i = 0; i < failed && i < 256; i++)
            printf("[  FAILED  ] %s\n", failed_names[i]);
    }
    fflush(stdout);
    return (int)failed;
}
