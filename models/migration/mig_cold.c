/* cold-restart: the router is shut down at A and instantiated afresh at B from its
 * configuration (RouterFarm-style re-homing, Agrawal et al., 2006, which seed 001 Sec. 8
 * describes as the baseline VROOM improves on: the new instance must re-establish its
 * routing sessions and resynchronise whole BGP tables). Every adjacency and session goes
 * down; the data plane is empty until the routes are learnt again and installed.
 *
 * States: t0 shut down at A (t3: control plane and data plane stop) -> t1 configuration
 * copied to B -> t2 router software booted on B (t4: control plane runs) -> OSPF adjacencies
 * re-formed and BGP sessions re-opened and tables received (t5) -> routes installed in B's
 * FIB, links on B (t6: forwarding again). */
#include "mig_fib.h"
#include "mig_vm.h"

/* The routing software's boot time and convergence steps come from the routing section of
 * profile openvz-vr (m->c.routing), each with its source or ASSUMPTION there. */

static void on_config(sim_t *sim, void *ctx, uint64_t arg);
static void on_booted(sim_t *sim, void *ctx, uint64_t arg);
static void on_synced(sim_t *sim, void *ctx, uint64_t arg);
static void on_installed(sim_t *sim, void *ctx, uint64_t arg);

static void cold_start(mig_t *m)
{
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T0_TUNNELS, "shutdown");
    res->memory = "none"; /* nothing is copied but the configuration */
    mig_vm_step(m, MIG_T3_SUSPEND, "shutdown");
    net_dp_remove(m->net, m->cfg->vr, res->from_idx);
    mig_vm_drop_routing(m); /* shutting the router down ends its adjacencies and sessions */
    mig_vm_step(m, MIG_T1_IMAGE, "image-copy");
    mig_vm_transfer(m, m->c.src_ckpt.config_bytes, 0, m->c.src_ckpt.copy_setup_ns, on_config, 0);
}

static void on_config(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T2_MEMORY, "boot");
    m->res->config_changes = (int)m->n_ifaces; /* the links are re-homed while it boots */
    for (size_t i = 0; i < m->n_ifaces; i++)
        net_link_rehome(m->net, m->vlink_idx[i], m->cfg->vr, m->cfg->to);
    sim_after(sim, mig_vm_ns((double)m->c.routing.boot_ns * mig_vm_jitter(m)), on_booted, m, 0);
}

/* t4: the daemons run on B. The slowest of the OSPF adjacencies and BGP sessions decides
 * when the RIB is complete. */
static void on_booted(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    const scn_vrouter_t *v = m->vr;
    mig_vm_step(m, MIG_T4_CLONE, "booted");
    net_cp_resume(m->net, m->cfg->vr, m->cfg->to); /* the router now lives on B */
    sim_time_t need = 0;
    for (size_t i = 0; i < m->n_ifaces && v->ospf; i++) {
        const scn_vlink_t *l = &m->scn->vlinks[m->vlink_idx[i]];
        size_t other = l->a == m->cfg->vr ? l->b : l->a;
        if (!m->scn->vrouters[other].ospf)
            continue;
        sim_time_t d = mig_vm_delay(m, m->cfg->to, m->scn->vrouters[other].host);
        sim_time_t t = mig_vm_ns(sim_rng_uniform(&m->rng, 0, (double)v->hello)) +
                       m->c.routing.ospf_exchange_hops * d + m->c.routing.spf_delay_ns;
        if (t > need)
            need = t;
    }
    for (size_t i = 0; v->bgp && i < v->n_bgp_peers; i++) {
        sim_time_t d = mig_vm_delay(m, m->cfg->to, m->scn->vrouters[v->bgp_peers[i]].host);
        sim_time_t t = 2 * m->c.routing.bgp_open_rtts * d +
                       mig_vm_ns((double)v->bgp_routes / m->c.routing.bgp_prefixes_per_s * 1e9);
        if (t > need)
            need = t;
    }
    sim_after(sim, need, on_synced, m, 0);
}

/* t5: the RIB is complete; B's FIB is filled from it. */
static void on_synced(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T5_LINKS, "routes-learnt");
    res->downtime = res->t[MIG_T5_LINKS] - res->t[MIG_T3_SUSPEND];
    mig_fib_clone(m, true, 0, 0, on_installed); /* the old router is shut down */
}

static void on_installed(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T6_DONE, "done");
    net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    m->res->data_downtime = sim_now(sim) - m->res->t[MIG_T3_SUSPEND];
    m->res->done = true;
}

const mig_mechanism_t mig_cold_restart = {
    .name = "cold-restart",
    .summary = "shut down at A, re-instantiate at B, re-learn routes (RouterFarm-style BGP resync)",
    .profile = "openvz-vr",
    .section = "routing",
    .start = cold_start,
};
