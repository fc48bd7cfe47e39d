/* SPDX-License-Identifier: MIT */
/*
 * apig__query_decode: a query string (application/x-www-form-urlencoded)
 * into the struct of the operation's query parameters.
 *
 * Decisions (shared/spec/member-family.md; tests/test_query.c pins each):
 * - '&' separates pairs; empty pairs are skipped. The first '=' splits a
 *   pair into name and value; without '=' the value is empty. '+' is a
 *   space and %XY a byte (hex digits of either case), in names and values.
 * - A name is decoded before it is looked up. A name that is not a field's
 *   is ignored, or with APIG_OPT_REJECT_UNKNOWN is the "unknown" error at
 *   the name, named by its decoded text (or, when it does not decode, by
 *   the text as written, any byte that is not UTF-8 shown as %XX).
 * - A known name given twice is the "duplicate" error at the second name,
 *   even when a value is empty; its value is not looked at.
 * - An empty value is absent. A value with a malformed escape (%G1, a '%'
 *   without two hex digits after it) or whose bytes are not UTF-8 is the
 *   "encoding" error, before any rule of the field.
 * - Strings: the field's rules on the decoded text, judged as the body's
 *   strings are (apig__string_verdict): the character set first (U+0000
 *   is in none), then the length in characters, then formats.
 * - Integers: exactly -?[0-9]+ (leading zeros allowed, "-0" is 0); anything
 *   else is the "integer" error. The field's normalisation rules apply at
 *   any magnitude (a value beyond int64 is below or above every limit); a
 *   value that still does not fit the field's width afterwards is the
 *   "integer" error; then minimum/maximum give "range".
 * - After the last pair: absent fields with a default hold it, with
 *   has_<name> true; required ones without are "required" at the end of the
 *   query.
 * - Offsets: where the value starts (the name, for "duplicate" and
 *   "unknown"), plus `base`. param and path: the parameter's name.
 *
 * Decoding reads the text once per value, a character at a time, straight
 * into the field's array: no copy of the query is made, and nothing but a
 * name buffer for error text lives on the stack.
 */
#include "decode.h"

/* Fields whose repetition a bit set tracks; a later field looks back over
 * the pairs before it. */
#define SEEN_BITS 64

/* An unknown name as an error shows it: more than param or path keep, so
 * that their cut (and its "...") shows, as decode.c's key buffer does. */
#define NAME_BYTES ((APIG_CFG_PARAM_BYTES > APIG_CFG_PATH_BYTES ? APIG_CFG_PARAM_BYTES \
                                                                : APIG_CFG_PATH_BYTES) + 16)

/* ---- form decoding ----------------------------------------------------------- */

int apig__form_byte(apig__form *f)
{
    if (f->i >= f->len)
        return APIG__FORM_END;
    unsigned char c = (unsigned char)f->s[f->i];
    if (c == '+' && f->plus_is_space) {
        f->i++;
        return ' ';
    }
    if (c != '%') {
        f->i++;
        return c;
    }
    if (f->len - f->i < 3)
        return APIG__FORM_BAD;
    int hi = apig__hex_value((unsigned char)f->s[f->i + 1]);
    int lo = apig__hex_value((unsigned char)f->s[f->i + 2]);
    if (hi < 0 || lo < 0)
        return APIG__FORM_BAD;
    f->i += 3;
    return hi * 16 + lo;
}

#define CHAR_END 0xFFFFFFFEu
#define CHAR_BAD APIG__UTF8_BAD /* a malformed escape, or not UTF-8 */

/* The next decoded character: its code point (its bytes in ch[0..*n)),
 * CHAR_END or CHAR_BAD. */
static uint32_t form_char(apig__form *f, unsigned char ch[4], size_t *n)
{
    int b = apig__form_byte(f);
    if (b == APIG__FORM_END)
        return CHAR_END;
    if (b == APIG__FORM_BAD)
        return CHAR_BAD;
    /* The sequence's length from its lead byte; apig__utf8_decode judges
     * the whole sequence. */
    size_t need = (size_t)apig__utf8_lead_length((unsigned char)b);
    if (need == 0)
        return CHAR_BAD;
    ch[0] = (unsigned char)b;
    for (size_t k = 1; k < need; k++) {
        b = apig__form_byte(f);
        if (b < 0)
            return CHAR_BAD;
        ch[k] = (unsigned char)b;
    }
    size_t used;
    uint32_t cp = apig__utf8_decode(ch, need, &used);
    *n = need;
    return cp == APIG__UTF8_BAD || used != need ? CHAR_BAD : cp;
}

