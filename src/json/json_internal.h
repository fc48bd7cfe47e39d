/* SPDX-License-Identifier: MIT */
/*
 * json_internal.h - the JSON layer's error path alone, for the differential
 * test and the fuzz target, and the fast path's pieces the decoder's one
 * pass uses. Not part of the public API.
 *
 * Both take the same arguments as apig_json_parse and apply the same
 * limits first (max_bytes, a NULL text or token array).
 */
#ifndef APIG_JSON_INTERNAL_H
#define APIG_JSON_INTERNAL_H

#include <stddef.h>
#include <apig/json.h>

/* The error path alone: the full forward checker, then jsmn on what it
 * accepts. Exact error statuses and offsets. */
apig_json_result apig__json_parse_full(const char *text, size_t len, apig_token *tokens,
                                       size_t token_cap, const apig_json_limits *limits,
                                       unsigned flags);

/* ---- the fast path's pieces, for the decoder's one pass (decode.c) ----
 * All positions are ints, as in jsmn's tokens, inside text[0..len). */
#ifndef APIG_CFG_SMALL_CODE

/*
 * The grammar of the value at tokens[i], everything inside it included, in
 * a complete jsmn result tokens[0..count) for text[0..len): brackets, the
 * gaps between tokens, numbers, literals and string contents, with at most
 * `room` containers opening (the value itself included). Returns the index
 * of the token after the value, with *pos just past its last byte; or -1
 * (*pos near the fault) when the value is not proved JSON, which is not an
 * error report: apig_json_parse finds the real one.
 */
int apig__json_walk_value(const char *text, size_t len, const apig_token *tokens, int count,
                          int i, size_t room, int *pos);

/* Nonzero if text[start..end) is valid string contents (escapes, UTF-8,
 * no control character): the fast test for plain ASCII first. */
int apig__json_string_ok(const char *text, size_t len, int start, int end);

/* Nonzero if text[start..end) is exactly one number or literal. */
int apig__json_primitive_ok(const char *text, int start, int end);

/* Nonzero if text[from..to) is whitespace only (punct 0), or whitespace
 * around exactly one `punct` (',' or ':'); from > to is never. */
int apig__json_gap_ok(const char *text, int from, int to, char punct);

#else
/* APIG_CFG_SMALL_CODE compiles no fast path: apig_json_parse proves every
 * body before the decoder's walk, which then never calls these. */
static inline int apig__json_walk_value(const char *text, size_t len, const apig_token *tokens,
                                        int count, int i, size_t room, int *pos)
{
    (void)text, (void)len, (void)tokens, (void)count, (void)i, (void)room, (void)pos;
    return -1;
}
static inline int apig__json_string_ok(const char *text, size_t len, int start, int end)
{
    (void)text, (void)len, (void)start, (void)end;
    return 0;
}
static inline int apig__json_primitive_ok(const char *text, int start, int end)
{
    (void)text, (void)start, (void)end;
    return 0;
}
static inline int apig__json_gap_ok(const char *text, int from, int to, char punct)
{
    (void)text, (void)from, (void)to, (void)punct;
    return 0;
}
#endif

#endif
