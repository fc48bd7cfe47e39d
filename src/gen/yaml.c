/* SPDX-License-Identifier: MIT */
/*
 * yaml.c - turns YAML text into a small tree whose every node knows its
 * line and column, using libfyaml's event parser.
 *
 * The event parser is used rather than fy_document because every event has
 * a start mark (libfyaml 0.7 has no public per-node mark), and because the
 * tree can then refuse what a schema never needs: anchors and aliases,
 * tags, complex keys, duplicate keys, several documents.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfyaml.h>

#include "gen.h"

/* ---- diagnostics and allocation ------------------------------------------- */

/* The one run's diagnostics (gen_generate sets them up and resets them:
 * nothing of one run is seen by the next). */
static struct {
    const char *file;
    FILE *stream;   /* messages printed here, */
    gen_buf *sink;  /* else appended here, else only counted */
    int errors;
    gen_pos first;
} g_diag = {"<schema>", NULL, NULL, 0, {0, 0}};

void gen_diag_begin(const char *file, FILE *stream, gen_buf *sink)
{
    g_diag.file = file ? file : "<schema>";
    g_diag.stream = stream;
    g_diag.sink = stream ? NULL : sink;
    g_diag.errors = 0;
    g_diag.first = (gen_pos){0, 0};
}

int gen_diag_end(gen_pos *first)
{
    int n = g_diag.errors;
    if (first)
        *first = g_diag.first;
    gen_diag_begin(NULL, NULL, NULL);
    return n;
}

int gen_error_count(void) { return g_diag.errors; }

/* One message is one line: the schema's text it quotes (a key may hold a
 * newline or a terminal escape) has its control bytes escaped. */
static void put_message_text(gen_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            buf_printf(b, "\\x%02X", c);
        else
            buf_put(b, (const char *)&c, 1);
    }
}

void gen_error(gen_pos pos, const char *fmt, ...)
{
    g_diag.errors++;
    if (g_diag.errors == 1)
        g_diag.first = pos;
    if (!g_diag.stream && !g_diag.sink)
        return;
    gen_buf text = {0}, line = {0};
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small) {
        text.data = gen_alloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(text.data, (size_t)n + 1, fmt, ap);
        va_end(ap);
        text.len = (size_t)n;
    }
    buf_printf(&line, "%s:%d:%d: error: ", g_diag.file, pos.line, pos.column);
    if (n > 0)
        put_message_text(&line, text.data ? text.data : small, (size_t)n);
    buf_put(&line, "\n", 1);
    if (g_diag.stream)
        fwrite(line.data, 1, line.len, g_diag.stream);
    else
        buf_put(g_diag.sink, line.data, line.len);
    free(line.data);
    free(text.data);
}

static void out_of_memory(void)
{
    fprintf(stderr, "apig-gen: out of memory\n");
    exit(1);
}

void *gen_alloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *gen_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *gen_strndup(const char *s, size_t n)
{
    char *p = gen_alloc(n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gen_concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *r = gen_alloc(la + lb + 1);
    memcpy(r, a, la);
    memcpy(r + la, b, lb + 1);
    return r;
}

/* A schema needs about 6 levels; the bound keeps recursion over the tree
 * (yaml_free, the schema reader) shallow whatever the input. */
#define GEN_MAX_YAML_DEPTH 64

/* ---- the tree --------------------------------------------------------------- */

void yaml_free(ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->item_count; i++)
        yaml_free(n->items[i]);
    for (size_t i = 0; i < n->pair_count; i++) {
        yaml_free(n->pairs[i].key);
        yaml_free(n->pairs[i].value);
    }
    free(n->items);
    free(n->pairs);
    free(n->text);
    free(n);
}

