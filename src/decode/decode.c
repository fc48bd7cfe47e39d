/* SPDX-License-Identifier: MIT */
/*
 * apig_decode: bytes to struct in one pass. jsmn tokenizes the body; then a
 * single walk over the tokens, in document order and driven by the
 * descriptor tables, checks the grammar jsmn does not (the gaps between
 * tokens, brackets, numbers and literals, the depth), picks each key's
 * field by the message's generated lookup, and scans each string once
 * (unescape, UTF-8, character set, length, store: text.c), applying the
 * field rules as it stores.
 *
 * That walk is the fast path, taken by every well-formed body. The moment
 * it meets something that is not JSON it stops ("malformed"): the body's
 * errors so far give way, and apig_json_parse's complete checker, which
 * reports the error at the smallest offset, says which syntax error the
 * body has. The walk also stops early when the error list fills up; the
 * rest of the body is then proved well-formed by apig_json_parse, since a
 * malformed body fails with its syntax error before any field rule.
 *
 * Some bodies are proved by apig_json_parse before the walk instead, which
 * then checks no grammar (`proved`): over the token budget (the JSON layer
 * hands over the body's first tokens, the rest proved well-formed: the walk
 * visits them and stops at the cut, and an error among them is the
 * answer, since everything after the cut comes later in the body; without
 * one, the budget is), in place (every string is checked before any is
 * rewritten), a top-level value that is not an object, and
 * APIG_CFG_SMALL_CODE, where the fast path is not compiled.
 *
 * The walk recurses along the containers the schema knows (object -> array
 * -> item object ...), one apig__place each on the C stack (core.h): the
 * generator keeps that nesting acyclic, so the stack follows the schema's
 * depth, never the JSON depth limit; unknown values are skipped (and, on
 * the fast path, checked) by the JSON layer's own walk, without places.
 * `fr` is the place of the container at hand (NULL: the top object). A
 * JSON path is built only when an error is recorded, from the chain of
 * places, so the hot path does no path work.
 *
 * Offsets: a string value or key points at its opening quote, any other
 * value at its first byte; a missing required field at the closing brace of
 * its object.
 */
#include "decode.h"

#include "decode.h"
#include "json/json_internal.h"
#include "json/tokenizer.h"

#include <limits.h>

/* The most fields a flat message (flat_members) has: its two kinds of
 * field share a 64-bit set in the walk. */
#define FLAT_FIELDS 32

/* Fields per message whose duplicates (and absence) a bit set tracks;
 * a message with more has its struct cleared before the walk and tracks
 * them all by their presence flags (a repeated `null` then goes unnoticed). */
#define SEEN_BITS 64

/* An escaped key, unescaped: enough for any field name (which lookup
 * compares) and for more of an unknown key than an error shows, since param
 * and path cut below these sizes and text never renders shorter than it
 * decodes; a longer key keeps its longest whole-character prefix. */
#define KEY_BYTES ((APIG_CFG_PARAM_BYTES > APIG_CFG_PATH_BYTES ? APIG_CFG_PARAM_BYTES \
                                                               : APIG_CFG_PATH_BYTES) + 16)

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
#define HOT static /* flash over speed: the compiler's choice */
#define COLD static
#elif defined(__GNUC__) || defined(__clang__)
#define HOT static inline __attribute__((always_inline))
#define COLD static __attribute__((noinline))
#else
#define HOT static inline
#define COLD static
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

/* ---- the walk's three ways to end early ------------------------------------ */

/* Not JSON: the walk ends, and decode_body asks apig_json_parse which
 * syntax error the body has. */
static int malformed(walk *w)
{
    w->malformed = true;
    w->stop = true;
    return w->n;
}

/* The walk reached the end of a partial token array: what lies beyond was
 * proved well-formed by the JSON layer but has no tokens to visit. */
static int cut(walk *w)
{
    w->cut = true;
    w->stop = true;
    return w->n;
}

/* The arena for unescaped view strings ran out at offset: like the token
 * budget, a limit of the caller's, reported after the errors found before
 * it (a malformed body found later still replaces them). The walk stops
 * applying rules. */
static void arena_full(walk *w, size_t offset)
{
    apig__errors_add_body(w->errors, w->catalog, APIG_ERROR_SYNTAX, w->body, w->len, offset,
                          "string arena is full", true);
    w->stop = true;
}

/* ---- errors ------------------------------------------------------------- */

static size_t value_offset(const apig_token *tok)
{
    return tok->type == APIG_TOKEN_STRING ? (size_t)tok->start - 1 : (size_t)tok->start;
}

/* Records an error inside container `fr`, at key name[0..name_len) or,
 * when `index` >= 0, at that array index. Without a field the error is
 * about an unknown key, and its name (with its length: a key may hold
 * U+0000; the error copies it) is also the parameterName. */
COLD void record(walk *w, const apig__place *fr, const apig_field *field, const char *name,
                   size_t name_len, long index, apig_error_kind kind, size_t offset)
{
    if (apig__errors_add_place(w->errors, w->catalog, field, kind, field ? NULL : name,
                               field ? 0 : name_len, fr, index >= 0 ? NULL : name, name_len,
                               index, offset, NULL))
        w->stop = true;
}

