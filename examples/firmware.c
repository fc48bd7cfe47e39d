/* SPDX-License-Identifier: MIT */
/*
 * firmware.c - apig in gateway firmware: the "add backend instances" body,
 * decoded and checked in static memory sized at build time, answered with
 * 201 or the service's error body in a fixed buffer.
 *
 * Built with the firmware configuration (the Makefile's FIRMWARE_CFG, the
 * same values for the runtime and the tables, which it compiles with this
 * file):
 *   -DVPCM_MEMBERS_MAX=16        a dedicated gateway's quota is 10: 16 fits it
 *   -DVPCM_MAX_TOKENS=160        see `tokens` below
 *   -DAPIG_CFG_MAX_BODY_BYTES=2048 -DAPIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX
 *                                bodies up to 2 KiB: what the receive buffer
 *                                holds (a full body of 16 members with every
 *                                string at its longest would not fit, and is
 *                                refused as too large)
 *   FIRMWARE_VIEWS=1             strings as views into the body, generated
 *                                with `apig-gen --string-storage view`; 0
 *                                (until views land): inline char arrays
 * `make test` runs it on the host and compares its output with
 * firmware.expected, twice: built from the sources as above, and against
 * an installed apig (make test-install: the installed apig-gen makes the
 * tables again from the installed schema, with these values; the runtime is
 * the installed libapig, built with the defaults, which these values do not
 * concern but for APIG_CFG_SMALL_CODE, only smaller code). `make size`
 * builds the handler alone for Cortex-M4 (FIRMWARE_BARE: no stdio, the
 * entry point below instead of main) and measures what it links.
 */
#include <stddef.h>
#include <string.h>

#include <apig/apig.h>
#include "vpc_members.h" /* generated from schemas/vpc_members.yaml */

#ifndef FIRMWARE_VIEWS
#define FIRMWARE_VIEWS 0
#endif

/* A decoded string as (length, pointer), for "%.*s" or memcpy: a view
 * points into the body; an inline string is NUL-terminated in the struct. */
#if FIRMWARE_VIEWS
#define STR_LEN(s) ((s).len)
#define STR_PTR(s) ((s).ptr)
#else
#define STR_LEN(s) strlen(s)
#define STR_PTR(s) ((const char *)(s))
#endif

/* Everything the handler uses is static: its size is known at link time
 * and nothing grows at run time. A full request of 16 members with every
 * field is 3 + 16 x 9 = 147 tokens; one more (the first token of a 17th
 * member) lets a body with too many members get the capacity error
 * (403 APIG.3110) instead of "too many tokens", and 12 more leave room for
 * six unknown fields with scalar values, which the service ignores. */
static apig_token tokens[VPCM_MAX_TOKENS];
static apig_error error; /* one error: the one the service answers with */
static apig_decoder decoder;
static vpcm_vpc_member_create request;

void firmware_init(void);
int handle(char *body, size_t len, char *reply, size_t cap);

void firmware_init(void)
{
    apig_decoder_init(&decoder, tokens, VPCM_MAX_TOKENS, &error, 1);
    /* The channel's members are IP addresses: host is required and must
     * be one. */
    decoder.context.values[VPCM_CTX_MEMBER_TYPE] = VPCM_CTX_MEMBER_TYPE_IP;
}

/*
 * Decodes the body of an "add backend instances" request (len bytes at
 * body, the receive buffer: with views, strings with escapes are unescaped
 * in it, in place, so no arena is needed) into `request`. Returns 201, with
 * reply "", or the error's status with the service's error body in reply;
 * 500 with reply "" if that does not fit in cap bytes.
 */
int handle(char *body, size_t len, char *reply, size_t cap)
{
#if FIRMWARE_VIEWS
    size_t errors = apig_decode_in_place(&decoder, &vpcm_vpc_member_create_desc, body, len,
                                         &request);
#else
    size_t errors = vpcm_vpc_member_create_decode(&decoder, body, len, &request);
#endif
    if (errors == 0) {
        if (cap > 0)
            reply[0] = '\0';
        return 201;
    }
    if (apig_error_encode(&error, APIG_STYLE_COMPACT, reply, cap) >= cap) {
        if (cap > 0)
            reply[0] = '\0';
        return 500;
    }
    return error.status;
}

#ifdef FIRMWARE_BARE
/* The Cortex-M build: no C library start-up and no main; the linker keeps
 * what this entry point reaches (-e firmware_entry, --gc-sections), which
 * is what the handler needs. The receive loop stands in for the transport:
 * `received` is volatile so that nothing is folded away. */
void firmware_entry(void);
static char rx[2048];
static char tx[512];
static volatile size_t received;
static volatile int answered;

void firmware_entry(void)
{
    firmware_init();
    for (;;)
        answered = handle(rx, received, tx, sizeof tx);
}
#else
#include <stdio.h>

/* The receive buffer: a body is read into it, and decoded there. */
static char rx[2048];
/* The error body: the catalog message with a field name, well under this
 * (apig_error_encode follows snprintf, so the handler sees if not). */
static char tx[512];

static void run(const char *name, const char *body, size_t len)
{
    memcpy(rx, body, len);
    int status = handle(rx, len, tx, sizeof tx);
    printf("%s: %d%s%s\n", name, status, tx[0] ? " " : "", tx);
    if (status != 201)
        return;
    for (uint32_t i = 0; i < request.members_count; i++) {
        const vpcm_member_info *m = &request.members[i];
        printf("  backend %.*s weight %d%s%.*s\n", (int)STR_LEN(m->host), STR_PTR(m->host),
               m->has_weight ? (int)m->weight : 1, m->has_ecs_name ? " name " : "",
               m->has_ecs_name ? (int)STR_LEN(m->ecs_name) : 0,
               m->has_ecs_name ? STR_PTR(m->ecs_name) : "");
    }
}

static void run_text(const char *name, const char *body)
{
    run(name, body, strlen(body));
}

int main(void)
{
    firmware_init();
    run_text("valid", "{\"members\":[{\"host\":\"192.168.2.25\",\"weight\":1},{\"host\":\"::1\"}]}");
    /* "10.0.0.\u0039" is 10.0.0.9; the name is U+4E00 and "-gw" */
    run_text("escapes", "{\"members\":[{\"host\":\"10.0.0.\\u0039\",\"weight\":7,"
                        "\"ecs_name\":\"\\u4e00-gw\"}]}");
    run_text("bad weight", "{\"members\":[{\"host\":\"10.0.0.1\",\"weight\":101}]}");
    run_text("malformed", "{\"members\":[{\"host\":\"10.0.0.1\"},]}");

    /* 17 members, every field given: one more than the capacity */
    static char body[2048];
    size_t len = 0;
    memcpy(body, "{\"members\":[", 12);
    len = 12;
    for (int i = 0; i < 17; i++) {
        char member[96];
        int n = snprintf(member, sizeof member,
                         "%s{\"host\":\"10.0.1.%d\",\"weight\":%d,\"ecs_id\":\"e%d\",\"ecs_name\":\"n%d\"}",
                         i ? "," : "", i, i, i, i);
        memcpy(body + len, member, (size_t)n);
        len += (size_t)n;
    }
    memcpy(body + len, "]}", 2);
    len += 2;
    run("17 members", body, len);
    return 0;
}
#endif
