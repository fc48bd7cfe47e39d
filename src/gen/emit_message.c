/* SPDX-License-Identifier: MIT */
/*
 * emit_message.c - one message's tables in the generated source: its
 * static assertions, key lookup, fields (with their conditions, codes,
 * defaults, enum values and item rules), order and apig_message, and its
 * variant as the service writes it.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

static void emit_lookup(gen_buf *c, const gen_message *m)
{
    buf_printf(c, "static int %s_lookup(const char *key, size_t len)\n{\n", m->cname);
    if (m->field_count == 0) {
        PUTS(c, "    (void)key;\n    (void)len;\n    return -1;\n}\n\n");
        return;
    }
    /* Group by length, in ascending length, fields in declaration order. */
    size_t maxlen = 0;
    for (size_t i = 0; i < m->field_count; i++)
        if (strlen(m->fields[i].name) > maxlen)
            maxlen = strlen(m->fields[i].name);
    PUTS(c, "    switch (len) {\n");
    for (size_t n = 1; n <= maxlen; n++) {
        bool any = false;
        for (size_t i = 0; i < m->field_count; i++) {
            if (strlen(m->fields[i].name) != n)
                continue;
            if (!any)
                buf_printf(c, "    case %u:\n", (unsigned)n);
            any = true;
            PUTS(c, "        if (memcmp(key, ");
            put_str(c, m->fields[i].name);
            buf_printf(c, ", %u) == 0)\n            return %u;\n", (unsigned)n, (unsigned)i);
        }
        if (any)
            PUTS(c, "        break;\n");
    }
    PUTS(c, "    default:\n        break;\n    }\n    return -1;\n}\n\n");
}

/* A field's default and normalisation rules, when it has them (members
 * left out are zero: none). */
static void emit_field_default(gen_buf *c, const gen_field *f, const char *prefix)
{
    if (f->has_default) {
        PUTS(c, "        .has_default = 1,\n");
        if (f->type == APIG_TYPE_STRING) {
            PUTS(c, "        .default_string = ");
            put_str(c, f->default_string);
        } else {
            PUTS(c, "        .default_integer = ");
            put_i64(c, f->default_integer);
        }
        PUTS(c, ",\n");
    }
    if (f->normalize_count)
        buf_printf(c, "        .normalize = %s_%s_normalize,\n        .normalize_count = %u,\n",
                   prefix, f->cname, (unsigned)f->normalize_count);
}

/* Where field f is (of message m; NULL for the token header, which has no
 * struct): its name, type, offsets, capacity and item size. */
static void emit_field_place(gen_buf *c, const gen_schema *s, const gen_message *m,
                             const gen_field *f)
{
    PUTS(c, "        .name = ");
    put_str(c, f->name);
    buf_printf(c, ",\n        .name_len = %u,\n", (unsigned)strlen(f->name));
    buf_printf(c, "        .type = %s,\n", gen_name(&gen_types, f->type));
    buf_printf(c, "        .required = %u,\n", f->required ? 1u : 0u);
    buf_printf(c, "        .format = %s,\n", gen_name(&gen_formats, f->format));
    buf_printf(c, "        .has_minimum = %u,\n", f->has_minimum ? 1u : 0u);
    buf_printf(c, "        .has_maximum = %u,\n", f->has_maximum ? 1u : 0u);
    if (m && !f->is_item) {
        buf_printf(c, "        .offset = (uint32_t)offsetof(%s, %s),\n", m->cname, f->cname);
        buf_printf(c, "        .has_offset = (uint32_t)offsetof(%s, has_%s),\n", m->cname, f->cname);
    } else {
        PUTS(c, "        .offset = 0,\n        .has_offset = 0,\n");
    }
    if (m && f->type == APIG_TYPE_ARRAY)
        buf_printf(c, "        .count_offset = (uint32_t)offsetof(%s, %s_count),\n", m->cname,
                   f->cname);
    else
        PUTS(c, "        .count_offset = 0,\n");
    PUTS(c, "        .capacity = ");
    if (!m)
        buf_printf(c, "%s_TOKEN_HEADER_SIZE", s->pmacro);
    else if (f->type == APIG_TYPE_STRING && !f->view)
        put_field_macro(c, m, f, "SIZE");
    else if (f->type == APIG_TYPE_ARRAY)
        put_field_macro(c, m, f, "MAX");
    else
        PUTS(c, "0");
    PUTS(c, ",\n        .item_size = ");
    if (f->item && field_viewed(f))
        PUTS(c, "sizeof(apig_string)");
    else if (f->item)
        put_field_macro(c, m, f, "SIZE");
    else if (f->type == APIG_TYPE_ARRAY || f->type == APIG_TYPE_OBJECT)
        buf_printf(c, "sizeof(%s)", f->message->cname);
    else
        PUTS(c, "0");
    PUTS(c, ",\n");
}

