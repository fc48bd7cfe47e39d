/* SPDX-License-Identifier: MIT */
/*
 * test_capacity_300.c - a round trip at a capacity above the default.
 *
 * With -DVPCM_MEMBERS_MAX=300 the largest bodies apig_encode writes for
 * a request or a 201 page are above the default 1 MiB body limit; the
 * generated limit (VPCM_<MSG>_BODY_MAX) follows the encoded bound, so they
 * must still decode. libapig holds tables built with the defaults, so the
 * Makefile builds this binary from the runtime sources and the generated .c
 * with that -D (see its rule for test_capacity_300).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "core/core.h" /* apig__utf8_encode */
#include "error_text.h"
#include "worst_case.h"
#include "vpc_members.h"

_Static_assert(VPCM_MEMBERS_MAX == 300,
               "the Makefile builds this test with -DVPCM_MEMBERS_MAX=300");
#ifndef APIG__MAX_BODY_BYTES_IS_DEFAULT
#error "this test is about the default APIG_CFG_MAX_BODY_BYTES"
#endif

static const apig_operation *const op = &vpcm_add_backend_instances_v2_op;

#define MIB ((size_t)1024 * 1024)

/* ---- structs through the tables ------------------------------------------------ */

static void *at(const apig_field *f, void *s) { return (char *)s + f->offset; }
static const void *cat(const apig_field *f, const void *s) { return (const char *)s + f->offset; }
static bool has(const apig_field *f, const void *s)
{
    return *(const bool *)((const char *)s + f->has_offset);
}
static uint32_t count(const apig_field *f, const void *s)
{
    uint32_t n;
    memcpy(&n, (const char *)s + f->count_offset, sizeof n);
    return n;
}

/* The character of the set that is longest in ASCII style, non-ASCII on a
 * tie: U+10FFFF when any character goes. */
static uint32_t longest_char(const apig_charset *cs)
{
    if (!cs)
        return 0x10FFFF;
    uint32_t best = 0;
    for (uint32_t i = 0; i < cs->range_count; i++) {
        const apig_char_range *r = &cs->ranges[i];
        const uint32_t cand[] = {r->first, r->last, 0x80, 0x10000, 1, '"', '\\'};
        for (size_t k = 0; k < sizeof cand / sizeof cand[0]; k++) {
            uint32_t c = cand[k] < r->first ? r->first : cand[k];
            if (c > r->last || (c >= 0xD800 && c <= 0xDFFF))
                continue;
            if (!best || char_cost(c, APIG_STYLE_ASCII) > char_cost(best, APIG_STYLE_ASCII) ||
                (char_cost(c, APIG_STYLE_ASCII) == char_cost(best, APIG_STYLE_ASCII) && c > best))
                best = c;
        }
    }
    assert_true(best != 0);
    return best;
}

/* Every field present and at its longest, every array full. */
static void fill_longest(const apig_message *m, void *s)
{
    memset(s, 0, m->struct_size);
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        *(bool *)((char *)s + f->has_offset) = true;
        switch (f->type) {
        case APIG_TYPE_STRING: {
            char *dst = at(f, s);
            if (f->format == APIG_FORMAT_DATE_TIME) {
                strcpy(dst, "2020-02-29T23:59:60.999999999+23:59"); /* the longest: 35 */
                break;
            }
            if (f->format == APIG_FORMAT_IP_ADDRESS) {
                strcpy(dst, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
                break;
            }
            char u[4];
            size_t ul = apig__utf8_encode(longest_char(f->charset), u), used = 0;
            assert_true(f->max_length > 0);
            for (uint32_t k = 0; k < f->max_length; k++, used += ul) {
                assert_true(used + ul < f->capacity);
                memcpy(dst + used, u, ul);
            }
            dst[used] = '\0';
            break;
        }
        case APIG_TYPE_INT32:
        case APIG_TYPE_INT64: {
            int64_t lo = f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
            int64_t hi = f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
            if (f->has_minimum)
                lo = f->minimum;
            if (f->has_maximum)
                hi = f->maximum;
            char a[24], b[24];
            int64_t v = snprintf(a, sizeof a, "%lld", (long long)lo) >=
                                snprintf(b, sizeof b, "%lld", (long long)hi)
                            ? lo
                            : hi;
            if (f->type == APIG_TYPE_INT32) {
                int32_t x = (int32_t)v;
                memcpy(at(f, s), &x, sizeof x);
            } else {
                memcpy(at(f, s), &v, sizeof v);
            }
            break;
        }
        case APIG_TYPE_OBJECT:
            fill_longest(f->message, at(f, s));
            break;
        case APIG_TYPE_ARRAY:
            memcpy((char *)s + f->count_offset, &f->capacity, sizeof f->capacity);
            for (uint32_t k = 0; k < f->capacity; k++)
                fill_longest(f->message, (char *)at(f, s) + (size_t)k * f->item_size);
            break;
        default:
            fail();
        }
    }
}

/* Deep equality by the tables; on a difference names the field in where. */
static bool same(const apig_message *m, const void *a, const void *b, const char **where)
{
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        *where = f->name;
        if (has(f, a) != has(f, b))
            return false;
        if (!has(f, a))
            continue;
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (strcmp(cat(f, a), cat(f, b)) != 0)
                return false;
            break;
        case APIG_TYPE_INT32:
        case APIG_TYPE_INT64:
            if (memcmp(cat(f, a), cat(f, b), f->type == APIG_TYPE_INT32 ? 4 : 8) != 0)
                return false;
            break;
        case APIG_TYPE_OBJECT:
            if (!same(f->message, cat(f, a), cat(f, b), where))
                return false;
            break;
        case APIG_TYPE_ARRAY:
            if (count(f, a) != count(f, b))
                return false;
            for (uint32_t k = 0; k < count(f, a); k++)
                if (!same(f->message, (const char *)cat(f, a) + (size_t)k * f->item_size,
                          (const char *)cat(f, b) + (size_t)k * f->item_size, where))
                    return false;
            break;
        default:
            return false;
        }
    }
    return true;
}

