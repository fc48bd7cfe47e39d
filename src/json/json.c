/* SPDX-License-Identifier: MIT */
/*
 * json.c - strict RFC 8259 checking around jsmn.
 *
 * apig_json_parse has a fast path, taken by every text it accepts, and an
 * error path, taken by everything else:
 *
 *  1. Fast path (fast_parse): jsmn runs first, over the whole text, since
 *     its tokens are wanted anyway. jsmn is not a validator, so walk() then
 *     goes over the token array in document order with a small grammar
 *     state machine (value, key, ':', ',', closing bracket, nesting depth)
 *     and looks only at the bytes jsmn has not already proved: the gaps
 *     between tokens (whitespace plus exactly the one expected ',' or ':',
 *     or whitespace before a closing bracket of the right kind), the
 *     trailing bytes after the top-level value, every number and literal,
 *     and the contents of every string (unless APIG_JSON_DEFER_STRINGS;
 *     the escape letters and \u digits jsmn checks itself): one SWAR
 *     sweep finds how far the text is plain printable ASCII, and only
 *     strings that end past that are looked at one by one. It trusts
 *     jsmn only for token boundaries and types: each parent link it uses
 *     to pop a container was checked against its own state when pushed,
 *     and every byte outside a token is accounted for by the walk, so
 *     jsmn's quirks on invalid text (`[1:2]` as one primitive, `:` moving
 *     its parent pointer) cannot make it accept. jsmn is fed its tokens a
 *     step at a time with the depth measured in between (tokenizer.c), so
 *     an abusive nesting is cut off near max_depth. A top-level number or
 *     literal is scanned directly: strict jsmn refuses a primitive that
 *     ends at the end of its input.
 *  2. Error path (parse_full), when jsmn fails, the walk refuses, or a
 *     limit is hit: check() is a complete forward RFC 8259 recognizer that
 *     stops at the first error, so the status and offset reported are
 *     those of the error at the smallest offset, and an abusive input
 *     (1,000,000 `[`) costs only max_depth bytes of work. It enforces the
 *     depth limit, with its stack of open containers as one bit per level
 *     (the depth limit is at most 64), and counts tokens exactly as jsmn
 *     allocates them, without a limit: the token budget is a resource
 *     limit, not a grammar rule, so a text over it is still checked to its
 *     end and a malformed one is reported as malformed. No recursion. If
 *     check() finds no error, jsmn runs with exactly the tokens check()
 *     counted or, over the budget, fills the caller's array with the
 *     text's first tokens (TOO_MANY_TOKENS, with that prefix readable). With APIG_JSON_DEFER_STRINGS check() still verifies inside
 *     strings what jsmn verifies (escape letters, \u hex digits) and NUL
 *     bytes, and skips only surrogates, control characters and UTF-8,
 *     which the decoder checks as it copies.
 *
 * The two paths accept exactly the same texts with the same tokens (a
 * differential test and the fuzz target hold them to it). Should the error
 * path ever accept a text the fast path refused, apig_json_parse still
 * reports an error: it never returns success the fast path did not prove.
 *
 * Never reads text[len]; no heap, no stdio, no mutable globals.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <apig/json.h>

#include "json_internal.h"
#include "tokenizer.h"

/* ---- messages --------------------------------------------------------------- */

static const char *const status_texts[] = {
#define APIG_X_JSON_TEXT(name, text) text,
    APIG_JSON_ERRORS(APIG_X_JSON_TEXT)
#undef APIG_X_JSON_TEXT
};
_Static_assert(sizeof status_texts / sizeof status_texts[0] == APIG_JSON_STATUS_COUNT,
               "one message per status");

const char *apig_json_status_text(apig_json_status status)
{
    if ((unsigned)status < APIG_JSON_STATUS_COUNT)
        return status_texts[status];
    return "unknown JSON status";
}

/* ---- byte classes ------------------------------------------------------------ */

