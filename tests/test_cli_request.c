/* SPDX-License-Identifier: MIT */
/*
 * test_cli_request.c - `apig request` across the bundled operations, `apig
 * ops`, and --operation: the member family (shared/spec/member-family.md)
 * through the tool, with the exact output lines the issue fixes.
 *
 * Drives the sanitized tool ($APIG_CLI). An operation without a body must
 * never wait on standard input: each of those runs is made with stdin
 * closed, on /dev/null, and on a pipe whose writer stays open (a read would
 * block; the run is killed after a few seconds and the test fails).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "read_fd.h"
#include "interop.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEMBERS "/v2/p/apigw/instances/i/vpc-channels/c/members"
#define TOKEN "X-Auth-Token: t"
#define RUN_SECONDS 20

typedef enum stdin_mode { STDIN_DEVNULL, STDIN_CLOSED, STDIN_OPEN_PIPE } stdin_mode;

/* A result's code is -1 when run_argv killed the tool for taking too long. */

/* The tool under test: $APIG_CLI, then (a second run of every test) the
 * tool on the view build of the bundled schema, $APIG_CLI_VIEW. */
static const char *tool_env = "APIG_CLI";

static const char *cli(void)
{
    const char *c = getenv(tool_env);
    return c && *c ? c : NULL;
}

/* Runs the tool with argv (NULL-terminated, without the program) and the
 * given standard input. */
static result run_argv(stdin_mode in, char *const *args)
{
    char *argv[64];
    size_t n = 0;
    argv[n++] = (char *)cli();
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;

    int out = temp_fd(), err = temp_fd();
    int pipefd[2] = {-1, -1};
    if (in == STDIN_OPEN_PIPE)
        assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (in == STDIN_DEVNULL) {
            int fd = open("/dev/null", O_RDONLY);
            dup2(fd, 0);
            close(fd);
        } else if (in == STDIN_CLOSED) {
            close(0);
        } else {
            dup2(pipefd[0], 0);
            close(pipefd[0]);
            close(pipefd[1]);
        }
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    if (in == STDIN_OPEN_PIPE)
        close(pipefd[0]); /* the write end stays open: a read would block */
    int status = 0;
    bool killed = false;
    time_t start = time(NULL);
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (time(NULL) - start > RUN_SECONDS) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            killed = true;
            break;
        }
        struct timespec pause = {0, 10000000};
        nanosleep(&pause, NULL);
    }
    if (in == STDIN_OPEN_PIPE)
        close(pipefd[1]);
    result r;
    size_t len;
    r.out = read_fd(out, &len);
    r.err = read_fd(err, &len);
    close(out);
    close(err);
    r.code = killed ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

#define RUN(in, ...) run_argv(in, (char *const[]){__VA_ARGS__, NULL})

static void expect(int line, result r, int code, const char *out, const char *err)
{
    bool ok = r.code == code && (!out || strcmp(r.out, out) == 0) &&
              (!err || strcmp(r.err, err) == 0);
    if (!ok)
        print_error("line %d: exit %d (want %d)\n  stdout: %s\n  want:   %s\n  stderr: %s\n  want:   %s\n",
                    line, r.code, code, r.out, out ? out : "(not checked)", r.err, err ? err : "(not checked)");
    result_free(&r);
    if (!ok)
        fail();
}
#define EXPECT(r, code, out, err) expect(__LINE__, r, code, out, err)

static const stdin_mode every_stdin[] = {STDIN_DEVNULL, STDIN_CLOSED, STDIN_OPEN_PIPE};

#define NEED_CLI()                                                   \
    do {                                                             \
        if (!cli()) {                                                \
            print_message("APIG_CLI not set: skipped\n");            \
            skip();                                                  \
        }                                                            \
    } while (0)

