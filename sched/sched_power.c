#include "sched_power.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched_eval.h"
#include "sched_n1.h"
#include "sched_seq.h"
#include "sched_tasks.h"
#include "trace_gravity.h"
#include "trace_tm_scn.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_out.h"
#include "vs_yaml.h"

const sched_power_config_t SCHED_POWER_CONFIG_DEFAULT = {
    .name = "power",
    .topology = "builtin:abilene",
    .tm = "gravity",
    .interval_ns = INT64_C(3600000000000),
    .duration_ns = INT64_C(86400000000000),
    .topo = SCHED_TOPO_CONFIG_DEFAULT,
    .ceiling = 0,
    .hold = 2,
    .scope = SCHED_SCOPE_POP,
    .inter_pop_too = true,
    /* 0: scaled so that the busiest inter-POP link of the all-on network peaks at
     * SCHED_GRAVITY_PEAK_MLU (ceilings are relative to the all-on network's own
     * utilization, so savings do not depend on the scale; TE targets do). */
    .gravity_mean_bps = 0,
    .gravity_amplitude = -1, /* -1: the trace module's fitted default */
    .gravity_peak_hour = -1,
    .gravity_weekend = -1,
    .stretch = 2.0,
    .solve = {.objective = SCHED_OBJ_POWER, .solver = SCHED_SOLVER_LOCAL,
              .time_limit_s = SCHED_DEFAULT_TIME_LIMIT_S, .seed = 1, .kicks = 3},
};

/* ---- study file ------------------------------------------------------------------------- */

static vs_err_t copy_str(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *key, char *buf,
                         size_t len)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(doc, map, key, false, &s);
    if (err || !s)
        return err;
    if (strlen(s) >= len)
        return vs_yerr(doc, vs_ynode_get(map, key), VS_ERANGE, "'%s' is too long", key);
    snprintf(buf, len, "%s", s);
    return VS_OK;
}

/* router.power_profile: a profile name, or a path taken from the study file's folder when
 * relative (as topology and tm are). */
static vs_err_t study_profile(const vs_ydoc_t *doc, const vs_ynode_t *map, const char *study,
                              char *buf, size_t len)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(doc, map, "power_profile", false, &s);
    if (err || !s)
        return err;
    size_t n = strlen(s);
    bool path = strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml"));
    const char *slash = strrchr(study, '/');
    int dl = path && s[0] != '/' && slash ? (int)(slash - study) + 1 : 0;
    if (snprintf(buf, len, "%.*s%s", dl, study, s) >= (int)len)
        return vs_yerr(doc, vs_ynode_get(map, "power_profile"), VS_ERANGE, "path too long");
    return VS_OK;
}

/* The study's topology and tm, relative to the study file's folder like every path in a
 * file, and there: a study shipped with vroomsim reads SNDlib data that is not shipped, so a
 * missing file says which data it is and where to put it (status 2), before any work. */
static vs_err_t study_paths(vs_ydoc_t *doc, const vs_ynode_t *root, const char *path,
                            sched_power_config_t *c)
{
    const char *slash = strrchr(path, '/');
    char *fields[2] = {c->topology, c->tm};
    size_t lens[2] = {sizeof c->topology, sizeof c->tm};
    for (int i = 0; i < 2; i++) {
        const vs_ynode_t *node = vs_ynode_get(root, i ? "tm" : "topology");
        char *f = fields[i];
        /* a topology without '/' may be a bundled one (topo_load finds it); tm never is */
        bool file = node && f[0] && strncmp(f, "builtin:", 8) && strcmp(f, "gravity") &&
                    (i == 1 || strchr(f, '/'));
        if (!file)
            continue;
        if (f[0] != '/' && slash) {
            char tmp[1024];
            int dl = (int)(slash - path);
            if (snprintf(tmp, sizeof tmp, "%.*s/%s", dl, path, f) >= (int)sizeof tmp || strlen(tmp) >= lens[i])
                return vs_yerr(doc, node, VS_ERANGE, "path too long");
            snprintf(f, lens[i], "%s", tmp);
        }
        if (access(f, R_OK) != 0)
            return vs_yerr(doc, node, VS_ENOTFOUND,
                           "%s: cannot read %s (%s). Studies that name SNDlib files need SNDlib's "
                           "data, which vroomsim does not ship (ZIB Academic License): get it from "
                           "SNDlib (sndlib.zib.de) and put the file there, or change this path (it "
                           "is relative to this file's folder)",
                           i ? "tm" : "topology", f, strerror(errno));
    }
    return VS_OK;
}

/* inventory: FILE (docs/inventory.md), relative to the study's folder; it must be readable. */
static vs_err_t study_inventory(vs_ydoc_t *doc, const vs_ynode_t *root, const char *path,
                                sched_power_config_t *c)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(doc, root, "inventory", false, &s);
    if (err || !s)
        return err;
    const vs_ynode_t *node = vs_ynode_get(root, "inventory");
    const char *slash = strrchr(path, '/');
    int dl = s[0] != '/' && slash ? (int)(slash - path) + 1 : 0;
    char *f = c->topo.inventory;
    if (snprintf(f, sizeof c->topo.inventory, "%.*s%s", dl, path, s) >= (int)sizeof c->topo.inventory)
        return vs_yerr(doc, node, VS_ERANGE, "path too long");
    if (access(f, R_OK) != 0)
        return vs_yerr(doc, node, VS_ENOTFOUND, "inventory: cannot read %s (%s; the path is "
                                                "relative to this file's folder)",
                       f, strerror(errno));
    return VS_OK;
}

