/* SPDX-License-Identifier: MIT */
/*
 * json_text.c - the JSON text the encoders share: a string value (escaped,
 * in the style's character set) and the layout around values (indents,
 * keys, object ends), through the bounded writer. apig_encode's fast path
 * writes the same bytes for the usual value (encode.c); apig_error_encode
 * writes through these alone.
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
        if (APIG__JSON_AS_IS(c)) {
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
    size_t n = (size_t)level * APIG__PRETTY_INDENT;
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
        apig__out_bytes(o, APIG__PRETTY_COLON, APIG__LITERAL_LEN(APIG__PRETTY_COLON));
    else
        apig__out_bytes(o, APIG__COMPACT_COLON, APIG__LITERAL_LEN(APIG__COMPACT_COLON));
}

void apig__json_object_end(apig__out *o, size_t members, unsigned level,
                           unsigned style)
{
    if (style & APIG_STYLE_PRETTY) {
        if (members > 0)
            apig__json_indent(o, level > 0 ? level - 1 : 0);
        else
            apig__out_char(o, APIG__PRETTY_GAP);
    }
    apig__out_char(o, '}');
}
