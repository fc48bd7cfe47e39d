/* Turning a rule violation into the service's error: catalog lookup and
 * message formatting, and collecting errors into the caller's list. */
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

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/*
 * Writes the message from `format` and sets out->param. The catalog
 * message and the format's text are what the service always says, so they
 * are kept whole; the particulars (param, id, detail) share what room is
 * left, the parameter first. out->param is the parameter as the message
 * shows it, so that the two always agree. Only when the fixed text alone
 * is too long for the buffer (a small APIG_CFG_MESSAGE_BYTES) is the
 * message's end cut.
 */
static void expand(apig_error *out, const char *format, const char *message,
                   const char *param, size_t param_len, const char *id,
                   const char *detail, const char *where)
{
    const size_t limit = sizeof out->message - 1;
    size_t fixed = 0, params = 0, used;
    for (const char *f = format; *f; f += used) {
        part k = part_at(f, &used);
        if (k == PART_TEXT)
            fixed += used;
        else if (k == PART_MESSAGE)
            fixed += strlen(message);
        else if (k == PART_PARAM)
            params++;
    }
    size_t room = limit > fixed ? limit - fixed : 0;

    apig__clip pc = apig__clip_start(0);
    if (params) {
        pc.limit = min_size(sizeof out->param - 1, room / params);
        apig__clip_text(&pc, out->param, param ? param : "", param ? param_len : 0);
        room -= params * pc.len;
    }
    out->param[pc.len] = '\0';

    apig__clip mc = apig__clip_start(limit);
    char scratch[sizeof out->message];
    for (const char *f = format; *f; f += used) {
        part k = part_at(f, &used);
        apig__clip vc = apig__clip_start(min_size(room, sizeof scratch - 1));
        switch (k) {
        case PART_TEXT: apig__clip_text(&mc, out->message, f, used); continue;
        case PART_MESSAGE: apig__clip_text(&mc, out->message, message, strlen(message)); continue;
        case PART_PARAM: apig__clip_text(&mc, out->message, out->param, pc.len); continue;
        case PART_ID:
            if (id)
                apig__clip_text(&vc, scratch, id, strlen(id));
            break;
        case PART_DETAIL:
            if (detail)
                apig__clip_text(&vc, scratch, detail, strlen(detail));
            if (where)
                apig__clip_text(&vc, scratch, where, strlen(where));
            break;
        }
        apig__clip_text(&mc, out->message, scratch, vc.len);
        room -= vc.len;
    }
    out->message[mc.len] = '\0';
}

static void fill(apig_error *out, const apig_catalog *catalog,
                 const apig_field *field, apig_error_kind kind,
                 const char *param, size_t param_len, const char *id,
                 const char *path, size_t offset, const char *detail, const char *where)
{
    unsigned index = field && field->kind_entry ? field->kind_entry[kind]
                                                : catalog->kind_entry[kind];
    const apig_catalog_entry *entry = &catalog->entries[index];
    if (!param && field) {
        param = field->name;
        param_len = field->name_len;
    }
    if (!detail)
        detail = apig_error_kind_text(kind);

    out->catalog = catalog;
    out->kind = kind;
    out->status = entry->status;
    out->code = entry->code;
    out->detail = detail;
    out->offset = offset;

    apig__clip c = apig__clip_start(sizeof out->path - 1);
    if (path)
        apig__clip_text(&c, out->path, path, strlen(path));
    out->path[c.len] = '\0';

    const char *format = NULL;
    switch (entry->decoration) {
    case APIG_DECORATE_PARAM: format = catalog->param_format; break;
    case APIG_DECORATE_ID: format = id ? catalog->id_format : NULL; break;
    case APIG_DECORATE_DETAIL: format = catalog->detail_format; break;
    case APIG_DECORATE_NONE: break;
    }
    expand(out, format ? format : "{message}", entry->message, param, param_len, id,
           detail, where);
}

void apig__error_fill(apig_error *out, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, size_t param_len, const char *id,
                      const char *path, size_t offset, const char *detail)
{
    fill(out, catalog, field, kind, param, param_len, id, path, offset, detail, NULL);
}

bool apig__errors_add(apig__errors *e, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, size_t param_len,
                      const apig__path *path, size_t offset, const char *detail)
{
    if (e->count < e->cap && e->items)
        fill(&e->items[e->count], catalog, field, kind, param, param_len, NULL,
             path ? path->text : "", offset, detail, NULL);
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
    bool positioned = line != 0;
    if (e->count < e->cap && e->items) {
        char where[64];
        apig__out o = {where, sizeof where, 0};
        if (positioned) {
            apig__out_cstr(&o, " at line ");
            apig__out_u64(&o, line);
            apig__out_cstr(&o, ", column ");
            apig__out_u64(&o, column);
        }
        apig__out_finish(&o);
        fill(&e->items[e->count], catalog, NULL, kind, NULL, 0, NULL, "", offset,
             detail, positioned ? where : NULL);
    }
    e->count++;
    return apig__errors_full(e);
}
