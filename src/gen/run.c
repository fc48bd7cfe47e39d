/* SPDX-License-Identifier: MIT */
/*
 * run.c - the generator in one call: schema text in, the three outputs (or
 * the errors) out, in memory. apig-gen (main.c) writes what it returns to
 * files; the fuzz target (fuzz/fuzz_gen.c) checks it.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

int gen_generate(const char *yaml, size_t len, const gen_request *rq, gen_result *out)
{
    memset(out, 0, sizeof *out);
    const char *file = rq->file ? rq->file : "<schema>";
    gen_diag_begin(file, rq->errors, rq->messages);
    if (len > GEN_MAX_SCHEMA_BYTES) {
        gen_error((gen_pos){1, 1}, "the schema is larger than %zu bytes", GEN_MAX_SCHEMA_BYTES);
    } else {
        ynode *root = yaml_load(yaml, len);
        gen_schema *s = root ? schema_load(root, rq->storage) : NULL;
        if (s && gen_error_count() == 0) {
            const char *sb = base_name(file);
            const char *ob = rq->out_base ? rq->out_base : "schema";
            emit_header(&out->header, s, sb);
            emit_source(&out->source, s, sb, ob);
            emit_examples(&out->examples, s, sb, ob);
        }
        else if (!s && gen_error_count() == 0) /* a bug, which fuzz_gen looks for */
            gen_error((gen_pos){1, 1}, "internal error: the schema was refused without a reason");
        schema_free(s);
        yaml_free(root);
    }
    out->errors = gen_diag_end(&out->first);
    if (out->errors)
        gen_result_free(out); /* nothing half-made */
    return out->errors;
}

void gen_result_free(gen_result *r)
{
    free(r->header.data);
    free(r->source.data);
    free(r->examples.data);
    r->header = r->source = r->examples = (gen_buf){0};
}
