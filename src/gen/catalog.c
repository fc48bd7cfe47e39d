/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - x-errors: the error catalog (codes, statuses, messages and
 * their decorations), the formats, the rules that map every error kind to a
 * code, a field's own such map, and the error body's code and message
 * fields.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static int entry_index(const gen_schema *s, const char *code)
{
    for (size_t i = 0; i < s->entry_count; i++)
        if (strcmp(s->entries[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* Reads a {kind keyword: catalog code} mapping into kind_entry. */
bool load_kind_map(loader *L, const ynode *map, uint8_t *kind_entry, bool *seen,
                          const char *where)
{
    if (!y_want(map, Y_MAPPING, where))
        return false;
    bool ok = true;
    for (size_t i = 0; i < map->pair_count; i++) {
        const ynode *k = map->pairs[i].key, *v = map->pairs[i].value;
        int kind = gen_value_of(&gen_kinds, k->text);
        if (kind < 0) {
            gen_error(k->pos, "unknown error kind '%s' in %s (see include/apig/error.h)",
                      k->text, where);
            ok = false;
            continue;
        }
        const char *code;
        if (!y_text(v, "a catalog code", &code)) {
            ok = false;
            continue;
        }
        if (!L->catalog_ok)
            continue;
        int e = entry_index(L->s, code);
        if (e < 0) {
            gen_error(v->pos, "unknown catalog code '%s' (not in x-errors: catalog:)", code);
            ok = false;
            continue;
        }
        kind_entry[kind] = (uint8_t)e;
        if (seen)
            seen[kind] = true;
    }
    return ok;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const gen_entry *)a)->code, ((const gen_entry *)b)->code);
}

static bool check_format_text(const ynode *n)
{
    static const char *const ph[] = {"{message}", "{param}", "{id}", "{detail}", NULL};
    const char *t = n->text;
    for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
        size_t j = 1;
        while (p[j] && (islower((unsigned char)p[j]) || p[j] == '_'))
            j++;
        if (p[j] != '}' || j == 1)
            continue; /* not a placeholder: copied verbatim */
        bool known = false;
        for (size_t m = 0; ph[m]; m++)
            if (strncmp(p, ph[m], j + 1) == 0 && strlen(ph[m]) == j + 1)
                known = true;
        if (!known) {
            gen_error(n->pos, "unknown placeholder '%.*s' (use {message}, {param}, {id}, {detail})",
                      (int)(j + 1), p);
            return false;
        }
    }
    return true;
}

/* x-errors: formats: (the decorations' texts). False when the mapping is
 * wrong; a wrong format sets *ok to false. */
static bool load_formats(gen_schema *s, const ynode *fm, bool *ok)
{
    static const char *const fkeys[] = {"param", "id", "detail", NULL};
    if (!y_want(fm, Y_MAPPING, "formats") || !y_only_keys(fm, fkeys, "x-errors: formats:"))
        return false;
    for (size_t i = 0; i < fm->pair_count; i++) {
        const ynode *k = fm->pairs[i].key, *v = fm->pairs[i].value;
        const char *t;
        if (!y_text(v, "a format", &t) || !check_format_text(v)) {
            *ok = false;
            continue;
        }
        if (strcmp(k->text, "param") == 0)
            s->param_format = v->text;
        else if (strcmp(k->text, "id") == 0)
            s->id_format = v->text;
        else
            s->detail_format = v->text;
    }
    return true;
}

/* x-errors: body: the error body's code and message fields, by name (they
 * are resolved once the error body is known: resolve_error_body). */
static bool load_error_body_keys(gen_schema *s, const ynode *body)
{
    static const char *const bkeys[] = {"code", "message", NULL};
    const char *t;
    if (!y_want(body, Y_MAPPING, "x-errors: body:") || !y_only_keys(body, bkeys, "x-errors: body:") ||
        !y_need_key(body, "code", "x-errors: body:") || !y_need_key(body, "message", "x-errors: body:") ||
        !y_text(y_get(body, "code"), "the error code field", &t) ||
        !y_text(y_get(body, "message"), "the error message field", &t))
        return false;
    s->error_code_key = y_get(body, "code");
    s->error_message_key = y_get(body, "message");
    return true;
}

/* An entry's decoration, which needs its format. */
static bool load_decoration(const gen_schema *s, gen_entry *e, const ynode *d)
{
    const char *t;
    if (!y_text(d, "decoration", &t))
        return false;
    int dec = gen_value_of(&gen_decorations, t);
    if (dec < 0) {
        char *all = gen_keywords(&gen_decorations, -1, ", ");
        gen_error(d->pos, "unknown decoration '%s' (%s)", t, all);
        free(all);
        return false;
    }
    e->decoration = (apig_decoration)dec;
    /* Each decoration but none is worded by the format of its name. */
    const char *format = dec == APIG_DECORATE_PARAM    ? s->param_format
                         : dec == APIG_DECORATE_ID     ? s->id_format
                         : dec == APIG_DECORATE_DETAIL ? s->detail_format
                                                       : "";
    if (!format) {
        gen_error(d->pos, "decoration '%s' needs x-errors: formats: %s:", t, t);
        return false;
    }
    return true;
}

