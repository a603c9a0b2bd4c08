/* sched_gen — reproducible synthetic placement instances for tests and `bench sched`: POPs
 * scattered over a continent-sized plane, joined in a ring plus nearest-neighbour chords,
 * one transport node per POP (VROOM's link re-homing happens at the POP's transport layer,
 * seed 001 Section 4), routers attached to it, VRs homed on the routers with redundancy
 * partners and virtual links to other POPs. Same seed and sizes give the same instance. */
#ifndef SCHED_GEN_H
#define SCHED_GEN_H

#include <stdint.h>

#include "sched_model.h"

typedef struct {
    uint64_t seed;
    int routers;      /* physical routers */
    int vrs;          /* virtual routers (at most routers x vr_slots) */
    int pops;         /* 0: routers / 10, at least 4 (at most routers / 2, at least 2) */
    double load;      /* target mean fraction of router CPU used at home, (0, 1) */
    /* Instances where the objective binds (bench sched --kind): */
    bool tight_links; /* every loaded link exactly at 50% at home (no capacity steps), so
                         that moving any traffic onto a link raises the MLU */
    bool even_cpu;    /* VR CPU demands scaled so that every router with a VR uses exactly
                         `load` of its CPU at home, so that draining raises the max CPU */
} sched_gen_config_t;

#define SCHED_GEN_DEFAULT_LOAD 0.45

/* Builds and finalizes the instance; every VR movable=false (the task decides). *out owned
 * by the caller. */
vs_err_t sched_gen(const sched_gen_config_t *cfg, sched_inst_t **out);

#endif
