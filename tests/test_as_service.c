/* SPDX-License-Identifier: MIT */
/*
 * test_as_service.c - the two modes of a message: strict (the rules a
 * caller's input must meet: a server checking the answers it writes) and
 * as the service writes (APIG_AS_SERVICE, the schema's x-as-service: a
 * client or gateway reading what the service sends).
 *
 * 1. The tables: a definition with x-as-service rules (its own, or an
 *    embedded message's) has a second apig_message over the same struct,
 *    whose nested messages and items are their own variants; one without
 *    has none; the struct's buffers and the encoded bound are the larger
 *    of the two modes'.
 * 2. Every override of tests/schemas/service.yaml (prefix svc): minLength,
 *    maxLength, x-charset (a set and `any`), format (`none` and added),
 *    minimum and maximum, looser and tighter, on a field, inside an
 *    embedded object, in an array of objects and on an array's string
 *    items; each applied as the service writes and not in strict mode, in
 *    apig_decode, apig_decode_in_place, apig_validate, apig_encode and the
 *    body of apig_request_decode, with the exact kind, code, parameterName
 *    and path.
 * 3. The bundled schema on the interop pages (tests/cases/service-*.json,
 *    from ../shared/interop/service-responses.json): accepted as the
 *    service writes; decode -> encode (compact, pretty, ASCII, pretty ASCII)
 *    -> decode gives the same struct in each mode that takes the page; a
 *    strict encode of a value only the service writes is APIG_ENCODE_INVALID
 *    with the decoder's error.
 * 4. The worst case of each mode against the one <MSG>_ENCODED_MAX.
 * (The view build: test_views.c; the CLI: tests/cases/144..160.)
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
#include "core/core.h" /* apig__text_of, apig__utf8_encode */
#include "error_text.h"
#include "same_struct.h"
#include "worst_case.h"
#include "service.h"       /* tests/schemas/service.yaml (build/gen-tests) */
#include "vpc_members.h"   /* the bundled schema, inline strings */

#define THING (&svc_thing_desc)
#define AS APIG_AS_SERVICE

static const unsigned all_styles[4] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                       APIG_STYLE_PRETTY | APIG_STYLE_ASCII};

static apig_token toks[VPCM_MAX_TOKENS + 64];
static apig_error errs[4];

static const apig_field *field(const apig_message *m, const char *name)
{
    int i = m->lookup(name, strlen(name));
    assert_true(i >= 0 && (uint32_t)i < m->field_count);
    return &m->fields[i];
}

static apig_decoder decoder(unsigned options)
{
    apig_decoder d;
    apig_decoder_init(&d, toks, sizeof toks / sizeof toks[0], errs, 4);
    d.options = options;
    memset(errs, 0, sizeof errs);
    return d;
}

/* What a call must answer: nothing (code NULL), or this first error. */
typedef struct want {
    apig_error_kind kind;
    const char *code;
    const char *param;
    const char *path;
} want;

#define OK {APIG_ERROR_NONE, NULL, NULL, NULL}
#define E(kind, code, param, path) {APIG_ERROR_##kind, code, param, path}

/* n errors were found (errs[0] the first): as `w` says? */
static void check(int line, const char *what, size_t n, const apig_error *e, want w)
{
    if (!w.code) {
        if (n != 0)
            fail_msg("line %d (%s): refused with %s %s at %s (%s), wanted it accepted", line,
                     what, e->code, apig_error_kind_keyword(e->kind), e->path, e->param);
        return;
    }
    if (n == 0)
        fail_msg("line %d (%s): accepted, wanted %s at %s", line, what, w.code, w.path);
    check_error_text(e);
    if (e->kind != w.kind || !e->code || strcmp(e->code, w.code) != 0 ||
        strcmp(e->param, w.param) != 0 || strcmp(e->path, w.path) != 0)
        fail_msg("line %d (%s): %s %s param=%s path=%s, wanted %s %s param=%s path=%s", line,
                 what, e->code ? e->code : "-", apig_error_kind_keyword(e->kind), e->param,
                 e->path, w.code, apig_error_kind_keyword(w.kind), w.param, w.path);
    /* the parameterName is in the message as the service words it */
    char text[256];
    snprintf(text, sizeof text, ",parameterName:%s", w.param);
    if (!strstr(msg_of(e), text))
        fail_msg("line %d (%s): message \"%s\" lacks %s", line, what, msg_of(e), text);
}

