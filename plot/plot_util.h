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
/* Item i of the array under key as a number, or NAN (missing, null, not a number). */
double plot__at(const cJSON *obj, const char *key, int i);
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
/* Opens a CSV file (written to a temporary name: vs_out.h) and writes its header line;
 * *f is the stream to write the rows to. */
struct vs_outfile;
vs_err_t plot__csv_open(const char *path, const char *header, struct vs_outfile **o, FILE **f);
/* The strings under the n keys of obj (missing: empty), each followed by a comma. */
void plot__csv_keys(FILE *f, const cJSON *obj, const char *const *keys, size_t n);

/* A figure: check says what a result lacks (NULL when it has what the figure needs); draw
 * writes the figure to fig and its data to csv. */
typedef struct {
    const char *name;   /* file-name part: "timeline" */
    const char *title;  /* for lists and the report */
    const char *(*check)(const cJSON *root);
    vs_err_t (*draw)(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt);
    /* (optional) Does the result hold this figure's data at all? Then a figure its kind
     * draws only when it can (plot.c) must be drawable: malformed data is an error. */
    bool (*has)(const cJSON *root);
} plot_figure_t;

#endif
