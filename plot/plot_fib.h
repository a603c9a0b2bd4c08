/* plot_fib — FIB repopulation of a run: per migration, the entries installed over time on
 * the new data plane, and the old data plane's entries meanwhile (it forwards until it is
 * removed at t6), from the migration's fib.fill (run results of schema 2). */
#ifndef PLOT_FIB_H
#define PLOT_FIB_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_fib;

#endif
