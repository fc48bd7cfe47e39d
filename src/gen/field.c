/* SPDX-License-Identifier: MIT */
/*
 * field.c - one field of a definition, of the path or query parameters, the
 * token header or an array's item schema: its names, its type and the
 * keywords that go with it, and its rules.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

const char *field_site_name(field_site site)
{
    switch (site) {
    case SITE_BODY: return "body";
    case SITE_PATH: return "path";
    case SITE_HEADER: return "header";
    case SITE_QUERY: return "query";
    case SITE_ITEM: return "item";
    }
    return "body";
}

/* An integer the field's minimum and maximum accept (`what` names it). */
static bool within_limits(const gen_field *f, int64_t v, const ynode *n, const char *what)
{
    if (f->has_minimum && v < f->minimum) {
        gen_error(n->pos, "%s %lld is below minimum %lld", what, (long long)v,
                  (long long)f->minimum);
        return false;
    }
    if (f->has_maximum && v > f->maximum) {
        gen_error(n->pos, "%s %lld is above maximum %lld", what, (long long)v,
                  (long long)f->maximum);
        return false;
    }
    return true;
}

/* x-normalize: [{below: N, to: M}, {above: N, to: M}, ...] on an integer
 * field whose format gives lo..hi; every `to` satisfies the field. */
static bool load_normalize(gen_field *f, const ynode *node, int64_t lo, int64_t hi)
{
    static const char *const keys[] = {"below", "above", "to", NULL};
    if (!y_want(node, Y_SEQUENCE, "x-normalize"))
        return false;
    if (node->item_count == 0 || node->item_count > GEN_MAX_NORMALIZE) {
        gen_error(node->pos, "x-normalize needs 1 to %u rules", GEN_MAX_NORMALIZE);
        return false;
    }
    f->normalize = gen_alloc(node->item_count * sizeof *f->normalize);
    bool ok = true;
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *r = node->items[i];
        if (!y_want(r, Y_MAPPING, "an x-normalize rule") ||
            !y_only_keys(r, keys, "an x-normalize rule") ||
            !y_need_key(r, "to", "an x-normalize rule")) {
            ok = false;
            continue;
        }
        const ynode *below = y_get(r, "below"), *above = y_get(r, "above"), *to = y_get(r, "to");
        if ((below != NULL) == (above != NULL)) {
            gen_error(r->pos, "an x-normalize rule has exactly one of 'below' and 'above'");
            ok = false;
            continue;
        }
        apig_normalize n;
        memset(&n, 0, sizeof n);
        n.when = below ? APIG_NORMALIZE_BELOW : APIG_NORMALIZE_ABOVE;
        if (!y_int(below ? below : above, below ? "below" : "above", INT64_MIN, INT64_MAX,
                    &n.limit) ||
            !y_int(to, "x-normalize 'to'", lo, hi, &n.to) ||
            !within_limits(f, n.to, to, "x-normalize 'to'")) {
            ok = false;
            continue;
        }
        f->normalize[f->normalize_count++] = n;
    }
    return ok;
}

/* ---- the steps of load_field, in order --------------------------------------------- */

/* The field's JSON name, its mapping, its keywords, and `type` present. */
static bool field_head(const ynode *k, const ynode *v, field_site site)
{
    static const char *const keys[] = {
        "type", "format", "description", "minimum", "maximum", "minLength", "maxLength",
        "minItems", "maxItems", "items", "$ref", "x-capacity", "x-charset", "x-when",
        "x-errors", "x-c-name", "default", "x-normalize", "enum", "x-separator", "x-storage",
        "x-as-service", NULL};
    /* An item schema takes its name, context rules and codes from its array. */
    static const char *const not_item[] = {"x-when", "x-errors", "x-c-name", NULL};
    if (k->len == 0 || !gen_json_name_ok(k->text)) {
        gen_error(k->pos, "field name must be printable ASCII without '\"' or '\\'");
        return false;
    }
    if (!y_want(v, Y_MAPPING, "a field") || !y_only_keys(v, keys, "a field"))
        return false;
    bool ok = true;
    for (size_t i = 0; site == SITE_ITEM && not_item[i]; i++)
        if (y_get(v, not_item[i])) {
            gen_error(y_key(v, not_item[i])->pos, "'%s' does not apply to array items "
                      "(give it on the array)", not_item[i]);
            ok = false;
        }
    return ok && y_need_key(v, "type", "a field");
}

/* The C member name: x-c-name, else the JSON name (an item has none: its
 * C names are its array's). */
