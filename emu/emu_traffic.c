/* emu_traffic — shaped veth links, static routes, UDP probes and a TCP bulk transfer against the model. */
#define _GNU_SOURCE
#include "emu_traffic.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "emu_sys.h"
#include "emu_tcp.h"
#include "scenario_flows.h"
#include "vs_log.h"
#include "vs_out.h"

#define LOOP_BASE 0x0AFF0100u  /* 10.255.1.(router + 1): each router's address */
#define LINK_BASE 0x0A010000u  /* 10.1.L.0/30 for substrate link L */
#define MAX_LINK_BPS 10e9
#define MAX_LINK_DELAY SIM_US(100)

typedef struct {
    const scn_t *scn;
    const emu_opts_t *o;
    char tag[32], work[256];
    char ns[EMU_MAX_ROUTERS][EMU_NS_LEN];
    int n_ns;
    emu_probe_t *probe;
    emu_traffic_result_t *res;
} tr_t;

/* ---- checks ------------------------------------------------------------------------- */

vs_err_t emu_traffic_check(const scn_t *scn)
{
    const scn_traffic_t *t = scn->traffic;
    if (scn->n_prouters > EMU_MAX_ROUTERS)
        return vs_fail(VS_EINVAL, "%s: %zu physical routers: emulation takes at most %d",
                       scn->path, scn->n_prouters, EMU_MAX_ROUTERS);
    if (!t || t->dp.model != SCN_DP_PACKET || t->n_flows != 1)
        return vs_fail(VS_EINVAL, "%s: --traffic emulates exactly one flow of the packet model "
                                  "(data_plane: {model: packet}, one entry under flows)", scn->path);
    const scn_flow_t *f = &t->flows[0];
    if (f->kind != SCN_FLOW_CBR || f->round_trip || f->n_changes)
        return vs_fail(VS_EINVAL, "%s: flow '%s': --traffic sends constant-rate one-way flows "
                                  "(kind: cbr, no round_trip, no rate changes)", scn->path, f->name);
    if (f->packet_bytes < 44 || f->packet_bytes > 1500)
        return vs_fail(VS_EINVAL, "%s: flow '%s': packets of %lld bytes (expected 44 to 1500, "
                                  "the veth MTU)", scn->path, f->name, (long long)f->packet_bytes);
    if (scn->n_migrations != 1 || scn->migrations[0].reserved || t->dp.transfers == SCN_XFER_FLUID)
        return vs_fail(VS_EINVAL, "%s: --traffic needs one migration whose copy shares the links "
                                  "as TCP (bandwidth: shared)", scn->path);
    if (t->dp.tcp != SCN_TCP_RENO)
        return vs_fail(VS_EINVAL, "%s: data_plane.tcp is bic: this kernel has no BIC (and "
                                  "defaults to BBR); set data_plane.tcp: reno", scn->path);
    for (size_t l = 0; l < scn->n_links; l++) {
        const scn_link_t *k = &scn->links[l];
        if (k->bandwidth_bps > MAX_LINK_BPS || k->delay > MAX_LINK_DELAY)
            return vs_fail(VS_EINVAL, "%s:%d: a link of %.0f Mbps and %.0f us: --traffic shapes "
                                      "at most 10 Gbps, and cannot add propagation delay (no "
                                      "netem here; at most 100 us)", scn->path, k->line,
                           k->bandwidth_bps / 1e6, (double)k->delay / 1e3);
    }
    return VS_OK;
}

/* ---- the network -------------------------------------------------------------------- */

static uint32_t loop_addr(size_t i)
{
    return htonl(LOOP_BASE + (uint32_t)i + 1);
}

static void addr_str(uint32_t net_order, char *buf)
{
    inet_ntop(AF_INET, &net_order, buf, INET_ADDRSTRLEN);
}

