/* SPDX-License-Identifier: MIT */
/* libFuzzer: the strict JSON layer never reads outside its input, what it
 * accepts is a well-formed token tree inside the input, and its fast path
 * (jsmn first, then a walk over the tokens) answers exactly as the full
 * forward checker alone: same status, same offset on an error, same tokens
 * on success, in both flag modes and under tight limits.
 *
 * And a differential against fuzz/support/json_oracle.c, an RFC 8259
 * recogniser that shares no code with src/: for the same text, limits,
 * token budget and flags, apig_json_parse and the oracle give the same
 * status, the same offset on an error (docs/security-json-offsets.md), and
 * the same tokens (type, start, end, size, parent) on success and, over
 * the budget, the same prefix of them. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/json.h>

#include "json/json_internal.h"
#include "support/json_oracle.h"

#define TOKENS 512
/* more tokens than any text under 4096 bytes has (one starts at each byte
 * at most), so that the budget never decides */
#define ALL_TOKENS 4097

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_answer(const uint8_t *data, size_t size, size_t cap,
                        const apig_json_limits *limits, unsigned flags,
                        apig_token *a_tokens, apig_token *b_tokens)
{
    apig_json_result a = apig_json_parse((const char *)data, size, a_tokens, cap, limits, flags);
    apig_json_result b = apig__json_parse_full((const char *)data, size, b_tokens, cap, limits, flags);
    if (a.status != b.status)
        abort();
    if (a.status != APIG_JSON_OK && a.status != APIG_JSON_TOO_MANY_TOKENS) {
        if (a.offset != b.offset || a.offset > size)
            abort();
        return;
    }
    /* over the budget both hold the same prefix, of exactly cap tokens */
    if (a.status == APIG_JSON_TOO_MANY_TOKENS &&
        (a.offset != b.offset || a.offset > size || a.token_count != cap))
        abort();
    if (a.token_count != b.token_count ||
        memcmp(a_tokens, b_tokens, a.token_count * sizeof *a_tokens) != 0)
        abort();
}

/* ---- the differential against the oracle ----------------------------------- */

static json_oracle_status oracle_status(apig_json_status s)
{
    switch (s) {
    case APIG_JSON_OK: return JO_OK;
    case APIG_JSON_EMPTY: return JO_EMPTY;
    case APIG_JSON_TRUNCATED: return JO_TRUNCATED;
    case APIG_JSON_UNEXPECTED_CHAR: return JO_UNEXPECTED_CHAR;
    case APIG_JSON_EXPECTED_VALUE: return JO_EXPECTED_VALUE;
    case APIG_JSON_EXPECTED_KEY: return JO_EXPECTED_KEY;
    case APIG_JSON_EXPECTED_COLON: return JO_EXPECTED_COLON;
    case APIG_JSON_EXPECTED_COMMA_OR_END: return JO_EXPECTED_COMMA_OR_END;
    case APIG_JSON_TRAILING_COMMA: return JO_TRAILING_COMMA;
    case APIG_JSON_MISMATCHED_BRACKET: return JO_MISMATCHED_BRACKET;
    case APIG_JSON_BAD_NUMBER: return JO_BAD_NUMBER;
    case APIG_JSON_BAD_LITERAL: return JO_BAD_LITERAL;
    case APIG_JSON_BAD_ESCAPE: return JO_BAD_ESCAPE;
    case APIG_JSON_LONE_SURROGATE: return JO_LONE_SURROGATE;
    case APIG_JSON_CONTROL_CHAR: return JO_CONTROL_CHAR;
    case APIG_JSON_BAD_UTF8: return JO_BAD_UTF8;
    case APIG_JSON_BYTE_ORDER_MARK: return JO_BYTE_ORDER_MARK;
    case APIG_JSON_NUL_BYTE: return JO_NUL_BYTE;
    case APIG_JSON_TRAILING_DATA: return JO_TRAILING_DATA;
    case APIG_JSON_TOO_DEEP: return JO_TOO_DEEP;
    case APIG_JSON_TOO_MANY_TOKENS: return JO_TOO_MANY_TOKENS;
    case APIG_JSON_TOO_LARGE: return JO_TOO_LARGE;
    default: abort(); /* NULL_TEXT: the text is never NULL here */
    }
}

/* The limits apig_json_parse applies (include/apig/json.h), as the oracle
 * takes them: explicit. */
static json_oracle_limits oracle_limits(const apig_json_limits *limits, size_t cap,
                                        unsigned flags)
{
    json_oracle_limits o;
    o.max_depth = limits && limits->max_depth ? limits->max_depth : APIG_CFG_MAX_DEPTH;
    if (o.max_depth > APIG_JSON_MAX_DEPTH_LIMIT)
        o.max_depth = APIG_JSON_MAX_DEPTH_LIMIT;
    o.max_bytes = limits && limits->max_bytes ? limits->max_bytes
                                              : (size_t)APIG_CFG_MAX_BODY_BYTES;
    if (o.max_bytes > (size_t)INT_MAX) /* token offsets are ints */
        o.max_bytes = (size_t)INT_MAX;
    o.max_tokens = cap;
    o.defer_strings = (flags & APIG_JSON_DEFER_STRINGS) != 0;
    return o;
}

