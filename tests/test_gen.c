/* SPDX-License-Identifier: MIT */
/*
 * test_gen.c - the schema generator (src/gen, apig-gen), schema format 2.
 *
 * 1. The tables generated from schemas/vpc_members.yaml (c-prefix vpcm,
 *    linked in through libapig-schemas) carry every constraint of the schema:
 *    its operations, what they share (vpcm_schema) and its examples.
 * 2. apig-gen run on tests/schemas/: a changed limit changes the output, the
 *    output compiles (C11, C99/C++ header) and keeps examples byte for byte,
 *    broken schemas and broken variants of minimal.yaml (the field types
 *    among them) and of query.yaml (default: and x-normalize:) fail with
 *    file:line:column, the exact message and no output, and the same schema
 *    always gives the same bytes.
 * 3. Two generated files with different prefixes (one of them the same
 *    schema under another prefix) in one program with the runtime library,
 *    limits overridden with -D, and a runtime library without any of it.
 *
 * Environment: APIG_GEN = the generator (default build/apig-gen), APIG_BUILD
 * = the build directory holding libapig.a (default build), CC and CXX = the
 * compilers for generated code (default cc, c++); run from the repository
 * root (tests/schemas/, include/, scripts/).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vpc_members.h"

/* ---- helpers ------------------------------------------------------------------ */

static const apig_operation *op(void) { return &vpcm_add_backend_instances_v2_op; }

static const apig_field *field(const apig_message *m, const char *name)
{
    int i = m->lookup(name, strlen(name));
    assert_true(i >= 0);
    assert_true((uint32_t)i < m->field_count);
    assert_string_equal(m->fields[i].name, name);
    return &m->fields[i];
}

static const char *code_of(const apig_field *f, apig_error_kind k)
{
    return op()->catalog->entries[f->kind_entry[k]].code;
}

static const char *gen_path(void)
{
    const char *g = getenv("APIG_GEN");
    return g && *g ? g : "build/apig-gen";
}

static const char *cc(void)
{
    const char *c = getenv("CC");
    return c && *c ? c : "cc";
}

static const char *cxx(void)
{
    const char *c = getenv("CXX");
    return c && *c ? c : "c++";
}

/* The runtime library, as make built it for this test run. */
static const char *libapig(void)
{
    static char path[512];
    const char *b = getenv("APIG_BUILD");
    snprintf(path, sizeof path, "%s/libapig.a", b && *b ? b : "build");
    return path;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *d = malloc(cap + 1);
    assert_non_null(d);
    size_t r;
    while ((r = fread(d + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            d = realloc(d, cap + 1);
            assert_non_null(d);
        }
    }
    fclose(f);
    d[n] = '\0';
    if (len)
        *len = n;
    return d;
}

static void write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Runs a shell command; returns its exit status (-1 if it did not exit). */
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    int st = system(cmd);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A fresh temporary directory per test (removed at teardown). */
static char tmpdir[256];

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/apig-test-gen-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Whether tmpdir/<name> is a directory. */
static bool is_dir(const char *name)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Generates schema into tmpdir/<base>; returns the exit status, the
 * generator's stderr in *err (malloc'd) when err is not NULL. */
static int generate(const char *schema, const char *base, char **err)
{
    int st = run("'%s' '%s' '%s/%s' 2>'%s/%s.err'", gen_path(), schema, tmpdir, base, tmpdir,
                 base);
    if (err) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s.err", tmpdir, base);
        *err = read_all(p, NULL);
        assert_non_null(*err);
    }
    return st;
}

static char *generated(const char *base, const char *ext)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s.%s", tmpdir, base, ext);
    char *t = read_all(p, NULL);
    assert_non_null(t);
    return t;
}

/* One change to a schema's text: `from`, which must occur exactly once,
 * becomes `to`. */
typedef struct change {
    const char *from, *to;
} change;

/* `src` with the change made (malloc'd); src is freed. */
static char *apply(char *src, const change *c, const char *what)
{
    char *at = strstr(src, c->from);
    if (!at || strstr(at + 1, c->from))
        fail_msg("%s: '%s' is not in the schema exactly once", what, c->from);
    size_t n = strlen(src) - strlen(c->from) + strlen(c->to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - src), src, c->to, at + strlen(c->from));
    free(src);
    return out;
}

/* Writes tmpdir/<name> as the schema at `path` with changes[0..n) made. */
static void edit_n(const char *path, const char *name, const change *changes, size_t n)
{
    char *src = read_all(path, NULL);
    assert_non_null(src);
    for (size_t i = 0; i < n && changes[i].from; i++)
        src = apply(src, &changes[i], name);
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    write_all(p, src);
    free(src);
}

/* Writes tmpdir/<name> as the schema at `path` with `from` replaced by `to`. */
static void edit(const char *path, const char *name, const char *from, const char *to)
{
    change c = {from, to};
    edit_n(path, name, &c, 1);
}

/* Writes tmpdir/<name> as minimal.yaml with `from` replaced by `to`. */
static void variant(const char *name, const char *from, const char *to)
{
    edit("tests/schemas/minimal.yaml", name, from, to);
}

#define WARN_FLAGS "-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla"

/* Compiles tmpdir/<prog>.c, with `flags`, together with the three files
 * apig-gen wrote for each of the space-separated `bases` and the runtime
 * library, and runs it, stdout to tmpdir/<prog>.out. Returns the run's exit
 * status. */
static int build_and_run_with(const char *prog, const char *flags, const char *bases)
{
    char files[2048] = "";
    size_t used = 0;
    for (const char *b = bases; *b;) {
        size_t n = strcspn(b, " ");
        int w = snprintf(files + used, sizeof files - used, " '%s/%.*s.c' '%s/%.*s_examples.c'",
                         tmpdir, (int)n, b, tmpdir, (int)n, b);
        assert_true(w > 0 && (size_t)w < sizeof files - used);
        used += (size_t)w;
        b += n;
        b += strspn(b, " ");
    }
    if (!exists(libapig()))
        fail_msg("%s is missing (set APIG_BUILD to the build directory)", libapig());
    int st = run("%s -std=c11 " WARN_FLAGS " %s -Iinclude -I'%s' -o '%s/%s' '%s/%s.c'%s '%s' "
                 "2>'%s/%s.err'",
                 cc(), flags, tmpdir, tmpdir, prog, tmpdir, prog, files, libapig(), tmpdir, prog);
    if (st != 0) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s.err", tmpdir, prog);
        char *err = read_all(p, NULL);
        fail_msg("%s did not build:\n%s", prog, err ? err : "");
    }
    return run("'%s/%s' > '%s/%s.out'", tmpdir, prog, tmpdir, prog);
}

static int build_and_run(const char *prog, const char *base)
{
    return build_and_run_with(prog, "", base);
}

/* ---- 1. the real schema's tables ---------------------------------------------- */

static void test_string_sizes(void **state)
{
    (void)state;
    /* 64 ASCII -> 65; 64 incl. U+4E00..U+9FA5 -> 193; 255 any -> 1021. */
    assert_int_equal(VPCM_MEMBER_INFO_ECS_ID_SIZE, 65);
    assert_int_equal(VPCM_MEMBER_INFO_ECS_NAME_SIZE, 193);
    assert_int_equal(VPCM_MEMBER_INFO_HOST_SIZE, 1021);
    assert_int_equal(sizeof(((vpcm_member_info *)0)->ecs_name), 193);
    assert_int_equal(VPCM_VPC_MEMBER_INFO_CREATE_TIME_SIZE, 36); /* date-time: 35 ASCII */
    assert_int_equal(VPCM_ERROR_MSG_ERROR_MSG_SIZE, 512 * 4 + 1);
    assert_int_equal(VPCM_ADD_BACKEND_INSTANCES_V2_PATH_PROJECT_ID_SIZE, 65);
    assert_int_equal(VPCM_TOKEN_HEADER_SIZE, 16385);

    const apig_message *mi = &vpcm_member_info_desc;
    assert_int_equal(field(mi, "ecs_id")->capacity, 65);
    assert_int_equal(field(mi, "ecs_name")->capacity, 193);
    assert_int_equal(field(mi, "host")->capacity, 1021);
    assert_int_equal(field(mi, "host")->min_length, 1);
    assert_int_equal(field(mi, "host")->max_length, 255);
    assert_int_equal(field(mi, "ecs_name")->max_length, 64);
    assert_int_equal(field(mi, "ecs_id")->offset, offsetof(vpcm_member_info, ecs_id));
    assert_int_equal(field(mi, "ecs_id")->has_offset, offsetof(vpcm_member_info, has_ecs_id));
    assert_int_equal(mi->struct_size, sizeof(vpcm_member_info));
}

static void test_integer_limits(void **state)
{
    (void)state;
    const apig_field *w = field(&vpcm_member_info_desc, "weight");
    assert_int_equal(w->type, APIG_TYPE_INT32);
    assert_true(w->has_minimum && w->has_maximum);
    assert_int_equal(w->minimum, 0);
    assert_int_equal(w->maximum, 100);
    assert_int_equal(w->required, 0);

    const apig_message *page = &vpcm_vpc_member_page_desc;
    assert_int_equal(field(page, "total")->type, APIG_TYPE_INT64);
    assert_int_equal(field(page, "size")->type, APIG_TYPE_INT32);
    assert_true(field(page, "size")->has_minimum);
    assert_false(field(page, "size")->has_maximum);
    const apig_field *st = field(&vpcm_vpc_member_info_desc, "status");
    assert_false(st->has_minimum || st->has_maximum);
}

static void test_arrays_and_required(void **state)
{
    (void)state;
    const apig_field *m = field(&vpcm_vpc_member_create_desc, "members");
    assert_int_equal(m->type, APIG_TYPE_ARRAY);
    assert_int_equal(m->required, 1);
    assert_int_equal(m->min_length, 1);
    assert_int_equal(m->capacity, VPCM_MEMBERS_MAX);
    assert_int_equal(VPCM_VPC_MEMBER_CREATE_MEMBERS_MAX, VPCM_MEMBERS_MAX);
    assert_int_equal(m->item_size, sizeof(vpcm_member_info));
    assert_ptr_equal(m->message, &vpcm_member_info_desc);
    assert_int_equal(m->count_offset, offsetof(vpcm_vpc_member_create, members_count));
    assert_int_equal(m->offset, offsetof(vpcm_vpc_member_create, members));

    const apig_message *page = &vpcm_vpc_member_page_desc;
    assert_true(field(page, "size")->required && field(page, "total")->required &&
                field(page, "members")->required);
    assert_int_equal(field(page, "members")->min_length, 0);
    assert_false(field(&vpcm_member_info_desc, "host")->required);
}

static void assert_ranges(const apig_charset *cs, const apig_char_range *want, uint32_t n)
{
    assert_non_null(cs);
    assert_int_equal(cs->range_count, n);
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(cs->ranges[i].first, want[i].first);
        assert_int_equal(cs->ranges[i].last, want[i].last);
    }
}

static void test_charsets(void **state)
{
    (void)state;
    /* Sorted, and adjacent 0x2D/0x2E merged. */
    static const apig_char_range id[] = {
        {0x2D, 0x2D}, {0x30, 0x39}, {0x41, 0x5A}, {0x5F, 0x5F}, {0x61, 0x7A}};
    static const apig_char_range name[] = {{0x2D, 0x2E}, {0x30, 0x39}, {0x41, 0x5A},
                                           {0x5F, 0x5F}, {0x61, 0x7A}, {0x4E00, 0x9FA5}};
    static const apig_char_range visible[] = {{0x21, 0x7E}};
    assert_ranges(field(&vpcm_member_info_desc, "ecs_id")->charset, id, 5);
    assert_ranges(field(&vpcm_member_info_desc, "ecs_name")->charset, name, 6);
    assert_ranges(op()->token_header->charset, visible, 1);
    assert_string_equal(field(&vpcm_member_info_desc, "ecs_id")->charset->name, "id");
    /* One table per set, shared by its fields. */
    assert_ptr_equal(field(&vpcm_member_info_desc, "ecs_id")->charset,
                     field(&vpcm_vpc_member_info_desc, "id")->charset);
    assert_null(field(&vpcm_member_info_desc, "host")->charset);
    /* The generated ASCII bitmaps say exactly what the ranges say. */
    const apig_charset *sets[] = {field(&vpcm_member_info_desc, "ecs_id")->charset,
                                  field(&vpcm_member_info_desc, "ecs_name")->charset,
                                  op()->token_header->charset};
    for (size_t k = 0; k < 3; k++)
        for (uint32_t c = 0; c < 0x80; c++) {
            bool in = false;
            for (uint32_t i = 0; i < sets[k]->range_count; i++)
                in = in || (c >= sets[k]->ranges[i].first && c <= sets[k]->ranges[i].last);
            if ((bool)((sets[k]->ascii[c >> 6] >> (c & 63)) & 1) != in)
                fail_msg("%s: bitmap and ranges disagree on 0x%02X", sets[k]->name, (unsigned)c);
        }
    /* The byte classes say what the ranges say, for every byte value. */
    for (size_t k = 0; k < 3; k++) {
        const apig_charset *cs = sets[k];
        for (uint32_t b = 0; b < 256; b++) {
            bool in = false;
            for (uint32_t i = 0; i < cs->range_count; i++)
                in = in || (b >= cs->ranges[i].first && b <= cs->ranges[i].last);
            bool text = in && b >= 0x20 && b < 0x80;
            unsigned want = (text ? APIG_BYTE_TEXT_PLAIN : 0u) |
                            (text && b != '\\' ? APIG_BYTE_JSON_PLAIN : 0u);
            if (cs->byte_class[b] != want)
                fail_msg("%s: byte classes and ranges disagree on 0x%02X", cs->name, (unsigned)b);
        }
    }
}

/* The catalog names the error body's code and message fields (x-errors:
 * body:), which apig_error_encode writes. */
static void test_error_body_fields(void **state)
{
    (void)state;
    const apig_catalog *c = op()->catalog;
    assert_ptr_equal(c->error_body, &vpcm_error_msg_desc);
    assert_ptr_equal(c->error_body, op()->error_body);
    assert_string_equal(c->error_body->fields[c->error_code_field].name, "error_code");
    assert_string_equal(c->error_body->fields[c->error_message_field].name, "error_msg");
}

static void test_error_codes(void **state)
{
    (void)state;
    const apig_field *w = field(&vpcm_member_info_desc, "weight");
    assert_string_equal(code_of(w, APIG_ERROR_RANGE), "APIG.2004");
    assert_string_equal(code_of(w, APIG_ERROR_NOT_INTEGER), "APIG.2012");
    assert_string_equal(code_of(w, APIG_ERROR_TYPE), "APIG.2012");
    const apig_field *h = field(&vpcm_member_info_desc, "host");
    assert_string_equal(code_of(h, APIG_ERROR_FORMAT), "APIG.2015");
    assert_string_equal(code_of(h, APIG_ERROR_TOO_SHORT), "APIG.2005");
    assert_string_equal(code_of(h, APIG_ERROR_TOO_LONG), "APIG.2006");
    assert_string_equal(code_of(field(&vpcm_vpc_member_create_desc, "members"),
                                APIG_ERROR_CAPACITY), "APIG.3110");
    /* Fields without overrides share the catalog's array. */
    assert_ptr_equal(w->kind_entry, op()->catalog->kind_entry);

    /* create_time: format -> APIG.2012 instead of APIG.2015. */
    const apig_field *ct = field(&vpcm_vpc_member_info_desc, "create_time");
    assert_int_equal(ct->format, APIG_FORMAT_DATE_TIME);
    assert_string_equal(code_of(ct, APIG_ERROR_FORMAT), "APIG.2012");
    assert_string_equal(code_of(ct, APIG_ERROR_TOO_LONG), "APIG.2006");

    /* X-Auth-Token: required/min_length -> 1000, max_length/charset -> 1002. */
    const apig_field *t = op()->token_header;
    assert_string_equal(t->name, "X-Auth-Token");
    assert_int_equal(t->name_len, 12);
    assert_int_equal(t->min_length, 1);
    assert_int_equal(t->max_length, 16384);
    assert_string_equal(code_of(t, APIG_ERROR_REQUIRED), "APIG.1000");
    assert_string_equal(code_of(t, APIG_ERROR_TOO_SHORT), "APIG.1000");
    assert_string_equal(code_of(t, APIG_ERROR_TOO_LONG), "APIG.1002");
    assert_string_equal(code_of(t, APIG_ERROR_CHARSET), "APIG.1002");
    assert_string_equal(code_of(t, APIG_ERROR_RANGE), "APIG.2004"); /* not overridden */

    /* Every kind maps to an entry. */
    for (int k = 1; k < APIG_ERROR_KIND_COUNT; k++)
        assert_true(op()->catalog->kind_entry[k] < op()->catalog->entry_count);
    assert_string_equal(code_of(w, APIG_ERROR_SYNTAX), "APIG.2000");
    assert_string_equal(code_of(w, APIG_ERROR_TOKEN_MISSING), "APIG.1000");
    assert_string_equal(code_of(w, APIG_ERROR_TOKEN_INVALID), "APIG.1002");
}

static void test_catalog(void **state)
{
    (void)state;
    const apig_catalog *c = op()->catalog;
    assert_int_equal(c->entry_count, 13);
    for (uint32_t i = 1; i < c->entry_count; i++)
        assert_true(strcmp(c->entries[i - 1].code, c->entries[i].code) < 0);
    assert_string_equal(c->entries[0].code, "APIG.1000");
    assert_string_equal(c->entries[12].code, "APIG.9999");
    const apig_catalog_entry *e = &c->entries[c->kind_entry[APIG_ERROR_RANGE]];
    assert_int_equal(e->status, 400);
    assert_string_equal(e->message, "The parameter value is outside the allowable range");
    assert_int_equal(e->decoration, APIG_DECORATE_PARAM);
    e = &c->entries[c->kind_entry[APIG_ERROR_CAPACITY]];
    assert_int_equal(e->status, 403);
    assert_int_equal(e->decoration, APIG_DECORATE_NONE);
    bool saw_3023 = false;
    for (uint32_t i = 0; i < c->entry_count; i++)
        if (strcmp(c->entries[i].code, "APIG.3023") == 0) {
            saw_3023 = true;
            assert_int_equal(c->entries[i].status, 404);
            assert_int_equal(c->entries[i].decoration, APIG_DECORATE_ID);
        }
    assert_true(saw_3023);
    assert_string_equal(c->param_format,
                        "{message},parameterName:{param}. Please refer to the support documentation");
    assert_string_equal(c->id_format, "{message},id:{id}");
    assert_string_equal(c->detail_format, "{message}: Serialization error: {detail}");
    /* Every message points to the schema's catalog and the schema. */
    assert_ptr_equal(vpcm_member_info_desc.catalog, c);
    assert_ptr_equal(vpcm_schema.catalog, c);
}

