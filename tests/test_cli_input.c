/* SPDX-License-Identifier: MIT */
/*
 * test_cli_input.c - how much of its input the CLI reads. Every command
 * that reads a body stops one byte past its limit, so an endless stream
 * gets the library's "input is too large" answer at once, in bounded
 * memory, and the bytes after that one are left unread.
 *
 * Drives the sanitized tool ($APIG_CLI) and, for the memory bound, the
 * plain one ($APIG_BUILD/apig): ASan reserves terabytes of address space,
 * so `ulimit -v` only works without it. Each run goes through sh -c under
 * `timeout`, so that a tool reading without end fails the test instead of
 * hanging the suite.
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

/* Seconds a run may take: reading 1 MiB under ASan takes a tenth of one,
 * an unbounded read of `yes` never ends. */
#define TIMEOUT "timeout -s KILL 30"
/* Far above what the tool needs on an endless stream (ASan's resident
 * memory is ~25 MB; the plain tool answers within 4 MB of address space),
 * far below what reading it whole takes. */
#define SAN_RSS_LIMIT "hard_rss_limit_mb=256"
#define PLAIN_VM_LIMIT_KB "65536"

#define TOO_LARGE_BODY                                                                   \
    "{\"error_code\":\"APIG.2000\",\"error_msg\":\"Parameter error: Serialization error: " \
    "input is too large\"}\n"
#define REQUEST_BODY "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}"
#define PAGE_BODY "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}"

/* Every command that reads input, with its limit and a valid input and
 * what it prints for it. */
static const struct command {
    const char *args;
    size_t limit;
    bool decodes; /* answers with an APIG error body; syntax has its own line */
    const char *valid;
    const char *valid_out;
} commands[] = {
    {"syntax", (size_t)APIG_CFG_MAX_BODY_BYTES, false, "[]", ""},
    {"validate", VPCM_VPC_MEMBER_CREATE_BODY_MAX, true, REQUEST_BODY, REQUEST_BODY "\n"},
    {"request --method POST --path /v2/p/apigw/instances/i/vpc-channels/c/members "
     "--header 'X-Auth-Token: t'",
     VPCM_VPC_MEMBER_CREATE_BODY_MAX, true, REQUEST_BODY, REQUEST_BODY "\n"},
    {"response", VPCM_VPC_MEMBER_PAGE_BODY_MAX, true, PAGE_BODY, PAGE_BODY "\n"},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static int setup(void **state)
{
    (void)state;
    const char *cli = getenv("APIG_CLI");
    const char *build = getenv("APIG_BUILD");
    if (!cli || !*cli)
        return 0; /* each test skips */
    static char plain[4096];
    snprintf(plain, sizeof plain, "%s/apig", build && *build ? build : "build");
    setenv("APIG", cli, 1);
    setenv("APIG_PLAIN", plain, 1);
    return 0;
}

static void need_cli(void)
{
    if (!getenv("APIG")) {
        print_message("    APIG_CLI not set: CLI checks skipped\n");
        skip();
    }
}

/* The one data file a test has at a time; the teardown removes it, so
 * that a failed assertion leaves no megabyte behind in /tmp. */
static char data_file[64];

static void remove_data_file(void)
{
    if (data_file[0])
        unlink(data_file);
    data_file[0] = '\0';
}

static int teardown(void **state)
{
    (void)state;
    remove_data_file();
    return 0;
}

/* Makes the data file: `text`, then spaces up to `size` bytes. */
static const char *padded_file(const char *text, size_t size)
{
    remove_data_file();
    snprintf(data_file, sizeof data_file, "/tmp/apig-test-cli-input-XXXXXX");
    int fd = mkstemp(data_file);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    size_t n = strlen(text);
    assert_true(n <= size);
    assert_int_equal(fwrite(text, 1, n, f), n);
    for (; n < size; n++)
        assert_int_not_equal(putc(' ', f), EOF);
    assert_int_equal(fclose(f), 0);
    return data_file;
}

/* What a command answers for an input over its limit whose byte at the
 * limit is at `line`, `column`, then `out_tail` on stdout (what the script
 * printed after the tool). */
static void expect_too_large(const result *r, const struct command *c, size_t line,
                             size_t column, const char *out_tail)
{
    char want_out[512], want_err[256];
    if (c->decodes) {
        snprintf(want_out, sizeof want_out, "%s%s", TOO_LARGE_BODY, out_tail);
        snprintf(want_err, sizeof want_err,
                 "400 APIG.2000 - @%zu: input is too large at line %zu, column %zu\n", c->limit,
                 line, column);
    } else {
        snprintf(want_out, sizeof want_out, "%s", out_tail);
        snprintf(want_err, sizeof want_err,
                 "apig: input is too large at line %zu, column %zu (byte %zu)\n", line, column,
                 c->limit);
    }
    if (r->code != 1 || strcmp(r->out, want_out) != 0 || strcmp(r->err, want_err) != 0)
        print_error("apig %s: exit %d (want 1)\n  stdout: %s\n  want:   %s\n"
                    "  stderr: %s\n  want:   %s\n",
                    c->args, r->code, r->out, want_out, r->err, want_err);
    assert_int_equal(r->code, 1);
    assert_string_equal(r->out, want_out);
    assert_string_equal(r->err, want_err);
}

/* `yes` ("y\n" without end) on standard input and /dev/zero as FILE: the
 * sanitized tool answers at once, and is aborted by ASan if its resident
 * memory passes SAN_RSS_LIMIT. */
static void endless_input_is_cut_at_the_limit(void **state)
{
    (void)state;
    need_cli();
    char script[1024];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &commands[i];
        snprintf(script, sizeof script,
                 "yes | ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}" SAN_RSS_LIMIT "\" "
                 TIMEOUT " \"$APIG\" %s",
                 c->args);
        result r = sh(script);
        /* "y\n" pairs: the byte at the limit starts line limit/2 + 1 when
         * the limit is even. */
        expect_too_large(&r, c, c->limit / 2 + 1, c->limit % 2 + 1, "");
        result_free(&r);

        snprintf(script, sizeof script,
                 "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}" SAN_RSS_LIMIT "\" "
                 TIMEOUT " \"$APIG\" %s /dev/zero",
                 c->args);
        r = sh(script);
        expect_too_large(&r, c, 1, c->limit + 1, "");
        result_free(&r);
    }
}

