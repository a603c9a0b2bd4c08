#include "net.h"

#include <math.h>

#include "bgp.h"
#include "ospf.h"
#include "traffic.h"
#include "vs_log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t host;       /* physical router the control plane runs on */
    bool frozen;
    ospf_t *ospf;      /* OSPF adjacencies around this VR, for VRs that migrate */
    bgp_t *bgp;        /* its BGP sessions, likewise */
    size_t *nbr;       /* the OSPF neighbours' VR indices, in the instance's order */
    size_t n_nbr;
    size_t dp[2];      /* physical routers forwarding for the VR; SIZE_MAX when unused */
} vr_state_t;

struct net {
    sim_t *sim;
    const scn_t *scn;
    vr_state_t *vr;
    size_t *attach; /* attach[2 * vlink + end]: physical router of that end of the link */
    struct tfc *tfc; /* data traffic of the run, or NULL */
};


/* One-way delay between two physical routers along the lowest-delay path; SIM_TIME_MAX when
 * they are not connected. */
static sim_time_t host_delay(const scn_t *scn, size_t a, size_t b)
{
    if (a == b)
        return 0;
    sim_time_t *dist = malloc(scn->n_prouters * sizeof *dist);
    size_t *via = malloc(scn->n_prouters * sizeof *via);
    sim_time_t d = SIM_TIME_MAX;
    if (dist && via && net_shortest(scn, a, 0, dist, via) == VS_OK)
        d = dist[b];
    free(dist);
    free(via);
    return d;
}

/* The OSPF adjacencies of a VR that will migrate: one per virtual link to a VR that also
 * runs OSPF. Both ends of each are simulated (ospf.h). */
