/* SPDX-License-Identifier: MIT */
/*
 * test_response.c - `apig response` and `apig error`, as acceptance tooling
 * runs them: the CLI (path in $APIG_CLI, default build/apig) on the
 * document's examples, byte for byte, with exit codes; and the ways a 201
 * body is rejected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "read_fd.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <apig/apig.h>
#include "vpc_members.h"

static const apig_operation *const op = &vpcm_add_backend_instances_v2_op;

typedef struct run_result {
    int code;
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
} run_result;

static const char *cli_path(void)
{
    const char *p = getenv("APIG_CLI");
    return p && *p ? p : "build/apig";
}

static int temp_file(const char *data, size_t len)
{
    char name[] = "/tmp/apig-test-response-XXXXXX";
    int fd = mkstemp(name);
    assert_true(fd >= 0);
    unlink(name);
    if (len)
        assert_int_equal(write(fd, data, len), (ssize_t)len);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Runs `apig ARGS...` (NULL-terminated) with `input` on standard input. */
static run_result run_args(const char *input, size_t input_len, const char *const *args)
{
    const char *argv[16];
    size_t n = 0;
    argv[n++] = cli_path();
    while (*args && n < 15)
        argv[n++] = *args++;
    argv[n] = NULL;

    int in = temp_file(input, input_len);
    int out = temp_file(NULL, 0), err = temp_file(NULL, 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    run_result r = {.code = WEXITSTATUS(status)};
    assert_true(r.code != 127);
    r.out = read_fd(out, &r.out_len);
    r.err = read_fd(err, &r.err_len);
    close(in);
    close(out);
    close(err);
    return r;
}

#define RUN(input, len, ...) run_args((input), (len), (const char *const[]){__VA_ARGS__, NULL})

static void done(run_result *r)
{
    free(r->out);
    free(r->err);
}

/* Writes `body` to a temp file whose path ends up in `path`. */
static void body_file(const char *body, size_t len, char *path, size_t cap)
{
    snprintf(path, cap, "/tmp/apig-test-response-body-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(body, 1, len, f), len);
    fclose(f);
}

static void assert_stdout(const run_result *r, const char *want, size_t want_len)
{
    if (r->out_len != want_len + 1 || memcmp(r->out, want, want_len) != 0 ||
        r->out[want_len] != '\n')
        fail_msg("stdout differs (exit %d)\n--- got\n%s--- want\n%.*s\n--- stderr\n%s", r->code,
                 r->out, (int)want_len, want, r->err);
}

/* ---- 201 examples ------------------------------------------------------------------- */

static void test_response_examples_pretty(void **state)
{
    (void)state;
    int seen = 0;
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        if (ex->kind != APIG_EXAMPLE_RESPONSE)
            continue;
        seen++;
        char path[128];
        body_file(ex->body, ex->body_len, path, sizeof path);

        run_result r = RUN("", 0, "response", "--pretty", path);
        assert_int_equal(r.code, 0);
        assert_stdout(&r, ex->body, ex->body_len);
        assert_int_equal(r.err_len, 0);
        done(&r);

        /* standard input, absent or "-" */
        r = RUN(ex->body, ex->body_len, "response", "--pretty");
        assert_int_equal(r.code, 0);
        assert_stdout(&r, ex->body, ex->body_len);
        done(&r);
        r = RUN(ex->body, ex->body_len, "response", "-", "--pretty");
        assert_int_equal(r.code, 0);
        assert_stdout(&r, ex->body, ex->body_len);
        done(&r);

        /* compact, then compact read again and pretty-printed */
        r = RUN("", 0, "response", path);
        assert_int_equal(r.code, 0);
        assert_null(strchr(r.out, ' '));
        assert_int_equal(r.out[r.out_len - 1], '\n');
        assert_null(memchr(r.out, '\n', r.out_len - 1));
        run_result again = RUN(r.out, r.out_len - 1, "response", "--pretty");
        assert_int_equal(again.code, 0);
        assert_stdout(&again, ex->body, ex->body_len);
        done(&again);
        done(&r);
        unlink(path);
    }
    assert_int_equal(seen, 2);
}

static void test_response_compact_exact(void **state)
{
    (void)state;
    const char *body = "{\"total\":1,\"size\":1,\"members\":[{\"create_time\":\"2020-07-23T09:13:24Z\","
                       "\"host\":\"192.168.2.25\",\"id\":\"683b6807cad54122a6777ad047a6178e\","
                       "\"status\":1,\"vpc_channel_id\":\"56a7d7358e1b42459c9d730d65b14e59\","
                       "\"weight\":1}]}";
    /* input in table order, reordered and spaced: output in document order */
    const char *in = " { \"members\" : [ { \"weight\":1, \"status\":1, \"id\":\"683b6807cad54122a6777ad047a6178e\","
                     "\"vpc_channel_id\":\"56a7d7358e1b42459c9d730d65b14e59\",\"host\":\"192.168.2.25\","
                     "\"create_time\":\"2020-07-23T09:13:24Z\" } ], \"size\":1, \"total\":1 }\n";
    run_result r = RUN(in, strlen(in), "response");
    assert_int_equal(r.code, 0);
    assert_stdout(&r, body, strlen(body));
    done(&r);

    /* widest integers, unknown fields ignored, empty members */
    in = "{\"total\":9223372036854775807,\"size\":2147483647,\"members\":[],\"page\":{\"x\":[1]}}";
    r = RUN(in, strlen(in), "response", "--pretty");
    assert_int_equal(r.code, 0);
    const char *want = "{\n  \"total\" : 9223372036854775807,\n  \"size\" : 2147483647,\n  \"members\" : [ ]\n}";
    assert_stdout(&r, want, strlen(want));
    done(&r);
}

/* A page at the capacity with every field of every member set, escapes
 * included: more tokens than a request ever needs. */
static void test_response_full_page(void **state)
{
    (void)state;
    static vpcm_vpc_member_page page;
    memset(&page, 0, sizeof page);
    page.has_size = page.has_total = page.has_members = true;
    page.size = page.total = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    page.members_count = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    for (uint32_t i = 0; i < page.members_count; i++) {
        vpcm_vpc_member_info *m = &page.members[i];
        m->has_host = m->has_weight = m->has_ecs_id = m->has_ecs_name = true;
        m->has_id = m->has_status = m->has_vpc_channel_id = m->has_create_time = true;
        snprintf(m->host, sizeof m->host, "\"h\\%u\x01/\xE4\xB8\xAD\xF0\x9F\x98\x80", (unsigned)i);
        m->weight = (int32_t)(i % 101);
        snprintf(m->ecs_id, sizeof m->ecs_id, "ecs-%u", (unsigned)i);
        strcpy(m->ecs_name, "APIG\xE4\xB8\xAD.x");
        snprintf(m->id, sizeof m->id, "id_%u", (unsigned)i);
        m->status = (int32_t)i - 100;
        strcpy(m->vpc_channel_id, "105c6902457144a4820dff8b1ad63331");
        strcpy(m->create_time, "2024-02-29T23:59:59Z");
    }
    static char compact[VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1], pretty[VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1];
    apig_error err;
    size_t nc = vpcm_vpc_member_page_encode(&page, APIG_STYLE_COMPACT, compact, sizeof compact, &err);
    size_t np = vpcm_vpc_member_page_encode(&page, APIG_STYLE_PRETTY, pretty, sizeof pretty, &err);
    assert_true(nc < sizeof compact && np < sizeof pretty);

    run_result r = RUN(compact, nc, "response", "--pretty");
    assert_int_equal(r.code, 0);
    assert_stdout(&r, pretty, np);
    done(&r);
    r = RUN(pretty, np, "response");
    assert_int_equal(r.code, 0);
    assert_stdout(&r, compact, nc);
    done(&r);
}

/* ---- rejected 201 bodies ----------------------------------------------------------------- */

static void expect_rejected(const char *body, const char *code, const char *msg,
                            const char *stderr_prefix)
{
    run_result r = RUN(body, strlen(body), "response");
    char want[512];
    snprintf(want, sizeof want, "{\"error_code\":\"%s\",\"error_msg\":\"%s\"}", code, msg ? msg : "");
    if (r.code != 1)
        fail_msg("exit %d for %s\nstdout %s\nstderr %s", r.code, body, r.out, r.err);
    if (msg) {
        assert_stdout(&r, want, strlen(want));
    } else { /* the code, whatever the detail */
        size_t head = strlen(want) - 2;
        assert_true(r.out_len > head && strncmp(r.out, want, head) == 0);
        assert_string_equal(r.out + r.out_len - 3, "\"}\n");
        snprintf(want, sizeof want, "%.*s", (int)(r.out_len - 1), r.out);
    }
    if (strncmp(r.err, stderr_prefix, strlen(stderr_prefix)) != 0 || !strstr(r.err, " @") ||
        r.err[r.err_len - 1] != '\n')
        fail_msg("stderr for %s: %s (want prefix \"%s\")", body, r.err, stderr_prefix);
    done(&r);

    /* --pretty does not change the error body: always compact */
    r = RUN(body, strlen(body), "response", "--pretty");
    assert_int_equal(r.code, 1);
    assert_stdout(&r, want, strlen(want));
    done(&r);
}

#define PARAM_MSG(m, p) m ",parameterName:" p ". Please refer to the support documentation"
#define MEMBER "\"create_time\":\"2020-07-23T09:13:24Z\",\"host\":\"192.168.2.25\",\"id\":\"683b\",\"status\":1"

static void test_response_rejected(void **state)
{
    (void)state;
    expect_rejected("{\"total\":1,\"size\":1,\"members\":[{\"create_time\":\"2020-02-30T00:00:00Z\"}]}",
                    "APIG.2012", PARAM_MSG("Invalid parameter value", "create_time"),
                    "400 APIG.2012 members[0].create_time @");
    expect_rejected("{\"total\":1,\"size\":1,\"members\":[{" MEMBER "},{\"create_time\":\"2020-07-23 09:13:24\"}]}",
                    "APIG.2012", PARAM_MSG("Invalid parameter value", "create_time"),
                    "400 APIG.2012 members[1].create_time @");
    expect_rejected("{\"total\":1,\"size\":-1,\"members\":[]}", "APIG.2004",
                    PARAM_MSG("The parameter value is outside the allowable range", "size"),
                    "400 APIG.2004 size @");
    expect_rejected("{\"total\":1,\"size\":2147483648,\"members\":[]}", "APIG.2004",
                    PARAM_MSG("The parameter value is outside the allowable range", "size"),
                    "400 APIG.2004 size @");
    expect_rejected("{\"total\":9223372036854775808,\"size\":1,\"members\":[]}", "APIG.2004",
                    PARAM_MSG("The parameter value is outside the allowable range", "total"),
                    "400 APIG.2004 total @");
    expect_rejected("{\"total\":-1,\"size\":1,\"members\":[]}", "APIG.2004",
                    PARAM_MSG("The parameter value is outside the allowable range", "total"),
                    "400 APIG.2004 total @");
    expect_rejected("{\"size\":1,\"members\":[]}", "APIG.2001",
                    PARAM_MSG("The request parameters must be specified", "total"),
                    "400 APIG.2001 total @");
    expect_rejected("{\"total\":1,\"members\":[]}", "APIG.2001",
                    PARAM_MSG("The request parameters must be specified", "size"),
                    "400 APIG.2001 size @");
    expect_rejected("{\"total\":1,\"size\":1}", "APIG.2001",
                    PARAM_MSG("The request parameters must be specified", "members"),
                    "400 APIG.2001 members @");
    expect_rejected("{\"total\":1,\"size\":1,\"members\":[{" MEMBER ",\"weight\":101}]}", "APIG.2004",
                    PARAM_MSG("The parameter value is outside the allowable range", "weight"),
                    "400 APIG.2004 members[0].weight @");
    expect_rejected("{\"total\":1,\"size\":1,\"members\":[{\"status\":1.5}]}", "APIG.2012",
                    PARAM_MSG("Invalid parameter value", "status"), "400 APIG.2012 members[0].status @");
    expect_rejected("{\"total\":\"1\",\"size\":1,\"members\":[]}", "APIG.2012",
                    PARAM_MSG("Invalid parameter value", "total"), "400 APIG.2012 total @");
    /* As the service writes it, an ecs_id may be an address ("." and ":"),
     * nothing else outside the id set. */
    expect_rejected("{\"total\":1,\"size\":1,\"members\":[{\"ecs_id\":\"a/b\"}]}", "APIG.2012",
                    PARAM_MSG("Invalid parameter value", "ecs_id"), "400 APIG.2012 members[0].ecs_id @");
    expect_rejected("", "APIG.2000", "Parameter error: Serialization error: unexpected end of JSON input",
                    "400 APIG.2000 - @");
    expect_rejected("[]", "APIG.2000", NULL, "400 APIG.2000 - @");
}

/* ---- usage and I/O --------------------------------------------------------------------------- */

static void expect_usage(run_result r)
{
    if (r.code != 2)
        fail_msg("exit %d, want 2\nstdout %s\nstderr %s", r.code, r.out, r.err);
    assert_int_equal(r.out_len, 0);
    assert_true(r.err_len > 0);
    done(&r);
}

static void test_usage_and_io_errors(void **state)
{
    (void)state;
    expect_usage(RUN("", 0, "response", "--bogus"));
    expect_usage(RUN("", 0, "response", "/nonexistent/apig/body.json"));
    expect_usage(RUN("", 0, "response", "a.json", "b.json"));
    expect_usage(RUN("", 0, "error"));
    expect_usage(RUN("", 0, "error", "APIG.0000"));
    expect_usage(RUN("", 0, "error", "apig.2004"));
    expect_usage(RUN("", 0, "error", "APIG.2004", "--param"));
    expect_usage(RUN("", 0, "error", "APIG.3023", "--id"));
    expect_usage(RUN("", 0, "error", "APIG.2004", "APIG.2005"));
    expect_usage(RUN("", 0, "error", "APIG.2004", "--bogus"));

    run_result r = RUN("", 0, "response", "--help");
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "response [--operation NAME] [--strict] [--pretty] [FILE|-]"));
    done(&r);
    r = RUN("", 0, "error", "--help");
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "error CODE [--param NAME] [--id ID] [--pretty]"));
    done(&r);
}

