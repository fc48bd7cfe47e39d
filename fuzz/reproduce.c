/* SPDX-License-Identifier: MIT */
/*
 * reproduce.c - the main() that turns a fuzz target into a plain program,
 * without libFuzzer: `fuzz_X FILE|DIR...` runs LLVMFuzzerTestOneInput once
 * per file (a directory: on each regular file in it, in name order), and
 * with no argument once on standard input. It prints one line per input run
 * to stderr only with -v, and "N inputs" at the end. A target reports a
 * finding by crashing (abort, a sanitizer report), so exit 0 means none.
 *
 * make test builds every target so, with the sanitizers, and replays
 * fuzz/corpus/<target>/ and fuzz/regressions/<target>/ through it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int verbose;
static size_t runs;

static int run_stream(FILE *f, const char *name)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        uint8_t *more = realloc(buf, cap * 2);
        if (!more) {
            free(buf);
            return -1;
        }
        buf = more;
        cap *= 2;
    }
    if (ferror(f)) {
        fprintf(stderr, "reproduce: cannot read %s\n", name);
        free(buf);
        return -1;
    }
    if (verbose)
        fprintf(stderr, "reproduce: %s (%zu bytes)\n", name, n);
    /* An exact copy of the input's size, so that the sanitizers catch a
     * read one byte past it. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    runs++;
    return 0;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "reproduce: cannot open %s\n", path);
        return -1;
    }
    int rc = run_stream(f, path);
    fclose(f);
    return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "reproduce: no such file or directory: %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    struct dirent **names;
    int n = scandir(path, &names, NULL, by_name);
    if (n < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, names[i]->d_name);
        struct stat cs;
        if (names[i]->d_name[0] != '.' && stat(child, &cs) == 0 && S_ISREG(cs.st_mode) &&
            run_file(child) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0, paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
            continue;
        }
        paths++;
        if (run_path(argv[i]) != 0)
            rc = 1;
    }
    if (paths == 0 && run_stream(stdin, "standard input") != 0)
        rc = 1;
    fprintf(stderr, "%s: %zu inputs\n", argv[0], runs);
    return rc;
}
