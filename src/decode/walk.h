/* SPDX-License-Identifier: MIT */
/*
 * walk.h - the decoder's walk over jsmn's tokens (decode.c says what it
 * does): its state, the small steps every room of it takes, inlined, and
 * the functions the rooms share. The rooms: decode.c (the entry points and
 * the general loop over objects, arrays and values), flat.c (the fast
 * path's flat objects and arrays), strings.c (string values) and
 * walk_errors.c (recording errors, refusing a body).
 *
 * Not installed; names start with apig__ (library-internal).
 */
#ifndef APIG_DECODE_WALK_H
#define APIG_DECODE_WALK_H

#include <limits.h>
#include <string.h>

#include "decode.h"
#include "json/json_internal.h"

/* The most fields a flat message (flat_members) has: its two kinds of
 * field share a 64-bit set in the walk. */
#define FLAT_FIELDS 32

/* Fields per message whose duplicates (and absence) a bit set tracks;
 * a message with more has its struct cleared before the walk and tracks
 * them all by their presence flags (a repeated `null` then goes unnoticed). */
#define WALK_SEEN_BITS 64

typedef struct walk {
    const apig_catalog *catalog;
    const char *body;
    size_t len;
    const apig_token *t;
    const apig_context *ctx;
    apig__errors *errors;
    /* What the context makes of the fields of `rules_of` (the message whose
     * object was last opened: the items of an array share theirs): which
     * are required, and which take a format from it. */
    const apig_message *rules_of;
    uint64_t required;
    uint64_t context_format;
    /* Of a flat message's fields (at most FLAT_FIELDS), the ones
     * flat_members stores at once when the value's token has their type:
     * inline strings with no format or enum (from the table or the
     * context), bit k for field k, and integers, bit FLAT_FIELDS + k. */
    uint64_t flat_kinds;
    /* Where view strings with escapes are unescaped: the caller's arena,
     * or (in_place) the body itself, then writable. */
    char *arena;
    size_t arena_cap;
    size_t arena_used;
    char *in_place;            /* the body, writable; NULL: use the arena */
    /* Where flat_members handed its object over to object_from: the next
     * member's token, the fields met, the separator before it; and where
     * flat_array handed its array over: the item it was in (its token), or
     * -1 before an item (handover_at its token, handover_punct the
     * separator before it). */
    uint64_t handover_seen;
    int handover_at;
    int handover_open;
    int n;                     /* tokens in t: all of the body's, or over
                                  the token budget only its first n */
    int pos;                   /* the first byte the grammar has not yet
                                  accounted for (fast path only) */
    char handover_punct;
    bool flat;                 /* rules_of has only scalar fields (flat_members) */
    bool proved;               /* the body is known to be JSON: no grammar */
    bool reject_unknown;
    bool stop;                 /* the walk is over: the list is full, or */
    bool malformed;            /* the body is not JSON (fast path), or */
    bool cut;                  /* reached the end of a partial token array */
} walk;

/* The steps of one key/value pair, inlined into the object loop that runs
 * them thousands of times a body (a call each would cost more than the
 * step). */
#if defined(APIG_CFG_SMALL_CODE)
#define WALK_HOT static /* flash over speed: the compiler's choice */
#define WALK_COLD static
#elif defined(__GNUC__) || defined(__clang__)
#define WALK_HOT static inline __attribute__((always_inline))
#define WALK_COLD static __attribute__((noinline))
#else
#define WALK_HOT static inline
#define WALK_COLD static
#endif

/* Whether the body was proved JSON before the walk: always with
 * APIG_CFG_SMALL_CODE, which compiles the fast path out (the branches that
 * check the grammar, and flat_object, are then dead code). */
#ifdef APIG_CFG_SMALL_CODE
#define PROVED(w) ((void)(w), true)
#define FAST_PATH 0 /* and the shortcuts below are left out too */
#else
#define PROVED(w) ((w)->proved)
#define FAST_PATH 1
#endif

/* The small steps below, inlined into every room that takes them (in
 * APIG_CFG_SMALL_CODE builds the compiler chooses, for flash). */
#if !defined(APIG_CFG_SMALL_CODE) && (defined(__GNUC__) || defined(__clang__))
#define WALK_STEP static inline __attribute__((always_inline))
#else
#define WALK_STEP static inline
#endif

/* ---- the walk's three ways to end early ------------------------------------ */

/* Not JSON: the walk ends, and decode_body asks apig_json_parse which
 * syntax error the body has. */
WALK_STEP int malformed(walk *w)
{
    w->malformed = true;
    w->stop = true;
    return w->n;
}

/* The walk reached the end of a partial token array: what lies beyond was
 * proved well-formed by the JSON layer but has no tokens to visit. */
WALK_STEP int cut(walk *w)
{
    w->cut = true;
    w->stop = true;
    return w->n;
}

/* ---- the small steps -------------------------------------------------------- */

/* Where an error about token tok points: a string's opening quote, any
 * other value's first byte. */
static inline size_t value_offset(const apig_token *tok)
{
    return tok->type == APIG_TOKEN_STRING ? (size_t)tok->start - 1 : (size_t)tok->start;
}

/* ---- the grammar between tokens (fast path) ---------------------------------- */

/* The gap from w->pos to `to`, where the next token (or its opening quote)
 * starts: whitespace around one `punct` (',' or ':'), or with punct 0
 * whitespace only. The usual body has no whitespace: tested first. */
