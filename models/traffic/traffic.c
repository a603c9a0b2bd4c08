/* The packet-level data plane (traffic.h). One engine event per packet per substrate hop: a
 * link direction is a FIFO whose service times are known at enqueue, so its occupancy is a
 * ring of finish times and the arrival at the far end is scheduled at once (finish +
 * propagation). Packets are pool indices passed as the event argument. */
#include "traffic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "fluid.h"
#include "hw_profile.h"
#include "scn_path.h"
#include "sim_rng.h"
#include "tcp_bulk.h"
#include "vs_log.h"
#include "vs_units.h"

#define NONE UINT32_MAX
#define MAX_BINS_TOTAL (1u << 22) /* time-series bins over all flows */

enum { K_DATA, K_ECHO, K_SEG, K_ACK };
enum { LEG_LINK, LEG_TUNNEL, LEG_SUB };

typedef struct {
    sim_time_t sent;
    uint32_t next;            /* free list */
    uint32_t flow;            /* data flow, or TCP connection for K_SEG/K_ACK */
    uint32_t seq;
    uint32_t size;            /* IP bytes */
    uint32_t vr;              /* data: the VR whose data plane takes it at the leg's end */
    uint32_t dst;             /* data: destination VR; K_ACK: the segment it SACKs */
    uint32_t at, target;      /* physical routers: where it is, where this leg ends */
    uint32_t vlink;
    uint8_t kind, leg;
    uint8_t dp_live;          /* the data plane at the leg's end existed when the leg began */
    uint8_t res;              /* a reserved migration transfer's segment or ACK */
    uint8_t ttl;              /* data: VR hops left (a forwarding loop ends at 0) */
} pkt_t;

/* A new IP packet's time to live: Linux's net.ipv4.ip_default_ttl (IPDEFTTL, 64). */
#define PKT_TTL 64

typedef struct {
    double ns_per_byte;
    sim_time_t prop;
    uint32_t to;              /* physical router at the far end */
    sim_time_t busy_until;
    sim_time_t *ring;         /* finish times of queued packets */
    uint32_t *ring_bytes;
    uint32_t head, count, cap;
    uint64_t queued_bytes;
    uint64_t limit_bytes, limit_packets;
    uint64_t drops, sent;
} dlink_t;

typedef struct {
    const scn_flow_t *cfg;
    uint32_t idx;
    sim_rng_t rng;
    double rate_bps;
    double interval_ns;       /* between packets at the current rate */
    sim_time_t next_at, phase_start;
    uint64_t phase_k;
    bool on;
    sim_time_t on_until;      /* on/off: end of the current on period */
    size_t next_change;
    uint32_t seq;
    /* results */
    uint64_t sent, received, lost_queue, lost_cpu, lost_no_dp, lost_routing, tunnelled;
    double dsum, dsq, dmin, dmax, jsum, last_delay;
    uint64_t jn;
    tfc_bin_t *bins;
    size_t n_bins;
    /* fluid mode */
    double fl_bits_offered, fl_bits_delivered, fl_delay_s;
    double fl_bits_routing, fl_bits_no_dp;  /* sent into no route, a dead link, a loop; or
                                             * to a data plane that is gone, a failed VR */
    double fl_dsum;                         /* delay x bits delivered */
    double fl_dmin, fl_dmax;                /* delays of the paths that delivered bits */
    bool fl_varied;                         /* the path's delay changed during the run */
    double fl_base_delay;                   /* its first path's delay */
    double fl_bits_delayed;                 /* delivered over a slower path than the first */
    uint32_t fl_cause, fl_cause_next;       /* the VR whose change set its path (NONE: none) */
    uint32_t fl_counted;                    /* the cause it was last counted as affected by */
    uint8_t fl_fate;                        /* FL_* of its current path */
    bool fl_dirty;                          /* its path is to be recomputed now */
    uint32_t fl_gen;                        /* its path's version (tfc_t's through lists) */
    sim_time_t fl_last;
} flow_t;

/* Where a fluid flow's current path ends. */
enum { FL_DELIVERED, FL_LOST_ROUTING, FL_LOST_NO_DP };

/* A fluid flow whose path crosses a VR, as of one version of its path. */
typedef struct {
    uint32_t flow, gen;
} thru_t;

typedef struct {
    tcp_bulk_t *tcp;
    size_t from, to;
    int64_t bytes;
    double app_bps;
    sim_fn done;
    void *ctx;
    uint64_t arg;
    sim_time_t start, end;
    bool reserved;            /* on the links' reserved migration bandwidth */
    struct tfc *t;
} conn_t;

struct tfc {
    sim_t *sim;
    net_t *net;
    const scn_t *scn;
    const scn_traffic_t *cfg;
    size_t np, nv;
    dlink_t *dl;              /* 2 * n_links link directions, then 2 * n_links reserved
                               * migration channels (used where migration_bandwidth > 0) */
    uint32_t *nh;             /* nh[p * np + q]: link direction out of p toward q */
    cpu_t *cpu;               /* per physical router; cost 0 = none */
    bool *has_cpu;
    pkt_t *pk;
    uint32_t n_pk, free_pk;
    flow_t *flows;
    size_t n_flows;
    conn_t **conns;
    size_t n_conns, cap_conns;
    uint64_t *dp_packets;
    uint64_t hops;
    int64_t framing;
    fluid_t *fluid;
    /* fluid mode, re-routing: per VR the flows whose paths cross it (entries of older
     * versions are stale and dropped as met); flows whose paths are to be recomputed now;
     * buffers for one path's substrate links and VRs */
    thru_t **thru;
    uint32_t *n_thru, *cap_thru;
    uint32_t *dirty;
    size_t n_dirty;
    bool settle_pending;      /* on_fluid_settle is due now */
    bool rates_stale;         /* a demand or a path changed since the last solve */
    sim_time_t fl_now;        /* every flow is integrated up to here */
    uint32_t *pbuf, *vbuf;
    size_t pcap, vcap;
    uint32_t *seen, stamp;    /* per VR: the walk (stamp) that last crossed it */
    /* per VR: bits lost and delayed while flows followed paths its changes set, and how
     * many flows were so affected (fluid) */
    double *vr_lost, *vr_delayed;
    uint32_t *vr_flows;
    /* per link direction: migration copies' load now, and the peak utilisation (data plus
     * copies over the bandwidth) and when (fluid) */
    double *mig_load, *peak;
    sim_time_t *peak_at;
    struct xfer_load { uint32_t from, to; double bps; } *xl;
    size_t n_xl, cap_xl;
};

/* ---- packets ------------------------------------------------------------------------- */

static uint32_t pkt_alloc(tfc_t *t)
{
    if (t->free_pk == NONE) {
        uint32_t n = t->n_pk ? t->n_pk * 2 : 1024;
        pkt_t *p = realloc(t->pk, (size_t)n * sizeof *p);
        if (!p) {
            VS_LOG(VS_LOG_ERROR, "traffic", "out of memory for packets");
            abort();
        }
        for (uint32_t i = t->n_pk; i < n; i++)
            p[i].next = i + 1 < n ? i + 1 : NONE;
        t->free_pk = t->n_pk;
        t->pk = p;
        t->n_pk = n;
    }
    uint32_t i = t->free_pk;
    t->free_pk = t->pk[i].next;
    return i;
}

static void pkt_free(tfc_t *t, uint32_t i)
{
    t->pk[i].next = t->free_pk;
    t->free_pk = i;
}

/* ---- results bookkeeping ------------------------------------------------------------- */

static tfc_bin_t *bin_of(flow_t *f, sim_time_t sent, sim_time_t width)
{
    size_t b = (size_t)(sent / width);
    return b < f->n_bins ? &f->bins[b] : NULL;
}

static void flow_lost(tfc_t *t, const pkt_t *p, uint64_t *counter)
{
    if (p->kind != K_DATA && p->kind != K_ECHO)
        return;
    flow_t *f = &t->flows[p->flow];
    (*counter)++;
    tfc_bin_t *b = bin_of(f, p->sent, t->cfg->dp.series_interval);
    if (b)
        b->lost++;
}

