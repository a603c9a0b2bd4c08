#include "vs_paths.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* An installed vroomsim finds its data beside itself, PREFIX/bin/../share/vroomsim, wherever
 * the prefix was moved; a binary in the build tree has no such folder. */
static bool beside_binary(const char *what, char *buf, size_t len)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    slash = strrchr(exe, '/'); /* PREFIX, the folder above bin/ */
    if (!slash)
        return false;
    *slash = '\0';
    return (size_t)snprintf(buf, len, "%s/share/vroomsim/%s", exe, what) < len && is_dir(buf);
}

vs_err_t vs_data_dir(vs_data_kind_t kind, char *buf, size_t len)
{
    const char *env = getenv("VROOMSIM_DATA");
    if (env && env[0]) {
        snprintf(buf, len, "%s/%s", env, places[kind].installed);
        if (is_dir(buf))
            return VS_OK;
    }
    if (beside_binary(places[kind].installed, buf, len))
        return VS_OK;
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
