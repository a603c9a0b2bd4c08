#include "net.h"

#include <math.h>

#include <stdlib.h>

#include "igp.h"
#include "net_internal.h"
#include "net_protos.h"
#include "scn_path.h"
#include "vs_log.h"

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
    net_events_free(net);
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
        if (net->tfc->xfer_load)
            net->tfc->xfer_load(net->tfc_ctx, x->from, x->to, bps, sim_now(net->sim) + d);
    }
    sim_after(net->sim, d, done, ctx, arg);
    return bps;
}

void net_set_traffic(net_t *net, const net_traffic_t *hooks, void *ctx)
{
    net->tfc = hooks;
    net->tfc_ctx = ctx;
}

static void route_changed(net_t *net, size_t vr, size_t d)
{
    if (net->tfc && net->tfc->route_changed)
        net->tfc->route_changed(net->tfc_ctx, vr, d);
}

static void igp_changed(void *ctx, size_t v, size_t d)
{
    route_changed(ctx, v, d == IGP_NONE ? SIZE_MAX : d);
}

void net_dp_add(net_t *net, size_t vr, size_t host)
{
    vr_state_t *st = &net->vr[vr];
    if (st->dp[0] != host && st->dp[1] != host)
        st->dp[st->dp[0] == SIZE_MAX ? 0 : 1] = host;
    route_changed(net, vr, SIZE_MAX);
}

void net_dp_remove(net_t *net, size_t vr, size_t host)
{
    vr_state_t *st = &net->vr[vr];
    for (int i = 0; i < 2; i++)
        if (st->dp[i] == host)
            st->dp[i] = SIZE_MAX;
    route_changed(net, vr, SIZE_MAX);
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
    route_changed(net, vr, SIZE_MAX);
}

size_t net_vr_host(const net_t *net, size_t vr)
{
    return net->vr[vr].host;
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
    if (net->igp)
        return VS_OK;
    vs_err_t err = igp_create(net->sim, net->scn, vlink_delay, net, &net->igp);
    if (!err)
        igp_watch(net->igp, igp_changed, net);
    return err;
}

uint32_t net_fib_next(const net_t *net, size_t v, size_t d)
{
    return igp_next(net->igp, v, d);
}

bool net_vlink_up(const net_t *net, size_t k)
{
    return igp_link_up(net->igp, k);
}

bool net_vr_alive(const net_t *net, size_t v)
{
    return igp_vr_alive(net->igp, v);
}

vs_err_t net_routing_report(const net_t *net, cJSON *obj)
{
    return net->igp && scn_has_failures(net->scn) ? igp_report(net->igp, obj) : VS_OK;
}

void net_routing(const net_t *net, size_t vr, rt_effects_t *out)
{
    *out = (rt_effects_t){0};
    for (size_t p = 0; p < NET_N_PROTOS; p++)
        if (net->vr[vr].proto[p])
            net_protos[p]->effects(net->vr[vr].proto[p], out);
}
