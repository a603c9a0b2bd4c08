/* plot_pl — the one file that calls PLplot. A figure opens a page, lays out panels (axes,
 * ticks, labels, log scales and category labels all drawn by PLplot), draws into them in data
 * units, and closes: the page is written to a temporary name and renamed into place only when
 * complete. PLplot keeps global state, so one page is open at a time (not thread-safe). */
#ifndef PLOT_PL_H
#define PLOT_PL_H

#include <stdbool.h>
#include <stddef.h>

#include "plot_files.h"
#include "vs_error.h"

typedef struct plot_pl plot_pl_t;

/* Colours of the palette (colour-blind safe, Okabe–Ito) plus black and greys. */
enum {
    PLOT_C_BG, PLOT_C_FG, PLOT_C_GRID, PLOT_C_BLUE, PLOT_C_ORANGE, PLOT_C_GREEN, PLOT_C_RED,
    PLOT_C_PURPLE, PLOT_C_SKY, PLOT_C_YELLOW, PLOT_C_GREY, PLOT_C_BAND, PLOT_C_PINK, PLOT_C_COUNT
};

/* One set of axes. Viewport in fractions of the page (0..1, y upwards); world limits in
 * data units (a log axis takes them > 0). With ylabels, the y axis is categorical: row i at
 * y = i, row 0 at the top, labelled ylabels[i]; ymin/ymax are then ignored. */
typedef struct {
    double vx0, vx1, vy0, vy1;
    double xmin, xmax, ymin, ymax;
    bool xlog, ylog;
    const char *xlabel, *ylabel, *title;
    const char *const *ylabels;
    size_t n_ylabels;
    bool xgrid;                 /* dotted vertical grid lines at the major ticks */
    bool xbare;                 /* x ticks without numbers (a panel stacked above another) */
    bool ybare;                 /* categorical rows without their labels (a panel beside another) */
} plot_panel_t;

/* Opens a page of w × h points (pixels for PNG) that becomes path when closed; fails with
 * VS_EDEPEND when PLplot lacks the format's driver. *out owned by the caller until
 * plot_pl_close or plot_pl_abort. */
vs_err_t plot_pl_open(const char *path, plot_format_t fmt, int w, int h, plot_pl_t **out);
/* Ends the page and renames it into place; frees p even on failure. */
vs_err_t plot_pl_close(plot_pl_t *p);
/* Ends the page and removes the temporary file; frees p (NULL is fine). */
void plot_pl_abort(plot_pl_t *p);

/* The left edge (fraction of a page w wide) that leaves room for the longest row label. */
double plot_pl_label_margin(const char *const *labels, size_t n, int w);

/* Draws the axes of panel (copied: the labels must live until the next plot_pl_panel). */
void plot_pl_panel(plot_pl_t *p, const plot_panel_t *panel);
/* A title over the whole page. */
void plot_pl_page_title(plot_pl_t *p, const char *text);

/* Drawing in the current panel's data units; values outside a log axis's range are clamped. */
void plot_pl_color(plot_pl_t *p, int color);
void plot_pl_line(plot_pl_t *p, size_t n, const double *x, const double *y, double width);
void plot_pl_rect(plot_pl_t *p, double x0, double x1, double y0, double y1);
void plot_pl_vline(plot_pl_t *p, double x, bool dashed);
/* Vertical error bars from lo[i] to hi[i] at x[i] (PLplot's plerry); a NAN bound skips one. */
void plot_pl_errbars(plot_pl_t *p, size_t n, const double *x, const double *lo, const double *hi);
/* PLplot's centred markers (plpoin codes) at each (x, y). */
enum { PLOT_M_CIRCLE = 4, PLOT_M_CROSS = 5, PLOT_M_TRIANGLE = 7, PLOT_M_PLUS = 2 };
void plot_pl_points(plot_pl_t *p, size_t n, const double *x, const double *y, int marker,
                    double scale);
/* Text at (x, y): just 0 = left-aligned, 0.5 centred, 1 right-aligned. */
void plot_pl_text(plot_pl_t *p, double x, double y, double just, double scale, const char *text);

/* Where a legend goes, relative to the current panel. */
typedef enum { PLOT_LEG_INSIDE, PLOT_LEG_RIGHT, PLOT_LEG_BELOW, PLOT_LEG_ABOVE } plot_leg_pos_t;
/* A legend: each entry a filled box (line false) or a line, in colors[i] (at most 16). */
void plot_pl_legend(plot_pl_t *p, size_t n, const char *const *texts, const int *colors,
                    const bool *line, plot_leg_pos_t where);

#endif
