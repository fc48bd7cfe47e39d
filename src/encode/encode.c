/* SPDX-License-Identifier: MIT */
/*
 * The encoder: a struct -> JSON in the caller's buffer, judged as it is
 * written.
 *
 * It walks the descriptor tables (encode_order, fields, nested messages) and
 * knows no field of any operation. One walk both applies the very rules the
 * decoder applies (apig_validate's, in its order: whatever apig writes it
 * also accepts, and what it refuses it refuses with apig_validate's first
 * error) and writes each value straight into the buffer, on the bet that
 * the struct is valid; a refusal then empties the buffer (apig.h). A value
 * that may not fit, and a string that needs escapes, go through the
 * bounded writer (apig__out), which counts past the end of the buffer like
 * snprintf and writes the same bytes. No heap, no stdio, no mutable static
 * state.
 */
#include <string.h>

#include "encode.h"

/* x86's SSE2 (every x86-64) judges a string's bytes 16 at a time, written
 * with GCC's vector extensions (which clang shares) and one builtin, so
 * that no intrinsics header is needed; other targets, other compilers and
 * APIG_CFG_SMALL_CODE take the portable loops, which judge the same bytes
 * the same way. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(APIG_CFG_SMALL_CODE)
#define APIG__ENCODE_SSE2 1
#else
#define APIG__ENCODE_SSE2 0
#endif

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

/* ---- the one walk ----------------------------------------------------------- */

/*
 * apig_encode judges and writes in one walk over the struct. It visits the
 * fields in the message's output order, which is the order apig_validate
 * visits them in (present fields, nested ones first, then the required
 * fields that are absent, at the object's end), and applies the same rules
 * in the same order to each, so the first rule it finds broken is the one
 * apig_validate reports first, recorded at the same place. The output goes
 * straight into the caller's buffer as the walk goes; a refusal leaves
 * what was written, and apig_encode then makes the buffer the empty string.
 *
 * A string value is copied and judged in the same loop, 8 bytes a step (16
 * with SSE2): when every byte is an ASCII character of its set (its byte
 * classes; with SSE2 letters and digits are judged at once, the other bytes
 * by their class) and none needs an escape, the copy is the output and only
 * its length, format and enum remain to check. Anything else - non-ASCII, a
 * character out of the set, one to escape - takes the general path
 * (put_other_text): apig__check_string says what is wrong, if anything, and
 * the bounded writer writes the value again from its start. A value that
 * may not fit in the buffer is judged the same way without the copy.
 *
 * Objects of a leaf message (strings, integers and booleans only: a page's
 * members) take put_leaf when the buffer has room for the most such an
 * object can take: the same walk, without a check of room per value.
 */

#if defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

/* True when the buffer has room for `need` more bytes. */
HOT bool room_for(const apig__out *o, size_t need)
{
    return o->len <= o->cap && need <= o->cap - o->len;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS (ONES * 0x80u)

/* Non-zero when one of the 8 bytes of x is a control character (U+0000
 * included), '"', '\\' or not ASCII: a byte a string of no set (every
 * character but U+0000) does not copy as it is. Exact as a yes/no: below
 * the lowest such byte no subtraction borrows, and at it one of the four
 * terms sets the high bit (a borrow out of it, or the byte's own). */
HOT uint64_t not_plain(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    return ((x - ONES * 0x20u) | (q - ONES) | (b - ONES) | x) & HIGHS;
}

/* True when no character of set cs needs an escape in `style`: no control
 * character, '"' or '\\', and nothing beyond ASCII in the ASCII style (the
 * ranges are sorted: the last one ends highest). */
HOT bool never_escapes(const apig_charset *cs, unsigned style)
{
    return cs && (cs->ascii[0] & UINT64_C(0x00000004FFFFFFFF)) == 0 &&
           (cs->ascii[1] & (UINT64_C(1) << ('\\' - 64))) == 0 &&
           (!(style & APIG_STYLE_ASCII) || cs->range_count == 0 ||
            cs->ranges[cs->range_count - 1].last < 0x80u);
}

/* How put_text takes a string's values (shape.fast, shape.alnum), as bits
 * beside a style's:
 * TEXT_FAST   a plain value (every byte an ASCII character of its set, no
 *             control character; judged as it is copied) is written as it
 *             is: the set, if any, holds neither '"' nor '\\' (otherwise
 *             every value takes the general path);
 * TEXT_ALNUM  the set holds every ASCII letter and digit: only the other
 *             bytes need their class looked up. */
#define TEXT_FAST 0x40000u
#define TEXT_ALNUM 0x80000u

/* The TEXT_* bits of string rules `rules`. */
HOT unsigned text_how(const apig_field *rules)
{
    const apig_charset *cs = rules->charset;
    if (!cs)
        return TEXT_FAST;
    const uint64_t digits = UINT64_C(0x03FF000000000000), letters = UINT64_C(0x07FFFFFE07FFFFFE);
    return ((((cs->ascii[0] >> '"') | (cs->ascii[1] >> ('\\' - 64))) & 1u) == 0 ? TEXT_FAST : 0) |
           ((cs->ascii[0] & digits) == digits && (cs->ascii[1] & letters) == letters ? TEXT_ALNUM
                                                                                      : 0);
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

#if APIG__ENCODE_SSE2
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));
typedef char v16c __attribute__((vector_size(16)));

