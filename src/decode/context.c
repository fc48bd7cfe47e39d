/* SPDX-License-Identifier: MIT */
/* The decoder's settings, and the caller's context: key names and values
 * resolved through the schema's context table (names, enumerated values,
 * aliases). */
#include "decode.h"

static bool same(const char *name, const char *s, size_t len)
{
    size_t i = 0;
    for (; i < len; i++)
        if (name[i] != s[i] || name[i] == '\0')
            return false;
    return name[i] == '\0';
}

void apig_context_init(apig_context *ctx)
{
    for (size_t i = 0; i < APIG_CONTEXT_KEYS_MAX; i++)
        ctx->values[i] = APIG_CONTEXT_UNSET;
}

void apig_decoder_init(apig_decoder *d, apig_token *tokens, size_t token_cap,
                       apig_error *errors, size_t error_cap)
{
    d->tokens = tokens;
    d->token_cap = token_cap;
    d->errors = errors;
    d->error_cap = error_cap;
    d->options = 0;
    apig_context_init(&d->context);
    d->arena = NULL;
    d->arena_cap = 0;
    d->credentials = NULL;
    d->crypto = NULL;
    d->now = 0;
}

int apig_context_set(apig_context *ctx, const apig_schema *schema,
                     const char *key, size_t key_len,
                     const char *value, size_t value_len)
{
    if (!ctx || !schema || (!key && key_len))
        return -1;
    if (!value && value_len)
        return -2;
    for (uint32_t k = 0; k < schema->context_key_count && k < APIG_CONTEXT_KEYS_MAX; k++) {
        const apig_context_key *ck = &schema->context_keys[k];
        if (!same(ck->name, key, key_len))
            continue;
        if (ck->value_count == 0) {
            /* a decimal integer (apig__parse_integer), never INT64_MIN,
             * which stands for "unset" (APIG_CONTEXT_UNSET) */
            int64_t v;
            if (apig__parse_integer(value, value_len, &v) != APIG_ERROR_NONE ||
                v == APIG_CONTEXT_UNSET)
                return -2;
            ctx->values[k] = v;
            return 0;
        }
        for (uint32_t v = 0; v < ck->value_count; v++)
            if (same(ck->values[v], value, value_len)) {
                ctx->values[k] = v;
                return 0;
            }
        for (uint32_t a = 0; a < ck->alias_count; a++)
            if (same(ck->alias_names[a], value, value_len)) {
                ctx->values[k] = ck->alias_values[a];
                return 0;
            }
        return -2;
    }
    return -1;
}