/* Reads the study in doc (loaded from path) over the defaults in *c. */
static vs_err_t study_read(vs_ydoc_t *doc, const char *path, sched_power_config_t *c)
{
    static const char *const top[] = {"version", "name", "study", "topology", "tm", "interval",
                                      "days", "routers_per_pop", "ceiling", "hold", "scope",
                                      "inter_pop", "stretch", "router", "vr", "gravity", "seed",
                                      "inventory", NULL};
    static const char *const rkeys[] = {"cpu",           "memory_mb",     "vr_slots",
                                        "linecards",     "power_profile", "price_per_kwh",
                                        "access_bandwidth", NULL};
    static const char *const vkeys[] = {"cpu", "cpu_per_gbps", "memory_mb", "customer_ports",
                                        "pairs", NULL};
    static const char *const gkeys[] = {"mean_total", "amplitude", "peak_hour", "weekend_factor",
                                        NULL};
    static const char *const scopes[] = {"any", "pop", "region", NULL};
    vs_err_t err = VS_OK;
    const vs_ynode_t *root = vs_ydoc_root(doc), *m;
    int64_t iv;
    double d;
    VS_TRY(vs_yexpect(doc, root, VS_Y_MAP, "a power study (a mapping)"));
    VS_TRY(vs_ycheck_keys(doc, root, top));
    VS_TRY(vs_yget_int(doc, root, "version", true, 1, 1, &iv));
    const char *study = "power";
    VS_TRY(vs_yget_str(doc, root, "study", false, &study));
    if (strcmp(study, "power") != 0) {
        err = vs_yerr(doc, vs_ynode_get(root, "study"), VS_EINVAL, "study '%s': expected 'power'",
                      study);
        goto out;
    }
    VS_TRY(copy_str(doc, root, "name", c->name, sizeof c->name));
    VS_TRY(copy_str(doc, root, "topology", c->topology, sizeof c->topology));
    VS_TRY(copy_str(doc, root, "tm", c->tm, sizeof c->tm));
    if ((err = study_paths(doc, root, path, c)))
        goto out;
    VS_TRY(study_inventory(doc, root, path, c));
    VS_TRY(vs_yget_duration(doc, root, "interval", false, INT64_C(60000000000),
                            INT64_C(86400000000000), &c->interval_ns));
    d = c->duration_ns / 86400e9;
    VS_TRY(vs_yget_double(doc, root, "days", false, 0.01, 366, &d));
    c->duration_ns = (int64_t)(d * 86400e9);
    iv = c->topo.routers_per_pop;
    VS_TRY(vs_yget_int(doc, root, "routers_per_pop", false, 1, 64, &iv));
    c->topo.routers_per_pop = (int)iv;
    if ((m = vs_ynode_get(root, "ceiling"))) {
        if (m->kind == VS_Y_SCALAR && !strcmp(m->scalar, "auto"))
            c->ceiling = 0;
        else
            VS_TRY(vs_yget_double(doc, root, "ceiling", false, 0.01, 1.0, &c->ceiling));
    }
    iv = c->hold;
    VS_TRY(vs_yget_int(doc, root, "hold", false, 0, 1000, &iv));
    c->hold = (int)iv;
    int sc = (int)c->scope;
    VS_TRY(vs_yget_enum(doc, root, "scope", false, scopes, &sc));
    c->scope = (sched_scope_t)sc;
    VS_TRY(vs_yget_bool(doc, root, "inter_pop", false, &c->inter_pop_too));
    VS_TRY(vs_yget_double(doc, root, "stretch", false, 0, 1000, &c->stretch));
    iv = (int64_t)c->solve.seed;
    VS_TRY(vs_yget_int(doc, root, "seed", false, 0, INT64_MAX, &iv));
    c->solve.seed = (uint64_t)iv;
    if ((m = vs_ynode_get(root, "router"))) {
        sched_topo_config_t *t = &c->topo;
        VS_TRY(vs_yexpect(doc, m, VS_Y_MAP, "a mapping of router parameters"));
        VS_TRY(vs_ycheck_keys(doc, m, rkeys));
        VS_TRY(vs_yget_double(doc, m, "cpu", false, 0.01, 1e6, &t->cpu));
        VS_TRY(vs_yget_double(doc, m, "memory_mb", false, 1, 1e9, &t->mem_mb));
        iv = t->vr_slots;
        VS_TRY(vs_yget_int(doc, m, "vr_slots", false, 1, 4096, &iv));
        t->vr_slots = (int)iv;
        iv = t->linecards;
        VS_TRY(vs_yget_int(doc, m, "linecards", false, 1, 1024, &iv));
        t->linecards = (int)iv;
        VS_TRY(study_profile(doc, m, path, t->power_profile, sizeof t->power_profile));
        VS_TRY(vs_yget_double(doc, m, "price_per_kwh", false, 0, 1e6, &t->price));
        VS_TRY(vs_yget_rate(doc, m, "access_bandwidth", false, 1, &t->access_bps));
    }
    if ((m = vs_ynode_get(root, "vr"))) {
        sched_topo_config_t *t = &c->topo;
        VS_TRY(vs_yexpect(doc, m, VS_Y_MAP, "a mapping of virtual-router parameters"));
        VS_TRY(vs_ycheck_keys(doc, m, vkeys));
        VS_TRY(vs_yget_double(doc, m, "cpu", false, 0, 1e6, &t->vr_cpu));
        VS_TRY(vs_yget_double(doc, m, "cpu_per_gbps", false, 0, 1e6, &t->vr_cpu_per_gbps));
        VS_TRY(vs_yget_double(doc, m, "memory_mb", false, 0, 1e9, &t->vr_mem_mb));
        iv = t->vr_customer_ports;
        VS_TRY(vs_yget_int(doc, m, "customer_ports", false, 0, 1024, &iv));
        t->vr_customer_ports = (int)iv;
        VS_TRY(vs_yget_bool(doc, m, "pairs", false, &t->pairs));
    }
    if ((m = vs_ynode_get(root, "gravity"))) {
        VS_TRY(vs_yexpect(doc, m, VS_Y_MAP, "a mapping of gravity-model parameters"));
        VS_TRY(vs_ycheck_keys(doc, m, gkeys));
        VS_TRY(vs_yget_rate(doc, m, "mean_total", false, 1, &c->gravity_mean_bps));
        VS_TRY(vs_yget_double(doc, m, "amplitude", false, 0, 1, &c->gravity_amplitude));
        VS_TRY(vs_yget_double(doc, m, "peak_hour", false, 0, 24, &c->gravity_peak_hour));
        VS_TRY(vs_yget_double(doc, m, "weekend_factor", false, 0.01, 10, &c->gravity_weekend));
    }
out:
    return err;
}

