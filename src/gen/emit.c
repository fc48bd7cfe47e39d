/* SPDX-License-Identifier: MIT */
/*
 * emit.c - writes the checked schema model as C: the header (sizes,
 * structs, bounds, declarations, typed wrappers) and the source (tables,
 * lookup functions, static assertions, examples). The contract is
 * docs/generated-code.md. Output depends only on the model, so the same
 * schema always gives the same bytes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* Appends a string literal. */
#define PUTS(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

/* ---- buffers ---------------------------------------------------------------- */

void buf_put(gen_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        b->data = gen_realloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_printf(gen_buf *b, const char *fmt, ...)
{
    for (;;) {
        if (!b->data || b->cap - b->len < 256) {
            size_t cap = b->cap * 2 + 256;
            b->data = gen_realloc(b->data, cap);
            b->cap = cap;
        }
        size_t room = b->cap - b->len;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data + b->len, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->data[b->len] = '\0';
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->len + (size_t)n + 256;
        b->data = gen_realloc(b->data, cap);
        b->cap = cap;
    }
}

/* A C string literal, byte for byte. Non-printable and non-ASCII bytes
 * are 3-digit octal escapes (which never swallow a following digit), '?'
 * is escaped against trigraphs. With `split`, a newline ends the literal
 * piece and the next piece starts on a new line after `indent`. */
static void put_cstr(gen_buf *b, const char *s, size_t n, bool split, const char *indent)
{
    PUTS(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': PUTS(b, "\\\""); break;
        case '\\': PUTS(b, "\\\\"); break;
        case '?': PUTS(b, "\\?"); break;
        case '\t': PUTS(b, "\\t"); break;
        case '\n':
            PUTS(b, "\\n");
            if (split && i + 1 < n)
                buf_printf(b, "\"\n%s\"", indent);
            break;
        default:
            if (c < 0x20 || c > 0x7E)
                buf_printf(b, "\\%03o", c);
            else
                buf_put(b, (const char *)&c, 1);
        }
    }
    PUTS(b, "\"");
}

static void put_str(gen_buf *b, const char *s)
{
    if (s)
        put_cstr(b, s, strlen(s), false, "");
    else
        PUTS(b, "NULL");
}

/* Text for a comment: no comment terminator, no comment start (a warning,
 * -Wcomment, which -Werror builds refuse), printable ASCII only. */
static void put_comment_text(gen_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '*' && s[1] == '/')
            PUTS(b, "*_"), s++;
        else if (c == '/' && s[1] == '*')
            PUTS(b, "/_"), s++;
        else if (c < 0x20 || c > 0x7E || c == '\\' || c == '?')
            PUTS(b, "_");
        else
            buf_put(b, (const char *)&c, 1);
    }
}

static void put_i64(gen_buf *b, int64_t v)
{
    if (v == INT64_MIN)
        PUTS(b, "INT64_MIN");
    else
        buf_printf(b, "INT64_C(%" PRId64 ")", v);
}

/* ---- names ---------------------------------------------------------------------- */

/* APIG_<MSG>_<FIELD>_<suffix> */
static void put_field_macro(gen_buf *b, const gen_message *m, const gen_field *f,
                            const char *suffix)
{
    char *u = gen_upper(f->cname);
    buf_printf(b, "%s_%s_%s", m->macro, u, suffix);
    free(u);
}

static const char *type_name(apig_type t)
{
    switch (t) {
    case APIG_TYPE_STRING: return "APIG_TYPE_STRING";
    case APIG_TYPE_INT32: return "APIG_TYPE_INT32";
    case APIG_TYPE_INT64: return "APIG_TYPE_INT64";
    case APIG_TYPE_OBJECT: return "APIG_TYPE_OBJECT";
    case APIG_TYPE_ARRAY: return "APIG_TYPE_ARRAY";
    case APIG_TYPE_BOOL: return "APIG_TYPE_BOOL";
    }
    return "0";
}

static const char *format_name(unsigned f)
{
    switch (f) {
    case APIG_FORMAT_NONE: return "APIG_FORMAT_NONE";
    case APIG_FORMAT_IP_ADDRESS: return "APIG_FORMAT_IP_ADDRESS";
    case APIG_FORMAT_DATE_TIME: return "APIG_FORMAT_DATE_TIME";
    }
    return "APIG_FORMAT_NONE";
}

static const char *decoration_name(apig_decoration d)
{
    switch (d) {
    case APIG_DECORATE_NONE: return "APIG_DECORATE_NONE";
    case APIG_DECORATE_PARAM: return "APIG_DECORATE_PARAM";
    case APIG_DECORATE_ID: return "APIG_DECORATE_ID";
    case APIG_DECORATE_DETAIL: return "APIG_DECORATE_DETAIL";
    }
    return "APIG_DECORATE_NONE";
}

static const char *const kind_enum[APIG_ERROR_KIND_COUNT] = {
    "APIG_ERROR_NONE",
#define GEN_X_ENUM(name, keyword, text) "APIG_ERROR_" #name,
    APIG_ERROR_KINDS(GEN_X_ENUM)
#undef GEN_X_ENUM
};
static const char *const kind_keyword[APIG_ERROR_KIND_COUNT] = {
    "none",
#define GEN_X_KEYWORD(name, keyword, text) keyword,
    APIG_ERROR_KINDS(GEN_X_KEYWORD)
#undef GEN_X_KEYWORD
};

static void put_banner(gen_buf *b, const gen_schema *s, const char *schema_base)
{
    PUTS(b, "/*\n * Generated by apig-gen from ");
    put_comment_text(b, schema_base);
    PUTS(b, ". Do not edit: change the schema.\n * C prefix ");
    put_comment_text(b, s->prefix);
    PUTS(b, "; operations:\n");
    for (size_t i = 0; i < s->op_count; i++) {
        PUTS(b, " *   ");
        put_comment_text(b, s->ops[i].name);
        PUTS(b, ": ");
        put_comment_text(b, s->ops[i].method);
        PUTS(b, " ");
        put_comment_text(b, s->ops[i].path);
        PUTS(b, "\n");
    }
    PUTS(b, " * Contract: docs/generated-code.md. Schema format: docs/schema.md.\n */\n");
}

/* ---- the worst-case encoded size ------------------------------------------------------ */

/* Most bytes one character of the set can take when escaped as ASCII. */
static unsigned escaped_width(const gen_field *f)
{
    unsigned w = 1;
    if (f->enum_count) {
        /* A valid value is made of the enum values' characters and the
         * separator only: the widest of those, by their UTF-8 bytes (a
         * 4-byte sequence is a surrogate pair, any other non-ASCII or
         * control character one \uXXXX). */
        const char sep[2] = {f->separator, '\0'};
        for (size_t i = 0; i <= f->enum_count; i++) {
            const char *t = i < f->enum_count ? f->enum_values[i] : sep;
            for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
                unsigned cw = *p >= 0xF0 ? 12 : *p >= 0x7F || *p < 0x20 ? 6
                              : *p == '"' || *p == '\\' || *p == '/' ? 2 : 1;
                if (cw > w)
                    w = cw;
            }
        }
        return w;
    }
    if (!f->charset) {
        w = 12;
    } else {
        for (size_t i = 0; i < f->charset->range_count; i++) {
            const apig_char_range *r = &f->charset->ranges[i];
            unsigned rw = 1;
            if (r->last >= 0x10000)
                rw = 12;
            else if (r->last >= 0x7F || r->first < 0x20)
                rw = 6;
            else if ((r->first <= '"' && r->last >= '"') || (r->first <= '\\' && r->last >= '\\') ||
                     (r->first <= '/' && r->last >= '/'))
                rw = 2;
            if (rw > w)
                w = rw;
        }
    }
    if (f->format != APIG_FORMAT_NONE && w > 2)
        w = 2; /* a valid formatted value is ASCII */
    return w;
}

