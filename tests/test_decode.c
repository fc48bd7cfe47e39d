/* SPDX-License-Identifier: MIT */
/*
 * apig_decode and apig_validate against every rule of shared/spec/README.md
 * (the "Decisions where the source document is silent" table and list), on
 * the generated tables of schemas/vpc_members.yaml. Each error
 * test asserts the APIG code, HTTP status, parameterName (and the exact
 * error_msg built from it), the JSON path and, where it means something,
 * the byte offset.
 *
 * The helpers decode with one decoder, set up once (main) and reused by
 * every call, as an embedder would; a call that needs other arrays or
 * capacities builds a decoder of its own (decode_with).
 *
 * Also runs the data-driven request cases in tests/cases/ through the CLI
 * binary named by $APIG_CLI (format: see run_cases below and tests/cases/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "decode/decode.h" /* apig__scan_text, apig__string_verdict */
#include "error_text.h"

#define SCHEMA (&vpcm_schema)
#define OP (&vpcm_add_backend_instances_v2_op)
#define MSG (&vpcm_vpc_member_create_desc)
#define CAP VPCM_VPC_MEMBER_CREATE_MEMBERS_MAX

static apig_token toks[VPCM_MAX_TOKENS];
static vpcm_vpc_member_create req;
static apig_error errs[64];
static size_t nerr;
static char big[1 << 16];
/* The decoder of the helpers: toks with the schema's token budget and the
 * 64 errs, set up once in main. Each helper sets its options and context
 * (the plain members a caller adjusts) before it calls. */
static apig_decoder dec;

/* ---- helpers ----------------------------------------------------------- */

static const char *catalog_message(const char *code)
{
    static const struct { const char *code, *message; } m[] = {
        {"APIG.1000", "Token missing. Log in again or try again later."},
        {"APIG.1002", "Incorrect token or token resolution failed"},
        {"APIG.2001", "The request parameters must be specified"},
        {"APIG.2004", "The parameter value is outside the allowable range"},
        {"APIG.2005", "The parameter is too short"},
        {"APIG.2006", "The parameter is too long"},
        {"APIG.2012", "Invalid parameter value"},
        {"APIG.2015", "Invalid IP address"},
        {"APIG.3110", "The number of cloud servers in the VPC channel exceeds the maximum allowed limit"},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].code, code) == 0)
            return m[i].message;
    return NULL;
}

static int status_of(const char *code)
{
    if (strncmp(code, "APIG.1", 6) == 0)
        return 401;
    if (strcmp(code, "APIG.3110") == 0)
        return 403;
    return 400;
}

/* Sets dec's options, and its context to the channel's member_type (NULL:
 * none). */
static void settings(const char *member_type, unsigned options)
{
    dec.options = options;
    apig_context_init(&dec.context);
    if (member_type)
        assert_int_equal(apig_context_set(&dec.context, SCHEMA, "member_type", 11, member_type,
                                          strlen(member_type)), 0);
}

/* One call with a decoder of its own: tokens t[0..tcap), errors e[0..ecap),
 * the context (NULL: none) and options. */
static size_t decode_with(const apig_message *m, const char *b, size_t n, apig_token *t,
                          size_t tcap, const apig_context *ctx, unsigned options, void *out,
                          apig_error *e, size_t ecap)
{
    apig_decoder d;
    apig_decoder_init(&d, t, tcap, e, ecap);
    d.options = options;
    if (ctx)
        d.context = *ctx;
    return apig_decode(&d, m, b, n, out);
}

static size_t run_len(const char *body, size_t len, const char *mt, unsigned opts, size_t cap)
{
    settings(mt, opts);
    memset(errs, 0, sizeof errs);
    dec.error_cap = cap;
    nerr = apig_decode(&dec, MSG, body, len, &req);
    for (size_t i = 0; i < nerr && i < cap; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static void dump(int line)
{
    print_error("line %d: %zu error(s)\n", line, nerr);
    for (size_t i = 0; i < nerr && i < 64; i++)
        print_error("  [%zu] %d %s path=%s @%zu param=%s: %s | %s\n", i, errs[i].status,
                    errs[i].code ? errs[i].code : "-", errs[i].path, errs[i].offset,
                    errs[i].param, errs[i].detail, msg_of(&errs[i]));
}

/* Checks error i: code, status, param, message, path, offset. */
static void check_error(int line, const apig_error *e, const char *code, const char *param,
                        const char *path, long offset)
{
    char want[512];
    const char *m = catalog_message(code);
    bool ok = e->kind != APIG_ERROR_NONE && e->code && strcmp(e->code, code) == 0 &&
              e->status == status_of(code) && e->detail != NULL &&
              strcmp(e->path, path) == 0 && (offset < 0 || e->offset == (size_t)offset);
    if (m && strcmp(code, "APIG.3110") != 0 && strncmp(code, "APIG.1", 6) != 0)
        snprintf(want, sizeof want,
                 "%s,parameterName:%s. Please refer to the support documentation", m,
                 param ? param : "");
    else if (m)
        snprintf(want, sizeof want, "%s", m);
    else
        want[0] = '\0';
    if (m && strcmp(msg_of(e), want) != 0)
        ok = false;
    /* param: what the message names; none ("") for 403/401/2000. */
    if (m && strcmp(code, "APIG.3110") != 0 && strncmp(code, "APIG.1", 6) != 0) {
        if (strcmp(e->param, param ? param : "") != 0)
            ok = false;
    } else if (e->param[0]) {
        ok = false;
    }
    if (!ok) {
        dump(line);
        fail_msg("line %d: want %s param=%s path=%s @%ld msg=%s", line, code,
                 param ? param : "(null)", path, offset, want);
    }
}

static void err_at(int line, const char *body, size_t len, const char *mt, unsigned opts,
                   const char *code, const char *param, const char *path, long offset)
{
    if (run_len(body, len, mt, opts, 64) == 0) {
        dump(line);
        fail_msg("line %d: accepted, wanted %s", line, code);
    }
    check_error(line, &errs[0], code, param, path, offset);
    /* The first error does not depend on the list size: dec as run_len set
     * it (the same options and context), with a list of one, then none. */
    apig_error one;
    apig_decoder d = dec;
    d.errors = &one;
    d.error_cap = 1;
    size_t n = apig_decode(&d, MSG, body, len, &req);
    if (n != 1 || strcmp(one.code, errs[0].code) != 0 || one.offset != errs[0].offset ||
        strcmp(one.path, errs[0].path) != 0)
        fail_msg("line %d: first error differs with a list of one", line);
    d.errors = NULL;
    d.error_cap = 0;
    n = apig_decode(&d, MSG, body, len, &req);
    if (n != 1)
        fail_msg("line %d: error_cap 0 found %zu errors, want 1", line, n);
}

static void ok_at(int line, const char *body, size_t len, const char *mt, unsigned opts)
{
    if (run_len(body, len, mt, opts, 64) != 0) {
        dump(line);
        fail_msg("line %d: rejected, wanted valid", line);
    }
}

#define ERR(body, code, param, path, offset) \
    err_at(__LINE__, body, strlen(body), NULL, 0, code, param, path, offset)
#define ERR_CTX(body, mt, opts, code, param, path, offset) \
    err_at(__LINE__, body, strlen(body), mt, opts, code, param, path, offset)
#define OK(body) ok_at(__LINE__, body, strlen(body), NULL, 0)
#define OK_CTX(body, mt, opts) ok_at(__LINE__, body, strlen(body), mt, opts)

/* Builds prefix + unit x n + suffix in `big`. */
static const char *rep(const char *prefix, const char *unit, size_t n, const char *suffix)
{
    size_t len = strlen(prefix);
    memcpy(big, prefix, len);
    for (size_t i = 0; i < n; i++) {
        memcpy(big + len, unit, strlen(unit));
        len += strlen(unit);
    }
    memcpy(big + len, suffix, strlen(suffix) + 1);
    return big;
}

static void syntax_error(int line, const char *body, size_t len, const char *detail)
{
    run_len(body, len, NULL, 0, 64);
    char want[300];
    snprintf(want, sizeof want, "Parameter error: Serialization error: %s", detail);
    if (nerr != 1 || strcmp(errs[0].code, "APIG.2000") != 0 || errs[0].status != 400 ||
        errs[0].param[0] != '\0' || strcmp(errs[0].path, "") != 0 ||
        (detail && strcmp(msg_of(&errs[0]), want) != 0) ||
        errs[0].kind != APIG_ERROR_SYNTAX) {
        dump(line);
        fail_msg("line %d: want one APIG.2000 '%s'", line, want);
    }
    /* dec as run_len set it (no context, no options), without a list, then
     * with a list of one */
    apig_decoder d = dec;
    d.errors = NULL;
    d.error_cap = 0;
    if (apig_decode(&d, MSG, body, len, &req) != 1)
        fail_msg("line %d: error_cap 0", line);
    apig_error one;
    d.errors = &one;
    d.error_cap = 1;
    if (apig_decode(&d, MSG, body, len, &req) != 1 ||
        strcmp(one.code, "APIG.2000") != 0)
        fail_msg("line %d: list of one", line);
}
#define SYNTAX(body, detail) syntax_error(__LINE__, body, sizeof(body) - 1, detail)

/* ---- the document's examples ------------------------------------------- */

static void document_request_examples_decode(void **state)
{
    (void)state;
    int seen = 0;
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *x = &vpcm_examples.items[i];
        if (x->kind != APIG_EXAMPLE_REQUEST)
            continue;
        seen++;
        assert_ptr_equal(x->message, MSG);
        assert_ptr_equal(x->operation, OP);
        settings(NULL, 0);
        assert_int_equal(vpcm_vpc_member_create_decode(&dec, x->body, x->body_len, &req), 0);
        assert_true(req.has_members);
        assert_int_equal(req.members_count, 1);
        const vpcm_member_info *m = &req.members[0];
        if (strcmp(x->name, "request-host") == 0) {
            assert_true(m->has_host);
            assert_string_equal(m->host, "192.168.2.25");
            assert_true(m->has_weight);
            assert_int_equal(m->weight, 1);
            assert_false(m->has_ecs_id);
            assert_false(m->has_ecs_name);
            /* an ip channel accepts it too */
            assert_int_equal(run_len(x->body, x->body_len, "ip", 0, 64), 0);
        } else {
            assert_false(m->has_host);
            assert_true(m->has_ecs_id);
            assert_string_equal(m->ecs_id, "1082720c-3c15-409c-9ae3-4983ddfb6a9d");
            assert_true(m->has_ecs_name);
            assert_string_equal(m->ecs_name, "APIGtest02");
            assert_int_equal(m->weight, 2);
            assert_int_equal(run_len(x->body, x->body_len, "instance", 0, 64), 0);
            assert_int_equal(run_len(x->body, x->body_len, "ecs", 0, 64), 0);
            /* but an ip channel needs host */
            assert_int_equal(run_len(x->body, x->body_len, "ip", 0, 64), 1);
            /* at the closing brace of the member object */
            check_error(__LINE__, &errs[0], "APIG.2001", "host", "members[0].host",
                        (long)(strstr(x->body, "} ]") - x->body));
        }
    }
    assert_int_equal(seen, 2);
}

/* ---- weight: integers ---------------------------------------------------- */

static void weight_boundaries(void **state)
{
    (void)state;
    OK("{\"members\":[{\"weight\":0}]}");
    assert_int_equal(req.members[0].weight, 0);
    assert_true(req.members[0].has_weight);
    OK("{\"members\":[{\"weight\":100}]}");
    assert_int_equal(req.members[0].weight, 100);
    OK("{\"members\":[{\"weight\":-0}]}"); /* -0 is the integer 0 */
    assert_int_equal(req.members[0].weight, 0);
    ERR("{\"members\":[{\"weight\":101}]}", "APIG.2004", "weight", "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":-1}]}", "APIG.2004", "weight", "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":99999999999999999999}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":-99999999999999999999}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":9223372036854775808}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":-9223372036854775809}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":18446744073709551616}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":2147483648}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
}

