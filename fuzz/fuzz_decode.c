/* libFuzzer: decoding any body never crashes or overruns; a body that
 * decodes re-encodes (compact and pretty, raw and ASCII) to text that decodes
 * to the same struct; errors are always complete; a rejected body leaves an
 * absent struct; a smaller token budget answers the same or "too many
 * tokens" no later in the body. The first byte picks the context, the
 * options, the mode (strict, or as the service writes: APIG_AS_SERVICE, in
 * decoding and encoding alike) and the message (the request, or the 201
 * page, which has rules as the service writes). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "fuzz_checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static apig_token tokens[VPCM_MAX_TOKENS];
typedef union message {
    vpcm_vpc_member_create create;
    vpcm_vpc_member_page page;
} message;
static message first, again;
#define BIGGER(a, b) ((a) > (b) ? (a) : (b))
static char out[BIGGER(VPCM_VPC_MEMBER_CREATE_ENCODED_MAX, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX) + 1];
/* For view strings with escapes (the view build, fuzz_decode_view): the
 * longest body's length always suffices. */
static char arena[BIGGER(VPCM_VPC_MEMBER_CREATE_BODY_MAX, VPCM_VPC_MEMBER_PAGE_BODY_MAX) + 1];

/* Anything of a rejected body that looks decoded. */
static bool looks_decoded(const apig_message *msg, const message *m)
{
    if (msg == &vpcm_vpc_member_create_desc)
        return m->create.has_members || m->create.members_count != 0;
    return m->page.has_members || m->page.has_size || m->page.has_total ||
           m->page.members_count != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the context, so conditional rules get fuzzed too. */
    apig_error errors[8];
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, errors, 8);
    d.arena = arena;
    d.arena_cap = sizeof arena;
    const apig_message *msg = &vpcm_vpc_member_create_desc;
    unsigned mode = 0;
    if (size > 0) {
        static const char *const types[] = {"ip", "instance", "ecs"};
        if (data[0] % 4 < 3)
            apig_context_set(&d.context, &vpcm_schema, "member_type", 11,
                             types[data[0] % 4], strlen(types[data[0] % 4]));
        if (data[0] & 0x10)
            d.options |= APIG_OPT_REJECT_UNKNOWN;
        if (data[0] & 0x20)
            mode = APIG_AS_SERVICE;
        if (data[0] & 0x40)
            msg = &vpcm_vpc_member_page_desc;
        d.options |= mode;
        data++, size--;
    }
    size_t n = apig_decode(&d, msg, (const char *)data, size, &first);
    for (size_t i = 0; i < n && i < 8; i++)
        check_error(&errors[i]);
    /* A rejected body leaves nothing that looks decoded. */
    if (n != 0 && looks_decoded(msg, &first))
        abort();

    /* A smaller token budget never changes an answer the tokens that fit
     * already hold; otherwise the answer is the budget, no later than the
     * full answer's position. */
    size_t tight = size % 97;
    apig_error t;
    apig_decoder td = d;
    td.token_cap = tight;
    td.errors = &t;
    td.error_cap = 1;
    size_t tn = apig_decode(&td, msg, (const char *)data, size, &again);
    bool budget = tn == 1 && t.detail == apig_json_status_text(APIG_JSON_TOO_MANY_TOKENS);
    if (n == 0 ? tn != 0 && !budget
               : tn != 1 || (budget ? t.offset > errors[0].offset
                                    : t.code != errors[0].code || t.offset != errors[0].offset ||
                                          strcmp(t.path, errors[0].path) != 0))
        abort();
    if (n != 0)
        return 0;
    static const unsigned styles[] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                      APIG_STYLE_PRETTY | APIG_STYLE_ASCII};
    for (size_t s = 0; s < 4; s++) {
        /* in the mode it was read in: what a mode accepts, it writes */
        apig_error e;
        size_t len = apig_encode(msg, &first, styles[s] | mode, out, sizeof out, &e);
        if (len == APIG_ENCODE_INVALID || len >= sizeof out)
            abort(); /* what we accept, we can write, within the generated bound */
        apig_decoder rd = d;
        rd.errors = &e;
        rd.error_cap = 1;
        if (apig_decode(&rd, msg, out, len, &again) != 0)
            abort();
        size_t len2 = apig_encode(msg, &again, styles[s] | mode, NULL, 0, &e);
        if (len2 != len)
            abort();
    }
    return 0;
}
