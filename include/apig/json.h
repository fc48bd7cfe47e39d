/* SPDX-License-Identifier: MIT */
/*
 * apig/json.h - strict RFC 8259 JSON on top of jsmn, with no allocation.
 *
 * jsmn tokenizes; this layer adds what jsmn does not check (comma/colon
 * grammar, number and literal syntax, escapes, UTF-8, surrogates, trailing
 * data, limits), so that a text accepted here is exactly a text RFC 8259
 * accepts, with two deliberate refusals: a byte-order mark, and duplicate
 * keys are left to the decoder (which knows which keys matter).
 *
 * Thread safety: reentrant; all state lives in caller-owned memory.
 */
#ifndef APIG_JSON_H
#define APIG_JSON_H

#include <stddef.h>
#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Token types; the values match jsmn's. */
typedef enum apig_token_type {
    APIG_TOKEN_UNDEFINED = 0,
    APIG_TOKEN_OBJECT = 1,
    APIG_TOKEN_ARRAY = 2,
    APIG_TOKEN_STRING = 3,
    APIG_TOKEN_PRIMITIVE = 4 /* number, true, false or null */
} apig_token_type;

/*
 * One token, laid out exactly as jsmn's jsmntok_t built with
 * JSMN_PARENT_LINKS (checked by static assertions in src/json). Strings span
 * their contents without the quotes; `size` counts an object's keys, an
 * array's items, or 1 for a key that has its value. Tokens are in document
 * order. The caller owns the array; the parser only writes into it.
 */
typedef struct apig_token {
    int type;   /* apig_token_type */
    int start;  /* byte offset of the first byte */
    int end;    /* byte offset one past the last byte */
    int size;
    int parent; /* index of the enclosing token, -1 at top level */
} apig_token;

/* X(ENUM_SUFFIX, message). The message names what is wrong; the position
 * is reported separately, as a byte offset. */
#define APIG_JSON_ERRORS(X)                                                  \
    X(OK, "no error")                                                        \
    X(EMPTY, "unexpected end of JSON input")                                 \
    X(TRUNCATED, "unexpected end of JSON input")                             \
    X(UNEXPECTED_CHAR, "invalid character")                                  \
    X(EXPECTED_VALUE, "expected a value")                                    \
    X(EXPECTED_KEY, "expected a string key")                                 \
    X(EXPECTED_COLON, "expected ':' after an object key")                    \
    X(EXPECTED_COMMA_OR_END, "expected ',' or a closing bracket")            \
    X(TRAILING_COMMA, "trailing comma")                                      \
    X(MISMATCHED_BRACKET, "mismatched closing bracket")                      \
    X(BAD_NUMBER, "invalid number")                                          \
    X(BAD_LITERAL, "invalid literal")                                        \
    X(BAD_ESCAPE, "invalid escape sequence")                                 \
    X(LONE_SURROGATE, "invalid surrogate escape")                            \
    X(CONTROL_CHAR, "unescaped control character in string")                 \
    X(BAD_UTF8, "invalid UTF-8")                                             \
    X(BYTE_ORDER_MARK, "byte-order mark is not allowed")                     \
    X(NUL_BYTE, "NUL byte is not allowed")                                   \
    X(TRAILING_DATA, "data after the JSON value")                            \
    X(TOO_DEEP, "nesting is too deep")                                       \
    X(TOO_MANY_TOKENS, "too many tokens")                                    \
    X(TOO_LARGE, "input is too large")                                      \
    X(NULL_TEXT, "text is NULL but its length is not 0")

typedef enum apig_json_status {
#define APIG_X_JSON_ENUM(name, text) APIG_JSON_##name,
    APIG_JSON_ERRORS(APIG_X_JSON_ENUM)
#undef APIG_X_JSON_ENUM
    APIG_JSON_STATUS_COUNT
} apig_json_status;

/*
 * The deepest nesting of arrays and objects apig_json_parse ever accepts,
 * whatever the limits asked for. jsmn closes a bracket by walking back up
 * the parent links of what it closes, so the worst text costs more per
 * byte the deeper it may nest. At this depth it costs under 3 times a
 * flat text of the same size and token count (tests/test_cost.c counts
 * the instructions); the bundled operations nest 3 deep.
 */
#define APIG_JSON_MAX_DEPTH_LIMIT 64

typedef struct apig_json_limits {
    size_t max_depth;  /* 0 means APIG_CFG_MAX_DEPTH; above
                          APIG_JSON_MAX_DEPTH_LIMIT means that limit */
    size_t max_bytes;  /* 0 means APIG_CFG_MAX_BODY_BYTES */
} apig_json_limits;

typedef struct apig_json_result {
    apig_json_status status;
    size_t offset;      /* where the error is; meaningful when status != OK */
    size_t token_count; /* tokens written: all of them when status == OK,
                           the first token_cap with APIG_JSON_TOO_MANY_TOKENS */
} apig_json_result;

/* Skip the per-string UTF-8/escape checks: the caller promises to run
 * apig_json_check_string() (or an equivalent fused decoder) on every
 * string token itself. Grammar, numbers and literals are still checked. */
#define APIG_JSON_DEFER_STRINGS 0x1u

/*
 * Tokenizes and checks `len` bytes at `text` (not NUL-terminated; a NUL
 * byte inside is an error). Writes at most `token_cap` tokens to `tokens`
 * (token_cap is the token budget). `limits` may be NULL for the defaults.
 * `flags` is 0 or APIG_JSON_DEFER_STRINGS. Any top-level value is accepted
 * here. Never allocates, never recurses, reads no byte outside
 * [text, text+len). Returns the result by value.
 *
 * Errors, in this order: `text` NULL with a non-zero `len` is
 * APIG_JSON_NULL_TEXT; a text over max_bytes is APIG_JSON_TOO_LARGE
 * (nothing read); otherwise the first error by position in the text
 * (a syntax error, or APIG_JSON_TOO_DEEP), found by reading the whole
 * text if need be. Only a text with no such error is measured against the
 * token budget: over it, the result is APIG_JSON_TOO_MANY_TOKENS, its
 * offset is where the first token that had no room starts in the text (a
 * string's at its opening quote, one byte before its token's start),
 * token_count is token_cap, and tokens[0..token_cap) hold the text's first
 * tokens exactly as a complete parse would, except that a container not
 * closed within them has end -1 and a size counting only its items (or
 * keys) among them. After any other error the token array's contents are
 * unspecified (it serves as scratch space while the error is located).
 *
 * `text` NULL with `len` 0 is the empty text (APIG_JSON_EMPTY). `tokens`
 * NULL means token_cap 0.
 */
APIG_API apig_json_result apig_json_parse(const char *text, size_t len,
                                          apig_token *tokens, size_t token_cap,
                                          const apig_json_limits *limits,
                                          unsigned flags);

/*
 * Checks the raw contents of one string token (between the quotes):
 * escapes, surrogate pairs, control characters and UTF-8. On failure sets
 * *error_offset (relative to `raw`; `error_offset` may be NULL) and returns
 * the status. `raw` NULL with `len` 0 is the empty string; with another
 * length, APIG_JSON_NULL_TEXT at offset 0. Reentrant.
 */
APIG_API apig_json_status apig_json_check_string(const char *raw, size_t len,
                                                 size_t *error_offset);

/* The constant message of a status ("invalid number"); never NULL. */
APIG_API const char *apig_json_status_text(apig_json_status status);

#ifdef __cplusplus
}
#endif

#endif /* APIG_JSON_H */
