/* study_mpi — a sweep across machines (docs/sweep.md, "Across machines: MPI"): rank 0 is the
 * coordinator, the only writer of the database, and hands out points one at a time to the
 * ranks that ask (dynamic: a slow point holds up only its rank); every other rank runs each
 * point in a forked child (study_worker.h), so a crashing point is a `crashed` row and not
 * the end of the job. Built only when Open MPI is found (CMake); otherwise these say that
 * MPI is not compiled in. */
#ifndef STUDY_MPI_H
#define STUDY_MPI_H

#include <stdbool.h>

#include "study_db.h"
#include "study_file.h"
#include "study_sweep.h"

typedef struct {
    int rank, size;
} study_mpi_t;

/* Whether an MPI launcher started this process: mpirun/mpiexec (Open MPI's
 * OMPI_COMM_WORLD_SIZE, MPICH's PMI_SIZE) or srun under PMIx (PMIX_RANK). */
bool study_mpi_launched(void);
/* The MPI library built in ("Open MPI 4.1.4"), or NULL when MPI is not compiled in. */
const char *study_mpi_library(void);

/* MPI_Init; *m this process's rank and the world's size. VS_EDEPEND (status 3) without MPI. */
vs_err_t study_mpi_init(study_mpi_t *m);
void study_mpi_finalize(void);

/* Collective, after every rank has loaded the sweep (sw NULL where that failed) and rank 0
 * has opened the database: each rank gives its own outcome `mine`; a rank whose sweep's hash
 * differs from rank 0's fails here (the files differ between the machines). Returns the exit
 * status every rank takes (the worst); *report: this rank prints its own error (rank 0
 * always, another rank only when rank 0 had none, so one cause is printed once). */
int study_mpi_agree(const study_mpi_t *m, vs_err_t mine, const study_sweep_t *sw, bool *report);

/* The sweep: rank 0 coordinates (db its database; sum what it holds afterwards), the others
 * work (db NULL; sum->ran the points they ran). Every rank calls it. */
vs_err_t study_mpi_sweep(const study_mpi_t *m, const study_sweep_t *sw, study_db_t *db,
                         const study_opts_t *o, study_summary_t *sum);

#endif
