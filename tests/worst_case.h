/*
 * worst_case.h - what the longest encoding of a string takes, for the tests
 * that hold apig_encode to a message's generated <PREFIX>_<MSG>_ENCODED_MAX.
 * Included by one translation unit per test binary.
 */
#ifndef APIG_TESTS_WORST_CASE_H
#define APIG_TESTS_WORST_CASE_H

#include <stdint.h>
#include <apig/apig.h>

/* Bytes character cp takes in a JSON string written in `style`. */
static inline unsigned char_cost(uint32_t cp, unsigned style)
{
    if (cp < 0x20)
        return cp == 8 || cp == 9 || cp == 10 || cp == 12 || cp == 13 ? 2 : 6;
    if (cp == '"' || cp == '\\')
        return 2;
    if (cp < 0x80)
        return 1;
    if (style & APIG_STYLE_ASCII)
        return cp >= 0x10000 ? 12 : 6;
    return cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The character of set cs (NULL: any but U+0000) whose encoding is longest
 * in `style`. */
static inline uint32_t widest_char(const apig_charset *cs, unsigned style)
{
    static const apig_char_range any = {1, 0x10FFFF};
    const apig_char_range *ranges = cs ? cs->ranges : &any;
    uint32_t count = cs ? cs->range_count : 1;
    uint32_t best = 0;
    unsigned best_cost = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t cand[48];
        size_t n = 0;
        cand[n++] = ranges[i].first;
        cand[n++] = ranges[i].last;
        for (uint32_t c = 1; c < 0x20; c++)
            cand[n++] = c;
        cand[n++] = '"';
        cand[n++] = 0x80;
        cand[n++] = 0x800;
        cand[n++] = 0x10000;
        for (size_t k = 0; k < n; k++) {
            uint32_t c = cand[k];
            if (c < ranges[i].first || c > ranges[i].last || (c >= 0xD800 && c <= 0xDFFF) ||
                c == 0)
                continue;
            if (char_cost(c, style) > best_cost) {
                best_cost = char_cost(c, style);
                best = c;
            }
        }
    }
    return best;
}

#endif /* APIG_TESTS_WORST_CASE_H */
