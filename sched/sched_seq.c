#include "sched_seq.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "sched_migest.h"
#include "trace_tm_scn.h"
#include "vs_out.h"
#include "vs_log.h"

const sched_seq_config_t SCHED_SEQ_CONFIG_DEFAULT = {
    .migration_bps = 1e9,
    .gap_s = 1.0,
};

struct sched_seq {
    sched_move_t *moves;
    int n;
    double duration_s;
    double migration_bps;
    double gap_s;
    int pause_wave; /* the first wave back home (sched_seq_append_return); -1 none */
    double pause_s; /* the maintenance window before it */
    char *tm_file;  /* sched_seq_set_traffic; NULL none */
    int64_t tm_time_ns, tm_interval_ns;
};

vs_err_t sched_seq_set_traffic(sched_seq_t *s, const char *tm_file, int64_t time_ns, int64_t interval_ns)
{
    char *c = strdup(tm_file);
    if (!c)
        return vs_fail(VS_ENOMEM, "out of memory");
    free(s->tm_file);
    s->tm_file = c;
    s->tm_time_ns = time_ns;
    s->tm_interval_ns = interval_ns;
    return VS_OK;
}


int sched_seq_count(const sched_seq_t *s) { return s->n; }
const sched_move_t *sched_seq_moves(const sched_seq_t *s) { return s->moves; }
double sched_seq_duration_s(const sched_seq_t *s) { return s->duration_s; }

void sched_seq_destroy(sched_seq_t *s)
{
    if (s) {
        free(s->moves);
        free(s->tm_file);
        free(s);
    }
}

/* Reserves bandwidth for a migration on every link of the path p -> q: cfg->migration_bps, or
 * what the data traffic and earlier reservations of the wave leave when that is less; returns
 * the bandwidth reserved, 0 when less than SEQ_MIN_BPS is left (the migration waits). */
#define SEQ_MIN_BPS 10e6

static double reserve_path(const sched_inst_t *inst, sched_state_t *st, double *resv, int p, int q,
                           double want)
{
    int n = inst->n_nodes;
    double bw = want;
    /* Twice along the first-hop table, however long the path: the bandwidth left, then the
     * reservation (a path has at most n - 1 hops; the guard only stops a broken table). */
    for (int s = p, guard = n; s != q && guard-- > 0;) {
        int dl = inst->next[(size_t)s * n + q];
        if (dl < 0)
            break;
        const sched_link_t *lk = &inst->links[dl / 2];
        double spare = lk->cap_bps - sched_state_load(st, dl) - resv[dl];
        if (spare < bw)
            bw = spare;
        s = (dl & 1) ? lk->a : lk->b;
    }
    if (bw < SEQ_MIN_BPS)
        return 0;
    for (int s = p, guard = n; s != q && guard-- > 0;) {
        int dl = inst->next[(size_t)s * n + q];
        if (dl < 0)
            break;
        resv[dl] += bw;
        s = (dl & 1) ? inst->links[dl / 2].a : inst->links[dl / 2].b;
    }
    return bw;
}

