/* models/fluid: max-min fair rates with demands, and agreement with the packet mode. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "fluid.h"
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

int main(void)
{
    Suite *s = suite_create("fluid");
    TCase *tc = tcase_create("maxmin");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, textbook);
    tcase_add_test(tc, random_against_reference);
    tcase_add_test(tc, large_and_rerated);
    tcase_add_test(tc, packet_and_fluid_agree);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