static void put_encoded_max(gen_buf *b, const gen_message *m, unsigned depth, bool typed);

static uint64_t key_bytes(const char *name)
{
    uint64_t n = 0;
    for (; *name; name++)
        n += *name == '/' ? 2 : 1;
    return n;
}

/* The most bytes string field f (or an array's item rules) takes, quotes
 * included: its characters at their largest escape, but never more than
 * 6 per byte of its buffer. */
static uint64_t string_bytes_of(const gen_field *f)
{
    uint64_t chars = (uint64_t)f->max_length * escaped_width(f);
    uint64_t bytes = (uint64_t)(f->size - 1) * 6;
    return 2 + (chars < bytes ? chars : bytes);
}

/* The same for both modes (strict and as the service writes): the larger;
 * one bound, and one body limit, serve both. */
static uint64_t string_bytes(const gen_field *f)
{
    uint64_t strict = string_bytes_of(f);
    uint64_t service = f->as_service ? string_bytes_of(f->as_service) : 0;
    return strict > service ? strict : service;
}

/* "(size_t)N + (size_t)CAP * (...) + ..." for message m printed at
 * `depth`; without `typed`, "N + CAP * (...)": the same value in a form
 * #if can evaluate (it knows no casts). */
static void put_encoded_max(gen_buf *b, const gen_message *m, unsigned depth, bool typed)
{
    const char *sz = typed ? "(size_t)" : "";
    /* '{' '\n' ... indent '}' */
    uint64_t k = 3 + 2u * depth;
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        /* indent, quoted key, " : ", value, ",\n" */
        k += 2u * (depth + 1) + key_bytes(f->name) + 2 + 3 + 2;
        switch (f->type) {
        case APIG_TYPE_STRING: k += string_bytes(f); break;
        case APIG_TYPE_INT32: k += 11; break;
        case APIG_TYPE_INT64: k += 20; break;
        case APIG_TYPE_BOOL: k += 5; break; /* "false" */
        case APIG_TYPE_ARRAY: k += 4; break; /* "[ " ... " ]" */
        case APIG_TYPE_OBJECT: break;
        }
    }
    buf_printf(b, "%s%" PRIu64, sz, k);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        if (f->type == APIG_TYPE_ARRAY) {
            /* per item ", " (or the first one's " "), then the item */
            if (f->capacity_macro)
                buf_printf(b, " + %s(%s) * (%s2 + ", sz, f->capacity_macro, sz);
            else
                buf_printf(b, " + %s%u * (%s2 + ", sz, (unsigned)f->capacity, sz);
            if (f->item)
                buf_printf(b, "%s%" PRIu64, sz, string_bytes(f->item));
            else
                put_encoded_max(b, f->message, depth + 1, typed);
            PUTS(b, ")");
        } else if (f->type == APIG_TYPE_OBJECT) {
            PUTS(b, " + (");
            put_encoded_max(b, f->message, depth + 1, typed);
            PUTS(b, ")");
        }
    }
}

/* ---- the header ------------------------------------------------------------------------ */

static void put_capacity(gen_buf *b, const gen_field *f)
{
    if (f->capacity_macro)
        buf_printf(b, "(%s)", f->capacity_macro);
    else
        buf_printf(b, "%u", (unsigned)f->capacity);
}

/* A string (or an array of strings) stored as views: no buffer, no _SIZE. */
static bool viewed(const gen_field *f)
{
    return f->type == APIG_TYPE_STRING ? f->view : f->item && f->item->view;
}

static void emit_sizes(gen_buf *h, const gen_message *m)
{
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        if (viewed(f) && f->type == APIG_TYPE_STRING)
            continue;
        if (f->type == APIG_TYPE_STRING) {
            PUTS(h, "#define ");
            put_field_macro(h, m, f, "SIZE");
            buf_printf(h, " %u /* %u characters x %u bytes + NUL */\n", (unsigned)f->size,
                       (unsigned)f->size_chars, (unsigned)f->size_width);
        } else if (f->type == APIG_TYPE_ARRAY) {
            if (f->item && !viewed(f)) {
                PUTS(h, "#define ");
                put_field_macro(h, m, f, "SIZE");
                buf_printf(h, " %u /* each item: %u characters x %u bytes + NUL */\n",
                           (unsigned)f->item->size, (unsigned)f->item->size_chars,
                           (unsigned)f->item->size_width);
            }
            PUTS(h, "#define ");
            put_field_macro(h, m, f, "MAX");
            PUTS(h, " ");
            put_capacity(h, f);
            PUTS(h, "\n");
        }
    }
}

static void emit_struct(gen_buf *h, const gen_message *m)
{
    buf_printf(h, "typedef struct %s {\n", m->cname);
    /* The presence flags together, first: one padding gap in all rather
     * than one after each flag (on a 32-bit target a view member would
     * cost 12 bytes instead of 8). */
    for (size_t i = 0; i < m->field_count; i++)
        buf_printf(h, "    bool has_%s;\n", m->fields[i].cname);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (f->view) {
                buf_printf(h, "    apig_string %s; /* a view: see apig_string */\n", f->cname);
                break;
            }
            buf_printf(h, "    char %s[", f->cname);
            put_field_macro(h, m, f, "SIZE");
            PUTS(h, "];\n");
            break;
        case APIG_TYPE_INT32: buf_printf(h, "    int32_t %s;\n", f->cname); break;
        case APIG_TYPE_INT64: buf_printf(h, "    int64_t %s;\n", f->cname); break;
        case APIG_TYPE_BOOL: buf_printf(h, "    bool %s;\n", f->cname); break;
        case APIG_TYPE_OBJECT:
            buf_printf(h, "    %s %s;\n", f->message->cname, f->cname);
            break;
        case APIG_TYPE_ARRAY:
            buf_printf(h, "    uint32_t %s_count;\n", f->cname);
            if (f->item)
                buf_printf(h, "    %s %s[", viewed(f) ? "apig_string" : "char", f->cname);
            else
                buf_printf(h, "    %s %s[", f->message->cname, f->cname);
            put_field_macro(h, m, f, "MAX");
            if (f->item && !viewed(f)) {
                PUTS(h, "][");
                put_field_macro(h, m, f, "SIZE");
            }
            PUTS(h, "];\n");
            break;
        }
    }
    if (m->field_count == 0)
        PUTS(h, "    char unused_; /* no fields: C needs a member */\n");
    buf_printf(h, "} %s;\n\n", m->cname);
}

static void emit_wrappers(gen_buf *h, const gen_message *m)
{
    const char *c = m->cname;
    buf_printf(h,
               "static inline size_t %s_decode(const apig_decoder *d, const char *body, size_t len,\n"
               "        %s *out)\n"
               "{\n"
               "    return apig_decode(d, &%s_desc, body, len, out);\n"
               "}\n"
               "static inline size_t %s_validate(const apig_decoder *d, const %s *in)\n"
               "{\n"
               "    return apig_validate(d, &%s_desc, in);\n"
               "}\n"
               "static inline size_t %s_encode(const %s *in,\n"
               "        unsigned style, char *buf, size_t cap, apig_error *error)\n"
               "{\n"
               "    return apig_encode(&%s_desc, in, style, buf, cap, error);\n"
               "}\n\n",
               c, c, c, c, c, c, c, c, c);
}

