/* SPDX-License-Identifier: MIT */
/*
 * test_views.c - view string storage, on the bundled schema generated with
 * `apig-gen --string-storage view` (build/gen-view): strings without
 * escapes point into the body, strings with escapes are unescaped into the
 * decoder's arena or in place, an arena that runs out is an error of its
 * own, and every rule, the encoder and the validator treat a view as they
 * treat inline text; responses as the service writes them (APIG_AS_SERVICE)
 * round-trip in views as they do inline. (The whole CLI case suite also runs on this build:
 * test_decode's cli_cases_view, test_cli_request's second group.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "core/core.h"   /* apig__text_of, for same_struct.h */
#include "same_struct.h"
#include "vpc_members.h" /* the view build: -I build/gen-view comes first */

#define MSG (&vpcm_vpc_member_create_desc)

static apig_token toks[VPCM_MAX_TOKENS];
static vpcm_vpc_member_create req, again;
static apig_error errs[8];
static char arena[4096];
static apig_decoder d;

static int reset(void **state)
{
    (void)state;
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, errs, 8);
    d.arena = arena;
    d.arena_cap = sizeof arena;
    memset(errs, 0, sizeof errs);
    memset(arena, 0x5a, sizeof arena);
    return 0;
}

static bool view_is(apig_string v, const char *text)
{
    return v.ptr && v.len == strlen(text) && memcmp(v.ptr, text, v.len) == 0;
}

static bool inside(const void *p, const void *base, size_t len)
{
    return (const char *)p >= (const char *)base && (const char *)p <= (const char *)base + len;
}

static void the_struct_holds_views(void **state)
{
    (void)state;
    /* 8 KiB for 200 members on a 32-bit target: three views and an
     * integer a member, no text buffers. */
    assert_int_equal(sizeof(((vpcm_member_info *)0)->host), sizeof(apig_string));
    /* the presence flags together first: no padding after each */
    assert_true(sizeof(vpcm_member_info) <= 4 * sizeof(apig_string));
    const apig_field *host = &vpcm_member_info_desc.fields[vpcm_member_info_desc.lookup("host", 4)];
    assert_int_equal(host->storage, APIG_STORAGE_VIEW);
    assert_int_equal(host->capacity, 0);
    /* Parameters stay inline: they are text, not JSON. */
    assert_int_equal(vpcm_add_backend_instances_v2_path_desc.fields[0].storage,
                     APIG_STORAGE_INLINE);
    assert_int_equal(sizeof(((vpcm_add_backend_instances_v2_path *)0)->project_id),
                     VPCM_ADD_BACKEND_INSTANCES_V2_PATH_PROJECT_ID_SIZE);
}

static void plain_strings_point_into_the_body(void **state)
{
    (void)state;
    static const char body[] = "{\"members\":[{\"host\":\"192.168.2.25\",\"ecs_name\":\"a\xe4\xb8\xad\","
                               "\"weight\":1}]}";
    assert_int_equal(apig_decode(&d, MSG, body, sizeof body - 1, &req), 0);
    assert_true(view_is(req.members[0].host, "192.168.2.25"));
    assert_ptr_equal(req.members[0].host.ptr, strstr(body, "192"));
    assert_true(view_is(req.members[0].ecs_name, "a\xe4\xb8\xad"));
    assert_false(req.members[0].has_ecs_id);
    assert_null(req.members[0].ecs_id.ptr);
    assert_int_equal(req.members[0].ecs_id.len, 0);
    /* nothing was written to the arena */
    assert_int_equal((unsigned char)arena[0], 0x5a);
}

static void escapes_are_unescaped_into_the_arena(void **state)
{
    (void)state;
    static const char body[] = "{\"members\":[{\"host\":\"\\u0031\\u0039\\u0032.168.0.1\","
                               "\"ecs_name\":\"x\\u4e2d\",\"ecs_id\":\"a\\/b\"}]}";
    assert_int_equal(apig_decode(&d, MSG, body, sizeof body - 1, &req), 1);
    /* a/b: "/" is outside the id set, the same error as inline */
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    assert_string_equal(errs[0].path, "members[0].ecs_id");

    static const char ok[] = "{\"members\":[{\"host\":\"\\u0031\\u0039\\u0032.168.0.1\","
                             "\"ecs_name\":\"x\\u4e2d\"}]}";
    assert_int_equal(apig_decode(&d, MSG, ok, sizeof ok - 1, &req), 0);
    assert_true(view_is(req.members[0].host, "192.168.0.1"));
    assert_true(view_is(req.members[0].ecs_name, "x\xe4\xb8\xad"));
    assert_true(inside(req.members[0].host.ptr, arena, sizeof arena));
    assert_true(inside(req.members[0].ecs_name.ptr, arena, sizeof arena));
    /* one after the other, no gap: the arena holds exactly the unescaped text */
    assert_ptr_equal(req.members[0].host.ptr, arena);
    assert_ptr_equal(req.members[0].ecs_name.ptr, arena + 11);
}

