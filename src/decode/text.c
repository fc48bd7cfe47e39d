/* SPDX-License-Identifier: MIT */
/* The hot loops of decoding: one pass over a string's bytes (unescape,
 * UTF-8, character count, character set, store), integer literals without
 * overflow, and the "absent" state of a fresh struct. */
#include <string.h>

#include "decode.h"

#ifndef APIG_CFG_SMALL_CODE
/* Each byte's value as a hex digit, or -1: one load a digit where \u
 * escapes are many (text that is all escapes costs per escape). */
#define X16 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
static const signed char hex_digit[256] = {
    X16, X16, X16,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,          /* 0x30 */
    -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, /* 0x40 */
    X16,
    -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, /* 0x60 */
    X16, X16, X16, X16, X16, X16, X16, X16, X16, /* 0x70-0xFF */
};
#undef X16

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
    /* Without an array nothing is stored: `overflow` is set from the start
     * to skip the stores, and cleared at the end. */
    if (out && out_cap == 0)
        out = NULL; /* no room even for the NUL: check and count only */
    size_t room = out ? out_cap - 1 : 0; /* content bytes the array holds */
    size_t w = 0, chars = 0;
    bool overflow = out == NULL, bad = false;

    r->syntax = APIG_JSON_OK;
    r->syntax_at = 0;
    for (size_t i = 0; i < len;) {
        /* The common case: a run of plain characters (ASCII of the set, not
         * a control character, in JSON not a backslash), copied at once;
         * eight bytes per test while eight remain. */
        size_t j = i;
        while (len - j >= 8 &&
               (cls[s[j]] & cls[s[j + 1]] & cls[s[j + 2]] & cls[s[j + 3]] & cls[s[j + 4]] &
                cls[s[j + 5]] & cls[s[j + 6]] & cls[s[j + 7]] & cmask))
            j += 8;
        while (j < len && (cls[s[j]] & cmask))
            j++;
        if (j > i) {
            size_t run = j - i;
            chars += run;
            if (!overflow) {
                /* ASCII: a run cut anywhere ends between characters, so
                 * what does not fit still leaves the longest prefix. */
                size_t fits = room - w >= run ? run : room - w;
                /* out may lie inside raw, before i: a forward copy is safe;
                 * short runs (between escapes) without a library call */
                if (fits >= 32) {
                    memmove(out + w, s + i, fits);
                } else {
                    for (size_t k = 0; k < fits; k++)
                        out[w + k] = (char)s[i + k];
                }
                w += fits;
                overflow = fits < run;
            }
            i = j;
            if (i >= len)
                break;
        }
#ifndef APIG_CFG_SMALL_CODE
        /* Escaped ASCII (\u0041), the usual way JSON writers hide a
         * character: a run of them read here, at a few loads each; the
         * rest (errors included) by the general steps below. */
        if (json && s[i] == '\\') {
            static const unsigned char escape[4] = {'\\', 'u', '0', '0'};
            uint32_t expect, head;
            memcpy(&expect, escape, sizeof expect);
            size_t from = i, limit = overflow ? w : room; /* stored while w < limit */
            for (; len - i >= 6; i += 6) {
                memcpy(&head, s + i, sizeof head);
                int hi = hex_digit[s[i + 4]], lo = hex_digit[s[i + 5]];
                if (head != expect || (hi | lo) < 0 || hi > 7)
                    break;
                unsigned cp = (unsigned)(hi << 4 | lo);
                /* apig__charset_has, for ASCII: the byte class knows the
                 * printable part of the set, the bitmap the rest */
                if (!(cls[cp] & APIG_BYTE_JSON_PLAIN) &&
                    (cp == 0 || !(ascii[cp >> 6] >> (cp & 63) & 1u)))
                    bad = true;
                if (w < limit)
                    out[w++] = (char)cp;
                else
                    overflow = true;
            }
            chars += (i - from) / 6;
            if (i > from)
                continue;
        }
#endif

        unsigned char c = s[i];
        uint32_t cp;
        size_t used;
        char enc[4];
        const char *bytes;
        size_t n;
        if (c < 0x80 && (c != '\\' || !json)) {
            /* An ASCII character outside the set, or a control character:
             * not allowed raw in JSON; plain text (headers, paths) takes it
             * as a character outside any set. */
            if (c < 0x20 && json) {
                fail(r, APIG_JSON_CONTROL_CHAR, i);
                return;
            }
            cp = c;
            bytes = (const char *)s + i;
            n = 1;
            i++;
        } else if (c == '\\') {
            if (i + 1 >= len) {
                fail(r, APIG_JSON_BAD_ESCAPE, i);
                return;
            }
            size_t at = i;
            switch (s[i + 1]) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u': {
                int32_t u = i + 6 <= len ? hex4(s + i + 2) : -1;
                if (u < 0) {
                    fail(r, APIG_JSON_BAD_ESCAPE, at);
                    return;
                }
                if (u >= 0xDC00 && u <= 0xDFFF) {
                    fail(r, APIG_JSON_LONE_SURROGATE, at);
                    return;
                }
                if (u >= 0xD800 && u <= 0xDBFF) {
                    bool pair = i + 12 <= len && s[i + 6] == '\\' && s[i + 7] == 'u';
                    int32_t lo = pair ? hex4(s + i + 8) : -1;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        if (pair && lo < 0)
                            fail(r, APIG_JSON_BAD_ESCAPE, at + 6);
                        else
                            fail(r, APIG_JSON_LONE_SURROGATE, at);
                        return;
                    }
                    cp = 0x10000u + (((uint32_t)u - 0xD800u) << 10) + ((uint32_t)lo - 0xDC00u);
                    i += 6; /* the low half; the +6 below covers the high one */
                } else {
                    cp = (uint32_t)u;
                }
                i += 4; /* the hex digits; the +2 below covers "\u" */
                break;
            }
            default:
                fail(r, APIG_JSON_BAD_ESCAPE, at);
                return;
            }
            i += 2;
