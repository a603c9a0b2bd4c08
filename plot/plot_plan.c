#include "plot_plan.h"

#include <math.h>
#include <stdlib.h>

#include "plot_pl.h"
#include "vs_out.h"

typedef struct {
    const cJSON *m;
    char label[96];
    double wave, start, duration, downtime, sim_total;
} row_t;

static const int wave_colors[] = {PLOT_C_BLUE, PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_PURPLE, PLOT_C_SKY,
                                  PLOT_C_YELLOW};

/* maintenance calls the sequenced migrations "migrations", te "plan". */
static const cJSON *moves(const cJSON *root)
{
    const cJSON *a = plot__arr(root, "migrations", false);
    return a ? a : plot__arr(root, "plan", false);
}

static const char *check(const cJSON *root)
{
    const cJSON *a = moves(root), *m;
    if (!a || cJSON_GetArraySize(a) == 0)
        return "no migrations ('migrations' or 'plan' is missing or empty: nothing moves)";
    cJSON_ArrayForEach(m, a)
    {
        if (!isfinite(plot__num(m, "start_s")) || !isfinite(plot__num(m, "duration_s")))
            return "a migration without 'start_s' or 'duration_s'";
    }
    return NULL;
}

/* The simulation's line for the i-th migration (same order as the plan), or NULL. */
static const cJSON *simulated(const cJSON *root, size_t i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(root, "simulation"), (int)i);
}

static size_t read_rows(const cJSON *root, row_t *rows, bool *any_sim)
{
    size_t n = 0;
    const cJSON *m;
    *any_sim = false;
    cJSON_ArrayForEach(m, moves(root))
    {
        row_t *r = &rows[n];
        const cJSON *s = simulated(root, n++);
        r->m = m;
        snprintf(r->label, sizeof r->label, "%s %s>%s", plot__str(m, "vr", "?"), plot__str(m, "from", "?"),
                 plot__str(m, "to", "?"));
        r->wave = plot__num(m, "wave");
        r->start = plot__num(m, "start_s");
        r->duration = plot__num(m, "duration_s");
        r->downtime = plot__num(s, "downtime_s");
        r->sim_total = plot__num(s, "total_s");
        *any_sim |= isfinite(r->downtime);
    }
    return n;
}

static vs_err_t write_csv(const char *path, const row_t *rows, size_t n)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    static const char *const who[] = {"vr", "from", "to"};
    fputs("vr,from,to,wave,start_s,duration_s,simulated_downtime_s,simulated_total_s\n", f);
    for (size_t i = 0; i < n; i++) {
        plot__csv_keys(f, rows[i].m, who, 3);
        plot__csv_num(f, rows[i].wave, ',');
        plot__csv_num(f, rows[i].start, ',');
        plot__csv_num(f, rows[i].duration, ',');
        plot__csv_num(f, rows[i].downtime, ',');
        plot__csv_num(f, rows[i].sim_total, '\n');
    }
    return vs_out_commit(o);
}

static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt)
{
    size_t cap = (size_t)cJSON_GetArraySize(moves(root));
    row_t *rows = calloc(cap, sizeof *rows);
    const char **labels = calloc(cap, sizeof *labels);
    vs_err_t err = VS_OK;
    plot_pl_t *p;
    bool sim;
    if (!rows || !labels) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = read_rows(root, rows, &sim);
    double end = 0, dmax = 0;
    for (size_t i = 0; i < n; i++) {
        labels[i] = rows[i].label;
        end = fmax(end, rows[i].start + rows[i].duration);
        dmax = fmax(dmax, isfinite(rows[i].downtime) ? rows[i].downtime : 0);
    }
    if ((err = write_csv(csv, rows, n)))
        goto out;
    int w = 1000, h = 160 + (int)n * 26;
    if ((err = plot_pl_open(fig, fmt, w, h, &p)))
        goto out;
    char title[96];
    snprintf(title, sizeof title, "%s plan: %zu migrations in waves (colour = wave)",
             plot__str(root, "task", "?"), n);
    plot_panel_t a = {.vx0 = plot_pl_label_margin(labels, n, w), .vx1 = sim ? 0.66 : 0.97,
                      .vy0 = 70.0 / h, .vy1 = 1 - 50.0 / h, .xmin = 0, .xmax = end > 0 ? end * 1.02 : 1,
                      .xlabel = "plan time (s)", .title = title, .ylabels = labels, .n_ylabels = n,
                      .xgrid = true};
    plot_pl_panel(p, &a);
    for (size_t i = 0; i < n; i++) {
        int wave = isfinite(rows[i].wave) && rows[i].wave >= 0 ? (int)rows[i].wave : 0;
        plot_pl_color(p, wave_colors[wave % 6]);
        plot_pl_rect(p, rows[i].start, rows[i].start + rows[i].duration, (double)i - 0.35, (double)i + 0.35);
    }
    if (sim) {
        plot_panel_t b = {.vx0 = 0.7, .vx1 = 0.97, .vy0 = a.vy0, .vy1 = a.vy1, .xmin = 0,
                          .xmax = dmax > 0 ? dmax * 1.1 : 1, .xlabel = "simulated downtime (s)",
                          .title = "per VR", .ylabels = labels, .n_ylabels = n, .ybare = true,
                          .xgrid = true};
        plot_pl_panel(p, &b);
        plot_pl_color(p, PLOT_C_RED);
        for (size_t i = 0; i < n; i++)
            if (isfinite(rows[i].downtime))
                plot_pl_rect(p, 0, rows[i].downtime, (double)i - 0.35, (double)i + 0.35);
    }
    err = plot_pl_close(p);
out:
    free(rows);
    free(labels);
    return err;
}

const plot_figure_t plot_fig_plan = {
    .name = "plan", .title = "plan: migrations by wave and simulated downtime", .check = check,
    .draw = draw,
};
