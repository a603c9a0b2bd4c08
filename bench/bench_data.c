#include "bench_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "vs_paths.h"

vs_err_t bench_kdl_path(char *buf, size_t len)
{
    struct stat st;
    if (vs_data_file(VS_DATA_TOPOLOGIES, "Kdl.graphml", buf, len) == VS_OK && stat(buf, &st) == 0)
        return VS_OK;
    const char *env = getenv("VROOMSIM_SHARED_DATA");
    snprintf(buf, len, "%s/topology-zoo/graphml/Kdl.graphml", env && env[0] ? env : "../shared/data");
    if (stat(buf, &st) == 0)
        return VS_OK;
    return vs_fail(VS_ENOTFOUND, "Kdl.graphml is neither bundled nor at %s (set VROOMSIM_SHARED_DATA)", buf);
}
