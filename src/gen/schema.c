/* SPDX-License-Identifier: MIT */
/*
 * schema.c - reads the YAML tree of a schema into the checked model that
 * emit.c writes out. Every rule of docs/schema.md is enforced here; any
 * violation is reported with its position and the model is not returned.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>

#include "gen.h"

/* The error kinds' schema keywords, indexed by apig_error_kind. */
static const char *const kind_keywords[APIG_ERROR_KIND_COUNT] = {
    NULL,
#define GEN_X_KEYWORD(name, keyword, text) keyword,
    APIG_ERROR_KINDS(GEN_X_KEYWORD)
#undef GEN_X_KEYWORD
};

/* Limits of the format (beyond them a C struct would be absurd). */
#define GEN_MAX_STRING_CHARS 1048576u
#define GEN_MAX_ARRAY_ITEMS 65535u
#define GEN_MAX_FIELDS 255u
#define GEN_MAX_ENTRIES 255u
#define GEN_MAX_CTX_VALUES 255u
#define GEN_MAX_ENUM_VALUES 255u
#define GEN_DATE_TIME_CHARS 35u /* the longest RFC 3339 date-time the runtime accepts:
                                 * YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+hh:mm */
#define GEN_MAX_NORMALIZE 16u

/* ---- tree helpers ----------------------------------------------------------- */

static const char *kind_name(const ynode *n)
{
    switch (n->kind) {
    case Y_SCALAR: return "a scalar";
    case Y_SEQUENCE: return "a sequence";
    case Y_MAPPING: return "a mapping";
    }
    return "a node";
}

static bool want(const ynode *n, ynode_kind kind, const char *what)
{
    if (n->kind == kind)
        return true;
    gen_error(n->pos, "%s must be %s, not %s", what,
              kind == Y_SCALAR ? "a scalar" : kind == Y_MAPPING ? "a mapping" : "a sequence",
              kind_name(n));
    return false;
}

static const ynode *get(const ynode *map, const char *key)
{
    if (!map || map->kind != Y_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->pair_count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0 &&
            strlen(key) == map->pairs[i].key->len)
            return map->pairs[i].value;
    return NULL;
}

static const ynode *get_key(const ynode *map, const char *key)
{
    for (size_t i = 0; i < map->pair_count; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].key;
    return NULL;
}

/* Reports every key of `map` not in the NULL-terminated `allowed`. */
static bool only_keys(const ynode *map, const char *const *allowed, const char *where)
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

static bool need_key(const ynode *map, const char *key, const char *where)
{
    if (get(map, key))
        return true;
    gen_error(map->pos, "%s needs '%s'", where, key);
    return false;
}

