/* SPDX-License-Identifier: MIT */
/*
 * test_noalloc_json.c - the JSON layer never touches the heap.
 *
 * malloc, calloc, realloc, free, aligned_alloc and posix_memalign are
 * interposed (this binary is built without sanitizers, see the Makefile's
 * test_noalloc% rule) and forward to glibc's own entry points; while
 * `counting` is set every call is counted. Inputs and token arrays live in
 * static storage, so the counting window holds nothing but library calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <apig/json.h>

#include "noalloc.h"

#define TOKENS 4096
static apig_token tokens[TOKENS];
static char big[1000001];

static const struct {
    const char *text;
    size_t len;
} inputs[] = {
#define IN(lit) {lit, sizeof(lit) - 1}
    IN("{\"members\":[{\"host\":\"10.0.0.1\",\"weight\":10},{\"ecs_id\":\"abc\"}]}"),
    IN("[1,2.5,-3e2,true,false,null,\"\\u00e9\\uD83D\\uDE00\",{}]"),
    IN("\"\xe2\x82\xac\xf0\x9f\x98\x80\""),
    IN("42"),
    IN(""),
    IN("   "),
    IN("[1,]"),
    IN("{\"a\"::1}"),
    IN("01"),
    IN("tru"),
    IN("\"\\uD800\""),
    IN("\"\xc0\x80\""),
    IN("\"\x01\""),
    IN("\xef\xbb\xbf{}"),
    IN("{}\0"),
    IN("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
#undef IN
};

static void test_interposition_works(void **state)
{
    (void)state;
    counting = 1;
    heap_calls = 0;
    /* volatile: the compiler may not pair up and drop the calls */
    void *volatile p = malloc(16);
    free(p);
    void *q = NULL;
    assert_int_equal(posix_memalign(&q, 64, 64), 0);
    void *volatile qv = q;
    free(qv);
    counting = 0;
    assert_int_equal(heap_calls, 4);
}

static void test_parsing_never_allocates(void **state)
{
    (void)state;
    size_t n = sizeof inputs / sizeof inputs[0];
    apig_json_limits tight = {4, 256};
    size_t ok = 0;

    memset(big, '[', sizeof big);
    counting = 1;
    heap_calls = 0;
    for (int round = 0; round < 100; round++) {
        for (size_t i = 0; i < n; i++) {
            apig_json_result r;
            r = apig_json_parse(inputs[i].text, inputs[i].len, tokens, TOKENS, NULL, 0);
            ok += r.status == APIG_JSON_OK;
            r = apig_json_parse(inputs[i].text, inputs[i].len, tokens, TOKENS, NULL,
                                APIG_JSON_DEFER_STRINGS);
            r = apig_json_parse(inputs[i].text, inputs[i].len, tokens, 3, &tight, 0);
            r = apig_json_parse(inputs[i].text, inputs[i].len, NULL, 0, NULL, 0);
            (void)r;
            size_t at;
            (void)apig_json_check_string(inputs[i].text, inputs[i].len, &at);
            (void)apig_json_status_text((apig_json_status)(i % APIG_JSON_STATUS_COUNT));
        }
        apig_json_limits deep = {APIG_JSON_MAX_DEPTH_LIMIT, sizeof big};
        apig_json_result r = apig_json_parse(big, sizeof big, tokens, TOKENS, &deep, 0);
        assert_int_equal(r.status, APIG_JSON_TOO_DEEP);
    }
    counting = 0;
    assert_int_equal(heap_calls, 0);
    assert_int_equal(ok, 100 * 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interposition_works),
        cmocka_unit_test(test_parsing_never_allocates),
    };
    return cmocka_run_group_tests_name("noalloc_json", tests, NULL, NULL);
}
