/* Placeholder until the query-string decoder lands (branch query). */
#include "decode.h"

bool apig__query_decode(const apig_decoder *d, const apig_message *msg, const char *q,
                        size_t len, size_t base, void *out, apig__errors *e)
{
    (void)d;
    (void)msg;
    (void)q;
    (void)len;
    (void)base;
    (void)out;
    (void)e;
    return false;
}