static void flow_received(tfc_t *t, const pkt_t *p)
{
    flow_t *f = &t->flows[p->flow];
    double d = sim_to_s(sim_now(t->sim) - p->sent);
    f->received++;
    f->dsum += d;
    f->dsq += d * d;
    if (f->received == 1 || d < f->dmin)
        f->dmin = d;
    if (d > f->dmax)
        f->dmax = d;
    double j = f->received > 1 ? fabs(d - f->last_delay) : 0;
    if (f->received > 1) {
        f->jsum += j;
        f->jn++;
    }
    f->last_delay = d;
    tfc_bin_t *b = bin_of(f, p->sent, t->cfg->dp.series_interval);
    if (b) {
        b->received++;
        b->jitter_sum_s += j;
        b->delay_sum_s += d;
        b->delay_sq_sum_s2 += d * d;
        if (d > b->delay_max_s)
            b->delay_max_s = d;
    }
}

/* ---- forwarding ---------------------------------------------------------------------- */

static void on_arrive(sim_t *sim, void *ctx, uint64_t arg);
static void on_cpu_done(sim_t *sim, void *ctx, uint64_t arg);
static void route(tfc_t *t, uint32_t i, uint32_t p);
static void arrived(tfc_t *t, uint32_t i);

/* Doubles a queue's ring, keeping its order (rare: rings start at the buffer's size or 1024
 * entries, whichever is smaller, and grow geometrically like the packet pool). */
static bool ring_grow(dlink_t *l)
{
    uint32_t cap = l->cap * 2;
    sim_time_t *r = malloc((size_t)cap * sizeof *r);
    uint32_t *b = malloc((size_t)cap * sizeof *b);
    if (!r || !b || cap <= l->cap) {
        free(r);
        free(b);
        VS_WARN("traffic", "out of memory for a link queue of %u packets", l->count);
        return false;
    }
    for (uint32_t i = 0; i < l->count; i++) {
        uint32_t j = l->head + i >= l->cap ? l->head + i - l->cap : l->head + i;
        r[i] = l->ring[j];
        b[i] = l->ring_bytes[j];
    }
    free(l->ring);
    free(l->ring_bytes);
    l->ring = r;
    l->ring_bytes = b;
    l->head = 0;
    l->cap = cap;
    return true;
}

/* Puts packet i on the next substrate hop from router p toward its leg's target. */
static void send_sub(tfc_t *t, uint32_t i, uint32_t p)
{
    pkt_t *pk = &t->pk[i];
    if (p == pk->target) {
        pk->at = p;
        arrived(t, i);
        return;
    }
    uint32_t d = t->nh[(size_t)p * t->np + pk->target];
    if (d == NONE) { /* a re-homed link end no substrate path reaches: nowhere to go */
        flow_lost(t, pk, &t->flows[pk->kind <= K_ECHO ? pk->flow : 0].lost_no_dp);
        pkt_free(t, i);
        return;
    }
    dlink_t *l = &t->dl[d];
    if (pk->res && t->dl[2 * t->scn->n_links + d].cap > 0)
        l = &t->dl[2 * t->scn->n_links + d]; /* the link's reserved migration bandwidth */
    sim_time_t now = sim_now(t->sim);
    while (l->count > 0 && l->ring[l->head] <= now) {
        l->queued_bytes -= l->ring_bytes[l->head];
        l->head = l->head + 1 == l->cap ? 0 : l->head + 1;
        l->count--;
    }
    uint64_t wire = pk->size + (uint64_t)t->framing;
    bool full = (l->limit_packets && l->count + 1 > l->limit_packets) ||
                (l->limit_bytes && l->queued_bytes + wire > l->limit_bytes);
    if (!full && l->count + 1 >= l->cap && !ring_grow(l))
        full = true; /* out of memory for a longer queue: counted as a drop (and logged) */
    if (full) {
        l->drops++;
        flow_lost(t, pk, &t->flows[pk->kind <= K_ECHO ? pk->flow : 0].lost_queue);
        pkt_free(t, i);
        return;
    }
    sim_time_t start = l->busy_until > now ? l->busy_until : now;
    sim_time_t end = start + (sim_time_t)llround((double)wire * l->ns_per_byte);
    l->busy_until = end;
    uint32_t tail = l->head + l->count;
    if (tail >= l->cap)
        tail -= l->cap;
    l->ring[tail] = end;
    l->ring_bytes[tail] = (uint32_t)wire;
    l->count++;
    l->queued_bytes += wire;
    l->sent++;
    pk->at = l->to;
    sim_at(t->sim, end + l->prop, on_arrive, t, i);
}

static void on_arrive(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    tfc_t *t = ctx;
    t->hops++;
    uint32_t i = (uint32_t)arg;
    pkt_t *pk = &t->pk[i];
    if (pk->at != pk->target) {
        send_sub(t, i, pk->at);
        return;
    }
    arrived(t, i);
}

static void deliver_tcp(tfc_t *t, uint32_t i)
{
    pkt_t *pk = &t->pk[i];
    conn_t *c = t->conns[pk->flow];
    uint32_t seq = pk->seq, pk_sack = pk->dst;
    bool ack = pk->kind == K_ACK;
    pkt_free(t, i);
    if (ack)
        tcp_bulk_on_ack(c->tcp, seq, pk_sack);
    else
        tcp_bulk_on_segment(c->tcp, seq);
}

/* The packet reached the end of its leg at router pk->at. */
static void arrived(tfc_t *t, uint32_t i)
{
    pkt_t *pk = &t->pk[i];
    uint32_t p = pk->at;
    if (pk->kind == K_SEG || pk->kind == K_ACK) {
        deliver_tcp(t, i);
        return;
    }
    if (pk->leg == LEG_TUNNEL) {
        /* Out of the tunnel at the router where the virtual link's end is: onto the link. */
        const scn_vlink_t *vl = &t->scn->vlinks[pk->vlink];
        uint32_t w = (uint32_t)(vl->a == pk->vr ? vl->b : vl->a);
        pk->leg = LEG_LINK;
        pk->target = (uint32_t)net_link_attach(t->net, pk->vlink, w);
        pk->vr = w;
        pk->dp_live = net_dp_active(t->net, w, pk->target);
        send_sub(t, i, p);
        return;
    }
    /* The data plane of VR pk->vr on router p takes the packet. A data plane removed while
     * the packet was on its way (the last link re-homed behind it) still forwards what was
     * already on its links: removal stops new packets, not those in flight. */
    if (!pk->dp_live && !net_dp_active(t->net, pk->vr, p)) {
        flow_lost(t, pk, &t->flows[pk->flow].lost_no_dp);
        pkt_free(t, i);
        return;
    }
    t->dp_packets[(size_t)pk->vr * t->np + p]++;
    if (t->has_cpu[p]) {
        sim_time_t done;
        if (!cpu_admit(&t->cpu[p], sim_now(t->sim), &done)) {
            flow_lost(t, pk, &t->flows[pk->flow].lost_cpu);
            pkt_free(t, i);
            return;
        }
        sim_at(t->sim, done, on_cpu_done, t, i);
        return;
    }
    route(t, i, p);
}

static void on_cpu_done(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    tfc_t *t = ctx;
    route(t, (uint32_t)arg, t->pk[arg].at);
}

/* VR pk->vr's data plane on router p forwards the packet: delivered or echoed at its
 * destination, else out of the virtual link toward it. */
