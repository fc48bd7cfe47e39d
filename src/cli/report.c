/* How every subcommand reports an error on stderr (see cli.h). */
#include <stdbool.h>
#include <stdio.h>

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
