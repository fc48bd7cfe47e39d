/* SPDX-License-Identifier: MIT */
/*
 * apig__query_decode: query strings (application/x-www-form-urlencoded)
 * against every decision of shared/spec/member-family.md ("Decisions for
 * every query string") and those of src/decode/query.c.
 *
 * The tables are hand-written here, mirroring ListBackendInstancesV2's
 * query parameters (offset int64 default 0, below 0 -> 0; limit int32 1..500
 * default 20, below 1 -> 20, above 500 -> 500; name and member_group_name
 * 1..64 of any character; member_group_id 1..64 of [A-Za-z0-9_-];
 * precise_search a string 1..64), with the error catalog of the generated
 * operation, so each error is checked for its kind, APIG code, status,
 * parameterName, error_msg, path and offset. Two more tables test what the
 * family does not use: a range after normalisation, an int32 without
 * normalisation, a required parameter, and more than 64 parameters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "vpc_members.h" /* the catalog */
#include "decode/decode.h"            /* apig__query_decode */
#include "error_text.h"

/* The query's offset in the request target: added to every offset. */
#define BASE 51

/* ---- ListBackendInstancesV2's query parameters --------------------------------- */

typedef struct list_query {
    bool has_offset;
    int64_t offset;
    bool has_limit;
    int32_t limit;
    bool has_name;
    char name[64 * 4 + 1];
    bool has_member_group_name;
    char member_group_name[64 * 4 + 1];
    bool has_member_group_id;
    char member_group_id[64 + 1];
    bool has_precise_search;
    char precise_search[64 * 4 + 1];
} list_query;

static const apig_char_range id_ranges[] = {
    {0x2D, 0x2D}, {0x30, 0x39}, {0x41, 0x5A}, {0x5F, 0x5F}, {0x61, 0x7A}};
static apig_charset id_set = {"id", id_ranges, 5, {0, 0}, {0}}; /* bitmap: setup */

static const apig_normalize offset_rules[] = {{.when = APIG_NORMALIZE_BELOW, .limit = 0, .to = 0}};
static const apig_normalize limit_rules[] = {
    {.when = APIG_NORMALIZE_BELOW, .limit = 1, .to = 20},
    {.when = APIG_NORMALIZE_ABOVE, .limit = 500, .to = 500},
};

