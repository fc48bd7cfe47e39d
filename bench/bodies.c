/* SPDX-License-Identifier: MIT */
/*
 * bodies.c - the bodies of the bench, built the same way in every binary,
 * with the struct each must decode to; the rejected bodies of the
 * self-check; the encode page.
 *
 * Members alternate the document's two examples: even ones an ip-type
 * member {"host","weight"}, odd ones an instance {"ecs_id","ecs_name",
 * "weight"}. The variants of the 200-member body:
 *   200-escaped         every character of every ecs_name written \u00XX
 *                       (same struct as `200`);
 *   200-unknown-fields  each member also carries the fields later revisions
 *                       of the service added (port, status, is_backup,
 *                       member_group_name) and a small object, ignored;
 *   deep                each member also carries an unknown object nested
 *                       to BENCH_MAX_DEPTH in all (the body's own three
 *                       levels + 29), which apig's default depth accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define DEEP_LEVELS BENCH_DEEP_LEVELS

const bench_body bench_bodies[] = {
    {"2", 2, BENCH_DEFAULT_CAPACITY, 0},
    {"20", 20, BENCH_DEFAULT_CAPACITY, 0},
    {"200", 200, BENCH_DEFAULT_CAPACITY, 0},
    {"1000", 1000, 1000, 0},
    {"200-escaped", 200, BENCH_DEFAULT_CAPACITY, 0},
    {"200-unknown-fields", 200, BENCH_DEFAULT_CAPACITY, 0},
    {"deep", 200, BENCH_DEFAULT_CAPACITY, BENCH_DEEP_TOKENS},
};
const size_t bench_body_count = sizeof bench_bodies / sizeof bench_bodies[0];

const bench_body *bench_body_find(const char *name)
{
    for (size_t i = 0; i < bench_body_count; i++)
        if (strcmp(bench_bodies[i].name, name) == 0)
            return &bench_bodies[i];
    return NULL;
}

/* Appends with snprintf; the bodies fit BENCH_TEXT_CAP by far. */
#define PUT(...) (n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, __VA_ARGS__))

size_t bench_body_make(const bench_body *b, char *buf, size_t cap, bench_create *expect)
{
    bool escaped = strcmp(b->name, "200-escaped") == 0;
    bool unknown = strcmp(b->name, "200-unknown-fields") == 0;
    bool deep = strcmp(b->name, "deep") == 0;
    size_t n = 0;
    if (expect) {
        expect->has_members = true;
        expect->bad = 0;
        expect->members_count = expect->members_seen = b->members;
    }
    PUT("{\"members\":[");
    for (unsigned i = 0; i < b->members; i++) {
        bench_member m;
        memset(&m, 0, sizeof m);
        m.has_weight = true;
        m.weight = i % 101;
        if (i % 2 == 0) {
            m.has_host = true;
            m.host_len = (uint32_t)snprintf(m.host, sizeof m.host, "192.168.%u.%u", i / 250, i % 250);
            PUT("%s{\"host\":\"%s\"", i ? "," : "", m.host);
            if (unknown)
                PUT(",\"port\":%u", 8000 + i % 1000);
        } else {
            m.has_ecs_id = m.has_ecs_name = true;
            m.ecs_id_len = (uint32_t)snprintf(m.ecs_id, sizeof m.ecs_id, "1082720c-3c15-409c-9ae3-%012u", i);
            m.ecs_name_len = (uint32_t)snprintf(m.ecs_name, sizeof m.ecs_name, "APIGtest%02u", i % 100);
            PUT(",{\"ecs_id\":\"%s\"", m.ecs_id);
            if (unknown)
                PUT(",\"port\":%u", 8000 + i % 1000);
            PUT(",\"ecs_name\":\"");
            if (escaped)
                for (uint32_t k = 0; k < m.ecs_name_len; k++)
                    PUT("\\u%04x", (unsigned char)m.ecs_name[k]);
            else
                PUT("%s", m.ecs_name);
            PUT("\"");
        }
        PUT(",\"weight\":%d", (int)m.weight);
        if (unknown)
            PUT(",\"status\":1,\"is_backup\":%s,\"member_group_name\":\"mg-%02u\",\"metadata\":{\"zone\":\"az-%u\"}",
                i % 7 ? "false" : "true", i % 10, i % 3);
        if (deep) {
            PUT(",\"x\":");
            for (int l = 0; l < DEEP_LEVELS; l++)
                PUT(l + 1 < DEEP_LEVELS ? "{\"a\":" : "{\"a\":1");
            for (int l = 0; l < DEEP_LEVELS; l++)
                PUT("}");
        }
        PUT("}");
        if (expect)
            expect->members[i] = m;
    }
    PUT("]}");
    return n;
}