static void quiet_output(struct fy_diag *diag, void *user, const char *buf,
                         size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

static gen_pos event_pos(struct fy_event *ev, gen_pos fallback)
{
    const struct fy_mark *m = fy_event_start_mark(ev);
    gen_pos p = fallback;
    if (m) {
        p.line = m->line + 1;
        p.column = m->column + 1;
    }
    return p;
}

/* Adds child `c` to container `parent` (a key waits for its value). */
typedef struct frame {
    ynode *node;
    ynode *pending_key; /* mappings: a key whose value is still to come */
} frame;

static bool attach(frame *top, ynode *c)
{
    ynode *p = top->node;
    if (p->kind == Y_SEQUENCE) {
        p->items = gen_realloc(p->items, (p->item_count + 1) * sizeof *p->items);
        p->items[p->item_count++] = c;
        return true;
    }
    if (!top->pending_key) {
        if (c->kind != Y_SCALAR) {
            gen_error(c->pos, "a mapping key must be a plain name, not a %s",
                      c->kind == Y_MAPPING ? "mapping" : "sequence");
            return false;
        }
        if (memchr(c->text, '\0', c->len)) {
            gen_error(c->pos, "a mapping key must not contain a NUL character");
            return false;
        }
        for (size_t i = 0; i < p->pair_count; i++) {
            const ynode *k = p->pairs[i].key;
            if (k->len == c->len && memcmp(k->text, c->text, c->len) == 0) {
                gen_error(c->pos, "duplicate key '%s' (first at line %d)",
                          c->text, k->pos.line);
                return false;
            }
        }
        top->pending_key = c;
        return true;
    }
    p->pairs = gen_realloc(p->pairs, (p->pair_count + 1) * sizeof *p->pairs);
    p->pairs[p->pair_count].key = top->pending_key;
    p->pairs[p->pair_count].value = c;
    p->pair_count++;
    top->pending_key = NULL;
    return true;
}

/* A scalar token's text (NULL: a value left out, empty), newly allocated
 * into *text and *len; false when libfyaml cannot give it. Read through an
 * iterator, not fy_token_get_text: that caches the text in the token, and
 * a token the parser still holds when the stream then fails is never
 * released (libfyaml 0.7.12: {"":''''' leaked its text). */
static bool scalar_text(struct fy_token *t, char **text, size_t *len)
{
    gen_buf b = {0};
    if (t) {
        struct fy_token_iter *it = fy_token_iter_create(t);
        if (!it)
            return false;
        const struct fy_iter_chunk *ch = NULL;
        int err = 0;
        while ((ch = fy_token_iter_chunk_next(it, ch, &err)) != NULL)
            if (ch->len)
                buf_put(&b, ch->str, ch->len);
        fy_token_iter_destroy(it);
        if (err) {
            free(b.data);
            return false;
        }
    }
    *text = b.data ? b.data : gen_strndup("", 0);
    *len = b.len;
    return true;
}

/* The position of text[off] (or of the end, off == len): its line,
 * counting every line break YAML may (\n, \r, \r\n, and NEL, LS and PS),
 * and its column in characters. */
static gen_pos pos_at(const char *text, size_t off)
{
    gen_pos p = {1, 1};
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        size_t brk = c == '\n' ? 1
                     : c == '\r' ? (i + 1 < off && text[i + 1] == '\n' ? 2 : 1)
                     : c == 0xC2 && i + 1 < off && (unsigned char)text[i + 1] == 0x85 ? 2
                     : c == 0xE2 && i + 2 < off && (unsigned char)text[i + 1] == 0x80 &&
                               ((unsigned char)text[i + 2] == 0xA8 ||
                                (unsigned char)text[i + 2] == 0xA9) ? 3
                     : 0;
        if (brk) {
            p.line++;
            p.column = 1;
            i += brk - 1;
        } else if ((c & 0xC0) != 0x80) {
            p.column++;
        }
    }
    return p;
}

/* The offset of the first byte of text that is not part of a well-formed
 * UTF-8 character (overlong forms, surrogates and values past U+10FFFF
 * included), or len. */
static size_t utf8_bad(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (n == 0 || n > len - i)
            return i;
        uint32_t v = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            v = v << 6 | (s[i + k] & 0x3Fu);
        }
        if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
            (v >= 0xD800 && v <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}

/* libfyaml's first error, at its position, but never past the input's end:
 * some errors at the end of the input (an unclosed "[" or "{") come with
 * a mark a line or two beyond it (libfyaml 0.7.12). */
