/* topo_scn — topology files as scenario substrates: the reader that a scenario's `topology:`
 * key calls (models/scenario/scenario.h). Register it once at start-up:
 *     scn_set_topology_reader(topo_scn_reader); */
#ifndef TOPO_SCN_H
#define TOPO_SCN_H

#include "scenario.h"

/* Loads spec (topo_load), expands every POP to routers_per_pop routers (topo_pops_create)
 * and returns the physical routers with their POPs and every link. */
vs_err_t topo_scn_reader(const char *spec, int routers_per_pop, scn_topology_t *out);

#endif