#ifndef APIG_CFG_SMALL_CODE
            if (cp < 0x80) {
                /* an escaped ASCII character (\u0041, \n): stored as it is */
                if (cp == 0 || !(ascii[cp >> 6] >> (cp & 63) & 1u))
                    bad = true; /* apig__charset_has, for ASCII */
                if (!overflow) {
                    if (room > w)
                        out[w++] = (char)cp;
                    else
                        overflow = true;
                }
                chars++;
                continue;
            }
#endif
            n = apig__utf8_encode(cp, enc);
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
                overflow = true;
                continue;
            }
            bytes = (const char *)s + i;
            n = used;
            i += used;
        }
        if (!apig__charset_has(cs, cp))
            bad = true;
        if (!overflow) {
            if (room - w >= n) {
                for (size_t k = 0; k < n; k++) /* 1..4 bytes, forward: see above */
                    out[w + k] = bytes[k];
                w += n;
            } else {
                overflow = true;
            }
        }
        chars++;
    }
    if (out)
        out[w] = '\0';
    /* Without an array, plain text's decoded bytes are its raw bytes (the
     * caller's format checks read them there); JSON text has none. */
    r->bytes = out ? w : (json ? 0 : len);
    r->chars = chars;
    r->overflow = out ? overflow : false;
    r->bad_char = bad;
}

apig_error_kind apig__parse_integer(const char *s, size_t len, int64_t *value)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && s[i] == '-') {
        negative = true;
        i++;
    }
    if (i >= len)
        return APIG_ERROR_NOT_INTEGER; /* not a number at all */
    uint64_t magnitude = 0;
    if (len - i <= 19) {
        /* Up to 19 digits stay below 10^19 < UINT64_MAX: no overflow test,
         * and any non-digit (a fraction or exponent included) refuses. */
        for (; i < len; i++) {
            unsigned d = (unsigned)(s[i] - '0');
            if (d > 9)
                return APIG_ERROR_NOT_INTEGER;
            magnitude = magnitude * 10 + d;
        }
    }
    for (size_t k = i; k < len; k++)
        if (s[k] == '.' || s[k] == 'e' || s[k] == 'E')
            return APIG_ERROR_NOT_INTEGER;
    for (; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d > 9)
            return APIG_ERROR_NOT_INTEGER;
        /* magnitude * 10 + d > UINT64_MAX, without a 64-bit division */
        if (magnitude > UINT64_MAX / 10 || (magnitude == UINT64_MAX / 10 && d > UINT64_MAX % 10))
            return APIG_ERROR_RANGE;
        magnitude = magnitude * 10 + d;
    }
    if (negative) {
        if (magnitude > (uint64_t)INT64_MAX + 1u)
            return APIG_ERROR_RANGE;
        *value = magnitude == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)magnitude;
    } else {
        if (magnitude > (uint64_t)INT64_MAX)
            return APIG_ERROR_RANGE;
        *value = (int64_t)magnitude;
    }
    return APIG_ERROR_NONE;
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
    apig_error_kind kind = apig__check_length(f, r->chars);
    if (kind != APIG_ERROR_NONE)
        return kind;
    if (f->format && !apig__format_ok((apig_format)f->format, text, r->bytes))
        return APIG_ERROR_FORMAT;
    if (f->enum_count && (kind = apig__check_enum(f, text, r->bytes)) != APIG_ERROR_NONE)
        return kind;
    if (!f->condition_count)
        return APIG_ERROR_NONE;
    apig_format extra = apig__context_format(f, ctx);
    if (extra != APIG_FORMAT_NONE && !apig__format_ok(extra, text, r->bytes))
        return APIG_ERROR_FORMAT;
    return APIG_ERROR_NONE;
}
