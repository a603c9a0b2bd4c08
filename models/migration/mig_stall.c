/* stall-and-copy: migrating a router container the way OpenVZ does by default, without
 * pre-copy and without VROOM's separation of the data plane (seed 001 Sec. 5, footnote 3;
 * its Sec. 4.2.2 contrasts it with pre-copy). The container — control plane and its routes
 * in the kernel — stops; A dumps its whole memory image, copies it to B, B restores it and
 * re-installs the container's routes in its FIB; then the links re-home. Traffic has no data
 * plane from the stop until the links are on B: it is lost.
 *
 * States: t0 = t1 router-image copy (configuration) -> t3 container stopped: dump, copy,
 * restore -> t4 control plane runs on B; routes re-installed -> t5 links re-home -> t6 all
 * links on B, forwarding again. Costs: the hosts' checkpoint profiles and B's FIB profile. */
#include "mig_fib.h"
#include "mig_vm.h"

static void on_image(sim_t *sim, void *ctx, uint64_t arg);
static void on_restored(sim_t *sim, void *ctx, uint64_t arg);
static void on_fib(sim_t *sim, void *ctx, uint64_t arg);
static void on_linked(sim_t *sim, void *ctx, uint64_t arg);

static void stall_start(mig_t *m)
{
    mig_vm_step(m, MIG_T0_TUNNELS, "start");
    m->res->memory = "stall-and-copy";
    mig_vm_step(m, MIG_T1_IMAGE, "image-copy");
    mig_vm_transfer(m, m->c.src_ckpt.config_bytes, 0, m->c.src_ckpt.copy_setup_ns, on_image, 0);
}

static void on_image(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T2_MEMORY, "memory-copy");
    mig_vm_step(m, MIG_T3_SUSPEND, "suspend");
    net_cp_freeze(m->net, m->cfg->vr);
    net_dp_remove(m->net, m->cfg->vr, res->from_idx);
    res->final_bytes = res->image_bytes;
    mig_vm_stop_and_copy(m, on_restored);
}

/* t4: the routes of the container go back into B's kernel FIB: the FIB's own install time
 * (no remote control plane, no RPC: the container's routing table is restored in place). */
static void on_restored(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T4_CLONE, "resume");
    res->downtime = res->t[MIG_T4_CLONE] - res->t[MIG_T3_SUSPEND];
    net_cp_resume(m->net, m->cfg->vr, m->cfg->to);
    mig_fib_clone(m, false, 0, 0, on_fib); /* the container's data plane froze with it */
}

static void on_fib(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T5_LINKS, "link-migration");
    m->res->config_changes = (int)m->n_ifaces;
    mig_vm_rehome_links(m, on_linked);
}

/* t6: the last link is on B: forwarding resumes there. */
static void on_linked(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T6_DONE, "done");
    net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    m->res->data_downtime = sim_now(sim) - m->res->t[MIG_T3_SUSPEND];
    mig_vm_bgp_stream(m, false);
    m->res->done = true;
}

const mig_mechanism_t mig_stall_and_copy = {
    .name = "stall-and-copy",
    .summary = "container migration without pre-copy (OpenVZ default): whole router stops, links re-home after",
    .start = stall_start,
};
