#include "run_report.h"

#include <math.h>
#include <string.h>

#include "tfc_report.h"
#include "vs_out.h"
#include "vs_units.h"

/* A measure of one run, or NAN when that run does not have it (a migration that did not
 * reach the step that fixes it before 'until'). */
typedef struct {
    const char *key;
    double (*get)(const mig_result_t *res);
} measure_t;

static double m_downtime(const mig_result_t *r) { return mig_result_downtime_s(r); }
static double m_total(const mig_result_t *r) { return mig_result_total_s(r); }
/* The clone's duration is fixed when it starts (t4). */
static double m_fib(const mig_result_t *r)
{
    return r->reached & (1u << MIG_T4_CLONE) ? sim_to_s(r->fib_total) : NAN;
}
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

/* A number, or null for NAN: a result not reached is no number at all. */
static void add_number(cJSON *o, const char *key, double x)
{
    if (isnan(x))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, x);
}

static void json_timeline(cJSON *m, const mig_result_t *res)
{
    static const char *const tnames[] = {"t0_tunnels_s", "t1_image_copy_s", "t2_memory_copy_s",
                                         "t3_suspend_s", "t4_resume_s",     "t5_links_s",
                                         "t6_done_s"};
    cJSON *tl = vs_json_obj(m, "timeline");
    for (int s = 0; tl && s < MIG_NSTEPS; s++)
        add_number(tl, tnames[s], res->reached & (1u << s) ? sim_to_s(res->t[s]) : NAN);
    cJSON *d = vs_json_obj(m, "downtime");
    if (d) {
        bool known = res->downtime >= 0;
        add_number(d, "total_s", m_downtime(res));
        add_number(d, "dump_s", known ? sim_to_s(res->dump) : NAN);
        add_number(d, "copy_s", known ? sim_to_s(res->copy) : NAN);
        add_number(d, "restore_s", known ? sim_to_s(res->restore) : NAN);
        add_number(d, "bridging_s", known ? sim_to_s(res->bridging) : NAN);
    }
}

