/* trace_bgp — BGP tables for control-plane sizes (RIB/FIB entries a virtual router carries,
 * what its memory image and FIB repopulation scale with): a real prefix list, or a synthetic
 * IPv4 table with a realistic prefix-length mix. Prefixes are unique and sorted by (address,
 * length); host bits are cleared. */
#ifndef TRACE_BGP_H
#define TRACE_BGP_H

#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct {
    uint32_t addr; /* host byte order, host bits zero */
    uint8_t len;   /* 0..32 */
} trace_prefix4_t;

typedef struct {
    uint8_t addr[16];
    uint8_t len; /* 0..128 */
} trace_prefix6_t;

typedef struct trace_bgp trace_bgp_t;

/* A prefix list: one CIDR prefix per line (IPv4 "1.0.4.0/22" or IPv6 "2001:200::/32"),
 * '#' comments and blank lines ignored, plain text or gzip (zlib reads both), like
 * ../shared/data/bgp/full-table-2023/prefixes.txt.gz. Duplicates are merged. A line that is
 * not a prefix fails with file:line and the text. *out owned by the caller. */
vs_err_t trace_bgp_load(const char *path, trace_bgp_t **out);

/* Default length mix: unique IPv4 prefixes per length of the RIPE RIS RIB of 2010-07-01, peers
 * AS4777 + AS2497 (323,487 prefixes; column ris_2010_union of ../shared/data/bgp/
 * prefix_length_hist_ipv4.csv). Chosen as the snapshot nearest in time to the 255k-route
 * RouteViews table of December 2007 that seed 001 Section 6.4 loads. */
extern const double trace_bgp_default_mix[33];

/* Reads weights for lengths 0..32 from a CSV like prefix_length_hist_ipv4.csv (header
 * "prefix_len,<col>,...", '#' comments, a final "total" row ignored). column names the
 * column; errors name file:line. */
vs_err_t trace_bgp_mix_load(const char *csv_path, const char *column, double weights[33]);

/* A synthetic IPv4 table of n_routes unique prefixes (n_routes <= 10^7). Lengths: n_routes
 * split over lengths in proportion to weights (NULL: trace_bgp_default_mix) by largest
 * remainder, so the counts are exact and deterministic; a length L never gets more than 2^L
 * prefixes (the excess moves to the longest lengths with room). Addresses are uniform over
 * the IPv4 space from a stream seeded by seed. Same (n_routes, seed, weights) give the same
 * table. O(n) expected; 255k routes take milliseconds. */
vs_err_t trace_bgp_synthetic(size_t n_routes, uint64_t seed, const double *weights,
                             trace_bgp_t **out);

void trace_bgp_destroy(trace_bgp_t *t);
size_t trace_bgp_v4_count(const trace_bgp_t *t);
size_t trace_bgp_v6_count(const trace_bgp_t *t);
const trace_prefix4_t *trace_bgp_v4(const trace_bgp_t *t);
const trace_prefix6_t *trace_bgp_v6(const trace_bgp_t *t);
/* IPv4 prefixes per length 0..32. */
void trace_bgp_v4_hist(const trace_bgp_t *t, size_t hist[33]);

#endif
