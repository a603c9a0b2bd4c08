/* sched_model — the placement problem: a substrate of nodes (physical routers that can host
 * virtual routers, and transport nodes that cannot) joined by links, the virtual routers (VRs)
 * with their demands and redundancy partners, and the virtual links between VRs, each routed
 * over the substrate shortest path (by latency) between its endpoints' hosts.
 *
 * Where the constraints come from: seed 001 Section 7 (platform compatibility, capabilities
 * such as ACLs, processing power / VR slots, link capacity, primary/backup redundancy) and
 * seed 000 Section 5 (latency, same-POP limits). Power: an idle router draws most of its peak
 * power (seed 001 Section 3.3, citing Chabarek et al.), so a router's draw is a large fixed
 * chassis part plus line cards plus ports plus a small load-proportional part.
 *
 * An instance is built with the sched_inst_add_* calls, then sched_inst_finalize() computes
 * candidates and all-pairs shortest paths (the project's one shortest-path service,
 * models/scenario/scn_graph.h); afterwards it is read-only for solvers (tasks may change
 * demands, `movable`, `drained` and `forced_on` between solves and call
 * sched_inst_refresh()). The instance owns everything it points to. */
#ifndef SCHED_MODEL_H
#define SCHED_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef enum {
    SCHED_SCOPE_ANY,    /* any eligible router */
    SCHED_SCOPE_POP,    /* only routers of its home POP */
    SCHED_SCOPE_REGION, /* only routers of its home POP's region */
} sched_scope_t;

typedef enum {
    SCHED_OBJ_MLU,        /* minimise the maximum link utilization */
    SCHED_OBJ_CPU,        /* minimise the maximum router CPU load */
    SCHED_OBJ_STRETCH,    /* minimise the total latency added to virtual links, ms */
    SCHED_OBJ_SURVIVE,    /* minimise redundancy pairs sharing a router, POP or link */
    SCHED_OBJ_MIGRATIONS, /* minimise the number of VRs that move */
    SCHED_OBJ_POWER,      /* minimise power cost over the interval (currency) */
    SCHED_OBJ_CPU_TOTAL,  /* minimise the sum of the routers' CPU loads (used / capacity) */
    SCHED_OBJ_COUNT
} sched_objective_t;

/* Name <-> objective ("mlu", "cpu", "stretch", "survivability", "migrations", "power",
 * "cpu-total"). */
const char *sched_objective_name(sched_objective_t o);
vs_err_t sched_objective_parse(const char *text, sched_objective_t *out);

typedef struct {
    const char *name;
    int pop;            /* index into pops; -1 none */
    bool router;        /* false: transport node, hosts no VR and draws no power here */
    int platform;       /* index into platforms: software platform (seed 001 Section 7) */
    uint32_t features;  /* capability bits (index into features) */
    int acl_capacity;   /* ACLs supported (seed 001 Section 7's example capability) */
    int vr_slots;       /* VRs it can host at most */
    double cpu;         /* CPU capacity, cores */
    double mem_mb;      /* memory for VR control planes, 10^6 bytes */
    int linecards;      /* installed line cards */
    int ports_per_card;
    /* Power: the coefficients of hwmodel's model (hw_power_coef_t, hw_profile.h). */
    double chassis_w;   /* drawn whenever powered */
    double linecard_w;  /* per powered line card */
    double port_w;      /* per used port */
    double load_w;      /* added at 100% CPU */
    double price;       /* electricity price at its location, currency per kWh */
    /* Hardware profiles (hw_profile.h names or absolute paths) plans write for the router;
     * NULL: the scenario defaults. Set by an inventory (sched_inventory.h). */
    const char *host_profile, *dp_profile;
    bool drained;       /* maintenance: must host no VR */
    bool forced_on;     /* stays powered whatever it hosts (power-plan hysteresis) */
} sched_node_t;

typedef struct {
    int a, b;          /* node indices; direction 0 is a->b */
    double cap_bps;    /* per direction */
    double lat_ms;     /* one-way latency; the shortest-path weight */
    double bg_bps[2];  /* background load not carried by VRs, per direction */
    double max_util;   /* utilization ceiling of this link; 0 = the instance's headroom */
    const char *name;
} sched_link_t;

/* A VR's routing as an inventory gives it, carried into the plan files the scheduler writes
 * (docs/scenario.md, virtual_routers). Times in ns, 0: the scenario's default. */
typedef struct {
    bool ospf, bgp;
    int64_t ospf_routes, hello_ns, dead_ns, retransmit_ns;
    int64_t bgp_routes, keepalive_ns, hold_ns;
    const int *peers;   /* BGP peers, VR indices */
    int n_peers;
    bool image_derived; /* plans let the simulator derive the image from the routes held */
} sched_routing_t;

