#include "plot_pl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <plplot.h>

#include "vs_log.h"

/* Text height in PLplot's millimetres, the same on every page whatever its size. */
#define PLOT_CHAR_MM 4.2

struct plot_pl {
    PLINT stream;
    char *path, *tmp;
    plot_panel_t panel; /* the current one, for the log transforms */
};

static const PLINT palette[PLOT_C_COUNT][3] = {
    [PLOT_C_BG] = {255, 255, 255},   [PLOT_C_FG] = {0, 0, 0},
    [PLOT_C_GRID] = {200, 200, 200}, [PLOT_C_BLUE] = {0, 114, 178},
    [PLOT_C_ORANGE] = {230, 159, 0}, [PLOT_C_GREEN] = {0, 158, 115},
    [PLOT_C_RED] = {213, 94, 0},     [PLOT_C_PURPLE] = {204, 121, 167},
    [PLOT_C_SKY] = {86, 180, 233},   [PLOT_C_YELLOW] = {240, 228, 66},
    [PLOT_C_GREY] = {120, 120, 120}, [PLOT_C_BAND] = {225, 225, 225},
    [PLOT_C_PINK] = {250, 215, 200},
};

static const char *device(plot_format_t fmt)
{
    return fmt == PLOT_PNG ? "pngcairo" : fmt == PLOT_PDF ? "pdfcairo" : "svg";
}

/* plinit exits the process when the device is missing, so look before. */
static bool have_device(const char *dev)
{
    const char *menu[128], *names[128]; /* plgDevs fills arrays the caller sizes */
    const char **pm = menu, **pn = names;
    int n = 128;
    plgDevs(&pm, &pn, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], dev) == 0)
            return true;
    return false;
}

/* PLplot reports recoverable trouble through plabort; it is a person's matter, not a result. */
static void on_abort(PLCHAR_VECTOR msg)
{
    VS_WARN("plot", "PLplot: %s", msg);
}

