/* bench_fluid — speed of the fluid (max-min fair, flow-level) mode (models/traffic/fluid.h): a day of
 * gravity traffic (traces/trace_gravity.h) on the Topology Zoo's largest network, Kdl (754
 * nodes): one flow per ordered pair of POPs routed on shortest paths, 24 hourly matrices,
 * every flow re-rated and all rates recomputed at each hour. Issue target: under 10 s. */
#ifndef BENCH_FLUID_H
#define BENCH_FLUID_H

#include <stddef.h>

#include "vs_error.h"

/* Default offered load: the mean total demand is 5% of the summed capacity of all link
 * directions. With the gravity model's skew and multi-hop paths this fills a few tens of
 * links at the daily peak, so max-min fairness has work to do (a choice for the benchmark,
 * reported with the results). */
#define BENCH_FLUID_LOAD 0.05

typedef struct {
    const char *topology;     /* GraphML path; NULL = the bundled Kdl.graphml */
    int hours;                /* 24 */
    double load;              /* mean total demand / total link capacity (both directions);
                               * 0: BENCH_FLUID_LOAD */
} bench_fluid_config_t;

#define BENCH_FLUID_CONFIG_DEFAULT {.hours = 24, .load = BENCH_FLUID_LOAD}

typedef struct {
    size_t nodes, pops, links, flows, path_entries;
    int hours;
    size_t saturated_links_max; /* most links full in one hour */
    double rate_sum_min_bps, rate_sum_max_bps, demand_sum_max_bps;
    double seconds, load_seconds, solve_seconds; /* wall clock */
    double cpu_seconds;       /* process CPU time of the whole run (other jobs excluded) */
} bench_fluid_result_t;

vs_err_t bench_fluid_run(const bench_fluid_config_t *cfg, bench_fluid_result_t *out);

#endif
