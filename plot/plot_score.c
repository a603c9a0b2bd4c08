#include "plot_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_pl.h"
#include "vs_out.h"

/* One row of the card: a target's header (cell NULL) or one of its cells. */
typedef struct {
    const cJSON *target, *cell;
    char label[112];
    double dev_pct;  /* (simulated - paper) / |paper|, percent; NAN when judged by a rule */
    double band_pct; /* half-width of the tolerance band, percent; NAN when not a band */
    bool ok;
} row_t;

static const char *check(const cJSON *root)
{
    const cJSON *t;
    if (!plot__arr(root, "targets", true))
        return "no targets ('targets' is missing or empty)";
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets"))
    {
        if (!cJSON_IsString(cJSON_GetObjectItem(t, "id")) || !cJSON_IsString(cJSON_GetObjectItem(t, "status")))
            return "a target without 'id' or 'status'";
    }
    return NULL;
}

/* The tolerance as a band around the paper's value, in percent of it: "±10%", "±0.0002 s",
 * "exact". Anything else ("2..5%", "monotone", "> 0") is a rule: NAN. */
static double band_of(const char *tol, double paper)
{
    if (!tol)
        return NAN;
    if (strncmp(tol, "exact", 5) == 0)
        return 0;
    if (strncmp(tol, "\u00b1", 2) != 0)
        return NAN;
    char *end;
    double v = strtod(tol + 2, &end);
    if (end == tol + 2)
        return NAN;
    if (*end == '%')
        return v;
    return paper != 0 ? 100.0 * v / fabs(paper) : NAN;
}

static size_t count_rows(const cJSON *root)
{
    size_t n = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets"))
    n += 1 + (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(t, "cells"));
    return n;
}

static void fill_cell(row_t *r, const cJSON *t, const cJSON *c)
{
    r->target = t, r->cell = c;
    const cJSON *paper = cJSON_GetObjectItem(c, "paper");
    double sim = plot__num(c, "simulated");
    r->ok = cJSON_IsTrue(cJSON_GetObjectItem(c, "ok"));
    r->dev_pct = r->band_pct = NAN;
    if (cJSON_IsNumber(paper) && paper->valuedouble != 0 && isfinite(sim)) {
        r->band_pct = band_of(plot__str(c, "tolerance", NULL), paper->valuedouble);
        if (isfinite(r->band_pct))
            r->dev_pct = 100.0 * (sim - paper->valuedouble) / fabs(paper->valuedouble);
    }
    snprintf(r->label, sizeof r->label, "%s%s%s", r->ok ? "" : "FAIL ", plot__str(c, "name", "?"),
             isfinite(r->dev_pct) ? "" : r->ok ? " [rule: ok]" : " [rule]");
}

static size_t read_rows(const cJSON *root, row_t *rows)
{
    size_t n = 0;
    const cJSON *t, *c;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets"))
    {
        row_t *h = &rows[n++];
        *h = (row_t){.target = t, .dev_pct = NAN, .band_pct = NAN};
        const char *msg = plot__str(t, "message", NULL);
        snprintf(h->label, sizeof h->label, "%s: %s%s%.40s%s", plot__str(t, "id", "?"),
                 plot__str(t, "status", "?"), msg ? " (" : "", msg ? msg : "", msg ? ")" : "");
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(t, "cells"))
        fill_cell(&rows[n++], t, c);
    }
    return n;
}

static void csv_paper(FILE *f, const cJSON *paper)
{
    if (cJSON_IsNumber(paper))
        plot__csv_num(f, paper->valuedouble, ',');
    else
        plot__csv_str(f, cJSON_IsString(paper) ? paper->valuestring : "", ',');
}

