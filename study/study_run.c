#include "study_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "scn_set.h"

/* "PATH=VALUE" for each axis, in one block: sets[a] points into *block (the caller frees). */
static vs_err_t point_sets(const study_sweep_t *sw, const char **values, const char **sets,
                           char **block)
{
    size_t len = 1;
    for (size_t a = 0; a < sw->n_axes; a++)
        len += strlen(sw->axes[a].path) + strlen(values[a]) + 2;
    char *p = *block = malloc(len);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t a = 0; a < sw->n_axes; a++) {
        sets[a] = p;
        p += sprintf(p, "%s=%s", sw->axes[a].path, values[a]) + 1;
    }
    return VS_OK;
}

/* A point of a power, te or timers base: the base's configuration with the axes' options, the
 * point's seed, and the command's JSON result. */
static vs_err_t run_option_point(const study_sweep_t *sw, const char *const *values, uint64_t seed,
                                 cJSON **root)
{
    const char *names[sw->n_axes + 1];
    study_config_t *cfg = malloc(sizeof *cfg);
    run_timers_result_t *r = malloc(sizeof *r);
    vs_err_t err;
    if (!cfg || !r)
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    for (size_t a = 0; a < sw->n_axes; a++)
        names[a] = sw->axes[a].path;
    VS_TRY(study_base_config(sw, names, values, sw->n_axes, cfg));
    cfg->plan.solve.seed = cfg->timers.seed = seed;
    if (sw->kind == STUDY_BASE_POWER) {
        err = sched_power_run(&cfg->plan, root);
    } else if (sw->kind == STUDY_BASE_TE) {
        if (!(cfg->target_mlu > 0))
            VS_TRY(vs_fail(VS_EUSAGE, "--target-mlu X (a utilization in (0, 1]) is required: "
                           "give it as an option of the base or an axis"));
        err = sched_te_run(&cfg->plan, cfg->target_mlu, NULL, root);
    } else {
        VS_TRY(run_timers_settle(&cfg->timers));
        VS_TRY(run_timers(&cfg->timers, NULL, r));
        err = run_timers_json(&cfg->timers, r, root);
    }
out:
    free(r);
    free(cfg);
    return err;
}

vs_err_t study_run_point(const study_sweep_t *sw, size_t i, char **json)
{
    const char **values = calloc(sw->n_axes + 1, sizeof *values);
    const char **sets = calloc(sw->n_axes + 1, sizeof *sets);
    char *block = NULL;
    const scn_t *scn = NULL;
    run_results_t *res = NULL;
    cJSON *root = NULL;
    run_opts_t ro = {.has_seed = true};
    vs_err_t err;
    *json = NULL;
    if (!values || !sets)
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    study_point(sw, i, values, &ro.seed);
    if (sw->kind != STUDY_BASE_SCENARIO) {
        VS_TRY(run_option_point(sw, values, ro.seed, &root));
        if (!(*json = cJSON_PrintUnformatted(root)))
            VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
        goto out;
    }
    VS_TRY(point_sets(sw, values, sets, &block));
    VS_TRY(scn_derive(sw->base, sets, sw->n_axes, &scn));
    VS_TRY(run_scenario(scn, &ro, &res));
    if (!(root = run_results_json(scn, res)) || !(*json = cJSON_PrintUnformatted(root)))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
out:
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
    free(block);
    free(sets);
    free(values);
    return err;
}

void study_metric_get(const cJSON *root, const char *path, double *out, bool *is_null)
{
    const cJSON *node = root;
    const char *p = path;
    *is_null = true;
    *out = 0;
    while (node && *p) {
        if (*p == '[') {
            char *end;
            long idx = strtol(p + 1, &end, 10);
            if (*end != ']' || idx < 0)
                return;
            node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, (int)idx) : NULL;
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            char key[256];
            if (n == 0 || n >= sizeof key)
                return;
            memcpy(key, p, n);
            key[n] = '\0';
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, key) : NULL;
            p += n;
        }
        if (*p == '.')
            p++;
    }
    if (node && cJSON_IsNumber(node)) {
        *out = node->valuedouble;
        *is_null = false;
    }
}
