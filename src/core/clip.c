/* SPDX-License-Identifier: MIT */
/* Text into a fixed buffer: whole, or cut between characters with "...". */
#include "core.h"

void apig__clip_text(apig__clip *c, char *buf, const char *s, size_t n)
{
    static const char nul[6] = {'\\', 'u', '0', '0', '0', '0'};
    static const char dots[3] = {'.', '.', '.'};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && !c->cut;) {
        const char *unit = s + i;
        size_t used = 1, size;
        if (u[i] >= 0x80)
            (void)apig__utf8_decode(u + i, n - i, &used); /* a bad byte: 1 */
        size = used;
        if (u[i] == 0)
            unit = nul, size = sizeof nul;
        i += used;
        if (size > c->limit - c->len) {
            /* Back to the last place that leaves room for the marker. */
            size_t room = c->limit - c->safe;
            c->len = c->safe;
            memcpy(buf + c->len, dots, room < sizeof dots ? room : sizeof dots);
            c->len += room < sizeof dots ? room : sizeof dots;
            c->cut = true;
            return;
        }
        memcpy(buf + c->len, unit, size);
        c->len += size;
        if (c->limit - c->len >= sizeof dots)
            c->safe = c->len;
    }
}
