/* study_db — the results database of a sweep (SQLite; this file is the one that talks to
 * it): a meta table with the sweep's identity, and one row per finished point, each written
 * in its own transaction in WAL mode, so a sweep killed at any moment leaves a readable
 * database holding every point finished before. Schema in docs/sweep.md. */
#ifndef STUDY_DB_H
#define STUDY_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "study_file.h"

typedef struct study_db study_db_t;

typedef enum { STUDY_LEFT, STUDY_OK, STUDY_FAILED, STUDY_CRASHED } study_status_t;

/* One finished point; strings borrowed for the call. */
typedef struct {
    size_t idx;
    study_status_t status;
    int exit_status;         /* failed: the status the point's error gives (2, 3, ...) */
    int signal;              /* crashed: the signal that ended the worker */
    const char *message;     /* failed/crashed: why, or NULL */
    const char *result;      /* ok: the result JSON, or NULL */
    const char *timing;      /* ok: the result's timing key as JSON, or NULL */
    const double *metrics;   /* sw->n_metrics values */
    const bool *metric_null; /* which of them are NULL */
    long worker;             /* the process that ran it */
    int rank;                /* the MPI rank whose child it was; -1 outside MPI */
    const char *host;        /* the machine it ran on */
    const char *version;     /* vroomsim's */
    double timing_s;         /* wall time of the point */
} study_row_t;

/* Opens path for sw, creating it when absent. With fresh, an existing database first moves
 * to PATH.old (with its WAL; an earlier PATH.old is replaced). Fails with status 2 for a
 * file that is not a vroomsim sweep database or was made by another sweep (its points or
 * metrics differ), status 3 when it cannot be written. *out: study_db_close. */
vs_err_t study_db_open(const char *path, const study_sweep_t *sw, bool fresh, study_db_t **out);
/* Opens an existing database for reading its statuses only (--status): no write. */
vs_err_t study_db_open_existing(const char *path, const study_sweep_t *sw, study_db_t **out);
void study_db_close(study_db_t *db);
/* st[i] for each of sw's points: STUDY_LEFT when the database has no row for it. */
vs_err_t study_db_statuses(study_db_t *db, size_t n_points, study_status_t *st);
/* Writes (or replaces: a retried point) row, in one transaction. */
vs_err_t study_db_put(study_db_t *db, const study_sweep_t *sw, const study_row_t *row);

/* Calls fn for each row in idx order with its status and metrics (NULL metrics flagged in
 * nulls); a failure of fn ends the walk with it. */
typedef vs_err_t (*study_row_fn)(void *ctx, size_t idx, study_status_t st, const double *metrics,
                                 const bool *nulls);
vs_err_t study_db_each(study_db_t *db, const study_sweep_t *sw, study_row_fn fn, void *ctx);
/* Every row of the points table as CSV (docs/sweep.md): the column names, then one line per
 * row in idx order, NULL as an empty field; the result and timing JSON columns left out. */
vs_err_t study_db_csv(study_db_t *db, FILE *f);

#endif
