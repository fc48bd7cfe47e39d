/* SPDX-License-Identifier: MIT */
/*
 * apig_validate: the decoder's rules applied to a struct in memory (the
 * encoder refuses what this refuses). Fields are visited in the message's
 * output order, so "first error" means first in the encoded text; required
 * fields that are absent come after the present ones of the same object,
 * as the decoder reports them at the closing brace. Offsets are 0.
 *
 * apig_encode applies the same rules in the same order as it writes (its
 * own walk, src/encode), and must report the same first error: the two are
 * held to that by the encoder's tests and fuzz_encode. Here a string that is
 * plain (the usual case) is judged as the encoder judges it (core/plain.h);
 * anything else takes apig__check_string, which finds the error.
 *
 * Recursion follows the schema's nesting (objects and arrays of objects),
 * which the generated tables fix; it never depends on the data.
 */
#include "decode.h"
#include "core/plain.h" /* the encoder's judge of a plain string */

typedef struct vstate {
    const apig_catalog *catalog;
    const apig_context *ctx;
    apig__errors *errors;
} vstate;

static bool add(vstate *v, const apig__place *at, const apig_field *f, apig_error_kind kind)
{
    return apig__errors_add_place(v->errors, v->catalog, f, kind, NULL, 0, at, NULL, 0, -1, 0,
                                  NULL);
}

static bool check_message(vstate *v, const apig_message *msg, const unsigned char *s,
                          const apig__place *at);


/* True when s[0..len) is plain (core/plain.h) for set cs (NULL: any
 * character but U+0000): then its characters are its bytes and its
 * charset is right, without decoding. False sends the text to
 * apig__check_string, which says what is wrong, if anything (for a field of
 * no set, a control character that is not U+0000 is valid and only takes
 * that longer way). */
APIG__HOT bool is_plain(const apig_charset *cs, const char *s, size_t len)
{
    return apig__plain_in_set(NULL, s, len, cs ? cs->byte_class : apig__any_bytes, false, false);
}

/* The context's format, after every other rule has passed. */
APIG__HOT apig_error_kind context_kind(const apig_field *rules, const char *text, size_t len,
                                 const apig_context *ctx)
{
    apig_format extra = apig__context_format(rules, ctx);
    return extra != APIG_FORMAT_NONE && !apig__format_ok(extra, text, len) ? APIG_ERROR_FORMAT
                                                                            : APIG_ERROR_NONE;
}

/* The kind the text of a string value fails rules `rules` with, in the
 * order apig__check_string gives them, then the context's format. */
APIG__HOT apig_error_kind text_kind(const apig_field *rules, const char *text, size_t len,
                              const apig_context *ctx)
{
    apig_error_kind kind;
    if (is_plain(rules->charset, text, len)) {
        kind = apig__check_counted(rules, text, len, len); /* its characters are its bytes */
    } else {
        size_t chars;
        kind = apig__check_string(rules, text, len, &chars);
    }
    if (kind == APIG_ERROR_NONE && rules->condition_count)
        kind = context_kind(rules, text, len, ctx);
    return kind;
}

/* The kind string value p (inline or a view, per `rules`) fails the string
 * rules `rules` with (APIG_ERROR_NONE: none). */
APIG__HOT apig_error_kind text_verdict(const apig_field *rules, const void *p, const apig_context *ctx)
{
    const char *text;
    size_t len;
    /* Nothing after an inline string's NUL is read (memchr finds it): those
     * bytes need not be initialised, and tools that check that (valgrind's
     * memcheck) stay quiet. */
    if (!apig__text_of(rules, p, &text, &len)) /* no NUL in the array, or no text */
        return rules->storage == APIG_STORAGE_VIEW ? APIG_ERROR_TYPE : APIG_ERROR_TOO_LONG;
    return text_kind(rules, text, len, ctx);
}

/* The string value p against the string rules `rules` (field f's own, or
 * its items'); errors are f's, at `at`. Returns true when the list is
 * full. */
