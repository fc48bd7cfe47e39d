/* SPDX-License-Identifier: MIT */
/*
 * apig/config.h - the one options header.
 *
 * Every capacity the runtime itself uses is a default here (an operation's
 * own capacities, such as members per request and the token budget, are
 * its schema's limits, in its generated header). An embedder overrides one
 * by defining it before any apig header is included (for example with
 * -DAPIG_CFG_MAX_DEPTH=8), or collects overrides in a file named by
 * APIG_CFG_USER_FILE:
 *
 *     -DAPIG_CFG_USER_FILE='"my_apig_config.h"'
 *
 * The libraries (libapig and the generated tables, libapig-schemas for the
 * bundled ones) and every translation unit that includes their headers must
 * be compiled with the same values: apig_error's texts are sized from them
 * and the generated body limits (<PREFIX>_<MSG>_BODY_MAX) follow them.
 * Values that would make the runtime unsafe stop the build with #error.
 */
#ifndef APIG_CONFIG_H
#define APIG_CONFIG_H

#ifdef APIG_CFG_USER_FILE
#include APIG_CFG_USER_FILE
#endif

/* APIG_API marks what apig's libraries export: every function the public
 * headers declare (and the one object, in schema.h). libapig.so is built
 * with -fvisibility=hidden, so it exports these and nothing else (its
 * internal apig__* functions stay hidden); static libraries and programs
 * are not affected. Define it yourself, before any apig header, for a
 * toolchain that needs something else (e.g. __declspec on Windows). */
#ifndef APIG_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define APIG_API __attribute__((visibility("default")))
#else
#define APIG_API
#endif
#endif

/* Deepest nesting of arrays and objects accepted in a body. The bundled
 * operations need 3; the margin lets unknown fields carry small objects. At
 * most APIG_JSON_MAX_DEPTH_LIMIT (64, in json.h), past which the cost of
 * parsing a body grows with its nesting. */
#ifndef APIG_CFG_MAX_DEPTH
#define APIG_CFG_MAX_DEPTH 32
#endif

/* Largest body, in bytes, the decoder looks at. Each generated message has
 * its own limit, <PREFIX>_<MSG>_BODY_MAX in its schema's generated header
 * (apig_message.max_body_bytes), so that a body apig_encode writes always
 * decodes again:
 *  - left to this default (1 MiB), a message's limit is the larger of 1 MiB
 *    and its <PREFIX>_<MSG>_ENCODED_MAX: raising a capacity (a schema limit,
 *    such as VPCM_MEMBERS_MAX) raises the limit of the messages that need
 *    it, never breaking a round trip;
 *  - set by the embedder, it is every message's limit exactly, and a message
 *    whose <PREFIX>_<MSG>_ENCODED_MAX is larger stops the build with #error,
 *    unless APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX is defined too.
 * A message's limit (and so its encoded bound) can be at most 2^30. */
#ifndef APIG_CFG_MAX_BODY_BYTES
#define APIG_CFG_MAX_BODY_BYTES (1024L * 1024L)
/* Lets the generated headers tell the default from an embedder's choice. */
#define APIG__MAX_BODY_BYTES_IS_DEFAULT 1
#endif

/* APIG_CFG_BODY_BYTES_BELOW_ENCODED_MAX (undefined by default; defining it,
 * to any value, opts in): keep an APIG_CFG_MAX_BODY_BYTES that is below
 * some message's <PREFIX>_<MSG>_ENCODED_MAX, typically firmware that wants a
 * small bound on what it reads. The price: apig_decode may then refuse, as
 * too large (the syntax error, "input is too large"), a valid body that
 * apig_encode itself could write, e.g. a full request with every string at
 * its longest and escaped as ASCII. */

/* APIG_CFG_SMALL_CODE (undefined by default; define it to opt in): flash
 * over speed, for firmware. The JSON layer keeps only its complete checker
 * (a recognizer pass, then jsmn) and drops its fast path (jsmn first, then a
 * walk over the tokens): the same texts are accepted with the same tokens
 * and errors, in about 2 KB less code on Cortex-M4, and parsing takes
 * about twice the instructions. */

/* Bytes reserved in an apig_error for the JSON path of the offending field
 * and for its parameterName (or a resource id; each includes the
 * terminating NUL). Longer text is cut between characters and ends in
 * "...". The error's message is not stored: apig_error_message writes it
 * into the caller's buffer on demand (so there is no message size to
 * configure; APIG_CFG_MESSAGE_BYTES is gone). */
#ifndef APIG_CFG_PATH_BYTES
#define APIG_CFG_PATH_BYTES 96
#endif
#ifndef APIG_CFG_PARAM_BYTES
#define APIG_CFG_PARAM_BYTES 128
#endif

/* Signed requests (SDK-HMAC-SHA256, apig_request_decode). The canonical
 * request is hashed as it is built, with no buffer, so these bound work and
 * stack rather than memory; a request over any of them is refused as an
 * unverifiable signature (401, the catalog's "token_invalid" entry):
 *  - SECRET_BYTES: the longest secret key find_secret may return (it is
 *    copied to the stack for the call, then cleared);
 *  - SIGNED_HEADERS: names in SignedHeaders=;
 *  - SIGNED_QUERY_PAIRS: name=value pairs in the query string (they are
 *    sorted by repeated selection, quadratic in their number);
 *  - SIGNED_TARGET_BYTES: the request target (path and query);
 *  - SIGNED_HEADER_BYTES: the Authorization value and each signed header's
 *    value. */
#ifndef APIG_CFG_SECRET_BYTES
#define APIG_CFG_SECRET_BYTES 128
#endif
#ifndef APIG_CFG_SIGNED_HEADERS
#define APIG_CFG_SIGNED_HEADERS 16
#endif
#ifndef APIG_CFG_SIGNED_QUERY_PAIRS
#define APIG_CFG_SIGNED_QUERY_PAIRS 64
#endif
#ifndef APIG_CFG_SIGNED_TARGET_BYTES
#define APIG_CFG_SIGNED_TARGET_BYTES 4096
#endif
#ifndef APIG_CFG_SIGNED_HEADER_BYTES
#define APIG_CFG_SIGNED_HEADER_BYTES 4096
#endif

#if APIG_CFG_MAX_DEPTH < 3 || APIG_CFG_MAX_DEPTH > 64
#error "APIG_CFG_MAX_DEPTH must be between 3 (the operation's own depth) and 64 (APIG_JSON_MAX_DEPTH_LIMIT)"
#endif
/* Token offsets are C ints inside the tokenizer. */
#if APIG_CFG_MAX_BODY_BYTES < 64 || APIG_CFG_MAX_BODY_BYTES > 1073741824L
#error "APIG_CFG_MAX_BODY_BYTES must be between 64 and 2^30"
#endif
#if APIG_CFG_PATH_BYTES < 32
#error "APIG_CFG_PATH_BYTES must be at least 32"
#endif
/* Below 16 a cut name says little. */
#if APIG_CFG_PARAM_BYTES < 16
#error "APIG_CFG_PARAM_BYTES must be at least 16"
#endif

#endif /* APIG_CONFIG_H */
