/* SPDX-License-Identifier: MIT */
/*
 * test_encode.c - the encoder: golden examples, escaping, integers, layout,
 * the buffer contract (truncation, measuring), refusal of invalid structs,
 * decode(encode(x)) == x on generated structs, the worst-case size macros,
 * and apig_error_encode / apig_catalog_error.
 *
 * Everything struct-shaped is driven by the descriptor tables, so the same
 * code covers every message of the operation.
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
#include <time.h>

#include <apig/apig.h>
#include "core/core.h" /* apig__utf8_encode, tested in test_core */
#include "encode/encode.h" /* apig__json_string: the whole-text escaping */
#include "error_text.h"
#include "worst_case.h"
#include "vpc_members.h"

static const apig_operation *const op = &vpcm_add_backend_instances_v2_op;

static const unsigned all_styles[4] = {
    APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
    APIG_STYLE_PRETTY | APIG_STYLE_ASCII};

/* ---- helpers ---------------------------------------------------------------- */

static const apig_field *field_named(const apig_message *m, const char *name)
{
    for (uint32_t i = 0; i < m->field_count; i++)
        if (strcmp(m->fields[i].name, name) == 0)
            return &m->fields[i];
    fail_msg("%s has no field %s", m->name, name);
    return NULL;
}

static void *field_ptr(const apig_field *f, void *s) { return (char *)s + f->offset; }
static void set_has(const apig_field *f, void *s, bool v) { *(bool *)((char *)s + f->has_offset) = v; }
static bool get_has(const apig_field *f, const void *s) { return *(const bool *)((const char *)s + f->has_offset); }
static uint32_t get_count(const apig_field *f, const void *s)
{
    uint32_t n;
    memcpy(&n, (const char *)s + f->count_offset, sizeof n);
    return n;
}
static void set_count(const apig_field *f, void *s, uint32_t n) { memcpy((char *)s + f->count_offset, &n, sizeof n); }
static void *item_ptr(const apig_field *f, void *s, uint32_t i)
{
    return (char *)s + f->offset + (size_t)i * f->item_size;
}

static void set_string(const apig_field *f, void *s, const char *v)
{
    assert_true(strlen(v) < f->capacity);
    strcpy(field_ptr(f, s), v);
    set_has(f, s, true);
}
static void set_int(const apig_field *f, void *s, int64_t v)
{
    if (f->type == APIG_TYPE_INT32) {
        int32_t x = (int32_t)v;
        memcpy(field_ptr(f, s), &x, sizeof x);
    } else {
        memcpy(field_ptr(f, s), &v, sizeof v);
    }
    set_has(f, s, true);
}

#define TOKENS (VPCM_MAX_TOKENS)

/* Decodes body as m into out (zeroed first); returns the error count. */
static size_t decode(const apig_message *m, const char *body, size_t len,
                     void *out, apig_error *err)
{
    static apig_token tokens[TOKENS];
    apig_error scratch;
    apig_decoder d;
    apig_decoder_init(&d, tokens, TOKENS, err ? err : &scratch, 1);
    memset(out, 0, m->struct_size);
    return apig_decode(&d, m, body, len, out);
}

/* Encodes in full into a fresh heap buffer (the caller frees it). */
static char *encode_alloc(const apig_message *m, const void *in, unsigned style,
                          size_t *len)
{
    apig_error err;
    size_t need = apig_encode(m, in, style, NULL, 0, &err);
    if (need == APIG_ENCODE_INVALID)
        fail_msg("%s refused: %s %s %s", m->name, err.code, err.path, msg_of(&err));
    char *buf = malloc(need + 1);
    assert_non_null(buf);
    assert_int_equal(apig_encode(m, in, style, buf, need + 1, &err), need);
    assert_int_equal(buf[need], '\0');
    *len = need;
    return buf;
}

static void assert_text(const char *got, size_t got_len, const char *want, size_t want_len)
{
    if (got_len != want_len || memcmp(got, want, want_len) != 0)
        fail_msg("output differs\n--- got (%zu bytes)\n%.*s\n--- want (%zu bytes)\n%.*s",
                 got_len, (int)got_len, got, want_len, (int)want_len, want);
}

/* Deep equality of two structs of message m, by the tables. */
static bool same(const apig_message *m, const void *a, const void *b, char *where, size_t wcap)
{
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        snprintf(where, wcap, "%s.%s", m->name, f->name);
        if (get_has(f, a) != get_has(f, b))
            return false;
        if (!get_has(f, a))
            continue;
        const char *va = (const char *)a + f->offset, *vb = (const char *)b + f->offset;
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (strncmp(va, vb, f->capacity) != 0)
                return false;
            break;
        case APIG_TYPE_INT32:
            if (memcmp(va, vb, 4) != 0)
                return false;
            break;
        case APIG_TYPE_INT64:
            if (memcmp(va, vb, 8) != 0)
                return false;
            break;
        case APIG_TYPE_OBJECT:
            if (!same(f->message, va, vb, where, wcap))
                return false;
            break;
        case APIG_TYPE_ARRAY: {
            uint32_t n = get_count(f, a);
            if (n != get_count(f, b))
                return false;
            for (uint32_t k = 0; k < n; k++)
                if (!same(f->message, va + (size_t)k * f->item_size,
                          vb + (size_t)k * f->item_size, where, wcap))
                    return false;
            break;
        }
        default:
            return false;
        }
    }
    return true;
}

/* ---- golden: the document's examples ------------------------------------------ */

static const apig_field *error_code_field(void) { return field_named(op->error_body, "error_code"); }

static void test_golden_examples(void **state)
{
    (void)state;
    assert_true(vpcm_examples.count >= 9);
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        const apig_message *m = ex->message;
        void *s = calloc(1, m->struct_size), *again = calloc(1, m->struct_size);
        assert_non_null(s);
        assert_non_null(again);
        apig_error err;
        if (decode(m, ex->body, ex->body_len, s, &err) != 0)
            fail_msg("example %s does not decode: %s %s %s", ex->name, err.code, err.path, msg_of(&err));

        /* pretty: the document's bytes, in both raw and ASCII styles
         * (the examples are ASCII) */
        size_t len;
        char *pretty = encode_alloc(m, s, APIG_STYLE_PRETTY, &len);
        assert_text(pretty, len, ex->body, ex->body_len);
        free(pretty);
        pretty = encode_alloc(m, s, APIG_STYLE_PRETTY | APIG_STYLE_ASCII, &len);
        assert_text(pretty, len, ex->body, ex->body_len);
        free(pretty);

        /* compact, read again, pretty again: the same bytes */
        char *compact = encode_alloc(m, s, APIG_STYLE_COMPACT, &len);
        assert_null(memchr(compact, '\n', len));
        assert_null(memchr(compact, ' ', len) == NULL ? NULL : strstr(compact, "\" :"));
        assert_int_equal(decode(m, compact, len, again, NULL), 0);
        free(compact);
        pretty = encode_alloc(m, again, APIG_STYLE_PRETTY, &len);
        assert_text(pretty, len, ex->body, ex->body_len);
        free(pretty);

        if (ex->kind == APIG_EXAMPLE_ERROR) {
            /* the same body from the catalog, decorated as the example is */
            const char *code = field_ptr(error_code_field(), s);
            apig_error e;
            memset(&e, 0, sizeof e);
            assert_int_equal(apig_catalog_error(op->catalog, code, strlen(code),
                                                ex->error_param, ex->error_id, &e), 0);
            assert_int_equal(e.status, ex->status);
            assert_string_equal(e.code, code);
            char body[1024];
            size_t n = apig_error_encode(&e, APIG_STYLE_PRETTY, body, sizeof body);
            assert_true(n < sizeof body);
            assert_text(body, n, ex->body, ex->body_len);
        } else {
            assert_true(m == op->request || m == op->response);
            if (ex->kind == APIG_EXAMPLE_RESPONSE)
                assert_int_equal(ex->status, op->success_status);
        }
        free(s);
        free(again);
    }
}