static bool field_cname(gen_field *f, const ynode *k, const ynode *v, field_site site)
{
    const ynode *cn = y_get(v, "x-c-name");
    if (cn) {
        const char *t;
        if (!y_text(cn, "x-c-name", &t))
            return false;
        if (!gen_is_ident(t) || gen_is_keyword(t)) {
            gen_error(cn->pos, "x-c-name '%s' is not a usable C identifier", t);
            return false;
        }
        f->cname = cn->text;
    } else if (site != SITE_ITEM) {
        if (!gen_is_ident(k->text) || gen_is_keyword(k->text)) {
            gen_error(k->pos, "field name '%s' is not a usable C identifier; give x-c-name",
                      k->text);
            return false;
        }
        f->cname = k->text;
    }
    return true;
}

/* `type`, and the types each site takes; the word in *type. */
static bool field_type(gen_field *f, const ynode *v, field_site site, const char **type)
{
    const ynode *tn = y_get(v, "type");
    if (!y_text(tn, "type", type))
        return false;
    if (strcmp(*type, "string") == 0)
        f->type = APIG_TYPE_STRING;
    else if (strcmp(*type, "integer") == 0)
        f->type = APIG_TYPE_INT64;
    else if (strcmp(*type, "array") == 0)
        f->type = APIG_TYPE_ARRAY;
    else if (strcmp(*type, "object") == 0)
        f->type = APIG_TYPE_OBJECT;
    else if (strcmp(*type, "boolean") == 0)
        f->type = APIG_TYPE_BOOL;
    else {
        gen_error(tn->pos, "unsupported type '%s' (string, integer, boolean, array, object)",
                  *type);
        return false;
    }
    if (site == SITE_QUERY && f->type != APIG_TYPE_STRING && f->type != APIG_TYPE_INT64) {
        gen_error(tn->pos, "query parameters must be strings or integers");
        return false;
    }
    if (site == SITE_ITEM && f->type != APIG_TYPE_STRING) {
        gen_error(tn->pos, "unsupported array item type '%s' (items are a definition name "
                           "or a string schema)", *type);
        return false;
    }
    if ((site == SITE_PATH || site == SITE_HEADER) && f->type != APIG_TYPE_STRING) {
        gen_error(tn->pos, "%s parameters must be strings", field_site_name(site));
        return false;
    }
    return true;
}

/* The keywords that belong to one site: default and x-normalize to query
 * parameters, x-as-service to what the service writes. */
static bool field_site_keywords(const ynode *v, field_site site)
{
    bool ok = true;
    /* Only the query-string decoder applies a default and x-normalize: the
     * body decoder would leave the field absent or refuse the value, and
     * path parameters and the token header are always required. */
    static const char *const query_keys[] = {"default", "x-normalize"};
    for (size_t i = 0; i < 2; i++)
        if (site != SITE_QUERY && y_get(v, query_keys[i])) {
            gen_error(y_key(v, query_keys[i])->pos,
                      "'%s' applies to query parameters only, not to %s", query_keys[i],
                      site == SITE_PATH     ? "path parameters (they are required)"
                      : site == SITE_HEADER ? "the token header (it is required)"
                      : site == SITE_ITEM   ? "array items (the body decoder does not apply it)"
                                            : "body fields (the body decoder does not apply it)");
            ok = false;
        }
    /* What the service writes is a body: parameters come from callers. */
    if (site != SITE_BODY && site != SITE_ITEM && y_get(v, "x-as-service")) {
        gen_error(y_key(v, "x-as-service")->pos, "'x-as-service' applies to body fields "
                  "(what the service writes), not to %s parameters", field_site_name(site));
        ok = false;
    }
    return ok;
}

/* Which keywords go with which type. */
static bool field_keywords_fit(const gen_field *f, const ynode *v, const char *type)
{
    static const struct {
        const char *key;
        unsigned types; /* bit per apig_type */
    } fit[] = {
        {"minimum", 1u << APIG_TYPE_INT64},   {"maximum", 1u << APIG_TYPE_INT64},
        {"minLength", 1u << APIG_TYPE_STRING}, {"maxLength", 1u << APIG_TYPE_STRING},
        {"x-charset", 1u << APIG_TYPE_STRING}, {"minItems", 1u << APIG_TYPE_ARRAY},
        {"maxItems", 1u << APIG_TYPE_ARRAY},   {"items", 1u << APIG_TYPE_ARRAY},
        {"x-capacity", 1u << APIG_TYPE_ARRAY}, {"$ref", 1u << APIG_TYPE_OBJECT},
        {"format", (1u << APIG_TYPE_INT64) | (1u << APIG_TYPE_STRING)},
        {"default", (1u << APIG_TYPE_INT64) | (1u << APIG_TYPE_STRING)},
        {"x-normalize", 1u << APIG_TYPE_INT64},
        {"enum", 1u << APIG_TYPE_STRING},      {"x-separator", 1u << APIG_TYPE_STRING},
        {"x-storage", (1u << APIG_TYPE_STRING) | (1u << APIG_TYPE_ARRAY)},
        {"x-as-service", (1u << APIG_TYPE_INT64) | (1u << APIG_TYPE_STRING)},
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof fit / sizeof fit[0]; i++)
        if (y_get(v, fit[i].key) && !(fit[i].types & (1u << f->type))) {
            gen_error(y_key(v, fit[i].key)->pos, "'%s' does not apply to type %s",
                      fit[i].key, type);
            ok = false;
        }
    return ok;
}

