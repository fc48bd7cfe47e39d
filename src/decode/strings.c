/* SPDX-License-Identifier: MIT */
/*
 * strings.c - string values: inline text copied and judged (by
 * apig__scan_plain when it is plain, apig__scan_text when not), views into
 * the body or unescaped into the arena, and the verdict of the field's
 * rules on either.
 */
#include "walk.h"

/* The arena for unescaped view strings ran out at offset: like the token
 * budget, a limit of the caller's, reported after the errors found before
 * it (a malformed body found later still replaces them). The walk stops
 * applying rules. */
static void arena_full(walk *w, size_t offset)
{
    apig__errors_add_body(w->errors, w->catalog, APIG_ERROR_SYNTAX, w->body, w->len, offset,
                          "string arena is full", true);
    w->stop = true;
}

/* The verdict on a scanned string: the usual field (no format or enum,
 * and none from the context: `contextual` false) needs its length only. */
static inline apig_error_kind verdict(const walk *w, const apig_field *rules,
                                      const apig__scan *r, const char *text, bool contextual)
{
    if (!rules->format && !rules->enum_count && !r->bad_char && !r->overflow && !contextual)
        return apig__check_length(rules, r->chars);
    return apig__string_verdict(rules, w->ctx, r, text);
}

/* A view string: the body's own bytes when the token has no escape; else
 * unescaped into the arena (or in place), one pass either way. The same
 * rules as inline text; an arena too small for the text is an error of its
 * own (the body's, APIG_ERROR_SYNTAX with "string arena is full"), never a
 * cut value. */
static apig_error_kind view_value(walk *w, const apig_field *rules, apig_string *out,
                                  const apig_token *tok, bool contextual)
{
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    char *dst = NULL;
    size_t room = 0;
    bool escaped = memchr(raw, '\\', len) != NULL;
    if (escaped) {
        if (w->in_place) {
            dst = w->in_place + tok->start;
            room = len; /* the text shrinks by at least one byte: room for the NUL */
        } else {
            dst = w->arena ? w->arena + w->arena_used : NULL;
            room = w->arena ? w->arena_cap - w->arena_used : 0;
        }
    }
    apig__scan r;
    apig__scan_text(raw, len, true, rules->charset, dst, room, &r);
    if (r.syntax != APIG_JSON_OK) {
        malformed(w);
        return APIG_ERROR_SYNTAX;
    }
    if (!escaped)
        r.bytes = len; /* unchanged text: its decoded bytes are its raw bytes */
    if (r.overflow || (escaped && !dst)) {
        /* Only the arena's room can run out: the rules that need no text
         * (the set, the length) speak first when the value breaks them. */
        apig_error_kind kind = r.bad_char ? APIG_ERROR_CHARSET : apig__check_length(rules, r.chars);
        if (kind == APIG_ERROR_NONE) {
            arena_full(w, value_offset(tok));
            return APIG_ERROR_SYNTAX;
        }
        return kind;
    }
    const char *text = escaped ? dst : raw;
    apig_error_kind kind = verdict(w, rules, &r, text, contextual);
    if (kind == APIG_ERROR_NONE) {
        out->ptr = text;
        out->len = r.bytes;
        if (escaped && !w->in_place)
            w->arena_used += r.bytes;
    }
    return kind;
}

/* An inline string token tok the general way, by apig__scan_text, into
 * out (apig__inline_size(rules) bytes); `tried`: apig__scan_plain found it not plain
 * and left a copy of the raw text in out[0..len], whose bytes past the
 * decoded text are cleared, so that a string never carries them. */
WALK_STEP apig_error_kind string_text(walk *w, const apig_field *rules, char *out,
                                      const apig_token *tok, bool contextual, bool tried)
{
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    apig__scan r;
    apig__scan_text(raw, len, true, rules->charset, out, apig__inline_size(rules), &r);
    if (r.syntax != APIG_JSON_OK) {
        if (tried)
            memset(out, 0, len + 1);
        malformed(w);
        return APIG_ERROR_SYNTAX;
    }
    if (tried) /* the decoded text is never longer than the raw */
        memset(out + r.bytes, 0, len + 1 - r.bytes);
    return verdict(w, rules, &r, out, contextual);
}

/* The string token tok into out (apig__inline_size(rules) bytes, or a view),
 * checked against the string rules `rules` (a string field, or an array's
 * item rules; `contextual`: the context may add a format). Returns the kind
 * the value fails with (APIG_ERROR_NONE: it
 * passed), or APIG_ERROR_SYNTAX once the walk is over (the string is not
 * JSON, or the arena is full). */
apig_error_kind apig__walk_string(walk *w, const apig_field *rules, void *out,
                                  const apig_token *tok, bool contextual)
{
    if (!PROVED(w))
        w->pos = tok->end + 1;
    if (rules->storage == APIG_STORAGE_VIEW)
        return view_value(w, rules, out, tok, contextual);
    const char *raw = w->body + tok->start;
    size_t len = (size_t)(tok->end - tok->start);
    apig__scan r;
    if (FAST_PATH && len < apig__inline_size(rules) &&
        apig__scan_plain(raw, len, rules->charset ? rules->charset->byte_class : apig__any_bytes,
                         out)) {
        r.bytes = r.chars = len;
        r.overflow = r.bad_char = false;
        return verdict(w, rules, &r, out, contextual);
    }
    return string_text(w, rules, out, tok, contextual,
                       FAST_PATH && len < apig__inline_size(rules));
}

#ifndef APIG_CFG_SMALL_CODE
/* string_text for flat.c (a function of its own there, inlined here; flat.c
 * is not compiled with APIG_CFG_SMALL_CODE). */
apig_error_kind apig__walk_string_text(walk *w, const apig_field *rules, char *out,
                                       const apig_token *tok, bool contextual, bool tried)
{
    return string_text(w, rules, out, tok, contextual, tried);
}
#endif
