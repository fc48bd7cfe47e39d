/* SPDX-License-Identifier: MIT */
/*
 * apig_request_decode: the whole request in the service's order - the
 * X-Auth-Token header (401 APIG.1000 / APIG.1002), then method and path
 * against the route with its path parameters, then the body, all through
 * one decoder set up once (main) and reused by every call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "core/core.h" /* apig__utf8_decode */
#include "error_text.h"

#define OP (&vpcm_add_backend_instances_v2_op)
#define GOOD_PATH "/v2/p1/apigw/instances/i1/vpc-channels/c1/members"
#define GOOD_BODY "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}"

static apig_token toks[VPCM_MAX_TOKENS];
static vpcm_add_backend_instances_v2_request parts; /* .path and .body */
static apig_error errs[16];
/* Set up once in main; each test starts from the default options and
 * context (reset_settings) and changes them as a caller would. */
static apig_decoder dec;
static size_t nerr;
static char token[20000];

static const char *const PARAM_FMT = "%s,parameterName:%s. Please refer to the support documentation";

typedef struct req {
    const char *method;
    const char *path;
    apig_header headers[4];
    size_t header_count;
    const char *body;
} req;

static req base(void)
{
    req r;
    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.path = GOOD_PATH;
    r.body = GOOD_BODY;
    return r;
}

static void add_header(req *r, const char *name, const char *value)
{
    apig_header *h = &r->headers[r->header_count++];
    h->name = name;
    h->name_len = strlen(name);
    h->value = value;
    h->value_len = strlen(value);
}

static req with_token(const char *value)
{
    req r = base();
    add_header(&r, "X-Auth-Token", value);
    return r;
}

static int reset_settings(void **state)
{
    (void)state;
    dec.options = 0;
    apig_context_init(&dec.context);
    dec.error_cap = 16;
    return 0;
}

/* Checks r with the decoder, storing at most `cap` errors. */
static size_t run(const req *r, size_t cap)
{
    apig_http_request h = {r->method, strlen(r->method), r->path, strlen(r->path),
                           r->header_count ? r->headers : NULL, r->header_count,
                           r->body, strlen(r->body)};
    memset(errs, 0, sizeof errs);
    dec.error_cap = cap;
    nerr = vpcm_add_backend_instances_v2_request_decode(&dec, &h, &parts);
    for (size_t i = 0; i < nerr && i < cap; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static void dump(void)
{
    for (size_t i = 0; i < nerr && i < 16; i++)
        print_error("  [%zu] %d %s path=%s @%zu param=%s: %s\n", i, errs[i].status,
                    errs[i].code, errs[i].path, errs[i].offset,
                    errs[i].param, msg_of(&errs[i]));
}

static void expect_token_error(int line, const req *r, const char *code, const char *message)
{
    run(r, 16);
    if (nerr < 1 || strcmp(errs[0].code, code) != 0 || errs[0].status != 401 ||
        strcmp(msg_of(&errs[0]), message) != 0 || errs[0].param[0] != '\0' ||
        strcmp(errs[0].path, "X-Auth-Token") != 0) {
        dump();
        fail_msg("line %d: want 401 %s", line, code);
    }
    /* the body and path were fine: nothing else */
    if (nerr != 1) {
        dump();
        fail_msg("line %d: %zu errors", line, nerr);
    }
}
#define MISSING(r) expect_token_error(__LINE__, r, "APIG.1000", \
                                      "Token missing. Log in again or try again later.")
#define INVALID(r) expect_token_error(__LINE__, r, "APIG.1002", \
                                      "Incorrect token or token resolution failed")

static void expect_param_error(int line, const req *r, const char *code, const char *text,
                               const char *param, const char *path, long offset)
{
    char want[256];
    snprintf(want, sizeof want, PARAM_FMT, text, param);
    run(r, 16);
    if (nerr < 1 || strcmp(errs[0].code, code) != 0 || errs[0].status != 400 ||
        strcmp(msg_of(&errs[0]), want) != 0 || strcmp(errs[0].param, param) != 0 || strcmp(errs[0].path, path) != 0 ||
        (offset >= 0 && errs[0].offset != (size_t)offset)) {
        dump();
        fail_msg("line %d: want %s %s at %s @%ld", line, code, param, path, offset);
    }
}

/* ---- a valid request --------------------------------------------------------- */

