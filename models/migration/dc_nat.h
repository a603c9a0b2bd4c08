/* dc_nat — a three-tier datacenter (seed 004 Fig. 1: core, aggregation, layer-3 access
 * switches, one subnet per rack) at the level of IP forwarding, ARP and NAT, and the
 * NAT-based Service Switching of seed 004 Sec. IV: when a VM moves from its home rack to a
 * foreign one, the configuration that keeps it reachable at its home address is DERIVED
 * from the topology and the move (care-of address, NAT rules at the edge, foreign and home
 * service switches, host routes, proxy ARP), never written out. A packet walker checks the
 * paper's eight communication cases (Fig. 3) for delivery.
 *
 * Everything here is a pure model (no engine): small fixed-size tables, no allocation. */
#ifndef DC_NAT_H
#define DC_NAT_H

#include <stdbool.h>
#include <stdint.h>

#define DC_MAX_NODES 48
#define DC_MAX_IFS 12
#define DC_MAX_ROUTES 64
#define DC_MAX_NAT 32
#define DC_MAX_ITEMS 128

typedef uint32_t dc_ip_t;

typedef enum { DC_HOST, DC_ACCESS, DC_AGGREGATION, DC_CORE } dc_tier_t;
typedef enum { DC_ITEM_DNAT, DC_ITEM_SNAT, DC_ITEM_ROUTE, DC_ITEM_PROXY_ARP } dc_item_kind_t;

typedef struct {
    dc_ip_t ip;
    int plen;
    int seg;            /* L2 segment */
    int proxy_item;     /* proxy ARP enabled by this derived item; -1 = off */
} dc_if_t;

typedef struct {
    dc_ip_t pfx;
    int plen;
    int ifx;            /* outgoing interface */
    dc_ip_t via;        /* next hop; 0 = directly connected */
    int item;           /* derived item that added it; -1 = the IGP's */
} dc_route_t;

typedef struct {
    dc_item_kind_t kind; /* DNAT (before routing, on dst) or SNAT (after routing, on src) */
    dc_ip_t match, to;
    int ifx;            /* DNAT: incoming interface, SNAT: outgoing; -1 = any */
    int item;
} dc_nat_t;

typedef struct {
    char name[16];
    dc_tier_t tier;
    dc_if_t ifs[DC_MAX_IFS];
    int n_ifs;
    dc_route_t routes[DC_MAX_ROUTES];
    int n_routes;
    dc_nat_t nat[DC_MAX_NAT];
    int n_nat;
    /* hosts: configured address, prefix and gateway (kept across moves: the VM is unaware) */
    dc_ip_t gw;
    int rack;           /* access switch index of the rack it sits in; -1 = external */
    int home_rack;
    dc_ip_t care_of;    /* 0 until it moves away from its home rack */
} dc_node_t;

typedef struct {
    dc_item_kind_t kind;
    int node;           /* router carrying it */
    int move;           /* which move derived it (index in move order) */
    char text[96];      /* e.g. "R-foreign: DNAT 192.168.10.3 -> 192.168.11.3" */
} dc_item_t;

typedef struct {
    dc_node_t n[DC_MAX_NODES];
    int n_nodes;
    int n_segs;
    int core;                  /* node index of the core/edge router */
    int access[8];             /* node index of each rack's access switch */
    int n_racks;
    dc_ip_t rack_net[8];       /* each rack's /24 */
    int ext_host;              /* the external correspondent E */
    dc_item_t items[DC_MAX_ITEMS];
    int n_items;
    bool disabled[DC_MAX_ITEMS];
    int n_moves;
} dc_t;

/* Builds a three-tier datacenter: one core router (the edge, with an external subnet and
 * host E), n_agg aggregation routers, racks_per_agg layer-3 access switches under each (one
 * /24 per rack, 192.168.10.0/24 up), point-to-point /30 links, and routes as the IGP computes
 * them (shortest paths in the tree). n_agg * racks_per_agg <= 8. */
void dc_build(dc_t *dc, int n_agg, int racks_per_agg);
/* Adds a host (server, VM) with address host-number `hostno` in rack `rack`'s subnet, its
 * gateway the access switch. Returns its node index. */
int dc_add_host(dc_t *dc, const char *name, int rack, int hostno);
/* Moves a VM to another rack and derives the configuration Service Switching needs
 * (seed 004 Sec. IV-A/B), appending its items. Returns the number of items derived. */
int dc_move(dc_t *dc, int vm, int rack);

/* Walks a packet from node src to address dst. Delivered when it reaches the host that
 * owns dst (its configured address), the receiver sees the sender's own address as source,
 * and no packet between access, aggregation and core layers carries a moved VM's home
 * address (Sec. V: the address "disappears" there). why gets a reason when not. */
bool dc_deliver(const dc_t *dc, int src, dc_ip_t dst, char *why, int why_len);
/* A host's configured address. */
dc_ip_t dc_addr(const dc_t *dc, int node);
void dc_ip_str(dc_ip_t ip, char *buf, int len);

/* Counts of items of one move by kind (rules = DNAT + SNAT). */
void dc_move_counts(const dc_t *dc, int move, int *rules, int *routes, int *proxy);

#endif
