#define _GNU_SOURCE /* qsort_r */
#include "run_plan.h"

#include <math.h>
#include <stdlib.h>

#include "tfc_report.h"
#include "vs_out.h"

/* An adjacency or session survives a control plane frozen for `down` when its neighbour's
 * dead (hold) timer cannot expire: the last hello (keepalive) before the freeze may have
 * been sent up to one interval earlier, so it is at risk when down >= dead - hello
 * (ASSUMPTION: the worst phase; docs/scheduler.md). */
static bool at_risk(sim_time_t down, sim_time_t dead, sim_time_t hello)
{
    return down >= 0 && dead > 0 && down >= dead - hello;
}

static void routing_json(cJSON *o, const scn_t *scn, const mig_result_t *m, size_t vr)
{
    const scn_vrouter_t *v = &scn->vrouters[vr];
    size_t adj = 0;
    for (size_t k = 0; k < scn->n_vlinks; k++)
        adj += scn->vlinks[k].a == vr || scn->vlinks[k].b == vr;
    cJSON *os = v->ospf ? vs_json_obj(o, "ospf") : NULL;
    cJSON_AddNumberToObject(os, "hello_s", sim_to_s(v->hello));
    cJSON_AddNumberToObject(os, "dead_s", sim_to_s(v->dead));
    cJSON_AddNumberToObject(os, "adjacencies", (double)adj);
    cJSON_AddNumberToObject(os, "at_risk", at_risk(m->downtime, v->dead, v->hello) ? (double)adj : 0);
    cJSON_AddNumberToObject(os, "lost", m->adjacencies_lost);
    cJSON *bg = v->bgp ? vs_json_obj(o, "bgp") : NULL;
    size_t ses = v->n_bgp_peers;
    cJSON_AddNumberToObject(bg, "keepalive_s", sim_to_s(v->keepalive));
    cJSON_AddNumberToObject(bg, "hold_s", sim_to_s(v->hold));
    cJSON_AddNumberToObject(bg, "sessions", (double)ses);
    cJSON_AddNumberToObject(bg, "at_risk", at_risk(m->downtime, v->hold, v->keepalive) ? (double)ses : 0);
    cJSON_AddNumberToObject(bg, "lost", m->sessions_lost);
}