HOT v16u load16(const char *s)
{
    v16u v;
    memcpy(&v, s, 16);
    return v;
}

HOT void store16(char *d, v16u v)
{
    memcpy(d, &v, 16);
}

/* Bit k set when lane k of m (0 or -1 each) is set (pmovmskb). */
HOT unsigned lanes_of(v16s m)
{
    return (unsigned)__builtin_ia32_pmovmskb128((v16c)m);
}

/* Bit k set when byte k of x is not plain for a field of no set: a control
 * character or not ASCII (both below 0x20 as signed bytes), '"' or '\\'. */
HOT unsigned not_plain16(v16u x)
{
    const v16s b = (v16s)x;
    return lanes_of((v16s)((b < 0x20) | (b == '"') | (b == '\\')));
}

/* Bit k set when byte k of x is no ASCII letter or digit: byte - '0' is
 * not at most 9, and (byte | 0x20) - 'a' not at most 25 (unsigned). */
HOT unsigned not_alnum16(v16u x)
{
    return lanes_of((v16s)(((v16u)(x - '0') <= 9) | ((v16u)((x | 0x20) - 'a') <= 25))) ^
           0xFFFFu;
}

/* s[0..8) and s[len-8..len) side by side (8 <= len < 16). */
HOT v16u load_halves(const char *s, size_t len)
{
    v16u v;
    memcpy(&v, s, 8);
    memcpy((char *)&v + 8, s + len - 8, 8);
    return v;
}

/* Writes x, from load_halves(s, len), to d[0..len). */
HOT void store_halves(char *d, size_t len, v16u x)
{
    memcpy(d, &x, 8);
    memcpy(d + len - 8, (const char *)&x + 8, 8);
}
#endif

/* Whether s[0..len) is plain for a field of no set (not_plain), copied to
 * d on the way when `copy` (a constant: two functions). Eight bytes a
 * step (16 with SSE2); the last step may go back over bytes already done. */
HOT bool plain_any(char *d, const char *s, size_t len, bool copy)
{
    uint64_t bad = 0;
#if APIG__ENCODE_SSE2
    if (len >= 16) {
        unsigned m = 0;
        for (size_t i = 0;; i += 16) {
            if (i > len - 16)
                i = len - 16;
            const v16u x = load16(s + i);
            if (copy)
                store16(d + i, x);
            m |= not_plain16(x);
            if (i + 16 >= len)
                break;
        }
        return m == 0;
    }
    if (len >= 8) {
        const v16u x = load_halves(s, len);
        if (copy)
            store_halves(d, len, x);
        return not_plain16(x) == 0;
    }
#endif
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (copy)
                memcpy(d + i, &x, 8);
            bad |= not_plain(x);
            if (i + 8 >= len)
                break;
        }
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        if (copy) {
            memcpy(d, &a, 4);
            memcpy(d + len - 4, &b, 4);
        }
        bad = not_plain(a | ((uint64_t)b << 32));
    } else {
        uint64_t x = ONES * 'a';
        for (size_t i = 0; i < len; i++) {
            if (copy)
                d[i] = s[i];
            x = (x << 8) | (unsigned char)s[i];
        }
        bad = not_plain(x);
    }
    return bad == 0;
}

