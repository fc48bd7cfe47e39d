/* SPDX-License-Identifier: MIT */
/*
 * encode.h - pieces the two encoder files share (library-internal).
 *
 * What each style writes, and the most bytes of each piece, is
 * core/layout.h: apig-gen's <MSG>_ENCODED_MAX reads the same description.
 */
#ifndef APIG_ENCODE_INTERNAL_H
#define APIG_ENCODE_INTERNAL_H

#include "core/core.h"
#include "core/layout.h"

/*
 * Writes s[0..len) as a JSON string, quotes included (RFC 8259):
 *   - '"' and '\\' as \" and \\; U+0008, U+0009, U+000A, U+000C, U+000D as
 *     \b \t \n \f \r; every other control character below U+0020 as \u00XX
 *     with UPPER-case hex (as the service's SDKs, Java/Jackson, write them);
 *   - '/' and U+007F are written as they are; no HTML escaping of < > & ';
 *   - non-ASCII is copied raw, or, with APIG_STYLE_ASCII, written as \uXXXX
 *     (upper-case hex; above U+FFFF as a UTF-16 surrogate pair);
 *   - a byte that does not start a well-formed UTF-8 sequence is written as
 *     U+FFFD, so the output is always valid JSON in valid UTF-8 (strings of
 *     a validated struct never contain one; error messages may, e.g. an id
 *     given by the caller).
 */
void apig__json_string(apig__out *o, const char *s, size_t len, unsigned style);

/* A line break plus APIG__PRETTY_INDENT spaces a level. */
void apig__json_indent(apig__out *o, unsigned level);

/* Starts member number `index` (0-based) of an object at `level`: the
 * separator, the line break and indent in pretty style, the key, ':'. */
void apig__json_key(apig__out *o, size_t index, unsigned level,
                    const char *key, size_t key_len, unsigned style);

/* Closes an object at `level` that has `members` members. */
void apig__json_object_end(apig__out *o, size_t members, unsigned level,
                           unsigned style);

#endif /* APIG_ENCODE_INTERNAL_H */
