/* SPDX-License-Identifier: MIT */
/*
 * schema.c - reads the YAML tree of a schema into the checked model that
 * the emit_*.c files write out. Every rule of docs/schema.md is enforced
 * here and in the files load.h lists; any violation is reported with its
 * position and the model is not returned.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static void free_message(gen_message *m, bool owned)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->field_count; i++)
        free_field(&m->fields[i]);
    free(m->fields);
    free(m->order);
    free(m->cname);
    free(m->macro);
    if (owned)
        free(m);
}

void schema_free(gen_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->charset_count; i++) {
        free(s->charsets[i].ranges);
        free(s->charsets[i].cname);
    }
    /* A set that failed to load may hold allocations past charset_count;
     * charsets is sized to the YAML entries, cleared, so this is safe. */
    free(s->charsets);
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        free(s->ctxkeys[i].values);
        free(s->ctxkeys[i].alias_names);
        free(s->ctxkeys[i].alias_values);
    }
    free(s->ctxkeys);
    for (size_t i = 0; i < s->limit_count; i++) {
        free(s->limits[i].macro);
        free(s->limits[i].expr);
    }
    free(s->limits);
    for (size_t i = 0; i < s->path_field_count; i++)
        free_field(&s->path_fields[i]);
    free(s->path_fields);
    if (s->token_header)
        free_field(s->token_header);
    free(s->token_header);
    for (size_t i = 0; i < s->op_count; i++) {
        gen_operation *o = &s->ops[i];
        /* The path fields are copies of path_fields: their parts are freed there. */
        free(o->path_params.fields);
        o->path_params.fields = NULL;
        o->path_params.field_count = 0;
        free_message(&o->path_params, false);
        free_message(&o->query, false);
        free(o->cname);
        free(o->macro);
    }
    free(s->ops);
    for (size_t i = 0; i < s->message_count; i++)
        free_message(s->messages[i], true);
    free(s->messages);
    free(s->emit_order);
    free(s->entries);
    free(s->examples);
    free(s->pmacro);
    free(s);
}

static gen_schema *fail(gen_schema *s)
{
    schema_free(s);
    return NULL;
}

/* The C prefix every generated name starts with: lower case, and not
 * apig's own (the runtime's names start with apig_ and APIG_). */
static bool load_prefix(gen_schema *s, const ynode *n)
{
    const char *t;
    if (!y_text(n, "c-prefix", &t))
        return false;
    bool ok = islower((unsigned char)t[0]) && t[strlen(t) - 1] != '_' && strlen(t) <= 32;
    for (size_t i = 0; t[i]; i++)
        if (!islower((unsigned char)t[i]) && !isdigit((unsigned char)t[i]) && t[i] != '_')
            ok = false;
    if (!ok) {
        gen_error(n->pos, "c-prefix '%s' must be 1..32 lower case letters, digits and '_', "
                          "starting with a letter and not ending in '_'", t);
        return false;
    }
    if (strcmp(t, "apig") == 0 || strncmp(t, "apig_", 5) == 0) {
        gen_error(n->pos, "c-prefix '%s' would take names of apig's own API", t);
        return false;
    }
    s->prefix = n->text;
    s->pmacro = gen_upper(t);
    return true;
}

gen_schema *schema_load(const ynode *root, int storage)
{
    static const char *const keys[] = {
        "apig-schema", "c-prefix", "description", "x-string-storage", "x-charsets", "x-context",
        "limits",
        "parameters", "x-signature", "operations", "definitions", "x-errors", "x-examples", NULL};
    static const char *const required[] = {
        "apig-schema", "c-prefix", "operations", "definitions", "x-errors", NULL};
    if (!y_want(root, Y_MAPPING, "the schema"))
        return NULL;
    const ynode *ver = y_get(root, "apig-schema");
    if (ver && ver->kind == Y_SCALAR && ver->plain && strcmp(ver->text, "1") == 0) {
        gen_error(ver->pos, "apig-schema 1 (one operation per file) is no longer read: "
                            "format 2 names a c-prefix and lists operations (CHANGELOG.md, "
                            "docs/schema.md)");
        return NULL;
    }
    bool ok = y_only_keys(root, keys, "the schema");
    for (size_t i = 0; required[i]; i++)
        if (!y_need_key(root, required[i], "the schema"))
            ok = false;
    if (!ok)
        return NULL;

    gen_schema *s = gen_alloc(sizeof *s);
    loader L = {s, false};
    int64_t v;
    if (!y_int(ver, "apig-schema", 2, 2, &v))
        ok = false;
    if (!load_prefix(s, y_get(root, "c-prefix")))
        ok = false;
    const ynode *sn = y_get(root, "x-string-storage");
    if (sn && !storage_of(sn, &s->view_default))
        ok = false;
    if (storage >= 0) /* apig-gen --string-storage: the whole file's default */
        s->view_default = storage == 1;
    if (!ok)
        return fail(s);

    const ynode *n;
    if ((n = y_get(root, "x-charsets")) && !load_charsets(&L, n))
        ok = false;
    if ((n = y_get(root, "x-context")) && !load_context(&L, n))
        ok = false;
    if ((n = y_get(root, "limits")) && !load_limits(&L, n))
        ok = false;
    if (!load_errors(&L, y_get(root, "x-errors")))
        return fail(s); /* fields refer to the catalog */
    if (!ok)
        return fail(s);
    if (!load_definitions(&L, y_get(root, "definitions")))
        ok = false;
    if ((n = y_get(root, "parameters")) && !load_parameters(&L, n))
        ok = false;
    if ((n = y_get(root, "x-signature")) && !load_signature(s, n))
        ok = false;
    if (!ok)
        return fail(s);
    if (!load_operations(&L, y_get(root, "operations")))
        return fail(s);
    if (!resolve_error_body(s))
        return fail(s);
    if ((n = y_get(root, "x-examples")) && !load_examples(s, n))
        return fail(s);
    if (!gen_check_names(s, root->pos))
        return fail(s);
    return gen_error_count() == 0 ? s : fail(s);
}
