/* SPDX-License-Identifier: MIT */
/*
 * test_cost.c - nesting cannot make a body expensive: the costliest
 * nesting the depth limit allows costs at most 3.5 times a flat body of the
 * same size and token count, at the default limit (APIG_CFG_MAX_DEPTH)
 * and at the largest one (APIG_JSON_MAX_DEPTH_LIMIT), for apig_json_parse
 * in both modes and for apig_decode.
 *
 * Cost is counted in instructions, with callgrind, since time depends on
 * the machine's load (and perf counters are not always there). Valgrind
 * cannot run a sanitized binary, so the call runs in cost_driver (plain
 * build; its comment describes the bodies), whose paths `make test` passes
 * in $APIG_COST_DRIVER (the library as configured) and
 * $APIG_COST_DRIVER64 (built with APIG_CFG_MAX_DEPTH at the largest
 * value). Callgrind counts only inside the entry point, so building the
 * body and checking the answer are not counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <apig/json.h>

/* The bound this test holds the library to. A nest's cost is jsmn's walk
 * back up the parent links at each closing bracket, which apig cannot
 * shorten; what moves the ratio is the flat body. When the tokenizer
 * stopped counting tokens jsmn's way (issue 13) the flat body got ~3%
 * cheaper and the nests did not get dearer: at the largest depth gcc went
 * from 2.78x to 2.85x (flat 21.6M -> 20.9M instructions, nest 60.1M ->
 * 59.7M) and clang measures 3.1x. */
#define MAX_RATIO 3.5

typedef struct cost_case {
    const char *test;       /* the cmocka test's name */
    const char *name;
    const char *driver_env; /* which driver */
    const char *entry;      /* cost_driver's first argument */
    const char *function;   /* what callgrind counts */
    int pass_depth;         /* give the depth as apig_json_limits.max_depth */
    size_t depth;           /* the depth limit in force */
} cost_case;

typedef struct run_out {
    uint64_t instructions;
    size_t depth_limit, bytes, tokens, nesting;
} run_out;

typedef struct run {
    char cmd[4096];
    FILE *pipe;
    int rc;            /* the driver's exit status */
    char text[16384];  /* what it and callgrind wrote */
} run;

/* Starts the driver under callgrind on one shape. */
static void start(run *r, const cost_case *c, const char *driver, const char *shape)
{
    char depth[32] = "";
    if (c->pass_depth)
        snprintf(depth, sizeof depth, "%zu", c->depth);
    int n = snprintf(r->cmd, sizeof r->cmd,
                     "valgrind --tool=callgrind --collect-atstart=no --toggle-collect=%s "
                     "--callgrind-out-file=/dev/null '%s' %s %s %s 2>&1",
                     c->function, driver, c->entry, shape, depth);
    assert_true(n > 0 && (size_t)n < sizeof r->cmd);
    r->pipe = popen(r->cmd, "r");
    assert_non_null(r->pipe);
}

/* Waits for it, without failing: a failure would leave the other run. */
static void finish(run *r)
{
    size_t len = fread(r->text, 1, sizeof r->text - 1, r->pipe);
    r->text[len] = '\0';
    /* the rest, if any, so that the driver never blocks on a full pipe */
    char rest[4096];
    while (fread(rest, 1, sizeof rest, r->pipe) > 0)
        ;
    int st = pclose(r->pipe);
    r->rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Fails the test unless the driver succeeded and both its line and
 * callgrind's count were read. */
static void read_run(const run *r, run_out *out)
{
    const char *text = r->text;
    /* cmocka cuts a message at 1 KiB; valgrind says what went wrong last */
    size_t len = strlen(text);
    const char *tail = text + (len > 700 ? len - 700 : 0);
    if (r->rc != 0)
        print_error("%s\nexit %d; output ends:\n%s\n", r->cmd, r->rc, tail);
    assert_int_equal(r->rc, 0);

    const char *line = strstr(text, "depth_limit=");
    if (!line)
        print_error("%s\nno driver line; output ends:\n%s\n", r->cmd, tail);
    assert_non_null(line);
    assert_int_equal(sscanf(line, "depth_limit=%zu bytes=%zu tokens=%zu nesting=%zu",
                            &out->depth_limit, &out->bytes, &out->tokens, &out->nesting),
                     4);
    /* "==PID== I   refs:      21,657,991" */
    const char *refs = strstr(text, "I   refs:");
    if (!refs)
        print_error("%s\nno instruction count; output ends:\n%s\n", r->cmd, tail);
    assert_non_null(refs);
    uint64_t v = 0;
    int digits = 0;
    for (const char *s = refs + strlen("I   refs:"); *s && *s != '\n'; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (uint64_t)(*s - '0');
            digits++;
        } else if (*s != ',' && *s != ' ') {
            break;
        }
    }
    assert_true(digits > 0);
    out->instructions = v;
}

