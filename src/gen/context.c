/* SPDX-License-Identifier: MIT */
/*
 * context.c - x-context, the keys a caller may set, and x-when, a field's
 * rules that depend on them.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* An enumerated key's values (1..GEN_MAX_CTX_VALUES, printable ASCII,
 * unique). False when the list itself is wrong (the aliases are not read
 * then); a wrong value sets *ok to false. */
static bool load_context_values(gen_ctxkey *ck, const ynode *en, bool *ok)
{
    if (!y_want(en, Y_SEQUENCE, "enum"))
        return false;
    if (en->item_count == 0 || en->item_count > GEN_MAX_CTX_VALUES) {
        gen_error(en->pos, "enum needs 1 to %u values", GEN_MAX_CTX_VALUES);
        return false;
    }
    ck->values = gen_alloc(en->item_count * sizeof *ck->values);
    for (size_t j = 0; j < en->item_count; j++) {
        const char *t;
        if (!y_text(en->items[j], "an enum value", &t) || !gen_printable_ascii(t)) {
            if (en->items[j]->kind == Y_SCALAR && en->items[j]->len)
                gen_error(en->items[j]->pos, "an enum value must be printable ASCII");
            *ok = false;
            continue;
        }
        for (size_t m = 0; m < ck->value_count; m++)
            if (strcmp(ck->values[m], t) == 0) {
                gen_error(en->items[j]->pos, "duplicate enum value '%s'", t);
                *ok = false;
            }
        ck->values[ck->value_count++] = en->items[j]->text;
    }
    return true;
}

/* An enumerated key's aliases: other names for its values. */
static bool load_context_aliases(gen_ctxkey *ck, const ynode *k, const ynode *al)
{
    if (!y_want(al, Y_MAPPING, "aliases"))
        return false;
    bool ok = true;
    ck->alias_names = gen_alloc(al->pair_count * sizeof *ck->alias_names);
    ck->alias_values = gen_alloc(al->pair_count);
    for (size_t j = 0; j < al->pair_count; j++) {
        const ynode *an = al->pairs[j].key, *av = al->pairs[j].value;
        const char *t;
        if (an->len == 0 || !gen_printable_ascii(an->text)) {
            gen_error(an->pos, "an alias must be printable ASCII");
            ok = false;
            continue;
        }
        for (size_t m = 0; m < ck->value_count; m++)
            if (strcmp(ck->values[m], an->text) == 0) {
                gen_error(an->pos, "alias '%s' is already a value", an->text);
                ok = false;
            }
        if (!y_text(av, "an alias target", &t)) {
            ok = false;
            continue;
        }
        size_t m;
        for (m = 0; m < ck->value_count; m++)
            if (strcmp(ck->values[m], t) == 0)
                break;
        if (m == ck->value_count) {
            gen_error(av->pos, "alias target '%s' is not a value of '%s'", t, k->text);
            ok = false;
            continue;
        }
        ck->alias_names[ck->alias_count] = an->text;
        ck->alias_values[ck->alias_count++] = (uint8_t)m;
    }
    return ok;
}

/* An integer key: `type: integer` and nothing else (it is one even when
 * that is wrong, so that nothing else is reported about it). */
static bool load_integer_key(gen_ctxkey *ck, const ynode *ty, bool has_values)
{
    const char *t;
    bool ok = true;
    if (!y_text(ty, "type", &t))
        ok = false;
    else if (strcmp(t, "integer") != 0) {
        gen_error(ty->pos, "unsupported context key type '%s' (integer, or give enum)", t);
        ok = false;
    } else if (has_values) {
        gen_error(ty->pos, "an integer context key has no enum or aliases");
        ok = false;
    }
    ck->is_integer = true;
    return ok;
}

/* Context key k: v into ck (its name and position set). */
static bool load_context_key(gen_ctxkey *ck, const ynode *k, const ynode *v)
{
    static const char *const keys[] = {"enum", "aliases", "type", "description", NULL};
    bool ok = true;
    if (!gen_is_ident(k->text)) {
        gen_error(k->pos, "context key '%s' must be an identifier", k->text);
        ok = false;
    }
    if (!y_want(v, Y_MAPPING, "a context key") || !y_only_keys(v, keys, "a context key"))
        return false;
    const ynode *en = y_get(v, "enum"), *al = y_get(v, "aliases"), *ty = y_get(v, "type");
    if (ty)
        return load_integer_key(ck, ty, en || al) && ok;
    if (!en) {
        gen_error(v->pos, "context key '%s' needs 'enum' or 'type: integer'", k->text);
        return false;
    }
    if (!load_context_values(ck, en, &ok))
        return false;
    if (al && !load_context_aliases(ck, k, al))
        ok = false;
    return ok;
}

