/* SPDX-License-Identifier: MIT */
/*
 * definitions.c - definitions: the messages (their fields, required
 * fields and output order), the references between them, and the order in
 * which they are emitted.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* Checks C member names within one struct (has_x, x_count included). */
bool check_members(const gen_message *m)
{
    bool ok = true;
    size_t n = m->field_count;
    char **names = gen_alloc(3 * n * sizeof *names + 1);
    const gen_field **owner = gen_alloc(3 * n * sizeof *owner + 1);
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        const gen_field *f = &m->fields[i];
        names[c] = gen_strndup(f->cname, strlen(f->cname));
        owner[c++] = f;
        names[c] = gen_concat("has_", f->cname);
        owner[c++] = f;
        if (f->type == APIG_TYPE_ARRAY) {
            names[c] = gen_concat(f->cname, "_count");
            owner[c++] = f;
        }
    }
    for (size_t i = 0; i < c && ok; i++)
        for (size_t j = i + 1; j < c; j++)
            if (strcmp(names[i], names[j]) == 0) {
                gen_error(owner[j]->pos, "C member '%s' of field '%s' clashes with field '%s'",
                          names[j], owner[j]->name, owner[i]->name);
                ok = false;
                break;
            }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && ok; j++)
            if (strcmp(m->fields[i].name, m->fields[j].name) == 0) {
                gen_error(m->fields[j].pos, "duplicate field '%s'", m->fields[j].name);
                ok = false;
            }
    for (size_t i = 0; i < c; i++)
        free(names[i]);
    free(names);
    free(owner);
    return ok;
}

/* The index of m's field `name`, or m->field_count when it has none:
 * the one lookup x-order and required share. */
static size_t field_index(const gen_message *m, const char *name)
{
    size_t j = 0;
    while (j < m->field_count && strcmp(m->fields[j].name, name) != 0)
        j++;
    return j;
}

static bool load_order(gen_message *m, const ynode *node)
{
    m->order = gen_alloc(m->field_count + 1);
    if (!node) {
        for (size_t i = 0; i < m->field_count; i++)
            m->order[i] = (uint8_t)i;
        return true;
    }
    if (!y_want(node, Y_SEQUENCE, "x-order"))
        return false;
    bool *used = gen_alloc(m->field_count + 1);
    bool ok = true;
    size_t c = 0;
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *it = node->items[i];
        const char *t;
        if (!y_text(it, "an x-order entry", &t)) {
            ok = false;
            continue;
        }
        size_t j = field_index(m, t);
        if (j == m->field_count) {
            gen_error(it->pos, "x-order names '%s', which is not a field of %s", t, m->name);
            ok = false;
        } else if (used[j]) {
            gen_error(it->pos, "x-order names '%s' twice", t);
            ok = false;
        } else {
            used[j] = true;
            m->order[c++] = (uint8_t)j;
        }
    }
    for (size_t j = 0; j < m->field_count && ok; j++)
        if (!used[j]) {
            gen_error(node->pos, "x-order misses field '%s'", m->fields[j].name);
            ok = false;
        }
    free(used);
    return ok;
}

static bool load_definition(loader *L, gen_message *m, const ynode *v)
{
    static const char *const keys[] = {"type", "description", "required", "properties",
                                       "x-order", NULL};
    if (!y_want(v, Y_MAPPING, "a definition") || !y_only_keys(v, keys, "a definition") ||
        !y_need_key(v, "type", "a definition") || !y_need_key(v, "properties", "a definition"))
        return false;
    const char *t;
    const ynode *tn = y_get(v, "type");
    if (!y_text(tn, "type", &t))
        return false;
    if (strcmp(t, "object") != 0) {
        gen_error(tn->pos, "unsupported definition type '%s' (definitions are objects)", t);
        return false;
    }
    const ynode *props = y_get(v, "properties");
    if (!y_want(props, Y_MAPPING, "properties"))
        return false;
    if (props->pair_count > GEN_MAX_FIELDS) {
        gen_error(props->pos, "at most %u fields per definition", GEN_MAX_FIELDS);
        return false;
    }
    m->fields = gen_alloc(props->pair_count * sizeof *m->fields);
    bool ok = true;
    for (size_t i = 0; i < props->pair_count; i++) {
        if (!load_field(L, &m->fields[m->field_count], props->pairs[i].key,
                        props->pairs[i].value, SITE_BODY)) {
            free_field(&m->fields[m->field_count]);
            ok = false;
        }
        else
            m->field_count++;
    }
    if (!ok || !check_members(m))
        return false;
    const ynode *rq = y_get(v, "required");
    if (rq) {
        if (!y_want(rq, Y_SEQUENCE, "required"))
            return false;
        for (size_t i = 0; i < rq->item_count; i++) {
            if (!y_text(rq->items[i], "a required field name", &t)) {
                ok = false;
                continue;
            }
            size_t j = field_index(m, t);
            if (j == m->field_count) {
                gen_error(rq->items[i]->pos, "required names '%s', which is not a field of %s",
                          t, m->name);
                ok = false;
            } else if (m->fields[j].required) {
                gen_error(rq->items[i]->pos, "required names '%s' twice", t);
                ok = false;
            } else {
                m->fields[j].required = true;
                if (m->fields[j].as_service) /* required in both modes */
                    m->fields[j].as_service->required = true;
            }
        }
    }
    return load_order(m, y_get(v, "x-order")) && ok;
}

