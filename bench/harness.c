/* SPDX-License-Identifier: MIT */
/* harness.c - the driver: see harness.h. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <valgrind/callgrind.h>

/* Bytes readable (zeroed) after every text handed to decode: simdjson
 * reads up to SIMDJSON_PADDING (64) past the end. */
#define PAD 256

static const char *const encode_bodies[] = {"2", "20", "200", "1000", "200-escaped"};
#define ENCODE_BODIES (sizeof encode_bodies / sizeof encode_bodies[0])

typedef struct row {
    const char *task;
    const bench_body *body;
    const bench_impl *impl;
    const char *text;       /* decode: the body */
    size_t len;             /* decode: its length */
    const bench_page *page; /* encode */
    bool ascii;
    size_t bytes;           /* input (decode) or output (encode) bytes */
    long iters;
    double ns[64];
} row;

static volatile size_t sink;
static char out[BENCH_TEXT_CAP];
static char scratch[BENCH_TEXT_CAP];
static bench_create expect, got;

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(1);
}

static void *xalloc(size_t n)
{
    void *p = calloc(1, n);
    if (!p)
        die("out of memory");
    return p;
}

static char *padded(const char *s, size_t n)
{
    char *p = xalloc(n + PAD);
    memcpy(p, s, n);
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time of this thread: what it ran of the wall-clock time. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A run the thread spent less than this share of on the CPU was disturbed
 * (another process ran on the core): it is run again, up to ATTEMPTS
 * times, and else the least disturbed attempt is kept. */
#define ON_CPU 0.97
#define ATTEMPTS 20

/* Sets up the row's implementation for it (outside any measure). */
static void prepare(const row *r)
{
    if (r->page) {
        if (!r->impl->encode_prepare(r->page, r->ascii))
            die("encode_prepare failed");
    } else {
        r->impl->decode_prepare(r->body);
    }
}

/* k iterations of the row; returns how many failed (must be 0). */
static long run(const row *r, long k)
{
    long failed = 0;
    if (r->page) {
        for (long i = 0; i < k; i++) {
            size_t n = r->impl->encode(out, sizeof out);
            failed += n != r->bytes;
            sink += n;
        }
    } else {
        for (long i = 0; i < k; i++)
            failed += r->impl->decode(r->text, r->len) != 0;
    }
    return failed;
}

static void run_checked(const row *r, long k)
{
    if (run(r, k) != 0) {
        fprintf(stderr, "bench: %s %s %s failed while measured\n", r->task, r->body->name, r->impl->name);
        exit(1);
    }
}

/* Output equal to the floor's, but for the case of \u escapes' hex. */
static bool same_output(const char *a, const char *b, size_t n)
{
    return strncasecmp(a, b, n) == 0;
}

/* --mode check: see harness.h. */
static int check(row *rows, size_t nrows, const bench_impl *impls, size_t count, const bench_body *any)
{
    int failed = 0;
    for (size_t i = 0; i < nrows; i++) {
        row *r = &rows[i];
        prepare(r);
        if (!r->page) {
            bench_body_make(r->body, scratch, sizeof scratch, &expect);
            if (r->impl->decode(r->text, r->len) != 0) {
                fprintf(stderr, "check: %s refuses body %s\n", r->impl->name, r->body->name);
                failed = 1;
                continue;
            }
            if (r->impl->decoded) {
                const char *why = "";
                size_t at;
                memset(&got, 0, sizeof got);
                r->impl->decoded(&got);
                if ((at = bench_create_diff(&expect, &got, &why)) != 0) {
                    fprintf(stderr, "check: %s decodes body %s wrong: member %zu, %s\n", r->impl->name,
                            r->body->name, at - 1, why);
                    failed = 1;
                }
            }
        } else {
            size_t want = bench_memcpy_write(r->page, r->ascii, scratch);
            size_t n = r->impl->encode(out, sizeof out);
            if (n != want || !same_output(out, scratch, n)) {
                fprintf(stderr, "check: %s encodes page %s other than the floor: %zu bytes, floor %zu\n",
                        r->impl->name, r->body->name, n, want);
                failed = 1;
            }
        }
    }
    /* The invalid bodies. */
    for (size_t k = 0; k < count; k++) {
        const bench_impl *im = &impls[k];
        if (!im->decode || !im->decoded)
            continue;
        char let[4096] = "";
        size_t refused = 0, ln = 0;
        for (size_t j = 0; j < bench_reject_count; j++) {
            size_t n = strlen(bench_rejects[j].body);
            char *t = padded(bench_rejects[j].body, n);
            im->decode_prepare(any);
            if (im->decode(t, n) != 0)
                refused++;
            else if (j == 0) {
                fprintf(stderr, "check: %s accepts %s\n", im->name, bench_rejects[j].what);
                failed = 1;
            } else
                ln += (size_t)snprintf(let + ln, ln < sizeof let ? sizeof let - ln : 0, "%s%s", ln ? "; " : "",
                                       bench_rejects[j].what);
            free(t);
        }
        printf("check: %-8s refuses %zu of %zu invalid bodies%s%s\n", im->name, refused, bench_reject_count,
               ln ? "; accepts: " : "", let);
    }
    if (!failed)
        printf("check: %zu rows: bodies accepted and decoded as made, pages written as the floor writes them\n",
               nrows);
    return failed;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int bench_main(int argc, char **argv, const bench_impl *impls, size_t count, unsigned capacity)
{
    const char *mode = "check", *only = NULL;
    int runs = 7;
    double ms = 10;
    long kib = 256;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--mode"))
            mode = argv[i + 1];
        else if (!strcmp(argv[i], "--only"))
            only = argv[i + 1];
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--ms"))
            ms = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--kib"))
            kib = atol(argv[i + 1]);
        else
            argc = 0;
    }
    if (argc % 2 != 1 || runs < 1 || runs > 64 || ms <= 0 || kib < 1 ||
        (strcmp(mode, "check") && strcmp(mode, "wall") && strcmp(mode, "callgrind"))) {
        fprintf(stderr, "usage: %s [--mode check|wall|callgrind] [--only BODY] [--runs 1..64] [--ms T] [--kib K]\n",
                argv[0]);
        return 2;
    }

    /* The rows: decode bodies, then encode pages, in the table's order. */
    size_t cap_rows = (bench_body_count + ENCODE_BODIES) * count, nrows = 0;
    row *rows = xalloc(cap_rows * sizeof *rows);
    const bench_body *any = NULL;
    for (size_t b = 0; b < bench_body_count; b++) {
        const bench_body *body = &bench_bodies[b];
        if ((capacity && body->capacity != capacity) || (only && strcmp(only, body->name)))
            continue;
        any = any ? any : body;
        size_t len = bench_body_make(body, scratch, sizeof scratch, NULL);
        char *text = padded(scratch, len);
        for (size_t k = 0; k < count; k++)
            if (impls[k].decode)
                rows[nrows++] = (row){"decode", body, &impls[k], text, len, NULL, false, len, 0, {0}};
    }
    for (size_t e = 0; e < ENCODE_BODIES; e++) {
        const bench_body *body = bench_body_find(encode_bodies[e]);
        if ((capacity && body->capacity != capacity) || (only && strcmp(only, body->name)))
            continue;
        bench_page *page = xalloc(sizeof *page);
        bool ascii;
        bench_page_make(body->name, page, &ascii);
        size_t bytes = bench_memcpy_write(page, ascii, scratch);
        for (size_t k = 0; k < count; k++)
            if (impls[k].encode && impls[k].encode_prepare(page, ascii))
                rows[nrows++] = (row){"encode", body, &impls[k], NULL, 0, page, ascii, bytes, 0, {0}};
    }
    if (!any)
        die("no body for this binary");

    if (!strcmp(mode, "check"))
        return check(rows, nrows, impls, count, any);

    if (!strcmp(mode, "callgrind")) {
        CALLGRIND_START_INSTRUMENTATION;
        for (size_t i = 0; i < nrows; i++) {
            row *r = &rows[i];
            long k = (long)((size_t)kib * 1024 / r->bytes) + 1;
            char label[128];
            snprintf(label, sizeof label, "%s/%s/%s", r->task, r->body->name, r->impl->name);
            prepare(r);
            run_checked(r, 1);
            CALLGRIND_ZERO_STATS;
            run_checked(r, k);
            CALLGRIND_DUMP_STATS_AT(label);
            printf("%s\t%s\t%s\t%zu\t%ld\n", r->task, r->body->name, r->impl->name, r->bytes, k);
        }
        CALLGRIND_STOP_INSTRUMENTATION;
        return 0;
    }

    /* wall: calibrate each row to about `ms`, then the runs interleaved. */
    for (size_t i = 0; i < nrows; i++) {
        row *r = &rows[i];
        long k = 1;
        prepare(r);
        for (;;) {
            double t0 = now();
            run_checked(r, k);
            double dt = now() - t0;
            if (dt >= ms / 4e3 || k > (1L << 40)) {
                r->iters = (long)((double)k * ms / 1e3 / dt) + 1;
                break;
            }
            k *= 2;
        }
    }
    long disturbed = 0;
    for (int run_no = 0; run_no < runs; run_no++) {
        for (size_t i = 0; i < nrows; i++) {
            row *r = &rows[i];
            double best_share = -1;
            for (int a = 0; a < ATTEMPTS && best_share < ON_CPU; a++) {
                prepare(r);
                run_checked(r, 1);
                double c0 = cpu_now(), t0 = now();
                run_checked(r, r->iters);
                double dt = now() - t0, share = (cpu_now() - c0) / dt;
                if (share > best_share) {
                    best_share = share;
                    r->ns[run_no] = dt * 1e9 / (double)r->iters;
                }
            }
            disturbed += best_share < ON_CPU;
        }
    }
    if (disturbed)
        fprintf(stderr, "%s: %ld of %zu runs disturbed %d times in a row (the CPU is shared): least disturbed kept\n",
                argv[0], disturbed, nrows * (size_t)runs, ATTEMPTS);
    for (size_t i = 0; i < nrows; i++) {
        row *r = &rows[i];
        qsort(r->ns, (size_t)runs, sizeof r->ns[0], cmp_double);
        double med = runs % 2 ? r->ns[runs / 2] : (r->ns[runs / 2 - 1] + r->ns[runs / 2]) / 2;
        printf("%s\t%s\t%s\t%zu\t%.1f\t%.1f\n", r->task, r->body->name, r->impl->name, r->bytes, med,
               (double)r->bytes / med * 1e3);
    }
    return 0;
}
