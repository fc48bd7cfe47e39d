/* SPDX-License-Identifier: MIT */
/* The runtime's one decimal integer parser (core.h: apig__parse_integer,
 * built from apig__decimal_digit and apig__decimal_int64, which the query
 * applies to its decoded characters). */
#include "core.h"

apig_error_kind apig__parse_integer(const char *s, size_t len, int64_t *value)
{
    bool negative = len > 0 && s[0] == '-';
    size_t i = negative ? 1 : 0;
    if (i >= len)
        return APIG_ERROR_NOT_INTEGER; /* not a number at all */
    uint64_t magnitude = 0;
    bool beyond = false;
    /* every byte is looked at: a fraction or an exponent after too many
     * digits is still NOT_INTEGER, not RANGE */
    for (; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d > 9)
            return APIG_ERROR_NOT_INTEGER;
        if (!beyond && !apig__decimal_digit(&magnitude, d))
            beyond = true;
    }
    return beyond ? APIG_ERROR_RANGE : apig__decimal_int64(negative, magnitude, value);
}