/* ---- 1. the tables ------------------------------------------------------------ */

static void tables(void **state)
{
    (void)state;
    const apig_message *v = THING->as_service;
    assert_non_null(v);
    assert_null(v->as_service); /* the variant is as the service writes: nothing further */
    assert_int_equal(v->struct_size, sizeof(svc_thing));
    assert_int_equal(v->field_count, THING->field_count);
    assert_ptr_equal(v->encode_order, THING->encode_order);
    assert_ptr_equal(v->lookup, THING->lookup);
    assert_ptr_equal(v->catalog, THING->catalog);
    assert_int_equal(v->max_body_bytes, THING->max_body_bytes);
    for (uint32_t i = 0; i < v->field_count; i++) {
        const apig_field *s = &THING->fields[i], *a = &v->fields[i];
        assert_string_equal(a->name, s->name);
        assert_int_equal(a->offset, s->offset);
        assert_int_equal(a->has_offset, s->has_offset);
        assert_int_equal(a->capacity, s->capacity); /* one buffer for both */
        assert_int_equal(a->type, s->type);
        assert_ptr_equal(a->kind_entry, s->kind_entry);
    }
    /* the overrides, and what stays */
    assert_int_equal(field(THING, "brief")->min_length, 3);
    assert_int_equal(field(v, "brief")->min_length, 0);
    assert_int_equal(field(v, "brief")->max_length, 8);
    assert_int_equal(field(v, "lengthy")->max_length, 10);
    assert_int_equal(field(THING, "lengthy")->max_length, 4);
    assert_int_equal(field(v, "narrow")->max_length, 2);
    assert_string_equal(field(v, "digits")->charset->name, "word");
    assert_string_equal(field(THING, "digits")->charset->name, "digits");
    assert_null(field(v, "anything")->charset);
    assert_int_equal(field(THING, "stamp")->format, APIG_FORMAT_DATE_TIME);
    assert_int_equal(field(v, "stamp")->format, APIG_FORMAT_NONE);
    assert_int_equal(field(v, "stamp")->max_length, 40);
    assert_int_equal(field(THING, "stamp")->max_length, 35); /* a date-time's default */
    assert_int_equal(field(v, "addr")->format, APIG_FORMAT_IP_ADDRESS);
    assert_true(field(v, "count")->has_minimum);
    assert_int_equal(field(v, "count")->minimum, 0);
    assert_int_equal(field(v, "count")->maximum, 10);
    assert_int_equal(field(v, "big")->maximum, INT64_MAX);
    assert_false(field(THING, "small")->has_minimum || field(THING, "small")->has_maximum);
    assert_true(field(v, "small")->has_minimum && field(v, "small")->has_maximum);
    assert_ptr_equal(field(v, "mode")->enum_values, field(THING, "mode")->enum_values);
    /* nested: the variants' own; a message without rules of its own has none */
    assert_non_null(svc_inner_desc.as_service);
    assert_ptr_equal(field(v, "inner")->message, svc_inner_desc.as_service);
    assert_ptr_equal(field(v, "items")->message, svc_inner_desc.as_service);
    assert_ptr_equal(field(THING, "inner")->message, &svc_inner_desc);
    assert_null(svc_plain_desc.as_service);
    assert_ptr_equal(field(v, "plain")->message, &svc_plain_desc);
    assert_null(svc_problem_desc.as_service);
    assert_true(field(v, "tags")->item != field(THING, "tags")->item);
    assert_int_equal(field(v, "tags")->item->min_length, 0);
    assert_null(field(v, "tags")->item->charset);
    assert_int_equal(field(v, "tags")->item->capacity, field(THING, "tags")->item->capacity);

    /* the buffers: the larger mode's */
    assert_int_equal(SVC_THING_LENGTHY_SIZE, 11);   /* 10 as the service writes */
    assert_int_equal(SVC_THING_NARROW_SIZE, 9);     /* 8 strict */
    assert_int_equal(SVC_THING_ANYTHING_SIZE, 17);  /* any: 4 x 4 */
    assert_int_equal(SVC_THING_STAMP_SIZE, 161);    /* 40 of any, not 35 ASCII */
    assert_int_equal(SVC_THING_ADDR_SIZE, 181);     /* 45 of any strict, not 45 ASCII */
    assert_int_equal(SVC_THING_TAGS_SIZE, 13);      /* 3 of any */
    assert_int_equal(sizeof(((svc_thing *)0)->stamp), 161);

    /* The bundled schema: the page and its members have variants, the
     * request none (the firmware links no second table). */
    const apig_message *page = vpcm_vpc_member_page_desc.as_service;
    const apig_message *info = vpcm_vpc_member_info_desc.as_service;
    assert_non_null(page);
    assert_non_null(info);
    assert_ptr_equal(field(page, "members")->message, info);
    assert_null(vpcm_vpc_member_create_desc.as_service);
    assert_null(vpcm_member_info_desc.as_service);
    assert_null(vpcm_error_msg_desc.as_service);
    assert_null(vpcm_add_backend_instances_v2_path_desc.as_service);
    assert_null(vpcm_list_backend_instances_v2_query_desc.as_service);
    static const char *const strings[] = {"host", "ecs_id", "ecs_name", "id", "vpc_channel_id"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(field(&vpcm_vpc_member_info_desc, strings[i])->min_length, 1);
        assert_int_equal(field(info, strings[i])->min_length, 0);
    }
    assert_string_equal(field(info, "ecs_id")->charset->name, "id-or-address");
    assert_string_equal(field(info, "ecs_name")->charset->name, "name-or-address");
    assert_string_equal(field(&vpcm_vpc_member_info_desc, "ecs_id")->charset->name, "id");
    assert_string_equal(field(&vpcm_vpc_member_info_desc, "ecs_name")->charset->name, "name");
    for (int k = 0; k < 2; k++) {
        const apig_field *ct = field(k ? info : &vpcm_vpc_member_info_desc, "create_time");
        assert_int_equal(ct->format, APIG_FORMAT_DATE_TIME);
        assert_int_equal(ct->max_length, 35);
        assert_int_equal(ct->min_length, 0);
        assert_int_equal(ct->capacity, 36);
    }
    assert_int_equal(field(info, "weight")->maximum, 100);
}

