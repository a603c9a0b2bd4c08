/* Helpers shared by the mechanisms of docs/mechanisms.md. */
#include "mig_vm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "scn_path.h"
#include "tcp_rexmit.h"
#include "vs_log.h"

void mig_vm_step(mig_t *m, mig_step_t s, const char *label)
{
    m->res->t[s] = sim_now(m->sim);
    m->res->reached |= 1u << s;
    if (sim_tracing(m->sim))
        sim_trace(m->sim, m->res->vr, label, NULL);
    static const char *const steps[] = {"tunnels", "router-image copy", "memory copy",
                                        "control plane frozen", "data-plane cloning",
                                        "link migration", "done"};
    VS_LOG_T(VS_LOG_INFO, "mig", sim_now(m->sim), "%s -> %s (%s): t%d %s (%s)", m->vr->name,
             m->scn->prouters[m->cfg->to].name, m->mech->name, (int)s, steps[s], label);
}

void mig_vm_drop_routing(mig_t *m)
{
    int adj = 0;
    for (size_t i = 0; i < m->n_ifaces && m->vr->ospf; i++) {
        const scn_vlink_t *l = &m->scn->vlinks[m->vlink_idx[i]];
        size_t other = l->a == m->cfg->vr ? l->b : l->a;
        adj += m->scn->vrouters[other].ospf;
    }
    m->res->adjacencies_lost = adj;
    m->res->sessions_lost = m->vr->bgp ? (int)m->vr->n_bgp_peers : 0;
}

double mig_vm_jitter(mig_t *m)
{
    if (m->c.src_ckpt.cost_cv <= 0)
        return 1.0;
    double f = sim_rng_normal(&m->rng, 1.0, m->c.src_ckpt.cost_cv);
    return f < 0.5 ? 0.5 : f;
}

sim_time_t mig_vm_ns(double x)
{
    return x <= 0 ? 0 : (sim_time_t)llround(x);
}

void mig_vm_transfer(mig_t *m, int64_t bytes, double limit_bps, sim_time_t setup, sim_fn fn,
                     uint64_t arg)
{
    net_xfer_t x = {
        .from = m->res->from_idx, .to = m->cfg->to, .reserved = m->cfg->reserved, .bytes = bytes,
        .limit_bps = limit_bps > 0 ? limit_bps : m->c.src_ckpt.copy_limit_bps,
        .setup = setup,
    };
    m->res->bytes_sent += bytes;
    m->res->copy_bps = net_transfer(m->net, &x, fn, m, arg);
}

void mig_vm_restore(mig_t *m, sim_fn fn)
{
    mig_result_t *res = m->res;
    double j = mig_vm_jitter(m);
    res->restore = mig_vm_ns((double)hw_ckpt_restore_ns(&m->c.dst_ckpt, res->final_bytes) * j);
    res->bridging = mig_vm_ns((double)hw_ckpt_bridging_ns(&m->c.dst_ckpt, res->final_bytes) * j);
    sim_after(m->sim, mig_vm_ns((double)hw_ckpt_resume_ns(&m->c.dst_ckpt, res->final_bytes) * j), fn, m, 0);
}

static void sc_copied(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    m->res->copy = sim_now(sim) - m->copy_start;
    mig_vm_restore(m, m->resumed);
}

static void sc_dumped(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    m->copy_start = sim_now(sim);
    double j = mig_vm_jitter(m);
    mig_vm_transfer(m, m->res->final_bytes, m->c.src_ckpt.copy_limit_bps / j,
                    mig_vm_ns((double)m->c.src_ckpt.copy_setup_ns * j), sc_copied, 0);
}

void mig_vm_stop_and_copy(mig_t *m, sim_fn resumed)
{
    mig_result_t *res = m->res;
    m->resumed = resumed;
    res->dump = mig_vm_ns((double)hw_ckpt_dump_ns(&m->c.src_ckpt, res->final_bytes) * mig_vm_jitter(m));
    sim_after(m->sim, res->dump, sc_dumped, m, 0);
}

static void rl_link(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    net_link_rehome(m->net, m->vlink_idx[arg], m->cfg->vr, m->cfg->to);
    if (sim_tracing(sim)) {
        char extra[64];
        snprintf(extra, sizeof extra, "\"link\":%llu", (unsigned long long)arg);
        sim_trace(sim, m->res->vr, "link-rehomed", extra);
    }
    if (--m->links_pending == 0)
        m->rehomed(sim, m, 0);
}

