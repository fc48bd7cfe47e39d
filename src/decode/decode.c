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
 * The walk keeps an explicit stack of open containers the schema knows
 * (never deeper than the JSON layer's depth limit). A JSON path is built
 * only when an error is recorded, from that stack, so the hot path does no
 * path work.
 *
 * Offsets: a string value or key points at its opening quote, any other
 * value at its first byte; a missing required field at the closing brace of
 * its object.
 */
#include "decode.h"

/* Keys longer than this after unescaping are compared raw only; no
 * generated field name comes near it. */
#define KEY_BYTES 128

/* Fields per message whose duplicates a bit set tracks; later fields use
 * their presence flag (a repeated `null` then goes unnoticed). */
#define SEEN_BITS 64

typedef struct frame {
    const apig_message *msg;   /* object: its message; array: the items' message */
    const apig_field *field;   /* the field whose value this is; NULL at the top
                                  and for array items */
    unsigned char *base;       /* object: its struct; array: the container struct */
    int tok;                   /* the container's token */
    int remaining;             /* keys or items still to visit */
    uint32_t index;            /* array: index of the next item; item object:
                                  its own index */
    bool is_array;
    uint64_t seen;             /* object: fields met so far */
} frame;

typedef struct walk {
    const apig_message *top;
    const apig_catalog *catalog;
    const char *body;
    size_t len;
    const apig_token *t;
    int n;
    const apig_context *ctx;
    bool reject_unknown;
    apig__errors *errors;
    size_t base_count;         /* errors in the list before this body */
    frame stack[APIG_CFG_MAX_DEPTH + 1];
    int depth;
    bool stop;                 /* the list is full: only syntax checks go on */
    bool syntax;               /* a malformed string was found: done */
} walk;

/* ---- errors ------------------------------------------------------------- */

/* The path of the container at stack level `level` (0 = top object). */
static void frame_path(const walk *w, int level, apig__path *p)
{
    apig__path_reset(p);
    for (int d = 1; d <= level; d++) {
        const frame *fr = &w->stack[d];
        if (fr->field)
            apig__path_key(p, fr->field->name, fr->field->name_len);
        else
            apig__path_index(p, fr->index);
    }
}

static size_t value_offset(const apig_token *tok)
{
    return tok->type == APIG_TOKEN_STRING ? (size_t)tok->start - 1 : (size_t)tok->start;
}

/* Records a rule error for `field` (named `name`, or a decoded key when
 * field is NULL) inside the container at the top of the stack; `index` >= 0
 * adds an array index instead of a key. `param` NULL: the parameterName is
 * the field's name; else it is the key itself, name[0..name_len) (`param`
 * is then `name`): the length goes with it, as a key may hold U+0000. The
 * error copies the name, so it may live on the caller's stack. */
static void rule_error(walk *w, const apig_field *field, const char *name,
                       size_t name_len, long index, apig_error_kind kind,
                       const char *param, size_t offset)
{
    apig__path p;
    frame_path(w, w->depth - 1, &p);
    if (index >= 0)
        apig__path_index(&p, (size_t)index);
    else if (name)
        apig__path_key(&p, name, name_len);
    if (apig__errors_add(w->errors, w->catalog, field, kind, param ? name : NULL,
                         param ? name_len : 0, &p, offset, NULL))
        w->stop = true;
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
 * strings. Returns the next token's index. */
static int skip(walk *w, int i)
{
    int end = w->t[i].end;
    int j = i;
    do {
        if (w->t[j].type == APIG_TOKEN_STRING && !check_raw(w, &w->t[j]))
            return w->n;
        j++;
    } while (j < w->n && w->t[j].start < end);
    return j;
}

/* ---- keys ------------------------------------------------------------------ */

/* The field index of key token `k`, or -1. `text`/`text_len` receive the
 * key as written (unescaped when it had escapes), for an unknown-field
 * report. Returns -2 after a syntax error. */
static int resolve_key(walk *w, const apig_message *msg, const apig_token *k,
                       char *buf, const char **text, size_t *text_len)
{
    const char *raw = w->body + k->start;
    size_t len = (size_t)(k->end - k->start);
    *text = raw;
    *text_len = len;
    int idx = msg->lookup(raw, len);
    if (idx >= 0)
        return idx; /* equal to a field name: plain ASCII, nothing to check */
    bool escaped = false;
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '\\') {
            escaped = true;
            break;
        }
    if (!escaped)
        return check_raw(w, k) ? -1 : -2;
    apig__scan r;
    apig__scan_text(raw, len, true, NULL, buf, KEY_BYTES, &r);
    if (r.syntax != APIG_JSON_OK) {
        syntax_error(w, r.syntax, (size_t)k->start + r.syntax_at);
        return -2;
    }
    if (r.overflow)
        return -1;
    *text = buf;
    *text_len = r.bytes;
    return msg->lookup(buf, r.bytes);
}

/* ---- values ---------------------------------------------------------------- */

static void push(walk *w, const apig_message *msg, const apig_field *field,
                 unsigned char *base, int tok, bool is_array, uint32_t index)
{
    frame *fr = &w->stack[w->depth++];
    fr->msg = msg;
    fr->field = field;
    fr->base = base;
    fr->tok = tok;
    fr->remaining = w->t[tok].size;
    fr->index = index;
    fr->is_array = is_array;
    fr->seen = 0;
}

static bool is_null(const walk *w, const apig_token *tok)
{
    return tok->type == APIG_TOKEN_PRIMITIVE && w->body[tok->start] == 'n';
}

static bool is_number(const walk *w, const apig_token *tok)
{
    char c = w->body[tok->start];
    return tok->type == APIG_TOKEN_PRIMITIVE && (c == '-' || (c >= '0' && c <= '9'));
}

/* The value of known field f at token i, in the object at the stack top.
 * Returns the next token's index (after pushing a container, its first
 * child). */
static int value(walk *w, const apig_field *f, int i)
{
    frame *fr = &w->stack[w->depth - 1];
    const apig_token *tok = &w->t[i];
    unsigned char *s = fr->base;

    if (is_null(w, tok)) {
        /* null means absent; for a required field that is an error here. */
        if (apig__field_required(f, w->ctx))
            rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_REQUIRED, NULL,
                       value_offset(tok));
        return i + 1;
    }
    switch (f->type) {
    case APIG_TYPE_STRING: {
        if (tok->type != APIG_TOKEN_STRING)
            break;
        char *out = apig__value_ptr(f, s);
        apig__scan r;
        apig__scan_text(w->body + tok->start, (size_t)(tok->end - tok->start), true,
                        f->charset, out, f->capacity, &r);
        if (r.syntax != APIG_JSON_OK) {
            syntax_error(w, r.syntax, (size_t)tok->start + r.syntax_at);
            return w->n;
        }
        apig_error_kind kind = apig__string_verdict(f, w->ctx, &r, out);
        if (kind != APIG_ERROR_NONE)
            rule_error(w, f, f->name, f->name_len, -1, kind, NULL, value_offset(tok));
        else
            *apig__has_ptr(f, s) = true;
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
            rule_error(w, f, f->name, f->name_len, -1, kind, NULL, value_offset(tok));
        } else {
            if (f->type == APIG_TYPE_INT32)
                *(int32_t *)apig__value_ptr(f, s) = (int32_t)v;
            else
                *(int64_t *)apig__value_ptr(f, s) = v;
            *apig__has_ptr(f, s) = true;
        }
        return i + 1;
    }
    case APIG_TYPE_OBJECT:
        if (tok->type != APIG_TOKEN_OBJECT)
            break;
        *apig__has_ptr(f, s) = true;
        push(w, f->message, f, apig__value_ptr(f, s), i, false, 0);
        return i + 1;
    case APIG_TYPE_ARRAY:
        if (tok->type != APIG_TOKEN_ARRAY)
            break;
        *apig__has_ptr(f, s) = true;
        *apig__count_ptr(f, s) = 0;
        if ((uint32_t)tok->size < f->min_length)
            rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_MIN_ITEMS, NULL,
                       value_offset(tok));
        push(w, f->message, f, s, i, true, 0);
        return i + 1;
    default:
        break;
    }
    rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_TYPE, NULL, value_offset(tok));
    return skip(w, i);
}

