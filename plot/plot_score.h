/* plot_score — a reproduction scorecard: per target and cell, the paper's value, the simulated one and the tolerance band. */
#ifndef PLOT_SCORE_H
#define PLOT_SCORE_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_score;

#endif
