/* SPDX-License-Identifier: MIT */
/*
 * apig/schema.h - the descriptor tables the generator writes and the runtime
 * interprets.
 *
 * apig-gen turns a schema file (schemas/<name>.yaml, or a user's own) into
 * <name>.{h,c} and <name>_examples.c: plain C structs for each message, one
 * constant apig_message per struct, one apig_operation per operation and one
 * apig_schema for the file, every name starting with the file's c-prefix.
 * The runtime (decode, rules, encode) knows nothing about any particular
 * operation or field; it reads these tables, and libapig holds none.
 *
 * All tables are `const` and have static storage duration; nothing in them
 * is ever written at run time, so they are safe to share between threads.
 * Embedders normally use the generated per-message functions and never read
 * these structures directly; they are public so that tools can.
 */
#ifndef APIG_SCHEMA_H
#define APIG_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The table format: the layout of the structs below as generated code
 * writes them. It rises (and with it APIG_VERSION_MAJOR) whenever a change
 * would make tables generated before it misread. Generated code carries the
 * format it was generated for, and is refused with another:
 *  - at compile time: the generated .h and .c stop the build with #error
 *    when APIG_TABLE_FORMAT, here, is not theirs (generate them again with
 *    the apig-gen of the apig they are built with);
 *  - at link or load time, for tables compiled elsewhere (a prebuilt
 *    library of tables): their apig_schema points to
 *    apig_table_format_<N> (apig_schema.table_format), which the runtime
 *    defines for the one format it reads, so against another libapig they
 *    do not link ("undefined reference to `apig_table_format_<N>'"), and
 *    against another libapig.so the program is stopped as it loads, before
 *    any table is read ("undefined symbol: apig_table_format_<N>").
 */
#define APIG_TABLE_FORMAT 1

/* The runtime's mark of the table format it reads: its value is
 * APIG_TABLE_FORMAT, and so is the number in its name. Constant. */
APIG_API extern const uint32_t apig_table_format_1;

/*
 * The enumerations below that generated tables use are each listed once, as
 * an X-macro (as apig/error.h lists the error kinds): it yields the enum,
 * and apig-gen writes the enumerators' names from it. X(ENUM_SUFFIX, value)
 * or, where a schema names the value, X(ENUM_SUFFIX, value, schema keyword).
 */

/* A field's type (apig_field.type):
 *   STRING  valid UTF-8: char[capacity], NUL-terminated, or an apig_string
 *           view (apig_field.storage)
 *   INT32   int32_t
 *   INT64   int64_t
 *   OBJECT  an embedded struct described by `message`
 *   ARRAY   uint32_t count + item[capacity]: structs of `message`, or
 *           values `item` describes
 *   BOOL    bool: JSON true or false */
#define APIG_TYPES(X)                                                         \
    X(STRING, 1)                                                              \
    X(INT32, 2)                                                               \
    X(INT64, 3)                                                               \
    X(OBJECT, 4)                                                              \
    X(ARRAY, 5)                                                               \
    X(BOOL, 6)

typedef enum apig_type {
#define APIG_X_TYPE(name, value) APIG_TYPE_##name = value,
    APIG_TYPES(APIG_X_TYPE)
#undef APIG_X_TYPE
} apig_type;

/* A string stored as a view (a field with storage APIG_STORAGE_VIEW): its
 * UTF-8 text, `len` bytes, not NUL-terminated, inside the body it was
 * decoded from (or the decoder's arena, for text that had escapes): the
 * body (and arena) must outlive the struct. Absent: {NULL, 0}. */
typedef struct apig_string {
    const char *ptr;
    size_t len;
} apig_string;

/* How a string field is stored (apig_field.storage; schema: x-storage):
 *   INLINE  char[capacity], NUL-terminated, in the struct
 *   VIEW    apig_string: a view of the body or arena */
#define APIG_STORAGES(X)                                                      \
    X(INLINE, 0, "inline")                                                    \
    X(VIEW, 1, "view")

