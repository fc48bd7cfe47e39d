/* SPDX-License-Identifier: MIT */
/*
 * core.h - internal pieces every runtime module shares: building errors from
 * the catalog, collecting them, JSON paths, UTF-8, character sets and the
 * field rules (checked the same way by the decoder, the validator and the
 * encoder, so that what apig emits it also accepts).
 *
 * Not installed; names start with apig__ (library-internal).
 */
#ifndef APIG_CORE_H
#define APIG_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <apig/apig.h>

#include "hex.h"  /* apig__hex_value */
#include "utf8.h" /* apig__utf8_well_formed */

/* Keeps a function with a large frame out of its caller's: the caller's
 * later calls (a body's decode after the path's check) then do not stand
 * on that frame. Only stack depth, never behaviour, depends on it. */
#if defined(__GNUC__)
#define APIG__NOINLINE __attribute__((noinline))
#else
#define APIG__NOINLINE
#endif

/* A step of a hot loop (a string's bytes, a struct's fields), inlined into
 * its caller whatever the compiler's size estimate says: a call per step
 * would cost more than the step. */
#if defined(__GNUC__) || defined(__clang__)
#define APIG__HOT static inline __attribute__((always_inline))
#else
#define APIG__HOT static inline
#endif

/* ---- a bounded byte writer (no stdio in the runtime) --------------------- */

/* Writes into buf[0..cap) and keeps counting past the end, like snprintf. */
typedef struct apig__out {
    char *buf;
    size_t cap;
    size_t len; /* bytes the complete output needs so far */
} apig__out;

static inline void apig__out_bytes(apig__out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}
static inline void apig__out_char(apig__out *o, char c)
{
    if (o->len < o->cap)
        o->buf[o->len] = c;
    o->len++;
}
void apig__out_cstr(apig__out *o, const char *s);

/* ---- decimal: the one integer writer ------------------------------------- */

#ifndef APIG_CFG_SMALL_CODE
extern const char apig__two_digits[200]; /* "00" to "99" (out.c) */
#endif

/* Writes r in decimal at d (10 bytes at most) and returns the end: two
 * digits a step, or one under APIG_CFG_SMALL_CODE (no table in flash).
 * Inline so that the encoder writes its usual integers in place;
 * apig__u64_decimal and the bounded writer build on it. */
static inline char *apig__u32_decimal(char *d, uint32_t r)
{
    size_t n = r < 10 ? 1 : r < 100 ? 2 : r < 1000 ? 3 : r < 10000 ? 4 : 5;
    for (uint32_t t = r / 100000; t; t /= 10)
        n++;
    size_t k = n;
#ifndef APIG_CFG_SMALL_CODE
    for (; r >= 100; r /= 100) {
        k -= 2;
        memcpy(d + k, apig__two_digits + 2 * (r % 100), 2);
    }
    if (r >= 10) {
        memcpy(d + k - 2, apig__two_digits + 2 * r, 2);
        return d + n;
    }
#else
    for (; r >= 10; r /= 10)
        d[--k] = (char)('0' + r % 10);
#endif
    d[k - 1] = (char)('0' + r);
    return d + n;
}

/* v in decimal at d (20 bytes at most); returns the end. */
char *apig__u64_decimal(char *d, uint64_t v);
void apig__out_u64(apig__out *o, uint64_t v);
void apig__out_i64(apig__out *o, int64_t v);
/* NUL-terminates when the output fits; returns the full length. */
size_t apig__out_finish(apig__out *o);

/* ---- text cut to fit a fixed buffer -------------------------------------- */

/*
 * Appends text to a fixed buffer (an error's param, id or path): kept
 * whole while it fits; else cut between two characters and ended with
 * "...", so that the cut shows and the text stays valid UTF-8. U+0000
 * (a key can hold it through "\u0000") is written as those six ASCII
 * characters, which a cut never splits: a C string cannot hold U+0000,
 * and the reader must see it. A byte that is not UTF-8 (caller text only;
 * body text is checked) counts as one character.
 */