void mig_vm_rehome_links(mig_t *m, sim_fn done)
{
    m->rehomed = done;
    m->links_pending = m->n_ifaces;
    if (m->n_ifaces == 0) {
        done(m->sim, m, 0);
        return;
    }
    for (size_t i = 0; i < m->n_ifaces; i++) {
        hw_rehome_tech_t tech = (hw_rehome_tech_t)m->scn->vlinks[m->vlink_idx[i]].rehome;
        double spread = (double)m->c.rehome.spread_ns[tech];
        double d = (double)m->c.rehome.mean_ns[tech] + sim_rng_uniform(&m->rng, -spread, spread);
        m->res->link_rehome[i] = mig_vm_ns(d);
        sim_after(m->sim, m->res->link_rehome[i], rl_link, m, i);
    }
}

sim_time_t mig_vm_delay(const mig_t *m, size_t a, size_t b)
{
    double bps;
    sim_time_t d;
    if (a == b || scn_path(m->scn, a, b, false, &bps, &d) != VS_OK)
        return 0;
    return d;
}

size_t mig_vm_path_len(const scn_t *scn, size_t from, size_t to)
{
    size_t n = scn->n_prouters, len = 0;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *via = malloc(n * sizeof *via);
    if (!dist || !via || scn_shortest(scn, from, 0, dist, via) != VS_OK || dist[to] == SIM_TIME_MAX)
        len = SIZE_MAX;
    for (size_t v = to; len != SIZE_MAX; len++) {
        if (v == from) {
            len++;
            break;
        }
        const scn_link_t *l = &scn->links[via[v]];
        v = l->a == v ? l->b : l->a;
    }
    free(dist);
    free(via);
    return len;
}

size_t mig_vm_path(const scn_t *scn, size_t from, size_t to, size_t *out, size_t max)
{
    size_t n = scn->n_prouters, len = 0;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *via = malloc(n * sizeof *via);
    if (!dist || !via || scn_shortest(scn, from, 0, dist, via) != VS_OK || dist[to] == SIM_TIME_MAX)
        goto out;
    for (size_t v = to; len < max; ) {
        out[len++] = v;
        if (v == from)
            break;
        const scn_link_t *l = &scn->links[via[v]];
        v = l->a == v ? l->b : l->a;
    }
    if (out[len - 1] != from) { /* longer than max */
        len = 0;
        goto out;
    }
    for (size_t i = 0; i < len / 2; i++) {
        size_t t = out[i];
        out[i] = out[len - 1 - i];
        out[len - 1 - i] = t;
    }
out:
    free(dist);
    free(via);
    return len;
}

bool mig_vm_forwarding(const mig_t *m)
{
    size_t vr = m->cfg->vr;
    if (!net_dp_active(m->net, vr, m->res->from_idx) && !net_dp_active(m->net, vr, m->cfg->to))
        return false;
    sim_time_t now = sim_now(m->sim);
    for (int i = 0; i < 2; i++)
        if (now >= m->res->transient[i][0] && now < m->res->transient[i][1])
            return false;
    return true;
}

/* Packet k arrives at start + k / rate, computed from k so that rounding never drifts. */
static void on_packet(sim_t *sim, void *ctx, uint64_t k)
{
    mig_t *m = ctx;
    if (m->res->done)
        return;
    m->res->packets_offered++;
    if (!mig_vm_forwarding(m))
        m->res->packets_lost++;
    sim_time_t next = m->cfg->at +
                      mig_vm_ns((double)(k + 1) * 1e9 / m->cfg->data_rate_pps);
    sim_at(sim, next, on_packet, m, k + 1);
}

void mig_pkt_start(mig_t *m)
{
    if (m->cfg->data_rate_pps > 0)
        sim_at(m->sim, m->cfg->at, on_packet, m, 0);
}

int64_t mig_vm_control_msgs(mig_t *m, sim_time_t d)
{
    const scn_vrouter_t *v = m->vr;
    int64_t n = 0;
    if (v->ospf && v->hello > 0)
        for (size_t i = 0; i < m->n_ifaces; i++) {
            double phase = sim_rng_uniform(&m->rng, 0, (double)v->hello);
            n += (int64_t)floor(((double)d + phase) / (double)v->hello);
        }
    if (v->bgp && v->keepalive > 0)
        for (size_t i = 0; i < v->n_bgp_peers; i++) {
            double phase = sim_rng_uniform(&m->rng, 0, (double)v->keepalive);
            n += (int64_t)floor(((double)d + phase) / (double)v->keepalive);
        }
    return n;
}