/* Whether raw[0..len) decodes to exactly name[0..name_len). */
static bool form_equals(const char *raw, size_t len, const char *name, size_t name_len)
{
    apig__form f = {raw, len, 0, true};
    size_t k = 0;
    int b;
    while ((b = apig__form_byte(&f)) >= 0) {
        if (k >= name_len || (unsigned char)name[k] != (unsigned)b)
            return false;
        k++;
    }
    return b == APIG__FORM_END && k == name_len;
}

/* ---- pairs and names ------------------------------------------------------------ */

typedef struct pair {
    size_t name;      /* offset of the name in the query */
    size_t name_len;
    size_t value;     /* offset of the value (just after '='; the pair's end
                         without one) */
    size_t value_len;
} pair;

/* The next non-empty pair at or after *at; false at the end. */
static bool next_pair(const char *q, size_t len, size_t *at, pair *p)
{
    while (*at < len && q[*at] == '&')
        (*at)++;
    if (*at >= len)
        return false;
    size_t start = *at, end = start, eq = len;
    while (end < len && q[end] != '&') {
        if (eq == len && q[end] == '=')
            eq = end;
        end++;
    }
    *at = end;
    p->name = start;
    if (eq < end) {
        p->name_len = eq - start;
        p->value = eq + 1;
        p->value_len = end - eq - 1;
    } else {
        p->name_len = end - start;
        p->value = end;
        p->value_len = 0;
    }
    return true;
}

/* The index of the field raw[0..len) names once decoded, or -1. */
static int find_field(const apig_message *msg, const char *raw, size_t len)
{
    if (!memchr(raw, '%', len) && !memchr(raw, '+', len))
        return msg->lookup(raw, len); /* as written is as decoded */
    for (uint32_t i = 0; i < msg->field_count; i++)
        if (form_equals(raw, len, msg->fields[i].name, msg->fields[i].name_len))
            return (int)i;
    return -1;
}

/* Whether a pair of q[0..upto) names field `idx` (for fields past the bit
 * set). */
static bool named_before(const apig_message *msg, const char *q, size_t upto, int idx)
{
    size_t at = 0;
    pair p;
    while (next_pair(q, upto, &at, &p))
        if (find_field(msg, q + p.name, p.name_len) == idx)
            return true;
    return false;
}

/* Puts s[0..n) into buf[*w..cap) if it fits whole; false once it does not. */
static bool put(char *buf, size_t cap, size_t *w, const void *s, size_t n)
{
    if (cap - *w < n)
        return false;
    memcpy(buf + *w, s, n);
    *w += n;
    return true;
}

/* The text an "unknown" error names raw[0..len) by, in buf (its longest
 * whole-character prefix that fits): the decoded name, or when it does not
 * decode, the name as written with every byte that is not UTF-8 as %XX.
 * Returns its length. */
static size_t unknown_name(const char *raw, size_t len, char *buf, size_t cap)
{
    apig__form f = {raw, len, 0, true};
    size_t w = 0, n = 0;
    unsigned char ch[4];
    uint32_t cp;
    while ((cp = form_char(&f, ch, &n)) != CHAR_END && cp != CHAR_BAD)
        ;
    if (cp == CHAR_END) {
        f.i = 0;
        while (form_char(&f, ch, &n) != CHAR_END && put(buf, cap, &w, ch, n))
            ;
        return w;
    }
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)raw;
    w = 0;
    for (size_t i = 0; i < len; i += n) {
        n = 1;
        if (u[i] >= 0x80 && apig__utf8_decode(u + i, len - i, &n) == APIG__UTF8_BAD) {
            char esc[3] = {'%', hex[u[i] >> 4], hex[u[i] & 15]};
            if (!put(buf, cap, &w, esc, sizeof esc))
                break;
            continue;
        }
        if (!put(buf, cap, &w, raw + i, n))
            break;
    }
    return w;
}

