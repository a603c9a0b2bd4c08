/* models/traffic, tcp_bulk, cpu: the packet-level data plane. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "cpu.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "vs_scn_check.h"
#include "scenario_flows.h"
#include "tcp_bulk.h"
#include "traffic.h"

/* A chain p0 - p1 - p2 - p3 with one VR per router; %s: middle link bandwidth, data_plane
 * settings, flows. */
static const char *chain =
    "version: 1\n"
    "name: chain\n"
    "seed: %d\n"
    "until: %s\n"
    "physical_routers: [{name: p0}, {name: p1, host: %s, data_plane: %s}, {name: p2}, {name: p3}]\n"
    "links:\n"
    "  - {a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p1, b: p2, bandwidth: %s, delay: 1ms}\n"
    "  - {a: p2, b: p3, bandwidth: 1Gbps, delay: 1ms}\n"
    "virtual_routers: [{name: v0, host: p0}, {name: v1, host: p1}, {name: v2, host: p2}, {name: v3, host: p3}]\n"
    "virtual_links: [{a: v0, b: v1}, {a: v1, b: v2}, {a: v2, b: v3}]\n"
    "data_plane: %s\n"
    "flows:\n%s";

typedef struct {
    int seed;
    const char *until, *host, *fib, *mid, *dp, *flows;
} chain_t;

static const scn_t *load_chain(const chain_t *c)
{
    char text[8192];
    snprintf(text, sizeof text, chain, c->seed ? c->seed : 1, c->until ? c->until : "2s",
             c->host ? c->host : "pc3000", c->fib ? c->fib : "linux-iproute2", c->mid ? c->mid : "1Gbps",
             c->dp ? c->dp : "{cpu: false}", c->flows);
    const scn_t *scn = NULL;
    vs_err_t err = scn_load_string("chain.yaml", text, &scn);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return scn;
}

static run_results_t *run_it(const scn_t *scn)
{
    run_results_t *r = NULL;
    vs_err_t err = run_scenario(scn, NULL, &r);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    ck_assert_ptr_nonnull(r->traffic);
    return r;
}

/* Serialization plus propagation, nothing else, when nothing queues: 3 x (1 ms + 1000 B at
 * 1 Gbps = 8 us). */