static void valid_request_fills_path_and_body(void **state)
{
    (void)state;
    req r = with_token("MIIE-token+/=");
    assert_int_equal(run(&r, 16), 0);
    assert_true(parts.path.has_project_id);
    assert_string_equal(parts.path.project_id, "p1");
    assert_true(parts.path.has_instance_id);
    assert_string_equal(parts.path.instance_id, "i1");
    assert_true(parts.path.has_vpc_channel_id);
    assert_string_equal(parts.path.vpc_channel_id, "c1");
    assert_int_equal(parts.body.members_count, 1);
    assert_string_equal(parts.body.members[0].host, "192.168.2.25");
    /* other headers do not matter; the operation takes no query parameters,
     * so its query string is ignored, and so is a fragment */
    r = base();
    add_header(&r, "Content-Type", "application/json");
    add_header(&r, "X-Auth-Token", "abc");
    r.path = GOOD_PATH "?offset=0&limit=10";
    assert_int_equal(run(&r, 16), 0);
    r.path = GOOD_PATH "#frag";
    assert_int_equal(run(&r, 16), 0);
    /* ids of 64 characters, every character of the set */
    r = with_token("t");
    r.path = "/v2/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_x"
             "/apigw/instances/i/vpc-channels/c/members";
    assert_int_equal(run(&r, 16), 1); /* 65 characters */
    assert_string_equal(errs[0].code, "APIG.2006");
    r.path = "/v2/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
             "/apigw/instances/i/vpc-channels/c/members";
    assert_int_equal(run(&r, 16), 0);
    assert_int_equal(strlen(parts.path.project_id), 64);
    /* the document's example bodies as whole requests */
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        if (vpcm_examples.items[i].kind != APIG_EXAMPLE_REQUEST)
            continue;
        assert_ptr_equal(vpcm_examples.items[i].operation, OP);
        r = with_token("t");
        r.body = vpcm_examples.items[i].body;
        assert_int_equal(run(&r, 16), 0);
        assert_int_equal(parts.body.members_count, 1);
    }
}

/* ---- the token ------------------------------------------------------------------ */

static void token_missing_or_empty_is_1000(void **state)
{
    (void)state;
    req r = base();
    MISSING(&r);
    assert_int_equal(errs[0].kind, APIG_ERROR_REQUIRED);
    r = base();
    add_header(&r, "Content-Type", "application/json");
    MISSING(&r);
    r = with_token("");
    MISSING(&r);
    r = with_token("   ");   /* only optional whitespace: empty */
    MISSING(&r);
    r = with_token("\t");
    MISSING(&r);
}

static void token_malformed_is_1002(void **state)
{
    (void)state;
    req r = with_token("a b");
    INVALID(&r);
    r = with_token("a\tb");
    INVALID(&r);
    r = with_token("caf\xc3\xa9");
    INVALID(&r);
    r = with_token("\xff");
    INVALID(&r);
    r = with_token("a\x7f");
    INVALID(&r);
    r = with_token("a\x01");
    INVALID(&r);
    memset(token, 'x', 16385);
    token[16385] = '\0';
    r = with_token(token);
    INVALID(&r);
    token[16384] = '\0';
    r = with_token(token);
    assert_int_equal(run(&r, 16), 0);
    /* a token header twice is ambiguous */
    r = base();
    add_header(&r, "X-Auth-Token", "a");
    add_header(&r, "x-auth-token", "a");
    INVALID(&r);
    assert_int_equal(errs[0].kind, APIG_ERROR_TOKEN_INVALID);
}

static void token_form_only(void **state)
{
    (void)state;
    /* every visible ASCII character; names match case-insensitively;
     * surrounding optional whitespace is not part of the value */
    char all[100];
    size_t n = 0;
    for (int c = 0x21; c <= 0x7e; c++)
        all[n++] = (char)c;
    all[n] = '\0';
    req r = with_token(all);
    assert_int_equal(run(&r, 16), 0);
    r = base();
    add_header(&r, "x-AUTH-token", "  abc \t");
    assert_int_equal(run(&r, 16), 0);
    r = base();
    add_header(&r, "X-Auth-Tokens", "abc");
    MISSING(&r);
    r = base();
    add_header(&r, "X-Auth-Toke", "abc");
    MISSING(&r);
}

/* ---- route -------------------------------------------------------------------- */

static void route_mismatch(void **state)
{
    (void)state;
    static const char *const methods[] = {"GET", "post", "PUT", "", "POSTS"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        req r = with_token("t");
        r.method = methods[i];
        expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "method", "",
                           0);
        assert_int_equal(errs[0].kind, APIG_ERROR_ROUTE);
        assert_int_equal(nerr, 1); /* nothing else is checked on another route */
    }
    static const char *const paths[] = {
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/member",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/x",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1",
        "/v3/p1/apigw/instances/i1/vpc-channels/c1/members",
        "v2/p1/apigw/instances/i1/vpc-channels/c1/members",
        "/V2/p1/apigw/instances/i1/vpc-channels/c1/members",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1//members",
        "/v2/p1/p2/apigw/instances/i1/vpc-channels/c1/members",
        "",
        "/",
        "?/v2/p1/apigw/instances/i1/vpc-channels/c1/members",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        req r = with_token("t");
        r.path = paths[i];
        expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "path", "", -1);
        assert_int_equal(nerr, 1);
    }
    /* the offset points at the segment that differs */
    req r = with_token("t");
    r.path = "/v2/p1/apigw/instances/i1/vpc-channel/c1/members";
    expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "path", "", 26);
}

