/* SPDX-License-Identifier: MIT */
/*
 * The encoder: a struct -> JSON in the caller's buffer, judged as it is
 * written.
 *
 * It walks the descriptor tables (encode_order, fields, nested messages) and
 * knows no field of any operation. One walk both applies the very rules the
 * decoder applies (apig_validate's, in its order: whatever apig writes it
 * also accepts, and what it refuses it refuses with apig_validate's first
 * error) and writes each value straight into the buffer, on the bet that
 * the struct is valid; a refusal then empties the buffer (apig.h). A value
 * that may not fit, and a string that needs escapes, go through the
 * bounded writer (apig__out), which counts past the end of the buffer like
 * snprintf and writes the same bytes. No heap, no stdio, no mutable static
 * state.
 *
 * The JSON text it shares with apig_error_encode (escaped strings, layout)
 * is json_text.c; its judgement of plain strings, plain.h.
 */
#include <string.h>

#include "plain.h"

/* ---- the one walk ----------------------------------------------------------- */

/*
 * apig_encode judges and writes in one walk over the struct. It visits the
 * fields in the message's output order, which is the order apig_validate
 * visits them in (present fields, nested ones first, then the required
 * fields that are absent, at the object's end), and applies the same rules
 * in the same order to each, so the first rule it finds broken is the one
 * apig_validate reports first, recorded at the same place. The output goes
 * straight into the caller's buffer as the walk goes; a refusal leaves
 * what was written, and apig_encode then makes the buffer the empty string.
 *
 * A string value is copied and judged in the same loop, 8 bytes a step (16
 * with SSE2): when every byte is an ASCII character of its set (its byte
 * classes; with SSE2 letters and digits are judged at once, the other bytes
 * by their class) and none needs an escape, the copy is the output and only
 * its length, format and enum remain to check. Anything else - non-ASCII, a
 * character out of the set, one to escape - takes the general path
 * (put_other_text): apig__check_string says what is wrong, if anything, and
 * the bounded writer writes the value again from its start. A value that
 * may not fit in the buffer is judged the same way without the copy.
 *
 * Objects of a leaf message (strings, integers and booleans only: a page's
 * members) take put_leaf when the buffer has room for the most such an
 * object can take: the same walk, without a check of room per value.
 */

/* The integer field f holds at v: an int32_t or an int64_t, as its type
 * says. */
APIG__HOT int64_t integer_at(const apig_field *f, const void *v)
{
    if (f->type == APIG_TYPE_INT32) {
        int32_t x;
        memcpy(&x, v, sizeof x);
        return x;
    }
    int64_t x;
    memcpy(&x, v, sizeof x);
    return x;
}

/* The writers that are not inlined take the cursor as three values and
 * give back its length (with a kind, for a string), in registers: a cursor
 * in memory would cost its callers a slot of their frames each, or keep
 * them from holding it in registers. */
typedef struct text_end {
    size_t len;           /* the cursor's length after the value */
    apig_error_kind kind; /* the rule it breaks, or APIG_ERROR_NONE */
} text_end;

/* A string value put_text does not finish itself: one that is not plain,
 * or not written as it is (value p, which has a text: put_text found it),
 * written from buf[at] on. Judged whole (apig__check_string: the rules in
 * the validator's order), then written from its start by the bounded
 * writer, over whatever the fast path copied. */
static APIG__NOINLINE text_end put_other_text(char *buf, size_t cap, size_t at,
                                              const apig_field *rules, const void *p,
                                              unsigned style)
{
    apig__out o = {buf, cap, at};
    const char *text;
    size_t len, chars;
    apig__text_of(rules, p, &text, &len);
    text_end end = {at, apig__check_string(rules, text, len, &chars)};
    if (end.kind != APIG_ERROR_NONE)
        return end;
    if (never_escapes(rules->charset, style)) { /* e.g. a name in Chinese */
        apig__out_char(&o, '"');
        apig__out_bytes(&o, text, len);
        apig__out_char(&o, '"');
    } else {
        apig__json_string(&o, text, len, style);
    }
    end.len = o.len;
    return end;
}

/* Writes string value p (inline or a view, per `rules`: a field's own or
 * its items') quoted, from buf[at] on, and gives back the length after it
 * and the kind it fails `rules` with (APIG_ERROR_NONE: none, and it is
 * written). `how`: the style and text_how(rules). (put_leaf has this walk
 * inlined for the values it meets most; put_object and put_array call it
 * once a value.) */
