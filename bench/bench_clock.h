/* bench_clock — the measurement scaffolding the benchmarks share: wall-clock and process-CPU
 * seconds, and the median of repeated measurements. What comes from here is timing (it goes
 * under "timing" in JSON), never a result. */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include <stddef.h>

/* Seconds of CLOCK_MONOTONIC: differences are wall-clock durations. */
double bench_wall_s(void);
/* Seconds of this process's CPU time (CLOCK_PROCESS_CPUTIME_ID): what other jobs on the
 * machine do not inflate. */
double bench_cpu_s(void);
/* Sorts v[0..n) (n >= 1) in place and returns its median (the mean of the middle two when n
 * is even); after it v[0] is the minimum and v[n - 1] the maximum. O(n log n). */
double bench_median(double *v, size_t n);

#endif
