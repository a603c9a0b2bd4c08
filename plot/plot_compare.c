#include "plot_compare.h"

#include <math.h>
#include <stdlib.h>

#include "plot_pl.h"
#include "vs_out.h"

#define NBARS 3

typedef struct {
    const cJSON *r;
    char label[96];
    double v[NBARS];  /* downtime, data-plane downtime, total, s */
    double lost_pct;  /* packets lost / offered, percent; NAN without data traffic */
} row_t;

static const char *const keys[NBARS] = {"downtime_s", "data_downtime_s", "total_s"};
static const char *const names[NBARS] = {"control-plane downtime", "data-plane downtime", "total time"};
static const int colors[NBARS] = {PLOT_C_RED, PLOT_C_ORANGE, PLOT_C_BLUE};

static const char *check(const cJSON *root)
{
    const cJSON *rows = plot__arr(root, "rows", true), *r;
    if (!rows)
        return "no mechanisms ('rows' is empty)";
    cJSON_ArrayForEach(r, rows)
    {
        if (!cJSON_IsString(cJSON_GetObjectItem(r, "mechanism")) || !isfinite(plot__num(r, "total_s")))
            return "a row without 'mechanism' or 'total_s'";
    }
    return NULL;
}

static size_t read_rows(const cJSON *root, row_t *rows, double *lo, double *hi)
{
    size_t n = 0;
    const cJSON *r;
    *lo = INFINITY, *hi = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(root, "rows"))
    {
        row_t *x = &rows[n++];
        x->r = r;
        snprintf(x->label, sizeof x->label, "%s (%s)", plot__str(r, "mechanism", "?"), plot__str(r, "vr", "?"));
        for (int k = 0; k < NBARS; k++) {
            x->v[k] = plot__num(r, keys[k]);
            if (x->v[k] > 0)
                *lo = fmin(*lo, x->v[k]), *hi = fmax(*hi, x->v[k]);
        }
        double off = plot__num(r, "packets_offered"), lost = plot__num(r, "packets_lost");
        x->lost_pct = off > 0 ? 100.0 * lost / off : NAN;
    }
    if (!isfinite(*lo))
        *lo = 1e-3, *hi = 1;
    return n;
}

static vs_err_t write_csv(const char *path, const row_t *rows, size_t n)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    static const char *const who[] = {"mechanism", "vr"};
    fputs("mechanism,vr,downtime_s,data_downtime_s,total_s,packets_lost,packets_offered,lost_percent\n", f);
    for (size_t i = 0; i < n; i++) {
        plot__csv_keys(f, rows[i].r, who, 2);
        for (int k = 0; k < NBARS; k++)
            plot__csv_num(f, rows[i].v[k], ',');
        plot__csv_num(f, plot__num(rows[i].r, "packets_lost"), ',');
        plot__csv_num(f, plot__num(rows[i].r, "packets_offered"), ',');
        plot__csv_num(f, rows[i].lost_pct, '\n');
    }
    return vs_out_commit(o);
}

static void draw_loss(plot_pl_t *p, const row_t *rows, size_t n, const plot_panel_t *a)
{
    plot_panel_t b = *a;
    b.vx0 = 0.76, b.vx1 = 0.97, b.xlog = false, b.xmin = 0, b.xmax = 100, b.ybare = true;
    b.xlabel = "packets lost (%)", b.title = "data loss";
    plot_pl_panel(p, &b);
    plot_pl_color(p, PLOT_C_PURPLE);
    for (size_t i = 0; i < n; i++)
        if (isfinite(rows[i].lost_pct))
            plot_pl_rect(p, 0, rows[i].lost_pct, (double)i - 0.3, (double)i + 0.3);
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    size_t cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(root, "rows"));
    row_t *rows = calloc(cap, sizeof *rows);
    const char **labels = calloc(cap, sizeof *labels);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (!rows || !labels) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    double lo, hi;
    size_t n = read_rows(root, rows, &lo, &hi);
    for (size_t i = 0; i < n; i++)
        labels[i] = rows[i].label;
    if ((err = write_csv(csv, rows, n)))
        goto out;
    int w = 1000, h = 200 + (int)n * 45;
    if ((err = plot_pl_open(fig, fmt, w, h, &p)))
        goto out;
    char title[160];
    snprintf(title, sizeof title, "%s: mechanisms compared (means over %g runs)",
             plot__str(root, "scenario", "?"), plot__num(root, "runs"));
    plot_pl_page_title(p, title);
    lo = pow(10, floor(log10(lo))), hi = pow(10, ceil(log10(hi)));
    plot_panel_t a = {.vx0 = plot_pl_label_margin(labels, n, w), .vx1 = 0.72, .vy0 = 130.0 / h,
                      .vy1 = 1 - 60.0 / h, .xmin = lo, .xmax = hi, .xlog = true,
                      .xlabel = "time (s, log scale; 0 not drawn)", .ylabels = labels, .n_ylabels = n,
                      .xgrid = true};
    plot_pl_panel(p, &a);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < NBARS; k++) {
            double y = (double)i - 0.36 + 0.24 * k;
            plot_pl_color(p, colors[k]);
            if (rows[i].v[k] > 0)
                plot_pl_rect(p, lo, rows[i].v[k], y, y + 0.22);
        }
    bool line[NBARS] = {0};
    plot_pl_legend(p, NBARS, names, colors, line, PLOT_LEG_BELOW);
    draw_loss(p, rows, n, &a);
    err = plot_pl_close(p);
out:
    free(rows);
    free(labels);
    return err;
}

const plot_figure_t plot_fig_compare = {
    .name = "compare", .title = "mechanisms compared", .check = check, .draw = draw,
};
