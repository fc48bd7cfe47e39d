/* SPDX-License-Identifier: MIT */
/* Unit tests of src/core: the writer, paths, error formatting, UTF-8,
 * character sets and the value rules, on hand-made tables so that they do
 * not depend on any schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/core.h"
#include "error_text.h"

/* ---- a miniature catalog --------------------------------------------------- */

static const apig_catalog_entry entries[] = {
    {"T.1", 401, "Token missing", APIG_DECORATE_NONE},
    {"T.2", 400, "Parse failed", APIG_DECORATE_DETAIL},
    {"T.3", 400, "Out of range", APIG_DECORATE_PARAM},
    {"T.4", 404, "No such thing", APIG_DECORATE_ID},
};

static apig_catalog make_catalog(void)
{
    apig_catalog c = {.entries = entries,
                      .entry_count = 4,
                      .param_format = "{message},param:{param}.",
                      .id_format = "{message},id:{id}",
                      .detail_format = "{message}: {detail}"};
    for (int k = 0; k < APIG_ERROR_KIND_COUNT; k++)
        c.kind_entry[k] = 2;
    c.kind_entry[APIG_ERROR_SYNTAX] = 1;
    c.kind_entry[APIG_ERROR_TOKEN_MISSING] = 0;
    c.kind_entry[APIG_ERROR_ROUTE] = 3;
    return c;
}

static void writer_counts_past_cap_and_never_overruns(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    apig__out o = {buf, 4, 0};
    apig__out_cstr(&o, "hello");
    apig__out_i64(&o, INT64_MIN);
    assert_int_equal(apig__out_finish(&o), 5 + 20);
    assert_memory_equal(buf, "hell", 4);
    assert_memory_equal(buf + 4, "xxxx", 4);

    apig__out m = {NULL, 0, 0};
    apig__out_u64(&m, UINT64_MAX);
    assert_int_equal(apig__out_finish(&m), 20);

    apig__out f = {buf, sizeof buf, 0};
    apig__out_i64(&f, -42);
    assert_int_equal(apig__out_finish(&f), 3);
    assert_string_equal(buf, "-42");
}

/* Decimal writing matches printf at every boundary of its two paths (32-bit
 * division below 2^32, subtraction of powers of ten above). */
static void u64_digits_match_printf(void **state)
{
    (void)state;
    uint64_t values[64 + 40];
    size_t n = 0;
    static const uint64_t fixed[] = {0, 9, 10, 999999999, 1000000000, UINT32_MAX,
                                     (uint64_t)UINT32_MAX + 1, UINT64_C(9999999999),
                                     UINT64_C(10000000000), UINT64_C(1000000000000000000),
                                     UINT64_C(9999999999999999999),
                                     UINT64_C(10000000000000000000), UINT64_MAX,
                                     UINT64_C(4000000000000000001), UINT64_C(4294967296000000000)};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        values[n++] = fixed[i];
    uint64_t x = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < 64; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        values[n++] = x >> (i % 64);
    }
    for (size_t i = 0; i < n; i++) {
        char want[32], got[32];
        snprintf(want, sizeof want, "%llu", (unsigned long long)values[i]);
        apig__out o = {got, sizeof got, 0};
        apig__out_u64(&o, values[i]);
        apig__out_finish(&o);
        assert_string_equal(got, want);
    }
}


/* A path buffer as an error holds one (text and clip), written by the
 * library's path steps. */
typedef struct test_path {
    char text[APIG_CFG_PATH_BYTES];
    apig__clip clip;
} test_path;

static void path_reset(test_path *p)
{
    p->clip = apig__clip_start(sizeof p->text - 1);
    p->text[0] = '\0';
}

static void path_key(test_path *p, const char *name, size_t len)
{
    apig__path_put_key(p->text, &p->clip, name, len);
}

static void path_index(test_path *p, size_t index)
{
    apig__path_put_index(p->text, &p->clip, index);
}

