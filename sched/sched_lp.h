/* sched_lp — a mixed-integer linear program as plain data, tied to no solver: the MILP
 * builder (sched_milp_build.h) writes one, a solver adapter (sched_glpk.h, sched_cbc.h)
 * reads it. Rows and columns are numbered from 1 (index 0 of every array is unused), as
 * GLPK and the CPLEX LP format number them. The objective is minimised.
 *
 * Each row and column carries a tag, the constraint family that made it (the builder sets
 * `tag` before adding), so that a family's rows can be counted and read without a solver. */
#ifndef SCHED_LP_H
#define SCHED_LP_H

#include <stdbool.h>
#include <stddef.h>

#include "vs_error.h"

typedef enum { SCHED_LP_CONT, SCHED_LP_INT, SCHED_LP_BIN } sched_lp_kind_t;
typedef enum { SCHED_LP_LE, SCHED_LP_EQ, SCHED_LP_GE } sched_lp_sense_t;

typedef struct {
    int row, col;
    double val;
} sched_lp_entry_t;

typedef struct {
    int ncols, nrows;
    /* Columns 1..ncols. A binary's bounds are [0, ub] with ub 0 (fixed at 0) or 1; ub may be
     * INFINITY for the others. name[c] NULL: unnamed (an adapter says "c<c>"). */
    unsigned char *kind; /* sched_lp_kind_t */
    double *lb, *ub, *obj;
    char **name;
    unsigned char *ctag;
    /* Rows 1..nrows: sense and right-hand side. */
    unsigned char *sense; /* sched_lp_sense_t */
    double *rhs;
    unsigned char *rtag;
    double obj_const; /* the objective's constant term */
    /* The matrix, entries 0..nz-1. Before sched_lp_finish, as added (a (row, column) pair may
     * repeat); after it, sorted by row then column, repeats summed, zeros dropped. */
    sched_lp_entry_t *a;
    size_t nz;
    unsigned char tag; /* family given to the rows and columns added next */
    int cap_cols, cap_rows; /* private: allocated sizes */
    size_t cap_nz;
} sched_lp_t;

/* An empty program; *lp is the caller's, its arrays are freed by sched_lp_free. */
void sched_lp_init(sched_lp_t *lp);
void sched_lp_free(sched_lp_t *lp);

/* Appends a column (bounds lb..ub, objective coefficient obj) and gives its index in *col. */
vs_err_t sched_lp_add_col(sched_lp_t *lp, sched_lp_kind_t kind, double lb, double ub, double obj,
                          int *col);
/* Names column col (a copy is kept). */
vs_err_t sched_lp_name_col(sched_lp_t *lp, int col, const char *name);
/* Appends a row `sum <sense> rhs` and gives its index in *row. */
vs_err_t sched_lp_add_row(sched_lp_t *lp, sched_lp_sense_t sense, double rhs, int *row);
/* Adds val to the coefficient of col in row. */
vs_err_t sched_lp_add(sched_lp_t *lp, int row, int col, double val);

/* Sorts the matrix and sums repeats; call once, after the last sched_lp_add.
 * O(nz log nz). */
void sched_lp_finish(sched_lp_t *lp);

/* Does x (column values, x[1..ncols]) satisfy every row within 1e-6 (1 + |rhs|) and every
 * bound within 1e-9? Only after sched_lp_finish. O(nz). */
bool sched_lp_satisfies(const sched_lp_t *lp, const double *x);

/* Rows and columns carrying tag. */
void sched_lp_count(const sched_lp_t *lp, unsigned char tag, int *rows, int *cols);

/* What a solver adapter (sched_glpk.h, sched_cbc.h) is given and gives back. */
typedef struct {
    double time_limit_s;   /* for the whole solve, counted from t0 */
    double t0;             /* sched_now() when the solve (building included) began */
    const char *export_lp; /* GLPK adapter only: write the program here, do not solve */
    const double *start;   /* a feasible point (x[1..ncols]) to start from; NULL none */
    bool verbose;          /* let the solver log its progress to stderr (CBC) */
} sched_lp_solve_opts_t;

typedef struct {
    bool optimal;     /* proven optimal; else the incumbent when time ran out */
    double bound;     /* optimal: the objective; else the best bound proven, obj_const included */
    double *x;        /* column values x[1..ncols], owned by the caller (free) */
} sched_lp_solution_t;

#endif
