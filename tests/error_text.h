/*
 * error_text.h - what every apig_error promises about its text, for the
 * test binaries that check errors: param, path and message are valid UTF-8,
 * and param is the parameterName the message gives ("" when it gives
 * none). Included by one translation unit per binary, after cmocka.h and
 * core/core.h (apig__utf8_decode).
 */
#ifndef APIG_TESTS_ERROR_TEXT_H
#define APIG_TESTS_ERROR_TEXT_H

#include <stdbool.h>
#include <string.h>

static bool valid_utf8(const char *s)
{
    size_t n = strlen(s), used;
    for (size_t i = 0; i < n; i += used)
        if (apig__utf8_decode((const unsigned char *)s + i, n - i, &used) == APIG__UTF8_BAD)
            return false;
    return true;
}

/* What every error promises: param, path and message are valid UTF-8, and
 * param is the parameterName the message gives ("" when it gives none). */
static void check_error_text(const apig_error *e)
{
    static const char tag[] = ",parameterName:";
    static const char tail[] = ". Please refer to the support documentation";
    char named[sizeof e->message] = "";
    const char *at = strstr(e->message, tag);
    if (at) {
        at += strlen(tag);
        size_t n = strlen(at);
        if (n < strlen(tail) || strcmp(at + n - strlen(tail), tail) != 0)
            fail_msg("message lost its ending: %s", e->message);
        memcpy(named, at, n - strlen(tail));
        named[n - strlen(tail)] = '\0';
    }
    if (strcmp(e->param, named) != 0)
        fail_msg("param '%s' but the message names '%s': %s", e->param, named, e->message);
    if (!valid_utf8(e->param) || !valid_utf8(e->path) || !valid_utf8(e->message))
        fail_msg("not UTF-8: param '%s' path '%s' message '%s'", e->param, e->path, e->message);
}

#endif
