/* SPDX-License-Identifier: MIT */
/*
 * plain.h - whether a string's bytes are plain (ASCII characters of its
 * set, no control character; for a field of no set, none that JSON
 * escapes either), judged 8 bytes a step (16 with SSE2) and copied on the
 * way when asked: the encoder judges and copies its usual value with
 * these, the validator judges a struct's strings with them. Text that is
 * not plain goes to the general paths, which say what is wrong.
 *
 * Not installed; library-internal.
 */
#ifndef APIG_CORE_PLAIN_H
#define APIG_CORE_PLAIN_H

#include "core.h"

/* x86's SSE2 (every x86-64) judges a string's bytes 16 at a time, written
 * with GCC's vector extensions (which clang shares) and one builtin, so
 * that no intrinsics header is needed; other targets, other compilers and
 * APIG_CFG_SMALL_CODE take the portable loops, which judge the same bytes
 * the same way. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(APIG_CFG_SMALL_CODE)
#define APIG__PLAIN_SSE2 1
#else
#define APIG__PLAIN_SSE2 0
#endif

#define PLAIN_ONES UINT64_C(0x0101010101010101)
#define PLAIN_HIGHS (PLAIN_ONES * 0x80u)

/* Non-zero when one of the 8 bytes of x is a control character (U+0000
 * included), '"', '\\' or not ASCII: a byte a string of no set (every
 * character but U+0000) does not copy as it is. Exact as a yes/no: below
 * the lowest such byte no subtraction borrows, and at it one of the four
 * terms sets the high bit (a borrow out of it, or the byte's own). */
APIG__HOT uint64_t not_plain(uint64_t x)
{
    uint64_t q = x ^ (PLAIN_ONES * '"'), b = x ^ (PLAIN_ONES * '\\');
    return ((x - PLAIN_ONES * 0x20u) | (q - PLAIN_ONES) | (b - PLAIN_ONES) | x) & PLAIN_HIGHS;
}

/* Copies s[0..n) to d, n <= 32, in at most four overlapping moves a size
 * (no library call for the short texts keys and values mostly are). */
APIG__HOT void apig__copy_short(char *d, const char *s, size_t n)
{
    if (n > 16) {
        uint64_t a, b, c, e;
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        memcpy(&c, s + n - 16, 8);
        memcpy(&e, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + 8, &b, 8);
        memcpy(d + n - 16, &c, 8);
        memcpy(d + n - 8, &e, 8);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

#if APIG__PLAIN_SSE2
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));
typedef char v16c __attribute__((vector_size(16)));

APIG__HOT v16u load16(const char *s)
{
    v16u v;
    memcpy(&v, s, 16);
    return v;
}

APIG__HOT void store16(char *d, v16u v)
{
    memcpy(d, &v, 16);
}

/* Bit k set when lane k of m (0 or -1 each) is set (pmovmskb). */
APIG__HOT unsigned lanes_of(v16s m)
{
    return (unsigned)__builtin_ia32_pmovmskb128((v16c)m);
}

/* Bit k set when byte k of x is not plain for a field of no set: a control
 * character or not ASCII (both below 0x20 as signed bytes), '"' or '\\'. */
APIG__HOT unsigned not_plain16(v16u x)
{
    const v16s b = (v16s)x;
    return lanes_of((v16s)((b < 0x20) | (b == '"') | (b == '\\')));
}

/* Bit k set when byte k of x is no ASCII letter or digit: byte - '0' is
 * not at most 9, and (byte | 0x20) - 'a' not at most 25 (unsigned). */
APIG__HOT unsigned not_alnum16(v16u x)
{
    return lanes_of((v16s)(((v16u)(x - '0') <= 9) | ((v16u)((x | 0x20) - 'a') <= 25))) ^
           0xFFFFu;
}

/* s[0..8) and s[len-8..len) side by side (8 <= len < 16). */
APIG__HOT v16u load_halves(const char *s, size_t len)
{
    v16u v;
    memcpy(&v, s, 8);
    memcpy((char *)&v + 8, s + len - 8, 8);
    return v;
}

