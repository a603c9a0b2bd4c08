/* repro — what a reproduction target (../shared/REPRODUCE.md) is and the cells it fills:
 * paper value, simulated value, tolerance and verdict. The targets are registered and run
 * by repro_run.h. */
#ifndef REPRO_H
#define REPRO_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "vs_error.h"

typedef struct {
    cJSON *cells; /* array owned by the caller of run */
    bool ok;      /* false once any cell fails */
} repro_result_t;

typedef struct {
    const char *id;
    const char *kind; /* calibration, prediction, "calibration + prediction" */
    const char *what;
    /* NULL while not implemented. Fills r via repro_cell*; returns an error only when the
     * target could not run at all. */
    vs_err_t (*run)(uint64_t seed, repro_result_t *r);
} repro_target_t;

/* A shipped example scenario (examples/NAME), as the command finds it. *out: scn_free. */
struct scn;
vs_err_t repro_load_example(const char *name, const struct scn **out);
/* Is sim within a relative tolerance rel of the paper's value? */
bool repro_within(double sim, double paper, double rel);

/* A numeric cell. */
vs_err_t repro_cell(repro_result_t *r, const char *name, double paper, double simulated,
                    const char *tolerance, bool ok);
/* A cell whose paper value is a statement rather than a number. */
vs_err_t repro_cell_text(repro_result_t *r, const char *name, const char *paper, double simulated,
                         const char *tolerance, bool ok);

#endif