vs_err_t sched_power_study_load(const char *path, sched_power_config_t *c)
{
    return sched_power_study_load_set(path, NULL, 0, c);
}

vs_err_t sched_power_study_load_set(const char *path, const char *const *sets, size_t n_sets,
                                    sched_power_config_t *c)
{
    vs_ydoc_t *doc = NULL;
    vs_err_t err = vs_ydoc_load_file(path, &doc);
    for (size_t i = 0; !err && i < n_sets; i++)
        err = vs_ydoc_set_keys(doc, sets[i]);
    if (!err)
        err = study_read(doc, path, c);
    vs_ydoc_free(doc);
    return err;
}

/* ---- traffic ------------------------------------------------------------------------------ */

static double inter_pop_mlu(sched_topo_t *st, const int *host, double *access_excess);

/* Loads the series named by c->tm for the topology's nodes, aggregated to c->interval_ns;
 * map[k] = topology node of TM node k. */
static vs_err_t load_traffic(const sched_power_config_t *c, sched_topo_t *st, trace_tm_t **out,
                             long **map_out)
{
    vs_err_t err = VS_OK;
    trace_tm_t *tm = NULL, *agg = NULL;
    size_t nn = sched_topo_nodes(st);
    const char **names = malloc(sizeof(char *) * (nn + 1));
    if (!names)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < nn; i++)
        names[i] = sched_topo_node_name(st, i);
    if (!strcmp(c->tm, "gravity")) {
        trace_gravity_config_t g = TRACE_GRAVITY_CONFIG_DEFAULT;
        g.seed = c->solve.seed;
        g.interval_ns = c->interval_ns;
        g.duration_ns = c->duration_ns;
        g.mean_total_bps = c->gravity_mean_bps > 0 ? c->gravity_mean_bps : 1e9;
        if (c->gravity_amplitude >= 0)
            g.diurnal_amplitude = c->gravity_amplitude;
        if (c->gravity_peak_hour >= 0)
            g.peak_hour = c->gravity_peak_hour;
        if (c->gravity_weekend > 0)
            g.weekend_factor = c->gravity_weekend;
        VS_TRY(trace_gravity(&g, names, nn, &tm));
    } else {
        VS_TRY(trace_sndlib_load(c->tm, &tm));
        if (trace_tm_interval_ns(tm) < c->interval_ns) {
            VS_TRY(trace_tm_aggregate(tm, c->interval_ns, &agg));
            trace_tm_destroy(tm);
            tm = agg;
            agg = NULL;
        }
    }
    size_t n = trace_tm_nodes(tm);
    long *map = malloc(sizeof(long) * (n + 1));
    if (!map) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        const char *nm = trace_tm_node_name(tm, k);
        map[k] = -1;
        for (size_t i = 0; i < nn; i++)
            if (!strcmp(nm, names[i]))
                map[k] = (long)i;
        if (map[k] < 0) {
            const char *near = vs_nearest(nm, names);
            err = vs_fail(VS_EINVAL,
                          "%s: traffic-matrix node '%s' is not a node of topology '%s'%s%s%s "
                          "(give the matching --topology, e.g. the SNDlib network file)",
                          c->tm, nm, c->topology, near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : "");
            free(map);
            goto out;
        }
    }
    if (trace_tm_count(tm) == 0) {
        free(map);
        err = vs_fail(VS_EINVAL, "%s: the traffic series holds no matrix", c->tm);
        goto out;
    }
    if (!strcmp(c->tm, "gravity") && !(c->gravity_mean_bps > 0)) {
        double peak = 0;
        sched_inst_t *inst = sched_topo_inst(st);
        int *home = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1));
        if (!home) {
            free(map);
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (int v = 0; v < inst->n_vrs; v++)
            home[v] = inst->vrs[v].home;
        for (size_t k = 0; k < trace_tm_count(tm) && !err; k++) {
            err = sched_topo_set_traffic(st, trace_tm_matrix(tm, k), n, map, NULL);
            double u = err ? 0 : inter_pop_mlu(st, home, NULL);
            if (u > peak)
                peak = u;
        }
        free(home);
        if (!err && peak > 0)
            err = trace_tm_scale(tm, SCHED_GRAVITY_PEAK_MLU / peak);
        if (err) {
            free(map);
            goto out;
        }
    }
    *out = tm;
    tm = NULL;
    *map_out = map;
out:
    free(names);
    trace_tm_destroy(tm);
    trace_tm_destroy(agg);
    return err;
}

/* Matrix k, or the element-wise max of k and k+1 (look-ahead hysteresis) into buf. */
static const double *matrix_for(const trace_tm_t *tm, size_t k, bool ahead, double *buf)
{
    const double *a = trace_tm_matrix(tm, k);
    if (!ahead || k + 1 >= trace_tm_count(tm))
        return a;
    size_t n = trace_tm_nodes(tm);
    const double *b = trace_tm_matrix(tm, k + 1);
    for (size_t i = 0; i < n * n; i++)
        buf[i] = a[i] > b[i] ? a[i] : b[i];
    return buf;
}