/* Bytes that may appear raw in a string with no further check: printable
 * ASCII except '"' and '\\'. */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char plain_string_byte[256] = {
    R16(0), R16(0),                               /* 0x00-0x1F controls */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2F, '"' */
    R16(1), R16(1),                               /* 0x30-0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5F, '\\' */
    R16(1), R16(1),                               /* 0x60-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};
#undef R16

/* Byte classes outside strings. */
#define C_WS 1u     /* space, tab, CR, LF */
#define C_ALNUM 2u  /* [A-Za-z0-9_]: may not follow a literal */
#define C_NUMEND 4u /* [A-Za-z0-9_.+-]: may not follow a number */
#define W C_WS
#define A (C_ALNUM | C_NUMEND)
#define P C_NUMEND
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, W, W, 0, 0, W, 0, 0, /* 0x00-0x0F */
    R16(0),                                         /* 0x10-0x1F */
    W, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, 0, P, P, 0, /* 0x20-0x2F: ' ' + - . */
    A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, 0, 0, /* 0x30-0x3F: digits */
    0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, /* 0x40-0x4F */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, A, /* 0x50-0x5F: _ */
    0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, /* 0x60-0x6F */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, 0, /* 0x70-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};
#undef R16
#undef W
#undef A
#undef P

static inline int is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }

static inline int is_alnum(unsigned char c) { return (byte_class[c] & C_ALNUM) != 0; }

static inline int hex_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static inline size_t skip_ws(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (byte_class[s[i]] & C_WS))
        i++;
    return i;
}

/* ---- strings ------------------------------------------------------------------- */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Nonzero if one of the 8 bytes in x is below 0x20, '"', '\\' or >= 0x80. */
static inline uint64_t swar_special(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"');
    uint64_t b = x ^ (ONES * '\\');
    return (((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((b - ONES) & ~b) | x) & HIGHS;
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
static apig_json_status scan_string(const unsigned char *s, size_t n, size_t i,
                                    int raw, size_t *at)
{
    for (;;) {
        while (n - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (swar_special(x))
                break;
            i += 8;
        }
        while (i < n && plain_string_byte[s[i]])
            i++;
        if (i >= n) {
            if (raw)
                return APIG_JSON_OK;
            *at = n;
            return APIG_JSON_TRUNCATED;
        }
        unsigned char c = s[i];
        if (c == '"') {
            *at = i;
            return raw ? APIG_JSON_UNEXPECTED_CHAR : APIG_JSON_OK;
        }
        if (c == '\\') {
            if (n - i < 2)
                goto ran_out_escape;
            switch (s[i + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                i += 2;
                continue;
            case 'u':
                break;
            default:
                *at = i;
                return APIG_JSON_BAD_ESCAPE;
            }
            unsigned cp = 0;
            for (size_t k = 2; k < 6; k++) {
                if (i + k >= n)
                    goto ran_out_escape;
                int h = hex_value(s[i + k]);
                if (h < 0) {
                    *at = i;
                    return APIG_JSON_BAD_ESCAPE;
                }
                cp = cp << 4 | (unsigned)h;
            }
            if (cp < 0xD800 || cp > 0xDFFF) {
                i += 6;
                continue;
            }
            if (cp >= 0xDC00) {
                *at = i;
                return APIG_JSON_LONE_SURROGATE;
            }
            /* A high surrogate: the next six bytes must be \u DC00-DFFF. */
            for (size_t k = 6; k < 12; k++) {
                if (i + k >= n) {
                    if (raw) {
                        *at = i;
                        return APIG_JSON_LONE_SURROGATE;
                    }
                    *at = n;
                    return APIG_JSON_TRUNCATED;
                }
                unsigned char d = s[i + k];
                int ok;
                switch (k) {
                case 6: ok = d == '\\'; break;
                case 7: ok = d == 'u'; break;
                case 8: ok = (d | 0x20) == 'd'; break;
                case 9: ok = (d | 0x20) >= 'c' && (d | 0x20) <= 'f'; break;
                default: ok = hex_value(d) >= 0; break;
                }
                if (!ok) {
                    *at = i;
                    return APIG_JSON_LONE_SURROGATE;
                }
            }
            i += 12;
            continue;
        ran_out_escape:
            if (raw) {
                *at = i;
                return APIG_JSON_BAD_ESCAPE;
            }
            *at = n;
            return APIG_JSON_TRUNCATED;
        }
        if (c < 0x20) {
            *at = i;
            return c == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_CONTROL_CHAR;
        }
        /* c >= 0x80: one well-formed UTF-8 sequence (Unicode table 3-7). */
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0xC2) {
            *at = i;
            return APIG_JSON_BAD_UTF8;
        } else if (c < 0xE0) {
            need = 1;
        } else if (c < 0xF0) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* no overlongs */
            else if (c == 0xED)
                hi = 0x9F; /* no encoded surrogates */
        } else if (c < 0xF5) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* no overlongs */
            else if (c == 0xF4)
                hi = 0x8F; /* nothing above U+10FFFF */
        } else {
            *at = i;
            return APIG_JSON_BAD_UTF8;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                if (raw) {
                    *at = i;
                    return APIG_JSON_BAD_UTF8;
                }
                *at = n;
                return APIG_JSON_TRUNCATED;
            }
            unsigned char d = s[i + k];
            if (d < lo || d > hi) {
                *at = i;
                return APIG_JSON_BAD_UTF8;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        i += need + 1;
    }
}

/* Nonzero if one of the 8 bytes in x is '"', '\\' or NUL. */
static inline uint64_t swar_quote_backslash_nul(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"');
    uint64_t b = x ^ (ONES * '\\');
    return (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - ONES) & ~x)) & HIGHS;
}

/*
 * With the string checks deferred: finds the closing quote, checking only
 * what jsmn also checks (the escape letters and the four hex digits of \u)
 * and NUL bytes, so that errors stay in document order for everything but
 * the deferred checks (surrogates, control characters, UTF-8).
 */
static apig_json_status skip_string(const unsigned char *s, size_t n, size_t i,
                                    size_t *at)
{
    for (;;) {
        while (n - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (swar_quote_backslash_nul(x))
                break;
            i += 8;
        }
        while (i < n && s[i] != '"' && s[i] != '\\' && s[i] != 0)
            i++;
        if (i >= n)
            goto truncated;
        if (s[i] == '"') {
            *at = i;
            return APIG_JSON_OK;
        }
        if (s[i] == 0) {
            *at = i;
            return APIG_JSON_NUL_BYTE;
        }
        if (n - i < 2)
            goto truncated;
        switch (s[i + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            continue;
        case 'u':
            for (size_t k = 2; k < 6; k++) {
                if (i + k >= n)
                    goto truncated;
                if (hex_value(s[i + k]) < 0) {
                    *at = i;
                    return APIG_JSON_BAD_ESCAPE;
                }
            }
            i += 6;
            continue;
        default:
            *at = i;
            return APIG_JSON_BAD_ESCAPE;
        }
    }
truncated:
    *at = n;
    return APIG_JSON_TRUNCATED;
}

apig_json_status apig_json_check_string(const char *raw, size_t len,
                                        size_t *error_offset)
{
    size_t at = 0;
    if (len == 0)
        return APIG_JSON_OK;
    if (!raw) {
        if (error_offset)
            *error_offset = 0;
        return APIG_JSON_NULL_TEXT;
    }
    apig_json_status st = scan_string((const unsigned char *)raw, len, 0, 1, &at);
    if (st != APIG_JSON_OK && error_offset)
        *error_offset = at;
    return st;
}

/* ---- numbers and literals ---------------------------------------------------------- */

/* RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 * s[i] is '-' or a digit. On success *at is one past the number. A number
 * glued to a letter, digit, '.', '+' or '-' is BAD_NUMBER at that byte. */
static apig_json_status scan_number(const unsigned char *s, size_t n, size_t i,
                                    size_t *at)
{
    if (s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else if (i < n && is_digit(s[i])) {
        while (++i < n && is_digit(s[i]))
            ;
    } else {
        goto bad;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            goto bad;
        while (++i < n && is_digit(s[i]))
            ;
    }
    if (i < n && (s[i] | 0x20) == 'e') {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            goto bad;
        while (++i < n && is_digit(s[i]))
            ;
    }
    if (i < n && (byte_class[s[i]] & C_NUMEND))
        goto bad;
    *at = i;
    return APIG_JSON_OK;
bad:
    *at = i;
    return APIG_JSON_BAD_NUMBER;
}

/* s[i] is 't', 'f' or 'n'. Reports the first byte that differs (the end of
 * input included), or a letter or digit glued to the literal. */
static apig_json_status scan_literal(const unsigned char *s, size_t n, size_t i,
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
    if (i + k < n && is_alnum(s[i + k]))
        return APIG_JSON_BAD_LITERAL;
    return APIG_JSON_OK;
}

/* ---- the recognizer --------------------------------------------------------------- */

typedef struct check_out {
    size_t offset;     /* error offset */
    size_t count;      /* tokens, on success */
    size_t prim_start; /* top-level primitive, if any */
    size_t prim_end;
    int top_primitive;
} check_out;

#define OPEN_OBJECT APIG_TOKEN_OBJECT
#define OPEN_ARRAY APIG_TOKEN_ARRAY

/*
 * The single forward pass. Bit d of `objects` says whether the container
 * open at depth d + 1 is an object (depth never exceeds
 * APIG_JSON_MAX_DEPTH_LIMIT). Tokens are counted, not stored and not limited here: a
 * text over the caller's token budget is still checked to its end, so that
 * a malformed text is reported as malformed wherever the budget runs out.
 */
_Static_assert(APIG_JSON_MAX_DEPTH_LIMIT <= 64, "check() keeps one bit per level in 64 bits");

static apig_json_status check(const unsigned char *s, size_t n, size_t max_depth,
                              int defer, check_out *out)
{
    size_t i = 0, depth = 0, count = 0, at = 0;
    uint64_t objects = 0;
    int top = 0;   /* type of the innermost open container; 0 at top level */
    int comma = 0; /* the value or key expected follows a ',' */
    apig_json_status st;
    unsigned char c;

    out->top_primitive = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        at = 0;
        st = APIG_JSON_BYTE_ORDER_MARK;
        goto fail;
    }

value:
    i = skip_ws(s, n, i);
    if (i == n) {
        at = n;
        st = depth == 0 ? APIG_JSON_EMPTY : APIG_JSON_TRUNCATED;
        goto fail;
    }
    c = s[i];
    switch (c) {
    case '{':
    case '[':
        at = i;
        if (++depth > max_depth) {
            st = APIG_JSON_TOO_DEEP;
            goto fail;
        }
        count++;
        top = c == '{' ? OPEN_OBJECT : OPEN_ARRAY;
        if (top == OPEN_OBJECT)
            objects |= (uint64_t)1 << (depth - 1);
        else
            objects &= ~((uint64_t)1 << (depth - 1));
        i = skip_ws(s, n, i + 1);
        if (i == n) {
            at = n;
            st = APIG_JSON_TRUNCATED;
            goto fail;
        }
        if (s[i] == (top == OPEN_OBJECT ? '}' : ']')) {
            i++;
            goto close;
        }
        if (s[i] == ']' || s[i] == '}') {
            at = i;
            st = APIG_JSON_MISMATCHED_BRACKET;
            goto fail;
        }
        comma = 0;
        if (top == OPEN_OBJECT)
            goto key;
        goto value;
    case '"':
        count++;
        st = defer ? skip_string(s, n, i + 1, &at) : scan_string(s, n, i + 1, 0, &at);
        if (st != APIG_JSON_OK)
            goto fail;
        i = at + 1;
        goto after;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
    case 't': case 'f': case 'n':
        count++;
        st = (c == 't' || c == 'f' || c == 'n') ? scan_literal(s, n, i, &at)
                                                 : scan_number(s, n, i, &at);
        if (st != APIG_JSON_OK)
            goto fail;
        if (depth == 0) {
            out->top_primitive = 1;
            out->prim_start = i;
            out->prim_end = at;
        }
        i = at;
        goto after;
    case ']':
    case '}':
        at = i;
        if (!comma)
            st = APIG_JSON_EXPECTED_VALUE;
        else if (c == (top == OPEN_OBJECT ? '}' : ']'))
            st = APIG_JSON_TRAILING_COMMA;
        else
            st = APIG_JSON_MISMATCHED_BRACKET;
        goto fail;
    case ',':
    case ':':
        at = i;
        st = APIG_JSON_EXPECTED_VALUE;
        goto fail;
    case '+':
    case '.':
        at = i;
        st = APIG_JSON_BAD_NUMBER;
        goto fail;
    case 0:
        at = i;
        st = APIG_JSON_NUL_BYTE;
        goto fail;
    default:
        at = i;
        st = is_alnum(c) ? APIG_JSON_BAD_LITERAL : APIG_JSON_UNEXPECTED_CHAR;
        goto fail;
    }

key:
    /* In an object, after '{' (not closed at once) or after ','. */
    i = skip_ws(s, n, i);
    if (i == n) {
        at = n;
        st = APIG_JSON_TRUNCATED;
        goto fail;
    }
    c = s[i];
    if (c != '"') {
        at = i;
        st = c == '}' && comma ? APIG_JSON_TRAILING_COMMA
             : c == 0          ? APIG_JSON_NUL_BYTE
                               : APIG_JSON_EXPECTED_KEY;
        goto fail;
    }
    count++;
    st = defer ? skip_string(s, n, i + 1, &at) : scan_string(s, n, i + 1, 0, &at);
    if (st != APIG_JSON_OK)
        goto fail;
    i = skip_ws(s, n, at + 1);
    if (i == n) {
        at = n;
        st = APIG_JSON_TRUNCATED;
        goto fail;
    }
    if (s[i] != ':') {
        at = i;
        st = s[i] == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_EXPECTED_COLON;
        goto fail;
    }
    i++;
    comma = 0;
    goto value;

close:
    /* A container just closed; s[i - 1] was its closing bracket. */
    depth--;
    top = depth == 0 ? 0 : (objects >> (depth - 1)) & 1u ? OPEN_OBJECT : OPEN_ARRAY;

after:
    /* After a complete value. */
    if (depth == 0)
        goto done;
    i = skip_ws(s, n, i);
    if (i == n) {
        at = n;
        st = APIG_JSON_TRUNCATED;
        goto fail;
    }
    c = s[i];
    if (c == ',') {
        i++;
        comma = 1;
        if (top == OPEN_OBJECT)
            goto key;
        goto value;
    }
    if (c == ']' || c == '}') {
        if (c != (top == OPEN_OBJECT ? '}' : ']')) {
            at = i;
            st = APIG_JSON_MISMATCHED_BRACKET;
            goto fail;
        }
        i++;
        goto close;
    }
    at = i;
    st = c == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_EXPECTED_COMMA_OR_END;
    goto fail;

done:
    i = skip_ws(s, n, i);
    if (i < n) {
        at = i;
        st = s[i] == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_TRAILING_DATA;
        goto fail;
    }
    out->count = count;
    return APIG_JSON_OK;

fail:
    out->offset = at;
    return st;
}

/* ---- the fast path: jsmn first, then a walk over its tokens ------------------------ */

#ifndef APIG_CFG_SMALL_CODE /* the fast path (APIG_CFG_SMALL_CODE: config.h) */

/* Nonzero if one of the 8 bytes in x is below 0x20, '\\' or >= 0x80. The
 * contents of a jsmn string token hold no unescaped '"'. */
static inline uint64_t swar_not_plain(uint64_t x)
{
    uint64_t b = x ^ (ONES * '\\');
    return (((x - ONES * 0x20) & ~x) | ((b - ONES) & ~b) | x) & HIGHS;
}

/* Nonzero if one of the 8 bytes in x is below 0x20, '\\' or >= 0x80 (a
 * leaner test than swar_not_plain's, with the same answers). */
static inline uint64_t swar_not_plain_word(uint64_t x)
{
    uint64_t b = x ^ (ONES * '\\');
    return ((x - ONES * 0x20) | x | ((b - ONES) & ~b)) & HIGHS;
}

/*
 * How far, in whole 8-byte words from the start, s[0..n) holds only
 * printable ASCII without a backslash: a string token that ends there is
 * valid without looking at it again. On a minified ASCII body that is
 * every string, at about a third of the cost of checking them one by one;
 * on any other text it stops at the first newline, escape or UTF-8 byte.
 */
static size_t plain_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    uint64_t x, y;
    for (; n - i >= 16; i += 16) {
        memcpy(&x, s + i, 8);
        memcpy(&y, s + i + 8, 8);
        if (swar_not_plain_word(x) | swar_not_plain_word(y))
            break;
    }
    for (; n - i >= 8; i += 8) {
        memcpy(&x, s + i, 8);
        if (swar_not_plain_word(x))
            break;
    }
    return i;
}

/* high_bits + 8 - k, read as 8 bytes: the high bit of the first k bytes in
 * memory order, whatever the byte order. */
static const unsigned char high_bits[16] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 0, 0, 0, 0, 0, 0, 0,
};

