/* SPDX-License-Identifier: MIT */
/*
 * writer.c - `memcpy`, the floor of the encode task: the page written by
 * hand, compact, in the schema's field order (VpcMemberPage total, size,
 * members; VpcMemberInfo create_time, host, id, ecs_id, ecs_name, status,
 * vpc_channel_id, weight), keys and values memcpy'd, no validation, no
 * escaping of '"', '\' or control characters, no bounds. Absent fields are
 * left out, as apig leaves them out. In the ASCII style, non-ASCII is
 * written \uXXXX (lower-case hex, surrogate pairs), trusting the UTF-8.
 */
#include <string.h>

#include "model.h"

#define LIT(s) (memcpy(p, s, sizeof s - 1), p += sizeof s - 1)

static char *put_int(char *p, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (v < 0)
        *p++ = '-';
    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_u16(char *p, unsigned cp)
{
    static const char hex[] = "0123456789abcdef";
    p[0] = '\\', p[1] = 'u';
    p[2] = hex[cp >> 12 & 15], p[3] = hex[cp >> 8 & 15], p[4] = hex[cp >> 4 & 15], p[5] = hex[cp & 15];
    return p + 6;
}

/* The quoted value. */
static char *put_str(char *p, const char *s, bool ascii)
{
    *p++ = '"';
    if (!ascii) {
        size_t n = strlen(s);
        memcpy(p, s, n);
        p += n;
    } else {
        const unsigned char *u = (const unsigned char *)s;
        while (*u) {
            if (*u < 0x80) {
                *p++ = (char)*u++;
                continue;
            }
            unsigned cp, k = *u >= 0xF0 ? 3 : *u >= 0xE0 ? 2 : 1;
            cp = *u++ & (0x3F >> k);
            while (k--)
                cp = cp << 6 | (*u++ & 0x3F);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                p = put_u16(p, 0xD800 | cp >> 10);
                cp = 0xDC00 | (cp & 0x3FF);
            }
            p = put_u16(p, cp);
        }
    }
    *p++ = '"';
    return p;
}

/* Starts a field: '{' or ',' (first tells which), then the key and ':'. */
#define KEY(lit)                      \
    do {                              \
        *p++ = first ? '{' : ',';     \
        first = false;                \
        LIT("\"" lit "\":");          \
    } while (0)

size_t bench_memcpy_write(const bench_page *pg, bool ascii, char *buf)
{
    char *p = buf;
    bool first = true;
    if (pg->has_total) {
        KEY("total");
        p = put_int(p, pg->total);
    }
    if (pg->has_size) {
        KEY("size");
        p = put_int(p, pg->size);
    }
    if (pg->has_members) {
        KEY("members");
        *p++ = '[';
        for (uint32_t i = 0; i < pg->members_count; i++) {
            const bench_page_member *m = &pg->members[i];
            if (i)
                *p++ = ',';
            first = true;
            if (m->has_create_time) {
                KEY("create_time");
                p = put_str(p, m->create_time, ascii);
            }
            if (m->has_host) {
                KEY("host");
                p = put_str(p, m->host, ascii);
            }
            if (m->has_id) {
                KEY("id");
                p = put_str(p, m->id, ascii);
            }
            if (m->has_ecs_id) {
                KEY("ecs_id");
                p = put_str(p, m->ecs_id, ascii);
            }
            if (m->has_ecs_name) {
                KEY("ecs_name");
                p = put_str(p, m->ecs_name, ascii);
            }
            if (m->has_status) {
                KEY("status");
                p = put_int(p, m->status);
            }
            if (m->has_vpc_channel_id) {
                KEY("vpc_channel_id");
                p = put_str(p, m->vpc_channel_id, ascii);
            }
            if (m->has_weight) {
                KEY("weight");
                p = put_int(p, m->weight);
            }
            if (first)
                *p++ = '{';
            *p++ = '}';
        }
        *p++ = ']';
        first = false;
    }
    if (first)
        *p++ = '{';
    *p++ = '}';
    return (size_t)(p - buf);
}
