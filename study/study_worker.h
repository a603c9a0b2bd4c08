/* study_worker — the pieces a sweep's runners share (study_sweep.c on one machine,
 * study_mpi.c across ranks): a point run in a forked child that writes its result over a
 * pipe, the row made of what it wrote and how it ended, and the progress line on stderr. */
#ifndef STUDY_WORKER_H
#define STUDY_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "study_db.h"

/* Test hook (docs/sweep.md): when VROOMSIM_SWEEP_TEST_CRASH names a point's index, the worker
 * running it kills itself with SIGKILL before running it, so the tests can show a crashed
 * point recorded as such. */
#define STUDY_TEST_CRASH_ENV "VROOMSIM_SWEEP_TEST_CRASH"
#include "study_file.h"

/* A child busy with one point; the parent collects what it writes until end of file. */
typedef struct {
    pid_t pid;
    int fd;
    size_t idx;
    char *buf; /* what the child wrote: "ok\n<json>" or "failed <status>\n<message>" */
    size_t len, cap;
    double start;
} study_worker_t;

/* A point that has ended, as the database's writer sees it. */
typedef struct {
    size_t idx;
    const char *out;  /* what the child wrote ("" when nothing) */
    int wait_status;  /* waitpid's */
    long pid;         /* the child */
    int rank;         /* the MPI rank that ran it; -1 outside MPI */
    const char *host; /* the machine */
    double wall_s;
} study_done_t;

typedef struct {
    double start, last_line;
    size_t done, total, failed;
    bool tty, quiet;
} study_progress_t;

double study_now_s(void);
/* Starts point idx in a child of this process. */
vs_err_t study_worker_spawn(const study_sweep_t *sw, size_t idx, study_worker_t *w);
/* Reads what is there (one read); *eof at end of file. */
vs_err_t study_worker_drain(study_worker_t *w, bool *eof);
/* Reads to end of file, then reaps the child: *wait_status. Closes the pipe. */
vs_err_t study_worker_finish(study_worker_t *w, int *wait_status);
/* Kills and reaps the n children still running; frees their buffers. */
void study_worker_stop(study_worker_t *ws, size_t n);

/* Writes d's row into db (version: vroomsim's); *st its status. */
vs_err_t study_record(const study_sweep_t *sw, study_db_t *db, const char *version,
                      const study_done_t *d, study_status_t *st);

/* This machine's name, for the rows (static storage). */
const char *study_host(void);

/* Counts one finished point and redraws (a terminal) or prints a line a minute. */
void study_progress_point(study_progress_t *p, bool ok);
/* The last line, when anything ran. */
void study_progress_end(study_progress_t *p);
void study_progress_start(study_progress_t *p, size_t total, bool quiet);

#endif
