#include "plot_traffic.h"

static const char *check(const cJSON *root) { return "not yet"; }
static vs_err_t draw(const cJSON *root, const char *fig, const char *csv, plot_format_t fmt) { return VS_OK; }
const plot_figure_t plot_fig_traffic = {.name = "traffic", .title = "traffic", .check = check, .draw = draw};
