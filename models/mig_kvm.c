/* kvm-full: KVM/QEMU full migration — the disk by block migration, then the memory by
 * pre-copy — over TCP or over XIA's chunk transport (seed 003, Secs. 3-5).
 *
 * Transports (per transfer of `bytes` over the substrate path A->B, bandwidth bps, one-way
 * delay d, r routers between the hosts):
 *   tcp    a stream: bytes * 8 / (bps * TCP_GOODPUT) + d.
 *   chunk  XIA CHUNK mode with the paper's control protocol (Sec. 4.1, Fig. 3): the data is
 *          cut into CHUNK_BYTES chunks; the receiver requests each chunk and it comes back
 *          through the routers, each of which looks the chunk up in its cache first. One
 *          chunk outstanding at a time (request/response), so per chunk:
 *          2d + CHUNK_BYTES * 8 / (bps * TCP_GOODPUT) + CHUNK_OVERHEAD + r * LOOKUP.
 * Memory pre-copy: rounds of the pages dirtied during the previous one (the VR's dirty_rate),
 * until what is left fits QEMU's default maximum downtime at the measured rate; then the VM
 * pauses, the rest is sent, and it resumes (fixed pause/resume cost). Over XIA the VM then
 * announces its new location (self-adaptive mechanism, Sec. 4.2): one round trip to the name
 * service, plus one more when it changed domain (a new DAG is registered).
 *
 * States: t0 connection -> t1 block migration (disk) -> t2 memory pre-copy -> t3 paused,
 * final copy -> t4 resumed (re-announce) -> t6 done. */
#include <math.h>

#include "mig_vm.h"

/* Fraction of the link a bulk stream delivers as payload: 1448 payload bytes (MSS with
 * timestamps) per 1538 bytes on the wire (Ethernet frame, preamble and gap). */
#define TCP_GOODPUT (1448.0 / 1538.0)
/* QEMU's default maximum downtime (migrate_set_downtime), 300 ms. */
#define KVM_MAX_DOWNTIME_S 0.3
/* Pause and resume of the VM around the final copy, with the device state. CALIBRATED from
 * x14-table1's TCP/IP downtime cell (1 s) on examples/compare-kvm-intra.yaml with transport
 * tcp: 1 s minus the final copy of that run (34 ms). The XIA downtimes are predictions. */
#define KVM_PAUSE_RESUME_NS SIM_MS(966)
/* XIA chunk size. ASSUMPTION: 1 MiB (the paper gives none). */
#define CHUNK_BYTES (INT64_C(1) << 20)
/* Per-chunk cost of the control protocol and the chunk stack at both ends (CID hashing,
 * request construction, acknowledgement): CALIBRATED from x14-table1's XIA intra-AD total
 * (14 min, one router on the path); the inter-AD cells are predictions. */
#define CHUNK_OVERHEAD_NS SIM_MS(93)
/* Cache lookup of a chunk request in an XIA router (Click software router). ASSUMPTION:
 * 2 ms (Sec. 5 blames the cache for the slowdown but gives no figure). */
#define CHUNK_LOOKUP_NS SIM_MS(2)

typedef struct {
    double bps;
    sim_time_t delay;
    int routers;
} kvm_path_t;

static kvm_path_t kpath(const mig_t *m)
{
    kvm_path_t p = {.bps = 1e9};
    net_path(m->scn, m->res->from_idx, m->cfg->to, m->cfg->reserved, &p.bps, &p.delay);
    /* routers between the hosts: the path's inner nodes */
    size_t nodes[64], n = mig_vm_path(m->scn, m->res->from_idx, m->cfg->to, nodes, 64);
    p.routers = n > 2 ? (int)n - 2 : 0;
    return p;
}

/* Time to move bytes with the migration's transport. */
static sim_time_t xfer_ns(const mig_t *m, const kvm_path_t *p, int64_t bytes)
{
    double goodput = p->bps * TCP_GOODPUT;
    if (m->cfg->transport == 0)
        return mig_vm_ns((double)bytes * 8e9 / goodput) + p->delay;
    int64_t chunks = (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES;
    double per = 2.0 * (double)p->delay + (double)CHUNK_BYTES * 8e9 / goodput + (double)CHUNK_OVERHEAD_NS +
                 p->routers * (double)CHUNK_LOOKUP_NS;
    return mig_vm_ns((double)chunks * per);
}

static int64_t vm_bytes(const mig_t *m)
{
    return m->cfg->vm_memory_bytes ? m->cfg->vm_memory_bytes : m->res->image_bytes;
}

static void on_disk(sim_t *sim, void *ctx, uint64_t arg);
static void on_round(sim_t *sim, void *ctx, uint64_t arg);
static void on_paused(sim_t *sim, void *ctx, uint64_t arg);
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg);
static void on_done(sim_t *sim, void *ctx, uint64_t arg);

