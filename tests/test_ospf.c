/* OSPF timer model: hand-worked cases (docs/timers.md derives each expectation). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "ospf.h"
#include "sim.h"

static ospf_study_params_t study(double hello, double dead, double down, rt_clock_mode_t clock,
                                 uint32_t runs)
{
    ospf_study_params_t sp = {
        .hello = sim_from_s(hello), .dead = sim_from_s(dead), .rxmt = SIM_S(5),
        .neighbors = 1, .clock = clock, .downtime = sim_from_s(down), .runs = runs, .seed = 1,
    };
    return sp;
}

static double survival(double hello, double dead, double down, rt_clock_mode_t clock,
                       uint32_t runs, size_t neighbors)
{
    ospf_study_params_t sp = study(hello, dead, down, clock, runs);
    sp.neighbors = neighbors;
    ospf_study_result_t r;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_OK);
    ck_assert_uint_eq(r.runs, runs);
    return r.survival_probability;
}

START_TEST(short_freeze_never_drops)
{
    /* D <= dead - hello: whatever the phases, a hello reaches each side in time. */
    for (int c = 0; c < 2; c++) {
        ck_assert_double_eq(survival(10, 40, 30, (rt_clock_mode_t)c, 300, 2), 1.0);
        ck_assert_double_eq(survival(10, 40, 12.5, (rt_clock_mode_t)c, 300, 2), 1.0);
        ck_assert_double_eq(survival(1, 4, 2.999, (rt_clock_mode_t)c, 300, 3), 1.0);
    }
}
END_TEST

START_TEST(long_freeze_always_drops)
{
    for (int c = 0; c < 2; c++) {
        ck_assert_double_eq(survival(10, 40, 40.001, (rt_clock_mode_t)c, 300, 1), 0.0);
        ck_assert_double_eq(survival(1, 4, 5, (rt_clock_mode_t)c, 300, 2), 0.0);
    }
}
END_TEST

START_TEST(running_matches_uniform_phase)
{
    /* Running clock, D in [dead - hello, dead]: the neighbour keeps the adjacency iff the
     * router's last hello is at most dead - D old at the freeze (phase phi < dead - D), and the
     * router's own dead timer survives iff the neighbour's last hello is at most dead - D old
     * (psi). Both ages are independent uniforms on [0, hello): P = ((dead - D) / hello)^2. */
    const double cases[][2] = {{3.5, 0.25}, {3.2, 0.64}, {3.9, 0.01}};
    for (size_t i = 0; i < 3; i++) {
        double p = survival(1, 4, cases[i][0], RT_CLOCK_RUNNING, 4000, 1);
        /* 4000 runs: standard error <= 0.008; tolerance ~4 sigma */
        ck_assert_msg(fabs(p - cases[i][1]) < 0.03, "D=%g: simulated %g, analytic %g", cases[i][0],
                      p, cases[i][1]);
    }
    /* Two neighbours: each adjacency has its own two independent phases: P = p^4. */
    double p2 = survival(1, 4, 3.3, RT_CLOCK_RUNNING, 4000, 2);
    ck_assert_msg(fabs(p2 - pow(0.7, 4)) < 0.03, "2 neighbours: simulated %g, analytic %g", p2,
                  pow(0.7, 4));
    /* Same over 10 s hellos (the Cisco default) */
    double p = survival(10, 40, 35, RT_CLOCK_RUNNING, 4000, 1);
    ck_assert_msg(fabs(p - 0.25) < 0.03, "simulated %g, analytic 0.25", p);
}
END_TEST

START_TEST(paused_is_a_step)
{
    /* Paused clock: the router's next hello comes hello - phi after the resume, so the
     * neighbour waits D + hello after the last one: survives iff D <= dead - hello. */
    ck_assert_double_eq(survival(1, 4, 3.0, RT_CLOCK_PAUSED, 500, 1), 1.0);
    ck_assert_double_eq(survival(1, 4, 3.001, RT_CLOCK_PAUSED, 500, 1), 0.0);
    ck_assert_double_eq(survival(1, 4, 3.5, RT_CLOCK_PAUSED, 500, 1), 0.0);
}
END_TEST

