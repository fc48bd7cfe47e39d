/* SPDX-License-Identifier: MIT */
/*
 * tree.c - reading the YAML tree: a node of the kind wanted, a key of a
 * mapping, the keys a mapping may have, and scalars as text, integers and
 * booleans. Each reports what is wrong where, and says whether it was.
 */
#include <stdint.h>
#include <string.h>

#include "load.h"

static const char *kind_name(const ynode *n)
{
    switch (n->kind) {
    case Y_SCALAR: return "a scalar";
    case Y_SEQUENCE: return "a sequence";
    case Y_MAPPING: return "a mapping";
    }
    return "a node";
}

bool y_want(const ynode *n, ynode_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    gen_error(n->pos, "%s must be %s, not %s", what,
              kind == Y_SCALAR ? "a scalar" : kind == Y_MAPPING ? "a mapping" : "a sequence",
              kind_name(n));
    return false;
}

const ynode *y_get(const ynode *map, const char *key)
{
    if (!map || map->kind != Y_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->pair_count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0 &&
            strlen(key) == map->pairs[i].key->len)
            return map->pairs[i].value;
    return NULL;
}

const ynode *y_key(const ynode *map, const char *key)
{
    for (size_t i = 0; i < map->pair_count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].key;
    return NULL;
}

/* Reports every key of `map` not in the NULL-terminated `allowed`. */
bool y_only_keys(const ynode *map, const char *const *allowed, const char *where)
{
    bool ok = true;
    for (size_t i = 0; i < map->pair_count; i++) {
        const ynode *k = map->pairs[i].key;
        bool found = false;
        for (size_t j = 0; allowed[j]; j++)
            if (strlen(allowed[j]) == k->len && strcmp(allowed[j], k->text) == 0)
                found = true;
        if (!found) {
            gen_error(k->pos, "unknown keyword '%s' in %s", k->text, where);
            ok = false;
        }
    }
    return ok;
}

bool y_need_key(const ynode *map, const char *key, const char *where)
{
    if (y_get(map, key))
        return true;
    gen_error(map->pos, "%s needs '%s'", where, key);
    return false;
}

/* A scalar without NUL and without control characters, non-empty. */
bool y_text(const ynode *n, const char *what, const char **out)
{
    if (!y_want(n, Y_SCALAR, what))
        return false;
    if (n->len == 0) {
        gen_error(n->pos, "%s must not be empty", what);
        return false;
    }
    if (memchr(n->text, '\0', n->len)) {
        gen_error(n->pos, "%s must not contain a NUL character", what);
        return false;
    }
    *out = n->text;
    return true;
}

/* Parses a plain decimal or 0x-hexadecimal integer, optionally signed. */
bool gen_parse_i64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    unsigned base = 10;
    if (i + 1 < len && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i >= len)
        return false;
    uint64_t v = 0;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; i < len; i++) {
        unsigned d;
        char c = s[i];
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return false;
        if (v > (limit - d) / base)
            return false;
        v = v * base + d;
    }
    if (neg)
        *out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
    else
        *out = (int64_t)v;
    return true;
}

bool y_int(const ynode *n, const char *what, int64_t lo, int64_t hi, int64_t *out)
{
    if (!y_want(n, Y_SCALAR, what))
        return false;
    int64_t v;
    if (!n->plain || !gen_parse_i64(n->text, n->len, &v)) {
        gen_error(n->pos, "%s must be an integer, not '%s'", what, n->text);
        return false;
    }
    if (v < lo || v > hi) {
        gen_error(n->pos, "%s %lld is out of range (%lld..%lld)", what, (long long)v,
                  (long long)lo, (long long)hi);
        return false;
    }
    *out = v;
    return true;
}

bool y_bool(const ynode *n, const char *what, bool *out)
{
    if (n->kind == Y_SCALAR && n->plain && strcmp(n->text, "true") == 0) {
        *out = true;
        return true;
    }
    if (n->kind == Y_SCALAR && n->plain && strcmp(n->text, "false") == 0) {
        *out = false;
        return true;
    }
    gen_error(n->pos, "%s must be true or false", what);
    return false;
}