typedef struct apig__clip {
    size_t limit; /* bytes the buffer takes; its NUL is the caller's */
    size_t len;   /* bytes kept */
    size_t safe;  /* the longest kept prefix that ends between characters
                     and leaves room for "..." */
    bool cut;     /* something did not fit: the buffer ends in "..." (as
                     much of it as `limit` allows) and takes nothing more */
} apig__clip;

static inline apig__clip apig__clip_start(size_t limit)
{
    apig__clip c = {limit, 0, 0, false};
    return c;
}
/* Appends s[0..n) to buf (the buffer `c` describes). */
void apig__clip_text(apig__clip *c, char *buf, const char *s, size_t n);

/* ---- JSON paths ("members[2].weight") ------------------------------------ */

/*
 * Where a walk over a message is: a key (`field`) or an array index, inside
 * the place `up` (NULL: the message itself). The decoder and the validator
 * keep each place on the stack of the call that visits it, so a chain is as
 * deep as the schema, and the JSON path is written from it only when an
 * error is recorded.
 */
typedef struct apig__place {
    const struct apig__place *up;
    const apig_field *field; /* a key; NULL for an index */
    uint32_t index;
} apig__place;

/* The steps of a path, written into an error's own `path` text: append to
 * text, which clip `c` describes, and keep it NUL-terminated. A name is a
 * field name or a decoded key (any text, U+0000 included). */
void apig__path_put_key(char *text, apig__clip *c, const char *name, size_t name_len);
void apig__path_put_index(char *text, apig__clip *c, size_t index);
void apig__path_put_places(char *text, apig__clip *c, const apig__place *at);

/* ---- collecting errors ---------------------------------------------------- */

typedef struct apig__errors {
    apig_error *items; /* may be NULL when cap is 0 */
    size_t cap;
    size_t count;      /* errors found so far */
} apig__errors;

/* The decoder's error array as an empty list. */
static inline apig__errors apig__errors_of(const apig_decoder *d)
{
    apig__errors e = {d->errors, d->errors ? d->error_cap : 0, 0};
    return e;
}

/*
 * Records an error: looks up the catalog entry for `kind` (the field's own
 * mapping when `field` is not NULL, else the catalog's) and stores, if
 * there is room, what its message needs (apig_error: the entry, the
 * decoration, the parameter, the path); the message is written only when
 * asked for (apig__error_word). `param`/`param_len` is the parameterName
 * (NULL: field->name, or none without a field); it is (pointer, length)
 * because a key's name may hold U+0000. `detail` is a static description
 * (NULL: the kind's text). An id entry (no id here) words the catalog
 * message alone.
 * Its path is the place `at` (NULL: the body itself), then the key
 * key[0..key_len) when `key` is not NULL, else item `index` when it is
 * >= 0, written straight into the stored error: no path on the caller's
 * stack, at the walk's deepest point.
 * Returns true when the caller must stop (the list is full).
 */
bool apig__errors_add_place(apig__errors *e, const apig_catalog *catalog,
                            const apig_field *field, apig_error_kind kind,
                            const char *param, size_t param_len, const apig__place *at,
                            const char *key, size_t key_len, long index, size_t offset,
                            const char *detail);

/*
 * Fills one error (no list); what apig_catalog_error builds on. `id`
 * (a C string, may be NULL) decorates id entries (without one, an id entry
 * is its catalog message alone). The parameter is stored when the format
 * shows one, the id when the format shows one and there is an id (after
 * the parameter's NUL in `out->param`): cut to fit together, the parameter
 * first. `out->param` holds exactly the parameterName the message shows
 * ("" when it names none).
 */
void apig__error_fill(apig_error *out, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, size_t param_len, const char *id,
                      const char *path, size_t offset, const char *detail);

/* The same for entry catalog->entries[index], decorated as `decoration`
 * (an apig_decoration; the caller makes it APIG_DECORATE_NONE when the
 * particulars it needs are missing), no path, offset 0: apig_catalog_error. */
void apig__error_fill_entry(apig_error *out, const apig_catalog *catalog, unsigned index,
                            apig_error_kind kind, unsigned decoration, const char *param,
                            size_t param_len, const char *id, const char *detail);

