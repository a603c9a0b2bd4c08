/* emu_report — an emulation's result: the simulator's prediction and the measurement side by
 * side, as JSON and as a table for people. */
#include <math.h>
#include <stdio.h>

#include "emu.h"
#include "emu_traffic.h"
#include "sim_time.h"
#include "vs_out.h"

static double ms(int64_t ns)
{
    return ns < 0 ? NAN : (double)ns / 1e6;
}

/* A number, or null for NAN (a value the run does not have). */
static void num(cJSON *o, const char *key, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, key);
    else
        vs_json_num(o, key, v);
}

static void probes_json(cJSON *parent, const char *key, const emu_probe_stats_t *s)
{
    cJSON *o = vs_json_obj(parent, key);
    vs_json_num(o, "sent", (double)s->sent);
    vs_json_num(o, "lost_forward", (double)s->lost_forward);
    vs_json_num(o, "lost_back", (double)s->lost_back);
    num(o, "longest_gap_ms", ms(s->longest_gap));
    num(o, "rtt_min_ms", ms(s->rtt_min));
    num(o, "rtt_mean_ms", ms(s->rtt_mean));
    num(o, "rtt_p99_ms", ms(s->rtt_p99));
    num(o, "rtt_max_ms", ms(s->rtt_max));
    num(o, "one_way_max_ms", ms(s->owd_max));
}

static const char *const step_names[MIG_NSTEPS] = {"t0_tunnels", "t1_image", "t2_memory",
                                                   "t3_frozen", "t4_clone", "t5_links",
                                                   "t6_done"};

static void simulated_json(cJSON *root, const mig_result_t *p)
{
    cJSON *s = vs_json_obj(root, "simulated");
    cJSON *t = vs_json_obj(s, "steps_s");
    for (int k = 0; k < MIG_NSTEPS; k++)
        num(t, step_names[k], (p->reached >> k) & 1 ? sim_to_s(p->t[k] - p->t[0]) : NAN);
    num(s, "downtime_s", mig_result_downtime_s(p));
    vs_json_num(s, "fib_entries", (double)p->fib_entries);
    vs_json_num(s, "fib_fill_s", sim_to_s(p->fib_total));
    cJSON *l = vs_json_arr(s, "link_rehome_s");
    for (size_t k = 0; k < p->n_links; k++)
        cJSON_AddItemToArray(l, cJSON_CreateNumber(sim_to_s(p->link_rehome[k])));
    vs_json_num(s, "hellos_lost", p->hellos_lost);
    vs_json_num(s, "adjacencies_lost", p->adjacencies_lost);
    vs_json_num(s, "data_packets_lost", (double)p->packets_lost);
    num(s, "total_s", mig_result_total_s(p));
}

static void measured_json(cJSON *root, const emu_result_t *r)
{
    cJSON *m = vs_json_obj(root, "measured");
    cJSON *t = vs_json_obj(m, "steps_s");
    for (int k = 0; k < MIG_NSTEPS; k++)
        vs_json_num(t, step_names[k], (double)r->t[k] / 1e9);
    vs_json_num(m, "probe_interval_ms", ms(r->interval_ns));
    vs_json_num(m, "freeze_s", (double)r->freeze_ns / 1e9);
    vs_json_num(m, "attachments_moved_ms", ms(r->attach_ns));
    vs_json_num(m, "fib_entries", (double)r->rib_routes);
    vs_json_num(m, "fib_fill_s", (double)r->fill_ns / 1e9);
    vs_json_num(m, "fib_fill_refused", (double)r->fill_failed);
    cJSON *l = vs_json_arr(m, "links");
    for (int k = 0; k < r->n_links; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(l, o);
        vs_json_str(o, "peer", r->link[k].peer);
        vs_json_num(o, "at_s", (double)r->link[k].at_ns / 1e9);
        vs_json_num(o, "rehome_ms", ms(r->link[k].move_ns));
        probes_json(o, "probes", &r->link[k].after);
    }
    cJSON *ru = vs_json_obj(m, "remote_update");
    num(ru, "ms", ms(r->remote_update_ns));
    vs_json_bool(ru, "in_a_fib", r->remote_in_a);
    vs_json_num(m, "a_removed_ms", ms(r->remove_ns));
    vs_json_num(m, "a_routes_removed", (double)r->removed_routes);
    vs_json_num(m, "route_changes_mirrored", (double)r->mirrored_a);
    vs_json_num(m, "adjacencies", r->adjacencies);
    vs_json_num(m, "adjacencies_full_after", r->full_after);
    vs_json_num(m, "adjacency_drops", r->adjacency_drops);
    vs_json_num(m, "total_s", (double)r->t[MIG_T6_DONE] / 1e9);
    cJSON *p = vs_json_obj(m, "probes");
    probes_json(p, "before", &r->before);
    probes_json(p, "during", &r->during);
    probes_json(p, "t0_t5", &r->unmoved);
    probes_json(p, "after", &r->after);
    cJSON *env = vs_json_obj(m, "environment");
    vs_json_str(env, "frr", r->frr_version);
    vs_json_str(env, "kernel", r->kernel);
    vs_json_num(env, "setup_s", (double)r->setup_ns / 1e9);
    vs_json_num(env, "converge_s", (double)r->converge_ns / 1e9);
}

