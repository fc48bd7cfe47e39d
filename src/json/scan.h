/* SPDX-License-Identifier: MIT */
/*
 * scan.h - the JSON layer's bytes, shared by its two paths (check.c, the
 * complete recognizer; walk.c, the walk over jsmn's tokens): the byte
 * classes, the SWAR tests, and the scanners of one string, number or
 * literal. Not part of the public API.
 *
 * All is static inline here but the byte tables (scan.c), so that each
 * path's hot loops inline what they use, as they did when the layer was
 * one file.
 */
#ifndef APIG_JSON_SCAN_H
#define APIG_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <apig/json.h>

#include "core/hex.h"  /* apig__hex_value: one definition with the decoder's */
#include "core/utf8.h" /* apig__utf8_well_formed: the same */

/* ---- byte classes ------------------------------------------------------------- */

/* The tables are the runtime's own: hidden, where the compiler knows how,
 * so that position-independent code reads them directly, as it reads a
 * static table, and not through the GOT. */
#if defined(__GNUC__) && !defined(_WIN32)
#define APIG__JSON_TABLE __attribute__((visibility("hidden")))
#else
#define APIG__JSON_TABLE
#endif

/* 1 for the bytes that may appear raw in a string with no further check:
 * printable ASCII except '"' and '\\'. */
extern APIG__JSON_TABLE const unsigned char apig__json_plain_string_byte[256];

/* The lexical class of a byte outside strings: bits of these. */
#define APIG__JSON_WS 1u     /* space, tab, CR, LF */
#define APIG__JSON_ALNUM 2u  /* [A-Za-z0-9_]: may not follow a literal */
#define APIG__JSON_NUMEND 4u /* [A-Za-z0-9_.+-]: may not follow a number */
extern APIG__JSON_TABLE const unsigned char apig__json_lex_class[256];

static inline int apig__json_is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }

static inline int apig__json_is_alnum(unsigned char c)
{
    return (apig__json_lex_class[c] & APIG__JSON_ALNUM) != 0;
}

static inline int apig__json_is_ws(unsigned char c)
{
    return (apig__json_lex_class[c] & APIG__JSON_WS) != 0;
}

/* The first index at or after i in s[0..n) that is not whitespace. */
static inline size_t apig__json_skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && apig__json_is_ws(s[i]))
        i++;
    return i;
}

/* ---- SWAR: 8 bytes at a time ---------------------------------------------------- */

#define APIG__JSON_ONES 0x0101010101010101ull
#define APIG__JSON_HIGHS 0x8080808080808080ull

/* The high bit of each byte of x that equals c (and perhaps, through a
 * borrow, of a byte above one that does: never of a byte when none does). */
static inline uint64_t apig__json_swar_eq(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (APIG__JSON_ONES * c);
    return (y - APIG__JSON_ONES) & ~y;
}

/* Nonzero if one of the 8 bytes in x is below 0x20, '"', '\\' or >= 0x80. */
static inline uint64_t apig__json_swar_special(uint64_t x)
{
    return (((x - APIG__JSON_ONES * 0x20) & ~x) | apig__json_swar_eq(x, '"') |
            apig__json_swar_eq(x, '\\') | x) &
           APIG__JSON_HIGHS;
}

/* ---- one string, number or literal -------------------------------------------- */

/* The scanners are static inline, each path (and apig_json_check_string)
 * compiling its own copy: the walk's registers are allocated around them,
 * which a call to another file's function would not allow (it costs the
 * fast path about 0.4% more instructions). APIG_CFG_SMALL_CODE compiles the
 * walk out, and with it the second copy. */

/* Where the text ran out inside an escape or a UTF-8 sequence that starts
 * at s[i]: raw contents report `raw_status` there, a string in text is
 * TRUNCATED at its end. */
