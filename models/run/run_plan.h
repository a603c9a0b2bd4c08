/* run_plan — what a planner asks of a simulated plan (docs/scheduler.md, "--simulate"): per
 * migration its control-plane downtime, the OSPF adjacencies and BGP sessions at risk under
 * the VR's own timers and those lost, and the traffic lost and delayed on paths its moves
 * set; for the plan, the flows that lost or were delayed most and each substrate link's
 * peak utilisation with the migration copies. From the first run of a scenario's results. */
#ifndef RUN_PLAN_H
#define RUN_PLAN_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "run.h"

/* How many flows and links the report lists (the worst first). */
#define RUN_PLAN_TOP 20

/* Adds "simulation" (per migration) and "simulation_traffic" to root; prints a summary to
 * out when not NULL. */
vs_err_t run_plan_report(const scn_t *scn, const run_results_t *r, cJSON *root, FILE *out);

#endif
