#include "trace_mrt_scn.h"

#include <stdlib.h>

#include "trace_mrt.h"
#include "vs_limits.h"

/* The messages of a VR's update stream are held for the run (24 bytes each); a day of a RIS
 * collector's updates is of the order of ten million messages. */
static const vs_limit_t updates_limit = {.env = "VROOMSIM_MAX_BGP_UPDATES",
                                         .what = "a BGP update stream",
                                         .def = INT64_C(20000000), .unit = "UPDATE messages"};

vs_err_t trace_mrt_scn_updates(const char *path, sim_time_t skip, scn_bgp_update_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    trace_mrt_t *r;
    int64_t max_updates;
    vs_err_t err = vs_limit_get(&updates_limit, &max_updates);
    if (err || (err = trace_mrt_open(path, &r)))
        return err;
    if ((err = trace_mrt_show_progress(r))) {
        trace_mrt_close(r);
        return err;
    }
    scn_bgp_update_t *v = NULL;
    size_t len = 0, cap = 0;
    /* the stream's peers, by (address, AS), in order of first appearance */
    enum { MAX_PEERS = 4096 };
    struct peer_key {
        hw_prefix_t addr;
        uint32_t as;
    } *peers = malloc(MAX_PEERS * sizeof *peers);
    uint32_t n_peers = 0, last_peer = 0;
    if (!peers) {
        trace_mrt_close(r);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    uint64_t msg = UINT64_MAX; /* the record (UPDATE message) of the last event */
    int64_t first = 0, last = 0;
    bool started = false;
    for (;;) {
        trace_mrt_event_t ev;
        int done = 0;
        if ((err = trace_mrt_next(r, &ev, &done)) || done)
            break;
        if (!started) {
            first = last = ev.time_ns;
            started = true;
        }
        if (ev.kind == TRACE_MRT_RIB) {
            err = vs_fail(VS_EINVAL, "%s: a RIB dump (TABLE_DUMP), not a stream of BGP updates", path);
            break;
        }
        if ((ev.kind != TRACE_MRT_ANNOUNCE && ev.kind != TRACE_MRT_WITHDRAW) || ev.safi == 2)
            continue; /* multicast-only routes never reach the unicast FIB */
        int64_t t = ev.time_ns < last ? last : ev.time_ns; /* keep time order */
        last = t;
        if (t - first < skip)
            continue;
        if (ev.offset != msg) {
            if (len == cap) {
                if ((int64_t)len >= max_updates) {
                    err = vs_limit_check(&updates_limit, path, (int64_t)len + 1);
                    break;
                }
                size_t c = cap ? cap * 2 : 4096;
                if ((int64_t)c > max_updates)
                    c = (size_t)max_updates;
                scn_bgp_update_t *w = realloc(v, c * sizeof *w);
                if (!w) {
                    err = vs_fail(VS_ENOMEM, "out of memory for %zu BGP updates", c);
                    break;
                }
                v = w;
                cap = c;
            }
            if (!n_peers || peers[last_peer].as != ev.peer_as ||
                hw_prefix_cmp(&peers[last_peer].addr, &ev.peer)) {
                uint32_t k = 0;
                while (k < n_peers && (peers[k].as != ev.peer_as || hw_prefix_cmp(&peers[k].addr, &ev.peer)))
                    k++;
                if (k == n_peers) {
                    if (n_peers == MAX_PEERS) {
                        err = vs_fail(VS_ERANGE, "%s: more than %d BGP peers", path, MAX_PEERS);
                        break;
                    }
                    peers[n_peers].addr = ev.peer;
                    peers[n_peers++].as = ev.peer_as;
                }
                last_peer = k;
            }
            v[len++] = (scn_bgp_update_t){.at = t - first - skip, .peer = last_peer};
            msg = ev.offset;
        }
        if (ev.kind == TRACE_MRT_ANNOUNCE)
            v[len - 1].announced++;
        else
            v[len - 1].withdrawn++;
    }
    trace_mrt_close(r);
    free(peers);
    if (err) {
        free(v);
        return err;
    }
    *out = v;
    *n = len;
    return VS_OK;
}
