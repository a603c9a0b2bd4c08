/* plot — figures and an HTML report drawn from results as vroomsim writes them (JSON in;
 * SVG, PNG, PDF and HTML out), so any result can be drawn again later from its file.
 * Every figure writes its data as CSV beside it (same basename, .csv). docs/plot.md lists the
 * figures, the results each needs and the CSV columns. */
#ifndef PLOT_H
#define PLOT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "plot_files.h"
#include "vs_error.h"

/* Checks that root is a result vroomsim wrote (a known schema version) and holds something
 * to draw; otherwise VS_EINVAL with a message naming name (the file) and what is missing.
 * Cost: a walk over the result. */
vs_err_t plot_check(const cJSON *root, const char *name);

/* Draws every figure root holds into dir as "<stem>-<figure>.<ext>" plus the CSVs, appending
 * what it wrote to *made (which the caller owns). Checks first (plot_check), so nothing is
 * written for a result that cannot be drawn. root is not modified. */
vs_err_t plot_result(const cJSON *root, const char *name, const char *stem, const char *dir,
                     plot_format_t fmt, plot_files_t *made);

/* Reads a result file into *out (caller owns), checking it with plot_check. */
vs_err_t plot_load(const char *path, cJSON **out);

#endif
