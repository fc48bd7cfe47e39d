/* SPDX-License-Identifier: MIT */
/*
 * flat.c - the fast path's shortcut for flat messages (only integers, bools
 * and inline strings: the usual array item), an object at a time
 * (flat_members) or a whole array of them (apig__walk_flat_array): one loop
 * each, with their state in locals. They only ever take a shortcut to the
 * result the general loop (decode.c) would reach, and hand over to it at
 * anything unusual.
 */
#include "walk.h"

#ifndef APIG_CFG_SMALL_CODE

/* The gap from pos to `to` (flat_object's gap_ok, with pos in a local). */
#define FLAT_GAP(to, punct)                                                                    \
    ((punct) ? (to) == pos + 1 && s[pos] == (punct) : (to) == pos) ||                          \
        apig__json_gap_ok(s, pos, (to), (punct))

/* The usual integer literal, non-negative and of at most 9 digits (no
 * sign, and within every integer type), at s[a..b): its value, or -1 for
 * any other (small_integer's). The flat walk's fast form of
 * apig__parse_integer (core), like small_integer. */
WALK_STEP int32_t small_count(const char *s, int a, int b)
{
    uint32_t x = (unsigned char)s[a] - (unsigned)'0';
    if (x > 9 || b - a > 9 || (x == 0 && b - a > 1))
        return -1;
    for (a++; a < b; a++) {
        uint32_t d = (unsigned char)s[a] - (unsigned)'0';
        if (d > 9)
            return -1;
        x = x * 10 + d;
    }
    return (int32_t)x;
}

/* clear_absent for a flat message, whose fields are all integers, bools
 * and inline strings. */
WALK_STEP void clear_flat_absent(const apig_message *msg, unsigned char *base, uint64_t absent)
{
    for (; absent; absent &= absent - 1) {
        const apig_field *f = &msg->fields[lowest_bit(absent)];
        unsigned char *value = apig__value_ptr(f, base);
        *apig__has_ptr(f, base) = false;
        if (f->type == APIG_TYPE_STRING) {
            *value = '\0';
        } else if (f->type == APIG_TYPE_INT32) {
            const int32_t zero = 0;
            memcpy(value, &zero, sizeof zero);
        } else {
            apig__init_field(f, base);
        }
    }
}

/* What flat_members reads of the walk, read once for a whole array: the
 * walk's own fields would be read again for every item, since the stores
 * into the struct might change them as far as the compiler knows. */
typedef struct flat_view {
    const apig_token *t;
    const char *s;
    int n;
    uint64_t kinds;
    uint64_t required;
} flat_view;

WALK_STEP flat_view view_of(const walk *w)
{
    flat_view v = {w->t, w->body, w->n, w->flat_kinds, w->required};
    return v;
}

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
WALK_HOT int flat_members(walk *w, const apig_message *msg, unsigned char *base, int i,
                          size_t room, const flat_view *view)
{
    const apig_token *t = view->t;
    const char *s = view->s;
    const int n = view->n, start = t[i].start, end = t[i].end;
    if (room == 0) /* jsmn's object token: '{' at start, and closed (the fast path) */
        return malformed(w);
    int pos = start + 1;
    uint64_t seen = 0;
    const uint64_t kinds = view->kinds;
    char punct = 0; /* before the first key, whitespace only */
    for (i++; i < n && t[i].start < end; punct = ',') {
        const apig_token *k = &t[i], *v = k + 1;
        if (k->type != APIG_TOKEN_STRING || !(FLAT_GAP(k->start - 1, punct)))
            return malformed(w);
        /* a key with a value has size 1, and its value is the next token */
        int idx = k->size == 1 ? msg->lookup(s + k->start, (size_t)(k->end - k->start)) : -1;
        uint64_t bit = idx >= 0 ? (uint64_t)1 << idx : 0;
        if (bit & ~seen) {
            const apig_field *f = &msg->fields[idx];
            int after = k->end + 1;
            if ((kinds & bit) && v->type == APIG_TOKEN_STRING &&
                (size_t)(v->end - v->start) < apig__inline_size(f)) {
                size_t len = (size_t)(v->end - v->start);
                char *out = apig__value_ptr(f, base);
                if ((v->start - 1 == after + 1 && s[after] == ':') ||
                    apig__json_gap_ok(s, after, v->start - 1, ':')) {
                    bool plain = apig__scan_plain(
                        s + v->start, len, f->charset ? f->charset->byte_class : apig__any_bytes,
                        out);
                    apig_error_kind kind =
                        plain ? apig__check_length(f, len)
                              : apig__walk_string_text(w, f, out, v, false, true);
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
                int64_t x = small_count(s, v->start, v->end);
                if (((v->start == after + 1 && s[after] == ':') ||
                     apig__json_gap_ok(s, after, v->start, ':')) &&
                    (x >= 0 ? !((f->has_minimum && x < f->minimum) ||
                                (f->has_maximum && x > f->maximum))
                            : small_integer(s, v->start, v->end, &x) &&
                                  apig__check_integer(f, x) == APIG_ERROR_NONE)) {
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
     * WALK_SEEN_BITS fields) */
    uint64_t missing = ~seen & (((uint64_t)1 << msg->field_count) - 1); /* <= FLAT_FIELDS */
    clear_flat_absent(msg, base, missing);
    if (missing & view->required) {
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
int apig__walk_flat_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                       size_t room)
{
    flat_view view = view_of(w);
    return flat_members(w, msg, base, i, room, &view);
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
int apig__walk_flat_array(walk *w, const apig_field *f, unsigned char *base, int open, size_t room)
{
    const flat_view view = view_of(w);
    const apig_token *t = view.t;
    const apig_message *msg = f->message;
    const char *s = view.s;
    const int n = view.n, end = t[open].end;
    unsigned char *items = apig__value_ptr(f, base);
    uint32_t *count = apig__count_ptr(f, base);
    int i = open + 1;
    char punct = 0; /* before the first item, whitespace only */
    uint32_t index = 0; /* items filled; *count says so when the loop ends */
    int pos = w->pos;   /* after the bracket or the last item */
    for (; i < n && t[i].start < end; index++, punct = ',') {
        if (index >= apig__max_items(f) || t[i].type != APIG_TOKEN_OBJECT) {
            *count = index;
            w->handover_open = -1;
            w->handover_at = i;
            w->handover_punct = punct;
            return FLAT_HANDOVER;
        }
        int to = t[i].start;
        if (!(punct ? to == pos + 1 && s[pos] == punct : to == pos) &&
            !apig__json_gap_ok(s, pos, to, punct))
            return malformed(w);
        int next = flat_members(w, msg, items + (size_t)index * f->item_size, i, room - 1, &view);
        if (next == FLAT_HANDOVER) {
            *count = index + 1;
            w->handover_open = i;
            return FLAT_HANDOVER;
        }
        if (w->stop)
            return next;
        pos = t[i].end; /* flat_members' w->pos */
        i = next;
    }
    *count = index;
    return close_ok(w, end, ']') ? i : malformed(w);
}

#else /* APIG_CFG_SMALL_CODE: the fast path is not compiled, and never taken */

int apig__walk_flat_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                           size_t room)
{
    (void)msg, (void)base, (void)i, (void)room;
    return malformed(w);
}

int apig__walk_flat_array(walk *w, const apig_field *f, unsigned char *base, int open, size_t room)
{
    (void)f, (void)base, (void)open, (void)room;
    return malformed(w);
}

#endif
