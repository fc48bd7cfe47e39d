/* SPDX-License-Identifier: MIT */
/*
 * Tokens where enums are short. jsmn's token type is an enum, apig_token's
 * an int; where enums take one byte (arm-none-eabi's default, -fshort-enums)
 * jsmn writes one byte of each type and src/json/tokenizer.c widens them
 * once it is done. The Makefile builds this test with tokenizer.c compiled
 * with -fshort-enums (jsmn is static to it, so no other unit sees a
 * different layout), so that the host runs the path a Cortex-M build takes:
 * every token's type must read back whole, whatever the array held before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <apig/json.h>

#define CAP 1024
static apig_token toks[CAP];

/* Stale bytes in every token, so that a type written in part shows. */
static void dirty(void)
{
    memset(toks, 0x5A, sizeof toks);
}

static apig_json_result parse(const char *text, size_t cap, unsigned flags)
{
    dirty();
    return apig_json_parse(text, strlen(text), toks, cap, NULL, flags);
}

static const char doc[] = "{\"a\":[1,\"s\",true,null,{}],\"b\":-2.5e3}";
static const int doc_types[] = {
    APIG_TOKEN_OBJECT, APIG_TOKEN_STRING, APIG_TOKEN_ARRAY, APIG_TOKEN_PRIMITIVE,
    APIG_TOKEN_STRING, APIG_TOKEN_PRIMITIVE, APIG_TOKEN_PRIMITIVE, APIG_TOKEN_OBJECT,
    APIG_TOKEN_STRING, APIG_TOKEN_PRIMITIVE,
};
static const int doc_parents[] = {-1, 0, 1, 2, 2, 2, 2, 2, 0, 8};
#define DOC_TOKENS (sizeof doc_types / sizeof doc_types[0])

static void check_doc(size_t count)
{
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(toks[i].type, doc_types[i]);
        assert_int_equal(toks[i].parent, doc_parents[i]);
    }
}

static void every_type_reads_back_whole(void **state)
{
    (void)state;
    for (unsigned flags = 0; flags <= APIG_JSON_DEFER_STRINGS; flags++) {
        apig_json_result r = parse(doc, CAP, flags);
        assert_int_equal(r.status, APIG_JSON_OK);
        assert_int_equal(r.token_count, DOC_TOKENS);
        check_doc(DOC_TOKENS);
        assert_int_equal(toks[2].size, 5);
        assert_int_equal(toks[9].start, (int)(strchr(doc, '-') - doc));
    }
}

/* Over the budget: the error path's tokenizer, stopped by its budget. */
static void over_the_budget(void **state)
{
    (void)state;
    apig_json_result r = parse(doc, 4, 0);
    assert_int_equal(r.status, APIG_JSON_TOO_MANY_TOKENS);
    assert_int_equal(r.token_count, 4);
    check_doc(4);
}

/* More tokens than the bounded tokenizer hands jsmn at a time (it measures
 * the depth between steps, reading the types jsmn has written so far). */
static void many_steps(void **state)
{
    (void)state;
    static char text[4 * CAP];
    size_t len = 0;
    text[len++] = '[';
    for (int i = 0; i < 400; i++) {
        memcpy(text + len, i % 2 ? "[\"x\"]," : "{\"k\":1},", i % 2 ? 6 : 8);
        len += i % 2 ? 6 : 8;
    }
    text[len - 1] = ']';
    text[len] = '\0';
    apig_json_result r = parse(text, CAP, 0);
    assert_int_equal(r.status, APIG_JSON_OK);
    assert_int_equal(r.token_count, 1 + 200 * 3 + 200 * 2);
    assert_int_equal(toks[0].type, APIG_TOKEN_ARRAY);
    for (size_t i = 1; i < r.token_count;) {
        if (toks[i].type == APIG_TOKEN_OBJECT) {
            assert_int_equal(toks[i + 1].type, APIG_TOKEN_STRING);
            assert_int_equal(toks[i + 2].type, APIG_TOKEN_PRIMITIVE);
            i += 3;
        } else {
            assert_int_equal(toks[i].type, APIG_TOKEN_ARRAY);
            assert_int_equal(toks[i + 1].type, APIG_TOKEN_STRING);
            i += 2;
        }
    }
    /* and over the budget, the first 700 tokens */
    r = parse(text, 700, 0);
    assert_int_equal(r.status, APIG_JSON_TOO_MANY_TOKENS);
    for (size_t i = 0; i < 700; i++)
        assert_true(toks[i].type >= APIG_TOKEN_OBJECT && toks[i].type <= APIG_TOKEN_PRIMITIVE);
}

/* Too deep: the bounded tokenizer stops jsmn early; the error stands. */
static void too_deep(void **state)
{
    (void)state;
    static char text[2 * 200 + 1];
    memset(text, '[', 200);
    memset(text + 200, ']', 200);
    text[400] = '\0';
    apig_json_result r = parse(text, CAP, 0);
    assert_int_equal(r.status, APIG_JSON_TOO_DEEP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_type_reads_back_whole),
        cmocka_unit_test(over_the_budget),
        cmocka_unit_test(many_steps),
        cmocka_unit_test(too_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
