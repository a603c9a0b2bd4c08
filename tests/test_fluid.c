/* models/fluid: max-min fair rates with demands, and agreement with the packet mode. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "fluid.h"
#include "hw_profile.h"
#include "run.h"
#include "scenario.h"
#include "vs_scn_check.h"
#include "scenario_flows.h"
#include "sim_rng.h"
#include "traffic.h"

/* Bertsekas & Gallager's example (Data Networks, Sec. 6.5.2, Fig. 6.21 in spirit): links of
 * capacity 1; flow 0 crosses links 0,1,2; flows 1, 2, 3 one link each (0, 1, 2); link 2 also
 * has flow 4. Max-min: link 2 is the bottleneck at 1/3 for flows 0, 3, 4; flows 1 and 2 get
 * 2/3. */
START_TEST(textbook)
{
    double cap[3] = {1, 1, 1};
    fluid_t *f;
    ck_assert_int_eq(fluid_create(3, cap, &f), VS_OK);
    uint32_t p0[] = {0, 1, 2}, p1[] = {0}, p2[] = {1}, p3[] = {2}, p4[] = {2};
    ck_assert_int_eq(fluid_add_flow(f, p0, 3, 10), VS_OK);
    ck_assert_int_eq(fluid_add_flow(f, p1, 1, 10), VS_OK);
    ck_assert_int_eq(fluid_add_flow(f, p2, 1, 10), VS_OK);
    ck_assert_int_eq(fluid_add_flow(f, p3, 1, 10), VS_OK);
    ck_assert_int_eq(fluid_add_flow(f, p4, 1, 10), VS_OK);
    ck_assert_int_eq(fluid_solve(f), VS_OK);
    ck_assert_double_eq_tol(fluid_rate(f, 0), 1.0 / 3, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 1), 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 2), 2.0 / 3, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 3), 1.0 / 3, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 4), 1.0 / 3, 1e-12);
    ck_assert_uint_eq(fluid_saturated_links(f), 3);
    /* Demands: flow 4 wants only 0.1: the others on link 2 share 0.9. */
    fluid_set_demand(f, 4, 0.1);
    ck_assert_int_eq(fluid_solve(f), VS_OK);
    ck_assert_double_eq_tol(fluid_rate(f, 4), 0.1, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 0), 0.45, 1e-12);
    ck_assert_double_eq_tol(fluid_rate(f, 1), 0.55, 1e-12);
    /* An inactive flow gets nothing and takes nothing. */
    fluid_set_demand(f, 0, 0);
    ck_assert_int_eq(fluid_solve(f), VS_OK);
    ck_assert_double_eq_tol(fluid_rate(f, 0), 0, 1e-15);
    ck_assert_double_eq_tol(fluid_rate(f, 1), 1, 1e-12);
    ck_assert_double_eq_tol(fluid_link_load(f, 2), 1, 1e-12);
    fluid_destroy(f);
}
END_TEST

/* Reference: plain progressive filling, one level at a time (O(F * L) per step). */
static void reference(size_t nl, const double *cap, size_t nf, const uint32_t *paths, const size_t *off,
                      const double *dem, double *rate)
{
    double *rem = malloc(nl * sizeof *rem);
    int *frozen = calloc(nf, sizeof *frozen);
    size_t *cnt = malloc(nl * sizeof *cnt);
    memcpy(rem, cap, nl * sizeof *rem);
    for (size_t k = 0; k < nf; k++) {
        rate[k] = 0;
        frozen[k] = dem[k] <= 0;
    }
    double level = 0;
    for (;;) {
        memset(cnt, 0, nl * sizeof *cnt);
        size_t live = 0;
        for (size_t k = 0; k < nf; k++)
            if (!frozen[k]) {
                live++;
                for (size_t i = off[k]; i < off[k + 1]; i++)
                    cnt[paths[i]]++;
            }
        if (!live)
            break;
        double step = INFINITY;
        for (size_t l = 0; l < nl; l++)
            if (cnt[l])
                step = fmin(step, rem[l] / cnt[l]);
        for (size_t k = 0; k < nf; k++)
            if (!frozen[k])
                step = fmin(step, dem[k] - level);
        level += step;
        for (size_t l = 0; l < nl; l++)
            rem[l] -= step * cnt[l];
        for (size_t k = 0; k < nf; k++) {
            if (frozen[k])
                continue;
            rate[k] = level;
            bool stop = dem[k] - level <= 1e-12 * dem[k];
            for (size_t i = off[k]; i < off[k + 1] && !stop; i++)
                stop = rem[paths[i]] <= 1e-9 * cap[paths[i]];
            if (stop)
                frozen[k] = 1;
        }
    }
    free(rem);
    free(frozen);
    free(cnt);
}