/* A scalar without NUL and without control characters, non-empty. */
static bool text_of(const ynode *n, const char *what, const char **out)
{
    if (!want(n, Y_SCALAR, what))
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
static bool parse_i64(const char *s, size_t len, int64_t *out)
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

static bool int_of(const ynode *n, const char *what, int64_t lo, int64_t hi, int64_t *out)
{
    if (!want(n, Y_SCALAR, what))
        return false;
    int64_t v;
    if (!n->plain || !parse_i64(n->text, n->len, &v)) {
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

static bool bool_of(const ynode *n, const char *what, bool *out)
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

/* ---- names -------------------------------------------------------------------- */

static bool is_ident(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; s[i]; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* Reserved in C11 or C++11 (the generated header compiles as both), or a
 * macro the generated files see. */
static bool is_keyword(const char *s)
{
    static const char *const words[] = {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool",
        "break", "case", "catch", "char", "char16_t", "char32_t", "class", "compl",
        "const", "constexpr", "const_cast", "continue", "decltype", "default", "delete",
        "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern",
        "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
        "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
        "operator", "or", "or_eq", "private", "protected", "public", "register",
        "reinterpret_cast", "restrict", "return", "short", "signed", "sizeof", "static",
        "static_assert", "static_cast", "struct", "switch", "template", "this",
        "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union",
        "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor",
        "xor_eq", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    if (s[0] == '_') /* leading underscores belong to the implementation */
        return true;
    /* Object-like macros of the headers the output includes (<stdint.h>,
     * <stddef.h>, apig's APIG_...): as a struct member they would expand. */
    static const char *const macros[] = {
        "NULL", "SIZE_MAX", "PTRDIFF_MIN", "PTRDIFF_MAX", "SIG_ATOMIC_MIN", "SIG_ATOMIC_MAX",
        "WCHAR_MIN", "WCHAR_MAX", "WINT_MIN", "WINT_MAX", NULL};
    for (size_t i = 0; macros[i]; i++)
        if (strcmp(s, macros[i]) == 0)
            return true;
    /* [U]INT{8,16,32,64,_LEAST8..,_FAST8..,PTR,MAX}_{MIN,MAX} */
    static const char *const widths[] = {
        "8", "16", "32", "64", "_LEAST8", "_LEAST16", "_LEAST32", "_LEAST64", "_FAST8",
        "_FAST16", "_FAST32", "_FAST64", "PTR", "MAX", NULL};
    const char *t = s + (s[0] == 'U');
    size_t n = strlen(t);
    if (strncmp(t, "INT", 3) == 0 && n > 7 &&
        (strcmp(t + n - 4, "_MIN") == 0 || strcmp(t + n - 4, "_MAX") == 0))
        for (size_t i = 0; widths[i]; i++)
            if (strlen(widths[i]) == n - 7 && strncmp(t + 3, widths[i], n - 7) == 0)
                return true;
    return strncmp(s, "APIG_", 5) == 0;
}

/* "VpcMemberCreate" -> "vpc_member_create", "HTTPServer" -> "http_server". */
static char *snake(const char *s)
{
    size_t n = strlen(s);
    char *out = gen_alloc(2 * n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isupper(c) && i > 0) {
            unsigned char p = (unsigned char)s[i - 1];
            unsigned char nx = i + 1 < n ? (unsigned char)s[i + 1] : 0;
            if (islower(p) || isdigit(p) || (isupper(p) && islower(nx)))
                if (o > 0 && out[o - 1] != '_')
                    out[o++] = '_';
        }
        out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
    return out;
}

char *gen_upper(const char *s)
{
    char *u = gen_strndup(s, strlen(s));
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

char *gen_value_macro(const char *value)
{
    for (const char *p = value; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return NULL;
    return gen_upper(value);
}

/* A JSON key the runtime can match as it appears in a body: printable
 * ASCII without '"' and '\'. */
static bool json_name_ok(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            return false;
    }
    return true;
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

/* ---- the loader ------------------------------------------------------------------ */

/* Where a field is: a body's definition, a path parameter, the token
 * header, a query parameter (strings and integers; the query-string decoder
 * applies their `default` and `x-normalize`), or an array's inline item
 * schema (`items: {type: string, ...}`). */
typedef enum field_site { SITE_BODY, SITE_PATH, SITE_HEADER, SITE_QUERY, SITE_ITEM } field_site;

static const char *site_name(field_site site)
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

typedef struct loader {
    gen_schema *s;
    bool catalog_ok; /* entries loaded: codes can be resolved */
} loader;

static int kind_from_keyword(const char *kw)
{
    for (int k = 1; k < GEN_KIND_COUNT; k++)
        if (strcmp(kind_keywords[k], kw) == 0)
            return k;
    return -1;
}

static int entry_index(const gen_schema *s, const char *code)
{
    for (size_t i = 0; i < s->entry_count; i++)
        if (strcmp(s->entries[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* Reads a {kind keyword: catalog code} mapping into kind_entry. */
static bool load_kind_map(loader *L, const ynode *map, uint8_t *kind_entry, bool *seen,
                          const char *where)
{
    if (!want(map, Y_MAPPING, where))
        return false;
    bool ok = true;
    for (size_t i = 0; i < map->pair_count; i++) {
        const ynode *k = map->pairs[i].key, *v = map->pairs[i].value;
        int kind = kind_from_keyword(k->text);
        if (kind < 0) {
            gen_error(k->pos, "unknown error kind '%s' in %s (see include/apig/error.h)",
                      k->text, where);
            ok = false;
            continue;
        }
        const char *code;
        if (!text_of(v, "a catalog code", &code)) {
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

/* ---- x-charsets ---- */

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
    if (!int_of(n, "a code point", 0, 0x10FFFF, &v))
        return false;
    if (v == 0) {
        gen_error(n->pos, "U+0000 cannot be in a character set (strings are NUL-terminated)");
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool load_charsets(loader *L, const ynode *node)
{
    if (!want(node, Y_MAPPING, "x-charsets"))
        return false;
    gen_schema *s = L->s;
    bool ok = true;
    s->charsets = gen_alloc(node->pair_count * sizeof *s->charsets);
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key, *v = node->pairs[i].value;
        gen_charset *cs = &s->charsets[s->charset_count];
        memset(cs, 0, sizeof *cs);
        if (k->len == 0 || !printable_ascii(k->text)) {
            gen_error(k->pos, "a character set name must be printable ASCII");
            ok = false;
            continue;
        }
        if (!want(v, Y_SEQUENCE, "a character set") ) {
            ok = false;
            continue;
        }
        if (v->item_count == 0) {
            gen_error(v->pos, "character set '%s' is empty", k->text);
            ok = false;
            continue;
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
            const ynode *r = v->items[j];
            apig_char_range cr;
            if (r->kind == Y_SEQUENCE) {
                if (r->item_count != 2) {
                    gen_error(r->pos, "a range is [first, last]");
                    set_ok = false;
                    continue;
                }
                if (!code_point(r->items[0], &cr.first) || !code_point(r->items[1], &cr.last)) {
                    set_ok = false;
                    continue;
                }
                if (cr.first > cr.last) {
                    gen_error(r->pos, "range first 0x%X is above last 0x%X",
                              (unsigned)cr.first, (unsigned)cr.last);
                    set_ok = false;
                    continue;
                }
            } else if (r->kind == Y_SCALAR) {
                if (!code_point(r, &cr.first)) {
                    set_ok = false;
                    continue;
                }
                cr.last = cr.first;
            } else {
                gen_error(r->pos, "a character set entry is a code point or [first, last]");
                set_ok = false;
                continue;
            }
            cs->ranges[cs->range_count++] = cr;
        }
        if (!set_ok) {
            free(cs->ranges);
            free(cs->cname);
            ok = false;
            continue;
        }
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
        for (size_t j = 0; j < s->charset_count; j++)
            if (strcmp(s->charsets[j].cname, cs->cname) == 0) {
                gen_error(k->pos, "character set name '%s' clashes with '%s' in C",
                          k->text, s->charsets[j].name);
                ok = false;
            }
        s->charset_count++;
    }
    return ok;
}

static const gen_charset *find_charset(const gen_schema *s, const char *name)
{
    for (size_t i = 0; i < s->charset_count; i++)
        if (strcmp(s->charsets[i].name, name) == 0)
            return &s->charsets[i];
    return NULL;
}

/* ---- x-context ---- */

static const gen_limit *find_limit(const gen_schema *s, const char *name)
{
    for (size_t i = 0; i < s->limit_count; i++)
        if (strcmp(s->limits[i].name, name) == 0)
            return &s->limits[i];
    return NULL;
}

/* "<prefix>_<snake name>", newly allocated. */
static char *prefixed(const gen_schema *s, const char *name)
{
    char *sn = snake(name);
    size_t n = strlen(s->prefix) + strlen(sn) + 2;
    char *r = gen_alloc(n);
    snprintf(r, n, "%s_%s", s->prefix, sn);
    free(sn);
    return r;
}

static bool load_context(loader *L, const ynode *node)
{
    if (!want(node, Y_MAPPING, "x-context"))
        return false;
    gen_schema *s = L->s;
    if (node->pair_count > APIG_CONTEXT_KEYS_MAX) {
        gen_error(node->pos, "at most %d context keys are supported", APIG_CONTEXT_KEYS_MAX);
        return false;
    }
    static const char *const keys[] = {"enum", "aliases", "type", "description", NULL};
    bool ok = true;
    s->ctxkeys = gen_alloc(node->pair_count * sizeof *s->ctxkeys);
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key, *v = node->pairs[i].value;
        gen_ctxkey *ck = &s->ctxkeys[s->ctxkey_count++];
        ck->name = k->text;
        ck->pos = k->pos;
        if (!is_ident(k->text)) {
            gen_error(k->pos, "context key '%s' must be an identifier", k->text);
            ok = false;
        }
        if (!want(v, Y_MAPPING, "a context key") || !only_keys(v, keys, "a context key")) {
            ok = false;
            continue;
        }
        const ynode *en = get(v, "enum"), *al = get(v, "aliases"), *ty = get(v, "type");
        if (ty) {
            const char *t;
            if (!text_of(ty, "type", &t))
                ok = false;
            else if (strcmp(t, "integer") != 0) {
                gen_error(ty->pos, "unsupported context key type '%s' (integer, or give enum)", t);
                ok = false;
            } else if (en || al) {
                gen_error(ty->pos, "an integer context key has no enum or aliases");
                ok = false;
            }
            ck->is_integer = true;
            continue;
        }
        if (!en) {
            gen_error(v->pos, "context key '%s' needs 'enum' or 'type: integer'", k->text);
            ok = false;
            continue;
        }
        if (!want(en, Y_SEQUENCE, "enum")) {
            ok = false;
            continue;
        }
        if (en->item_count == 0 || en->item_count > GEN_MAX_CTX_VALUES) {
            gen_error(en->pos, "enum needs 1 to %u values", GEN_MAX_CTX_VALUES);
            ok = false;
            continue;
        }
        ck->values = gen_alloc(en->item_count * sizeof *ck->values);
        for (size_t j = 0; j < en->item_count; j++) {
            const char *t;
            if (!text_of(en->items[j], "an enum value", &t) || !printable_ascii(t)) {
                if (en->items[j]->kind == Y_SCALAR && en->items[j]->len)
                    gen_error(en->items[j]->pos, "an enum value must be printable ASCII");
                ok = false;
                continue;
            }
            for (size_t m = 0; m < ck->value_count; m++)
                if (strcmp(ck->values[m], t) == 0) {
                    gen_error(en->items[j]->pos, "duplicate enum value '%s'", t);
                    ok = false;
                }
            ck->values[ck->value_count++] = en->items[j]->text;
        }
        if (al) {
            if (!want(al, Y_MAPPING, "aliases")) {
                ok = false;
                continue;
            }
            ck->alias_names = gen_alloc(al->pair_count * sizeof *ck->alias_names);
            ck->alias_values = gen_alloc(al->pair_count);
            for (size_t j = 0; j < al->pair_count; j++) {
                const ynode *an = al->pairs[j].key, *av = al->pairs[j].value;
                const char *t;
                if (an->len == 0 || !printable_ascii(an->text)) {
                    gen_error(an->pos, "an alias must be printable ASCII");
                    ok = false;
                    continue;
                }
                for (size_t m = 0; m < ck->value_count; m++)
                    if (strcmp(ck->values[m], an->text) == 0) {
                        gen_error(an->pos, "alias '%s' is already a value", an->text);
                        ok = false;
                    }
                if (!text_of(av, "an alias target", &t)) {
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
        }
    }
    return ok;
}

/* ---- x-errors ---- */

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

static bool load_errors(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"formats", "catalog", "rules", "body", NULL};
    static const char *const fkeys[] = {"param", "id", "detail", NULL};
    static const char *const bkeys[] = {"code", "message", NULL};
    static const char *const ekeys[] = {"status", "message", "decoration", NULL};
    if (!want(node, Y_MAPPING, "x-errors") || !only_keys(node, keys, "x-errors"))
        return false;
    if (!need_key(node, "catalog", "x-errors") || !need_key(node, "rules", "x-errors"))
        return false;
    bool ok = true;

    const ynode *fm = get(node, "formats");
    if (fm) {
        if (!want(fm, Y_MAPPING, "formats") || !only_keys(fm, fkeys, "x-errors: formats:"))
            return false;
        for (size_t i = 0; i < fm->pair_count; i++) {
            const ynode *k = fm->pairs[i].key, *v = fm->pairs[i].value;
            const char *t;
            if (!text_of(v, "a format", &t) || !check_format_text(v)) {
                ok = false;
                continue;
            }
            if (strcmp(k->text, "param") == 0)
                s->param_format = v->text;
            else if (strcmp(k->text, "id") == 0)
                s->id_format = v->text;
            else
                s->detail_format = v->text;
        }
    }

    const ynode *body = get(node, "body");
    if (body) {
        const char *t;
        if (!want(body, Y_MAPPING, "x-errors: body:") || !only_keys(body, bkeys, "x-errors: body:") ||
            !need_key(body, "code", "x-errors: body:") || !need_key(body, "message", "x-errors: body:") ||
            !text_of(get(body, "code"), "the error code field", &t) ||
            !text_of(get(body, "message"), "the error message field", &t))
            return false;
        s->error_code_key = get(body, "code");
        s->error_message_key = get(body, "message");
    }

    const ynode *cat = get(node, "catalog");
    if (!want(cat, Y_MAPPING, "catalog"))
        return false;
    if (cat->pair_count == 0 || cat->pair_count > GEN_MAX_ENTRIES) {
        gen_error(cat->pos, "the catalog needs 1 to %u entries", GEN_MAX_ENTRIES);
        return false;
    }
    s->entries = gen_alloc(cat->pair_count * sizeof *s->entries);
    for (size_t i = 0; i < cat->pair_count; i++) {
        const ynode *k = cat->pairs[i].key, *v = cat->pairs[i].value;
        gen_entry *e = &s->entries[s->entry_count];
        memset(e, 0, sizeof *e);
        if (k->len == 0 || !json_name_ok(k->text)) {
            gen_error(k->pos, "a catalog code must be printable ASCII without '\"' or '\\'");
            ok = false;
            continue;
        }
        if (!want(v, Y_MAPPING, "a catalog entry") || !only_keys(v, ekeys, "a catalog entry") ||
            !need_key(v, "status", "a catalog entry") || !need_key(v, "message", "a catalog entry")) {
            ok = false;
            continue;
        }
        int64_t st;
        const char *msg;
        if (!int_of(get(v, "status"), "status", 100, 599, &st) ||
            !text_of(get(v, "message"), "message", &msg)) {
            ok = false;
            continue;
        }
        e->code = k->text;
        e->pos = k->pos;
        e->status = (int)st;
        e->message = get(v, "message")->text;
        e->decoration = APIG_DECORATE_NONE;
        const ynode *d = get(v, "decoration");
        if (d) {
            const char *t;
            if (!text_of(d, "decoration", &t)) {
                ok = false;
                continue;
            }
            const char *need = NULL;
            if (strcmp(t, "none") == 0)
                e->decoration = APIG_DECORATE_NONE;
            else if (strcmp(t, "param") == 0)
                e->decoration = APIG_DECORATE_PARAM, need = s->param_format ? NULL : "param";
            else if (strcmp(t, "id") == 0)
                e->decoration = APIG_DECORATE_ID, need = s->id_format ? NULL : "id";
            else if (strcmp(t, "detail") == 0)
                e->decoration = APIG_DECORATE_DETAIL, need = s->detail_format ? NULL : "detail";
            else {
                gen_error(d->pos, "unknown decoration '%s' (none, param, id, detail)", t);
                ok = false;
                continue;
            }
            if (need) {
                gen_error(d->pos, "decoration '%s' needs x-errors: formats: %s:", t, need);
                ok = false;
                continue;
            }
        }
        s->entry_count++;
    }
    if (!ok)
        return false;
    qsort(s->entries, s->entry_count, sizeof *s->entries, cmp_entry);
    L->catalog_ok = true;

    bool seen[APIG_ERROR_KIND_COUNT] = {false};
    const ynode *rules = get(node, "rules");
    if (!load_kind_map(L, rules, s->kind_entry, seen, "x-errors: rules:"))
        return false;
    for (int k = 1; k < GEN_KIND_COUNT; k++)
        if (!seen[k]) {
            gen_error(rules->pos, "x-errors: rules: misses error kind '%s'", kind_keywords[k]);
            ok = false;
        }
    return ok;
}

/* ---- fields ---- */

static unsigned char_width(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static bool load_when(loader *L, gen_field *f, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"context", "required", "format", NULL};
    if (!want(node, Y_SEQUENCE, "x-when"))
        return false;
    bool ok = true;
    f->conditions = gen_alloc(2 * node->item_count * sizeof *f->conditions);
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *w = node->items[i];
        if (!want(w, Y_MAPPING, "an x-when entry") || !only_keys(w, keys, "an x-when entry") ||
            !need_key(w, "context", "an x-when entry")) {
            ok = false;
            continue;
        }
        const ynode *c = get(w, "context");
        if (!want(c, Y_MAPPING, "context")) {
            ok = false;
            continue;
        }
        if (c->pair_count != 1) {
            gen_error(c->pos, "an x-when context names exactly one key");
            ok = false;
            continue;
        }
        const ynode *ck = c->pairs[0].key, *cv = c->pairs[0].value;
        size_t key;
        for (key = 0; key < s->ctxkey_count; key++)
            if (strcmp(s->ctxkeys[key].name, ck->text) == 0)
                break;
        if (key == s->ctxkey_count) {
            gen_error(ck->pos, "unknown context key '%s' (not in x-context)", ck->text);
            ok = false;
            continue;
        }
        const gen_ctxkey *K = &s->ctxkeys[key];
        if (K->is_integer) {
            gen_error(ck->pos, "x-when on integer context key '%s' is not supported", ck->text);
            ok = false;
            continue;
        }
        const char *t;
        if (!text_of(cv, "a context value", &t)) {
            ok = false;
            continue;
        }
        int value = -1;
        for (size_t m = 0; m < K->value_count; m++)
            if (strcmp(K->values[m], t) == 0)
                value = (int)m;
        for (size_t m = 0; m < K->alias_count && value < 0; m++)
            if (strcmp(K->alias_names[m], t) == 0)
                value = K->alias_values[m];
        if (value < 0) {
            gen_error(cv->pos, "'%s' is not a value of context key '%s'", t, K->name);
            ok = false;
            continue;
        }
        const ynode *rq = get(w, "required"), *fm = get(w, "format");
        if (!rq && !fm) {
            gen_error(w->pos, "an x-when entry needs 'required: true' or 'format'");
            ok = false;
            continue;
        }
        if (rq) {
            bool b;
            if (!bool_of(rq, "required", &b)) {
                ok = false;
            } else if (!b) {
                gen_error(rq->pos, "x-when 'required' can only be true");
                ok = false;
            } else {
                apig_condition cd = {(uint8_t)key, (uint8_t)value, APIG_WHEN_REQUIRE, 0};
                f->conditions[f->condition_count++] = cd;
            }
        }
        if (fm) {
            const char *ft;
            if (!text_of(fm, "format", &ft)) {
                ok = false;
            } else if (f->type != APIG_TYPE_STRING) {
                gen_error(fm->pos, "an x-when format applies to strings only");
                ok = false;
            } else {
                apig_format af = strcmp(ft, "ip-address") == 0  ? APIG_FORMAT_IP_ADDRESS
                                 : strcmp(ft, "date-time") == 0 ? APIG_FORMAT_DATE_TIME
                                                                : APIG_FORMAT_NONE;
                if (af == APIG_FORMAT_NONE) {
                    gen_error(fm->pos, "unsupported format '%s' (ip-address, date-time)", ft);
                    ok = false;
                } else {
                    apig_condition cd = {(uint8_t)key, (uint8_t)value, APIG_WHEN_FORMAT,
                                         (uint8_t)af};
                    f->conditions[f->condition_count++] = cd;
                }
            }
        }
    }
    return ok;
}

/* ---- default:, x-normalize:, enum: ---- */

/* Decodes one UTF-8 character of s[0..len) (YAML text is UTF-8, but the
 * check costs nothing): its length, 0 if malformed. */
static size_t utf8_char(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                            : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > len)
        return 0;
    uint32_t v = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static bool charset_has(const gen_charset *cs, uint32_t cp)
{
    if (!cs)
        return cp != 0;
    for (size_t i = 0; i < cs->range_count; i++)
        if (cp >= cs->ranges[i].first && cp <= cs->ranges[i].last)
            return true;
    return false;
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

/* A string field's default: text its own rules accept (character set,
 * U+0000 excluded, and length in characters). */
static bool load_string_default(gen_field *f, const ynode *d)
{
    if (!want(d, Y_SCALAR, "default"))
        return false;
    if (f->format != APIG_FORMAT_NONE) {
        gen_error(d->pos, "a default for a string with a format is not supported");
        return false;
    }
    const unsigned char *t = (const unsigned char *)d->text;
    size_t chars = 0, used;
    for (size_t i = 0; i < d->len; i += used, chars++) {
        uint32_t cp;
        used = utf8_char(t + i, d->len - i, &cp);
        if (used == 0) {
            gen_error(d->pos, "default is not UTF-8");
            return false;
        }
        if (!charset_has(f->charset, cp)) {
            if (cp == 0)
                gen_error(d->pos, "default must not contain U+0000 (strings are NUL-terminated)");
            else
                gen_error(d->pos, "default has U+%04lX, which is not in x-charset '%s'",
                          (unsigned long)cp, f->charset->name);
            return false;
        }
    }
    if (chars < f->min_length || chars > f->max_length) {
        gen_error(d->pos, "default has %zu characters, outside minLength..maxLength (%u..%u)",
                  chars, (unsigned)f->min_length, (unsigned)f->max_length);
        return false;
    }
    f->has_default = true;
    f->default_string = d->text;
    return true;
}

/* x-normalize: [{below: N, to: M}, {above: N, to: M}, ...] on an integer
 * field whose format gives lo..hi; every `to` satisfies the field. */
static bool load_normalize(gen_field *f, const ynode *node, int64_t lo, int64_t hi)
{
    static const char *const keys[] = {"below", "above", "to", NULL};
    if (!want(node, Y_SEQUENCE, "x-normalize"))
        return false;
    if (node->item_count == 0 || node->item_count > GEN_MAX_NORMALIZE) {
        gen_error(node->pos, "x-normalize needs 1 to %u rules", GEN_MAX_NORMALIZE);
        return false;
    }
    f->normalize = gen_alloc(node->item_count * sizeof *f->normalize);
    bool ok = true;
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *r = node->items[i];
        if (!want(r, Y_MAPPING, "an x-normalize rule") ||
            !only_keys(r, keys, "an x-normalize rule") ||
            !need_key(r, "to", "an x-normalize rule")) {
            ok = false;
            continue;
        }
        const ynode *below = get(r, "below"), *above = get(r, "above"), *to = get(r, "to");
        if ((below != NULL) == (above != NULL)) {
            gen_error(r->pos, "an x-normalize rule has exactly one of 'below' and 'above'");
            ok = false;
            continue;
        }
        apig_normalize n;
        memset(&n, 0, sizeof n);
        n.when = below ? APIG_NORMALIZE_BELOW : APIG_NORMALIZE_ABOVE;
        if (!int_of(below ? below : above, below ? "below" : "above", INT64_MIN, INT64_MAX,
                    &n.limit) ||
            !int_of(to, "x-normalize 'to'", lo, hi, &n.to) ||
            !within_limits(f, n.to, to, "x-normalize 'to'")) {
            ok = false;
            continue;
        }
        f->normalize[f->normalize_count++] = n;
    }
    return ok;
}

/* x-separator and enum of string field f (its length, set and format
 * already loaded): every value must be one the field itself accepts. */
static bool load_enum(gen_field *f, const ynode *v)
{
    const ynode *en = get(v, "enum"), *sp = get(v, "x-separator");
    if (sp) {
        const char *t;
        if (!text_of(sp, "x-separator", &t))
            return false;
        unsigned char c = (unsigned char)t[0];
        if (sp->len != 1 || c <= 0x20 || c >= 0x7F || isalnum(c)) {
            gen_error(sp->pos, "x-separator must be one ASCII punctuation character, not '%s'", t);
            return false;
        }
        if (!en) {
            gen_error(sp->pos, "x-separator needs 'enum' (the values its items take)");
            return false;
        }
        if (!charset_has(f->charset, c)) {
            gen_error(sp->pos, "x-separator '%c' is not in character set '%s'", c,
                      f->charset->name);
            return false;
        }
        f->separator = (char)c;
    }
    if (!en)
        return true;
    if (f->format != APIG_FORMAT_NONE) {
        gen_error(get_key(v, "enum")->pos, "enum and format do not combine (the values say "
                                           "what the format would)");
        return false;
    }
    if (!want(en, Y_SEQUENCE, "enum"))
        return false;
    if (en->item_count == 0 || en->item_count > GEN_MAX_ENUM_VALUES) {
        gen_error(en->pos, "enum needs 1 to %u values", GEN_MAX_ENUM_VALUES);
        return false;
    }
    bool ok = true;
    f->enum_values = gen_alloc(en->item_count * sizeof *f->enum_values);
    for (size_t i = 0; i < en->item_count; i++) {
        const ynode *e = en->items[i];
        const char *t;
        if (!text_of(e, "an enum value", &t)) {
            ok = false;
            continue;
        }
        size_t chars = 0;
        bool value_ok = true;
        for (size_t at = 0; at < e->len; chars++) {
            uint32_t cp;
            size_t n = utf8_char((const unsigned char *)t + at, e->len - at, &cp);
            if (n == 0) {
                gen_error(e->pos, "enum value '%s' is not valid UTF-8", t);
                value_ok = false;
                break;
            }
            if (!charset_has(f->charset, cp)) {
                gen_error(e->pos, "enum value '%s' has U+%04X, which is not in character set '%s'",
                          t, (unsigned)cp, f->charset->name);
                value_ok = false;
                break;
            }
            if (f->separator && cp == (unsigned char)f->separator) {
                gen_error(e->pos, "enum value '%s' contains the x-separator '%c'", t, f->separator);
                value_ok = false;
                break;
            }
            at += n;
        }
        if (value_ok && (chars < f->min_length || chars > f->max_length)) {
            gen_error(e->pos, "enum value '%s' has %u characters, outside minLength..maxLength "
                              "(%u..%u)", t, (unsigned)chars, (unsigned)f->min_length,
                      (unsigned)f->max_length);
            value_ok = false;
        }
        for (size_t j = 0; j < f->enum_count && value_ok; j++)
            if (strcmp(f->enum_values[j], t) == 0) {
                gen_error(e->pos, "duplicate enum value '%s'", t);
                value_ok = false;
            }
        if (!value_ok) {
            ok = false;
            continue;
        }
        f->enum_values[f->enum_count++] = t;
    }
    return ok;
}

/* What the runtime's enum check accepts: one enum value, or with a
 * separator a list of them (an empty item included as a value). */
static bool enum_accepts(const gen_field *f, const char *text)
{
    const char *item = text;
    for (;;) {
        const char *end = f->separator ? strchr(item, f->separator) : NULL;
        size_t n = end ? (size_t)(end - item) : strlen(item);
        bool found = false;
        for (size_t i = 0; i < f->enum_count && !found; i++)
            found = strlen(f->enum_values[i]) == n && memcmp(f->enum_values[i], item, n) == 0;
        if (!found)
            return false;
        if (!end)
            return true;
        item = end + 1;
    }
}

/* "inline" or "view" into *view; false (reported) otherwise. */
static bool storage_of(const ynode *n, bool *view)
{
    const char *t;
    if (!text_of(n, "a string storage", &t))
        return false;
    if (strcmp(t, "inline") != 0 && strcmp(t, "view") != 0) {
        gen_error(n->pos, "string storage is inline or view, not '%s'", t);
        return false;
    }
    *view = strcmp(t, "view") == 0;
    return true;
}

/* How string field f (of mapping v) is stored: its x-storage, else the
 * file's default. Views are for body strings: parameters (path, query, the
 * token header) are short text that is not JSON, always inline. */
static bool load_storage(loader *L, gen_field *f, const ynode *v, field_site site)
{
    const ynode *st = get(v, "x-storage");
    bool view = L->s->view_default;
    if (st && !storage_of(st, &view))
        return false;
    if (site != SITE_BODY && site != SITE_ITEM) {
        if (st) {
            gen_error(get_key(v, "x-storage")->pos, "x-storage applies to body strings; %s "
                      "parameters are always inline", site_name(site));
            return false;
        }
        view = false;
    }
    f->view = view;
    return true;
}

/* ---- x-as-service: the rules the service writes by ---- */

/* An enum value (of field a, whose rules are the service's) that those
 * rules refuse: the value could never be written. */
static bool enum_fits(const gen_field *a, const ynode *node)
{
    if (a->separator && !charset_has(a->charset, (unsigned char)a->separator)) {
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
            used = utf8_char((const unsigned char *)t + at, len - at, &cp);
            fits = used > 0 && charset_has(a->charset, cp);
        }
        if (!fits || chars < a->min_length || chars > a->max_length) {
            gen_error(node->pos, "x-as-service refuses enum value '%s' (its character set or "
                      "minLength..maxLength)", t);
            return false;
        }
    }
    return true;
}

/*
 * x-as-service: {minLength, maxLength, x-charset, format, minimum, maximum}
 * on field f (final otherwise): f->as_service becomes a copy of f with
 * those rules. Strings: x-charset a set's name or `any`, format one or
 * `none`; f's size grows to the larger of the two modes' (one struct).
 */
static bool load_as_service(loader *L, gen_field *f, const ynode *node)
{
    static const char *const keys[] = {"minLength", "maxLength", "x-charset", "format",
                                       "minimum", "maximum", NULL};
    static const char *const string_keys[] = {"minLength", "maxLength", "x-charset", "format",
                                              NULL};
    if (!want(node, Y_MAPPING, "x-as-service") || !only_keys(node, keys, "x-as-service"))
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
    gen_field a = *f;
    a.as_service = NULL;
    if (!is_string) {
        int64_t lo = f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
        int64_t hi = f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
        const ynode *mn = get(node, "minimum"), *mx = get(node, "maximum");
        if (mn && !int_of(mn, "minimum", lo, hi, &a.minimum))
            return false;
        if (mx && !int_of(mx, "maximum", lo, hi, &a.maximum))
            return false;
        a.has_minimum = a.has_minimum || mn;
        a.has_maximum = a.has_maximum || mx;
        if (a.has_minimum && a.has_maximum && a.minimum > a.maximum) {
            gen_error((mn ? mn : mx)->pos, "x-as-service: minimum %lld is above maximum %lld",
                      (long long)a.minimum, (long long)a.maximum);
            return false;
        }
    } else {
        const ynode *mn = get(node, "minLength"), *mx = get(node, "maxLength");
        const ynode *cs = get(node, "x-charset"), *fm = get(node, "format");
        int64_t n;
        if (mn) {
            if (!int_of(mn, "minLength", 0, GEN_MAX_STRING_CHARS, &n))
                return false;
            a.min_length = (uint32_t)n;
        }
        if (mx) {
            if (!int_of(mx, "maxLength", 1, GEN_MAX_STRING_CHARS, &n))
                return false;
            a.max_length = (uint32_t)n;
        }
        if (a.min_length > a.max_length) {
            gen_error((mn ? mn : mx)->pos, "x-as-service: minLength %u is above maxLength %u",
                      (unsigned)a.min_length, (unsigned)a.max_length);
            return false;
        }
        const char *t;
        if (cs) {
            if (!text_of(cs, "x-charset", &t))
                return false;
            if (strcmp(t, "any") == 0) {
                a.charset = NULL;
            } else if (!(a.charset = find_charset(L->s, t))) {
                gen_error(cs->pos, "unknown character set '%s' in x-as-service (not in "
                          "x-charsets, nor 'any')", t);
                return false;
            }
        }
        if (fm) {
            if (!text_of(fm, "format", &t))
                return false;
            if (strcmp(t, "none") == 0)
                a.format = APIG_FORMAT_NONE;
            else if (strcmp(t, "ip-address") == 0)
                a.format = APIG_FORMAT_IP_ADDRESS;
            else if (strcmp(t, "date-time") == 0)
                a.format = APIG_FORMAT_DATE_TIME;
            else {
                gen_error(fm->pos, "unsupported format '%s' in x-as-service (ip-address, "
                          "date-time, none)", t);
                return false;
            }
            if (a.format != APIG_FORMAT_NONE && a.enum_count) {
                gen_error(fm->pos, "enum and format do not combine (the values say what the "
                          "format would)");
                return false;
            }
        }
        if (a.enum_count && !enum_fits(&a, node))
            return false;
        /* One struct for both modes: the larger buffer. */
        uint32_t width = a.format != APIG_FORMAT_NONE ? 1
                         : a.charset ? char_width(a.charset->ranges[a.charset->range_count - 1].last)
                                     : 4;
        if ((uint64_t)a.max_length * width + 1 > f->size) {
            f->size = a.max_length * width + 1;
            f->size_chars = a.max_length;
            f->size_width = width;
        }
        a.size = f->size;
        a.size_chars = f->size_chars;
        a.size_width = f->size_width;
    }
    f->as_service = gen_alloc(sizeof *f->as_service);
    *f->as_service = a;
    return true;
}

static void free_field(gen_field *f);

static bool load_field(loader *L, gen_field *f, const ynode *k, const ynode *v, field_site site)
{
    gen_schema *s = L->s;
    memset(f, 0, sizeof *f);
    static const char *const keys[] = {
        "type", "format", "description", "minimum", "maximum", "minLength", "maxLength",
        "minItems", "maxItems", "items", "$ref", "x-capacity", "x-charset", "x-when",
        "x-errors", "x-c-name", "default", "x-normalize", "enum", "x-separator", "x-storage",
        "x-as-service", NULL};
    /* An item schema takes its name, context rules and codes from its array. */
    static const char *const not_item[] = {"x-when", "x-errors", "x-c-name", NULL};
    f->name = k->text;
    f->pos = k->pos;
    if (k->len == 0 || !json_name_ok(k->text)) {
        gen_error(k->pos, "field name must be printable ASCII without '\"' or '\\'");
        return false;
    }
    if (!want(v, Y_MAPPING, "a field") || !only_keys(v, keys, "a field"))
        return false;
    bool ok = true;
    for (size_t i = 0; site == SITE_ITEM && not_item[i]; i++)
        if (get(v, not_item[i])) {
            gen_error(get_key(v, not_item[i])->pos, "'%s' does not apply to array items "
                      "(give it on the array)", not_item[i]);
            ok = false;
        }
    if (!ok || !need_key(v, "type", "a field"))
        return false;

    const ynode *cn = get(v, "x-c-name");
    if (cn) {
        const char *t;
        if (!text_of(cn, "x-c-name", &t))
            return false;
        if (!is_ident(t) || is_keyword(t)) {
            gen_error(cn->pos, "x-c-name '%s' is not a usable C identifier", t);
            return false;
        }
        f->cname = cn->text;
    } else if (site != SITE_ITEM) { /* an item's C names are its array's */
        if (!is_ident(k->text) || is_keyword(k->text)) {
            gen_error(k->pos, "field name '%s' is not a usable C identifier; give x-c-name",
                      k->text);
            return false;
        }
        f->cname = k->text;
    }

    const char *type;
    const ynode *tn = get(v, "type");
    if (!text_of(tn, "type", &type))
        return false;
    if (strcmp(type, "string") == 0)
        f->type = APIG_TYPE_STRING;
    else if (strcmp(type, "integer") == 0)
        f->type = APIG_TYPE_INT64;
    else if (strcmp(type, "array") == 0)
        f->type = APIG_TYPE_ARRAY;
    else if (strcmp(type, "object") == 0)
        f->type = APIG_TYPE_OBJECT;
    else if (strcmp(type, "boolean") == 0)
        f->type = APIG_TYPE_BOOL;
    else {
        gen_error(tn->pos, "unsupported type '%s' (string, integer, boolean, array, object)",
                  type);
        return false;
    }
    if (site == SITE_QUERY && f->type != APIG_TYPE_STRING && f->type != APIG_TYPE_INT64) {
        gen_error(tn->pos, "query parameters must be strings or integers");
        return false;
    }
    if (site == SITE_ITEM && f->type != APIG_TYPE_STRING) {
        gen_error(tn->pos, "unsupported array item type '%s' (items are a definition name "
                           "or a string schema)", type);
        return false;
    }
    if ((site == SITE_PATH || site == SITE_HEADER) && f->type != APIG_TYPE_STRING) {
        gen_error(tn->pos, "%s parameters must be strings", site_name(site));
        return false;
    }
    /* Only the query-string decoder applies a default and x-normalize: the
     * body decoder would leave the field absent or refuse the value, and
     * path parameters and the token header are always required. */
    static const char *const query_keys[] = {"default", "x-normalize"};
    for (size_t i = 0; i < 2; i++)
        if (site != SITE_QUERY && get(v, query_keys[i])) {
            gen_error(get_key(v, query_keys[i])->pos,
                      "'%s' applies to query parameters only, not to %s", query_keys[i],
                      site == SITE_PATH     ? "path parameters (they are required)"
                      : site == SITE_HEADER ? "the token header (it is required)"
                      : site == SITE_ITEM   ? "array items (the body decoder does not apply it)"
                                            : "body fields (the body decoder does not apply it)");
            ok = false;
        }
    /* What the service writes is a body: parameters come from callers. */
    if (site != SITE_BODY && site != SITE_ITEM && get(v, "x-as-service")) {
        gen_error(get_key(v, "x-as-service")->pos, "'x-as-service' applies to body fields "
                  "(what the service writes), not to %s parameters", site_name(site));
        ok = false;
    }
    if (!ok)
        return false;

    /* Which keywords go with which type. */
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
    for (size_t i = 0; i < sizeof fit / sizeof fit[0]; i++)
        if (get(v, fit[i].key) && !(fit[i].types & (1u << f->type))) {
            gen_error(get_key(v, fit[i].key)->pos, "'%s' does not apply to type %s",
                      fit[i].key, type);
            ok = false;
        }
    if (!ok)
        return false;

    const ynode *fm = get(v, "format");
    if (fm) {
        const char *t;
        if (!text_of(fm, "format", &t))
            return false;
        if (f->type == APIG_TYPE_INT64 && strcmp(t, "int32") == 0)
            f->type = APIG_TYPE_INT32;
        else if (f->type == APIG_TYPE_INT64 && strcmp(t, "int64") == 0)
            f->type = APIG_TYPE_INT64;
        else if (f->type == APIG_TYPE_STRING && strcmp(t, "ip-address") == 0)
            f->format = APIG_FORMAT_IP_ADDRESS;
        else if (f->type == APIG_TYPE_STRING && strcmp(t, "date-time") == 0)
            f->format = APIG_FORMAT_DATE_TIME;
        else {
            gen_error(fm->pos, "unsupported format '%s' for type %s (%s)", t, type,
                      f->type == APIG_TYPE_STRING ? "ip-address, date-time" : "int32, int64");
            return false;
        }
    }

    if (f->type == APIG_TYPE_INT32 || f->type == APIG_TYPE_INT64) {
        int64_t lo = f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
        int64_t hi = f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
        const ynode *mn = get(v, "minimum"), *mx = get(v, "maximum");
        if (mn && !int_of(mn, "minimum", lo, hi, &f->minimum))
            ok = false;
        if (mx && !int_of(mx, "maximum", lo, hi, &f->maximum))
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
        const ynode *dn = get(v, "default"), *nn = get(v, "x-normalize");
        if (dn) {
            if (!int_of(dn, "default", lo, hi, &f->default_integer) ||
                !within_limits(f, f->default_integer, dn, "default"))
                return false;
            f->has_default = true;
        }
        if (nn && !load_normalize(f, nn, lo, hi))
            return false;
    }

    if (f->type == APIG_TYPE_STRING) {
        const ynode *mn = get(v, "minLength"), *mx = get(v, "maxLength"), *cs = get(v, "x-charset");
        int64_t a = 0, b = 0;
        if (mn && !int_of(mn, "minLength", 0, GEN_MAX_STRING_CHARS, &a))
            ok = false;
        if (mx && !int_of(mx, "maxLength", 1, GEN_MAX_STRING_CHARS, &b))
            ok = false;
        if (!ok)
            return false;
        if (!mx) {
            if (f->format == APIG_FORMAT_DATE_TIME) {
                b = GEN_DATE_TIME_CHARS;
            } else {
                gen_error(v->pos, "string field '%s' needs maxLength (its buffer size)", f->name);
                return false;
            }
        }
        if (a > b) {
            gen_error(mn ? mn->pos : v->pos, "minLength %lld is above maxLength %lld",
                      (long long)a, (long long)b);
            return false;
        }
        f->min_length = (uint32_t)a;
        f->max_length = (uint32_t)b;
        unsigned width = 4;
        if (cs) {
            const char *t;
            if (!text_of(cs, "x-charset", &t))
                return false;
            f->charset = find_charset(s, t);
            if (!f->charset) {
                gen_error(cs->pos, "unknown character set '%s' (not in x-charsets)", t);
                return false;
            }
            width = char_width(f->charset->ranges[f->charset->range_count - 1].last);
        }
        /* An always-on format admits ASCII only. */
        if (f->format != APIG_FORMAT_NONE)
            width = 1;
        f->size = f->max_length * width + 1;
        f->size_chars = f->max_length;
        f->size_width = width;
        const ynode *dn = get(v, "default");
        if (dn && !load_string_default(f, dn))
            return false;
        if (!load_enum(f, v))
            return false;
        if (dn && f->enum_count && !enum_accepts(f, f->default_string)) {
            gen_error(dn->pos, "default '%s' is not one of the enum values", f->default_string);
            return false;
        }
        if (!load_storage(L, f, v, site))
            return false;
    }

    if (f->type == APIG_TYPE_ARRAY) {
        const ynode *mn = get(v, "minItems"), *mx = get(v, "maxItems"), *cap = get(v, "x-capacity");
        const ynode *it = get(v, "items");
        int64_t a = 0, b = 0;
        if (!it) {
            gen_error(v->pos, "array field '%s' needs 'items' (a definition name or a string "
                              "schema)", f->name);
            return false;
        }
        if (it->kind == Y_MAPPING) {
            /* An array of strings: the item schema is a field of its own. */
            f->item = gen_alloc(sizeof *f->item);
            if (!load_field(L, f->item, k, it, SITE_ITEM))
                return false;
            f->item->cname = f->cname;
            f->item->is_item = true;
            /* The array says how its strings are stored. */
            if (get(v, "x-storage") && !load_storage(L, f->item, v, SITE_ITEM))
                return false;
        } else if (!text_of(it, "items", (const char **)&f->ref_name)) {
            return false;
        }
        f->ref_pos = it->pos;
        if (mn && !int_of(mn, "minItems", 0, GEN_MAX_ARRAY_ITEMS, &a))
            return false;
        if (mx && cap) {
            gen_error(cap->pos, "give maxItems or x-capacity, not both");
            return false;
        }
        if (!mx && !cap) {
            gen_error(v->pos, "array field '%s' needs maxItems or x-capacity", f->name);
            return false;
        }
        if (mx) {
            if (!int_of(mx, "maxItems", 1, GEN_MAX_ARRAY_ITEMS, &b))
                return false;
            f->capacity = (uint32_t)b;
            if (a > b) {
                gen_error(mn->pos, "minItems %lld is above maxItems %lld", (long long)a,
                          (long long)b);
                return false;
            }
        } else {
            const char *t;
            if (!text_of(cap, "x-capacity", &t))
                return false;
            if (cap->plain && (isdigit((unsigned char)t[0]) || t[0] == '-' || t[0] == '+')) {
                if (!int_of(cap, "x-capacity", 1, GEN_MAX_ARRAY_ITEMS, &b))
                    return false;
                f->capacity = (uint32_t)b;
                if (a > b) {
                    gen_error(mn->pos, "minItems %lld is above x-capacity %lld", (long long)a,
                              (long long)b);
                    return false;
                }
            } else {
                const gen_limit *lim = find_limit(s, t);
                if (!lim) {
                    gen_error(cap->pos, "x-capacity must be a number or the name of a limit "
                                        "(limits:), not '%s'", t);
                    return false;
                }
                if (lim->lo < 1 || lim->hi > GEN_MAX_ARRAY_ITEMS || lim->lo < a) {
                    gen_error(cap->pos, "limit %s, an x-capacity, must be kept within "
                                        "%lld..%u by its range", t, (long long)(a > 1 ? a : 1),
                              GEN_MAX_ARRAY_ITEMS);
                    return false;
                }
                f->capacity_macro = lim->macro;
            }
        }
        f->min_length = (uint32_t)a;
    }

    if (f->type == APIG_TYPE_OBJECT) {
        const ynode *r = get(v, "$ref");
        if (!r) {
            gen_error(v->pos, "object field '%s' needs '$ref' (a definition name)", f->name);
            return false;
        }
        if (!text_of(r, "$ref", (const char **)&f->ref_name))
            return false;
        f->ref_pos = r->pos;
    }

    memcpy(f->kind_entry, s->kind_entry, sizeof f->kind_entry);
    const ynode *xe = get(v, "x-errors");
    if (xe) {
        if (!load_kind_map(L, xe, f->kind_entry, NULL, "a field's x-errors"))
            return false;
        f->has_overrides = memcmp(f->kind_entry, s->kind_entry, sizeof f->kind_entry) != 0;
    }
    if (f->item) { /* an item's errors are its array's */
        memcpy(f->item->kind_entry, f->kind_entry, sizeof f->kind_entry);
        f->item->has_overrides = f->has_overrides;
    }
    const ynode *w = get(v, "x-when");
    if (w && !load_when(L, f, w))
        return false;
    /* Last, so that the copy has the field's final rules: an array's item
     * gets its names, codes and storage from the array first. */
    const ynode *as = f->item ? get(get(v, "items"), "x-as-service") : NULL;
    if (as && !load_as_service(L, f->item, as))
        return false;
    as = site == SITE_ITEM ? NULL : get(v, "x-as-service");
    if (as && !load_as_service(L, f, as))
        return false;
    return true;
}

/* Checks C member names within one struct (has_x, x_count included). */
static bool check_members(const gen_message *m)
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

static bool load_order(gen_message *m, const ynode *node)
{
    m->order = gen_alloc(m->field_count + 1);
    if (!node) {
        for (size_t i = 0; i < m->field_count; i++)
            m->order[i] = (uint8_t)i;
        return true;
    }
    if (!want(node, Y_SEQUENCE, "x-order"))
        return false;
    bool *used = gen_alloc(m->field_count + 1);
    bool ok = true;
    size_t c = 0;
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *it = node->items[i];
        const char *t;
        if (!text_of(it, "an x-order entry", &t)) {
            ok = false;
            continue;
        }
        size_t j;
        for (j = 0; j < m->field_count; j++)
            if (strcmp(m->fields[j].name, t) == 0)
                break;
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

static bool load_definition(loader *L, gen_message *m, const ynode *k, const ynode *v)
{
    static const char *const keys[] = {"type", "description", "required", "properties",
                                       "x-order", NULL};
    if (!want(v, Y_MAPPING, "a definition") || !only_keys(v, keys, "a definition") ||
        !need_key(v, "type", "a definition") || !need_key(v, "properties", "a definition"))
        return false;
    const char *t;
    const ynode *tn = get(v, "type");
    if (!text_of(tn, "type", &t))
        return false;
    if (strcmp(t, "object") != 0) {
        gen_error(tn->pos, "unsupported definition type '%s' (definitions are objects)", t);
        return false;
    }
    (void)k;
    const ynode *props = get(v, "properties");
    if (!want(props, Y_MAPPING, "properties"))
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
    const ynode *rq = get(v, "required");
    if (rq) {
        if (!want(rq, Y_SEQUENCE, "required"))
            return false;
        for (size_t i = 0; i < rq->item_count; i++) {
            if (!text_of(rq->items[i], "a required field name", &t)) {
                ok = false;
                continue;
            }
            size_t j;
            for (j = 0; j < m->field_count; j++)
                if (strcmp(m->fields[j].name, t) == 0)
                    break;
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
    return load_order(m, get(v, "x-order")) && ok;
}

static gen_message *find_message(const gen_schema *s, const char *name)
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

static bool load_definitions(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    if (!want(node, Y_MAPPING, "definitions"))
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
        if (!is_ident(k->text) || k->text[0] == '_') {
            gen_error(k->pos, "definition name '%s' must be an identifier", k->text);
            ok = false;
            continue;
        }
        gen_message *m = gen_alloc(sizeof *m);
        m->name = k->text;
        m->pos = k->pos;
        m->cname = prefixed(s, k->text);
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
        if (!load_definition(L, s->messages[i], node->pairs[i].key, node->pairs[i].value))
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

/* ---- limits ---- */

/* A limit's default is an integer or an expression over integers and the
 * limits declared before it, with + - * and parentheses. It is checked here
 * (evaluated with the defaults) and emitted as C with the names prefixed. */
typedef struct expr_parser {
    const gen_schema *s;
    const char *p;
    gen_buf out;
    gen_pos pos;
    bool ok;
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
        if (!parse_i64(t, (size_t)(x->p - t), v) || (x->p - t > 1 && t[0] == '0')) {
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

static bool load_limits(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"value", "range", "description", NULL};
    if (!want(node, Y_MAPPING, "limits"))
        return false;
    s->limits = gen_alloc((node->pair_count + 1) * sizeof *s->limits);
    for (size_t i = 0; i < node->pair_count; i++) {
        const ynode *k = node->pairs[i].key, *v = node->pairs[i].value;
        gen_limit *l = &s->limits[s->limit_count];
        memset(l, 0, sizeof *l);
        const char *t = k->text;
        bool name_ok = isupper((unsigned char)t[0]);
        for (size_t j = 0; t[j]; j++)
            if (!isupper((unsigned char)t[j]) && !isdigit((unsigned char)t[j]) && t[j] != '_')
                name_ok = false;
        if (!name_ok) {
            gen_error(k->pos, "a limit's name is upper case letters, digits and '_' "
                              "(MEMBERS_MAX), not '%s'", t);
            return false;
        }
        if (!want(v, Y_MAPPING, "a limit") || !only_keys(v, keys, "a limit") ||
            !need_key(v, "value", "a limit") || !need_key(v, "range", "a limit"))
            return false;
        const ynode *r = get(v, "range"), *d = get(v, "description"), *vn = get(v, "value");
        if (!want(r, Y_SEQUENCE, "range"))
            return false;
        if (r->item_count != 2) {
            gen_error(r->pos, "a limit's range is [lowest, highest]");
            return false;
        }
        if (!int_of(r->items[0], "range", INT32_MIN, INT64_MAX, &l->lo) ||
            !int_of(r->items[1], "range", INT32_MIN, INT64_MAX, &l->hi))
            return false;
        if (l->lo > l->hi) {
            gen_error(r->pos, "a limit's range [%lld, %lld] has its lowest above its highest",
                      (long long)l->lo, (long long)l->hi);
            return false;
        }
        if (d && !text_of(d, "description", (const char **)&l->doc))
            return false;
        if (d && (!printable_ascii(l->doc) || strstr(l->doc, "*/"))) {
            gen_error(d->pos, "a limit's description is printable ASCII without '*/'");
            return false;
        }
        const char *vt;
        if (!text_of(vn, "value", &vt))
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
        expr_parser x = {s, vt, {0}, vn->pos, true};
        int64_t val;
        bool ok = expr_sum(&x, &val);
        expr_space(&x);
        if (ok && *x.p) {
            gen_error(vn->pos, "a limit's value has '%s' after its end", x.p);
            ok = false;
        }
        if (ok && (val < l->lo || val > l->hi)) {
            gen_error(vn->pos, "limit %s's value %lld is outside its range %lld..%lld", t,
                      (long long)val, (long long)l->lo, (long long)l->hi);
            ok = false;
        }
        if (!ok) {
            free(x.out.data);
            free(l->macro);
            return false;
        }
        /* A plain number stays one (the checks above read it back); an
         * expression is parenthesised for use in any C expression. */
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
        s->limit_count++;
    }
    return true;
}

/* ---- parameters, route, responses ---- */

static bool load_parameters(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"path", "header", NULL};
    if (!want(node, Y_MAPPING, "parameters") || !only_keys(node, keys, "parameters"))
        return false;
    bool ok = true;
    const ynode *p = get(node, "path");
    if (p) {
        if (!want(p, Y_MAPPING, "path parameters"))
            return false;
        if (p->pair_count > GEN_MAX_FIELDS) {
            gen_error(p->pos, "too many path parameters");
            return false;
        }
        s->path_fields = gen_alloc((p->pair_count + 1) * sizeof *s->path_fields);
        for (size_t i = 0; i < p->pair_count; i++) {
            gen_field *f = &s->path_fields[s->path_field_count];
            if (!load_field(L, f, p->pairs[i].key, p->pairs[i].value, SITE_PATH)) {
                free_field(f);
                ok = false;
                continue;
            }
            f->required = true;
            s->path_field_count++;
        }
    }
    const ynode *h = get(node, "header");
    if (h) {
        if (!want(h, Y_MAPPING, "header parameters"))
            return false;
        if (h->pair_count != 1) {
            gen_error(h->pos, "header names exactly one header: the authentication token");
            return false;
        }
        s->token_header = gen_alloc(sizeof *s->token_header);
        if (!load_field(L, s->token_header, h->pairs[0].key, h->pairs[0].value, SITE_HEADER))
            return false;
        s->token_header->required = true;
    }
    return ok;
}

/* x-signature: a request may be signed (SDK-HMAC-SHA256) instead of carrying
 * the token header. Its failures are the token header's, so it needs one. */
static bool load_signature(gen_schema *s, const ynode *n)
{
    if (!want(n, Y_SCALAR, "x-signature"))
        return false;
    if (strcmp(n->text, "SDK-HMAC-SHA256") != 0) {
        gen_error(n->pos, "x-signature '%s' is not a scheme apig checks (SDK-HMAC-SHA256)",
                  n->text);
        return false;
    }
    if (!s->token_header) {
        gen_error(n->pos, "x-signature needs the token header (parameters: header:), whose "
                          "errors a bad signature reports");
        return false;
    }
    s->signature = true;
    return true;
}

/* An operation's path parameters: the template's {names}, in order, taken
 * from the schema's parameters: path:. */
static bool load_route(gen_schema *s, gen_operation *o, const ynode *mn, const ynode *pn,
                       bool *used)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                          "HEAD", "OPTIONS", NULL};
    bool ok = true;
    if (!text_of(mn, "method", (const char **)&o->method))
        ok = false;
    else {
        size_t i;
        for (i = 0; methods[i] && strcmp(methods[i], o->method) != 0; i++)
            ;
        if (!methods[i]) {
            gen_error(mn->pos, "unsupported method '%s'", o->method);
            ok = false;
        }
    }
    if (!text_of(pn, "path", (const char **)&o->path))
        return false;
    const char *t = o->path;
    if (t[0] != '/' || !printable_ascii(t) || strchr(t, '"') || strchr(t, '\\') ||
        strchr(t, '?') || strchr(t, '#') || strchr(t, ' ') || strstr(t, "//") ||
        (t[1] && t[strlen(t) - 1] == '/')) {
        gen_error(pn->pos, "path must start with '/' and hold printable ASCII without "
                           "spaces, quotes, '\\', '?', '#', empty segments or a trailing '/'");
        return false;
    }
    gen_message *pm = &o->path_params;
    pm->fields = gen_alloc((s->path_field_count + 1) * sizeof *pm->fields);
    for (const char *p = t; *p; p++) {
        if (*p == '}') {
            gen_error(pn->pos, "unbalanced '}' in path");
            ok = false;
            break;
        }
        if (*p != '{')
            continue;
        const char *e = strchr(p, '}');
        if (!e || e == p + 1 || memchr(p + 1, '{', (size_t)(e - p - 1)) ||
            p[-1] != '/' || (e[1] != '/' && e[1] != '\0')) {
            gen_error(pn->pos, "a path parameter is a whole segment '{name}'");
            ok = false;
            break;
        }
        size_t n = (size_t)(e - p - 1), j;
        for (j = 0; j < s->path_field_count; j++)
            if (strlen(s->path_fields[j].name) == n &&
                memcmp(s->path_fields[j].name, p + 1, n) == 0)
                break;
        if (j == s->path_field_count) {
            gen_error(pn->pos, "path parameter '{%.*s}' is not in parameters: path:", (int)n,
                      p + 1);
            ok = false;
        } else {
            bool twice = false;
            for (size_t k = 0; k < pm->field_count; k++)
                twice = twice || pm->fields[k].name == s->path_fields[j].name;
            if (twice) {
                gen_error(pn->pos, "path parameter '{%.*s}' appears twice", (int)n, p + 1);
                ok = false;
            } else {
                pm->fields[pm->field_count++] = s->path_fields[j];
                used[j] = true;
            }
        }
        p = e;
    }
    pm->order = gen_alloc(pm->field_count + 1);
    for (size_t i = 0; i < pm->field_count; i++)
        pm->order[i] = (uint8_t)i;
    return ok;
}

static bool no_body(const ynode *v)
{
    return v->kind == Y_SCALAR && v->plain &&
           (v->len == 0 || strcmp(v->text, "null") == 0 || strcmp(v->text, "~") == 0);
}

static bool load_responses(gen_schema *s, gen_operation *o, const ynode *rs,
                           const ynode **err_node)
{
    bool ok = true;
    bool success_seen = false;
    if (!want(rs, Y_MAPPING, "responses"))
        return false;
    for (size_t i = 0; i < rs->pair_count; i++) {
        const ynode *k = rs->pairs[i].key, *v = rs->pairs[i].value;
        int64_t st;
        const char *t;
        if (!int_of(k, "a response status", 100, 599, &st)) {
            ok = false;
            continue;
        }
        gen_message *m = NULL;
        if (!no_body(v)) {
            if (!text_of(v, "a response", &t)) {
                ok = false;
                continue;
            }
            if (!(m = find_message(s, t))) {
                gen_error(v->pos, "unknown definition '%s'", t);
                ok = false;
                continue;
            }
        }
        if (st == o->success_status) {
            o->response = m;
            success_seen = true;
            if (st == 204 && m) {
                gen_error(v->pos, "status 204 has no body: write null");
                ok = false;
            }
        } else if (st >= 400) {
            if (!m) {
                gen_error(v->pos, "an error status needs its body's definition");
                ok = false;
            } else if (s->error_body && s->error_body != m) {
                gen_error(v->pos, "every error status must use one body (%s at line %d)",
                          s->error_body->name, (*err_node)->pos.line);
                ok = false;
            } else {
                s->error_body = m;
                *err_node = v;
            }
        } else {
            gen_error(k->pos, "status %lld is neither success-status nor an error (>= 400)",
                      (long long)st);
            ok = false;
        }
    }
    if (ok && !success_seen) {
        gen_error(rs->pos, "responses has no entry for success-status %d", o->success_status);
        ok = false;
    }
    return ok;
}

static bool load_query(loader *L, gen_operation *o, const ynode *q)
{
    if (!want(q, Y_MAPPING, "query parameters"))
        return false;
    if (q->pair_count == 0 || q->pair_count > GEN_MAX_FIELDS) {
        gen_error(q->pos, "query: lists 1..%u parameters", GEN_MAX_FIELDS);
        return false;
    }
    gen_message *m = &o->query;
    bool ok = true;
    m->fields = gen_alloc(q->pair_count * sizeof *m->fields);
    for (size_t i = 0; i < q->pair_count; i++) {
        gen_field *f = &m->fields[m->field_count];
        if (!load_field(L, f, q->pairs[i].key, q->pairs[i].value, SITE_QUERY)) {
            free_field(f); /* its normalize and enum tables too */
            ok = false;
            continue;
        }
        m->field_count++;
    }
    if (ok && !check_members(m))
        ok = false;
    m->order = gen_alloc(m->field_count + 1);
    for (size_t i = 0; i < m->field_count; i++)
        m->order[i] = (uint8_t)i;
    o->has_query = true;
    return ok;
}

static bool load_operation(loader *L, gen_operation *o, const ynode *k, const ynode *v,
                           bool *used, const ynode **err_node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"c-name", "method", "path", "success-status",
                                       "description", "query", "request", "responses", NULL};
    static const char *const required[] = {"c-name", "method", "path", "success-status",
                                           "responses", NULL};
    o->name = k->text;
    o->pos = k->pos;
    if (!is_ident(k->text)) {
        gen_error(k->pos, "operation name '%s' must be an identifier", k->text);
        return false;
    }
    if (!want(v, Y_MAPPING, "an operation") || !only_keys(v, keys, "an operation"))
        return false;
    for (size_t i = 0; required[i]; i++)
        if (!need_key(v, required[i], "an operation"))
            return false;
    const ynode *cn = get(v, "c-name");
    const char *t;
    if (!text_of(cn, "c-name", &t))
        return false;
    bool lower_ok = islower((unsigned char)t[0]);
    for (size_t i = 0; t[i]; i++)
        if (!islower((unsigned char)t[i]) && !isdigit((unsigned char)t[i]) && t[i] != '_')
            lower_ok = false;
    if (!lower_ok) {
        gen_error(cn->pos, "c-name '%s' must be lower case letters, digits and '_'", t);
        return false;
    }
    /* It also names the operation's member of <prefix>_request. */
    if (is_keyword(t)) {
        gen_error(cn->pos, "c-name '%s' is a C or C++ keyword (it names a member of %s_request)",
                  t, s->prefix);
        return false;
    }
    size_t n = strlen(s->prefix) + strlen(t) + 2;
    o->cname = gen_alloc(n);
    snprintf(o->cname, n, "%s_%s", s->prefix, t);
    o->macro = gen_upper(o->cname);
    int64_t st;
    if (!int_of(get(v, "success-status"), "success-status", 200, 299, &st))
        return false;
    o->success_status = (int)st;

    bool ok = true;
    o->path_params.name = "path";
    o->path_params.cname = gen_concat(o->cname, "_path");
    o->path_params.macro = gen_upper(o->path_params.cname);
    o->path_params.pos = k->pos;
    if (!load_route(s, o, get(v, "method"), get(v, "path"), used))
        ok = false;
    o->query.name = "query";
    o->query.cname = gen_concat(o->cname, "_query");
    o->query.macro = gen_upper(o->query.cname);
    o->query.pos = k->pos;
    const ynode *q = get(v, "query");
    if (q && !load_query(L, o, q))
        ok = false;
    const ynode *rq = get(v, "request");
    if (rq) {
        if (!text_of(rq, "request", &t))
            ok = false;
        else if (!(o->request = find_message(s, t))) {
            gen_error(rq->pos, "unknown definition '%s'", t);
            ok = false;
        }
    }
    if (!load_responses(s, o, get(v, "responses"), err_node))
        ok = false;
    return ok;
}

static bool load_operations(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    if (!want(node, Y_MAPPING, "operations"))
        return false;
    if (node->pair_count == 0 || node->pair_count > GEN_MAX_FIELDS) {
        gen_error(node->pos, "operations lists 1..%u operations", GEN_MAX_FIELDS);
        return false;
    }
    bool ok = true;
    bool *used = gen_alloc(s->path_field_count + 1);
    const ynode *err_node = NULL;
    s->ops = gen_alloc(node->pair_count * sizeof *s->ops);
    for (size_t i = 0; i < node->pair_count; i++) {
        gen_operation *o = &s->ops[s->op_count++];
        if (!load_operation(L, o, node->pairs[i].key, node->pairs[i].value, used, &err_node))
            ok = false;
    }
    for (size_t i = 0; ok && i < s->op_count; i++)
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->ops[i].cname, s->ops[j].cname) == 0) {
                gen_error(s->ops[i].pos, "operation %s has the c-name of %s", s->ops[i].name,
                          s->ops[j].name);
                ok = false;
            }
            if (strcmp(s->ops[i].method, s->ops[j].method) == 0 &&
                strcmp(s->ops[i].path, s->ops[j].path) == 0) {
                gen_error(s->ops[i].pos, "operation %s has the method and path of %s",
                          s->ops[i].name, s->ops[j].name);
                ok = false;
            }
        }
    for (size_t j = 0; ok && j < s->path_field_count; j++)
        if (!used[j]) {
            gen_error(s->path_fields[j].pos, "path parameter '%s' is in no operation's path",
                      s->path_fields[j].name);
            ok = false;
        }
    free(used);
    return ok;
}

/* ---- x-examples ---- */

static bool load_examples(gen_schema *s, const ynode *node)
{
    static const char *const keys[] = {"name", "kind", "operation", "status", "body", "param",
                                       "id", "description", NULL};
    if (!want(node, Y_SEQUENCE, "x-examples"))
        return false;
    bool ok = true;
    s->examples = gen_alloc((node->item_count + 1) * sizeof *s->examples);
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *x = node->items[i];
        gen_example *e = &s->examples[s->example_count];
        memset(e, 0, sizeof *e);
        if (!want(x, Y_MAPPING, "an example") || !only_keys(x, keys, "an example") ||
            !need_key(x, "name", "an example") || !need_key(x, "kind", "an example") ||
            !need_key(x, "body", "an example")) {
            ok = false;
            continue;
        }
        const char *t;
        if (!text_of(get(x, "name"), "name", &t) || !text_of(get(x, "kind"), "kind", &t)) {
            ok = false;
            continue;
        }
        e->name = get(x, "name")->text;
        if (!printable_ascii(e->name)) {
            gen_error(get(x, "name")->pos, "an example name must be printable ASCII");
            ok = false;
            continue;
        }
        for (size_t j = 0; j < s->example_count; j++)
            if (strcmp(s->examples[j].name, e->name) == 0) {
                gen_error(get(x, "name")->pos, "duplicate example name '%s'", e->name);
                ok = false;
            }
        const ynode *kn = get(x, "kind"), *sn = get(x, "status"), *bn = get(x, "body");
        const ynode *pn = get(x, "param"), *in = get(x, "id");
        int64_t st = 0;
        if (sn && !int_of(sn, "status", 100, 599, &st)) {
            ok = false;
            continue;
        }
        /* Requests and responses belong to an operation: the one named, or
         * the only one. */
        const ynode *on = get(x, "operation");
        const gen_operation *o = s->op_count == 1 ? &s->ops[0] : NULL;
        if (on) {
            const char *ot;
            if (!text_of(on, "operation", &ot)) {
                ok = false;
                continue;
            }
            o = NULL;
            for (size_t j = 0; j < s->op_count; j++)
                if (strcmp(s->ops[j].name, ot) == 0)
                    o = &s->ops[j];
            if (!o) {
                gen_error(on->pos, "unknown operation '%s'", ot);
                ok = false;
                continue;
            }
        }
        if (strcmp(t, "error") != 0 && !o) {
            gen_error(x->pos, "a %s example names its operation (operation:)", t);
            ok = false;
            continue;
        }
        if (strcmp(t, "error") == 0 && on) {
            gen_error(on->pos, "an error example is the schema's error body: no operation");
            ok = false;
            continue;
        }
        e->operation = o;
        if (strcmp(t, "request") == 0) {
            e->kind = APIG_EXAMPLE_REQUEST;
            e->message = o->request;
            if (!o->request) {
                gen_error(kn->pos, "operation %s has no request body", o->name);
                ok = false;
                continue;
            }
            if (sn) {
                gen_error(sn->pos, "a request example has no status");
                ok = false;
                continue;
            }
        } else if (strcmp(t, "response") == 0) {
            e->kind = APIG_EXAMPLE_RESPONSE;
            e->message = o->response;
            if (!o->response) {
                gen_error(kn->pos, "operation %s's success has no body", o->name);
                ok = false;
                continue;
            }
            if (sn && st != o->success_status) {
                gen_error(sn->pos, "a response example has success-status %d", o->success_status);
                ok = false;
                continue;
            }
            st = o->success_status;
        } else if (strcmp(t, "error") == 0) {
            e->kind = APIG_EXAMPLE_ERROR;
            e->message = s->error_body;
            if (!sn) {
                gen_error(x->pos, "an error example needs 'status'");
                ok = false;
                continue;
            }
            if (st < 400 || !s->error_body) {
                gen_error(sn->pos, "status %lld is not an error response of the schema",
                          (long long)st);
                ok = false;
                continue;
            }
        } else {
            gen_error(kn->pos, "unknown example kind '%s' (request, response, error)", t);
            ok = false;
            continue;
        }
        if ((pn || in) && e->kind != APIG_EXAMPLE_ERROR) {
            gen_error((pn ? pn : in)->pos, "only error examples have 'param' or 'id'");
            ok = false;
            continue;
        }
        if (pn) {
            if (!text_of(pn, "param", &t)) {
                ok = false;
                continue;
            }
            e->param = pn->text;
        }
        if (in) {
            if (!text_of(in, "id", &t)) {
                ok = false;
                continue;
            }
            e->id = in->text;
        }
        if (!want(bn, Y_SCALAR, "body")) {
            ok = false;
            continue;
        }
        e->status = (int)st;
        e->body = bn->text;
        e->body_len = bn->len;
        s->example_count++;
    }
    return ok;
}

/* ---- identifiers: every name the output defines must be unique ---- */

typedef struct name_set {
    char **names;
    gen_pos *pos;
    size_t count, cap;
    bool ok;
} name_set;

static void add_name(name_set *ns, char *name, gen_pos pos)
{
    for (size_t i = 0; i < ns->count; i++)
        if (strcmp(ns->names[i], name) == 0) {
            gen_error(pos, "generated name '%s' clashes with one from line %d", name,
                      ns->pos[i].line);
            ns->ok = false;
            free(name);
            return;
        }
    if (ns->count == ns->cap) {
        ns->cap = ns->cap ? 2 * ns->cap : 64;
        ns->names = gen_realloc(ns->names, ns->cap * sizeof *ns->names);
        ns->pos = gen_realloc(ns->pos, ns->cap * sizeof *ns->pos);
    }
    ns->names[ns->count] = name;
    ns->pos[ns->count++] = pos;
}

static char *fmt_name(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *r = gen_alloc(n);
    snprintf(r, n, "%s%s%s", a, b, c);
    return r;
}

static void add_message_names(name_set *ns, const gen_message *m, bool definition)
{
    static const char *const suffixes[] = {"", "_desc", "_fields", "_order", "_lookup", NULL};
    static const char *const wrappers[] = {"_decode", "_validate", "_encode", NULL};
    static const char *const bounds[] = {"_ENCODED_MAX", "_ENCODED_MAX_PP", "_BODY_MAX", NULL};
    for (size_t i = 0; suffixes[i]; i++)
        add_name(ns, fmt_name(m->cname, suffixes[i], ""), m->pos);
    for (size_t i = 0; definition && wrappers[i]; i++)
        add_name(ns, fmt_name(m->cname, wrappers[i], ""), m->pos);
    for (size_t i = 0; bounds[i]; i++)
        add_name(ns, fmt_name(m->macro, bounds[i], ""), m->pos);
    if (m->as_service) {
        add_name(ns, fmt_name(m->cname, "_as_service_desc", ""), m->pos);
        add_name(ns, fmt_name(m->cname, "_as_service_fields", ""), m->pos);
    }
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        char *u = gen_upper(f->cname);
        char *mu = fmt_name(m->macro, "_", u);
        if ((f->type == APIG_TYPE_STRING && !f->view) || (f->item && !f->item->view))
            add_name(ns, fmt_name(mu, "_SIZE", ""), f->pos);
        if (f->type == APIG_TYPE_ARRAY)
            add_name(ns, fmt_name(mu, "_MAX", ""), f->pos);
        char *pre = fmt_name(m->cname, "_", f->cname);
        if (f->condition_count)
            add_name(ns, fmt_name(pre, "_when", ""), f->pos);
        if (f->has_overrides)
            add_name(ns, fmt_name(pre, "_kinds", ""), f->pos);
        if (f->normalize_count)
            add_name(ns, fmt_name(pre, "_normalize", ""), f->pos);
        if (f->enum_count)
            add_name(ns, fmt_name(pre, "_enum", ""), f->pos);
        if (f->item)
            add_name(ns, fmt_name(pre, "_item", ""), f->pos);
        if (f->item && f->item->as_service)
            add_name(ns, fmt_name(pre, "_item_as_service", ""), f->pos);
        if (f->item && f->item->enum_count)
            add_name(ns, fmt_name(pre, "_item_enum", ""), f->pos);
        free(pre);
        free(mu);
        free(u);
    }
}

static bool check_names(const gen_schema *s, gen_pos root)
{
    name_set ns = {NULL, NULL, 0, 0, true};
    const char *p = s->prefix, *P = s->pmacro;
    static const char *const schema_names[] = {"_schema", "_operations", "_catalog",
                                               "_catalog_entries", "_context_keys",
                                               "_examples", "_example_items", "_token_header",
                                               "_request", NULL};
    for (size_t i = 0; schema_names[i]; i++)
        add_name(&ns, fmt_name(p, schema_names[i], ""), root);
    add_name(&ns, fmt_name(P, "_GEN_H", ""), root); /* the header's include guard */
    add_name(&ns, fmt_name(P, "_TOKEN_HEADER_SIZE", ""), root);
    add_name(&ns, fmt_name(P, "_OPERATION_COUNT", ""), root);
    for (size_t i = 0; i < s->limit_count; i++)
        add_name(&ns, fmt_name(s->limits[i].macro, "", ""), s->limits[i].pos);
    for (size_t i = 0; i < s->charset_count; i++) {
        char *b = fmt_name(p, "_charset_", s->charsets[i].cname);
        add_name(&ns, fmt_name(b, "", ""), s->charsets[i].pos);
        add_name(&ns, fmt_name(b, "_ranges", ""), s->charsets[i].pos);
        free(b);
    }
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        char *u = gen_upper(s->ctxkeys[i].name);
        gen_pos kp = s->ctxkeys[i].pos;
        add_name(&ns, fmt_name(P, "_CTX_", u), kp);
        for (size_t j = 0; j < s->ctxkeys[i].value_count; j++) {
            char *vu = gen_value_macro(s->ctxkeys[i].values[j]);
            if (vu) {
                char *k = fmt_name(P, "_CTX_", u);
                add_name(&ns, fmt_name(k, "_", vu), kp);
                free(k);
                free(vu);
            }
        }
        char *b = fmt_name(p, "_ctx_", s->ctxkeys[i].name);
        add_name(&ns, fmt_name(b, "_values", ""), kp);
        add_name(&ns, fmt_name(b, "_alias_names", ""), kp);
        add_name(&ns, fmt_name(b, "_alias_values", ""), kp);
        free(b);
        free(u);
    }
    for (size_t i = 0; i < s->example_count; i++) {
        char num[32];
        snprintf(num, sizeof num, "_example_%u_body", (unsigned)i);
        add_name(&ns, fmt_name(p, num, ""), root);
    }
    if (s->token_header) {
        char *b = fmt_name(p, "_", s->token_header->cname);
        if (s->token_header->has_overrides)
            add_name(&ns, fmt_name(b, "_kinds", ""), s->token_header->pos);
        if (s->token_header->condition_count)
            add_name(&ns, fmt_name(b, "_when", ""), s->token_header->pos);
        if (s->token_header->enum_count)
            add_name(&ns, fmt_name(b, "_enum", ""), s->token_header->pos);
        free(b);
    }
    for (size_t i = 0; i < s->op_count; i++) {
        const gen_operation *o = &s->ops[i];
        static const char *const op_names[] = {"_op", "_request", "_request_decode", NULL};
        for (size_t j = 0; op_names[j]; j++)
            add_name(&ns, fmt_name(o->cname, op_names[j], ""), o->pos);
        add_message_names(&ns, &o->path_params, false);
        if (o->has_query)
            add_message_names(&ns, &o->query, false);
    }
    for (size_t i = 0; i < s->message_count; i++)
        add_message_names(&ns, s->messages[i], true);
    for (size_t i = 0; i < ns.count; i++)
        free(ns.names[i]);
    free(ns.names);
    free(ns.pos);
    return ns.ok;
}

/* ---- freeing (the model points into the tree for its strings) ---- */

static void free_field(gen_field *f)
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

static bool resolve_error_body(gen_schema *s)
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

/* The C prefix every generated name starts with: lower case, and not
 * apig's own (the runtime's names start with apig_ and APIG_). */
static bool load_prefix(gen_schema *s, const ynode *n)
{
    const char *t;
    if (!text_of(n, "c-prefix", &t))
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
    if (!want(root, Y_MAPPING, "the schema"))
        return NULL;
    const ynode *ver = get(root, "apig-schema");
    if (ver && ver->kind == Y_SCALAR && ver->plain && strcmp(ver->text, "1") == 0) {
        gen_error(ver->pos, "apig-schema 1 (one operation per file) is no longer read: "
                            "format 2 names a c-prefix and lists operations (CHANGELOG.md, "
                            "docs/schema.md)");
        return NULL;
    }
    bool ok = only_keys(root, keys, "the schema");
    for (size_t i = 0; required[i]; i++)
        if (!need_key(root, required[i], "the schema"))
            ok = false;
    if (!ok)
        return NULL;

    gen_schema *s = gen_alloc(sizeof *s);
    loader L = {s, false};
    int64_t v;
    if (!int_of(ver, "apig-schema", 2, 2, &v))
        ok = false;
    if (!load_prefix(s, get(root, "c-prefix")))
        ok = false;
    const ynode *sn = get(root, "x-string-storage");
    if (sn && !storage_of(sn, &s->view_default))
        ok = false;
    if (storage >= 0) /* apig-gen --string-storage: the whole file's default */
        s->view_default = storage == 1;
    if (!ok)
        return fail(s);

    const ynode *n;
    if ((n = get(root, "x-charsets")) && !load_charsets(&L, n))
        ok = false;
    if ((n = get(root, "x-context")) && !load_context(&L, n))
        ok = false;
    if ((n = get(root, "limits")) && !load_limits(&L, n))
        ok = false;
    if (!load_errors(&L, get(root, "x-errors")))
        return fail(s); /* fields refer to the catalog */
    if (!ok)
        return fail(s);
    if (!load_definitions(&L, get(root, "definitions")))
        ok = false;
    if ((n = get(root, "parameters")) && !load_parameters(&L, n))
        ok = false;
    if ((n = get(root, "x-signature")) && !load_signature(s, n))
        ok = false;
    if (!ok)
        return fail(s);
    if (!load_operations(&L, get(root, "operations")))
        return fail(s);
    if (!resolve_error_body(s))
        return fail(s);
    if ((n = get(root, "x-examples")) && !load_examples(s, n))
        return fail(s);
    if (!check_names(s, root->pos))
        return fail(s);
    return gen_error_count() == 0 ? s : fail(s);
}