START_TEST(seed001_one_second_hello)
{
    /* Seed 001 Section 6.4.1's setting (hello 1 s, dead 4 s, a freeze of about 0.972 s):
     * the model must give survival and at most one hello lost from the mechanism alone. */
    ospf_study_params_t sp = study(1, 4, 0.972, RT_CLOCK_RUNNING, 1000);
    sp.neighbors = 2;
    ospf_study_result_t r;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_OK);
    ck_assert_double_eq(r.survival_probability, 1.0);
    ck_assert_uint_le(r.hellos_lost_max, 1);
    ck_assert_uint_gt(r.hellos_lost_hist[1], 0);
    ck_assert_uint_gt(r.hellos_lost_hist[0], 0);
}
END_TEST

typedef struct {
    ospf_t *o;
} box_t;

static void ev_freeze(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    ospf_freeze(sim, ((box_t *)ctx)->o);
}

static void ev_resume(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    ospf_resume(sim, ((box_t *)ctx)->o);
}

/* What hand() gives the instance; the queue tests set it (each test runs in its own fork). */
static rt_rx_mode_t hand_rx = RT_RX_DROP;

/* One router, one neighbour, fixed phases; freeze [t_f, t_f + d). */
static ospf_t *hand(sim_t **sim, box_t *box, rt_clock_mode_t clock, double hello, double dead,
                    double rxmt, double rphase, double nphase, double t_f, double d)
{
    static const char *nbrs[] = {"N"};
    sim_config_t cfg = {.seed = 7};
    ck_assert_int_eq(sim_create(&cfg, sim), VS_OK);
    sim_time_t rp = sim_from_s(rphase), np = sim_from_s(nphase);
    ospf_params_t p = {.router = "R", .neighbors = nbrs, .n_neighbors = 1,
                       .hello = sim_from_s(hello), .dead = sim_from_s(dead),
                       .rxmt = sim_from_s(rxmt), .clock = clock, .frozen_rx = hand_rx,
                       .seed = 7, .router_phase = &rp, .neighbor_phase = &np};
    ck_assert_int_eq(ospf_create(*sim, &p, &box->o), VS_OK);
    sim_at(*sim, sim_from_s(t_f), ev_freeze, box, 0);
    sim_at(*sim, sim_from_s(t_f + d), ev_resume, box, 0);
    return box->o;
}

START_TEST(running_vs_paused_hand_case)
{
    /* hello 10, dead 40; router hellos at 0, 10, ..., 100; neighbour hellos at 9, 19, ...,
     * 99; freeze [101, 137).
     * running: the router's hello due at 110 fires at 137, before the neighbour's dead timer
     *   (100 + 40); the router's own dead timer (99 + 40) has not expired at 137 and the
     *   neighbour's hello sent at 139 refreshes it: survives. Lost: 109, 119, 129 (3).
     *   Unsent: 110, 120, 130 (3). The neighbour's longest silence: 100 -> 137.
     * paused: the hello due at 110 comes 36 s late, at 146; the neighbour's dead timer fires
     *   at 140 (+1 ns: strictly more than dead). */
    sim_t *sim;
    box_t box;
    ospf_t *o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, 5, 0, 9, 101, 36);
    sim_run(sim, SIM_S(300));
    const ospf_nbr_result_t *r = ospf_neighbor_result(o, 0);
    ck_assert_uint_eq(r->drops, 0);
    ck_assert(r->up);
    ck_assert_uint_eq(r->hellos_lost, 3);
    ck_assert_uint_eq(r->hellos_unsent, 3);
    ck_assert_int_eq(r->hello_gap_max, SIM_S(37));
    ospf_destroy(o);
    sim_destroy(sim);

    o = hand(&sim, &box, RT_CLOCK_PAUSED, 10, 40, 5, 0, 9, 101, 36);
    sim_run(sim, SIM_S(300));
    r = ospf_neighbor_result(o, 0);
    ck_assert_uint_ge(r->drops, 1);
    ck_assert_int_eq(r->first_drop_cause, OSPF_DROP_NEIGHBOR_DEAD);
    ck_assert_int_eq(r->first_drop_at, SIM_S(140) + 1);
    ospf_destroy(o);
    sim_destroy(sim);

    /* running, the other side: neighbour hellos at 5, 15, ..., 95; freeze [101, 137): the
     * router's dead timer (95 + 40) expired during the freeze and fires at the resume, after
     * its late hello (due 110, which still lists the neighbour). */
    o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, 5, 0, 5, 101, 36);
    sim_run(sim, SIM_S(300));
    r = ospf_neighbor_result(o, 0);
    ck_assert_int_eq(r->first_drop_cause, OSPF_DROP_ROUTER_DEAD);
    ck_assert_int_eq(r->first_drop_at, SIM_S(137));
    ospf_destroy(o);
    sim_destroy(sim);
}
END_TEST

