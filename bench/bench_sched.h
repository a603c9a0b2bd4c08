/* bench_sched — the scheduler's yardstick: a reproducible instance (sched_gen), one POP
 * drained for maintenance, solved by GLPK's MILP and by the local search side by side. The
 * heuristic should be within 2% of the MILP optimum (or within 0.01 when it is 0) wherever
 * GLPK proves optimality, and never worse than GLPK's incumbent at its time limit. */
#ifndef BENCH_SCHED_H
#define BENCH_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "repro.h"
#include "vs_error.h"

typedef struct {
    uint64_t seed;
    int routers, vrs, pops;
    const char *objective;   /* objective name, "mlu" by default */
    double time_limit_s;     /* GLPK */
    long milp_max_nz;        /* skip the MILP above this many nonzeros (estimate) */
    const char *drain;       /* POP or router to drain; NULL: the first POP */
} bench_sched_config_t;

/* Reproduction target s08-power (REPRODUCE.md): runs the reference study
 * examples/power-abilene.yaml (SNDlib Abilene matrices from ../shared/data; VS_ENOTFOUND,
 * status 3, when they are absent) and judges the intra-POP savings against 18-25%; the
 * inter-POP savings and the unchanged-utilization check are reported beside. */
vs_err_t bench_repro_s08_power(uint64_t seed, repro_result_t *r);

/* Runs the benchmark and builds its JSON (caller owns *out). *ok false when the heuristic
 * misses the 2% / incumbent criterion. */
vs_err_t bench_sched_run(const bench_sched_config_t *cfg, cJSON **out, bool *ok);

#endif
