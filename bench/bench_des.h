/* bench_des — the engine's yardstick, the hold model: N events pending; each fired event
 * schedules one new event at now + an increment rounded to whole nanoseconds (at least 1);
 * stop after M events in total. Run on the engine and on a reference (an implicit 4-ary
 * min-heap of 16-byte (time, sequence) keys, no payload, same flags, same increments).
 * Both run BENCH_DES_ROUNDS times, alternating which goes first; the medians are reported
 * (the machines here are shared and noisy). */
#ifndef BENCH_DES_H
#define BENCH_DES_H

#include <stdint.h>

#include "vs_error.h"

#define BENCH_DES_ROUNDS 3

typedef enum {
    BENCH_DIST_EXP,   /* Exp(mean 1 us) */
    BENCH_DIST_TIMERS /* Exp(mean 1 us) w.p. 0.9, else Uniform(1 s, 60 s) */
} bench_dist_t;

typedef struct {
    uint64_t pending, events, seed;
    bench_dist_t dist;
} bench_des_config_t;

typedef struct {
    double engine_events_per_sec, reference_events_per_sec;
    double engine_seconds, reference_seconds; /* medians over the rounds */
    uint64_t engine_checksum, reference_checksum; /* sum of fired times: both must agree */
} bench_des_result_t;

vs_err_t bench_des_run(const bench_des_config_t *cfg, bench_des_result_t *out);

#endif
