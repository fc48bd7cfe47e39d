/* SPDX-License-Identifier: MIT */
/*
 * byte_class.h - the rule of a character set's byte classes
 * (apig_charset.byte_class), in one place for both sides: apig-gen
 * (src/gen/emit_source.c) writes each set's table with it, and the runtime
 * (src/core/utf8.c) builds with it the table of a field without a set.
 * A macro and nothing else, so that the generator needs no runtime code.
 */
#ifndef APIG_CORE_BYTE_CLASS_H
#define APIG_CORE_BYTE_CLASS_H

#include <apig/schema.h> /* APIG_BYTE_JSON_PLAIN, APIG_BYTE_TEXT_PLAIN */

/*
 * The class of byte b (0..255) in a set: APIG_BYTE_TEXT_PLAIN when b is
 * ASCII, not a control character and in the set (`in_set`, a truth value,
 * evaluated only for b in 0x20..0x7F), and APIG_BYTE_JSON_PLAIN too unless
 * b is the backslash (which starts an escape in a JSON string); 0 for
 * every other byte (a UTF-8 byte, a control character, a byte not in the
 * set), which the scanners then take their general path for. A constant
 * expression when b and in_set are.
 */
#define APIG__BYTE_CLASS(b, in_set)                                                        \
    ((b) >= 0x20 && (b) < 0x80 && (in_set)                                                 \
         ? ((b) == '\\' ? APIG_BYTE_TEXT_PLAIN : APIG_BYTE_TEXT_PLAIN | APIG_BYTE_JSON_PLAIN) \
         : 0u)

#endif
