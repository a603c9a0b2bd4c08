#include "tfc_report.h"

#include <math.h>
#include <string.h>

#include "vs_out.h"
#include "vs_units.h"

/* Flows the summary lists; a run replaying a traffic matrix has a million. */
#define TFC_PRINT_FLOWS 50

vs_err_t tfc_results_csv(const tfc_results_t *r, const char *path)
{
    vs_outfile_t *o;
    vs_err_t err = vs_out_open(path, &o);
    if (err)
        return err;
    FILE *f = vs_out_stream(o);
    fprintf(f, "flow,t_s,sent,received,lost,delay_mean_s,delay_max_s,jitter_s\n");
    for (size_t k = 0; k < r->n_flows; k++) {
        const tfc_flow_result_t *fr = &r->flows[k];
        for (size_t b = 0; b < fr->n_bins; b++) {
            const tfc_bin_t *x = &fr->bins[b];
            fprintf(f, "%s,%.6f,%u,%u,%u,%.9f,%.9f,%.9f\n", fr->name,
                    sim_to_s((sim_time_t)b * fr->bin_width), x->sent, x->received, x->lost,
                    x->received ? x->delay_sum_s / x->received : 0.0, x->delay_max_s,
                    x->received ? x->jitter_sum_s / x->received : 0.0);
        }
    }
    return vs_out_commit(o);
}

static void span_json(cJSON *parent, const char *key, const tfc_span_t *w)
{
    cJSON *o = vs_json_obj(parent, key);
    if (!o)
        return;
    cJSON_AddNumberToObject(o, "sent", (double)w->sent);
    cJSON_AddNumberToObject(o, "received", (double)w->received);
    cJSON_AddNumberToObject(o, "lost", (double)w->lost);
    cJSON_AddNumberToObject(o, "loss_rate", w->sent ? (double)w->lost / (double)w->sent : 0.0);
    cJSON_AddNumberToObject(o, "delay_mean_s", w->delay_mean_s);
    cJSON_AddNumberToObject(o, "delay_sd_s", w->delay_sd_s);
    cJSON_AddNumberToObject(o, "jitter_s", w->jitter_s);
}

/* The flow's bins as columns (docs/scenario.md, Results): what `run --csv` writes, in the JSON
 * so a figure can be drawn from the result alone. */
static void series_json(cJSON *parent, const tfc_flow_result_t *f)
{
    cJSON *s = vs_json_obj(parent, "series");
    if (!s)
        return;
    cJSON_AddNumberToObject(s, "bin_s", sim_to_s(f->bin_width));
    cJSON *col[5];
    static const char *const names[5] = {"sent", "received", "lost", "delay_mean_s", "delay_max_s"};
    for (int k = 0; k < 5; k++)
        if (!(col[k] = vs_json_arr(s, names[k])))
            return;
    for (size_t b = 0; b < f->n_bins; b++) {
        const tfc_bin_t *x = &f->bins[b];
        double v[5] = {x->sent, x->received, x->lost,
                       x->received ? x->delay_sum_s / x->received : 0.0, x->delay_max_s};
        for (int k = 0; k < 5; k++)
            cJSON_AddItemToArray(col[k], cJSON_CreateNumber(v[k]));
    }
}