/* A file holding `text`, for FILE arguments; the caller unlinks it. */
static char *file_with(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/apig-cli-body-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* ---- the acceptance commands --------------------------------------------- */

static void list_normalises_without_reading_stdin(void **state)
{
    (void)state;
    NEED_CLI();
    for (size_t i = 0; i < 3; i++)
        EXPECT(RUN(every_stdin[i], "request", "--method", "GET", "--path",
                   MEMBERS "?limit=600&offset=-3", "--header", TOKEN),
               0, "{\"project_id\":\"p\",\"instance_id\":\"i\",\"vpc_channel_id\":\"c\","
                  "\"offset\":0,\"limit\":500}\n", "");
}

static void delete_answers_its_parameters(void **state)
{
    (void)state;
    NEED_CLI();
    for (size_t i = 0; i < 3; i++)
        EXPECT(RUN(every_stdin[i], "request", "--method", "DELETE", "--path", MEMBERS "/m1",
                   "--header", TOKEN),
               0, "{\"project_id\":\"p\",\"instance_id\":\"i\",\"vpc_channel_id\":\"c\","
                  "\"member_id\":\"m1\"}\n", "");
}

static void route_refusals(void **state)
{
    (void)state;
    NEED_CLI();
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "PATCH", "--path", MEMBERS, "--header",
               TOKEN),
           1, "", "405 PATCH not allowed at " MEMBERS " (allowed: GET, POST)\n");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "PUT", "--path", MEMBERS "/m1"), 1, "",
           "405 PUT not allowed at " MEMBERS "/m1 (allowed: DELETE)\n");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", "/v2/p/nothing/here",
               "--header", TOKEN),
           1, "", "404 no operation at /v2/p/nothing/here\n");
    /* member-family.md: a trailing '/' or an empty segment does not match;
     * the query string takes no part; methods are case-sensitive. */
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", MEMBERS "/"), 1, "",
           "404 no operation at " MEMBERS "/\n");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "DELETE", "--path",
               "/v2/p/apigw/instances//vpc-channels/c/members/m1"),
           1, "", "404 no operation at /v2/p/apigw/instances//vpc-channels/c/members/m1\n");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "get", "--path", MEMBERS "?x=/members"),
           1, "", "405 get not allowed at " MEMBERS "?x=/members (allowed: GET, POST)\n");
}

static void ops_lists_every_operation(void **state)
{
    (void)state;
    NEED_CLI();
    EXPECT(RUN(STDIN_OPEN_PIPE, "ops"), 0,
           "POST /v2/{project_id}/apigw/instances/{instance_id}/vpc-channels/{vpc_channel_id}/members"
           " AddingBackendInstancesV2\n"
           "GET /v2/{project_id}/apigw/instances/{instance_id}/vpc-channels/{vpc_channel_id}/members"
           " ListBackendInstancesV2\n"
           "DELETE /v2/{project_id}/apigw/instances/{instance_id}/vpc-channels/{vpc_channel_id}"
           "/members/{member_id} DeleteBackendInstanceV2\n",
           "");
    EXPECT(RUN(STDIN_OPEN_PIPE, "ops", "extra"), 2, "", NULL);
}

/* ---- ListBackendInstancesV2's decisions, through the tool ---------------------- */

#define ERR(code, msg) "{\"error_code\":\"" code "\",\"error_msg\":\"" msg "\"}\n"
#define PARAM(msg, p) msg ",parameterName:" p ". Please refer to the support documentation"
#define INVALID(p) ERR("APIG.2012", PARAM("Invalid parameter value", p))
#define PARAMS "{\"project_id\":\"p\",\"instance_id\":\"i\",\"vpc_channel_id\":\"c\""

static result list(const char *query)
{
    static char path[512];
    snprintf(path, sizeof path, "%s%s", MEMBERS, query);
    return RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", path, "--header", TOKEN);
}

static result list_reject_unknown(const char *query)
{
    static char path[512];
    snprintf(path, sizeof path, "%s%s", MEMBERS, query);
    return RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", path, "--header", TOKEN,
               "--reject-unknown");
}

