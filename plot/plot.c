#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_breakdown.h"
#include "plot_compare.h"
#include "plot_fib.h"
#include "plot_util.h"
#include "plot_plan.h"
#include "plot_power.h"
#include "plot_rate.h"
#include "plot_score.h"
#include "plot_series.h"
#include "plot_sweep.h"
#include "plot_timeline.h"
#include "plot_traffic.h"

/* The result kinds, told apart by their keys (docs/plot.md). A kind's figures are drawn in
 * order; a required one the result cannot feed is an error, an optional one is skipped. */
typedef struct {
    const char *name;
    bool (*is)(const cJSON *root);
    const plot_figure_t *figures[3];
    bool required[3];
    int schema; /* the newest schema version of this kind that is read */
} plot_kind_t;

static bool is_task(const cJSON *r, const char *task)
{
    return strcmp(plot__str(r, "task", ""), task) == 0;
}
static bool is_repro(const cJSON *r) { return cJSON_IsArray(cJSON_GetObjectItem(r, "targets")); }
static bool is_power(const cJSON *r) { return is_task(r, "power"); }
static bool is_plan(const cJSON *r) { return is_task(r, "maintenance") || is_task(r, "te"); }
static bool is_compare(const cJSON *r) { return cJSON_IsArray(cJSON_GetObjectItem(r, "rows")); }
static bool is_sweep(const cJSON *r) { return plot__sweep_groups(r) != NULL; }
static bool is_run(const cJSON *r)
{
    return !cJSON_GetObjectItem(r, "task") && cJSON_IsArray(cJSON_GetObjectItem(r, "migrations"));
}

/* A run's schema 2 added fib.fill (models/run/run_report.h); a schema-1 run lacks only it. */
static const plot_kind_t kinds[] = {
    {"reproduction", is_repro, {&plot_fig_score, &plot_fig_breakdown, &plot_fig_rate}, {true, false, false}, 1},
    {"power plan", is_power, {&plot_fig_power}, {true}, 1},
    {"plan", is_plan, {&plot_fig_plan}, {true}, 1},
    {"compare", is_compare, {&plot_fig_compare}, {true}, 1},
    {"sweep summary", is_sweep, {&plot_fig_sweep, &plot_fig_breakdown}, {true, false}, 1},
    {"run", is_run, {&plot_fig_timeline, &plot_fig_traffic, &plot_fig_fib}, {true, false, false}, 2},
};

static const plot_kind_t *kind_of(const cJSON *root)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].is(root))
            return &kinds[i];
    return NULL;
}

vs_err_t plot_check(const cJSON *root, const char *name)
{
    const cJSON *schema = cJSON_GetObjectItem(root, "schema");
    if (!cJSON_IsObject(root) || !schema)
        return vs_fail(VS_EINVAL, "%s: not a result vroomsim wrote (no 'schema' key)", name);
    if (!cJSON_IsNumber(schema))
        return vs_fail(VS_EINVAL, "%s: its 'schema' is not a number", name);
    const plot_kind_t *k = kind_of(root);
    if (!k)
        return vs_fail(VS_EINVAL, "%s: not a result vroomsim draws: none of 'migrations' (run), "
                                  "'targets' (reproduce), 'task' (plan), 'rows' (compare), "
                                  "'groups' (sweep summary)", name);
    double v = schema->valuedouble;
    if (v != floor(v) || v < 1 || v > k->schema)
        return vs_fail(VS_EINVAL, "%s: unknown schema version %g (this vroomsim reads %s results of "
                                  "schema 1%s)", name, v, k->name, k->schema == 2 ? " and 2" : "");
    for (int i = 0; i < 3 && k->figures[i]; i++) {
        const plot_figure_t *f = k->figures[i];
        const char *why = f->check(root);
        if (why && (k->required[i] || (f->has && f->has(root))))
            return vs_fail(VS_EINVAL, "%s: a %s result without what the %s needs: %s", name, k->name,
                           k->figures[i]->title, why);
    }
    return VS_OK;
}

vs_err_t plot_result(const cJSON *root, const char *name, const char *stem, const char *dir,
                     plot_format_t fmt, plot_files_t *made)
{
    vs_err_t err = plot_check(root, name);
    if (err)
        return err;
    const plot_kind_t *k = kind_of(root);
    for (int i = 0; i < 3 && k->figures[i]; i++) {
        const plot_figure_t *f = k->figures[i];
        if (f->check(root))
            continue; /* an optional figure this result has nothing for */
        char *fig = plot__path(dir, stem, f->name, plot_format_ext(fmt));
        char *csv = plot__path(dir, stem, f->name, "csv");
        if (!fig || !csv) {
            free(fig), free(csv);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
        err = f->draw(root, fig, csv, fmt);
        if (err) {
            free(fig), free(csv);
            return err;
        }
        if ((err = plot__add(made, fig, csv, f->title)))
            return err;
    }
    return VS_OK;
}

vs_err_t plot_load(const char *path, cJSON **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_fail(VS_ENOTFOUND, "%s: cannot open: %s", path, strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    vs_err_t err = VS_OK;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            char *t = realloc(text, cap = 2 * cap + 65536 + 1);
            if (!t) {
                err = vs_fail(VS_ENOMEM, "out of memory");
                goto out;
            }
            text = t;
        }
        size_t got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        err = vs_fail(VS_EIO, "%s: read error", path);
        goto out;
    }
    text[len] = '\0';
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root) {
        err = vs_fail(VS_EPARSE, "%s: not JSON (near byte %ld)", path,
                      (long)(cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : 0));
        goto out;
    }
    if ((err = plot_check(root, path))) {
        cJSON_Delete(root);
        goto out;
    }
    *out = root;
out:
    free(text);
    fclose(f);
    return err;
}
