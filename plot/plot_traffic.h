/* plot_traffic — data traffic over time of a run with flows (the flows' series). */
#ifndef PLOT_TRAFFIC_H
#define PLOT_TRAFFIC_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_traffic;

#endif
