/* The VROOM migration process (seed 001, Sec. 4.2 and Fig. 4), as engine events.
 *
 * States, each entered by the event that ends the previous one:
 *   t0 tunnels -> t1 image copy -> t2 memory copy (pre-copy rounds) -> t3 suspend (control
 *   plane frozen: dump on A, copy, restore with interface binding on B) -> t4 resumed on B;
 *   data-plane cloning while A forwards and B is A's remote control plane -> t5 links re-home
 *   asynchronously (double data planes) -> t6 last link on B; A's data plane and tunnels
 *   removed.
 * Every duration comes from the costs of the hardware the step runs on (mig_costs_t); the
 * transfers go through the network (net_transfer). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mig_emulate.h"
#include "mig_fib.h"
#include "mig_vm.h"
#include "scn_path.h"
#include "vs_log.h"

/* Sends bytes from A to B with the copy tool (its set-up, then at most its ceiling); then
 * fn(sim, m, arg). */
static void transfer(mig_t *m, int64_t bytes, sim_fn fn, uint64_t arg)
{
    mig_vm_transfer(m, bytes, 0, m->c.src_ckpt.copy_setup_ns, fn, arg);
}

static void step(mig_t *m, mig_step_t s)
{
    static const char *const names[] = {"tunnels", "image-copy", "memory-copy", "suspend",
                                        "clone", "link-migration", "done"};
    mig_vm_step(m, s, names[s]);
}

static void on_image(sim_t *sim, void *ctx, uint64_t arg);
static void on_memory(sim_t *sim, void *ctx, uint64_t arg);
static void on_round_done(sim_t *sim, void *ctx, uint64_t arg);
static void on_suspend(sim_t *sim, void *ctx, uint64_t arg);
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg);
static void on_clone_done(sim_t *sim, void *ctx, uint64_t arg);
static void on_links_done(sim_t *sim, void *ctx, uint64_t arg);

/* t0: one tunnel per substrate interface of the VR, set up one after another. */
static void vroom_start(mig_t *m)
{
    step(m, MIG_T0_TUNNELS);
    /* Configuration it needs: a tunnel and a re-homing per link (steps 1 and 5). */
    m->res->config_changes = 2 * (int)m->n_ifaces;
    sim_time_t d = mig_vm_ns((double)m->c.src_host.tunnel_setup_ns * (double)m->n_ifaces * mig_vm_jitter(m));
    sim_after(m->sim, d, on_image, m, 0);
}

/* t1: router-image copy: configuration files only; binaries are already on B (Sec. 4.2.1). */
static void on_image(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    step(m, MIG_T1_IMAGE);
    transfer(m, m->c.src_ckpt.config_bytes, on_memory, 0);
}

/* t2: memory copy. Stall-and-copy and post-copy suspend at once; pre-copy first sends the
 * whole image while the VR runs, then in each round the pages dirtied during the previous
 * one (Clark et al., NSDI 2005, seed 001's [12]). */
static void on_memory(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    step(m, MIG_T2_MEMORY);
    if (m->cfg->memory != SCN_MEM_PRE_COPY) {
        on_suspend(sim, m, 0);
        return;
    }
    m->round_bytes = m->res->image_bytes;
    m->round_start = sim_now(sim);
    m->res->precopy_rounds = 1;
    transfer(m, m->round_bytes, on_round_done, 0);
}

static void on_round_done(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    double dirtied = m->vr->dirty_bps / 8.0 * sim_to_s(sim_now(sim) - m->round_start);
    int64_t next = mig_vm_pages(dirtied, m->res->image_bytes);
    if (mig_vm_precopy_stop(m, next))
        on_suspend(sim, m, 0);
    else
        transfer(m, next, on_round_done, 0);
}

/* t3: the control plane is frozen; A suspends it and dumps what is left to send. */
static void on_suspend(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    step(m, MIG_T3_SUSPEND);
    net_cp_freeze(m->net, m->cfg->vr);
    switch (m->cfg->memory) {
    case SCN_MEM_PRE_COPY:
        res->final_bytes = m->round_bytes;
        break;
    case SCN_MEM_POST_COPY:
        /* the non-pageable state (openvz-vr's image.postcopy_state), at most the image */
        res->final_bytes = m->c.postcopy_state_bytes < res->image_bytes ? m->c.postcopy_state_bytes
                                                                        : res->image_bytes;
        break;
    default:
        res->final_bytes = res->image_bytes;
    }
    /* Dump, copy, restore and interface binding (Sec. 6.2, Fig. 8; hw_ckpt_resume_ns). */
    mig_vm_stop_and_copy(m, on_resumed);
}

