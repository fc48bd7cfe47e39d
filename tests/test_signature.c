/* SPDX-License-Identifier: MIT */
/*
 * test_signature.c - SDK-HMAC-SHA256 signed requests through
 * apig_request_decode: the six requests the official SDK signed
 * (tests/interop), verified with each crypto adapter (OpenSSL and Mbed TLS),
 * then tampered, expired, unsigned and malformed, each refusal with its
 * exact code, header, offset and detail (src/decode/signature.c lists the
 * decisions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "read_fd.h"
#include "interop.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include <apig/crypto_mbedtls.h>
#include <apig/crypto_openssl.h>
#include "vpc_members.h"

/* ---- the adapters, and the key store --------------------------------------- */

typedef struct adapter {
    const char *name;
    apig_openssl openssl;
    apig_mbedtls mbedtls;
    const apig_crypto *crypto;
} adapter;

static adapter the_adapter;

static int use_openssl(void **state)
{
    (void)state;
    the_adapter.name = "openssl";
    assert_int_equal(apig_openssl_init(&the_adapter.openssl), 0);
    the_adapter.crypto = &the_adapter.openssl.crypto;
    return 0;
}

static int drop_openssl(void **state)
{
    (void)state;
    apig_openssl_free(&the_adapter.openssl);
    return 0;
}

static int use_mbedtls(void **state)
{
    (void)state;
    the_adapter.name = "mbedtls";
    apig_mbedtls_init(&the_adapter.mbedtls);
    the_adapter.crypto = &the_adapter.mbedtls.crypto;
    return 0;
}

static int drop_mbedtls(void **state)
{
    (void)state;
    apig_mbedtls_free(&the_adapter.mbedtls);
    return 0;
}

static long find_secret(void *user, const char *key, size_t len, unsigned char *secret,
                        size_t cap)
{
    (void)user;
    if (len != strlen(CAPTURE_ACCESS_KEY) || memcmp(key, CAPTURE_ACCESS_KEY, len) != 0)
        return -1;
    size_t n = strlen(CAPTURE_SECRET_KEY);
    assert_true(n <= cap);
    memcpy(secret, CAPTURE_SECRET_KEY, n);
    return (long)n;
}

static const apig_credentials credentials = {find_secret, NULL};

/* ---- running one request ----------------------------------------------------- */

static capture captures[CAPTURE_COUNT];
static size_t capture_count;

static int load(void **state)
{
    (void)state;
    capture_count = captures_load(captures, CAPTURE_COUNT);
    assert_int_equal(capture_count, CAPTURE_COUNT);
    return 0;
}

static int unload(void **state)
{
    (void)state;
    captures_free(captures, capture_count);
    return 0;
}

typedef struct outcome {
    size_t errors;
    apig_error error;
} outcome;

static apig_token tokens[VPCM_MAX_TOKENS];
static union {
    vpcm_add_backend_instances_v2_request add;
    vpcm_list_backend_instances_v2_request list;
    vpcm_delete_backend_instance_v2_request del;
} parts;

/* Runs capture c (its headers, target and body, any of which the caller may
 * have changed) through the router and apig_request_decode, verified (with
 * credentials) or form-only, at time `now`. */
static outcome run_at(const capture *c, bool verify, int64_t now)
{
    apig_header headers[CAPTURE_HEADERS];
    for (size_t h = 0; h < c->header_count; h++)
        headers[h] = (apig_header){c->names[h], strlen(c->names[h]), c->values[h],
                                   strlen(c->values[h])};
    apig_http_request rq = {c->method,  strlen(c->method), c->target,     strlen(c->target),
                            headers,    c->header_count,   c->body,       c->body_len};
    apig_route route;
    assert_int_equal(apig_route_find(vpcm_operations, VPCM_OPERATION_COUNT, rq.method,
                                     rq.method_len, rq.path, rq.path_len, &route),
                     APIG_ROUTE_FOUND);
    outcome o;
    memset(&o, 0, sizeof o);
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &o.error, 1);
    if (verify) {
        d.credentials = &credentials;
        d.crypto = the_adapter.crypto;
        d.now = now;
    }
    o.errors = apig_request_decode(&d, route.operation, &rq, &parts);
    return o;
}

