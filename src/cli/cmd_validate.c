/* SPDX-License-Identifier: MIT */
/*
 * apig validate / apig request: decode and validate a request body (or a
 * whole request) and answer as the service would.
 *
 * validate [--operation NAME] decodes a body as NAME's request (default
 * AddingBackendInstancesV2). request routes --method and --path across
 * every bundled operation (apig ops lists them), then checks the whole
 * request against the operation the route picks.
 *
 *   valid:    exit 0, stdout = the request body encoded canonically
 *             (compact, or the document's pretty style with --pretty) and a
 *             newline; for an operation without a body, one flat JSON object
 *             of the decoded path and query parameters (defaults and
 *             normalisation applied);
 *   invalid:  exit 1, stdout = the APIG error body (compact) and a newline,
 *             stderr = "<status> <code> <path> @<offset>: <detail>" for the
 *             first error, or for every error with --all-errors;
 *   no route: exit 1, one stderr line: "404 no operation at PATH" or
 *             "405 METHOD not allowed at PATH (allowed: GET, POST)";
 *   usage or I/O error: exit 2.
 *
 * Authentication, as the library decides it: an X-Auth-Token header, or a
 * request signed with SDK-HMAC-SHA256 (Authorization and X-Sdk-Date
 * headers). Without --credentials a signature's form is checked only; with
 * --credentials FILE (lines "ACCESS_KEY SECRET_KEY") it is verified, with
 * OpenSSL, against the clock --now YYYYMMDDTHHMMSSZ (default: the system
 * clock). The path may carry the query string.
 *
 * An operation without a body reads no input unless FILE is named (it never
 * waits on standard input); a non-empty FILE is then refused as the service
 * refuses a body it does not expect.
 *
 * The tool, unlike the library, uses the heap: the token array and the
 * decoded struct are large.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "cli.h"

#define ALL_ERRORS_CAP 64

typedef struct options {
    const char *operation; /* validate */
    const char *member_type, *channel_type;
    unsigned decoder_options;
    bool all_errors;
    bool pretty;
    const char *file;
    /* request only */
    const char *method;
    const char *path;
    apig_header *headers;
    size_t header_count;
    const char *credentials; /* FILE of access keys: verify signatures */
    const char *now;         /* YYYYMMDDTHHMMSSZ; NULL: the system clock */
} options;

static const char *const validate_usage =
    "validate [--operation NAME] [--member-type ip|instance|ecs] [--channel-type N] "
    "[--reject-unknown] [--all-errors] [--pretty] [FILE|-]";
static const char *const request_usage =
    "request --method M --path P [--header 'Name: value']... [--credentials FILE] "
    "[--now YYYYMMDDTHHMMSSZ] [--member-type ip|instance|ecs] [--channel-type N] "
    "[--reject-unknown] [--all-errors] [--pretty] [FILE|-]";

/* --help: the usage line, what the command does, its options (the two
 * commands share the last ones), and its exit status. */
static const char *const validate_help =
    "  Decodes and validates FILE (standard input when absent or '-') as the\n"
    "  request body of operation NAME (default " CLI_DEFAULT_OPERATION "; apig ops\n"
    "  lists them), and answers as the service would.\n"
    "  --operation NAME        the operation whose request body FILE is\n";
static const char *const validate_exit =
    "  Exit 0 with the body written again, canonically, on stdout; 1 with the\n"
    "  APIG error body on stdout and the error on stderr; 2 on usage or I/O error.\n";
static const char *const request_help =
    "  Routes METHOD and PATH (which may carry the query string) across the\n"
    "  bundled operations (apig ops), then checks the whole request as the\n"
    "  service would: authentication, path and query parameters, then the body\n"
    "  from FILE (standard input when absent or '-'; an operation without a body\n"
    "  reads only a FILE it is given, and refuses a non-empty one).\n"
    "  --method M, --path P    the request line (both required)\n"
    "  --header 'Name: value'  a request header, repeated for each: X-Auth-Token,\n"
    "                          or Authorization, X-Sdk-Date and the other signed\n"
    "                          headers of a request signed with SDK-HMAC-SHA256\n"
    "  --credentials FILE      verify signatures with the keys in FILE (lines\n"
    "                          ACCESS_KEY SECRET_KEY); without it, only their form\n"
    "  --now YYYYMMDDTHHMMSSZ  the UTC time signatures are verified at (with\n"
    "                          --credentials; default: the system clock)\n";
static const char *const request_exit =
    "  Exit 0 with the body written again, canonically (an operation without a\n"
    "  body: its decoded path and query parameters as one JSON object), on\n"
    "  stdout; 1 with the APIG error body on stdout and the error on stderr, or\n"
    "  with \"404 no operation at PATH\" or \"405 METHOD not allowed at PATH\n"
    "  (allowed: ...)\" on stderr; 2 on usage or I/O error.\n";