/*
 * Records a body-level error of kind SYNTAX or NOT_OBJECT (no field, no
 * path). When `positioned`, the 1-based line and column of `offset` in
 * body[0..len) are computed now and stored (the message's {detail} is then
 * `detail` followed by " at line L, column C"): the body need not outlive
 * the call. The stored apig_error.detail is `detail` (static; NULL: the
 * kind's text). Returns as apig__errors_add_place.
 */
bool apig__errors_add_body(apig__errors *e, const apig_catalog *catalog,
                           apig_error_kind kind, const char *body, size_t len,
                           size_t offset, const char *detail, bool positioned);
/* The same with the position already known (1-based line and column; line
 * 0: none), for a body that has changed since (decoding in place). */
bool apig__errors_add_at(apig__errors *e, const apig_catalog *catalog, apig_error_kind kind,
                         size_t offset, size_t line, size_t column, const char *detail);

/* Writes the message of `e` (apig_error_message) piece by piece, in order,
 * through put(ctx, bytes, length) (put NULL: writes nothing, only says
 * whether there is a message). False, and nothing written, for an error
 * that holds none (NULL, no code or catalog, a code its catalog lacks). */
typedef void apig__put_fn(void *ctx, const char *s, size_t n);
bool apig__error_word(const apig_error *e, apig__put_fn *put, void *ctx);

/* A call with a NULL descriptor or output, or a NULL pointer with a
 * non-zero length: there is no catalog to word an error with, so errors[0]
 * (if any) is cleared (code NULL, kind NONE; `detail` says what happened)
 * and the call reports one error. */
static inline size_t apig__misuse(apig_error *errors, size_t error_cap)
{
    if (errors && error_cap) {
        memset(&errors[0], 0, sizeof errors[0]);
        errors[0].detail = "invalid arguments: a NULL pointer the call needs";
    }
    return 1;
}

static inline bool apig__errors_full(const apig__errors *e)
{
    return e->count > 0 && e->count >= (e->cap ? e->cap : 1);
}

/* ---- decimal integers ----------------------------------------------------- */

/* One decimal digit d (0..9) more of magnitude *m: false, and *m left as
 * it was, when the result would pass UINT64_MAX (tested without a 64-bit
 * division). The step of every decimal parser (apig__parse_integer, the
 * query's integers over decoded characters). */
static inline bool apig__decimal_digit(uint64_t *m, unsigned d)
{
    if (*m > UINT64_MAX / 10 || (*m == UINT64_MAX / 10 && d > UINT64_MAX % 10))
        return false;
    *m = *m * 10 + d;
    return true;
}

/* A sign and a magnitude as an int64: APIG_ERROR_NONE with *value set,
 * or APIG_ERROR_RANGE when it lies beyond int64 (-2^63 is within). */
static inline apig_error_kind apig__decimal_int64(bool negative, uint64_t magnitude,
                                                  int64_t *value)
{
    if (magnitude > (uint64_t)INT64_MAX + (negative ? 1u : 0u))
        return APIG_ERROR_RANGE;
    if (!negative)
        *value = (int64_t)magnitude;
    else /* -2^63 has no positive counterpart to negate */
        *value = magnitude > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)magnitude;
    return APIG_ERROR_NONE;
}

/*
 * The runtime's decimal integer parser: s[0..len) is exactly -?[0-9]+
 * (leading zeros allowed, "-0" is 0). APIG_ERROR_NONE with *value set;
 * APIG_ERROR_NOT_INTEGER for anything else (a fraction or an exponent of
 * a JSON number, a sign alone, another byte); else APIG_ERROR_RANGE when
 * the magnitude is beyond int64 (on the side s[0] says). Used for the
 * body's integer literals (the decoder's fast forms, small_integer in
 * src/decode/walk.h and small_count in flat.c, take the usual short ones
 * first) and for the context's integer values.
 */
apig_error_kind apig__parse_integer(const char *s, size_t len, int64_t *value);

/* ---- UTF-8 and character sets -------------------------------------------- */

#define APIG__UTF8_BAD 0xFFFFFFFFu

/* Decodes one well-formed UTF-8 sequence at s[0..len) (len >= 1): no
 * overlongs, no surrogates, nothing above U+10FFFF (apig__utf8_well_formed,
 * utf8.h). Sets *used to its byte length; returns the code point, or
 * APIG__UTF8_BAD (then *used is 1). */
