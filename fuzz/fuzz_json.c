/* libFuzzer: the strict JSON layer never reads outside its input, and what it
 * accepts is a well-formed token tree inside the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <apig/json.h>

#define TOKENS 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apig_token tokens[TOKENS];
    apig_json_limits limits = {16, 4096};
    for (unsigned flags = 0; flags <= APIG_JSON_DEFER_STRINGS; flags++) {
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