#define STRING_FIELD(n, max, cs)                                                             \
    {.name = #n, .name_len = sizeof #n - 1, .type = APIG_TYPE_STRING,                        \
     .offset = offsetof(list_query, n), .has_offset = offsetof(list_query, has_##n),         \
     .capacity = sizeof(((list_query *)0)->n), .min_length = 1, .max_length = max,           \
     .charset = cs}

static const apig_field list_fields[] = {
    {.name = "offset", .name_len = 6, .type = APIG_TYPE_INT64,
     .offset = offsetof(list_query, offset), .has_offset = offsetof(list_query, has_offset),
     .has_default = 1, .default_integer = 0, .normalize = offset_rules, .normalize_count = 1},
    {.name = "limit", .name_len = 5, .type = APIG_TYPE_INT32,
     .offset = offsetof(list_query, limit), .has_offset = offsetof(list_query, has_limit),
     .has_minimum = 1, .minimum = 1, .has_maximum = 1, .maximum = 500,
     .has_default = 1, .default_integer = 20, .normalize = limit_rules, .normalize_count = 2},
    STRING_FIELD(name, 64, NULL),
    STRING_FIELD(member_group_name, 64, NULL),
    STRING_FIELD(member_group_id, 64, &id_set),
    STRING_FIELD(precise_search, 64, NULL),
};

static int list_lookup(const char *key, size_t len)
{
    for (size_t i = 0; i < sizeof list_fields / sizeof list_fields[0]; i++)
        if (list_fields[i].name_len == len && memcmp(list_fields[i].name, key, len) == 0)
            return (int)i;
    return -1;
}

/* The catalog is the generated operation's (set up at run time). */
static apig_message list_msg = {
    .name = "ListBackendInstancesV2Query",
    .struct_size = sizeof(list_query),
    .fields = list_fields,
    .field_count = sizeof list_fields / sizeof list_fields[0],
    .lookup = list_lookup,
};

/* ---- what the family does not use ------------------------------------------------ */

typedef struct other_query {
    bool has_page;
    int32_t page;       /* 1..100, no normalisation */
    bool has_size;
    int64_t size;       /* above 50 -> 10, then 5..50 */
    bool has_tag;
    char tag[8 + 1];    /* required */
    bool has_mode;
    char mode[8 + 1];   /* default "fast" */
} other_query;

static const apig_normalize size_rules[] = {{.when = APIG_NORMALIZE_ABOVE, .limit = 50, .to = 10}};

static const apig_field other_fields[] = {
    {.name = "page", .name_len = 4, .type = APIG_TYPE_INT32,
     .offset = offsetof(other_query, page), .has_offset = offsetof(other_query, has_page),
     .has_minimum = 1, .minimum = 1, .has_maximum = 1, .maximum = 100},
    {.name = "size", .name_len = 4, .type = APIG_TYPE_INT64,
     .offset = offsetof(other_query, size), .has_offset = offsetof(other_query, has_size),
     .has_minimum = 1, .minimum = 5, .has_maximum = 1, .maximum = 50,
     .normalize = size_rules, .normalize_count = 1},
    {.name = "tag", .name_len = 3, .type = APIG_TYPE_STRING, .required = 1,
     .offset = offsetof(other_query, tag), .has_offset = offsetof(other_query, has_tag),
     .capacity = 9, .min_length = 1, .max_length = 8},
    {.name = "mode", .name_len = 4, .type = APIG_TYPE_STRING,
     .offset = offsetof(other_query, mode), .has_offset = offsetof(other_query, has_mode),
     .capacity = 9, .min_length = 1, .max_length = 8,
     .has_default = 1, .default_string = "fast"},
};

static int other_lookup(const char *key, size_t len)
{
    for (size_t i = 0; i < sizeof other_fields / sizeof other_fields[0]; i++)
        if (other_fields[i].name_len == len && memcmp(other_fields[i].name, key, len) == 0)
            return (int)i;
    return -1;
}

static apig_message other_msg = {
    .name = "OtherQuery",
    .struct_size = sizeof(other_query),
    .fields = other_fields,
    .field_count = sizeof other_fields / sizeof other_fields[0],
    .lookup = other_lookup,
};

/* More parameters than the decoder's bit set of 64: "p0" .. "p69". */
#define MANY 70
typedef struct many_query {
    bool has[MANY];
    int64_t value[MANY];
} many_query;

static char many_names[MANY][4];
static apig_field many_fields[MANY];

static int many_lookup(const char *key, size_t len)
{
    for (size_t i = 0; i < MANY; i++)
        if (many_fields[i].name_len == len && memcmp(many_names[i], key, len) == 0)
            return (int)i;
    return -1;
}

static apig_message many_msg = {
    .name = "ManyQuery",
    .struct_size = sizeof(many_query),
    .fields = many_fields,
    .field_count = MANY,
    .lookup = many_lookup,
};

static int setup(void **state)
{
    (void)state;
    const apig_catalog *catalog = vpcm_add_backend_instances_v2_op.catalog;
    list_msg.catalog = catalog;
    other_msg.catalog = catalog;
    many_msg.catalog = catalog;
    for (uint32_t i = 0; i < id_set.range_count; i++)
        for (uint32_t c = id_ranges[i].first; c <= id_ranges[i].last; c++)
            id_set.ascii[c >> 6] |= (uint64_t)1 << (c & 63);
    for (size_t i = 0; i < MANY; i++) {
        int n = snprintf(many_names[i], sizeof many_names[i], "p%u", (unsigned)i);
        many_fields[i] = (apig_field){.name = many_names[i], .name_len = (uint32_t)n,
                                      .type = APIG_TYPE_INT64,
                                      .offset = (uint32_t)(offsetof(many_query, value) +
                                                           i * sizeof(int64_t)),
                                      .has_offset = (uint32_t)(offsetof(many_query, has) + i)};
    }
    return 0;
}

/* ---- running ------------------------------------------------------------------------ */

static list_query lq;
static other_query oq;
static many_query mq;
static apig_error errs[16];
static size_t nerr;
static bool full;

static size_t run_msg(const apig_message *msg, void *out, const char *q, size_t len,
                      unsigned options, size_t cap)
{
    apig_decoder d;
    apig_decoder_init(&d, NULL, 0, cap ? errs : NULL, cap);
    d.options = options;
    memset(out, 0x5a, msg->struct_size); /* what was there must not show */
    memset(errs, 0, sizeof errs);
    apig__errors e = apig__errors_of(&d);
    full = apig__query_decode(&d, msg, q, len, BASE, out, &e);
    nerr = e.count;
    for (size_t i = 0; i < nerr && i < cap; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static size_t run(const char *q)
{
    return run_msg(&list_msg, &lq, q, strlen(q), 0, 16);
}

static size_t run_opts(const char *q, unsigned options)
{
    return run_msg(&list_msg, &lq, q, strlen(q), options, 16);
}

static void dump(const char *q)
{
    print_error("query: %s\n", q);
    for (size_t i = 0; i < nerr && i < 16; i++)
        print_error("  [%zu] kind %d %s path=%s @%zu param=%s: %s\n", i, (int)errs[i].kind,
                    errs[i].code, errs[i].path, errs[i].offset, errs[i].param,
                    msg_of(&errs[i]));
}

static const char *text_of(const char *code)
{
    if (strcmp(code, "APIG.2001") == 0)
        return "The request parameters must be specified";
    if (strcmp(code, "APIG.2004") == 0)
        return "The parameter value is outside the allowable range";
    if (strcmp(code, "APIG.2006") == 0)
        return "The parameter is too long";
    return "Invalid parameter value"; /* APIG.2012 */
}

/* errs[i] is `kind` (`code`, 400) for parameter `param` (also its path) at
 * offset BASE + at. */
static void expect_at(int line, const char *q, size_t i, apig_error_kind kind,
                      const char *code, const char *param, size_t at)
{
    char want[256];
    snprintf(want, sizeof want, "%s,parameterName:%s. Please refer to the support documentation",
             text_of(code), param);
    if (nerr <= i || errs[i].kind != kind || !errs[i].code || strcmp(errs[i].code, code) != 0 ||
        errs[i].status != 400 || strcmp(errs[i].param, param) != 0 ||
        strcmp(errs[i].path, param) != 0 || errs[i].offset != BASE + at ||
        strcmp(msg_of(&errs[i]), want) != 0) {
        dump(q);
        fail_msg("line %d: %s: want [%zu] kind %d %s %s @%zu", line, q, i, (int)kind, code,
                 param, (size_t)BASE + at);
    }
}

/* The list query q has exactly one error. */
static void expect_one(int line, const char *q, unsigned options, apig_error_kind kind,
                       const char *code, const char *param, size_t at)
{
    run_opts(q, options);
    expect_at(line, q, 0, kind, code, param, at);
    if (nerr != 1) {
        dump(q);
        fail_msg("line %d: %s: %zu errors", line, q, nerr);
    }
    /* a rejected query is left absent: defaults are not applied */
    assert_false(lq.has_offset || lq.has_limit || lq.has_name || lq.has_member_group_name ||
                 lq.has_member_group_id || lq.has_precise_search);
    assert_int_equal(lq.offset, 0);
    assert_int_equal(lq.limit, 0);
    assert_string_equal(lq.name, "");
    assert_string_equal(lq.member_group_id, "");
}

/* Offset of the value of `name` in q: just after "name=". */
static size_t value_at(const char *q, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s=", name);
    const char *p = strstr(q, key);
    assert_non_null(p);
    return (size_t)(p - q) + strlen(key);
}

#define ENCODING(q, param) \
    expect_one(__LINE__, q, 0, APIG_ERROR_ENCODING, "APIG.2012", param, value_at(q, param))
#define NOT_INTEGER(q, param) \
    expect_one(__LINE__, q, 0, APIG_ERROR_NOT_INTEGER, "APIG.2012", param, value_at(q, param))
#define CHARSET(q, param) \
    expect_one(__LINE__, q, 0, APIG_ERROR_CHARSET, "APIG.2012", param, value_at(q, param))
#define TOO_LONG(q, param) \
    expect_one(__LINE__, q, 0, APIG_ERROR_TOO_LONG, "APIG.2006", param, value_at(q, param))

/* The list query q decodes without error. */
static void ok(int line, const char *q)
{
    if (run(q) != 0) {
        dump(q);
        fail_msg("line %d: %s: %zu errors", line, q, nerr);
    }
}
#define OK(q) ok(__LINE__, q)

/* limit=<v> decodes to `want`. */
static void limit_is(int line, const char *v, int32_t want)
{
    char q[256];
    snprintf(q, sizeof q, "limit=%s", v);
    ok(line, q);
    if (!lq.has_limit || lq.limit != want)
        fail_msg("line %d: %s: limit %d (has %d), want %d", line, q, (int)lq.limit,
                 (int)lq.has_limit, (int)want);
}

/* offset=<v> decodes to `want`. */
static void offset_is(int line, const char *v, int64_t want)
{
    char q[256];
    snprintf(q, sizeof q, "offset=%s", v);
    ok(line, q);
    if (!lq.has_offset || lq.offset != want)
        fail_msg("line %d: %s: offset %lld (has %d), want %lld", line, q, (long long)lq.offset,
                 (int)lq.has_offset, (long long)want);
}

/* ---- values ------------------------------------------------------------------------ */

static void every_parameter_decodes(void **state)
{
    (void)state;
    OK("offset=10&limit=50&name=abc&member_group_name=g1&member_group_id=A-z_9"
       "&precise_search=name,member_group_name");
    assert_true(lq.has_offset);
    assert_int_equal(lq.offset, 10);
    assert_true(lq.has_limit);
    assert_int_equal(lq.limit, 50);
    assert_true(lq.has_name);
    assert_string_equal(lq.name, "abc");
    assert_true(lq.has_member_group_name);
    assert_string_equal(lq.member_group_name, "g1");
    assert_true(lq.has_member_group_id);
    assert_string_equal(lq.member_group_id, "A-z_9");
    assert_true(lq.has_precise_search);
    assert_string_equal(lq.precise_search, "name,member_group_name");
    /* any order; the full list is not needed */
    OK("member_group_id=x&offset=3");
    assert_int_equal(lq.offset, 3);
    assert_string_equal(lq.member_group_id, "x");
    assert_false(lq.has_name);
    assert_string_equal(lq.name, "");
}

static void defaults_and_empty_values(void **state)
{
    (void)state;
    /* no query at all: the struct says what the service uses */
    OK("");
    assert_true(lq.has_offset);
    assert_int_equal(lq.offset, 0);
    assert_true(lq.has_limit);
    assert_int_equal(lq.limit, 20);
    assert_false(lq.has_name);
    assert_string_equal(lq.name, "");
    assert_false(lq.has_member_group_name || lq.has_member_group_id || lq.has_precise_search);
    assert_int_equal(run_msg(&list_msg, &lq, NULL, 0, 0, 16), 0); /* NULL with length 0 */
    assert_int_equal(lq.limit, 20);
    /* an empty value is absent: the default again, or nothing */
    static const char *const empty[] = {"limit=", "limit", "limit=&offset=", "name=&limit=",
                                        "&", "&&&", "limit=&&name", "member_group_id="};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        OK(empty[i]);
        assert_true(lq.has_limit);
        assert_int_equal(lq.limit, 20);
        assert_true(lq.has_offset);
        assert_int_equal(lq.offset, 0);
        assert_false(lq.has_name);
        assert_false(lq.has_member_group_id);
    }
    /* a value given replaces the default; empty pairs around it are skipped */
    OK("&&limit=5&&");
    assert_int_equal(lq.limit, 5);
    assert_int_equal(lq.offset, 0);
    /* a string default */
    assert_int_equal(run_msg(&other_msg, &oq, "tag=t", 5, 0, 16), 0);
    assert_true(oq.has_mode);
    assert_string_equal(oq.mode, "fast");
    assert_false(oq.has_page || oq.has_size);
    assert_int_equal(run_msg(&other_msg, &oq, "tag=t&mode=slow", 15, 0, 16), 0);
    assert_string_equal(oq.mode, "slow");
    assert_int_equal(run_msg(&other_msg, &oq, "tag=t&mode=", 11, 0, 16), 0);
    assert_string_equal(oq.mode, "fast");
}

static void form_decoding(void **state)
{
    (void)state;
    OK("name=a+b");                    /* '+' is a space */
    assert_string_equal(lq.name, "a b");
    OK("name=+");
    assert_string_equal(lq.name, " ");
    OK("name=caf%C3%A9");              /* %XY is a byte: U+00E9 in UTF-8 */
    assert_string_equal(lq.name, "caf\xc3\xa9");
    OK("name=caf%c3%a9");              /* hex of either case */
    assert_string_equal(lq.name, "caf\xc3\xa9");
    OK("name=%2B%25%26%3D%2F");        /* '+', '%', '&', '=', '/' */
    assert_string_equal(lq.name, "+%&=/");
    OK("name=a=b=c");                  /* the first '=' splits */
    assert_string_equal(lq.name, "a=b=c");
    OK("name=%F0%9F%98%80");           /* U+1F600 */
    assert_string_equal(lq.name, "\xf0\x9f\x98\x80");
    OK("name=\xe4\xb8\x80");           /* raw UTF-8 is taken as it is */
    assert_string_equal(lq.name, "\xe4\xb8\x80");
    OK("name=%0A%09");                 /* control characters: any character but U+0000 */
    assert_string_equal(lq.name, "\n\t");
    /* names are decoded before lookup */
    OK("%6Cimit=7");
    assert_int_equal(lq.limit, 7);
    OK("li%6dit=8");
    assert_int_equal(lq.limit, 8);
    OK("member%5Fgroup%5Fid=g");
    assert_string_equal(lq.member_group_id, "g");
    /* a name that decodes to something else is unknown (ignored) */
    OK("member+group+id=g&limit%20=3&%20limit=4&LIMIT=5&limi=6&limitt=7");
    assert_false(lq.has_member_group_id);
    assert_int_equal(lq.limit, 20);
    /* integers are decoded too */
    limit_is(__LINE__, "%35", 5);
    limit_is(__LINE__, "1%30", 10);
    offset_is(__LINE__, "%2D1", 0);   /* "-1", normalised */
}

static void malformed_escape_or_utf8_is_2012(void **state)
{
    (void)state;
    ENCODING("name=%G1", "name");
    ENCODING("name=%1G", "name");
    ENCODING("name=%4", "name");       /* '%4' at the end */
    ENCODING("name=abc%", "name");
    ENCODING("name=%", "name");
    ENCODING("name=%%41", "name");
    ENCODING("name=%FF", "name");      /* not UTF-8 */
    ENCODING("name=a%C3", "name");     /* a sequence cut short */
    ENCODING("name=%C3%28", "name");
    ENCODING("name=%C3+", "name");
    ENCODING("name=%80", "name");      /* a lone continuation byte */
    ENCODING("name=%C0%AF", "name");   /* overlong */
    ENCODING("name=%ED%A0%80", "name");/* a surrogate */
    ENCODING("name=%F4%90%80%80", "name"); /* above U+10FFFF */
    ENCODING("name=\xff", "name");     /* a raw byte that is not UTF-8 */
    ENCODING("name=\xc3", "name");
    ENCODING("member_group_id=%G1", "member_group_id");
    ENCODING("precise_search=%FF", "precise_search");
    /* integers: encoding comes before the integer rule */
    ENCODING("limit=%G1", "limit");
    ENCODING("limit=1.0%4", "limit");
    ENCODING("offset=x%FF", "offset");
    ENCODING("offset=%FF5", "offset");
    /* the encoding error beats the field's rules, wherever it is */
    ENCODING("member_group_id=a.b%G1", "member_group_id");
    ENCODING("name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa%", "name");
    /* offsets point at the value, after the query's own offset */
    ENCODING("limit=5&name=%ZZ", "name");
    assert_int_equal(errs[0].offset, BASE + 13);
}

static void string_rules(void **state)
{
    (void)state;
    /* U+0000 is in no set, as in the body's strings */
    CHARSET("name=a%00b", "name");
    CHARSET("name=%00", "name");
    CHARSET("member_group_id=a.b", "member_group_id");
    CHARSET("member_group_id=a+b", "member_group_id");   /* a space */
    CHARSET("member_group_id=%C3%A9", "member_group_id");
    /* lengths count characters */
    char q[2048];
    char *p = q + sprintf(q, "name=");
    for (int i = 0; i < 64; i++)
        p += sprintf(p, "%%F0%%9F%%98%%80");           /* 64 four-byte characters */
    OK(q);
    assert_int_equal(strlen(lq.name), 256);
    sprintf(p, "%%F0%%9F%%98%%80");                      /* 65 */
    TOO_LONG(q, "name");
    p = q + sprintf(q, "member_group_id=");
    for (int i = 0; i < 64; i++)
        *p++ = 'x';
    *p = '\0';
    OK(q);
    assert_int_equal(strlen(lq.member_group_id), 64);
    strcpy(p, "y");
    TOO_LONG(q, "member_group_id");
    /* the set before the length, even where the value does not fit */
    strcpy(p, "yyyyyyyyyyyyyyyyyyyy.");
    CHARSET(q, "member_group_id");
    p = q + sprintf(q, "member_group_id=");
    for (int i = 0; i < 64; i++)
        p += sprintf(p, "%%C3%%A9");                   /* 64 characters, none in the set */
    CHARSET(q, "member_group_id");
    p = q + sprintf(q, "member_group_name=");
    for (int i = 0; i < 32; i++)
        p += sprintf(p, "a+");                         /* 64 characters, half spaces */
    OK(q);
    assert_int_equal(strlen(lq.member_group_name), 64);
    assert_true(lq.has_member_group_name);
}

static void integers(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "+5",      /* '+' is a space: " 5" */
        "%2B5",    /* "+5" */
        "1.0", "%205", "5+", "5%20", "0x1", "1e2", "-", "--5", "5-", "-+5", "a", "1a",
        "%EF%BC%95",   /* U+FF15 FULLWIDTH DIGIT FIVE */
        "%D9%A3",      /* U+0663 ARABIC-INDIC DIGIT THREE */
        "1%00",
    };
    char q[64];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(q, sizeof q, "limit=%s", bad[i]);
        NOT_INTEGER(q, "limit");
        snprintf(q, sizeof q, "offset=%s", bad[i]);
        NOT_INTEGER(q, "offset");
    }
    /* leading zeros and -0 */
    limit_is(__LINE__, "007", 7);
    limit_is(__LINE__, "0000000000000000000000000000042", 42);
    offset_is(__LINE__, "-0", 0);
    offset_is(__LINE__, "00000000000000000000000000009223372036854775807", INT64_MAX);
    offset_is(__LINE__, "9223372036854775807", INT64_MAX);
    offset_is(__LINE__, "123456789012", 123456789012LL);
}

