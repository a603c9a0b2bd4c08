/* cost-out: planned maintenance without moving anything (seed 001 Sec. 2.2 describes it as
 * today's practice: raise the IGP weights around the router so traffic avoids it, wait for
 * the network to reconverge, do the maintenance, then restore the weights). The router's
 * adjacencies and sessions go down with it during the maintenance; traffic takes the
 * detour (a longer path), and each reconvergence drops the packets that meet routers whose
 * FIBs disagree (transient loops).
 *
 * Model of one reconvergence for the traffic crossing the router between its first two
 * neighbours X and Y: the weight change floods from the router to X and Y (substrate delay
 * of each virtual link); each runs SPF after Quagga's SPF delay (profile openvz-vr,
 * routing.spf_delay: ospfd's default `timers throttle spf 200 1000 10000`) and rewrites the routes through the router (the
 * VR's FIB entries, at its host's FIB replace cost); the flow's prefix is at a uniformly
 * random position of that rewrite. Packets arriving between the two ends' updates loop and
 * are dropped.
 *
 * States: t0 weights raised -> t3 converged, router down for maintenance -> t4 maintenance
 * over, router up, weights restored -> t6 converged back. */
#include <stdlib.h>

#include "mig_vm.h"
#include "scn_path.h"

/* Maintenance when the migration gives none. ASSUMPTION: 10 minutes. */
#define COSTOUT_DEFAULT_MAINTENANCE SIM_S(600)

/* The first two OSPF/virtual neighbours of vr, SIZE_MAX when absent. */
static void ends(const scn_t *scn, size_t vr, size_t *x, size_t *y)
{
    *x = *y = SIZE_MAX;
    for (size_t i = 0; i < scn->n_vlinks; i++) {
        const scn_vlink_t *l = &scn->vlinks[i];
        size_t o = l->a == vr ? l->b : l->b == vr ? l->a : SIZE_MAX;
        if (o == SIZE_MAX)
            continue;
        if (*x == SIZE_MAX)
            *x = o;
        else if (*y == SIZE_MAX && o != *x)
            *y = o;
    }
}

/* The substrate delay between two VRs' hosts: 0 on the same host, and 0 when the path has
 * no bandwidth left or there is none (as scn_path answers); through the cache when given. */
static sim_time_t hop_via(scn_paths_t *p, const scn_t *scn, size_t a, size_t b)
{
    double bps;
    sim_time_t d;
    size_t ha = scn->vrouters[a].host, hb = scn->vrouters[b].host;
    vs_err_t err = ha == hb ? VS_EINVAL
                   : p      ? scn_paths_route(p, ha, hb, false, &bps, &d)
                            : scn_path(scn, ha, hb, false, &bps, &d);
    return err ? 0 : d;
}

static sim_time_t hop(const scn_t *scn, size_t a, size_t b)
{
    return hop_via(NULL, scn, a, b);
}

/* Shortest one-way delay from x to y over virtual links, avoiding VR `skip`;
 * SIM_TIME_MAX when none. O(V^2 + V E) over the VRs (scenarios hold tens of them), each
 * hop's substrate delay from a path cache that computes a host's tree once. A scan, not the
 * shortest-path service (scn_graph.h): a hop's weight may differ by direction (0 where the
 * path one way has no bandwidth left), and the service's graphs are undirected. */
static sim_time_t detour(const scn_t *scn, size_t x, size_t y, size_t skip)
{
    size_t n = scn->n_vrouters;
    sim_time_t *dist = malloc(n * sizeof *dist);
    bool *done = calloc(n, sizeof *done);
    scn_paths_t *p = NULL;
    sim_time_t r = SIM_TIME_MAX;
    if (!dist || !done || scn_paths_create(scn, 0, &p) != VS_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        dist[i] = SIM_TIME_MAX;
    dist[x] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && i != skip && dist[i] != SIM_TIME_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            break;
        done[u] = true;
        for (size_t k = 0; k < scn->n_vlinks; k++) {
            const scn_vlink_t *l = &scn->vlinks[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v == SIZE_MAX || v == skip || done[v])
                continue;
            sim_time_t d = dist[u] + hop_via(p, scn, u, v);
            if (d < dist[v])
                dist[v] = d;
        }
    }
    r = dist[y];
out:
    scn_paths_destroy(p);
    free(dist);
    free(done);
    return r;
}