/* The body's length always suffices; less runs out, and that is an error
 * at the string that did not fit, never a cut value. */
static void an_arena_that_runs_out_is_an_error(void **state)
{
    (void)state;
    static const char body[] = "{\"members\":[{\"ecs_name\":\"ab\",\"host\":\"\\u0031.2.3.4\"},"
                               "{\"host\":\"\\u0031.2.3.5\"}]}";
    size_t len = sizeof body - 1;
    d.arena_cap = len;
    assert_int_equal(apig_decode(&d, MSG, body, len, &req), 0);
    d.arena_cap = 8; /* "1.2.3.4" and its NUL fit; the second does not */
    assert_int_equal(apig_decode(&d, MSG, body, len, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_SYNTAX);
    assert_string_equal(errs[0].code, "APIG.2000");
    assert_string_equal(errs[0].detail, "string arena is full");
    assert_int_equal(errs[0].offset, (size_t)(strstr(body, "{\"host\":\"\\u0031.2.3.5") - body) + 8);
    assert_false(req.has_members); /* rejected: absent */
    d.arena = NULL;
    d.arena_cap = 0;
    assert_int_equal(apig_decode(&d, MSG, body, len, &req), 1);
    assert_string_equal(errs[0].detail, "string arena is full");
    /* a rule the value breaks anyway speaks first: too long is too long */
    char big[600];
    int n = snprintf(big, sizeof big, "{\"members\":[{\"ecs_name\":\"\\u0061%0*d\"}]}", 70, 0);
    assert_int_equal(apig_decode(&d, MSG, big, (size_t)n, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_TOO_LONG);
    /* errors before the full arena stay, in order */
    d.errors = errs;
    static const char two[] = "{\"members\":[{\"weight\":101,\"host\":\"\\u0031.2.3.4\"}]}";
    assert_int_equal(apig_decode(&d, MSG, two, sizeof two - 1, &req), 2);
    assert_int_equal(errs[0].kind, APIG_ERROR_RANGE);
    assert_string_equal(errs[1].detail, "string arena is full");
}

static void in_place_needs_no_arena(void **state)
{
    (void)state;
    d.arena = NULL;
    d.arena_cap = 0;
    char body[] = "{\"members\":[{\"host\":\"\\u0031.2.3.4\",\"ecs_name\":\"n\\u00e9\\n\"}]}";
    size_t len = strlen(body);
    /* "\n" is outside the name set */
    assert_int_equal(apig_decode_in_place(&d, MSG, body, len, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    char ok[] = "{\"members\":[{\"host\":\"\\u0031.2.3.4\",\"ecs_name\":\"n\\u4e2d\"}]}";
    len = strlen(ok);
    const char *raw_host = strstr(ok, "\\u0031");
    assert_int_equal(apig_decode_in_place(&d, MSG, ok, len, &req), 0);
    assert_true(view_is(req.members[0].host, "1.2.3.4"));
    assert_true(view_is(req.members[0].ecs_name, "n\xe4\xb8\xad"));
    assert_ptr_equal(req.members[0].host.ptr, raw_host); /* where its raw text began */
    assert_true(inside(req.members[0].ecs_name.ptr, ok, len));
}

/* Over the token budget in place, the budget's error keeps the position
 * the original body gives it, though unescaping wrote newlines before it. */
static void in_place_positions_are_the_original_bodys(void **state)
{
    (void)state;
    d.arena = NULL;
    d.token_cap = 8;
    char body[] = "{\"members\":[{\"host\":\"\\n\\n\"},\n{},\n{},{}]}";
    char copy[sizeof body];
    memcpy(copy, body, sizeof body);
    apig_error want;
    apig_decoder plain = d;
    plain.errors = &want;
    plain.error_cap = 1;
    plain.arena = arena;
    plain.arena_cap = sizeof arena;
    size_t n = apig_decode(&plain, MSG, copy, strlen(copy), &again);
    assert_int_equal(apig_decode_in_place(&d, MSG, body, strlen(body), &req), n);
    char got_text[512], want_text[512];
    apig_error_message(&errs[0], got_text, sizeof got_text);
    apig_error_message(&want, want_text, sizeof want_text);
    assert_string_equal(got_text, want_text);
    assert_int_equal(errs[0].line, want.line);
    assert_int_equal(errs[0].offset, want.offset);
}

/* A full error list in place: the strings already decoded (and rewritten)
 * are not checked again. Found by fuzz_decode_view
 * (fuzz/regressions/fuzz_decode/in-place-full-list-rechecked-rewritten-strings):
 * once the list filled, the walk checked the remaining strings for syntax
 * errors from the one it stopped at, whose "\t" was by then a raw tab, and
 * answered "unescaped control character" for a well-formed body. */
static void in_place_full_list_answers_as_decode(void **state)
{
    (void)state;
    static const char text[] =
        "{\"members\":[{\"ecs_id\":\"a\\u0000b\",\"ecs_name\":\"x\\ty\",\"weight\":1}]}";
    for (size_t cap = 1; cap <= 3; cap++) {
        char body[sizeof text];
        memcpy(body, text, sizeof text);
        apig_error want[3];
        apig_decoder plain = d;
        plain.errors = want;
        plain.error_cap = cap;
        plain.arena = arena;
        plain.arena_cap = sizeof arena;
        size_t n = apig_decode(&plain, MSG, text, strlen(text), &again);
        assert_int_equal(n, cap < 2 ? cap : 2);
        assert_string_equal(want[0].code, "APIG.2012");
        assert_string_equal(want[0].path, "members[0].ecs_id");
        apig_decoder inplace = d;
        inplace.arena = NULL;
        inplace.arena_cap = 0;
        inplace.error_cap = cap;
        assert_int_equal(apig_decode_in_place(&inplace, MSG, body, strlen(body), &req), n);
        for (size_t i = 0; i < n && i < cap; i++) {
            assert_string_equal(errs[i].code, want[i].code);
            assert_string_equal(errs[i].path, want[i].path);
            assert_int_equal(errs[i].offset, want[i].offset);
            assert_int_equal(errs[i].kind, want[i].kind);
        }
    }
    assert_string_equal(errs[1].path, "members[0].ecs_name");
    assert_int_equal(errs[1].kind, APIG_ERROR_CHARSET);
}

static void validate_and_encode_views(void **state)
{
    (void)state;
    memset(&req, 0, sizeof req);
    req.has_members = true;
    req.members_count = 1;
    vpcm_member_info *m = &req.members[0];
    m->has_host = true;
    m->host = (apig_string){"10.0.0.1", 8};
    m->has_ecs_name = true;
    m->ecs_name = (apig_string){"\xe4\xb8\xad-x", 5};
    apig_decoder v;
    apig_decoder_init(&v, NULL, 0, errs, 8);
    assert_int_equal(apig_validate(&v, MSG, &req), 0);
    char out[256];
    size_t n = apig_encode(MSG, &req, APIG_STYLE_COMPACT, out, sizeof out, NULL);
    assert_string_equal(out, "{\"members\":[{\"host\":\"10.0.0.1\",\"ecs_name\":\"\xe4\xb8\xad-x\"}]}");
    assert_int_equal(n, strlen(out));
    /* the name set has no '"': the same refusal as inline text */
    m->ecs_name = (apig_string){"a\"", 2};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    /* a view with no text but a length, bad UTF-8, U+0000, too long */
    m->ecs_name = (apig_string){NULL, 3};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_TYPE);
    assert_string_equal(errs[0].path, "members[0].ecs_name");
    apig_error e;
    assert_true(apig_encode(MSG, &req, APIG_STYLE_COMPACT, out, sizeof out, &e) ==
                APIG_ENCODE_INVALID);
    assert_int_equal(e.kind, APIG_ERROR_TYPE);
    m->ecs_name = (apig_string){"a\xff", 2};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    m->ecs_name = (apig_string){"a\0b", 3};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    m->ecs_name = (apig_string){"", 0};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_TOO_SHORT);
    m->ecs_name = (apig_string){"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 65};
    assert_int_equal(apig_validate(&v, MSG, &req), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_TOO_LONG);
    m->ecs_name = (apig_string){"ok", 2};
    m->host = (apig_string){"10.0.0.1x", 8}; /* a view need not end where the text does */
    assert_int_equal(apig_validate(&v, MSG, &req), 0);
}

/* The document's examples, and what apig writes in every style, decode to
 * views that encode to the same bytes. */
static void round_trips(void **state)
{
    (void)state;
    static const unsigned styles[] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                      APIG_STYLE_PRETTY | APIG_STYLE_ASCII};
    static const char body[] = "{\"members\":[{\"host\":\"::1\",\"ecs_name\":\"\\u4e2d-\\u6587.\","
                               "\"weight\":0},{\"ecs_id\":\"x_1\",\"weight\":100}]}";
    assert_int_equal(apig_decode(&d, MSG, body, sizeof body - 1, &req), 0);
    for (size_t s = 0; s < 4; s++) {
        static char out[2][4096];
        size_t n = apig_encode(MSG, &req, styles[s], out[0], sizeof out[0], NULL);
        assert_true(n < sizeof out[0]);
        apig_decoder d2 = d;
        static char arena2[4096];
        d2.arena = arena2;
        d2.arena_cap = sizeof arena2;
        assert_int_equal(apig_decode(&d2, MSG, out[0], n, &again), 0);
        size_t n2 = apig_encode(MSG, &again, styles[s], out[1], sizeof out[1], NULL);
        assert_int_equal(n2, n);
        assert_memory_equal(out[0], out[1], n);
    }
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *x = &vpcm_examples.items[i];
        static union {
            vpcm_vpc_member_page page;
            vpcm_vpc_member_create create;
            vpcm_error_msg error;
        } any;
        static char out[8192];
        assert_int_equal(apig_decode(&d, x->message, x->body, x->body_len, &any), 0);
        size_t n = apig_encode(x->message, &any, APIG_STYLE_PRETTY, out, sizeof out, NULL);
        assert_int_equal(n, x->body_len);
        assert_memory_equal(out, x->body, n);
    }
}

/* ---- responses as the service writes them, in views --------------------------- */

static char *read_case(const char *name, size_t *len)
{
    static char buf[2][8192];
    static int next;
    char path[128];
    snprintf(path, sizeof path, "tests/cases/%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run from the repository root)", path);
    char *p = buf[next++ % 2];
    *len = fread(p, 1, sizeof buf[0] - 1, f);
    fclose(f);
    p[*len] = '\0';
    return p;
}

static vpcm_vpc_member_page page, page_again;

/* decode -> encode (every style) -> decode: the same page, in `mode`; with
 * the arena and in place alike. */
static void page_round_trip(const vpcm_vpc_member_page *p, unsigned mode)
{
    static const unsigned styles[] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                      APIG_STYLE_PRETTY | APIG_STYLE_ASCII};
    const apig_message *m = &vpcm_vpc_member_page_desc;
    for (size_t s = 0; s < 4; s++) {
        static char out[8192], arena2[8192];
        apig_error e;
        size_t n = apig_encode(m, p, styles[s] | mode, out, sizeof out, &e);
        if (n == APIG_ENCODE_INVALID || n >= sizeof out)
            fail_msg("style %u mode %u: not encoded (%s at %s)", styles[s], mode,
                     e.code ? e.code : "-", e.path);
        apig_decoder d2 = d;
        d2.arena = arena2;
        d2.arena_cap = sizeof arena2;
        d2.options = mode;
        assert_int_equal(apig_decode(&d2, m, out, n, &page_again), 0);
        assert_true(same_struct(m, p, &page_again));
        d2.arena = NULL;
        d2.arena_cap = 0;
        static char in_place[8192];
        memcpy(in_place, out, n);
        static vpcm_vpc_member_page third;
        assert_int_equal(apig_decode_in_place(&d2, m, in_place, n, &third), 0);
        assert_true(same_struct(m, p, &third));
    }
}

