/* hw_profile — what hardware does and how fast, read from a versioned YAML profile
 * (hwmodel/profiles/NAME.yaml, format in docs/profiles.md) into an immutable struct.
 *
 * A profile holds any of nine sections; each has a has_* flag. Shipped profiles come in three
 * kinds: FIB profiles (section fib: netfpga, linux-iproute2, linux-ipbatch, tcam, ...), host
 * profiles (sections host, checkpoint, rehoming, power: pc3000, pc850, xen-host) and software
 * profiles (image: openvz-vr; xen: xen-host; kvm: qemu-kvm; openflow: nox-openflow). Every
 * number in a shipped file cites its source next to it.
 *
 * Units, everywhere in this header: times are sim_time_t nanoseconds, per-byte costs are
 * double nanoseconds per byte (the YAML writes them per MB, MB = 10^6 bytes), sizes are
 * int64 bytes, rates are double bits/s, packet rates double packets/s, power double watts. */
#ifndef HW_PROFILE_H
#define HW_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

#define HW_PROFILE_VERSION 1

/* ---- FIB technology ------------------------------------------------------------------ */

typedef enum {
    HW_FIB_SOFTWARE, /* Linux kernel routing table (per route: process, ip -batch or netlink) */
    HW_FIB_TCAM,     /* commercial TCAM, entries kept in prefix-length order: inserts move */
    HW_FIB_NETFPGA,  /* NetFPGA reference router LPM table written through registers */
    HW_FIB_TECH_COUNT
} hw_fib_tech_t;

typedef struct {
    hw_fib_tech_t tech;
    /* Per route, in the data plane ("FIB update time" of seed 001 Table 2). For a TCAM this
     * is the driver's fixed part; each entry write (the route's own plus one per move) adds
     * tcam_write_ns. */
    sim_time_t install_ns;
    sim_time_t replace_ns;        /* change of next hop of an existing route */
    sim_time_t delete_ns;
    /* Batching: routes are handed to the FIB batch_size at a time and each batch costs
     * batch_overhead_ns on top (1 = no batching). */
    int64_t batch_size;
    sim_time_t batch_overhead_ns;
    /* Control plane -> data-plane hypervisor, per route (shadowd -> virtd RPC): the part of
     * Table 2's "total time" that is not "update time". */
    sim_time_t rpc_ns;
    /* Fixed set-up time of one FIB repopulation (data-plane cloning). */
    sim_time_t setup_ns;
    int64_t capacity;             /* entries; 0 = unlimited */
    /* TCAM only (tech == HW_FIB_TCAM or HW_FIB_NETFPGA's ordered table). */
    sim_time_t tcam_write_ns;     /* one entry write or move */
    int tcam_width_bits;          /* 32 (IPv4) or 128 (IPv6): number of prefix-length blocks - 1 */
    bool tcam_sort_clone;         /* a repopulation installs longest prefixes first: no moves */
} hw_fib_profile_t;

/* ---- host class ---------------------------------------------------------------------- */

typedef struct {
    const char *cpu_class;        /* "PC3000" */
    double cpu_hz;
    int cpu_cores;
    int64_t memory_bytes;
    int nic_count;
    double nic_bps;
    /* Software forwarding ceiling (bidirectional, 64-byte packets); 0 = not CPU bound. */
    double forward_pps_max;
    sim_time_t tunnel_setup_ns;   /* per tunnel (one per substrate interface of a VR) */
} hw_host_profile_t;

/* ---- container checkpoint/restore and memory-image copy ------------------------------ *
 * Model (seed 001 Section 6.2, Fig. 8): downtime = dump + copy + restore + bridging.
 *   dump     = dump_fixed_ns + dump_ns_per_byte * image
 *   copy     = copy_setup_ns + image * 8 / min(copy_limit_bps, available bandwidth)
 *   restore  = restore_fixed_ns + restore_ns_per_byte * image
 *   bridging = bridging_work_ns of CPU time, run at the same time as the size-dependent part
 *              of the restore; while both run, bridging gets bridging_share of the CPU, so
 *              it slows as the image grows (hw_ckpt_bridging_ns). */
typedef struct {
    const char *tool;             /* "openvz" */
    sim_time_t dump_fixed_ns;
    double dump_ns_per_byte;
    sim_time_t restore_fixed_ns;
    double restore_ns_per_byte;
    sim_time_t bridging_work_ns;
    double bridging_share;        /* (0, 1]: CPU share bridging gets while the restore runs */
    double copy_limit_bps;        /* the copy tool's own ceiling (scp on a PC3000) */
    sim_time_t copy_setup_ns;     /* connection set-up per transfer */
    int64_t config_bytes;         /* router image: configuration files only */
    double cost_cv;               /* run-to-run coefficient of variation of each host cost */
} hw_ckpt_profile_t;

/* ---- link re-homing ------------------------------------------------------------------ */

