/* SPDX-License-Identifier: MIT */
/*
 * error_text.h - what every apig_error promises about its text, for the
 * test binaries that check errors: param, path and the message are valid
 * UTF-8, and param is the parameterName the message gives ("" when it
 * gives none); and msg_of, the message of an error as a C string.
 * Included by one translation unit per binary, after cmocka.h and
 * core/core.h (apig__utf8_decode).
 */
#ifndef APIG_TESTS_ERROR_TEXT_H
#define APIG_TESTS_ERROR_TEXT_H

#include <stdbool.h>
#include <string.h>

/* Longer than any message a test words (it fails the test otherwise). */
#define MSG_OF_BYTES 1024

/*
 * The message of `e`, worded by apig_error_message into one of a few
 * static buffers used in turn, so that one expression (or one fail_msg)
 * may hold several; each stays valid for the next three calls. Fails the
 * test when the message does not fit, or when measuring (NULL, 0) gives
 * another length than writing.
 */
static inline const char *msg_of(const apig_error *e)
{
    static char bufs[4][MSG_OF_BYTES];
    static unsigned next;
    char *b = bufs[next++ % 4];
    size_t n = apig_error_message(e, b, MSG_OF_BYTES);
    if (n >= MSG_OF_BYTES)
        fail_msg("message of %zu bytes does not fit %d", n, MSG_OF_BYTES);
    if (apig_error_message(e, NULL, 0) != n || strlen(b) != n)
        fail_msg("message measures differently from what is written: %s", b);
    return b;
}

static inline bool valid_utf8(const char *s)
{
    size_t n = strlen(s), used;
    for (size_t i = 0; i < n; i += used)
        if (apig__utf8_decode((const unsigned char *)s + i, n - i, &used) == APIG__UTF8_BAD)
            return false;
    return true;
}

/* What every error promises: param, path and message are valid UTF-8, and
 * param is the parameterName the message gives ("" when it gives none). */
static inline void check_error_text(const apig_error *e)
{
    static const char tag[] = ",parameterName:";
    static const char tail[] = ". Please refer to the support documentation";
    char named[MSG_OF_BYTES] = "";
    const char *message = msg_of(e);
    const char *at = strstr(message, tag);
    if (at) {
        at += strlen(tag);
        size_t n = strlen(at);
        if (n < strlen(tail) || strcmp(at + n - strlen(tail), tail) != 0)
            fail_msg("message lost its ending: %s", message);
        memcpy(named, at, n - strlen(tail));
        named[n - strlen(tail)] = '\0';
    }
    if (strcmp(e->param, named) != 0)
        fail_msg("param '%s' but the message names '%s': %s", e->param, named, message);
    if (!valid_utf8(e->param) || !valid_utf8(e->path) || !valid_utf8(message))
        fail_msg("not UTF-8: param '%s' path '%s' message '%s'", e->param, e->path, message);
}

#endif
