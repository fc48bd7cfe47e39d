/* SPDX-License-Identifier: MIT */
/*
 * emit_source.c - the generated source (character sets, the catalog, the
 * context keys, every message, the token header, the operations and the
 * schema) and the examples' source.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/byte_class.h" /* the rule the runtime uses too */
#include "emit.h"

/* Field f, or its rules as the service writes, uses set cs. */
static bool field_uses(const gen_field *f, const gen_charset *cs)
{
    return f && (f->charset == cs || (f->as_service && f->as_service->charset == cs));
}

static bool message_uses(const gen_message *m, const gen_charset *cs)
{
    for (size_t i = 0; i < m->field_count; i++)
        if (field_uses(&m->fields[i], cs) || field_uses(m->fields[i].item, cs))
            return true;
    return false;
}

/* A set no field uses is not emitted (an unused static table is a warning). */
static bool charset_used(const gen_schema *s, const gen_charset *cs)
{
    if (s->token_header && s->token_header->charset == cs)
        return true;
    for (size_t i = 0; i < s->op_count; i++)
        if (message_uses(&s->ops[i].path_params, cs) || message_uses(&s->ops[i].query, cs))
            return true;
    for (size_t i = 0; i < s->message_count; i++)
        if (message_uses(s->messages[i], cs))
            return true;
    return false;
}

static void emit_charsets(gen_buf *c, const gen_schema *s)
{
    if (!s->charset_count)
        return;
    PUTS(c, "/* ---- character sets (sorted, merged; only those in use) ---- */\n\n");
    for (size_t i = 0; i < s->charset_count; i++) {
        const gen_charset *cs = &s->charsets[i];
        if (!charset_used(s, cs))
            continue;
        buf_printf(c, "static const apig_char_range %s_charset_%s_ranges[] = {\n", s->prefix,
                   cs->cname);
        for (size_t j = 0; j < cs->range_count; j++)
            buf_printf(c, "    {0x%04X, 0x%04X},\n", (unsigned)cs->ranges[j].first,
                       (unsigned)cs->ranges[j].last);
        buf_printf(c, "};\nstatic const apig_charset %s_charset_%s = {\n    .name = ", s->prefix,
                   cs->cname);
        put_str(c, cs->name);
        uint64_t ascii[2] = {0, 0};
        for (size_t j = 0; j < cs->range_count; j++)
            for (uint32_t cp = cs->ranges[j].first; cp <= cs->ranges[j].last && cp < 0x80; cp++)
                ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
        buf_printf(c, ",\n    .ranges = %s_charset_%s_ranges,\n    .range_count = %u,\n"
                   "    .ascii = {UINT64_C(0x%016llX), UINT64_C(0x%016llX)},\n    .byte_class = {",
                   s->prefix, cs->cname, (unsigned)cs->range_count,
                   (unsigned long long)ascii[0], (unsigned long long)ascii[1]);
        for (unsigned b = 0; b < 256; b++) {
            unsigned cls = APIG__BYTE_CLASS(b, (ascii[b >> 6] >> (b & 63)) & 1u);
            buf_printf(c, "%s%u,", b % 32 ? " " : "\n        ", cls);
        }
        PUTS(c, "\n    },\n};\n\n");
    }
}

