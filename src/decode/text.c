/* SPDX-License-Identifier: MIT */
/* The hot loops of decoding: one pass over a string's bytes (unescape,
 * UTF-8, character count, character set, store), and the "absent" state
 * of a fresh struct. (Integer literals: apig__parse_integer, core.) */
#include <string.h>

#include "decode.h"

#ifndef APIG_CFG_SMALL_CODE
/* Each byte's value as a hex digit, or -1: one load a digit where \u
 * escapes are many (text that is all escapes costs per escape). The fast
 * form of apig__hex_value, built from the same definition
 * (APIG__HEX_VALUE, core/hex.h). */
#define HEX1(b) APIG__HEX_VALUE(b)
#define HEX4(b) HEX1(b), HEX1((b) + 1), HEX1((b) + 2), HEX1((b) + 3)
#define HEX16(b) HEX4(b), HEX4((b) + 4), HEX4((b) + 8), HEX4((b) + 12)
#define HEX64(b) HEX16(b), HEX16((b) + 16), HEX16((b) + 32), HEX16((b) + 48)
static const signed char hex_digit[256] = {HEX64(0), HEX64(64), HEX64(128), HEX64(192)};
#undef HEX64
#undef HEX16
#undef HEX4
#undef HEX1

/* Four hex digits at s[0..4) (the caller checked there are 4 bytes). */
static int32_t hex4(const unsigned char *s)
{
    int32_t a = hex_digit[s[0]], b = hex_digit[s[1]], c = hex_digit[s[2]], d = hex_digit[s[3]];
    if ((a | b | c | d) < 0)
        return -1;
    return a << 12 | b << 8 | c << 4 | d;
}
#else
/* Flash over speed: no table. */
static int32_t hex4(const unsigned char *s)
{
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int d = apig__hex_value(s[k]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}
#endif

static void fail(apig__scan *r, apig_json_status status, size_t at)
{
    r->syntax = status;
    r->syntax_at = at;
}

/* The steps of apig__scan_text, inlined into its loop (in
 * APIG_CFG_SMALL_CODE builds the compiler chooses). */
#if !defined(APIG_CFG_SMALL_CODE) && (defined(__GNUC__) || defined(__clang__))
#define TEXT_STEP static inline __attribute__((always_inline))
#else
#define TEXT_STEP static inline
#endif

/* Where scan_text stores the decoded text: out[0..room), then the NUL.
 * Once a character does not fit (`overflow`), nothing more is stored, so
 * that out holds the longest whole-character prefix. */
typedef struct text_sink {
    char *out;
    size_t room;     /* content bytes out holds */
    size_t w;        /* content bytes stored */
    bool overflow;
} text_sink;

/* Stores a run of ASCII, bytes[0..n): as much as fits (a run cut anywhere
 * ends between characters). out may lie inside the raw text, before what
 * it copies: a forward copy is safe. */
TEXT_STEP void sink_run(text_sink *k, const unsigned char *bytes, size_t n)
{
    if (k->overflow)
        return;
    size_t fits = k->room - k->w >= n ? n : k->room - k->w;
    /* short runs (between escapes) without a library call */
    if (fits >= 32) {
        memmove(k->out + k->w, bytes, fits);
    } else {
        for (size_t j = 0; j < fits; j++)
            k->out[k->w + j] = (char)bytes[j];
    }
    k->w += fits;
    k->overflow = fits < n;
}

/* Stores one character, bytes[0..n) (1 to 4 bytes, forward as above):
 * whole, or not at all. */
TEXT_STEP void sink_char(text_sink *k, const unsigned char *bytes, size_t n)
{
    if (k->overflow)
        return;
    if (k->room - k->w < n) {
        k->overflow = true;
        return;
    }
    for (size_t j = 0; j < n; j++)
        k->out[k->w + j] = (char)bytes[j];
    k->w += n;
}

/* The end of the run of plain characters at s[i..len) (ASCII of the set,
 * not a control character, in JSON not a backslash): eight bytes per test
 * while eight remain. */
TEXT_STEP size_t plain_run(const unsigned char *s, size_t i, size_t len, const uint8_t *cls,
                           unsigned cmask)
{
    while (len - i >= 8 &&
           (cls[s[i]] & cls[s[i + 1]] & cls[s[i + 2]] & cls[s[i + 3]] & cls[s[i + 4]] &
            cls[s[i + 5]] & cls[s[i + 6]] & cls[s[i + 7]] & cmask))
        i += 8;
    while (i < len && (cls[s[i]] & cmask))
        i++;
    return i;
}

#ifndef APIG_CFG_SMALL_CODE
/* Whether ASCII character c belongs to the set whose ASCII bitmap is
 * `ascii` (apig__charset_has, for ASCII: U+0000 never does). */
TEXT_STEP bool set_holds_ascii(const uint64_t *ascii, uint32_t c)
{
    return c != 0 && (ascii[c >> 6] >> (c & 63) & 1u);
}

/* Escaped ASCII (\u0041), the usual way JSON writers hide a character: the
 * run of them at s[i..len) read and stored at a few loads each; returns
 * where the run ends (i itself when there is none: the general steps take
 * the rest, errors included). */
TEXT_STEP size_t escaped_ascii_run(const unsigned char *s, size_t i, size_t len,
                                   const uint8_t *cls, const uint64_t *ascii, text_sink *k,
                                   bool *bad)
{
    static const unsigned char escape[4] = {'\\', 'u', '0', '0'};
    uint32_t expect, head;
    memcpy(&expect, escape, sizeof expect);
    size_t limit = k->overflow ? k->w : k->room; /* stored while w < limit */
    for (; len - i >= 6; i += 6) {
        memcpy(&head, s + i, sizeof head);
        int hi = hex_digit[s[i + 4]], lo = hex_digit[s[i + 5]];
        if (head != expect || (hi | lo) < 0 || hi > 7)
            break;
        unsigned c = (unsigned)(hi << 4 | lo);
        /* the byte class knows the printable part of the set, the bitmap
         * the rest */
        if (!(cls[c] & APIG_BYTE_JSON_PLAIN) && !set_holds_ascii(ascii, c))
            *bad = true;
        if (k->w < limit)
            k->out[k->w++] = (char)c;
        else
            k->overflow = true;
    }
    return i;
}
#endif

/* The escape at s[i..len) (s[i] is the backslash): its code point in *cp
 * and its length (6 or 12 for \u escapes, a surrogate pair taking two) in
 * *used. Returns APIG_JSON_OK, or why it is not JSON, at *at. */
TEXT_STEP apig_json_status read_escape(const unsigned char *s, size_t i, size_t len,
                                       uint32_t *cp, size_t *used, size_t *at)
{
    *at = i;
    *used = 2;
    if (i + 1 >= len)
        return APIG_JSON_BAD_ESCAPE;
    switch (s[i + 1]) {
    case '"': *cp = '"'; return APIG_JSON_OK;
    case '\\': *cp = '\\'; return APIG_JSON_OK;
    case '/': *cp = '/'; return APIG_JSON_OK;
    case 'b': *cp = '\b'; return APIG_JSON_OK;
    case 'f': *cp = '\f'; return APIG_JSON_OK;
    case 'n': *cp = '\n'; return APIG_JSON_OK;
    case 'r': *cp = '\r'; return APIG_JSON_OK;
    case 't': *cp = '\t'; return APIG_JSON_OK;
    case 'u': break;
    default: return APIG_JSON_BAD_ESCAPE;
    }
    int32_t u = i + 6 <= len ? hex4(s + i + 2) : -1;
    if (u < 0)
        return APIG_JSON_BAD_ESCAPE;
    if (u >= 0xDC00 && u <= 0xDFFF)
        return APIG_JSON_LONE_SURROGATE;
    *used = 6;
    *cp = (uint32_t)u;
    if (u < 0xD800 || u > 0xDBFF)
        return APIG_JSON_OK;
    bool pair = i + 12 <= len && s[i + 6] == '\\' && s[i + 7] == 'u';
    int32_t lo = pair ? hex4(s + i + 8) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF) {
        if (!(pair && lo < 0))
            return APIG_JSON_LONE_SURROGATE;
        *at = i + 6;
        return APIG_JSON_BAD_ESCAPE;
    }
    *cp = 0x10000u + (((uint32_t)u - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
    *used = 12;
    return APIG_JSON_OK;
}

void apig__scan_text(const char *raw, size_t len, bool json,
                     const apig_charset *cs, char *out, size_t out_cap,
                     apig__scan *r)
{
    const uint8_t *cls = cs ? cs->byte_class : apig__any_bytes;
    const unsigned cmask = json ? APIG_BYTE_JSON_PLAIN : APIG_BYTE_TEXT_PLAIN;
    const unsigned char *s = (const unsigned char *)raw;
#ifndef APIG_CFG_SMALL_CODE
    const uint64_t *ascii = apig__ascii_of(cs);
#endif
    /* Without an array nothing is stored: the sink overflows from the
     * start, and says so only when there is an array. */
    if (out && out_cap == 0)
        out = NULL; /* no room even for the NUL: check and count only */
    text_sink k = {out, out ? out_cap - 1 : 0, 0, out == NULL};
    size_t chars = 0;
    bool bad = false;

    r->syntax = APIG_JSON_OK;
    r->syntax_at = 0;
    for (size_t i = 0; i < len;) {
        /* the common case: a run of plain characters, copied at once */
        size_t j = plain_run(s, i, len, cls, cmask);
        if (j > i) {
            chars += j - i;
            sink_run(&k, s + i, j - i);
            i = j;
            if (i >= len)
                break;
        }
#ifndef APIG_CFG_SMALL_CODE
        if (json && s[i] == '\\') {
            j = escaped_ascii_run(s, i, len, cls, ascii, &k, &bad);
            if (j > i) {
                chars += (j - i) / 6;
                i = j;
                continue;
            }
        }
#endif
        /* one character the general way */
        unsigned char c = s[i];
        uint32_t cp;
        size_t used;
        unsigned char enc[4];
        const unsigned char *bytes = s + i;
        if (c < 0x80 && (c != '\\' || !json)) {
            /* An ASCII character outside the set, or a control character:
             * not allowed raw in JSON; plain text (headers, paths) takes it
             * as a character outside any set. */
            if (c < 0x20 && json) {
                fail(r, APIG_JSON_CONTROL_CHAR, i);
                return;
            }
            cp = c;
            used = 1;
        } else if (c == '\\') {
            size_t at;
            apig_json_status st = read_escape(s, i, len, &cp, &used, &at);
            if (st != APIG_JSON_OK) {
                fail(r, st, at);
                return;
            }
            bytes = enc;
        } else {
            cp = apig__utf8_decode(s + i, len - i, &used);
            if (cp == APIG__UTF8_BAD) {
                if (json) {
                    fail(r, APIG_JSON_BAD_UTF8, i);
                    return;
                }
                /* Plain text: not a character of any set (the value is
                 * refused, so storing stops). */
                bad = true;
                chars++;
                i++;
                k.overflow = true;
                continue;
            }
        }
        i += used;
        chars++;
#ifndef APIG_CFG_SMALL_CODE
        if (cp < 0x80) {
            /* ASCII, raw or escaped (\n, \u0041): stored as it is */
            if (!set_holds_ascii(ascii, cp))
                bad = true;
            enc[0] = (unsigned char)cp;
            sink_char(&k, enc, 1);
            continue;
        }
#endif
        if (!apig__charset_has(cs, cp))
            bad = true;
        if (bytes == enc)
            used = apig__utf8_encode(cp, (char *)enc);
        sink_char(&k, bytes, used);
    }
    if (out)
        out[k.w] = '\0';
    /* Without an array, plain text's decoded bytes are its raw bytes (the
     * caller's format checks read them there); JSON text has none. */
    r->bytes = out ? k.w : (json ? 0 : len);
    r->chars = chars;
    r->overflow = out ? k.overflow : false;
    r->bad_char = bad;
}

void apig__init_field(const apig_field *f, void *s)
{
    *apig__has_ptr(f, s) = false;
    switch (f->type) {
    case APIG_TYPE_STRING:
        if (f->storage == APIG_STORAGE_VIEW) {
            const apig_string none = {NULL, 0};
            memcpy(apig__value_ptr(f, s), &none, sizeof none);
        } else {
            *(char *)apig__value_ptr(f, s) = '\0';
        }
        break;
    case APIG_TYPE_INT32:
        *(int32_t *)apig__value_ptr(f, s) = 0;
        break;
    case APIG_TYPE_INT64:
        *(int64_t *)apig__value_ptr(f, s) = 0;
        break;
    case APIG_TYPE_BOOL: {
        const bool no = false;
        memcpy(apig__value_ptr(f, s), &no, sizeof no);
        break;
    }
    case APIG_TYPE_ARRAY:
        *apig__count_ptr(f, s) = 0;
        break;
    case APIG_TYPE_OBJECT:
        /* Embedded structs nest as deep as the schema, no deeper. */
        apig__init_message(f->message, apig__value_ptr(f, s));
        break;
    default:
        break;
    }
}

void apig__init_message(const apig_message *msg, void *s)
{
    for (uint32_t i = 0; i < msg->field_count; i++)
        apig__init_field(&msg->fields[i], s);
}

apig_error_kind apig__string_verdict(const apig_field *f,
                                     const apig_context *ctx,
                                     const apig__scan *r, const char *text)
{
    if (r->bad_char)
        return APIG_ERROR_CHARSET;
    /* Overflow within the character limit means characters wider than the
     * array was sized for: a field with a format is sized for ASCII, so
     * such a value is not of the format rather than too long. */
    if (r->overflow)
        return f->format && f->max_length && r->chars <= f->max_length ? APIG_ERROR_FORMAT
                                                                        : APIG_ERROR_TOO_LONG;
    apig_error_kind kind = apig__check_counted(f, text, r->bytes, r->chars);
    if (kind != APIG_ERROR_NONE)
        return kind;
    if (!f->condition_count)
        return APIG_ERROR_NONE;
    apig_format extra = apig__context_format(f, ctx);
    if (extra != APIG_FORMAT_NONE && !apig__format_ok(extra, text, r->bytes))
        return APIG_ERROR_FORMAT;
    return APIG_ERROR_NONE;
}