/* ---- path parameters ------------------------------------------------------------ */

static void path_parameters(void **state)
{
    (void)state;
    req r = with_token("t");
    r.path = "/v2//apigw/instances/i1/vpc-channels/c1/members";
    expect_param_error(__LINE__, &r, "APIG.2001", "The request parameters must be specified",
                       "project_id", "project_id", 4);
    r.path = "/v2/p1/apigw/instances//vpc-channels/c1/members";
    expect_param_error(__LINE__, &r, "APIG.2001", "The request parameters must be specified",
                       "instance_id", "instance_id", 23);
    r.path = "/v2/p1/apigw/instances/i1/vpc-channels//members";
    expect_param_error(__LINE__, &r, "APIG.2001", "The request parameters must be specified",
                       "vpc_channel_id", "vpc_channel_id", 39);
    r.path = "/v2/p.1/apigw/instances/i1/vpc-channels/c1/members";
    expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "project_id",
                       "project_id", 4);
    r.path = "/v2/p1/apigw/instances/i%41/vpc-channels/c1/members"; /* no percent-decoding */
    expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "instance_id",
                       "instance_id", 23);
    r.path = "/v2/p1/apigw/instances/i1/vpc-channels/\xe4\xb8\x80/members";
    expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "vpc_channel_id",
                       "vpc_channel_id", 39);
    r.path = "/v2/p1/apigw/instances/i1/vpc-channels/"
             "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc/members";
    expect_param_error(__LINE__, &r, "APIG.2006", "The parameter is too long", "vpc_channel_id",
                       "vpc_channel_id", 39);
    r.path = "/v2/p1/apigw/instances/i1/vpc-channels/"
             "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc/members";
    assert_int_equal(run(&r, 16), 0);
    /* every bad parameter, in path order */
    r.path = "/v2/a.b//apigw/instances//vpc-channels/x y/members";
    run(&r, 16);
    /* "/v2/a.b//apigw" has an extra segment: a route error, nothing else */
    assert_int_equal(nerr, 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_ROUTE);
    r.path = "/v2/a.b/apigw/instances//vpc-channels/x y/members";
    run(&r, 16);
    assert_int_equal(nerr, 3);
    assert_string_equal(errs[0].path, "project_id");
    assert_string_equal(errs[0].code, "APIG.2012");
    assert_string_equal(errs[1].path, "instance_id");
    assert_string_equal(errs[1].code, "APIG.2001");
    assert_string_equal(errs[2].path, "vpc_channel_id");
    assert_string_equal(errs[2].code, "APIG.2012");
}

/* ---- the order of the whole request ----------------------------------------------- */

static void token_then_path_then_body(void **state)
{
    (void)state;
    req r = base();
    r.path = "/v2/p1/apigw/instances/i.1/vpc-channels/c1/members";
    r.body = "{\"members\":[{\"weight\":101}]}";
    run(&r, 16);
    if (nerr != 3)
        dump();
    assert_int_equal(nerr, 3);
    assert_string_equal(errs[0].code, "APIG.1000");
    assert_int_equal(errs[0].status, 401);
    assert_string_equal(errs[1].code, "APIG.2012");
    assert_string_equal(errs[1].param, "instance_id");
    assert_string_equal(errs[2].code, "APIG.2004");
    assert_string_equal(errs[2].path, "members[0].weight");
    assert_int_equal(errs[2].offset, 22);
    /* the first error alone */
    assert_int_equal(run(&r, 1), 1);
    assert_string_equal(errs[0].code, "APIG.1000");
    apig_http_request h = {"POST", 4, r.path, strlen(r.path), NULL, 0, r.body, strlen(r.body)};
    apig_decoder quiet = dec; /* no list: the count alone */
    quiet.errors = NULL;
    quiet.error_cap = 0;
    assert_int_equal(apig_request_decode(&quiet, OP, &h, &parts), 1);
    /* good token: the path parameter first */
    r = with_token("t");
    r.path = "/v2/p1/apigw/instances/i.1/vpc-channels/c1/members";
    r.body = "{\"members\":[{\"weight\":101}]}";
    assert_int_equal(run(&r, 1), 1);
    assert_string_equal(errs[0].param, "instance_id");
    /* a malformed body replaces only the body's own errors */
    r = base();
    r.body = "{\"members\":[{\"weight\":101},{\"host\":\"\xff\"}]}";
    run(&r, 16);
    assert_int_equal(nerr, 2);
    assert_string_equal(errs[0].code, "APIG.1000");
    assert_string_equal(errs[1].code, "APIG.2000");
    assert_string_equal(msg_of(&errs[1]),
                        "Parameter error: Serialization error: invalid UTF-8 at line 1, column 37");
    /* an empty body */
    r = with_token("t");
    r.body = "";
    assert_int_equal(run(&r, 16), 1);
    assert_string_equal(msg_of(&errs[0]),
                        "Parameter error: Serialization error: unexpected end of JSON input");
}