/* Every message with a bound: the definitions, then each operation's path
 * and query parameters (apig_decode and apig_encode take any message). */
static size_t bounded_count(const gen_schema *s)
{
    return s->message_count + 2 * s->op_count;
}
static const gen_message *bounded(const gen_schema *s, size_t i)
{
    if (i < s->message_count)
        return s->messages[i];
    i -= s->message_count;
    const gen_operation *o = &s->ops[i / 2];
    return i % 2 ? (o->has_query ? &o->query : NULL) : &o->path_params;
}

/* APIG_<MSG>_ENCODED_MAX (size_t), its #if form APIG_<MSG>_ENCODED_MAX_PP,
 * and APIG_<MSG>_BODY_MAX, the decoder's limit, with the checks that make a
 * limit below the bound a visible choice (config.h explains the rule). */
static void emit_bounds(gen_buf *h, const gen_schema *s)
{
    size_t n = bounded_count(s);
    PUTS(h, "/* Bounds on apig_encode's output (any style, without the NUL). _PP is the\n"
            " * same value for #if, which knows no size_t; C code uses the size_t form,\n"
            " * whose arithmetic no 16-bit int can overflow. */\n");
    for (size_t i = 0; i < n; i++) {
        const gen_message *m = bounded(s, i);
        if (!m)
            continue;
        for (int typed = 1; typed >= 0; typed--) {
            buf_printf(h, "#define %s_ENCODED_MAX%s (", m->macro, typed ? "" : "_PP");
            put_encoded_max(h, m, 0, typed);
            PUTS(h, ")\n");
        }
    }
    PUTS(h, "\n/* The largest body apig_decode accepts for each message "
               "(apig_message.max_body_bytes):\n"
               " * never below its bound unless APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX says so "
               "(apig/config.h). */\n");
    for (size_t i = 0; i < n; i++) {
        const gen_message *m = bounded(s, i);
        if (!m)
            continue;
        gen_buf bound = {0};
        put_encoded_max(&bound, m, 0, false);
        const char *what = i >= s->message_count ? m->cname : m->name;
        buf_printf(h, "#if %s_ENCODED_MAX_PP > 1073741824\n"
                      "#error \"apig: %s_ENCODED_MAX, the most apig_encode writes for %s "
                      "(%s bytes), is above 2^30, the largest body the decoder can take: "
                      "lower the capacity or the schema's limits\"\n"
                      "#endif\n",
                   m->macro, m->macro, what, bound.data);
        buf_printf(h, "#if %s_ENCODED_MAX_PP <= APIG_CFG_MAX_BODY_BYTES\n"
                      "#define %s_BODY_MAX ((size_t)APIG_CFG_MAX_BODY_BYTES)\n"
                      "#elif defined(APIG__MAX_BODY_BYTES_IS_DEFAULT)\n"
                      "#define %s_BODY_MAX %s_ENCODED_MAX\n"
                      "#else\n"
                      "#ifndef APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX\n"
                      "#error \"apig: APIG_CFG_MAX_BODY_BYTES is below %s_ENCODED_MAX, the most "
                      "apig_encode writes for %s (%s bytes): apig_decode would refuse such bodies "
                      "as too large. Raise APIG_CFG_MAX_BODY_BYTES, lower the capacity, or define "
                      "APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX to accept that (apig/config.h)\"\n"
                      "#endif\n"
                      "#define %s_BODY_MAX ((size_t)APIG_CFG_MAX_BODY_BYTES)\n"
                      "#endif\n",
                   m->macro, m->macro, m->macro, m->macro, m->macro, what, bound.data, m->macro);
        free(bound.data);
    }
    PUTS(h, "\n");
}

static void emit_limits(gen_buf *h, const gen_schema *s)
{
    if (!s->limit_count)
        return;
    PUTS(h, "/* Limits (limits:): each may be overridden with -D before this header, the\n"
            " * same value for every file that includes it and for its .c. */\n");
    for (size_t i = 0; i < s->limit_count; i++) {
        const gen_limit *l = &s->limits[i];
        if (l->doc) {
            PUTS(h, "/* ");
            put_comment_text(h, l->doc);
            PUTS(h, " */\n");
        }
        buf_printf(h, "#ifndef %s\n#define %s %s\n#endif\n", l->macro, l->macro, l->expr);
        buf_printf(h, "#if (%s) < ", l->macro);
        put_i64(h, l->lo);
        buf_printf(h, " || (%s) > ", l->macro);
        put_i64(h, l->hi);
        /* The message gives the numbers as the schema does, not as C. */
        buf_printf(h, "\n#error \"%s must be between %" PRId64 " and %" PRId64 "\"\n#endif\n",
                   l->macro, l->lo, l->hi);
    }
    PUTS(h, "\n");
}

/* <op>_request: the parts of one request, as apig_request_decode fills them. */
static void emit_parts(gen_buf *h, const gen_operation *o)
{
    PUTS(h, "/* ");
    put_comment_text(h, o->name);
    PUTS(h, ": ");
    put_comment_text(h, o->method);
    PUTS(h, " ");
    put_comment_text(h, o->path);
    PUTS(h, " */\n");
    emit_sizes(h, &o->path_params);
    emit_struct(h, &o->path_params);
    if (o->has_query) {
        emit_sizes(h, &o->query);
        emit_struct(h, &o->query);
    }
    buf_printf(h, "typedef struct %s_request {\n    %s path;\n", o->cname, o->path_params.cname);
    if (o->has_query)
        buf_printf(h, "    %s query;\n", o->query.cname);
    if (o->request)
        buf_printf(h, "    %s body;\n", o->request->cname);
    buf_printf(h, "} %s_request;\n\n", o->cname);
}

/* The table format the output is for (apig/schema.h's APIG_TABLE_FORMAT as
 * apig-gen was built): a build with headers of another stops here. */
static void put_format_check(gen_buf *b)
{
    buf_printf(b, "#if !defined(APIG_TABLE_FORMAT) || APIG_TABLE_FORMAT != %d\n"
                  "#error \"apig: generated by apig-gen for table format %d, and apig/schema.h is of "
                  "another APIG_TABLE_FORMAT: generate this file again with the apig-gen of the "
                  "apig it is built with\"\n#endif\n\n",
               APIG_TABLE_FORMAT, APIG_TABLE_FORMAT);
}

