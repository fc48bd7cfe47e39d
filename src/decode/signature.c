/* SPDX-License-Identifier: MIT */
/*
 * SDK-HMAC-SHA256: the signature the official SDKs put on a request with an
 * access key (shared/interop/README.md restates the scheme). Its form is
 * always checked; it is verified when the embedder configured credentials
 * (apig_decoder.credentials), with the embedder's hash functions.
 *
 * Decisions (README "Signed requests"; tests/test_signature.c pins each).
 * Every failure is 401, the catalog's "token_invalid" entry (the bundled
 * schema maps it to the service's "Incorrect token" code),
 * at the header it concerns (Authorization or X-Sdk-Date) and the offset in
 * its value where the fault starts:
 * - Authorization: "SDK-HMAC-SHA256", spaces, then Access=, SignedHeaders=
 *   and Signature=, each once, in any order, separated by commas (spaces
 *   around items allowed). Access: visible ASCII but ','; SignedHeaders:
 *   ';'-separated header names (RFC 9110 tokens), including host and
 *   x-sdk-date; Signature: 64 hex digits.
 * - X-Sdk-Date: exactly once, YYYYMMDDTHHMMSSZ, a valid UTC date and time.
 * - Verified only with credentials: X-Sdk-Date within 15 minutes of the
 *   caller's `now` (900 seconds either way are still good), the access key
 *   known to find_secret, every signed header present once, and the
 *   signature equal (compared in constant time) to HMAC-SHA256(secret,
 *   string to sign).
 * - The canonical URI and query percent-decode the request target and
 *   encode it again (RFC 3986 unreserved bytes kept, others %XX upper
 *   case); '+' stays '+'. A '%' without two hex digits after it leaves no
 *   canonical form: refused. A decoded '/' in the path separates segments,
 *   as the SDK's signer (which decodes the whole path, then splits it)
 *   has it.
 * - The canonical request is hashed while it is written, through a 64-byte
 *   buffer: no copy of the request is made. APIG_CFG_SIGNED_* bound the
 *   target, the headers and the query pairs (config.h).
 */
#include "decode.h"

#define SCHEME "SDK-HMAC-SHA256"
#define MAX_SKEW_SECONDS (15 * 60)
#define HEX_SIGNATURE (2 * APIG_SHA256_BYTES)

#if APIG_CFG_SIGNED_TARGET_BYTES < 64
#error "APIG_CFG_SIGNED_TARGET_BYTES must be at least 64"
#endif
#if APIG_CFG_SIGNED_QUERY_PAIRS < 1 || APIG_CFG_SIGNED_HEADERS < 2
#error "APIG_CFG_SIGNED_QUERY_PAIRS must be at least 1 and APIG_CFG_SIGNED_HEADERS at least 2"
#endif

static const char SDK_DATE[] = "X-Sdk-Date";

/* Where a failure is reported. */
typedef struct verdict {
    const apig_catalog *catalog;
    apig__errors *errors;
} verdict;

/* A refusal. Returns true when the error list is full (as every check of
 * request.c does). */
static bool refuse(const verdict *v, const char *header, size_t offset, const char *detail)
{
    size_t n = 0;
    while (header[n] != '\0')
        n++;
    return apig__errors_add_place(v->errors, v->catalog, NULL, APIG_ERROR_TOKEN_INVALID, NULL,
                                  0, NULL, header, n, -1, offset, detail);
}

/* ---- the Authorization header ------------------------------------------------ */

typedef struct slice {
    const char *p;
    size_t n;
} slice;

typedef struct authorization {
    const char *base; /* the value as sent, for offsets */
    slice access;
    slice signed_headers;
    unsigned char signature[APIG_SHA256_BYTES];
    size_t signature_at; /* offset of Signature's value */
} authorization;

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* RFC 9110 tchar: what a header name is made of. */
static bool is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    for (const char *s = "!#$%&'*+-.^_`|~"; *s; s++)
        if (c == (unsigned char)*s)
            return true;
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_lower(slice s, const char *name)
{
    size_t i = 0;
    for (; i < s.n && name[i] != '\0'; i++)
        if (lower(s.p[i]) != name[i])
            return false;
    return i == s.n && name[i] == '\0';
}