static outcome run(const capture *c)
{
    return run_at(c, true, CAPTURE_NOW_SECONDS);
}

static void expect_ok(int line, outcome o)
{
    if (o.errors != 0)
        fail_msg("line %d (%s): %s %s @%zu: %s", line, the_adapter.name, o.error.code,
                 o.error.path, o.error.offset, o.error.detail);
}

/* 401 APIG.1002 at `header`, `offset` in its value, with `detail`. */
static void expect_refused(int line, outcome o, const char *header, size_t offset,
                           const char *detail)
{
    if (o.errors == 0)
        fail_msg("line %d (%s): accepted, expected %s", line, the_adapter.name, detail);
    if (strcmp(o.error.code, "APIG.1002") != 0 || strcmp(o.error.path, header) != 0 ||
        o.error.offset != offset || strcmp(o.error.detail, detail) != 0 ||
        o.error.status != 401 || o.error.kind != APIG_ERROR_TOKEN_INVALID)
        fail_msg("line %d (%s): got %d %s %s @%zu: %s; expected 401 APIG.1002 %s @%zu: %s",
                 line, the_adapter.name, o.error.status, o.error.code, o.error.path,
                 o.error.offset, o.error.detail, header, offset, detail);
}

#define OK(o) expect_ok(__LINE__, (o))
#define REFUSED(o, h, off, d) expect_refused(__LINE__, (o), (h), (off), (d))

/* A capture to change: a deep copy the test may edit. */
typedef struct edit {
    capture c;
    char *owned[CAPTURE_HEADERS + 3];
    size_t n;
} edit;

static char *own(edit *e, const char *s)
{
    char *p = strdup(s);
    assert_non_null(p);
    e->owned[e->n++] = p;
    return p;
}

static edit *edit_of(size_t i)
{
    edit *e = calloc(1, sizeof *e);
    assert_non_null(e);
    e->c = captures[i];
    return e;
}

static void edit_free(edit *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->owned[i]);
    free(e);
}

static void set_header(edit *e, const char *name, const char *value)
{
    char **v = capture_header(&e->c, name);
    if (v) {
        *v = own(e, value);
        return;
    }
    e->c.names[e->c.header_count] = own(e, name);
    e->c.values[e->c.header_count++] = own(e, value);
}

static void drop_header(edit *e, const char *name)
{
    for (size_t h = 0; h < e->c.header_count; h++)
        if (strcmp(e->c.names[h], name) == 0) {
            memmove(&e->c.names[h], &e->c.names[h + 1],
                    (e->c.header_count - h - 1) * sizeof e->c.names[0]);
            memmove(&e->c.values[h], &e->c.values[h + 1],
                    (e->c.header_count - h - 1) * sizeof e->c.values[0]);
            e->c.header_count--;
            return;
        }
    fail_msg("no header %s", name);
}

/* The captures' own Authorization: where its Signature's value starts. */
static size_t signature_at(const capture *c)
{
    const char *v = *capture_header((capture *)c, "Authorization");
    return (size_t)(strstr(v, "Signature=") - v) + strlen("Signature=");
}

static size_t index_of(const char *operation, const char *needle)
{
    for (size_t i = 0; i < capture_count; i++)
        if (strcmp(captures[i].operation, operation) == 0 &&
            (!needle || strstr(captures[i].target, needle)))
            return i;
    fail_msg("no capture of %s", operation);
    return 0;
}

/* ---- the tests ------------------------------------------------------------------------- */

static void every_capture_verifies(void **state)
{
    (void)state;
    for (size_t i = 0; i < capture_count; i++) {
        OK(run(&captures[i]));
        /* Form only (no credentials): passed on, as the docs say. */
        OK(run_at(&captures[i], false, 0));
    }
    /* What was decoded is the request's: the list's query, decoded. */
    outcome o = run(&captures[index_of("ListBackendInstancesV2", "?")]);
    OK(o);
    assert_int_equal(parts.list.query.limit, 50);
    assert_string_equal(parts.list.query.name, "\xE8\x8A\x82\xE7\x82\xB9 1");
    assert_string_equal(parts.list.path.project_id, "05f5f7f00a80d2e02f80c0130ea5ea47");
}

