#include "plot_power.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "plot_pl.h"
#include "vs_out.h"

typedef struct {
    double hours, time_s, routers_on, linecards_on, power_w, baseline_w, savings_pct, migrations;
} point_t;

static const char *check(const cJSON *root)
{
    const cJSON *iv = plot__arr(root, "intervals_detail", true), *i;
    if (!iv)
        return "no intervals ('intervals_detail' is missing or empty)";
    cJSON_ArrayForEach(i, iv)
    {
        if (!isfinite(plot__num(i, "power_w")) || !isfinite(plot__num(i, "baseline_power_w")) ||
            !isfinite(plot__num(i, "routers_on")) || !isfinite(plot__num(i, "time_s")))
            return "an interval without 'time_s', 'routers_on', 'power_w' or 'baseline_power_w'";
    }
    return NULL;
}

static size_t read_points(const cJSON *root, point_t *pts)
{
    size_t n = 0;
    const cJSON *i;
    double t0 = NAN;
    cJSON_ArrayForEach(i, cJSON_GetObjectItem(root, "intervals_detail"))
    {
        point_t *p = &pts[n++];
        p->time_s = plot__num(i, "time_s");
        if (!isfinite(t0))
            t0 = p->time_s;
        p->hours = (p->time_s - t0) / 3600.0;
        p->routers_on = plot__num(i, "routers_on");
        p->linecards_on = plot__num(i, "linecards_on");
        p->power_w = plot__num(i, "power_w");
        p->baseline_w = plot__num(i, "baseline_power_w");
        p->savings_pct = p->baseline_w > 0 ? 100.0 * (1 - p->power_w / p->baseline_w) : NAN;
        p->migrations = plot__num(i, "migrations");
    }
    return n;
}

static vs_err_t write_csv(const char *path, const point_t *pts, size_t n)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    fputs("interval,time_s,hours,routers_on,linecards_on,power_w,baseline_power_w,savings_percent,"
          "migrations\n", f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%zu,", i);
        plot__csv_num(f, pts[i].time_s, ',');
        plot__csv_num(f, pts[i].hours, ',');
        plot__csv_num(f, pts[i].routers_on, ',');
        plot__csv_num(f, pts[i].linecards_on, ',');
        plot__csv_num(f, pts[i].power_w, ',');
        plot__csv_num(f, pts[i].baseline_w, ',');
        plot__csv_num(f, pts[i].savings_pct, ',');
        plot__csv_num(f, pts[i].migrations, '\n');
    }
    return vs_out_commit(o);
}

/* Interval i spans [hours_i, hours_i + width): drawn as steps, so the line reads per interval. */
static void steps(plot_pl_t *p, const point_t *pts, size_t n, double width, size_t field, double scale,
                  double *xs, double *ys)
{
    for (size_t i = 0; i < n; i++) {
        double v = ((const double *)&pts[i])[field] * scale;
        xs[2 * i] = pts[i].hours, xs[2 * i + 1] = pts[i].hours + width;
        ys[2 * i] = ys[2 * i + 1] = v;
    }
    plot_pl_line(p, 2 * n, xs, ys, 2);
}

#define FIELD(name) (offsetof(point_t, name) / sizeof(double))

static void draw_panels(plot_pl_t *p, const point_t *pts, size_t n, double width, int h,
                        double *xs, double *ys)
{
    double xmax = pts[n - 1].hours + width, pmax = 0, rmax = 0, smin = 0, smax = 1;
    for (size_t i = 0; i < n; i++) {
        pmax = fmax(pmax, fmax(pts[i].power_w, pts[i].baseline_w) / 1e3);
        rmax = fmax(rmax, pts[i].routers_on);
        if (isfinite(pts[i].savings_pct))
            smin = fmin(smin, pts[i].savings_pct), smax = fmax(smax, pts[i].savings_pct);
    }
    double ph = (h - 160.0) / 3 / h, y = 1 - 70.0 / h;
    plot_panel_t a = {.vx0 = 0.1, .vx1 = 0.78, .vy0 = y - ph + 0.03, .vy1 = y, .xmin = 0,
                      .xmax = xmax, .ymin = 0, .ymax = pmax * 1.1, .ylabel = "power (kW)", .xgrid = true,
                      .xbare = true};
    plot_pl_panel(p, &a);
    plot_pl_color(p, PLOT_C_GREY);
    steps(p, pts, n, width, FIELD(baseline_w), 1e-3, xs, ys);
    plot_pl_color(p, PLOT_C_BLUE);
    steps(p, pts, n, width, FIELD(power_w), 1e-3, xs, ys);
    static const char *const names[] = {"all on", "plan"};
    static const int colors[] = {PLOT_C_GREY, PLOT_C_BLUE};
    static const bool line[] = {true, true};
    plot_pl_legend(p, 2, names, colors, line, PLOT_LEG_RIGHT);
    plot_panel_t b = a;
    b.vy1 = y - ph, b.vy0 = y - 2 * ph + 0.03, b.ymax = rmax * 1.1 + 1, b.ylabel = "routers on";
    plot_pl_panel(p, &b);
    plot_pl_color(p, PLOT_C_ORANGE);
    steps(p, pts, n, width, FIELD(routers_on), 1, xs, ys);
    plot_panel_t c = a;
    c.vy1 = y - 2 * ph, c.vy0 = y - 3 * ph + 0.03, c.ymin = smin, c.ymax = smax * 1.1, c.xbare = false;
    c.ylabel = "saved (%)", c.xlabel = "time (h)";
    plot_pl_panel(p, &c);
    plot_pl_color(p, PLOT_C_GREEN);
    for (size_t i = 0; i < n; i++)
        if (isfinite(pts[i].savings_pct))
            plot_pl_rect(p, pts[i].hours, pts[i].hours + width * 0.9, 0, pts[i].savings_pct);
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    size_t cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(root, "intervals_detail"));
    point_t *pts = calloc(cap, sizeof *pts);
    double *xs = calloc(2 * cap, sizeof *xs), *ys = calloc(2 * cap, sizeof *ys);
    vs_err_t err = VS_OK;
    if (!pts || !xs || !ys) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = read_points(root, pts);
    if ((err = write_csv(csv, pts, n)))
        goto out;
    double width = plot__num(root, "interval_s") / 3600.0;
    if (!(width > 0))
        width = n > 1 ? pts[1].hours - pts[0].hours : 1;
    const cJSON *tot = cJSON_GetObjectItem(root, "totals"), *inter = cJSON_GetObjectItem(root, "inter_pop");
    char title[160];
    int len = snprintf(title, sizeof title, "power plan: %.1f%% energy saved over %zu intervals",
                       plot__num(tot, "savings_percent"), n);
    if (isfinite(plot__num(inter, "savings_percent")))
        snprintf(title + len, sizeof title - (size_t)len, " (inter-POP: %.1f%%)",
                 plot__num(inter, "savings_percent"));
    int h = 760;
    plot_pl_t *p;
    if ((err = plot_pl_open(fig, fmt, 1000, h, &p)))
        goto out;
    plot_pl_page_title(p, title);
    draw_panels(p, pts, n, width, h, xs, ys);
    err = plot_pl_close(p);
out:
    free(pts);
    free(xs);
    free(ys);
    return err;
}

const plot_figure_t plot_fig_power = {
    .name = "power", .title = "power per interval", .check = check, .draw = draw,
};
