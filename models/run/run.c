#include "run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mig_emulate.h"
#include "net.h"
#include "tfc_report.h"
#include "vs_out.h"
#include "vs_units.h"

static vs_err_t one_run(const scn_t *scn, const mig_costs_t *costs, uint64_t seed, FILE *trace,
                        mig_result_t *results, tfc_results_t *traffic, mig_emu_t *emu,
                        cJSON **routing)
{
    sim_t *sim = NULL;
    net_t *net = NULL;
    tfc_t *tfc = NULL;
    mig_set_t *migs = NULL;
    sim_config_t sc = {.seed = seed, .trace = trace};
    vs_err_t err = sim_create(&sc, &sim);
    if (!err)
        err = net_create(sim, scn, &net);
    if (!err && traffic && !(err = tfc_create(sim, net, scn, &tfc))) {
        net_set_traffic(net, &tfc_net_hooks, tfc);
        tfc_start(tfc);
    }
    if (!err)
        err = net_schedule_events(net);
    if (err)
        goto out;
    if ((err = mig_set_create(sim, net, scn, costs, emu, results, &migs)))
        goto out;
    sim_run(sim, scn->until);
    if ((err = mig_set_error(migs)))
        goto out;
    for (size_t k = 0; k < scn->n_migrations; k++) {
        rt_effects_t nr;
        net_routing(net, scn->migrations[k].vr, &nr);
        results[k].hellos_lost = nr.hellos_lost;
        results[k].hellos_lost_max = nr.hellos_lost_max;
        /* += : a mechanism may tear adjacencies down itself (cold-restart) */
        results[k].adjacencies_lost += nr.adjacencies_lost;
        results[k].sessions_lost += nr.sessions_lost;
        results[k].lsas_missed = nr.lsas_missed;
        results[k].max_staleness = nr.max_staleness;
    }
    if (tfc && !(err = tfc_results(tfc, traffic))) {
        for (size_t k = 0; k < scn->n_migrations; k++) { /* the span the flows' figures split on */
            const mig_result_t *m = &results[k];
            sim_time_t end = m->done ? m->t[MIG_T6_DONE] : scn->until;
            if (traffic->mig_to == 0 || m->t[MIG_T0_TUNNELS] < traffic->mig_from)
                traffic->mig_from = m->t[MIG_T0_TUNNELS];
            if (end > traffic->mig_to)
                traffic->mig_to = end;
        }
    }
    if (!err && routing && scn_has_failures(scn)) { /* the first run's routing (net.h) */
        if (!(*routing = cJSON_CreateObject()))
            err = vs_fail(VS_ENOMEM, "out of memory");
        else
            err = net_routing_report(net, *routing);
    }
out:
    tfc_destroy(tfc);
    net_destroy(net);
    sim_destroy(sim);
    mig_set_destroy(migs);
    return err;
}

/* The seed of run r: run 0 uses the scenario's seed itself. */
static uint64_t run_seed(uint64_t seed, int r)
{
    return seed + (uint64_t)r * UINT64_C(0x9e3779b97f4a7c15);
}

vs_err_t run_scenario(const scn_t *scn, const run_opts_t *opts, run_results_t **out)
{
    *out = NULL;
    mig_costs_t *costs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *costs);
    if (!costs)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = mig_check_all(scn, costs);
    run_results_t *r = err ? NULL : calloc(1, sizeof *r);
    if (!r) {
        free(costs);
        return err ? err : vs_fail(VS_ENOMEM, "out of memory");
    }
    r->runs = opts && opts->runs > 0 ? opts->runs : scn->runs;
    r->seed = opts && opts->has_seed ? opts->seed : scn->seed;
    r->n_migrations = scn->n_migrations;
    r->results = calloc((size_t)r->runs * (r->n_migrations ? r->n_migrations : 1), sizeof *r->results);
    if (!r->results) {
        free(r);
        free(costs);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    if (scn->traffic && !(r->traffic = calloc((size_t)r->runs, sizeof *r->traffic)))
        err = vs_fail(VS_ENOMEM, "out of memory");
    mig_emu_t *emu = NULL; /* real backends of emulated routers, owned by the run */
    if (!err)
        err = mig_emu_open(scn, r->seed, &emu);
    for (int i = 0; i < r->runs && !err; i++) {
        err = one_run(scn, costs, run_seed(r->seed, i), i == 0 && opts ? opts->trace : NULL,
                      &r->results[(size_t)i * r->n_migrations], r->traffic ? &r->traffic[i] : NULL, emu,
                      i == 0 ? &r->routing : NULL);
        err = err ? err : mig_emu_error(emu);
    }
    mig_emu_close(emu);
    if (!err && r->traffic && opts && opts->csv_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/flows.csv", opts->csv_dir);
        err = tfc_results_csv(&r->traffic[0], path);
    }
    free(costs);
    if (err) {
        run_results_free(r);
        return err;
    }
    *out = r;
    return VS_OK;
}

vs_err_t run_check(const scn_t *scn)
{
    mig_costs_t *costs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *costs);
    if (!costs)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = mig_check_all(scn, costs);
    free(costs);
    return err ? err : mig_emu_check(scn);
}

void run_results_free(run_results_t *r)
{
    if (!r)
        return;
    for (int i = 0; r->traffic && i < r->runs; i++)
        tfc_results_free(&r->traffic[i]);
    free(r->traffic);
    cJSON_Delete(r->routing);
    free(r->results);
    free(r);
}
