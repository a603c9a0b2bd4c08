/* sched_maint — the maintenance task as `vroomsim plan maintenance` runs it (docs/scheduler.md):
 * the instance (a topology with the busiest interval of a traffic series, or a synthetic one),
 * the routers or POPs drained, the placement solved, the moves sequenced, and the JSON
 * result. The command adds the plan file, --simulate and the printing; sweeps (study/) take
 * the JSON. */
#ifndef SCHED_MAINT_H
#define SCHED_MAINT_H

#include <cjson/cJSON.h>

#include "sched_eval.h"
#include "sched_result.h"
#include "sched_seq.h"
#include "sched_topo.h"

#define SCHED_MAINT_MAX_DRAIN 256

typedef struct {
    char topology[1024];    /* FILE or builtin:NAME; empty: builtin:abilene */
    char generate[64];      /* "ROUTERS:VRS[:POPS]": a synthetic instance instead */
    int routers_per_pop;    /* 0: the topology default */
    char tm[1024];          /* SNDlib path or gravity; empty: gravity */
    int64_t interval_ns;    /* 0: the default */
    double headroom;        /* <= 0: the default */
    double stretch;         /* 0: no latency bound */
    char drain_text[4096];  /* the names drained, each NUL-ended, drain[] pointing in */
    const char *drain[SCHED_MAINT_MAX_DRAIN];
    int n_drain;
    sched_solve_opts_t so;
} sched_maint_config_t;

/* A solved maintenance: everything the JSON and the printing read. */
typedef struct {
    sched_inst_t *inst;
    sched_topo_t *topo; /* NULL for a synthetic instance (then inst is its own) */
    sched_result_t r;
    int *home;
    sched_metrics_t before, after;
    sched_seq_t *seq;
} sched_maint_t;

/* The command's defaults: MLU objective, auto solver, the default time limit, seed 1. */
void sched_maint_defaults(sched_maint_config_t *c);
/* One option by its name without "--" (drain: names separated by commas, added to those
 * given; topology, generate, routers-per-pop, tm, interval, headroom, stretch, solver,
 * objective, time-limit), read and checked as the command reads it (VS_EUSAGE naming it). */
vs_err_t sched_maint_option(sched_maint_config_t *c, const char *name, const char *value);
/* Builds, drains, solves and sequences. Fails (status 2) without anything drained, on
 * --topology with --generate, and as the solver does (an infeasible drain names the VR). *m:
 * sched_maint_free, also after a failure. */
vs_err_t sched_maint_solve(const sched_maint_config_t *c, sched_maint_t *m);
/* The JSON result (schema 1; the command's --json): *out, the caller frees. */
vs_err_t sched_maint_json(const sched_maint_config_t *c, const sched_maint_t *m, cJSON **out);
void sched_maint_free(sched_maint_t *m);

#endif
