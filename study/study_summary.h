/* study_summary — a sweep's rows summed up per group (docs/sweep.md, "Summaries"): the
 * points are grouped by the values of some axes (and the seed), and for each group and
 * metric this gives n, mean, standard deviation, a 95% confidence interval of the mean
 * (Student's t) and min and max over the `ok` rows that have the metric. Printed as a table,
 * CSV or JSON. */
#ifndef STUDY_SUMMARY_H
#define STUDY_SUMMARY_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "sim_stats.h"
#include "study_db.h"
#include "study_file.h"

/* --by's name for the seed, which groups like an axis. */
#define STUDY_BY_SEED "seed"

typedef struct {
    size_t points, ok, failed, crashed; /* the sweep's points in the group; the rows' statuses */
    sim_tally_t *metrics;               /* per metric, over the ok rows that have it */
} study_group_t;

typedef struct {
    size_t *by;  /* per --by: an axis index, or sw->n_axes for the seed */
    size_t n_by;
    study_group_t *groups; /* the groups, in the order of their values (first --by slowest) */
    size_t n_groups;
} study_summary_table_t;

/* Groups sw's points by the axes named in by (an axis's path, or the last key of its path
 * when that names one axis alone, or "seed"; none: one group of all) and sums up db's rows.
 * An unknown or repeated name is VS_EUSAGE naming it and listing the axes. *out:
 * study_summary_free. Cost: one pass over the rows. */
vs_err_t study_summarize(const study_sweep_t *sw, study_db_t *db, const char *const *by,
                         size_t n_by, study_summary_table_t **out);
void study_summary_free(study_summary_table_t *t);

/* Outputs. Groups without points (possible under zip) are left out; statistics a group cannot
 * have (sd and the interval below 2 values, anything at 0) are "-", empty fields, null. */
void study_summary_print(const study_sweep_t *sw, const study_summary_table_t *t, FILE *f);
void study_summary_csv(const study_sweep_t *sw, const study_summary_table_t *t, FILE *f);
cJSON *study_summary_json(const study_sweep_t *sw, const study_summary_table_t *t);

#endif
