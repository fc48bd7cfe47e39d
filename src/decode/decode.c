/*
 * apig_decode: one walk over the token array, in document order, driven by
 * the descriptor tables.
 *
 * The JSON layer checks the grammar and leaves strings to us
 * (APIG_JSON_DEFER_STRINGS): every string token is looked at exactly once,
 * either by the fused scanner (values of known string fields: unescape,
 * UTF-8, count, character set, store) or by apig_json_check_string (keys and
 * skipped values). Because a malformed body must fail with the syntax error
 * before any field rule, a string that turns out malformed replaces the
 * errors this body produced so far; and when the error list fills up early
 * the remaining strings are still checked (no field rules) so that a later
 * malformed string still wins.
 *
 * The walk recurses along the containers the schema knows (object -> array
 * -> item object ...), one apig__place each on the C stack (core.h): the
 * generator keeps that nesting acyclic, so the stack follows the schema's
 * depth, never the JSON depth limit; unknown values are skipped in a loop,
 * without places. `fr` is the place of the container at hand (NULL: the
 * top object). A JSON path is built only when an error is recorded, from
 * the chain of places, so the hot path does no path work.
 *
 * Over the token budget the JSON layer hands over the body's first tokens
 * (the rest proved well-formed): the walk visits them and stops at the cut.
 * An error among them is the answer, since everything after the cut comes
 * later in the body; without one, the budget is.
 *
 * Offsets: a string value or key points at its opening quote, any other
 * value at its first byte; a missing required field at the closing brace of
 * its object.
 */
#include "decode.h"

/* Fields per message whose duplicates a bit set tracks; later fields use
 * their presence flag (a repeated `null` then goes unnoticed). */
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
    int n;                     /* tokens in t: all of the body's, or over
                                  the token budget only its first n */
    const apig_context *ctx;
    bool reject_unknown;
    apig__errors *errors;
    size_t base_count;         /* errors in the list before this body */
    int at;                    /* the member or item being visited: where
                                  the syntax-only drain resumes */
    bool stop;                 /* the list is full: only syntax checks go on */
    bool syntax;               /* a malformed string was found: done */
    bool cut;                  /* reached the end of a partial token array */
    /* Where view strings with escapes are unescaped: the caller's arena,
     * or (in_place) the body itself, then writable. */
    char *arena;
    size_t arena_cap;
    size_t arena_used;
    char *in_place;            /* the body, writable; NULL: use the arena */
    char key[KEY_BYTES];       /* an escaped key, unescaped */
} walk;

/* ---- errors ------------------------------------------------------------- */

static size_t value_offset(const apig_token *tok)
{
    return tok->type == APIG_TOKEN_STRING ? (size_t)tok->start - 1 : (size_t)tok->start;
}

/* Records an error inside container `fr`, at key name[0..name_len) or,
 * when `index` >= 0, at that array index. Without a field the error is
 * about an unknown key, and its name (with its length: a key may hold
 * U+0000; the error copies it) is also the parameterName. */
static void record(walk *w, const apig__place *fr, const apig_field *field, const char *name,
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
    record(w, fr, f, f->name, f->name_len, -1, kind, offset);
}

/* A rule of array field f failed at item `index` of `fr`, the array. */
static void item_error(walk *w, const apig__place *fr, const apig_field *f, uint32_t index,
                       apig_error_kind kind, size_t offset)
{
    record(w, fr, f, NULL, 0, (long)index, kind, offset);
}

/* A malformed string: the body's errors so far give way to the syntax
 * error, and the walk ends. */
