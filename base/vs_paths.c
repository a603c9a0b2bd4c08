#include "vs_paths.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const struct {
    const char *source; /* relative to the source tree */
    const char *installed; /* relative to the data directory */
} places[] = {
    [VS_DATA_PROFILES] = {"hwmodel/profiles", "profiles"},
    [VS_DATA_EXAMPLES] = {"examples", "examples"},
    [VS_DATA_TOPOLOGIES] = {"topologies/data", "topologies"},
};

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

vs_err_t vs_data_dir(vs_data_kind_t kind, char *buf, size_t len)
{
    const char *env = getenv("VROOMSIM_DATA");
    if (env && env[0]) {
        snprintf(buf, len, "%s/%s", env, places[kind].installed);
        if (is_dir(buf))
            return VS_OK;
    }
    snprintf(buf, len, "%s/%s", VS_SOURCE_DIR, places[kind].source);
    if (is_dir(buf))
        return VS_OK;
    snprintf(buf, len, "%s/%s", VS_DATADIR, places[kind].installed);
    if (is_dir(buf))
        return VS_OK;
    return vs_fail(VS_EDEPEND, "cannot find vroomsim's %s directory (looked in $VROOMSIM_DATA, %s and %s); "
                   "is vroomsim installed?", places[kind].installed, VS_SOURCE_DIR, VS_DATADIR);
}

vs_err_t vs_data_file(vs_data_kind_t kind, const char *name, char *buf, size_t len)
{
    char dir[1024];
    vs_err_t err = vs_data_dir(kind, dir, sizeof dir);
    if (err)
        return err;
    if ((size_t)snprintf(buf, len, "%s/%s", dir, name) >= len)
        return vs_fail(VS_EINVAL, "path too long: %s/%s", dir, name);
    return VS_OK;
}