/* `format`: an integer's width, a string's always-on format. */
static bool field_format(gen_field *f, const ynode *v, const char *type)
{
    const ynode *fm = y_get(v, "format");
    if (!fm)
        return true;
    const char *t;
    if (!y_text(fm, "format", &t))
        return false;
    int sf = gen_value_of(&gen_formats, t);
    if (f->type == APIG_TYPE_INT64 && strcmp(t, "int32") == 0)
        f->type = APIG_TYPE_INT32;
    else if (f->type == APIG_TYPE_INT64 && strcmp(t, "int64") == 0)
        f->type = APIG_TYPE_INT64;
    else if (f->type == APIG_TYPE_STRING && sf > APIG_FORMAT_NONE) /* `none` is no format */
        f->format = (apig_format)sf;
    else {
        char *all = f->type == APIG_TYPE_STRING ? gen_keywords(&gen_formats, APIG_FORMAT_NONE, ", ")
                                                : NULL;
        gen_error(fm->pos, "unsupported format '%s' for type %s (%s)", t, type,
                  all ? all : "int32, int64");
        free(all);
        return false;
    }
    return true;
}

/* An integer's minimum, maximum, default and x-normalize. */
static bool load_integer_rules(gen_field *f, const ynode *v)
{
    int64_t lo = f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
    int64_t hi = f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
    const ynode *mn = y_get(v, "minimum"), *mx = y_get(v, "maximum");
    bool ok = true;
    if (mn && !y_int(mn, "minimum", lo, hi, &f->minimum))
        ok = false;
    if (mx && !y_int(mx, "maximum", lo, hi, &f->maximum))
        ok = false;
    if (!ok)
        return false;
    f->has_minimum = mn != NULL;
    f->has_maximum = mx != NULL;
    if (mn && mx && f->minimum > f->maximum) {
        gen_error(mn->pos, "minimum %lld is above maximum %lld", (long long)f->minimum,
                  (long long)f->maximum);
        return false;
    }
    const ynode *dn = y_get(v, "default"), *nn = y_get(v, "x-normalize");
    if (dn) {
        if (!y_int(dn, "default", lo, hi, &f->default_integer) ||
            !within_limits(f, f->default_integer, dn, "default"))
            return false;
        f->has_default = true;
    }
    return !nn || load_normalize(f, nn, lo, hi);
}

/* An array's items: a definition name, or a string schema (a field of its
 * own, named and stored as the array says). */
static bool load_array_items(loader *L, gen_field *f, const ynode *k, const ynode *v)
{
    const ynode *it = y_get(v, "items");
    if (!it) {
        gen_error(v->pos, "array field '%s' needs 'items' (a definition name or a string "
                          "schema)", f->name);
        return false;
    }
    if (it->kind == Y_MAPPING) {
        f->item = gen_alloc(sizeof *f->item);
        if (!load_field(L, f->item, k, it, SITE_ITEM))
            return false;
        f->item->cname = f->cname;
        f->item->is_item = true;
        /* The array says how its strings are stored. */
        if (y_get(v, "x-storage") && !load_storage(L, f->item, v, SITE_ITEM))
            return false;
    } else if (!y_text(it, "items", (const char **)&f->ref_name)) {
        return false;
    }
    f->ref_pos = it->pos;
    return true;
}

/* x-capacity given as a limit's name: the limit's range keeps it within
 * max(minItems, 1)..GEN_MAX_ARRAY_ITEMS. */
static bool load_capacity_limit(loader *L, gen_field *f, const ynode *cap, const char *t,
                                int64_t min_items)
{
    const gen_limit *lim = find_limit(L->s, t);
    if (!lim) {
        gen_error(cap->pos, "x-capacity must be a number or the name of a limit "
                            "(limits:), not '%s'", t);
        return false;
    }
    if (lim->lo < 1 || lim->hi > GEN_MAX_ARRAY_ITEMS || lim->lo < min_items) {
        gen_error(cap->pos, "limit %s, an x-capacity, must be kept within "
                            "%lld..%u by its range", t,
                  (long long)(min_items > 1 ? min_items : 1), GEN_MAX_ARRAY_ITEMS);
        return false;
    }
    f->max_items_macro = lim->macro;
    return true;
}

/* An array's minItems and its capacity: maxItems, or x-capacity (a number
 * or a limit's name). */