int64_t mig_vm_pages(double bytes, int64_t cap)
{
    int64_t n = ((int64_t)bytes + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
    return n < cap ? n : cap;
}

bool mig_vm_precopy_stop(mig_t *m, int64_t next)
{
    bool small = next <= m->cfg->stop_bytes;
    bool stuck = (double)next > (1.0 - m->cfg->min_progress) * (double)m->round_bytes;
    bool last = m->res->precopy_rounds >= m->cfg->max_rounds;
    m->round_bytes = next;
    VS_LOG_T(VS_LOG_DEBUG, "mig", sim_now(m->sim), "%s: pre-copy round %d sent, %lld bytes dirtied%s",
             m->vr->name, m->res->precopy_rounds, (long long)next,
             small ? ": small enough, stop and copy" : stuck ? ": too little progress, stop and copy"
             : last ? ": last round, stop and copy" : "");
    if (small || stuck || last)
        return true;
    m->res->precopy_rounds++;
    m->round_start = sim_now(m->sim);
    return false;
}

/* When a message that reached a frozen control plane at `at` gets through: its peer's TCP
 * resends it (with everything behind it) on the retransmission timer, doubling from Linux's
 * minimum RTO (tcp_rexmit.h, as the BGP sessions of net.c), and the first copy to arrive once
 * the control plane runs again at t4 is taken. The copies arrive RTO, 3 RTO, 7 RTO, ... after
 * the original. */
static sim_time_t backoff_delivery(sim_time_t at, sim_time_t t4)
{
    sim_time_t t = at, rto = TCP_LINUX_RTO_MIN;
    while (t < t4) {
        t += rto;
        rto = rto * 2 < TCP_LINUX_RTO_MAX ? rto * 2 : TCP_LINUX_RTO_MAX;
    }
    return t;
}

void mig_vm_bgp_stream(mig_t *m, bool remote)
{
    const scn_vrouter_t *vr = m->vr;
    mig_result_t *res = m->res;
    sim_time_t t0 = res->t[MIG_T0_TUNNELS], t3 = res->t[MIG_T3_SUSPEND], t4 = res->t[MIG_T4_CLONE],
               t6 = res->t[MIG_T6_DONE];
    sim_time_t tunnel = mig_vm_delay(m, m->cfg->to, res->from_idx);
    sim_time_t per_prefix = m->c.src_fib.rpc_ns + m->c.src_fib.install_ns;
    sim_time_t a_free = 0; /* A's FIB is busy until then */
    double delay_sum = 0, latency_sum = 0;
    uint32_t n_peers = 0;
    for (size_t i = 0; i < vr->n_bgp_updates; i++)
        if (vr->bgp_updates[i].peer >= n_peers)
            n_peers = vr->bgp_updates[i].peer + 1;
    /* per peer: until when its messages wait for the retransmission that gets through */
    sim_time_t *held = calloc(n_peers ? n_peers : 1, sizeof *held);
    if (!held) {
        VS_WARN("mig", "out of memory: BGP update stream of '%s' not evaluated", vr->name);
        return;
    }
    for (size_t i = 0; i < vr->n_bgp_updates; i++) {
        const scn_bgp_update_t *u = &vr->bgp_updates[i];
        if (u->at < t0)
            continue;
        if (u->at >= t6)
            break;
        res->upd_messages++;
        sim_time_t processed = u->at;
        if (u->at >= t3 && u->at < t4 && held[u->peer] <= u->at)
            held[u->peer] = backoff_delivery(u->at, t4);
        if (u->at < held[u->peer]) { /* lost to the freeze, or queued behind what was */
            processed = held[u->peer];
            res->upd_delayed++;
            res->upd_delayed_prefixes += u->announced + u->withdrawn;
            delay_sum += (double)(processed - u->at);
            if (processed - u->at > res->upd_delay_max)
                res->upd_delay_max = processed - u->at;
        }
        if (!remote || processed < t4)
            continue;
        for (uint32_t k = 0; k < u->announced + u->withdrawn; k++) {
            sim_time_t arrive = processed + tunnel;
            a_free = (a_free > arrive ? a_free : arrive) + per_prefix;
            sim_time_t latency = a_free - processed;
            res->upd_remote_prefixes++;
            latency_sum += (double)latency;
            if (latency > res->upd_remote_latency_max)
                res->upd_remote_latency_max = latency;
        }
    }
    free(held);
    if (res->upd_delayed)
        res->upd_delay_mean = (sim_time_t)llround(delay_sum / (double)res->upd_delayed);
    if (res->upd_remote_prefixes)
        res->upd_remote_latency_mean = (sim_time_t)llround(latency_sum / (double)res->upd_remote_prefixes);
}