vs_err_t plot_pl_open(const char *path, plot_format_t fmt, int w, int h, plot_pl_t **out)
{
    *out = NULL;
    const char *dev = device(fmt);
    if (!have_device(dev))
        return vs_fail(VS_EDEPEND, "PLplot has no '%s' driver: install the Debian package %s", dev,
                       fmt == PLOT_SVG ? "libplplot17" : "plplot-driver-cairo");
    plot_pl_t *p = calloc(1, sizeof *p);
    size_t n = strlen(path) + 32;
    if (p)
        p->stream = -1; /* no PLplot stream yet */
    if (!p || !(p->path = strdup(path)) || !(p->tmp = malloc(n))) {
        plot_pl_abort(p);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    /* The driver picks its format from the name only through plsdev; keep the extension
     * last anyway so a stray temporary file says what it is. */
    snprintf(p->tmp, n, "%s.tmp.%ld.%s", path, (long)getpid(), plot_format_ext(fmt));
    FILE *probe = fopen(p->tmp, "w");
    if (!probe) {
        vs_err_t err = vs_fail(VS_EIO, "%s: cannot write", path);
        free(p->path), free(p->tmp), free(p);
        return err;
    }
    fclose(probe);
    plmkstrm(&p->stream);
    plsabort(on_abort);
    plsdev(dev);
    plsfnam(p->tmp);
    plspage(0, 0, w, h, 0, 0);
    plscmap0n(PLOT_C_COUNT);
    for (int i = 0; i < PLOT_C_COUNT; i++)
        plscol0(i, palette[i][0], palette[i][1], palette[i][2]);
    plinit();
    pladv(0);
    plschr(PLOT_CHAR_MM, 1.0);
    plcol0(PLOT_C_FG);
    *out = p;
    return VS_OK;
}

static void finish(plot_pl_t *p)
{
    plsstrm(p->stream);
    plend1();
}

vs_err_t plot_pl_close(plot_pl_t *p)
{
    finish(p);
    vs_err_t err = VS_OK;
    FILE *f = fopen(p->tmp, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    if (size <= 0)
        err = vs_fail(VS_EIO, "%s: PLplot wrote nothing", p->path);
    else if (rename(p->tmp, p->path) != 0)
        err = vs_fail(VS_EIO, "%s: cannot rename into place", p->path);
    if (err)
        unlink(p->tmp);
    free(p->path);
    free(p->tmp);
    free(p);
    return err;
}

void plot_pl_abort(plot_pl_t *p)
{
    if (!p)
        return;
    if (p->stream >= 0) {
        finish(p);
        unlink(p->tmp);
    }
    free(p->path);
    free(p->tmp);
    free(p);
}

static double tx(const plot_pl_t *p, double x)
{
    if (!p->panel.xlog)
        return x;
    return log10(x > p->panel.xmin ? x : p->panel.xmin);
}

static double ty(const plot_pl_t *p, double y)
{
    if (!p->panel.ylog || p->panel.ylabels)
        return y;
    return log10(y > p->panel.ymin ? y : p->panel.ymin);
}

/* PLplot's custom labels for a categorical axis: row names at the integer ticks. */
static void row_label(PLINT axis, PLFLT value, char *label, PLINT length, PLPointer data)
{
    const plot_pl_t *p = data;
    long i = lround(value);
    label[0] = '\0';
    if (axis == PL_Y_AXIS && fabs(value - (double)i) < 1e-6 && i >= 0 && (size_t)i < p->panel.n_ylabels)
        snprintf(label, (size_t)length, "%s", p->panel.ylabels[i]);
}

double plot_pl_label_margin(const char *const *labels, size_t n, int w)
{
    size_t longest = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(labels[i]) > longest)
            longest = strlen(labels[i]);
    double m = 0.03 + (double)longest * 9.0 / w; /* about 9 points a character at this size */
    return m > 0.6 ? 0.6 : m < 0.08 ? 0.08 : m;
}

void plot_pl_panel(plot_pl_t *p, const plot_panel_t *panel)
{
    p->panel = *panel;
    plvpor(panel->vx0, panel->vx1, panel->vy0, panel->vy1);
    double y0 = panel->ylabels ? (double)panel->n_ylabels - 0.5 : ty(p, panel->ymin);
    double y1 = panel->ylabels ? -0.5 : (panel->ylog ? log10(panel->ymax) : panel->ymax);
    double x0 = panel->xlog ? log10(panel->xmin) : panel->xmin;
    double x1 = panel->xlog ? log10(panel->xmax) : panel->xmax;
    plwind(x0, x1, y0, y1);
    plcol0(PLOT_C_FG);
    plwidth(1);
    char xopt[16] = "bcst", yopt[16] = "bcnstv";
    if (!panel->xbare)
        strcat(xopt, "n");
    if (panel->xlog)
        strcat(xopt, "l");
    if (panel->ylog && !panel->ylabels)
        strcat(yopt, "l");
    if (panel->ylabels && panel->ybare) {
        plbox(xopt, 0, 0, "bct", 1.0, 0);
    } else if (panel->ylabels) {
        plslabelfunc(row_label, p);
        plbox(xopt, 0, 0, "bcv", 0, 0);
        plbox("", 0, 0, "ntov", 1.0, 0);
        plslabelfunc(NULL, NULL);
    } else {
        plbox(xopt, 0, 0, yopt, 0, 0);
    }
    if (panel->xgrid) {
        plcol0(PLOT_C_GRID);
        pllsty(3);
        plbox(panel->xlog ? "gl" : "g", 0, 0, "", 0, 0);
        pllsty(1);
        plcol0(PLOT_C_FG);
    }
    pllab(panel->xlabel ? panel->xlabel : "", panel->ylabels ? "" : (panel->ylabel ? panel->ylabel : ""),
          panel->title ? panel->title : "");
}

void plot_pl_page_title(plot_pl_t *p, const char *text)
{
    plvpor(0, 1, 0, 1);
    plwind(0, 1, 0, 1);
    plcol0(PLOT_C_FG);
    plschr(PLOT_CHAR_MM, 1.25);
    plmtex("t", -1.5, 0.5, 0.5, text);
    plschr(PLOT_CHAR_MM, 1.0);
}

void plot_pl_color(plot_pl_t *p, int color)
{
    plcol0(color);
}

void plot_pl_line(plot_pl_t *p, size_t n, const double *x, const double *y, double width)
{
    PLFLT *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    if (xs && ys) {
        for (size_t i = 0; i < n; i++)
            xs[i] = tx(p, x[i]), ys[i] = ty(p, y[i]);
        plwidth(width);
        plline((PLINT)n, xs, ys);
        plwidth(1);
    }
    free(xs);
    free(ys);
}

void plot_pl_rect(plot_pl_t *p, double x0, double x1, double y0, double y1)
{
    PLFLT xs[4] = {tx(p, x0), tx(p, x1), tx(p, x1), tx(p, x0)};
    PLFLT ys[4] = {ty(p, y0), ty(p, y0), ty(p, y1), ty(p, y1)};
    plfill(4, xs, ys);
}

void plot_pl_vline(plot_pl_t *p, double x, bool dashed)
{
    PLFLT xmin, xmax, ymin, ymax;
    plgvpw(&xmin, &xmax, &ymin, &ymax);
    PLFLT xs[2] = {tx(p, x), tx(p, x)}, ys[2] = {ymin, ymax};
    if (dashed)
        pllsty(2);
    plline(2, xs, ys);
    pllsty(1);
}

void plot_pl_errbars(plot_pl_t *p, size_t n, const double *x, const double *lo, const double *hi)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i]))
            continue;
        PLFLT a = tx(p, x[i]), b = ty(p, lo[i]), c = ty(p, hi[i]);
        plerry(1, &a, &b, &c);
    }
}

