/* bench_sched — the scheduler's yardstick: a reproducible instance (sched_gen), one POP
 * drained for maintenance, solved by the local search, GLPK's MILP and CBC's side by side,
 * beside the MILP's LP relaxation. The heuristic should be within 2% of the optimum (or within
 * 0.01 when it is 0) wherever a MILP solver proves optimality, and never worse than the best
 * MILP incumbent otherwise; whether the objective binds (the optimum 10% or more above the
 * value before the drain) is reported. */
#ifndef BENCH_SCHED_H
#define BENCH_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "repro.h"
#include "vs_error.h"

/* Which instance: spare (links in 40/100 Gbps steps, at most 50% at home: the optimum is
 * usually the value before the drain, so any feasible placement is optimal), tight (every
 * loaded link exactly at 50% at home, headroom 1: the drained VRs' traffic must raise the
 * MLU) and
 * cpu-bound (every router's CPU at the same load at home: the drained VRs' CPU must raise the
 * maximum; objective cpu by default). */
typedef enum { BENCH_SCHED_SPARE, BENCH_SCHED_TIGHT, BENCH_SCHED_CPU_BOUND } bench_sched_kind_t;

vs_err_t bench_sched_kind_parse(const char *text, bench_sched_kind_t *out);

typedef struct {
    uint64_t seed;
    bench_sched_kind_t kind;
    int routers, vrs, pops;
    const char *objective;   /* objective name; NULL: mlu (cpu for cpu-bound) */
    double time_limit_s;     /* each MILP solver's */
    long milp_max_nz;        /* skip the MILP above this many nonzeros (estimate) */
    const char *drain;       /* POP or router to drain; NULL: the first POP */
} bench_sched_config_t;

/* Reproduction target s08-power (REPRODUCE.md): runs the reference study
 * examples/power-abilene.yaml (SNDlib Abilene matrices from ../shared/data; VS_ENOTFOUND,
 * status 3, when they are absent) and judges the intra-POP savings against 18-25%; the
 * inter-POP savings and the unchanged-utilization check are reported beside. */
vs_err_t bench_repro_s08_power(uint64_t seed, repro_result_t *r);

/* Runs the benchmark and builds its JSON (caller owns *out). *ok false when the heuristic
 * misses the 2% / incumbent criterion. The MILP solvers run cold (no start). */
vs_err_t bench_sched_run(const bench_sched_config_t *cfg, cJSON **out, bool *ok);

#endif
