/* SPDX-License-Identifier: MIT */
/*
 * bench_apig: apig's decode + validate and encode, beside
 *   jsmn-tokenize  jsmn alone, built as apig builds it (same flags,
 *                  JSMN_STATIC, JSMN_STRICT, JSMN_PARENT_LINKS, here inlined
 *                  into its one caller) over a token array of the size
 *                  apig gets: the floor of decoding;
 *   memcpy         the hand-written writer (writer.c): the floor of encoding.
 * Built twice: with the schema's capacity (VPCM_MEMBERS_MAX 200) for every
 * body but `1000`, and with -DVPCM_MEMBERS_MAX=1000 (the generated tables
 * compiled along) for the `1000` rows. Public API only: apig/apig.h and
 * the generated header.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h"

#include "harness.h"

/* The deep body nests to apig's depth limit exactly. */
_Static_assert(APIG_CFG_MAX_DEPTH == BENCH_MAX_DEPTH, "BENCH_MAX_DEPTH is apig's depth limit");

/* The token array: the schema's budget, or what the deep body needs
 * (bench_body.token_cap), whichever is larger. */
#define TOKENS_ROOM (VPCM_MAX_TOKENS > BENCH_DEEP_TOKENS ? VPCM_MAX_TOKENS : BENCH_DEEP_TOKENS)

static apig_token tokens[TOKENS_ROOM];
static jsmntok_t jtokens[TOKENS_ROOM];
static size_t token_cap;
static apig_error error;
static apig_decoder decoder;
static vpcm_vpc_member_create request;
static vpcm_vpc_member_page page;
static const bench_page *floor_page;
static unsigned style;
static bool ascii_style;

static void token_budget(const bench_body *b)
{
    token_cap = b->token_cap ? b->token_cap : VPCM_MAX_TOKENS;
    if (token_cap > TOKENS_ROOM) {
        fprintf(stderr, "bench_apig: body %s needs %zu tokens, room for %d\n", b->name, token_cap, TOKENS_ROOM);
        exit(1);
    }
}

/* ---- jsmn-tokenize ---- */
static void jsmn_prepare(const bench_body *b)
{
    token_budget(b);
}
static int jsmn_decode(const char *text, size_t len)
{
    jsmn_parser p;
    jsmn_init(&p);
    return jsmn_parse(&p, text, len, jtokens, (unsigned)token_cap) < 0;
}

/* ---- apig ---- */
static void apig_prepare(const bench_body *b)
{
    token_budget(b);
    apig_decoder_init(&decoder, tokens, token_cap, &error, 1);
}
static int apig_decode_body(const char *text, size_t len)
{
    return vpcm_vpc_member_create_decode(&decoder, text, len, &request) != 0;
}
static void apig_decoded(bench_create *out)
{
    out->has_members = request.has_members;
    out->members_count = out->members_seen = request.members_count;
    for (uint32_t i = 0; i < request.members_count && i < BENCH_MEMBERS_CAP; i++) {
        const vpcm_member_info *s = &request.members[i];
        bench_member *m = &out->members[i];
        m->has_host = s->has_host, m->has_weight = s->has_weight;
        m->has_ecs_id = s->has_ecs_id, m->has_ecs_name = s->has_ecs_name;
        m->weight = s->weight;
        snprintf(m->host, sizeof m->host, "%s", s->host);
        snprintf(m->ecs_id, sizeof m->ecs_id, "%s", s->ecs_id);
        snprintf(m->ecs_name, sizeof m->ecs_name, "%s", s->ecs_name);
    }
}

#define COPY(field) memcpy(d->field, s->field, sizeof d->field)
static bool apig_encode_prepare(const bench_page *p, bool ascii)
{
    if (p->members_count > VPCM_MEMBERS_MAX)
        return false;
    page.has_size = p->has_size, page.has_total = p->has_total, page.has_members = p->has_members;
    page.size = p->size, page.total = p->total, page.members_count = p->members_count;
    for (uint32_t i = 0; i < p->members_count; i++) {
        const bench_page_member *s = &p->members[i];
        vpcm_vpc_member_info *d = &page.members[i];
        d->has_host = s->has_host, d->has_weight = s->has_weight, d->has_ecs_id = s->has_ecs_id;
        d->has_ecs_name = s->has_ecs_name, d->has_id = s->has_id, d->has_status = s->has_status;
        d->has_vpc_channel_id = s->has_vpc_channel_id, d->has_create_time = s->has_create_time;
        d->weight = s->weight, d->status = s->status;
        COPY(host), COPY(ecs_id), COPY(ecs_name), COPY(id), COPY(vpc_channel_id), COPY(create_time);
    }
    style = ascii ? APIG_STYLE_COMPACT | APIG_STYLE_ASCII : APIG_STYLE_COMPACT;
    return true;
}
static size_t apig_encode_page(char *buf, size_t cap)
{
    return vpcm_vpc_member_page_encode(&page, style, buf, cap, &error);
}

/* ---- memcpy ---- */
static bool memcpy_prepare(const bench_page *p, bool ascii)
{
    floor_page = p;
    ascii_style = ascii;
    return true;
}
static size_t memcpy_encode(char *buf, size_t cap)
{
    (void)cap; /* no bounds: the floor */
    return bench_memcpy_write(floor_page, ascii_style, buf);
}

static const bench_impl impls[] = {
    {"apig", apig_prepare, apig_decode_body, apig_decoded, apig_encode_prepare, apig_encode_page},
    {"jsmn-tokenize", jsmn_prepare, jsmn_decode, NULL, NULL, NULL},
    {"memcpy", NULL, NULL, NULL, memcpy_prepare, memcpy_encode},
};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, impls, sizeof impls / sizeof impls[0], VPCM_MEMBERS_MAX);
}