static void syntax_error(walk *w, apig_json_status status, size_t offset)
{
    w->errors->count = w->base_count;
    apig__errors_add_body(w->errors, w->catalog, APIG_ERROR_SYNTAX, w->body,
                          w->len, offset, apig_json_status_text(status), true);
    w->syntax = true;
    w->stop = true;
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

/* The walk reached the end of a partial token array: what lies beyond was
 * proved well-formed by the JSON layer but has no tokens to visit. */
static int cut(walk *w)
{
    w->cut = true;
    return w->n;
}

/* ---- strings the rules do not look at ------------------------------------ */

static bool check_raw(walk *w, const apig_token *tok)
{
    size_t at;
    apig_json_status st = apig_json_check_string(w->body + tok->start,
                                                 (size_t)(tok->end - tok->start), &at);
    if (st != APIG_JSON_OK) {
        syntax_error(w, st, (size_t)tok->start + at);
        return false;
    }
    return true;
}

/* Skips the value at token i (and everything inside it), checking its
 * strings. Returns the next token's index. A container the partial token
 * array does not close holds every token after it. */
static int skip(walk *w, int i)
{
    int end = w->t[i].end;
    int j = i;
    if (end < 0) {
        for (; j < w->n; j++)
            if (w->t[j].type == APIG_TOKEN_STRING && !check_raw(w, &w->t[j]))
                return w->n;
        return cut(w);
    }
    do {
        if (w->t[j].type == APIG_TOKEN_STRING && !check_raw(w, &w->t[j]))
            return w->n;
        j++;
    } while (j < w->n && w->t[j].start < end);
    return j;
}

/* ---- keys ------------------------------------------------------------------ */

/* The field index of key token `k`, or -1. `text`/`text_len` receive the
 * key for an unknown-field report: as written when it has no escape, else
 * unescaped (its longest whole-character prefix that fits w->key, which is
 * more than an error shows). Returns -2 after a syntax error. */
static int resolve_key(walk *w, const apig_message *msg, const apig_token *k,
                       const char **text, size_t *text_len)
{
    const char *raw = w->body + k->start;
    size_t len = (size_t)(k->end - k->start);
    *text = raw;
    *text_len = len;
    int idx = msg->lookup(raw, len);
    if (idx >= 0)
        return idx; /* equal to a field name: plain ASCII, nothing to check */
    if (!memchr(raw, '\\', len))
        return check_raw(w, k) ? -1 : -2;
    apig__scan r;
    apig__scan_text(raw, len, true, NULL, w->key, sizeof w->key, &r);
    if (r.syntax != APIG_JSON_OK) {
        syntax_error(w, r.syntax, (size_t)k->start + r.syntax_at);
        return -2;
    }
    *text = w->key;
    *text_len = r.bytes;
    return r.overflow ? -1 : msg->lookup(w->key, r.bytes);
}

/* ---- values ---------------------------------------------------------------- */

static bool is_null(const walk *w, const apig_token *tok)
{
    return tok->type == APIG_TOKEN_PRIMITIVE && w->body[tok->start] == 'n';
}

static bool is_number(const walk *w, const apig_token *tok)
{
    char c = w->body[tok->start];
    return tok->type == APIG_TOKEN_PRIMITIVE && (c == '-' || (c >= '0' && c <= '9'));
}

static bool is_bool(const walk *w, const apig_token *tok)
{
    char c = w->body[tok->start];
    return tok->type == APIG_TOKEN_PRIMITIVE && (c == 't' || c == 'f');
}

/* The string token tok into out[0..rules->capacity), checked against the
 * string rules `rules` (a string field, or an array's item rules). Returns
 * the kind the value fails with (APIG_ERROR_NONE: it passed), or
 * APIG_ERROR_SYNTAX after a malformed string ended the walk. */
static apig_error_kind view_value(walk *w, const apig_field *rules, apig_string *out,
                                  const apig_token *tok);

static apig_error_kind string_value(walk *w, const apig_field *rules, void *out,
                                    const apig_token *tok)
{
    if (rules->storage == APIG_STORAGE_VIEW)
        return view_value(w, rules, out, tok);
    apig__scan r;
    apig__scan_text(w->body + tok->start, (size_t)(tok->end - tok->start), true,
                    rules->charset, out, rules->capacity, &r);
    if (r.syntax != APIG_JSON_OK) {
        syntax_error(w, r.syntax, (size_t)tok->start + r.syntax_at);
        return APIG_ERROR_SYNTAX;
    }
    return apig__string_verdict(rules, w->ctx, &r, out);
}

/* A view string: the body's own bytes when the token has no escape; else
 * unescaped into the arena (or in place), one pass either way. The same
 * rules as inline text; an arena too small for the text is an error of its
 * own (the body's, APIG_ERROR_SYNTAX with "string arena is full"), never a
 * cut value. */
static apig_error_kind view_value(walk *w, const apig_field *rules, apig_string *out,
                                  const apig_token *tok)
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
        syntax_error(w, r.syntax, (size_t)tok->start + r.syntax_at);
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
    apig_error_kind kind = apig__string_verdict(rules, w->ctx, &r, text);
    if (kind == APIG_ERROR_NONE) {
        out->ptr = text;
        out->len = r.bytes;
        if (escaped && !w->in_place)
            w->arena_used += r.bytes;
    }
    return kind;
}

static int object(walk *w, const apig_message *msg, unsigned char *base, int i,
                  const apig__place *fr);
static int array(walk *w, const apig_field *f, unsigned char *base, int i, const apig__place *fr);