/* Whether every byte of s[0..len) is an ASCII character of the set whose
 * byte classes are `cls`, no control character (APIG_BYTE_TEXT_PLAIN),
 * copied to d on the way when `copy` (a constant). Eight bytes a step, as
 * plain_any. */
HOT bool plain_in_set(char *d, const char *s, size_t len, const uint8_t *cls, bool alnum,
                      bool copy)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned all = APIG_BYTE_TEXT_PLAIN;
#if APIG__ENCODE_SSE2
    /* A set with every letter and digit: 16 bytes a step are judged
     * letters and digits at once, and only the others by their class. */
    if (alnum && len >= 16) {
        for (size_t i = 0;; i += 16) {
            if (i > len - 16)
                i = len - 16;
            const v16u x = load16(s + i);
            if (copy)
                store16(d + i, x);
            for (unsigned m = not_alnum16(x); m; m &= m - 1)
                all &= cls[u[i + (unsigned)__builtin_ctz(m)]];
            if (i + 16 >= len)
                break;
        }
        return all != 0;
    }
    if (alnum && len >= 8) {
        const v16u x = load_halves(s, len);
        if (copy)
            store_halves(d, len, x);
        for (unsigned m = not_alnum16(x); m; m &= m - 1) {
            const unsigned k = (unsigned)__builtin_ctz(m);
            all &= cls[u[k < 8 ? k : len - 16 + k]];
        }
        return all != 0;
    }
#else
    (void)alnum;
#endif
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            if (copy) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                memcpy(d + i, &x, 8);
            }
            all &= (unsigned)(cls[u[i]] & cls[u[i + 1]] & cls[u[i + 2]] & cls[u[i + 3]] &
                              cls[u[i + 4]] & cls[u[i + 5]] & cls[u[i + 6]] & cls[u[i + 7]]);
            if (i + 8 >= len)
                break;
        }
    } else {
        if (copy)
            copy_short(d, s, len);
        for (size_t i = 0; i < len; i++)
            all &= cls[u[i]];
    }
    return all != 0;
}

/* The kind a plain text[0..len) (ASCII and in its set: its characters are
 * its bytes) fails rules `rules` with: length, format, enum, in that order,
 * as apig__check_string gives them. (Context rules are the reader's: an
 * encoder has no context.) */
HOT apig_error_kind plain_text_kind(const apig_field *rules, const char *text, size_t len)
{
    if (len < rules->min_length)
        return APIG_ERROR_TOO_SHORT;
    if (rules->max_length && len > rules->max_length)
        return APIG_ERROR_TOO_LONG;
    if (rules->format && !apig__format_ok((apig_format)rules->format, text, len))
        return APIG_ERROR_FORMAT;
    return rules->enum_count ? apig__check_enum(rules, text, len) : APIG_ERROR_NONE;
}

/* The writers that are not inlined take the cursor as three values and
 * give back its length (with a kind, for a string), in registers: a cursor
 * in memory would cost its callers a slot of their frames each, or keep
 * them from holding it in registers. */
typedef struct text_end {
    size_t len;           /* the cursor's length after the value */
    apig_error_kind kind; /* the rule it breaks, or APIG_ERROR_NONE */
} text_end;

/* A string value put_text does not finish itself: one that is not plain,
 * or not written as it is (value p, which has a text: put_text found it),
 * written from buf[at] on. Judged whole (apig__check_string: the rules in
 * the validator's order), then written from its start by the bounded
 * writer, over whatever the fast path copied. */
