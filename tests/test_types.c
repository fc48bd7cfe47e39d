/* SPDX-License-Identifier: MIT */
/*
 * test_types.c - the field types the bundled schema lacks, end to end, on
 * the tables generated from tests/schemas/typed.yaml (built into this test
 * alone, never into libapig): an enum string, an enum list (x-separator),
 * booleans, int64 with limits, nested objects and arrays of strings with
 * item rules (an enum with its own separator among them).
 *
 * For each: what the generator wrote, decode accept/reject with the exact
 * kind, APIG code, parameterName, path and offset, validate on hand-filled
 * structs, encode byte for byte (compact, pretty, ASCII), the ENCODED_MAX
 * bound as a true upper bound, and decode(encode(x)) == x on generated
 * structs in every style.
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
#include "core/core.h" /* apig__utf8_encode, apig__utf8_decode */
#include "error_text.h"
#include "worst_case.h"
#include "typed.h"

#define OP (&typed_send_op)
#define MSG (&typed_thing_desc)

static const unsigned all_styles[4] = {
    APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
    APIG_STYLE_PRETTY | APIG_STYLE_ASCII};

static apig_token toks[TYPED_MAX_TOKENS];
static typed_thing thing;
static apig_error errs[16];
static size_t nerr;

/* ---- helpers ----------------------------------------------------------- */

static const apig_field *field(const apig_message *m, const char *name)
{
    int i = m->lookup(name, strlen(name));
    assert_true(i >= 0 && (uint32_t)i < m->field_count);
    return &m->fields[i];
}

static const apig_catalog_entry *catalog_entry(const char *code)
{
    const apig_catalog *c = OP->catalog;
    for (uint32_t i = 0; i < c->entry_count; i++)
        if (strcmp(c->entries[i].code, code) == 0)
            return &c->entries[i];
    fail_msg("no catalog entry %s", code);
    return NULL;
}

