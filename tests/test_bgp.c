/* BGP timer model over TCP retransmission: hand-worked cases (docs/timers.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "bgp.h"
#include "sim.h"

typedef struct {
    bgp_t *b;
} box_t;

static void ev_freeze(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    bgp_freeze(sim, ((box_t *)ctx)->b);
}

static void ev_resume(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    bgp_resume(sim, ((box_t *)ctx)->b);
}

/* What hand() gives the instance; the queue tests set it (each test runs in its own fork). */
static rt_rx_mode_t hand_rx = RT_RX_DROP;

static bgp_t *hand(sim_t **sim, box_t *box, rt_clock_mode_t clock, double ka, double hold,
                   double rto, double rphase, double pphase, double t_f, double d)
{
    static const char *peers[] = {"P"};
    sim_config_t cfg = {.seed = 3};
    ck_assert_int_eq(sim_create(&cfg, sim), VS_OK);
    sim_time_t rp = sim_from_s(rphase), pp = sim_from_s(pphase);
    bgp_params_t p = {.router = "R", .peers = peers, .n_peers = 1, .keepalive = sim_from_s(ka),
                      .hold = sim_from_s(hold), .rto_initial = sim_from_s(rto),
                      .rto_max = TCP_LINUX_RTO_MAX, .clock = clock, .frozen_rx = hand_rx,
                      .seed = 3,
                      .router_phase = &rp, .peer_phase = &pp};
    ck_assert_int_eq(bgp_create(*sim, &p, &box->b), VS_OK);
    sim_at(*sim, sim_from_s(t_f), ev_freeze, box, 0);
    sim_at(*sim, sim_from_s(t_f + d), ev_resume, box, 0);
    return box->b;
}

START_TEST(backoff_hand_case)
{
    /* keepalive 1 s, RTO 0.3 s doubling, no delay. Router keepalives at 0, 1, ..., 10; the
     * peer's at 0.4, 1.4, ..., 9.4, 10.4, ... Freeze [10.2, 12.7).
     * The peer's 10.4 message is lost; its TCP retransmits at 10.7 (RTO now 0.6), 11.3 (1.2),
     * 12.5 (2.4; still frozen) and 14.9: the first retransmission after the resume, carrying
     * 10.4, 11.4, 12.4, 13.4 and 14.4 (queued while backing off). Buffered in the freeze:
     * 10.4, 11.4, 12.4.
     * hold 6 s: the router's hold timer (9.4 + 6) outlives 14.9 in both clock modes.
     * hold 4 s, running: it expires at 13.4 (+1 ns), after the resume and before 14.9;
     *           paused: it keeps 3.2 s of its 4 s at the freeze and expires at 15.9: survives. */
    for (int c = 0; c < 2; c++) {
        sim_t *sim;
        box_t box;
        bgp_t *b = hand(&sim, &box, (rt_clock_mode_t)c, 1, 6, 0.3, 0, 0.4, 10.2, 2.5);
        sim_run(sim, SIM_S(40));
        const bgp_peer_result_t *r = bgp_peer_result(b, 0);
        ck_assert(r->up);
        ck_assert_uint_eq(r->keepalives_buffered, 3);
        ck_assert_uint_eq(r->retransmissions, 4);
        ck_assert_uint_eq(r->max_backoffs, 4);
        ck_assert_int_eq(r->delivery_after_resume, sim_from_s(14.9 - 12.7));
        ck_assert_int_eq(r->delivery_delay_max, sim_from_s(14.9 - 10.4));
        ck_assert_int_eq(r->silence_at_router_max, sim_from_s(14.9 - 9.4));
        bgp_destroy(b);
        sim_destroy(sim);
    }
    sim_t *sim;
    box_t box;
    bgp_t *b = hand(&sim, &box, RT_CLOCK_RUNNING, 1, 4, 0.3, 0, 0.4, 10.2, 2.5);
    sim_run(sim, SIM_S(40));
    const bgp_peer_result_t *r = bgp_peer_result(b, 0);
    ck_assert(!r->up);
    ck_assert_int_eq(r->cause, BGP_DROP_HOLD_AT_ROUTER);
    ck_assert_int_eq(r->dropped_at, sim_from_s(13.4) + 1);
    bgp_destroy(b);
    sim_destroy(sim);

    b = hand(&sim, &box, RT_CLOCK_PAUSED, 1, 4, 0.3, 0, 0.4, 10.2, 2.5);
    sim_run(sim, SIM_S(40));
    r = bgp_peer_result(b, 0);
    ck_assert(r->up);
    ck_assert_int_eq(r->delivery_after_resume, sim_from_s(14.9 - 12.7));
    bgp_destroy(b);
    sim_destroy(sim);
}
END_TEST

