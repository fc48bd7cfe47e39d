/* SPDX-License-Identifier: MIT */
/*
 * apig_route_find and apig_methods_text: which of several operations a
 * request is for (shared/spec/member-family.md, "Routing several
 * operations"), and the Allow header for a 405.
 *
 * The operations are hand-written tables (method and path_template are all
 * routing reads): the member family's three routes, plus entries that
 * routing must skip. One test routes with the generated operation too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <apig/apig.h>
#include "vpc_members.h"

#define MEMBERS "/v2/{project_id}/apigw/instances/{instance_id}/vpc-channels/{vpc_channel_id}/members"
#define PATH "/v2/p1/apigw/instances/i1/vpc-channels/c1/members"

static const apig_operation add_op = {.name = "AddingBackendInstancesV2", .method = "POST",
                                      .path_template = MEMBERS};
static const apig_operation list_op = {.name = "ListBackendInstancesV2", .method = "GET",
                                       .path_template = MEMBERS};
static const apig_operation delete_op = {.name = "DeleteBackendInstanceV2", .method = "DELETE",
                                         .path_template = MEMBERS "/{member_id}"};
/* A second GET on the members path: the first in the array wins. */
static const apig_operation list_again_op = {.name = "ListAgain", .method = "GET",
                                             .path_template = MEMBERS};
/* Entries routing skips. */
static const apig_operation brew_op = {.name = "Brew", .method = "BREW",
                                       .path_template = MEMBERS};
static const apig_operation no_method_op = {.name = "NoMethod", .method = NULL,
                                            .path_template = MEMBERS};
static const apig_operation no_path_op = {.name = "NoPath", .method = "PUT",
                                          .path_template = NULL};

static const apig_operation *const family[] = {&add_op, &list_op, &delete_op};
#define FAMILY_COUNT (sizeof family / sizeof family[0])

static apig_route route;

/* Routes method and path (C strings) through `family`. */
static apig_route_status find(const char *method, const char *path)
{
    memset(&route, 0x5a, sizeof route); /* stale bytes must not survive */
    return apig_route_find(family, FAMILY_COUNT, method, strlen(method), path, strlen(path),
                           &route);
}

static void expect(int line, const char *method, const char *path, apig_route_status status,
                   const apig_operation *op, unsigned allowed)
{
    apig_route_status got = find(method, path);
    if (got != status || route.operation != op || route.allowed != allowed)
        fail_msg("line %d: %s %s: status %d operation %s allowed 0x%x, want %d %s 0x%x", line,
                 method, path, (int)got, route.operation ? route.operation->name : "NULL",
                 route.allowed, (int)status, op ? op->name : "NULL", allowed);
}
#define FOUND(m, p, op, allowed) expect(__LINE__, m, p, APIG_ROUTE_FOUND, op, allowed)
#define NO_PATH(m, p) expect(__LINE__, m, p, APIG_ROUTE_NO_PATH, NULL, 0)
#define NO_METHOD(m, p, allowed) expect(__LINE__, m, p, APIG_ROUTE_NO_METHOD, NULL, allowed)

#define MEMBER_METHODS (APIG_METHOD_GET | APIG_METHOD_POST)

/* ---- found ------------------------------------------------------------------ */

static void method_selects_the_operation(void **state)
{
    (void)state;
    FOUND("POST", PATH, &add_op, MEMBER_METHODS);
    FOUND("GET", PATH, &list_op, MEMBER_METHODS);
    FOUND("DELETE", PATH "/m1", &delete_op, APIG_METHOD_DELETE);
    /* any non-empty segment for a parameter: its rules are not routing's */
    FOUND("GET", "/v2/p.1/apigw/instances/%41/vpc-channels/\xe4\xb8\x80/members", &list_op,
          MEMBER_METHODS);
    FOUND("DELETE", PATH "/a b", &delete_op, APIG_METHOD_DELETE);
    /* the generated operation routes the same way */
    const apig_operation *const generated[] = {&vpcm_add_backend_instances_v2_op};
    assert_int_equal(apig_route_find(generated, 1, "POST", 4, PATH, strlen(PATH), &route),
                     APIG_ROUTE_FOUND);
    assert_ptr_equal(route.operation, &vpcm_add_backend_instances_v2_op);
    assert_int_equal(route.allowed, APIG_METHOD_POST);
}