static bool same(slice s, const char *name)
{
    size_t i = 0;
    for (; i < s.n && name[i] != '\0'; i++)
        if (s.p[i] != name[i])
            return false;
    return i == s.n && name[i] == '\0';
}

/* SignedHeaders=: names separated by ';', with host and x-sdk-date among
 * them. Returns NULL or what is wrong; *at is then where. */
static const char *check_signed_headers(slice list, size_t *at)
{
    size_t count = 0, start = 0;
    bool host = false, date = false;
    for (size_t i = 0; i <= list.n; i++) {
        if (i < list.n && list.p[i] != ';') {
            if (!is_tchar((unsigned char)list.p[i])) {
                *at = i;
                return "SignedHeaders holds a character no header name has";
            }
            continue;
        }
        *at = start;
        if (i == start)
            return "SignedHeaders has an empty header name";
        if (++count > APIG_CFG_SIGNED_HEADERS)
            return "SignedHeaders names more headers than APIG_CFG_SIGNED_HEADERS";
        slice name = {list.p + start, i - start};
        host = host || same_lower(name, "host");
        date = date || same_lower(name, "x-sdk-date");
        start = i + 1;
    }
    *at = 0;
    return host && date ? NULL : "SignedHeaders must include host and x-sdk-date";
}

static const char MALFORMED[] =
    "Authorization is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...";

/* Parses value[0..len) (trimmed; `lead` bytes were cut before it) into *a.
 * Returns NULL, or what is wrong with *at where (an offset in the value as
 * sent). */
static const char *parse_authorization(const char *value, size_t len, size_t lead,
                                       authorization *a, size_t *at)
{
    a->base = value - lead;
    *at = lead;
    size_t scheme = sizeof SCHEME - 1;
    if (len <= scheme || memcmp(value, SCHEME, scheme) != 0 || !is_ows(value[scheme]))
        return MALFORMED;
    bool seen[3] = {false, false, false};
    for (size_t i = scheme; i <= len;) {
        /* One item: OWS name '=' value OWS, up to ',' or the end. */
        size_t start = i;
        while (start < len && is_ows(value[start]))
            start++;
        size_t end = start;
        while (end < len && value[end] != ',')
            end++;
        size_t eq = start;
        while (eq < end && value[eq] != '=')
            eq++;
        size_t vend = end;
        while (vend > eq + 1 && is_ows(value[vend - 1]))
            vend--;
        slice name = {value + start, eq - start};
        slice val = {value + eq + 1, eq < end ? vend - eq - 1 : 0};
        int which = same(name, "Access") ? 0 : same(name, "SignedHeaders") ? 1
                  : same(name, "Signature") ? 2 : -1;
        *at = lead + start;
        if (eq == end || which < 0 || val.n == 0)
            return MALFORMED;
        if (seen[which])
            return "Authorization repeats an item";
        seen[which] = true;
        *at = lead + eq + 1;
        if (which == 0) {
            for (size_t k = 0; k < val.n; k++)
                if ((unsigned char)val.p[k] <= ' ' || (unsigned char)val.p[k] >= 0x7F) {
                    *at += k;
                    return "Access holds a character an access key has not";
                }
            a->access = val;
        } else if (which == 1) {
            size_t where;
            const char *bad = check_signed_headers(val, &where);
            if (bad) {
                *at += where;
                return bad;
            }
            a->signed_headers = val;
        } else {
            if (val.n != HEX_SIGNATURE)
                return "Signature is not 64 hex digits";
            for (size_t k = 0; k < APIG_SHA256_BYTES; k++) {
                int hi = apig__hex_value((unsigned char)val.p[2 * k]);
                int lo = apig__hex_value((unsigned char)val.p[2 * k + 1]);
                if (hi < 0 || lo < 0)
                    return "Signature is not 64 hex digits";
                a->signature[k] = (unsigned char)(hi * 16 + lo);
            }
            a->signature_at = *at;
        }
        i = end + 1;
    }
    *at = lead;
    return seen[0] && seen[1] && seen[2] ? NULL : MALFORMED;
}