START_TEST(queue_kernel_acks)
{
    /* The backoff case above (keepalive 1, hold 4, freeze [10.2, 12.7)) with --frozen-rx
     * queue (SIGSTOP): the router's kernel receives and acknowledges the peer's 10.4, 11.4
     * and 12.4 KEEPALIVEs, so the peer's TCP never retransmits; bgpd reads them at the resume,
     * after its timers: the HoldTimer (9.4 + 4) has not expired, the late KEEPALIVE goes out,
     * and the three messages restart the HoldTimer. Survives where drop loses it at 13.4. */
    hand_rx = RT_RX_QUEUE;
    sim_t *sim;
    box_t box;
    bgp_t *b = hand(&sim, &box, RT_CLOCK_RUNNING, 1, 4, 0.3, 0, 0.4, 10.2, 2.5);
    sim_run(sim, SIM_S(40));
    const bgp_peer_result_t *r = bgp_peer_result(b, 0);
    ck_assert(r->up);
    ck_assert_uint_eq(r->keepalives_buffered, 3);
    ck_assert_uint_eq(r->retransmissions, 0);
    ck_assert_int_eq(r->delivery_after_resume, 0);
    ck_assert_int_eq(r->delivery_delay_max, sim_from_s(12.7 - 10.4));
    ck_assert_int_eq(r->silence_at_router_max, sim_from_s(12.7 - 9.4));
    bgp_destroy(b);
    sim_destroy(sim);
}
END_TEST

START_TEST(queue_hold_fires_before_reading)
{
    /* keepalive 1, hold 3; router keepalives at 0.1, 1.1, ..., 10.1; the peer's at x.4;
     * freeze [10.2, 13.0). The peer's HoldTimer (10.1 + 3) outlives the freeze and the
     * router's late KEEPALIVE at 13.0 restarts it. The router's own HoldTimer (9.4 + 3)
     * expired during the freeze: it fires at 13.0, before bgpd reads the 10.4, 11.4 and 12.4
     * KEEPALIVEs waiting in its socket (FRR 8.4: bgp_holdtime_timer raises Hold_Timer_expired
     * even with input queued). */
    hand_rx = RT_RX_QUEUE;
    sim_t *sim;
    box_t box;
    bgp_t *b = hand(&sim, &box, RT_CLOCK_RUNNING, 1, 3, 0.2, 0.1, 0.4, 10.2, 2.8);
    sim_run(sim, SIM_S(40));
    const bgp_peer_result_t *r = bgp_peer_result(b, 0);
    ck_assert(!r->up);
    ck_assert_int_eq(r->cause, BGP_DROP_HOLD_AT_ROUTER);
    ck_assert_int_eq(r->dropped_at, sim_from_s(13.0));
    ck_assert_uint_eq(r->retransmissions, 0);
    bgp_destroy(b);
    sim_destroy(sim);
}
END_TEST

