/* study_run — one point of a sweep run as its base's command runs it with --json: `run` for a
 * scenario (scn_derive, run_scenario, run_results_json), `plan power`, `plan te`,
 * `plan maintenance` and `timers` through their library entry points (sched_power.h,
 * sched_maint.h, run_timers.h); and the metrics read back from the result. */
#ifndef STUDY_RUN_H
#define STUDY_RUN_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "study_file.h"

/* Runs point i of sw: the base with each axis set to the point's value, under its seed.
 * *json: the result JSON (schema 1, compact), malloc'd, the caller frees. On failure the
 * message is vs_errmsg()'s. */
vs_err_t study_run_point(const study_sweep_t *sw, size_t i, char **json);

/* The number at path in root ("migrations[0].downtime.total_s": keys split by '.', list items
 * by [index]); *is_null when the result has null there (a step not reached), or no such key,
 * or a value that is not a number. */
void study_metric_get(const cJSON *root, const char *path, double *out, bool *is_null);

#endif
