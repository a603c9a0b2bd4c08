/* study_bench — `vroomsim bench sweep` (docs/sweep.md, "Speed"): what a sweep costs beyond its
 * runs, and what more cores and MPI buy. N points of a small scenario (examples/diamond-sd.yaml,
 * one point per seed) run four ways: in this process one after another (the runs alone), as a
 * sweep with --jobs 1, with --jobs 2, and under mpirun -np 3 (one coordinator, two workers)
 * when MPI is compiled in and mpirun is on the PATH. Wall-clock figures: for people, never
 * asserted by tests. */
#ifndef STUDY_BENCH_H
#define STUDY_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "vs_error.h"

typedef struct {
    size_t points; /* >= 1 */
    bool mpi;      /* try mpirun */
} study_bench_config_t;

typedef struct {
    size_t points;
    char scenario[4096];
    double alone_s, jobs1_s, jobs2_s; /* wall times */
    double alone_cpu_s, jobs1_cpu_s;  /* CPU time, this process and its children */
    double mpi3_s;                    /* < 0: not run (mpi_note says why) */
    char mpi_note[160];
} study_bench_result_t;

/* Runs the benchmark in a temporary folder (removed after). Fails when the scenario is not
 * found (status 3), a sweep cannot write its database, or mpirun's sweep fails. */
vs_err_t study_bench_run(const study_bench_config_t *c, study_bench_result_t *r);

#endif