/* Writes x, from load_halves(s, len), to d[0..len). */
APIG__HOT void store_halves(char *d, size_t len, v16u x)
{
    memcpy(d, &x, 8);
    memcpy(d + len - 8, (const char *)&x + 8, 8);
}
#endif

/* Whether s[0..len) is plain for a field of no set (not_plain), copied to
 * d on the way when `copy` (a constant: two functions). Eight bytes a
 * step (16 with SSE2); the last step may go back over bytes already done. */
APIG__HOT bool apig__plain_any(char *d, const char *s, size_t len, bool copy)
{
    uint64_t bad = 0;
#if APIG__PLAIN_SSE2
    if (len >= 16) {
        unsigned m = 0;
        for (size_t i = 0;; i += 16) {
            if (i > len - 16)
                i = len - 16;
            const v16u x = load16(s + i);
            if (copy)
                store16(d + i, x);
            m |= not_plain16(x);
            if (i + 16 >= len)
                break;
        }
        return m == 0;
    }
    if (len >= 8) {
        const v16u x = load_halves(s, len);
        if (copy)
            store_halves(d, len, x);
        return not_plain16(x) == 0;
    }
#endif
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (copy)
                memcpy(d + i, &x, 8);
            bad |= not_plain(x);
            if (i + 8 >= len)
                break;
        }
    } else if (len >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        if (copy) {
            memcpy(d, &a, 4);
            memcpy(d + len - 4, &b, 4);
        }
        bad = not_plain(a | ((uint64_t)b << 32));
    } else {
        uint64_t x = PLAIN_ONES * 'a';
        for (size_t i = 0; i < len; i++) {
            if (copy)
                d[i] = s[i];
            x = (x << 8) | (unsigned char)s[i];
        }
        bad = not_plain(x);
    }
    return bad == 0;
}

/* Whether every byte of s[0..len) is an ASCII character of the set whose
 * byte classes are `cls`, no control character (APIG_BYTE_TEXT_PLAIN),
 * copied to d on the way when `copy` (a constant). Eight bytes a step, as
 * apig__plain_any. */
APIG__HOT bool apig__plain_in_set(char *d, const char *s, size_t len, const uint8_t *cls, bool alnum,
                             bool copy)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned all = APIG_BYTE_TEXT_PLAIN;
#if APIG__PLAIN_SSE2
    /* A set with every letter and digit: 16 bytes a step are judged
     * letters and digits at once, and only the others by their class. */
    if (alnum && len >= 16) {
        for (size_t i = 0;; i += 16) {
            if (i > len - 16)
                i = len - 16;
            const v16u x = load16(s + i);
            if (copy)
                store16(d + i, x);
            for (unsigned m = not_alnum16(x); m; m &= m - 1)
                all &= cls[u[i + (unsigned)__builtin_ctz(m)]];
            if (i + 16 >= len)
                break;
        }
        return all != 0;
    }
    if (alnum && len >= 8) {
        const v16u x = load_halves(s, len);
        if (copy)
            store_halves(d, len, x);
        for (unsigned m = not_alnum16(x); m; m &= m - 1) {
            const unsigned k = (unsigned)__builtin_ctz(m);
            all &= cls[u[k < 8 ? k : len - 16 + k]];
        }
        return all != 0;
    }
#else
    (void)alnum;
#endif
    if (len >= 8) {
        for (size_t i = 0;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            if (copy) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                memcpy(d + i, &x, 8);
            }
            all &= (unsigned)(cls[u[i]] & cls[u[i + 1]] & cls[u[i + 2]] & cls[u[i + 3]] &
                              cls[u[i + 4]] & cls[u[i + 5]] & cls[u[i + 6]] & cls[u[i + 7]]);
            if (i + 8 >= len)
                break;
        }
    } else {
        if (copy)
            apig__copy_short(d, s, len);
        for (size_t i = 0; i < len; i++)
            all &= cls[u[i]];
    }
    return all != 0;
}

#endif /* APIG_CORE_PLAIN_H */