static inline bool gap_ok(const walk *w, int to, char punct)
{
    int pos = w->pos;
    if (punct ? to == pos + 1 && w->body[pos] == punct : to == pos)
        return true;
    return apig__json_gap_ok(w->body, pos, to, punct) != 0;
}

/* Where the gap before token tok ends: its opening quote, or its start. */
static inline int gap_end(const apig_token *tok)
{
    return tok->start - (tok->type == APIG_TOKEN_STRING);
}

/* A container at tok opens with `bracket`, with room for it (fast path);
 * its contents start after the bracket. */
static inline bool open_ok(walk *w, const apig_token *tok, char bracket, size_t room)
{
    if (PROVED(w))
        return true;
    if (room == 0 || w->body[tok->start] != bracket)
        return false;
    w->pos = tok->start + 1;
    return true;
}

/* The container ending at `end` (jsmn's end: one past its bracket) closes
 * with `bracket` after whitespace only (fast path). */
static inline bool close_ok(walk *w, int end, char bracket)
{
    if (PROVED(w))
        return true;
    if (end <= 0 || !gap_ok(w, end - 1, 0) || w->body[end - 1] != bracket)
        return false;
    w->pos = end;
    return true;
}

/* An integer literal without sign trouble: -?(0|[1-9][0-9]{0,17}) fills
 * *v (no overflow below 10^18). Anything else (a fraction, an exponent,
 * more digits, not a number) is left to the general path. The decoder's
 * fast form of the runtime's one decimal parser, apig__parse_integer
 * (core), for the usual literal: same value, where it answers. */
static inline bool small_integer(const char *s, int a, int b, int64_t *v)
{
    bool negative = s[a] == '-';
    a += negative;
    int digits = b - a;
    if (digits < 1 || digits > 18)
        return false;
    int64_t x = (unsigned char)s[a] - '0';
    if ((uint64_t)x > 9 || (x == 0 && digits > 1))
        return false;
    for (a++; a < b; a++) {
        unsigned d = (unsigned)(s[a] - '0');
        if (d > 9)
            return false;
        x = x * 10 + (int64_t)d;
    }
    *v = negative ? -x : x;
    return true;
}

/* The index of the lowest set bit of m (m != 0). */
WALK_STEP uint32_t lowest_bit(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (uint32_t)__builtin_ctzll(m);
#else
    uint32_t k = 0;
    while (!((m >> k) & 1u))
        k++;
    return k;
#endif
}

/* Fields of msg (bits of `absent`) never met in its object at base: cleared. */
WALK_STEP void clear_absent(const apig_message *msg, unsigned char *base, uint64_t absent)
{
    for (; absent; absent &= absent - 1) {
        const apig_field *f = &msg->fields[lowest_bit(absent)];
        /* the usual absent field, an inline string or an int32, here */
        if (FAST_PATH && f->type == APIG_TYPE_STRING && f->storage == APIG_STORAGE_INLINE) {
            *apig__has_ptr(f, base) = false;
            *(char *)apig__value_ptr(f, base) = '\0';
        } else if (FAST_PATH && f->type == APIG_TYPE_INT32) {
            const int32_t zero = 0;
            *apig__has_ptr(f, base) = false;
            memcpy(apig__value_ptr(f, base), &zero, sizeof zero);
        } else {
            apig__init_field(f, base);
        }
    }
}

/* flat.c's answer when it hands over to the general loop (see walk) */
#define FLAT_HANDOVER (-1)

/* ---- the rooms' shared functions ------------------------------------------ */

/* flat.c: a flat object (any_object), or the items of an array of them
 * (array), on the fast path. Return the next token's index, or
 * FLAT_HANDOVER with w->handover_* saying where the general loop goes on. */
int apig__walk_flat_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                           size_t room);
int apig__walk_flat_array(walk *w, const apig_field *f, unsigned char *base, int open,
                          size_t room);

/* strings.c: the string token tok into out, checked against the string
 * rules `rules`: inline text or a view (apig__walk_string), or inline text
 * the general way once apig__scan_plain found it not plain
 * (apig__walk_string_text, `tried`: out[0..len] holds the try). Return the
 * kind the value fails with (APIG_ERROR_NONE: it passed), or
 * APIG_ERROR_SYNTAX once the walk is over. */
apig_error_kind apig__walk_string(walk *w, const apig_field *rules, void *out,
                                  const apig_token *tok, bool contextual);
apig_error_kind apig__walk_string_text(walk *w, const apig_field *rules, char *out,
                                       const apig_token *tok, bool contextual, bool tried);

/* walk_errors.c: an error at field f's value in container `fr` (rule), at
 * item `index` of array field f (item); each stops the walk when the list
 * is full. */
void apig__walk_rule_error(walk *w, const apig__place *fr, const apig_field *f,
                           apig_error_kind kind, size_t offset);
void apig__walk_item_error(walk *w, const apig__place *fr, const apig_field *f, uint32_t index,
                           apig_error_kind kind, size_t offset);
/* The body is not JSON: apig_json_parse's verdict (status at offset)
 * replaces the errors this body produced so far. The verdict goes as two
 * scalars: a struct by value would take a copy in decode_body's frame,
 * which is on the deepest path. */
void apig__decode_syntax_error(apig__errors *errors, size_t base_count,
                               const apig_catalog *catalog, const char *body, size_t len,
                               apig_json_status status, size_t offset);

#endif /* APIG_DECODE_WALK_H */
