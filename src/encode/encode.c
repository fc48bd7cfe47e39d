/* SPDX-License-Identifier: MIT */
/*
 * The encoder: a validated struct -> JSON in the caller's buffer.
 *
 * It walks the descriptor tables (encode_order, fields, nested messages) and
 * knows no field of any operation. The struct is validated first with the
 * very rules the decoder applies (apig_validate), so whatever apig writes
 * it also accepts; an invalid struct is refused, its buffer made the empty
 * string as apig.h promises (a promise a walk that writes as it checks can
 * keep too). Then one walk writes: each value straight into the buffer when it
 * has room (checked once per value), eight bytes a step, relying on what
 * validation established; a value that may not fit, and a string that
 * needs escapes, go through the bounded writer (apig__out), which counts
 * past the end of the buffer like snprintf and writes the same bytes.
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

/* ---- the fast writer ------------------------------------------------------- */

/*
 * apig_encode writes a struct that apig_validate has passed, so its
 * strings are well-formed UTF-8 without U+0000, its counts within capacity
 * and its booleans true or false. The writer below relies on that: it
 * writes each value straight into the buffer when the value's room is
 * there (checked once per value, not per byte), and leaves what is left -
 * a value that may not fit, a string that needs escapes - to the bounded
 * writer above, which gives the same bytes.
 */

#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* Bytes of the buffer left (0 once the output has run past its end). */
HOT size_t room_of(const apig__out *o)
{
    return o->len < o->cap ? o->cap - o->len : 0;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS (ONES * 0x80u)

/* Non-zero when one of the 8 bytes of x needs an escape: a control
 * character, '"' or '\\', or (high == HIGHS, the ASCII style) non-ASCII.
 * Exact as a yes/no (a borrow only ever follows a byte that answers yes). */
HOT uint64_t escapes_in(uint64_t x, uint64_t high)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    return ((((x - ONES * 0x20u) & ~x) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS) |
           (x & high);
}

/* True when no character of set cs needs an escape in `style`: no control
 * character, '"' or '\\', and nothing beyond ASCII in the ASCII style (the
 * ranges are sorted: the last one ends highest). A validated value of such
 * a field is copied as it is. */
HOT bool never_escapes(const apig_charset *cs, unsigned style)
{
    return cs && (cs->ascii[0] & UINT64_C(0x00000004FFFFFFFF)) == 0 &&
           (cs->ascii[1] & (UINT64_C(1) << ('\\' - 64))) == 0 &&
           (!(style & APIG_STYLE_ASCII) || cs->range_count == 0 ||
            cs->ranges[cs->range_count - 1].last < 0x80u);
}

/* Copies s[0..n) to d, n <= 32, in at most four overlapping moves a size
 * (no library call for the short texts keys and values mostly are). */
HOT void copy_short(char *d, const char *s, size_t n)
{
    if (n > 16) {
        uint64_t a, b, c, e;
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        memcpy(&c, s + n - 16, 8);
        memcpy(&e, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + 8, &b, 8);
        memcpy(d + n - 16, &c, 8);
        memcpy(d + n - 8, &e, 8);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* Copies s[0..len) to d and says whether a byte of it needs an escape
 * (copied before judged, eight bytes a step; the last step may go back over
 * bytes already done). */
HOT uint64_t copy_judged(char *d, const char *s, size_t len, uint64_t high)
{
    uint64_t need = 0;
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            uint64_t x;
            memcpy(&x, s + i, 8);
            memcpy(d + i, &x, 8);
            need |= escapes_in(x, high);
            if (i + 8 >= len)
                break;
        }
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + len - 4, &b, 4);
        need = escapes_in(a | ((uint64_t)b << 32), high);
    } else {
        uint64_t x = ONES * 'a';
        for (size_t i = 0; i < len; i++) {
            d[i] = s[i];
            x = (x << 8) | (unsigned char)s[i];
        }
        need = escapes_in(x, high);
    }
    return need;
}

/* A string value put_string does not write itself: one that may not fit
 * (only counted when the output has run past the end, or is measured, and
 * the string needs no escape), or needs escapes. */
static APIG__NOINLINE void put_other_string(apig__out *o, bool as_is, const char *s, size_t len,
                                            unsigned style)
{
    if (as_is && o->len >= o->cap)
        o->len += len + 2;
    else
        apig__json_string(o, s, len, style);
}

/* A string value s[0..len), quoted; `as_is` when it needs no escape. */
HOT void put_string(apig__out *o, bool as_is, const char *s, size_t len, unsigned style)
{
    if (room_of(o) >= len + 2) {
        char *d = o->buf + o->len + 1;
        bool done = true;
        if (!as_is)
            /* A string that needs an escape is written again, from its
             * start, over these bytes (the bounded writer writes at least
             * as many). */
            done = !copy_judged(d, s, len, style & APIG_STYLE_ASCII ? HIGHS : 0);
        else if (len <= 32)
            copy_short(d, s, len);
        else
            memcpy(d, s, len);
        if (done) {
            d[-1] = '"';
            d[len] = '"';
            o->len += len + 2;
            return;
        }
    }
    put_other_string(o, as_is, s, len, style);
}

