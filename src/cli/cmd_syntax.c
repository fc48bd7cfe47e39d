/* SPDX-License-Identifier: MIT */
/* apig syntax [--max-bytes N] [FILE|-]: is the text well-formed RFC 8259
 * JSON? */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include <apig/json.h>

#include "cli.h"

/* The largest --max-bytes: token offsets are C ints inside jsmn, and this
 * is the ceiling config.h puts on APIG_CFG_MAX_BODY_BYTES too. */
#define SYNTAX_MAX_BYTES_CEILING ((size_t)1 << 30)

static int syntax_usage(FILE *to)
{
    fprintf(to,
            "usage: apig syntax [--max-bytes N] [FILE|-]\n"
            "  Checks that FILE (standard input when absent or '-') is one\n"
            "  well-formed RFC 8259 JSON text.\n"
            "  --max-bytes N  refuse an input larger than N bytes (1 to %zu;\n"
            "                 default %zu, the decoder's body limit) as too large,\n"
            "                 reading no more than N + 1 bytes of it\n"
            "  Exit 0 well-formed, 1 malformed or too large (where, on stderr),\n"
            "  2 usage or I/O error.\n",
            SYNTAX_MAX_BYTES_CEILING, (size_t)APIG_CFG_MAX_BODY_BYTES);
    return to == stdout ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}

/* Decimal digits only, 1..SYNTAX_MAX_BYTES_CEILING: strtoul would take a
 * sign, blanks and a wrapped negative value. Returns 0 or -1. */
static int parse_max_bytes(const char *s, size_t *out)
{
    size_t v = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (size_t)(*s - '0');
        if (v > SYNTAX_MAX_BYTES_CEILING)
            return -1;
    }
    if (v == 0)
        return -1;
    *out = v;
    return 0;
}

int cmd_syntax(int argc, char **argv)
{
    const char *path = NULL;
    /* By default the decoder's limit: an input any other command would
     * refuse as too large is not read whole here either. */
    size_t max_bytes = (size_t)APIG_CFG_MAX_BODY_BYTES;
    int operands = 0, options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0))
            return syntax_usage(stdout);
        if (!options_done && strncmp(a, "--max-bytes", 11) == 0 &&
            (a[11] == '\0' || a[11] == '=')) {
            const char *v = a[11] == '=' ? a + 12 : i + 1 < argc ? argv[++i] : NULL;
            if (!v) {
                fprintf(stderr, "apig syntax: missing value for --max-bytes\n");
                return syntax_usage(stderr);
            }
            if (parse_max_bytes(v, &max_bytes) != 0) {
                fprintf(stderr, "apig syntax: --max-bytes takes 1 to %zu, not '%s'\n",
                        SYNTAX_MAX_BYTES_CEILING, v);
                return syntax_usage(stderr);
            }
            continue;
        }
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "apig syntax: unknown option '%s'\n", a);
            return syntax_usage(stderr);
        }
        if (++operands > 1) {
            fprintf(stderr, "apig syntax: more than one input\n");
            return syntax_usage(stderr);
        }
        path = a;
    }

    char *data = NULL;
    size_t len = 0;
    if (cli_read_input(path, max_bytes, &data, &len) != 0)
        return APIG_EXIT_USAGE;

    /* A valid text of n bytes has at most n/2 + 1 tokens ("0,0,..." and
     * "[]" take two bytes a token), so this never refuses a valid text.
     * An input over the limit is refused before any token is written: no
     * need for an array sized by it (10 GiB at --max-bytes 2^30). */
    size_t cap = (len > max_bytes ? 0 : len) / 2 + 2;
    apig_token *tokens = NULL;
    if (cap <= SIZE_MAX / sizeof *tokens)
        tokens = malloc(cap * sizeof *tokens);
    if (!tokens) {
        fprintf(stderr, "apig: out of memory for %zu tokens\n", cap);
        free(data);
        return APIG_EXIT_USAGE;
    }

    /* len is at most max_bytes + 1, which the parser refuses as too large;
     * the deepest nesting the library allows, past which a text is too
     * deep rather than slow to check. */
    apig_json_limits limits = {APIG_JSON_MAX_DEPTH_LIMIT, max_bytes};
    apig_json_result r = apig_json_parse(data, len, tokens, cap, &limits, 0);
    int rc = APIG_EXIT_OK;
    if (r.status != APIG_JSON_OK) {
        size_t line, column;
        apig_offset_to_line_column(data, len, r.offset, &line, &column);
        fprintf(stderr, "apig: %s at line %zu, column %zu (byte %zu)\n",
                apig_json_status_text(r.status), line, column, r.offset);
        rc = APIG_EXIT_REJECTED;
    }
    free(tokens);
    free(data);
    return rc;
}
