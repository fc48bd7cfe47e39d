/* SPDX-License-Identifier: MIT */
/*
 * test_json.c - the strict JSON layer (src/json) and `apig syntax`.
 *
 * Every rejected class is pinned by its exact status and byte offset. Each
 * input is copied into a heap buffer of exactly its length, so ASan stops
 * any read of text[len]. The conformance corpus in tests/json/{accept,
 * reject} (written by tests/json/make_corpus.py) runs through
 * apig_json_parse, and through the CLI when APIG_CLI names it.
 *
 * apig_json_parse takes a fast path (jsmn, then a walk over its tokens)
 * for what it accepts and the full forward checker for the rest; the
 * differential tests hold the two to the same answers on every case here,
 * the corpus, and 200,000 seeded random mutations in both flag modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <apig/json.h>

#include "json/json_internal.h"

#define S(name) APIG_JSON_##name
#define CASE(lit, st, off) {lit, sizeof(lit) - 1, S(st), off}

typedef struct json_case {
    const char *text;
    size_t len;
    apig_json_status status;
    size_t offset;
} json_case;

/* ---- helpers -------------------------------------------------------------- */

#define TOKEN_CAP 4096
static apig_token tokens[TOKEN_CAP];

/* Parses an exact-size heap copy of text[0..len). */
static apig_json_result parse_with(const char *text, size_t len, size_t cap,
                                   const apig_json_limits *limits, unsigned flags)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, text, len);
    apig_json_result r = apig_json_parse(copy, len, tokens, cap, limits, flags);
    free(copy);
    return r;
}

static apig_json_result parse(const char *text, size_t len)
{
    return parse_with(text, len, TOKEN_CAP, NULL, 0);
}

static void expect_cases(const json_case *cases, size_t n, unsigned flags)
{
    for (size_t i = 0; i < n; i++) {
        const json_case *c = &cases[i];
        apig_json_result r = parse_with(c->text, c->len, TOKEN_CAP, NULL, flags);
        if (r.status != c->status || (c->status != S(OK) && r.offset != c->offset)) {
            print_error("case %zu (%zu bytes) flags %u: got %s (%d) at %zu, want %s (%d) at %zu\n",
                        i, c->len, flags, apig_json_status_text(r.status), (int)r.status,
                        r.offset, apig_json_status_text(c->status), (int)c->status, c->offset);
            fail();
        }
    }
}

/* ---- rejected: grammar ---------------------------------------------------- */

static const json_case grammar_cases[] = {
    CASE("[1,]", TRAILING_COMMA, 3),
    CASE("[,1]", EXPECTED_VALUE, 1),
    CASE("{\"a\"}", EXPECTED_COLON, 4),
    CASE("{\"a\"::1}", EXPECTED_VALUE, 5),
    CASE("{}{}", TRAILING_DATA, 2),
    CASE("[1 2]", EXPECTED_COMMA_OR_END, 3),
    CASE("{\"a\":1,}", TRAILING_COMMA, 7),
    CASE("{\"a\":1 , }", TRAILING_COMMA, 9),
    CASE("{,}", EXPECTED_KEY, 1),
    CASE("[", TRUNCATED, 1),
    CASE("]", EXPECTED_VALUE, 0),
    CASE("}", EXPECTED_VALUE, 0),
    CASE("{\"a\" 1}", EXPECTED_COLON, 5),
    CASE("{1:1}", EXPECTED_KEY, 1),
    CASE("{\"a\":1,,}", EXPECTED_KEY, 7),
    CASE("{\"a\":1,]", EXPECTED_KEY, 7),
    CASE("{\"a\":1 \"b\":2}", EXPECTED_COMMA_OR_END, 7),
    CASE("[1,,2]", EXPECTED_VALUE, 3),
    CASE("[:]", EXPECTED_VALUE, 1),
    CASE("{\"a\":}", EXPECTED_VALUE, 5),
    CASE("[1}", MISMATCHED_BRACKET, 2),
    CASE("{\"a\":1]", MISMATCHED_BRACKET, 6),
    CASE("[}", MISMATCHED_BRACKET, 1),
    CASE("{ ]", MISMATCHED_BRACKET, 2),
    CASE("[1,}", MISMATCHED_BRACKET, 3),
    CASE("[[1]}", MISMATCHED_BRACKET, 4),
    CASE("{", TRUNCATED, 1),
    CASE("{\"a\"", TRUNCATED, 4),
    CASE("{\"a\":", TRUNCATED, 5),
    CASE("{\"a\":1,", TRUNCATED, 7),
    CASE("{\"a\":1 ", TRUNCATED, 7),
    CASE("[1", TRUNCATED, 2),
    CASE("[1,", TRUNCATED, 3),
    CASE("[[[] ", TRUNCATED, 5),
    CASE("\"abc", TRUNCATED, 4),
    CASE("[1]]", TRAILING_DATA, 3),
    CASE("1]", TRAILING_DATA, 1),
    CASE("[*]", UNEXPECTED_CHAR, 1),
    CASE("['a']", UNEXPECTED_CHAR, 1),
    CASE("{'a':1}", EXPECTED_KEY, 1),
    CASE("[x]", BAD_LITERAL, 1),
    CASE("[\f]", UNEXPECTED_CHAR, 1),
    CASE("\v1", UNEXPECTED_CHAR, 0),
    CASE("[1,\xc3\xa9]", UNEXPECTED_CHAR, 3),
    CASE("{\"a\":1}/**/", TRAILING_DATA, 7),
    /* the first error wins */
    CASE("[1,]x", TRAILING_COMMA, 3),
    CASE("[\"\x01\", tru", CONTROL_CHAR, 2),
    CASE("[01, \"\\x\"]", BAD_NUMBER, 2),
};

static void rejects_bad_grammar(void **state)
{
    (void)state;
    expect_cases(grammar_cases, sizeof grammar_cases / sizeof grammar_cases[0], 0);
}

/* ---- rejected: numbers and literals ------------------------------------------ */

static const json_case number_cases[] = {
    CASE("01", BAD_NUMBER, 1),
    CASE("1.", BAD_NUMBER, 2),
    CASE(".5", BAD_NUMBER, 0),
    CASE("1e", BAD_NUMBER, 2),
    CASE("1e+", BAD_NUMBER, 3),
    CASE("1E-", BAD_NUMBER, 3),
    CASE("-", BAD_NUMBER, 1),
    CASE("+1", BAD_NUMBER, 0),
    CASE("0x1", BAD_NUMBER, 1),
    CASE("NaN", BAD_LITERAL, 0),
    CASE("Infinity", BAD_LITERAL, 0),
    CASE("-Infinity", BAD_NUMBER, 1),
    CASE("-01", BAD_NUMBER, 2),
    CASE("1.e1", BAD_NUMBER, 2),
    CASE("[01]", BAD_NUMBER, 2),
    CASE("[-]", BAD_NUMBER, 2),
    CASE("1.5.3", BAD_NUMBER, 3),
    CASE("1e5e3", BAD_NUMBER, 3),
    CASE("1E+-1", BAD_NUMBER, 3),
    CASE("--1", BAD_NUMBER, 1),
    CASE("-a", BAD_NUMBER, 1),
    CASE("1a", BAD_NUMBER, 1),
    CASE("[1.2a-3]", BAD_NUMBER, 4),
    CASE("1-2", BAD_NUMBER, 1),
    CASE("1_000", BAD_NUMBER, 1),
    CASE("[1 000]", EXPECTED_COMMA_OR_END, 3),
    CASE("-.5", BAD_NUMBER, 1),
    /* a NUL that cuts a number short is a byte the number cannot have */
    CASE("-\0", BAD_NUMBER, 1),
    CASE("[1.\0]", BAD_NUMBER, 3),
    CASE("1e\0", BAD_NUMBER, 2),
};