/* The same on the plain tool, under a cap on its address space. */
static void endless_input_in_bounded_memory(void **state)
{
    (void)state;
    need_cli();
    char script[1024];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &commands[i];
        snprintf(script, sizeof script,
                 "ulimit -v " PLAIN_VM_LIMIT_KB " && yes | " TIMEOUT " \"$APIG_PLAIN\" %s",
                 c->args);
        result r = sh(script);
        expect_too_large(&r, c, c->limit / 2 + 1, c->limit % 2 + 1, "");
        result_free(&r);

        snprintf(script, sizeof script,
                 "ulimit -v " PLAIN_VM_LIMIT_KB " && " TIMEOUT " \"$APIG_PLAIN\" %s - < /dev/zero",
                 c->args);
        r = sh(script);
        expect_too_large(&r, c, 1, c->limit + 1, "");
        result_free(&r);
    }
}

/* The tool and `wc -c` share one open file: what wc counts is what the
 * tool left unread. Over the limit, the tool takes limit + 1 bytes; at the
 * limit, all of them. The script exits with the tool's code. */
#define THEN_COUNT_THE_REST "rc=$?; wc -c; exit $rc; }"

static void reads_one_byte_past_the_limit_and_no_more(void **state)
{
    (void)state;
    need_cli();
    const char *name;
    char script[1024];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &commands[i];
        name = padded_file(c->valid, c->limit + 100);
        snprintf(script, sizeof script, "{ " TIMEOUT " \"$APIG\" %s; " THEN_COUNT_THE_REST
                 " < '%s'", c->args, name);
        result r = sh(script);
        expect_too_large(&r, c, 1, c->limit + 1, "99\n");
        result_free(&r);

        name = padded_file(c->valid, c->limit);
        snprintf(script, sizeof script, "{ " TIMEOUT " \"$APIG\" %s; " THEN_COUNT_THE_REST
                 " < '%s'", c->args, name);
        r = sh(script);
        char want[512];
        snprintf(want, sizeof want, "%s0\n", c->valid_out);
        assert_int_equal(r.code, 0);
        assert_string_equal(r.out, want);
        assert_string_equal(r.err, "");
        result_free(&r);
    }
}