/* A rule of field f failed at its value in `fr`. */
static void rule_error(walk *w, const apig__place *fr, const apig_field *f, apig_error_kind kind,
                       size_t offset)
{
    /* record()'s call, made here: one frame less on the deepest path */
    if (apig__errors_add_place(w->errors, w->catalog, f, kind, NULL, 0, fr, f->name, f->name_len,
                               -1, offset, NULL))
        w->stop = true;
}

/* A rule of array field f failed at item `index` of `fr`, the array. */
static void item_error(walk *w, const apig__place *fr, const apig_field *f, uint32_t index,
                       apig_error_kind kind, size_t offset)
{
    /* record()'s call, made here: one frame less on the deepest path */
    if (apig__errors_add_place(w->errors, w->catalog, f, kind, NULL, 0, fr, NULL, 0, (long)index,
                               offset, NULL))
        w->stop = true;
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

/* ---- values the rules do not look at ------------------------------------------ */

/* Skips the value at token i (and everything inside it): on the fast path
 * the JSON layer's walk checks it on the way. Returns the next token's
 * index. On a proved partial array, a container the cut leaves open holds
 * every token after it. */
COLD int skip(walk *w, int i, size_t room)
{
    if (!PROVED(w)) {
        int pos = w->pos;
        int next = apig__json_walk_value(w->body, w->len, w->t, w->n, i, room, &pos);
        if (next < 0)
            return malformed(w);
        w->pos = pos;
        return next;
    }
    int end = w->t[i].end;
    if (end < 0)
        return cut(w);
    int j = i + 1;
    while (j < w->n && w->t[j].start < end)
        j++;
    return j;
}

/* ---- keys ------------------------------------------------------------------ */

/* resolve_key's escaped key, unescaped into a buffer of this frame (its
 * longest whole-character prefix that fits, which is more than an error
 * shows), out of the loop's frame: it is only on the stack while such a
 * key is looked up and, when unknown, reported. */
COLD int escaped_key(walk *w, const apig_message *msg, const apig__place *fr,
                     const apig_token *k)
{
    char key[KEY_BYTES];
    apig__scan r;
    apig__scan_text(w->body + k->start, (size_t)(k->end - k->start), true, NULL, key,
                    sizeof key, &r);
    if (r.syntax != APIG_JSON_OK)
        return -2;
    int idx = r.overflow ? -1 : msg->lookup(key, r.bytes);
    /* record()'s call, made here: the deepest path has no frame more */
    if (idx < 0 && w->reject_unknown &&
        apig__errors_add_place(w->errors, w->catalog, NULL, APIG_ERROR_UNKNOWN_FIELD, key,
                               r.bytes, fr, key, r.bytes, -1, value_offset(k), NULL))
        w->stop = true;
    return idx;
}

/* The field index of key token `k` in the object `fr` of msg, or -1 for
 * an unknown key (reported here when the decoder rejects them), or -2 when
 * the key is not JSON. */
HOT int resolve_key(walk *w, const apig_message *msg, const apig_token *k,
                    const apig__place *fr)
{
    const char *raw = w->body + k->start;
    size_t len = (size_t)(k->end - k->start);
    int idx = msg->lookup(raw, len);
    if (idx >= 0)
        return idx; /* equal to a field name: plain ASCII, nothing to check */
    if (memchr(raw, '\\', len))
        return escaped_key(w, msg, fr, k);
    if (!PROVED(w) && !apig__json_string_ok(w->body, w->len, k->start, k->end))
        return -2;
    /* an unknown key's text goes with its length: a key may hold U+0000,
     * and the error copies it */
    if (w->reject_unknown)
        record(w, fr, NULL, raw, len, -1, APIG_ERROR_UNKNOWN_FIELD, value_offset(k));
    return -1;
}

/* ---- values ---------------------------------------------------------------- */

/* The verdict on a scanned string: the usual field (no format or enum,
 * and none from the context: `contextual` false) needs its length only. */
static inline apig_error_kind verdict(const walk *w, const apig_field *rules,
                                      const apig__scan *r, const char *text, bool contextual)
{
    if (!rules->format && !rules->enum_count && !r->bad_char && !r->overflow && !contextual)
        return apig__check_length(rules, r->chars);
    return apig__string_verdict(rules, w->ctx, r, text);
}

/* A view string: the body's own bytes when the token has no escape; else
 * unescaped into the arena (or in place), one pass either way. The same
 * rules as inline text; an arena too small for the text is an error of its
 * own (the body's, APIG_ERROR_SYNTAX with "string arena is full"), never a
 * cut value. */
static apig_error_kind view_value(walk *w, const apig_field *rules, apig_string *out,
                                  const apig_token *tok, bool contextual)
{
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    char *dst = NULL;
    size_t room = 0;
    bool escaped = memchr(raw, '\\', len) != NULL;
    if (escaped) {
        if (w->in_place) {
            dst = w->in_place + tok->start;
            room = len; /* the text shrinks by at least one byte: room for the NUL */
        } else {
            dst = w->arena ? w->arena + w->arena_used : NULL;
            room = w->arena ? w->arena_cap - w->arena_used : 0;
        }
    }
    apig__scan r;
    apig__scan_text(raw, len, true, rules->charset, dst, room, &r);
    if (r.syntax != APIG_JSON_OK) {
        malformed(w);
        return APIG_ERROR_SYNTAX;
    }
    if (!escaped)
        r.bytes = len; /* unchanged text: its decoded bytes are its raw bytes */
    if (r.overflow || (escaped && !dst)) {
        /* Only the arena's room can run out: the rules that need no text
         * (the set, the length) speak first when the value breaks them. */
        apig_error_kind kind = r.bad_char ? APIG_ERROR_CHARSET : apig__check_length(rules, r.chars);
        if (kind == APIG_ERROR_NONE) {
            arena_full(w, value_offset(tok));
            return APIG_ERROR_SYNTAX;
        }
        return kind;
    }
    const char *text = escaped ? dst : raw;
    apig_error_kind kind = verdict(w, rules, &r, text, contextual);
    if (kind == APIG_ERROR_NONE) {
        out->ptr = text;
        out->len = r.bytes;
        if (escaped && !w->in_place)
            w->arena_used += r.bytes;
    }
    return kind;
}

/* An inline string token tok the general way, by apig__scan_text, into
 * out (rules->capacity bytes); `tried`: apig__scan_plain found it not plain
 * and left a copy of the raw text in out[0..len], whose bytes past the
 * decoded text are cleared, so that a string never carries them. */
COLD apig_error_kind string_text(walk *w, const apig_field *rules, char *out,
                                 const apig_token *tok, bool contextual, bool tried)
{
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    apig__scan r;
    apig__scan_text(raw, len, true, rules->charset, out, rules->capacity, &r);
    if (r.syntax != APIG_JSON_OK) {
        if (tried)
            memset(out, 0, len + 1);
        malformed(w);
        return APIG_ERROR_SYNTAX;
    }
    if (tried) /* the decoded text is never longer than the raw */
        memset(out + r.bytes, 0, len + 1 - r.bytes);
    return verdict(w, rules, &r, out, contextual);
}

/* The string token tok into out (rules->capacity bytes, or a view),
 * checked against the string rules `rules` (a string field, or an array's
 * item rules; `contextual`: the context may add a format). Returns the kind
 * the value fails with (APIG_ERROR_NONE: it
 * passed), or APIG_ERROR_SYNTAX once the walk is over (the string is not
 * JSON, or the arena is full). */
COLD apig_error_kind string_value(walk *w, const apig_field *rules, void *out,
                                  const apig_token *tok, bool contextual)
{
    if (!PROVED(w))
        w->pos = tok->end + 1;
    if (rules->storage == APIG_STORAGE_VIEW)
        return view_value(w, rules, out, tok, contextual);
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    apig__scan r;
    if (FAST_PATH && len < rules->capacity &&
        apig__scan_plain(raw, len, rules->charset ? rules->charset->byte_class : apig__any_bytes,
                         out)) {
        r.bytes = r.chars = len;
        r.overflow = r.bad_char = false;
        return verdict(w, rules, &r, out, contextual);
    }
    return string_text(w, rules, out, tok, contextual, FAST_PATH && len < rules->capacity);
}

/* An integer literal without sign trouble: -?(0|[1-9][0-9]{0,17}) fills
 * *v (no overflow below 10^18). Anything else (a fraction, an exponent,
 * more digits, not a number) is left to the general path. */
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

static int object_from(walk *w, const apig_message *msg, unsigned char *base, int open,
                       const apig__place *fr, size_t room, int i, uint64_t seen, char punct);
static int flat_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                       size_t room);
static int flat_array(walk *w, const apig_field *f, unsigned char *base, int open, size_t room);
static void context_rules(walk *w, const apig_message *msg);
/* flat_members' and flat_array's answer when they hand over to the
 * general loop */