/* ---- apig error --------------------------------------------------------------------------------- */

static void test_error_examples_pretty(void **state)
{
    (void)state;
    int seen = 0;
    static apig_token tokens[64];
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, 64, &err, 1);
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        if (ex->kind != APIG_EXAMPLE_ERROR)
            continue;
        seen++;
        vpcm_error_msg body;
        assert_int_equal(vpcm_error_msg_decode(&d, ex->body, ex->body_len, &body), 0);

        const char *args[8] = {"error", body.error_code, "--pretty"};
        size_t n = 3;
        if (ex->error_param) {
            args[n++] = "--param";
            args[n++] = ex->error_param;
        }
        if (ex->error_id) {
            args[n++] = "--id";
            args[n++] = ex->error_id;
        }
        args[n] = NULL;
        run_result r = run_args("", 0, args);
        assert_int_equal(r.code, 0);
        assert_stdout(&r, ex->body, ex->body_len);
        assert_int_equal(r.err_len, 0);
        done(&r);
    }
    assert_int_equal(seen, 5);

    /* the issue's own spelling of two of them */
    run_result r = RUN("", 0, "error", "APIG.3023", "--id", "56a7d7358e1b42459c9d730d65b14e59", "--pretty");
    const char *want = "{\n  \"error_code\" : \"APIG.3023\",\n  \"error_msg\" : \"The VPC channel does not "
                       "exist,id:56a7d7358e1b42459c9d730d65b14e59\"\n}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);
    r = RUN("", 0, "error", "--pretty", "--param", "weight", "APIG.2004");
    want = "{\n  \"error_code\" : \"APIG.2004\",\n  \"error_msg\" : \"The parameter value is outside the "
           "allowable range,parameterName:weight. Please refer to the support documentation\"\n}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);
}

