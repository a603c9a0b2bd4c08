/* plot_timeline — a run's migrations as seed 001's Fig. 4: per migration the steps t0..t6
 * as bars on a time axis, the control-plane freeze (t3..t4) marked, and each link's
 * re-homing after t5 as a tick. Steps not reached (null) are not drawn. */
#ifndef PLOT_TIMELINE_H
#define PLOT_TIMELINE_H

#include "plot_util.h"

extern const plot_figure_t plot_fig_timeline;

#endif
