/* hw_backend — the data-plane hypervisor's interface (seed 001 Sections 4.2.2-4.2.3, 5.1.2):
 * one way for every control plane to install routes, whatever FIB is underneath.
 *
 * A backend holds per-VR FIBs. Each VR's FIB takes single-route add / replace / delete and
 * batches of them, binds interfaces (packets arriving on a bound interface are forwarded by
 * that VR's FIB), can be cloned from a RIB (data-plane cloning), and can forward every
 * update it receives to another backend instance (the remote control plane: the migrated
 * control plane keeps its old FIB up to date). Counters tell what was done.
 *
 * Backends:
 *   sim      the FIB technologies of a hardware profile; every operation returns the
 *            simulated time it costs, with the TCAM entry-move model (hw_tcam.h).
 *   kernel   Linux routing tables through netlink (libmnl), inside a network namespace;
 *            operations return measured wall-clock time.
 *   netfpga  the NetFPGA reference router's LPM table programmed through its registers, on
 *            the card or on the register-level emulator (hw_nfemu.h); operations return the
 *            modelled register-write time.
 *
 * Costs (*cost_ns, may be NULL) are added to, never reset, so a caller can accumulate. */
#ifndef HW_BACKEND_H
#define HW_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw_prefix.h"
#include "hw_profile.h"
#include "sim_time.h"
#include "vs_error.h"

typedef struct hw_backend hw_backend_t;

typedef enum { HW_BACKEND_SIM, HW_BACKEND_KERNEL, HW_BACKEND_NETFPGA } hw_backend_kind_t;

#define HW_IFNAMSIZ 16

typedef struct {
    hw_prefix_t dst;
    uint8_t gw_family;       /* 0: no gateway (route points at dev); 4 or 6 */
    uint8_t gw[16];
    char dev[HW_IFNAMSIZ];   /* output interface; "" only when gw is set (kernel resolves) */
} hw_route_t;

typedef enum { HW_OP_ADD, HW_OP_REPLACE, HW_OP_DELETE } hw_op_t;

typedef struct {
    hw_backend_kind_t kind;
    /* sim: the FIB technology (required; copied). netfpga: its install_ns is the cost of one
     * table row (5 register writes); NULL means the shipped profile "netfpga". */
    const hw_fib_profile_t *fib;
    /* kernel: name of a namespace under /run/netns, or NULL for a private namespace that
     * the backend creates and that vanishes when it closes. */
    const char *netns;
    bool allow_current_ns;   /* kernel: allow netns to be the namespace we run in */
    uint32_t table_base;     /* kernel: VR i uses table table_base + i (default 1000) */
    size_t batch_routes;     /* kernel: routes per netlink send (default 1024) */
    bool emulate;            /* netfpga: use the in-process register emulator */
    int64_t emu_capacity;    /* netfpga emulator rows (default 32, the reference router's) */
    const char *device;      /* netfpga: interface of the card (default "nf2c0") */
} hw_backend_config_t;

typedef struct {
    uint64_t added, replaced, deleted, failed;
    uint64_t batches;        /* add_many/apply_many calls split into backend batches */
    uint64_t moves;          /* TCAM / NetFPGA entry moves */
    uint64_t reg_writes;     /* NetFPGA register writes */
    uint64_t forwarded;      /* updates forwarded to a remote instance */
    sim_time_t cost_ns;      /* total of every operation's cost */
} hw_counters_t;

/* Called once per failed route of a batch (not necessarily in index order: routes refused
 * before reaching the FIB come first): index into the batch, the route, the
 * error code and a reason that names the prefix and the FIB's (e.g. the kernel's) reason. */
typedef void (*hw_route_error_fn)(void *ctx, size_t index, const hw_route_t *r, vs_err_t err,
                                  const char *reason);

/* Opens a backend. kernel: VS_EPERM without privilege (status 3), VS_ENOTFOUND for a
 * missing namespace, VS_EINVAL when netns is our own and allow_current_ns is false.
 * netfpga without emulate and without a card: VS_ENODEV (status 3) saying so.
 * *out is owned by the caller: hw_backend_close. */