static void list_query_decisions(void **state)
{
    (void)state;
    NEED_CLI();
    /* Defaults when absent, and when empty. */
    EXPECT(list(""), 0, PARAMS ",\"offset\":0,\"limit\":20}\n", "");
    EXPECT(list("?limit=&offset="), 0, PARAMS ",\"offset\":0,\"limit\":20}\n", "");
    /* Normalisation: <= 0 -> 20, > 500 -> 500, offset < 0 -> 0, at any
     * magnitude; leading zeros allowed. */
    EXPECT(list("?limit=0"), 0, PARAMS ",\"offset\":0,\"limit\":20}\n", "");
    EXPECT(list("?limit=-99999999999999999999999"), 0, PARAMS ",\"offset\":0,\"limit\":20}\n",
           "");
    EXPECT(list("?limit=99999999999999999999999&offset=-99999999999999999999999"), 0,
           PARAMS ",\"offset\":0,\"limit\":500}\n", "");
    EXPECT(list("?limit=007&offset=0042"), 0, PARAMS ",\"offset\":42,\"limit\":7}\n", "");
    EXPECT(list("?offset=9223372036854775807"), 0,
           PARAMS ",\"offset\":9223372036854775807,\"limit\":20}\n", "");
    /* Not an integer: APIG.2012 for the parameter. */
    EXPECT(list("?limit=abc"), 1, INVALID("limit"), NULL);
    EXPECT(list("?limit=%2B5"), 1, INVALID("limit"), NULL); /* "+5" */
    EXPECT(list("?offset=1.0"), 1, INVALID("offset"), NULL);
    EXPECT(list("?offset=9223372036854775808"), 1, INVALID("offset"), NULL);
    /* Strings: form decoding ('+' a space, %XY a byte), UTF-8, lengths in
     * characters, character sets. */
    EXPECT(list("?name=a+b%E4%B8%AD"), 0,
           PARAMS ",\"offset\":0,\"limit\":20,\"name\":\"a b\xE4\xB8\xAD\"}\n", "");
    EXPECT(list("?name=%FF"), 1, INVALID("name"), NULL);
    EXPECT(list("?name=%G1"), 1, INVALID("name"), NULL);
    EXPECT(list("?name=%4"), 1, INVALID("name"), NULL);
    EXPECT(list("?name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 1,
           ERR("APIG.2006", PARAM("The parameter is too long", "name")), NULL);
    EXPECT(list("?member_group_id=g-1_A"), 0,
           PARAMS ",\"offset\":0,\"limit\":20,\"member_group_id\":\"g-1_A\"}\n", "");
    EXPECT(list("?member_group_id=g.1"), 1, INVALID("member_group_id"), NULL);
    /* precise_search: each comma-separated item is name or member_group_name. */
    EXPECT(list("?precise_search=name,member_group_name"), 0,
           PARAMS ",\"offset\":0,\"limit\":20,\"precise_search\":\"name,member_group_name\"}\n",
           "");
    EXPECT(list("?precise_search=name%2Cid"), 1, INVALID("precise_search"), NULL);
    EXPECT(list("?precise_search=name,"), 1, INVALID("precise_search"), NULL);
    /* Unknown parameters are ignored, or refused with --reject-unknown; a
     * known one given twice is refused; an unknown one twice is not. */
    EXPECT(list("?foo=1&foo=2&limit=5"), 0, PARAMS ",\"offset\":0,\"limit\":5}\n", "");
    EXPECT(list_reject_unknown("?foo=1"), 1, INVALID("foo"), NULL);
    EXPECT(list("?limit=5&limit=6"), 1, INVALID("limit"), NULL);
    EXPECT(list("?limit=&limit=6"), 1, INVALID("limit"), NULL);
    /* The token comes first (401), then the path, then the query. */
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", MEMBERS "?limit=x"), 1,
           ERR("APIG.1000", "Token missing. Log in again or try again later."), NULL);
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path",
               "/v2/p.1/apigw/instances/i/vpc-channels/c/members?limit=x", "--header", TOKEN),
           1, INVALID("project_id"), NULL);
}

/* A GET or DELETE reads a FILE only when one is named: empty is fine, a
 * body is refused (APIG.2000). */
static void bodiless_operations_and_files(void **state)
{
    (void)state;
    NEED_CLI();
    static const char refused[] =
        ERR("APIG.2000", "Parameter error: Serialization error: a body was not expected");
    char *empty = file_with("");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "DELETE", "--path", MEMBERS "/m1",
               "--header", TOKEN, empty),
           0, PARAMS ",\"member_id\":\"m1\"}\n", "");
    unlink(empty);
    char *body = file_with("{}");
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "DELETE", "--path", MEMBERS "/m1",
               "--header", TOKEN, body),
           1, refused, NULL);
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "GET", "--path", MEMBERS, "--header",
               TOKEN, body),
           1, refused, NULL);
    unlink(body);
    /* member_id has the form of the other path parameters. */
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--method", "DELETE", "--path", MEMBERS "/m.1",
               "--header", TOKEN),
           1, INVALID("member_id"), NULL);
}

/* ---- --operation ------------------------------------------------------------------ */

