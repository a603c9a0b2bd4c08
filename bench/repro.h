/* repro — the papers' figures as reproduction targets (../shared/REPRODUCE.md). Each target
 * runs its scenario through the models and fills cells: paper value, simulated value,
 * tolerance and verdict. Targets not implemented yet are listed with status
 * "not-implemented". */
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

/* All targets of REPRODUCE.md, in its order, ended by a zeroed entry. */
extern const repro_target_t repro_targets[];
const repro_target_t *repro_find(const char *id);

/* A numeric cell. */
vs_err_t repro_cell(repro_result_t *r, const char *name, double paper, double simulated,
                    const char *tolerance, bool ok);
/* A cell whose paper value is a statement rather than a number. */
vs_err_t repro_cell_text(repro_result_t *r, const char *name, const char *paper, double simulated,
                         const char *tolerance, bool ok);

/* Runs the given targets (all implemented ones when ids is empty) and builds the JSON of
 * REPRODUCE.md. *all_ok is true only when every selected target is "ok" (an explicitly named
 * target that is not implemented makes it false). Caller owns *out (cJSON_Delete). */
/* progress (may be NULL) is called before each target: its id, index and the count. */
typedef void (*repro_progress_fn)(const char *id, int index, int count);
vs_err_t repro_run(const char *const *ids, int n_ids, uint64_t seed, repro_progress_fn progress,
                   cJSON **out, bool *all_ok);

#endif