void emit_header(gen_buf *h, const gen_schema *s, const char *schema_base)
{
    put_banner(h, s, schema_base);
    buf_printf(h, "#ifndef %s_GEN_H\n#define %s_GEN_H\n\n", s->pmacro, s->pmacro);
    PUTS(h, "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <apig/apig.h>\n\n");
    put_format_check(h);
    PUTS(h, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");

    emit_limits(h, s);
    if (s->ctxkey_count) {
        PUTS(h, "/* Context keys: indexes into apig_context.values; and the values of\n"
                " * enumerated keys (what apig_context_set stores for their names, so that\n"
                " * firmware can set them without linking the whole schema). */\n");
        for (size_t i = 0; i < s->ctxkey_count; i++) {
            const gen_ctxkey *k = &s->ctxkeys[i];
            char *u = gen_upper(k->name);
            buf_printf(h, "#define %s_CTX_%s %u\n", s->pmacro, u, (unsigned)i);
            for (size_t j = 0; j < k->value_count; j++) {
                char *vu = gen_value_macro(k->values[j]);
                if (vu)
                    buf_printf(h, "#define %s_CTX_%s_%s %u\n", s->pmacro, u, vu, (unsigned)j);
                free(vu);
            }
            free(u);
        }
        PUTS(h, "\n");
    }

    if (s->token_header) {
        PUTS(h, "/* The ");
        put_comment_text(h, s->token_header->name);
        PUTS(h, " header: bytes incl. NUL. */\n");
        buf_printf(h, "#define %s_TOKEN_HEADER_SIZE %u\n\n", s->pmacro,
                   (unsigned)s->token_header->size);
    }

    for (size_t i = 0; i < s->message_count; i++) {
        const gen_message *m = s->emit_order[i];
        PUTS(h, "/* ");
        put_comment_text(h, m->name);
        PUTS(h, " */\n");
        emit_sizes(h, m);
        emit_struct(h, m);
    }
    for (size_t i = 0; i < s->op_count; i++)
        emit_parts(h, &s->ops[i]);
    PUTS(h, "/* Room for the parts of a request of any of the file's operations. */\n");
    buf_printf(h, "typedef union %s_request {\n", s->prefix);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(h, "    %s_request %s;\n", s->ops[i].cname,
                   s->ops[i].cname + strlen(s->prefix) + 1);
    buf_printf(h, "} %s_request;\n\n", s->prefix);

    emit_bounds(h, s);

    for (size_t i = 0; i < s->message_count; i++)
        buf_printf(h, "extern const apig_message %s_desc;\n", s->messages[i]->cname);
    for (size_t i = 0; i < s->op_count; i++) {
        buf_printf(h, "extern const apig_message %s_desc;\n", s->ops[i].path_params.cname);
        if (s->ops[i].has_query)
            buf_printf(h, "extern const apig_message %s_desc;\n", s->ops[i].query.cname);
    }
    if (s->token_header)
        buf_printf(h, "extern const apig_field %s_token_header;\n", s->prefix);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(h, "extern const apig_operation %s_op;\n", s->ops[i].cname);
    buf_printf(h, "#define %s_OPERATION_COUNT %u\n", s->pmacro, (unsigned)s->op_count);
    buf_printf(h, "/* Every operation of the file, for apig_route_find. */\n"
                  "extern const apig_operation *const %s_operations[%s_OPERATION_COUNT];\n",
               s->prefix, s->pmacro);
    buf_printf(h, "extern const apig_schema %s_schema;\n", s->prefix);
    buf_printf(h, "/* The schema's x-examples, defined in its _examples.c (test data: link it\n"
                  " * only where it is used). */\n"
                  "extern const apig_example_set %s_examples;\n\n", s->prefix);

    PUTS(h, "/* Typed wrappers. */\n");
    for (size_t i = 0; i < s->message_count; i++)
        emit_wrappers(h, s->messages[i]);
    for (size_t i = 0; i < s->op_count; i++) {
        const char *c = s->ops[i].cname;
        buf_printf(h,
                   "static inline size_t %s_request_decode(const apig_decoder *d,\n"
                   "        const apig_http_request *request, %s_request *out)\n"
                   "{\n"
                   "    return apig_request_decode(d, &%s_op, request, out);\n"
                   "}\n",
                   c, c, c);
    }

    buf_printf(h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_GEN_H */\n", s->pmacro);
}

/* ---- the source ------------------------------------------------------------------------- */

/* Field f, or its rules as the service writes, uses set cs. */
static bool field_uses(const gen_field *f, const gen_charset *cs)
{
    return f && (f->charset == cs || (f->as_service && f->as_service->charset == cs));
}

static bool message_uses(const gen_message *m, const gen_charset *cs)
{
    for (size_t i = 0; i < m->field_count; i++)
        if (field_uses(&m->fields[i], cs) || field_uses(m->fields[i].item, cs))
            return true;
    return false;
}

/* A set no field uses is not emitted (an unused static table is a warning). */
static bool charset_used(const gen_schema *s, const gen_charset *cs)
{
    if (s->token_header && s->token_header->charset == cs)
        return true;
    for (size_t i = 0; i < s->op_count; i++)
        if (message_uses(&s->ops[i].path_params, cs) || message_uses(&s->ops[i].query, cs))
            return true;
    for (size_t i = 0; i < s->message_count; i++)
        if (message_uses(s->messages[i], cs))
            return true;
    return false;
}

static void emit_charsets(gen_buf *c, const gen_schema *s)
{
    if (!s->charset_count)
        return;
    PUTS(c, "/* ---- character sets (sorted, merged; only those in use) ---- */\n\n");
    for (size_t i = 0; i < s->charset_count; i++) {
        const gen_charset *cs = &s->charsets[i];
        if (!charset_used(s, cs))
            continue;
        buf_printf(c, "static const apig_char_range %s_charset_%s_ranges[] = {\n", s->prefix,
                   cs->cname);
        for (size_t j = 0; j < cs->range_count; j++)
            buf_printf(c, "    {0x%04X, 0x%04X},\n", (unsigned)cs->ranges[j].first,
                       (unsigned)cs->ranges[j].last);
        buf_printf(c, "};\nstatic const apig_charset %s_charset_%s = {\n    .name = ", s->prefix,
                   cs->cname);
        put_str(c, cs->name);
        uint64_t ascii[2] = {0, 0};
        for (size_t j = 0; j < cs->range_count; j++)
            for (uint32_t cp = cs->ranges[j].first; cp <= cs->ranges[j].last && cp < 0x80; cp++)
                ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
        buf_printf(c, ",\n    .ranges = %s_charset_%s_ranges,\n    .range_count = %u,\n"
                   "    .ascii = {UINT64_C(0x%016llX), UINT64_C(0x%016llX)},\n    .byte_class = {",
                   s->prefix, cs->cname, (unsigned)cs->range_count,
                   (unsigned long long)ascii[0], (unsigned long long)ascii[1]);
        for (unsigned b = 0; b < 256; b++) {
            unsigned cls = 0;
            if (b >= 0x20 && b < 0x80 && ((ascii[b >> 6] >> (b & 63)) & 1u))
                cls = b == '\\' ? 2u : 3u; /* APIG_BYTE_TEXT_PLAIN (| APIG_BYTE_JSON_PLAIN) */
            buf_printf(c, "%s%u,", b % 32 ? " " : "\n        ", cls);
        }
        PUTS(c, "\n    },\n};\n\n");
    }
}

static void put_kind_entries(gen_buf *c, const gen_schema *s, const uint8_t *ke)
{
    for (int k = 1; k < GEN_KIND_COUNT; k++) {
        buf_printf(c, "        [%s] = %u, /* %s: ", kind_enum[k], (unsigned)ke[k],
                   kind_keyword[k]);
        put_comment_text(c, s->entries[ke[k]].code);
        PUTS(c, " */\n");
    }
}

static void emit_catalog(gen_buf *c, const gen_schema *s)
{
    PUTS(c, "/* ---- the error catalog (by code) ---- */\n\n");
    buf_printf(c, "static const apig_catalog_entry %s_catalog_entries[] = {\n", s->prefix);
    for (size_t i = 0; i < s->entry_count; i++) {
        const gen_entry *e = &s->entries[i];
        buf_printf(c, "    {/* %u */ ", (unsigned)i);
        put_str(c, e->code);
        buf_printf(c, ", %d, ", e->status);
        put_str(c, e->message);
        buf_printf(c, ", %s},\n", decoration_name(e->decoration));
    }
    buf_printf(c, "};\n\nstatic const apig_catalog %s_catalog = {\n", s->prefix);
    buf_printf(c, "    .entries = %s_catalog_entries,\n    .entry_count = %u,\n", s->prefix,
               (unsigned)s->entry_count);
    PUTS(c, "    .param_format = ");
    put_str(c, s->param_format);
    PUTS(c, ",\n    .id_format = ");
    put_str(c, s->id_format);
    PUTS(c, ",\n    .detail_format = ");
    put_str(c, s->detail_format);
    PUTS(c, ",\n    .kind_entry = {\n");
    put_kind_entries(c, s, s->kind_entry);
    PUTS(c, "    },\n");
    if (s->error_body && s->error_code_field >= 0) {
        buf_printf(c, "    .error_body = &%s_desc,\n    .error_code_field = %d, /* ",
                   s->error_body->cname, s->error_code_field);
        put_comment_text(c, s->error_body->fields[s->error_code_field].name);
        buf_printf(c, " */\n    .error_message_field = %d, /* ", s->error_message_field);
        put_comment_text(c, s->error_body->fields[s->error_message_field].name);
        PUTS(c, " */\n");
    } else
        PUTS(c, "    .error_body = NULL, /* x-errors: body: not given: no error bodies */\n");
    PUTS(c, "};\n\n");
}

static void emit_lookup(gen_buf *c, const gen_message *m)
{
    buf_printf(c, "static int %s_lookup(const char *key, size_t len)\n{\n", m->cname);
    if (m->field_count == 0) {
        PUTS(c, "    (void)key;\n    (void)len;\n    return -1;\n}\n\n");
        return;
    }
    /* Group by length, in ascending length, fields in declaration order. */
    size_t maxlen = 0;
    for (size_t i = 0; i < m->field_count; i++)
        if (strlen(m->fields[i].name) > maxlen)
            maxlen = strlen(m->fields[i].name);
    PUTS(c, "    switch (len) {\n");
    for (size_t n = 1; n <= maxlen; n++) {
        bool any = false;
        for (size_t i = 0; i < m->field_count; i++) {
            if (strlen(m->fields[i].name) != n)
                continue;
            if (!any)
                buf_printf(c, "    case %u:\n", (unsigned)n);
            any = true;
            PUTS(c, "        if (memcmp(key, ");
            put_str(c, m->fields[i].name);
            buf_printf(c, ", %u) == 0)\n            return %u;\n", (unsigned)n, (unsigned)i);
        }
        if (any)
            PUTS(c, "        break;\n");
    }
    PUTS(c, "    default:\n        break;\n    }\n    return -1;\n}\n\n");
}

/* A field's default and normalisation rules, when it has them (members
 * left out are zero: none). */
static void emit_field_default(gen_buf *c, const gen_field *f, const char *prefix)
{
    if (f->has_default) {
        PUTS(c, "        .has_default = 1,\n");
        if (f->type == APIG_TYPE_STRING) {
            PUTS(c, "        .default_string = ");
            put_str(c, f->default_string);
        } else {
            PUTS(c, "        .default_integer = ");
            put_i64(c, f->default_integer);
        }
        PUTS(c, ",\n");
    }
    if (f->normalize_count)
        buf_printf(c, "        .normalize = %s_%s_normalize,\n        .normalize_count = %u,\n",
                   prefix, f->cname, (unsigned)f->normalize_count);
}

/* The field's table entry; `m` NULL for the token header (no struct).
 * `as_service`: an entry of the table as the service writes, whose
 * embedded messages and items are their own such variants where they
 * have one. */
static void emit_field(gen_buf *c, const gen_schema *s, const gen_message *m,
                       const gen_field *f, const char *prefix, bool as_service)
{
    PUTS(c, "    {\n        .name = ");
    put_str(c, f->name);
    buf_printf(c, ",\n        .name_len = %u,\n", (unsigned)strlen(f->name));
    buf_printf(c, "        .type = %s,\n", type_name(f->type));
    buf_printf(c, "        .required = %u,\n", f->required ? 1u : 0u);
    buf_printf(c, "        .format = %s,\n", format_name(f->format));
    buf_printf(c, "        .has_minimum = %u,\n", f->has_minimum ? 1u : 0u);
    buf_printf(c, "        .has_maximum = %u,\n", f->has_maximum ? 1u : 0u);
    if (m && !f->is_item) {
        buf_printf(c, "        .offset = (uint32_t)offsetof(%s, %s),\n", m->cname, f->cname);
        buf_printf(c, "        .has_offset = (uint32_t)offsetof(%s, has_%s),\n", m->cname, f->cname);
    } else {
        PUTS(c, "        .offset = 0,\n        .has_offset = 0,\n");
    }
    if (m && f->type == APIG_TYPE_ARRAY)
        buf_printf(c, "        .count_offset = (uint32_t)offsetof(%s, %s_count),\n", m->cname,
                   f->cname);
    else
        PUTS(c, "        .count_offset = 0,\n");
    PUTS(c, "        .capacity = ");
    if (!m)
        buf_printf(c, "%s_TOKEN_HEADER_SIZE", s->pmacro);
    else if (f->type == APIG_TYPE_STRING && !f->view)
        put_field_macro(c, m, f, "SIZE");
    else if (f->type == APIG_TYPE_ARRAY)
        put_field_macro(c, m, f, "MAX");
    else
        PUTS(c, "0");
    PUTS(c, ",\n        .item_size = ");
    if (f->item && viewed(f))
        PUTS(c, "sizeof(apig_string)");
    else if (f->item)
        put_field_macro(c, m, f, "SIZE");
    else if (f->type == APIG_TYPE_ARRAY || f->type == APIG_TYPE_OBJECT)
        buf_printf(c, "sizeof(%s)", f->message->cname);
    else
        PUTS(c, "0");
    PUTS(c, ",\n        .minimum = ");
    put_i64(c, f->has_minimum ? f->minimum : 0);
    PUTS(c, ",\n        .maximum = ");
    put_i64(c, f->has_maximum ? f->maximum : 0);
    buf_printf(c, ",\n        .min_length = %u,\n        .max_length = %u,\n",
               (unsigned)f->min_length, (unsigned)f->max_length);
    if (f->charset)
        buf_printf(c, "        .charset = &%s_charset_%s,\n", s->prefix, f->charset->cname);
    else
        PUTS(c, "        .charset = NULL,\n");
    if (f->message)
        buf_printf(c, "        .message = &%s_%sdesc,\n", f->message->cname,
                   as_service && f->message->as_service ? "as_service_" : "");
    else
        PUTS(c, "        .message = NULL,\n");
    if (f->condition_count)
        buf_printf(c, "        .conditions = %s_%s_when,\n        .condition_count = %u,\n",
                   prefix, f->cname, (unsigned)f->condition_count);
    else
        PUTS(c, "        .conditions = NULL,\n        .condition_count = 0,\n");
    if (f->has_overrides)
        buf_printf(c, "        .kind_entry = %s_%s_kinds,\n", prefix, f->cname);
    else
        buf_printf(c, "        .kind_entry = %s_catalog.kind_entry,\n", s->prefix);
    emit_field_default(c, f, prefix);
    if (f->enum_count)
        buf_printf(c, "        .enum_values = %s_%s%s_enum,\n        .enum_count = %u,\n",
                   prefix, f->cname, f->is_item ? "_item" : "", (unsigned)f->enum_count);
    else
        PUTS(c, "        .enum_values = NULL,\n        .enum_count = 0,\n");
    if (f->separator)
        buf_printf(c, "        .separator = '%s%c',\n", f->separator == '\'' || f->separator == '\\' ? "\\" : "",
                   f->separator);
    else
        PUTS(c, "        .separator = 0,\n");
    if (f->item)
        buf_printf(c, "        .item = &%s_%s_item%s,\n", prefix, f->cname,
                   as_service && f->item->as_service ? "_as_service" : "");
    else
        PUTS(c, "        .item = NULL,\n");
    if (f->type == APIG_TYPE_STRING && f->view)
        PUTS(c, "        .storage = APIG_STORAGE_VIEW,\n");
    PUTS(c, "    },\n");
}

static void emit_enum(gen_buf *c, const gen_field *f, const char *prefix)
{
    if (!f->enum_count)
        return;
    buf_printf(c, "static const char *const %s_%s%s_enum[] = {", prefix, f->cname,
               f->is_item ? "_item" : "");
    for (size_t i = 0; i < f->enum_count; i++) {
        if (i)
            PUTS(c, ", ");
        put_str(c, f->enum_values[i]);
    }
    PUTS(c, "};\n");
}

/* An array's item rules (`item`, or its variant as the service writes),
 * as a definition <prefix>_<field>_item<suffix>. */
static void emit_item(gen_buf *c, const gen_schema *s, const gen_message *m,
                      const gen_field *item, const char *prefix, const char *suffix)
{
    buf_printf(c, "static const apig_field %s_%s_item%s =\n", prefix, item->cname, suffix);
    gen_buf one = {0};
    emit_field(&one, s, m, item, prefix, false);
    /* emit_field writes a list element "    {...},\n": make it a definition */
    if (one.len >= 2 && one.data[one.len - 2] == ',')
        one.len -= 2;
    buf_put(c, one.data + 4, one.len - 4);
    PUTS(c, ";\n");
    free(one.data);
}

/* Conditions, kind overrides, enum values and item rules of one field
 * (of message m; NULL for the token header), before its table. */
static void emit_field_extras(gen_buf *c, const gen_schema *s, const gen_message *m,
                              const gen_field *f, const char *prefix)
{
    if (f->condition_count) {
        buf_printf(c, "static const apig_condition %s_%s_when[] = {\n", prefix, f->cname);
        for (size_t i = 0; i < f->condition_count; i++) {
            const apig_condition *cd = &f->conditions[i];
            const gen_ctxkey *k = &s->ctxkeys[cd->key];
            buf_printf(c, "    {.key = %u, .value = %u, .action = %s, .format = %s}, /* ",
                       cd->key, cd->value,
                       cd->action == APIG_WHEN_REQUIRE ? "APIG_WHEN_REQUIRE" : "APIG_WHEN_FORMAT",
                       format_name(cd->format));
            put_comment_text(c, k->name);
            PUTS(c, " = ");
            put_comment_text(c, k->values[cd->value]);
            PUTS(c, " */\n");
        }
        PUTS(c, "};\n");
    }
    if (f->has_overrides) {
        buf_printf(c, "static const uint8_t %s_%s_kinds[APIG_ERROR_KIND_COUNT] = {\n", prefix,
                   f->cname);
        put_kind_entries(c, s, f->kind_entry);
        PUTS(c, "};\n");
    }
    if (f->normalize_count) {
        buf_printf(c, "static const apig_normalize %s_%s_normalize[] = {\n", prefix, f->cname);
        for (size_t i = 0; i < f->normalize_count; i++) {
            const apig_normalize *n = &f->normalize[i];
            buf_printf(c, "    {.when = %s, .limit = ", n->when == APIG_NORMALIZE_BELOW
                                                            ? "APIG_NORMALIZE_BELOW"
                                                            : "APIG_NORMALIZE_ABOVE");
            put_i64(c, n->limit);
            PUTS(c, ", .to = ");
            put_i64(c, n->to);
            PUTS(c, "},\n");
        }
        PUTS(c, "};\n");
    }
    emit_enum(c, f, prefix);
    if (f->item) {
        emit_enum(c, f->item, prefix);
        emit_item(c, s, m, f->item, prefix, "");
        if (f->item->as_service)
            emit_item(c, s, m, f->item->as_service, prefix, "_as_service");
    }
}

static void emit_asserts(gen_buf *c, const gen_message *m)
{
    const char *t = m->cname;
    buf_printf(c, "_Static_assert(sizeof(%s) > 0, \"%s\");\n", t, t);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        const char *n = f->cname;
        buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, %s)), \"%s.%s offset\");\n",
                   t, n, t, n);
        buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, has_%s)), \"%s.has_%s offset\");\n",
                   t, n, t, n);
        buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, has_%s) == sizeof(bool), \"%s.has_%s\");\n",
                   t, n, t, n);
        switch (f->type) {
        case APIG_TYPE_STRING:
            if (f->view) {
                buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(apig_string), "
                              "\"%s.%s\");\n", t, n, t, n);
                break;
            }
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == ", t, n);
            put_field_macro(c, m, f, "SIZE");
            buf_printf(c, ", \"%s.%s size\");\n", t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(APIG_GEN_MEMBER_SIZE(%s, %s)), \"%s.%s size\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_INT32:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(int32_t), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_INT64:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(int64_t), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_BOOL:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(bool), \"%s.%s\");\n",
                       t, n, t, n);
            break;
        case APIG_TYPE_OBJECT:
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == sizeof(%s), \"%s.%s\");\n",
                       t, n, f->message->cname, t, n);
            break;
        case APIG_TYPE_ARRAY:
            buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(offsetof(%s, %s_count)), \"%s.%s_count offset\");\n",
                       t, n, t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s_count) == sizeof(uint32_t), \"%s.%s_count\");\n",
                       t, n, t, n);
            buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s) == (size_t)", t, n);
            put_field_macro(c, m, f, "MAX");
            if (f->item && viewed(f)) {
                buf_printf(c, " * sizeof(apig_string), \"%s.%s size\");\n", t, n);
            } else if (f->item) {
                PUTS(c, " * ");
                put_field_macro(c, m, f, "SIZE");
                buf_printf(c, ", \"%s.%s size\");\n", t, n);
                buf_printf(c, "_Static_assert(APIG_GEN_MEMBER_SIZE(%s, %s[0]) == ", t, n);
                put_field_macro(c, m, f, "SIZE");
                buf_printf(c, ", \"%s.%s item size\");\n", t, n);
            } else {
                buf_printf(c, " * sizeof(%s), \"%s.%s size\");\n", f->message->cname, t, n);
            }
            PUTS(c, "_Static_assert(");
            put_field_macro(c, m, f, "MAX");
            buf_printf(c, " >= %u && ", (unsigned)(f->min_length ? f->min_length : 1));
            put_field_macro(c, m, f, "MAX");
            buf_printf(c, " <= 65535, \"%s.%s capacity\");\n", t, n);
            if (f->item)
                buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(APIG_GEN_MEMBER_SIZE(%s, %s)), "
                              "\"%s.%s size\");\n", t, n, t, n);
            else
                buf_printf(c, "_Static_assert(APIG_GEN_FITS_U32(sizeof(%s)), \"%s item size\");\n",
                           f->message->cname, f->message->cname);
            break;
        }
    }
}