static void weight_not_an_integer_literal(void **state)
{
    (void)state;
    static const char *const bad[] = {"1.5", "1e2", "1E2", "100.0", "-0.0", "0.0", "1e0",
                                      "1E+2", "1e-2", "0e0", "101.5", "1e400"};
    char body[128];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(body, sizeof body, "{\"members\":[{\"weight\":%s}]}", bad[i]);
        ERR(body, "APIG.2012", "weight", "members[0].weight", 22);
    }
}

/* ---- JSON types ------------------------------------------------------------ */

static void wrong_json_types(void **state)
{
    (void)state;
    ERR("{\"members\":[{\"weight\":\"1\"}]}", "APIG.2012", "weight", "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":true}]}", "APIG.2012", "weight", "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":[]}]}", "APIG.2012", "weight", "members[0].weight", 22);
    ERR("{\"members\":[{\"weight\":{}}]}", "APIG.2012", "weight", "members[0].weight", 22);
    ERR("{\"members\":{}}", "APIG.2012", "members", "members", 11);
    ERR("{\"members\":{\"host\":\"1.2.3.4\"}}", "APIG.2012", "members", "members", 11);
    ERR("{\"members\":\"x\"}", "APIG.2012", "members", "members", 11);
    ERR("{\"members\":1}", "APIG.2012", "members", "members", 11);
    ERR("{\"members\":false}", "APIG.2012", "members", "members", 11);
    ERR("{\"members\":[1]}", "APIG.2012", "members", "members[0]", 12);
    ERR("{\"members\":[null]}", "APIG.2012", "members", "members[0]", 12);
    ERR("{\"members\":[\"a\"]}", "APIG.2012", "members", "members[0]", 12);
    ERR("{\"members\":[[]]}", "APIG.2012", "members", "members[0]", 12);
    ERR("{\"members\":[{},1]}", "APIG.2012", "members", "members[1]", 15);
    ERR("{\"members\":[{\"host\":1}]}", "APIG.2012", "host", "members[0].host", 20);
    ERR("{\"members\":[{\"host\":[\"1.2.3.4\"]}]}", "APIG.2012", "host", "members[0].host", 20);
    ERR("{\"members\":[{\"ecs_id\":true}]}", "APIG.2012", "ecs_id", "members[0].ecs_id", 22);
    ERR("{\"members\":[{\"ecs_name\":{}}]}", "APIG.2012", "ecs_name", "members[0].ecs_name", 24);
}

static void members_absent_null_or_empty(void **state)
{
    (void)state;
    ERR("{}", "APIG.2001", "members", "members", 1);          /* at the closing brace */
    ERR("{\"x\":1}", "APIG.2001", "members", "members", 6);
    ERR("{\"members\":null}", "APIG.2001", "members", "members", 11);
    ERR("{\"members\":[]}", "APIG.2001", "members", "members", 11);
    ERR("{\"members\":[ ]}", "APIG.2001", "members", "members", 11);
    /* min_items reports the kind the schema maps to APIG.2001 */
    run_len("{\"members\":[]}", 14, NULL, 0, 64);
    assert_int_equal(errs[0].kind, APIG_ERROR_MIN_ITEMS);
    run_len("{}", 2, NULL, 0, 64);
    assert_int_equal(errs[0].kind, APIG_ERROR_REQUIRED);
}

static void null_means_absent_for_optional_fields(void **state)
{
    (void)state;
    OK("{\"members\":[{\"host\":null,\"weight\":null,\"ecs_id\":null,\"ecs_name\":null}]}");
    assert_int_equal(req.members_count, 1);
    assert_false(req.members[0].has_host);
    assert_false(req.members[0].has_weight);
    assert_false(req.members[0].has_ecs_id);
    assert_false(req.members[0].has_ecs_name);
    /* no context: nothing is conditionally required */
    OK("{\"members\":[{}]}");
    assert_int_equal(req.members_count, 1);
    OK("{\"members\":[{},{},{}]}");
    assert_int_equal(req.members_count, 3);
    /* null for a field the context requires is "required", where the null is */
    ERR_CTX("{\"members\":[{\"host\":null}]}", "ip", 0, "APIG.2001", "host", "members[0].host",
            20);
    ERR_CTX("{\"members\":[{\"ecs_id\":null}]}", "instance", 0, "APIG.2001", "ecs_id",
            "members[0].ecs_id", 22);
}

/* ---- strings ---------------------------------------------------------------- */

static void string_lengths_count_characters(void **state)
{
    (void)state;
    /* ecs_id: 1..64 of [A-Za-z0-9_-] */
    OK(rep("{\"members\":[{\"ecs_id\":\"", "a", 64, "\"}]}"));
    assert_int_equal(strlen(req.members[0].ecs_id), 64);
    ERR(rep("{\"members\":[{\"ecs_id\":\"", "a", 65, "\"}]}"), "APIG.2006", "ecs_id",
        "members[0].ecs_id", 22);
    ERR(rep("{\"members\":[{\"ecs_id\":\"", "Z", 1000, "\"}]}"), "APIG.2006", "ecs_id",
        "members[0].ecs_id", 22);
    ERR("{\"members\":[{\"ecs_id\":\"\"}]}", "APIG.2005", "ecs_id", "members[0].ecs_id", 22);
    OK("{\"members\":[{\"ecs_id\":\"x\"}]}");
    /* ecs_name: 64 Chinese characters (3 bytes each) fit, 65 do not */
    OK(rep("{\"members\":[{\"ecs_name\":\"", "\xe4\xb8\x80", 64, "\"}]}")); /* U+4E00 */
    assert_int_equal(strlen(req.members[0].ecs_name), 192);
    OK(rep("{\"members\":[{\"ecs_name\":\"", "\xe9\xbe\xa5", 64, "\"}]}")); /* U+9FA5 */
    ERR(rep("{\"members\":[{\"ecs_name\":\"", "\xe4\xb8\x80", 65, "\"}]}"), "APIG.2006",
        "ecs_name", "members[0].ecs_name", 24);
    ERR(rep("{\"members\":[{\"ecs_name\":\"", "\\u4e00", 65, "\"}]}"), "APIG.2006",
        "ecs_name", "members[0].ecs_name", 24);
    OK(rep("{\"members\":[{\"ecs_name\":\"", "\\u9fa5", 64, "\"}]}"));
    assert_int_equal(strlen(req.members[0].ecs_name), 192);
    ERR("{\"members\":[{\"ecs_name\":\"\"}]}", "APIG.2005", "ecs_name", "members[0].ecs_name",
        24);
    /* host: 1..255 of any character but U+0000 */
    OK(rep("{\"members\":[{\"host\":\"", "h", 255, "\"}]}"));
    ERR(rep("{\"members\":[{\"host\":\"", "h", 256, "\"}]}"), "APIG.2006", "host",
        "members[0].host", 20);
    ERR("{\"members\":[{\"host\":\"\"}]}", "APIG.2005", "host", "members[0].host", 20);
    OK(rep("{\"members\":[{\"host\":\"", "\xc3\xa9", 255, "\"}]}"));          /* 255 x é */
    ERR(rep("{\"members\":[{\"host\":\"", "\xc3\xa9", 256, "\"}]}"), "APIG.2006", "host",
        "members[0].host", 20);
    OK(rep("{\"members\":[{\"host\":\"", "\xf0\x9f\x98\x80", 255, "\"}]}"));  /* 255 emoji */
    assert_int_equal(strlen(req.members[0].host), 1020);
    ERR(rep("{\"members\":[{\"host\":\"", "\\ud83d\\ude00", 256, "\"}]}"), "APIG.2006", "host",
        "members[0].host", 20);
    OK(rep("{\"members\":[{\"host\":\"", "\\ud83d\\ude00", 255, "\"}]}"));
    assert_int_equal(strlen(req.members[0].host), 1020);
}

static void character_sets(void **state)
{
    (void)state;
    ERR("{\"members\":[{\"ecs_id\":\"a.b\"}]}", "APIG.2012", "ecs_id", "members[0].ecs_id", 22);
    ERR("{\"members\":[{\"ecs_id\":\"a b\"}]}", "APIG.2012", "ecs_id", "members[0].ecs_id", 22);
    ERR("{\"members\":[{\"ecs_id\":\"\xe4\xb8\x80\"}]}", "APIG.2012", "ecs_id",
        "members[0].ecs_id", 22);
    OK("{\"members\":[{\"ecs_id\":\"Az09-_\"}]}");
    OK("{\"members\":[{\"ecs_id\":\"\\u002d\\u005F\\u0041\"}]}"); /* escapes decode first */
    assert_string_equal(req.members[0].ecs_id, "-_A");
    ERR("{\"members\":[{\"ecs_id\":\"\\u002e\"}]}", "APIG.2012", "ecs_id", "members[0].ecs_id",
        22);
    OK("{\"members\":[{\"ecs_name\":\"APIG-test_02.x\xe4\xb8\x80\xe9\xbe\xa5\"}]}");
    OK("{\"members\":[{\"ecs_name\":\"\\u4e00\\u9FA5\"}]}");
    assert_string_equal(req.members[0].ecs_name, "\xe4\xb8\x80\xe9\xbe\xa5");
    static const char *const bad_names[] = {
        "a/b", "\xc3\xa9", "\\u00e9", "\xf0\x9f\x98\x80", "\\ud83d\\ude00", "\\u0000",
        "a\\u0000b", "\xe4\xb7\xbf" /* U+4DFF */, "\\u4dff", "\xe9\xbe\xa6" /* U+9FA6 */,
        "\\u9fa6", "a b", "\\n", "\\\"", "\\/", "\\\\", "\xef\xbc\x8c" /* fullwidth comma */,
    };
    char body[128];
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        snprintf(body, sizeof body, "{\"members\":[{\"ecs_name\":\"%s\"}]}", bad_names[i]);
        ERR(body, "APIG.2012", "ecs_name", "members[0].ecs_name", 24);
    }
    /* host takes any character but U+0000 */
    OK("{\"members\":[{\"host\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\xc3\xa9\"}]}");
    assert_string_equal(req.members[0].host, "a\"b\\c/d\b\f\n\r\t\xc3\xa9");
    ERR("{\"members\":[{\"host\":\"\\u0000\"}]}", "APIG.2012", "host", "members[0].host", 20);
    ERR("{\"members\":[{\"host\":\"ab\\u0000\"}]}", "APIG.2012", "host", "members[0].host", 20);
}

/* Every ASCII character, raw where JSON allows it and as an escape, against
 * both sets: id = [0-9A-Za-z_-], name = id + '.' (+ Chinese). */
static void every_ascii_character(void **state)
{
    (void)state;
    char body[128];
    for (int c = 0; c < 0x80; c++) {
        bool id = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                  c == '-' || c == '_';
        bool name = id || c == '.';
        for (int escaped = 0; escaped < 2; escaped++) {
            char ch[8];
            if (escaped || c < 0x20 || c == '"' || c == '\\')
                snprintf(ch, sizeof ch, "\\u%04x", c);
            else
                snprintf(ch, sizeof ch, "%c", c);
            snprintf(body, sizeof body, "{\"members\":[{\"ecs_id\":\"a%sb\"}]}", ch);
            if (id)
                OK(body);
            else
                ERR(body, "APIG.2012", "ecs_id", "members[0].ecs_id", 22);
            snprintf(body, sizeof body, "{\"members\":[{\"ecs_name\":\"%sa\"}]}", ch);
            if (name)
                OK(body);
            else
                ERR(body, "APIG.2012", "ecs_name", "members[0].ecs_name", 24);
            snprintf(body, sizeof body, "{\"members\":[{\"host\":\"a%s\"}]}", ch);
            if (c != 0)
                OK(body);
            else
                ERR(body, "APIG.2012", "host", "members[0].host", 20);
        }
    }
}

