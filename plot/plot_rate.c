#include "plot_rate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_pl.h"
#include "plot_series.h"
#include "vs_out.h"

#define MAX_PANELS 10
#define MAX_LINES 6

/* The targets that sweep a rate, the unit their cell names carry after the number, and the
 * x axis it is (bench/repro_s08_data.c, bench/repro_others.c). */
static const struct {
    const char *id, *unit, *xlabel;
} axes[] = {
    {"s08-table3", "Mbps", "UDP data rate (Mbps), 1 Gbps shared with the migration"},
    {"s08-fig9", "Mbps", "UDP data rate (Mbps), 1 Gbps shared with the migration"},
    {"s08-fig9", "Mbps_spare", "bandwidth left to the migration (Mbps)"},
    {"s08-sd-delay", "k", "packet rate through the VR (k packets/s, both ways)"},
    {"p10-downtime", "kpps", "data packet rate (kpps)"},
    {"p10-loss", "kpps", "data packet rate (kpps)"},
};
enum { NAXES = sizeof axes / sizeof axes[0] };

/* A measure's unit, from a word of its name: "loss_pct_with_migration", "jitter_ms". */
static const struct {
    const char *word, *unit, *ylabel;
} yunits[] = {
    {"_pct", "%", "percent"}, {"_ms", "ms", "milliseconds"}, {"_s", "s", "seconds"}, {"", "packets", "packets"},
};
enum { NYUNITS = sizeof yunits / sizeof yunits[0] };

static int yunit_of(const char *series)
{
    for (int u = 0; u < NYUNITS - 1; u++) {
        size_t k = strlen(yunits[u].word);
        for (const char *s = strstr(series, yunits[u].word); s; s = strstr(s + 1, yunits[u].word))
            if (s[k] == '\0' || s[k] == '_')
                return u;
    }
    return NYUNITS - 1;
}

typedef struct {
    int axis, yunit;
    const cJSON *target;
    char lines[MAX_LINES][64];
    size_t n_lines;
} panel_t;

/* Calls fn on every cell of target t that axis a draws: its panel's y unit and parts. */
typedef void (*cell_fn)(void *ctx, int a, const cJSON *t, const cJSON *cell, const plot_cell_name_t *cn);
static void each_cell(const cJSON *root, cell_fn fn, void *ctx)
{
    for (int a = 0; a < NAXES; a++) {
        const cJSON *t = plot__target(root, axes[a].id), *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(t, "cells"))
        {
            plot_cell_name_t cn;
            if (plot__cell_name(plot__str(c, "name", ""), &cn) && strcmp(cn.unit, axes[a].unit) == 0 &&
                isfinite(plot__num(c, "simulated")))
                fn(ctx, a, t, c, &cn);
        }
    }
}

typedef struct {
    panel_t p[MAX_PANELS];
    size_t n;
} layout_t;

static void add_cell(void *ctx, int a, const cJSON *t, const cJSON *cell, const plot_cell_name_t *cn)
{
    layout_t *l = ctx;
    int u = yunit_of(cn->series);
    size_t i = 0;
    while (i < l->n && !(l->p[i].axis == a && l->p[i].yunit == u))
        i++;
    if (i == MAX_PANELS)
        return;
    panel_t *p = &l->p[i];
    if (i == l->n)
        *p = (panel_t){.axis = a, .yunit = u, .target = t}, l->n++;
    size_t k = 0;
    while (k < p->n_lines && strcmp(p->lines[k], cn->series) != 0)
        k++;
    if (k == p->n_lines && k < MAX_LINES)
        snprintf(p->lines[p->n_lines++], sizeof p->lines[0], "%s", cn->series);
}

static const char *check(const cJSON *root)
{
    layout_t l = {0};
    each_cell(root, add_cell, &l);
    return l.n ? NULL : "no target that sweeps the data rate (s08-fig9, s08-table3, s08-sd-delay, "
                        "p10-downtime, p10-loss) with cells '<measure>@<rate>'";
}

static void csv_cell(void *ctx, int a, const cJSON *t, const cJSON *cell, const plot_cell_name_t *cn)
{
    FILE *f = ctx;
    plot__csv_str(f, axes[a].id, ',');
    plot__csv_str(f, cn->series, ',');
    plot__csv_num(f, cn->x, ',');
    plot__csv_str(f, cn->unit, ',');
    plot__csv_num(f, plot__num(cell, "simulated"), ',');
    plot__csv_str(f, yunits[yunit_of(cn->series)].unit, ',');
    plot__csv_str(f, cJSON_IsTrue(cJSON_GetObjectItem(cell, "ok")) ? "true" : "false", '\n');
}

