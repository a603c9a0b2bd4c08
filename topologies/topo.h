/* topo — the substrate graph a study runs on: nodes (name, optional coordinates, POP) and
 * undirected links (capacity, propagation delay, IGP weight per direction). Parallel links
 * stay parallel. A topology comes from a file (GraphML as in the Internet Topology Zoo,
 * SNDlib native or XML, Rocketfuel weights/latencies), a built-in (builtin:NAME), or is
 * built by hand with topo_create/topo_add_*. Once loaded it is read through the const
 * accessors; node and link indices are dense, 0-based and stable. */
#ifndef TOPO_H
#define TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct topo topo_t;

/* Defaults, stated once (docs/topologies.md explains each). */
/* Link speed when a file gives none: 10 Gbps (the speed of the OC-192 backbone links of the
 * Zoo's Abilene; an assumption, counted per topology as capacity_source DEFAULT). */
#define TOPO_DEFAULT_CAPACITY_BPS 10e9
/* The largest link capacity a file may state: 1000 Tbps, the largest rate vs_units reads
 * (far beyond any link, so that a corrupt figure such as 1e308 is not a bandwidth). */
#define TOPO_MAX_CAPACITY_BPS 1e15
/* Signal speed in fibre: c / 1.4682 (group index of standard single-mode fibre at 1550 nm,
 * Corning SMF-28 datasheet), about 204,191 km/s, i.e. 4.897 us per km of great-circle
 * distance. Real fibre routes are longer than great circles; no route factor is applied. */
#define TOPO_FIBRE_KM_PER_S 204191.0
/* Delay of a link with an endpoint lacking coordinates, or between co-located nodes: 1 ms
 * for an inter-POP link whose length is unknown (assumption; counted as delay_source DEFAULT)
 * and TOPO_MIN_DELAY_NS when both ends share a location. */
#define TOPO_DEFAULT_DELAY_NS INT64_C(1000000)
#define TOPO_MIN_DELAY_NS INT64_C(1000)
/* IGP weight when a file gives none. */
#define TOPO_DEFAULT_WEIGHT 1u

typedef enum {
    TOPO_SRC_FILE,    /* stated by the file (or the built-in's definition) */
    TOPO_SRC_LABEL,   /* parsed from a free-text label (e.g. GraphML LinkLabel "OC192/STM64") */
    TOPO_SRC_DERIVED, /* computed (e.g. delay from coordinates) */
    TOPO_SRC_DEFAULT, /* nothing given: the documented default */
} topo_source_t;

typedef struct {
    const char *name;  /* unique within the topology; owned by the topology */
    bool has_coords;
    double lat, lon;   /* degrees; valid when has_coords */
    uint32_t pop;      /* POP index (0..topo_pop_count-1); nodes sharing a POP share a site */
} topo_node_t;

typedef struct {
    uint32_t a, b;          /* endpoint node indices */
    double capacity_bps;    /* > 0 */
    int64_t delay_ns;       /* one-way propagation delay, >= 0 */
    uint32_t weight[2];     /* IGP weight a->b ([0]) and b->a ([1]), >= 1 */
    topo_source_t capacity_source, delay_source, weight_source;
} topo_link_t;

/* --- reading ------------------------------------------------------------------------- */

size_t topo_node_count(const topo_t *t);
size_t topo_link_count(const topo_t *t);
size_t topo_pop_count(const topo_t *t);
/* i < count; the pointer stays valid while t lives and is not modified. */
const topo_node_t *topo_node(const topo_t *t, size_t i);
const topo_link_t *topo_link(const topo_t *t, size_t i);
/* Name of POP p (the name of its first node unless set otherwise). */
const char *topo_pop_name(const topo_t *t, size_t p);
/* Node index by exact name, or -1. O(1) expected (hash). */
long topo_find_node(const topo_t *t, const char *name);
/* Network name (e.g. the GraphML "label", the SNDlib file name), and the source it came
 * from ("graphml", "sndlib-native", "sndlib-xml", "rocketfuel", "builtin"). Never NULL. */
const char *topo_name(const topo_t *t);
const char *topo_format(const topo_t *t);
/* How many links took their capacity / delay / weight from each topo_source_t. */
void topo_source_counts(const topo_t *t, size_t capacity[4], size_t delay[4], size_t weight[4]);

/* Links from a node to itself that the reader dropped (they carry nothing). */
size_t topo_dropped_self_loops(const topo_t *t);

/* --- loading ------------------------------------------------------------------------- */

/* Loads spec: "builtin:NAME" (topo_builtin.h), a Rocketfuel directory holding weights.intra
 * and/or latencies.intra, or a file whose format is told by its content: GraphML
 * ("<graphml"), SNDlib XML ("<network" in the SNDlib namespace), SNDlib native
 * ("?SNDlib native"), Rocketfuel ("name name value" lines). Errors name the file and line
 * (or element) and the reason, VS_EPARSE/VS_EINVAL (status 2), VS_EIO for unreadable files.
 * *out owned by the caller (topo_destroy). */
vs_err_t topo_load(const char *spec, topo_t **out);

/* --- building (readers, generators, scenario files) ----------------------------------- */

/* An empty topology named name (copied). NULL when out of memory. */
topo_t *topo_create(const char *name, const char *format);
void topo_destroy(topo_t *t);
/* Adds a node (name copied; must be new and non-empty: VS_EINVAL otherwise) in a POP of its
 * own. coords may be NULL (no coordinates) or {lat, lon}. */
vs_err_t topo_add_node(topo_t *t, const char *name, const double *coords, uint32_t *out_index);
/* Puts node into the POP of node other (both must exist). A POP left empty is removed and
 * the POPs after it renumbered: O(nodes) then, O(1) otherwise (a node just added). */
vs_err_t topo_share_pop(topo_t *t, uint32_t node, uint32_t other);
/* The same for every node i with to[i] != UINT32_MAX (into node to[i]'s POP; to[i] itself
 * stays), with the result of calling topo_share_pop for each in turn, in O(nodes): for
 * readers that group a whole file's nodes. */
vs_err_t topo_share_pops(topo_t *t, const uint32_t *to);
/* Adds a link; *l is copied (a != b, both exist, capacity > 0, delay >= 0, weights >= 1). */
vs_err_t topo_add_link(topo_t *t, const topo_link_t *l, uint32_t *out_index);
/* Great-circle distance (haversine, mean Earth radius 6371.0088 km) and the fibre delay for
 * it at TOPO_FIBRE_KM_PER_S. */
double topo_great_circle_km(double lat1, double lon1, double lat2, double lon2);
int64_t topo_fibre_delay_ns(double km);
/* The delay topo readers give a link between nodes a and b: from coordinates when both
 * have them (DERIVED; at least TOPO_MIN_DELAY_NS), else TOPO_DEFAULT_DELAY_NS (DEFAULT). */
int64_t topo_link_delay_for(const topo_t *t, uint32_t a, uint32_t b, topo_source_t *src);

#endif
