/* plot_util — what the figure files share inside plot/: reading values out of a result tree,
 * file names, CSV fields, and what a figure is. Not for use outside plot/. */
#ifndef PLOT_UTIL_H
#define PLOT_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "plot_files.h"

/* The number under key, or NAN when it is missing or null (a step not reached). */
double plot__num(const cJSON *obj, const char *key);
/* The string under key, or fallback. */
const char *plot__str(const cJSON *obj, const char *key, const char *fallback);
/* The array under key, or NULL when it is not one (or empty when nonempty is set). */
const cJSON *plot__arr(const cJSON *obj, const char *key, bool nonempty);

/* "<dir>/<stem>-<fig>.<ext>", malloc'd (caller frees); NULL when out of memory. */
char *plot__path(const char *dir, const char *stem, const char *fig, const char *ext);
/* CSV fields: a string (quoted when it holds a comma, quote or newline) or a number (%.15g;
 * NAN is an empty field). sep is the character written after the field (',' or '\n'). */
void plot__csv_str(FILE *f, const char *s, char sep);
void plot__csv_num(FILE *f, double v, char sep);
/* The strings under the n keys of obj (missing: empty), each followed by a comma. */
void plot__csv_keys(FILE *f, const cJSON *obj, const char *const *keys, size_t n);

/* A figure: check says what a result lacks (NULL when it has what the figure needs); draw
 * writes the figure to fig and its data to csv. */
typedef struct {
    const char *name;   /* file-name part: "timeline" */
    const char *title;  /* for lists and the report */
    const char *(*check)(const cJSON *root);
    vs_err_t (*draw)(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt);
} plot_figure_t;

#endif