bool load_context(loader *L, const ynode *node)
{
    if (!y_want(node, Y_MAPPING, "x-context"))
        return false;
    gen_schema *s = L->s;
    if (node->pair_count > APIG_CONTEXT_KEYS_MAX) {
        gen_error(node->pos, "at most %d context keys are supported", APIG_CONTEXT_KEYS_MAX);
        return false;
    }
    bool ok = true;
    s->ctxkeys = gen_alloc(node->pair_count * sizeof *s->ctxkeys);
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key;
        gen_ctxkey *ck = &s->ctxkeys[s->ctxkey_count++];
        ck->name = k->text;
        ck->pos = k->pos;
        if (!load_context_key(ck, k, node->pairs[i].value))
            ok = false;
    }
    return ok;
}

/* ---- x-when ---- */

/* The enumerated context key and value an x-when entry names: *key and
 * *value (an alias stands for its value). */
static bool when_context(const gen_schema *s, const ynode *w, size_t *key, int *value)
{
    const ynode *c = y_get(w, "context");
    if (!y_want(c, Y_MAPPING, "context"))
        return false;
    if (c->pair_count != 1) {
        gen_error(c->pos, "an x-when context names exactly one key");
        return false;
    }
    const ynode *ck = c->pairs[0].key, *cv = c->pairs[0].value;
    for (*key = 0; *key < s->ctxkey_count; (*key)++)
        if (strcmp(s->ctxkeys[*key].name, ck->text) == 0)
            break;
    if (*key == s->ctxkey_count) {
        gen_error(ck->pos, "unknown context key '%s' (not in x-context)", ck->text);
        return false;
    }
    const gen_ctxkey *K = &s->ctxkeys[*key];
    if (K->is_integer) {
        gen_error(ck->pos, "x-when on integer context key '%s' is not supported", ck->text);
        return false;
    }
    const char *t;
    if (!y_text(cv, "a context value", &t))
        return false;
    *value = -1;
    for (size_t m = 0; m < K->value_count; m++)
        if (strcmp(K->values[m], t) == 0)
            *value = (int)m;
    for (size_t m = 0; m < K->alias_count && *value < 0; m++)
        if (strcmp(K->alias_names[m], t) == 0)
            *value = K->alias_values[m];
    if (*value < 0) {
        gen_error(cv->pos, "'%s' is not a value of context key '%s'", t, K->name);
        return false;
    }
    return true;
}

/* `required: true`: the field becomes required. */
static bool when_required(gen_field *f, const ynode *rq, size_t key, int value)
{
    bool b;
    if (!y_bool(rq, "required", &b))
        return false;
    if (!b) {
        gen_error(rq->pos, "x-when 'required' can only be true");
        return false;
    }
    apig_condition cd = {(uint8_t)key, (uint8_t)value, APIG_WHEN_REQUIRE, 0};
    f->conditions[f->condition_count++] = cd;
    return true;
}

/* `format: ...`: the string must have that format. */
static bool when_format(gen_field *f, const ynode *fm, size_t key, int value)
{
    const char *ft;
    if (!y_text(fm, "format", &ft))
        return false;
    if (f->type != APIG_TYPE_STRING) {
        gen_error(fm->pos, "an x-when format applies to strings only");
        return false;
    }
    int af = gen_value_of(&gen_formats, ft);
    if (af <= APIG_FORMAT_NONE) { /* `none` is no format */
        char *all = gen_keywords(&gen_formats, APIG_FORMAT_NONE, ", ");
        gen_error(fm->pos, "unsupported format '%s' (%s)", ft, all);
        free(all);
        return false;
    }
    apig_condition cd = {(uint8_t)key, (uint8_t)value, APIG_WHEN_FORMAT, (uint8_t)af};
    f->conditions[f->condition_count++] = cd;
    return true;
}

/* One x-when entry: its context, then what holds (both, when both are
 * given, are read and reported). */
static bool load_when_entry(const gen_schema *s, gen_field *f, const ynode *w)
{
    static const char *const keys[] = {"context", "required", "format", NULL};
    if (!y_want(w, Y_MAPPING, "an x-when entry") || !y_only_keys(w, keys, "an x-when entry") ||
        !y_need_key(w, "context", "an x-when entry"))
        return false;
    size_t key;
    int value;
    if (!when_context(s, w, &key, &value))
        return false;
    const ynode *rq = y_get(w, "required"), *fm = y_get(w, "format");
    if (!rq && !fm) {
        gen_error(w->pos, "an x-when entry needs 'required: true' or 'format'");
        return false;
    }
    bool ok = true;
    if (rq && !when_required(f, rq, key, value))
        ok = false;
    if (fm && !when_format(f, fm, key, value))
        ok = false;
    return ok;
}

bool load_when(loader *L, gen_field *f, const ynode *node)
{
    if (!y_want(node, Y_SEQUENCE, "x-when"))
        return false;
    bool ok = true;
    f->conditions = gen_alloc(2 * node->item_count * sizeof *f->conditions);
    for (size_t i = 0; i < node->item_count; i++)
        if (!load_when_entry(L->s, f, node->items[i]))
            ok = false;
    return ok;
}
