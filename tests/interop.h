/* SPDX-License-Identifier: MIT */
/*
 * interop.h - the requests the official SDK signed (tests/interop/
 * sdk-signed-requests.jsonl, copied from shared/interop), read with apig's
 * own JSON parser, for the tests that replay them through the library and
 * through the tool. Included by one translation unit per binary, after
 * cmocka.h and read_fd.h.
 */
#ifndef APIG_TESTS_INTEROP_H
#define APIG_TESTS_INTEROP_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apig/json.h>

#define CAPTURES_FILE "tests/interop/sdk-signed-requests.jsonl"
#define CAPTURE_HEADERS 16
#define CAPTURE_COUNT 6 /* as shared/interop/README.md lists them */
/* The key pair the captures were signed with, and a time 8 s after. */
#define CAPTURE_ACCESS_KEY "AKEXAMPLE0000000000"
#define CAPTURE_SECRET_KEY "SKEXAMPLE"
#define CAPTURE_NOW "20261130T221800Z"
#define CAPTURE_NOW_SECONDS 1796077080 /* the same, as Unix time */

typedef struct capture {
    char *operation;
    char *method;
    char *target; /* the URL's path and query */
    char *body;
    size_t body_len;
    size_t header_count;
    char *names[CAPTURE_HEADERS];
    char *values[CAPTURE_HEADERS];
} capture;

/* A JSON string's contents (the captures hold ASCII with \" \\ \/ and
 * \uXXXX below U+0800, as json.dumps writes them) on the heap. */
static char *capture_unescape(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(n + 1);
    assert_non_null(o);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            o[w++] = s[i];
            continue;
        }
        char c = s[++i];
        if (c == 'u') {
            unsigned v = (unsigned)strtoul((char[5]){s[i + 1], s[i + 2], s[i + 3], s[i + 4], 0},
                                           NULL, 16);
            assert_true(v < 0x800);
            if (v < 0x80) {
                o[w++] = (char)v;
            } else {
                o[w++] = (char)(0xC0 | (v >> 6));
                o[w++] = (char)(0x80 | (v & 0x3F));
            }
            i += 4;
        } else {
            o[w++] = c == 'n' ? '\n' : c == 't' ? '\t' : c; /* \" \\ \/ */
        }
    }
    o[w] = '\0';
    *out_len = w;
    return o;
}

static char *capture_string(const char *line, const apig_token *t, size_t *len)
{
    assert_int_equal(t->type, APIG_TOKEN_STRING);
    size_t ignored;
    return capture_unescape(line + t->start, (size_t)(t->end - t->start), len ? len : &ignored);
}

/* Reads every capture into out[0..cap); returns how many. */
static size_t captures_load(capture *out, size_t cap)
{
    int fd = open(CAPTURES_FILE, O_RDONLY);
    assert_true(fd >= 0);
    size_t len;
    char *text = read_fd(fd, &len);
    close(fd);
    size_t count = 0;
    static apig_token tokens[256];
    for (char *line = text; *line && count < cap;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        apig_json_result r = apig_json_parse(line, n, tokens, 256, NULL, 0);
        assert_int_equal(r.status, APIG_JSON_OK);
        capture *c = &out[count++];
        memset(c, 0, sizeof *c);
        for (size_t k = 1; k < r.token_count; k++) {
            if (tokens[k].parent != 0)
                continue;
            char *key = capture_string(line, &tokens[k], NULL);
            const apig_token *v = &tokens[k + 1];
            if (strcmp(key, "headers") == 0) {
                for (size_t h = k + 2; h < r.token_count && tokens[h].parent == (int)k + 1;
                     h += 2) {
                    assert_true(c->header_count < CAPTURE_HEADERS);
                    c->names[c->header_count] = capture_string(line, &tokens[h], NULL);
                    c->values[c->header_count++] = capture_string(line, &tokens[h + 1], NULL);
                }
            } else if (strcmp(key, "url") == 0) {
                char *url = capture_string(line, v, NULL);
                char *path = strchr(strstr(url, "://") + 3, '/');
                c->target = strdup(path);
                free(url);
            } else if (strcmp(key, "body") == 0 && v->type == APIG_TOKEN_STRING) {
                c->body = capture_string(line, v, &c->body_len);
            } else if (strcmp(key, "method") == 0) {
                c->method = capture_string(line, v, NULL);
            } else if (strcmp(key, "operation") == 0) {
                c->operation = capture_string(line, v, NULL);
            }
            free(key);
        }
        assert_non_null(c->method);
        assert_non_null(c->target);
        line += n + (nl ? 1 : 0);
    }
    free(text);
    return count;
}

static void captures_free(capture *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].operation);
        free(c[i].method);
        free(c[i].target);
        free(c[i].body);
        for (size_t h = 0; h < c[i].header_count; h++) {
            free(c[i].names[h]);
            free(c[i].values[h]);
        }
    }
}

/* The value of header `name` (exact case, as captured), or NULL. */
static char **capture_header(capture *c, const char *name)
{
    for (size_t h = 0; h < c->header_count; h++)
        if (strcmp(c->names[h], name) == 0)
            return &c->values[h];
    return NULL;
}

#endif