/*
 * The contents s[a..b) of a string token: printable ASCII without a
 * backslash passes at once, 8 bytes at a time (a short string is read as 8
 * bytes of the text and masked, when the text has them); anything else
 * gets the full check. The SWAR test may flag a byte that is fine (a
 * borrow), never miss one that is not.
 */
static inline int string_ok(const unsigned char *s, size_t n, size_t a, size_t b)
{
    size_t len = b - a, at;
    uint64_t x, m;
    if (len >= 8) {
        for (; b - a > 8; a += 8) {
            memcpy(&x, s + a, 8);
            if (swar_not_plain(x))
                goto full;
        }
        memcpy(&x, s + b - 8, 8);
        if (swar_not_plain(x))
            goto full;
        return 1;
    }
    if (n - a >= 8) {
        memcpy(&x, s + a, 8);
        memcpy(&m, high_bits + 8 - len, 8);
        if (swar_not_plain(x) & m)
            goto full;
        return 1;
    }
    for (size_t i = a; i < b; i++)
        if (!plain_string_byte[s[i]])
            goto full;
    return 1;
full:
    a = b - len;
    return scan_string(s, b, a, 1, &at) == APIG_JSON_OK;
}

/* A primitive token s[a..b): exactly one number or literal. jsmn starts
 * primitives only at '-', a digit, 't', 'f' or 'n'. */