static const json_case literal_cases[] = {
    CASE("tru", BAD_LITERAL, 3),
    CASE("nul", BAD_LITERAL, 3),
    CASE("fals", BAD_LITERAL, 4),
    CASE("True", BAD_LITERAL, 0),
    CASE("nulll", BAD_LITERAL, 4),
    CASE("falsey", BAD_LITERAL, 5),
    CASE("trUe", BAD_LITERAL, 2),
    CASE("nan", BAD_LITERAL, 1),
    CASE("true1", BAD_LITERAL, 4),
    CASE("[tru]", BAD_LITERAL, 4),
    CASE("[true false]", EXPECTED_COMMA_OR_END, 6),
    CASE("{\"a\":nul}", BAD_LITERAL, 8),
    CASE("null-", TRAILING_DATA, 4),
    /* likewise a literal; after a complete one the NUL is a NUL */
    CASE("tr\0e", BAD_LITERAL, 2),
    CASE("[nul\0]", BAD_LITERAL, 4),
    CASE("true\0", NUL_BYTE, 4),
};

static void rejects_bad_numbers_and_literals(void **state)
{
    (void)state;
    expect_cases(number_cases, sizeof number_cases / sizeof number_cases[0], 0);
    expect_cases(literal_cases, sizeof literal_cases / sizeof literal_cases[0], 0);
}

/* ---- rejected: strings --------------------------------------------------------- */

static const json_case string_cases[] = {
    CASE("\"\\x\"", BAD_ESCAPE, 1),
    CASE("\"ab\\a\"", BAD_ESCAPE, 3),
    CASE("\"\\u12\"", BAD_ESCAPE, 1),
    CASE("\"\\uqqqq\"", BAD_ESCAPE, 1),
    CASE("\"\\U0041\"", BAD_ESCAPE, 1),
    CASE("\"\\\t\"", BAD_ESCAPE, 1),
    CASE("\"\\uD800\"", LONE_SURROGATE, 1),
    CASE("\"\\uDC00\"", LONE_SURROGATE, 1),
    CASE("\"\\uD800\\u0041\"", LONE_SURROGATE, 1),
    CASE("[\"\\uD800\\uD800\"]", LONE_SURROGATE, 2),
    CASE("\"\\uD800\\n\"", LONE_SURROGATE, 1),
    CASE("\"\\uDd1e\\uD834\"", LONE_SURROGATE, 1),
    CASE("\"\\uD834\\uDd\"", LONE_SURROGATE, 1),
    CASE("\"x\\uDBFF\\uE000\"", LONE_SURROGATE, 2),
    CASE("\"ab\\uD800", TRUNCATED, 9),
    CASE("\"\\uD800\\", TRUNCATED, 8),
    CASE("\"\\uD800\\u", TRUNCATED, 9),
    CASE("\"\\uD800\\uDC0", TRUNCATED, 12),
    CASE("\"\\u", TRUNCATED, 3),
    CASE("\"\\u00", TRUNCATED, 5),
    CASE("\"\\", TRUNCATED, 2),
    CASE("\"\t\"", CONTROL_CHAR, 1),
    CASE("\"a\nb\"", CONTROL_CHAR, 2),
    CASE("\"\x1f\"", CONTROL_CHAR, 1),
    CASE("\"a\0b\"", NUL_BYTE, 2),
    CASE("\"\xc0\x80\"", BAD_UTF8, 1),
    CASE("\"\xc1\xbf\"", BAD_UTF8, 1),
    CASE("\"\xe0\x80\x80\"", BAD_UTF8, 1),
    CASE("\"\xe0\x9f\xbf\"", BAD_UTF8, 1),
    CASE("\"\xf0\x80\x80\x80\"", BAD_UTF8, 1),
    CASE("\"\xf0\x8f\xbf\xbf\"", BAD_UTF8, 1),
    CASE("\"\xed\xa0\x80\"", BAD_UTF8, 1),
    CASE("\"\xed\xbf\xbf\"", BAD_UTF8, 1),
    CASE("\"\xf4\x90\x80\x80\"", BAD_UTF8, 1),
    CASE("\"\xf5\x80\x80\x80\"", BAD_UTF8, 1),
    CASE("\"\xf8\x88\x80\x80\x80\"", BAD_UTF8, 1),
    CASE("\"\xfe\"", BAD_UTF8, 1),
    CASE("\"\xff\"", BAD_UTF8, 1),
    CASE("\"\xe2\x82\"", BAD_UTF8, 1),
    CASE("\"a\xc3\"", BAD_UTF8, 2),
    CASE("\"\xf0\x9f\x98\"", BAD_UTF8, 1),
    CASE("\"\xc3\xa9\xc3\"", BAD_UTF8, 3),
    CASE("\"\xe2\x28\xa1\"", BAD_UTF8, 1),
    CASE("\"\x80\"", BAD_UTF8, 1),
    CASE("\"a\xbf" "b\"", BAD_UTF8, 2),
    CASE("\"\xe2\x82", TRUNCATED, 3),
    CASE("\"\xf0\x9f", TRUNCATED, 3),
    CASE("{\"k\xff\":1}", BAD_UTF8, 3),
    CASE("{\"\\uDC00\":1}", LONE_SURROGATE, 2),
    /* an escape or UTF-8 sequence that a NUL cuts short, or that is ruled
     * out before the input ends, is that unit's error at its first byte
     * (docs/security-json-offsets.md) */
    CASE("\"\\\0\"", BAD_ESCAPE, 1),
    CASE("\"\\u0\0\"", BAD_ESCAPE, 1),
    CASE("\"\xc3\0\"", BAD_UTF8, 1),
    CASE("\"\\uD800\0\"", LONE_SURROGATE, 1),
    CASE("\"\\uD800\\uE0", LONE_SURROGATE, 1),
    CASE("\"\\uD800\\uDB", LONE_SURROGATE, 1),
    CASE("\"\\uD800\\uDCxy\"", LONE_SURROGATE, 1),
    CASE("\"\xe0\x80", BAD_UTF8, 1),
    CASE("\"\xf4\x90", BAD_UTF8, 1),
    CASE("\"\xed\xa0", BAD_UTF8, 1),
};

static void rejects_bad_strings(void **state)
{
    (void)state;
    expect_cases(string_cases, sizeof string_cases / sizeof string_cases[0], 0);
}

