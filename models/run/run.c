#include "run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mig_emulate.h"
#include "net.h"
#include "vs_out.h"
#include "vs_units.h"

static vs_err_t one_run(const scn_t *scn, const mig_costs_t *costs, uint64_t seed, FILE *trace,
                        mig_result_t *results, tfc_results_t *traffic, mig_emu_t *emu)
{
    sim_t *sim = NULL;
    net_t *net = NULL;
    tfc_t *tfc = NULL;
    mig_set_t *migs = NULL;
    sim_config_t sc = {.seed = seed, .trace = trace};
    vs_err_t err = sim_create(&sc, &sim);
    if (!err)
        err = net_create(sim, scn, &net);
    if (!err && traffic && !(err = tfc_create(sim, net, scn, &tfc))) {
        net_set_traffic(net, &tfc_net_hooks, tfc);
        tfc_start(tfc);
    }
    if (err)
        goto out;
    net_schedule_events(net);
    if ((err = mig_set_create(sim, net, scn, costs, emu, results, &migs)))
        goto out;
    sim_run(sim, scn->until);
    for (size_t k = 0; k < scn->n_migrations; k++) {
        rt_effects_t nr;
        net_routing(net, scn->migrations[k].vr, &nr);
        results[k].hellos_lost = nr.hellos_lost;
        results[k].hellos_lost_max = nr.hellos_lost_max;
        /* += : a mechanism may tear adjacencies down itself (cold-restart) */
        results[k].adjacencies_lost += nr.adjacencies_lost;
        results[k].sessions_lost += nr.sessions_lost;
        results[k].lsas_missed = nr.lsas_missed;
        results[k].max_staleness = nr.max_staleness;
    }
    if (tfc && !(err = tfc_results(tfc, traffic))) {
        for (size_t k = 0; k < scn->n_migrations; k++) { /* the span the flows' figures split on */
            const mig_result_t *m = &results[k];
            sim_time_t end = m->done ? m->t[MIG_T6_DONE] : scn->until;
            if (traffic->mig_to == 0 || m->t[MIG_T0_TUNNELS] < traffic->mig_from)
                traffic->mig_from = m->t[MIG_T0_TUNNELS];
            if (end > traffic->mig_to)
                traffic->mig_to = end;
        }
    }
out:
    tfc_destroy(tfc);
    net_destroy(net);
    sim_destroy(sim);
    mig_set_destroy(migs);
    return err;
}

/* The seed of run r: run 0 uses the scenario's seed itself. */
static uint64_t run_seed(uint64_t seed, int r)
{
    return seed + (uint64_t)r * UINT64_C(0x9e3779b97f4a7c15);
}

vs_err_t run_scenario(const scn_t *scn, const run_opts_t *opts, run_results_t **out)
{
    *out = NULL;
    mig_costs_t *costs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *costs);
    if (!costs)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = mig_check_all(scn, costs);
    run_results_t *r = err ? NULL : calloc(1, sizeof *r);
    if (!r) {
        free(costs);
        return err ? err : vs_fail(VS_ENOMEM, "out of memory");
    }
    r->runs = opts && opts->runs > 0 ? opts->runs : scn->runs;
    r->seed = opts && opts->has_seed ? opts->seed : scn->seed;
    r->n_migrations = scn->n_migrations;
    r->results = calloc((size_t)r->runs * (r->n_migrations ? r->n_migrations : 1), sizeof *r->results);
    if (!r->results) {
        free(r);
        free(costs);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    if (scn->traffic && !(r->traffic = calloc((size_t)r->runs, sizeof *r->traffic)))
        err = vs_fail(VS_ENOMEM, "out of memory");
    mig_emu_t *emu = NULL; /* real backends of emulated routers, owned by the run */
    if (!err)
        err = mig_emu_open(scn, r->seed, &emu);
    for (int i = 0; i < r->runs && !err; i++) {
        err = one_run(scn, costs, run_seed(r->seed, i), i == 0 && opts ? opts->trace : NULL,
                      &r->results[(size_t)i * r->n_migrations], r->traffic ? &r->traffic[i] : NULL, emu);
        err = err ? err : mig_emu_error(emu);
    }
    mig_emu_close(emu);
    if (!err && r->traffic && opts && opts->csv_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/flows.csv", opts->csv_dir);
        err = tfc_results_csv(&r->traffic[0], path);
    }
    free(costs);
    if (err) {
        run_results_free(r);
        return err;
    }
    *out = r;
    return VS_OK;
}

vs_err_t run_check(const scn_t *scn)
{
    mig_costs_t *costs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *costs);
    if (!costs)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = mig_check_all(scn, costs);
    free(costs);
    return err ? err : mig_emu_check(scn);
}

