/* SPDX-License-Identifier: MIT */
/*
 * examples.c - x-examples: the document's bodies, checked against the
 * operations and the error body they belong to.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* The example's operation: the one named, or the file's only one (NULL
 * when there is none to take); false (reported) when the name is wrong or
 * the kind does not take one. */
static bool example_operation(const gen_schema *s, const ynode *x, const char *kind, int ek,
                              const gen_operation **op)
{
    const ynode *on = y_get(x, "operation");
    const gen_operation *o = s->op_count == 1 ? &s->ops[0] : NULL;
    if (on) {
        const char *ot;
        if (!y_text(on, "operation", &ot))
            return false;
        o = NULL;
        for (size_t j = 0; j < s->op_count; j++)
            if (strcmp(s->ops[j].name, ot) == 0)
                o = &s->ops[j];
        if (!o) {
            gen_error(on->pos, "unknown operation '%s'", ot);
            return false;
        }
    }
    if (ek != APIG_EXAMPLE_ERROR && !o) {
        gen_error(x->pos, "a %s example names its operation (operation:)", kind);
        return false;
    }
    if (ek == APIG_EXAMPLE_ERROR && on) {
        gen_error(on->pos, "an error example is the schema's error body: no operation");
        return false;
    }
    *op = o;
    return true;
}

/* The example's kind, its message (of e->operation, or the error body) and
 * its status (*st: the one given, if any; a response's is its
 * operation's success-status). */
static bool example_kind(const gen_schema *s, const ynode *x, const char *kind, int ek,
                         gen_example *e, int64_t *st)
{
    const gen_operation *o = e->operation;
    const ynode *kn = y_get(x, "kind"), *sn = y_get(x, "status");
    if (ek < 0) {
        char *all = gen_keywords(&gen_example_kinds, -1, ", ");
        gen_error(kn->pos, "unknown example kind '%s' (%s)", kind, all);
        free(all);
        return false;
    }
    e->kind = (apig_example_kind)ek;
    if (ek == APIG_EXAMPLE_REQUEST) {
        e->message = o->request;
        if (!o->request) {
            gen_error(kn->pos, "operation %s has no request body", o->name);
            return false;
        }
        if (sn) {
            gen_error(sn->pos, "a request example has no status");
            return false;
        }
    } else if (ek == APIG_EXAMPLE_RESPONSE) {
        e->message = o->response;
        if (!o->response) {
            gen_error(kn->pos, "operation %s's success has no body", o->name);
            return false;
        }
        if (sn && *st != o->success_status) {
            gen_error(sn->pos, "a response example has success-status %d", o->success_status);
            return false;
        }
        *st = o->success_status;
    } else {
        e->message = s->error_body;
        if (!sn) {
            gen_error(x->pos, "an error example needs 'status'");
            return false;
        }
        if (*st < 400 || !s->error_body) {
            gen_error(sn->pos, "status %lld is not an error response of the schema",
                      (long long)*st);
            return false;
        }
    }
    return true;
}

/* An error example's param and id, and the body. */
static bool example_texts(const ynode *x, gen_example *e)
{
    const ynode *pn = y_get(x, "param"), *in = y_get(x, "id"), *bn = y_get(x, "body");
    const char *t;
    if ((pn || in) && e->kind != APIG_EXAMPLE_ERROR) {
        gen_error((pn ? pn : in)->pos, "only error examples have 'param' or 'id'");
        return false;
    }
    if (pn) {
        if (!y_text(pn, "param", &t))
            return false;
        e->param = pn->text;
    }
    if (in) {
        if (!y_text(in, "id", &t))
            return false;
        e->id = in->text;
    }
    if (!y_want(bn, Y_SCALAR, "body"))
        return false;
    e->body = bn->text;
    e->body_len = bn->len;
    return true;
}

/* Example x into e (cleared first): false when it is not kept (reported).
 * A kept example may still have set *ok to false (its name is taken). */
static bool load_example(const gen_schema *s, const ynode *x, gen_example *e, bool *ok)
{
    static const char *const keys[] = {"name", "kind", "operation", "status", "body", "param",
                                       "id", "description", NULL};
    memset(e, 0, sizeof *e);
    if (!y_want(x, Y_MAPPING, "an example") || !y_only_keys(x, keys, "an example") ||
        !y_need_key(x, "name", "an example") || !y_need_key(x, "kind", "an example") ||
        !y_need_key(x, "body", "an example"))
        return false;
    const char *t;
    if (!y_text(y_get(x, "name"), "name", &t) || !y_text(y_get(x, "kind"), "kind", &t))
        return false;
    e->name = y_get(x, "name")->text;
    if (!gen_printable_ascii(e->name)) {
        gen_error(y_get(x, "name")->pos, "an example name must be printable ASCII");
        return false;
    }
    for (size_t j = 0; j < s->example_count; j++)
        if (strcmp(s->examples[j].name, e->name) == 0) {
            gen_error(y_get(x, "name")->pos, "duplicate example name '%s'", e->name);
            *ok = false;
        }
    const ynode *sn = y_get(x, "status");
    int64_t st = 0;
    if (sn && !y_int(sn, "status", 100, 599, &st))
        return false;
    /* Requests and responses belong to an operation: the one named, or
     * the only one. */
    int ek = gen_value_of(&gen_example_kinds, t);
    if (!example_operation(s, x, t, ek, &e->operation) || !example_kind(s, x, t, ek, e, &st) ||
        !example_texts(x, e))
        return false;
    e->status = (int)st;
    return true;
}

bool load_examples(gen_schema *s, const ynode *node)
{
    if (!y_want(node, Y_SEQUENCE, "x-examples"))
        return false;
    bool ok = true;
    s->examples = gen_alloc((node->item_count + 1) * sizeof *s->examples);
    for (size_t i = 0; i < node->item_count; i++) {
        if (load_example(s, node->items[i], &s->examples[s->example_count], &ok))
            s->example_count++;
        else
            ok = false;
    }
    return ok;
}
