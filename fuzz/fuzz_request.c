/* libFuzzer: a whole request through the router and the request decoder
 * never crashes or overruns. The first byte picks the method (and the
 * reject-unknown option), the text up to the first newline is the request
 * target (path and query), the next line the token header's value (absent
 * when the line is missing), the rest the body. Invariants: a route found
 * is one of the table's, with its method among `allowed`; every error is
 * complete; a rejected request leaves every part absent; an accepted one
 * holds parts that validate and encode (defaults and normalisation
 * included). */
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
static vpcm_request parts;

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                      "HEAD", "OPTIONS", "get"};

/* A part that must hold what it decoded: it validates and encodes. */
static void check_part(const apig_message *msg, const void *part)
{
    if (!msg)
        return;
    apig_error e;
    size_t n = apig_encode(msg, part, APIG_STYLE_COMPACT, NULL, 0, &e);
    if (n == APIG_ENCODE_INVALID)
        abort();
}

static bool absent(const apig_message *msg, const unsigned char *part)
{
    if (!msg)
        return true;
    for (uint32_t i = 0; i < msg->field_count; i++)
        if (part[msg->fields[i].has_offset])
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *method = methods[data[0] & 7];
    unsigned options = data[0] & 0x10 ? APIG_OPT_REJECT_UNKNOWN : 0;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *target = p;
    size_t target_len = (size_t)((nl ? nl : end) - p);
    apig_header token = {"X-Auth-Token", 12, NULL, 0};
    size_t header_count = 0;
    const char *body = NULL;
    size_t body_len = 0;
    if (nl) {
        const char *v = nl + 1;
        const char *nl2 = memchr(v, '\n', (size_t)(end - v));
        if (nl2) {
            token.value = v;
            token.value_len = (size_t)(nl2 - v);
            header_count = 1;
            body = nl2 + 1;
            body_len = (size_t)(end - body);
        }
    }

    apig_route r;
    apig_route_status st = apig_route_find(vpcm_operations, VPCM_OPERATION_COUNT, method,
                                           strlen(method), target, target_len, &r);
    if (st != APIG_ROUTE_FOUND) {
        if (r.operation || (st == APIG_ROUTE_NO_PATH) != (r.allowed == 0))
            abort();
        return 0;
    }
    bool listed = false;
    for (size_t i = 0; i < VPCM_OPERATION_COUNT; i++)
        listed = listed || vpcm_operations[i] == r.operation;
    if (!listed || r.allowed == 0)
        abort();

    apig_error errors[4];
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, errors, 4);
    d.options = options;
    apig_http_request rq = {method, strlen(method), target, target_len,
                            &token, header_count, body, body_len};
    const apig_operation *op = r.operation;
    unsigned char *out = (unsigned char *)&parts;
    size_t n = apig_request_decode(&d, op, &rq, out);
    for (size_t i = 0; i < n && i < 4; i++)
        check_error(&errors[i]);
    if (n != 0) {
        if (!absent(op->path, out + op->path_offset) ||
            !absent(op->query, out + op->query_offset) ||
            !absent(op->request, out + op->body_offset))
            abort();
        return 0;
    }
    check_part(op->path, out + op->path_offset);
    check_part(op->query, out + op->query_offset);
    check_part(op->request, out + op->body_offset);
    return 0;
}