void run_results_free(run_results_t *r)
{
    if (!r)
        return;
    for (int i = 0; r->traffic && i < r->runs; i++)
        tfc_results_free(&r->traffic[i]);
    free(r->traffic);
    free(r->results);
    free(r);
}

/* Measures summarised over runs. */
typedef struct {
    const char *key;
    double (*get)(const mig_result_t *res);
} measure_t;

static double m_downtime(const mig_result_t *r) { return sim_to_s(r->downtime); }
static double m_total(const mig_result_t *r) { return sim_to_s(r->t[MIG_T6_DONE] - r->t[MIG_T0_TUNNELS]); }
static double m_fib(const mig_result_t *r) { return sim_to_s(r->fib_total); }
static double m_hellos(const mig_result_t *r) { return r->hellos_lost; }
static double m_adj(const mig_result_t *r) { return r->adjacencies_lost; }
static double m_sess(const mig_result_t *r) { return r->sessions_lost; }
static double m_lsas(const mig_result_t *r) { return r->lsas_missed; }
static double m_stale(const mig_result_t *r) { return sim_to_s(r->max_staleness); }

static const measure_t measures[] = {
    {"downtime_s", m_downtime},          {"total_s", m_total},
    {"fib_repopulation_s", m_fib},       {"hellos_lost", m_hellos},
    {"adjacencies_lost", m_adj},         {"sessions_lost", m_sess},
    {"lsas_missed", m_lsas},             {"max_staleness_s", m_stale},
};