uint32_t apig__utf8_decode(const unsigned char *s, size_t len, size_t *used);

/* Encodes cp (<= U+10FFFF, not a surrogate) into out[0..4); returns bytes. */
size_t apig__utf8_encode(uint32_t cp, char out[4]);

/* The ASCII bitmap of a field without a set: every character but U+0000. */
extern const uint64_t apig__any_ascii[2];

/* The byte classes (apig_charset.byte_class) of a field without a set. */
extern const uint8_t apig__any_bytes[256];

/* The ASCII bitmap that applies to a field with set cs (NULL: any). */
static inline const uint64_t *apig__ascii_of(const apig_charset *cs)
{
    return cs ? cs->ascii : apig__any_ascii;
}

/* True if cp is in cs. A NULL set holds every character but U+0000. */
bool apig__charset_has(const apig_charset *cs, uint32_t cp);

/* ---- which rules: strict, or as the service writes -------------------------- */

/* The message whose rules a call applies: msg's variant as the service
 * writes (msg->as_service) when `bits`, a decoder's options or an encoder's
 * style, has APIG_AS_SERVICE and msg has one; else msg. The variant
 * describes the same struct; its nested messages are its fields' own. */
static inline const apig_message *apig__rules_of(const apig_message *msg, unsigned bits)
{
    return (bits & APIG_AS_SERVICE) && msg->as_service ? msg->as_service : msg;
}

/* ---- a field's bounds, by what they count ---------------------------------- */

/* apig_field's min_length and capacity keep the names the table format
 * gives them, each with one meaning for strings and another for arrays
 * (renaming them would change every generated table). Runtime code reads
 * a string's and an array's through these names, which mean one thing
 * each. */
static inline uint32_t apig__min_chars(const apig_field *f) /* strings: characters */
{
    return f->min_length;
}
static inline uint32_t apig__inline_size(const apig_field *f) /* strings: bytes incl. NUL */
{
    return f->capacity; /* 0 for a view, which has no buffer */
}
static inline uint32_t apig__min_items(const apig_field *f) /* arrays */
{
    return f->min_length;
}
static inline uint32_t apig__max_items(const apig_field *f) /* arrays: the items it holds */
{
    return f->capacity;
}

/* ---- field rules, on decoded values --------------------------------------- */

/* Range of an integer field (RANGE, or NONE). `value` is exact; callers turn
 * magnitudes beyond int64 into RANGE themselves. Also applies the width of
 * APIG_TYPE_INT32 when the schema gives no minimum/maximum. (Inline: it
 * runs once per integer on the hot path.) */
static inline apig_error_kind apig__check_integer(const apig_field *f, int64_t value)
{
    /* below the type's or the schema's bound, whichever is higher: below
     * either (and the same above), tested one at a time, the common case
     * (an int32 in range) in three compares */
    if (f->type == APIG_TYPE_INT32 && (value < INT32_MIN || value > INT32_MAX))
        return APIG_ERROR_RANGE;
    if ((f->has_minimum && value < f->minimum) || (f->has_maximum && value > f->maximum))
        return APIG_ERROR_RANGE;
    return APIG_ERROR_NONE;
}

/* Length in characters against the field's minimum and max_length
 * (TOO_SHORT, TOO_LONG or NONE). */
static inline apig_error_kind apig__check_length(const apig_field *f, size_t chars)
{
    if (chars < apig__min_chars(f))
        return APIG_ERROR_TOO_SHORT;
    if (f->max_length && chars > f->max_length)
        return APIG_ERROR_TOO_LONG;
    return APIG_ERROR_NONE;
}

/* Against the field's enum (ENUM or NONE): the value, or with a separator
 * every item of it, empty items included, is one of f->enum_values. No
 * enum: NONE. */
apig_error_kind apig__check_enum(const apig_field *f, const char *s, size_t len);

/* Format checks on decoded text. */
bool apig__is_ip_address(const char *s, size_t len);
bool apig__is_date_time(const char *s, size_t len);
bool apig__format_ok(apig_format format, const char *s, size_t len);

/* The rules after the character set, on text s[0..len) of `chars`
 * characters, in the order every string check gives them: length, the
 * always-on format, the enum. The one tail of apig__check_string, the
 * decoder's verdict, the validator's and the encoder's plain paths. */