static inline int primitive_ok(const unsigned char *s, size_t a, size_t b)
{
    /* the usual case first: an integer with no leading zero */
    size_t i = a + (s[a] == '-');
    if (i < b && (unsigned)(s[i] - '1') < 9u) {
        while (++i < b && is_digit(s[i]))
            ;
        if (i == b)
            return 1;
    }
    size_t at = 0;
    unsigned char c = s[a];
    apig_json_status st = c == 't' || c == 'f' || c == 'n' ? scan_literal(s, b, a, &at)
                                                          : scan_number(s, b, a, &at);
    return st == APIG_JSON_OK && at == b;
}

/* s[a..b) is only whitespace (and a <= b). */
static inline int ws_span(const unsigned char *s, int a, int b)
{
    if (a > b)
        return 0;
    while (a < b && (byte_class[s[a]] & C_WS))
        a++;
    return a == b;
}

/* s[a..b) is whitespace around exactly one `punct` (',' or ':'). */
static int punct_span(const unsigned char *s, int a, int b, unsigned char punct)
{
    if (a > b)
        return 0;
    while (a < b && (byte_class[s[a]] & C_WS))
        a++;
    if (a == b || s[a] != punct)
        return 0;
    return ws_span(s, a + 1, b);
}

/*
 * The grammar over the value at tok[root] and everything inside it, in a
 * complete jsmn result tok[0..count) for s[0..n). A goto state machine like
 * check()'s, over tokens instead of bytes, with one state per place an item
 * can be (an object, an array), so the hot paths test no state variable.
 * `t` is the token at hand and `start` its start, `pos` the first byte not
 * yet accounted for, `cur` (index ci) the innermost open container and
 * `cur_end` its jsmn end: a token that starts at or past cur_end is after
 * cur's closing bracket. Positions are ints, as in jsmn. String contents
 * that end by `clean` are known to be plain (see plain_prefix). `room` is
 * how many containers may still open. Returns the index of the token after
 * the value, with *pos just past it, or -1 with *pos near where it went
 * wrong.
 *
 * Every byte of the value is accounted for here (gaps, brackets, numbers,
 * literals, strings) except the insides of strings when deferred, which
 * jsmn has checked as the error path's skip_string would. The only parent
 * links read are those of containers, to pop back to the enclosing one,
 * and each is checked when its container is pushed: in an array, the
 * array; in an object, the key just before it, whose own parent is the
 * object. The root is never popped from, so its own link is not read.
 */
