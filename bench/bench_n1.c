#include "bench_n1.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench_clock.h"
#include "bench_data.h"
#include "sched_n1.h"
#include "sched_power.h"
#include "sched_seq.h"
#include "sched_solve.h"
#include "sched_tasks.h"
#include "sched_topo.h"

/* The drain plan the check runs on: instance, busiest gravity hour, local search, waves. */
typedef struct {
    sched_topo_t *topo;
    sched_seq_t *seq;
    int *from;
} n1_plan_t;

static void plan_free(n1_plan_t *p)
{
    sched_seq_destroy(p->seq);
    sched_topo_destroy(p->topo);
    free(p->from);
}

static vs_err_t plan_build(const bench_n1_config_t *cfg, n1_plan_t *p)
{
    sched_power_config_t pc = SCHED_POWER_CONFIG_DEFAULT;
    const char *drain = cfg->drain ? cfg->drain : "Chicago", *spec = pc.topology;
    vs_err_t err = VS_OK;
    if (!cfg->topology && (err = bench_kdl_path(pc.topology, sizeof pc.topology)))
        return err;
    if (cfg->topology &&
        snprintf(pc.topology, sizeof pc.topology, "%s", cfg->topology) >= (int)sizeof pc.topology)
        return vs_fail(VS_EINVAL, "--topology: a path of at most %zu bytes", sizeof pc.topology - 1);
    sched_topo_config_t tc = SCHED_TOPO_CONFIG_DEFAULT;
    tc.routers_per_pop = 1;
    if ((err = sched_topo_build(spec, &tc, &p->topo)))
        return err;
    sched_inst_t *inst = sched_topo_inst(p->topo);
    if ((err = sched_traffic_busiest(&pc, p->topo)) || (err = sched_inst_refresh(inst)))
        return err;
    if (!(p->from = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1))))
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int v = 0; v < inst->n_vrs; v++)
        p->from[v] = inst->vrs[v].home;
    if ((err = sched_task_drain(inst, &drain, 1)))
        return err;
    sched_solve_opts_t so = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_LOCAL,
                             .time_limit_s = SCHED_DEFAULT_TIME_LIMIT_S, .seed = 1, .kicks = -1};
    sched_result_t r = {0};
    if (!(err = sched_solve(inst, &so, &r)))
        err = sched_seq_build(inst, p->from, r.host, &SCHED_SEQ_CONFIG_DEFAULT, &p->seq);
    sched_result_free(&r);
    return err;
}

vs_err_t bench_n1_run(const bench_n1_config_t *cfg, bench_n1_result_t *out)
{
    *out = (bench_n1_result_t){0};
    int repeats = cfg->repeats > 0 ? cfg->repeats : BENCH_N1_REPEATS;
    n1_plan_t p = {0};
    double t0 = bench_wall_s();
    vs_err_t err = plan_build(cfg, &p);
    out->build_seconds = bench_wall_s() - t0;
    double *wall = calloc((size_t)repeats, sizeof *wall), *cpu = calloc((size_t)repeats, sizeof *cpu);
    if (!err && (!wall || !cpu))
        err = vs_fail(VS_ENOMEM, "out of memory");
    const sched_inst_t *inst = p.topo ? sched_topo_inst(p.topo) : NULL;
    for (int i = 0; !err && i < repeats; i++) {
        sched_n1_report_t rep = {0};
        double w = bench_wall_s(), c = bench_cpu_s();
        err = sched_n1_check_plan(inst, p.from, p.seq, &rep);
        wall[i] = bench_wall_s() - w;
        cpu[i] = bench_cpu_s() - c;
        if (!err && i > 0 && (rep.checked != out->checked || rep.n_viol != out->violations))
            err = vs_fail(VS_ECHECK, "bench n1: repeat %d found %d violations in %d failures, "
                                     "the first %d in %d", i + 1, rep.n_viol, rep.checked,
                          out->violations, out->checked);
        out->checked = rep.checked;
        out->violations = rep.n_viol;
        out->waves = rep.placements;
        sched_n1_free(&rep);
    }
    if (!err) {
        out->nodes = inst->n_nodes;
        out->links = inst->n_links;
        out->vrs = inst->n_vrs;
        out->vlinks = inst->n_vlinks;
        out->seconds_median = bench_median(wall, (size_t)repeats);
        out->seconds_min = wall[0];
        out->seconds_max = wall[repeats - 1];
        out->cpu_seconds_median = bench_median(cpu, (size_t)repeats);
    }
    free(wall);
    free(cpu);
    plan_free(&p);
    return err;
}
