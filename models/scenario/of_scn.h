/* of_scn — the `openflow:` section of a scenario (docs/mechanisms.md, openflow): which
 * physical routers are OpenFlow switches, where the controller runs, how many flows cross
 * the migrating VR and, optionally, what a flow modification costs. Parsed into the scenario's
 * arena. */
#ifndef OF_SCN_H
#define OF_SCN_H

#include <stdbool.h>
#include <stddef.h>

#include "sim_time.h"
#include "vs_error.h"

struct scn;
struct vs_ydoc;
struct vs_ynode;
struct vs_arena;

typedef struct of_scn {
    size_t controller;          /* physical router index of the controller */
    const bool *is_switch;      /* per physical router */
    int flows;                  /* flows crossing the migrating VR, both directions */
    /* Overrides of profile nox-openflow's costs (hwmodel/profiles); -1: the profile's. */
    sim_time_t flow_mod_send;   /* controller: building and sending one flow-mod */
    sim_time_t flow_mod_apply;  /* switch: applying one flow-mod to its table */
    bool barriers;              /* wait for barrier replies between the phases (default) */
} of_scn_t;

vs_err_t of__load(struct vs_ydoc *doc, const struct vs_ynode *root, struct vs_arena *arena, struct scn *s);

#endif