/* A file of exactly the limit is judged by its content, as FILE and on
 * standard input; one byte more is too large. */
static void limit_sized_inputs_are_judged_by_content(void **state)
{
    (void)state;
    need_cli();
    const char *name;
    char script[1024];
    const char *forms[] = {"%s '%s'", "%s - < '%s'"};
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const struct command *c = &commands[i];
        for (size_t k = 0; k < 2; k++) {
            char run[900];
            name = padded_file(c->valid, c->limit);
            snprintf(run, sizeof run, forms[k], c->args, name);
            snprintf(script, sizeof script, TIMEOUT " \"$APIG\" %s", run);
            result r = sh(script);
            assert_int_equal(r.code, 0);
            assert_string_equal(r.out, c->valid_out);
            assert_string_equal(r.err, "");
            result_free(&r);

            name = padded_file(c->valid, c->limit + 1);
            snprintf(run, sizeof run, forms[k], c->args, name);
            snprintf(script, sizeof script, TIMEOUT " \"$APIG\" %s", run);
            r = sh(script);
            expect_too_large(&r, c, 1, c->limit + 1, "");
            result_free(&r);
        }
    }

    /* Refused at the limit for what it says, not for its size. */
    name = padded_file("{\"members\":[]}", VPCM_VPC_MEMBER_CREATE_BODY_MAX);
    snprintf(script, sizeof script, TIMEOUT " \"$APIG\" validate '%s'", name);
    result r = sh(script);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.out, "{\"error_code\":\"APIG.2001\",\"error_msg\":\"The request "
                               "parameters must be specified,parameterName:members. Please "
                               "refer to the support documentation\"}\n");
    assert_string_equal(r.err, "400 APIG.2001 members @11: array has too few items (members)\n");
    result_free(&r);
}