/* ---- 2. every override, in every call ------------------------------------------- */

typedef struct override_case {
    int line;
    const char *body;
    want strict;
    want service;
} override_case;

#define C(body, strict, service) {__LINE__, body, strict, service}

static const override_case cases[] = {
    /* minLength 3 -> 0 */
    C("{\"brief\":\"\"}", E(TOO_SHORT, "S.SHORT", "brief", "brief"), OK),
    C("{\"brief\":\"ab\"}", E(TOO_SHORT, "S.SHORT", "brief", "brief"), OK),
    C("{\"brief\":\"abc\"}", OK, OK),
    /* maxLength 4 -> 10 */
    C("{\"lengthy\":\"abcde\"}", E(TOO_LONG, "S.LONG", "lengthy", "lengthy"), OK),
    C("{\"lengthy\":\"abcdefghij\"}", E(TOO_LONG, "S.LONG", "lengthy", "lengthy"), OK),
    C("{\"lengthy\":\"abcdefghijk\"}", E(TOO_LONG, "S.LONG", "lengthy", "lengthy"),
      E(TOO_LONG, "S.LONG", "lengthy", "lengthy")),
    /* maxLength 8 -> 2: tighter as the service writes */
    C("{\"narrow\":\"abc\"}", OK, E(TOO_LONG, "S.LONG", "narrow", "narrow")),
    C("{\"narrow\":\"ab\"}", OK, OK),
    /* x-charset digits -> word */
    C("{\"digits\":\"abc\"}", E(CHARSET, "S.CHARSET", "digits", "digits"), OK),
    C("{\"digits\":\"123\"}", OK, E(CHARSET, "S.CHARSET", "digits", "digits")),
    /* x-charset word -> any */
    C("{\"anything\":\"\xE4\xB8\xAD!\\u0001\"}", E(CHARSET, "S.CHARSET", "anything", "anything"), OK),
    C("{\"anything\":\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"}",
      E(CHARSET, "S.CHARSET", "anything", "anything"), OK),
    /* the set is checked first: five wide characters are a charset error
     * strict, too long as the service writes */
    C("{\"anything\":\"\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\"}",
      E(CHARSET, "S.CHARSET", "anything", "anything"), E(TOO_LONG, "S.LONG", "anything", "anything")),
    /* format date-time -> none (and maxLength 35 -> 40) */
    C("{\"stamp\":\"yesterday\"}", E(FORMAT, "S.FORMAT", "stamp", "stamp"), OK),
    C("{\"stamp\":\"2020-07-23T09:13:24.859893549Z\"}", OK, OK),
    C("{\"stamp\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", E(TOO_LONG, "S.LONG", "stamp", "stamp"),
      OK),
    C("{\"stamp\":\"\"}", E(FORMAT, "S.FORMAT", "stamp", "stamp"), OK),
    /* format added: ip-address as the service writes */
    C("{\"addr\":\"\xE4\xB8\xAD\"}", OK, E(FORMAT, "S.FORMAT", "addr", "addr")),
    C("{\"addr\":\"10.0.0.256\"}", OK, E(FORMAT, "S.FORMAT", "addr", "addr")),
    C("{\"addr\":\"10.0.0.1\"}", OK, OK),
    C("{\"addr\":\"fe80::1\"}", OK, OK),
    /* minimum 1 -> 0 */
    C("{\"count\":0}", E(RANGE, "S.RANGE", "count", "count"), OK),
    C("{\"count\":11}", E(RANGE, "S.RANGE", "count", "count"), E(RANGE, "S.RANGE", "count", "count")),
    C("{\"count\":-1}", E(RANGE, "S.RANGE", "count", "count"), E(RANGE, "S.RANGE", "count", "count")),
    /* maximum 100 -> INT64_MAX */
    C("{\"big\":9223372036854775807}", E(RANGE, "S.RANGE", "big", "big"), OK),
    C("{\"big\":-1}", E(RANGE, "S.RANGE", "big", "big"), E(RANGE, "S.RANGE", "big", "big")),
    /* limits only as the service writes */
    C("{\"small\":6}", OK, E(RANGE, "S.RANGE", "small", "small")),
    C("{\"small\":-2147483648}", OK, E(RANGE, "S.RANGE", "small", "small")),
    C("{\"small\":-5}", OK, OK),
    /* an enum keeps its values; the length before it */
    C("{\"mode\":\"quick\"}", E(TOO_LONG, "S.LONG", "mode", "mode"), E(ENUM, "S.ENUM", "mode", "mode")),
    C("{\"mode\":\"slow\"}", OK, OK),
    /* inside an embedded object, an array of objects, an array's items */
    C("{\"inner\":{\"label\":\"\"}}", E(TOO_SHORT, "S.SHORT", "label", "inner.label"), OK),
    C("{\"items\":[{\"label\":\"a\"},{\"label\":\"\"}]}",
      E(TOO_SHORT, "S.SHORT", "label", "items[1].label"), OK),
    C("{\"tags\":[\"ab\",\"\"]}", E(TOO_SHORT, "S.SHORT", "tags", "tags[1]"), OK),
    C("{\"tags\":[\"\xE4\xB8\xAD\xE4\xB8\xAD\"]}", E(CHARSET, "S.CHARSET", "tags", "tags[0]"), OK),
    C("{\"tags\":[\"ab\",\"abcd\"]}", E(TOO_LONG, "S.LONG", "tags", "tags[1]"),
      E(TOO_LONG, "S.LONG", "tags", "tags[1]")),
    /* what has no override is the same in both */
    C("{\"plain\":{\"name\":\"\"}}", E(TOO_SHORT, "S.SHORT", "name", "plain.name"),
      E(TOO_SHORT, "S.SHORT", "name", "plain.name")),
    C("{\"inner\":{}}", E(REQUIRED, "S.REQUIRED", "label", "inner.label"),
      E(REQUIRED, "S.REQUIRED", "label", "inner.label")),
    C("{\"brief\":1}", E(TYPE, "S.TYPE", "brief", "brief"), E(TYPE, "S.TYPE", "brief", "brief")),
};
#define N_CASES (sizeof cases / sizeof cases[0])

