#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t host;       /* physical router the control plane runs on */
    bool frozen;
    net_routing_t routing;
} vr_state_t;

struct net {
    sim_t *sim;
    const scn_t *scn;
    vr_state_t *vr;
};

vs_err_t net_create(sim_t *sim, const scn_t *scn, net_t **out)
{
    *out = NULL;
    net_t *net = calloc(1, sizeof *net);
    if (!net || !(net->vr = calloc(scn->n_vrouters ? scn->n_vrouters : 1, sizeof *net->vr))) {
        free(net);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    net->sim = sim;
    net->scn = scn;
    for (size_t i = 0; i < scn->n_vrouters; i++)
        net->vr[i].host = scn->vrouters[i].host;
    *out = net;
    return VS_OK;
}

void net_destroy(net_t *net)
{
    if (!net)
        return;
    free(net->vr);
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

/* Dijkstra over the substrate by delay; the scenario's substrate is small (tens to a few
 * hundred routers), so the O(V^2) scan is the simple right choice here. */
vs_err_t net_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay)
{
    size_t n = scn->n_prouters;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *via = malloc(n * sizeof *via); /* link index used to reach each router */
    bool *done = calloc(n, sizeof *done);
    vs_err_t err = VS_OK;
    if (!dist || !via || !done) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
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
        if (u == SIZE_MAX || u == to)
            break;
        done[u] = true;
        for (size_t k = 0; k < scn->n_links; k++) {
            const scn_link_t *l = &scn->links[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v == SIZE_MAX || done[v])
                continue;
            sim_time_t d = dist[u] + l->delay;
            if (d < dist[v]) {
                dist[v] = d;
                via[v] = k;
            }
        }
    }
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
    free(done);
    return err;
}

void net_cp_freeze(net_t *net, size_t vr)
{
    net->vr[vr].frozen = true;
}

void net_cp_resume(net_t *net, size_t vr, size_t host)
{
    net->vr[vr].frozen = false;
    net->vr[vr].host = host;
}

size_t net_vr_host(const net_t *net, size_t vr)
{
    return net->vr[vr].host;
}

void net_schedule_events(net_t *net)
{
    (void)net;
}

void net_routing(const net_t *net, size_t vr, net_routing_t *out)
{
    *out = net->vr[vr].routing;
}