static void normalisation_at_any_magnitude(void **state)
{
    (void)state;
    /* limit: below 1 -> 20, above 500 -> 500 */
    limit_is(__LINE__, "0", 20);
    limit_is(__LINE__, "-0", 20);
    limit_is(__LINE__, "-5", 20);
    limit_is(__LINE__, "1", 1);
    limit_is(__LINE__, "500", 500);
    limit_is(__LINE__, "501", 500);
    limit_is(__LINE__, "2147483647", 500);
    limit_is(__LINE__, "2147483648", 500);          /* beyond int32 */
    limit_is(__LINE__, "-2147483649", 20);
    limit_is(__LINE__, "9223372036854775807", 500);
    limit_is(__LINE__, "9223372036854775808", 500); /* beyond int64 */
    limit_is(__LINE__, "-9223372036854775808", 20);
    limit_is(__LINE__, "-9223372036854775809", 20);
    limit_is(__LINE__, "18446744073709551616", 500); /* beyond uint64 */
    limit_is(__LINE__, "99999999999999999999999", 500);
    limit_is(__LINE__, "-999999999999999999999", 20);
    /* offset: below 0 -> 0 */
    offset_is(__LINE__, "-1", 0);
    offset_is(__LINE__, "-9223372036854775808", 0);
    offset_is(__LINE__, "-99999999999999999999", 0);
    offset_is(__LINE__, "0", 0);
    offset_is(__LINE__, "1", 1);
    /* offset beyond int64 has no rule: it does not fit the format */
    NOT_INTEGER("offset=9223372036854775808", "offset");
    NOT_INTEGER("offset=99999999999999999999", "offset");
    NOT_INTEGER("limit=5&offset=100000000000000000000000000000", "offset");
}