#define FLAT_HANDOVER (-1)

/* The object at token i, of message `msg`, into the struct `base`. */
HOT int object(walk *w, const apig_message *msg, unsigned char *base, int i,
               const apig__place *fr, size_t room)
{
    if (!open_ok(w, &w->t[i], '{', room))
        return malformed(w);
    if (msg->field_count > SEEN_BITS)
        apig__init_message(msg, base);
    if (w->rules_of != msg)
        context_rules(w, msg);
    return object_from(w, msg, base, i, fr, room, i + 1, 0, 0);
}

/* The object at token i, of message msg: flat ones on the fast path take
 * the short way. */
HOT int any_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                   const apig__place *fr, size_t room)
{
    if (w->rules_of != msg)
        context_rules(w, msg);
    if (w->flat && !PROVED(w)) {
        int next = flat_object(w, msg, base, i, room);
        if (next != FLAT_HANDOVER)
            return next;
        return object_from(w, msg, base, i, fr, room, w->handover_at, w->handover_seen,
                           w->handover_punct);
    }
    return object(w, msg, base, i, fr, room);
}

static int array(walk *w, const apig_field *f, unsigned char *base, int i, const apig__place *fr,
                 size_t room);

/* The integer v of field f, at primitive token tok: its range, and
 * stored. */
HOT void integer_value(walk *w, const apig_field *f, unsigned char *base,
                          const apig__place *fr, const apig_token *tok, int64_t v)
{
    apig_error_kind kind = apig__check_integer(f, v);
    if (kind != APIG_ERROR_NONE) {
        rule_error(w, fr, f, kind, value_offset(tok));
        return;
    }
    if (f->type == APIG_TYPE_INT32) {
        int32_t v32 = (int32_t)v;
        memcpy(apig__value_ptr(f, base), &v32, sizeof v32);
    } else {
        memcpy(apig__value_ptr(f, base), &v, sizeof v);
    }
    *apig__has_ptr(f, base) = true;
}

