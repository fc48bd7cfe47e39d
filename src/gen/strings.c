/* SPDX-License-Identifier: MIT */
/*
 * strings.c - what only string fields have: their characters (UTF-8 and
 * character sets), their default, their enum values and separator, and how
 * they are stored.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

unsigned gen_char_width(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Decodes one UTF-8 character of s[0..len) (YAML text is UTF-8, but the
 * check costs nothing): its length, 0 if malformed. */
size_t gen_utf8_char(const unsigned char *s, size_t len, uint32_t *cp)
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

bool gen_charset_has(const gen_charset *cs, uint32_t cp)
{
    if (!cs)
        return cp != 0;
    for (size_t i = 0; i < cs->range_count; i++)
        if (cp >= cs->ranges[i].first && cp <= cs->ranges[i].last)
            return true;
    return false;
}

/* A string field's default: text its own rules accept (character set,
 * U+0000 excluded, and length in characters). */
static bool load_string_default(gen_field *f, const ynode *d)
{
    if (!y_want(d, Y_SCALAR, "default"))
        return false;
    if (f->format != APIG_FORMAT_NONE) {
        gen_error(d->pos, "a default for a string with a format is not supported");
        return false;
    }
    const unsigned char *t = (const unsigned char *)d->text;
    size_t chars = 0, used;
    for (size_t i = 0; i < d->len; i += used, chars++) {
        uint32_t cp;
        used = gen_utf8_char(t + i, d->len - i, &cp);
        if (used == 0) {
            gen_error(d->pos, "default is not UTF-8");
            return false;
        }
        if (!gen_charset_has(f->charset, cp)) {
            if (cp == 0)
                gen_error(d->pos, "default must not contain U+0000 (strings are NUL-terminated)");
            else
                gen_error(d->pos, "default has U+%04lX, which is not in x-charset '%s'",
                          (unsigned long)cp, f->charset->name);
            return false;
        }
    }
    if (chars < f->min_chars || chars > f->max_chars) {
        gen_error(d->pos, "default has %zu characters, outside minLength..maxLength (%u..%u)",
                  chars, (unsigned)f->min_chars, (unsigned)f->max_chars);
        return false;
    }
    f->has_default = true;
    f->default_string = d->text;
    return true;
}

/* x-separator of string field f: one punctuation character of its set,
 * with `enum` (en). */
static bool load_separator(gen_field *f, const ynode *sp, const ynode *en)
{
    const char *t;
    if (!y_text(sp, "x-separator", &t))
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
    if (!gen_charset_has(f->charset, c)) {
        gen_error(sp->pos, "x-separator '%c' is not in character set '%s'", c,
                  f->charset->name);
        return false;
    }
    f->separator = (char)c;
    return true;
}

/* One enum value (node e, text t) that f accepts: UTF-8 of its set,
 * without the separator, of its length, not a repeat. */
static bool enum_value_ok(const gen_field *f, const ynode *e, const char *t)
{
    size_t chars = 0;
    for (size_t at = 0; at < e->len; chars++) {
        uint32_t cp;
        size_t n = gen_utf8_char((const unsigned char *)t + at, e->len - at, &cp);
        if (n == 0) {
            gen_error(e->pos, "enum value '%s' is not valid UTF-8", t);
            return false;
        }
        if (!gen_charset_has(f->charset, cp)) {
            gen_error(e->pos, "enum value '%s' has U+%04X, which is not in character set '%s'",
                      t, (unsigned)cp, f->charset->name);
            return false;
        }
        if (f->separator && cp == (unsigned char)f->separator) {
            gen_error(e->pos, "enum value '%s' contains the x-separator '%c'", t, f->separator);
            return false;
        }
        at += n;
    }
    if (chars < f->min_chars || chars > f->max_chars) {
        gen_error(e->pos, "enum value '%s' has %u characters, outside minLength..maxLength "
                          "(%u..%u)", t, (unsigned)chars, (unsigned)f->min_chars,
                  (unsigned)f->max_chars);
        return false;
    }
    for (size_t j = 0; j < f->enum_count; j++)
        if (strcmp(f->enum_values[j], t) == 0) {
            gen_error(e->pos, "duplicate enum value '%s'", t);
            return false;
        }
    return true;
}

