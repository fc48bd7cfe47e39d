/* SPDX-License-Identifier: MIT */
/*
 * checks.h - the one hand-written check every decode peer applies (cJSON,
 * jansson, json-c, simdjson; never apig, which has its own), and the small
 * helpers they share to store what they extract into a bench_create.
 *
 * A peer's job per body: parse with its library, walk the tree (or the
 * On-Demand stream), store each known field into bench_create through the
 * helpers below (which note wrong types, duplicates and non-integer
 * weights as the parser shows them), then call bench_check(), which applies
 * every rule of shared/spec/README.md that the parsers do not:
 *
 *   members required, at least 1, at most `capacity`  (APIG.2001, 3110)
 *   each item an object; host, ecs_id, ecs_name strings; weight an
 *     integer literal                                   (APIG.2012)
 *   weight 0..100                                       (APIG.2004)
 *   host 1..255, ecs_id 1..64, ecs_name 1..64 characters, counted in
 *     Unicode characters                                (APIG.2005, 2006)
 *   ecs_id: letters, digits, - _; ecs_name: the same, ".", and
 *     U+4E00..U+9FA5                                    (APIG.2012)
 *   the same known key twice in one object              (APIG.2012)
 *   UTF-8 validity of every string it reads             (APIG.2000)
 *     (and, with bench_utf8_valid, of the whole text for a parser that
 *     checks none: cJSON)
 *   context, when given: member_type ip: host required and an IPv4 or
 *     IPv6 literal (inet_pton); instance: ecs_id required (APIG.2001, 2015)
 *
 * Nesting deeper than BENCH_MAX_DEPTH (APIG.2000) is the parser's limit
 * where it has one to set (json-c, simdjson), else the peer's walk checks
 * it (cJSON, jansson: bench_too_deep in their files).
 *
 * The bench runs without context, as bench_apig.c runs apig. What a parser
 * cannot tell after parsing (cJSON: 1e2 or 100.0 from 100, trailing bytes
 * unless asked; json-c: duplicate keys) is said in that peer's file, and
 * the start-up self-check lists what each peer lets through.
 */
#ifndef APIG_BENCH_CHECKS_H
#define APIG_BENCH_CHECKS_H

#include <string.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* bench_check's answers (0: valid), one per catalog entry a rule reports. */
enum {
    BENCH_OK = 0,
    BENCH_E_SYNTAX,   /* the parser refused the text, or a string is not UTF-8 */
    BENCH_E_REQUIRED, /* APIG.2001 */
    BENCH_E_TYPE,     /* APIG.2012: type, integer literal, duplicate, charset */
    BENCH_E_RANGE,    /* APIG.2004 */
    BENCH_E_SHORT,    /* APIG.2005 */
    BENCH_E_LONG,     /* APIG.2006 */
    BENCH_E_CHARSET,  /* APIG.2012 */
    BENCH_E_FORMAT,   /* APIG.2015 */
    BENCH_E_CAPACITY  /* APIG.3110 */
};

/* member_type context. */
enum { BENCH_CTX_NONE = 0, BENCH_CTX_IP, BENCH_CTX_INSTANCE };

/* The check: every rule above on a struct the peer filled. */
int bench_check(const bench_create *c, unsigned capacity, int member_type);

/* For a parser that checks no UTF-8 (cJSON): the whole text, once. */
bool bench_utf8_valid(const char *text, size_t n);

/* ---- extraction helpers (inline: they are part of each peer's walk) ---- */

/* The known fields of MemberInfo. */
enum { BENCH_F_HOST, BENCH_F_WEIGHT, BENCH_F_ECS_ID, BENCH_F_ECS_NAME, BENCH_F_UNKNOWN };

static inline int bench_member_field(const char *k, size_t n)
{
    switch (n) {
    case 4:
        return memcmp(k, "host", 4) == 0 ? BENCH_F_HOST : BENCH_F_UNKNOWN;
    case 6:
        if (memcmp(k, "weight", 6) == 0)
            return BENCH_F_WEIGHT;
        return memcmp(k, "ecs_id", 6) == 0 ? BENCH_F_ECS_ID : BENCH_F_UNKNOWN;
    case 8:
        return memcmp(k, "ecs_name", 8) == 0 ? BENCH_F_ECS_NAME : BENCH_F_UNKNOWN;
    default:
        return BENCH_F_UNKNOWN;
    }
}

static inline void bench_create_reset(bench_create *c)
{
    c->has_members = false;
    c->bad = 0;
    c->members_count = 0;
    c->members_seen = 0;
}

/* The next item of members: a cleared member, or NULL past `capacity`
 * (counted in members_seen all the same, for the capacity error). */
static inline bench_member *bench_member_next(bench_create *c, unsigned capacity)
{
    c->members_seen++;
    if (c->members_count >= capacity || c->members_count >= BENCH_MEMBERS_CAP)
        return NULL;
    bench_member *m = &c->members[c->members_count++];
    m->has_host = m->has_weight = m->has_ecs_id = m->has_ecs_name = false;
    m->bad = 0;
    return m;
}

/* Marks field f present; a second time is a duplicate. */
static inline void bench_member_seen(bench_member *m, int f)
{
    bool *has = f == BENCH_F_HOST ? &m->has_host : f == BENCH_F_WEIGHT ? &m->has_weight
              : f == BENCH_F_ECS_ID ? &m->has_ecs_id : &m->has_ecs_name;
    if (*has)
        m->bad |= BENCH_BAD_DUPLICATE;
    *has = true;
}

/* Stores string field f (already marked seen) from s[0..n). */
static inline void bench_member_string(bench_member *m, int f, const char *s, size_t n)
{
    char *dst;
    size_t size;
    uint32_t *len;
    switch (f) {
    case BENCH_F_HOST:
        dst = m->host, size = sizeof m->host, len = &m->host_len;
        break;
    case BENCH_F_ECS_ID:
        dst = m->ecs_id, size = sizeof m->ecs_id, len = &m->ecs_id_len;
        break;
    default:
        dst = m->ecs_name, size = sizeof m->ecs_name, len = &m->ecs_name_len;
        break;
    }
    if (n >= size) { /* more bytes than the most characters could take */
        m->bad |= BENCH_BAD_TOO_LONG;
        n = 0;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
    *len = (uint32_t)n;
}

#ifdef __cplusplus
}
#endif

#endif
