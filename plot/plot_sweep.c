#include "plot_sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_pl.h"
#include "plot_series.h"
#include "vs_out.h"

#define MAX_METRICS 8
#define MAX_LINES 8

static const int line_colors[MAX_LINES] = {PLOT_C_BLUE,   PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_PURPLE,
                                           PLOT_C_RED,    PLOT_C_SKY,    PLOT_C_GREY,  PLOT_C_YELLOW};

/* The metrics to draw: the summary's "metrics" when given, else the first group's, in order. */
static size_t metrics_of(const cJSON *root, const char **out)
{
    size_t n = 0;
    const cJSON *list = cJSON_GetObjectItem(root, "metrics"), *m;
    if (cJSON_IsArray(list)) {
        cJSON_ArrayForEach(m, list)
        {
            if (cJSON_IsString(m) && n < MAX_METRICS)
                out[n++] = m->valuestring;
        }
        return n;
    }
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(cJSON_GetArrayItem(plot__sweep_groups(root), 0), "metrics"))
    {
        if (n < MAX_METRICS)
            out[n++] = m->string;
    }
    return n;
}

static const char *check(const cJSON *root)
{
    plot_sweep_t s;
    const char *why = plot__sweep_read(root, &s), *metrics[MAX_METRICS];
    if (!why && metrics_of(root, metrics) == 0)
        why = "no metrics (the groups' 'metrics' are empty)";
    for (size_t i = 0; !why && i < s.n; i++) {
        const cJSON *m = cJSON_GetObjectItem(s.points[i].group, "metrics");
        if (!cJSON_IsObject(m))
            why = "a group without 'metrics'";
    }
    plot__sweep_free(&s);
    return why;
}

static vs_err_t write_csv(const char *path, const plot_sweep_t *s, const char *const *metrics, size_t nm)
{
    vs_outfile_t *o;
    FILE *f;
    vs_err_t err = plot__csv_open(path, "group,axis,x,metric,n,mean,sd,ci95_low,ci95_high,min,max\n", &o, &f);
    if (err)
        return err;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < nm; k++) {
            plot_stat_t st = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
            plot__group_stat(s->points[i].group, metrics[k], &st);
            plot__csv_str(f, s->labels[s->points[i].line], ',');
            plot__csv_str(f, s->axis, ',');
            plot__csv_num(f, s->points[i].x, ',');
            plot__csv_str(f, metrics[k], ',');
            const double v[] = {st.n, st.mean, st.sd, st.lo, st.hi, st.min, st.max};
            for (size_t j = 0; j < 7; j++)
                plot__csv_num(f, v[j], j == 6 ? '\n' : ',');
        }
    return vs_out_commit(o);
}

/* Line l of metric m: its points with a mean, the CI bounds beside (NAN when none). */
static size_t line_of(const plot_sweep_t *s, size_t l, const char *m, double *x, double *y, double *lo, double *hi)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        plot_stat_t st;
        if (s->points[i].line != l || !plot__group_stat(s->points[i].group, m, &st) || !isfinite(st.mean))
            continue;
        x[n] = s->points[i].x, y[n] = st.mean, lo[n] = st.lo, hi[n] = st.hi;
        n++;
    }
    return n;
}

static void panel(plot_pl_t *p, const plot_sweep_t *s, const char *m, plot_panel_t *pn, double *buf)
{
    double *x = buf, *y = buf + s->n, *lo = buf + 2 * s->n, *hi = buf + 3 * s->n;
    double xmin = INFINITY, xmax = -INFINITY, ymin = 0, ymax = 0;
    size_t lines = s->n_lines < MAX_LINES ? s->n_lines : MAX_LINES, drawn = 0;
    for (size_t i = 0; i < s->n; i++) /* every point, so all panels share the x range */
        xmin = fmin(xmin, s->points[i].x), xmax = fmax(xmax, s->points[i].x);
    for (size_t l = 0; l < lines; l++) {
        size_t n = line_of(s, l, m, x, y, lo, hi);
        drawn += n;
        for (size_t i = 0; i < n; i++) {
            ymin = fmin(ymin, isfinite(lo[i]) ? fmin(lo[i], y[i]) : y[i]);
            ymax = fmax(ymax, isfinite(hi[i]) ? fmax(hi[i], y[i]) : y[i]);
        }
    }
    double pad = xmax > xmin ? (xmax - xmin) * 0.05 : fmax(1, fabs(xmin) * 0.1);
    pn->xmin = xmin - pad, pn->xmax = xmax + pad;
    pn->ymin = ymin < 0 ? ymin * 1.1 : 0, pn->ymax = ymax > 0 ? ymax * (lines > 1 ? 1.35 : 1.1) : 1;
    pn->title = m;
    plot_pl_panel(p, pn);
    const char *names[MAX_LINES];
    int colors[MAX_LINES];
    bool line[MAX_LINES];
    for (size_t l = 0; l < lines; l++) {
        size_t n = line_of(s, l, m, x, y, lo, hi);
        plot_pl_color(p, line_colors[l]);
        plot_pl_line(p, n, x, y, 2);
        plot_pl_points(p, n, x, y, PLOT_M_CIRCLE, 0.5);
        plot_pl_errbars(p, n, x, lo, hi);
        names[l] = s->labels[l], colors[l] = line_colors[l], line[l] = true;
    }
    if (lines > 1)
        plot_pl_legend(p, lines, names, colors, line, PLOT_LEG_INSIDE);
    if (drawn == 0) {
        plot_pl_color(p, PLOT_C_FG);
        plot_pl_text(p, (pn->xmin + pn->xmax) / 2, 0.5, 0.5, 1, "no value: null in every group");
    }
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    plot_sweep_t s;
    const char *metrics[MAX_METRICS], *why = plot__sweep_read(root, &s);
    if (why)
        return vs_fail(strcmp(why, "out of memory") ? VS_EINVAL : VS_ENOMEM, "%s", why);
    size_t nm = metrics_of(root, metrics);
    double *buf = calloc(4 * s.n, sizeof *buf);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (!buf) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int cols = nm > 1 ? 2 : 1, rows = (int)(nm + 1) / cols, h = 80 + rows * 300;
    if ((err = write_csv(csv, &s, metrics, nm)) || (err = plot_pl_open(fig, fmt, 1000, h, &p)))
        goto out;
    char title[200], xlabel[160];
    snprintf(title, sizeof title, "sweep %s: mean and 95%% confidence interval per point", plot__str(root, "sweep", "?"));
    snprintf(xlabel, sizeof xlabel, "%s%s%s%s", s.axis, *s.unit ? " (" : "", s.unit, *s.unit ? ")" : "");
    plot_pl_page_title(p, title);
    for (size_t k = 0; k < nm; k++) {
        double top = 1 - (80.0 + (double)(k / (size_t)cols) * 300) / h, left = cols == 2 && k % 2 ? 0.58 : 0.08;
        plot_panel_t pn = {.vx0 = left, .vx1 = left + (cols == 2 ? 0.38 : 0.84), .vy0 = top - 235.0 / h,
                           .vy1 = top - 25.0 / h, .xgrid = true, .xlabel = xlabel};
        panel(p, &s, metrics[k], &pn, buf);
    }
    err = plot_pl_close(p);
out:
    free(buf);
    plot__sweep_free(&s);
    return err;
}

const plot_figure_t plot_fig_sweep = {
    .name = "sweep", .title = "metrics against the swept axis", .check = check, .draw = draw,
};
