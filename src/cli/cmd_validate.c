/*
 * apig validate / apig request: decode and validate a request body (or a
 * whole request) of the operation, and answer as the service would.
 *
 *   valid:    exit 0, stdout = the request encoded canonically (compact, or
 *             the document's pretty style with --pretty) and a newline;
 *   invalid:  exit 1, stdout = the APIG error body (compact) and a newline,
 *             stderr = "<status> <code> <path> @<offset>: <detail>" for the
 *             first error, or for every error with --all-errors;
 *   usage or I/O error: exit 2.
 *
 * The tool, unlike the library, uses the heap: the token array and the
 * decoded struct are large.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "add_backend_instances_v2.h"
#include "cli.h"

#define ALL_ERRORS_CAP 64

static const apig_operation *const op = &apig_add_backend_instances_v2_op;

typedef struct options {
    apig_context ctx;
    bool all_errors;
    bool pretty;
    const char *file;
    /* request only */
    const char *method;
    const char *path;
    apig_header *headers;
    size_t header_count;
} options;

static int usage_error(const char *cmd, const char *what, const char *arg)
{
    fprintf(stderr, "apig %s: %s%s%s\n", cmd, what, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "usage: apig %s\n",
            strcmp(cmd, "request") == 0
                ? "request --method M --path P [--header 'Name: value']... [--member-type "
                  "ip|instance|ecs] [--channel-type N] [--reject-unknown] [--all-errors] "
                  "[--pretty] [FILE|-]"
                : "validate [--member-type ip|instance|ecs] [--channel-type N] "
                  "[--reject-unknown] [--all-errors] [--pretty] [FILE|-]");
    return APIG_EXIT_USAGE;
}

/* "--name value" or "--name=value". Returns the value, or NULL (no match or
 * missing value; *missing tells which). */
static const char *flag_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    *missing = false;
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int parse_args(const char *cmd, int argc, char **argv, options *o)
{
    bool request = strcmp(cmd, "request") == 0;
    memset(o, 0, sizeof *o);
    apig_context_init(&o->ctx);
    if (request) {
        o->headers = calloc((size_t)argc + 1, sizeof *o->headers);
        if (!o->headers) {
            fprintf(stderr, "apig %s: out of memory\n", cmd);
            return APIG_EXIT_USAGE;
        }
    }
    bool files_only = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        bool missing;
        if (files_only || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->file)
                return usage_error(cmd, "more than one input", a);
            o->file = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            files_only = true;
        } else if (strcmp(a, "--reject-unknown") == 0) {
            o->ctx.options |= APIG_OPT_REJECT_UNKNOWN;
        } else if (strcmp(a, "--all-errors") == 0) {
            o->all_errors = true;
        } else if (strcmp(a, "--pretty") == 0) {
            o->pretty = true;
        } else if ((v = flag_value(argc, argv, &i, "--member-type", &missing)) || missing) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            if (apig_context_set(&o->ctx, op, "member_type", strlen("member_type"), v,
                                 strlen(v)) != 0)
                return usage_error(cmd, "--member-type takes ip, instance or ecs, not", v);
        } else if ((v = flag_value(argc, argv, &i, "--channel-type", &missing)) || missing) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            if (apig_context_set(&o->ctx, op, "channel_type", strlen("channel_type"), v,
                                 strlen(v)) != 0)
                return usage_error(cmd, "--channel-type takes an integer, not", v);
        } else if (request && ((v = flag_value(argc, argv, &i, "--method", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->method = v;
        } else if (request && ((v = flag_value(argc, argv, &i, "--path", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->path = v;
        } else if (request && ((v = flag_value(argc, argv, &i, "--header", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            const char *colon = strchr(v, ':');
            if (!colon || colon == v)
                return usage_error(cmd, "a header is 'Name: value', not", v);
            apig_header *h = &o->headers[o->header_count++];
            h->name = v;
            h->name_len = (size_t)(colon - v);
            h->value = colon + 1; /* the library drops the optional whitespace */
            h->value_len = strlen(colon + 1);
        } else {
            return usage_error(cmd, "unknown option", a);
        }
    }
    if (request && (!o->method || !o->path))
        return usage_error(cmd, "--method and --path are required", NULL);
    return APIG_EXIT_OK;
}

static int print_errors(const apig_error *errors, size_t count, size_t stored, bool all,
                        const char *body, size_t len)
{
    size_t need = apig_error_encode(&errors[0], APIG_STYLE_COMPACT, NULL, 0);
    char *buf = malloc(need + 1);
    if (!buf) {
        fprintf(stderr, "apig: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    apig_error_encode(&errors[0], APIG_STYLE_COMPACT, buf, need + 1);
    fwrite(buf, 1, need, stdout);
    fputc('\n', stdout);
    free(buf);

    size_t shown = all ? stored : 1;
    for (size_t i = 0; i < shown; i++) {
        cli_print_error_line(&errors[i], body, len);
    }
    if (all && count > stored)
        fprintf(stderr, "apig: %zu more errors not shown\n", count - stored);
    return APIG_EXIT_REJECTED;
}

static int print_valid(const void *body, bool pretty)
{
    apig_error err;
    unsigned style = pretty ? APIG_STYLE_PRETTY : APIG_STYLE_COMPACT;
    size_t need = apig_encode(op->request, body, style, NULL, 0, &err);
    if (need == APIG_ENCODE_INVALID)
        return print_errors(&err, 1, 1, false, "", 0);
    char *buf = malloc(need + 1);
    if (!buf) {
        fprintf(stderr, "apig: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    apig_encode(op->request, body, style, buf, need + 1, &err);
    fwrite(buf, 1, need, stdout);
    fputc('\n', stdout);
    free(buf);
    return APIG_EXIT_OK;
}

static int run(const char *cmd, int argc, char **argv)
{
    options o;
    int rc = parse_args(cmd, argc, argv, &o);
    char *data = NULL;
    size_t len = 0;
    apig_token *tokens = NULL;
    void *body = NULL, *path = NULL;
    size_t cap = o.all_errors ? ALL_ERRORS_CAP : 1;
    apig_error *errors = NULL;

    if (rc != APIG_EXIT_OK)
        goto done;
    rc = APIG_EXIT_USAGE;
    if (cli_read_input(o.file, cli_body_limit(op->request), &data, &len) != 0)
        goto done;
    tokens = malloc(sizeof *tokens * APIG_CFG_MAX_TOKENS);
    body = malloc(op->request->struct_size);
    path = malloc(op->path ? op->path->struct_size : 1);
    errors = calloc(cap, sizeof *errors);
    if (!tokens || !body || !path || !errors) {
        fprintf(stderr, "apig %s: out of memory\n", cmd);
        goto done;
    }
    size_t n;
    if (strcmp(cmd, "request") == 0) {
        apig_http_request rq = {o.method, strlen(o.method), o.path, strlen(o.path),
                                o.headers, o.header_count, data, len};
        n = apig_request_decode(op, &rq, tokens, APIG_CFG_MAX_TOKENS, &o.ctx, path, body,
                                errors, cap);
    } else {
        n = apig_decode(op->request, data, len, tokens, APIG_CFG_MAX_TOKENS, &o.ctx, body,
                        errors, cap);
    }
    if (n == 0)
        rc = print_valid(body, o.pretty);
    else
        rc = print_errors(errors, n, n < cap ? n : cap, o.all_errors, data, len);
done:
    free(errors);
    free(path);
    free(body);
    free(tokens);
    free(data);
    free(o.headers);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    return run("validate", argc, argv);
}

int cmd_request(int argc, char **argv)
{
    return run("request", argc, argv);
}
