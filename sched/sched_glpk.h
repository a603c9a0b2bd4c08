/* sched_glpk — the GLPK adapter: solves a sched_lp_t program (sched_lp.h) with GLPK's simplex
 * and branch-and-cut. The only file that includes glpk.h (STYLE.md item 6). */
#ifndef SCHED_GLPK_H
#define SCHED_GLPK_H

#include "sched_lp.h"

/* Solves lp (finished) within o->time_limit_s (o->export_lp is not read: see
 * sched_glpk_write_lp). On success *out holds an integer solution (out->x allocated here,
 * freed by the caller). VS_EINFEASIBLE (no message) when GLPK proves there is none;
 * VS_ESOLVER with a message when it finds none in time or fails. GLPK prints nothing and
 * never aborts the program. */
vs_err_t sched_glpk_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                          sched_lp_solution_t *out);

/* The value of lp's LP relaxation (integrality dropped; obj_const included), by GLPK's
 * simplex within o->time_limit_s: the bound every MILP solver's bound starts from.
 * VS_EINFEASIBLE when the relaxation has no solution; VS_ESOLVER when it does not finish. */
vs_err_t sched_glpk_lp_bound(const sched_lp_t *lp, const sched_lp_solve_opts_t *o, double *bound);

/* Writes lp (finished) to path in CPLEX LP format (glp_write_lp), whichever solver then
 * solves it; VS_EIO when the file cannot be written. */
vs_err_t sched_glpk_write_lp(const sched_lp_t *lp, const char *path);

#endif