/* t4: the control plane runs on B (routing messages reach it through the tunnels). It clones
 * its data plane on B from the RIB through B's data-plane hypervisor, and meanwhile keeps A's
 * FIB up to date as a remote control plane. */
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    step(m, MIG_T4_CLONE);
    res->downtime = res->t[MIG_T4_CLONE] - res->t[MIG_T3_SUSPEND];
    net_cp_resume(m->net, m->cfg->vr, m->cfg->to);
    if (m->cfg->memory == SCN_MEM_POST_COPY) {
        /* The rest of the image follows by pre-paging at the copy rate; pages the running
         * control plane touches before they arrive fault and are fetched on demand (on
         * average half the image is still missing). */
        int64_t rest = res->image_bytes - res->final_bytes;
        res->bytes_sent += rest;
        res->postcopy_degraded = mig_vm_ns((double)rest * 8e9 / res->copy_bps);
        double touched = m->vr->dirty_bps / 8.0 / PAGE_BYTES * sim_to_s(res->postcopy_degraded);
        res->postcopy_faults = (int64_t)llround(touched * 0.5);
    }
    /* Install events on B at its profile's costs; A's full FIB forwards meanwhile. */
    mig_fib_clone(m, true, res->fib_entries, 0, on_clone_done);
    VS_LOG_T(VS_LOG_DEBUG, "mig", sim_now(sim),
             "%s: cloning %lld FIB entries onto '%s' (%s): full at +%.6f s (installs %.6f s); "
             "the old data plane forwards meanwhile",
             m->vr->name, (long long)res->fib_entries, m->scn->prouters[m->cfg->to].name,
             m->scn->prouters[m->cfg->to].fib_profile, sim_to_s(res->fib_total), sim_to_s(res->fib_update));
    mig_emu_clone(m); /* emulated destination: the real install, measured (mig_emulate.h) */
}

/* t5: both data planes forward; each link re-homes on its own. */
static void on_clone_done(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    step(m, MIG_T5_LINKS);
    net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    mig_vm_rehome_links(m, on_links_done);
}

/* Between t4 and t6 the migrated control plane is the remote control plane of A's FIB: each
 * routing change it computes (here: every link-state transition of the scenario's flaps)
 * is installed on B and forwarded through the tunnel to A's hypervisor, which installs it
 * there too (seed 001, Sec. 4.2.3 and 5.2). One FIB entry per transition. */
static void count_remote_updates(mig_t *m)
{
    const scn_t *scn = m->scn;
    mig_result_t *res = m->res;
    double bps;
    sim_time_t delay = 0;
    scn_path(scn, m->cfg->to, res->from_idx, false, &bps, &delay);
    for (size_t i = 0; i < scn->n_events; i++) {
        const scn_event_t *e = &scn->events[i];
        sim_time_t when[2] = {e->at, e->down_for == SIM_TIME_MAX ? SIM_TIME_MAX : e->at + e->down_for};
        for (int k = 0; k < 2; k++)
            if (when[k] >= res->t[MIG_T4_CLONE] && when[k] < res->t[MIG_T6_DONE])
                res->remote_updates++;
    }
    if (res->remote_updates)
        res->remote_update_latency = delay + m->c.src_fib.rpc_ns + m->c.src_fib.install_ns;
}

/* t6: the old data plane, its outgoing links and the tunnels are removed. */
static void on_links_done(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    step(m, MIG_T6_DONE);
    count_remote_updates(m);
    mig_vm_bgp_stream(m, true);
    net_dp_remove(m->net, m->cfg->vr, m->res->from_idx);
    mig_fib_old_removed(m);
    m->res->done = true;
}

const mig_mechanism_t mig_vroom = {
    .name = "vroom",
    .summary = "VROOM: control plane moved, data plane cloned, links re-homed one by one (seed 001)",
    .start = vroom_start,
};
