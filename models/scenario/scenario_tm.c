/* `traffic:` — a traffic matrix replayed as fluid flows between virtual routers
 * (docs/scenario.md, "traffic — a traffic matrix"). The matrix is read through the reader
 * the command registers (scenario.h: models/ does not depend on traces/). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "scenario_flows.h"
#include "scenario_internal.h"
#include "scn.h"
#include "vs_arena.h"
#include "vs_yaml.h"

static scn_tm_reader_fn tm_reader;

void scn_set_tm_reader(scn_tm_reader_fn fn)
{
    tm_reader = fn;
}

void scn_tm_free(scn_tm_t *tm)
{
    if (!tm)
        return;
    for (size_t i = 0; tm->names && i < tm->n; i++)
        free(tm->names[i]);
    free(tm->names);
    free(tm->bps);
    *tm = (scn_tm_t){0};
}

/* The VRs a TM node stands for: the VR of that name, else the VRs hosted (at the start) in
 * the POP of that name, in the scenario's order. */
static size_t node_vrs(const scn_t *s, const char *name, size_t *out)
{
    size_t v = scn_vrouter_index(s, name);
    if (v != SIZE_MAX) {
        out[0] = v;
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->n_vrouters; i++)
        if (!strcmp(s->prouters[s->vrouters[i].host].pop, name))
            out[n++] = i;
    return n;
}

