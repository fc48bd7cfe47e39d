/* SPDX-License-Identifier: MIT */
/*
 * fuzz_buffer.h - the buffer contract every apig writer promises (snprintf's,
 * apig.h: apig_encode, apig_error_encode, apig_error_message,
 * apig_methods_text), asserted for one writer and one output: the same
 * result for every buffer size; the output complete iff the result < cap,
 * then NUL-terminated; otherwise the first cap bytes are a prefix of it;
 * nothing written at or past buf[cap]; buf NULL measures whatever cap says;
 * a refused output (APIG_ENCODE_INVALID) leaves what its writer promises
 * (fuzz_untouched, fuzz_emptied). Included by one translation unit per
 * target.
 */
#ifndef APIG_FUZZ_BUFFER_H
#define APIG_FUZZ_BUFFER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes into buf[0..cap) and returns the whole output's length. */
typedef size_t fuzz_write_fn(const void *ctx, char *buf, size_t cap);

/* What a refusal (the result APIG_ENCODE_INVALID, (size_t)-1) leaves in
 * buf[0..cap), given as the output `full` that goes with that result:
 * - fuzz_untouched: nothing written at all (apig_error_encode, which
 *   refuses before it writes);
 * - fuzz_emptied: no output claimed: buf[0] is '\0' when cap > 0, and
 *   buf[1..cap) is anything (apig_encode, which judges as it writes). */
static const char fuzz_untouched[] = "(untouched)";
static const char fuzz_emptied[] = "(emptied)";

/* Bytes after buf[cap] that must stay as they were. */
#define FUZZ_GUARD 16
/* Every cap up to this is tried; above it, a spread and the ones around
 * the length. */
#define FUZZ_ALL_CAPS 64

static inline void fuzz_buffer_fail(const char *what, size_t cap, size_t want, size_t got)
{
    fprintf(stderr, "buffer contract: %s (cap %zu, length %zu, result %zu)\n", what, cap,
            want, got);
    abort();
}

/* One call with a buffer of `cap` bytes (NULL when `null_buf`) at the
 * end of `room` (cap + FUZZ_GUARD bytes of it, so that a write past the
 * guard bytes leaves the allocation): the result must be `len`, and what it
 * wrote `full`'s prefix (or, when the result is APIG_ENCODE_INVALID,
 * (size_t)-1, what `full` says a refusal leaves). */
static inline void fuzz_write_at(fuzz_write_fn *w, const void *ctx, const char *full, size_t len,
                                 unsigned char *room, size_t room_size, size_t cap, bool null_buf)
{
    const unsigned char fill = (unsigned char)(cap & 1 ? 0xA5 : 0x5A);
    unsigned char *buf = room + room_size - (cap + FUZZ_GUARD);
    memset(buf, fill, cap + FUZZ_GUARD);
    size_t r = w(ctx, null_buf ? NULL : (char *)buf, cap);
    if (r != len)
        fuzz_buffer_fail("the result depends on the buffer", cap, len, r);
    size_t kept = 0; /* bytes of buf the writer may change */
    if (!null_buf && len == (size_t)-1) {
        if (full == fuzz_emptied && cap > 0) {
            if (buf[0] != '\0')
                fuzz_buffer_fail("a refusal leaves output claimed (buf[0] is not NUL)", cap, len, r);
            kept = cap;
        } else if (full != fuzz_emptied && full != fuzz_untouched) {
            fuzz_buffer_fail("a refusal checked without saying what it leaves", cap, len, r);
        }
    } else if (!null_buf) {
        if (len < cap) {
            if (memcmp(buf, full, len) != 0 || buf[len] != '\0')
                fuzz_buffer_fail("a complete output is not the output, NUL-terminated", cap, len, r);
            kept = len + 1;
        } else {
            if (memcmp(buf, full, cap) != 0)
                fuzz_buffer_fail("a cut output is not a prefix of the output", cap, len, r);
            kept = cap;
        }
    }
    /* Nothing at or past buf[cap] (the contract), and nothing after the NUL
     * of a complete output either (apig's writers stop there; not promised,
     * but a write there would be a stray one). */
    for (size_t i = kept; i < cap + FUZZ_GUARD; i++)
        if (buf[i] != fill)
            fuzz_buffer_fail(i >= cap ? "wrote at or past buf[cap]"
                                      : "wrote after its output or when refusing",
                             cap, len, r);
}

/* The whole contract, for output `full` of length `len` (or
 * APIG_ENCODE_INVALID, with `full` fuzz_untouched or fuzz_emptied): every
 * cap up to FUZZ_ALL_CAPS when `every`, else only the ones around 0, the
 * middle and the length. */
static inline void fuzz_check_writes_of(fuzz_write_fn *w, const void *ctx, const char *full,
                                        size_t len, bool every)
{
    const bool refused = len == (size_t)-1;
    const size_t top = refused ? FUZZ_GUARD : len + 2;
    const size_t room_size = (top > 100 ? top : 100) + FUZZ_GUARD;
    unsigned char *room = malloc(room_size);
    if (!room)
        abort();
    /* measuring: buf NULL with cap 0, and with any cap */
    fuzz_write_at(w, ctx, full, len, room, room_size, 0, true);
    fuzz_write_at(w, ctx, full, len, room, room_size, 100, true);
    if (!every) {
        const size_t caps[] = {0, 1, 2, top / 2, top - 3, top - 2, top - 1, top};
        for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
            if (caps[i] <= top)
                fuzz_write_at(w, ctx, full, len, room, room_size, caps[i], false);
        free(room);
        return;
    }
    for (size_t cap = 0; cap <= top && cap <= FUZZ_ALL_CAPS; cap++)
        fuzz_write_at(w, ctx, full, len, room, room_size, cap, false);
    if (top > FUZZ_ALL_CAPS) {
        for (size_t k = 1; k < 8; k++)
            fuzz_write_at(w, ctx, full, len, room, room_size,
                          FUZZ_ALL_CAPS + (top - FUZZ_ALL_CAPS) * k / 8, false);
        for (size_t cap = top - 4; cap <= top; cap++)
            if (cap > FUZZ_ALL_CAPS)
                fuzz_write_at(w, ctx, full, len, room, room_size, cap, false);
    }
    free(room);
}

static inline void fuzz_check_writes(fuzz_write_fn *w, const void *ctx, const char *full,
                                     size_t len)
{
    fuzz_check_writes_of(w, ctx, full, len, true);
}

/* ---- UTF-8 as apig reads it (RFC 3629), for the oracles ------------------ */

/* The length of the well-formed UTF-8 sequence at s[0..n), or 0. */
static inline size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t len;
    uint32_t cp, min;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        len = 2, cp = b & 0x1Fu, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF)
        len = 3, cp = b & 0x0Fu, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4)
        len = 4, cp = b & 0x07u, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

#endif /* APIG_FUZZ_BUFFER_H */