static void range_after_normalisation(void **state)
{
    (void)state;
    /* page: int32 1..100 without rules; size: above 50 -> 10, then 5..50 */
    static const struct {
        const char *q;
        apig_error_kind kind;
        const char *code;
        const char *param;
        size_t at;
    } cases[] = {
        {"tag=t&page=0", APIG_ERROR_RANGE, "APIG.2004", "page", 11},
        {"tag=t&page=101", APIG_ERROR_RANGE, "APIG.2004", "page", 11},
        {"tag=t&page=-2147483648", APIG_ERROR_RANGE, "APIG.2004", "page", 11},
        {"tag=t&page=2147483648", APIG_ERROR_NOT_INTEGER, "APIG.2012", "page", 11},
        {"tag=t&page=-2147483649", APIG_ERROR_NOT_INTEGER, "APIG.2012", "page", 11},
        {"tag=t&page=99999999999999999999", APIG_ERROR_NOT_INTEGER, "APIG.2012", "page", 11},
        {"tag=t&size=4", APIG_ERROR_RANGE, "APIG.2004", "size", 11},
        {"tag=t&size=-99999999999999999999", APIG_ERROR_NOT_INTEGER, "APIG.2012", "size", 11},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_msg(&other_msg, &oq, cases[i].q, strlen(cases[i].q), 0, 16);
        expect_at(__LINE__, cases[i].q, 0, cases[i].kind, cases[i].code, cases[i].param,
                  cases[i].at);
        assert_int_equal(nerr, 1);
    }
    static const struct {
        const char *q;
        int32_t page;
        int64_t size;
    } good[] = {
        {"tag=t&page=1&size=5", 1, 5},
        {"tag=t&page=100&size=50", 100, 50},
        {"tag=t&page=07&size=51", 7, 10},
        {"tag=t&page=1&size=99999999999999999999", 1, 10},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(run_msg(&other_msg, &oq, good[i].q, strlen(good[i].q), 0, 16), 0);
        assert_int_equal(oq.page, good[i].page);
        assert_int_equal(oq.size, good[i].size);
        assert_true(oq.has_page && oq.has_size && oq.has_tag && oq.has_mode);
    }
}

