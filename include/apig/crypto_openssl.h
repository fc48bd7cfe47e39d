/* SPDX-License-Identifier: MIT */
/*
 * apig/crypto_openssl.h - apig_crypto on OpenSSL 3's libcrypto, for servers.
 *
 * Library: libapig-openssl.a (build/libapig-openssl.a); link it with
 * -lcrypto (OpenSSL 3.0 or later), e.g.
 *     cc ... build/libapig-schemas.a build/libapig-openssl.a build/libapig.a -lcrypto
 * This header includes no OpenSSL header: code that includes it builds
 * without OpenSSL's development files; only the link needs libcrypto.
 *
 *     apig_openssl o;
 *     if (apig_openssl_init(&o) != 0)
 *         ... out of memory, or this OpenSSL provides no SHA-256 or HMAC ...
 *     ... point the decoder's crypto to &o.crypto, decode requests ...
 *     apig_openssl_free(&o);
 *
 * Memory: apig_openssl_init takes OpenSSL objects from the heap (a digest
 * context, the SHA-256 implementation and an HMAC context, fetched once
 * from OpenSSL's default library context with default properties, so that
 * no call looks them up again); apig_openssl_free gives them back. In
 * between, OpenSSL itself may allocate inside the hash calls (3.0 does, a
 * few blocks per HMAC). The HMAC key does not stay in the adapter after
 * hmac_sha256 returns: the HMAC context is then re-keyed with an empty key.
 *
 * Thread safety: o->crypto.state points to `o`, so `o` must stay where it
 * is (not be copied or moved) from init to free, and one apig_openssl
 * serves one call at a time, like the decoder that uses it: give each
 * thread its own. Distinct apig_openssl objects may be used, set up and
 * freed concurrently.
 */
#ifndef APIG_CRYPTO_OPENSSL_H
#define APIG_CRYPTO_OPENSSL_H

#include "config.h" /* APIG_API */
#include "crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct apig_openssl {
    apig_crypto crypto; /* what the decoder takes: &o.crypto */
    /* OpenSSL's objects, private to the adapter (NULL when not set up). */
    void *md_ctx;  /* EVP_MD_CTX *: the running SHA-256 */
    void *sha256;  /* EVP_MD *: SHA-256, fetched once */
    void *mac_ctx; /* EVP_MAC_CTX *: HMAC with SHA-256 */
} apig_openssl;

/*
 * Sets `o` up: fills o->crypto (its state is `o`) and takes the OpenSSL
 * objects above. Returns 0 on success; -1 when OpenSSL could not allocate
 * them (or has no SHA-256 or HMAC, e.g. a provider configuration without
 * them), in which case nothing is kept and `o` is as after
 * apig_openssl_free: its functions are set but fail (return -1), so a
 * decoder given it refuses signed requests. `o` must not be NULL; its
 * previous contents are ignored (an `o` already set up must be freed first,
 * or its objects leak).
 */
APIG_API int apig_openssl_init(apig_openssl *o);

/*
 * Gives back what apig_openssl_init took and sets those members to NULL.
 * NULL does nothing; freeing twice, or an `o` whose init failed, is
 * allowed. o->crypto keeps its functions, which now fail (return -1), until
 * `o` is set up again.
 */
APIG_API void apig_openssl_free(apig_openssl *o);

#ifdef __cplusplus
}
#endif

#endif /* APIG_CRYPTO_OPENSSL_H */