static APIG__NOINLINE text_end put_other_text(char *buf, size_t cap, size_t at,
                                              const apig_field *rules, const void *p,
                                              unsigned style)
{
    apig__out o = {buf, cap, at};
    const char *text;
    size_t len, chars;
    apig__text_of(rules, p, &text, &len);
    text_end end = {at, apig__check_string(rules, text, len, &chars)};
    if (end.kind != APIG_ERROR_NONE)
        return end;
    if (never_escapes(rules->charset, style)) { /* e.g. a name in Chinese */
        apig__out_char(&o, '"');
        apig__out_bytes(&o, text, len);
        apig__out_char(&o, '"');
    } else {
        apig__json_string(&o, text, len, style);
    }
    end.len = o.len;
    return end;
}

/* Writes string value p (inline or a view, per `rules`: a field's own or
 * its items') quoted, from buf[at] on, and gives back the length after it
 * and the kind it fails `rules` with (APIG_ERROR_NONE: none, and it is
 * written). `how`: the style and text_how(rules). (put_leaf has this walk
 * inlined for the values it meets most; put_object and put_array call it
 * once a value.) */
static APIG__NOINLINE text_end put_text(char *buf, size_t cap, size_t at,
                                        const apig_field *rules, const void *p, unsigned how)
{
    const unsigned style = how & ~(TEXT_FAST | TEXT_ALNUM);
    const apig__out out = {buf, cap, at}, *const o = &out;
    const char *text;
    size_t len;
    text_end end = {at, APIG_ERROR_NONE};
    /* Nothing after an inline string's NUL is read (memchr finds it): those
     * bytes need not be initialised. */
    if (!apig__text_of(rules, p, &text, &len)) { /* no NUL in the array, or no text */
        end.kind = rules->storage == APIG_STORAGE_VIEW ? APIG_ERROR_TYPE : APIG_ERROR_TOO_LONG;
        return end;
    }
    if (how & TEXT_FAST) {
        const bool alnum = (how & TEXT_ALNUM) != 0;
        const apig_charset *cs = rules->charset;
        if (room_for(o, len + 2)) {
            char *d = buf + at + 1;
            if (cs ? plain_in_set(d, text, len, cs->byte_class, alnum, true)
                   : plain_any(d, text, len, true)) {
                end.kind = plain_text_kind(rules, text, len);
                if (end.kind == APIG_ERROR_NONE) {
                    d[-1] = '"';
                    d[len] = '"';
                    end.len = at + len + 2;
                }
                return end;
            }
        } else if (cs ? plain_in_set(NULL, text, len, cs->byte_class, alnum, false)
                      : plain_any(NULL, text, len, false)) {
            end.kind = plain_text_kind(rules, text, len);
            if (end.kind == APIG_ERROR_NONE) {
                apig__out t = out;
                apig__out_char(&t, '"');
                apig__out_bytes(&t, text, len);
                apig__out_char(&t, '"');
                end.len = t.len;
            }
            return end;
        }
    }
    return put_other_text(buf, cap, at, rules, p, style);
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

/* Writes integer v, below 2^32 in magnitude, in decimal at d (11 bytes at
 * most), two digits a step; returns the end. */
HOT char *integer_digits(char *d, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint32_t r = (uint32_t)u;
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
    return d + n;
}

/* An integer put_integer does not write itself, from buf[at] on; returns
 * the length after it. */
static APIG__NOINLINE size_t put_other_integer(char *buf, size_t cap, size_t at, int64_t v)
{
    apig__out o = {buf, cap, at};
    apig__out_i64(&o, v);
    return o.len;
}

/* An integer, in decimal: in place when it is below 2^32 in magnitude and
 * its 11 bytes at most have room. */
HOT void put_integer(apig__out *o, int64_t v)
{
    if ((v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v) > UINT32_MAX || !room_for(o, 11))
        o->len = put_other_integer(o->buf, o->cap, o->len, v);
    else
        o->len = (size_t)(integer_digits(o->buf + o->len, v) - o->buf);
}

/* What the walk knows of a message's fields before it meets them, for the
 * first 64 (the others take the general paths): bit k of `keys` when
 * fields[k]'s key is written as it is in the compact style, of
 * `pretty_keys` in the pretty style (a name of at most 32 bytes of
 * printable ASCII without '"' or '\\', which is what apig-gen allows: a
 * table written by hand may hold anything), of `fast` and `alnum` for a
 * string field whose text_how has TEXT_FAST and TEXT_ALNUM. Found once
 * for an array's items rather than once an item.
 * `leaf`, when not 0: the message is one put_leaf writes (compact style,
 * at most 64 fields, every key plain, every field an inline string, an
 * integer or a boolean), and the most bytes it can take (every field
 * present, every string at its longest with every byte six bytes long:
 * no value writes more). */
typedef struct shape {
    uint64_t keys;
    uint64_t pretty_keys;
    uint64_t fast;
    uint64_t alnum;
    size_t leaf;
} shape;

static shape shape_of(const apig_message *msg, unsigned style)
{
    shape sh = {0, 0, 0, 0, 0};
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    /* The leaf bound, while it stays below a limit no buffer reaches. */
    const uint64_t limit = (uint64_t)(SIZE_MAX / 8 < UINT32_MAX ? SIZE_MAX / 8 : UINT32_MAX);
    uint64_t leaf = pretty || msg->field_count > 64 ? 0 : 2;
    for (uint32_t k = 0; k < msg->field_count && k < 64; k++) {
        const apig_field *f = &msg->fields[k];
        bool plain = f->name_len <= 32;
        for (uint32_t i = 0; i < f->name_len; i++) {
            unsigned char c = (unsigned char)f->name[i];
            plain &= c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
        }
        sh.keys |= (uint64_t)(plain && !pretty) << k;
        sh.pretty_keys |= (uint64_t)(plain && pretty) << k;
        const unsigned how = f->type == APIG_TYPE_STRING ? text_how(f) : 0;
        sh.fast |= (uint64_t)((how & TEXT_FAST) != 0) << k;
        sh.alnum |= (uint64_t)((how & TEXT_ALNUM) != 0) << k;
        /* [','] '"' name '"' ':' value */
        uint64_t value = 0;
        if (f->type == APIG_TYPE_STRING && f->storage == APIG_STORAGE_INLINE && f->capacity > 0)
            value = 2 + 6 * (uint64_t)(f->capacity - 1);
        else if (f->type == APIG_TYPE_INT32)
            value = 11;
        else if (f->type == APIG_TYPE_INT64)
            value = 20;
        else if (f->type == APIG_TYPE_BOOL)
            value = 5;
        leaf = plain && value && leaf ? leaf + 4 + f->name_len + value : 0;
        if (leaf > limit)
            leaf = 0;
    }
    sh.leaf = (size_t)leaf;
    return sh;
}

/* Bits of put_other_key's `how`, beside the style's. */
#define KEY_NOT_FIRST 0x10000u /* a member before it: a ',' first */
#define KEY_PLAIN 0x20000u     /* the name is written as it is */

/* A key put_key does not write itself, from buf[at] on: the pretty
 * style's, when the output has run past the end (only counted) or a name
 * to escape. `how`: the style and KEY_* bits. Returns the length after
 * it. */
static APIG__NOINLINE size_t put_other_key(char *buf, size_t cap, size_t at,
                                           const apig_field *f, unsigned level, unsigned how)
{
    apig__out out = {buf, cap, at}, *const o = &out;
    static const char spaces[32] = "                                ";
    const unsigned style = how & ~(KEY_NOT_FIRST | KEY_PLAIN);
    const size_t index = (how & KEY_NOT_FIRST) != 0;
    const bool plain = (how & KEY_PLAIN) != 0;
    const size_t n = f->name_len, indent = 2 * (size_t)level;
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    /* [','] ['\n' indent] '"' name '"' (" : " | ':') */
    const size_t need = (index > 0) + (pretty ? 1 + indent + n + 5 : n + 3);
    if (plain && pretty && indent <= sizeof spaces && room_for(o, need)) {
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
    return o->len;
}

/* Starts member `index` of an object at `level`: field f's key, as
 * apig__json_key writes it; `plain` when it is written as it is in the
 * compact style (shape.keys), `pretty` in the pretty style. */
HOT void put_key(apig__out *o, size_t index, unsigned level, const apig_field *f, bool plain,
                 bool pretty, unsigned style)
{
    size_t n = f->name_len;
    if (plain && room_for(o, n + 4)) {
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
    o->len = put_other_key(o->buf, o->cap, o->len, f, level,
                           style | (index > 0 ? KEY_NOT_FIRST : 0) |
                               (plain || pretty ? KEY_PLAIN : 0));
}

/* ---- the struct walk -------------------------------------------------------- */

typedef struct walk {
    apig__out o;
    unsigned style;
    apig__errors errors;         /* the caller's one error, or none */
    const apig_catalog *catalog; /* the message's, as apig_validate takes it */
} walk;

/* Records the walk's error: field f's `kind` at place `at`, or, with
 * `key`, at f's key inside `at`: where apig_validate records it. Returns
 * true: the walk stops at its first. */
static APIG__NOINLINE bool refuse(walk *w, const apig__place *at, const apig_field *f, bool key,
                                  apig_error_kind kind)
{
    const apig__place place = {at, f, 0};
    apig__errors_add_place(&w->errors, w->catalog, f, kind, NULL, 0, key ? &place : at, NULL, 0,
                           -1, 0, NULL);
    return true;
}

/* An object with a required field absent: the first such in field order
 * (where the decoder reports it, at the closing brace). */
static APIG__NOINLINE bool refuse_missing(walk *w, const apig_message *msg, const void *s,
                                          const apig__place *at)
{
    for (uint32_t k = 0; k < msg->field_count; k++) {
        const apig_field *f = &msg->fields[k];
        if (f->required && !apig__has(f, s))
            return refuse(w, at, f, true, APIG_ERROR_REQUIRED);
    }
    return false; /* not reached: put_object saw one */
}

#ifndef APIG_CFG_SMALL_CODE /* flash over speed: put_object alone */
/* An object of a leaf message (shape.leaf) at place `at`, where the
 * buffer has room for shape.leaf bytes: put_object's walk, and its output,
 * without a check of room, through a cursor of its own. A value that is
 * not plain takes the bounded writer, as in put_object. */
static APIG__NOINLINE bool put_leaf(walk *w, const apig_message *msg, const shape *sh,
                                    const void *s, const apig__place *at)
{
    /* A leaf has at most 64 fields: without an output order, this one. */
    static const uint8_t in_order[64] = {
        0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
    char *const buf = w->o.buf;
    char *p = buf + w->o.len;
    const unsigned style = w->style;
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order ? msg->encode_order : in_order;
    const uint32_t count = msg->field_count;
    bool missing = false, first = true;
    *p++ = '{';
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t i = order[k];
        const apig_field *f = &fields[i];
        if (!apig__has(f, s)) {
            missing |= f->required != 0;
            continue;
        }
        /* [','] '"' name '":' */
        const size_t n = f->name_len;
        p[0] = ',';
        p += !first;
        first = false;
        p[0] = '"';
        copy_short(p + 1, f->name, n);
        memcpy(p + n + 1, "\":", 2);
        p += n + 3;
        const void *v = apig__value_cptr(f, s);
        apig_error_kind kind = APIG_ERROR_NONE;
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING: {
            const char *text = (const char *)v;
            const char *nul = (const char *)memchr(text, '\0', f->capacity);
            if (!nul) {
                kind = APIG_ERROR_TOO_LONG;
                break;
            }
            const size_t len = (size_t)(nul - text);
            const uint64_t bit = (uint64_t)1 << i;
            const apig_charset *cs = f->charset;
            if ((sh->fast & bit) &&
                (cs ? plain_in_set(p + 1, text, len, cs->byte_class, (sh->alnum & bit) != 0, true)
                    : plain_any(p + 1, text, len, true))) {
                kind = plain_text_kind(f, text, len);
                p[0] = '"';
                p[len + 1] = '"';
                p += len + 2;
            } else {
                const text_end end = put_other_text(buf, w->o.cap, (size_t)(p - buf), f, v,
                                                    style);
                kind = end.kind;
                p = buf + end.len;
            }
            break;
        }
        case APIG_TYPE_INT32: {
            int32_t x;
            memcpy(&x, v, sizeof x);
            kind = apig__check_integer(f, x);
            p = integer_digits(p, x);
            break;
        }
        case APIG_TYPE_INT64: {
            int64_t x;
            memcpy(&x, v, sizeof x);
            kind = apig__check_integer(f, x);
            p = buf + put_other_integer(buf, w->o.cap, (size_t)(p - buf), x);
            break;
        }
        case APIG_TYPE_BOOL: {
            int b = apig__bool_value(v);
            if (b < 0)
                kind = APIG_ERROR_TYPE;
            memcpy(p, b > 0 ? "true" : "false", 5);
            p += b > 0 ? 4 : 5;
            break;
        }
        case APIG_TYPE_OBJECT: /* not in a leaf */
        case APIG_TYPE_ARRAY:
            break;
        }
        if (kind != APIG_ERROR_NONE)
            return refuse(w, at, f, true, kind);
    }
    if (missing && refuse_missing(w, msg, s, at))
        return true;
    *p++ = '}';
    w->o.len = (size_t)(p - buf);
    return false;
}
#endif

static bool put_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, const apig__place *at);

/* An object: put_leaf when its message is a leaf and the buffer has room
 * for the most it takes, else put_object. (Called where put_object would
 * be, not from it, so that put_leaf's frame takes the place of a
 * put_object frame rather than standing on one.) */
HOT bool put_any_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                        unsigned level, const apig__place *at)
{
#ifndef APIG_CFG_SMALL_CODE
    if (sh->leaf && room_for(&w->o, sh->leaf))
        return put_leaf(w, msg, sh, s, at);
#endif
    return put_object(w, msg, sh, s, level, at);
}

