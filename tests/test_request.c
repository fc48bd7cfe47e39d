/*
 * apig_request_decode: the whole request in the service's order - the
 * X-Auth-Token header (401 APIG.1000 / APIG.1002), then method and path
 * against the route with its path parameters, then the body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "add_backend_instances_v2.h"
#include "core/core.h" /* apig__utf8_decode */
#include "error_text.h"

#define OP (&apig_add_backend_instances_v2_op)
#define GOOD_PATH "/v2/p1/apigw/instances/i1/vpc-channels/c1/members"
#define GOOD_BODY "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}"

static apig_token toks[APIG_CFG_MAX_TOKENS];
static apig_vpc_member_create body_out;
static apig_add_backend_instances_v2_path path_out;
static apig_error errs[16];
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

static size_t run(const req *r, size_t cap, const apig_context *ctx)
{
    apig_http_request h = {r->method, strlen(r->method), r->path, strlen(r->path),
                           r->header_count ? r->headers : NULL, r->header_count,
                           r->body, strlen(r->body)};
    memset(errs, 0, sizeof errs);
    nerr = apig_request_decode(OP, &h, toks, APIG_CFG_MAX_TOKENS, ctx, &path_out, &body_out,
                               errs, cap);
    for (size_t i = 0; i < nerr && i < cap; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static void dump(void)
{
    for (size_t i = 0; i < nerr && i < 16; i++)
        print_error("  [%zu] %d %s path=%s @%zu param=%s: %s\n", i, errs[i].status,
                    errs[i].code, errs[i].path, errs[i].offset,
                    errs[i].param, errs[i].message);
}

static void expect_token_error(int line, const req *r, const char *code, const char *message)
{
    run(r, 16, NULL);
    if (nerr < 1 || strcmp(errs[0].code, code) != 0 || errs[0].status != 401 ||
        strcmp(errs[0].message, message) != 0 || errs[0].param[0] != '\0' ||
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
    run(r, 16, NULL);
    if (nerr < 1 || strcmp(errs[0].code, code) != 0 || errs[0].status != 400 ||
        strcmp(errs[0].message, want) != 0 || strcmp(errs[0].param, param) != 0 || strcmp(errs[0].path, path) != 0 ||
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
    assert_int_equal(run(&r, 16, NULL), 0);
    assert_true(path_out.has_project_id);
    assert_string_equal(path_out.project_id, "p1");
    assert_true(path_out.has_instance_id);
    assert_string_equal(path_out.instance_id, "i1");
    assert_true(path_out.has_vpc_channel_id);
    assert_string_equal(path_out.vpc_channel_id, "c1");
    assert_int_equal(body_out.members_count, 1);
    assert_string_equal(body_out.members[0].host, "192.168.2.25");
    /* other headers do not matter; the query string and fragment are ignored */
    r = base();
    add_header(&r, "Content-Type", "application/json");
    add_header(&r, "X-Auth-Token", "abc");
    r.path = GOOD_PATH "?offset=0&limit=10";
    assert_int_equal(run(&r, 16, NULL), 0);
    r.path = GOOD_PATH "#frag";
    assert_int_equal(run(&r, 16, NULL), 0);
    /* ids of 64 characters, every character of the set */
    r = with_token("t");
    r.path = "/v2/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_x"
             "/apigw/instances/i/vpc-channels/c/members";
    assert_int_equal(run(&r, 16, NULL), 1); /* 65 characters */
    assert_string_equal(errs[0].code, "APIG.2006");
    r.path = "/v2/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
             "/apigw/instances/i/vpc-channels/c/members";
    assert_int_equal(run(&r, 16, NULL), 0);
    assert_int_equal(strlen(path_out.project_id), 64);
    /* the document's example bodies as whole requests */
    for (uint32_t i = 0; i < OP->example_count; i++) {
        if (OP->examples[i].kind != APIG_EXAMPLE_REQUEST)
            continue;
        r = with_token("t");
        r.body = OP->examples[i].body;
        assert_int_equal(run(&r, 16, NULL), 0);
        assert_int_equal(body_out.members_count, 1);
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
    assert_int_equal(run(&r, 16, NULL), 0);
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
    assert_int_equal(run(&r, 16, NULL), 0);
    r = base();
    add_header(&r, "x-AUTH-token", "  abc \t");
    assert_int_equal(run(&r, 16, NULL), 0);
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
    assert_int_equal(run(&r, 16, NULL), 0);
    /* every bad parameter, in path order */
    r.path = "/v2/a.b//apigw/instances//vpc-channels/x y/members";
    run(&r, 16, NULL);
    /* "/v2/a.b//apigw" has an extra segment: a route error, nothing else */
    assert_int_equal(nerr, 1);
    assert_int_equal(errs[0].kind, APIG_ERROR_ROUTE);
    r.path = "/v2/a.b/apigw/instances//vpc-channels/x y/members";
    run(&r, 16, NULL);
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
    run(&r, 16, NULL);
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
    assert_int_equal(run(&r, 1, NULL), 1);
    assert_string_equal(errs[0].code, "APIG.1000");
    apig_http_request h = {"POST", 4, r.path, strlen(r.path), NULL, 0, r.body, strlen(r.body)};
    assert_int_equal(apig_request_decode(OP, &h, toks, APIG_CFG_MAX_TOKENS, NULL, &path_out,
                                         &body_out, NULL, 0), 1);
    /* good token: the path parameter first */
    r = with_token("t");
    r.path = "/v2/p1/apigw/instances/i.1/vpc-channels/c1/members";
    r.body = "{\"members\":[{\"weight\":101}]}";
    assert_int_equal(run(&r, 1, NULL), 1);
    assert_string_equal(errs[0].param, "instance_id");
    /* a malformed body replaces only the body's own errors */
    r = base();
    r.body = "{\"members\":[{\"weight\":101},{\"host\":\"\xff\"}]}";
    run(&r, 16, NULL);
    assert_int_equal(nerr, 2);
    assert_string_equal(errs[0].code, "APIG.1000");
    assert_string_equal(errs[1].code, "APIG.2000");
    assert_string_equal(errs[1].message,
                        "Parameter error: Serialization error: invalid UTF-8 at line 1, column 37");
    /* an empty body */
    r = with_token("t");
    r.body = "";
    assert_int_equal(run(&r, 16, NULL), 1);
    assert_string_equal(errs[0].message,
                        "Parameter error: Serialization error: unexpected end of JSON input");
}

static void context_applies_to_the_body(void **state)
{
    (void)state;
    apig_context ctx;
    apig_context_init(&ctx);
    assert_int_equal(apig_context_set(&ctx, OP, "member_type", 11, "instance", 8), 0);
    req r = with_token("t");
    assert_int_equal(run(&r, 16, &ctx), 1);
    assert_string_equal(errs[0].code, "APIG.2001");
    assert_string_equal(errs[0].param, "ecs_id");
    assert_string_equal(errs[0].path, "members[0].ecs_id");
    ctx.options = APIG_OPT_REJECT_UNKNOWN;
    apig_context_init(&ctx);
    ctx.options = APIG_OPT_REJECT_UNKNOWN;
    r.body = "{\"members\":[{}],\"x\":1}";
    assert_int_equal(run(&r, 16, &ctx), 1);
    assert_string_equal(errs[0].message,
                        "Invalid parameter value,parameterName:x. Please refer to the support documentation");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_request_fills_path_and_body),
        cmocka_unit_test(token_missing_or_empty_is_1000),
        cmocka_unit_test(token_malformed_is_1002),
        cmocka_unit_test(token_form_only),
        cmocka_unit_test(route_mismatch),
        cmocka_unit_test(path_parameters),
        cmocka_unit_test(token_then_path_then_body),
        cmocka_unit_test(context_applies_to_the_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
