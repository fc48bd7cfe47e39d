/* SPDX-License-Identifier: MIT */
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
 * count only. `out` may lie inside raw at or before raw's start (decoding
 * in place: the decoded text is never longer than the raw text). Scanning stops at the first
 * syntax error (the other results are then meaningless).
 */
void apig__scan_text(const char *raw, size_t len, bool json,
                     const apig_charset *cs, char *out, size_t out_cap,
                     apig__scan *r);

/*
 * The usual JSON string, at the cost of a copy: when raw[0..len) holds only
 * bytes whose class in `cls` (a charset's byte_class, or apig__any_bytes)
 * has APIG_BYTE_JSON_PLAIN (printable ASCII of the set, no backslash),
 * copies it to out, NUL-terminated, and returns true: its characters and
 * decoded bytes are both len. Otherwise returns false, with out[0..len]
 * overwritten, and apig__scan_text has the answer. out has room for len + 1
 * bytes; it may be raw itself, never elsewhere inside it.
 */
static inline bool apig__scan_plain(const char *raw, size_t len, const uint8_t *cls, char *out)
{
    const unsigned char *s = (const unsigned char *)raw;
    unsigned all = APIG_BYTE_JSON_PLAIN;
    size_t i = 0;
    /* Eight bytes a step, copied before they are judged (no branch in the
     * loop); the last step may go back over bytes already done. */
    if (len >= 8) {
        for (;; i += 8) {
            if (i > len - 8)
                i = len - 8;
            uint64_t x;
            memcpy(&x, s + i, 8);
            memcpy(out + i, &x, 8);
            all &= (unsigned)(cls[s[i]] & cls[s[i + 1]] & cls[s[i + 2]] & cls[s[i + 3]] &
                              cls[s[i + 4]] & cls[s[i + 5]] & cls[s[i + 6]] & cls[s[i + 7]]);
            if (i + 8 >= len || !all)
                break;
        }
    } else {
        for (; i < len; i++) {
            out[i] = (char)s[i];
            all &= cls[s[i]];
        }
    }
    out[len] = '\0';
    return all != 0;
}

/* Sets every presence flag, count, integer, bool and string of a message
 * struct to "absent" (false, 0, 0, false, ""), embedded messages included;
 * does not touch array items beyond their count (there are none: counts
 * are 0). */
void apig__init_message(const apig_message *msg, void *s);
/* The same for one field of the struct s: absent, and its value cleared. */
void apig__init_field(const apig_field *f, void *s);

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
 * only the errors this call added), by msg's rules or, when d->options has
 * APIG_AS_SERVICE, by msg->as_service's (apig__rules_of). Returns true when
 * the list is full.
 */
bool apig__decode_body(const apig_decoder *d, const apig_message *msg, const char *body,
                       size_t len, void *out, apig__errors *errors);

/* ---- paths against route templates (route.c) ------------------------------ */

/* A "{name}" segment of a route template and the request segment it took. */
typedef struct apig__capture {
    const char *name;  /* the parameter's name inside the template (no braces) */
    size_t name_len;
    size_t start;      /* its value is path[start .. start + len) */
    size_t len;
} apig__capture;

/* The bytes of path[0..len) that routing looks at: those before the first
 * '?' (the query string) or '#' (a fragment). */
size_t apig__route_path_len(const char *path, size_t len);

/*
 * The one path matcher, used by routing and by the request decoder.
 * Matches path[0..len) (already cut by apig__route_path_len) against the
 * NUL-terminated template `tpl` ("/v2/{project_id}/apigw/..."), segment for
 * segment: a literal segment must be the same bytes (no percent-decoding),
 * a "{name}" segment takes any segment (never a '/'); an empty one only
 * when `empty_params` is true (the request decoder reports it as a missing
 * parameter; routing refuses it). The segment counts must be equal: a
 * trailing '/' adds an empty segment, which matches nothing but an empty
 * parameter. Up to `cap` captures are stored in caps[] in path order
 * (caps NULL with cap 0: none), their number in *ncaps (if not NULL).
 * Returns 0 on a match, else 1 + the offset in `path` of the first segment
 * that differs (or where the shorter of the two ends).
 */
size_t apig__match_path(const char *tpl, const char *path, size_t len, bool empty_params,
                        apig__capture *caps, size_t cap, size_t *ncaps);

/* ---- query strings (query.c) ------------------------------------------------ */

/* ---- whole requests (request.c, signature.c) ---- */

/* The header an SDK-HMAC-SHA256 signature comes in: one name for the
 * request's choice of credential and the signature's own checks. */
#define APIG__AUTHORIZATION "Authorization"

/* The first header named name[0..len) (ASCII case-insensitive) and, in
 * *count, how many there are; NULL when none. */
const apig_header *apig__header_find(const apig_http_request *rq, const char *name,
                                     size_t len, size_t *count);
/* Cuts HTTP's optional whitespace (spaces, tabs) from both ends. */
void apig__trim_ows(const char **s, size_t *len);
/* Checks the SDK-HMAC-SHA256 signature of rq, whose Authorization header
 * is `auth` (signature.c says how). Returns true when the error list is
 * full. */
bool apig__check_signature(const apig_decoder *d, const apig_operation *op,
                           const apig_http_request *rq, const apig_header *auth,
                           apig__errors *e);

/* Percent-decoding, one byte at a time (query strings, and the canonical
 * request of a signature): %XY is a byte (hex digits of either case); '+'
 * is a space when plus_is_space (a query's form encoding) and itself
 * otherwise (as SDK-HMAC-SHA256 reads it). */
typedef struct apig__form {
    const char *s;
    size_t len;
    size_t i;
    bool plus_is_space;
} apig__form;

#define APIG__FORM_END (-1) /* no more bytes */
#define APIG__FORM_BAD (-2) /* a malformed escape: '%' without two hex digits */

/* The next decoded byte (0..255), APIG__FORM_END or APIG__FORM_BAD (which
 * does not advance). */
int apig__form_byte(apig__form *f);

/*
 * Decodes the query string q[0..len) (the text after '?', without it; NULL
 * with len 0 is empty) as application/x-www-form-urlencoded into `out`, a
 * struct of msg->struct_size bytes described by `msg` (the operation's
 * query parameters: string, int32 and int64 fields), appending to `e` as
 * apig__decode_body does. `base` is added to every error offset (the
 * query's offset in the request target). The decoder gives the options
 * (APIG_OPT_REJECT_UNKNOWN) and the context. d, msg and out must not be
 * NULL. The rules (shared/spec/member-family.md and query.c): '&' splits
 * pairs, the first '=' a name from its value, '+' is a space, %XY a byte;
 * an empty value is absent; absent fields with a default hold it (has_<name>
 * true); errors are in query order, each with the parameter's name as param
 * and path. When this call adds an error, `out` is left "absent" (every
 * flag false, every integer 0, every string ""), defaults included.
 * Returns true when the error list is full (stop), like the other checkers.
 */
bool apig__query_decode(const apig_decoder *d, const apig_message *msg, const char *q,
                        size_t len, size_t base, void *out, apig__errors *e);

#endif /* APIG_DECODE_H */
