/* SPDX-License-Identifier: MIT */
/*
 * apig/crypto.h - what apig needs to check SDK-HMAC-SHA256 request
 * signatures, supplied by the embedder: SHA-256, HMAC-SHA256 and the
 * secret key of an access key.
 *
 * apig builds the canonical request and the string to sign itself (string
 * work over what it already parses) and compares signatures in constant
 * time; it has no cryptographic code of its own, and libapig links no
 * crypto library. Ready adapters fill apig_crypto from a library the
 * embedder already has, each in a library of its own:
 *   apig/crypto_openssl.h  libapig-openssl  (OpenSSL's libcrypto, servers)
 *   apig/crypto_mbedtls.h  libapig-mbedtls  (Mbed TLS, firmware)
 * Another library takes five small functions; the adapters show how.
 */
#ifndef APIG_CRYPTO_H
#define APIG_CRYPTO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define APIG_SHA256_BYTES 32

/*
 * The hash functions. apig calls them in this order for one request:
 * sha256_begin, any number of sha256_update, sha256_end (hashes of the body
 * and of the canonical request, one after the other, never interleaved),
 * then hmac_sha256 once per signing step. Each returns 0 on success; any
 * other value makes apig refuse the request (401, the catalog's
 * "token_invalid" entry, detail "crypto adapter failed"): a signature that
 * cannot be checked is not taken as good.
 *
 * `state` is the adapter's own (a hash context): it is passed to every call
 * and written by them, so one apig_crypto serves one call at a time, like
 * the decoder that points to it (give each thread its own). `data` may be
 * NULL only with `len` 0.
 */
typedef struct apig_crypto {
    void *state;
    int (*sha256_begin)(void *state);
    int (*sha256_update)(void *state, const void *data, size_t len);
    int (*sha256_end)(void *state, unsigned char digest[APIG_SHA256_BYTES]);
    int (*hmac_sha256)(void *state, const void *key, size_t key_len, const void *data,
                       size_t len, unsigned char mac[APIG_SHA256_BYTES]);
} apig_crypto;

/*
 * The embedder's key store: apig asks it for the secret key of an access
 * key and keeps the secret only on its stack for the call (cleared before
 * the call returns).
 *
 * find_secret copies the secret key of access key (access_key,
 * access_key_len bytes, not NUL-terminated) into secret[0..cap) and returns
 * its length in bytes (0 is allowed: an empty secret); it returns -1 when
 * the access key is unknown or its secret is longer than `cap`
 * (APIG_CFG_SECRET_BYTES), and the request is then refused. `user` is
 * passed back as given. It may be called from several threads at once when
 * several decoders share one apig_credentials (it is only read).
 */
typedef struct apig_credentials {
    long (*find_secret)(void *user, const char *access_key, size_t access_key_len,
                        unsigned char *secret, size_t cap);
    void *user;
} apig_credentials;

#ifdef __cplusplus
}
#endif

#endif /* APIG_CRYPTO_H */
