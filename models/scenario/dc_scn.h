/* dc_scn — the `datacenter:` section of a scenario (docs/mechanisms.md, nat-switching): the
 * scenario's physical routers that are servers, each in a rack of a three-tier datacenter
 * (seed 004 Fig. 1) built by dc_build. Parsed into the scenario's arena. */
#ifndef DC_SCN_H
#define DC_SCN_H

#include <stddef.h>

#include "vs_error.h"

struct scn;
struct vs_ydoc;
struct vs_ynode;
struct vs_arena;

typedef struct dc_scn {
    int n_agg, racks_per_agg;
    const int *rack; /* per physical router: its rack, or -1 when it is not a server */
} dc_scn_t;

/* Reads root's `datacenter:` (absent: s->datacenter stays NULL). Errors name file:line:col. */
vs_err_t dc__load(struct vs_ydoc *doc, const struct vs_ynode *root, struct vs_arena *arena, struct scn *s);

#endif