/* ---- values ---------------------------------------------------------------------- */

/* A string value: decoded into the field's array and judged. */
static apig_error_kind string_value(const apig_field *f, const char *raw, size_t len,
                                    const apig_context *ctx, void *out)
{
    char *text = apig__value_ptr(f, out);
    size_t room = apig__inline_size(f) ? apig__inline_size(f) - 1 : 0; /* content bytes held */
    apig__scan r = {0, 0, false, false, APIG_JSON_OK, 0};
    apig__form fm = {raw, len, 0, true};
    unsigned char ch[4];
    size_t n = 0;
    uint32_t cp;
    while ((cp = form_char(&fm, ch, &n)) != CHAR_END) {
        if (cp == CHAR_BAD)
            return APIG_ERROR_ENCODING;
        if (!apig__charset_has(f->charset, cp))
            r.bad_char = true;
        r.chars++;
        /* Stored while whole characters fit: then the longest prefix. */
        if (!r.overflow && !put(text, room, &r.bytes, ch, n))
            r.overflow = true;
    }
    if (apig__inline_size(f))
        text[r.bytes] = '\0';
    else
        r.overflow = true; /* no array at all: nothing fits */
    return apig__string_verdict(f, ctx, &r, text);
}

/* An integer that may lie beyond int64: `beyond` -1 below INT64_MIN, +1
 * above INT64_MAX, 0 when `value` holds it. */
typedef struct wide {
    int beyond;
    int64_t value;
} wide;

/* Whether rule `n` applies to `v`. */
static bool normalize_applies(const apig_normalize *n, wide v)
{
    if (n->when == APIG_NORMALIZE_BELOW)
        return v.beyond < 0 || (v.beyond == 0 && v.value < n->limit);
    if (n->when == APIG_NORMALIZE_ABOVE)
        return v.beyond > 0 || (v.beyond == 0 && v.value > n->limit);
    return false;
}

/* An integer value: -?[0-9]+, normalised, within the field's width, then
 * its range. Sets *value when it passes. */
static apig_error_kind integer_value(const apig_field *f, const char *raw, size_t len,
                                     int64_t *value)
{
    apig__form fm = {raw, len, 0, true};
    unsigned char ch[4];
    size_t n = 0, k = 0, digits = 0;
    bool negative = false, literal = true, huge = false;
    uint64_t magnitude = 0;
    uint32_t cp;
    for (; (cp = form_char(&fm, ch, &n)) != CHAR_END; k++) {
        if (cp == CHAR_BAD)
            return APIG_ERROR_ENCODING; /* even after a non-digit: encoding first */
        if (k == 0 && cp == '-') {
            negative = true;
        } else if (cp >= '0' && cp <= '9') {
            /* apig__parse_integer's steps, on decoded characters */
            digits++;
            if (!huge && !apig__decimal_digit(&magnitude, cp - '0'))
                huge = true;
        } else {
            literal = false;
        }
    }
    if (!literal || digits == 0)
        return APIG_ERROR_NOT_INTEGER;

    wide v = {0, 0};
    if (huge || apig__decimal_int64(negative, magnitude, &v.value) != APIG_ERROR_NONE)
        v.beyond = negative ? -1 : 1;
    for (uint32_t i = 0; i < f->normalize_count; i++)
        if (normalize_applies(&f->normalize[i], v)) {
            v.beyond = 0;
            v.value = f->normalize[i].to;
            break;
        }
    if (v.beyond != 0 ||
        (f->type == APIG_TYPE_INT32 && (v.value < INT32_MIN || v.value > INT32_MAX)))
        return APIG_ERROR_NOT_INTEGER; /* does not fit the field's format */
    apig_error_kind kind = apig__check_integer(f, v.value);
    if (kind == APIG_ERROR_NONE)
        *value = v.value;
    return kind;
}

static void set_integer(const apig_field *f, void *out, int64_t v)
{
    if (f->type == APIG_TYPE_INT32)
        *(int32_t *)apig__value_ptr(f, out) = (int32_t)v;
    else
        *(int64_t *)apig__value_ptr(f, out) = v;
    *apig__has_ptr(f, out) = true;
}

