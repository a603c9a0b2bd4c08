/* plot_files — the formats figures are drawn in and the list of files a call wrote: what the
 * public interface (plot.h), the figures and the PLplot adapter share. */
#ifndef PLOT_FILES_H
#define PLOT_FILES_H

#include <stddef.h>

#include "vs_error.h"

typedef enum { PLOT_SVG, PLOT_PNG, PLOT_PDF } plot_format_t;

/* "svg", "png" or "pdf"; anything else is VS_EUSAGE with a message. */
vs_err_t plot_format_parse(const char *text, plot_format_t *out);
/* The file extension without the dot. */
const char *plot_format_ext(plot_format_t fmt);

/* The files one call wrote, in order: figure i is figures[i] with its data in csvs[i] and a
 * one-line title. Owned by the list; free with plot_files_free. */
typedef struct {
    char **figures, **csvs, **titles;
    size_t n;
} plot_files_t;
void plot_files_free(plot_files_t *f);
/* Appends to made, taking ownership of fig and csv (freed on failure). */
vs_err_t plot__add(plot_files_t *made, char *fig, char *csv, const char *title);

#endif
