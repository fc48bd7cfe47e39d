/* SPDX-License-Identifier: MIT */
/* Reading an input for the CLI. The library never reads files; the tool
 * owns this heap buffer. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Small bodies are the common case: start here and double up to the cap. */
#define FIRST_CHUNK ((size_t)1 << 16)

int cli_read_input(const char *path, size_t max_bytes, char **data, size_t *len)
{
    bool named = path && strcmp(path, "-") != 0;
    int fd = STDIN_FILENO;
    if (named) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "apig: cannot open %s: %s\n", path, strerror(errno));
            return -1;
        }
    }
    /* One byte past the limit is all the library needs to refuse the input
     * as too large; anything more would only cost memory and time on an
     * endless stream. read(2), not stdio, so that not one byte past it is
     * taken from a shared descriptor (stdio reads ahead a block). */
    size_t want = max_bytes < SIZE_MAX ? max_bytes + 1 : SIZE_MAX;
    size_t cap = want < FIRST_CHUNK ? want : FIRST_CHUNK, n = 0;
    char *buf = malloc(cap);
    bool out_of_memory = !buf;
    int read_errno = 0;
    while (buf && n < want) {
        if (n == cap) {
            size_t bigger_cap = cap > want / 2 ? want : cap * 2;
            char *bigger = realloc(buf, bigger_cap);
            if (!bigger) {
                out_of_memory = true;
                break;
            }
            buf = bigger;
            cap = bigger_cap;
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            read_errno = errno;
            break;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    if (named)
        close(fd);
    if (out_of_memory || read_errno) {
        fprintf(stderr, "apig: cannot read %s: %s\n", named ? path : "standard input",
                out_of_memory ? "out of memory" : strerror(read_errno));
        free(buf);
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}
