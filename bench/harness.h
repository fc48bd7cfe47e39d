/*
 * harness.h - the common part of every bench binary: the request body, the
 * timing loop and the command line. Each bench_*.c defines `workloads` and
 * includes this once; each library gets its own binary because jansson and
 * json-c export functions of the same names.
 *
 *   bench_X [--members N] [--iters K] [--only NAME]
 *
 * Prints one line per workload: bytes, ns/byte, MB/s over K iterations.
 * bench/run.sh adds callgrind instruction counts. Nothing here is a test.
 */
#ifndef APIG_BENCH_HARNESS_H
#define APIG_BENCH_HARNESS_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct workload {
    const char *name;
    void (*run)(const char *body, size_t len);
} workload;

static volatile size_t sink;

/* A realistic body: N members alternating ip and ecs style, like the
 * document's two examples. */
static size_t make_body(char *buf, size_t cap, int members)
{
    size_t n = (size_t)snprintf(buf, cap, "{\"members\":[");
    for (int i = 0; i < members; i++)
        n += (size_t)snprintf(buf + n, cap - n,
                              i % 2 ? "%s{\"ecs_id\":\"1082720c-3c15-409c-9ae3-%012d\",\"ecs_name\":\"APIGtest%02d\",\"weight\":%d}"
                                    : "%s{\"host\":\"192.168.%d.%d\",\"weight\":%d}",
                              i ? "," : "", i % 2 ? i : i / 250, i % 2 ? i % 100 : i % 250, i % 101);
    n += (size_t)snprintf(buf + n, cap - n, "]}");
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the selected workloads; `prepare` (may be NULL) sees the body first. */
static int bench_main(int argc, char **argv, const workload *w, size_t count,
                      int max_members, void (*prepare)(const char *, size_t))
{
    int members = max_members, iters = 2000;
    const char *only = NULL;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            return fprintf(stderr, "usage: %s [--members N] [--iters K] [--only NAME]\n", argv[0]), 2;
        if (!strcmp(argv[i], "--members"))
            members = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--iters"))
            iters = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--only"))
            only = argv[i + 1];
        else
            return fprintf(stderr, "usage: %s [--members N] [--iters K] [--only NAME]\n", argv[0]), 2;
    }
    if (members < 1 || members > max_members || iters < 0)
        return fprintf(stderr, "%s: members 1..%d, iters >= 0\n", argv[0], max_members), 2;
    static char body[1 << 20];
    size_t n = make_body(body, sizeof body, members);
    if (prepare)
        prepare(body, n);
    for (size_t k = 0; k < count; k++) {
        if (only && strcmp(only, w[k].name))
            continue;
        double t0 = now();
        for (int i = 0; i < iters; i++)
            w[k].run(body, n);
        double dt = now() - t0;
        if (iters > 0)
            printf("%-22s members=%-4d bytes=%-7zu %8.2f ns/byte %9.1f MB/s\n", w[k].name, members, n,
                   dt * 1e9 / ((double)iters * (double)n), (double)iters * (double)n / dt / 1e6);
    }
    return 0;
}

#endif
