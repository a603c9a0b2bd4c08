/* cli_scn — a scenario as the commands load it: the file, then the variant its --set
 * PATH=VALUE options derive (scn_set.h, docs/scenario.md "Variants"). */
#ifndef CLI_SCN_H
#define CLI_SCN_H

#include <stddef.h>

#include "scn.h"
#include "vs_error.h"

/* More than anyone types; each is a pointer into argv. */
#define CLI_MAX_SETS 64

typedef struct {
    const char *items[CLI_MAX_SETS]; /* in the order given */
    size_t n;
} cli_sets_t;

/* Adds one --set argument (kept as a pointer: argv outlives the command). Fails with
 * VS_EUSAGE past CLI_MAX_SETS. */
vs_err_t cli_sets_add(cli_sets_t *sets, const char *arg);
/* Loads path and, when sets has any, derives the variant (errors name the setting, status
 * 2). sets may be NULL. *out: scn_free. */
vs_err_t cli_scn_load(const char *path, const cli_sets_t *sets, const scn_t **out);

#endif