START_TEST(hold_expiry_at_peer)
{
    /* keepalive 10, hold 30, router keepalives at 0, 10, ..., 100; freeze [101, 140).
     * running: the router's keepalive due at 110 goes out at 140: the peer's hold timer
     * (100 + 30) expired first. */
    sim_t *sim;
    box_t box;
    bgp_t *b = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 30, 0.2, 0, 5, 101, 39);
    sim_run(sim, SIM_S(300));
    const bgp_peer_result_t *r = bgp_peer_result(b, 0);
    ck_assert(!r->up);
    ck_assert_int_eq(r->cause, BGP_DROP_HOLD_AT_PEER);
    ck_assert_int_eq(r->dropped_at, SIM_S(130) + 1);
    bgp_destroy(b);
    sim_destroy(sim);
    /* Router keepalives at 6, 16, ..., 106; the peer's at 5, ..., 105; freeze [107, 134).
     * running: the router's keepalive due at 116 goes out at 134, in time for the peer
     * (silence 106 -> 134 = 28 s). The peer's 115 keepalive was lost and its TCP backs off
     * from 0.2 s: 115.2, 115.6, 116.4, 118.0, 121.2, 127.6, then 140.4 (after the resume).
     * The router's hold timer (105 + 30) expires in between.
     * paused: the router's keepalive due at 116 goes out at 143; the peer's hold timer
     * (106 + 30) expires first. */
    b = hand(&sim, &box, RT_CLOCK_RUNNING, 10, 30, 0.2, 6, 5, 107, 27);
    sim_run(sim, SIM_S(300));
    r = bgp_peer_result(b, 0);
    ck_assert_int_eq(r->silence_at_peer_max, SIM_S(28));
    ck_assert(!r->up);
    ck_assert_int_eq(r->cause, BGP_DROP_HOLD_AT_ROUTER);
    ck_assert_int_eq(r->dropped_at, SIM_S(135) + 1);
    ck_assert_uint_eq(r->keepalives_buffered, 2);
    bgp_destroy(b);
    sim_destroy(sim);
    b = hand(&sim, &box, RT_CLOCK_PAUSED, 10, 30, 0.2, 6, 5, 107, 27);
    sim_run(sim, SIM_S(300));
    r = bgp_peer_result(b, 0);
    ck_assert(!r->up);
    ck_assert_int_eq(r->cause, BGP_DROP_HOLD_AT_PEER);
    ck_assert_int_eq(r->dropped_at, SIM_S(136) + 1);
    bgp_destroy(b);
    sim_destroy(sim);
}
END_TEST

static bgp_study_params_t study(double ka, double hold, double down, rt_clock_mode_t clock,
                                uint32_t runs)
{
    bgp_study_params_t sp = {.keepalive = sim_from_s(ka), .hold = sim_from_s(hold),
                             .rto_initial = TCP_LINUX_RTO_MIN, .rto_max = TCP_LINUX_RTO_MAX,
                             .peers = 4, .clock = clock, .downtime = sim_from_s(down),
                             .runs = runs, .seed = 1};
    return sp;
}

START_TEST(study_bounds)
{
    bgp_study_result_t r;
    for (int c = 0; c < 2; c++) {
        /* Seed 001 Section 6.4.2's freeze with RFC 4271 timers: every session stays up. */
        bgp_study_params_t sp = study(30, 90, 3.56, (rt_clock_mode_t)c, 300);
        ck_assert_int_eq(bgp_study(&sp, &r), VS_OK);
        ck_assert_double_eq(r.survival_probability, 1.0);
        ck_assert_uint_gt(r.deliveries, 0);
        /* Longer than the hold time: every session drops. */
        sp = study(30, 90, 90.5, (rt_clock_mode_t)c, 200);
        ck_assert_int_eq(bgp_study(&sp, &r), VS_OK);
        ck_assert_double_eq(r.survival_probability, 0.0);
    }
    /* Paused: the peer waits keepalive + D for the router's next message: a step at
     * D = hold - keepalive. */
    bgp_study_params_t sp = study(10, 30, 15, RT_CLOCK_PAUSED, 300);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_OK);
    ck_assert_double_eq(r.survival_probability, 1.0);
    sp = study(10, 30, 20.5, RT_CLOCK_PAUSED, 300);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_OK);
    ck_assert_double_eq(r.survival_probability, 0.0);
    ck_assert_uint_eq(r.first_drop_cause[BGP_DROP_HOLD_AT_PEER], r.sessions);
}
END_TEST