static void test_context_and_conditions(void **state)
{
    (void)state;
    /* The keys are the schema's, shared by its operations. */
    assert_ptr_equal(op()->schema, &vpcm_schema);
    assert_int_equal(vpcm_schema.context_key_count, 2);
    const apig_context_key *mt = &vpcm_schema.context_keys[VPCM_CTX_MEMBER_TYPE];
    assert_string_equal(mt->name, "member_type");
    assert_int_equal(mt->value_count, 2);
    assert_string_equal(mt->values[0], "ip");
    assert_string_equal(mt->values[1], "instance");
    assert_int_equal(mt->alias_count, 1);
    assert_string_equal(mt->alias_names[0], "ecs");
    assert_int_equal(mt->alias_values[0], 1);
    const apig_context_key *ch = &vpcm_schema.context_keys[VPCM_CTX_CHANNEL_TYPE];
    assert_string_equal(ch->name, "channel_type");
    assert_int_equal(ch->value_count, 0); /* integer key */

    const apig_field *h = field(&vpcm_member_info_desc, "host");
    assert_int_equal(h->condition_count, 2);
    assert_int_equal(h->conditions[0].key, 0);
    assert_int_equal(h->conditions[0].value, 0); /* ip */
    assert_int_equal(h->conditions[0].action, APIG_WHEN_REQUIRE);
    assert_int_equal(h->conditions[1].action, APIG_WHEN_FORMAT);
    assert_int_equal(h->conditions[1].format, APIG_FORMAT_IP_ADDRESS);
    assert_int_equal(h->format, APIG_FORMAT_NONE); /* only by context */

    const apig_field *e = field(&vpcm_member_info_desc, "ecs_id");
    assert_int_equal(e->condition_count, 1);
    assert_int_equal(e->conditions[0].value, 1); /* instance */
    assert_int_equal(e->conditions[0].action, APIG_WHEN_REQUIRE);
    assert_int_equal(field(&vpcm_member_info_desc, "weight")->condition_count, 0);
    assert_null(field(&vpcm_member_info_desc, "weight")->conditions);
}

static void assert_order(const apig_message *m, const char *const *names, uint32_t n)
{
    assert_int_equal(m->field_count, n);
    for (uint32_t i = 0; i < n; i++)
        assert_string_equal(m->fields[m->encode_order[i]].name, names[i]);
}

static void test_encode_order_and_lookup(void **state)
{
    (void)state;
    static const char *const mi[] = {"host", "ecs_id", "ecs_name", "weight"};
    static const char *const page[] = {"total", "size", "members"};
    static const char *const info[] = {"create_time", "host", "id", "ecs_id", "ecs_name",
                                       "status", "vpc_channel_id", "weight"};
    static const char *const err[] = {"error_code", "error_msg"};
    assert_order(&vpcm_member_info_desc, mi, 4);
    assert_order(&vpcm_vpc_member_page_desc, page, 3);
    assert_order(&vpcm_vpc_member_info_desc, info, 8);
    assert_order(&vpcm_error_msg_desc, err, 2);
    /* Declaration order in fields[]. */
    assert_string_equal(vpcm_member_info_desc.fields[0].name, "host");
    assert_string_equal(vpcm_member_info_desc.fields[1].name, "weight");

    const apig_message *m = &vpcm_member_info_desc;
    assert_int_equal(m->lookup("weight", 6), 1);
    assert_int_equal(m->lookup("weightx", 6), 1); /* (pointer, length) */
    assert_int_equal(m->lookup("weight", 5), -1);
    assert_int_equal(m->lookup("Weight", 6), -1);
    assert_int_equal(m->lookup("", 0), -1);
    assert_int_equal(m->lookup("members", 7), -1);
}

static void test_operation_and_path(void **state)
{
    (void)state;
    const apig_operation *o = op();
    assert_string_equal(o->name, "AddingBackendInstancesV2");
    assert_string_equal(o->method, "POST");
    assert_string_equal(o->path_template,
                        "/v2/{project_id}/apigw/instances/{instance_id}/vpc-channels/"
                        "{vpc_channel_id}/members");
    assert_int_equal(o->success_status, 201);
    assert_ptr_equal(o->request, &vpcm_vpc_member_create_desc);
    assert_ptr_equal(o->response, &vpcm_vpc_member_page_desc);
    assert_ptr_equal(o->error_body, &vpcm_error_msg_desc);
    assert_ptr_equal(o->path, &vpcm_add_backend_instances_v2_path_desc);
    assert_ptr_equal(o->token_header, &vpcm_token_header);
    const apig_message *p = o->path;
    assert_int_equal(p->field_count, 3);
    for (uint32_t i = 0; i < p->field_count; i++) {
        assert_int_equal(p->fields[i].required, 1);
        assert_int_equal(p->fields[i].min_length, 1);
        assert_int_equal(p->fields[i].max_length, 64);
        assert_int_equal(p->fields[i].capacity, 65);
        assert_string_equal(p->fields[i].charset->name, "id");
    }
    assert_int_equal(p->lookup("vpc_channel_id", 14), 2);
    assert_int_equal(p->struct_size, sizeof(vpcm_add_backend_instances_v2_path));
}

/* The file's three operations share its parameters, header, catalog, error
 * body and context keys (vpcm_schema), each with its own route and parts. */
static void test_schema_and_operations(void **state)
{
    (void)state;
    const apig_operation *add = &vpcm_add_backend_instances_v2_op;
    const apig_operation *list = &vpcm_list_backend_instances_v2_op;
    const apig_operation *del = &vpcm_delete_backend_instance_v2_op;
    assert_string_equal(vpcm_schema.prefix, "vpcm");
    assert_int_equal(VPCM_OPERATION_COUNT, 3);
    assert_int_equal(vpcm_schema.operation_count, VPCM_OPERATION_COUNT);
    assert_ptr_equal(vpcm_schema.operations, vpcm_operations);
    /* In the schema's order. */
    assert_ptr_equal(vpcm_operations[0], add);
    assert_ptr_equal(vpcm_operations[1], list);
    assert_ptr_equal(vpcm_operations[2], del);
    assert_ptr_equal(vpcm_schema.token_header, &vpcm_token_header);
    assert_ptr_equal(vpcm_schema.error_body, &vpcm_error_msg_desc);
    for (uint32_t i = 0; i < vpcm_schema.operation_count; i++) {
        const apig_operation *o = vpcm_operations[i];
        assert_ptr_equal(o->schema, &vpcm_schema);
        assert_ptr_equal(o->catalog, vpcm_schema.catalog);
        assert_ptr_equal(o->token_header, &vpcm_token_header);
        assert_ptr_equal(o->error_body, &vpcm_error_msg_desc);
        assert_int_equal(o->path_offset, 0);
        /* Path parameters come from parameters: path:, in template order. */
        for (uint32_t j = 0; j < o->path->field_count; j++) {
            char brace[80];
            snprintf(brace, sizeof brace, "{%s}", o->path->fields[j].name);
            assert_non_null(strstr(o->path_template, brace));
            assert_int_equal(o->path->fields[j].required, 1);
        }
    }

    assert_string_equal(list->name, "ListBackendInstancesV2");
    assert_string_equal(list->method, "GET");
    assert_string_equal(list->path_template, add->path_template);
    assert_int_equal(list->success_status, 200);
    assert_null(list->request); /* a body is refused */
    assert_ptr_equal(list->response, &vpcm_vpc_member_page_desc);
    assert_ptr_equal(list->path, &vpcm_list_backend_instances_v2_path_desc);
    assert_ptr_equal(list->query, &vpcm_list_backend_instances_v2_query_desc);
    const apig_message *q = list->query;
    assert_int_equal(q->field_count, 6);
    assert_int_equal(field(q, "offset")->type, APIG_TYPE_INT64);
    assert_int_equal(field(q, "limit")->type, APIG_TYPE_INT32);
    assert_int_equal(field(q, "name")->capacity, 257);
    assert_string_equal(field(q, "member_group_id")->charset->name, "id");
    assert_int_equal(field(q, "precise_search")->required, 0);
    assert_int_equal(q->struct_size, sizeof(vpcm_list_backend_instances_v2_query));
    assert_int_equal(list->parts_size, sizeof(vpcm_list_backend_instances_v2_request));
    assert_int_equal(list->query_offset, offsetof(vpcm_list_backend_instances_v2_request, query));
    assert_int_equal(list->body_offset, 0);

    assert_string_equal(del->method, "DELETE");
    assert_int_equal(del->success_status, 204);
    assert_null(del->request);
    assert_null(del->response); /* 204: null */
    assert_null(del->query);
    assert_int_equal(del->path->field_count, 4);
    assert_string_equal(del->path->fields[3].name, "member_id");
    assert_int_equal(del->parts_size, sizeof(vpcm_delete_backend_instance_v2_request));
    assert_null(add->query);
    assert_int_equal(add->parts_size, sizeof(vpcm_add_backend_instances_v2_request));
    assert_int_equal(add->body_offset, offsetof(vpcm_add_backend_instances_v2_request, body));
    assert_int_equal(add->query_offset, 0);

    /* One union holds the parts of any of the file's requests. */
    vpcm_request any;
    assert_true(sizeof any >= sizeof any.add_backend_instances_v2);
    assert_true(sizeof any >= sizeof any.list_backend_instances_v2);
    assert_true(sizeof any >= sizeof any.delete_backend_instance_v2);
    assert_int_equal(sizeof any.list_backend_instances_v2.query,
                     sizeof(vpcm_list_backend_instances_v2_query));

    /* Every message uses the file's catalog. */
    const apig_message *all[] = {&vpcm_vpc_member_create_desc, &vpcm_member_info_desc,
                                 &vpcm_vpc_member_page_desc, &vpcm_vpc_member_info_desc,
                                 &vpcm_error_msg_desc, &vpcm_delete_backend_instance_v2_path_desc};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_ptr_equal(all[i]->catalog, vpcm_schema.catalog);
    }
}

static void test_examples(void **state)
{
    (void)state;
    const apig_operation *o = op();
    assert_int_equal(vpcm_examples.count, 9);
    const apig_example *e = &vpcm_examples.items[0];
    static const char first[] = "{\n"
                                "  \"members\" : [ {\n"
                                "    \"host\" : \"192.168.2.25\",\n"
                                "    \"weight\" : 1\n"
                                "  } ]\n"
                                "}";
    assert_string_equal(e->name, "request-host");
    assert_int_equal(e->kind, APIG_EXAMPLE_REQUEST);
    assert_ptr_equal(e->message, &vpcm_vpc_member_create_desc);
    assert_int_equal(e->body_len, sizeof first - 1);
    assert_memory_equal(e->body, first, sizeof first);

    int requests = 0, responses = 0, errors = 0;
    for (uint32_t i = 0; i < vpcm_examples.count; i++) {
        e = &vpcm_examples.items[i];
        assert_int_equal(strlen(e->body), e->body_len);
        assert_true(e->body[0] == '{' && e->body[e->body_len - 1] == '}');
        if (e->kind == APIG_EXAMPLE_REQUEST) {
            requests++;
            assert_ptr_equal(e->operation, o); /* named by operation: */
            assert_ptr_equal(e->message, o->request);
            assert_int_equal(e->status, 0);
        } else if (e->kind == APIG_EXAMPLE_RESPONSE) {
            responses++;
            assert_ptr_equal(e->operation, o);
            assert_int_equal(e->status, 201);
            assert_int_equal(e->status, e->operation->success_status);
            assert_ptr_equal(e->message, e->operation->response);
        } else {
            errors++;
            assert_int_equal(e->kind, APIG_EXAMPLE_ERROR);
            assert_null(e->operation); /* the schema's, not an operation's */
            assert_ptr_equal(e->message, vpcm_schema.error_body);
            assert_ptr_equal(e->message, o->error_body);
        }
        if (strcmp(e->name, "error-400") == 0) {
            assert_int_equal(e->status, 400);
            assert_string_equal(e->error_param, "weight");
            assert_null(e->error_id);
            assert_non_null(strstr(e->body, "\"error_code\" : \"APIG.2004\""));
        }
        if (strcmp(e->name, "error-404") == 0) {
            assert_null(e->error_param);
            assert_string_equal(e->error_id, "56a7d7358e1b42459c9d730d65b14e59");
        }
        /* An encoded body never exceeds the bound of its message. */
        if (e->message == &vpcm_vpc_member_page_desc)
            assert_true(e->body_len <= VPCM_VPC_MEMBER_PAGE_ENCODED_MAX);
    }
    assert_int_equal(requests, 2);
    assert_int_equal(responses, 2);
    assert_int_equal(errors, 5);
}

static void test_encoded_max(void **state)
{
    (void)state;
    /* Each string's worst case escaped as ASCII: error_code (visible ASCII,
     * '"' and '\' escape to 2), error_msg (any character: 12 per non-BMP
     * character); plus keys and punctuation. Generous but not absurd. */
    size_t strings = 2 + 32 * 2 + 2 + 512 * 12;
    assert_true(VPCM_ERROR_MSG_ENCODED_MAX >= strings + sizeof "{\n  \"error_code\" : ,\n  \"error_msg\" : \n}");
    assert_true(VPCM_ERROR_MSG_ENCODED_MAX < strings + 100);
    /* A request scales with the capacity. */
    assert_true(VPCM_VPC_MEMBER_CREATE_ENCODED_MAX >=
                (size_t)VPCM_MEMBERS_MAX * VPCM_MEMBER_INFO_ENCODED_MAX);
    assert_true(VPCM_VPC_MEMBER_CREATE_ENCODED_MAX <
                (size_t)VPCM_MEMBERS_MAX * (VPCM_MEMBER_INFO_ENCODED_MAX + 64) + 64);
    /* host alone: 255 characters x 12 bytes. */
    assert_true(VPCM_MEMBER_INFO_ENCODED_MAX >= 255 * 12 + 64 + 64 * 6 + 11);
}

/* In the default configuration every message's body limit covers what
 * apig_encode can write for it. */
#define BODY_COVERS_BOUND(M) _Static_assert(M##_BODY_MAX >= M##_ENCODED_MAX, #M)
BODY_COVERS_BOUND(VPCM_VPC_MEMBER_CREATE);
BODY_COVERS_BOUND(VPCM_MEMBER_INFO);
BODY_COVERS_BOUND(VPCM_VPC_MEMBER_PAGE);
BODY_COVERS_BOUND(VPCM_VPC_MEMBER_INFO);
BODY_COVERS_BOUND(VPCM_ERROR_MSG);
BODY_COVERS_BOUND(VPCM_ADD_BACKEND_INSTANCES_V2_PATH);
BODY_COVERS_BOUND(VPCM_LIST_BACKEND_INSTANCES_V2_PATH);
BODY_COVERS_BOUND(VPCM_LIST_BACKEND_INSTANCES_V2_QUERY);
BODY_COVERS_BOUND(VPCM_DELETE_BACKEND_INSTANCE_V2_PATH);

static void test_body_limits(void **state)
{
    (void)state;
    const struct {
        const apig_message *m;
        size_t body_max, encoded_max, encoded_max_pp;
    } all[] = {
        {&vpcm_vpc_member_create_desc, VPCM_VPC_MEMBER_CREATE_BODY_MAX,
         VPCM_VPC_MEMBER_CREATE_ENCODED_MAX, VPCM_VPC_MEMBER_CREATE_ENCODED_MAX_PP},
        {&vpcm_member_info_desc, VPCM_MEMBER_INFO_BODY_MAX, VPCM_MEMBER_INFO_ENCODED_MAX,
         VPCM_MEMBER_INFO_ENCODED_MAX_PP},
        {&vpcm_vpc_member_page_desc, VPCM_VPC_MEMBER_PAGE_BODY_MAX,
         VPCM_VPC_MEMBER_PAGE_ENCODED_MAX, VPCM_VPC_MEMBER_PAGE_ENCODED_MAX_PP},
        {&vpcm_vpc_member_info_desc, VPCM_VPC_MEMBER_INFO_BODY_MAX,
         VPCM_VPC_MEMBER_INFO_ENCODED_MAX, VPCM_VPC_MEMBER_INFO_ENCODED_MAX_PP},
        {&vpcm_error_msg_desc, VPCM_ERROR_MSG_BODY_MAX, VPCM_ERROR_MSG_ENCODED_MAX,
         VPCM_ERROR_MSG_ENCODED_MAX_PP},
        {&vpcm_add_backend_instances_v2_path_desc, VPCM_ADD_BACKEND_INSTANCES_V2_PATH_BODY_MAX,
         VPCM_ADD_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX,
         VPCM_ADD_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX_PP},
        {&vpcm_list_backend_instances_v2_path_desc, VPCM_LIST_BACKEND_INSTANCES_V2_PATH_BODY_MAX,
         VPCM_LIST_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX,
         VPCM_LIST_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX_PP},
        {&vpcm_list_backend_instances_v2_query_desc,
         VPCM_LIST_BACKEND_INSTANCES_V2_QUERY_BODY_MAX,
         VPCM_LIST_BACKEND_INSTANCES_V2_QUERY_ENCODED_MAX,
         VPCM_LIST_BACKEND_INSTANCES_V2_QUERY_ENCODED_MAX_PP},
        {&vpcm_delete_backend_instance_v2_path_desc, VPCM_DELETE_BACKEND_INSTANCE_V2_PATH_BODY_MAX,
         VPCM_DELETE_BACKEND_INSTANCE_V2_PATH_ENCODED_MAX,
         VPCM_DELETE_BACKEND_INSTANCE_V2_PATH_ENCODED_MAX_PP},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        /* the table carries the macro; #if's form is the same number */
        assert_int_equal(all[i].m->max_body_bytes, all[i].body_max);
        assert_int_equal(all[i].encoded_max_pp, all[i].encoded_max);
        /* every bound of this schema is below the default 1 MiB at the
         * default capacity, which is then every message's limit */
        assert_int_equal(all[i].body_max, 1024 * 1024);
    }
}

/* Compiles a file that includes tmpdir/<base>.h, with `defines` and the
 * static assertions in `asserts`; the compiler's stderr in *err. */