/* Random networks: the solver agrees with the reference within 1e-6 relative. */
START_TEST(random_against_reference)
{
    sim_rng_t rng;
    sim_rng_init(&rng, 42, 1);
    for (int trial = 0; trial < 30; trial++) {
        size_t nl = 2 + sim_rng_below(&rng, 20), nf = 1 + sim_rng_below(&rng, 60);
        double *cap = malloc(nl * sizeof *cap), *dem = malloc(nf * sizeof *dem), *ref = malloc(nf * sizeof *ref);
        uint32_t *paths = malloc(nf * 6 * sizeof *paths);
        size_t *off = malloc((nf + 1) * sizeof *off), n = 0;
        for (size_t l = 0; l < nl; l++)
            cap[l] = sim_rng_uniform(&rng, 1, 10);
        fluid_t *f;
        ck_assert_int_eq(fluid_create(nl, cap, &f), VS_OK);
        off[0] = 0;
        for (size_t k = 0; k < nf; k++) {
            size_t len = 1 + sim_rng_below(&rng, 5), start = n;
            for (size_t i = 0; i < len; i++) {
                uint32_t l = (uint32_t)sim_rng_below(&rng, nl);
                bool dup = false;
                for (size_t j = start; j < n; j++)
                    dup = dup || paths[j] == l;
                if (!dup)
                    paths[n++] = l;
            }
            off[k + 1] = n;
            dem[k] = sim_rng_below(&rng, 4) == 0 ? 0 : sim_rng_uniform(&rng, 0.01, 5);
            ck_assert_int_eq(fluid_add_flow(f, paths + start, n - start, dem[k]), VS_OK);
        }
        ck_assert_int_eq(fluid_solve(f), VS_OK);
        reference(nl, cap, nf, paths, off, dem, ref);
        for (size_t k = 0; k < nf; k++)
            ck_assert_msg(fabs(fluid_rate(f, k) - ref[k]) <= 1e-6 * fmax(1, ref[k]),
                          "trial %d flow %zu: %g vs reference %g", trial, k, fluid_rate(f, k), ref[k]);
        for (size_t l = 0; l < nl; l++)
            ck_assert(fluid_link_load(f, l) <= cap[l] * (1 + 1e-9));
        fluid_destroy(f);
        free(cap);
        free(dem);
        free(ref);
        free(paths);
        free(off);
    }
}
END_TEST

/* Many flows (the solver renumbers its slots on the first solve): still the reference's
 * rates, by the caller's flow numbers, across re-rating. */
START_TEST(large_and_rerated)
{
    sim_rng_t rng;
    sim_rng_init(&rng, 7, 3);
    size_t nl = 40, nf = 6000, n = 0;
    double *cap = malloc(nl * sizeof *cap), *dem = malloc(nf * sizeof *dem), *ref = malloc(nf * sizeof *ref);
    uint32_t *paths = malloc(nf * 6 * sizeof *paths);
    size_t *off = malloc((nf + 1) * sizeof *off);
    for (size_t l = 0; l < nl; l++)
        cap[l] = sim_rng_uniform(&rng, 100, 1000);
    fluid_t *f;
    ck_assert_int_eq(fluid_create(nl, cap, &f), VS_OK);
    off[0] = 0;
    for (size_t k = 0; k < nf; k++) {
        size_t start = n;
        uint32_t a = (uint32_t)sim_rng_below(&rng, nl), len = 1 + (uint32_t)sim_rng_below(&rng, 4);
        for (uint32_t i = 0; i < len; i++)
            paths[n++] = (a + 7 * i) % (uint32_t)nl;
        off[k + 1] = n;
        dem[k] = sim_rng_exp(&rng, 0.3);
        ck_assert_int_eq(fluid_add_flow(f, paths + start, n - start, dem[k]), VS_OK);
    }
    for (int round = 0; round < 3; round++) {
        ck_assert_int_eq(fluid_solve(f), VS_OK);
        reference(nl, cap, nf, paths, off, dem, ref);
        for (size_t k = 0; k < nf; k++)
            ck_assert_msg(fabs(fluid_rate(f, k) - ref[k]) <= 1e-6 * fmax(1, ref[k]),
                          "round %d flow %zu: %g vs reference %g", round, k, fluid_rate(f, k), ref[k]);
        for (size_t k = 0; k < nf; k++) { /* re-rate: scale, and silence every 5th */
            dem[k] = k % 5 == (size_t)round ? 0 : dem[k] * 1.7 + (round ? 0 : 0.01);
            fluid_set_demand(f, k, dem[k]);
        }
    }
    fluid_destroy(f);
    free(cap);
    free(dem);
    free(ref);
    free(paths);
    free(off);
}
END_TEST

