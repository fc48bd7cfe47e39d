/* SPDX-License-Identifier: MIT */
/*
 * operations.c - the parameters every operation shares (path parameters,
 * the token header, x-signature) and the operations: their route, query
 * parameters, request body and responses.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

bool load_parameters(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"path", "header", NULL};
    if (!y_want(node, Y_MAPPING, "parameters") || !y_only_keys(node, keys, "parameters"))
        return false;
    bool ok = true;
    const ynode *p = y_get(node, "path");
    if (p) {
        if (!y_want(p, Y_MAPPING, "path parameters"))
            return false;
        if (p->pair_count > GEN_MAX_FIELDS) {
            gen_error(p->pos, "too many path parameters");
            return false;
        }
        s->path_fields = gen_alloc((p->pair_count + 1) * sizeof *s->path_fields);
        for (size_t i = 0; i < p->pair_count; i++) {
            gen_field *f = &s->path_fields[s->path_field_count];
            if (!load_field(L, f, p->pairs[i].key, p->pairs[i].value, SITE_PATH)) {
                free_field(f);
                ok = false;
                continue;
            }
            f->required = true;
            s->path_field_count++;
        }
    }
    const ynode *h = y_get(node, "header");
    if (h) {
        if (!y_want(h, Y_MAPPING, "header parameters"))
            return false;
        if (h->pair_count != 1) {
            gen_error(h->pos, "header names exactly one header: the authentication token");
            return false;
        }
        s->token_header = gen_alloc(sizeof *s->token_header);
        if (!load_field(L, s->token_header, h->pairs[0].key, h->pairs[0].value, SITE_HEADER))
            return false;
        s->token_header->required = true;
    }
    return ok;
}

/* x-signature: a request may be signed (SDK-HMAC-SHA256) instead of carrying
 * the token header. Its failures are the token header's, so it needs one. */
bool load_signature(gen_schema *s, const ynode *n)
{
    if (!y_want(n, Y_SCALAR, "x-signature"))
        return false;
    if (strcmp(n->text, "SDK-HMAC-SHA256") != 0) {
        gen_error(n->pos, "x-signature '%s' is not a scheme apig checks (SDK-HMAC-SHA256)",
                  n->text);
        return false;
    }
    if (!s->token_header) {
        gen_error(n->pos, "x-signature needs the token header (parameters: header:), whose "
                          "errors a bad signature reports");
        return false;
    }
    s->signature = true;
    return true;
}

/* An operation's path parameters: the template's {names}, in order, taken
 * from the schema's parameters: path:. */
static bool load_route(gen_schema *s, gen_operation *o, const ynode *mn, const ynode *pn,
                       bool *used)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                          "HEAD", "OPTIONS", NULL};
    bool ok = true;
    if (!y_text(mn, "method", (const char **)&o->method))
        ok = false;
    else {
        size_t i;
        for (i = 0; methods[i] && strcmp(methods[i], o->method) != 0; i++)
            ;
        if (!methods[i]) {
            gen_error(mn->pos, "unsupported method '%s'", o->method);
            ok = false;
        }
    }
    if (!y_text(pn, "path", (const char **)&o->path))
        return false;
    const char *t = o->path;
    if (t[0] != '/' || !gen_printable_ascii(t) || strchr(t, '"') || strchr(t, '\\') ||
        strchr(t, '?') || strchr(t, '#') || strchr(t, ' ') || strstr(t, "//") ||
        (t[1] && t[strlen(t) - 1] == '/')) {
        gen_error(pn->pos, "path must start with '/' and hold printable ASCII without "
                           "spaces, quotes, '\\', '?', '#', empty segments or a trailing '/'");
        return false;
    }
    gen_message *pm = &o->path_params;
    pm->fields = gen_alloc((s->path_field_count + 1) * sizeof *pm->fields);
    for (const char *p = t; *p; p++) {
        if (*p == '}') {
            gen_error(pn->pos, "unbalanced '}' in path");
            ok = false;
            break;
        }
        if (*p != '{')
            continue;
        const char *e = strchr(p, '}');
        if (!e || e == p + 1 || memchr(p + 1, '{', (size_t)(e - p - 1)) ||
            p[-1] != '/' || (e[1] != '/' && e[1] != '\0')) {
            gen_error(pn->pos, "a path parameter is a whole segment '{name}'");
            ok = false;
            break;
        }
        size_t n = (size_t)(e - p - 1), j;
        for (j = 0; j < s->path_field_count; j++)
            if (strlen(s->path_fields[j].name) == n &&
                memcmp(s->path_fields[j].name, p + 1, n) == 0)
                break;
        if (j == s->path_field_count) {
            gen_error(pn->pos, "path parameter '{%.*s}' is not in parameters: path:", (int)n,
                      p + 1);
            ok = false;
        } else {
            bool twice = false;
            for (size_t k = 0; k < pm->field_count; k++)
                twice = twice || pm->fields[k].name == s->path_fields[j].name;
            if (twice) {
                gen_error(pn->pos, "path parameter '{%.*s}' appears twice", (int)n, p + 1);
                ok = false;
            } else {
                pm->fields[pm->field_count++] = s->path_fields[j];
                used[j] = true;
            }
        }
        p = e;
    }
    pm->order = gen_alloc(pm->field_count + 1);
    for (size_t i = 0; i < pm->field_count; i++)
        pm->order[i] = (uint8_t)i;
    return ok;
}

