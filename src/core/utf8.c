/* SPDX-License-Identifier: MIT */
/* UTF-8 and character sets (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF). */
#include "byte_class.h"
#include "core.h"

uint32_t apig__utf8_decode(const unsigned char *s, size_t len, size_t *used)
{
    unsigned char b = s[0];
    *used = 1;
    if (b < 0x80)
        return b;
    int n = apig__utf8_well_formed(s, len);
    if (n <= 0)
        return APIG__UTF8_BAD;
    /* the lead's payload (5, 4 or 3 bits), then 6 bits from each other byte */
    uint32_t cp = b & (0x7Fu >> n);
    for (size_t i = 1; i < (size_t)n; i++)
        cp = (cp << 6) | (s[i] & 0x3Fu);
    *used = (size_t)n;
    return cp;
}

size_t apig__utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

const uint64_t apig__any_ascii[2] = {~(uint64_t)1, ~(uint64_t)0};

/* The byte classes of the set of every character but U+0000, by the rule
 * apig-gen writes every set's table with (byte_class.h). */
#define ANY(b) APIG__BYTE_CLASS((b), (b) != 0)
#define ANY4(b) ANY(b), ANY((b) + 1), ANY((b) + 2), ANY((b) + 3)
#define ANY16(b) ANY4(b), ANY4((b) + 4), ANY4((b) + 8), ANY4((b) + 12)
#define ANY64(b) ANY16(b), ANY16((b) + 16), ANY16((b) + 32), ANY16((b) + 48)
const uint8_t apig__any_bytes[256] = {ANY64(0), ANY64(64), ANY64(128), ANY64(192)};
#undef ANY64
#undef ANY16
#undef ANY4
#undef ANY

bool apig__charset_has(const apig_charset *cs, uint32_t cp)
{
    if (cp == 0)
        return false;
    if (!cs)
        return true;
    if (cp < 0x80)
        return (cs->ascii[cp >> 6] >> (cp & 63)) & 1;
    /* Sets are a handful of ranges; binary search keeps large ones cheap. */
    uint32_t lo = 0, hi = cs->range_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (cp < cs->ranges[mid].first)
            hi = mid;
        else if (cp > cs->ranges[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}