/* Every control byte, raw in a string, at the position it is in. */
static void rejects_each_raw_control_byte(void **state)
{
    (void)state;
    for (int b = 0; b < 0x20; b++) {
        char text[] = "\"ab?\"";
        text[3] = (char)b;
        apig_json_result r = parse(text, 5);
        assert_int_equal(r.status, b == 0 ? S(NUL_BYTE) : S(CONTROL_CHAR));
        assert_int_equal(r.offset, 3);
    }
    /* 0x7F (DEL) is not a control character for JSON. */
    assert_int_equal(parse("\"\x7f\"", 3).status, S(OK));
}

/* Errors at every position of long strings: the 8-byte fast path and its
 * tail both find them. */
static void finds_errors_at_every_position_in_long_strings(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        apig_json_status status;
    } bad[] = {
        {"\x01", 1, S(CONTROL_CHAR)},  {"\0", 1, S(NUL_BYTE)},
        {"\x80", 1, S(BAD_UTF8)},      {"\xc0\x80", 2, S(BAD_UTF8)},
        {"\\x", 2, S(BAD_ESCAPE)},     {"\\uDC00", 6, S(LONE_SURROGATE)},
    };
    char text[64];
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        for (size_t pos = 1; pos + bad[k].len + 1 < sizeof text; pos++) {
            memset(text, 'a', sizeof text);
            text[0] = '"';
            memcpy(text + pos, bad[k].bytes, bad[k].len);
            text[sizeof text - 1] = '"';
            apig_json_result r = parse(text, sizeof text);
            assert_int_equal(r.status, bad[k].status);
            assert_int_equal(r.offset, pos);
        }
    }
    /* and the fast path's quote: a string closed at every position */
    for (size_t pos = 1; pos < sizeof text; pos++) {
        memset(text, ' ', sizeof text);
        text[0] = '"';
        memset(text + 1, 'a', pos - 1);
        text[pos] = '"';
        apig_json_result r = parse(text, sizeof text);
        assert_int_equal(r.status, S(OK));
        assert_int_equal(tokens[0].start, 1);
        assert_int_equal(tokens[0].end, (int)pos);
    }
}

/* ---- rejected: BOM, NUL, trailing data, empty input ----------------------------- */

static const json_case outside_cases[] = {
    CASE("\xef\xbb\xbf{}", BYTE_ORDER_MARK, 0),
    CASE("\xef\xbb\xbf", BYTE_ORDER_MARK, 0),
    CASE("\xef\xbb\xbf 1", BYTE_ORDER_MARK, 0),
    CASE(" \xef\xbb\xbf{}", UNEXPECTED_CHAR, 1),
    CASE("\xef\xbb", UNEXPECTED_CHAR, 0),
    CASE("\xfe\xff{}", UNEXPECTED_CHAR, 0),
    CASE("1 2", TRAILING_DATA, 2),
    CASE("{} x", TRAILING_DATA, 3),
    CASE("\"a\"b", TRAILING_DATA, 3),
    CASE("[][]", TRAILING_DATA, 2),
    CASE("{}\0", NUL_BYTE, 2),
    CASE("1\0", NUL_BYTE, 1),
    CASE("123\0", NUL_BYTE, 3),
    CASE("\0", NUL_BYTE, 0),
    CASE("[\0]", NUL_BYTE, 1),
    CASE("[1\0]", NUL_BYTE, 2),
    CASE("[1,\0]", NUL_BYTE, 3),
    CASE("{\0}", NUL_BYTE, 1),
    CASE("{\"a\"\0:1}", NUL_BYTE, 4),
    CASE("{\"a\":1,\0}", NUL_BYTE, 7),
    CASE("", EMPTY, 0),
    CASE(" ", EMPTY, 1),
    CASE(" \t\r\n", EMPTY, 4),
    CASE("\f", UNEXPECTED_CHAR, 0),
};

static void rejects_bom_nul_trailing_data_and_empty(void **state)
{
    (void)state;
    expect_cases(outside_cases, sizeof outside_cases / sizeof outside_cases[0], 0);
    /* NULL text with no bytes is an empty input */
    apig_json_result r = apig_json_parse(NULL, 0, tokens, TOKEN_CAP, NULL, 0);
    assert_int_equal(r.status, S(EMPTY));
    assert_int_equal(r.offset, 0);
}

/* ---- accepted ---------------------------------------------------------------------- */