static APIG__NOINLINE text_end put_text(char *buf, size_t cap, size_t at,
                                        const apig_field *rules, const void *p, unsigned how)
{
    const unsigned style = how & ~(TEXT_FAST | TEXT_ALNUM);
    const apig__out out = {buf, cap, at}, *const o = &out;
    const char *text;
    size_t len;
    text_end end = {at, APIG_ERROR_NONE};
    /* Nothing after an inline string's NUL is read (memchr finds it): those
     * bytes need not be initialised. */
    if (!apig__text_of(rules, p, &text, &len)) { /* no NUL in the array, or no text */
        end.kind = rules->storage == APIG_STORAGE_VIEW ? APIG_ERROR_TYPE : APIG_ERROR_TOO_LONG;
        return end;
    }
    if (how & TEXT_FAST) {
        const bool alnum = (how & TEXT_ALNUM) != 0;
        const apig_charset *cs = rules->charset;
        if (room_for(o, len + 2)) {
            char *d = buf + at + 1;
            if (cs ? apig__plain_in_set(d, text, len, cs->byte_class, alnum, true)
                   : apig__plain_any(d, text, len, true)) {
                end.kind = apig__check_counted(rules, text, len, len);
                if (end.kind == APIG_ERROR_NONE) {
                    d[-1] = '"';
                    d[len] = '"';
                    end.len = at + len + 2;
                }
                return end;
            }
        } else if (cs ? apig__plain_in_set(NULL, text, len, cs->byte_class, alnum, false)
                      : apig__plain_any(NULL, text, len, false)) {
            end.kind = apig__check_counted(rules, text, len, len);
            if (end.kind == APIG_ERROR_NONE) {
                apig__out t = out;
                apig__out_char(&t, '"');
                apig__out_bytes(&t, text, len);
                apig__out_char(&t, '"');
                end.len = t.len;
            }
            return end;
        }
    }
    return put_other_text(buf, cap, at, rules, p, style);
}

/* Writes integer v, below 2^32 in magnitude, in decimal at d (11 bytes at
 * most); returns the end. */
APIG__HOT char *integer_digits(char *d, int64_t v)
{
    if (v < 0)
        *d++ = '-';
    return apig__u32_decimal(d, (uint32_t)(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v));
}

/* An integer put_integer does not write itself, from buf[at] on; returns
 * the length after it. */
static APIG__NOINLINE size_t put_other_integer(char *buf, size_t cap, size_t at, int64_t v)
{
    apig__out o = {buf, cap, at};
    apig__out_i64(&o, v);
    return o.len;
}

/* An integer, in decimal: in place when it is below 2^32 in magnitude and
 * its 11 bytes at most have room. */
APIG__HOT void put_integer(apig__out *o, int64_t v)
{
    if ((v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v) > UINT32_MAX || !room_for(o, APIG__INT32_MOST))
        o->len = put_other_integer(o->buf, o->cap, o->len, v);
    else
        o->len = (size_t)(integer_digits(o->buf + o->len, v) - o->buf);
}

/* What the walk knows of a message's fields before it meets them, for the
 * first 64 (the others take the general paths): bit k of `keys` when
 * fields[k]'s key is written as it is in the compact style, of
 * `pretty_keys` in the pretty style (a name of at most 32 bytes of
 * printable ASCII without '"' or '\\', which is what apig-gen allows: a
 * table written by hand may hold anything), of `fast` and `alnum` for a
 * string field whose text_how has TEXT_FAST and TEXT_ALNUM. Found once
 * for an array's items rather than once an item.
 * `leaf`, when not 0: the message is one put_leaf writes (compact style,
 * at most 64 fields, every key plain, every field an inline string, an
 * integer or a boolean), and the most bytes it can take (every field
 * present, every string at its longest with every byte six bytes long:
 * no value writes more). */
typedef struct shape {
    uint64_t keys;
    uint64_t pretty_keys;
    uint64_t fast;
    uint64_t alnum;
    size_t leaf;
} shape;

