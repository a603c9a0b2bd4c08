#include "plot_timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_pl.h"
#include "vs_out.h"

#define NSTEPS 7
#define MAX_ROWS 64

static const char *const step_keys[NSTEPS] = {
    "t0_tunnels_s", "t1_image_copy_s", "t2_memory_copy_s", "t3_suspend_s",
    "t4_resume_s",  "t5_links_s",      "t6_done_s",
};
/* The bar between step k and k+1 (seed 001 Sec. 4.2, Fig. 4). */
static const char *const bar_names[NSTEPS - 1] = {
    "tunnels", "image_copy", "memory_precopy", "freeze", "fib_cloning", "link_rehoming",
};
static const char *const bar_titles[NSTEPS - 1] = {
    "t0 tunnels", "t1 image copy", "t2 memory pre-copy", "t3 control-plane freeze",
    "t4 data-plane cloning", "t5 link re-homing",
};
static const int bar_colors[NSTEPS - 1] = {
    PLOT_C_GREY, PLOT_C_SKY, PLOT_C_BLUE, PLOT_C_RED, PLOT_C_ORANGE, PLOT_C_GREEN,
};

typedef struct {
    char label[96];
    double t[NSTEPS];        /* NAN: not reached */
    double link[64];         /* re-homing duration of each link after t5, s */
    size_t n_links;
} row_t;

static const char *check(const cJSON *root)
{
    const cJSON *migs = plot__arr(root, "migrations", true), *m;
    if (!migs)
        return "no migrations ('migrations' is missing or empty)";
    cJSON_ArrayForEach(m, migs)
    {
        const cJSON *tl = cJSON_GetObjectItem(m, "timeline");
        if (!cJSON_IsObject(tl))
            return "a migration without 'timeline'";
        if (!isfinite(plot__num(tl, "t0_tunnels_s")))
            return "a migration whose timeline has no t0 ('t0_tunnels_s')";
    }
    return NULL;
}

static size_t read_rows(const cJSON *root, row_t *rows)
{
    size_t n = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(root, "migrations"))
    {
        if (n == MAX_ROWS)
            break;
        row_t *r = &rows[n++];
        const cJSON *tl = cJSON_GetObjectItem(m, "timeline");
        snprintf(r->label, sizeof r->label, "%s %s>%s", plot__str(m, "vr", "?"),
                 plot__str(m, "from", "?"), plot__str(m, "to", "?"));
        for (int k = 0; k < NSTEPS; k++)
            r->t[k] = plot__num(tl, step_keys[k]);
        const cJSON *l;
        cJSON_ArrayForEach(l, cJSON_GetObjectItem(m, "link_rehoming_s"))
        {
            if (cJSON_IsNumber(l) && r->n_links < 64)
                r->link[r->n_links++] = l->valuedouble;
        }
    }
    return n;
}

static vs_err_t write_csv(const char *path, const cJSON *root, const row_t *rows, size_t n)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    static const char *const who[] = {"vr", "from", "to"};
    fputs("migration,vr,from,to,bar,from_step,to_step,start_s,end_s\n", f);
    const cJSON *m = cJSON_GetObjectItem(root, "migrations")->child;
    for (size_t i = 0; i < n; i++, m = m->next) {
        for (int k = 0; k < NSTEPS - 1; k++) {
            bool both = isfinite(rows[i].t[k]) && isfinite(rows[i].t[k + 1]);
            fprintf(f, "%zu,", i);
            plot__csv_keys(f, m, who, 3);
            fprintf(f, "%s,t%d,t%d,", bar_names[k], k, k + 1);
            plot__csv_num(f, both ? rows[i].t[k] : NAN, ',');
            plot__csv_num(f, both ? rows[i].t[k + 1] : NAN, '\n');
        }
        for (size_t j = 0; j < rows[i].n_links; j++) {
            fprintf(f, "%zu,", i);
            plot__csv_keys(f, m, who, 3);
            fprintf(f, "link%zu,t5,,", j);
            plot__csv_num(f, rows[i].t[5], ',');
            plot__csv_num(f, rows[i].t[5] + rows[i].link[j], '\n');
        }
    }
    return vs_out_commit(o);
}

static void draw_bars(plot_pl_t *p, const row_t *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < NSTEPS - 1; k++) {
            if (!isfinite(rows[i].t[k]) || !isfinite(rows[i].t[k + 1]))
                continue;
            plot_pl_color(p, bar_colors[k]);
            plot_pl_rect(p, rows[i].t[k], rows[i].t[k + 1], (double)i - 0.3, (double)i + 0.3);
        }
        if (isfinite(rows[i].t[3]) && isfinite(rows[i].t[4])) {
            char txt[64];
            snprintf(txt, sizeof txt, "freeze %.3f s", rows[i].t[4] - rows[i].t[3]);
            plot_pl_color(p, PLOT_C_RED);
            plot_pl_vline(p, rows[i].t[3], true);
            plot_pl_color(p, PLOT_C_FG);
            plot_pl_text(p, rows[i].t[3], (double)i - 0.38, 0, 0.7, txt);
        }
    }
}

