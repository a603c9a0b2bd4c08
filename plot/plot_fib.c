#include "plot_fib.h"

#include <math.h>
#include <stdlib.h>

#include "plot_pl.h"
#include "vs_out.h"

#define MAX_PANELS 6

static const cJSON *fill_of(const cJSON *m)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(m, "fib"), "fill");
}

/* NULL when the fill curve of m is whole (three arrays of one length, at least 2 points). */
static const char *bad_fill(const cJSON *m)
{
    const cJSON *f = fill_of(m);
    const cJSON *t = plot__arr(f, "t_s", true), *n = plot__arr(f, "new_entries", true), *o = plot__arr(f, "old_entries", true);
    if (!t || !n || !o || cJSON_GetArraySize(t) < 2)
        return "a 'fib.fill' without 't_s', 'new_entries' and 'old_entries' (two points at least)";
    if (cJSON_GetArraySize(n) != cJSON_GetArraySize(t) || cJSON_GetArraySize(o) != cJSON_GetArraySize(t))
        return "a 'fib.fill' whose 't_s', 'new_entries' and 'old_entries' differ in length";
    return NULL;
}

static bool has(const cJSON *root)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, plot__arr(root, "migrations", false))
    {
        if (fill_of(m))
            return true;
    }
    return false;
}

static const char *check(const cJSON *root)
{
    const cJSON *m;
    size_t n = 0;
    cJSON_ArrayForEach(m, plot__arr(root, "migrations", false))
    {
        if (!fill_of(m))
            continue;
        const char *why = bad_fill(m);
        if (why)
            return why;
        n++;
    }
    return n ? NULL : "no migration with a FIB fill curve ('fib.fill'; run results of schema 2 "
                      "whose migrations cloned a FIB have one)";
}

static vs_err_t write_csv(const char *path, const cJSON *root)
{
    vs_outfile_t *o;
    FILE *f;
    vs_err_t err = plot__csv_open(path, "migration,vr,t_s,new_entries,old_entries\n", &o, &f);
    if (err)
        return err;
    const cJSON *m;
    int k = 0;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "migrations"))
    {
        const cJSON *fl = fill_of(m);
        for (int i = 0; fl && i < cJSON_GetArraySize(cJSON_GetObjectItem(fl, "t_s")); i++) {
            fprintf(f, "%d,", k);
            plot__csv_str(f, plot__str(m, "vr", ""), ',');
            plot__csv_num(f, plot__at(fl, "t_s", i), ',');
            plot__csv_num(f, plot__at(fl, "new_entries", i), ',');
            plot__csv_num(f, plot__at(fl, "old_entries", i), '\n');
        }
        k++;
    }
    return vs_out_commit(o);
}

/* One migration's panel: the clone (t4..t5) shaded, the new data plane's entries as a line
 * through the install events, the old one's as steps (it holds until the next event). */
static void panel(plot_pl_t *p, const cJSON *m, plot_panel_t *pn, double *xs, double *ys)
{
    const cJSON *fl = fill_of(m), *tl = cJSON_GetObjectItem(m, "timeline");
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(fl, "t_s"));
    double ymax = 1, t0 = plot__at(fl, "t_s", 0), t1 = plot__at(fl, "t_s", n - 1);
    for (int i = 0; i < n; i++)
        ymax = fmax(ymax, fmax(plot__at(fl, "new_entries", i), plot__at(fl, "old_entries", i)));
    double pad = (t1 > t0 ? t1 - t0 : 1) * 0.04;
    pn->xmin = t0 - pad, pn->xmax = t1 + pad, pn->ymin = 0, pn->ymax = ymax * 1.12;
    plot_pl_panel(p, pn);
    double c0 = plot__num(tl, "t4_resume_s"), c1 = plot__num(tl, "t5_links_s");
    if (isfinite(c0) && isfinite(c1) && c1 > c0) {
        plot_pl_color(p, PLOT_C_BAND);
        plot_pl_rect(p, c0, c1, 0, pn->ymax);
    }
    for (int i = 0; i < n; i++) { /* steps: (t_i, v_i) to (t_i+1, v_i) */
        xs[2 * i] = plot__at(fl, "t_s", i), xs[2 * i + 1] = i + 1 < n ? plot__at(fl, "t_s", i + 1) : pn->xmax;
        ys[2 * i] = ys[2 * i + 1] = plot__at(fl, "old_entries", i);
    }
    plot_pl_color(p, PLOT_C_GREY);
    plot_pl_line(p, 2 * (size_t)n, xs, ys, 2.5);
    for (int i = 0; i < n; i++)
        xs[i] = plot__at(fl, "t_s", i), ys[i] = plot__at(fl, "new_entries", i);
    plot_pl_color(p, PLOT_C_BLUE);
    plot_pl_line(p, (size_t)n, xs, ys, 2);
    plot_pl_points(p, (size_t)n, xs, ys, PLOT_M_PLUS, 0.6);
    plot_pl_panel(p, pn); /* the axes again, over the shading */
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    const cJSON *m;
    int cap = 0, panels = 0;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "migrations"))
    {
        if (fill_of(m) && panels < MAX_PANELS) {
            panels++;
            int n = cJSON_GetArraySize(cJSON_GetObjectItem(fill_of(m), "t_s"));
            cap = n > cap ? n : cap;
        }
    }
    double *xs = calloc(2 * (size_t)cap + 2, sizeof *xs), *ys = calloc(2 * (size_t)cap + 2, sizeof *ys);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    if (!xs || !ys) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int h = 100 + panels * 260;
    if ((err = write_csv(csv, root)) || (err = plot_pl_open(fig, fmt, 1000, h, &p)))
        goto out;
    plot_pl_page_title(p, "FIB repopulation: the new data plane filled while the old one forwards");
    double per = 260.0 / h, y = 1 - 80.0 / h;
    int k = 0;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "migrations"))
    {
        if (!fill_of(m) || k == panels)
            continue;
        char title[160];
        snprintf(title, sizeof title, "%s: %s > %s (grey band: cloning, t4..t5)", plot__str(m, "vr", "?"),
                 plot__str(m, "from", "?"), plot__str(m, "to", "?"));
        plot_panel_t pn = {.vx0 = 0.12, .vx1 = 0.78, .vy0 = y - (k + 1) * per + 75.0 / h, .vy1 = y - k * per,
                           .xgrid = true, .title = title, .ylabel = "FIB entries",
                           .xlabel = "simulated time (s)"};
        panel(p, m, &pn, xs, ys);
        if (k++ == 0) {
            static const char *const names[] = {"new data plane", "old data plane"};
            static const int colors[] = {PLOT_C_BLUE, PLOT_C_GREY};
            static const bool line[] = {true, true};
            plot_pl_legend(p, 2, names, colors, line, PLOT_LEG_RIGHT);
        }
    }
    err = plot_pl_close(p);
out:
    free(xs);
    free(ys);
    return err;
}

const plot_figure_t plot_fig_fib = {
    .name = "fib", .title = "FIB repopulation", .check = check, .draw = draw, .has = has,
};