/* ---- names: duplicates and unknowns ------------------------------------------------- */

static void known_parameter_twice_is_2012(void **state)
{
    (void)state;
    /* at the second name, whatever the values */
    static const char *const twice[] = {
        "limit=5&limit=6", "limit=&limit=6", "limit=5&limit=", "limit&limit", "limit=5&limit",
        "limit=5&l%69mit=6", "limit=5&limit=5",
    };
    for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
        const char *q = twice[i];
        size_t second = (size_t)(strchr(q, '&') - q) + 1;
        expect_one(__LINE__, q, 0, APIG_ERROR_DUPLICATE, "APIG.2012", "limit", second);
    }
    expect_one(__LINE__, "name=a&offset=1&name=b", 0, APIG_ERROR_DUPLICATE, "APIG.2012", "name",
               16);
    /* a third time: each repetition is reported */
    run("offset=1&offset=2&offset=3");
    assert_int_equal(nerr, 2);
    expect_at(__LINE__, "offset x3", 0, APIG_ERROR_DUPLICATE, "APIG.2012", "offset", 9);
    expect_at(__LINE__, "offset x3", 1, APIG_ERROR_DUPLICATE, "APIG.2012", "offset", 18);
    /* the first value's own error comes first, by position */
    run("limit=x&limit=5");
    assert_int_equal(nerr, 2);
    expect_at(__LINE__, "limit=x&limit=5", 0, APIG_ERROR_NOT_INTEGER, "APIG.2012", "limit", 6);
    expect_at(__LINE__, "limit=x&limit=5", 1, APIG_ERROR_DUPLICATE, "APIG.2012", "limit", 8);
    /* an unknown parameter twice is ignored */
    OK("x=1&x=2&limit=3&x=");
    assert_int_equal(lq.limit, 3);
}

