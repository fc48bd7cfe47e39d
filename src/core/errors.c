/* SPDX-License-Identifier: MIT */
/* Turning a rule violation into the service's error: catalog lookup and
 * collecting errors into the caller's list (recording stores the parts of
 * the message), and writing the message from those parts when it is asked
 * for. */
#include "core.h"

static const char *const kind_keywords[APIG_ERROR_KIND_COUNT] = {
    NULL,
#define APIG_X_KEYWORD(name, keyword, text) keyword,
    APIG_ERROR_KINDS(APIG_X_KEYWORD)
#undef APIG_X_KEYWORD
};

static const char *const kind_texts[APIG_ERROR_KIND_COUNT] = {
    NULL,
#define APIG_X_TEXT(name, keyword, text) text,
    APIG_ERROR_KINDS(APIG_X_TEXT)
#undef APIG_X_TEXT
};

const char *apig_error_kind_keyword(apig_error_kind kind)
{
    return (unsigned)kind < APIG_ERROR_KIND_COUNT ? kind_keywords[kind] : NULL;
}

const char *apig_error_kind_text(apig_error_kind kind)
{
    return (unsigned)kind < APIG_ERROR_KIND_COUNT ? kind_texts[kind] : NULL;
}

void apig_offset_to_line_column(const char *text, size_t len, size_t offset,
                                size_t *line, size_t *column)
{
    size_t l = 1, c = 1;
    if (offset > len)
        offset = len;
    if (!text)
        offset = 0; /* NULL is only an empty text */
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    if (line)
        *line = l;
    if (column)
        *column = c;
}

/* The pieces of a catalog format. */
typedef enum part {
    PART_TEXT,    /* the format's own text, copied as it stands */
    PART_MESSAGE, /* the catalog message */
    PART_PARAM,
    PART_ID,
    PART_DETAIL   /* the detail and its position (" at line L, column C") */
} part;

static bool placeholder(const char *at, const char *name, size_t *used)
{
    size_t i = 0;
    while (name[i] && at[i] == name[i])
        i++;
    if (name[i] != '\0')
        return false;
    *used = i;
    return true;
}

/* The piece of the format at `f` (not at its end) and its length there. An
 * unknown {...} is text: the generator refuses one, a hand-made catalog may
 * hold one. */
static part part_at(const char *f, size_t *len)
{
    static const struct {
        const char *name;
        part part;
    } names[] = {{"{message}", PART_MESSAGE}, {"{param}", PART_PARAM},
                 {"{id}", PART_ID}, {"{detail}", PART_DETAIL}};
    if (*f == '{')
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (placeholder(f, names[k].name, len))
                return names[k].part;
    size_t n = 1;
    while (f[n] && f[n] != '{')
        n++;
    *len = n;
    return PART_TEXT;
}

/* The format a message decorated as `decoration` takes (NULL: the catalog
 * message alone). */
static const char *format_of(const apig_catalog *catalog, unsigned decoration)
{
    switch (decoration) {
    case APIG_DECORATE_PARAM: return catalog->param_format;
    case APIG_DECORATE_ID: return catalog->id_format;
    case APIG_DECORATE_DETAIL: return catalog->detail_format;
    default: return NULL;
    }
}

/* Whether `format` (may be NULL) holds placeholder `want`. */
static bool format_has(const char *format, part want)
{
    size_t used;
    for (const char *f = format; f && *f; f += used)
        if (part_at(f, &used) == want)
            return true;
    return false;
}

/* Length of the C string in a char array of `size` bytes (all of it when
 * it holds no NUL: a struct filled by hand). */
static size_t text_len(const char *s, size_t size)
{
    const char *nul = memchr(s, '\0', size);
    return nul ? (size_t)(nul - s) : size;
}

/*
 * Recording: what the message needs, in steps each caller runs one after
 * the other (none calls the next), so that recording at the deepest point
 * of a walk adds little stack. Nothing is formatted.
 */

/* The entry that words `kind` (the field's own mapping when `field` has
 * one, else the catalog's) and the decoration it takes: an id entry
 * without an id is its catalog message alone. */