static void route(tfc_t *t, uint32_t i, uint32_t p)
{
    pkt_t *pk = &t->pk[i];
    flow_t *f = &t->flows[pk->flow];
    if (!net_vr_alive(t->net, pk->vr)) { /* its router failed: no data plane forwards */
        flow_lost(t, pk, &f->lost_no_dp);
        pkt_free(t, i);
        return;
    }
    if (pk->vr == pk->dst) {
        if (pk->kind == K_DATA && f->cfg->round_trip) {
            pk->kind = K_ECHO;
            pk->dst = (uint32_t)f->cfg->src;
            pk->ttl = PKT_TTL;
        } else {
            flow_received(t, pk);
            pkt_free(t, i);
            return;
        }
    }
    uint32_t v = pk->vr, k = net_fib_next(t->net, v, pk->dst);
    if (k == NET_NO_ROUTE || !net_vlink_up(t->net, k) || pk->ttl-- == 0) {
        flow_lost(t, pk, &f->lost_routing); /* no route, a link down, or a loop */
        pkt_free(t, i);
        return;
    }
    const scn_vlink_t *vl = &t->scn->vlinks[k];
    uint32_t w = (uint32_t)(vl->a == v ? vl->b : vl->a);
    uint32_t out_end = (uint32_t)net_link_attach(t->net, k, v);
    pk->vlink = k;
    if (out_end != p) {
        /* This data plane is not where the link's end is (it moved, or not yet): through the
         * tunnel between the two physical routers first (seed 001 Sec. 4.2). */
        pk->leg = LEG_TUNNEL;
        pk->target = out_end;
        f->tunnelled++;
    } else {
        pk->leg = LEG_LINK;
        pk->target = (uint32_t)net_link_attach(t->net, k, w);
        pk->vr = w;
        pk->dp_live = net_dp_active(t->net, w, pk->target);
    }
    send_sub(t, i, p);
}

/* ---- senders ------------------------------------------------------------------------- */

static void on_send(sim_t *sim, void *ctx, uint64_t arg);

static void set_rate(flow_t *f, double bps, sim_time_t now)
{
    f->rate_bps = bps;
    f->interval_ns = bps > 0 ? (double)f->cfg->packet_bytes * 8e9 / bps : 0;
    f->phase_start = now;
    f->phase_k = 0;
}

static void schedule_next(tfc_t *t, flow_t *f)
{
    if (f->interval_ns <= 0)
        return;
    if (f->cfg->kind == SCN_FLOW_POISSON) {
        sim_time_t gap = (sim_time_t)llround(sim_rng_exp(&f->rng, f->interval_ns));
        sim_time_t at = sim_now(t->sim) + (gap > 0 ? gap : 1);
        if (at < f->cfg->stop)
            sim_at(t->sim, at, on_send, t, f->idx);
        return;
    }
    f->phase_k++;
    sim_time_t at = f->phase_start + (sim_time_t)llround((double)f->phase_k * f->interval_ns);
    if (at < f->cfg->stop)
        sim_at(t->sim, at, on_send, t, f->idx);
}

static void apply_changes(tfc_t *t, flow_t *f, sim_time_t now)
{
    while (f->next_change < f->cfg->n_changes && f->cfg->changes[f->next_change].at <= now)
        set_rate(f, f->cfg->changes[f->next_change++].rate_bps, now);
    (void)t;
}

static void on_send(sim_t *sim, void *ctx, uint64_t arg)
{
    tfc_t *t = ctx;
    flow_t *f = &t->flows[arg];
    sim_time_t now = sim_now(sim);
    apply_changes(t, f, now); /* changes due now (on_change normally applied them already) */
    if (f->cfg->kind == SCN_FLOW_ONOFF && now >= f->on_until) {
        /* off period, then a new on period */
        sim_time_t off = (sim_time_t)llround(sim_rng_exp(&f->rng, (double)f->cfg->off));
        sim_time_t on = (sim_time_t)llround(sim_rng_exp(&f->rng, (double)f->cfg->on));
        f->on_until = now + off + (on > 0 ? on : 1);
        f->phase_start = now + off;
        f->phase_k = 0;
        if (f->phase_start < f->cfg->stop && f->interval_ns > 0)
            sim_at(sim, f->phase_start, on_send, t, f->idx);
        return;
    }
    if (f->rate_bps <= 0)
        return;
    uint32_t i = pkt_alloc(t);
    pkt_t *pk = &t->pk[i];
    *pk = (pkt_t){.sent = now, .next = NONE, .flow = f->idx, .seq = f->seq++,
                  .size = (uint32_t)f->cfg->packet_bytes, .vr = (uint32_t)f->cfg->src,
                  .dst = (uint32_t)f->cfg->dst, .kind = K_DATA, .ttl = PKT_TTL};
    f->sent++;
    tfc_bin_t *b = bin_of(f, now, t->cfg->dp.series_interval);
    if (b)
        b->sent++;
    /* The source's packets enter its data plane where its first link toward the
     * destination attaches. */
    uint32_t k = net_fib_next(t->net, pk->vr, pk->dst);
    route(t, i, (uint32_t)(k == NET_NO_ROUTE ? net_vr_host(t->net, pk->vr)
                                             : net_link_attach(t->net, k, pk->vr)));
    schedule_next(t, f);
}

/* A rate change of a flow whose sender is idle (rate 0) restarts it. */
static void on_change(sim_t *sim, void *ctx, uint64_t arg)
{
    tfc_t *t = ctx;
    flow_t *f = &t->flows[arg];
    double old = f->rate_bps;
    apply_changes(t, f, sim_now(sim));
    if (old <= 0 && f->rate_bps > 0)
        on_send(sim, t, arg);
}

static void on_flow_start(sim_t *sim, void *ctx, uint64_t arg)
{
    tfc_t *t = ctx;
    flow_t *f = &t->flows[arg];
    sim_time_t now = sim_now(sim);
    set_rate(f, f->cfg->rate_bps, now);
    apply_changes(t, f, now);
    if (f->cfg->kind == SCN_FLOW_ONOFF) {
        sim_time_t on = (sim_time_t)llround(sim_rng_exp(&f->rng, (double)f->cfg->on));
        f->on_until = now + (on > 0 ? on : 1);
    } else {
        f->on_until = SIM_TIME_MAX;
    }
    on_send(sim, t, arg);
}

/* ---- fluid mode ---------------------------------------------------------------------- */

/* Integrates every flow's offered and delivered bits up to now at the current rates. */
static void fluid_integrate(tfc_t *t, sim_time_t now)
{
    if (now == t->fl_now)
        return; /* done at this instant already (nothing changes in no time) */
    t->fl_now = now;
    for (size_t k = 0; k < t->n_flows; k++) {
        flow_t *f = &t->flows[k];
        double dt = sim_to_s(now - f->fl_last);
        double bits = fluid_rate(t->fluid, k) * dt;
        f->fl_bits_offered += f->rate_bps * dt;
        f->fl_last = now;
        if (f->fl_fate == FL_LOST_ROUTING) {
            f->fl_bits_routing += bits;
        } else if (f->fl_fate == FL_LOST_NO_DP) {
            f->fl_bits_no_dp += bits;
        } else if (bits > 0) {
            f->fl_bits_delivered += bits;
            f->fl_dsum += bits * f->fl_delay_s;
            f->fl_dmin = fmin(f->fl_dmin, f->fl_delay_s);
            f->fl_dmax = fmax(f->fl_dmax, f->fl_delay_s);
        }
        bool lost = f->fl_fate != FL_DELIVERED, slower = !lost && f->fl_delay_s > f->fl_base_delay * (1 + 1e-9);
        if (slower)
            f->fl_bits_delayed += bits;
        if (bits > 0 && (lost || slower) && f->fl_cause != NONE) {
            (lost ? t->vr_lost : t->vr_delayed)[f->fl_cause] += bits;
            if (f->fl_counted != f->fl_cause)
                t->vr_flows[f->fl_cause]++;
            f->fl_counted = f->fl_cause;
        }
    }
}

/* Each link direction's utilisation now (fluid flows and migration copies): the peaks. */
static void link_peaks(tfc_t *t)
{
    sim_time_t now = sim_now(t->sim);
    for (size_t d = 0; d < 2 * t->scn->n_links; d++) {
        double u = (fluid_link_load(t->fluid, d) + t->mig_load[d]) / t->scn->links[d / 2].bandwidth_bps;
        if (u > t->peak[d] * (1 + 1e-12)) {
            t->peak[d] = u;
            t->peak_at[d] = now;
        }
    }
}

