/* bench_apig: apig's strict JSON layer, decode + validate and encode, beside
 * jsmn's own tokenizer (the floor apig is measured against). */
#include "harness.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <apig/apig.h>
#include "add_backend_instances_v2.h"

static apig_token tokens[APIG_CFG_MAX_TOKENS];
static jsmntok_t jtokens[APIG_CFG_MAX_TOKENS];
static apig_vpc_member_create request;
static char encoded[APIG_VPC_MEMBER_CREATE_ENCODED_MAX + 1];

static void run_jsmn(const char *b, size_t n)
{
    jsmn_parser p;
    jsmn_init(&p);
    sink += (size_t)jsmn_parse(&p, b, n, jtokens, APIG_CFG_MAX_TOKENS);
}
static void run_apig_json(const char *b, size_t n)
{
    sink += apig_json_parse(b, n, tokens, APIG_CFG_MAX_TOKENS, NULL, 0).token_count;
}
static void run_apig_decode(const char *b, size_t n)
{
    apig_error e;
    if (apig_vpc_member_create_decode(b, n, tokens, APIG_CFG_MAX_TOKENS, NULL, &request, &e, 1) != 0) {
        fprintf(stderr, "bench: body rejected: %s\n", e.message);
        exit(1);
    }
    sink += request.members_count;
}
static void run_apig_encode(const char *b, size_t n)
{
    (void)b, (void)n;
    apig_error e;
    sink += apig_vpc_member_create_encode(&request, APIG_STYLE_COMPACT, encoded, sizeof encoded, &e);
}

static const workload workloads[] = {
    {"jsmn-tokenize", run_jsmn},
    {"apig-json-strict", run_apig_json},
    {"apig-decode-validate", run_apig_decode},
    {"apig-encode", run_apig_encode},
};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, workloads, sizeof workloads / sizeof workloads[0],
                      APIG_CFG_MEMBERS_MAX, run_apig_decode);
}