static const json_case accept_cases[] = {
    CASE("1", OK, 1),
    CASE("\"a\"", OK, 1),
    CASE("true", OK, 1),
    CASE("false", OK, 1),
    CASE("null", OK, 1),
    CASE("-0", OK, 1),
    CASE("1e5", OK, 1),
    CASE("0", OK, 1),
    CASE(" 1 ", OK, 1),
    CASE("\"\"", OK, 1),
    CASE("-0.0e-0", OK, 1),
    CASE("1E400", OK, 1),
    CASE("1e-400", OK, 1),
    CASE("-123456789012345678901234567890.12345678901234567890e+123456789", OK, 1),
    CASE("[]", OK, 1),
    CASE("{}", OK, 1),
    CASE("[1,2.5,-3e2,0.0,10E+1]", OK, 6),
    CASE("{\"a\":[1,true,null],\"b\":{}}", OK, 8),
    CASE("{\"a\":1,\"a\":2}", OK, 5), /* duplicate keys are the decoder's business */
    CASE("\"\\uD83D\\uDE00\"", OK, 1),
    CASE("\"\\ud83d\\ude00\\uDBFF\\uDFFF\\uD800\\uDC00\"", OK, 1),
    CASE("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u00e9\\uFFFF\\uD7FF\\uE000\"", OK, 1),
    CASE("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"", OK, 1),
    CASE("\"\xf0\x90\x80\x80\xf3\xbf\xbf\xbf\xf4\x8f\xbf\xbf\"", OK, 1),
    CASE("\"\xe2\x82\xac \xf0\x9f\x98\x80 \x7f\"", OK, 1),
    CASE(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \t\r\n\"k\" \t\r\n: \t\r\n\"v\" \t\r\n} \t\r\n] \t\r\n", OK, 5),
    CASE("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", OK, 32),
    CASE("{\"\":{\"\":[\"\",{}]}}", OK, 7),
};

static void accepts_valid_texts(void **state)
{
    (void)state;
    size_t n = sizeof accept_cases / sizeof accept_cases[0];
    expect_cases(accept_cases, n, 0);
    expect_cases(accept_cases, n, APIG_JSON_DEFER_STRINGS);
    for (size_t i = 0; i < n; i++) {
        apig_json_result r = parse(accept_cases[i].text, accept_cases[i].len);
        assert_int_equal(r.token_count, accept_cases[i].offset); /* the token count */
    }
}

static void expect_token(size_t i, int type, int start, int end, int size, int parent)
{
    assert_int_equal(tokens[i].type, type);
    assert_int_equal(tokens[i].start, start);
    assert_int_equal(tokens[i].end, end);
    assert_int_equal(tokens[i].size, size);
    assert_int_equal(tokens[i].parent, parent);
}

static void writes_jsmn_tokens(void **state)
{
    (void)state;
    const char *t = "{\"a\":[1,true],\"b\":\"x\"}";
    apig_json_result r = parse(t, strlen(t));
    assert_int_equal(r.status, S(OK));
    assert_int_equal(r.token_count, 7);
    expect_token(0, APIG_TOKEN_OBJECT, 0, 22, 2, -1);
    expect_token(1, APIG_TOKEN_STRING, 2, 3, 1, 0);
    expect_token(2, APIG_TOKEN_ARRAY, 5, 13, 2, 1);
    expect_token(3, APIG_TOKEN_PRIMITIVE, 6, 7, 0, 2);
    expect_token(4, APIG_TOKEN_PRIMITIVE, 8, 12, 0, 2);
    expect_token(5, APIG_TOKEN_STRING, 15, 16, 1, 0);
    expect_token(6, APIG_TOKEN_STRING, 19, 20, 0, 5);

    /* a top-level primitive, which strict jsmn alone refuses at the end */
    r = parse(" -1.5 ", 6);
    assert_int_equal(r.status, S(OK));
    assert_int_equal(r.token_count, 1);
    expect_token(0, APIG_TOKEN_PRIMITIVE, 1, 5, 0, -1);
    r = parse("42", 2);
    assert_int_equal(r.token_count, 1);
    expect_token(0, APIG_TOKEN_PRIMITIVE, 0, 2, 0, -1);
    r = parse("\"ab\"", 4);
    assert_int_equal(r.token_count, 1);
    expect_token(0, APIG_TOKEN_STRING, 1, 3, 0, -1);
}

/* ---- deferred string checks ------------------------------------------------------------- */

static const json_case deferred_cases[] = {
    /* what is deferred passes */
    CASE("\"\x01\"", OK, 0),
    CASE("\"\xc0\x80\"", OK, 0),
    CASE("\"\xed\xa0\x80\"", OK, 0),
    CASE("[\"\\uD800\"]", OK, 0),
    CASE("{\"\\uDC00\":\"\xff\"}", OK, 0),
    /* what jsmn checks anyway, and NUL, stays in order */
    CASE("\"\\x\"", BAD_ESCAPE, 1),
    CASE("[\"\\u12\"]", BAD_ESCAPE, 2),
    CASE("\"a\0\"", NUL_BYTE, 2),
    CASE("[\"a\0\", 1 2]", NUL_BYTE, 3),
    CASE("\"\\u00", TRUNCATED, 5),
    CASE("\"abc", TRUNCATED, 4),
    CASE("[\"\x01\", 1 2]", EXPECTED_COMMA_OR_END, 8),
    CASE("[\"\\uD800\",]", TRAILING_COMMA, 10),
};

static int deferred_status(apig_json_status s)
{
    return s == S(LONE_SURROGATE) || s == S(CONTROL_CHAR) || s == S(BAD_UTF8);
}

static void defers_string_checks_only(void **state)
{
    (void)state;
    expect_cases(deferred_cases, sizeof deferred_cases / sizeof deferred_cases[0],
                 APIG_JSON_DEFER_STRINGS);
    /* Elsewhere deferring changes nothing. */
    const json_case *tables[] = {grammar_cases, number_cases, literal_cases, string_cases,
                                 outside_cases};
    size_t sizes[] = {sizeof grammar_cases, sizeof number_cases, sizeof literal_cases,
                      sizeof string_cases, sizeof outside_cases};
    for (size_t t = 0; t < 5; t++) {
        for (size_t i = 0; i < sizes[t] / sizeof(json_case); i++) {
            const json_case *c = &tables[t][i];
            if (deferred_status(c->status))
                continue;
            apig_json_result r = parse_with(c->text, c->len, TOKEN_CAP, NULL,
                                            APIG_JSON_DEFER_STRINGS);
            assert_int_equal(r.status, c->status);
            assert_int_equal(r.offset, c->offset);
        }
    }
}

/* ---- apig_json_check_string ------------------------------------------------------------- */

static void check_string_case(const char *raw, size_t len, apig_json_status status,
                              size_t offset)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, raw, len);
    size_t at = 12345;
    apig_json_status st = apig_json_check_string(copy, len, &at);
    free(copy);
    if (st != status || (status != S(OK) && at != offset) || (status == S(OK) && at != 12345)) {
        print_error("check_string(%zu bytes): got %d at %zu, want %d at %zu\n", len,
                    (int)st, at, (int)status, offset);
        fail();
    }
}
#define CHECK_STRING(lit, st, off) check_string_case(lit, sizeof(lit) - 1, S(st), off)

static void checks_raw_string_contents(void **state)
{
    (void)state;
    CHECK_STRING("", OK, 0);
    CHECK_STRING("abc", OK, 0);
    CHECK_STRING("\\u00e9\\uD83D\\uDE00\\\"\\\\\\/\\b\\f\\n\\r\\t", OK, 0);
    CHECK_STRING("\xe2\x82\xac\xf4\x8f\xbf\xbf", OK, 0);
    CHECK_STRING("a\"b", UNEXPECTED_CHAR, 1);
    CHECK_STRING("ab\\", BAD_ESCAPE, 2);
    CHECK_STRING("\\u12", BAD_ESCAPE, 0);
    CHECK_STRING("\\x", BAD_ESCAPE, 0);
    CHECK_STRING("\\uD800", LONE_SURROGATE, 0);
    CHECK_STRING("x\\uD800\\u", LONE_SURROGATE, 1);
    CHECK_STRING("x\\uD800\\uDC0", LONE_SURROGATE, 1);
    CHECK_STRING("\\uDFFF", LONE_SURROGATE, 0);
    CHECK_STRING("\xe2\x82", BAD_UTF8, 0);
    CHECK_STRING("ab\xf0", BAD_UTF8, 2);
    CHECK_STRING("\xed\xa0\x80", BAD_UTF8, 0);
    CHECK_STRING("a\x01", CONTROL_CHAR, 1);
    CHECK_STRING("a\0", NUL_BYTE, 1);
    /* long: past the 8-byte fast path */
    char buf[1000];
    memset(buf, 'z', sizeof buf);
    check_string_case(buf, sizeof buf, S(OK), 0);
    buf[999] = '\x1f';
    check_string_case(buf, sizeof buf, S(CONTROL_CHAR), 999);
    /* the offset pointer may be NULL */
    assert_int_equal(apig_json_check_string("\\q", 2, NULL), S(BAD_ESCAPE));
}

static void status_texts_are_constant_messages(void **state)
{
    (void)state;
    assert_string_equal(apig_json_status_text(S(OK)), "no error");
    assert_string_equal(apig_json_status_text(S(EMPTY)), "unexpected end of JSON input");
    assert_string_equal(apig_json_status_text(S(BAD_NUMBER)), "invalid number");
    assert_string_equal(apig_json_status_text(S(TOO_DEEP)), "nesting is too deep");
    for (int s = 0; s < APIG_JSON_STATUS_COUNT; s++) {
        const char *t = apig_json_status_text((apig_json_status)s);
        assert_non_null(t);
        assert_true(strlen(t) > 0);
        assert_ptr_equal(t, apig_json_status_text((apig_json_status)s));
    }
    assert_non_null(apig_json_status_text(APIG_JSON_STATUS_COUNT));
    assert_non_null(apig_json_status_text((apig_json_status)-1));
}

