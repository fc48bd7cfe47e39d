/*
 * apig/apig.h - decode, validate and encode the messages of an API operation.
 *
 * The generic functions below take a descriptor (`const apig_message *`)
 * from the generated tables (build/gen/<operation>.h) and a pointer to the
 * matching generated struct. The generated header also declares typed
 * wrappers; prefer those.
 *
 * Memory: apig never allocates. The caller owns the input, the token array,
 * the output struct, the error array and the output buffer; apig keeps no
 * pointer to any of them after a call returns.
 *
 * Thread safety: every function is reentrant. Distinct calls may run
 * concurrently as long as they do not share output memory.
 */
#ifndef APIG_APIG_H
#define APIG_APIG_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "error.h"
#include "json.h"
#include "schema.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- context: what the caller knows about the channel ---------------- */

#define APIG_CONTEXT_KEYS_MAX 8
#define APIG_CONTEXT_UNSET INT64_MIN /* so that an integer key can hold -1 */

/* Reject fields the schema does not know (with the "unknown" error). */
#define APIG_OPT_REJECT_UNKNOWN 0x1u

typedef struct apig_context {
    /* Per context key of the operation: APIG_CONTEXT_UNSET, the value index
     * of an enumerated key, or the integer of an integer key. */
    int64_t values[APIG_CONTEXT_KEYS_MAX];
    unsigned options; /* APIG_OPT_* */
} apig_context;

/* Sets every key unset and no options. `ctx` must not be NULL. */
void apig_context_init(apig_context *ctx);

/*
 * Sets context key `key` (e.g. "member_type") to `value` (e.g. "ecs", an
 * alias of "instance"). Both are (pointer, length). Returns 0 on success,
 * -1 if the operation has no such key, -2 if the value is not one the key
 * takes. On failure `ctx` is unchanged.
 */
int apig_context_set(apig_context *ctx, const apig_operation *op,
                     const char *key, size_t key_len,
                     const char *value, size_t value_len);

/* ---- decode + validate ---------------------------------------------- */

/*
 * Decodes and validates a JSON body as message `msg` into `out` (a struct
 * of msg->struct_size bytes). Every presence flag, count, integer and
 * boolean of `out` is set, and every string is NUL-terminated; bytes after
 * a string's NUL and array items past their count are not touched (zero
 * the struct first if stale bytes from an earlier request must not stay in
 * memory: clearing ~260 KB per call would cost more than decoding a small
 * body). When the body is rejected, `out` is left "absent": every presence
 * flag and boolean false, every count and integer 0, every top-level
 * string "" (what was decoded before the error may remain in bytes past
 * those, never counted or flagged), so it cannot pass for a decoded
 * message.
 *
 * tokens/token_cap: caller's token array; token_cap is the token budget
 *   (APIG_CFG_MAX_TOKENS fits every body of full capacity). A body over
 *   the budget is still read to its end for well-formedness (malformed:
 *   the syntax error); a well-formed one is judged on the tokens that fit:
 *   an error among them (such as more items than the capacity) is the
 *   answer, since everything after them comes later in the body; without
 *   one, the answer is the syntax error "too many tokens" at the first
 *   token that had no room (and it follows those errors when the list has
 *   room: the rules did not see the rest). NULL or 0: every non-empty
 *   body is over the budget.
 * ctx: NULL means no context and default options.
 * errors/error_cap: the errors are stored in order of position in the body;
 *   decoding stops once error_cap errors are stored (error_cap 0, with
 *   errors NULL, stops at the first error and stores nothing).
 *   errors[0] is the error the service responds with.
 * body: NULL with len 0 is an empty body (the syntax error).
 * msg or out NULL, or body NULL with a non-zero len: a programming error:
 *   nothing is decoded, errors[0] (if any) is cleared (code NULL, kind
 *   APIG_ERROR_NONE, detail saying so) and the result is 1.
 * Returns the number of errors found (0: `out` holds a valid message).
 */