typedef enum {
    HW_REHOME_OPTICAL,     /* optical path switch-over in a programmable transport network */
    HW_REHOME_PSEUDOWIRE,  /* new pseudo-wire at the multi-service switch next to the CE */
    HW_REHOME_MPLS,        /* switch-over to a newly established LSP */
    HW_REHOME_GRE,         /* change of the tunnel end point's IP address */
    HW_REHOME_COUNT
} hw_rehome_tech_t;

typedef struct {
    sim_time_t mean_ns[HW_REHOME_COUNT];
    sim_time_t spread_ns[HW_REHOME_COUNT]; /* half-width of a uniform spread around mean */
} hw_rehome_profile_t;

/* ---- power --------------------------------------------------------------------------- *
 * Every wattage is a part's draw at FULL load (what a datasheet gives as its maximum);
 * idle_fraction is the draw at zero load over the draw at full load (seed 001 Section 3.3,
 * its [7]). A powered router draws its powered parts' idle share plus a load share:
 *   P = idle_fraction * (chassis + linecards_on * linecard + ports_on * port)
 *     + (1 - idle_fraction) * utilisation * full,
 *   full = chassis + linecards * linecard + ports * port   (the router as installed)
 * The load share spans the installed router, not the parts powered now, so P is linear in
 * every variable (the scheduler's MILP depends on it); with every part powered it is
 * full * (idle_fraction + (1 - idle_fraction) * utilisation). A router powered off draws 0,
 * one hibernating hibernate_w. */
typedef struct {
    double chassis_w;             /* chassis, fans, route processor: full load */
    double linecard_w;            /* per line card: full load */
    double port_w;                /* per port: full load */
    double idle_fraction;         /* power at zero load / power at full load */
    double hibernate_w;
    int ports_per_linecard;
} hw_power_profile_t;

/* The model's linear coefficients for one router as installed (hw_power_coef). */
typedef struct {
    double chassis_w;             /* drawn whenever powered: idle_fraction * chassis */
    double linecard_w;            /* per powered line card: idle_fraction * linecard */
    double port_w;                /* per port in use: idle_fraction * port */
    double load_w;                /* added at utilisation 1: (1 - idle_fraction) * full */
} hw_power_coef_t;

/* ---- control-plane memory image ------------------------------------------------------ *
 * The size of a virtual router's memory image (what a checkpoint dumps and copies) as a
 * function of the routes it holds: piecewise-linear through measured points for OSPF routes
 * (extrapolated along the last segment beyond), plus BGP routes linearly from a measured full
 * table (hw_image_bytes). Seed 001 Table 1 and Sec. 6.4.2 in profile openvz-vr. */
#define HW_IMAGE_MAX_POINTS 32

typedef struct {
    int n_points;                               /* >= 2 */
    int64_t routes[HW_IMAGE_MAX_POINTS];        /* OSPF routes, strictly increasing */
    int64_t bytes[HW_IMAGE_MAX_POINTS];         /* image size at routes[i] */
    int64_t bgp_full_routes;                    /* a measured full BGP table ... */
    int64_t bgp_full_bytes;                     /* ... and the image with it at routes[0] */
    int64_t postcopy_state_bytes;               /* post-copy: what the resume carries */
} hw_image_profile_t;

/* ---- the migration software's own costs ---------------------------------------------- *
 * Parameters of the hypervisors and controllers the mechanisms of docs/mechanisms.md model,
 * each read by the mechanism from the profile its vtable names (models/migration). */
typedef struct {
    /* vm-standard: the VM's forwarding working set (packet and socket buffers, forwarding
     * state) that packets keep dirty; a pre-copy round re-sends at most this much of it. */
    int64_t forward_hot_bytes;
    /* vm-separated: re-mapping the virtual interfaces onto B's physical ones (Domain 0's
     * dynamic interface binding) after the FIB synchronisation. */
    sim_time_t iface_remap_ns;
    /* vm-standard: pages one forwarded packet dirties in the VM (its buffer pages). */
    int64_t pages_per_packet;
} hw_xen_profile_t;

typedef struct {
    sim_time_t pause_resume_ns;   /* kvm-full: VM pause + resume around the final copy */
    sim_time_t chunk_overhead_ns; /* XIA chunk transport: fixed cost per chunk exchanged */
    double disk_read_bps;         /* block migration: reading the image from the host's disk */
    int64_t device_state_bytes;   /* device state sent after the last pages */
    int64_t chunk_bytes;          /* XIA chunk size */
    sim_time_t chunk_lookup_ns;   /* a chunk request's cache lookup in each XIA router */
} hw_kvm_profile_t;

typedef struct {
    sim_time_t flow_mod_send_ns;  /* controller: building and sending one flow-mod */
    sim_time_t flow_mod_apply_ns; /* switch: applying one flow-mod to its table */
} hw_openflow_profile_t;

/* The VR's routing software as cold-restart and cost-out see it (the convergence constants a
 * computed routing model would replace). */
typedef struct {
    sim_time_t boot_ns;           /* starting the router afresh: container and daemons */
    double bgp_prefixes_per_s;    /* BGP table resynchronisation from one peer */
    int64_t ospf_exchange_hops;   /* one-way delays of OSPF's database exchange */
    int64_t bgp_open_rtts;        /* TCP handshake plus OPEN and KEEPALIVE */
    sim_time_t spf_delay_ns;      /* before an SPF run after a change (ospfd's throttle) */
} hw_routing_profile_t;

