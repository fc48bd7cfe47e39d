/* SPDX-License-Identifier: MIT */
/* The crypto adapters (libapig-openssl, libapig-mbedtls): one group of
 * checks, run on each. Expected values are the published vectors: FIPS
 * 180-2 (appendix B) for SHA-256, RFC 4231 for HMAC-SHA256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apig/crypto_mbedtls.h"
#include "apig/crypto_openssl.h"

/* ---- the adapters, behind one interface ------------------------------------- */

typedef union adapter_object {
    apig_openssl openssl;
    apig_mbedtls mbedtls;
} adapter_object;

typedef struct adapter {
    const char *name;
    /* Sets `a` up and points *crypto to its apig_crypto; 0 on success. */
    int (*init)(adapter_object *a, apig_crypto **crypto);
    void (*free)(adapter_object *a);
} adapter;

static int openssl_init(adapter_object *a, apig_crypto **crypto)
{
    *crypto = &a->openssl.crypto;
    return apig_openssl_init(&a->openssl);
}
static void openssl_free(adapter_object *a)
{
    apig_openssl_free(a ? &a->openssl : NULL);
}
static int mbedtls_init(adapter_object *a, apig_crypto **crypto)
{
    *crypto = &a->mbedtls.crypto;
    apig_mbedtls_init(&a->mbedtls);
    return 0;
}
static void mbedtls_free(adapter_object *a)
{
    apig_mbedtls_free(a ? &a->mbedtls : NULL);
}

static const adapter adapters[] = {
    {"openssl", openssl_init, openssl_free},
    {"mbedtls", mbedtls_init, mbedtls_free},
};

/* One per group: the adapter under test and, during a test, its object. */
typedef struct fixture {
    const adapter *ad;
    adapter_object obj;
    apig_crypto *c;
} fixture;

static int set_up(void **state)
{
    fixture *f = *state;
    memset(&f->obj, 0xA5, sizeof f->obj); /* init must not need zeroed memory */
    f->c = NULL;
    return f->ad->init(&f->obj, &f->c) == 0 && f->c ? 0 : -1;
}

static int tear_down(void **state)
{
    fixture *f = *state;
    f->ad->free(&f->obj);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static void to_hex(const unsigned char d[APIG_SHA256_BYTES], char hex[2 * APIG_SHA256_BYTES + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < APIG_SHA256_BYTES; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * APIG_SHA256_BYTES] = '\0';
}

static void assert_digest(const unsigned char d[APIG_SHA256_BYTES], const char *expected_hex)
{
    char hex[2 * APIG_SHA256_BYTES + 1];
    to_hex(d, hex);
    assert_string_equal(hex, expected_hex);
}

/* SHA-256 of data[0..len) in one update. */
static void sha256_once(apig_crypto *c, const void *data, size_t len,
                        unsigned char d[APIG_SHA256_BYTES])
{
    assert_int_equal(c->sha256_begin(c->state), 0);
    assert_int_equal(c->sha256_update(c->state, data, len), 0);
    assert_int_equal(c->sha256_end(c->state, d), 0);
}

static void hmac(apig_crypto *c, const void *key, size_t key_len, const void *data, size_t len,
                 unsigned char mac[APIG_SHA256_BYTES])
{
    memset(mac, 0, APIG_SHA256_BYTES);
    assert_int_equal(c->hmac_sha256(c->state, key, key_len, data, len, mac), 0);
}

#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_448 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define SHA256_MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
/* HMAC-SHA256 with the empty key of the empty message. */
#define HMAC_EMPTY "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"

/* ---- SHA-256 ------------------------------------------------------------------- */

static void sha256_of_the_empty_message(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES];
    /* No update at all, */
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_equal(f->c->sha256_end(f->c->state, d), 0);
    assert_digest(d, SHA256_EMPTY);
    /* an empty one, and NULL with length 0 (the contract allows it). */
    sha256_once(f->c, "", 0, d);
    assert_digest(d, SHA256_EMPTY);
    sha256_once(f->c, NULL, 0, d);
    assert_digest(d, SHA256_EMPTY);
}

