/* SPDX-License-Identifier: MIT */
/*
 * names.c - C names: which identifiers a schema may use, how a schema name
 * becomes a C name, and the check that every name the output defines is
 * defined once.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

bool gen_is_ident(const char *s)
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
bool gen_is_keyword(const char *s)
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
bool gen_json_name_ok(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
            return false;
    }
    return true;
}

bool gen_printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

/* "<prefix>_<snake name>", newly allocated. */
char *gen_prefixed(const gen_schema *s, const char *name)
{
    char *sn = snake(name);
    size_t n = strlen(s->prefix) + strlen(sn) + 2;
    char *r = gen_alloc(n);
    snprintf(r, n, "%s_%s", s->prefix, sn);
    free(sn);
    return r;
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

bool gen_check_names(const gen_schema *s, gen_pos root)
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
