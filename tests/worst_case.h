/* SPDX-License-Identifier: MIT */
/*
 * worst_case.h - test values for the encoder's tests: what the longest
 * encoding of a string takes, a struct filled with its longest values (both
 * held against a message's generated <PREFIX>_<MSG>_ENCODED_MAX), and
 * random characters for round trips. Included by one translation unit per
 * test binary, after cmocka, core/core.h (apig__utf8_encode) and
 * error_text.h (msg_of).
 */
#ifndef APIG_TESTS_WORST_CASE_H
#define APIG_TESTS_WORST_CASE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apig/apig.h>

/* Bytes character cp takes in a JSON string written in `style`. */
static inline unsigned char_cost(uint32_t cp, unsigned style)
{
    if (cp < 0x20)
        return cp == 8 || cp == 9 || cp == 10 || cp == 12 || cp == 13 ? 2 : 6;
    if (cp == '"' || cp == '\\')
        return 2;
    if (cp < 0x80)
        return 1;
    if (style & APIG_STYLE_ASCII)
        return cp >= 0x10000 ? 12 : 6;
    return cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* The character of set cs (NULL: any but U+0000) whose encoding is longest
 * in `style`. */
static inline uint32_t widest_char(const apig_charset *cs, unsigned style)
{
    static const apig_char_range any = {1, 0x10FFFF};
    const apig_char_range *ranges = cs ? cs->ranges : &any;
    uint32_t count = cs ? cs->range_count : 1;
    uint32_t best = 0;
    unsigned best_cost = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t cand[48];
        size_t n = 0;
        cand[n++] = ranges[i].first;
        cand[n++] = ranges[i].last;
        for (uint32_t c = 1; c < 0x20; c++)
            cand[n++] = c;
        cand[n++] = '"';
        cand[n++] = 0x80;
        cand[n++] = 0x800;
        cand[n++] = 0x10000;
        for (size_t k = 0; k < n; k++) {
            uint32_t c = cand[k];
            if (c < ranges[i].first || c > ranges[i].last || (c >= 0xD800 && c <= 0xDFFF) ||
                c == 0)
                continue;
            if (char_cost(c, style) > best_cost) {
                best_cost = char_cost(c, style);
                best = c;
            }
        }
    }
    return best;
}

/* Fills `s` (a struct of m) with every field present and at its longest
 * for `style`. */
typedef void worst_fill_fn(const apig_message *m, void *s, unsigned style);

/* Encodes m's worst case (from `fill`) in every style, fails the test if
 * any is refused or longer than `max` (the generated ENCODED_MAX), prints
 * how close the largest comes, and returns it. Needs cmocka and
 * error_text.h (msg_of) included before. */
static inline size_t check_worst_encodings(const apig_message *m, size_t max, worst_fill_fn *fill)
{
    static const unsigned styles[4] = {APIG_STYLE_COMPACT, APIG_STYLE_PRETTY, APIG_STYLE_ASCII,
                                       APIG_STYLE_PRETTY | APIG_STYLE_ASCII};
    void *s = malloc(m->struct_size);
    assert_non_null(s);
    size_t largest = 0;
    for (int k = 0; k < 4; k++) {
        memset(s, 0, m->struct_size);
        fill(m, s, styles[k]);
        apig_error e;
        size_t n = apig_encode(m, s, styles[k], NULL, 0, &e);
        if (n == APIG_ENCODE_INVALID)
            fail_msg("worst %s refused: %s %s %s", m->name, e.code, e.path, msg_of(&e));
        if (n > max)
            fail_msg("%s style %u: %zu bytes > ENCODED_MAX %zu", m->name, styles[k], n, max);
        if (n > largest)
            largest = n;
    }
    print_message("worst %-14s %8zu bytes, ENCODED_MAX %8zu (%.1f%%)\n", m->name, largest, max,
                  100.0 * (double)largest / (double)max);
    free(s);
    return largest;
}

/* The longest value string rules f take in `style`, into dst (f's buffer of
 * f->capacity bytes): a format's longest text, an enum's longest value (a
 * list of them, as many as maxLength takes, when f has a separator), or
 * else the character set's widest character, maxLength times (as many as
 * the buffer holds when there is no maxLength). Inline strings only. */