static vs_err_t create_ospf(net_t *net, size_t vr)
{
    const scn_t *scn = net->scn;
    const scn_vrouter_t *v = &scn->vrouters[vr];
    vr_state_t *st = &net->vr[vr];
    if (!v->ospf || st->ospf)
        return VS_OK;
    st->nbr = calloc(scn->n_vlinks ? scn->n_vlinks : 1, sizeof *st->nbr);
    const char **names = calloc(scn->n_vlinks ? scn->n_vlinks : 1, sizeof *names);
    if (!st->nbr || !names) {
        free(names);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    sim_time_t delay = 0;
    for (size_t i = 0; i < scn->n_vlinks; i++) {
        const scn_vlink_t *l = &scn->vlinks[i];
        size_t other = l->a == vr ? l->b : l->b == vr ? l->a : SIZE_MAX;
        if (other == SIZE_MAX || !scn->vrouters[other].ospf)
            continue;
        sim_time_t d = host_delay(scn, v->host, scn->vrouters[other].host);
        if (d != SIM_TIME_MAX && d > delay)
            delay = d; /* the instance takes one delay for all its links: the longest */
        names[st->n_nbr] = scn->vrouters[other].name;
        st->nbr[st->n_nbr++] = other;
    }
    vs_err_t err = VS_OK;
    if (st->n_nbr > 0) {
        ospf_params_t p = {
            .router = v->name, .neighbors = names, .n_neighbors = st->n_nbr,
            .hello = v->hello, .dead = v->dead, .rxmt = v->rxmt, .delay = delay,
            .clock = scn->clock == SCN_CLOCK_PAUSED ? RT_CLOCK_PAUSED : RT_CLOCK_RUNNING,
            .seed = sim_seed(net->sim),
        };
        err = ospf_create(net->sim, &p, &st->ospf);
    }
    free(names);
    return err;
}

/* The BGP sessions of a VR that will migrate, to its configured peers, over TCP with
 * Linux's retransmission timer bounds (the seed's routers ran Quagga on Linux). */
static vs_err_t create_bgp(net_t *net, size_t vr)
{
    const scn_t *scn = net->scn;
    const scn_vrouter_t *v = &scn->vrouters[vr];
    vr_state_t *st = &net->vr[vr];
    if (!v->bgp || v->n_bgp_peers == 0 || st->bgp)
        return VS_OK;
    const char **names = calloc(v->n_bgp_peers, sizeof *names);
    if (!names)
        return vs_fail(VS_ENOMEM, "out of memory");
    sim_time_t delay = 0;
    for (size_t i = 0; i < v->n_bgp_peers; i++) {
        const scn_vrouter_t *peer = &scn->vrouters[v->bgp_peers[i]];
        names[i] = peer->name;
        sim_time_t d = host_delay(scn, v->host, peer->host);
        if (d != SIM_TIME_MAX && d > delay)
            delay = d;
    }
    bgp_params_t p = {
        .router = v->name, .peers = names, .n_peers = v->n_bgp_peers,
        .keepalive = v->keepalive, .hold = v->hold, .delay = delay,
        .rto_initial = TCP_LINUX_RTO_MIN, .rto_max = TCP_LINUX_RTO_MAX,
        .clock = scn->clock == SCN_CLOCK_PAUSED ? RT_CLOCK_PAUSED : RT_CLOCK_RUNNING,
        .seed = sim_seed(net->sim),
    };
    vs_err_t err = bgp_create(net->sim, &p, &st->bgp);
    free(names);
    return err;
}

vs_err_t net_create(sim_t *sim, const scn_t *scn, net_t **out)
{
    *out = NULL;
    net_t *net = calloc(1, sizeof *net);
    if (!net || !(net->vr = calloc(scn->n_vrouters ? scn->n_vrouters : 1, sizeof *net->vr)) ||
        !(net->attach = calloc(2 * (scn->n_vlinks ? scn->n_vlinks : 1), sizeof *net->attach))) {
        if (net)
            free(net->vr);
        free(net);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    net->sim = sim;
    net->scn = scn;
    for (size_t i = 0; i < scn->n_vrouters; i++) {
        net->vr[i].host = scn->vrouters[i].host;
        net->vr[i].dp[0] = scn->vrouters[i].host;
        net->vr[i].dp[1] = SIZE_MAX;
    }
    for (size_t k = 0; k < scn->n_vlinks; k++) {
        net->attach[2 * k] = scn->vrouters[scn->vlinks[k].a].host;
        net->attach[2 * k + 1] = scn->vrouters[scn->vlinks[k].b].host;
    }
    vs_err_t err = VS_OK;
    for (size_t k = 0; k < scn->n_migrations && !err; k++)
        if (!(err = create_ospf(net, scn->migrations[k].vr)))
            err = create_bgp(net, scn->migrations[k].vr);
    if (err) {
        net_destroy(net);
        return err;
    }
    *out = net;
    return VS_OK;
}

void net_destroy(net_t *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->scn->n_vrouters; i++) {
        ospf_destroy(net->vr[i].ospf);
        bgp_destroy(net->vr[i].bgp);
        free(net->vr[i].nbr);
    }
    free(net->vr);
    free(net->attach);
    free(net);
}

sim_t *net_sim(net_t *net)
{
    return net->sim;
}

const scn_t *net_scn(const net_t *net)
{
    return net->scn;
}

void net_rng(const net_t *net, const char *entity, sim_rng_t *out)
{
    sim_rng_init_named(out, sim_seed(net->sim), entity);
}

/* Dijkstra with an O(V^2) scan: scenario substrates are small (tens to a few hundred
 * routers) and every caller wants all distances anyway. */
vs_err_t net_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via)
{
    size_t n = scn->n_prouters;
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!done)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        dist[i] = SIM_TIME_MAX;
        via[i] = SIZE_MAX;
    }
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
            if (v == SIZE_MAX || done[v])
                continue;
            sim_time_t d = dist[u] + l->delay + hop_penalty;
            if (d < dist[v]) {
                dist[v] = d;
                via[v] = k;
            }
        }
    }
    free(done);
    return VS_OK;
}

