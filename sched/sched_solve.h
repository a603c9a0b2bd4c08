/* sched_solve — the two solvers behind one call: an exact MILP through GLPK (sched_glpk.c,
 * the only file that includes glpk.h) and a local search for networks too large for it
 * (sched_local.c). Both return the placement, the objective as sched_objective_value()
 * defines it, a bound where one is known, the relative gap and the solve time.
 *
 * A placement that breaks a constraint is never returned: an infeasible instance fails with
 * VS_EINFEASIBLE and a message naming the constraint and the VR. */
#ifndef SCHED_SOLVE_H
#define SCHED_SOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "sched_model.h"

typedef enum { SCHED_SOLVER_AUTO, SCHED_SOLVER_MILP, SCHED_SOLVER_LOCAL } sched_solver_t;

/* "auto", "milp", "local". */
vs_err_t sched_solver_parse(const char *text, sched_solver_t *out);

typedef struct {
    sched_objective_t objective;
    sched_solver_t solver;
    double time_limit_s;    /* MILP: GLPK's limit; local: a safety stop only (see docs) */
    const char *export_lp;  /* MILP: write the model here in CPLEX LP format; NULL none */
    uint64_t seed;          /* local search perturbations */
    int kicks;              /* local search perturbation rounds; <0 picks by size */
    const int *start;       /* optional starting placement (default: each VR's home) */
} sched_solve_opts_t;

#define SCHED_DEFAULT_TIME_LIMIT_S 10.0
/* Above this many model nonzeros the MILP is not attempted by --solver auto. */
#define SCHED_AUTO_MILP_MAX_NZ 200000

typedef struct {
    const char *solver;   /* "milp" or "local" */
    const char *status;   /* "optimal", "time-limit" (MILP incumbent), "local-optimum" */
    double objective;
    double bound;         /* NAN when unknown */
    double gap;           /* |objective - bound| / max(|objective|, 1e-9); NAN when unknown */
    double seconds;       /* wall clock */
    int *host;            /* placement, owned by the result */
    int rows, cols, nonzeros; /* MILP size (0 for local) */
} sched_result_t;

vs_err_t sched_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts, sched_result_t *out);
vs_err_t sched_local_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                           sched_result_t *out);
vs_err_t sched_milp_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                          sched_result_t *out);
/* Counts the MILP's nonzeros without building it (for auto). */
long sched_milp_estimate_nz(const sched_inst_t *inst, sched_objective_t obj);
void sched_result_free(sched_result_t *r);

/* Wall clock in seconds (CLOCK_MONOTONIC). */
double sched_now(void);

#endif