static void syntax_max_bytes(void **state)
{
    (void)state;
    need_cli();
    static const struct {
        const char *script;
        int code;
        const char *err;
    } runs[] = {
        {"printf '[1]' | \"$APIG\" syntax --max-bytes 3", 0, ""},
        {"printf '[1] ' | \"$APIG\" syntax --max-bytes 3", 1,
         "apig: input is too large at line 1, column 4 (byte 3)\n"},
        {"printf '[1] ' | \"$APIG\" syntax --max-bytes=4", 0, ""},
        {"printf '[1]' | \"$APIG\" syntax --max-bytes 1073741824", 0, ""},
        /* the limit, not the content, is checked first */
        {"printf '[1' | \"$APIG\" syntax --max-bytes 1", 1,
         "apig: input is too large at line 1, column 2 (byte 1)\n"},
        {"printf '[1' | \"$APIG\" syntax --max-bytes 2", 1,
         "apig: unexpected end of JSON input at line 1, column 3 (byte 2)\n"},
        {"yes | " TIMEOUT " \"$APIG\" syntax --max-bytes 1", 1,
         "apig: input is too large at line 1, column 2 (byte 1)\n"},
        {"yes | " TIMEOUT " \"$APIG\" syntax --max-bytes 5 -", 1,
         "apig: input is too large at line 3, column 2 (byte 5)\n"},
        /* above the default: a 2 MiB text */
        {"{ printf '['; head -c 2097150 /dev/zero | tr '\\0' ' '; printf ']'; } | "
         "\"$APIG\" syntax --max-bytes 2097152",
         0, ""},
        {"{ printf '['; head -c 2097150 /dev/zero | tr '\\0' ' '; printf ']'; } | "
         "\"$APIG\" syntax --max-bytes 2097151",
         1, "apig: input is too large at line 1, column 2097152 (byte 2097151)\n"},
        /* five bytes left unread of nine */
        {"printf '[1,2,3,4]' > \"$T\" && { \"$APIG\" syntax --max-bytes 3 -; " THEN_COUNT_THE_REST
         " < \"$T\"",
         1,
         "apig: input is too large at line 1, column 4 (byte 3)\n"},
    };
    char script[1024];
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        snprintf(script, sizeof script, "T=$(mktemp) && trap 'rm -f \"$T\"' EXIT && %s",
                 runs[i].script);
        result r = sh(script);
        if (r.code != runs[i].code || strcmp(r.err, runs[i].err) != 0)
            print_error("%s: exit %d (want %d)\n  stderr: %s  want:   %s\n", runs[i].script,
                        r.code, runs[i].code, r.err, runs[i].err);
        assert_int_equal(r.code, runs[i].code);
        assert_string_equal(r.err, runs[i].err);
        assert_string_equal(r.out, i + 1 == sizeof runs / sizeof runs[0] ? "5\n" : "");
        result_free(&r);
    }

    /* A bad value is a usage error, with the usage. */
    static const char *const bad[] = {"0", "1073741825", "-1", "", "abc", "12x", "+5", " 5",
                                      "18446744073709551617", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(script, sizeof script, "printf '[1]' | \"$APIG\" syntax --max-bytes '%s'",
                 bad[i]);
        result r = sh(script);
        char want[256];
        snprintf(want, sizeof want,
                 "apig syntax: --max-bytes takes 1 to 1073741824, not '%s'\n"
                 "usage: apig syntax [--max-bytes N] [FILE|-]\n",
                 bad[i]);
        assert_int_equal(r.code, 2);
        assert_string_equal(r.out, "");
        assert_true(strncmp(r.err, want, strlen(want)) == 0);
        result_free(&r);
    }
    result r = sh("printf '[1]' | \"$APIG\" syntax --max-bytes");
    const char missing[] = "apig syntax: missing value for --max-bytes\n"
                           "usage: apig syntax [--max-bytes N] [FILE|-]\n";
    assert_int_equal(r.code, 2);
    assert_true(strncmp(r.err, missing, sizeof missing - 1) == 0);
    result_free(&r);

    /* The help names the option, its range and its default. */
    r = sh("\"$APIG\" syntax --help");
    assert_int_equal(r.code, 0);
    char want[256];
    snprintf(want, sizeof want,
             "  --max-bytes N  refuse an input larger than N bytes (1 to 1073741824;\n"
             "                 default %zu, the decoder's body limit) as too large,\n",
             (size_t)APIG_CFG_MAX_BODY_BYTES);
    assert_non_null(strstr(r.out, want));
    result_free(&r);
}

/* What cannot be read is still an I/O error, exit 2, with the reason. */
static void read_errors_exit_2(void **state)
{
    (void)state;
    need_cli();
    char script[1024];
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        snprintf(script, sizeof script, "\"$APIG\" %s /", commands[i].args);
        result r = sh(script);
        assert_int_equal(r.code, 2);
        assert_string_equal(r.out, "");
        assert_string_equal(r.err, "apig: cannot read /: Is a directory\n");
        result_free(&r);

        snprintf(script, sizeof script, "\"$APIG\" %s - < /", commands[i].args);
        r = sh(script);
        assert_int_equal(r.code, 2);
        assert_string_equal(r.err, "apig: cannot read standard input: Is a directory\n");
        result_free(&r);

        snprintf(script, sizeof script, "\"$APIG\" %s /nonexistent/body.json", commands[i].args);
        r = sh(script);
        assert_int_equal(r.code, 2);
        assert_string_equal(
            r.err, "apig: cannot open /nonexistent/body.json: No such file or directory\n");
        result_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(endless_input_is_cut_at_the_limit, teardown),
        cmocka_unit_test_teardown(endless_input_in_bounded_memory, teardown),
        cmocka_unit_test_teardown(reads_one_byte_past_the_limit_and_no_more, teardown),
        cmocka_unit_test_teardown(limit_sized_inputs_are_judged_by_content, teardown),
        cmocka_unit_test_teardown(syntax_max_bytes, teardown),
        cmocka_unit_test_teardown(read_errors_exit_2, teardown),
    };
    return cmocka_run_group_tests_name("cli_input", tests, setup, NULL);
}
