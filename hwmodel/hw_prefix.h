/* hw_prefix — IP prefixes for FIBs: parsing and printing, prefix lists read from files
 * (plain or gzip, one prefix a line, such as ../shared/data/bgp/full-table-2023/prefixes.txt.gz),
 * and a synthetic generator with a realistic prefix-length mix. */
#ifndef HW_PREFIX_H
#define HW_PREFIX_H

#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct {
    uint8_t family;   /* 4 or 6 */
    uint8_t len;      /* prefix length, 0..32 or 0..128 */
    uint8_t addr[16]; /* network byte order; bits past len are zero */
} hw_prefix_t;

#define HW_PREFIX_STRLEN 48

/* "10.1.0.0/16", "2001:db8::/32"; a bare address is a host route. Host bits set beyond the
 * length are an error naming the network meant. Fails with VS_EINVAL and a message quoting
 * the text. */
vs_err_t hw_prefix_parse(const char *text, hw_prefix_t *out);
/* Returns buf (at least HW_PREFIX_STRLEN bytes). */
char *hw_prefix_fmt(const hw_prefix_t *p, char *buf, size_t len);
int hw_prefix_cmp(const hw_prefix_t *a, const hw_prefix_t *b);

typedef struct {
    hw_prefix_t *v;
    size_t n, cap;
} hw_prefix_list_t;

/* Reads up to max prefixes (0 = all) of the given family (4, 6 or 0 for both) from a file,
 * gzip-compressed or not. Blank lines and '#' comments are skipped; a malformed line fails
 * with VS_EINVAL naming file:line. The caller frees with hw_prefix_list_free. */
vs_err_t hw_prefix_list_read(const char *path, int family, size_t max, hw_prefix_list_t *out);
void hw_prefix_list_free(hw_prefix_list_t *l);

/* Share of IPv4 prefixes per length 0..32 in a full table: the iprbench_2023 column of
 * ../shared/data/bgp/prefix_length_hist_ipv4.csv (901,899 prefixes), embedded. */
extern const double hw_prefix_hist_ipv4_2023[33];

/* Share per length of the RIPE RIS RIB of 2010-07-01 (column ris_2010_union of the same CSV,
 * 323,487 prefixes), embedded: the snapshot nearest in time to the 255k-route RouteViews table
 * of December 2007 that seed 001 Section 6.4 loads. */
extern const double hw_prefix_hist_ipv4_2010[33];

/* Reads a histogram column (by header name, e.g. "ris_2010_union") from a CSV shaped like
 * prefix_length_hist_ipv4.csv into hist[0..32]. */
vs_err_t hw_prefix_hist_read_csv(const char *path, const char *column, double hist[33]);

/* n distinct IPv4 unicast prefixes (first octet 1..223 except 127), sorted. Lengths: n split
 * over the lengths in proportion to hist (weights >= 0; NULL: hw_prefix_hist_ipv4_2023) by
 * largest remainder, so the counts are exact; a length never gets more prefixes than it has
 * unicast networks (the excess moves to the longest lengths with room). Addresses uniform
 * over the unicast space; the same (n, seed, hist) give the same list. O(n) expected. */
vs_err_t hw_prefix_synth(size_t n, uint64_t seed, const double *hist, hw_prefix_list_t *out);

/* Sorts by hw_prefix_cmp (family, address, length) and drops duplicates. */
void hw_prefix_list_sort_unique(hw_prefix_list_t *l);
/* IPv4 and IPv6 counts, and IPv4 prefixes per length. */
void hw_prefix_list_count(const hw_prefix_list_t *l, size_t *v4, size_t *v6, size_t hist4[33]);

#endif
