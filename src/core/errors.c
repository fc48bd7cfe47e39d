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

/* Expands a catalog format. Unknown {...} text is copied as it stands. */
static void expand(apig__out *o, const char *format, const char *message,
                   const char *param, const char *id, const char *detail,
                   const char *where)
{
    for (const char *f = format; *f;) {
        size_t used = 0;
        if (*f == '{') {
            if (placeholder(f, "{message}", &used)) {
                apig__out_cstr(o, message);
            } else if (placeholder(f, "{param}", &used)) {
                apig__out_cstr(o, param ? param : "");
            } else if (placeholder(f, "{id}", &used)) {
                apig__out_cstr(o, id ? id : "");
            } else if (placeholder(f, "{detail}", &used)) {
                apig__out_cstr(o, detail ? detail : "");
                if (where)
                    apig__out_cstr(o, where);
            }
        }
        if (used) {
            f += used;
        } else {
            apig__out_char(o, *f);
            f++;
        }
    }
}

static void fill(apig_error *out, const apig_catalog *catalog,
                 const apig_field *field, apig_error_kind kind,
                 const char *param, const char *id, const char *path,
                 size_t offset, const char *detail, const char *where)
{
    unsigned index = field && field->kind_entry ? field->kind_entry[kind]
                                                : catalog->kind_entry[kind];
    const apig_catalog_entry *entry = &catalog->entries[index];
    if (!param && field)
        param = field->name;
    if (!detail)
        detail = apig_error_kind_text(kind);

    out->catalog = catalog;
    out->kind = kind;
    out->status = entry->status;
    out->code = entry->code;
    out->param = entry->decoration == APIG_DECORATE_PARAM ? param : NULL;
    out->detail = detail;
    out->offset = offset;

    apig__out o = {out->path, sizeof out->path, 0};
    apig__out_cstr(&o, path ? path : "");
    if (o.len >= o.cap)
        out->path[o.cap - 1] = '\0';
    else
        apig__out_finish(&o);

    const char *format = NULL;
    switch (entry->decoration) {
    case APIG_DECORATE_PARAM: format = catalog->param_format; break;
    case APIG_DECORATE_ID: format = id ? catalog->id_format : NULL; break;
    case APIG_DECORATE_DETAIL: format = catalog->detail_format; break;
    case APIG_DECORATE_NONE: break;
    }
    o = (apig__out){out->message, sizeof out->message, 0};
    expand(&o, format ? format : "{message}", entry->message, param, id, detail, where);
    if (o.len >= o.cap)
        out->message[o.cap - 1] = '\0';
    else
        apig__out_finish(&o);
}

void apig__error_fill(apig_error *out, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, const char *id,
                      const char *path, size_t offset, const char *detail)
{
    fill(out, catalog, field, kind, param, id, path, offset, detail, NULL);
}

bool apig__errors_add(apig__errors *e, const apig_catalog *catalog,
                      const apig_field *field, apig_error_kind kind,
                      const char *param, const apig__path *path,
                      size_t offset, const char *detail)
{
    if (e->count < e->cap && e->items)
        fill(&e->items[e->count], catalog, field, kind, param, NULL,
             path ? path->text : "", offset, detail, NULL);
    e->count++;
    return apig__errors_full(e);
}

bool apig__errors_add_body(apig__errors *e, const apig_catalog *catalog,
                           apig_error_kind kind, const char *body, size_t len,
                           size_t offset, const char *detail, bool positioned)
{
    if (e->count < e->cap && e->items) {
        char where[64];
        apig__out o = {where, sizeof where, 0};
        if (positioned) {
            size_t line, column;
            apig_offset_to_line_column(body, len, offset, &line, &column);
            apig__out_cstr(&o, " at line ");
            apig__out_u64(&o, line);
            apig__out_cstr(&o, ", column ");
            apig__out_u64(&o, column);
        }
        apig__out_finish(&o);
        fill(&e->items[e->count], catalog, NULL, kind, NULL, NULL, "", offset,
             detail, positioned ? where : NULL);
    }
    e->count++;
    return apig__errors_full(e);
}
