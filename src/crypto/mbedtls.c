/* SPDX-License-Identifier: MIT */
/* apig_crypto on Mbed TLS (libapig-mbedtls): SHA-256 on the context inside
 * apig_mbedtls, HMAC-SHA256 with mbedtls_md_hmac. Mbed TLS 2.7 to 2.28
 * name the int-returning SHA-256 calls *_ret (the plain names return
 * void there, deprecated); 3.0 gave the plain names the int and dropped
 * *_ret. */
#include <string.h>

#include <mbedtls/md.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "apig/crypto_mbedtls.h"

#if !defined(MBEDTLS_VERSION_NUMBER) || MBEDTLS_VERSION_NUMBER < 0x02070000
#error "apig's Mbed TLS adapter needs Mbed TLS 2.7 or later"
#endif
#if !defined(MBEDTLS_SHA256_C) || !defined(MBEDTLS_MD_C)
#error "apig's Mbed TLS adapter needs MBEDTLS_SHA256_C and MBEDTLS_MD_C"
#endif

#if MBEDTLS_VERSION_MAJOR >= 3
#define SHA256_STARTS mbedtls_sha256_starts
#define SHA256_UPDATE mbedtls_sha256_update
#define SHA256_FINISH mbedtls_sha256_finish
#else
#define SHA256_STARTS mbedtls_sha256_starts_ret
#define SHA256_UPDATE mbedtls_sha256_update_ret
#define SHA256_FINISH mbedtls_sha256_finish_ret
#endif

static int sha256_begin(void *state)
{
    apig_mbedtls *m = state;
    if (!m || !m->ready)
        return -1;
    return SHA256_STARTS(&m->sha, 0) == 0 ? 0 : -1; /* 0: SHA-256, not SHA-224 */
}

static int sha256_update(void *state, const void *data, size_t len)
{
    apig_mbedtls *m = state;
    if (!m || !m->ready || (!data && len))
        return -1;
    if (len == 0)
        return 0;
    return SHA256_UPDATE(&m->sha, data, len) == 0 ? 0 : -1;
}

static int sha256_end(void *state, unsigned char digest[APIG_SHA256_BYTES])
{
    apig_mbedtls *m = state;
    if (!m || !m->ready)
        return -1;
    return SHA256_FINISH(&m->sha, digest) == 0 ? 0 : -1;
}

static int hmac_sha256(void *state, const void *key, size_t key_len, const void *data,
                       size_t len, unsigned char mac[APIG_SHA256_BYTES])
{
    apig_mbedtls *m = state;
    const mbedtls_md_info_t *sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (!m || !m->ready || !sha256 || (!key && key_len) || (!data && len))
        return -1;
    /* Never NULL, whatever the length: some versions check the pointers. */
    const unsigned char *k = key_len ? key : (const unsigned char *)"";
    const unsigned char *d = len ? data : (const unsigned char *)"";
    if (mbedtls_md_hmac(sha256, k, key_len, d, len, mac) != 0) {
        memset(mac, 0, APIG_SHA256_BYTES);
        return -1;
    }
    return 0;
}

void apig_mbedtls_init(apig_mbedtls *m)
{
    m->crypto.state = m;
    m->crypto.sha256_begin = sha256_begin;
    m->crypto.sha256_update = sha256_update;
    m->crypto.sha256_end = sha256_end;
    m->crypto.hmac_sha256 = hmac_sha256;
    mbedtls_sha256_init(&m->sha);
    m->ready = 1;
}

void apig_mbedtls_free(apig_mbedtls *m)
{
    if (!m)
        return;
    mbedtls_sha256_free(&m->sha); /* zeroes the context; allowed twice */
    m->ready = 0;
}
