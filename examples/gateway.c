/* SPDX-License-Identifier: MIT */
/*
 * gateway.c - two schemas in one program: the bundled member family
 * (vpc_members.h, prefix vpcm) and a user's own operation
 * (examples/quota.yaml, prefix quota), routed from one table and
 * decoded by one decoder. Built and run by `make test`; its output is
 * examples/gateway.expected.
 */
#include <stdio.h>
#include <string.h>

#include <apig/apig.h>
#include "quota.h"       /* generated from examples/quota.yaml */
#include "vpc_members.h" /* generated from schemas/vpc_members.yaml */

/* Every operation this gateway serves, from both files. */
static const apig_operation *const routes[] = {
    &vpcm_add_backend_instances_v2_op,
    &vpcm_list_backend_instances_v2_op,
    &vpcm_delete_backend_instance_v2_op,
    &quota_get_quota_op,
};

/* Scratch and output, reused by every request (large: static, not stack). */
#define TOKENS (VPCM_MAX_TOKENS > QUOTA_MAX_TOKENS ? VPCM_MAX_TOKENS : QUOTA_MAX_TOKENS)
static apig_token tokens[TOKENS];
static union {
    vpcm_request vpcm;
    quota_request quota;
} parts;

static void answer_error(const apig_error *e)
{
    char body[1024];
    apig_error_encode(e, APIG_STYLE_COMPACT, body, sizeof body);
    printf("%d %s\n", e->status, body);
}

static void handle(const apig_decoder *d, const char *method, const char *target,
                   const char *body)
{
    static const apig_header token = {"X-Auth-Token", 12, "t0k3n", 5};
    printf("%s %s -> ", method, target);
    apig_route r;
    switch (apig_route_find(routes, sizeof routes / sizeof routes[0], method, strlen(method),
                            target, strlen(target), &r)) {
    case APIG_ROUTE_NO_PATH:
        printf("404\n");
        return;
    case APIG_ROUTE_NO_METHOD: {
        char allow[64];
        apig_methods_text(r.allowed, allow, sizeof allow);
        printf("405 Allow: %s\n", allow);
        return;
    }
    case APIG_ROUTE_FOUND:
        break;
    }
    apig_http_request rq = {method, strlen(method), target, strlen(target), &token, 1,
                            body, body ? strlen(body) : 0};
    if (apig_request_decode(d, r.operation, &rq, &parts) != 0) {
        answer_error(&d->errors[0]);
        return;
    }
    if (r.operation == &vpcm_add_backend_instances_v2_op) {
        const vpcm_add_backend_instances_v2_request *p = &parts.vpcm.add_backend_instances_v2;
        printf("201 add %u member(s) to channel %s\n", (unsigned)p->body.members_count,
               p->path.vpc_channel_id);
    } else if (r.operation == &vpcm_list_backend_instances_v2_op) {
        const vpcm_list_backend_instances_v2_request *p = &parts.vpcm.list_backend_instances_v2;
        printf("200 list channel %s from %lld, %d per page\n", p->path.vpc_channel_id,
               (long long)p->query.offset, (int)p->query.limit);
    } else if (r.operation == &vpcm_delete_backend_instance_v2_op) {
        printf("204 remove member %s\n", parts.vpcm.delete_backend_instance_v2.path.member_id);
    } else {
        const quota_get_quota_request *p = &parts.quota.get_quota;
        printf("200 quota of %s in %s\n", p->path.tenant, p->query.unit);
    }
}

int main(void)
{
    apig_error error;
    apig_decoder d;
    apig_decoder_init(&d, tokens, TOKENS, &error, 1);

    handle(&d, "POST", "/v2/p1/apigw/instances/i1/vpc-channels/c1/members",
           "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1}]}");
    handle(&d, "GET", "/v2/p1/apigw/instances/i1/vpc-channels/c1/members?limit=600&offset=-3",
           NULL);
    handle(&d, "DELETE", "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/m1", NULL);
    handle(&d, "GET", "/v1/acme/quota", NULL);
    handle(&d, "GET", "/v1/acme/quota?unit=bytes", NULL);
    handle(&d, "GET", "/v1/acme/quota?unit=kilos", NULL);
    handle(&d, "GET", "/v1/ACME/quota", NULL);
    handle(&d, "PATCH", "/v2/p1/apigw/instances/i1/vpc-channels/c1/members", NULL);
    handle(&d, "GET", "/v3/elsewhere", NULL);
    return 0;
}
