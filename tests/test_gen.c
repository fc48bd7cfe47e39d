/*
 * test_gen.c - the schema generator (src/gen, apig-gen).
 *
 * 1. The tables generated from schemas/add_backend_instances_v2.yaml (linked
 *    in through libapig) carry every constraint of the schema.
 * 2. apig-gen run on tests/schemas/: a changed limit changes the output, the
 *    output compiles (C11, C99/C++ header) and keeps examples byte for byte,
 *    broken schemas fail with file:line:column and no output, and the same
 *    schema always gives the same bytes.
 *
 * Environment: APIG_GEN = the generator (default build/apig-gen); run from
 * the repository root (tests/schemas/, include/).
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

#include "add_backend_instances_v2.h"

/* ---- helpers ------------------------------------------------------------------ */

static const apig_operation *op(void) { return &apig_add_backend_instances_v2_op; }

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

/* Writes tmpdir/<name> as the schema at `path` with `from` replaced by `to`. */
static void edit(const char *path, const char *name, const char *from, const char *to)
{
    char *src = read_all(path, NULL);
    assert_non_null(src);
    char *at = strstr(src, from);
    assert_non_null(at);
    size_t n = strlen(src) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    write_all(p, out);
    free(out);
    free(src);
}

/* Writes tmpdir/<name> as minimal.yaml with `from` replaced by `to`. */
static void variant(const char *name, const char *from, const char *to)
{
    edit("tests/schemas/minimal.yaml", name, from, to);
}

#define WARN_FLAGS "-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla"

/* Compiles tmpdir/<prog>.c with tmpdir/<base>.c and runs it, stdout to
 * tmpdir/<prog>.out. Returns the run's exit status. */
static int build_and_run(const char *prog, const char *base)
{
    int st = run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -o '%s/%s' '%s/%s.c' '%s/%s.c'",
                 cc(), tmpdir, tmpdir, prog, tmpdir, prog, tmpdir, base);
    assert_int_equal(st, 0);
    return run("'%s/%s' > '%s/%s.out'", tmpdir, prog, tmpdir, prog);
}

/* ---- 1. the real schema's tables ---------------------------------------------- */

static void test_string_sizes(void **state)
{
    (void)state;
    /* 64 ASCII -> 65; 64 incl. U+4E00..U+9FA5 -> 193; 255 any -> 1021. */
    assert_int_equal(APIG_MEMBER_INFO_ECS_ID_SIZE, 65);
    assert_int_equal(APIG_MEMBER_INFO_ECS_NAME_SIZE, 193);
    assert_int_equal(APIG_MEMBER_INFO_HOST_SIZE, 1021);
    assert_int_equal(sizeof(((apig_member_info *)0)->ecs_name), 193);
    assert_int_equal(APIG_VPC_MEMBER_INFO_CREATE_TIME_SIZE, 21); /* date-time: 20 ASCII */
    assert_int_equal(APIG_ERROR_MSG_ERROR_MSG_SIZE, 512 * 4 + 1);
    assert_int_equal(APIG_ADD_BACKEND_INSTANCES_V2_PATH_PROJECT_ID_SIZE, 65);
    assert_int_equal(APIG_ADD_BACKEND_INSTANCES_V2_TOKEN_HEADER_SIZE, 16385);

    const apig_message *mi = &apig_member_info_desc;
    assert_int_equal(field(mi, "ecs_id")->capacity, 65);
    assert_int_equal(field(mi, "ecs_name")->capacity, 193);
    assert_int_equal(field(mi, "host")->capacity, 1021);
    assert_int_equal(field(mi, "host")->min_length, 1);
    assert_int_equal(field(mi, "host")->max_length, 255);
    assert_int_equal(field(mi, "ecs_name")->max_length, 64);
    assert_int_equal(field(mi, "ecs_id")->offset, offsetof(apig_member_info, ecs_id));
    assert_int_equal(field(mi, "ecs_id")->has_offset, offsetof(apig_member_info, has_ecs_id));
    assert_int_equal(mi->struct_size, sizeof(apig_member_info));
}

