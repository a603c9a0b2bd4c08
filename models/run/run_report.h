/* run_report — a run's results for people and as data: the JSON of docs/scenario.md
 * (schema 1) and a readable summary. A step a migration did not reach before 'until', and
 * a measure it does not fix, is null in JSON and "not reached" in the summary, never a
 * number. */
#ifndef RUN_REPORT_H
#define RUN_REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "run.h"

/* The run result's schema version (docs/scenario.md, "Results"): 2 added each migration's
 * fib.fill (the FIB fill curve); schema 1 results lack it and read otherwise the same. */
#define RUN_SCHEMA 2

/* The results as JSON: per migration, the first run's timeline and the min/mean/max of each
 * measure over all runs (null where a run lacks it). Caller owns the tree. */
cJSON *run_results_json(const scn_t *scn, const run_results_t *r);
/* A readable summary for people. */
void run_results_print(const scn_t *scn, const run_results_t *r, FILE *out);

#endif
