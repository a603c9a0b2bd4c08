#include "study_summary.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vs_out.h"

/* The statistics of one group's metric, NAN where the group cannot have one. */
enum { ST_N, ST_MEAN, ST_SD, ST_LOW, ST_HIGH, ST_MIN, ST_MAX, ST_COUNT };
static const char *const stat_names[ST_COUNT] = {"n", "mean", "sd", "ci95_low", "ci95_high",
                                                 "min", "max"};

static void stats_of(const sim_tally_t *t, double *out)
{
    double n = (double)t->n, sd = sqrt(sim_tally_variance(t));
    double half = t->n >= 2 ? sim_t_quantile(0.975, n - 1) * sd / sqrt(n) : NAN;
    out[ST_N] = n;
    out[ST_MEAN] = t->n ? sim_tally_mean(t) : NAN;
    out[ST_SD] = t->n >= 2 ? sd : NAN;
    out[ST_LOW] = out[ST_MEAN] - half;
    out[ST_HIGH] = out[ST_MEAN] + half;
    out[ST_MIN] = t->n ? t->min : NAN;
    out[ST_MAX] = t->n ? t->max : NAN;
}

/* The index of value of axis a at combination combo (the inverse of study_point's order). */
static size_t value_index(const study_sweep_t *sw, size_t a, size_t combo)
{
    if (sw->zip)
        return combo;
    for (size_t b = sw->n_axes; --b > a;)
        combo /= sw->axes[b].n_values;
    return combo % sw->axes[a].n_values;
}

static size_t by_size(const study_sweep_t *sw, size_t a)
{
    return a == sw->n_axes ? sw->n_seeds : sw->axes[a].n_values;
}

static size_t group_of(const study_sweep_t *sw, const study_summary_table_t *t, size_t idx)
{
    size_t g = 0, combo = idx / sw->n_seeds;
    for (size_t i = 0; i < t->n_by; i++) {
        size_t a = t->by[i];
        g = g * by_size(sw, a) + (a == sw->n_axes ? idx % sw->n_seeds : value_index(sw, a, combo));
    }
    return g;
}

/* The axis `name` designates: its path, or the last key of its path if no other axis's
 * ends so; sw->n_axes for the seed. */
static vs_err_t find_axis(const study_sweep_t *sw, const char *name, size_t *out)
{
    size_t found = SIZE_MAX, tails = 0;
    for (size_t a = 0; a < sw->n_axes; a++) {
        const char *path = sw->axes[a].path, *dot = strrchr(path, '.');
        if (!strcmp(path, name)) {
            *out = a;
            return VS_OK;
        }
        if (dot && !strcmp(dot + 1, name)) {
            found = a;
            tails++;
        }
    }
    if (tails == 1 || !strcmp(name, STUDY_BY_SEED)) {
        *out = tails == 1 ? found : sw->n_axes;
        return VS_OK;
    }
    char list[2048] = "";
    for (size_t a = 0, len = 0; a < sw->n_axes && len < sizeof list; a++)
        len += (size_t)snprintf(list + len, sizeof list - len, "'%s', ", sw->axes[a].path);
    return vs_fail(VS_EUSAGE, "--by '%s': %s axis of sweep %s; expected one of %s'" STUDY_BY_SEED
                   "'", name, tails > 1 ? "names more than one" : "not an", sw->file, list);
}

typedef struct {
    const study_sweep_t *sw;
    study_summary_table_t *t;
} walk_t;

static vs_err_t add_row(void *ctx, size_t idx, study_status_t st, const double *metrics,
                        const bool *nulls)
{
    const study_sweep_t *sw = ((walk_t *)ctx)->sw;
    study_summary_table_t *t = ((walk_t *)ctx)->t;
    study_group_t *g = &t->groups[group_of(sw, t, idx)];
    g->ok += st == STUDY_OK;
    g->failed += st == STUDY_FAILED;
    g->crashed += st == STUDY_CRASHED;
    for (size_t m = 0; st == STUDY_OK && m < sw->n_metrics; m++)
        if (!nulls[m])
            sim_tally_add(&g->metrics[m], metrics[m]);
    return VS_OK;
}

static vs_err_t resolve_by(const study_sweep_t *sw, const char *const *by, size_t n_by,
                           study_summary_table_t *t)
{
    double groups = 1;
    vs_err_t err;
    for (size_t i = 0; i < n_by; i++) {
        VS_TRY(find_axis(sw, by[i], &t->by[i]));
        for (size_t j = 0; j < i; j++)
            if (t->by[j] == t->by[i])
                return vs_fail(VS_EUSAGE, "--by '%s': that axis is already grouped by", by[i]);
        t->n_by++;
        groups *= (double)by_size(sw, t->by[i]);
    }
    if (groups > STUDY_MAX_POINTS)
        return vs_fail(VS_EUSAGE, "--by: %.0f groups, more than %d", groups, STUDY_MAX_POINTS);
    t->n_groups = (size_t)groups;
out:
    return err;
}

