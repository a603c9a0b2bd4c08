/* sched_solve — the solvers behind one call: an exact MILP (sched_milp.h, GLPK or CBC) and a
 * local search for networks too large for it (sched_local.h). Both return the placement, the
 * objective as sched_objective_value() defines it, a bound where one is known, the relative
 * gap and the solve time. This header also brings in both solvers' own headers, so that a
 * caller needs only this one.
 *
 * A placement that breaks a constraint is never returned: an infeasible instance fails with
 * VS_EINFEASIBLE and a message naming the constraint and the VR. */
#ifndef SCHED_SOLVE_H
#define SCHED_SOLVE_H

#include "sched_local.h"
#include "sched_milp.h"
#include "sched_result.h"

/* "auto", "milp" (or "glpk"), "cbc", "local". "cbc" parses even when CBC is not compiled
 * in: solving then fails with VS_EDEPEND saying how to get it. */
vs_err_t sched_solver_parse(const char *text, sched_solver_t *out);

/* Above this many model nonzeros the MILP is not attempted by --solver auto. */
#define SCHED_AUTO_MILP_MAX_NZ 200000

/* Runs opts->solver; auto runs the local search, then GLPK from its placement when the
 * model is small enough, and returns the better. *out as sched_milp_solve gives it. */
vs_err_t sched_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts, sched_result_t *out);

#endif