/* Matrix k of tm (node j is topology node map[j]) between the topology's POPs, written to
 * path. */
static vs_err_t save_pop_matrix(sched_topo_t *st, const trace_tm_t *tm, size_t k, const long *map,
                                const char *path)
{
    size_t nn = sched_topo_nodes(st), np = 0, n = trace_tm_nodes(tm);
    const char **pops = malloc((nn + 1) * sizeof *pops);
    size_t *pop_of = malloc((nn + 1) * sizeof *pop_of);
    double *m = NULL;
    trace_tm_t *out = NULL;
    vs_err_t err = VS_OK;
    if (!pops || !pop_of) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nn; i++) {
        const char *p = sched_topo_node_pop(st, i);
        size_t j = 0;
        while (j < np && strcmp(pops[j], p))
            j++;
        if (j == np)
            pops[np++] = p;
        pop_of[i] = j;
    }
    if (!(m = calloc(np * np + 1, sizeof *m))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    const double *d = trace_tm_matrix(tm, k);
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) {
            size_t pa = pop_of[map[a]], pb = pop_of[map[b]];
            if (pa != pb)
                m[pa * np + pb] += d[a * n + b];
        }
    if (!(err = trace_tm_create(trace_tm_name(tm), trace_tm_source(tm), pops, np, trace_tm_interval_ns(tm), &out)) &&
        !(err = trace_tm_append(out, trace_tm_time_ns(tm, k), m, NULL)))
        err = trace_tm_write_sndlib(out, 0, path);
out:
    trace_tm_destroy(out);
    free(m);
    free(pops);
    free(pop_of);
    return err;
}

vs_err_t sched_traffic_busiest_save(const sched_power_config_t *c, sched_topo_t *st, const char *path,
                                    int64_t *time_ns, int64_t *interval_ns)
{
    trace_tm_t *tm = NULL;
    long *map = NULL;
    vs_err_t err = load_traffic(c, st, &tm, &map);
    if (err)
        return err;
    size_t K = trace_tm_count(tm), busiest = 0;
    for (size_t k = 1; k < K; k++)
        if (trace_tm_total(tm, k) > trace_tm_total(tm, busiest))
            busiest = k;
    err = sched_topo_set_traffic(st, trace_tm_matrix(tm, busiest), trace_tm_nodes(tm), map, NULL);
    if (!err && path) {
        err = save_pop_matrix(st, tm, busiest, map, path);
        *time_ns = trace_tm_time_ns(tm, busiest);
        *interval_ns = trace_tm_interval_ns(tm);
    }
    free(map);
    trace_tm_destroy(tm);
    return err;
}

vs_err_t sched_traffic_busiest(const sched_power_config_t *c, sched_topo_t *st)
{
    return sched_traffic_busiest_save(c, st, NULL, NULL, NULL);
}

/* ---- the power plan ---------------------------------------------------------------------- */

typedef struct {
    double energy_kwh, base_kwh, cost, base_cost, max_inter_util, base_max_inter_util;
    double max_access_util_excess;
    int migrations, min_routers_on, max_routers_on;
    int restarts; /* intervals whose descent from the previous placement had to restart */
    int milp_fallbacks; /* intervals GLPK could not solve in time (planned by local search) */
    double seconds;
} power_totals_t;

static double inter_pop_mlu(sched_topo_t *st, const int *host, double *access_excess)
{
    sched_inst_t *inst = sched_topo_inst(st);
    sched_state_t *s;
    double mx = 0, ex = 0;
    if (sched_state_create(inst, SCHED_OBJ_MLU, host, &s) != VS_OK)
        return NAN;
    for (int l = 0; l < inst->n_links; l++)
        for (int d = 0; d < 2; d++) {
            double u = sched_state_load(s, 2 * l + d) / inst->links[l].cap_bps;
            if (sched_topo_link_pop(st, l) < 0)
                mx = fmax(mx, u);
            else if (inst->links[l].max_util > 0)
                ex = fmax(ex, u - inst->links[l].max_util);
        }
    sched_state_destroy(s);
    if (access_excess)
        *access_excess = ex;
    return mx;
}

