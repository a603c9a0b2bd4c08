/* fuzz_io — what every harness shares: start-up as the command does it, and the input as a
 * file for the readers that take a path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "scenario.h"
#include "topo_algo.h"
#include "topo_scn.h"
#include "trace_mrt_scn.h"
#include "trace_tm_scn.h"
#include "vs_log.h"

const fuzz_target_t fuzz_targets[] = {
    {"scenario", fuzz_scenario}, {"plan", fuzz_plan},       {"study", fuzz_study},
    {"profile", fuzz_profile},   {"graphml", fuzz_graphml}, {"sndlib", fuzz_sndlib},
    {"sndlib_xml", fuzz_sndlib_xml}, {"rocketfuel", fuzz_rocketfuel}, {"tm", fuzz_tm},
    {"prefix", fuzz_prefix},     {"mrt", fuzz_mrt},         {NULL, NULL},
};

void fuzz_init(void)
{
    /* Every rejected input would otherwise log; the findings are what matter. */
    setenv("VROOMSIM_LOG", "error", 0);
    vs_log_init();
    scn_set_topology_reader(topo_scn_reader);
    scn_set_updates_reader(trace_mrt_scn_updates);
    scn_set_tm_reader(trace_tm_scn_read);
    topo_init();
}

/* One file per suffix; a handful of suffixes exist, so a short table does. */
#define FUZZ_MAX_FILES 8
static struct {
    char suffix[16];
    char path[4096];
} files[FUZZ_MAX_FILES];
static int n_files;

static void remove_files(void)
{
    for (int i = 0; i < n_files; i++)
        unlink(files[i].path);
}

static const char *file_for(const char *suffix)
{
    for (int i = 0; i < n_files; i++)
        if (!strcmp(files[i].suffix, suffix))
            return files[i].path;
    if (n_files == FUZZ_MAX_FILES || strlen(suffix) >= sizeof files[0].suffix)
        return NULL;
    const char *dir = getenv("TMPDIR");
    int i = n_files;
    snprintf(files[i].path, sizeof files[i].path, "%s/vroomsim-fuzz-XXXXXX%s",
             dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemps(files[i].path, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    close(fd);
    snprintf(files[i].suffix, sizeof files[i].suffix, "%s", suffix);
    if (n_files++ == 0)
        atexit(remove_files);
    return files[i].path;
}

const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    const char *path = file_for(suffix);
    if (!path)
        return NULL;
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    if (fclose(f) != 0 || w != size)
        return NULL;
    return path;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