static void test_compact_exact(void **state)
{
    (void)state;
    const apig_example *ex = &vpcm_examples.items[0];
    assert_int_equal(ex->kind, APIG_EXAMPLE_REQUEST);
    void *s = calloc(1, op->request->struct_size);
    assert_int_equal(decode(op->request, ex->body, ex->body_len, s, NULL), 0);
    char buf[256];
    size_t n = apig_encode(op->request, s, APIG_STYLE_COMPACT, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}");
    assert_int_equal(n, strlen(buf));
    free(s);
}

/* The table order, not the struct order: output order of the page and of a
 * member, with absent fields omitted and an empty array. */
static void test_order_absent_empty(void **state)
{
    (void)state;
    const apig_message *m = op->response;
    void *s = calloc(1, m->struct_size);
    set_int(field_named(m, "size"), s, 0);
    set_int(field_named(m, "total"), s, 0);
    const apig_field *members = field_named(m, "members");
    set_has(members, s, true);
    set_count(members, s, 0);
    char buf[512];
    apig_encode(m, s, APIG_STYLE_PRETTY, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\n  \"total\" : 0,\n  \"size\" : 0,\n  \"members\" : [ ]\n}");
    apig_encode(m, s, APIG_STYLE_COMPACT, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\"total\":0,\"size\":0,\"members\":[]}");

    /* one member with only weight and status: declared order differs */
    const apig_message *mi = members->message;
    set_count(members, s, 2);
    void *m0 = item_ptr(members, s, 0);
    set_int(field_named(mi, "weight"), m0, 100);
    set_int(field_named(mi, "status"), m0, -7);
    set_string(field_named(mi, "id"), m0, "x");
    set_int(field_named(m, "size"), s, 2);
    set_int(field_named(m, "total"), s, 9);
    apig_encode(m, s, APIG_STYLE_PRETTY, buf, sizeof buf, NULL);
    /* the second member has no field at all: "{ }" as Jackson prints it */
    assert_string_equal(buf,
                        "{\n  \"total\" : 9,\n  \"size\" : 2,\n  \"members\" : [ {\n"
                        "    \"id\" : \"x\",\n    \"status\" : -7,\n    \"weight\" : 100\n"
                        "  }, { } ]\n}");
    apig_encode(m, s, APIG_STYLE_COMPACT, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\"total\":9,\"size\":2,\"members\":[{\"id\":\"x\",\"status\":-7,\"weight\":100},{}]}");
    free(s);
}

/* ---- strings --------------------------------------------------------------------- */

static void error_msg_struct(void *s, const char *code, const char *msg)
{
    memset(s, 0, op->error_body->struct_size);
    set_string(field_named(op->error_body, "error_code"), s, code);
    set_string(field_named(op->error_body, "error_msg"), s, msg);
}

static void test_string_escaping(void **state)
{
    (void)state;
    static const char input[] =
        "q\" b\\ s/ \b\f\n\r\t \x01\x1f\x7f <>&' \xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xEF\xBF\xBF";
    void *s = malloc(op->error_body->struct_size);
    error_msg_struct(s, "A\"\\", input);
    char buf[512];

    size_t n = apig_encode(op->error_body, s, APIG_STYLE_COMPACT, buf, sizeof buf, NULL);
    const char *raw = "{\"error_code\":\"A\\\"\\\\\",\"error_msg\":\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t "
                      "\\u0001\\u001F\x7f <>&' \xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xEF\xBF\xBF\"}";
    assert_string_equal(buf, raw);
    assert_int_equal(n, strlen(raw));

    n = apig_encode(op->error_body, s, APIG_STYLE_ASCII, buf, sizeof buf, NULL);
    const char *ascii = "{\"error_code\":\"A\\\"\\\\\",\"error_msg\":\"q\\\" b\\\\ s/ \\b\\f\\n\\r\\t "
                        "\\u0001\\u001F\x7f <>&' \\u00E9 \\u4E2D \\uD83D\\uDE00 \\uFFFF\"}";
    assert_string_equal(buf, ascii);
    assert_int_equal(n, strlen(ascii));

    /* Bits a style does not define change nothing (the encoder keeps bits
     * of its own beside the style's: none may leak in from the caller). */
    for (unsigned bit = 0x8u; bit != 0; bit <<= 1) {
        if (bit == APIG_AS_SERVICE)
            continue;
        char other[512];
        assert_int_equal(apig_encode(op->error_body, s, APIG_STYLE_COMPACT | bit, other,
                                     sizeof other, NULL),
                         strlen(raw));
        assert_string_equal(other, raw);
        assert_int_equal(apig_encode(op->error_body, s, APIG_STYLE_ASCII | bit, other,
                                     sizeof other, NULL),
                         strlen(ascii));
        assert_string_equal(other, ascii);
    }

    /* every control character, and the edges of each UTF-8 length */
    char all[64];
    size_t k = 0;
    for (int c = 1; c < 0x20; c++)
        all[k++] = (char)c;
    all[k] = '\0';
    error_msg_struct(s, "X", all);
    apig_encode(op->error_body, s, APIG_STYLE_COMPACT, buf, sizeof buf, NULL);
    assert_string_equal(buf,
        "{\"error_code\":\"X\",\"error_msg\":\""
        "\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
        "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B"
        "\\u001C\\u001D\\u001E\\u001F\"}");
    error_msg_struct(s, "X", "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
    apig_encode(op->error_body, s, APIG_STYLE_ASCII, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\"error_code\":\"X\",\"error_msg\":\"\\u0080\\u07FF\\u0800\\uD7FF\\uE000"
                             "\\uD800\\uDC00\\uDBFF\\uDFFF\"}");
    free(s);
}

/* ---- integers and nesting: a test-only message ------------------------------------------ */

typedef struct t_inner {
    bool has_v;
    int32_t v;
} t_inner;
typedef struct t_outer {
    bool has_a;
    int64_t a;
    bool has_b;
    int32_t b;
    bool has_o;
    t_inner o;
} t_outer;


/* Filled at run time: a message descriptor needs the catalog's address. */
static apig_field t_inner_fields[1];
static apig_field t_outer_fields[3];
static const uint8_t t_inner_order[1] = {0};
static const uint8_t t_outer_order[3] = {1, 0, 2}; /* b, a, o */
static apig_message t_inner_desc, t_outer_desc;

static void make_test_messages(void)
{
    t_inner_fields[0] = (apig_field){
        .name = "v", .name_len = 1, .type = APIG_TYPE_INT32,
        .offset = offsetof(t_inner, v), .has_offset = offsetof(t_inner, has_v)};
    t_inner_desc = (apig_message){
        .name = "TInner", .struct_size = sizeof(t_inner), .fields = t_inner_fields,
        .field_count = 1, .encode_order = t_inner_order, .catalog = op->catalog};
    t_outer_fields[0] = (apig_field){
        .name = "a", .name_len = 1, .type = APIG_TYPE_INT64,
        .offset = offsetof(t_outer, a), .has_offset = offsetof(t_outer, has_a)};
    t_outer_fields[1] = (apig_field){
        .name = "b", .name_len = 1, .type = APIG_TYPE_INT32,
        .offset = offsetof(t_outer, b), .has_offset = offsetof(t_outer, has_b)};
    t_outer_fields[2] = (apig_field){
        .name = "o", .name_len = 1, .type = APIG_TYPE_OBJECT,
        .offset = offsetof(t_outer, o), .has_offset = offsetof(t_outer, has_o),
        .message = &t_inner_desc};
    t_outer_desc = (apig_message){
        .name = "TOuter", .struct_size = sizeof(t_outer), .fields = t_outer_fields,
        .field_count = 3, .encode_order = t_outer_order, .catalog = op->catalog};
}

static void expect_encoding(const apig_message *m, const void *s, unsigned style, const char *want)
{
    char buf[512];
    apig_error err;
    size_t n = apig_encode(m, s, style, buf, sizeof buf, &err);
    if (n == APIG_ENCODE_INVALID)
        fail_msg("refused: %s %s %s", err.code, err.path, msg_of(&err));
    assert_true(n < sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_integers_and_objects(void **state)
{
    (void)state;
    make_test_messages();
    t_outer t = {.has_a = true, .a = INT64_MIN, .has_b = true, .b = INT32_MIN,
                 .has_o = true, .o = {.has_v = true, .v = INT32_MAX}};
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_COMPACT,
                    "{\"b\":-2147483648,\"a\":-9223372036854775808,\"o\":{\"v\":2147483647}}");
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_PRETTY,
                    "{\n  \"b\" : -2147483648,\n  \"a\" : -9223372036854775808,\n"
                    "  \"o\" : {\n    \"v\" : 2147483647\n  }\n}");
    t = (t_outer){.has_a = true, .a = INT64_MAX, .has_b = true, .b = 0, .has_o = true};
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_COMPACT,
                    "{\"b\":0,\"a\":9223372036854775807,\"o\":{}}");
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_PRETTY,
                    "{\n  \"b\" : 0,\n  \"a\" : 9223372036854775807,\n  \"o\" : { }\n}");
    t = (t_outer){.has_a = true, .a = -1, .has_b = true, .b = -10};
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_COMPACT, "{\"b\":-10,\"a\":-1}");
    t = (t_outer){0};
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_COMPACT, "{}");
    expect_encoding(&t_outer_desc, &t, APIG_STYLE_PRETTY, "{ }");

    /* int64 and int32 of the operation itself, at their widest */
    const apig_message *m = op->response;
    void *s = calloc(1, m->struct_size);
    set_int(field_named(m, "total"), s, INT64_MAX);
    set_int(field_named(m, "size"), s, INT32_MAX);
    const apig_field *members = field_named(m, "members");
    set_has(members, s, true);
    set_count(members, s, 1);
    set_int(field_named(members->message, "status"), item_ptr(members, s, 0), INT32_MIN);
    expect_encoding(m, s, APIG_STYLE_COMPACT,
                    "{\"total\":9223372036854775807,\"size\":2147483647,"
                    "\"members\":[{\"status\":-2147483648}]}");
    free(s);
}

