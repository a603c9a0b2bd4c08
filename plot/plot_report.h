/* plot_report — one self-contained HTML page of results: per result a summary table and its
 * figures as inline SVG; no scripts, no network, printable. */
#ifndef PLOT_REPORT_H
#define PLOT_REPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "vs_error.h"

/* Writes the page for roots[i] (read from names[i], which the page shows) to html, atomically.
 * Each result is checked first (plot_check), so nothing is written for one that cannot be
 * drawn. Figures are drawn in a temporary folder that is removed afterwards. */
vs_err_t plot_report(const char *const *names, const cJSON *const *roots, size_t n,
                     const char *html);

#endif
