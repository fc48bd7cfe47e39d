/* SPDX-License-Identifier: MIT */
/* libFuzzer: body decoding, for every message a bundled operation carries
 * in a body (requests, success pages, the error body), in every context and
 * mode, in place and not.
 *
 * Input: byte 0 picks the message (every body message of every operation in
 * vpcm_operations, by index modulo their count), byte 1 the context
 * (member_type unset, ip, instance or the alias ecs; channel_type unset or
 * 1, 2 or -1), the options (reject unknown) and the mode (strict, or as the
 * service writes: APIG_AS_SERVICE, decoding and encoding alike); the rest
 * is the body. Built on the inline tables (fuzz_decode) and on the view
 * tables (fuzz_decode_view).
 *
 * Invariants (docs/security.md):
 * - errors are complete; a rejected body leaves nothing that looks decoded;
 * - apig_decode_in_place answers exactly as apig_decode (count, code, path,
 *   offset), and on success holds a struct that encodes to the same bytes;
 * - a smaller token budget answers the same, or "too many tokens" no later
 *   in the body;
 * - a body that decodes re-encodes in every style (compact, pretty, ASCII)
 *   in its mode, within the generated bound, to text that decodes again to
 *   a struct that encodes to the same bytes: decode -> encode -> decode is
 *   the identity as far as the encoder can tell.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"
#include "fuzz_checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_MESSAGES 16
#define STRUCT_BYTES (1u << 20)

static apig_token tokens[VPCM_MAX_TOKENS * 4];
static const apig_message *messages[MAX_MESSAGES];
static size_t message_count;
static unsigned char *first, *again, *in_place;
/* Two arenas: `first`'s view strings point into `arena`, which every later
 * decode in the same run would reuse from its start (apig_decoder says so),
 * so those use `arena2`. */
static char *out, *out2, *arena, *arena2, *body_copy;
static size_t out_cap, body_cap;

static void add_message(const apig_message *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < message_count; i++)
        if (messages[i] == m)
            return;
    if (message_count == MAX_MESSAGES || m->struct_size > STRUCT_BYTES)
        abort();
    messages[message_count++] = m;
    size_t limit = m->max_body_bytes ? m->max_body_bytes : (size_t)APIG_CFG_MAX_BODY_BYTES;
    if (limit + 1 > out_cap)
        out_cap = limit + 1;
}

static void set_up(void)
{
    if (message_count)
        return;
    for (size_t i = 0; i < VPCM_OPERATION_COUNT; i++) {
        add_message(vpcm_operations[i]->request);
        add_message(vpcm_operations[i]->response);
        add_message(vpcm_operations[i]->error_body);
    }
    body_cap = out_cap;
    first = malloc(STRUCT_BYTES);
    again = malloc(STRUCT_BYTES);
    in_place = malloc(STRUCT_BYTES);
    out = malloc(out_cap);
    out2 = malloc(out_cap);
    arena = malloc(body_cap);
    arena2 = malloc(out_cap);
    body_copy = malloc(body_cap);
    if (!first || !again || !in_place || !out || !out2 || !arena || !arena2 || !body_copy)
        abort();
}

/* Anything of a rejected body that looks decoded: a top-level presence
 * flag or array count. */
static bool looks_decoded(const apig_message *msg, const unsigned char *s)
{
    for (uint32_t i = 0; i < msg->field_count; i++) {
        const apig_field *f = &msg->fields[i];
        uint32_t count = 0;
        if (f->type == APIG_TYPE_ARRAY)
            memcpy(&count, s + f->count_offset, sizeof count);
        if (s[f->has_offset] || count != 0)
            return true;
    }
    return false;
}

static bool same_error(const apig_error *a, const apig_error *b)
{
    return a->code == b->code && a->offset == b->offset && strcmp(a->path, b->path) == 0 &&
           strcmp(a->param, b->param) == 0 && a->kind == b->kind;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    set_up();
    if (size < 2)
        return 0;
    const apig_message *msg = messages[data[0] % message_count];
    unsigned pick = data[1];
    data += 2;
    size -= 2;

    apig_error errors[8];
    apig_decoder d;
    apig_decoder_init(&d, tokens, sizeof tokens / sizeof tokens[0], errors, 8);
    d.arena = arena;
    d.arena_cap = body_cap;
    static const char *const types[] = {"ip", "instance", "ecs"};
    if (pick % 4 < 3)
        apig_context_set(&d.context, &vpcm_schema, "member_type", 11, types[pick % 4],
                         strlen(types[pick % 4]));
    static const char *const channels[] = {"1", "2", "-1"};
    if ((pick >> 2) % 4 < 3)
        apig_context_set(&d.context, &vpcm_schema, "channel_type", 12,
                         channels[(pick >> 2) % 4], strlen(channels[(pick >> 2) % 4]));
    if (pick & 0x10)
        d.options |= APIG_OPT_REJECT_UNKNOWN;
    unsigned mode = pick & 0x20 ? APIG_AS_SERVICE : 0;
    d.options |= mode;

    size_t n = apig_decode(&d, msg, (const char *)data, size, first);
    for (size_t i = 0; i < n && i < 8; i++)
        check_error(&errors[i]);
    if (n != 0 && looks_decoded(msg, first))
        abort();

    /* In place: the same answer from a writable copy. */
    if (size <= body_cap) {
        apig_error e2[8];
        apig_decoder pd = d;
        pd.errors = e2;
        pd.arena = NULL;
        pd.arena_cap = 0;
        memcpy(body_copy, data, size);
        size_t n2 = apig_decode_in_place(&pd, msg, body_copy, size, in_place);
        if (n2 != n)
            abort();
        for (size_t i = 0; i < n && i < 8; i++)
            if (!same_error(&errors[i], &e2[i]))
                abort();
        if (n == 0) {
            apig_error e;
            size_t a = apig_encode(msg, first, APIG_STYLE_COMPACT | mode, out, out_cap, &e);
            size_t b = apig_encode(msg, in_place, APIG_STYLE_COMPACT | mode, out2, out_cap, &e);
            if (a == APIG_ENCODE_INVALID || a != b || memcmp(out, out2, a) != 0)
                abort();
        }
    }

    /* A smaller token budget never changes an answer the tokens that fit
     * already hold; otherwise the answer is the budget, no later than the
     * full answer's position. */
    size_t tight = size % 97;
    apig_error t;
    apig_decoder td = d;
    td.token_cap = tight;
    td.errors = &t;
    td.error_cap = 1;
    td.arena = arena2;
    td.arena_cap = out_cap;
    size_t tn = apig_decode(&td, msg, (const char *)data, size, again);
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
        /* In the mode it was read in: what a mode accepts, it writes. */
        apig_error e;
        size_t len = apig_encode(msg, first, styles[s] | mode, out, out_cap, &e);
        if (len == APIG_ENCODE_INVALID || len >= out_cap)
            abort();
        if (len > (msg->max_body_bytes ? msg->max_body_bytes : (size_t)APIG_CFG_MAX_BODY_BYTES))
            abort(); /* written beyond what decoding takes back */
        apig_decoder rd = d;
        rd.errors = &e;
        rd.error_cap = 1;
        rd.arena = arena2;
        rd.arena_cap = out_cap;
        if (apig_decode(&rd, msg, out, len, again) != 0)
            abort();
        size_t len2 = apig_encode(msg, again, styles[s] | mode, out2, out_cap, &e);
        if (len2 != len || memcmp(out, out2, len) != 0)
            abort();
    }
    return 0;
}
