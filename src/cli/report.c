/* SPDX-License-Identifier: MIT */
/* How every subcommand reports an error on stderr (see cli.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

void cli_print_error_line(const apig_error *e, const char *body, size_t len)
{
    fprintf(stderr, "%d %s %s @%zu: %s", e->status, e->code ? e->code : "-",
            e->path[0] ? e->path : "-", e->offset, e->detail ? e->detail : "");
    /* A syntax error in a body with something in it says where. */
    if (e->kind == APIG_ERROR_SYNTAX && body && !blank(body, len) && e->offset <= len) {
        size_t line, column;
        apig_offset_to_line_column(body, len, e->offset, &line, &column);
        fprintf(stderr, " at line %zu, column %zu", line, column);
    }
    if (e->param[0])
        fprintf(stderr, " (%s)", e->param);
    fputc('\n', stderr);
}

int cli_put_line(const char *s, size_t n)
{
    if (fwrite(s, 1, n, stdout) != n || putchar('\n') == EOF || fflush(stdout) != 0) {
        fprintf(stderr, "apig: cannot write standard output\n");
        return -1;
    }
    return 0;
}

int cli_reject(const apig_error *errors, size_t count, size_t stored, bool all,
               const char *body, size_t len)
{
    /* measured first: the message is worded on demand, at any length */
    size_t need = apig_error_encode(&errors[0], APIG_STYLE_COMPACT, NULL, 0);
    char *out = need == APIG_ENCODE_INVALID ? NULL : malloc(need + 1);
    if (!out) {
        fprintf(stderr, need == APIG_ENCODE_INVALID ? "apig: no error body to write\n"
                                                    : "apig: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    size_t n = apig_error_encode(&errors[0], APIG_STYLE_COMPACT, out, need + 1);
    int put = cli_put_line(out, n);
    free(out);
    if (put != 0)
        return APIG_EXIT_USAGE;
    size_t shown = all ? stored : 1;
    for (size_t i = 0; i < shown; i++)
        cli_print_error_line(&errors[i], body, len);
    if (all && count > stored)
        fprintf(stderr, "apig: %zu more errors not shown\n", count - stored);
    return APIG_EXIT_REJECTED;
}

int cli_print_encoded(const apig_message *msg, const void *in, unsigned style)
{
    apig_error err;
    size_t need = apig_encode(msg, in, style, NULL, 0, &err);
    if (need == APIG_ENCODE_INVALID)
        return cli_reject(&err, 1, 1, false, NULL, 0);
    char *buf = malloc(need + 1);
    if (!buf) {
        fprintf(stderr, "apig: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    apig_encode(msg, in, style, buf, need + 1, &err);
    int rc = cli_put_line(buf, need) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;
    free(buf);
    return rc;
}