static void sha256_of_abc(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES];
    sha256_once(f->c, "abc", 3, d);
    assert_digest(d, SHA256_ABC);
}

/* FIPS 180-2 B.2: 448 bits, so that the padding takes a second block. */
static void sha256_of_the_448_bit_message(void **state)
{
    fixture *f = *state;
    static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    unsigned char d[APIG_SHA256_BYTES];
    assert_int_equal(sizeof m - 1, 448 / 8);
    sha256_once(f->c, m, sizeof m - 1, d);
    assert_digest(d, SHA256_448);
}

/* FIPS 180-2 B.3, once in one update and once in chunks of uneven sizes,
 * most not multiples of the 64-byte block, some longer than it. */
static void sha256_of_a_million_a_streamed_as_in_one_piece(void **state)
{
    fixture *f = *state;
    enum { TOTAL = 1000000 };
    unsigned char *a = malloc(TOTAL);
    assert_non_null(a);
    memset(a, 'a', TOTAL);
    unsigned char whole[APIG_SHA256_BYTES], streamed[APIG_SHA256_BYTES];
    sha256_once(f->c, a, TOTAL, whole);
    assert_digest(whole, SHA256_MILLION_A);

    static const size_t sizes[] = {1, 63, 64, 65, 0, 7, 127, 1000, 3, 4096, 129, 55, 56, 9999};
    size_t done = 0, k = 0;
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    while (done < TOTAL) {
        size_t n = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
        if (n > TOTAL - done)
            n = TOTAL - done;
        assert_int_equal(f->c->sha256_update(f->c->state, a + done, n), 0);
        done += n;
    }
    assert_int_equal(f->c->sha256_end(f->c->state, streamed), 0);
    assert_memory_equal(streamed, whole, APIG_SHA256_BYTES);
    free(a);
}

/* An update of NULL with length 0 between others changes nothing. */
static void sha256_null_data_of_length_0_is_nothing(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES];
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, NULL, 0), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, "a", 1), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, NULL, 0), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, "bc", 2), 0);
    assert_int_equal(f->c->sha256_end(f->c->state, d), 0);
    assert_digest(d, SHA256_ABC);
}

/* One adapter hashes any number of messages, one after the other (apig
 * hashes the body, then the canonical request), and begin starts afresh
 * even in the middle of a message. */
static void sha256_begin_after_end_reuses_the_state(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES];
    for (int round = 0; round < 3; round++) {
        sha256_once(f->c, "abc", 3, d);
        assert_digest(d, SHA256_ABC);
        sha256_once(f->c, "", 0, d);
        assert_digest(d, SHA256_EMPTY);
    }
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, "abandoned", 9), 0);
    sha256_once(f->c, "abc", 3, d);
    assert_digest(d, SHA256_ABC);
}

/* ---- HMAC-SHA256: RFC 4231 ---------------------------------------------------- */

typedef struct rfc4231_case {
    int number;
    unsigned char key_byte; /* every byte of the key, when key is NULL */
    size_t key_len;
    const char *key;
    unsigned char data_byte; /* every byte of the data, when data is NULL */
    size_t data_len;
    const char *data;
    const char *mac_hex;
} rfc4231_case;