START_TEST(lsa_first_retransmission_after_resume)
{
    /* An LSA reaching the neighbour at t_l inside the freeze [t_f, t_r) is lost at the
     * router; the neighbour retransmits every RxmtInterval R, so the router installs it at
     * t_l + k R with k = ceil((t_r - t_l) / R): the first retransmission at or after resume. */
    const double cases[][4] = {
        /* rxmt, t_f, d, offset of the LSA in the freeze */
        {5, 100, 1, 0.3}, {5, 100, 0.972, 0.0}, {1, 100, 1.5, 0.2}, {1, 100, 1.5, 0.5},
        {1, 100, 1.5, 0.7}, {1, 100, 0.972, 0.9}, {2, 100, 5, 0.1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double R = cases[i][0], t_f = cases[i][1], d = cases[i][2], t_l = t_f + cases[i][3];
        for (int c = 0; c < 2; c++) {
            sim_t *sim;
            box_t box;
            ospf_t *o = hand(&sim, &box, (rt_clock_mode_t)c, 10, 40, R, 1, 2, t_f, d);
            sim_time_t reach = sim_from_s(t_l);
            int id;
            ck_assert_int_eq(ospf_network_event(sim, o, reach, &reach, &id), VS_OK);
            sim_run(sim, SIM_S(200));
            ospf_lsa_result_t l;
            ck_assert_int_eq(ospf_lsa_result(o, id, &l), VS_OK);
            double k = ceil((t_f + d - t_l) / R - 1e-12);
            sim_time_t expect = sim_from_s(t_l + k * R);
            ck_assert(l.missed);
            ck_assert(l.by_retransmission);
            ck_assert_uint_eq(l.retransmissions, (uint32_t)k);
            ck_assert_msg(llabs(l.installed - expect) <= 2, "case %zu: installed %lld, expected %lld",
                          i, (long long)l.installed, (long long)expect);
            ospf_result_t res;
            ospf_result(o, &res);
            ck_assert_uint_eq(res.lsas_missed, 1);
            ck_assert_int_eq(res.staleness_max, l.installed - l.originated);
            ospf_destroy(o);
            sim_destroy(sim);
        }
    }
}
END_TEST

START_TEST(lsa_outside_freeze_is_immediate)
{
    sim_t *sim;
    box_t box;
    ospf_t *o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, 5, 1, 2, 100, 1);
    sim_time_t reach = SIM_S(102);
    int id;
    ck_assert_int_eq(ospf_network_event(sim, o, SIM_S(102), &reach, &id), VS_OK);
    sim_run(sim, SIM_S(200));
    ospf_lsa_result_t l;
    ck_assert_int_eq(ospf_lsa_result(o, id, &l), VS_OK);
    ck_assert(!l.missed);
    ck_assert_int_eq(l.installed, SIM_S(102));
    ck_assert_uint_eq(l.retransmissions, 0);
    ospf_destroy(o);
    sim_destroy(sim);
}
END_TEST