vs_err_t study_summarize(const study_sweep_t *sw, study_db_t *db, const char *const *by,
                         size_t n_by, study_summary_table_t **out)
{
    study_summary_table_t *t = calloc(1, sizeof *t);
    vs_err_t err;
    *out = NULL;
    if (!t || !(t->by = calloc(n_by + 1, sizeof *t->by)))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    VS_TRY(resolve_by(sw, by, n_by, t));
    if (!(t->groups = calloc(t->n_groups, sizeof *t->groups)))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    for (size_t g = 0; g < t->n_groups; g++) {
        if (!(t->groups[g].metrics = calloc(sw->n_metrics + 1, sizeof(sim_tally_t))))
            VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
        for (size_t m = 0; m < sw->n_metrics; m++)
            sim_tally_init(&t->groups[g].metrics[m]);
    }
    for (size_t i = 0; i < sw->n_points; i++)
        t->groups[group_of(sw, t, i)].points++;
    walk_t walk = {sw, t};
    VS_TRY(study_db_each(db, sw, add_row, &walk));
    *out = t;
    t = NULL;
out:
    study_summary_free(t);
    return err;
}

void study_summary_free(study_summary_table_t *t)
{
    if (!t)
        return;
    for (size_t g = 0; t->groups && g < t->n_groups; g++)
        free(t->groups[g].metrics);
    free(t->groups);
    free(t->by);
    free(t);
}

/* The value of --by i in group g, into buf. */
static const char *by_value(const study_sweep_t *sw, const study_summary_table_t *t, size_t g,
                            size_t i, char *buf, size_t len)
{
    for (size_t j = t->n_by; --j > i;)
        g /= by_size(sw, t->by[j]);
    size_t a = t->by[i], v = g % by_size(sw, a);
    if (a < sw->n_axes)
        return sw->axes[a].values[v];
    snprintf(buf, len, "%llu", (unsigned long long)sw->seeds[v]);
    return buf;
}

static const char *by_name(const study_sweep_t *sw, size_t a)
{
    return a < sw->n_axes ? sw->axes[a].path : STUDY_BY_SEED;
}

/* The table's cells, line by line: a header, then a line per group and metric (one per group
 * when the sweep has no metrics). cells[line * cols + col], strings malloc'd. */
typedef struct {
    char **cells;
    size_t lines, cols;
} grid_t;

static char *fmt_num(double v, bool exact)
{
    char buf[64];
    if (isnan(v))
        return strdup(exact ? "" : "-");
    snprintf(buf, sizeof buf, exact ? "%.15g" : "%.6g", v);
    return strdup(buf);
}

static bool grid_make(const study_sweep_t *sw, const study_summary_table_t *t, bool exact,
                      grid_t *gr)
{
    size_t per = sw->n_metrics ? sw->n_metrics : 1, live = 0, cell = 0;
    for (size_t g = 0; g < t->n_groups; g++)
        live += t->groups[g].points > 0;
    gr->cols = t->n_by + 3 + ST_COUNT;
    gr->lines = 1 + live * per;
    if (!(gr->cells = calloc(gr->lines * gr->cols, sizeof *gr->cells)))
        return false;
    for (size_t i = 0; i < t->n_by; i++)
        gr->cells[cell++] = strdup(by_name(sw, t->by[i]));
    gr->cells[cell++] = strdup("points");
    gr->cells[cell++] = strdup("ok");
    gr->cells[cell++] = strdup("metric");
    for (size_t s = 0; s < ST_COUNT; s++)
        gr->cells[cell++] = strdup(stat_names[s]);
    for (size_t g = 0; g < t->n_groups; g++)
        for (size_t m = 0; t->groups[g].points && m < per; m++) {
            char buf[32];
            double st[ST_COUNT];
            for (size_t i = 0; i < t->n_by; i++)
                gr->cells[cell++] = strdup(by_value(sw, t, g, i, buf, sizeof buf));
            gr->cells[cell++] = fmt_num((double)t->groups[g].points, exact);
            gr->cells[cell++] = fmt_num((double)t->groups[g].ok, exact);
            gr->cells[cell++] = strdup(sw->n_metrics ? sw->metrics[m].name : exact ? "" : "-");
            if (sw->n_metrics)
                stats_of(&t->groups[g].metrics[m], st);
            for (size_t s = 0; s < ST_COUNT; s++)
                gr->cells[cell++] = fmt_num(sw->n_metrics ? st[s] : NAN, exact);
        }
    for (size_t c = 0; c < gr->lines * gr->cols; c++)
        if (!gr->cells[c])
            return false;
    return true;
}

static void grid_free(grid_t *gr)
{
    for (size_t c = 0; gr->cells && c < gr->lines * gr->cols; c++)
        free(gr->cells[c]);
    free(gr->cells);
}

