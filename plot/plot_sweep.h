/* plot_sweep — a sweep's summary (docs/plot.md, "Sweep summaries"): each metric against the
 * swept axis, its mean with the 95% confidence interval as a bar, one line per combination
 * of the other axes. A sweep over a data rate is seed 001 Fig. 9's shape; over OSPF routes
 * with the memory-copy terms as metrics, plot_breakdown draws Fig. 8 from it too. */
#ifndef PLOT_SWEEP_H
#define PLOT_SWEEP_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_sweep;

#endif