/* Catalog entry k: v into e (cleared first). */
static bool load_entry(const gen_schema *s, gen_entry *e, const ynode *k, const ynode *v)
{
    static const char *const ekeys[] = {"status", "message", "decoration", NULL};
    memset(e, 0, sizeof *e);
    if (k->len == 0 || !gen_json_name_ok(k->text)) {
        gen_error(k->pos, "a catalog code must be printable ASCII without '\"' or '\\'");
        return false;
    }
    if (!y_want(v, Y_MAPPING, "a catalog entry") || !y_only_keys(v, ekeys, "a catalog entry") ||
        !y_need_key(v, "status", "a catalog entry") || !y_need_key(v, "message", "a catalog entry"))
        return false;
    int64_t st;
    const char *msg;
    if (!y_int(y_get(v, "status"), "status", 100, 599, &st) ||
        !y_text(y_get(v, "message"), "message", &msg))
        return false;
    e->code = k->text;
    e->status = (int)st;
    e->message = y_get(v, "message")->text;
    e->decoration = APIG_DECORATE_NONE;
    const ynode *d = y_get(v, "decoration");
    return !d || load_decoration(s, e, d);
}

/* x-errors: catalog:, its entries sorted by code. False when the mapping
 * is wrong; a wrong entry sets *ok to false. */
static bool load_catalog(gen_schema *s, const ynode *cat, bool *ok)
{
    if (!y_want(cat, Y_MAPPING, "catalog"))
        return false;
    if (cat->pair_count == 0 || cat->pair_count > GEN_MAX_ENTRIES) {
        gen_error(cat->pos, "the catalog needs 1 to %u entries", GEN_MAX_ENTRIES);
        return false;
    }
    s->entries = gen_alloc(cat->pair_count * sizeof *s->entries);
    for (size_t i = 0; i < cat->pair_count; i++) {
        if (load_entry(s, &s->entries[s->entry_count], cat->pairs[i].key, cat->pairs[i].value))
            s->entry_count++;
        else
            *ok = false;
    }
    if (*ok)
        qsort(s->entries, s->entry_count, sizeof *s->entries, cmp_entry);
    return true;
}

/* x-errors: rules:, a code for every error kind. */
static bool load_rules(loader *L, const ynode *rules)
{
    gen_schema *s = L->s;
    bool seen[APIG_ERROR_KIND_COUNT] = {false};
    if (!load_kind_map(L, rules, s->kind_entry, seen, "x-errors: rules:"))
        return false;
    bool ok = true;
    for (int k = 1; k < GEN_KIND_COUNT; k++)
        if (!seen[k]) {
            gen_error(rules->pos, "x-errors: rules: misses error kind '%s'",
                      gen_keyword(&gen_kinds, (unsigned)k));
            ok = false;
        }
    return ok;
}

bool load_errors(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"formats", "catalog", "rules", "body", NULL};
    if (!y_want(node, Y_MAPPING, "x-errors") || !y_only_keys(node, keys, "x-errors"))
        return false;
    if (!y_need_key(node, "catalog", "x-errors") || !y_need_key(node, "rules", "x-errors"))
        return false;
    bool ok = true;
    const ynode *fm = y_get(node, "formats"), *body = y_get(node, "body");
    if (fm && !load_formats(s, fm, &ok))
        return false;
    if (body && !load_error_body_keys(s, body))
        return false;
    if (!load_catalog(s, y_get(node, "catalog"), &ok) || !ok)
        return false;
    L->catalog_ok = true;
    return load_rules(L, y_get(node, "rules"));
}

/* x-errors: body: names the string fields of the error body that carry the
 * code and the message, so the runtime writes error bodies from the tables. */
static int error_body_field(const gen_schema *s, const ynode *key)
{
    const gen_message *m = s->error_body;
    if (!m) {
        gen_error(key->pos, "x-errors: body: needs an error response (status >= 400)");
        return -1;
    }
    for (size_t i = 0; i < m->field_count; i++)
        if (strcmp(m->fields[i].name, key->text) == 0) {
            if (m->fields[i].type != APIG_TYPE_STRING) {
                gen_error(key->pos, "%s.%s must be a string to carry an error", m->name, key->text);
                return -1;
            }
            return (int)i;
        }
    gen_error(key->pos, "the error body %s has no field '%s'", m->name, key->text);
    return -1;
}

bool resolve_error_body(gen_schema *s)
{
    s->error_code_field = s->error_message_field = -1;
    if (!s->error_code_key)
        return true;
    s->error_code_field = error_body_field(s, s->error_code_key);
    s->error_message_field = error_body_field(s, s->error_message_key);
    if (s->error_code_field >= 0 && s->error_code_field == s->error_message_field) {
        gen_error(s->error_message_key->pos, "the error code and message need two fields");
        return false;
    }
    return s->error_code_field >= 0 && s->error_message_field >= 0;
}