/* Array field f of struct s, whose key is place `key`; `item` (whose `up`
 * is `key`) and `sh` are the caller's, for the items' place and shape (one
 * frame holds them for every nested value). */
static bool put_array(walk *w, const apig_field *f, const void *s, unsigned level,
                      const apig__place *key, apig__place *item, shape *sh)
{
    apig__out out = w->o, *const o = &out; /* see put_object */
    const unsigned style = w->style;
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    const unsigned char *items = apig__value_cptr(f, s);
    const uint32_t count = apig__count(f, s);
    if (count < f->min_length)
        return refuse(w, key, f, false, APIG_ERROR_MIN_ITEMS);
    const uint32_t n = count < f->capacity ? count : f->capacity; /* never read past */
    unsigned how = 0;
    if (f->item)
        how = text_how(f->item);
    else
        *sh = shape_of(f->message, style);

    apig__out_char(o, '[');
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *it = items + (size_t)i * f->item_size;
        if (i > 0)
            apig__out_char(o, ',');
        if (pretty)
            apig__out_char(o, ' ');
        item->index = i;
        /* Arrays stay inline: an item object is one level below the key,
         * a value item stays on the key's line ("[ "a", "b" ]"). */
        if (f->item) {
            const text_end end = put_text(o->buf, o->cap, o->len, f->item, it, style | how);
            o->len = end.len;
            if (end.kind != APIG_ERROR_NONE)
                return refuse(w, item, f, false, end.kind);
        } else {
            w->o = out;
            if (put_any_object(w, f->message, sh, it, level + 1, item))
                return true;
            out = w->o;
        }
    }
    if (count > f->capacity) { /* after the items, where the decoder finds it */
        item->index = f->capacity;
        return refuse(w, item, f, false, APIG_ERROR_CAPACITY);
    }
    if (pretty)
        apig__out_char(o, ' ');
    apig__out_char(o, ']');
    w->o = out;
    return false;
}