static const char *const common_help =
    "  --member-type ip|instance|ecs  the channel's backend instance type (ecs\n"
    "                          is instance), for the rules that depend on it\n"
    "  --channel-type N        the VPC channel's type, an integer\n"
    "  --reject-unknown        refuse fields the schema does not know (by\n"
    "                          default they are ignored, as the service does)\n"
    "  --all-errors            write every error found on stderr, not only the first\n"
    "  --pretty                write the body as the API document prints it\n";

static int usage_error(const char *cmd, const char *what, const char *arg)
{
    fprintf(stderr, "apig %s: %s%s%s\n", cmd, what, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "usage: apig %s\n", strcmp(cmd, "request") == 0 ? request_usage : validate_usage);
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
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: apig %s\n", request ? request_usage : validate_usage);
            fputs(request ? request_help : validate_help, stdout);
            fputs(common_help, stdout);
            fputs(request ? request_exit : validate_exit, stdout);
            return -1;
        } else if (strcmp(a, "--reject-unknown") == 0) {
            o->decoder_options |= APIG_OPT_REJECT_UNKNOWN;
        } else if (strcmp(a, "--all-errors") == 0) {
            o->all_errors = true;
        } else if (strcmp(a, "--pretty") == 0) {
            o->pretty = true;
        } else if ((v = flag_value(argc, argv, &i, "--member-type", &missing)) || missing) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->member_type = v;
        } else if ((v = flag_value(argc, argv, &i, "--channel-type", &missing)) || missing) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->channel_type = v;
        } else if (!request && ((v = flag_value(argc, argv, &i, "--operation", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->operation = v;
        } else if (request && ((v = flag_value(argc, argv, &i, "--method", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->method = v;
        } else if (request && ((v = flag_value(argc, argv, &i, "--path", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            o->path = v;
        } else if (request &&
                   ((v = flag_value(argc, argv, &i, "--credentials", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            if (strcmp(v, "-") == 0)
                return usage_error(cmd, "--credentials takes a file (standard input is the body)",
                                   v);
            o->credentials = v;
        } else if (request && ((v = flag_value(argc, argv, &i, "--now", &missing)) || missing)) {
            if (missing)
                return usage_error(cmd, "missing value for", a);
            int64_t ignored;
            if (cli_parse_now(v, &ignored) != 0)
                return usage_error(cmd, "--now takes a UTC time as YYYYMMDDTHHMMSSZ, not", v);
            o->now = v;
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
    if (o->now && !o->credentials)
        return usage_error(cmd, "--now is the clock signatures are verified by: it needs "
                                "--credentials", NULL);
    return APIG_EXIT_OK;
}

/* The context flags, for the schema of the chosen operation. */
static int set_context(const char *cmd, const options *o, const apig_operation *op,
                       apig_context *ctx)
{
    if (o->member_type && apig_context_set(ctx, op->schema, "member_type", strlen("member_type"),
                                           o->member_type, strlen(o->member_type)) != 0)
        return usage_error(cmd, "--member-type takes ip, instance or ecs, not", o->member_type);
    if (o->channel_type && apig_context_set(ctx, op->schema, "channel_type", strlen("channel_type"),
                                            o->channel_type, strlen(o->channel_type)) != 0)
        return usage_error(cmd, "--channel-type takes an integer, not", o->channel_type);
    return APIG_EXIT_OK;
}

/* The route: the operation, or the 404/405 line. */
static int route(const options *o, const apig_operation **op)
{
    size_t n = cli_operation_count();
    const apig_operation **ops = calloc(n + 1, sizeof *ops);
    if (!ops) {
        fprintf(stderr, "apig request: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        ops[i] = cli_operation(i);
    apig_route r;
    apig_route_status st = apig_route_find(ops, n, o->method, strlen(o->method), o->path,
                                           strlen(o->path), &r);
    free(ops);
    if (st == APIG_ROUTE_FOUND) {
        *op = r.operation;
        return APIG_EXIT_OK;
    }
    if (st == APIG_ROUTE_NO_PATH) {
        fprintf(stderr, "404 no operation at %s\n", o->path);
    } else {
        char allowed[128];
        apig_methods_text(r.allowed, allowed, sizeof allowed);
        fprintf(stderr, "405 %s not allowed at %s (allowed: %s)\n", o->method, o->path, allowed);
    }
    return APIG_EXIT_REJECTED;
}

/* An operation without a body answers with its decoded path and query
 * parameters as one flat object: each part encodes as an object, whose
 * members are joined. */
static int print_parameters(const apig_operation *op, const unsigned char *parts)
{
    const apig_message *msgs[2] = {op->path, op->query};
    const size_t offsets[2] = {op->path_offset, op->query_offset};
    char *text[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    int rc = APIG_EXIT_OK;
    for (int i = 0; i < 2 && rc == APIG_EXIT_OK; i++) {
        if (!msgs[i])
            continue;
        apig_error err;
        size_t need = apig_encode(msgs[i], parts + offsets[i], APIG_STYLE_COMPACT, NULL, 0, &err);
        if (need == APIG_ENCODE_INVALID)
            return cli_reject(&err, 1, 1, false, NULL, 0);
        text[i] = malloc(need + 1);
        if (!text[i]) {
            fprintf(stderr, "apig request: out of memory\n");
            rc = APIG_EXIT_USAGE;
            break;
        }
        apig_encode(msgs[i], parts + offsets[i], APIG_STYLE_COMPACT, text[i], need + 1, &err);
        len[i] = need;
    }
    if (rc == APIG_EXIT_OK) {
        /* "{a}" + "{b}" -> "{a,b}": the members between the braces. */
        bool first = true;
        putchar('{');
        for (int i = 0; i < 2; i++) {
            if (len[i] <= 2)
                continue;
            if (!first)
                putchar(',');
            fwrite(text[i] + 1, 1, len[i] - 2, stdout);
            first = false;
        }
        rc = cli_put_line("}", 1) == 0 ? APIG_EXIT_OK : APIG_EXIT_USAGE;
    }
    free(text[0]);
    free(text[1]);
    return rc;
}

static int run(const char *cmd, int argc, char **argv)
{
    options o;
    int rc = parse_args(cmd, argc, argv, &o);
    bool request = strcmp(cmd, "request") == 0;
    const apig_operation *op = NULL;
    char *data = NULL;
    size_t len = 0;
    apig_token *tokens = NULL;
    unsigned char *parts = NULL;
    size_t cap = o.all_errors ? ALL_ERRORS_CAP : 1;
    apig_error *errors = NULL;
    char *arena = NULL;
    cli_signer *signer = NULL;
    apig_decoder d;

    if (rc != APIG_EXIT_OK) {
        rc = rc < 0 ? APIG_EXIT_OK : rc; /* --help */
        goto done;
    }
    if (request) {
        if ((rc = route(&o, &op)) != APIG_EXIT_OK)
            goto done;
    } else {
        const char *name = o.operation ? o.operation : CLI_DEFAULT_OPERATION;
        op = cli_find_operation(name);
        if (!op) {
            rc = usage_error(cmd, "no such operation (apig ops lists them)", name);
            goto done;
        }
        if (!op->request) {
            rc = usage_error(cmd, "the operation takes no request body", name);
            goto done;
        }
    }
    rc = APIG_EXIT_USAGE;
    /* An operation without a body reads only a FILE it is given. */
    if (op->request || o.file) {
        size_t limit = op->request ? cli_body_limit(op->request) : (size_t)APIG_CFG_MAX_BODY_BYTES;
        if (cli_read_input(o.file, limit, &data, &len) != 0)
            goto done;
    }
    size_t token_cap = cli_token_budget(op);
    tokens = malloc(sizeof *tokens * (token_cap ? token_cap : 1));
    parts = calloc(1, op->parts_size);
    errors = calloc(cap, sizeof *errors);
    if (!tokens || !parts || !errors) {
        fprintf(stderr, "apig %s: out of memory\n", cmd);
        goto done;
    }
    apig_decoder_init(&d, tokens, token_cap, errors, cap);
    /* View strings with escapes are unescaped into an arena: the body's
     * length always suffices (unused by inline storage). */
    arena = malloc(len + 1);
    if (!arena) {
        fprintf(stderr, "apig %s: out of memory\n", cmd);
        rc = APIG_EXIT_USAGE;
        goto done;
    }
    d.arena = arena;
    d.arena_cap = len + 1;
    d.options = o.decoder_options;
    if ((rc = set_context(cmd, &o, op, &d.context)) != APIG_EXIT_OK)
        goto done;
    if (o.credentials) {
        if ((rc = cli_signer_open(o.credentials, &signer)) != APIG_EXIT_OK)
            goto done;
        cli_signer_use(signer, &d);
        cli_parse_now(o.now, &d.now); /* checked with the arguments */
    }
    size_t n;
    if (request) {
        apig_http_request rq = {o.method, strlen(o.method), o.path, strlen(o.path),
                                o.headers, o.header_count, data, len};
        n = apig_request_decode(&d, op, &rq, parts);
    } else {
        n = apig_decode(&d, op->request, data, len, parts + op->body_offset);
    }
    unsigned style = o.pretty ? APIG_STYLE_PRETTY : APIG_STYLE_COMPACT;
    if (n != 0)
        rc = cli_reject(errors, n, n < cap ? n : cap, o.all_errors, data, len);
    else if (op->request)
        rc = cli_print_encoded(op->request, parts + op->body_offset, style);
    else
        rc = print_parameters(op, parts);
done:
    cli_signer_close(signer);
    free(arena);
    free(errors);
    free(parts);
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
