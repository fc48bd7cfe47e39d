/* SPDX-License-Identifier: MIT */
/* JSON paths for error reports: members[2].weight. A path longer than its
 * buffer is cut between characters and ends in "..." (apig__clip). */
#include "core.h"

void apig__path_put_key(char *text, apig__clip *c, const char *name, size_t name_len)
{
    if (c->len > 0)
        apig__clip_text(c, text, ".", 1);
    apig__clip_text(c, text, name, name_len);
    text[c->len] = '\0';
}

void apig__path_put_index(char *text, apig__clip *c, size_t index)
{
    char digits[24];
    size_t n = 0;
    digits[sizeof digits - 1 - n++] = ']';
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + index % 10);
        index /= 10;
    } while (index);
    digits[sizeof digits - 1 - n++] = '[';
    apig__clip_text(c, text, digits + sizeof digits - n, n);
    text[c->len] = '\0';
}

void apig__path_put_places(char *text, apig__clip *c, const apig__place *at)
{
    /* Outermost first, without recursion (an error is recorded at the
     * deepest point of the walk): the chain is as deep as the schema, so
     * walking it again for each place costs little. */
    size_t depth = 0;
    for (const apig__place *p = at; p; p = p->up)
        depth++;
    while (depth-- > 0) {
        const apig__place *p = at;
        for (size_t k = 0; k < depth; k++)
            p = p->up;
        if (p->field)
            apig__path_put_key(text, c, p->field->name, p->field->name_len);
        else
            apig__path_put_index(text, c, p->index);
    }
    text[c->len] = '\0';
}
