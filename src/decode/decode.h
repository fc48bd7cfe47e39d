/*
 * decode.h - internals shared by the decoder, the validator and the whole
 * request: the fused text scanner, integer literals, struct initialisation
 * and the body walk the request entry point reuses.
 *
 * Not installed; names start with apig__ (library-internal).
 */
#ifndef APIG_DECODE_H
#define APIG_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

/*
 * What one pass over a string's bytes found. The scanner unescapes (JSON
 * mode), checks UTF-8, counts characters, checks every character against the
 * character set and stores the decoded text, all in one pass.
 */
typedef struct apig__scan {
    size_t bytes;            /* decoded bytes stored in `out` (NUL excluded) */
    size_t chars;            /* Unicode characters in the whole string */
    bool overflow;           /* the decoded text did not fit `out` */
    bool bad_char;           /* a character outside the set (U+0000 included) */
    apig_json_status syntax; /* APIG_JSON_OK, or why the raw text is not JSON */
    size_t syntax_at;        /* where, relative to the raw text */
} apig__scan;

/*
 * Scans raw[0..len). `json` true: the contents of a JSON string token
 * (escapes decoded, control characters refused); false: plain text (a
 * header value or a path segment: bytes taken as UTF-8, no escapes).
 * `cs` NULL accepts every character but U+0000 (ASCII is tested with the
 * set's generated bitmap, the rest by range search). Stores the decoded text in
 * out[0..out_cap) NUL-terminated (out_cap >= 1); text that does not fit
 * sets `overflow` and is counted but not stored (`out` then holds the
 * longest whole-character prefix that fits, `bytes` long). `out` NULL: check and
 * count only. Scanning stops at the first
 * syntax error (the other results are then meaningless).
 */
void apig__scan_text(const char *raw, size_t len, bool json,
                     const apig_charset *cs, char *out, size_t out_cap,
                     apig__scan *r);

/*
 * Parses a JSON number token (already known to be RFC 8259 grammar) as an
 * integer. Returns APIG_ERROR_NONE with *value set, APIG_ERROR_NOT_INTEGER
 * for a fraction or exponent, APIG_ERROR_RANGE for a magnitude beyond
 * int64_t. "-0" is 0.
 */
apig_error_kind apig__parse_integer(const char *s, size_t len, int64_t *value);

/* Sets every presence flag, count, integer, bool and string of a message
 * struct to "absent" (false, 0, 0, false, ""), embedded messages included;
 * does not touch array items beyond their count (there are none: counts
 * are 0). */
void apig__init_message(const apig_message *msg, void *s);

/*
 * The kind a string field's decoded value fails with, after the scan: the
 * character set (anywhere in the string) first, then the length (a value
 * that overflowed its array is too long), then the always-on format, then
 * the enum, then the format the context adds. APIG_ERROR_NONE if it passes.
 */
apig_error_kind apig__string_verdict(const apig_field *f,
                                     const apig_context *ctx,
                                     const apig__scan *r, const char *text);

/*
 * Decodes one JSON body into `out`, appending to `errors` (whose count may
 * already hold earlier errors of the same request: a syntax error replaces
 * only the errors this call added). Returns true when the list is full.
 */
bool apig__decode_body(const apig_message *msg, const char *body, size_t len,
                       apig_token *tokens, size_t token_cap,
                       const apig_context *ctx, void *out,
                       apig__errors *errors);

#endif /* APIG_DECODE_H */
