/* The `flows:` and `data_plane:` sections of a scenario (docs/scenario.md). */
#include "scenario_flows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_path.h"
#include "scn.h"
#include "vs_arena.h"
#include "vs_strmap.h"
#include "vs_units.h"
#include "vs_yaml.h"

/* A flow's packets must fit an IP datagram and hold the UDP/IP headers and a sequence number
 * (D-ITG's smallest packets in seed 001 Sec. 6.3.1 are 64 bytes). */
#define MIN_PACKET_BYTES 32
#define MAX_PACKET_BYTES 65535

/* "1000 packets" / "1000p" / "64KB". */
static vs_err_t parse_buffer(vs_ydoc_t *doc, const vs_ynode_t *n, int64_t *bytes, int64_t *packets)
{
    vs_err_t err = vs_yexpect(doc, n, VS_Y_SCALAR, "a buffer size (e.g. 1000 packets, 64KB)");
    if (err)
        return err;
    const char *s = n->scalar;
    char *end;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ')
        end++;
    if (end != s && (!strcmp(end, "packets") || !strcmp(end, "packet") || !strcmp(end, "p") ||
                     !strcmp(end, "pkts"))) {
        if (v <= 0)
            return vs_yerr(doc, n, VS_ERANGE,
                           "buffer: %lld packets; a link needs room for at least one packet", v);
        *packets = v;
        *bytes = 0;
        return VS_OK;
    }
    int64_t b;
    if (vs_parse_size_bytes(s, &b) != VS_OK)
        return vs_yerr(doc, n, VS_EUNIT, "buffer: '%s' is not a size (64KB) or a packet count (1000 packets)", s);
    if (b <= 0)
        return vs_yerr(doc, n, VS_ERANGE, "buffer: %s; a link needs room for at least one packet", s);
    *bytes = b;
    *packets = 0;
    return VS_OK;
}

static vs_err_t load_dp(vs_ydoc_t *doc, const vs_ynode_t *m, scn_dataplane_t *dp)
{
    static const char *const keys[] = {"model", "cpu", "buffer", "framing", "series_interval",
                                       "transfers", "tcp", NULL};
    static const char *const models[] = {"packet", "fluid", NULL};
    static const char *const xfers[] = {"auto", "fluid", "tcp", NULL};
    static const char *const ccs[] = {"bic", "reno", NULL};
    int model = dp->model, xfer = dp->transfers, cc = dp->tcp;
    const vs_ynode_t *b;
    vs_err_t err;
    if ((err = vs_yexpect(doc, m, VS_Y_MAP, "data-plane settings (a mapping)")) ||
        (err = vs_ycheck_keys(doc, m, keys)) ||
        (err = vs_yget_enum(doc, m, "model", false, models, &model)) ||
        (err = vs_yget_bool(doc, m, "cpu", false, &dp->cpu)) ||
        (err = vs_yget_size(doc, m, "framing", false, &dp->framing_bytes)) ||
        (err = vs_yget_duration(doc, m, "series_interval", false, SIM_US(1), SIM_S(3600),
                                &dp->series_interval)) ||
        (err = vs_yget_enum(doc, m, "transfers", false, xfers, &xfer)) ||
        (err = vs_yget_enum(doc, m, "tcp", false, ccs, &cc)))
        return err;
    if ((b = vs_ynode_get(m, "buffer")) && (err = parse_buffer(doc, b, &dp->buffer_bytes, &dp->buffer_packets)))
        return err;
    if (dp->framing_bytes > 1000)
        return vs_yerr(doc, vs_ynode_get(m, "framing"), VS_ERANGE,
                       "framing: %lld bytes of link-layer overhead per packet is not plausible (Ethernet: 38B)",
                       (long long)dp->framing_bytes);
    dp->model = (scn_dp_model_t)model;
    dp->transfers = (scn_xfer_model_t)xfer;
    dp->tcp = (scn_tcp_cc_t)cc;
    return VS_OK;
}

/* What checking flows needs of the whole scenario, computed once for all of them. */
typedef struct {
    scn_paths_t *paths;  /* lowest-delay trees, one per source router asked about */
    size_t *component;   /* per VR: the lowest VR index it is connected to by virtual links */
    vs_strmap_t vrs;     /* VR name -> index, and flow name -> index: O(1) lookups, so that */
    vs_strmap_t names;   /* many flows among many VRs load in O(flows + VRs) */
} flow_ctx_t;

