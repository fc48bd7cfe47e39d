/*
 * The service's error body, and catalog errors built by hand (a server
 * answering 404 for a channel it does not have).
 */
#include <string.h>

#include "encode.h"

/* The error body's keys come from the schema, through the error's catalog
 * (x-errors: body:), like every other key the encoder writes. */
size_t apig_error_encode(const apig_error *error, unsigned style,
                         char *buf, size_t cap)
{
    if (!error || !error->code || !error->catalog || !error->catalog->error_body)
        return APIG_ENCODE_INVALID; /* no error to write: refused, untouched */
    const apig_catalog *catalog = error->catalog;
    const apig_field *code_key = &catalog->error_body->fields[catalog->error_code_field];
    const apig_field *message_key = &catalog->error_body->fields[catalog->error_message_field];

    const char *nul = memchr(error->message, '\0', sizeof error->message);
    size_t message_len = nul ? (size_t)(nul - error->message) : sizeof error->message;

    apig__out o = {buf, buf ? cap : 0, 0};
    apig__out_char(&o, '{');
    apig__json_key(&o, 0, 1, code_key->name, code_key->name_len, style);
    apig__json_string(&o, error->code, strlen(error->code), style);
    apig__json_key(&o, 1, 1, message_key->name, message_key->name_len, style);
    apig__json_string(&o, error->message, message_len, style);
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

    /* apig__error_fill finds the entry through the kind; a copy of the
     * catalog (on the stack) makes the kind point at the entry asked for
     * even when no kind maps to it, and drops the formats whose
     * particulars are missing. */
    if (param && !*param)
        param = NULL;
    if (id && !*id)
        id = NULL;
    apig_catalog view = *catalog;
    view.kind_entry[kind] = (uint8_t)index;
    if (!param)
        view.param_format = NULL;
    view.detail_format = NULL;

    const char *detail = kind != APIG_ERROR_NONE ? NULL
                                                 : catalog->entries[index].message;
    apig__error_fill(out, &view, NULL, kind, param, param ? strlen(param) : 0, id, "", 0,
                     detail);
    out->catalog = catalog; /* not the stack copy */
    return 0;
}