#define WALK_SCALAR(after)                                                                   \
    do {                                                                                     \
        if (t->type == APIG_TOKEN_STRING) {                                                  \
            if (!defer && t->end > clean &&                                                  \
                !string_ok(s, n, (size_t)start, (size_t)t->end))                             \
                goto refuse;                                                                 \
            pos = t->end + 1;                                                                \
            goto after;                                                                      \
        }                                                                                    \
        if (t->type == APIG_TOKEN_PRIMITIVE) {                                               \
            if (!primitive_ok(s, (size_t)start, (size_t)t->end))                             \
                goto refuse;                                                                 \
            pos = t->end;                                                                    \
            goto after;                                                                      \
        }                                                                                    \
    } while (0)

#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int walk(const unsigned char *s, size_t n, const apig_token *tok, int count,
                       int root, size_t room, int defer, int clean, int *pos_out)
{
    const apig_token *t = tok + root, *last = tok + count - 1, *cur = NULL;
    int ci = -1, cur_end = 0, pos = t->start, start = t->start, gap_end;

    WALK_SCALAR(done);
    goto push;

value_in_object:
    /* t follows a key and its ':' */
    WALK_SCALAR(after_in_object);
    if (t->parent != (int)(t - tok) - 1 || t[-1].parent != ci)
        goto refuse;
    goto push;

value_in_array:
    /* t follows '[' or ',' in an array */
    WALK_SCALAR(after_in_array);
    if (t->parent != ci)
        goto refuse;

push:
    /* t, a container whose parent link is checked, opens */
    if (room == 0 || (t->type != APIG_TOKEN_OBJECT && t->type != APIG_TOKEN_ARRAY) ||
        s[start] != (t->type == APIG_TOKEN_OBJECT ? '{' : '['))
        goto refuse;
    room--;
    cur = t;
    ci = (int)(t - tok);
    cur_end = t->end;
    pos = start + 1;
    /* the first item, after whitespace only, or the closing bracket */
    if (t == last || (start = t[1].start) >= cur_end)
        goto close;
    t++;
    if (cur->type == APIG_TOKEN_OBJECT) {
        if (t->type != APIG_TOKEN_STRING || (start - 1 != pos && !ws_span(s, pos, start - 1)))
            goto refuse;
        goto key;
    }
    gap_end = start - (t->type == APIG_TOKEN_STRING);
    if (gap_end != pos && !ws_span(s, pos, gap_end))
        goto refuse;
    goto value_in_array;

after_in_object:
    /* a member ended just before pos: ',' and a key, or the end */
    if (t == last || (start = t[1].start) >= cur_end)
        goto close;
    t++;
    if (t->type != APIG_TOKEN_STRING ||
        (!(start == pos + 2 && s[pos] == ',') && !punct_span(s, pos, start - 1, ',')))
        goto refuse;

key:
    /* t, a string, follows '{' or ',' in an object */
    if (!defer && t->end > clean && !string_ok(s, n, (size_t)start, (size_t)t->end))
        goto refuse;
    pos = t->end + 1;
    /* its value, after the ':' */
    if (t == last || (start = t[1].start) >= cur_end)
        goto refuse;
    t++;
    gap_end = start - (t->type == APIG_TOKEN_STRING);
    if (!(gap_end == pos + 1 && s[pos] == ':') && !punct_span(s, pos, gap_end, ':'))
        goto refuse;
    goto value_in_object;

after_in_array:
    /* an item ended just before pos: ',' and an item, or the end */
    if (t == last || (start = t[1].start) >= cur_end)
        goto close;
    t++;
    gap_end = start - (t->type == APIG_TOKEN_STRING);
    if (!(gap_end == pos + 1 && s[pos] == ',') && !punct_span(s, pos, gap_end, ','))
        goto refuse;
    goto value_in_array;

close: {
    /* only whitespace before cur's closing bracket, of cur's kind */
    int e = cur_end - 1;
    if ((e != pos && !ws_span(s, pos, e)) ||
        s[e] != (cur->type == APIG_TOKEN_OBJECT ? '}' : ']'))
        goto refuse;
    pos = cur_end;
    if (ci == root)
        goto done;
    room++;
    /* back to the enclosing container; in an object, through the key */
    int p = cur->parent;
    if (p >= 0 && tok[p].type == APIG_TOKEN_STRING)
        p = tok[p].parent;
    ci = p;
    cur = &tok[p];
    cur_end = cur->end;
    if (cur->type == APIG_TOKEN_OBJECT)
        goto after_in_object;
    goto after_in_array;
}

done:
    *pos_out = pos;
    return (int)(t - tok) + 1;
refuse:
    *pos_out = pos;
    return -1;
}