/* Labels each VR with its connected component over virtual links (breadth first from each
 * unlabelled VR in index order). O(V + E). */
static vs_err_t vcomponents(const scn_t *s, size_t *comp)
{
    scn_edge_t *e = malloc((s->n_vlinks ? s->n_vlinks : 1) * sizeof *e);
    size_t *q = malloc((s->n_vrouters ? s->n_vrouters : 1) * sizeof *q);
    scn_graph_t *g = NULL;
    vs_err_t err = VS_OK;
    if (!e || !q) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < s->n_vlinks; k++)
        e[k] = (scn_edge_t){.a = s->vlinks[k].a, .b = s->vlinks[k].b, .weight = 1};
    if ((err = scn_graph_create(s->n_vrouters, e, s->n_vlinks, &g)))
        goto out;
    for (size_t i = 0; i < s->n_vrouters; i++)
        comp[i] = SIZE_MAX;
    for (size_t r = 0; r < s->n_vrouters; r++) {
        if (comp[r] != SIZE_MAX)
            continue;
        size_t h = 0, t = 0;
        comp[r] = r;
        q[t++] = r;
        while (h < t) {
            const uint32_t *arcs;
            size_t na;
            scn_graph_arcs(g, q[h++], &arcs, &na);
            for (size_t i = 0; i < na; i++) {
                size_t v = scn_graph_head(g, arcs[i]);
                if (comp[v] == SIZE_MAX) {
                    comp[v] = r;
                    q[t++] = v;
                }
            }
        }
    }
out:
    scn_graph_destroy(g);
    free(e);
    free(q);
    return err;
}

/* What the flow's source could ever send: the bandwidth of the fastest substrate link out
 * of its host toward any of its virtual neighbours (the direct link, or the smallest spare
 * bandwidth of a multi-hop path). A rate above it can never be carried: an input error. Also
 * fails when a virtual link of the source has no substrate path at all. */
static vs_err_t check_rate(vs_ydoc_t *doc, const vs_ynode_t *m, const scn_t *s, flow_ctx_t *cx,
                           const scn_flow_t *f)
{
    double best = 0;
    /* What the source's access can carry: the fastest substrate path on any of its links. */
    for (size_t k = 0; k < s->n_vlinks; k++) {
        const scn_vlink_t *l = &s->vlinks[k];
        if (l->a != f->src && l->b != f->src)
            continue;
        double bps;
        sim_time_t delay;
        size_t ha = s->vrouters[l->a].host, hb = s->vrouters[l->b].host;
        if (ha == hb) {
            best = 1e30;
            continue;
        }
        if (scn_paths_route(cx->paths, ha, hb, false, &bps, &delay) != VS_OK) {
            vs_errclear();
            return vs_yerr(doc, m, VS_EINFEASIBLE,
                           "flow '%s': the virtual link %s-%s has no substrate path between '%s' and '%s'",
                           f->name, s->vrouters[l->a].name, s->vrouters[l->b].name,
                           s->prouters[ha].name, s->prouters[hb].name);
        }
        double full = 0;
        /* scn_path gives spare bandwidth; what a link could ever carry is its bandwidth. */
        for (size_t i = 0; i < s->n_links; i++)
            if ((s->links[i].a == ha && s->links[i].b == hb) || (s->links[i].a == hb && s->links[i].b == ha))
                full = s->links[i].bandwidth_bps;
        if (full < bps)
            full = bps;
        if (full > best)
            best = full;
    }
    if (f->rate_bps > best * (1 + 1e-12)) {
        char a[32], b[32];
        return vs_yerr(doc, vs_ynode_get(m, "rate") ? vs_ynode_get(m, "rate") : m, VS_ERANGE,
                       "flow '%s': rate %s is more than its first link could ever carry (%s)", f->name,
                       vs_fmt_rate(f->rate_bps, a, sizeof a), vs_fmt_rate(best, b, sizeof b));
    }
    return VS_OK;
}