/* The bottleneck discipline of one direction: htb at the link's rate, a FIFO of the buffer. */
static vs_err_t shape(tr_t *e, const char *ns, const char *dev, double bps)
{
    const scn_dataplane_t *dp = &e->scn->traffic->dp;
    vs_err_t err;
    long overhead = (long)dp->framing_bytes - 14; /* htb counts the 14-byte Ethernet header */
    if ((err = emu_ip("-n %s link set %s gso_max_segs 1 gso_max_size 1500", ns, dev)))
        return err;
    char cmd[3][256];
    snprintf(cmd[0], sizeof cmd[0], "qdisc add dev %s root handle 1: stab overhead %ld linklayer "
             "ethernet htb default 1", dev, overhead);
    /* A bucket of one full packet: htb then lets packets out at the link's rate one by one,
     * as the model serializes them, instead of passing a burst of its default 1/HZ worth
     * (12.5 KB at 100 Mbps) at the veth's speed. */
    long burst = 1500 + (long)dp->framing_bytes;
    snprintf(cmd[1], sizeof cmd[1], "class add dev %s parent 1: classid 1:1 htb rate %.0fbit "
             "ceil %.0fbit burst %ld cburst %ld quantum 1514", dev, bps, bps, burst, burst);
    if (dp->buffer_packets)
        snprintf(cmd[2], sizeof cmd[2], "qdisc add dev %s parent 1:1 handle 10: pfifo limit %lld",
                 dev, (long long)dp->buffer_packets);
    else
        snprintf(cmd[2], sizeof cmd[2], "qdisc add dev %s parent 1:1 handle 10: bfifo limit %lld",
                 dev, (long long)dp->buffer_bytes);
    for (int i = 0; i < 3; i++)
        if ((err = emu_tc(ns, cmd[i])))
            return err;
    return VS_OK;
}

static vs_err_t build_links(tr_t *e)
{
    const scn_t *scn = e->scn;
    vs_err_t err;
    for (size_t l = 0; l < scn->n_links; l++) {
        const scn_link_t *k = &scn->links[l];
        char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], da[16], db[16];
        addr_str(htonl(LINK_BASE | (uint32_t)l << 8 | 1), a);
        addr_str(htonl(LINK_BASE | (uint32_t)l << 8 | 2), b);
        snprintf(da, sizeof da, "s%ua", (unsigned)(l & 0xffff));
        snprintf(db, sizeof db, "s%ub", (unsigned)(l & 0xffff));
        if ((err = emu_ip("-n %s link add %s type veth peer name %s netns %s", e->ns[k->a], da,
                          db, e->ns[k->b])) ||
            (err = emu_ip("-n %s addr add %s/30 dev %s", e->ns[k->a], a, da)) ||
            (err = emu_ip("-n %s addr add %s/30 dev %s", e->ns[k->b], b, db)) ||
            (err = shape(e, e->ns[k->a], da, k->bandwidth_bps)) ||
            (err = shape(e, e->ns[k->b], db, k->bandwidth_bps)) ||
            (err = emu_ip("-n %s link set %s up", e->ns[k->a], da)) ||
            (err = emu_ip("-n %s link set %s up", e->ns[k->b], db)))
            return err;
    }
    return VS_OK;
}

/* First link of the lowest-delay path from s to every router (ties: fewer hops, then the
 * lower index, as the model's path service settles them); SIZE_MAX when unreachable. */
static void first_links(const scn_t *scn, size_t s, size_t *first)
{
    int64_t dist[EMU_MAX_ROUTERS];
    bool done[EMU_MAX_ROUTERS] = {false};
    size_t n = scn->n_prouters;
    for (size_t i = 0; i < n; i++) {
        dist[i] = INT64_MAX;
        first[i] = SIZE_MAX;
    }
    dist[s] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && dist[i] != INT64_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            return;
        done[u] = true;
        for (size_t l = 0; l < scn->n_links; l++) {
            const scn_link_t *k = &scn->links[l];
            if (k->a != u && k->b != u)
                continue;
            size_t v = k->a == u ? k->b : k->a;
            int64_t d = dist[u] + k->delay + 1; /* 1 ns a hop: fewer hops among equal delays */
            if (!done[v] && d < dist[v]) {
                dist[v] = d;
                first[v] = u == s ? l : first[u];
            }
        }
    }
}

static vs_err_t build_routes(tr_t *e)
{
    const scn_t *scn = e->scn;
    for (size_t s = 0; s < scn->n_prouters; s++) {
        size_t first[EMU_MAX_ROUTERS];
        first_links(scn, s, first);
        for (size_t d = 0; d < scn->n_prouters; d++) {
            if (d == s || first[d] == SIZE_MAX)
                continue;
            size_t l = first[d];
            bool at_a = scn->links[l].a == s;
            char dst[INET_ADDRSTRLEN], via[INET_ADDRSTRLEN];
            addr_str(loop_addr(d), dst);
            addr_str(htonl(LINK_BASE | (uint32_t)l << 8 | (at_a ? 2u : 1u)), via);
            vs_err_t err = emu_ip("-n %s route add %s/32 via %s dev s%u%c", e->ns[s], dst, via,
                                  (unsigned)(l & 0xffff), at_a ? 'a' : 'b');
            if (err)
                return err;
        }
    }
    return VS_OK;
}

