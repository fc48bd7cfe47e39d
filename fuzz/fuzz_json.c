/* libFuzzer: the strict JSON layer never reads outside its input, what it
 * accepts is a well-formed token tree inside the input, and its fast path
 * (jsmn first, then a walk over the tokens) answers exactly as the full
 * forward checker alone: same status, same offset on an error, same tokens
 * on success, in both flag modes and under tight limits. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apig/json.h>

#include "json/json_internal.h"

#define TOKENS 512

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apig_token tokens[TOKENS], full[TOKENS];
    apig_json_limits limits = {16, 4096};
    for (unsigned flags = 0; flags <= APIG_JSON_DEFER_STRINGS; flags++) {
        same_answer(data, size, TOKENS, &limits, flags, tokens, full);
        /* tight limits, chosen by the input's first byte */
        if (size > 0) {
            apig_json_limits tight = {1 + data[0] % 8, 4096};
            same_answer(data, size, TOKENS, &tight, flags, tokens, full);
            same_answer(data, size, data[0] % 24, &limits, flags, tokens, full);
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