/* The value of known field f at token i, in the object `fr` whose struct
 * is `base`. Returns the next token's index. */
static int value(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr, int i)
{
    const apig_token *tok = &w->t[i];

    if (is_null(w, tok)) {
        /* null means absent; for a required field that is an error here. */
        if (apig__field_required(f, w->ctx))
            rule_error(w, fr, f, APIG_ERROR_REQUIRED,
                       value_offset(tok));
        return i + 1;
    }
    switch (f->type) {
    case APIG_TYPE_STRING: {
        if (tok->type != APIG_TOKEN_STRING)
            break;
        apig_error_kind kind = string_value(w, f, apig__value_ptr(f, base), tok);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            rule_error(w, fr, f, kind, value_offset(tok));
        else
            *apig__has_ptr(f, base) = true;
        return i + 1;
    }
    case APIG_TYPE_BOOL: {
        if (!is_bool(w, tok))
            break;
        const bool v = w->body[tok->start] == 't';
        memcpy(apig__value_ptr(f, base), &v, sizeof v);
        *apig__has_ptr(f, base) = true;
        return i + 1;
    }
    case APIG_TYPE_INT32:
    case APIG_TYPE_INT64: {
        if (!is_number(w, tok))
            break;
        int64_t v = 0;
        apig_error_kind kind = apig__parse_integer(w->body + tok->start,
                                                   (size_t)(tok->end - tok->start), &v);
        if (kind == APIG_ERROR_NONE)
            kind = apig__check_integer(f, v);
        if (kind != APIG_ERROR_NONE) {
            rule_error(w, fr, f, kind, value_offset(tok));
        } else {
            if (f->type == APIG_TYPE_INT32)
                *(int32_t *)apig__value_ptr(f, base) = (int32_t)v;
            else
                *(int64_t *)apig__value_ptr(f, base) = v;
            *apig__has_ptr(f, base) = true;
        }
        return i + 1;
    }
    case APIG_TYPE_OBJECT: {
        if (tok->type != APIG_TOKEN_OBJECT)
            break;
        *apig__has_ptr(f, base) = true;
        apig__place inner = {fr, f, 0};
        return object(w, f->message, apig__value_ptr(f, base), i, &inner);
    }
    case APIG_TYPE_ARRAY: {
        if (tok->type != APIG_TOKEN_ARRAY)
            break;
        *apig__has_ptr(f, base) = true;
        *apig__count_ptr(f, base) = 0;
        if ((uint32_t)tok->size < f->min_length && tok->end >= 0)
            rule_error(w, fr, f, APIG_ERROR_MIN_ITEMS,
                       value_offset(tok));
        apig__place inner = {fr, f, 0};
        return array(w, f, base, i, &inner);
    }
    default:
        break;
    }
    rule_error(w, fr, f, APIG_ERROR_TYPE, value_offset(tok));
    return skip(w, i);
}

/* Item `index` at token i of the array `fr` (field f of the struct
 * `base`). */
static int item(walk *w, const apig_field *f, unsigned char *base, const apig__place *fr,
                uint32_t index, int i)
{
    const apig_token *tok = &w->t[i];
    if (index >= f->capacity) {
        if (index == f->capacity)
            item_error(w, fr, f, index, APIG_ERROR_CAPACITY,
                       value_offset(tok));
        return skip(w, i);
    }
    unsigned char *it = (unsigned char *)apig__value_ptr(f, base) + (size_t)index * f->item_size;
    if (f->item) {
        /* A value item (a string): the item rules, the array's errors. */
        if (tok->type != APIG_TOKEN_STRING) {
            item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
            return skip(w, i);
        }
        apig_error_kind kind = string_value(w, f->item, (char *)it, tok);
        if (kind == APIG_ERROR_SYNTAX)
            return w->n;
        if (kind != APIG_ERROR_NONE)
            item_error(w, fr, f, index, kind, value_offset(tok));
        *apig__count_ptr(f, base) = index + 1;
        return i + 1;
    }
    if (tok->type != APIG_TOKEN_OBJECT) {
        item_error(w, fr, f, index, APIG_ERROR_TYPE, value_offset(tok));
        return skip(w, i);
    }
    apig__init_message(f->message, it);
    *apig__count_ptr(f, base) = index + 1;
    apig__place inner = {fr, NULL, index};
    return object(w, f->message, it, i, &inner);
}