static inline void worst_string(const apig_field *f, char *dst, unsigned style)
{
    assert_int_equal(f->storage, APIG_STORAGE_INLINE);
    const char *text = NULL;
    if (f->format == APIG_FORMAT_DATE_TIME)
        text = "2020-02-29T23:59:60.999999999+23:59"; /* the longest: 35 */
    else if (f->format == APIG_FORMAT_IP_ADDRESS)
        text = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    if (text) {
        assert_true(strlen(text) < f->capacity);
        strcpy(dst, text);
        return;
    }
    if (f->enum_count) {
        const char *longest = f->enum_values[0];
        for (uint32_t i = 1; i < f->enum_count; i++)
            if (strlen(f->enum_values[i]) > strlen(longest))
                longest = f->enum_values[i];
        size_t one = strlen(longest), len = one;
        memcpy(dst, longest, len);
        /* a list: as many more as maxLength takes */
        while (f->separator && len + 1 + one <= f->max_length) {
            dst[len++] = (char)f->separator;
            memcpy(dst + len, longest, one);
            len += one;
        }
        dst[len] = '\0';
        return;
    }
    char u[4];
    size_t ul = apig__utf8_encode(widest_char(f->charset, style), u);
    uint32_t n = f->max_length ? f->max_length : (uint32_t)((f->capacity - 1) / ul);
    size_t used = 0;
    for (uint32_t k = 0; k < n; k++) {
        assert_true(used + ul < f->capacity);
        memcpy(dst + used, u, ul);
        used += ul;
    }
    dst[used] = '\0';
}

/* The integer of f's range (its minimum and maximum within its width) with
 * the most characters: the lower one on a tie (its '-'). */
static inline int64_t worst_integer(const apig_field *f)
{
    int64_t lo = f->has_minimum ? f->minimum : f->type == APIG_TYPE_INT32 ? INT32_MIN : INT64_MIN;
    int64_t hi = f->has_maximum ? f->maximum : f->type == APIG_TYPE_INT32 ? INT32_MAX : INT64_MAX;
    char tl[24], th[24];
    return snprintf(tl, sizeof tl, "%lld", (long long)lo) >=
                   snprintf(th, sizeof th, "%lld", (long long)hi)
               ? lo
               : hi;
}

/* A worst_fill_fn for any message: zeroes `struct_bytes` (a struct of m),
 * then sets every field present at its longest for `style`: strings by
 * worst_string, integers by worst_integer, booleans false (longer than
 * true), objects likewise, arrays full (of objects or of strings). */
static inline void fill_worst(const apig_message *m, void *struct_bytes, unsigned style)
{
    unsigned char *s = struct_bytes;
    memset(s, 0, m->struct_size);
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        *(bool *)(s + f->has_offset) = true;
        unsigned char *v = s + f->offset;
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING: worst_string(f, (char *)v, style); break;
        case APIG_TYPE_BOOL: *(bool *)v = false; break;
        case APIG_TYPE_INT32:
        case APIG_TYPE_INT64: {
            int64_t x = worst_integer(f);
            if (f->type == APIG_TYPE_INT32) {
                int32_t y = (int32_t)x;
                memcpy(v, &y, sizeof y);
            } else {
                memcpy(v, &x, sizeof x);
            }
            break;
        }
        case APIG_TYPE_OBJECT: fill_worst(f->message, v, style); break;
        case APIG_TYPE_ARRAY:
            memcpy(s + f->count_offset, &f->capacity, sizeof f->capacity);
            for (uint32_t k = 0; k < f->capacity; k++) {
                if (f->item)
                    worst_string(f->item, (char *)v + (size_t)k * f->item_size, style);
                else
                    fill_worst(f->message, v + (size_t)k * f->item_size, style);
            }
            break;
        default: fail_msg("%s.%s: type %u", m->name, f->name, (unsigned)f->type);
        }
    }
}

/* ---- random values -------------------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static inline uint64_t rnd(rng *r)
{
    /* xorshift64*: small, deterministic, good enough for test data */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ull;
}
static inline uint32_t below(rng *r, uint32_t n) { return n ? (uint32_t)(rnd(r) % n) : 0; }

static inline bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

/* A random character: from the charset, or, for fields that take any
 * character, from each escape class in turn. */
static inline uint32_t random_cp(rng *r, const apig_charset *cs)
{
    uint32_t cp;
    do {
        if (cs) {
            const apig_char_range *g = &cs->ranges[below(r, cs->range_count)];
            uint32_t pick = below(r, 4);
            cp = pick == 0 ? g->first : pick == 1 ? g->last
                                                  : g->first + below(r, g->last - g->first + 1);
        } else {
            static const uint32_t special[] = {'"', '\\', '/', 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD,
                                               0xFEFF, 0x2028, 0xFFFF, 0x10000, 0x10FFFF, '<', '&'};
            switch (below(r, 9)) {
            case 0: cp = special[below(r, sizeof special / sizeof special[0])]; break;
            case 1: cp = 1 + below(r, 0x1F); break;
            case 2: cp = 0x80 + below(r, 0x800 - 0x80); break;
            case 3: cp = 0x800 + below(r, 0x10000 - 0x800); break;
            case 4: cp = 0x10000 + below(r, 0x110000 - 0x10000); break;
            default: cp = 0x20 + below(r, 0x5F); break;
            }
        }
    } while (cp == 0 || is_surrogate(cp));
    return cp;
}

#endif /* APIG_TESTS_WORST_CASE_H */
