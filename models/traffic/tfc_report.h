/* tfc_report — a run's data-traffic results for people and as data: the "traffic" key of the
 * run's JSON, a summary, and the time-series CSV (docs/data-plane.md). The output edge of
 * traffic.h's results. */
#ifndef TFC_REPORT_H
#define TFC_REPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "traffic.h"

/* The results as JSON (the "traffic" key of a run's results, docs/data-plane.md): per flow
 * its totals, per transfer its TCP counters, per VR the packets each data plane forwarded.
 * Caller owns the tree. */
cJSON *tfc_results_json(const scn_t *scn, const tfc_results_t *r);
/* A readable summary. */
void tfc_results_print(const scn_t *scn, const tfc_results_t *r, FILE *out);

/* Writes one CSV of every flow's time series (flow,t_s,sent,received,lost,delay_mean_s,
 * delay_max_s) to path atomically (vs_out.h). */
vs_err_t tfc_results_csv(const tfc_results_t *r, const char *path);

#endif
