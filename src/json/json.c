/* SPDX-License-Identifier: MIT */
/*
 * json.c - strict RFC 8259 checking around jsmn: apig_json_parse, its
 * limits and its messages.
 *
 * apig_json_parse has a fast path, taken by every text it accepts, and an
 * error path, taken by everything else (paths.h):
 *
 *  1. Fast path (walk.c): jsmn runs first, over the whole text, since its
 *     tokens are wanted anyway; a walk over its tokens then proves the
 *     grammar, looking only at the bytes jsmn has not already proved.
 *  2. Error path (check.c), when jsmn fails, the walk refuses, or a limit
 *     is hit: a complete forward RFC 8259 recognizer that stops at the
 *     first error, so the status and offset reported are those of the
 *     error at the smallest offset; then jsmn on what it accepts.
 *
 * Both read single strings, numbers and literals with the scanners of
 * scan.c; tokenizer.c holds jsmn. The two paths accept exactly the same
 * texts with the same tokens (a differential test and the fuzz target hold
 * them to it). Should the error path ever accept a text the fast path
 * refused, apig_json_parse still reports an error: it never returns
 * success the fast path did not prove.
 *
 * Never reads text[len]; no heap, no stdio, no mutable globals.
 */
#include <limits.h>

#include <apig/json.h>

#include "json_internal.h"
#include "paths.h"

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

/* ---- the entry points -------------------------------------------------------------------- */

enum { PATH_BOTH, PATH_FULL };

static apig_json_result parse(const char *text, size_t len, apig_token *tokens,
                              size_t token_cap, const apig_json_limits *limits,
                              unsigned flags, int path)
{
    size_t max_depth = limits && limits->max_depth ? limits->max_depth
                                                   : (size_t)APIG_CFG_MAX_DEPTH;
    /* Deeper, jsmn's closing brackets would cost more per byte (json.h),
     * and check() (check.c) keeps one bit per level in a 64-bit word. */
    if (max_depth > APIG_JSON_MAX_DEPTH_LIMIT)
        max_depth = APIG_JSON_MAX_DEPTH_LIMIT;
    size_t max_bytes = limits && limits->max_bytes ? limits->max_bytes
                                                   : (size_t)APIG_CFG_MAX_BODY_BYTES;
    /* Token offsets are ints in jsmn. */
    if (max_bytes > (size_t)INT_MAX)
        max_bytes = (size_t)INT_MAX;
    if (!text)
        return apig__json_failed(len == 0 ? APIG_JSON_EMPTY : APIG_JSON_NULL_TEXT, 0);
    if (len > max_bytes)
        return apig__json_failed(APIG_JSON_TOO_LARGE, max_bytes);
    if (!tokens)
        token_cap = 0;

    const unsigned char *s = (const unsigned char *)text;
    int defer = (flags & APIG_JSON_DEFER_STRINGS) != 0;
#ifdef APIG_CFG_SMALL_CODE
    /* Flash over speed: the complete checker alone (it accepts exactly what
     * the fast path accepts); the fast path is then never compiled. */
    (void)path;
    return apig__json_error_path(s, len, tokens, token_cap, max_depth, defer);
#else
    if (path == PATH_FULL)
        return apig__json_error_path(s, len, tokens, token_cap, max_depth, defer);

    size_t count = 0, at = 0;
    apig_json_status st =
        apig__json_fast_path(s, len, tokens, token_cap, max_depth, defer, &count, &at);
    if (st == APIG_JSON_OK) {
        apig_json_result r = {APIG_JSON_OK, 0, count};
        return r;
    }
    apig_json_result r = apig__json_error_path(s, len, tokens, token_cap, max_depth, defer);
    if (r.status != APIG_JSON_OK)
        return r;
    /* The error path accepted what the fast path could not prove: a bug in
     * one of them. Fail safe (the differential test would catch it). */
    return apig__json_failed(APIG_JSON_UNEXPECTED_CHAR, at < len ? at : len);
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
