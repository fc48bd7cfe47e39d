/* SPDX-License-Identifier: MIT */
/*
 * The service's error body, and catalog errors built by hand (a server
 * answering 404 for a channel it does not have).
 */
#include <string.h>

#include "encode.h"

/*
 * The message as a JSON string, written as apig__error_word hands it over
 * in pieces, escaped exactly as apig__json_string escapes the whole text:
 * bytes gather in `window` and are escaped up to a character boundary of
 * the whole message, so that a UTF-8 sequence split between two pieces is
 * judged whole (at most 3 bytes wait for the next piece).
 */
#define WINDOW 16

typedef struct json_text {
    apig__out *o;
    unsigned style;
    size_t n;            /* bytes in window */
    char window[WINDOW];
} json_text;

/* Escapes the window up to its last boundary that leaves at least 4 bytes
 * behind (a sequence is at most 4: the ones before it were decoded as the
 * whole message decodes them), or all of it at the end. */
static void json_text_flush(json_text *j, bool end)
{
    const unsigned char *u = (const unsigned char *)j->window;
    size_t i = 0;
    while (!end && j->n - i >= 4) {
        size_t used = 1;
        if (u[i] >= 0x80)
            (void)apig__utf8_decode(u + i, j->n - i, &used);
        i += used;
    }
    if (end)
        i = j->n;
    /* the worst escape: 6 bytes for each byte (\u00XX, \uFFFD), quotes */
    char escaped[6 * WINDOW + 2];
    apig__out e = {escaped, sizeof escaped, 0};
    apig__json_string(&e, j->window, i, j->style);
    apig__out_bytes(j->o, escaped + 1, e.len - 2); /* without its quotes */
    for (size_t k = i; k < j->n; k++) /* at most 3 bytes wait (no memmove linked) */
        j->window[k - i] = j->window[k];
    j->n -= i;
}

static void json_text_put(void *ctx, const char *s, size_t n)
{
    json_text *j = ctx;
    while (n > 0) {
        size_t take = WINDOW - j->n < n ? WINDOW - j->n : n;
        memcpy(j->window + j->n, s, take);
        j->n += take;
        s += take;
        n -= take;
        if (j->n == WINDOW)
            json_text_flush(j, false);
    }
}

/* The error body's keys come from the schema, through the error's catalog
 * (x-errors: body:), like every other key the encoder writes. The message
 * is worded now, from the error's parts. */
size_t apig_error_encode(const apig_error *error, unsigned style,
                         char *buf, size_t cap)
{
    if (!error || !error->code || !error->catalog || !error->catalog->error_body ||
        !apig__error_word(error, NULL, NULL))
        return APIG_ENCODE_INVALID; /* no error to write: refused, untouched */
    const apig_catalog *catalog = error->catalog;
    const apig_field *code_key = &catalog->error_body->fields[catalog->error_code_field];
    const apig_field *message_key = &catalog->error_body->fields[catalog->error_message_field];

    apig__out o = {buf, buf ? cap : 0, 0};
    apig__out_char(&o, '{');
    apig__json_key(&o, 0, 1, code_key->name, code_key->name_len, style);
    apig__json_string(&o, error->code, strlen(error->code), style);
    apig__json_key(&o, 1, 1, message_key->name, message_key->name_len, style);
    json_text j = {&o, style, 0, {0}};
    apig__out_char(&o, '"');
    apig__error_word(error, json_text_put, &j);
    json_text_flush(&j, true);
    apig__out_char(&o, '"');
    apig__json_object_end(&o, 2, 1, style);
    return apig__out_finish(&o);
}

/*
 * Decisions:
 *   - kind: the first error kind (in apig_error_kind order) the catalog maps
 *     to this entry (the range entry -> RANGE, the invalid-value entry ->
 *     TYPE). An entry no rule of the library reports (the service's own
 *     errors: no permission, no such channel, system error) gets
 *     APIG_ERROR_NONE; code, status and message are set all the same, and
 *     detail is the catalog message.
 *   - particulars: a param-decorated entry without `param`, an id-decorated
 *     entry without `id` (NULL or "": an empty name names nothing), and a
 *     detail-decorated entry (there is no detail to give here) carry the
 *     catalog message alone, never an empty ",parameterName:" suffix, and
 *     out->param is then "". `param`/`id` are ignored for entries that do
 *     not take them.
 *   - path "" and offset 0: the error is not about a place in a body.
 */
int apig_catalog_error(const apig_catalog *catalog, const char *code,
                       size_t code_len, const char *param, const char *id,
                       apig_error *out)
{
    if (!catalog || !code || !out)
        return -1;

    uint32_t index = catalog->entry_count;
    for (uint32_t i = 0; i < catalog->entry_count && i <= UINT8_MAX; i++) {
        const char *c = catalog->entries[i].code;
        if (strlen(c) == code_len && memcmp(c, code, code_len) == 0) {
            index = i;
            break;
        }
    }
    if (index == catalog->entry_count)
        return -1;

    apig_error_kind kind = APIG_ERROR_NONE;
    for (int k = APIG_ERROR_NONE + 1; k < APIG_ERROR_KIND_COUNT; k++) {
        if (catalog->kind_entry[k] == index) {
            kind = (apig_error_kind)k;
            break;
        }
    }

    /* The message takes the entry's decoration when its particular was
     * given: never an empty ",parameterName:" or ",id:" suffix, and no
     * detail (there is none to give here). */
    if (param && !*param)
        param = NULL;
    if (id && !*id)
        id = NULL;
    unsigned decoration = catalog->entries[index].decoration;
    if ((decoration == APIG_DECORATE_PARAM && !param) ||
        (decoration == APIG_DECORATE_ID && !id) || decoration == APIG_DECORATE_DETAIL)
        decoration = APIG_DECORATE_NONE;

    const char *detail = kind != APIG_ERROR_NONE ? NULL
                                                 : catalog->entries[index].message;
    apig__error_fill_entry(out, catalog, index, kind, decoration, param,
                           param ? strlen(param) : 0, id, detail);
    return 0;
}