static void test_integer_limits(void **state)
{
    (void)state;
    const apig_field *w = field(&apig_member_info_desc, "weight");
    assert_int_equal(w->type, APIG_TYPE_INT32);
    assert_true(w->has_minimum && w->has_maximum);
    assert_int_equal(w->minimum, 0);
    assert_int_equal(w->maximum, 100);
    assert_int_equal(w->required, 0);

    const apig_message *page = &apig_vpc_member_page_desc;
    assert_int_equal(field(page, "total")->type, APIG_TYPE_INT64);
    assert_int_equal(field(page, "size")->type, APIG_TYPE_INT32);
    assert_true(field(page, "size")->has_minimum);
    assert_false(field(page, "size")->has_maximum);
    const apig_field *st = field(&apig_vpc_member_info_desc, "status");
    assert_false(st->has_minimum || st->has_maximum);
}

static void test_arrays_and_required(void **state)
{
    (void)state;
    const apig_field *m = field(&apig_vpc_member_create_desc, "members");
    assert_int_equal(m->type, APIG_TYPE_ARRAY);
    assert_int_equal(m->required, 1);
    assert_int_equal(m->min_length, 1);
    assert_int_equal(m->capacity, APIG_CFG_MEMBERS_MAX);
    assert_int_equal(APIG_VPC_MEMBER_CREATE_MEMBERS_MAX, APIG_CFG_MEMBERS_MAX);
    assert_int_equal(m->item_size, sizeof(apig_member_info));
    assert_ptr_equal(m->message, &apig_member_info_desc);
    assert_int_equal(m->count_offset, offsetof(apig_vpc_member_create, members_count));
    assert_int_equal(m->offset, offsetof(apig_vpc_member_create, members));

    const apig_message *page = &apig_vpc_member_page_desc;
    assert_true(field(page, "size")->required && field(page, "total")->required &&
                field(page, "members")->required);
    assert_int_equal(field(page, "members")->min_length, 0);
    assert_false(field(&apig_member_info_desc, "host")->required);
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
    assert_ranges(field(&apig_member_info_desc, "ecs_id")->charset, id, 5);
    assert_ranges(field(&apig_member_info_desc, "ecs_name")->charset, name, 6);
    assert_ranges(op()->token_header->charset, visible, 1);
    assert_string_equal(field(&apig_member_info_desc, "ecs_id")->charset->name, "id");
    /* One table per set, shared by its fields. */
    assert_ptr_equal(field(&apig_member_info_desc, "ecs_id")->charset,
                     field(&apig_vpc_member_info_desc, "id")->charset);
    assert_null(field(&apig_member_info_desc, "host")->charset);
    /* The generated ASCII bitmaps say exactly what the ranges say. */
    const apig_charset *sets[] = {field(&apig_member_info_desc, "ecs_id")->charset,
                                  field(&apig_member_info_desc, "ecs_name")->charset,
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
    assert_ptr_equal(c->error_body, &apig_error_msg_desc);
    assert_ptr_equal(c->error_body, op()->error_body);
    assert_string_equal(c->error_body->fields[c->error_code_field].name, "error_code");
    assert_string_equal(c->error_body->fields[c->error_message_field].name, "error_msg");
}

static void test_error_codes(void **state)
{
    (void)state;
    const apig_field *w = field(&apig_member_info_desc, "weight");
    assert_string_equal(code_of(w, APIG_ERROR_RANGE), "APIG.2004");
    assert_string_equal(code_of(w, APIG_ERROR_NOT_INTEGER), "APIG.2012");
    assert_string_equal(code_of(w, APIG_ERROR_TYPE), "APIG.2012");
    const apig_field *h = field(&apig_member_info_desc, "host");
    assert_string_equal(code_of(h, APIG_ERROR_FORMAT), "APIG.2015");
    assert_string_equal(code_of(h, APIG_ERROR_TOO_SHORT), "APIG.2005");
    assert_string_equal(code_of(h, APIG_ERROR_TOO_LONG), "APIG.2006");
    assert_string_equal(code_of(field(&apig_vpc_member_create_desc, "members"),
                                APIG_ERROR_CAPACITY), "APIG.3110");
    /* Fields without overrides share the catalog's array. */
    assert_ptr_equal(w->kind_entry, op()->catalog->kind_entry);

    /* create_time: format -> APIG.2012 instead of APIG.2015. */
    const apig_field *ct = field(&apig_vpc_member_info_desc, "create_time");
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
    /* Every message points to the operation's catalog and the operation. */
    assert_ptr_equal(apig_member_info_desc.catalog, c);
    assert_ptr_equal(apig_error_msg_desc.operation, op());
}

static void test_context_and_conditions(void **state)
{
    (void)state;
    assert_int_equal(op()->context_key_count, 2);
    const apig_context_key *mt = &op()->context_keys[APIG_ADD_BACKEND_INSTANCES_V2_CTX_MEMBER_TYPE];
    assert_string_equal(mt->name, "member_type");
    assert_int_equal(mt->value_count, 2);
    assert_string_equal(mt->values[0], "ip");
    assert_string_equal(mt->values[1], "instance");
    assert_int_equal(mt->alias_count, 1);
    assert_string_equal(mt->alias_names[0], "ecs");
    assert_int_equal(mt->alias_values[0], 1);
    const apig_context_key *ch = &op()->context_keys[APIG_ADD_BACKEND_INSTANCES_V2_CTX_CHANNEL_TYPE];
    assert_string_equal(ch->name, "channel_type");
    assert_int_equal(ch->value_count, 0); /* integer key */

    const apig_field *h = field(&apig_member_info_desc, "host");
    assert_int_equal(h->condition_count, 2);
    assert_int_equal(h->conditions[0].key, 0);
    assert_int_equal(h->conditions[0].value, 0); /* ip */
    assert_int_equal(h->conditions[0].action, APIG_WHEN_REQUIRE);
    assert_int_equal(h->conditions[1].action, APIG_WHEN_FORMAT);
    assert_int_equal(h->conditions[1].format, APIG_FORMAT_IP_ADDRESS);
    assert_int_equal(h->format, APIG_FORMAT_NONE); /* only by context */

    const apig_field *e = field(&apig_member_info_desc, "ecs_id");
    assert_int_equal(e->condition_count, 1);
    assert_int_equal(e->conditions[0].value, 1); /* instance */
    assert_int_equal(e->conditions[0].action, APIG_WHEN_REQUIRE);
    assert_int_equal(field(&apig_member_info_desc, "weight")->condition_count, 0);
    assert_null(field(&apig_member_info_desc, "weight")->conditions);
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
    assert_order(&apig_member_info_desc, mi, 4);
    assert_order(&apig_vpc_member_page_desc, page, 3);
    assert_order(&apig_vpc_member_info_desc, info, 8);
    assert_order(&apig_error_msg_desc, err, 2);
    /* Declaration order in fields[]. */
    assert_string_equal(apig_member_info_desc.fields[0].name, "host");
    assert_string_equal(apig_member_info_desc.fields[1].name, "weight");

    const apig_message *m = &apig_member_info_desc;
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
    assert_ptr_equal(o->request, &apig_vpc_member_create_desc);
    assert_ptr_equal(o->response, &apig_vpc_member_page_desc);
    assert_ptr_equal(o->error_body, &apig_error_msg_desc);
    assert_ptr_equal(o->path, &apig_add_backend_instances_v2_path_desc);
    assert_ptr_equal(o->token_header, &apig_add_backend_instances_v2_token_header);
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
    assert_int_equal(p->struct_size, sizeof(apig_add_backend_instances_v2_path));
}

static void test_examples(void **state)
{
    (void)state;
    const apig_operation *o = op();
    assert_int_equal(o->example_count, 9);
    const apig_example *e = &o->examples[0];
    static const char first[] = "{\n"
                                "  \"members\" : [ {\n"
                                "    \"host\" : \"192.168.2.25\",\n"
                                "    \"weight\" : 1\n"
                                "  } ]\n"
                                "}";
    assert_string_equal(e->name, "request-host");
    assert_int_equal(e->kind, APIG_EXAMPLE_REQUEST);
    assert_ptr_equal(e->message, &apig_vpc_member_create_desc);
    assert_int_equal(e->body_len, sizeof first - 1);
    assert_memory_equal(e->body, first, sizeof first);

    int requests = 0, responses = 0, errors = 0;
    for (uint32_t i = 0; i < o->example_count; i++) {
        e = &o->examples[i];
        assert_int_equal(strlen(e->body), e->body_len);
        assert_true(e->body[0] == '{' && e->body[e->body_len - 1] == '}');
        if (e->kind == APIG_EXAMPLE_REQUEST) {
            requests++;
            assert_ptr_equal(e->message, o->request);
        } else if (e->kind == APIG_EXAMPLE_RESPONSE) {
            responses++;
            assert_int_equal(e->status, 201);
            assert_ptr_equal(e->message, o->response);
        } else {
            errors++;
            assert_int_equal(e->kind, APIG_EXAMPLE_ERROR);
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
        if (e->message == &apig_vpc_member_page_desc)
            assert_true(e->body_len <= APIG_VPC_MEMBER_PAGE_ENCODED_MAX);
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
    assert_true(APIG_ERROR_MSG_ENCODED_MAX >= strings + sizeof "{\n  \"error_code\" : ,\n  \"error_msg\" : \n}");
    assert_true(APIG_ERROR_MSG_ENCODED_MAX < strings + 100);
    /* A request scales with the capacity. */
    assert_true(APIG_VPC_MEMBER_CREATE_ENCODED_MAX >=
                (size_t)APIG_CFG_MEMBERS_MAX * APIG_MEMBER_INFO_ENCODED_MAX);
    assert_true(APIG_VPC_MEMBER_CREATE_ENCODED_MAX <
                (size_t)APIG_CFG_MEMBERS_MAX * (APIG_MEMBER_INFO_ENCODED_MAX + 64) + 64);
    /* host alone: 255 characters x 12 bytes. */
    assert_true(APIG_MEMBER_INFO_ENCODED_MAX >= 255 * 12 + 64 + 64 * 6 + 11);
}

/* In the default configuration every message's body limit covers what
 * apig_encode can write for it. */
#define BODY_COVERS_BOUND(M) _Static_assert(M##_BODY_MAX >= M##_ENCODED_MAX, #M)
BODY_COVERS_BOUND(APIG_VPC_MEMBER_CREATE);
BODY_COVERS_BOUND(APIG_MEMBER_INFO);
BODY_COVERS_BOUND(APIG_VPC_MEMBER_PAGE);
BODY_COVERS_BOUND(APIG_VPC_MEMBER_INFO);
BODY_COVERS_BOUND(APIG_ERROR_MSG);
BODY_COVERS_BOUND(APIG_ADD_BACKEND_INSTANCES_V2_PATH);

static void test_body_limits(void **state)
{
    (void)state;
    const struct {
        const apig_message *m;
        size_t body_max, encoded_max, encoded_max_pp;
    } all[] = {
        {&apig_vpc_member_create_desc, APIG_VPC_MEMBER_CREATE_BODY_MAX,
         APIG_VPC_MEMBER_CREATE_ENCODED_MAX, APIG_VPC_MEMBER_CREATE_ENCODED_MAX_PP},
        {&apig_member_info_desc, APIG_MEMBER_INFO_BODY_MAX, APIG_MEMBER_INFO_ENCODED_MAX,
         APIG_MEMBER_INFO_ENCODED_MAX_PP},
        {&apig_vpc_member_page_desc, APIG_VPC_MEMBER_PAGE_BODY_MAX,
         APIG_VPC_MEMBER_PAGE_ENCODED_MAX, APIG_VPC_MEMBER_PAGE_ENCODED_MAX_PP},
        {&apig_vpc_member_info_desc, APIG_VPC_MEMBER_INFO_BODY_MAX,
         APIG_VPC_MEMBER_INFO_ENCODED_MAX, APIG_VPC_MEMBER_INFO_ENCODED_MAX_PP},
        {&apig_error_msg_desc, APIG_ERROR_MSG_BODY_MAX, APIG_ERROR_MSG_ENCODED_MAX,
         APIG_ERROR_MSG_ENCODED_MAX_PP},
        {&apig_add_backend_instances_v2_path_desc, APIG_ADD_BACKEND_INSTANCES_V2_PATH_BODY_MAX,
         APIG_ADD_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX,
         APIG_ADD_BACKEND_INSTANCES_V2_PATH_ENCODED_MAX_PP},
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
    assert_int_equal(generate("schemas/add_backend_instances_v2.yaml", "abi", NULL), 0);
    char *err;

    /* 64 KiB holds one member, not 200: the request and the page. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MAX_BODY_BYTES=65536", "", &err), 1);
    expect_errors(err, 2, BELOW("APIG_VPC_MEMBER_CREATE") "VpcMemberCreate "
                          "(23 + APIG_CFG_MEMBERS_MAX * (2 + 3598) bytes): apig_decode "
                          "would refuse such bodies as too large. Raise "
                          "APIG_CFG_MAX_BODY_BYTES, lower the capacity, or define "
                          "APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX to accept that");
    expect_errors(err, 2, BELOW("APIG_VPC_MEMBER_PAGE") "VpcMemberPage ");
    free(err);

    /* Opted into, the limit is exactly the embedder's, for every message. */
    assert_int_equal(compile_header("abi",
                                    "-DAPIG_CFG_MAX_BODY_BYTES=65536 "
                                    "-DAPIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX",
                                    SA("APIG_VPC_MEMBER_CREATE_BODY_MAX == 65536")
                                    SA("APIG_VPC_MEMBER_PAGE_BODY_MAX == 65536")
                                    SA("APIG_ERROR_MSG_BODY_MAX == 65536"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);

    /* A limit set above every bound is taken as it is. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MAX_BODY_BYTES=2000000",
                                    SA("APIG_VPC_MEMBER_CREATE_BODY_MAX == 2000000")
                                    SA("APIG_ERROR_MSG_BODY_MAX == 2000000"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    /* ...until a raised capacity outgrows it: the build says so. */
    assert_int_equal(compile_header("abi",
                                    "-DAPIG_CFG_MAX_BODY_BYTES=2000000 -DAPIG_CFG_MEMBERS_MAX=600",
                                    "", &err), 1);
    expect_errors(err, 2, BELOW("APIG_VPC_MEMBER_CREATE") "VpcMemberCreate ");
    expect_errors(err, 2, BELOW("APIG_VPC_MEMBER_PAGE") "VpcMemberPage ");
    free(err);

    /* Left to the default, raising the capacity raises the limits that
     * need it and leaves the others at 1 MiB. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MEMBERS_MAX=300",
                                    SA("APIG_VPC_MEMBER_CREATE_ENCODED_MAX > 1048576")
                                    SA("APIG_VPC_MEMBER_CREATE_BODY_MAX == "
                                       "APIG_VPC_MEMBER_CREATE_ENCODED_MAX")
                                    SA("APIG_VPC_MEMBER_PAGE_BODY_MAX == "
                                       "APIG_VPC_MEMBER_PAGE_ENCODED_MAX")
                                    SA("APIG_ERROR_MSG_BODY_MAX == 1048576"),
                                    &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
    /* The most the capacity allows still fits the decoder's 2^30. */
    assert_int_equal(compile_header("abi", "-DAPIG_CFG_MEMBERS_MAX=65535",
                                    SA("APIG_VPC_MEMBER_PAGE_BODY_MAX == "
                                       "APIG_VPC_MEMBER_PAGE_ENCODED_MAX"),
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
    expect_errors(err, 1, "APIG_PING_REQUEST_ENCODED_MAX, the most apig_encode writes for "
                          "PingRequest (72 + 65535 * (2 + 12582934) bytes), is above 2^30, "
                          "the largest body the decoder can take");
    free(err);
    /* One reply alone is well below. */
    snprintf(p, sizeof p, "%s/wide.yaml", tmpdir);
    assert_int_equal(generate(p, "wide", NULL), 0);
    assert_int_equal(compile_header("wide", "", "", &err), 0);
    expect_errors(err, 0, NULL);
    free(err);
}

/* The limit's macro is a generated name like the others. */
static void test_body_max_name_clash(void **state)
{
    (void)state;
    variant("clash.yaml", "      label:\n",
            "      body: {type: array, maxItems: 2, items: PingReply}\n      label:\n");
    char p[512], *err;
    snprintf(p, sizeof p, "%s/clash.yaml", tmpdir);
    assert_int_equal(generate(p, "clash", &err), 1);
    assert_non_null(strstr(err, "error: generated name 'APIG_PING_REQUEST_BODY_MAX' clashes "
                                "with one from line"));
    free(err);
}

/* ---- 2. the generator on test schemas --------------------------------------------- */

static void test_changed_limit_changes_table(void **state)
{
    (void)state;
    variant("base.yaml", "maximum: 100\n", "maximum: 100\n");
    variant("wide.yaml", "maximum: 100\n", "maximum: 10000\n");
    variant("long.yaml", "maxLength: 8\n", "maxLength: 80\n");
    variant("set.yaml", "    - [0x30, 0x39]\n  lower:", "    - [0x30, 0x35]\n  lower:");
    char p[512];
    const char *names[] = {"base", "wide", "long", "set"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s.yaml", tmpdir, names[i]);
        assert_int_equal(generate(p, names[i], NULL), 0);
    }
    char *base = generated("base", "c"), *wide = generated("wide", "c");
    assert_non_null(strstr(base, ".maximum = INT64_C(100),"));
    assert_null(strstr(base, "INT64_C(10000)"));
    assert_non_null(strstr(wide, ".maximum = INT64_C(10000),"));
    assert_null(strstr(wide, ".maximum = INT64_C(100),"));

    char *bh = generated("base", "h"), *lh = generated("long", "h");
    assert_non_null(strstr(bh, "#define APIG_PING_REQUEST_LABEL_SIZE 9 "));
    assert_non_null(strstr(lh, "#define APIG_PING_REQUEST_LABEL_SIZE 81 "));
    char *lc = generated("long", "c");
    assert_non_null(strstr(lc, ".max_length = 80,"));

    char *sc = generated("set", "c");
    assert_non_null(strstr(base, "{0x0030, 0x0039},\n};"));
    assert_non_null(strstr(sc, "{0x0030, 0x0035},\n};"));

    /* And the compiled table says so too. */
    snprintf(p, sizeof p, "%s/prog.c", tmpdir);
    write_all(p, "#include <stdio.h>\n#include \"wide.h\"\n"
                 "int main(void)\n{\n"
                 "    const apig_message *m = apig_ping_op.request;\n"
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
    if (run("command -v c++ >/dev/null 2>&1") == 0) {
        assert_int_equal(run("cp '%s/h.c' '%s/h.cpp'", tmpdir, tmpdir), 0);
        assert_int_equal(run("c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -I'%s' "
                             "-fsyntax-only '%s/h.cpp'", tmpdir, tmpdir), 0);
    }
    snprintf(p, sizeof p, "%s/dump.c", tmpdir);
    write_all(p,
              "#include <stdio.h>\n#include \"full.h\"\n"
              "int main(void)\n{\n"
              "    const apig_operation *o = &apig_full_test_op;\n"
              "    for (uint32_t i = 0; i < o->example_count; i++) {\n"
              "        fwrite(o->examples[i].body, 1, o->examples[i].body_len, stdout);\n"
              "        putchar('|');\n"
              "    }\n"
              "    printf(\"%u %s %s %s %u %u %s|\", (unsigned)o->catalog->entry_count,\n"
              "           o->catalog->entries[0].code, o->catalog->entries[2].code,\n"
              "           o->catalog->entries[2].message,\n"
              "           (unsigned)o->catalog->kind_entry[APIG_ERROR_SYNTAX],\n"
              "           (unsigned)o->catalog->kind_entry[APIG_ERROR_ROUTE],\n"
              "           o->examples[2].error_id);\n"
              "    const apig_message *m = &apig_outer_desc;\n"
              "    const apig_field *in = &m->fields[m->lookup(\"inner\", 5)];\n"
              "    const apig_field *big = &m->fields[m->lookup(\"big\", 3)];\n"
              "    printf(\"%d %d %d %d %lld %lld|\", in->type == APIG_TYPE_OBJECT,\n"
              "           in->message == &apig_inner_desc, in->item_size == sizeof(apig_inner),\n"
              "           (int)m->fields[m->lookup(\"list\", 4)].capacity,\n"
              "           (long long)big->minimum, (long long)big->maximum);\n"
              "    printf(\"%u %u %u\", (unsigned)APIG_OUTER_SMILE_SIZE,\n"
              "           (unsigned)APIG_FULL_TEST_PATH_BID_SIZE, (unsigned)m->encode_order[0]);\n"
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
        "9 9 1";
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, sizeof want - 1);
    free(out);
}

/* config.h refuses a parameterName array too small to say anything, or
 * larger than the message that must also hold it. */
static void test_config_guards(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/cfg.c", tmpdir);
    write_all(p, "#include <apig/config.h>\nint main(void) { return APIG_CFG_PARAM_BYTES; }\n");
    const char *flags[] = {"", "-DAPIG_CFG_PARAM_BYTES=16",
                           "-DAPIG_CFG_PARAM_BYTES=15",
                           "-DAPIG_CFG_PARAM_BYTES=257",
                           "-DAPIG_CFG_MESSAGE_BYTES=512 -DAPIG_CFG_PARAM_BYTES=512"};
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
        assert_non_null(strstr(err, "APIG_CFG_PARAM_BYTES must be between 16 and APIG_CFG_MESSAGE_BYTES"));
        free(err);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *schema = "schemas/add_backend_instances_v2.yaml";
    assert_int_equal(generate(schema, "one", NULL), 0);
    assert_int_equal(run("mkdir '%s/sub'", tmpdir), 0);
    assert_int_equal(generate(schema, "sub/one", NULL), 0);
    const char *ext[] = {"h", "c"};
    for (int i = 0; i < 2; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/one.%s", tmpdir, ext[i]);
        snprintf(b, sizeof b, "%s/sub/one.%s", tmpdir, ext[i]);
        size_t la, lb;
        char *x = read_all(a, &la), *y = read_all(b, &lb);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(la, lb);
        assert_memory_equal(x, y, la);
        assert_null(strstr(x, tmpdir));   /* no build-machine paths */
        assert_null(strstr(x, "schemas/")); /* only the schema's base name */
        assert_non_null(strstr(x, "add_backend_instances_v2.yaml"));
        free(x);
        free(y);
    }
    /* The output it writes is the one make builds from (same generator). */
    char *c = generated("one", "c");
    assert_non_null(strstr(c, "#include \"one.h\""));
    free(c);
}

/* ---- broken schemas ---------------------------------------------------------------- */

static const struct broken {
    const char *file;  /* in tests/schemas/broken/ */
    const char *where; /* line:column */
    const char *what;  /* a fragment of the message */
} broken[] = {
    {"unknown_keyword", "43:9", "unknown keyword 'maxLenght'"},
    {"bad_range", "39:18", "minimum 10 is above maximum 5"},
    {"bad_length", "51:39", "minLength 20 is above maxLength 12"},
    {"bad_type", "56:20", "unsupported type 'number'"},
    {"bad_format", "38:17", "unsupported format 'int128'"},
    {"unknown_charset", "44:20", "unknown character set 'hex'"},
    {"unknown_definition", "26:10", "unknown definition 'PingRequets'"},
    {"unknown_code", "71:12", "unknown catalog code 'E.3'"},
    {"unknown_kind", "71:5", "unknown error kind 'ranges'"},
    {"missing_rule", "65:5", "misses error kind 'route'"},
    {"duplicate_key", "41:9", "duplicate key 'maximum'"},
    {"bad_yaml", "23:2", "invalid YAML"},
    {"wrong_node", "34:15", "required must be a sequence, not a mapping"},
    {"nul_in_charset", "15:7", "U+0000 cannot be in a character set"},
    {"reversed_range", "13:7", "range first 0x7A is above last 0x61"},
    {"bad_context_value", "46:30", "'slowest' is not a value of context key 'mode'"},
    {"int32_overflow", "40:18", "maximum 3000000000 is out of range"},
    {"no_max_length", "51:13", "needs maxLength"},
    {"path_mismatch", "6:7", "path parameter '{other}' is not in parameters"},
    {"alias", "18:10", "anchors are not supported"},
    {"cycle", "48:3", "PingReply contains itself"},
    {"bad_order", "35:14", "x-order misses field 'count'"},
    {"error_body_field", "60:31", "the error body Problem has no field 'reason'"},
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
        snprintf(want, sizeof want, "%s:%s: error: ", schema, broken[i].where);
        if (st != 1 || strncmp(err, want, strlen(want)) != 0 || !strstr(err, broken[i].what))
            fail_msg("%s: status %d, stderr:\n%s\nwanted \"%s...%s\"", broken[i].file, st, err,
                     want, broken[i].what);
        const char *ext[] = {"h", "c", "h.tmp", "c.tmp"};
        for (int k = 0; k < 4; k++) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s.%s", tmpdir, base, ext[k]);
            if (exists(p))
                fail_msg("%s: output %s was written", broken[i].file, p);
        }
        free(err);
    }
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
     "m_item:", "generated name 'apig_ping_request_m_item_enum' clashes with one from line"},
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
        if (st != 1 || strncmp(err, want, strlen(want)) != 0 || !strstr(err, c->what))
            fail_msg("case %u (%s): status %d, stderr:\n%s\nwanted \"%s...%s\"", (unsigned)i,
                     c->to, st, err, want, c->what);
        char out[512];
        snprintf(out, sizeof out, "%s/%s.h", tmpdir, base);
        if (exists(out))
            fail_msg("case %u: output written", (unsigned)i);
        free(err);
        free(text);
    }
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
        "    bool has_enabled;\n    bool enabled;\n",
        "    int64_t big;\n",
        "    apig_typed_inner inner;\n",
        "    uint32_t tags_count;\n    char tags[APIG_TYPED_THING_TAGS_MAX][APIG_TYPED_THING_TAGS_SIZE];\n",
        "#define APIG_TYPED_THING_TAGS_SIZE 19 ",
        "#define APIG_TYPED_THING_TAGS_MAX 3\n",
    };
    for (size_t i = 0; i < sizeof in_h / sizeof in_h[0]; i++)
        if (!strstr(h, in_h[i]))
            fail_msg("typed.h lacks: %s", in_h[i]);
    static const char *const in_c[] = {
        ".type = APIG_TYPE_BOOL,",
        "static const char *const apig_typed_thing_mode_enum[] = {\"fast\", \"slow\", \"careful\"};",
        ".enum_values = apig_typed_thing_mode_enum,\n        .enum_count = 3,",
        ".separator = ',',",
        ".separator = '+',",
        "static const apig_field apig_typed_thing_tags_item =",
        ".item = &apig_typed_thing_tags_item,",
        ".item_size = APIG_TYPED_THING_TAGS_SIZE,",
        /* the item rules take the array's codes */
        (".kind_entry = apig_typed_thing_levels_kinds,\n        .enum_values = "
         "apig_typed_thing_levels_item_enum,"),
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
    if (run("command -v c++ >/dev/null 2>&1") == 0) {
        assert_int_equal(run("cp '%s/h.c' '%s/h.cpp'", tmpdir, tmpdir), 0);
        assert_int_equal(run("c++ -std=c++11 -Wall -Wextra -Werror -Iinclude -I'%s' "
                             "-fsyntax-only '%s/h.cpp'", tmpdir, tmpdir), 0);
    }
    assert_int_equal(run("%s -std=c11 " WARN_FLAGS " -Iinclude -I'%s' -c -o '%s/typed.o' '%s/typed.c'",
                         cc(), tmpdir, tmpdir, tmpdir), 0);
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
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_encoded_max),
        cmocka_unit_test(test_body_limits),
        cmocka_unit_test_setup_teardown(test_body_limit_below_bound, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_bound_above_decoder_maximum, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_body_max_name_clash, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_changed_limit_changes_table, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_full_schema_compiles_and_keeps_bytes, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_config_guards, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_deterministic, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_broken_schemas, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_type_errors, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_typed_schema_output, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_usage_errors, make_tmp, remove_tmp),
    };
    return cmocka_run_group_tests_name("gen", tests, NULL, NULL);
}