static int compile_header(const char *base, const char *defines, const char *asserts, char **err)
{
    char p[512];
    snprintf(p, sizeof p, "%s/inc.c", tmpdir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fprintf(f, "#include \"%s.h\"\n%s\nint main(void) { return 0; }\n", base, asserts);
    assert_int_equal(fclose(f), 0);
    int st = run("%s -std=c11 " WARN_FLAGS " %s -Iinclude -I'%s' -fsyntax-only '%s/inc.c' "
                 "2>'%s/inc.err'", cc(), defines, tmpdir, tmpdir, tmpdir);
    snprintf(p, sizeof p, "%s/inc.err", tmpdir);
    *err = read_all(p, NULL);
    assert_non_null(*err);
    return st;
}

/* The compiler's diagnostics: `errors` errors, among them `what`. */
static void expect_errors(const char *err, size_t errors, const char *what)
{
    size_t n = 0;
    for (const char *at = err; (at = strstr(at, ": error: ")) != NULL; at++)
        n++;
    if (n != errors || (what && !strstr(err, what)))
        fail_msg("wanted %zu errors with \"%s\", got %zu:\n%s", errors, what ? what : "", n,
                 err);
}

#define BELOW(M) \
    "APIG_CFG_MAX_BODY_BYTES is below " M "_ENCODED_MAX, the most apig_encode writes for "
/* A static assertion for compile_header. */
#define SA(cond) "_Static_assert(" cond ", " #cond ");\n"

/* An embedder's byte limit below a message's encoded bound is a build error
 * that names the message, unless it is opted into; the default limit and a
 * raised capacity are not. */
static void test_body_limit_below_bound(void **state)
{
    (void)state;
    assert_int_equal(generate("schemas/vpc_members.yaml", "abi", NULL), 0);
    char *err;

    /* 64 KiB holds one member, not 200: the request and the page. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MAX_BODY_BYTES=65536", "", &err), 1);
    expect_errors(err, 2, BELOW("VPCM_VPC_MEMBER_CREATE") "VpcMemberCreate "
                          "(22 + (VPCM_MEMBERS_MAX) * (2 + 3598) bytes): apig_decode "
                          "would refuse such bodies as too large. Raise "
                          "APIG_CFG_MAX_BODY_BYTES, lower the capacity, or define "
                          "APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX to accept that");
    expect_errors(err, 2, BELOW("VPCM_VPC_MEMBER_PAGE") "VpcMemberPage ");
    free(err);

    /* Opted into, the limit is exactly the embedder's, for every message. */
    assert_int_equal(compile_header("abi",
                                    "-DAPIG_CFG_MAX_BODY_BYTES=65536 "
                                    "-DAPIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX",
                                    SA("VPCM_VPC_MEMBER_CREATE_BODY_MAX == 65536")
                                    SA("VPCM_VPC_MEMBER_PAGE_BODY_MAX == 65536")
                                    SA("VPCM_ERROR_MSG_BODY_MAX == 65536"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);

    /* A limit set above every bound is taken as it is. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MAX_BODY_BYTES=2000000",
                                    SA("VPCM_VPC_MEMBER_CREATE_BODY_MAX == 2000000")
                                    SA("VPCM_ERROR_MSG_BODY_MAX == 2000000"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    /* ...until a raised capacity outgrows it: the build says so. */
    assert_int_equal(compile_header("abi",
                                    "-DAPIG_CFG_MAX_BODY_BYTES=2000000 -DVPCM_MEMBERS_MAX=600",
                                    "", &err), 1);
    expect_errors(err, 2, BELOW("VPCM_VPC_MEMBER_CREATE") "VpcMemberCreate ");
    expect_errors(err, 2, BELOW("VPCM_VPC_MEMBER_PAGE") "VpcMemberPage ");
    free(err);

    /* Left to the default, raising the capacity raises the limits that
     * need it and leaves the others at 1 MiB. */
    assert_int_equal(compile_header("abi", "-DVPCM_MEMBERS_MAX=300",
                                    SA("VPCM_VPC_MEMBER_CREATE_ENCODED_MAX > 1048576")
                                    SA("VPCM_VPC_MEMBER_CREATE_BODY_MAX == "
                                       "VPCM_VPC_MEMBER_CREATE_ENCODED_MAX")
                                    SA("VPCM_VPC_MEMBER_PAGE_BODY_MAX == "
                                       "VPCM_VPC_MEMBER_PAGE_ENCODED_MAX")
                                    SA("VPCM_ERROR_MSG_BODY_MAX == 1048576"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    /* The most the capacity allows still fits the decoder's 2^30. */
    assert_int_equal(compile_header("abi", "-DVPCM_MEMBERS_MAX=65535",
                                    SA("VPCM_VPC_MEMBER_PAGE_BODY_MAX == "
                                       "VPCM_VPC_MEMBER_PAGE_ENCODED_MAX"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
}

/* A bound above 2^30 (token offsets are ints) stops the build, whatever
 * the byte limit. */
static void test_bound_above_decoder_maximum(void **state)
{
    (void)state;
    /* 65535 replies of 1048576 characters each */
    variant("wide.yaml", "      echo: {type: string, minLength: 1, maxLength: 12}\n",
            "      echo: {type: string, minLength: 1, maxLength: 1048576}\n");
    char p[512];
    snprintf(p, sizeof p, "%s/wide.yaml", tmpdir);
    edit(p, "huge.yaml", "      label:\n",
         "      replies: {type: array, maxItems: 65535, items: PingReply}\n      label:\n");
    snprintf(p, sizeof p, "%s/huge.yaml", tmpdir);
    assert_int_equal(generate(p, "huge", NULL), 0);
    char *err;
    assert_int_equal(compile_header("huge", "", "", &err), 1);
    expect_errors(err, 1, "MINI_PING_REQUEST_ENCODED_MAX, the most apig_encode writes for "
                          "PingRequest (71 + 65535 * (2 + 12582952 + (MINI_TAGS_MAX) * (2 + 34)) "
                          "bytes), is above 2^30, the largest body the decoder can take");
    free(err);
    /* One reply alone is well below. */
    snprintf(p, sizeof p, "%s/wide.yaml", tmpdir);
    assert_int_equal(generate(p, "wide", NULL), 0);
    assert_int_equal(compile_header("wide", "", "", &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
}

/* Whether the generator's error output for tmpdir/<name>.yaml is exactly
 * `want` (lines "line:column: error: text", each after the file's name) and
 * no output file is written; prints what differs. */
static bool generate_fails_as(const char *name, const char *want)
{
    char schema[512], base[128];
    snprintf(schema, sizeof schema, "%s/%s.yaml", tmpdir, name);
    snprintf(base, sizeof base, "out-%s", name);
    char *err;
    int st = generate(schema, base, &err);
    size_t cap = 2 * strlen(want) + 16 * (strlen(schema) + 2) + 1, n = 0;
    char *full = malloc(cap);
    assert_non_null(full);
    full[0] = '\0';
    for (const char *line = want; *line;) {
        size_t len = strcspn(line, "\n");
        n += (size_t)snprintf(full + n, cap - n, "%s:%.*s\n", schema, (int)len, line);
        assert_true(n < cap);
        line += len + (line[len] == '\n');
    }
    bool ok = true;
    if (st != 1 || strcmp(err, full) != 0) {
        print_error("%s: status %d, stderr:\n%s\nwanted:\n%s\n", name, st, err, full);
        ok = false;
    }
    static const char *const ext[] = {".h", ".c", "_examples.c", ".h.tmp", ".c.tmp",
                                      "_examples.c.tmp"};
    for (size_t k = 0; k < sizeof ext / sizeof ext[0]; k++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s%s", tmpdir, base, ext[k]);
        if (exists(p)) {
            print_error("%s: output %s was written\n", name, p);
            ok = false;
        }
    }
    free(full);
    free(err);
    return ok;
}

/* The generator's error output for tmpdir/<name>.yaml must be exactly
 * `want`, and no output file may be written. */
static void expect_generate_fails(const char *name, const char *want)
{
    if (!generate_fails_as(name, want))
        fail_msg("%s: not refused as wanted", name);
}

/* The limit's macro is a generated name like the others. */
static void test_body_max_name_clash(void **state)
{
    (void)state;
    variant("clash.yaml", "      label:\n",
            "      body: {type: array, maxItems: 2, items: PingReply}\n      label:\n");
    expect_generate_fails("clash", "53:7: error: generated name 'MINI_PING_REQUEST_BODY_MAX' "
                                   "clashes with one from line 44\n");
}

/* ---- 2. the generator on test schemas --------------------------------------------- */

static void test_changed_limit_changes_table(void **state)
{
    (void)state;
    variant("base.yaml", "maximum: 100\n", "maximum: 100\n");
    variant("wide.yaml", "maximum: 100\n", "maximum: 10000\n");
    variant("long.yaml", "        maxLength: 8\n", "        maxLength: 80\n");
    variant("set.yaml", "    - [0x30, 0x39]\n  lower:", "    - [0x30, 0x35]\n  lower:");
    variant("cap.yaml", "    value: 3\n", "    value: 5\n");
    char p[512];
    const char *names[] = {"base", "wide", "long", "set", "cap"};
    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/%s.yaml", tmpdir, names[i]);
        assert_int_equal(generate(p, names[i], NULL), 0);
    }
    char *base = generated("base", "c"), *wide = generated("wide", "c");
    assert_non_null(strstr(base, ".maximum = INT64_C(100),"));
    assert_null(strstr(base, "INT64_C(10000)"));
    assert_non_null(strstr(wide, ".maximum = INT64_C(10000),"));
    assert_null(strstr(wide, ".maximum = INT64_C(100),"));

    char *bh = generated("base", "h"), *lh = generated("long", "h");
    assert_non_null(strstr(bh, "#define MINI_PING_REQUEST_LABEL_SIZE 9 "));
    assert_non_null(strstr(lh, "#define MINI_PING_REQUEST_LABEL_SIZE 81 "));
    char *lc = generated("long", "c");
    assert_non_null(strstr(lc, ".max_length = 80,"));

    char *sc = generated("set", "c");
    assert_non_null(strstr(base, "{0x0030, 0x0039},\n};"));
    assert_non_null(strstr(sc, "{0x0030, 0x0035},\n};"));

    /* A limit's default is the header's; the tables name the macro. */
    char *ch = generated("cap", "h");
    assert_non_null(strstr(bh, "#ifndef MINI_TAGS_MAX\n#define MINI_TAGS_MAX 3\n#endif\n"
                               "#if (MINI_TAGS_MAX) < INT64_C(1) || (MINI_TAGS_MAX) > INT64_C(100)\n"
                               "#error \"MINI_TAGS_MAX must be between 1 and 100\"\n#endif\n"));
    assert_non_null(strstr(ch, "#define MINI_TAGS_MAX 5\n"));
    assert_non_null(strstr(bh, "#define MINI_TOKENS_MAX (8 * (MINI_TAGS_MAX) + 16)\n"));
    assert_non_null(strstr(bh, "#define MINI_PING_REPLY_TAGS_MAX (MINI_TAGS_MAX)\n"));
    assert_non_null(strstr(base, ".capacity = MINI_PING_REPLY_TAGS_MAX,"));

    /* And the compiled table says so too. */
    snprintf(p, sizeof p, "%s/prog.c", tmpdir);
    write_all(p, "#include <stdio.h>\n#include \"wide.h\"\n"
                 "int main(void)\n{\n"
                 "    const apig_message *m = mini_send_ping_op.request;\n"
                 "    int i = m->lookup(\"count\", 5);\n"
                 "    printf(\"%lld..%lld\", (long long)m->fields[i].minimum,\n"
                 "           (long long)m->fields[i].maximum);\n"
                 "    return 0;\n}\n");
    assert_int_equal(build_and_run("prog", "wide"), 0);
    char *out = generated("prog", "out");
    assert_string_equal(out, "1..10000");
    free(out);
    free(base);
    free(wide);
    free(bh);
    free(lh);
    free(lc);
    free(sc);
    free(ch);
}

static void test_full_schema_compiles_and_keeps_bytes(void **state)
{
    (void)state;
    char *err;
    assert_int_equal(generate("tests/schemas/full.yaml", "full", &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    /* The header compiles as C99 and C++11 as well. */
    char p[512];
    snprintf(p, sizeof p, "%s/h.c", tmpdir);
    write_all(p, "#include \"full.h\"\nint main(void) { return 0; }\n");
    assert_int_equal(run("%s -std=c99 -pedantic " WARN_FLAGS " -Iinclude -I'%s' -fsyntax-only '%s/h.c'",
                         cc(), tmpdir, tmpdir), 0);
    if (run("command -v '%s' >/dev/null 2>&1", cxx()) == 0) {
        assert_int_equal(run("cp '%s/h.c' '%s/h.cpp'", tmpdir, tmpdir), 0);
        assert_int_equal(run("'%s' -std=c++11 -Wall -Wextra -Werror -Iinclude -I'%s' "
                             "-fsyntax-only '%s/h.cpp'", cxx(), tmpdir, tmpdir), 0);
    }
    snprintf(p, sizeof p, "%s/dump.c", tmpdir);
    write_all(p,
              "#include <stdio.h>\n#include \"full.h\"\n"
              "int main(void)\n{\n"
              "    const apig_operation *o = &full_test_op;\n"
              "    for (uint32_t i = 0; i < full_examples.count; i++) {\n"
              "        fwrite(full_examples.items[i].body, 1, full_examples.items[i].body_len, stdout);\n"
              "        putchar('|');\n"
              "    }\n"
              "    printf(\"%u %s %s %s %u %u %s|\", (unsigned)o->catalog->entry_count,\n"
              "           o->catalog->entries[0].code, o->catalog->entries[2].code,\n"
              "           o->catalog->entries[2].message,\n"
              "           (unsigned)o->catalog->kind_entry[APIG_ERROR_SYNTAX],\n"
              "           (unsigned)o->catalog->kind_entry[APIG_ERROR_ROUTE],\n"
              "           full_examples.items[2].error_id);\n"
              "    const apig_message *m = &full_outer_desc;\n"
              "    const apig_field *in = &m->fields[m->lookup(\"inner\", 5)];\n"
              "    const apig_field *big = &m->fields[m->lookup(\"big\", 3)];\n"
              "    printf(\"%d %d %d %d %lld %lld|\", in->type == APIG_TYPE_OBJECT,\n"
              "           in->message == &full_inner_desc, in->item_size == sizeof(full_inner),\n"
              "           (int)m->fields[m->lookup(\"list\", 4)].capacity,\n"
              "           (long long)big->minimum, (long long)big->maximum);\n"
              "    printf(\"%u %u %u|\", (unsigned)FULL_OUTER_SMILE_SIZE,\n"
              "           (unsigned)FULL_TEST_PATH_BID_SIZE, (unsigned)m->encode_order[0]);\n"
              "    for (uint32_t i = 0; i < full_schema.operation_count; i++) {\n"
              "        const apig_operation *p = full_schema.operations[i];\n"
              "        printf(\"%s %s %s %d %d%d%d%d %u;\", p->name, p->method, p->path_template,\n"
              "               p->success_status, p->query != NULL, p->request != NULL,\n"
              "               p->response != NULL, p->schema == &full_schema,\n"
              "               (unsigned)p->path->field_count);\n"
              "    }\n"
              "    printf(\"|%d %d %lld %d|\", FULL_BASE, FULL_DEPTH, (long long)FULL_HUGE,\n"
              "           FULL_HUGE == INT64_MAX);\n"
              "    printf(\"%d%d%d|\", full_examples.items[0].operation == &full_test_op,\n"
              "           full_examples.items[1].operation == &full_test_op,\n"
              "           full_examples.items[2].operation == NULL);\n"
              "    printf(\"%u %u %d %d %u\", (unsigned)full_list_query_desc.field_count,\n"
              "           (unsigned)FULL_LIST_QUERY_Q_SIZE,\n"
              "           full_list_op.query_offset == offsetof(full_list_request, query),\n"
              "           full_list_query_desc.fields[0].type == APIG_TYPE_INT32,\n"
              "           (unsigned)m->fields[m->lookup(\"inner\", 5)].message->fields[1].capacity);\n"
              "    return 0;\n}\n");
    assert_int_equal(build_and_run("dump", "full"), 0);
    size_t n;
    snprintf(p, sizeof p, "%s/dump.out", tmpdir);
    char *out = read_all(p, &n);
    assert_non_null(out);
    static const char want[] =
        "{\"smile\" : \"\xF0\x9F\x98\x80\"}\t\\ \?\?= caf\xC3\xA9" "1\x01\n|"
        "{\n  \"big\" : 1\n}\n|"
        "|"
        "3 A.1 Z.9 Last \"quoted\" \\ one? 2 1 x?y|"
        "1 1 1 3 -9223372036854775808 9223372036854775807|"
        "9 9 1|"
        "FullTest PUT /v3/{a}/x/{b_id} 201 0111 2;"
        "FullList GET /v3/{a}/x 200 1011 1;"
        "FullDrop DELETE /v3/{a}/x/{b_id} 204 0001 2;"
        "|2 8 9223372036854775807 1|"
        "111|"
        "2 11 1 1 2";
    if (n != sizeof want - 1 || memcmp(out, want, n) != 0)
        fail_msg("dump printed:\n%s\nwanted:\n%s", out, want);
    free(out);
}

/* tests/schemas/query.yaml: one operation's query parameters, without
 * default: or x-normalize: (the tests add them). */
#define QUERY_SCHEMA "tests/schemas/query.yaml"
#define Q_COUNT "        maximum: 100\n"  /* count: int32, 1..100 (block style) */
#define Q_LABEL "        x-charset: digits\n" /* label: string, 0..8 of digits */
#define Q_ECHO "      echo: {type: string, minLength: 1, maxLength: 12"
#define Q_MODE "      mode: {type: string, maxLength: 12, enum: [fast, slow]"
#define Q_FIELDS "      fields: {type: string, maxLength: 16, enum: [name, id, size], x-separator: \",\""
#define Q_PAGE "      page: {type: integer}\n" /* the last query parameter */
#define Q_TENANT "    tenant: {type: string, minLength: 1, maxLength: 16"
#define Q_TOKEN "    X-Auth-Token: {type: string, x-c-name: auth_token, minLength: 1, maxLength: 64"
#define Q_TOTAL "      total: {type: integer, format: int64, minimum: 0}\n" /* Page, a body */

/* default: and x-normalize: (what the query-string decoder applies) land in
 * the query parameter's table; fields without them have none. */
static void test_default_and_normalize_tables(void **state)
{
    (void)state;
    static const change changes[] = {
        {Q_COUNT, Q_COUNT "        default: 5\n"
                          "        x-normalize:\n"
                          "          - {below: 1, to: 1}\n"
                          "          - {above: 100, to: 100}\n"
                          "          - {below: -9223372036854775808, to: 7}\n"
                          "          - {above: 9223372036854775807, to: 8}\n"},
        {Q_LABEL, Q_LABEL "        default: \"042\"\n"},
        {Q_ECHO, Q_ECHO ", default: \"h\xc3\xa9llo?\\\"\""},
        /* an enum string's default is one of its values; a list's, a list */
        {Q_MODE, Q_MODE ", default: slow"},
        {Q_FIELDS, Q_FIELDS ", default: \"size,name,size\""},
    };
    edit_n(QUERY_SCHEMA, "dn.yaml", changes, sizeof changes / sizeof changes[0]);
    char p[512];
    snprintf(p, sizeof p, "%s/dn.yaml", tmpdir);
    char *err;
    assert_int_equal(generate(p, "dn", &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    char *c = generated("dn", "c");
    assert_non_null(strstr(c, "static const apig_normalize qry_list_pings_query_count_normalize[] = {\n"
                              "    {.when = APIG_NORMALIZE_BELOW, .limit = INT64_C(1), .to = INT64_C(1)},\n"));
    assert_non_null(strstr(c, ".when = APIG_NORMALIZE_BELOW, .limit = INT64_MIN, .to = INT64_C(7)"));
    free(c);

    snprintf(p, sizeof p, "%s/prog.c", tmpdir);
    write_all(p, "#include <stdio.h>\n#include <string.h>\n#include \"dn.h\"\n"
                 "static const apig_field *get(const apig_message *m, const char *name)\n{\n"
                 "    return &m->fields[m->lookup(name, strlen(name))];\n}\n"
                 "int main(void)\n{\n"
                 "    const apig_message *m = qry_list_pings_op.query;\n"
                 "    const apig_field *c = get(m, \"count\"), *l = get(m, \"label\");\n"
                 "    const apig_field *e = get(m, \"echo\"), *md = get(m, \"mode\");\n"
                 "    const apig_field *fl = get(m, \"fields\"), *pg = get(m, \"page\");\n"
                 "    const apig_field *n = &qry_problem_desc.fields[0];\n"
                 "    const apig_field *b = get(&qry_page_desc, \"total\");\n"
                 "    const apig_field *t = &qry_list_pings_op.path->fields[0];\n"
                 "    const apig_field *h = qry_list_pings_op.token_header;\n"
                 "    printf(\"%d|\", m == &qry_list_pings_query_desc);\n"
                 "    printf(\"%u %lld %u|\", (unsigned)c->has_default,\n"
                 "           (long long)c->default_integer, (unsigned)c->normalize_count);\n"
                 "    for (uint32_t i = 0; i < c->normalize_count; i++)\n"
                 "        printf(\"%s %lld %lld|\",\n"
                 "               c->normalize[i].when == APIG_NORMALIZE_BELOW ? \"below\" : \"above\",\n"
                 "               (long long)c->normalize[i].limit, (long long)c->normalize[i].to);\n"
                 "    printf(\"%u %s %d|%u %s|\", (unsigned)l->has_default, l->default_string,\n"
                 "           l->normalize == NULL, (unsigned)e->has_default, e->default_string);\n"
                 "    printf(\"%u %s|%u %s|\", (unsigned)md->has_default, md->default_string,\n"
                 "           (unsigned)fl->has_default, fl->default_string);\n"
                 "    printf(\"%u %d %d %u|\", (unsigned)pg->has_default, pg->default_string == NULL,\n"
                 "           pg->normalize == NULL, (unsigned)pg->normalize_count);\n"
                 "    printf(\"%u %d %d %u|\", (unsigned)n->has_default, n->default_string == NULL,\n"
                 "           n->normalize == NULL, (unsigned)n->normalize_count);\n"
                 "    printf(\"%u %u %u %u %d\", (unsigned)b->has_default, (unsigned)t->has_default,\n"
                 "           (unsigned)h->has_default, (unsigned)t->normalize_count,\n"
                 "           c->default_string == NULL);\n"
                 "    return 0;\n}\n");
    assert_int_equal(build_and_run("prog", "dn"), 0);
    char *out = generated("prog", "out");
    assert_string_equal(out, "1|1 5 4|below 1 1|above 100 100|below -9223372036854775808 7|"
                             "above 9223372036854775807 8|1 042 1|1 h\xc3\xa9llo?\"|"
                             "1 slow|1 size,name,size|0 1 1 0|0 1 1 0|0 0 0 0 1");
    free(out);
}

/* Each mistake in default: or x-normalize: is refused where it is, alone,
 * and no output is written; so are both anywhere but on a query parameter
 * (only the query-string decoder applies them), and query parameters of
 * other types than string and integer. */
static void test_default_and_normalize_errors(void **state)
{
    (void)state;
#define NOT_QUERY(key, site) "'" key "' applies to query parameters only, not to " site
#define BODY_SITE "body fields (the body decoder does not apply it)"
#define QUERY_TYPES "query parameters must be strings or integers"
    static const struct {
        const char *from; /* in query.yaml */
        const char *add;  /* inserted after it */
        const char *where;
        const char *what;
    } cases[] = {
        /* count: int32, 1..100 */
        {Q_COUNT, "        default: 101\n", "30:18", "default 101 is above maximum 100"},
        {Q_COUNT, "        default: 0\n", "30:18", "default 0 is below minimum 1"},
        {Q_COUNT, "        default: abc\n", "30:18", "default must be an integer, not 'abc'"},
        {Q_COUNT, "        default: \"5\"\n", "30:19", "default must be an integer, not '5'"},
        {Q_COUNT, "        default: 3000000000\n", "30:18",
         "default 3000000000 is out of range (-2147483648..2147483647)"},
        {Q_COUNT, "        x-normalize: [{below: 1, to: 0}]\n", "30:38",
         "x-normalize 'to' 0 is below minimum 1"},
        {Q_COUNT, "        x-normalize: [{above: 100, to: 3000000000}]\n", "30:40",
         "x-normalize 'to' 3000000000 is out of range (-2147483648..2147483647)"},
        {Q_COUNT, "        x-normalize: [{below: 1, above: 100, to: 50}]\n", "30:23",
         "an x-normalize rule has exactly one of 'below' and 'above'"},
        {Q_COUNT, "        x-normalize: [{to: 50}]\n", "30:23",
         "an x-normalize rule has exactly one of 'below' and 'above'"},
        {Q_COUNT, "        x-normalize: [{below: 1}]\n", "30:23", "an x-normalize rule needs 'to'"},
        {Q_COUNT, "        x-normalize: [{bellow: 1, to: 1}]\n", "30:24",
         "unknown keyword 'bellow' in an x-normalize rule"},
        {Q_COUNT, "        x-normalize: [{above: 1.5, to: 1}]\n", "30:31",
         "above must be an integer, not '1.5'"},
        {Q_COUNT, "        x-normalize: {below: 1, to: 1}\n", "30:22",
         "x-normalize must be a sequence, not a mapping"},
        {Q_COUNT, "        x-normalize: []\n", "30:22", "x-normalize needs 1 to 16 rules"},
        {Q_COUNT, "        x-normalize: [5]\n", "30:23", "an x-normalize rule must be a mapping, not a scalar"},
        /* label: string, 0..8 of digits */
        {Q_LABEL, "        default: \"123456789\"\n", "34:19",
         "default has 9 characters, outside minLength..maxLength (0..8)"},
        {Q_LABEL, "        default: \"12a\"\n", "34:19",
         "default has U+0061, which is not in x-charset 'digits'"},
        {Q_LABEL, "        default: \"1\\x002\"\n", "34:19",
         "default must not contain U+0000 (strings are NUL-terminated)"},
        {Q_LABEL, "        default: [1]\n", "34:18", "default must be a scalar, not a sequence"},
        {Q_LABEL, "        x-normalize: [{below: 1, to: 1}]\n", "34:9",
         "'x-normalize' does not apply to type string"},
        /* echo: a string; a format takes no default */
        {Q_ECHO "}\n",
         "      addr: {type: string, format: ip-address, maxLength: 45, default: \"::1\"}\n",
         "35:73", "a default for a string with a format is not supported"},
        /* mode: an enum; fields: a list of enum values */
        {Q_MODE, ", default: medium", "35:72", "default 'medium' is not one of the enum values"},
        {Q_MODE, ", default: Fast", "35:72", "default 'Fast' is not one of the enum values"},
        {Q_MODE, ", default: \"\"", "35:73", "default '' is not one of the enum values"},
        {Q_MODE, ", default: \"fast,slow\"", "35:73",
         "default 'fast,slow' is not one of the enum values"},
        {Q_MODE, ", default: carefully_slow", "35:72",
         "default has 14 characters, outside minLength..maxLength (0..12)"},
        {Q_FIELDS, ", default: \"name,nope\"", "36:97",
         "default 'name,nope' is not one of the enum values"},
        {Q_FIELDS, ", default: \"name,\"", "36:97", "default 'name,' is not one of the enum values"},
        {Q_FIELDS, ", default: \",id\"", "36:97", "default ',id' is not one of the enum values"},
        {Q_FIELDS, ", default: \"name;id\"", "36:97",
         "default 'name;id' is not one of the enum values"},
        /* query parameters are strings or integers, with or without a default */
        {Q_PAGE, "      flag: {type: boolean}\n", "38:20", QUERY_TYPES},
        {Q_PAGE, "      flag: {type: boolean, default: true}\n", "38:20", QUERY_TYPES},
        {Q_PAGE, "      list: {type: array, maxItems: 2, items: Problem, default: 1}\n", "38:20",
         QUERY_TYPES},
        {Q_PAGE, "      tags: {type: array, maxItems: 2, items: {type: string, maxLength: 4}}\n",
         "38:20", QUERY_TYPES},
        {Q_PAGE, "      inner: {type: object, $ref: Problem}\n", "38:21", QUERY_TYPES},
        /* path parameters and the token header: always required */
        {Q_TENANT "}\n", "    other: {type: string, maxLength: 4, default: ab}\n", "15:41",
         NOT_QUERY("default", "path parameters (they are required)")},
        {Q_TENANT, ", x-normalize: [{below: 1, to: 1}]", "14:57",
         NOT_QUERY("x-normalize", "path parameters (they are required)")},
        {Q_TOKEN, ", default: abc", "16:85",
         NOT_QUERY("default", "the token header (it is required)")},
        /* body fields and array items: the body decoder applies neither */
        {Q_TOTAL, "      list: {type: array, maxItems: 2, items: Problem, default: 1}\n", "47:56",
         NOT_QUERY("default", BODY_SITE)},
        {Q_TOTAL, "      size: {type: integer, default: 0}\n", "47:29",
         NOT_QUERY("default", BODY_SITE)},
        {Q_TOTAL, "      size: {type: integer, x-normalize: [{below: 0, to: 0}]}\n", "47:29",
         NOT_QUERY("x-normalize", BODY_SITE)},
        {Q_TOTAL, "      note: {type: string, maxLength: 4, default: ab}\n", "47:42",
         NOT_QUERY("default", BODY_SITE)},
        {Q_TOTAL, "      mode: {type: string, maxLength: 4, enum: [fast], default: fast}\n", "47:56",
         NOT_QUERY("default", BODY_SITE)},
        {Q_TOTAL, "      tags: {type: array, maxItems: 2, items: {type: string, maxLength: 4, default: ab}}\n",
         "47:76", NOT_QUERY("default", "array items (the body decoder does not apply it)")},
    };
#undef NOT_QUERY
#undef BODY_SITE
#undef QUERY_TYPES
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char to[512], name[32], p[512], want[1200];
        snprintf(to, sizeof to, "%s%s", cases[i].from, cases[i].add);
        snprintf(name, sizeof name, "e%u.yaml", (unsigned)i);
        edit(QUERY_SCHEMA, name, cases[i].from, to);
        snprintf(p, sizeof p, "%s/%s", tmpdir, name);
        snprintf(name, sizeof name, "e%u", (unsigned)i);
        char *err;
        int st = generate(p, name, &err);
        /* the one error, exactly */
        snprintf(want, sizeof want, "%s:%s: error: %s\n", p, cases[i].where, cases[i].what);
        if (st != 1 || strcmp(err, want) != 0) {
            print_error("case %zu: status %d, stderr:\n%s\nwanted:\n%s\n", i, st, err, want);
            failed++;
        }
        snprintf(p, sizeof p, "%s/%s.c", tmpdir, name);
        if (exists(p)) {
            print_error("case %zu: output written\n", i);
            failed++;
        }
        free(err);
    }
    assert_int_equal(failed, 0);
}

/* config.h refuses a parameterName array too small to say anything (there
 * is no message array any more for it to outgrow). */
static void test_config_guards(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/cfg.c", tmpdir);
    write_all(p, "#include <apig/config.h>\nint main(void) { return APIG_CFG_PARAM_BYTES; }\n");
    const char *flags[] = {"", "-DAPIG_CFG_PARAM_BYTES=16",
                           "-DAPIG_CFG_PARAM_BYTES=15",
                           "-DAPIG_CFG_PARAM_BYTES=0",
                           "-DAPIG_CFG_PARAM_BYTES=512"};
    const int ok[] = {1, 1, 0, 0, 1};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        int st = run("%s -std=c99 -pedantic -Wall -Wextra -Werror %s -Iinclude -fsyntax-only "
                     "'%s' 2>'%s/cfg.err'", cc(), flags[i], p, tmpdir);
        if (ok[i]) {
            assert_int_equal(st, 0);
            continue;
        }
        assert_int_not_equal(st, 0);
        char e[512];
        snprintf(e, sizeof e, "%s/cfg.err", tmpdir);
        char *err = read_all(e, NULL);
        assert_non_null(err);
        assert_non_null(strstr(err, "APIG_CFG_PARAM_BYTES must be at least 16"));
        free(err);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *schema = "schemas/vpc_members.yaml";
    assert_int_equal(generate(schema, "one", NULL), 0);
    assert_int_equal(run("mkdir '%s/sub'", tmpdir), 0);
    assert_int_equal(generate(schema, "sub/one", NULL), 0);
    const char *ext[] = {".h", ".c", "_examples.c"};
    for (int i = 0; i < 3; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/one%s", tmpdir, ext[i]);
        snprintf(b, sizeof b, "%s/sub/one%s", tmpdir, ext[i]);
        size_t la, lb;
        char *x = read_all(a, &la), *y = read_all(b, &lb);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(la, lb);
        assert_memory_equal(x, y, la);
        assert_null(strstr(x, tmpdir));   /* no build-machine paths */
        assert_null(strstr(x, "schemas/")); /* only the schema's base name */
        assert_non_null(strstr(x, "Generated by apig-gen from vpc_members.yaml."));
        assert_non_null(strstr(x, " * C prefix vpcm; operations:\n"
                                  " *   AddingBackendInstancesV2: POST /v2/{project_id}/"));
        if (i > 0) /* each source includes the header it was written with */
            assert_non_null(strstr(x, "#include \"one.h\""));
        free(x);
        free(y);
    }
    /* Under make, the header the tests were built with is this output
     * (same generator, same schema). */
    const char *build = getenv("APIG_BUILD");
    if (build && *build) {
        char gp[512];
        snprintf(gp, sizeof gp, "%s/gen/vpc_members.h", build);
        char *h = generated("one", "h"), *made = read_all(gp, NULL);
        assert_non_null(made);
        assert_string_equal(h, made);
        free(made);
        free(h);
    }
}

/* ---- broken schemas ---------------------------------------------------------------- */

static const struct broken {
    const char *file;  /* in tests/schemas/broken/ */
    const char *error; /* what follows "file:" on stderr: the only error */
} broken[] = {
    {"unknown_keyword", "54:9: error: unknown keyword 'maxLenght' in a field"},
    {"bad_range", "50:18: error: minimum 10 is above maximum 5"},
    {"bad_length", "62:39: error: minLength 20 is above maxLength 12"},
    {"bad_type", "77:20: error: unsupported type 'number' (string, integer, boolean, array, "
                 "object)"},
    {"bad_format", "49:17: error: unsupported format 'int128' for type integer (int32, int64)"},
    {"unknown_charset", "55:20: error: unknown character set 'hex' (not in x-charsets)"},
    {"unknown_definition", "37:14: error: unknown definition 'PingRequets'"},
    {"unknown_code", "92:12: error: unknown catalog code 'E.3' (not in x-errors: catalog:)"},
    {"unknown_kind", "92:5: error: unknown error kind 'ranges' in x-errors: rules: (see "
                     "include/apig/error.h)"},
    {"missing_rule", "86:5: error: x-errors: rules: misses error kind 'route'"},
    {"duplicate_key", "52:9: error: duplicate key 'maximum' (first at line 51)"},
    {"bad_yaml", "19:2: error: invalid YAML: wrongly indented flow sequence"},
    {"wrong_node", "45:15: error: required must be a sequence, not a mapping"},
    {"nul_in_charset", "11:7: error: U+0000 cannot be in a character set (strings are "
                       "NUL-terminated)"},
    {"reversed_range", "9:7: error: range first 0x7A is above last 0x61"},
    {"bad_context_value", "57:30: error: 'slowest' is not a value of context key 'mode'"},
    {"int32_overflow", "51:18: error: maximum 3000000000 is out of range "
                       "(-2147483648..2147483647)"},
    {"no_max_length", "62:13: error: string field 'echo' needs maxLength (its buffer size)"},
    {"path_mismatch", "35:11: error: path parameter '{other}' is not in parameters: path:"},
    {"alias", "14:10: error: YAML anchors are not supported in a schema"},
    {"cycle", "59:3: error: definition PingReply contains itself (fixed-size structs cannot "
              "nest recursively)"},
    {"bad_order", "46:14: error: x-order misses field 'count'"},
    {"error_body_field", "80:31: error: the error body Problem has no field 'reason'"},
    {"as_service_key", "63:43: error: unknown keyword 'required' in x-as-service"},
    {"as_service_charset", "63:54: error: unknown character set 'hexadecimal' in x-as-service "
                           "(not in x-charsets, nor 'any')"},
};

static void test_broken_schemas(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        char schema[256], want[512], base[64];
        snprintf(schema, sizeof schema, "tests/schemas/broken/%s.yaml", broken[i].file);
        snprintf(base, sizeof base, "b%u", (unsigned)i);
        char *err;
        int st = generate(schema, base, &err);
        snprintf(want, sizeof want, "%s:%s\n", schema, broken[i].error);
        if (st != 1 || strcmp(err, want) != 0)
            fail_msg("%s: status %d, stderr:\n%s\nwanted:\n%s", broken[i].file, st, err, want);
        const char *ext[] = {".h", ".c", "_examples.c", ".h.tmp", ".c.tmp", "_examples.c.tmp"};
        for (int k = 0; k < 6; k++) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s%s", tmpdir, base, ext[k]);
            if (exists(p))
                fail_msg("%s: output %s was written", broken[i].file, p);
        }
        free(err);
    }
    /* Every file there is in the table. */
    assert_int_equal(run("test $(ls tests/schemas/broken/*.yaml | wc -l) -eq %u",
                         (unsigned)(sizeof broken / sizeof broken[0])), 0);
}

/* ---- what fuzzing the generator found (fuzz/fuzz_gen.c) ---------------------------- */

/* Each input of fuzz/regressions/fuzz_gen/ (the reproducers replay them
 * under the sanitizers in make test) with what apig-gen must say of it:
 * its exact messages (what follows "file:"), or NULL when it generates,
 * and then its output must compile. A run that does not end within 10
 * seconds fails (some were hangs). */
static const struct finding {
    const char *file;  /* in fuzz/regressions/fuzz_gen/ */
    const char *error; /* or NULL: generates */
} findings[] = {
    /* libfyaml's collected errors leaked (fy_diag_unref frees not them) */
    {"yaml-error-leaked-libfyaml-diag.yaml",
     "2:1: error: invalid YAML: flow sequence without a closing bracket\n"},
    /* "a: {b: [c": libfyaml's mark was line 3 of a one-line file */
    {"yaml-error-position-past-end.yaml",
     "1:10: error: invalid YAML: flow sequence without a closing bracket\n"},
    /* "%\x97": libfyaml 0.7.12 looped forever; malformed UTF-8 is refused first */
    {"libfyaml-hang-directive-bad-utf8.yaml",
     "1:2: error: the schema is not valid UTF-8 (byte 0x97)\n"},
    /* a quoted scalar's text leaked when the stream failed after it (the
     * token libfyaml 0.7.12 keeps is never released): read without caching */
    {"libfyaml-leak-quoted-scalar-text-on-error.yaml",
     "1:17: error: invalid YAML: missing comma in flow mapping\n"},
    /* a path and a limit's description with a comment start, quoted in
     * comments: -Wcomment, so -Werror builds failed */
    {"comment-start-in-comment.yaml", NULL},
    /* a comment end in the token header's name, a catalog code and the error body's
     * field names, which comments quoted as they were: the comment ended
     * early and the output did not compile */
    {"comment-end-in-quoted-names.yaml", NULL},
    /* fields named as object-like macros of <stdint.h>/<stddef.h> expanded
     * as struct members (found by review, beside fuzzing) */
    {"field-named-as-header-macro.yaml",
     "17:7: error: field name 'SIZE_MAX' is not a usable C identifier; give x-c-name\n"
     "18:7: error: field name 'NULL' is not a usable C identifier; give x-c-name\n"},
};

static void test_fuzz_findings(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof findings / sizeof findings[0]; i++) {
        const struct finding *fd = &findings[i];
        char schema[512], base[32], p[512];
        snprintf(schema, sizeof schema, "fuzz/regressions/fuzz_gen/%s", fd->file);
        snprintf(base, sizeof base, "f%u", (unsigned)i);
        int st = run("timeout 10 '%s' '%s' '%s/%s' 2>'%s/%s.err'", gen_path(), schema, tmpdir,
                     base, tmpdir, base);
        snprintf(p, sizeof p, "%s/%s.err", tmpdir, base);
        char *err = read_all(p, NULL);
        assert_non_null(err);
        /* the wanted messages, each after the file's name */
        char want[2048] = "";
        size_t n = 0;
        for (const char *line = fd->error ? fd->error : ""; *line;) {
            size_t len = strcspn(line, "\n");
            n += (size_t)snprintf(want + n, sizeof want - n, "%s:%.*s\n", schema, (int)len, line);
            assert_true(n < sizeof want);
            line += len + (line[len] == '\n');
        }
        snprintf(p, sizeof p, "%s/%s.h", tmpdir, base);
        if (st != (fd->error ? 1 : 0) || strcmp(err, want) != 0 || exists(p) != !fd->error) {
            print_error("%s: status %d, stderr:\n%s\nwanted status %d:\n%s\n", fd->file, st, err,
                        fd->error ? 1 : 0, want);
            failed++;
        } else if (!fd->error &&
                   run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o /dev/null '%s/%s.c' && "
                       "%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o /dev/null "
                       "'%s/%s_examples.c'",
                       cc(), tmpdir, tmpdir, base, cc(), tmpdir, tmpdir, base) != 0) {
            print_error("%s: the output does not compile\n", fd->file);
            failed++;
        }
        free(err);
    }
    assert_int_equal(failed, 0);
    /* Every file there is in the table. */
    assert_int_equal(run("test $(ls fuzz/regressions/fuzz_gen | wc -l) -eq %u",
                         (unsigned)(sizeof findings / sizeof findings[0])), 0);
}

/* ---- format 2: broken variants of minimal.yaml, each with its exact error -------- */

/* Places in minimal.yaml the variants change. */
#define OPERATIONS                                                                      \
    "operations:\n  SendPing:\n    c-name: send_ping\n    method: POST\n"              \
    "    path: /v1/{tenant}/ping\n    success-status: 200\n    request: PingRequest\n" \
    "    responses:\n      200: PingReply\n      400: Problem\n\n"
#define OPS_END "      400: Problem\n"
#define PONG(method, path, responses)                                              \
    "  Pong:\n    c-name: pong\n    method: " method "\n    path: " path "\n" \
    "    success-status: 200\n    responses: " responses "\n"
#define ADD_PONG {OPS_END, OPS_END PONG("GET", "/v1/{tenant}/pong", "{200: PingReply}")}
#define PING_EXAMPLE_NAMES_OP {"    kind: request\n", "    kind: request\n    operation: SendPing\n"}
#define VALUE "    value: 3\n"
#define TOKENS "    value: 8 * TAGS_MAX + 16\n"
#define RANGE "    range: [1, 100]\n"
#define CAPACITY "        x-capacity: TAGS_MAX\n"
#define CNAME "    c-name: send_ping\n"
#define PATH "    path: /v1/{tenant}/ping\n"
#define SUCCESS_200 "    success-status: 200\n"
#define RESPONSE_200 "      200: PingReply\n"
#define EXAMPLES "x-examples:\n"
#define DEFINE_BEFORE_PROBLEM(name) "  " name ":\n    type: object\n    properties: {}\n\n  Problem:\n"
#define MAXIMUM_100 "        maximum: 100\n"
#define TENANT "    tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower"
#define ECHO "      echo: {type: string, minLength: 1, maxLength: 12"
#define PREFIX_RULE \
    "must be 1..32 lower case letters, digits and '_', starting with a letter and not ending in '_'"
#define NOT_A_LIMIT_BEFORE "a limit's value names '%s', which is not a limit declared before it"
#define BAD_PATH                                                                             \
    "36:11: error: path must start with '/' and hold printable ASCII without spaces, quotes, " \
    "'\\', '?', '#', empty segments or a trailing '/'\n"

static const struct bad_variant {
    const char *name;
    change changes[3];
    const char *errors; /* lines "line:column: error: text", each after the file's name */
} bad_variants[] = {
    /* c-prefix and the format version */
    {"prefix_missing", {{"c-prefix: mini\n", ""}}, "3:1: error: the schema needs 'c-prefix'\n"},
    {"prefix_upper", {{"c-prefix: mini", "c-prefix: Mini"}},
     "4:11: error: c-prefix 'Mini' " PREFIX_RULE "\n"},
    {"prefix_digit", {{"c-prefix: mini", "c-prefix: 9mini"}},
     "4:11: error: c-prefix '9mini' " PREFIX_RULE "\n"},
    {"prefix_dash", {{"c-prefix: mini", "c-prefix: mi-ni"}},
     "4:11: error: c-prefix 'mi-ni' " PREFIX_RULE "\n"},
    {"prefix_underscore_end", {{"c-prefix: mini", "c-prefix: mini_"}},
     "4:11: error: c-prefix 'mini_' " PREFIX_RULE "\n"},
    {"prefix_33", {{"c-prefix: mini", "c-prefix: a23456789012345678901234567890123"}},
     "4:11: error: c-prefix 'a23456789012345678901234567890123' " PREFIX_RULE "\n"},
    {"prefix_empty", {{"c-prefix: mini", "c-prefix: ''"}}, "4:12: error: c-prefix must not be empty\n"},
    {"prefix_sequence", {{"c-prefix: mini", "c-prefix: [mini]"}},
     "4:11: error: c-prefix must be a scalar, not a sequence\n"},
    {"prefix_apig", {{"c-prefix: mini", "c-prefix: apig"}},
     "4:11: error: c-prefix 'apig' would take names of apig's own API\n"},
    {"prefix_apig_x", {{"c-prefix: mini", "c-prefix: apig_x"}},
     "4:11: error: c-prefix 'apig_x' would take names of apig's own API\n"},
    {"format_1", {{"apig-schema: 2\nc-prefix: mini\n", "apig-schema: 1\noperation: SendPing\n"}},
     "3:14: error: apig-schema 1 (one operation per file) is no longer read: format 2 names a "
     "c-prefix and lists operations (CHANGELOG.md, docs/schema.md)\n"},
    {"format_3", {{"apig-schema: 2", "apig-schema: 3"}},
     "3:14: error: apig-schema 3 is out of range (2..2)\n"},
    {"format_quoted", {{"apig-schema: 2", "apig-schema: '2'"}},
     "3:15: error: apig-schema must be an integer, not '2'\n"},
    {"format_missing", {{"apig-schema: 2\n", ""}}, "3:1: error: the schema needs 'apig-schema'\n"},

    /* limits */
    {"limit_lower_case", {{"  TAGS_MAX:\n", "  tags_max:\n"}},
     "20:3: error: a limit's name is upper case letters, digits and '_' (MEMBERS_MAX), not "
     "'tags_max'\n"},
    {"limit_digit_first", {{"  TAGS_MAX:\n", "  9TAGS:\n"}},
     "20:3: error: a limit's name is upper case letters, digits and '_' (MEMBERS_MAX), not "
     "'9TAGS'\n"},
    {"limit_without_range", {{RANGE, ""}}, "21:5: error: a limit needs 'range'\n"},
    {"limit_without_value", {{VALUE, ""}}, "21:5: error: a limit needs 'value'\n"},
    {"limit_range_of_one", {{RANGE, "    range: [1]\n"}},
     "22:12: error: a limit's range is [lowest, highest]\n"},
    {"limit_range_mapping", {{RANGE, "    range: {lo: 1, hi: 100}\n"}},
     "22:12: error: range must be a sequence, not a mapping\n"},
    {"limit_range_reversed", {{RANGE, "    range: [100, 1]\n"}},
     "22:12: error: a limit's range [100, 1] has its lowest above its highest\n"},
    {"limit_above_range", {{VALUE, "    value: 101\n"}},
     "21:12: error: limit TAGS_MAX's value 101 is outside its range 1..100\n"},
    {"limit_below_range", {{VALUE, "    value: -3\n"}},
     "21:12: error: limit TAGS_MAX's value -3 is outside its range 1..100\n"},
    {"limit_expression_outside_range", {{TOKENS, "    value: 8 * TAGS_MAX - 16\n"}},
     "25:12: error: limit TOKENS_MAX's value 8 is outside its range 16..4096\n"},
    {"limit_unknown_name", {{TOKENS, "    value: 8 * TAG_MAX + 16\n"}},
     "25:12: error: a limit's value names 'TAG_MAX', which is not a limit declared before it\n"},
    {"limit_later_name", {{VALUE, "    value: TOKENS_MAX - 50\n"}},
     "21:12: error: a limit's value names 'TOKENS_MAX', which is not a limit declared before "
     "it\n"},
    {"limit_own_name", {{VALUE, "    value: TAGS_MAX + 1\n"}},
     "21:12: error: a limit's value names 'TAGS_MAX', which is not a limit declared before it\n"},
    {"limit_overflow_add", {{TOKENS, "    value: 9223372036854775807 + TAGS_MAX\n"}},
     "25:12: error: a limit's value overflows 64 bits\n"},
    {"limit_overflow_multiply", {{TOKENS, "    value: 4294967296 * 4294967296\n"}},
     "25:12: error: a limit's value overflows 64 bits\n"},
    {"limit_overflow_number", {{VALUE, "    value: 99999999999999999999\n"}},
     "21:12: error: a limit's value has a bad number '99999999999999999999'\n"},
    {"limit_leading_zero", {{VALUE, "    value: 03\n"}},
     "21:12: error: a limit's value has a bad number '03'\n"},
    {"limit_trailing_words", {{TOKENS, "    value: 8 * TAGS_MAX + 16 apples\n"}},
     "25:12: error: a limit's value has 'apples' after its end\n"},
    {"limit_trailing_paren", {{TOKENS, "    value: 8 * TAGS_MAX)\n"}},
     "25:12: error: a limit's value has ')' after its end\n"},
    {"limit_missing_paren", {{TOKENS, "    value: 8 * (TAGS_MAX + 16\n"}},
     "25:12: error: a limit's value misses ')'\n"},
    {"limit_dangling_operator", {{TOKENS, "    value: 8 * TAGS_MAX +\n"}},
     "25:12: error: a limit's value is an integer or an expression of integers, earlier limits, "
     "+ - * and parentheses\n"},
    {"limit_decrement", {{VALUE, "    value: 5 - --1\n"}},
     "21:12: error: a limit's value has '--'\n"},
    {"limit_unknown_keyword", {{RANGE, RANGE "    default: 4\n"}},
     "23:5: error: unknown keyword 'default' in a limit\n"},
    {"limit_comment_end", {{"    description: Tags one reply can carry.\n",
                            "    description: 'a */ b'\n"}},
     "23:19: error: a limit's description is printable ASCII without '*/'\n"},
    {"capacity_unknown_limit", {{CAPACITY, "        x-capacity: TAG_MAX\n"}},
     "67:21: error: x-capacity must be a number or the name of a limit (limits:), not "
     "'TAG_MAX'\n"},
    {"capacity_macro_name", {{CAPACITY, "        x-capacity: MINI_TAGS_MAX\n"}},
     "67:21: error: x-capacity must be a number or the name of a limit (limits:), not "
     "'MINI_TAGS_MAX'\n"},
    {"capacity_limit_may_be_0", {{RANGE, "    range: [0, 100]\n"}},
     "67:21: error: limit TAGS_MAX, an x-capacity, must be kept within 1..65535 by its range\n"},
    {"capacity_limit_may_be_65536", {{RANGE, "    range: [1, 65536]\n"}},
     "67:21: error: limit TAGS_MAX, an x-capacity, must be kept within 1..65535 by its range\n"},
    {"capacity_limit_below_min_items", {{CAPACITY, "        minItems: 2\n" CAPACITY}},
     "68:21: error: limit TAGS_MAX, an x-capacity, must be kept within 2..65535 by its range\n"},

    /* operations */
    {"operations_empty", {{OPERATIONS, "operations: {}\n\n"}},
     "32:13: error: operations lists 1..255 operations\n"},
    {"operations_missing", {{OPERATIONS, ""}}, "3:1: error: the schema needs 'operations'\n"},
    {"operation_name", {{"  SendPing:\n", "  Send-Ping:\n"}},
     "33:3: error: operation name 'Send-Ping' must be an identifier\n"},
    {"c_name_missing", {{CNAME, ""}}, "34:5: error: an operation needs 'c-name'\n"},
    {"c_name_upper", {{CNAME, "    c-name: SendPing\n"}},
     "34:13: error: c-name 'SendPing' must be lower case letters, digits and '_'\n"},
    {"c_name_digit_first", {{CNAME, "    c-name: 2ping\n"}},
     "34:13: error: c-name '2ping' must be lower case letters, digits and '_'\n"},
    {"c_name_c_keyword", {{CNAME, "    c-name: default\n"}},
     "34:13: error: c-name 'default' is a C or C++ keyword (it names a member of "
     "mini_request)\n"},
    {"c_name_cxx_keyword", {{CNAME, "    c-name: delete\n"}},
     "34:13: error: c-name 'delete' is a C or C++ keyword (it names a member of "
     "mini_request)\n"},
    {"c_name_twice",
     {{OPS_END, OPS_END "  Pong:\n    c-name: send_ping\n    method: GET\n"
                        "    path: /v1/{tenant}/pong\n    success-status: 200\n"
                        "    responses: {200: PingReply}\n"}},
     "42:3: error: operation Pong has the c-name of SendPing\n"},
    {"method_and_path_twice",
     {{OPS_END, OPS_END PONG("POST", "/v1/{tenant}/ping", "{200: PingReply}")}},
     "42:3: error: operation Pong has the method and path of SendPing\n"},
    {"method_lower_case", {{"    method: POST\n", "    method: post\n"}},
     "35:13: error: unsupported method 'post'\n"},
    {"unknown_request", {{"    request: PingRequest\n", "    request: Ping\n"}},
     "38:14: error: unknown definition 'Ping'\n"},
    {"unknown_response", {{RESPONSE_200, "      200: PingReplies\n"}},
     "40:12: error: unknown definition 'PingReplies'\n"},
    {"no_content_with_body",
     {{SUCCESS_200, "    success-status: 204\n"}, {RESPONSE_200, "      204: PingReply\n"}},
     "40:12: error: status 204 has no body: write null\n"},
    {"two_error_bodies", {{OPS_END, OPS_END "      404: PingReply\n"}},
     "42:12: error: every error status must use one body (Problem at line 41)\n"},
    {"two_error_bodies_in_two_operations",
     {{OPS_END, OPS_END PONG("GET", "/v1/{tenant}/pong", "{200: PingReply, 404: Tag}")}},
     "47:38: error: every error status must use one body (Problem at line 41)\n"},
    {"error_without_body", {{OPS_END, "      400: null\n"}},
     "41:12: error: an error status needs its body's definition\n"},
    {"status_3xx", {{OPS_END, OPS_END "      302: Problem\n"}},
     "42:7: error: status 302 is neither success-status nor an error (>= 400)\n"},
    {"no_success_response", {{RESPONSE_200, ""}},
     "40:7: error: responses has no entry for success-status 200\n"},
    {"success_status_300", {{SUCCESS_200, "    success-status: 300\n"}},
     "37:21: error: success-status 300 is out of range (200..299)\n"},
    {"path_parameter_unused",
     {{"    tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower}\n",
       "    tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower}\n"
       "    region: {type: string, maxLength: 8}\n"}},
     "31:5: error: path parameter 'region' is in no operation's path\n"},
    {"path_parameter_unknown", {{PATH, "    path: /v1/{tenant}/{x}\n"}},
     "36:11: error: path parameter '{x}' is not in parameters: path:\n"},
    {"path_parameter_twice", {{PATH, "    path: /v1/{tenant}/{tenant}\n"}},
     "36:11: error: path parameter '{tenant}' appears twice\n"},
    {"path_parameter_part_of_segment", {{PATH, "    path: /v1/{tenant}x/ping\n"}},
     "36:11: error: a path parameter is a whole segment '{name}'\n"},
    {"path_parameter_unnamed", {{PATH, "    path: /v1/{tenant}/{}\n"}},
     "36:11: error: a path parameter is a whole segment '{name}'\n"},
    {"path_unbalanced", {{PATH, "    path: /v1/{tenant}/pi}ng\n"}},
     "36:11: error: unbalanced '}' in path\n"},
    {"path_trailing_slash", {{PATH, "    path: /v1/{tenant}/ping/\n"}}, BAD_PATH},
    {"path_empty_segment", {{PATH, "    path: /v1//{tenant}/ping\n"}}, BAD_PATH},
    {"path_relative", {{PATH, "    path: v1/{tenant}/ping\n"}}, BAD_PATH},
    {"path_with_query", {{PATH, "    path: /v1/{tenant}/ping?x=1\n"}}, BAD_PATH},

    /* examples */
    {"example_without_operation", {ADD_PONG}, "114:5: error: a request example names its operation (operation:)\n"},
    {"example_unknown_operation", {{"    kind: request\n", "    kind: request\n    operation: Pong\n"}},
     "110:16: error: unknown operation 'Pong'\n"},
    {"response_example_without_body",
     {PING_EXAMPLE_NAMES_OP,
      {OPS_END, OPS_END "  Pong:\n    c-name: pong\n    method: DELETE\n"
                        "    path: /v1/{tenant}/pong\n    success-status: 204\n"
                        "    responses: {204: null}\n"},
      {EXAMPLES, EXAMPLES "  - {name: pong, kind: response, operation: Pong, body: '{}'}\n"}},
     "114:24: error: operation Pong's success has no body\n"},
    {"request_example_without_body",
     {PING_EXAMPLE_NAMES_OP, ADD_PONG,
      {EXAMPLES, EXAMPLES "  - {name: pong, kind: request, operation: Pong, body: '{}'}\n"}},
     "114:24: error: operation Pong has no request body\n"},
    {"error_example_with_operation",
     {{EXAMPLES, EXAMPLES "  - {name: oops, kind: error, status: 400, operation: SendPing, "
                          "body: '{}'}\n"}},
     "108:55: error: an error example is the schema's error body: no operation\n"},
    {"error_example_without_status",
     {{EXAMPLES, EXAMPLES "  - {name: oops, kind: error, body: '{}'}\n"}},
     "108:5: error: an error example needs 'status'\n"},
    {"error_example_200", {{EXAMPLES, EXAMPLES "  - {name: oops, kind: error, status: 200, body: '{}'}\n"}},
     "108:39: error: status 200 is not an error response of the schema\n"},
    {"response_example_other_status",
     {{EXAMPLES, EXAMPLES "  - {name: pong, kind: response, status: 201, body: '{}'}\n"}},
     "108:42: error: a response example has success-status 200\n"},
    {"example_name_twice", {{EXAMPLES, EXAMPLES "  - {name: ping, kind: response, body: '{}'}\n"}},
     "109:11: error: duplicate example name 'ping'\n"},

    /* generated names */
    {"clash_schema", {{"  Problem:\n", DEFINE_BEFORE_PROBLEM("Schema")}},
     "75:3: error: generated name 'mini_schema' clashes with one from line 3\n"},
    {"clash_operations", {{"  Problem:\n", DEFINE_BEFORE_PROBLEM("Operations")}},
     "75:3: error: generated name 'mini_operations' clashes with one from line 3\n"},
    {"clash_examples", {{"  Problem:\n", DEFINE_BEFORE_PROBLEM("Examples")}},
     "75:3: error: generated name 'mini_examples' clashes with one from line 3\n"},
    {"clash_operation_request", {{CNAME, "    c-name: ping\n"}},
     "44:3: error: generated name 'mini_ping_request' clashes with one from line 33\n"
     "44:3: error: generated name 'mini_ping_request_decode' clashes with one from line 33\n"},
    {"clash_operation_path", {{"  Problem:\n", DEFINE_BEFORE_PROBLEM("SendPingPath")}},
     "75:3: error: generated name 'mini_send_ping_path' clashes with one from line 33\n"
     "75:3: error: generated name 'mini_send_ping_path_desc' clashes with one from line 33\n"
     "75:3: error: generated name 'mini_send_ping_path_fields' clashes with one from line 33\n"
     "75:3: error: generated name 'mini_send_ping_path_order' clashes with one from line 33\n"
     "75:3: error: generated name 'mini_send_ping_path_lookup' clashes with one from line 33\n"
     "75:3: error: generated name 'MINI_SEND_PING_PATH_ENCODED_MAX' clashes with one from line 33\n"
     "75:3: error: generated name 'MINI_SEND_PING_PATH_ENCODED_MAX_PP' clashes with one from line 33\n"
     "75:3: error: generated name 'MINI_SEND_PING_PATH_BODY_MAX' clashes with one from line 33\n"},
    {"clash_limit_operation_count", {{"  TOKENS_MAX:\n", "  OPERATION_COUNT:\n"}},
     "24:3: error: generated name 'MINI_OPERATION_COUNT' clashes with one from line 3\n"},
    {"clash_limit_include_guard", {{"  TOKENS_MAX:\n", "  GEN_H:\n"}},
     "24:3: error: generated name 'MINI_GEN_H' clashes with one from line 3\n"},
    {"clash_limit_size", {{"  TOKENS_MAX:\n", "  TAG_NAME_SIZE:\n"}},
     "73:7: error: generated name 'MINI_TAG_NAME_SIZE' clashes with one from line 24\n"},
    {"clash_context_key", {{"  TOKENS_MAX:\n", "  CTX_MODE:\n"}},
     "15:3: error: generated name 'MINI_CTX_MODE' clashes with one from line 24\n"},

    /* x-as-service */
    {"as_service_type", {{MAXIMUM_100, MAXIMUM_100 "        x-as-service: {minLength: 0}\n"}},
     "53:24: error: 'minLength' in x-as-service does not apply to type integer\n"},
    {"as_service_array", {{CAPACITY, CAPACITY "        x-as-service: {minimum: 0}\n"}},
     "68:9: error: 'x-as-service' does not apply to type array\n"},
    {"as_service_path", {{TENANT "}", TENANT ", x-as-service: {minLength: 0}}"}},
     "30:75: error: 'x-as-service' applies to body fields (what the service writes), not to path "
     "parameters\n"},
    {"as_service_empty", {{ECHO "}", ECHO ", x-as-service: {}}"}},
     "63:71: error: x-as-service is empty (give the rules the service writes by)\n"},
    {"as_service_scalar", {{ECHO "}", ECHO ", x-as-service: loose}"}},
     "63:71: error: x-as-service must be a mapping, not a scalar\n"},
    {"as_service_format", {{ECHO "}", ECHO ", x-as-service: {format: email}}"}},
     "63:80: error: unsupported format 'email' in x-as-service (ip-address, date-time, none)\n"},
    {"as_service_lengths", {{ECHO "}", ECHO ", x-as-service: {minLength: 20}}"}},
     "63:83: error: x-as-service: minLength 20 is above maxLength 12\n"},
    {"as_service_max_length_0", {{ECHO "}", ECHO ", x-as-service: {maxLength: 0}}"}},
     "63:83: error: maxLength 0 is out of range (1..1048576)\n"},
    {"as_service_range", {{MAXIMUM_100, MAXIMUM_100 "        x-as-service: {minimum: 200}\n"}},
     "53:33: error: x-as-service: minimum 200 is above maximum 100\n"},
    {"as_service_int32", {{MAXIMUM_100, MAXIMUM_100 "        x-as-service: {maximum: 3000000000}\n"}},
     "53:33: error: maximum 3000000000 is out of range (-2147483648..2147483647)\n"},
    {"as_service_enum_format",
     {{ECHO "}", "      echo: {type: string, maxLength: 12, enum: [a, b], "
                 "x-as-service: {format: date-time}}"}},
     "63:80: error: enum and format do not combine (the values say what the format would)\n"},
    {"as_service_enum_refused",
     {{ECHO "}", "      echo: {type: string, maxLength: 12, x-charset: lower, enum: [ab, cd], "
                 "x-as-service: {x-charset: digits}}"}},
     "63:91: error: x-as-service refuses enum value 'ab' (its character set or "
     "minLength..maxLength)\n"},
    {"as_service_clash",
     {{"  Problem:\n", DEFINE_BEFORE_PROBLEM("PingReplyAsService")},
      {ECHO "}", ECHO ", x-as-service: {minLength: 0}}"}},
     "75:3: error: generated name 'mini_ping_reply_as_service_desc' clashes with one from line 60\n"
     "75:3: error: generated name 'mini_ping_reply_as_service_fields' clashes with one from line "
     "60\n"},
};

static void test_format2_errors(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof bad_variants / sizeof bad_variants[0]; i++) {
        const struct bad_variant *v = &bad_variants[i];
        char name[128];
        snprintf(name, sizeof name, "%s.yaml", v->name);
        edit_n("tests/schemas/minimal.yaml", name, v->changes, 3);
        if (!generate_fails_as(v->name, v->errors))
            failed++;
    }
    assert_int_equal(failed, 0);
}

/* What the rules allow: each variant generates, and its output compiles. */
static const struct good_variant {
    const char *name;
    change changes[3];
    const char *expect; /* in the generated header or source */
} good_variants[] = {
    {"prefix_32", {{"c-prefix: mini", "c-prefix: a2345678901234567890123456789012"}},
     "const apig_schema a2345678901234567890123456789012_schema = {"},
    {"prefix_apigx", {{"c-prefix: mini", "c-prefix: apigx"}}, "APIGX_TAGS_MAX"},
    {"prefix_underscore", {{"c-prefix: mini", "c-prefix: m_1"}}, "m_1_send_ping_op"},
    {"no_content_null",
     {{SUCCESS_200, "    success-status: 204\n"}, {RESPONSE_200, "      204: null\n"}},
     "    .response = NULL,\n"},
    {"no_content_tilde",
     {{SUCCESS_200, "    success-status: 204\n"}, {RESPONSE_200, "      204: ~\n"}},
     "    .success_status = 204,\n"},
    {"no_content_empty",
     {{SUCCESS_200, "    success-status: 204\n"}, {RESPONSE_200, "      204:\n"}},
     "    .response = NULL,\n"},
    {"same_path_other_method", {PING_EXAMPLE_NAMES_OP, ADD_PONG, {"/v1/{tenant}/pong", "/v1/{tenant}/ping"}},
     "    mini_pong_request pong;\n"},
    {"example_names_its_operation", {PING_EXAMPLE_NAMES_OP}, "        .operation = &mini_send_ping_op,\n"},
    {"error_example",
     {{EXAMPLES, EXAMPLES "  - {name: oops, kind: error, status: 400, param: count, body: '{}'}\n"}},
     "        .error_param = \"count\",\n"},
    {"limit_negative_terms", {{VALUE, "    value: -(1 - 4) * 2 - -1\n"}},
     "#define MINI_TAGS_MAX (-(1 - 4) * 2 - -1)\n"},
    {"limit_hexadecimal_range", {{RANGE, "    range: [0x1, 0x64]\n"}},
     "#error \"MINI_TAGS_MAX must be between 1 and 100\"\n"},
    {"capacity_is_expression_limit", {{CAPACITY, "        x-capacity: TOKENS_MAX\n"}},
     "#define MINI_PING_REPLY_TAGS_MAX (MINI_TOKENS_MAX)\n"},
    {"capacity_is_number", {{CAPACITY, "        x-capacity: 2\n"}},
     "#define MINI_PING_REPLY_TAGS_MAX 2\n"},
    /* x-as-service: a second table, reached from the first; an embedded
     * message's variant gives its container one; `any` and a longer
     * maxLength size the one buffer */
    {"as_service_field", {{ECHO "}", ECHO ", x-as-service: {minLength: 0}}"}},
     "    .as_service = &mini_ping_reply_as_service_desc,\n"},
    {"as_service_nested",
     {{"      name: {type: string, minLength: 1, maxLength: 8, x-charset: lower}",
       "      name: {type: string, minLength: 1, maxLength: 8, x-charset: lower, "
       "x-as-service: {minLength: 0}}"}},
     "        .message = &mini_tag_as_service_desc,\n"},
    {"as_service_any",
     {{"      name: {type: string, minLength: 1, maxLength: 8, x-charset: lower}",
       "      name: {type: string, minLength: 1, maxLength: 8, x-charset: lower, "
       "x-as-service: {x-charset: any, maxLength: 10}}"}},
     "#define MINI_TAG_NAME_SIZE 41 /* 10 characters x 4 bytes + NUL */\n"},
    {"as_service_integer", {{MAXIMUM_100, MAXIMUM_100 "        x-as-service: {minimum: 0, maximum: 200}\n"}},
     "    .as_service = &mini_ping_request_as_service_desc,\n"},
    {"operation_without_path_parameter",
     {{"  path:\n    tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower}\n", ""},
      {"parameters:\n", ""}, {PATH, "    path: /v1/ping\n"}},
     "    char unused_; /* no fields: C needs a member */\n"},
};

static void test_format2_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good_variants / sizeof good_variants[0]; i++) {
        const struct good_variant *v = &good_variants[i];
        char name[128], schema[512];
        snprintf(name, sizeof name, "%s.yaml", v->name);
        edit_n("tests/schemas/minimal.yaml", name, v->changes, 3);
        snprintf(schema, sizeof schema, "%s/%s", tmpdir, name);
        char *err;
        if (generate(schema, v->name, &err) != 0 || *err)
            fail_msg("%s: refused:\n%s", v->name, err);
        free(err);
        char *h = generated(v->name, "h"), *c = generated(v->name, "c");
        char xp[512];
        snprintf(xp, sizeof xp, "%s/%s_examples.c", tmpdir, v->name);
        char *x = read_all(xp, NULL);
        assert_non_null(x);
        bool found = strstr(h, v->expect) || strstr(c, v->expect) || strstr(x, v->expect);
        free(h);
        free(c);
        free(x);
        if (!found)
            fail_msg("%s: the output has no \"%s\"", v->name, v->expect);
        int st = run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o /dev/null '%s/%s.c' && "
                     "%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o /dev/null '%s/%s_examples.c'",
                     cc(), tmpdir, tmpdir, v->name, cc(), tmpdir, tmpdir, v->name);
        if (st != 0)
            fail_msg("%s: the output does not compile", v->name);
    }
}

/* ---- 3. two schemas in one program, limits, the runtime library ------------------- */

/* tmpdir/mini.{h,c}, mini_examples.c from minimal.yaml, and the same schema
 * under c-prefix pong as tmpdir/pong.*, generated from a file of the same
 * name (tmpdir/other/minimal.yaml) so that only the C names differ. */
static void generate_mini_and_pong(void)
{
    char *err;
    assert_int_equal(generate("tests/schemas/minimal.yaml", "mini", &err), 0);
    assert_string_equal(err, "");
    free(err);
    assert_int_equal(run("mkdir -p '%s/other'", tmpdir), 0);
    variant("other/minimal.yaml", "c-prefix: mini\n", "c-prefix: pong\n");
    char p[512];
    snprintf(p, sizeof p, "%s/other/minimal.yaml", tmpdir);
    assert_int_equal(generate(p, "pong", &err), 0);
    assert_string_equal(err, "");
    free(err);
}

/* The same schema under another prefix is the same code under other names:
 * every "pong" of its output is "mini" in the other's, and nothing else
 * differs. */
static void test_same_schema_other_prefix(void **state)
{
    (void)state;
    generate_mini_and_pong();
    const char *ext[] = {"h", "c"};
    for (int i = 0; i < 2; i++) {
        char *m = generated("mini", ext[i]), *q = generated("pong", ext[i]);
        assert_null(strstr(q, "mini_"));
        assert_null(strstr(q, "MINI_"));
        assert_non_null(strstr(q, "Generated by apig-gen from minimal.yaml."));
        for (char *at = q; (at = strstr(at, "pong")) != NULL; at += 4)
            memcpy(at, "mini", 4);
        for (char *at = q; (at = strstr(at, "PONG")) != NULL; at += 4)
            memcpy(at, "MINI", 4);
        assert_string_equal(q, m);
        free(m);
        free(q);
    }
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/mini_examples.c", tmpdir);
    snprintf(b, sizeof b, "%s/pong_examples.c", tmpdir);
    char *m = read_all(a, NULL), *q = read_all(b, NULL);
    assert_non_null(m);
    assert_non_null(q);
    for (char *at = q; (at = strstr(at, "pong")) != NULL; at += 4)
        memcpy(at, "mini", 4);
    assert_string_equal(q, m);
    free(m);
    free(q);
}

/* The program of the acceptance test: mini, pong (the same schema under
 * another prefix) and full, generated separately, included and linked
 * together with libapig, each called through its own tables. */
static const char two_schemas_prog[] =
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "#include \"mini.h\"\n"
    "#include \"pong.h\"\n"
    "#include \"full.h\"\n"
    "\n"
    "static apig_token toks[MINI_TOKENS_MAX + PONG_TOKENS_MAX];\n"
    "static apig_error errs[4];\n"
    "\n"
    "static apig_decoder decoder(void)\n"
    "{\n"
    "    apig_decoder d;\n"
    "    apig_decoder_init(&d, toks, sizeof toks / sizeof toks[0], errs, 4);\n"
    "    return d;\n"
    "}\n"
    "\n"
    "static void show(const char *what, size_t n)\n"
    "{\n"
    "    printf(\"%s %u\", what, (unsigned)n);\n"
    "    for (size_t i = 0; i < n && i < 4; i++) {\n"
    "        char message[512];\n"
    "        apig_error_message(&errs[i], message, sizeof message);\n"
    "        printf(\" %s %s '%s'\", errs[i].code, errs[i].path, message);\n"
    "    }\n"
    "    printf(\"\\n\");\n"
    "}\n"
    "\n"
    "int main(void)\n"
    "{\n"
    "    static const char ping[] = \"{\\\"count\\\": 7, \\\"label\\\": \\\"123\\\"}\";\n"
    "    static const char far[] = \"{\\\"count\\\": 700}\";\n"
    "    apig_decoder d = decoder();\n"
    "\n"
    "    /* A body through each file: the typed wrapper and apig_decode. */\n"
    "    mini_ping_request a;\n"
    "    pong_ping_request b;\n"
    "    size_t n = mini_ping_request_decode(&d, ping, strlen(ping), &a);\n"
    "    printf(\"mini %u %d %s\\n\", (unsigned)n, (int)a.count, a.label);\n"
    "    n = apig_decode(&d, &pong_ping_request_desc, ping, strlen(ping), &b);\n"
    "    printf(\"pong %u %d %s\\n\", (unsigned)n, (int)b.count, b.label);\n"
    "    show(\"mini far\", mini_ping_request_decode(&d, far, strlen(far), &a));\n"
    "    show(\"pong far\", pong_ping_request_decode(&d, far, strlen(far), &b));\n"
    "\n"
    "    /* The whole request, route-free, with each file's operation. */\n"
    "    apig_http_request rq = {\"POST\", 4, \"/v1/acme/ping\", 13, NULL, 0, ping, strlen(ping)};\n"
    "    mini_request ra;\n"
    "    pong_send_ping_request rb;\n"
    "    n = apig_request_decode(&d, &mini_send_ping_op, &rq, &ra.send_ping);\n"
    "    printf(\"mini request %u %s %d\\n\", (unsigned)n, ra.send_ping.path.tenant,\n"
    "           (int)ra.send_ping.body.count);\n"
    "    n = pong_send_ping_request_decode(&d, &rq, &rb);\n"
    "    printf(\"pong request %u %s %d\\n\", (unsigned)n, rb.path.tenant, (int)rb.body.count);\n"
    "    rq.path = \"/v1/ACME/ping\";\n"
    "    show(\"pong bad tenant\", apig_request_decode(&d, &pong_send_ping_op, &rq, &rb));\n"
    "\n"
    "    /* Context keys are each schema's: set through its apig_schema. */\n"
    "    static const char bare[] = \"{\\\"count\\\": 1}\";\n"
    "    apig_decoder dm = decoder(), dp = decoder();\n"
    "    printf(\"context %d %d %d %d\\n\",\n"
    "           apig_context_set(&dm.context, &mini_schema, \"mode\", 4, \"quick\", 5),\n"
    "           apig_context_set(&dp.context, &full_schema, \"mode\", 4, \"quick\", 5),\n"
    "           apig_context_set(&dp.context, &pong_schema, \"mode\", 4, \"fastest\", 7),\n"
    "           apig_context_set(&dp.context, &pong_schema, \"mode\", 4, \"slow\", 4));\n"
    "    show(\"mini quick\", mini_ping_request_decode(&dm, bare, strlen(bare), &a));\n"
    "    show(\"pong slow\", pong_ping_request_decode(&dp, bare, strlen(bare), &b));\n"
    "\n"
    "    /* Each file's tables, examples and encoder. */\n"
    "    printf(\"%s %s %s %d %d %d %d %d\\n\", mini_schema.prefix, pong_schema.prefix,\n"
    "           full_schema.prefix, MINI_OPERATION_COUNT + PONG_OPERATION_COUNT + FULL_OPERATION_COUNT,\n"
    "           mini_send_ping_op.schema == &mini_schema && pong_send_ping_op.schema == &pong_schema,\n"
    "           mini_ping_request_desc.catalog != pong_ping_request_desc.catalog,\n"
    "           mini_examples.items[0].operation == &mini_send_ping_op,\n"
    "           pong_examples.items[0].operation == &pong_send_ping_op);\n"
    "    d = decoder();\n"
    "    for (uint32_t i = 0; i < pong_examples.count; i++)\n"
    "        show(pong_examples.items[i].name,\n"
    "             apig_decode(&d, pong_examples.items[i].message, pong_examples.items[i].body,\n"
    "                         pong_examples.items[i].body_len, &b));\n"
    "    char out[PONG_PING_REQUEST_ENCODED_MAX + 1];\n"
    "    n = pong_ping_request_encode(&b, APIG_STYLE_COMPACT, out, sizeof out, NULL);\n"
    "    printf(\"%u %s\\n\", (unsigned)n, out);\n"
    "    full_outer outer;\n"
    "    memset(&outer, 0, sizeof outer);\n"
    "    outer.has_inner = true;\n"
    "    char fout[FULL_OUTER_ENCODED_MAX + 1];\n"
    "    n = full_outer_encode(&outer, APIG_STYLE_COMPACT, fout, sizeof fout, NULL);\n"
    "    printf(\"%u %s\\n\", (unsigned)n, fout);\n"
    "    return 0;\n"
    "}\n";

static void test_two_schemas_one_program(void **state)
{
    (void)state;
    generate_mini_and_pong();
    char *err;
    assert_int_equal(generate("tests/schemas/full.yaml", "full", &err), 0);
    assert_string_equal(err, "");
    free(err);
    char p[512];
    snprintf(p, sizeof p, "%s/two.c", tmpdir);
    write_all(p, two_schemas_prog);
    assert_int_equal(build_and_run_with("two", "", "mini pong full"), 0);
    char *out = generated("two", "out");
    static const char want[] =
        "mini 0 7 123\n"
        "pong 0 7 123\n"
        "mini far 1 E.2 count 'Out of range: count'\n"
        "pong far 1 E.2 count 'Out of range: count'\n"
        "mini request 0 acme 7\n"
        "pong request 0 acme 7\n"
        "pong bad tenant 1 E.1 tenant 'Bad request: tenant'\n"
        "context 0 -1 -2 0\n"
        "mini quick 1 E.1 label 'Bad request: label'\n"
        "pong slow 0\n"
        "mini pong full 5 1 1 1 1\n"
        "ping 0\n"
        "24 {\"count\":5,\"label\":\"42\"}\n"
        "12 {\"inner\":{}}\n";
    if (strcmp(out, want) != 0)
        fail_msg("the program printed:\n%s\nwanted:\n%s", out, want);
    free(out);

    /* Both headers (all three) together are C99 with -pedantic, and C++11. */
    snprintf(p, sizeof p, "%s/both.c", tmpdir);
    write_all(p, "#include \"mini.h\"\n#include \"pong.h\"\n#include \"full.h\"\n"
                 "int main(void) { return (int)sizeof(mini_request) - (int)sizeof(pong_request); }\n");
    assert_int_equal(run("%s -std=c99 -pedantic " WARN_FLAGS " -Iinclude -I'%s' -fsyntax-only "
                         "'%s/both.c'", cc(), tmpdir, tmpdir), 0);
    if (run("command -v '%s' >/dev/null 2>&1", cxx()) == 0) {
        assert_int_equal(run("cp '%s/both.c' '%s/both.cpp'", tmpdir, tmpdir), 0);
        assert_int_equal(run("'%s' -std=c++11 -Wall -Wextra -Werror -Wshadow -pedantic -Iinclude "
                             "-I'%s' -fsyntax-only '%s/both.cpp'", cxx(), tmpdir, tmpdir), 0);
    } else {
        fail_msg("no C++ compiler (%s) to check the headers with", cxx());
    }
}

/* A limit overridden with -D (the same for the program and the generated
 * source) sizes the structs, and the tables say the same; the other
 * prefix's limit is not touched. Outside the limit's range, the build
 * stops with the #error naming the range. */
static const char limit_prog[] =
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "#include \"mini.h\"\n"
    "#include \"pong.h\"\n"
    "\n"
    "static apig_token toks[MINI_TOKENS_MAX];\n"
    "\n"
    "int main(void)\n"
    "{\n"
    "    static const char reply[] = \"{\\\"tags\\\": [{\\\"name\\\": \\\"a\\\"}, {\\\"name\\\": \\\"b\\\"}, \"\n"
    "        \"{\\\"name\\\": \\\"c\\\"}, {\\\"name\\\": \\\"d\\\"}, {\\\"name\\\": \\\"e\\\"}]}\";\n"
    "    static mini_ping_reply m;\n"
    "    static pong_ping_reply p;\n"
    "    const apig_message *d = &mini_ping_reply_desc;\n"
    "    const apig_field *tags = &d->fields[d->lookup(\"tags\", 4)];\n"
    "    printf(\"%u %u %d %d %d %u %u\\n\", (unsigned)MINI_TAGS_MAX, (unsigned)MINI_TOKENS_MAX,\n"
    "           d->struct_size == sizeof(mini_ping_reply),\n"
    "           tags->capacity == sizeof m.tags / sizeof m.tags[0],\n"
    "           tags->item_size == sizeof(mini_tag), (unsigned)tags->capacity,\n"
    "           (unsigned)(sizeof p.tags / sizeof p.tags[0]));\n"
    "    printf(\"%d %d\\n\", sizeof(mini_ping_reply) == sizeof(pong_ping_reply),\n"
    "           pong_ping_reply_desc.struct_size == sizeof(pong_ping_reply));\n"
    "    apig_error e;\n"
    "    apig_decoder dec;\n"
    "    apig_decoder_init(&dec, toks, MINI_TOKENS_MAX, &e, 1);\n"
    "    size_t nm = apig_decode(&dec, d, reply, strlen(reply), &m);\n"
    "    size_t np = apig_decode(&dec, &pong_ping_reply_desc, reply, strlen(reply), &p);\n"
    "    printf(\"%u %u %u %s\\n\", (unsigned)nm, (unsigned)m.tags_count, (unsigned)np,\n"
    "           np ? apig_error_kind_keyword(e.kind) : \"-\");\n"
    "    return 0;\n"
    "}\n";

static void test_limit_override(void **state)
{
    (void)state;
    generate_mini_and_pong();
    char p[512];
    snprintf(p, sizeof p, "%s/lim.c", tmpdir);
    write_all(p, limit_prog);
    /* The defaults: three tags, the fifth is over capacity for both. */
    assert_int_equal(build_and_run_with("lim", "", "mini pong"), 0);
    char *out = generated("lim", "out");
    assert_string_equal(out, "3 40 1 1 1 3 3\n1 1\n1 0 1 capacity\n");
    free(out);
    /* -DMINI_TAGS_MAX=7: mini's struct grows to 7 tags, its derived token
     * limit follows (8 * 7 + 16), and its tables agree; pong's do not move. */
    assert_int_equal(build_and_run_with("lim", "-DMINI_TAGS_MAX=7", "mini pong"), 0);
    out = generated("lim", "out");
    assert_string_equal(out, "7 72 1 1 1 7 3\n0 1\n0 5 1 capacity\n");
    free(out);
    /* An override of the derived limit alone. */
    char *err;
    assert_int_equal(compile_header("mini", "-DMINI_TOKENS_MAX=4096",
                                    SA("MINI_TOKENS_MAX == 4096") SA("MINI_TAGS_MAX == 3"), &err),
                     0);
    expect_errors(err, 0, NULL);
    free(err);
    /* Outside a range, the build stops, naming the limit and its range. */
    const struct {
        const char *define, *error;
    } bad[] = {
        {"-DMINI_TAGS_MAX=101", "MINI_TAGS_MAX must be between 1 and 100"},
        {"-DMINI_TAGS_MAX=0", "MINI_TAGS_MAX must be between 1 and 100"},
        {"-DMINI_TOKENS_MAX=15", "MINI_TOKENS_MAX must be between 16 and 4096"},
        {"-DPONG_TOKENS_MAX=4097", "PONG_TOKENS_MAX must be between 16 and 4096"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(compile_header(i < 3 ? "mini" : "pong", bad[i].define, "", &err), 1);
        expect_errors(err, 1, bad[i].error);
        assert_non_null(strstr(err, "#error"));
        free(err);
    }
    /* A derived limit pushed out of its range by its base: both checked. */
    assert_int_equal(compile_header("mini", "-DMINI_TAGS_MAX=600", "", &err), 1);
    expect_errors(err, 2, "MINI_TAGS_MAX must be between 1 and 100");
    expect_errors(err, 2, "MINI_TOKENS_MAX must be between 16 and 4096");
    free(err);
}

/* All three files or none. */
static void test_output_all_or_nothing(void **state)
{
    (void)state;
    char *err;
    assert_int_equal(generate("tests/schemas/minimal.yaml", "ok", &err), 0);
    free(err);
    const char *ext[] = {".h", ".c", "_examples.c"};
    for (int k = 0; k < 3; k++) {
        char p[512];
        snprintf(p, sizeof p, "%s/ok%s", tmpdir, ext[k]);
        assert_true(exists(p));
    }
    /* The third file cannot be written (its temporary name is taken by a
     * directory): the other two are not left behind. */
    assert_int_equal(run("mkdir '%s/w_examples.c.tmp'", tmpdir), 0);
    assert_int_equal(generate("tests/schemas/minimal.yaml", "w", &err), 1);
    assert_non_null(strstr(err, "w_examples.c.tmp: error: cannot create: "));
    free(err);
    /* It cannot be renamed into place (a directory with a file holds its
     * name): the two renamed before it are removed again. */
    assert_int_equal(run("mkdir '%s/r_examples.c' && touch '%s/r_examples.c/x'", tmpdir, tmpdir), 0);
    assert_int_equal(generate("tests/schemas/minimal.yaml", "r", &err), 1);
    assert_non_null(strstr(err, "r_examples.c: error: cannot rename: "));
    free(err);
    for (int k = 0; k < 2; k++) {
        char p[512];
        snprintf(p, sizeof p, "%s/w%s", tmpdir, ext[k]);
        assert_false(exists(p));
        snprintf(p, sizeof p, "%s/r%s", tmpdir, ext[k]);
        assert_false(exists(p));
        snprintf(p, sizeof p, "%s/w%s.tmp", tmpdir, ext[k]);
        assert_false(exists(p));
        snprintf(p, sizeof p, "%s/r%s.tmp", tmpdir, ext[k]);
        assert_false(exists(p));
    }
    snprintf(err = malloc(512), 512, "%s/r_examples.c.tmp", tmpdir);
    assert_false(exists(err));
    free(err);
    /* What holds a name the run could not use is not the run's to remove:
     * the directory where the third temporary would go is still there, and
     * so is an empty one (which rename refuses and remove would take) where
     * the second output goes, and only the first output is removed. */
    assert_true(is_dir("w_examples.c.tmp"));
    assert_int_equal(run("mkdir '%s/e.c'", tmpdir), 0);
    assert_int_equal(generate("tests/schemas/minimal.yaml", "e", &err), 1);
    assert_non_null(strstr(err, "e.c: error: cannot rename: "));
    free(err);
    assert_true(is_dir("e.c"));
    const char *gone[] = {"e.h", "e_examples.c", "e.h.tmp", "e.c.tmp", "e_examples.c.tmp"};
    for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", tmpdir, gone[k]);
        assert_false(exists(p));
    }
    /* An output name that is not a plain file name is refused. */
    assert_int_equal(run("'%s' tests/schemas/minimal.yaml '%s/a b' 2>/dev/null", gen_path(), tmpdir), 1);
}

/* libapig holds no operation: scripts/check-runtime (which make test runs
 * on it) passes on the library and fails on one with generated code in it,
 * naming the symbols. */
static void test_runtime_holds_no_operation(void **state)
{
    (void)state;
    if (!exists(libapig()))
        fail_msg("%s is missing (set APIG_BUILD to the build directory)", libapig());
    assert_int_equal(run("scripts/check-runtime '%s' >'%s/ok.txt' 2>&1", libapig(), tmpdir), 0);
    /* Nothing of any schema prefix, defined or referenced, nor an
     * operation's symbols. */
    assert_int_equal(run("nm '%s' | grep -E ' (vpcm|mini|full|pong)_| [A-Za-z_]*_op$' "
                         ">/dev/null", libapig()), 1);
    char *err;
    assert_int_equal(generate("tests/schemas/minimal.yaml", "mini", &err), 0);
    free(err);
    assert_int_equal(run("%s -std=c11 -Iinclude -I'%s' -c -o '%s/mini.o' '%s/mini.c' && "
                         "cp '%s' '%s/bad.a' && ar rs '%s/bad.a' '%s/mini.o' 2>/dev/null",
                         cc(), tmpdir, tmpdir, tmpdir, libapig(), tmpdir, tmpdir, tmpdir), 0);
    assert_int_equal(run("scripts/check-runtime '%s/bad.a' >'%s/bad.txt' 2>&1", tmpdir, tmpdir), 1);
    char p[512];
    snprintf(p, sizeof p, "%s/bad.txt", tmpdir);
    char *out = read_all(p, NULL);
    assert_non_null(out);
    if (!strstr(out, "defines symbols that are not apig's own (generated code?): ") ||
        !strstr(out, " mini_send_ping_op") || !strstr(out, " mini_schema") ||
        !strstr(out, "holds symbols of schema prefix 'mini': ") ||
        !strstr(out, " mini_charset_digits")) /* a static table too */
        fail_msg("check-runtime said:\n%s", out);
    free(out);
}

/* ---- the field types beyond the bundled schema's ------------------------------------- */

/* A field of PingRequest, before `label` in tests/schemas/minimal.yaml. */
#define FIELD(yaml) "      " yaml "\n      label:\n"
#define LABEL "      label:\n"

static const struct type_case {
    const char *from, *to; /* the edit of minimal.yaml */
    const char *needle;    /* where the error points: its first occurrence in
                              `to`, or else in the file */
    const char *what;      /* a fragment of the message */
} type_cases[] = {
    /* enum */
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [ab, cd, ab]}"), "ab]",
     "duplicate enum value 'ab'"},
    {LABEL, FIELD("m: {type: string, maxLength: 2, enum: [ab, abc]}"), "abc",
     "enum value 'abc' has 3 characters, outside minLength..maxLength (0..2)"},
    {LABEL, FIELD("m: {type: string, minLength: 3, maxLength: 4, enum: [abc, ab]}"), "ab]",
     "enum value 'ab' has 2 characters, outside minLength..maxLength (3..4)"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, x-charset: digits, enum: [\"12\", \"1a\"]}"),
     "1a", "enum value '1a' has U+0061, which is not in character set 'digits'"},
    {LABEL, FIELD("m: {type: string, maxLength: 2, enum: [\"\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97\"]}"),
     "\xE4\xB8\xAD", "has 3 characters, outside minLength..maxLength (0..2)"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [ab, \"\"]}"), "\"]",
     "an enum value must not be empty"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: []}"), "[]", "enum needs 1 to 255 values"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: ab}"), "ab}",
     "enum must be a sequence, not a scalar"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [[ab]]}"), "[ab]",
     "an enum value must be a scalar, not a sequence"},
    {LABEL, FIELD("m: {type: integer, enum: [1, 2]}"), "enum:",
     "'enum' does not apply to type integer"},
    {LABEL, FIELD("m: {type: boolean, enum: [a]}"), "enum:", "'enum' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: PingReply, enum: [a]}"), "enum:",
     "'enum' does not apply to type array"},
    {LABEL, FIELD("m: {type: string, format: date-time, enum: [\"2020-01-01T00:00:00Z\"]}"), "enum:",
     "enum and format do not combine"},
    /* x-separator */
    {LABEL, FIELD("m: {type: string, maxLength: 4, x-separator: \",\"}"), ",\"}",
     "x-separator needs 'enum'"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [a], x-separator: \",,\"}"), ",,",
     "x-separator must be one ASCII punctuation character, not ',,'"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [a], x-separator: x}"), "x}",
     "x-separator must be one ASCII punctuation character, not 'x'"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [a], x-separator: \" \"}"), " \"}",
     "x-separator must be one ASCII punctuation character, not ' '"},
    {LABEL, FIELD("m: {type: string, maxLength: 4, enum: [a], x-separator: \"\xC2\xB7\"}"), "\xC2",
     "x-separator must be one ASCII punctuation character"},
    {LABEL, FIELD("m: {type: string, maxLength: 8, x-charset: lower, enum: [ab, cd], x-separator: \",\"}"),
     ",\"}", "x-separator ',' is not in character set 'lower'"},
    {LABEL, FIELD("m: {type: string, maxLength: 8, x-charset: lower, enum: [a-b, cd], x-separator: \"-\"}"),
     "a-b", "enum value 'a-b' contains the x-separator '-'"},
    {LABEL, FIELD("m: {type: integer, x-separator: \",\"}"), "x-separator",
     "'x-separator' does not apply to type integer"},
    /* boolean */
    {LABEL, FIELD("m: {type: bool}"), "bool}",
     "unsupported type 'bool' (string, integer, boolean, array, object)"},
    {LABEL, FIELD("m: {type: boolean, maxLength: 4}"), "maxLength",
     "'maxLength' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, minLength: 1}"), "minLength",
     "'minLength' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, x-charset: digits}"), "x-charset",
     "'x-charset' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, format: int32}"), "format",
     "'format' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, minimum: 0}"), "minimum",
     "'minimum' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, items: PingReply}"), "items",
     "'items' does not apply to type boolean"},
    {LABEL, FIELD("m: {type: boolean, x-when: [{context: {mode: fast}, format: ip-address}]}"),
     "ip-address", "an x-when format applies to strings only"},
    {"    tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower}",
     "    tenant: {type: boolean}", "boolean", "path parameters must be strings"},
    /* nested objects: `type: object` with `$ref` */
    {LABEL, FIELD("m: {type: object}"), "{type: object}", "object field 'm' needs '$ref'"},
    {LABEL, FIELD("m: {type: object, $ref: Nope}"), "Nope", "unknown definition 'Nope'"},
    {LABEL, FIELD("m: {type: string, maxLength: 2, $ref: PingReply}"), "$ref",
     "'$ref' does not apply to type string"},
    {LABEL, FIELD("m: {type: object, $ref: PingRequest}"), "PingRequest:",
     "definition PingRequest contains itself"},
    /* arrays of strings */
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: integer}}"), "integer",
     "unsupported array item type 'integer' (items are a definition name or a string schema)"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: boolean}}"), "boolean",
     "unsupported array item type 'boolean'"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: object, $ref: PingReply}}"), "object",
     "unsupported array item type 'object'"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: array, maxItems: 2, items: PingReply}}"),
     "array, maxItems: 2, items: P", "unsupported array item type 'array'"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {maxLength: 4}}"), "{maxLength",
     "a field needs 'type'"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string}}"), "{type: string}",
     "string field 'm' needs maxLength"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, maxItems: 3}}"),
     "maxItems: 3", "'maxItems' does not apply to type string"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, bogus: 1}}"),
     "bogus", "unknown keyword 'bogus' in a field"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, "
                  "x-when: [{context: {mode: fast}, required: true}]}}"),
     "x-when", "'x-when' does not apply to array items (give it on the array)"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, "
                  "x-errors: {enum: E.2}}}"),
     "x-errors", "'x-errors' does not apply to array items (give it on the array)"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, x-c-name: n}}"),
     "x-c-name", "'x-c-name' does not apply to array items"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, enum: [abc]}}"),
     "abc", "enum value 'abc' has 3 characters, outside minLength..maxLength (0..2)"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 9, x-charset: nope}}"),
     "nope", "unknown character set 'nope'"},
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: [PingReply]}"), "[PingReply]",
     "items must be a scalar, not a sequence"},
    {LABEL, FIELD("m: {type: array, maxItems: 0, items: {type: string, maxLength: 2}}"), "0,",
     "maxItems 0 is out of range (1..65535)"},
    /* generated names: an item's enum table against another field's */
    {LABEL, FIELD("m: {type: array, maxItems: 2, items: {type: string, maxLength: 2, enum: [a]}}\n"
                  "      m_item: {type: string, maxLength: 2, enum: [b]}"),
     "m_item:", "generated name 'mini_ping_request_m_item_enum' clashes with one from line 53"},
    /* the new kind must be mapped like every other */
    {"    enum: E.1\n", "", "syntax: E.1", "x-errors: rules: misses error kind 'enum'"},
    {"    enum: E.1\n", "    enum: E.9\n", "E.9", "unknown catalog code 'E.9'"},
};

