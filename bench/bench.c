/*
 * bench - what decoding a request costs, beside what parsing alone costs
 * with jsmn, cJSON, jansson and json-c.
 *
 *   bench [--members N] [--iters K] [--only NAME]
 *
 * Prints one line per workload: bytes of the body, nanoseconds per byte and
 * MB/s over K iterations. bench/run.sh runs each workload under callgrind
 * to get instructions per byte, which do not depend on machine load.
 * Not a test: nothing here asserts timings.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <cjson/cJSON.h>
#include <jansson.h>
#include <json-c/json.h>

#include <apig/apig.h>
#include "add_backend_instances_v2.h"

static apig_token tokens[APIG_CFG_MAX_TOKENS];
static jsmntok_t jtokens[APIG_CFG_MAX_TOKENS];
static apig_vpc_member_create request;
static char encoded[APIG_VPC_MEMBER_CREATE_ENCODED_MAX + 1];
static volatile size_t sink;

/* A realistic body: N members alternating ip and ecs style, like the
 * document's two examples. */
static size_t make_body(char *buf, size_t cap, int members)
{
    size_t n = (size_t)snprintf(buf, cap, "{\"members\":[");
    for (int i = 0; i < members; i++)
        n += (size_t)snprintf(buf + n, cap - n,
                              i % 2 ? "%s{\"ecs_id\":\"1082720c-3c15-409c-9ae3-%012d\",\"ecs_name\":\"APIGtest%02d\",\"weight\":%d}"
                                    : "%s{\"host\":\"192.168.%d.%d\",\"weight\":%d}",
                              i ? "," : "", i % 2 ? i : i / 250, i % 2 ? i % 100 : i % 250, i % 101);
    n += (size_t)snprintf(buf + n, cap - n, "]}");
    return n;
}

static void run_jsmn(const char *b, size_t n)
{
    jsmn_parser p;
    jsmn_init(&p);
    sink += (size_t)jsmn_parse(&p, b, n, jtokens, APIG_CFG_MAX_TOKENS);
}
static void run_apig_json(const char *b, size_t n)
{
    apig_json_result r = apig_json_parse(b, n, tokens, APIG_CFG_MAX_TOKENS, NULL, 0);
    sink += r.token_count;
}
static void run_apig_decode(const char *b, size_t n)
{
    apig_error e;
    sink += apig_vpc_member_create_decode(b, n, tokens, APIG_CFG_MAX_TOKENS, NULL, &request, &e, 1);
    if (request.members_count == 0)
        abort();
}
static void run_apig_encode(const char *b, size_t n)
{
    (void)b;
    (void)n;
    apig_error e;
    sink += apig_vpc_member_create_encode(&request, APIG_STYLE_COMPACT, encoded, sizeof encoded, &e);
}
static void run_cjson(const char *b, size_t n)
{
    cJSON *j = cJSON_ParseWithLength(b, n);
    sink += j != NULL;
    cJSON_Delete(j);
}
static void run_jansson(const char *b, size_t n)
{
    json_error_t err;
    json_t *j = json_loadb(b, n, 0, &err);
    sink += j != NULL;
    json_decref(j);
}
static void run_jsonc(const char *b, size_t n)
{
    struct json_tokener *t = json_tokener_new();
    struct json_object *j = json_tokener_parse_ex(t, b, (int)n);
    sink += j != NULL;
    json_object_put(j);
    json_tokener_free(t);
}

static const struct {
    const char *name;
    void (*run)(const char *, size_t);
} workloads[] = {
    {"jsmn-tokenize", run_jsmn},
    {"apig-json-strict", run_apig_json},
    {"apig-decode-validate", run_apig_decode},
    {"apig-encode", run_apig_encode},
    {"cjson-parse", run_cjson},
    {"jansson-parse", run_jansson},
    {"json-c-parse", run_jsonc},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int members = APIG_CFG_MEMBERS_MAX, iters = 2000;
    const char *only = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--members"))
            members = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--iters"))
            iters = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--only"))
            only = argv[i + 1];
        else
            return fprintf(stderr, "usage: bench [--members N] [--iters K] [--only NAME]\n"), 2;
    }
    if (members < 1 || members > APIG_CFG_MEMBERS_MAX || iters < 0)
        return fprintf(stderr, "bench: members 1..%d, iters >= 0\n", APIG_CFG_MEMBERS_MAX), 2;
    static char body[1 << 20];
    size_t n = make_body(body, sizeof body, members);
    run_apig_decode(body, n); /* also fills the struct the encoder writes */

    for (size_t w = 0; w < sizeof workloads / sizeof workloads[0]; w++) {
        if (only && strcmp(only, workloads[w].name))
            continue;
        double t0 = now();
        for (int k = 0; k < iters; k++)
            workloads[w].run(body, n);
        double dt = now() - t0;
        if (iters > 0)
            printf("%-22s members=%-4d bytes=%-7zu %8.2f ns/byte %9.1f MB/s\n", workloads[w].name,
                   members, n, dt * 1e9 / ((double)iters * n), (double)iters * n / dt / 1e6);
    }
    return 0;
}