static void emit_message(gen_buf *c, const gen_schema *s, const gen_message *m)
{
    PUTS(c, "/* ---- ");
    put_comment_text(c, m->name);
    PUTS(c, " ---- */\n\n");
    emit_asserts(c, m);
    PUTS(c, "\n");
    emit_lookup(c, m);
    for (size_t i = 0; i < m->field_count; i++)
        emit_field_extras(c, s, m, &m->fields[i], m->cname);
    if (m->field_count) {
        buf_printf(c, "static const apig_field %s_fields[] = {\n", m->cname);
        for (size_t i = 0; i < m->field_count; i++)
            emit_field(c, s, m, &m->fields[i], m->cname, false);
        PUTS(c, "};\n");
        buf_printf(c, "static const uint8_t %s_order[] = {", m->cname);
        for (size_t i = 0; i < m->field_count; i++)
            buf_printf(c, "%s%u", i ? ", " : "", (unsigned)m->order[i]);
        PUTS(c, "};\n");
    }
    if (m->as_service) {
        /* The same struct, with the rules the service writes by: each
         * field's x-as-service ones (or its own), embedded messages' and
         * items' variants where they have one. */
        buf_printf(c, "/* %s as the service writes it (x-as-service) */\n", m->name);
        buf_printf(c, "static const apig_field %s_as_service_fields[] = {\n", m->cname);
        for (size_t i = 0; i < m->field_count; i++) {
            const gen_field *f = &m->fields[i];
            emit_field(c, s, m, f->as_service ? f->as_service : f, m->cname, true);
        }
        PUTS(c, "};\n");
        buf_printf(c, "static const apig_message %s_as_service_desc = {\n    .name = ", m->cname);
        put_str(c, m->name);
        buf_printf(c, ",\n    .struct_size = sizeof(%s),\n"
                      "    .fields = %s_as_service_fields,\n    .field_count = %u,\n"
                      "    .encode_order = %s_order,\n    .lookup = %s_lookup,\n"
                      "    .catalog = &%s_catalog,\n    .max_body_bytes = %s_BODY_MAX,\n"
                      "    .as_service = NULL, /* it is the variant */\n};\n",
                   m->cname, m->cname, (unsigned)m->field_count, m->cname, m->cname, s->prefix,
                   m->macro);
    }
    buf_printf(c, "const apig_message %s_desc = {\n    .name = ", m->cname);
    put_str(c, m->name);
    buf_printf(c, ",\n    .struct_size = sizeof(%s),\n", m->cname);
    if (m->field_count)
        buf_printf(c, "    .fields = %s_fields,\n    .field_count = %u,\n"
                      "    .encode_order = %s_order,\n",
                   m->cname, (unsigned)m->field_count, m->cname);
    else
        PUTS(c, "    .fields = NULL,\n    .field_count = 0,\n    .encode_order = NULL,\n");
    buf_printf(c, "    .lookup = %s_lookup,\n    .catalog = &%s_catalog,\n"
                  "    .max_body_bytes = %s_BODY_MAX,\n",
               m->cname, s->prefix, m->macro);
    if (m->as_service)
        buf_printf(c, "    .as_service = &%s_as_service_desc,\n", m->cname);
    PUTS(c, "};\n\n");
}

