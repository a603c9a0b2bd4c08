#include "repro_s08.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "run.h"
#include "scenario.h"
#include "scn_set.h"

/* Loads a shipped example; the target then derives variants of it (scn_derive). */
/* Mean of a measure of migration 0 over all runs. */
static double mean_of(const run_results_t *res, double (*get)(const mig_result_t *))
{
    double s = 0;
    for (int i = 0; i < res->runs; i++)
        s += get(&res->results[(size_t)i * res->n_migrations]);
    return s / res->runs;
}

static double g_downtime(const mig_result_t *m) { return sim_to_s(m->downtime); }
static double g_copy(const mig_result_t *m) { return sim_to_s(m->copy); }
static double g_bridging(const mig_result_t *m) { return sim_to_s(m->bridging); }
static double g_dump(const mig_result_t *m) { return sim_to_s(m->dump); }
static double g_restore(const mig_result_t *m) { return sim_to_s(m->restore); }
static double g_sessions(const mig_result_t *m) { return m->sessions_lost; }

/* ---- Table 2: FIB repopulation on the diamond testbed -------------------------------- */

static vs_err_t table2(uint64_t seed, repro_result_t *r, const char *fib_profile,
                       const double update[4], const double total[4], bool hd)
{
    static const int64_t routes[4] = {100, 1000, 10000, 15000};
    const scn_t *scn, *v;
    vs_err_t err = repro_load_example("diamond-sd.yaml", &scn);
    if (err)
        return err;
    /* Table 2 uses static routes in an otherwise empty VR (Sec. 6.2). */
    char n1[96], n3[96], fib[96];
    snprintf(n1, sizeof n1, "physical_routers[n1].data_plane=%s", fib_profile);
    snprintf(n3, sizeof n3, "physical_routers[n3].data_plane=%s", fib_profile);
    const char *sets[] = {"virtual_routers[vr1].ospf.routes=0", n1, n3, fib};
    for (int i = 0; i < 4 && !err; i++) {
        snprintf(fib, sizeof fib, "virtual_routers[vr1].fib_entries=%lld", (long long)routes[i]);
        run_results_t *res;
        run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 1};
        if ((err = scn_derive(scn, sets, 4, &v)))
            break;
        err = run_scenario(v, &ro, &res);
        scn_free(v);
        if (err)
            break;
        double up = sim_to_s(res->results[0].fib_update), tot = sim_to_s(res->results[0].fib_total);
        run_results_free(res);
        char name[64];
        snprintf(name, sizeof name, "update_time_s@%lld", (long long)routes[i]);
        if (hd && i == 0)
            err = repro_cell(r, name, update[i], up, "±0.0002 s", fabs(up - update[i]) <= 0.0002);
        else
            err = repro_cell(r, name, update[i], up, "±10%", repro_within(up, update[i], 0.10));
        snprintf(name, sizeof name, "total_time_s@%lld", (long long)routes[i]);
        if (!err)
            err = repro_cell(r, name, total[i], tot, "±10%", repro_within(tot, total[i], 0.10));
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
    double total[N], share[N], bridging[N], dump[N], copy[N], restore[N];
    const scn_t *scn, *v;
    vs_err_t err = repro_load_example("diamond-sd.yaml", &scn);
    if (err)
        return err;
    char ospf[96];
    /* Fig. 8 is about the memory copy only: one FIB entry. */
    const char *sets[] = {"virtual_routers[vr1].fib_entries=1", ospf};
    for (int i = 0; i < N && !err; i++) {
        snprintf(ospf, sizeof ospf, "virtual_routers[vr1].ospf.routes=%lld", (long long)routes[i]);
        run_results_t *res;
        run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 10};
        if ((err = scn_derive(scn, sets, 2, &v)))
            break;
        err = run_scenario(v, &ro, &res);
        scn_free(v);
        if (err)
            break;
        total[i] = mean_of(res, g_downtime);
        share[i] = mean_of(res, g_copy) / total[i];
        bridging[i] = mean_of(res, g_bridging);
        dump[i] = mean_of(res, g_dump);
        copy[i] = mean_of(res, g_copy);
        restore[i] = mean_of(res, g_restore);
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
    /* The breakdown the figure stacks, reported (not judged), per route count. */
    static const char *const terms[] = {"dump", "copy", "restore", "bridging"};
    const double *value[] = {dump, copy, restore, bridging};
    for (int i = 0; i < N && !err; i++)
        for (int t = 0; t < 4 && !err; t++) {
            snprintf(name, sizeof name, "%s_s@%lldk", terms[t], (long long)routes[i] / 1000);
            err = repro_cell_text(r, name, "Fig. 8 stacks it", value[t][i], "reported", true);
        }
    /* REPRODUCE.md: at least 1.5x; the paper gives no number, only "grows significantly". */
    double ratio = bridging[N - 1] / bridging[0];
    if (!err)
        err = repro_cell_text(r, "bridging_500k_over_0", "bridging grows at large sizes", ratio, ">= 1.5",
                              ratio >= 1.5);
    return err;
}

