/* SPDX-License-Identifier: MIT */
/*
 * cost_driver.c - one call of an entry point on one ~256 KiB body, for
 * tests/test_cost.c to count under callgrind. Built without sanitizers
 * (valgrind cannot run them), against the plain library: once as
 * configured and once with APIG_CFG_MAX_DEPTH at the largest value a build
 * may choose, since apig_decode's depth is fixed when the library is built.
 *
 *   cost_driver parse|parse-defer|decode nest|flat [MAX_DEPTH]
 *
 * parse: apig_json_parse (flags 0 or APIG_JSON_DEFER_STRINGS), limits
 * {MAX_DEPTH, 0} when given, else NULL (APIG_CFG_MAX_DEPTH). decode:
 * apig_decode of the request message, whose depth is APIG_CFG_MAX_DEPTH.
 *
 * nest: the costliest nesting the limit allows. jsmn closes a bracket by
 * walking up the parent links from the last token to the first container
 * still open, so closing k brackets in a row costs about k * k / 2 links,
 * whatever the depth they start from: the worst body is an array of
 * (limit - 1)-deep nests [[...]] (arrays: 2 bytes a level, where an
 * object's level takes 6 for 2 links), the array inside an unknown field
 * for decode:
 *     parse:  [N,N,...]                         N = [[...[]...]]
 *     decode: {"members":[{}],"x":[N,N,...]}
 * flat: the same with [1,1,...] as the array: items "1" take 2 bytes a
 * token as nests do, where "[]" would take 3. The first of every k items
 * is "10", for the commas between nests, so that both bodies have exactly
 * the same bytes and tokens.
 *
 * Checks the call succeeded, then prints one line:
 *     depth_limit=L bytes=B tokens=T nesting=D
 * with the nesting measured from the tokens written. Exit 0, or 1 (and a
 * message on stderr) if the call failed, 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>
#include <apig/json.h>
#include "vpc_members.h"

#define BODY_TARGET (256 * 1024)
#define TOKENS (BODY_TARGET / 2 + 64)

static char body[BODY_TARGET + 256];
static apig_token tokens[TOKENS];
static size_t level[TOKENS];
static vpcm_vpc_member_create req;

static size_t put(size_t at, const char *s)
{
    size_t n = strlen(s);
    memcpy(body + at, s, n);
    return at + n;
}

/* Writes prefix, the array of `nests` k-deep nests (or its flat twin),
 * suffix; returns the length and sets *count to the tokens. */
static size_t build(const char *prefix, const char *suffix, size_t prefix_tokens, size_t k,
                    int nest, size_t *count)
{
    size_t nests = (BODY_TARGET - strlen(prefix) - strlen(suffix) - 2) / (2 * k + 1);
    size_t at = put(0, prefix);
    body[at++] = '[';
    for (size_t i = 0; i < nests; i++) {
        if (i)
            body[at++] = ',';
        if (nest) {
            memset(body + at, '[', k);
            memset(body + at + k, ']', k);
            at += 2 * k;
        } else {
            for (size_t j = 0; j < k; j++) {
                at = put(at, j == 0 ? "10" : "1");
                if (j + 1 < k)
                    body[at++] = ',';
            }
        }
    }
    body[at++] = ']';
    at = put(at, suffix);
    *count = prefix_tokens + 1 + nests * k;
    return at;
}

/* The deepest nesting of arrays and objects among tokens[0..n). */
static size_t nesting(size_t n)
{
    size_t deepest = 0;
    for (size_t i = 0; i < n; i++) {
        int p = tokens[i].parent;
        int open = tokens[i].type == APIG_TOKEN_ARRAY || tokens[i].type == APIG_TOKEN_OBJECT;
        level[i] = (p >= 0 ? level[p] : 0) + (size_t)open;
        if (level[i] > deepest)
            deepest = level[i];
    }
    return deepest;
}

static int usage(void)
{
    fprintf(stderr, "usage: cost_driver parse|parse-defer|decode nest|flat [MAX_DEPTH]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4)
        return usage();
    const char *entry = argv[1];
    int decode = strcmp(entry, "decode") == 0;
    unsigned flags = strcmp(entry, "parse-defer") == 0 ? APIG_JSON_DEFER_STRINGS : 0;
    if (!decode && strcmp(entry, "parse") != 0 && !flags)
        return usage();
    int nest = strcmp(argv[2], "nest") == 0;
    if (!nest && strcmp(argv[2], "flat") != 0)
        return usage();
    apig_json_limits limits = {APIG_CFG_MAX_DEPTH, 0};
    if (argc == 4) {
        char *end;
        limits.max_depth = strtoul(argv[3], &end, 10);
        if (decode || *end || limits.max_depth < 3 || limits.max_depth > APIG_JSON_MAX_DEPTH_LIMIT)
            return usage();
    }
    size_t limit = limits.max_depth;

    size_t len, count;
    if (decode) /* the top object and the array inside "x" take 2 levels */
        len = build("{\"members\":[{}],\"x\":", "}", 5, limit - 2, nest, &count);
    else
        len = build("", "", 0, limit - 1, nest, &count);
    if (count > TOKENS) {
        fprintf(stderr, "cost_driver: %zu tokens do not fit\n", count);
        return 1;
    }

    /* Tokens never written stay UNDEFINED, so they can be counted after. */
    memset(tokens, 0, sizeof tokens);
    if (decode) {
        apig_error err;
        apig_decoder d; /* set up outside the counted call */
        apig_decoder_init(&d, tokens, TOKENS, &err, 1);
        size_t nerr = apig_decode(&d, &vpcm_vpc_member_create_desc, body, len, &req);
        if (nerr != 0) {
            char message[512];
            apig_error_message(&err, message, sizeof message);
            fprintf(stderr, "cost_driver: decode: %s %s at %zu\n", err.code, message,
                    err.offset);
            return 1;
        }
    } else {
        apig_json_result r = apig_json_parse(body, len, tokens, TOKENS,
                                             argc == 4 ? &limits : NULL, flags);
        if (r.status != APIG_JSON_OK || r.token_count != count) {
            fprintf(stderr, "cost_driver: parse: %s at %zu, %zu tokens (want %zu)\n",
                    apig_json_status_text(r.status), r.offset, r.token_count, count);
            return 1;
        }
    }
    size_t written = 0;
    while (written < TOKENS && tokens[written].type != APIG_TOKEN_UNDEFINED)
        written++;
    if (written != count) {
        fprintf(stderr, "cost_driver: %zu tokens written, want %zu\n", written, count);
        return 1;
    }
    printf("depth_limit=%zu bytes=%zu tokens=%zu nesting=%zu\n", limit, len, count,
           nesting(count));
    return 0;
}