cJSON *emu_result_json(const scn_t *scn, const emu_result_t *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    const mig_result_t *p = r->predicted;
    vs_json_num(root, "schema", 1);
    vs_json_str(root, "scenario", scn->name);
    vs_json_str(root, "vr", p->vr);
    vs_json_str(root, "from", p->from);
    vs_json_str(root, "to", p->to);
    vs_json_str(root, "memory", p->memory);
    simulated_json(root, p);
    measured_json(root, r);
    return root;
}

static void row(FILE *out, const char *what, double sim, double meas, const char *unit)
{
    char a[32] = "-", b[32] = "-";
    if (!isnan(sim))
        snprintf(a, sizeof a, "%.3f %s", sim, unit);
    if (!isnan(meas))
        snprintf(b, sizeof b, "%.3f %s", meas, unit);
    fprintf(out, "  %-34s %16s %16s\n", what, a, b);

}

static void probes_line(FILE *out, const char *what, const emu_probe_stats_t *s)
{
    fprintf(out, "  %-10s %6lld sent, %lld + %lld lost (out + back), longest gap %.1f ms, "
                 "RTT mean %.3f max %.3f ms\n", what, (long long)s->sent,
            (long long)s->lost_forward, (long long)s->lost_back, ms(s->longest_gap),
            ms(s->rtt_mean), ms(s->rtt_max));
}

void emu_result_print(const scn_t *scn, const emu_result_t *r, FILE *out)
{
    const mig_result_t *p = r->predicted;
    fprintf(out, "emulation of %s: %s %s -> %s (%s; %s, kernel %s)\n\n", scn->name, p->vr,
            p->from, p->to, p->memory, r->frr_version, r->kernel);
    fprintf(out, "  %-34s %16s %16s\n", "", "simulated", "measured");
    row(out, "control plane frozen", mig_result_downtime_s(p), (double)r->freeze_ns / 1e9, "s");
    char what[64];
    snprintf(what, sizeof what, "FIB filled at B (%lld / %zu routes)", (long long)p->fib_entries,
             r->rib_routes);
    row(out, what, sim_to_s(p->fib_total), (double)r->fill_ns / 1e9, "s");
    for (int k = 0; k < r->n_links; k++) {
        snprintf(what, sizeof what, "link to %s re-homed", r->link[k].peer);
        double sim = r->link[k].vlink >= 0 && (size_t)k < p->n_links
                         ? sim_to_s(p->link_rehome[k]) * 1e3 : NAN;
        row(out, what, sim, ms(r->link[k].move_ns), "ms");
    }
    row(out, "migration t0 -> t6", mig_result_total_s(p), (double)r->t[MIG_T6_DONE] / 1e9, "s");
    row(out, "adjacencies lost", p->adjacencies_lost, r->adjacency_drops, "");
    row(out, "data packets lost", (double)p->packets_lost,
        (double)(r->during.lost_forward + r->during.lost_back), "");
    fprintf(out, "\n  probes every %.3g ms (UDP); %d adjacencies, %d Full after the move\n",
            ms(r->interval_ns), r->adjacencies, r->full_after);
    probes_line(out, "before", &r->before);
    probes_line(out, "during", &r->during);
    probes_line(out, "  t0..t5", &r->unmoved);
    probes_line(out, "after", &r->after);
    fprintf(out, "  A's data plane removed in %.1f ms (%zu routes); control-plane attachments "
                 "moved in %.1f ms\n", ms(r->remove_ns), r->removed_routes, ms(r->attach_ns));
    fprintf(out, "  a route announced at t5 reached B's FIB after %.1f ms, %s\n",
            ms(r->remote_update_ns), r->remote_in_a ? "and A's through B (remote control plane)"
                                                    : "but not A's");
}

/* ---- --traffic: the packet model against the kernel ----------------------------------- */

static void span_json(cJSON *parent, const char *key, const tfc_span_t *s)
{
    cJSON *o = vs_json_obj(parent, key);
    vs_json_num(o, "sent", (double)s->sent);
    vs_json_num(o, "lost", (double)s->lost);
    num(o, "loss_pct", s->sent ? 100.0 * (double)s->lost / (double)s->sent : NAN);
    num(o, "delay_mean_ms", s->delay_mean_s * 1e3);
    num(o, "delay_sd_ms", s->delay_sd_s * 1e3);
    num(o, "ipdv_ms", s->jitter_s * 1e3);
}