static void emit_catalog(gen_buf *c, const gen_schema *s)
{
    PUTS(c, "/* ---- the error catalog (by code) ---- */\n\n");
    buf_printf(c, "static const apig_catalog_entry %s_catalog_entries[] = {\n", s->prefix);
    for (size_t i = 0; i < s->entry_count; i++) {
        const gen_entry *e = &s->entries[i];
        buf_printf(c, "    {/* %u */ ", (unsigned)i);
        put_str(c, e->code);
        buf_printf(c, ", %d, ", e->status);
        put_str(c, e->message);
        buf_printf(c, ", %s},\n", gen_name(&gen_decorations, e->decoration));
    }
    buf_printf(c, "};\n\nstatic const apig_catalog %s_catalog = {\n", s->prefix);
    buf_printf(c, "    .entries = %s_catalog_entries,\n    .entry_count = %u,\n", s->prefix,
               (unsigned)s->entry_count);
    PUTS(c, "    .param_format = ");
    put_str(c, s->param_format);
    PUTS(c, ",\n    .id_format = ");
    put_str(c, s->id_format);
    PUTS(c, ",\n    .detail_format = ");
    put_str(c, s->detail_format);
    PUTS(c, ",\n    .kind_entry = {\n");
    put_kind_entries(c, s, s->kind_entry);
    PUTS(c, "    },\n");
    if (s->error_body && s->error_code_field >= 0) {
        buf_printf(c, "    .error_body = &%s_desc,\n    .error_code_field = %d, /* ",
                   s->error_body->cname, s->error_code_field);
        put_comment_text(c, s->error_body->fields[s->error_code_field].name);
        buf_printf(c, " */\n    .error_message_field = %d, /* ", s->error_message_field);
        put_comment_text(c, s->error_body->fields[s->error_message_field].name);
        PUTS(c, " */\n");
    } else
        PUTS(c, "    .error_body = NULL, /* x-errors: body: not given: no error bodies */\n");
    PUTS(c, "};\n\n");
}

static void emit_context(gen_buf *c, const gen_schema *s)
{
    if (!s->ctxkey_count)
        return;
    PUTS(c, "/* ---- context keys ---- */\n\n");
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        const gen_ctxkey *k = &s->ctxkeys[i];
        if (k->value_count) {
            buf_printf(c, "static const char *const %s_ctx_%s_values[] = {", s->prefix, k->name);
            for (size_t j = 0; j < k->value_count; j++) {
                buf_put(c, j ? ", " : "", j ? 2 : 0);
                put_str(c, k->values[j]);
            }
            PUTS(c, "};\n");
        }
        if (k->alias_count) {
            buf_printf(c, "static const char *const %s_ctx_%s_alias_names[] = {", s->prefix,
                       k->name);
            for (size_t j = 0; j < k->alias_count; j++) {
                buf_put(c, j ? ", " : "", j ? 2 : 0);
                put_str(c, k->alias_names[j]);
            }
            buf_printf(c, "};\nstatic const uint8_t %s_ctx_%s_alias_values[] = {", s->prefix,
                       k->name);
            for (size_t j = 0; j < k->alias_count; j++)
                buf_printf(c, "%s%u", j ? ", " : "", (unsigned)k->alias_values[j]);
            PUTS(c, "};\n");
        }
    }
    buf_printf(c, "static const apig_context_key %s_context_keys[] = {\n", s->prefix);
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        const gen_ctxkey *k = &s->ctxkeys[i];
        PUTS(c, "    {\n        .name = ");
        put_str(c, k->name);
        PUTS(c, ",\n");
        if (k->value_count)
            buf_printf(c, "        .values = %s_ctx_%s_values,\n        .value_count = %u,\n",
                       s->prefix, k->name, (unsigned)k->value_count);
        else
            PUTS(c, "        .values = NULL,\n        .value_count = 0,\n");
        if (k->alias_count)
            buf_printf(c, "        .alias_names = %s_ctx_%s_alias_names,\n"
                          "        .alias_values = %s_ctx_%s_alias_values,\n"
                          "        .alias_count = %u,\n",
                       s->prefix, k->name, s->prefix, k->name, (unsigned)k->alias_count);
        else
            PUTS(c, "        .alias_names = NULL,\n        .alias_values = NULL,\n"
                       "        .alias_count = 0,\n");
        PUTS(c, "    },\n");
    }
    PUTS(c, "};\n\n");
}