static void tampering_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < capture_count; i++) {
        size_t sig = signature_at(&captures[i]);
        /* One byte of the body. */
        if (captures[i].body_len > 0) {
            edit *e = edit_of(i);
            /* A space before the body: the same JSON, other bytes. */
            char *spaced = malloc(captures[i].body_len + 2);
            assert_non_null(spaced);
            spaced[0] = ' ';
            memcpy(spaced + 1, captures[i].body, captures[i].body_len + 1);
            e->owned[e->n++] = spaced;
            e->c.body = spaced;
            e->c.body_len = captures[i].body_len + 1;
            REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
            OK(run_at(&e->c, false, 0)); /* form only: not verified */
            edit_free(e);
        }
        /* One signed header (the SDK signs content-type, host, user-agent,
         * x-project-id and x-sdk-date). */
        static const char *const signed_headers[] = {"Host", "User-Agent", "X-Project-Id"};
        for (size_t h = 0; h < 3; h++) {
            edit *e = edit_of(i);
            char *v = own(e, *capture_header(&e->c, signed_headers[h]));
            v[0] ^= 1;
            set_header(e, signed_headers[h], v);
            REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
            edit_free(e);
        }
        /* An unsigned header may change: it is not part of the signature. */
        edit *e = edit_of(i);
        set_header(e, "Accept", "application/json");
        set_header(e, "X-Extra", "anything");
        OK(run(&e->c));
        /* Spaces around a signed value are not part of it. */
        set_header(e, "Host", " apig.cn-north-4.myhuaweicloud.com\t");
        OK(run(&e->c));
        edit_free(e);
        /* The date, by one second (still within 15 minutes). */
        e = edit_of(i);
        set_header(e, "X-Sdk-Date", "20261130T221753Z");
        REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
        edit_free(e);
        /* The signature itself, one digit. */
        e = edit_of(i);
        char *auth = own(e, *capture_header(&e->c, "Authorization"));
        auth[sig + 10] = auth[sig + 10] == '0' ? '1' : '0';
        set_header(e, "Authorization", auth);
        REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
        edit_free(e);
        /* The target: one character of a path parameter (the route still
         * matches). */
        e = edit_of(i);
        char *target = own(e, captures[i].target);
        char *id = strstr(target, "vpc-channels/") + strlen("vpc-channels/");
        *id = *id == '5' ? '4' : '5';
        e->c.target = target;
        REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
        edit_free(e);
    }
}

static void time_window(void **state)
{
    (void)state;
    const capture *c = &captures[0];
    int64_t signed_at = CAPTURE_NOW_SECONDS - 8; /* 20261130T221752Z */
    OK(run_at(c, true, signed_at));
    OK(run_at(c, true, signed_at + 900));
    OK(run_at(c, true, signed_at - 900));
    REFUSED(run_at(c, true, signed_at + 901), "X-Sdk-Date", 0,
            "X-Sdk-Date is more than 15 minutes from the current time");
    REFUSED(run_at(c, true, signed_at - 901), "X-Sdk-Date", 0,
            "X-Sdk-Date is more than 15 minutes from the current time");
    REFUSED(run_at(c, true, INT64_MIN), "X-Sdk-Date", 0,
            "X-Sdk-Date is more than 15 minutes from the current time");
    REFUSED(run_at(c, true, INT64_MAX), "X-Sdk-Date", 0,
            "X-Sdk-Date is more than 15 minutes from the current time");
    /* Form only: no clock is consulted. */
    OK(run_at(c, false, 0));
}