static void charset_is_checked_before_length(void **state)
{
    (void)state;
    /* Decision: within one string a character outside the set wins over the
     * length (the whole string is checked), as apig__check_string orders it. */
    ERR(rep("{\"members\":[{\"ecs_id\":\"", "a", 70, ".\"}]}"), "APIG.2012", "ecs_id",
        "members[0].ecs_id", 22);
    ERR(rep("{\"members\":[{\"ecs_id\":\".", "a", 70, "\"}]}"), "APIG.2012", "ecs_id",
        "members[0].ecs_id", 22);
    ERR(rep("{\"members\":[{\"ecs_name\":\"", "\xe4\xb8\x80", 100, "\xc3\xa9\"}]}"),
        "APIG.2012", "ecs_name", "members[0].ecs_name", 24);
}

/* ---- malformed bodies ----------------------------------------------------- */

static void empty_and_blank_bodies(void **state)
{
    (void)state;
    SYNTAX("", "unexpected end of JSON input");
    SYNTAX(" ", "unexpected end of JSON input");
    SYNTAX(" \n\t\r ", "unexpected end of JSON input");
    assert_int_equal(decode_with(MSG, NULL, 0, toks, VPCM_MAX_TOKENS, NULL, 0, &req, errs, 4), 1);
    assert_string_equal(msg_of(&errs[0]),
                        "Parameter error: Serialization error: unexpected end of JSON input");
}

static void malformed_bodies(void **state)
{
    (void)state;
    SYNTAX("\xef\xbb\xbf{\"members\":[{}]}", NULL);                /* BOM */
    SYNTAX("{\"members\":[{}]} x", "data after the JSON value at line 1, column 18");
    SYNTAX("{\"members\":[{}]}{}", NULL);
    SYNTAX("{\"members\":[", "unexpected end of JSON input at line 1, column 13");
    SYNTAX("{\"members\":[{\"weight\":1,}]}", NULL);                /* trailing comma */
    SYNTAX("{\"members\":[{\"weight\":01}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":+1}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":.5}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":1.}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":NaN}]}", NULL);
    SYNTAX("{\"members\":[{\"host\"}]}", NULL);
    SYNTAX("{\"members\":[{'host':'a'}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":nul}]}", NULL);
    SYNTAX("{members:[]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"a\"}]", NULL);
    SYNTAX("{\"members\":[{\"host\":\"a\"]}}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"a\x01\"}]}", NULL);          /* raw control char */
    SYNTAX("{\"members\":[{\"host\":\"a\nb\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\\x41\"}]}", NULL);          /* bad escape */
    SYNTAX("{\"members\":[{\"host\":\"\\u12G4\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\\ud800\"}]}", NULL);        /* lone surrogates */
    SYNTAX("{\"members\":[{\"host\":\"\\udc00\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\\ud800\\u0041\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\\ud800x\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\xff\"}]}", NULL);           /* invalid UTF-8 */
    SYNTAX("{\"members\":[{\"host\":\"\xc3\"}]}", NULL);
    SYNTAX("{\"members\":[{\"host\":\"\xc0\xaf\"}]}", NULL);       /* overlong */
    SYNTAX("{\"members\":[{\"host\":\"\xed\xa0\x80\"}]}", NULL);   /* UTF-8 surrogate */
    SYNTAX("{\"members\":[{\"host\":\"\xf4\x90\x80\x80\"}]}", NULL); /* > U+10FFFF */
    SYNTAX("{\"members\":[{\"ecs_name\":\"\xe4\xb8\"}]}", NULL);
    SYNTAX("{\"members\":[{\"x\xff\":1}]}", NULL);                  /* in a key */
    SYNTAX("{\"members\":[{\"x\\q\":1}]}", NULL);
    SYNTAX("{\"members\":[{\"x\":\"\xff\"}]}", NULL);               /* unknown field */
    SYNTAX("{\"x\":{\"y\":[\"\\ud800\"]},\"members\":[{}]}", NULL);
    SYNTAX("\"\xff\"", NULL);                                       /* top-level string */
    /* a NUL byte anywhere */
    syntax_error(__LINE__, "{\"members\":[{\"host\":\"a\0\"}]}", 26, NULL);
    syntax_error(__LINE__, "{\"members\":[]}\0", 15, NULL);
    /* the message carries what and where */
    SYNTAX("{\n  \"members\" : [ {\n    \"host\" : \"\xff\"\n  } ]\n}",
           "invalid UTF-8 at line 3, column 15");
    SYNTAX("{\"members\":[{\"host\":\"\\ud800\"}]}",
           "invalid surrogate escape at line 1, column 22");
}

static void malformed_beats_every_rule(void **state)
{
    (void)state;
    /* Field errors before a malformed string give way to the syntax error,
     * whatever the size of the list. */
    SYNTAX("{\"members\":[{\"weight\":101,\"ecs_id\":\"a.b\"},{\"host\":\"\xff\"}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":101},{\"zzz\":\"\\ud800\"}]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":101}],\"zzz\":\"\\q\"}", NULL);
    SYNTAX("{\"members\":[],\"z\":\"\xff\"}", NULL);
    SYNTAX("{\"members\":[{\"weight\":101}],\"members\":[\"\xff\"]}", NULL);
    SYNTAX("{\"members\":[{\"weight\":101},{\"weight\":1.5}]}x", NULL);
    SYNTAX("[\"\xff\"]", NULL);
    /* beyond the capacity too */
    const char *b = rep("{\"members\":[", "{},", CAP + 5, "{\"host\":\"\xff\"}]}");
    syntax_error(__LINE__, b, strlen(b), NULL);
}

static void top_level_not_an_object(void **state)
{
    (void)state;
    static const char *const bodies[] = {"[]", "[{\"members\":[{}]}]", "\"x\"", "1", "null",
                                         "true", "false", "-0.5", " [ ] "};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        run_len(bodies[i], strlen(bodies[i]), NULL, 0, 64);
        assert_int_equal(nerr, 1);
        assert_string_equal(errs[0].code, "APIG.2000");
        assert_int_equal(errs[0].status, 400);
        assert_int_equal(errs[0].kind, APIG_ERROR_NOT_OBJECT);
        assert_string_equal(errs[0].param, "");
        assert_string_equal(errs[0].path, "");
        assert_string_equal(msg_of(&errs[0]),
                            "Parameter error: Serialization error: body is not a JSON object");
    }
}

static void limits_are_syntax_errors(void **state)
{
    (void)state;
    /* nesting deeper than the limit, inside an unknown field */
    const char *deep = rep("{\"members\":[{}],\"x\":", "[", APIG_CFG_MAX_DEPTH + 1, "");
    size_t len = strlen(deep);
    for (int i = 0; i < APIG_CFG_MAX_DEPTH + 1; i++)
        big[len++] = ']';
    big[len++] = '}';
    big[len] = '\0';
    syntax_error(__LINE__, big, len, NULL);
    assert_non_null(strstr(msg_of(&errs[0]), "nesting is too deep"));
    /* exactly at the limit is fine */
    deep = rep("{\"members\":[{}],\"x\":", "[", APIG_CFG_MAX_DEPTH - 1, "");
    len = strlen(deep);
    for (int i = 0; i < APIG_CFG_MAX_DEPTH - 1; i++)
        big[len++] = ']';
    big[len++] = '}';
    big[len] = '\0';
    ok_at(__LINE__, big, len, NULL, 0);
    /* more tokens than the caller's array */
    const char *body = "{\"members\":[{\"host\":\"a\",\"weight\":1}]}";
    nerr = decode_with(MSG, body, strlen(body), toks, 7, NULL, 0, &req, errs, 64);
    assert_int_equal(nerr, 1);
    assert_string_equal(errs[0].code, "APIG.2000");
    assert_non_null(strstr(msg_of(&errs[0]), "too many tokens"));
    assert_int_equal(decode_with(MSG, body, strlen(body), toks, 8, NULL, 0, &req, errs, 64), 0);
    /* a body larger than the configured limit */
    static char huge[VPCM_VPC_MEMBER_CREATE_BODY_MAX + 2];
    memset(huge, ' ', sizeof huge);
    memcpy(huge, "{\"members\":[{}]}", 16);
    settings(NULL, 0);
    nerr = apig_decode(&dec, MSG, huge, VPCM_VPC_MEMBER_CREATE_BODY_MAX, &req);
    assert_int_equal(nerr, 0);
    nerr = apig_decode(&dec, MSG, huge, VPCM_VPC_MEMBER_CREATE_BODY_MAX + 1, &req);
    assert_int_equal(nerr, 1);
    assert_string_equal(errs[0].code, "APIG.2000");
    assert_string_equal(msg_of(&errs[0]), "Parameter error: Serialization error: input is too large");
}

/* ---- keys ------------------------------------------------------------------- */

static void duplicate_keys(void **state)
{
    (void)state;
    ERR("{\"members\":[{}],\"members\":[{}]}", "APIG.2012", "members", "members", 16);
    ERR("{\"members\":[{\"weight\":1,\"weight\":1}]}", "APIG.2012", "weight",
        "members[0].weight", 24);
    ERR("{\"members\":[{\"host\":null,\"host\":\"a\"}]}", "APIG.2012", "host",
        "members[0].host", 25);
    ERR("{\"members\":[{\"ecs_id\":\"a\",\"ecs_name\":\"b\",\"ecs_id\":\"a\"}]}", "APIG.2012",
        "ecs_id", "members[0].ecs_id", 41);
    /* an escaped spelling is the same key */
    ERR("{\"members\":[{\"weight\":1,\"we\\u0069ght\":2}]}", "APIG.2012", "weight",
        "members[0].weight", 24);
    run_len("{\"members\":[{\"weight\":1,\"weight\":1}]}", 37, NULL, 0, 64);
    assert_int_equal(errs[0].kind, APIG_ERROR_DUPLICATE);
    /* unknown keys may repeat (they are skipped) */
    OK("{\"members\":[{\"x\":1,\"x\":2}],\"y\":1,\"y\":[]}");
    /* the same key in different objects is not a duplicate */
    OK("{\"members\":[{\"weight\":1},{\"weight\":1}]}");
}

static void escaped_keys_are_unescaped(void **state)
{
    (void)state;
    OK("{\"\\u006dembers\":[{\"we\\u0069ght\":7,\"\\u0068ost\":\"h\",\"ecs\\u005fid\":\"e\"}]}");
    assert_int_equal(req.members[0].weight, 7);
    assert_string_equal(req.members[0].host, "h");
    assert_string_equal(req.members[0].ecs_id, "e");
    ERR("{\"members\":[{\"we\\u0069ght\":101}]}", "APIG.2004", "weight", "members[0].weight",
        27);
}

