/* scn — a scenario's validated, immutable configuration (what scenario.h's loader makes):
 * the substrate (physical routers and links), the virtual routers and their virtual links,
 * the migrations to run and the network events around them. Cross references (a VR's host,
 * a link's ends, a migration's VR and destination) are indices. Models read it; only the
 * loader writes it: every array is reached through a pointer to const, so a write from
 * outside models/scenario does not compile. A variant (other values, other migrations) is
 * derived from the scenario's text with scn_derive (scn_set.h), which checks it as a file. */
#ifndef SCN_H
#define SCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

#define SCN_FORMAT_VERSION 1

/* Where something was written in the scenario file, for messages found after loading (a
 * migration the substrate cannot carry, an unknown profile); line 0 when it came from a
 * --set or a default and has no place in the text. */
typedef struct {
    int line, col;
} scn_pos_t;

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
    scn_pos_t at_host, at_fib; /* where host and data_plane were given (else the router) */
    sim_time_t mtbf, mttr;    /* random failures: mean time between them and to repair; 0 = none */
} scn_prouter_t;

enum { SCN_EMU_NONE, SCN_EMU_KERNEL, SCN_EMU_NETFPGA };

typedef struct {
    size_t a, b;              /* physical router indices */
    double bandwidth_bps;
    sim_time_t delay;         /* one-way propagation delay */
    double migration_bps;     /* bandwidth reserved for migration traffic; 0 = shares the link */
    double load_bps;          /* background data traffic on the link (for shared migrations) */
    int line;                 /* where it was written, for messages */
    sim_time_t mtbf, mttr;    /* random failures: mean time between them and to repair; 0 = none */
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
    const size_t *bgp_peers;        /* VR indices of iBGP peers */
    size_t n_bgp_peers;
    const char *bgp_updates_path;       /* bgp.updates: a recorded update stream, or NULL */
    const scn_bgp_update_t *bgp_updates; /* its messages in time order (scenario's arena) */
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
    scn_pos_t pos;            /* the migration's mapping in the file */
} scn_migration_t;

typedef enum {
    SCN_EV_LINK_FLAP,   /* a virtual link goes down for down_for */
    SCN_EV_ROUTER_DOWN, /* a physical router fails: its VRs' control and data planes stop */
    SCN_EV_LINK_DOWN,   /* a substrate link fails */
} scn_event_kind_t;

typedef struct {
    scn_event_kind_t kind;
    sim_time_t at;
    size_t a, b;              /* link_flap: VR indices of the virtual link that flaps */
    size_t elem;              /* router_down: physical router; link_down: substrate link */
    sim_time_t down_for;      /* how long it stays down; SIM_TIME_MAX: for good */
    scn_pos_t pos;            /* the event's mapping in the file */
} scn_event_t;

typedef struct scn scn_t;
struct scn {
    int version;
    const char *name, *path;
    uint64_t seed;
    int runs;
    sim_time_t until;
    scn_clock_t clock;
    const scn_prouter_t *prouters;
    size_t n_prouters;
    const scn_link_t *links;
    size_t n_links;
    const scn_vrouter_t *vrouters;
    size_t n_vrouters;
    const scn_vlink_t *vlinks;
    size_t n_vlinks;
    const scn_migration_t *migrations;
    size_t n_migrations;
    const scn_event_t *events;
    size_t n_events;
    const struct scn_traffic *traffic; /* flows and data-plane settings (scenario_flows.h); NULL = none */
    const struct dc_scn *datacenter;   /* servers in a three-tier datacenter (dc_scn.h); NULL = none */
    const struct of_scn *openflow;     /* OpenFlow switches and controller (of_scn.h); NULL = none */
};

/* Does anything in the scenario fail or flap: events, or routers and links with an MTBF? */
bool scn_has_failures(const scn_t *scn);

/* Index lookups by name; SIZE_MAX when absent. O(n). */
size_t scn_prouter_index(const scn_t *scn, const char *name);
size_t scn_vrouter_index(const scn_t *scn, const char *name);

/* "file:line:col" for pos (just "file" when it has no place in the text), into buf. */
const char *scn_where(const scn_t *scn, scn_pos_t pos, char *buf, size_t len);

const char *scn_rehome_name(scn_rehome_t r);
const char *scn_memcopy_name(scn_memcopy_t m);

/* The migration mechanisms a scenario may name, NULL-terminated (static storage). Each has
 * its entry in models/migration/mig_registry.c, in this order (test_mechanisms checks). */
const char *const *scn_mechanism_names(void);

#endif
