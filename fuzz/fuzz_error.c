/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: error formatting. Catalog errors built from arbitrary codes,
 * parameters and ids (apig_catalog_error), and errors filled by hand with
 * arbitrary parts, worded (apig_error_message) and written as the
 * service's error body (apig_error_encode, every style): the buffer
 * contract (fuzz_buffer.h) for every buffer size; the message as an oracle
 * words it from the catalog's formats; the body is JSON that decodes as
 * the schema's error body, with the code and the message. Also
 * apig_methods_text on arbitrary bits and apig_offset_to_line_column on
 * arbitrary offsets, each against an oracle.
 *
 * Input layout (every read past the end gives 0; "text" is a length byte,
 * or two little-endian for the long ones, then that many bytes, cut at the
 * input's end):
 *   byte 0       flags: bits 0-1 how the code is made (0: a catalog entry's,
 *                by the next byte; 1: an entry's code changed as the next
 *                two bytes say; 2: a text; 3: "APIG." and four digits from
 *                the next four bytes); bit 2: no parameter (NULL); bit 3: no
 *                id (NULL); bit 4: no catalog (NULL); bit 5: long parameter
 *                and id (two length bytes, up to 600); bits 6-7: the style
 *                whose body is written with every buffer size
 *   then         the code as bits 0-1 say, the parameter text, the id text
 *   4 bytes      apig_methods_text's bits
 *   1 byte       offset_to_line_column: bit 0 text NULL; bits 1-7 the
 *                length given, over 127 (for 127: the rest of the input);
 *   8 bytes      its offset (little-endian)
 *   the rest     an error by hand (hand_error)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "fuzz_buffer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static uint8_t take(reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static uint64_t take_le(reader *r, size_t bytes)
{
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; i++)
        v |= (uint64_t)take(r) << (8 * i);
    return v;
}

/* A text of up to `max` bytes, as a C string in its own allocation (it
 * ends at a NUL of the input, if any, like every C string). */
static char *take_text(reader *r, bool long_len, size_t max)
{
    size_t want = long_len ? (size_t)take_le(r, 2) % (max + 1) : take(r);
    size_t got = want < r->n ? want : r->n;
    char *s = malloc(got + 1);
    if (!s)
        abort();
    memcpy(s, r->p, got);
    s[got] = '\0';
    r->p += got;
    r->n -= got;
    return s;
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "fuzz_error: " __VA_ARGS__);                                               \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

/* ---- oracles ------------------------------------------------------------------------ */

/* A growing text. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void text_put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *more = realloc(t->s, cap);
        if (!more)
            abort();
        t->s = more;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_cstr(text *t, const char *s)
{
    text_put(t, s, strlen(s));
}

/* Length of the C string in char array s[0..size) (all of it without a NUL). */
static size_t array_text_len(const char *s, size_t size)
{
    const char *nul = memchr(s, '\0', size);
    return nul ? (size_t)(nul - s) : size;
}

/* The catalog entry an error's code names, as apig_error.entry documents it:
 * entries[entry] when its code is that very pointer, else the entry with
 * the same text; NULL when the error holds none. */
static const apig_catalog_entry *entry_named(const apig_error *e)
{
    const apig_catalog *c = e->catalog;
    if (!c || !e->code)
        return NULL;
    if (e->entry < c->entry_count && c->entries[e->entry].code == e->code)
        return &c->entries[e->entry];
    for (uint32_t i = 0; i < c->entry_count; i++)
        if (strcmp(c->entries[i].code, e->code) == 0)
            return &c->entries[i];
    return NULL;
}

/* The message of `e` as error.h words it: the format of its decoration
 * (the catalog message alone for any other) with {message}, {param}, {id}
 * and {detail} filled in; any other text, an unknown {...} included, as it
 * stands. */