static void unknown_fields(void **state)
{
    (void)state;
    const char *body = "{\"members\":[{\"host\":\"a\",\"port\":80,\"extra\":{\"n\":[1,{\"m\":null}]}}],"
                       "\"note\":\"x\"}";
    OK(body);
    assert_string_equal(req.members[0].host, "a");
    /* rejected with the option: APIG.2012 naming the key */
    run_len(body, strlen(body), NULL, APIG_OPT_REJECT_UNKNOWN, 64);
    assert_int_equal(nerr, 3);
    assert_int_equal(errs[0].kind, APIG_ERROR_UNKNOWN_FIELD);
    assert_string_equal(errs[0].code, "APIG.2012");
    assert_int_equal(errs[0].status, 400);
    assert_string_equal(msg_of(&errs[0]),
                        "Invalid parameter value,parameterName:port. Please refer to the support documentation");
    assert_string_equal(errs[0].path, "members[0].port");
    assert_int_equal(errs[0].offset, 24);
    /* param is the name the message gives (a copy: the body may go away) */
    assert_string_equal(errs[0].param, "port");
    assert_string_equal(errs[1].path, "members[0].extra");
    assert_string_equal(errs[2].path, "note");
    assert_string_equal(msg_of(&errs[2]),
                        "Invalid parameter value,parameterName:note. Please refer to the support documentation");
    /* an escaped unknown key is named unescaped */
    body = "{\"members\":[{}],\"n\\u00e9\":1}";
    run_len(body, strlen(body), NULL, APIG_OPT_REJECT_UNKNOWN, 64);
    assert_int_equal(nerr, 1);
    assert_string_equal(msg_of(&errs[0]),
                        "Invalid parameter value,parameterName:n\xc3\xa9. Please refer to the support documentation");
    /* unknown fields count toward the limits */
    nerr = decode_with(MSG, "{\"members\":[{}],\"x\":[1,2,3,4,5]}", 31, toks, 8, NULL, 0,
                       &req, errs, 64);
    assert_int_equal(nerr, 1);
    assert_string_equal(errs[0].code, "APIG.2000");
}

/* prefix + unit x n + suffix into dst; returns dst. */
static char *build(char *dst, const char *prefix, const char *unit, size_t n, const char *suffix)
{
    strcpy(dst, prefix);
    for (size_t i = 0; i < n; i++)
        strcat(dst, unit);
    return strcat(dst, suffix);
}

#define UNKNOWN_MSG(param) \
    "Invalid parameter value,parameterName:" param ". Please refer to the support documentation"

/* Checks errs[0] for an unknown key: param, path, message and the encoded
 * error body (no U+FFFD: nothing was cut inside a character). */
static void unknown_key_error(int line, const char *param, const char *path)
{
    char want[MSG_OF_BYTES];
    snprintf(want, sizeof want, UNKNOWN_MSG("%s"), param);
    char body[2 * MSG_OF_BYTES];
    size_t n = apig_error_encode(&errs[0], APIG_STYLE_COMPACT, body, sizeof body);
    if (nerr != 1 || errs[0].kind != APIG_ERROR_UNKNOWN_FIELD || strcmp(errs[0].param, param) != 0 ||
        strcmp(errs[0].path, path) != 0 || strcmp(msg_of(&errs[0]), want) != 0 ||
        n >= sizeof body || strstr(body, "\xEF\xBF\xBD") != NULL) {
        dump(line);
        fail_msg("line %d: want param '%s' path '%s'", line, param, path);
    }
}

/* An unknown key's name in the error is its decoded text, cut (if at all)
 * between characters with "...", the same in param and message. */
static void unknown_key_names_are_cut_between_characters(void **state)
{
    (void)state;
    const unsigned opts = APIG_OPT_REJECT_UNKNOWN;
    char body[2048], param[256], path[256];

    /* 64 x U+00E9 (128 bytes): param holds 127 bytes, the path 95. */
    build(body, "{\"members\":[{\"", "\xC3\xA9", 64, "\":1}]}");
    build(param, "", "\xC3\xA9", 62, "...");
    build(path, "members[0].", "\xC3\xA9", 40, "...");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, param, path);
    assert_int_equal(strlen(errs[0].param), 127);
    assert_string_equal(msg_of(&errs[0]),
                        UNKNOWN_MSG("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9..."));
    /* 63 fit whole: no marker. */
    build(body, "{\"members\":[{}],\"", "\xC3\xA9", 63, "\":1}");
    build(param, "", "\xC3\xA9", 63, "");
    run_len(body, strlen(body), NULL, opts, 64);
    assert_string_equal(errs[0].param, param);
    /* The empty key is named as itself: nothing, with nothing to cut. */
    strcpy(body, "{\"members\":[{\"\":1}]}");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, "", "members[0].");
    /* The same key escaped, long enough that the decoder's key buffer does
     * not hold it: still named by its text, not by its escapes. */
    build(body, "{\"members\":[{\"", "\\u00e9", 64, "\":1}]}");
    build(param, "", "\xC3\xA9", 62, "...");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, param, path);
    build(body, "{\"members\":[{\"", "\\uD83D\\uDE00", 100, "\":1}]}");
    build(param, "", "\xF0\x9F\x98\x80", 31, "...");
    build(path, "members[0].", "\xF0\x9F\x98\x80", 20, "...");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, param, path);
}

/* U+0000 in an unknown key (from "\u0000") is written \u0000 in param,
 * path and message alike: it is not the end of the name. */
static void unknown_key_names_keep_u0000(void **state)
{
    (void)state;
    const unsigned opts = APIG_OPT_REJECT_UNKNOWN;
    char body[2048], param[256], path[256];

    strcpy(body, "{\"members\":[{}],\"ho\\u0000st\":1}");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, "ho\\u0000st", "ho\\u0000st");
    assert_string_equal(msg_of(&errs[0]),
                        "Invalid parameter value,parameterName:ho\\u0000st. Please refer to the support documentation");
    char out[512];
    apig_error_encode(&errs[0], APIG_STYLE_COMPACT, out, sizeof out);
    assert_string_equal(out, "{\"error_code\":\"APIG.2012\",\"error_msg\":\"Invalid parameter value,"
                             "parameterName:ho\\\\u0000st. Please refer to the support documentation\"}");
    strcpy(body, "{\"members\":[{\"\\u0000\":1}]}");
    run_len(body, strlen(body), NULL, opts, 64);
    unknown_key_error(__LINE__, "\\u0000", "members[0].\\u0000");
    /* Many: short when decoded (the key buffer holds them), long once
     * written out; and more than the key buffer holds. Each \u0000 is six
     * characters of the cut text. */
    for (size_t count = 30; count <= 300; count += 270) {
        build(body, "{\"members\":[{}],\"", "\\u0000", count, "\":1}");
        build(param, "", "\\u0000", 20, "...");
        build(path, "", "\\u0000", 15, "...");
        run_len(body, strlen(body), NULL, opts, 64);
        unknown_key_error(__LINE__, param, path);
    }
}

/* ---- capacity ---------------------------------------------------------------- */

static void capacity_and_one_more(void **state)
{
    (void)state;
    const char *b = rep("{\"members\":[", "{\"weight\":1},", CAP - 1, "{\"weight\":2}]}");
    ok_at(__LINE__, b, strlen(b), NULL, 0);
    assert_int_equal(req.members_count, CAP);
    assert_int_equal(req.members[CAP - 1].weight, 2);
    b = rep("{\"members\":[", "{\"weight\":1},", CAP, "{\"weight\":2}]}");
    size_t extra = strlen("{\"members\":[") + (size_t)CAP * strlen("{\"weight\":1},");
    err_at(__LINE__, b, strlen(b), NULL, 0, "APIG.3110", NULL, "members[200]", (long)extra);
    assert_int_equal(errs[0].kind, APIG_ERROR_CAPACITY);
    assert_string_equal(msg_of(&errs[0]),
                        "The number of cloud servers in the VPC channel exceeds the maximum allowed limit");
    assert_int_equal(nerr, 1); /* reported once */
    assert_int_equal(req.members_count, 0); /* rejected: nothing counted */
    /* errors in earlier items come first (position order) */
    b = rep("{\"members\":[{\"weight\":101},", "{},", CAP + 3, "{}]}");
    run_len(b, strlen(b), NULL, 0, 64);
    assert_int_equal(nerr, 2);
    assert_string_equal(errs[0].code, "APIG.2004");
    assert_string_equal(errs[1].code, "APIG.3110");
    /* items past the capacity are not checked against the rules */
    b = rep("{\"members\":[", "{},", CAP + 1, "{\"weight\":101}]}");
    run_len(b, strlen(b), NULL, 0, 64);
    assert_int_equal(nerr, 1);
    assert_string_equal(errs[0].code, "APIG.3110");
}


/* ---- the token budget never replaces an answer the rules have ---------------- */

/* A body of `n` copies of `unit` as members, with `tail` after the array's
 * last item (normally "]}"), on the heap. */
static char *members_body(const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *b = malloc(16 + n * (u + 1) + t);
    assert_non_null(b);
    size_t k = 0;
    memcpy(b, "{\"members\":[", 12);
    k = 12;
    for (size_t i = 0; i < n; i++) {
        if (i)
            b[k++] = ',';
        memcpy(b + k, unit, u);
        k += u;
    }
    memcpy(b + k, tail, t);
    k += t;
    b[k] = '\0';
    *len = k;
    return b;
}

/* Where item `i` starts in a body made by members_body. */
static size_t item_offset(const char *unit, size_t i)
{
    return 12 + i * (strlen(unit) + 1);
}

#define FULL_MEMBER "{\"host\":\"192.168.0.1\",\"ecs_id\":\"a-1\",\"ecs_name\":\"n.1\",\"weight\":7}"

static void capacity_beats_the_token_budget(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        size_t n;
    } over[] = {
        {FULL_MEMBER, CAP + 1},  /* within the budget */
        {FULL_MEMBER, 600},      /* 5,403 tokens */
        {"{\"host\":\"h\"}", 2000}, /* 6,003 tokens */
        {"{}", 5000},            /* 5,003 tokens */
        {"{\"x\":[1,2,3,4,5,6,7,8]}", 1000}, /* unknown fields use the budget too */
    };
    for (size_t c = 0; c < sizeof over / sizeof over[0]; c++) {
        size_t len;
        char *b = members_body(over[c].unit, over[c].n, "]}", &len);
        err_at(__LINE__, b, len, NULL, 0, "APIG.3110", NULL, "members[200]",
               (long)item_offset(over[c].unit, CAP));
        /* Over the budget, the answer is followed by the budget's own
         * error: the rules did not see the rest of the body. */
        if (3 + over[c].n * 9 > VPCM_MAX_TOKENS && strcmp(over[c].unit, FULL_MEMBER) == 0) {
            assert_int_equal(nerr, 2);
            assert_string_equal(errs[1].code, "APIG.2000");
            assert_non_null(strstr(msg_of(&errs[1]), "too many tokens"));
        }
        assert_int_equal(req.members_count, 0);
        assert_false(req.has_members);
        free(b);
    }

    /* An earlier error by position still answers first. */
    size_t len;
    char *b = members_body(FULL_MEMBER, 600, "]}", &len);
    memcpy(strstr(b + item_offset(FULL_MEMBER, 3), "\"ecs_id\":\"a-1\""), "\"ecs_id\":\"a.1\"", 14);
    err_at(__LINE__, b, len, NULL, 0, "APIG.2012", "ecs_id", "members[3].ecs_id",
           (long)(strstr(b + item_offset(FULL_MEMBER, 3), "\"a.1\"") - b));
    assert_int_equal(nerr, 3);
    assert_string_equal(errs[1].code, "APIG.3110");
    assert_string_equal(errs[1].path, "members[200]");
    assert_string_equal(errs[2].code, "APIG.2000");
    free(b);

    /* A malformed body is the syntax error, however far past the budget
     * the fault is: a trailing comma in the array, a bad UTF-8 byte in a
     * string (checked by the decoder, not the grammar, on the fast path),
     * a missing brace at the very end. */
    b = members_body("{}", 6000, ",]}", &len);
    syntax_error(__LINE__, b, len, NULL);
    assert_non_null(strstr(msg_of(&errs[0]), "trailing comma"));
    free(b);
    b = members_body("{\"host\":\"h\"}", 2000, "]}", &len);
    b[len - 5] = (char)0xFF; /* the last host's only character */
    syntax_error(__LINE__, b, len, NULL);
    assert_non_null(strstr(msg_of(&errs[0]), "invalid UTF-8"));
    assert_int_equal(errs[0].offset, len - 5);
    free(b);
    b = members_body(FULL_MEMBER, 600, "]", &len);
    syntax_error(__LINE__, b, len, NULL);
    assert_non_null(strstr(msg_of(&errs[0]), "unexpected end of JSON input"));
    free(b);
}

