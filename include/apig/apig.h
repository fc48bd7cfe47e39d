/* SPDX-License-Identifier: MIT */
/*
 * apig/apig.h - decode, validate and encode the messages of an API operation.
 *
 * The generic functions below take a descriptor (`const apig_message *` or
 * `const apig_operation *`) from a schema's generated tables (apig-gen;
 * e.g. build/gen/vpc_members.h for the bundled member family) and a pointer
 * to the matching generated struct. The generated header also declares
 * typed wrappers; prefer those.
 *
 * Memory: apig never allocates. The caller owns the input, the decoder and
 * its arrays, the output struct and the output buffer; apig keeps no
 * pointer to any of them after a call returns.
 *
 * Thread safety: every function is reentrant. Distinct calls may run
 * concurrently as long as they share neither a decoder nor output memory.
 */
#ifndef APIG_APIG_H
#define APIG_APIG_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "crypto.h"
#include "error.h"
#include "json.h"
#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version ------------------------------------------------------------ */

/* The version of apig these headers belong to: MAJOR.MINOR.PATCH, the one
 * place it is written (the Makefile reads these three lines). MAJOR rises
 * whenever the API or the ABI breaks, generated tables included
 * (APIG_TABLE_FORMAT), and names the shared library: libapig.so.MAJOR. */
#define APIG_VERSION_MAJOR 1
#define APIG_VERSION_MINOR 0
#define APIG_VERSION_PATCH 0
/* The same as a string literal: "1.0.0". */
#define APIG_VERSION_STRING \
    APIG__VERSION_TEXT(APIG_VERSION_MAJOR, APIG_VERSION_MINOR, APIG_VERSION_PATCH)
#define APIG__VERSION_TEXT(a, b, c) APIG__VERSION_STR(a) "." APIG__VERSION_STR(b) "." APIG__VERSION_STR(c)
#define APIG__VERSION_STR(x) #x

/* The version of the library the program runs with: APIG_VERSION_STRING as
 * libapig was compiled, e.g. to check that a shared libapig is the one the
 * program was built for. A static string, never NULL; reentrant. */
APIG_API const char *apig_version(void);

/* ---- context: what the caller knows about the resource --------------- */

#define APIG_CONTEXT_KEYS_MAX 8
#define APIG_CONTEXT_UNSET INT64_MIN /* so that an integer key can hold -1 */

typedef struct apig_context {
    /* Per context key of the schema (apig_schema.context_keys, e.g. the
     * channel's member_type): APIG_CONTEXT_UNSET, the value index of an
     * enumerated key, or the integer of an integer key. */
    int64_t values[APIG_CONTEXT_KEYS_MAX];
} apig_context;

/* Sets every key unset. `ctx` must not be NULL. */
APIG_API void apig_context_init(apig_context *ctx);

/*
 * Sets context key `key` (e.g. "member_type") of `schema` to `value` (e.g.
 * "ecs", an alias of "instance"). Both are (pointer, length). Returns 0 on
 * success, -1 if the schema has no such key (or ctx or schema is NULL),
 * -2 if the value is not one the key takes. On failure `ctx` is unchanged.
 */
APIG_API int apig_context_set(apig_context *ctx, const apig_schema *schema,
                              const char *key, size_t key_len,
                              const char *value, size_t value_len);

/* ---- the decoder: scratch memory and settings, configured once -------- */

/* Reject fields (and query parameters) the schema does not know, with the
 * "unknown" error, instead of ignoring them. */
#define APIG_OPT_REJECT_UNKNOWN 0x1u

/*
 * Judge a body by the rules the service writes by, where its schema gives
 * them (x-as-service, apig_message.as_service), instead of the rules a
 * caller's input must meet: what a client reading the service's answers,
 * or a gateway relaying them, wants (e.g. an ecs_id that holds an address,
 * or an empty string for an unset field). Without it (strict), the caller's
 * rules apply: a server checking the answers it writes itself.
 * - In apig_decoder.options: apig_decode, apig_decode_in_place,
 *   apig_validate and the body of apig_request_decode.
 * - In apig_encode's `style` (the same bit): the rules it judges by as it
 *   writes.
 * What a mode decodes, the same mode encodes, and decoding that output gives
 * the same struct. A message without such rules is judged alike in both.
 */
#define APIG_AS_SERVICE 0x100u

