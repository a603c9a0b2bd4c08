/* emu_frr — a virtual router's control plane as real routing software: FRR's zebra and
 * ospfd (Debian package frr, 8.x) in the control plane's namespace, configured from the
 * scenario, started without the frr service (each daemon with its own configuration file,
 * PID file, zserv socket and vty directory under the run's work directory, dropping to the
 * user frr as FRR does), and asked through vtysh and its log how its adjacencies are. */
#ifndef EMU_FRR_H
#define EMU_FRR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "vs_error.h"

typedef struct {
    const char *ifname;   /* the control plane's interface */
    bool passive;         /* announced, no adjacency (a stub network) */
} emu_frr_if_t;

typedef struct {
    const char *name;     /* hostname */
    const char *dir;      /* work directory of this control plane (exists) */
    uint32_t router_id;   /* network byte order */
    int hello_s, dead_s;  /* OSPF intervals, whole seconds (FRR's unit) */
    const emu_frr_if_t *ifs;
    int n_ifs;
    bool redistribute_kernel; /* announce the namespace's kernel routes as external LSAs */
} emu_frr_conf_t;

/* Where FRR's daemons are: $VS_FRR_DIR or /usr/lib/frr. */
const char *emu_frr_dir(void);
/* VS_OK when zebra, ospfd, vtysh and the user frr are there; else VS_EDEPEND saying what is
 * missing. */
vs_err_t emu_frr_check(void);

/* Writes zebra.conf and ospfd.conf into c->dir. */
vs_err_t emu_frr_write(const emu_frr_conf_t *c);
/* Starts zebra, waits (up to 5 s) for its zserv socket, then ospfd; pids[0], pids[1]. On
 * failure the daemons already started are in pids (the caller stops them). */
vs_err_t emu_frr_start(const char *ns, const char *dir, pid_t pids[2]);
/* Neighbours ospfd reports in state Full (vtysh), or -1 when it does not answer. */
int emu_frr_full(const char *dir);
/* How many times ospfd logged an adjacency leaving Full (log-adjacency-changes detail). */
int emu_frr_drops(const char *dir);

#endif