static void report_fy_errors(struct fy_diag *diag, gen_pos fallback, gen_pos end)
{
    void *iter = NULL;
    struct fy_diag_error *e;
    bool any = false;
    while ((e = fy_diag_errors_iterate(diag, &iter)) != NULL) {
        if (e->type < FYET_ERROR)
            continue;
        gen_pos p = {e->line + 1, e->column + 1};
        if (p.line < 1 || p.column < 1)
            p = fallback;
        if (p.line > end.line || (p.line == end.line && p.column > end.column))
            p = end;
        gen_error(p, "invalid YAML: %s", e->msg ? e->msg : "syntax error");
        any = true;
        break; /* the first error is the one that matters */
    }
    if (!any)
        gen_error(fallback, "invalid YAML");
}

/* The tree as it is built from the parser's events. */
typedef struct builder {
    ynode *root;
    frame *stack; /* the open sequences and mappings, innermost last */
    size_t depth, cap;
    int documents;
    bool failed, done;
} builder;

/* A node event's anchor and tag (either may be NULL). */
static void anchor_and_tag(const struct fy_event *ev, struct fy_token **anchor,
                           struct fy_token **tag)
{
    if (ev->type == FYET_SCALAR) {
        *anchor = ev->scalar.anchor;
        *tag = ev->scalar.tag;
    } else if (ev->type == FYET_SEQUENCE_START) {
        *anchor = ev->sequence_start.anchor;
        *tag = ev->sequence_start.tag;
    } else {
        *anchor = ev->mapping_start.anchor;
        *tag = ev->mapping_start.tag;
    }
}

/* The node an event starts, or NULL (reported) when its text cannot be
 * read. */
static ynode *new_node(const struct fy_event *ev, gen_pos pos)
{
    ynode *n = gen_alloc(sizeof *n);
    n->pos = pos;
    if (ev->type == FYET_SCALAR) {
        n->kind = Y_SCALAR;
        if (!scalar_text(ev->scalar.value, &n->text, &n->len)) {
            gen_error(pos, "invalid YAML: a scalar that cannot be read");
            yaml_free(n);
            return NULL;
        }
        /* A value left out ("204:") is an empty plain scalar: null. */
        n->plain = !ev->scalar.value ||
                   fy_token_scalar_style(ev->scalar.value) == FYSS_PLAIN;
    } else {
        n->kind = ev->type == FYET_MAPPING_START ? Y_MAPPING : Y_SEQUENCE;
    }
    return n;
}

/* Puts n in the tree (the root, or in the innermost open container) and,
 * when it is a container, opens it. */
static bool place_node(builder *b, ynode *n, gen_pos pos)
{
    if (b->depth == 0) {
        if (b->root) { /* cannot happen with one document; be safe */
            gen_error(pos, "a schema is a single YAML document");
            yaml_free(n);
            return false;
        }
        b->root = n;
    } else if (!attach(&b->stack[b->depth - 1], n)) {
        yaml_free(n);
        return false;
    }
    if (n->kind == Y_SCALAR)
        return true;
    if (b->depth >= GEN_MAX_YAML_DEPTH) {
        gen_error(pos, "nesting deeper than %d levels", GEN_MAX_YAML_DEPTH);
        return false;
    }
    if (b->depth == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->stack = gen_realloc(b->stack, b->cap * sizeof *b->stack);
    }
    b->stack[b->depth].node = n;
    b->stack[b->depth].pending_key = NULL;
    b->depth++;
    return true;
}

/* A scalar, or the start of a sequence or a mapping: a node, unless it has
 * an anchor or a tag (reported where that is). */
static bool node_event(builder *b, const struct fy_event *ev, gen_pos pos)
{
    struct fy_token *anchor = NULL, *tag = NULL;
    anchor_and_tag(ev, &anchor, &tag);
    if (anchor || tag) {
        const struct fy_mark *am = fy_token_start_mark(anchor ? anchor : tag);
        if (am) {
            pos.line = am->line + 1;
            pos.column = am->column + 1;
        }
    }
    if (anchor) {
        gen_error(pos, "YAML anchors are not supported in a schema");
        return false;
    }
    if (tag) {
        gen_error(pos, "YAML tags are not supported in a schema");
        return false;
    }
    ynode *n = new_node(ev, pos);
    return n && place_node(b, n, pos);
}

