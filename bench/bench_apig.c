/* bench_apig: apig's strict JSON layer, decode + validate and encode, beside
 * jsmn's own tokenizer (the floor apig is measured against). */
#include "harness.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <apig/apig.h>
#include "vpc_members.h"

static apig_token tokens[VPCM_MAX_TOKENS];
static jsmntok_t jtokens[VPCM_MAX_TOKENS];
static vpcm_vpc_member_create request;
static char encoded[VPCM_VPC_MEMBER_CREATE_ENCODED_MAX + 1];

static void run_jsmn(const char *b, size_t n)
{
    jsmn_parser p;
    jsmn_init(&p);
    sink += (size_t)jsmn_parse(&p, b, n, jtokens, VPCM_MAX_TOKENS);
}
static void run_apig_json(const char *b, size_t n)
{
    sink += apig_json_parse(b, n, tokens, VPCM_MAX_TOKENS, NULL, 0).token_count;
}
static void run_apig_decode(const char *b, size_t n)
{
    apig_error e;
    apig_decoder d;
    apig_decoder_init(&d, tokens, VPCM_MAX_TOKENS, &e, 1);
    if (vpcm_vpc_member_create_decode(&d, b, n, &request) != 0) {
        char message[512];
        apig_error_message(&e, message, sizeof message);
        fprintf(stderr, "bench: body rejected: %s\n", message);
        exit(1);
    }
    sink += request.members_count;
}
static void run_apig_encode(const char *b, size_t n)
{
    (void)b, (void)n;
    apig_error e;
    sink += vpcm_vpc_member_create_encode(&request, APIG_STYLE_COMPACT, encoded, sizeof encoded, &e);
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
                      VPCM_MEMBERS_MAX, run_apig_decode);
}
