#include "net.h"

#include <math.h>

#include <stdlib.h>

#include "igp.h"
#include "net_protos.h"
#include "scn_path.h"
#include "vs_log.h"

typedef struct {
    size_t host;       /* physical router the control plane runs on */
    bool frozen;
    bool routing;      /* its protocol instances were created (it migrates) */
    void *proto[NET_N_PROTOS]; /* net_protos[p]'s instance around the VR, or NULL */
    size_t dp[2];      /* physical routers forwarding for the VR; SIZE_MAX when unused */
} vr_state_t;

struct net {
    sim_t *sim;
    const scn_t *scn;
    vr_state_t *vr;
    size_t *attach; /* attach[2 * vlink + end]: physical router of that end of the link */
    const net_traffic_t *tfc; /* data traffic of the run (its hooks), or NULL */
    void *tfc_ctx;
    scn_paths_t *paths; /* lowest-delay substrate trees, kept as sources are asked about */
    igp_t *igp;         /* routing of the whole virtual network; NULL until asked for */
    size_t *event_vlink; /* per scenario event: its virtual link */
};

/* The routing-protocol instances around a VR that will migrate (once, however many times
 * it moves), in registry order. */
static vs_err_t create_routing(net_t *net, size_t vr)
{
    vr_state_t *st = &net->vr[vr];
    vs_err_t err = VS_OK;
    if (st->routing)
        return VS_OK;
    st->routing = true;
    for (size_t p = 0; p < NET_N_PROTOS && !err; p++)
        err = net_protos[p]->create(net->sim, net->scn, vr, &st->proto[p]);
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
    vs_err_t err = scn_paths_create(scn, 0, &net->paths);
    if (err) {
        net_destroy(net);
        return err;
    }
    for (size_t i = 0; i < scn->n_vrouters; i++) {
        net->vr[i].host = scn->vrouters[i].host;
        net->vr[i].dp[0] = scn->vrouters[i].host;
        net->vr[i].dp[1] = SIZE_MAX;
    }
    for (size_t k = 0; k < scn->n_vlinks; k++) {
        net->attach[2 * k] = scn->vrouters[scn->vlinks[k].a].host;
        net->attach[2 * k + 1] = scn->vrouters[scn->vlinks[k].b].host;
    }
    for (size_t k = 0; k < scn->n_migrations && !err; k++)
        err = create_routing(net, scn->migrations[k].vr);
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
    for (size_t i = 0; i < net->scn->n_vrouters; i++)
        for (size_t p = 0; p < NET_N_PROTOS; p++)
            if (net->vr[i].proto[p])
                net_protos[p]->destroy(net->vr[i].proto[p]);
    free(net->vr);
    free(net->attach);
    scn_paths_destroy(net->paths);
    igp_destroy(net->igp);
    free(net->event_vlink);
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

void net_cp_freeze(net_t *net, size_t vr)
{
    net->vr[vr].frozen = true;
    for (size_t p = 0; p < NET_N_PROTOS; p++)
        if (net->vr[vr].proto[p])
            net_protos[p]->freeze(net->sim, net->vr[vr].proto[p]);
}

/* The tunnels set up before the freeze carry routing messages to the new location at once
 * (seed 001, Sec. 4.2.3), so the adjacencies continue from the resume. */
void net_cp_resume(net_t *net, size_t vr, size_t host)
{
    net->vr[vr].frozen = false;
    net->vr[vr].host = host;
    for (size_t p = 0; p < NET_N_PROTOS; p++)
        if (net->vr[vr].proto[p])
            net_protos[p]->resume(net->sim, net->vr[vr].proto[p]);
}

double net_transfer(net_t *net, const net_xfer_t *x, sim_fn done, void *ctx, uint64_t arg)
{
    if (net->tfc && net->tfc->wants_tcp(net->tfc_ctx, x))
        return net->tfc->transfer(net->tfc_ctx, x, done, ctx, arg);
    double bps;
    sim_time_t delay;
    /* Feasibility was checked before the run (run.c): a path exists. */
    if (scn_paths_route(net->paths, x->from, x->to, x->reserved, &bps, &delay) != VS_OK) {
        bps = 1.0;
        delay = 0;
    }
    if (x->limit_bps > 0 && x->limit_bps < bps)
        bps = x->limit_bps;
    if (net->tfc && !x->reserved) { /* fluid flows: the copy gets what they leave */
        double spare = net->tfc->spare_bps(net->tfc_ctx, x->from, x->to);
        if (spare < bps)
            bps = spare > 1.0 ? spare : 1.0;
    }
    if (net->tfc) { /* scp is CPU-bound: slower by the share the packets leave it */
        double share = fmin(net->tfc->user_share(net->tfc_ctx, x->from),
                            net->tfc->user_share(net->tfc_ctx, x->to));
        if (x->limit_bps > 0 && x->limit_bps * share < bps)
            bps = x->limit_bps * share;
    }
    sim_time_t d = x->setup + (sim_time_t)llround((double)x->bytes * 8e9 / bps) + delay;
    if (net->tfc) {
        net->tfc->user_busy(net->tfc_ctx, x->from, sim_now(net->sim) + d);
        net->tfc->user_busy(net->tfc_ctx, x->to, sim_now(net->sim) + d);
    }
    sim_after(net->sim, d, done, ctx, arg);
    return bps;
}

void net_set_traffic(net_t *net, const net_traffic_t *hooks, void *ctx)
{
    net->tfc = hooks;
    net->tfc_ctx = ctx;
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
 * Processing and LSA pacing are not modelled: propagation only. Lowest delays from the
 * shortest-path service over the virtual links with skip's links left out (infinite), then
 * skip's own delay through its nearest neighbour: O(E log E) once the hosts' substrate trees
 * are in the path cache. Out of memory: the LSA reaches nobody but its origin. */
static void flood_delays(net_t *net, size_t from, size_t skip, sim_time_t *dist)
{
    const scn_t *scn = net->scn;
    size_t n = scn->n_vrouters;
    scn_edge_t *e = malloc((scn->n_vlinks ? scn->n_vlinks : 1) * sizeof *e);
    scn_tree_t t = {.dist = malloc(n * sizeof *t.dist), .via = malloc(n * sizeof *t.via),
                    .order = malloc(n * sizeof *t.order)};
    scn_graph_t *g = NULL;
    for (size_t i = 0; i < n; i++)
        dist[i] = SIM_TIME_MAX;
    dist[from] = 0;
    if (!e || !t.dist || !t.via || !t.order)
        goto out;
    double total = 0; /* double sums of whole nanoseconds are exact below 2^53 */
    for (size_t k = 0; k < scn->n_vlinks; k++) {
        const scn_vlink_t *l = &scn->vlinks[k];
        sim_time_t hop = scn_paths_delay(net->paths, net->vr[l->a].host, net->vr[l->b].host);
        bool cut = l->a == skip || l->b == skip || hop == SIM_TIME_MAX;
        e[k] = (scn_edge_t){.a = l->a, .b = l->b, .weight = cut ? INFINITY : (double)hop};
        total += cut ? 0 : (double)hop;
    }
    if (total >= 9007199254740992.0)
        VS_WARN("net", "flooding delays over virtual links sum beyond 2^53 ns: rounded");
    if (scn_graph_create(n, e, scn->n_vlinks, &g) != VS_OK || scn_graph_tree(g, from, &t) != VS_OK) {
        vs_errclear();
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        dist[i] = t.dist[i] == INFINITY ? SIM_TIME_MAX : (sim_time_t)t.dist[i];
    for (size_t k = 0; skip < n && k < scn->n_vlinks; k++) { /* skip hears, forwards nothing */
        const scn_vlink_t *l = &scn->vlinks[k];
        size_t u = l->a == skip ? l->b : l->b == skip ? l->a : SIZE_MAX;
        if (u == SIZE_MAX || u == skip || dist[u] == SIM_TIME_MAX)
            continue;
        sim_time_t hop = scn_paths_delay(net->paths, net->vr[u].host, net->vr[skip].host);
        if (hop != SIM_TIME_MAX && dist[u] + hop < dist[skip])
            dist[skip] = dist[u] + hop;
    }
out:
    scn_graph_destroy(g);
    free(e);
    free(t.dist);
    free(t.via);
    free(t.order);
}

static bool floods(const vr_state_t *st)
{
    for (size_t p = 0; p < NET_N_PROTOS; p++)
        if (st->proto[p] && net_protos[p]->flood)
            return true;
    return false;
}

/* A link flap (its going down, then its coming back) is news from both ends; it reaches the
 * protocols around every migrating VR by flooding, and the link itself goes down and up. */
static void on_flap(sim_t *sim, void *ctx, uint64_t arg)
{
    net_t *net = ctx;
    const scn_t *scn = net->scn;
    const scn_event_t *e = &scn->events[arg >> 1];
    size_t n = scn->n_vrouters;
    igp_link_event(net->igp, net->event_vlink[arg >> 1], arg & 1);
    sim_time_t *da = malloc(n * sizeof *da), *db = malloc(n * sizeof *db);
    for (size_t v = 0; da && db && v < n; v++) {
        vr_state_t *st = &net->vr[v];
        if (!floods(st) || v == e->a || v == e->b)
            continue;
        flood_delays(net, e->a, v, da);
        flood_delays(net, e->b, v, db);
        for (size_t i = 0; i < n; i++)
            da[i] = da[i] < db[i] ? da[i] : db[i];
        for (size_t p = 0; p < NET_N_PROTOS; p++)
            if (st->proto[p] && net_protos[p]->flood)
                net_protos[p]->flood(sim, st->proto[p], da);
    }
    free(da);
    free(db);
}

/* The virtual link between VRs a and b (the scenario's loader checked there is one). */
static size_t vlink_between(const scn_t *scn, size_t a, size_t b)
{
    for (size_t k = 0; k < scn->n_vlinks; k++)
        if ((scn->vlinks[k].a == a && scn->vlinks[k].b == b) ||
            (scn->vlinks[k].a == b && scn->vlinks[k].b == a))
            return k;
    return SIZE_MAX;
}

vs_err_t net_schedule_events(net_t *net)
{
    const scn_t *scn = net->scn;
    if (scn->n_events == 0)
        return VS_OK;
    vs_err_t err = net_routing_start(net);
    if (!err && !(net->event_vlink = malloc(scn->n_events * sizeof *net->event_vlink)))
        err = vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; !err && i < scn->n_events; i++) {
        const scn_event_t *e = &scn->events[i];
        net->event_vlink[i] = vlink_between(scn, e->a, e->b);
        sim_at(net->sim, e->at, on_flap, net, (uint64_t)i << 1);
        sim_at(net->sim, e->at + e->down_for, on_flap, net, ((uint64_t)i << 1) | 1);
    }
    return err;
}

/* Routing messages between the control planes at the two ends of virtual link k. */
static sim_time_t vlink_delay(void *ctx, size_t k)
{
    net_t *net = ctx;
    const scn_vlink_t *l = &net->scn->vlinks[k];
    return scn_paths_delay(net->paths, net->vr[l->a].host, net->vr[l->b].host);
}

vs_err_t net_routing_start(net_t *net)
{
    return net->igp ? VS_OK : igp_create(net->sim, net->scn, vlink_delay, net, &net->igp);
}

uint32_t net_fib_next(const net_t *net, size_t v, size_t d)
{
    return igp_next(net->igp, v, d);
}

bool net_vlink_up(const net_t *net, size_t k)
{
    return igp_link_up(net->igp, k);
}

vs_err_t net_routing_report(const net_t *net, cJSON *obj)
{
    return net->igp && net->scn->n_events ? igp_report(net->igp, obj) : VS_OK;
}

void net_routing(const net_t *net, size_t vr, rt_effects_t *out)
{
    *out = (rt_effects_t){0};
    for (size_t p = 0; p < NET_N_PROTOS; p++)
        if (net->vr[vr].proto[p])
            net_protos[p]->effects(net->vr[vr].proto[p], out);
}