static void service_pages_in_views(void **state)
{
    (void)state;
    const apig_message *m = &vpcm_vpc_member_page_desc;
    size_t len;
    /* the list page: as the service writes it */
    const char *list = read_case("service-list-ip.json", &len);
    d.options = APIG_AS_SERVICE;
    assert_int_equal(apig_decode(&d, m, list, len, &page), 0);
    assert_true(view_is(page.members[0].ecs_id, "192.168.0.5"));
    assert_true(view_is(page.members[1].ecs_name, "192.168.1.124"));
    assert_true(inside(page.members[0].ecs_id.ptr, list, len)); /* no escape: the body's own */
    page_round_trip(&page, APIG_AS_SERVICE);
    /* strict: refused, at the same place as inline */
    d.options = 0;
    static vpcm_vpc_member_page strict;
    assert_int_equal(apig_decode(&d, m, list, len, &strict), 2); /* both members' ecs_id */
    assert_string_equal(errs[1].path, "members[1].ecs_id");
    assert_int_equal(errs[0].kind, APIG_ERROR_CHARSET);
    assert_string_equal(errs[0].code, "APIG.2012");
    assert_string_equal(errs[0].param, "ecs_id");
    assert_string_equal(errs[0].path, "members[0].ecs_id");
    assert_int_equal(errs[0].offset, (size_t)(strstr(list, "\"192.168.0.5\", \"ecs_name") - list));
    /* and a strict encode of the views the service wrote is refused */
    apig_error e;
    assert_true(apig_encode(m, &page, APIG_STYLE_PRETTY, NULL, 0, &e) == APIG_ENCODE_INVALID);
    assert_int_equal(e.kind, APIG_ERROR_CHARSET);
    assert_string_equal(e.code, "APIG.2012");
    assert_string_equal(e.param, "ecs_id");
    assert_string_equal(e.path, "members[0].ecs_id");
    assert_int_equal(apig_validate(&d, m, &page), 2);
    assert_string_equal(errs[0].path, "members[0].ecs_id");
    d.options = APIG_AS_SERVICE;
    assert_int_equal(apig_validate(&d, m, &page), 0);

    /* the 201 page: RFC 3339 create_time, both modes */
    const char *rfc = read_case("service-201-rfc3339.json", &len);
    for (int mode = 0; mode < 2; mode++) {
        d.options = mode ? APIG_AS_SERVICE : 0;
        assert_int_equal(apig_decode(&d, m, rfc, len, &page), 0);
        assert_true(view_is(page.members[0].create_time, "2020-07-23T09:03:53.859893549Z"));
        assert_true(view_is(page.members[1].create_time, "2020-07-23T15:24:34+08:00"));
        page_round_trip(&page, mode ? APIG_AS_SERVICE : 0);
    }

    /* empty strings, escaped ones too: views of length 0 */
    static const char empty[] = "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"\",\"ecs_id\":\"\","
                                "\"ecs_name\":\"fe80\\u003a:1\"}]}";
    d.options = APIG_AS_SERVICE;
    assert_int_equal(apig_decode(&d, m, empty, sizeof empty - 1, &page), 0);
    assert_true(page.members[0].has_host && page.members[0].host.len == 0);
    assert_true(view_is(page.members[0].ecs_name, "fe80::1"));
    assert_true(inside(page.members[0].ecs_name.ptr, arena, sizeof arena));
    page_round_trip(&page, APIG_AS_SERVICE);
    d.options = 0;
    /* host and ecs_id too short, ecs_name's ':' outside the name set */
    assert_int_equal(apig_decode(&d, m, empty, sizeof empty - 1, &page), 3);
    assert_string_equal(errs[1].path, "members[0].ecs_id");
    assert_int_equal(errs[2].kind, APIG_ERROR_CHARSET);
    assert_string_equal(errs[2].path, "members[0].ecs_name");
    assert_int_equal(errs[0].kind, APIG_ERROR_TOO_SHORT);
    assert_string_equal(errs[0].code, "APIG.2005");
    assert_string_equal(errs[0].path, "members[0].host");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(the_struct_holds_views, reset),
        cmocka_unit_test_setup(plain_strings_point_into_the_body, reset),
        cmocka_unit_test_setup(escapes_are_unescaped_into_the_arena, reset),
        cmocka_unit_test_setup(an_arena_that_runs_out_is_an_error, reset),
        cmocka_unit_test_setup(in_place_needs_no_arena, reset),
        cmocka_unit_test_setup(in_place_positions_are_the_original_bodys, reset),
        cmocka_unit_test_setup(in_place_full_list_answers_as_decode, reset),
        cmocka_unit_test_setup(validate_and_encode_views, reset),
        cmocka_unit_test_setup(round_trips, reset),
        cmocka_unit_test_setup(service_pages_in_views, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