/* Every integer width the writer has a path for: each count of digits, at
 * its ends, either sign, as int32 and int64, against printf. */
static void test_integer_digits(void **state)
{
    (void)state;
    make_test_messages();
    int64_t values[200];
    size_t n = 0;
    int64_t p = 1;
    for (int k = 0; k <= 18; k++) {
        values[n++] = p - 1;
        values[n++] = p;
        values[n++] = p + 1;
        values[n++] = p * 5 + 3;
        if (k < 18)
            p *= 10;
    }
    values[n++] = INT32_MAX;
    values[n++] = (int64_t)UINT32_MAX;
    values[n++] = (int64_t)UINT32_MAX + 1;
    values[n++] = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        for (int sign = 1; sign >= -1; sign -= 2) {
            int64_t a = values[i] * sign;
            int64_t b = a >= INT32_MIN && a <= INT32_MAX ? a : 7;
            t_outer t = {.has_a = true, .a = a, .has_b = true, .b = (int32_t)b};
            char want[96];
            snprintf(want, sizeof want, "{\"b\":%lld,\"a\":%lld}", (long long)b, (long long)a);
            expect_encoding(&t_outer_desc, &t, APIG_STYLE_COMPACT, want);
            /* and written at the very end of a buffer that just fits */
            char exact[96];
            size_t len = strlen(want);
            assert_int_equal(apig_encode(&t_outer_desc, &t, APIG_STYLE_COMPACT, exact, len + 1, NULL),
                             len);
            assert_string_equal(exact, want);
        }
    }
}

/* ---- the buffer contract ------------------------------------------------------------------------ */

enum { GUARD = 16 };

typedef size_t (*encode_fn)(const void *ctx, unsigned style, char *buf, size_t cap);

typedef struct msg_ctx {
    const apig_message *m;
    const void *s;
} msg_ctx;

static size_t encode_msg(const void *ctx, unsigned style, char *buf, size_t cap)
{
    const msg_ctx *c = ctx;
    return apig_encode(c->m, c->s, style, buf, cap, NULL);
}

static size_t encode_err(const void *ctx, unsigned style, char *buf, size_t cap)
{
    return apig_error_encode(ctx, style, buf, cap);
}

static void check_truncation(encode_fn fn, const void *ctx, unsigned style)
{
    size_t need = fn(ctx, style, NULL, 0);
    assert_true(need != APIG_ENCODE_INVALID && need > 0);
    assert_int_equal(fn(ctx, style, NULL, 7), need); /* NULL buffer: measures */
    char *full = malloc(need + 1);
    assert_int_equal(fn(ctx, style, full, need + 1), need);
    assert_int_equal(full[need], '\0');
    char *buf = malloc(need + 2 + GUARD);
    for (size_t cap = 0; cap <= need + 1; cap++) {
        memset(buf, 0xA5, need + 2 + GUARD);
        assert_int_equal(fn(ctx, style, buf, cap), need);
        for (size_t g = cap; g < need + 2 + GUARD; g++)
            if (buf[g] != (char)0xA5)
                fail_msg("cap %zu of %zu: byte %zu written", cap, need, g);
        if (need < cap) {
            assert_memory_equal(buf, full, need + 1); /* complete and NUL-terminated */
        } else if (cap > 0) {
            assert_memory_equal(buf, full, cap); /* a prefix, no NUL */
            assert_null(memchr(buf, '\0', cap));
        }
    }
    free(buf);
    free(full);
}

static void test_truncation(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        const apig_example *ex = &vpcm_examples.items[i];
        void *s = calloc(1, ex->message->struct_size);
        assert_int_equal(decode(ex->message, ex->body, ex->body_len, s, NULL), 0);
        msg_ctx c = {ex->message, s};
        for (int k = 0; k < 4; k++)
            check_truncation(encode_msg, &c, all_styles[k]);
        free(s);
    }
    /* escapes cut in the middle, in every style */
    void *s = malloc(op->error_body->struct_size);
    error_msg_struct(s, "E\"1", "\"\\\x01\n\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80/<");
    msg_ctx c = {op->error_body, s};
    for (int k = 0; k < 4; k++)
        check_truncation(encode_msg, &c, all_styles[k]);
    free(s);

    apig_error e;
    assert_int_equal(apig_catalog_error(op->catalog, "APIG.2004", 9, "weight", NULL, &e), 0);
    for (int k = 0; k < 4; k++)
        check_truncation(encode_err, &e, all_styles[k]);
}