vs_err_t sched_seq_build(const sched_inst_t *inst, const int *from, const int *to,
                         const sched_seq_config_t *cfg, sched_seq_t **out)
{
    vs_err_t err = VS_OK;
    int nv = inst->n_vrs, nn = inst->n_nodes;
    sched_seq_t *s = calloc(1, sizeof *s);
    int *pending = malloc(sizeof(int) * ((size_t)nv + 1));
    int *in_wave = calloc((size_t)nv + 1, sizeof(int));
    double *resv = calloc(2 * (size_t)inst->n_links + 1, sizeof(double));
    double *shadow_cpu = calloc((size_t)nn + 1, sizeof(double));
    double *shadow_mem = calloc((size_t)nn + 1, sizeof(double));
    int *shadow_cnt = calloc((size_t)nn + 1, sizeof(int)), *shadow_ports = calloc((size_t)nn + 1, sizeof(int));
    sched_state_t *st = NULL;
    sched_migest_t *est = NULL;
    if ((err = sched_migest_create(inst, &est)))
        goto out;
    if (!s || !pending || !in_wave || !resv || !shadow_cpu || !shadow_mem || !shadow_cnt ||
        !shadow_ports) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    s->migration_bps = cfg->migration_bps;
    s->gap_s = cfg->gap_s;
    s->pause_wave = -1;
    int np = 0;
    for (int v = 0; v < nv; v++)
        if (from[v] != to[v])
            pending[np++] = v;
    s->moves = malloc(sizeof *s->moves * ((size_t)np + 1));
    if (!s->moves) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = sched_state_create(inst, SCHED_OBJ_MLU, from, &st)))
        goto out;
    double t = 0;
    int wave = 0;
    while (np > 0) {
        sched_score_t base = sched_state_score(st);
        memset(resv, 0, sizeof(double) * 2 * (size_t)inst->n_links);
        memset(shadow_cpu, 0, sizeof(double) * (size_t)nn);
        memset(shadow_mem, 0, sizeof(double) * (size_t)nn);
        memset(shadow_cnt, 0, sizeof(int) * (size_t)nn);
        memset(shadow_ports, 0, sizeof(int) * (size_t)nn);
        int nw = 0, keep = 0;
        double wave_len = 0;
        for (int i = 0; i < np; i++) {
            int v = pending[i], p = sched_state_hosts(st)[v], q = to[v];
            const sched_vr_t *x = &inst->vrs[v];
            bool ok = !(x->partner >= 0 && in_wave[x->partner]);
            double bw = cfg->migration_bps;
            if (ok) {
                sched_state_move(st, v, q);
                sched_score_t sc = sched_state_score(st);
                ok = sc.viol <= base.viol + 1e-9;
                /* During the copy the VR still holds its source: the source's resources are
                 * counted as a shadow (they are released at the end of the wave). */
                if (ok && p >= 0) {
                    const sched_node_t *r = &inst->nodes[q];
                    double c, m;
                    int cnt, po;
                    sched_state_usage(st, q, &c, &m, &cnt, &po);
                    ok = c + shadow_cpu[q] <= r->cpu * (1 + 1e-9) &&
                         m + shadow_mem[q] <= r->mem_mb * (1 + 1e-9) &&
                         cnt + shadow_cnt[q] <= r->vr_slots &&
                         po + shadow_ports[q] <= r->linecards * r->ports_per_card;
                }
                bw = cfg->migration_bps;
                if (ok && p >= 0)
                    ok = (bw = reserve_path(inst, st, resv, p, q, cfg->migration_bps)) > 0;
                if (!ok)
                    sched_state_move(st, v, p);
                else {
                    base = sc;
                    if (p >= 0) {
                        shadow_cpu[p] += x->cpu;
                        shadow_mem[p] += x->mem_mb;
                        shadow_cnt[p] += 1;
                        shadow_ports[p] += x->ports;
                    }
                }
            }
            if (ok) {
                in_wave[v] = 1;
                double dur = sched_migest_s(est, v, p >= 0 ? p : q, q, bw);
                s->moves[s->n++] = (sched_move_t){.vr = v, .from = from[v], .to = q, .wave = wave,
                                                  .start_s = t, .duration_s = dur,
                                                  .estimated_s = dur, .bps = bw};
                if (dur > wave_len)
                    wave_len = dur;
                nw++;
            } else
                pending[keep++] = v;
        }
        if (nw == 0) {
            char names[512] = "";
            size_t off = 0;
            for (int i = 0; i < np && off < sizeof names - 40; i++)
                off += (size_t)snprintf(names + off, sizeof names - off, "%s'%s'", i ? ", " : "",
                                        inst->vrs[pending[i]].name);
            err = vs_fail(VS_EINFEASIBLE,
                          "sequencing: no order of the remaining %d migration(s) keeps every "
                          "intermediate placement within the constraints (%s); the target "
                          "placement is feasible but the way there is not",
                          np, names);
            goto out;
        }
        for (int i = 0; i < s->n; i++)
            in_wave[s->moves[i].vr] = 0;
        VS_INFO("sched", "wave %d at t=%.1f s: %d migration%s so far, %d left, %.1f s long", wave, t,
                s->n, s->n == 1 ? "" : "s", keep, wave_len);
        np = keep;
        t += wave_len + cfg->gap_s;
        wave++;
    }
    s->duration_s = s->n ? t - cfg->gap_s : 0;
    *out = s;
    s = NULL;
out:
    sched_migest_destroy(est);
    sched_state_destroy(st);
    sched_seq_destroy(s);
    free(pending);
    free(in_wave);
    free(resv);
    free(shadow_cpu);
    free(shadow_mem);
    free(shadow_cnt);
    free(shadow_ports);
    return err;
}

