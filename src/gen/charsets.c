/* SPDX-License-Identifier: MIT */
/*
 * charsets.c - x-charsets: named sets of code points, sorted and merged.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

static int cmp_range(const void *a, const void *b)
{
    const apig_char_range *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return 0;
}

static bool code_point(const ynode *n, uint32_t *out)
{
    int64_t v;
    if (!y_int(n, "a code point", 0, 0x10FFFF, &v))
        return false;
    if (v == 0) {
        gen_error(n->pos, "U+0000 cannot be in a character set (strings are NUL-terminated)");
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* One entry of a set: a code point or [first, last]. */
static bool load_range(const ynode *r, apig_char_range *cr)
{
    if (r->kind == Y_SEQUENCE) {
        if (r->item_count != 2) {
            gen_error(r->pos, "a range is [first, last]");
            return false;
        }
        if (!code_point(r->items[0], &cr->first) || !code_point(r->items[1], &cr->last))
            return false;
        if (cr->first > cr->last) {
            gen_error(r->pos, "range first 0x%X is above last 0x%X",
                      (unsigned)cr->first, (unsigned)cr->last);
            return false;
        }
    } else if (r->kind == Y_SCALAR) {
        if (!code_point(r, &cr->first))
            return false;
        cr->last = cr->first;
    } else {
        gen_error(r->pos, "a character set entry is a code point or [first, last]");
        return false;
    }
    return true;
}

/* Sorts the set's ranges and merges those that overlap or touch. */
static void merge_ranges(gen_charset *cs)
{
    qsort(cs->ranges, cs->range_count, sizeof *cs->ranges, cmp_range);
    size_t m = 0;
    for (size_t j = 0; j < cs->range_count; j++) {
        if (m > 0 && cs->ranges[j].first <= cs->ranges[m - 1].last + 1) {
            if (cs->ranges[j].last > cs->ranges[m - 1].last)
                cs->ranges[m - 1].last = cs->ranges[j].last;
        } else {
            cs->ranges[m++] = cs->ranges[j];
        }
    }
    cs->range_count = m;
}

/* Set k: v into cs (cleared first): false when it is not kept (reported).
 * A kept set may still have set *ok to false (its C name is taken). */
static bool load_charset(const gen_schema *s, gen_charset *cs, const ynode *k, const ynode *v,
                         bool *ok)
{
    memset(cs, 0, sizeof *cs);
    if (k->len == 0 || !gen_printable_ascii(k->text)) {
        gen_error(k->pos, "a character set name must be printable ASCII");
        return false;
    }
    if (!y_want(v, Y_SEQUENCE, "a character set"))
        return false;
    if (v->item_count == 0) {
        gen_error(v->pos, "character set '%s' is empty", k->text);
        return false;
    }
    cs->name = k->text;
    cs->pos = k->pos;
    char *cn = gen_strndup(k->text, k->len);
    for (char *p = cn; *p; p++)
        if (!isalnum((unsigned char)*p))
            *p = '_';
        else
            *p = (char)tolower((unsigned char)*p);
    cs->cname = cn;
    cs->ranges = gen_alloc(v->item_count * sizeof *cs->ranges);
    bool set_ok = true;
    for (size_t j = 0; j < v->item_count; j++) {
        if (load_range(v->items[j], &cs->ranges[cs->range_count]))
            cs->range_count++;
        else
            set_ok = false;
    }
    if (!set_ok) {
        free(cs->ranges);
        free(cs->cname);
        return false;
    }
    merge_ranges(cs);
    for (size_t j = 0; j < s->charset_count; j++)
        if (strcmp(s->charsets[j].cname, cs->cname) == 0) {
            gen_error(k->pos, "character set name '%s' clashes with '%s' in C",
                      k->text, s->charsets[j].name);
            *ok = false;
        }
    return true;
}

bool load_charsets(loader *L, const ynode *node)
{
    if (!y_want(node, Y_MAPPING, "x-charsets"))
        return false;
    gen_schema *s = L->s;
    bool ok = true;
    s->charsets = gen_alloc(node->pair_count * sizeof *s->charsets);
    for (size_t i = 0; i < node->pair_count; i++) {
        if (load_charset(s, &s->charsets[s->charset_count], node->pairs[i].key,
                         node->pairs[i].value, &ok))
            s->charset_count++;
        else
            ok = false;
    }
    return ok;
}

const gen_charset *find_charset(const gen_schema *s, const char *name)
{
    for (size_t i = 0; i < s->charset_count; i++)
        if (strcmp(s->charsets[i].name, name) == 0)
            return &s->charsets[i];
    return NULL;
}