static svc_thing a, b;

static void decode_both_modes(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_CASES; i++) {
        const override_case *c = &cases[i];
        for (int mode = 0; mode < 2; mode++) {
            apig_decoder d = decoder(mode ? AS : 0);
            size_t n = apig_decode(&d, THING, c->body, strlen(c->body), &a);
            check(c->line, mode ? "decode as the service writes" : "decode strict", n, &errs[0],
                  mode ? c->service : c->strict);
            /* the same through the typed wrapper and in place */
            d = decoder(mode ? AS : 0);
            check(c->line, "typed decode", svc_thing_decode(&d, c->body, strlen(c->body), &b),
                  &errs[0], mode ? c->service : c->strict);
            char copy[256];
            assert_true(strlen(c->body) < sizeof copy);
            strcpy(copy, c->body);
            d = decoder(mode ? AS : 0);
            check(c->line, "decode in place", apig_decode_in_place(&d, THING, copy, strlen(copy), &b),
                  &errs[0], mode ? c->service : c->strict);
        }
    }
}

/* The body of a whole request goes by the decoder's mode too. */
static void request_body_both_modes(void **state)
{
    (void)state;
    static svc_put_thing_request parts;
    for (size_t i = 0; i < N_CASES; i++) {
        const override_case *c = &cases[i];
        apig_http_request rq = {"PUT", 3, "/things", 7, NULL, 0, c->body, strlen(c->body)};
        for (int mode = 0; mode < 2; mode++) {
            apig_decoder d = decoder(mode ? AS : 0);
            check(c->line, mode ? "request as the service writes" : "request strict",
                  svc_put_thing_request_decode(&d, &rq, &parts), &errs[0],
                  mode ? c->service : c->strict);
        }
    }
}

