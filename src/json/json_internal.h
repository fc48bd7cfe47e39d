/*
 * json_internal.h - the two halves of apig_json_parse, one at a time, for
 * the differential test and the fuzz target. Not part of the public API.
 *
 * Both take the same arguments as apig_json_parse and apply the same
 * limits first (max_bytes, a NULL text or token array).
 */
#ifndef APIG_JSON_INTERNAL_H
#define APIG_JSON_INTERNAL_H

#include <stddef.h>
#include <apig/json.h>

/* The fast path alone (jsmn, then the walk over its tokens): APIG_JSON_OK
 * with the tokens written, or another status that only says "not proved
 * here" (the offset is a hint), not which error the text has. */
apig_json_result apig__json_parse_fast(const char *text, size_t len, apig_token *tokens,
                                       size_t token_cap, const apig_json_limits *limits,
                                       unsigned flags);

/* The error path alone: the full forward checker, then jsmn on what it
 * accepts. Exact error statuses and offsets. */
apig_json_result apig__json_parse_full(const char *text, size_t len, apig_token *tokens,
                                       size_t token_cap, const apig_json_limits *limits,
                                       unsigned flags);

#endif
