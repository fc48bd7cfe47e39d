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
#define APIG__LAYOUT_COUNTS /* apig__json_char_bytes */
#include "../core/layout.h" /* the bytes the encoder writes */

/* The larger of a piece of layout's bytes in the two layouts. */
static uint64_t larger(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}
static uint64_t object_bytes(unsigned level)
{
    return larger(apig__layout_object(false, level), apig__layout_object(true, level));
}
static uint64_t member_bytes(unsigned level)
{
    return larger(apig__layout_member(false, level), apig__layout_member(true, level));
}

/* The most bytes code point cp takes, in any style. */
static unsigned char_bytes(uint32_t cp)
{
    unsigned a = apig__json_char_bytes(cp, true), b = apig__json_char_bytes(cp, false);
    return a > b ? a : b;
}

/* The most bytes one character of field f's valid values can take. */
static unsigned escaped_width(const gen_field *f)
{
    unsigned w = 1;
    if (f->enum_count) {
        /* A valid value is made of the enum values' characters and the
         * separator only: the widest of those. A lead byte stands for the
         * widest character of its length (continuation bytes add none). */
        const char sep[2] = {f->separator, '\0'};
        for (size_t i = 0; i <= f->enum_count; i++) {
            const char *t = i < f->enum_count ? f->enum_values[i] : sep;
            for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
                uint32_t cp = *p >= 0xF0 ? 0x10FFFF : *p >= 0xE0 ? 0xFFFF
                              : *p >= 0xC0 ? 0x7FF : *p >= 0x80 ? 0 : *p;
                unsigned cw = *p >= 0x80 && *p < 0xC0 ? 0 : char_bytes(cp);
                if (cw > w)
                    w = cw;
            }
        }
        return w;
    }
    if (!f->charset)
        w = char_bytes(0x10FFFF); /* any character */
    /* A range's widest: its ASCII, one by one, and beyond ASCII its last
     * (the width never falls as code points rise past U+007F). */
    for (size_t i = 0; f->charset && i < f->charset->range_count; i++) {
        const apig_char_range *r = &f->charset->ranges[i];
        for (uint32_t c = r->first; c <= r->last && c < 0x80; c++)
            w = larger(w, char_bytes(c));
        if (r->last >= 0x80)
            w = larger(w, char_bytes(r->last));
    }
    if (f->format != APIG_FORMAT_NONE && w > 2)
        w = 2; /* a valid formatted value is printable ASCII */
    return w;
}

/* A key's characters as written (apig-gen allows printable ASCII without
 * '"' or '\\', each one byte: this counts what any name would take). */
static uint64_t key_bytes(const char *name)
{
    uint64_t n = 0;
    for (; *name; name++)
        n += char_bytes((unsigned char)*name);
    return n;
}

/* The most bytes string field f (or an array's item rules) takes, quotes
 * included: its characters at their widest, but never more than the most
 * any stored byte takes. */
static uint64_t string_bytes_of(const gen_field *f)
{
    uint64_t chars = 2 + (uint64_t)f->max_chars * escaped_width(f);
    uint64_t bytes = apig__json_string_most((uint64_t)(f->size - 1));
    return chars < bytes ? chars : bytes;
}

/* The same for both modes (strict and as the service writes): the larger;
 * one bound, and one body limit, serve both. */
static uint64_t string_bytes(const gen_field *f)
{
    uint64_t strict = string_bytes_of(f);
    uint64_t service = f->as_service ? string_bytes_of(f->as_service) : 0;
    return strict > service ? strict : service;
}

/* "(size_t)N + (size_t)CAP * (...) + ..." for message m, an object at
 * `level` (1: the body); without `typed`, "N + CAP * (...)": the same value
 * in a form #if can evaluate (it knows no casts). Each piece of layout
 * counts at its most over the styles. */
static void put_encoded_max(gen_buf *b, const gen_message *m, unsigned level, bool typed)
{
    const char *sz = typed ? "(size_t)" : "";
    uint64_t k = object_bytes(level);
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        k += member_bytes(level) + key_bytes(f->name);
        switch (f->type) {
        case APIG_TYPE_STRING: k += string_bytes(f); break;
        case APIG_TYPE_INT32: k += APIG__INT32_MOST; break;
        case APIG_TYPE_INT64: k += APIG__INT64_MOST; break;
        case APIG_TYPE_BOOL: k += APIG__BOOL_MOST; break;
        case APIG_TYPE_ARRAY:
            k += larger(APIG__LAYOUT_ARRAY(false), APIG__LAYOUT_ARRAY(true));
            break;
        case APIG_TYPE_OBJECT: break;
        }
    }
    buf_printf(b, "%s%" PRIu64, sz, k);
    const uint64_t item = larger(APIG__LAYOUT_ITEM(false), APIG__LAYOUT_ITEM(true));
    for (size_t i = 0; i < m->field_count; i++) {
        const gen_field *f = &m->fields[i];
        if (f->type == APIG_TYPE_ARRAY) {
            /* each item: its layout, then the item (an object one level
             * below the key's: arrays stay on the key's line) */
            if (f->max_items_macro)
                buf_printf(b, " + %s(%s) * (%s%" PRIu64 " + ", sz, f->max_items_macro, sz,
                           item);
            else
                buf_printf(b, " + %s%u * (%s%" PRIu64 " + ", sz, (unsigned)f->max_items, sz,
                           item);
            if (f->item)
                buf_printf(b, "%s%" PRIu64, sz, string_bytes(f->item));
            else
                put_encoded_max(b, f->message, level + 1, typed);
            PUTS(b, ")");
        } else if (f->type == APIG_TYPE_OBJECT) {
            PUTS(b, " + (");
            put_encoded_max(b, f->message, level + 1, typed);
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
            put_encoded_max(h, m, 1, typed);
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
        put_encoded_max(&bound, m, 1, false);
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