static void emit_context(gen_buf *c, const gen_schema *s)
{
    if (!s->ctxkey_count)
        return;
    PUTS(c, "/* ---- context keys ---- */\n\n");
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        const gen_ctxkey *k = &s->ctxkeys[i];
        if (k->value_count) {
            buf_printf(c, "static const char *const %s_ctx_%s_values[] = {", s->prefix, k->name);
            for (size_t j = 0; j < k->value_count; j++) {
                buf_put(c, j ? ", " : "", j ? 2 : 0);
                put_str(c, k->values[j]);
            }
            PUTS(c, "};\n");
        }
        if (k->alias_count) {
            buf_printf(c, "static const char *const %s_ctx_%s_alias_names[] = {", s->prefix,
                       k->name);
            for (size_t j = 0; j < k->alias_count; j++) {
                buf_put(c, j ? ", " : "", j ? 2 : 0);
                put_str(c, k->alias_names[j]);
            }
            buf_printf(c, "};\nstatic const uint8_t %s_ctx_%s_alias_values[] = {", s->prefix,
                       k->name);
            for (size_t j = 0; j < k->alias_count; j++)
                buf_printf(c, "%s%u", j ? ", " : "", (unsigned)k->alias_values[j]);
            PUTS(c, "};\n");
        }
    }
    buf_printf(c, "static const apig_context_key %s_context_keys[] = {\n", s->prefix);
    for (size_t i = 0; i < s->ctxkey_count; i++) {
        const gen_ctxkey *k = &s->ctxkeys[i];
        PUTS(c, "    {\n        .name = ");
        put_str(c, k->name);
        PUTS(c, ",\n");
        if (k->value_count)
            buf_printf(c, "        .values = %s_ctx_%s_values,\n        .value_count = %u,\n",
                       s->prefix, k->name, (unsigned)k->value_count);
        else
            PUTS(c, "        .values = NULL,\n        .value_count = 0,\n");
        if (k->alias_count)
            buf_printf(c, "        .alias_names = %s_ctx_%s_alias_names,\n"
                          "        .alias_values = %s_ctx_%s_alias_values,\n"
                          "        .alias_count = %u,\n",
                       s->prefix, k->name, s->prefix, k->name, (unsigned)k->alias_count);
        else
            PUTS(c, "        .alias_names = NULL,\n        .alias_values = NULL,\n"
                       "        .alias_count = 0,\n");
        PUTS(c, "    },\n");
    }
    PUTS(c, "};\n\n");
}