START_TEST(queue_reads_after_expired_timers)
{
    /* --frozen-rx queue (SIGSTOP): the neighbour's hellos wait in the router's socket and are
     * read at the resume, after the timers that expired meanwhile (FRR: thread_fetch posts
     * timers before I/O). hello 10, dead 40, freeze [101, 137), router hellos at 0, 10, ...
     * Neighbour hellos at 5, ..., 95, then 105, 115, 125, 135 queued: the router's dead timer
     * (95 + 40) fires at 137 first: the adjacency drops although four hellos are waiting;
     * the first of them then brings it back. */
    hand_rx = RT_RX_QUEUE;
    sim_t *sim;
    box_t box;
    ospf_t *o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, 5, 0, 5, 101, 36);
    sim_run(sim, SIM_S(300));
    const ospf_nbr_result_t *r = ospf_neighbor_result(o, 0);
    ck_assert_int_eq(r->first_drop_cause, OSPF_DROP_ROUTER_DEAD);
    ck_assert_int_eq(r->first_drop_at, SIM_S(137));
    ck_assert_uint_eq(r->drops, 1);
    ck_assert_uint_eq(r->hellos_queued, 4);
    ck_assert_uint_eq(r->hellos_lost, 0);
    ck_assert(r->up);
    ospf_destroy(o);
    sim_destroy(sim);
    /* Neighbour hellos at 9, ..., 99: the dead timer (139) outlives the freeze; survives. */
    o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, 5, 0, 9, 101, 36);
    sim_run(sim, SIM_S(300));
    r = ospf_neighbor_result(o, 0);
    ck_assert_uint_eq(r->drops, 0);
    ck_assert_uint_eq(r->hellos_queued, 3);
    ospf_destroy(o);
    sim_destroy(sim);
}
END_TEST

START_TEST(queue_lsa_read_at_resume)
{
    /* Queued, an LSA reaching the router inside the freeze is installed at the resume: not
     * missed, whatever RxmtInterval. With R = 1 s and freeze [100, 101.5) an LSA at 100.2 is
     * also retransmitted at 101.2 (into the socket too): one retransmission, installed at
     * 101.5 from the first copy. */
    hand_rx = RT_RX_QUEUE;
    const double cases[][4] = {{5, 100, 1, 0.3}, {1, 100, 1.5, 0.2}, {2, 100, 5, 0.1}};
    for (size_t i = 0; i < 3; i++) {
        double R = cases[i][0], t_f = cases[i][1], d = cases[i][2], t_l = t_f + cases[i][3];
        sim_t *sim;
        box_t box;
        ospf_t *o = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 40, R, 1, 2, t_f, d);
        sim_time_t reach = sim_from_s(t_l);
        int id;
        ck_assert_int_eq(ospf_network_event(sim, o, reach, &reach, &id), VS_OK);
        sim_run(sim, SIM_S(200));
        ospf_lsa_result_t l;
        ck_assert_int_eq(ospf_lsa_result(o, id, &l), VS_OK);
        ck_assert(!l.missed);
        ck_assert(!l.by_retransmission);
        ck_assert_int_eq(l.installed, sim_from_s(t_f + d));
        ck_assert_uint_eq(l.retransmissions, (uint32_t)floor((t_f + d - t_l) / R));
        ospf_destroy(o);
        sim_destroy(sim);
    }
}
END_TEST

START_TEST(queue_same_survival_when_dead_is_whole_hellos)
{
    /* With dead a multiple of hello, the hello the router reads from its socket at the resume
     * is never the one that saves it (its dead timer fires first, or the next hello arrives
     * in time anyway): survival is the drop formula's, ((dead - D) / hello)^2. */
    ospf_study_params_t sp = study(1, 4, 3.5, RT_CLOCK_RUNNING, 4000);
    ospf_study_result_t q, d;
    ck_assert_int_eq(ospf_study(&sp, &d), VS_OK);
    sp.frozen_rx = RT_RX_QUEUE;
    ck_assert_int_eq(ospf_study(&sp, &q), VS_OK);
    ck_assert_double_eq(q.survival_probability, d.survival_probability);
    ck_assert_msg(fabs(q.survival_probability - 0.25) < 0.03, "%g", q.survival_probability);
    ck_assert_double_eq(q.hellos_lost_mean, 0);
}
END_TEST