/* The value of known field f at token i, in the object `fr` whose struct
 * is `base`; `room`: containers that may still open; `contextual`: the
 * context may add a format to f. Returns the next token's index. */
HOT int value(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr, int i,
              size_t room, bool contextual)
{
    const apig_token *tok = &w->t[i];
    apig__place inner = {fr, f, 0}; /* an object's or array's, for its contents */
    switch (tok->type) {
    case APIG_TOKEN_STRING: {
        if (f->type != APIG_TYPE_STRING)
            break;
        apig_error_kind kind = string_value(w, f, apig__value_ptr(f, base), tok, contextual);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            rule_error(w, fr, f, kind, value_offset(tok));
        else
            *apig__has_ptr(f, base) = true;
        return i + 1;
    }
    case APIG_TOKEN_PRIMITIVE: {
        int64_t v;
        if (FAST_PATH && (f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64) &&
            small_integer(w->body, tok->start, tok->end, &v)) {
            /* an integer literal to the token's end: JSON, nothing to prove */
            w->pos = tok->end;
            integer_value(w, f, base, fr, tok, v);
            return i + 1;
        }
        if (!PROVED(w)) {
            if (!apig__json_primitive_ok(w->body, tok->start, tok->end))
                return malformed(w);
            w->pos = tok->end;
        }
        char c = w->body[tok->start];
        if (c == 'n') {
            /* null means absent; for a required field that is an error here. */
            apig__init_field(f, base);
            if (apig__field_required(f, w->ctx))
                rule_error(w, fr, f, APIG_ERROR_REQUIRED, value_offset(tok));
            return i + 1;
        }
        if ((f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64) && c != 't' && c != 'f') {
            apig_error_kind kind = apig__parse_integer(w->body + tok->start,
                                                       (size_t)(tok->end - tok->start), &v);
            if (kind != APIG_ERROR_NONE)
                rule_error(w, fr, f, kind, value_offset(tok));
            else
                integer_value(w, f, base, fr, tok, v);
            return i + 1;
        }
        if (f->type == APIG_TYPE_BOOL && (c == 't' || c == 'f')) {
            const bool yes = c == 't';
            memcpy(apig__value_ptr(f, base), &yes, sizeof yes);
            *apig__has_ptr(f, base) = true;
            return i + 1;
        }
        rule_error(w, fr, f, APIG_ERROR_TYPE, value_offset(tok));
        return i + 1;
    }
    case APIG_TOKEN_OBJECT:
        if (f->type != APIG_TYPE_OBJECT)
            break;
        *apig__has_ptr(f, base) = true;
        return any_object(w, f->message, apig__value_ptr(f, base), i, &inner, room);
    case APIG_TOKEN_ARRAY:
        if (f->type != APIG_TYPE_ARRAY)
            break;
        *apig__has_ptr(f, base) = true;
        *apig__count_ptr(f, base) = 0;
        if ((uint32_t)tok->size < f->min_length && tok->end >= 0)
            rule_error(w, fr, f, APIG_ERROR_MIN_ITEMS, value_offset(tok));
        return array(w, f, base, i, &inner, room);
    default:
        break;
    }
    rule_error(w, fr, f, APIG_ERROR_TYPE, value_offset(tok));
    return skip(w, i, room);
}

/* Item `index` at token i of the array `fr` (field f of the struct
 * `base`). */
HOT int item(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr,
                uint32_t index, int i, size_t room)
{
    const apig_token *tok = &w->t[i];
    if (index >= f->capacity) {
        if (index == f->capacity)
            item_error(w, fr, f, index, APIG_ERROR_CAPACITY, value_offset(tok));
        return skip(w, i, room);
    }
    unsigned char *it = (unsigned char *)apig__value_ptr(f, base) + (size_t)index * f->item_size;
    if (f->item) {
        /* A value item (a string): the item rules, the array's errors. */
        if (tok->type != APIG_TOKEN_STRING) {
            item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
            return skip(w, i, room);
        }
        apig_error_kind kind = string_value(w, f->item, (char *)it, tok,
                                            f->item->condition_count != 0);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            item_error(w, fr, f, index, kind, value_offset(tok));
        *apig__count_ptr(f, base) = index + 1;
        return i + 1;
    }
    if (tok->type != APIG_TOKEN_OBJECT) {
        item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
        return skip(w, i, room);
    }
    *apig__count_ptr(f, base) = index + 1;
    apig__place inner = {fr, NULL, index};
    return any_object(w, f->message, it, i, &inner, room);
}

/* The array at token i: the value of field f in the struct `base`. Items
 * are the tokens that start before the array's end. */
