/* scenario — a scenario file (YAML, format version 1, docs/scenario.md) read into a validated,
 * immutable configuration: the substrate (physical routers and links), the virtual routers
 * and their virtual links, the migrations to run and the network events around them.
 *
 * Every error names file:line:column and what was expected (exit status 2). Cross references
 * (a VR's host, a link's ends, a migration's VR and destination) are resolved to indices. */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

#define SCN_FORMAT_VERSION 1

typedef struct {
    const char *name;
    const char *pop;          /* defaults to the router's name */
    const char *host_profile; /* hardware profile of the host (CPU class, checkpoint costs) */
    const char *fib_profile;  /* hardware profile of the data plane (FIB technology) */
    int64_t memory_bytes;     /* for VR images; 0 = no limit stated */
    int vr_slots;             /* how many VRs it can hold */
    int emulate;              /* SCN_EMU_*: a real backend under it (mig_emulate.h) */
    const char *netns;        /* emulate kernel: namespace under /run/netns; NULL = private */
    const char *prefixes;     /* emulate: prefix list to install (path resolved against the
                                 scenario's directory); NULL = synthetic prefixes */
} scn_prouter_t;

enum { SCN_EMU_NONE, SCN_EMU_KERNEL, SCN_EMU_NETFPGA };

typedef struct {
    size_t a, b;              /* physical router indices */
    double bandwidth_bps;
    sim_time_t delay;         /* one-way propagation delay */
    double migration_bps;     /* bandwidth reserved for migration traffic; 0 = shares the link */
    double load_bps;          /* background data traffic on the link (for shared migrations) */
    int line;                 /* where it was written, for messages */
} scn_link_t;

typedef enum { SCN_CLOCK_RUNNING, SCN_CLOCK_PAUSED } scn_clock_t;

/* One BGP UPDATE message of a VR's update stream: when it reaches the VR (simulated time) and
 * how many prefixes it announces and withdraws. */
typedef struct {
    sim_time_t at;
    uint32_t announced, withdrawn;
    uint32_t peer;            /* which of the stream's peers sent it (0, 1, ...) */
} scn_bgp_update_t;

typedef struct {
    const char *name;
    size_t host;              /* physical router index */
    bool ospf, bgp;
    int64_t ospf_routes, bgp_routes;
    sim_time_t hello, dead, rxmt;        /* OSPF intervals */
    sim_time_t keepalive, hold;          /* BGP timers */
    int64_t image_bytes;      /* memory image; 0 = derived from the routes (Table 1 curve) */
    double dirty_bps;         /* rate at which the running control plane dirties memory */
    int64_t disk_hot_bytes;   /* kvm-full: disk region the workload keeps rewriting; 0 = none */
    int64_t fib_entries;      /* 0 = the routes it holds */
    size_t *bgp_peers;        /* VR indices of iBGP peers */
    size_t n_bgp_peers;
    const char *bgp_updates_path;       /* bgp.updates: a recorded update stream, or NULL */
    scn_bgp_update_t *bgp_updates;      /* its messages in time order (scenario's arena) */
    size_t n_bgp_updates;
} scn_vrouter_t;

typedef enum {
    SCN_REHOME_OPTICAL, /* ROADM/optical switch-over */
    SCN_REHOME_PSEUDOWIRE,
    SCN_REHOME_MPLS,    /* MPLS LSP switch-over */
    SCN_REHOME_GRE,     /* GRE tunnel endpoint change */
    SCN_REHOME_COUNT
} scn_rehome_t;

typedef struct {
    size_t a, b;              /* VR indices */
    scn_rehome_t rehome;
} scn_vlink_t;

typedef enum { SCN_MEM_STALL_AND_COPY, SCN_MEM_PRE_COPY, SCN_MEM_POST_COPY } scn_memcopy_t;

