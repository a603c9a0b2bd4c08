#include "bench_load.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "topo.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_log.h"
#include "vs_out.h"
#include "vs_paths.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int graphml_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 8 && !strcmp(d->d_name + n - 8, ".graphml");
}

static vs_err_t load_tm(const char *path, size_t *count, double *secs)
{
    double t0 = now_s();
    trace_tm_t *tm;
    vs_err_t err = trace_sndlib_load(path, &tm);
    *secs = now_s() - t0;
    if (err)
        return err;
    *count = trace_tm_count(tm);
    trace_tm_destroy(tm);
    return VS_OK;
}

vs_err_t bench_load_run(const bench_load_config_t *cfg, bench_load_result_t *out)
{
    vs_err_t err = VS_OK;
    memset(out, 0, sizeof *out);
    char zoo[4096], ab[4096], ge[4096];
    snprintf(zoo, sizeof zoo, "%s/topology-zoo/graphml", cfg->data_dir);
    snprintf(ab, sizeof ab, "%s/sndlib/dynamic/directed-abilene-zhang-5min-over-6months-ALL.subset.tar.gz",
             cfg->data_dir);
    snprintf(ge, sizeof ge, "%s/sndlib/dynamic/directed-geant-uhlig-15min-over-4months-ALL.subset.tar.gz",
             cfg->data_dir);
    struct stat st;
    if (stat(zoo, &st) != 0 || stat(ab, &st) != 0 || stat(ge, &st) != 0)
        return vs_fail(VS_ENOTFOUND, "bench load: the data is not under %s (expected "
                       "topology-zoo/graphml and the two SNDlib dynamic .tar.gz sets; "
                       "use --data DIR)", cfg->data_dir);
    double t_all = now_s();
    struct dirent **ents;
    int k = scandir(zoo, &ents, graphml_filter, alphasort);
    if (k < 0)
        return vs_fail(VS_EIO, "%s: cannot list: %s", zoo, strerror(errno));
    double t0 = now_s();
    for (int i = 0; i < k; i++) {
        char p[4096 + 256];
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
    out->zoo_seconds = now_s() - t0;
    VS_TRY(load_tm(ab, &out->abilene_matrices, &out->abilene_seconds));
    VS_TRY(load_tm(ge, &out->geant_matrices, &out->geant_seconds));
    out->seconds = now_s() - t_all;
out:
    return err;
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

int bench_load_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"data", required_argument, 0, 'd'},
        {"json", optional_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    char data[4096];
    default_data_dir(data, sizeof data);
    const char *json = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            snprintf(data, sizeof data, "%s", optarg);
            break;
        case 'j':
            json = optarg && optarg[0] ? optarg : "-";
            break;
        case 'h':
            printf("Usage: vroomsim bench load [--data DIR] [--json[=FILE]]\n"
                   "\n"
                   "Loads every GraphML file of DIR/topology-zoo/graphml and the SNDlib dynamic\n"
                   "Abilene and GEANT sets (DIR/sndlib/dynamic/*.tar.gz) end to end and reports\n"
                   "the wall-clock time (issue target: under 10 s). DIR defaults to\n"
                   "$VROOMSIM_SHARED_DATA, else ../shared/data beside the source tree.\n"
                   "JSON: counts, and under \"timing\": seconds, zoo_seconds, abilene_seconds,\n"
                   "geant_seconds.\n");
            return 0;
        default:
            fprintf(stderr, "vroomsim bench load: unknown option\nTry 'vroomsim bench load --help'.\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vroomsim bench load: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    bench_load_config_t cfg = {.data_dir = data};
    bench_load_result_t r;
    vs_err_t err = bench_load_run(&cfg, &r);
    if (err) {
        fprintf(stderr, "vroomsim: %s\n", vs_errmsg());
        return vs_exit_status(err);
    }
    if (json) {
        cJSON *root = cJSON_CreateObject(), *tm;
        if (!root) {
            fprintf(stderr, "vroomsim: out of memory\n");
            return 3;
        }
        vs_json_str(root, "benchmark", "load");
        vs_json_num(root, "zoo_files", (double)r.zoo_files);
        vs_json_num(root, "zoo_loaded", (double)r.zoo_loaded);
        vs_json_num(root, "zoo_refused", (double)r.zoo_refused);
        vs_json_num(root, "zoo_nodes", (double)r.zoo_nodes);
        vs_json_num(root, "zoo_links", (double)r.zoo_links);
        tm = vs_json_obj(root, "matrices");
        vs_json_num(tm, "abilene", (double)r.abilene_matrices);
        vs_json_num(tm, "geant", (double)r.geant_matrices);
        cJSON *t = vs_json_obj(root, "timing");
        vs_json_num(t, "seconds", r.seconds);
        vs_json_num(t, "zoo_seconds", r.zoo_seconds);
        vs_json_num(t, "abilene_seconds", r.abilene_seconds);
        vs_json_num(t, "geant_seconds", r.geant_seconds);
        err = vs_json_write(root, json);
        cJSON_Delete(root);
        if (err) {
            fprintf(stderr, "vroomsim: %s\n", vs_errmsg());
            return vs_exit_status(err);
        }
    }
    if (!json || strcmp(json, "-"))
        printf("load: %zu Zoo files (%zu loaded, %zu refused; %zu nodes, %zu links) in %.3f s; "
               "SNDlib Abilene %zu matrices in %.3f s, GEANT %zu in %.3f s; total %.3f s "
               "(target < 10 s)\n",
               r.zoo_files, r.zoo_loaded, r.zoo_refused, r.zoo_nodes, r.zoo_links, r.zoo_seconds,
               r.abilene_matrices, r.abilene_seconds, r.geant_matrices, r.geant_seconds,
               r.seconds);
    return 0;
}
