/* SPDX-License-Identifier: MIT */
/*
 * apig_request_decode: a whole request in the service's order - the token
 * header (401), then method and path against the operation's route with
 * its path parameters, then the body.
 *
 * Decisions (see also docs and tests/test_request.c):
 * - The token header is found by a case-insensitive name match; its value
 *   is taken without leading/trailing spaces and tabs (HTTP's optional
 *   whitespace) and checked with the generic string rules of
 *   op->token_header, so which code each failure gives comes from the
 *   schema (absent: "required"; empty: "min_length"; too long: "max_length";
 *   a character outside the set: "charset"). The library checks the form
 *   only. A token header sent more than once is refused (the catalog's
 *   "token_invalid" entry): two credentials are ambiguous.
 * - The method matches exactly (HTTP methods are case-sensitive). The path
 *   is cut at '?' or '#'; its segments match the template's one for one
 *   (route.c's matcher, the one routing uses: no percent-decoding, no
 *   trailing slash), except that here an empty parameter segment is taken
 *   (and reported as missing, below): a literal or count mismatch
 *   is a route error and ends the check (the parameters and the body of
 *   another route mean nothing). An empty parameter segment is "required";
 *   other parameter values get the field rules of op->path.
 * - Error paths name where the error is: the header's name, the path
 *   parameter's name, or the body's JSON path; offsets count bytes in the
 *   header value, the request path, or the body.
 */
#include "decode.h"