typedef enum apig_storage {
#define APIG_X_STORAGE(name, value, keyword) APIG_STORAGE_##name = value,
    APIG_STORAGES(APIG_X_STORAGE)
#undef APIG_X_STORAGE
} apig_storage;

/* A string's format (apig_field.format; schema: format):
 *   NONE        none
 *   IP_ADDRESS  an IPv4 or IPv6 address literal
 *   DATE_TIME   an RFC 3339 date-time, at most 35 characters:
 *               YYYY-MM-DDTHH:MM:SS, optionally '.' and 1..9 digits, then Z
 *               or +hh:mm / -hh:mm ('T' and 'Z' in either case); a valid
 *               date (leap years), hh 00..23, mm 00..59, seconds 00..60 (a
 *               leap second); offset hh 00..23, mm 00..59 */
#define APIG_FORMATS(X)                                                       \
    X(NONE, 0, "none")                                                        \
    X(IP_ADDRESS, 1, "ip-address")                                            \
    X(DATE_TIME, 2, "date-time")

typedef enum apig_format {
#define APIG_X_FORMAT(name, value, keyword) APIG_FORMAT_##name = value,
    APIG_FORMATS(APIG_X_FORMAT)
#undef APIG_X_FORMAT
} apig_format;

/* An inclusive range of Unicode code points. */
typedef struct apig_char_range {
    uint32_t first;
    uint32_t last;
} apig_char_range;

/* Byte classes (apig_charset.byte_class): a JSON string, or plain text (a
 * header, a path segment), takes the byte as it is. */
#define APIG_BYTE_JSON_PLAIN 1u
#define APIG_BYTE_TEXT_PLAIN 2u

/* A character set: sorted, non-overlapping ranges. U+0000 is never in a
 * set, because decoded strings are NUL-terminated. `ascii` repeats the set's
 * part below U+0080 as a bitmap (bit c%64 of ascii[c/64]), so that the
 * checks test one bit per ASCII character instead of searching ranges.
 * `byte_class[b]` has APIG_BYTE_JSON_PLAIN if b is ASCII, in the set, not a
 * control character and not a backslash, and APIG_BYTE_TEXT_PLAIN for the
 * same with the backslash allowed: the decoder's fast loop reads one entry
 * per byte. (All zero is slow but still correct: every byte then takes the
 * scanner's general path.) */
typedef struct apig_charset {
    const char *name;
    const apig_char_range *ranges;
    uint32_t range_count;
    uint64_t ascii[2];
    uint8_t byte_class[256];
} apig_charset;

/* How a catalog message is decorated with the error's particulars
 * (apig_catalog_entry.decoration; schema: a catalog entry's decoration):
 *   NONE    the message alone
 *   PARAM   catalog->param_format, {param} = field name
 *   ID      catalog->id_format, {id} = a resource id
 *   DETAIL  catalog->detail_format, {detail} = what/where */
#define APIG_DECORATIONS(X)                                                   \
    X(NONE, 0, "none")                                                        \
    X(PARAM, 1, "param")                                                      \
    X(ID, 2, "id")                                                            \
    X(DETAIL, 3, "detail")

typedef enum apig_decoration {
#define APIG_X_DECORATION(name, value, keyword) APIG_DECORATE_##name = value,
    APIG_DECORATIONS(APIG_X_DECORATION)
#undef APIG_X_DECORATION
} apig_decoration;

typedef struct apig_catalog_entry {
    const char *code;    /* "APIG.NNNN" */
    int status;          /* 400 */
    const char *message; /* "The parameter value is outside the allowable range" */
    apig_decoration decoration;
} apig_catalog_entry;

struct apig_message;

/*
 * The error catalog of one schema file, shared by its operations
 * (apig_schema.catalog, apig_operation.catalog). Formats use the placeholders
 * {message}, {param}, {id} and {detail}; anything else is copied verbatim.
 */