/* The array at token i: the value of field f in the struct `base`. */
static int array(walk *w, const apig_field *f, unsigned char *base, int i, const apig__place *fr)
{
    int items = w->t[i].size;
    bool closed = w->t[i].end >= 0;
    i++;
    for (uint32_t index = 0; index < (uint32_t)items; index++) {
        if (i >= w->n)
            return cut(w);
        w->at = i;
        i = item(w, f, base, fr, index, i);
        if (w->stop || w->cut)
            return i;
    }
    return closed ? i : cut(w);
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

/* The closing brace (at `offset`) of the object `fr` of message `msg`:
 * required fields never met are missing. */
static void close_object(walk *w, const apig_message *msg, const unsigned char *base,
                         const apig__place *fr, uint64_t seen, size_t offset)
{
    /* The first SEEN_BITS fields: only those not met, in field order. */
    uint32_t low = msg->field_count < SEEN_BITS ? msg->field_count : SEEN_BITS;
    uint64_t missing = ~seen & (low < 64 ? ((uint64_t)1 << low) - 1 : ~(uint64_t)0);
    while (missing && !w->stop) {
        uint32_t k = lowest_bit(missing);
        missing &= missing - 1;
        const apig_field *f = &msg->fields[k];
        if (apig__field_required(f, w->ctx))
            rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
    for (uint32_t k = low; k < msg->field_count && !w->stop; k++) {
        const apig_field *f = &msg->fields[k];
        if (!apig__has(f, base) && apig__field_required(f, w->ctx))
            rule_error(w, fr, f, APIG_ERROR_REQUIRED, offset);
    }
}

/* One key/value pair at token i, in the object `fr` of message `msg`. */
static int member(walk *w, const apig_message *msg, unsigned char *base, const apig__place *fr,
                  uint64_t *seen, int i)
{
    const apig_token *k = &w->t[i];
    const char *text;
    size_t text_len;
    int idx = resolve_key(w, msg, k, &text, &text_len);
    if (idx == -2)
        return w->n;
    /* In a partial token array the key's value may have had no room: the
     * key's own errors still count, the value is beyond the cut. */
    bool valued = i + 1 < w->n;
    if (idx < 0) {
        if (w->reject_unknown)
            record(w, fr, NULL, text, text_len, -1, APIG_ERROR_UNKNOWN_FIELD,
                       value_offset(k));
        return valued ? skip(w, i + 1) : cut(w);
    }
    const apig_field *f = &msg->fields[idx];
    bool repeated = idx < SEEN_BITS ? (*seen >> idx) & 1u : apig__has(f, base);
    if (repeated) {
        rule_error(w, fr, f, APIG_ERROR_DUPLICATE,
                   value_offset(k));
        return valued ? skip(w, i + 1) : cut(w);
    }
    if (idx < SEEN_BITS)
        *seen |= (uint64_t)1 << idx;
    return valued ? value(w, f, base, fr, i + 1) : cut(w);
}

/* The object at token i, of message `msg`, into the struct `base`. */
static int object(walk *w, const apig_message *msg, unsigned char *base, int i,
                  const apig__place *fr)
{
    const apig_token *tok = &w->t[i];
    int keys = tok->size;
    uint64_t seen = 0;
    i++;
    for (int k = 0; k < keys; k++) {
        if (i >= w->n)
            return cut(w);
        w->at = i;
        i = member(w, msg, base, fr, &seen, i);
        if (w->stop || w->cut)
            return i;
    }
    if (tok->end < 0)
        return cut(w);
    close_object(w, msg, base, fr, seen, (size_t)tok->end - 1);
    return i;
}

/* After the list filled up: no more rules, but a malformed string anywhere
 * after still turns the answer into the syntax error. */
static void drain(walk *w, int i)
{
    /* In place, every string was checked before the walk (and those it
     * decoded are rewritten: checking them again would find their
     * unescaped bytes). */
    if (w->in_place)
        return;
    for (; i < w->n && !w->syntax; i++)
        if (w->t[i].type == APIG_TOKEN_STRING)
            check_raw(w, &w->t[i]);
}

static bool only_whitespace(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Walks the tokens (all of the body's, or over the token budget its first
 * ones) into `out`. */
static void walk_body(walk *w, const apig_message *msg, void *out)
{
    const apig_token *top = &w->t[0];
    if (top->type != APIG_TOKEN_OBJECT) {
        /* A top-level string still has to be well-formed to be "not an
         * object" rather than "not JSON". */
        if (top->type == APIG_TOKEN_STRING && !check_raw(w, top))
            return;
        if (apig__errors_add_body(w->errors, w->catalog, APIG_ERROR_NOT_OBJECT, w->body, w->len,
                                  value_offset(top), NULL, false))
            w->stop = true;
        drain(w, 1);
        return;
    }
    w->at = 1;
    object(w, msg, out, 0, NULL);
    if (w->stop && !w->syntax)
        drain(w, w->at);
}

/* Decodes body into out; `writable` is the body itself when the caller
 * lets view strings be unescaped in place, else NULL. */
static bool decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
                        size_t len, char *writable, void *out, apig__errors *errors)
{
    msg = apig__rules_of(msg, d->options);
    apig_token *tokens = d->tokens;
    size_t token_cap = tokens ? d->token_cap : 0;
    const apig_catalog *catalog = msg->catalog;
    size_t base_count = errors->count;
    apig__init_message(msg, out);

    /* The message's own limit, so that whatever apig_encode writes for it
     * decodes; 0 (a hand-written table) is the configured default. */
    size_t max_bytes = msg->max_body_bytes ? msg->max_body_bytes : (size_t)APIG_CFG_MAX_BODY_BYTES;
    apig_json_limits limits = {0, max_bytes}; /* depth: the default */
    if (len > max_bytes)
        return apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len, max_bytes,
                                     apig_json_status_text(APIG_JSON_TOO_LARGE), false);

    /* In place, every string is checked before any is rewritten, so that no
     * syntax error is looked for in changed text. */
    apig_json_result res = apig_json_parse(body, len, tokens, token_cap, &limits,
                                           writable ? 0 : APIG_JSON_DEFER_STRINGS);
    if (res.status != APIG_JSON_OK && !writable) {
        /* Deferring left string contents unchecked, so an earlier bad string
         * may hide behind this error: the (rare) error path checks again in
         * full, so that the error reported is the first in the body, and a
         * body over the token budget is proved well-formed to its end. */
        res = apig_json_parse(body, len, tokens, token_cap, &limits, 0);
    }
    if (res.status != APIG_JSON_OK && res.status != APIG_JSON_TOO_MANY_TOKENS) {
        /* An empty or blank body has no position worth giving. */
        return apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len,
                                     res.offset, apig_json_status_text(res.status),
                                     res.status != APIG_JSON_EMPTY &&
                                         res.status != APIG_JSON_TOO_LARGE &&
                                         !only_whitespace(body, len));
    }

    walk w;
    w.catalog = catalog;
    w.body = body;
    w.len = len;
    w.t = tokens;
    w.n = (int)res.token_count;
    w.ctx = &d->context;
    w.reject_unknown = (d->options & APIG_OPT_REJECT_UNKNOWN) != 0;
    w.errors = errors;
    w.base_count = base_count;
    w.at = 0;
    w.stop = false;
    w.syntax = false;
    w.cut = false;
    w.arena = d->arena;
    w.arena_cap = d->arena ? d->arena_cap : 0;
    w.arena_used = 0;
    w.in_place = writable;

    /* The budget's error comes after the walk, whose unescaping in place
     * may have written newlines: its position is taken now. */
    size_t budget_line = 0, budget_column = 0;
    if (res.status == APIG_JSON_TOO_MANY_TOKENS)
        apig_offset_to_line_column(body, len, res.offset, &budget_line, &budget_column);
    if (w.n > 0)
        walk_body(&w, msg, out);
    /* Over the token budget, the tokens that fit decide when they hold an
     * error (the first by position: everything beyond them comes later);
     * otherwise, and after those errors when the list has room, the budget
     * itself is the answer: the rest of the body went unchecked by the
     * rules. */
    if (res.status == APIG_JSON_TOO_MANY_TOKENS && !w.syntax && !apig__errors_full(errors))
        apig__errors_add_at(errors, catalog, APIG_ERROR_SYNTAX, res.offset, budget_line,
                            budget_column, apig_json_status_text(APIG_JSON_TOO_MANY_TOKENS));
    /* A rejected body must not pass for a decoded message. */
    if (errors->count > base_count)
        apig__init_message(msg, out);
    return apig__errors_full(errors);
}

bool apig__decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
                       size_t len, void *out, apig__errors *errors)
{
    return decode_body(d, msg, body, len, NULL, out, errors);
}

size_t apig_decode_in_place(const apig_decoder *d, const apig_message *msg, char *body,
                            size_t len, void *out)
{
    if (!d)
        return 1;
    if (!msg || !out || (!body && len))
        return apig__misuse(d->errors, d->error_cap);
    apig__errors list = apig__errors_of(d);
    decode_body(d, msg, body, len, body, out, &list);
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
