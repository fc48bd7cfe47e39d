/*
 * examples.c - x-examples: the document's bodies, checked against the
 * operations and the error body they belong to.
 */
#include <string.h>

#include "load.h"

bool load_examples(gen_schema *s, const ynode *node)
{
    static const char *const keys[] = {"name", "kind", "operation", "status", "body", "param",
                                       "id", "description", NULL};
    if (!y_want(node, Y_SEQUENCE, "x-examples"))
        return false;
    bool ok = true;
    s->examples = gen_alloc((node->item_count + 1) * sizeof *s->examples);
    for (size_t i = 0; i < node->item_count; i++) {
        const ynode *x = node->items[i];
        gen_example *e = &s->examples[s->example_count];
        memset(e, 0, sizeof *e);
        if (!y_want(x, Y_MAPPING, "an example") || !y_only_keys(x, keys, "an example") ||
            !y_need_key(x, "name", "an example") || !y_need_key(x, "kind", "an example") ||
            !y_need_key(x, "body", "an example")) {
            ok = false;
            continue;
        }
        const char *t;
        if (!y_text(y_get(x, "name"), "name", &t) || !y_text(y_get(x, "kind"), "kind", &t)) {
            ok = false;
            continue;
        }
        e->name = y_get(x, "name")->text;
        if (!gen_printable_ascii(e->name)) {
            gen_error(y_get(x, "name")->pos, "an example name must be printable ASCII");
            ok = false;
            continue;
        }
        for (size_t j = 0; j < s->example_count; j++)
            if (strcmp(s->examples[j].name, e->name) == 0) {
                gen_error(y_get(x, "name")->pos, "duplicate example name '%s'", e->name);
                ok = false;
            }
        const ynode *kn = y_get(x, "kind"), *sn = y_get(x, "status"), *bn = y_get(x, "body");
        const ynode *pn = y_get(x, "param"), *in = y_get(x, "id");
        int64_t st = 0;
        if (sn && !y_int(sn, "status", 100, 599, &st)) {
            ok = false;
            continue;
        }
        /* Requests and responses belong to an operation: the one named, or
         * the only one. */
        const ynode *on = y_get(x, "operation");
        const gen_operation *o = s->op_count == 1 ? &s->ops[0] : NULL;
        if (on) {
            const char *ot;
            if (!y_text(on, "operation", &ot)) {
                ok = false;
                continue;
            }
            o = NULL;
            for (size_t j = 0; j < s->op_count; j++)
                if (strcmp(s->ops[j].name, ot) == 0)
                    o = &s->ops[j];
            if (!o) {
                gen_error(on->pos, "unknown operation '%s'", ot);
                ok = false;
                continue;
            }
        }
        if (strcmp(t, "error") != 0 && !o) {
            gen_error(x->pos, "a %s example names its operation (operation:)", t);
            ok = false;
            continue;
        }
        if (strcmp(t, "error") == 0 && on) {
            gen_error(on->pos, "an error example is the schema's error body: no operation");
            ok = false;
            continue;
        }
        e->operation = o;
        if (strcmp(t, "request") == 0) {
            e->kind = APIG_EXAMPLE_REQUEST;
            e->message = o->request;
            if (!o->request) {
                gen_error(kn->pos, "operation %s has no request body", o->name);
                ok = false;
                continue;
            }
            if (sn) {
                gen_error(sn->pos, "a request example has no status");
                ok = false;
                continue;
            }
        } else if (strcmp(t, "response") == 0) {
            e->kind = APIG_EXAMPLE_RESPONSE;
            e->message = o->response;
            if (!o->response) {
                gen_error(kn->pos, "operation %s's success has no body", o->name);
                ok = false;
                continue;
            }
            if (sn && st != o->success_status) {
                gen_error(sn->pos, "a response example has success-status %d", o->success_status);
                ok = false;
                continue;
            }
            st = o->success_status;
        } else if (strcmp(t, "error") == 0) {
            e->kind = APIG_EXAMPLE_ERROR;
            e->message = s->error_body;
            if (!sn) {
                gen_error(x->pos, "an error example needs 'status'");
                ok = false;
                continue;
            }
            if (st < 400 || !s->error_body) {
                gen_error(sn->pos, "status %lld is not an error response of the schema",
                          (long long)st);
                ok = false;
                continue;
            }
        } else {
            gen_error(kn->pos, "unknown example kind '%s' (request, response, error)", t);
            ok = false;
            continue;
        }
        if ((pn || in) && e->kind != APIG_EXAMPLE_ERROR) {
            gen_error((pn ? pn : in)->pos, "only error examples have 'param' or 'id'");
            ok = false;
            continue;
        }
        if (pn) {
            if (!y_text(pn, "param", &t)) {
                ok = false;
                continue;
            }
            e->param = pn->text;
        }
        if (in) {
            if (!y_text(in, "id", &t)) {
                ok = false;
                continue;
            }
            e->id = in->text;
        }
        if (!y_want(bn, Y_SCALAR, "body")) {
            ok = false;
            continue;
        }
        e->status = (int)st;
        e->body = bn->text;
        e->body_len = bn->len;
        s->example_count++;
    }
    return ok;
}