HOT int array(walk *w, const apig_field *f, unsigned char *base, int i, const apig__place *fr,
              size_t room)
{
    const apig_token *t = w->t;
    int end = t[i].end;
    if (!open_ok(w, &t[i], '[', room))
        return malformed(w);
    int limit = end < 0 ? INT_MAX : end;
    char punct = 0; /* before the first item, whitespace only */
    uint32_t index = 0;
    i++;
    if (FAST_PATH && !PROVED(w) && !f->item && f->message &&
        (context_rules(w, f->message), w->flat)) {
        int next = flat_array(w, f, base, i - 1, room);
        if (next != FLAT_HANDOVER)
            return next;
        /* on from where flat_array stood: inside an item, or before one */
        index = *apig__count_ptr(f, base);
        if (w->handover_open >= 0) {
            unsigned char *it = (unsigned char *)apig__value_ptr(f, base) +
                                (size_t)(index - 1) * f->item_size;
            apig__place inner = {fr, NULL, index - 1};
            i = object_from(w, f->message, it, w->handover_open, &inner, room - 1,
                            w->handover_at, w->handover_seen, w->handover_punct);
            if (w->stop)
                return i;
            punct = ',';
        } else {
            i = w->handover_at;
            punct = w->handover_punct;
        }
    }
    for (;; index++, punct = ',') {
        if (i >= w->n) {
            if (end < 0)
                return cut(w);
            break;
        }
        if (t[i].start >= limit)
            break;
        if (!PROVED(w) && !gap_ok(w, gap_end(&t[i]), punct))
            return malformed(w);
        i = item(w, f, base, fr, index, i, room - 1);
        if (w->stop)
            return i;
    }
    return close_ok(w, end, ']') ? i : malformed(w);
}

/* The index of the lowest set bit of m (m != 0). */
static uint32_t lowest_bit(uint64_t m)
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

/* What the context makes of msg's fields (the first SEEN_BITS): which
 * are required and which take a format from it, worked out once for all
 * the objects of one message in a row. */
static void context_rules(walk *w, const apig_message *msg)
{
    if (w->rules_of == msg)
        return;
    uint32_t low = msg->field_count < SEEN_BITS ? msg->field_count : SEEN_BITS;
    uint64_t required = 0, formats = 0, kinds = 0;
    bool flat = msg->field_count <= FLAT_FIELDS;
    for (uint32_t k = 0; k < low; k++) {
        const apig_field *f = &msg->fields[k];
        flat = flat && (f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64 ||
                        f->type == APIG_TYPE_BOOL ||
                        (f->type == APIG_TYPE_STRING && f->storage == APIG_STORAGE_INLINE));
        if (apig__field_required(f, w->ctx))
            required |= (uint64_t)1 << k;
        if (apig__context_format(f, w->ctx) != APIG_FORMAT_NONE)
            formats |= (uint64_t)1 << k;
        else if (FAST_PATH && flat && f->type == APIG_TYPE_STRING && !f->format && !f->enum_count)
            kinds |= (uint64_t)1 << k;
        if (FAST_PATH && flat && (f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64))
            kinds |= (uint64_t)1 << (FLAT_FIELDS + k);
    }
    w->rules_of = msg;
    w->required = required;
    w->context_format = formats;
    w->flat_kinds = kinds;
    w->flat = flat;
}

/* Fields of msg (bits of `absent`) never met in its object at base: cleared. */
HOT void clear_absent(const apig_message *msg, unsigned char *base, uint64_t absent)
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

/* The closing brace (at `offset`) of the object `fr` of message `msg`:
 * fields never met are absent (cleared now, when a bit tracked them), and
 * the required ones missing. */
