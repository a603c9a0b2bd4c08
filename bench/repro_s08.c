#include "repro_s08.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "run.h"
#include "scenario.h"
#include "vs_paths.h"

/* Loads a shipped example; the target then varies the loaded configuration. */
static vs_err_t load_example(const char *name, scn_t **out)
{
    char path[4096];
    vs_err_t err = vs_data_file(VS_DATA_EXAMPLES, name, path, sizeof path);
    return err ? err : scn_load(path, out);
}

static bool within(double sim, double paper, double rel)
{
    return fabs(sim - paper) <= rel * fabs(paper);
}

/* Mean of a measure of migration 0 over all runs. */
static double mean_of(const run_results_t *res, double (*get)(const mig_result_t *))
{
    double s = 0;
    for (int i = 0; i < res->runs; i++)
        s += get(&res->results[(size_t)i * res->n_migrations]);
    return s / res->runs;
}

static double g_downtime(const mig_result_t *m) { return sim_to_s(m->downtime); }
static double g_dump(const mig_result_t *m) { return sim_to_s(m->dump); }
static double g_copy(const mig_result_t *m) { return sim_to_s(m->copy); }
static double g_bridging(const mig_result_t *m) { return sim_to_s(m->bridging); }
static double g_sessions(const mig_result_t *m) { return m->sessions_lost; }

/* ---- Table 2: FIB repopulation on the diamond testbed -------------------------------- */

static vs_err_t table2(uint64_t seed, repro_result_t *r, const char *fib_profile,
                       const double update[4], const double total[4], bool hd)
{
    static const int64_t routes[4] = {100, 1000, 10000, 15000};
    scn_t *scn;
    vs_err_t err = load_example("diamond-sd.yaml", &scn);
    if (err)
        return err;
    size_t vr1 = scn_vrouter_index(scn, "vr1"), n1 = scn_prouter_index(scn, "n1"),
           n3 = scn_prouter_index(scn, "n3");
    /* Table 2 uses static routes in an otherwise empty VR (Sec. 6.2). */
    scn->vrouters[vr1].ospf_routes = 0;
    scn->prouters[n1].fib_profile = fib_profile;
    scn->prouters[n3].fib_profile = fib_profile;
    for (int i = 0; i < 4 && !err; i++) {
        scn->vrouters[vr1].fib_entries = routes[i];
        run_results_t *res;
        run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 1};
        if ((err = run_scenario(scn, &ro, &res)))
            break;
        double up = sim_to_s(res->results[0].fib_update), tot = sim_to_s(res->results[0].fib_total);
        run_results_free(res);
        char name[64];
        snprintf(name, sizeof name, "update_time_s@%lld", (long long)routes[i]);
        if (hd && i == 0)
            err = repro_cell(r, name, update[i], up, "±0.0002 s", fabs(up - update[i]) <= 0.0002);
        else
            err = repro_cell(r, name, update[i], up, "±10%", within(up, update[i], 0.10));
        snprintf(name, sizeof name, "total_time_s@%lld", (long long)routes[i]);
        if (!err)
            err = repro_cell(r, name, total[i], tot, "±10%", within(tot, total[i], 0.10));
    }
    scn_free(scn);
    return err;
}

/* Seed 001, Table 2. */
vs_err_t repro_s08_table2_sd(uint64_t seed, repro_result_t *r)
{
    static const double update[4] = {0.1946, 1.9318, 19.3996, 31.2113};
    static const double total[4] = {0.2110, 2.0880, 20.9851, 33.8988};
    return table2(seed, r, "linux-iproute2", update, total, false);
}

vs_err_t repro_s08_table2_hd(uint64_t seed, repro_result_t *r)
{
    static const double update[4] = {0.0008, 0.0074, 0.0738, 0.1106};
    static const double total[4] = {0.0102, 0.0973, 0.9634, 1.4399};
    return table2(seed, r, "netfpga", update, total, true);
}

