/* sched_migest — how long a planned migration takes, estimated from the migration model the
 * simulator runs (models/migration/mig_vroom.c) with the same hardware costs (hwmodel's pure
 * cost helpers, each at its mean), without simulating: so that the waves of a plan that is
 * not simulated do not overlap, and --simulate's re-timing is a small correction.
 *
 * The steps, as a plan file runs them (VROOM, stall-and-copy memory, links re-homed
 * optically): t0 one tunnel per virtual link (source host's tunnel_setup), t1 the router
 * image (the checkpoint tool's config_bytes) copied, t3 dump of the memory image on the
 * source, its copy, restore and interface binding on the destination (hw_ckpt_resume_ns),
 * t4 the destination's FIB filled with the VR's routes (hw_fib_repopulate_ns), t5 the links
 * re-homed at once (the expected slowest of n uniform draws). Copies run at the smaller of
 * the reserved bandwidth and the copy tool's ceiling, plus the path's one-way delay. The
 * image is the VR's memory, or derived from its routes (openvz-vr's curve) when its routing
 * says so; the FIB holds its OSPF and BGP routes. */
#ifndef SCHED_MIGEST_H
#define SCHED_MIGEST_H

#include "sched_model.h"

typedef struct sched_migest sched_migest_t;

/* Loads the host and data-plane profiles inst's routers name (sched_node_t host_profile,
 * dp_profile; the scenario's defaults otherwise) and the image curve. Fails (status 2, or
 * 3 when a shipped profile is missing) naming the profile. *out owned by the caller. */
vs_err_t sched_migest_create(const sched_inst_t *inst, sched_migest_t **out);
void sched_migest_destroy(sched_migest_t *e);

/* Seconds the migration of VR v from router `from` to router `to` takes with its copies
 * reserved bps. O(virtual links of v + image curve points). */
double sched_migest_s(const sched_migest_t *e, int v, int from, int to, double bps);

/* The VR's memory image, bytes, as the simulator would take it. */
int64_t sched_migest_image_bytes(const sched_migest_t *e, int v);

#endif