/* ---- limits ------------------------------------------------------------------------------- */

static char *nested(size_t depth, int closed, size_t *len)
{
    char *t = malloc(2 * depth + 1);
    assert_non_null(t);
    memset(t, '[', depth);
    *len = depth;
    if (closed) {
        memset(t + depth, ']', depth);
        *len = 2 * depth;
    }
    return t;
}

static void enforces_depth_limit(void **state)
{
    (void)state;
    apig_json_limits three = {3, 0};
    apig_json_result r = parse_with("[[[]]]", 6, TOKEN_CAP, &three, 0);
    assert_int_equal(r.status, S(OK));
    r = parse_with("[[[[]]]]", 8, TOKEN_CAP, &three, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 3);
    const char *objs = "{\"a\":{\"a\":{}}}";
    assert_int_equal(parse_with(objs, strlen(objs), TOKEN_CAP, &three, 0).status, S(OK));
    objs = "{\"a\":{\"a\":{\"a\":{}}}}";
    r = parse_with(objs, strlen(objs), TOKEN_CAP, &three, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 15);
    /* scalars are depth 0 */
    apig_json_limits one = {1, 0};
    assert_int_equal(parse_with("[1]", 3, TOKEN_CAP, &one, 0).status, S(OK));

    /* the default, APIG_CFG_MAX_DEPTH, exactly and one past */
    size_t len;
    char *t = nested(APIG_CFG_MAX_DEPTH, 1, &len);
    assert_int_equal(parse_with(t, len, TOKEN_CAP, NULL, 0).status, S(OK));
    free(t);
    t = nested(APIG_CFG_MAX_DEPTH + 1, 1, &len);
    r = parse_with(t, len, TOKEN_CAP, NULL, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, APIG_CFG_MAX_DEPTH);
    free(t);

    /* the largest allowed depth, exactly and one past, arrays and objects;
     * asking for more (as `apig syntax` once did with 1024) gets no more */
    const size_t lim = APIG_JSON_MAX_DEPTH_LIMIT;
    assert_int_equal(lim, 64);
    const size_t asks[] = {lim, lim + 1, 1000, SIZE_MAX};
    char *deepest = nested(lim, 1, &len), *past = nested(lim + 1, 1, &len);
    /* {"a":{"a":...{}...}}, 64 and 65 objects deep */
    char objs_ok[5 * 63 + 2 + 63], objs_past[5 * 64 + 2 + 64];
    for (size_t i = 0; i < 64; i++)
        memcpy(objs_past + 5 * i, "{\"a\":", 5);
    memcpy(objs_ok, objs_past, 5 * 63);
    memcpy(objs_ok + 5 * 63, "{}", 2);
    memset(objs_ok + 5 * 63 + 2, '}', 63);
    memcpy(objs_past + 5 * 64, "{}", 2);
    memset(objs_past + 5 * 64 + 2, '}', 64);
    for (size_t k = 0; k < sizeof asks / sizeof asks[0]; k++) {
        apig_json_limits ask = {asks[k], 0};
        for (unsigned flags = 0; flags <= APIG_JSON_DEFER_STRINGS; flags++) {
            r = parse_with(deepest, 2 * lim, TOKEN_CAP, &ask, flags);
            assert_int_equal(r.status, S(OK));
            assert_int_equal(r.token_count, 64);
            assert_int_equal(tokens[63].parent, 62);
            assert_int_equal(tokens[63].start, 63);
            assert_int_equal(tokens[63].end, 65);
            r = parse_with(past, 2 * lim + 2, TOKEN_CAP, &ask, flags);
            assert_int_equal(r.status, S(TOO_DEEP));
            assert_int_equal(r.offset, 64);

            r = parse_with(objs_ok, sizeof objs_ok, TOKEN_CAP, &ask, flags);
            assert_int_equal(r.status, S(OK));
            assert_int_equal(r.token_count, 2 * 63 + 1);
            r = parse_with(objs_past, sizeof objs_past, TOKEN_CAP, &ask, flags);
            assert_int_equal(r.status, S(TOO_DEEP));
            assert_int_equal(r.offset, 5 * 64);
        }
    }
    free(deepest);
    free(past);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1,000,000 '[': a clean depth error after max_depth bytes, whatever the
 * token array, with no recursion (ASan's stack checks would see it). */
static void stops_a_million_brackets_at_the_depth_limit(void **state)
{
    (void)state;
    size_t len;
    char *t = nested(1000000, 0, &len);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    apig_json_result r = apig_json_parse(t, len, tokens, TOKEN_CAP, NULL, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, APIG_CFG_MAX_DEPTH);

    apig_json_limits cli = {APIG_JSON_MAX_DEPTH_LIMIT, len};
    r = apig_json_parse(t, len, tokens, TOKEN_CAP, &cli, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 64);

    /* a token array big enough for every bracket, and no depth limit asked */
    apig_json_limits any = {SIZE_MAX, len};
    apig_token *big = malloc(1000001 * sizeof *big);
    assert_non_null(big);
    r = apig_json_parse(t, len, big, 1000001, &any, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 64);
    free(big);

    /* whatever the token budget: it only limits the storage of a text
     * that has no other error */
    r = apig_json_parse(t, len, tokens, 50, &cli, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 64);
    r = apig_json_parse(t, len, NULL, 0, &cli, 0);
    assert_int_equal(r.status, S(TOO_DEEP));
    assert_int_equal(r.offset, 64);

    /* the cost is counted in instructions by test_cost; this is a figure */
    print_message("    1,000,000 '[': 5 parses in %.6f s\n", seconds_since(&t0));
    free(t);
}

static void enforces_token_limit(void **state)
{
    (void)state;
    apig_json_result r = parse_with("[1,2,3]", 7, 4, NULL, 0);
    assert_int_equal(r.status, S(OK));
    assert_int_equal(r.token_count, 4);
    r = parse_with("[1,2,3]", 7, 3, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.offset, 5);
    r = parse_with("{\"a\":\"b\"}", 9, 3, NULL, 0);
    assert_int_equal(r.status, S(OK));
    r = parse_with("{\"a\":\"b\"}", 9, 2, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.offset, 5);
    r = parse_with("{\"a\":\"b\"}", 9, 1, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.offset, 1);
    r = parse_with("[[]]", 4, 1, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.offset, 1);
    /* no token array at all */
    r = apig_json_parse("1", 1, NULL, 0, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.offset, 0);
    r = apig_json_parse("1", 1, NULL, 5, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    /* an error before the limit is reported first */
    r = parse_with("[1,,2,3]", 8, 3, NULL, 0);
    assert_int_equal(r.status, S(EXPECTED_VALUE));
    assert_int_equal(r.offset, 3);
    /* and so is one after it: the budget limits storage, not checking, so
     * a malformed text is malformed wherever the budget runs out */
    r = parse_with("[1,2,3,]", 8, 2, NULL, 0);
    assert_int_equal(r.status, S(TRAILING_COMMA));
    assert_int_equal(r.offset, 7);
    r = parse_with("[1,2,\"\xff\"]", 9, 2, NULL, APIG_JSON_DEFER_STRINGS);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS)); /* the caller checks strings */
    r = parse_with("[1,2,\"\xff\"]", 9, 2, NULL, 0);
    assert_int_equal(r.status, S(BAD_UTF8));
    assert_int_equal(r.offset, 6);
    r = parse_with("[[[1]]", 6, 2, NULL, 0);
    assert_int_equal(r.status, S(TRUNCATED));
    /* over the budget, the array holds the text's first tokens, as a whole
     * parse writes them, with the containers still open at the cut
     * marked by end -1 and sized by their items among them */
    const char *text = "{\"a\":[1,{\"b\":2}],\"c\":3}";
    r = parse_with(text, strlen(text), 6, NULL, 0);
    assert_int_equal(r.status, S(TOO_MANY_TOKENS));
    assert_int_equal(r.token_count, 6);
    assert_int_equal(r.offset, 13); /* "b"'s value */
    expect_token(0, APIG_TOKEN_OBJECT, 0, -1, 1, -1);
    expect_token(1, APIG_TOKEN_STRING, 2, 3, 1, 0);
    expect_token(2, APIG_TOKEN_ARRAY, 5, -1, 2, 1);
    expect_token(3, APIG_TOKEN_PRIMITIVE, 6, 7, 0, 2);
    expect_token(4, APIG_TOKEN_OBJECT, 8, -1, 1, 2);
    expect_token(5, APIG_TOKEN_STRING, 10, 11, 0, 4);
    /* jsmn writes no token past the cap */
    apig_token few[5];
    memset(few, 0x5a, sizeof few);
    r = apig_json_parse("[1,2,3]", 7, few, 4, NULL, 0);
    assert_int_equal(r.status, S(OK));
    assert_int_equal(few[4].start, 0x5a5a5a5a);
}

static void enforces_size_limit(void **state)
{
    (void)state;
    char text[65];
    memset(text, ' ', sizeof text);
    text[0] = '1';
    apig_json_limits small = {0, 64};
    assert_int_equal(parse_with(text, 64, TOKEN_CAP, &small, 0).status, S(OK));
    apig_json_result r = parse_with(text, 65, TOKEN_CAP, &small, 0);
    assert_int_equal(r.status, S(TOO_LARGE));
    assert_int_equal(r.offset, 64);

    /* the default, APIG_CFG_MAX_BODY_BYTES */
    size_t max = APIG_CFG_MAX_BODY_BYTES;
    char *big = malloc(max + 1);
    assert_non_null(big);
    memset(big, ' ', max + 1);
    big[0] = '0';
    r = apig_json_parse(big, max, tokens, TOKEN_CAP, NULL, 0);
    assert_int_equal(r.status, S(OK));
    r = apig_json_parse(big, max + 1, tokens, TOKEN_CAP, NULL, 0);
    assert_int_equal(r.status, S(TOO_LARGE));
    assert_int_equal(r.offset, max);
    free(big);
}

/* A valid 1 MB array of ones, as `apig syntax` sizes it; prints MB/s. */
static void parses_a_megabyte_quickly(void **state)
{
    (void)state;
    size_t n = 500000, len = 2 * n + 1;
    char *t = malloc(len);
    assert_non_null(t);
    t[0] = '[';
    for (size_t i = 0; i < n; i++) {
        t[1 + 2 * i] = '1';
        t[2 + 2 * i] = ',';
    }
    t[len - 1] = ']';
    size_t cap = len / 2 + 2;
    apig_token *big = malloc(cap * sizeof *big);
    assert_non_null(big);
    apig_json_limits lim = {APIG_JSON_MAX_DEPTH_LIMIT, len};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    apig_json_result r = apig_json_parse(t, len, big, cap, &lim, 0);
    double s = seconds_since(&t0);
    assert_int_equal(r.status, S(OK));
    assert_int_equal(r.token_count, n + 1);
    assert_int_equal(big[n].parent, 0);
    print_message("    1 MB of [1,1,...]: %.4f s (%.0f MB/s, sanitized build)\n", s,
                  (double)len / 1e6 / s);
    free(big);
    free(t);
}

/* ---- the conformance corpus ------------------------------------------------------------------ */

static char *corpus_dir(const char *sub)
{
    static char path[4096];
    const char *base = "tests/json";
    FILE *probe = NULL;
    snprintf(path, sizeof path, "%s/make_corpus.py", base);
    probe = fopen(path, "rb");
    if (!probe) {
        /* run from elsewhere: next to this source file */
        const char *file = __FILE__;
        const char *slash = strrchr(file, '/');
        int dir = slash ? (int)(slash - file) : 1;
        snprintf(path, sizeof path, "%.*s/json/%s", dir, slash ? file : ".", sub);
        return path;
    }
    fclose(probe);
    snprintf(path, sizeof path, "%s/%s", base, sub);
    return path;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        buf = realloc(buf, cap *= 2);
        assert_non_null(buf);
    }
    fclose(f);
    /* shrink to the exact size, so that ASan sees any read past the end */
    char *exact = malloc(n ? n : 1);
    assert_non_null(exact);
    memcpy(exact, buf, n);
    free(buf);
    *len = n;
    return exact;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json file names of a corpus folder, sorted; returns the count. */
static size_t list_corpus(const char *dir, char ***names)
{
    DIR *d = opendir(dir);
    if (!d) {
        print_error("cannot open %s\n", dir);
        fail();
    }
    size_t n = 0, cap = 64;
    char **v = malloc(cap * sizeof *v);
    assert_non_null(v);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        if (n == cap) {
            v = realloc(v, (cap *= 2) * sizeof *v);
            assert_non_null(v);
        }
        v[n] = malloc(strlen(dir) + l + 2);
        assert_non_null(v[n]);
        sprintf(v[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, by_name);
    *names = v;
    return n;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* As `apig syntax` parses: tokens and size from the input, the largest
 * depth allowed. */
static apig_json_result parse_like_cli(const char *text, size_t len)
{
    size_t cap = len / 2 + 2;
    apig_token *t = malloc(cap * sizeof *t);
    assert_non_null(t);
    apig_json_limits lim = {APIG_JSON_MAX_DEPTH_LIMIT, len ? len : 1};
    apig_json_result r = apig_json_parse(text, len, t, cap, &lim, 0);
    free(t);
    return r;
}

static void run_corpus(const char *sub, int want_ok, size_t at_least)
{
    char **names;
    size_t n = list_corpus(corpus_dir(sub), &names);
    assert_true(n >= at_least);
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *text = read_file(names[i], &len);
        apig_json_result r = parse_like_cli(text, len);
        apig_json_result d = apig_json_parse(text, len, tokens, 0, NULL, 0);
        (void)d; /* any answer, but safely: no token array, default limits */
        if ((r.status == S(OK)) != want_ok) {
            print_error("%s: %s (%s at byte %zu)\n", names[i],
                        want_ok ? "rejected" : "accepted", apig_json_status_text(r.status),
                        r.offset);
            wrong++;
        }
        free(text);
    }
    print_message("    %s: %zu files\n", sub, n);
    free_names(names, n);
    assert_int_equal(wrong, 0);
}

static void corpus_accept(void **state)
{
    (void)state;
    run_corpus("accept", 1, 60);
}

static void corpus_reject(void **state)
{
    (void)state;
    run_corpus("reject", 0, 100);
}

/* ---- the fast path against the full checker ------------------------------------------------- */

#define DIFF_CAP 512
static apig_token diff_fast[DIFF_CAP], diff_full[DIFF_CAP];

typedef struct diff_stats {
    size_t runs, accepted;
} diff_stats;

static void dump_text(const char *text, size_t len)
{
    char line[4 * 64 + 1];
    size_t k = 0;
    for (size_t i = 0; i < len && i < 64; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            line[k++] = (char)c;
        else
            k += (size_t)snprintf(line + k, sizeof line - k, "\\x%02x", c);
    }
    line[k] = '\0';
    print_error("    text (%zu bytes): \"%s\"%s\n", len, line, len > 64 ? "..." : "");
}

/* apig_json_parse and the full checker alone, on an exact-size copy, must
 * give the same status, the same offset on an error, and the same tokens
 * on success. */
static void same_answer(const char *text, size_t len, size_t cap,
                        const apig_json_limits *limits, unsigned flags, diff_stats *st)
{
    assert_true(cap <= DIFF_CAP);
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, text, len);
    apig_json_result a = apig_json_parse(copy, len, diff_fast, cap, limits, flags);
    apig_json_result b = apig__json_parse_full(copy, len, diff_full, cap, limits, flags);
    int same = a.status == b.status &&
               (a.status != S(OK) ? a.offset == b.offset
                                  : a.token_count == b.token_count &&
                                        memcmp(diff_fast, diff_full,
                                               a.token_count * sizeof diff_fast[0]) == 0);
    if (!same) {
        print_error("fast path and full checker differ (cap %zu, depth %zu, flags %u):\n"
                    "    apig_json_parse: %s at %zu, %zu tokens\n"
                    "    full checker:    %s at %zu, %zu tokens\n",
                    cap, limits ? limits->max_depth : 0, flags,
                    apig_json_status_text(a.status), a.offset, a.token_count,
                    apig_json_status_text(b.status), b.offset, b.token_count);
        dump_text(text, len);
        free(copy);
        fail();
    }
    free(copy);
    st->runs++;
    st->accepted += a.status == S(OK);
}

static void same_answer_both_modes(const char *text, size_t len, diff_stats *st)
{
    same_answer(text, len, DIFF_CAP, NULL, 0, st);
    same_answer(text, len, DIFF_CAP, NULL, APIG_JSON_DEFER_STRINGS, st);
}

/* Every table case and every corpus file. */
static void fast_path_agrees_on_cases_and_corpus(void **state)
{
    (void)state;
    diff_stats st = {0, 0};
    const json_case *tables[] = {grammar_cases, number_cases, literal_cases, string_cases,
                                 outside_cases, accept_cases,  deferred_cases};
    size_t sizes[] = {sizeof grammar_cases, sizeof number_cases, sizeof literal_cases,
                      sizeof string_cases,  sizeof outside_cases, sizeof accept_cases,
                      sizeof deferred_cases};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < sizes[t] / sizeof(json_case); i++)
            same_answer_both_modes(tables[t][i].text, tables[t][i].len, &st);

    const char *subs[] = {"accept", "reject"};
    for (int k = 0; k < 2; k++) {
        char **names;
        size_t n = list_corpus(corpus_dir(subs[k]), &names);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            char *text = read_file(names[i], &len);
            /* as `apig syntax` would (the largest depth), and with the defaults */
            apig_json_limits cli = {APIG_JSON_MAX_DEPTH_LIMIT, 0};
            same_answer(text, len, DIFF_CAP, &cli, 0, &st);
            same_answer(text, len, DIFF_CAP, &cli, APIG_JSON_DEFER_STRINGS, &st);
            same_answer_both_modes(text, len, &st);
            free(text);
        }
        free_names(names, n);
    }
    print_message("    %zu comparisons, %zu accepted\n", st.runs, st.accepted);
}

