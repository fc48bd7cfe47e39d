/* SPDX-License-Identifier: MIT */
/*
 * embed.c - the README's embedding example, built and run by `make test` so
 * that it stays true (in the tree, and against the installed copy through
 * pkg-config: make test-install). A request handler as a gateway would
 * write it: decode and validate the body, answer 400 with the service's
 * error body, or act on the members and answer 201 with the page of
 * members added, as the service does.
 *
 *   cc embed.c $(pkg-config --cflags --libs --static apig apig-schemas)
 */
#include <stdio.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h" /* generated from schemas/ */

static apig_token tokens[VPCM_MAX_TOKENS]; /* caller-owned, reusable */
static vpcm_vpc_member_create req;          /* fixed-size struct */
static vpcm_vpc_member_page page;           /* the 201 answer, as fixed */

/* The 201 answer: the members added, as the service lists them (each with
 * its new id, the channel, its status and when), encoded into reply. */
static int created(const vpcm_vpc_member_create *in, const char *channel, char *reply, size_t cap)
{
    page.has_total = page.has_size = page.has_members = true;
    page.total = page.size = (int32_t)in->members_count;
    page.members_count = in->members_count;
    for (uint32_t i = 0; i < in->members_count; i++) {
        const vpcm_member_info *m = &in->members[i];
        vpcm_vpc_member_info *out = &page.members[i];
        memset(out, 0, sizeof *out);
        out->has_host = m->has_host;
        snprintf(out->host, sizeof out->host, "%s", m->host);
        out->has_ecs_id = m->has_ecs_id;
        snprintf(out->ecs_id, sizeof out->ecs_id, "%s", m->ecs_id);
        out->has_ecs_name = m->has_ecs_name;
        snprintf(out->ecs_name, sizeof out->ecs_name, "%s", m->ecs_name);
        out->has_weight = true;
        out->weight = m->has_weight ? m->weight : 1;
        out->has_id = out->has_status = out->has_vpc_channel_id = out->has_create_time = true;
        snprintf(out->id, sizeof out->id, "%032x", (unsigned)i + 1);
        out->status = 1; /* normal */
        snprintf(out->vpc_channel_id, sizeof out->vpc_channel_id, "%s", channel);
        snprintf(out->create_time, sizeof out->create_time, "2026-01-01T00:00:00Z");
    }
    /* Encoders check what they write as the decoder would read it: a page
     * apig_encode writes is one a client decodes. */
    if (vpcm_vpc_member_page_encode(&page, APIG_STYLE_COMPACT, reply, cap, NULL) >= cap) {
        reply[0] = '\0';
        return 500;
    }
    return 201;
}

/* Returns the HTTP status; writes the answer's body into reply. */
static int handle(const apig_decoder *d, const char *body, size_t len, char *reply, size_t cap)
{
    const apig_error *err = &d->errors[0];
    if (vpcm_vpc_member_create_decode(d, body, len, &req) != 0) {
        /* err->status 400, err->code "APIG.2004", err->param "weight",
         * err->path "members[0].weight", err->offset: the byte in the body
         * (err owns its text: it outlives body). The message is worded
         * only when read: here, into the error body; apig_error_message
         * writes it alone. */
        apig_error_encode(err, APIG_STYLE_COMPACT, reply, cap);
        return err->status;
    }
    for (uint32_t i = 0; i < req.members_count; i++)
        printf("add backend %s weight %d\n", req.members[i].host,
               req.members[i].has_weight ? (int)req.members[i].weight : 1);
    return created(&req, "56a7d7358e1b42459c9d730d65b14e59", reply, cap);
}

int main(void)
{
    static const char *const bodies[] = {
        "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1},{\"host\":\"::1\"}]}",
        "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":101}]}",
    };
    /* Set up once: scratch tokens, room for one error (the one the service
     * answers with), and what you know of the channel (optional). */
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &err, 1);
    apig_context_set(&d.context, &vpcm_schema, "member_type", 11, "ip", 2);

    /* The largest answer: a full page (an error body is smaller). */
    static char reply[VPCM_VPC_MEMBER_PAGE_ENCODED_MAX + 1];
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        int status = handle(&d, bodies[i], strlen(bodies[i]), reply, sizeof reply);
        printf("%d %s\n", status, reply);
    }
    return 0;
}
