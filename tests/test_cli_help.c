/* SPDX-License-Identifier: MIT */
/*
 * test_cli_help.c - what the tools say about themselves. `--help` on apig,
 * on each of its commands and on apig-gen prints the usage on standard
 * output and exits 0; `--version` prints the name and APIG_VERSION_STRING;
 * apig --help lists each command as the command's own --help does; and the
 * man pages (man/apig.1, man/apig-gen.1) document every option the tools'
 * --help names.
 *
 * Drives the sanitized tool ($APIG_CLI) and the generator ($APIG_GEN); each
 * test skips when its variable is unset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "read_fd.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <apig/apig.h>

static const char *const commands[] = {"syntax", "validate", "request", "response", "ops", "error"};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static char tmp[] = "/tmp/apig-test-help-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs `tool args` (args: shell words) with no input. */
static result run(const char *tool, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s", tool, args);
    return sh(cmd);
}

static const char *tool(const char *env)
{
    const char *t = getenv(env);
    if (!t || !*t) {
        print_message("%s not set: skipped\n", env);
        skip();
    }
    return t;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The usage line of a command's --help ("usage: apig CMD ...", without the
 * newline), as a new string. */
static char *usage_line(const char *cli, const char *cmd)
{
    char args[64];
    snprintf(args, sizeof args, "%s --help", cmd);
    result r = run(cli, args);
    assert_int_equal(r.code, 0);
    char *nl = strchr(r.out, '\n');
    assert_non_null(nl);
    *nl = '\0';
    char *line = strdup(r.out);
    result_free(&r);
    return line;
}

static void apig_version_printed(void **state)
{
    (void)state;
    const char *cli = tool("APIG_CLI");
    result r = run(cli, "--version");
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "apig " APIG_VERSION_STRING "\n");
    assert_string_equal(r.err, "");
    result_free(&r);
    /* the macros and the string agree */
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", APIG_VERSION_MAJOR, APIG_VERSION_MINOR,
             APIG_VERSION_PATCH);
    assert_string_equal(APIG_VERSION_STRING, want);
    assert_string_equal(apig_version(), want);
}

static void gen_version(void **state)
{
    (void)state;
    const char *gen = tool("APIG_GEN");
    result r = run(gen, "--version");
    assert_int_equal(r.code, 0);
    char want[64];
    snprintf(want, sizeof want, "apig-gen %s (table format %d)\n", APIG_VERSION_STRING,
             APIG_TABLE_FORMAT);
    assert_string_equal(r.out, want);
    assert_string_equal(r.err, "");
    result_free(&r);
}

/* apig --help and -h, and each command's --help and -h: usage on stdout, exit 0. */
static void apig_help(void **state)
{
    (void)state;
    const char *cli = tool("APIG_CLI");
    for (int h = 0; h < 2; h++) {
        const char *flag = h ? "-h" : "--help";
        result r = run(cli, flag);
        assert_int_equal(r.code, 0);
        assert_true(starts_with(r.out, "usage:\n"));
        assert_non_null(strstr(r.out, "apig --help | --version"));
        assert_string_equal(r.err, "");
        result_free(&r);
        for (size_t i = 0; i < COMMAND_COUNT; i++) {
            char args[64], want[64];
            snprintf(args, sizeof args, "%s %s", commands[i], flag);
            snprintf(want, sizeof want, "usage: apig %s", commands[i]);
            r = run(cli, args);
            if (r.code != 0 || !starts_with(r.out, want) || r.err[0] != '\0')
                print_error("apig %s: exit %d\nstdout: %sstderr: %s\n", args, r.code, r.out, r.err);
            assert_int_equal(r.code, 0);
            assert_true(starts_with(r.out, want));
            assert_string_equal(r.err, "");
            result_free(&r);
        }
    }
}

/* Help wins wherever it stands, even beside arguments that would be wrong;
 * and without it, those are usage errors (exit 2, nothing on stdout). */
static void help_among_arguments(void **state)
{
    (void)state;
    const char *cli = tool("APIG_CLI");
    static const struct {
        const char *args;
        const char *usage;
    } cases[] = {
        {"validate --pretty --help no-such-file.json", "usage: apig validate"},
        {"request --help", "usage: apig request"}, /* without the required --method */
        {"response --strict --help", "usage: apig response"},
        {"syntax --max-bytes 10 --help", "usage: apig syntax"},
        {"error --help", "usage: apig error"}, /* without CODE */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = run(cli, cases[i].args);
        assert_int_equal(r.code, 0);
        assert_true(starts_with(r.out, cases[i].usage));
        result_free(&r);
    }
    result r = run(cli, "request --frobnicate");
    assert_int_equal(r.code, 2);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "usage: apig request"));
    result_free(&r);
    r = run(cli, "--frobnicate");
    assert_int_equal(r.code, 2);
    assert_string_equal(r.out, "");
    result_free(&r);
}

