/* SPDX-License-Identifier: MIT */
/*
 * harness.h - the driver every bench binary shares (harness.c). A binary
 * is one library (jansson and json-c export functions of the same names,
 * so each has its own) and lists its implementations; the harness runs
 * them on the bodies (model.h) in one of three modes:
 *
 *   bench_X --mode check
 *       every decode implementation must accept every body and extract the
 *       struct the body was made from; every encoder must write what the
 *       memcpy floor writes; then the rejected bodies: which each one
 *       refuses (weight 101 must be refused by all). Exit 1 on a failure.
 *   bench_X --mode wall [--runs R] [--ms T]
 *       per row, iterations calibrated to about T ms, then R timed runs
 *       (wall clock), the rows interleaved run by run; a run during which
 *       the thread was off the CPU more than 3% of the time (another
 *       process on the core) is run again; prints the median per row:
 *       task body impl bytes ns_per_op mb_per_s (TSV).
 *   bench_X --mode callgrind [--kib K]
 *       under valgrind --tool=callgrind --instr-atstart=no: per row, one
 *       untimed iteration (lazy binding, first allocations), then about K
 *       KiB of input (decode) or output (encode) between
 *       CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT("task/body/impl");
 *       prints task body impl bytes iterations (TSV). bench/run.sh reads
 *       the instruction count of each dump.
 *
 * --only BODY limits any mode to one body.
 */
#ifndef APIG_BENCH_HARNESS_H
#define APIG_BENCH_HARNESS_H

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_impl {
    const char *name; /* as in the table: apig, jsmn-tokenize, cjson, ... */
    /* Decode rows (NULL: none). prepare runs before a body's rows, outside
     * the measure (capacity, token budget); decode parses, extracts and
     * checks, and returns 0 when the body is accepted; decoded gives the
     * last accepted body as a bench_create (NULL: not comparable, e.g.
     * the tokenizer alone). */
    void (*decode_prepare)(const bench_body *b);
    int (*decode)(const char *text, size_t len);
    void (*decoded)(bench_create *out);
    /* Encode rows (NULL: none). prepare converts the page, outside the
     * measure, and returns false when the implementation cannot write this
     * style (ascii); encode writes into buf[0..cap) and returns the length
     * (>= cap, or (size_t)-1: failed). */
    bool (*encode_prepare)(const bench_page *p, bool ascii);
    size_t (*encode)(char *buf, size_t cap);
} bench_impl;

/* Runs the binary. capacity: only the bodies whose apig capacity is this
 * (the apig binaries are built for one); 0: every body. */
int bench_main(int argc, char **argv, const bench_impl *impls, size_t count, unsigned capacity);

#ifdef __cplusplus
}
#endif

#endif
