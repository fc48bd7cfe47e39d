/* SPDX-License-Identifier: MIT */
/*
 * check.c - the error path of apig_json_parse (json.c): check(), a complete
 * forward RFC 8259 recognizer, then jsmn on what it accepts.
 *
 * check() stops at the first error, so the status and offset reported are
 * those of the error at the smallest offset, and an abusive input
 * (1,000,000 `[`) costs only max_depth bytes of work. It enforces the depth
 * limit, with its stack of open containers as one bit per level (the depth
 * limit is at most 64), and counts tokens exactly as jsmn allocates them,
 * without a limit: the token budget is a resource limit, not a grammar
 * rule, so a text over it is still checked to its end and a malformed one
 * is reported as malformed. No recursion. If check() finds no error, jsmn
 * runs with exactly the tokens check() counted or, over the budget, fills
 * the caller's array with the text's first tokens (TOO_MANY_TOKENS, with
 * that prefix readable). With APIG_JSON_DEFER_STRINGS check() still
 * verifies inside strings what jsmn verifies (escape letters, \u hex
 * digits) and NUL bytes, and skips only surrogates, control characters and
 * UTF-8, which the decoder checks as it copies.
 *
 * Never reads s[n]; no heap, no stdio, no mutable globals.
 */
#include <stdint.h>
#include <string.h>

#include "paths.h"
#include "scan.h"
#include "tokenizer.h"

/* ---- strings ----------------------------------------------------------------------- */

/* Nonzero if one of the 8 bytes in x is '"', '\\' or NUL. */
static inline uint64_t swar_quote_backslash_nul(uint64_t x)
{
    return (apig__json_swar_eq(x, '"') | apig__json_swar_eq(x, '\\') | apig__json_swar_eq(x, 0)) &
           APIG__JSON_HIGHS;
}

/*
 * With the string checks deferred: finds the closing quote (*at), checking
 * only what jsmn also checks (the escape letters and the four hex digits of
 * \u) and NUL bytes, so that errors stay in document order for everything
 * but the deferred checks (surrogates, control characters, UTF-8).
 */
