/* SPDX-License-Identifier: MIT */
/*
 * bench_cjson: cJSON (Debian libcjson-dev).
 *
 * decode: cJSON_ParseWithLengthOpts builds the tree; the walk checks that
 *   only whitespace follows the value (cJSON stops after it), stores the
 *   known fields, noting wrong types and duplicates, and bench_check
 *   applies the rest; the tree is freed. cJSON checks no UTF-8, so the
 *   whole text is checked first (bench_utf8_valid); its nesting limit is
 *   its own (1000), so the walk measures the unknown values' nesting.
 *   cJSON keeps a number only as a double, so 1e2 and 100.0 pass for the
 *   integer 100, and a string only up to a NUL, so "a\u0000b" passes for
 *   "a" (the self-check lists what passes).
 * encode: the tree built from the page (keys as constants and strings as
 *   references, cJSON's cheapest way: nothing copied), printed unformatted
 *   with cJSON_PrintPreallocated into the caller's buffer, then freed.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

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
static bool too_deep(const cJSON *v, int level)
{
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return false;
    if (level > BENCH_MAX_DEPTH)
        return true;
    for (const cJSON *c = v->child; c; c = c->next)
        if (too_deep(c, level + 1))
            return true;
    return false;
}

/* A member (nesting 3): 0, or the syntax error (too deep). */
static int member(bench_member *m, const cJSON *o)
{
    for (const cJSON *f = o->child; f; f = f->next) {
        int k = bench_member_field(f->string, strlen(f->string));
        if (k == BENCH_F_UNKNOWN) {
            if (too_deep(f, 4))
                return BENCH_E_SYNTAX;
            continue;
        }
        if (cJSON_IsNull(f))
            continue;
        bench_member_seen(m, k);
        if (k == BENCH_F_WEIGHT) {
            double d = f->valuedouble;
            if (!cJSON_IsNumber(f))
                m->bad |= BENCH_BAD_TYPE;
            else if (!(d >= -1e18 && d <= 1e18))
                m->weight = -1; /* out of any range (and no int64) */
            else if (d != (double)(int64_t)d)
                m->bad |= BENCH_BAD_INTEGER;
            else
                m->weight = (int64_t)d;
        } else if (!cJSON_IsString(f)) {
            m->bad |= BENCH_BAD_TYPE;
        } else {
            bench_member_string(m, k, f->valuestring, strlen(f->valuestring));
        }
    }
    return 0;
}

static int decode(const char *text, size_t len)
{
    const char *end = NULL;
    if (!bench_utf8_valid(text, len))
        return BENCH_E_SYNTAX;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root)
        return BENCH_E_SYNTAX;
    for (; end < text + len; end++)
        if (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\r') {
            cJSON_Delete(root);
            return BENCH_E_SYNTAX;
        }
    int e = 0;
    bench_create_reset(&req);
    if (!cJSON_IsObject(root))
        req.bad |= BENCH_BAD_TYPE;
    else
        for (const cJSON *f = root->child; f && !e; f = f->next) {
            if (strcmp(f->string, "members") != 0) {
                e = too_deep(f, 2) ? BENCH_E_SYNTAX : 0;
                continue;
            }
            if (cJSON_IsNull(f))
                continue;
            if (req.has_members || !cJSON_IsArray(f))
                req.bad |= req.has_members ? BENCH_BAD_DUPLICATE : BENCH_BAD_TYPE;
            req.has_members = true;
            if (!cJSON_IsArray(f))
                continue;
            for (const cJSON *item = f->child; item && !e; item = item->next) {
                bench_member *m = bench_member_next(&req, capacity);
                if (!m)
                    e = too_deep(item, 3) ? BENCH_E_SYNTAX : 0;
                else if (cJSON_IsObject(item))
                    e = member(m, item);
                else
                    m->bad |= BENCH_BAD_TYPE;
            }
        }
    cJSON_Delete(root);
    return e ? e : bench_check(&req, capacity, BENCH_CTX_NONE);
}

static void decoded(bench_create *out)
{
    *out = req;
}

/* ---- encode ---- */
static const bench_page *page;

static void add_string(cJSON *o, const char *key, const char *value)
{
    cJSON_AddItemToObjectCS(o, key, cJSON_CreateStringReference(value));
}
static void add_number(cJSON *o, const char *key, double value)
{
    cJSON_AddItemToObjectCS(o, key, cJSON_CreateNumber(value));
}

static bool encode_prepare(const bench_page *p, bool ascii)
{
    page = p;
    return !ascii; /* cJSON writes non-ASCII as UTF-8 only */
}

static size_t encode(char *buf, size_t cap)
{
    cJSON *root = cJSON_CreateObject();
    if (page->has_total)
        add_number(root, "total", (double)page->total);
    if (page->has_size)
        add_number(root, "size", page->size);
    if (page->has_members) {
        cJSON *members = cJSON_CreateArray();
        cJSON_AddItemToObjectCS(root, "members", members);
        for (uint32_t i = 0; i < page->members_count; i++) {
            const bench_page_member *m = &page->members[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(members, o);
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
                add_number(o, "status", m->status);
            if (m->has_vpc_channel_id)
                add_string(o, "vpc_channel_id", m->vpc_channel_id);
            if (m->has_weight)
                add_number(o, "weight", m->weight);
        }
    }
    size_t n = (size_t)-1;
    if (cap <= 0x7fffffff && cJSON_PrintPreallocated(root, buf, (int)cap, 0))
        n = strlen(buf);
    cJSON_Delete(root);
    return n;
}

static const bench_impl impls[] = {{"cjson", prepare, decode, decoded, encode_prepare, encode}};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, impls, 1, 0);
}