static inline apig_json_status apig__json_ran_out(size_t n, size_t i, int raw,
                                                  apig_json_status raw_status, size_t *at)
{
    *at = raw ? i : n;
    return raw ? raw_status : APIG_JSON_TRUNCATED;
}

/* The low half of a surrogate pair, `\uDC00`-`\uDFFF`, in s[i + 6..i + 12)
 * after the high half's escape at s[i]. */
static inline apig_json_status apig__json_scan_low_surrogate(const unsigned char *s, size_t n,
                                                             size_t i, int raw, size_t *at)
{
    for (size_t k = 6; k < 12; k++) {
        if (i + k >= n)
            return apig__json_ran_out(n, i, raw, APIG_JSON_LONE_SURROGATE, at);
        unsigned char d = s[i + k];
        int ok;
        switch (k) {
        case 6: ok = d == '\\'; break;
        case 7: ok = d == 'u'; break;
        case 8: ok = (d | 0x20) == 'd'; break;
        case 9: ok = (d | 0x20) >= 'c' && (d | 0x20) <= 'f'; break;
        default: ok = apig__hex_value(d) >= 0; break;
        }
        if (!ok) {
            *at = i;
            return APIG_JSON_LONE_SURROGATE;
        }
    }
    return APIG_JSON_OK;
}

/* The escape at s[i] ('\\'): on success *next is the index after it (and
 * after the low half of a surrogate pair). */
static inline apig_json_status apig__json_scan_escape(const unsigned char *s, size_t n, size_t i,
                                                      int raw, size_t *at, size_t *next)
{
    if (n - i < 2)
        return apig__json_ran_out(n, i, raw, APIG_JSON_BAD_ESCAPE, at);
    switch (s[i + 1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        *next = i + 2;
        return APIG_JSON_OK;
    case 'u':
        break;
    default:
        *at = i;
        return APIG_JSON_BAD_ESCAPE;
    }
    unsigned cp = 0;
    for (size_t k = 2; k < 6; k++) {
        if (i + k >= n)
            return apig__json_ran_out(n, i, raw, APIG_JSON_BAD_ESCAPE, at);
        int h = apig__hex_value(s[i + k]);
        if (h < 0) {
            *at = i;
            return APIG_JSON_BAD_ESCAPE;
        }
        cp = cp << 4 | (unsigned)h;
    }
    if (cp < 0xD800 || cp > 0xDFFF) {
        *next = i + 6;
        return APIG_JSON_OK;
    }
    if (cp >= 0xDC00) {
        *at = i;
        return APIG_JSON_LONE_SURROGATE;
    }
    /* A high surrogate: the next six bytes must be \u DC00-DFFF. Cut short
     * by the end of a string in text, that is TRUNCATED, as for any escape. */
    apig_json_status st = apig__json_scan_low_surrogate(s, n, i, raw, at);
    if (st == APIG_JSON_OK)
        *next = i + 12;
    return st;
}

/* The byte s[i] >= 0x80 starts one well-formed UTF-8 sequence (core/utf8.h,
 * the runtime's one definition): on success *next is the index after it. */
static inline apig_json_status apig__json_scan_utf8(const unsigned char *s, size_t n, size_t i,
                                                    int raw, size_t *at, size_t *next)
{
    int used = apig__utf8_well_formed(s + i, n - i);
    if (used > 0) {
        *next = i + (size_t)used;
        return APIG_JSON_OK;
    }
    if (used < 0)
        return apig__json_ran_out(n, i, raw, APIG_JSON_BAD_UTF8, at);
    *at = i;
    return APIG_JSON_BAD_UTF8;
}

/*
 * Checks string contents starting at s[i]. Two modes:
 *  - in text (raw == 0): stops at the closing quote, *at = its index;
 *    running out of bytes is TRUNCATED at n.
 *  - raw contents (raw != 0): the contents end at n; an unescaped quote is
 *    UNEXPECTED_CHAR, an escape or UTF-8 sequence cut by the end is
 *    BAD_ESCAPE / LONE_SURROGATE / BAD_UTF8 at its first byte.
 * On error *at is the offset of the error. Escapes are reported at their
 * backslash, UTF-8 errors at the first byte of the sequence, a high
 * surrogate without its low half (and a lone low one) at its backslash.
 */
static inline apig_json_status apig__json_scan_string(const unsigned char *s, size_t n, size_t i,
                                                      int raw, size_t *at)
{
    for (;;) {
        while (n - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (apig__json_swar_special(x))
                break;
            i += 8;
        }
        while (i < n && apig__json_plain_string_byte[s[i]])
            i++;
        if (i >= n) {
            if (raw)
                return APIG_JSON_OK;
            *at = n;
            return APIG_JSON_TRUNCATED;
        }
        unsigned char c = s[i];
        apig_json_status st;
        if (c == '"') {
            *at = i;
            return raw ? APIG_JSON_UNEXPECTED_CHAR : APIG_JSON_OK;
        }
        if (c == '\\')
            st = apig__json_scan_escape(s, n, i, raw, at, &i);
        else if (c >= 0x80)
            st = apig__json_scan_utf8(s, n, i, raw, at, &i);
        else {
            *at = i;
            return c == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_CONTROL_CHAR;
        }
        if (st != APIG_JSON_OK)
            return st;
    }
}

/* RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 * s[i] is '-' or a digit. On success *at is one past the number. A number
 * glued to a letter, digit, '.', '+' or '-' is BAD_NUMBER at that byte. */
static inline apig_json_status apig__json_scan_number(const unsigned char *s, size_t n, size_t i,
                                                      size_t *at)
{
    if (s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else if (i < n && apig__json_is_digit(s[i])) {
        while (++i < n && apig__json_is_digit(s[i]))
            ;
    } else {
        goto bad;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !apig__json_is_digit(s[i]))
            goto bad;
        while (++i < n && apig__json_is_digit(s[i]))
            ;
    }
    if (i < n && (s[i] | 0x20) == 'e') {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !apig__json_is_digit(s[i]))
            goto bad;
        while (++i < n && apig__json_is_digit(s[i]))
            ;
    }
    if (i < n && (apig__json_lex_class[s[i]] & APIG__JSON_NUMEND))
        goto bad;
    *at = i;
    return APIG_JSON_OK;
bad:
    *at = i;
    return APIG_JSON_BAD_NUMBER;
}