/* ---- no path (404) ------------------------------------------------------------ */

static void other_paths_are_not_found(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/member",   /* literal differs */
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/Members",  /* case-sensitive */
        "/V2/p1/apigw/instances/i1/vpc-channels/c1/members",
        "/v2/p1/apigw/instances/i1/vpc-channel/c1/members",
        "/v2/p1/apigw/instances/i1/vpc-channels/c1",          /* a segment missing */
        "/v2/p1/p2/apigw/instances/i1/vpc-channels/c1/members", /* one extra */
        PATH "/m1/x",
        "v2/p1/apigw/instances/i1/vpc-channels/c1/members",   /* no leading '/' */
        "/v2/p1/apigw/instances/i1/vpc-channels/c1/member%73", /* no percent-decoding */
        "",
        "/",
        "?" PATH,                                             /* all query */
        "#" PATH,
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        NO_PATH("GET", paths[i]);
        NO_PATH("POST", paths[i]);
        NO_PATH("BREW", paths[i]);
    }
    /* (pointer, length): the path ends where its length says */
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "GET", 3, PATH, strlen(PATH) - 1,
                                     &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
    char exact[sizeof PATH - 1]; /* no NUL after the path */
    memcpy(exact, PATH, sizeof exact);
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "GET", 3, exact, sizeof exact, &route),
                     APIG_ROUTE_FOUND);
    assert_ptr_equal(route.operation, &list_op);
}

static void trailing_slash_and_empty_segments_do_not_match(void **state)
{
    (void)state;
    /* A trailing '/' is an extra, empty segment: not the members route,
     * and not DELETE's either (an empty member_id). */
    NO_PATH("GET", PATH "/");
    NO_PATH("DELETE", PATH "/");
    NO_PATH("DELETE", PATH "/m1/");
    NO_PATH("GET", PATH "/?limit=1");
    /* an empty segment, where a parameter or a literal is */
    NO_PATH("GET", "/v2//apigw/instances/i1/vpc-channels/c1/members");
    NO_PATH("GET", "/v2/p1/apigw/instances//vpc-channels/c1/members");
    NO_PATH("GET", "/v2/p1/apigw/instances/i1/vpc-channels//members");
    NO_PATH("DELETE", PATH "//");
    NO_PATH("GET", "//v2/p1/apigw/instances/i1/vpc-channels/c1/members");
    NO_PATH("GET", "/v2/p1/apigw//instances/i1/vpc-channels/c1/members");
}

/* ---- no method (405) ------------------------------------------------------------ */

static void path_without_the_method_is_405(void **state)
{
    (void)state;
    NO_METHOD("PUT", PATH, MEMBER_METHODS);
    NO_METHOD("DELETE", PATH, MEMBER_METHODS);
    NO_METHOD("PATCH", PATH, MEMBER_METHODS);
    NO_METHOD("HEAD", PATH, MEMBER_METHODS);
    NO_METHOD("OPTIONS", PATH, MEMBER_METHODS);
    NO_METHOD("GET", PATH "/m1", APIG_METHOD_DELETE);
    NO_METHOD("POST", PATH "/m1", APIG_METHOD_DELETE);
    /* a method routing does not know, on a path that matches */
    NO_METHOD("BREW", PATH, MEMBER_METHODS);
    NO_METHOD("CONNECT", PATH, MEMBER_METHODS);
    /* methods are case-sensitive and exact */
    NO_METHOD("post", PATH, MEMBER_METHODS);
    NO_METHOD("Get", PATH, MEMBER_METHODS);
    NO_METHOD("POST ", PATH, MEMBER_METHODS);
    NO_METHOD(" POST", PATH, MEMBER_METHODS);
    NO_METHOD("POSTS", PATH, MEMBER_METHODS);
    NO_METHOD("POS", PATH, MEMBER_METHODS);
    NO_METHOD("", PATH, MEMBER_METHODS);
    /* (pointer, length): "POST" cut to "POS" */
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "POST", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_METHOD);
    /* the method bytes include a NUL: not POST */
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "POST\0", 5, PATH, strlen(PATH),
                                     &route),
                     APIG_ROUTE_NO_METHOD);
    assert_null(route.operation);
    assert_int_equal(route.allowed, MEMBER_METHODS);
    /* what a 405's Allow header says */
    char allow[32];
    assert_int_equal(apig_methods_text(route.allowed, allow, sizeof allow), 9);
    assert_string_equal(allow, "GET, POST");
}