/* One array item at token i, in the array at the stack top. */
static int item(walk *w, int i)
{
    frame *fr = &w->stack[w->depth - 1];
    const apig_field *f = fr->field;
    const apig_token *tok = &w->t[i];
    uint32_t index = fr->index++;

    if (index >= f->capacity) {
        if (index == f->capacity)
            rule_error(w, f, NULL, 0, (long)index, APIG_ERROR_CAPACITY, NULL,
                       value_offset(tok));
        return skip(w, i);
    }
    if (tok->type != APIG_TOKEN_OBJECT) {
        rule_error(w, f, NULL, 0, (long)index, APIG_ERROR_TYPE, NULL, value_offset(tok));
        return skip(w, i);
    }
    unsigned char *items = apig__value_ptr(f, fr->base);
    unsigned char *it = items + (size_t)index * f->item_size;
    apig__init_message(f->message, it);
    *apig__count_ptr(f, fr->base) = index + 1;
    push(w, f->message, NULL, it, i, false, index);
    return i + 1;
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

/* The closing brace of the object at the stack top: required fields never
 * met are missing. */
static void close_object(walk *w)
{
    const frame *fr = &w->stack[w->depth - 1];
    const apig_message *msg = fr->msg;
    size_t offset = (size_t)w->t[fr->tok].end - 1;
    /* The first SEEN_BITS fields: only those not met, in field order. */
    uint32_t low = msg->field_count < SEEN_BITS ? msg->field_count : SEEN_BITS;
    uint64_t missing = ~fr->seen & (low < 64 ? ((uint64_t)1 << low) - 1 : ~(uint64_t)0);
    while (missing && !w->stop) {
        uint32_t k = lowest_bit(missing);
        missing &= missing - 1;
        const apig_field *f = &msg->fields[k];
        if (apig__field_required(f, w->ctx))
            rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_REQUIRED, NULL, offset);
    }
    for (uint32_t k = low; k < msg->field_count && !w->stop; k++) {
        const apig_field *f = &msg->fields[k];
        if (!apig__has(f, fr->base) && apig__field_required(f, w->ctx))
            rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_REQUIRED, NULL, offset);
    }
}