void study_summary_print(const study_sweep_t *sw, const study_summary_table_t *t, FILE *f)
{
    grid_t gr = {0};
    if (!grid_make(sw, t, false, &gr)) {
        fprintf(f, "(out of memory)\n");
        grid_free(&gr);
        return;
    }
    size_t width[gr.cols];
    for (size_t c = 0; c < gr.cols; c++) {
        width[c] = 0;
        for (size_t l = 0; l < gr.lines; l++)
            if (strlen(gr.cells[l * gr.cols + c]) > width[c])
                width[c] = strlen(gr.cells[l * gr.cols + c]);
    }
    /* text left-aligned (the groups' values, the metric), numbers right */
    for (size_t l = 0; l < gr.lines; l++)
        for (size_t c = 0; c < gr.cols; c++) {
            bool left = c < t->n_by || c == t->n_by + 2;
            fprintf(f, left ? "%-*s%s" : "%*s%s", (int)width[c], gr.cells[l * gr.cols + c],
                    c + 1 < gr.cols ? "  " : "\n");
        }
    grid_free(&gr);
}

void study_summary_csv(const study_sweep_t *sw, const study_summary_table_t *t, FILE *f)
{
    grid_t gr = {0};
    if (grid_make(sw, t, true, &gr))
        for (size_t c = 0; c < gr.lines * gr.cols; c++)
            vs_csv_str(f, gr.cells[c], (c + 1) % gr.cols ? ',' : '\n');
    else
        fprintf(f, "out of memory\n");
    grid_free(&gr);
}

static cJSON *num_or_null(double v)
{
    return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static bool group_json(const study_sweep_t *sw, const study_summary_table_t *t, size_t g,
                       cJSON *arr)
{
    const study_group_t *gp = &t->groups[g];
    cJSON *o = cJSON_CreateObject(), *vals = cJSON_AddObjectToObject(o, "values"), *ms;
    if (!o || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return false;
    }
    bool ok = vals != NULL;
    for (size_t i = 0; ok && i < t->n_by; i++) {
        char buf[32];
        const char *v = by_value(sw, t, g, i, buf, sizeof buf);
        ok = t->by[i] < sw->n_axes ? cJSON_AddStringToObject(vals, by_name(sw, t->by[i]), v) != NULL
                                   : cJSON_AddNumberToObject(vals, STUDY_BY_SEED, atof(v)) != NULL;
    }
    ok = ok && cJSON_AddNumberToObject(o, "points", (double)gp->points) &&
         cJSON_AddNumberToObject(o, "ok", (double)gp->ok) &&
         cJSON_AddNumberToObject(o, "failed", (double)gp->failed) &&
         cJSON_AddNumberToObject(o, "crashed", (double)gp->crashed) &&
         cJSON_AddNumberToObject(o, "left",
                                 (double)(gp->points - gp->ok - gp->failed - gp->crashed)) &&
         (ms = cJSON_AddObjectToObject(o, "metrics"));
    for (size_t m = 0; ok && m < sw->n_metrics; m++) {
        double st[ST_COUNT];
        cJSON *mo = cJSON_AddObjectToObject(ms, sw->metrics[m].name), *ci;
        stats_of(&gp->metrics[m], st);
        ok = mo && cJSON_AddNumberToObject(mo, "n", st[ST_N]) &&
             cJSON_AddItemToObject(mo, "mean", num_or_null(st[ST_MEAN])) &&
             cJSON_AddItemToObject(mo, "sd", num_or_null(st[ST_SD])) &&
             (ci = cJSON_AddArrayToObject(mo, "ci95")) &&
             cJSON_AddItemToArray(ci, num_or_null(st[ST_LOW])) &&
             cJSON_AddItemToArray(ci, num_or_null(st[ST_HIGH])) &&
             cJSON_AddItemToObject(mo, "min", num_or_null(st[ST_MIN])) &&
             cJSON_AddItemToObject(mo, "max", num_or_null(st[ST_MAX]));
    }
    return ok;
}

cJSON *study_summary_json(const study_sweep_t *sw, const study_summary_table_t *t)
{
    cJSON *root = cJSON_CreateObject(), *by, *groups;
    bool ok = root && cJSON_AddNumberToObject(root, "schema", 1) &&
              cJSON_AddStringToObject(root, "sweep", sw->name) &&
              (by = cJSON_AddArrayToObject(root, "by")) &&
              (groups = cJSON_AddArrayToObject(root, "groups"));
    for (size_t i = 0; ok && i < t->n_by; i++)
        ok = cJSON_AddItemToArray(by, cJSON_CreateString(by_name(sw, t->by[i])));
    for (size_t g = 0; ok && g < t->n_groups; g++)
        ok = !t->groups[g].points || group_json(sw, t, g, groups);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}