static vs_err_t build(tr_t *e)
{
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < e->scn->n_prouters; i++) {
        char a[INET_ADDRSTRLEN];
        snprintf(e->ns[i], EMU_NS_LEN, "%.31sp%u", e->tag, (unsigned)(i % EMU_MAX_ROUTERS));
        err = emu_netns_add(e->ns[i], e->o->sysctls);
        if (emu_netns_exists(e->ns[i]))
            e->n_ns = (int)i + 1;
        if (err)
            return err;
        addr_str(loop_addr(i), a);
        if ((err = emu_ip("-n %s addr add %s/32 dev lo", e->ns[i], a)))
            return err;
    }
    if ((err = build_links(e)))
        return err;
    return build_routes(e);
}

/* ---- the TCP transfer ---------------------------------------------------------------- */

/* The copy as a real TCP transfer between the copy's two hosts, with its bytes and the
 * application's ceiling. */
static vs_err_t tcp_copy(tr_t *e, int64_t *t_start, int64_t *t_end)
{
    const tfc_xfer_result_t *x = e->res->copy;
    emu_tcp_config_t c = {.src_ns = e->ns[x->from], .dst_ns = e->ns[x->to],
                          .src_ip = loop_addr(x->from), .dst_ip = loop_addr(x->to),
                          .bytes = x->bytes, .app_bps = x->app_limit_bps, .cc = "reno",
                          /* ASSUMPTION: 4 times the model's copy, plus a minute, is long
                           * enough for any real copy that works at all */
                          .timeout_ns = 4 * (x->end - x->start) + SIM_S(60)};
    emu_tcp_result_t t;
    vs_err_t err = emu_tcp_transfer(&c, &t);
    if (err)
        return err;
    emu_traffic_result_t *r = e->res;
    *t_start = t.start;
    *t_end = t.end;
    r->tcp_bytes = t.received;
    r->tcp_s = (double)(t.end - t.start) / 1e9;
    r->tcp_bps = r->tcp_s > 0 ? (double)t.received * 8 / r->tcp_s : NAN;
    r->tcp_retransmits = t.retransmits;
    r->tcp_spurious = t.dsack_dups;
    r->tcp_timeouts = t.timeouts;
    snprintf(r->tcp_cc, sizeof r->tcp_cc, "%s", t.cc);
    return VS_OK;
}

/* The drops of the FIFO on the bottleneck (the slowest link's a side), from tc -s. */
static void qdisc_drops(tr_t *e)
{
    const scn_t *scn = e->scn;
    size_t low = 0;
    for (size_t l = 1; l < scn->n_links; l++)
        if (scn->links[l].bandwidth_bps < scn->links[low].bandwidth_bps)
            low = l;
    char dev[16], out[2048];
    snprintf(dev, sizeof dev, "s%ua", (unsigned)(low & 0xffff));
    char *argv[] = {(char *)"tc", (char *)"-n", e->ns[scn->links[low].a], (char *)"-s",
                    (char *)"qdisc", (char *)"show", (char *)"dev", dev, NULL};
    int st;
    e->res->qdisc_drops = -1;
    if (emu_capture(argv, out, sizeof out, &st) || st)
        return;
    const char *p = strstr(out, "qdisc pfifo 10:");
    if (!p)
        p = strstr(out, "qdisc bfifo 10:");
    if (p && (p = strstr(p, "(dropped ")))
        e->res->qdisc_drops = strtoll(p + 9, NULL, 10);
}

/* ---- the run ------------------------------------------------------------------------ */

static vs_err_t measure(tr_t *e)
{
    const scn_flow_t *f = &e->scn->traffic->flows[0];
    emu_traffic_result_t *r = e->res;
    vs_err_t err = VS_OK;
    int64_t interval = (int64_t)llround((double)f->packet_bytes * 8e9 / f->rate_bps);
    int64_t t0, t1, expected = (int64_t)(r->copy->end - r->copy->start) * 5 + SIM_S(60);
    emu_probe_config_t pc = {.src_ns = e->ns[e->scn->vrouters[f->src].host],
                             .dst_ns = e->ns[e->scn->vrouters[f->dst].host],
                             .src_ip = loop_addr(e->scn->vrouters[f->src].host),
                             .dst_ip = loop_addr(e->scn->vrouters[f->dst].host),
                             .interval_ns = interval, .payload = (int)f->packet_bytes - 28,
                             .max_probes = expected / interval + 1};
    VS_TRY(emu_probe_start(&pc, &e->probe));
    int64_t p0 = emu_now();
    VS_TRY(emu_sleep(e->o->settle_ns));
    VS_TRY(tcp_copy(e, &t0, &t1));
    VS_TRY(emu_sleep(e->o->settle_ns / 2));
    emu_probe_stop(e->probe, SIM_MS(300));
    emu_probe_stats(e->probe, p0 + SIM_MS(100), t0, &r->before); /* after the first packets */
    emu_probe_stats(e->probe, t0, t1, &r->during);
    qdisc_drops(e);
    if (e->o->probes_csv) {
        vs_outfile_t *csv;
        VS_TRY(vs_out_open(e->o->probes_csv, &csv));
        emu_probe_csv(e->probe, t0, vs_out_stream(csv));
        VS_TRY(vs_out_commit(csv));
    }
out:
    return err;
}