static void operation_flag(void **state)
{
    (void)state;
    NEED_CLI();
    static const char page[] = "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"10.0.0.1\"}]}";
    char *f = file_with(page);
    EXPECT(RUN(STDIN_OPEN_PIPE, "response", "--operation", "ListBackendInstancesV2", f), 0,
           "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"10.0.0.1\"}]}\n", "");
    EXPECT(RUN(STDIN_OPEN_PIPE, "response", "--operation=AddingBackendInstancesV2", f), 0,
           "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"10.0.0.1\"}]}\n", "");
    /* No body to read, or no such operation: usage errors. */
    EXPECT(RUN(STDIN_OPEN_PIPE, "response", "--operation", "DeleteBackendInstanceV2", f), 2, "",
           NULL);
    EXPECT(RUN(STDIN_OPEN_PIPE, "response", "--operation", "Nope", f), 2, "", NULL);
    EXPECT(RUN(STDIN_OPEN_PIPE, "validate", "--operation", "ListBackendInstancesV2", f), 2, "",
           NULL);
    EXPECT(RUN(STDIN_OPEN_PIPE, "validate", "--operation", "Nope", f), 2, "", NULL);
    unlink(f);
    f = file_with("{\"members\":[{\"host\":\"10.0.0.1\"}]}");
    EXPECT(RUN(STDIN_OPEN_PIPE, "validate", "--operation", "AddingBackendInstancesV2", f), 0,
           "{\"members\":[{\"host\":\"10.0.0.1\"}]}\n", "");
    unlink(f);
    /* request routes: --operation is not one of its flags. */
    EXPECT(RUN(STDIN_OPEN_PIPE, "request", "--operation", "ListBackendInstancesV2", "--method",
               "GET", "--path", MEMBERS),
           2, "", NULL);
}

/* ---- requests the official SDK signed (tests/interop) ------------------------------ */

#define SIGNED_401 "{\"error_code\":\"APIG.1002\",\"error_msg\":\"Incorrect token or token resolution failed\"}\n"

typedef struct signed_run {
    char *args[48];
    char *owned[40];
    size_t n, owned_n;
    char *body_file;
} signed_run;

static char *keep(signed_run *r, char *s)
{
    assert_non_null(s);
    r->owned[r->owned_n++] = s;
    return s;
}

/* The tool's arguments for capture c, with `now` (NULL: none), the
 * credentials file (NULL: none), and one header's value replaced (`name`
 * NULL: none; `value` NULL drops the header). */
static void signed_args(signed_run *r, const capture *c, const char *credentials,
                        const char *now, const char *name, const char *value)
{
    memset(r, 0, sizeof *r);
    r->args[r->n++] = "request";
    r->args[r->n++] = "--method";
    r->args[r->n++] = c->method;
    r->args[r->n++] = "--path";
    r->args[r->n++] = c->target;
    for (size_t h = 0; h < c->header_count; h++) {
        const char *v = c->values[h];
        if (name && strcmp(c->names[h], name) == 0) {
            if (!value)
                continue;
            v = value;
        }
        char *line = keep(r, malloc(strlen(c->names[h]) + strlen(v) + 3));
        sprintf(line, "%s: %s", c->names[h], v);
        r->args[r->n++] = "--header";
        r->args[r->n++] = line;
    }
    if (credentials) {
        r->args[r->n++] = "--credentials";
        r->args[r->n++] = (char *)credentials;
    }
    if (now) {
        r->args[r->n++] = "--now";
        r->args[r->n++] = (char *)now;
    }
    if (c->body) {
        r->body_file = keep(r, strdup(file_with(c->body)));
        r->args[r->n++] = r->body_file;
    }
    r->args[r->n] = NULL;
}

static result signed_exec(signed_run *r)
{
    result out = run_argv(STDIN_DEVNULL, r->args);
    if (r->body_file)
        unlink(r->body_file);
    for (size_t i = 0; i < r->owned_n; i++)
        free(r->owned[i]);
    return out;
}

static size_t signature_offset(const capture *c)
{
    /* Offsets count in the value as sent: the tool passes on the space
     * after "Name:" (the library drops it as optional whitespace). */
    const char *v = *capture_header((capture *)c, "Authorization");
    return 1 + (size_t)(strstr(v, "Signature=") - v) + strlen("Signature=");
}

