/* The exact placement: the MILP of sched_milp_build.h solved through the GLPK or the CBC
 * adapter, the placement read back from its x columns. */
#include "sched_milp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_cbc.h"
#include "sched_eval.h"
#include "sched_glpk.h"
#include "sched_local.h"
#include "sched_milp_build.h"
#include "vs_log.h"

long sched_milp_estimate_nz(const sched_inst_t *inst, sched_objective_t obj)
{
    long nz = 0;
    for (int v = 0; v < inst->n_vrs; v++) {
        if (!inst->vrs[v].movable)
            continue;
        long deg = inst->nadj_off[v + 1] - inst->nadj_off[v];
        nz += (long)inst->n_cand[v] * (6 + 2 * deg * 4);
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            int o = l->a == v ? l->b : l->a;
            if (inst->vrs[o].movable && o > v)
                nz += (long)inst->n_cand[v] * inst->n_cand[o] * 10;
        }
    }
    (void)obj;
    return nz;
}

/* The MILP solver proves infeasibility but says nothing about why: the local search's
 * greedy explanation names the VR and the constraint. */
static vs_err_t explain_infeasible(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                                   const char *who)
{
    sched_result_t loc;
    sched_solve_opts_t o = *opts;
    o.start = NULL;
    o.kicks = 0;
    vs_err_t err = sched_local_solve(inst, &o, &loc);
    if (err)
        return err;
    sched_result_free(&loc);
    return vs_fail(VS_EINFEASIBLE, "infeasible: %s proves no placement satisfies all "
                                   "constraints together (no single VR isolates it)",
                   who);
}

/* The placement the x columns of solution x give, with its objective, bound and gap. */
static vs_err_t read_result(const sched_inst_t *inst, sched_objective_t obj, const char *who,
                            const sched_milp_model_t *M, const sched_lp_solution_t *sol,
                            sched_result_t *out)
{
    out->host = malloc(((size_t)inst->n_vrs + 1) * sizeof *out->host);
    if (!out->host)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int v = 0; v < inst->n_vrs; v++) {
        out->host[v] = inst->vrs[v].home;
        for (int k = 0; M->xoff[v] && k < inst->n_cand[v]; k++)
            if (sol->x[M->xoff[v] + k] > 0.5)
                out->host[v] = inst->cand[v][k];
    }
    out->solver = who;
    out->status = sol->optimal ? "optimal" : "time-limit";
    out->objective = sched_objective_value(inst, obj, out->host);
    out->bound = sol->bound;
    double den = fabs(out->objective) > 1e-9 ? fabs(out->objective) : 1e-9;
    out->gap = fabs(out->objective - out->bound) / den;
    if (out->gap < 1e-9)
        out->gap = 0;
    return VS_OK;
}

vs_err_t sched_milp_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                          sched_result_t *out)
{
    vs_err_t err = VS_OK;
    double t0 = sched_now();
    sched_milp_model_t M = {0};
    sched_lp_solution_t sol = {0};
    memset(out, 0, sizeof *out);
    bool cbc = opts->solver == SCHED_SOLVER_CBC;
    if (cbc && !sched_cbc_available()) /* before building or writing anything */
        VS_TRY(sched_cbc_solve(&M.lp, &(sched_lp_solve_opts_t){0}, &sol));
    VS_TRY(sched_milp_build(inst, opts->objective, opts->start, &M));
    out->rows = M.lp.nrows;
    out->cols = M.lp.ncols;
    out->nonzeros = (int)M.lp.nz;
    const char *who = cbc ? "cbc" : "glpk";
    VS_INFO("sched", "MILP built: %d rows, %d columns, %d nonzeros; solving (%s, %s)", out->rows,
            out->cols, out->nonzeros, cbc ? "CBC" : "GLPK",
            opts->start ? "with a starting placement" : "no start");
    if (opts->export_lp)
        VS_TRY(sched_glpk_write_lp(&M.lp, opts->export_lp));
    sched_lp_solve_opts_t so = {
        .time_limit_s = opts->time_limit_s > 0 ? opts->time_limit_s : SCHED_DEFAULT_TIME_LIMIT_S,
        .t0 = t0,
        .start = M.start,
        .verbose = vs_log_enabled(VS_LOG_INFO, "sched")};
    err = cbc ? sched_cbc_solve(&M.lp, &so, &sol) : sched_glpk_solve(&M.lp, &so, &sol);
    if (err == VS_EINFEASIBLE)
        err = explain_infeasible(inst, opts, cbc ? "CBC" : "GLPK");
    if (err)
        goto out;
    VS_TRY(read_result(inst, opts->objective, who, &M, &sol, out));
    VS_INFO("sched", "MILP solved: objective %g, bound %g, after %.2f s", out->objective, out->bound,
            sched_now() - t0);
out:
    out->seconds = sched_now() - t0;
    if (err)
        sched_result_free(out);
    sched_milp_model_free(&M);
    free(sol.x);
    return err;
}
