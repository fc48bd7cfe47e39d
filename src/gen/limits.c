/* SPDX-License-Identifier: MIT */
/*
 * limits.c - limits: the capacities an embedder may change, their ranges
 * and their default values (integer expressions of earlier limits).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

const gen_limit *find_limit(const gen_schema *s, const char *name)
{
    for (size_t i = 0; i < s->limit_count; i++)
        if (strcmp(s->limits[i].name, name) == 0)
            return &s->limits[i];
    return NULL;
}

/* A limit's default is an integer or an expression over integers and the
 * limits declared before it, with + - * and parentheses. It is checked here
 * (evaluated with the defaults) and emitted as C with the names prefixed. */
typedef struct expr_parser {
    const gen_schema *s;
    const char *p;
    gen_buf out;
    gen_pos pos;
} expr_parser;

static void expr_space(expr_parser *x)
{
    while (*x->p == ' ')
        x->p++;
}

static bool expr_sum(expr_parser *x, int64_t *v);

static bool expr_atom(expr_parser *x, int64_t *v)
{
    expr_space(x);
    const char *t = x->p;
    if (*t == '-') { /* a negative number or term: -1, -(A + 1) */
        x->p++;
        buf_put(&x->out, "-", 1);
        expr_space(x);
        if (*x->p == '-') {
            gen_error(x->pos, "a limit's value has '--'");
            return false;
        }
        if (!expr_atom(x, v))
            return false;
        if (__builtin_sub_overflow((int64_t)0, *v, v)) {
            gen_error(x->pos, "a limit's value overflows 64 bits");
            return false;
        }
        return true;
    }
    if (*t == '(') {
        x->p++;
        buf_put(&x->out, "(", 1);
        if (!expr_sum(x, v))
            return false;
        expr_space(x);
        if (*x->p != ')') {
            gen_error(x->pos, "a limit's value misses ')'");
            return false;
        }
        x->p++;
        buf_put(&x->out, ")", 1);
        return true;
    }
    if (isdigit((unsigned char)*t)) {
        while (isdigit((unsigned char)*x->p))
            x->p++;
        if (!gen_parse_i64(t, (size_t)(x->p - t), v) || (x->p - t > 1 && t[0] == '0')) {
            gen_error(x->pos, "a limit's value has a bad number '%.*s'", (int)(x->p - t), t);
            return false;
        }
        buf_put(&x->out, t, (size_t)(x->p - t));
        return true;
    }
    if (isupper((unsigned char)*t)) {
        while (isupper((unsigned char)*x->p) || isdigit((unsigned char)*x->p) || *x->p == '_')
            x->p++;
        char *name = gen_strndup(t, (size_t)(x->p - t));
        const gen_limit *l = find_limit(x->s, name);
        if (!l) {
            gen_error(x->pos, "a limit's value names '%s', which is not a limit declared "
                              "before it", name);
            free(name);
            return false;
        }
        free(name);
        /* Parenthesised: an override may be an expression itself. */
        buf_printf(&x->out, "(%s)", l->macro);
        *v = l->value;
        return true;
    }
    gen_error(x->pos, "a limit's value is an integer or an expression of integers, earlier "
                      "limits, + - * and parentheses");
    return false;
}

static bool expr_product(expr_parser *x, int64_t *v)
{
    if (!expr_atom(x, v))
        return false;
    for (;;) {
        expr_space(x);
        if (*x->p != '*')
            return true;
        x->p++;
        buf_put(&x->out, " * ", 3);
        int64_t r;
        if (!expr_atom(x, &r))
            return false;
        if (__builtin_mul_overflow(*v, r, v)) {
            gen_error(x->pos, "a limit's value overflows 64 bits");
            return false;
        }
    }
}

static bool expr_sum(expr_parser *x, int64_t *v)
{
    if (!expr_product(x, v))
        return false;
    for (;;) {
        expr_space(x);
        char op = *x->p;
        if (op != '+' && op != '-')
            return true;
        x->p++;
        buf_printf(&x->out, " %c ", op);
        int64_t r;
        if (!expr_product(x, &r))
            return false;
        if (op == '+' ? __builtin_add_overflow(*v, r, v) : __builtin_sub_overflow(*v, r, v)) {
            gen_error(x->pos, "a limit's value overflows 64 bits");
            return false;
        }
    }
}

/* A limit's name: upper case letters, digits and '_'. */
static bool limit_name_ok(const ynode *k)
{
    const char *t = k->text;
    bool name_ok = isupper((unsigned char)t[0]);
    for (size_t j = 0; t[j]; j++)
        if (!isupper((unsigned char)t[j]) && !isdigit((unsigned char)t[j]) && t[j] != '_')
            name_ok = false;
    if (!name_ok)
        gen_error(k->pos, "a limit's name is upper case letters, digits and '_' "
                          "(MEMBERS_MAX), not '%s'", t);
    return name_ok;
}