APIG__HOT bool check_text(vstate *v, const apig_field *f, const apig_field *rules, const void *p,
                    const apig__place *at)
{
    apig_error_kind kind = text_verdict(rules, p, v->ctx);
    return kind != APIG_ERROR_NONE && add(v, at, f, kind);
}

/* An array field f of struct s, whose key is the last segment of `at`. */
static bool check_array(vstate *v, const apig_field *f, const unsigned char *s,
                        const apig__place *at)
{
    const unsigned char *items = apig__value_cptr(f, s);
    uint32_t count = apig__count(f, s);
    if (count < apig__min_items(f) && add(v, at, f, APIG_ERROR_MIN_ITEMS))
        return true;
    uint32_t n = count < apig__max_items(f) ? count : apig__max_items(f);
    for (uint32_t i = 0; i < n; i++) {
        apig__place item = {at, NULL, i};
        const unsigned char *it = items + (size_t)i * f->item_size;
        if (f->item ? check_text(v, f, f->item, it, &item)
                    : check_message(v, f->message, it, &item))
            return true;
    }
    if (count > apig__max_items(f)) {
        apig__place item = {at, NULL, apig__max_items(f)};
        return add(v, &item, f, APIG_ERROR_CAPACITY);
    }
    return false;
}

/* The present fields of message msg in struct s, in output order, then the
 * required ones that are absent, in field order. Returns true when the
 * list is full. */
static bool check_message(vstate *v, const apig_message *msg, const unsigned char *s,
                          const apig__place *at)
{
    const apig_field *const fields = msg->fields;
    const uint8_t *const order = msg->encode_order;
    const uint32_t count = msg->field_count;
    bool missing = false; /* a required field is absent */
    for (uint32_t k = 0; k < count; k++) {
        const apig_field *f = &fields[order ? order[k] : k];
        if (!apig__has(f, s)) {
            missing = missing || apig__field_required(f, v->ctx);
            continue;
        }
        const void *p = apig__value_cptr(f, s);
        if (f->type == APIG_TYPE_STRING) { /* the usual field, before the switch */
            apig_error_kind kind = text_verdict(f, p, v->ctx);
            if (kind != APIG_ERROR_NONE) {
                apig__place key = {at, f, 0};
                if (add(v, &key, f, kind))
                    return true;
            }
            continue;
        }
        apig__place key = {at, f, 0};
        bool full = false;
        switch (f->type) {
        case APIG_TYPE_BOOL:
            /* Bytes that are neither true nor false are no JSON boolean. */
            full = apig__bool_value(p) < 0 && add(v, &key, f, APIG_ERROR_TYPE);
            break;
        case APIG_TYPE_INT32:
            full = apig__check_integer(f, *(const int32_t *)p) != APIG_ERROR_NONE &&
                   add(v, &key, f, APIG_ERROR_RANGE);
            break;
        case APIG_TYPE_INT64:
            full = apig__check_integer(f, *(const int64_t *)p) != APIG_ERROR_NONE &&
                   add(v, &key, f, APIG_ERROR_RANGE);
            break;
        case APIG_TYPE_OBJECT:
            full = check_message(v, f->message, p, &key);
            break;
        case APIG_TYPE_ARRAY:
            full = check_array(v, f, s, &key);
            break;
        default:
            break;
        }
        if (full)
            return true;
    }
    for (uint32_t k = 0; missing && k < count; k++) {
        const apig_field *f = &fields[k];
        if (apig__has(f, s) || !apig__field_required(f, v->ctx))
            continue;
        apig__place key = {at, f, 0};
        if (add(v, &key, f, APIG_ERROR_REQUIRED))
            return true;
    }
    return false;
}

size_t apig_validate(const apig_decoder *d, const apig_message *msg, const void *in)
{
    if (!d)
        return 1;
    if (!msg || !in)
        return apig__misuse(d->errors, d->error_cap);
    msg = apig__rules_of(msg, d->options);
    vstate v;
    apig__errors list = apig__errors_of(d);
    v.catalog = msg->catalog;
    v.ctx = &d->context;
    v.errors = &list;
    check_message(&v, msg, in, NULL);
    return list.count;
}