#define MAX_CAPTURES 16

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_name(const char *name, size_t name_len, const char *s, size_t len)
{
    if (name_len != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (lower(name[i]) != lower(s[i]))
            return false;
    return true;
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

void apig__trim_ows(const char **s, size_t *len)
{
    const char *v = *s;
    size_t n = *len;
    while (n > 0 && is_ows(v[0])) {
        v++;
        n--;
    }
    while (n > 0 && is_ows(v[n - 1]))
        n--;
    *s = v;
    *len = n;
}

const apig_header *apig__header_find(const apig_http_request *rq, const char *name,
                                     size_t len, size_t *count)
{
    const apig_header *found = NULL;
    *count = 0;
    for (size_t h = 0; h < rq->header_count; h++)
        if (same_name(name, len, rq->headers[h].name, rq->headers[h].name_len)) {
            if (!found)
                found = &rq->headers[h];
            ++*count;
        }
    return found;
}

static bool add_at(apig__errors *e, const apig_catalog *catalog, const apig_field *f,
                   apig_error_kind kind, const char *param, const char *where,
                   size_t where_len, size_t offset, const char *detail)
{
    return apig__errors_add_place(e, catalog, f, kind, param, param ? strlen(param) : 0, NULL,
                                  where, where_len, -1, offset, detail);
}


/* Authentication: the token header, or (when the operation takes one and
 * the token header is absent) an SDK-HMAC-SHA256 signature. Returns true
 * when the list is full. Not inlined: its locals (a signature's are
 * several hundred bytes) would otherwise stay on the stack under the
 * body's decode, the deepest path of a request (make size). */
static APIG__NOINLINE bool check_auth(const apig_decoder *d, const apig_operation *op,
                                      const apig_http_request *rq, apig__errors *e)
{
    const apig_field *f = op->token_header;
    if (!f)
        return false;
    size_t tokens, signatures = 0;
    const apig_header *token = apig__header_find(rq, f->name, f->name_len, &tokens);
    const apig_header *auth = NULL;
    if (op->signature == APIG_SIGNATURE_SDK_HMAC_SHA256)
        auth = apig__header_find(rq, APIG__AUTHORIZATION, sizeof APIG__AUTHORIZATION - 1, &signatures);
    /* Two credentials of one kind are ambiguous, whichever would decide. */
    if (tokens > 1)
        return add_at(e, op->catalog, NULL, APIG_ERROR_TOKEN_INVALID, NULL, f->name,
                      f->name_len, 0, "header appears more than once");
    if (signatures > 1)
        return add_at(e, op->catalog, NULL, APIG_ERROR_TOKEN_INVALID, NULL, APIG__AUTHORIZATION,
                      sizeof APIG__AUTHORIZATION - 1, 0, "header appears more than once");
    if (!token && auth)
        return apig__check_signature(d, op, rq, auth, e);
    if (!token)
        return add_at(e, op->catalog, f, APIG_ERROR_REQUIRED, NULL, f->name, f->name_len, 0,
                      NULL);
    /* The token decides: a signature beside it is not looked at. */
    const char *v = token->value ? token->value : ""; /* NULL only with length 0 */
    size_t len = token->value ? token->value_len : 0;
    apig__trim_ows(&v, &len);
    apig__scan r;
    apig__scan_text(v, len, false, f->charset, NULL, 0, &r);
    apig_error_kind kind = apig__string_verdict(f, &d->context, &r, v);
    if (kind == APIG_ERROR_NONE)
        return false;
    return add_at(e, op->catalog, f, kind, NULL, f->name, f->name_len, 0, NULL);
}

/* A route error. Returns true when the list is full. */
static bool route_error(const apig_operation *op, apig__errors *e, const char *param,
                        size_t offset, const char *detail)
{
    return add_at(e, op->catalog, NULL, APIG_ERROR_ROUTE, param, NULL, 0, offset, detail);
}

/* Route and path parameters. Sets *matched. Returns true when the list is
 * full. Not inlined: its captures must not stay on the stack under the
 * body's decode. */
static APIG__NOINLINE bool check_route(const apig_operation *op, const apig_http_request *rq,
                        const apig_context *ctx, void *path_out, apig__errors *e,
                        bool *matched)
{
    *matched = false;
    size_t mlen = 0;
    while (op->method[mlen] != '\0')
        mlen++;
    if (rq->method_len != mlen || !rq->method)
        return route_error(op, e, "method", 0, "method does not match the operation");
    for (size_t i = 0; i < mlen; i++)
        if (rq->method[i] != op->method[i])
            return route_error(op, e, "method", 0, "method does not match the operation");

    size_t len = apig__route_path_len(rq->path, rq->path_len);
    apig__capture caps[MAX_CAPTURES];
    int field[MAX_CAPTURES];
    size_t ncaps;
    size_t miss = apig__match_path(op->path_template, rq->path, len, true, caps, MAX_CAPTURES,
                                   &ncaps);
    if (miss)
        return route_error(op, e, "path", miss - 1, "path does not match the operation");
    *matched = true;

    if (!op->path)
        return false;
    for (size_t c = 0; c < ncaps; c++)
        field[c] = op->path->lookup(caps[c].name, caps[c].name_len);
    unsigned char *out = path_out;
    for (size_t c = 0; c < ncaps; c++) {
        if (field[c] < 0)
            continue;
        const apig_field *f = &op->path->fields[field[c]];
        const char *seg = rq->path + caps[c].start;
        apig_error_kind kind;
        if (caps[c].len == 0) {
            kind = APIG_ERROR_REQUIRED;
        } else {
            char *text = apig__value_ptr(f, out);
            apig__scan r;
            apig__scan_text(seg, caps[c].len, false, f->charset, text, apig__inline_size(f), &r);
            kind = apig__string_verdict(f, ctx, &r, text);
            if (kind == APIG_ERROR_NONE) {
                *apig__has_ptr(f, out) = true;
                continue;
            }
        }
        if (add_at(e, op->catalog, f, kind, NULL, f->name, f->name_len, caps[c].start, NULL))
            return true;
    }
    /* Required parameters the template does not capture cannot be sent. */
    for (uint32_t k = 0; k < op->path->field_count; k++) {
        const apig_field *f = &op->path->fields[k];
        bool captured = false;
        for (size_t c = 0; c < ncaps && !captured; c++)
            captured = field[c] == (int)k;
        if (!captured && apig__field_required(f, ctx) &&
            add_at(e, op->catalog, f, APIG_ERROR_REQUIRED, NULL, f->name, f->name_len, 0, NULL))
            return true;
    }
    return false;
}

/* The query string: the part of the request target after '?' (up to a
 * '#'). Returns true when the list is full. */
static bool check_query(const apig_decoder *d, const apig_operation *op,
                        const apig_http_request *rq, void *query_out, apig__errors *e)
{
    if (!op->query)
        return false;
    size_t q = apig__route_path_len(rq->path, rq->path_len);
    size_t end = q;
    if (q < rq->path_len && rq->path[q] == '?') {
        q++;
        end = q;
        while (end < rq->path_len && rq->path[end] != '#')
            end++;
    }
    return apig__query_decode(d, op->query, rq->path + q, end - q, q, query_out, e);
}

/* Every (pointer, length) pair of the request: a NULL pointer is only
 * allowed with length 0, so that nothing below reads through it. */
static bool request_args_ok(const apig_http_request *rq)
{
    if ((!rq->method && rq->method_len) || (!rq->path && rq->path_len) ||
        (!rq->body && rq->body_len) || (!rq->headers && rq->header_count))
        return false;
    for (size_t h = 0; h < rq->header_count; h++)
        if ((!rq->headers[h].name && rq->headers[h].name_len) ||
            (!rq->headers[h].value && rq->headers[h].value_len))
            return false;
    return true;
}

/* A part of the request's output struct, or NULL when the operation has
 * no such part. */
static void *part(void *out, const apig_message *msg, size_t offset)
{
    return msg ? (unsigned char *)out + offset : NULL;
}

static void init_parts(const apig_operation *op, void *out)
{
    if (op->path)
        apig__init_message(op->path, part(out, op->path, op->path_offset));
    if (op->query)
        apig__init_message(op->query, part(out, op->query, op->query_offset));
    if (op->request)
        apig__init_message(op->request, part(out, op->request, op->body_offset));
}

/* A body sent to an operation that takes none. */
static bool unexpected_body(const apig_operation *op, const apig_http_request *rq,
                            apig__errors *e)
{
    if (rq->body_len == 0)
        return false;
    /* The whole body is the fault: no position to give (as for an empty
     * one). */
    return apig__errors_add_body(e, op->catalog, APIG_ERROR_SYNTAX, rq->body, rq->body_len, 0,
                                 "a body was not expected", false);
}

size_t apig_request_decode(const apig_decoder *d, const apig_operation *op,
                           const apig_http_request *request, void *out)
{
    if (!d)
        return 1;
    if (!op || !request || !out || !request_args_ok(request))
        return apig__misuse(d->errors, d->error_cap);
    apig__errors list = apig__errors_of(d);
    init_parts(op, out);

    bool matched = false;
    const apig_context *ctx = &d->context;
    if (!check_auth(d, op, request, &list) &&
        !check_route(op, request, ctx, part(out, op->path, op->path_offset), &list, &matched) &&
        matched && !check_query(d, op, request, part(out, op->query, op->query_offset), &list)) {
        if (op->request)
            apig__decode_body(d, op->request, request->body, request->body_len,
                              part(out, op->request, op->body_offset), &list);
        else
            unexpected_body(op, request, &list);
    }
    /* A rejected request must not pass for a decoded one: the path
     * parameters of a request whose token or body failed included. */
    if (list.count > 0)
        init_parts(op, out);
    return list.count;
}
