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
 *
 * This file holds the entry points and the general loop (objects, members,
 * values, arrays, keys); walk.h the walk's state and small steps; flat.c
 * the fast path's flat objects and arrays; strings.c string values;
 * walk_errors.c recording errors and refusing a body.
 */
#include "walk.h"
#include "json/tokenizer.h"

/* An escaped key, unescaped: enough for any field name (which lookup
 * compares) and for more of an unknown key than an error shows, since param
 * and path cut below these sizes and text never renders shorter than it
 * decodes; a longer key keeps its longest whole-character prefix. */
#define KEY_BYTES ((APIG_CFG_PARAM_BYTES > APIG_CFG_PATH_BYTES ? APIG_CFG_PARAM_BYTES \
                                                               : APIG_CFG_PATH_BYTES) + 16)

/* ---- errors the general loop records ---------------------------------------- */

/* Records an error inside container `fr`, at key name[0..name_len) or,
 * when `index` >= 0, at that array index. Without a field the error is
 * about an unknown key, and its name (with its length: a key may hold
 * U+0000; the error copies it) is also the parameterName. */
WALK_COLD void record(walk *w, const apig__place *fr, const apig_field *field, const char *name,
                      size_t name_len, long index, apig_error_kind kind, size_t offset)
{
    if (apig__errors_add_place(w->errors, w->catalog, field, kind, field ? NULL : name,
                               field ? 0 : name_len, fr, index >= 0 ? NULL : name, name_len,
                               index, offset, NULL))
        w->stop = true;
}

/* ---- values the rules do not look at ------------------------------------------ */

/* Skips the value at token i (and everything inside it): on the fast path
 * the JSON layer's walk checks it on the way. Returns the next token's
 * index. On a proved partial array, a container the cut leaves open holds
 * every token after it. */