/* ---- X-Sdk-Date ----------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int32_t days_from_civil(int32_t y, int32_t m, int32_t d)
{
    /* Years 0..9999: 32-bit arithmetic (no 64-bit division on small
     * targets). */
    y -= m <= 2;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* YYYYMMDDTHHMMSSZ into seconds since 1970-01-01T00:00:00Z. */
static bool parse_sdk_date(const char *s, size_t len, int64_t *seconds)
{
    static const char shape[] = "ddddddddTddddddZ";
    if (len != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < len; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    int year = digits(s, 4), month = digits(s + 4, 2), day = digits(s + 6, 2);
    int hour = digits(s + 9, 2), minute = digits(s + 11, 2), second = digits(s + 13, 2);
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > days[month - 1] + (month == 2 && leap))
        return false;
    *seconds = (int64_t)days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
               second;
    return true;
}

/* ---- hashing the canonical request as it is written ------------------------- */

typedef struct sink {
    const apig_crypto *crypto;
    bool failed;
    size_t n;
    unsigned char buf[64];
} sink;

static void flush(sink *k)
{
    if (k->n && !k->failed && k->crypto->sha256_update(k->crypto->state, k->buf, k->n) != 0)
        k->failed = true;
    k->n = 0;
}

static void put_byte(sink *k, unsigned char c)
{
    if (k->n == sizeof k->buf)
        flush(k);
    k->buf[k->n++] = c;
}

static void put(sink *k, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_byte(k, (unsigned char)s[i]);
}

static const char HEX[] = "0123456789abcdef";

static void put_hex(sink *k, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_byte(k, (unsigned char)HEX[d[i] >> 4]);
        put_byte(k, (unsigned char)HEX[d[i] & 15]);
    }
}

static bool is_unreserved(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-' || c == '_' || c == '.' || c == '~';
}

/* A decoded byte as the canonical request writes it. */
static void put_encoded(sink *k, unsigned char c)
{
    static const char UPPER[] = "0123456789ABCDEF";
    if (is_unreserved(c)) {
        put_byte(k, c);
        return;
    }
    put_byte(k, '%');
    put_byte(k, (unsigned char)UPPER[c >> 4]);
    put_byte(k, (unsigned char)UPPER[c & 15]);
}

/* Decodes raw[0..len) (known to decode) and writes it encoded again; a
 * decoded '/' is written as '/' when `slash` (the path's separators).
 * *last: the last byte decoded (unchanged when there is none). */
static void put_recoded(sink *k, const char *raw, size_t len, bool slash, unsigned char *last)
{
    apig__form f = {raw, len, 0, false};
    int b;
    while ((b = apig__form_byte(&f)) >= 0) {
        if (slash && b == '/')
            put_byte(k, '/');
        else
            put_encoded(k, (unsigned char)b);
        *last = (unsigned char)b;
    }
}

/* A query pair: offsets into the query string. */
typedef struct pair {
    size_t start, eq, end; /* eq == end: no '=' (the value is empty) */
} pair;

/* The next non-empty pair of q[0..len) from *at on (a cursor that starts
 * at 0), or false after the last. */
static bool next_pair(const char *q, size_t len, size_t *at, pair *p)
{
    while (*at <= len) {
        size_t start = *at, end = start;
        while (end < len && q[end] != '&')
            end++;
        *at = end + 1;
        if (end > start) {
            size_t eq = start;
            while (eq < end && q[eq] != '=')
                eq++;
            *p = (pair){start, eq, end};
            return true;
        }
    }
    return false;
}

/* Compares the decoded bytes of a[0..an) and b[0..bn) (both known to
 * decode). */