static void fluid_resolve(tfc_t *t)
{
    for (size_t k = 0; k < t->n_flows; k++)
        fluid_set_demand(t->fluid, k, t->flows[k].rate_bps);
    if (fluid_solve(t->fluid) != VS_OK)
        VS_WARN("traffic", "fluid rates not recomputed: %s", vs_errmsg());
    link_peaks(t);
}

static void on_fluid_settle(sim_t *sim, void *ctx, uint64_t arg);

/* The rates (and the paths to recompute) are settled once per instant, after every change
 * due at it: a traffic matrix starts a million flows at time 0. */
static void fluid_settle_soon(tfc_t *t)
{
    if (!t->settle_pending)
        sim_at(t->sim, sim_now(t->sim), on_fluid_settle, t, 0);
    t->settle_pending = true;
}

/* arg: flow index << 2 | what (0 start, 1 stop, 2 change). */
static void on_fluid_event(sim_t *sim, void *ctx, uint64_t arg)
{
    tfc_t *t = ctx;
    flow_t *f = &t->flows[arg >> 2];
    sim_time_t now = sim_now(sim);
    fluid_integrate(t, now);
    switch (arg & 3) {
    case 0:
        f->rate_bps = f->cfg->rate_bps;
        apply_changes(t, f, now);
        break;
    case 1:
        f->rate_bps = 0;
        f->next_change = f->cfg->n_changes;
        break;
    default:
        apply_changes(t, f, now);
    }
    t->rates_stale = true;
    fluid_settle_soon(t);
}

/* ---- set-up -------------------------------------------------------------------------- */

/* Next hops over the substrate by delay: a lowest-delay tree from every router (scn_path.h,
 * ties as scn_graph.h says, so routes are deterministic), each destination's next hop read
 * off the tree in settling order. O(V (V + E) log E). */
static vs_err_t substrate_routes(tfc_t *t)
{
    size_t n = t->np;
    scn_graph_t *g = NULL;
    scn_tree_t tr = {0};
    t->nh = malloc((n ? n * n : 1) * sizeof *t->nh);
    tr.dist = malloc((n ? n : 1) * sizeof *tr.dist);
    tr.via = malloc((n ? n : 1) * sizeof *tr.via);
    tr.order = malloc((n ? n : 1) * sizeof *tr.order);
    vs_err_t err = VS_OK;
    if (!t->nh || !tr.dist || !tr.via || !tr.order) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    /* + 1 ns per hop: fewer hops on ties. */
    if ((err = scn_substrate_graph(t->scn, 1, &g)))
        goto out;
    for (size_t src = 0; src < n; src++) {
        if ((err = scn_graph_tree(g, src, &tr)))
            goto out;
        /* The arc leaving src toward each router: 2 * link + 0 from the link's a, + 1 from b. */
        scn_graph_first_arcs(g, &tr, &t->nh[src * n]);
    }
out:
    scn_graph_destroy(g);
    free(tr.dist);
    free(tr.via);
    free(tr.order);
    return err;
}

