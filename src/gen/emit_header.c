/* SPDX-License-Identifier: MIT */
/*
 * emit_header.c - the generated header: limits, context keys, sizes,
 * structs, bounds, declarations and typed wrappers. The contract is
 * docs/generated-code.md.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

static void emit_sizes(gen_buf *h, const gen_message *m)
{
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        if (field_viewed(f) && f->type == APIG_TYPE_STRING)
            continue;
        if (f->type == APIG_TYPE_STRING) {
            PUTS(h, "#define ");
            put_field_macro(h, m, f, "SIZE");
            buf_printf(h, " %u /* %u characters x %u bytes + NUL */\n", (unsigned)f->size,
                       (unsigned)f->size_chars, (unsigned)f->size_width);
        } else if (f->type == APIG_TYPE_ARRAY) {
            if (f->item && !field_viewed(f)) {
                PUTS(h, "#define ");
                put_field_macro(h, m, f, "SIZE");
                buf_printf(h, " %u /* each item: %u characters x %u bytes + NUL */\n",
                           (unsigned)f->item->size, (unsigned)f->item->size_chars,
                           (unsigned)f->item->size_width);
            }
            PUTS(h, "#define ");
            put_field_macro(h, m, f, "MAX");
            PUTS(h, " ");
            put_max_items(h, f);
            PUTS(h, "\n");
        }
    }
}

static void emit_struct(gen_buf *h, const gen_message *m)
{
    buf_printf(h, "typedef struct %s {\n", m->cname);
    /* The presence flags together, first: one padding gap in all rather
     * than one after each flag (on a 32-bit target a view member would
     * cost 12 bytes instead of 8). */
    for (size_t i = 0; i < m->field_count; i++)
        buf_printf(h, "    bool has_%s;\n", m->fields[i].cname);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (f->view) {
                buf_printf(h, "    apig_string %s; /* a view: see apig_string */\n", f->cname);
                break;
            }
            buf_printf(h, "    char %s[", f->cname);
            put_field_macro(h, m, f, "SIZE");
            PUTS(h, "];\n");
            break;
        case APIG_TYPE_INT32: buf_printf(h, "    int32_t %s;\n", f->cname); break;
        case APIG_TYPE_INT64: buf_printf(h, "    int64_t %s;\n", f->cname); break;
        case APIG_TYPE_BOOL: buf_printf(h, "    bool %s;\n", f->cname); break;
        case APIG_TYPE_OBJECT:
            buf_printf(h, "    %s %s;\n", f->message->cname, f->cname);
            break;
        case APIG_TYPE_ARRAY:
            buf_printf(h, "    uint32_t %s_count;\n", f->cname);
            if (f->item)
                buf_printf(h, "    %s %s[", field_viewed(f) ? "apig_string" : "char", f->cname);
            else
                buf_printf(h, "    %s %s[", f->message->cname, f->cname);
            put_field_macro(h, m, f, "MAX");
            if (f->item && !field_viewed(f)) {
                PUTS(h, "][");
                put_field_macro(h, m, f, "SIZE");
            }
            PUTS(h, "];\n");
            break;
        }
    }
    if (m->field_count == 0)
        PUTS(h, "    char unused_; /* no fields: C needs a member */\n");
    buf_printf(h, "} %s;\n\n", m->cname);
}

static void emit_wrappers(gen_buf *h, const gen_message *m)
{
    const char *c = m->cname;
    buf_printf(h,
               "static inline size_t %s_decode(const apig_decoder *d, const char *body, size_t len,\n"
               "        %s *out)\n"
               "{\n"
               "    return apig_decode(d, &%s_desc, body, len, out);\n"
               "}\n"
               "static inline size_t %s_validate(const apig_decoder *d, const %s *in)\n"
               "{\n"
               "    return apig_validate(d, &%s_desc, in);\n"
               "}\n"
               "static inline size_t %s_encode(const %s *in,\n"
               "        unsigned style, char *buf, size_t cap, apig_error *error)\n"
               "{\n"
               "    return apig_encode(&%s_desc, in, style, buf, cap, error);\n"
               "}\n\n",
               c, c, c, c, c, c, c, c, c);
}

static void emit_limits(gen_buf *h, const gen_schema *s)
{
    if (!s->limit_count)
        return;
    PUTS(h, "/* Limits (limits:): each may be overridden with -D before this header, the\n"
            " * same value for every file that includes it and for its .c. */\n");
    for (size_t i = 0; i < s->limit_count; i++) {
        const gen_limit *l = &s->limits[i];
        if (l->doc) {
            PUTS(h, "/* ");
            put_comment_text(h, l->doc);
            PUTS(h, " */\n");
        }
        buf_printf(h, "#ifndef %s\n#define %s %s\n#endif\n", l->macro, l->macro, l->expr);
        buf_printf(h, "#if (%s) < ", l->macro);
        put_i64(h, l->lo);
        buf_printf(h, " || (%s) > ", l->macro);
        put_i64(h, l->hi);
        /* The message gives the numbers as the schema does, not as C. */
        buf_printf(h, "\n#error \"%s must be between %" PRId64 " and %" PRId64 "\"\n#endif\n",
                   l->macro, l->lo, l->hi);
    }
    PUTS(h, "\n");
}

