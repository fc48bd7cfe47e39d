/* SPDX-License-Identifier: MIT */
/*
 * vocab.c - the runtime's words as the generator reads and writes them:
 * every value of the enumerations generated tables use, with its C name
 * and its schema keyword, taken from the X-macro lists of apig/schema.h
 * and apig/error.h (the only lists). Adding a value there adds it here.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define GEN_VOCAB(list) {list, sizeof list / sizeof list[0]}

static const gen_word type_words[] = {
#define GEN_X(name, value) {APIG_TYPE_##name, "APIG_TYPE_" #name, NULL},
    APIG_TYPES(GEN_X)
#undef GEN_X
};
static const gen_word storage_words[] = {
#define GEN_X(name, value, keyword) {APIG_STORAGE_##name, "APIG_STORAGE_" #name, keyword},
    APIG_STORAGES(GEN_X)
#undef GEN_X
};
static const gen_word format_words[] = {
#define GEN_X(name, value, keyword) {APIG_FORMAT_##name, "APIG_FORMAT_" #name, keyword},
    APIG_FORMATS(GEN_X)
#undef GEN_X
};
static const gen_word decoration_words[] = {
#define GEN_X(name, value, keyword) {APIG_DECORATE_##name, "APIG_DECORATE_" #name, keyword},
    APIG_DECORATIONS(GEN_X)
#undef GEN_X
};
static const gen_word action_words[] = {
#define GEN_X(name, value) {APIG_WHEN_##name, "APIG_WHEN_" #name, NULL},
    APIG_CONDITION_ACTIONS(GEN_X)
#undef GEN_X
};
static const gen_word normalize_words[] = {
#define GEN_X(name, value) {APIG_NORMALIZE_##name, "APIG_NORMALIZE_" #name, NULL},
    APIG_NORMALIZE_WHENS(GEN_X)
#undef GEN_X
};
static const gen_word example_words[] = {
#define GEN_X(name, value, keyword) {APIG_EXAMPLE_##name, "APIG_EXAMPLE_" #name, keyword},
    APIG_EXAMPLE_KINDS(GEN_X)
#undef GEN_X
};
static const gen_word signature_words[] = {
#define GEN_X(name, value) {APIG_SIGNATURE_##name, "APIG_SIGNATURE_" #name, NULL},
    APIG_SIGNATURES(GEN_X)
#undef GEN_X
};
static const gen_word kind_words[] = {
#define GEN_X(name, keyword, text) {APIG_ERROR_##name, "APIG_ERROR_" #name, keyword},
    APIG_ERROR_KINDS(GEN_X)
#undef GEN_X
};

const gen_vocab gen_types = GEN_VOCAB(type_words);
const gen_vocab gen_storages = GEN_VOCAB(storage_words);
const gen_vocab gen_formats = GEN_VOCAB(format_words);
const gen_vocab gen_decorations = GEN_VOCAB(decoration_words);
const gen_vocab gen_actions = GEN_VOCAB(action_words);
const gen_vocab gen_normalize_whens = GEN_VOCAB(normalize_words);
const gen_vocab gen_example_kinds = GEN_VOCAB(example_words);
const gen_vocab gen_signatures = GEN_VOCAB(signature_words);
const gen_vocab gen_kinds = GEN_VOCAB(kind_words);

static const gen_word *word_of(const gen_vocab *v, unsigned value)
{
    for (size_t i = 0; i < v->count; i++)
        if (v->words[i].value == value)
            return &v->words[i];
    return NULL;
}

const char *gen_name(const gen_vocab *v, unsigned value)
{
    const gen_word *w = word_of(v, value);
    return w ? w->name : "0";
}

const char *gen_keyword(const gen_vocab *v, unsigned value)
{
    const gen_word *w = word_of(v, value);
    return w ? w->keyword : NULL;
}

int gen_value_of(const gen_vocab *v, const char *keyword)
{
    for (size_t i = 0; i < v->count; i++)
        if (v->words[i].keyword && strcmp(v->words[i].keyword, keyword) == 0)
            return (int)v->words[i].value;
    return -1;
}

char *gen_keywords(const gen_vocab *v, int skip, const char *sep)
{
    gen_buf b = {0};
    for (size_t i = 0; i < v->count; i++) {
        if ((int)v->words[i].value == skip || !v->words[i].keyword)
            continue;
        if (b.len)
            buf_put(&b, sep, strlen(sep));
        buf_put(&b, v->words[i].keyword, strlen(v->words[i].keyword));
    }
    return b.data ? b.data : gen_strndup("", 0);
}