/* ---- Fig. 8: the memory-copy step vs OSPF routes ------------------------------------ */

vs_err_t repro_s08_fig8(uint64_t seed, repro_result_t *r)
{
    static const int64_t routes[] = {0, 10000, 100000, 200000, 300000, 400000, 500000};
    enum { N = sizeof routes / sizeof routes[0] };
    double total[N], share[N], bridging[N];
    scn_t *scn;
    vs_err_t err = load_example("diamond-sd.yaml", &scn);
    if (err)
        return err;
    size_t vr1 = scn_vrouter_index(scn, "vr1");
    scn->vrouters[vr1].fib_entries = 1; /* Fig. 8 is about the memory copy only */
    for (int i = 0; i < N && !err; i++) {
        scn->vrouters[vr1].ospf_routes = routes[i];
        run_results_t *res;
        run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 10};
        if ((err = run_scenario(scn, &ro, &res)))
            break;
        total[i] = mean_of(res, g_downtime);
        share[i] = mean_of(res, g_copy) / total[i];
        bridging[i] = mean_of(res, g_bridging);
        (void)g_dump;
        run_results_free(res);
    }
    scn_free(scn);
    if (err)
        return err;
    char name[64];
    bool up_total = true, up_share = true;
    for (int i = 1; i < N; i++) {
        up_total = up_total && total[i] > total[i - 1];
        up_share = up_share && share[i] > share[i - 1];
    }
    for (int i = 0; i < N && !err; i++) {
        snprintf(name, sizeof name, "memory_copy_s@%lldk", (long long)routes[i] / 1000);
        err = repro_cell_text(r, name, "rises with routes", total[i], "monotone", up_total);
        snprintf(name, sizeof name, "copy_share@%lldk", (long long)routes[i] / 1000);
        if (!err)
            err = repro_cell_text(r, name, "copy dominates at large sizes", share[i], "monotone",
                                  up_share);
    }
    double ratio = bridging[N - 1] / bridging[0];
    if (!err)
        err = repro_cell_text(r, "bridging_500k_over_0", "bridging grows at large sizes", ratio, ">= 2",
                              ratio >= 2.0);
    return err;
}

/* ---- Sec. 6.4: VR5 on the Abilene testbed -------------------------------------------- */

static vs_err_t abilene_vr5(uint64_t seed, bool with_bgp, run_results_t **out)
{
    scn_t *scn;
    vs_err_t err = load_example("abilene-vr5-bgp.yaml", &scn);
    if (err)
        return err;
    size_t vr5 = scn_vrouter_index(scn, "vr5");
    if (!with_bgp) { /* Sec. 6.4.1: VR5 as a core router runs only OSPF */
        scn->vrouters[vr5].bgp = false;
        scn->vrouters[vr5].bgp_routes = 0;
        scn->vrouters[vr5].n_bgp_peers = 0;
    }
    run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 10};
    err = run_scenario(scn, &ro, out);
    scn_free(scn);
    return err;
}

vs_err_t repro_s08_ospf_downtime(uint64_t seed, repro_result_t *r)
{
    run_results_t *res;
    vs_err_t err = abilene_vr5(seed, false, &res);
    if (err)
        return err;
    double mean = mean_of(res, g_downtime);
    run_results_free(res);
    return repro_cell(r, "mean_downtime_s", 0.972, mean, "±5%", within(mean, 0.972, 0.05));
}

vs_err_t repro_s08_bgp_downtime(uint64_t seed, repro_result_t *r)
{
    run_results_t *res;
    vs_err_t err = abilene_vr5(seed, true, &res);
    if (err)
        return err;
    double mean = mean_of(res, g_downtime), lost = mean_of(res, g_sessions);
    run_results_free(res);
    err = repro_cell(r, "mean_downtime_s", 3.560, mean, "±10%", within(mean, 3.560, 0.10));
    if (!err)
        err = repro_cell(r, "bgp_sessions_lost", 0, lost, "exact", lost == 0);
    return err;
}