static void test_error_compact_and_decisions(void **state)
{
    (void)state;
    run_result r = RUN("", 0, "error", "APIG.2004", "--param", "weight");
    const char *want = "{\"error_code\":\"APIG.2004\",\"error_msg\":\"" PARAM_MSG(
        "The parameter value is outside the allowable range", "weight") "\"}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);

    /* a parameter entry without --param: the catalog message alone */
    r = RUN("", 0, "error", "APIG.2004");
    want = "{\"error_code\":\"APIG.2004\",\"error_msg\":\"The parameter value is outside the allowable range\"}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);

    /* an option the entry does not take is ignored */
    r = RUN("", 0, "error", "APIG.9999", "--param", "weight", "--id", "x");
    want = "{\"error_code\":\"APIG.9999\",\"error_msg\":\"System error\"}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);

    /* a value that needs escaping comes out as valid JSON */
    r = RUN("", 0, "error", "APIG.3023", "--id", "a\"b\\c");
    want = "{\"error_code\":\"APIG.3023\",\"error_msg\":\"The VPC channel does not exist,id:a\\\"b\\\\c\"}";
    assert_int_equal(r.code, 0);
    assert_stdout(&r, want, strlen(want));
    done(&r);

    /* every catalog code is known */
    for (uint32_t i = 0; i < op->catalog->entry_count; i++) {
        r = RUN("", 0, "error", op->catalog->entries[i].code);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, op->catalog->entries[i].code));
        done(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_response_examples_pretty),
        cmocka_unit_test(test_response_compact_exact),
        cmocka_unit_test(test_response_full_page),
        cmocka_unit_test(test_response_rejected),
        cmocka_unit_test(test_usage_and_io_errors),
        cmocka_unit_test(test_error_examples_pretty),
        cmocka_unit_test(test_error_compact_and_decisions),
    };
    return cmocka_run_group_tests_name("response_cli", tests, NULL, NULL);
}