/* ---- the profile --------------------------------------------------------------------- */

typedef struct {
    const char *name;             /* from the file's `name:` */
    const char *description;
    const char *path;             /* file it was read from ("<string>" for memory) */
    bool has_fib, has_host, has_ckpt, has_rehome, has_power;
    bool has_image, has_xen, has_kvm, has_openflow, has_routing;
    hw_fib_profile_t fib;
    hw_host_profile_t host;
    hw_ckpt_profile_t ckpt;
    hw_rehome_profile_t rehome;
    hw_power_profile_t power;
    hw_image_profile_t image;
    hw_xen_profile_t xen;
    hw_kvm_profile_t kvm;
    hw_openflow_profile_t openflow;
    hw_routing_profile_t routing;
} hw_profile_t;

/* Is this profile reference a file path (a '/' in it, or a .yaml/.yml name) rather than the
 * name of a shipped profile? Scenarios resolve such paths against their own folder. */
bool hw_profile_is_path(const char *s);

/* Loads a profile by name ("netfpga" -> <profiles dir>/netfpga.yaml found through
 * vs_data_file(VS_DATA_PROFILES)) or by path (anything containing '/' or ending ".yaml").
 * Errors name file:line:col (status 2) or the missing file (VS_ENOTFOUND, listing the
 * shipped names). *out is immutable and owned by the caller: hw_profile_free. */
vs_err_t hw_profile_load(const char *name_or_path, const hw_profile_t **out);
vs_err_t hw_profile_load_file(const char *path, const hw_profile_t **out);
/* From memory; name is used in messages. */
vs_err_t hw_profile_load_string(const char *name, const char *text, size_t len,
                                const hw_profile_t **out);
void hw_profile_free(const hw_profile_t *p);

/* Writes p as a version-1 YAML profile that hw_profile_load reads back to the same values;
 * `source` (lines separated by newlines) heads the file as comments: where each value came
 * from. Atomic (temp file + rename). */
vs_err_t hw_profile_write(const hw_profile_t *p, const char *path, const char *source);

/* Does p hold the section named as in the YAML ("fib", "image", "xen", ...)? */
bool hw_profile_has(const hw_profile_t *p, const char *section);

const char *hw_fib_tech_name(hw_fib_tech_t t);
const char *hw_rehome_name(hw_rehome_tech_t t);

/* ---- cost helpers (pure functions of a profile) -------------------------------------- */

/* Time to repopulate an empty FIB with `routes` routes from the RIB (data-plane cloning):
 * setup + routes * rpc + ceil(routes / batch_size) * batch_overhead + update, where update
 * (Table 2's "FIB update time", also returned in *update_ns, which may be NULL) is
 * routes * install (+ one tcam_write per route for a TCAM). A TCAM repopulation without
 * tcam_sort_clone moves entries depending on the prefixes: that needs the sim backend
 * (hw_backend.h) with real prefixes, so this helper fails with VS_EINVAL for it. */
vs_err_t hw_fib_repopulate_ns(const hw_fib_profile_t *f, int64_t routes, sim_time_t *total_ns,
                              sim_time_t *update_ns);

/* Checkpoint pieces for an image of `bytes` (see the model above). */
sim_time_t hw_ckpt_dump_ns(const hw_ckpt_profile_t *c, int64_t bytes);
sim_time_t hw_ckpt_restore_ns(const hw_ckpt_profile_t *c, int64_t bytes);
/* available_bps <= 0 means the link imposes no limit below copy_limit_bps. */
sim_time_t hw_ckpt_copy_ns(const hw_ckpt_profile_t *c, int64_t bytes, double available_bps);
/* Elapsed bridging time when it starts with the size-dependent part of the restore. */
sim_time_t hw_ckpt_bridging_ns(const hw_ckpt_profile_t *c, int64_t bytes);
/* Time from the end of the copy until the VR runs with interfaces bound:
 * restore_fixed + max(size-dependent restore, bridging) under the sharing model. */
sim_time_t hw_ckpt_resume_ns(const hw_ckpt_profile_t *c, int64_t bytes);

/* Bytes of the memory image of a control plane holding ospf_routes OSPF and bgp_routes BGP
 * routes (the model above). Cost O(points). */
int64_t hw_image_bytes(const hw_image_profile_t *c, int64_t ospf_routes, int64_t bgp_routes);

/* Coefficients of the power model (above) for a router installed with `linecards` line
 * cards and `ports` ports. */
void hw_power_coef(const hw_power_profile_t *p, int linecards, int ports, hw_power_coef_t *out);
/* Watts drawn by a powered router with linecards_on line cards powered and ports_on ports in
 * use at utilisation (clamped to [0, 1]). */
double hw_power_watts(const hw_power_coef_t *c, int linecards_on, int ports_on,
                      double utilisation);

#endif