/* Room for more of a key than an error shows: param and path cut a key
 * below these sizes, and text never renders shorter than it decodes, so a
 * prefix this long (less the last escape that did not fit) is cut exactly
 * where the whole key would be. */
#define NAME_BYTES ((APIG_CFG_PARAM_BYTES > APIG_CFG_PATH_BYTES ? APIG_CFG_PARAM_BYTES \
                                                                : APIG_CFG_PATH_BYTES) + 16)

/* The raw length of the character or escape at raw[i] of a well-formed
 * JSON string (a high surrogate's escape comes with its low half). */
static size_t raw_unit(const char *raw, size_t i)
{
    unsigned char c = (unsigned char)raw[i];
    if (c == '\\') {
        if (raw[i + 1] != 'u')
            return 2;
        char h = raw[i + 2], x = raw[i + 3];
        bool high = (h == 'd' || h == 'D') &&
                    ((x >= '8' && x <= '9') || (x >= 'a' && x <= 'b') || (x >= 'A' && x <= 'B'));
        return high ? 12 : 6;
    }
    if (c < 0x80)
        return 1;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* Decodes the start of well-formed escaped key raw[0..len) into out[0..cap)
 * (NUL-terminated): all of it, or at least cap - 12 bytes. Returns the
 * decoded bytes. Raw text never decodes longer than it is, so a chunk of
 * raw no longer than the room left always fits. */
static size_t key_prefix(const char *raw, size_t len, char *out, size_t cap)
{
    size_t i = 0, n = 0;
    out[0] = '\0';
    while (i < len) {
        size_t room = cap - 1 - n, j = i;
        while (j < len && j - i + raw_unit(raw, j) <= room)
            j += raw_unit(raw, j);
        if (j == i)
            break;
        apig__scan r;
        apig__scan_text(raw + i, j - i, true, NULL, out + n, room + 1, &r);
        n += r.bytes;
        i = j;
    }
    return n;
}

/* One key/value pair at token i, in the object at the stack top. */
static int member(walk *w, int i)
{
    frame *fr = &w->stack[w->depth - 1];
    const apig_token *k = &w->t[i];
    char buf[KEY_BYTES];
    const char *text;
    size_t text_len;
    int idx = resolve_key(w, fr->msg, k, buf, &text, &text_len);
    if (idx == -2)
        return w->n;
    if (idx < 0) {
        if (w->reject_unknown) {
            /* The key, decoded, is the parameter name. resolve_key hands a
             * key too long for its buffer back as written, escapes and all:
             * decode as much of it as the error can show. */
            char name[NAME_BYTES];
            if (text == w->body + k->start && memchr(text, '\\', text_len)) {
                text_len = key_prefix(text, text_len, name, sizeof name);
                text = name;
            }
            rule_error(w, NULL, text, text_len, -1, APIG_ERROR_UNKNOWN_FIELD, text,
                       value_offset(k));
        }
        return skip(w, i + 1);
    }
    const apig_field *f = &fr->msg->fields[idx];
    bool repeated = idx < SEEN_BITS ? (fr->seen >> idx) & 1u : apig__has(f, fr->base);
    if (repeated) {
        rule_error(w, f, f->name, f->name_len, -1, APIG_ERROR_DUPLICATE, NULL,
                   value_offset(k));
        return skip(w, i + 1);
    }
    if (idx < SEEN_BITS)
        fr->seen |= (uint64_t)1 << idx;
    return value(w, f, i + 1);
}

/* After the list filled up: no more rules, but a malformed string anywhere
 * after still turns the answer into the syntax error. */
static void drain(walk *w, int i)
{
    for (; i < w->n && !w->syntax; i++)
        if (w->t[i].type == APIG_TOKEN_STRING)
            check_raw(w, &w->t[i]);
}

static void run(walk *w, void *out)
{
    int i = 1, from = 1;
    push(w, w->top, NULL, out, 0, false, 0);
    while (w->depth > 0 && !w->stop) {
        frame *fr = &w->stack[w->depth - 1];
        from = i;
        if (fr->remaining == 0) {
            if (!fr->is_array)
                close_object(w);
            w->depth--;
            continue;
        }
        fr->remaining--;
        i = fr->is_array ? item(w, i) : member(w, i);
    }
    /* `from` is the first token the step that stopped had not finished. */
    if (w->stop && !w->syntax)
        drain(w, from);
}

bool apig__decode_body(const apig_message *msg, const char *body, size_t len,
                       apig_token *tokens, size_t token_cap,
                       const apig_context *ctx, void *out,
                       apig__errors *errors)
{
    const apig_catalog *catalog = msg->catalog;
    apig__init_message(msg, out);

    if (len > (size_t)APIG_CFG_MAX_BODY_BYTES)
        return apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len,
                                     (size_t)APIG_CFG_MAX_BODY_BYTES,
                                     apig_json_status_text(APIG_JSON_TOO_LARGE), false);

    apig_json_result res = apig_json_parse(body, len, tokens, token_cap, NULL,
                                           APIG_JSON_DEFER_STRINGS);
    if (res.status != APIG_JSON_OK) {
        /* Deferring left string contents unchecked, so an earlier bad string
         * may hide behind this error: the (rare) error path checks again in
         * full, so that the error reported is the first in the body. */
        res = apig_json_parse(body, len, tokens, token_cap, NULL, 0);
        /* An empty or blank body has no position worth giving. */
        bool blank = true;
        for (size_t i = 0; i < len && blank; i++)
            blank = body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r';
        return apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len,
                                     res.offset, apig_json_status_text(res.status),
                                     !blank && res.status != APIG_JSON_EMPTY &&
                                         res.status != APIG_JSON_TOO_LARGE);
    }

    walk w;
    w.top = msg;
    w.catalog = catalog;
    w.body = body;
    w.len = len;
    w.t = tokens;
    w.n = (int)res.token_count;
    w.ctx = ctx;
    w.reject_unknown = ctx && (ctx->options & APIG_OPT_REJECT_UNKNOWN);
    w.errors = errors;
    w.base_count = errors->count;
    w.depth = 0;
    w.stop = false;
    w.syntax = false;

    if (tokens[0].type != APIG_TOKEN_OBJECT) {
        /* A top-level string still has to be well-formed to be "not an
         * object" rather than "not JSON". */
        if (tokens[0].type == APIG_TOKEN_STRING && !check_raw(&w, &tokens[0]))
            return apig__errors_full(errors);
        apig__errors_add_body(errors, catalog, APIG_ERROR_NOT_OBJECT, body, len,
                              value_offset(&tokens[0]), NULL, false);
        drain(&w, 1);
        return apig__errors_full(errors);
    }
    run(&w, out);
    return apig__errors_full(errors);
}

size_t apig_decode(const apig_message *msg, const char *body, size_t len,
                   apig_token *tokens, size_t token_cap,
                   const apig_context *ctx, void *out,
                   apig_error *errors, size_t error_cap)
{
    if (!msg || !out)
        return apig__misuse(errors, error_cap);
    apig__errors list = {errors, errors ? error_cap : 0, 0};
    apig__decode_body(msg, body, len, tokens, token_cap, ctx, out, &list);
    return list.count;
}