static bool no_body(const ynode *v)
{
    return v->kind == Y_SCALAR && v->plain &&
           (v->len == 0 || strcmp(v->text, "null") == 0 || strcmp(v->text, "~") == 0);
}

static bool load_responses(gen_schema *s, gen_operation *o, const ynode *rs,
                           const ynode **err_node)
{
    bool ok = true;
    bool success_seen = false;
    if (!y_want(rs, Y_MAPPING, "responses"))
        return false;
    for (size_t i = 0; i < rs->pair_count; i++) {
        const ynode *k = rs->pairs[i].key, *v = rs->pairs[i].value;
        int64_t st;
        const char *t;
        if (!y_int(k, "a response status", 100, 599, &st)) {
            ok = false;
            continue;
        }
        gen_message *m = NULL;
        if (!no_body(v)) {
            if (!y_text(v, "a response", &t)) {
                ok = false;
                continue;
            }
            if (!(m = find_message(s, t))) {
                gen_error(v->pos, "unknown definition '%s'", t);
                ok = false;
                continue;
            }
        }
        if (st == o->success_status) {
            o->response = m;
            success_seen = true;
            if (st == 204 && m) {
                gen_error(v->pos, "status 204 has no body: write null");
                ok = false;
            }
        } else if (st >= 400) {
            if (!m) {
                gen_error(v->pos, "an error status needs its body's definition");
                ok = false;
            } else if (s->error_body && s->error_body != m) {
                gen_error(v->pos, "every error status must use one body (%s at line %d)",
                          s->error_body->name, (*err_node)->pos.line);
                ok = false;
            } else {
                s->error_body = m;
                *err_node = v;
            }
        } else {
            gen_error(k->pos, "status %lld is neither success-status nor an error (>= 400)",
                      (long long)st);
            ok = false;
        }
    }
    if (ok && !success_seen) {
        gen_error(rs->pos, "responses has no entry for success-status %d", o->success_status);
        ok = false;
    }
    return ok;
}

static bool load_query(loader *L, gen_operation *o, const ynode *q)
{
    if (!y_want(q, Y_MAPPING, "query parameters"))
        return false;
    if (q->pair_count == 0 || q->pair_count > GEN_MAX_FIELDS) {
        gen_error(q->pos, "query: lists 1..%u parameters", GEN_MAX_FIELDS);
        return false;
    }
    gen_message *m = &o->query;
    bool ok = true;
    m->fields = gen_alloc(q->pair_count * sizeof *m->fields);
    for (size_t i = 0; i < q->pair_count; i++) {
        gen_field *f = &m->fields[m->field_count];
        if (!load_field(L, f, q->pairs[i].key, q->pairs[i].value, SITE_QUERY)) {
            free_field(f); /* its normalize and enum tables too */
            ok = false;
            continue;
        }
        m->field_count++;
    }
    if (ok && !check_members(m))
        ok = false;
    m->order = gen_alloc(m->field_count + 1);
    for (size_t i = 0; i < m->field_count; i++)
        m->order[i] = (uint8_t)i;
    o->has_query = true;
    return ok;
}