/* ---- Sec. 6.4: VR5 on the Abilene testbed -------------------------------------------- */

/* The Abilene study of Sec. 6.4 with VR5 as a core router (OSPF only, Sec. 6.4.1) or an
 * edge router with a full BGP table (Sec. 6.4.2). */
static vs_err_t abilene(bool with_bgp, const scn_t **out)
{
    const scn_t *file;
    static const char *const no_bgp[] = {"virtual_routers[vr5].bgp=~"};
    *out = NULL;
    vs_err_t err = repro_load_example("abilene-vr5-bgp.yaml", with_bgp ? out : &file);
    if (err || with_bgp)
        return err;
    err = scn_derive(file, no_bgp, 1, out);
    scn_free(file);
    return err;
}

/* scn with these OSPF intervals (seconds) on VR5's adjacencies (both ends of a link share
 * them). *out: scn_free. */
static vs_err_t with_ospf(const scn_t *scn, int hello, int dead, int rxmt, const scn_t **out)
{
    char h[64], d[64], r[64];
    snprintf(h, sizeof h, "virtual_routers[vr5].ospf.hello=%ds", hello);
    snprintf(d, sizeof d, "virtual_routers[vr5].ospf.dead=%ds", dead);
    snprintf(r, sizeof r, "virtual_routers[vr5].ospf.retransmit=%ds", rxmt);
    const char *sets[] = {h, d, r};
    return scn_derive(scn, sets, 3, out);
}

static vs_err_t run_n(const scn_t *scn, uint64_t seed, int runs, run_results_t **out)
{
    run_opts_t ro = {.seed = seed, .has_seed = true, .runs = runs};
    return run_scenario(scn, &ro, out);
}

static vs_err_t abilene_vr5(uint64_t seed, bool with_bgp, run_results_t **out)
{
    const scn_t *scn;
    vs_err_t err = abilene(with_bgp, &scn);
    if (!err)
        err = run_n(scn, seed, 10, out);
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
    return repro_cell(r, "mean_downtime_s", 0.972, mean, "±5%", repro_within(mean, 0.972, 0.05));
}

vs_err_t repro_s08_bgp_downtime(uint64_t seed, repro_result_t *r)
{
    run_results_t *res;
    vs_err_t err = abilene_vr5(seed, true, &res);
    if (err)
        return err;
    double mean = mean_of(res, g_downtime), lost = mean_of(res, g_sessions);
    run_results_free(res);
    err = repro_cell(r, "mean_downtime_s", 3.560, mean, "±10%", repro_within(mean, 3.560, 0.10));
    if (!err)
        err = repro_cell(r, "bgp_sessions_lost", 0, lost, "exact", lost == 0);
    return err;
}

/* Fraction of runs in which no adjacency of VR5 went down, and the most hellos lost on one. */
static void survival(const run_results_t *res, double *fraction, int *hellos_max)
{
    int ok = 0;
    *hellos_max = 0;
    for (int i = 0; i < res->runs; i++) {
        const mig_result_t *m = &res->results[(size_t)i * res->n_migrations];
        ok += m->adjacencies_lost == 0;
        if (m->hellos_lost_max > *hellos_max)
            *hellos_max = m->hellos_lost_max;
    }
    *fraction = (double)ok / res->runs;
}

#define HELLO_RUNS 200 /* runs per setting: timer phases are random per run */

