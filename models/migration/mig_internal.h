/* mig_internal — what mechanisms share inside models/: the running migration and the
 * mechanism vtable. Not for other folders. */
#ifndef MIG_INTERNAL_H
#define MIG_INTERNAL_H

#include "mig.h"
#include "mig_costs.h"
#include "net.h"
#include "scn.h"

typedef struct mig mig_t;

/* A migration mechanism.
 *   profile, section  (optional) the hardware profile (hwmodel/profiles) and its section
 *          holding the mechanism's own parameters, read before any run into m->c
 *          (mig_costs_software), so they change without recompiling.
 *   check  (optional) before any run: can this mechanism apply to this migration on this
 *          substrate? Fails (status 2) naming the mechanism and what it needs.
 *   start  at the migration's start time; drives the rest by scheduling events, fills m->res
 *          as it goes and sets res->done at the end. */
typedef struct {
    const char *name;
    const char *summary; /* one line for --help and docs */
    const char *profile, *section;
    vs_err_t (*check)(const scn_t *scn, const scn_migration_t *g);
    void (*start)(mig_t *m);
} mig_mechanism_t;

/* The registry (mig_registry.c), NULL-terminated. */
extern const mig_mechanism_t *const mig_mechanisms[];
const mig_mechanism_t *mig_find(const char *name);

/* A data-plane clone in progress (mig_fib.c). */
typedef struct {
    int64_t routes, batch_size, batches;
    int64_t events, next;  /* install events in all, the next one's index */
    sim_time_t per_route;  /* install (+ TCAM write) + the RPC when it goes through one */
    sim_time_t batch_overhead, setup, extra, start;
    int64_t old_entries;   /* what the old data plane holds meanwhile */
    sim_fn then;
} mig_clone_t;

struct mig {
    sim_t *sim;
    net_t *net;
    const scn_t *scn;
    const scn_migration_t *cfg;
    const scn_vrouter_t *vr;
    const mig_mechanism_t *mech;
    mig_costs_t c;
    sim_rng_t rng;
    mig_result_t *res;
    size_t n_ifaces;       /* substrate interfaces of the VR: one per virtual link */
    size_t vlink_idx[MIG_MAX_LINKS]; /* the VR's virtual links (indices into scn->vlinks) */
    size_t links_pending;
    int64_t round_bytes;   /* pre-copy: bytes of the current round */
    sim_time_t round_start, copy_start;
    sim_fn resumed;        /* mig_vm_stop_and_copy: what runs when the VR runs on B */
    sim_fn rehomed;        /* mig_vm_rehome_links: what runs when the last link is on B */
    struct mig_emu *emu;   /* real backends under emulated routers (mig_emulate.h), or NULL */
    struct mig_set *set;   /* the run's migrations (mig.h) */
    bool begun;            /* its start time has come */
    mig_clone_t clone;
};

#endif
