/* bench_n1 — speed of the N-1 check (sched/sched_n1.h) on a large network: the Topology
 * Zoo's Kdl (754 POPs, bench_data.h) with one router per POP and one VR each, the gravity
 * traffic matrix's busiest hour as demands, Chicago drained by the local search, and every
 * wave of the plan checked against every single router and link failure. Issue target:
 * under 10 s. */
#ifndef BENCH_N1_H
#define BENCH_N1_H

#include "vs_error.h"

#define BENCH_N1_REPEATS 5

typedef struct {
    const char *topology; /* NULL: Kdl */
    const char *drain;    /* NULL: "Chicago" */
    int repeats;          /* 0: BENCH_N1_REPEATS; the median is reported */
} bench_n1_config_t;

typedef struct {
    int nodes, links, vrs, vlinks, waves;
    int checked, violations;          /* the same in every repeat */
    double seconds_median, seconds_min, seconds_max; /* the check alone, wall */
    double cpu_seconds_median;        /* the check alone, process CPU */
    double build_seconds;             /* instance, traffic and plan, once */
} bench_n1_result_t;

/* VS_ECHECK when two repeats disagree. */
vs_err_t bench_n1_run(const bench_n1_config_t *cfg, bench_n1_result_t *out);

#endif