cJSON *run_results_json(const scn_t *scn, const run_results_t *r)
{
    static const char *const tnames[] = {"t0_tunnels_s", "t1_image_copy_s", "t2_memory_copy_s",
                                         "t3_suspend_s", "t4_resume_s",     "t5_links_s",
                                         "t6_done_s"};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "scenario", scn->name);
    cJSON_AddNumberToObject(root, "seed", (double)r->seed);
    cJSON_AddNumberToObject(root, "runs", r->runs);
    cJSON *migs = vs_json_arr(root, "migrations");
    for (size_t k = 0; migs && k < r->n_migrations; k++) {
        const mig_result_t *res = &r->results[k];
        cJSON *m = vs_json_obj(migs, NULL);
        if (!m)
            break;
        cJSON_AddStringToObject(m, "vr", res->vr);
        cJSON_AddStringToObject(m, "from", res->from ? res->from : "");
        cJSON_AddStringToObject(m, "to", res->to);
        cJSON_AddStringToObject(m, "mechanism", res->mechanism);
        cJSON_AddStringToObject(m, "memory", res->memory);
        cJSON_AddBoolToObject(m, "completed", res->done);
        cJSON *tl = vs_json_obj(m, "timeline");
        for (int s = 0; tl && s < MIG_NSTEPS; s++)
            cJSON_AddNumberToObject(tl, tnames[s], sim_to_s(res->t[s]));
        cJSON *d = vs_json_obj(m, "downtime");
        if (d) {
            cJSON_AddNumberToObject(d, "total_s", sim_to_s(res->downtime));
            cJSON_AddNumberToObject(d, "dump_s", sim_to_s(res->dump));
            cJSON_AddNumberToObject(d, "copy_s", sim_to_s(res->copy));
            cJSON_AddNumberToObject(d, "restore_s", sim_to_s(res->restore));
            cJSON_AddNumberToObject(d, "bridging_s", sim_to_s(res->bridging));
        }
        cJSON *mem = vs_json_obj(m, "memory_copy");
        if (mem) {
            cJSON_AddNumberToObject(mem, "image_bytes", (double)res->image_bytes);
            cJSON_AddNumberToObject(mem, "bytes_sent", (double)res->bytes_sent);
            cJSON_AddNumberToObject(mem, "final_bytes", (double)res->final_bytes);
            cJSON_AddNumberToObject(mem, "precopy_rounds", res->precopy_rounds);
            cJSON_AddNumberToObject(mem, "rate_bps", res->copy_bps);
            if (strcmp(res->memory, "post-copy") == 0) {
                cJSON_AddNumberToObject(mem, "postcopy_degraded_s", sim_to_s(res->postcopy_degraded));
                cJSON_AddNumberToObject(mem, "postcopy_faults", (double)res->postcopy_faults);
            }
        }
        cJSON *fib = vs_json_obj(m, "fib");
        if (fib) {
            cJSON_AddNumberToObject(fib, "entries", (double)res->fib_entries);
            cJSON_AddNumberToObject(fib, "update_s", sim_to_s(res->fib_update));
            cJSON_AddNumberToObject(fib, "total_s", sim_to_s(res->fib_total));
            cJSON_AddNumberToObject(fib, "remote_updates", (double)res->remote_updates);
            cJSON_AddNumberToObject(fib, "remote_update_latency_s", sim_to_s(res->remote_update_latency));
            if (k < scn->n_migrations && scn->vrouters[scn->migrations[k].vr].bgp_updates_path) {
                cJSON *u = vs_json_obj(m, "bgp_updates");
                if (u) {
                    cJSON_AddNumberToObject(u, "messages", (double)res->upd_messages);
                    cJSON_AddNumberToObject(u, "delayed_messages", (double)res->upd_delayed);
                    cJSON_AddNumberToObject(u, "delayed_prefixes", (double)res->upd_delayed_prefixes);
                    cJSON_AddNumberToObject(u, "delay_max_s", sim_to_s(res->upd_delay_max));
                    cJSON_AddNumberToObject(u, "delay_mean_s", sim_to_s(res->upd_delay_mean));
                    cJSON_AddNumberToObject(u, "remote_prefixes", (double)res->upd_remote_prefixes);
                    cJSON_AddNumberToObject(u, "remote_latency_max_s", sim_to_s(res->upd_remote_latency_max));
                    cJSON_AddNumberToObject(u, "remote_latency_mean_s", sim_to_s(res->upd_remote_latency_mean));
                }
            }
            cJSON *emu = res->emu_backend ? vs_json_obj(fib, "emulation") : NULL;
            if (emu) { /* mig_emulate.h: deterministic figures here, wall-clock under timing */
                cJSON_AddStringToObject(emu, "backend", res->emu_backend);
                cJSON_AddNumberToObject(emu, "routes_installed", (double)res->emu_installed);
                cJSON_AddNumberToObject(emu, "routes_failed", (double)res->emu_failed);
                if (res->emu_modelled_ns)
                    cJSON_AddNumberToObject(emu, "modelled_s", sim_to_s(res->emu_modelled_ns));
            }
            cJSON *tm = res->emu_backend ? vs_json_obj(fib, "timing") : NULL;
            if (tm) {
                cJSON_AddNumberToObject(tm, "simulated_s", sim_to_s(res->fib_total));
                cJSON_AddNumberToObject(tm, "measured_s", (double)res->emu_wall_ns / 1e9);
                if (res->emu_installed)
                    cJSON_AddNumberToObject(tm, "measured_us_per_route",
                                            (double)res->emu_wall_ns / 1e3 / (double)res->emu_installed);
            }
        }
        cJSON *links = vs_json_arr(m, "link_rehoming_s");
        for (size_t i = 0; links && i < res->n_links; i++)
            cJSON_AddItemToArray(links, cJSON_CreateNumber(sim_to_s(res->link_rehome[i])));
        cJSON *rt = vs_json_obj(m, "routing");
        if (rt) {
            cJSON_AddNumberToObject(rt, "hellos_lost", res->hellos_lost);
            cJSON_AddNumberToObject(rt, "hellos_lost_max_per_adjacency", res->hellos_lost_max);
            cJSON_AddNumberToObject(rt, "adjacencies_lost", res->adjacencies_lost);
            cJSON_AddNumberToObject(rt, "sessions_lost", res->sessions_lost);
            cJSON_AddNumberToObject(rt, "lsas_missed", res->lsas_missed);
            cJSON_AddNumberToObject(rt, "max_staleness_s", sim_to_s(res->max_staleness));
        }
        cJSON *dp = vs_json_obj(m, "data_plane");
        if (dp) {
            cJSON_AddNumberToObject(dp, "downtime_s", sim_to_s(res->data_downtime));
            cJSON_AddNumberToObject(dp, "packets_offered", (double)res->packets_offered);
            cJSON_AddNumberToObject(dp, "packets_lost", (double)res->packets_lost);
            cJSON_AddNumberToObject(dp, "delay_increase_s", sim_to_s(res->delay_increase));
            cJSON_AddNumberToObject(dp, "config_changes", res->config_changes);
            cJSON_AddNumberToObject(dp, "control_buffered", (double)res->control_buffered);
        }
        cJSON *sum = vs_json_obj(m, "over_runs");
        for (size_t q = 0; sum && q < sizeof measures / sizeof measures[0]; q++) {
            double lo = INFINITY, hi = -INFINITY, total = 0;
            for (int i = 0; i < r->runs; i++) {
                double x = measures[q].get(&r->results[(size_t)i * r->n_migrations + k]);
                lo = fmin(lo, x);
                hi = fmax(hi, x);
                total += x;
            }
            cJSON *o = vs_json_obj(sum, measures[q].key);
            if (o) {
                cJSON_AddNumberToObject(o, "min", lo);
                cJSON_AddNumberToObject(o, "mean", total / r->runs);
                cJSON_AddNumberToObject(o, "max", hi);
            }
        }
    }
    if (r->traffic) /* data traffic of the first run (traffic.h, docs/data-plane.md) */
        cJSON_AddItemToObject(root, "traffic", tfc_results_json(scn, &r->traffic[0]));
    return root;
}

