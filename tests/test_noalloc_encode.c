/* SPDX-License-Identifier: MIT */
/*
 * test_noalloc_encode.c - the encoder never touches the heap.
 *
 * malloc, calloc, realloc and free are interposed (this binary is built
 * without sanitizers, see the Makefile's test_noalloc% rule) and forward to
 * glibc's own entry points; while `counting` is set every call is counted.
 * The structs live in static storage, so the window around each encode
 * holds nothing but the library call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"

#include "noalloc.h"

static const apig_operation *const op = &vpcm_add_backend_instances_v2_op;

static vpcm_vpc_member_create request;
static vpcm_vpc_member_page page;
static vpcm_error_msg error_body;
static apig_token tokens[VPCM_MAX_TOKENS];
static char out[VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1];

static void *struct_for(const apig_message *m)
{
    if (m == op->request)
        return &request;
    if (m == op->response)
        return &page;
    assert_ptr_equal(m, op->error_body);
    return &error_body;
}

static void test_interposition_works(void **state)
{
    (void)state;
    counting = 1;
    heap_calls = 0;
    void *volatile p = malloc(16);
    free(p);
    counting = 0;
    assert_int_equal(heap_calls, 2);
}

static void test_encode_uses_no_heap(void **state)
{
    (void)state;
    static const unsigned styles[4] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                       APIG_STYLE_PRETTY | APIG_STYLE_ASCII};
    size_t encodes = 0;
    apig_error derr;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &derr, 1);
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        void *s = struct_for(ex->message);
        apig_error err;
        assert_int_equal(apig_decode(&d, ex->message, ex->body, ex->body_len, s), 0);
        for (int k = 0; k < 4; k++) {
            counting = 1;
            heap_calls = 0;
            size_t n = apig_encode(ex->message, s, styles[k], NULL, 0, &err);
            size_t m = apig_encode(ex->message, s, styles[k], out, sizeof out, &err);
            size_t t = apig_encode(ex->message, s, styles[k], out, n / 2, &err);
            counting = 0;
            assert_int_equal(heap_calls, 0);
            assert_int_equal(n, m);
            assert_int_equal(n, t);
            encodes += 3;
        }
    }

    /* refusal, catalog errors and the error body */
    request.members_count = VPCM_VPC_MEMBER_CREATE_MEMBERS_MAX + 1;
    apig_error err;
    counting = 1;
    heap_calls = 0;
    size_t r = apig_encode(op->request, &request, APIG_STYLE_PRETTY, out, sizeof out, &err);
    int found = apig_catalog_error(op->catalog, "APIG.3023", 9, NULL, "56a7d7358e1b42459c9d730d65b14e59", &err);
    size_t n = apig_error_encode(&err, APIG_STYLE_PRETTY, out, sizeof out);
    counting = 0;
    assert_int_equal(heap_calls, 0);
    assert_int_equal(r, APIG_ENCODE_INVALID);
    assert_int_equal(found, 0);
    assert_int_equal(n, strlen(out));
    print_message("%zu encodes, 0 heap calls\n", encodes + 3);
}

/* The largest page the capacities allow: 200 members, every field set. */
static void test_full_page_uses_no_heap(void **state)
{
    (void)state;
    memset(&page, 0, sizeof page);
    page.has_size = page.has_total = page.has_members = true;
    page.size = page.total = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    page.members_count = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    for (uint32_t i = 0; i < page.members_count; i++) {
        vpcm_vpc_member_info *m = &page.members[i];
        m->has_host = m->has_weight = m->has_ecs_id = m->has_ecs_name = true;
        m->has_id = m->has_status = m->has_vpc_channel_id = m->has_create_time = true;
        strcpy(m->host, "\"quoted\" \\ \x01 \xE4\xB8\xAD \xF0\x9F\x98\x80");
        m->weight = 100;
        strcpy(m->ecs_id, "ebe1104f-1254-4ac6-8ed7-366bec84f36e");
        strcpy(m->ecs_name, "APIG\xE4\xB8\xAD");
        strcpy(m->id, "33ac0e39d005492eb1f4683e66d1a0d1");
        m->status = -1;
        strcpy(m->vpc_channel_id, "105c6902457144a4820dff8b1ad63331");
        strcpy(m->create_time, "2020-07-23T07:24:34Z");
    }
    apig_error err;
    counting = 1;
    heap_calls = 0;
    size_t n = apig_encode(op->response, &page, APIG_STYLE_PRETTY | APIG_STYLE_ASCII, out,
                           sizeof out, &err);
    counting = 0;
    assert_int_equal(heap_calls, 0);
    assert_true(n < sizeof out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interposition_works),
        cmocka_unit_test(test_encode_uses_no_heap),
        cmocka_unit_test(test_full_page_uses_no_heap),
    };
    return cmocka_run_group_tests_name("noalloc_encode", tests, NULL, NULL);
}