static void expected_message(const apig_error *e, const apig_catalog_entry *entry, text *out)
{
    const apig_catalog *c = e->catalog;
    const char *format = NULL;
    switch (e->decoration) {
    case APIG_DECORATE_PARAM: format = c->param_format; break;
    case APIG_DECORATE_ID: format = c->id_format; break;
    case APIG_DECORATE_DETAIL: format = c->detail_format; break;
    default: break;
    }
    if (!format)
        format = "{message}";
    size_t param_len = array_text_len(e->param, sizeof e->param);
    const char *id = "";
    size_t id_len = 0;
    if (param_len + 1 < sizeof e->param) {
        id = e->param + param_len + 1;
        id_len = array_text_len(id, sizeof e->param - param_len - 1);
    }
    for (const char *f = format; *f;) {
        if (strncmp(f, "{message}", 9) == 0) {
            text_cstr(out, entry->message);
            f += 9;
        } else if (strncmp(f, "{param}", 7) == 0) {
            text_put(out, e->param, param_len);
            f += 7;
        } else if (strncmp(f, "{id}", 4) == 0) {
            text_put(out, id, id_len);
            f += 4;
        } else if (strncmp(f, "{detail}", 8) == 0) {
            if (e->detail)
                text_cstr(out, e->detail);
            if (e->line) {
                char at[64];
                snprintf(at, sizeof at, " at line %lu, column %lu", (unsigned long)e->line,
                         (unsigned long)e->column);
                text_cstr(out, at);
            }
            f += 8;
        } else {
            text_put(out, f, 1);
            f++;
        }
    }
}

/* Text as JSON carries it: every byte that is not well-formed UTF-8 is
 * U+FFFD (apig_encode's rule for caller text). Returns its characters. */
static size_t as_json_text(const char *s, size_t len, text *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++) {
        size_t n = fuzz_utf8_len(u + i, len - i);
        if (n == 0) {
            text_put(out, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            text_put(out, s + i, n);
            i += n;
        }
    }
    return chars;
}

/* Stored text `got` (a C string) is `want` (a C string) cut to fit `limit`
 * bytes: whole if it fits, else a prefix that ends between two characters
 * followed by "...", at least limit - 3 bytes long (a character is at most
 * 4 bytes). */
static void check_cut(const char *what, const char *want, const char *got, size_t limit)
{
    size_t w = strlen(want), g = strlen(got);
    if (w <= limit) {
        if (strcmp(want, got) != 0)
            FAIL("%s: \"%s\" is stored as \"%s\"", what, want, got);
        return;
    }
    if (g > limit || g + 3 < limit || g < 3 || memcmp(got + g - 3, "...", 3) != 0 ||
        memcmp(got, want, g - 3) != 0)
        FAIL("%s: %zu bytes cut to fit %zu as \"%s\"", what, w, limit, got);
    /* the cut is between two characters as apig reads them */
    const unsigned char *u = (const unsigned char *)want;
    size_t i = 0;
    while (i < g - 3) {
        size_t n = fuzz_utf8_len(u + i, w - i);
        i += n ? n : 1;
    }
    if (i != g - 3)
        FAIL("%s: cut inside a character at %zu", what, g - 3);
}

/* ---- the writers ---------------------------------------------------------------------- */

typedef struct styled {
    const apig_error *e;
    unsigned style;
} styled;

static size_t write_message(const void *ctx, char *buf, size_t cap)
{
    return apig_error_message(((const styled *)ctx)->e, buf, cap);
}

static size_t write_body(const void *ctx, char *buf, size_t cap)
{
    const styled *s = ctx;
    return apig_error_encode(s->e, s->style, buf, cap);
}

static size_t write_methods(const void *ctx, char *buf, size_t cap)
{
    return apig_methods_text(*(const unsigned *)ctx, buf, cap);
}

/* The text of string field f of struct s (inline or a view). */
static void field_text(const apig_field *f, const unsigned char *s, const char **t, size_t *len)
{
    const unsigned char *p = s + f->offset;
    if (f->storage == APIG_STORAGE_VIEW) {
        apig_string v;
        memcpy(&v, p, sizeof v);
        *t = v.ptr ? v.ptr : "";
        *len = v.len;
    } else {
        *t = (const char *)p;
        *len = array_text_len(*t, f->capacity);
    }
}

static const unsigned styles[] = {
    APIG_STYLE_COMPACT,
    APIG_STYLE_PRETTY,
    APIG_STYLE_ASCII,
    APIG_STYLE_PRETTY | APIG_STYLE_ASCII,
    APIG_AS_SERVICE,
    APIG_AS_SERVICE | APIG_STYLE_PRETTY | APIG_STYLE_ASCII,
};

