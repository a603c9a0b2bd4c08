/* trace_gravity — synthetic traffic matrices for topologies without measured ones: a gravity
 * model whose total follows a diurnal and weekly shape, seeded and reproducible.
 *
 *   T_ij(t) = S(t) * O_i * I_j / sum_{k != i} I_k      (i != j; rows sum to S(t) * O_i)
 *
 * Masses O_i, I_j are independent Exp(1) draws per node (Roughan, "Simplifying the synthesis
 * of Internet traffic matrices", ACM CCR 35(5), 2005, which found exponential masses fit
 * measured backbone matrices). The shape is
 *
 *   S(t) = base * (1 + A cos(2 pi (h(t) - h_peak) / 24)) * (weekend ? W : 1) * noise_ij(t)
 *
 * with h the hour of day (UTC + utc_offset_h). Defaults are fitted to the SNDlib Abilene
 * 5-minute matrices of 2004-03-01..14 (two full weeks, ../shared/data/sndlib/dynamic; total
 * rate per hour of day and per weekday, normalised by the mean): the hourly mean ranges from
 * 0.80 to 1.20 of the overall mean, so A = 0.20; the peak hour is 20:00 UTC; Saturday and
 * Sunday average 0.80 against 1.08 for weekdays, so W = 0.74. Optional per-demand noise is a
 * log-normal factor with mean 1 (sigma noise_sd; default 0, off). */
#ifndef TRACE_GRAVITY_H
#define TRACE_GRAVITY_H

#include <stdint.h>

#include "trace_tm.h"

typedef struct {
    uint64_t seed;
    int64_t start_ns;      /* time of the first matrix, ns since the epoch (UTC) */
    int64_t interval_ns;   /* matrix spacing (> 0) */
    int64_t duration_ns;   /* series length; count = duration / interval (>= 1) */
    double mean_total_bps; /* mean of S(t) over a week before noise: sets the scale */
    double diurnal_amplitude; /* A, 0..1 */
    double peak_hour;      /* h_peak, 0..24 */
    double weekend_factor; /* W, > 0 */
    double utc_offset_h;   /* local time = UTC + offset, for h(t) and the weekday */
    double noise_sd;       /* sigma of the log-normal per-demand factor; 0 = none */
} trace_gravity_config_t;

/* 2004-03-01 00:00 UTC (a Monday, like the Abilene data the shape is fitted to). */
#define TRACE_GRAVITY_DEFAULT_START_NS (INT64_C(1078099200) * INT64_C(1000000000))

#define TRACE_GRAVITY_CONFIG_DEFAULT                                                         \
    ((trace_gravity_config_t){.seed = 1, .start_ns = TRACE_GRAVITY_DEFAULT_START_NS,         \
                              .interval_ns = INT64_C(3600000000000),                         \
                              .duration_ns = INT64_C(7) * 24 * INT64_C(3600000000000),       \
                              .mean_total_bps = 1e9, .diurnal_amplitude = 0.20,             \
                              .peak_hour = 20.0, .weekend_factor = 0.74,                     \
                              .utc_offset_h = 0.0, .noise_sd = 0.0})

/* A series on the n named nodes. Same seed and names give the same series (masses are drawn
 * per node name, so adding a node does not change the others' masses). The mean over a
 * whole week of S(t) equals mean_total_bps up to the noise. *out owned by the caller. */
vs_err_t trace_gravity(const trace_gravity_config_t *cfg, const char *const *names, size_t n,
                       trace_tm_t **out);

/* The shape factor S(t)/base at time t (for tests and docs); mean over a week = 1. */
double trace_gravity_shape(const trace_gravity_config_t *cfg, int64_t t_ns);

#endif