size_t apig_decode(const apig_message *msg, const char *body, size_t len,
                   apig_token *tokens, size_t token_cap,
                   const apig_context *ctx, void *out,
                   apig_error *errors, size_t error_cap);

/*
 * Validates a struct already in memory against every rule of `msg`, the
 * rules apig_decode applies. Presence flags must hold true or false (a
 * struct from apig_decode, or one the caller zeroed and filled, does); a
 * present boolean field whose bytes are neither is the type error. Same
 * error conventions (msg or in NULL as for apig_decode's msg/out); offsets
 * are 0.
 */
size_t apig_validate(const apig_message *msg, const void *in,
                     const apig_context *ctx,
                     apig_error *errors, size_t error_cap);

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
    const char *path;            /* e.g. "/v2/p/apigw/..."; a "?query" is ignored */
    size_t path_len;
    const apig_header *headers;  /* may be NULL when header_count is 0 */
    size_t header_count;
    const char *body;
    size_t body_len;
} apig_http_request;

/*
 * Checks a whole request against operation `op` in the service's order: the
 * token header (401), then the route and its path parameters, then the body.
 * `path_out` receives the path parameters (op->path->struct_size bytes) and
 * `body_out` the request body (op->request->struct_size bytes). op,
 * request and body_out (and path_out when the operation has path
 * parameters) must not be NULL, and no pointer of `request` may be NULL
 * with a non-zero length (or count); otherwise the call is handled as
 * apig_decode handles a NULL msg. When the request is rejected, at any
 * step, both outputs are left "absent" as apig_decode leaves a rejected
 * body. Other arguments and the result are as for apig_decode.
 */
size_t apig_request_decode(const apig_operation *op,
                           const apig_http_request *request,
                           apig_token *tokens, size_t token_cap,
                           const apig_context *ctx,
                           void *path_out, void *body_out,
                           apig_error *errors, size_t error_cap);

/* ---- encode ------------------------------------------------------------ */

#define APIG_STYLE_COMPACT 0x0u
#define APIG_STYLE_PRETTY 0x1u  /* as the document prints: 2 spaces, " : " */
#define APIG_STYLE_ASCII 0x2u   /* escape non-ASCII as \uXXXX (surrogate pairs) */

/* apig_encode's result for a struct that fails validation. */
#define APIG_ENCODE_INVALID ((size_t)-1)

/*
 * Writes message `msg` from struct `in` as JSON into buf[0..cap).
 * Returns the length of the complete output without its NUL, like
 * snprintf: the output is complete iff the result < cap, and then it is
 * NUL-terminated. Never writes at or past buf[cap]; when the result >= cap
 * the first cap bytes hold a prefix (no NUL). buf NULL with cap 0 measures.
 * An invalid struct is not written: the result is APIG_ENCODE_INVALID and
 * *error (if not NULL) says why, exactly as apig_decode would without a
 * context (context rules, such as a required host, are the reader's to
 * apply). msg or in NULL also gives APIG_ENCODE_INVALID, with *error
 * cleared (code NULL).
 */
size_t apig_encode(const apig_message *msg, const void *in, unsigned style,
                   char *buf, size_t cap, apig_error *error);

/*
 * Writes the service's error body {"error_code", "error_msg"} for `error`
 * (which must not be NULL and must hold an error), with the same buffer
 * contract as apig_encode.
 */
size_t apig_error_encode(const apig_error *error, unsigned style,
                         char *buf, size_t cap);

/*
 * Fills `out` with catalog error `code` ("APIG.NNNN", `code_len` bytes) of
 * `catalog`, decorated with `param` or `id` when the entry takes them (each
 * a C string; NULL or "" for none). Both are copied into `out` (cut as
 * error.h says when too long): they need not outlive the call.
 * out->param is `param` as the message shows it when the entry takes a
 * parameter, else "". Returns 0, or -1 if the catalog has no such code
 * (then `out` is untouched).
 */
int apig_catalog_error(const apig_catalog *catalog, const char *code,
                       size_t code_len, const char *param, const char *id,
                       apig_error *out);

#ifdef __cplusplus
}
#endif

#endif /* APIG_APIG_H */
