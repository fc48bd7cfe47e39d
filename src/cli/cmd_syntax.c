/* apig syntax [FILE|-]: is the text well-formed RFC 8259 JSON? */
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include <apig/json.h>

#include "cli.h"

static int syntax_usage(FILE *to)
{
    fprintf(to, "usage: apig syntax [FILE|-]\n");
    return to == stdout ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}

int cmd_syntax(int argc, char **argv)
{
    const char *path = NULL;
    int operands = 0, options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0))
            return syntax_usage(stdout);
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
    if (cli_read_input(path, &data, &len) != 0)
        return APIG_EXIT_USAGE;

    /* Token offsets are C ints inside jsmn: a larger input is beyond what
     * the tool can check, which is not the same as malformed. */
    if (len > (size_t)INT_MAX) {
        fprintf(stderr, "apig: input of %zu bytes is larger than the %d bytes apig can check\n",
                len, INT_MAX);
        free(data);
        return APIG_EXIT_USAGE;
    }

    /* A valid text of n bytes has at most n/2 + 1 tokens ("0,0,..." and
     * "[]" take two bytes a token), so this never refuses a valid text. */
    size_t cap = len / 2 + 2;
    apig_token *tokens = NULL;
    if (cap <= SIZE_MAX / sizeof *tokens)
        tokens = malloc(cap * sizeof *tokens);
    if (!tokens) {
        fprintf(stderr, "apig: out of memory for %zu tokens\n", cap);
        free(data);
        return APIG_EXIT_USAGE;
    }

    /* No size limit beyond the tokenizer's own (token offsets are ints);
     * the deepest nesting the library allows, past which a text is too
     * deep rather than slow to check. */
    apig_json_limits limits = {APIG_JSON_MAX_DEPTH_LIMIT, len ? len : 1};
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