cJSON *tfc_results_json(const scn_t *scn, const tfc_results_t *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    const scn_traffic_t *c = scn->traffic;
    cJSON_AddStringToObject(root, "model", c && c->dp.model == SCN_DP_FLUID ? "fluid" : "packet");
    cJSON_AddNumberToObject(root, "packet_hops", (double)r->packet_hops);
    cJSON *flows = vs_json_arr(root, "flows");
    for (size_t k = 0; flows && k < r->n_flows; k++) {
        const tfc_flow_result_t *f = &r->flows[k];
        cJSON *o = vs_json_obj(flows, NULL);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "name", f->name);
        cJSON_AddBoolToObject(o, "round_trip", c->flows[k].round_trip);
        cJSON_AddNumberToObject(o, "sent", (double)f->sent);
        cJSON_AddNumberToObject(o, "received", (double)f->received);
        cJSON_AddNumberToObject(o, "lost", (double)f->lost);
        cJSON_AddNumberToObject(o, "lost_queue", (double)f->lost_queue);
        cJSON_AddNumberToObject(o, "lost_cpu", (double)f->lost_cpu);
        cJSON_AddNumberToObject(o, "lost_no_data_plane", (double)f->lost_no_dp);
        cJSON_AddNumberToObject(o, "lost_routing", (double)f->lost_routing);
        cJSON_AddNumberToObject(o, "in_flight", (double)f->in_flight);
        cJSON_AddNumberToObject(o, "tunnelled", (double)f->tunnelled);
        cJSON_AddNumberToObject(o, "loss_rate",
                                f->sent ? (double)f->lost / (double)f->sent : 0.0);
        cJSON_AddNumberToObject(o, "delay_mean_s", f->delay_mean_s);
        cJSON_AddNumberToObject(o, "delay_min_s", f->delay_min_s);
        cJSON_AddNumberToObject(o, "delay_max_s", f->delay_max_s);
        cJSON_AddNumberToObject(o, "delay_sd_s", f->delay_sd_s);
        cJSON_AddNumberToObject(o, "jitter_s", f->jitter_s);
        cJSON_AddNumberToObject(o, "offered_bps", f->offered_bps);
        cJSON_AddNumberToObject(o, "throughput_bps", f->throughput_bps);
        if (r->mig_to > 0 && f->n_bins > 0) { /* packets sent before / during the migrations */
            tfc_span_t before = tfc_span(f, 0, r->mig_from), during = tfc_span(f, r->mig_from, r->mig_to);
            span_json(o, "before_migrations", &before);
            span_json(o, "during_migrations", &during);
        }
        if (f->n_bins > 0)
            series_json(o, f);
    }
    cJSON *xf = vs_json_arr(root, "transfers");
    for (size_t i = 0; xf && i < r->n_xfers; i++) {
        const tfc_xfer_result_t *x = &r->xfers[i];
        cJSON *o = vs_json_obj(xf, NULL);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "from", scn->prouters[x->from].name);
        cJSON_AddStringToObject(o, "to", scn->prouters[x->to].name);
        cJSON_AddNumberToObject(o, "bytes", (double)x->bytes);
        cJSON_AddNumberToObject(o, "start_s", sim_to_s(x->start));
        cJSON_AddBoolToObject(o, "completed", x->end > 0);
        cJSON_AddNumberToObject(o, "duration_s", x->end > 0 ? sim_to_s(x->end - x->start) : -1);
        cJSON_AddNumberToObject(o, "app_limit_bps", x->app_limit_bps);
        cJSON_AddNumberToObject(o, "segments", (double)x->segments);
        cJSON_AddNumberToObject(o, "retransmits", (double)x->retransmits);
        cJSON_AddNumberToObject(o, "fast_retransmits", (double)x->fast_retransmits);
        cJSON_AddNumberToObject(o, "timeouts", (double)x->timeouts);
    }
    cJSON *dps = vs_json_obj(root, "data_plane_packets");
    for (size_t v = 0; dps && v < r->n_vrouters; v++) {
        cJSON *o = NULL;
        for (size_t p = 0; p < r->n_prouters; p++) {
            uint64_t n = r->dp_packets[v * r->n_prouters + p];
            if (!n)
                continue;
            if (!o && !(o = vs_json_obj(dps, scn->vrouters[v].name)))
                break;
            cJSON_AddNumberToObject(o, scn->prouters[p].name, (double)n);
        }
    }
    return root;
}

void tfc_results_print(const scn_t *scn, const tfc_results_t *r, FILE *out)
{
    const scn_traffic_t *c = scn->traffic;
    fprintf(out, "\ndata traffic (%s model, first run)\n",
            c && c->dp.model == SCN_DP_FLUID ? "fluid" : "packet");
    for (size_t k = 0; k < r->n_flows; k++) {
        const tfc_flow_result_t *f = &r->flows[k];
        char a[32], b[32];
        if (k == TFC_PRINT_FLOWS && r->n_flows > TFC_PRINT_FLOWS + 1) { /* a traffic matrix's */
            fprintf(out, "  ... and %zu more flows (--json has them all)\n", r->n_flows - k);
            break;
        }
        fprintf(out, "  %-12s %s offered, %s delivered; %llu sent, %llu lost (%.3f%%); %s %.3f ms mean, "
                     "%.3f ms max, jitter %.3f ms\n",
                f->name, vs_fmt_rate(f->offered_bps, a, sizeof a), vs_fmt_rate(f->throughput_bps, b, sizeof b),
                (unsigned long long)f->sent, (unsigned long long)f->lost,
                f->sent ? 100.0 * (double)f->lost / (double)f->sent : 0.0,
                c->flows[k].round_trip ? "RTT" : "delay", f->delay_mean_s * 1e3, f->delay_max_s * 1e3,
                f->jitter_s * 1e3);
        if (r->mig_to > 0 && f->n_bins > 0) {
            tfc_span_t pre = tfc_span(f, 0, r->mig_from), d = tfc_span(f, r->mig_from, r->mig_to);
            fprintf(out, "  %-12s before the migrations: %.3f ms mean, %.4f%% lost; during (%.3f..%.3f s): "
                         "%.3f ms mean, %.3f ms sd, %.4f%% lost, jitter %.3f ms\n",
                    "", pre.delay_mean_s * 1e3, pre.sent ? 100.0 * (double)pre.lost / (double)pre.sent : 0.0,
                    sim_to_s(r->mig_from), sim_to_s(r->mig_to), d.delay_mean_s * 1e3, d.delay_sd_s * 1e3,
                    d.sent ? 100.0 * (double)d.lost / (double)d.sent : 0.0, d.jitter_s * 1e3);
        }
    }
    for (size_t i = 0; i < r->n_xfers; i++) {
        const tfc_xfer_result_t *x = &r->xfers[i];
        char a[32];
        fprintf(out, "  TCP transfer %s -> %s: %s in %.3f s, %llu retransmits (%llu timeouts)\n",
                scn->prouters[x->from].name, scn->prouters[x->to].name, vs_fmt_size(x->bytes, a, sizeof a),
                x->end > 0 ? sim_to_s(x->end - x->start) : -1.0, (unsigned long long)x->retransmits,
                (unsigned long long)x->timeouts);
    }
}