static int by_harm(const void *a, const void *b, void *ctx)
{
    const tfc_flow_result_t *f = ctx;
    const tfc_flow_result_t *x = &f[*(const size_t *)a], *y = &f[*(const size_t *)b];
    if (x->lost != y->lost)
        return x->lost < y->lost ? 1 : -1;
    if (x->delayed != y->delayed)
        return x->delayed < y->delayed ? 1 : -1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The flows that lost or were delayed most, and the totals. */
static vs_err_t flows_json(cJSON *o, const tfc_results_t *t, FILE *out)
{
    size_t *idx = malloc((t->n_flows + 1) * sizeof *idx), n = 0;
    if (!idx)
        return vs_fail(VS_ENOMEM, "out of memory");
    uint64_t lost = 0, delayed = 0, sent = 0;
    for (size_t k = 0; k < t->n_flows; k++) {
        const tfc_flow_result_t *f = &t->flows[k];
        sent += f->sent;
        lost += f->lost;
        delayed += f->delayed;
        if (f->lost || f->delayed)
            idx[n++] = k;
    }
    qsort_r(idx, n, sizeof *idx, by_harm, t->flows);
    cJSON_AddNumberToObject(o, "flows", (double)t->n_flows);
    cJSON_AddNumberToObject(o, "flows_harmed", (double)n);
    cJSON_AddNumberToObject(o, "packets_sent", (double)sent);
    cJSON_AddNumberToObject(o, "packets_lost", (double)lost);
    cJSON_AddNumberToObject(o, "packets_delayed", (double)delayed);
    cJSON *w = vs_json_arr(o, "worst_flows");
    for (size_t i = 0; i < n && i < RUN_PLAN_TOP && w; i++) {
        const tfc_flow_result_t *f = &t->flows[idx[i]];
        cJSON *x = vs_json_obj(w, NULL);
        cJSON_AddStringToObject(x, "name", f->name);
        cJSON_AddNumberToObject(x, "lost", (double)f->lost);
        cJSON_AddNumberToObject(x, "delayed", (double)f->delayed);
        cJSON_AddNumberToObject(x, "delay_base_s", f->delay_base_s);
        cJSON_AddNumberToObject(x, "delay_max_s", f->delay_max_s);
        if (out && i < 5)
            fprintf(out, "    flow %-28s %llu lost, %llu delayed (delay %.3f -> %.3f ms at most)\n", f->name,
                    (unsigned long long)f->lost, (unsigned long long)f->delayed, f->delay_base_s * 1e3,
                    f->delay_max_s * 1e3);
    }
    if (out)
        fprintf(out, "  traffic: %zu flows, %zu of them lost or delayed packets: %llu lost, %llu delayed of %llu\n",
                t->n_flows, n, (unsigned long long)lost, (unsigned long long)delayed, (unsigned long long)sent);
    free(idx);
    return w ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
}

static int by_peak(const void *a, const void *b, void *ctx)
{
    const double *p = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (p[i] != p[j])
        return p[i] < p[j] ? 1 : -1;
    return i < j ? -1 : 1;
}

/* Each link's peak utilisation (the larger of its two directions), the highest first. */
static vs_err_t links_json(cJSON *o, const scn_t *scn, const tfc_results_t *t, FILE *out)
{
    size_t nl = t->n_link_dirs / 2;
    size_t *idx = malloc((nl + 1) * sizeof *idx);
    double *pk = malloc((nl + 1) * sizeof *pk);
    if (!idx || !pk) {
        free(idx);
        free(pk);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (size_t l = 0; l < nl; l++) {
        idx[l] = l;
        pk[l] = fmax(t->link_peak[2 * l], t->link_peak[2 * l + 1]);
    }
    qsort_r(idx, nl, sizeof *idx, by_peak, pk);
    cJSON_AddNumberToObject(o, "max_link_utilization", nl ? pk[idx[0]] : 0);
    cJSON *arr = vs_json_arr(o, "links");
    for (size_t i = 0; i < nl && i < RUN_PLAN_TOP && arr; i++) {
        size_t l = idx[i], d = t->link_peak[2 * l] >= t->link_peak[2 * l + 1] ? 2 * l : 2 * l + 1;
        const scn_link_t *k = &scn->links[l];
        const char *a = scn->prouters[d % 2 ? k->b : k->a].name, *b = scn->prouters[d % 2 ? k->a : k->b].name;
        cJSON *x = vs_json_obj(arr, NULL);
        cJSON_AddStringToObject(x, "from", a);
        cJSON_AddStringToObject(x, "to", b);
        cJSON_AddNumberToObject(x, "peak_utilization", pk[l]);
        cJSON_AddNumberToObject(x, "at_s", sim_to_s(t->link_peak_at[d]));
        if (out && i < 5)
            fprintf(out, "    link %s -> %s peaks at %.1f%% (t = %.1f s)\n", a, b, 100 * pk[l],
                    sim_to_s(t->link_peak_at[d]));
    }
    free(idx);
    free(pk);
    return arr ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
}

static void migration_json(cJSON *sim, const scn_t *scn, const run_results_t *r, size_t k, FILE *out)
{
    const mig_result_t *m = &r->results[k];
    size_t vr = scn->migrations[k].vr;
    cJSON *o = vs_json_obj(sim, NULL);
    cJSON_AddStringToObject(o, "vr", m->vr);
    cJSON_AddStringToObject(o, "from", m->from);
    cJSON_AddStringToObject(o, "to", m->to);
    cJSON_AddNumberToObject(o, "downtime_s", mig_result_downtime_s(m)); /* NAN: null */
    cJSON_AddNumberToObject(o, "total_s", mig_result_total_s(m));
    cJSON_AddNumberToObject(o, "adjacencies_lost", m->adjacencies_lost);
    cJSON_AddNumberToObject(o, "sessions_lost", m->sessions_lost);
    cJSON_AddNumberToObject(o, "hellos_lost", m->hellos_lost);
    cJSON_AddBoolToObject(o, "done", m->done);
    routing_json(o, scn, m, vr);
    const tfc_results_t *t = r->traffic ? &r->traffic[0] : NULL;
    if (t && t->vr_lost_bits) { /* per VR: both moves of a VR that goes and comes back */
        cJSON *x = vs_json_obj(o, "traffic");
        cJSON_AddNumberToObject(x, "flows_harmed", t->vr_flows[vr]);
        cJSON_AddNumberToObject(x, "lost_bits", t->vr_lost_bits[vr]);
        cJSON_AddNumberToObject(x, "delayed_bits", t->vr_delayed_bits[vr]);
    }
    if (out && m->done)
        fprintf(out, "  simulated %-16s downtime %.3f s, total %.2f s, %d adjacencies lost\n", m->vr,
                mig_result_downtime_s(m), mig_result_total_s(m), m->adjacencies_lost);
    else if (out)
        fprintf(out, "  simulated %-16s did not finish before 'until'\n", m->vr);
}

vs_err_t run_plan_report(const scn_t *scn, const run_results_t *r, cJSON *root, FILE *out)
{
    cJSON *sim = vs_json_arr(root, "simulation");
    if (!sim)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < r->n_migrations; k++)
        migration_json(sim, scn, r, k, out);
    const tfc_results_t *t = r->traffic ? &r->traffic[0] : NULL;
    if (!t || !t->link_peak)
        return VS_OK;
    cJSON *o = vs_json_obj(root, "simulation_traffic");
    vs_err_t err = o ? flows_json(o, t, out) : vs_fail(VS_ENOMEM, "out of memory");
    return err ? err : links_json(o, scn, t, out);
}
