/* SPDX-License-Identifier: MIT */
/*
 * walk.c - the fast path of apig_json_parse (json.c): jsmn first, over the
 * whole text, since its tokens are wanted anyway, then a walk over them.
 *
 * jsmn is not a validator, so the walk goes over the token array in
 * document order with a small grammar state machine (value, key, ':', ',',
 * closing bracket, nesting depth) and looks only at the bytes jsmn has not
 * already proved: the gaps between tokens (whitespace plus exactly the one
 * expected ',' or ':', or whitespace before a closing bracket of the right
 * kind), the trailing bytes after the top-level value, every number and
 * literal, and the contents of every string (unless
 * APIG_JSON_DEFER_STRINGS; the escape letters and \u digits jsmn checks
 * itself): one SWAR sweep finds how far the text is plain printable ASCII,
 * and only strings that end past that are looked at one by one. It trusts
 * jsmn only for token boundaries and types: each parent link it uses to pop
 * a container was checked against its own state when pushed, and every
 * byte outside a token is accounted for by the walk, so jsmn's quirks on
 * invalid text (`[1:2]` as one primitive, `:` moving its parent pointer)
 * cannot make it accept. jsmn is fed its tokens a step at a time with the
 * depth measured in between (tokenizer.c), so an abusive nesting is cut off
 * near max_depth. A top-level number or literal is scanned directly: strict
 * jsmn refuses a primitive that ends at the end of its input.
 *
 * The walk's pieces are also the decoder's (json_internal.h): its one pass
 * proves the body as it goes with them. APIG_CFG_SMALL_CODE (config.h)
 * compiles none of this file.
 *
 * Never reads s[n]; no heap, no stdio, no mutable globals.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "json_internal.h"
#include "paths.h"
#include "scan.h"
#include "tokenizer.h"

#ifndef APIG_CFG_SMALL_CODE

/* Nonzero if one of the 8 bytes in x is below 0x20, '\\' or >= 0x80. The
 * contents of a jsmn string token hold no unescaped '"'. */
static inline uint64_t swar_not_plain(uint64_t x)
{
    return (((x - APIG__JSON_ONES * 0x20) & ~x) | apig__json_swar_eq(x, '\\') | x) &
           APIG__JSON_HIGHS;
}

/* Nonzero if one of the 8 bytes in x is below 0x20, '\\' or >= 0x80 (a
 * leaner test than swar_not_plain's, with the same answers). */
static inline uint64_t swar_not_plain_word(uint64_t x)
{
    return ((x - APIG__JSON_ONES * 0x20) | x | apig__json_swar_eq(x, '\\')) & APIG__JSON_HIGHS;
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
        if (!apig__json_plain_string_byte[s[i]])
            goto full;
    return 1;
full:
    a = b - len;
    return apig__json_scan_string(s, b, a, 1, &at) == APIG_JSON_OK;
}

/* A primitive token s[a..b): exactly one number or literal. jsmn starts
 * primitives only at '-', a digit, 't', 'f' or 'n'. */
static inline int primitive_ok(const unsigned char *s, size_t a, size_t b)
{
    /* the usual case first: an integer with no leading zero */
    size_t i = a + (s[a] == '-');
    if (i < b && (unsigned)(s[i] - '1') < 9u) {
        while (++i < b && apig__json_is_digit(s[i]))
            ;
        if (i == b)
            return 1;
    }
    size_t at = 0;
    return apig__json_scan_primitive(s, b, a, &at) == APIG_JSON_OK && at == b;
}

/* s[a..b) is only whitespace (and a <= b). */
static inline int ws_span(const unsigned char *s, int a, int b)
{
    if (a > b)
        return 0;
    while (a < b && apig__json_is_ws(s[a]))
        a++;
    return a == b;
}

/* s[a..b) is whitespace around exactly one `punct` (',' or ':'). */
static int punct_span(const unsigned char *s, int a, int b, unsigned char punct)
{
    if (a > b)
        return 0;
    while (a < b && apig__json_is_ws(s[a]))
        a++;
    if (a == b || s[a] != punct)
        return 0;
    return ws_span(s, a + 1, b);
}

/*
 * The grammar over the value at tok[root] and everything inside it, in a
 * complete jsmn result tok[0..count) for s[0..n). A goto state machine over
 * tokens (check.c has its byte-level twin), with one state per place an
 * item can be (an object, an array), so the hot paths test no state
 * variable.
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
 * jsmn has checked as the error path's skip_string (check.c) would. The only parent
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
static inline int walk_tokens(const unsigned char *s, size_t n, const apig_token *tok,
                              int count, int root, size_t room, int defer, int clean,
                              int *pos_out)
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
    int next = walk_tokens(s, n, tok, count, 0, max_depth, defer, clean, &pos);
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
    return walk_tokens((const unsigned char *)text, len, tokens, count, i, room, 0, 0, pos);
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

apig_json_status apig__json_fast_path(const unsigned char *s, size_t n, apig_token *tokens,
                                      size_t cap, size_t max_depth, int defer, size_t *count,
                                      size_t *at)
{
    *at = 0;
    if (cap == 0) /* jsmn counts without writing when given no tokens */
        return APIG_JSON_TOO_MANY_TOKENS;
    size_t i = apig__json_skip_ws(s, n, 0), end = 0;
    if (i == n) {
        *at = n;
        return APIG_JSON_EMPTY;
    }
    if (apig__json_starts_primitive(s[i])) {
        /* a top-level number or literal, then only whitespace */
        apig_json_status st = apig__json_scan_primitive(s, n, i, &end);
        if (st != APIG_JSON_OK || apig__json_skip_ws(s, n, end) != n) {
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

#endif /* APIG_CFG_SMALL_CODE */