/* A struct holding the case's value: decoded in a mode that takes it. */
static bool struct_of(const override_case *c, svc_thing *out)
{
    for (int mode = 0; mode < 2; mode++) {
        apig_decoder d = decoder(mode ? AS : 0);
        memset(out, 0, sizeof *out);
        if (apig_decode(&d, THING, c->body, strlen(c->body), out) == 0)
            return true;
    }
    return false;
}

static void validate_both_modes(void **state)
{
    (void)state;
    size_t tested = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        const override_case *c = &cases[i];
        if (!struct_of(c, &a))
            continue; /* no mode takes it: no struct to hold it */
        tested++;
        for (int mode = 0; mode < 2; mode++) {
            apig_decoder d = decoder(mode ? AS : 0);
            size_t n = apig_validate(&d, THING, &a);
            check(c->line, mode ? "validate as the service writes" : "validate strict", n,
                  &errs[0], mode ? c->service : c->strict);
            if (n)
                assert_int_equal(errs[0].offset, 0);
            d = decoder(mode ? AS : 0);
            check(c->line, "typed validate", svc_thing_validate(&d, &a), &errs[0],
                  mode ? c->service : c->strict);
        }
    }
    assert_true(tested >= N_CASES - 10);
}

static void encode_both_modes(void **state)
{
    (void)state;
    static char out[SVC_THING_ENCODED_MAX + 1];
    for (size_t i = 0; i < N_CASES; i++) {
        const override_case *c = &cases[i];
        if (!struct_of(c, &a))
            continue;
        for (int mode = 0; mode < 2; mode++) {
            want w = mode ? c->service : c->strict;
            for (size_t s = 0; s < 4; s++) {
                unsigned style = all_styles[s] | (mode ? AS : 0);
                apig_error e;
                memset(&e, 0, sizeof e);
                size_t n = apig_encode(THING, &a, style, out, sizeof out, &e);
                if (w.code) {
                    if (n != APIG_ENCODE_INVALID)
                        fail_msg("line %d: encoded in mode %d, wanted %s", c->line, mode, w.code);
                    check(c->line, "encode", 1, &e, w);
                    assert_int_equal(e.offset, 0);
                    assert_int_equal(svc_thing_encode(&a, style, NULL, 0, &e), APIG_ENCODE_INVALID);
                    continue;
                }
                if (n == APIG_ENCODE_INVALID || n >= sizeof out)
                    fail_msg("line %d: mode %d style %u: not encoded (%s at %s)", c->line, mode,
                             style, e.code ? e.code : "-", e.path);
                assert_int_equal(svc_thing_encode(&a, style, NULL, 0, &e), n);
                /* what a mode writes, the same mode reads back, equal */
                apig_decoder d = decoder(mode ? AS : 0);
                memset(&b, 0xA5, sizeof b);
                if (apig_decode(&d, THING, out, n, &b) != 0)
                    fail_msg("line %d: mode %d: %s does not decode: %s at %s", c->line, mode, out,
                             errs[0].code, errs[0].path);
                assert_true(same_struct(THING, &a, &b));
            }
        }
    }
}

