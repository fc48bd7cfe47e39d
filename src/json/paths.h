/* SPDX-License-Identifier: MIT */
/*
 * paths.h - the two paths apig_json_parse (json.c) chooses between, once
 * it has applied the limits: s[0..len) is not NULL, len <= INT_MAX,
 * max_depth <= APIG_JSON_MAX_DEPTH_LIMIT, and tokens is NULL only with
 * token_cap 0. Not part of the public API.
 */
#ifndef APIG_JSON_PATHS_H
#define APIG_JSON_PATHS_H

#include <stddef.h>
#include <apig/json.h>

/* The error path (check.c): the complete forward recognizer, then jsmn on
 * what it accepts. Exact error statuses and offsets; `defer` is
 * APIG_JSON_DEFER_STRINGS. */
apig_json_result apig__json_error_path(const unsigned char *s, size_t len, apig_token *tokens,
                                      size_t token_cap, size_t max_depth, int defer);

/* A result that is an error: no tokens. */
static inline apig_json_result apig__json_failed(apig_json_status status, size_t offset)
{
    apig_json_result r = {status, offset, 0};
    return r;
}

#ifndef APIG_CFG_SMALL_CODE
/* The fast path (walk.c): jsmn, then the grammar over its tokens.
 * APIG_JSON_OK with *count tokens written, or any other status to say "not
 * proved here" (with *at near where), which is not an error report: the
 * error path finds the real one. */
apig_json_status apig__json_fast_path(const unsigned char *s, size_t n, apig_token *tokens,
                                      size_t cap, size_t max_depth, int defer, size_t *count,
                                      size_t *at);
#endif

#endif