static void teardown(tr_t *e)
{
    emu_probe_free(e->probe);
    e->probe = NULL;
    for (int i = 0; i < e->n_ns; i++)
        if (emu_ip("netns del %s", e->ns[i]))
            VS_WARN("emu", "could not remove namespace %s: %s", e->ns[i], vs_errmsg());
    e->n_ns = 0;
    emu_rmdir(e->work, e->o->keep_dir != NULL);
}

/* The model's side: the run, the flow, the copy (the largest transfer) and the spans. */
static vs_err_t simulate(const scn_t *scn, emu_traffic_result_t *r)
{
    run_opts_t ro = {.runs = 1};
    vs_err_t err = run_scenario(scn, &ro, &r->sim);
    if (err)
        return err;
    const tfc_results_t *t = r->sim->traffic;
    if (!t || t->n_flows != 1 || !t->n_xfers)
        return vs_fail(VS_EINVAL, "%s: the model ran no TCP transfer beside the flow (does the "
                                  "copy's path share a link with it?)", scn->path);
    r->flow = &t->flows[0];
    sim_time_t first = t->xfers[0].start;
    for (size_t k = 0; k < t->n_xfers; k++) {
        if (!r->copy || t->xfers[k].bytes > r->copy->bytes)
            r->copy = &t->xfers[k];
        if (t->xfers[k].start < first)
            first = t->xfers[k].start;
    }
    if (!r->copy->end)
        return vs_fail(VS_EINVAL, "%s: the model's copy does not finish before 'until'", scn->path);
    const scn_flow_t *f = &scn->traffic->flows[0];
    r->sim_before = tfc_span(r->flow, f->start + SIM_MS(100), first);
    r->sim_during = tfc_span(r->flow, r->copy->start, r->copy->end);
    r->rate_bps = f->rate_bps;
    r->packet_bytes = (int)f->packet_bytes;
    return VS_OK;
}

static void versions(emu_traffic_result_t *r)
{
    struct utsname u;
    if (!uname(&u))
        snprintf(r->kernel, sizeof r->kernel, "%.63s", u.release);
}

static vs_err_t check_env(void)
{
    if (geteuid() != 0)
        return vs_fail(VS_EPERM, "emulation needs root (network namespaces, tc, daemons)");
    char out[64];
    int st;
    char *ip[] = {(char *)"ip", (char *)"-V", NULL}, *tc[] = {(char *)"tc", (char *)"-V", NULL};
    if (emu_capture(ip, out, sizeof out, &st) || st || emu_capture(tc, out, sizeof out, &st) || st)
        return vs_fail(VS_EDEPEND, "cannot run 'ip' and 'tc' (Debian package iproute2)");
    return VS_OK;
}

vs_err_t emu_traffic_run(const scn_t *scn, const emu_opts_t *o, emu_traffic_result_t **out)
{
    tr_t *e = calloc(1, sizeof *e);
    emu_traffic_result_t *r = calloc(1, sizeof *r);
    vs_err_t err = VS_OK;
    if (!e || !r) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    VS_TRY(emu_traffic_check(scn));
    VS_TRY(simulate(scn, r));
    VS_TRY(check_env());
    versions(r);
    e->scn = scn;
    e->o = o;
    e->res = r;
    snprintf(e->tag, sizeof e->tag, "vroomsim%ld", (long)getpid());
    VS_TRY(emu_mkwork(e->tag, o->keep_dir, e->work, sizeof e->work));
    emu_signals_install();
    err = build(e);
    if (!err)
        err = measure(e);
    teardown(e);
    emu_signals_end();
out:
    free(e);
    if (err) {
        emu_traffic_free(r);
        r = NULL;
    }
    *out = r;
    return err;
}

void emu_traffic_free(emu_traffic_result_t *r)
{
    if (!r)
        return;
    run_results_free(r->sim);
    free(r);
}