/*
 * What every decode call needs besides its input and output: the caller's
 * token array and error array, options and context. Set it up once with
 * apig_decoder_init, adjust `options` and `context` as needed (plain
 * members), and pass it to each call.
 *
 * Ownership: the caller owns the decoder and the arrays it points to, which
 * must outlive every call that uses them. Calls never change the decoder
 * itself (they take it const); they write into its arrays.
 * Thread safety: a call uses the token and error arrays as scratch, so one
 * decoder serves one call at a time: give each thread its own (they may
 * share everything else, e.g. the generated tables).
 *
 * tokens/token_cap: the token budget (the schema's <PREFIX>_MAX_TOKENS limit
 *   fits every body of full capacity). A body over the budget is still read
 *   to its end for well-formedness (malformed: the syntax error); a
 *   well-formed one is judged on the tokens that fit: an error among them
 *   (such as more items than the capacity) is the answer, since everything
 *   after them comes later in the body; without one, the answer is the
 *   syntax error "too many tokens" at the first token that had no room (and
 *   it follows those errors when the list has room: the rules did not see
 *   the rest). NULL or 0: every non-empty body is over the budget.
 * errors/error_cap: errors are stored in order of position; a call stops
 *   once error_cap errors are stored (0, with errors NULL, stops at the
 *   first error and stores nothing). errors[0] is the error the service
 *   responds with.
 */
typedef struct apig_decoder {
    apig_token *tokens;
    size_t token_cap;
    apig_error *errors;
    size_t error_cap;
    unsigned options;     /* APIG_OPT_*, APIG_AS_SERVICE; 0 by default */
    apig_context context; /* all unset by default */
    /* Where view strings (apig_string, schema storage `view`) that hold
     * escapes are unescaped; strings without escapes point into the body
     * and need none. Unescaped text is never longer than its escaped form,
     * so an arena of the body's length always suffices; one that runs out
     * is the error "string arena is full" (the catalog's `syntax` entry),
     * never a cut value. NULL/0 (the default): no arena, fine for
     * inline storage and for apig_decode_in_place. The arena, like the
     * body, must outlive the struct that views it; each call reuses it
     * from its start. */
    char *arena;
    size_t arena_cap;
    /* Requests signed with SDK-HMAC-SHA256 (apig_request_decode):
     * `credentials` NULL (the default): the signature's form is checked and
     * the request is passed on, unverified; the embedder verifies it
     * elsewhere. Set: the signature is verified with the secret
     * `credentials` finds, hashed by `crypto` (which must then be set too),
     * and X-Sdk-Date must be within 15 minutes of `now`, the caller's
     * current time in seconds since 1970-01-01T00:00:00Z (apig has no
     * clock). See apig/crypto.h. */
    const apig_credentials *credentials;
    const apig_crypto *crypto;
    int64_t now;
} apig_decoder;

/* Sets up `d` (not NULL) with the given arrays (see apig_decoder), no
 * options, every context key unset, no arena and no credentials. */
APIG_API void apig_decoder_init(apig_decoder *d, apig_token *tokens, size_t token_cap,
                                apig_error *errors, size_t error_cap);

/* ---- decode + validate ---------------------------------------------- */

/*
 * Decodes and validates a JSON body as message `msg` into `out` (a struct
 * of msg->struct_size bytes), with the decoder's tokens, errors, options
 * and context. Every presence flag, count, integer and boolean of `out` is
 * set, and every string is NUL-terminated; bytes after a string's NUL and
 * array items past their count are not touched (zero the struct first if
 * stale bytes from an earlier request must not stay in memory: clearing
 * ~260 KB per call would cost more than decoding a small body). When the
 * body is rejected, `out` is left "absent": every presence flag and
 * boolean false, every count and integer 0, every top-level string ""
 * (what was decoded before the error may remain in bytes past those, never
 * counted or flagged), so it cannot pass for a decoded message.
 *
 * body: NULL with len 0 is an empty body (the syntax error).
 * d, msg or out NULL, or body NULL with a non-zero len: a programming
 *   error: nothing is decoded, d->errors[0] (if any) is cleared (code NULL,
 *   kind APIG_ERROR_NONE, detail saying so) and the result is 1.
 * Returns the number of errors found (0: `out` holds a valid message).
 */
APIG_API size_t apig_decode(const apig_decoder *d, const apig_message *msg,
                            const char *body, size_t len, void *out);

/*
 * apig_decode for a body the caller lets apig rewrite: view strings with
 * escapes are unescaped inside the body itself (each within its own
 * quotes), so no arena is needed. Every string of the body is checked
 * before any is rewritten; on any error the bytes of the strings decoded
 * so far may have changed (the errors' texts and positions are those of
 * the original body). For inline strings it is apig_decode. The body must
 * outlive the struct. Arguments and result as for apig_decode.
 */