static apig_json_status skip_string(const unsigned char *s, size_t n, size_t i, size_t *at)
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
                if (apig__hex_value(s[i + k]) < 0) {
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

/* A string's contents alone: the error path's scanner, in raw mode. */
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
    apig_json_status st = apig__json_scan_string((const unsigned char *)raw, len, 0, 1, &at);
    if (st != APIG_JSON_OK && error_offset)
        *error_offset = at;
    return st;
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

_Static_assert(APIG_JSON_MAX_DEPTH_LIMIT <= 64, "check() keeps one bit per level in 64 bits");

/* What is wrong with byte b where a value should start (after a ',' if
 * `comma`, in a container of type `top`, 0 at the top level). */
static inline apig_json_status not_a_value(unsigned char b, int comma, int top)
{
    switch (b) {
    case ']':
    case '}':
        if (!comma)
            return APIG_JSON_EXPECTED_VALUE;
        return b == (top == OPEN_OBJECT ? '}' : ']') ? APIG_JSON_TRAILING_COMMA
                                                     : APIG_JSON_MISMATCHED_BRACKET;
    case ',':
    case ':':
        return APIG_JSON_EXPECTED_VALUE;
    case '+':
    case '.':
        return APIG_JSON_BAD_NUMBER;
    case 0:
        return APIG_JSON_NUL_BYTE;
    default:
        return apig__json_is_alnum(b) ? APIG_JSON_BAD_LITERAL : APIG_JSON_UNEXPECTED_CHAR;
    }
}

/* What is wrong with byte b where a key should start. */
static inline apig_json_status not_a_key(unsigned char b, int comma)
{
    if (b == '}' && comma)
        return APIG_JSON_TRAILING_COMMA;
    return b == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_EXPECTED_KEY;
}

/* `objects` with the container open at `depth` (>= 1) of type `top`. */
static inline uint64_t set_level(uint64_t objects, size_t depth, int top)
{
    uint64_t bit = (uint64_t)1 << (depth - 1);
    return top == OPEN_OBJECT ? objects | bit : objects & ~bit;
}

/* The type of the container open at `depth`, 0 for none (the top level). */
static inline int level(uint64_t objects, size_t depth)
{
    if (depth == 0)
        return 0;
    return (objects >> (depth - 1)) & 1u ? OPEN_OBJECT : OPEN_ARRAY;
}

/* The string whose opening quote is s[i]; *at is its closing quote. */
static inline apig_json_status string_at(const unsigned char *s, size_t n, size_t i, int defer,
                                         size_t *at)
{
    return defer ? skip_string(s, n, i + 1, at)
                 : apig__json_scan_string(s, n, i + 1, 0, at);
}

/*
 * The single forward pass, a goto state machine over bytes with a state
 * per place in the grammar: a value, a key, after a closing bracket, after
 * a value. Bit d of `objects` says whether the container open at depth
 * d + 1 is an object (depth never exceeds APIG_JSON_MAX_DEPTH_LIMIT).
 * Tokens are counted, not stored and not limited here: a text over the
 * caller's token budget is still checked to its end, so that a malformed
 * text is reported as malformed wherever the budget runs out. FAIL(where,
 * status) reports the error at `where`.
 */
#define FAIL(where, status) do { at = (where); st = (status); goto fail; } while (0)
static apig_json_status check(const unsigned char *s, size_t n, size_t max_depth, int defer,
                              check_out *out)
{
    size_t i = 0, depth = 0, count = 0, at = 0;
    uint64_t objects = 0;
    int top = 0;   /* type of the innermost open container; 0 at top level */
    int comma = 0; /* the value or key expected follows a ',' */
    apig_json_status st;
    unsigned char c;

    out->top_primitive = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        FAIL(0, APIG_JSON_BYTE_ORDER_MARK);

value:
    i = apig__json_skip_ws(s, n, i);
    if (i == n)
        FAIL(n, depth == 0 ? APIG_JSON_EMPTY : APIG_JSON_TRUNCATED);
    c = s[i];
    if (c == '{' || c == '[') {
        if (++depth > max_depth)
            FAIL(i, APIG_JSON_TOO_DEEP);
        count++;
        top = c == '{' ? OPEN_OBJECT : OPEN_ARRAY;
        objects = set_level(objects, depth, top);
        i = apig__json_skip_ws(s, n, i + 1);
        if (i == n)
            FAIL(n, APIG_JSON_TRUNCATED);
        if (s[i] == (top == OPEN_OBJECT ? '}' : ']')) {
            i++;
            goto close;
        }
        if (s[i] == ']' || s[i] == '}')
            FAIL(i, APIG_JSON_MISMATCHED_BRACKET);
        comma = 0;
        if (top == OPEN_OBJECT)
            goto key;
        goto value;
    }
    if (c == '"') {
        count++;
        if ((st = string_at(s, n, i, defer, &at)) != APIG_JSON_OK)
            goto fail;
        i = at + 1;
        goto after;
    }
    if (apig__json_starts_primitive(c)) {
        count++;
        if ((st = apig__json_scan_primitive(s, n, i, &at)) != APIG_JSON_OK)
            goto fail;
        if (depth == 0) {
            out->top_primitive = 1;
            out->prim_start = i;
            out->prim_end = at;
        }
        i = at;
        goto after;
    }
    FAIL(i, not_a_value(c, comma, top));

key:
    /* In an object, after '{' (not closed at once) or after ','. */
    i = apig__json_skip_ws(s, n, i);
    if (i == n)
        FAIL(n, APIG_JSON_TRUNCATED);
    c = s[i];
    if (c != '"')
        FAIL(i, not_a_key(c, comma));
    count++;
    if ((st = string_at(s, n, i, defer, &at)) != APIG_JSON_OK)
        goto fail;
    i = apig__json_skip_ws(s, n, at + 1);
    if (i == n)
        FAIL(n, APIG_JSON_TRUNCATED);
    if (s[i] != ':')
        FAIL(i, s[i] == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_EXPECTED_COLON);
    i++;
    comma = 0;
    goto value;

close:
    /* A container just closed; s[i - 1] was its closing bracket. */
    depth--;
    top = level(objects, depth);

after:
    /* After a complete value. */
    if (depth == 0)
        goto done;
    i = apig__json_skip_ws(s, n, i);
    if (i == n)
        FAIL(n, APIG_JSON_TRUNCATED);
    c = s[i];
    if (c == ',') {
        i++;
        comma = 1;
        if (top == OPEN_OBJECT)
            goto key;
        goto value;
    }
    if (c == ']' || c == '}') {
        if (c != (top == OPEN_OBJECT ? '}' : ']'))
            FAIL(i, APIG_JSON_MISMATCHED_BRACKET);
        i++;
        goto close;
    }
    FAIL(i, c == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_EXPECTED_COMMA_OR_END);

done:
    i = apig__json_skip_ws(s, n, i);
    if (i < n)
        FAIL(i, s[i] == 0 ? APIG_JSON_NUL_BYTE : APIG_JSON_TRAILING_DATA);
    out->count = count;
    return APIG_JSON_OK;

fail:
    out->offset = at;
    return st;
}

#undef FAIL

/* ---- the error path ------------------------------------------------------------------- */

apig_json_result apig__json_error_path(const unsigned char *s, size_t len, apig_token *tokens,
                                      size_t token_cap, size_t max_depth, int defer)
{
    check_out out;
    apig_json_status st = check(s, len, max_depth, defer, &out);
    if (st != APIG_JSON_OK)
        return apig__json_failed(st, out.offset);

    if (token_cap == 0) {
        /* No room for the first token; jsmn would count instead of failing. */
        apig_json_result r = {APIG_JSON_TOO_MANY_TOKENS, apig__json_skip_ws(s, len, 0), 0};
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
    return apig__json_failed(APIG_JSON_UNEXPECTED_CHAR, stop < len ? stop : len);
}