static vs_err_t load_changes(vs_ydoc_t *doc, const vs_ynode_t *list, vs_arena_t *arena, scn_flow_t *f,
                             sim_time_t until)
{
    static const char *const keys[] = {"at", "rate", NULL};
    vs_err_t err = vs_yexpect(doc, list, VS_Y_SEQ, "a list of {at, rate} rate changes");
    if (err)
        return err;
    scn_rate_change_t *changes = vs_arena_alloc(arena, (list->len ? list->len : 1) * sizeof *changes);
    if (!(f->changes = changes))
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *c = list->vals[i];
        scn_rate_change_t *rc = &changes[i];
        if ((err = vs_yexpect(doc, c, VS_Y_MAP, "a rate change {at: TIME, rate: RATE}")) ||
            (err = vs_ycheck_keys(doc, c, keys)) ||
            (err = vs_yget_duration(doc, c, "at", true, 0, until, &rc->at)) ||
            (err = vs_yget_rate(doc, c, "rate", true, 0, &rc->rate_bps)))
            return err;
        if (i > 0 && rc->at < f->changes[i - 1].at)
            return vs_yerr(doc, c, VS_EINVAL, "rate changes must be in time order");
        f->n_changes = i + 1;
    }
    return VS_OK;
}

static vs_err_t load_flow(vs_ydoc_t *doc, const vs_ynode_t *m, vs_arena_t *arena, scn_t *s,
                          flow_ctx_t *cx, size_t i, scn_flow_t *f)
{
    static const char *const keys[] = {"name", "from", "to", "kind", "rate", "pps", "packet",
                                       "start", "stop", "on", "off", "round_trip", "changes", NULL};
    static const char *const kinds[] = {"cbr", "onoff", "poisson", NULL};
    const char *from, *to, *name = NULL;
    int kind = SCN_FLOW_CBR;
    double pps = 0;
    const vs_ynode_t *n;
    vs_err_t err;
    f->line = m->line;
    f->col = m->col;
    f->packet_bytes = SCN_DEFAULT_PACKET_BYTES;
    f->stop = s->until;
    f->on = f->off = SIM_S(1);
    if ((err = vs_yexpect(doc, m, VS_Y_MAP, "a flow (a mapping with from, to, rate)")) ||
        (err = vs_ycheck_keys(doc, m, keys)) || (err = vs_yget_str(doc, m, "name", false, &name)) ||
        (err = vs_yget_str(doc, m, "from", true, &from)) || (err = vs_yget_str(doc, m, "to", true, &to)) ||
        (err = vs_yget_enum(doc, m, "kind", false, kinds, &kind)) ||
        (err = vs_yget_size(doc, m, "packet", false, &f->packet_bytes)) ||
        (err = vs_yget_duration(doc, m, "start", false, 0, s->until, &f->start)) ||
        (err = vs_yget_duration(doc, m, "stop", false, 0, s->until, &f->stop)) ||
        (err = vs_yget_duration(doc, m, "on", false, SIM_US(1), SIM_S(100000), &f->on)) ||
        (err = vs_yget_duration(doc, m, "off", false, SIM_US(1), SIM_S(100000), &f->off)) ||
        (err = vs_yget_bool(doc, m, "round_trip", false, &f->round_trip)))
        return err;
    char buf[32];
    snprintf(buf, sizeof buf, "flow%zu", i);
    f->name = vs_arena_strdup(arena, name ? name : buf);
    f->kind = (scn_flow_kind_t)kind;
    if (f->packet_bytes < MIN_PACKET_BYTES || f->packet_bytes > MAX_PACKET_BYTES)
        return vs_yerr(doc, vs_ynode_get(m, "packet"), VS_ERANGE,
                       "packet: %lld bytes; expected %d to %d bytes", (long long)f->packet_bytes,
                       MIN_PACKET_BYTES, MAX_PACKET_BYTES);
    bool has_rate = vs_ynode_get(m, "rate") != NULL, has_pps = vs_ynode_get(m, "pps") != NULL;
    if (has_rate == has_pps)
        return vs_yerr(doc, m, VS_EINVAL, "flow '%s': give exactly one of 'rate' (bits/s) or 'pps' (packets/s)",
                       f->name);
    if ((err = vs_yget_rate(doc, m, "rate", false, 1.0, &f->rate_bps)) ||
        (err = vs_yget_pps(doc, m, "pps", false, &pps)))
        return err;
    if (has_pps) {
        if (!(pps > 0))
            return vs_yerr(doc, vs_ynode_get(m, "pps"), VS_ERANGE, "pps must be positive");
        f->rate_bps = pps * 8.0 * (double)f->packet_bytes;
    }
    if (f->stop <= f->start)
        return vs_yerr(doc, vs_ynode_get(m, "stop") ? vs_ynode_get(m, "stop") : m, VS_ERANGE,
                       "flow '%s' stops before it starts", f->name);
    f->src = vs_strmap_get(&cx->vrs, from);
    f->dst = vs_strmap_get(&cx->vrs, to);
    if (f->src == SIZE_MAX || f->dst == SIZE_MAX)
        return vs_yerr(doc, vs_ynode_get(m, f->src == SIZE_MAX ? "from" : "to"), VS_EINVAL,
                       "no virtual router named '%s'", f->src == SIZE_MAX ? from : to);
    if (f->src == f->dst)
        return vs_yerr(doc, vs_ynode_get(m, "to"), VS_EINVAL, "flow '%s' starts and ends at '%s'", f->name, from);
    if (cx->component[f->src] != cx->component[f->dst])
        return vs_yerr(doc, m, VS_EINFEASIBLE,
                       "flow '%s': '%s' and '%s' are not connected by virtual links", f->name, from, to);
    if ((n = vs_ynode_get(m, "changes")) && (err = load_changes(doc, n, arena, f, s->until)))
        return err;
    return check_rate(doc, m, s, cx, f);
}