static vs_err_t setup_links(tfc_t *t)
{
    const scn_t *s = t->scn;
    const scn_dataplane_t *dp = &t->cfg->dp;
    t->dl = calloc(4 * (s->n_links ? s->n_links : 1), sizeof *t->dl);
    if (!t->dl)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < 4 * s->n_links; k++) {
        const scn_link_t *l = &s->links[(k % (2 * s->n_links)) / 2];
        dlink_t *d = &t->dl[k];
        bool reserved = k >= 2 * s->n_links;
        if (reserved && !(l->migration_bps > 0))
            continue; /* no reservation: cap 0 marks the channel absent */
        /* Data gets what the reservation leaves; a link reserved whole for migration still
         * carries the odd tunnelled data packet at its full rate. */
        double data_bps = l->bandwidth_bps - l->migration_bps > 0 ? l->bandwidth_bps - l->migration_bps
                                                                  : l->bandwidth_bps;
        d->ns_per_byte = 8e9 / (reserved ? l->migration_bps : data_bps);
        d->prop = l->delay;
        d->to = (uint32_t)(k % 2 == 0 ? l->b : l->a);
        d->limit_packets = (uint64_t)dp->buffer_packets;
        d->limit_bytes = (uint64_t)dp->buffer_bytes;
        uint64_t cap = dp->buffer_packets ? (uint64_t)dp->buffer_packets + 2
                                          : (uint64_t)dp->buffer_bytes / 32 + 2;
        if (cap > 1024)
            cap = 1024; /* grows with the queue (ring_grow) */
        d->cap = (uint32_t)cap;
        d->ring = malloc(cap * sizeof *d->ring);
        d->ring_bytes = malloc(cap * sizeof *d->ring_bytes);
        if (!d->ring || !d->ring_bytes)
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

/* CPU contention where the data plane is software and the host is CPU-bound. */
static vs_err_t setup_cpus(tfc_t *t)
{
    const scn_t *s = t->scn;
    t->cpu = calloc(t->np, sizeof *t->cpu);
    t->has_cpu = calloc(t->np, sizeof *t->has_cpu);
    if (!t->cpu || !t->has_cpu)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (!t->cfg->dp.cpu)
        return VS_OK;
    for (size_t p = 0; p < t->np; p++) {
        const hw_profile_t *host = NULL, *fib = NULL;
        vs_err_t err = hw_profile_load(s->prouters[p].host_profile, &host);
        if (!err)
            err = hw_profile_load(s->prouters[p].fib_profile, &fib);
        bool software = fib && (!fib->has_fib || fib->fib.tech == HW_FIB_SOFTWARE);
        double pps = host && host->has_host ? host->host.forward_pps_max : 0;
        double hz = host && host->has_host ? host->host.cpu_hz : 0;
        hw_profile_free(host);
        hw_profile_free(fib);
        if (err)
            return err;
        if (software && pps > 0) {
            if (!cpu_init(&t->cpu[p], pps, hz))
                return vs_fail(VS_ENOMEM, "out of memory");
            t->has_cpu[p] = true;
        }
    }
    return VS_OK;
}

static vs_err_t setup_flows(tfc_t *t)
{
    const scn_traffic_t *c = t->cfg;
    t->n_flows = c->n_flows;
    t->flows = calloc(t->n_flows ? t->n_flows : 1, sizeof *t->flows);
    if (!t->flows)
        return vs_fail(VS_ENOMEM, "out of memory");
    sim_time_t w = c->dp.series_interval;
    size_t per = (size_t)(t->scn->until / w) + 1;
    if (t->n_flows && per * t->n_flows > MAX_BINS_TOTAL)
        per = MAX_BINS_TOTAL / t->n_flows; /* later packets are counted in totals only */
    for (size_t k = 0; k < t->n_flows; k++) {
        flow_t *f = &t->flows[k];
        f->cfg = &c->flows[k];
        f->idx = (uint32_t)k;
        char entity[160];
        snprintf(entity, sizeof entity, "flow/%zu/%s", k, f->cfg->name);
        net_rng(t->net, entity, &f->rng);
        f->n_bins = per;
        f->bins = calloc(per ? per : 1, sizeof *f->bins);
        if (!f->bins)
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

/* ---- fluid mode: paths ---------------------------------------------------------------- */

static bool buf_push(uint32_t **buf, size_t *cap, size_t n, uint32_t x)
{
    if (n == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        uint32_t *b = realloc(*buf, c * sizeof *b);
        if (!b)
            return false;
        *buf = b;
        *cap = c;
    }
    (*buf)[n] = x;
    return true;
}

typedef struct {
    size_t n, n_vr;  /* substrate link directions in t->pbuf, VRs crossed in t->vbuf */
    double delay;
    uint8_t fate;
} fl_path_t;

/* The substrate hops from router p to q onto the path, with their delays for a packet of
 * `bytes`. */
static bool fl_hops(tfc_t *t, uint32_t p, uint32_t q, int64_t bytes, fl_path_t *w)
{
    while (p != q) {
        uint32_t dl = t->nh[(size_t)p * t->np + q];
        if (dl == NONE)
            return true; /* no substrate path (the run checked there is one) */
        if (!buf_push(&t->pbuf, &t->pcap, w->n++, dl))
            return false;
        w->delay += sim_to_s(t->dl[dl].prop) + (double)bytes * t->dl[dl].ns_per_byte * 1e-9;
        p = t->dl[dl].to;
    }
    return true;
}

/* One direction of a flow, from VR v to d, as route() forwards its packets now: from the
 * data plane where v's first link toward d attaches, through each VR's FIB in force,
 * through a tunnel where a data plane is not where the link's end is. Ends at d, or where
 * a packet would be lost (no route, a link down, a loop; a data plane gone or a VR failed).
 * ASSUMPTION (fluid): a change takes effect along the whole path at once (the bits already
 * on their way are not followed), and a flow routed into a loop is lost where the loop
 * closes, without the load its packets would put on the loop until their TTL ran out. */
static bool fl_walk(tfc_t *t, uint32_t v, uint32_t d, int64_t bytes, fl_path_t *w)
{
    const scn_t *s = t->scn;
    uint32_t k = net_fib_next(t->net, v, d);
    uint32_t p = (uint32_t)(k == NET_NO_ROUTE ? net_vr_host(t->net, v) : net_link_attach(t->net, k, v));
    t->stamp++;
    for (;;) {
        if (!buf_push(&t->vbuf, &t->vcap, w->n_vr++, v))
            return false;
        if (!net_vr_alive(t->net, v)) {
            w->fate = FL_LOST_NO_DP;
            return true;
        }
        if (v == d)
            return true;
        k = net_fib_next(t->net, v, d);
        if (k == NET_NO_ROUTE || !net_vlink_up(t->net, k) || t->seen[v] == t->stamp) {
            w->fate = FL_LOST_ROUTING;
            return true;
        }
        t->seen[v] = t->stamp;
        const scn_vlink_t *vl = &s->vlinks[k];
        uint32_t u = (uint32_t)(vl->a == v ? vl->b : vl->a);
        uint32_t out_end = (uint32_t)net_link_attach(t->net, k, v);
        uint32_t in_end = (uint32_t)net_link_attach(t->net, k, u);
        if (!fl_hops(t, p, out_end, bytes, w) || !fl_hops(t, out_end, in_end, bytes, w))
            return false;
        v = u;
        p = in_end;
        if (!net_dp_active(t->net, v, p)) {
            w->fate = FL_LOST_NO_DP;
            return buf_push(&t->vbuf, &t->vcap, w->n_vr++, v);
        }
    }
}

/* Flow k's path now (both directions of a round-trip flow), in t->pbuf and t->vbuf. */
static vs_err_t fl_path(tfc_t *t, size_t k, fl_path_t *w)
{
    const scn_flow_t *fc = t->flows[k].cfg;
    *w = (fl_path_t){0};
    for (int dir = 0; dir < (fc->round_trip ? 2 : 1) && w->fate == FL_DELIVERED; dir++) {
        uint32_t v = (uint32_t)(dir ? fc->dst : fc->src), d = (uint32_t)(dir ? fc->src : fc->dst);
        if (!fl_walk(t, v, d, fc->packet_bytes + t->framing, w))
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

/* Flow k's path crosses the VRs in t->vbuf[0..n) as of its version fl_gen. */
static vs_err_t fl_register(tfc_t *t, size_t k, size_t n)
{
    uint32_t gen = t->flows[k].fl_gen;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = t->vbuf[i];
        if (t->n_thru[v] == t->cap_thru[v]) {
            uint32_t m = 0; /* drop stale entries first; grow when they were few */
            for (uint32_t j = 0; j < t->n_thru[v]; j++)
                if (t->flows[t->thru[v][j].flow].fl_gen == t->thru[v][j].gen)
                    t->thru[v][m++] = t->thru[v][j];
            t->n_thru[v] = m;
            if (m >= t->cap_thru[v] / 2) {
                uint32_t c = t->cap_thru[v] ? 2 * t->cap_thru[v] : 8;
                thru_t *x = realloc(t->thru[v], c * sizeof *x);
                if (!x)
                    return vs_fail(VS_ENOMEM, "out of memory");
                t->thru[v] = x;
                t->cap_thru[v] = c;
            }
        }
        t->thru[v][t->n_thru[v]++] = (thru_t){(uint32_t)k, gen};
    }
    return VS_OK;
}

/* Flow k follows its path now: the solver's links, its delay and fate, the VRs it crosses. */
static vs_err_t fl_repath(tfc_t *t, size_t k, bool first)
{
    flow_t *f = &t->flows[k];
    fl_path_t w;
    vs_err_t err = fl_path(t, k, &w);
    if (err)
        return err;
    f->fl_gen++;
    if (first) {
        f->fl_base_delay = f->fl_delay_s = w.delay;
        f->fl_cause = f->fl_cause_next = f->fl_counted = NONE;
        f->fl_fate = w.fate;
        err = fluid_add_flow(t->fluid, t->pbuf, w.n, 0);
        return err ? err : fl_register(t, k, w.n_vr);
    }
    size_t n_old;
    const uint32_t *old = fluid_path(t->fluid, k, &n_old);
    if (n_old != w.n || w.fate != f->fl_fate || memcmp(old, t->pbuf, w.n * sizeof *old)) {
        if (w.delay != f->fl_delay_s)
            f->fl_varied = true;
        f->fl_cause = f->fl_cause_next; /* a change of path is the doing of what asked for it */
        f->fl_delay_s = w.delay;
        f->fl_fate = w.fate;
        t->rates_stale = true;
        if ((err = fluid_set_path(t->fluid, k, t->pbuf, w.n)))
            return err;
    }
    return fl_register(t, k, w.n_vr);
}

static void on_fluid_settle(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    tfc_t *t = ctx;
    t->settle_pending = false;
    fluid_integrate(t, sim_now(sim));
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < t->n_dirty; i++) {
        t->flows[t->dirty[i]].fl_dirty = false;
        if (!err)
            err = fl_repath(t, t->dirty[i], false);
    }
    t->n_dirty = 0;
    if (err)
        VS_WARN("traffic", "fluid paths not recomputed: %s", vs_errmsg());
    if (t->rates_stale)
        fluid_resolve(t);
    t->rates_stale = false;
}

/* net.h's route_changed: the fluid flows crossing vr toward d (any destination when d is
 * SIZE_MAX) are re-routed now, once however many changes come at this instant. */
static void tfc_route_changed(void *ctx, size_t vr, size_t d)
{
    tfc_t *t = ctx;
    if (!t->fluid)
        return;
    uint32_t m = 0;
    for (uint32_t j = 0; j < t->n_thru[vr]; j++) {
        thru_t e = t->thru[vr][j];
        flow_t *f = &t->flows[e.flow];
        if (f->fl_gen != e.gen)
            continue; /* stale: dropped */
        t->thru[vr][m++] = e;
        if (f->fl_dirty || (d != SIZE_MAX && f->cfg->dst != d && !(f->cfg->round_trip && f->cfg->src == d)))
            continue;
        fluid_settle_soon(t);
        f->fl_dirty = true;
        f->fl_cause_next = (uint32_t)vr;
        t->dirty[t->n_dirty++] = e.flow;
    }
    t->n_thru[vr] = m;
}

/* Fluid mode: each flow's substrate links along its virtual path as the FIBs and the
 * placement are now; re-routed as they change (tfc_route_changed). */
static vs_err_t setup_fluid(tfc_t *t)
{
    const scn_t *s = t->scn;
    double *cap = malloc(2 * (s->n_links ? s->n_links : 1) * sizeof *cap);
    t->thru = calloc(t->nv ? t->nv : 1, sizeof *t->thru);
    t->n_thru = calloc(t->nv ? t->nv : 1, sizeof *t->n_thru);
    t->cap_thru = calloc(t->nv ? t->nv : 1, sizeof *t->cap_thru);
    t->dirty = malloc((t->n_flows ? t->n_flows : 1) * sizeof *t->dirty);
    t->seen = calloc(t->nv ? t->nv : 1, sizeof *t->seen);
    t->vr_lost = calloc(t->nv ? t->nv : 1, sizeof *t->vr_lost);
    t->vr_delayed = calloc(t->nv ? t->nv : 1, sizeof *t->vr_delayed);
    t->vr_flows = calloc(t->nv ? t->nv : 1, sizeof *t->vr_flows);
    size_t nd = 2 * (s->n_links ? s->n_links : 1);
    t->mig_load = calloc(nd, sizeof *t->mig_load);
    t->peak = calloc(nd, sizeof *t->peak);
    t->peak_at = calloc(nd, sizeof *t->peak_at);
    vs_err_t err = VS_OK;
    if (!cap || !t->thru || !t->n_thru || !t->cap_thru || !t->dirty || !t->seen || !t->vr_lost ||
        !t->vr_delayed || !t->vr_flows || !t->mig_load || !t->peak || !t->peak_at) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < 2 * s->n_links; k++)
        cap[k] = s->links[k / 2].bandwidth_bps;
    if ((err = fluid_create(2 * s->n_links, cap, &t->fluid)))
        goto out;
    for (size_t k = 0; k < t->n_flows && !err; k++) {
        t->flows[k].fl_dmin = INFINITY;
        err = fl_repath(t, k, true);
    }
out:
    free(cap);
    return err;
}

vs_err_t tfc_create(sim_t *sim, net_t *net, const scn_t *scn, tfc_t **out)
{
    *out = NULL;
    static const scn_traffic_t none = {
        .dp = {.model = SCN_DP_PACKET, .cpu = true, .buffer_packets = SCN_DEFAULT_BUFFER_PACKETS,
               .series_interval = SCN_DEFAULT_SERIES_INTERVAL, .transfers = SCN_XFER_AUTO}};
    tfc_t *t = calloc(1, sizeof *t);
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->sim = sim;
    t->net = net;
    t->scn = scn;
    t->cfg = scn->traffic ? scn->traffic : &none;
    t->np = scn->n_prouters;
    t->nv = scn->n_vrouters;
    t->framing = t->cfg->dp.framing_bytes;
    t->free_pk = NONE;
    vs_err_t err;
    t->dp_packets = calloc(t->np * t->nv > 0 ? t->np * t->nv : 1, sizeof *t->dp_packets);
    if (!t->dp_packets)
        err = vs_fail(VS_ENOMEM, "out of memory");
    else if (!(err = substrate_routes(t)) && !(err = net_routing_start(net)) && !(err = setup_links(t)) &&
             !(err = setup_cpus(t)) && !(err = setup_flows(t)) && t->cfg->dp.model == SCN_DP_FLUID)
        err = setup_fluid(t);
    if (err) {
        tfc_destroy(t);
        return err;
    }
    *out = t;
    return VS_OK;
}

void tfc_destroy(tfc_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_conns; i++) {
        tcp_bulk_destroy(t->conns[i]->tcp);
        free(t->conns[i]);
    }
    free(t->conns);
    if (t->dl)
        for (size_t k = 0; k < 4 * t->scn->n_links; k++) {
            free(t->dl[k].ring);
            free(t->dl[k].ring_bytes);
        }
    free(t->dl);
    if (t->cpu)
        for (size_t p = 0; p < t->np; p++)
            cpu_free(&t->cpu[p]);
    free(t->cpu);
    free(t->has_cpu);
    if (t->flows)
        for (size_t k = 0; k < t->n_flows; k++)
            free(t->flows[k].bins);
    free(t->flows);
    free(t->nh);
    free(t->pk);
    free(t->dp_packets);
    fluid_destroy(t->fluid);
    if (t->thru)
        for (size_t v = 0; v < t->nv; v++)
            free(t->thru[v]);
    free(t->thru);
    free(t->n_thru);
    free(t->cap_thru);
    free(t->dirty);
    free(t->pbuf);
    free(t->vbuf);
    free(t->seen);
    free(t->vr_lost);
    free(t->vr_delayed);
    free(t->vr_flows);
    free(t->mig_load);
    free(t->peak);
    free(t->peak_at);
    free(t->xl);
    free(t);
}

void tfc_start(tfc_t *t)
{
    for (size_t k = 0; k < t->n_flows; k++) {
        const scn_flow_t *c = t->flows[k].cfg;
        if (t->fluid) {
            sim_at(t->sim, c->start, on_fluid_event, t, (uint64_t)k << 2);
            for (size_t j = 0; j < c->n_changes; j++)
                if (c->changes[j].at > c->start && c->changes[j].at < c->stop)
                    sim_at(t->sim, c->changes[j].at, on_fluid_event, t, (uint64_t)k << 2 | 2);
            sim_at(t->sim, c->stop, on_fluid_event, t, (uint64_t)k << 2 | 1);
            continue;
        }
        sim_at(t->sim, c->start, on_flow_start, t, k);
        for (size_t j = 0; j < c->n_changes; j++)
            if (c->changes[j].at > c->start && c->changes[j].at < c->stop)
                sim_at(t->sim, c->changes[j].at, on_change, t, k);
    }
}

/* ---- migration transfers ------------------------------------------------------------- */

static void tcp_xmit(void *ctx, uint32_t id, bool ack, uint32_t seq, uint32_t sack)
{
    conn_t *c = ctx;
    tfc_t *t = c->t;
    uint32_t i = pkt_alloc(t);
    pkt_t *pk = &t->pk[i];
    *pk = (pkt_t){.sent = sim_now(t->sim), .next = NONE, .flow = id, .seq = seq, .dst = sack,
                  .size = ack ? TCP_BULK_ACK_BYTES : TCP_BULK_SEG_BYTES,
                  .kind = ack ? K_ACK : K_SEG, .leg = LEG_SUB, .res = c->reserved,
                  .target = (uint32_t)(ack ? c->from : c->to)};
    send_sub(t, i, (uint32_t)(ack ? c->to : c->from));
}

static void on_tcp_done(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    conn_t *c = ctx;
    tfc_t *t = c->t;
    c->end = sim_now(sim);
    if (t->has_cpu[c->from])
        cpu_user_idle(&t->cpu[c->from], c->end);
    if (t->has_cpu[c->to])
        cpu_user_idle(&t->cpu[c->to], c->end);
    c->done(sim, c->ctx, c->arg);
}

static void on_tcp_start(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    (void)arg;
    conn_t *c = ctx;
    tcp_bulk_start(c->tcp);
}

/* Whether some flow's path at the initial placement crosses a substrate link of the path
 * from `from` to `to` (either direction). */
static bool shares_path(const tfc_t *t, size_t from, size_t to)
{
    const scn_t *s = t->scn;
    for (uint32_t p = (uint32_t)from; p != to;) {
        uint32_t d = t->nh[(size_t)p * t->np + to];
        if (d == NONE)
            return false;
        size_t link = d / 2;
        for (size_t k = 0; k < t->n_flows; k++) {
            const scn_flow_t *f = t->flows[k].cfg;
            for (size_t i = 0; i < 2; i++) {
                uint32_t v = (uint32_t)(i ? f->dst : f->src), dst = (uint32_t)(i ? f->src : f->dst);
                while (v != dst) {
                    uint32_t vk = net_fib_next(t->net, v, dst);
                    const scn_vlink_t *vl = &s->vlinks[vk];
                    uint32_t w = (uint32_t)(vl->a == v ? vl->b : vl->a);
                    uint32_t a = (uint32_t)s->vrouters[v].host, b = (uint32_t)s->vrouters[w].host;
                    while (a != b) {
                        uint32_t dd = t->nh[(size_t)a * t->np + b];
                        if (dd / 2 == link)
                            return true;
                        a = t->dl[dd].to;
                    }
                    v = w;
                }
            }
        }
        p = t->dl[d].to;
    }
    return false;
}

static bool tfc_wants_tcp(void *ctx, const net_xfer_t *x)
{
    const tfc_t *t = ctx;
    switch (t->cfg->dp.transfers) {
    case SCN_XFER_TCP:
        return true;
    case SCN_XFER_FLUID:
        return false;
    default:
        return !x->reserved && t->cfg->dp.model == SCN_DP_PACKET && t->n_flows > 0 &&
               shares_path(t, x->from, x->to);
    }
}

static double tfc_spare_bps(void *ctx, size_t from, size_t to)
{
    const tfc_t *t = ctx;
    if (!t->fluid)
        return INFINITY;
    double spare = INFINITY;
    for (uint32_t p = (uint32_t)from; p != to;) {
        uint32_t d = t->nh[(size_t)p * t->np + to];
        if (d == NONE)
            break;
        double left = t->scn->links[d / 2].bandwidth_bps - fluid_link_load(t->fluid, d);
        spare = fmin(spare, left);
        p = t->dl[d].to;
    }
    return spare;
}

static void tfc_user_busy(void *ctx, size_t host, sim_time_t until)
{
    tfc_t *t = ctx;
    if (t->has_cpu[host])
        cpu_user_busy(&t->cpu[host], sim_now(t->sim), until);
}

static double tfc_user_share(void *ctx, size_t host)
{
    const tfc_t *t = ctx;
    return t->has_cpu[host] ? cpu_user_share(&t->cpu[host], sim_now(t->sim)) : 1.0;
}

static double tfc_transfer(void *tctx, const net_xfer_t *x, sim_fn done, void *ctx, uint64_t arg)
{
    tfc_t *t = tctx;
    if (t->n_conns == t->cap_conns) {
        size_t c = t->cap_conns ? 2 * t->cap_conns : 8;
        conn_t **n = realloc(t->conns, c * sizeof *n);
        if (!n) {
            VS_LOG(VS_LOG_ERROR, "traffic", "out of memory for a transfer");
            abort();
        }
        t->conns = n;
        t->cap_conns = c;
    }
    conn_t *c = calloc(1, sizeof *c);
    if (!c) {
        VS_LOG(VS_LOG_ERROR, "traffic", "out of memory for a transfer");
        abort();
    }
    /* scp is CPU-bound: it runs at its ceiling times the CPU share packets leave it. */
    double share = fmin(tfc_user_share(t, x->from), tfc_user_share(t, x->to));
    *c = (conn_t){.from = x->from, .to = x->to, .bytes = x->bytes, .done = done, .ctx = ctx,
                  .arg = arg, .t = t, .app_bps = x->limit_bps > 0 ? x->limit_bps * share : 0,
                  .start = sim_now(t->sim) + x->setup, .reserved = x->reserved};
    tcp_bulk_params_t p = {.bytes = x->bytes, .app_bps = c->app_bps, .xmit = tcp_xmit, .xmit_ctx = c,
                           .id = (uint32_t)t->n_conns, .done = on_tcp_done, .done_ctx = c,
                           .cc = t->cfg->dp.tcp == SCN_TCP_RENO ? TCP_CC_RENO : TCP_CC_BIC};
    if (tcp_bulk_create(t->sim, &p, &c->tcp) != VS_OK) {
        VS_LOG(VS_LOG_ERROR, "traffic", "cannot create a TCP transfer: %s", vs_errmsg());
        abort();
    }
    t->conns[t->n_conns++] = c;
    sim_at(t->sim, c->start, on_tcp_start, c, 0);
    tfc_user_busy(t, x->from, SIM_TIME_MAX); /* until on_tcp_done */
    tfc_user_busy(t, x->to, SIM_TIME_MAX);
    return c->app_bps > 0 ? c->app_bps : t->scn->links[t->nh[x->from * t->np + x->to] / 2].bandwidth_bps;
}

/* ---- migration copies' load (fluid) ---------------------------------------------------- */

/* Adds bps to every link direction from router `from` to `to`. */
static void xfer_add(tfc_t *t, uint32_t from, uint32_t to, double bps)
{
    for (uint32_t p = from; p != to;) {
        uint32_t d = t->nh[(size_t)p * t->np + to];
        if (d == NONE)
            break;
        t->mig_load[d] = fmax(0, t->mig_load[d] + bps);
        p = t->dl[d].to;
    }
}

static void on_xfer_done(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    tfc_t *t = ctx;
    struct xfer_load *x = &t->xl[arg];
    xfer_add(t, x->from, x->to, -x->bps);
}

/* net.h's xfer_load: a copy of bps runs from `from` to `to` until `until`. */
static void tfc_xfer_load(void *ctx, size_t from, size_t to, double bps, sim_time_t until)
{
    tfc_t *t = ctx;
    if (!t->fluid)
        return;
    if (t->n_xl == t->cap_xl) {
        size_t c = t->cap_xl ? 2 * t->cap_xl : 16;
        struct xfer_load *x = realloc(t->xl, c * sizeof *x);
        if (!x) {
            VS_LOG(VS_LOG_ERROR, "traffic", "out of memory for a transfer");
            abort();
        }
        t->xl = x;
        t->cap_xl = c;
    }
    t->xl[t->n_xl] = (struct xfer_load){(uint32_t)from, (uint32_t)to, bps};
    xfer_add(t, (uint32_t)from, (uint32_t)to, bps);
    link_peaks(t);
    sim_at(t->sim, until, on_xfer_done, t, t->n_xl++);
}

/* ---- results ------------------------------------------------------------------------- */

/* The fluid model's per-VR and per-link figures into out; false when out of memory. */
static bool fluid_extras_failed(const tfc_t *t, tfc_results_t *out)
{
    size_t nd = 2 * t->scn->n_links;
    out->vr_lost_bits = malloc((t->nv ? t->nv : 1) * sizeof *out->vr_lost_bits);
    out->vr_delayed_bits = malloc((t->nv ? t->nv : 1) * sizeof *out->vr_delayed_bits);
    out->vr_flows = malloc((t->nv ? t->nv : 1) * sizeof *out->vr_flows);
    out->link_peak = malloc((nd ? nd : 1) * sizeof *out->link_peak);
    out->link_peak_at = malloc((nd ? nd : 1) * sizeof *out->link_peak_at);
    if (!out->vr_lost_bits || !out->vr_delayed_bits || !out->vr_flows || !out->link_peak || !out->link_peak_at)
        return true;
    memcpy(out->vr_lost_bits, t->vr_lost, t->nv * sizeof *t->vr_lost);
    memcpy(out->vr_delayed_bits, t->vr_delayed, t->nv * sizeof *t->vr_delayed);
    memcpy(out->vr_flows, t->vr_flows, t->nv * sizeof *t->vr_flows);
    memcpy(out->link_peak, t->peak, nd * sizeof *t->peak);
    memcpy(out->link_peak_at, t->peak_at, nd * sizeof *t->peak_at);
    out->n_link_dirs = nd;
    return false;
}

/* A fluid flow's figures: bits as packets of its size; what was offered and not delivered
 * was lost to routing, to a data plane gone, or else to the links' capacity (queues). The
 * delay is the path's, weighted by the bits delivered over each path when it changed. */
static void fluid_flow_result(const flow_t *f, double pbits, tfc_flow_result_t *r)
{
    r->sent = (uint64_t)llround(f->fl_bits_offered / pbits);
    r->received = (uint64_t)llround(f->fl_bits_delivered / pbits);
    r->lost = r->sent > r->received ? r->sent - r->received : 0;
    r->lost_routing = (uint64_t)llround(f->fl_bits_routing / pbits);
    r->lost_no_dp = (uint64_t)llround(f->fl_bits_no_dp / pbits);
    if (r->lost_routing > r->lost)
        r->lost_routing = r->lost;
    if (r->lost_no_dp > r->lost - r->lost_routing)
        r->lost_no_dp = r->lost - r->lost_routing;
    r->lost_queue = r->lost - r->lost_routing - r->lost_no_dp;
    r->delay_mean_s = r->delay_min_s = r->delay_max_s = f->fl_delay_s;
    r->delay_base_s = f->fl_base_delay;
    r->delayed = (uint64_t)llround(f->fl_bits_delayed / pbits);
    r->rerouted = f->fl_varied || f->fl_bits_routing > 0 || f->fl_bits_no_dp > 0;
    if (f->fl_varied && f->fl_bits_delivered > 0) {
        r->delay_mean_s = f->fl_dsum / f->fl_bits_delivered;
        r->delay_min_s = f->fl_dmin;
        r->delay_max_s = f->fl_dmax;
    }
}

vs_err_t tfc_results(tfc_t *t, tfc_results_t *out)
{
    *out = (tfc_results_t){0};
    sim_time_t now = sim_now(t->sim);
    if (t->fluid)
        fluid_integrate(t, now < t->scn->until ? t->scn->until : now); /* up to the end of the run */
    out->n_flows = t->n_flows;
    out->flows = calloc(t->n_flows ? t->n_flows : 1, sizeof *out->flows);
    out->n_xfers = t->n_conns;
    out->xfers = calloc(t->n_conns ? t->n_conns : 1, sizeof *out->xfers);
    out->n_vrouters = t->nv;
    out->n_prouters = t->np;
    out->dp_packets = malloc((t->nv * t->np > 0 ? t->nv * t->np : 1) * sizeof *out->dp_packets);
    if (!out->flows || !out->xfers || !out->dp_packets) {
        tfc_results_free(out);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    memcpy(out->dp_packets, t->dp_packets, t->nv * t->np * sizeof *out->dp_packets);
    if (t->fluid && (fluid_extras_failed(t, out))) {
        tfc_results_free(out);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    out->packet_hops = t->hops;
    out->events = sim_events_run(t->sim);
    for (size_t k = 0; k < t->n_flows; k++) {
        const flow_t *f = &t->flows[k];
        tfc_flow_result_t *r = &out->flows[k];
        r->name = f->cfg->name;
        sim_time_t end = f->cfg->stop < t->scn->until ? f->cfg->stop : t->scn->until;
        double active = sim_to_s(end - f->cfg->start);
        double pbits = (double)f->cfg->packet_bytes * 8.0;
        if (t->fluid) {
            r->offered_bps = active > 0 ? f->fl_bits_offered / active : 0;
            r->throughput_bps = active > 0 ? f->fl_bits_delivered / active : 0;
            fluid_flow_result(f, pbits, r);
            continue;
        }
        r->sent = f->sent;
        r->received = f->received;
        r->lost_queue = f->lost_queue;
        r->lost_cpu = f->lost_cpu;
        r->lost_no_dp = f->lost_no_dp;
        r->tunnelled = f->tunnelled;
        r->lost_routing = f->lost_routing;
        r->lost = f->lost_queue + f->lost_cpu + f->lost_no_dp + f->lost_routing;
        r->in_flight = f->sent - f->received - r->lost;
        if (f->received) {
            double n = (double)f->received;
            r->delay_mean_s = f->dsum / n;
            r->delay_min_s = f->dmin;
            r->delay_max_s = f->dmax;
            double var = f->dsq / n - r->delay_mean_s * r->delay_mean_s;
            r->delay_sd_s = var > 0 ? sqrt(var) : 0;
        }
        r->jitter_s = f->jn ? f->jsum / (double)f->jn : 0;
        r->offered_bps = active > 0 ? (double)f->sent * pbits / active : 0;
        r->throughput_bps = active > 0 ? (double)f->received * pbits / active : 0;
        r->bin_width = t->cfg->dp.series_interval;
        r->n_bins = f->n_bins;
        r->bins = malloc((f->n_bins ? f->n_bins : 1) * sizeof *r->bins);
        if (!r->bins) {
            tfc_results_free(out);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
        memcpy(r->bins, f->bins, f->n_bins * sizeof *r->bins);
    }
    for (size_t i = 0; i < t->n_conns; i++) {
        const conn_t *c = t->conns[i];
        tcp_bulk_stats_t st;
        tcp_bulk_stats(c->tcp, &st);
        out->xfers[i] = (tfc_xfer_result_t){.from = c->from, .to = c->to, .bytes = c->bytes,
                                            .start = c->start, .end = c->end,
                                            .segments = st.segments_sent, .retransmits = st.retransmits,
                                            .timeouts = st.timeouts, .fast_retransmits = st.fast_retransmits,
                                            .duplicates = st.duplicates,
                                            .app_limit_bps = c->app_bps};
    }
    return VS_OK;
}

void tfc_results_free(tfc_results_t *r)
{
    if (!r)
        return;
    if (r->flows)
        for (size_t k = 0; k < r->n_flows; k++)
            free(r->flows[k].bins);
    free(r->flows);
    free(r->xfers);
    free(r->dp_packets);
    free(r->vr_lost_bits);
    free(r->vr_delayed_bits);
    free(r->vr_flows);
    free(r->link_peak);
    free(r->link_peak_at);
    *r = (tfc_results_t){0};
}

tfc_span_t tfc_span(const tfc_flow_result_t *f, sim_time_t from, sim_time_t to)
{
    tfc_span_t w = {0};
    double dsum = 0, dsq = 0, jsum = 0;
    for (size_t b = 0; b < f->n_bins; b++) {
        sim_time_t t0 = (sim_time_t)b * f->bin_width;
        if (t0 < from || t0 + f->bin_width > to)
            continue;
        const tfc_bin_t *x = &f->bins[b];
        w.sent += x->sent;
        w.received += x->received;
        w.lost += x->lost;
        dsum += x->delay_sum_s;
        dsq += x->delay_sq_sum_s2;
        jsum += x->jitter_sum_s;
        if (x->received && x->delay_sum_s / (double)x->received > w.delay_bin_max_s)
            w.delay_bin_max_s = x->delay_sum_s / (double)x->received;
    }
    if (w.received) {
        w.delay_mean_s = dsum / (double)w.received;
        double var = dsq / (double)w.received - w.delay_mean_s * w.delay_mean_s;
        w.delay_sd_s = var > 0 ? sqrt(var) : 0;
        w.jitter_s = jsum / (double)w.received;
    }
    return w;
}

/* The run's data traffic as the network sees it (net.h):
 *   transfer    a migration transfer as a TCP bulk transfer over the substrate, sharing
 *               queues with the data traffic; done when the receiver holds the last byte.
 *               Returns the sending application's ceiling or the path's bandwidth (bits/s).
 *   wants_tcp   the scenario asks for TCP transfers, or (auto) some flow may cross a link of
 *               the path and the migration shares links.
 *   user_busy   a user-level migration process (copy, dump, restore) runs on host until
 *               `until`: software data planes there pay the CPU contention (cpu.h).
 *   spare_bps   fluid model: the smallest bandwidth the flows leave on the path, at their
 *               current rates (INFINITY in the packet model).
 *   user_share  the CPU share user processes get on host (1 without CPU contention).
 *   route_changed  fluid model: the flows crossing the VR toward d follow their new paths.
 *   xfer_load   fluid model: a migration copy's rate counts in the links' utilisation. */
const net_traffic_t tfc_net_hooks = {
    .wants_tcp = tfc_wants_tcp,
    .transfer = tfc_transfer,
    .spare_bps = tfc_spare_bps,
    .user_share = tfc_user_share,
    .user_busy = tfc_user_busy,
    .route_changed = tfc_route_changed,
    .xfer_load = tfc_xfer_load,
};
