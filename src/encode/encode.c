/* SPDX-License-Identifier: MIT */
/*
 * The encoder: a validated struct -> JSON in the caller's buffer.
 *
 * It walks the descriptor tables (encode_order, fields, nested messages) and
 * knows no field of any operation. The struct is validated first with the
 * very rules the decoder applies (apig_validate), so whatever apig writes
 * it also accepts; an invalid struct is refused before a byte is written.
 * Then one pass over the struct writes through the bounded writer
 * (apig__out), which counts past the end of the buffer like snprintf.
 * No heap, no stdio, no mutable static state.
 */
#include <string.h>

#include "encode.h"

/* ---- strings ------------------------------------------------------------ */

static const char hex_digits[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
                                    '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

static void put_u16_escape(apig__out *o, uint32_t unit)
{
    char esc[6] = {'\\', 'u', hex_digits[(unit >> 12) & 0xF],
                   hex_digits[(unit >> 8) & 0xF], hex_digits[(unit >> 4) & 0xF],
                   hex_digits[unit & 0xF]};
    apig__out_bytes(o, esc, sizeof esc);
}

/* Writes code point cp (not ASCII) as \uXXXX, or a surrogate pair. */
static void put_cp_escape(apig__out *o, uint32_t cp)
{
    if (cp >= 0x10000u) {
        uint32_t v = cp - 0x10000u;
        put_u16_escape(o, 0xD800u + (v >> 10));
        put_u16_escape(o, 0xDC00u + (v & 0x3FFu));
    } else {
        put_u16_escape(o, cp);
    }
}

void apig__json_string(apig__out *o, const char *s, size_t len, unsigned style)
{
    const unsigned char *u = (const unsigned char *)s;
    const bool ascii = (style & APIG_STYLE_ASCII) != 0;
    size_t run = 0; /* start of the bytes that are copied as they are */
    size_t i = 0;

    apig__out_char(o, '"');
    while (i < len) {
        unsigned c = u[i];
        if (c >= 0x20u && c < 0x80u && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80u) {
            size_t used = 1;
            uint32_t cp = apig__utf8_decode(u + i, len - i, &used);
            if (cp != APIG__UTF8_BAD && !ascii) {
                i += used; /* well-formed: stays in the raw run */
                continue;
            }
            if (i > run)
                apig__out_bytes(o, s + run, i - run);
            if (cp == APIG__UTF8_BAD) {
                used = 1;
                cp = 0xFFFDu;
                if (!ascii) {
                    static const char replacement[3] = {'\xEF', '\xBF', '\xBD'};
                    apig__out_bytes(o, replacement, sizeof replacement);
                } else {
                    put_cp_escape(o, cp);
                }
            } else {
                put_cp_escape(o, cp);
            }
            i += used;
            run = i;
            continue;
        }
        if (i > run)
            apig__out_bytes(o, s + run, i - run);
        char short_form = 0;
        switch (c) {
        case '"': short_form = '"'; break;
        case '\\': short_form = '\\'; break;
        case '\b': short_form = 'b'; break;
        case '\f': short_form = 'f'; break;
        case '\n': short_form = 'n'; break;
        case '\r': short_form = 'r'; break;
        case '\t': short_form = 't'; break;
        default: break;
        }
        if (short_form) {
            char esc[2] = {'\\', short_form};
            apig__out_bytes(o, esc, sizeof esc);
        } else {
            put_u16_escape(o, c);
        }
        i++;
        run = i;
    }
    apig__out_bytes(o, s + run, i - run);
    apig__out_char(o, '"');
}

/* ---- layout --------------------------------------------------------------- */

void apig__json_indent(apig__out *o, unsigned level)
{
    static const char spaces[] = "                                ";
    size_t n = (size_t)level * 2u;
    apig__out_char(o, '\n');
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        apig__out_bytes(o, spaces, k);
        n -= k;
    }
}

void apig__json_key(apig__out *o, size_t index, unsigned level,
                    const char *key, size_t key_len, unsigned style)
{
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    if (index > 0)
        apig__out_char(o, ',');
    if (pretty)
        apig__json_indent(o, level);
    apig__json_string(o, key, key_len, style);
    if (pretty)
        apig__out_bytes(o, " : ", 3);
    else
        apig__out_char(o, ':');
}