/* ---- the query string and fragment ----------------------------------------------- */

static void query_and_fragment_take_no_part(void **state)
{
    (void)state;
    FOUND("GET", PATH "?offset=0&limit=10", &list_op, MEMBER_METHODS);
    FOUND("GET", PATH "?", &list_op, MEMBER_METHODS);
    FOUND("GET", PATH "#", &list_op, MEMBER_METHODS);
    FOUND("GET", PATH "#frag?x=1", &list_op, MEMBER_METHODS);
    FOUND("GET", PATH "?x=/a/b&y=//", &list_op, MEMBER_METHODS); /* '/' in the query */
    FOUND("DELETE", PATH "/m1?x=1#y", &delete_op, APIG_METHOD_DELETE);
    NO_METHOD("PUT", PATH "?limit=1", MEMBER_METHODS);
    /* the first '?' starts the query: the path before it is what routes */
    NO_PATH("GET", "/v2/p1/apigw/instances/i1/vpc-channels/c1?/members");
    NO_METHOD("DELETE", PATH "?/m1", MEMBER_METHODS); /* the members path, not DELETE's */
    FOUND("GET", PATH "#/m1/x", &list_op, MEMBER_METHODS);
}

/* ---- which operation, of several ----------------------------------------------- */

static void first_operation_wins(void **state)
{
    (void)state;
    const apig_operation *const a[] = {&list_op, &list_again_op, &add_op};
    assert_int_equal(apig_route_find(a, 3, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_FOUND);
    assert_ptr_equal(route.operation, &list_op);
    assert_int_equal(route.allowed, MEMBER_METHODS); /* every matching operation counts */
    const apig_operation *const b[] = {&add_op, &list_again_op, &list_op};
    assert_int_equal(apig_route_find(b, 3, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_FOUND);
    assert_ptr_equal(route.operation, &list_again_op);
    assert_int_equal(route.allowed, MEMBER_METHODS);
    /* allowed gathers operations after the one found too */
    const apig_operation *const c[] = {&list_op, &delete_op, &add_op};
    assert_int_equal(apig_route_find(c, 3, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_FOUND);
    assert_int_equal(route.allowed, MEMBER_METHODS);
}

static void entries_routing_skips(void **state)
{
    (void)state;
    /* NULL entries, a NULL method or template, a method routing does not
     * know: skipped as if absent */
    const apig_operation *const ops[] = {NULL, &brew_op, &no_method_op, &no_path_op, NULL,
                                         &add_op, NULL};
    size_t n = sizeof ops / sizeof ops[0];
    assert_int_equal(apig_route_find(ops, n, "POST", 4, PATH, strlen(PATH), &route),
                     APIG_ROUTE_FOUND);
    assert_ptr_equal(route.operation, &add_op);
    assert_int_equal(route.allowed, APIG_METHOD_POST);
    assert_int_equal(apig_route_find(ops, n, "BREW", 4, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_METHOD);
    assert_int_equal(route.allowed, APIG_METHOD_POST);
    const apig_operation *const only_brew[] = {&brew_op, NULL};
    assert_int_equal(apig_route_find(only_brew, 2, "BREW", 4, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
}

static void no_operations_and_misuse(void **state)
{
    (void)state;
    /* no operations */
    memset(&route, 0x5a, sizeof route);
    assert_int_equal(apig_route_find(NULL, 0, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
    memset(&route, 0x5a, sizeof route);
    assert_int_equal(apig_route_find(family, 0, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    /* misuse: NO_PATH, out cleared */
    memset(&route, 0x5a, sizeof route);
    assert_int_equal(apig_route_find(NULL, 3, "GET", 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
    memset(&route, 0x5a, sizeof route);
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, NULL, 3, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
    memset(&route, 0x5a, sizeof route);
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "GET", 3, NULL, 5, &route),
                     APIG_ROUTE_NO_PATH);
    assert_null(route.operation);
    assert_int_equal(route.allowed, 0);
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "GET", 3, PATH, strlen(PATH), NULL),
                     APIG_ROUTE_NO_PATH);
    /* NULL with length 0 is empty text: an empty method on a matching path
     * is NO_METHOD, an empty path matches nothing */
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, NULL, 0, PATH, strlen(PATH), &route),
                     APIG_ROUTE_NO_METHOD);
    assert_int_equal(route.allowed, MEMBER_METHODS);
    assert_int_equal(apig_route_find(family, FAMILY_COUNT, "GET", 3, NULL, 0, &route),
                     APIG_ROUTE_NO_PATH);
    assert_int_equal(route.allowed, 0);
}

/* ---- apig_methods_text ------------------------------------------------------------ */

static const char ALL[] = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";

static void methods_text_names_the_bits_in_order(void **state)
{
    (void)state;
    char buf[64];
    static const struct {
        unsigned bits;
        const char *text;
    } cases[] = {
        {0, ""},
        {APIG_METHOD_GET, "GET"},
        {APIG_METHOD_OPTIONS, "OPTIONS"},
        {APIG_METHOD_POST | APIG_METHOD_GET, "GET, POST"},
        {APIG_METHOD_DELETE | APIG_METHOD_PUT | APIG_METHOD_HEAD, "PUT, DELETE, HEAD"},
        {0x7fu, ALL},
        {0x80u | 0x100u | 0x80000000u, ""},           /* bits that name no method */
        {~0u, ALL},
        {APIG_METHOD_PATCH | 0x200u, "PATCH"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(buf, 0x5a, sizeof buf);
        size_t n = apig_methods_text(cases[i].bits, buf, sizeof buf);
        assert_int_equal(n, strlen(cases[i].text));
        assert_string_equal(buf, cases[i].text);
        /* measuring gives the same length */
        assert_int_equal(apig_methods_text(cases[i].bits, NULL, 0), n);
    }
    assert_int_equal(sizeof ALL - 1, 44);
}

static void methods_text_never_writes_at_or_past_cap(void **state)
{
    (void)state;
    const size_t n = sizeof ALL - 1;
    unsigned char buf[64];
    for (size_t cap = 0; cap <= n + 2; cap++) {
        memset(buf, 0xA5, sizeof buf);
        size_t got = apig_methods_text(0x7fu, (char *)buf, cap);
        assert_int_equal(got, n);
        size_t kept = cap < n ? cap : n;
        assert_memory_equal(buf, ALL, kept);     /* a prefix of the text */
        size_t from = cap;
        if (n < cap) {
            assert_int_equal(buf[n], 0);         /* complete: NUL-terminated */
            from = n + 1;
        }
        for (size_t i = from; i < sizeof buf; i++)
            if (buf[i] != 0xA5)
                fail_msg("cap %zu: byte %zu written", cap, i);
    }
    /* the empty text: a NUL when there is room, nothing at cap 0 */
    memset(buf, 0xA5, sizeof buf);
    assert_int_equal(apig_methods_text(0, (char *)buf, 0), 0);
    assert_int_equal(buf[0], 0xA5);
    assert_int_equal(apig_methods_text(0, (char *)buf, 1), 0);
    assert_int_equal(buf[0], 0);
    assert_int_equal(buf[1], 0xA5);
    /* buf NULL measures, whatever cap says */
    assert_int_equal(apig_methods_text(0x7fu, NULL, 0), n);
    assert_int_equal(apig_methods_text(0x7fu, NULL, 100), n);
    /* exactly the text's length: no room for the NUL, so incomplete */
    memset(buf, 0xA5, sizeof buf);
    assert_int_equal(apig_methods_text(APIG_METHOD_GET | APIG_METHOD_POST, (char *)buf, 9), 9);
    assert_memory_equal(buf, "GET, POST", 9);
    assert_int_equal(buf[9], 0xA5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(method_selects_the_operation),
        cmocka_unit_test(other_paths_are_not_found),
        cmocka_unit_test(trailing_slash_and_empty_segments_do_not_match),
        cmocka_unit_test(path_without_the_method_is_405),
        cmocka_unit_test(query_and_fragment_take_no_part),
        cmocka_unit_test(first_operation_wins),
        cmocka_unit_test(entries_routing_skips),
        cmocka_unit_test(no_operations_and_misuse),
        cmocka_unit_test(methods_text_names_the_bits_in_order),
        cmocka_unit_test(methods_text_never_writes_at_or_past_cap),
    };
    return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
