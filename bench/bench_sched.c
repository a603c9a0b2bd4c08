#include "bench_sched.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sched_cbc.h"
#include "sched_eval.h"
#include "sched_gen.h"
#include "sched_glpk.h"
#include "sched_milp_build.h"
#include "sched_power.h"
#include "vs_paths.h"
#include "sched_solve.h"
#include "sched_tasks.h"
#include "vs_out.h"

vs_err_t bench_sched_kind_parse(const char *text, bench_sched_kind_t *out)
{
    static const char *const names[] = {"spare", "tight", "cpu-bound"};
    for (int k = 0; k < 3; k++)
        if (!strcmp(text, names[k])) {
            *out = (bench_sched_kind_t)k;
            return VS_OK;
        }
    return vs_fail(VS_EUSAGE, "--kind: '%s' is not spare, tight or cpu-bound", text);
}

/* The LP relaxation's value (GLPK's simplex), NAN when the model is too large or it fails. */
static double lp_bound(const sched_inst_t *inst, sched_objective_t obj, double tl, long max_nz)
{
    if (sched_milp_estimate_nz(inst, obj) > max_nz)
        return NAN;
    sched_milp_model_t M;
    double b = NAN;
    vs_err_t err = sched_milp_build(inst, obj, NULL, &M);
    sched_lp_solve_opts_t so = {.time_limit_s = tl, .t0 = sched_now()};
    if (!err && sched_glpk_lp_bound(&M.lp, &so, &b))
        b = NAN;
    sched_milp_model_free(&M);
    return b;
}

/* One solver's run into root[name] (and its time into timing[name]); r->host NULL when it
 * gave no placement (the status says why). */
static vs_err_t one_solver(const sched_inst_t *inst, sched_solve_opts_t o, const char *name,
                           double lp, long max_nz, cJSON *root, cJSON *timing, sched_result_t *r)
{
    vs_err_t err = VS_OK;
    cJSON *j = vs_json_obj(root, name), *t = vs_json_obj(timing, name);
    memset(r, 0, sizeof *r);
    if (!j || !t)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (o.solver == SCHED_SOLVER_CBC && !sched_cbc_available()) {
        cJSON_AddStringToObject(j, "status", "unavailable");
        cJSON_AddStringToObject(j, "reason", "built without COIN-OR CBC (coinor-libcbc-dev)");
        return VS_OK;
    }
    long est = sched_milp_estimate_nz(inst, o.objective);
    if (o.solver != SCHED_SOLVER_LOCAL && est > max_nz) {
        cJSON_AddNumberToObject(j, "estimated_nonzeros", (double)est);
        cJSON_AddStringToObject(j, "status", "skipped");
        cJSON_AddStringToObject(j, "reason", "model above --milp-max-nz");
        return VS_OK;
    }
    o.start = NULL; /* cold: each MILP solver on its own, so that the comparison means
                     * something (plan --solver auto does start GLPK from the heuristic) */
    err = sched_solve(inst, &o, r);
    if (err == VS_EINFEASIBLE || err == VS_ESOLVER) {
        cJSON_AddStringToObject(j, "status", err == VS_EINFEASIBLE ? "infeasible" : "no-incumbent");
        cJSON_AddStringToObject(j, "message", vs_errmsg());
        return VS_OK;
    }
    if (err)
        return err;
    VS_TRY(sched_result_json(j, inst, &o, r, t));
    if (isnan(lp))
        cJSON_AddNullToObject(j, "gap_to_lp");
    else
        cJSON_AddNumberToObject(j, "gap_to_lp",
                                (r->objective - lp) / fmax(fabs(r->objective), 1e-9));
out:
    return err;
}

/* The heuristic against the MILP solvers: within 2% of a proven optimum (0.01 when it is 0),
 * else not worse than the best incumbent. */