typedef struct {
    size_t vr;                /* VR index */
    size_t to;                /* destination physical router index */
    sim_time_t at;            /* start time */
    const char *mechanism;    /* "vroom" */
    scn_memcopy_t memory;
    int max_rounds;           /* pre-copy: most rounds before stop-and-copy */
    int64_t stop_bytes;       /* pre-copy: stop when a round has less than this to send */
    double min_progress;      /* pre-copy: stop when a round shrinks by less than this fraction */
    bool reserved;            /* migration traffic on reserved bandwidth (else shares links) */
    /* Options of the other mechanisms (docs/mechanisms.md). */
    double data_rate_pps;     /* data packets/s through the VR, for loss counting; 0 = none */
    int64_t vm_memory_bytes;  /* VM mechanisms: memory of the whole VM; 0 = the VR's image */
    int64_t disk_bytes;       /* kvm-full: disk copied by block migration; 0 = shared disk */
    int transport;            /* kvm-full: 0 = TCP, 1 = chunk request/response (XIA) */
    int inter_domain;         /* kvm-full: 1 = across domains (more routers on the path) */
    sim_time_t maintenance;   /* cost-out: how long the router stays costed out */
} scn_migration_t;

typedef struct {
    sim_time_t at;
    size_t a, b;              /* VR indices of the virtual link that flaps */
    sim_time_t down_for;
} scn_event_t;

typedef struct scn scn_t;
struct scn {
    int version;
    const char *name, *path;
    uint64_t seed;
    int runs;
    sim_time_t until;
    scn_clock_t clock;
    scn_prouter_t *prouters;
    size_t n_prouters;
    scn_link_t *links;
    size_t n_links;
    scn_vrouter_t *vrouters;
    size_t n_vrouters;
    scn_vlink_t *vlinks;
    size_t n_vlinks;
    scn_migration_t *migrations;
    size_t n_migrations;
    scn_event_t *events;
    size_t n_events;
    struct scn_traffic *traffic; /* flows and data-plane settings (scenario_flows.h); NULL = none */
    struct dc_scn *datacenter;   /* servers in a three-tier datacenter (dc_scn.h); NULL = none */
    struct of_scn *openflow;     /* OpenFlow switches and controller (of_scn.h); NULL = none */
};

/* A substrate read from a topology file for a scenario's `topology:` key. Readers live above
 * models/ (topologies/ knows the formats), so the command registers one at start-up. All
 * arrays and strings are malloc'd by the reader and freed by scn_topology_free. */
typedef struct {
    char *name, *pop;
} scn_trouter_t;

typedef struct {
    size_t a, b;              /* router indices */
    double bandwidth_bps;
    sim_time_t delay;
} scn_tlink_t;

typedef struct {
    scn_trouter_t *routers;
    size_t n_routers;
    scn_tlink_t *links;
    size_t n_links;
} scn_topology_t;

/* spec: "builtin:NAME" or a path (already resolved against the scenario's directory);
 * routers_per_pop >= 1. On failure the message names the file and what is wrong. */
typedef vs_err_t (*scn_topology_reader_fn)(const char *spec, int routers_per_pop, scn_topology_t *out);
void scn_set_topology_reader(scn_topology_reader_fn fn);
void scn_topology_free(scn_topology_t *t);

/* Reads a recorded BGP update stream (an MRT file) at path (already resolved against the
 * scenario's directory): every UPDATE from `skip` into the trace on, re-timed so that the
 * trace's first record + skip is simulated time 0. *out is malloc'ed, owned by the caller.
 * The command registers it (cli/), so that models/ does not depend on traces/. */
typedef vs_err_t (*scn_updates_reader_fn)(const char *path, sim_time_t skip, scn_bgp_update_t **out,
                                          size_t *n);
void scn_set_updates_reader(scn_updates_reader_fn fn);

/* Reads and validates a scenario. *out is owned by the caller: scn_free. */
vs_err_t scn_load(const char *path, scn_t **out);
vs_err_t scn_load_string(const char *name, const char *text, scn_t **out);
void scn_free(scn_t *scn);

/* Index lookups by name; SIZE_MAX when absent. */
size_t scn_prouter_index(const scn_t *scn, const char *name);
size_t scn_vrouter_index(const scn_t *scn, const char *name);

const char *scn_rehome_name(scn_rehome_t r);
const char *scn_memcopy_name(scn_memcopy_t m);

#endif