static inline apig_error_kind apig__check_counted(const apig_field *f, const char *s,
                                                  size_t len, size_t chars)
{
    apig_error_kind kind = apig__check_length(f, chars);
    if (kind != APIG_ERROR_NONE)
        return kind;
    if (f->format && !apig__format_ok((apig_format)f->format, s, len))
        return APIG_ERROR_FORMAT;
    return f->enum_count ? apig__check_enum(f, s, len) : APIG_ERROR_NONE;
}

/* Checks a decoded, NUL-free UTF-8 string of `len` bytes against charset,
 * length, the always-on format and the enum. Sets *chars to the character
 * count. Order: invalid UTF-8/charset first (CHARSET), then length, then
 * format, then enum (ENUM). */
apig_error_kind apig__check_string(const apig_field *f, const char *s,
                                   size_t len, size_t *chars);

/* The text of string value p (a field's, or an array item's, per `rules`):
 * an inline array up to its NUL, or a view. False when it has none: an
 * inline array without a NUL, or a view with a NULL pointer and a length. */
static inline bool apig__text_of(const apig_field *rules, const void *p, const char **text,
                                 size_t *len)
{
    if (rules->storage == APIG_STORAGE_VIEW) {
        const apig_string *v = (const apig_string *)p;
        *text = v->ptr ? v->ptr : "";
        *len = v->len;
        return v->ptr != NULL || v->len == 0;
    }
    const char *s = (const char *)p;
    const char *nul = (const char *)memchr(s, '\0', apig__inline_size(rules));
    *text = s;
    *len = nul ? (size_t)(nul - s) : apig__inline_size(rules);
    return nul != NULL;
}

static inline bool apig__condition_holds(const apig_condition *c, const apig_context *ctx)
{
    return ctx && c->key < APIG_CONTEXT_KEYS_MAX && ctx->values[c->key] == (int64_t)c->value;
}

/* The format the context adds to field f (APIG_FORMAT_NONE if none). */
static inline apig_format apig__context_format(const apig_field *f, const apig_context *ctx)
{
    for (uint32_t i = 0; i < f->condition_count; i++)
        if (f->conditions[i].action == APIG_WHEN_FORMAT && apig__condition_holds(&f->conditions[i], ctx))
            return (apig_format)f->conditions[i].format;
    return APIG_FORMAT_NONE;
}

/* True if f is required, always or because of the context. */
static inline bool apig__field_required(const apig_field *f, const apig_context *ctx)
{
    if (f->required)
        return true;
    for (uint32_t i = 0; i < f->condition_count; i++)
        if (f->conditions[i].action == APIG_WHEN_REQUIRE && apig__condition_holds(&f->conditions[i], ctx))
            return true;
    return false;
}

/* A bool member's value: 1 (true), 0 (false), or -1 when its bytes are
 * neither (a struct filled by hand, e.g. through memcpy: reading such
 * bytes as a bool is undefined behaviour, so they are compared, not read). */
static inline int apig__bool_value(const void *p)
{
    const bool yes = true, no = false;
    if (memcmp(p, &yes, sizeof yes) == 0)
        return 1;
    return memcmp(p, &no, sizeof no) == 0 ? 0 : -1;
}

/* Field value addresses inside a struct. */
static inline bool *apig__has_ptr(const apig_field *f, void *s)
{
    return (bool *)((unsigned char *)s + f->has_offset);
}
static inline bool apig__has(const apig_field *f, const void *s)
{
    return *(const bool *)((const unsigned char *)s + f->has_offset);
}
static inline void *apig__value_ptr(const apig_field *f, void *s)
{
    return (unsigned char *)s + f->offset;
}
static inline const void *apig__value_cptr(const apig_field *f, const void *s)
{
    return (const unsigned char *)s + f->offset;
}
static inline uint32_t *apig__count_ptr(const apig_field *f, void *s)
{
    return (uint32_t *)((unsigned char *)s + f->count_offset);
}
static inline uint32_t apig__count(const apig_field *f, const void *s)
{
    return *(const uint32_t *)((const unsigned char *)s + f->count_offset);
}

#endif /* APIG_CORE_H */