static void send(mig_t *m, int64_t bytes, sim_fn fn)
{
    kvm_path_t p = kpath(m);
    sim_time_t d = xfer_ns(m, &p, bytes);
    m->res->bytes_sent += bytes;
    if (d > 0)
        m->res->copy_bps = (double)bytes * 8e9 / (double)d;
    sim_after(m->sim, d, fn, m, 0);
}

static void kvm_start(mig_t *m)
{
    mig_vm_step(m, MIG_T0_TUNNELS, "connect");
    m->res->memory = "pre-copy"; /* QEMU live migration */
    kvm_path_t p = kpath(m);
    m->res->image_bytes = vm_bytes(m);
    /* connection set-up: one round trip (TCP handshake, or XIA stream + chunk list) */
    sim_after(m->sim, 2 * p.delay, on_disk, m, 0);
}

static void on_disk(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T1_IMAGE, "block-migration");
    send(m, m->cfg->disk_bytes, on_round);
    m->round_bytes = -1; /* next on_round starts the memory */
}

/* Memory pre-copy rounds; stop when the rest fits the maximum downtime at this rate. */
static void on_round(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    int64_t next;
    if (m->round_bytes < 0) {
        mig_vm_step(m, MIG_T2_MEMORY, "memory-copy");
        next = vm_bytes(m);
    } else {
        double dirtied = m->vr->dirty_bps / 8.0 * sim_to_s(sim_now(sim) - m->round_start);
        next = (int64_t)fmin(dirtied, (double)vm_bytes(m));
        double rate = res->copy_bps > 0 ? res->copy_bps : 1e9;
        bool fits = (double)next * 8.0 / rate <= KVM_MAX_DOWNTIME_S;
        if (fits || res->precopy_rounds >= m->cfg->max_rounds) {
            m->round_bytes = next;
            on_paused(sim, m, 0);
            return;
        }
    }
    res->precopy_rounds++;
    m->round_bytes = next;
    m->round_start = sim_now(sim);
    send(m, next, on_round);
}

static void on_paused(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T3_SUSPEND, "pause");
    net_cp_freeze(m->net, m->cfg->vr);
    net_dp_remove(m->net, m->cfg->vr, m->res->from_idx);
    m->res->final_bytes = m->round_bytes;
    m->copy_start = sim_now(sim);
    kvm_path_t p = kpath(m);
    m->res->copy = xfer_ns(m, &p, m->round_bytes);
    m->res->bytes_sent += m->round_bytes;
    sim_after(sim, m->res->copy + mig_vm_ns((double)KVM_PAUSE_RESUME_NS * mig_vm_jitter(m)), on_resumed, m, 0);
}

/* Over XIA the VM announces its location before traffic finds it again. */
static void on_resumed(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    kvm_path_t p = kpath(m);
    sim_time_t announce = m->cfg->transport == 1 ? 2 * p.delay * (m->cfg->inter_domain ? 2 : 1) : 0;
    net_cp_resume(m->net, m->cfg->vr, m->cfg->to);
    sim_after(sim, announce, on_done, m, 0);
}

static void on_done(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    mig_vm_step(m, MIG_T4_CLONE, "resumed");
    net_dp_add(m->net, m->cfg->vr, m->cfg->to);
    res->downtime = res->data_downtime = res->t[MIG_T4_CLONE] - res->t[MIG_T3_SUSPEND];
    mig_vm_step(m, MIG_T5_LINKS, "resumed");
    mig_vm_step(m, MIG_T6_DONE, "done");
    for (size_t i = 0; i < m->n_ifaces; i++)
        net_link_rehome(m->net, m->vlink_idx[i], m->cfg->vr, m->cfg->to);
    net_dp_remove(m->net, m->cfg->vr, res->from_idx);
    res->config_changes = m->cfg->transport == 1 ? 1 + m->cfg->inter_domain : 0; /* name-service updates */
    res->done = true;
}

const mig_mechanism_t mig_kvm_full = {
    .name = "kvm-full",
    .summary = "KVM full migration (disk + memory) over TCP or XIA's chunk transport (seed 003)",
    .start = kvm_start,
};