static void paths_nest_and_truncate(void **state)
{
    (void)state;
    test_path p;
    path_reset(&p);
    path_key(&p, "members", 7);
    path_index(&p, 12);
    path_key(&p, "weight", 6);
    assert_string_equal(p.text, "members[12].weight");
    path_reset(&p);
    path_index(&p, 0);
    assert_string_equal(p.text, "[0]");

    char longname[300];
    memset(longname, 'k', sizeof longname);
    path_reset(&p);
    path_key(&p, longname, sizeof longname);
    assert_int_equal(p.clip.len, sizeof p.text - 1);
    assert_int_equal(strlen(p.text), sizeof p.text - 1);
    assert_string_equal(p.text + sizeof p.text - 5, "k..."); /* the cut shows */
    path_reset(&p);
    assert_string_equal(p.text, "");

    /* A cut never leaves half a character: keys of 3-byte characters. */
    char cjk[3 * 64];
    for (size_t i = 0; i < sizeof cjk; i += 3)
        memcpy(cjk + i, "\xE4\xB8\x80", 3);
    for (size_t skew = 0; skew < 3; skew++) {
        path_reset(&p);
        path_key(&p, "ab", skew);
        path_key(&p, cjk, sizeof cjk);
        size_t n = strlen(p.text);
        assert_true(n <= sizeof p.text - 1);
        size_t used;
        for (size_t i = 0; i < n; i += used)
            assert_int_not_equal(apig__utf8_decode((const unsigned char *)p.text + i, n - i, &used),
                                 APIG__UTF8_BAD);
        /* 95 bytes: the key, whole characters up to byte 92, and "..." */
        size_t keep = skew + (skew ? 1 : 0) + (92 - skew - (skew ? 1 : 0)) / 3 * 3;
        assert_int_equal(n, keep + 3);
        assert_string_equal(p.text + keep, "...");
    }
    /* A key's U+0000 is written \u0000, a whole: it fits or goes. */
    path_reset(&p);
    path_key(&p, "a\0b", 3);
    assert_string_equal(p.text, "a\\u0000b");
    path_reset(&p);
    path_key(&p, longname, 88);
    path_key(&p, "\0", 1);
    assert_string_equal(p.text + 88, ".\\u0000");
    path_reset(&p);
    path_key(&p, longname, 89);
    path_key(&p, "\0", 1);
    assert_string_equal(p.text + 88, "k....");
}

/* An error inside a walk gets its path from the chain of places, written
 * straight into the error, as the path steps write it. */
static void errors_take_the_path_of_their_place(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    apig_field members = {0}, weight = {0};
    members.name = "members";
    members.name_len = 7;
    weight.name = "weight";
    weight.name_len = 6;
    apig__place top = {NULL, &members, 0};
    apig__place item = {&top, NULL, 2};
    apig_error items[5];
    apig__errors list = {items, 5, 0};
    apig__errors_add_place(&list, &c, &weight, APIG_ERROR_RANGE, NULL, 0, &item, "weight", 6,
                           -1, 40, NULL);
    apig__errors_add_place(&list, &c, &members, APIG_ERROR_CAPACITY, NULL, 0, &top, NULL, 0,
                           7, 41, NULL);
    apig__errors_add_place(&list, &c, NULL, APIG_ERROR_UNKNOWN_FIELD, "x\0y", 3, &item,
                           "x\0y", 3, -1, 42, NULL);
    apig__errors_add_place(&list, &c, &weight, APIG_ERROR_REQUIRED, NULL, 0, NULL, NULL, 0, -1,
                           43, NULL);
    assert_string_equal(items[0].path, "members[2].weight");
    assert_string_equal(items[0].param, "weight");
    assert_string_equal(msg_of(&items[0]), "Out of range,param:weight.");
    assert_int_equal(items[0].offset, 40);
    assert_string_equal(items[1].path, "members[7]");
    assert_string_equal(items[1].param, "members");
    assert_string_equal(items[2].path, "members[2].x\\u0000y");
    assert_string_equal(items[2].param, "x\\u0000y");
    assert_string_equal(msg_of(&items[2]), "Out of range,param:x\\u0000y.");
    assert_string_equal(items[3].path, "");
    assert_int_equal(list.count, 4);

    /* the same path as the steps write for the chain, cut included */
    char longname[300];
    memset(longname, 'k', sizeof longname);
    apig_field lf = {0};
    lf.name = longname;
    lf.name_len = 80;
    apig__place deep = {&item, &lf, 0}, deeper = {&deep, NULL, 123456};
    test_path p;
    path_reset(&p);
    apig__path_put_places(p.text, &p.clip, &deeper);
    path_key(&p, "tail", 4);
    apig__errors_add_place(&list, &c, NULL, APIG_ERROR_RANGE, "tail", 4, &deeper, "tail", 4,
                           -1, 0, NULL);
    assert_string_equal(items[4].path, p.text);
    assert_int_equal(strlen(items[4].path), APIG_CFG_PATH_BYTES - 1);
    assert_string_equal(items[4].path + APIG_CFG_PATH_BYTES - 4, "...");
    assert_true(apig__errors_full(&list));
}