static void json_memory(cJSON *m, const mig_result_t *res)
{
    cJSON *mem = vs_json_obj(m, "memory_copy");
    if (!mem)
        return;
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

/* The VR's recorded BGP update stream against the migration (bgp.updates). */
static void json_bgp_updates(cJSON *m, const mig_result_t *res)
{
    cJSON *u = vs_json_obj(m, "bgp_updates");
    if (!u)
        return;
    cJSON_AddNumberToObject(u, "messages", (double)res->upd_messages);
    cJSON_AddNumberToObject(u, "delayed_messages", (double)res->upd_delayed);
    cJSON_AddNumberToObject(u, "delayed_prefixes", (double)res->upd_delayed_prefixes);
    cJSON_AddNumberToObject(u, "delay_max_s", sim_to_s(res->upd_delay_max));
    cJSON_AddNumberToObject(u, "delay_mean_s", sim_to_s(res->upd_delay_mean));
    cJSON_AddNumberToObject(u, "remote_prefixes", (double)res->upd_remote_prefixes);
    cJSON_AddNumberToObject(u, "remote_latency_max_s", sim_to_s(res->upd_remote_latency_max));
    cJSON_AddNumberToObject(u, "remote_latency_mean_s", sim_to_s(res->upd_remote_latency_mean));
}

/* An emulated clone (mig_emulate.h): deterministic figures, and wall-clock under timing. */
static void json_emulation(cJSON *fib, const mig_result_t *res)
{
    cJSON *emu = vs_json_obj(fib, "emulation");
    if (emu) {
        cJSON_AddStringToObject(emu, "backend", res->emu_backend);
        cJSON_AddNumberToObject(emu, "routes_installed", (double)res->emu_installed);
        cJSON_AddNumberToObject(emu, "routes_failed", (double)res->emu_failed);
        if (res->emu_modelled_ns)
            cJSON_AddNumberToObject(emu, "modelled_s", sim_to_s(res->emu_modelled_ns));
    }
    cJSON *tm = vs_json_obj(fib, "timing");
    if (tm) {
        cJSON_AddNumberToObject(tm, "simulated_s", sim_to_s(res->fib_total));
        cJSON_AddNumberToObject(tm, "measured_s", (double)res->emu_wall_ns / 1e9);
        if (res->emu_installed)
            cJSON_AddNumberToObject(tm, "measured_us_per_route",
                                    (double)res->emu_wall_ns / 1e3 / (double)res->emu_installed);
    }
}

/* The clone's install events (mig_fib.h): entries on the new and the old data plane. */
static void json_fib_fill(cJSON *fib, const mig_fib_fill_t *f)
{
    cJSON *fill = f->n > 0 ? vs_json_obj(fib, "fill") : NULL;
    cJSON *t = fill ? vs_json_arr(fill, "t_s") : NULL, *nw = fill ? vs_json_arr(fill, "new_entries") : NULL;
    cJSON *old = fill ? vs_json_arr(fill, "old_entries") : NULL;
    for (int i = 0; old && i < f->n; i++) {
        cJSON_AddItemToArray(t, cJSON_CreateNumber(sim_to_s(f->t[i])));
        cJSON_AddItemToArray(nw, cJSON_CreateNumber((double)f->new_entries[i]));
        cJSON_AddItemToArray(old, cJSON_CreateNumber((double)f->old_entries[i]));
    }
}

static void json_fib(cJSON *m, const mig_result_t *res, bool updates)
{
    cJSON *fib = vs_json_obj(m, "fib");
    if (!fib)
        return;
    cJSON_AddNumberToObject(fib, "entries", (double)res->fib_entries);
    add_number(fib, "update_s", isnan(m_fib(res)) ? NAN : sim_to_s(res->fib_update));
    add_number(fib, "total_s", m_fib(res));
    cJSON_AddNumberToObject(fib, "remote_updates", (double)res->remote_updates);
    cJSON_AddNumberToObject(fib, "remote_update_latency_s", sim_to_s(res->remote_update_latency));
    json_fib_fill(fib, &res->fib_fill);
    if (updates)
        json_bgp_updates(m, res);
    if (res->emu_backend)
        json_emulation(fib, res);
}

static void json_effects(cJSON *m, const mig_result_t *res)
{
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
}

/* min, mean and max of each measure over the runs; null where some run lacks it. */
static void json_over_runs(cJSON *m, const run_results_t *r, size_t k)
{
    cJSON *sum = vs_json_obj(m, "over_runs");
    for (size_t q = 0; sum && q < sizeof measures / sizeof measures[0]; q++) {
        double lo = INFINITY, hi = -INFINITY, total = 0;
        for (int i = 0; i < r->runs; i++) {
            double x = measures[q].get(&r->results[(size_t)i * r->n_migrations + k]);
            lo = isnan(x) ? x : fmin(lo, x);
            hi = isnan(x) ? x : fmax(hi, x);
            total += x;
            if (isnan(x))
                break;
        }
        cJSON *o = vs_json_obj(sum, measures[q].key);
        if (o) {
            add_number(o, "min", lo);
            add_number(o, "mean", total / r->runs);
            add_number(o, "max", hi);
        }
    }
}

cJSON *run_results_json(const scn_t *scn, const run_results_t *r)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddNumberToObject(root, "schema", RUN_SCHEMA);
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
        json_timeline(m, res);
        json_memory(m, res);
        json_fib(m, res, scn->vrouters[scn->migrations[k].vr].bgp_updates_path != NULL);
        json_effects(m, res);
        json_over_runs(m, r, k);
    }
    if (r->traffic) /* data traffic of the first run (traffic.h, docs/data-plane.md) */
        cJSON_AddItemToObject(root, "traffic", tfc_results_json(scn, &r->traffic[0]));
    if (r->routing) /* the first run's computed routing around link events (igp.h) */
        cJSON_AddItemReferenceToObject(root, "routing", r->routing);
    return root;
}