static void sdk_signed_requests(void **state)
{
    (void)state;
    NEED_CLI();
    capture caps[CAPTURE_COUNT];
    size_t n = captures_load(caps, CAPTURE_COUNT);
    assert_int_equal(n, CAPTURE_COUNT);
    char *keys = strdup(file_with("# the key pair of shared/interop/README.md\n\n"
                                  "AKOTHER000000000000 another-secret\n"
                                  CAPTURE_ACCESS_KEY " " CAPTURE_SECRET_KEY "\n"));
    char mismatch[160], expired[160];
    signed_run r;
    for (size_t i = 0; i < n; i++) {
        const capture *c = &caps[i];
        /* Signed: accepted, verified with the key file at the given time. */
        signed_args(&r, c, keys, CAPTURE_NOW, NULL, NULL);
        result ok = signed_exec(&r);
        if (ok.code != 0)
            print_error("capture %zu: %s", i, ok.err);
        assert_int_equal(ok.code, 0);
        assert_string_equal(ok.err, "");
        result_free(&ok);
        /* ...and without the key file, its form only. */
        signed_args(&r, c, NULL, NULL, NULL, NULL);
        EXPECT(signed_exec(&r), 0, NULL, "");

        snprintf(mismatch, sizeof mismatch,
                 "401 APIG.1002 Authorization @%zu: the signature does not match\n",
                 signature_offset(c));
        /* One body byte. */
        if (c->body_len > 0) {
            capture t = *c;
            t.body = strdup(c->body);
            t.body[strlen(t.body) / 2] ^= 1;
            signed_args(&r, &t, keys, CAPTURE_NOW, NULL, NULL);
            EXPECT(signed_exec(&r), 1, SIGNED_401, mismatch);
            free(t.body);
        }
        /* One signed header. */
        signed_args(&r, c, keys, CAPTURE_NOW, "X-Project-Id", "05f5f7f00a80d2e02f80c0130ea5ea48");
        EXPECT(signed_exec(&r), 1, SIGNED_401, mismatch);
        /* The date. */
        signed_args(&r, c, keys, CAPTURE_NOW, "X-Sdk-Date", "20261130T221751Z");
        EXPECT(signed_exec(&r), 1, SIGNED_401, mismatch);
        /* Expired: 16 minutes later. */
        snprintf(expired, sizeof expired, "401 APIG.1002 X-Sdk-Date @1: X-Sdk-Date is more "
                                          "than 15 minutes from the current time\n");
        signed_args(&r, c, keys, "20261130T223353Z", NULL, NULL);
        EXPECT(signed_exec(&r), 1, SIGNED_401, expired);
        /* Unsigned: no Authorization, no token. */
        signed_args(&r, c, keys, CAPTURE_NOW, "Authorization", NULL);
        EXPECT(signed_exec(&r), 1,
               "{\"error_code\":\"APIG.1000\",\"error_msg\":\"Token missing. Log in again or "
               "try again later.\"}\n",
               "401 APIG.1000 X-Auth-Token @0: required value is missing\n");
    }
    /* Usage: a time that is not one, --now without --credentials, a key
     * file line that is not a pair. */
    signed_args(&r, &caps[0], keys, "20261131T000000Z", NULL, NULL);
    EXPECT(signed_exec(&r), 2, "", NULL);
    signed_args(&r, &caps[0], NULL, CAPTURE_NOW, NULL, NULL);
    EXPECT(signed_exec(&r), 2, "", NULL);
    char *bad_keys = strdup(file_with("AK SK\nAKONLY\n"));
    signed_args(&r, &caps[0], bad_keys, CAPTURE_NOW, NULL, NULL);
    result bad = signed_exec(&r);
    assert_int_equal(bad.code, 2);
    assert_non_null(strstr(bad.err, ":2: a line is 'ACCESS_KEY SECRET_KEY'"));
    result_free(&bad);
    unlink(bad_keys);
    free(bad_keys);
    unlink(keys);
    free(keys);
    captures_free(caps, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_normalises_without_reading_stdin),
        cmocka_unit_test(delete_answers_its_parameters),
        cmocka_unit_test(route_refusals),
        cmocka_unit_test(ops_lists_every_operation),
        cmocka_unit_test(list_query_decisions),
        cmocka_unit_test(bodiless_operations_and_files),
        cmocka_unit_test(operation_flag),
        cmocka_unit_test(sdk_signed_requests),
    };
    int failed = cmocka_run_group_tests_name("inline strings", tests, NULL, NULL);
    tool_env = "APIG_CLI_VIEW";
    return failed + cmocka_run_group_tests_name("view strings", tests, NULL, NULL);
}
