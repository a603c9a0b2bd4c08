/* cmd_plot — `vroomsim plot` and `vroomsim report`, and the --plot DIR option of run,
 * compare, plan and reproduce, which draws the result just computed the same way. */
#ifndef CMD_PLOT_H
#define CMD_PLOT_H

#include <cjson/cJSON.h>

#include "vs_error.h"

/* The --plot DIR option's code, for the commands' getopt tables. */
#define CLI_OPT_PLOT 300
#define CLI_OPTION_PLOT {"plot", required_argument, 0, CLI_OPT_PLOT}

/* Draws root (a result as the command would write it as JSON; not modified) into dir as SVG,
 * its files named after stem ("run", "compare", ...), and lists them on stderr. */
vs_err_t cli_plot_tree(const cJSON *root, const char *stem, const char *dir);

/* vroomsim bench plot (cli/cmd_bench_plot.c). */
int cmd_bench_plot(int argc, char **argv);

#endif
