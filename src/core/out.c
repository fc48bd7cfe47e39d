/* SPDX-License-Identifier: MIT */
/* The bounded writer: snprintf's contract without stdio. */
#include "core.h"

void apig__out_cstr(apig__out *o, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    apig__out_bytes(o, s, n);
}

/* Decimal without 64-bit division, which a 32-bit target does in a library
 * routine (700 bytes of flash on Cortex-M4): the digits from 10^9 up come
 * from subtracting powers of ten (at most 9 times each), the other nine
 * from 32-bit division. */
void apig__out_u64(apig__out *o, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    if (v > UINT32_MAX) {
        static const uint64_t ten_to[] = {
            UINT64_C(10000000000000000000), UINT64_C(1000000000000000000),
            UINT64_C(100000000000000000),   UINT64_C(10000000000000000),
            UINT64_C(1000000000000000),     UINT64_C(100000000000000),
            UINT64_C(10000000000000),       UINT64_C(1000000000000),
            UINT64_C(100000000000),         UINT64_C(10000000000),
            UINT64_C(1000000000)};
        for (size_t k = 0; k < sizeof ten_to / sizeof ten_to[0]; k++) {
            char d = '0';
            while (v >= ten_to[k]) {
                v -= ten_to[k];
                d++;
            }
            if (d != '0' || n > 0) /* no leading zeros */
                digits[n++] = d;
        }
        uint32_t r = (uint32_t)v; /* below 10^9: nine digits, zeros kept */
        for (size_t k = 0; k < 9; k++) {
            digits[n + 8 - k] = (char)('0' + r % 10);
            r /= 10;
        }
        apig__out_bytes(o, digits, n + 9);
        return;
    }
    uint32_t r = (uint32_t)v;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + r % 10);
        r /= 10;
    } while (r);
    apig__out_bytes(o, digits + sizeof digits - n, n);
}

void apig__out_i64(apig__out *o, int64_t v)
{
    if (v < 0) {
        apig__out_char(o, '-');
        /* Negate in unsigned arithmetic so INT64_MIN does not overflow. */
        apig__out_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        apig__out_u64(o, (uint64_t)v);
    }
}

size_t apig__out_finish(apig__out *o)
{
    if (o->len < o->cap)
        o->buf[o->len] = '\0';
    return o->len;
}
