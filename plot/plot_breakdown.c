#include "plot_breakdown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_pl.h"
#include "plot_series.h"
#include "vs_out.h"

#define NTERMS 4
#define MAX_PANELS 4

static const char *const terms[NTERMS] = {"dump_s", "copy_s", "restore_s", "bridging_s"};
static const char *const names[NTERMS] = {"dump", "copy", "restore", "bridging"};
static const int colors[NTERMS] = {PLOT_C_BLUE, PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_PURPLE};

/* One stacked bar: the four terms and the freeze they make up (NAN when not given). */
typedef struct {
    size_t line;
    double x, v[NTERMS], total;
    char label[48];
} bar_t;

typedef struct {
    const char *axis; /* what x counts */
    char (*lines)[128];
    size_t n_lines, n;
    bar_t *bars;
    plot_sweep_t sweep; /* when read from a sweep */
} data_t;

static void data_free(data_t *d)
{
    plot__sweep_free(&d->sweep);
    free(d->bars);
}

/* s08-fig8's cells: "<term>@<N>k", one bar per N in the order the cells come. */
static bar_t *repro_bar(data_t *d, double x)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->bars[i].x == x)
            return &d->bars[i];
    bar_t *b = &d->bars[d->n++];
    *b = (bar_t){.x = x, .total = NAN, .v = {NAN, NAN, NAN, NAN}};
    snprintf(b->label, sizeof b->label, "%gk routes", x / 1e3);
    return b;
}

static const char *read_repro(const cJSON *t, data_t *d)
{
    static char one[1][128];
    const cJSON *c;
    size_t cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(t, "cells"));
    if (!(d->bars = calloc(cap ? cap : 1, sizeof *d->bars)))
        return "out of memory";
    d->axis = "routes", d->lines = one, d->n_lines = 1;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(t, "cells"))
    {
        plot_cell_name_t cn;
        double v = plot__num(c, "simulated");
        if (!plot__cell_name(plot__str(c, "name", ""), &cn) || strcmp(cn.unit, "k") != 0 || !isfinite(v))
            continue;
        for (int k = 0; k < NTERMS; k++)
            if (strcmp(cn.series, terms[k]) == 0)
                repro_bar(d, cn.x * 1e3)->v[k] = v;
        if (strcmp(cn.series, "memory_copy_s") == 0)
            repro_bar(d, cn.x * 1e3)->total = v;
    }
    for (size_t i = 0; i < d->n; i++)
        for (int k = 0; k < NTERMS; k++)
            if (!isfinite(d->bars[i].v[k]))
                return "an s08-fig8 route count without its dump, copy, restore and bridging cells "
                       "('<term>_s@<N>k'; results of vroomsim before they were added lack them)";
    return d->n ? NULL : "no s08-fig8 cells named '<term>_s@<N>k'";
}

static const char *read_sweep(const cJSON *root, data_t *d)
{
    const char *why = plot__sweep_read(root, &d->sweep);
    if (why)
        return why;
    for (int k = 0; k < NTERMS; k++)
        if (!plot__sweep_has(&d->sweep, terms[k]))
            return "not every group has the metrics dump_s, copy_s, restore_s and bridging_s";
    if (!(d->bars = calloc(d->sweep.n, sizeof *d->bars)))
        return "out of memory";
    d->axis = d->sweep.axis, d->lines = d->sweep.labels, d->n_lines = d->sweep.n_lines;
    for (size_t i = 0; i < d->sweep.n; i++) {
        const plot_point_t *p = &d->sweep.points[i];
        bar_t *b = &d->bars[d->n++];
        plot_stat_t st;
        *b = (bar_t){.line = p->line, .x = p->x, .total = NAN};
        for (int k = 0; k < NTERMS; k++)
            b->v[k] = plot__group_stat(p->group, terms[k], &st) ? st.mean : NAN;
        if (plot__group_stat(p->group, "downtime_s", &st))
            b->total = st.mean;
        const char *name = strrchr(d->sweep.axis, '.'); /* "routes" of "...ospf.routes" */
        snprintf(b->label, sizeof b->label, "%s=%g%s", name ? name + 1 : d->sweep.axis, p->x, d->sweep.unit);
    }
    return NULL;
}

static const char *read_data(const cJSON *root, data_t *d)
{
    *d = (data_t){0};
    if (cJSON_IsArray(cJSON_GetObjectItem(root, "targets"))) {
        const cJSON *t = plot__target(root, "s08-fig8");
        return t ? read_repro(t, d) : "no s08-fig8 target";
    }
    return read_sweep(root, d);
}

