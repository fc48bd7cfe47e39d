/* SPDX-License-Identifier: MIT */
/*
 * gen.h - apig-gen internals: the YAML tree (yaml.c), the checked schema
 * model (schema.c and the loader files load.h lists), the runtime's words
 * (vocab.c) and the C writer (the files emit.h lists).
 *
 * apig-gen is a build-time tool: it may use stdio and the heap, and it
 * treats the schema as untrusted input. Every problem found in a schema is
 * reported as "file:line:column: error: what" and generation stops before
 * any output file is written.
 */
#ifndef APIG_GEN_H
#define APIG_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <apig/schema.h>

/* ---- diagnostics ---------------------------------------------------------- */

/* Where something is in the schema file (1-based; 0 when unknown). */
typedef struct gen_pos {
    int line;
    int column;
} gen_pos;

struct gen_buf;

/* Reports "file:line:column: error: <fmt>" (one line: control characters
 * of the text are escaped) where gen_diag_begin said, and counts it. */
void gen_error(gen_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Errors reported so far in this run. */
int gen_error_count(void);
/* Starts a run's diagnostics: `file` names the schema in messages, which
 * are printed to `stream`, or else appended to `sink`, or else (both NULL)
 * only counted. The count starts at 0. gen_generate calls it. */
void gen_diag_begin(const char *file, FILE *stream, struct gen_buf *sink);
/* Ends the run: returns its error count, the first error's position in
 * *first (when not NULL), and forgets the run's file, stream and sink. */
int gen_diag_end(gen_pos *first);

/* Allocation that never returns NULL (exits with a message instead). */
void *gen_alloc(size_t size);
void *gen_realloc(void *p, size_t size);
char *gen_strndup(const char *s, size_t n);
/* a followed by b, newly allocated. */
char *gen_concat(const char *a, const char *b);

/* ---- the YAML tree -------------------------------------------------------- */

typedef enum ynode_kind { Y_SCALAR = 1, Y_SEQUENCE, Y_MAPPING } ynode_kind;

typedef struct ynode ynode;
typedef struct ypair {
    ynode *key; /* always a scalar */
    ynode *value;
} ypair;

struct ynode {
    ynode_kind kind;
    gen_pos pos;
    /* scalars: the text (NUL-terminated copy; may contain NULs, see len) */
    char *text;
    size_t len;
    bool plain; /* a plain (unquoted) scalar: may be a number or boolean */
    /* sequences */
    ynode **items;
    size_t item_count;
    /* mappings, in document order; keys are unique */
    ypair *pairs;
    size_t pair_count;
};

/* Parses `len` bytes of YAML. Returns the root node, or NULL after
 * reporting errors. Rejects anchors/aliases, tags, non-scalar keys,
 * duplicate keys and more than one document. */
ynode *yaml_load(const char *text, size_t len);
void yaml_free(ynode *n);

/* ---- the runtime's words (vocab.c) ------------------------------------------- */

/* One value of an enumeration of apig/schema.h or apig/error.h: its C name
 * ("APIG_FORMAT_DATE_TIME") and its schema keyword ("date-time"; NULL when
 * a schema has no word for it). */
typedef struct gen_word {
    unsigned value;
    const char *name;
    const char *keyword;
} gen_word;

/* All values of one enumeration, in the order its X-macro list gives. */
typedef struct gen_vocab {
    const gen_word *words;
    size_t count;
} gen_vocab;

extern const gen_vocab gen_types;           /* APIG_TYPES */
extern const gen_vocab gen_storages;        /* APIG_STORAGES */
extern const gen_vocab gen_formats;         /* APIG_FORMATS */
extern const gen_vocab gen_decorations;     /* APIG_DECORATIONS */
extern const gen_vocab gen_actions;         /* APIG_CONDITION_ACTIONS */
extern const gen_vocab gen_normalize_whens; /* APIG_NORMALIZE_WHENS */
extern const gen_vocab gen_example_kinds;   /* APIG_EXAMPLE_KINDS */
extern const gen_vocab gen_signatures;      /* APIG_SIGNATURES */
extern const gen_vocab gen_kinds;           /* APIG_ERROR_KINDS (without NONE) */

/* The C name of `value`, or "0" when it is not one of v's. */
const char *gen_name(const gen_vocab *v, unsigned value);
/* The schema keyword of `value`, or NULL. */
const char *gen_keyword(const gen_vocab *v, unsigned value);
/* The value whose keyword is `keyword`, or -1. */
int gen_value_of(const gen_vocab *v, const char *keyword);
/* v's keywords in order, but that of value `skip` (-1: none), joined by
 * `sep` ("ip-address, date-time"), newly allocated: for messages. */
char *gen_keywords(const gen_vocab *v, int skip, const char *sep);

/* ---- the schema model ------------------------------------------------------ */

#define GEN_KIND_COUNT ((int)APIG_ERROR_KIND_COUNT)

typedef struct gen_charset {
    char *name;
    char *cname;               /* C identifier fragment */
    apig_char_range *ranges;   /* sorted, merged */
    size_t range_count;
    gen_pos pos;
} gen_charset;

typedef struct gen_ctxkey {
    char *name;
    bool is_integer;
    char **values;
    size_t value_count;
    char **alias_names;
    uint8_t *alias_values;
    size_t alias_count;
    gen_pos pos;
} gen_ctxkey;

struct gen_message;

typedef struct gen_field {
    char *name;        /* JSON name */
    char *cname;       /* C member name */
    gen_pos pos;
    apig_type type;
    bool required;
    apig_format format;
    bool has_minimum, has_maximum;
    int64_t minimum, maximum;
    /* strings (apig_field's min_length/max_length and, inline, capacity:
     * the table's names, which mean items for arrays) */
    uint32_t min_chars;        /* minLength */
    uint32_t max_chars;        /* maxLength */
    uint32_t size;             /* bytes incl. NUL */
    const gen_charset *charset;
    /* arrays (apig_field's min_length and capacity) */
    uint32_t min_items;        /* minItems */
    char *max_items_macro;     /* x-capacity, a limit's macro (VPCM_MEMBERS_MAX), or NULL */
    uint32_t max_items;        /* maxItems or x-capacity, when max_items_macro is NULL */
    /* objects and arrays */
    char *ref_name;
    gen_pos ref_pos;
    struct gen_message *message;
    apig_condition *conditions;
    size_t condition_count;
    bool has_overrides;
    uint8_t kind_entry[APIG_ERROR_KIND_COUNT];
    /* default: and x-normalize: (what the query-string decoder applies) */
    bool has_default;
    int64_t default_integer;
    const char *default_string; /* points into the YAML tree */
    apig_normalize *normalize;
    size_t normalize_count;
    /* strings: `enum` (texts in the tree) and x-separator (0: none) */
    const char **enum_values;
    size_t enum_count;
    char separator;
    /* arrays of strings (`items` a string schema, `ref_name` NULL): the
     * rules of every item, a field of its own (is_item, the array's names
     * and kind_entry), owned by the array */
    struct gen_field *item;
    bool is_item;
    /* strings: stored as an apig_string view (x-storage / the file's
     * x-string-storage / apig-gen --string-storage), else inline */
    bool view;
    /* strings: what `size` is made of (characters x bytes each), for its
     * comment: this field's rules, or its x-as-service ones when those need
     * more room */
    uint32_t size_chars, size_width;
    /* x-as-service: a copy of the field with the rules the service writes
     * by (the overrides made), owned by the field, or NULL. It shares the
     * field's tables (conditions, kinds, enum, item) and its `size`, the
     * larger of the two modes' (one struct serves both). */
    struct gen_field *as_service;
} gen_field;

typedef struct gen_message {
    char *name;     /* schema name, e.g. "MemberInfo" */
    char *cname;    /* "vpcm_member_info" */
    char *macro;    /* "VPCM_MEMBER_INFO" */
    gen_pos pos;
    gen_field *fields;
    size_t field_count;
    uint8_t *order;     /* encode order */
    int visit;          /* cycle detection / emission order */
    /* a field, an array's items or an embedded message (at any depth) has
     * x-as-service rules: the message gets a second table */
    bool as_service;
} gen_message;

typedef struct gen_entry {
    char *code;
    int status;
    char *message;
    apig_decoration decoration;
} gen_entry;

typedef struct gen_example {
    char *name;
    apig_example_kind kind;
    int status;
    gen_message *message;
    const struct gen_operation *operation; /* requests and responses */
    char *body;
    size_t body_len;
    char *param; /* or NULL */
    char *id;    /* or NULL */
} gen_example;

/* A limit of the schema (limits:): VPCM_MEMBERS_MAX. */
typedef struct gen_limit {
    char *name;    /* "MEMBERS_MAX" */
    char *macro;   /* "VPCM_MEMBERS_MAX" */
    char *expr;    /* C text of the default, limit names prefixed */
    int64_t value; /* the default, evaluated */
    int64_t lo, hi; /* the values the build accepts */
    char *doc;     /* or NULL */
    gen_pos pos;
} gen_limit;

/* One operation (operations: <Name>:). */
typedef struct gen_operation {
    char *name;    /* "AddingBackendInstancesV2" */
    char *cname;   /* "vpcm_add_backend_instances_v2" */
    char *macro;   /* "VPCM_ADD_BACKEND_INSTANCES_V2" */
    char *method;
    char *path;
    int success_status;
    gen_pos pos;
    gen_message path_params; /* fields copied from the schema's path parameters */
    gen_message query;       /* query parameters; used when has_query */
    bool has_query;
    gen_message *request;    /* or NULL: no body */
    gen_message *response;   /* or NULL: the success has no body */
} gen_operation;

typedef struct gen_schema {
    char *prefix;  /* "vpcm": every C name the output defines starts with it */
    bool view_default; /* strings are views unless a field says inline */
    char *pmacro;  /* "VPCM" */

    gen_charset *charsets;
    size_t charset_count;
    gen_ctxkey *ctxkeys;
    size_t ctxkey_count;
    gen_limit *limits;
    size_t limit_count;

    gen_field *path_fields;  /* parameters: path: (shared by the operations) */
    size_t path_field_count;
    gen_field *token_header; /* or NULL */
    bool signature;          /* x-signature: SDK-HMAC-SHA256 requests too */

    gen_message **messages;  /* definitions in declaration order */
    size_t message_count;
    gen_message **emit_order; /* dependencies first */

    gen_operation *ops;
    size_t op_count;
    gen_message *error_body; /* one for every operation's error statuses */

    char *param_format, *id_format, *detail_format; /* or NULL */
    const struct ynode *error_code_key;    /* x-errors: body: code:, or NULL */
    const struct ynode *error_message_key; /* x-errors: body: message:, or NULL */
    int error_code_field, error_message_field; /* indexes, -1 when not named */
    gen_entry *entries; /* sorted by code */
    size_t entry_count;
    uint8_t kind_entry[APIG_ERROR_KIND_COUNT];

    gen_example *examples;
    size_t example_count;
} gen_schema;

/* Reads and checks a schema tree. `storage`: -1 takes the file's
 * x-string-storage, 0 makes the default inline, 1 view (apig-gen
 * --string-storage). Returns NULL after reporting errors. */
gen_schema *schema_load(const ynode *root, int storage);
void schema_free(gen_schema *s);

/* ---- output ---------------------------------------------------------------- */

typedef struct gen_buf {
    char *data; /* NUL-terminated once anything is written */
    size_t len;
    size_t cap;
} gen_buf;

void buf_printf(gen_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_put(gen_buf *b, const char *s, size_t n);

/* s in upper case, newly allocated (C names become macro names). */
char *gen_upper(const char *s);

/* A context value's macro suffix ("ip" -> "IP"), newly allocated, or NULL
 * when the value is not letters, digits and '_' (it then has no macro). */
char *gen_value_macro(const char *value);

/* Writes the header, the source and the examples' source for `s`.
 * `schema_base` is the schema's file name without directories, `out_base`
 * the output's base name. */
void emit_header(gen_buf *h, const gen_schema *s, const char *schema_base);
void emit_source(gen_buf *c, const gen_schema *s, const char *schema_base,
                 const char *out_base);
void emit_examples(gen_buf *c, const gen_schema *s, const char *schema_base,
                   const char *out_base);

/* ---- the generator in one call (run.c) ------------------------------------------- */

/* Largest schema gen_generate reads; a schema is a few kilobytes. */
#define GEN_MAX_SCHEMA_BYTES ((size_t)4 * 1024 * 1024)

typedef struct gen_request {
    const char *file;     /* the schema's name in messages, as given ("schemas/x.yaml");
                           * its base name is the one the outputs' banners quote */
    const char *out_base; /* the outputs' base name: the sources include "<out_base>.h" */
    int storage;          /* -1: the file's x-string-storage; 0 inline, 1 view
                           * (apig-gen --string-storage) */
    FILE *errors;         /* messages printed here ("file:line:column: error: ..."), */
    gen_buf *messages;    /* else appended here, else (both NULL) only counted */
} gen_request;

typedef struct gen_result {
    int errors;     /* errors reported; 0: the three outputs are set */
    gen_pos first;  /* where the first error is */
    gen_buf header; /* <out_base>.h */
    gen_buf source; /* <out_base>.c */
    gen_buf examples; /* <out_base>_examples.c */
} gen_result;

/* Reads, checks and (when it has no error) turns `len` bytes of schema
 * YAML into C, in memory: returns the number of errors (also in
 * out->errors). Whatever it returns, *out holds what gen_result_free
 * frees; nothing else stays allocated, and nothing of one call is seen by
 * the next (one call at a time: the diagnostics are the process's). */
int gen_generate(const char *yaml, size_t len, const gen_request *rq, gen_result *out);
void gen_result_free(gen_result *r);

#endif /* APIG_GEN_H */