vs_err_t hw_backend_open(const hw_backend_config_t *cfg, hw_backend_t **out);
/* Removes everything the backend created (routes, rules, links; a private namespace) and
 * frees b. Safe on NULL. */
void hw_backend_close(hw_backend_t *b);
const char *hw_backend_name(const hw_backend_t *b);

/* Creates a VR's FIB; *vr is its handle (0, 1, ...). The netfpga backend holds one FIB (the
 * reference router is not virtualised, seed 001 Section 5.1.1). */
vs_err_t hw_backend_vr_create(hw_backend_t *b, const char *name, int *vr);
/* Creates an interface for tests and benchmarks: kernel a veth pair (ifname and ifname+"p",
 * both up) in the namespace; sim declares it; netfpga has fixed ports nf2c0..nf2c3. */
vs_err_t hw_backend_link_add(hw_backend_t *b, const char *ifname);
/* Packets arriving on ifname are forwarded by vr's FIB (kernel: a policy rule iif ->
 * table). Unknown interface: VS_ENOTFOUND naming it. */
vs_err_t hw_backend_bind(hw_backend_t *b, int vr, const char *ifname);

vs_err_t hw_backend_route_add(hw_backend_t *b, int vr, const hw_route_t *r, sim_time_t *cost_ns);
vs_err_t hw_backend_route_replace(hw_backend_t *b, int vr, const hw_route_t *r,
                                  sim_time_t *cost_ns);
vs_err_t hw_backend_route_delete(hw_backend_t *b, int vr, const hw_route_t *r,
                                 sim_time_t *cost_ns);
/* Applies op to n routes in batches. Every route is attempted; failures are reported one by
 * one through on_error (may be NULL) and counted in *failed (may be NULL). Returns VS_OK when
 * all succeeded, else the first failure's code with a message naming the first failed prefix
 * and how many failed. */
vs_err_t hw_backend_apply_many(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                               hw_route_error_fn on_error, void *ctx, size_t *failed,
                               sim_time_t *cost_ns);
vs_err_t hw_backend_add_many(hw_backend_t *b, int vr, const hw_route_t *r, size_t n,
                             hw_route_error_fn on_error, void *ctx, size_t *failed,
                             sim_time_t *cost_ns);
/* Data-plane cloning: repopulates vr's FIB from a RIB. Cost = the profile's set-up + one RPC
 * per route (sim) + the installs; routes go longest prefix first when the FIB is ordered
 * (TCAM/NetFPGA with tcam_sort_clone), so an empty ordered table needs no moves. */
vs_err_t hw_backend_clone(hw_backend_t *b, int vr, const hw_route_t *rib, size_t n,
                          hw_route_error_fn on_error, void *ctx, size_t *failed,
                          sim_time_t *cost_ns);
/* From now on every update applied to (b, vr) is also applied to (remote, remote_vr), at one
 * RPC per route more (the profile's rpc_ns, sim only). remote NULL stops forwarding. The
 * remote must outlive the forwarding. A failure at the remote is reported, never hidden. */
vs_err_t hw_backend_set_remote(hw_backend_t *b, int vr, hw_backend_t *remote, int remote_vr);

void hw_backend_counters(const hw_backend_t *b, hw_counters_t *out);
/* Routes currently in vr's FIB as the backend knows them (kernel: counted by a dump). */
vs_err_t hw_backend_route_count(hw_backend_t *b, int vr, size_t *out);

/* Builds a route "dst dev ifname" (no gateway) from text; VS_EINVAL on a bad prefix. */
vs_err_t hw_route_make(const char *prefix, const char *dev, hw_route_t *out);

/* The signal (SIGINT/SIGTERM) that interrupted a kernel backend's work, or 0. Operations
 * stop with VS_EIO once it is set; close the backend, then re-raise it. */
int hw_backend_interrupted(void);

#endif