/* range: [lowest, highest], the values the build accepts. */
static bool limit_range(gen_limit *l, const ynode *r)
{
    if (!y_want(r, Y_SEQUENCE, "range"))
        return false;
    if (r->item_count != 2) {
        gen_error(r->pos, "a limit's range is [lowest, highest]");
        return false;
    }
    if (!y_int(r->items[0], "range", INT32_MIN, INT64_MAX, &l->lo) ||
        !y_int(r->items[1], "range", INT32_MIN, INT64_MAX, &l->hi))
        return false;
    if (l->lo > l->hi) {
        gen_error(r->pos, "a limit's range [%lld, %lld] has its lowest above its highest",
                  (long long)l->lo, (long long)l->hi);
        return false;
    }
    return true;
}

/* value: text vt (of node vn), evaluated within the range, and its C text
 * (l->expr): a plain number stays one (the checks above read it back); an
 * expression is parenthesised for use in any C expression. */
static bool limit_value(const gen_schema *s, gen_limit *l, const ynode *vn, const char *vt)
{
    expr_parser x = {s, vt, {0}, vn->pos};
    int64_t val;
    bool ok = expr_sum(&x, &val);
    expr_space(&x);
    if (ok && *x.p) {
        gen_error(vn->pos, "a limit's value has '%s' after its end", x.p);
        ok = false;
    }
    if (ok && (val < l->lo || val > l->hi)) {
        gen_error(vn->pos, "limit %s's value %lld is outside its range %lld..%lld", l->name,
                  (long long)val, (long long)l->lo, (long long)l->hi);
        ok = false;
    }
    if (!ok) {
        free(x.out.data);
        return false;
    }
    bool plain = true;
    for (size_t j = 0; j < x.out.len; j++)
        if (!isdigit((unsigned char)x.out.data[j]))
            plain = false;
    if (plain) {
        l->expr = gen_strndup(x.out.data, x.out.len);
    } else {
        l->expr = gen_alloc(x.out.len + 3);
        snprintf(l->expr, x.out.len + 3, "(%.*s)", (int)x.out.len, x.out.data);
    }
    free(x.out.data);
    l->value = val;
    return true;
}

/* Limit k: v into l (cleared first). */
static bool load_limit(const gen_schema *s, gen_limit *l, const ynode *k, const ynode *v)
{
    static const char *const keys[] = {"value", "range", "description", NULL};
    memset(l, 0, sizeof *l);
    const char *t = k->text;
    if (!limit_name_ok(k))
        return false;
    if (!y_want(v, Y_MAPPING, "a limit") || !y_only_keys(v, keys, "a limit") ||
        !y_need_key(v, "value", "a limit") || !y_need_key(v, "range", "a limit"))
        return false;
    const ynode *d = y_get(v, "description"), *vn = y_get(v, "value");
    if (!limit_range(l, y_get(v, "range")))
        return false;
    if (d && !y_text(d, "description", (const char **)&l->doc))
        return false;
    if (d && (!gen_printable_ascii(l->doc) || strstr(l->doc, "*/"))) {
        gen_error(d->pos, "a limit's description is printable ASCII without '*/'");
        return false;
    }
    const char *vt;
    if (!y_text(vn, "value", &vt))
        return false;
    l->name = k->text;
    l->pos = k->pos;
    size_t pn = strlen(s->pmacro) + strlen(t) + 2;
    l->macro = gen_alloc(pn);
    snprintf(l->macro, pn, "%s_%s", s->pmacro, t);
    for (size_t j = 0; j < s->limit_count; j++)
        if (strcmp(s->limits[j].name, t) == 0) {
            gen_error(k->pos, "limit %s is declared twice", t);
            free(l->macro);
            return false;
        }
    if (!limit_value(s, l, vn, vt)) {
        free(l->macro);
        return false;
    }
    return true;
}

/* Limits are read in order (a value names only those above it); the first
 * wrong one stops the reading. */
bool load_limits(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    if (!y_want(node, Y_MAPPING, "limits"))
        return false;
    s->limits = gen_alloc((node->pair_count + 1) * sizeof *s->limits);
    for (size_t i = 0; i < node->pair_count; i++) {
        if (!load_limit(s, &s->limits[s->limit_count], node->pairs[i].key, node->pairs[i].value))
            return false;
        s->limit_count++;
    }
    return true;
}