/* One pass over the series with the given scope; appends per-interval objects to arr. */
static vs_err_t plan_pass(const sched_power_config_t *c, sched_topo_t *st, const trace_tm_t *tm,
                          const long *map, sched_scope_t scope, cJSON *arr, power_totals_t *T)
{
    vs_err_t err = VS_OK;
    sched_inst_t *inst = sched_topo_inst(st);
    int nv = inst->n_vrs, nn = inst->n_nodes;
    size_t n = trace_tm_nodes(tm), K = trace_tm_count(tm);
    int *prev = malloc(sizeof(int) * ((size_t)nv + 1)), *home = malloc(sizeof(int) * ((size_t)nv + 1));
    int *age = malloc(sizeof(int) * ((size_t)nn + 1));
    bool *held = calloc((size_t)nn + 1, sizeof(bool)); /* kept on by the hold this interval */
    double *buf = malloc(sizeof(double) * (n * n + 1));
    sched_result_t r = {0};
    memset(T, 0, sizeof *T);
    T->min_routers_on = nn;
    if (!prev || !home || !age || !buf || !held) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < nv; v++) {
        home[v] = prev[v] = inst->vrs[v].home;
        inst->vrs[v].movable = true;
        inst->vrs[v].scope = scope;
    }
    for (int p = 0; p < nn; p++)
        age[p] = 1 << 20; /* long on */
    if (scope != SCHED_SCOPE_POP && c->stretch > 0) {
        inst->stretch_factor = c->stretch;
        inst->stretch_slack_ms = 1.0;
    } else
        inst->stretch_factor = 0;
    double hours = trace_tm_interval_ns(tm) / 3600e9;
    inst->hours = hours;
    for (size_t k = 0; k < K; k++) {
        for (int p = 0; p < nn; p++)
            inst->nodes[p].forced_on = inst->nodes[p].router && age[p] < c->hold;
        VS_TRY(sched_inst_refresh(inst));
        VS_TRY(sched_topo_set_traffic(st, matrix_for(tm, k, false, buf), n, map, NULL));
        sched_solve_opts_t o = c->solve;
        o.objective = SCHED_OBJ_POWER;
        o.start = prev;
        o.export_lp = NULL;
        if (o.solver == SCHED_SOLVER_AUTO)
            o.solver = SCHED_SOLVER_LOCAL;
        if (scope != c->scope) {
            o.kicks = 0; /* the inter-POP comparison: one descent per interval */
            o.solver = SCHED_SOLVER_LOCAL; /* its MILP (every VR anywhere) is too large */
        }
        err = sched_solve(inst, &o, &r);
        if (err == VS_ESOLVER && (o.solver == SCHED_SOLVER_MILP || o.solver == SCHED_SOLVER_CBC)) {
            /* the MILP gave no placement in time for this interval: the local search plans it */
            sched_solve_opts_t lo = o;
            lo.solver = SCHED_SOLVER_LOCAL;
            err = sched_solve(inst, &lo, &r);
            T->milp_fallbacks++;
        }
        if (err == VS_EINFEASIBLE) {
            /* The previous placement may be too tight for this interval's traffic and the
             * descent from it stuck; every VR at home is always within the auto ceilings, so
             * start again from there. */
            o.start = NULL;
            err = sched_solve(inst, &o, &r);
            T->restarts++;
        }
        if (err == VS_EINFEASIBLE) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            err = vs_fail(VS_EINFEASIBLE, "interval %zu: %s", k, msg);
        }
        if (err)
            goto out;
        T->seconds += r.seconds;
        /* Report with the interval's own traffic. */
        VS_TRY(sched_topo_set_traffic(st, trace_tm_matrix(tm, k), n, map, NULL));
        sched_metrics_t pm, bm;
        sched_metrics(inst, r.host, &pm);
        for (int p = 0; p < nn; p++) {
            held[p] = inst->nodes[p].forced_on;
            inst->nodes[p].forced_on = false;
        }
        sched_metrics(inst, home, &bm);
        int moves = 0;
        for (int v = 0; v < nv; v++)
            moves += r.host[v] != prev[v];
        double access_excess = 0;
        double inter = inter_pop_mlu(st, r.host, &access_excess);
        double binter = inter_pop_mlu(st, home, NULL);
        T->energy_kwh += pm.power_w / 1000 * hours;
        T->base_kwh += bm.power_w / 1000 * hours;
        T->cost += pm.power_cost;
        T->base_cost += bm.power_cost;
        T->migrations += moves;
        T->max_inter_util = fmax(T->max_inter_util, inter);
        T->base_max_inter_util = fmax(T->base_max_inter_util, binter);
        T->max_access_util_excess = fmax(T->max_access_util_excess, access_excess);
        if (pm.routers_on < T->min_routers_on)
            T->min_routers_on = pm.routers_on;
        if (pm.routers_on > T->max_routers_on)
            T->max_routers_on = pm.routers_on;
        if (arr) {
            cJSON *o2 = vs_json_obj(arr, NULL);
            if (!o2) {
                err = vs_fail(VS_ENOMEM, "out of memory");
                goto out;
            }
            cJSON_AddNumberToObject(o2, "time_s", trace_tm_time_ns(tm, k) / 1e9);
            cJSON_AddNumberToObject(o2, "total_demand_bps", trace_tm_total(tm, k));
            cJSON_AddNumberToObject(o2, "routers_on", pm.routers_on);
            cJSON_AddNumberToObject(o2, "linecards_on", pm.linecards_on);
            cJSON_AddNumberToObject(o2, "power_w", pm.power_w);
            cJSON_AddNumberToObject(o2, "baseline_power_w", bm.power_w);
            cJSON_AddNumberToObject(o2, "cost", pm.power_cost);
            cJSON_AddNumberToObject(o2, "baseline_cost", bm.power_cost);
            cJSON_AddNumberToObject(o2, "migrations", moves);
            cJSON_AddNumberToObject(o2, "inter_pop_mlu", inter);
            cJSON_AddNumberToObject(o2, "baseline_inter_pop_mlu", binter);
            cJSON *off = vs_json_arr(o2, "routers_off");
            for (int p = 0; p < nn && off; p++) {
                if (!inst->nodes[p].router)
                    continue;
                bool used = held[p];
                for (int v = 0; v < nv && !used; v++)
                    used = r.host[v] == p;
                if (!used)
                    cJSON_AddItemToArray(off, cJSON_CreateString(inst->nodes[p].name));
            }
            cJSON *pl = vs_json_arr(o2, "placement");
            for (int v = 0; v < nv && pl; v++)
                if (r.host[v] != home[v]) {
                    cJSON *mv = vs_json_obj(pl, NULL);
                    cJSON_AddStringToObject(mv, "vr", inst->vrs[v].name);
                    cJSON_AddStringToObject(mv, "on", inst->nodes[r.host[v]].name);
                }
        }
        /* Hysteresis bookkeeping: routers just switched on start their hold. */
        for (int p = 0; p < nn; p++) {
            if (!inst->nodes[p].router)
                continue;
            bool on_now = false, on_before = false;
            for (int v = 0; v < nv; v++) {
                on_now |= r.host[v] == p;
                on_before |= prev[v] == p;
            }
            age[p] = (on_now && !on_before) ? 0 : age[p] + 1;
        }
        memcpy(prev, r.host, sizeof(int) * (size_t)nv);
        sched_result_free(&r);
    }