START_TEST(delay_is_serialization_plus_propagation)
{
    chain_t c = {.flows = "  - {name: f, from: v0, to: v3, rate: 100Mbps, packet: 1000B}\n"};
    const scn_t *scn = load_chain(&c);
    run_results_t *r = run_it(scn);
    const tfc_flow_result_t *f = &r->traffic[0].flows[0];
    ck_assert_uint_eq(f->lost, 0);
    ck_assert_uint_eq(f->sent, 25000); /* 12500 packets/s for 2 s */
    ck_assert_uint_eq(f->received + f->in_flight, f->sent);
    ck_assert_double_eq_tol(f->delay_min_s, 3.024e-3, 1e-12);
    ck_assert_double_eq_tol(f->delay_max_s, 3.024e-3, 1e-12);
    ck_assert_double_eq_tol(f->jitter_s, 0, 1e-15);
    uint64_t at_v1 = r->traffic[0].dp_packets[1 * r->traffic[0].n_prouters + 1];
    ck_assert(at_v1 >= f->received && at_v1 <= f->sent); /* v1's data plane on p1 saw them */
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* 800 Mbps into a 500 Mbps link with a 100-packet drop-tail queue: 500 Mbps come out, 3/8 are
 * dropped at the queue, and the queue adds at most 100 x 12 us... at 500 Mbps: 24 us each. */
START_TEST(droptail_bottleneck)
{
    chain_t c = {.mid = "500Mbps", .dp = "{cpu: false, buffer: 100 packets}",
                 .flows = "  - {name: f, from: v0, to: v3, rate: 800Mbps, packet: 1500B}\n"};
    const scn_t *scn = load_chain(&c);
    run_results_t *r = run_it(scn);
    const tfc_flow_result_t *f = &r->traffic[0].flows[0];
    ck_assert_double_eq_tol(f->throughput_bps, 500e6, 500e6 * 0.01);
    ck_assert_double_eq_tol((double)f->lost / (double)f->sent, 0.375, 0.01);
    ck_assert_uint_eq(f->lost, f->lost_queue);
    /* Delay: 3 ms + 12 + 24 + 12 us serialization + up to 100 packets of 24 us queued. */
    ck_assert(f->delay_max_s <= 3.048e-3 + 100 * 24e-6 + 1e-9);
    ck_assert(f->delay_max_s >= 3.048e-3 + 98 * 24e-6);
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* The delay variation of an interval is the standard deviation of the delays of the packets
 * sent in it, from the bins' sums and sums of squares: over every bin it is the flow's own
 * delay_sd_s, and it is not the mean consecutive difference (IPDV), which a queue that fills
 * slowly keeps near zero. */
START_TEST(delay_sd_over_bins_matches_totals)
{
    chain_t c = {.mid = "500Mbps", .dp = "{cpu: false, buffer: 100 packets, series_interval: 1ms}",
                 .flows = "  - {name: f, from: v0, to: v3, rate: 800Mbps, packet: 1500B}\n"};
    const scn_t *scn = load_chain(&c);
    run_results_t *r = run_it(scn);
    const tfc_flow_result_t *f = &r->traffic[0].flows[0];
    double n = 0, sum = 0, sq = 0;
    for (size_t b = 0; b < f->n_bins; b++) {
        n += f->bins[b].received;
        sum += f->bins[b].delay_sum_s;
        sq += f->bins[b].delay_sq_sum_s2;
    }
    ck_assert_double_eq_tol(n, (double)f->received, 0.5);
    double mean = sum / n, sd = sqrt(sq / n - mean * mean);
    ck_assert_double_eq_tol(mean, f->delay_mean_s, 1e-12);
    ck_assert_double_eq_tol(sd, f->delay_sd_s, 1e-9);
    /* The queue fills from empty to 100 x 24 us within the first ms and stays full: the sd is
     * set by that ramp, tens of microseconds, well above the IPDV of this CBR flow. */
    ck_assert_double_gt(f->delay_sd_s, 1e-6);
    ck_assert_double_gt(f->delay_sd_s, 10 * f->jitter_s);
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* A buffer of 15000 bytes holds ten 1500-byte packets: same losses as 10 packets. */
START_TEST(buffer_bytes_or_packets)
{
    const char *fl = "  - {name: f, from: v0, to: v3, rate: 800Mbps, packet: 1500B}\n";
    chain_t a = {.mid = "500Mbps", .dp = "{cpu: false, buffer: 10 packets}", .flows = fl};
    chain_t b = {.mid = "500Mbps", .dp = "{cpu: false, buffer: 15000B}", .flows = fl};
    const scn_t *sa = load_chain(&a), *sb = load_chain(&b);
    run_results_t *ra = run_it(sa), *rb = run_it(sb);
    ck_assert_uint_gt(ra->traffic[0].flows[0].lost, 0);
    ck_assert_uint_eq(ra->traffic[0].flows[0].lost, rb->traffic[0].flows[0].lost);
    run_results_free(ra);
    run_results_free(rb);
    scn_free(sa);
    scn_free(sb);
}
END_TEST

static char *json_of(const scn_t *scn, const run_results_t *r)
{
    cJSON *j = run_results_json(scn, r);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return s;
}

/* Same input and seed: byte-identical results; another seed: other Poisson draws. */
START_TEST(deterministic)
{
    const char *fl = "  - {name: p, from: v0, to: v3, kind: poisson, rate: 600Mbps, packet: 1200B}\n"
                     "  - {name: o, from: v3, to: v0, kind: onoff, on: 100ms, off: 100ms, rate: 300Mbps,"
                     " round_trip: true}\n";
    chain_t c = {.mid = "700Mbps", .dp = "{cpu: false, buffer: 50 packets}", .flows = fl};
    const scn_t *s1 = load_chain(&c);
    c.seed = 2;
    const scn_t *s2 = load_chain(&c);
    run_results_t *a = run_it(s1), *b = run_it(s1), *d = run_it(s2);
    char *ja = json_of(s1, a), *jb = json_of(s1, b), *jd = json_of(s2, d);
    ck_assert_str_eq(ja, jb);
    ck_assert_uint_ne(a->traffic[0].flows[0].sent, d->traffic[0].flows[0].sent);
    free(ja);
    free(jb);
    free(jd);
    run_results_free(a);
    run_results_free(b);
    run_results_free(d);
    scn_free(s1);
    scn_free(s2);
}
END_TEST

/* On/off with equal mean periods sends about half of what CBR sends; a rate change to 0 and
 * back stops and restarts a flow. */
START_TEST(onoff_and_rate_changes)
{
    const char *fl = "  - {name: o, from: v0, to: v3, kind: onoff, on: 50ms, off: 50ms, rate: 10Mbps}\n"
                     "  - {name: c, from: v0, to: v3, rate: 12Mbps, packet: 1500B,"
                     " changes: [{at: 1s, rate: 0bps}, {at: 2s, rate: 12Mbps}]}\n";
    chain_t c = {.until = "20s", .flows = fl};
    const scn_t *scn = load_chain(&c);
    run_results_t *r = run_it(scn);
    const tfc_flow_result_t *o = &r->traffic[0].flows[0], *k = &r->traffic[0].flows[1];
    double cbr = 10e6 / (1500 * 8) * 20;
    ck_assert_double_eq_tol((double)o->sent, cbr / 2, cbr * 0.08);
    ck_assert_uint_eq(k->sent, 19000); /* 1000 packets/s for 19 of 20 s */
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* A PC850 forwarding in software saturates near its 30k packets/s: 40k offered, ~30k out,
 * the rest dropped at the CPU backlog. The same router with a NetFPGA data plane, or with
 * CPU contention off, forwards everything. */
START_TEST(cpu_saturates_pc850)
{
    const char *fl = "  - {name: f, from: v0, to: v3, pps: 40kpps, packet: 64B}\n";
    chain_t c = {.host = "pc850", .dp = "{cpu: true}", .flows = fl};
    const scn_t *scn = load_chain(&c);
    run_results_t *r = run_it(scn);
    const tfc_flow_result_t *f = &r->traffic[0].flows[0];
    ck_assert_uint_gt(f->lost_cpu, 0);
    ck_assert_double_eq_tol(f->throughput_bps / (64 * 8), 30000, 300);
    run_results_free(r);
    scn_free(scn);
    chain_t h = {.host = "pc850", .fib = "netfpga", .dp = "{cpu: true}", .flows = fl};
    scn = load_chain(&h);
    r = run_it(scn);
    ck_assert_uint_eq(r->traffic[0].flows[0].lost, 0);
    run_results_free(r);
    scn_free(scn);
}
END_TEST

static const scn_t *load_example(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/%s", VS_SOURCE_DIR, name);
    const scn_t *scn = NULL;
    vs_err_t err = scn_load(path, &scn);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return scn;
}

/* HD diamond: while the links re-home one by one, packets cross both data planes (through
 * the tunnel), both forward, and nothing is lost. */
START_TEST(double_data_planes)
{
    const scn_t *scn = load_example("diamond-hd-traffic.yaml");
    run_results_t *r = run_it(scn);
    const tfc_results_t *t = &r->traffic[0];
    size_t vr1 = scn_vrouter_index(scn, "vr1"), n1 = scn_prouter_index(scn, "n1"),
           n3 = scn_prouter_index(scn, "n3");
    ck_assert(r->results[0].done);
    ck_assert_uint_gt(t->flows[0].tunnelled, 0);
    ck_assert_uint_gt(t->dp_packets[vr1 * t->n_prouters + n1], 0);
    ck_assert_uint_gt(t->dp_packets[vr1 * t->n_prouters + n3], 0);
    ck_assert_uint_eq(t->flows[0].lost, 0);
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* The dumbbell: the migration's copy runs as TCP; with 500 Mbps of UDP it runs at scp's
 * 300 Mbps ceiling, with 900 Mbps it gets the leftover and takes longer, and the UDP flow
 * loses packets only when they contend. */
START_TEST(tcp_copy_shares_bottleneck)
{
    const scn_t *scn = load_example("dumbbell-table3.yaml");
    double dur[2];
    uint64_t lost[2];
    static const double rates[2] = {500e6, 900e6};
    for (int i = 0; i < 2; i++) {
        char set[64];
        snprintf(set, sizeof set, "flows[0].rate=%gbps", rates[i]);
        scn = scn_with(scn, set);
        run_results_t *r = run_it(scn);
        const tfc_results_t *t = &r->traffic[0];
        ck_assert_uint_ge(t->n_xfers, 2);
        const tfc_xfer_result_t *x = &t->xfers[t->n_xfers - 1];
        ck_assert(x->end > 0);
        dur[i] = sim_to_s(x->end - x->start);
        lost[i] = t->flows[0].lost;
        if (i == 0) /* app-limited: within 5% of bytes / 300 Mbps */
            ck_assert_double_eq_tol(dur[0], (double)x->bytes * 8 / 300e6, 0.05 * (double)x->bytes * 8 / 300e6);
        run_results_free(r);
    }
    ck_assert(dur[1] > 1.5 * dur[0]);
    ck_assert_uint_eq(lost[0], 0);
    ck_assert_uint_gt(lost[1], 0);
    scn_free(scn);
}
END_TEST

/* On reserved bandwidth (transfers: tcp, 200 Mbps reserved on the bottleneck), the copy runs
 * at the reservation and the 700 Mbps of UDP, in what the reservation leaves, loses nothing. */
START_TEST(tcp_copy_on_reserved_bandwidth)
{
    const scn_t *scn = load_example("dumbbell-table3.yaml");
    scn = scn_with(scn, "links[r0,r1].migration_bandwidth=200Mbps");
    scn = scn_with(scn, "migrations[0].bandwidth=reserved");
    scn = scn_with(scn, "data_plane.transfers=tcp");
    scn = scn_with(scn, "flows[0].rate=700Mbps");
    run_results_t *r = run_it(scn);
    const tfc_results_t *t = &r->traffic[0];
    const tfc_xfer_result_t *x = &t->xfers[t->n_xfers - 1];
    ck_assert(x->end > 0);
    double d = sim_to_s(x->end - x->start), ideal = (double)x->bytes * 8 / 200e6;
    ck_assert(d >= ideal && d <= 1.5 * ideal);
    ck_assert_uint_eq(t->flows[0].lost, 0);
    run_results_free(r);
    scn_free(scn);
}
END_TEST

/* tcp_bulk alone over a lossy pipe: every segment arrives in the end; losses show up as
 * fast retransmits, and a lost tail as a timeout. */
typedef struct {
    sim_t *sim;
    tcp_bulk_t *c;
    uint64_t n;
    uint32_t drop_every;
    sim_time_t hole_from, hole_to; /* data segments sent in [from, to) are lost */
    uint32_t every3_from, every3_to; /* first sending of every third segment in [from, to) */
    bool no_sack;                  /* acknowledgements carry no SACK block (a peer without it) */
    uint8_t sent_once[4096];
} pipe_t;

static void pipe_seg(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    pipe_t *p = ctx;
    if (arg >> 63)
        tcp_bulk_on_ack(p->c, (uint32_t)arg, (uint32_t)((arg >> 32) & 0x7fffffff) - 1);
    else
        tcp_bulk_on_segment(p->c, (uint32_t)arg);
}

/* arg: bit 63 acknowledgement, bits 32..62 the SACKed segment + 1 (0: none), bits 0..31 seq */
static void pipe_xmit(void *ctx, uint32_t id, bool ack, uint32_t seq, uint32_t sack)
{
    (void)id;
    pipe_t *p = ctx;
    if (!ack && p->drop_every && ++p->n % p->drop_every == 0)
        return;
    if (!ack && seq >= p->every3_from && seq < p->every3_to && seq % 3 == 0 && seq < 4096 &&
        !p->sent_once[seq]++)
        return;
    sim_time_t now = sim_now(p->sim);
    if (!ack && now >= p->hole_from && now < p->hole_to)
        return;
    uint64_t sk = sack == TCP_BULK_NO_SACK || p->no_sack ? 0 : (uint64_t)sack + 1;
    sim_after(p->sim, SIM_MS(5), pipe_seg, p, (ack ? UINT64_C(1) << 63 : 0) | sk << 32 | seq);
}

static void pipe_done(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    (void)arg;
    *(int *)ctx = 1;
}

/* Moves `bytes` through the pipe p describes (its sim is made here), the application at
 * app_bps (0: unlimited), for at most `until`; returns the connection's statistics. */
static tcp_bulk_stats_t pipe_run(pipe_t *p, int64_t bytes, double app_bps, sim_time_t until)
{
    sim_config_t sc = {.seed = 1};
    ck_assert_int_eq(sim_create(&sc, &p->sim), VS_OK);
    int done = 0;
    tcp_bulk_params_t prm = {.bytes = bytes, .app_bps = app_bps, .xmit = pipe_xmit, .xmit_ctx = p,
                             .done = pipe_done, .done_ctx = &done};
    ck_assert_int_eq(tcp_bulk_create(p->sim, &prm, &p->c), VS_OK);
    tcp_bulk_start(p->c);
    sim_run(p->sim, until);
    tcp_bulk_stats_t st;
    tcp_bulk_stats(p->c, &st);
    ck_assert_int_eq(done, st.done); /* the done callback ran exactly when it finished */
    tcp_bulk_destroy(p->c);
    sim_destroy(p->sim);
    return st;
}

START_TEST(tcp_bulk_recovers_losses)
{
    pipe_t p = {.drop_every = 97};
    tcp_bulk_stats_t st = pipe_run(&p, 2000 * TCP_BULK_MSS, 0, SIM_S(600));
    ck_assert(st.done);
    ck_assert_uint_gt(st.fast_retransmits, 0);
    ck_assert_uint_ge(st.segments_sent, 2000);
}
END_TEST

/* Ten holes in one window: SACK tells the sender which segments arrived, so one recovery
 * retransmits exactly the ten lost ones, without a timeout (NewReno without SACK repairs
 * one hole per round trip). */
START_TEST(tcp_bulk_sack_repairs_many_holes)
{
    pipe_t p = {.every3_from = 300, .every3_to = 330};
    tcp_bulk_stats_t st = pipe_run(&p, 2000 * TCP_BULK_MSS, 0, SIM_S(600));
    ck_assert_uint_eq(st.timeouts, 0);
    ck_assert_uint_eq(st.fast_retransmits, 1);
    ck_assert_uint_eq(st.retransmits, 10);
    ck_assert_uint_eq(st.segments_sent, 2010);
}
END_TEST

/* Without SACK blocks the third duplicate acknowledgement starts recovery: the first hole is
 * resent at once, not after a timeout (each further hole waits for a partial acknowledgement). */
START_TEST(tcp_bulk_dupacks_without_sack)
{
    pipe_t p = {.every3_from = 300, .every3_to = 301, .no_sack = true};
    tcp_bulk_stats_t st = pipe_run(&p, 2000 * TCP_BULK_MSS, 0, SIM_S(600));
    ck_assert(st.done);
    ck_assert_uint_eq(st.timeouts, 0);
    ck_assert_uint_eq(st.fast_retransmits, 1);
    ck_assert_uint_eq(st.retransmits, 1);
}
END_TEST

/* App-limited: 1000 segments at 10 Mbps of payload take 1000 * 1448 * 8 / 10e6 s. */
START_TEST(tcp_bulk_app_limit)
{
    pipe_t p = {};
    tcp_bulk_stats_t st = pipe_run(&p, 1000 * TCP_BULK_MSS, 10e6, SIM_S(600));
    ck_assert(st.done);
    ck_assert_double_eq_tol(sim_to_s(st.end), 1000 * 1448 * 8 / 10e6, 0.02);
    ck_assert_uint_eq(st.retransmits, 0);
    /* The window grows only while it limits the sender (tcp_is_cwnd_limited): 10 Mbps over a
     * 10 ms round trip needs about 9 segments in flight, not the 1000 of the whole copy. */
    ck_assert_double_le(st.cwnd_max, 32);
}
END_TEST

/* A slow application and a short round trip: every segment is acknowledged before the next
 * is written, so the sender idles with nothing in flight and must wake itself for the last
 * one too. */
START_TEST(tcp_bulk_app_slower_than_rtt)
{
    pipe_t p = {};
    tcp_bulk_stats_t st = pipe_run(&p, 20 * TCP_BULK_MSS + 1, 1e6, SIM_S(60));
    ck_assert(st.done);
    /* 21 segments written at 1 Mbps (the first at once), the last one 5 ms on its way. */
    ck_assert_double_eq_tol(sim_to_s(st.end), 20 * 1448 * 8 / 1e6 + 0.005, 0.001);
}
END_TEST

/* An application-limited sender blocks on a full send buffer: a 1 s blackout does not bank
 * 1 s of writes for a burst afterwards, so the copy ends about the blackout (plus the
 * timeout's recovery) later than the unstalled 3000 * 1448 * 8 / 10e6 = 3.475 s. */
START_TEST(tcp_bulk_app_blocks_on_full_buffer)
{
    pipe_t p = {.hole_from = SIM_MS(500), .hole_to = SIM_MS(1500)};
    tcp_bulk_stats_t st = pipe_run(&p, 3000 * TCP_BULK_MSS, 10e6, SIM_S(600));
    ck_assert(st.done);
    ck_assert_uint_ge(st.timeouts, 1);
    ck_assert_double_ge(sim_to_s(st.end), 3.475 + 0.9);
}
END_TEST

/* cpu.h by hand: cost 1/30k s; a packet pays for the cache the user process displaced since
 * the last packet, max_penalty (1 - exp(-run / sweep)); nothing when the kernel is busy or
 * no user process runs; backlog of 1000. */
START_TEST(cpu_by_hand)
{
    cpu_t c;
    ck_assert(cpu_init(&c, 30000, 0.85e9));
    ck_assert_int_eq(c.penalty, 8941); /* 3.8 us x 2.0 / 0.85 */
    ck_assert_double_eq_tol(c.sweep_ns, 245914, 1);
    sim_time_t done;
    ck_assert(cpu_admit(&c, 0, &done));
    ck_assert_int_eq(done, 33333);
    cpu_user_busy(&c, 0, SIM_S(1));
    ck_assert(cpu_admit(&c, 100000, &done)); /* the process ran 66667 ns since the last packet */
    sim_time_t pen = (sim_time_t)llround(8941 * -expm1(-66667.0 / c.sweep_ns));
    ck_assert_int_eq(done, 100000 + pen + 33333);
    ck_assert_int_gt(pen, 2000);
    ck_assert_int_lt(pen, 2300);
    sim_time_t prev = done;
    ck_assert(cpu_admit(&c, 110000, &done)); /* kernel busy: no penalty */
    ck_assert_int_eq(done, prev + 33333);
    /* After a long run the whole cache is refilled: the full penalty. */
    ck_assert(cpu_admit(&c, prev + 33333 + SIM_MS(10), &done));
    ck_assert_int_eq(done, prev + 33333 + SIM_MS(10) + 8941 + 33333);
    cpu_user_idle(&c, SIM_MS(20));
    ck_assert(cpu_admit(&c, SIM_MS(30), &done));
    ck_assert_int_eq(done, SIM_MS(30) + 33333);
    int admitted = 0;
    for (int i = 0; i < 1100; i++)
        admitted += cpu_admit(&c, SIM_MS(40), &done);
    ck_assert_int_eq(admitted, CPU_BACKLOG_PACKETS);
    ck_assert_uint_eq(c.dropped, 100);
    ck_assert(cpu_user_share(&c, SIM_MS(40)) >= CPU_MIN_USER_SHARE);
    cpu_free(&c);
}
END_TEST

/* Seed 001 Sec. 6.3.2's mechanism: the more packets, the more often the user process is
 * interrupted and the less each packet pays. Mean added time per packet of a CBR stream
 * with a user process running throughout, at 5k and 25k packets/s. */
static double cpu_added_ns(double pps)
{
    cpu_t c;
    ck_assert(cpu_init(&c, 30000, 0.85e9));
    cpu_user_busy(&c, 0, SIM_S(10));
    double added = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
        sim_time_t at = (sim_time_t)llround(i * 1e9 / pps) + 1, done;
        sim_time_t start = c.busy_until > at ? c.busy_until : at;
        ck_assert(cpu_admit(&c, at, &done));
        added += (double)(done - start - c.cost);
    }
    cpu_free(&c);
    return added / n;
}

START_TEST(cpu_penalty_falls_with_rate)
{
    double at5k = cpu_added_ns(5000), at25k = cpu_added_ns(25000);
    ck_assert_double_gt(at5k, 4000);  /* 167 us runs: about half a refill */
    ck_assert_double_lt(at25k, 0.1 * at5k); /* 7 us runs: a few percent of one */
}
END_TEST

/* Bad input: status 2 with file:line:col. */
static void expect_bad(const char *flows, const char *dp, const char *want_pos, const char *want_text)
{
    static const char *text =
        "version: 1\n"
        "physical_routers: [{name: a}, {name: b}, {name: c}]\n"
        "links: [{a: a, b: b, bandwidth: 1Gbps, delay: 1ms}]\n"
        "virtual_routers: [{name: x, host: a}, {name: y, host: b}, {name: z, host: c}]\n"
        "virtual_links: [{a: x, b: y}]\n"
        "data_plane: %s\n"
        "flows:\n%s";
    char buf[2048];
    snprintf(buf, sizeof buf, text, dp, flows);
    const scn_t *scn = NULL;
    vs_err_t err = scn_load_string("bad.yaml", buf, &scn);
    ck_assert_ptr_null(scn);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_msg(strstr(vs_errmsg(), want_pos) != NULL, "got: %s", vs_errmsg());
    ck_assert_msg(strstr(vs_errmsg(), want_text) != NULL, "got: %s", vs_errmsg());
}

START_TEST(bad_input)
{
    expect_bad("  - {from: x, to: z, rate: 1Mbps}\n", "{}", "bad.yaml:8:5", "not connected");
    expect_bad("  - {from: x, to: y, rate: 2Gbps}\n", "{}", "bad.yaml:8:28", "could ever carry");
    expect_bad("  - {from: x, to: y, rate: 1Mbps}\n", "{buffer: 0 packets}", "bad.yaml:6:22", "at least one packet");
    expect_bad("  - {from: x, to: y, rate: 1Mbps}\n", "{buffer: 0B}", "bad.yaml:6:22", "at least one packet");
    expect_bad("  - {from: x, to: y, rate: 1Mbps, pps: 1kpps}\n", "{}", "bad.yaml:8:5", "exactly one of");
    expect_bad("  - {from: x, to: w, rate: 1Mbps}\n", "{}", "bad.yaml:8:19", "no virtual router named 'w'");
    expect_bad("  - {from: x, to: y, rate: 1Mbps, packet: 10B}\n", "{}", "bad.yaml:8:", "packet: 10 bytes");
    expect_bad("  - {from: x, to: y, rate: 1Mbps}\n", "{model: flood}", "bad.yaml:6:", "model");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("traffic");
    TCase *tc = tcase_create("packets");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, delay_is_serialization_plus_propagation);
    tcase_add_test(tc, droptail_bottleneck);
    tcase_add_test(tc, buffer_bytes_or_packets);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, onoff_and_rate_changes);
    tcase_add_test(tc, cpu_saturates_pc850);
    tcase_add_test(tc, double_data_planes);
    tcase_add_test(tc, tcp_copy_shares_bottleneck);
    tcase_add_test(tc, tcp_copy_on_reserved_bandwidth);
    tcase_add_test(tc, tcp_bulk_recovers_losses);
    tcase_add_test(tc, tcp_bulk_sack_repairs_many_holes);
    tcase_add_test(tc, tcp_bulk_dupacks_without_sack);
    tcase_add_test(tc, tcp_bulk_app_limit);
    tcase_add_test(tc, delay_sd_over_bins_matches_totals);
    tcase_add_test(tc, tcp_bulk_app_blocks_on_full_buffer);
    tcase_add_test(tc, tcp_bulk_app_slower_than_rtt);
    tcase_add_test(tc, cpu_by_hand);
    tcase_add_test(tc, cpu_penalty_falls_with_rate);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
