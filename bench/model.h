/* SPDX-License-Identifier: MIT */
/*
 * model.h - what every bench binary shares: the bodies it decodes, the page
 * it encodes, and the plain structs (shaped like apig's generated ones) that
 * the peers fill and write from. C11, and C++ for bench_simdjson.cpp; the
 * functions are compiled once, as C (bodies.c, checks.c, writer.c).
 *
 * Nothing here is apig's: the peers never see apig's headers, and apig's
 * bench (bench_apig.c) converts to and from these structs only outside the
 * measured loops.
 */
#ifndef APIG_BENCH_MODEL_H
#define APIG_BENCH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest body any row uses (the `1000` rows). */
#define BENCH_MEMBERS_CAP 1000
/* apig's default capacity (VPCM_MEMBERS_MAX): the checks' capacity for
 * every body but `1000`, whose rows run apig built with 1000. */
#define BENCH_DEFAULT_CAPACITY 200
/* APIG_CFG_MAX_DEPTH's default: the `deep` body nests to exactly this. */
#define BENCH_MAX_DEPTH 32
/* The token array the `deep` body needs (bench_body.token_cap): each
 * member's unknown object takes 2 tokens a level (key, object) and the rest
 * of a member at most 8; the schema's budget (24 a member) does not fit. */
#define BENCH_DEEP_LEVELS (BENCH_MAX_DEPTH - 3)
#define BENCH_DEEP_TOKENS ((2 * BENCH_DEEP_LEVELS + 8) * BENCH_DEFAULT_CAPACITY + 64)
/* Room for any body or encoded page of the bench. */
#define BENCH_TEXT_CAP (1u << 21)

/* ---- decode: VpcMemberCreate, as the peers extract it ------------------- */

/* Extraction faults the parsers report and the checks turn into errors. */
#define BENCH_BAD_TYPE 0x1u      /* a field (or item) of the wrong JSON type */
#define BENCH_BAD_INTEGER 0x2u   /* weight a number, but not an integer literal */
#define BENCH_BAD_DUPLICATE 0x4u /* a known key twice in one object */
#define BENCH_BAD_TOO_LONG 0x8u  /* a string with more bytes than its buffer */

/* MemberInfo, sized like vpcm_member_info (host 255 characters x 4 bytes,
 * ecs_id 64 x 1, ecs_name 64 x 3, each + NUL), plus the byte lengths. */
typedef struct bench_member {
    bool has_host, has_weight, has_ecs_id, has_ecs_name;
    unsigned bad; /* BENCH_BAD_* */
    int64_t weight;
    uint32_t host_len, ecs_id_len, ecs_name_len;
    char host[1021];
    char ecs_id[65];
    char ecs_name[193];
} bench_member;

typedef struct bench_create {
    bool has_members;
    unsigned bad;            /* BENCH_BAD_TYPE: root or members of the wrong type */
    uint32_t members_count;  /* items stored */
    uint32_t members_seen;   /* items in the body (> capacity: the capacity error) */
    bench_member members[BENCH_MEMBERS_CAP];
} bench_create;

/* The bodies, by the name the table gives them. */
typedef struct bench_body {
    const char *name;     /* "2", "20", "200", "1000", "200-escaped", ... */
    unsigned members;
    unsigned capacity;    /* the capacity apig is built with for this row */
    size_t token_cap;     /* the token array this body needs (0: the schema's) */
} bench_body;

extern const bench_body bench_bodies[];
extern const size_t bench_body_count;
const bench_body *bench_body_find(const char *name);

/* Writes body `b` into buf (cap >= BENCH_TEXT_CAP) and returns its length;
 * *expect (if not NULL) receives the struct every peer must extract. */
size_t bench_body_make(const bench_body *b, char *buf, size_t cap, bench_create *expect);

/* Invalid bodies the peers are asked to refuse at start-up (informational,
 * but the first one, weight 101, must be refused by every one). */
typedef struct bench_reject {
    const char *what;
    const char *body;
} bench_reject;
extern const bench_reject bench_rejects[];
extern const size_t bench_reject_count;

/* 0 when the two structs hold the same message; else the index + 1 of the
 * first member that differs (or 1 for the counts), and a note in why. */
size_t bench_create_diff(const bench_create *a, const bench_create *b, const char **why);

/* ---- encode: VpcMemberPage ------------------------------------------------ */

/* VpcMemberInfo, sized like vpcm_vpc_member_info. */
typedef struct bench_page_member {
    bool has_host, has_weight, has_ecs_id, has_ecs_name;
    bool has_id, has_status, has_vpc_channel_id, has_create_time;
    char host[1021];
    int32_t weight;
    char ecs_id[65];
    char ecs_name[193];
    char id[65];
    int32_t status;
    char vpc_channel_id[65];
    char create_time[36];
} bench_page_member;

typedef struct bench_page {
    bool has_size, has_total, has_members;
    int32_t size;
    int64_t total;
    uint32_t members_count;
    bench_page_member members[BENCH_MEMBERS_CAP];
} bench_page;

/* The page an encode body names: "N" (N members, like the schema's
 * response-201 example, every field set) or "200-escaped" (the same, with
 * non-ASCII ecs_names, written with \uXXXX escapes: the ASCII style).
 * Returns false for a body that has no encode rows. */
bool bench_page_make(const char *body, bench_page *p, bool *ascii);

/* The floor: a hand-written writer of the page, compact, in the schema's
 * field order, memcpy of keys and values, no checks and no bounds (buf must
 * hold the page). ascii: non-ASCII written as \uXXXX (surrogate pairs).
 * Returns the length written (no NUL). */
size_t bench_memcpy_write(const bench_page *p, bool ascii, char *buf);

#ifdef __cplusplus
}
#endif

#endif
