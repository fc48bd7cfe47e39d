/* SPDX-License-Identifier: MIT */
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
#include "vpc_members.h"

#include "noalloc.h"

#define OP (&vpcm_add_backend_instances_v2_op)
#define MSG (&vpcm_vpc_member_create_desc)

static apig_token toks[VPCM_MAX_TOKENS];
static vpcm_vpc_member_create body_out;
static vpcm_add_backend_instances_v2_request parts;
static vpcm_request any; /* room for any operation's parts */
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

/* Every body with `d` (its error list of 64), with a list of one and with
 * none, and the struct each leaves through apig_validate. */
static void decode_all(const apig_decoder *d)
{
    apig_decoder one = *d, none = *d;
    one.error_cap = 1;
    none.errors = NULL;
    none.error_cap = 0;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        const char *b = bodies[i];
        apig_decode(d, MSG, b, strlen(b), &body_out);
        apig_decode(&one, MSG, b, strlen(b), &body_out);
        apig_decode(&none, MSG, b, strlen(b), &body_out);
        apig_validate(d, MSG, &body_out);
    }
}

static void decode_and_validate_use_no_heap(void **state)
{
    (void)state;
    apig_decoder d, plain, small;
    /* capacity + 1 members, and a body at the token limit */
    size_t len = 0;
    memcpy(big, "{\"members\":[", 12);
    len = 12;
    for (int i = 0; i <= VPCM_MEMBERS_MAX; i++) {
        memcpy(big + len, "{\"weight\":1},", 13);
        len += 13;
    }
    big[len - 1] = ']';
    big[len++] = '}';

    counting = 1;
    heap_calls = 0;
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, errs, 64);
    decode_all(&d);
    apig_context_set(&d.context, &vpcm_schema, "member_type", 11, "ip", 2);
    decode_all(&d);
    apig_context_set(&d.context, &vpcm_schema, "member_type", 11, "ecs", 3);
    apig_context_set(&d.context, &vpcm_schema, "channel_type", 12, "1", 1);
    d.options = APIG_OPT_REJECT_UNKNOWN;
    decode_all(&d);
    apig_decoder_init(&plain, toks, VPCM_MAX_TOKENS, errs, 64);
    decode_all(&plain);
    size_t n = apig_decode(&plain, MSG, big, len, &body_out);
    apig_decoder_init(&small, toks, 16, errs, 64);
    apig_decode(&small, MSG, big, len, &body_out);
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
    apig_decoder d, quiet;
    counting = 1;
    heap_calls = 0;
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, errs, 64);
    apig_decoder_init(&quiet, toks, VPCM_MAX_TOKENS, NULL, 0);
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++)
        for (size_t t = 0; t < sizeof tokens / sizeof tokens[0]; t++)
            for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b += 3) {
                apig_header h = {"X-Auth-Token", 12, tokens[t], tokens[t] ? strlen(tokens[t]) : 0};
                apig_http_request rq = {"POST", 4, paths[p], strlen(paths[p]),
                                        tokens[t] ? &h : NULL, tokens[t] ? 1 : 0,
                                        bodies[b], strlen(bodies[b])};
                apig_request_decode(&d, OP, &rq, &parts);
                apig_request_decode(&quiet, OP, &rq, &parts);
            }
    /* the file's other operations: a query string, a body refused */
    static const char *const other_paths[] = {
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members?offset=1&limit=5&name=%E4%B8%80",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members?limit=x&limit=1&z",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/m1",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/m.1?x=1",
    };
    for (uint32_t k = 0; k < VPCM_OPERATION_COUNT; k++)
        for (size_t p = 0; p < sizeof other_paths / sizeof other_paths[0]; p++)
            for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b += 6) {
                const apig_operation *op = vpcm_operations[k];
                apig_header h = {"X-Auth-Token", 12, "abc", 3};
                apig_http_request rq = {op->method, strlen(op->method), other_paths[p],
                                        strlen(other_paths[p]), &h, 1, bodies[b],
                                        strlen(bodies[b])};
                apig_request_decode(&d, op, &rq, &any);
                apig_request_decode(&quiet, op, &rq, &any);
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

/* The decoders of the measured calls, set up outside them (static, so that
 * only the library's own frames are measured): defaults, and the same
 * rejecting unknown fields. */
static apig_decoder plain_dec, strict_dec;

/* Every known field, an unknown one nested 8 deep: valid. */
static void decode_a_full_request(void)
{
    const char *b = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1,\"ecs_id\":\"a\","
                    "\"ecs_name\":\"\\u4e00\"},{\"weight\":100,\"x\":[[[[[[[[1]]]]]]]]}]}";
    if (apig_decode(&plain_dec, MSG, b, strlen(b), &body_out))
        abort();
}

/* The same with errors, recorded (entry, parameter, path) at the deepest
 * level. */
static void decode_a_rejected_request(void)
{
    const char *b = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1,\"ecs_id\":\"a\","
                    "\"ecs_name\":\"\\u4e00\"},{\"weight\":101,\"x\":[[[[[[[[1]]]]]]]]}]}";
    if (apig_decode(&strict_dec, MSG, b, strlen(b), &body_out) != 2)
        abort();
}

static void validate_a_full_request(void)
{
    apig_validate(&plain_dec, MSG, &body_out);
}

/* Whole requests (their data static, so that only the library's frames
 * are measured): a valid one; one with an error at every step (token, path
 * parameters, body); and the List operation's query with errors. */
static const char good_body[] = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}";
static const char bad_body[] = "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":101}]}";
static const char good_path[] = "/v2/p1/apigw/instances/i1/vpc-channels/c1/members";
static const char bad_path[] = "/v2//apigw/instances/i.1/vpc-channels/c1/members";
static const char bad_query[] =
    "/v2/p1/apigw/instances/i1/vpc-channels/c1/members?limit=x&offset=-1&z=1";