void apig__json_object_end(apig__out *o, size_t members, unsigned level,
                           unsigned style)
{
    if (style & APIG_STYLE_PRETTY) {
        if (members > 0)
            apig__json_indent(o, level > 0 ? level - 1 : 0);
        else
            apig__out_char(o, ' ');
    }
    apig__out_char(o, '}');
}

/* ---- the struct walk -------------------------------------------------------- */

static void put_object(apig__out *o, const apig_message *msg, const void *s,
                       unsigned level, unsigned style);

/* Length of a NUL-terminated string stored in a char[capacity] field; a
 * validated struct always has the NUL, the bound only keeps reads inside. */
/* A string value, inline or a view (validated before: it has its text). */
static void put_text(apig__out *o, const apig_field *rules, const void *p, unsigned style)
{
    const char *text;
    size_t len;
    apig__text_of(rules, p, &text, &len);
    apig__json_string(o, text, len, style);
}

static void put_array(apig__out *o, const apig_field *f, const void *s,
                      unsigned level, unsigned style)
{
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    const unsigned char *items = apig__value_cptr(f, s);
    uint32_t count = apig__count(f, s);
    if (count > f->capacity) /* refused by validation; never read past */
        count = f->capacity;

    apig__out_char(o, '[');
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *it = items + (size_t)i * f->item_size;
        if (i > 0)
            apig__out_char(o, ',');
        if (pretty)
            apig__out_char(o, ' ');
        /* Arrays stay inline: an item object is one level below the key,
         * a value item stays on the key's line ("[ "a", "b" ]"). */
        if (f->item)
            put_text(o, f->item, it, style);
        else
            put_object(o, f->message, it, level + 1, style);
    }
    if (pretty)
        apig__out_char(o, ' ');
    apig__out_char(o, ']');
}

static void put_value(apig__out *o, const apig_field *f, const void *s,
                      unsigned level, unsigned style)
{
    const void *v = apig__value_cptr(f, s);
    switch ((apig_type)f->type) {
    case APIG_TYPE_STRING:
        put_text(o, f, v, style);
        break;
    case APIG_TYPE_INT32: {
        int32_t x;
        memcpy(&x, v, sizeof x);
        apig__out_i64(o, x);
        break;
    }
    case APIG_TYPE_INT64: {
        int64_t x;
        memcpy(&x, v, sizeof x);
        apig__out_i64(o, x);
        break;
    }
    case APIG_TYPE_OBJECT:
        put_object(o, f->message, v, level + 1, style);
        break;
    case APIG_TYPE_ARRAY:
        put_array(o, f, s, level, style);
        break;
    case APIG_TYPE_BOOL:
        if (apig__bool_value(v) > 0)
            apig__out_bytes(o, "true", 4);
        else
            apig__out_bytes(o, "false", 5);
        break;
    }
}

/* An object at `level` (1 for the body): its present fields in the
 * message's output order. */
static void put_object(apig__out *o, const apig_message *msg, const void *s,
                       unsigned level, unsigned style)
{
    size_t members = 0;
    apig__out_char(o, '{');
    for (uint32_t k = 0; k < msg->field_count; k++) {
        const apig_field *f =
            &msg->fields[msg->encode_order ? msg->encode_order[k] : k];
        if (!apig__has(f, s))
            continue;
        apig__json_key(o, members++, level, f->name, f->name_len, style);
        put_value(o, f, s, level, style);
    }
    apig__json_object_end(o, members, level, style);
}

size_t apig_encode(const apig_message *msg, const void *in, unsigned style,
                   char *buf, size_t cap, apig_error *error)
{
    if (!msg || !in) {
        if (error)
            apig__misuse(error, 1);
        return APIG_ENCODE_INVALID;
    }
    /* What we emit, we accept: the decoder's rules in the style's mode
     * (strict, or as the service writes), the decoder's error (without a
     * context: context rules are the reader's to apply). The variant's
     * tables also drive the writing: the same struct, the same output. */
    msg = apig__rules_of(msg, style);
    apig_decoder d;
    apig_decoder_init(&d, NULL, 0, error, error ? 1 : 0);
    if (apig_validate(&d, msg, in) != 0)
        return APIG_ENCODE_INVALID;

    apig__out o = {buf, buf ? cap : 0, 0};
    put_object(&o, msg, in, 1, style);
    return apig__out_finish(&o);
}
