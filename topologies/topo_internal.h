/* topo_internal — what the topology readers share inside topologies/. Not a public header. */
#ifndef TOPO_INTERNAL_H
#define TOPO_INTERNAL_H

#include <stddef.h>

#include "topo.h"

/* Sets the network name (copied). */
vs_err_t topo__set_name(topo_t *t, const char *name);
/* Names a POP (copied). */
vs_err_t topo__set_pop_name(topo_t *t, uint32_t pop, const char *name);

/* Gives node i coordinates (degrees). */
void topo__set_coords(topo_t *t, uint32_t i, double lat, double lon);
/* Records that a reader dropped n self-loop links (shown by topo info). */
void topo__note_self_loops(topo_t *t, size_t n);

/* Readers, one per format; path is used in messages. */
vs_err_t topo__read_graphml(const char *path, topo_t **out);
vs_err_t topo__read_sndlib_xml(const char *path, topo_t **out);
vs_err_t topo__read_sndlib_native(const char *path, topo_t **out);
/* dir holds weights.intra and/or latencies.intra; or a single such file. */
vs_err_t topo__read_rocketfuel(const char *path, topo_t **out);
/* name is what follows "builtin:" ("abilene", "grid:10", "random:200:7") (topo_builtin.h).
 * Unknown names fail with VS_ENOTFOUND listing the known ones. */
vs_err_t topo__read_builtin(const char *name, topo_t **out);

/* VS_OK unless the regular file at path is over $VROOMSIM_MAX_TOPOLOGY (default 64 MB):
 * VS_ERANGE naming the limit. Readers call it before reading a file whole. */
vs_err_t topo__check_size(const char *path);
/* Reads a whole file into a NUL-terminated malloc'd buffer; fails as topo__check_size does. */
vs_err_t topo__slurp(const char *path, char **buf, size_t *len);

/* Speed stated by a free-text GraphML link label, bit/s; 0 when none (topo_graphml.c). */
double topo__speed_from_label(const char *label);

#endif
