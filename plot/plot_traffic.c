#include "plot_traffic.h"

#include <math.h>
#include <stdlib.h>

#include "plot_pl.h"
#include "vs_out.h"

#define MAX_FLOWS 8

static const int flow_colors[MAX_FLOWS] = {PLOT_C_BLUE, PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_PURPLE,
                                           PLOT_C_SKY, PLOT_C_RED, PLOT_C_GREY, PLOT_C_YELLOW};

/* One panel: a series of every flow, in a unit. */
typedef struct {
    const char *key, *ylabel;
    double scale; /* 0: per second (divided by the bin width) */
} measure_t;

static const measure_t measures[3] = {
    {"received", "delivered (packets/s)", 0},
    {"delay_mean_s", "mean delay (ms)", 1e3},
    {"lost", "lost (packets/bin)", 1},
};

static const cJSON *flows(const cJSON *root)
{
    return plot__arr(cJSON_GetObjectItem(root, "traffic"), "flows", true);
}

static const char *check(const cJSON *root)
{
    const cJSON *f;
    if (!flows(root))
        return "no data traffic ('traffic.flows' is missing or empty)";
    cJSON_ArrayForEach(f, flows(root))
    {
        const cJSON *s = cJSON_GetObjectItem(f, "series");
        if (!(plot__num(s, "bin_s") > 0) || !plot__arr(s, "received", true) || !plot__arr(s, "sent", true))
            return "a flow without its time series ('series': bin_s, sent, received, ...; "
                   "results of vroomsim before the series were added lack them)";
    }
    return NULL;
}

static vs_err_t write_csv(const char *path, const cJSON *root)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    fputs("flow,t_s,sent,received,lost,delay_mean_s,delay_max_s,received_pps\n", f);
    static const char *const cols[5] = {"sent", "received", "lost", "delay_mean_s", "delay_max_s"};
    const cJSON *fl;
    cJSON_ArrayForEach(fl, flows(root))
    {
        const cJSON *s = cJSON_GetObjectItem(fl, "series");
        double w = plot__num(s, "bin_s");
        int n = cJSON_GetArraySize(cJSON_GetObjectItem(s, "sent"));
        for (int b = 0; b < n; b++) {
            plot__csv_str(f, plot__str(fl, "name", ""), ',');
            plot__csv_num(f, b * w, ',');
            for (int k = 0; k < 5; k++)
                plot__csv_num(f, plot__at(s, cols[k], b), ',');
            plot__csv_num(f, plot__at(s, "received", b) / w, '\n');
        }
    }
    return vs_out_commit(o);
}

/* The migrations' span: first t0 to last step reached. */
static void span(const cJSON *root, double *from, double *to)
{
    const cJSON *m;
    *from = INFINITY, *to = -INFINITY;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "migrations"))
    {
        const cJSON *tl = cJSON_GetObjectItem(m, "timeline"), *t;
        cJSON_ArrayForEach(t, tl)
        {
            if (cJSON_IsNumber(t))
                *from = fmin(*from, t->valuedouble), *to = fmax(*to, t->valuedouble);
        }
    }
}

/* Fills xs/ys with flow f's measure; returns the number of points. */
static int series_of(const cJSON *fl, const measure_t *m, double *xs, double *ys, int cap)
{
    const cJSON *s = cJSON_GetObjectItem(fl, "series");
    double w = plot__num(s, "bin_s");
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(s, m->key));
    n = n < cap ? n : cap;
    for (int b = 0; b < n; b++) {
        xs[b] = (b + 0.5) * w;
        ys[b] = plot__at(s, m->key, b) * (m->scale > 0 ? m->scale : 1 / w);
        if (!isfinite(ys[b]))
            ys[b] = 0;
    }
    return n;
}

static void panel(plot_pl_t *p, const cJSON *root, const measure_t *m, plot_panel_t *pn, double *xs,
                  double *ys, int cap)
{
    double ymax = 0, from, to;
    const cJSON *fl;
    cJSON_ArrayForEach(fl, flows(root))
    {
        int n = series_of(fl, m, xs, ys, cap);
        for (int b = 0; b < n; b++)
            ymax = fmax(ymax, ys[b]);
    }
    pn->ymin = 0, pn->ymax = ymax > 0 ? ymax * 1.1 : 1, pn->ylabel = m->ylabel;
    plot_pl_panel(p, pn);
    span(root, &from, &to);
    if (to > from) {
        plot_pl_color(p, PLOT_C_BAND);
        plot_pl_rect(p, fmax(from, pn->xmin), fmin(to, pn->xmax), 0, pn->ymax);
    }
    int k = 0;
    cJSON_ArrayForEach(fl, flows(root))
    {
        if (k == MAX_FLOWS)
            break;
        int n = series_of(fl, m, xs, ys, cap);
        plot_pl_color(p, flow_colors[k++]);
        plot_pl_line(p, (size_t)n, xs, ys, 1.5);
    }
    plot_pl_panel(p, pn); /* the axes again, over the shading */
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    int cap = 0;
    double end = 0;
    const cJSON *fl;
    const char *names[MAX_FLOWS];
    int colors[MAX_FLOWS];
    bool line[MAX_FLOWS];
    size_t nf = 0;
    cJSON_ArrayForEach(fl, flows(root))
    {
        const cJSON *s = cJSON_GetObjectItem(fl, "series");
        int n = cJSON_GetArraySize(cJSON_GetObjectItem(s, "sent"));
        cap = n > cap ? n : cap;
        end = fmax(end, n * plot__num(s, "bin_s"));
        if (nf < MAX_FLOWS)
            names[nf] = plot__str(fl, "name", "?"), colors[nf] = flow_colors[nf], line[nf] = true, nf++;
    }
    double *xs = calloc((size_t)cap + 1, sizeof *xs), *ys = calloc((size_t)cap + 1, sizeof *ys);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (!xs || !ys) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = write_csv(csv, root)) || (err = plot_pl_open(fig, fmt, 1000, 760, &p)))
        goto out;
    plot_pl_page_title(p, "data traffic over time (grey: the migrations, first t0 to last step)");
    double ph = (760 - 160.0) / 3 / 760, y = 1 - 70.0 / 760;
    for (int k = 0; k < 3; k++) {
        plot_panel_t pn = {.vx0 = 0.1, .vx1 = 0.8, .vy0 = y - (k + 1) * ph + 0.03, .vy1 = y - k * ph,
                           .xmin = 0, .xmax = end > 0 ? end : 1, .xbare = k < 2, .xgrid = true,
                           .xlabel = k == 2 ? "simulated time (s)" : NULL};
        panel(p, root, &measures[k], &pn, xs, ys, cap);
        if (k == 0)
            plot_pl_legend(p, nf, names, colors, line, PLOT_LEG_RIGHT);
    }
    err = plot_pl_close(p);
out:
    free(xs);
    free(ys);
    return err;
}

const plot_figure_t plot_fig_traffic = {
    .name = "traffic", .title = "data traffic over time", .check = check, .draw = draw,
};
