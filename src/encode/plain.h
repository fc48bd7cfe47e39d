/* SPDX-License-Identifier: MIT */
/*
 * plain.h - what the encoder knows of a string field before it meets a
 * value: whether any value of its set needs an escape, and how its values
 * are judged (core/plain.h judges and copies them). encode.c's walk
 * inlines all of it.
 *
 * Not installed; one includer (encode.c).
 */
#ifndef APIG_ENCODE_PLAIN_H
#define APIG_ENCODE_PLAIN_H

#include <string.h>

#include "encode.h"
#include "core/plain.h" /* judging and copying a string's bytes */

/* True when the buffer has room for `need` more bytes. */
APIG__HOT bool room_for(const apig__out *o, size_t need)
{
    return o->len <= o->cap && need <= o->cap - o->len;
}

/* True when no character of set cs needs an escape in `style`: no control
 * character, '"' or '\\', and nothing beyond ASCII in the ASCII style (the
 * ranges are sorted: the last one ends highest). */
APIG__HOT bool never_escapes(const apig_charset *cs, unsigned style)
{
    return cs && (cs->ascii[0] & UINT64_C(0x00000004FFFFFFFF)) == 0 &&
           (cs->ascii[1] & (UINT64_C(1) << ('\\' - 64))) == 0 &&
           (!(style & APIG_STYLE_ASCII) || cs->range_count == 0 ||
            cs->ranges[cs->range_count - 1].last < 0x80u);
}

/* How put_text takes a string's values (shape.fast, shape.alnum), as bits
 * beside a style's:
 * TEXT_FAST   a plain value (every byte an ASCII character of its set, no
 *             control character; judged as it is copied) is written as it
 *             is: the set, if any, holds neither '"' nor '\\' (otherwise
 *             every value takes the general path);
 * TEXT_ALNUM  the set holds every ASCII letter and digit: only the other
 *             bytes need their class looked up. */
#define TEXT_FAST 0x40000u
#define TEXT_ALNUM 0x80000u

/* The TEXT_* bits of string rules `rules`. */
APIG__HOT unsigned text_how(const apig_field *rules)
{
    const apig_charset *cs = rules->charset;
    if (!cs)
        return TEXT_FAST;
    const uint64_t digits = UINT64_C(0x03FF000000000000), letters = UINT64_C(0x07FFFFFE07FFFFFE);
    return ((((cs->ascii[0] >> '"') | (cs->ascii[1] >> ('\\' - 64))) & 1u) == 0 ? TEXT_FAST : 0) |
           ((cs->ascii[0] & digits) == digits && (cs->ascii[1] & letters) == letters ? TEXT_ALNUM
                                                                                      : 0);
}

#endif /* APIG_ENCODE_PLAIN_H */
