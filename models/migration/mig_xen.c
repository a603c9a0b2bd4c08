/* Xen live migration of a virtual router (seeds 000 and 002), two mechanisms:
 *
 *   vm-standard   the data plane is inside the VM (seed 000 Sec. 4; seed 002 Sec. 2.1): Xen's
 *                 pre-copy (Clark et al., NSDI 2005, seed 002's [2]) sends the whole VM memory
 *                 while it runs, then in each round the pages dirtied during the previous one;
 *                 the VM's own forwarding dirties pages too (packet buffers, socket buffers),
 *                 so the hot set is larger; at stop-and-copy the VM — control AND data plane —
 *                 is paused: packets arriving then are lost. After the resume on B, traffic
 *                 still enters at A and is tunnelled to B until the links are re-mapped
 *                 (seed 000 Fig. 4: three re-mapping commands).
 *   vm-separated  the data plane is in Domain 0 (seed 002 Sec. 2.2 and 3): pre-copy dirties
 *                 only what the routing software writes; during the downtime A's Domain 0
 *                 keeps forwarding and a daemon buffers the control packets, delivered after
 *                 the resume through a tunnel from A; B's Domain 0 then builds a forwarding
 *                 table synchronised with the RIB and re-maps the virtual interfaces; an ARP
 *                 reply moves the links and A's data plane is removed.
 *
 * States (each entered by the event ending the previous one):
 *   t0 tunnels -> t2 pre-copy rounds -> t3 VM paused (suspend, final copy, resume) -> t4 VM
 *   runs on B -> t5 (separated: FIB synchronised and interfaces re-mapped) links move ->
 *   t6 done.
 * Suspend/resume costs and the copy ceiling come from the hosts' checkpoint profiles
 * (hwmodel/profiles/xen-host.yaml for Xen hosts). */
#include <math.h>
#include <stdlib.h>

#include "dc_nat.h"
#include "dc_scn.h"
#include "mig_fib.h"
#include "mig_vm.h"

/* Xen's own parameters (forwarding working set and the pages a packet dirties in it; plane
 * separation's interface re-mapping)
 * come from this profile's xen section, whatever the hosts' profiles; each value's source is
 * stated there. */
#define XEN_PROFILE "xen-host"

extern const mig_mechanism_t mig_vm_standard, mig_vm_separated, mig_nat_switching;

static bool data_in_vm(const mig_t *m)
{
    return m->mech != &mig_vm_separated;
}

static bool nat_switching(const mig_t *m)
{
    return m->mech == &mig_nat_switching;
}

static int64_t vm_bytes(const mig_t *m)
{
    return m->cfg->vm_memory_bytes ? m->cfg->vm_memory_bytes : m->res->image_bytes;
}

/* Bytes dirtied during dt of running: the routing software's pages, plus, with the data
 * plane in the VM, the buffer pages packets cycle through. Whole pages, at most the VM. */
static int64_t dirtied(const mig_t *m, sim_time_t dt)
{
    double b = m->vr->dirty_bps / 8.0 * sim_to_s(dt);
    if (data_in_vm(m)) {
        double fwd = m->cfg->data_rate_pps * sim_to_s(dt) * (double)m->c.xen.pages_per_packet *
                     PAGE_BYTES;
        b += fmin(fwd, (double)m->c.xen.forward_hot_bytes);
    }
    return mig_vm_pages(b, vm_bytes(m));
}

static void on_tunnels(sim_t *sim, void *ctx, uint64_t arg);
static void nat_derive(mig_t *m);
static void on_round(sim_t *sim, void *ctx, uint64_t arg);
static void on_suspend(sim_t *sim, void *ctx, uint64_t arg);
static void on_final_sent(sim_t *sim, void *ctx, uint64_t arg);
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg);
static void on_synced(sim_t *sim, void *ctx, uint64_t arg);
static void on_done(sim_t *sim, void *ctx, uint64_t arg);