out:
    sched_result_free(&r);
    for (int p = 0; p < nn; p++)
        inst->nodes[p].forced_on = false;
    free(prev);
    free(home);
    free(age);
    free(held);
    free(buf);
    return err;
}

static cJSON *totals_json(cJSON *parent, const char *key, const power_totals_t *T)
{
    cJSON *o = vs_json_obj(parent, key);
    if (!o)
        return NULL;
    double sav = T->base_kwh > 0 ? 100 * (1 - T->energy_kwh / T->base_kwh) : 0;
    cJSON_AddNumberToObject(o, "energy_kwh", T->energy_kwh);
    cJSON_AddNumberToObject(o, "baseline_energy_kwh", T->base_kwh);
    cJSON_AddNumberToObject(o, "savings_percent", sav);
    cJSON_AddNumberToObject(o, "cost", T->cost);
    cJSON_AddNumberToObject(o, "baseline_cost", T->base_cost);
    cJSON_AddNumberToObject(o, "cost_savings_percent",
                            T->base_cost > 0 ? 100 * (1 - T->cost / T->base_cost) : 0);
    cJSON_AddNumberToObject(o, "migrations", T->migrations);
    cJSON_AddNumberToObject(o, "restarts_from_home", T->restarts);
    cJSON_AddNumberToObject(o, "milp_fallbacks", T->milp_fallbacks);
    cJSON_AddNumberToObject(o, "min_routers_on", T->min_routers_on);
    cJSON_AddNumberToObject(o, "max_routers_on", T->max_routers_on);
    cJSON_AddNumberToObject(o, "max_inter_pop_mlu", T->max_inter_util);
    cJSON_AddNumberToObject(o, "baseline_max_inter_pop_mlu", T->base_max_inter_util);
    cJSON_AddBoolToObject(o, "link_utilization_unchanged",
                          T->max_inter_util <= T->base_max_inter_util * (1 + 1e-9) + 1e-12 &&
                              T->max_access_util_excess <= 1e-9);
    return o;
}

/* Sets each link's ceiling from the all-on network over the series (ceiling auto) or to the
 * fixed value. Returns the per-POP access ceilings in JSON. */
static vs_err_t set_ceilings(const sched_power_config_t *c, sched_topo_t *st, const trace_tm_t *tm,
                             const long *map, cJSON *out)
{
    sched_inst_t *inst = sched_topo_inst(st);
    int nl = inst->n_links, nv = inst->n_vrs;
    size_t n = trace_tm_nodes(tm), K = trace_tm_count(tm);
    double *peak = calloc((size_t)nl + 1, sizeof(double));
    double *pop_peak = calloc((size_t)inst->n_pops + 1, sizeof(double));
    int *home = malloc(sizeof(int) * ((size_t)nv + 1));
    vs_err_t err = VS_OK;
    if (!peak || !pop_peak || !home) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < nv; v++)
        home[v] = inst->vrs[v].home;
    for (int l = 0; l < nl; l++)
        inst->links[l].max_util = 0;
    for (size_t k = 0; k < K; k++) {
        VS_TRY(sched_topo_set_traffic(st, trace_tm_matrix(tm, k), n, map, NULL));
        sched_state_t *s;
        VS_TRY(sched_state_create(inst, SCHED_OBJ_MLU, home, &s));
        for (int l = 0; l < nl; l++)
            for (int d = 0; d < 2; d++) {
                double u = sched_state_load(s, 2 * l + d) / inst->links[l].cap_bps;
                peak[l] = fmax(peak[l], u);
                int p = sched_topo_link_pop(st, l);
                if (p >= 0)
                    pop_peak[p] = fmax(pop_peak[p], u);
            }
        sched_state_destroy(s);
    }
    for (int l = 0; l < nl; l++) {
        int p = sched_topo_link_pop(st, l);
        double u = c->ceiling > 0 ? c->ceiling : (p >= 0 ? pop_peak[p] : peak[l]);
        inst->links[l].max_util = fmax(u, 1e-12);
    }
    inst->headroom = 1.0;
    if (out) {
        cJSON_AddStringToObject(out, "rule", c->ceiling > 0 ? "fixed" : "all-on peak (per POP for access links, per link between POPs)");
        cJSON *pa = vs_json_obj(out, "access_ceiling_by_pop");
        for (int p = 0; p < inst->n_pops && pa; p++)
            cJSON_AddNumberToObject(pa, inst->pops[p].name, c->ceiling > 0 ? c->ceiling : pop_peak[p]);
    }
out:
    free(peak);
    free(pop_peak);
    free(home);
    return err;
}

