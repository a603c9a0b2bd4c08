/* emu — a VROOM migration emulated with real systems, beside the simulator's prediction of
 * the same scenario (docs/emulation.md).
 *
 * Each physical router is a network namespace whose kernel FIB forwards the data; each
 * virtual router's control plane is FRR (zebra, ospfd) in a namespace of its own, attached
 * to its host by veth pairs; the data-plane hypervisor (emu_mirror.h) mirrors zebra's
 * routes into the host's FIB through the project's kernel backend. The migration follows
 * seed 001 Sec. 4.2: tunnels A<->B, the control plane frozen (SIGSTOP) for the simulator's
 * predicted downtime while its attachments move to B, B's FIB cloned from the RIB while A's
 * keeps forwarding (and is updated remotely), then every data link re-homed by moving its
 * veth end from A's namespace into B's, and A's data plane removed. UDP probes every
 * millisecond cross the moving router meanwhile.
 *
 * Nothing of the machine's own namespace is touched; every namespace, link and process the
 * run creates is removed on success, on error and after SIGINT/SIGTERM. */
#ifndef EMU_H
#define EMU_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "emu_probe.h"
#include "run.h"

#define EMU_MAX_ROUTERS 16 /* physical and virtual routers alike */
#define EMU_MAX_IFS 8      /* interfaces of one virtual router */
#define EMU_MAX_ROUTES 65536 /* routes one virtual router may hold */

typedef struct {
    int64_t interval_ns; /* probe interval (default 1 ms) */
    int64_t settle_ns;   /* traffic before the move and after it (default 1 s) */
    int64_t link_gap_ns; /* wait after each re-homed link (default 200 ms) */
    const char *probes_csv; /* write every probe's times here (emu_probe_csv); NULL: none */
    const char *sysctls;  /* "KEY=VALUE ..." set in every namespace after the defaults, or NULL */
    const char *keep_dir; /* keep the daemons' logs and configurations here; NULL: removed */
} emu_opts_t;

typedef struct {
    const char *peer;    /* the VR at the link's other end, or "(source)"/"(sink)" for a stub */
    int vlink;           /* the scenario's virtual link, -1 for a stub network */
    int64_t at_ns;       /* when it began, from t0 */
    int64_t move_ns;     /* moving the veth end and attaching it at B */
    emu_probe_stats_t after; /* probes sent during the move and the gap after it */
} emu_link_result_t;

/* What the emulation measured (wall-clock) and what the simulator predicted. */
typedef struct {
    run_results_t *sim;              /* the simulator's run of the same scenario */
    const mig_result_t *predicted;   /* its migration (inside sim) */
    char frr_version[64], kernel[64];
    int64_t interval_ns;             /* the probes' */
    int64_t setup_ns, converge_ns;   /* namespaces and daemons; OSPF to converge */
    int64_t t[MIG_NSTEPS];           /* when each step began, from t0 */
    int64_t freeze_ns;               /* SIGSTOP to SIGCONT as timed */
    int64_t attach_ns;               /* moving the control plane's attachments to B */
    int64_t fill_ns;                 /* B's FIB cloned from the RIB */
    size_t rib_routes, fill_failed;  /* routes cloned; refused by B's kernel */
    size_t mirrored_a, remote_updates; /* route changes mirrored into A's FIB / forwarded */
    int64_t remote_update_ns;        /* a route announced at t5 reached B's FIB (-1: never) */
    bool remote_in_a;                /* ... and A's, through the remote control plane */
    int64_t remove_ns;               /* A's data plane removed */
    size_t removed_routes;
    emu_link_result_t link[EMU_MAX_IFS];
    int n_links;
    emu_probe_stats_t before, during, after; /* t0 - settle..t0, t0..t6, t6..t6 + settle */
    emu_probe_stats_t unmoved;       /* t0..t5: the freeze and the cloning, no link moving */
    int adjacencies, full_after;     /* adjacencies expected; Full when the run ended */
    int adjacency_drops;             /* adjacencies that left Full during the run (logs) */
} emu_result_t;

/* Can scn be emulated? VS_OK, else status 2 naming why (more than EMU_MAX_ROUTERS routers,
 * not exactly one vroom migration, a VR without OSPF or with BGP, OSPF intervals FRR cannot
 * take, a migrating VR with fewer than two virtual links, too many routes). */
vs_err_t emu_check(const scn_t *scn);
/* VS_OK when this machine can emulate (root, network namespaces, ip, FRR), else status 3. */
vs_err_t emu_check_env(void);

/* Runs the simulator on scn, then the emulation. *out owned by the caller: emu_result_free. */
vs_err_t emu_run(const scn_t *scn, const emu_opts_t *o, emu_result_t **out);
void emu_result_free(emu_result_t *r);

/* The result as JSON: simulated and measured side by side (docs/emulation.md). */
cJSON *emu_result_json(const scn_t *scn, const emu_result_t *r);
void emu_result_print(const scn_t *scn, const emu_result_t *r, FILE *out);

#endif