static const char *check(const cJSON *root)
{
    data_t d;
    const char *why = read_data(root, &d);
    data_free(&d);
    return why;
}

static vs_err_t write_csv(const char *path, const data_t *d)
{
    vs_outfile_t *o;
    FILE *f;
    vs_err_t err = plot__csv_open(path, "group,axis,x,dump_s,copy_s,restore_s,bridging_s,downtime_s\n", &o, &f);
    if (err)
        return err;
    for (size_t i = 0; i < d->n; i++) {
        const bar_t *b = &d->bars[i];
        plot__csv_str(f, d->lines[b->line], ',');
        plot__csv_str(f, d->axis, ',');
        plot__csv_num(f, b->x, ',');
        for (int k = 0; k < NTERMS; k++)
            plot__csv_num(f, b->v[k], ',');
        plot__csv_num(f, b->total, '\n');
    }
    return vs_out_commit(o);
}

/* One panel: a horizontal stacked bar per x of the line, the freeze's total as a mark. */
static void draw_line(plot_pl_t *p, const data_t *d, size_t line, plot_panel_t *pn, const char **labels)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->bars[i].line == line)
            labels[n++] = d->bars[i].label;
    pn->ylabels = labels, pn->n_ylabels = n;
    plot_pl_panel(p, pn);
    size_t row = 0;
    for (size_t i = 0; i < d->n; i++) {
        const bar_t *b = &d->bars[i];
        if (b->line != line)
            continue;
        double x0 = 0, y = (double)row++;
        for (int k = 0; k < NTERMS; k++) {
            plot_pl_color(p, colors[k]);
            plot_pl_rect(p, x0, x0 + b->v[k], y - 0.35, y + 0.35);
            x0 += b->v[k];
        }
        if (isfinite(b->total)) {
            plot_pl_color(p, PLOT_C_FG);
            plot_pl_points(p, 1, &b->total, &y, PLOT_M_CROSS, 1.8);
        }
    }
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    data_t d;
    const char *why = read_data(root, &d);
    const char **labels = calloc(d.n ? d.n : 1, sizeof *labels);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (why || !labels) {
        err = vs_fail(why && strcmp(why, "out of memory") ? VS_EINVAL : VS_ENOMEM, "%s", why ? why : "out of memory");
        goto out;
    }
    if ((err = write_csv(csv, &d)))
        goto out;
    double xmax = 0;
    for (size_t i = 0; i < d.n; i++)
        xmax = fmax(xmax, fmax(d.bars[i].total, d.bars[i].v[0] + d.bars[i].v[1] + d.bars[i].v[2] + d.bars[i].v[3]));
    size_t panels = d.n_lines < MAX_PANELS ? d.n_lines : MAX_PANELS;
    int w = 1000, h = 160 + (int)(d.n + panels * 3) * 26;
    if ((err = plot_pl_open(fig, fmt, w, h, &p)))
        goto out;
    plot_pl_page_title(p, "memory-copy step: dump, copy, restore, bridging (x: the freeze, t3..t4)");
    double gap = 70.0 / h, top = 1 - (d.lines[0][0] ? 90.0 : 60.0) / h, bottom = 110.0 / h;
    double per = (top - bottom - gap * (double)(panels - 1)) / (double)d.n;
    for (size_t l = 0; l < panels; l++) {
        size_t rows = 0;
        for (size_t i = 0; i < d.n; i++)
            rows += d.bars[i].line == l;
        double y1 = top, y0 = top - per * (double)rows;
        plot_panel_t pn = {.vx0 = 0.16, .vx1 = 0.8, .vy0 = y0, .vy1 = y1, .xmin = 0, .xmax = xmax * 1.08,
                           .xgrid = true, .title = d.lines[l][0] ? d.lines[l] : NULL,
                           .xlabel = l + 1 == panels ? "time (s); bridging runs beside the restore" : NULL};
        draw_line(p, &d, l, &pn, labels);
        if (l == 0) {
            bool line[NTERMS] = {0};
            plot_pl_legend(p, NTERMS, names, colors, line, PLOT_LEG_RIGHT);
        }
        top = y0 - gap;
    }
    err = plot_pl_close(p);
out:
    free(labels);
    data_free(&d);
    return err;
}

const plot_figure_t plot_fig_breakdown = {
    .name = "memory-copy", .title = "memory-copy step vs routes (seed 001 Fig. 8)", .check = check, .draw = draw,
};