static void token_budget_is_a_clear_limit(void **state)
{
    (void)state;
    /* Within the capacity and over a small budget, nothing in the tokens
     * that fit is wrong: the budget is the answer, where the first token
     * without room starts. */
    size_t len;
    char *b = members_body("{\"host\":\"h\"}", 10, "]}", &len);
    /* 3 + 3 x 3 tokens fit: members[3] has its object token, its key "host"
     * has no room. */
    nerr = decode_with(MSG, b, len, toks, 13, NULL, 0, &req, errs, 64);
    assert_int_equal(nerr, 1);
    assert_string_equal(errs[0].code, "APIG.2000");
    assert_int_equal(errs[0].status, 400);
    assert_string_equal(errs[0].path, "");
    assert_int_equal(errs[0].offset, item_offset("{\"host\":\"h\"}", 3) + 1);
    assert_string_equal(msg_of(&errs[0]), /* column = offset + 1 */
                        "Parameter error: Serialization error: too many tokens at line 1, column 53");
    free(b);

    /* An object cut by the budget is not judged on the fields it lacks so
     * far: its closing brace is beyond the cut. */
    apig_decoder d;
    apig_decoder_init(&d, toks, 6, errs, 64);
    assert_int_equal(apig_context_set(&d.context, SCHEMA, "member_type", 11, "ip", 2), 0);
    const char *body = "{\"members\":[{\"weight\":1,\"host\":\"10.0.0.1\"}]}";
    nerr = apig_decode(&d, MSG, body, strlen(body), &req);
    assert_int_equal(nerr, 1);
    assert_non_null(strstr(msg_of(&errs[0]), "too many tokens"));
    /* ...but one closed within the tokens that fit is. */
    body = "{\"members\":[{\"weight\":1},{\"host\":\"10.0.0.1\"}]}";
    d.token_cap = 7;
    nerr = apig_decode(&d, MSG, body, strlen(body), &req);
    assert_int_equal(nerr, 2);
    assert_string_equal(errs[0].code, "APIG.2001");
    assert_string_equal(errs[0].path, "members[0].host");
    assert_string_equal(errs[1].code, "APIG.2000");
    /* A key whose value had no room still gets its own errors. */
    apig_context_init(&d.context);
    d.options = APIG_OPT_REJECT_UNKNOWN;
    d.token_cap = 5;
    body = "{\"members\":[{\"port\":1}]}";
    nerr = apig_decode(&d, MSG, body, strlen(body), &req);
    assert_int_equal(nerr, 2);
    assert_string_equal(errs[0].code, "APIG.2012");
    assert_string_equal(errs[0].path, "members[0].port");
    assert_string_equal(errs[1].code, "APIG.2000");

    /* The default budget fits every body of full capacity with every known
     * field at its longest. */
    _Static_assert(VPCM_MAX_TOKENS >= 3 + CAP * 9, "default token budget");
    char host[256], ecs_id[65], name[64 * 3 + 1];
    memset(host, 'h', 255);
    host[255] = '\0';
    memset(ecs_id, 'e', 64);
    ecs_id[64] = '\0';
    for (int i = 0; i < 64; i++)
        memcpy(name + 3 * i, "\xe4\xb8\x80", 3); /* U+4E00 */
    name[192] = '\0';
    char unit[700];
    snprintf(unit, sizeof unit,
             "{\"host\":\"%s\",\"ecs_id\":\"%s\",\"ecs_name\":\"%s\",\"weight\":100}", host,
             ecs_id, name);
    b = members_body(unit, CAP, "]}", &len);
    ok_at(__LINE__, b, len, NULL, 0);
    assert_int_equal(req.members_count, CAP);
    free(b);
}

/* ---- a rejected body leaves nothing that looks decoded ------------------------ */

static void rejected_body_leaves_an_absent_struct(void **state)
{
    (void)state;
    const char *bodies[] = {
        "{\"members\":[{\"host\":\"ok\"},{\"weight\":101}]}",       /* a rule */
        "{\"members\":[{\"host\":\"ok\"},{\"weight\":1}]} x",       /* syntax, after */
        "{\"members\":[{\"host\":\"ok\"},{\"host\":\"\\ud800\"}]}", /* a bad string */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        memset(&req, 0x5A, sizeof req);
        assert_true(run_len(bodies[i], strlen(bodies[i]), NULL, 0, 64) > 0);
        assert_false(req.has_members);
        assert_int_equal(req.members_count, 0);
        /* so it cannot be encoded as if it were a message */
        char out[256];
        apig_error e;
        assert_true(apig_encode(MSG, &req, APIG_STYLE_COMPACT, out, sizeof out, &e) ==
                    APIG_ENCODE_INVALID);
        assert_string_equal(e.code, "APIG.2001");
    }
    /* A whole request: the path parameters too, whatever step failed. */
    static vpcm_add_backend_instances_v2_request parts;
    apig_header h = {"X-Auth-Token", 12, "t", 1};
    const char *body = bodies[0];
    apig_http_request rq = {"POST", 4, "/v2/p/apigw/instances/i/vpc-channels/c/members", 46,
                            &h, 1, body, strlen(body)};
    memset(&parts, 0x5A, sizeof parts);
    settings(NULL, 0);
    assert_int_equal(apig_request_decode(&dec, OP, &rq, &parts), 1);
    assert_false(parts.path.has_project_id);
    assert_string_equal(parts.path.project_id, "");
    assert_false(parts.path.has_vpc_channel_id);
    assert_false(parts.body.has_members);
    assert_int_equal(parts.body.members_count, 0);
    /* and a valid one keeps them */
    rq.body = "{\"members\":[{}]}";
    rq.body_len = strlen(rq.body);
    assert_int_equal(apig_request_decode(&dec, OP, &rq, &parts), 0);
    assert_true(parts.path.has_vpc_channel_id);
    assert_string_equal(parts.path.vpc_channel_id, "c");
    assert_true(parts.body.has_members);
}

/* ---- NULL with a length ---------------------------------------------------------- */

static void null_pointer_with_a_length_is_refused(void **state)
{
    (void)state;
    apig_error e[2];
    apig_decoder d, quiet;
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, e, 2);
    apig_decoder_init(&quiet, toks, VPCM_MAX_TOKENS, NULL, 0);
    memset(e, 0x5A, sizeof e);
    assert_int_equal(apig_decode(&d, MSG, NULL, 5, &req), 1);
    assert_null(e[0].code);
    assert_int_equal(e[0].kind, APIG_ERROR_NONE);
    assert_non_null(e[0].detail);
    assert_int_equal(apig_decode(&quiet, MSG, NULL, 5, &req), 1);

    static vpcm_add_backend_instances_v2_request parts;
    apig_header h = {"X-Auth-Token", 12, "t", 1};
    const char *p = "/v2/p/apigw/instances/i/vpc-channels/c/members";
    const char *body = "{\"members\":[{}]}";
    apig_http_request good = {"POST", 4, p, strlen(p), &h, 1, body, strlen(body)};
    assert_int_equal(apig_request_decode(&d, OP, &good, &parts), 0);
    apig_http_request bad[6];
    for (int i = 0; i < 6; i++)
        bad[i] = good;
    bad[0].body = NULL;
    bad[1].path = NULL;
    bad[2].method = NULL;
    bad[3].headers = NULL;
    apig_header no_name = {NULL, 12, "t", 1}, no_value = {"X-Auth-Token", 12, NULL, 1};
    bad[4].headers = &no_name;
    bad[5].headers = &no_value;
    for (int i = 0; i < 6; i++) {
        memset(e, 0x5A, sizeof e);
        assert_int_equal(apig_request_decode(&d, OP, &bad[i], &parts), 1);
        assert_null(e[0].code);
        assert_int_equal(e[0].kind, APIG_ERROR_NONE);
    }
    /* The JSON layer and the helpers answer with an error, not a crash. */
    apig_json_result r = apig_json_parse(NULL, 5, toks, VPCM_MAX_TOKENS, NULL, 0);
    assert_int_equal(r.status, APIG_JSON_NULL_TEXT);
    size_t at = 99;
    assert_int_equal(apig_json_check_string(NULL, 5, &at), APIG_JSON_NULL_TEXT);
    assert_int_equal(at, 0);
    size_t line = 0, column = 0;
    apig_offset_to_line_column(NULL, 5, 3, &line, &column);
    assert_int_equal(line, 1);
    assert_int_equal(column, 1);
}

/* ---- context ------------------------------------------------------------------ */

static void context_ip_requires_an_ip_literal_host(void **state)
{
    (void)state;
    /* missing host: at the closing brace of its object */
    ERR_CTX("{\"members\":[{\"weight\":1}]}", "ip", 0, "APIG.2001", "host", "members[0].host",
            23);
    ERR_CTX("{\"members\":[{}]}", "ip", 0, "APIG.2001", "host", "members[0].host", 13);
    ERR_CTX("{\"members\":[{\"host\":\"1.2.3.4\"},{}]}", "ip", 0, "APIG.2001", "host",
            "members[1].host", 32);
    static const char *const good[] = {"192.168.2.25", "0.0.0.0", "255.255.255.255", "::1",
                                       "::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
                                       "fe80::1", "2001:db8::8a2e:370:7334", "FE80::ABCD"};
    static const char *const bad[] = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
                                      "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", ":::1",
                                      "1::2::3", "[::1]", "example.com", "1.2.3.4 ",
                                      " 1.2.3.4", "1.2.3.-1", "12345::1", "a", "1.2.3.4/24",
                                      "\xe4\xb8\x80"};
    char body[128];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        snprintf(body, sizeof body, "{\"members\":[{\"host\":\"%s\"}]}", good[i]);
        OK_CTX(body, "ip", 0);
        OK(body);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(body, sizeof body, "{\"members\":[{\"host\":\"%s\"}]}", bad[i]);
        ERR_CTX(body, "ip", 0, "APIG.2015", "host", "members[0].host", 20);
        assert_int_equal(errs[0].kind, APIG_ERROR_FORMAT);
        OK(body); /* without the context, any 1..255 characters */
    }
    /* the length rule comes before the format */
    ERR_CTX("{\"members\":[{\"host\":\"\"}]}", "ip", 0, "APIG.2005", "host", "members[0].host",
            20);
    /* ip does not require ecs_id */
    OK_CTX("{\"members\":[{\"host\":\"10.0.0.1\"}]}", "ip", 0);
}

static void context_instance_requires_ecs_id(void **state)
{
    (void)state;
    ERR_CTX("{\"members\":[{\"ecs_name\":\"n\"}]}", "instance", 0, "APIG.2001", "ecs_id",
            "members[0].ecs_id", 27);
    ERR_CTX("{\"members\":[{\"ecs_name\":\"n\"}]}", "ecs", 0, "APIG.2001", "ecs_id",
            "members[0].ecs_id", 27);
    OK_CTX("{\"members\":[{\"ecs_id\":\"i-1\"}]}", "instance", 0);
    OK_CTX("{\"members\":[{\"ecs_id\":\"i-1\"}]}", "ecs", 0);
    /* instance does not require host, nor check its form */
    OK_CTX("{\"members\":[{\"ecs_id\":\"i\",\"host\":\"not an ip\"}]}", "instance", 0);
    /* without context nothing is conditionally required */
    OK("{\"members\":[{\"weight\":3}]}");
}

