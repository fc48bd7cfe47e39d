/* JSON paths for error reports: members[2].weight. A path longer than its
 * buffer is cut between characters and ends in "..." (apig__clip). */
#include "core.h"

static void path_put(apig__path *p, const char *s, size_t n)
{
    apig__clip_text(&p->clip, p->text, s, n);
    p->text[p->clip.len] = '\0';
}

void apig__path_reset(apig__path *p)
{
    p->clip = apig__clip_start(sizeof p->text - 1);
    p->text[0] = '\0';
}

void apig__path_key(apig__path *p, const char *name, size_t name_len)
{
    if (p->clip.len > 0)
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

void apig__path_of(const apig__place *at, apig__path *p)
{
    if (!at) {
        apig__path_reset(p);
        return;
    }
    apig__path_of(at->up, p); /* as deep as the schema */
    if (at->field)
        apig__path_key(p, at->field->name, at->field->name_len);
    else
        apig__path_index(p, at->index);
}
