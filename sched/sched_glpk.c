/* The GLPK adapter: the only file that includes glpk.h (STYLE.md item 6). GLPK calls abort()
 * on internal errors and prints to stdout; this adapter installs an error hook that longjmps
 * back here (then frees GLPK's environment, as glp_error_hook's documentation requires) and
 * a terminal hook that swallows all output.
 *
 * GLPK runs the simplex, then branch-and-cut, both with presolve off so that a start can be
 * given as the first incumbent through glp_ios_heur_sol. */
#include "sched_glpk.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "sched_result.h"

typedef struct {
    jmp_buf jb;
    double bound;        /* best node bound seen (NAN none) */
    const double *start; /* column values of a feasible start, 1-based; NULL none */
    bool start_given;
    int start_rc; /* glp_ios_heur_sol's answer (0 accepted); -1 not given */
    bool lp_only; /* stop after the LP relaxation: its value in out->bound, no x */
} ctx_t;

static void error_hook(void *info)
{
    ctx_t *c = info;
    longjmp(c->jb, 1);
}

static int term_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1; /* GLPK prints nothing */
}

static void callback(glp_tree *tree, void *info)
{
    ctx_t *c = info;
    int node = glp_ios_best_node(tree);
    if (node)
        c->bound = glp_ios_node_bound(tree, node);
    if (glp_ios_reason(tree) == GLP_IHEUR && c->start && !c->start_given) {
        c->start_given = true;
        c->start_rc = glp_ios_heur_sol(tree, c->start);
    }
}

/* The program as a GLPK problem; ia, ja, ar are its matrix, 1-based as GLPK wants it. */
static glp_prob *load(const sched_lp_t *lp, int *ia, int *ja, double *ar)
{
    glp_prob *P = glp_create_prob();
    glp_set_prob_name(P, "vroomsim_placement");
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, lp->obj_const);
    if (lp->nrows)
        glp_add_rows(P, lp->nrows);
    if (lp->ncols)
        glp_add_cols(P, lp->ncols);
    char name[64];
    for (int r = 1; r <= lp->nrows; r++) {
        snprintf(name, sizeof name, "r%d", r);
        glp_set_row_name(P, r, name);
        int type = lp->sense[r] == SCHED_LP_EQ ? GLP_FX : lp->sense[r] == SCHED_LP_LE ? GLP_UP
                                                                                      : GLP_LO;
        glp_set_row_bnds(P, r, type, lp->rhs[r], lp->rhs[r]);
    }
    for (int c = 1; c <= lp->ncols; c++) {
        snprintf(name, sizeof name, "c%d", c);
        glp_set_col_name(P, c, lp->name[c] ? lp->name[c] : name);
        int kind = lp->kind[c];
        glp_set_col_kind(P, c, kind == SCHED_LP_BIN ? GLP_BV : kind == SCHED_LP_INT ? GLP_IV : GLP_CV);
        if (kind != SCHED_LP_BIN || lp->ub[c] < 0.5) { /* GLP_BV has set [0, 1] */
            if (isinf(lp->ub[c]))
                glp_set_col_bnds(P, c, GLP_LO, lp->lb[c], 0);
            else if (lp->lb[c] == lp->ub[c])
                glp_set_col_bnds(P, c, GLP_FX, lp->lb[c], lp->ub[c]);
            else
                glp_set_col_bnds(P, c, GLP_DB, lp->lb[c], lp->ub[c]);
        }
        glp_set_obj_coef(P, c, lp->obj[c]);
    }
    glp_load_matrix(P, (int)lp->nz, ia, ja, ar);
    return P;
}