/* The shared scenario in both modes: each flow's throughput within 5%. */
START_TEST(packet_and_fluid_agree)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/dumbbell-fluid.yaml", VS_SOURCE_DIR);
    const scn_t *scn = NULL;
    ck_assert_msg(scn_load(path, &scn) == VS_OK, "%s", vs_errmsg());
    run_results_t *pk = NULL, *fl = NULL;
    ck_assert_msg(run_scenario(scn, NULL, &pk) == VS_OK, "%s", vs_errmsg());
    scn = scn_with(scn, "data_plane.model=fluid");
    ck_assert_msg(run_scenario(scn, NULL, &fl) == VS_OK, "%s", vs_errmsg());
    ck_assert_uint_eq(pk->traffic[0].n_flows, 3);
    for (size_t k = 0; k < 3; k++) {
        double a = pk->traffic[0].flows[k].throughput_bps, b = fl->traffic[0].flows[k].throughput_bps;
        ck_assert_msg(fabs(a - b) <= 0.05 * b, "flow %s: packet %g bit/s, fluid %g bit/s",
                      pk->traffic[0].flows[k].name, a, b);
    }
    /* And the fluid figures are the hand-computed max-min ones. */
    ck_assert_double_eq_tol(fl->traffic[0].flows[0].throughput_bps, 600e6, 1);
    ck_assert_double_eq_tol(fl->traffic[0].flows[1].throughput_bps, 500e6, 1);
    ck_assert_double_eq_tol(fl->traffic[0].flows[2].throughput_bps, 250e6, 1);
    run_results_free(pk);
    run_results_free(fl);
    scn_free(scn);
}
END_TEST

/* Replacing paths (shorter ones in place, longer ones moved to the pool's end, before and
 * after the first solve renumbers the slots) gives the rates of a solver built afresh with
 * the final paths. */
static void random_path(sim_rng_t *rng, uint32_t nl, uint32_t *p, size_t *n)
{
    uint32_t a = (uint32_t)sim_rng_below(rng, nl), len = (uint32_t)sim_rng_below(rng, 7);
    for (uint32_t i = 0; i < len; i++)
        p[i] = (a + 5 * i) % nl;
    *n = len;
}

