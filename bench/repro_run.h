/* repro_run — the papers' figures as reproduction targets (../shared/REPRODUCE.md), in one
 * table, and the runner: each target runs its scenario through the models and fills cells;
 * targets not implemented yet are listed with status "not-implemented". */
#ifndef REPRO_RUN_H
#define REPRO_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "repro.h"

/* All targets of REPRODUCE.md, in its order, ended by a zeroed entry. */
extern const repro_target_t repro_targets[];
const repro_target_t *repro_find(const char *id);

/* Runs the given targets (all implemented ones when ids is empty) and builds the JSON of
 * REPRODUCE.md. A target that cannot run gets status "error" with its message, and the
 * others still run. *all_ok is true only when every selected target is "ok" (an explicitly
 * named target that is not implemented makes it false). Caller owns *out (cJSON_Delete). */
/* progress (may be NULL) is called before each target: its id, index and the count. */
typedef void (*repro_progress_fn)(const char *id, int index, int count);
vs_err_t repro_run(const char *const *ids, int n_ids, uint64_t seed, repro_progress_fn progress,
                   cJSON **out, bool *all_ok);

#endif
