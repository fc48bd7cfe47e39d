/* SPDX-License-Identifier: MIT */
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

/* jsmn's answer when the token array is full (JSMN_ERROR_NOMEM); the
 * tokens written are then the text's first n, and *stop the start of the
 * first token that had no room. */
#define APIG__TOKENIZE_NOMEM (-1)

/* apig__json_tokenize_bounded's answer when it stopped jsmn early because
 * the open containers outgrew max_depth (no jsmn error has this value). */
#define APIG__TOKENIZE_TOO_DEEP (-100)

/*
 * Like apig__json_tokenize over tokens[0..n), but jsmn gets its tokens a
 * step (2 * APIG_JSON_MAX_DEPTH_LIMIT of them) at a time, and between steps
 * the chain of open containers is measured: past max_depth (or, on a text
 * that is no JSON prefix, past what max_depth containers could make) jsmn
 * is stopped with APIG__TOKENIZE_TOO_DEEP. That keeps the depth jsmn ever
 * sees near max_depth, so its closing brackets (which walk up the parent
 * links from the last token) stay linear in the input. The tokens written
 * are exactly those of one jsmn_parse call with n tokens. max_depth is at
 * most APIG_JSON_MAX_DEPTH_LIMIT (apig_json_parse holds it there).
 */
int apig__json_tokenize_bounded(const char *text, size_t len, apig_token *tokens,
                                unsigned n, size_t max_depth, size_t *stop);

#endif