const bench_reject bench_rejects[] = {
    /* The one every peer must refuse (checked at start-up). */
    {"weight 101", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":101}]}"},
    {"weight -1", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":-1}]}"},
    {"weight 20 digits", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":99999999999999999999}]}"},
    {"weight \"1\"", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":\"1\"}]}"},
    {"weight 1.5", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":1.5}]}"},
    {"weight 1e2", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":1e2}]}"},
    {"weight 100.0", "{\"members\":[{\"host\":\"192.168.0.1\",\"weight\":100.0}]}"},
    {"no members", "{\"x\":1}"},
    {"members []", "{\"members\":[]}"},
    {"members null", "{\"members\":null}"},
    {"members {}", "{\"members\":{}}"},
    {"members [1]", "{\"members\":[1]}"},
    {"members [null]", "{\"members\":[null]}"},
    {"top-level array", "[{\"members\":[{\"host\":\"192.168.0.1\"}]}]"},
    {"host 1", "{\"members\":[{\"host\":1}]}"},
    {"host \"\"", "{\"members\":[{\"host\":\"\"}]}"},
    {"ecs_id with .", "{\"members\":[{\"ecs_id\":\"a.b\"}]}"},
    {"ecs_id 65 characters",
     "{\"members\":[{\"ecs_id\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]}"},
    {"ecs_name with /", "{\"members\":[{\"ecs_name\":\"a/b\"}]}"},
    {"ecs_name with e-acute", "{\"members\":[{\"ecs_name\":\"caf\xc3\xa9\"}]}"},
    {"ecs_name 65 Chinese characters",
     "{\"members\":[{\"ecs_name\":\""
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b\xe6\xb5\x8b"
     "\xe6\xb5\x8b\"}]}"},
    {"ecs_name \\u0000", "{\"members\":[{\"ecs_name\":\"a\\u0000b\"}]}"},
    {"ecs_name lone surrogate", "{\"members\":[{\"ecs_name\":\"a\\ud800b\"}]}"},
    {"ecs_name invalid UTF-8", "{\"members\":[{\"ecs_name\":\"a\xff\"}]}"},
    {"invalid UTF-8 in an unknown field", "{\"members\":[{\"host\":\"192.168.0.1\",\"x\":\"\xc0\xaf\"}]}"},
    {"duplicate host", "{\"members\":[{\"host\":\"192.168.0.1\",\"host\":\"192.168.0.2\"}]}"},
    {"trailing data", "{\"members\":[{\"host\":\"192.168.0.1\"}]} x"},
    {"unknown literal tru", "{\"members\":[{\"host\":\"192.168.0.1\",\"x\":tru}]}"},
    {"unknown number 01", "{\"members\":[{\"host\":\"192.168.0.1\",\"x\":01}]}"},
    {"nested 33 deep",
     "{\"members\":[{\"host\":\"192.168.0.1\",\"x\":"
     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}"},
};
const size_t bench_reject_count = sizeof bench_rejects / sizeof bench_rejects[0];

size_t bench_create_diff(const bench_create *a, const bench_create *b, const char **why)
{
    if (a->has_members != b->has_members || a->members_count != b->members_count) {
        *why = "members or their count";
        return 1;
    }
    for (uint32_t i = 0; i < a->members_count; i++) {
        const bench_member *x = &a->members[i], *y = &b->members[i];
        if (x->has_host != y->has_host || (x->has_host && strcmp(x->host, y->host)))
            *why = "host";
        else if (x->has_weight != y->has_weight || (x->has_weight && x->weight != y->weight))
            *why = "weight";
        else if (x->has_ecs_id != y->has_ecs_id || (x->has_ecs_id && strcmp(x->ecs_id, y->ecs_id)))
            *why = "ecs_id";
        else if (x->has_ecs_name != y->has_ecs_name || (x->has_ecs_name && strcmp(x->ecs_name, y->ecs_name)))
            *why = "ecs_name";
        else
            continue;
        return i + 1;
    }
    return 0;
}

bool bench_page_make(const char *body, bench_page *p, bool *ascii)
{
    unsigned members;
    *ascii = strcmp(body, "200-escaped") == 0;
    if (*ascii)
        members = 200;
    else if (!strcmp(body, "2") || !strcmp(body, "20") || !strcmp(body, "200") || !strcmp(body, "1000"))
        members = (unsigned)strtoul(body, NULL, 10);
    else
        return false;
    memset(p, 0, sizeof *p);
    p->has_size = p->has_total = p->has_members = true;
    p->size = (int32_t)members;
    p->total = members;
    p->members_count = members;
    for (unsigned i = 0; i < members; i++) {
        bench_page_member *m = &p->members[i];
        m->has_create_time = m->has_host = m->has_id = m->has_ecs_id = m->has_ecs_name = true;
        m->has_status = m->has_vpc_channel_id = m->has_weight = true;
        snprintf(m->create_time, sizeof m->create_time, "2020-07-23T%02u:%02u:%02uZ", i / 3600 % 24, i / 60 % 60, i % 60);
        snprintf(m->host, sizeof m->host, "192.168.%u.%u", i / 250, i % 250);
        snprintf(m->id, sizeof m->id, "5c868f0224084710a1e1%012x", i);
        snprintf(m->ecs_id, sizeof m->ecs_id, "1082720c-3c15-409c-9ae3-%012u", i);
        /* "APIG", then U+6D4B U+8BD5 (Chinese "test") for the escaped page */
        snprintf(m->ecs_name, sizeof m->ecs_name, *ascii ? "APIG\xe6\xb5\x8b\xe8\xaf\x95%02u" : "APIGtest%02u", i % 100);
        m->status = 1;
        snprintf(m->vpc_channel_id, sizeof m->vpc_channel_id, "105c6902457144a4820dff8b1ad63331");
        m->weight = (int32_t)(i % 101);
    }
    return true;
}