void plot_pl_points(plot_pl_t *p, size_t n, const double *x, const double *y, int marker,
                    double scale)
{
    plssym(0, scale);
    for (size_t i = 0; i < n; i++) {
        PLFLT a = tx(p, x[i]), b = ty(p, y[i]);
        plpoin(1, &a, &b, marker);
    }
    plssym(0, 1);
}

void plot_pl_text(plot_pl_t *p, double x, double y, double just, double scale, const char *text)
{
    plschr(PLOT_CHAR_MM, scale);
    plptex(tx(p, x), ty(p, y), 1, 0, just, text);
    plschr(PLOT_CHAR_MM, 1.0);
}

void plot_pl_legend(plot_pl_t *p, size_t n, const char *const *texts, const int *colors,
                    const bool *line, plot_leg_pos_t where)
{
    PLINT opts[16], tcol[16], bcol[16], bpat[16], lcol[16], lsty[16];
    PLFLT bscale[16], bwidth[16], lwidth[16];
    if (n > 16)
        n = 16;
    for (size_t i = 0; i < n; i++) {
        opts[i] = line[i] ? PL_LEGEND_LINE : PL_LEGEND_COLOR_BOX;
        tcol[i] = PLOT_C_FG;
        bcol[i] = lcol[i] = colors[i];
        bpat[i] = 0;
        bscale[i] = 0.8;
        bwidth[i] = 1;
        lsty[i] = 1;
        lwidth[i] = 2;
    }
    PLFLT w, h;
    /* Beside the panel, one entry a row; above or below it, entries in rows of three. */
    bool rows = where == PLOT_LEG_BELOW || where == PLOT_LEG_ABOVE;
    PLINT pos = where == PLOT_LEG_RIGHT   ? PL_POSITION_RIGHT | PL_POSITION_OUTSIDE
                : where == PLOT_LEG_BELOW ? PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE
                : where == PLOT_LEG_ABOVE ? PL_POSITION_TOP | PL_POSITION_OUTSIDE
                                          : PL_POSITION_RIGHT | PL_POSITION_TOP | PL_POSITION_INSIDE;
    PLINT opt = PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX | (rows ? PL_LEGEND_ROW_MAJOR : 0);
    PLINT ncol = rows ? (n > 3 ? 3 : (PLINT)n) : 0, nrow = rows ? ((PLINT)n + ncol - 1) / ncol : 0;
    pllegend(&w, &h, opt, pos, 0.01, rows ? 0.03 : 0.01, rows ? 0.04 : 0.06, PLOT_C_BG, PLOT_C_FG, 1, nrow, ncol,
             (PLINT)n, opts, 0.8, 1.0, 1.6, 0, tcol, texts, bcol,
             bpat, bscale, bwidth, lcol, lsty, lwidth, NULL, NULL, NULL, NULL);
}
