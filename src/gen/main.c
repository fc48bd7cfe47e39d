/* SPDX-License-Identifier: MIT */
/*
 * apig-gen - the schema compiler.
 *
 *     apig-gen schemas/<op>.yaml build/gen/<op>
 *
 * reads the schema, checks it completely, and only then writes
 * build/gen/<op>.h and build/gen/<op>.c (through temporary files renamed
 * into place, so a failed run never leaves partial output). Exit status 0
 * on success, 1 on any error (messages on stderr as file:line:column).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return NULL;
    }
    char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= GEN_MAX_SCHEMA_BYTES) {
                fprintf(stderr, "%s: error: larger than %zu bytes\n", path, GEN_MAX_SCHEMA_BYTES);
                free(data);
                fclose(f);
                return NULL;
            }
            cap = cap ? 2 * cap : 65536;
            data = gen_realloc(data, cap + 1);
        }
        size_t r = fread(data + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

static bool write_file(const char *path, const gen_buf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "%s: error: cannot create: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    if (fclose(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "%s: error: cannot write\n", path);
        remove(path);
    }
    return ok;
}

static bool safe_base(const char *b)
{
    if (!*b)
        return false;
    for (; *b; b++)
        if (!((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') || (*b >= '0' && *b <= '9') ||
              *b == '_' || *b == '-' || *b == '.'))
            return false;
    return true;
}

int main(int argc, char **argv)
{
    /* --string-storage inline|view: the file's default for its strings
     * (a field's own x-storage still wins), e.g. to build a schema both ways. */
    int storage = -1;
    if (argc == 5 && strcmp(argv[1], "--string-storage") == 0) {
        if (strcmp(argv[2], "inline") == 0)
            storage = 0;
        else if (strcmp(argv[2], "view") == 0)
            storage = 1;
        argv += 2;
        argc -= 2;
        if (storage < 0) {
            fprintf(stderr, "apig-gen: error: --string-storage takes inline or view\n");
            return 1;
        }
    }
    if (argc != 3) {
        fprintf(stderr, "usage: apig-gen [--string-storage inline|view] SCHEMA.yaml OUTPUT-PREFIX\n"
                        "  writes OUTPUT-PREFIX.h, OUTPUT-PREFIX.c and OUTPUT-PREFIX_examples.c\n");
        return 1;
    }
    const char *schema_path = argv[1], *out = argv[2];
    const char *out_base = base_name(out);
    if (!safe_base(out_base)) {
        fprintf(stderr, "apig-gen: error: output name '%s' must be letters, digits, '_', '-', '.'\n",
                out_base);
        return 1;
    }
    size_t len = 0;
    char *text = read_file(schema_path, &len);
    if (!text)
        return 1;
    gen_request rq = {schema_path, out_base, storage, stderr, NULL};
    gen_result r;
    gen_generate(text, len, &rq, &r);
    free(text);
    if (r.errors)
        return 1;
    gen_buf files[3] = {r.header, r.source, r.examples};

    /* All three files or none: each is written beside its name, then renamed. */
    static const char *const ext[3] = {".h", ".c", "_examples.c"};
    char *final[3], *tmp[3];
    for (int i = 0; i < 3; i++) {
        final[i] = gen_concat(out, ext[i]);
        tmp[i] = gen_concat(final[i], ".tmp");
    }
    bool ok = true;
    for (int i = 0; i < 3 && ok; i++)
        ok = write_file(tmp[i], &files[i]);
    int renamed = 0;
    for (int i = 0; i < 3 && ok; i++, renamed++)
        if (rename(tmp[i], final[i]) != 0) {
            fprintf(stderr, "%s: error: cannot rename: %s\n", final[i], strerror(errno));
            ok = false;
        }
    for (int i = 0; i < 3; i++) {
        if (!ok) {
            remove(tmp[i]);
            if (i < renamed)
                remove(final[i]);
        }
        free(final[i]);
        free(tmp[i]);
    }
    gen_result_free(&r);
    return ok ? 0 : 1;
}