static void xen_start(mig_t *m)
{
    mig_vm_step(m, MIG_T0_TUNNELS, "tunnels");
    m->res->memory = "pre-copy"; /* Xen live migration always pre-copies */
    /* One tunnel per interface; nat-switching has none (address migration instead). */
    size_t tunnels = nat_switching(m) ? 0 : m->n_ifaces;
    m->res->config_changes = (int)tunnels;
    sim_time_t d = mig_vm_ns((double)m->c.src_host.tunnel_setup_ns * (double)tunnels);
    sim_after(m->sim, d, on_tunnels, m, 0);
}

/* No separate router image: the VM's memory holds it (t1 = t2). */
static void on_tunnels(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T1_IMAGE, "image-copy");
    mig_vm_step(m, MIG_T2_MEMORY, "memory-copy");
    m->res->image_bytes = vm_bytes(m);
    m->round_bytes = vm_bytes(m);
    m->round_start = sim_now(sim);
    m->res->precopy_rounds = 1;
    mig_vm_transfer(m, m->round_bytes, 0, 0, on_round, 0);
}

/* Xen's stop conditions: the round is small, or shrinks too little, or the last allowed. */
static void on_round(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    int64_t next = dirtied(m, sim_now(sim) - m->round_start);
    if (mig_vm_precopy_stop(m, next))
        on_suspend(sim, m, 0);
    else
        mig_vm_transfer(m, next, 0, 0, on_round, 0);
}

/* t3: the VM is paused. With the data plane inside it, forwarding stops too. */
static void on_suspend(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T3_SUSPEND, "suspend");
    net_cp_freeze(m->net, m->cfg->vr);
    if (data_in_vm(m))
        net_dp_remove(m->net, m->cfg->vr, res->from_idx);
    res->final_bytes = m->round_bytes;
    res->dump = mig_vm_ns((double)hw_ckpt_dump_ns(&m->c.src_ckpt, res->final_bytes) * mig_vm_jitter(m));
    m->copy_start = sim_now(sim) + res->dump;
    mig_vm_transfer(m, res->final_bytes, 0, res->dump, on_final_sent, 0);
}

static void on_final_sent(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    res->copy = sim_now(sim) - m->copy_start;
    mig_vm_restore(m, on_resumed);
}

/* t4: the VM runs on B. Standard: it forwards again, for traffic still arriving at A
 * through the tunnel A->B (one extra A<->B crossing each way). Separated: the buffered
 * control packets follow through the tunnel; B's Domain 0 builds and syncs the FIB. */
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T4_CLONE, "resume");
    res->downtime = res->t[MIG_T4_CLONE] - res->t[MIG_T3_SUSPEND];
    net_cp_resume(m->net, m->cfg->vr, m->cfg->to);
    if (nat_switching(m)) {
        nat_derive(m);
        return;
    }
    if (data_in_vm(m)) {
        /* Local switching at A (seed 000 Sec. 3): traffic arriving at A goes on to B through
         * the tunnels at once; the links' ends move here, the re-mapping commands that
         * follow only shorten the path (one extra A<->B crossing each way until then). */
        net_dp_add(m->net, m->cfg->vr, m->cfg->to);
        for (size_t i = 0; i < m->n_ifaces; i++)
            net_link_rehome(m->net, m->vlink_idx[i], m->cfg->vr, m->cfg->to);
        res->data_downtime = res->downtime;
        res->delay_increase = 2 * mig_vm_delay(m, res->from_idx, m->cfg->to);
        on_synced(sim, m, 0);
        return;
    }
    res->control_buffered = mig_vm_control_msgs(m, res->downtime);
    /* Plane separation: the data plane left at A forwards with its full FIB meanwhile. */
    mig_fib_clone(m, true, res->fib_entries, m->c.xen.iface_remap_ns, on_synced);
}

/* t5: the links move: standard, by the re-mapping commands; separated, by the ARP reply. */
static void on_synced(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T5_LINKS, "link-migration");
    if (!data_in_vm(m))
        net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    /* Seed 000 Sec. 4: one re-mapping per interface plus the VR's own (three for two). */
    m->res->config_changes += (int)m->n_ifaces + (data_in_vm(m) ? 1 : 0);
    mig_vm_rehome_links(m, on_done);
}