vs_err_t sched_seq_append_return(sched_seq_t *s, const sched_seq_t *back, double window_s)
{
    if (!back->n)
        return VS_OK;
    sched_move_t *nm = realloc(s->moves, sizeof *nm * ((size_t)(s->n + back->n) + 1));
    if (!nm)
        return vs_fail(VS_ENOMEM, "out of memory");
    s->moves = nm;
    int waves = s->n ? s->moves[s->n - 1].wave + 1 : 0;
    double t0 = s->duration_s + window_s;
    for (int i = 0; i < back->n; i++) {
        sched_move_t m = back->moves[i];
        m.wave += waves;
        m.start_s += t0;
        m.back = true;
        s->moves[s->n + i] = m;
    }
    s->n += back->n;
    s->pause_wave = waves;
    s->pause_s = window_s;
    s->duration_s = t0 + back->duration_s;
    return VS_OK;
}

void sched_seq_retime(sched_seq_t *s, const double *durations_s)
{
    double t = 0;
    int i = 0;
    while (i < s->n) {
        int w = s->moves[i].wave, j = i;
        double len = 0;
        if (w == s->pause_wave && i > 0)
            t += s->pause_s - s->gap_s; /* the window, not the gap, before the way back */
        for (; j < s->n && s->moves[j].wave == w; j++) {
            s->moves[j].start_s = t;
            s->moves[j].duration_s = durations_s[j];
            if (durations_s[j] > len)
                len = durations_s[j];
        }
        t += len + s->gap_s;
        i = j;
    }
    s->duration_s = s->n ? t - s->gap_s : 0;
}