/* ---- refusal of invalid structs ------------------------------------------------------------------- */

/* apig_encode(m, s, style) into `cap` bytes at the start of a larger
 * buffer is refused, and leaves what apig.h promises: no output claimed
 * (buf[0] is NUL when cap > 0, nothing at all written when cap is 0), and
 * nothing written at or past buf[cap]. The bytes between are free. */
static void expect_refused_in(const apig_message *m, const void *s, unsigned style, size_t cap)
{
    char buf[96];
    assert_true(cap + 8 <= sizeof buf);
    memset(buf, 0x5A, sizeof buf);
    apig_error e;
    assert_int_equal(apig_encode(m, s, style, buf, cap, &e), APIG_ENCODE_INVALID);
    if (cap > 0)
        assert_int_equal(buf[0], '\0');
    for (size_t i = cap; i < sizeof buf; i++)
        assert_int_equal(buf[i], 0x5A);
    /* a NULL buffer writes nothing, whatever cap says */
    assert_int_equal(apig_encode(m, s, style, NULL, cap, NULL), APIG_ENCODE_INVALID);
}

/* Encoding s is refused as expect_refused_in says, in every style and
 * buffer size, and the error is the one the decoder reports for `body`,
 * the same content as JSON. */
static void expect_refused(const apig_message *m, const void *s, const char *body,
                           const char *code, const char *param, const char *path)
{
    char buf[64];
    apig_error e;
    memset(&e, 0, sizeof e);
    for (int k = 0; k < 4; k++) {
        memset(buf, 0x5A, sizeof buf);
        assert_int_equal(apig_encode(m, s, all_styles[k], buf, sizeof buf, &e), APIG_ENCODE_INVALID);
        assert_int_equal(buf[0], '\0');
        for (size_t cap = 0; cap <= 80; cap++)
            expect_refused_in(m, s, all_styles[k], cap);
    }
    assert_int_equal(apig_encode(m, s, APIG_STYLE_COMPACT, NULL, 0, NULL), APIG_ENCODE_INVALID);
    assert_string_equal(e.code, code);
    assert_string_equal(e.param, param ? param : "");
    assert_string_equal(e.path, path);

    if (body) {
        void *d = calloc(1, m->struct_size);
        apig_error de;
        assert_true(decode(m, body, strlen(body), d, &de) >= 1);
        assert_int_equal(e.kind, de.kind);
        assert_int_equal(e.status, de.status);
        assert_string_equal(e.code, de.code);
        assert_string_equal(msg_of(&e), msg_of(&de));
        assert_string_equal(e.path, de.path);
        free(d);
    }
}

static void test_invalid_refused(void **state)
{
    (void)state;
    const apig_message *rq = op->request;
    const apig_field *members = field_named(rq, "members");
    const apig_message *mi = members->message;
    void *s = calloc(1, rq->struct_size);

    set_has(members, s, true);
    set_count(members, s, 1);
    set_int(field_named(mi, "weight"), item_ptr(members, s, 0), 500);
    expect_refused(rq, s, "{\"members\":[{\"weight\":500}]}", "APIG.2004", "weight",
                   "members[0].weight");

    memset(s, 0, rq->struct_size);
    set_has(members, s, true);
    set_count(members, s, 2);
    set_string(field_named(mi, "ecs_id"), item_ptr(members, s, 1), "a b");
    expect_refused(rq, s, "{\"members\":[{},{\"ecs_id\":\"a b\"}]}", "APIG.2012", "ecs_id",
                   "members[1].ecs_id");

    /* more members than the capacity: the body says the same with cap+1 items */
    memset(s, 0, rq->struct_size);
    set_has(members, s, true);
    set_count(members, s, members->capacity + 1);
    size_t blen = 16 + 3 * (size_t)(members->capacity + 1);
    char *body = malloc(blen);
    strcpy(body, "{\"members\":[{}");
    for (uint32_t i = 0; i < members->capacity; i++)
        strcat(body, ",{}");
    strcat(body, "]}");
    /* the first item past the capacity, where the decoder stops too */
    char over[32];
    snprintf(over, sizeof over, "members[%u]", (unsigned)members->capacity);
    expect_refused(rq, s, body, "APIG.3110", NULL, over);
    free(body);

    memset(s, 0, rq->struct_size);
    expect_refused(rq, s, "{}", "APIG.2001", "members", "members");
    set_has(members, s, true);
    expect_refused(rq, s, "{\"members\":[]}", "APIG.2001", "members", "members");

    /* a string without its NUL, and one with invalid UTF-8: no JSON says
     * that, so only the refusal is checked */
    set_count(members, s, 1);
    const apig_field *ecs_id = field_named(mi, "ecs_id");
    memset(field_ptr(ecs_id, item_ptr(members, s, 0)), 'a', ecs_id->capacity);
    set_has(ecs_id, item_ptr(members, s, 0), true);
    assert_int_equal(apig_encode(rq, s, APIG_STYLE_COMPACT, NULL, 0, NULL), APIG_ENCODE_INVALID);
    memset(s, 0, rq->struct_size);
    set_has(members, s, true);
    set_count(members, s, 1);
    set_string(field_named(mi, "host"), item_ptr(members, s, 0), "a\xff");
    assert_int_equal(apig_encode(rq, s, APIG_STYLE_COMPACT, NULL, 0, NULL), APIG_ENCODE_INVALID);
    free(s);

    const apig_message *pg = op->response;
    const apig_field *pm = field_named(pg, "members");
    s = calloc(1, pg->struct_size);
    set_int(field_named(pg, "total"), s, 0);
    set_int(field_named(pg, "size"), s, -1);
    set_has(pm, s, true);
    expect_refused(pg, s, "{\"total\":0,\"size\":-1,\"members\":[]}", "APIG.2004", "size", "size");
    set_int(field_named(pg, "size"), s, 1);
    set_count(pm, s, 1);
    set_string(field_named(pm->message, "create_time"), item_ptr(pm, s, 0), "2020-02-30T00:00:00Z");
    expect_refused(pg, s,
                   "{\"total\":0,\"size\":1,\"members\":[{\"create_time\":\"2020-02-30T00:00:00Z\"}]}",
                   "APIG.2012", "create_time", "members[0].create_time");
    free(s);

    /* A fault far into a long page, met after most of it is written: the
     * buffer still claims no output, with room for the whole page (the
     * leaf writer, no check of room per value) and without (the bounded
     * writer), and nothing is written past cap. */
    static vpcm_vpc_member_page big;
    memset(&big, 0, sizeof big);
    big.has_size = big.has_total = big.has_members = true;
    big.size = big.total = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    big.members_count = VPCM_VPC_MEMBER_PAGE_MEMBERS_MAX;
    for (uint32_t i = 0; i < big.members_count; i++) {
        vpcm_vpc_member_info *m = &big.members[i];
        m->has_host = m->has_weight = m->has_ecs_id = m->has_ecs_name = true;
        m->has_id = m->has_status = m->has_vpc_channel_id = m->has_create_time = true;
        snprintf(m->host, sizeof m->host, "192.168.0.%u", (unsigned)i % 250);
        m->weight = (int32_t)(i % 101);
        strcpy(m->ecs_id, "ebe1104f-1254-4ac6-8ed7-366bec84f36e");
        strcpy(m->ecs_name, i % 2 ? "APIG\xE4\xB8\xAD" : "APIG");
        strcpy(m->id, "33ac0e39d005492eb1f4683e66d1a0d1");
        strcpy(m->vpc_channel_id, "105c6902457144a4820dff8b1ad63331");
        strcpy(m->create_time, "2020-07-23T07:24:34Z");
    }
    const uint32_t last = big.members_count - 1;
    strcpy(big.members[last].vpc_channel_id, "a b");
    const size_t room = VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 16;
    char *text = malloc(room);
    assert_non_null(text);
    const size_t caps[] = {VPCM_VPC_MEMBER_PAGE_ENCODED_MAX, 20000, 1};
    char want_path[48];
    snprintf(want_path, sizeof want_path, "members[%u].vpc_channel_id", (unsigned)last);
    for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        for (int k = 0; k < 4; k++) {
            apig_error e;
            memset(text, 0x5A, room);
            assert_int_equal(apig_encode(pg, &big, all_styles[k], text, caps[c], &e),
                             APIG_ENCODE_INVALID);
            assert_int_equal(text[0], '\0');
            for (size_t i = caps[c]; i < room; i++)
                assert_int_equal(text[i], 0x5A);
            assert_string_equal(e.code, "APIG.2012");
            assert_string_equal(e.path, want_path);
        }
    }
    /* the same page, valid, writes all of it */
    strcpy(big.members[last].vpc_channel_id, "105c6902457144a4820dff8b1ad63331");
    size_t n = apig_encode(pg, &big, APIG_STYLE_COMPACT, text, room, NULL);
    assert_true(n < room && n > 0 && text[n] == '\0' && text[0] == '{');
    free(text);

    s = malloc(op->error_body->struct_size);
    error_msg_struct(s, "APIG.1", "x");
    set_string(field_named(op->error_body, "error_code"), s, "");
    expect_refused(op->error_body, s, "{\"error_code\":\"\",\"error_msg\":\"x\"}", "APIG.2005",
                   "error_code", "error_code");
    free(s);

    /* no struct at all */
    assert_int_equal(apig_encode(rq, NULL, 0, NULL, 0, NULL), APIG_ENCODE_INVALID);
}