static vs_err_t write_csv(const char *path, const cJSON *root)
{
    vs_outfile_t *o;
    FILE *f;
    vs_err_t err = plot__csv_open(path, "target,measure,x,x_unit,value,value_unit,ok\n", &o, &f);
    if (err)
        return err;
    each_cell(root, csv_cell, f);
    return vs_out_commit(o);
}

static const int line_colors[MAX_LINES] = {PLOT_C_BLUE, PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_PURPLE, PLOT_C_RED, PLOT_C_SKY};

/* One measure's points of panel p, in the cells' order (the targets list them by rate). */
static size_t line_points(const panel_t *p, const char *series, double *xs, double *ys, size_t cap)
{
    size_t n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(p->target, "cells"))
    {
        plot_cell_name_t cn;
        if (n < cap && plot__cell_name(plot__str(c, "name", ""), &cn) && strcmp(cn.series, series) == 0 &&
            strcmp(cn.unit, axes[p->axis].unit) == 0 && isfinite(plot__num(c, "simulated")))
            xs[n] = cn.x, ys[n++] = plot__num(c, "simulated");
    }
    return n;
}

static void draw_panel(plot_pl_t *p, const panel_t *pn, plot_panel_t *axes_pn, double *xs, double *ys, size_t cap)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = 0, ymax = 0;
    for (size_t k = 0; k < pn->n_lines; k++) {
        size_t n = line_points(pn, pn->lines[k], xs, ys, cap);
        for (size_t i = 0; i < n; i++) {
            xmin = fmin(xmin, xs[i]), xmax = fmax(xmax, xs[i]);
            ymin = fmin(ymin, ys[i]), ymax = fmax(ymax, ys[i]);
        }
    }
    double pad = xmax > xmin ? (xmax - xmin) * 0.06 : fmax(1, fabs(xmin) * 0.1);
    axes_pn->xmin = xmin - pad, axes_pn->xmax = xmax + pad;
    axes_pn->ymin = ymin < 0 ? ymin * 1.1 : 0, axes_pn->ymax = ymax > 0 ? ymax * 1.4 : 1; /* room for the legend */
    plot_pl_panel(p, axes_pn);
    const char *names[MAX_LINES];
    int colors[MAX_LINES];
    bool line[MAX_LINES];
    for (size_t k = 0; k < pn->n_lines; k++) {
        size_t n = line_points(pn, pn->lines[k], xs, ys, cap);
        plot_pl_color(p, line_colors[k]);
        plot_pl_line(p, n, xs, ys, 2);
        plot_pl_points(p, n, xs, ys, PLOT_M_CIRCLE, 0.6);
        names[k] = pn->lines[k], colors[k] = line_colors[k], line[k] = true;
    }
    plot_pl_legend(p, pn->n_lines, names, colors, line, PLOT_LEG_INSIDE);
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    layout_t l = {0};
    each_cell(root, add_cell, &l);
    size_t cap = 0;
    for (size_t i = 0; i < l.n; i++)
        cap += (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(l.p[i].target, "cells"));
    double *xs = calloc(cap + 1, sizeof *xs), *ys = calloc(cap + 1, sizeof *ys);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (!xs || !ys) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int rows = (int)(l.n + 1) / 2, h = 70 + rows * 300;
    if ((err = write_csv(csv, root)) || (err = plot_pl_open(fig, fmt, 1000, h, &p)))
        goto out;
    plot_pl_page_title(p, "data traffic against the data rate (reproduction targets)");
    for (size_t i = 0; i < l.n; i++) {
        const panel_t *pn = &l.p[i];
        double top = 1 - (70.0 + (double)(i / 2) * 300) / h, left = i % 2 ? 0.58 : 0.08;
        char title[96], ylabel[64];
        snprintf(title, sizeof title, "%s", axes[pn->axis].id);
        snprintf(ylabel, sizeof ylabel, "%s", yunits[pn->yunit].ylabel);
        plot_panel_t a = {.vx0 = left, .vx1 = left + 0.38, .vy0 = top - 230.0 / h, .vy1 = top - 25.0 / h,
                          .xgrid = true, .title = title, .ylabel = ylabel, .xlabel = axes[pn->axis].xlabel};
        draw_panel(p, pn, &a, xs, ys, cap);
    }
    err = plot_pl_close(p);
out:
    free(xs);
    free(ys);
    return err;
}

const plot_figure_t plot_fig_rate = {
    .name = "rate", .title = "data traffic against the data rate", .check = check, .draw = draw,
};
