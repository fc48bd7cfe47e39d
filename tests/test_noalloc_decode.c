/*
 * The memory decoding takes. Decoding, validating and checking whole
 * requests never touch the heap, and their stack follows the schema's
 * nesting, not the JSON depth limit (measured by painting the stack).
 *
 * Heap: decoding, validating and checking whole requests never touch it.
 * malloc, calloc, realloc and free are interposed (forwarded to glibc) and
 * counted while the library runs; every path - valid bodies, each kind of
 * rule error, malformed bodies, whole requests, the context - must count 0.
 * Built without sanitizers (they allocate); see the Makefile's
 * test_noalloc% rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "add_backend_instances_v2.h"

#include "noalloc.h"

#define OP (&apig_add_backend_instances_v2_op)
#define MSG (&apig_vpc_member_create_desc)

static apig_token toks[APIG_CFG_MAX_TOKENS];
static apig_vpc_member_create body_out;
static apig_add_backend_instances_v2_path path_out;
static apig_error errs[64];
static char big[1 << 16];

static const char *const bodies[] = {
    "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}",
    "{\"members\":[{\"ecs_id\":\"1082720c-3c15\",\"ecs_name\":\"\\u4e00APIG\",\"weight\":2}]}",
    "{\"members\":[{\"weight\":101},{\"weight\":1.5},{\"weight\":\"1\"},{\"weight\":99999999999999999999}]}",
    "{\"members\":[{\"ecs_id\":\"\"},{\"ecs_id\":\"a.b\"},{\"ecs_name\":\"\xf0\x9f\x98\x80\"},{\"host\":\"\\u0000\"}]}",
    "{\"members\":[{\"weight\":1,\"weight\":2}],\"members\":[]}",
    "{\"members\":[{\"x\":1,\"n\\u00e9\":{\"y\":[null]}}],\"z\":1}",
    "{\"members\":[1,null,[]]}",
    "{\"members\":null}",
    "{\"members\":[]}",
    "{}",
    "",
    "   ",
    "\xef\xbb\xbf{}",
    "[]",
    "\"x\"",
    "{\"members\":[{}]} x",
    "{\"members\":[{\"host\":\"\\ud800\"}]}",
    "{\"members\":[{\"weight\":101},{\"host\":\"\xff\"}]}",
    "{\"members\":[",
};

static void decode_all(const apig_context *ctx)
{
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        const char *b = bodies[i];
        apig_decode(MSG, b, strlen(b), toks, APIG_CFG_MAX_TOKENS, ctx, &body_out, errs, 64);
        apig_decode(MSG, b, strlen(b), toks, APIG_CFG_MAX_TOKENS, ctx, &body_out, errs, 1);
        apig_decode(MSG, b, strlen(b), toks, APIG_CFG_MAX_TOKENS, ctx, &body_out, NULL, 0);
        apig_validate(MSG, &body_out, ctx, errs, 64);
    }
}

static void decode_and_validate_use_no_heap(void **state)
{
    (void)state;
    apig_context ctx;
    /* capacity + 1 members, and a body at the token limit */
    size_t len = 0;
    memcpy(big, "{\"members\":[", 12);
    len = 12;
    for (int i = 0; i <= APIG_CFG_MEMBERS_MAX; i++) {
        memcpy(big + len, "{\"weight\":1},", 13);
        len += 13;
    }
    big[len - 1] = ']';
    big[len++] = '}';

    counting = 1;
    heap_calls = 0;
    apig_context_init(&ctx);
    decode_all(&ctx);
    apig_context_set(&ctx, OP, "member_type", 11, "ip", 2);
    decode_all(&ctx);
    apig_context_set(&ctx, OP, "member_type", 11, "ecs", 3);
    apig_context_set(&ctx, OP, "channel_type", 12, "1", 1);
    ctx.options = APIG_OPT_REJECT_UNKNOWN;
    decode_all(&ctx);
    decode_all(NULL);
    size_t n = apig_decode(MSG, big, len, toks, APIG_CFG_MAX_TOKENS, NULL, &body_out, errs, 64);
    apig_decode(MSG, big, len, toks, 16, NULL, &body_out, errs, 64);
    counting = 0;

    assert_int_equal(n, 1); /* the capacity error */
    assert_int_equal(heap_calls, 0);
}