/*
 * Every check of an error's message and body. `e` holds an error iff
 * `entry` is not NULL. With one, the message is the oracle's, and each
 * body is JSON that decodes as the catalog's error body (when its message
 * is within that body's rules) with the error's code and message. Every
 * buffer size up to FUZZ_ALL_CAPS is tried for the message and for the
 * body in styles[every]; the other styles' bodies get the sizes around 0,
 * the middle and the length (each run fewer writes; each style all of them
 * on some inputs).
 */
static void check_words(const apig_error *e, const apig_catalog_entry *entry, unsigned every)
{
    styled s = {e, 0};
    size_t len = apig_error_message(e, NULL, 0);
    if (!entry) {
        if (len != 0)
            FAIL("an error that holds none has a message of %zu bytes", len);
        fuzz_check_writes(write_message, &s, "", 0);
        for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
            s.style = styles[k];
            if (apig_error_encode(e, styles[k], NULL, 0) != APIG_ENCODE_INVALID)
                FAIL("an error that holds none is written");
            fuzz_check_writes_of(write_body, &s, fuzz_untouched, APIG_ENCODE_INVALID, k == every);
        }
        return;
    }

    text want = {0};
    text_put(&want, "", 0);
    expected_message(e, entry, &want);
    char *message = malloc(len + 1);
    if (!message)
        abort();
    if (apig_error_message(e, message, len + 1) != len || strcmp(message, want.s) != 0 ||
        want.len != len)
        FAIL("the message is \"%s\", not \"%s\"", message, want.s);
    fuzz_check_writes(write_message, &s, message, len);

    /* the message as the body carries it, and whether the error body's
     * rules take it */
    const apig_catalog *c = e->catalog;
    const apig_message *body_msg = c->error_body;
    const apig_field *code_field = &body_msg->fields[c->error_code_field];
    const apig_field *msg_field = &body_msg->fields[c->error_message_field];
    text json = {0};
    text_put(&json, "", 0);
    size_t chars = as_json_text(message, len, &json);
    const bool fits = (!msg_field->max_length || chars <= msg_field->max_length) &&
                      (msg_field->capacity == 0 || json.len < msg_field->capacity);

    unsigned char *decoded = malloc(body_msg->struct_size);
    if (!decoded)
        abort();
    for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
        s.style = styles[k];
        size_t blen = apig_error_encode(e, styles[k], NULL, 0);
        if (blen == APIG_ENCODE_INVALID)
            FAIL("an error with code %s is not written", e->code);
        char *body = malloc(blen + 1);
        if (!body)
            abort();
        if (apig_error_encode(e, styles[k], body, blen + 1) != blen || body[blen] != '\0' ||
            memchr(body, '\0', blen) != NULL)
            FAIL("the body is not one C string of the measured length");
        fuzz_check_writes_of(write_body, &s, body, blen, k == every);

        const size_t token_cap = blen / 2 + 2;
        apig_token *tokens = malloc(token_cap * sizeof *tokens);
        if (!tokens)
            abort();
        apig_json_result r = apig_json_parse(body, blen, tokens, token_cap, NULL, 0);
        if (r.status != APIG_JSON_OK)
            FAIL("the body is not JSON (%s at %zu): %s", apig_json_status_text(r.status), r.offset,
                 body);
        if (fits) {
            apig_error derr;
            apig_decoder d;
            apig_decoder_init(&d, tokens, token_cap, &derr, 1);
            d.options = styles[k] & APIG_AS_SERVICE;
            memset(decoded, 0xA5, body_msg->struct_size);
            if (apig_decode(&d, body_msg, body, blen, decoded) != 0) {
                char m[512];
                apig_error_message(&derr, m, sizeof m);
                FAIL("the body does not decode as %s: %s at %s: %s\n%s", body_msg->name,
                     derr.code, derr.path, m, body);
            }
            const char *t;
            size_t tlen;
            field_text(code_field, decoded, &t, &tlen);
            if (tlen != strlen(e->code) || memcmp(t, e->code, tlen) != 0)
                FAIL("the body's code is \"%.*s\", not %s", (int)tlen, t, e->code);
            field_text(msg_field, decoded, &t, &tlen);
            if (tlen != json.len || memcmp(t, json.s, tlen) != 0)
                FAIL("the body's message is \"%.*s\", not \"%s\"", (int)tlen, t, json.s);
        }
        free(tokens);
        free(body);
    }
    free(decoded);
    free(json.s);
    free(want.s);
    free(message);
}

