/* sched_glpk — the GLPK adapter: solves a sched_lp_t program (sched_lp.h) with GLPK's simplex
 * and branch-and-cut. The only file that includes glpk.h (STYLE.md item 6). */
#ifndef SCHED_GLPK_H
#define SCHED_GLPK_H

#include "sched_lp.h"

/* Solves lp (finished) within o->time_limit_s. On success *out holds an integer solution
 * (out->x allocated here, freed by the caller). VS_EINFEASIBLE (no message) when GLPK proves
 * there is none; VS_ESOLVER with a message when it finds none in time or fails; VS_EIO when
 * o->export_lp cannot be written. GLPK prints nothing and never aborts the program. */
vs_err_t sched_glpk_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                          sched_lp_solution_t *out);

#endif
