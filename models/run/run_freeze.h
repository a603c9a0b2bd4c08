/* run_freeze — the freeze a migration imposes, for what-if tools that need only its length
 * (`vroomsim timers --routes N --profile NAME`): a small scenario built and run. */
#ifndef RUN_FREEZE_H
#define RUN_FREEZE_H

#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

/* The control-plane downtime (t3 -> t4) of a stall-and-copy VROOM migration of a VR holding
 * `routes` routes of proto ("ospf" or "bgp") between two hosts of hardware profile `profile`
 * (a name or path) over a reserved Gigabit link; run with seed. Fails (status 2) naming a bad
 * protocol or profile. */
vs_err_t run_freeze_downtime(const char *proto, int64_t routes, const char *profile, uint64_t seed,
                             sim_time_t *downtime);

#endif