/* ---- catalog errors --------------------------------------------------------------------- */

static void catalog_error(reader *r, uint8_t flags)
{
    const apig_catalog *catalog = (flags & 0x10) ? NULL : vpcm_schema.catalog;
    const apig_catalog *entries = vpcm_schema.catalog;
    const bool long_texts = (flags & 0x20) != 0;

    /* the code, in an allocation of exactly its length */
    char made[16];
    const char *src = NULL;
    size_t code_len = 0;
    char *garbage = NULL;
    switch (flags & 3) {
    case 0:
        src = entries->entries[take(r) % entries->entry_count].code;
        code_len = strlen(src);
        break;
    case 1: {
        const char *base = entries->entries[take(r) % entries->entry_count].code;
        uint8_t how = take(r);
        size_t n = strlen(base);
        memcpy(made, base, n);
        switch (how & 3) {
        case 0: n -= 1 + (how >> 2) % n; break;            /* shorter */
        case 1: made[n++] = (char)(how >> 2); break;       /* longer */
        case 2: made[(how >> 2) % n] ^= 1; break;          /* one bit off */
        default: made[(how >> 2) % n] = (char)(how >> 2); break;
        }
        src = made;
        code_len = n;
        break;
    }
    case 2:
        garbage = take_text(r, false, 255);
        src = garbage;
        code_len = strlen(garbage) + (take(r) & 1); /* and sometimes its NUL */
        break;
    default:
        memcpy(made, "APIG.", 5);
        for (size_t i = 0; i < 4; i++)
            made[5 + i] = (char)('0' + take(r) % 10);
        src = made;
        code_len = 9;
        break;
    }
    char *code = malloc(code_len ? code_len : 1);
    if (!code)
        abort();
    memcpy(code, src, code_len);
    free(garbage);

    char *param = take_text(r, long_texts, 600);
    char *id = take_text(r, long_texts, 600);
    const char *param_arg = (flags & 0x04) ? NULL : param;
    const char *id_arg = (flags & 0x08) ? NULL : id;

    /* the oracle: which entry the code names */
    const apig_catalog_entry *entry = NULL;
    uint32_t index = 0;
    for (uint32_t i = 0; catalog && i < catalog->entry_count; i++) {
        if (strlen(catalog->entries[i].code) == code_len &&
            memcmp(catalog->entries[i].code, code, code_len) == 0) {
            entry = &catalog->entries[i];
            index = i;
            break;
        }
    }

    apig_error e, before;
    memset(&e, 0x5A, sizeof e);
    before = e;
    int rc = apig_catalog_error(catalog, code, code_len, param_arg, id_arg, &e);
    if (!entry) {
        if (rc != -1 || memcmp(&e, &before, sizeof e) != 0)
            FAIL("unknown code \"%.*s\": %d, or the error changed", (int)code_len, code, rc);
        goto done;
    }
    if (rc != 0)
        FAIL("known code %s refused", entry->code);

    /* what it holds */
    const bool has_param = param_arg && *param_arg, has_id = id_arg && *id_arg;
    unsigned decoration = entry->decoration;
    if ((decoration == APIG_DECORATE_PARAM && !has_param) ||
        (decoration == APIG_DECORATE_ID && !has_id) || decoration == APIG_DECORATE_DETAIL)
        decoration = APIG_DECORATE_NONE;
    if (e.catalog != catalog || strcmp(e.code, entry->code) != 0 || e.status != entry->status ||
        e.entry != index || e.decoration != decoration || e.offset != 0 || e.line != 0 ||
        e.column != 0 || e.path[0] != '\0' || !e.detail ||
        memchr(e.param, '\0', sizeof e.param) == NULL)
        FAIL("catalog error %s is not filled as documented", entry->code);
    if (e.kind != APIG_ERROR_NONE ? catalog->kind_entry[e.kind] != index
                                  : strcmp(e.detail, entry->message) != 0)
        FAIL("catalog error %s has kind %d", entry->code, (int)e.kind);
    for (int k = APIG_ERROR_NONE + 1; k < (int)e.kind; k++)
        if (catalog->kind_entry[k] == index)
            FAIL("catalog error %s: kind %d is not the first one mapped to it", entry->code,
                 (int)e.kind);
    if (e.kind == APIG_ERROR_NONE)
        for (int k = APIG_ERROR_NONE + 1; k < APIG_ERROR_KIND_COUNT; k++)
            if (catalog->kind_entry[k] == index)
                FAIL("catalog error %s has no kind, but kind %d maps to it", entry->code, k);
    const size_t param_len = strlen(e.param);
    if (decoration == APIG_DECORATE_PARAM)
        check_cut("param", param_arg, e.param, sizeof e.param - 1);
    else if (param_len != 0)
        FAIL("catalog error %s shows a parameter \"%s\"", entry->code, e.param);
    if (decoration == APIG_DECORATE_ID)
        check_cut("id", id_arg, e.param + 1, sizeof e.param - 2);
    /* error.h's bound: with the bundled catalog, a message is at most 108
     * bytes plus APIG_CFG_PARAM_BYTES - 1; its body within the error
     * body's generated bound */
    size_t mlen = apig_error_message(&e, NULL, 0);
    if (mlen > 108 + APIG_CFG_PARAM_BYTES - 1)
        FAIL("catalog error %s: a message of %zu bytes", entry->code, mlen);
    for (unsigned st = 0; st < 4; st++)
        if (apig_error_encode(&e, st, NULL, 0) > VPCM_ERROR_MSG_ENCODED_MAX)
            FAIL("catalog error %s: a body over VPCM_ERROR_MSG_ENCODED_MAX", entry->code);
    check_words(&e, entry, flags >> 6);
done:
    free(id);
    free(param);
    free(code);
}

