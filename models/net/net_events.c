/* net_events — the scenario's events in a run: link flaps (news for the protocols around
 * migrating VRs, and a virtual link down and up for the network's routing) and failures of
 * physical routers and substrate links, taking down the VRs they host and the virtual links
 * whose substrate paths they carry (docs/routing.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "net_internal.h"
#include "vs_log.h"

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

/* A flap is news from both its ends: it reaches the protocols around every migrating VR by
 * flooding. */
static void flap_news(net_t *net, const scn_event_t *e)
{
    const scn_t *scn = net->scn;
    size_t n = scn->n_vrouters;
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
                net_protos[p]->flood(net->sim, st->proto[p], da);
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

/* Does the data plane's substrate path of virtual link k (between its ends' attachments)
 * visit router p or cross link l (SIZE_MAX: neither asked)? */
static bool path_uses(net_t *net, size_t k, size_t p, size_t l)
{
    size_t a = net->attach[2 * k], b = net->attach[2 * k + 1];
    const scn_tree_t *t = NULL;
    if (a == p || b == p)
        return true;
    if (scn_paths_tree(net->dpaths, a, &t) != VS_OK) {
        vs_errclear(); /* out of memory: taken as not crossing */
        return false;
    }
    const scn_graph_t *g = scn_paths_graph(net->dpaths);
    for (size_t v = b; v != a && t->via[v] != SCN_GRAPH_NONE;) {
        uint32_t arc = t->via[v];
        v = scn_graph_tail(g, arc);
        if (arc / 2 == l || v == p)
            return true;
    }
    return false;
}

static vs_err_t remember(size_t **arr, size_t *n, size_t x)
{
    size_t *y = realloc(*arr, (*n + 1) * sizeof *y);
    if (!y)
        return vs_fail(VS_ENOMEM, "out of memory");
    y[(*n)++] = x;
    *arr = y;
    return VS_OK;
}

/* Virtual link k goes down for event ev; each end learns it after det[end]. */
static void vlink_fail(net_t *net, net_event_t *ev, size_t k, const sim_time_t det[2])
{
    if (remember(&ev->vlinks, &ev->n_vlinks, k)) {
        VS_WARN("net", "%s: virtual link %zu stays up", vs_errmsg(), k);
        vs_errclear();
        return;
    }
    igp_link_fail(net->igp, k, det);
}

/* A physical router fails: the VRs whose control planes it runs stop; every virtual link
 * of theirs, and every one whose substrate path it carried, goes down. A surviving end has
 * no carrier to lose across the substrate and waits for its dead interval (ASSUMPTION: the
 * last hello arrived just before the failure, so detection takes the whole interval). */
static void router_fail(net_t *net, net_event_t *ev, size_t p)
{
    const scn_t *scn = net->scn;
    for (size_t v = 0; v < scn->n_vrouters; v++)
        if (net->vr[v].host == p && !remember(&ev->vrs, &ev->n_vrs, v))
            igp_vr_set(net->igp, v, false);
    for (size_t k = 0; k < scn->n_vlinks; k++) {
        const scn_vlink_t *l = &scn->vlinks[k];
        bool da = !igp_vr_alive(net->igp, l->a), db = !igp_vr_alive(net->igp, l->b);
        if (!da && !db && !path_uses(net, k, p, SIZE_MAX))
            continue;
        sim_time_t det[2] = {da ? SIM_TIME_MAX : scn->vrouters[l->a].dead,
                             db ? SIM_TIME_MAX : scn->vrouters[l->b].dead};
        vlink_fail(net, ev, k, det);
    }
}

/* A substrate link fails: the virtual links whose substrate paths cross it go down. A
 * virtual link that is that very link (its ends attach at the link's two routers) loses
 * carrier and both ends see it at once (ASSUMPTION, as a flap); one that crosses it among
 * other hops is a tunnel whose ends wait for their dead intervals. */
static void link_fail(net_t *net, net_event_t *ev, size_t li)
{
    const scn_t *scn = net->scn;
    const scn_link_t *sl = &scn->links[li];
    for (size_t k = 0; k < scn->n_vlinks; k++) {
        if (!path_uses(net, k, SIZE_MAX, li))
            continue;
        size_t a = net->attach[2 * k], b = net->attach[2 * k + 1];
        bool direct = (a == sl->a && b == sl->b) || (a == sl->b && b == sl->a);
        const scn_vlink_t *l = &scn->vlinks[k];
        sim_time_t det[2] = {direct ? 0 : scn->vrouters[l->a].dead,
                             direct ? 0 : scn->vrouters[l->b].dead};
        vlink_fail(net, ev, k, det);
    }
}

/* What event ev took down comes back: its VRs restart, its virtual links come up. */
static void restore(net_t *net, net_event_t *ev)
{
    for (size_t i = 0; i < ev->n_vrs; i++)
        igp_vr_set(net->igp, ev->vrs[i], true);
    for (size_t i = 0; i < ev->n_vlinks; i++)
        igp_link_restore(net->igp, ev->vlinks[i]);
    ev->n_vrs = ev->n_vlinks = 0;
}

static const char *const kind_name[] = {"link_flap", "router_down", "link_down"};

/* The name of what event e concerns: "vr2--vr3", "p1", "p1--p2". */
static void element_name(const scn_t *scn, const scn_event_t *e, char *buf, size_t len)
{
    if (e->kind == SCN_EV_LINK_FLAP)
        snprintf(buf, len, "%s--%s", scn->vrouters[e->a].name, scn->vrouters[e->b].name);
    else if (e->kind == SCN_EV_ROUTER_DOWN)
        snprintf(buf, len, "%s", scn->prouters[e->elem].name);
    else
        snprintf(buf, len, "%s--%s", scn->prouters[scn->links[e->elem].a].name,
                 scn->prouters[scn->links[e->elem].b].name);
}

/* arg = 2 i + up: event i begins (0) or ends (1). */
static void on_event(sim_t *sim, void *ctx, uint64_t arg)
{
    net_t *net = ctx;
    size_t i = arg >> 1;
    bool up = arg & 1;
    const scn_event_t *e = &net->scn->events[i];
    net_event_t *ev = &net->ev[i];
    char name[128];
    (void)sim;
    element_name(net->scn, e, name, sizeof name);
    igp_event(net->igp, kind_name[e->kind], name, up);
    if (e->kind == SCN_EV_LINK_FLAP) {
        size_t k = vlink_between(net->scn, e->a, e->b);
        static const sim_time_t carrier[2] = {0, 0}; /* the interface goes down with it */
        if (up)
            igp_link_restore(net->igp, k);
        else
            igp_link_fail(net->igp, k, carrier);
        flap_news(net, e);
    } else if (up) {
        restore(net, ev);
    } else if (e->kind == SCN_EV_ROUTER_DOWN) {
        router_fail(net, ev, e->elem);
    } else {
        link_fail(net, ev, e->elem);
    }
}

/* Random failures (mtbf, mttr): element i is router i, then link i - n_prouters. Up for
 * Exp(mtbf), down for Exp(mttr), again and again, each drawn from the element's own stream
 * of the run's seed. arg = 2 i + (1 when it comes back). */
static void on_random(sim_t *sim, void *ctx, uint64_t arg)
{
    net_t *net = ctx;
    const scn_t *scn = net->scn;
    size_t i = arg >> 1, np = scn->n_prouters;
    bool up = arg & 1, router = i < np;
    net_event_t *ev = &net->rnd[i];
    char name[128];
    if (router)
        snprintf(name, sizeof name, "%s", scn->prouters[i].name);
    else
        snprintf(name, sizeof name, "%s--%s", scn->prouters[scn->links[i - np].a].name,
                 scn->prouters[scn->links[i - np].b].name);
    igp_event(net->igp, router ? "router_failure" : "link_failure", name, up);
    sim_time_t mean;
    if (up) {
        restore(net, ev);
        mean = router ? scn->prouters[i].mtbf : scn->links[i - np].mtbf;
    } else {
        if (router)
            router_fail(net, ev, i);
        else
            link_fail(net, ev, i - np);
        mean = router ? scn->prouters[i].mttr : scn->links[i - np].mttr;
    }
    sim_time_t wait = (sim_time_t)llround(sim_rng_exp(&net->rnd_rng[i], (double)mean));
    sim_at(sim, sim_now(sim) + (wait > 0 ? wait : 1), on_random, net, (uint64_t)i << 1 | !up);
}

/* The first failure of every router and link with an MTBF. */
static vs_err_t schedule_random(net_t *net)
{
    const scn_t *scn = net->scn;
    size_t n = scn->n_prouters + scn->n_links;
    if (!(net->rnd = calloc(n, sizeof *net->rnd)) || !(net->rnd_rng = calloc(n, sizeof *net->rnd_rng)))
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        bool router = i < scn->n_prouters;
        const scn_link_t *l = router ? NULL : &scn->links[i - scn->n_prouters];
        sim_time_t mtbf = router ? scn->prouters[i].mtbf : l->mtbf;
        if (mtbf <= 0)
            continue;
        char entity[300];
        if (router)
            snprintf(entity, sizeof entity, "failure:router:%s", scn->prouters[i].name);
        else
            snprintf(entity, sizeof entity, "failure:link:%zu", i - scn->n_prouters);
        net_rng(net, entity, &net->rnd_rng[i]);
        sim_time_t wait = (sim_time_t)llround(sim_rng_exp(&net->rnd_rng[i], (double)mtbf));
        sim_at(net->sim, wait > 0 ? wait : 1, on_random, net, (uint64_t)i << 1);
    }
    return VS_OK;
}

