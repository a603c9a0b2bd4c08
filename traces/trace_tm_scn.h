/* trace_tm_scn — the scenario's traffic-matrix reader (scn_tm_reader_fn of scenario.h) on
 * top of trace_sndlib, and the writer of one matrix as an SNDlib file that it reads back
 * (what `plan --plan FILE` replays: docs/scheduler.md). The command registers the reader
 * (cli/main.c), as it does the topology and update-stream readers, so that models/ does
 * not depend on traces/. */
#ifndef TRACE_TM_SCN_H
#define TRACE_TM_SCN_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "trace_tm.h"

/* An SNDlib series (trace_sndlib_load: a directory, archive or .xml file), averaged over
 * bins of `interval` when that is longer than the series' own (trace_tm_aggregate), and the
 * bin starting at `from` ("YYYY-MM-DDTHH:MM[:SS]" UTC) or the busiest (from NULL or
 * "busiest"). VS_ERANGE for a malformed `from` or one that starts no bin (the message names
 * the nearest bins). O(T N^2). */
vs_err_t trace_tm_scn_read(const char *path, const char *from, sim_time_t interval, scn_tm_t *out);

/* Matrix k of tm as one SNDlib dynamic-TM XML file at path (written to a temporary name
 * and renamed): its nodes, <time> and <granularity>, demands in bits/s with 17 significant
 * digits (read back exactly), zero demands left out. */
vs_err_t trace_tm_write_sndlib(const trace_tm_t *tm, size_t k, const char *path);

/* "YYYY-MM-DDTHH:MM" (UTC; ":SS" added when not 0) of t_ns into buf; what `from` reads. */
const char *trace_tm_fmt_time(int64_t t_ns, char *buf, size_t len);

#endif