START_TEST(repath_matches_fresh)
{
    sim_rng_t rng;
    sim_rng_init(&rng, 11, 5);
    uint32_t nl = 30;
    size_t nf = 5000;
    double cap[30], *dem = malloc(nf * sizeof *dem);
    uint32_t *paths = malloc(nf * 8 * sizeof *paths);
    size_t *len = malloc(nf * sizeof *len);
    for (uint32_t l = 0; l < nl; l++)
        cap[l] = sim_rng_uniform(&rng, 100, 1000);
    fluid_t *f, *g;
    ck_assert_int_eq(fluid_create(nl, cap, &f), VS_OK);
    for (size_t k = 0; k < nf; k++) {
        random_path(&rng, nl, paths + 8 * k, &len[k]);
        dem[k] = sim_rng_exp(&rng, 0.3);
        ck_assert_int_eq(fluid_add_flow(f, paths + 8 * k, len[k], dem[k]), VS_OK);
    }
    for (int round = 0; round < 4; round++) {
        ck_assert_int_eq(fluid_solve(f), VS_OK);
        for (size_t k = (size_t)round; k < nf; k += 3) {
            random_path(&rng, nl, paths + 8 * k, &len[k]);
            ck_assert_int_eq(fluid_set_path(f, k, paths + 8 * k, len[k]), VS_OK);
        }
    }
    uint32_t bad = 99;
    ck_assert_int_eq(fluid_set_path(f, 0, &bad, 1), VS_EINVAL);
    ck_assert_int_eq(fluid_solve(f), VS_OK);
    ck_assert_int_eq(fluid_create(nl, cap, &g), VS_OK);
    for (size_t k = 0; k < nf; k++)
        ck_assert_int_eq(fluid_add_flow(g, paths + 8 * k, len[k], dem[k]), VS_OK);
    ck_assert_int_eq(fluid_solve(g), VS_OK);
    for (size_t k = 0; k < nf; k++)
        ck_assert_msg(fabs(fluid_rate(f, k) - fluid_rate(g, k)) <= 1e-9 * fmax(1, fluid_rate(g, k)),
                      "flow %zu: %g after re-paths, %g afresh", k, fluid_rate(f, k), fluid_rate(g, k));
    for (uint32_t l = 0; l < nl; l++)
        ck_assert_double_eq_tol(fluid_link_load(f, l), fluid_link_load(g, l), 1e-6);
    fluid_destroy(f);
    fluid_destroy(g);
    free(dem);
    free(paths);
    free(len);
}
END_TEST

static run_results_t *run_model(const scn_t **scn, const char *model)
{
    char set[64];
    snprintf(set, sizeof set, "data_plane.model=%s", model);
    *scn = scn_with(*scn, set);
    run_results_t *r = NULL;
    ck_assert_msg(run_scenario(*scn, NULL, &r) == VS_OK, "%s", vs_errmsg());
    return r;
}

/* A ring of four VRs on four routers (1 ms links); a flow v0 -> v1 of 80 Mbit/s in 100-byte
 * packets; v0-v1 goes down at 1 s for good (OSPF's dead interval is not waited for: the
 * carrier is lost at both ends, docs/routing.md). The links are listed so that v3's route
 * to v1 is via v2 from the start (igp.h: fewest hops, links tried in index order from the
 * destination outwards), so v0's new route makes no transient loop. */
static const char *ring =
    "version: 1\nname: ring-fluid\nuntil: 5s\n"
    "physical_routers: [{name: p0, data_plane: linux-netlink}, {name: p1, data_plane: linux-netlink},"
    " {name: p2, data_plane: linux-netlink}, {name: p3, data_plane: linux-netlink}]\n"
    "links: [{a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}, {a: p1, b: p2, bandwidth: 1Gbps, delay: 1ms},"
    " {a: p2, b: p3, bandwidth: 1Gbps, delay: 1ms}, {a: p3, b: p0, bandwidth: 1Gbps, delay: 1ms}]\n"
    "virtual_routers: [{name: v0, host: p0}, {name: v1, host: p1}, {name: v2, host: p2}, {name: v3, host: p3}]\n"
    "virtual_links: [{a: v1, b: v2}, {a: v2, b: v3}, {a: v3, b: v0}, {a: v0, b: v1}]\n"
    "events: [{at: 1s, link_flap: [v0, v1], down_for: 10s}]\n"
    "data_plane: {model: packet}\n"
    "flows: [{name: f, from: v0, to: v1, rate: 80Mbps, packet: 100B}]\n";

/* The fluid flow follows the route in force: what v0 sends into the dead link until its FIB
 * is rewritten is lost (80 Mbit/s for the first route write's cost c, as test_igp derives
 * it: RPC + replace + batch overhead of linux-netlink), then it goes round the ring, three
 * hops of 1 ms + 0.8 us serialization instead of one. The packet model agrees. */