/* x-separator and enum of string field f (its length, set and format
 * already loaded): every value must be one the field itself accepts. */
static bool load_enum(gen_field *f, const ynode *v)
{
    const ynode *en = y_get(v, "enum"), *sp = y_get(v, "x-separator");
    if (sp && !load_separator(f, sp, en))
        return false;
    if (!en)
        return true;
    if (f->format != APIG_FORMAT_NONE) {
        gen_error(y_key(v, "enum")->pos, "enum and format do not combine (the values say "
                                         "what the format would)");
        return false;
    }
    if (!y_want(en, Y_SEQUENCE, "enum"))
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
        if (!y_text(e, "an enum value", &t) || !enum_value_ok(f, e, t)) {
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
bool storage_of(const ynode *n, bool *view)
{
    const char *t;
    if (!y_text(n, "a string storage", &t))
        return false;
    int st = gen_value_of(&gen_storages, t);
    if (st < 0) {
        char *all = gen_keywords(&gen_storages, -1, " or ");
        gen_error(n->pos, "string storage is %s, not '%s'", all, t);
        free(all);
        return false;
    }
    *view = st == APIG_STORAGE_VIEW;
    return true;
}

/* How string field f (of mapping v) is stored: its x-storage, else the
 * file's default. Views are for body strings: parameters (path, query, the
 * token header) are short text that is not JSON, always inline. */
bool load_storage(loader *L, gen_field *f, const ynode *v, field_site site)
{
    const ynode *st = y_get(v, "x-storage");
    bool view = L->s->view_default;
    if (st && !storage_of(st, &view))
        return false;
    if (site != SITE_BODY && site != SITE_ITEM) {
        if (st) {
            gen_error(y_key(v, "x-storage")->pos, "x-storage applies to body strings; %s "
                      "parameters are always inline", field_site_name(site));
            return false;
        }
        view = false;
    }
    f->view = view;
    return true;
}

/* ---- load_string_rules and its steps -------------------------------------------------- */

/* minLength and maxLength (a date-time may leave maxLength out). */
static bool load_string_length(gen_field *f, const ynode *v)
{
    const ynode *mn = y_get(v, "minLength"), *mx = y_get(v, "maxLength");
    int64_t a = 0, b = 0;
    bool ok = true;
    if (mn && !y_int(mn, "minLength", 0, GEN_MAX_STRING_CHARS, &a))
        ok = false;
    if (mx && !y_int(mx, "maxLength", 1, GEN_MAX_STRING_CHARS, &b))
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
    f->min_chars = (uint32_t)a;
    f->max_chars = (uint32_t)b;
    return true;
}

/* x-charset, and the buffer it makes: maxLength x the widest character. */
static bool load_string_charset(loader *L, gen_field *f, const ynode *v)
{
    const ynode *cs = y_get(v, "x-charset");
    unsigned width = 4;
    if (cs) {
        const char *t;
        if (!y_text(cs, "x-charset", &t))
            return false;
        f->charset = find_charset(L->s, t);
        if (!f->charset) {
            gen_error(cs->pos, "unknown character set '%s' (not in x-charsets)", t);
            return false;
        }
        width = gen_char_width(f->charset->ranges[f->charset->range_count - 1].last);
    }
    /* An always-on format admits ASCII only. */
    if (f->format != APIG_FORMAT_NONE)
        width = 1;
    f->size = f->max_chars * width + 1;
    f->size_chars = f->max_chars;
    f->size_width = width;
    return true;
}

bool load_string_rules(loader *L, gen_field *f, const ynode *v, field_site site)
{
    if (!load_string_length(f, v) || !load_string_charset(L, f, v))
        return false;
    const ynode *dn = y_get(v, "default");
    if (dn && !load_string_default(f, dn))
        return false;
    if (!load_enum(f, v))
        return false;
    if (dn && f->enum_count && !enum_accepts(f, f->default_string)) {
        gen_error(dn->pos, "default '%s' is not one of the enum values", f->default_string);
        return false;
    }
    return load_storage(L, f, v, site);
}
