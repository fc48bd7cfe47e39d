/*
 * apig response [--pretty] [FILE|-]
 *
 * The client side: decodes and validates a 201 body of the operation
 * (apig_decode on the operation's response message), then writes it again.
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
#include "add_backend_instances_v2.h"
#include "cli.h"

static const apig_operation *const op = &apig_add_backend_instances_v2_op;

static int response_usage(FILE *to)
{
    fprintf(to,
            "usage: apig response [--pretty] [FILE|-]\n"
            "  Decodes and validates a %d response body of %s (standard input\n"
            "  when FILE is absent or '-') and writes it again: compact, or with\n"
            "  --pretty as the API document prints it. Exit 0 with the body, 1 with\n"
            "  the APIG error body (details on stderr), 2 on usage or I/O error.\n",
            op->success_status, op->name);
    return to == stdout ? APIG_EXIT_OK : APIG_EXIT_USAGE;
}

/* Writes n bytes and a newline to stdout; -1 on an I/O error. */
static int put_line(const char *s, size_t n)
{
    if (fwrite(s, 1, n, stdout) != n || putchar('\n') == EOF || fflush(stdout) != 0) {
        fprintf(stderr, "apig response: cannot write standard output\n");
        return -1;
    }
    return 0;
}

/* The rejection: the error body on stdout, the particulars on stderr, in
 * the form `apig validate` uses: "-" for the body as a whole, the line and
 * column of a syntax error, the parameterName in parentheses. */
static int reject(const apig_error *e, const char *body, size_t len)
{
    char out[APIG_CFG_MESSAGE_BYTES * 6 + 128]; /* any message, escaped */
    size_t n = apig_error_encode(e, APIG_STYLE_COMPACT, out, sizeof out);
    if (n >= sizeof out) {
        fprintf(stderr, "apig response: error body does not fit\n");
        return APIG_EXIT_USAGE;
    }
    cli_print_error_line(e, body, len);
    return put_line(out, n) == 0 ? APIG_EXIT_REJECTED : APIG_EXIT_USAGE;
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
    const char *file = NULL;
    int files = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pretty") == 0) {
            style |= APIG_STYLE_PRETTY;
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

    char *data = NULL;
    size_t len = 0;
    const apig_message *msg = op->response;
    if (cli_read_input(file, cli_body_limit(msg), &data, &len) != 0)
        return APIG_EXIT_USAGE;

    int rc = APIG_EXIT_USAGE;
    /* A full page (every member with every field) needs more tokens than
     * APIG_CFG_MAX_TOKENS, which is sized for requests; a client must read
     * what the service may send, so: the largest valid page plus the usual
     * allowance for fields this schema does not know. */
    size_t token_cap = tokens_max(msg) + APIG_CFG_MAX_TOKENS;
    apig_token *tokens = malloc(token_cap * sizeof *tokens);
    void *page = calloc(1, msg->struct_size);
    char *out = NULL;
    apig_error err;
    memset(&err, 0, sizeof err);
    if (!tokens || !page) {
        fprintf(stderr, "apig response: out of memory\n");
        goto done;
    }

    if (apig_decode(msg, data, len, tokens, token_cap, NULL, page, &err, 1) != 0) {
        rc = reject(&err, data, len);
        goto done;
    }
    size_t need = apig_encode(msg, page, style, NULL, 0, &err);
    if (need == APIG_ENCODE_INVALID) { /* decoded valid, so never; but say so */
        rc = reject(&err, NULL, 0);
        goto done;
    }
    out = malloc(need + 1);
    if (!out) {
        fprintf(stderr, "apig response: out of memory\n");
        goto done;
    }
    if (apig_encode(msg, page, style, out, need + 1, &err) != need) {
        fprintf(stderr, "apig response: encoder returned an unexpected length\n");
        goto done;
    }
    rc = put_line(out, need) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;

done:
    free(out);
    free(page);
    free(tokens);
    free(data);
    return rc;
}