static bool compare(const sched_result_t *loc, const sched_result_t *ms, int n, cJSON *cmp)
{
    const sched_result_t *opt = NULL, *best = NULL;
    for (int i = 0; i < n; i++) {
        if (!ms[i].host)
            continue;
        if (!strcmp(ms[i].status, "optimal") && !opt)
            opt = &ms[i];
        if (!best || ms[i].objective < best->objective)
            best = &ms[i];
    }
    if (!loc->host) {
        cJSON_AddStringToObject(cmp, "criterion", best ? "heuristic found no placement where a "
                                                         "MILP solver did"
                                                       : "not comparable (no solution)");
        if (best)
            cJSON_AddBoolToObject(cmp, "ok", false);
        else
            cJSON_AddNullToObject(cmp, "ok");
        return !best;
    }
    if (!best) {
        cJSON_AddStringToObject(cmp, "criterion", "no MILP incumbent (skipped, or none within the "
                                                  "time limit); the heuristic's placement is "
                                                  "feasible");
        cJSON_AddBoolToObject(cmp, "ok", true);
        return true;
    }
    const sched_result_t *ref = opt ? opt : best;
    double h = loc->objective, m = ref->objective;
    bool pass = opt ? (fabs(m) < 1e-12 ? h - m <= 0.01 : h - m <= 0.02 * fabs(m) + 1e-12)
                    : h <= m + 1e-9 * (1 + fabs(m));
    cJSON_AddStringToObject(cmp, "criterion", opt ? "heuristic within 2% of the proven optimum"
                                                  : "heuristic not worse than the best MILP "
                                                    "incumbent");
    cJSON_AddStringToObject(cmp, "reference", ref->solver);
    cJSON_AddNumberToObject(cmp, "heuristic_minus_milp_relative",
                            fabs(m) > 1e-12 ? (h - m) / fabs(m) : h - m);
    cJSON_AddBoolToObject(cmp, "ok", pass);
    return pass;
}

/* Does the objective bind: is the optimum (or, without a proof, the best bound proven) at
 * least 10% above the value before the drain? */
static void binding(double pre, const sched_result_t *ms, int n, cJSON *root)
{
    double lo = NAN;
    for (int i = 0; i < n; i++)
        if (ms[i].host && !isnan(ms[i].bound) && !(ms[i].bound <= lo))
            lo = ms[i].bound;
    cJSON *b = vs_json_obj(root, "binding");
    if (!b)
        return;
    cJSON_AddNumberToObject(b, "pre_drain_value", pre);
    if (isnan(lo)) {
        cJSON_AddNullToObject(b, "proven_rise");
        cJSON_AddNullToObject(b, "binds");
        return;
    }
    double rise = fabs(pre) > 1e-12 ? (lo - pre) / fabs(pre) : lo - pre;
    cJSON_AddNumberToObject(b, "proven_rise", rise);
    cJSON_AddBoolToObject(b, "binds", rise >= 0.10 - 1e-12);
}

static vs_err_t header(const bench_sched_config_t *cfg, const sched_inst_t *inst,
                       const char *drain, sched_objective_t obj, cJSON *root)
{
    static const char *const kinds[] = {"spare", "tight", "cpu-bound"};
    int moving = 0;
    for (int v = 0; v < inst->n_vrs; v++)
        moving += inst->vrs[v].movable;
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "benchmark", "sched");
    cJSON_AddStringToObject(root, "kind", kinds[cfg->kind]);
    cJSON_AddNumberToObject(root, "seed", (double)cfg->seed);
    cJSON_AddNumberToObject(root, "routers", cfg->routers);
    cJSON_AddNumberToObject(root, "vrs", cfg->vrs);
    cJSON_AddNumberToObject(root, "pops", inst->n_pops);
    cJSON_AddStringToObject(root, "drained", drain);
    cJSON_AddNumberToObject(root, "vrs_to_move", moving);
    if (!cJSON_AddStringToObject(root, "objective_name", sched_objective_name(obj)))
        return vs_fail(VS_ENOMEM, "out of memory");
    return VS_OK;
}