static size_t decode_opts(const char *body, unsigned options)
{
    apig_decoder d;
    apig_decoder_init(&d, toks, TYPED_MAX_TOKENS, errs, sizeof errs / sizeof errs[0]);
    d.options = options;
    memset(errs, 0, sizeof errs);
    nerr = typed_thing_decode(&d, body, strlen(body), &thing);
    for (size_t i = 0; i < nerr && i < sizeof errs / sizeof errs[0]; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static size_t decode(const char *body) { return decode_opts(body, 0); }

static void dump(int line)
{
    print_error("line %d: %zu error(s)\n", line, nerr);
    for (size_t i = 0; i < nerr && i < sizeof errs / sizeof errs[0]; i++)
        print_error("  [%zu] %s %s path=%s @%zu param=%s: %s\n", i,
                    apig_error_kind_keyword(errs[i].kind), errs[i].code ? errs[i].code : "-",
                    errs[i].path, errs[i].offset, errs[i].param, msg_of(&errs[i]));
}

/* e is kind/code at path, naming param; offset -1: not checked. */
static void check_error(int line, const apig_error *e, apig_error_kind kind, const char *code,
                        const char *param, const char *path, long offset)
{
    char want[512] = "";
    const apig_catalog_entry *ce = catalog_entry(code);
    const char *m = ce->message;
    bool decorated = ce->decoration == APIG_DECORATE_PARAM;
    if (decorated)
        snprintf(want, sizeof want,
                 "%s,parameterName:%s. Please refer to the support documentation", m, param);
    bool ok = e->kind == kind && e->code && strcmp(e->code, code) == 0 &&
              e->status == ce->status &&
              strcmp(e->path, path) == 0 && strcmp(e->param, decorated ? param : "") == 0 &&
              (offset < 0 || e->offset == (size_t)offset) &&
              (decorated ? strcmp(msg_of(e), want) == 0 : strncmp(msg_of(e), m, strlen(m)) == 0);
    if (!ok) {
        dump(line);
        fail_msg("line %d: want %s %s param=%s path=%s @%ld", line,
                 apig_error_kind_keyword(kind), code, param, path, offset);
    }
}

/* The body is rejected: its first error is as given, and the struct is
 * left absent. */
static void reject(int line, const char *body, apig_error_kind kind, const char *code,
                   const char *param, const char *path, long offset)
{
    if (decode(body) == 0) {
        dump(line);
        fail_msg("line %d: accepted, wanted %s", line, code);
    }
    check_error(line, &errs[0], kind, code, param, path, offset);
    assert_false(thing.has_mode || thing.has_enabled || thing.has_tags || thing.has_inner ||
                 thing.has_big || thing.has_levels || thing.has_precise_search);
    assert_int_equal(thing.tags_count, 0);
    assert_int_equal(thing.levels_count, 0);
}
#define REJECT(body, kind, code, param, path, offset) \
    reject(__LINE__, body, APIG_ERROR_##kind, code, param, path, offset)

static void accept(int line, const char *body)
{
    if (decode(body) != 0) {
        dump(line);
        fail_msg("line %d: rejected: %s", line, body);
    }
}
#define ACCEPT(body) accept(__LINE__, body)

/* The offset of the n-th (1-based) occurrence of `what` in body. */
static long at(const char *body, const char *what, int n)
{
    const char *p = body;
    for (int i = 0; i < n; i++) {
        p = strstr(i ? p + 1 : p, what);
        assert_non_null(p);
    }
    return (long)(p - body);
}

/* A valid struct: every field present. */
static void fill_valid(typed_thing *t)
{
    memset(t, 0, sizeof *t);
    t->has_mode = true;
    strcpy(t->mode, "careful");
    t->has_precise_search = true;
    strcpy(t->precise_search, "name,member_group_name");
    t->has_enabled = true;
    t->enabled = true;
    t->has_big = true;
    t->big = -5000000000;
    t->has_inner = true;
    t->inner.has_flag = true;
    t->inner.flag = false;
    t->inner.has_label = true;
    strcpy(t->inner.label, "ab_c");
    t->inner.has_leaf = true;
    t->inner.leaf.has_count = true;
    t->inner.leaf.count = 9000000000;
    t->has_tags = true;
    t->tags_count = 3;
    strcpy(t->tags[0], "web");
    strcpy(t->tags[1], "db-01");
    strcpy(t->tags[2], "\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93"); /* 数据库 */
    t->has_levels = true;
    t->levels_count = 2;
    strcpy(t->levels[0], "low+high");
    strcpy(t->levels[1], "high");
}

static size_t validate(const typed_thing *t)
{
    memset(errs, 0, sizeof errs);
    apig_decoder d;
    apig_decoder_init(&d, NULL, 0, errs, sizeof errs / sizeof errs[0]);
    nerr = typed_thing_validate(&d, t);
    for (size_t i = 0; i < nerr && i < sizeof errs / sizeof errs[0]; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static void invalid(int line, const typed_thing *t, apig_error_kind kind, const char *code,
                    const char *param, const char *path)
{
    if (validate(t) == 0)
        fail_msg("line %d: validated, wanted %s", line, code);
    check_error(line, &errs[0], kind, code, param, path, 0);
    /* The encoder refuses it with the same error. */
    apig_error e;
    char buf[64];
    assert_int_equal(typed_thing_encode(t, APIG_STYLE_COMPACT, buf, sizeof buf, &e),
                     APIG_ENCODE_INVALID);
    check_error(line, &e, kind, code, param, path, 0);
}
#define INVALID(t, kind, code, param, path) invalid(__LINE__, t, APIG_ERROR_##kind, code, param, path)

static char *encode_alloc(const typed_thing *t, unsigned style, size_t *len)
{
    apig_error e;
    size_t n = typed_thing_encode(t, style, NULL, 0, &e);
    if (n == APIG_ENCODE_INVALID)
        fail_msg("refused: %s %s %s", e.code, e.path, msg_of(&e));
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    assert_int_equal(typed_thing_encode(t, style, buf, n + 1, &e), n);
    assert_int_equal(buf[n], '\0');
    *len = n;
    return buf;
}

static void expect_encoding(const typed_thing *t, unsigned style, const char *want)
{
    size_t n;
    char *got = encode_alloc(t, style, &n);
    if (n != strlen(want) || memcmp(got, want, n) != 0)
        fail_msg("style %u:\n got: %s\nwant: %s", style, got, want);
    free(got);
}

/* ---- the generated tables ------------------------------------------------ */

static void test_tables(void **state)
{
    (void)state;
    const apig_field *mode = field(MSG, "mode");
    assert_int_equal(mode->type, APIG_TYPE_STRING);
    assert_int_equal(mode->enum_count, 3);
    assert_string_equal(mode->enum_values[0], "fast");
    assert_string_equal(mode->enum_values[2], "careful");
    assert_int_equal(mode->separator, 0);
    assert_null(mode->item);

    const apig_field *ps = field(MSG, "precise_search");
    assert_int_equal(ps->enum_count, 3);
    assert_string_equal(ps->enum_values[1], "member_group_name");
    assert_int_equal(ps->separator, ',');

    const apig_field *en = field(MSG, "enabled");
    assert_int_equal(en->type, APIG_TYPE_BOOL);
    assert_int_equal(en->offset, offsetof(typed_thing, enabled));
    assert_int_equal(en->has_offset, offsetof(typed_thing, has_enabled));
    assert_int_equal(sizeof thing.enabled, sizeof(bool));
    assert_int_equal(en->enum_count, 0);
    assert_null(en->enum_values);

    const apig_field *big = field(MSG, "big");
    assert_int_equal(big->type, APIG_TYPE_INT64);
    assert_true(big->has_minimum && big->has_maximum);
    assert_true(big->minimum == -5000000000);
    assert_true(big->maximum == 9000000000000000000);
    assert_int_equal(sizeof thing.big, sizeof(int64_t));

    const apig_field *in = field(MSG, "inner");
    assert_int_equal(in->type, APIG_TYPE_OBJECT);
    assert_ptr_equal(in->message, &typed_inner_desc);
    assert_int_equal(in->item_size, sizeof(typed_inner));
    assert_ptr_equal(field(&typed_inner_desc, "leaf")->message, &typed_leaf_desc);
    assert_int_equal(field(&typed_inner_desc, "flag")->type, APIG_TYPE_BOOL);
    assert_int_equal(field(&typed_inner_desc, "flag")->required, 1);

    const apig_field *tags = field(MSG, "tags");
    assert_int_equal(tags->type, APIG_TYPE_ARRAY);
    assert_null(tags->message);
    assert_non_null(tags->item);
    assert_int_equal(tags->capacity, 3);
    assert_int_equal(TYPED_THING_TAGS_MAX, 3);
    assert_int_equal(tags->min_length, 1);
    assert_int_equal(tags->count_offset, offsetof(typed_thing, tags_count));
    assert_int_equal(tags->offset, offsetof(typed_thing, tags));
    /* 6 characters of a set up to U+9FA5: 3 bytes each, + NUL */
    assert_int_equal(TYPED_THING_TAGS_SIZE, 19);
    assert_int_equal(tags->item_size, 19);
    assert_int_equal(sizeof thing.tags, 3 * 19);
    assert_int_equal(sizeof thing.tags[0], 19);
    const apig_field *ti = tags->item;
    assert_int_equal(ti->type, APIG_TYPE_STRING);
    assert_int_equal(ti->capacity, 19);
    assert_int_equal(ti->min_length, 2);
    assert_int_equal(ti->max_length, 6);
    assert_string_equal(ti->charset->name, "tag");
    assert_int_equal(ti->offset, 0);
    assert_ptr_equal(ti->kind_entry, tags->kind_entry);

    /* levels' items: an enum list of their own, the array's x-errors */
    const apig_field *lv = field(MSG, "levels");
    assert_int_equal(lv->min_length, 0);
    assert_int_equal(lv->item->enum_count, 2);
    assert_int_equal(lv->item->separator, '+');
    assert_null(lv->item->charset);
    assert_int_equal(TYPED_THING_LEVELS_SIZE, 8 * 4 + 1);
    assert_ptr_equal(lv->item->kind_entry, lv->kind_entry);
    assert_ptr_not_equal(lv->kind_entry, OP->catalog->kind_entry);
    assert_string_equal(OP->catalog->entries[lv->kind_entry[APIG_ERROR_ENUM]].code, "APIG.2004");
    assert_string_equal(OP->catalog->entries[mode->kind_entry[APIG_ERROR_ENUM]].code, "APIG.2013");
    assert_string_equal(apig_error_kind_keyword(APIG_ERROR_ENUM), "enum");
    assert_string_equal(apig_error_kind_text(APIG_ERROR_ENUM),
                        "value is not one of the allowed values");
}

/* ---- decode ----------------------------------------------------------------- */

static const char every_type[] =
    "{\"mode\":\"careful\",\"precise_search\":\"name,member_group_name\",\"enabled\":true,"
    "\"big\":-5000000000,\"inner\":{\"flag\":false,\"label\":\"ab_c\",\"leaf\":{\"count\":"
    "9000000000}},\"tags\":[\"web\",\"db-01\",\"\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93\"],"
    "\"levels\":[\"low+high\",\"high\"]}";

static void test_decode_every_type(void **state)
{
    (void)state;
    ACCEPT(every_type);
    typed_thing want;
    fill_valid(&want);
    assert_true(thing.has_mode && strcmp(thing.mode, "careful") == 0);
    assert_string_equal(thing.precise_search, "name,member_group_name");
    assert_true(thing.has_enabled && thing.enabled);
    assert_true(thing.has_big && thing.big == -5000000000);
    assert_true(thing.has_inner && thing.inner.has_flag && !thing.inner.flag);
    assert_string_equal(thing.inner.label, "ab_c");
    assert_true(thing.inner.has_leaf && thing.inner.leaf.count == 9000000000);
    assert_true(thing.has_tags);
    assert_int_equal(thing.tags_count, 3);
    assert_string_equal(thing.tags[1], "db-01");
    assert_string_equal(thing.tags[2], want.tags[2]);
    assert_int_equal(thing.levels_count, 2);
    assert_string_equal(thing.levels[0], "low+high");

    /* Only the required field; null is absent. */
    ACCEPT("{\"mode\":\"fast\",\"enabled\":null,\"tags\":null,\"inner\":null}");
    assert_false(thing.has_enabled || thing.has_tags || thing.has_inner);
    assert_false(thing.enabled);
    assert_int_equal(thing.tags_count, 0);

    /* The document's example (x-examples) decodes. */
    const apig_example *ex = &typed_examples.items[0];
    assert_ptr_equal(ex->message, MSG);
    apig_decoder d;
    apig_decoder_init(&d, toks, TYPED_MAX_TOKENS, errs, 1);
    assert_int_equal(apig_decode(&d, MSG, ex->body, ex->body_len, &thing), 0);
}

static void test_decode_enum(void **state)
{
    (void)state;
    ACCEPT("{\"mode\":\"fast\"}");
    ACCEPT("{\"mode\":\"slow\"}");
    ACCEPT("{\"mode\":\"car\\u0065ful\"}"); /* compared after unescaping */
    REJECT("{\"mode\":\"fas\"}", ENUM, "APIG.2013", "mode", "mode", 8);
    REJECT("{\"mode\":\"faster\"}", ENUM, "APIG.2013", "mode", "mode", 8);
    REJECT("{\"mode\":\"\"}", ENUM, "APIG.2013", "mode", "mode", 8);
    /* The field's own rules come first: the set, then the length. */
    REJECT("{\"mode\":\"Fast\"}", CHARSET, "APIG.2012", "mode", "mode", 8);
    REJECT("{\"mode\":\"fast,slow\"}", CHARSET, "APIG.2012", "mode", "mode", 8);
    REJECT("{\"mode\":\"carefully\"}", TOO_LONG, "APIG.2006", "mode", "mode", 8);
    REJECT("{\"mode\":1}", TYPE, "APIG.2012", "mode", "mode", 8);
    REJECT("{}", REQUIRED, "APIG.2001", "mode", "mode", 1);
}

static void test_decode_enum_list(void **state)
{
    (void)state;
    static const char *const good[] = {
        "name", "id", "member_group_name", "name,member_group_name", "id,name,id",
        "member_group_name,name,id"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"mode\":\"fast\",\"precise_search\":\"%s\"}", good[i]);
        ACCEPT(body);
        assert_string_equal(thing.precise_search, good[i]);
    }
    static const char *const bad[] = {"name,foo", "name,", ",name", "", ",", "name,,id",
                                      "foo", "names", "name,na"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"mode\":\"fast\",\"precise_search\":\"%s\"}", bad[i]);
        REJECT(body, ENUM, "APIG.2013", "precise_search", "precise_search", 32);
    }
    /* A separator outside the set is a charset error before the enum. */
    REJECT("{\"mode\":\"fast\",\"precise_search\":\"name;id\"}", CHARSET, "APIG.2012",
           "precise_search", "precise_search", 32);
    REJECT("{\"mode\":\"fast\",\"precise_search\":\"name, id\"}", CHARSET, "APIG.2012",
           "precise_search", "precise_search", 32);
}

static void test_decode_bool(void **state)
{
    (void)state;
    ACCEPT("{\"mode\":\"fast\",\"enabled\":true}");
    assert_true(thing.has_enabled && thing.enabled);
    ACCEPT("{\"mode\":\"fast\",\"enabled\":false}");
    assert_true(thing.has_enabled && !thing.enabled);
    static const char *const bad[] = {"\"true\"", "1", "0", "{}", "[]", "\"\"", "-1.5e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"mode\":\"fast\",\"enabled\":%s}", bad[i]);
        REJECT(body, TYPE, "APIG.2012", "enabled", "enabled", 25);
    }
    /* Only the JSON literals: anything else is not JSON at all. */
    REJECT("{\"mode\":\"fast\",\"enabled\":True}", SYNTAX, "APIG.2000", "", "", -1);
    REJECT("{\"mode\":\"fast\",\"enabled\":tru}", SYNTAX, "APIG.2000", "", "", -1);
    /* Other types refuse booleans. */
    REJECT("{\"mode\":true}", TYPE, "APIG.2012", "mode", "mode", 8);
    REJECT("{\"mode\":\"fast\",\"big\":false}", TYPE, "APIG.2012", "big", "big", 21);
    REJECT("{\"mode\":\"fast\",\"tags\":[true]}", TYPE, "APIG.2012", "tags", "tags[0]", 23);
    REJECT("{\"mode\":\"fast\",\"inner\":true}", TYPE, "APIG.2012", "inner", "inner", 23);
    /* A repeated boolean is a duplicate, at its second key. */
    REJECT("{\"mode\":\"fast\",\"enabled\":true,\"enabled\":false}", DUPLICATE, "APIG.2012",
           "enabled", "enabled", 30);
}

static void test_decode_int64(void **state)
{
    (void)state;
    ACCEPT("{\"mode\":\"fast\",\"big\":-5000000000}");
    assert_true(thing.big == -5000000000);
    ACCEPT("{\"mode\":\"fast\",\"big\":9000000000000000000}");
    assert_true(thing.big == 9000000000000000000);
    ACCEPT("{\"mode\":\"fast\",\"big\":-0}");
    assert_true(thing.has_big && thing.big == 0);
    static const char *const range[] = {"-5000000001", "9000000000000000001",
                                        "9223372036854775807", "9223372036854775808",
                                        "-9223372036854775809", "100000000000000000000000"};
    for (size_t i = 0; i < sizeof range / sizeof range[0]; i++) {
        char body[128];
        snprintf(body, sizeof body, "{\"mode\":\"fast\",\"big\":%s}", range[i]);
        REJECT(body, RANGE, "APIG.2004", "big", "big", 21);
    }
    REJECT("{\"mode\":\"fast\",\"big\":1.5}", NOT_INTEGER, "APIG.2012", "big", "big", 21);
    REJECT("{\"mode\":\"fast\",\"big\":1e3}", NOT_INTEGER, "APIG.2012", "big", "big", 21);
    REJECT("{\"mode\":\"fast\",\"big\":\"1\"}", TYPE, "APIG.2012", "big", "big", 21);
    /* Without limits an int64 takes its whole width. */
    ACCEPT("{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"leaf\":{\"count\":9223372036854775807}}}");
    assert_true(thing.inner.leaf.count == INT64_MAX);
}

static void test_decode_nested(void **state)
{
    (void)state;
    const char *b = "{\"mode\":\"fast\",\"inner\":{\"label\":\"x\"}}";
    REJECT(b, REQUIRED, "APIG.2001", "flag", "inner.flag", at(b, "}", 1));
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"label\":\"X\"}}";
    REJECT(b, CHARSET, "APIG.2012", "label", "inner.label", at(b, "\"X\"", 1));
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"label\":\"\"}}";
    REJECT(b, TOO_SHORT, "APIG.2005", "label", "inner.label", at(b, "\"\"", 1));
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"leaf\":{\"count\":-1}}}";
    REJECT(b, RANGE, "APIG.2004", "count", "inner.leaf.count", at(b, "-1", 1));
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"leaf\":{\"count\":1,\"count\":2}}}";
    REJECT(b, DUPLICATE, "APIG.2012", "count", "inner.leaf.count", at(b, "\"count\"", 2));
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":1}}";
    REJECT(b, TYPE, "APIG.2012", "flag", "inner.flag", at(b, "1", 1));
    REJECT("{\"mode\":\"fast\",\"inner\":[]}", TYPE, "APIG.2012", "inner", "inner", 23);
    /* Unknown keys inside, when refused, are named by their path. */
    b = "{\"mode\":\"fast\",\"inner\":{\"flag\":true,\"leaf\":{\"other\":1}}}";
    ACCEPT(b);
    assert_true(decode_opts(b, APIG_OPT_REJECT_UNKNOWN) > 0);
    check_error(__LINE__, &errs[0], APIG_ERROR_UNKNOWN_FIELD, "APIG.2012", "other",
                "inner.leaf.other", at(b, "\"other\"", 1));
    /* Errors come in body order, across levels. */
    b = "{\"mode\":\"x\",\"inner\":{\"label\":\"Y\",\"leaf\":{\"count\":-2}},\"enabled\":0}";
    assert_int_equal(decode(b), 5);
    check_error(__LINE__, &errs[0], APIG_ERROR_ENUM, "APIG.2013", "mode", "mode", 8);
    check_error(__LINE__, &errs[1], APIG_ERROR_CHARSET, "APIG.2012", "label", "inner.label", -1);
    check_error(__LINE__, &errs[2], APIG_ERROR_RANGE, "APIG.2004", "count", "inner.leaf.count", -1);
    check_error(__LINE__, &errs[3], APIG_ERROR_REQUIRED, "APIG.2001", "flag", "inner.flag", -1);
    check_error(__LINE__, &errs[4], APIG_ERROR_TYPE, "APIG.2012", "enabled", "enabled", -1);
}

static void test_decode_string_array(void **state)
{
    (void)state;
    ACCEPT("{\"mode\":\"fast\",\"tags\":[\"ab\"]}");
    assert_int_equal(thing.tags_count, 1);
    ACCEPT("{\"mode\":\"fast\",\"tags\":[\"abcdef\",\"\\u6570\\u636e\",\"a-1\"]}");
    assert_int_equal(thing.tags_count, 3);
    assert_string_equal(thing.tags[1], "\xE6\x95\xB0\xE6\x8D\xAE");
    /* six of the widest characters fill an item */
    ACCEPT("{\"mode\":\"fast\",\"tags\":[\"\xE9\xBE\xA5\xE9\xBE\xA5\xE9\xBE\xA5\xE9\xBE\xA5"
           "\xE9\xBE\xA5\xE9\xBE\xA5\"]}");
    assert_int_equal(strlen(thing.tags[0]), 18);

    const char *b = "{\"mode\":\"fast\",\"tags\":[]}";
    REJECT(b, MIN_ITEMS, "APIG.2001", "tags", "tags", 22);
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",\"c\"]}";
    REJECT(b, TOO_SHORT, "APIG.2005", "tags", "tags[1]", at(b, "\"c\"", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",\"cd\",\"abcdefg\"]}";
    REJECT(b, TOO_LONG, "APIG.2006", "tags", "tags[2]", at(b, "\"abcdefg\"", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",\"c_d\"]}";
    REJECT(b, CHARSET, "APIG.2012", "tags", "tags[1]", at(b, "\"c_d\"", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",\"cd\",\"ef\",\"gh\"]}";
    REJECT(b, CAPACITY, "APIG.3110", "tags", "tags[3]", at(b, "\"gh\"", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",null]}";
    REJECT(b, TYPE, "APIG.2012", "tags", "tags[1]", at(b, "null", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",[\"cd\"]]}";
    REJECT(b, TYPE, "APIG.2012", "tags", "tags[1]", at(b, "[\"cd", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",{\"x\":1}]}";
    REJECT(b, TYPE, "APIG.2012", "tags", "tags[1]", at(b, "{\"x", 1));
    REJECT("{\"mode\":\"fast\",\"tags\":\"ab\"}", TYPE, "APIG.2012", "tags", "tags", 22);
    /* A malformed string in an item is the syntax error, even after a rule
     * error earlier in the body. */
    b = "{\"mode\":\"faster\",\"tags\":[\"ab\",\"c\x01\"]}";
    REJECT(b, SYNTAX, "APIG.2000", "", "", at(b, "\x01", 1));
    b = "{\"mode\":\"fast\",\"tags\":[\"ab\",\"c\\q\"]}";
    REJECT(b, SYNTAX, "APIG.2000", "", "", at(b, "\\q", 1));

    /* Items of an enum list: each item a list of its own, the array's codes. */
    ACCEPT("{\"mode\":\"fast\",\"levels\":[\"low\",\"high+low\"]}");
    assert_int_equal(thing.levels_count, 2);
    assert_string_equal(thing.levels[1], "high+low");
    ACCEPT("{\"mode\":\"fast\",\"levels\":[]}"); /* minItems 0 */
    b = "{\"mode\":\"fast\",\"levels\":[\"low\",\"mid\"]}";
    REJECT(b, ENUM, "APIG.2004", "levels", "levels[1]", at(b, "\"mid\"", 1));
    b = "{\"mode\":\"fast\",\"levels\":[\"low+\"]}";
    REJECT(b, ENUM, "APIG.2004", "levels", "levels[0]", at(b, "\"low+\"", 1));
    b = "{\"mode\":\"fast\",\"levels\":[\"low+high+low\"]}"; /* 12 characters: too long */
    REJECT(b, TOO_LONG, "APIG.2006", "levels", "levels[0]", at(b, "\"low+", 1));

    /* Every item error is reported, in order. */
    b = "{\"mode\":\"fast\",\"tags\":[\"a\",\"ok\",\"B\"],\"levels\":[\"x\",\"y\"]}";
    assert_int_equal(decode(b), 4);
    check_error(__LINE__, &errs[0], APIG_ERROR_TOO_SHORT, "APIG.2005", "tags", "tags[0]", -1);
    check_error(__LINE__, &errs[1], APIG_ERROR_CHARSET, "APIG.2012", "tags", "tags[2]", -1);
    check_error(__LINE__, &errs[2], APIG_ERROR_ENUM, "APIG.2004", "levels", "levels[0]", -1);
    check_error(__LINE__, &errs[3], APIG_ERROR_ENUM, "APIG.2004", "levels", "levels[1]", -1);
    assert_int_equal(errs[2].offset, (size_t)at(b, "\"x\"", 1));
}

/* A rejected body leaves every new kind of member absent. */
static void test_rejected_is_absent(void **state)
{
    (void)state;
    fill_valid(&thing);
    const char *b = "{\"mode\":\"fast\",\"enabled\":true,\"inner\":{\"flag\":true,\"leaf\":"
                    "{\"count\":5}},\"tags\":[\"ab\",\"cd\"],\"big\":-5000000001}";
    assert_int_equal(decode(b), 1);
    assert_false(thing.has_enabled || thing.enabled);
    assert_false(thing.has_inner || thing.inner.has_flag || thing.inner.flag);
    assert_false(thing.inner.has_leaf || thing.inner.leaf.has_count);
    assert_true(thing.inner.leaf.count == 0);
    assert_false(thing.has_tags);
    assert_int_equal(thing.tags_count, 0);
    assert_true(thing.big == 0);
    assert_string_equal(thing.mode, "");
}

/* ---- validate --------------------------------------------------------------------- */

static void test_validate(void **state)
{
    (void)state;
    typed_thing t;
    fill_valid(&t);
    assert_int_equal(validate(&t), 0);

    fill_valid(&t);
    strcpy(t.mode, "quick");
    INVALID(&t, ENUM, "APIG.2013", "mode", "mode");
    fill_valid(&t);
    strcpy(t.mode, "Fast");
    INVALID(&t, CHARSET, "APIG.2012", "mode", "mode");
    fill_valid(&t);
    strcpy(t.precise_search, "name,");
    INVALID(&t, ENUM, "APIG.2013", "precise_search", "precise_search");
    fill_valid(&t);
    strcpy(t.precise_search, "id,name,foo");
    INVALID(&t, ENUM, "APIG.2013", "precise_search", "precise_search");

    /* A bool holding bytes that are neither true nor false. */
    fill_valid(&t);
    memset(&t.enabled, 2, sizeof t.enabled);
    INVALID(&t, TYPE, "APIG.2012", "enabled", "enabled");
    fill_valid(&t);
    memset(&t.inner.flag, 0xFF, sizeof t.inner.flag);
    INVALID(&t, TYPE, "APIG.2012", "flag", "inner.flag");
    /* ... unless absent: then nothing of it is read. */
    t.inner.has_flag = false;
    INVALID(&t, REQUIRED, "APIG.2001", "flag", "inner.flag");

    fill_valid(&t);
    t.big = -5000000001;
    INVALID(&t, RANGE, "APIG.2004", "big", "big");
    fill_valid(&t);
    t.big = INT64_MAX;
    INVALID(&t, RANGE, "APIG.2004", "big", "big");
    fill_valid(&t);
    t.inner.leaf.count = -1;
    INVALID(&t, RANGE, "APIG.2004", "count", "inner.leaf.count");
    fill_valid(&t);
    strcpy(t.inner.label, "");
    INVALID(&t, TOO_SHORT, "APIG.2005", "label", "inner.label");

    fill_valid(&t);
    t.tags_count = 0;
    INVALID(&t, MIN_ITEMS, "APIG.2001", "tags", "tags");
    fill_valid(&t);
    t.tags_count = 4;
    INVALID(&t, CAPACITY, "APIG.3110", "tags", "tags[3]");
    fill_valid(&t);
    strcpy(t.tags[1], "x");
    INVALID(&t, TOO_SHORT, "APIG.2005", "tags", "tags[1]");
    fill_valid(&t);
    strcpy(t.tags[2], "AB");
    INVALID(&t, CHARSET, "APIG.2012", "tags", "tags[2]");
    fill_valid(&t);
    memset(t.tags[0], 'a', sizeof t.tags[0]); /* no NUL in the item */
    INVALID(&t, TOO_LONG, "APIG.2006", "tags", "tags[0]");
    /* the item past the count is not looked at */
    fill_valid(&t);
    t.tags_count = 2;
    memset(t.tags[2], 'A', sizeof t.tags[2]);
    assert_int_equal(validate(&t), 0);
    fill_valid(&t);
    strcpy(t.levels[1], "high+");
    INVALID(&t, ENUM, "APIG.2004", "levels", "levels[1]");

    /* Every error, in output order. */
    fill_valid(&t);
    strcpy(t.mode, "no");
    memset(&t.enabled, 3, sizeof t.enabled);
    strcpy(t.tags[0], "a");
    strcpy(t.levels[0], "mid");
    t.inner.has_flag = false;
    assert_int_equal(validate(&t), 5);
    check_error(__LINE__, &errs[0], APIG_ERROR_ENUM, "APIG.2013", "mode", "mode", 0);
    check_error(__LINE__, &errs[1], APIG_ERROR_TYPE, "APIG.2012", "enabled", "enabled", 0);
    check_error(__LINE__, &errs[2], APIG_ERROR_REQUIRED, "APIG.2001", "flag", "inner.flag", 0);
    check_error(__LINE__, &errs[3], APIG_ERROR_TOO_SHORT, "APIG.2005", "tags", "tags[0]", 0);
    check_error(__LINE__, &errs[4], APIG_ERROR_ENUM, "APIG.2004", "levels", "levels[0]", 0);
}

/* ---- encode ------------------------------------------------------------------------ */

static void test_encode_exact(void **state)
{
    (void)state;
    typed_thing t;
    fill_valid(&t);
    expect_encoding(&t, APIG_STYLE_COMPACT, every_type);
    static const char pretty[] =
        "{\n"
        "  \"mode\" : \"careful\",\n"
        "  \"precise_search\" : \"name,member_group_name\",\n"
        "  \"enabled\" : true,\n"
        "  \"big\" : -5000000000,\n"
        "  \"inner\" : {\n"
        "    \"flag\" : false,\n"
        "    \"label\" : \"ab_c\",\n"
        "    \"leaf\" : {\n"
        "      \"count\" : 9000000000\n"
        "    }\n"
        "  },\n"
        "  \"tags\" : [ \"web\", \"db-01\", \"\xE6\x95\xB0\xE6\x8D\xAE\xE5\xBA\x93\" ],\n"
        "  \"levels\" : [ \"low+high\", \"high\" ]\n"
        "}";
    expect_encoding(&t, APIG_STYLE_PRETTY, pretty);
    /* ... which is the schema's example, byte for byte */
    const apig_example *ex = &typed_examples.items[0];
    assert_int_equal(ex->body_len, sizeof pretty - 1);
    assert_memory_equal(ex->body, pretty, sizeof pretty - 1);
    expect_encoding(&t, APIG_STYLE_COMPACT | APIG_STYLE_ASCII,
                    "{\"mode\":\"careful\",\"precise_search\":\"name,member_group_name\","
                    "\"enabled\":true,\"big\":-5000000000,\"inner\":{\"flag\":false,\"label\":"
                    "\"ab_c\",\"leaf\":{\"count\":9000000000}},\"tags\":[\"web\",\"db-01\","
                    "\"\\u6570\\u636E\\u5E93\"],\"levels\":[\"low+high\",\"high\"]}");

    /* Absent fields, empty arrays and objects, false, a single item. */
    memset(&t, 0, sizeof t);
    t.has_mode = true;
    strcpy(t.mode, "slow");
    t.has_enabled = true;
    t.has_levels = true;
    t.has_inner = true;
    t.inner.has_flag = true;
    t.inner.has_leaf = true;
    t.has_tags = true;
    t.tags_count = 1;
    strcpy(t.tags[0], "ab");
    expect_encoding(&t, APIG_STYLE_COMPACT,
                    "{\"mode\":\"slow\",\"enabled\":false,\"inner\":{\"flag\":false,\"leaf\":{}},"
                    "\"tags\":[\"ab\"],\"levels\":[]}");
    expect_encoding(&t, APIG_STYLE_PRETTY,
                    "{\n"
                    "  \"mode\" : \"slow\",\n"
                    "  \"enabled\" : false,\n"
                    "  \"inner\" : {\n"
                    "    \"flag\" : false,\n"
                    "    \"leaf\" : { }\n"
                    "  },\n"
                    "  \"tags\" : [ \"ab\" ],\n"
                    "  \"levels\" : [ ]\n"
                    "}");
    /* The int64 extremes, where the schema allows them. */
    t.inner.leaf.has_count = true;
    t.inner.leaf.count = INT64_MAX;
    t.has_big = true;
    t.big = 9000000000000000000;
    t.has_levels = false;
    t.has_tags = false;
    t.has_enabled = false;
    expect_encoding(&t, APIG_STYLE_COMPACT,
                    "{\"mode\":\"slow\",\"big\":9000000000000000000,\"inner\":{\"flag\":false,"
                    "\"leaf\":{\"count\":9223372036854775807}}}");
}

/* The buffer contract holds with the new types: the length is the same
 * whatever the room, a short buffer gets a prefix, nothing past cap. */
static void test_encode_truncation(void **state)
{
    (void)state;
    typed_thing t;
    fill_valid(&t);
    for (int k = 0; k < 4; k++) {
        size_t n;
        char *full = encode_alloc(&t, all_styles[k], &n);
        char buf[1024];
        assert_true(n < sizeof buf);
        for (size_t cap = 1; cap <= n + 1; cap++) {
            memset(buf, '#', sizeof buf);
            assert_int_equal(typed_thing_encode(&t, all_styles[k], buf, cap, NULL), n);
            /* a prefix of cap bytes, or the whole output and its NUL */
            assert_memory_equal(buf, full, cap <= n ? cap : n + 1);
            assert_int_equal(buf[cap], '#');
        }
        free(full);
    }
}

/* ---- decode(encode(x)) == x ------------------------------------------------------------ */

/* A random valid value of string rules f into dst[0..f->capacity). */
static void random_string(rng *r, const apig_field *f, char *dst)
{
    if (f->enum_count) {
        /* one value, or a list of them within maxLength */
        size_t len = 0;
        uint32_t items = f->separator ? 1 + below(r, 4) : 1;
        for (uint32_t i = 0; i < items; i++) {
            const char *v = f->enum_values[below(r, f->enum_count)];
            size_t add = strlen(v) + (i ? 1 : 0);
            if (i && len + add > f->max_length)
                break;
            if (i)
                dst[len++] = (char)f->separator;
            memcpy(dst + len, v, strlen(v));
            len += strlen(v);
        }
        dst[len] = '\0';
        return;
    }
    uint32_t n = f->min_length + below(r, f->max_length - f->min_length + 1);
    size_t used = 0;
    for (uint32_t k = 0; k < n; k++) {
        char u[4];
        size_t ul = apig__utf8_encode(random_cp(r, f->charset), u);
        assert_true(used + ul < f->capacity);
        memcpy(dst + used, u, ul);
        used += ul;
    }
    dst[used] = '\0';
}

static int64_t random_int(rng *r, const apig_field *f)
{
    int64_t lo = f->has_minimum ? f->minimum : INT64_MIN;
    int64_t hi = f->has_maximum ? f->maximum : INT64_MAX;
    switch (below(r, 4)) {
    case 0: return lo;
    case 1: return hi;
    default: {
        uint64_t span = (uint64_t)hi - (uint64_t)lo;
        uint64_t v = span == UINT64_MAX ? rnd(r) : rnd(r) % (span + 1);
        return (int64_t)((uint64_t)lo + v);
    }
    }
}

/* Fills a zeroed struct of m with random valid values, from the tables. */
static void fill_random(rng *r, const apig_message *m, unsigned char *s)
{
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        bool present = f->required || below(r, 4) != 0;
        *(bool *)(s + f->has_offset) = present;
        if (!present)
            continue;
        unsigned char *v = s + f->offset;
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING: random_string(r, f, (char *)v); break;
        case APIG_TYPE_BOOL: *(bool *)v = below(r, 2) != 0; break;
        case APIG_TYPE_INT32: *(int32_t *)v = (int32_t)random_int(r, f); break;
        case APIG_TYPE_INT64: {
            int64_t x = random_int(r, f);
            memcpy(v, &x, sizeof x);
            break;
        }
        case APIG_TYPE_OBJECT: fill_random(r, f->message, v); break;
        case APIG_TYPE_ARRAY: {
            uint32_t n = f->min_length + below(r, f->capacity - f->min_length + 1);
            memcpy(s + f->count_offset, &n, sizeof n);
            for (uint32_t k = 0; k < n; k++) {
                if (f->item)
                    random_string(r, f->item, (char *)v + (size_t)k * f->item_size);
                else
                    fill_random(r, f->message, v + (size_t)k * f->item_size);
            }
            break;
        }
        }
    }
}

static void test_roundtrip(void **state)
{
    (void)state;
    rng r = {0x5EEDF00Dull};
    const apig_message *msgs[] = {MSG, &typed_inner_desc, &typed_leaf_desc};
    bool saw_true = false, saw_false = false, saw_list = false, saw_items = false;
    for (size_t mi = 0; mi < sizeof msgs / sizeof msgs[0]; mi++) {
        const apig_message *m = msgs[mi];
        unsigned char *a = malloc(m->struct_size), *b = malloc(m->struct_size);
        assert_true(a && b);
        for (int it = 0; it < 300; it++) {
            memset(a, 0, m->struct_size);
            fill_random(&r, m, a);
            if (m == MSG) {
                const typed_thing *t = (const typed_thing *)a;
                saw_true |= t->has_enabled && t->enabled;
                saw_false |= t->has_enabled && !t->enabled;
                saw_list |= t->has_precise_search && strchr(t->precise_search, ',') != NULL;
                saw_items |= t->has_tags && t->tags_count == 3;
            }
            apig_decoder d;
            apig_decoder_init(&d, toks, TYPED_MAX_TOKENS, errs, 1);
            assert_int_equal(apig_validate(&d, m, a), 0);
            for (int k = 0; k < 4; k++) {
                apig_error e;
                size_t n = apig_encode(m, a, all_styles[k], NULL, 0, &e);
                assert_true(n != APIG_ENCODE_INVALID);
                char *text = malloc(n + 1);
                assert_non_null(text);
                assert_int_equal(apig_encode(m, a, all_styles[k], text, n + 1, &e), n);
                memset(b, 0, m->struct_size);
                apig_decoder rd;
                apig_decoder_init(&rd, toks, TYPED_MAX_TOKENS, &e, 1);
                if (apig_decode(&rd, m, text, n, b) != 0)
                    fail_msg("%s #%d style %u: %s %s %s\n%s", m->name, it, all_styles[k],
                             e.code, e.path, msg_of(&e), text);
                if (memcmp(a, b, m->struct_size) != 0)
                    fail_msg("%s #%d style %u: differs after the round trip:\n%s", m->name, it,
                             all_styles[k], text);
                free(text);
            }
        }
        free(a);
        free(b);
    }
    assert_true(saw_true && saw_false && saw_list && saw_items);
}

/* ---- the worst case against APIG_<MSG>_ENCODED_MAX ------------------------------------ */

static void test_worst_case_bound(void **state)
{
    (void)state;
    const struct {
        const apig_message *m;
        size_t max;
    } cases[] = {
        {MSG, TYPED_THING_ENCODED_MAX},
        {&typed_inner_desc, TYPED_INNER_ENCODED_MAX},
        {&typed_leaf_desc, TYPED_LEAF_ENCODED_MAX},
        {&typed_problem_desc, TYPED_PROBLEM_ENCODED_MAX},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_worst_encodings(cases[c].m, cases[c].max, fill_worst);
    /* The model's pieces, by hand: a boolean counts "false" (5), an int64
     * 20, an array of strings per item ", " + its string at the largest
     * escape (tags: 6 characters x 6 for \uXXXX, + quotes). */
    assert_int_equal(TYPED_LEAF_ENCODED_MAX, 3 + (2 + 7 + 3 + 20 + 2));
    assert_true(TYPED_THING_ENCODED_MAX >= 3 * (2 + 2 + 6 * 6));
    /* Every message's body limit covers its bound. */
    assert_true(TYPED_THING_BODY_MAX >= TYPED_THING_ENCODED_MAX);
    assert_int_equal(MSG->max_body_bytes, TYPED_THING_BODY_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_decode_every_type),
        cmocka_unit_test(test_decode_enum),
        cmocka_unit_test(test_decode_enum_list),
        cmocka_unit_test(test_decode_bool),
        cmocka_unit_test(test_decode_int64),
        cmocka_unit_test(test_decode_nested),
        cmocka_unit_test(test_decode_string_array),
        cmocka_unit_test(test_rejected_is_absent),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_encode_exact),
        cmocka_unit_test(test_encode_truncation),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_worst_case_bound),
    };
    return cmocka_run_group_tests_name("types", tests, NULL, NULL);
}