typedef struct {
    const char *name;
    int platform;
    uint32_t features;  /* required capabilities (subset of the host's) */
    int acl_need;       /* ACLs it needs (host's capacity must be at least this) */
    double cpu, mem_mb; /* demand */
    int ports;          /* line-card ports its links use (follow it when re-homed) */
    int home;           /* current host (node index) */
    int partner;        /* redundancy partner VR, -1 none; symmetric */
    bool pop_diverse;   /* partner must not be in the same POP either */
    sched_scope_t scope;
    bool movable;       /* may the solver move it */
    const sched_routing_t *routing; /* owned by the instance's arena; NULL: no routing */
} sched_vr_t;

typedef struct {
    int a, b;           /* VR indices */
    double d_bps[2];    /* demand a->b, b->a in the current interval */
    double max_lat_ms;  /* latency bound for the path, 0 = none */
    double base_lat_ms; /* latency at the home placement (stretch is measured from it) */
} sched_vlink_t;

typedef struct {
    const char *name;
    int region;
} sched_pop_t;

typedef struct sched_inst {
    /* Built by the add calls. */
    sched_node_t *nodes;
    int n_nodes;
    sched_link_t *links;
    int n_links;
    sched_vr_t *vrs;
    int n_vrs;
    sched_vlink_t *vlinks;
    int n_vlinks;
    sched_pop_t *pops;
    int n_pops;
    const char *platforms[32];
    int n_platforms;
    const char *features[32];
    int n_features;
    const char *regions[64];
    int n_regions;

    /* Problem-wide parameters. */
    double headroom;        /* max link utilization allowed (0..1], seed 001 Section 7 "head room" */
    double hours;           /* interval length for power cost */
    double stretch_factor;  /* latency bound: factor x home latency + slack; 0 = none */
    double stretch_slack_ms;

    /* Computed by finalize/refresh. */
    int **cand;        /* per VR: candidate hosts (static eligibility), ascending */
    int *n_cand;
    int *nadj_off;     /* CSR: vlinks incident to each VR */
    int *nadj;
    float *dist;       /* n_nodes^2 latency, ms; INFINITY unreachable */
    int32_t *next;     /* n_nodes^2: directed link id (2*link+dir) of the first hop, -1 none */

    void *arena;       /* strings, routing (vs_arena_t) */
    size_t cap_nodes, cap_links, cap_vrs, cap_vlinks, cap_pops;
} sched_inst_t;

/* Defaults of the problem-wide parameters. */
#define SCHED_DEFAULT_HEADROOM 0.8
#define SCHED_DEFAULT_HOURS 1.0

/* Empty instance; *out owned by the caller (sched_inst_destroy). */
vs_err_t sched_inst_create(sched_inst_t **out);
void sched_inst_destroy(sched_inst_t *inst);

/* Interned names: returns the index (adding the name when new); VS_ERANGE when full. */
vs_err_t sched_intern_platform(sched_inst_t *inst, const char *name, int *out);
vs_err_t sched_intern_feature(sched_inst_t *inst, const char *name, int *out);
vs_err_t sched_intern_region(sched_inst_t *inst, const char *name, int *out);

/* Each copies *x (and its name); *out gets the new index. */
vs_err_t sched_inst_add_pop(sched_inst_t *inst, const char *name, int region, int *out);
vs_err_t sched_inst_add_node(sched_inst_t *inst, const sched_node_t *x, int *out);
vs_err_t sched_inst_add_link(sched_inst_t *inst, const sched_link_t *x, int *out);
vs_err_t sched_inst_add_vr(sched_inst_t *inst, const sched_vr_t *x, int *out);
vs_err_t sched_inst_add_vlink(sched_inst_t *inst, const sched_vlink_t *x, int *out);

/* Validates references, computes shortest paths (O(N (E + N) log E)), each vlink's home
 * latency and the VR candidate lists. Fails with VS_EINVAL naming the bad item. */
vs_err_t sched_inst_finalize(sched_inst_t *inst);
/* Recomputes candidate lists and latency bounds after drained/movable/scope changes. */
vs_err_t sched_inst_refresh(sched_inst_t *inst);

/* Node index by name, -1 when none. O(n). */
int sched_node_find(const sched_inst_t *inst, const char *name);
int sched_pop_find(const sched_inst_t *inst, const char *name);
int sched_vr_find(const sched_inst_t *inst, const char *name);

/* Latency of the shortest path between two nodes, ms (INFINITY when unreachable). */
static inline double sched_dist(const sched_inst_t *inst, int p, int q)
{
    return inst->dist[(size_t)p * (size_t)inst->n_nodes + (size_t)q];
}

/* Why a node is not a static candidate for a VR: NULL when it is; else a short reason
 * written into buf ("platform 'ios' differs from 'junos'"). */
const char *sched_ineligible(const sched_inst_t *inst, int v, int p, char *buf, size_t len);

#endif