static bool load_operation(loader *L, gen_operation *o, const ynode *k, const ynode *v,
                           bool *used, const ynode **err_node)
{
    gen_schema *s = L->s;
    static const char *const keys[] = {"c-name", "method", "path", "success-status",
                                       "description", "query", "request", "responses", NULL};
    static const char *const required[] = {"c-name", "method", "path", "success-status",
                                           "responses", NULL};
    o->name = k->text;
    o->pos = k->pos;
    if (!gen_is_ident(k->text)) {
        gen_error(k->pos, "operation name '%s' must be an identifier", k->text);
        return false;
    }
    if (!y_want(v, Y_MAPPING, "an operation") || !y_only_keys(v, keys, "an operation"))
        return false;
    for (size_t i = 0; required[i]; i++)
        if (!y_need_key(v, required[i], "an operation"))
            return false;
    const ynode *cn = y_get(v, "c-name");
    const char *t;
    if (!y_text(cn, "c-name", &t))
        return false;
    bool lower_ok = islower((unsigned char)t[0]);
    for (size_t i = 0; t[i]; i++)
        if (!islower((unsigned char)t[i]) && !isdigit((unsigned char)t[i]) && t[i] != '_')
            lower_ok = false;
    if (!lower_ok) {
        gen_error(cn->pos, "c-name '%s' must be lower case letters, digits and '_'", t);
        return false;
    }
    /* It also names the operation's member of <prefix>_request. */
    if (gen_is_keyword(t)) {
        gen_error(cn->pos, "c-name '%s' is a C or C++ keyword (it names a member of %s_request)",
                  t, s->prefix);
        return false;
    }
    size_t n = strlen(s->prefix) + strlen(t) + 2;
    o->cname = gen_alloc(n);
    snprintf(o->cname, n, "%s_%s", s->prefix, t);
    o->macro = gen_upper(o->cname);
    int64_t st;
    if (!y_int(y_get(v, "success-status"), "success-status", 200, 299, &st))
        return false;
    o->success_status = (int)st;

    bool ok = true;
    o->path_params.name = "path";
    o->path_params.cname = gen_concat(o->cname, "_path");
    o->path_params.macro = gen_upper(o->path_params.cname);
    o->path_params.pos = k->pos;
    if (!load_route(s, o, y_get(v, "method"), y_get(v, "path"), used))
        ok = false;
    o->query.name = "query";
    o->query.cname = gen_concat(o->cname, "_query");
    o->query.macro = gen_upper(o->query.cname);
    o->query.pos = k->pos;
    const ynode *q = y_get(v, "query");
    if (q && !load_query(L, o, q))
        ok = false;
    const ynode *rq = y_get(v, "request");
    if (rq) {
        if (!y_text(rq, "request", &t))
            ok = false;
        else if (!(o->request = find_message(s, t))) {
            gen_error(rq->pos, "unknown definition '%s'", t);
            ok = false;
        }
    }
    if (!load_responses(s, o, y_get(v, "responses"), err_node))
        ok = false;
    return ok;
}

bool load_operations(loader *L, const ynode *node)
{
    gen_schema *s = L->s;
    if (!y_want(node, Y_MAPPING, "operations"))
        return false;
    if (node->pair_count == 0 || node->pair_count > GEN_MAX_FIELDS) {
        gen_error(node->pos, "operations lists 1..%u operations", GEN_MAX_FIELDS);
        return false;
    }
    bool ok = true;
    bool *used = gen_alloc(s->path_field_count + 1);
    const ynode *err_node = NULL;
    s->ops = gen_alloc(node->pair_count * sizeof *s->ops);
    for (size_t i = 0; i < node->pair_count; i++) {
        gen_operation *o = &s->ops[s->op_count++];
        if (!load_operation(L, o, node->pairs[i].key, node->pairs[i].value, used, &err_node))
            ok = false;
    }
    for (size_t i = 0; ok && i < s->op_count; i++)
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->ops[i].cname, s->ops[j].cname) == 0) {
                gen_error(s->ops[i].pos, "operation %s has the c-name of %s", s->ops[i].name,
                          s->ops[j].name);
                ok = false;
            }
            if (strcmp(s->ops[i].method, s->ops[j].method) == 0 &&
                strcmp(s->ops[i].path, s->ops[j].path) == 0) {
                gen_error(s->ops[i].pos, "operation %s has the method and path of %s",
                          s->ops[i].name, s->ops[j].name);
                ok = false;
            }
        }
    for (size_t j = 0; ok && j < s->path_field_count; j++)
        if (!used[j]) {
            gen_error(s->path_fields[j].pos, "path parameter '%s' is in no operation's path",
                      s->path_fields[j].name);
            ok = false;
        }
    free(used);
    return ok;
}
