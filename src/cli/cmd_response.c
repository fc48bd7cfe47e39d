/* SPDX-License-Identifier: MIT */
/*
 * apig response [--operation NAME] [--strict] [--pretty] [FILE|-]
 *
 * The client side: decodes and validates the success body of operation NAME
 * (default AddingBackendInstancesV2: its 201 page), then writes it again.
 * By default both go by the rules the service writes by (APIG_AS_SERVICE:
 * the schema's x-as-service), which a client reading the service's answers
 * must take; --strict applies the caller-side rules instead, as a server
 * checking the answers it writes itself.
 *   exit 0: the re-encoded body (compact, or as the document prints it with
 *           --pretty) and a newline on stdout;
 *   exit 1: the APIG error body (compact) and a newline on stdout, and
 *           "<status> <code> <path> @<offset>: <detail>" on stderr;
 *   exit 2: usage or I/O error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "cli.h"

static int response_usage(FILE *to)
{
    fprintf(to,
            "usage: apig response [--operation NAME] [--strict] [--pretty] [FILE|-]\n"
            "  Decodes and validates the success body of operation NAME (default\n"
            "  %s; apig ops lists them) from FILE (standard input when\n"
            "  FILE is absent or '-') and writes it again: compact, or with\n"
            "  --pretty as the API document prints it. Both go by the rules the\n"
            "  service writes by (a client reading its answers; e.g. an ip-type\n"
            "  member's ecs_id may hold its address); --strict applies the rules a\n"
            "  caller's input must meet (a server checking its own answers).\n"
            "  Exit 0 with the body, 1 with the APIG error body (details on\n"
            "  stderr), 2 on usage or I/O error.\n",
            CLI_DEFAULT_OPERATION);
    return to == stdout ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}

/* Tokens of the largest valid body of m: the object, then per field its
 * key and value, an array holding `capacity` items. */
static size_t tokens_max(const apig_message *m)
{
    size_t n = 1;
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        n += 1;
        if (f->type == APIG_TYPE_ARRAY)
            n += 1 + (size_t)f->capacity * (f->item ? 1 : tokens_max(f->message));
        else if (f->type == APIG_TYPE_OBJECT)
            n += tokens_max(f->message);
        else
            n += 1;
    }
    return n;
}

int cmd_response(int argc, char **argv)
{
    unsigned style = APIG_STYLE_COMPACT;
    bool strict = false;
    const char *file = NULL, *name = CLI_DEFAULT_OPERATION;
    int files = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--operation") == 0 || strncmp(argv[i], "--operation=", 12) == 0) {
            if (argv[i][11] == '=') {
                name = argv[i] + 12;
            } else if (i + 1 < argc) {
                name = argv[++i];
            } else {
                fprintf(stderr, "apig response: --operation needs a value\n");
                return response_usage(stderr);
            }
        } else if (strcmp(argv[i], "--pretty") == 0) {
            style |= APIG_STYLE_PRETTY;
        } else if (strcmp(argv[i], "--strict") == 0) {
            strict = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return response_usage(stdout);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "apig response: unknown option '%s'\n", argv[i]);
            return response_usage(stderr);
        } else {
            file = argv[i];
            files++;
        }
    }
    if (files > 1) {
        fprintf(stderr, "apig response: more than one input given\n");
        return response_usage(stderr);
    }

    const apig_operation *op = cli_find_operation(name);
    if (!op || !op->response) {
        fprintf(stderr, "apig response: %s '%s' (apig ops lists the operations)\n",
                op ? "no response body for" : "no such operation", name);
        return response_usage(stderr);
    }
    char *data = NULL;
    size_t len = 0;
    const apig_message *msg = op->response;
    if (cli_read_input(file, cli_body_limit(msg), &data, &len) != 0)
        return APIG_EXIT_USAGE;

    int rc = APIG_EXIT_USAGE;
    /* A full page (every member with every field) needs more tokens than
     * VPCM_MAX_TOKENS, which is sized for requests; a client must read
     * what the service may send, so: the largest valid page plus the usual
     * allowance for fields this schema does not know. */
    size_t token_cap = tokens_max(msg) + cli_token_budget(op);
    apig_token *tokens = malloc(token_cap * sizeof *tokens);
    char *arena = NULL;
    void *page = calloc(1, msg->struct_size);
    apig_error err;
    memset(&err, 0, sizeof err);
    if (!tokens || !page) {
        fprintf(stderr, "apig response: out of memory\n");
        goto done;
    }

    apig_decoder d;
    apig_decoder_init(&d, tokens, token_cap, &err, 1);
    /* Read and written in one mode: whatever is accepted is written again. */
    if (!strict) {
        d.options |= APIG_AS_SERVICE;
        style |= APIG_AS_SERVICE;
    }
    /* An arena for view strings with escapes: the body's length suffices. */
    arena = malloc(len + 1);
    if (!arena) {
        fprintf(stderr, "apig response: out of memory\n");
        goto done;
    }
    d.arena = arena;
    d.arena_cap = len + 1;
    if (apig_decode(&d, msg, data, len, page) != 0) {
        rc = cli_reject(&err, 1, 1, false, data, len);
        goto done;
    }
    rc = cli_print_encoded(msg, page, style);

done:
    free(arena);
    free(page);
    free(tokens);
    free(data);
    return rc;
}
