#include "bench_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_clock.h"
#include "topo.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_log.h"
#include "vs_paths.h"

static int graphml_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 8 && !strcmp(d->d_name + n - 8, ".graphml");
}

static vs_err_t load_tm(const char *path, size_t *count, double *secs)
{
    double t0 = bench_wall_s();
    trace_tm_t *tm;
    vs_err_t err = trace_sndlib_load(path, &tm);
    *secs = bench_wall_s() - t0;
    if (err)
        return err;
    *count = trace_tm_count(tm);
    trace_tm_destroy(tm);
    return VS_OK;
}

/* The shared data sits beside the checkout: <source>/../shared/data. The source tree is found
 * through the shipped topologies directory (<source>/topologies/data). */
static void default_data_dir(char *buf, size_t len)
{
    const char *env = getenv("VROOMSIM_SHARED_DATA");
    if (env && env[0]) {
        snprintf(buf, len, "%s", env);
        return;
    }
    char d[2048];
    if (len > sizeof d + 32 && vs_data_dir(VS_DATA_TOPOLOGIES, d, sizeof d) == VS_OK)
        snprintf(buf, len, "%s/../../../shared/data", d);
    else
        snprintf(buf, len, "../shared/data");
}

vs_err_t bench_load_run(const bench_load_config_t *cfg, bench_load_result_t *out)
{
    vs_err_t err = VS_OK;
    memset(out, 0, sizeof *out);
    char data[4096], zoo[4096 + 32], ab[4096 + 128], ge[4096 + 128];
    if (cfg->data_dir)
        snprintf(data, sizeof data, "%s", cfg->data_dir);
    else
        default_data_dir(data, sizeof data);
    snprintf(zoo, sizeof zoo, "%s/topology-zoo/graphml", data);
    snprintf(ab, sizeof ab, "%s/sndlib/dynamic/directed-abilene-zhang-5min-over-6months-ALL.subset.tar.gz",
             data);
    snprintf(ge, sizeof ge, "%s/sndlib/dynamic/directed-geant-uhlig-15min-over-4months-ALL.subset.tar.gz",
             data);
    struct stat st;
    if (stat(zoo, &st) != 0 || stat(ab, &st) != 0 || stat(ge, &st) != 0)
        return vs_fail(VS_ENOTFOUND, "bench load: the data is not under %s (expected "
                       "topology-zoo/graphml and the two SNDlib dynamic .tar.gz sets; "
                       "use --data DIR)", data);
    double t_all = bench_wall_s();
    struct dirent **ents;
    int k = scandir(zoo, &ents, graphml_filter, alphasort);
    if (k < 0)
        return vs_fail(VS_EIO, "%s: cannot list: %s", zoo, strerror(errno));
    double t0 = bench_wall_s();
    for (int i = 0; i < k; i++) {
        char p[sizeof zoo + 256];
        snprintf(p, sizeof p, "%s/%s", zoo, ents[i]->d_name);
        topo_t *t;
        out->zoo_files++;
        if (topo_load(p, &t) == VS_OK) {
            out->zoo_loaded++;
            out->zoo_nodes += topo_node_count(t);
            out->zoo_links += topo_link_count(t);
            topo_destroy(t);
        } else {
            out->zoo_refused++;
            VS_WARN("bench", "refused: %s", vs_errmsg());
        }
        free(ents[i]);
    }
    free(ents);
    out->zoo_seconds = bench_wall_s() - t0;
    VS_TRY(load_tm(ab, &out->abilene_matrices, &out->abilene_seconds));
    VS_TRY(load_tm(ge, &out->geant_matrices, &out->geant_seconds));
    out->seconds = bench_wall_s() - t_all;
out:
    return err;
}
