/* Helpers shared by the mechanisms of docs/mechanisms.md. */
#include "mig_vm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void mig_vm_step(mig_t *m, mig_step_t s, const char *label)
{
    m->res->t[s] = sim_now(m->sim);
    if (sim_tracing(m->sim))
        sim_trace(m->sim, m->res->vr, label, NULL);
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

sim_time_t mig_vm_delay(const mig_t *m, size_t a, size_t b)
{
    double bps;
    sim_time_t d;
    if (a == b || net_path(m->scn, a, b, false, &bps, &d) != VS_OK)
        return 0;
    return d;
}

size_t mig_vm_path(const scn_t *scn, size_t from, size_t to, size_t *out, size_t max)
{
    size_t n = scn->n_prouters;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *prev = malloc(n * sizeof *prev);
    bool *done = calloc(n, sizeof *done);
    size_t len = 0;
    if (!dist || !prev || !done)
        goto out;
    for (size_t i = 0; i < n; i++)
        dist[i] = SIM_TIME_MAX, prev[i] = SIZE_MAX;
    dist[from] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && dist[i] != SIM_TIME_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            break;
        done[u] = true;
        for (size_t k = 0; k < scn->n_links; k++) {
            const scn_link_t *l = &scn->links[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v != SIZE_MAX && !done[v] && dist[u] + l->delay < dist[v])
                dist[v] = dist[u] + l->delay, prev[v] = u;
        }
    }
    if (dist[to] == SIM_TIME_MAX)
        goto out;
    for (size_t v = to; v != SIZE_MAX && len < max; v = prev[v])
        out[len++] = v;
    for (size_t i = 0; i < len / 2; i++) {
        size_t t = out[i];
        out[i] = out[len - 1 - i];
        out[len - 1 - i] = t;
    }
out:
    free(dist);
    free(prev);
    free(done);
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
