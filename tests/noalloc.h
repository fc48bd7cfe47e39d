/* SPDX-License-Identifier: MIT */
/*
 * noalloc.h - counts heap calls, for the test_noalloc_* binaries.
 *
 * Included by exactly one translation unit per binary. It interposes
 * malloc, calloc, realloc, free, aligned_alloc and posix_memalign,
 * forwarding to glibc's own entry points; while `counting` is set every
 * call is counted in `heap_calls`. Such binaries are built without
 * sanitizers (the Makefile's test_noalloc% rule), which interpose the same
 * functions.
 */
#ifndef APIG_TESTS_NOALLOC_H
#define APIG_TESTS_NOALLOC_H

#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *p);

static volatile int counting;
static volatile size_t heap_calls;

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size);

void *malloc(size_t size)
{
    if (counting)
        heap_calls++;
    return __libc_malloc(size);
}
void *calloc(size_t n, size_t size)
{
    if (counting)
        heap_calls++;
    return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size)
{
    if (counting)
        heap_calls++;
    return __libc_realloc(p, size);
}
void free(void *p)
{
    if (counting && p)
        heap_calls++;
    __libc_free(p);
}
void *aligned_alloc(size_t alignment, size_t size)
{
    if (counting)
        heap_calls++;
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (counting)
        heap_calls++;
    void *p = __libc_memalign(alignment, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

#endif
