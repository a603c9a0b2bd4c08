/* topo_builtin — topologies addressable as builtin:NAME without a file: the testbeds of the
 * VROOM paper (diamond, dumbbell, Abilene + Chicago-2; seed 001 Section 6.1) and synthetic
 * generators for scale tests (grid:N, random:N[:SEED]). docs/topologies.md lists them;
 * topo_load("builtin:NAME") builds them. */
#ifndef TOPO_BUILTIN_H
#define TOPO_BUILTIN_H

#include <stddef.h>

#include "topo.h"

typedef struct {
    const char *name;    /* as typed after builtin: (generators show their parameters) */
    const char *summary;
} topo_builtin_info_t;

/* The built-ins, in a fixed order; *n set to the count. Static storage. */
const topo_builtin_info_t *topo_builtin_list(size_t *n);

/* Capacity of the testbed links: the Emulab PC3000 nodes' Gigabit Ethernet NICs (seed 001
 * Section 6.1). */
#define TOPO_TESTBED_CAPACITY_BPS 1e9
/* Synthetic generators: link capacity 10 Gbps (TOPO_DEFAULT_CAPACITY_BPS); random:N targets
 * the Zoo's mean node degree, 2.552 = 2 x 13,976 edges / 10,952 nodes over all 276 GraphML
 * files (counted on ../shared/data/topology-zoo). */
#define TOPO_RANDOM_MEAN_DEGREE 2.552

#endif
