/*
 * tokenizer.c - jsmn, in its own translation unit.
 *
 * jsmn is a fast, non-recursive tokenizer but not a validator; json.c
 * checks the text first and only then lets jsmn write the tokens, so here
 * jsmn only ever sees well-formed text (or, with APIG_JSON_DEFER_STRINGS,
 * text whose only possible faults are inside strings).
 */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <stddef.h>

#include "tokenizer.h"

/* apig_token is jsmntok_t (with parent links) under another name: the
 * caller's array is handed to jsmn as it stands. */
_Static_assert(sizeof(jsmntype_t) == sizeof(int), "jsmntype_t is int-sized");
_Static_assert(sizeof(apig_token) == sizeof(jsmntok_t), "apig_token size");
_Static_assert(_Alignof(apig_token) == _Alignof(jsmntok_t), "apig_token alignment");
_Static_assert(offsetof(apig_token, type) == offsetof(jsmntok_t, type), "type");
_Static_assert(offsetof(apig_token, start) == offsetof(jsmntok_t, start), "start");
_Static_assert(offsetof(apig_token, end) == offsetof(jsmntok_t, end), "end");
_Static_assert(offsetof(apig_token, size) == offsetof(jsmntok_t, size), "size");
_Static_assert(offsetof(apig_token, parent) == offsetof(jsmntok_t, parent), "parent");
_Static_assert((int)JSMN_UNDEFINED == APIG_TOKEN_UNDEFINED &&
                   (int)JSMN_OBJECT == APIG_TOKEN_OBJECT &&
                   (int)JSMN_ARRAY == APIG_TOKEN_ARRAY &&
                   (int)JSMN_STRING == APIG_TOKEN_STRING &&
                   (int)JSMN_PRIMITIVE == APIG_TOKEN_PRIMITIVE,
               "token type values match jsmn's");

int apig__json_tokenize(const char *text, size_t len, apig_token *tokens,
                        unsigned n, size_t *stop)
{
    jsmn_parser parser;
    jsmn_init(&parser);
    int r = jsmn_parse(&parser, text, len, (jsmntok_t *)(void *)tokens, n);
    *stop = parser.pos;
    return r;
}