static shape shape_of(const apig_message *msg, unsigned style)
{
    shape sh = {0, 0, 0, 0, 0};
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    /* The leaf bound, while it stays below a limit no buffer reaches. */
    const uint64_t limit = (uint64_t)(SIZE_MAX / 8 < UINT32_MAX ? SIZE_MAX / 8 : UINT32_MAX);
    uint64_t leaf = pretty || msg->field_count > 64 ? 0 : apig__layout_object(false, 1);
    for (uint32_t k = 0; k < msg->field_count && k < 64; k++) {
        const apig_field *f = &msg->fields[k];
        bool plain = f->name_len <= 32;
        for (uint32_t i = 0; i < f->name_len; i++) {
            unsigned char c = (unsigned char)f->name[i];
            plain &= c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
        }
        sh.keys |= (uint64_t)(plain && !pretty) << k;
        sh.pretty_keys |= (uint64_t)(plain && pretty) << k;
        const unsigned how = f->type == APIG_TYPE_STRING ? text_how(f) : 0;
        sh.fast |= (uint64_t)((how & TEXT_FAST) != 0) << k;
        sh.alnum |= (uint64_t)((how & TEXT_ALNUM) != 0) << k;
        /* [','] '"' name '"' colon value */
        uint64_t value = 0;
        if (f->type == APIG_TYPE_STRING && f->storage == APIG_STORAGE_INLINE &&
            apig__inline_size(f) > 0)
            value = apig__json_string_most((uint64_t)(apig__inline_size(f) - 1));
        else if (f->type == APIG_TYPE_INT32)
            value = APIG__INT32_MOST;
        else if (f->type == APIG_TYPE_INT64)
            value = APIG__INT64_MOST;
        else if (f->type == APIG_TYPE_BOOL)
            value = APIG__BOOL_MOST;
        leaf = plain && value && leaf ? leaf + apig__layout_member(false, 1) + f->name_len + value : 0;
        if (leaf > limit)
            leaf = 0;
    }
    sh.leaf = (size_t)leaf;
    return sh;
}

/* Bits of put_other_key's `how`, beside the style's. */
#define KEY_NOT_FIRST 0x10000u /* a member before it: a ',' first */
#define KEY_PLAIN 0x20000u     /* the name is written as it is */

/* A key put_key does not write itself, from buf[at] on: the pretty
 * style's, when the output has run past the end (only counted) or a name
 * to escape. `how`: the style and KEY_* bits. Returns the length after
 * it. */
static APIG__NOINLINE size_t put_other_key(char *buf, size_t cap, size_t at,
                                           const apig_field *f, unsigned level, unsigned how)
{
    apig__out out = {buf, cap, at}, *const o = &out;
    static const char spaces[32] = "                                ";
    const unsigned style = how & ~(KEY_NOT_FIRST | KEY_PLAIN);
    const size_t index = (how & KEY_NOT_FIRST) != 0;
    const bool plain = (how & KEY_PLAIN) != 0;
    const size_t n = f->name_len, indent = APIG__PRETTY_INDENT * (size_t)level;
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    /* [','] ['\n' indent] '"' name '"' colon */
    const size_t need = (size_t)apig__layout_member(pretty, level) - (index == 0) + n;
    if (plain && pretty && indent <= sizeof spaces && room_for(o, need)) {
        char *d = o->buf + o->len;
        d[0] = ',';
        d += index > 0;
        d[0] = '\n';
        apig__copy_short(d + 1, spaces, indent);
        d += 1 + indent;
        d[0] = '"';
        apig__copy_short(d + 1, f->name, n);
        memcpy(d + n + 1, "\"" APIG__PRETTY_COLON, 1 + APIG__LITERAL_LEN(APIG__PRETTY_COLON));
        o->len = (size_t)(d + n + 2 + APIG__LITERAL_LEN(APIG__PRETTY_COLON) - o->buf);
    } else if (plain && o->len >= o->cap) { /* past the end, or measuring */
        o->len += need;
    } else {
        apig__json_key(o, index, level, f->name, n, style);
    }
    return o->len;
}

/* Starts member `index` of an object at `level`: field f's key, as
 * apig__json_key writes it; `plain` when it is written as it is in the
 * compact style (shape.keys), `pretty` in the pretty style. */
