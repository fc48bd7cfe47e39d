/* SPDX-License-Identifier: MIT */
/*
 * bench_jansson: jansson (Debian libjansson-dev).
 *
 * decode: json_loadb builds the tree with JSON_REJECT_DUPLICATES (without
 *   it a repeated key silently replaces the first, so the duplicate rule
 *   could not be applied; with it a repeated unknown key is refused too,
 *   which apig allows). jansson checks UTF-8, refuses \u0000 and trailing
 *   data, and tells integers from reals; its nesting limit is its own
 *   (2048), so the walk measures the unknown values' nesting. The walk
 *   stores the known fields and bench_check applies the rest; the tree is
 *   freed.
 * encode: the tree built from the page (json_object_set_new_nocheck and
 *   json_stringn_nocheck: no UTF-8 check, the struct is trusted), then
 *   json_dumpb(JSON_COMPACT) into the caller's buffer, JSON_ENSURE_ASCII
 *   for the escaped page; then freed.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "checks.h"
#include "harness.h"

static bench_create req;
static unsigned capacity;

static void prepare(const bench_body *b)
{
    capacity = b->capacity;
}

/* Whether container v, at nesting `level`, or one inside it, is deeper
 * than the limit. */
static bool too_deep(json_t *v, int level)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *c;
        if (level > BENCH_MAX_DEPTH)
            return true;
        json_object_foreach(v, key, c) if (too_deep(c, level + 1)) return true;
    } else if (json_is_array(v)) {
        size_t i;
        json_t *c;
        if (level > BENCH_MAX_DEPTH)
            return true;
        json_array_foreach(v, i, c) if (too_deep(c, level + 1)) return true;
    }
    return false;
}

/* A member (nesting 3): 0, or the syntax error (too deep). */
static int member(bench_member *m, json_t *o)
{
    const char *key;
    json_t *f;
    json_object_foreach(o, key, f)
    {
        int k = bench_member_field(key, strlen(key));
        if (k == BENCH_F_UNKNOWN) {
            if (too_deep(f, 4))
                return BENCH_E_SYNTAX;
            continue;
        }
        if (json_is_null(f))
            continue;
        bench_member_seen(m, k);
        if (k == BENCH_F_WEIGHT) {
            if (json_is_integer(f))
                m->weight = json_integer_value(f);
            else
                m->bad |= json_is_real(f) ? BENCH_BAD_INTEGER : BENCH_BAD_TYPE;
        } else if (!json_is_string(f)) {
            m->bad |= BENCH_BAD_TYPE;
        } else {
            bench_member_string(m, k, json_string_value(f), json_string_length(f));
        }
    }
    return 0;
}

static int decode(const char *text, size_t len)
{
    json_error_t error;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &error);
    if (!root)
        return BENCH_E_SYNTAX;
    int e = 0;
    bench_create_reset(&req);
    if (!json_is_object(root)) {
        req.bad |= BENCH_BAD_TYPE;
    } else {
        const char *key;
        json_t *f;
        json_object_foreach(root, key, f)
        {
            if (strcmp(key, "members") != 0) {
                if ((e = too_deep(f, 2) ? BENCH_E_SYNTAX : 0) != 0)
                    break;
                continue;
            }
            if (json_is_null(f))
                continue;
            req.has_members = true;
            if (!json_is_array(f)) {
                req.bad |= BENCH_BAD_TYPE;
                continue;
            }
            size_t i;
            json_t *item;
            json_array_foreach(f, i, item)
            {
                bench_member *m = bench_member_next(&req, capacity);
                if (!m)
                    e = too_deep(item, 3) ? BENCH_E_SYNTAX : 0;
                else if (json_is_object(item))
                    e = member(m, item);
                else
                    m->bad |= BENCH_BAD_TYPE;
                if (e)
                    break;
            }
        }
    }
    json_decref(root);
    return e ? e : bench_check(&req, capacity, BENCH_CTX_NONE);
}

static void decoded(bench_create *out)
{
    *out = req;
}

/* ---- encode ---- */
static const bench_page *page;
static size_t flags;

static void add_string(json_t *o, const char *key, const char *value)
{
    json_object_set_new_nocheck(o, key, json_stringn_nocheck(value, strlen(value)));
}

static bool encode_prepare(const bench_page *p, bool ascii)
{
    page = p;
    flags = ascii ? JSON_COMPACT | JSON_ENSURE_ASCII : JSON_COMPACT;
    return true;
}

static size_t encode(char *buf, size_t cap)
{
    json_t *root = json_object();
    if (page->has_total)
        json_object_set_new_nocheck(root, "total", json_integer(page->total));
    if (page->has_size)
        json_object_set_new_nocheck(root, "size", json_integer(page->size));
    if (page->has_members) {
        json_t *members = json_array();
        json_object_set_new_nocheck(root, "members", members);
        for (uint32_t i = 0; i < page->members_count; i++) {
            const bench_page_member *m = &page->members[i];
            json_t *o = json_object();
            json_array_append_new(members, o);
            if (m->has_create_time)
                add_string(o, "create_time", m->create_time);
            if (m->has_host)
                add_string(o, "host", m->host);
            if (m->has_id)
                add_string(o, "id", m->id);
            if (m->has_ecs_id)
                add_string(o, "ecs_id", m->ecs_id);
            if (m->has_ecs_name)
                add_string(o, "ecs_name", m->ecs_name);
            if (m->has_status)
                json_object_set_new_nocheck(o, "status", json_integer(m->status));
            if (m->has_vpc_channel_id)
                add_string(o, "vpc_channel_id", m->vpc_channel_id);
            if (m->has_weight)
                json_object_set_new_nocheck(o, "weight", json_integer(m->weight));
        }
    }
    size_t n = json_dumpb(root, buf, cap, flags);
    json_decref(root);
    if (n == 0)
        return (size_t)-1;
    if (n < cap)
        buf[n] = '\0';
    return n;
}

static const bench_impl impls[] = {{"jansson", prepare, decode, decoded, encode_prepare, encode}};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, impls, 1, 0);
}
