/* plot_compare — a compare result: one bar group per mechanism. */
#ifndef PLOT_COMPARE_H
#define PLOT_COMPARE_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_compare;

#endif
