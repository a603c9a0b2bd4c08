/* plot_series — values against an x axis, read from results: a reproduction target's cells
 * named "<series>@<x><unit>" (s08-fig8's "dump_s@100k", s08-fig9's "jitter_ms@700Mbps") and
 * a sweep summary's groups (docs/plot.md, "Sweep summaries"). What the figures that draw a
 * measure against routes, rates or any swept axis share inside plot/. */
#ifndef PLOT_SERIES_H
#define PLOT_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* A reproduction cell's name split at '@': "jitter_ms@700Mbps_spare" is series "jitter_ms",
 * x 700, unit "Mbps_spare". False when the name has no '@' followed by a number, or the
 * parts do not fit the buffers. */
typedef struct {
    char series[64];
    double x;
    char unit[24];
} plot_cell_name_t;
bool plot__cell_name(const char *name, plot_cell_name_t *out);

/* The target of a reproduction result with this id, or NULL. */
const cJSON *plot__target(const cJSON *root, const char *id);

/* A swept value as a number in a unit people read: a bare number as is; "500Mbps" in Mbps,
 * "20kpps" in kpps, "250ms" in s, "512MB" in MB (base/'s unit parsers). *unit is "" for a
 * bare number, else the unit's name (static). A JSON number is taken as is. False when the
 * value is neither. */
bool plot__axis_value(const cJSON *v, double *x, const char **unit);

/* A sweep summary (docs/plot.md): its 'summary' object's 'groups' array, or NULL. */
const cJSON *plot__sweep_groups(const cJSON *root);
/* Statistics of one metric in one group (members NAN when missing or null). */
typedef struct {
    double n, mean, sd, lo, hi, min, max; /* lo, hi: the 95% confidence interval */
} plot_stat_t;
bool plot__group_stat(const cJSON *group, const char *metric, plot_stat_t *out);


/* A sweep summary read as lines: x is the first 'by' axis whose every value is a number
 * (units allowed), each line one combination of the other axes' values, its points in
 * increasing x. Owned by the caller: plot__sweep_free. */
typedef struct {
    const cJSON *group; /* its statistics: plot__group_stat */
    double x;
    size_t line;        /* index into labels */
} plot_point_t;
typedef struct {
    const char *axis, *unit; /* the x axis's path (in the result) and unit ("" for none) */
    plot_point_t *points;    /* sorted by line, then x */
    size_t n;
    char (*labels)[128];     /* per line: "memory=pre-copy, mode=x", or "" with one line */
    size_t n_lines;
} plot_sweep_t;
/* NULL when root is a sweep summary with a numeric axis, else what it lacks (static). */
const char *plot__sweep_read(const cJSON *root, plot_sweep_t *out);
void plot__sweep_free(plot_sweep_t *s);
/* Does every group hold this metric? */
bool plot__sweep_has(const plot_sweep_t *s, const char *metric);

#endif