void run_results_print(const scn_t *scn, const run_results_t *r, FILE *out)
{
    fprintf(out, "scenario %s: %zu migration%s, %d run%s, seed %llu\n", scn->name, r->n_migrations,
            r->n_migrations == 1 ? "" : "s", r->runs, r->runs == 1 ? "" : "s",
            (unsigned long long)r->seed);
    for (size_t k = 0; k < r->n_migrations; k++) {
        const mig_result_t *res = &r->results[k];
        char a[32], b[32], c[32], d[32];
        fprintf(out, "\n%s: %s -> %s (%s, %s memory copy)%s\n", res->vr, res->from ? res->from : "?",
                res->to, res->mechanism, res->memory, res->done ? "" : "  [did not finish before 'until']");
        static const char *const steps[] = {"tunnels", "router-image copy", "memory copy",
                                            "control plane frozen", "data-plane cloning",
                                            "link migration", "done"};
        for (int s = 0; s < MIG_NSTEPS; s++)
            fprintf(out, "  t%d %-22s at %10.6f s\n", s, steps[s], sim_to_s(res->t[s]));
        fprintf(out, "  control-plane downtime  %s (dump %s, copy %s, restore+bridging %s)\n",
                vs_fmt_duration(res->downtime, a, sizeof a), vs_fmt_duration(res->dump, b, sizeof b),
                vs_fmt_duration(res->copy, c, sizeof c),
                vs_fmt_duration(res->downtime - res->dump - res->copy, d, sizeof d));
        fprintf(out, "  memory image            %s, %s sent at %s", vs_fmt_size(res->image_bytes, a, sizeof a),
                vs_fmt_size(res->bytes_sent, b, sizeof b), vs_fmt_rate(res->copy_bps, c, sizeof c));
        if (res->precopy_rounds)
            fprintf(out, ", %d pre-copy round%s", res->precopy_rounds, res->precopy_rounds == 1 ? "" : "s");
        if (res->emu_backend) /* emulation run: the real install beside the simulated one */
            fprintf(out, "\n  FIB repopulation        %lld entries: simulated %s, measured %s "
                         "(%s backend, %lld installed)\n", (long long)res->fib_entries,
                    vs_fmt_duration(res->fib_total, a, sizeof a),
                    vs_fmt_duration(res->emu_wall_ns, b, sizeof b), res->emu_backend,
                    (long long)res->emu_installed);
        else
            fprintf(out, "\n  FIB repopulation        %lld entries in %s\n", (long long)res->fib_entries,
                    vs_fmt_duration(res->fib_total, a, sizeof a));
        fprintf(out, "  total migration time    %s\n",
                vs_fmt_duration(res->t[MIG_T6_DONE] - res->t[MIG_T0_TUNNELS], a, sizeof a));
        fprintf(out, "  routing                 %d hello%s lost, %d adjacenc%s and %d session%s lost, "
                     "%d LSA%s missed\n",
                res->hellos_lost, res->hellos_lost == 1 ? "" : "s", res->adjacencies_lost,
                res->adjacencies_lost == 1 ? "y" : "ies", res->sessions_lost,
                res->sessions_lost == 1 ? "" : "s", res->lsas_missed, res->lsas_missed == 1 ? "" : "s");
        if (k < scn->n_migrations && scn->vrouters[scn->migrations[k].vr].bgp_updates_path) {
            fprintf(out, "  BGP updates             %lld during the migration; %lld held by the freeze "
                         "(%lld prefixes, waited up to %s)",
                    (long long)res->upd_messages, (long long)res->upd_delayed,
                    (long long)res->upd_delayed_prefixes, vs_fmt_duration(res->upd_delay_max, a, sizeof a));
            if (res->upd_remote_prefixes)
                fprintf(out, "; %lld prefixes sent on to the old FIB (in it after up to %s)",
                        (long long)res->upd_remote_prefixes,
                        vs_fmt_duration(res->upd_remote_latency_max, b, sizeof b));
            fputc('\n', out);
        }
        if (r->runs > 1) {
            double lo = INFINITY, hi = -INFINITY, sum = 0;
            for (int i = 0; i < r->runs; i++) {
                double x = sim_to_s(r->results[(size_t)i * r->n_migrations + k].downtime);
                lo = fmin(lo, x);
                hi = fmax(hi, x);
                sum += x;
            }
            fprintf(out, "  downtime over %d runs   %.3f .. %.3f s, mean %.3f s\n", r->runs, lo, hi,
                    sum / r->runs);
        }
    }
    if (r->traffic)
        tfc_results_print(scn, &r->traffic[0], out);
}
