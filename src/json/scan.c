/* SPDX-License-Identifier: MIT */
/*
 * scan.c - the byte tables of the JSON scanners (scan.h), defined once for
 * both paths of apig_json_parse.
 */
#include "scan.h"

/* ---- byte classes ------------------------------------------------------------ */

#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
const unsigned char apig__json_plain_string_byte[256] = {
    R16(0), R16(0),                               /* 0x00-0x1F controls */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2F, '"' */
    R16(1), R16(1),                               /* 0x30-0x4F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50-0x5F, '\\' */
    R16(1), R16(1),                               /* 0x60-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};

#define W APIG__JSON_WS
#define A (APIG__JSON_ALNUM | APIG__JSON_NUMEND)
#define P APIG__JSON_NUMEND
const unsigned char apig__json_lex_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, W, W, 0, 0, W, 0, 0, /* 0x00-0x0F */
    R16(0),                                         /* 0x10-0x1F */
    W, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, P, 0, P, P, 0, /* 0x20-0x2F: ' ' + - . */
    A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, 0, 0, /* 0x30-0x3F: digits */
    0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, /* 0x40-0x4F */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, A, /* 0x50-0x5F: _ */
    0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, /* 0x60-0x6F */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, 0, /* 0x70-0x7F */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0),
};
#undef R16
#undef W
#undef A
#undef P
