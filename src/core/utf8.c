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

    size_t n;
    uint32_t cp, min;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2, cp = b & 0x1Fu, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3, cp = b & 0x0Fu, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4, cp = b & 0x07u, min = 0x10000;
    } else {
        return APIG__UTF8_BAD;
    }
    if (len < n)
        return APIG__UTF8_BAD;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return APIG__UTF8_BAD;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return APIG__UTF8_BAD;
    *used = n;
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
