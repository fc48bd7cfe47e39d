// SPDX-License-Identifier: MIT
/*
 * bench_simdjson: simdjson's On-Demand API (Debian libsimdjson-dev, C++),
 * the fastest parser a server would pick. Decode only: its Debian version
 * (3.0) has no writer to build JSON from a struct.
 *
 * decode: one parser, allocated once; each body is iterated in place (the
 *   harness leaves SIMDJSON_PADDING readable bytes after it). On-Demand
 *   validates only what is read, so the walk reads everything: known
 *   fields into the struct, and every unknown value down to its scalars
 *   (keys unescaped, strings unescaped, numbers parsed, literals matched),
 *   counting the nesting (On-Demand 3.0 does not enforce its max_depth);
 *   then nothing may follow the root object. simdjson checks the UTF-8 of the
 *   whole text (stage 1). bench_check applies the rest.
 *
 * simdjson compiles its On-Demand code for the target the compiler is
 * told of: with plain -O2 (x86-64 baseline) that is its scalar "fallback"
 * kernel; the Makefile adds -march=haswell (AVX2, which valgrind runs)
 * where the CPU has AVX2. --mode check prints which kernel is built in.
 */
#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <utility>

#include "checks.h"
#include "harness.h"

using namespace simdjson;

static bench_create req;
static unsigned capacity;
static ondemand::parser *parser;

static void prepare(const bench_body *b)
{
    capacity = b->capacity;
    if (!parser) {
        parser = new ondemand::parser();
        if (parser->allocate(BENCH_TEXT_CAP) != SUCCESS) {
            std::fprintf(stderr, "bench_simdjson: cannot allocate the parser\n");
            std::exit(1);
        }
    }
}

/* Reads value v, at nesting `level`, to its end, every byte of it
 * validated; false on error (or a container deeper than the limit). */
static bool walk(ondemand::value v, int level)
{
    ondemand::json_type t;
    if (v.type().get(t) != SUCCESS)
        return false;
    switch (t) {
    case ondemand::json_type::object: {
        ondemand::object o;
        if (level > BENCH_MAX_DEPTH || v.get_object().get(o) != SUCCESS)
            return false;
        for (auto field : o) {
            ondemand::field f;
            std::string_view key;
            if (std::move(field).get(f) != SUCCESS || f.unescaped_key().get(key) != SUCCESS ||
                !walk(f.value(), level + 1))
                return false;
        }
        return true;
    }
    case ondemand::json_type::array: {
        ondemand::array a;
        if (level > BENCH_MAX_DEPTH || v.get_array().get(a) != SUCCESS)
            return false;
        for (auto item : a) {
            ondemand::value i;
            if (std::move(item).get(i) != SUCCESS || !walk(i, level + 1))
                return false;
        }
        return true;
    }
    case ondemand::json_type::string: {
        std::string_view s;
        return v.get_string().get(s) == SUCCESS;
    }
    case ondemand::json_type::number: {
        ondemand::number n;
        return v.get_number().get(n) == SUCCESS;
    }
    case ondemand::json_type::boolean: {
        bool b;
        return v.get_bool().get(b) == SUCCESS;
    }
    case ondemand::json_type::null: {
        bool null;
        return v.is_null().get(null) == SUCCESS && null;
    }
    }
    return false;
}

/* A member object: false on a syntax error. */
static bool member(bench_member *m, ondemand::object o)
{
    for (auto field : o) {
        ondemand::field f;
        std::string_view key;
        if (std::move(field).get(f) != SUCCESS || f.unescaped_key().get(key) != SUCCESS)
            return false;
        int k = bench_member_field(key.data(), key.size());
        ondemand::value v = f.value();
        if (k == BENCH_F_UNKNOWN) {
            if (!walk(v, 4))
                return false;
            continue;
        }
        ondemand::json_type t;
        if (v.type().get(t) != SUCCESS)
            return false;
        if (t == ondemand::json_type::null) {
            if (!walk(v, 4))
                return false;
            continue;
        }
        bench_member_seen(m, k);
        if (k == BENCH_F_WEIGHT) {
            int64_t w;
            error_code e = t == ondemand::json_type::number ? v.get_int64().get(w) : INCORRECT_TYPE;
            if (e == SUCCESS)
                m->weight = w;
            else if (e == NUMBER_OUT_OF_RANGE)
                m->weight = -1; /* out of any range */
            else if (t == ondemand::json_type::number)
                m->bad |= BENCH_BAD_INTEGER;
            else
                m->bad |= BENCH_BAD_TYPE;
            if (e != SUCCESS && !walk(v, 4))
                return false;
        } else if (t != ondemand::json_type::string) {
            m->bad |= BENCH_BAD_TYPE;
            if (!walk(v, 4))
                return false;
        } else {
            std::string_view s;
            if (v.get_string().get(s) != SUCCESS)
                return false;
            bench_member_string(m, k, s.data(), s.size());
        }
    }
    return true;
}

static int decode(const char *text, size_t len)
{
    ondemand::document doc;
    ondemand::object root;
    if (parser->iterate(text, len, len + SIMDJSON_PADDING).get(doc) != SUCCESS)
        return BENCH_E_SYNTAX;
    bench_create_reset(&req);
    error_code e = doc.get_object().get(root);
    if (e == INCORRECT_TYPE)
        return BENCH_E_TYPE;
    if (e != SUCCESS)
        return BENCH_E_SYNTAX;
    for (auto field : root) {
        ondemand::field f;
        std::string_view key;
        if (std::move(field).get(f) != SUCCESS || f.unescaped_key().get(key) != SUCCESS)
            return BENCH_E_SYNTAX;
        ondemand::value v = f.value();
        ondemand::json_type t;
        if (key != "members" || (v.type().get(t) == SUCCESS && t == ondemand::json_type::null)) {
            if (!walk(v, 2))
                return BENCH_E_SYNTAX;
            continue;
        }
        if (req.has_members)
            req.bad |= BENCH_BAD_DUPLICATE;
        req.has_members = true;
        ondemand::array a;
        if (v.get_array().get(a) != SUCCESS) {
            req.bad |= BENCH_BAD_TYPE;
            if (!walk(v, 2))
                return BENCH_E_SYNTAX;
            continue;
        }
        for (auto item : a) {
            ondemand::value i;
            ondemand::object o;
            if (std::move(item).get(i) != SUCCESS)
                return BENCH_E_SYNTAX;
            bench_member *m = bench_member_next(&req, capacity);
            if (m && i.get_object().get(o) == SUCCESS) {
                if (!member(m, o))
                    return BENCH_E_SYNTAX;
                continue;
            }
            if (m)
                m->bad |= BENCH_BAD_TYPE;
            if (!walk(i, 3))
                return BENCH_E_SYNTAX;
        }
    }
    /* The root object read to its end: nothing may follow it. */
    if (doc.current_location().error() != OUT_OF_BOUNDS)
        return BENCH_E_SYNTAX;
    return bench_check(&req, capacity, BENCH_CTX_NONE);
}

static void decoded(bench_create *out)
{
    *out = req;
}

static const bench_impl impls[] = {{"simdjson", prepare, decode, decoded, nullptr, nullptr}};

int main(int argc, char **argv)
{
    if (argc > 2 && !std::strcmp(argv[2], "check"))
        std::printf("check: simdjson %s, On-Demand kernel built in: %s\n", SIMDJSON_STRINGIFY(SIMDJSON_VERSION),
                    SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
    return bench_main(argc, argv, impls, 1, 0);
}