static void emit_operation(gen_buf *c, const gen_schema *s, const gen_operation *o)
{
    buf_printf(c, "const apig_operation %s_op = {\n    .name = ", o->cname);
    put_str(c, o->name);
    PUTS(c, ",\n    .method = ");
    put_str(c, o->method);
    PUTS(c, ",\n    .path_template = ");
    put_str(c, o->path);
    buf_printf(c, ",\n    .success_status = %d,\n    .schema = &%s_schema,\n", o->success_status,
               s->prefix);
    if (s->token_header)
        buf_printf(c, "    .token_header = &%s_token_header,\n", s->prefix);
    else
        PUTS(c, "    .token_header = NULL,\n");
    buf_printf(c, "    .path = &%s_desc,\n", o->path_params.cname);
    if (o->has_query)
        buf_printf(c, "    .query = &%s_desc,\n", o->query.cname);
    else
        PUTS(c, "    .query = NULL,\n");
    if (o->request)
        buf_printf(c, "    .request = &%s_desc,\n", o->request->cname);
    else
        PUTS(c, "    .request = NULL,\n");
    if (o->response)
        buf_printf(c, "    .response = &%s_desc,\n", o->response->cname);
    else
        PUTS(c, "    .response = NULL,\n");
    if (s->error_body)
        buf_printf(c, "    .error_body = &%s_desc,\n", s->error_body->cname);
    else
        PUTS(c, "    .error_body = NULL,\n");
    buf_printf(c, "    .catalog = &%s_catalog,\n", s->prefix);
    buf_printf(c, "    .parts_size = sizeof(%s_request),\n", o->cname);
    buf_printf(c, "    .path_offset = offsetof(%s_request, path),\n", o->cname);
    if (o->has_query)
        buf_printf(c, "    .query_offset = offsetof(%s_request, query),\n", o->cname);
    else
        PUTS(c, "    .query_offset = 0,\n");
    if (o->request)
        buf_printf(c, "    .body_offset = offsetof(%s_request, body),\n", o->cname);
    else
        PUTS(c, "    .body_offset = 0,\n");
    buf_printf(c, "    .signature = %s,\n",
               gen_name(&gen_signatures, s->signature ? APIG_SIGNATURE_SDK_HMAC_SHA256
                                                      : APIG_SIGNATURE_NONE));
    PUTS(c, "};\n\n");
}

void emit_source(gen_buf *c, const gen_schema *s, const char *schema_base, const char *out_base)
{
    put_banner(c, s, schema_base);
    PUTS(c, "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <string.h>\n\n#include \"");
    buf_put(c, out_base, strlen(out_base));
    PUTS(c, ".h\"\n\n");
    put_format_check(c);
    PUTS(c, "#define APIG_GEN_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)\n"
               "#define APIG_GEN_FITS_U32(x) ((uintmax_t)(x) <= UINT32_MAX)\n\n");
    buf_printf(c, "_Static_assert(APIG_ERROR_KIND_COUNT == %d,\n"
                  "               \"include/apig/error.h changed: regenerate with apig-gen\");\n\n",
               GEN_KIND_COUNT);

    emit_charsets(c, s);
    emit_catalog(c, s);
    emit_context(c, s);

    for (size_t i = 0; i < s->message_count; i++)
        emit_message(c, s, s->emit_order[i]);
    for (size_t i = 0; i < s->op_count; i++) {
        emit_message(c, s, &s->ops[i].path_params);
        if (s->ops[i].has_query)
            emit_message(c, s, &s->ops[i].query);
    }

    if (s->token_header) {
        PUTS(c, "/* ---- the authentication header ---- */\n\n");
        emit_field_extras(c, s, NULL, s->token_header, s->prefix);
        buf_printf(c, "const apig_field %s_token_header =\n", s->prefix);
        emit_field(c, s, NULL, s->token_header, s->prefix, false, true);
        PUTS(c, "\n");
    }

    PUTS(c, "/* ---- the operations ---- */\n\n");
    for (size_t i = 0; i < s->op_count; i++)
        emit_operation(c, s, &s->ops[i]);
    buf_printf(c, "const apig_operation *const %s_operations[%s_OPERATION_COUNT] = {\n",
               s->prefix, s->pmacro);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(c, "    &%s_op,\n", s->ops[i].cname);
    PUTS(c, "};\n\n");
    buf_printf(c, "const apig_schema %s_schema = {\n    .prefix = ", s->prefix);
    put_str(c, s->prefix);
    buf_printf(c, ",\n    .operations = %s_operations,\n    .operation_count = %s_OPERATION_COUNT,\n"
                  "    .catalog = &%s_catalog,\n",
               s->prefix, s->pmacro, s->prefix);
    if (s->token_header)
        buf_printf(c, "    .token_header = &%s_token_header,\n", s->prefix);
    else
        PUTS(c, "    .token_header = NULL,\n");
    if (s->error_body)
        buf_printf(c, "    .error_body = &%s_desc,\n", s->error_body->cname);
    else
        PUTS(c, "    .error_body = NULL,\n");
    if (s->ctxkey_count)
        buf_printf(c, "    .context_keys = %s_context_keys,\n    .context_key_count = %u,\n",
                   s->prefix, (unsigned)s->ctxkey_count);
    else
        PUTS(c, "    .context_keys = NULL,\n    .context_key_count = 0,\n");
    /* Tables of another format do not link: see APIG_TABLE_FORMAT. */
    buf_printf(c, "    .table_format = &apig_table_format_%d,\n", APIG_TABLE_FORMAT);
    PUTS(c, "};\n");
}