/* Field f's rules: limits, character set, embedded message, conditions,
 * codes, default, enum values, separator, item rules and storage (the
 * tables they name are prefix_<field>_...; `as_service`: the variants as
 * the service writes, where they exist). */
static void emit_field_rules(gen_buf *c, const gen_schema *s, const gen_field *f,
                             const char *prefix, bool as_service)
{
    PUTS(c, "        .minimum = ");
    put_i64(c, f->has_minimum ? f->minimum : 0);
    PUTS(c, ",\n        .maximum = ");
    put_i64(c, f->has_maximum ? f->maximum : 0);
    /* the table's min_length: characters for a string, items for an array */
    buf_printf(c, ",\n        .min_length = %u,\n        .max_length = %u,\n",
               (unsigned)(f->type == APIG_TYPE_ARRAY ? f->min_items : f->min_chars),
               (unsigned)f->max_chars);
    if (f->charset)
        buf_printf(c, "        .charset = &%s_charset_%s,\n", s->prefix, f->charset->cname);
    else
        PUTS(c, "        .charset = NULL,\n");
    if (f->message)
        buf_printf(c, "        .message = &%s_%sdesc,\n", f->message->cname,
                   as_service && f->message->as_service ? "as_service_" : "");
    else
        PUTS(c, "        .message = NULL,\n");
    if (f->condition_count)
        buf_printf(c, "        .conditions = %s_%s_when,\n        .condition_count = %u,\n",
                   prefix, f->cname, (unsigned)f->condition_count);
    else
        PUTS(c, "        .conditions = NULL,\n        .condition_count = 0,\n");
    if (f->has_overrides)
        buf_printf(c, "        .kind_entry = %s_%s_kinds,\n", prefix, f->cname);
    else
        buf_printf(c, "        .kind_entry = %s_catalog.kind_entry,\n", s->prefix);
    emit_field_default(c, f, prefix);
    if (f->enum_count)
        buf_printf(c, "        .enum_values = %s_%s%s_enum,\n        .enum_count = %u,\n",
                   prefix, f->cname, f->is_item ? "_item" : "", (unsigned)f->enum_count);
    else
        PUTS(c, "        .enum_values = NULL,\n        .enum_count = 0,\n");
    if (f->separator)
        buf_printf(c, "        .separator = '%s%c',\n", f->separator == '\'' || f->separator == '\\' ? "\\" : "",
                   f->separator);
    else
        PUTS(c, "        .separator = 0,\n");
    if (f->item)
        buf_printf(c, "        .item = &%s_%s_item%s,\n", prefix, f->cname,
                   as_service && f->item->as_service ? "_as_service" : "");
    else
        PUTS(c, "        .item = NULL,\n");
    if (f->type == APIG_TYPE_STRING && f->view)
        buf_printf(c, "        .storage = %s,\n", gen_name(&gen_storages, APIG_STORAGE_VIEW));
}

void emit_field(gen_buf *c, const gen_schema *s, const gen_message *m, const gen_field *f,
                const char *prefix, bool as_service, bool definition)
{
    if (definition)
        PUTS(c, "{\n");
    else
        PUTS(c, "    {\n");
    emit_field_place(c, s, m, f);
    emit_field_rules(c, s, f, prefix, as_service);
    if (definition)
        PUTS(c, "    };\n");
    else
        PUTS(c, "    },\n");
}

static void emit_enum(gen_buf *c, const gen_field *f, const char *prefix)
{
    if (!f->enum_count)
        return;
    buf_printf(c, "static const char *const %s_%s%s_enum[] = {", prefix, f->cname,
               f->is_item ? "_item" : "");
    for (size_t i = 0; i < f->enum_count; i++) {
        if (i)
            PUTS(c, ", ");
        put_str(c, f->enum_values[i]);
    }
    PUTS(c, "};\n");
}

