/* SPDX-License-Identifier: MIT */
/*
 * bounds.c - <PREFIX>_<MSG>_ENCODED_MAX, the most bytes apig_encode writes
 * for a message in any style, and <PREFIX>_<MSG>_BODY_MAX, the largest
 * body the decoder takes for it, with the checks that make a limit below
 * the bound a visible choice.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

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
    uint64_t chars = (uint64_t)f->max_chars * escaped_width(f);
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
            if (f->max_items_macro)
                buf_printf(b, " + %s(%s) * (%s2 + ", sz, f->max_items_macro, sz);
            else
                buf_printf(b, " + %s%u * (%s2 + ", sz, (unsigned)f->max_items, sz);
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
void emit_bounds(gen_buf *h, const gen_schema *s)
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