/* The steps as they happened; a step not reached before 'until' says so. */
static void print_steps(const mig_result_t *res, FILE *out)
{
    static const char *const steps[] = {"tunnels", "router-image copy", "memory copy",
                                        "control plane frozen", "data-plane cloning",
                                        "link migration", "done"};
    for (int s = 0; s < MIG_NSTEPS; s++)
        if (res->reached & (1u << s))
            fprintf(out, "  t%d %-22s at %10.6f s\n", s, steps[s], sim_to_s(res->t[s]));
        else
            fprintf(out, "  t%d %-22s not reached\n", s, steps[s]);
    char a[32], b[32], c[32], d[32];
    if (res->downtime >= 0)
        fprintf(out, "  control-plane downtime  %s (dump %s, copy %s, restore+bridging %s)\n",
                vs_fmt_duration(res->downtime, a, sizeof a), vs_fmt_duration(res->dump, b, sizeof b),
                vs_fmt_duration(res->copy, c, sizeof c),
                vs_fmt_duration(res->downtime - res->dump - res->copy, d, sizeof d));
    else if (res->reached & (1u << MIG_T3_SUSPEND))
        fprintf(out, "  control-plane downtime  not known: still frozen at 'until'\n");
    else
        fprintf(out, "  control-plane downtime  none before 'until' (never frozen)\n");
}

static void print_copy(const mig_result_t *res, FILE *out)
{
    char a[32], b[32], c[32];
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
    else if (!isnan(m_fib(res)))
        fprintf(out, "\n  FIB repopulation        %lld entries in %s\n", (long long)res->fib_entries,
                vs_fmt_duration(res->fib_total, a, sizeof a));
    else
        fprintf(out, "\n  FIB repopulation        %lld entries, not begun before 'until'\n",
                (long long)res->fib_entries);
    if (res->done)
        fprintf(out, "  total migration time    %s\n",
                vs_fmt_duration(res->t[MIG_T6_DONE] - res->t[MIG_T0_TUNNELS], a, sizeof a));
    else
        fprintf(out, "  total migration time    did not finish before 'until'\n");
}

static void print_routing(const scn_t *scn, size_t k, const mig_result_t *res, FILE *out)
{
    char a[32], b[32];
    fprintf(out, "  routing                 %d hello%s lost, %d adjacenc%s and %d session%s lost, "
                 "%d LSA%s missed\n",
            res->hellos_lost, res->hellos_lost == 1 ? "" : "s", res->adjacencies_lost,
            res->adjacencies_lost == 1 ? "y" : "ies", res->sessions_lost,
            res->sessions_lost == 1 ? "" : "s", res->lsas_missed, res->lsas_missed == 1 ? "" : "s");
    if (!scn->vrouters[scn->migrations[k].vr].bgp_updates_path)
        return;
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

static void print_over_runs(const run_results_t *r, size_t k, FILE *out)
{
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    int n = 0;
    for (int i = 0; i < r->runs; i++) {
        double x = m_downtime(&r->results[(size_t)i * r->n_migrations + k]);
        if (isnan(x))
            continue;
        lo = fmin(lo, x);
        hi = fmax(hi, x);
        sum += x;
        n++;
    }
    if (n == r->runs)
        fprintf(out, "  downtime over %d runs   %.3f .. %.3f s, mean %.3f s\n", r->runs, lo, hi, sum / n);
    else
        fprintf(out, "  downtime over %d runs   known in %d (the others still frozen at 'until')\n",
                r->runs, n);
}

void run_results_print(const scn_t *scn, const run_results_t *r, FILE *out)
{
    fprintf(out, "scenario %s: %zu migration%s, %d run%s, seed %llu\n", scn->name, r->n_migrations,
            r->n_migrations == 1 ? "" : "s", r->runs, r->runs == 1 ? "" : "s",
            (unsigned long long)r->seed);
    for (size_t k = 0; k < r->n_migrations; k++) {
        const mig_result_t *res = &r->results[k];
        fprintf(out, "\n%s: %s -> %s (%s, %s memory copy)%s\n", res->vr, res->from ? res->from : "?",
                res->to, res->mechanism, res->memory, res->done ? "" : "  [did not finish before 'until']");
        print_steps(res, out);
        print_copy(res, out);
        print_routing(scn, k, res, out);
        if (r->runs > 1)
            print_over_runs(r, k, out);
    }
    if (r->traffic)
        tfc_results_print(scn, &r->traffic[0], out);
}