static void worst_nesting_costs_at_most_3x_flat(void **state)
{
    const cost_case *c = *state;
    const char *driver = getenv(c->driver_env);
    if (!driver || !*driver) {
        print_message("    %s not set: skipped (make test sets it)\n", c->driver_env);
        skip();
    }
    if (system("command -v valgrind >/dev/null 2>&1") != 0) {
        print_error("valgrind not found: `make test` installs it (CORE_PKGS)\n");
        fail();
    }
    /* both at once: each counts only its own instructions */
    static run rf, rn;
    run_out flat, nest;
    start(&rf, c, driver, "flat");
    start(&rn, c, driver, "nest");
    finish(&rf);
    finish(&rn);
    read_run(&rf, &flat);
    read_run(&rn, &nest);

    /* the bodies are what this test claims they are */
    assert_int_equal(flat.depth_limit, c->depth);
    assert_int_equal(nest.depth_limit, c->depth);
    assert_int_equal(nest.nesting, c->depth);
    assert_true(flat.nesting <= 3);
    assert_int_equal(nest.bytes, flat.bytes);
    assert_int_equal(nest.tokens, flat.tokens);
    assert_true(flat.bytes > 250000 && flat.bytes <= 256 * 1024);
    /* the count covers the call: no parse reads a byte for free */
    assert_true(flat.instructions >= flat.bytes);

    double ratio = (double)nest.instructions / (double)flat.instructions;
    print_message("    %-28s depth %2zu: nest %11llu, flat %11llu instructions: %.2fx "
                  "(%zu bytes, %zu tokens)\n",
                  c->name, c->depth, (unsigned long long)nest.instructions,
                  (unsigned long long)flat.instructions, ratio, flat.bytes, flat.tokens);
    assert_true(nest.instructions <= MAX_RATIO * flat.instructions);
}

#define DEFAULT "APIG_COST_DRIVER"
#define DEEPEST "APIG_COST_DRIVER64"
static const cost_case cases[] = {
    {"parse_at_default_depth", "apig_json_parse", DEFAULT, "parse", "apig_json_parse", 0,
     APIG_CFG_MAX_DEPTH},
    {"parse_deferred_at_default_depth", "apig_json_parse deferred", DEFAULT, "parse-defer",
     "apig_json_parse", 0, APIG_CFG_MAX_DEPTH},
    {"decode_at_default_depth", "apig_decode", DEFAULT, "decode", "apig_decode", 0,
     APIG_CFG_MAX_DEPTH},
    {"parse_at_largest_depth", "apig_json_parse", DEFAULT, "parse", "apig_json_parse", 1,
     APIG_JSON_MAX_DEPTH_LIMIT},
    {"parse_deferred_at_largest_depth", "apig_json_parse deferred", DEFAULT, "parse-defer",
     "apig_json_parse", 1, APIG_JSON_MAX_DEPTH_LIMIT},
    /* apig_decode's depth is the build's APIG_CFG_MAX_DEPTH */
    {"decode_at_largest_depth", "apig_decode", DEEPEST, "decode", "apig_decode", 0,
     APIG_JSON_MAX_DEPTH_LIMIT},
};
#define N_CASES (sizeof cases / sizeof cases[0])

int main(void)
{
    struct CMUnitTest tests[N_CASES];
    for (size_t i = 0; i < N_CASES; i++) {
        struct CMUnitTest t = {cases[i].test, worst_nesting_costs_at_most_3x_flat, NULL, NULL,
                               (void *)&cases[i]};
        tests[i] = t;
    }
    return cmocka_run_group_tests_name("cost", tests, NULL, NULL);
}