static void context_channel_type(void **state)
{
    (void)state;
    settings(NULL, 0);
    assert_int_equal(apig_context_set(&dec.context, SCHEMA, "channel_type", 12, "1", 1), 0);
    /* weight "does not take effect", but it is still checked when present */
    const char *body = "{\"members\":[{\"weight\":101}]}";
    assert_int_equal(apig_decode(&dec, MSG, body, strlen(body), &req), 1);
    check_error(__LINE__, &errs[0], "APIG.2004", "weight", "members[0].weight", 22);
    body = "{\"members\":[{\"weight\":5}]}";
    assert_int_equal(apig_decode(&dec, MSG, body, strlen(body), &req), 0);
    assert_int_equal(req.members[0].weight, 5);
    assert_int_equal(apig_context_set(&dec.context, SCHEMA, "channel_type", 12, "2", 1), 0);
    assert_int_equal(apig_decode(&dec, MSG, body, strlen(body), &req), 0);
}

static void context_set_resolves_names(void **state)
{
    (void)state;
    apig_context ctx;
    apig_context_init(&ctx);
    for (int i = 0; i < APIG_CONTEXT_KEYS_MAX; i++)
        assert_int_equal(ctx.values[i], APIG_CONTEXT_UNSET);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "nope", 4, "ip", 2), -1);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_typ", 10, "ip", 2), -1);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "IP", 2), -2);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "", 0), -2);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "ipx", 2), 0); /* (ptr,len) */
    int64_t ip = ctx.values[0];
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "instance", 8), 0);
    int64_t instance = ctx.values[0];
    assert_int_not_equal(ip, instance);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "ecs", 3), 0);
    assert_int_equal(ctx.values[0], instance);
    apig_context before = ctx;
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, "vm", 2), -2);
    assert_memory_equal(&before, &ctx, sizeof ctx);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "x", 1), -2);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "", 0), -2);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "99999999999999999999", 20), -2);
    assert_memory_equal(&before, &ctx, sizeof ctx);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "2", 1), 0);
    assert_int_equal(ctx.values[1], 2);
}

/* ---- order --------------------------------------------------------------------- */

static void first_error_by_position(void **state)
{
    (void)state;
    ERR("{\"members\":[{\"weight\":101,\"ecs_id\":\"\"}]}", "APIG.2004", "weight",
        "members[0].weight", 22);
    ERR("{\"members\":[{\"ecs_id\":\"\",\"weight\":101}]}", "APIG.2005", "ecs_id",
        "members[0].ecs_id", 22);
    ERR("{\"members\":[{\"weight\":1},{\"weight\":1},{\"ecs_name\":\"/\"}]}", "APIG.2012",
        "ecs_name", "members[2].ecs_name", 50);
    /* a missing field is reported at the closing brace of its object */
    ERR_CTX("{\"members\":[{\"weight\":101}]}", "ip", 0, "APIG.2004", "weight",
            "members[0].weight", 22);
    ERR_CTX("{\"members\":[{},{\"weight\":101}]}", "ip", 0, "APIG.2001", "host",
            "members[0].host", 13);
    /* members missing at the end, after an unknown field's... nothing */
    ERR("{\"x\":{\"weight\":101}}", "APIG.2001", "members", "members", 19);
}

static void all_errors_in_order(void **state)
{
    (void)state;
    const char *body = "{\"members\":[{\"weight\":101,\"ecs_id\":\"a.b\",\"ecs_name\":\"\"},"
                       "{\"host\":1,\"weight\":1.5},{},[],{\"weight\":1,\"weight\":2}]}";
    run_len(body, strlen(body), "ip", 0, 64);
    static const struct { const char *code, *param, *path; } want[] = {
        {"APIG.2004", "weight", "members[0].weight"},
        {"APIG.2012", "ecs_id", "members[0].ecs_id"},
        {"APIG.2005", "ecs_name", "members[0].ecs_name"},
        {"APIG.2001", "host", "members[0].host"},
        {"APIG.2012", "host", "members[1].host"},
        {"APIG.2012", "weight", "members[1].weight"},
        {"APIG.2001", "host", "members[2].host"},
        {"APIG.2012", "members", "members[3]"},
        {"APIG.2012", "weight", "members[4].weight"},
        {"APIG.2001", "host", "members[4].host"},
    };
    size_t n = sizeof want / sizeof want[0];
    if (nerr != n)
        dump(__LINE__);
    assert_int_equal(nerr, n);
    for (size_t i = 0; i < n; i++) {
        check_error(__LINE__, &errs[i], want[i].code, want[i].param, want[i].path, -1);
        if (i > 0)
            assert_true(errs[i].offset > errs[i - 1].offset);
    }
    /* a smaller list holds the first ones and stops there */
    apig_error three[3];
    apig_decoder d = dec; /* as run_len set it: member_type ip */
    d.errors = three;
    d.error_cap = 3;
    assert_int_equal(apig_decode(&d, MSG, body, strlen(body), &req), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(three[i].path, errs[i].path);
    /* error_cap 0 with NULL stops at the first and stores nothing */
    d.errors = NULL;
    d.error_cap = 0;
    assert_int_equal(apig_decode(&d, MSG, body, strlen(body), &req), 1);
}

static void decoded_values_and_flags(void **state)
{
    (void)state;
    /* a previous decode leaves nothing behind */
    OK("{\"members\":[{\"host\":\"a\",\"weight\":9,\"ecs_id\":\"b\",\"ecs_name\":\"c\"},{\"host\":\"z\"}]}");
    OK("{\"members\":[{\"weight\":3}]}");
    assert_true(req.has_members);
    assert_int_equal(req.members_count, 1);
    assert_false(req.members[0].has_host);
    assert_string_equal(req.members[0].host, "");
    assert_true(req.members[0].has_weight);
    assert_false(req.members[0].has_ecs_id);
    assert_false(req.members[0].has_ecs_name);
    /* whitespace everywhere RFC 8259 allows it */
    OK(" \n{ \"members\" :\t[ { \"weight\" : 4 } , { } ] }\r\n");
    assert_int_equal(req.members_count, 2);
    assert_int_equal(req.members[0].weight, 4);
}

/* ---- apig_validate ------------------------------------------------------------ */

static void fill_valid(vpcm_vpc_member_create *r)
{
    memset(r, 0, sizeof *r);
    r->has_members = true;
    r->members_count = 2;
    r->members[0].has_host = true;
    strcpy(r->members[0].host, "192.168.0.1");
    r->members[0].has_weight = true;
    r->members[0].weight = 100;
    r->members[1].has_ecs_id = true;
    strcpy(r->members[1].ecs_id, "i-1");
    r->members[1].has_ecs_name = true;
    strcpy(r->members[1].ecs_name, "\xe4\xb8\x80name");
}

static size_t validate(const char *mt)
{
    settings(mt, 0);
    memset(errs, 0, sizeof errs);
    dec.error_cap = 64;
    nerr = vpcm_vpc_member_create_validate(&dec, &req);
    for (size_t i = 0; i < nerr && i < 64; i++)
        check_error_text(&errs[i]);
    return nerr;
}

static void validate_applies_the_same_rules(void **state)
{
    (void)state;
    fill_valid(&req);
    assert_int_equal(validate(NULL), 0);
    apig_decoder quiet;
    apig_decoder_init(&quiet, NULL, 0, NULL, 0);
    assert_int_equal(apig_validate(&quiet, MSG, &req), 0);

    fill_valid(&req);
    req.members[0].weight = 101;
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2004", "weight", "members[0].weight", 0);
    req.members[0].weight = -1;
    assert_int_equal(validate(NULL), 1);

    fill_valid(&req);
    strcpy(req.members[1].ecs_id, "a.b");
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2012", "ecs_id", "members[1].ecs_id", 0);
    strcpy(req.members[1].ecs_id, "");
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2005", "ecs_id", "members[1].ecs_id", 0);
    memset(req.members[1].ecs_id, 'a', sizeof req.members[1].ecs_id - 1);
    req.members[1].ecs_id[sizeof req.members[1].ecs_id - 1] = '\0';
    assert_int_equal(sizeof req.members[1].ecs_id, 65);
    assert_int_equal(validate(NULL), 0); /* 64 */
    memset(req.members[1].ecs_id, 'a', sizeof req.members[1].ecs_id); /* no NUL */
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2006", "ecs_id", "members[1].ecs_id", 0);

    fill_valid(&req);
    strcpy(req.members[1].ecs_name, "\xc3\xa9");
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2012", "ecs_name", "members[1].ecs_name", 0);
    strcpy(req.members[1].ecs_name, "\xff");
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2012", "ecs_name", "members[1].ecs_name", 0);

    fill_valid(&req);
    req.members_count = 0;
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2001", "members", "members", 0);
    req.has_members = false;
    assert_int_equal(validate(NULL), 1);
    check_error(__LINE__, &errs[0], "APIG.2001", "members", "members", 0);
    assert_int_equal(errs[0].kind, APIG_ERROR_REQUIRED);

    fill_valid(&req);
    req.members_count = CAP + 1;
    validate(NULL);
    assert_true(nerr >= 1);
    assert_string_equal(errs[nerr - 1].code, "APIG.3110");
    assert_string_equal(errs[nerr - 1].path, "members[200]");

    /* context rules */
    fill_valid(&req);
    assert_int_equal(validate("ip"), 1);
    check_error(__LINE__, &errs[0], "APIG.2001", "host", "members[1].host", 0);
    assert_int_equal(validate("instance"), 1);
    check_error(__LINE__, &errs[0], "APIG.2001", "ecs_id", "members[0].ecs_id", 0);
    fill_valid(&req);
    req.members_count = 1;
    strcpy(req.members[0].host, "256.0.0.1");
    assert_int_equal(validate(NULL), 0);
    assert_int_equal(validate("ip"), 1);
    check_error(__LINE__, &errs[0], "APIG.2015", "host", "members[0].host", 0);

    /* output order: host, ecs_id, ecs_name, weight; missing ones after */
    fill_valid(&req);
    req.members_count = 1;
    req.members[0].weight = 101;
    strcpy(req.members[0].host, "");
    req.members[0].has_ecs_name = true;
    strcpy(req.members[0].ecs_name, "/");
    assert_int_equal(validate("instance"), 4);
    check_error(__LINE__, &errs[0], "APIG.2005", "host", "members[0].host", 0);
    check_error(__LINE__, &errs[1], "APIG.2012", "ecs_name", "members[0].ecs_name", 0);
    check_error(__LINE__, &errs[2], "APIG.2004", "weight", "members[0].weight", 0);
    check_error(__LINE__, &errs[3], "APIG.2001", "ecs_id", "members[0].ecs_id", 0);
}

static void decode_then_validate_agree(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}",
        "{\"members\":[{\"ecs_id\":\"x\",\"ecs_name\":\"\\u4e00\",\"weight\":0}]}",
        "{\"members\":[{},{\"host\":\"\xf0\x9f\x98\x80\"}]}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        OK(bodies[i]);
        assert_int_equal(apig_validate(&dec, MSG, &req), 0); /* as OK left it */
    }
}

/* ---- the CLI over tests/cases ------------------------------------------------- */