static void unsigned_and_both(void **state)
{
    (void)state;
    /* Neither credential: 401 APIG.1000 at the token header, as before. */
    edit *e = edit_of(0);
    drop_header(e, "Authorization");
    outcome o = run(&e->c);
    assert_int_equal(o.errors, 1);
    assert_string_equal(o.error.code, "APIG.1000");
    assert_int_equal(o.error.status, 401);
    assert_string_equal(o.error.path, "X-Auth-Token");
    /* A token alone decides, as before. */
    set_header(e, "X-Auth-Token", "a-token");
    OK(run(&e->c));
    edit_free(e);

    /* Both: the token decides, and a bad signature beside it is not read. */
    e = edit_of(0);
    set_header(e, "X-Auth-Token", "a-token");
    set_header(e, "Authorization", "SDK-HMAC-SHA256 nonsense");
    OK(run(&e->c));
    /* ...including a token that fails: its own error, not the signature's. */
    set_header(e, "X-Auth-Token", "");
    o = run(&e->c);
    assert_string_equal(o.error.code, "APIG.1000");
    assert_string_equal(o.error.path, "X-Auth-Token");
    edit_free(e);

    /* Either header twice: ambiguous. */
    e = edit_of(0);
    e->c.names[e->c.header_count] = "authorization";
    e->c.values[e->c.header_count++] = *capture_header(&e->c, "Authorization");
    REFUSED(run(&e->c), "Authorization", 0, "header appears more than once");
    set_header(e, "X-Auth-Token", "a-token");
    REFUSED(run(&e->c), "Authorization", 0, "header appears more than once");
    edit_free(e);
    e = edit_of(0);
    set_header(e, "X-Auth-Token", "a-token");
    e->c.names[e->c.header_count] = "x-auth-token";
    e->c.values[e->c.header_count++] = "a-token";
    REFUSED(run(&e->c), "X-Auth-Token", 0, "header appears more than once");
    edit_free(e);
}

static void unknown_key_and_no_crypto(void **state)
{
    (void)state;
    edit *e = edit_of(0);
    char *auth = own(e, *capture_header(&e->c, "Authorization"));
    char *ak = strstr(auth, "AKEXAMPLE");
    ak[2] = 'X';
    set_header(e, "Authorization", auth);
    REFUSED(run(&e->c), "Authorization", (size_t)(ak - auth), "unknown access key");
    edit_free(e);

    /* Credentials without hash functions: refused, never passed. */
    apig_crypto none = {NULL, NULL, NULL, NULL, NULL};
    const apig_crypto *saved = the_adapter.crypto;
    the_adapter.crypto = &none;
    REFUSED(run(&captures[0]), "Authorization", 0,
            "credentials are set but no crypto adapter is");
    the_adapter.crypto = NULL;
    REFUSED(run(&captures[0]), "Authorization", 0,
            "credentials are set but no crypto adapter is");
    the_adapter.crypto = saved;
}

/* An adapter that fails at step `fail_at` (0: begin, 1: update, 2: end,
 * 3: hmac), otherwise passes through to the real one. */
typedef struct failing {
    const apig_crypto *real;
    int fail_at;
} failing;

static int f_begin(void *s)
{
    failing *f = s;
    return f->fail_at == 0 ? -1 : f->real->sha256_begin(f->real->state);
}
static int f_update(void *s, const void *d, size_t n)
{
    failing *f = s;
    return f->fail_at == 1 ? 7 : f->real->sha256_update(f->real->state, d, n);
}
static int f_end(void *s, unsigned char *out)
{
    failing *f = s;
    return f->fail_at == 2 ? 1 : f->real->sha256_end(f->real->state, out);
}
static int f_hmac(void *s, const void *k, size_t kn, const void *d, size_t n, unsigned char *out)
{
    failing *f = s;
    return f->fail_at == 3 ? -5 : f->real->hmac_sha256(f->real->state, k, kn, d, n, out);
}

static void crypto_failure_refuses(void **state)
{
    (void)state;
    const apig_crypto *saved = the_adapter.crypto;
    for (int step = 0; step < 5; step++) {
        failing f = {saved, step};
        apig_crypto c = {&f, f_begin, f_update, f_end, f_hmac};
        the_adapter.crypto = &c;
        outcome o = run(&captures[0]);
        if (step == 4)
            OK(o); /* the pass-through itself is sound */
        else
            REFUSED(o, "Authorization", 0, "the crypto adapter failed");
    }
    the_adapter.crypto = saved;
}

typedef struct malformed {
    const char *value;
    size_t offset;
    const char *detail;
} malformed;

static const char MALFORMED[] =
    "Authorization is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...";
#define SIG64 "07680449e9680437e2894e41f8e57a8180734a7dd51b1f940e3d367690604dda"
#define GOOD_HEADERS "SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date"