static unsigned entry_for(const apig_catalog *catalog, const apig_field *field,
                          apig_error_kind kind, bool has_id, unsigned *decoration)
{
    unsigned index = field && field->kind_entry ? field->kind_entry[kind]
                                                : catalog->kind_entry[kind];
    *decoration = catalog->entries[index].decoration;
    if (*decoration == APIG_DECORATE_ID && !has_id)
        *decoration = APIG_DECORATE_NONE;
    return index;
}

/* Step 1: everything but the texts, for entry catalog->entries[index]
 * decorated as `decoration` (NONE when its particulars are missing; a
 * decoration without a format is NONE too). No position, path "". */
static void set_entry(apig_error *out, const apig_catalog *catalog, unsigned index,
                      apig_error_kind kind, unsigned decoration, size_t offset,
                      const char *detail)
{
    const apig_catalog_entry *entry = &catalog->entries[index];
    out->catalog = catalog;
    out->kind = kind;
    out->status = entry->status;
    out->code = entry->code;
    out->detail = detail ? detail : apig_error_kind_text(kind);
    out->offset = offset;
    out->line = 0;
    out->column = 0;
    out->entry = (uint8_t)index;
    out->decoration = (uint8_t)(format_of(catalog, decoration) ? decoration
                                                               : APIG_DECORATE_NONE);
    out->path[0] = '\0';
}

/* Step 2: the parameter, when the format shows one, and the id (after the
 * parameter's NUL, in the same array) when the format shows one and there
 * is an id: cut to fit together, the parameter first; without an id the
 * parameter may take the whole array (the id is then ""). */
static void set_param(apig_error *out, const char *param, size_t param_len, const char *id)
{
    const char *format = format_of(out->catalog, out->decoration);
    const bool with_id = id && format_has(format, PART_ID);
    apig__clip pc = apig__clip_start(sizeof out->param - (with_id ? 2 : 1));
    if (param && format_has(format, PART_PARAM))
        apig__clip_text(&pc, out->param, param, param_len);
    out->param[pc.len] = '\0';
    if (pc.len + 1 < sizeof out->param) {
        apig__clip ic = apig__clip_start(sizeof out->param - pc.len - 2);
        if (with_id)
            apig__clip_text(&ic, out->param + pc.len + 1, id, strlen(id));
        out->param[pc.len + 1 + ic.len] = '\0';
    }
}

/* Step 3 (when there is one): the path, a C string. */
static void set_path(apig_error *out, const char *path)
{
    apig__clip c = apig__clip_start(sizeof out->path - 1);
    if (path)
        apig__clip_text(&c, out->path, path, strlen(path));
    out->path[c.len] = '\0';
}

/* The catalog entry of e's code (NULL: e holds no error, or one from
 * another catalog than its own). */
static const apig_catalog_entry *entry_of(const apig_error *e)
{
    const apig_catalog *c = e ? e->catalog : NULL;
    if (!c || !e->code || !c->entries)
        return NULL;
    if (e->entry < c->entry_count && c->entries[e->entry].code == e->code)
        return &c->entries[e->entry];
    /* a copy of the code (strlen and memcmp: the runtime links no strcmp) */
    size_t n = strlen(e->code);
    for (uint32_t i = 0; i < c->entry_count; i++)
        if (strlen(c->entries[i].code) == n && memcmp(c->entries[i].code, e->code, n) == 0)
            return &c->entries[i];
    return NULL;
}

static void put_cstr(apig__put_fn *put, void *ctx, const char *s)
{
    put(ctx, s, strlen(s));
}

static void put_u32(apig__put_fn *put, void *ctx, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(ctx, digits + sizeof digits - n, n);
}