/*
 * A case file (tests/cases/NAME.case) is "key: value" lines; '#' starts a
 * comment line.
 *   cmd: validate | request | response  (default validate)
 *   args: A B C                    one argument per space-separated word
 *   arg: A B                       one argument, spaces kept
 *   body: TEXT                     the body, the rest of the line, no newline
 *   body-hex: 7b 7d                the body as hex bytes
 *   body-file: NAME                the body is the file NAME beside the case
 *   stdin: yes                     pipe the body instead of naming a file
 *   exit: N                        the expected exit status
 *   stdout: TEXT                   the expected standard output, one line
 *                                  (absent: the output must be empty)
 *   stdout-file: NAME              the expected standard output, a file
 *   stderr: TEXT                   the expected standard error, one line
 *                                  (absent: not checked)
 */
#define CASE_ARGS 32
#define CASE_TEXT (1 << 20)

typedef struct test_case {
    char cmd[32];
    char *argv[CASE_ARGS];
    int argc;
    char *body;
    size_t body_len;
    bool use_stdin;
    int exit_code;
    char *stdout_text; /* with its final newline; NULL: empty */
    char *stderr_text; /* with its final newline; NULL: not checked */
} test_case;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(CASE_TEXT + 1);
    size_t n = buf ? fread(buf, 1, CASE_TEXT, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

static void free_case(test_case *c)
{
    for (int i = 0; i < c->argc; i++)
        free(c->argv[i]);
    free(c->body);
    free(c->stdout_text);
    free(c->stderr_text);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Returns NULL, or what is wrong with the file. */
static const char *parse_case(const char *dir, const char *text, test_case *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->cmd, "validate");
    c->exit_code = -1;
    bool have_body = false;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        const char *next = eol ? eol + 1 : line + n;
        const char *colon = memchr(line, ':', n);
        if (n == 0 || line[0] == '#') {
            line = next;
            continue;
        }
        if (!colon)
            return "a line without ':'";
        size_t klen = (size_t)(colon - line);
        const char *v = colon + 1;
        if (v < line + n && *v == ' ')
            v++;
        size_t vlen = (size_t)(line + n - v);
#define KEY(k) (klen == strlen(k) && memcmp(line, k, klen) == 0)
        if (KEY("cmd")) {
            if (vlen >= sizeof c->cmd)
                return "cmd too long";
            memcpy(c->cmd, v, vlen);
            c->cmd[vlen] = '\0';
        } else if (KEY("args")) {
            for (size_t i = 0; i < vlen;) {
                while (i < vlen && v[i] == ' ')
                    i++;
                size_t st = i;
                while (i < vlen && v[i] != ' ')
                    i++;
                if (i > st) {
                    if (c->argc >= CASE_ARGS - 4)
                        return "too many args";
                    c->argv[c->argc++] = dup_n(v + st, i - st);
                }
            }
        } else if (KEY("arg")) {
            if (c->argc >= CASE_ARGS - 4)
                return "too many args";
            c->argv[c->argc++] = dup_n(v, vlen);
        } else if (KEY("body")) {
            c->body = dup_n(v, vlen);
            c->body_len = vlen;
            have_body = true;
        } else if (KEY("body-hex")) {
            c->body = malloc(vlen / 2 + 1);
            c->body_len = 0;
            for (size_t i = 0; i < vlen;) {
                if (v[i] == ' ') {
                    i++;
                    continue;
                }
                if (i + 1 >= vlen || apig__hex_value((unsigned char)v[i]) < 0 || apig__hex_value((unsigned char)v[i + 1]) < 0)
                    return "bad body-hex";
                c->body[c->body_len++] = (char)(apig__hex_value((unsigned char)v[i]) * 16 + apig__hex_value((unsigned char)v[i + 1]));
                i += 2;
            }
            have_body = true;
        } else if (KEY("body-file")) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%.*s", dir, (int)vlen, v);
            c->body = read_all(path, &c->body_len);
            if (!c->body)
                return "body-file not found";
            have_body = true;
        } else if (KEY("stdin")) {
            c->use_stdin = vlen == 3 && memcmp(v, "yes", 3) == 0;
        } else if (KEY("exit")) {
            c->exit_code = atoi(v);
        } else if (KEY("stdout")) {
            c->stdout_text = malloc(vlen + 2);
            memcpy(c->stdout_text, v, vlen);
            memcpy(c->stdout_text + vlen, "\n", 2);
        } else if (KEY("stderr")) {
            c->stderr_text = malloc(vlen + 2);
            memcpy(c->stderr_text, v, vlen);
            memcpy(c->stderr_text + vlen, "\n", 2);
        } else if (KEY("stdout-file")) {
            char path[1024];
            size_t flen;
            snprintf(path, sizeof path, "%s/%.*s", dir, (int)vlen, v);
            c->stdout_text = read_all(path, &flen);
            if (!c->stdout_text)
                return "stdout-file not found";
        } else {
            return "unknown key";
        }
#undef KEY
        line = next;
    }
    if (!have_body)
        return "no body";
    if (c->exit_code < 0)
        return "no exit";
    return NULL;
}

/* Runs one case; returns 0 if it passed. */
static int run_case(const char *cli, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *text = read_all(path, &len);
    if (!text) {
        print_error("%s: cannot read\n", name);
        return 1;
    }
    test_case c;
    const char *why = parse_case(dir, text, &c);
    free(text);
    if (why) {
        print_error("%s: %s\n", name, why);
        free_case(&c);
        return 1;
    }
    char body_path[] = "/tmp/apig-case-body-XXXXXX";
    char out_path[] = "/tmp/apig-case-out-XXXXXX";
    char err_path[] = "/tmp/apig-case-err-XXXXXX";
    int bfd = mkstemp(body_path), ofd = mkstemp(out_path), efd = mkstemp(err_path);
    assert_true(bfd >= 0 && ofd >= 0 && efd >= 0);
    assert_int_equal(write(bfd, c.body, c.body_len), (ssize_t)c.body_len);
    close(bfd);

    char *argv[CASE_ARGS + 4];
    int argc = 0;
    argv[argc++] = (char *)cli;
    argv[argc++] = c.cmd;
    for (int i = 0; i < c.argc; i++)
        argv[argc++] = c.argv[i];
    if (!c.use_stdin)
        argv[argc++] = body_path;
    argv[argc] = NULL;

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int in = open(c.use_stdin ? body_path : "/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        execv(cli, argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    close(ofd);
    close(efd);
    size_t out_len = 0, err_len = 0;
    char *out = read_all(out_path, &out_len);
    char *err = read_all(err_path, &err_len);
    unlink(body_path);
    unlink(out_path);
    unlink(err_path);

    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const char *want = c.stdout_text ? c.stdout_text : "";
    int failed = code != c.exit_code || !out || strcmp(out, want) != 0 ||
                 (c.stderr_text && (!err || strcmp(err, c.stderr_text) != 0));
    if (failed)
        print_error("%s: exit %d (want %d)\n  stdout: %s  want:   %s  stderr: %s  want:   %s\n",
                    name, code, c.exit_code, out ? out : "(none)\n", want[0] ? want : "(empty)\n",
                    err ? err : "", c.stderr_text ? c.stderr_text : "(not checked)\n");
    free(out);
    free(err);
    free_case(&c);
    return failed;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_cases(const char *cli, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        print_error("cannot open %s\n", dir);
        return 1;
    }
    char *names[1024];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 1024) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".case") == 0)
            names[n++] = dup_n(e->d_name, l);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        failed += run_case(cli, dir, names[i]);
        free(names[i]);
    }
    print_message("%zu CLI cases, %d failed\n", n, failed);
    return n == 0 ? 1 : failed;
}

/* The cases through the tool named by environment variable `env`. */
static void cases_through(const char *env)
{
    const char *cli = getenv(env);
    if (!cli) {
        print_message("%s not set: cases skipped\n", env);
        skip();
    }
    const char *dir = getenv("APIG_CASES");
    int failed = run_cases(cli, dir ? dir : "tests/cases");
    assert_int_equal(failed, 0);
}

static void cli_cases(void **state)
{
    (void)state;
    cases_through("APIG_CLI");
}

/* The same cases through the tool built on the bundled schema generated
 * with view strings: both storage modes answer alike, byte for byte. */
static void cli_cases_view(void **state)
{
    (void)state;
    cases_through("APIG_CLI_VIEW");
}

/* What NULL and 0 mean, as apig.h documents them. */
static void null_and_zero_arguments(void **state)
{
    (void)state;
    apig_error e[2];
    apig_decoder two, one, quiet, no_tokens;
    apig_decoder_init(&two, toks, VPCM_MAX_TOKENS, e, 2);
    apig_decoder_init(&one, toks, VPCM_MAX_TOKENS, e, 1);
    apig_decoder_init(&quiet, toks, VPCM_MAX_TOKENS, NULL, 0);
    apig_decoder_init(&no_tokens, NULL, 0, e, 1);
    static vpcm_add_backend_instances_v2_request parts;
    memset(e, 0x5A, sizeof e);
    /* A NULL descriptor or output is a programming error: one error, cleared. */
    assert_int_equal(apig_decode(&two, NULL, "{}", 2, &req), 1);
    assert_null(e[0].code);
    assert_int_equal(e[0].kind, APIG_ERROR_NONE);
    assert_int_equal(apig_decode(&two, MSG, "{}", 2, NULL), 1);
    assert_int_equal(apig_decode(&quiet, MSG, "{}", 2, NULL), 1);
    assert_int_equal(apig_validate(&one, NULL, &req), 1);
    assert_int_equal(apig_validate(&quiet, MSG, NULL), 1);
    apig_http_request rq = {0};
    assert_int_equal(apig_request_decode(&one, NULL, &rq, &parts), 1);
    assert_int_equal(apig_request_decode(&one, OP, NULL, &parts), 1);
    assert_int_equal(apig_request_decode(&one, OP, &rq, NULL), 1);
    assert_null(e[0].code);
    assert_int_equal(e[0].kind, APIG_ERROR_NONE);

    /* A NULL body is an empty body. */
    assert_int_equal(apig_decode(&one, MSG, NULL, 0, &req), 1);
    assert_string_equal(e[0].code, "APIG.2000");
    assert_string_equal(msg_of(&e[0]), "Parameter error: Serialization error: unexpected end of JSON input");
    /* No token array: every non-empty body is over the token limit. */
    const char body[] = "{\"members\":[{\"weight\":1}]}";
    assert_int_equal(apig_decode(&no_tokens, MSG, body, sizeof body - 1, &req), 1);
    assert_string_equal(e[0].code, "APIG.2000");
    assert_non_null(strstr(msg_of(&e[0]), "too many tokens"));
    /* errors NULL (or cap 0): the count alone, first error only. */
    assert_int_equal(apig_decode(&quiet, MSG, "[]", 2, &req), 1);
    assert_int_equal(apig_decode(&quiet, MSG, body, sizeof body - 1, &req), 0);

    /* Context: NULL context or schema is refused, never dereferenced. */
    apig_context ctx;
    apig_context_init(&ctx);
    assert_int_equal(apig_context_set(NULL, SCHEMA, "member_type", 11, "ip", 2), -1);
    assert_int_equal(apig_context_set(&ctx, NULL, "member_type", 11, "ip", 2), -1);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, NULL, 3, "ip", 2), -1);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "member_type", 11, NULL, 2), -2);
    assert_int_equal(ctx.values[0], APIG_CONTEXT_UNSET);
}

static bool all_bytes(const void *p, size_t n, unsigned char b)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != b)
            return false;
    return true;
}

/* The decoder as apig.h documents it: what apig_decoder_init sets, a NULL
 * decoder, a decoder without an error list, and the schema the context
 * keys come from. */
