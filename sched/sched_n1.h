/* sched_n1 — does a placement survive any single failure? Seed 001 Section 7 asks that a
 * placement keep the network able to survive the failure of any node or link. For every
 * physical router and every substrate link, one at a time, the element fails and:
 *   - the VRs the router hosts go down with it (that alone breaks nothing: their redundancy
 *     partners are there for it), unless a redundancy pair loses both its VRs;
 *   - every virtual link between surviving VRs whose substrate path used the element is
 *     re-routed on the shortest path (by latency, the instance's tie-breaking) that avoids
 *     it; one with no such path is cut;
 *   - surviving VRs that were connected through the virtual links before the failure must
 *     still be; those outside the largest surviving part are cut off;
 *   - every directed substrate link must stay under its ceiling (its max_util, else the
 *     instance's headroom) with the traffic re-routed; the traffic of VRs that went down is
 *     gone from the links.
 * Only what the failure breaks is reported: a link already over its ceiling, or VRs already
 * apart, before the failure are not violations of it (sched_metrics reports those).
 * A failure costs one shortest-path tree per source host of a re-routed virtual link, on
 * the instance's graph with the element's links cut; nothing else is recomputed. */
#ifndef SCHED_N1_H
#define SCHED_N1_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "sched_model.h"
#include "sched_result.h"
#include "sched_seq.h"

typedef enum { SCHED_N1_ROUTER, SCHED_N1_LINK } sched_n1_elem_t;

typedef enum {
    SCHED_N1_CUT,      /* virtual link a with no substrate path left */
    SCHED_N1_CUT_OFF,  /* VR a separated from the rest of its part of the network */
    SCHED_N1_OVERLOAD, /* directed substrate link a (2 * link + direction) above its ceiling */
    SCHED_N1_PAIR,     /* redundancy pair (a, b) both down */
} sched_n1_what_t;

typedef struct {
    sched_n1_what_t what;
    int a, b;
    double util, ceiling; /* OVERLOAD: load / capacity and the ceiling it passed */
} sched_n1_break_t;

typedef struct {
    sched_n1_elem_t kind;
    int element; /* node (ROUTER) or link (LINK) index */
    int wave;    /* the plan's wave after which the placement was checked; -1 none */
    int n_broken;
    sched_n1_break_t *broken;
} sched_n1_violation_t;

/* What the checks found; zero-initialise, then sched_n1_check appends; sched_n1_free. */
typedef struct {
    int checked;    /* failures examined, over every placement checked */
    int placements; /* placements checked */
    int n_viol, cap_viol;
    sched_n1_violation_t *viol;
} sched_n1_report_t;

/* Criterion names for --check / --survive: "n-1" is the only one. VS_EUSAGE naming the
 * value otherwise. */
vs_err_t sched_n1_criterion(const char *opt, const char *text);

/* Checks placement host (host[v] = node, or -1 unplaced) against every single router and
 * link failure, appending violations tagged with wave to *rep. O(F (V + L + R log L)) for F
 * failures, R re-routed sources. */
vs_err_t sched_n1_check(const sched_inst_t *inst, const int *host, int wave,
                        sched_n1_report_t *rep);
/* Checks the placement after every wave of seq, starting from placement from. */
vs_err_t sched_n1_check_plan(const sched_inst_t *inst, const int *from, const sched_seq_t *seq,
                             sched_n1_report_t *rep);
void sched_n1_free(sched_n1_report_t *rep);

/* --survive n-1: a post-check with repair (sched_n1_repair.c). While some single failure
 * breaks something, every movable VR involved in a break (hosted on the failed router, cut
 * off, an end of a cut or re-routed virtual link, half of a pair down) is tried on each of its
 * 16 candidate routers nearest it where the placement stays feasible, and the move that
 * removes the most breaks (the objective, then VR and router order, break ties) is made. It
 * stops when no move removes one, or after max_evals single failures examined (a budget in
 * work, not seconds, so that the result is the same on every machine). */
typedef struct {
    int breaks_before, breaks_after; /* breaks summed over the failures */
    int breaks_home;                 /* the same of every VR at its home: today's network */
    int moves;
    long evaluations;                /* single failures examined */
    bool budget_spent;
} sched_n1_repair_t;

/* About 125 checks of Kdl's 2,407 failures (some 10 s here), 4,900 of Abilene's 61. */
#define SCHED_N1_REPAIR_EVALS 300000L

vs_err_t sched_n1_repair(const sched_inst_t *inst, sched_objective_t obj, int *host,
                         long max_evals, sched_n1_repair_t *out);
/* What --survive n-1 does after a solve: repairs r's placement (SCHED_N1_REPAIR_EVALS) and
 * restates r's objective and gap for the placement returned. */
vs_err_t sched_n1_survive(const sched_inst_t *inst, sched_objective_t obj, sched_result_t *r,
                          sched_n1_repair_t *out);
/* Adds "survive": {"criterion", "method", "breaks_at_home", "breaks_before", "breaks_after",
 * "moves", "evaluations", "budget_spent"} to obj. */
vs_err_t sched_n1_repair_json(const sched_n1_repair_t *rs, cJSON *obj);

/* Adds "n_minus_1": {"checked", "placements", "violations": [{"element", "kind", "wave",
 * "broken": [...]}]} to obj. */
vs_err_t sched_n1_json(const sched_n1_report_t *rep, const sched_inst_t *inst, cJSON *obj);
/* From a result holding "survive" and/or "n_minus_1" (as the two calls above write them): a
 * line on the repair, a summary line of the check and a line per violation (at most
 * max_lines of them). Prints nothing for a result with neither. */
void sched_n1_print(const cJSON *result, int max_lines, FILE *out);

#endif