bool apig__error_word(const apig_error *e, apig__put_fn *put, void *ctx)
{
    const apig_catalog_entry *entry = entry_of(e);
    if (!entry || !put)
        return entry != NULL;
    const char *format = format_of(e->catalog, e->decoration);
    size_t param_len = text_len(e->param, sizeof e->param);
    const char *id = "";
    size_t id_len = 0;
    if (param_len + 1 < sizeof e->param) {
        id = e->param + param_len + 1;
        id_len = text_len(id, sizeof e->param - param_len - 1);
    }
    size_t used;
    for (const char *f = format ? format : "{message}"; *f; f += used) {
        switch (part_at(f, &used)) {
        case PART_TEXT: put(ctx, f, used); break;
        case PART_MESSAGE: put_cstr(put, ctx, entry->message); break;
        case PART_PARAM: put(ctx, e->param, param_len); break;
        case PART_ID: put(ctx, id, id_len); break;
        case PART_DETAIL:
            if (e->detail)
                put_cstr(put, ctx, e->detail);
            if (e->line) {
                put_cstr(put, ctx, " at line ");
                put_u32(put, ctx, e->line);
                put_cstr(put, ctx, ", column ");
                put_u32(put, ctx, e->column);
            }
            break;
        }
    }
    return true;
}

static void put_out(void *ctx, const char *s, size_t n)
{
    apig__out_bytes((apig__out *)ctx, s, n);
}

size_t apig_error_message(const apig_error *e, char *buf, size_t cap)
{
    apig__out o = {buf, buf ? cap : 0, 0};
    apig__error_word(e, put_out, &o);
    return apig__out_finish(&o);
}

void apig__error_fill(apig_error *out, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, size_t param_len, const char *id,
                      const char *path, size_t offset, const char *detail)
{
    unsigned decoration;
    unsigned index = entry_for(catalog, field, kind, id != NULL, &decoration);
    if (!param && field) {
        param = field->name;
        param_len = field->name_len;
    }
    set_entry(out, catalog, index, kind, decoration, offset, detail);
    set_param(out, param, param_len, id);
    set_path(out, path);
}

void apig__error_fill_entry(apig_error *out, const apig_catalog *catalog, unsigned index,
                            apig_error_kind kind, unsigned decoration, const char *param,
                            size_t param_len, const char *id, const char *detail)
{
    set_entry(out, catalog, index, kind, decoration, 0, detail);
    set_param(out, param, param_len, id);
}

bool apig__errors_add_place(apig__errors *e, const apig_catalog *catalog,
                            const apig_field *field, apig_error_kind kind,
                            const char *param, size_t param_len, const apig__place *at,
                            const char *key, size_t key_len, long index, size_t offset,
                            const char *detail)
{
    if (e->count < e->cap && e->items) {
        apig_error *out = &e->items[e->count];
        unsigned decoration;
        unsigned entry = entry_for(catalog, field, kind, false, &decoration);
        if (!param && field) {
            param = field->name;
            param_len = field->name_len;
        }
        set_entry(out, catalog, entry, kind, decoration, offset, detail);
        set_param(out, param, param_len, NULL);
        apig__clip c = apig__clip_start(sizeof out->path - 1);
        apig__path_put_places(out->path, &c, at);
        if (key)
            apig__path_put_key(out->path, &c, key, key_len);
        else if (index >= 0)
            apig__path_put_index(out->path, &c, (size_t)index);
    }
    e->count++;
    return apig__errors_full(e);
}

bool apig__errors_add_body(apig__errors *e, const apig_catalog *catalog,
                           apig_error_kind kind, const char *body, size_t len,
                           size_t offset, const char *detail, bool positioned)
{
    size_t line = 0, column = 0;
    if (positioned && e->count < e->cap && e->items)
        apig_offset_to_line_column(body, len, offset, &line, &column);
    return apig__errors_add_at(e, catalog, kind, offset, line, column, detail);
}

bool apig__errors_add_at(apig__errors *e, const apig_catalog *catalog, apig_error_kind kind,
                         size_t offset, size_t line, size_t column, const char *detail)
{
    if (e->count < e->cap && e->items) {
        apig_error *out = &e->items[e->count];
        unsigned decoration;
        unsigned index = entry_for(catalog, NULL, kind, false, &decoration);
        set_entry(out, catalog, index, kind, decoration, offset, detail);
        out->param[0] = '\0'; /* no parameter, no id: what set_param stores */
        out->param[1] = '\0'; /* for none (config.h: at least 16 bytes) */
        /* Positions come from bodies of at most 2^30 bytes; a larger one
         * would be a caller's own, kept as the largest value. */
        out->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
        out->column = column > UINT32_MAX ? UINT32_MAX : (uint32_t)column;
    }
    e->count++;
    return apig__errors_full(e);
}
