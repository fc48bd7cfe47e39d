/* SPDX-License-Identifier: MIT */
/* libFuzzer: the generator (src/gen, through gen_generate) on any bytes as
 * a schema never crashes, hangs or leaks, and either
 *  - reports errors: at least one, each one line "fuzz.yaml:L:C: error: ..."
 *    with L and C at least 1 and L within the input's lines, the count it
 *    returns, the first one's position as it says, and no output; or
 *  - generates: three non-empty outputs of printable ASCII and newlines
 *    that lex as C (comments closed and holding no comment start, literals
 *    closed, brackets balanced, no stray comment end), the header inside
 *    its include guard, the sources including it; and the same input
 *    generates the same bytes again.
 * A schema that generates is also generated with every string a view
 * (--string-storage view), which must do the same (generate or refuse with
 * positions). Messages are kept in memory, never printed. No input is
 * avoided and there is no size cap beyond gen_generate's own (4 MiB): the
 * one libfyaml hang found ("%\x97") is refused by apig before parsing. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_NAME "fuzz.yaml"
#define OUT_BASE "fuzz"

/* The most lines the input has, counting every YAML line break (\n, \r,
 * and the YAML 1.1 ones, NEL, LS and PS) as one. */
static long line_bound(const uint8_t *d, size_t n)
{
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        if (d[i] == '\n' || d[i] == '\r' || d[i] == 0x85 ||
            (d[i] == 0xE2 && i + 2 < n && d[i + 1] == 0x80 &&
             (d[i + 2] == 0xA8 || d[i + 2] == 0xA9)))
            lines++;
    return lines;
}

/* "fuzz.yaml:L:C: error: " at s; L and C into *line and *col. */
static bool message_head(const char *s, long *line, long *col)
{
    static const char file[] = FILE_NAME ":";
    if (strncmp(s, file, sizeof file - 1) != 0)
        return false;
    char *end;
    *line = strtol(s + sizeof file - 1, &end, 10);
    if (*end != ':')
        return false;
    *col = strtol(end + 1, &end, 10);
    return strncmp(end, ": error: ", 9) == 0;
}

static void check_errors(const gen_result *r, const gen_buf *msgs, const uint8_t *data, size_t size)
{
    if (r->errors < 1 || !msgs->data || r->header.data || r->source.data || r->examples.data)
        abort();
    if (strlen(msgs->data) != msgs->len || msgs->data[msgs->len - 1] != '\n')
        abort();
    long bound = line_bound(data, size);
    int count = 0;
    for (const char *p = msgs->data; *p; count++) {
        const char *nl = strchr(p, '\n');
        long line, col;
        if (!message_head(p, &line, &col) || line < 1 || col < 1 || line > bound)
            abort();
        if (count == 0 && (line != r->first.line || col != r->first.column))
            abort();
        if (strncmp(strstr(p, ": error: ") + 9, "internal error", 14) == 0)
            abort();
        p = nl + 1;
    }
    if (count != r->errors)
        abort();
}

/* Lexes C text: comments and literals closed (literals on their line),
 * brackets balanced and matched, no comment end outside a comment. */
static bool lexes(const char *s)
{
    char stack[256];
    size_t depth = 0;
    for (const char *p = s; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/"), *o = strstr(p + 2, "/*");
            if (!e || (o && o < e)) /* a comment start in a comment: -Wcomment */
                return false;
            p = e + 1;
        } else if (p[0] == '*' && p[1] == '/') {
            return false;
        } else if (p[0] == '/' && p[1] == '/') {
            return false; /* apig-gen writes no line comment */
        } else if (*p == '"' || *p == '\'') {
            char q = *p;
            for (p++; *p != q; p++) {
                if (*p == '\\')
                    p++;
                if (*p == '\0' || *p == '\n')
                    return false;
            }
        } else if (*p == '(' || *p == '[' || *p == '{') {
            if (depth == sizeof stack)
                return false;
            stack[depth++] = *p == '(' ? ')' : *p == '[' ? ']' : '}';
        } else if (*p == ')' || *p == ']' || *p == '}') {
            if (depth == 0 || stack[--depth] != *p)
                return false;
        }
    }
    return depth == 0;
}

static void check_text(const gen_buf *b)
{
    if (!b->data || b->len == 0 || strlen(b->data) != b->len || b->data[b->len - 1] != '\n')
        abort();
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c != '\n' && (c < 0x20 || c > 0x7E))
            abort();
    }
    if (!lexes(b->data))
        abort();
}

static void check_outputs(const gen_result *r, const gen_buf *msgs)
{
    if (r->errors != 0 || msgs->len != 0)
        abort();
    check_text(&r->header);
    check_text(&r->source);
    check_text(&r->examples);
    /* #ifndef X_GEN_H / #define X_GEN_H ... #endif / * X_GEN_H * / */
    const char *h = r->header.data;
    const char *g = strstr(h, "#ifndef ");
    if (!g)
        abort();
    g += 8;
    size_t n = strcspn(g, "\n");
    if (n < 7 || strncmp(g + n - 6, "_GEN_H", 6) != 0 || g[n] != '\n' ||
        strncmp(g + n + 1, "#define ", 8) != 0 || strncmp(g + n + 9, g, n) != 0 ||
        g[n + 9 + n] != '\n')
        abort();
    char tail[128];
    if (n > 64)
        abort();
    int t = snprintf(tail, sizeof tail, "#endif /* %.*s */\n", (int)n, g);
    if (r->header.len < (size_t)t || strcmp(h + r->header.len - (size_t)t, tail) != 0)
        abort();
    if (!strstr(r->source.data, "#include \"" OUT_BASE ".h\"\n") ||
        !strstr(r->examples.data, "#include \"" OUT_BASE ".h\"\n"))
        abort();
}

static bool same(const gen_buf *a, const gen_buf *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* One run in `storage` mode, checked; the result stays in *r, its
 * messages in *msgs. */
static void run(const uint8_t *data, size_t size, int storage, gen_result *r, gen_buf *msgs)
{
    *msgs = (gen_buf){0};
    gen_request rq = {FILE_NAME, OUT_BASE, storage, NULL, msgs};
    int n = gen_generate((const char *)data, size, &rq, r);
    if (n != r->errors)
        abort();
    if (n)
        check_errors(r, msgs, data, size);
    else
        check_outputs(r, msgs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gen_result first, again;
    gen_buf m1, m2;
    run(data, size, -1, &first, &m1);
    if (first.errors == 0) {
        /* The same input, the same bytes. */
        run(data, size, -1, &again, &m2);
        if (again.errors || !same(&first.header, &again.header) ||
            !same(&first.source, &again.source) || !same(&first.examples, &again.examples))
            abort();
        gen_result_free(&again);
        free(m2.data);
        /* Every string a view: generates or refuses, as checked. */
        run(data, size, 1, &again, &m2);
        gen_result_free(&again);
        free(m2.data);
    }
    gen_result_free(&first);
    free(m1.data);
    return 0;
}