START_TEST(study_lsa_staleness)
{
    /* LSA at a uniform time inside a 0.972 s freeze: with R = 5 s it is always missed and
     * always arrives exactly R after (D < R); with R = 1 s, D = 1.5 s at most 2 s. */
    ospf_study_params_t sp = study(10, 40, 0.972, RT_CLOCK_RUNNING, 200);
    sp.lsa = sp.lsa_random = true;
    ospf_study_result_t r;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_OK);
    ck_assert_uint_eq(r.lsa_missed, 200);
    ck_assert_double_eq_tol(r.staleness_max_s, 5.0, 1e-6);
    ck_assert_double_eq_tol(r.staleness_min_s, 5.0, 1e-6);
    sp.rxmt = SIM_S(1);
    sp.downtime = sim_from_s(1.5);
    ck_assert_int_eq(ospf_study(&sp, &r), VS_OK);
    ck_assert_double_le(r.staleness_max_s, 2.0 + 1e-9);
    ck_assert_double_gt(r.staleness_max_s, 1.5);
    ck_assert_double_ge(r.staleness_min_s, 1.0 - 1e-9);
}
END_TEST

START_TEST(study_is_deterministic)
{
    ospf_study_params_t sp = study(1, 4, 3.4, RT_CLOCK_RUNNING, 300);
    sp.neighbors = 3;
    sp.lsa = sp.lsa_random = true;
    ospf_study_result_t a, b;
    ck_assert_int_eq(ospf_study(&sp, &a), VS_OK);
    ck_assert_int_eq(ospf_study(&sp, &b), VS_OK);
    ck_assert_mem_eq(&a, &b, sizeof a);
    sp.seed = 2;
    ck_assert_int_eq(ospf_study(&sp, &b), VS_OK);
    ck_assert(a.survived != b.survived || a.hellos_lost_mean != b.hellos_lost_mean);
}
END_TEST

START_TEST(bad_parameters)
{
    ospf_study_result_t r;
    ospf_study_params_t sp = study(10, 10, 1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    sp = study(0, 40, 1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    sp = study(10, 40, -1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    sp = study(10, 40, 1, RT_CLOCK_RUNNING, 10);
    sp.rxmt = 0;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    sp = study(10, 40, 1, RT_CLOCK_RUNNING, 0);
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
}
END_TEST

/* The names, count and phase checks (shared with BGP, rt_star.h) speak OSPF's words. */
START_TEST(bad_names_and_phases)
{
    const char *nbrs[] = {"N1", NULL};
    sim_time_t bad = -1;
    ospf_params_t p = {.router = "R", .neighbors = nbrs, .n_neighbors = 1, .hello = SIM_S(10),
                       .dead = SIM_S(40), .rxmt = SIM_S(5)};
    ck_assert_int_eq(ospf_params_check(&p), VS_OK);
    p.n_neighbors = 5000;
    ck_assert_int_eq(ospf_params_check(&p), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "ospf: 5000 neighbours (expected 1 to 4096)");
    p.n_neighbors = 2;
    ck_assert_int_eq(ospf_params_check(&p), VS_EINVAL);
    ck_assert_str_eq(vs_errmsg(), "ospf: neighbour 1 has no name");
    p.n_neighbors = 1;
    p.router_phase = &bad;
    ck_assert_int_eq(ospf_params_check(&p), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "ospf: router phase 0 is outside [0, hello)");
    ospf_study_result_t r;
    ospf_study_params_t sp = study(10, 40, 1, RT_CLOCK_RUNNING, 10);
    sp.neighbors = 0;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "ospf: 0 neighbours (expected 1 to 4096)");
    sp.neighbors = 1;
    sp.downtime = -1;
    ck_assert_int_eq(ospf_study(&sp, &r), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "ospf study: the downtime is negative");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ospf");
    TCase *tc = tcase_create("ospf");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, short_freeze_never_drops);
    tcase_add_test(tc, long_freeze_always_drops);
    tcase_add_test(tc, running_matches_uniform_phase);
    tcase_add_test(tc, paused_is_a_step);
    tcase_add_test(tc, seed001_one_second_hello);
    tcase_add_test(tc, running_vs_paused_hand_case);
    tcase_add_test(tc, lsa_first_retransmission_after_resume);
    tcase_add_test(tc, lsa_outside_freeze_is_immediate);
    tcase_add_test(tc, study_lsa_staleness);
    tcase_add_test(tc, queue_reads_after_expired_timers);
    tcase_add_test(tc, queue_lsa_read_at_resume);
    tcase_add_test(tc, queue_same_survival_when_dead_is_whole_hellos);
    tcase_add_test(tc, study_is_deterministic);
    tcase_add_test(tc, bad_parameters);
    tcase_add_test(tc, bad_names_and_phases);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
