/* sched_eval — a placement's state, kept up to date move by move: resources used on each
 * router, load on each directed substrate link, constraint violations and the objective.
 * The local search moves VRs and asks for the score; the tasks ask for the metrics.
 *
 * A score is compared lexicographically: violation (0 when every constraint holds), then the
 * chosen objective (primary), then a tie-breaker (secondary). Violation counts an unplaced VR
 * as 1000 and adds each constraint's normalised excess. */
#ifndef SCHED_EVAL_H
#define SCHED_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "sched_model.h"

typedef struct {
    double viol, primary, secondary;
} sched_score_t;

/* True when a is strictly better than b (tolerance 1e-9 relative). */
bool sched_score_better(sched_score_t a, sched_score_t b);

typedef struct {
    double mlu;             /* max over directed links of load/capacity */
    double max_cpu;         /* max over routers of CPU used/capacity */
    double cpu_total;       /* sum over routers of CPU used/capacity (in routers' worth) */
    double stretch_ms;      /* sum over virtual links of latency above the home latency */
    int shared_pop_pairs;   /* redundancy pairs whose two VRs sit in one POP (or router) */
    int shared_link_pairs;  /* redundancy pairs whose virtual links' substrate paths share a
                               substrate link (either direction of either path) */
    int shared_pairs;       /* pairs sharing a router, POP or link: the survivability objective */
    int migrations;         /* VRs away from their home */
    int unplaced;
    double power_w;         /* all powered routers */
    double power_cost;      /* over inst->hours at each router's price */
    int routers_on, linecards_on;
    double violation;
} sched_metrics_t;

typedef struct sched_state sched_state_t;

/* host[v] = node or -1 (unplaced). Copies host. *out owned by caller. O(V + E paths). */
vs_err_t sched_state_create(const sched_inst_t *inst, sched_objective_t obj, const int *host,
                            sched_state_t **out);
void sched_state_destroy(sched_state_t *st);

/* Moves v to node `to` (-1 unplaces). Cost: O(deg(v) x path length x log links). */
void sched_state_move(sched_state_t *st, int v, int to);
sched_score_t sched_state_score(const sched_state_t *st);
/* Score after moving v to `to`, state unchanged afterwards. */
sched_score_t sched_state_try(sched_state_t *st, int v, int to);
/* The current placement (owned by st). */
const int *sched_state_hosts(const sched_state_t *st);
/* Load on directed link dl (2*link + direction), bps. */
double sched_state_load(const sched_state_t *st, int dl);
/* What node p carries now. */
void sched_state_usage(const sched_state_t *st, int p, double *cpu, double *mem, int *count,
                       int *ports);
/* Is node p powered in this placement (hosts a VR or forced on). */
bool sched_state_node_on(const sched_state_t *st, int p);

/* Metrics recomputed from scratch (exact, independent of the move history). */
void sched_metrics(const sched_inst_t *inst, const int *host, sched_metrics_t *m);
/* Value of an objective for a placement, as both solvers define it. */
double sched_objective_value(const sched_inst_t *inst, sched_objective_t obj, const int *host);

/* Explains why VR v cannot be placed without violating a constraint in the current state
 * (v itself must be unplaced or will be taken out for the test): which constraint fails on
 * the best candidate and how many routers static eligibility excluded. Writes into buf. */
void sched_state_explain(sched_state_t *st, int v, char *buf, size_t len);
/* The first violated constraint in the current state, naming the VR concerned; returns
 * the VR index (or -1 when none). */
int sched_state_first_violation(sched_state_t *st, char *buf, size_t len);

/* Does the redundancy pair (v, w) share a substrate link: is some undirected link on the
 * path (either direction) of a virtual link of v also on the path of a virtual link of w?
 * stamp has n_links entries, none equal to gen on entry (gen != 0); links are marked with gen.
 * Unplaced VRs and virtual links to unplaced VRs share nothing. */
bool sched_pair_shares_link(const sched_inst_t *inst, const int *host, int v, int w,
                            unsigned *stamp, unsigned gen);

/* Power of node p hosting the given totals, watts (0 when not powered). */
double sched_node_power_w(const sched_node_t *r, bool on, int ports, double cpu_used,
                          int *linecards_on);

#endif