vs_err_t sched_power_run(const sched_power_config_t *c, cJSON **out)
{
    vs_err_t err = VS_OK;
    double t0 = sched_now();
    sched_topo_t *st = NULL;
    trace_tm_t *tm = NULL;
    long *map = NULL;
    cJSON *root = cJSON_CreateObject(), *timing;
    if (!root || !(timing = vs_json_obj(root, "timing"))) {
        cJSON_Delete(root);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    sched_topo_config_t tc = c->topo;
    tc.scope = c->scope;
    VS_TRY(sched_topo_build(c->topology, &tc, &st));
    VS_TRY(load_traffic(c, st, &tm, &map));
    cJSON_AddNumberToObject(timing, "load_seconds", sched_now() - t0);
    sched_inst_t *inst = sched_topo_inst(st);
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "task", "power");
    cJSON_AddStringToObject(root, "study", c->name);
    cJSON_AddStringToObject(root, "topology", c->topology);
    cJSON_AddStringToObject(root, "tm", c->tm);
    cJSON_AddStringToObject(root, "tm_source", trace_tm_source(tm));
    cJSON_AddNumberToObject(root, "intervals", (double)trace_tm_count(tm));
    cJSON_AddNumberToObject(root, "interval_s", trace_tm_interval_ns(tm) / 1e9);
    cJSON_AddNumberToObject(root, "pops", inst->n_pops);
    cJSON_AddNumberToObject(root, "routers_per_pop", c->topo.routers_per_pop);
    cJSON_AddNumberToObject(root, "vrs", inst->n_vrs);
    cJSON_AddNumberToObject(root, "hold", c->hold);
    VS_TRY(set_ceilings(c, st, tm, map, vs_json_obj(root, "ceilings")));
    power_totals_t T;
    cJSON *iv = vs_json_arr(root, "intervals_detail");
    double t1 = sched_now();
    VS_TRY(plan_pass(c, st, tm, map, c->scope, iv, &T));
    cJSON_AddNumberToObject(timing, "plan_seconds", sched_now() - t1);
    cJSON *tot = totals_json(root, "totals", &T);
    if (!tot) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_AddStringToObject(tot, "scope", c->scope == SCHED_SCOPE_POP ? "pop" : c->scope == SCHED_SCOPE_REGION ? "region" : "any");
    cJSON_AddNumberToObject(root, "savings_percent", cJSON_GetNumberValue(cJSON_GetObjectItem(tot, "savings_percent")));
    if (c->inter_pop_too && c->scope == SCHED_SCOPE_POP) {
        power_totals_t I;
        double t2 = sched_now();
        VS_TRY(plan_pass(c, st, tm, map, SCHED_SCOPE_ANY, NULL, &I));
        cJSON_AddNumberToObject(timing, "inter_pop_plan_seconds", sched_now() - t2);
        cJSON *it = totals_json(root, "inter_pop", &I);
        if (it)
            cJSON_AddNumberToObject(it, "stretch_bound", c->stretch);
    }
    cJSON_AddNumberToObject(timing, "seconds", sched_now() - t0);
    *out = root;
    root = NULL;
out:
    cJSON_Delete(root);
    free(map);
    trace_tm_destroy(tm);
    sched_topo_destroy(st);
    return err;
}

void sched_power_print(const cJSON *r, FILE *out)
{
    const cJSON *t = cJSON_GetObjectItem(r, "totals"), *i = cJSON_GetObjectItem(r, "inter_pop");
#define N(o, k) cJSON_GetNumberValue(cJSON_GetObjectItem((o), (k)))
    fprintf(out, "power study '%s': %s, %s, %d intervals of %.0f s, %d POPs x %d routers\n",
            cJSON_GetStringValue(cJSON_GetObjectItem(r, "study")),
            cJSON_GetStringValue(cJSON_GetObjectItem(r, "topology")),
            cJSON_GetStringValue(cJSON_GetObjectItem(r, "tm")), (int)N(r, "intervals"),
            N(r, "interval_s"), (int)N(r, "pops"), (int)N(r, "routers_per_pop"));
    fprintf(out,
            "  intra-POP: %.1f kWh vs %.1f kWh all-on: savings %.1f%% (cost %.1f%%), routers on "
            "%d..%d, %d migrations, inter-POP MLU %.3f (all-on %.3f)%s\n",
            N(t, "energy_kwh"), N(t, "baseline_energy_kwh"), N(t, "savings_percent"),
            N(t, "cost_savings_percent"), (int)N(t, "min_routers_on"), (int)N(t, "max_routers_on"),
            (int)N(t, "migrations"), N(t, "max_inter_pop_mlu"), N(t, "baseline_max_inter_pop_mlu"),
            cJSON_IsTrue(cJSON_GetObjectItem(t, "link_utilization_unchanged")) ? "" : " (UTILIZATION CHANGED)");
    if (i)
        fprintf(out,
                "  inter-POP: savings %.1f%% (cost %.1f%%), routers on %d..%d, %d migrations, "
                "inter-POP MLU %.3f\n",
                N(i, "savings_percent"), N(i, "cost_savings_percent"), (int)N(i, "min_routers_on"),
                (int)N(i, "max_routers_on"), (int)N(i, "migrations"), N(i, "max_inter_pop_mlu"));
#undef N
}

/* ---- traffic engineering ----------------------------------------------------------------- */

vs_err_t sched_te_run(const sched_power_config_t *c, double target, const char *plan_path,
                      cJSON **out)
{
    return sched_te_run_timed(c, target, plan_path, NULL, NULL, out);
}

static vs_err_t te_check_n1(const sched_inst_t *inst, const int *home, const sched_seq_t *seq,
                            cJSON *root)
{
    sched_n1_report_t rep = {0};
    vs_err_t err = sched_n1_check_plan(inst, home, seq, &rep);
    if (!err)
        err = sched_n1_json(&rep, inst, root);
    sched_n1_free(&rep);
    return err;
}

/* The traffic the te plan was made for, as maintenance's: PLAN.tm.xml beside the plan and
 * the plan's `traffic:` naming it, so that the plan replays it as fluid flows. */
static vs_err_t te_plan_traffic(sched_topo_t *st, trace_tm_t *tm, size_t busiest, const long *map,
                                const char *plan_path, sched_seq_t *seq)
{
    char path[4200];
    if (snprintf(path, sizeof path, "%s.tm.xml", plan_path) >= (int)sizeof path)
        return vs_fail(VS_ERANGE, "%s: path too long", plan_path);
    vs_err_t err = save_pop_matrix(st, tm, busiest, map, path);
    const char *base = strrchr(path, '/');
    return err ? err : sched_seq_set_traffic(seq, base ? base + 1 : path, trace_tm_time_ns(tm, busiest),
                                             trace_tm_interval_ns(tm));
}

