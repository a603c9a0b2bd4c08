/* BGP as a routing plug-in (rt_proto.h): the sessions of a VR that will migrate, to its
 * configured peers, over TCP with Linux's retransmission timer bounds (the seed's routers
 * ran Quagga on Linux). */
#include <stdlib.h>

#include "bgp.h"
#include "rt_proto.h"
#include "scn_path.h"

static vs_err_t bgp_inst_create(sim_t *sim, const scn_t *scn, size_t vr, void **out)
{
    *out = NULL;
    const scn_vrouter_t *v = &scn->vrouters[vr];
    if (!v->bgp || v->n_bgp_peers == 0)
        return VS_OK;
    const char **names = calloc(v->n_bgp_peers, sizeof *names);
    if (!names)
        return vs_fail(VS_ENOMEM, "out of memory");
    sim_time_t delay = 0; /* one delay for all sessions: the longest */
    for (size_t i = 0; i < v->n_bgp_peers; i++) {
        const scn_vrouter_t *peer = &scn->vrouters[v->bgp_peers[i]];
        names[i] = peer->name;
        sim_time_t d = scn_delay(scn, v->host, peer->host);
        if (d != SIM_TIME_MAX && d > delay)
            delay = d;
    }
    bgp_params_t p = {
        .router = v->name, .peers = names, .n_peers = v->n_bgp_peers,
        .keepalive = v->keepalive, .hold = v->hold, .delay = delay,
        .rto_initial = TCP_LINUX_RTO_MIN, .rto_max = TCP_LINUX_RTO_MAX,
        .clock = rt_proto_clock(scn), .seed = sim_seed(sim),
    };
    bgp_t *b = NULL;
    vs_err_t err = bgp_create(sim, &p, &b);
    free(names);
    *out = b;
    return err;
}

static void bgp_inst_destroy(void *inst)
{
    bgp_destroy(inst);
}

static void bgp_inst_freeze(sim_t *sim, void *inst)
{
    bgp_freeze(sim, inst);
}

static void bgp_inst_resume(sim_t *sim, void *inst)
{
    bgp_resume(sim, inst);
}

static void bgp_inst_effects(const void *inst, rt_effects_t *acc)
{
    bgp_result_t r;
    bgp_result(inst, &r);
    acc->sessions_lost += (int)r.sessions_lost;
}

const rt_proto_t rt_bgp = {
    .name = "bgp",
    .create = bgp_inst_create,
    .destroy = bgp_inst_destroy,
    .freeze = bgp_inst_freeze,
    .resume = bgp_inst_resume,
    .effects = bgp_inst_effects,
};
