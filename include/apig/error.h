/* SPDX-License-Identifier: MIT */
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
#include <stdint.h>
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
 * One error. Recording one stores only what its message needs; the message
 * itself (error_msg) is written when asked for, by apig_error_message or
 * apig_error_encode, from the parts below, so recording costs no
 * formatting and an error stays small.
 *
 * It owns its text: `param` and `path` are complete C strings inside the
 * struct (they stay valid after the body is freed, and a copy of the
 * struct is a whole error, message included). `catalog`, `code` and
 * `detail` point to static storage (the generated tables or the JSON
 * layer's message list) and stay valid for the life of the program.
 *
 * Text taken from the body (an unknown key in `param`, `path`) is the
 * decoded text, with U+0000 written as the six ASCII characters \u0000 (a
 * C string cannot hold it). Text longer than its array is cut between two
 * UTF-8 characters and ends in "...", so every text is valid UTF-8 and a
 * cut shows; the message shows the text as stored (cut or not) and is
 * otherwise always whole.
 *
 * Layout: on x86-64 (LP64) this is 280 bytes with the default
 * APIG_CFG_PARAM_BYTES (128) and APIG_CFG_PATH_BYTES (96); 260 on a 32-bit
 * target (ILP32, e.g. Cortex-M4).
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
    uint32_t line;          /* a syntax error the decoder places (a body
                               that is malformed and not blank, or over the
                               token budget): the 1-based line of `offset`,
                               taken when the error was recorded (the
                               message says " at line L, column C"); 0 for
                               every other error */
    uint32_t column;        /* and its 1-based column, counted in bytes; 0
                               when `line` is 0 */
    /* How the message is worded (set by the library; read by
     * apig_error_message): */
    uint8_t entry;          /* catalog->entries[entry] is the entry of `code` */
    uint8_t decoration;     /* the apig_decoration the message takes: the
                               entry's, or APIG_DECORATE_NONE when the
                               entry's particulars were missing (an id entry
                               without an id) or its format is absent */
    char param[APIG_CFG_PARAM_BYTES]; /* the parameterName exactly as the
                                         message shows it, e.g. "weight"; ""
                                         when the message names none (or
                                         names an unknown key ""). For a
                                         message that shows a resource id
                                         (apig_catalog_error), the id follows
                                         this string's NUL in the same array
                                         (both cut to fit together) */
    char path[APIG_CFG_PATH_BYTES];   /* e.g. "members[2].weight"; "" for the body */
} apig_error;

/*
 * Writes the error_msg of `e` exactly as the service words it: the catalog
 * message of its code, decorated by the catalog's format with the
 * parameterName (`param`), the resource id, or the detail and its position
 * (" at line L, column C"). Computed from the error alone: the body the
 * error came from need not exist any more.
 *
 * Same buffer contract as snprintf (and apig_encode): returns the length of
 * the whole message without its NUL; the message is complete iff the
 * result < cap, and then it is NUL-terminated; never writes at or past
 * buf[cap] (a result >= cap leaves a prefix, without NUL, in the first cap
 * bytes). buf NULL with cap 0 measures (buf NULL is taken as cap 0 whatever
 * cap says). How long a message can be depends on the catalog: its longest
 * text and format, plus the parameter or id (under APIG_CFG_PARAM_BYTES) or
 * the detail and position; with the bundled catalog, at most 108 bytes
 * plus APIG_CFG_PARAM_BYTES - 1 (235 by default), so a buffer of
 * APIG_CFG_PARAM_BYTES + 128 always holds it.
 *
 * e NULL, or an error that holds none (code or catalog NULL, as a misused
 * call leaves errors[0]; or a code its catalog does not have): the message
 * is "" (result 0).
 * Reads `e` only; reentrant.
 */
APIG_API size_t apig_error_message(const apig_error *e, char *buf, size_t cap);

/* The schema keyword of a kind ("range"), or NULL for an unknown value. */
APIG_API const char *apig_error_kind_keyword(apig_error_kind kind);

/* The human description of a kind, or NULL for an unknown value. */
APIG_API const char *apig_error_kind_text(apig_error_kind kind);

/*
 * Turns a byte offset into a 1-based line and column (columns count bytes).
 * Offsets past `len` are clamped. `text` NULL is an empty text, whatever
 * `len` says (line 1, column 1).
 * `line` and `column` may each be NULL when not wanted.
 */
APIG_API void apig_offset_to_line_column(const char *text, size_t len, size_t offset,
                                         size_t *line, size_t *column);

#ifdef __cplusplus
}
#endif

#endif /* APIG_ERROR_H */
