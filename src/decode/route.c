/*
 * Paths against route templates: the one segment matcher (the request
 * decoder's route check and its path parameters use it too).
 *
 * No allocation, no state: every function reads its arguments only.
 */
#include "decode.h"

size_t apig__route_path_len(const char *path, size_t len)
{
    size_t n = 0;
    while (n < len && path[n] != '?' && path[n] != '#')
        n++;
    return n;
}

size_t apig__match_path(const char *tpl, const char *path, size_t len, bool empty_params,
                        apig__capture *caps, size_t cap, size_t *ncaps)
{
    size_t ti = 0, pi = 0, n = 0;
    if (ncaps)
        *ncaps = 0;
    if (len == 0 || path[0] != '/' || tpl[0] != '/')
        return 1;
    while (tpl[ti] == '/' && pi < len && path[pi] == '/') {
        ti++;
        pi++;
        size_t ts = ti, ps = pi;
        while (tpl[ti] != '\0' && tpl[ti] != '/')
            ti++;
        while (pi < len && path[pi] != '/')
            pi++;
        size_t tlen = ti - ts, plen = pi - ps;
        if (tlen >= 2 && tpl[ts] == '{' && tpl[ti - 1] == '}') {
            if (plen == 0 && !empty_params)
                return ps + 1;
            if (n < cap) {
                caps[n].name = tpl + ts + 1;
                caps[n].name_len = tlen - 2;
                caps[n].start = ps;
                caps[n].len = plen;
                n++;
                if (ncaps)
                    *ncaps = n;
            }
            continue;
        }
        if (tlen != plen)
            return ps + 1;
        for (size_t k = 0; k < tlen; k++)
            if (tpl[ts + k] != path[ps + k])
                return ps + 1;
    }
    if (tpl[ti] != '\0' || pi != len)
        return pi + 1;
    return 0;
}
