/* bench_paths — speed of loading and running a scenario on a large substrate, where every
 * flow and every path question goes through the shortest-path service (scn_graph.h): the
 * Topology Zoo's Kdl (754 POPs) with two routers per POP and one VR per POP, 2,000 fluid
 * flows of 50 Mbps between VR pairs drawn with seed 1, and one migration (Sedalia's VR to
 * the spare router of its POP at 10 s). The scenario is generated here, deterministically;
 * --scenario writes it out for `vroomsim run`. Issue target: under 3 s. */
#ifndef BENCH_PATHS_H
#define BENCH_PATHS_H

#include <stddef.h>

#include "vs_error.h"

#define BENCH_PATHS_REPEATS 5
#define BENCH_PATHS_FLOWS 2000

typedef struct {
    const char *topology;       /* GraphML path; NULL = the bundled Kdl.graphml */
    int repeats;                /* 0: BENCH_PATHS_REPEATS; the median is reported */
    int flows;                  /* 0: BENCH_PATHS_FLOWS */
    const char *scenario_out;   /* write the generated scenario here too, or NULL */
    const char *const *sets;    /* PATH=VALUE settings over the generated scenario (scn_set.h) */
    size_t n_sets;
} bench_paths_config_t;

typedef struct {
    size_t prouters, links, vrouters, vlinks, flows;
    double offered_bps, delivered_bps; /* summed over flows (first run; all runs agree) */
    double seconds_median, seconds_min, seconds_max; /* wall: load + run */
    double load_seconds_median, run_seconds_median;
    double cpu_seconds_median;
    double convergence_s;      /* routing.igp: the first event's, when the settings add one */
} bench_paths_result_t;

/* Fails with VS_ECHECK when two runs give different results (JSON less nothing: a
 * simulation has no timing keys), VS_ENOTFOUND when the topology is missing. */
vs_err_t bench_paths_run(const bench_paths_config_t *cfg, bench_paths_result_t *out);

#endif