/* apig --help lists each command as the command's own --help does. */
static void apig_help_lists_commands(void **state)
{
    (void)state;
    const char *cli = tool("APIG_CLI");
    result all = run(cli, "--help");
    assert_int_equal(all.code, 0);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        char *line = usage_line(cli, commands[i]);
        char want[1024];
        snprintf(want, sizeof want, "\n  %s\n", line + strlen("usage: "));
        if (!strstr(all.out, want))
            print_error("apig --help lacks \"%s\":\n%s", line + strlen("usage: "), all.out);
        assert_non_null(strstr(all.out, want));
        free(line);
    }
    result_free(&all);
}

static void gen_help(void **state)
{
    (void)state;
    const char *gen = tool("APIG_GEN");
    for (int h = 0; h < 2; h++) {
        result r = run(gen, h ? "-h" : "--help");
        assert_int_equal(r.code, 0);
        assert_true(starts_with(r.out, "usage: apig-gen "));
        assert_string_equal(r.err, "");
        result_free(&r);
    }
    /* no operands, or an unknown option: the usage on stderr, exit 1 */
    result r = run(gen, "");
    assert_int_equal(r.code, 1);
    assert_string_equal(r.out, "");
    assert_true(starts_with(r.err, "usage: apig-gen "));
    result_free(&r);
    r = run(gen, "--frobnicate schemas/vpc_members.yaml x");
    assert_int_equal(r.code, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "unknown option '--frobnicate'"));
    result_free(&r);
    r = run(gen, "--string-storage both schemas/vpc_members.yaml x");
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "--string-storage takes inline or view"));
    result_free(&r);
    /* --string-storage=view, the other spelling, generates views */
    char args[1024], path[600];
    snprintf(args, sizeof args, "--string-storage=view schemas/vpc_members.yaml '%s/v'", tmp);
    r = run(gen, args);
    assert_int_equal(r.code, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/v.h", tmp);
    char *h = read_file(path);
    assert_non_null(h);
    assert_non_null(strstr(h, "apig_string host;"));
    free(h);
}

/* Every --option in `help` appears in the man page as \-\-option. */
static void options_in_man(const char *help, const char *man, const char *page, const char *what)
{
    for (const char *p = help; (p = strstr(p, "--")) != NULL;) {
        size_t n = 2;
        while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '-')
            n++;
        if (n > 2) {
            char want[64];
            size_t w = 0;
            for (size_t i = 0; i < n && w + 2 < sizeof want; i++) {
                if (p[i] == '-')
                    want[w++] = '\\';
                want[w++] = p[i];
            }
            want[w] = '\0';
            if (!strstr(man, want))
                print_error("%s: %.*s (from %s --help) is not documented\n", page, (int)n, p, what);
            assert_non_null(strstr(man, want));
        }
        p += n;
    }
}

static void man_pages_name_every_option(void **state)
{
    (void)state;
    const char *cli = tool("APIG_CLI");
    const char *gen = tool("APIG_GEN");
    char *man = read_file("man/apig.1");
    assert_non_null(man);
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        char args[64];
        snprintf(args, sizeof args, "%s --help", commands[i]);
        result r = run(cli, args);
        options_in_man(r.out, man, "man/apig.1", commands[i]);
        /* each command has its own subsection */
        char want[64];
        snprintf(want, sizeof want, ".SS %s", commands[i]);
        assert_non_null(strstr(man, want));
        result_free(&r);
    }
    result r = run(cli, "--help");
    options_in_man(r.out, man, "man/apig.1", "apig");
    result_free(&r);
    free(man);
    man = read_file("man/apig-gen.1");
    assert_non_null(man);
    r = run(gen, "--help");
    options_in_man(r.out, man, "man/apig-gen.1", "apig-gen");
    result_free(&r);
    free(man);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(apig_version_printed),
        cmocka_unit_test(gen_version),
        cmocka_unit_test(apig_help),
        cmocka_unit_test(help_among_arguments),
        cmocka_unit_test(apig_help_lists_commands),
        cmocka_unit_test(gen_help),
        cmocka_unit_test(man_pages_name_every_option),
    };
    return cmocka_run_group_tests_name("cli_help", tests, setup, teardown);
}