#undef WALK_SCALAR

/* The whole text: whitespace, one value, whitespace, and no token left
 * over. Two copies, with and without the string checks. */
static inline int walk_text(const unsigned char *s, size_t n, const apig_token *tok, int count,
                            size_t max_depth, int defer, int clean, size_t *at)
{
    int start = tok[0].start, pos = 0;
    int gap_end = start - (tok[0].type == APIG_TOKEN_STRING);
    if (!ws_span(s, 0, gap_end)) {
        *at = 0;
        return 0;
    }
    int next = walk(s, n, tok, count, 0, max_depth, defer, clean, &pos);
    /* one value, then only whitespace to the end (jsmn stops at a NUL) */
    if (next != count || !ws_span(s, pos, (int)n)) {
        *at = pos > 0 ? (size_t)pos : 0;
        return 0;
    }
    return 1;
}

static int walk_strict(const unsigned char *s, size_t n, const apig_token *tok, int count,
                       size_t max_depth, size_t *at)
{
    return walk_text(s, n, tok, count, max_depth, 0, (int)plain_prefix(s, n), at);
}

static int walk_deferred(const unsigned char *s, size_t n, const apig_token *tok, int count,
                         size_t max_depth, size_t *at)
{
    return walk_text(s, n, tok, count, max_depth, 1, 0, at);
}