/* An array's item rules (`item`, or its variant as the service writes),
 * as a definition <prefix>_<field>_item<suffix>. */
static void emit_item(gen_buf *c, const gen_schema *s, const gen_message *m,
                      const gen_field *item, const char *prefix, const char *suffix)
{
    buf_printf(c, "static const apig_field %s_%s_item%s =\n", prefix, item->cname, suffix);
    emit_field(c, s, m, item, prefix, false, true);
}

/* Conditions, kind overrides, enum values and item rules of one field
 * (of message m; NULL for the token header), before its table. */
void emit_field_extras(gen_buf *c, const gen_schema *s, const gen_message *m,
                              const gen_field *f, const char *prefix)
{
    if (f->condition_count) {
        buf_printf(c, "static const apig_condition %s_%s_when[] = {\n", prefix, f->cname);
        for (size_t i = 0; i < f->condition_count; i++) {
            const apig_condition *cd = &f->conditions[i];
            const gen_ctxkey *k = &s->ctxkeys[cd->key];
            buf_printf(c, "    {.key = %u, .value = %u, .action = %s, .format = %s}, /* ",
                       cd->key, cd->value, gen_name(&gen_actions, cd->action),
                       gen_name(&gen_formats, cd->format));
            put_comment_text(c, k->name);
            PUTS(c, " = ");
            put_comment_text(c, k->values[cd->value]);
            PUTS(c, " */\n");
        }
        PUTS(c, "};\n");
    }
    if (f->has_overrides) {
        buf_printf(c, "static const uint8_t %s_%s_kinds[APIG_ERROR_KIND_COUNT] = {\n", prefix,
                   f->cname);
        put_kind_entries(c, s, f->kind_entry);
        PUTS(c, "};\n");
    }
    if (f->normalize_count) {
        buf_printf(c, "static const apig_normalize %s_%s_normalize[] = {\n", prefix, f->cname);
        for (size_t i = 0; i < f->normalize_count; i++) {
            const apig_normalize *n = &f->normalize[i];
            buf_printf(c, "    {.when = %s, .limit = ", gen_name(&gen_normalize_whens, n->when));
            put_i64(c, n->limit);
            PUTS(c, ", .to = ");
            put_i64(c, n->to);
            PUTS(c, "},\n");
        }
        PUTS(c, "};\n");
    }
    emit_enum(c, f, prefix);
    if (f->item) {
        emit_enum(c, f->item, prefix);
        emit_item(c, s, m, f->item, prefix, "");
        if (f->item->as_service)
            emit_item(c, s, m, f->item->as_service, prefix, "_as_service");
    }
}

static void emit_asserts(gen_buf *c, const gen_message *m)
{
    const char *t = m->cname;
    buf_printf(c, "_Static_assert(sizeof(%s) > 0, \"%s\");\n", t, t);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        const char *n = f->cname;
        buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, %s)), \"%s.%s offset\");\n",
                   t, n, t, n);
        buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, has_%s)), \"%s.has_%s offset\");\n",
                   t, n, t, n);
        buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, has_%s) == sizeof(bool), \"%s.has_%s\");\n",
                   t, n, t, n);
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (f->view) {
                buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(apig_string), "
                              "\"%s.%s\");\n", t, n, t, n);
                break;
            }
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == ", t, n);
            put_field_macro(c, m, f, "SIZE");
            buf_printf(c, ", \"%s.%s size\");\n", t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(APIG_GEN_MEMBER_SIZE(%s, %s)), \"%s.%s size\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_INT32:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(int32_t), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_INT64:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(int64_t), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_BOOL:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(bool), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_OBJECT:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(%s), \"%s.%s\");\n",
                       t, n, f->message->cname, t, n);
            break;
        case APIG_TYPE_ARRAY:
            buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, %s_count)), \"%s.%s_count offset\");\n",
                       t, n, t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s_count) == sizeof(uint32_t), \"%s.%s_count\");\n",
                       t, n, t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == (size_t)", t, n);
            put_field_macro(c, m, f, "MAX");
            if (f->item && field_viewed(f)) {
                buf_printf(c, " * sizeof(apig_string), \"%s.%s size\");\n", t, n);
            } else if (f->item) {
                PUTS(c, " * ");
                put_field_macro(c, m, f, "SIZE");
                buf_printf(c, ", \"%s.%s size\");\n", t, n);
                buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s[0]) == ", t, n);
                put_field_macro(c, m, f, "SIZE");
                buf_printf(c, ", \"%s.%s item size\");\n", t, n);
            } else {
                buf_printf(c, " * sizeof(%s), \"%s.%s size\");\n", f->message->cname, t, n);
            }
            PUTS(c, "_Static_assert(");
            put_field_macro(c, m, f, "MAX");
            buf_printf(c, " >= %u && ", (unsigned)(f->min_items ? f->min_items : 1));
            put_field_macro(c, m, f, "MAX");
            buf_printf(c, " <= 65535, \"%s.%s capacity\");\n", t, n);
            if (f->item)
                buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(APIG_GEN_MEMBER_SIZE(%s, %s)), "
                              "\"%s.%s size\");\n", t, n, t, n);
            else
                buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(sizeof(%s)), \"%s item size\");\n",
                           f->message->cname, f->message->cname);
            break;
        }
    }
}

