/* bench_data — where the benchmarks find their input files. */
#ifndef BENCH_DATA_H
#define BENCH_DATA_H

#include <stddef.h>

#include "vs_error.h"

/* The Topology Zoo's Kdl (754 nodes): the bundled copy (topologies/data), else
 * $VROOMSIM_SHARED_DATA/topology-zoo/graphml (../shared/data when unset). Its path goes into
 * buf; fails with VS_ENOTFOUND, saying where it looked. */
vs_err_t bench_kdl_path(char *buf, size_t len);

#endif
