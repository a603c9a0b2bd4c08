/* plot_breakdown — seed 001's Fig. 8: the control plane's freeze split into dump, copy,
 * restore and bridging, stacked per route count, from `reproduce s08-fig8` (its cells
 * "<term>_s@<N>k") or from a sweep summary holding the metrics dump_s, copy_s, restore_s and
 * bridging_s (one panel per combination of the other axes). */
#ifndef PLOT_BREAKDOWN_H
#define PLOT_BREAKDOWN_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_breakdown;

#endif
