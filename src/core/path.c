/* JSON paths for error reports: members[2].weight. A path longer than its
 * buffer is cut, never overrun; `len` still tells the full length. */
#include "core.h"

/* Where a path cut at `end` bytes must end so that no UTF-8 sequence
 * (a key may be any text) is left incomplete. */
static size_t whole_characters(const char *text, size_t end)
{
    size_t lead = end;
    while (lead > 0 && end - lead < 4 && ((unsigned char)text[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return end;
    unsigned char b = (unsigned char)text[lead - 1];
    size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return end - (lead - 1) < need ? lead - 1 : end;
}

static void path_put(apig__path *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, p->len++)
        if (p->len + 1 < sizeof p->text)
            p->text[p->len] = s[i];
    size_t end = p->len;
    if (end >= sizeof p->text - 1)
        end = whole_characters(p->text, sizeof p->text - 1);
    p->text[end] = '\0';
}

void apig__path_reset(apig__path *p)
{
    p->len = 0;
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