static int compare_decoded(const char *a, size_t an, const char *b, size_t bn)
{
    apig__form x = {a, an, 0, false}, y = {b, bn, 0, false};
    for (;;) {
        int p = apig__form_byte(&x), q = apig__form_byte(&y);
        if (p != q || p < 0)
            return p < q ? -1 : p > q;
    }
}

static size_t value_start(const pair *p)
{
    return p->eq < p->end ? p->eq + 1 : p->end;
}

static int compare_pairs(const char *q, const pair *a, const pair *b)
{
    int c = compare_decoded(q + a->start, a->eq - a->start, q + b->start, b->eq - b->start);
    if (c != 0)
        return c;
    size_t av = value_start(a), bv = value_start(b);
    return compare_decoded(q + av, a->end - av, q + bv, b->end - bv);
}

/* The canonical query: pairs sorted by decoded name, then value. They are
 * taken in order by repeated selection, so that no array of them is kept
 * (check_target bounds their number, and so the quadratic time, and has
 * made sure that every one decodes). */
static void put_query(sink *k, const char *q, size_t len)
{
    size_t n = 0, at = 0;
    pair p;
    while (next_pair(q, len, &at, &p))
        n++;
    pair last = {0, 0, 0};
    for (size_t written = 0; written < n;) {
        /* The least pair after `last`, and how many times it is there. */
        pair least = {0, 0, 0};
        size_t copies = 0;
        at = 0;
        while (next_pair(q, len, &at, &p)) {
            if (written > 0 && compare_pairs(q, &p, &last) <= 0)
                continue;
            int c = copies ? compare_pairs(q, &p, &least) : -1;
            if (c < 0) {
                least = p;
                copies = 1;
            } else if (c == 0) {
                copies++;
            }
        }
        for (; copies > 0; copies--, written++) {
            unsigned char ignored;
            if (written > 0)
                put_byte(k, '&');
            put_recoded(k, q + least.start, least.eq - least.start, false, &ignored);
            put_byte(k, '=');
            put_recoded(k, q + value_start(&least), least.end - value_start(&least), false,
                        &ignored);
        }
        last = least;
    }
}

/* Whether every '%' of s[0..n) has two hex digits after it. */
static bool decodes(const char *s, size_t n)
{
    apig__form f = {s, n, 0, false};
    int b;
    while ((b = apig__form_byte(&f)) >= 0)
        ;
    return b == APIG__FORM_END;
}

/* The query string of the target (after '?', up to '#'), or an empty one. */
static slice query_of(const apig_http_request *rq, size_t path_len)
{
    slice q = {rq->path + path_len, 0};
    if (path_len < rq->path_len && rq->path[path_len] == '?') {
        q.p++;
        while (path_len + 1 + q.n < rq->path_len && q.p[q.n] != '#')
            q.n++;
    }
    return q;
}

/* Everything the canonical request is built from has a canonical form and
 * is within the limits; after this, building it cannot fail (but for the
 * crypto adapter). Returns NULL or what is wrong (*at: where, in
 * Authorization). */
static const char *check_target(const apig_http_request *rq, const authorization *a,
                                size_t *at)
{
    *at = 0;
    if (rq->path_len > APIG_CFG_SIGNED_TARGET_BYTES)
        return "the request target is longer than APIG_CFG_SIGNED_TARGET_BYTES";
    size_t path_len = apig__route_path_len(rq->path, rq->path_len);
    if (!decodes(rq->path, path_len))
        return "the path has a '%' without two hex digits: it has no canonical form";
    slice q = query_of(rq, path_len);
    size_t n = 0, cursor = 0;
    pair p;
    while (next_pair(q.p, q.n, &cursor, &p)) {
        if (++n > APIG_CFG_SIGNED_QUERY_PAIRS)
            return "the query has more pairs than APIG_CFG_SIGNED_QUERY_PAIRS";
        if (!decodes(q.p + p.start, p.end - p.start))
            return "the query has a '%' without two hex digits: it has no canonical form";
    }
    slice list = a->signed_headers;
    size_t list_at = (size_t)(list.p - a->base);
    for (size_t i = 0, start = 0; i <= list.n; i++) {
        if (i < list.n && list.p[i] != ';')
            continue;
        size_t count;
        const apig_header *h = apig__header_find(rq, list.p + start, i - start, &count);
        *at = list_at + start;
        if (count != 1)
            return count ? "a signed header appears more than once"
                         : "a signed header is missing from the request";
        const char *value = h->value ? h->value : "";
        size_t len = h->value ? h->value_len : 0;
        apig__trim_ows(&value, &len);
        if (len > APIG_CFG_SIGNED_HEADER_BYTES)
            return "a signed header is longer than APIG_CFG_SIGNED_HEADER_BYTES";
        start = i + 1;
    }
    *at = 0;
    return NULL;
}

