/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: apig_encode on arbitrary struct contents. Whatever the struct
 * holds, the encoder never reads or writes out of bounds, keeps the buffer
 * contract (fuzz_buffer.h) for every buffer size, and either refuses the
 * struct with a complete error or writes JSON that decodes, in the same
 * mode, to the same struct (same_message), which encodes to the same bytes.
 *
 * Input layout (every read past the end gives 0):
 *   byte 0   the message: index into every apig_message reachable from the
 *            bundled operations (path, query, request, response and error
 *            body, their nested messages, and each one's as_service
 *            variant), in the order make_table finds them (0-10), then
 *            from the operations of tests/schemas/typed.yaml (booleans,
 *            objects, arrays of strings) and service.yaml (x-as-service on
 *            every kind of field)
 *   byte 1   the style: bit 0 PRETTY, bit 1 ASCII, bit 2 APIG_AS_SERVICE
 *   byte 2   the byte every struct byte starts as (what the walk below
 *            does not set - absent fields, items past the count, bytes
 *            after a string's NUL - keeps it: the encoder must not read it)
 *   then     the struct, field by field in declaration order (fill_message):
 *            a control byte C per field: bit 0 is has_<name>; when set,
 *            the value follows (bits 1-3 say how it is made: fill_text,
 *            fill_integer), and C's bit 7 asks for a value the encoder
 *            must refuse (an array count over its capacity, an inline string
 *            without its NUL, a view {NULL, len > 0}, a bool that is
 *            neither 0 nor 1) - see fill_value.
 * The view build of the tables (fuzz_encode_view) gets views into the
 * input itself: their bytes are the input's, exactly as long.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "typed.h"   /* tests/schemas: the types the bundled schema lacks */
#include "service.h" /* tests/schemas: every x-as-service override */
#include "fuzz_buffer.h"
#include "fuzz_checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the messages ----------------------------------------------------------- */

/* The most apig_encode writes for each generated message (its variant:
 * the same bound). */
static const struct {
    const apig_message *msg;
    size_t bound;
} bounds[] = {
    {&vpcm_vpc_member_create_desc, VPCM_VPC_MEMBER_CREATE_ENCODED_MAX},
    {&vpcm_member_info_desc, VPCM_MEMBER_INFO_ENCODED_MAX},
    {&vpcm_vpc_member_page_desc, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX},
    {&vpcm_vpc_member_info_desc, VPCM_VPC_MEMBER_INFO_ENCODED_MAX},
    {&vpcm_error_msg_desc, VPCM_ERROR_MSG_ENCODED_MAX},
    {&vpcm_add_backend_instances_v2_path_desc, VPCM_ADD_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX},
    {&vpcm_list_backend_instances_v2_path_desc, VPCM_LIST_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX},
    {&vpcm_list_backend_instances_v2_query_desc, VPCM_LIST_BACKEND_INSTANCES_V2_QUERY_ENCODED_MAX},
    {&vpcm_delete_backend_instance_v2_path_desc, VPCM_DELETE_BACKEND_INSTANCE_V2_PATH_ENCODED_MAX},
    {&typed_thing_desc, TYPED_THING_ENCODED_MAX},
    {&typed_inner_desc, TYPED_INNER_ENCODED_MAX},
    {&typed_leaf_desc, TYPED_LEAF_ENCODED_MAX},
    {&typed_problem_desc, TYPED_PROBLEM_ENCODED_MAX},
    {&typed_send_path_desc, TYPED_SEND_PATH_ENCODED_MAX},
    {&svc_thing_desc, SVC_THING_ENCODED_MAX},
    {&svc_inner_desc, SVC_INNER_ENCODED_MAX},
    {&svc_plain_desc, SVC_PLAIN_ENCODED_MAX},
    {&svc_problem_desc, SVC_PROBLEM_ENCODED_MAX},
    {&svc_put_thing_path_desc, SVC_PUT_THING_PATH_ENCODED_MAX},
};

#define MESSAGES_MAX 64
static struct {
    const apig_message *msg;
    size_t bound; /* 0: unknown */
} messages[MESSAGES_MAX];
static size_t message_count;
static size_t struct_max;

static size_t bound_of(const apig_message *m)
{
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
        if (bounds[i].msg == m)
            return bounds[i].bound;
    return 0;
}

static void add_message(const apig_message *m, size_t bound)
{
    if (!m)
        return;
    if (!bound)
        bound = bound_of(m);
    for (size_t i = 0; i < message_count; i++) {
        if (messages[i].msg == m) {
            if (!messages[i].bound)
                messages[i].bound = bound;
            return;
        }
    }
    if (message_count == MESSAGES_MAX)
        abort(); /* the schema grew: raise MESSAGES_MAX */
    messages[message_count].msg = m;
    messages[message_count].bound = bound;
    message_count++;
    if (m->struct_size > struct_max)
        struct_max = m->struct_size;
    for (uint32_t k = 0; k < m->field_count; k++)
        add_message(m->fields[k].message, 0);
    add_message(m->as_service, bound);
}

/* The bundled schema first (its messages keep their indexes whatever
 * follows), then the test schemas. */
static const apig_schema *const schemas[] = {&vpcm_schema, &typed_schema, &svc_schema};

static void make_table(void)
{
    for (size_t k = 0; k < sizeof schemas / sizeof schemas[0]; k++) {
        const apig_schema *sc = schemas[k];
        for (uint32_t i = 0; i < sc->operation_count; i++) {
            const apig_operation *op = sc->operations[i];
            add_message(op->path, 0);
            add_message(op->query, 0);
            add_message(op->request, 0);
            add_message(op->response, 0);
            add_message(op->error_body, 0);
        }
        add_message(sc->error_body, 0);
        add_message(sc->catalog->error_body, 0);
    }
}

/* ---- filling a struct from the input ------------------------------------------ */

typedef struct fill {
    const uint8_t *p;
    size_t n;
    bool refused; /* something the encoder must refuse was planted */
} fill;

static uint8_t take(fill *f)
{
    if (f->n == 0)
        return 0;
    f->n--;
    return *f->p++;
}

/* Up to `want` bytes of the input, in place. */
static const uint8_t *take_span(fill *f, size_t want, size_t *got)
{
    const uint8_t *at = f->p;
    *got = want < f->n ? want : f->n;
    f->p += *got;
    f->n -= *got;
    return at;
}

/* Texts the rules look for, which raw bytes rarely are. */
static const char *const samples[] = {
    "192.168.0.1", "::1", "::ffff:1.2.3.4", "fe80::1%eth0", "256.1.1.1", "01.2.3.4",
    "2020-07-23T09:13:24Z", "2020-07-23T09:13:24.859893549+08:00", "2020-02-30T00:00:00Z",
    "2016-12-31T23:59:60Z", "2020-07-23t09:13:24z", "APIG.2004", "instance", "ip", "ecs",
    "name,member_group_name", "name,", "a", "", "\xe4\xb8\xad", "\xf0\x9f\x98\x80",
    "\xed\xa0\x80", "\xc0\x80", "\x7f", "\"\\\x01\t", "ecs-id_01"};

/* Characters whose repetition makes the longest texts: 1 to 4 bytes, and
 * 1 to 12 bytes written (escapes, surrogate pairs). */
static const char *const units[] = {"a", "\x01", "\"", "\\", "\xc3\xa9", "\xe4\xb8\xad",
                                    "\xf0\x9f\x98\x80", "\x7f"};

/* Texts made for views, freed when the run ends. */
#define MADE_MAX 4096
static char *made[MADE_MAX];
static size_t made_count;

static void free_made(void)
{
    while (made_count > 0)
        free(made[--made_count]);
}

/* Mode 6: a character (the next byte picks one of `units`) repeated as
 * often as the next byte says: around max_length (from two under to two
 * over), or (bit 7) 0 to 127 times. Inline: as many as fit. */
static void repeat_text(fill *f, const apig_field *rules, unsigned char *p)
{
    const char *unit = units[take(f) % (sizeof units / sizeof units[0])];
    const size_t unit_len = strlen(unit);
    const uint8_t b = take(f);
    size_t base = rules->max_length ? rules->max_length : 8;
    size_t count = b & 0x80 ? (size_t)(b & 0x7F) : base + b % 5 - (base < 2 ? base : 2);
    if (rules->storage == APIG_STORAGE_VIEW) {
        apig_string v = {NULL, 0};
        char *text = made_count < MADE_MAX ? malloc(count * unit_len + 1) : NULL;
        if (text) {
            made[made_count++] = text;
            for (size_t i = 0; i < count; i++)
                memcpy(text + i * unit_len, unit, unit_len);
            v.ptr = text;
            v.len = count * unit_len;
        }
        memcpy(p, &v, sizeof v);
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < count && len + unit_len < rules->capacity; i++, len += unit_len)
        memcpy(p + len, unit, unit_len);
    p[len] = '\0';
}

/* A text for string rules `rules`: raw input bytes (a length byte, or two
 * for mode 1, then the bytes), or a sample: an enum value, the default, or
 * one of `samples` (mode 4), or a sample and raw bytes after it (mode 5),
 * or a character repeated (mode 6, repeat_text). Inline: at most
 * capacity - 1 bytes, NUL-terminated; with `bad`, the whole array without
 * a NUL. View: into the input (raw), the sample or a text made; with
 * `bad`, {NULL, len > 0}. */
static void fill_text(fill *f, const apig_field *rules, unsigned char *p, uint8_t c)
{
    const bool bad = (c & 0x80) != 0;
    const unsigned mode = (c >> 1) & 7;
    const char *sample = NULL;
    if (mode == 6 && !bad) {
        repeat_text(f, rules, p);
        return;
    }
    if (mode == 4 || mode == 5) {
        size_t i = take(f);
        if (i < rules->enum_count)
            sample = rules->enum_values[i];
        else if (i == rules->enum_count && rules->default_string)
            sample = rules->default_string;
        else
            sample = samples[i % (sizeof samples / sizeof samples[0])];
    }
    size_t want = 0, got = 0;
    const uint8_t *raw = NULL;
    if (mode != 4) {
        want = take(f);
        if (mode == 1)
            want |= (size_t)take(f) << 8;
        raw = take_span(f, want, &got);
    }

    if (rules->storage == APIG_STORAGE_VIEW) {
        apig_string v;
        if (bad) {
            v.ptr = NULL;
            v.len = 1 + want;
            f->refused = true;
        } else if (sample && raw && got) {
            /* both: the raw bytes only (a view has one place); the sample
             * alone otherwise */
            v.ptr = (const char *)raw;
            v.len = got;
        } else if (sample) {
            v.ptr = sample;
            v.len = strlen(sample);
        } else {
            /* an empty raw view: {NULL, 0} or a pointer and 0 */
            v.ptr = got || (c & 0x10) ? (const char *)raw : NULL;
            v.len = got;
        }
        memcpy(p, &v, sizeof v);
        return;
    }

    size_t cap = rules->capacity;
    if (cap == 0)
        abort(); /* an inline string always has room for its NUL */
    if (bad) {
        for (size_t i = 0; i < cap; i++)
            p[i] = i < got && raw[i] ? raw[i] : 'x';
        f->refused = true;
        return;
    }
    size_t len = 0;
    if (sample) {
        size_t s = strlen(sample);
        len = s < cap - 1 ? s : cap - 1;
        memcpy(p, sample, len);
    }
    size_t more = got < cap - 1 - len ? got : cap - 1 - len;
    if (more)
        memcpy(p + len, raw, more);
    p[len + more] = '\0';
}

static int64_t type_min(const apig_field *fd)
{
    return fd->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
}
static int64_t type_max(const apig_field *fd)
{
    return fd->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
}

/* An integer: a small one (mode 0), raw bytes (1, 3), or a bound of the
 * rules or the type, give or take one (2). */
static void fill_integer(fill *f, const apig_field *fd, unsigned char *p, uint8_t c)
{
    int64_t v = 0;
    const size_t width = fd->type == APIG_TYPE_INT32 ? 4 : 8;
    switch ((c >> 1) & 3) {
    case 0:
        v = (int8_t)take(f);
        break;
    case 2: {
        uint8_t b = take(f);
        int64_t base;
        switch (b & 3) {
        case 0: base = fd->has_minimum ? fd->minimum : type_min(fd); break;
        case 1: base = fd->has_maximum ? fd->maximum : type_max(fd); break;
        case 2: base = type_min(fd); break;
        default: base = type_max(fd); break;
        }
        int delta = (int)((b >> 2) % 3) - 1;
        /* around the bound, in the type's width (wrapping is fine: any
         * value is a value) */
        v = (int64_t)((uint64_t)base + (uint64_t)(int64_t)delta);
        break;
    }
    default: {
        uint64_t u = 0;
        for (size_t i = 0; i < width; i++)
            u |= (uint64_t)take(f) << (8 * i);
        v = (int64_t)u;
        break;
    }
    }
    if (width == 4) {
        int32_t x = (int32_t)(uint32_t)(uint64_t)v;
        memcpy(p, &x, sizeof x);
    } else {
        memcpy(p, &v, sizeof v);
    }
}

static void fill_message(fill *f, const apig_message *m, unsigned char *s);

/* The value of present field `fd` of struct s; C is its control byte. */
static void fill_value(fill *f, const apig_field *fd, unsigned char *s, uint8_t c)
{
    unsigned char *v = s + fd->offset;
    switch ((apig_type)fd->type) {
    case APIG_TYPE_STRING:
        fill_text(f, fd, v, c);
        break;
    case APIG_TYPE_INT32:
    case APIG_TYPE_INT64:
        fill_integer(f, fd, v, c);
        break;
    case APIG_TYPE_BOOL: {
        uint8_t b = take(f);
        if ((c & 0x80) && (b & 0xFE)) {
            /* bytes that are no bool: refused (apig_validate compares
             * them, never reads them as a bool) */
            memcpy(v, &b, 1);
            f->refused = true;
        } else {
            bool x = (b & 1) != 0;
            memcpy(v, &x, sizeof x);
        }
        break;
    }
    case APIG_TYPE_OBJECT:
        fill_message(f, fd->message, v);
        break;
    case APIG_TYPE_ARRAY: {
        uint8_t b = take(f);
        uint32_t count = (uint32_t)(b % ((uint64_t)fd->capacity + 1));
        if (c & 0x80) {
            /* over the capacity, by 1 + b, or as far as it goes */
            count = b == 0xFF ? UINT32_MAX : fd->capacity + 1u + b;
            f->refused = true;
        }
        memcpy(s + fd->count_offset, &count, sizeof count);
        uint32_t n = count < fd->capacity ? count : fd->capacity;
        for (uint32_t i = 0; i < n; i++) {
            unsigned char *item = v + (size_t)i * fd->item_size;
            if (fd->item)
                fill_text(f, fd->item, item, take(f));
            else
                fill_message(f, fd->message, item);
        }
        break;
    }
    default:
        abort(); /* a type this target does not know */
    }
}

static void fill_message(fill *f, const apig_message *m, unsigned char *s)
{
    for (uint32_t k = 0; k < m->field_count; k++) {
        const apig_field *fd = &m->fields[k];
        uint8_t c = take(f);
        bool has = (c & 1) != 0;
        memcpy(s + fd->has_offset, &has, sizeof has);
        if (has)
            fill_value(f, fd, s, c);
    }
}

/* ---- the oracle: two structs that hold the same message ------------------------------ */

/* The text of string value p, per `rules` (inline: up to the NUL; a view:
 * its bytes, none for {NULL, 0}). */
static void text_of(const apig_field *rules, const unsigned char *p, const char **t, size_t *len)
{
    if (rules->storage == APIG_STORAGE_VIEW) {
        apig_string v;
        memcpy(&v, p, sizeof v);
        *t = v.ptr ? v.ptr : "";
        *len = v.len;
    } else {
        const char *nul = memchr(p, '\0', rules->capacity);
        *t = (const char *)p;
        *len = nul ? (size_t)(nul - *t) : rules->capacity;
    }
}

static bool same_text(const apig_field *rules, const unsigned char *a, const unsigned char *b)
{
    const char *ta, *tb;
    size_t la, lb;
    text_of(rules, a, &ta, &la);
    text_of(rules, b, &tb, &lb);
    return la == lb && memcmp(ta, tb, la) == 0;
}

/* Whether a and b, structs of m, hold the same message: the same fields
 * present, with the same values (strings by their text, booleans by their
 * truth, arrays up to their counts). What decoding what apig wrote must
 * give back; independent of the library's own walk. */
static bool same_message(const apig_message *m, const unsigned char *a, const unsigned char *b)
{
    for (uint32_t k = 0; k < m->field_count; k++) {
        const apig_field *fd = &m->fields[k];
        bool ha, hb;
        memcpy(&ha, a + fd->has_offset, sizeof ha);
        memcpy(&hb, b + fd->has_offset, sizeof hb);
        if (ha != hb)
            return false;
        if (!ha)
            continue;
        const unsigned char *va = a + fd->offset, *vb = b + fd->offset;
        switch ((apig_type)fd->type) {
        case APIG_TYPE_STRING:
            if (!same_text(fd, va, vb))
                return false;
            break;
        case APIG_TYPE_INT32:
        case APIG_TYPE_INT64:
            if (memcmp(va, vb, fd->type == APIG_TYPE_INT32 ? 4 : 8) != 0)
                return false;
            break;
        case APIG_TYPE_BOOL:
            /* a written struct holds 0 or 1 (fill_value plants nothing
             * else in one that is written) */
            if (*va != *vb)
                return false;
            break;
        case APIG_TYPE_OBJECT:
            if (!same_message(fd->message, va, vb))
                return false;
            break;
        case APIG_TYPE_ARRAY: {
            uint32_t na, nb;
            memcpy(&na, a + fd->count_offset, sizeof na);
            memcpy(&nb, b + fd->count_offset, sizeof nb);
            if (na != nb || na > fd->capacity)
                return false;
            for (uint32_t i = 0; i < na; i++) {
                const unsigned char *ia = va + (size_t)i * fd->item_size;
                const unsigned char *ib = vb + (size_t)i * fd->item_size;
                if (fd->item ? !same_text(fd->item, ia, ib) : !same_message(fd->message, ia, ib))
                    return false;
            }
            break;
        }
        default:
            return false;
        }
    }
    return true;
}

/* ---- the writers ------------------------------------------------------------------ */

typedef struct encoding {
    const apig_message *msg;
    const void *in;
    unsigned style;
} encoding;

static size_t write_encoding(const void *ctx, char *buf, size_t cap)
{
    const encoding *e = ctx;
    apig_error error;
    return apig_encode(e->msg, e->in, e->style, buf, cap, &error);
}

static void fail(const char *what, const apig_message *msg, unsigned style, const apig_error *e,
                 const char *text, size_t len)
{
    char message[1024];
    fprintf(stderr, "fuzz_encode: %s: %s, style 0x%x\n", what, msg->name, style);
    if (e) {
        apig_error_message(e, message, sizeof message);
        fprintf(stderr, "  error %s at \"%s\": %s\n", e->code ? e->code : "(none)", e->path,
                message);
    }
    if (text)
        fprintf(stderr, "  output (%zu bytes): %.*s\n", len, (int)(len < 2000 ? len : 2000), text);
    abort();
}

static unsigned char *first, *again;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (message_count == 0) {
        make_table();
        first = malloc(struct_max);
        again = malloc(struct_max);
        if (!first || !again)
            abort();
        /* misuse: refused, with the error cleared, the buffer as a
         * refusal leaves it (an empty string; nothing past cap) */
        apig_error e;
        char buf[8];
        for (int k = 0; k < 2; k++) {
            memset(&e, 0x5A, sizeof e);
            memcpy(buf, "unset", 6);
            if (apig_encode(k ? NULL : messages[0].msg, k ? first : NULL, 0, buf, 4, &e) !=
                    APIG_ENCODE_INVALID ||
                e.code != NULL || buf[0] != '\0' || strcmp(buf + 4, "t") != 0) {
                fprintf(stderr, "fuzz_encode: apig_encode with a NULL %s\n", k ? "msg" : "in");
                abort();
            }
        }
    }
    fill f = {data, size, false};
    const size_t index = take(&f) % message_count;
    const apig_message *msg = messages[index].msg;
    const uint8_t sb = take(&f);
    const unsigned style = (sb & 1 ? APIG_STYLE_PRETTY : 0) | (sb & 2 ? APIG_STYLE_ASCII : 0) |
                           (sb & 4 ? APIG_AS_SERVICE : 0);
    const uint8_t junk = take(&f);
    memset(first, junk, msg->struct_size);
    fill_message(&f, msg, first);

    apig_error error;
    memset(&error, 0, sizeof error);
    const size_t len = apig_encode(msg, first, style, NULL, 0, &error);
    encoding enc = {msg, first, style};

    /* The encoder's verdict is apig_validate's, in the style's mode. */
    apig_error verror;
    apig_decoder vd;
    apig_decoder_init(&vd, NULL, 0, &verror, 1);
    vd.options = style & APIG_AS_SERVICE;
    const size_t verrors = apig_validate(&vd, msg, first);

    if (len == APIG_ENCODE_INVALID) {
        check_error(&error);
        /* error.h: with the bundled catalog, at most 108 bytes plus
         * APIG_CFG_PARAM_BYTES - 1 */
        if (error.catalog == vpcm_schema.catalog &&
            apig_error_message(&error, NULL, 0) > 108 + APIG_CFG_PARAM_BYTES - 1)
            fail("a message over error.h's bound", msg, style, &error, NULL, 0);
        if (verrors == 0 || verror.code != error.code || strcmp(verror.path, error.path) != 0 ||
            strcmp(verror.param, error.param) != 0)
            fail("apig_encode's error is not apig_validate's", msg, style, &error, NULL, 0);
        fuzz_check_writes(write_encoding, &enc, fuzz_emptied, len);
        free_made();
        return 0;
    }
    if (f.refused)
        fail("a struct that must be refused was written", msg, style, NULL, NULL, 0);
    if (verrors != 0)
        fail("apig_validate refuses what apig_encode writes", msg, style, &verror, NULL, 0);
    if (messages[index].bound && len > messages[index].bound)
        fail("the output is over the generated <MSG>_ENCODED_MAX", msg, style, NULL, NULL, 0);

    char *full = malloc(len + 1);
    if (!full)
        abort();
    if (apig_encode(msg, first, style, full, len + 1, &error) != len || full[len] != '\0' ||
        memchr(full, '\0', len) != NULL)
        fail("the complete output is not one C string of the measured length", msg, style, NULL,
             full, len);
    fuzz_check_writes(write_encoding, &enc, full, len);

    /* What a mode writes, it reads: decode in the same mode (refusing
     * unknown fields: it writes none), with tokens enough for any text of
     * this length (every token but a lone scalar takes two bytes or more: a
     * container opens and closes, a scalar is followed by a separator or a
     * closing bracket) and an arena of its length (for views with
     * escapes); and in place, in a copy. */
    const size_t token_cap = len / 2 + 2;
    apig_token *tokens = malloc(token_cap * sizeof *tokens);
    char *arena = malloc(len + 1);
    char *copy = malloc(len + 1);
    char *twice = malloc(len + 1);
    apig_error derrors[4];
    if (!tokens || !arena || !copy || !twice)
        abort();
    apig_decoder d;
    apig_decoder_init(&d, tokens, token_cap, derrors, 4);
    d.options = (style & APIG_AS_SERVICE) | APIG_OPT_REJECT_UNKNOWN;
    d.arena = arena;
    d.arena_cap = len + 1;
    for (int in_place = 0; in_place < 2; in_place++) {
        memset(again, junk ^ (in_place ? 0xA5 : 0x5A), msg->struct_size);
        memcpy(copy, full, len + 1);
        size_t n = in_place ? apig_decode_in_place(&d, msg, copy, len, again)
                            : apig_decode(&d, msg, full, len, again);
        if (n != 0)
            fail(in_place ? "the output does not decode in place" : "the output does not decode",
                 msg, style, &derrors[0], full, len);
        /* ... to the struct it was written from */
        if (!same_message(msg, first, again))
            fail("the output decodes to another struct", msg, style, NULL, full, len);
        /* ... and the struct it reads writes the same bytes */
        if (apig_encode(msg, again, style, twice, len + 1, &error) != len ||
            memcmp(twice, full, len) != 0)
            fail("the decoded output does not encode to the same bytes", msg, style, &error,
                 full, len);
    }

    /* Every style writes the same data: what a style wrote (decoded in
     * `again`) is compact what the struct is compact; and a message
     * without rules of its own as the service writes is written alike in
     * both modes. */
    const unsigned compact = style & APIG_AS_SERVICE;
    size_t clen = apig_encode(msg, first, compact, NULL, 0, NULL);
    if (clen == APIG_ENCODE_INVALID || clen > len)
        fail("the compact output is refused or longer", msg, compact, NULL, NULL, 0);
    char *c1 = malloc(clen + 1), *c2 = malloc(clen + 1);
    if (!c1 || !c2)
        abort();
    if (apig_encode(msg, first, compact, c1, clen + 1, NULL) != clen ||
        apig_encode(msg, again, compact, c2, clen + 1, NULL) != clen || memcmp(c1, c2, clen) != 0)
        fail("a style's output holds other data than the compact one", msg, style, NULL, full,
             len);
    if (!msg->as_service &&
        (apig_encode(msg, first, style ^ APIG_AS_SERVICE, twice, len + 1, NULL) != len ||
         memcmp(twice, full, len) != 0))
        fail("a message without a variant is written differently in the other mode", msg,
             style, NULL, full, len);
    free(c2);
    free(c1);
    free(twice);
    free(copy);
    free(arena);
    free(tokens);
    free(full);
    free_made();
    return 0;
}
