/* SPDX-License-Identifier: MIT */
/*
 * load.h - the schema loader's insides (schema.c and the files below),
 * which read the YAML tree into the checked model of gen.h. One file per
 * part of the format:
 *
 *   tree.c         the YAML tree: kinds, keys, scalars, integers, booleans
 *   names.c        C names: identifiers, keywords, prefixes; unique output names
 *   charsets.c     x-charsets
 *   context.c      x-context and a field's x-when
 *   limits.c       limits: and their value expressions
 *   catalog.c      x-errors: the catalog, formats, rules, error body
 *   field.c        one field: names, type, keywords, integer/array/object rules
 *   strings.c      a string field's characters, default, enum and storage
 *   as_service.c   a field's x-as-service rules
 *   definitions.c  definitions: messages, required, x-order, references
 *   operations.c   parameters:, x-signature and operations:
 *   examples.c     x-examples
 *   schema.c       the whole file, in order; freeing the model
 *
 * Every function that checks something reports each problem with
 * gen_error (file:line:column) and returns false (or NULL, or -1); the
 * model's strings point into the tree.
 */
#ifndef APIG_GEN_LOAD_H
#define APIG_GEN_LOAD_H

#include <apig/apig.h>

#include "gen.h"

/* Limits of the format (beyond them a C struct would be absurd). */
#define GEN_MAX_STRING_CHARS 1048576u
#define GEN_MAX_ARRAY_ITEMS 65535u
#define GEN_MAX_FIELDS 255u
#define GEN_MAX_ENTRIES 255u
#define GEN_MAX_CTX_VALUES 255u
#define GEN_MAX_ENUM_VALUES 255u
#define GEN_DATE_TIME_CHARS 35u /* the longest RFC 3339 date-time the runtime accepts:
                                 * YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+hh:mm */
#define GEN_MAX_NORMALIZE 16u

/* Where a field is: a body's definition, a path parameter, the token
 * header, a query parameter (strings and integers; the query-string decoder
 * applies their `default` and `x-normalize`), or an array's inline item
 * schema (`items: {type: string, ...}`). */
typedef enum field_site { SITE_BODY, SITE_PATH, SITE_HEADER, SITE_QUERY, SITE_ITEM } field_site;

/* "body", "path", "header", "query" or "item". */
const char *field_site_name(field_site site);

/* The model being loaded. */
typedef struct loader {
    gen_schema *s;
    bool catalog_ok; /* entries loaded: codes can be resolved */
} loader;

/* ---- the YAML tree (tree.c) ---------------------------------------------------- */

/* n is of `kind`; else reports that `what` must be. */
bool y_want(const ynode *n, ynode_kind kind, const char *what);
/* The value of `key` in mapping `map`, or NULL (also when map is NULL or not
 * a mapping). */
const ynode *y_get(const ynode *map, const char *key);
/* The key node `key` of mapping `map` (for its position), or NULL. */
const ynode *y_key(const ynode *map, const char *key);
/* Reports every key of `map` not in the NULL-terminated `allowed`. */
bool y_only_keys(const ynode *map, const char *const *allowed, const char *where);
/* `map` has `key`; else reports that `where` needs it. */
bool y_need_key(const ynode *map, const char *key, const char *where);
/* A scalar without NUL, non-empty: its text in *out. */
bool y_text(const ynode *n, const char *what, const char **out);
/* A plain decimal or 0x-hexadecimal integer, optionally signed, in lo..hi. */
bool y_int(const ynode *n, const char *what, int64_t lo, int64_t hi, int64_t *out);
/* A plain true or false. */
bool y_bool(const ynode *n, const char *what, bool *out);
/* Parses s[0..len) as y_int reads it, without reporting. */
bool gen_parse_i64(const char *s, size_t len, int64_t *out);

/* ---- names (names.c) ------------------------------------------------------------- */

bool gen_is_ident(const char *s);
/* Reserved in C11 or C++11, leading '_', or a macro the generated files see. */
bool gen_is_keyword(const char *s);
/* A JSON key the runtime can match as it appears in a body: printable
 * ASCII without '"' and '\'. */
bool gen_json_name_ok(const char *s);
bool gen_printable_ascii(const char *s);
/* "<prefix>_<snake name>", newly allocated. */
char *gen_prefixed(const gen_schema *s, const char *name);
/* Every name the output defines is defined once; root: where to report
 * the file's own names. */
bool gen_check_names(const gen_schema *s, gen_pos root);

/* ---- the parts of the file --------------------------------------------------------- */

bool load_charsets(loader *L, const ynode *node);
const gen_charset *find_charset(const gen_schema *s, const char *name);

bool load_context(loader *L, const ynode *node);
/* A field's x-when (the context keys loaded). */
bool load_when(loader *L, gen_field *f, const ynode *node);

bool load_limits(loader *L, const ynode *node);
const gen_limit *find_limit(const gen_schema *s, const char *name);

bool load_errors(loader *L, const ynode *node);
/* Reads a {kind keyword: catalog code} mapping into kind_entry (and marks
 * the kinds seen, when `seen` is not NULL). */
bool load_kind_map(loader *L, const ynode *map, uint8_t *kind_entry, bool *seen,
                   const char *where);
/* x-errors: body: resolved against the error body (the operations loaded). */
bool resolve_error_body(gen_schema *s);

/* ---- fields (field.c, strings.c, as_service.c) -------------------------------------------- */

/* Field k: v at `site` into *f (cleared first). On failure f may hold
 * allocations: free_field frees them. */
bool load_field(loader *L, gen_field *f, const ynode *k, const ynode *v, field_site site);
void free_field(gen_field *f);

/* Most bytes of one UTF-8 character up to cp. */
unsigned gen_char_width(uint32_t cp);
/* Decodes one UTF-8 character of s[0..len): its length, 0 if malformed. */
size_t gen_utf8_char(const unsigned char *s, size_t len, uint32_t *cp);
/* cp is in cs (NULL: any character but U+0000). */
bool gen_charset_has(const gen_charset *cs, uint32_t cp);
/* A string field's length, character set, default, enum and storage. */
bool load_string_rules(loader *L, gen_field *f, const ynode *v, field_site site);
/* "inline" or "view" into *view. */
bool storage_of(const ynode *n, bool *view);
bool load_storage(loader *L, gen_field *f, const ynode *v, field_site site);

bool load_as_service(loader *L, gen_field *f, const ynode *node);

/* ---- messages and operations -------------------------------------------------------------- */

/* C member names within one struct (has_x, x_count included) are unique. */
bool check_members(const gen_message *m);
gen_message *find_message(const gen_schema *s, const char *name);
bool load_definitions(loader *L, const ynode *node);

bool load_parameters(loader *L, const ynode *node);
bool load_signature(gen_schema *s, const ynode *n);
bool load_operations(loader *L, const ynode *node);

bool load_examples(gen_schema *s, const ynode *node);

#endif /* APIG_GEN_LOAD_H */