APIG__HOT void put_key(apig__out *o, size_t index, unsigned level, const apig_field *f, bool plain,
                        bool pretty, unsigned style)
{
    size_t n = f->name_len;
    if (plain && room_for(o, (size_t)apig__layout_member(false, level) + n)) {
        char *d = o->buf + o->len;
        d[0] = ',';
        d += index > 0;
        d[0] = '"';
        apig__copy_short(d + 1, f->name, n);
        d[n + 1] = '"';
        memcpy(d + n + 2, APIG__COMPACT_COLON, APIG__LITERAL_LEN(APIG__COMPACT_COLON));
        o->len = (size_t)(d + n + 2 + APIG__LITERAL_LEN(APIG__COMPACT_COLON) - o->buf);
        return;
    }
    o->len = put_other_key(o->buf, o->cap, o->len, f, level,
                           style | (index > 0 ? KEY_NOT_FIRST : 0) |
                               (plain || pretty ? KEY_PLAIN : 0));
}

/* ---- the struct walk -------------------------------------------------------- */

typedef struct walk {
    apig__out o;
    unsigned style;
    apig__errors errors;         /* the caller's one error, or none */
    const apig_catalog *catalog; /* the message's, as apig_validate takes it */
} walk;

/* Records the walk's error: field f's `kind` at place `at`, or, with
 * `key`, at f's key inside `at`: where apig_validate records it. Returns
 * true: the walk stops at its first. */
static APIG__NOINLINE bool refuse(walk *w, const apig__place *at, const apig_field *f, bool key,
                                  apig_error_kind kind)
{
    const apig__place place = {at, f, 0};
    apig__errors_add_place(&w->errors, w->catalog, f, kind, NULL, 0, key ? &place : at, NULL, 0,
                           -1, 0, NULL);
    return true;
}

/* An object with a required field absent: the first such in field order
 * (where the decoder reports it, at the closing brace). */
static APIG__NOINLINE bool refuse_missing(walk *w, const apig_message *msg, const void *s,
                                          const apig__place *at)
{
    for (uint32_t k = 0; k < msg->field_count; k++) {
        const apig_field *f = &msg->fields[k];
        if (f->required && !apig__has(f, s))
            return refuse(w, at, f, true, APIG_ERROR_REQUIRED);
    }
    return false; /* not reached: put_object saw one */
}

#ifndef APIG_CFG_SMALL_CODE /* flash over speed: put_object alone */
/* An object of a leaf message (shape.leaf) at place `at`, where the
 * buffer has room for shape.leaf bytes: put_object's walk, and its output,
 * without a check of room, through a cursor of its own. A value that is
 * not plain takes the bounded writer, as in put_object. */
static APIG__NOINLINE bool put_leaf(walk *w, const apig_message *msg, const shape *sh,
                                    const void *s, const apig__place *at)
{
    /* A leaf has at most 64 fields: without an output order, this one. */
    static const uint8_t in_order[64] = {
        0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
    char *const buf = w->o.buf;
    char *p = buf + w->o.len;
    const unsigned style = w->style;
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order ? msg->encode_order : in_order;
    const uint32_t count = msg->field_count;
    bool missing = false, first = true;
    *p++ = '{';
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t i = order[k];
        const apig_field *f = &fields[i];
        if (!apig__has(f, s)) {
            missing |= f->required != 0;
            continue;
        }
        /* [','] '"' name '":' */
        const size_t n = f->name_len;
        p[0] = ',';
        p += !first;
        first = false;
        p[0] = '"';
        apig__copy_short(p + 1, f->name, n);
        memcpy(p + n + 1, "\"" APIG__COMPACT_COLON, 1 + APIG__LITERAL_LEN(APIG__COMPACT_COLON));
        p += n + 2 + APIG__LITERAL_LEN(APIG__COMPACT_COLON);
        const void *v = apig__value_cptr(f, s);
        apig_error_kind kind = APIG_ERROR_NONE;
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING: {
            const char *text = (const char *)v;
            const char *nul = (const char *)memchr(text, '\0', apig__inline_size(f));
            if (!nul) {
                kind = APIG_ERROR_TOO_LONG;
                break;
            }
            const size_t len = (size_t)(nul - text);
            const uint64_t bit = (uint64_t)1 << i;
            const apig_charset *cs = f->charset;
            if ((sh->fast & bit) &&
                (cs ? apig__plain_in_set(p + 1, text, len, cs->byte_class, (sh->alnum & bit) != 0, true)
                    : apig__plain_any(p + 1, text, len, true))) {
                kind = apig__check_counted(f, text, len, len);
                p[0] = '"';
                p[len + 1] = '"';
                p += len + 2;
            } else {
                const text_end end = put_other_text(buf, w->o.cap, (size_t)(p - buf), f, v,
                                                    style);
                kind = end.kind;
                p = buf + end.len;
            }
            break;
        }
        case APIG_TYPE_INT32: {
            int32_t x;
            memcpy(&x, v, sizeof x);
            kind = apig__check_integer(f, x);
            p = integer_digits(p, x);
            break;
        }
        case APIG_TYPE_INT64: {
            int64_t x;
            memcpy(&x, v, sizeof x);
            kind = apig__check_integer(f, x);
            p = buf + put_other_integer(buf, w->o.cap, (size_t)(p - buf), x);
            break;
        }
        case APIG_TYPE_BOOL: {
            int b = apig__bool_value(v);
            if (b < 0)
                kind = APIG_ERROR_TYPE;
            memcpy(p, b > 0 ? "true" : "false", 5);
            p += b > 0 ? 4 : 5;
            break;
        }
        case APIG_TYPE_OBJECT: /* not in a leaf */
        case APIG_TYPE_ARRAY:
            break;
        }
        if (kind != APIG_ERROR_NONE)
            return refuse(w, at, f, true, kind);
    }
    if (missing && refuse_missing(w, msg, s, at))
        return true;
    *p++ = '}';
    w->o.len = (size_t)(p - buf);
    return false;
}
#endif

