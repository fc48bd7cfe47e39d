/* SPDX-License-Identifier: MIT */
/*
 * fuzz_checks.h - the invariants every fuzz target asserts of an error, in
 * one place. Included by one translation unit per target.
 */
#ifndef APIG_FUZZ_CHECKS_H
#define APIG_FUZZ_CHECKS_H

#include <stdlib.h>
#include <string.h>

#include <apig/apig.h>

/* A reported error is complete: kind, code, detail and status set, its
 * texts NUL-terminated inside their arrays, and its message and error
 * body, worded on demand, non-empty C strings of the length they measure. */
static void check_error(const apig_error *e)
{
    char message[1024], body[4096];
    size_t n = apig_error_message(e, message, sizeof message);
    size_t b = apig_error_encode(e, APIG_STYLE_ASCII, body, sizeof body);
    if (b >= sizeof body || strlen(body) != b || apig_error_encode(e, APIG_STYLE_ASCII, NULL, 0) != b)
        abort();
    if (e->kind == APIG_ERROR_NONE || !e->code || !e->detail || e->status < 400 || n == 0 ||
        n >= sizeof message || strlen(message) != n || apig_error_message(e, NULL, 0) != n ||
        memchr(e->path, 0, sizeof e->path) == NULL || memchr(e->param, 0, sizeof e->param) == NULL)
        abort();
}

#endif /* APIG_FUZZ_CHECKS_H */