/* ---- decode(encode(x)) == x ------------------------------------------------------------------------- */

static bool is_leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void random_string(rng *r, const apig_field *f, char *dst)
{
    if (f->format == APIG_FORMAT_DATE_TIME) {
        static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        unsigned y = 1970 + below(r, 130), mo = 1 + below(r, 12);
        unsigned dmax = mdays[mo - 1] + (mo == 2 && is_leap(y));
        snprintf(dst, f->capacity, "%04u-%02u-%02uT%02u:%02u:%02uZ", y, mo, 1 + below(r, dmax),
                 below(r, 24), below(r, 60), below(r, 60));
        return;
    }
    if (f->format == APIG_FORMAT_IP_ADDRESS) {
        snprintf(dst, f->capacity, "%u.%u.%u.%u", below(r, 256), below(r, 256), below(r, 256),
                 below(r, 256));
        return;
    }
    uint32_t maxc = f->max_length ? f->max_length : 64;
    uint32_t minc = f->min_length;
    uint32_t span = maxc - minc < 24 ? maxc - minc : 24;
    uint32_t n = below(r, 6) == 0 ? maxc : minc + below(r, span + 1);
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

/* The values an integer field accepts: its schema range within its width. */
static void int_range(const apig_field *f, int64_t *lo, int64_t *hi)
{
    *lo = f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
    *hi = f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
    if (f->has_minimum)
        *lo = f->minimum;
    if (f->has_maximum)
        *hi = f->maximum;
}

static int64_t random_int(rng *r, const apig_field *f)
{
    int64_t lo, hi;
    int_range(f, &lo, &hi);
    switch (below(r, 5)) {
    case 0: return lo;
    case 1: return hi;
    case 2: return lo <= 0 && hi >= 0 ? 0 : lo;
    default: {
        uint64_t span = (uint64_t)hi - (uint64_t)lo;
        uint64_t v = span == UINT64_MAX ? rnd(r) : rnd(r) % (span + 1);
        return (int64_t)((uint64_t)lo + v);
    }
    }
}

static void fill_random(rng *r, const apig_message *m, void *s, uint32_t max_items)
{
    memset(s, 0, m->struct_size);
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        bool present = f->required || below(r, 4) != 0;
        set_has(f, s, present);
        if (!present)
            continue;
        switch (f->type) {
        case APIG_TYPE_STRING:
            random_string(r, f, field_ptr(f, s));
            break;
        case APIG_TYPE_INT32:
        case APIG_TYPE_INT64:
            set_int(f, s, random_int(r, f));
            break;
        case APIG_TYPE_OBJECT:
            fill_random(r, f->message, field_ptr(f, s), max_items);
            break;
        case APIG_TYPE_ARRAY: {
            uint32_t hi = f->capacity < max_items ? f->capacity : max_items;
            uint32_t n = f->min_length + below(r, hi - f->min_length + 1);
            set_count(f, s, n);
            for (uint32_t k = 0; k < n; k++)
                fill_random(r, f->message, item_ptr(f, s, k), max_items);
            break;
        }
        default:
            fail();
        }
    }
}

/* Which escape classes the round trips have written. */
typedef struct seen {
    bool quote, backslash, short_ctl, long_ctl, slash, raw_non_ascii, bmp_escape, pair;
} seen;

static void note_escapes(seen *z, const char *t, size_t n, unsigned style)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (t[i] == '\\') {
            char c = t[i + 1];
            z->quote |= c == '"';
            z->backslash |= c == '\\';
            z->short_ctl |= c == 'n' || c == 't' || c == 'b' || c == 'f' || c == 'r';
            if (c == 'u' && i + 5 < n) {
                z->long_ctl |= t[i + 2] == '0' && t[i + 3] == '0' && t[i + 4] <= '1';
                z->bmp_escape |= !(t[i + 2] == '0' && t[i + 3] == '0') && t[i + 2] != 'D';
                z->pair |= t[i + 2] == 'D' && t[i + 3] >= '8';
            }
            i++;
            continue;
        }
        z->slash |= t[i] == '/';
        if ((unsigned char)t[i] >= 0x80)
            z->raw_non_ascii = true;
    }
    (void)style;
}

static void roundtrip(const apig_message *m, uint64_t seed, int iterations, uint32_t max_items, seen *z)
{
    rng r = {seed};
    void *s = malloc(m->struct_size), *t = malloc(m->struct_size);
    for (int it = 0; it < iterations; it++) {
        fill_random(&r, m, s, max_items);
        for (int k = 0; k < 4; k++) {
            size_t len;
            char *text = encode_alloc(m, s, all_styles[k], &len);
            if (all_styles[k] & APIG_STYLE_ASCII)
                for (size_t i = 0; i < len; i++)
                    assert_true((unsigned char)text[i] < 0x80);
            note_escapes(z, text, len, all_styles[k]);
            apig_error err;
            if (decode(m, text, len, t, &err) != 0)
                fail_msg("%s #%d style %u: %s %s %s @%zu\n%.*s", m->name, it, all_styles[k],
                         err.code, err.path, msg_of(&err), err.offset, (int)(len < 2000 ? len : 2000), text);
            char where[128] = "";
            if (!same(m, s, t, where, sizeof where))
                fail_msg("%s #%d style %u: %s differs after the round trip", m->name, it,
                         all_styles[k], where);
            size_t len2;
            char *again = encode_alloc(m, t, all_styles[k], &len2);
            assert_text(again, len2, text, len);
            free(again);
            free(text);
        }
    }
    free(s);
    free(t);
}

