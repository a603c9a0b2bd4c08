/* scn_set — variants of a scenario, by key paths as a user writes them:
 *
 *   virtual_routers[vr5].ospf.hello=1s     links[chicago-1,chicago-2].delay=2ms
 *   migrations[0].memory=pre-copy          migrations=[]
 *   events=[{at: 2s, link_flap: [vr2, vr3]}]
 *
 * The one way to change a loaded scenario (scn_t is read-only): each PATH=VALUE is applied to
 * the scenario's YAML tree, VALUE read as YAML, and the loader reads the result, so a variant
 * is checked exactly as a file is. The syntax is in docs/scenario.md ("Variants: PATH=VALUE"). */
#ifndef SCN_SET_H
#define SCN_SET_H

#include <stddef.h>

#include "scn.h"
#include "vs_error.h"

/* A new scenario: base's source with base's own settings, then sets[0..n_sets) in order (each
 * "PATH=VALUE"; VALUE ~ or null removes the key, so its default applies, or the list item).
 * Errors (status 2) name the setting: "--set PATH=VALUE: no virtual router named 'vr9' (have:
 * vr1, ...)"; a check of the whole that fails at a value of the file names the file's line
 * and the settings. base is not changed and may be freed before *out. *out: scn_free.
 * Cost: reading the scenario again (its text is kept). */
vs_err_t scn_derive(const scn_t *base, const char *const *sets, size_t n_sets, const scn_t **out);

#endif
