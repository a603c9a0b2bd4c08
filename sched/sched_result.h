/* sched_result — what every solver takes and gives back: the options of a solve and its
 * result (placement, objective, bound, gap, time). Kept apart from the solvers so that each
 * solver, and the dispatcher choosing between them (sched_solve.h), include this and not
 * one another. */
#ifndef SCHED_RESULT_H
#define SCHED_RESULT_H

#include <stdint.h>

#include "sched_model.h"

/* MILP is the MILP solved by GLPK (`--solver milp` or `glpk`), CBC the same MILP by COIN-OR
 * CBC (when compiled in). */
typedef enum {
    SCHED_SOLVER_AUTO,
    SCHED_SOLVER_MILP,
    SCHED_SOLVER_LOCAL,
    SCHED_SOLVER_CBC
} sched_solver_t;

typedef struct {
    sched_objective_t objective;
    sched_solver_t solver;
    double time_limit_s;    /* MILP: GLPK's or CBC's limit; local: a safety stop only (see docs) */
    const char *export_lp;  /* MILP: write the model here in CPLEX LP format; NULL none */
    uint64_t seed;          /* local search perturbations */
    int kicks;              /* local search perturbation rounds; <0 picks by size */
    const int *start;       /* optional starting placement (default: each VR's home) */
} sched_solve_opts_t;

/* What `vroomsim plan` solves with unless told otherwise (the tasks then set their own
 * objective: maintenance MLU, power power, te migrations): the solver chosen by size, the
 * default time limit, seed 1, the kicks chosen by size. */
#define SCHED_SOLVE_OPTS_PLAN                                                                   \
    ((sched_solve_opts_t){.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_AUTO,              \
                          .time_limit_s = SCHED_DEFAULT_TIME_LIMIT_S, .seed = 1, .kicks = -1})

#define SCHED_DEFAULT_TIME_LIMIT_S 10.0

typedef struct {
    const char *solver;   /* "glpk", "cbc" or "local" */
    const char *status;   /* "optimal", "time-limit" (MILP incumbent), "local-optimum" */
    double objective;
    double bound;         /* NAN when unknown */
    double gap;           /* |objective - bound| / max(|objective|, 1e-9); NAN when unknown */
    double seconds;       /* wall clock */
    int *host;            /* placement, owned by the result */
    int rows, cols, nonzeros; /* MILP size (0 for local) */
} sched_result_t;

/* Frees r->host (and sets it NULL); r itself belongs to the caller. */
void sched_result_free(sched_result_t *r);

/* Wall clock in seconds (CLOCK_MONOTONIC). */
double sched_now(void);

#endif
