/* SPDX-License-Identifier: MIT */
/*
 * apig/crypto_mbedtls.h - apig_crypto on Mbed TLS, for firmware.
 *
 * Library: libapig-mbedtls.a (build/libapig-mbedtls.a); link it with
 * -lmbedcrypto (Mbed TLS 2.7 to 3.x, with MBEDTLS_SHA256_C and
 * MBEDTLS_MD_C), e.g.
 *     cc ... build/libapig-schemas.a build/libapig-mbedtls.a build/libapig.a -lmbedcrypto
 * This header includes mbedtls/sha256.h (the context is a member), so code
 * that includes it needs Mbed TLS's headers, with the configuration
 * (MBEDTLS_CONFIG_FILE, if any) the library was built with.
 *
 *     apig_mbedtls m;
 *     apig_mbedtls_init(&m);
 *     ... point the decoder's crypto to &m.crypto, decode requests ...
 *     apig_mbedtls_free(&m);
 *
 * Memory: the SHA-256 context is inside apig_mbedtls, so hashing never
 * allocates. HMAC-SHA256 is Mbed TLS's mbedtls_md_hmac, which does: Mbed
 * TLS 2.28 and 3.x set up a message-digest context for each call, two
 * blocks from mbedtls_calloc (the SHA-256 context and the HMAC pads, about
 * 240 bytes) that it clears and frees before returning. On a target
 * without a heap, give Mbed TLS one (MBEDTLS_PLATFORM_MEMORY with
 * mbedtls_memory_buffer_alloc_init on a static buffer). The HMAC key is
 * not kept.
 *
 * Thread safety: m->crypto.state points to `m`, so `m` must stay where it
 * is (not be copied or moved) from init to free, and one apig_mbedtls
 * serves one call at a time, like the decoder that uses it: give each
 * thread its own.
 */
#ifndef APIG_CRYPTO_MBEDTLS_H
#define APIG_CRYPTO_MBEDTLS_H

#include <mbedtls/sha256.h>

#include "config.h" /* APIG_API */
#include "crypto.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct apig_mbedtls {
    apig_crypto crypto;         /* what the decoder takes: &m.crypto */
    mbedtls_sha256_context sha; /* the running SHA-256, private */
    int ready;                  /* 1 from init to free, private */
} apig_mbedtls;

/*
 * Sets `m` up: fills m->crypto (its state is `m`) and initialises the
 * SHA-256 context. Cannot fail. `m` must not be NULL; its previous contents
 * are ignored.
 */
APIG_API void apig_mbedtls_init(apig_mbedtls *m);

/*
 * Clears the SHA-256 context (mbedtls_sha256_free: no hash state is left in
 * `m`). NULL does nothing; freeing twice is allowed. m->crypto keeps its
 * functions, which now fail (return -1), until `m` is set up again.
 */
APIG_API void apig_mbedtls_free(apig_mbedtls *m);

#ifdef __cplusplus
}
#endif

#endif /* APIG_CRYPTO_MBEDTLS_H */