/* ---- an error filled by hand -------------------------------------------------------------- */

/*
 * An apig_error as a caller may fill one: a catalog or none; a code that is
 * NULL, an entry's own pointer, a copy of an entry's code (maybe changed),
 * or a text; any entry index, decoration, kind, status, offset, line and
 * column; a detail that is NULL, a kind's text or a text; param and path
 * arrays of any bytes, with or without a NUL.
 *   byte   the style whose body is written with every buffer size
 *   byte   bits 0-1 the catalog (0: none); bits 2-3 the code; bits 4-5 the
 *          detail; bit 6 param without a NUL; bit 7 path without a NUL
 *   byte   the entry (the code's, for the two codes from an entry)
 *   then   entry, decoration, kind bytes; status, line, column (4 bytes
 *          each, line and column then cut to the next byte's bits);
 *          the code and detail texts (as needed); the param and path bytes
 */
static void hand_error(reader *r)
{
    const apig_catalog *cat = vpcm_schema.catalog;
    unsigned every = take(r) % (sizeof styles / sizeof styles[0]);
    uint8_t how = take(r);
    uint8_t which = take(r);
    apig_error e;
    memset(&e, 0, sizeof e);
    e.catalog = (how & 3) ? cat : NULL;
    e.entry = take(r);
    e.decoration = take(r);
    e.kind = (apig_error_kind)(take(r) % APIG_ERROR_KIND_COUNT);
    e.status = (int)(uint32_t)take_le(r, 4);
    e.offset = (size_t)take_le(r, 4);
    uint32_t line = (uint32_t)take_le(r, 4), column = (uint32_t)take_le(r, 4);
    uint8_t small = take(r);
    e.line = small & 1 ? line : (small & 2 ? small >> 2 : 0);
    e.column = small & 1 ? column : (uint32_t)(small >> 4);

    char copy[32];
    char *code_text = NULL, *detail_text = NULL;
    const char *entry_code = cat->entries[which % cat->entry_count].code;
    switch ((how >> 2) & 3) {
    case 0: e.code = NULL; break;
    case 1: e.code = entry_code; break;
    case 2: {
        size_t n = strlen(entry_code);
        memcpy(copy, entry_code, n + 1);
        uint8_t change = take(r);
        if (change & 1)
            copy[(change >> 1) % n] ^= (char)(change >> 5 ? change >> 5 : 1);
        e.code = copy;
        break;
    }
    default:
        code_text = take_text(r, false, 255);
        e.code = code_text;
        break;
    }
    switch ((how >> 4) & 3) {
    case 0: e.detail = NULL; break;
    case 1: e.detail = apig_error_kind_text(e.kind); break;
    case 2: e.detail = apig_json_status_text((apig_json_status)(which % APIG_JSON_STATUS_COUNT)); break;
    default:
        detail_text = take_text(r, true, 600);
        e.detail = detail_text;
        break;
    }
    /* the arrays: bytes up to a NUL, or (bit 6, bit 7) every byte not NUL */
    size_t n = take(r) % (sizeof e.param + 1);
    for (size_t i = 0; i < sizeof e.param; i++) {
        uint8_t b = i < n ? take(r) : 0;
        if (how & 0x40)
            b = b ? b : 'p';
        e.param[i] = (char)b;
    }
    n = take(r) % (sizeof e.path + 1);
    for (size_t i = 0; i < sizeof e.path; i++) {
        uint8_t b = i < n ? take(r) : 0;
        if (how & 0x80)
            b = b ? b : 'q';
        e.path[i] = (char)b;
    }
    check_words(&e, entry_named(&e), every);
    free(detail_text);
    free(code_text);
}