static void close_object(walk *w, const apig_message *msg, unsigned char *base,
                         const apig__place *fr, uint64_t seen, size_t offset)
{
    /* The first SEEN_BITS fields: only those not met, in field order. */
    uint32_t low = msg->field_count < SEEN_BITS ? msg->field_count : SEEN_BITS;
    uint64_t missing = ~seen & (low < 64 ? ((uint64_t)1 << low) - 1 : ~(uint64_t)0);
    if (msg->field_count <= SEEN_BITS)
        clear_absent(msg, base, missing);
    context_rules(w, msg);
    for (missing &= w->required; missing && !w->stop; missing &= missing - 1) {
        const apig_field *f = &msg->fields[lowest_bit(missing)];
        rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
    if (msg->field_count <= SEEN_BITS)
        return;
    for (uint32_t k = low; k < msg->field_count && !w->stop; k++) {
        const apig_field *f = &msg->fields[k];
        if (!apig__has(f, base) && apig__field_required(f, w->ctx))
            rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
}

/* One key/value pair at token i, in the object `fr` of message `msg`. */
HOT int member(walk *w, const apig_message *msg, unsigned char *base, const apig__place *fr,
                  uint64_t *seen, int i, size_t room)
{
    const apig_token *k = &w->t[i];
    int idx = resolve_key(w, msg, k, fr);
    if (idx == -2)
        return malformed(w);
    if (i + 1 >= w->n) {
        /* In a partial token array the key's value may have had no room:
         * the key's own errors still count, the value is beyond the cut. */
        if (!PROVED(w))
            return malformed(w);
        const apig_field *f = idx >= 0 ? &msg->fields[idx] : NULL;
        if (f && (idx < SEEN_BITS ? (*seen >> idx) & 1u : apig__has(f, base)))
            rule_error(w, fr, f, APIG_ERROR_DUPLICATE, value_offset(k));
        return cut(w);
    }
    if (!PROVED(w)) {
        w->pos = k->end + 1;
        if (!gap_ok(w, gap_end(&w->t[i + 1]), ':'))
            return malformed(w);
    }
    if (idx < 0)
        return skip(w, i + 1, room);
    const apig_field *f = &msg->fields[idx];
    bool repeated = idx < SEEN_BITS ? (*seen >> idx) & 1u : apig__has(f, base);
    if (repeated) {
        rule_error(w, fr, f, APIG_ERROR_DUPLICATE, value_offset(k));
        return skip(w, i + 1, room);
    }
    if (idx >= SEEN_BITS)
        return value(w, f, base, fr, i + 1, room, f->condition_count != 0);
    *seen |= (uint64_t)1 << idx;
    return value(w, f, base, fr, i + 1, room, (w->context_format >> idx) & 1u);
}

/* The members of the object at token `open` (message `msg`, struct
 * `base`) from token i on, after `seen` fields and with w->pos before the
 * gap to token i (`punct` the separator it holds: 0 before the first key);
 * members are the tokens that start before the object's end. */
static int object_from(walk *w, const apig_message *msg, unsigned char *base, int open,
                       const apig__place *fr, size_t room, int i, uint64_t seen, char punct)
{
    const apig_token *t = w->t;
    const int end = t[open].end, n = w->n, limit = end < 0 ? INT_MAX : end;
    const bool proved = PROVED(w);
    for (;; punct = ',') {
        if (i >= n) {
            if (end < 0)
                return cut(w);
            break;
        }
        const apig_token *k = &t[i];
        if (k->start >= limit)
            break;
        if (!proved && (k->type != APIG_TOKEN_STRING || !gap_ok(w, k->start - 1, punct)))
            return malformed(w);
        i = member(w, msg, base, fr, &seen, i, room - 1);
        if (w->stop)
            return i;
    }
    if (!close_ok(w, end, '}'))
        return malformed(w);
    close_object(w, msg, base, fr, seen, (size_t)end - 1);
    return i;
}

/* Walks the tokens (all of the body's, or over the token budget its first
 * ones) into `out`, whose message starts cleared. */
HOT void walk_body(walk *w, const apig_message *msg, void *out, size_t max_depth)
{
    const apig_token *top = &w->t[0];
    if (top->type != APIG_TOKEN_OBJECT) {
        /* only proved bodies come here (decode_body) */
        if (apig__errors_add_body(w->errors, w->catalog, APIG_ERROR_NOT_OBJECT, w->body, w->len,
                                  value_offset(top), NULL, false))
            w->stop = true;
        return;
    }
    if (!PROVED(w)) {
        /* whitespace, the object, whitespace, and no token left over */
        w->pos = 0;
        if (!gap_ok(w, top->start, 0)) {
            malformed(w);
            return;
        }
    }
    int next = object(w, msg, out, 0, NULL, max_depth);
    if (!PROVED(w) && !w->stop && (next != w->n || !apig__json_gap_ok(w->body, w->pos,
                                                                        (int)w->len, 0)))
        malformed(w);
}

static bool only_whitespace(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* The body is not JSON: apig_json_parse's verdict `res` replaces the errors
 * this body produced so far (an empty or blank body has no position worth
 * giving). */
static void syntax_error(apig__errors *errors, size_t base_count, const apig_catalog *catalog,
                         const char *body, size_t len, apig_json_result res)
{
    errors->count = base_count;
    apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len, res.offset,
                          apig_json_status_text(res.status),
                          res.status != APIG_JSON_EMPTY && res.status != APIG_JSON_TOO_LARGE &&
                              !only_whitespace(body, len));
}

/* The walk refused what apig_json_parse accepts: a bug in one of them.
 * Fail safe, with a syntax error where the walk stopped (the differential
 * fuzz target holds the two to the same verdicts). */
static void walk_refused(apig__errors *errors, size_t base_count, const apig_catalog *catalog,
                         const char *body, size_t len, int pos)
{
    apig_json_result res = {APIG_JSON_UNEXPECTED_CHAR, (size_t)pos < len ? (size_t)pos : len, 0};
    syntax_error(errors, base_count, catalog, body, len, res);
}

/* Decodes body into out; `writable` is the body itself when the caller
 * lets view strings be unescaped in place, else NULL. Returns true when
 * the error list is full (the callers' tail call: no frame of theirs on
 * the deepest path). */
HOT bool decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
                        size_t len, char *writable, void *out, apig__errors *errors)
{
    apig_token *tokens = d->tokens;
    size_t token_cap = tokens ? d->token_cap : 0;
    const apig_catalog *catalog = msg->catalog;
    size_t base_count = errors->count;
    apig__init_message(msg, out);

    /* The message's own limit, so that whatever apig_encode writes for it
     * decodes; 0 (a hand-written table) is the configured default. */
    size_t max_bytes = msg->max_body_bytes ? msg->max_body_bytes : (size_t)APIG_CFG_MAX_BODY_BYTES;
    apig_json_limits limits = {APIG_CFG_MAX_DEPTH, max_bytes};
    if (len > max_bytes) {
        apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len, max_bytes,
                              apig_json_status_text(APIG_JSON_TOO_LARGE), false);
        return apig__errors_full(errors);
    }

    walk w;
    w.catalog = catalog;
    w.body = body;
    w.len = len;
    w.t = tokens;
    w.n = 0;
    w.pos = 0;
    w.proved = false;
    w.ctx = &d->context;
    w.reject_unknown = (d->options & APIG_OPT_REJECT_UNKNOWN) != 0;
    w.errors = errors;
    w.stop = false;
    w.malformed = false;
    w.cut = false;
    w.rules_of = NULL;
    w.required = 0;
    w.context_format = 0;
    w.flat_kinds = 0;
    w.flat = false;
    w.handover_at = 0;
    w.handover_open = -1;
    w.handover_seen = 0;
    w.handover_punct = 0;
    w.arena = d->arena;
    w.arena_cap = d->arena ? d->arena_cap : 0;
    w.arena_used = 0;
    w.in_place = writable;

#ifndef APIG_CFG_SMALL_CODE
    /* The fast path: jsmn, then the one walk. */
    if (!writable && body && len > 0 && token_cap > 0) {
        size_t stop = 0;
        unsigned give = token_cap > UINT_MAX ? UINT_MAX : (unsigned)token_cap;
        int r = apig__json_tokenize_bounded(body, len, tokens, give, APIG_CFG_MAX_DEPTH, &stop);
        if (r > 0 && tokens[0].type == APIG_TOKEN_OBJECT) {
            w.n = r;
            walk_body(&w, msg, out, APIG_CFG_MAX_DEPTH);
            if (w.stop) {
                /* Not JSON, or the walk ended before the body did: the
                 * complete checker has the last word on its syntax. */
                apig_json_result res = apig_json_parse(body, len, tokens, token_cap, &limits, 0);
                if (res.status != APIG_JSON_OK)
                    syntax_error(errors, base_count, catalog, body, len, res);
                else if (w.malformed)
                    walk_refused(errors, base_count, catalog, body, len, w.pos);
            }
            goto done;
        }
    }
#endif
    {
        /* The body proved first: over the token budget, in place (every
         * string is checked before any is rewritten, so that no syntax
         * error is looked for in changed text), any top-level value but
         * an object, and APIG_CFG_SMALL_CODE. */
        apig_json_result res = apig_json_parse(body, len, tokens, token_cap, &limits, 0);
        if (res.status != APIG_JSON_OK && res.status != APIG_JSON_TOO_MANY_TOKENS) {
            syntax_error(errors, base_count, catalog, body, len, res);
            return apig__errors_full(errors);
        }
        w.proved = true;
        w.n = (int)res.token_count;
        /* The budget's error comes after the walk, whose unescaping in place
         * may have written newlines: its position is taken now. */
        size_t budget_line = 0, budget_column = 0;
        if (res.status == APIG_JSON_TOO_MANY_TOKENS)
            apig_offset_to_line_column(body, len, res.offset, &budget_line, &budget_column);
        if (w.n > 0)
            walk_body(&w, msg, out, APIG_CFG_MAX_DEPTH);
        if (w.malformed) {
            walk_refused(errors, base_count, catalog, body, len, w.pos);
            goto done;
        }
        /* Over the token budget, the tokens that fit decide when they hold
         * an error (the first by position: everything beyond them comes
         * later); otherwise, and after those errors when the list has room,
         * the budget itself is the answer: the rest of the body went
         * unchecked by the rules. */
        if (res.status == APIG_JSON_TOO_MANY_TOKENS && !apig__errors_full(errors))
            apig__errors_add_at(errors, catalog, APIG_ERROR_SYNTAX, res.offset, budget_line,
                                budget_column, apig_json_status_text(APIG_JSON_TOO_MANY_TOKENS));
    }
done:
    /* A rejected body must not pass for a decoded message. */
    if (errors->count > base_count)
        apig__init_message(msg, out);
    return apig__errors_full(errors);
}

