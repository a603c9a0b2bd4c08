/* study_sweep — a sweep run to completion: the points its database lacks, each in a forked
 * worker process (so a point that crashes is recorded as crashed and the sweep goes on),
 * at most `jobs` at a time; the workers send their result back as JSON text over a pipe and
 * this process alone writes the database. Progress on stderr. */
#ifndef STUDY_SWEEP_H
#define STUDY_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "study_db.h"
#include "study_file.h"

typedef struct {
    int jobs;            /* workers at a time, >= 1 */
    bool retry_failed;   /* run failed and crashed points again */
    bool quiet;          /* no progress */
    const char *version; /* vroomsim's, for the rows */
} study_opts_t;

/* What the database holds after the sweep, and what this call did. */
typedef struct {
    size_t points, ok, failed, crashed, left; /* over the whole sweep */
    size_t ran;                               /* points run by this call */
    double wall_s;
} study_summary_t;

/* Runs sw's points that db lacks (and, with retry_failed, those that failed or crashed).
 * Fails only when the database cannot be written; a point's failure is a row. Cost: one
 * fork and one run per point. */
vs_err_t study_sweep_run(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o,
                         study_summary_t *sum);
/* Whether a point in status st runs under o: those left, and with retry_failed those that
 * failed or crashed. */
bool study_wanted(const study_opts_t *o, study_status_t st);
/* The counts of db's rows for sw, without running anything (--status). */
vs_err_t study_sweep_count(const study_sweep_t *sw, study_db_t *db, study_summary_t *sum);

#endif
