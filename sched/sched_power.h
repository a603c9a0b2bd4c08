/* sched_power — the power-savings task (seed 001 Section 3.3 and Section 7: as traffic falls at
 * night, VRs move onto fewer physical routers and the rest are powered down; granularity one
 * hour, following hourly traffic matrices; electricity price by location) and the
 * traffic-engineering task (fewest migrations bringing the maximum link utilization under a
 * target), both over a topology and a traffic-matrix series.
 *
 * "At unchanged link utilization" (Section 3.3) is enforced, not assumed: with ceiling auto
 * every inter-POP link may carry at most the utilization it reaches in the all-on network
 * over the whole series, and every access link of a POP at most the highest utilization any
 * access link of that POP reaches there. Hysteresis: a router switched on stays on for `hold`
 * intervals (it is not flapped), each interval starts from the previous placement, and among
 * equally good placements the one with fewer migrations wins. */
#ifndef SCHED_POWER_H
#define SCHED_POWER_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "sched_solve.h"
#include "sched_topo.h"

typedef struct {
    char name[128];
    char topology[1024];   /* FILE or builtin:NAME */
    char tm[1024];         /* SNDlib path, or "gravity" */
    int64_t interval_ns;   /* planning interval */
    int64_t duration_ns;   /* gravity series length (SNDlib: the whole series) */
    sched_topo_config_t topo;
    double ceiling;        /* 0 = auto (see above); else one utilization for every link */
    int hold;              /* intervals a switched-on router stays on */
    sched_scope_t scope;   /* pop: intra-POP consolidation (the paper's 18-25% case) */
    bool inter_pop_too;    /* also run scope any and report it beside */
    double gravity_mean_bps, gravity_amplitude, gravity_peak_hour, gravity_weekend;
    double stretch;        /* latency bound factor for moves across POPs (0 none) */
    sched_solve_opts_t solve;
    bool check_n1;         /* te: check the plan's waves against single failures (sched_n1.h) */
    bool survive_n1;       /* te: repair the placement for single failures (sched_n1.h) */
} sched_power_config_t;

/* The gravity/diurnal default's scale: the busiest inter-POP link of the all-on network
 * peaks at 50% utilization, the head room ISPs typically keep (seed 001 Section 7 says they
 * leave head room; the 50% figure is an assumption). */
#define SCHED_GRAVITY_PEAK_MLU 0.5

/* Loads the series c->tm (SNDlib path or "gravity") for st's topology, aggregated to
 * c->interval_ns, and sets st's demands to its busiest interval (largest total). For
 * maintenance. */
vs_err_t sched_traffic_busiest(const sched_power_config_t *c, sched_topo_t *st);
/* The same, and that interval's demands between POPs (demand inside a POP dropped, as the
 * planner drops it) written to path as an SNDlib matrix (trace_tm_scn.h), which a plan's
 * `traffic:` replays; its start and length in *time_ns, *interval_ns. */
vs_err_t sched_traffic_busiest_save(const sched_power_config_t *c, sched_topo_t *st, const char *path,
                                    int64_t *time_ns, int64_t *interval_ns);

/* Defaults: builtin:abilene, gravity/diurnal traffic over one day in 1 h intervals, the
 * gravity shape fitted by traces/trace_gravity.h, ceiling auto, hold 2, scope pop, inter-POP
 * reported beside, stretch 2 for inter-POP moves. */
extern const sched_power_config_t SCHED_POWER_CONFIG_DEFAULT;

/* Reads a study file (docs/scheduler.md, examples/power-*.yaml) over the defaults in *c.
 * Errors name file:line:col. */
vs_err_t sched_power_study_load(const char *path, sched_power_config_t *c);
/* The same, the file's values first changed by sets[0..n_sets) ("KEY.KEY=VALUE",
 * vs_ydoc_set_keys: `plan power --study FILE --set hold=3 --set router.linecards=8`), each
 * checked as if written in the file; errors name the setting. */
vs_err_t sched_power_study_load_set(const char *path, const char *const *sets, size_t n_sets,
                                    sched_power_config_t *c);

/* One `plan power` option by its name without "--" (SCHED_POWER_OPTIONS: topology, tm,
 * interval, days, routers-per-pop, hold, ceiling, scope, solver, time-limit), read and checked
 * as the command reads it, over *c. Errors (VS_EUSAGE, status 2) name the option and the value;
 * an unknown name lists the options. For the command and for sweeps (study/). */
vs_err_t sched_power_option(sched_power_config_t *c, const char *name, const char *value);
extern const char *const SCHED_POWER_OPTIONS[];
/* The same for `plan te` (SCHED_TE_OPTIONS): target-mlu into *target, objective, stretch, and
 * the substrate, traffic and solver options plan power shares. */
vs_err_t sched_te_option(sched_power_config_t *c, double *target, const char *name,
                         const char *value);
extern const char *const SCHED_TE_OPTIONS[];

/* Runs the study; *out is the JSON result (caller owns): per interval routers and line cards
 * on, power, cost, migrations; totals against the all-on baseline with savings_percent. */
vs_err_t sched_power_run(const sched_power_config_t *c, cJSON **out);
void sched_power_print(const cJSON *result, FILE *out);

/* Traffic engineering on the busiest interval of the series: all VRs movable (within
 * c->scope), link utilization capped at target, objective c->solve.objective (migrations by
 * default). Writes the sequenced plan to plan_path when not NULL. */
vs_err_t sched_te_run(const sched_power_config_t *c, double target, const char *plan_path,
                      cJSON **out);

/* Measures the durations of the migrations of the plan written at plan_path (n of them, in
 * plan order), e.g. by simulating it (the CLI's --simulate; sched/ may not call the
 * simulator itself). */
typedef vs_err_t (*sched_plan_timer_fn)(void *ctx, const char *plan_path, double *durations,
                                        int n);
/* sched_te_run, then, when timer and plan_path are given and the plan has migrations: the
 * plan's estimated durations are replaced by the timer's, the waves re-timed
 * (sched_seq_retime: each wave starts after the previous one's longest migration, so waves
 * and redundancy partners never overlap), the plan file rewritten, and the JSON's "plan" and
 * "plan_duration_s" are the re-timed ones ("retimed": true). */
vs_err_t sched_te_run_timed(const sched_power_config_t *c, double target, const char *plan_path,
                            sched_plan_timer_fn timer, void *timer_ctx, cJSON **out);
void sched_te_print(const cJSON *result, FILE *out);

#endif