static void test_roundtrip_generated(void **state)
{
    (void)state;
    seen z = {0};
    const apig_field *rm = field_named(op->request, "members");
    const apig_field *pm = field_named(op->response, "members");
    roundtrip(op->request, 0x9E3779B97F4A7C15ull, 150, 6, &z);
    roundtrip(rm->message, 0x1234567ull, 300, 6, &z);
    roundtrip(op->response, 0xC0FFEEull, 150, 6, &z);
    roundtrip(pm->message, 0xBADC0DEull, 300, 6, &z);
    roundtrip(op->error_body, 0xE5505ull, 400, 6, &z);
    assert_true(z.quote);
    assert_true(z.backslash);
    assert_true(z.short_ctl);
    assert_true(z.long_ctl);
    assert_true(z.slash);
    assert_true(z.raw_non_ascii);
    assert_true(z.bmp_escape);
    assert_true(z.pair);
}

/* A full request, every member with every field at its longest. */
static void test_roundtrip_full_request(void **state)
{
    (void)state;
    seen z = {0};
    const apig_field *rm = field_named(op->request, "members");
    roundtrip(op->request, 42, 3, rm->capacity, &z);
}

/* ---- the worst case against <PREFIX>_<MSG>_ENCODED_MAX ---------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_worst_case_bound(void **state)
{
    (void)state;
    const apig_field *rm = field_named(op->request, "members");
    const apig_field *pm = field_named(op->response, "members");
    const struct {
        const apig_message *m;
        size_t max;
    } cases[] = {
        {op->request, VPCM_VPC_MEMBER_CREATE_ENCODED_MAX},
        {rm->message, VPCM_MEMBER_INFO_ENCODED_MAX},
        {op->response, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX},
        {pm->message, VPCM_VPC_MEMBER_INFO_ENCODED_MAX},
        {op->error_body, VPCM_ERROR_MSG_ENCODED_MAX},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        check_worst_encodings(cases[c].m, cases[c].max, fill_worst);

    /* speed of the largest body (informative) */
    const apig_message *m = op->response;
    void *s = malloc(m->struct_size);
    char *buf = malloc(VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1);
    for (int k = 0; k < 4; k++) {
        fill_worst(m, s, all_styles[k]);
        size_t n = 0;
        int reps = 0;
        double t0 = now_seconds(), t1;
        do {
            n = apig_encode(m, s, all_styles[k], buf, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1, NULL);
            reps++;
            t1 = now_seconds();
        } while (t1 - t0 < 0.2);
        print_message("encode worst page style %u: %zu bytes, %.0f MB/s (incl. validation; sanitized build)\n",
                      all_styles[k], n, (double)n * reps / (t1 - t0) / 1e6);
    }
    free(buf);
    free(s);
}

/* ---- apig_catalog_error and apig_error_encode --------------------------------------------------- */

static void test_catalog_error(void **state)
{
    (void)state;
    const apig_catalog *cat = op->catalog;
    apig_error e;

    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, "weight", "ignored", &e), 0);
    assert_int_equal(e.kind, APIG_ERROR_RANGE);
    assert_int_equal(e.status, 400);
    assert_string_equal(e.code, "APIG.2004");
    assert_string_equal(e.param, "weight");
    assert_string_equal(e.path, "");
    assert_int_equal(e.offset, 0);
    assert_string_equal(msg_of(&e), "The parameter value is outside the allowable range,"
                                   "parameterName:weight. Please refer to the support documentation");

    /* no param: the message alone, never an empty parameterName */
    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, NULL, NULL, &e), 0);
    assert_string_equal(e.param, "");
    assert_string_equal(msg_of(&e), "The parameter value is outside the allowable range");
    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, "", NULL, &e), 0);
    assert_string_equal(e.param, "");
    assert_string_equal(msg_of(&e), "The parameter value is outside the allowable range");
    assert_int_equal(apig_catalog_error(cat, "APIG.3023", 9, NULL, "", &e), 0);
    assert_string_equal(msg_of(&e), "The VPC channel does not exist");

    assert_int_equal(apig_catalog_error(cat, "APIG.3023", 9, "weight", "56a7", &e), 0);
    assert_int_equal(e.kind, APIG_ERROR_NONE); /* no rule reports it: the service's own */
    assert_int_equal(e.status, 404);
    assert_string_equal(e.param, "");
    assert_non_null(e.detail);
    assert_string_equal(msg_of(&e), "The VPC channel does not exist,id:56a7");
    assert_int_equal(apig_catalog_error(cat, "APIG.3023", 9, NULL, NULL, &e), 0);
    assert_string_equal(msg_of(&e), "The VPC channel does not exist");

    assert_int_equal(apig_catalog_error(cat, "APIG.2000", 9, NULL, NULL, &e), 0);
    assert_int_equal(e.kind, APIG_ERROR_SYNTAX);
    assert_string_equal(msg_of(&e), "Parameter error");
    assert_int_equal(apig_catalog_error(cat, "APIG.1002", 9, NULL, NULL, &e), 0);
    assert_int_equal(e.kind, APIG_ERROR_TOKEN_INVALID);
    assert_int_equal(e.status, 401);
    assert_int_equal(apig_catalog_error(cat, "APIG.9999", 9, NULL, NULL, &e), 0);
    assert_int_equal(e.status, 500);
    assert_string_equal(msg_of(&e), "System error");

    /* code is (pointer, length) */
    assert_int_equal(apig_catalog_error(cat, "APIG.2012xyz", 9, "host", NULL, &e), 0);
    assert_string_equal(e.code, "APIG.2012");

    /* unknown: -1, out untouched */
    apig_error before;
    memset(&before, 0x33, sizeof before);
    memcpy(&e, &before, sizeof e);
    assert_int_equal(apig_catalog_error(cat, "APIG.200", 8, NULL, NULL, &e), -1);
    assert_int_equal(apig_catalog_error(cat, "APIG.20041", 10, NULL, NULL, &e), -1);
    assert_int_equal(apig_catalog_error(cat, "", 0, NULL, NULL, &e), -1);
    assert_memory_equal(&e, &before, sizeof e);

    /* every entry, and for a rule's entry the kind maps back to it */
    for (uint32_t i = 0; i < cat->entry_count; i++) {
        const apig_catalog_entry *en = &cat->entries[i];
        assert_int_equal(apig_catalog_error(cat, en->code, strlen(en->code), "p", "i", &e), 0);
        assert_string_equal(e.code, en->code);
        assert_int_equal(e.status, en->status);
        assert_true(strncmp(msg_of(&e), en->message, strlen(en->message)) == 0);
        if (e.kind != APIG_ERROR_NONE)
            assert_int_equal(cat->kind_entry[e.kind], i);
        else
            for (int k = 1; k < APIG_ERROR_KIND_COUNT; k++)
                assert_true(cat->kind_entry[k] != i);
    }
}