static void emit_operation(gen_buf *c, const gen_schema *s, const gen_operation *o)
{
    buf_printf(c, "const apig_operation %s_op = {\n    .name = ", o->cname);
    put_str(c, o->name);
    PUTS(c, ",\n    .method = ");
    put_str(c, o->method);
    PUTS(c, ",\n    .path_template = ");
    put_str(c, o->path);
    buf_printf(c, ",\n    .success_status = %d,\n    .schema = &%s_schema,\n", o->success_status,
               s->prefix);
    if (s->token_header)
        buf_printf(c, "    .token_header = &%s_token_header,\n", s->prefix);
    else
        PUTS(c, "    .token_header = NULL,\n");
    buf_printf(c, "    .path = &%s_desc,\n", o->path_params.cname);
    if (o->has_query)
        buf_printf(c, "    .query = &%s_desc,\n", o->query.cname);
    else
        PUTS(c, "    .query = NULL,\n");
    if (o->request)
        buf_printf(c, "    .request = &%s_desc,\n", o->request->cname);
    else
        PUTS(c, "    .request = NULL,\n");
    if (o->response)
        buf_printf(c, "    .response = &%s_desc,\n", o->response->cname);
    else
        PUTS(c, "    .response = NULL,\n");
    if (s->error_body)
        buf_printf(c, "    .error_body = &%s_desc,\n", s->error_body->cname);
    else
        PUTS(c, "    .error_body = NULL,\n");
    buf_printf(c, "    .catalog = &%s_catalog,\n", s->prefix);
    buf_printf(c, "    .parts_size = sizeof(%s_request),\n", o->cname);
    buf_printf(c, "    .path_offset = offsetof(%s_request, path),\n", o->cname);
    if (o->has_query)
        buf_printf(c, "    .query_offset = offsetof(%s_request, query),\n", o->cname);
    else
        PUTS(c, "    .query_offset = 0,\n");
    if (o->request)
        buf_printf(c, "    .body_offset = offsetof(%s_request, body),\n", o->cname);
    else
        PUTS(c, "    .body_offset = 0,\n");
    buf_printf(c, "    .signature = %s,\n",
               s->signature ? "APIG_SIGNATURE_SDK_HMAC_SHA256" : "APIG_SIGNATURE_NONE");
    PUTS(c, "};\n\n");
}