START_TEST(fluid_follows_link_down)
{
    const scn_t *scn = NULL;
    ck_assert_msg(scn_load_string("ring", ring, &scn) == VS_OK, "%s", vs_errmsg());
    const hw_profile_t *prof = NULL;
    ck_assert_int_eq(hw_profile_load(scn->prouters[0].fib_profile, &prof), VS_OK);
    double c = sim_to_s(prof->fib.rpc_ns + prof->fib.replace_ns + prof->fib.batch_overhead_ns);
    hw_profile_free(prof);
    run_results_t *pk = run_model(&scn, "packet"), *fl = run_model(&scn, "fluid");
    const tfc_flow_result_t *a = &pk->traffic[0].flows[0], *b = &fl->traffic[0].flows[0];
    double lost = 80e6 * c / 800; /* packets */
    ck_assert(lost > 1);
    ck_assert_uint_eq(b->lost_routing, (uint64_t)llround(lost));
    ck_assert_uint_eq(b->lost, b->lost_routing);
    ck_assert_uint_eq(b->sent, 500000);
    ck_assert(fabs((double)a->lost_routing - lost) <= 1);
    double d1 = 1e-3 + 0.8e-6, d3 = 3 * d1; /* one hop, three */
    ck_assert_double_eq_tol(b->delay_min_s, d1, 1e-12);
    ck_assert_double_eq_tol(b->delay_max_s, d3, 1e-12);
    double mean = (1.0 * d1 + (4.0 - c) * d3) / (5.0 - c);
    ck_assert_double_eq_tol(b->delay_mean_s, mean, 1e-9);
    ck_assert_msg(fabs(a->delay_mean_s - b->delay_mean_s) <= 0.02 * b->delay_mean_s, "packet %g s, fluid %g s",
                  a->delay_mean_s, b->delay_mean_s);
    run_results_free(pk);
    run_results_free(fl);
    scn_free(scn);
}
END_TEST

/* examples/diamond-hd-traffic.yaml with a 100 Mbit/s CBR flow vr0 -> vr2 across vr1, which
 * migrates. VROOM (double data planes): nothing lost, the tunnel's detour seen in the delay
 * as in the packet model. Stall-and-copy: vr1's data plane is gone from the suspend (t3) to
 * the last link's re-homing (t6), and the flow loses 100 Mbit/s over that span exactly. */
START_TEST(fluid_follows_migration)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/diamond-hd-traffic.yaml", VS_SOURCE_DIR);
    for (int stall = 0; stall < 2; stall++) {
        const scn_t *scn = NULL;
        ck_assert_msg(scn_load(path, &scn) == VS_OK, "%s", vs_errmsg());
        scn = scn_with(scn, "flows[0].round_trip=false");
        scn = scn_with(scn, "flows[0].pps=12.5kpps");
        scn = scn_with(scn, "flows[0].packet=1000B");
        if (stall)
            scn = scn_with(scn, "migrations[0].mechanism=stall-and-copy");
        run_results_t *pk = run_model(&scn, "packet"), *fl = run_model(&scn, "fluid");
        const tfc_flow_result_t *a = &pk->traffic[0].flows[0], *b = &fl->traffic[0].flows[0];
        const mig_result_t *m = &fl->results[0];
        double down = sim_to_s(m->t[MIG_T6_DONE] - m->t[MIG_T3_SUSPEND]);
        double lost = stall ? 100e6 * down / 8000 : 0;
        ck_assert_msg(fabs((double)b->lost_no_dp - lost) <= 1, "fluid lost %" PRIu64 ", hand %g", b->lost_no_dp, lost);
        ck_assert_uint_eq(b->lost, b->lost_no_dp);
        ck_assert_msg(fabs((double)a->lost - lost) <= 0.01 * lost + 2, "packet lost %" PRIu64 ", hand %g", a->lost, lost);
        ck_assert_double_eq_tol(a->delay_max_s, b->delay_max_s, 1e-9);
        ck_assert_msg(fabs(a->delay_mean_s - b->delay_mean_s) <= 0.02 * b->delay_mean_s, "packet %g s, fluid %g s",
                      a->delay_mean_s, b->delay_mean_s);
        if (!stall)
            ck_assert(b->delay_max_s > b->delay_min_s * 1.2); /* the tunnel's detour */
        run_results_free(pk);
        run_results_free(fl);
        scn_free(scn);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fluid");
    TCase *tc = tcase_create("maxmin");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, textbook);
    tcase_add_test(tc, random_against_reference);
    tcase_add_test(tc, large_and_rerated);
    tcase_add_test(tc, packet_and_fluid_agree);
    tcase_add_test(tc, repath_matches_fresh);
    tcase_add_test(tc, fluid_follows_link_down);
    tcase_add_test(tc, fluid_follows_migration);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