static void malformed_authorization(void **state)
{
    (void)state;
    static const malformed cases[] = {
        {"Bearer abc", 0, MALFORMED},
        {"SDK-HMAC-SHA256", 0, MALFORMED},
        {"SDK-HMAC-SHA256x Access=a, " GOOD_HEADERS ", Signature=" SIG64, 0, MALFORMED},
        {"sdk-hmac-sha256 Access=a, " GOOD_HEADERS ", Signature=" SIG64, 0, MALFORMED},
        {"SDK-HMAC-SHA256 Access=a, " GOOD_HEADERS, 0, MALFORMED},
        {"SDK-HMAC-SHA256 " GOOD_HEADERS ", Signature=" SIG64, 0, MALFORMED},
        {"SDK-HMAC-SHA256 Access=, " GOOD_HEADERS ", Signature=" SIG64, 16, MALFORMED},
        {"SDK-HMAC-SHA256 Access a, " GOOD_HEADERS ", Signature=" SIG64, 16, MALFORMED},
        {"SDK-HMAC-SHA256 Access=a, Region=x, " GOOD_HEADERS ", Signature=" SIG64, 26, MALFORMED},
        {"SDK-HMAC-SHA256 Access=a, Access=b, " GOOD_HEADERS ", Signature=" SIG64, 26,
         "Authorization repeats an item"},
        {"SDK-HMAC-SHA256 Access=a, " GOOD_HEADERS ", Signature=" SIG64 ",", 169, MALFORMED},
        {"SDK-HMAC-SHA256 Access=a b, " GOOD_HEADERS ", Signature=" SIG64, 24,
         "Access holds a character an access key has not"},
        {"SDK-HMAC-SHA256 Access=a, SignedHeaders=content-type;x-sdk-date, Signature=" SIG64,
         40, "SignedHeaders must include host and x-sdk-date"},
        {"SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=" SIG64, 40,
         "SignedHeaders must include host and x-sdk-date"},
        {"SDK-HMAC-SHA256 Access=a, SignedHeaders=host;;x-sdk-date, Signature=" SIG64, 45,
         "SignedHeaders has an empty header name"},
        {"SDK-HMAC-SHA256 Access=a, SignedHeaders=host;x sdk;x-sdk-date, Signature=" SIG64, 46,
         "SignedHeaders holds a character no header name has"},
        {"SDK-HMAC-SHA256 Access=a, SignedHeaders=a;b;c;d;e;f;g;h;i;j;k;l;m;n;host;x-sdk-date;"
         "q, Signature=" SIG64,
         84, "SignedHeaders names more headers than APIG_CFG_SIGNED_HEADERS"},
        {"SDK-HMAC-SHA256 Access=a, " GOOD_HEADERS ", Signature=" SIG64 "0", 104,
         "Signature is not 64 hex digits"},
        {"SDK-HMAC-SHA256 Access=a, " GOOD_HEADERS ", Signature=07680449e9680437e2894e41f8e57a8"
         "180734a7dd51b1f940e3d367690604ddg", 104, "Signature is not 64 hex digits"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        edit *e = edit_of(0);
        set_header(e, "Authorization", cases[i].value);
        /* The same verdict with and without credentials: it is the form. */
        REFUSED(run(&e->c), "Authorization", cases[i].offset, cases[i].detail);
        REFUSED(run_at(&e->c, false, 0), "Authorization", cases[i].offset, cases[i].detail);
        /* Leading spaces move the offset by as much. */
        char padded[512];
        snprintf(padded, sizeof padded, "  %s ", cases[i].value);
        set_header(e, "Authorization", padded);
        REFUSED(run(&e->c), "Authorization", cases[i].offset + 2, cases[i].detail);
        edit_free(e);
    }
    /* Items in another order, and spaces around them, are the same form
     * (this one is then checked, and its signature matches). */
    edit *e = edit_of(0);
    set_header(e, "Authorization",
               "SDK-HMAC-SHA256   Signature=" SIG64 " ,  " GOOD_HEADERS
               ",Access=AKEXAMPLE0000000000 ");
    OK(run(&e->c));
    edit_free(e);
}

static void sdk_date_form(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2026-11-30T22:17:52Z", "20261130T221752", "20261130t221752Z", "20261131T221752Z",
        "20260229T000000Z",     "20261130T240000Z", "20261130T226000Z", "20261130T221760Z",
        "20261300T000000Z",     "",                 "20261130T221752Z0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        edit *e = edit_of(0);
        set_header(e, "X-Sdk-Date", bad[i]);
        REFUSED(run(&e->c), "X-Sdk-Date", 0, "X-Sdk-Date is not YYYYMMDDTHHMMSSZ");
        REFUSED(run_at(&e->c, false, 0), "X-Sdk-Date", 0, "X-Sdk-Date is not YYYYMMDDTHHMMSSZ");
        edit_free(e);
    }
    edit *e = edit_of(0);
    set_header(e, "X-Sdk-Date", "  20261130T221752Z ");
    OK(run(&e->c)); /* optional whitespace is not the value */
    set_header(e, "X-Sdk-Date", "  2026");
    REFUSED(run(&e->c), "X-Sdk-Date", 2, "X-Sdk-Date is not YYYYMMDDTHHMMSSZ");
    drop_header(e, "X-Sdk-Date");
    REFUSED(run(&e->c), "X-Sdk-Date", 0, "X-Sdk-Date is missing");
    REFUSED(run_at(&e->c, false, 0), "X-Sdk-Date", 0, "X-Sdk-Date is missing");
    e->c.names[e->c.header_count] = "x-sdk-date";
    e->c.values[e->c.header_count++] = "20261130T221752Z";
    OK(run(&e->c)); /* any case of the name */
    e->c.names[e->c.header_count] = "X-SDK-DATE";
    e->c.values[e->c.header_count++] = "20261130T221752Z";
    REFUSED(run(&e->c), "X-Sdk-Date", 0, "X-Sdk-Date appears more than once");
    edit_free(e);
    /* A leap day that exists. */
    e = edit_of(0);
    set_header(e, "X-Sdk-Date", "20280229T000000Z");
    REFUSED(run(&e->c), "X-Sdk-Date", 0,
            "X-Sdk-Date is more than 15 minutes from the current time");
    edit_free(e);
}

