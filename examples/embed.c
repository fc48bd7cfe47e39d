/* SPDX-License-Identifier: MIT */
/*
 * embed.c - the README's embedding example, built and run by `make test` so
 * that it stays true. A request handler as a gateway would write it: decode
 * and validate the body, answer 400 with the service's error body, or act on
 * the members.
 */
#include <stdio.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h" /* generated from schemas/ */

static apig_token tokens[VPCM_MAX_TOKENS]; /* caller-owned, reusable */
static vpcm_vpc_member_create req;          /* fixed-size struct */

/* Returns the HTTP status; writes the error body into reply on failure. */
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
    reply[0] = '\0';
    return 201;
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

    char reply[VPCM_ERROR_MSG_ENCODED_MAX + 1];
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        int status = handle(&d, bodies[i], strlen(bodies[i]), reply, sizeof reply);
        printf("%d %s\n", status, reply);
    }
    return 0;
}