vs_err_t net_schedule_events(net_t *net)
{
    const scn_t *scn = net->scn;
    if (!scn_has_failures(scn))
        return VS_OK;
    vs_err_t err = net_routing_start(net);
    if (!err && !(net->ev = calloc(scn->n_events ? scn->n_events : 1, sizeof *net->ev)))
        err = vs_fail(VS_ENOMEM, "out of memory");
    if (!err && !net->dpaths) /* 1 ns a hop: the data plane's routes (models/traffic) */
        err = scn_paths_create(scn, 1, &net->dpaths);
    for (size_t i = 0; !err && i < scn->n_events; i++) {
        const scn_event_t *e = &scn->events[i];
        sim_at(net->sim, e->at, on_event, net, (uint64_t)i << 1);
        if (e->down_for != SIM_TIME_MAX)
            sim_at(net->sim, e->at + e->down_for, on_event, net, ((uint64_t)i << 1) | 1);
    }
    return err ? err : schedule_random(net);
}

void net_events_free(net_t *net)
{
    for (size_t i = 0; net->ev && i < net->scn->n_events; i++) {
        free(net->ev[i].vlinks);
        free(net->ev[i].vrs);
    }
    free(net->ev);
    for (size_t i = 0; net->rnd && i < net->scn->n_prouters + net->scn->n_links; i++) {
        free(net->rnd[i].vlinks);
        free(net->rnd[i].vrs);
    }
    free(net->rnd);
    free(net->rnd_rng);
    scn_paths_destroy(net->dpaths);
}
