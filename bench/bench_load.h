/* bench_load — how fast the readers are: loads every Topology Zoo GraphML file and the two
 * SNDlib dynamic traffic-matrix sets (Abilene 5-min, GEANT 15-min, as .tar.gz) end to end,
 * from files to the topo_t / trace_tm_t types. Issue target: under 10 s in all. */
#ifndef BENCH_LOAD_H
#define BENCH_LOAD_H

#include <stddef.h>

#include "vs_error.h"

typedef struct {
    const char *data_dir; /* holds topology-zoo/graphml and sndlib/dynamic; NULL:
                           * $VROOMSIM_SHARED_DATA, else ../shared/data beside the source */
} bench_load_config_t;

typedef struct {
    size_t zoo_files, zoo_loaded, zoo_refused, zoo_nodes, zoo_links;
    size_t abilene_matrices, geant_matrices;
    double zoo_seconds, abilene_seconds, geant_seconds, seconds;
} bench_load_result_t;

/* Fails with VS_ENOTFOUND (status 2) / VS_EIO when the data is not there; a Zoo file that is
 * refused is counted, not fatal (its reason goes to the log at warn level). */
vs_err_t bench_load_run(const bench_load_config_t *cfg, bench_load_result_t *out);

#endif
