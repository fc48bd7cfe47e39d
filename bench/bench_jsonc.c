/* SPDX-License-Identifier: MIT */
/*
 * bench_jsonc: json-c (Debian libjson-c-dev).
 *
 * decode: one tokener, made once with the depth limit (json-c's depth
 *   counts one more than apig's nesting: BENCH_MAX_DEPTH + 1 accepts 32
 *   levels and refuses 33, as apig does, but for an empty container at
 *   the 33rd, which json-c does not count) and JSON_TOKENER_STRICT (RFC
 *   8259, no trailing data), reset for each body. Its
 *   JSON_TOKENER_VALIDATE_UTF8 lets overlong forms through (C0 AF), so the
 *   text is checked with bench_utf8_valid instead, one pass either way.
 *   json_tokener_parse_ex builds the tree, the walk stores the known
 *   fields, bench_check applies the rest, the tree is freed.
 *   json-c keeps the last of two equal keys and says nothing, so the
 *   duplicate rule cannot be applied (the self-check lists it).
 * encode: the tree built from the page (keys added as new constants, the
 *   cheapest way), json_object_to_json_string_length(PLAIN), copied into
 *   the caller's buffer; then freed. json-c has no ASCII-only output: no
 *   escaped encode row.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "checks.h"
#include "harness.h"

static bench_create req;
static unsigned capacity;
static struct json_tokener *tok;

static void prepare(const bench_body *b)
{
    capacity = b->capacity;
    if (!tok) {
        tok = json_tokener_new_ex(BENCH_MAX_DEPTH + 1);
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    }
}

static void member(bench_member *m, struct json_object *o)
{
    json_object_object_foreach(o, key, f)
    {
        int k = bench_member_field(key, strlen(key));
        if (k == BENCH_F_UNKNOWN || json_object_is_type(f, json_type_null))
            continue;
        bench_member_seen(m, k);
        if (k == BENCH_F_WEIGHT) {
            if (json_object_is_type(f, json_type_int))
                m->weight = json_object_get_int64(f);
            else
                m->bad |= json_object_is_type(f, json_type_double) ? BENCH_BAD_INTEGER : BENCH_BAD_TYPE;
        } else if (!json_object_is_type(f, json_type_string)) {
            m->bad |= BENCH_BAD_TYPE;
        } else {
            bench_member_string(m, k, json_object_get_string(f), (size_t)json_object_get_string_len(f));
        }
    }
}

static int decode(const char *text, size_t len)
{
    if (len > 0x7fffffff || !bench_utf8_valid(text, len))
        return BENCH_E_SYNTAX;
    json_tokener_reset(tok);
    struct json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    if (!root || json_tokener_get_error(tok) != json_tokener_success || json_tokener_get_parse_end(tok) != len) {
        json_object_put(root);
        return BENCH_E_SYNTAX;
    }
    bench_create_reset(&req);
    if (!json_object_is_type(root, json_type_object)) {
        req.bad |= BENCH_BAD_TYPE;
    } else {
        json_object_object_foreach(root, key, f)
        {
            if (strcmp(key, "members") != 0 || json_object_is_type(f, json_type_null))
                continue;
            req.has_members = true;
            if (!json_object_is_type(f, json_type_array)) {
                req.bad |= BENCH_BAD_TYPE;
                continue;
            }
            size_t n = json_object_array_length(f);
            for (size_t i = 0; i < n; i++) {
                struct json_object *item = json_object_array_get_idx(f, i);
                bench_member *m = bench_member_next(&req, capacity);
                if (m && json_object_is_type(item, json_type_object))
                    member(m, item);
                else if (m)
                    m->bad |= BENCH_BAD_TYPE;
            }
        }
    }
    json_object_put(root);
    return bench_check(&req, capacity, BENCH_CTX_NONE);
}

static void decoded(bench_create *out)
{
    *out = req;
}

/* ---- encode ---- */
static const bench_page *page;

#define ADD_NEW (JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_KEY_IS_CONSTANT)

static void add_string(struct json_object *o, const char *key, const char *value)
{
    json_object_object_add_ex(o, key, json_object_new_string_len(value, (int)strlen(value)), ADD_NEW);
}

static bool encode_prepare(const bench_page *p, bool ascii)
{
    page = p;
    return !ascii;
}

static size_t encode(char *buf, size_t cap)
{
    struct json_object *root = json_object_new_object();
    if (page->has_total)
        json_object_object_add_ex(root, "total", json_object_new_int64(page->total), ADD_NEW);
    if (page->has_size)
        json_object_object_add_ex(root, "size", json_object_new_int(page->size), ADD_NEW);
    if (page->has_members) {
        struct json_object *members = json_object_new_array_ext((int)page->members_count);
        json_object_object_add_ex(root, "members", members, ADD_NEW);
        for (uint32_t i = 0; i < page->members_count; i++) {
            const bench_page_member *m = &page->members[i];
            struct json_object *o = json_object_new_object();
            json_object_array_add(members, o);
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
                json_object_object_add_ex(o, "status", json_object_new_int(m->status), ADD_NEW);
            if (m->has_vpc_channel_id)
                add_string(o, "vpc_channel_id", m->vpc_channel_id);
            if (m->has_weight)
                json_object_object_add_ex(o, "weight", json_object_new_int(m->weight), ADD_NEW);
        }
    }
    size_t n = 0;
    const char *s = json_object_to_json_string_length(root, JSON_C_TO_STRING_PLAIN, &n);
    if (!s)
        n = (size_t)-1;
    else
        memcpy(buf, s, n < cap ? n + 1 : cap);
    json_object_put(root);
    return n;
}

static const bench_impl impls[] = {{"json-c", prepare, decode, decoded, encode_prepare, encode}};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, impls, 1, 0);
}