/* The error body of e holds no U+FFFD: no character was cut in two. */
static void assert_encodes_whole(const apig_error *e)
{
    char out[4 * MSG_OF_BYTES];
    assert_true(apig_error_encode(e, APIG_STYLE_COMPACT, out, sizeof out) < sizeof out);
    assert_null(strstr(out, "\xEF\xBF\xBD"));
    assert_true(apig_error_encode(e, APIG_STYLE_ASCII, out, sizeof out) < sizeof out);
    assert_null(strstr(out, "\\uFFFD"));
}

/* A parameter or id longer than the error holds is cut between characters
 * and ends in "..."; the message keeps the catalog text and its ending, and
 * param is exactly what the message names. */
static void test_catalog_error_cuts_between_characters(void **state)
{
    (void)state;
    const apig_catalog *cat = op->catalog;
    static const char head[] = "The parameter value is outside the allowable range,parameterName:";
    static const char tail[] = ". Please refer to the support documentation";
    apig_error e;
    char text[600], want[600];

    /* 127 bytes fit whole; 128 are cut to 124 and the marker. */
    memset(text, 'p', 300);
    text[127] = '\0';
    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, text, NULL, &e), 0);
    assert_string_equal(e.param, text);
    text[127] = 'p';
    text[300] = '\0';
    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, text, NULL, &e), 0);
    assert_int_equal(strlen(e.param), 127);
    assert_memory_equal(e.param, text, 124);
    assert_string_equal(e.param + 124, "...");
    snprintf(want, sizeof want, "%s%.124s...%s", head, text, tail);
    assert_string_equal(msg_of(&e), want);
    assert_encodes_whole(&e);

    /* A character across the cut (bytes 0..124 stay) is left out whole. */
    static const char *const wide[] = {"\xC3\xA9", "\xE4\xB8\x80", "\xF0\x9F\x98\x80"};
    for (size_t k = 0; k < 3; k++) {
        size_t w = strlen(wide[k]);
        for (size_t at = 124 - w - 1; at <= 125; at++) {
            memset(text, 'a', at);
            strcpy(text + at, wide[k]);
            memset(text + at + w, 'z', 200);
            text[at + w + 200] = '\0';
            size_t keep = at < 124 && 124 < at + w ? at : 124;
            snprintf(want, sizeof want, "%.*s...", (int)keep, text);
            assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, text, NULL, &e), 0);
            assert_string_equal(e.param, want);
            snprintf(want, sizeof want, "%s%s%s", head, e.param, tail);
            assert_string_equal(msg_of(&e), want);
            check_error_text(&e);
        }
    }
    /* Exactly: U+00E9 over bytes 123..124 goes; over 122..123 it stays. */
    memset(text, 'a', 123);
    strcpy(text + 123, "\xC3\xA9zzzzzz");
    apig_catalog_error(cat, "APIG.2004", 9, text, NULL, &e);
    assert_int_equal(strlen(e.param), 126);
    assert_string_equal(e.param + 120, "aaa...");
    strcpy(text + 122, "\xC3\xA9zzzzzz");
    apig_catalog_error(cat, "APIG.2004", 9, text, NULL, &e);
    assert_string_equal(e.param + 120, "aa\xC3\xA9...");

    /* A long id is kept in the param array, after param's NUL: 126 bytes
     * for it, 61 x U+00E9 and the marker (the 62nd would leave no room for
     * it); 41 x U+4E00 and the marker. The message shows it whole. */
    text[0] = '\0';
    for (int i = 0; i < 200; i++)
        strcat(text, "\xC3\xA9");
    assert_int_equal(apig_catalog_error(cat, "APIG.3023", 9, NULL, text, &e), 0);
    snprintf(want, sizeof want, "The VPC channel does not exist,id:%.122s...", text);
    assert_string_equal(msg_of(&e), want);
    assert_int_equal(strlen(msg_of(&e)), strlen("The VPC channel does not exist,id:") + 125);
    assert_string_equal(e.param, "");
    assert_true(valid_utf8(msg_of(&e)));
    assert_encodes_whole(&e);
    text[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(text, "\xE4\xB8\x80");
    apig_catalog_error(cat, "APIG.3023", 9, NULL, text, &e);
    snprintf(want, sizeof want, "The VPC channel does not exist,id:%.123s...", text);
    assert_string_equal(msg_of(&e), want);
    assert_encodes_whole(&e);
}

/* apig_error_encode writes what apig_encode writes for the schema's error
 * body: its two keys are the schema's. */
static void test_error_encode_matches_schema(void **state)
{
    (void)state;
    const apig_catalog *cat = op->catalog;
    void *s = malloc(op->error_body->struct_size);
    apig_error e;
    for (uint32_t i = 0; i <= cat->entry_count; i++) {
        if (i < cat->entry_count) {
            const char *code = cat->entries[i].code;
            assert_int_equal(apig_catalog_error(cat, code, strlen(code), "ecs_name", "abc", &e), 0);
        } else {
            /* a message with every escape class (in its parameter) */
            assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9,
                                                "\"\\/\b\x01\x1f<>&\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80",
                                                NULL, &e), 0);
        }
        error_msg_struct(s, e.code, msg_of(&e));
        for (int k = 0; k < 4; k++) {
            char a[1024], b[1024];
            size_t na = apig_error_encode(&e, all_styles[k], a, sizeof a);
            size_t nb = apig_encode(op->error_body, s, all_styles[k], b, sizeof b, NULL);
            assert_true(na < sizeof a);
            assert_text(a, na, b, nb);
        }
    }
    free(s);

    assert_int_equal(apig_error_encode(NULL, 0, NULL, 0), APIG_ENCODE_INVALID);
    memset(&e, 0, sizeof e);
    char buf[8] = "xxxxxxx";
    assert_int_equal(apig_error_encode(&e, 0, buf, sizeof buf), APIG_ENCODE_INVALID);
    assert_string_equal(buf, "xxxxxxx");
    /* No message or struct: refused, with the error cleared (not left as
     * garbage a caller would go on to encode). */
    memset(&e, 0x41, sizeof e);
    assert_int_equal(apig_encode(NULL, &e, 0, buf, sizeof buf, &e), APIG_ENCODE_INVALID);
    assert_null(e.code);
    assert_string_equal(buf, ""); /* as a refusal leaves it: no output */
    assert_string_equal(buf + 1, "xxxxxx");
    strcpy(buf, "xxxxxxx");
    assert_int_equal(apig_encode(&vpcm_error_msg_desc, NULL, 0, buf, 0, &e), APIG_ENCODE_INVALID);
    assert_string_equal(buf, "xxxxxxx"); /* cap 0: nothing written */
    assert_int_equal(apig_error_encode(&e, 0, buf, sizeof buf), APIG_ENCODE_INVALID);
    assert_string_equal(buf, "xxxxxxx");
    /* An error that names no catalog has no error body to be written in. */
    assert_int_equal(apig_catalog_error(cat, "APIG.9999", 9, NULL, NULL, &e), 0);
    assert_ptr_equal(e.catalog, cat);
    e.catalog = NULL;
    assert_int_equal(apig_error_encode(&e, 0, buf, sizeof buf), APIG_ENCODE_INVALID);
    assert_string_equal(buf, "xxxxxxx");
    /* Nor one whose code its catalog does not have: it has no message. A
     * copy of the code (another pointer) is found all the same. */
    assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, "weight", NULL, &e), 0);
    char code[16];
    strcpy(code, "APIG.2004");
    e.code = code;
    e.entry = 0;
    assert_string_equal(msg_of(&e), "The parameter value is outside the allowable range,"
                                     "parameterName:weight. Please refer to the support "
                                     "documentation");
    strcpy(code, "APIG.0000");
    assert_string_equal(msg_of(&e), "");
    assert_int_equal(apig_error_encode(&e, 0, buf, sizeof buf), APIG_ENCODE_INVALID);
    assert_string_equal(buf, "xxxxxxx");

    /* bytes that are not UTF-8 (an id from the command line) become U+FFFD */
    assert_int_equal(apig_catalog_error(cat, "APIG.3023", 9, NULL, "a\xff" "b\xE4\xB8", &e), 0);
    char out[256];
    apig_error_encode(&e, APIG_STYLE_COMPACT, out, sizeof out);
    assert_string_equal(out, "{\"error_code\":\"APIG.3023\",\"error_msg\":\"The VPC channel does not "
                             "exist,id:a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"}");
    apig_error_encode(&e, APIG_STYLE_ASCII, out, sizeof out);
    assert_string_equal(out, "{\"error_code\":\"APIG.3023\",\"error_msg\":\"The VPC channel does not "
                             "exist,id:a\\uFFFDb\\uFFFD\\uFFFD\"}");
}

