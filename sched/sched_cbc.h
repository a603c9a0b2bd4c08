/* sched_cbc — the COIN-OR CBC adapter: solves a sched_lp_t program (sched_lp.h) with CBC's
 * branch-and-cut through its C interface (Cbc_C_Interface.h). CBC is optional at build time
 * (Debian coinor-libcbc-dev); without it, sched_cbc_solve says how to get it. */
#ifndef SCHED_CBC_H
#define SCHED_CBC_H

#include <stdbool.h>

#include "sched_lp.h"

/* Was CBC compiled in? */
bool sched_cbc_available(void);

/* Solves lp (finished) within o->time_limit_s (counted from o->t0), to a relative gap of
 * 1e-9 as the GLPK adapter does, from o->start when given. On success *out holds an integer
 * solution (out->x allocated here, freed by the caller) and CBC's best bound (obj_const
 * included). VS_EINFEASIBLE (no message) when CBC proves there is none; VS_ESOLVER with a
 * message when it finds none in time or fails; VS_EDEPEND (exit 3) when CBC is not compiled
 * in. CBC writes nothing to stdout; with o->verbose its log goes to stderr. */
vs_err_t sched_cbc_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                         sched_lp_solution_t *out);

#endif