/* An object at `level` (1 for the body) and place `at` (NULL: the body):
 * its present fields in the message's output order, each judged as it is
 * written, then its absent required fields; `sh` is shape_of(msg, style).
 * Returns true when it is refused (the error recorded). */
static bool put_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, const apig__place *at)
{
    /* The cursor is a copy, whose address only inlined code sees: the
     * compiler keeps it in registers across the bytes it stores (through a
     * char pointer, which may alias anything in memory, w->o included).
     * Code that is not inlined gets it through w->o or a copy. */
    apig__out out = w->o, *const o = &out;
    const unsigned style = w->style;
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order;
    const uint32_t count = msg->field_count;
    const uint64_t keys = sh->keys, pretty_keys = sh->pretty_keys;
    size_t members = 0;
    bool missing = false; /* a required field is absent (an encoder has no context) */
    /* For a nested value: its key's place, an item's, and its message's
     * shape (one set, for a small frame). */
    apig__place key = {at, NULL, 0}, item = {&key, NULL, 0};
    shape inner;
    apig__out_char(o, '{');
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t i = order ? order[k] : k;
        const apig_field *f = &fields[i];
        if (!apig__has(f, s)) {
            missing |= f->required != 0;
            continue;
        }
        const uint64_t bit = i < 64 ? (uint64_t)1 << i : 0;
        put_key(o, members++, level, f, (keys & bit) != 0, (pretty_keys & bit) != 0, style);
        const void *v = apig__value_cptr(f, s);
        apig_error_kind kind = APIG_ERROR_NONE;
        if (f->type == APIG_TYPE_STRING) { /* the usual value, before the switch */
            const text_end end =
                put_text(o->buf, o->cap, o->len, f, v,
                         style | ((sh->fast & bit) ? TEXT_FAST : 0) | ((sh->alnum & bit) ? TEXT_ALNUM : 0));
            o->len = end.len;
            kind = end.kind;
        } else {
            switch ((apig_type)f->type) {
            case APIG_TYPE_STRING:
                break;
            case APIG_TYPE_INT32: {
                int32_t x;
                memcpy(&x, v, sizeof x);
                kind = apig__check_integer(f, x);
                if (kind == APIG_ERROR_NONE)
                    put_integer(o, x);
                break;
            }
            case APIG_TYPE_INT64: {
                int64_t x;
                memcpy(&x, v, sizeof x);
                kind = apig__check_integer(f, x);
                if (kind == APIG_ERROR_NONE)
                    put_integer(o, x);
                break;
            }
            case APIG_TYPE_OBJECT: {
                key.field = f;
                inner = shape_of(f->message, style);
                w->o = out;
                if (put_any_object(w, f->message, &inner, v, level + 1, &key))
                    return true;
                out = w->o;
                break;
            }
            case APIG_TYPE_ARRAY: {
                key.field = f;
                w->o = out;
                if (put_array(w, f, s, level, &key, &item, &inner))
                    return true;
                out = w->o;
                break;
            }
            case APIG_TYPE_BOOL: {
                /* Bytes that are neither true nor false are no JSON boolean. */
                int b = apig__bool_value(v);
                if (b < 0)
                    kind = APIG_ERROR_TYPE;
                else if (b > 0)
                    apig__out_bytes(o, "true", 4);
                else
                    apig__out_bytes(o, "false", 5);
                break;
            }
            }
        }
        if (kind != APIG_ERROR_NONE)
            return refuse(w, at, f, true, kind);
    }
    if (missing && refuse_missing(w, msg, s, at))
        return true;
    w->o = out;
    apig__json_object_end(&w->o, members, level, style);
    return false;
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
    /* Bits a style does not define mean nothing (the walk keeps its own
     * beside the style's: KEY_*, TEXT_*). */
    style &= APIG_STYLE_PRETTY | APIG_STYLE_ASCII | APIG_AS_SERVICE;
    walk w = {{buf, buf ? cap : 0, 0}, style, {error, error ? 1 : 0, 0}, msg->catalog};
    const shape sh = shape_of(msg, style);
    if (put_any_object(&w, msg, &sh, in, 1, NULL)) {
        /* Refused: no output is claimed, and the buffer says so. */
        if (w.o.cap > 0)
            buf[0] = '\0';
        return APIG_ENCODE_INVALID;
    }
    return apig__out_finish(&w.o);
}
