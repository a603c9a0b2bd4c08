/* scenario_internal — what the loader (scenario.c) shares with scn_set.c: a scenario's
 * source, and loading from a document that scn_derive has edited. Not for outside
 * models/scenario. */
#ifndef SCENARIO_INTERNAL_H
#define SCENARIO_INTERNAL_H

#include <stddef.h>

#include "scn.h"
#include "vs_yaml.h"

/* What a scenario was read from; all owned by the scenario's arena. */
typedef struct {
    const char *name;          /* the file's path, as messages name it */
    const char *text;          /* its text (NUL-terminated) */
    size_t len;
    const char *const *sets;   /* the PATH=VALUE settings applied to it, in order */
    size_t n_sets;
} scn__source_t;

const scn__source_t *scn__source(const scn_t *scn);

/* file, a path written in scenario s, resolved against the scenario's folder. */
void scn__resolve_path(const scn_t *s, const char *file, char *out, size_t len);

/* Loads and validates doc (taken over: freed here, success or not) as a scenario that
 * remembers doc's text and sets (copied) as its source. *out: scn_free. */
vs_err_t scn__load_doc(vs_ydoc_t *doc, const char *const *sets, size_t n_sets, const scn_t **out);

#endif