vs_err_t sched_te_run_timed(const sched_power_config_t *c, double target, const char *plan_path,
                            sched_plan_timer_fn timer, void *timer_ctx, cJSON **out)
{
    vs_err_t err = VS_OK;
    double *dur = NULL;
    bool retimed = false;
    sched_topo_t *st = NULL;
    trace_tm_t *tm = NULL;
    long *map = NULL;
    int *home = NULL;
    sched_result_t r = {0};
    sched_seq_t *seq = NULL;
    cJSON *root = cJSON_CreateObject(), *timing;
    if (!root || !(timing = vs_json_obj(root, "timing"))) {
        cJSON_Delete(root);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    sched_topo_config_t tc = c->topo;
    tc.scope = SCHED_SCOPE_ANY;
    VS_TRY(sched_topo_build(c->topology, &tc, &st));
    VS_TRY(load_traffic(c, st, &tm, &map));
    sched_inst_t *inst = sched_topo_inst(st);
    size_t K = trace_tm_count(tm), busiest = 0;
    for (size_t k = 1; k < K; k++)
        if (trace_tm_total(tm, k) > trace_tm_total(tm, busiest))
            busiest = k;
    VS_TRY(sched_topo_set_traffic(st, trace_tm_matrix(tm, busiest), trace_tm_nodes(tm), map, NULL));
    home = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1));
    if (!home) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < inst->n_vrs; v++) {
        home[v] = inst->vrs[v].home;
        inst->vrs[v].movable = true;
    }
    inst->headroom = target;
    if (c->stretch > 0) {
        inst->stretch_factor = c->stretch;
        inst->stretch_slack_ms = 1.0;
    }
    VS_TRY(sched_inst_refresh(inst));
    sched_metrics_t before, after;
    sched_metrics(inst, home, &before);
    sched_solve_opts_t o = c->solve;
    err = sched_solve(inst, &o, &r);
    if (err == VS_EINFEASIBLE) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        err = vs_fail(VS_EINFEASIBLE, "target max link utilization %.3g cannot be met (now %.3g): %s",
                      target, before.mlu, msg);
    }
    if (err)
        goto out;
    sched_n1_repair_t rs = {0};
    if (c->survive_n1)
        VS_TRY(sched_n1_survive(inst, o.objective, &r, &rs));
    sched_metrics(inst, r.host, &after);
    VS_TRY(sched_seq_build(inst, home, r.host, &SCHED_SEQ_CONFIG_DEFAULT, &seq));
    if (plan_path)
        VS_TRY(te_plan_traffic(st, tm, busiest, map, plan_path, seq));
    if (plan_path)
        VS_TRY(sched_seq_write_yaml(seq, inst, plan_path));
    if (timer && plan_path && sched_seq_count(seq) > 0) {
        int n = sched_seq_count(seq);
        if (!(dur = malloc(sizeof(double) * (size_t)n))) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        VS_TRY(timer(timer_ctx, plan_path, dur, n));
        for (int k = 0; k < n; k++)
            if (!(dur[k] >= 0) || isinf(dur[k])) {
                err = vs_fail(VS_EINVAL, "re-timing the plan: migration %d has duration %g s, "
                                         "expected a finite value >= 0",
                              k, dur[k]);
                goto out;
            }
        sched_seq_retime(seq, dur);
        VS_TRY(sched_seq_write_yaml(seq, inst, plan_path));
        retimed = true;
    }
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "task", "te");
    cJSON_AddStringToObject(root, "topology", c->topology);
    cJSON_AddStringToObject(root, "tm", c->tm);
    cJSON_AddNumberToObject(root, "interval_time_s", trace_tm_time_ns(tm, busiest) / 1e9);
    cJSON_AddNumberToObject(root, "target_mlu", target);
    cJSON_AddNumberToObject(root, "mlu_before", before.mlu);
    cJSON_AddNumberToObject(root, "mlu_after", after.mlu);
    cJSON_AddNumberToObject(root, "migrations", after.migrations);
    cJSON_AddNumberToObject(root, "stretch_ms", after.stretch_ms);
    VS_TRY(sched_result_json(vs_json_obj(root, "result"), inst, &o, &r, timing));
    VS_TRY(sched_seq_json(seq, inst, vs_json_arr(root, "plan")));
    cJSON_AddNumberToObject(root, "plan_duration_s", sched_seq_duration_s(seq));
    cJSON_AddBoolToObject(root, "retimed", retimed);
    if (c->survive_n1)
        VS_TRY(sched_n1_repair_json(&rs, root));
    if (c->check_n1)
        VS_TRY(te_check_n1(inst, home, seq, root));
    *out = root;
    root = NULL;
out:
    free(dur);
    cJSON_Delete(root);
    sched_seq_destroy(seq);
    sched_result_free(&r);
    free(home);
    free(map);
    trace_tm_destroy(tm);
    sched_topo_destroy(st);
    return err;
}

void sched_te_print(const cJSON *r, FILE *out)
{
#define N(o, k) cJSON_GetNumberValue(cJSON_GetObjectItem((o), (k)))
    const cJSON *res = cJSON_GetObjectItem(r, "result");
    fprintf(out, "te: max link utilization %.4f -> %.4f (target %.4f) with %d migration(s); %s %s, "
                 "plan takes %.1f s\n",
            N(r, "mlu_before"), N(r, "mlu_after"), N(r, "target_mlu"), (int)N(r, "migrations"),
            cJSON_GetStringValue(cJSON_GetObjectItem(res, "solver")),
            cJSON_GetStringValue(cJSON_GetObjectItem(res, "status")), N(r, "plan_duration_s"));
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(r, "plan"))
        fprintf(out, "  t=%8.1fs %-20s %s -> %s\n", N(m, "start_s"),
                cJSON_GetStringValue(cJSON_GetObjectItem(m, "vr")),
                cJSON_GetStringValue(cJSON_GetObjectItem(m, "from")),
                cJSON_GetStringValue(cJSON_GetObjectItem(m, "to")));
#undef N
    sched_n1_print(r, 20, out);
}
