/* sched_milp — the exact placement: the MILP built from the instance and solved by GLPK.
 * Reports GLPK's bound and gap beside the placement. */
#ifndef SCHED_MILP_H
#define SCHED_MILP_H

#include "sched_result.h"

/* Fills *out (its host owned by out; free with sched_result_free). An infeasible instance
 * fails with VS_EINFEASIBLE and a message naming the constraint and the VR; no integer
 * solution within opts->time_limit_s is VS_ESOLVER. */
vs_err_t sched_milp_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                          sched_result_t *out);
/* Counts the MILP's nonzeros without building it (for auto). O(VRs x candidates). */
long sched_milp_estimate_nz(const sched_inst_t *inst, sched_objective_t obj);

#endif
