/* mig_vm — what the migration mechanisms share (docs/mechanisms.md): step
 * bookkeeping, host-cost jitter, bulk transfers through the network, and the data-packet
 * source that counts packets lost while a VR's forwarding is down. Internal to models/. */
#ifndef MIG_VM_H
#define MIG_VM_H

#include "mig_internal.h"

/* Memory is copied and dirtied in pages: 4 KiB, the x86 base page size. */
#define PAGE_BYTES 4096

/* Marks step s as begun now (res->t[s]) and traces it under `label`. */
void mig_vm_step(mig_t *m, mig_step_t s, const char *label);
/* The VR's router is down (cold restart, cost-out maintenance): every OSPF adjacency (one per
 * virtual link to an OSPF VR) and every BGP session goes with it; counted into res, since
 * the network's protocol models see a router that is gone, not frozen. */
void mig_vm_drop_routing(mig_t *m);
/* Run-to-run factor of a host cost, N(1, cost_cv) bounded below by 0.5. */
double mig_vm_jitter(mig_t *m);
/* Nanoseconds from a double, never negative. */
sim_time_t mig_vm_ns(double x);
/* Sends bytes from the VR's old host to its destination; then fn(sim, m, arg). limit_bps 0:
 * the source host's copy tool ceiling. Adds to res->bytes_sent, sets res->copy_bps. */
void mig_vm_transfer(mig_t *m, int64_t bytes, double limit_bps, sim_time_t setup, sim_fn fn,
                     uint64_t arg);
/* The frozen part of a container migration, from the suspend: A dumps res->final_bytes
 * (res->dump), the copy tool sends them (res->copy; its rate and set-up vary from run to run
 * like the host costs), B restores them and binds the interfaces (mig_vm_restore); then
 * resumed(sim, m, 0). The caller has frozen the control plane and set res->final_bytes. */
void mig_vm_stop_and_copy(mig_t *m, sim_fn resumed);
/* Asynchronous link migration (seed 001 Sec. 4.2.4): every virtual link of the VR re-homes
 * on its own after its technology's latency (the destination's rehoming profile: mean plus a
 * uniform spread, from the migration's stream), recorded in res->link_rehome; then
 * done(sim, m, 0), at once when the VR has no links. */
void mig_vm_rehome_links(mig_t *m, sim_fn done);
/* B restores the res->final_bytes the copy brought and binds the VR's interfaces, the two
 * contending for B's CPU (hw_ckpt_resume_ns; seed 001 Sec. 6.2): fills res->restore and
 * res->bridging and calls fn(sim, m, 0) when the VR runs. One run-to-run factor for both. */
void mig_vm_restore(mig_t *m, sim_fn fn);
/* The lowest-delay substrate path from one physical router to another as a list of router
 * indices (both ends included, at most max); 0 when unreachable or longer. O(V^2 + V E). */
size_t mig_vm_path(const scn_t *scn, size_t from, size_t to, size_t *out, size_t max);
/* The number of routers on that path, both ends included; SIZE_MAX when unreachable (or out
 * of memory). No limit. O(V log V + E). */
size_t mig_vm_path_len(const scn_t *scn, size_t from, size_t to);
/* One-way substrate delay between two physical routers (0 when equal or unreachable). */
sim_time_t mig_vm_delay(const mig_t *m, size_t a, size_t b);

/* Starts the migration's constant-rate data-packet source (the migration's data_rate
 * option; nothing when 0) from the migration's start time (called for every mechanism by
 * run.c). Each packet is one event: it counts as offered, and as
 * lost when at its arrival the VR has no forwarding data plane (net_dp_active on neither
 * its old nor its new host) or falls in a routing transient (res->transient). The source
 * stops at res->done. */
void mig_pkt_start(mig_t *m);
/* Is the VR forwarding now? */
bool mig_vm_forwarding(const mig_t *m);

/* Pre-copy (Xen, and VROOM's pre-copy option): bytes dirtied, in whole pages and never more
 * than cap. */
int64_t mig_vm_pages(double bytes, int64_t cap);
/* A pre-copy round ended with `next` bytes dirtied during it: records it as res->round_bytes
 * and decides. Stop (true: suspend and copy the rest now) when the rest is at most stop_bytes,
 * when the round shrank by less than min_progress, or after max_rounds; else (false) the next
 * round is counted and starts now, and the caller sends `next`. */
bool mig_vm_precopy_stop(mig_t *m, int64_t next);

/* The VR's recorded BGP update stream against the migration's timeline (res->upd_*): an
 * UPDATE reaching the frozen control plane (t3..t4) is lost and its peer's TCP resends it,
 * with all that peer sends after it, on a doubling retransmission timer, until a copy arrives
 * after the resume; with remote set (VROOM), every prefix B's control plane processes between t4 and t6 also goes
 * through the tunnel to A's FIB, which installs them one at a time (its profile's rpc +
 * install per prefix, first come first served). Call at t6. O(messages). */
void mig_vm_bgp_stream(mig_t *m, bool remote);

/* Routing messages a frozen control plane would receive in a window of length d: one hello
 * per hello interval per OSPF neighbour and one keepalive per keepalive interval per BGP
 * peer, at random phases from the migration's stream. */
int64_t mig_vm_control_msgs(mig_t *m, sim_time_t d);

#endif