typedef struct apig_catalog {
    const apig_catalog_entry *entries;
    uint32_t entry_count;
    const char *param_format;  /* "{message},parameterName:{param}. Please refer ..." */
    const char *id_format;     /* "{message},id:{id}" */
    const char *detail_format; /* "{message}: Serialization error: {detail}" */
    /* Catalog index per error kind when no field overrides it. */
    uint8_t kind_entry[APIG_ERROR_KIND_COUNT];
    /* The service's error body and which of its fields carry the code and
     * the message (indexes into error_body->fields). */
    const struct apig_message *error_body;
    uint32_t error_code_field;
    uint32_t error_message_field;
} apig_catalog;

/* A context key the caller can set (e.g. the channel's backend instance
 * type). Enumerated keys list their values; aliases map to a value index. */
typedef struct apig_context_key {
    const char *name;                 /* "member_type" */
    const char *const *values;        /* canonical names, e.g. {"ip", "instance"} */
    uint32_t value_count;             /* 0 for an integer key */
    const char *const *alias_names;   /* e.g. {"ecs"} */
    const uint8_t *alias_values;      /* e.g. {1}: "ecs" means "instance" */
    uint32_t alias_count;
} apig_context_key;

/* What a condition does (apig_condition.action):
 *   REQUIRE  the field becomes required
 *   FORMAT   the field must have `format` */
#define APIG_CONDITION_ACTIONS(X)                                             \
    X(REQUIRE, 1)                                                             \
    X(FORMAT, 2)

typedef enum apig_condition_action {
#define APIG_X_CONDITION_ACTION(name, value) APIG_WHEN_##name = value,
    APIG_CONDITION_ACTIONS(APIG_X_CONDITION_ACTION)
#undef APIG_X_CONDITION_ACTION
} apig_condition_action;

/* "When context key `key` has enumerated value `value`, do `action`." */
typedef struct apig_condition {
    uint8_t key;      /* index into apig_schema.context_keys */
    uint8_t value;    /* value index within that key */
    uint8_t action;   /* apig_condition_action */
    uint8_t format;   /* apig_format, for APIG_WHEN_FORMAT */
} apig_condition;

/* When a normalisation rule applies (apig_normalize.when):
 *   BELOW  to a value strictly below `limit`
 *   ABOVE  to a value strictly above `limit` */
#define APIG_NORMALIZE_WHENS(X)                                               \
    X(BELOW, 1)                                                               \
    X(ABOVE, 2)

typedef enum apig_normalize_when {
#define APIG_X_NORMALIZE_WHEN(name, value) APIG_NORMALIZE_##name = value,
    APIG_NORMALIZE_WHENS(APIG_X_NORMALIZE_WHEN)
#undef APIG_X_NORMALIZE_WHEN
} apig_normalize_when;

/* "An integer strictly below (or above) `limit` becomes `to`": what the
 * service does with some values instead of refusing them (a query's
 * `limit` <= 0 becomes 20). It applies at any magnitude, beyond int64 too,
 * and before minimum/maximum are checked; `to` satisfies the field's rules. */
typedef struct apig_normalize {
    int64_t limit;
    int64_t to;
    uint8_t when; /* apig_normalize_when */
} apig_normalize;