/* A string value, inline or a view (validated: it has its text); `as_is`
 * when its set has nothing to escape (never_escapes). */
HOT void put_text(apig__out *o, const apig_field *rules, bool as_is, const void *p,
                  unsigned style)
{
    const char *text;
    size_t len;
    apig__text_of(rules, p, &text, &len);
    put_string(o, as_is, text, len, style);
}

/* "00" to "99". */
static const char two_digits[200] = {
    '0', '0', '0', '1', '0', '2', '0', '3', '0', '4', '0', '5', '0', '6', '0', '7', '0', '8',
    '0', '9', '1', '0', '1', '1', '1', '2', '1', '3', '1', '4', '1', '5', '1', '6', '1', '7',
    '1', '8', '1', '9', '2', '0', '2', '1', '2', '2', '2', '3', '2', '4', '2', '5', '2', '6',
    '2', '7', '2', '8', '2', '9', '3', '0', '3', '1', '3', '2', '3', '3', '3', '4', '3', '5',
    '3', '6', '3', '7', '3', '8', '3', '9', '4', '0', '4', '1', '4', '2', '4', '3', '4', '4',
    '4', '5', '4', '6', '4', '7', '4', '8', '4', '9', '5', '0', '5', '1', '5', '2', '5', '3',
    '5', '4', '5', '5', '5', '6', '5', '7', '5', '8', '5', '9', '6', '0', '6', '1', '6', '2',
    '6', '3', '6', '4', '6', '5', '6', '6', '6', '7', '6', '8', '6', '9', '7', '0', '7', '1',
    '7', '2', '7', '3', '7', '4', '7', '5', '7', '6', '7', '7', '7', '8', '7', '9', '8', '0',
    '8', '1', '8', '2', '8', '3', '8', '4', '8', '5', '8', '6', '8', '7', '8', '8', '8', '9',
    '9', '0', '9', '1', '9', '2', '9', '3', '9', '4', '9', '5', '9', '6', '9', '7', '9', '8',
    '9', '9'};

/* An integer, in decimal: in place when it is below 2^32 in magnitude and
 * its 11 bytes at most have room, two digits a step. */
HOT void put_integer(apig__out *o, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (u > UINT32_MAX || room_of(o) < 11) {
        apig__out_i64(o, v);
        return;
    }
    uint32_t r = (uint32_t)u;
    char *d = o->buf + o->len;
    if (v < 0)
        *d++ = '-';
    size_t n = r < 10 ? 1 : r < 100 ? 2 : r < 1000 ? 3 : r < 10000 ? 4 : 5;
    for (uint32_t t = r / 100000; t; t /= 10)
        n++;
    size_t k = n;
    for (; r >= 100; r /= 100) {
        k -= 2;
        memcpy(d + k, two_digits + 2 * (r % 100), 2);
    }
    if (r >= 10)
        memcpy(d + k - 2, two_digits + 2 * r, 2);
    else
        d[k - 1] = (char)('0' + r);
    o->len = (size_t)(d + n - o->buf);
}

/* What the writer knows of a message's fields before it meets them, for
 * the first 64 (the others take the general paths): bit k of `keys` when
 * fields[k]'s key is written as it is in the compact style, of
 * `pretty_keys` in the pretty style (a name of at most 32 bytes of
 * printable ASCII without '"' or '\\', which is what apig-gen allows: a
 * table written by hand may hold anything), of `as_is` when fields[k]'s
 * string values never need an escape (never_escapes). Found once for an
 * array's items rather than once an item. */
typedef struct shape {
    uint64_t keys;
    uint64_t pretty_keys;
    uint64_t as_is;
} shape;

static shape shape_of(const apig_message *msg, unsigned style)
{
    shape sh = {0, 0, 0};
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    for (uint32_t k = 0; k < msg->field_count && k < 64; k++) {
        const apig_field *f = &msg->fields[k];
        bool plain = f->name_len <= 32;
        for (uint32_t i = 0; i < f->name_len; i++) {
            unsigned char c = (unsigned char)f->name[i];
            plain &= c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
        }
        sh.keys |= (uint64_t)(plain && !pretty) << k;
        sh.pretty_keys |= (uint64_t)(plain && pretty) << k;
        /* A validated date-time or address holds ASCII digits, letters,
         * '-', ':', '.' and '+' only, whatever its set. */
        sh.as_is |= (uint64_t)(f->type == APIG_TYPE_STRING &&
                               (never_escapes(f->charset, style) ||
                                f->format == APIG_FORMAT_DATE_TIME ||
                                f->format == APIG_FORMAT_IP_ADDRESS))
                    << k;
    }
    return sh;
}

/* A key put_key does not write itself: the pretty style's, when the
 * output has run past the end (only counted) or a name to escape.
 * `plain`: the name is written as it is. */
