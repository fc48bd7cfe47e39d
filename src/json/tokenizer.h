/*
 * tokenizer.h - the jsmn translation unit, seen from the rest of src/json.
 *
 * jsmn is compiled once, in tokenizer.c, with JSMN_STATIC, JSMN_STRICT and
 * JSMN_PARENT_LINKS; nothing else includes <jsmn.h>.
 */
#ifndef APIG_JSON_TOKENIZER_H
#define APIG_JSON_TOKENIZER_H

#include <stddef.h>
#include <apig/json.h>

/*
 * Runs jsmn over text[0..len) into tokens[0..n). Returns jsmn's result (the
 * token count, or a negative jsmn error) and sets *stop to the position
 * jsmn's parser stopped at. Reads no byte at or past text[len].
 */
int apig__json_tokenize(const char *text, size_t len, apig_token *tokens,
                        unsigned n, size_t *stop);

#endif
