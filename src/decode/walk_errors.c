/* SPDX-License-Identifier: MIT */
/*
 * walk_errors.c - how the walk records an error (each builds no path until
 * one is recorded: apig__errors_add_place walks the places), and how a body
 * that is not JSON is refused. Called out of line: the errors are the rare
 * way, and their frames stay off the loop's.
 */
#include "walk.h"

/* A rule of field f failed at its value in `fr`. */
void apig__walk_rule_error(walk *w, const apig__place *fr, const apig_field *f,
                           apig_error_kind kind, size_t offset)
{
    /* decode.c's record(), called here: one frame less on the deepest path */
    if (apig__errors_add_place(w->errors, w->catalog, f, kind, NULL, 0, fr, f->name, f->name_len,
                               -1, offset, NULL))
        w->stop = true;
}

/* A rule of array field f failed at item `index` of `fr`, the array. */
void apig__walk_item_error(walk *w, const apig__place *fr, const apig_field *f, uint32_t index,
                           apig_error_kind kind, size_t offset)
{
    /* decode.c's record(), called here: one frame less on the deepest path */
    if (apig__errors_add_place(w->errors, w->catalog, f, kind, NULL, 0, fr, NULL, 0, (long)index,
                               offset, NULL))
        w->stop = true;
}

static bool only_whitespace(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* The body is not JSON: apig_json_parse's verdict (status at offset)
 * replaces the errors
 * this body produced so far (an empty or blank body has no position worth
 * giving). */
void apig__decode_syntax_error(apig__errors *errors, size_t base_count,
                               const apig_catalog *catalog, const char *body, size_t len,
                               apig_json_status status, size_t offset)
{
    errors->count = base_count;
    apig__errors_add_body(errors, catalog, APIG_ERROR_SYNTAX, body, len, offset,
                          apig_json_status_text(status),
                          status != APIG_JSON_EMPTY && status != APIG_JSON_TOO_LARGE &&
                              !only_whitespace(body, len));
}