static APIG__NOINLINE void put_other_key(apig__out *o, size_t index, unsigned level,
                                         const apig_field *f, bool plain, unsigned style)
{
    static const char spaces[32] = "                                ";
    const size_t n = f->name_len, indent = 2 * (size_t)level;
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    /* [','] ['\n' indent] '"' name '"' (" : " | ':') */
    const size_t need = (index > 0) + (pretty ? 1 + indent + n + 5 : n + 3);
    if (plain && pretty && indent <= sizeof spaces && room_of(o) >= need) {
        char *d = o->buf + o->len;
        d[0] = ',';
        d += index > 0;
        d[0] = '\n';
        copy_short(d + 1, spaces, indent);
        d += 1 + indent;
        d[0] = '"';
        copy_short(d + 1, f->name, n);
        memcpy(d + n + 1, "\" : ", 4);
        o->len = (size_t)(d + n + 5 - o->buf);
    } else if (plain && o->len >= o->cap) { /* past the end, or measuring */
        o->len += need;
    } else {
        apig__json_key(o, index, level, f->name, n, style);
    }
}

/* Starts member `index` of an object at `level`: field f's key, as
 * apig__json_key writes it; `plain` when it is written as it is in the
 * compact style (shape.keys), `pretty` in the pretty style. */
HOT void put_key(apig__out *o, size_t index, unsigned level, const apig_field *f, bool plain,
                 bool pretty, unsigned style)
{
    size_t n = f->name_len;
    if (plain && room_of(o) >= n + 4) {
        char *d = o->buf + o->len;
        d[0] = ',';
        d += index > 0;
        d[0] = '"';
        copy_short(d + 1, f->name, n);
        d[n + 1] = '"';
        d[n + 2] = ':';
        o->len = (size_t)(d + n + 3 - o->buf);
        return;
    }
    put_other_key(o, index, level, f, plain || pretty, style);
}

/* ---- the struct walk -------------------------------------------------------- */

static void put_object(apig__out *o, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, unsigned style);

static void put_array(apig__out *o, const apig_field *f, const void *s,
                      unsigned level, unsigned style)
{
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    const unsigned char *items = apig__value_cptr(f, s);
    uint32_t count = apig__count(f, s);
    if (count > f->capacity) /* refused by validation; never read past */
        count = f->capacity;
    shape sh = {0, 0, 0};
    bool as_is = false;
    if (f->item)
        as_is = never_escapes(f->item->charset, style);
    else
        sh = shape_of(f->message, style);

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
            put_text(o, f->item, as_is, it, style);
        else
            put_object(o, f->message, &sh, it, level + 1, style);
    }
    if (pretty)
        apig__out_char(o, ' ');
    apig__out_char(o, ']');
}

/* An object at `level` (1 for the body): its present fields in the
 * message's output order; `sh` is shape_of(msg, style). */
static void put_object(apig__out *o, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, unsigned style)
{
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order;
    const uint32_t count = msg->field_count;
    const uint64_t keys = sh->keys, pretty_keys = sh->pretty_keys, as_is = sh->as_is;
    size_t members = 0;
    apig__out_char(o, '{');
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t at = order ? order[k] : k;
        const apig_field *f = &fields[at];
        if (!apig__has(f, s))
            continue;
        const uint64_t bit = at < 64 ? (uint64_t)1 << at : 0;
        put_key(o, members++, level, f, (keys & bit) != 0, (pretty_keys & bit) != 0, style);
        const void *v = apig__value_cptr(f, s);
        if (f->type == APIG_TYPE_STRING) { /* the usual value, before the switch */
            put_text(o, f, (as_is & bit) != 0, v, style);
            continue;
        }
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING:
            break;
        case APIG_TYPE_INT32: {
            int32_t x;
            memcpy(&x, v, sizeof x);
            put_integer(o, x);
            break;
        }
        case APIG_TYPE_INT64: {
            int64_t x;
            memcpy(&x, v, sizeof x);
            put_integer(o, x);
            break;
        }
        case APIG_TYPE_OBJECT: {
            const shape inner = shape_of(f->message, style);
            put_object(o, f->message, &inner, v, level + 1, style);
            break;
        }
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
    apig__json_object_end(o, members, level, style);
}

size_t apig_encode(const apig_message *msg, const void *in, unsigned style,
                   char *buf, size_t cap, apig_error *error)
{
    if (!msg || !in) {
        if (error)
            apig__misuse(error, 1);
        if (buf && cap > 0)
            buf[0] = '\0';
        return APIG_ENCODE_INVALID;
    }
    /* What we emit, we accept: the decoder's rules in the style's mode
     * (strict, or as the service writes), the decoder's error (without a
     * context: context rules are the reader's to apply). The variant's
     * tables also drive the writing: the same struct, the same output. */
    msg = apig__rules_of(msg, style);
    apig_decoder d;
    apig_decoder_init(&d, NULL, 0, error, error ? 1 : 0);
    if (apig_validate(&d, msg, in) != 0) {
        /* Refused: no output is claimed, and the buffer says so. */
        if (buf && cap > 0)
            buf[0] = '\0';
        return APIG_ENCODE_INVALID;
    }

    apig__out o = {buf, buf ? cap : 0, 0};
    const shape sh = shape_of(msg, style);
    put_object(&o, msg, &sh, in, 1, style);
    return apig__out_finish(&o);
}
