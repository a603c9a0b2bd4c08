/* run — runs a scenario: every run builds the network on a fresh engine, starts the
 * migrations at their times, and collects each migration's result. Runs differ only in
 * their seed (derived from the scenario's seed and the run number), so the same scenario
 * and seed give byte-identical results. */
#ifndef RUN_H
#define RUN_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "mig.h"
#include "scn.h"
#include "traffic.h"

typedef struct {
    uint64_t seed;     /* overrides the scenario's seed when has_seed */
    bool has_seed;
    int runs;          /* overrides the scenario's runs when > 0 */
    FILE *trace;       /* JSON-lines event trace of the first run, or NULL */
    const char *csv_dir; /* data traffic: write DIR/flows.csv (first run's time series), or NULL */
} run_opts_t;

/* All results: results[run * n_migrations + k] for migration k of run run. */
typedef struct {
    int runs;
    size_t n_migrations;
    mig_result_t *results;
    uint64_t seed;
    tfc_results_t *traffic; /* traffic[run] when the scenario has flows (traffic.h), else NULL */
    cJSON *routing;         /* the first run's {"igp": ...} when the scenario has link events
                               (routing/igp/igp.h), else NULL */
} run_results_t;

/* Runs scn. Fails (status 2) on an impossible migration (no capacity at the destination,
 * incompatible platform, unknown profile), naming it. *out owned by the caller. */
vs_err_t run_scenario(const scn_t *scn, const run_opts_t *opts, run_results_t **out);
void run_results_free(run_results_t *r);
/* The checks run_scenario makes before running, alone (for `vroomsim validate`). */
vs_err_t run_check(const scn_t *scn);

#endif