static void print_text(const uint8_t *data, size_t size)
{
    fputc('"', stderr);
    for (size_t i = 0; i < size && i < 400; i++) {
        unsigned c = data[i];
        if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            fputc((int)c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fprintf(stderr, size > 400 ? "\"... (%zu bytes)\n" : "\" (%zu bytes)\n", size);
}

static int same_tokens(const apig_token *a, const json_oracle_token *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].type != o[i].type || a[i].start != o[i].start || a[i].end != o[i].end ||
            a[i].size != o[i].size || a[i].parent != o[i].parent) {
            fprintf(stderr, "token %zu: apig {%d, %d, %d, %d, %d}, oracle {%d, %ld, %ld, %ld, %ld}\n",
                    i, a[i].type, a[i].start, a[i].end, a[i].size, a[i].parent, o[i].type,
                    o[i].start, o[i].end, o[i].size, o[i].parent);
            return 0;
        }
    return 1;
}

static void same_as_oracle(const uint8_t *data, size_t size, size_t cap,
                           const apig_json_limits *limits, unsigned flags, apig_token *tokens)
{
    static json_oracle_token oracle_tokens[ALL_TOKENS];
    if (cap > ALL_TOKENS)
        abort();
    apig_json_result a = apig_json_parse((const char *)data, size, tokens, cap, limits, flags);
    json_oracle_limits ol = oracle_limits(limits, cap, flags);
    json_oracle_result o = json_oracle_check(data, size, &ol, oracle_tokens);
    json_oracle_status as = oracle_status(a.status);
    if (as == o.status && as == JO_OK && a.token_count == o.tokens &&
        same_tokens(tokens, oracle_tokens, o.tokens))
        return;
    if (as == o.status && as == JO_TOO_MANY_TOKENS && a.offset == o.offset &&
        same_tokens(tokens, oracle_tokens, cap))
        return;
    if (as == o.status && as != JO_OK && as != JO_TOO_MANY_TOKENS && a.offset == o.offset)
        return;
    fprintf(stderr, "fuzz_json: apig and the oracle differ (depth %zu, bytes %zu, tokens %zu, "
                    "flags %u) on\n", ol.max_depth, ol.max_bytes, cap, flags);
    print_text(data, size);
    fprintf(stderr, "  apig:   %s at %zu (%zu tokens)\n", json_oracle_status_name(as), a.offset,
            a.token_count);
    fprintf(stderr, "  oracle: %s at %zu (%zu tokens)\n", json_oracle_status_name(o.status),
            o.offset, o.tokens);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static apig_token all[ALL_TOKENS];
    apig_token tokens[TOKENS], full[TOKENS];
    apig_json_limits limits = {16, 4096};
    for (unsigned flags = 0; flags <= APIG_JSON_DEFER_STRINGS; flags++) {
        same_answer(data, size, TOKENS, &limits, flags, tokens, full);
        same_as_oracle(data, size, ALL_TOKENS, &limits, flags, all);
        same_as_oracle(data, size, ALL_TOKENS, NULL, flags, all);
        /* tight limits, chosen by the input's first byte */
        if (size > 0) {
            apig_json_limits tight = {1 + data[0] % 8, 4096};
            same_answer(data, size, TOKENS, &tight, flags, tokens, full);
            same_answer(data, size, data[0] % 24, &limits, flags, tokens, full);
            same_as_oracle(data, size, TOKENS, &tight, flags, tokens);
            same_as_oracle(data, size, data[0] % 24, &limits, flags, tokens);
            /* the defaults (0) and clamps (past APIG_JSON_MAX_DEPTH_LIMIT),
             * and a size limit just under or at the text's size */
            unsigned k = data[0];
            apig_json_limits odd = {(k & 1) ? 0 : 1000 + k,
                                    (k & 2) ? 0 : size - ((k & 4) && size > 1)};
            same_as_oracle(data, size, ALL_TOKENS, &odd, flags, all);
        }
        apig_json_result r = apig_json_parse((const char *)data, size, tokens, TOKENS, &limits, flags);
        if (r.status != APIG_JSON_OK) {
            if (r.offset > size)
                abort();
            continue;
        }
        if (r.token_count == 0 || r.token_count > TOKENS)
            abort();
        for (size_t i = 0; i < r.token_count; i++) {
            const apig_token *t = &tokens[i];
            if (t->start < 0 || t->end < t->start || (size_t)t->end > size)
                abort();
            if (t->parent >= (int)i || (i > 0 && t->parent < 0))
                abort();
            if (!flags && t->type == APIG_TOKEN_STRING) {
                size_t at;
                if (apig_json_check_string((const char *)data + t->start,
                                           (size_t)(t->end - t->start), &at) != APIG_JSON_OK)
                    abort();
            }
        }
    }
    return 0;
}