APIG_API size_t apig_decode_in_place(const apig_decoder *d, const apig_message *msg,
                                     char *body, size_t len, void *out);

/*
 * Validates a struct already in memory against every rule of `msg`, the
 * rules apig_decode applies, with the decoder's errors, options and
 * context (its tokens are not used). Presence flags must hold true or
 * false (a struct from apig_decode, or one the caller zeroed and filled,
 * does); a present boolean field whose bytes are neither is the type
 * error. Same error conventions as apig_decode; offsets are 0.
 */
APIG_API size_t apig_validate(const apig_decoder *d, const apig_message *msg, const void *in);

/* ---- the whole request ------------------------------------------------ */

typedef struct apig_header {
    const char *name;   /* matched case-insensitively */
    size_t name_len;
    const char *value;
    size_t value_len;
} apig_header;

typedef struct apig_http_request {
    const char *method;          /* e.g. "POST" */
    size_t method_len;
    const char *path;            /* the request target: "/v2/p/apigw/...?limit=5" */
    size_t path_len;
    const apig_header *headers;  /* may be NULL when header_count is 0 */
    size_t header_count;
    const char *body;            /* may be NULL when body_len is 0 */
    size_t body_len;
} apig_http_request;

/*
 * Checks a whole request against operation `op` in the service's order:
 * the token header (401), then method and path against the operation's
 * route with its path parameters, then the query string (the part of
 * request->path after '?'; ignored by an operation without query
 * parameters), then the body (refused when non-empty for an operation
 * without one). The decoded parts go into `out`, the operation's generated
 * <prefix>_<operation>_request struct (op->parts_size bytes): `path`,
 * `query` (defaults applied) and `body` as the operation has them.
 *
 * d, op, request and out must not be NULL, and no pointer of `request` may
 * be NULL with a non-zero length (or count); otherwise the call is handled
 * as apig_decode handles a NULL msg. When the request is rejected, at any
 * step, every part of `out` is left "absent" as apig_decode leaves a
 * rejected body. Errors and the result are as for apig_decode.
 */
APIG_API size_t apig_request_decode(const apig_decoder *d, const apig_operation *op,
                                    const apig_http_request *request, void *out);

/* ---- routing: which operation a request is for -------------------------- */

/* HTTP methods as bits: apig_route.allowed, apig_methods_text. */
#define APIG_METHOD_GET     0x01u
#define APIG_METHOD_POST    0x02u
#define APIG_METHOD_PUT     0x04u
#define APIG_METHOD_PATCH   0x08u
#define APIG_METHOD_DELETE  0x10u
#define APIG_METHOD_HEAD    0x20u
#define APIG_METHOD_OPTIONS 0x40u

typedef enum apig_route_status {
    APIG_ROUTE_FOUND = 0, /* an operation has this path and this method */
    APIG_ROUTE_NO_PATH,   /* no operation has this path: not a request for
                             these operations (typically 404, answered by
                             the embedder; not an APIG error) */
    APIG_ROUTE_NO_METHOD  /* operations have this path, none this method
                             (typically 405, with an Allow header written
                             by apig_methods_text from `allowed`) */
} apig_route_status;

typedef struct apig_route {
    const apig_operation *operation; /* FOUND: the operation; otherwise NULL */
    unsigned allowed;                /* APIG_METHOD_* bits of every operation
                                        whose path matches (FOUND and
                                        NO_METHOD); 0 for NO_PATH */
} apig_route;

/*
 * Finds which of the operations ops[0..op_count) a request is for, from its
 * method and path (each (pointer, length)); the result is also in *out.
 * - The path is the request target ("/v2/p1/apigw/...?limit=10"); the query
 *   string (from the first '?') and a fragment ('#') take no part. It
 *   matches an operation's path_template segment for segment: a literal
 *   segment must be the same bytes (case-sensitive, no percent-decoding), a
 *   "{param}" segment takes any non-empty segment (the parameter's own rules
 *   are apig_request_decode's to check, not routing's). A trailing '/', an
 *   empty segment ("//"), or a missing or extra segment does not match.
 * - The method must be the operation's exactly (case-sensitive: "get" is not
 *   GET). A method that is not one of the APIG_METHOD_* seven ("BREW")
 *   matches no operation: NO_METHOD when the path matches.
 * - When several operations have both the path and the method, the first in
 *   `ops` wins; `allowed` still counts every operation whose path matches.
 * ops NULL with op_count 0 means no operations (NO_PATH). NULL entries are
 * skipped, and so are operations with a NULL method or path_template or a
 * method that is not one of the seven (a hand-written table).
 * Misuse - out NULL, ops NULL with a non-zero op_count, or method or path
 * NULL with a non-zero length - is answered NO_PATH, with *out (when out is
 * not NULL) cleared (operation NULL, allowed 0).
 * Never allocates; reads its arguments only. out->operation is one of the
 * caller's ops[i] (normally a generated table, static and const).
 */
