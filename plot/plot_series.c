#include "plot_series.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot_util.h"
#include "vs_units.h"

bool plot__cell_name(const char *name, plot_cell_name_t *out)
{
    const char *at = strchr(name, '@');
    if (!at || at == name || (size_t)(at - name) >= sizeof out->series)
        return false;
    char *end;
    double x = strtod(at + 1, &end);
    if (end == at + 1 || !isfinite(x) || strlen(end) >= sizeof out->unit)
        return false;
    snprintf(out->series, sizeof out->series, "%.*s", (int)(at - name), name);
    snprintf(out->unit, sizeof out->unit, "%s", end);
    out->x = x;
    return true;
}

const cJSON *plot__target(const cJSON *root, const char *id)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets"))
    {
        if (strcmp(plot__str(t, "id", ""), id) == 0)
            return t;
    }
    return NULL;
}

/* Each parser refuses what is not its kind; the first that takes the text wins. */
static bool with_unit(const char *s, double *x, const char **unit)
{
    double d;
    int64_t i;
    if (vs_parse_double(s, &d) == VS_OK)
        return *x = d, *unit = "", true;
    if (vs_parse_rate_bps(s, &d) == VS_OK)
        return *x = d / 1e6, *unit = "Mbps", true;
    if (vs_parse_pps(s, &d) == VS_OK)
        return *x = d / 1e3, *unit = "kpps", true;
    if (vs_parse_size_bytes(s, &i) == VS_OK)
        return *x = (double)i / 1e6, *unit = "MB", true;
    if (vs_parse_duration(s, 0, &i) == VS_OK)
        return *x = (double)i / 1e9, *unit = "s", true;
    return false;
}

bool plot__axis_value(const cJSON *v, double *x, const char **unit)
{
    if (cJSON_IsNumber(v))
        return *x = v->valuedouble, *unit = "", true;
    if (!cJSON_IsString(v))
        return false;
    return with_unit(v->valuestring, x, unit);
}

const cJSON *plot__sweep_groups(const cJSON *root)
{
    if (!cJSON_IsString(cJSON_GetObjectItem(root, "sweep")))
        return NULL;
    return plot__arr(root, "groups", false);
}

/* One end of a metric's "ci95": [low, high] (NAN where null or absent). */
static double ci_end(const cJSON *m, int end)
{
    const cJSON *x = cJSON_GetArrayItem(cJSON_GetObjectItem(m, "ci95"), end);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

bool plot__group_stat(const cJSON *group, const char *metric, plot_stat_t *out)
{
    const cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(group, "metrics"), metric);
    if (!cJSON_IsObject(m))
        return false;
    *out = (plot_stat_t){plot__num(m, "n"), plot__num(m, "mean"), plot__num(m, "sd"),
                         ci_end(m, 0),          ci_end(m, 1),          plot__num(m, "min"),
                         plot__num(m, "max")};
    return true;
}

/* The first 'by' axis every group has as a number; NULL when none. */
static const char *x_axis(const cJSON *by, const cJSON *groups, const char **unit)
{
    const cJSON *a, *g;
    cJSON_ArrayForEach(a, by)
    {
        if (!cJSON_IsString(a))
            continue;
        bool all = true;
        const char *first = NULL;
        cJSON_ArrayForEach(g, groups)
        {
            double x;
            const char *u;
            if (!plot__axis_value(cJSON_GetObjectItem(cJSON_GetObjectItem(g, "values"), a->valuestring), &x, &u) ||
                (first && strcmp(first, u) != 0)) {
                all = false;
                break;
            }
            first = first ? first : u;
        }
        if (all) {
            *unit = first ? first : "";
            return a->valuestring;
        }
    }
    return NULL;
}

/* "memory=pre-copy, ...": the other axes' values, each named by its path's last part. */
static void label_of(const cJSON *by, const char *axis, const cJSON *g, char *buf, size_t len)
{
    const cJSON *a;
    size_t used = 0;
    buf[0] = '\0';
    cJSON_ArrayForEach(a, by)
    {
        if (!cJSON_IsString(a) || strcmp(a->valuestring, axis) == 0 || used >= len)
            continue;
        const char *name = strrchr(a->valuestring, '.');
        const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(g, "values"), a->valuestring);
        char val[48];
        if (cJSON_IsNumber(v))
            snprintf(val, sizeof val, "%g", v->valuedouble);
        else
            snprintf(val, sizeof val, "%s", cJSON_IsString(v) ? v->valuestring : "?");
        int k = snprintf(buf + used, len - used, "%s%s=%s", used ? ", " : "", name ? name + 1 : a->valuestring, val);
        used += k > 0 ? (size_t)k : 0;
    }
}

static int by_line_then_x(const void *a, const void *b)
{
    const plot_point_t *p = a, *q = b;
    if (p->line != q->line)
        return p->line < q->line ? -1 : 1;
    return p->x < q->x ? -1 : p->x > q->x;
}

const char *plot__sweep_read(const cJSON *root, plot_sweep_t *out)
{
    *out = (plot_sweep_t){0};
    const cJSON *groups = plot__sweep_groups(root), *by = cJSON_GetObjectItem(root, "by");
    if (!groups || cJSON_GetArraySize(groups) == 0)
        return "no groups ('groups' is missing or empty)";
    if (!cJSON_IsArray(by) || cJSON_GetArraySize(by) == 0)
        return "no axes ('by' is missing or empty)";
    const char *axis = x_axis(by, groups, &out->unit);
    if (!axis)
        return "no axis to draw against (no 'by' axis has a number in every group's 'values')";
    size_t n = (size_t)cJSON_GetArraySize(groups);
    out->axis = axis;
    out->points = calloc(n, sizeof *out->points);
    out->labels = calloc(n, sizeof *out->labels);
    if (!out->points || !out->labels) {
        plot__sweep_free(out);
        return "out of memory";
    }
    const cJSON *g;
    cJSON_ArrayForEach(g, groups)
    {
        plot_point_t *p = &out->points[out->n++];
        const char *u;
        p->group = g;
        plot__axis_value(cJSON_GetObjectItem(cJSON_GetObjectItem(g, "values"), axis), &p->x, &u);
        char label[128];
        label_of(by, axis, g, label, sizeof label);
        for (p->line = 0; p->line < out->n_lines && strcmp(out->labels[p->line], label) != 0; p->line++)
            ;
        if (p->line == out->n_lines)
            memcpy(out->labels[out->n_lines++], label, sizeof label);
    }
    qsort(out->points, out->n, sizeof *out->points, by_line_then_x);
    return NULL;
}

void plot__sweep_free(plot_sweep_t *s)
{
    free(s->points);
    free(s->labels);
    *s = (plot_sweep_t){0};
}

bool plot__sweep_has(const plot_sweep_t *s, const char *metric)
{
    plot_stat_t st;
    for (size_t i = 0; i < s->n; i++)
        if (!plot__group_stat(s->points[i].group, metric, &st))
            return false;
    return s->n > 0;
}