/* Test case 5 is a truncated MAC, which apig never uses. */
static const rfc4231_case rfc4231[] = {
    {1, 0x0b, 20, NULL, 0, 8, "Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {2, 0, 4, "Jefe", 0, 28, "what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {3, 0xaa, 20, NULL, 0xdd, 50, NULL,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
    {4, 0, 25,
     "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
     "\x17\x18\x19",
     0xcd, 50, NULL, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
    /* A key longer than the 64-byte block is hashed first. */
    {6, 0xaa, 131, NULL, 0, 54, "Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    {7, 0xaa, 131, NULL, 0, 152,
     "This is a test using a larger than block-size key and a larger than block-size data. "
     "The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
};

static void hmac_sha256_rfc4231_cases(void **state)
{
    fixture *f = *state;
    unsigned char key[131], data[152], mac[APIG_SHA256_BYTES];
    for (int round = 0; round < 2; round++) { /* the second time on a used adapter */
        for (size_t i = 0; i < sizeof rfc4231 / sizeof rfc4231[0]; i++) {
            const rfc4231_case *t = &rfc4231[i];
            assert_true(t->key_len <= sizeof key && t->data_len <= sizeof data);
            if (t->key)
                memcpy(key, t->key, t->key_len);
            else
                memset(key, t->key_byte, t->key_len);
            if (t->data) {
                assert_int_equal(strlen(t->data), t->data_len);
                memcpy(data, t->data, t->data_len);
            } else {
                memset(data, t->data_byte, t->data_len);
            }
            hmac(f->c, key, t->key_len, data, t->data_len, mac);
            char hex[2 * APIG_SHA256_BYTES + 1];
            to_hex(mac, hex);
            if (strcmp(hex, t->mac_hex) != 0)
                fail_msg("RFC 4231 test case %d: %s, expected %s", t->number, hex, t->mac_hex);
        }
    }
}

/* An empty secret is allowed (apig_credentials): given as NULL or not, it
 * is the empty key, never the key of the call before (OpenSSL's EVP_MAC_init
 * reads a NULL key as "keep the last one"). */
static void hmac_sha256_empty_key_is_not_the_last_key(void **state)
{
    fixture *f = *state;
    unsigned char mac[APIG_SHA256_BYTES];
    hmac(f->c, "", 0, "", 0, mac);
    assert_digest(mac, HMAC_EMPTY);
    hmac(f->c, "Jefe", 4, "what do ya want for nothing?", 28, mac);
    assert_digest(mac, rfc4231[1].mac_hex);
    hmac(f->c, NULL, 0, NULL, 0, mac);
    assert_digest(mac, HMAC_EMPTY);
    hmac(f->c, "Jefe", 4, "what do ya want for nothing?", 28, mac);
    hmac(f->c, NULL, 0, "", 0, mac);
    assert_digest(mac, HMAC_EMPTY);
}

/* apig hashes, then signs: HMAC between two hashes disturbs neither. */
static void hmac_sha256_leaves_hashing_alone(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES], mac[APIG_SHA256_BYTES];
    sha256_once(f->c, "abc", 3, d);
    hmac(f->c, "Jefe", 4, "what do ya want for nothing?", 28, mac);
    assert_digest(mac, rfc4231[1].mac_hex);
    sha256_once(f->c, "abc", 3, d);
    assert_digest(d, SHA256_ABC);
}

/* ---- misuse, free and set-up again -------------------------------------------- */

/* NULL with a length is refused, never read. */
static void null_with_a_length_is_refused(void **state)
{
    fixture *f = *state;
    unsigned char mac[APIG_SHA256_BYTES], d[APIG_SHA256_BYTES];
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_not_equal(f->c->sha256_update(f->c->state, NULL, 1), 0);
    assert_int_not_equal(f->c->hmac_sha256(f->c->state, NULL, 4, "data", 4, mac), 0);
    assert_int_not_equal(f->c->hmac_sha256(f->c->state, "key", 3, NULL, 4, mac), 0);
    /* and leaves the adapter usable */
    sha256_once(f->c, "abc", 3, d);
    assert_digest(d, SHA256_ABC);
}

/* Free may be called any number of times (and on NULL); after it every
 * function fails, so a decoder still pointing to the adapter refuses
 * signed requests; init sets it up again. */
static void free_is_idempotent_and_init_sets_up_again(void **state)
{
    fixture *f = *state;
    unsigned char d[APIG_SHA256_BYTES], mac[APIG_SHA256_BYTES];
    sha256_once(f->c, "abc", 3, d);
    f->ad->free(&f->obj);
    f->ad->free(&f->obj);
    f->ad->free(NULL);
    assert_int_not_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_not_equal(f->c->sha256_update(f->c->state, "abc", 3), 0);
    assert_int_not_equal(f->c->sha256_end(f->c->state, d), 0);
    assert_int_not_equal(f->c->hmac_sha256(f->c->state, "Jefe", 4, "x", 1, mac), 0);

    apig_crypto *again = NULL;
    assert_int_equal(f->ad->init(&f->obj, &again), 0);
    assert_ptr_equal(again, f->c);
    sha256_once(f->c, "abc", 3, d);
    assert_digest(d, SHA256_ABC);
    hmac(f->c, "Jefe", 4, "what do ya want for nothing?", 28, mac);
    assert_digest(mac, rfc4231[1].mac_hex);
    /* tear_down frees it once more */
}

/* Two adapters of the same kind are independent (one per thread). */
static void two_adapters_do_not_share_state(void **state)
{
    fixture *f = *state;
    adapter_object other;
    apig_crypto *c2 = NULL;
    unsigned char d1[APIG_SHA256_BYTES], d2[APIG_SHA256_BYTES];
    assert_int_equal(f->ad->init(&other, &c2), 0);
    assert_ptr_not_equal(c2->state, f->c->state);
    assert_int_equal(f->c->sha256_begin(f->c->state), 0);
    assert_int_equal(c2->sha256_begin(c2->state), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, "ab", 2), 0);
    assert_int_equal(c2->sha256_update(c2->state, "abcdbcdecdefdefgefghfghighijhijk", 32), 0);
    assert_int_equal(f->c->sha256_update(f->c->state, "c", 1), 0);
    assert_int_equal(c2->sha256_update(c2->state, "ijkljklmklmnlmnomnopnopq", 24), 0);
    assert_int_equal(f->c->sha256_end(f->c->state, d1), 0);
    assert_int_equal(c2->sha256_end(c2->state, d2), 0);
    assert_digest(d1, SHA256_ABC);
    assert_digest(d2, SHA256_448);
    f->ad->free(&other);
}

#define ADAPTER_TESTS(fx)                                                                  \
    {                                                                                      \
        cmocka_unit_test_prestate_setup_teardown(sha256_of_the_empty_message, set_up,      \
                                                 tear_down, fx),                           \
        cmocka_unit_test_prestate_setup_teardown(sha256_of_abc, set_up, tear_down, fx),    \
        cmocka_unit_test_prestate_setup_teardown(sha256_of_the_448_bit_message, set_up,    \
                                                 tear_down, fx),                           \
        cmocka_unit_test_prestate_setup_teardown(                                          \
            sha256_of_a_million_a_streamed_as_in_one_piece, set_up, tear_down, fx),        \
        cmocka_unit_test_prestate_setup_teardown(sha256_null_data_of_length_0_is_nothing,  \
                                                 set_up, tear_down, fx),                   \
        cmocka_unit_test_prestate_setup_teardown(sha256_begin_after_end_reuses_the_state,  \
                                                 set_up, tear_down, fx),                   \
        cmocka_unit_test_prestate_setup_teardown(hmac_sha256_rfc4231_cases, set_up,        \
                                                 tear_down, fx),                           \
        cmocka_unit_test_prestate_setup_teardown(                                          \
            hmac_sha256_empty_key_is_not_the_last_key, set_up, tear_down, fx),             \
        cmocka_unit_test_prestate_setup_teardown(hmac_sha256_leaves_hashing_alone, set_up, \
                                                 tear_down, fx),                           \
        cmocka_unit_test_prestate_setup_teardown(null_with_a_length_is_refused, set_up,    \
                                                 tear_down, fx),                           \
        cmocka_unit_test_prestate_setup_teardown(                                          \
            free_is_idempotent_and_init_sets_up_again, set_up, tear_down, fx),             \
        cmocka_unit_test_prestate_setup_teardown(two_adapters_do_not_share_state, set_up,  \
                                                 tear_down, fx),                           \
    }

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof adapters / sizeof adapters[0]; i++) {
        fixture fx = {.ad = &adapters[i]};
        const struct CMUnitTest tests[] = ADAPTER_TESTS(&fx);
        failed += cmocka_run_group_tests_name(adapters[i].name, tests, NULL, NULL);
    }
    return failed;
}