/* A hand-written table that leaves as_service out (zero) keeps its one set
 * of rules whatever the mode. */
static void tables_without_variant(void **state)
{
    (void)state;
    apig_message hand = *THING;
    hand.as_service = NULL;
    apig_decoder d = decoder(AS);
    check(__LINE__, "hand-written", apig_decode(&d, &hand, "{\"brief\":\"\"}", 12, &a), &errs[0],
          (want)E(TOO_SHORT, "S.SHORT", "brief", "brief"));
    d = decoder(AS);
    check(__LINE__, "the variant itself", apig_decode(&d, THING->as_service, "{\"brief\":\"\"}", 12, &a),
          &errs[0], (want)OK);
    d = decoder(0); /* the variant's rules are its own, in any mode */
    check(__LINE__, "the variant, strict", apig_decode(&d, THING->as_service, "{\"brief\":\"\"}", 12, &a),
          &errs[0], (want)OK);
    /* reject-unknown and the mode combine */
    d = decoder(AS | APIG_OPT_REJECT_UNKNOWN);
    static const char unknown[] = "{\"brief\":\"\",\"x\":1}";
    check(__LINE__, "unknown", apig_decode(&d, THING, unknown, sizeof unknown - 1, &a), &errs[0],
          (want)E(UNKNOWN_FIELD, "S.OTHER", "x", "x"));
}

