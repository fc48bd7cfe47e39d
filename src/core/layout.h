/* SPDX-License-Identifier: MIT */
/*
 * layout.h - the bytes apig_encode writes, in one place for both sides:
 * the encoder writes its layout and escapes from here (src/encode/), and
 * apig-gen sizes <MSG>_ENCODED_MAX from here (src/gen/bounds.c). A change
 * to a style is an edit here; the bounds follow it.
 * Macros and inline functions only, so that the generator needs no
 * runtime code.
 */
#ifndef APIG_CORE_LAYOUT_H
#define APIG_CORE_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

/* ---- the styles' layout --------------------------------------------------- */

/* The compact style (APIG_STYLE_PRETTY clear): no byte between tokens
 * beside ',' and this. */
#define APIG__COMPACT_COLON ":"

/* The pretty style: Jackson's default pretty printer, which printed the
 * source document's examples:
 *   - an object opens with '{'; each member goes on its own line indented
 *     APIG__PRETTY_INDENT spaces a level; `"key" : value`; members end with
 *     ","; the closing '}' sits on its own line at the enclosing level; an
 *     object without members is "{ }";
 *   - arrays stay inline and do not add a level: "[ {", "}, {", "} ]"; an
 *     array of strings is "[ "a", "b" ]"; an empty array is "[ ]";
 *   - booleans are true and false; no trailing newline. */
#define APIG__PRETTY_INDENT 2u
#define APIG__PRETTY_COLON " : "
#define APIG__PRETTY_GAP ' ' /* before each item, before ']', inside "{ }" */

#define APIG__LITERAL_LEN(s) (sizeof(s) - 1)

/* The bytes an object at `level` (1: the body) takes beside its members:
 * '{' '}' and, pretty, the new line and indent before '}' (or the gap
 * of an empty object, which is fewer). */
static inline uint64_t apig__layout_object(bool pretty, unsigned level)
{
    return 2 + (pretty ? 1 + APIG__PRETTY_INDENT * (uint64_t)(level - 1) : 0);
}

/* The bytes a member of an object at `level` takes beside its key's
 * characters and its value: ',' (at most), the new line and indent
 * (pretty), the key's quotes and the colon. */
static inline uint64_t apig__layout_member(bool pretty, unsigned level)
{
    return pretty ? 1 + 1 + APIG__PRETTY_INDENT * (uint64_t)level + 2 +
                        APIG__LITERAL_LEN(APIG__PRETTY_COLON)
                  : 1 + 2 + APIG__LITERAL_LEN(APIG__COMPACT_COLON);
}

/* An array's bytes beside its items: '[' ']' and, pretty, the gap before
 * ']'; and each item's beside its value: ',' (at most) and, pretty, the
 * gap before it. (Macros: only apig-gen counts these, and an unused
 * inline function in the amalgamation's one file is a warning.) */
#define APIG__LAYOUT_ARRAY(pretty) ((pretty) ? 3u : 2u)
#define APIG__LAYOUT_ITEM(pretty) ((pretty) ? 2u : 1u)

/* ---- values ---------------------------------------------------------------- */

/* The most bytes of each scalar: "-2147483648", "-9223372036854775808",
 * "false". */
#define APIG__INT32_MOST 11u
#define APIG__INT64_MOST 20u
#define APIG__BOOL_MOST 5u

/* True when ASCII byte c is written as it is in a JSON string (every
 * style): not a control character, '"' or '\\' (U+007F and '/' are). A
 * macro, for the writer's loop in any build. */
#define APIG__JSON_AS_IS(c) ((c) >= 0x20u && (c) < 0x80u && (c) != '"' && (c) != '\\')

#ifdef APIG__LAYOUT_COUNTS /* apig-gen's: the runtime writes, it does not count */
/* The bytes code point cp takes in a JSON string the encoder writes,
 * APIG_STYLE_ASCII or not (`ascii`): '"' and '\\', and the control
 * characters with a short escape, as "\\x"; the other controls as
 * "\\uXXXX"; other ASCII (U+007F and '/' included) as it is; beyond
 * ASCII, its UTF-8, or in ASCII "\\uXXXX" and above U+FFFF a surrogate
 * pair of them, as apig__json_string (src/encode/json_text.c) writes it. */
static inline unsigned apig__json_char_bytes(uint32_t cp, bool ascii)
{
    if (APIG__JSON_AS_IS(cp))
        return 1;
    if (cp == '"' || cp == '\\' || cp == '\b' || cp == '\f' || cp == '\n' || cp == '\r' ||
        cp == '\t')
        return 2;
    if (cp < 0x80)
        return 6;
    if (ascii)
        return cp < 0x10000 ? 6 : 12;
    return cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
#endif

/* The most bytes one byte of a stored string can take when written: a
 * control character, or a byte that is not UTF-8 (U+FFFD: three bytes, or
 * "\\uFFFD" in ASCII), as "\\uXXXX". No character takes more per byte. */
#define APIG__JSON_BYTE_MOST 6u

/* The most bytes a string of `bytes` stored bytes takes, quotes included. */
static inline uint64_t apig__json_string_most(uint64_t bytes)
{
    return 2 + APIG__JSON_BYTE_MOST * bytes;
}

#endif