/* ---- the rest of the API --------------------------------------------------------------- */

static void methods(reader *r)
{
    static const char *const names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    static const unsigned bits[] = {APIG_METHOD_GET,    APIG_METHOD_POST,   APIG_METHOD_PUT,
                                    APIG_METHOD_PATCH,  APIG_METHOD_DELETE, APIG_METHOD_HEAD,
                                    APIG_METHOD_OPTIONS};
    unsigned allowed = (unsigned)take_le(r, 4);
    char want[64] = "";
    for (size_t i = 0; i < 7; i++) {
        if (!(allowed & bits[i]))
            continue;
        if (want[0])
            strcat(want, ", ");
        strcat(want, names[i]);
    }
    size_t len = apig_methods_text(allowed, NULL, 0);
    if (len != strlen(want))
        FAIL("methods 0x%x: %zu bytes, not \"%s\"", allowed, len, want);
    fuzz_check_writes(write_methods, &allowed, want, len);
}

static void line_column(reader *r)
{
    uint8_t how = take(r);
    uint64_t offset = take_le(r, 8);
    const char *t = (how & 1) ? NULL : (const char *)r->p;
    size_t len = how >> 1;
    if (t && (len > r->n || len == 127))
        len = r->n; /* a text: within the input */
    if (!t && len == 127)
        len = SIZE_MAX;
    if (how & 0x80 && !t)
        len = (size_t)offset ^ 0x5555; /* NULL: any length */
    if (offset > UINT32_MAX && (offset & 1))
        offset &= 0xFF; /* mostly offsets near the text */
    size_t want_line = 1, want_col = 1;
    size_t end = t ? (offset < len ? (size_t)offset : len) : 0;
    for (size_t i = 0; i < end; i++) {
        if (t[i] == '\n')
            want_line++, want_col = 1;
        else
            want_col++;
    }
    size_t line = 0, col = 0;
    apig_offset_to_line_column(t, len, (size_t)offset, &line, &col);
    if (line != want_line || col != want_col)
        FAIL("offset %llu of %zu bytes: line %zu, column %zu, not %zu, %zu",
             (unsigned long long)offset, len, line, col, want_line, want_col);
    apig_offset_to_line_column(t, len, (size_t)offset, NULL, &col);
    apig_offset_to_line_column(t, len, (size_t)offset, &line, NULL);
    apig_offset_to_line_column(t, len, (size_t)offset, NULL, NULL);
    if (line != want_line || col != want_col)
        FAIL("offset %llu: NULL outputs change the answer", (unsigned long long)offset);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, size};
    const uint8_t flags = take(&r);
    catalog_error(&r, flags);
    methods(&r);
    line_column(&r);
    hand_error(&r);
    return 0;
}
