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

#ifndef APIG_CFG_SMALL_CODE
const char apig__two_digits[200] = {
    '0', '0', '0', '1', '0', '2', '0', '3', '0', '4', '0', '5', '0', '6', '0', '7', '0', '8',
    '0', '9', '1', '0', '1', '1', '1', '2', '1', '3', '1', '4', '1', '5', '1', '6', '1', '7',
    '1', '8', '1', '9', '2', '0', '2', '1', '2', '2', '2', '3', '2', '4', '2', '5', '2', '6',
    '2', '7', '2', '8', '2', '9', '3', '0', '3', '1', '3', '2', '3', '3', '3', '4', '3', '5',
    '3', '6', '3', '7', '3', '8', '3', '9', '4', '0', '4', '1', '4', '2', '4', '3', '4', '4',
    '4', '5', '4', '6', '4', '7', '4', '8', '4', '9', '5', '0', '5', '1', '5', '2', '5', '3',
    '5', '4', '5', '5', '5', '6', '5', '7', '5', '8', '5', '9', '6', '0', '6', '1', '6', '2',
    '6', '3', '6', '4', '6', '5', '6', '6', '6', '7', '6', '8', '6', '9', '7', '0', '7', '1',
    '7', '2', '7', '3', '7', '4', '7', '5', '7', '6', '7', '7', '7', '8', '7', '9', '8', '0',
    '8', '1', '8', '2', '8', '3', '8', '4', '8', '5', '8', '6', '8', '7', '8', '8', '8', '9',
    '9', '0', '9', '1', '9', '2', '9', '3', '9', '4', '9', '5', '9', '6', '9', '7', '9', '8',
    '9', '9'};
#endif

/* Without 64-bit division, which a 32-bit target does in a library routine
 * (700 bytes of flash on Cortex-M4): the digits from 10^9 up come from
 * subtracting powers of ten (at most 9 times each), the last nine from
 * apig__u32_decimal. */
char *apig__u64_decimal(char *d, uint64_t v)
{
    if (v <= UINT32_MAX)
        return apig__u32_decimal(d, (uint32_t)v);
    static const uint64_t ten_to[] = {
        UINT64_C(10000000000000000000), UINT64_C(1000000000000000000),
        UINT64_C(100000000000000000),   UINT64_C(10000000000000000),
        UINT64_C(1000000000000000),     UINT64_C(100000000000000),
        UINT64_C(10000000000000),       UINT64_C(1000000000000),
        UINT64_C(100000000000),         UINT64_C(10000000000),
        UINT64_C(1000000000)};
    size_t n = 0;
    for (size_t k = 0; k < sizeof ten_to / sizeof ten_to[0]; k++) {
        char digit = '0';
        while (v >= ten_to[k]) {
            v -= ten_to[k];
            digit++;
        }
        if (digit != '0' || n > 0) /* no leading zeros */
            d[n++] = digit;
    }
    /* The last nine digits, zeros kept: 10^9 + v has ten digits, of which
     * the leading '1' lands on (and then gives back) the last digit above. */
    const char above = d[n - 1];
    char *end = apig__u32_decimal(d + n - 1, (uint32_t)v + UINT32_C(1000000000));
    d[n - 1] = above;
    return end;
}

void apig__out_u64(apig__out *o, uint64_t v)
{
    char digits[20];
    apig__out_bytes(o, digits, (size_t)(apig__u64_decimal(digits, v) - digits));
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