/* s[i] is 't', 'f' or 'n'. Reports the first byte that differs (the end of
 * input included), or a letter or digit glued to the literal. */
static inline apig_json_status apig__json_scan_literal(const unsigned char *s, size_t n, size_t i,
                                                       size_t *at)
{
    const char *lit = s[i] == 't' ? "true" : s[i] == 'f' ? "false" : "null";
    size_t k = 1;
    for (; lit[k]; k++) {
        if (i + k >= n || s[i + k] != (unsigned char)lit[k]) {
            *at = i + k;
            return APIG_JSON_BAD_LITERAL;
        }
    }
    *at = i + k;
    if (i + k < n && apig__json_is_alnum(s[i + k]))
        return APIG_JSON_BAD_LITERAL;
    return APIG_JSON_OK;
}
/* Nonzero if c starts a number or a literal. */
static inline int apig__json_starts_primitive(unsigned char c)
{
    return apig__json_is_digit(c) || c == '-' || c == 't' || c == 'f' || c == 'n';
}

/* A number or a literal, by its first byte s[i] ('-', a digit, 't', 'f'
 * or 'n'). */
static inline apig_json_status apig__json_scan_primitive(const unsigned char *s, size_t n,
                                                         size_t i, size_t *at)
{
    unsigned char c = s[i];
    return c == 't' || c == 'f' || c == 'n' ? apig__json_scan_literal(s, n, i, at)
                                            : apig__json_scan_number(s, n, i, at);
}

#endif