vs_err_t sched_seq_json(const sched_seq_t *s, const sched_inst_t *inst, cJSON *arr)
{
    if (!arr)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int i = 0; i < s->n; i++) {
        const sched_move_t *m = &s->moves[i];
        cJSON *o = vs_json_obj(arr, NULL);
        if (!o || !cJSON_AddStringToObject(o, "vr", inst->vrs[m->vr].name) ||
            !cJSON_AddStringToObject(o, "from", inst->nodes[m->from].name) ||
            !cJSON_AddStringToObject(o, "to", inst->nodes[m->to].name) ||
            !cJSON_AddNumberToObject(o, "wave", m->wave) ||
            !cJSON_AddNumberToObject(o, "start_s", m->start_s) ||
            !cJSON_AddNumberToObject(o, "duration_s", m->duration_s) ||
            !cJSON_AddNumberToObject(o, "estimated_s", m->estimated_s) ||
            !cJSON_AddNumberToObject(o, "reserved_bps", m->bps) ||
            (m->back && !cJSON_AddBoolToObject(o, "return", true)))
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

void sched_seq_print(const sched_seq_t *s, const sched_inst_t *inst, FILE *out)
{
    for (int i = 0; i < s->n; i++) {
        const sched_move_t *m = &s->moves[i];
        fprintf(out, "  t=%8.1fs wave %2d  %-16s %s -> %s (%.1f s)%s\n", m->start_s, m->wave,
                inst->vrs[m->vr].name, inst->nodes[m->from].name, inst->nodes[m->to].name,
                m->duration_s, m->back ? " back" : "");
    }
    if (s->n)
        fprintf(out, "  plan takes %.1f s\n", s->duration_s);
}

/* YAML double-quoted scalar. */
static void yq(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s < 0x20)
            fprintf(f, "\\x%02x", (unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

/* A duration key ", key: Xs" when set (0: the scenario's default). */
static void ydur(FILE *f, const char *key, int64_t ns, bool *first)
{
    if (ns > 0) {
        fprintf(f, "%s%s: %.9gs", *first ? "" : ", ", key, ns / 1e9);
        *first = false;
    }
}

/* traffic: the matrix the plan was made for, as fluid flows. */
static void write_traffic(FILE *f, const sched_seq_t *s)
{
    char when[40];
    if (!s->tm_file)
        return;
    fprintf(f, "data_plane: {model: fluid}\ntraffic: {tm: ");
    yq(f, s->tm_file);
    fprintf(f, ", from: %s, interval: %llds}\n", trace_tm_fmt_time(s->tm_time_ns, when, sizeof when),
            (long long)(s->tm_interval_ns / 1000000000));
}

/* A VR's ospf and bgp mappings, as the inventory gave them. */
static void write_routing(FILE *f, const sched_inst_t *inst, const sched_routing_t *r)
{
    if (r && r->ospf) {
        bool first = false;
        fprintf(f, ", ospf: {routes: %lld", (long long)r->ospf_routes);
        ydur(f, "hello", r->hello_ns, &first);
        ydur(f, "dead", r->dead_ns, &first);
        ydur(f, "retransmit", r->retransmit_ns, &first);
        fprintf(f, "}");
    }
    if (r && r->bgp) {
        bool first = false;
        fprintf(f, ", bgp: {routes: %lld", (long long)r->bgp_routes);
        ydur(f, "keepalive", r->keepalive_ns, &first);
        ydur(f, "hold", r->hold_ns, &first);
        if (r->n_peers) {
            fprintf(f, ", peers: [");
            for (int i = 0; i < r->n_peers; i++) {
                fprintf(f, "%s", i ? ", " : "");
                yq(f, inst->vrs[r->peers[i]].name);
            }
            fprintf(f, "]");
        }
        fprintf(f, "}");
    }
}

vs_err_t sched_seq_write_yaml(const sched_seq_t *s, const sched_inst_t *inst, const char *path)
{
    vs_outfile_t *of;
    vs_err_t err = vs_out_open(path, &of);
    if (err)
        return err;
    FILE *f = vs_out_stream(of);
    fprintf(f, "# A migration plan written by vroomsim plan (docs/scheduler.md): a scenario\n"
               "# (docs/scenario.md) whose migrations run in waves; 'from' is in the comments.\n"
               "version: 1\nname: plan\nuntil: %.0fs\n",
            ceil(s->duration_s) + 60);
    fprintf(f, "physical_routers:\n");
    for (int p = 0; p < inst->n_nodes; p++) {
        const sched_node_t *r = &inst->nodes[p];
        fprintf(f, "  - {name: ");
        yq(f, r->name);
        if (r->pop >= 0) {
            fprintf(f, ", pop: ");
            yq(f, inst->pops[r->pop].name);
        }
        if (r->router)
            fprintf(f, ", memory: %.0fMB, vr_slots: %d", r->mem_mb, r->vr_slots > 0 ? r->vr_slots : 1);
        if (r->host_profile) {
            fprintf(f, ", host: ");
            yq(f, r->host_profile);
        }
        if (r->dp_profile) {
            fprintf(f, ", data_plane: ");
            yq(f, r->dp_profile);
        }
        fprintf(f, "}%s\n", r->router ? "" : "  # transport node: hosts no VR");
    }
    fprintf(f, "links:\n");
    for (int l = 0; l < inst->n_links; l++) {
        const sched_link_t *k = &inst->links[l];
        fprintf(f, "  - {a: ");
        yq(f, inst->nodes[k->a].name);
        fprintf(f, ", b: ");
        yq(f, inst->nodes[k->b].name);
        double load = fmax(k->bg_bps[0], k->bg_bps[1]);
        fprintf(f, ", bandwidth: %.6gbps, delay: %.6gms, migration_bandwidth: %.6gbps", k->cap_bps,
                k->lat_ms, s->migration_bps < k->cap_bps ? s->migration_bps : k->cap_bps);
        if (load > 0)
            fprintf(f, ", load: %.6gbps", load);
        fprintf(f, "}\n");
    }
    fprintf(f, "virtual_routers:\n");
    for (int v = 0; v < inst->n_vrs; v++) {
        const sched_vr_t *x = &inst->vrs[v];
        int host = x->home;
        for (int i = 0; i < s->n; i++)
            if (s->moves[i].vr == v) {
                host = s->moves[i].from; /* its first move's: where the plan starts */
                break;
            }
        fprintf(f, "  - {name: ");
        yq(f, x->name);
        fprintf(f, ", host: ");
        yq(f, inst->nodes[host].name);
        if (!x->routing || !x->routing->image_derived)
            fprintf(f, ", image: %.0fMB", x->mem_mb);
        write_routing(f, inst, x->routing);
        fprintf(f, "}\n");
    }
    if (inst->n_vlinks) {
        fprintf(f, "virtual_links:\n");
        for (int e = 0; e < inst->n_vlinks; e++) {
            fprintf(f, "  - {a: ");
            yq(f, inst->vrs[inst->vlinks[e].a].name);
            fprintf(f, ", b: ");
            yq(f, inst->vrs[inst->vlinks[e].b].name);
            fprintf(f, "}\n");
        }
    }
    if (s->n) {
        fprintf(f, "migrations:\n");
        for (int i = 0; i < s->n; i++) {
            const sched_move_t *m = &s->moves[i];
            fprintf(f, "  - {vr: ");
            yq(f, inst->vrs[m->vr].name);
            fprintf(f, ", to: ");
            yq(f, inst->nodes[m->to].name);
            fprintf(f, ", at: %.3fs}  # from ", m->start_s);
            fputs(inst->nodes[m->from].name, f);
            fprintf(f, ", wave %d%s\n", m->wave, m->back ? ", back home" : "");
        }
    }
    write_traffic(f, s);
    if (ferror(f)) {
        vs_out_abort(of);
        return vs_fail(VS_EIO, "%s: write failed", path);
    }
    return vs_out_commit(of);
}