gen_message *find_message(const gen_schema *s, const char *name)
{
    for (size_t i = 0; i < s->message_count; i++)
        if (strcmp(s->messages[i]->name, name) == 0)
            return s->messages[i];
    return NULL;
}

/* Depth-first: a message after every message it embeds. */
static bool order_messages(gen_schema *s, gen_message *m, size_t *n)
{
    if (m->visit == 2)
        return true;
    if (m->visit == 1) {
        gen_error(m->pos, "definition %s contains itself (fixed-size structs cannot nest "
                          "recursively)", m->name);
        return false;
    }
    m->visit = 1;
    for (size_t i = 0; i < m->field_count; i++)
        if (m->fields[i].message && !order_messages(s, m->fields[i].message, n))
            return false;
    m->visit = 2;
    s->emit_order[(*n)++] = m;
    return true;
}

bool load_definitions(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    if (!y_want(node, Y_MAPPING, "definitions"))
        return false;
    if (node->pair_count == 0) {
        gen_error(node->pos, "definitions is empty");
        return false;
    }
    bool ok = true;
    s->messages = gen_alloc(node->pair_count * sizeof *s->messages);
    s->emit_order = gen_alloc(node->pair_count * sizeof *s->emit_order);
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key;
        if (!gen_is_ident(k->text) || k->text[0] == '_') {
            gen_error(k->pos, "definition name '%s' must be an identifier", k->text);
            ok = false;
            continue;
        }
        gen_message *m = gen_alloc(sizeof *m);
        m->name = k->text;
        m->pos = k->pos;
        m->cname = gen_prefixed(s, k->text);
        m->macro = gen_upper(m->cname);
        for (size_t j = 0; j < s->message_count; j++)
            if (strcmp(s->messages[j]->cname, m->cname) == 0) {
                gen_error(k->pos, "definition %s has the same C name as %s (%s)", m->name,
                          s->messages[j]->name, m->cname);
                ok = false;
            }
        s->messages[s->message_count++] = m;
    }
    if (!ok)
        return false;
    for (size_t i = 0; i < node->pair_count; i++)
        if (!load_definition(L, s->messages[i], node->pairs[i].value))
            ok = false;
    if (!ok)
        return false;
    for (size_t i = 0; i < s->message_count; i++) {
        gen_message *m = s->messages[i];
        for (size_t j = 0; j < m->field_count; j++) {
            gen_field *f = &m->fields[j];
            if (!f->ref_name)
                continue;
            f->message = find_message(s, f->ref_name);
            if (!f->message) {
                gen_error(f->ref_pos, "unknown definition '%s'", f->ref_name);
                ok = false;
            }
        }
    }
    if (!ok)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < s->message_count; i++)
        if (!order_messages(s, s->messages[i], &n))
            return false;
    /* Embedded messages first: a message has a variant as the service
     * writes when one of its fields, items or embedded messages does. */
    for (size_t i = 0; i < n; i++) {
        gen_message *m = s->emit_order[i];
        for (size_t j = 0; j < m->field_count; j++) {
            const gen_field *f = &m->fields[j];
            if (f->as_service || (f->item && f->item->as_service) ||
                (f->message && f->message->as_service))
                m->as_service = true;
        }
    }
    return true;
}
