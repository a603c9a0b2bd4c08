/* The CBC adapter: the only file that includes Cbc_C_Interface.h (STYLE.md item 6). CBC
 * reads the program in compressed column form, runs its own presolve, cuts and heuristics,
 * and is given the starting placement as a MIP start (CBC checks it before using it).
 *
 * CBC logs through its C++ message handlers straight to stdout, where a JSON result may be
 * going: its log level is 0 unless the caller asks for progress, and during the solve file
 * descriptor 1 points at /dev/null (or, verbose, at stderr), so that nothing CBC prints can
 * mix with vroomsim's output. */
#include "sched_cbc.h"

#include <Cbc_C_Interface.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sched_result.h"

bool sched_cbc_available(void)
{
    return true;
}

static double inf_to_coin(double v)
{
    return isinf(v) ? (v > 0 ? DBL_MAX : -DBL_MAX) : v;
}

/* The program into m: columns (bounds, objective, integrality), rows as lower/upper bounds,
 * the matrix column by column (sched_lp keeps it row by row, 1-based). */
static vs_err_t load(Cbc_Model *m, const sched_lp_t *lp)
{
    vs_err_t err = VS_OK;
    int nc = lp->ncols, nr = lp->nrows;
    CoinBigIndex *start = calloc((size_t)nc + 2, sizeof *start);
    int *index = malloc((lp->nz + 1) * sizeof *index);
    double *value = malloc((lp->nz + 1) * sizeof *value);
    double *clb = malloc(((size_t)nc + 1) * sizeof *clb), *cub = malloc(((size_t)nc + 1) * sizeof *cub);
    double *rlb = malloc(((size_t)nr + 1) * sizeof *rlb), *rub = malloc(((size_t)nr + 1) * sizeof *rub);
    if (!start || !index || !value || !clb || !cub || !rlb || !rub) {
        err = vs_fail(VS_ENOMEM, "out of memory (CBC model)");
        goto out;
    }
    for (size_t i = 0; i < lp->nz; i++)
        start[lp->a[i].col]++; /* column c's count at start[c]; shifted below */
    for (int c = 1; c <= nc + 1; c++)
        start[c] += start[c - 1];
    /* start[c] is now the end of column c (1-based): fill backwards so it becomes the start. */
    for (size_t i = lp->nz; i-- > 0;) {
        CoinBigIndex k = --start[lp->a[i].col];
        index[k] = lp->a[i].row - 1;
        value[k] = lp->a[i].val;
    }
    /* Now column c (1-based) starts at start[c] and start[nc + 1] = nz: CBC's 0-based
     * columns start at (start + 1)[c]. */
    for (int c = 0; c < nc; c++) {
        clb[c] = inf_to_coin(lp->lb[c + 1]);
        cub[c] = inf_to_coin(lp->ub[c + 1]);
    }
    for (int r = 0; r < nr; r++) {
        double rhs = lp->rhs[r + 1];
        rlb[r] = lp->sense[r + 1] == SCHED_LP_LE ? -DBL_MAX : rhs;
        rub[r] = lp->sense[r + 1] == SCHED_LP_GE ? DBL_MAX : rhs;
    }
    Cbc_loadProblem(m, nc, nr, start + 1, index, value, clb, cub, lp->obj + 1, rlb, rub);
    Cbc_setObjSense(m, 1);
    Cbc_setProblemName(m, "vroomsim_placement");
    for (int c = 0; c < nc; c++)
        if (lp->kind[c + 1] != SCHED_LP_CONT)
            Cbc_setInteger(m, c);
out:
    free(start);
    free(index);
    free(value);
    free(clb);
    free(cub);
    free(rlb);
    free(rub);
    return err;
}

/* Points stdout at /dev/null (or stderr when verbose) for the solve; returns the saved
 * descriptor, -1 when it could not be redirected (CBC's log level 0 still holds then). */
static int stdout_away(bool verbose)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0)
        return -1;
    int to = verbose ? dup(STDERR_FILENO) : open("/dev/null", O_WRONLY);
    if (to < 0 || dup2(to, STDOUT_FILENO) < 0) {
        if (to >= 0)
            close(to);
        close(saved);
        return -1;
    }
    close(to);
    return saved;
}

static void stdout_back(int saved)
{
    fflush(stdout);
    if (saved < 0)
        return;
    dup2(saved, STDOUT_FILENO);
    close(saved);
}

/* CBC's answer into out, or the error saying why there is none. */
static vs_err_t read_answer(Cbc_Model *m, const sched_lp_t *lp, double tl,
                            sched_lp_solution_t *out)
{
    if (Cbc_isProvenInfeasible(m))
        return VS_EINFEASIBLE;
    const double *x = Cbc_bestSolution(m);
    if (!x) {
        if (Cbc_isAbandoned(m))
            return vs_fail(VS_ESOLVER, "CBC abandoned the solve (numerical difficulties); the "
                                       "model had %d rows, %d columns",
                           lp->nrows, lp->ncols);
        return vs_fail(VS_ESOLVER,
                       "CBC found no integer solution within the time limit (%.3g s); try "
                       "--solver local or a larger --time-limit",
                       tl);
    }
    for (int c = 1; c <= lp->ncols; c++)
        out->x[c] = x[c - 1];
    out->optimal = Cbc_isProvenOptimal(m) != 0;
    out->bound = (out->optimal ? Cbc_getObjValue(m) : Cbc_getBestPossibleObjValue(m)) +
                 lp->obj_const;
    return VS_OK;
}

vs_err_t sched_cbc_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                         sched_lp_solution_t *out)
{
    vs_err_t err = VS_OK;
    Cbc_Model *m = Cbc_newModel();
    int *idx = NULL;
    out->optimal = false;
    out->bound = NAN;
    out->x = calloc((size_t)lp->ncols + 1, sizeof *out->x);
    if (!m || !out->x) {
        err = vs_fail(VS_ENOMEM, "out of memory (CBC)");
        goto out;
    }
    VS_TRY(load(m, lp));
    double tl = o->time_limit_s, left = tl - (sched_now() - o->t0);
    Cbc_setParameter(m, "timeMode", "elapsed"); /* wall clock, as the limit means (else CPU) */
    Cbc_setMaximumSeconds(m, left > 0.05 ? left : 0.05);
    Cbc_setAllowableFractionGap(m, 1e-9); /* as the GLPK adapter's mip_gap */
    Cbc_setLogLevel(m, o->verbose ? 1 : 0);
    if (o->start) {
        if (!(idx = malloc(((size_t)lp->ncols + 1) * sizeof *idx))) {
            err = vs_fail(VS_ENOMEM, "out of memory (CBC start)");
            goto out;
        }
        for (int c = 0; c < lp->ncols; c++)
            idx[c] = c;
        Cbc_setMIPStartI(m, lp->ncols, idx, o->start + 1);
    }
    int saved = stdout_away(o->verbose);
    Cbc_solve(m);
    stdout_back(saved);
    err = read_answer(m, lp, tl, out);
out:
    if (err) {
        free(out->x);
        out->x = NULL;
    }
    free(idx);
    if (m)
        Cbc_deleteModel(m);
    return err;
}
