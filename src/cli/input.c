/* Reading a whole input for the CLI. The library never reads files; the
 * tool owns this heap buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_read_input(const char *path, char **data, size_t *len)
{
    FILE *f = stdin;
    if (path && strcmp(path, "-") != 0) {
        f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "apig: cannot open %s: %s\n", path, strerror(errno));
            return -1;
        }
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = !buf || ferror(f);
    int read_errno = errno;
    if (f != stdin)
        fclose(f);
    if (failed) {
        fprintf(stderr, "apig: cannot read %s: %s\n", path && strcmp(path, "-") ? path : "standard input",
                buf ? strerror(read_errno) : "out of memory");
        free(buf);
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}