/* ---- the check ---------------------------------------------------------------- */

/* Constant time in the bytes compared: no early exit. */
static bool same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

/* Secrets do not stay on the stack: a volatile store is not optimised
 * away. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = 0;
}

/* The canonical request's hash into digest (check_target has passed).
 * Returns false when the crypto adapter failed. Every hash begun is ended,
 * whatever the adapter answers. */
static bool canonical_hash(const apig_crypto *crypto, const apig_http_request *rq,
                           const authorization *a, unsigned char digest[APIG_SHA256_BYTES])
{
    unsigned char body_hash[APIG_SHA256_BYTES];
    if (crypto->sha256_begin(crypto->state) != 0)
        return false;
    int update = crypto->sha256_update(crypto->state, rq->body, rq->body_len);
    if ((crypto->sha256_end(crypto->state, body_hash) != 0) | (update != 0))
        return false;
    sink k = {crypto, false, 0, {0}};
    if (crypto->sha256_begin(crypto->state) != 0)
        return false;
    put(&k, rq->method, rq->method_len);
    put_byte(&k, '\n');
    size_t path_len = apig__route_path_len(rq->path, rq->path_len);
    unsigned char last = 0;
    put_recoded(&k, rq->path, path_len, true, &last);
    if (last != '/')
        put_byte(&k, '/');
    put_byte(&k, '\n');
    slice q = query_of(rq, path_len);
    put_query(&k, q.p, q.n);
    put_byte(&k, '\n');
    slice list = a->signed_headers;
    for (size_t i = 0, start = 0; i <= list.n; i++) {
        if (i < list.n && list.p[i] != ';')
            continue;
        size_t count;
        const apig_header *h = apig__header_find(rq, list.p + start, i - start, &count);
        const char *value = h->value ? h->value : "";
        size_t len = h->value ? h->value_len : 0;
        apig__trim_ows(&value, &len);
        for (size_t c = start; c < i; c++)
            put_byte(&k, (unsigned char)lower(list.p[c]));
        put_byte(&k, ':');
        put(&k, value, len);
        put_byte(&k, '\n');
        start = i + 1;
    }
    put_byte(&k, '\n');
    for (size_t c = 0; c < list.n; c++)
        put_byte(&k, (unsigned char)lower(list.p[c]));
    put_byte(&k, '\n');
    put_hex(&k, body_hash, sizeof body_hash);
    flush(&k);
    return (crypto->sha256_end(crypto->state, digest) == 0) & !k.failed;
}

/* The string to sign: scheme, date and the canonical request's hash. */
static size_t string_to_sign(const char *date, const unsigned char digest[APIG_SHA256_BYTES],
                             unsigned char *out)
{
    size_t n = 0;
    memcpy(out, SCHEME "\n", sizeof SCHEME);
    n += sizeof SCHEME;
    memcpy(out + n, date, 16);
    n += 16;
    out[n++] = '\n';
    for (size_t i = 0; i < APIG_SHA256_BYTES; i++) {
        out[n++] = (unsigned char)HEX[digest[i] >> 4];
        out[n++] = (unsigned char)HEX[digest[i] & 15];
    }
    return n;
}

/* Verification with the embedder's credentials and crypto. Returns NULL or
 * what is wrong (*header, *at: where). Not inlined: its buffers (the
 * secret, the query's pairs, the hash's) are gone from the stack before
 * the error is recorded (make size). */
