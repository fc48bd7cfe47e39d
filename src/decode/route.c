/* SPDX-License-Identifier: MIT */
/*
 * Routing: which of several operations a request is for (apig_route_find,
 * apig_methods_text; the decisions are in apig.h), and the one segment
 * matcher that routing and the request decoder's route check share.
 *
 * Routing is a scan of the caller's operations, one template match each:
 * a program links a handful of operations, and the scan needs no table
 * built ahead (nothing to allocate, nothing to keep in sync).
 *
 * No allocation, no state: every function reads its arguments only.
 */
#include "decode.h"

size_t apig__route_path_len(const char *path, size_t len)
{
    size_t n = 0;
    while (n < len && path[n] != '?' && path[n] != '#')
        n++;
    return n;
}

size_t apig__match_path(const char *tpl, const char *path, size_t len, bool empty_params,
                        apig__capture *caps, size_t cap, size_t *ncaps)
{
    size_t ti = 0, pi = 0, n = 0;
    if (ncaps)
        *ncaps = 0;
    if (len == 0 || path[0] != '/' || tpl[0] != '/')
        return 1;
    while (tpl[ti] == '/' && pi < len && path[pi] == '/') {
        ti++;
        pi++;
        size_t ts = ti, ps = pi;
        while (tpl[ti] != '\0' && tpl[ti] != '/')
            ti++;
        while (pi < len && path[pi] != '/')
            pi++;
        size_t tlen = ti - ts, plen = pi - ps;
        if (tlen >= 2 && tpl[ts] == '{' && tpl[ti - 1] == '}') {
            if (plen == 0 && !empty_params)
                return ps + 1;
            if (n < cap) {
                caps[n].name = tpl + ts + 1;
                caps[n].name_len = tlen - 2;
                caps[n].start = ps;
                caps[n].len = plen;
                n++;
                if (ncaps)
                    *ncaps = n;
            }
            continue;
        }
        if (tlen != plen)
            return ps + 1;
        for (size_t k = 0; k < tlen; k++)
            if (tpl[ts + k] != path[ps + k])
                return ps + 1;
    }
    if (tpl[ti] != '\0' || pi != len)
        return pi + 1;
    return 0;
}

/* ---- routing several operations ------------------------------------------- */

/* The methods routing knows, in the order of their bits. */
static const struct {
    const char *name;
    size_t len;
    unsigned bit;
} methods[] = {
    {"GET", 3, APIG_METHOD_GET},       {"POST", 4, APIG_METHOD_POST},
    {"PUT", 3, APIG_METHOD_PUT},       {"PATCH", 5, APIG_METHOD_PATCH},
    {"DELETE", 6, APIG_METHOD_DELETE}, {"HEAD", 4, APIG_METHOD_HEAD},
    {"OPTIONS", 7, APIG_METHOD_OPTIONS},
};

#define METHOD_COUNT (sizeof methods / sizeof methods[0])

/* The bit of method m[0..len) (exact bytes), or 0 for any other text. */
static unsigned method_bit(const char *m, size_t len)
{
    for (size_t i = 0; i < METHOD_COUNT; i++)
        if (methods[i].len == len && memcmp(methods[i].name, m, len) == 0)
            return methods[i].bit;
    return 0;
}

apig_route_status apig_route_find(const apig_operation *const *ops, size_t op_count,
                                  const char *method, size_t method_len,
                                  const char *path, size_t path_len, apig_route *out)
{
    if (!out)
        return APIG_ROUTE_NO_PATH;
    out->operation = NULL;
    out->allowed = 0;
    if ((!ops && op_count) || (!method && method_len) || (!path && path_len))
        return APIG_ROUTE_NO_PATH;
    unsigned want = method_len ? method_bit(method, method_len) : 0;
    size_t len = apig__route_path_len(path, path_len);
    for (size_t i = 0; i < op_count; i++) {
        const apig_operation *op = ops[i];
        if (!op || !op->method || !op->path_template)
            continue;
        unsigned bit = method_bit(op->method, strlen(op->method));
        if (!bit || apig__match_path(op->path_template, path, len, false, NULL, 0, NULL))
            continue;
        out->allowed |= bit;
        if (bit == want && !out->operation)
            out->operation = op;
    }
    if (out->operation)
        return APIG_ROUTE_FOUND;
    return out->allowed ? APIG_ROUTE_NO_METHOD : APIG_ROUTE_NO_PATH;
}

size_t apig_methods_text(unsigned allowed, char *buf, size_t cap)
{
    apig__out o = {buf, buf ? cap : 0, 0};
    bool first = true;
    for (size_t i = 0; i < METHOD_COUNT; i++) {
        if (!(allowed & methods[i].bit))
            continue;
        if (!first)
            apig__out_bytes(&o, ", ", 2);
        apig__out_bytes(&o, methods[i].name, methods[i].len);
        first = false;
    }
    return apig__out_finish(&o);
}
