/* SPDX-License-Identifier: MIT */
/*
 * apig-gen - the schema compiler.
 *
 *     apig-gen [--string-storage inline|view] schemas/<op>.yaml build/gen/<op>
 *     apig-gen --help | --version
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

#include <apig/apig.h> /* APIG_VERSION_STRING */

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

/* out.h, out.c and out_examples.c from r: all three files or none (each
 * is written beside its name, then renamed). */
static bool write_outputs(const char *out, const gen_result *r)
{
    const gen_buf files[3] = {r->header, r->source, r->examples};
    static const char *const ext[3] = {".h", ".c", "_examples.c"};
    char *final[3], *tmp[3];
    for (int i = 0; i < 3; i++) {
        final[i] = gen_concat(out, ext[i]);
        tmp[i] = gen_concat(final[i], ".tmp");
    }
    bool ok = true;
    int written = 0; /* tmp[0..written) are this run's files */
    while (ok && written < 3) {
        ok = write_file(tmp[written], &files[written]);
        if (ok)
            written++;
    }
    int renamed = 0; /* and then final[0..renamed) */
    while (ok && renamed < 3) {
        if (rename(tmp[renamed], final[renamed]) != 0) {
            fprintf(stderr, "%s: error: cannot rename: %s\n", final[renamed], strerror(errno));
            ok = false;
        } else {
            renamed++;
        }
    }
    /* On failure, this run's files go, and only they: what holds a name
     * the run could not create or rename onto is someone else's. */
    for (int i = 0; i < 3; i++) {
        if (!ok && i < renamed)
            remove(final[i]);
        else if (!ok && i < written)
            remove(tmp[i]);
        free(final[i]);
        free(tmp[i]);
    }
    return ok;
}

static int usage(FILE *to)
{
    fprintf(to, "usage: apig-gen [--string-storage inline|view] SCHEMA.yaml OUTPUT-PREFIX\n"
                "       apig-gen --help | --version\n"
                "  Reads the schema SCHEMA.yaml, checks it completely, and only then writes\n"
                "  OUTPUT-PREFIX.h, OUTPUT-PREFIX.c and OUTPUT-PREFIX_examples.c (all three or\n"
                "  none), for table format %d.\n"
                "  --string-storage inline|view  how the file's body strings are stored,\n"
                "                 over the schema's x-string-storage (a field's own x-storage\n"
                "                 still wins): char arrays in the struct (inline, the\n"
                "                 default) or views into the body (view)\n"
                "  --help         print this and exit\n"
                "  --version      print the version and the table format, and exit\n"
                "  Exit 0 when the files are written, 1 on any error (messages on stderr\n"
                "  as FILE:LINE:COLUMN: error: ...).\n",
            APIG_TABLE_FORMAT);
    return to == stdout ? 0 : 1;
}

int main(int argc, char **argv)
{
    /* --string-storage inline|view: the file's default for its strings
     * (a field's own x-storage still wins), e.g. to build a schema both ways. */
    int storage = -1;
    int arg = 1;
    for (; arg < argc && argv[arg][0] == '-' && argv[arg][1] != '\0'; arg++) {
        const char *a = argv[arg];
        if (strcmp(a, "--") == 0) {
            arg++;
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout);
        if (strcmp(a, "--version") == 0) {
            printf("apig-gen %s (table format %d)\n", APIG_VERSION_STRING, APIG_TABLE_FORMAT);
            return fflush(stdout) == 0 ? 0 : 1;
        }
        if (strcmp(a, "--string-storage") == 0 || strncmp(a, "--string-storage=", 17) == 0) {
            const char *v = a[16] == '=' ? a + 17 : arg + 1 < argc ? argv[++arg] : "";
            if (strcmp(v, "inline") == 0)
                storage = 0;
            else if (strcmp(v, "view") == 0)
                storage = 1;
            else {
                fprintf(stderr, "apig-gen: error: --string-storage takes inline or view\n");
                return 1;
            }
            continue;
        }
        fprintf(stderr, "apig-gen: error: unknown option '%s'\n", a);
        return usage(stderr);
    }
    argc -= arg - 1;
    argv += arg - 1;
    if (argc != 3)
        return usage(stderr);
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
    bool ok = write_outputs(out, &r);
    gen_result_free(&r);
    return ok ? 0 : 1;
}