/* One line per cell; a target with no cells (error, not-implemented) gets one with its message. */
static vs_err_t write_csv(const char *path, const row_t *rows, size_t n)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    static const char *const who[] = {"id", "kind", "status"};
    fputs("target,kind,status,cell,paper,simulated,tolerance,ok,deviation_pct,band_pct,message\n", f);
    for (size_t i = 0; i < n; i++) {
        const row_t *r = &rows[i];
        bool empty = !r->cell && cJSON_GetArraySize(cJSON_GetObjectItem(r->target, "cells")) == 0;
        if (!r->cell && !empty)
            continue;
        plot__csv_keys(f, r->target, who, 3);
        plot__csv_str(f, r->cell ? plot__str(r->cell, "name", "") : "", ',');
        csv_paper(f, cJSON_GetObjectItem(r->cell, "paper"));
        plot__csv_num(f, r->cell ? plot__num(r->cell, "simulated") : NAN, ',');
        plot__csv_str(f, r->cell ? plot__str(r->cell, "tolerance", "") : "", ',');
        plot__csv_str(f, r->cell ? (r->ok ? "true" : "false") : "", ',');
        plot__csv_num(f, r->dev_pct, ',');
        plot__csv_num(f, r->band_pct, ',');
        plot__csv_str(f, plot__str(r->target, "message", ""), '\n');
    }
    return vs_out_commit(o);
}

/* The axis reaches a little past the widest band and the largest deviation, within ±100%. */
static double axis_range(const row_t *rows, size_t n)
{
    double r = 5;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(rows[i].band_pct))
            r = fmax(r, 1.5 * rows[i].band_pct);
        if (isfinite(rows[i].dev_pct))
            r = fmax(r, 1.15 * fabs(rows[i].dev_pct));
    }
    return fmin(r, 100);
}

static void draw_rows(plot_pl_t *p, const row_t *rows, size_t n, double range)
{
    for (size_t i = 0; i < n; i++) {
        const row_t *r = &rows[i];
        double y = (double)i;
        if (!r->cell) { /* a target's header: a light rule across */
            plot_pl_color(p, PLOT_C_GRID);
            plot_pl_rect(p, -range, range, y - 0.45, y + 0.45);
            continue;
        }
        if (!r->ok) { /* a failing cell stands out whatever judged it */
            plot_pl_color(p, PLOT_C_PINK);
            plot_pl_rect(p, -range, range, y - 0.5, y + 0.5);
        }
        if (isfinite(r->band_pct)) {
            plot_pl_color(p, PLOT_C_SKY);
            double b = fmax(fmin(r->band_pct, range), range * 0.004); /* an exact band shows */
            plot_pl_rect(p, -b, b, y - 0.3, y + 0.3);
        }
        if (!isfinite(r->dev_pct))
            continue;
        double x = fmax(-range, fmin(range, r->dev_pct));
        bool clamped = x != r->dev_pct;
        plot_pl_color(p, r->ok ? PLOT_C_GREEN : PLOT_C_RED);
        plot_pl_points(p, 1, &x, &y, clamped ? PLOT_M_TRIANGLE : r->ok ? PLOT_M_CIRCLE : PLOT_M_CROSS, 1.5);
    }
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    size_t cap = count_rows(root);
    row_t *rows = calloc(cap, sizeof *rows);
    const char **labels = calloc(cap, sizeof *labels);
    vs_err_t err = VS_OK;
    plot_pl_t *p = NULL;
    if (!rows || !labels) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = read_rows(root, rows);
    for (size_t i = 0; i < n; i++)
        labels[i] = rows[i].label;
    if ((err = write_csv(csv, rows, n)))
        goto out;
    double range = axis_range(rows, n);
    int w = 1000, h = 170 + (int)n * 17;
    if ((err = plot_pl_open(fig, fmt, w, h, &p)))
        goto out;
    plot_panel_t panel = {.vx0 = plot_pl_label_margin(labels, n, w), .vx1 = 0.97,
                          .vy0 = 70.0 / h, .vy1 = 1 - 60.0 / h, .xmin = -range, .xmax = range,
                          .xlabel = "simulated vs paper: deviation (% of the paper's value)",
                          .title = "scorecard: o ok, x FAIL, triangle off the axis; "
                                   "bar: tolerance; [rule]: judged by a rule",
                          .ylabels = labels, .n_ylabels = n, .xgrid = true};
    plot_pl_panel(p, &panel);
    draw_rows(p, rows, n, range);
    plot_pl_color(p, PLOT_C_FG);
    plot_pl_vline(p, 0, false);
    err = plot_pl_close(p);
out:
    free(rows);
    free(labels);
    return err;
}

const plot_figure_t plot_fig_score = {
    .name = "scorecard", .title = "reproduction scorecard", .check = check, .draw = draw,
};