static void signed_headers_present_once(void **state)
{
    (void)state;
    const capture *c = &captures[0];
    const char *auth = *capture_header((capture *)c, "Authorization");
    size_t list = (size_t)(strstr(auth, "SignedHeaders=") - auth) + strlen("SignedHeaders=");
    edit *e = edit_of(0);
    drop_header(e, "User-Agent"); /* content-type;host;user-agent: the third */
    REFUSED(run(&e->c), "Authorization", list + strlen("content-type;host;"),
            "a signed header is missing from the request");
    edit_free(e);
    e = edit_of(0);
    e->c.names[e->c.header_count] = "content-type";
    e->c.values[e->c.header_count++] = "text/plain";
    REFUSED(run(&e->c), "Authorization", list, "a signed header appears more than once");
    edit_free(e);
    e = edit_of(0);
    char big[APIG_CFG_SIGNED_HEADER_BYTES + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    set_header(e, "User-Agent", big);
    REFUSED(run(&e->c), "Authorization", list + strlen("content-type;host;"),
            "a signed header is longer than APIG_CFG_SIGNED_HEADER_BYTES");
    edit_free(e);
}

/* The canonical query and URI: what the SDK's signer would also accept. */
static void canonical_forms(void **state)
{
    (void)state;
    size_t li = index_of("ListBackendInstancesV2", "?");
    const char *t = captures[li].target;
    const char *q = strchr(t, '?');
    size_t sig = signature_at(&captures[li]);
    char target[1024];
    /* The pairs in another order: sorted before signing. */
    snprintf(target, sizeof target, "%.*s?offset=0&name=%%E8%%8A%%82%%E7%%82%%B9%%201&limit=50",
             (int)(q - t), t);
    edit *e = edit_of(li);
    e->c.target = own(e, target);
    OK(run(&e->c));
    /* Lower-case hex and an escaped unreserved byte decode to the same. */
    snprintf(target, sizeof target, "%.*s?%%6Cimit=50&name=%%e8%%8a%%82%%e7%%82%%b9%%201&offset=0",
             (int)(q - t), t);
    e->c.target = own(e, target);
    OK(run(&e->c));
    /* A fragment is not part of the target. */
    snprintf(target, sizeof target, "%s#frag", t);
    e->c.target = own(e, target);
    OK(run(&e->c));
    /* '+' is a '+', not the space the SDK wrote as %20. */
    snprintf(target, sizeof target, "%.*s?limit=50&name=%%E8%%8A%%82%%E7%%82%%B9+1&offset=0",
             (int)(q - t), t);
    e->c.target = own(e, target);
    REFUSED(run(&e->c), "Authorization", sig, "the signature does not match");
    /* A '%' without two hex digits has no canonical form. */
    snprintf(target, sizeof target, "%.*s?limit=50&name=%%E8%%8A%%8&offset=0", (int)(q - t), t);
    e->c.target = own(e, target);
    REFUSED(run(&e->c), "Authorization", 0,
            "the query has a '%' without two hex digits: it has no canonical form");
    /* More pairs than APIG_CFG_SIGNED_QUERY_PAIRS. */
    char many[1024];
    size_t n = (size_t)snprintf(many, sizeof many, "%.*s?", (int)(q - t), t);
    for (int i = 0; i <= APIG_CFG_SIGNED_QUERY_PAIRS; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "a=%d&", i % 10);
    e->c.target = own(e, many);
    REFUSED(run(&e->c), "Authorization", 0,
            "the query has more pairs than APIG_CFG_SIGNED_QUERY_PAIRS");
    edit_free(e);

    /* The path: an escaped byte is that byte once decoded, so the signature
     * holds, and the request goes on to its own checks (a '%' is not in a
     * project_id's character set: 400, not 401). */
    size_t ai = index_of("DeleteBackendInstanceV2", NULL);
    e = edit_of(ai);
    snprintf(target, sizeof target, "/v2/%%30%s", captures[ai].target + strlen("/v2/0"));
    e->c.target = own(e, target);
    outcome o = run(&e->c);
    assert_int_equal(o.errors, 1);
    assert_string_equal(o.error.code, "APIG.2012");
    assert_string_equal(o.error.path, "project_id");
    snprintf(target, sizeof target, "/v2/%%zz%s", captures[ai].target + strlen("/v2/0"));
    e->c.target = own(e, target);
    REFUSED(run(&e->c), "Authorization", 0,
            "the path has a '%' without two hex digits: it has no canonical form");
    /* Longer than APIG_CFG_SIGNED_TARGET_BYTES. */
    char *longer = calloc(1, APIG_CFG_SIGNED_TARGET_BYTES + 1024);
    assert_non_null(longer);
    n = (size_t)sprintf(longer, "%s?", captures[ai].target);
    memset(longer + n, 'a', APIG_CFG_SIGNED_TARGET_BYTES);
    e->c.target = own(e, longer);
    free(longer);
    REFUSED(run(&e->c), "Authorization", 0,
            "the request target is longer than APIG_CFG_SIGNED_TARGET_BYTES");
    edit_free(e);
}

/* A request signed here, from a canonical request written out by hand: the
 * library's canonical form must be exactly this text (sorting by decoded
 * name then value, duplicates kept, '+' a plus, '~' kept, escapes upper
 * case, the path given its trailing '/'). */
static void hand_written_canonical_request(void **state)
{
    (void)state;
    static const char canonical[] =
        "GET\n"
        "/v2/p/apigw/instances/i/vpc-channels/c/members/\n"
        "a=1&a=1&a=A&b=%2B&c=%20~~&d=\n"
        "host:example.com\n"
        "x-sdk-date:20261130T221752Z\n"
        "\n"
        "host;x-sdk-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const apig_crypto *c = the_adapter.crypto;
    unsigned char digest[APIG_SHA256_BYTES], mac[APIG_SHA256_BYTES];
    assert_int_equal(c->sha256_begin(c->state), 0);
    assert_int_equal(c->sha256_update(c->state, canonical, strlen(canonical)), 0);
    assert_int_equal(c->sha256_end(c->state, digest), 0);
    char to_sign[128];
    int n = snprintf(to_sign, sizeof to_sign, "SDK-HMAC-SHA256\n20261130T221752Z\n");
    for (int k = 0; k < APIG_SHA256_BYTES; k++)
        n += snprintf(to_sign + n, sizeof to_sign - (size_t)n, "%02x", digest[k]);
    assert_int_equal(c->hmac_sha256(c->state, CAPTURE_SECRET_KEY, strlen(CAPTURE_SECRET_KEY),
                                    to_sign, (size_t)n, mac),
                     0);
    char auth[256];
    n = snprintf(auth, sizeof auth,
                 "SDK-HMAC-SHA256 Access=" CAPTURE_ACCESS_KEY ", SignedHeaders=host;x-sdk-date, "
                 "Signature=");
    for (int k = 0; k < APIG_SHA256_BYTES; k++)
        n += snprintf(auth + n, sizeof auth - (size_t)n, "%02x", mac[k]);

    capture mine = {0};
    mine.method = "GET";
    mine.target = "/v2/p/apigw/instances/i/vpc-channels/c/members"
                  "?b=+&c=%20%7e%7E&a=1&&a=%41&d&a=1#ignored";
    mine.names[0] = "Host";
    mine.values[0] = "example.com";
    mine.names[1] = "X-Sdk-Date";
    mine.values[1] = "20261130T221752Z";
    mine.names[2] = "Authorization";
    mine.values[2] = auth;
    mine.header_count = 3;
    OK(run(&mine));
    /* The same pairs in any order sign the same. */
    mine.target = "/v2/p/apigw/instances/i/vpc-channels/c/members?d=&a=%41&a=1&c=%20~%7e&b=%2b&a=1";
    OK(run(&mine));
    /* One pair less (a duplicate) is another canonical request. */
    mine.target = "/v2/p/apigw/instances/i/vpc-channels/c/members?d=&a=%41&a=1&c=%20~%7e&b=%2b";
    REFUSED(run(&mine), "Authorization", signature_at(&mine), "the signature does not match");
}

/* An operation without x-signature ignores Authorization: the token rules
 * alone, as before this feature. */
static void operations_without_signature(void **state)
{
    (void)state;
    apig_operation op = vpcm_delete_backend_instance_v2_op;
    op.signature = APIG_SIGNATURE_NONE;
    capture *c = &captures[index_of("DeleteBackendInstanceV2", NULL)];
    apig_header headers[CAPTURE_HEADERS];
    for (size_t h = 0; h < c->header_count; h++)
        headers[h] = (apig_header){c->names[h], strlen(c->names[h]), c->values[h],
                                   strlen(c->values[h])};
    apig_http_request rq = {c->method, strlen(c->method), c->target, strlen(c->target),
                            headers,   c->header_count,   NULL,      0};
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &err, 1);
    d.credentials = &credentials;
    d.crypto = the_adapter.crypto;
    d.now = CAPTURE_NOW_SECONDS;
    assert_int_equal(apig_request_decode(&d, &op, &rq, &parts), 1);
    assert_string_equal(err.code, "APIG.1000");
    assert_string_equal(err.path, "X-Auth-Token");
}

#define TESTS                                                                           \
    cmocka_unit_test(every_capture_verifies), cmocka_unit_test(tampering_is_refused),    \
        cmocka_unit_test(time_window), cmocka_unit_test(unsigned_and_both),              \
        cmocka_unit_test(unknown_key_and_no_crypto), cmocka_unit_test(crypto_failure_refuses), \
        cmocka_unit_test(malformed_authorization), cmocka_unit_test(sdk_date_form),      \
        cmocka_unit_test(signed_headers_present_once), cmocka_unit_test(canonical_forms), \
        cmocka_unit_test(hand_written_canonical_request),                                 \
        cmocka_unit_test(operations_without_signature)

int main(void)
{
    const struct CMUnitTest tests[] = {TESTS};
    int failed = 0;
    load(NULL);
    use_openssl(NULL);
    failed += cmocka_run_group_tests_name("signature_openssl", tests, NULL, NULL);
    drop_openssl(NULL);
    use_mbedtls(NULL);
    failed += cmocka_run_group_tests_name("signature_mbedtls", tests, NULL, NULL);
    drop_mbedtls(NULL);
    unload(NULL);
    return failed;
}
