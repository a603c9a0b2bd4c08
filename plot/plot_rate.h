/* plot_rate — data traffic against the data rate (seed 001 Fig. 9 and Table 3, seed 002
 * Figs. 5-7): loss, delay, jitter, downtime and migration time against the rate, from the
 * reproduction targets that sweep it (s08-fig9, s08-table3, s08-sd-delay, p10-downtime,
 * p10-loss: their cells "<measure>@<rate><unit>"). One panel per target and unit of the
 * measure, one line per measure. A sweep over a rate is drawn by plot_sweep. */
#ifndef PLOT_RATE_H
#define PLOT_RATE_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_rate;

#endif
