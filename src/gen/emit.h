/* SPDX-License-Identifier: MIT */
/*
 * emit.h - the C writer's insides, shared by the files that write the
 * outputs of gen.h's emit_header, emit_source and emit_examples:
 *
 *   write.c           buffers, literals, comments, integers, names, banner
 *   bounds.c          the ENCODED_MAX and BODY_MAX bounds
 *   emit_header.c     the header
 *   emit_message.c    one message's tables
 *   emit_source.c     the source, and the examples' source
 *
 * Output depends only on the model, so the same schema always gives the
 * same bytes.
 */
#ifndef APIG_GEN_EMIT_H
#define APIG_GEN_EMIT_H

#include "gen.h"

/* Appends a string literal. */
#define PUTS(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

/* ---- C text (write.c) ------------------------------------------------------------ */

/* A C string literal, byte for byte (octal escapes for anything not
 * printable ASCII, '?' escaped); with `split`, a newline ends a piece and
 * the next starts on a new line after `indent`. */
void put_cstr(gen_buf *b, const char *s, size_t n, bool split, const char *indent);
/* s as a literal, or NULL. */
void put_str(gen_buf *b, const char *s);
/* s as text inside a comment (no comment start or end, printable ASCII). */
void put_comment_text(gen_buf *b, const char *s);
/* v as INT64_C(v), or INT64_MIN. */
void put_i64(gen_buf *b, int64_t v);
/* <MSG>_<FIELD>_<suffix>, the macro of a field of message m. */
void put_field_macro(gen_buf *b, const gen_message *m, const gen_field *f, const char *suffix);
/* An array's capacity (max_items): its limit's macro, or the number. */
void put_max_items(gen_buf *b, const gen_field *f);
/* A string (or an array of strings) stored as views: no buffer, no _SIZE. */
bool field_viewed(const gen_field *f);
/* The lines of a kind_entry table: each error kind's entry in the catalog. */
void put_kind_entries(gen_buf *c, const gen_schema *s, const uint8_t *ke);
/* The comment every output starts with. */
void put_banner(gen_buf *b, const gen_schema *s, const char *schema_base);
/* The table format the output is for (#error with another). */
void put_format_check(gen_buf *b);

/* ---- the parts ------------------------------------------------------------------- */

/* The header's ENCODED_MAX, _PP and BODY_MAX of every message. */
void emit_bounds(gen_buf *h, const gen_schema *s);
/* Message m's tables: assertions, lookup, fields, order, apig_message. */
void emit_message(gen_buf *c, const gen_schema *s, const gen_message *m);
/* Conditions, kind overrides, enum values and item rules of field f (of
 * message m; NULL for the token header), before its table. */
void emit_field_extras(gen_buf *c, const gen_schema *s, const gen_message *m,
                       const gen_field *f, const char *prefix);
/* Field f's table entry (of message m; NULL for the token header, which
 * has no struct): an element of a fields array ("    {...},\n"), or with
 * `definition` the initializer of a definition of its own ("{...};\n").
 * `as_service`: an entry of the table as the service writes, whose
 * embedded messages and items are their own such variants where they
 * have one. */
void emit_field(gen_buf *c, const gen_schema *s, const gen_message *m, const gen_field *f,
                const char *prefix, bool as_service, bool definition);

#endif /* APIG_GEN_EMIT_H */
