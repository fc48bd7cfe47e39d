/* SPDX-License-Identifier: MIT */
/* checks.c - bench_check: see checks.h. */
#include "checks.h"

#include <arpa/inet.h>

/* Character sets of the schema, their ASCII part as tables: '1' where
 * the byte is in the set. Beyond ASCII: id none, name U+4E00..U+9FA5. */
enum { CS_ANY, CS_ID, CS_NAME };
static const char ascii_sets[3][129] = {
    /* any */
    "1111111111111111" "1111111111111111" "1111111111111111" "1111111111111111"
    "1111111111111111" "1111111111111111" "1111111111111111" "1111111111111111",
    /* id: 0-9 A-Z a-z - _ */
    "0000000000000000" "0000000000000000" "0000000000000100" "1111111111000000"
    "0111111111111111" "1111111111100001" "0111111111111111" "1111111111100000",
    /* name: id and . */
    "0000000000000000" "0000000000000000" "0000000000000110" "1111111111000000"
    "0111111111111111" "1111111111100001" "0111111111111111" "1111111111100000",
};

/*
 * The UTF-8 sequence that starts with the non-ASCII byte s[0], of n bytes
 * at most: its length, with its code point in *cp; 0 when it is not valid
 * RFC 3629 UTF-8 (overlong, a surrogate, above U+10FFFF, cut short).
 */
static inline size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t k;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF)
        v = c & 0x1F, k = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        v = c & 0x0F, k = 2;
    else if (c >= 0xF0 && c <= 0xF4)
        v = c & 0x07, k = 3;
    else
        return 0;
    if (n <= k)
        return 0;
    for (size_t j = 1; j <= k; j++) {
        if ((s[j] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[j] & 0x3F);
    }
    if ((k == 2 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (k == 3 && (v < 0x10000 || v > 0x10FFFF)))
        return 0;
    *cp = v;
    return k + 1;
}

/*
 * One loop per string: UTF-8 validity, membership of charset cs, and the
 * length in characters, which must be min..max.
 */
static int scan(const char *text, size_t n, int cs, size_t min, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    const char *set = ascii_sets[cs];
    size_t i = 0, chars = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (set[c] != '1')
                return BENCH_E_CHARSET;
            i++, chars++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0)
            return BENCH_E_SYNTAX;
        if (cs == CS_ID || (cs == CS_NAME && (cp < 0x4E00 || cp > 0x9FA5)))
            return BENCH_E_CHARSET;
        i += k, chars++;
    }
    if (chars < min)
        return BENCH_E_SHORT;
    return chars > max ? BENCH_E_LONG : BENCH_OK;
}

bool bench_utf8_valid(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        uint64_t w;
        if (n - i >= 8 && (memcpy(&w, s + i, 8), (w & 0x8080808080808080u) == 0)) {
            i += 8;
            continue;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

static bool ip_literal(const char *host)
{
    unsigned char addr[16];
    return inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
}

int bench_check(const bench_create *c, unsigned capacity, int member_type)
{
    if (c->bad)
        return BENCH_E_TYPE;
    if (!c->has_members || c->members_seen == 0)
        return BENCH_E_REQUIRED;
    if (c->members_seen > capacity)
        return BENCH_E_CAPACITY;
    for (uint32_t i = 0; i < c->members_count; i++) {
        const bench_member *m = &c->members[i];
        int e;
        if (m->bad & BENCH_BAD_TOO_LONG)
            return BENCH_E_LONG;
        if (m->bad)
            return BENCH_E_TYPE;
        if (m->has_host && (e = scan(m->host, m->host_len, CS_ANY, 1, 255)) != BENCH_OK)
            return e;
        if (m->has_weight && (m->weight < 0 || m->weight > 100))
            return BENCH_E_RANGE;
        if (m->has_ecs_id && (e = scan(m->ecs_id, m->ecs_id_len, CS_ID, 1, 64)) != BENCH_OK)
            return e;
        if (m->has_ecs_name && (e = scan(m->ecs_name, m->ecs_name_len, CS_NAME, 1, 64)) != BENCH_OK)
            return e;
        if (member_type == BENCH_CTX_IP) {
            if (!m->has_host)
                return BENCH_E_REQUIRED;
            if (!ip_literal(m->host))
                return BENCH_E_FORMAT;
        } else if (member_type == BENCH_CTX_INSTANCE && !m->has_ecs_id) {
            return BENCH_E_REQUIRED;
        }
    }
    return BENCH_OK;
}