static void measured_span_json(cJSON *parent, const char *key, const emu_probe_stats_t *s)
{
    cJSON *o = vs_json_obj(parent, key);
    vs_json_num(o, "sent", (double)s->sent);
    vs_json_num(o, "lost", (double)s->lost_forward);
    num(o, "loss_pct", s->sent ? 100.0 * (double)s->lost_forward / (double)s->sent : NAN);
    num(o, "delay_mean_ms", s->owd_mean / 1e6);
    num(o, "delay_sd_ms", s->owd_sd / 1e6);
    num(o, "ipdv_ms", s->ipdv / 1e6);
    num(o, "delay_max_ms", ms(s->owd_max));
    num(o, "longest_gap_ms", ms(s->longest_gap));
}

cJSON *emu_traffic_json(const scn_t *scn, const emu_traffic_result_t *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    vs_json_num(root, "schema", 1);
    vs_json_str(root, "scenario", scn->name);
    vs_json_str(root, "flow", r->flow->name);
    vs_json_num(root, "rate_mbps", r->rate_bps / 1e6);
    vs_json_num(root, "packet_bytes", r->packet_bytes);
    cJSON *s = vs_json_obj(root, "simulated");
    span_json(s, "before", &r->sim_before);
    span_json(s, "during", &r->sim_during);
    cJSON *t = vs_json_obj(s, "tcp");
    vs_json_num(t, "bytes", (double)r->copy->bytes);
    vs_json_num(t, "duration_s", sim_to_s(r->copy->end - r->copy->start));
    vs_json_num(t, "throughput_mbps",
                (double)r->copy->bytes * 8 / sim_to_s(r->copy->end - r->copy->start) / 1e6);
    vs_json_num(t, "retransmits", (double)r->copy->retransmits);
    vs_json_num(t, "spurious_retransmits", (double)r->copy->duplicates);
    vs_json_num(t, "timeouts", (double)r->copy->timeouts);
    cJSON *m = vs_json_obj(root, "measured");
    measured_span_json(m, "before", &r->before);
    measured_span_json(m, "during", &r->during);
    t = vs_json_obj(m, "tcp");
    vs_json_num(t, "bytes", (double)r->tcp_bytes);
    vs_json_num(t, "duration_s", r->tcp_s);
    vs_json_num(t, "throughput_mbps", r->tcp_bps / 1e6);
    vs_json_num(t, "retransmits", (double)r->tcp_retransmits);
    vs_json_num(t, "spurious_retransmits", (double)r->tcp_spurious);
    num(t, "timeouts", r->tcp_timeouts < 0 ? NAN : r->tcp_timeouts);
    vs_json_num(m, "bottleneck_fifo_drops", (double)r->qdisc_drops);
    vs_json_str(t, "congestion_control", r->tcp_cc);
    cJSON *env = vs_json_obj(m, "environment");
    vs_json_str(env, "kernel", r->kernel);
    return root;
}

void emu_traffic_print(const scn_t *scn, const emu_traffic_result_t *r, FILE *out)
{
    const tfc_span_t *sb = &r->sim_before, *sd = &r->sim_during;
    const emu_probe_stats_t *mb = &r->before, *md = &r->during;
    fprintf(out, "%s: flow %s, %.1f Mbps of %d-byte packets, beside a TCP Reno copy of %.1f MB "
                 "(measured: %s; kernel %s)\n\n", scn->name, r->flow->name, r->rate_bps / 1e6,
            r->packet_bytes, (double)r->copy->bytes / 1e6, r->tcp_cc, r->kernel);
    fprintf(out, "  %-34s %16s %16s\n", "", "simulated", "measured");
    row(out, "UDP loss before the copy (%)", sb->sent ? 100.0 * (double)sb->lost / (double)sb->sent : NAN,
        mb->sent ? 100.0 * (double)mb->lost_forward / (double)mb->sent : NAN, "");
    row(out, "UDP loss during the copy (%)", sd->sent ? 100.0 * (double)sd->lost / (double)sd->sent : NAN,
        md->sent ? 100.0 * (double)md->lost_forward / (double)md->sent : NAN, "");
    row(out, "delay before, mean", sb->delay_mean_s * 1e3, mb->owd_mean / 1e6, "ms");
    row(out, "delay during, mean", sd->delay_mean_s * 1e3, md->owd_mean / 1e6, "ms");
    row(out, "delay during, sd", sd->delay_sd_s * 1e3, md->owd_sd / 1e6, "ms");
    row(out, "IPDV during", sd->jitter_s * 1e3, md->ipdv / 1e6, "ms");
    row(out, "TCP copy", sim_to_s(r->copy->end - r->copy->start), r->tcp_s, "s");
    row(out, "TCP retransmissions", (double)r->copy->retransmits, (double)r->tcp_retransmits, "");
    row(out, "... of them spurious", (double)r->copy->duplicates, (double)r->tcp_spurious, "");
    row(out, "TCP timeouts", (double)r->copy->timeouts,
        r->tcp_timeouts < 0 ? NAN : r->tcp_timeouts, "");
    fprintf(out, "\n  measured: %lld UDP packets during the copy, %lld dropped by the bottleneck's "
                 "FIFO in all (spurious: segments received twice; measured by D-SACK)\n",
            (long long)md->sent, (long long)r->qdisc_drops);
}