START_TEST(running_matches_uniform_phase)
{
    /* Running clock, one peer, TCP retransmitting every 50 ms (no backoff): for D in
     * [hold - ka, hold] the peer keeps the session iff the router's last keepalive is at most
     * hold - D old at the freeze (its late keepalive goes out at the resume), and the router
     * iff the peer's last one is (its held messages arrive within 50 ms of the resume, which moves P by < 0.01). Two
     * independent uniform ages: P = ((hold - D) / ka)^2 = 0.36 for 10/30/24. */
    bgp_study_params_t sp = study(10, 30, 24, RT_CLOCK_RUNNING, 4000);
    sp.peers = 1;
    sp.rto_initial = sp.rto_max = SIM_MS(50);
    bgp_study_result_t r;
    ck_assert_int_eq(bgp_study(&sp, &r), VS_OK);
    ck_assert_msg(fabs(r.survival_probability - 0.36) < 0.03, "simulated %g, analytic 0.36",
                  r.survival_probability);
    ck_assert_uint_gt(r.first_drop_cause[BGP_DROP_HOLD_AT_PEER], 0);
    ck_assert_uint_gt(r.first_drop_cause[BGP_DROP_HOLD_AT_ROUTER], 0);
}
END_TEST

START_TEST(study_is_deterministic)
{
    bgp_study_params_t sp = study(1, 3, 2.2, RT_CLOCK_RUNNING, 300);
    bgp_study_result_t a, b;
    ck_assert_int_eq(bgp_study(&sp, &a), VS_OK);
    ck_assert_int_eq(bgp_study(&sp, &b), VS_OK);
    ck_assert_mem_eq(&a, &b, sizeof a);
}
END_TEST

START_TEST(bad_parameters)
{
    bgp_study_result_t r;
    bgp_study_params_t sp = study(1, 2.5, 1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_ERANGE); /* hold < 3 s */
    sp = study(30, 30, 1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_ERANGE); /* hold not > keepalive */
    sp = study(0, 30, 1, RT_CLOCK_RUNNING, 10);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_ERANGE);
    sp = study(10, 30, 1, RT_CLOCK_RUNNING, 10);
    sp.rto_max = SIM_MS(100);
    ck_assert_int_eq(bgp_study(&sp, &r), VS_ERANGE);
}
END_TEST

/* The names, count and phase checks (shared with OSPF, rt_star.h) speak BGP's words. */
START_TEST(bad_names_and_phases)
{
    const char *peers[] = {"P1", ""};
    sim_time_t bad = SIM_S(30);
    bgp_params_t p = {.router = "R", .peers = peers, .n_peers = 1, .keepalive = SIM_S(30),
                      .hold = SIM_S(90), .rto_initial = SIM_MS(200), .rto_max = SIM_S(120)};
    ck_assert_int_eq(bgp_params_check(&p), VS_OK);
    p.n_peers = 0;
    ck_assert_int_eq(bgp_params_check(&p), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "bgp: 0 peers (expected 1 to 4096)");
    p.n_peers = 2;
    ck_assert_int_eq(bgp_params_check(&p), VS_EINVAL);
    ck_assert_str_eq(vs_errmsg(), "bgp: peer 1 has no name");
    p.n_peers = 1;
    p.router = "";
    ck_assert_int_eq(bgp_params_check(&p), VS_EINVAL);
    ck_assert_str_eq(vs_errmsg(), "bgp: the router needs a name");
    p.router = "R";
    p.peer_phase = &bad;
    ck_assert_int_eq(bgp_params_check(&p), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "bgp: peer phase 0 is outside [0, keepalive)");
    bgp_study_result_t r;
    bgp_study_params_t sp = study(10, 30, 1, RT_CLOCK_RUNNING, 10);
    sp.runs = 0;
    ck_assert_int_eq(bgp_study(&sp, &r), VS_ERANGE);
    ck_assert_str_eq(vs_errmsg(), "bgp study: runs must be at least 1");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bgp");
    TCase *tc = tcase_create("bgp");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, backoff_hand_case);
    tcase_add_test(tc, hold_expiry_at_peer);
    tcase_add_test(tc, queue_kernel_acks);
    tcase_add_test(tc, queue_hold_fires_before_reading);
    tcase_add_test(tc, study_bounds);
    tcase_add_test(tc, running_matches_uniform_phase);
    tcase_add_test(tc, study_is_deterministic);
    tcase_add_test(tc, bad_parameters);
    tcase_add_test(tc, bad_names_and_phases);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