static vs_err_t load_flows(vs_ydoc_t *doc, const vs_ynode_t *list, vs_arena_t *arena, scn_t *s,
                           scn_traffic_t *t)
{
    flow_ctx_t cx = {0};
    vs_err_t err;
    if ((err = vs_yexpect(doc, list, VS_Y_SEQ, "a list of flows")))
        return err;
    scn_flow_t *flows = vs_arena_alloc(arena, (list->len ? list->len : 1) * sizeof *flows);
    t->flows = flows;
    cx.component = malloc((s->n_vrouters ? s->n_vrouters : 1) * sizeof *cx.component);
    if (!flows || !cx.component) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    memset(flows, 0, (list->len ? list->len : 1) * sizeof *flows);
    if ((err = vcomponents(s, cx.component)) || (err = scn_paths_create(s, 0, &cx.paths)))
        goto out;
    for (size_t v = 0; v < s->n_vrouters; v++)
        if ((err = vs_strmap_put(&cx.vrs, s->vrouters[v].name, v)))
            goto out;
    for (size_t i = 0; i < list->len; i++) {
        if ((err = load_flow(doc, list->vals[i], arena, s, &cx, i, &flows[i])))
            goto out;
        if (vs_strmap_get(&cx.names, flows[i].name) != SIZE_MAX) {
            err = vs_yerr(doc, list->vals[i], VS_EINVAL, "flow '%s' is declared twice",
                          flows[i].name);
            goto out;
        }
        if ((err = vs_strmap_put(&cx.names, flows[i].name, i)))
            goto out;
        t->n_flows = i + 1;
    }
out:
    scn_paths_destroy(cx.paths);
    free(cx.component);
    vs_strmap_free(&cx.vrs);
    vs_strmap_free(&cx.names);
    return err;
}

vs_err_t scn__load_flows(vs_ydoc_t *doc, const vs_ynode_t *root, vs_arena_t *arena, scn_t *s)
{
    const vs_ynode_t *dpn = vs_ynode_get(root, "data_plane"), *list = vs_ynode_get(root, "flows");
    const vs_ynode_t *tmn = vs_ynode_get(root, "traffic");
    s->traffic = NULL;
    if (!dpn && !list && !tmn)
        return VS_OK;
    scn_traffic_t *t = vs_arena_alloc(arena, sizeof *t);
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    memset(t, 0, sizeof *t);
    /* A traffic matrix is many flows at a time scale of minutes: fluid unless told. */
    t->dp = (scn_dataplane_t){.model = tmn ? SCN_DP_FLUID : SCN_DP_PACKET, .cpu = true,
                              .buffer_packets = SCN_DEFAULT_BUFFER_PACKETS,
                              .series_interval = SCN_DEFAULT_SERIES_INTERVAL,
                              .transfers = SCN_XFER_AUTO};
    vs_err_t err;
    if (dpn && (err = load_dp(doc, dpn, &t->dp)))
        return err;
    if (list && (err = load_flows(doc, list, arena, s, t)))
        return err;
    if (tmn && (err = scn__load_tm(doc, tmn, arena, s, t)))
        return err;
    s->traffic = t;
    return VS_OK;
}