vs_err_t repro_s08_ospf_hello(uint64_t seed, repro_result_t *r)
{
    static const int hellos[] = {10, 5, 2, 1};
    const scn_t *scn, *v;
    vs_err_t err = abilene(false, &scn);
    for (int i = 0; i < 4 && !err; i++) {
        run_results_t *res;
        if ((err = with_ospf(scn, hellos[i], 4 * hellos[i], 5, &v)))
            break;
        err = run_n(v, seed, HELLO_RUNS, &res);
        scn_free(v);
        if (err)
            break;
        double frac;
        int hmax;
        survival(res, &frac, &hmax);
        run_results_free(res);
        char name[64];
        snprintf(name, sizeof name, "adjacencies_survive@hello=%ds", hellos[i]);
        err = repro_cell(r, name, 1.0, frac, ">= 0.99 of runs", frac >= 0.99);
        snprintf(name, sizeof name, "max_hellos_lost@hello=%ds", hellos[i]);
        if (!err)
            err = repro_cell_text(r, name, "at most one", hmax, "reported", true);
    }
    scn_free(scn);
    return err;
}

/* The most time a flap's LSA took to reach VR5, over flaps placed across the downtime. */
static vs_err_t lsa_staleness(const scn_t *base, uint64_t seed, int rxmt, double *max_s)
{
    const scn_t *scn, *v;
    vs_err_t err = with_ospf(base, 10, 40, rxmt, &scn);
    if (err)
        return err;
    /* The downtime of this seed's run: events elsewhere do not change it (own streams). */
    run_results_t *res;
    if ((err = run_n(scn, seed, 1, &res)))
        goto out;
    sim_time_t t3 = res->results[0].t[MIG_T3_SUSPEND], down = res->results[0].downtime;
    run_results_free(res);
    *max_s = 0;
    char flap[160];
    const char *sets[] = {flap};
    for (int k = 1; k < 10 && !err; k++) { /* flaps at 10%, 20%, ... 90% of the downtime */
        snprintf(flap, sizeof flap, "events=[{at: %lldns, link_flap: [vr2, vr3], down_for: 1s}]",
                 (long long)(t3 + down * k / 10));
        if ((err = scn_derive(scn, sets, 1, &v)))
            break;
        err = run_n(v, seed, 1, &res);
        scn_free(v);
        if (err)
            break;
        const mig_result_t *m = &res->results[0];
        if (m->lsas_missed > 0 && sim_to_s(m->max_staleness) > *max_s)
            *max_s = sim_to_s(m->max_staleness);
        run_results_free(res);
    }
out:
    scn_free(scn);
    return err;
}

vs_err_t repro_s08_lsa_missed(uint64_t seed, repro_result_t *r)
{
    const scn_t *scn;
    vs_err_t err = abilene(false, &scn);
    double def = 0, fast = 0;
    if (!err)
        err = lsa_staleness(scn, seed, 5, &def);
    if (!err)
        err = lsa_staleness(scn, seed, 1, &fast);
    scn_free(scn);
    if (!err)
        err = repro_cell(r, "lsa_arrival_after_flap_s@rxmt=5s", 5.0, def, "±10%", repro_within(def, 5.0, 0.10));
    if (!err)
        err = repro_cell(r, "max_lsa_arrival_after_flap_s@rxmt=1s", 2.0, fast, "(1 s, 2.2 s]",
                         fast > 1.0 && fast <= 2.2);
    return err;
}

vs_err_t repro_s08_bgp_min_hello(uint64_t seed, repro_result_t *r)
{
    const scn_t *scn, *v;
    vs_err_t err = abilene(true, &scn);
    int found = 0;
    for (int h = 1; h <= 10 && !err && !found; h++) {
        run_results_t *res;
        if ((err = with_ospf(scn, h, 4 * h, 5, &v)))
            break;
        err = run_n(v, seed, HELLO_RUNS, &res);
        scn_free(v);
        if (err)
            break;
        double frac;
        int hmax;
        survival(res, &frac, &hmax);
        run_results_free(res);
        if (frac == 1.0)
            found = h;
    }
    scn_free(scn);
    if (!err)
        err = repro_cell(r, "min_hello_s", 2, found, "exact", found == 2);
    return err;
}
