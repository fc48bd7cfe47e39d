/* SPDX-License-Identifier: MIT */
/*
 * as_service.c - x-as-service: a field's rules as the service writes it,
 * where they differ from a caller's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* An enum value (of field a, whose rules are the service's) that those
 * rules refuse: the value could never be written. */
static bool enum_fits(const gen_field *a, const ynode *node)
{
    if (a->separator && !gen_charset_has(a->charset, (unsigned char)a->separator)) {
        gen_error(node->pos, "x-as-service: the x-separator '%c' is not in character set '%s'",
                  a->separator, a->charset->name);
        return false;
    }
    for (size_t i = 0; i < a->enum_count; i++) {
        const char *t = a->enum_values[i];
        size_t len = strlen(t), chars = 0, used;
        bool fits = true;
        for (size_t at = 0; at < len && fits; at += used, chars++) {
            uint32_t cp = 0;
            used = gen_utf8_char((const unsigned char *)t + at, len - at, &cp);
            fits = used > 0 && gen_charset_has(a->charset, cp);
        }
        if (!fits || chars < a->min_chars || chars > a->max_chars) {
            gen_error(node->pos, "x-as-service refuses enum value '%s' (its character set or "
                      "minLength..maxLength)", t);
            return false;
        }
    }
    return true;
}

/* The keys of x-as-service `node` are those of f's type. */
static bool service_keys(const gen_field *f, const ynode *node)
{
    static const char *const keys[] = {"minLength", "maxLength", "x-charset", "format",
                                       "minimum", "maximum", NULL};
    static const char *const string_keys[] = {"minLength", "maxLength", "x-charset", "format",
                                              NULL};
    if (!y_want(node, Y_MAPPING, "x-as-service") || !y_only_keys(node, keys, "x-as-service"))
        return false;
    if (node->pair_count == 0) {
        gen_error(node->pos, "x-as-service is empty (give the rules the service writes by)");
        return false;
    }
    bool is_string = f->type == APIG_TYPE_STRING;
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key;
        bool string_key = false;
        for (size_t j = 0; string_keys[j]; j++)
            string_key = string_key || strcmp(k->text, string_keys[j]) == 0;
        if (string_key != is_string) {
            gen_error(k->pos, "'%s' in x-as-service does not apply to type %s", k->text,
                      is_string ? "string" : "integer");
            return false;
        }
    }
    return true;
}

/* An integer's minimum and maximum, over those of a (a copy of the field). */
static bool service_integer(gen_field *a, const ynode *node)
{
    int64_t lo = a->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
    int64_t hi = a->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
    const ynode *mn = y_get(node, "minimum"), *mx = y_get(node, "maximum");
    if (mn && !y_int(mn, "minimum", lo, hi, &a->minimum))
        return false;
    if (mx && !y_int(mx, "maximum", lo, hi, &a->maximum))
        return false;
    a->has_minimum = a->has_minimum || mn;
    a->has_maximum = a->has_maximum || mx;
    if (a->has_minimum && a->has_maximum && a->minimum > a->maximum) {
        gen_error((mn ? mn : mx)->pos, "x-as-service: minimum %lld is above maximum %lld",
                  (long long)a->minimum, (long long)a->maximum);
        return false;
    }
    return true;
}

/* A string's minLength and maxLength, over those of a. */
static bool service_length(gen_field *a, const ynode *node)
{
    const ynode *mn = y_get(node, "minLength"), *mx = y_get(node, "maxLength");
    int64_t n;
    if (mn) {
        if (!y_int(mn, "minLength", 0, GEN_MAX_STRING_CHARS, &n))
            return false;
        a->min_chars = (uint32_t)n;
    }
    if (mx) {
        if (!y_int(mx, "maxLength", 1, GEN_MAX_STRING_CHARS, &n))
            return false;
        a->max_chars = (uint32_t)n;
    }
    if (a->min_chars > a->max_chars) {
        gen_error((mn ? mn : mx)->pos, "x-as-service: minLength %u is above maxLength %u",
                  (unsigned)a->min_chars, (unsigned)a->max_chars);
        return false;
    }
    return true;
}

/* A string's x-charset (a set's name, or `any`) and format (one, or
 * `none`), over those of a. */
static bool service_charset_format(loader *L, gen_field *a, const ynode *node)
{
    const ynode *cs = y_get(node, "x-charset"), *fm = y_get(node, "format");
    const char *t;
    if (cs) {
        if (!y_text(cs, "x-charset", &t))
            return false;
        if (strcmp(t, "any") == 0) {
            a->charset = NULL;
        } else if (!(a->charset = find_charset(L->s, t))) {
            gen_error(cs->pos, "unknown character set '%s' in x-as-service (not in "
                      "x-charsets, nor 'any')", t);
            return false;
        }
    }
    if (fm) {
        if (!y_text(fm, "format", &t))
            return false;
        int sf = gen_value_of(&gen_formats, t);
        if (sf < 0) {
            char *all = gen_keywords(&gen_formats, APIG_FORMAT_NONE, ", ");
            gen_error(fm->pos, "unsupported format '%s' in x-as-service (%s, %s)", t, all,
                      gen_keyword(&gen_formats, APIG_FORMAT_NONE));
            free(all);
            return false;
        }
        a->format = (apig_format)sf;
        if (a->format != APIG_FORMAT_NONE && a->enum_count) {
            gen_error(fm->pos, "enum and format do not combine (the values say what the "
                      "format would)");
            return false;
        }
    }
    return true;
}

/* A string's rules over those of a; f's buffer grows to the larger of the
 * two modes' (one struct serves both), and a shares it. */
static bool service_string(loader *L, gen_field *f, gen_field *a, const ynode *node)
{
    if (!service_length(a, node) || !service_charset_format(L, a, node))
        return false;
    if (a->enum_count && !enum_fits(a, node))
        return false;
    uint32_t width = a->format != APIG_FORMAT_NONE ? 1
                     : a->charset ? gen_char_width(a->charset->ranges[a->charset->range_count - 1].last)
                                  : 4;
    if ((uint64_t)a->max_chars * width + 1 > f->size) {
        f->size = a->max_chars * width + 1;
        f->size_chars = a->max_chars;
        f->size_width = width;
    }
    a->size = f->size;
    a->size_chars = f->size_chars;
    a->size_width = f->size_width;
    return true;
}

/*
 * x-as-service: {minLength, maxLength, x-charset, format, minimum, maximum}
 * on field f (final otherwise): f->as_service becomes a copy of f with
 * those rules. Strings: x-charset a set's name or `any`, format one or
 * `none`; f's size grows to the larger of the two modes' (one struct).
 */
bool load_as_service(loader *L, gen_field *f, const ynode *node)
{
    if (!service_keys(f, node))
        return false;
    gen_field a = *f;
    a.as_service = NULL;
    if (f->type != APIG_TYPE_STRING ? !service_integer(&a, node)
                                    : !service_string(L, f, &a, node))
        return false;
    f->as_service = gen_alloc(sizeof *f->as_service);
    *f->as_service = a;
    return true;
}