APIG_API apig_route_status apig_route_find(const apig_operation *const *ops, size_t op_count,
                                           const char *method, size_t method_len,
                                           const char *path, size_t path_len, apig_route *out);

/*
 * Writes the methods of `allowed` (APIG_METHOD_* bits) as HTTP's Allow header
 * value: their names in the order of the bits above, separated by ", "
 * ("GET, POST"). Bits that name no method are ignored; 0 gives "". Same
 * buffer contract as apig_encode: returns the length of the whole text
 * without its NUL; the text is complete iff the result < cap, and then it
 * is NUL-terminated; never writes at or past buf[cap] (a result >= cap
 * leaves a prefix, without NUL, in the first cap bytes). buf NULL with cap 0
 * measures (buf NULL is taken as cap 0 whatever cap says).
 */
APIG_API size_t apig_methods_text(unsigned allowed, char *buf, size_t cap);

/* ---- encode ------------------------------------------------------------ */

#define APIG_STYLE_COMPACT 0x0u
#define APIG_STYLE_PRETTY 0x1u  /* as the document prints: 2 spaces, " : " */
#define APIG_STYLE_ASCII 0x2u   /* escape non-ASCII as \uXXXX (surrogate pairs) */
/* APIG_AS_SERVICE (above) in a style: judge by the rules the service
 * writes by, e.g. to relay what the service sent. */

/* apig_encode's result for a struct that fails validation. */
#define APIG_ENCODE_INVALID ((size_t)-1)

/*
 * Writes message `msg` from struct `in` as JSON into buf[0..cap).
 * Returns the length of the complete output without its NUL, like
 * snprintf: the output is complete iff the result < cap, and then it is
 * NUL-terminated. Never writes at or past buf[cap]; when the result >= cap
 * the first cap bytes hold a prefix (no NUL). buf NULL with cap 0 measures
 * (buf NULL is taken as cap 0 whatever cap says).
 *
 * The struct is judged as it is written, in one walk, by the rules
 * apig_decode applies, without a context (context rules, such as a
 * required host, are the reader's to apply) and with the style's
 * APIG_AS_SERVICE as its options. An invalid struct is refused: the result
 * is APIG_ENCODE_INVALID, never a length, and *error (if not NULL) holds
 * the first error apig_validate reports for it (the same code, parameter
 * name and path). Since the walk writes as it goes, a refusal leaves the
 * buffer holding no output: when cap > 0, buf[0] is '\0' (an empty string,
 * length 0) and the bytes of buf[1..cap) are unspecified (they may hold a
 * prefix of what was written before the fault was found); nothing is ever
 * written at or past buf[cap]. msg or in NULL also gives
 * APIG_ENCODE_INVALID, with *error cleared (code NULL) and the buffer as
 * for a refusal.
 */
APIG_API size_t apig_encode(const apig_message *msg, const void *in, unsigned style,
                            char *buf, size_t cap, apig_error *error);

/*
 * Writes the service's error body {"error_code", "error_msg"} for `error`
 * (which must not be NULL and must hold an error), with the same buffer
 * contract as apig_encode. The message is worded now, from the error's
 * parts (as apig_error_message words it), and escaped as one JSON string.
 * The body needs no more than the error: the input it came from may be
 * gone. An error without a code, catalog or error body is refused:
 * APIG_ENCODE_INVALID, nothing written.
 */
APIG_API size_t apig_error_encode(const apig_error *error, unsigned style,
                                  char *buf, size_t cap);

/*
 * Fills `out` with catalog error `code` ("APIG.NNNN", `code_len` bytes) of
 * `catalog`, decorated with `param` or `id` when the entry takes them (each
 * a C string; NULL or "" for none). Both are copied into `out` (cut as
 * error.h says when too long; the id is kept in out->param's array, after
 * the parameter's NUL): they need not outlive the call. The message is
 * worded when read (apig_error_message, apig_error_encode).
 * out->param is `param` as the message shows it when the entry takes a
 * parameter, else "". Returns 0, or -1 if the catalog has no such code
 * (then `out` is untouched).
 */
APIG_API int apig_catalog_error(const apig_catalog *catalog, const char *code,
                                size_t code_len, const char *param, const char *id,
                                apig_error *out);

#ifdef __cplusplus
}
#endif

#endif /* APIG_APIG_H */