static bool put_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, const apig__place *at);

/* An object: put_leaf when its message is a leaf and the buffer has room
 * for the most it takes, else put_object. (Called where put_object would
 * be, not from it, so that put_leaf's frame takes the place of a
 * put_object frame rather than standing on one.) */
APIG__HOT bool put_any_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                               unsigned level, const apig__place *at)
{
#ifndef APIG_CFG_SMALL_CODE
    if (sh->leaf && room_for(&w->o, sh->leaf))
        return put_leaf(w, msg, sh, s, at);
#endif
    return put_object(w, msg, sh, s, level, at);
}

/* Array field f of struct s, whose key is place `key`; `item` (whose `up`
 * is `key`) and `sh` are the caller's, for the items' place and shape (one
 * frame holds them for every nested value). */
static bool put_array(walk *w, const apig_field *f, const void *s, unsigned level,
                      const apig__place *key, apig__place *item, shape *sh)
{
    apig__out out = w->o, *const o = &out; /* see put_object */
    const unsigned style = w->style;
    const bool pretty = (style & APIG_STYLE_PRETTY) != 0;
    const unsigned char *items = apig__value_cptr(f, s);
    const uint32_t count = apig__count(f, s);
    if (count < apig__min_items(f))
        return refuse(w, key, f, false, APIG_ERROR_MIN_ITEMS);
    const uint32_t n = count < apig__max_items(f) ? count : apig__max_items(f); /* never read past */
    unsigned how = 0;
    if (f->item)
        how = text_how(f->item);
    else
        *sh = shape_of(f->message, style);

    apig__out_char(o, '[');
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *it = items + (size_t)i * f->item_size;
        if (i > 0)
            apig__out_char(o, ',');
        if (pretty)
            apig__out_char(o, APIG__PRETTY_GAP);
        item->index = i;
        /* Arrays stay inline: an item object is one level below the key,
         * a value item stays on the key's line ("[ "a", "b" ]"). */
        if (f->item) {
            const text_end end = put_text(o->buf, o->cap, o->len, f->item, it, style | how);
            o->len = end.len;
            if (end.kind != APIG_ERROR_NONE)
                return refuse(w, item, f, false, end.kind);
        } else {
            w->o = out;
            if (put_any_object(w, f->message, sh, it, level + 1, item))
                return true;
            out = w->o;
        }
    }
    if (count > apig__max_items(f)) { /* after the items, where the decoder finds it */
        item->index = apig__max_items(f);
        return refuse(w, item, f, false, APIG_ERROR_CAPACITY);
    }
    if (pretty)
        apig__out_char(o, APIG__PRETTY_GAP);
    apig__out_char(o, ']');
    w->o = out;
    return false;
}

/* An object at `level` (1 for the body) and place `at` (NULL: the body):
 * its present fields in the message's output order, each judged as it is
 * written, then its absent required fields; `sh` is shape_of(msg, style).
 * Returns true when it is refused (the error recorded). */