static void context_applies_to_the_body(void **state)
{
    (void)state;
    assert_int_equal(apig_context_set(&dec.context, &vpcm_schema, "member_type", 11, "instance", 8),
                     0);
    req r = with_token("t");
    assert_int_equal(run(&r, 16), 1);
    assert_string_equal(errs[0].code, "APIG.2001");
    assert_string_equal(errs[0].param, "ecs_id");
    assert_string_equal(errs[0].path, "members[0].ecs_id");
    apig_context_init(&dec.context);
    dec.options = APIG_OPT_REJECT_UNKNOWN;
    r.body = "{\"members\":[{}],\"x\":1}";
    assert_int_equal(run(&r, 16), 1);
    assert_string_equal(msg_of(&errs[0]),
                        "Invalid parameter value,parameterName:x. Please refer to the support documentation");
}

/* ---- an operation without a body ------------------------------------------------ */

static void an_operation_without_a_body_refuses_one(void **state)
{
    (void)state;
    static vpcm_delete_backend_instance_v2_request del;
    apig_header h = {"X-Auth-Token", 12, "t", 1};
    const char *p = "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/m1";
    apig_http_request rq = {"DELETE", 6, p, strlen(p), &h, 1, NULL, 0};
    assert_int_equal(vpcm_delete_backend_instance_v2_request_decode(&dec, &rq, &del), 0);
    assert_true(del.path.has_member_id);
    assert_string_equal(del.path.member_id, "m1");
    assert_string_equal(del.path.vpc_channel_id, "c1");
    /* any body at all, even one the Add operation would take */
    static const char *const bodies[] = {"{}", GOOD_BODY, " "};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        rq.body = bodies[i];
        rq.body_len = strlen(bodies[i]);
        memset(&del, 0x5A, sizeof del);
        memset(errs, 0, sizeof errs);
        assert_int_equal(vpcm_delete_backend_instance_v2_request_decode(&dec, &rq, &del), 1);
        check_error_text(&errs[0]);
        assert_string_equal(errs[0].code, "APIG.2000");
        assert_int_equal(errs[0].status, 400);
        assert_int_equal(errs[0].kind, APIG_ERROR_SYNTAX);
        assert_non_null(strstr(msg_of(&errs[0]), "a body was not expected"));
        /* rejected: the path parameters are left absent */
        assert_false(del.path.has_member_id);
        assert_string_equal(del.path.member_id, "");
        assert_false(del.path.has_project_id);
    }
    /* the Add operation's route does not take DELETE, nor Delete's POST */
    rq.body = NULL;
    rq.body_len = 0;
    req r = with_token("t");
    r.method = "DELETE";
    expect_param_error(__LINE__, &r, "APIG.2012", "Invalid parameter value", "method", "", 0);
    rq.method = "POST";
    rq.method_len = 4;
    assert_int_equal(vpcm_delete_backend_instance_v2_request_decode(&dec, &rq, &del), 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_ROUTE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(valid_request_fills_path_and_body, reset_settings),
        cmocka_unit_test_setup(token_missing_or_empty_is_1000, reset_settings),
        cmocka_unit_test_setup(token_malformed_is_1002, reset_settings),
        cmocka_unit_test_setup(token_form_only, reset_settings),
        cmocka_unit_test_setup(route_mismatch, reset_settings),
        cmocka_unit_test_setup(path_parameters, reset_settings),
        cmocka_unit_test_setup(token_then_path_then_body, reset_settings),
        cmocka_unit_test_setup(context_applies_to_the_body, reset_settings),
        cmocka_unit_test_setup(an_operation_without_a_body_refuses_one, reset_settings),
    };
    apig_decoder_init(&dec, toks, VPCM_MAX_TOKENS, errs, 16);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