bool apig__decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
                       size_t len, void *out, apig__errors *errors)
{
    return decode_body(d, apig__rules_of(msg, d->options), body, len, NULL, out, errors);
}

size_t apig_decode_in_place(const apig_decoder *d, const apig_message *msg, char *body,
                            size_t len, void *out)
{
    if (!d)
        return 1;
    if (!msg || !out || (!body && len))
        return apig__misuse(d->errors, d->error_cap);
    apig__errors list = apig__errors_of(d);
    decode_body(d, apig__rules_of(msg, d->options), body, len, body, out, &list);
    return list.count;
}

size_t apig_decode(const apig_decoder *d, const apig_message *msg,
                   const char *body, size_t len, void *out)
{
    if (!d)
        return 1;
    if (!msg || !out || (!body && len))
        return apig__misuse(d->errors, d->error_cap);
    apig__errors list = apig__errors_of(d);
    apig__decode_body(d, msg, body, len, out, &list);
    return list.count;
}

/* The gap from pos to `to` (flat_object's gap_ok, with pos in a local). */
#define FLAT_GAP(to, punct)                                                                    \
    ((punct) ? (to) == pos + 1 && s[pos] == (punct) : (to) == pos) ||                          \
        apig__json_gap_ok(s, pos, (to), (punct))

/*
 * The fast path's object of a flat message (only integers, bools and inline
 * strings: the usual array item), one loop with its state in locals. It
 * takes the usual pair itself: a known key, once, then a plain string that
 * passes its length (no format, enum or format from the context; escaped
 * text through string_text), or an integer literal in range. At any other
 * pair (an unknown, escaped or repeated key, null, a bool, a type or rule
 * error) it hands over to the general loop, object_from(), with where it
 * stood (FLAT_HANDOVER: w->handover_* and w->pos), which answers for the
 * rest as it would have for the whole: this loop only ever takes a
 * shortcut to the same result. Returns the next token's index, or
 * FLAT_HANDOVER.
 */
