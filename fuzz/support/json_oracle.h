/* SPDX-License-Identifier: MIT */
/*
 * json_oracle.h - a second RFC 8259 recogniser, for the differential fuzz
 * target only (fuzz/fuzz_json.c). It shares no code with src/ and includes
 * nothing but libc: it is meant to be read top to bottom and believed.
 *
 * It judges the language apig documents (include/apig/json.h): RFC 8259,
 * plus a byte-order mark refused, NUL bytes refused, UTF-8 held to RFC 3629
 * (no overlong forms, no encoded surrogates, nothing above U+10FFFF), lone
 * surrogate escapes refused, a nesting limit, a size limit and a token
 * budget. It names errors and places them by the convention written down
 * in docs/security-json-offsets.md.
 *
 * The limits are taken as given: the caller applies apig's defaults and
 * clamps (0 meaning the configured default, and so on) before asking.
 * Recursion is one level per open container, so max_depth bounds it.
 */
#ifndef APIG_FUZZ_JSON_ORACLE_H
#define APIG_FUZZ_JSON_ORACLE_H

#include <stddef.h>

/* Error kinds, in the order of apig_json_status (OK .. TOO_LARGE); the
 * fuzz target maps one onto the other by name. */
typedef enum json_oracle_status {
    JO_OK,
    JO_EMPTY,
    JO_TRUNCATED,
    JO_UNEXPECTED_CHAR,
    JO_EXPECTED_VALUE,
    JO_EXPECTED_KEY,
    JO_EXPECTED_COLON,
    JO_EXPECTED_COMMA_OR_END,
    JO_TRAILING_COMMA,
    JO_MISMATCHED_BRACKET,
    JO_BAD_NUMBER,
    JO_BAD_LITERAL,
    JO_BAD_ESCAPE,
    JO_LONE_SURROGATE,
    JO_CONTROL_CHAR,
    JO_BAD_UTF8,
    JO_BYTE_ORDER_MARK,
    JO_NUL_BYTE,
    JO_TRAILING_DATA,
    JO_TOO_DEEP,
    JO_TOO_MANY_TOKENS,
    JO_TOO_LARGE
} json_oracle_status;

/* A token, as json.h describes apig's (and jsmn's): in document order;
 * a string spans its contents without the quotes, a container its
 * brackets (end -1 while not closed); size counts an array's items, an
 * object's keys, or 1 for a key with its value; parent is the index of the
 * array, object or key a token is in (-1 at the top). Type: JO_TOKEN_*. */
enum { JO_TOKEN_OBJECT = 1, JO_TOKEN_ARRAY = 2, JO_TOKEN_STRING = 3, JO_TOKEN_PRIMITIVE = 4 };

typedef struct json_oracle_token {
    int type;
    long start, end, size, parent;
} json_oracle_token;

typedef struct json_oracle_limits {
    size_t max_depth;     /* containers open at once; deeper is TOO_DEEP */
    size_t max_bytes;     /* a longer text is TOO_LARGE, unread */
    size_t max_tokens;    /* the token budget; more is TOO_MANY_TOKENS */
    int defer_strings;    /* only escapes and NUL checked inside strings */
} json_oracle_limits;

typedef struct json_oracle_result {
    json_oracle_status status;
    size_t offset; /* where the error is, when status != JO_OK */
    size_t tokens; /* tokens in the text (as jsmn counts them), when OK */
} json_oracle_result;

/*
 * Checks text[0..len). If `tokens` is not NULL it receives the text's
 * first max_tokens tokens (all of them when status is JO_OK; over the
 * budget, with JO_TOO_MANY_TOKENS, the ones that fit, sized and closed as
 * far as the text had got when the first one that did not fit started).
 * After another error its contents are unspecified.
 */
json_oracle_result json_oracle_check(const unsigned char *text, size_t len,
                                     const json_oracle_limits *limits,
                                     json_oracle_token *tokens);

/* The name of a status ("BAD_UTF8"), for reports. */
const char *json_oracle_status_name(json_oracle_status status);

#endif
