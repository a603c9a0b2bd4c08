/* net_internal — the network of one run as net.c and net_events.c share it (net.h is the
 * interface; nothing outside models/net/ includes this). */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "igp.h"
#include "net.h"
#include "net_protos.h"
#include "scn_path.h"

/* What a scenario event took down, to bring back when it ends. Owned by the net. */
typedef struct {
    size_t *vlinks, n_vlinks;
    size_t *vrs, n_vrs;
} net_event_t;

typedef struct {
    size_t host;       /* physical router the control plane runs on */
    bool frozen;
    bool routing;      /* its protocol instances were created (it migrates) */
    void *proto[NET_N_PROTOS]; /* net_protos[p]'s instance around the VR, or NULL */
    size_t dp[2];      /* physical routers forwarding for the VR; SIZE_MAX when unused */
} vr_state_t;

struct net {
    sim_t *sim;
    const scn_t *scn;
    vr_state_t *vr;
    size_t *attach; /* attach[2 * vlink + end]: physical router of that end of the link */
    const net_traffic_t *tfc; /* data traffic of the run (its hooks), or NULL */
    void *tfc_ctx;
    scn_paths_t *paths; /* lowest-delay substrate trees, kept as sources are asked about */
    igp_t *igp;         /* routing of the whole virtual network; NULL until asked for */
    net_event_t *ev;    /* per scenario event: what it took down (net_events.c) */
    net_event_t *rnd;   /* per router, then per link: what its random failure took down */
    sim_rng_t *rnd_rng; /* per router, then per link: its failures' stream */
    scn_paths_t *dpaths; /* the data plane's substrate routes (1 ns a hop), for failures */
};

void net_events_free(net_t *net);

#endif