void emit_message(gen_buf *c, const gen_schema *s, const gen_message *m)
{
    PUTS(c, "/* ---- ");
    put_comment_text(c, m->name);
    PUTS(c, " ---- */\n\n");
    emit_asserts(c, m);
    PUTS(c, "\n");
    emit_lookup(c, m);
    for (size_t i = 0; i < m->field_count; i++)
        emit_field_extras(c, s, m, &m->fields[i], m->cname);
    if (m->field_count) {
        buf_printf(c, "static const apig_field %s_fields[] = {\n", m->cname);
        for (size_t i = 0; i < m->field_count; i++)
            emit_field(c, s, m, &m->fields[i], m->cname, false, false);
        PUTS(c, "};\n");
        buf_printf(c, "static const uint8_t %s_order[] = {", m->cname);
        for (size_t i = 0; i < m->field_count; i++)
            buf_printf(c, "%s%u", i ? ", " : "", (unsigned)m->order[i]);
        PUTS(c, "};\n");
    }
    if (m->as_service) {
        /* The same struct, with the rules the service writes by: each
         * field's x-as-service ones (or its own), embedded messages' and
         * items' variants where they have one. */
        buf_printf(c, "/* %s as the service writes it (x-as-service) */\n", m->name);
        buf_printf(c, "static const apig_field %s_as_service_fields[] = {\n", m->cname);
        for (size_t i = 0; i < m->field_count; i++) {
            const gen_field *f = &m->fields[i];
            emit_field(c, s, m, f->as_service ? f->as_service : f, m->cname, true, false);
        }
        PUTS(c, "};\n");
        buf_printf(c, "static const apig_message %s_as_service_desc = {\n    .name = ", m->cname);
        put_str(c, m->name);
        buf_printf(c, ",\n    .struct_size = sizeof(%s),\n"
                      "    .fields = %s_as_service_fields,\n    .field_count = %u,\n"
                      "    .encode_order = %s_order,\n    .lookup = %s_lookup,\n"
                      "    .catalog = &%s_catalog,\n    .max_body_bytes = %s_BODY_MAX,\n"
                      "    .as_service = NULL, /* it is the variant */\n};\n",
                   m->cname, m->cname, (unsigned)m->field_count, m->cname, m->cname, s->prefix,
                   m->macro);
    }
    buf_printf(c, "const apig_message %s_desc = {\n    .name = ", m->cname);
    put_str(c, m->name);
    buf_printf(c, ",\n    .struct_size = sizeof(%s),\n", m->cname);
    if (m->field_count)
        buf_printf(c, "    .fields = %s_fields,\n    .field_count = %u,\n"
                      "    .encode_order = %s_order,\n",
                   m->cname, (unsigned)m->field_count, m->cname);
    else
        PUTS(c, "    .fields = NULL,\n    .field_count = 0,\n    .encode_order = NULL,\n");
    buf_printf(c, "    .lookup = %s_lookup,\n    .catalog = &%s_catalog,\n"
                  "    .max_body_bytes = %s_BODY_MAX,\n",
               m->cname, s->prefix, m->macro);
    if (m->as_service)
        buf_printf(c, "    .as_service = &%s_as_service_desc,\n", m->cname);
    PUTS(c, "};\n\n");
}