static void whole_requests_use_no_heap(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members?x=1",
        "/v2//apigw/instances/i.1/vpc-channels/c1/members",
        "/v2/p1/apigw/instances/i1/vpc-channel/c1/members",
    };
    static const char *const tokens[] = {"abc", "", "a b", NULL};
    counting = 1;
    heap_calls = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++)
        for (size_t t = 0; t < sizeof tokens / sizeof tokens[0]; t++)
            for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b += 3) {
                apig_header h = {"X-Auth-Token", 12, tokens[t], tokens[t] ? strlen(tokens[t]) : 0};
                apig_http_request rq = {"POST", 4, paths[p], strlen(paths[p]),
                                        tokens[t] ? &h : NULL, tokens[t] ? 1 : 0,
                                        bodies[b], strlen(bodies[b])};
                apig_request_decode(OP, &rq, toks, APIG_CFG_MAX_TOKENS, NULL, &path_out,
                                    &body_out, errs, 64);
                apig_request_decode(OP, &rq, toks, APIG_CFG_MAX_TOKENS, NULL, &path_out,
                                    &body_out, NULL, 0);
            }
    counting = 0;
    assert_int_equal(heap_calls, 0);
}

static void the_counter_counts(void **state)
{
    (void)state;
    /* through volatile pointers, so that the compiler cannot elide the pair */
    void *(*volatile do_malloc)(size_t) = malloc;
    void (*volatile do_free)(void *) = free;
    counting = 1;
    heap_calls = 0;
    void *p = do_malloc(16);
    do_free(p);
    counting = 0;
    assert_int_equal(heap_calls, 2);
}

/* ---- stack ---------------------------------------------------------------------- */

#define PAINTED 65536
#define PAINT_BYTE 0xA5

/* Fills PAINTED bytes of stack below the caller's frame; returns their
 * lowest address. The callee measured next runs in the same bytes. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static uintptr_t paint_stack(void)
{
    volatile unsigned char area[PAINTED];
    for (size_t i = 0; i < PAINTED; i++)
        area[i] = PAINT_BYTE;
    uintptr_t low = (uintptr_t)&area[0];
    return low;
}

/* How many of the painted bytes, counted from the top, `run` overwrote:
 * the deepest point its calls reached. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static size_t stack_used(void (*run)(void))
{
    uintptr_t low = paint_stack();
    run();
    const volatile unsigned char *p = (const volatile unsigned char *)low;
    size_t untouched = 0;
    while (untouched < PAINTED && p[untouched] == PAINT_BYTE)
        untouched++;
    return PAINTED - untouched;
}

/* Every known field, an unknown one nested 8 deep: valid. */
static void decode_a_full_request(void)
{
    const char *b = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1,\"ecs_id\":\"a\","
                    "\"ecs_name\":\"\\u4e00\"},{\"weight\":100,\"x\":[[[[[[[[1]]]]]]]]}]}";
    if (apig_decode(MSG, b, strlen(b), toks, APIG_CFG_MAX_TOKENS, NULL, &body_out, errs, 64))
        abort();
}

/* The same with errors, which format messages and paths at the deepest
 * level. */
static void decode_a_rejected_request(void)
{
    apig_context ctx;
    apig_context_init(&ctx);
    ctx.options = APIG_OPT_REJECT_UNKNOWN;
    const char *b = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1,\"ecs_id\":\"a\","
                    "\"ecs_name\":\"\\u4e00\"},{\"weight\":101,\"x\":[[[[[[[[1]]]]]]]]}]}";
    if (apig_decode(MSG, b, strlen(b), toks, APIG_CFG_MAX_TOKENS, &ctx, &body_out, errs, 64) != 2)
        abort();
}

static void validate_a_full_request(void)
{
    apig_validate(MSG, &body_out, NULL, errs, 64);
}

/* Measured at -O2 (gcc / clang): decode 1,272 / 1,272 bytes on a valid
 * body, 2,184 / 1,880 when it formats errors (messages and paths at the
 * deepest level), validate 1,496 / 1,336. When the decoder's frames were an
 * array sized by the JSON depth limit instead of the schema, decode took
 * 2,696 bytes at the default limit (32) and 4,232 at 64, errors included. */
#define STACK_BOUND 1792
#define STACK_BOUND_ERRORS 2560

static void stack_follows_the_schema(void **state)
{
    (void)state;
    /* the same measure sees a big frame: it measures */
    assert_true(stack_used(decode_a_full_request) > 256);
    size_t decode = stack_used(decode_a_full_request);
    size_t rejected = stack_used(decode_a_rejected_request);
    body_out.members_count = 1;
    body_out.has_members = true;
    body_out.members[0].has_weight = true;
    body_out.members[0].weight = 101;
    size_t validate = stack_used(validate_a_full_request);
    print_message("    stack: decode %zu bytes (%zu with errors), validate %zu bytes\n", decode,
                  rejected, validate);
    assert_true(decode <= STACK_BOUND);
    assert_true(rejected <= STACK_BOUND_ERRORS);
    assert_true(validate <= STACK_BOUND_ERRORS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_counter_counts),
        cmocka_unit_test(decode_and_validate_use_no_heap),
        cmocka_unit_test(whole_requests_use_no_heap),
        cmocka_unit_test(stack_follows_the_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