vs_err_t net_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay)
{
    size_t n = scn->n_prouters;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *via = malloc(n * sizeof *via);
    vs_err_t err = VS_OK;
    if (!dist || !via) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = net_shortest(scn, from, 0, dist, via)))
        goto out;
    if (dist[to] == SIM_TIME_MAX) {
        err = vs_fail(VS_EINFEASIBLE, "%s: no substrate path from '%s' to '%s' for the migration",
                      scn->path, scn->prouters[from].name, scn->prouters[to].name);
        goto out;
    }
    double rate = INFINITY;
    for (size_t v = to; v != from;) {
        const scn_link_t *l = &scn->links[via[v]];
        double spare = l->bandwidth_bps - l->load_bps;
        double r = reserved && l->migration_bps > 0 ? l->migration_bps : spare;
        rate = fmin(rate, r);
        v = l->a == v ? l->b : l->a;
    }
    if (!(rate > 0)) {
        err = vs_fail(VS_EINFEASIBLE, "%s: the path from '%s' to '%s' has no bandwidth left for migration",
                      scn->path, scn->prouters[from].name, scn->prouters[to].name);
        goto out;
    }
    *bps = rate;
    *delay = dist[to];
out:
    free(dist);
    free(via);
    return err;
}

void net_cp_freeze(net_t *net, size_t vr)
{
    net->vr[vr].frozen = true;
    if (net->vr[vr].ospf)
        ospf_freeze(net->sim, net->vr[vr].ospf);
    if (net->vr[vr].bgp)
        bgp_freeze(net->sim, net->vr[vr].bgp);
}

/* The tunnels set up before the freeze carry routing messages to the new location at once
 * (seed 001, Sec. 4.2.3), so the adjacencies continue from the resume. */
void net_cp_resume(net_t *net, size_t vr, size_t host)
{
    net->vr[vr].frozen = false;
    net->vr[vr].host = host;
    if (net->vr[vr].ospf)
        ospf_resume(net->sim, net->vr[vr].ospf);
    if (net->vr[vr].bgp)
        bgp_resume(net->sim, net->vr[vr].bgp);
}

double net_transfer(net_t *net, const net_xfer_t *x, sim_fn done, void *ctx, uint64_t arg)
{
    if (net->tfc && tfc_wants_tcp(net->tfc, x)) {
        return tfc_transfer(net->tfc, x, done, ctx, arg);
    }
    double bps;
    sim_time_t delay;
    /* Feasibility was checked before the run (run.c): a path exists. */
    if (net_path(net->scn, x->from, x->to, x->reserved, &bps, &delay) != VS_OK) {
        bps = 1.0;
        delay = 0;
    }
    if (x->limit_bps > 0 && x->limit_bps < bps)
        bps = x->limit_bps;
    if (net->tfc && !x->reserved) { /* fluid flows: the copy gets what they leave */
        double spare = tfc_spare_bps(net->tfc, x->from, x->to);
        if (spare < bps)
            bps = spare > 1.0 ? spare : 1.0;
    }
    if (net->tfc) { /* scp is CPU-bound: slower by the share the packets leave it */
        double share = fmin(tfc_user_share(net->tfc, x->from), tfc_user_share(net->tfc, x->to));
        if (x->limit_bps > 0 && x->limit_bps * share < bps)
            bps = x->limit_bps * share;
    }
    sim_time_t d = x->setup + (sim_time_t)llround((double)x->bytes * 8e9 / bps) + delay;
    if (net->tfc) {
        tfc_user_busy(net->tfc, x->from, sim_now(net->sim) + d);
        tfc_user_busy(net->tfc, x->to, sim_now(net->sim) + d);
    }
    sim_after(net->sim, d, done, ctx, arg);
    return bps;
}

void net_set_traffic(net_t *net, struct tfc *tfc)
{
    net->tfc = tfc;
}

void net_dp_add(net_t *net, size_t vr, size_t host)
{
    vr_state_t *st = &net->vr[vr];
    if (st->dp[0] != host && st->dp[1] != host)
        st->dp[st->dp[0] == SIZE_MAX ? 0 : 1] = host;
}

void net_dp_remove(net_t *net, size_t vr, size_t host)
{
    vr_state_t *st = &net->vr[vr];
    for (int i = 0; i < 2; i++)
        if (st->dp[i] == host)
            st->dp[i] = SIZE_MAX;
}

bool net_dp_active(const net_t *net, size_t vr, size_t host)
{
    return net->vr[vr].dp[0] == host || net->vr[vr].dp[1] == host;
}

size_t net_link_attach(const net_t *net, size_t vlink, size_t vr)
{
    return net->attach[2 * vlink + (net->scn->vlinks[vlink].a == vr ? 0 : 1)];
}

