/* SPDX-License-Identifier: MIT */
/*
 * json_oracle.c - RFC 8259 by recursive descent, written apart from
 * src/json so that the fuzz target can hold the two against each other.
 * See json_oracle.h for what it accepts; docs/security-json-offsets.md for
 * where it places an error. In short:
 *
 *  - Between tokens, in numbers and in literals: the first byte that no
 *    valid text could have there (the end of the input, n, counts as one).
 *  - Inside strings, the unit is the character: an escape sequence (a
 *    surrogate pair is one character) or a UTF-8 sequence. An error is
 *    placed at the first byte of the first character that cannot be
 *    valid, however far into it the evidence is.
 *  - Running out of input where a valid text could still go on is
 *    TRUNCATED at n; that includes the middle of a string character, but
 *    not of a number or literal (BAD_NUMBER / BAD_LITERAL at n, the end
 *    being a byte they cannot have), nor before any value (EMPTY at n).
 *  - Nesting: the bracket that would open one container too many.
 *
 * Nothing here is clever: one function per grammar rule, one byte at a
 * time, no tables.
 */
#include <stddef.h>
#include <string.h>

#include "json_oracle.h"

typedef struct parser {
    const unsigned char *s;
    size_t n, i;        /* the text, its length, the next byte to read */
    size_t depth;       /* containers open */
    size_t max_depth;
    size_t tokens;      /* tokens seen so far */
    size_t max_tokens;
    size_t over_at;     /* where token number max_tokens (from 0) starts */
    json_oracle_token *out; /* the first max_tokens tokens, or NULL */
    long super;         /* the token new ones are in (-1: the top) */
    int defer;
    json_oracle_status status;
    size_t at;
} parser;

static int fail(parser *p, json_oracle_status status, size_t at)
{
    p->status = status;
    p->at = at;
    return 0;
}

static int at_end(const parser *p) { return p->i >= p->n; }

static unsigned char cur(const parser *p) { return p->s[p->i]; }

static int is_digit(unsigned c) { return c >= '0' && c <= '9'; }

