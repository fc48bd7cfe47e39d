/* SPDX-License-Identifier: MIT */
/*
 * apig request --credentials FILE [--now YYYYMMDDTHHMMSSZ]: the key store and
 * the clock the library asks for to verify SDK-HMAC-SHA256 signatures, with
 * OpenSSL's libcrypto as the crypto adapter.
 *
 * FILE: one key pair a line, "ACCESS_KEY SECRET_KEY" (separated by spaces
 * or tabs); empty lines and lines starting with '#' are skipped; any other
 * line is a usage error naming its number. --now defaults to the system
 * clock.
 */
#define _DEFAULT_SOURCE /* timegm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <apig/crypto_openssl.h>
#include "cli.h"

typedef struct key_pair {
    char *access;
    char *secret;
} key_pair;

struct cli_signer {
    char *text; /* the file, cut into the pairs' strings */
    key_pair *pairs;
    size_t count;
    apig_credentials credentials;
    apig_openssl openssl;
};

static long find_secret(void *user, const char *access, size_t len, unsigned char *secret,
                        size_t cap)
{
    const cli_signer *s = user;
    for (size_t i = 0; i < s->count; i++) {
        if (strlen(s->pairs[i].access) != len || memcmp(s->pairs[i].access, access, len) != 0)
            continue;
        size_t n = strlen(s->pairs[i].secret);
        if (n > cap)
            return -1;
        memcpy(secret, s->pairs[i].secret, n);
        return (long)n;
    }
    return -1;
}

/* Splits the file into pairs in place. Returns 0, or the 1-based number of
 * the first malformed line. */
static size_t parse_pairs(cli_signer *s, size_t lines)
{
    s->pairs = calloc(lines + 1, sizeof *s->pairs);
    if (!s->pairs)
        return (size_t)-1;
    char *line = s->text;
    for (size_t no = 1; line && *line; no++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        char *fields[3] = {NULL, NULL, NULL};
        size_t count = 0;
        for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t"))
            fields[count < 3 ? count : 2] = tok, count++;
        if (count == 0 || fields[0][0] == '#') {
            line = next;
            continue;
        }
        if (count != 2)
            return no;
        s->pairs[s->count++] = (key_pair){fields[0], fields[1]};
        line = next;
    }
    return 0;
}

int cli_signer_open(const char *file, cli_signer **out)
{
    *out = NULL;
    cli_signer *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "apig request: out of memory\n");
        return APIG_EXIT_USAGE;
    }
    size_t len;
    if (cli_read_input(file, 1024 * 1024, &s->text, &len) != 0) {
        free(s);
        return APIG_EXIT_USAGE;
    }
    /* Inputs are (pointer, length): this one is cut into C strings. */
    char *text = realloc(s->text, len + 1);
    if (!text) {
        fprintf(stderr, "apig request: out of memory\n");
        cli_signer_close(s);
        return APIG_EXIT_USAGE;
    }
    text[len] = '\0';
    s->text = text;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) {
        if (s->text[i] == '\0') {
            fprintf(stderr, "apig request: %s: a NUL byte in the credentials\n", file);
            cli_signer_close(s);
            return APIG_EXIT_USAGE;
        }
        lines += s->text[i] == '\n';
    }
    size_t bad = parse_pairs(s, lines);
    if (bad) {
        if (bad == (size_t)-1)
            fprintf(stderr, "apig request: out of memory\n");
        else
            fprintf(stderr, "apig request: %s:%zu: a line is 'ACCESS_KEY SECRET_KEY'\n", file,
                    bad);
        cli_signer_close(s);
        return APIG_EXIT_USAGE;
    }
    if (apig_openssl_init(&s->openssl) != 0) {
        fprintf(stderr, "apig request: OpenSSL has no SHA-256 or HMAC to verify with\n");
        cli_signer_close(s);
        return APIG_EXIT_USAGE;
    }
    s->credentials = (apig_credentials){find_secret, s};
    *out = s;
    return APIG_EXIT_OK;
}

void cli_signer_use(const cli_signer *s, apig_decoder *d)
{
    d->credentials = &s->credentials;
    d->crypto = &s->openssl.crypto;
}

void cli_signer_close(cli_signer *s)
{
    if (!s)
        return;
    apig_openssl_free(&s->openssl);
    if (s->text)
        memset(s->text, 0, strlen(s->text)); /* the secrets */
    free(s->text);
    free(s->pairs);
    free(s);
}

int cli_parse_now(const char *text, int64_t *now)
{
    if (!text) {
        *now = (int64_t)time(NULL);
        return 0;
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    char z = 0, end = 0;
    if (strlen(text) != 16 ||
        sscanf(text, "%4d%2d%2dT%2d%2d%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &end) != 7 ||
        z != 'Z')
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    /* timegm normalises (Feb 30 is Mar 2): written back, it must read the same. */
    char again[32];
    struct tm back;
    if (!gmtime_r(&t, &back) || strftime(again, sizeof again, "%Y%m%dT%H%M%SZ", &back) != 16 ||
        strcmp(again, text) != 0)
        return -1;
    *now = (int64_t)t;
    return 0;
}
