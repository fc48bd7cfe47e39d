/* JSON paths for error reports: members[2].weight. A path longer than its
 * buffer is cut between characters and ends in "..." (apig__clip). */
#include "core.h"

static void path_put(apig__path *p, const char *s, size_t n)
{
    apig__clip c = {p->text, sizeof p->text - 1, p->len, p->safe, p->cut};
    apig__clip_text(&c, s, n);
    p->len = c.len;
    p->safe = c.safe;
    p->cut = c.cut;
    p->text[p->len] = '\0';
}

void apig__path_reset(apig__path *p)
{
    p->len = 0;
    p->safe = 0;
    p->cut = false;
    p->text[0] = '\0';
}

void apig__path_key(apig__path *p, const char *name, size_t name_len)
{
    if (p->len > 0)
        path_put(p, ".", 1);
    path_put(p, name, name_len);
}

void apig__path_index(apig__path *p, size_t index)
{
    char digits[24];
    size_t n = 0;
    digits[sizeof digits - 1 - n++] = ']';
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + index % 10);
        index /= 10;
    } while (index);
    digits[sizeof digits - 1 - n++] = '[';
    path_put(p, digits + sizeof digits - n, n);
}
