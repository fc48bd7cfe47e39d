/*
 * apig/error.h - what went wrong, where, and how the service words it.
 *
 * Every rule the runtime checks belongs to one error kind. The kinds are
 * listed once, below, as an X-macro: it yields the enum, the schema keyword
 * that maps a kind to an APIG catalog entry (schemas/, "x-errors: rules:"),
 * and a short human description. Which APIG code, HTTP status and message a
 * kind produces is decided by the schema, never by runtime code.
 *
 * Thread safety: everything here is plain data or a pure function.
 */
#ifndef APIG_ERROR_H
#define APIG_ERROR_H

#include <stddef.h>
#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(ENUM_SUFFIX, schema keyword, description) */
#define APIG_ERROR_KINDS(X)                                                   \
    X(SYNTAX, "syntax", "body is not well-formed JSON")                      \
    X(NOT_OBJECT, "not_object", "body is not a JSON object")                 \
    X(REQUIRED, "required", "required value is missing")                     \
    X(MIN_ITEMS, "min_items", "array has too few items")                     \
    X(TYPE, "type", "value has the wrong JSON type")                         \
    X(NOT_INTEGER, "integer", "number is not an integer literal")            \
    X(RANGE, "range", "integer is outside the allowed range")                \
    X(TOO_SHORT, "min_length", "string is shorter than allowed")             \
    X(TOO_LONG, "max_length", "string is longer than allowed")               \
    X(CHARSET, "charset", "string has a character outside its set")          \
    X(FORMAT, "format", "string does not have the required format")          \
    X(ENUM, "enum", "value is not one of the allowed values")                \
    X(DUPLICATE, "duplicate", "key appears twice in one object")             \
    X(UNKNOWN_FIELD, "unknown", "field is not part of the schema")           \
    X(CAPACITY, "capacity", "array has more items than the capacity")        \
    X(TOKEN_MISSING, "token_missing", "authentication token is missing")     \
    X(TOKEN_INVALID, "token_invalid", "authentication token is malformed")   \
    X(ROUTE, "route", "method or path does not match the operation")         \
    X(ENCODING, "encoding", "query value is not valid form encoding or UTF-8")

typedef enum apig_error_kind {
    APIG_ERROR_NONE = 0,
#define APIG_X_ENUM(name, keyword, text) APIG_ERROR_##name,
    APIG_ERROR_KINDS(APIG_X_ENUM)
#undef APIG_X_ENUM
    APIG_ERROR_KIND_COUNT
} apig_error_kind;

/*
 * One error. It owns its text: `param`, `path` and `message` are complete
 * C strings inside the struct (they stay valid after the body is freed,
 * and a copy of the struct is a whole error). `code` and `detail` point to
 * static storage (the generated tables or the JSON layer's message list)
 * and stay valid for the life of the program.
 *
 * Text taken from the body (an unknown key in `param`, `path` and
 * `message`) is the decoded text, with U+0000 written as the six ASCII
 * characters \u0000 (a C string cannot hold it). Text longer than its
 * array is cut between two UTF-8 characters and ends in "...", so every
 * field is valid UTF-8 and a cut shows; `message` keeps the catalog text
 * and its fixed decoration whole and cuts the parameter, id or detail
 * instead (only an APIG_CFG_MESSAGE_BYTES too small for the fixed text
 * cuts its end).
 */
struct apig_catalog;

typedef struct apig_error {
    const struct apig_catalog *catalog; /* where code and message come from
                                           (static); apig_error_encode reads
                                           the error body's keys there */
    apig_error_kind kind;   /* the rule that failed; APIG_ERROR_NONE for an
                               error no rule produces (a catalog error built
                               by apig_catalog_error, e.g. "no such channel") */
    int status;             /* HTTP status, e.g. 400 */
    const char *code;       /* APIG code ("APIG.NNNN"); NULL: no error */
    const char *detail;     /* what exactly failed, for logs; never NULL if kind != NONE */
    size_t offset;          /* byte offset in the input the error points at */
    char param[APIG_CFG_PARAM_BYTES];     /* the parameterName exactly as `message`
                                             shows it, e.g. "weight"; "" when the
                                             message names none (or names an
                                             unknown key "") */
    char path[APIG_CFG_PATH_BYTES];       /* e.g. "members[2].weight"; "" for the body */
    char message[APIG_CFG_MESSAGE_BYTES]; /* the error_msg exactly as the service words it */
} apig_error;

/* The schema keyword of a kind ("range"), or NULL for an unknown value. */
const char *apig_error_kind_keyword(apig_error_kind kind);

/* The human description of a kind, or NULL for an unknown value. */
const char *apig_error_kind_text(apig_error_kind kind);

/*
 * Turns a byte offset into a 1-based line and column (columns count bytes).
 * Offsets past `len` are clamped. `text` NULL is an empty text, whatever
 * `len` says (line 1, column 1).
 * `line` and `column` may each be NULL when not wanted.
 */
void apig_offset_to_line_column(const char *text, size_t len, size_t offset,
                                size_t *line, size_t *column);

#ifdef __cplusplus
}
#endif

#endif /* APIG_ERROR_H */
