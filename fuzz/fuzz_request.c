/* SPDX-License-Identifier: MIT */
/* libFuzzer: whole requests - method, target (path and query), headers and
 * body - through the router and apig_request_decode, tokens and signatures
 * included.
 *
 * Input: byte 0 picks the method (low 3 bits), reject-unknown (0x10), as
 * the service writes (0x20) and whether credentials are configured (0x40);
 * then the target up to '\n'; then header lines "Name: value" up to an
 * empty line (at most 16; a line without ':' is a header without a value);
 * the rest is the body.
 *
 * Signatures are verified, when credentials are on, with a stand-in for the
 * crypto adapter: SHA-256 is a running sum (so that every byte of the
 * canonical request is hashed, and a fault in building it shows as a
 * sanitizer report), and HMAC is constant zero, so that the fuzzer can
 * reach an accepted signature: Signature= 64 zeros, access key "AK". The
 * clock is 20261130T221800Z.
 *
 * Invariants (docs/security.md): a route found is one of the table's with
 * its method among `allowed`; every error is complete; a rejected request
 * leaves every part absent; an accepted one holds parts that validate and
 * encode; a request accepted with credentials and neither token nor
 * zero signature is impossible (the signature decided, or the token did).
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

#define MAX_HEADERS 16
#define NOW_SECONDS 1796077080 /* 20261130T221800Z */

static apig_token tokens[VPCM_MAX_TOKENS];
static vpcm_request parts;
static char arena[VPCM_VPC_MEMBER_CREATE_BODY_MAX + 1];

static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                      "HEAD", "OPTIONS", "get"};

/* ---- the stand-in crypto ------------------------------------------------------ */

typedef struct fake {
    unsigned char sum[APIG_SHA256_BYTES];
    size_t n;
    bool open;
} fake;

static int fake_begin(void *s)
{
    fake *f = s;
    memset(f, 0, sizeof *f);
    f->open = true;
    return 0;
}

static int fake_update(void *s, const void *d, size_t len)
{
    fake *f = s;
    if (!f->open || (!d && len))
        abort(); /* the library's side of the contract */
    const unsigned char *b = d;
    for (size_t i = 0; i < len; i++, f->n++)
        f->sum[f->n % APIG_SHA256_BYTES] = (unsigned char)(f->sum[f->n % APIG_SHA256_BYTES] * 31 + b[i]);
    return 0;
}

static int fake_end(void *s, unsigned char *digest)
{
    fake *f = s;
    if (!f->open)
        abort();
    memcpy(digest, f->sum, APIG_SHA256_BYTES);
    f->open = false;
    return 0;
}

static int fake_hmac(void *s, const void *key, size_t key_len, const void *d, size_t len,
                     unsigned char *mac)
{
    (void)s;
    if (!key || !d || key_len != 2 || memcmp(key, "SK", 2) != 0 || len == 0)
        abort(); /* the secret find_secret gave, and a string to sign */
    memset(mac, 0, APIG_SHA256_BYTES);
    return 0;
}

static long find_secret(void *user, const char *key, size_t len, unsigned char *secret,
                        size_t cap)
{
    (void)user;
    if (len != 2 || memcmp(key, "AK", 2) != 0 || cap < 2)
        return -1;
    memcpy(secret, "SK", 2);
    return 2;
}

/* ---- the checks -------------------------------------------------------------------- */

/* A part that must hold what it decoded: it validates and encodes. */
static void check_part(const apig_message *msg, const void *part, unsigned mode)
{
    if (!msg)
        return;
    apig_error e;
    if (apig_encode(msg, part, APIG_STYLE_COMPACT | mode, NULL, 0, &e) == APIG_ENCODE_INVALID)
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

static bool named(const apig_header *h, const char *name)
{
    size_t n = strlen(name);
    if (h->name_len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = h->name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return true;
}

/* Whether the value holds Signature= and 64 zeros. */
static bool zero_signature(const apig_header *h)
{
    static const char key[] = "Signature=";
    for (size_t i = 0; i + sizeof key - 1 + 64 <= h->value_len; i++) {
        if (memcmp(h->value + i, key, sizeof key - 1) != 0)
            continue;
        size_t z = 0;
        while (z < 64 && h->value[i + sizeof key - 1 + z] == '0')
            z++;
        if (z == 64)
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *method = methods[data[0] & 7];
    unsigned options = (data[0] & 0x10 ? APIG_OPT_REJECT_UNKNOWN : 0) |
                       (data[0] & 0x20 ? APIG_AS_SERVICE : 0);
    bool verify = data[0] & 0x40;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;

    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *target = p;
    size_t target_len = (size_t)((nl ? nl : end) - p);
    apig_header headers[MAX_HEADERS];
    size_t header_count = 0;
    const char *body = NULL;
    size_t body_len = 0;
    p = nl ? nl + 1 : end;
    while (p < end) {
        const char *line_end = memchr(p, '\n', (size_t)(end - p));
        if (!line_end)
            line_end = end;
        if (line_end == p) { /* the empty line: the body follows */
            p++;
            break;
        }
        if (header_count < MAX_HEADERS) {
            const char *colon = memchr(p, ':', (size_t)(line_end - p));
            apig_header *h = &headers[header_count++];
            h->name = p;
            h->name_len = (size_t)((colon ? colon : line_end) - p);
            h->value = colon ? colon + 1 : NULL;
            h->value_len = colon ? (size_t)(line_end - colon - 1) : 0;
        }
        p = line_end + (line_end < end);
    }
    if (p < end) {
        body = p;
        body_len = (size_t)(end - p);
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

    fake state;
    memset(&state, 0, sizeof state);
    const apig_crypto crypto = {&state, fake_begin, fake_update, fake_end, fake_hmac};
    const apig_credentials credentials = {find_secret, NULL};
    apig_error errors[4];
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, errors, 4);
    d.options = options;
    d.arena = arena;
    d.arena_cap = sizeof arena;
    if (verify) {
        d.credentials = &credentials;
        d.crypto = &crypto;
        d.now = NOW_SECONDS;
    }
    apig_http_request rq = {method,  strlen(method), target, target_len,
                            headers, header_count,   body,   body_len};
    const apig_operation *op = r.operation;
    unsigned char *out = (unsigned char *)&parts;
    size_t n = apig_request_decode(&d, op, &rq, out);
    for (size_t i = 0; i < n && i < 4; i++)
        check_error(&errors[i]);
    if (state.open)
        abort(); /* a hash begun and never ended */
    if (n != 0) {
        if (!absent(op->path, out + op->path_offset) ||
            !absent(op->query, out + op->query_offset) ||
            !absent(op->request, out + op->body_offset))
            abort();
        return 0;
    }
    /* Accepted: by a token, or by a signature that can only be the zero
     * one when verified. */
    bool token = false, zero = false;
    for (size_t h = 0; h < header_count; h++) {
        token = token || named(&headers[h], "x-auth-token");
        zero = zero || (named(&headers[h], "authorization") && zero_signature(&headers[h]));
    }
    if (verify && !token && !zero)
        abort();
    unsigned mode = options & APIG_AS_SERVICE;
    check_part(op->path, out + op->path_offset, 0);
    check_part(op->query, out + op->query_offset, 0);
    check_part(op->request, out + op->body_offset, mode);
    return 0;
}