/* One parser event into the tree; sets b->failed or b->done. */
static void on_event(builder *b, const struct fy_event *ev, gen_pos pos)
{
    switch (ev->type) {
    case FYET_STREAM_END:
        b->done = true;
        break;
    case FYET_DOCUMENT_START:
        if (++b->documents > 1) {
            gen_error(pos, "a schema is a single YAML document");
            b->failed = true;
        }
        break;
    case FYET_ALIAS:
        gen_error(pos, "YAML aliases are not supported in a schema");
        b->failed = true;
        break;
    case FYET_SCALAR:
    case FYET_SEQUENCE_START:
    case FYET_MAPPING_START:
        b->failed = !node_event(b, ev, pos);
        break;
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END:
        if (b->depth == 0) {
            gen_error(pos, "invalid YAML structure");
            b->failed = true;
            break;
        }
        b->depth--;
        break;
    default: /* the stream's start, a document's end */
        break;
    }
}

/* A quiet parser of text[0..len) that collects its errors in *diag. */
static struct fy_parser *open_parser(const char *text, size_t len, struct fy_diag **diag)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = quiet_output;
    dcfg.colorize = false;
    *diag = fy_diag_create(&dcfg);
    if (!*diag) {
        gen_error((gen_pos){0, 0}, "cannot set up the YAML parser");
        return NULL;
    }
    fy_diag_set_collect_errors(*diag, true);

    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_JSON_NONE;
    cfg.diag = *diag;
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp) {
        fy_diag_destroy(*diag);
        gen_error((gen_pos){0, 0}, "cannot set up the YAML parser");
        return NULL;
    }
    if (fy_parser_set_string(fyp, text, len) != 0) {
        fy_parser_destroy(fyp);
        fy_diag_destroy(*diag);
        gen_error((gen_pos){1, 1}, "cannot read the YAML input");
        return NULL;
    }
    return fyp;
}

ynode *yaml_load(const char *text, size_t len)
{
    /* YAML is Unicode text, and a schema UTF-8. Anything else is refused
     * before libfyaml sees it: 0.7.12 loops forever on some malformed
     * UTF-8 (a directive name with a byte that starts no character:
     * "%\x97"). */
    size_t bad = utf8_bad(text, len);
    if (bad < len) {
        gen_error(pos_at(text, bad), "the schema is not valid UTF-8 (byte 0x%02X)",
                  (unsigned char)text[bad]);
        return NULL;
    }
    struct fy_diag *diag;
    struct fy_parser *fyp = open_parser(text, len, &diag);
    if (!fyp)
        return NULL;

    builder b = {0};
    gen_pos last = {1, 1};
    while (!b.failed && !b.done) {
        struct fy_event *ev = fy_parser_parse(fyp);
        if (!ev) {
            if (fy_parser_get_stream_error(fyp))
                report_fy_errors(diag, last, pos_at(text, len));
            else
                gen_error(last, "unexpected end of YAML input");
            b.failed = true;
            break;
        }
        last = event_pos(ev, last);
        on_event(&b, ev, last);
        fy_parser_event_free(fyp, ev);
    }

    /* A key still waiting for its value belongs to no pair: free it. */
    for (size_t i = 0; i < b.depth; i++)
        yaml_free(b.stack[i].pending_key);
    free(b.stack);
    fy_parser_destroy(fyp);
    /* destroy, not unref: the last unref frees the object but not the
     * errors it collected (libfyaml 0.7.12), destroy frees both */
    fy_diag_destroy(diag);
    if (b.failed) {
        yaml_free(b.root);
        return NULL;
    }
    if (!b.root) {
        gen_error((gen_pos){1, 1}, "the schema is empty");
        return NULL;
    }
    return b.root;
}