static bool load_array_bounds(loader *L, gen_field *f, const ynode *v)
{
    const ynode *mn = y_get(v, "minItems"), *mx = y_get(v, "maxItems"), *cap = y_get(v, "x-capacity");
    int64_t a = 0, b = 0;
    if (mn && !y_int(mn, "minItems", 0, GEN_MAX_ARRAY_ITEMS, &a))
        return false;
    if (mx && cap) {
        gen_error(cap->pos, "give maxItems or x-capacity, not both");
        return false;
    }
    if (!mx && !cap) {
        gen_error(v->pos, "array field '%s' needs maxItems or x-capacity", f->name);
        return false;
    }
    const char *t;
    if (mx) {
        if (!y_int(mx, "maxItems", 1, GEN_MAX_ARRAY_ITEMS, &b))
            return false;
        f->max_items = (uint32_t)b;
        if (a > b) {
            gen_error(mn->pos, "minItems %lld is above maxItems %lld", (long long)a,
                      (long long)b);
            return false;
        }
    } else if (!y_text(cap, "x-capacity", &t)) {
        return false;
    } else if (cap->plain && (isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+')) {
        if (!y_int(cap, "x-capacity", 1, GEN_MAX_ARRAY_ITEMS, &b))
            return false;
        f->max_items = (uint32_t)b;
        if (a > b) {
            gen_error(mn->pos, "minItems %lld is above x-capacity %lld", (long long)a,
                      (long long)b);
            return false;
        }
    } else if (!load_capacity_limit(L, f, cap, t, a)) {
        return false;
    }
    f->min_items = (uint32_t)a;
    return true;
}

/* An object's $ref. */
static bool load_object_ref(gen_field *f, const ynode *v)
{
    const ynode *r = y_get(v, "$ref");
    if (!r) {
        gen_error(v->pos, "object field '%s' needs '$ref' (a definition name)", f->name);
        return false;
    }
    if (!y_text(r, "$ref", (const char **)&f->ref_name))
        return false;
    f->ref_pos = r->pos;
    return true;
}

/* The field's codes: the file's rules, with its own x-errors over them
 * (an array's item has the array's). */
static bool load_field_errors(loader *L, gen_field *f, const ynode *v)
{
    const gen_schema *s = L->s;
    memcpy(f->kind_entry, s->kind_entry, sizeof f->kind_entry);
    const ynode *xe = y_get(v, "x-errors");
    if (xe) {
        if (!load_kind_map(L, xe, f->kind_entry, NULL, "a field's x-errors"))
            return false;
        f->has_overrides = memcmp(f->kind_entry, s->kind_entry, sizeof f->kind_entry) != 0;
    }
    if (f->item) { /* an item's errors are its array's */
        memcpy(f->item->kind_entry, f->kind_entry, sizeof f->kind_entry);
        f->item->has_overrides = f->has_overrides;
    }
    return true;
}

/* The rules of the field's type. */
static bool load_type_rules(loader *L, gen_field *f, const ynode *k, const ynode *v,
                            field_site site)
{
    switch (f->type) {
    case APIG_TYPE_INT32:
    case APIG_TYPE_INT64: return load_integer_rules(f, v);
    case APIG_TYPE_STRING: return load_string_rules(L, f, v, site);
    case APIG_TYPE_ARRAY: return load_array_items(L, f, k, v) && load_array_bounds(L, f, v);
    case APIG_TYPE_OBJECT: return load_object_ref(f, v);
    case APIG_TYPE_BOOL: break;
    }
    return true;
}

bool load_field(loader *L, gen_field *f, const ynode *k, const ynode *v, field_site site)
{
    memset(f, 0, sizeof *f);
    f->name = k->text;
    f->pos = k->pos;
    const char *type;
    if (!field_head(k, v, site) || !field_cname(f, k, v, site) ||
        !field_type(f, v, site, &type))
        return false;
    if (!field_site_keywords(v, site) || !field_keywords_fit(f, v, type) ||
        !field_format(f, v, type) || !load_type_rules(L, f, k, v, site) ||
        !load_field_errors(L, f, v))
        return false;
    const ynode *w = y_get(v, "x-when");
    if (w && !load_when(L, f, w))
        return false;
    /* Last, so that the copy has the field's final rules: an array's item
     * gets its names, codes and storage from the array first. */
    const ynode *as = f->item ? y_get(y_get(v, "items"), "x-as-service") : NULL;
    if (as && !load_as_service(L, f->item, as))
        return false;
    as = site == SITE_ITEM ? NULL : y_get(v, "x-as-service");
    return !as || load_as_service(L, f, as);
}

void free_field(gen_field *f)
{
    free(f->as_service); /* a copy: its tables are f's */
    f->as_service = NULL;
    free(f->conditions);
    free(f->normalize);
    free(f->enum_values);
    if (f->item) {
        free_field(f->item);
        free(f->item);
    }
}
