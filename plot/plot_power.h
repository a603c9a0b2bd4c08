/* plot_power — a power study: routers on and power per interval against all-on, savings. */
#ifndef PLOT_POWER_H
#define PLOT_POWER_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_power;

#endif