static void draw_links(plot_pl_t *p, const row_t *rows, size_t n)
{
    plot_pl_color(p, PLOT_C_GREEN);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < rows[i].n_links; j++) {
            double x[2] = {rows[i].link[j] * 1e3, rows[i].link[j] * 1e3};
            double y[2] = {(double)i - 0.25, (double)i + 0.25};
            plot_pl_line(p, 2, x, y, 2.5);
        }
}

/* The whole span, the span up to the end of the freeze (t0..t4, where the steps a long
 * data-plane cloning dwarfs happen), and the longest link re-homing. */
static void time_range(const row_t *rows, size_t n, double *lo, double *hi, double *hi4, double *lmax)
{
    *lo = INFINITY, *hi = *hi4 = -INFINITY, *lmax = 0;
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < NSTEPS; k++)
            if (isfinite(rows[i].t[k])) {
                *lo = fmin(*lo, rows[i].t[k]);
                *hi = fmax(*hi, rows[i].t[k]);
                if (k <= 4)
                    *hi4 = fmax(*hi4, rows[i].t[k]);
            }
        if (isfinite(rows[i].t[5]))
            for (size_t j = 0; j < rows[i].n_links; j++)
                *lmax = fmax(*lmax, rows[i].link[j]);
    }
    if (!(*hi > *lo))
        *hi = *lo + 1;
}

/* The figure's panels, top to bottom; each is rows tall plus room for its labels. */
typedef struct {
    plot_panel_t pn;
    bool links;
    int height;
} strip_t;

static size_t layout(strip_t *st, const row_t *rows, size_t n, const char **labels)
{
    double lo, hi, hi4, lmax;
    time_range(rows, n, &lo, &hi, &hi4, &lmax);
    size_t k = 0;
    double pad = 0.02 * (hi - lo);
    st[k++] = (strip_t){.pn = {.xmin = lo - pad, .xmax = hi + pad, .xlabel = "simulated time (s)",
                               .title = NULL}, .height = 170 + (int)n * 60};
    if (hi4 > lo && hi4 - lo < 0.15 * (hi - lo)) { /* the early steps would be slivers */
        double p4 = 0.05 * (hi4 - lo);
        st[k++] = (strip_t){.pn = {.xmin = lo - p4, .xmax = hi4 + p4, .xlabel = "simulated time (s)",
                                   .title = "zoom: t0 to the end of the freeze (t4)"},
                            .height = 110 + (int)n * 50};
    }
    if (lmax > 0)
        st[k++] = (strip_t){.pn = {.xmin = 0, .xmax = lmax * 1e3 * 1.1, .xlabel = "time after t5 (ms)",
                                   .title = "each link's re-homing"},
                            .links = true, .height = 110 + (int)n * 40};
    for (size_t i = 0; i < k; i++)
        st[i].pn.ylabels = labels, st[i].pn.n_ylabels = n, st[i].pn.xgrid = true;
    return k;
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    row_t *rows = calloc(MAX_ROWS, sizeof *rows);
    const char *labels[MAX_ROWS];
    if (!rows)
        return vs_fail(VS_ENOMEM, "out of memory");
    size_t n = read_rows(root, rows);
    for (size_t i = 0; i < n; i++)
        labels[i] = rows[i].label;
    vs_err_t err = write_csv(csv, root, rows, n);
    if (err)
        goto out;
    strip_t st[3];
    size_t ns = layout(st, rows, n, labels);
    int w = 1000, h = 20;
    for (size_t i = 0; i < ns; i++)
        h += st[i].height;
    plot_pl_t *p;
    if ((err = plot_pl_open(fig, fmt, w, h, &p)))
        goto out;
    double vx0 = plot_pl_label_margin(labels, n, w), top = 1 - 10.0 / h;
    plot_pl_page_title(p, "migration steps t0..t6 (seed 001, Fig. 4)");
    for (size_t i = 0; i < ns; i++) {
        plot_panel_t *pn = &st[i].pn;
        pn->vx0 = vx0, pn->vx1 = 0.92, pn->vy1 = top - (i == 0 ? 100.0 : 40.0) / h;
        top -= (double)st[i].height / h;
        pn->vy0 = top + 60.0 / h;
        plot_pl_panel(p, pn);
        if (st[i].links) {
            draw_links(p, rows, n);
            continue;
        }
        draw_bars(p, rows, n);
        bool line[NSTEPS - 1] = {0};
        if (i == 0)
            plot_pl_legend(p, NSTEPS - 1, bar_titles, bar_colors, line, PLOT_LEG_ABOVE);
    }
    err = plot_pl_close(p);
out:
    free(rows);
    return err;
}

const plot_figure_t plot_fig_timeline = {
    .name = "timeline", .title = "migration timeline", .check = check, .draw = draw,
};