int apig__json_walk_value(const char *text, size_t len, const apig_token *tokens, int count,
                          int i, size_t room, int *pos)
{
    return walk((const unsigned char *)text, len, tokens, count, i, room, 0, 0, pos);
}

int apig__json_string_ok(const char *text, size_t len, int start, int end)
{
    return string_ok((const unsigned char *)text, len, (size_t)start, (size_t)end);
}

int apig__json_primitive_ok(const char *text, int start, int end)
{
    return primitive_ok((const unsigned char *)text, (size_t)start, (size_t)end);
}

int apig__json_gap_ok(const char *text, int from, int to, char punct)
{
    const unsigned char *s = (const unsigned char *)text;
    return punct ? punct_span(s, from, to, (unsigned char)punct) : ws_span(s, from, to);
}

static inline int starts_primitive(unsigned char c)
{
    return is_digit(c) || c == '-' || c == 't' || c == 'f' || c == 'n';
}

/* The fast path. APIG_JSON_OK with *count tokens written, or any other
 * status to say "not proved here" (with *at near where), which is not an
 * error report: the error path finds the real one. */
static apig_json_status fast_parse(const unsigned char *s, size_t n, apig_token *tokens,
                                   size_t cap, size_t max_depth, int defer, size_t *count,
                                   size_t *at)
{
    *at = 0;
    if (cap == 0) /* jsmn counts without writing when given no tokens */
        return APIG_JSON_TOO_MANY_TOKENS;
    size_t i = skip_ws(s, n, 0), end = 0;
    if (i == n) {
        *at = n;
        return APIG_JSON_EMPTY;
    }
    if (starts_primitive(s[i])) {
        /* a top-level number or literal, then only whitespace */
        unsigned char c = s[i];
        apig_json_status st = c == 't' || c == 'f' || c == 'n' ? scan_literal(s, n, i, &end)
                                                               : scan_number(s, n, i, &end);
        if (st != APIG_JSON_OK || skip_ws(s, n, end) != n) {
            *at = end;
            return APIG_JSON_UNEXPECTED_CHAR;
        }
        tokens[0].type = APIG_TOKEN_PRIMITIVE;
        tokens[0].start = (int)i;
        tokens[0].end = (int)end;
        tokens[0].size = 0;
        tokens[0].parent = -1;
        *count = 1;
        return APIG_JSON_OK;
    }
    size_t stop = 0;
    unsigned give = cap > UINT_MAX ? UINT_MAX : (unsigned)cap; /* count < n <= INT_MAX */
    int r = apig__json_tokenize_bounded((const char *)s, n, tokens, give, max_depth, &stop);
    if (r <= 0) {
        *at = stop;
        return APIG_JSON_UNEXPECTED_CHAR;
    }
    if (!(defer ? walk_deferred(s, n, tokens, r, max_depth, at)
                : walk_strict(s, n, tokens, r, max_depth, at)))
        return APIG_JSON_UNEXPECTED_CHAR;
    *count = (size_t)r;
    return APIG_JSON_OK;
}

/* ---- the error path ------------------------------------------------------------------- */

#endif /* APIG_CFG_SMALL_CODE */

static apig_json_result failed(apig_json_status status, size_t offset)
{
    apig_json_result r = {status, offset, 0};
    return r;
}