/* ---- 3. the interop pages on the bundled schema ------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    static char buf[2][8192];
    static int next;
    char *p = buf[next++ % 2];
    *len = fread(p, 1, sizeof buf[0] - 1, f);
    fclose(f);
    p[*len] = '\0';
    return p;
}

static vpcm_vpc_member_page page, again, strict_page;
static char text[VPCM_VPC_MEMBER_PAGE_ENCODED_MAX / 64];

/* decode -> encode (every style) -> decode gives the same page, in `mode`. */
static void round_trip(const char *name, const vpcm_vpc_member_page *p, unsigned mode)
{
    const apig_message *m = &vpcm_vpc_member_page_desc;
    for (size_t s = 0; s < 4; s++) {
        apig_error e;
        size_t n = vpcm_vpc_member_page_encode(p, all_styles[s] | mode, text, sizeof text, &e);
        if (n == APIG_ENCODE_INVALID || n >= sizeof text)
            fail_msg("%s: style %u mode %u: not encoded (%s at %s)", name, all_styles[s], mode,
                     e.code ? e.code : "-", e.path);
        apig_decoder d = decoder(mode);
        memset(&again, 0x5A, sizeof again);
        if (apig_decode(&d, m, text, n, &again) != 0)
            fail_msg("%s: style %u mode %u: %s does not decode (%s at %s)", name, all_styles[s],
                     mode, text, errs[0].code, errs[0].path);
        assert_true(same_struct(m, p, &again));
        /* and once more: the same bytes */
        char second[sizeof text];
        assert_int_equal(vpcm_vpc_member_page_encode(&again, all_styles[s] | mode, second,
                                                     sizeof second, &e), n);
        assert_memory_equal(second, text, n);
    }
}