vs_err_t bench_sched_run(const bench_sched_config_t *cfg, cJSON **out, bool *ok)
{
    vs_err_t err = VS_OK;
    sched_inst_t *inst = NULL;
    sched_result_t loc = {0}, ms[2] = {{0}};
    int *home = NULL;
    cJSON *root = cJSON_CreateObject(), *timing;
    *ok = true;
    if (!root || !(timing = vs_json_obj(root, "timing"))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    double t0 = sched_now();
    sched_gen_config_t g = {.seed = cfg->seed, .routers = cfg->routers, .vrs = cfg->vrs,
                            .pops = cfg->pops, .tight_links = cfg->kind == BENCH_SCHED_TIGHT,
                            .even_cpu = cfg->kind == BENCH_SCHED_CPU_BOUND};
    VS_TRY(sched_gen(&g, &inst));
    if (cfg->kind == BENCH_SCHED_TIGHT)
        inst->headroom = 1.0; /* the objective, not the ceiling, decides (at 0.8 two seeds in
                               * five of 20 routers, 50 VRs have no placement at all) */
    const char *drain = cfg->drain ? cfg->drain : inst->pops[0].name;
    VS_TRY(sched_task_drain(inst, &drain, 1));
    if (!(home = malloc(((size_t)inst->n_vrs + 1) * sizeof *home))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < inst->n_vrs; v++)
        home[v] = inst->vrs[v].home;
    cJSON_AddNumberToObject(timing, "build_seconds", sched_now() - t0);
    sched_solve_opts_t o = {.solver = SCHED_SOLVER_LOCAL, .time_limit_s = cfg->time_limit_s,
                            .seed = cfg->seed, .kicks = -1};
    const char *oname = cfg->objective ? cfg->objective
                        : cfg->kind == BENCH_SCHED_CPU_BOUND ? "cpu" : "mlu";
    VS_TRY(sched_objective_parse(oname, &o.objective));
    VS_TRY(header(cfg, inst, drain, o.objective, root));
    double pre = sched_objective_value(inst, o.objective, home);
    double t1 = sched_now(), lp = lp_bound(inst, o.objective, cfg->time_limit_s, cfg->milp_max_nz);
    cJSON_AddNumberToObject(timing, "lp_seconds", sched_now() - t1);
    if (isnan(lp))
        cJSON_AddNullToObject(root, "lp_bound");
    else
        cJSON_AddNumberToObject(root, "lp_bound", lp);
    VS_TRY(one_solver(inst, o, "local", lp, cfg->milp_max_nz, root, timing, &loc));
    o.solver = SCHED_SOLVER_MILP;
    VS_TRY(one_solver(inst, o, "glpk", lp, cfg->milp_max_nz, root, timing, &ms[0]));
    o.solver = SCHED_SOLVER_CBC;
    VS_TRY(one_solver(inst, o, "cbc", lp, cfg->milp_max_nz, root, timing, &ms[1]));
    binding(pre, ms, 2, root);
    cJSON *cmp = vs_json_obj(root, "comparison");
    if (!cmp) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    *ok = compare(&loc, ms, 2, cmp);
    *out = root;
    root = NULL;
out:
    cJSON_Delete(root);
    sched_result_free(&ms[0]);
    sched_result_free(&ms[1]);
    sched_result_free(&loc);
    free(home);
    sched_inst_destroy(inst);
    return err;
}

vs_err_t bench_repro_s08_power(uint64_t seed, repro_result_t *r)
{
    char path[4096];
    vs_err_t err = vs_data_file(VS_DATA_EXAMPLES, "power-abilene.yaml", path, sizeof path);
    if (err)
        return err;
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    if ((err = sched_power_study_load(path, &c)))
        return err;
    c.solve.seed = seed; /* the study's loader has said which data is missing, if any */
    cJSON *res = NULL;
    if ((err = sched_power_run(&c, &res)))
        return err;
    const cJSON *t = cJSON_GetObjectItem(res, "totals"), *i = cJSON_GetObjectItem(res, "inter_pop");
    double intra = cJSON_GetNumberValue(cJSON_GetObjectItem(t, "savings_percent"));
    double inter = cJSON_GetNumberValue(cJSON_GetObjectItem(i, "savings_percent"));
    bool same = cJSON_IsTrue(cJSON_GetObjectItem(t, "link_utilization_unchanged"));
    err = repro_cell_text(r, "intra_pop_savings_percent", "18-25", intra, "inside 18-25",
                          intra >= 18 && intra <= 25);
    if (!err)
        err = repro_cell_text(r, "link_utilization_unchanged", "same link utilization rate",
                              same ? 1 : 0, "no link above its all-on peak", same);
    if (!err) /* reported beside, not judged: Section 7 only says "more substantial" */
        err = repro_cell_text(r, "inter_pop_savings_percent", "more substantial (Section 7)",
                              inter, "reported", true);
    cJSON_Delete(res);
    return err;
}
