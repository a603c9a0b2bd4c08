/* plot_plan — a maintenance or te plan: waves and, after --simulate, per-VR downtime. */
#ifndef PLOT_PLAN_H
#define PLOT_PLAN_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_plan;

#endif
