/* SPDX-License-Identifier: MIT */
/*
 * client.c - the caller's side of "add backend instances": write the
 * request body from a struct, then read the service's answer, a 201 page of
 * the members added or an error body, into structs. Built and run against
 * the installed copy by make test-install; its output is client.expected.
 *
 *   cc client.c $(pkg-config --cflags --libs --static apig apig-schemas)
 */
#include <stdio.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h" /* generated from schemas/vpc_members.yaml */

/* Large and fixed-size: static, not on the stack. */
static vpcm_vpc_member_create req;
static char body[VPCM_VPC_MEMBER_CREATE_ENCODED_MAX + 1]; /* any request fits */
static apig_token tokens[VPCM_MAX_TOKENS];                /* a full page fits */
static vpcm_vpc_member_page page;
static vpcm_error_msg failure;

static void add_host(const char *host, int weight)
{
    req.has_members = true;
    vpcm_member_info *m = &req.members[req.members_count++];
    memset(m, 0, sizeof *m);
    m->has_host = true;
    snprintf(m->host, sizeof m->host, "%s", host);
    m->has_weight = true;
    m->weight = weight;
}

/* Encodes the request, or says why it would not be sent. */
static void send_request(void)
{
    apig_error err;
    size_t n = vpcm_vpc_member_create_encode(&req, APIG_STYLE_COMPACT, body, sizeof body, &err);
    if (n == APIG_ENCODE_INVALID) {
        /* apig_encode refuses what apig_decode would: the service's error. */
        printf("not sent: %d %s at %s\n", err.status, err.code, err.path);
        return;
    }
    printf("POST /v2/p1/apigw/instances/i1/vpc-channels/c1/members\n%s\n", body);
}

/* Why an answer was not taken: the error, where, and its message. */
static void unreadable(int status, const apig_error *err)
{
    char message[APIG_CFG_PARAM_BYTES + 128]; /* always enough (error.h) */
    apig_error_message(err, message, sizeof message);
    printf("%d, unreadable: %s at %s: %s\n", status, err->code,
           err->path[0] ? err->path : "the body", message);
}

/* The service's answer, `status` and body: the page of members added, or
 * its error. An answer that is not what the service writes is not trusted. */
static void read_answer(const apig_decoder *d, int status, const char *text)
{
    const apig_error *err = &d->errors[0];
    if (status == 201) {
        if (vpcm_vpc_member_page_decode(d, text, strlen(text), &page) != 0) {
            unreadable(status, err);
            return;
        }
        printf("201: %lld member(s) added\n", (long long)page.total);
        for (uint32_t i = 0; i < page.members_count; i++) {
            const vpcm_vpc_member_info *m = &page.members[i];
            printf("  %s %s weight %d status %d since %s\n", m->id, m->host, (int)m->weight,
                   (int)m->status, m->create_time);
        }
        return;
    }
    if (vpcm_error_msg_decode(d, text, strlen(text), &failure) != 0) {
        unreadable(status, err);
        return;
    }
    printf("%d %s: %s\n", status, failure.error_code, failure.error_msg);
}

int main(void)
{
    /* The request: two members, written as the service reads them. */
    add_host("192.168.2.25", 1);
    add_host("192.168.2.26", 20);
    send_request();
    req.members[1].weight = 101; /* out of range: never sent */
    send_request();

    /* Reading the service's answers, by the rules it writes by
     * (APIG_AS_SERVICE: e.g. an ip-type member's address in ecs_id). */
    apig_error err;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &err, 1);
    d.options |= APIG_AS_SERVICE;
    read_answer(&d, 201,
                "{\n  \"total\" : 1,\n  \"size\" : 1,\n  \"members\" : [ {\n"
                "    \"create_time\" : \"2020-07-23T09:13:24Z\",\n"
                "    \"host\" : \"192.168.2.25\",\n"
                "    \"id\" : \"683b6807cad54122a6777ad047a6178e\",\n"
                "    \"status\" : 1,\n"
                "    \"vpc_channel_id\" : \"56a7d7358e1b42459c9d730d65b14e59\",\n"
                "    \"weight\" : 1\n  } ]\n}");
    read_answer(&d, 201,
                "{\"total\":1,\"size\":1,\"members\":[{\"host\":\"192.168.2.26\",\"weight\":20,"
                "\"ecs_id\":\"192.168.2.26\",\"ecs_name\":\"192.168.2.26\",\"is_backup\":false,"
                "\"id\":\"a57b13f1b89b417ca8acd76909e6df67\",\"status\":1,"
                "\"vpc_channel_id\":\"56a7d7358e1b42459c9d730d65b14e59\","
                "\"create_time\":\"2020-07-23T15:24:34+08:00\"}]}");
    read_answer(&d, 404,
                "{\"error_code\":\"APIG.3023\",\"error_msg\":\"The VPC channel does not "
                "exist,id:56a7d7358e1b42459c9d730d65b14e59\"}");
    read_answer(&d, 201, "{\"total\":1,\"size\":1,\"members\":[{\"weight\":200}]}");
    read_answer(&d, 500, "<html>Internal Server Error</html>");
    return 0;
}