void net_link_rehome(net_t *net, size_t vlink, size_t vr, size_t host)
{
    net->attach[2 * vlink + (net->scn->vlinks[vlink].a == vr ? 0 : 1)] = host;
}

size_t net_vr_host(const net_t *net, size_t vr)
{
    return net->vr[vr].host;
}

/* Flooding delay of an LSA from VR `from` to every VR, over virtual links, each hop taking
 * the substrate delay between the two hosts; VR `skip` (the frozen one) forwards nothing.
 * Processing and LSA pacing are not modelled: propagation only. */
static void flood_delays(const net_t *net, size_t from, size_t skip, sim_time_t *dist)
{
    const scn_t *scn = net->scn;
    size_t n = scn->n_vrouters;
    for (size_t i = 0; i < n; i++)
        dist[i] = SIM_TIME_MAX;
    dist[from] = 0;
    bool *done = calloc(n, sizeof *done);
    if (!done)
        return; /* out of memory: the LSA reaches nobody but its origin */
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && dist[i] != SIM_TIME_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            break;
        done[u] = true;
        if (u == skip)
            continue;
        for (size_t k = 0; k < scn->n_vlinks; k++) {
            const scn_vlink_t *l = &scn->vlinks[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v == SIZE_MAX || done[v])
                continue;
            sim_time_t hop = host_delay(scn, net->vr[u].host, net->vr[v].host);
            if (hop != SIM_TIME_MAX && dist[u] + hop < dist[v])
                dist[v] = dist[u] + hop;
        }
    }
    free(done);
}

/* A link flap (its going down, then its coming back) originates LSAs at both ends; each
 * reaches the OSPF neighbours of every migrating VR by flooding. */
static void on_flap(sim_t *sim, void *ctx, uint64_t arg)
{
    net_t *net = ctx;
    const scn_t *scn = net->scn;
    const scn_event_t *e = &scn->events[arg >> 1];
    sim_time_t *da = malloc(scn->n_vrouters * sizeof *da), *db = malloc(scn->n_vrouters * sizeof *db);
    for (size_t v = 0; da && db && v < scn->n_vrouters; v++) {
        vr_state_t *st = &net->vr[v];
        if (!st->ospf || v == e->a || v == e->b)
            continue;
        flood_delays(net, e->a, v, da);
        flood_delays(net, e->b, v, db);
        sim_time_t reach[64];
        size_t n = st->n_nbr < 64 ? st->n_nbr : 64;
        for (size_t i = 0; i < n; i++) {
            sim_time_t d = da[st->nbr[i]] < db[st->nbr[i]] ? da[st->nbr[i]] : db[st->nbr[i]];
            reach[i] = d == SIM_TIME_MAX ? -1 : sim_now(sim) + d;
        }
        if (ospf_network_event(sim, st->ospf, sim_now(sim), reach, NULL) != VS_OK)
            VS_WARN("net", "%s: too many network events to track on '%s'; later LSAs ignored",
                    scn->path, scn->vrouters[v].name);
    }
    free(da);
    free(db);
}

void net_schedule_events(net_t *net)
{
    for (size_t i = 0; i < net->scn->n_events; i++) {
        const scn_event_t *e = &net->scn->events[i];
        sim_at(net->sim, e->at, on_flap, net, (uint64_t)i << 1);
        sim_at(net->sim, e->at + e->down_for, on_flap, net, ((uint64_t)i << 1) | 1);
    }
}

void net_routing(const net_t *net, size_t vr, net_routing_t *out)
{
    *out = (net_routing_t){0};
    const vr_state_t *st = &net->vr[vr];
    if (st->ospf) {
        ospf_result_t r;
        ospf_result(st->ospf, &r);
        out->hellos_lost = (int)r.hellos_lost;
        out->hellos_lost_max = (int)r.hellos_lost_max;
        out->adjacencies_lost = (int)r.adjacencies_lost;
        out->lsas_missed = (int)r.lsas_missed;
        out->max_staleness = r.staleness_max;
    }
    if (st->bgp) {
        bgp_result_t r;
        bgp_result(st->bgp, &r);
        out->sessions_lost = (int)r.sessions_lost;
    }
}