static apig_token tokens[VPCM_MAX_TOKENS];

/* Encodes in full into a fresh heap buffer of `room` bytes at least. */
static char *encode(const apig_message *m, const void *s, unsigned style, size_t room, size_t *len)
{
    apig_error err;
    size_t need = apig_encode(m, s, style, NULL, 0, &err);
    if (need == APIG_ENCODE_INVALID)
        fail_msg("%s refused: %s %s %s", m->name, err.code, err.path, msg_of(&err));
    char *buf = malloc((need > room ? need : room) + 1);
    assert_non_null(buf);
    assert_int_equal(apig_encode(m, s, style, buf, need + 1, &err), need);
    *len = need;
    return buf;
}

/* ---- the tests ------------------------------------------------------------------- */

static void test_limits_follow_capacity(void **state)
{
    (void)state;
    /* The bounds that outgrew the default limit became the limits... */
    assert_true(VPCM_VPC_MEMBER_CREATE_ENCODED_MAX > MIB);
    assert_true(VPCM_VPC_MEMBER_PAGE_ENCODED_MAX > MIB);
    assert_int_equal(VPCM_VPC_MEMBER_CREATE_BODY_MAX, VPCM_VPC_MEMBER_CREATE_ENCODED_MAX);
    assert_int_equal(VPCM_VPC_MEMBER_PAGE_BODY_MAX, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX);
    /* ...the others keep the default. */
    assert_int_equal(VPCM_MEMBER_INFO_BODY_MAX, MIB);
    assert_int_equal(VPCM_VPC_MEMBER_INFO_BODY_MAX, MIB);
    assert_int_equal(VPCM_ERROR_MSG_BODY_MAX, MIB);
    assert_int_equal(VPCM_ADD_BACKEND_INSTANCES_V2_PATH_BODY_MAX, MIB);
    /* And the tables carry them. */
    assert_int_equal(op->request->max_body_bytes, VPCM_VPC_MEMBER_CREATE_BODY_MAX);
    assert_int_equal(op->response->max_body_bytes, VPCM_VPC_MEMBER_PAGE_BODY_MAX);
    assert_int_equal(op->error_body->max_body_bytes, MIB);
    assert_int_equal(op->path->max_body_bytes, MIB);
}

/* A full request and a full 201 page, every field at its longest and
 * non-ASCII where the field allows it, decode again in every style. */
static void test_longest_bodies_round_trip(void **state)
{
    (void)state;
    static const unsigned styles[4] = {APIG_STYLE_PRETTY | APIG_STYLE_ASCII, APIG_STYLE_ASCII,
                                       APIG_STYLE_PRETTY, APIG_STYLE_COMPACT};
    const apig_message *msgs[2] = {op->request, op->response};
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &err, 1);
    for (int i = 0; i < 2; i++) {
        const apig_message *m = msgs[i];
        void *in = malloc(m->struct_size), *out = malloc(m->struct_size);
        assert_non_null(in);
        assert_non_null(out);
        fill_longest(m, in);
        for (int k = 0; k < 4; k++) {
            size_t len;
            char *text = encode(m, in, styles[k], 0, &len);
            if (styles[k] & APIG_STYLE_ASCII)
                /* where the default limit used to refuse them */
                assert_true(len > MIB);
            assert_true(len <= m->max_body_bytes);
            print_message("%s style %u: %zu bytes (limit %zu)\n", m->name, styles[k], len,
                          m->max_body_bytes);
            size_t n = apig_decode(&d, m, text, len, out);
            if (n != 0)
                fail_msg("%s style %u: %s %s %s @%zu", m->name, styles[k], err.code, err.path,
                         msg_of(&err), err.offset);
            const char *where = "";
            if (!same(m, in, out, &where))
                fail_msg("%s style %u: %s differs after the round trip", m->name, styles[k],
                         where);
            size_t len2;
            char *again = encode(m, out, styles[k], 0, &len2);
            assert_int_equal(len2, len);
            assert_memory_equal(again, text, len);
            free(again);
            free(text);
        }
        free(in);
        free(out);
    }
}

/* The request's limit is its bound, to the byte. */
static void test_request_limit_is_exact(void **state)
{
    (void)state;
    const apig_message *m = op->request;
    const size_t limit = VPCM_VPC_MEMBER_CREATE_BODY_MAX;
    void *in = malloc(m->struct_size), *out = malloc(m->struct_size);
    assert_non_null(in);
    assert_non_null(out);
    fill_longest(m, in);
    size_t len;
    char *text = encode(m, in, APIG_STYLE_PRETTY | APIG_STYLE_ASCII, limit + 1, &len);
    memset(text + len, ' ', limit + 1 - len); /* trailing whitespace is still JSON */
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &err, 1);
    assert_int_equal(apig_decode(&d, m, text, limit, out), 0);
    assert_int_equal(apig_decode(&d, m, text, limit + 1, out), 1);
    assert_string_equal(err.code, "APIG.2000");
    assert_string_equal(msg_of(&err), "Parameter error: Serialization error: input is too large");
    assert_int_equal(err.offset, limit);
    free(text);
    free(in);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_follow_capacity),
        cmocka_unit_test(test_longest_bodies_round_trip),
        cmocka_unit_test(test_request_limit_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