/* The value raw[0..len) (not empty) of field f. */
static apig_error_kind value(const apig_field *f, const char *raw, size_t len,
                            const apig_context *ctx, void *out)
{
    switch (f->type) {
    case APIG_TYPE_STRING: {
        apig_error_kind kind = string_value(f, raw, len, ctx, out);
        if (kind == APIG_ERROR_NONE)
            *apig__has_ptr(f, out) = true;
        return kind;
    }
    case APIG_TYPE_INT32:
    case APIG_TYPE_INT64: {
        int64_t v = 0;
        apig_error_kind kind = integer_value(f, raw, len, &v);
        if (kind == APIG_ERROR_NONE)
            set_integer(f, out, v);
        return kind;
    }
    default:
        return APIG_ERROR_TYPE; /* a query holds no arrays or objects */
    }
}

/* An absent field's default, when it has one that fits its array. */
static void apply_default(const apig_field *f, void *out)
{
    if (f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64) {
        set_integer(f, out, f->default_integer);
    } else if (f->type == APIG_TYPE_STRING && f->default_string) {
        size_t n = strlen(f->default_string);
        if (n >= apig__inline_size(f))
            return; /* a broken hand-written table: stays absent */
        memcpy(apig__value_ptr(f, out), f->default_string, n + 1);
        *apig__has_ptr(f, out) = true;
    }
}

/* ---- the query ------------------------------------------------------------------- */

/* Records an error at offset `at` of the query, named name[0..name_len)
 * (field's name when `f` is not NULL). Returns true when the list is full. */
static bool add(apig__errors *e, const apig_message *msg, const apig_field *f,
                apig_error_kind kind, const char *name, size_t name_len, size_t at)
{
    if (f) {
        name = f->name;
        name_len = f->name_len;
    }
    return apig__errors_add_place(e, msg->catalog, f, kind, f ? NULL : name, f ? 0 : name_len,
                                  NULL, name, name_len, -1, at, NULL);
}

bool apig__query_decode(const apig_decoder *d, const apig_message *msg, const char *q,
                        size_t len, size_t base, void *out, apig__errors *e)
{
    const size_t base_count = e->count;
    const apig_context *ctx = &d->context;
    const bool reject_unknown = (d->options & APIG_OPT_REJECT_UNKNOWN) != 0;
    apig__init_message(msg, out);

    uint64_t seen = 0;
    bool stop = false;
    size_t at = 0;
    pair p;
    while (!stop && next_pair(q, len, &at, &p)) {
        const char *name = q + p.name;
        int idx = find_field(msg, name, p.name_len);
        if (idx < 0) {
            if (reject_unknown) {
                char text[NAME_BYTES];
                size_t n = unknown_name(name, p.name_len, text, sizeof text);
                stop = add(e, msg, NULL, APIG_ERROR_UNKNOWN_FIELD, text, n, base + p.name);
            }
            continue;
        }
        const apig_field *f = &msg->fields[idx];
        bool repeated = idx < SEEN_BITS ? (seen >> idx) & 1u : named_before(msg, q, p.name, idx);
        if (repeated) {
            stop = add(e, msg, f, APIG_ERROR_DUPLICATE, NULL, 0, base + p.name);
            continue;
        }
        if (idx < SEEN_BITS)
            seen |= (uint64_t)1 << idx;
        if (p.value_len == 0)
            continue; /* empty: absent */
        apig_error_kind kind = value(f, q + p.value, p.value_len, ctx, out);
        if (kind != APIG_ERROR_NONE)
            stop = add(e, msg, f, kind, NULL, 0, base + p.value);
    }

    for (uint32_t k = 0; k < msg->field_count && !stop; k++) {
        const apig_field *f = &msg->fields[k];
        if (apig__has(f, out))
            continue;
        if (f->has_default)
            apply_default(f, out);
        if (!apig__has(f, out) && apig__field_required(f, ctx))
            stop = add(e, msg, f, APIG_ERROR_REQUIRED, NULL, 0, base + len);
    }
    /* A rejected query must not pass for a decoded one. */
    if (e->count > base_count)
        apig__init_message(msg, out);
    return apig__errors_full(e);
}