/* <op>_request: the parts of one request, as apig_request_decode fills them. */
static void emit_parts(gen_buf *h, const gen_operation *o)
{
    PUTS(h, "/* ");
    put_comment_text(h, o->name);
    PUTS(h, ": ");
    put_comment_text(h, o->method);
    PUTS(h, " ");
    put_comment_text(h, o->path);
    PUTS(h, " */\n");
    emit_sizes(h, &o->path_params);
    emit_struct(h, &o->path_params);
    if (o->has_query) {
        emit_sizes(h, &o->query);
        emit_struct(h, &o->query);
    }
    buf_printf(h, "typedef struct %s_request {\n    %s path;\n", o->cname, o->path_params.cname);
    if (o->has_query)
        buf_printf(h, "    %s query;\n", o->query.cname);
    if (o->request)
        buf_printf(h, "    %s body;\n", o->request->cname);
    buf_printf(h, "} %s_request;\n\n", o->cname);
}

/* The context keys' indexes, and their enumerated values. */
static void emit_context_macros(gen_buf *h, const gen_schema *s)
{
    if (!s->ctxkey_count)
        return;
    PUTS(h, "/* Context keys: indexes into apig_context.values; and the values of\n"
            " * enumerated keys (what apig_context_set stores for their names, so that\n"
            " * firmware can set them without linking the whole schema). */\n");
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        const gen_ctxkey *k = &s->ctxkeys[i];
        char *u = gen_upper(k->name);
        buf_printf(h, "#define %s_CTX_%s %u\n", s->pmacro, u, (unsigned)i);
        for (size_t j = 0; j < k->value_count; j++) {
            char *vu = gen_value_macro(k->values[j]);
            if (vu)
                buf_printf(h, "#define %s_CTX_%s_%s %u\n", s->pmacro, u, vu, (unsigned)j);
            free(vu);
        }
        free(u);
    }
    PUTS(h, "\n");
}

/* Every struct: the definitions (embedded ones first), each operation's
 * parts, and the union of them all. */
static void emit_structs(gen_buf *h, const gen_schema *s)
{
    for (size_t i = 0; i < s->message_count; i++) {
        const gen_message *m = s->emit_order[i];
        PUTS(h, "/* ");
        put_comment_text(h, m->name);
        PUTS(h, " */\n");
        emit_sizes(h, m);
        emit_struct(h, m);
    }
    for (size_t i = 0; i < s->op_count; i++)
        emit_parts(h, &s->ops[i]);
    PUTS(h, "/* Room for the parts of a request of any of the file's operations. */\n");
    buf_printf(h, "typedef union %s_request {\n", s->prefix);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(h, "    %s_request %s;\n", s->ops[i].cname,
                   s->ops[i].cname + strlen(s->prefix) + 1);
    buf_printf(h, "} %s_request;\n\n", s->prefix);
}

/* The tables the source defines. */
static void emit_declarations(gen_buf *h, const gen_schema *s)
{
    for (size_t i = 0; i < s->message_count; i++)
        buf_printf(h, "extern const apig_message %s_desc;\n", s->messages[i]->cname);
    for (size_t i = 0; i < s->op_count; i++) {
        buf_printf(h, "extern const apig_message %s_desc;\n", s->ops[i].path_params.cname);
        if (s->ops[i].has_query)
            buf_printf(h, "extern const apig_message %s_desc;\n", s->ops[i].query.cname);
    }
    if (s->token_header)
        buf_printf(h, "extern const apig_field %s_token_header;\n", s->prefix);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(h, "extern const apig_operation %s_op;\n", s->ops[i].cname);
    buf_printf(h, "#define %s_OPERATION_COUNT %u\n", s->pmacro, (unsigned)s->op_count);
    buf_printf(h, "/* Every operation of the file, for apig_route_find. */\n"
                  "extern const apig_operation *const %s_operations[%s_OPERATION_COUNT];\n",
               s->prefix, s->pmacro);
    buf_printf(h, "extern const apig_schema %s_schema;\n", s->prefix);
    buf_printf(h, "/* The schema's x-examples, defined in its _examples.c (test data: link it\n"
                  " * only where it is used). */\n"
                  "extern const apig_example_set %s_examples;\n\n", s->prefix);
}

void emit_header(gen_buf *h, const gen_schema *s, const char *schema_base)
{
    put_banner(h, s, schema_base);
    buf_printf(h, "#ifndef %s_GEN_H\n#define %s_GEN_H\n\n", s->pmacro, s->pmacro);
    PUTS(h, "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <apig/apig.h>\n\n");
    put_format_check(h);
    PUTS(h, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");

    emit_limits(h, s);
    emit_context_macros(h, s);
    if (s->token_header) {
        PUTS(h, "/* The ");
        put_comment_text(h, s->token_header->name);
        PUTS(h, " header: bytes incl. NUL. */\n");
        buf_printf(h, "#define %s_TOKEN_HEADER_SIZE %u\n\n", s->pmacro,
                   (unsigned)s->token_header->size);
    }
    emit_structs(h, s);
    emit_bounds(h, s);
    emit_declarations(h, s);

    PUTS(h, "/* Typed wrappers. */\n");
    for (size_t i = 0; i < s->message_count; i++)
        emit_wrappers(h, s->messages[i]);
    for (size_t i = 0; i < s->op_count; i++) {
        const char *c = s->ops[i].cname;
        buf_printf(h,
                   "static inline size_t %s_request_decode(const apig_decoder *d,\n"
                   "        const apig_http_request *request, %s_request *out)\n"
                   "{\n"
                   "    return apig_request_decode(d, &%s_op, request, out);\n"
                   "}\n",
                   c, c, c);
    }

    buf_printf(h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_GEN_H */\n", s->pmacro);
}