/* The examples go in a file of their own: they are test data, which a
 * program that only decodes and encodes need not link. */
void emit_examples(gen_buf *c, const gen_schema *s, const char *schema_base, const char *out_base)
{
    put_banner(c, s, schema_base);
    PUTS(c, "#include <stddef.h>\n\n#include \"");
    buf_put(c, out_base, strlen(out_base));
    PUTS(c, ".h\"\n\n");
    if (!s->example_count) {
        buf_printf(c, "const apig_example_set %s_examples = {NULL, 0};\n", s->prefix);
        return;
    }
    PUTS(c, "/* ---- examples (the document's, byte for byte) ---- */\n\n");
    for (size_t i = 0; i < s->example_count; i++) {
        const gen_example *e = &s->examples[i];
        buf_printf(c, "static const char %s_example_%u_body[] =\n    ", s->prefix, (unsigned)i);
        put_cstr(c, e->body, e->body_len, true, "    ");
        PUTS(c, ";\n");
    }
    buf_printf(c, "\nstatic const apig_example %s_example_items[] = {\n", s->prefix);
    for (size_t i = 0; i < s->example_count; i++) {
        const gen_example *e = &s->examples[i];
        PUTS(c, "    {\n        .name = ");
        put_str(c, e->name);
        buf_printf(c, ",\n        .kind = %s,\n        .status = %d,\n",
                   gen_name(&gen_example_kinds, e->kind), e->status);
        buf_printf(c, "        .message = &%s_desc,\n", e->message->cname);
        if (e->operation)
            buf_printf(c, "        .operation = &%s_op,\n", e->operation->cname);
        else
            PUTS(c, "        .operation = NULL,\n");
        buf_printf(c, "        .body = %s_example_%u_body,\n"
                      "        .body_len = sizeof %s_example_%u_body - 1,\n",
                   s->prefix, (unsigned)i, s->prefix, (unsigned)i);
        PUTS(c, "        .error_param = ");
        put_str(c, e->param);
        PUTS(c, ",\n        .error_id = ");
        put_str(c, e->id);
        PUTS(c, ",\n    },\n");
    }
    PUTS(c, "};\n\n");
    for (size_t i = 0; i < s->example_count; i++)
        buf_printf(c, "_Static_assert(sizeof %s_example_%u_body - 1 == %u, \"example %u\");\n",
                   s->prefix, (unsigned)i, (unsigned)s->examples[i].body_len, (unsigned)i);
    buf_printf(c, "\nconst apig_example_set %s_examples = {%s_example_items, %u};\n", s->prefix,
               s->prefix, (unsigned)s->example_count);
}
