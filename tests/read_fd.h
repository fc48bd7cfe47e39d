/* SPDX-License-Identifier: MIT */
/*
 * read_fd.h - reads what a child process wrote to a temporary file, for the
 * test binaries that run the CLI. Included by one translation unit per
 * binary, after cmocka.h.
 */
#ifndef APIG_TESTS_READ_FD_H
#define APIG_TESTS_READ_FD_H

#include <stdlib.h>
#include <unistd.h>

/* Everything in fd from its start, NUL-terminated, on the heap; *len gets
 * its length. */
static char *read_fd(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    assert_true(lseek(fd, 0, SEEK_SET) == 0);
    for (;;) {
        ssize_t k = read(fd, buf + n, cap - n);
        assert_true(k >= 0);
        if (k == 0)
            break;
        n += (size_t)k;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

#endif