static vs_err_t costout_check(const scn_t *scn, const scn_migration_t *g)
{
    size_t x, y;
    const char *vr = scn->vrouters[g->vr].name;
    ends(scn, g->vr, &x, &y);
    if (y == SIZE_MAX)
        return vs_fail(VS_EINVAL,
                       "%s: mechanism 'cost-out' needs traffic to route around '%s': it has fewer "
                       "than two virtual neighbours",
                       scn->path, vr);
    if (detour(scn, x, y, g->vr) == SIM_TIME_MAX)
        return vs_fail(VS_EINFEASIBLE,
                       "%s: mechanism 'cost-out' needs a path around '%s' between '%s' and '%s' in "
                       "the virtual topology; costing it out would partition the network",
                       scn->path, vr, scn->vrouters[x].name, scn->vrouters[y].name);
    return VS_OK;
}

static void on_converged_out(sim_t *sim, void *ctx, uint64_t arg);
static void on_maintained(sim_t *sim, void *ctx, uint64_t arg);
static void on_converged_in(sim_t *sim, void *ctx, uint64_t arg);

/* One reconvergence starting now: fills transient window w; returns when both ends have
 * updated. */
static sim_time_t reconverge(mig_t *m, int w)
{
    size_t x, y;
    ends(m->scn, m->cfg->vr, &x, &y);
    double rewrite = (double)m->c.src_fib.replace_ns * (double)m->res->fib_entries;
    sim_time_t tx = hop(m->scn, m->cfg->vr, x) + m->c.routing.spf_delay_ns +
                    mig_vm_ns(sim_rng_uniform(&m->rng, 0, rewrite));
    sim_time_t ty = hop(m->scn, m->cfg->vr, y) + m->c.routing.spf_delay_ns +
                    mig_vm_ns(sim_rng_uniform(&m->rng, 0, rewrite));
    sim_time_t now = sim_now(m->sim);
    m->res->transient[w][0] = now + (tx < ty ? tx : ty);
    m->res->transient[w][1] = now + (tx < ty ? ty : tx);
    /* Everything is rewritten once the slower end has finished its whole rewrite. */
    sim_time_t all = (hop(m->scn, m->cfg->vr, x) > hop(m->scn, m->cfg->vr, y) ? hop(m->scn, m->cfg->vr, x)
                                                                               : hop(m->scn, m->cfg->vr, y)) +
                     m->c.routing.spf_delay_ns + mig_vm_ns(rewrite);
    return all > (tx > ty ? tx : ty) ? all : (tx > ty ? tx : ty);
}

static void costout_start(mig_t *m)
{
    mig_vm_step(m, MIG_T0_TUNNELS, "cost-out");
    m->res->memory = "none"; /* nothing moves */
    /* New weights on both ends of each of the router's links. */
    m->res->config_changes = 2 * (int)m->n_ifaces;
    size_t x, y;
    ends(m->scn, m->cfg->vr, &x, &y);
    sim_time_t orig = hop(m->scn, x, m->cfg->vr) + hop(m->scn, m->cfg->vr, y);
    sim_time_t alt = detour(m->scn, x, y, m->cfg->vr);
    m->res->delay_increase = alt != SIM_TIME_MAX && alt > orig ? alt - orig : 0;
    sim_after(m->sim, reconverge(m, 0), on_converged_out, m, 0);
}

/* t3: no traffic crosses the router any more: it goes down for the maintenance. */
static void on_converged_out(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T1_IMAGE, "converged");
    mig_vm_step(m, MIG_T2_MEMORY, "converged");
    mig_vm_step(m, MIG_T3_SUSPEND, "maintenance");
    mig_vm_drop_routing(m);
    sim_time_t d = m->cfg->maintenance > 0 ? m->cfg->maintenance : COSTOUT_DEFAULT_MAINTENANCE;
    sim_after(sim, d, on_maintained, m, 0);
}

/* t4: back up; the weights are restored (t5) and the network converges back. */
static void on_maintained(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T4_CLONE, "router-up");
    m->res->downtime = m->res->t[MIG_T4_CLONE] - m->res->t[MIG_T3_SUSPEND];
    mig_vm_step(m, MIG_T5_LINKS, "cost-in");
    m->res->config_changes += 2 * (int)m->n_ifaces;
    sim_after(sim, reconverge(m, 1), on_converged_in, m, 0);
}

static void on_converged_in(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T6_DONE, "done");
    m->res->data_downtime = (m->res->transient[0][1] - m->res->transient[0][0]) >
                                    (m->res->transient[1][1] - m->res->transient[1][0])
                                ? m->res->transient[0][1] - m->res->transient[0][0]
                                : m->res->transient[1][1] - m->res->transient[1][0];
    m->res->done = true;
}

const mig_mechanism_t mig_cost_out = {
    .name = "cost-out",
    .summary = "IGP cost-out around the router, maintenance, cost-in: nothing moves, traffic detours",
    .profile = "openvz-vr",
    .section = "routing",
    .check = costout_check,
    .start = costout_start,
};