static const char *clip(char *buf, size_t limit, const char *s, size_t n)
{
    apig__clip c = apig__clip_start(limit);
    apig__clip_text(&c, buf, s, n);
    buf[c.len] = '\0';
    return buf;
}

static void clips_cut_between_characters(void **state)
{
    (void)state;
    char buf[16];
    assert_string_equal(clip(buf, 10, "abcdefghij", 10), "abcdefghij"); /* fits exactly */
    assert_string_equal(clip(buf, 10, "abcdefghijk", 11), "abcdefg...");
    /* 2-, 3- and 4-byte characters that would end past byte 7 go whole. */
    assert_string_equal(clip(buf, 10, "abcdef\xC3\xA9xyz", 11), "abcdef...");
    assert_string_equal(clip(buf, 10, "abcde\xC3\xA9xyzw", 11), "abcde\xC3\xA9...");
    assert_string_equal(clip(buf, 10, "abcdef\xE4\xB8\x80xy", 11), "abcdef...");
    assert_string_equal(clip(buf, 10, "abcd\xE4\xB8\x80xyzw", 11), "abcd\xE4\xB8\x80...");
    assert_string_equal(clip(buf, 10, "abcde\xF0\x9F\x98\x80xy", 11), "abcde...");
    assert_string_equal(clip(buf, 10, "abc\xF0\x9F\x98\x80xyzw", 11), "abc\xF0\x9F\x98\x80...");
    assert_string_equal(clip(buf, 10, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 10),
                        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    assert_string_equal(clip(buf, 10, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 12),
                        "\xC3\xA9\xC3\xA9\xC3\xA9...");
    /* U+0000 takes six characters, and a place in the text. */
    assert_string_equal(clip(buf, 10, "a\0b", 3), "a\\u0000b");
    assert_string_equal(clip(buf, 10, "abcd\0", 5), "abcd\\u0000");
    assert_string_equal(clip(buf, 10, "abcde\0", 6), "abcde...");
    /* A byte that is not UTF-8 is one character (caller text only). */
    assert_string_equal(clip(buf, 10, "abcdefg\xFFxyz", 11), "abcdefg...");
    /* No room even for the marker: as much of it as fits. */
    assert_string_equal(clip(buf, 2, "abc", 3), "..");
    assert_string_equal(clip(buf, 0, "a", 1), "");
    assert_string_equal(clip(buf, 0, "", 0), "");
    /* Once cut, nothing more goes in. */
    apig__clip c = apig__clip_start(5);
    apig__clip_text(&c, buf, "abcdef", 6);
    apig__clip_text(&c, buf, "g", 1);
    buf[c.len] = '\0';
    assert_true(c.cut);
    assert_string_equal(buf, "ab...");
}

static void errors_are_formatted_from_the_catalog(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    apig_error e;
    apig__error_fill(&e, &c, NULL, APIG_ERROR_RANGE, "weight", 6, NULL,
                     "members[0].weight", 17, NULL);
    assert_int_equal(e.kind, APIG_ERROR_RANGE);
    assert_int_equal(e.status, 400);
    assert_string_equal(e.code, "T.3");
    assert_string_equal(e.param, "weight");
    assert_string_equal(msg_of(&e), "Out of range,param:weight.");
    assert_string_equal(e.path, "members[0].weight");
    assert_int_equal(e.offset, 17);
    assert_string_equal(e.detail, apig_error_kind_text(APIG_ERROR_RANGE));

    apig__error_fill(&e, &c, NULL, APIG_ERROR_TOKEN_MISSING, "x", 1, NULL, NULL, 0, NULL);
    assert_string_equal(msg_of(&e), "Token missing");
    assert_string_equal(e.param, ""); /* the entry takes no parameter */
    assert_string_equal(e.path, "");

    apig__error_fill(&e, &c, NULL, APIG_ERROR_ROUTE, NULL, 0, "abc", NULL, 0, NULL);
    assert_string_equal(msg_of(&e), "No such thing,id:abc");
    apig__error_fill(&e, &c, NULL, APIG_ERROR_ROUTE, NULL, 0, NULL, NULL, 0, NULL);
    assert_string_equal(msg_of(&e), "No such thing");
}

/* The message is written whole, however long: the catalog text, the
 * format's own text and the particulars as the error stores them (only
 * the parameter and id are cut, to fit their array). */
static void messages_are_whole(void **state)
{
    (void)state;
    char longtext[400];
    memset(longtext, 'm', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    char want[1024];

    /* A long catalog text, the detail and its position: all of it. */
    longtext[300] = '\0';
    apig_catalog_entry detailed[] = {{"T.2", 400, longtext, APIG_DECORATE_DETAIL}};
    apig_catalog c = make_catalog();
    c.entries = detailed;
    c.entry_count = 1;
    memset(c.kind_entry, 0, sizeof c.kind_entry);
    apig_error items[1];
    apig__errors list = {items, 1, 0};
    const char body[] = "{\n  \"a\": 01\n}";
    const char *detail = "a detail long enough that it and its position once did not fit";
    apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, body, sizeof body - 1, 10, detail, true);
    snprintf(want, sizeof want, "%s: %s at line 2, column 9", longtext, detail);
    assert_string_equal(msg_of(&items[0]), want);
    assert_int_equal(strlen(msg_of(&items[0])), 300 + 2 + strlen(detail) + 20);
    assert_string_equal(items[0].param, "");
    assert_int_equal(items[0].line, 2);
    assert_int_equal(items[0].column, 9);

    /* The parameter is cut only to fit its array (127 bytes and the NUL),
     * and the message shows it as stored. */
    apig_catalog_entry param_entry[] = {{"T.3", 400, longtext, APIG_DECORATE_PARAM}};
    c.entries = param_entry;
    apig_error e;
    char name[200];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    apig__error_fill(&e, &c, NULL, APIG_ERROR_RANGE, name, strlen(name), NULL, NULL, 0, NULL);
    assert_int_equal(strlen(e.param), APIG_CFG_PARAM_BYTES - 1);
    assert_string_equal(e.param + APIG_CFG_PARAM_BYTES - 4, "...");
    snprintf(want, sizeof want, "%s,param:%s.", longtext, e.param);
    assert_string_equal(msg_of(&e), want);
    apig__error_fill(&e, &c, NULL, APIG_ERROR_RANGE, "weight", 6, NULL, NULL, 0, NULL);
    snprintf(want, sizeof want, "%s,param:weight.", longtext);
    assert_string_equal(msg_of(&e), want);
    assert_string_equal(e.param, "weight");
}

/* The body an error came from may be gone, or hold something else, by the
 * time its message is read: the position was taken when it was recorded. */
static void messages_outlive_the_body(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    apig_error items[3];
    apig__errors list = {items, 3, 0};
    char body[64];
    strcpy(body, "{\n\n  \"a\": 01\n}");
    apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, body, strlen(body), 11,
                          "invalid number", true);
    char *heap = malloc(32);
    assert_non_null(heap);
    strcpy(heap, "[1,\n2,,]");
    apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, heap, strlen(heap), 6,
                          "unexpected character", true);
    apig__errors_add_place(&list, &c, NULL, APIG_ERROR_RANGE, heap + 5, 1, NULL, NULL, 0, -1, 0, NULL);
    memset(body, '\n', sizeof body); /* overwritten ... */
    memset(heap, '\n', 32);
    free(heap);                      /* ... and freed */
    assert_string_equal(msg_of(&items[0]), "Parse failed: invalid number at line 3, column 9");
    assert_string_equal(msg_of(&items[1]), "Parse failed: unexpected character at line 2, column 3");
    assert_string_equal(msg_of(&items[2]), "Out of range,param:,.");
    /* a copy of the error is a whole error */
    apig_error copy = items[0];
    memset(&items[0], 0, sizeof items[0]);
    assert_string_equal(msg_of(&copy), "Parse failed: invalid number at line 3, column 9");
    assert_string_equal(msg_of(&items[0]), ""); /* holds no error */
}

