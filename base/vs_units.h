/* vs_units — values with units, as people write them.
 *
 *   durations  ns us ms s min h           (a bare number is seconds)   -> int64 nanoseconds
 *   rates      bps kbps Mbps Gbps Tbps    (decimal, 1 kbps = 1000 bps) -> double bits/s
 *   sizes      B KB MB GB TB              (decimal SI: 1 MB = 10^6 bytes)
 *              KiB MiB GiB TiB            (binary: 1 MiB = 2^20 bytes) -> int64 bytes
 *   packet rates  pps kpps Mpps                                        -> double packets/s
 *
 * MB is always 10^6 bytes in this project; the papers' "MB" is stated per source where
 * it is read into a profile. Parsers fail with VS_EUNIT and a message naming the text and
 * the units expected; they never guess. A value that is not finite or exceeds its kind's
 * largest (durations and sizes ~9.2e18 of the base unit, rates 1000 Tbps, packet rates
 * 1e12 pps) fails with VS_ERANGE naming the text and the range. */
#ifndef VS_UNITS_H
#define VS_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

#define VS_NS_PER_US INT64_C(1000)
#define VS_NS_PER_MS INT64_C(1000000)
#define VS_NS_PER_S INT64_C(1000000000)

/* bare_unit_ns: what a bare number means (VS_NS_PER_S for "a bare number is seconds");
 * 0 forbids bare numbers. Negative values are refused. */
vs_err_t vs_parse_duration(const char *text, int64_t bare_unit_ns, int64_t *out_ns);
vs_err_t vs_parse_rate_bps(const char *text, double *out_bps);
vs_err_t vs_parse_size_bytes(const char *text, int64_t *out_bytes);
vs_err_t vs_parse_pps(const char *text, double *out_pps);
/* Plain numbers, whole text consumed. */
vs_err_t vs_parse_double(const char *text, double *out);
vs_err_t vs_parse_int64(const char *text, int64_t *out);

/* Option values, as commands and sweep files take them: each fails with VS_EUSAGE and a
 * message naming opt ("--hold: '7x' is not an integer from 0 to 1000"). Durations: a bare
 * number is seconds. */
vs_err_t vs_opt_seed(const char *opt, const char *text, uint64_t *out);
vs_err_t vs_opt_duration(const char *opt, const char *text, int64_t *out_ns);
vs_err_t vs_opt_count(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out);
vs_err_t vs_opt_double(const char *opt, const char *text, double min, double max, double *out);

/* Human formatting into buf (always NUL-terminated); returns buf. */
char *vs_fmt_duration(int64_t ns, char *buf, size_t len);
char *vs_fmt_rate(double bps, char *buf, size_t len);
char *vs_fmt_size(int64_t bytes, char *buf, size_t len);

#endif