/* splitmix64: the mutations are the same on every run */
static uint64_t next_random(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#define LIT(s) {s, sizeof(s) - 1}
typedef struct bytes {
    const char *p;
    size_t len;
} bytes;

static const bytes diff_seeds[] = {
    LIT("{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":10},{\"ecs_id\":"
        "\"1082720c-3c15-409c-9ae3-000000000001\",\"ecs_name\":\"APIGtest01\",\"weight\":1}]}"),
    LIT("[1,2.5,-3e2,0.0,10E+1,true,false,null,\"\",{},[]]"),
    LIT("{\"a\":[1,true,null],\"b\":{\"c\":{\"d\":[[],[{}],\"x\"]}},\"e\":-0}"),
    LIT(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \t\r\n\"k\" \t\r\n: \t\r\n\"v\" \t\r\n} \t\r\n] \t\r\n"),
    LIT("[\"\\u00e9\\uD83D\\uDE00\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]"),
    LIT("{\"abcdefghijklmnopqrstuvwxyz\":\"0123456789abcdefghij\",\"t\":\"tab\there\",\"u\":\"\\u0041BCDEFGHIJ\"}"),
    LIT("-0.5e-10"),
    LIT(" true "),
    LIT("\"a string\""),
    LIT("null"),
    LIT("{\"\":{\"\":[\"\",\" \",{}]},\"x\":[-1.5E+3,0]}"),
    LIT("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
    LIT("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{"
        "\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{"
        "\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"),
    LIT("[{\"k\":1},{\"k\":[2]},{\"k\":{\"j\":3}},{\"k\":\"4\"},[5,6],[7,[8]],{\"k\":1},{\"k\":[2]},"
        "{\"k\":{\"j\":3}},{\"k\":\"4\"},[5,6],[7,[8]],{\"k\":1},{\"k\":[2]},{\"k\":{\"j\":3}},"
        "{\"k\":\"4\"},[5,6],[7,[8]],{\"k\":1},{\"k\":[2]},{\"k\":{\"j\":3}},{\"k\":\"4\"},[5,6]]"),
};

/* What insertions draw from: the JSON punctuation, number and literal
 * bytes, escapes, and UTF-8 good and bad. */
static const bytes diff_fragments[] = {
    LIT("{"), LIT("}"), LIT("["), LIT("]"), LIT(","), LIT(":"), LIT("\""), LIT("\\"),
    LIT(" "), LIT("0"), LIT("1"), LIT("5"), LIT("9"), LIT("e"), LIT("E"), LIT("+"),
    LIT("-"), LIT("."), LIT("t"), LIT("f"), LIT("n"), LIT("u"), LIT("l"),
    LIT("\t"), LIT("\n"), LIT("\r"), LIT("\f"), LIT("\0"), LIT("\x01"), LIT("\x7f"),
    LIT("\xc3\xa9"), LIT("\xe2\x82\xac"), LIT("\xf0\x9f\x98\x80"), LIT("\xc3"), LIT("\xe2\x82"),
    LIT("\x80"), LIT("\xed\xa0\x80"), LIT("\xf4\x90\x80\x80"), LIT("\xc0\x80"), LIT("\xff"),
    LIT("\xef\xbb\xbf"), LIT("\\u"), LIT("\\uD800"), LIT("\\uDC00"), LIT("\\u00e9"),
    LIT("\\uD83D\\uDE00"), LIT("\\n"), LIT("\\x"), LIT("true"), LIT("null"), LIT("\"\""),
    LIT("[]"), LIT("{}"), LIT("\"a\":"), LIT("01"), LIT("1.5e3"), LIT("-0"),
};
#undef LIT

#define MUTATIONS 200000

/* Seeded random mutations of the seeds (byte changes, insertions,
 * deletions, truncations), each in both flag modes, a quarter of them
 * with a small token cap or depth limit. */
static void fast_path_agrees_on_random_mutations(void **state)
{
    (void)state;
    diff_stats st = {0, 0};
    uint64_t rng = 0x61706967u; /* "apig" */
    char buf[1024];
    size_t nseeds = sizeof diff_seeds / sizeof diff_seeds[0];
    size_t nfrag = sizeof diff_fragments / sizeof diff_fragments[0];
    for (size_t m = 0; m < MUTATIONS; m++) {
        const bytes *seed = &diff_seeds[m % nseeds];
        size_t len = seed->len;
        memcpy(buf, seed->p, len);
        int edits = 1 + (int)(next_random(&rng) % 3);
        for (int e = 0; e < edits; e++) {
            uint64_t r = next_random(&rng);
            size_t at = len ? (size_t)(r >> 8) % (len + 1) : 0;
            switch (r % 8) {
            case 0: /* any byte */
                if (at < len)
                    buf[at] = (char)(r >> 40);
                break;
            case 1: /* one bit */
                if (at < len)
                    buf[at] ^= (char)(1u << ((r >> 40) % 8));
                break;
            case 2: /* delete 1 to 3 bytes */
            {
                size_t k = 1 + (r >> 40) % 3;
                if (at + k <= len) {
                    memmove(buf + at, buf + at + k, len - at - k);
                    len -= k;
                }
                break;
            }
            case 3: /* truncate */
                if (at < len && (r >> 40) % 4 == 0)
                    len = at;
                break;
            default: /* insert a fragment */
            {
                const bytes *f = &diff_fragments[(r >> 40) % nfrag];
                if (len + f->len <= sizeof buf) {
                    memmove(buf + at + f->len, buf + at, len - at);
                    memcpy(buf + at, f->p, f->len);
                    len += f->len;
                }
                break;
            }
            }
        }
        uint64_t r = next_random(&rng);
        apig_json_limits small = {1 + (size_t)(r % 6), 0};
        size_t cap = DIFF_CAP;
        const apig_json_limits *limits = NULL;
        if (r % 8 == 1)
            limits = &small;
        else if (r % 8 == 2)
            cap = (size_t)(r >> 8) % 40;
        same_answer(buf, len, cap, limits, 0, &st);
        same_answer(buf, len, cap, limits, APIG_JSON_DEFER_STRINGS, &st);
    }
    print_message("    %d mutations, %zu comparisons, %zu accepted\n", MUTATIONS, st.runs,
                  st.accepted);
    /* the mutations must reach both answers, not only errors */
    assert_true(st.accepted > st.runs / 20);
}

/* ---- apig syntax (when `make test` names the CLI) ---------------------------------------------- */

static int run_cli(const char *cli, const char *args, char *out, size_t out_cap)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' syntax %s 2>&1", cli, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, out_cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void cli_syntax(void **state)
{
    (void)state;
    const char *cli = getenv("APIG_CLI");
    if (!cli || !*cli) {
        print_message("    APIG_CLI not set: CLI checks skipped\n");
        skip();
    }
    char out[4096], tmp[] = "/tmp/apig-syntax-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    fputs("{\"a\":\n  tru}", f);
    fclose(f);

    char args[4200];
    snprintf(args, sizeof args, "'%s'", tmp);
    assert_int_equal(run_cli(cli, args, out, sizeof out), 1);
    assert_string_equal(out, "apig: invalid literal at line 2, column 6 (byte 11)\n");
    snprintf(args, sizeof args, "- < '%s'", tmp);
    assert_int_equal(run_cli(cli, args, out, sizeof out), 1);
    assert_string_equal(out, "apig: invalid literal at line 2, column 6 (byte 11)\n");
    snprintf(args, sizeof args, "< /dev/null");
    assert_int_equal(run_cli(cli, args, out, sizeof out), 1);
    assert_string_equal(out, "apig: unexpected end of JSON input at line 1, column 1 (byte 0)\n");
    remove(tmp);

    assert_int_equal(run_cli(cli, "/nonexistent/file.json", out, sizeof out), 2);
    assert_int_equal(run_cli(cli, "a.json b.json", out, sizeof out), 2);
    assert_int_equal(run_cli(cli, "--bogus", out, sizeof out), 2);

    /* the whole corpus, exit codes 0 and 1 */
    const char *subs[] = {"accept", "reject"};
    for (int k = 0; k < 2; k++) {
        char **names;
        size_t n = list_corpus(corpus_dir(subs[k]), &names);
        for (size_t i = 0; i < n; i++) {
            snprintf(args, sizeof args, "'%s'", names[i]);
            int rc = run_cli(cli, args, out, sizeof out);
            if (rc != k) {
                print_error("apig syntax %s: exit %d, want %d: %s", names[i], rc, k, out);
                fail();
            }
            if (k == 1) { /* exactly one line */
                char *nl = strchr(out, '\n');
                assert_true(strncmp(out, "apig: ", 6) == 0);
                assert_true(nl && nl[1] == '\0');
            }
        }
        free_names(names, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_bad_grammar),
        cmocka_unit_test(rejects_bad_numbers_and_literals),
        cmocka_unit_test(rejects_bad_strings),
        cmocka_unit_test(rejects_each_raw_control_byte),
        cmocka_unit_test(finds_errors_at_every_position_in_long_strings),
        cmocka_unit_test(rejects_bom_nul_trailing_data_and_empty),
        cmocka_unit_test(accepts_valid_texts),
        cmocka_unit_test(writes_jsmn_tokens),
        cmocka_unit_test(defers_string_checks_only),
        cmocka_unit_test(checks_raw_string_contents),
        cmocka_unit_test(status_texts_are_constant_messages),
        cmocka_unit_test(enforces_depth_limit),
        cmocka_unit_test(stops_a_million_brackets_at_the_depth_limit),
        cmocka_unit_test(enforces_token_limit),
        cmocka_unit_test(enforces_size_limit),
        cmocka_unit_test(parses_a_megabyte_quickly),
        cmocka_unit_test(corpus_accept),
        cmocka_unit_test(corpus_reject),
        cmocka_unit_test(fast_path_agrees_on_cases_and_corpus),
        cmocka_unit_test(fast_path_agrees_on_random_mutations),
        cmocka_unit_test(cli_syntax),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