static const apig_header good_token = {"X-Auth-Token", 12, "abc", 3};
static const apig_header bad_token = {"X-Auth-Token", 12, "a b", 3};
static const apig_http_request good_request = {"POST", 4, good_path, sizeof good_path - 1,
                                               &good_token, 1, good_body, sizeof good_body - 1};
static const apig_http_request bad_request = {"POST", 4, bad_path, sizeof bad_path - 1,
                                              &bad_token, 1, bad_body, sizeof bad_body - 1};
static const apig_http_request bad_list = {"GET", 3, bad_query, sizeof bad_query - 1,
                                           &good_token, 1, NULL, 0};

static void check_a_full_request(void)
{
    if (apig_request_decode(&plain_dec, OP, &good_request, &parts) != 0)
        abort();
}

static void check_a_rejected_request(void)
{
    if (apig_request_decode(&plain_dec, OP, &bad_request, &parts) != 4)
        abort();
}

static void check_a_rejected_query(void)
{
    if (apig_request_decode(&strict_dec, &vpcm_list_backend_instances_v2_op, &bad_list, &any) != 2)
        abort();
}

/* Measured at -O2 on x86-64, gcc 12 / clang 14 (with the one-pass decoder
 * and encoder of issue 13; before them the errors line was 1,240 / 1,256;
 * before the flat array loop, whose frame holds an array's items, a valid
 * body took 1,112 / 1,224):
 *   decode, a valid body          1,176 / 1,288 bytes
 *   decode, errors recorded       1,288 / 1,336
 *   validate                        936 /   888
 *   a whole request, valid        1,016 / 1,092
 *   a whole request, errors       1,352 / 1,384 (token, path, body)
 *   the query, errors             1,016 / 1,092
 * An error records no message (it is worded when read, apig_error_message)
 * and its path is written straight into the error; when recording
 * formatted the message and built the path on the stack, the same calls
 * took 1,320 / 1,352, 2,072 / 1,784, 1,480 / 1,336, 1,576 / 2,200,
 * 2,328 / 2,632 and 1,672 / 2,120 bytes (clang also kept the path check's
 * captures under the body's decode). When the decoder's frames were an
 * array sized by the JSON depth limit instead of the schema, decode took
 * 2,696 bytes at the default limit (32) and 4,232 at 64, errors included.
 * The bounds leave ~100 bytes for other compilers; none is above 1.5 KiB. */
/* Other ABIs frame differently (s390x gives every call a 160-byte register
 * save area): mk/portable.mk sets their bounds with -D. */
#ifndef STACK_BOUND
#define STACK_BOUND 1344
#endif
#ifndef STACK_BOUND_ERRORS
#define STACK_BOUND_ERRORS 1440
#endif
#ifndef STACK_BOUND_REQUEST
#define STACK_BOUND_REQUEST 1536
#endif

static void stack_follows_the_schema(void **state)
{
    (void)state;
    apig_decoder_init(&plain_dec, toks, VPCM_MAX_TOKENS, errs, 64);
    apig_decoder_init(&strict_dec, toks, VPCM_MAX_TOKENS, errs, 64);
    strict_dec.options = APIG_OPT_REJECT_UNKNOWN;
    /* the same measure sees a big frame: it measures */
    assert_true(stack_used(decode_a_full_request) > 256);
    size_t decode = stack_used(decode_a_full_request);
    size_t rejected = stack_used(decode_a_rejected_request);
    body_out.members_count = 1;
    body_out.has_members = true;
    body_out.members[0].has_weight = true;
    body_out.members[0].weight = 101;
    size_t validate = stack_used(validate_a_full_request);
    size_t request = stack_used(check_a_full_request);
    size_t request_rejected = stack_used(check_a_rejected_request);
    size_t query_rejected = stack_used(check_a_rejected_query);
    print_message("    stack: decode %zu bytes (%zu with errors), validate %zu bytes, "
                  "request %zu bytes (%zu with errors, %zu in the query)\n", decode, rejected,
                  validate, request, request_rejected, query_rejected);
    assert_true(decode <= STACK_BOUND);
    assert_true(rejected <= STACK_BOUND_ERRORS);
    assert_true(validate <= STACK_BOUND);
    assert_true(request <= STACK_BOUND_REQUEST);
    assert_true(request_rejected <= STACK_BOUND_REQUEST);
    assert_true(query_rejected <= STACK_BOUND_REQUEST);
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