/* The line and column (1-based) of text + off. */
static void line_column(const char *text, size_t off, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*column)++; /* columns count characters */
        }
    }
}

static void test_type_errors(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof type_cases / sizeof type_cases[0]; i++) {
        const struct type_case *c = &type_cases[i];
        char name[64], path[512], want[640], base[32];
        snprintf(name, sizeof name, "t%u.yaml", (unsigned)i);
        snprintf(base, sizeof base, "t%u", (unsigned)i);
        variant(name, c->from, c->to);
        snprintf(path, sizeof path, "%s/%s", tmpdir, name);
        char *text = read_all(path, NULL);
        assert_non_null(text);
        /* the needle inside the edit, else (a removal, an error about the
         * definition) its first occurrence in the file */
        const char *edit = c->to[0] ? strstr(text, c->to) : text;
        assert_non_null(edit);
        const char *at = strstr(edit, c->needle);
        if (!at)
            at = strstr(text, c->needle);
        assert_non_null(at);
        int line, column;
        line_column(text, (size_t)(at - text), &line, &column);
        snprintf(want, sizeof want, "%s:%d:%d: error: ", path, line, column);
        char *err;
        int st = generate(path, base, &err);
        if (st != 1 || strncmp(err, want, strlen(want)) != 0 || !strstr(err, c->what)) {
            print_error("case %u (%s): status %d, stderr:\n%s\nwanted \"%s...%s\"\n",
                        (unsigned)i, c->to, st, err, want, c->what);
            failed++;
        }
        char out[512];
        snprintf(out, sizeof out, "%s/%s.h", tmpdir, base);
        if (exists(out)) {
            print_error("case %u: output written\n", (unsigned)i);
            failed++;
        }
        free(err);
        free(text);
    }
    assert_int_equal(failed, 0);
}

