/* SPDX-License-Identifier: MIT */
/*
 * hex.h - the value of a hex digit, in one place for every reader of hex:
 * the JSON layer (\u escapes: src/json/scan.h, check.c), the decoder
 * (\u escapes in src/decode/text.c, %XY in query.c, the Signature in
 * signature.c) and the rules (IPv6 groups in src/core/rules.c). A macro,
 * so that a table can be built from it (text.c's fast form), and the
 * inline function every other reader calls. No other header needed, so
 * that the JSON layer can include it without the rest of core.
 */
#ifndef APIG_CORE_HEX_H
#define APIG_CORE_HEX_H

/*
 * The value of hex digit c (0..255: [0-9A-Fa-f]) as an int 0..15, or -1
 * for any other byte. A constant expression when c is; c is evaluated
 * more than once. ('A'..'F' | 0x20 is 'a'..'f', and no other byte but
 * those and 'a'..'f' themselves lands there.)
 */
#define APIG__HEX_VALUE(c)                                                  \
    ((unsigned)((c) - '0') < 10u              ? (int)((c) - '0')            \
     : (unsigned)(((c) | 0x20) - 'a') < 6u    ? (int)(((c) | 0x20) - 'a' + 10) \
                                              : -1)

/* The value of hex digit c, or -1. */
static inline int apig__hex_value(unsigned char c)
{
    return APIG__HEX_VALUE(c);
}

#endif
