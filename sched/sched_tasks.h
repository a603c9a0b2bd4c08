/* sched_tasks — the three network-management tasks of seed 001 Section 3 / Section 7 on top
 * of the placement model and solvers:
 *   maintenance: drain routers or whole POPs; the VRs they host move, nothing else does;
 *   power:       per interval of a traffic-matrix series, consolidate VRs onto fewer routers
 *                and line cards (power off the rest), with hysteresis between intervals;
 *   te:          the fewest migrations bringing the maximum link utilization under a target. */
#ifndef SCHED_TASKS_H
#define SCHED_TASKS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "sched_model.h"
#include "sched_solve.h"

/* Marks each named router (or every router of a named POP) drained and makes the VRs they
 * host movable; refreshes the candidates. Unknown names fail with VS_ENOTFOUND and a
 * suggestion. */
vs_err_t sched_task_drain(sched_inst_t *inst, const char *const *names, int n);

/* Adds the common result fields of a solve to obj: solver, status, objective, bound, gap,
 * seconds (seconds also under timing when timing != NULL, which is where wall clock belongs:
 * "seconds" at top level is the only exception the issue asks for). */
vs_err_t sched_result_json(cJSON *obj, const sched_inst_t *inst, const sched_solve_opts_t *opts,
                           const sched_result_t *r, cJSON *timing);
/* The migrations of a placement against the homes as a JSON array of {vr, from, to}. */
vs_err_t sched_moves_json(cJSON *arr, const sched_inst_t *inst, const int *from, const int *to);

#endif