void emit_source(gen_buf *c, const gen_schema *s, const char *schema_base, const char *out_base)
{
    put_banner(c, s, schema_base);
    PUTS(c, "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <string.h>\n\n#include \"");
    buf_put(c, out_base, strlen(out_base));
    PUTS(c, ".h\"\n\n");
    put_format_check(c);
    PUTS(c, "#define APIG_GEN_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)\n"
               "#define APIG_GEN_FITS_U32(x) ((uintmax_t)(x) <= UINT32_MAX)\n\n");
    buf_printf(c, "_Static_assert(APIG_ERROR_KIND_COUNT == %d,\n"
                  "               \"include/apig/error.h changed: regenerate with apig-gen\");\n\n",
               GEN_KIND_COUNT);

    emit_charsets(c, s);
    emit_catalog(c, s);
    emit_context(c, s);

    for (size_t i = 0; i < s->message_count; i++)
        emit_message(c, s, s->emit_order[i]);
    for (size_t i = 0; i < s->op_count; i++) {
        emit_message(c, s, &s->ops[i].path_params);
        if (s->ops[i].has_query)
            emit_message(c, s, &s->ops[i].query);
    }

    if (s->token_header) {
        PUTS(c, "/* ---- the authentication header ---- */\n\n");
        emit_field_extras(c, s, NULL, s->token_header, s->prefix);
        buf_printf(c, "const apig_field %s_token_header =\n", s->prefix);
        gen_buf one = {0};
        emit_field(&one, s, NULL, s->token_header, s->prefix, false);
        /* emit_field writes a list element "    {...},\n": make it a definition */
        if (one.len >= 2 && one.data[one.len - 2] == ',')
            one.len -= 2;
        buf_put(c, one.data + 4, one.len - 4);
        PUTS(c, ";\n\n");
        free(one.data);
    }

    PUTS(c, "/* ---- the operations ---- */\n\n");
    for (size_t i = 0; i < s->op_count; i++)
        emit_operation(c, s, &s->ops[i]);
    buf_printf(c, "const apig_operation *const %s_operations[%s_OPERATION_COUNT] = {\n",
               s->prefix, s->pmacro);
    for (size_t i = 0; i < s->op_count; i++)
        buf_printf(c, "    &%s_op,\n", s->ops[i].cname);
    PUTS(c, "};\n\n");
    buf_printf(c, "const apig_schema %s_schema = {\n    .prefix = ", s->prefix);
    put_str(c, s->prefix);
    buf_printf(c, ",\n    .operations = %s_operations,\n    .operation_count = %s_OPERATION_COUNT,\n"
                  "    .catalog = &%s_catalog,\n",
               s->prefix, s->pmacro, s->prefix);
    if (s->token_header)
        buf_printf(c, "    .token_header = &%s_token_header,\n", s->prefix);
    else
        PUTS(c, "    .token_header = NULL,\n");
    if (s->error_body)
        buf_printf(c, "    .error_body = &%s_desc,\n", s->error_body->cname);
    else
        PUTS(c, "    .error_body = NULL,\n");
    if (s->ctxkey_count)
        buf_printf(c, "    .context_keys = %s_context_keys,\n    .context_key_count = %u,\n",
                   s->prefix, (unsigned)s->ctxkey_count);
    else
        PUTS(c, "    .context_keys = NULL,\n    .context_key_count = 0,\n");
    /* Tables of another format do not link: see APIG_TABLE_FORMAT. */
    buf_printf(c, "    .table_format = &apig_table_format_%d,\n", APIG_TABLE_FORMAT);
    PUTS(c, "};\n");
}

/* The examples go in a file of their own: they are test data, which a
 * program that only decodes and encodes need not link. */
void emit_examples(gen_buf *c, const gen_schema *s, const char *schema_base, const char *out_base)
{
    put_banner(c, s, schema_base);
    PUTS(c, "#include <stddef.h>\n\n#include \"");
    buf_put(c, out_base, strlen(out_base));
    PUTS(c, ".h\"\n\n");
    if (!s->example_count) {
        buf_printf(c, "const apig_example_set %s_examples = {NULL, 0};\n", s->prefix);
        return;
    }
    PUTS(c, "/* ---- examples (the document's, byte for byte) ---- */\n\n");
    for (size_t i = 0; i < s->example_count; i++) {
        const gen_example *e = &s->examples[i];
        buf_printf(c, "static const char %s_example_%u_body[] =\n    ", s->prefix, (unsigned)i);
        put_cstr(c, e->body, e->body_len, true, "    ");
        PUTS(c, ";\n");
    }
    buf_printf(c, "\nstatic const apig_example %s_example_items[] = {\n", s->prefix);
    for (size_t i = 0; i < s->example_count; i++) {
        const gen_example *e = &s->examples[i];
        PUTS(c, "    {\n        .name = ");
        put_str(c, e->name);
        buf_printf(c, ",\n        .kind = %s,\n        .status = %d,\n",
                   e->kind == APIG_EXAMPLE_REQUEST    ? "APIG_EXAMPLE_REQUEST"
                   : e->kind == APIG_EXAMPLE_RESPONSE ? "APIG_EXAMPLE_RESPONSE"
                                                      : "APIG_EXAMPLE_ERROR",
                   e->status);
        buf_printf(c, "        .message = &%s_desc,\n", e->message->cname);
        if (e->operation)
            buf_printf(c, "        .operation = &%s_op,\n", e->operation->cname);
        else
            PUTS(c, "        .operation = NULL,\n");
        buf_printf(c, "        .body = %s_example_%u_body,\n"
                      "        .body_len = sizeof %s_example_%u_body - 1,\n",
                   s->prefix, (unsigned)i, s->prefix, (unsigned)i);
        PUTS(c, "        .error_param = ");
        put_str(c, e->param);
        PUTS(c, ",\n        .error_id = ");
        put_str(c, e->id);
        PUTS(c, ",\n    },\n");
    }
    PUTS(c, "};\n\n");
    for (size_t i = 0; i < s->example_count; i++)
        buf_printf(c, "_Static_assert(sizeof %s_example_%u_body - 1 == %u, \"example %u\");\n",
                   s->prefix, (unsigned)i, (unsigned)s->examples[i].body_len, (unsigned)i);
    buf_printf(c, "\nconst apig_example_set %s_examples = {%s_example_items, %u};\n", s->prefix,
               s->prefix, (unsigned)s->example_count);
}