/* The error body's message is escaped as one text, although it is worded
 * in pieces and escaped a window at a time: every character, wherever the
 * pieces and windows fall, is judged whole; so is a sequence a hand-made
 * catalog splits between its text and its format, or leaves unfinished. */
static void expect_error_body(const apig_error *e)
{
    char msg[MSG_OF_BYTES], quoted[6 * MSG_OF_BYTES], want[8 * MSG_OF_BYTES];
    size_t len = apig_error_message(e, msg, sizeof msg);
    assert_true(len < sizeof msg);
    for (int k = 0; k < 4; k++) {
        apig__out q = {quoted, sizeof quoted, 0};
        apig__json_string(&q, msg, len, all_styles[k]);
        assert_true(apig__out_finish(&q) < sizeof quoted);
        const bool pretty = (all_styles[k] & APIG_STYLE_PRETTY) != 0;
        snprintf(want, sizeof want,
                 pretty ? "{\n  \"error_code\" : \"%s\",\n  \"error_msg\" : %s\n}"
                        : "{\"error_code\":\"%s\",\"error_msg\":%s}",
                 e->code, quoted);
        char got[8 * MSG_OF_BYTES];
        size_t n = apig_error_encode(e, all_styles[k], got, sizeof got);
        assert_true(n < sizeof got);
        assert_string_equal(got, want);
        assert_int_equal(n, strlen(want));
        assert_int_equal(apig_error_encode(e, all_styles[k], NULL, 0), n);
    }
}

static void test_error_encode_escapes_the_whole_message(void **state)
{
    (void)state;
    const apig_catalog *cat = op->catalog;
    apig_error e;
    /* Every escape class at every offset against the 16-byte windows. */
    for (size_t k = 0; k < 70; k++) {
        char param[128];
        memset(param, 'a', k % 40);
        strcpy(param + k % 40, "\xF0\x9F\x98\x80\"\xE4\xB8\xAD\x01\\\xC3\xA9\x1f");
        if (k >= 40)
            strcat(param, "\xE4\xB8\xAD\xE4\xB8\xAD\xF0\x9F\x98\x80");
        assert_int_equal(apig_catalog_error(cat, "APIG.2004", 9, param, NULL, &e), 0);
        expect_error_body(&e);
    }
    /* A hand-made catalog with bytes that are not UTF-8: a sequence begun
     * in the catalog text and ended in the format, one left unfinished at
     * the end, and a stray continuation byte; and a caller's id the same. */
    static const apig_catalog_entry odd[] = {
        {"X.1", 400, "begun \xE4\xB8", APIG_DECORATE_PARAM},
        {"X.2", 404, "stray \x80 and \xF0\x9F", APIG_DECORATE_ID},
    };
    apig_catalog hand = *cat;
    hand.entries = odd;
    hand.entry_count = 2;
    hand.param_format = "{message}\xAD ended,{param}:\xC3";
    hand.id_format = "{message}\x98\x80 id {id}";
    for (size_t pad = 0; pad < 40; pad++) {
        char text[64];
        memset(text, 'p', pad);
        text[pad] = '\0';
        assert_int_equal(apig_catalog_error(&hand, "X.1", 3, text[0] ? text : "q", NULL, &e), 0);
        expect_error_body(&e);
        strcat(text, "\xE4\xB8");
        assert_int_equal(apig_catalog_error(&hand, "X.2", 3, NULL, text, &e), 0);
        expect_error_body(&e);
    }
}

/* Messages are worded at any length now, but the bundled catalog's stay
 * small: at most 108 bytes besides the parameter (APIG_CFG_PARAM_BYTES - 1),
 * as error.h says, so an error body always fits
 * VPCM_ERROR_MSG_ENCODED_MAX (error_msg takes 512 characters). */
static void test_bundled_messages_are_bounded(void **state)
{
    (void)state;
    const apig_catalog *cat = op->catalog;
    char big[400];
    memset(big, 'p', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    size_t longest = 0;
    apig_error e;
    char body[VPCM_ERROR_MSG_ENCODED_MAX + 1];
#define MEASURE()                                                                             \
    do {                                                                                      \
        size_t n_ = apig_error_message(&e, NULL, 0);                                          \
        longest = n_ > longest ? n_ : longest;                                                \
        for (int k_ = 0; k_ < 4; k_++)                                                        \
            assert_true(apig_error_encode(&e, all_styles[k_], body, sizeof body) < sizeof body); \
    } while (0)
    for (uint32_t i = 0; i < cat->entry_count; i++) {
        const char *code = cat->entries[i].code;
        assert_int_equal(apig_catalog_error(cat, code, strlen(code), big, big, &e), 0);
        MEASURE();
    }
    for (int k = 1; k < APIG_ERROR_KIND_COUNT; k++) {
        apig__errors list = {&e, 1, 0};
        apig__errors_add_place(&list, cat, NULL, (apig_error_kind)k, big, strlen(big), NULL,
                               big, strlen(big), -1, 0, NULL);
        MEASURE();
        for (int st = 0; st <= APIG_JSON_STATUS_COUNT; st++) {
            list.count = 0;
            apig__errors_add_at(&list, cat, (apig_error_kind)k, 0, UINT32_MAX, UINT32_MAX,
                                st < APIG_JSON_STATUS_COUNT
                                    ? apig_json_status_text((apig_json_status)st)
                                    : NULL);
            MEASURE();
        }
    }
#undef MEASURE
    assert_int_equal(longest, 108 + APIG_CFG_PARAM_BYTES - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_examples),
        cmocka_unit_test(test_compact_exact),
        cmocka_unit_test(test_order_absent_empty),
        cmocka_unit_test(test_string_escaping),
        cmocka_unit_test(test_integers_and_objects),
        cmocka_unit_test(test_integer_digits),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_invalid_refused),
        cmocka_unit_test(test_roundtrip_generated),
        cmocka_unit_test(test_roundtrip_full_request),
        cmocka_unit_test(test_worst_case_bound),
        cmocka_unit_test(test_catalog_error),
        cmocka_unit_test(test_catalog_error_cuts_between_characters),
        cmocka_unit_test(test_error_encode_matches_schema),
        cmocka_unit_test(test_error_encode_escapes_the_whole_message),
        cmocka_unit_test(test_bundled_messages_are_bounded),
    };
    return cmocka_run_group_tests_name("encode", tests, NULL, NULL);
}