static void interop_pages(void **state)
{
    (void)state;
    const apig_message *m = &vpcm_vpc_member_page_desc;
    size_t len;

    /* The list page: ip-type members with the address in ecs_id/ecs_name,
     * unknown fields (is_backup, port, member_group_*, health_status)
     * ignored by default. */
    const char *list = read_file("tests/cases/service-list-ip.json", &len);
    apig_decoder d = decoder(AS);
    check(__LINE__, "list page", apig_decode(&d, m, list, len, &page), &errs[0], (want)OK);
    assert_int_equal(page.members_count, 2);
    assert_string_equal(page.members[0].ecs_id, "192.168.0.5");
    assert_string_equal(page.members[0].ecs_name, "192.168.0.5");
    assert_string_equal(page.members[1].ecs_id, "192.168.1.124");
    assert_string_equal(page.members[1].create_time, "2020-07-23T09:13:24Z");
    round_trip("list page", &page, AS);
    /* strict: an address is not an id, in decoding... */
    d = decoder(0);
    check(__LINE__, "list page strict", apig_decode(&d, m, list, len, &strict_page), &errs[0],
          (want)E(CHARSET, "APIG.2012", "ecs_id", "members[0].ecs_id"));
    assert_int_equal(errs[0].offset, (size_t)(strstr(list, "\"192.168.0.5\", \"ecs_name") - list));
    assert_false(strict_page.has_members); /* left absent */
    /* ...in validating and in encoding (a server may not write it) */
    d = decoder(0);
    check(__LINE__, "list page validate strict", apig_validate(&d, m, &page), &errs[0],
          (want)E(CHARSET, "APIG.2012", "ecs_id", "members[0].ecs_id"));
    for (size_t s = 0; s < 4; s++) {
        apig_error e;
        assert_int_equal(apig_encode(m, &page, all_styles[s], text, sizeof text, &e),
                         APIG_ENCODE_INVALID);
        check(__LINE__, "list page encode strict", 1, &e,
              (want)E(CHARSET, "APIG.2012", "ecs_id", "members[0].ecs_id"));
        assert_int_equal(e.offset, 0);
        assert_int_equal(e.status, 400);
    }
    /* the unknown fields are unknown in both modes */
    d = decoder(AS | APIG_OPT_REJECT_UNKNOWN);
    check(__LINE__, "list page, unknown refused", apig_decode(&d, m, list, len, &again), &errs[0],
          (want)E(UNKNOWN_FIELD, "APIG.2012", "is_backup", "members[0].is_backup"));

    /* The 201 page: create_time with fractions and an offset, RFC 3339:
     * every mode takes it, and both give the same struct. */
    const char *rfc = read_file("tests/cases/service-201-rfc3339.json", &len);
    d = decoder(AS);
    check(__LINE__, "201 page", apig_decode(&d, m, rfc, len, &page), &errs[0], (want)OK);
    d = decoder(0);
    check(__LINE__, "201 page strict", apig_decode(&d, m, rfc, len, &strict_page), &errs[0],
          (want)OK);
    assert_true(same_struct(m, &page, &strict_page));
    assert_string_equal(page.members[0].create_time, "2020-07-23T09:03:53.859893549Z");
    assert_string_equal(page.members[1].create_time, "2020-07-23T15:24:34+08:00");
    round_trip("201 page", &page, AS);
    round_trip("201 page strict", &strict_page, 0);

    /* The service's empty strings: as it writes, not strict. */
    static const char empty[] = "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"\",\"id\":\"\","
                                "\"ecs_id\":\"\",\"ecs_name\":\"\",\"vpc_channel_id\":\"\"}]}";
    d = decoder(AS);
    check(__LINE__, "empty strings", apig_decode(&d, m, empty, sizeof empty - 1, &page), &errs[0],
          (want)OK);
    assert_true(page.members[0].has_host && page.members[0].host[0] == '\0');
    round_trip("empty strings", &page, AS);
    apig_error e;
    assert_int_equal(apig_encode(m, &page, APIG_STYLE_COMPACT, NULL, 0, &e), APIG_ENCODE_INVALID);
    /* validation goes in output order: create_time, host, id, ... */
    check(__LINE__, "empty strings encode strict", 1, &e,
          (want)E(TOO_SHORT, "APIG.2005", "host", "members[0].host"));

    /* The document's examples: byte for byte in both modes. */
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        if (ex->message != m)
            continue;
        for (int mode = 0; mode < 2; mode++) {
            d = decoder(mode ? AS : 0);
            check(__LINE__, ex->name, apig_decode(&d, m, ex->body, ex->body_len, &page), &errs[0],
                  (want)OK);
            size_t n = apig_encode(m, &page, APIG_STYLE_PRETTY | (mode ? AS : 0), text,
                                   sizeof text, &e);
            assert_int_equal(n, ex->body_len);
            assert_memory_equal(text, ex->body, n);
        }
    }
}

/* ---- 4. the worst case of each mode against the one bound ---------------------------- */

static void worst_case_bound(void **state)
{
    (void)state;
    /* Each mode's longest struct, encoded in that mode (the variant's tables
     * hold its rules), stays within the message's one bound. */
    size_t strict = check_worst_encodings(THING, SVC_THING_ENCODED_MAX, fill_worst);
    size_t service = check_worst_encodings(THING->as_service, SVC_THING_ENCODED_MAX, fill_worst);
    assert_true(service > strict); /* any characters, longer strings: the bound is the service's */
    check_worst_encodings(svc_inner_desc.as_service, SVC_INNER_ENCODED_MAX, fill_worst);
    check_worst_encodings(vpcm_vpc_member_page_desc.as_service, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX,
                          fill_worst);
    check_worst_encodings(vpcm_vpc_member_info_desc.as_service, VPCM_VPC_MEMBER_INFO_ENCODED_MAX,
                          fill_worst);
    assert_true(SVC_THING_BODY_MAX >= SVC_THING_ENCODED_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables),
        cmocka_unit_test(decode_both_modes),
        cmocka_unit_test(request_body_both_modes),
        cmocka_unit_test(validate_both_modes),
        cmocka_unit_test(encode_both_modes),
        cmocka_unit_test(tables_without_variant),
        cmocka_unit_test(interop_pages),
        cmocka_unit_test(worst_case_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