/* A TM node that names neither a VR nor a POP with VRs: the error, at the `tm` key. */
static vs_err_t unknown_node(vs_ydoc_t *doc, const vs_ynode_t *at, const scn_t *s, const char *path,
                             const char *name)
{
    const char **cand = malloc((s->n_vrouters + s->n_prouters + 1) * sizeof *cand);
    const char *near = NULL;
    if (cand) {
        size_t n = 0;
        for (size_t i = 0; i < s->n_vrouters; i++)
            cand[n++] = s->vrouters[i].name;
        for (size_t i = 0; i < s->n_prouters; i++)
            cand[n++] = s->prouters[i].pop;
        cand[n] = NULL;
        near = vs_nearest(name, cand);
    }
    vs_err_t err = vs_yerr(doc, at, VS_EINVAL,
                           "traffic matrix %s: node '%s' is neither a virtual router nor a POP with "
                           "virtual routers in this scenario%s%s%s",
                           path, name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    free(cand);
    return err;
}

/* Per TM node, its VRs: grp[off[i] .. off[i + 1]). */
static vs_err_t map_nodes(vs_ydoc_t *doc, const vs_ynode_t *at, const scn_t *s, const char *path,
                          const scn_tm_t *tm, size_t *off, size_t *grp)
{
    off[0] = 0;
    for (size_t i = 0; i < tm->n; i++) {
        size_t n = node_vrs(s, tm->names[i], grp + off[i]);
        if (n == 0)
            return unknown_node(doc, at, s, path, tm->names[i]);
        off[i + 1] = off[i] + n;
    }
    return VS_OK;
}

/* Demand between TM nodes a and b that leaves the VRs of a: a and b stand for different VRs
 * (demand inside one POP stays there, as the planner drops it). */
static bool carried(const scn_tm_t *tm, const size_t *off, const size_t *grp, size_t a, size_t b)
{
    return a != b && tm->bps[a * tm->n + b] > 0 && grp[off[a]] != grp[off[b]];
}

/* Demand a -> b splits evenly over max(|A|, |B|) flows, flow i from A's VR i mod |A| to B's
 * VR i mod |B| (with as many VRs in each POP, VR i to VR i: the planner's planes). */
static size_t flows_of(const size_t *off, size_t a, size_t b)
{
    size_t na = off[a + 1] - off[a], nb = off[b + 1] - off[b];
    return na > nb ? na : nb;
}

static vs_err_t make_flows(vs_arena_t *arena, const scn_t *s, const scn_tm_t *tm, const size_t *off,
                           const size_t *grp, int64_t packet, const vs_ynode_t *at, scn_traffic_t *t)
{
    size_t n = 0;
    for (size_t a = 0; a < tm->n; a++)
        for (size_t b = 0; b < tm->n; b++)
            if (carried(tm, off, grp, a, b))
                n += flows_of(off, a, b);
    scn_flow_t *flows = vs_arena_alloc(arena, (t->n_flows + n + 1) * sizeof *flows);
    if (!flows)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (t->n_flows)
        memcpy(flows, t->flows, t->n_flows * sizeof *flows);
    size_t k = t->n_flows;
    for (size_t a = 0; a < tm->n; a++)
        for (size_t b = 0; b < tm->n; b++) {
            if (!carried(tm, off, grp, a, b))
                continue;
            size_t m = flows_of(off, a, b);
            for (size_t i = 0; i < m; i++) {
                scn_flow_t *f = &flows[k++];
                size_t na = off[a + 1] - off[a], nb = off[b + 1] - off[b];
                *f = (scn_flow_t){.src = grp[off[a] + i % na], .dst = grp[off[b] + i % nb],
                                  .kind = SCN_FLOW_CBR, .rate_bps = tm->bps[a * tm->n + b] / (double)m,
                                  .packet_bytes = packet, .start = 0, .stop = s->until,
                                  .on = SIM_S(1), .off = SIM_S(1), .line = at->line, .col = at->col};
                char name[512];
                snprintf(name, sizeof name, "%s>%s", s->vrouters[f->src].name, s->vrouters[f->dst].name);
                if (!(f->name = vs_arena_strdup(arena, name)))
                    return vs_fail(VS_ENOMEM, "out of memory");
            }
        }
    t->flows = flows;
    t->n_flows = k;
    return VS_OK;
}

vs_err_t scn__load_tm(vs_ydoc_t *doc, const vs_ynode_t *m, vs_arena_t *arena, scn_t *s, scn_traffic_t *t)
{
    static const char *const keys[] = {"tm", "from", "interval", "packet", NULL};
    const char *file = NULL, *from = NULL;
    sim_time_t interval = 0;
    int64_t packet = SCN_DEFAULT_PACKET_BYTES;
    vs_err_t err;
    if ((err = vs_yexpect(doc, m, VS_Y_MAP, "a traffic matrix to replay {tm: PATH, from: TIME, interval: 1h}")) ||
        (err = vs_ycheck_keys(doc, m, keys)) || (err = vs_yget_str(doc, m, "tm", true, &file)) ||
        (err = vs_yget_str(doc, m, "from", false, &from)) ||
        (err = vs_yget_duration(doc, m, "interval", false, SIM_S(1), SIM_S(86400 * 366), &interval)) ||
        (err = vs_yget_size(doc, m, "packet", false, &packet)))
        return err;
    const vs_ynode_t *at = vs_ynode_get(m, "tm");
    if (packet < 32 || packet > 65535)
        return vs_yerr(doc, vs_ynode_get(m, "packet"), VS_ERANGE, "packet: %lld bytes; expected 32 to 65535 bytes",
                       (long long)packet);
    if (!tm_reader)
        return vs_yerr(doc, at, VS_EDEPEND, "this program cannot read traffic matrices");
    char path[4096];
    scn__resolve_path(s, file, path, sizeof path);
    scn_tm_t tm = {0};
    if ((err = tm_reader(path, from, interval, &tm))) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(doc, err == VS_ERANGE && vs_ynode_get(m, "from") ? vs_ynode_get(m, "from") : at, err,
                       "traffic: %s", msg);
    }
    size_t *off = malloc((tm.n + 1) * sizeof *off);
    size_t *grp = malloc(((tm.n + 1) * s->n_vrouters + 1) * sizeof *grp);
    if (!off || !grp)
        err = vs_fail(VS_ENOMEM, "out of memory");
    if (!err && !(err = map_nodes(doc, at, s, path, &tm, off, grp)))
        err = make_flows(arena, s, &tm, off, grp, packet, at, t);
    if (!err) {
        t->tm_path = vs_arena_strdup(arena, file);
        t->tm_time_ns = tm.time_ns;
        t->tm_interval_ns = tm.interval_ns;
    }
    free(off);
    free(grp);
    scn_tm_free(&tm);
    return err;
}