static void duplicates_past_64_parameters(void **state)
{
    (void)state;
    /* p65 is past the decoder's bit set: the pairs before it are looked at */
    static const struct {
        const char *q;
        size_t at; /* of the duplicate, or 0 for none */
        const char *param;
    } cases[] = {
        {"p65=1&p65=2", 6, "p65"},
        {"p65=&p65=2", 5, "p65"},
        {"p65=1&p1=2&p%365=3", 11, "p65"},
        {"p65=1&p64=2&p66=3&p0=1&p63=2&p69=9", 0, NULL},
        {"p1=1&p69=2&p1=3", 11, "p1"},
        {"p69=1&p1=2&p69=3", 11, "p69"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_msg(&many_msg, &mq, cases[i].q, strlen(cases[i].q), 0, 16);
        if (!cases[i].param) {
            assert_int_equal(nerr, 0);
            assert_true(mq.has[65] && mq.has[64] && mq.has[69] && mq.has[0]);
            assert_int_equal(mq.value[69], 9);
            assert_false(mq.has[2]);
            continue;
        }
        expect_at(__LINE__, cases[i].q, 0, APIG_ERROR_DUPLICATE, "APIG.2012", cases[i].param,
                  cases[i].at);
        assert_int_equal(nerr, 1);
    }
}

static void unknown_parameters(void **state)
{
    (void)state;
    /* ignored by default, whatever they hold */
    OK("x=1&limit=3&%G1=%G1&%FF=%FF&=5&y&limit2=1");
    assert_int_equal(lq.limit, 3);
    /* rejected with the option, at the name, named by its decoded text */
    static const struct {
        const char *q;
        const char *param;
        size_t at;
    } cases[] = {
        {"x=1", "x", 0},
        {"limit=3&x", "x", 8},
        {"na%6De2=1", "name2", 0},
        {"caf%C3%A9=1", "caf\xc3\xa9", 0},
        {"a+b=1", "a b", 0},
        {"=5", "", 0},
        {"LIMIT=5", "LIMIT", 0},
        /* a name that does not decode: as written, bytes that are not UTF-8 as %XX */
        {"%G1=1", "%G1", 0},
        {"a%FFb=1", "a%FFb", 0},
        {"a\xff=1", "a%FF", 0},
        {"\xe4\xb8\x80%=1", "\xe4\xb8\x80%", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_one(__LINE__, cases[i].q, APIG_OPT_REJECT_UNKNOWN, APIG_ERROR_UNKNOWN_FIELD,
                   "APIG.2012", cases[i].param, cases[i].at);
    /* U+0000 in a name is shown as \u0000, as for the body's keys */
    expect_one(__LINE__, "a%00=1", APIG_OPT_REJECT_UNKNOWN, APIG_ERROR_UNKNOWN_FIELD,
               "APIG.2012", "a\\u0000", 0);
    /* each unknown pair is reported, twice too; known ones still decode */
    run_opts("x=1&limit=0&x=2", APIG_OPT_REJECT_UNKNOWN);
    assert_int_equal(nerr, 2);
    expect_at(__LINE__, "x=1&limit=0&x=2", 0, APIG_ERROR_UNKNOWN_FIELD, "APIG.2012", "x", 0);
    expect_at(__LINE__, "x=1&limit=0&x=2", 1, APIG_ERROR_UNKNOWN_FIELD, "APIG.2012", "x", 12);
    /* a valid query passes with the option */
    assert_int_equal(run_opts("limit=3&name=n", APIG_OPT_REJECT_UNKNOWN), 0);
    assert_int_equal(lq.limit, 3);
    /* a long name is cut in the error, between characters, with "..." */
    char q[2048];
    char *p = q;
    for (int i = 0; i < 300; i++)
        p += sprintf(p, "%%C3%%A9");
    strcpy(p, "=1");
    run_opts(q, APIG_OPT_REJECT_UNKNOWN);
    assert_int_equal(nerr, 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_UNKNOWN_FIELD);
    size_t n = strlen(errs[0].param);
    assert_true(n > 3 && n < APIG_CFG_PARAM_BYTES);
    assert_string_equal(errs[0].param + n - 3, "...");
    n = strlen(errs[0].path);
    assert_true(n > 3 && n < APIG_CFG_PATH_BYTES);
    assert_string_equal(errs[0].path + n - 3, "...");
}

/* ---- the query as a whole ----------------------------------------------------------- */

static void errors_in_query_order(void **state)
{
    (void)state;
    const char *q = "limit=x&name=%G1&offset=1&member_group_id=a.b&offset=2";
    run(q);
    assert_int_equal(nerr, 4);
    expect_at(__LINE__, q, 0, APIG_ERROR_NOT_INTEGER, "APIG.2012", "limit", 6);
    expect_at(__LINE__, q, 1, APIG_ERROR_ENCODING, "APIG.2012", "name", 13);
    expect_at(__LINE__, q, 2, APIG_ERROR_CHARSET, "APIG.2012", "member_group_id", 42);
    expect_at(__LINE__, q, 3, APIG_ERROR_DUPLICATE, "APIG.2012", "offset", 46);
    assert_false(full);
    assert_false(lq.has_offset || lq.has_limit);
    /* a list of one: the first error, and the caller is told to stop */
    run_msg(&list_msg, &lq, q, strlen(q), 0, 1);
    assert_int_equal(nerr, 1);
    assert_true(full);
    expect_at(__LINE__, q, 0, APIG_ERROR_NOT_INTEGER, "APIG.2012", "limit", 6);
    assert_false(lq.has_offset || lq.has_limit);
    assert_int_equal(lq.limit, 0);
    /* no list: stops at the first error, stores nothing */
    run_msg(&list_msg, &lq, q, strlen(q), 0, 0);
    assert_int_equal(nerr, 1);
    assert_true(full);
    assert_false(lq.has_offset);
    /* errors already in the list (an earlier step of the request) stay */
    memset(errs, 0, sizeof errs);
    apig__errors e = {errs, 16, 1};
    errs[0].code = "earlier";
    apig_decoder d;
    apig_decoder_init(&d, NULL, 0, errs, 16);
    assert_false(apig__query_decode(&d, &list_msg, "limit=5", 7, BASE, &lq, &e));
    assert_int_equal(e.count, 1);
    assert_string_equal(errs[0].code, "earlier");
    assert_int_equal(lq.limit, 5);
    assert_int_equal(lq.offset, 0); /* defaults applied: this call added no error */
    assert_false(apig__query_decode(&d, &list_msg, "limit=x", 7, BASE, &lq, &e));
    assert_int_equal(e.count, 2);
    assert_string_equal(errs[0].code, "earlier");
    assert_int_equal(errs[1].kind, APIG_ERROR_NOT_INTEGER);
    assert_false(lq.has_offset || lq.has_limit);
}

static void required_parameter(void **state)
{
    (void)state;
    /* absent, or empty: "required" at the end of the query */
    static const char *const missing[] = {"", "page=1", "tag=", "tag&page=2"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        const char *q = missing[i];
        run_msg(&other_msg, &oq, q, strlen(q), 0, 16);
        expect_at(__LINE__, q, 0, APIG_ERROR_REQUIRED, "APIG.2001", "tag", strlen(q));
        assert_int_equal(nerr, 1);
        assert_false(oq.has_mode); /* rejected: no default either */
    }
    /* after the other errors */
    run_msg(&other_msg, &oq, "page=0", 6, 0, 16);
    assert_int_equal(nerr, 2);
    expect_at(__LINE__, "page=0", 0, APIG_ERROR_RANGE, "APIG.2004", "page", 5);
    expect_at(__LINE__, "page=0", 1, APIG_ERROR_REQUIRED, "APIG.2001", "tag", 6);
}

static void query_text_is_pointer_and_length(void **state)
{
    (void)state;
    /* the query ends where its length says: no NUL needed after it */
    static const char q[] = {'l', 'i', 'm', 'i', 't', '=', '4', '2', '%'};
    assert_int_equal(run_msg(&list_msg, &lq, q, 8, 0, 16), 0);
    assert_int_equal(lq.limit, 42);
    /* the '%' just past the length is not read */
    assert_int_equal(run_msg(&list_msg, &lq, q, 9, 0, 16), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_ENCODING);
    /* an escape cut by the length is malformed */
    static const char r[] = {'n', 'a', 'm', 'e', '=', '%', '4', '1'};
    assert_int_equal(run_msg(&list_msg, &lq, r, 7, 0, 16), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_ENCODING);
    assert_int_equal(run_msg(&list_msg, &lq, r, 8, 0, 16), 0);
    assert_string_equal(lq.name, "A");
    /* a NUL byte inside the text is a character like any other */
    static const char s[] = "name=a\0b&limit=9";
    assert_int_equal(run_msg(&list_msg, &lq, s, sizeof s - 1, 0, 16), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_parameter_decodes),
        cmocka_unit_test(defaults_and_empty_values),
        cmocka_unit_test(form_decoding),
        cmocka_unit_test(malformed_escape_or_utf8_is_2012),
        cmocka_unit_test(string_rules),
        cmocka_unit_test(integers),
        cmocka_unit_test(normalisation_at_any_magnitude),
        cmocka_unit_test(range_after_normalisation),
        cmocka_unit_test(known_parameter_twice_is_2012),
        cmocka_unit_test(duplicates_past_64_parameters),
        cmocka_unit_test(unknown_parameters),
        cmocka_unit_test(errors_in_query_order),
        cmocka_unit_test(required_parameter),
        cmocka_unit_test(query_text_is_pointer_and_length),
    };
    return cmocka_run_group_tests_name("query", tests, setup, NULL);
}