/* t6: A's data plane (separated) and the tunnels are removed. */
static void on_done(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T6_DONE, "done");
    net_dp_remove(m->net, m->cfg->vr, m->res->from_idx);
    mig_fib_old_removed(m);
    m->res->done = true;
}

const mig_mechanism_t mig_vm_standard = {
    .name = "vm-standard",
    .summary = "Xen live migration, data plane inside the VM: packets lost in the downtime (seeds 000, 002)",
    .profile = XEN_PROFILE,
    .section = "xen",
    .start = xen_start,
};

const mig_mechanism_t mig_vm_separated = {
    .name = "vm-separated",
    .summary = "Xen migration with the data plane in Domain 0: control packets buffered, FIB resynced (seed 002)",
    .profile = XEN_PROFILE,
    .section = "xen",
    .start = xen_start,
};

/* ---- nat-switching (seed 004) ------------------------------------------------------- */

static vs_err_t nat_check(const scn_t *scn, const scn_migration_t *g)
{
    const dc_scn_t *dc = scn->datacenter;
    const scn_vrouter_t *v = &scn->vrouters[g->vr];
    if (!dc)
        return vs_fail(VS_EINVAL,
                       "%s: mechanism 'nat-switching' needs a datacenter topology: the scenario has no "
                       "'datacenter' section placing its servers in racks (docs/mechanisms.md)",
                       scn->path);
    if (dc->rack[v->host] < 0 || dc->rack[g->to] < 0)
        return vs_fail(VS_EINVAL, "%s: mechanism 'nat-switching' needs '%s' and '%s' to be datacenter servers "
                                  "(listed under datacenter.servers)",
                       scn->path, scn->prouters[v->host].name, scn->prouters[g->to].name);
    if (dc->rack[v->host] == dc->rack[g->to])
        return vs_fail(VS_EINVAL,
                       "%s: mechanism 'nat-switching' moves a VM across subnets: '%s' and '%s' are in the "
                       "same rack %d (use vm-standard within a subnet)",
                       scn->path, scn->prouters[v->host].name, scn->prouters[g->to].name, dc->rack[g->to]);
    return VS_OK;
}

/* At the resume: the IP address migration. The configuration is derived from the datacenter
 * and the move (dc_move); the VM forwards again once an outside host reaches it and it
 * reaches the outside through the derived rules (a gratuitous ARP refreshes the caches). */
static void nat_derive(mig_t *m)
{
    mig_result_t *res = m->res;
    const dc_scn_t *cfg = m->scn->datacenter;
    dc_t *dc = malloc(sizeof *dc);
    bool ok = false;
    if (dc) {
        dc_build(dc, cfg->n_agg, cfg->racks_per_agg);
        int vm = dc_add_host(dc, m->vr->name, cfg->rack[res->from_idx], 10 + (int)(m->cfg->vr % 200));
        if (dc_move(dc, vm, cfg->rack[m->cfg->to]) > 0) {
            int rules, routes, proxy;
            dc_move_counts(dc, dc->n_moves - 1, &rules, &routes, &proxy);
            res->config_changes += rules + routes + proxy;
            res->routes_added = routes;
            char why[160];
            ok = dc_deliver(dc, dc->ext_host, dc_addr(dc, vm), why, sizeof why) &&
                 dc_deliver(dc, vm, dc_addr(dc, dc->ext_host), why, sizeof why);
        }
        free(dc);
    }
    if (ok)
        net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    res->data_downtime = ok ? res->downtime : 0;
    mig_vm_step(m, MIG_T5_LINKS, "address-migration");
    for (size_t i = 0; i < m->n_ifaces; i++)
        net_link_rehome(m->net, m->vlink_idx[i], m->cfg->vr, m->cfg->to);
    mig_vm_step(m, MIG_T6_DONE, "done");
    if (ok)
        net_dp_remove(m->net, m->cfg->vr, res->from_idx);
    res->done = true;
}

const mig_mechanism_t mig_nat_switching = {
    .name = "nat-switching",
    .summary = "VM moved across datacenter subnets; NAT rules and proxy ARP derived (seed 004)",
    .profile = XEN_PROFILE,
    .section = "xen",
    .check = nat_check,
    .start = xen_start,
};
