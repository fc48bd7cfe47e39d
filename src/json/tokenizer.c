/* SPDX-License-Identifier: MIT */
/*
 * tokenizer.c - jsmn, in its own translation unit.
 *
 * jsmn is a fast, non-recursive tokenizer but not a validator: the fast
 * path (walk.c) runs it first and then proves, from the tokens, what jsmn
 * does not check; the error path (check.c) checks the text first and only
 * then runs jsmn.
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "tokenizer.h"

/*
 * apig_token is jsmntok_t (with parent links) under another name: the
 * caller's array is handed to jsmn as it stands, because the runtime never
 * allocates and a second array would double the RAM a token budget costs.
 * That takes the same size, alignment and offsets, checked here. The one
 * field that may differ is `type`: an int in apig_token, jsmn's enum in
 * jsmntok_t, and an enum's size is the ABI's choice: an int on x86-64,
 * one byte where enums are short (arm-none-eabi's default, or
 * -fshort-enums). There jsmn writes only the first sizeof(jsmntype_t)
 * bytes of each `type` (the rest is padding to it, since the int fields
 * after it keep their offsets) and reads its own tokens the same way while
 * it runs; widen_types() rewrites each as the int apig_token holds once jsmn
 * is done. Where the enum is an int it has nothing to do, and compiles
 * away.
 */
_Static_assert(sizeof(jsmntype_t) <= sizeof(int), "a jsmn type fits apig_token's int");
_Static_assert(sizeof(apig_token) == sizeof(jsmntok_t), "apig_token size");
_Static_assert(_Alignof(apig_token) == _Alignof(jsmntok_t), "apig_token alignment");
_Static_assert(offsetof(apig_token, type) == 0 && offsetof(jsmntok_t, type) == 0, "type");
_Static_assert(offsetof(apig_token, start) == offsetof(jsmntok_t, start), "start");
_Static_assert(offsetof(apig_token, end) == offsetof(jsmntok_t, end), "end");
_Static_assert(offsetof(apig_token, size) == offsetof(jsmntok_t, size), "size");
_Static_assert(offsetof(apig_token, parent) == offsetof(jsmntok_t, parent), "parent");
_Static_assert(JSMN_ERROR_NOMEM == APIG__TOKENIZE_NOMEM, "jsmn's no-room answer");
_Static_assert((int)JSMN_UNDEFINED == APIG_TOKEN_UNDEFINED &&
                   (int)JSMN_OBJECT == APIG_TOKEN_OBJECT &&
                   (int)JSMN_ARRAY == APIG_TOKEN_ARRAY &&
                   (int)JSMN_STRING == APIG_TOKEN_STRING &&
                   (int)JSMN_PRIMITIVE == APIG_TOKEN_PRIMITIVE,
               "token type values match jsmn's");

/* Turns the first `count` tokens from jsmn's layout into apig_token's:
 * each type from a jsmntype_t into an int in the same place. Byte copies,
 * so that no access assumes which of the two types the array holds. */
static void widen_types(jsmntok_t *t, unsigned count)
{
    if (sizeof(jsmntype_t) == sizeof(int))
        return;
    for (unsigned i = 0; i < count; i++) {
        jsmntype_t narrow;
        memcpy(&narrow, &t[i], sizeof narrow);
        int wide = (int)narrow;
        memcpy(&t[i], &wide, sizeof wide);
    }
}

/* Open containers on jsmn's stack, the chain from toksuper up the parent
 * links; more than `limit` links (a valid prefix has at most two per open
 * container: the container and its key) counts as too deep. Parent links
 * always point to earlier tokens, so the walk ends. */
static size_t open_depth(int toksuper, const jsmntok_t *t, size_t limit)
{
    size_t depth = 0, links = 0;
    for (int k = toksuper; k >= 0; k = t[k].parent) {
        if (++links > limit)
            return (size_t)-1;
        if (t[k].type == JSMN_OBJECT || t[k].type == JSMN_ARRAY)
            depth++;
    }
    return depth;
}

/*
 * The only call of jsmn_parse, so that the compiler inlines it here, where
 * the parser is a local it can keep in registers (through a pointer, every
 * token written might alias it). step == 0: one call with all n tokens.
 */
static int run_jsmn(const char *text, size_t len, jsmntok_t *t, unsigned n,
                    unsigned step, size_t max_depth, size_t *stop)
{
    size_t limit = 2 * max_depth + 2;
    unsigned give = step && step < n ? step : n;
    jsmn_parser parser;
    jsmn_init(&parser);
    /* Said so that the compiler knows it through the inlined jsmn_parse,
     * whose token-counting mode (tokens NULL) apig never uses: its
     * `tokens == NULL` tests, one or two a token, fold away. */
    if (t == NULL) {
        *stop = 0;
        return JSMN_ERROR_INVAL;
    }
    for (;;) {
        /* jsmn resumes after JSMN_ERROR_NOMEM: the token it could not
         * allocate is parsed again, from the same position. Its count of
         * tokens is parser.toknext: the one it returns is only tested for
         * an error, and said not to overflow (n <= INT_MAX), so that the
         * compiler drops the counting. */
        if (parser.toknext > (unsigned)INT_MAX)
            return JSMN_ERROR_NOMEM;
        int r = jsmn_parse(&parser, text, len, t, give);
        if (r >= 0)
            r = (int)parser.toknext;
        if (r != JSMN_ERROR_NOMEM || give == n) {
            *stop = parser.pos;
            widen_types(t, parser.toknext);
            return r;
        }
        if (open_depth(parser.toksuper, t, limit) > max_depth) {
            *stop = parser.pos;
            widen_types(t, parser.toknext);
            return APIG__TOKENIZE_TOO_DEEP;
        }
        give = n - give > step ? give + step : n;
    }
}

int apig__json_tokenize(const char *text, size_t len, apig_token *tokens,
                        unsigned n, size_t *stop)
{
    return run_jsmn(text, len, (jsmntok_t *)(void *)tokens, n, 0, 0, stop);
}

/* Tokens jsmn gets between two measurements of the depth. A measurement
 * walks at most 2 * APIG_JSON_MAX_DEPTH_LIMIT + 2 links, so at this step
 * it adds about a quarter of a link per token; and jsmn never holds more
 * than max_depth + STEP open containers, which bounds the walk back its
 * closing brackets make (at most 576 links each, in a body refused as too
 * deep at the next measurement). Each measurement costs jsmn the token it
 * had no room for, parsed again: at 2 x the limit that was 1% of a decode. */
#define STEP (8u * APIG_JSON_MAX_DEPTH_LIMIT)

int apig__json_tokenize_bounded(const char *text, size_t len, apig_token *tokens,
                                unsigned n, size_t max_depth, size_t *stop)
{
    return run_jsmn(text, len, (jsmntok_t *)(void *)tokens, n, STEP, max_depth, stop);
}
