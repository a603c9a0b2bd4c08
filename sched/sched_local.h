/* sched_local — the local search (sched_local.c): greedy insertion, descent, perturbation.
 * Deterministic for a given seed; no bound. */
#ifndef SCHED_LOCAL_H
#define SCHED_LOCAL_H

#include "sched_result.h"

/* Fills *out (its host owned by out; free with sched_result_free). An infeasible instance
 * fails with VS_EINFEASIBLE and a message naming the constraint and the VR. */
vs_err_t sched_local_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                           sched_result_t *out);

#endif