static int is_letter(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int hex_digit(unsigned c)
{
    if (is_digit(c))
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

static void skip_ws(parser *p)
{
    while (!at_end(p) && (cur(p) == ' ' || cur(p) == '\t' || cur(p) == '\n' || cur(p) == '\r'))
        p->i++;
}

/* A token of `type` starts at p->i (at the quote, for a string). Returns
 * its index if it is stored, else -1. */
static long count_token(parser *p, int type)
{
    size_t index = p->tokens++;
    if (index == p->max_tokens)
        p->over_at = p->i;
    if (!p->out || index >= p->max_tokens)
        return -1;
    json_oracle_token *t = &p->out[index];
    t->type = type;
    t->start = (long)p->i + (type == JO_TOKEN_STRING);
    t->end = -1;
    t->size = 0;
    t->parent = p->super;
    if (p->super >= 0)
        p->out[p->super].size++;
    return (long)index;
}

/* Token `index` (-1: not stored) ends just before p->i: a string's closing
 * quote, past a number or literal, past a container's bracket. Nothing
 * ends once a token has found no room: the tokens stored are then frozen
 * as they were at that point. */
static void end_token(parser *p, long index, int quoted)
{
    if (index >= 0 && p->tokens <= p->max_tokens)
        p->out[index].end = (long)p->i - quoted;
}

static int value(parser *p);

/* ---- strings ------------------------------------------------------------ */

/*
 * Can a UTF-8 sequence of `len` bytes, whose first `have` bytes carry the
 * leading code point bits `bits`, still encode a Unicode scalar value of
 * that length (RFC 3629: the shortest form only, no surrogates, at most
 * U+10FFFF)? The remaining bytes carry 6 bits each, so the code points
 * still possible are the interval [first, last] below.
 */
static int utf8_viable(unsigned long bits, int len, int have)
{
    int rest = 6 * (len - have);
    unsigned long first = bits << rest, last = first | ((1ul << rest) - 1);
    unsigned long min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    unsigned long max = len == 2 ? 0x7FF : len == 3 ? 0xFFFF : 0x10FFFF;
    if (first < min)
        first = min;
    if (last > max)
        last = max;
    if (first > last)
        return 0;                               /* overlong, or too big */
    return !(first >= 0xD800 && last <= 0xDFFF); /* not all surrogates */
}

/* One UTF-8 character; p->i is at its first byte, which is >= 0x80. */
static int utf8_char(parser *p)
{
    size_t start = p->i;
    unsigned c = cur(p);
    unsigned long bits;
    int len;
    if (c >= 0xC0 && c <= 0xDF) {
        len = 2;
        bits = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        bits = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF7) {
        len = 4;
        bits = c & 0x07;
    } else {
        return fail(p, JO_BAD_UTF8, start); /* a continuation byte, or F8-FF */
    }
    for (int have = 1;; have++) {
        if (!utf8_viable(bits, len, have))
            return fail(p, JO_BAD_UTF8, start);
        p->i++;
        if (have == len)
            return 1;
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        c = cur(p);
        if ((c & 0xC0) != 0x80)
            return fail(p, JO_BAD_UTF8, start);
        bits = bits << 6 | (c & 0x3F);
    }
}

/* One escape; p->i is at its backslash. */
static int escape(parser *p)
{
    size_t start = p->i;
    if (p->n - p->i < 2)
        return fail(p, JO_TRUNCATED, p->n);
    unsigned char c = p->s[p->i + 1];
    if (c != 0 && memchr("\"\\/bfnrt", c, 8)) {
        p->i += 2;
        return 1;
    }
    if (c != 'u')
        return fail(p, JO_BAD_ESCAPE, start);
    p->i += 2;
    unsigned long cp = 0;
    for (int k = 0; k < 4; k++) {
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        int h = hex_digit(cur(p));
        if (h < 0)
            return fail(p, JO_BAD_ESCAPE, start);
        cp = cp * 16 + (unsigned long)h;
        p->i++;
    }
    if (p->defer || cp < 0xD800 || cp > 0xDFFF)
        return 1;
    if (cp >= 0xDC00)
        return fail(p, JO_LONE_SURROGATE, start); /* a low half first */

    /* A high half: the low half must follow at once, as \uDC00-\uDFFF.
     * Each byte that rules it out makes this escape a lone surrogate. */
    if (at_end(p))
        return fail(p, JO_TRUNCATED, p->n);
    if (cur(p) != '\\')
        return fail(p, JO_LONE_SURROGATE, start);
    p->i++;
    if (at_end(p))
        return fail(p, JO_TRUNCATED, p->n);
    if (cur(p) != 'u')
        return fail(p, JO_LONE_SURROGATE, start);
    p->i++;
    unsigned long low = 0;
    for (int k = 1; k <= 4; k++) {
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        int h = hex_digit(cur(p));
        if (h < 0)
            return fail(p, JO_LONE_SURROGATE, start);
        low = low * 16 + (unsigned long)h;
        p->i++;
        /* the values the digits so far can still become */
        unsigned long first = low << (4 * (4 - k));
        unsigned long last = first + (1ul << (4 * (4 - k))) - 1;
        if (last < 0xDC00 || first > 0xDFFF)
            return fail(p, JO_LONE_SURROGATE, start);
    }
    return 1;
}

/* A string; p->i is at its opening quote. *index: its token's. */
static int string(parser *p, long *index_out)
{
    long index = count_token(p, JO_TOKEN_STRING);
    *index_out = index;
    p->i++;
    for (;;) {
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        unsigned char c = cur(p);
        if (c == '"') {
            p->i++;
            end_token(p, index, 1);
            return 1;
        }
        if (c == '\\') {
            if (!escape(p))
                return 0;
            continue;
        }
        if (c == 0)
            return fail(p, JO_NUL_BYTE, p->i);
        if (p->defer || (c >= 0x20 && c < 0x80)) {
            p->i++;
            continue;
        }
        if (c < 0x20)
            return fail(p, JO_CONTROL_CHAR, p->i);
        if (!utf8_char(p))
            return 0;
    }
}

/* ---- numbers and literals ------------------------------------------------- */

static int digits(parser *p)
{
    size_t from = p->i;
    while (!at_end(p) && is_digit(cur(p)))
        p->i++;
    return p->i > from;
}

/* A byte that would continue a number: it may not follow one. */
static int glued_to_number(unsigned c)
{
    return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '+' || c == '-';
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; p->i is at '-' or
 * a digit. */
static int number(parser *p)
{
    long index = count_token(p, JO_TOKEN_PRIMITIVE);
    if (cur(p) == '-')
        p->i++;
    if (!at_end(p) && cur(p) == '0')
        p->i++;
    else if (!digits(p))
        return fail(p, JO_BAD_NUMBER, p->i);
    if (!at_end(p) && cur(p) == '.') {
        p->i++;
        if (!digits(p))
            return fail(p, JO_BAD_NUMBER, p->i);
    }
    if (!at_end(p) && (cur(p) == 'e' || cur(p) == 'E')) {
        p->i++;
        if (!at_end(p) && (cur(p) == '+' || cur(p) == '-'))
            p->i++;
        if (!digits(p))
            return fail(p, JO_BAD_NUMBER, p->i);
    }
    if (!at_end(p) && glued_to_number(cur(p)))
        return fail(p, JO_BAD_NUMBER, p->i);
    end_token(p, index, 0);
    return 1;
}

/* true, false or null, not followed by a letter, digit or '_'. */
static int literal(parser *p, const char *word)
{
    long index = count_token(p, JO_TOKEN_PRIMITIVE);
    for (size_t k = 0; word[k]; k++, p->i++)
        if (at_end(p) || cur(p) != (unsigned char)word[k])
            return fail(p, JO_BAD_LITERAL, p->i);
    if (!at_end(p) && (is_letter(cur(p)) || is_digit(cur(p)) || cur(p) == '_'))
        return fail(p, JO_BAD_LITERAL, p->i);
    end_token(p, index, 0);
    return 1;
}

/* ---- containers -------------------------------------------------------------- */

/* Opens the container of `type` whose bracket is at p->i: new tokens are
 * in it. Returns 0 if that is one too deep. */
static int open_container(parser *p, int type, long *index, long *outer)
{
    if (p->depth >= p->max_depth)
        return fail(p, JO_TOO_DEEP, p->i);
    *index = count_token(p, type);
    *outer = p->super;
    p->super = *index;
    p->depth++;
    p->i++;
    return 1;
}

/* Closes the container `index` (opened inside `outer`) at p->i. */
static int close_container(parser *p, long index, long outer)
{
    p->depth--;
    p->i++;
    end_token(p, index, 0);
    p->super = outer;
    return 1;
}

/* After an item or a member of the container `index`: ',' or the closing
 * bracket `close`; returns 1 after a ',', 2 after the bracket, 0 on an
 * error. */
static int after_item(parser *p, unsigned char close, long index, long outer)
{
    skip_ws(p);
    if (at_end(p))
        return fail(p, JO_TRUNCATED, p->n);
    unsigned char c = cur(p);
    if (c == ',') {
        p->i++;
        return 1;
    }
    if (c == close) {
        close_container(p, index, outer);
        return 2;
    }
    if (c == ']' || c == '}')
        return fail(p, JO_MISMATCHED_BRACKET, p->i);
    if (c == 0)
        return fail(p, JO_NUL_BYTE, p->i);
    return fail(p, JO_EXPECTED_COMMA_OR_END, p->i);
}

static int array(parser *p)
{
    long index = -1, outer = -1;
    if (!open_container(p, JO_TOKEN_ARRAY, &index, &outer))
        return 0;
    skip_ws(p);
    if (at_end(p))
        return fail(p, JO_TRUNCATED, p->n);
    if (cur(p) == ']')
        return close_container(p, index, outer);
    if (cur(p) == '}')
        return fail(p, JO_MISMATCHED_BRACKET, p->i);
    for (;;) {
        if (!value(p))
            return 0;
        int r = after_item(p, ']', index, outer);
        if (r != 1)
            return r == 2;
        /* after ',': an item, not a bracket */
        skip_ws(p);
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        if (cur(p) == ']')
            return fail(p, JO_TRAILING_COMMA, p->i);
        if (cur(p) == '}')
            return fail(p, JO_MISMATCHED_BRACKET, p->i);
    }
}

static int object(parser *p)
{
    long index = -1, outer = -1;
    if (!open_container(p, JO_TOKEN_OBJECT, &index, &outer))
        return 0;
    skip_ws(p);
    if (at_end(p))
        return fail(p, JO_TRUNCATED, p->n);
    if (cur(p) == '}')
        return close_container(p, index, outer);
    if (cur(p) == ']')
        return fail(p, JO_MISMATCHED_BRACKET, p->i);
    for (;;) {
        /* a key (not at the end of input: checked by the caller) */
        unsigned char c = cur(p);
        if (c != '"')
            return fail(p, c == 0 ? JO_NUL_BYTE : JO_EXPECTED_KEY, p->i);
        long key;
        if (!string(p, &key))
            return 0;
        skip_ws(p);
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        c = cur(p);
        if (c != ':')
            return fail(p, c == 0 ? JO_NUL_BYTE : JO_EXPECTED_COLON, p->i);
        p->i++;
        p->super = key; /* the value is in its key */
        if (!value(p))
            return 0;
        p->super = index;
        int r = after_item(p, '}', index, outer);
        if (r != 1)
            return r == 2;
        /* after ',': a key, not a bracket */
        skip_ws(p);
        if (at_end(p))
            return fail(p, JO_TRUNCATED, p->n);
        if (cur(p) == '}')
            return fail(p, JO_TRAILING_COMMA, p->i);
    }
}

/* ---- values ----------------------------------------------------------------------- */

static int value(parser *p)
{
    skip_ws(p);
    if (at_end(p))
        return fail(p, p->depth == 0 ? JO_EMPTY : JO_TRUNCATED, p->n);
    unsigned char c = cur(p);
    switch (c) {
    case '[':
        return array(p);
    case '{':
        return object(p);
    case '"': {
        long index;
        return string(p, &index);
    }
    case 't':
        return literal(p, "true");
    case 'f':
        return literal(p, "false");
    case 'n':
        return literal(p, "null");
    case ']':
    case '}':
    case ',':
    case ':':
        return fail(p, JO_EXPECTED_VALUE, p->i);
    case '+':
    case '.':
        return fail(p, JO_BAD_NUMBER, p->i);
    case 0:
        return fail(p, JO_NUL_BYTE, p->i);
    default:
        if (c == '-' || is_digit(c))
            return number(p);
        if (is_letter(c) || c == '_')
            return fail(p, JO_BAD_LITERAL, p->i);
        return fail(p, JO_UNEXPECTED_CHAR, p->i);
    }
}

json_oracle_result json_oracle_check(const unsigned char *text, size_t len,
                                     const json_oracle_limits *limits,
                                     json_oracle_token *tokens)
{
    json_oracle_result r = {JO_OK, 0, 0};
    if (len > limits->max_bytes) {
        r.status = JO_TOO_LARGE;
        r.offset = limits->max_bytes;
        return r;
    }
    if (len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
        r.status = JO_BYTE_ORDER_MARK;
        return r;
    }
    parser p;
    memset(&p, 0, sizeof p);
    p.s = text;
    p.n = len;
    p.max_depth = limits->max_depth;
    p.max_tokens = limits->max_tokens;
    p.defer = limits->defer_strings;
    p.out = tokens;
    p.super = -1;
    if (!value(&p)) {
        r.status = p.status;
        r.offset = p.at;
        return r;
    }
    skip_ws(&p);
    if (!at_end(&p)) {
        r.status = cur(&p) == 0 ? JO_NUL_BYTE : JO_TRAILING_DATA;
        r.offset = p.i;
        return r;
    }
    if (p.tokens > p.max_tokens) {
        r.status = JO_TOO_MANY_TOKENS;
        r.offset = p.over_at;
        return r;
    }
    r.tokens = p.tokens;
    return r;
}

const char *json_oracle_status_name(json_oracle_status status)
{
    static const char *const names[] = {
        "OK",          "EMPTY",        "TRUNCATED",       "UNEXPECTED_CHAR",
        "EXPECTED_VALUE", "EXPECTED_KEY", "EXPECTED_COLON", "EXPECTED_COMMA_OR_END",
        "TRAILING_COMMA", "MISMATCHED_BRACKET", "BAD_NUMBER", "BAD_LITERAL",
        "BAD_ESCAPE",  "LONE_SURROGATE", "CONTROL_CHAR",  "BAD_UTF8",
        "BYTE_ORDER_MARK", "NUL_BYTE",  "TRAILING_DATA",   "TOO_DEEP",
        "TOO_MANY_TOKENS", "TOO_LARGE",
    };
    if ((unsigned)status < sizeof names / sizeof names[0])
        return names[status];
    return "?";
}