/* apig_error_message keeps the snprintf contract under every cap: the full
 * length always, a NUL only when the whole message fits, nothing at or past
 * buf[cap]. */
static void message_buffer_contract(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    apig_error items[3];
    apig__errors list = {items, 3, 0};
    const char body[] = "{\n  \"a\": 01\n}";
    apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, body, sizeof body - 1, 10,
                          "invalid number", true);
    apig__errors_add_place(&list, &c, NULL, APIG_ERROR_RANGE, "w\xC3\xA9ight", 7, NULL, NULL, 0, -1, 0, NULL);
    apig__error_fill(&items[2], &c, NULL, APIG_ERROR_ROUTE, NULL, 0, "abc", NULL, 0, NULL);
    for (size_t k = 0; k < 3; k++) {
        char whole[256];
        size_t len = apig_error_message(&items[k], whole, sizeof whole);
        assert_true(len > 0 && len < sizeof whole);
        assert_int_equal(strlen(whole), len);
        assert_int_equal(apig_error_message(&items[k], NULL, 0), len);
        assert_int_equal(apig_error_message(&items[k], NULL, 5), len); /* NULL: cap 0 */
        for (size_t cap = 0; cap <= len + 1; cap++) {
            char buf[300];
            memset(buf, '#', sizeof buf);
            assert_int_equal(apig_error_message(&items[k], buf + 8, cap), len);
            for (size_t i = 0; i < 8; i++)
                assert_int_equal(buf[i], '#');           /* before the buffer */
            for (size_t i = 8 + cap; i < sizeof buf; i++)
                assert_int_equal(buf[i], '#');           /* at and past buf[cap] */
            if (cap > len) {
                assert_string_equal(buf + 8, whole);     /* whole, NUL-terminated */
            } else {
                assert_memory_equal(buf + 8, whole, cap); /* a prefix, no NUL */
            }
        }
    }
    /* No error: "" (a NUL when there is room), result 0. */
    char buf[4] = "xyz";
    assert_int_equal(apig_error_message(NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    apig_error none;
    memset(&none, 0, sizeof none);
    strcpy(buf, "xyz");
    assert_int_equal(apig_error_message(&none, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(apig_error_message(&none, NULL, 0), 0);
}

static void field_overrides_win_over_catalog_defaults(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    uint8_t kinds[APIG_ERROR_KIND_COUNT];
    memcpy(kinds, c.kind_entry, sizeof kinds);
    kinds[APIG_ERROR_TOO_LONG] = 0;
    apig_field f = {0};
    f.name = "token";
    f.name_len = 5;
    f.kind_entry = kinds;
    apig_error e;
    apig__error_fill(&e, &c, &f, APIG_ERROR_TOO_LONG, NULL, 0, NULL, "", 0, NULL);
    assert_string_equal(e.code, "T.1");
    apig__error_fill(&e, &c, &f, APIG_ERROR_TOO_SHORT, NULL, 0, NULL, "", 0, NULL);
    assert_string_equal(e.code, "T.3");
    assert_string_equal(msg_of(&e), "Out of range,param:token.");
}

static void body_errors_carry_line_and_column(void **state)
{
    (void)state;
    apig_catalog c = make_catalog();
    apig_error items[2];
    apig__errors list = {items, 2, 0};
    const char body[] = "{\n  \"a\": 01\n}";
    assert_false(apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, body,
                                       sizeof body - 1, 10, "invalid number", true));
    assert_string_equal(msg_of(&items[0]), "Parse failed: invalid number at line 2, column 9");
    assert_string_equal(items[0].detail, "invalid number");
    assert_true(apig__errors_add_body(&list, &c, APIG_ERROR_SYNTAX, "", 0, 0,
                                      "unexpected end of JSON input", false));
    assert_string_equal(msg_of(&items[1]), "Parse failed: unexpected end of JSON input");
    assert_int_equal(list.count, 2);

    /* A list of capacity 0 stops at the first error and stores nothing. */
    apig__errors none = {NULL, 0, 0};
    assert_true(apig__errors_add_place(&none, &c, NULL, APIG_ERROR_RANGE, "w", 1, NULL, NULL, 0, -1, 0, NULL));
    assert_int_equal(none.count, 1);
}

static void line_column_counts_bytes_from_one(void **state)
{
    (void)state;
    size_t line, column;
    apig_offset_to_line_column("ab\ncd", 5, 4, &line, &column);
    assert_int_equal(line, 2);
    assert_int_equal(column, 2);
    apig_offset_to_line_column(NULL, 0, 7, &line, &column);
    assert_int_equal(line, 1);
    assert_int_equal(column, 1);
    apig_offset_to_line_column("a\n", 2, 99, &line, NULL);
    assert_int_equal(line, 2);
}

static uint32_t decode1(const char *s, size_t len, size_t *used)
{
    return apig__utf8_decode((const unsigned char *)s, len, used);
}

static void utf8_accepts_exactly_rfc3629(void **state)
{
    (void)state;
    size_t used;
    assert_int_equal(decode1("A", 1, &used), 'A');
    assert_int_equal(decode1("\xC2\x80", 2, &used), 0x80);
    assert_int_equal(used, 2);
    assert_int_equal(decode1("\xE4\xB8\x80", 3, &used), 0x4E00);
    assert_int_equal(decode1("\xF4\x8F\xBF\xBF", 4, &used), 0x10FFFF);
    assert_int_equal(used, 4);
    static const char *const bad[] = {
        "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80", /* overlong */
        "\xED\xA0\x80", "\xED\xBF\xBF",                             /* surrogates */
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80",     /* range, stray */
        "\xE4\xB8", "\xE4\x41\x80",                                 /* cut, bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(decode1(bad[i], strlen(bad[i]), &used), APIG__UTF8_BAD);
        assert_int_equal(used, 1);
    }
    char out[4];
    uint32_t samples[] = {0x24, 0xA2, 0x20AC, 0x4E00, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n = apig__utf8_encode(samples[i], out);
        assert_int_equal(decode1(out, n, &used), samples[i]);
        assert_int_equal(used, n);
    }
}

static const apig_char_range id_ranges[] = {{'-', '-'}, {'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}, {0x4E00, 0x9FA5}};
/* The ASCII bitmap the generator would write for these ranges. */
#define BIT(c) ((uint64_t)1 << ((c) & 63))
static const apig_charset id_set = {
    .name = "id",
    .ranges = id_ranges,
    .range_count = 6,
    .ascii = {BIT('-') | 0x03FF000000000000u, 0x07FFFFFE87FFFFFEu}};

static void charsets_hold_their_ranges_and_never_nul(void **state)
{
    (void)state;
    /* The bitmap and the ranges agree on every ASCII character. */
    for (uint32_t c = 1; c < 0x80; c++) {
        bool in_ranges = false;
        for (size_t i = 0; i < 6; i++)
            in_ranges = in_ranges || (c >= id_ranges[i].first && c <= id_ranges[i].last);
        assert_int_equal(apig__charset_has(&id_set, c), in_ranges);
    }
    assert_true(apig__charset_has(&id_set, '-'));
    assert_true(apig__charset_has(&id_set, 'z'));
    assert_true(apig__charset_has(&id_set, 0x4E00));
    assert_true(apig__charset_has(&id_set, 0x9FA5));
    assert_false(apig__charset_has(&id_set, 0x4DFF));
    assert_false(apig__charset_has(&id_set, 0x9FA6));
    assert_false(apig__charset_has(&id_set, '.'));
    assert_false(apig__charset_has(&id_set, ' '));
    assert_false(apig__charset_has(&id_set, 0));
    assert_true(apig__charset_has(NULL, 0x1F600));
    assert_false(apig__charset_has(NULL, 0));
}

static void integer_range_uses_schema_then_type_width(void **state)
{
    (void)state;
    apig_field f = {0};
    f.type = APIG_TYPE_INT32;
    f.has_minimum = f.has_maximum = 1;
    f.minimum = 0;
    f.maximum = 100;
    assert_int_equal(apig__check_integer(&f, 0), APIG_ERROR_NONE);
    assert_int_equal(apig__check_integer(&f, 100), APIG_ERROR_NONE);
    assert_int_equal(apig__check_integer(&f, 101), APIG_ERROR_RANGE);
    assert_int_equal(apig__check_integer(&f, -1), APIG_ERROR_RANGE);
    f.has_maximum = 0;
    assert_int_equal(apig__check_integer(&f, INT32_MAX), APIG_ERROR_NONE);
    assert_int_equal(apig__check_integer(&f, (int64_t)INT32_MAX + 1), APIG_ERROR_RANGE);
    f.type = APIG_TYPE_INT64;
    assert_int_equal(apig__check_integer(&f, INT64_MAX), APIG_ERROR_NONE);
}

static void strings_check_charset_then_length_then_format(void **state)
{
    (void)state;
    apig_field f = {0};
    f.type = APIG_TYPE_STRING;
    f.min_length = 1;
    f.max_length = 3;
    f.charset = &id_set;
    size_t chars;
    assert_int_equal(apig__check_string(&f, "\xE4\xB8\x80\xE9\xBE\xA5z", 7, &chars), APIG_ERROR_NONE);
    assert_int_equal(chars, 3);
    assert_int_equal(apig__check_string(&f, "abcd", 4, &chars), APIG_ERROR_TOO_LONG);
    assert_int_equal(apig__check_string(&f, "", 0, &chars), APIG_ERROR_TOO_SHORT);
    assert_int_equal(apig__check_string(&f, "a.bcd", 5, &chars), APIG_ERROR_CHARSET);
    assert_int_equal(apig__check_string(&f, "\xC3\xA9", 2, &chars), APIG_ERROR_CHARSET);
    assert_int_equal(apig__check_string(&f, "\xE4\xB8", 2, &chars), APIG_ERROR_CHARSET);
    f.charset = NULL;
    f.max_length = 0;
    f.format = APIG_FORMAT_DATE_TIME;
    assert_int_equal(apig__check_string(&f, "2020-07-23T09:13:24Z", 20, &chars), APIG_ERROR_NONE);
    assert_int_equal(apig__check_string(&f, "2020-07-23 09:13:24", 19, &chars), APIG_ERROR_FORMAT);
}

static void ip_literals(void **state)
{
    (void)state;
    static const char *const good[] = {
        "192.168.2.25", "0.0.0.0", "255.255.255.255", "::", "::1", "1::",
        "fe80::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "2001:DB8::abcd", "1::2:3"};
    static const char *const bad[] = {
        "", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.4 ",
        " 1.2.3.4", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1:",
        ":1", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3",
        "g::1", "1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8", "localhost", "1.2.3.-4"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!apig__is_ip_address(good[i], strlen(good[i])))
            fail_msg("rejected %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (apig__is_ip_address(bad[i], strlen(bad[i])))
            fail_msg("accepted %s", bad[i]);
}

/* RFC 3339 date-time (rules.c): fractions of 1..9 digits, Z or an offset,
 * 'T' and 'Z' in either case, a real date, a leap second; nothing else. */
static void date_times_need_a_real_date(void **state)
{
    (void)state;
    static const char *const good[] = {
        "2020-07-23T09:13:24Z", "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z",
        "1999-12-31T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2020-07-23T09:13:24.859893549Z", "2020-07-23T09:13:24.8Z",
        "2020-07-23T15:24:34+08:00", "2020-07-23T15:24:34-08:00",
        "2020-07-23T15:24:34+23:59", "2020-07-23T15:24:34-00:00", "2020-07-23T15:24:34+00:00",
        "2016-12-31T23:59:60Z",              /* a leap second */
        "2020-01-01T00:00:60.5+01:00",
        "2020-07-23t09:13:24z", "2020-07-23t09:13:24Z", "2020-07-23T09:13:24z",
        "2020-07-23T09:13:24.123456789+08:00", /* 35 characters, the longest */
        "2020-07-23T09:13:24.000000000-23:59"};
    static const char *const bad[] = {
        "2020-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2020-13-01T00:00:00Z", "2020-00-01T00:00:00Z", "2020-01-00T00:00:00Z",
        "2020-01-32T00:00:00Z", "2020-04-31T00:00:00Z", "2020-01-01T24:00:00Z",
        "2020-01-01T00:60:00Z", "2020-01-01T00:00:61Z", "2020-01-01T00:00:00",
        "2020-01-01 00:00:00Z", "2020-1-01T00:00:00Z", "2020-07-23T09:13:24.Z",
        "2020-07-23T09:13:24.1234567890Z",   /* 10 fraction digits */
        "2020-07-23T09:13:24,5Z", "2020-07-23T09:13:24+24:00", "2020-07-23T09:13:24+08:60",
        "2020-07-23T09:13:24+0800", "2020-07-23T09:13:24+08", "2020-07-23T09:13:24+8:00",
        "2020-07-23T09:13:24+08:00Z", "2020-07-23T09:13:24Z+08:00", "2020-07-23T09:13:24ZZ",
        "2020-07-23T09:13:24 Z", " 2020-07-23T09:13:24Z", "2020-07-23T09:13:24Z ",
        "2020-07-23T09:13Z", "2020-07-23", "20200723T091324Z", "+2020-07-23T09:13:24Z",
        "2020-07-23T09:13:24.5", "2020-07-23T09:13:24.5+", "2020-07-23T09:13:24.5-08:0",
        "2020-07-23X09:13:24Z", "", "Z"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!apig__is_date_time(good[i], strlen(good[i])))
            fail_msg("rejected %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (apig__is_date_time(bad[i], strlen(bad[i])))
            fail_msg("accepted %s", bad[i]);
    /* the length is the caller's: no NUL is looked for */
    assert_true(apig__is_date_time("2020-07-23T09:13:24Zjunk", 20));
    assert_false(apig__is_date_time("2020-07-23T09:13:24Zjunk", 19));
}

static void context_conditions_switch_rules_on(void **state)
{
    (void)state;
    static const apig_condition when[] = {
        {0, 0, APIG_WHEN_REQUIRE, 0},
        {0, 0, APIG_WHEN_FORMAT, APIG_FORMAT_IP_ADDRESS},
    };
    apig_field f = {0};
    f.conditions = when;
    f.condition_count = 2;
    apig_context ctx;
    for (int i = 0; i < APIG_CONTEXT_KEYS_MAX; i++)
        ctx.values[i] = APIG_CONTEXT_UNSET;
    assert_false(apig__field_required(&f, NULL));
    assert_false(apig__field_required(&f, &ctx));
    assert_int_equal(apig__context_format(&f, &ctx), APIG_FORMAT_NONE);
    ctx.values[0] = 1;
    assert_false(apig__field_required(&f, &ctx));
    ctx.values[0] = 0;
    assert_true(apig__field_required(&f, &ctx));
    assert_int_equal(apig__context_format(&f, &ctx), APIG_FORMAT_IP_ADDRESS);
    f.required = 1;
    assert_true(apig__field_required(&f, NULL));
}

static void kind_names_come_from_one_list(void **state)
{
    (void)state;
    assert_string_equal(apig_error_kind_keyword(APIG_ERROR_RANGE), "range");
    assert_string_equal(apig_error_kind_keyword(APIG_ERROR_TOO_LONG), "max_length");
    assert_null(apig_error_kind_keyword(APIG_ERROR_NONE));
    assert_null(apig_error_kind_keyword(APIG_ERROR_KIND_COUNT));
    assert_null(apig_error_kind_text((apig_error_kind)999));
    for (int k = 1; k < APIG_ERROR_KIND_COUNT; k++)
        assert_non_null(apig_error_kind_text((apig_error_kind)k));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writer_counts_past_cap_and_never_overruns),
        cmocka_unit_test(u64_digits_match_printf),
        cmocka_unit_test(paths_nest_and_truncate),
        cmocka_unit_test(clips_cut_between_characters),
        cmocka_unit_test(errors_take_the_path_of_their_place),
        cmocka_unit_test(messages_are_whole),
        cmocka_unit_test(messages_outlive_the_body),
        cmocka_unit_test(message_buffer_contract),
        cmocka_unit_test(errors_are_formatted_from_the_catalog),
        cmocka_unit_test(field_overrides_win_over_catalog_defaults),
        cmocka_unit_test(body_errors_carry_line_and_column),
        cmocka_unit_test(line_column_counts_bytes_from_one),
        cmocka_unit_test(utf8_accepts_exactly_rfc3629),
        cmocka_unit_test(charsets_hold_their_ranges_and_never_nul),
        cmocka_unit_test(integer_range_uses_schema_then_type_width),
        cmocka_unit_test(strings_check_charset_then_length_then_format),
        cmocka_unit_test(ip_literals),
        cmocka_unit_test(date_times_need_a_real_date),
        cmocka_unit_test(context_conditions_switch_rules_on),
        cmocka_unit_test(kind_names_come_from_one_list),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