/* The test-only schema with every new type generates code that compiles as
 * C11 with the project's warnings, and a header that compiles as C99 and
 * C++11; the C mapping is the documented one. */
static void test_typed_schema_output(void **state)
{
    (void)state;
    char *err;
    assert_int_equal(generate("tests/schemas/typed.yaml", "typed", &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    char *h = generated("typed", "h"), *c = generated("typed", "c");
    static const char *const in_h[] = {
        "    bool has_enabled;\n",
        "    bool enabled;\n",
        "    int64_t big;\n",
        "    typed_inner inner;\n",
        "    uint32_t tags_count;\n    char tags[TYPED_THING_TAGS_MAX][TYPED_THING_TAGS_SIZE];\n",
        "#define TYPED_THING_TAGS_SIZE 19 ",
        "#define TYPED_THING_TAGS_MAX 3\n",
    };
    for (size_t i = 0; i < sizeof in_h / sizeof in_h[0]; i++)
        if (!strstr(h, in_h[i]))
            fail_msg("typed.h lacks: %s", in_h[i]);
    static const char *const in_c[] = {
        ".type = APIG_TYPE_BOOL,",
        "static const char *const typed_thing_mode_enum[] = {\"fast\", \"slow\", \"careful\"};",
        ".enum_values = typed_thing_mode_enum,\n        .enum_count = 3,",
        ".separator = ',',",
        ".separator = '+',",
        "static const apig_field typed_thing_tags_item =",
        ".item = &typed_thing_tags_item,",
        ".item_size = TYPED_THING_TAGS_SIZE,",
        /* the item rules take the array's codes */
        (".kind_entry = typed_thing_levels_kinds,\n        .enum_values = "
         "typed_thing_levels_item_enum,"),
    };
    for (size_t i = 0; i < sizeof in_c / sizeof in_c[0]; i++)
        if (!strstr(c, in_c[i]))
            fail_msg("typed.c lacks: %s", in_c[i]);
    free(h);
    free(c);
    char p[512];
    snprintf(p, sizeof p, "%s/h.c", tmpdir);
    write_all(p, "#include \"typed.h\"\nint main(void) { return 0; }\n");
    assert_int_equal(run("%s -std=c99 -pedantic " WARN_FLAGS " -Iinclude -I'%s' -fsyntax-only '%s/h.c'",
                         cc(), tmpdir, tmpdir), 0);
    if (run("command -v '%s' >/dev/null 2>&1", cxx()) == 0) {
        assert_int_equal(run("cp '%s/h.c' '%s/h.cpp'", tmpdir, tmpdir), 0);
        assert_int_equal(run("'%s' -std=c++11 -Wall -Wextra -Werror -Iinclude -I'%s' "
                             "-fsyntax-only '%s/h.cpp'", cxx(), tmpdir, tmpdir), 0);
    }
    assert_int_equal(run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o '%s/typed.o' '%s/typed.c'",
                         cc(), tmpdir, tmpdir, tmpdir), 0);
}

/* String storage: --string-storage view makes every body string an
 * apig_string (arrays of strings too), leaves parameters inline, and the
 * output compiles; x-storage on a field wins over the default; mistakes are
 * refused where they are. */
static void test_string_storage(void **state)
{
    (void)state;
    char *err;
    assert_int_equal(run("'%s' --string-storage view tests/schemas/typed.yaml '%s/tv' 2>'%s/tv.err'",
                         gen_path(), tmpdir, tmpdir), 0);
    char *h = generated("tv", "h"), *c = generated("tv", "c");
    static const char *const in_h[] = {
        "    apig_string mode; /* a view: see apig_string */\n",
        "    apig_string tags[TYPED_THING_TAGS_MAX];\n",
        "    char project_id[TYPED_SEND_PATH_PROJECT_ID_SIZE];\n", /* a parameter stays inline */
    };
    for (size_t i = 0; i < sizeof in_h / sizeof in_h[0]; i++)
        if (!strstr(h, in_h[i]))
            fail_msg("tv.h lacks: %s", in_h[i]);
    assert_null(strstr(h, "TYPED_THING_MODE_SIZE"));
    assert_null(strstr(h, "TYPED_THING_TAGS_SIZE"));
    assert_non_null(strstr(c, ".item_size = sizeof(apig_string),"));
    assert_non_null(strstr(c, ".storage = APIG_STORAGE_VIEW,"));
    free(h);
    free(c);
    assert_int_equal(run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o '%s/tv.o' '%s/tv.c'",
                         cc(), tmpdir, tmpdir, tmpdir), 0);

    /* The file's default, and a field that says otherwise. */
    variant("v.yaml", "c-prefix: mini\n", "c-prefix: mini\nx-string-storage: view\n");
    char p[512];
    snprintf(p, sizeof p, "%s/v.yaml", tmpdir);
    edit(p, "v2.yaml", "      echo: {type: string, minLength: 1, maxLength: 12}\n",
         "      echo: {type: string, minLength: 1, maxLength: 12, x-storage: inline}\n");
    snprintf(p, sizeof p, "%s/v2.yaml", tmpdir);
    assert_int_equal(generate(p, "v2", &err), 0);
    free(err);
    h = generated("v2", "h");
    assert_non_null(strstr(h, "    apig_string label; /* a view: see apig_string */\n"));
    assert_non_null(strstr(h, "    char echo[MINI_PING_REPLY_ECHO_SIZE];\n"));
    free(h);

    static const struct {
        const char *from, *to, *where, *what;
    } bad[] = {
        {"c-prefix: mini\n", "c-prefix: mini\nx-string-storage: views\n", "5:19",
         "string storage is inline or view, not 'views'"},
        {"      echo: {type: string, minLength: 1, maxLength: 12}\n",
         "      echo: {type: string, minLength: 1, maxLength: 12, x-storage: 1}\n", "",
         "string storage is inline or view, not '1'"},
        {"        maximum: 100\n", "        maximum: 100\n        x-storage: view\n", "",
         "'x-storage' does not apply to type integer"},
        {"tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower}",
         "tenant: {type: string, minLength: 1, maxLength: 16, x-charset: lower, x-storage: view}",
         "", "x-storage applies to body strings; path parameters are always inline"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "s%zu.yaml", i);
        variant(name, bad[i].from, bad[i].to);
        snprintf(p, sizeof p, "%s/%s", tmpdir, name);
        assert_int_equal(generate(p, "s", &err), 1);
        if (!strstr(err, bad[i].what) || (bad[i].where[0] && !strstr(err, bad[i].where)))
            fail_msg("case %zu: %s\nwanted %s %s", i, err, bad[i].where, bad[i].what);
        free(err);
    }
    assert_int_equal(run("'%s' --string-storage both tests/schemas/typed.yaml '%s/x' 2>/dev/null",
                         gen_path(), tmpdir), 1);
}