static APIG__NOINLINE const char *verify(const apig_decoder *d, const apig_http_request *rq,
                          const authorization *a, const char *date, const char **header,
                          size_t *at)
{
    *header = APIG__AUTHORIZATION;
    const char *bad = check_target(rq, a, at);
    if (bad)
        return bad;
    const apig_crypto *crypto = d->crypto;
    if (!crypto || !crypto->sha256_begin || !crypto->sha256_update || !crypto->sha256_end ||
        !crypto->hmac_sha256)
        return "credentials are set but no crypto adapter is";
    /* The key first: an unknown one costs no hashing. */
    unsigned char secret[APIG_CFG_SECRET_BYTES];
    long secret_len = d->credentials->find_secret
                          ? d->credentials->find_secret(d->credentials->user, a->access.p,
                                                        a->access.n, secret, sizeof secret)
                          : -1;
    if (secret_len < 0 || (unsigned long)secret_len > sizeof secret) {
        *at = (size_t)(a->access.p - a->base);
        bad = "unknown access key";
    }
    unsigned char digest[APIG_SHA256_BYTES];
    if (!bad && !canonical_hash(crypto, rq, a, digest))
        bad = "the crypto adapter failed";
    unsigned char mac[APIG_SHA256_BYTES];
    if (!bad) {
        unsigned char to_sign[sizeof SCHEME + 16 + 1 + HEX_SIGNATURE];
        size_t n = string_to_sign(date, digest, to_sign);
        if (crypto->hmac_sha256(crypto->state, secret, (size_t)secret_len, to_sign, n, mac) != 0)
            bad = "the crypto adapter failed";
        else if (!same_bytes(mac, a->signature, sizeof mac)) {
            *at = a->signature_at;
            bad = "the signature does not match";
        }
    }
    wipe(secret, sizeof secret);
    wipe(mac, sizeof mac);
    return bad;
}

bool apig__check_signature(const apig_decoder *d, const apig_operation *op,
                           const apig_http_request *rq, const apig_header *auth,
                           apig__errors *e)
{
    verdict v = {op->catalog, e};
    const char *value = auth->value ? auth->value : "";
    size_t len = auth->value ? auth->value_len : 0;
    const char *sent = value;
    apig__trim_ows(&value, &len);
    if (len > APIG_CFG_SIGNED_HEADER_BYTES)
        return refuse(&v, APIG__AUTHORIZATION, 0,
                      "Authorization is longer than APIG_CFG_SIGNED_HEADER_BYTES");
    authorization a;
    size_t at;
    const char *bad = parse_authorization(value, len, (size_t)(value - sent), &a, &at);
    if (bad)
        return refuse(&v, APIG__AUTHORIZATION, at, bad);

    size_t count;
    const apig_header *dh = apig__header_find(rq, SDK_DATE, sizeof SDK_DATE - 1, &count);
    if (count != 1)
        return refuse(&v, SDK_DATE, 0,
                      count ? "X-Sdk-Date appears more than once" : "X-Sdk-Date is missing");
    const char *date = dh->value ? dh->value : "";
    size_t date_len = dh->value ? dh->value_len : 0;
    const char *date_sent = date;
    apig__trim_ows(&date, &date_len);
    int64_t signed_at;
    if (!parse_sdk_date(date, date_len, &signed_at))
        return refuse(&v, SDK_DATE, (size_t)(date - date_sent),
                      "X-Sdk-Date is not YYYYMMDDTHHMMSSZ");

    if (!d->credentials)
        return false; /* the form is right; the embedder verifies */
    if (d->now > signed_at + MAX_SKEW_SECONDS || d->now < signed_at - MAX_SKEW_SECONDS)
        return refuse(&v, SDK_DATE, (size_t)(date - date_sent),
                      "X-Sdk-Date is more than 15 minutes from the current time");
    const char *header;
    bad = verify(d, rq, &a, date, &header, &at);
    return bad ? refuse(&v, header, at, bad) : false;
}