/* Everything that calls GLPK, so that no local of the caller lives across the longjmp. */
static vs_err_t body(const sched_lp_t *lp, const sched_lp_solve_opts_t *o, int *ia, int *ja,
                     double *ar, ctx_t *ctx, sched_lp_solution_t *out)
{
    vs_err_t err = VS_OK;
    glp_prob *P = load(lp, ia, ja, ar);
    if (o->export_lp) { /* only the file: sched_glpk_write_lp */
        if (glp_write_lp(P, NULL, o->export_lp) != 0)
            err = vs_fail(VS_EIO, "--export-lp: cannot write '%s'", o->export_lp);
        goto out;
    }
    double tl = o->time_limit_s;
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = (int)(tl * 1000);
    int rc = glp_simplex(P, &sm), lpst = glp_get_status(P);
    if (rc == 0 && lpst == GLP_NOFEAS) {
        err = VS_EINFEASIBLE;
        goto out;
    }
    if (rc != 0 || lpst != GLP_OPT) {
        err = rc == GLP_ETMLIM
                  ? vs_fail(VS_ESOLVER, "GLPK: the LP relaxation did not finish within the time "
                                        "limit (%.3g s); try --solver local",
                            tl)
                  : vs_fail(VS_ESOLVER, "GLPK: LP relaxation failed (code %d, status %d)", rc, lpst);
        goto out;
    }
    double root_bound = glp_get_obj_val(P);
    if (ctx->lp_only) {
        out->bound = root_bound;
        goto out;
    }
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.cb_func = callback;
    io.cb_info = ctx;
    io.mip_gap = 1e-9;
    double left = tl - (sched_now() - o->t0);
    io.tm_lim = left > 0.05 ? (int)(left * 1000) : 50;
    io.br_tech = GLP_BR_DTH;
    io.bt_tech = GLP_BT_BLB;
    io.fp_heur = GLP_ON;
    rc = glp_intopt(P, &io);
    int mst = glp_mip_status(P);
    if (mst == GLP_NOFEAS) {
        err = VS_EINFEASIBLE;
        goto out;
    }
    if (mst != GLP_OPT && mst != GLP_FEAS) {
        err = vs_fail(VS_ESOLVER,
                      "GLPK found no integer solution within the time limit (%.3g s, code %d); "
                      "try --solver local or a larger --time-limit",
                      tl, rc);
        goto out;
    }
    for (int c = 1; c <= lp->ncols; c++)
        out->x[c] = glp_mip_col_val(P, c);
    out->optimal = mst == GLP_OPT && rc == 0;
    out->bound = out->optimal         ? glp_mip_obj_val(P)
                 : isnan(ctx->bound) ? root_bound
                                     : fmax(root_bound, ctx->bound);
out:
    glp_delete_prob(P);
    return err;
}

static vs_err_t guarded(const sched_lp_t *lp, const sched_lp_solve_opts_t *o, int *ia, int *ja,
                        double *ar, ctx_t *ctx, sched_lp_solution_t *out)
{
    if (setjmp(ctx->jb)) {
        glp_free_env();
        return vs_fail(VS_ESOLVER, "GLPK failed internally (error hook); the model had %d rows, "
                                   "%d columns",
                       lp->nrows, lp->ncols);
    }
    glp_error_hook(error_hook, ctx);
    glp_term_hook(term_hook, NULL);
    vs_err_t e = body(lp, o, ia, ja, ar, ctx, out);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_free_env();
    return e;
}

/* Loads lp, then writes it (o->export_lp), or solves its relaxation (lp_only) or it. */
static vs_err_t run(const sched_lp_t *lp, const sched_lp_solve_opts_t *o, bool lp_only,
                    sched_lp_solution_t *out)
{
    vs_err_t err = VS_OK;
    ctx_t *ctx = calloc(1, sizeof *ctx);
    int *ia = malloc((lp->nz + 1) * sizeof *ia), *ja = malloc((lp->nz + 1) * sizeof *ja);
    double *ar = malloc((lp->nz + 1) * sizeof *ar);
    out->optimal = false;
    out->bound = NAN;
    out->x = calloc((size_t)lp->ncols + 1, sizeof *out->x);
    if (!ctx || !ia || !ja || !ar || !out->x) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < lp->nz; i++) {
        ia[i + 1] = lp->a[i].row;
        ja[i + 1] = lp->a[i].col;
        ar[i + 1] = lp->a[i].val;
    }
    ctx->bound = NAN;
    ctx->start = o->start;
    ctx->start_rc = -1;
    ctx->lp_only = lp_only;
    err = guarded(lp, o, ia, ja, ar, ctx, out);
out:
    if (err) {
        free(out->x);
        out->x = NULL;
    }
    free(ctx);
    free(ia);
    free(ja);
    free(ar);
    return err;
}

vs_err_t sched_glpk_solve(const sched_lp_t *lp, const sched_lp_solve_opts_t *o,
                          sched_lp_solution_t *out)
{
    sched_lp_solve_opts_t so = *o;
    so.export_lp = NULL;
    return run(lp, &so, false, out);
}

vs_err_t sched_glpk_lp_bound(const sched_lp_t *lp, const sched_lp_solve_opts_t *o, double *bound)
{
    sched_lp_solve_opts_t so = *o;
    so.export_lp = NULL;
    sched_lp_solution_t sol;
    vs_err_t err = run(lp, &so, true, &sol);
    free(sol.x);
    *bound = err ? NAN : sol.bound;
    return err;
}

vs_err_t sched_glpk_write_lp(const sched_lp_t *lp, const char *path)
{
    sched_lp_solve_opts_t so = {.export_lp = path};
    sched_lp_solution_t sol;
    vs_err_t err = run(lp, &so, false, &sol);
    free(sol.x);
    return err;
}
