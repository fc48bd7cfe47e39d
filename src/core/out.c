/* The bounded writer: snprintf's contract without stdio. */
#include "core.h"

void apig__out_cstr(apig__out *o, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    apig__out_bytes(o, s, n);
}

void apig__out_u64(apig__out *o, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    apig__out_bytes(o, digits + sizeof digits - n, n);
}

void apig__out_i64(apig__out *o, int64_t v)
{
    if (v < 0) {
        apig__out_char(o, '-');
        /* Negate in unsigned arithmetic so INT64_MIN does not overflow. */
        apig__out_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        apig__out_u64(o, (uint64_t)v);
    }
}

size_t apig__out_finish(apig__out *o)
{
    if (o->len < o->cap)
        o->buf[o->len] = '\0';
    return o->len;
}