HOT int flat_members(walk *w, const apig_message *msg, unsigned char *base, int i, size_t room)
{
    const apig_token *t = w->t;
    const char *s = w->body;
    const int n = w->n, start = t[i].start, end = t[i].end;
    if (room == 0) /* jsmn's object token: '{' at start, and closed (the fast path) */
        return malformed(w);
    int pos = start + 1;
    uint64_t seen = 0;
    const uint64_t kinds = w->flat_kinds;
    char punct = 0; /* before the first key, whitespace only */
    for (i++; i < n && t[i].start < end; punct = ',') {
        const apig_token *k = &t[i], *v = k + 1;
        if (k->type != APIG_TOKEN_STRING || !(FLAT_GAP(k->start - 1, punct)))
            return malformed(w);
        int idx = i + 1 < n ? msg->lookup(s + k->start, (size_t)(k->end - k->start)) : -1;
        uint64_t bit = idx >= 0 ? (uint64_t)1 << idx : 0;
        if (bit & ~seen) {
            const apig_field *f = &msg->fields[idx];
            int after = k->end + 1;
            if ((kinds & bit) && v->type == APIG_TOKEN_STRING &&
                (size_t)(v->end - v->start) < f->capacity) {
                size_t len = (size_t)(v->end - v->start);
                char *out = apig__value_ptr(f, base);
                if ((v->start - 1 == after + 1 && s[after] == ':') ||
                    apig__json_gap_ok(s, after, v->start - 1, ':')) {
                    bool plain = apig__scan_plain(
                        s + v->start, len, f->charset ? f->charset->byte_class : apig__any_bytes,
                        out);
                    apig_error_kind kind = plain ? apig__check_length(f, len)
                                                 : string_text(w, f, out, v, false, true);
                    if (kind == APIG_ERROR_NONE) {
                        *apig__has_ptr(f, base) = true;
                        seen |= bit;
                        pos = v->end + 1;
                        i += 2;
                        continue;
                    }
                    if (w->malformed)
                        return w->n;
                }
            } else if ((kinds & bit << FLAT_FIELDS) && v->type == APIG_TOKEN_PRIMITIVE) {
                int64_t x;
                if (((v->start == after + 1 && s[after] == ':') ||
                     apig__json_gap_ok(s, after, v->start, ':')) &&
                    small_integer(s, v->start, v->end, &x) &&
                    apig__check_integer(f, x) == APIG_ERROR_NONE) {
                    if (f->type == APIG_TYPE_INT32) {
                        int32_t x32 = (int32_t)x;
                        memcpy(apig__value_ptr(f, base), &x32, sizeof x32);
                    } else {
                        memcpy(apig__value_ptr(f, base), &x, sizeof x);
                    }
                    *apig__has_ptr(f, base) = true;
                    seen |= bit;
                    pos = v->end;
                    i += 2;
                    continue;
                }
            }
        }
        w->pos = pos;
        w->handover_at = i;
        w->handover_seen = seen;
        w->handover_punct = punct;
        return FLAT_HANDOVER;
    }
    if (!(FLAT_GAP(end - 1, 0)) || s[end - 1] != '}')
        return malformed(w);
    /* close_object's work, the errors apart (a flat message has at most
     * SEEN_BITS fields) */
    uint64_t missing = ~seen & (((uint64_t)1 << msg->field_count) - 1); /* <= FLAT_FIELDS */
    clear_absent(msg, base, missing);
    if (missing & w->required) {
        /* the missing fields' errors: the general loop closes the object */
        w->pos = pos;
        w->handover_at = i;
        w->handover_seen = seen;
        w->handover_punct = punct;
        return FLAT_HANDOVER;
    }
    w->pos = end;
    return i;
}

#undef FLAT_GAP

/* A flat object met on its own (any_object). */
static int flat_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                       size_t room)
{
    return flat_members(w, msg, base, i, room);
}

/*
 * The usual array, of objects of a flat message, on the fast path: the
 * general loop's steps (array(), item(), any_object()) for each item in
 * one loop, with flat_members inlined. An item the general loop must take
 * (past the capacity, not an object) or a member flat_members hands over
 * ends it (FLAT_HANDOVER, w->handover_open saying which: see walk), and
 * array() goes on from there. Returns the next token's index, or
 * FLAT_HANDOVER.
 */
static int flat_array(walk *w, const apig_field *f, unsigned char *base, int open, size_t room)
{
    const apig_token *t = w->t;
    const apig_message *msg = f->message;
    const char *s = w->body;
    const int n = w->n, end = t[open].end;
    unsigned char *items = apig__value_ptr(f, base);
    uint32_t *count = apig__count_ptr(f, base);
    int i = open + 1;
    char punct = 0; /* before the first item, whitespace only */
    for (uint32_t index = 0; i < n && t[i].start < end; index++, punct = ',') {
        if (index >= f->capacity || t[i].type != APIG_TOKEN_OBJECT) {
            w->handover_open = -1;
            w->handover_at = i;
            w->handover_punct = punct;
            return FLAT_HANDOVER;
        }
        int pos = w->pos, to = t[i].start;
        if (!(punct ? to == pos + 1 && s[pos] == punct : to == pos) &&
            !apig__json_gap_ok(s, pos, to, punct))
            return malformed(w);
        *count = index + 1;
        int next = flat_members(w, msg, items + (size_t)index * f->item_size, i, room - 1);
        if (next == FLAT_HANDOVER) {
            w->handover_open = i;
            return FLAT_HANDOVER;
        }
        if (w->stop)
            return next;
        i = next;
    }
    return close_ok(w, end, ']') ? i : malformed(w);
}

