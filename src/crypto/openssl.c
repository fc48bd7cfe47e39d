/* SPDX-License-Identifier: MIT */
/* apig_crypto on OpenSSL 3 (libapig-openssl): SHA-256 with EVP_Digest* and
 * HMAC-SHA256 with EVP_MAC, on objects fetched once by apig_openssl_init
 * (an implicit fetch, EVP_sha256() or the one-shot HMAC(), looks the
 * algorithm up again on every call: in 3.0 about twice the time per hash).
 * Only APIs that OpenSSL 3.0 does not deprecate: the two definitions
 * below hide every deprecated declaration, so using one fails the build. */
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 30000
#endif
#ifndef OPENSSL_NO_DEPRECATED
#define OPENSSL_NO_DEPRECATED
#endif

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "apig/crypto_openssl.h"

static int sha256_begin(void *state)
{
    apig_openssl *o = state;
    if (!o || !o->md_ctx)
        return -1;
    return EVP_DigestInit_ex(o->md_ctx, o->sha256, NULL) == 1 ? 0 : -1;
}

static int sha256_update(void *state, const void *data, size_t len)
{
    apig_openssl *o = state;
    if (!o || !o->md_ctx || (!data && len))
        return -1;
    if (len == 0)
        return 0;
    return EVP_DigestUpdate(o->md_ctx, data, len) == 1 ? 0 : -1;
}

static int sha256_end(void *state, unsigned char digest[APIG_SHA256_BYTES])
{
    apig_openssl *o = state;
    unsigned int n = 0;
    if (!o || !o->md_ctx)
        return -1;
    if (EVP_DigestFinal_ex(o->md_ctx, digest, &n) != 1 || n != APIG_SHA256_BYTES)
        return -1;
    return 0;
}

static int hmac_sha256(void *state, const void *key, size_t key_len, const void *data,
                       size_t len, unsigned char mac[APIG_SHA256_BYTES])
{
    apig_openssl *o = state;
    if (!o || !o->mac_ctx || (!key && key_len) || (!data && len))
        return -1;
    EVP_MAC_CTX *ctx = o->mac_ctx;
    /* EVP_MAC_init with a NULL key keeps the previous one: an empty key
     * must be given as a pointer, or the last request's secret would sign
     * this one. */
    const unsigned char *k = key_len ? key : (const unsigned char *)"";
    size_t n = 0;
    int ok = EVP_MAC_init(ctx, k, key_len, NULL) == 1 &&
             (len == 0 || EVP_MAC_update(ctx, data, len) == 1) &&
             EVP_MAC_final(ctx, mac, &n, APIG_SHA256_BYTES) == 1 && n == APIG_SHA256_BYTES;
    /* The context holds the key (and states derived from it) until it is
     * keyed again: re-key it with the empty key, so that the secret does not
     * outlive the call. */
    ok = EVP_MAC_init(ctx, (const unsigned char *)"", 0, NULL) == 1 && ok;
    if (!ok)
        memset(mac, 0, APIG_SHA256_BYTES);
    return ok ? 0 : -1;
}

int apig_openssl_init(apig_openssl *o)
{
    o->crypto.state = o;
    o->crypto.sha256_begin = sha256_begin;
    o->crypto.sha256_update = sha256_update;
    o->crypto.sha256_end = sha256_end;
    o->crypto.hmac_sha256 = hmac_sha256;
    o->md_ctx = EVP_MD_CTX_new();
    o->sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    o->mac_ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
    EVP_MAC_free(hmac); /* the context keeps its own reference */

    char digest[] = "SHA2-256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    if (!o->md_ctx || !o->sha256 || !o->mac_ctx || EVP_MAC_CTX_set_params(o->mac_ctx, params) != 1) {
        apig_openssl_free(o);
        return -1;
    }
    return 0;
}

void apig_openssl_free(apig_openssl *o)
{
    if (!o)
        return;
    EVP_MD_CTX_free(o->md_ctx);
    EVP_MD_free(o->sha256);
    EVP_MAC_CTX_free(o->mac_ctx);
    o->md_ctx = NULL;
    o->sha256 = NULL;
    o->mac_ctx = NULL;
}
