/* The dispatcher: which solver runs, and under auto how the local search's placement
 * becomes GLPK's start and the better of the two is kept. */
#include "sched_solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "vs_log.h"

vs_err_t sched_solver_parse(const char *text, sched_solver_t *out)
{
    if (!strcmp(text, "auto"))
        *out = SCHED_SOLVER_AUTO;
    else if (!strcmp(text, "milp") || !strcmp(text, "glpk"))
        *out = SCHED_SOLVER_MILP;
    else if (!strcmp(text, "cbc"))
        *out = SCHED_SOLVER_CBC;
    else if (!strcmp(text, "local"))
        *out = SCHED_SOLVER_LOCAL;
    else
        return vs_fail(VS_EUSAGE, "--solver: '%s' is not auto, milp (glpk), cbc or local", text);
    return VS_OK;
}

vs_err_t sched_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts, sched_result_t *out)
{
    sched_solver_t s = opts->solver;
    if (s == SCHED_SOLVER_AUTO)
        s = (opts->export_lp ||
             sched_milp_estimate_nz(inst, opts->objective) <= SCHED_AUTO_MILP_MAX_NZ)
                ? SCHED_SOLVER_MILP
                : SCHED_SOLVER_LOCAL;
    VS_INFO("sched", "solver: %s (%s)",
            s == SCHED_SOLVER_LOCAL ? "local search" : s == SCHED_SOLVER_CBC ? "MILP, CBC" : "MILP, GLPK",
            opts->solver == SCHED_SOLVER_AUTO ? "auto" : "asked for");
    if (s == SCHED_SOLVER_LOCAL)
        return sched_local_solve(inst, opts, out);
    if (opts->solver == SCHED_SOLVER_AUTO) {
        VS_INFO("sched", "local search first, for the MILP's incumbent");
        /* auto: the heuristic first gives an incumbent; the MILP must beat or match it. */
        sched_result_t loc;
        vs_err_t err = sched_local_solve(inst, opts, &loc);
        if (err)
            return err;
        sched_solve_opts_t o = *opts;
        o.start = loc.host;
        err = sched_milp_solve(inst, &o, out);
        if (err == VS_EINFEASIBLE) { /* cannot be: local found a feasible placement */
            sched_result_free(&loc);
            return err;
        }
        if (err || sched_objective_value(inst, opts->objective, loc.host) <
                       out->objective - 1e-9 * (1 + fabs(out->objective))) {
            if (!err) {
                free(out->host);
                loc.bound = out->bound;
                double den = fabs(loc.objective) > 1e-9 ? fabs(loc.objective) : 1e-9;
                loc.gap = isnan(out->bound) ? NAN : fabs(loc.objective - out->bound) / den;
                loc.seconds += out->seconds;
            }
            *out = loc;
            return VS_OK;
        }
        out->seconds += loc.seconds;
        sched_result_free(&loc);
        return VS_OK;
    }
    return sched_milp_solve(inst, opts, out);
}