WALK_COLD int skip(walk *w, int i, size_t room)
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
WALK_COLD int escaped_key(walk *w, const apig_message *msg, const apig__place *fr,
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
WALK_HOT int resolve_key(walk *w, const apig_message *msg, const apig_token *k,
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

static int object_from(walk *w, const apig_message *msg, unsigned char *base, int open,
                       const apig__place *fr, size_t room, int i, uint64_t seen, char punct);
static void context_rules(walk *w, const apig_message *msg);

/* The object at token i, of message `msg`, into the struct `base`. */
WALK_HOT int object(walk *w, const apig_message *msg, unsigned char *base, int i,
                    const apig__place *fr, size_t room)
{
    if (!open_ok(w, &w->t[i], '{', room))
        return malformed(w);
    if (msg->field_count > WALK_SEEN_BITS)
        apig__init_message(msg, base);
    if (w->rules_of != msg)
        context_rules(w, msg);
    return object_from(w, msg, base, i, fr, room, i + 1, 0, 0);
}

/* The object at token i, of message msg: flat ones on the fast path take
 * the short way. */
WALK_HOT int any_object(walk *w, const apig_message *msg, unsigned char *base, int i,
                        const apig__place *fr, size_t room)
{
    if (w->rules_of != msg)
        context_rules(w, msg);
    if (w->flat && !PROVED(w)) {
        int next = apig__walk_flat_object(w, msg, base, i, room);
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
WALK_HOT void integer_value(walk *w, const apig_field *f, unsigned char *base,
                            const apig__place *fr, const apig_token *tok, int64_t v)
{
    apig_error_kind kind = apig__check_integer(f, v);
    if (kind != APIG_ERROR_NONE) {
        apig__walk_rule_error(w, fr, f, kind, value_offset(tok));
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
WALK_HOT int value(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr,
                   int i, size_t room, bool contextual)
{
    const apig_token *tok = &w->t[i];
    apig__place inner = {fr, f, 0}; /* an object's or array's, for its contents */
    switch (tok->type) {
    case APIG_TOKEN_STRING: {
        if (f->type != APIG_TYPE_STRING)
            break;
        apig_error_kind kind = apig__walk_string(w, f, apig__value_ptr(f, base), tok, contextual);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            apig__walk_rule_error(w, fr, f, kind, value_offset(tok));
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
                apig__walk_rule_error(w, fr, f, APIG_ERROR_REQUIRED, value_offset(tok));
            return i + 1;
        }
        if ((f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64) && c != 't' && c != 'f') {
            apig_error_kind kind = apig__parse_integer(w->body + tok->start,
                                                       (size_t)(tok->end - tok->start), &v);
            if (kind != APIG_ERROR_NONE)
                apig__walk_rule_error(w, fr, f, kind, value_offset(tok));
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
        apig__walk_rule_error(w, fr, f, APIG_ERROR_TYPE, value_offset(tok));
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
        if ((uint32_t)tok->size < apig__min_items(f) && tok->end >= 0)
            apig__walk_rule_error(w, fr, f, APIG_ERROR_MIN_ITEMS, value_offset(tok));
        return array(w, f, base, i, &inner, room);
    default:
        break;
    }
    apig__walk_rule_error(w, fr, f, APIG_ERROR_TYPE, value_offset(tok));
    return skip(w, i, room);
}

/* Item `index` at token i of the array `fr` (field f of the struct
 * `base`). */
WALK_HOT int item(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr,
                  uint32_t index, int i, size_t room)
{
    const apig_token *tok = &w->t[i];
    if (index >= apig__max_items(f)) {
        if (index == apig__max_items(f))
            apig__walk_item_error(w, fr, f, index, APIG_ERROR_CAPACITY, value_offset(tok));
        return skip(w, i, room);
    }
    unsigned char *it = (unsigned char *)apig__value_ptr(f, base) + (size_t)index * f->item_size;
    if (f->item) {
        /* A value item (a string): the item rules, the array's errors. */
        if (tok->type != APIG_TOKEN_STRING) {
            apig__walk_item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
            return skip(w, i, room);
        }
        apig_error_kind kind = apig__walk_string(w, f->item, (char *)it, tok,
                                                 f->item->condition_count != 0);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            apig__walk_item_error(w, fr, f, index, kind, value_offset(tok));
        *apig__count_ptr(f, base) = index + 1;
        return i + 1;
    }
    if (tok->type != APIG_TOKEN_OBJECT) {
        apig__walk_item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
        return skip(w, i, room);
    }
    *apig__count_ptr(f, base) = index + 1;
    apig__place inner = {fr, NULL, index};
    return any_object(w, f->message, it, i, &inner, room);
}

/* The array at token i: the value of field f in the struct `base`. Items
 * are the tokens that start before the array's end. */
WALK_HOT int array(walk *w, const apig_field *f, unsigned char *base, int i, const apig__place *fr,
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
        int next = apig__walk_flat_array(w, f, base, i - 1, room);
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

/* What the context makes of msg's fields (the first WALK_SEEN_BITS): which
 * are required and which take a format from it, worked out once for all
 * the objects of one message in a row. */
static void context_rules(walk *w, const apig_message *msg)
{
    if (w->rules_of == msg)
        return;
    uint32_t low = msg->field_count < WALK_SEEN_BITS ? msg->field_count : WALK_SEEN_BITS;
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

/* The closing brace (at `offset`) of the object `fr` of message `msg`:
 * fields never met are absent (cleared now, when a bit tracked them), and
 * the required ones missing. */
static void close_object(walk *w, const apig_message *msg, unsigned char *base,
                         const apig__place *fr, uint64_t seen, size_t offset)
{
    /* The first WALK_SEEN_BITS fields: only those not met, in field order. */
    uint32_t low = msg->field_count < WALK_SEEN_BITS ? msg->field_count : WALK_SEEN_BITS;
    uint64_t missing = ~seen & (low < 64 ? ((uint64_t)1 << low) - 1 : ~(uint64_t)0);
    if (msg->field_count <= WALK_SEEN_BITS)
        clear_absent(msg, base, missing);
    context_rules(w, msg);
    for (missing &= w->required; missing && !w->stop; missing &= missing - 1) {
        const apig_field *f = &msg->fields[lowest_bit(missing)];
        apig__walk_rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
    if (msg->field_count <= WALK_SEEN_BITS)
        return;
    for (uint32_t k = low; k < msg->field_count && !w->stop; k++) {
        const apig_field *f = &msg->fields[k];
        if (!apig__has(f, base) && apig__field_required(f, w->ctx))
            apig__walk_rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
}

/* One key/value pair at token i, in the object `fr` of message `msg`. */
WALK_HOT int member(walk *w, const apig_message *msg, unsigned char *base, const apig__place *fr,
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
        if (f && (idx < WALK_SEEN_BITS ? (*seen >> idx) & 1u : apig__has(f, base)))
            apig__walk_rule_error(w, fr, f, APIG_ERROR_DUPLICATE, value_offset(k));
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
    bool repeated = idx < WALK_SEEN_BITS ? (*seen >> idx) & 1u : apig__has(f, base);
    if (repeated) {
        apig__walk_rule_error(w, fr, f, APIG_ERROR_DUPLICATE, value_offset(k));
        return skip(w, i + 1, room);
    }
    if (idx >= WALK_SEEN_BITS)
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
WALK_HOT void walk_body(walk *w, const apig_message *msg, void *out, size_t max_depth)
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

/* The walk refused what apig_json_parse accepts: a bug in one of them.
 * Fail safe, with a syntax error where the walk stopped (the differential
 * fuzz target holds the two to the same verdicts). */
static void walk_refused(apig__errors *errors, size_t base_count, const apig_catalog *catalog,
                         const char *body, size_t len, int pos)
{
    apig_json_result res = {APIG_JSON_UNEXPECTED_CHAR, (size_t)pos < len ? (size_t)pos : len, 0};
    apig__decode_syntax_error(errors, base_count, catalog, body, len, res.status,
                                              res.offset);
}

/* Decodes body into out; `writable` is the body itself when the caller
 * lets view strings be unescaped in place, else NULL. Returns true when
 * the error list is full (the callers' tail call: no frame of theirs on
 * the deepest path). */
WALK_HOT bool decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
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

    /* everything not named starts zero: false, NULL, no fields */
    walk w = {
        .catalog = catalog,
        .body = body,
        .len = len,
        .t = tokens,
        .ctx = &d->context,
        .errors = errors,
        .arena = d->arena,
        .arena_cap = d->arena ? d->arena_cap : 0,
        .in_place = writable,
        .handover_open = -1,
        .reject_unknown = (d->options & APIG_OPT_REJECT_UNKNOWN) != 0,
    };

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
                    apig__decode_syntax_error(errors, base_count, catalog, body, len, res.status,
                                              res.offset);
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
            apig__decode_syntax_error(errors, base_count, catalog, body, len, res.status,
                                              res.offset);
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