static void test_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("'%s' >/dev/null 2>&1", gen_path()), 1);
    char *err;
    assert_int_equal(generate("tests/schemas/no-such-file.yaml", "x", &err), 1);
    assert_non_null(strstr(err, "no-such-file.yaml"));
    free(err);
    /* Empty input and a non-mapping document. */
    char p[512];
    snprintf(p, sizeof p, "%s/empty.yaml", tmpdir);
    write_all(p, "");
    assert_int_equal(generate(p, "e", &err), 1);
    assert_non_null(strstr(err, ":1:1: error: "));
    free(err);
    snprintf(p, sizeof p, "%s/list.yaml", tmpdir);
    write_all(p, "- 1\n- 2\n");
    assert_int_equal(generate(p, "l", &err), 1);
    assert_non_null(strstr(err, "list.yaml:1:1: error: the schema must be a mapping"));
    free(err);
    snprintf(p, sizeof p, "%s/nul.yaml", tmpdir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite("a: \"\\0\"\n\0\xff\xfe", 1, 11, f);
    fclose(f);
    assert_int_equal(generate(p, "n", &err), 1);
    free(err);
    /* Deep nesting is refused, not recursed into. */
    snprintf(p, sizeof p, "%s/deep.yaml", tmpdir);
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs("a: ", f);
    for (int i = 0; i < 100000; i++)
        fputc('[', f);
    for (int i = 0; i < 100000; i++)
        fputc(']', f);
    fclose(f);
    assert_int_equal(generate(p, "d", &err), 1);
    assert_non_null(strstr(err, "deep.yaml:1:67: error: nesting deeper than 64 levels"));
    free(err);
    /* A format-1 schema, as it was, gets the migration message alone. */
    snprintf(p, sizeof p, "%s/v1.yaml", tmpdir);
    write_all(p, "# old\napig-schema: 1\noperation: Ping\nc-name: ping\nmethod: POST\n"
                 "path: /v1/ping\nsuccess-status: 200\nrequest: Ping\nresponses: {200: Ping}\n");
    assert_int_equal(generate(p, "v1", &err), 1);
    char want[1024];
    snprintf(want, sizeof want, "%s:2:14: error: apig-schema 1 (one operation per file) is no "
                                "longer read: format 2 names a c-prefix and lists operations "
                                "(CHANGELOG.md, docs/schema.md)\n", p);
    assert_string_equal(err, want);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_string_sizes),
        cmocka_unit_test(test_integer_limits),
        cmocka_unit_test(test_arrays_and_required),
        cmocka_unit_test(test_charsets),
        cmocka_unit_test(test_error_body_fields),
        cmocka_unit_test(test_error_codes),
        cmocka_unit_test(test_catalog),
        cmocka_unit_test(test_context_and_conditions),
        cmocka_unit_test(test_encode_order_and_lookup),
        cmocka_unit_test(test_operation_and_path),
        cmocka_unit_test(test_schema_and_operations),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_encoded_max),
        cmocka_unit_test(test_body_limits),
        cmocka_unit_test_setup_teardown(test_body_limit_below_bound, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_bound_above_decoder_maximum, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_body_max_name_clash, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_changed_limit_changes_table, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_full_schema_compiles_and_keeps_bytes, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_default_and_normalize_tables, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_default_and_normalize_errors, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_config_guards, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_deterministic, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_broken_schemas, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_fuzz_findings, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_format2_errors, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_format2_accepted, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_same_schema_other_prefix, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_two_schemas_one_program, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_limit_override, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_output_all_or_nothing, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_runtime_holds_no_operation, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_type_errors, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_typed_schema_output, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_string_storage, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_usage_errors, make_tmp, remove_tmp),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