typedef struct apig_field {
    const char *name;          /* JSON key, e.g. "weight" */
    uint32_t name_len;
    uint8_t type;              /* apig_type */
    uint8_t required;          /* always required (not conditional) */
    uint8_t format;            /* apig_format, always applied */
    uint8_t has_minimum;       /* integers: minimum/maximum apply */
    uint8_t has_maximum;
    uint32_t offset;           /* value (or array items) within the struct */
    uint32_t has_offset;       /* `bool has_<name>` within the struct */
    uint32_t count_offset;     /* arrays: `uint32_t <name>_count` */
    uint32_t capacity;         /* strings: bytes incl. NUL; arrays: max items */
    uint32_t item_size;        /* arrays: sizeof one item */
    int64_t minimum;           /* integers */
    int64_t maximum;
    uint32_t min_length;       /* strings: characters; arrays: items */
    uint32_t max_length;       /* strings: characters; 0 = no limit */
    const apig_charset *charset;           /* strings; NULL = any character but U+0000 */
    const struct apig_message *message;    /* objects and array items */
    const apig_condition *conditions;
    uint32_t condition_count;
    /* Catalog index per error kind for this field (defaults + overrides). */
    const uint8_t *kind_entry;
    /* Members below were added after the ones above and stay last, so that
     * tables written by position keep their meaning; all zero means none. */
    /* The value an absent field holds after decoding, when has_default is 1:
     * has_<name> is then true, so that the struct says what the service
     * uses. Applied by the query-string decoder; a body's absent fields stay
     * absent. The default satisfies the field's rules. */
    uint8_t has_default;
    int64_t default_integer;           /* integers */
    const char *default_string;        /* strings: NUL-terminated UTF-8 */
    /* Integers: rules applied in order, the first that applies wins, before
     * minimum/maximum (see apig_normalize). NULL with 0: none. Applied by
     * the query-string decoder. */
    const apig_normalize *normalize;
    uint32_t normalize_count;
    /* Strings: the values allowed (schema `enum`), each a NUL-terminated
     * string; NULL (count 0) when any value is. */
    const char *const *enum_values;
    uint32_t enum_count;
    /* Strings with enum_values: the value is a list of enum values, one
     * after the other, separated by this ASCII character (x-separator);
     * every item, an empty one included, must be an enum value. 0: the
     * value is one enum value. */
    uint8_t separator;
    /* Arrays of values rather than structs (`message` NULL): the rules of
     * every item, a field of type STRING whose `capacity` is the byte size
     * of one item (item_size) and whose offset is 0 within it. */
    const struct apig_field *item;
    /* Strings: apig_storage. A view string's `capacity` is 0 (it has no
     * buffer); its rules are those of an inline one. */
    uint8_t storage;
} apig_field;

typedef struct apig_message {
    const char *name;          /* schema name, e.g. "MemberInfo" */
    size_t struct_size;
    const apig_field *fields;  /* in the schema's declaration order */
    uint32_t field_count;
    const uint8_t *encode_order; /* field indexes in output order */
    /* Index into `fields` of the JSON key (len bytes, not NUL-terminated,
     * as it appears in the body without unescaping), or -1. */
    int (*lookup)(const char *key, size_t len);
    const apig_catalog *catalog;
    /* No pointer to its file (apig_schema): a message's tables reach only
     * what it uses, so a program that decodes one message links that
     * message's tables and not the whole file's (firmware links with
     * --gc-sections). The file is found through the operations. */
    /* The largest body, in bytes, apig_decode accepts for this message.
     * Generated tables set <PREFIX>_<MSG>_BODY_MAX (VPCM_VPC_MEMBER_CREATE_BODY_MAX),
     * which is never below what apig_encode can write for it unless the
     * embedder chose so (see APIG_CFG_MAX_BODY_BYTES in config.h); 0, as a
     * hand-written table that leaves it out gets, means
     * APIG_CFG_MAX_BODY_BYTES. */
    size_t max_body_bytes;
    /* Added last (tables written by position keep their meaning). */
    const struct apig_message *as_service; /* the same struct with the rules the
                                              service writes by (x-as-service):
                                              what a call with APIG_AS_SERVICE
                                              applies, its nested messages its
                                              own fields' ones; NULL: the same
                                              rules */
} apig_message;

/* What a document example is (apig_example.kind; schema: an example's
 * kind): a request body, a success body or an error body. */
#define APIG_EXAMPLE_KINDS(X)                                                 \
    X(REQUEST, 1, "request")                                                  \
    X(RESPONSE, 2, "response")                                                \
    X(ERROR, 3, "error")

