/* SPDX-License-Identifier: MIT */
/*
 * same_struct.h - whether two structs of one message hold the same
 * message, walked through its tables: presence flags, integers, booleans,
 * strings by their text (inline or views, which point into different
 * bodies), embedded objects and arrays up to their counts. What a round
 * trip (decode -> encode -> decode) must give back. Included by one
 * translation unit per test binary, after core/core.h (apig__text_of).
 */
#ifndef APIG_TESTS_SAME_STRUCT_H
#define APIG_TESTS_SAME_STRUCT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline bool same_text(const apig_field *rules, const void *a, const void *b)
{
    const char *ta, *tb;
    size_t la, lb;
    bool ha = apig__text_of(rules, a, &ta, &la), hb = apig__text_of(rules, b, &tb, &lb);
    return ha == hb && la == lb && memcmp(ta, tb, la) == 0;
}

static inline bool same_struct(const apig_message *m, const void *a, const void *b)
{
    const unsigned char *x = a, *y = b;
    for (uint32_t i = 0; i < m->field_count; i++) {
        const apig_field *f = &m->fields[i];
        bool hx = apig__has(f, x), hy = apig__has(f, y);
        if (hx != hy)
            return false;
        if (!hx)
            continue;
        const unsigned char *vx = x + f->offset, *vy = y + f->offset;
        switch ((apig_type)f->type) {
        case APIG_TYPE_STRING:
            if (!same_text(f, vx, vy))
                return false;
            break;
        case APIG_TYPE_INT32:
            if (memcmp(vx, vy, sizeof(int32_t)) != 0)
                return false;
            break;
        case APIG_TYPE_INT64:
            if (memcmp(vx, vy, sizeof(int64_t)) != 0)
                return false;
            break;
        case APIG_TYPE_BOOL:
            if (apig__bool_value(vx) != apig__bool_value(vy))
                return false;
            break;
        case APIG_TYPE_OBJECT:
            if (!same_struct(f->message, vx, vy))
                return false;
            break;
        case APIG_TYPE_ARRAY: {
            uint32_t n = apig__count(f, x);
            if (n != apig__count(f, y))
                return false;
            for (uint32_t k = 0; k < n && k < f->capacity; k++) {
                const unsigned char *ix = vx + (size_t)k * f->item_size;
                const unsigned char *iy = vy + (size_t)k * f->item_size;
                if (f->item ? !same_text(f->item, ix, iy) : !same_struct(f->message, ix, iy))
                    return false;
            }
            break;
        }
        }
    }
    return true;
}

#endif /* APIG_TESTS_SAME_STRUCT_H */