static bool put_object(walk *w, const apig_message *msg, const shape *sh, const void *s,
                       unsigned level, const apig__place *at)
{
    /* The cursor is a copy, whose address only inlined code sees: the
     * compiler keeps it in registers across the bytes it stores (through a
     * char pointer, which may alias anything in memory, w->o included).
     * Code that is not inlined gets it through w->o or a copy. */
    apig__out out = w->o, *const o = &out;
    const unsigned style = w->style;
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order;
    const uint32_t count = msg->field_count;
    const uint64_t keys = sh->keys, pretty_keys = sh->pretty_keys;
    size_t members = 0;
    bool missing = false; /* a required field is absent (an encoder has no context) */
    /* For a nested value: its key's place, an item's, and its message's
     * shape (one set, for a small frame). */
    apig__place key = {at, NULL, 0}, item = {&key, NULL, 0};
    shape inner;
    apig__out_char(o, '{');
    for (uint32_t k = 0; k < count; k++) {
        const uint32_t i = order ? order[k] : k;
        const apig_field *f = &fields[i];
        if (!apig__has(f, s)) {
            missing |= f->required != 0;
            continue;
        }
        const uint64_t bit = i < 64 ? (uint64_t)1 << i : 0;
        put_key(o, members++, level, f, (keys & bit) != 0, (pretty_keys & bit) != 0, style);
        const void *v = apig__value_cptr(f, s);
        apig_error_kind kind = APIG_ERROR_NONE;
        if (f->type == APIG_TYPE_STRING) { /* the usual value, before the switch */
            unsigned how = style | ((sh->fast & bit) ? TEXT_FAST : 0) |
                           ((sh->alnum & bit) ? TEXT_ALNUM : 0);
            const text_end end = put_text(o->buf, o->cap, o->len, f, v, how);
            o->len = end.len;
            kind = end.kind;
        } else {
            switch ((apig_type)f->type) {
            case APIG_TYPE_STRING:
                break;
            case APIG_TYPE_INT32:
            case APIG_TYPE_INT64: {
                const int64_t x = integer_at(f, v);
                kind = apig__check_integer(f, x);
                if (kind == APIG_ERROR_NONE)
                    put_integer(o, x);
                break;
            }
            case APIG_TYPE_OBJECT: {
                key.field = f;
                inner = shape_of(f->message, style);
                w->o = out;
                if (put_any_object(w, f->message, &inner, v, level + 1, &key))
                    return true;
                out = w->o;
                break;
            }
            case APIG_TYPE_ARRAY: {
                key.field = f;
                w->o = out;
                if (put_array(w, f, s, level, &key, &item, &inner))
                    return true;
                out = w->o;
                break;
            }
            case APIG_TYPE_BOOL: {
                /* Bytes that are neither true nor false are no JSON boolean. */
                int b = apig__bool_value(v);
                if (b < 0)
                    kind = APIG_ERROR_TYPE;
                else if (b > 0)
                    apig__out_bytes(o, "true", 4);
                else
                    apig__out_bytes(o, "false", 5);
                break;
            }
            }
        }
        if (kind != APIG_ERROR_NONE)
            return refuse(w, at, f, true, kind);
    }
    if (missing && refuse_missing(w, msg, s, at))
        return true;
    w->o = out;
    apig__json_object_end(&w->o, members, level, style);
    return false;
}

size_t apig_encode(const apig_message *msg, const void *in, unsigned style,
                   char *buf, size_t cap, apig_error *error)
{
    if (!msg || !in) {
        if (error)
            apig__misuse(error, 1);
        if (buf && cap > 0)
            buf[0] = '\0';
        return APIG_ENCODE_INVALID;
    }
    /* What we emit, we accept: the decoder's rules in the style's mode
     * (strict, or as the service writes), the decoder's error (without a
     * context: context rules are the reader's to apply). The variant's
     * tables also drive the writing: the same struct, the same output. */
    msg = apig__rules_of(msg, style);
    /* Bits a style does not define mean nothing (the walk keeps its own
     * beside the style's: KEY_*, TEXT_*). */
    style &= APIG_STYLE_PRETTY | APIG_STYLE_ASCII | APIG_AS_SERVICE;
    walk w = {{buf, buf ? cap : 0, 0}, style, {error, error ? 1 : 0, 0}, msg->catalog};
    const shape sh = shape_of(msg, style);
    if (put_any_object(&w, msg, &sh, in, 1, NULL)) {
        /* Refused: no output is claimed, and the buffer says so. */
        if (w.o.cap > 0)
            buf[0] = '\0';
        return APIG_ENCODE_INVALID;
    }
    return apig__out_finish(&w.o);
}
