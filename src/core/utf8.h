/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - what well-formed UTF-8 is (RFC 3629; the Unicode standard's
 * table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), in one
 * place for every reader of it: the JSON layer's scanner (src/json/scan.h,
 * inline in its loops), apig__utf8_decode (src/core/utf8.c: the decoder,
 * the rules, the clip and the encoder call it) and the query's form
 * decoder (src/decode/query.c). Inline and standalone, so that the JSON
 * layer includes it without the rest of core.
 */
#ifndef APIG_CORE_UTF8_H
#define APIG_CORE_UTF8_H

#include <stddef.h>

/* The length of the sequence that lead byte c starts: 1 (ASCII), 2
 * (C2-DF), 3 (E0-EF), 4 (F0-F4); 0 when c starts none (a continuation
 * byte; C0 and C1, which only overlongs start; F5-FF). The leads of
 * apig__utf8_well_formed below, for a reader that must know how many
 * bytes to take before it can judge them (the query's %XY bytes); the
 * validator spells them again as branches, which costs flash less than
 * calling this (and never becomes a lookup table under -Os). */
static inline int apig__utf8_lead_length(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
}

/*
 * The sequence that s[0] >= 0x80 starts in s[0..len) (len >= 1): its
 * length (2 to 4) when it is well-formed; 0 when a byte of it is wrong
 * (the lead, or a continuation byte before the end); -1 when s ends
 * before it does, every byte there being right so far. The second byte's
 * range depends on the lead (E0: A0-BF, no overlongs; ED: 80-9F, no
 * encoded surrogates; F0: 90-BF, no overlongs; F4: 80-8F, nothing above
 * U+10FFFF); every other continuation byte is 80-BF.
 */
static inline int apig__utf8_well_formed(const unsigned char *s, size_t len)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    int n; /* apig__utf8_lead_length(c) */
    if (c < 0xC2) {
        return 0;
    } else if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    for (size_t k = 1; k < (size_t)n; k++) {
        if (k >= len)
            return -1;
        if (s[k] < lo || s[k] > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
    }
    return n;
}

#endif
