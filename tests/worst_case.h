/*
 * worst_case.h - test values for the encoder's tests: what the longest
 * encoding of a string takes (held against a message's generated
 * <PREFIX>_<MSG>_ENCODED_MAX), and random characters for round trips.
 * Included by one translation unit per test binary.
 */
#ifndef APIG_TESTS_WORST_CASE_H
#define APIG_TESTS_WORST_CASE_H

#include <stdbool.h>
#include <stdint.h>
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
