/* sim_stats — statistics a model keeps while it runs: plain tallies (count, mean, variance,
 * min, max), time-weighted means of a piecewise-constant value, and sample sets for
 * percentiles. All are plain structs the owner embeds; sample sets own a heap buffer. */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

/* Tally of observations (Welford's method for the variance). */
typedef struct {
    uint64_t n;
    double mean, m2, min, max, sum;
} sim_tally_t;

void sim_tally_init(sim_tally_t *t);
void sim_tally_add(sim_tally_t *t, double x);
double sim_tally_mean(const sim_tally_t *t);     /* 0 when empty */
double sim_tally_variance(const sim_tally_t *t); /* sample variance; 0 when n < 2 */

/* The p-quantile (0 < p < 1) of Student's t distribution with df > 0 degrees of freedom:
 * sim_t_quantile(0.975, n - 1) is the factor of a two-sided 95% confidence interval of a
 * mean of n samples. Accurate to 1e-9 relative; NAN outside the domain. */
double sim_t_quantile(double p, double df);

/* Time-weighted mean of a value that changes at instants (queue length, link load). */
typedef struct {
    sim_time_t start, last;
    double value, area, min, max;
} sim_twmean_t;

void sim_twmean_init(sim_twmean_t *w, sim_time_t start, double value);
void sim_twmean_set(sim_twmean_t *w, sim_time_t now, double value);
/* Mean over [start, now]; the current value when no time has passed. */
double sim_twmean_mean(const sim_twmean_t *w, sim_time_t now);

/* Stored samples for percentiles. */
typedef struct {
    double *v;
    size_t n, cap;
    int sorted;
} sim_samples_t;

void sim_samples_init(sim_samples_t *s);
void sim_samples_free(sim_samples_t *s);
vs_err_t sim_samples_add(sim_samples_t *s, double x);
/* p in [0, 100]; linear interpolation between closest ranks (the "R-7" definition).
 * Sorts the samples in place the first time (O(n log n)). 0 when empty. */
double sim_samples_percentile(sim_samples_t *s, double p);

#endif