static apig_json_result parse_full(const unsigned char *s, size_t len, apig_token *tokens,
                                   size_t token_cap, size_t max_depth, int defer)
{
    check_out out;
    apig_json_status st = check(s, len, max_depth, defer, &out);
    if (st != APIG_JSON_OK)
        return failed(st, out.offset);

    if (token_cap == 0) {
        /* No room for the first token; jsmn would count instead of failing. */
        apig_json_result r = {APIG_JSON_TOO_MANY_TOKENS, skip_ws(s, len, 0), 0};
        return r;
    }
    apig_json_result r = {APIG_JSON_OK, 0, out.count};
    if (out.top_primitive) {
        /* out.count == 1 <= token_cap */
        tokens[0].type = APIG_TOKEN_PRIMITIVE;
        tokens[0].start = (int)out.prim_start;
        tokens[0].end = (int)out.prim_end;
        tokens[0].size = 0;
        tokens[0].parent = -1;
        return r;
    }
    /* A well-formed text: jsmn fills the array, all of it or, over the
     * budget, its first token_cap tokens (the prefix a decoder can still
     * read; jsmn stops at the first token it has no room for). */
    unsigned give = out.count > token_cap ? (unsigned)token_cap : (unsigned)out.count;
    size_t stop = 0;
    int n = apig__json_tokenize((const char *)s, len, tokens, give, &stop);
    if (out.count > token_cap && n == APIG__TOKENIZE_NOMEM) {
        r.status = APIG_JSON_TOO_MANY_TOKENS;
        r.offset = stop;
        r.token_count = token_cap;
        return r;
    }
    if (n >= 0 && (size_t)n == out.count)
        return r;
    /* Unreachable: check() accepts nothing jsmn refuses (the tests and
     * the fuzz target hold it to that); never report success for it. */
    return failed(APIG_JSON_UNEXPECTED_CHAR, stop < len ? stop : len);
}

/* ---- the entry points -------------------------------------------------------------------- */

enum { PATH_BOTH, PATH_FULL };

static apig_json_result parse(const char *text, size_t len, apig_token *tokens,
                              size_t token_cap, const apig_json_limits *limits,
                              unsigned flags, int path)
{
    size_t max_depth = limits && limits->max_depth ? limits->max_depth
                                                   : (size_t)APIG_CFG_MAX_DEPTH;
    /* Deeper, jsmn's closing brackets would cost more per byte (json.h),
     * and check() keeps one bit per level in a 64-bit word. */
    if (max_depth > APIG_JSON_MAX_DEPTH_LIMIT)
        max_depth = APIG_JSON_MAX_DEPTH_LIMIT;
    size_t max_bytes = limits && limits->max_bytes ? limits->max_bytes
                                                   : (size_t)APIG_CFG_MAX_BODY_BYTES;
    /* Token offsets are ints in jsmn. */
    if (max_bytes > (size_t)INT_MAX)
        max_bytes = (size_t)INT_MAX;
    if (!text)
        return failed(len == 0 ? APIG_JSON_EMPTY : APIG_JSON_NULL_TEXT, 0);
    if (len > max_bytes)
        return failed(APIG_JSON_TOO_LARGE, max_bytes);
    if (!tokens)
        token_cap = 0;

    const unsigned char *s = (const unsigned char *)text;
    int defer = (flags & APIG_JSON_DEFER_STRINGS) != 0;
#ifdef APIG_CFG_SMALL_CODE
    /* Flash over speed: the complete checker alone (it accepts exactly what
     * the fast path accepts); the fast path is then never compiled. */
    (void)path;
    return parse_full(s, len, tokens, token_cap, max_depth, defer);
#else
    if (path == PATH_FULL)
        return parse_full(s, len, tokens, token_cap, max_depth, defer);

    size_t count = 0, at = 0;
    apig_json_status st = fast_parse(s, len, tokens, token_cap, max_depth, defer, &count, &at);
    if (st == APIG_JSON_OK) {
        apig_json_result r = {APIG_JSON_OK, 0, count};
        return r;
    }
    apig_json_result r = parse_full(s, len, tokens, token_cap, max_depth, defer);
    if (r.status != APIG_JSON_OK)
        return r;
    /* The error path accepted what the fast path could not prove: a bug in
     * one of them. Fail safe (the differential test would catch it). */
    return failed(APIG_JSON_UNEXPECTED_CHAR, at < len ? at : len);
#endif
}

apig_json_result apig_json_parse(const char *text, size_t len,
                                 apig_token *tokens, size_t token_cap,
                                 const apig_json_limits *limits,
                                 unsigned flags)
{
    return parse(text, len, tokens, token_cap, limits, flags, PATH_BOTH);
}

apig_json_result apig__json_parse_full(const char *text, size_t len, apig_token *tokens,
                                       size_t token_cap, const apig_json_limits *limits,
                                       unsigned flags)
{
    return parse(text, len, tokens, token_cap, limits, flags, PATH_FULL);
}