/* A document example kept as a test vector. */
typedef enum apig_example_kind {
#define APIG_X_EXAMPLE_KIND(name, value, keyword) APIG_EXAMPLE_##name = value,
    APIG_EXAMPLE_KINDS(APIG_X_EXAMPLE_KIND)
#undef APIG_X_EXAMPLE_KIND
} apig_example_kind;

typedef struct apig_example {
    const char *name;
    apig_example_kind kind;
    int status;                  /* responses and errors */
    const apig_message *message; /* the message the body encodes */
    const struct apig_operation *operation; /* requests and responses; NULL for errors */
    const char *body;            /* byte for byte as the document prints it */
    size_t body_len;
    const char *error_param;     /* errors: the parameterName, or NULL */
    const char *error_id;        /* errors: the resource id, or NULL */
} apig_example;

/* A schema file's examples (<prefix>_examples), generated into a source
 * file of their own (<name>_examples.c): test data, linked only by what
 * uses it. */
typedef struct apig_example_set {
    const apig_example *items;
    uint32_t count;
} apig_example_set;

struct apig_schema;

/*
 * One operation: a method and a path template, and what a request and its
 * answers carry. A request's decoded parts go into one generated struct,
 * <prefix>_<operation>_request, of `parts_size` bytes, holding `path`,
 * `query` and `body` members for the parts the operation has.
 */
/* How else than with the token header a request may authenticate
 * (apig_operation.signature; schema: x-signature):
 *   NONE             the token header only
 *   SDK_HMAC_SHA256  or Authorization: SDK-HMAC-SHA256 ... with X-Sdk-Date,
 *                    as the official SDKs sign */
#define APIG_SIGNATURES(X)                                                    \
    X(NONE, 0)                                                                \
    X(SDK_HMAC_SHA256, 1)

typedef enum apig_signature {
#define APIG_X_SIGNATURE(name, value) APIG_SIGNATURE_##name = value,
    APIG_SIGNATURES(APIG_X_SIGNATURE)
#undef APIG_X_SIGNATURE
} apig_signature;

typedef struct apig_operation {
    const char *name;            /* "AddingBackendInstancesV2" */
    const char *method;          /* "POST" */
    const char *path_template;   /* "/v2/{project_id}/apigw/..." */
    int success_status;          /* 201 */
    const struct apig_schema *schema;
    const apig_field *token_header; /* the authentication header's rules, or NULL */
    const apig_message *path;    /* path parameters (no fields when the path has none) */
    const apig_message *query;   /* query parameters, or NULL: none are read */
    const apig_message *request; /* the body, or NULL: a body is refused */
    const apig_message *response;   /* the success body, or NULL (e.g. 204) */
    const apig_message *error_body; /* what the error statuses carry */
    const apig_catalog *catalog;
    size_t parts_size;           /* sizeof(<prefix>_<operation>_request) */
    size_t path_offset;          /* where each part is within it */
    size_t query_offset;         /* (0 when the part is absent) */
    size_t body_offset;
    /* apig_signature (schema x-signature): checked by apig_request_decode
     * when the token header is absent. Last, so that tables written by
     * position keep their meaning. */
    uint8_t signature;
} apig_operation;

/* One schema file: its operations and what they share. */
typedef struct apig_schema {
    const char *prefix;          /* "vpcm": the C prefix of its names */
    const apig_operation *const *operations;
    uint32_t operation_count;
    const apig_catalog *catalog;
    const apig_field *token_header; /* or NULL */
    const apig_message *error_body; /* or NULL */
    const apig_context_key *context_keys;
    uint32_t context_key_count;
    /* Added last. &apig_table_format_<N>, N the table format the tables
     * were generated for (see APIG_TABLE_FORMAT); NULL in tables written
     * by hand, which are compiled with these headers. */
    const uint32_t *table_format;
} apig_schema;

#ifdef __cplusplus
}
#endif

#endif /* APIG_SCHEMA_H */