static void decoder_entry_conventions(void **state)
{
    (void)state;
    apig_error e[2];
    apig_decoder d;
    memset(&d, 0x5A, sizeof d);
    apig_decoder_init(&d, toks, 77, e, 2);
    assert_ptr_equal(d.tokens, toks);
    assert_int_equal(d.token_cap, 77);
    assert_ptr_equal(d.errors, e);
    assert_int_equal(d.error_cap, 2);
    assert_int_equal(d.options, 0);
    for (int i = 0; i < APIG_CONTEXT_KEYS_MAX; i++)
        assert_true(d.context.values[i] == APIG_CONTEXT_UNSET);
    assert_null(d.arena);
    assert_int_equal(d.arena_cap, 0);
    assert_null(d.credentials);
    assert_null(d.crypto);
    assert_true(d.now == 0);
    /* ...and with no arrays at all */
    memset(&d, 0x5A, sizeof d);
    apig_decoder_init(&d, NULL, 0, NULL, 0);
    assert_null(d.tokens);
    assert_int_equal(d.token_cap, 0);
    assert_null(d.errors);
    assert_int_equal(d.error_cap, 0);
    assert_int_equal(d.options, 0);
    for (int i = 0; i < APIG_CONTEXT_KEYS_MAX; i++)
        assert_true(d.context.values[i] == APIG_CONTEXT_UNSET);
    assert_null(d.arena);
    assert_int_equal(d.arena_cap, 0);
    assert_null(d.credentials);
    assert_null(d.crypto);
    assert_true(d.now == 0);

    /* A NULL decoder: 1, and nothing is written (no output is touched, no
     * list exists to clear), even for a body that is valid. */
    static vpcm_add_backend_instances_v2_request parts;
    const char good[] = "{\"members\":[{\"weight\":1}]}";
    apig_header h = {"X-Auth-Token", 12, "t", 1};
    const char path[] = "/v2/p/apigw/instances/i/vpc-channels/c/members";
    apig_http_request rq = {"POST", 4, path, sizeof path - 1, &h, 1, good, sizeof good - 1};
    memset(&req, 0x5A, sizeof req);
    memset(&parts, 0x5A, sizeof parts);
    memset(toks, 0x5A, sizeof toks[0] * 16);
    assert_int_equal(apig_decode(NULL, MSG, good, sizeof good - 1, &req), 1);
    assert_int_equal(apig_decode(NULL, MSG, NULL, 5, &req), 1);
    assert_int_equal(vpcm_vpc_member_create_decode(NULL, good, sizeof good - 1, &req), 1);
    assert_int_equal(apig_validate(NULL, MSG, &req), 1);
    assert_int_equal(vpcm_vpc_member_create_validate(NULL, &req), 1);
    assert_int_equal(apig_request_decode(NULL, OP, &rq, &parts), 1);
    assert_int_equal(vpcm_add_backend_instances_v2_request_decode(NULL, &rq, &parts), 1);
    assert_true(all_bytes(&req, sizeof req, 0x5A));
    assert_true(all_bytes(&parts, sizeof parts, 0x5A));
    assert_true(all_bytes(toks, sizeof toks[0] * 16, 0x5A));
    /* the same with a real decoder decodes */
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, e, 2);
    assert_int_equal(apig_request_decode(&d, OP, &rq, &parts), 0);
    assert_string_equal(parts.path.vpc_channel_id, "c");
    assert_int_equal(parts.body.members_count, 1);

    /* apig_validate with error_cap 0: the count alone (the first error
     * stops it), nothing stored, whether errors is NULL or not. */
    memset(&req, 0, sizeof req);
    req.has_members = true;
    req.members_count = 2;
    req.members[0].has_weight = true;
    req.members[0].weight = 101;                 /* range */
    req.members[1].has_ecs_id = true;
    strcpy(req.members[1].ecs_id, "a.b");        /* charset */
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, e, 2);
    assert_int_equal(apig_validate(&d, MSG, &req), 2);
    assert_string_equal(e[0].code, "APIG.2004");
    assert_string_equal(e[1].code, "APIG.2012");
    d.error_cap = 0;
    memset(e, 0x5A, sizeof e);
    assert_int_equal(apig_validate(&d, MSG, &req), 1);
    assert_true(all_bytes(e, sizeof e, 0x5A));
    apig_decoder_init(&d, NULL, 0, NULL, 0);
    assert_int_equal(apig_validate(&d, MSG, &req), 1);
    /* ...with the decoder's context and options all the same */
    req.members_count = 1;
    req.members[0].weight = 100;
    assert_int_equal(apig_validate(&d, MSG, &req), 0);
    assert_int_equal(apig_context_set(&d.context, SCHEMA, "member_type", 11, "ip", 2), 0);
    assert_int_equal(apig_validate(&d, MSG, &req), 1); /* no host */
    /* apig_decode likewise stores nothing with error_cap 0 */
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, e, 0);
    memset(e, 0x5A, sizeof e);
    const char bad[] = "{\"members\":[{\"weight\":101,\"ecs_id\":\"a.b\"}]}";
    assert_int_equal(apig_decode(&d, MSG, bad, sizeof bad - 1, &req), 1);
    assert_true(all_bytes(e, sizeof e, 0x5A));

    /* The context keys are the schema's: NULL is refused, nothing set. */
    assert_string_equal(SCHEMA->context_keys[VPCM_CTX_MEMBER_TYPE].name, "member_type");
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, e, 2);
    apig_context before = d.context;
    assert_int_equal(apig_context_set(&d.context, NULL, "member_type", 11, "ip", 2), -1);
    assert_int_equal(apig_context_set(&d.context, NULL, "nope", 4, "ip", 2), -1);
    assert_memory_equal(&before, &d.context, sizeof before);
    assert_int_equal(apig_context_set(&d.context, SCHEMA, "member_type", 11, "ip", 2), 0);
    assert_true(d.context.values[VPCM_CTX_MEMBER_TYPE] != APIG_CONTEXT_UNSET);
    /* and every operation of the file names the schema */
    assert_ptr_equal(OP->schema, SCHEMA);
    assert_ptr_equal(OP->request, MSG);
}

/* Defects found in review, each pinned. */
static void review_findings(void **state)
{
    (void)state;
    apig_error e;
    apig_decoder d;
    apig_decoder_init(&d, toks, VPCM_MAX_TOKENS, &e, 1);

    /* Plain text scanned without an array still gives the format check its
     * bytes (a header with a format was refused whatever its value). */
    apig_field f = *vpcm_add_backend_instances_v2_op.token_header;
    f.format = APIG_FORMAT_DATE_TIME;
    f.max_length = 20;
    apig__scan r;
    apig__scan_text("2020-01-01T00:00:00Z", 20, false, f.charset, NULL, 0, &r);
    assert_int_equal(r.bytes, 20);
    assert_int_equal(apig__string_verdict(&f, NULL, &r, "2020-01-01T00:00:00Z"), APIG_ERROR_NONE);
    apig__scan_text("2020-01-01 00:00:00Z", 20, false, NULL, NULL, 0, &r);
    assert_int_equal(apig__string_verdict(&f, NULL, &r, "2020-01-01 00:00:00Z"), APIG_ERROR_FORMAT);

    /* A format field holds ASCII; 18 wide characters (36 bytes, more than
     * its 35-byte array holds) are not of the format (2012), not too long
     * (2006). */
    static vpcm_vpc_member_page page;
    const char wide[] = "{\"size\":1,\"total\":1,\"members\":[{\"create_time\":"
                        "\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"}]}";
    assert_int_equal(vpcm_vpc_member_page_decode(&d, wide, sizeof wide - 1, &page), 1);
    assert_int_equal(e.kind, APIG_ERROR_FORMAT);
    assert_string_equal(e.code, "APIG.2012");
    assert_string_equal(e.path, "members[0].create_time");

    /* The first malformed thing in the body wins, even inside a string the
     * fast path deferred: the raw control character at 21, not the 'x'. */
    const char late[] = "{\"members\":[{\"host\":\"\x01\"}] x}";
    assert_int_equal(apig_decode(&d, MSG, late, sizeof late - 1, &req), 1);
    assert_string_equal(e.code, "APIG.2000");
    assert_int_equal(e.offset, 21);
    assert_non_null(strstr(msg_of(&e), "unescaped control character in string"));

    /* An empty header value may come as NULL: token missing, no pointer
     * arithmetic on NULL. */
    static vpcm_add_backend_instances_v2_request parts;
    apig_header h = {"X-Auth-Token", 12, NULL, 0};
    const char path_text[] = "/v2/p/apigw/instances/i/vpc-channels/c/members";
    apig_http_request rq = {"POST", 4, path_text, sizeof path_text - 1, &h, 1, "{}", 2};
    assert_int_equal(vpcm_add_backend_instances_v2_request_decode(&d, &rq, &parts), 1);
    assert_string_equal(e.code, "APIG.1000");

    /* An integer context key can hold -1; INT64_MIN is "unset" and refused. */
    apig_context ctx;
    apig_context_init(&ctx);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "-1", 2), 0);
    assert_true(ctx.values[VPCM_CTX_CHANNEL_TYPE] == -1);
    assert_true(ctx.values[VPCM_CTX_CHANNEL_TYPE] != APIG_CONTEXT_UNSET);
    assert_int_equal(apig_context_set(&ctx, SCHEMA, "channel_type", 12, "-9223372036854775808", 20), -2);
    assert_true(ctx.values[VPCM_CTX_CHANNEL_TYPE] == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(document_request_examples_decode),
        cmocka_unit_test(null_and_zero_arguments),
        cmocka_unit_test(decoder_entry_conventions),
        cmocka_unit_test(review_findings),
        cmocka_unit_test(weight_boundaries),
        cmocka_unit_test(weight_not_an_integer_literal),
        cmocka_unit_test(wrong_json_types),
        cmocka_unit_test(members_absent_null_or_empty),
        cmocka_unit_test(null_means_absent_for_optional_fields),
        cmocka_unit_test(string_lengths_count_characters),
        cmocka_unit_test(character_sets),
        cmocka_unit_test(every_ascii_character),
        cmocka_unit_test(charset_is_checked_before_length),
        cmocka_unit_test(empty_and_blank_bodies),
        cmocka_unit_test(malformed_bodies),
        cmocka_unit_test(malformed_beats_every_rule),
        cmocka_unit_test(top_level_not_an_object),
        cmocka_unit_test(limits_are_syntax_errors),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(escaped_keys_are_unescaped),
        cmocka_unit_test(unknown_fields),
        cmocka_unit_test(unknown_key_names_are_cut_between_characters),
        cmocka_unit_test(unknown_key_names_keep_u0000),
        cmocka_unit_test(capacity_and_one_more),
        cmocka_unit_test(capacity_beats_the_token_budget),
        cmocka_unit_test(token_budget_is_a_clear_limit),
        cmocka_unit_test(rejected_body_leaves_an_absent_struct),
        cmocka_unit_test(null_pointer_with_a_length_is_refused),
        cmocka_unit_test(context_ip_requires_an_ip_literal_host),
        cmocka_unit_test(context_instance_requires_ecs_id),
        cmocka_unit_test(context_channel_type),
        cmocka_unit_test(context_set_resolves_names),
        cmocka_unit_test(first_error_by_position),
        cmocka_unit_test(all_errors_in_order),
        cmocka_unit_test(decoded_values_and_flags),
        cmocka_unit_test(validate_applies_the_same_rules),
        cmocka_unit_test(decode_then_validate_agree),
        cmocka_unit_test(cli_cases),
        cmocka_unit_test(cli_cases_view),
    };
    apig_decoder_init(&dec, toks, VPCM_MAX_TOKENS, errs, 64);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
