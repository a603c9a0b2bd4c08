/* mig — migrating a virtual router: the mechanisms (a const vtable each, registered in one
 * table) and the per-migration results. The VROOM process (seed 001, Sec. 4.2) is
 * mechanism "vroom"; others plug in the same way.
 *
 * A migration's state machine (states in mig_step_t) is driven by engine events only: each
 * step schedules its own completion from the costs of the hardware it runs on. */
#ifndef MIG_H
#define MIG_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mig_costs.h"
#include "net.h"
#include "scn.h"
#include "sim.h"
#include "sim_rng.h"

struct mig_emu;

/* Virtual links a migrating VR may have: results keep one re-homing time per link, and
 * mig_check_all refuses a scenario beyond it, naming the VR. */
#define MIG_MAX_LINKS 64

/* The steps of seed 001 Fig. 4. t[k] is when step k began; t[MIG_T6] is the end. */
typedef enum {
    MIG_T0_TUNNELS,    /* t0: tunnels A<->B for every substrate interface of the VR */
    MIG_T1_IMAGE,      /* t1: router-image copy (configuration only) */
    MIG_T2_MEMORY,     /* t2: memory copy: pre-copy rounds, if any */
    MIG_T3_SUSPEND,    /* t3: control plane frozen: dump, copy, restore, bridging */
    MIG_T4_CLONE,      /* t4: control plane runs on B; data-plane cloning */
    MIG_T5_LINKS,      /* t5: new FIB complete; asynchronous link re-homing */
    MIG_T6_DONE,       /* t6: all links on B; A's data plane and tunnels removed */
    MIG_NSTEPS
} mig_step_t;

/* The FIB fill curve of a data-plane clone (mig_fib.h): after each simulated install event,
 * the entries of the new data plane (destination) and of the old one (source; 0 when it no
 * longer forwards), from the clone's start to the old data plane's removal. A clone is at
 * most MIG_FIB_EVENTS install events (consecutive batches grouped when there are more), so
 * the curve has at most MIG_FIB_POINTS points: the start, the events, the removal. */
#define MIG_FIB_EVENTS 64
#define MIG_FIB_POINTS (MIG_FIB_EVENTS + 2)
typedef struct {
    sim_time_t t[MIG_FIB_POINTS];
    int64_t new_entries[MIG_FIB_POINTS], old_entries[MIG_FIB_POINTS];
    int n;
} mig_fib_fill_t;

/* What one migration produced. Times are simulated nanoseconds. */
typedef struct {
    const char *vr, *from, *to, *mechanism, *memory;
    size_t from_idx;                  /* physical router the VR left */
    sim_time_t t[MIG_NSTEPS];
    unsigned reached;                 /* bit s set: step s began, t[s] holds when */
    sim_time_t downtime;              /* control plane frozen: t3 -> t4; -1 while not known */
    sim_time_t dump, copy, restore, bridging; /* terms of the downtime (bridging overlaps restore) */
    sim_time_t fib_update, fib_total; /* FIB repopulation: install time, and with control-plane RPC */
    mig_fib_fill_t fib_fill;          /* the clone's install events (mig_fib.h) */
    int precopy_rounds;
    int64_t image_bytes, bytes_sent, final_bytes;
    double copy_bps;                  /* effective rate of the memory copy */
    int64_t fib_entries;
    int64_t remote_updates;           /* updates the migrated control plane sent to A's FIB */
    sim_time_t remote_update_latency; /* B's control plane -> installed in A's FIB */
    /* The VR's recorded BGP update stream (bgp.updates; mig_vm_bgp_stream): UPDATE messages
     * arriving t0..t6; those the freeze held (lost, then resent by the peer's TCP backoff);
     * the prefixes B's control plane processes between t4 and t6 are installed in A's FIB too,
     * one at a time, each after the tunnel's delay. */
    int64_t upd_messages, upd_delayed, upd_delayed_prefixes, upd_remote_prefixes;
    sim_time_t upd_delay_max, upd_delay_mean, upd_remote_latency_max, upd_remote_latency_mean;
    sim_time_t link_rehome[MIG_MAX_LINKS]; /* each virtual link's switch-over time */
    size_t n_links;
    sim_time_t postcopy_degraded;     /* post-copy: resume until the last page arrived */
    int64_t postcopy_faults;
    /* routing effects */
    int hellos_lost, adjacencies_lost, sessions_lost, lsas_missed;
    int hellos_lost_max;              /* most hellos lost on one adjacency */
    sim_time_t max_staleness;         /* longest a missed LSA took to arrive */
    bool done;
    /* Filled by the mechanisms of docs/mechanisms.md (vroom leaves them 0). */
    sim_time_t data_downtime;         /* data plane not forwarding (longest gap) */
    int64_t packets_offered, packets_lost; /* data packets of the migration's data_rate */
    sim_time_t delay_increase;        /* largest extra one-way delay a data packet saw */
    int config_changes;               /* configuration commands/rules/flow-mods the move needed */
    int64_t control_buffered;         /* routing messages held and delivered after the downtime */
    int routes_added;                 /* nat-switching: routes installed */
    sim_time_t transient[2][2];       /* [from, to) windows of routing transients that drop
                                         packets (cost-out: FIBs of the ends disagree) */
    /* Emulation (mig_emulate.h): data-plane cloning really installed on the destination's
     * backend. emu_wall_ns is wall-clock (JSON "timing" only); the rest is deterministic. */
    const char *emu_backend;          /* "kernel" or "netfpga"; NULL when not emulated */
    int64_t emu_installed, emu_failed; /* routes the backend holds after the clone; refused */
    sim_time_t emu_modelled_ns;       /* netfpga: the register writes' modelled time */
    int64_t emu_wall_ns;              /* wall-clock time of the clone */
} mig_result_t;

/* Static checks of every migration of scn against the substrate, in start-time order (the
 * destination has a free VR slot, memory for the image and room in its FIB, a path exists,
 * the mechanism applies), filling costs[k] for migration k (n_migrations entries,
 * caller-owned). Fails (status 2) naming the migration and what is missing. */
vs_err_t mig_check_all(const scn_t *scn, mig_costs_t *costs);

/* A run's migrations on net, each started at its time: results[k] (n_migrations entries,
 * caller-owned) is filled as migration k runs. costs from mig_check_all; emu (mig_emulate.h)
 * may be NULL. *out owned by the caller. */
typedef struct mig_set mig_set_t;
vs_err_t mig_set_create(sim_t *sim, net_t *net, const scn_t *scn, const mig_costs_t *costs,
                        struct mig_emu *emu, mig_result_t *results, mig_set_t **out);
/* VS_OK, or why the run stopped early: a migration began while another of the same VR was
 * still running (status 2, naming both). */
vs_err_t mig_set_error(const mig_set_t *set);
void mig_set_destroy(mig_set_t *set);

/* A result's control-plane downtime and total migration time in seconds, or NAN when the
 * run does not have it: still frozen at 'until' (downtime), not finished (total). A
 * placeholder is never a number. */
static inline double mig_result_downtime_s(const mig_result_t *m)
{
    return m->downtime >= 0 ? sim_to_s(m->downtime) : NAN;
}
static inline double mig_result_total_s(const mig_result_t *m)
{
    return m->done ? sim_to_s(m->t[MIG_T6_DONE] - m->t[MIG_T0_TUNNELS]) : NAN;
}

/* Names of the registered mechanisms, NULL-terminated (static storage). */
const char *const *mig_mechanism_names(void);

#endif
