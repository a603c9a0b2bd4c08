/* vroomsim plan — the migration scheduler's tasks (docs/scheduler.md):
 *   plan maintenance --drain ROUTER|POP...
 *   plan power --tm PATH|gravity --interval 1h
 *   plan te --tm PATH|gravity --target-mlu X
 * and `vroomsim bench sched` (registered in cmd_bench.c's table). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "bench_sched.h"
#include "cli.h"
#include "cli_scn.h"
#include "cmd_plot.h"
#include "run.h"
#include "run_plan.h"
#include "scenario.h"
#include "sched_eval.h"
#include "sched_gen.h"
#include "sched_n1.h"
#include "sched_power.h"
#include "sched_seq.h"
#include "sched_solve.h"
#include "sched_tasks.h"
#include "sched_topo.h"
#include "vs_out.h"
#include "vs_units.h"

int cmd_plan(int argc, char **argv);
int cmd_bench_sched(int argc, char **argv);

typedef struct {
    const char *task;
    const char *topology;     /* FILE or builtin:NAME */
    const char *inventory;    /* --inventory FILE (docs/inventory.md) */
    const char *generate;     /* "ROUTERS:VRS[:POPS]" synthetic instance */
    int routers_per_pop;
    sched_solve_opts_t so;
    bool objective_set;
    const char *json;
    const char *plan_out;     /* --plan FILE: scenario-style plan YAML */
    bool simulate;            /* --simulate: run the plan through the simulator */
    double headroom;          /* <0: default */
    double stretch;           /* latency bound factor; 0 none */
    const char *drain[256];
    int n_drain;
    const char *tm;
    int64_t interval_ns, duration_ns;
    int hold;
    double target_mlu;
    double return_window_s;   /* --return WINDOW: moves back home after it; <0 none */
    const char *scope;
    const char *study;        /* --study FILE (power) */
    cli_sets_t sets;          /* --set KEY=VALUE over the study file (power) */
    const char *ceiling;      /* power: "auto" or a fraction */
    bool check_n1;            /* --check n-1 */
    bool survive_n1;          /* --survive n-1 */
} plan_opts_t;

static void plan_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim plan maintenance --drain ROUTER|POP... [COMMON]\n"
            "       vroomsim plan power [--study FILE [--set KEY=VALUE]...] [--tm PATH|gravity]\n"
            "                           [--interval 1h] [COMMON]\n"
            "       vroomsim plan te --target-mlu X [--tm PATH|gravity] [COMMON]\n"
            "\n"
            "Common options:\n"
            "  --topology FILE|builtin:NAME   substrate (POPs become transport nodes with\n"
            "                                 --routers-per-pop routers each; default builtin:abilene)\n"
            "  --inventory FILE               the network's routers and VRs beside the topology\n"
            "                                 (docs/inventory.md)\n"
            "  --generate R:V[:P]             synthetic instance instead (R routers, V VRs, P POPs)\n"
            "  --routers-per-pop N            default 4\n"
            "  --solver auto|milp|cbc|local   default auto (local search, then GLPK's MILP from its\n"
            "                                 placement when the model is small); milp (or glpk):\n"
            "                                 the MILP by GLPK; cbc: by COIN-OR CBC (when built in)\n"
            "  --objective NAME               mlu cpu cpu-total stretch survivability migrations\n"
            "                                 power\n"
            "  --time-limit S                 MILP solver time limit (default 10 s)\n"
            "  --headroom X                   maintenance: max link utilization (default 0.8)\n"
            "  --stretch F                    latency bound: F x home latency + 1 ms (default none)\n"
            "  --json[=FILE]                  results as JSON (stdout without FILE)\n"
            "  --export-lp FILE               maintenance, te: write the MILP in CPLEX LP format\n"
            "  --plan FILE                    maintenance, te: write the sequenced plan (YAML); on a\n"
            "                                 topology, it also writes FILE.tm.xml, the\n"
            "                                 demands planned for, which the plan replays\n"
            "  --return WINDOW                maintenance: after the maintenance window WINDOW\n"
            "                                 (a duration), every moved VR migrates back home\n"
            "  --plot DIR                     draw the result into DIR as SVG (as 'vroomsim plot')\n"
            "  --simulate                     maintenance, te: run the plan through the simulator and\n"
            "                                 report each migration's downtime, adjacencies and\n"
            "                                 sessions at risk, traffic lost and delayed, and the\n"
            "                                 links' peak utilisation with the copies\n"
            "  --check n-1                    maintenance, te: check the placement after every wave\n"
            "                                 against every single router and link failure\n"
            "                                 (docs/scheduler.md)\n"
            "  --survive n-1                  maintenance, te: then move VRs until no single failure\n"
            "                                 breaks anything, as far as moves that keep every\n"
            "                                 constraint can (docs/scheduler.md)\n"
            "  --seed N                       default 1\n"
            "Power: --tm PATH|gravity (SNDlib dir/.tar.gz/.xml, or the gravity/diurnal generator),\n"
            "  --interval D (1h), --days N (gravity: 1), --hold N intervals a router stays on\n"
            "  after being switched on (2), --ceiling auto|X (auto: each POP's all-on peak),\n"
            "  --set KEY=VALUE changes a value of the --study file (hold=3, router.linecards=8),\n"
            "  read as if written there; repeatable.\n"
            "TE: --target-mlu X, --tm as above (the busiest interval is used).\n"
            "An option the task does not read is refused (power: no --objective, --export-lp,\n"
            "--plan, --simulate, --headroom, --stretch).\n"
            "Exit status: 0 plan found, 2 bad input or infeasible (the message names the VR and\n"
            "the constraint), 3 solver or environment failure.\n");
}

static vs_err_t parse_generate(const char *s, sched_gen_config_t *g)
{
    int r = 0, v = 0, p = 0;
    int n = sscanf(s, "%d:%d:%d", &r, &v, &p);
    if (n < 2 || r < 2 || v < 1 || p < 0)
        return vs_fail(VS_EUSAGE, "--generate: '%s' is not ROUTERS:VRS[:POPS]", s);
    g->routers = r;
    g->vrs = v;
    g->pops = n == 3 ? p : 0;
    return VS_OK;
}

/* The instance to plan; with tm_save, the demands it was given are written there
 * (sched_traffic_busiest_save) and their interval set in *tm_time, *tm_interval. */
static vs_err_t build_instance(const plan_opts_t *o, sched_inst_t **inst, sched_topo_t **topo,
                               const char *tm_save, int64_t *tm_time, int64_t *tm_interval)
{
    vs_err_t err;
    *topo = NULL;
    if (o->generate) {
        sched_gen_config_t g = {.seed = o->so.seed};
        if ((err = parse_generate(o->generate, &g)) || (err = sched_gen(&g, inst)))
            return err;
    } else {
        sched_topo_config_t c = SCHED_TOPO_CONFIG_DEFAULT;
        if (o->routers_per_pop > 0)
            c.routers_per_pop = o->routers_per_pop;
        if (o->inventory)
            snprintf(c.inventory, sizeof c.inventory, "%s", o->inventory);
        if ((err = sched_topo_build(o->topology ? o->topology : "builtin:abilene", &c, topo)))
            return err;
        *inst = sched_topo_inst(*topo);
        /* Demands: the busiest interval of --tm (default the gravity/diurnal generator). */
        sched_power_config_t pc = SCHED_POWER_CONFIG_DEFAULT;
        snprintf(pc.topology, sizeof pc.topology, "%s", o->topology ? o->topology : "builtin:abilene");
        if (o->tm)
            snprintf(pc.tm, sizeof pc.tm, "%s", o->tm);
        if (o->interval_ns > 0)
            pc.interval_ns = o->interval_ns;
        pc.solve.seed = o->so.seed;
        if ((err = sched_traffic_busiest_save(&pc, *topo, tm_save, tm_time, tm_interval)))
            return err;
    }
    if (o->headroom > 0)
        (*inst)->headroom = o->headroom;
    if (o->stretch > 0) {
        (*inst)->stretch_factor = o->stretch;
        (*inst)->stretch_slack_ms = 1.0;
    }
    return sched_inst_refresh(*inst);
}

/* Runs the plan file through the simulator (models/run/run.h) and adds, per migration, the
 * control-plane downtime and the routing effects to root under "simulation". */
static vs_err_t simulate_plan(const char *path, uint64_t seed, cJSON *root, bool print,
                              double *durations, int n_durations)
{
    const scn_t *scn = NULL;
    run_results_t *rr = NULL;
    vs_err_t err = scn_load(path, &scn);
    if (err)
        return err;
    run_opts_t ro = {.seed = seed, .has_seed = true, .runs = 1};
    if ((err = run_scenario(scn, &ro, &rr))) {
        scn_free(scn);
        return err;
    }
    if (durations) { /* only the times: the caller re-times the plan and runs it again */
        if (rr->n_migrations != (size_t)n_durations) {
            err = vs_fail(VS_EINVAL, "--simulate: the simulation of '%s' ran %zu migrations, "
                                     "the plan has %d",
                          path, rr->n_migrations, n_durations);
            run_results_free(rr);
            scn_free(scn);
            return err;
        }
        for (size_t k = 0; k < rr->n_migrations && !err; k++)
            if (isnan(durations[k] = mig_result_total_s(&rr->results[k])))
                err = vs_fail(VS_EINVAL, "--simulate: migration %zu of the plan (%s) did not finish "
                                         "before the plan's 'until' in %s; raise 'until' there",
                              k, rr->results[k].vr, path);
        run_results_free(rr);
        scn_free(scn);
        return err;
    }
    err = run_plan_report(scn, rr, root, print ? stdout : NULL);
    run_results_free(rr);
    scn_free(scn);
    return err;
}

/* Where the plan goes: --plan FILE, or a temporary file when only --simulate asks for one. */
static const char *plan_path(const plan_opts_t *o, char *tmp, size_t len)
{
    if (o->plan_out)
        return o->plan_out;
    if (!o->simulate)
        return NULL;
    snprintf(tmp, len, "/tmp/vroomsim-plan-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0)
        return NULL;
    close(fd);
    return tmp;
}

/* The temporary plan of --simulate without --plan (tmp non-empty) and its traffic file. */
static void remove_temporary(const char *tmp, const char *tm_path)
{
    if (tmp[0]) {
        unlink(tmp);
        if (tm_path[0])
            unlink(tm_path);
    }
}

static const char *plot_dir; /* --plot DIR of this invocation, for finish_json */

static int finish_json(cJSON *root, const char *json)
{
    vs_err_t err = VS_OK;
    if (plot_dir && root && cJSON_GetObjectItem(root, "task"))
        err = cli_plot_tree(root, "plan", plot_dir);
    if (err) {
        cJSON_Delete(root);
        return cli_report(err);
    }
    err = cli_json_done(root, json);
    return err ? cli_report(err) : 0;
}

/* --return: the way back home (drained routers host again after the window), appended. */
static vs_err_t plan_return(sched_inst_t *inst, const int *at, const int *home, double window_s,
                            sched_seq_t *seq)
{
    sched_seq_t *back = NULL;
    vs_err_t err = sched_seq_build(inst, at, home, &SCHED_SEQ_CONFIG_DEFAULT, &back);
    if (!err)
        err = sched_seq_append_return(seq, back, window_s);
    sched_seq_destroy(back);
    return err;
}

static int plan_maintenance(plan_opts_t *o)
{
    if (o->n_drain == 0)
        return cli_usage_error("plan maintenance", "--drain ROUTER|POP is required");
    sched_inst_t *inst = NULL;
    sched_topo_t *topo = NULL;
    sched_result_t r = {0};
    sched_n1_report_t n1 = {0};
    cJSON *root = NULL;
    int *home = NULL;
    char tmp[64] = "", tm_path[4200] = "";
    const char *ppath = plan_path(o, tmp, sizeof tmp);
    int64_t tm_time = 0, tm_interval = 0;
    if (o->simulate && !ppath)
        return cli_report(vs_fail(VS_EIO, "--simulate: cannot create a temporary plan file in /tmp"));
    if (ppath && !o->generate)
        snprintf(tm_path, sizeof tm_path, "%s.tm.xml", ppath);
    vs_err_t err = build_instance(o, &inst, &topo, tm_path[0] ? tm_path : NULL, &tm_time, &tm_interval);
    if (err)
        goto fail;
    if ((err = sched_task_drain(inst, o->drain, o->n_drain)))
        goto fail;
    if (!o->objective_set)
        o->so.objective = SCHED_OBJ_MLU;
    if ((err = sched_solve(inst, &o->so, &r)))
        goto fail;
    sched_n1_repair_t rs = {0};
    if (o->survive_n1 && (err = sched_n1_survive(inst, o->so.objective, &r, &rs)))
        goto fail;
    home = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1));
    if (!home) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto fail;
    }
    for (int v = 0; v < inst->n_vrs; v++)
        home[v] = inst->vrs[v].home;
    sched_metrics_t before, after;
    sched_metrics(inst, home, &before);
    sched_metrics(inst, r.host, &after);
    sched_seq_t *seq = NULL;
    if ((err = sched_seq_build(inst, home, r.host, &SCHED_SEQ_CONFIG_DEFAULT, &seq)))
        goto fail;
    if (o->return_window_s >= 0 && (err = plan_return(inst, r.host, home, o->return_window_s, seq))) {
        sched_seq_destroy(seq);
        goto fail;
    }
    if (tm_path[0]) { /* the plan's traffic, named relative to the plan's folder */
        const char *base = strrchr(tm_path, '/');
        err = sched_seq_set_traffic(seq, base ? base + 1 : tm_path, tm_time, tm_interval);
    }
    if (!err && ppath && (err = sched_seq_write_yaml(seq, inst, ppath))) {
        sched_seq_destroy(seq);
        goto fail;
    }
    root = cJSON_CreateObject();
    cJSON *timing = root ? vs_json_obj(root, "timing") : NULL;
    cJSON *res = root ? vs_json_obj(root, "result") : NULL;
    if (!timing || !res) {
        sched_seq_destroy(seq);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto fail;
    }
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "task", "maintenance");
    cJSON *dr = vs_json_arr(root, "drained");
    for (int i = 0; i < o->n_drain; i++)
        cJSON_AddItemToArray(dr, cJSON_CreateString(o->drain[i]));
    cJSON_AddNumberToObject(root, "routers", inst->n_nodes);
    cJSON_AddNumberToObject(root, "vrs", inst->n_vrs);
    if ((err = sched_result_json(res, inst, &o->so, &r, timing))) {
        sched_seq_destroy(seq);
        goto fail;
    }
    if (o->survive_n1 && (err = sched_n1_repair_json(&rs, root))) {
        sched_seq_destroy(seq);
        goto fail;
    }
    cJSON *m = vs_json_obj(root, "metrics");
    cJSON_AddNumberToObject(m, "mlu_before", before.mlu);
    cJSON_AddNumberToObject(m, "mlu_after", after.mlu);
    cJSON_AddNumberToObject(m, "max_cpu_after", after.max_cpu);
    cJSON_AddNumberToObject(m, "stretch_ms", after.stretch_ms);
    cJSON_AddNumberToObject(m, "shared_pop_pairs", after.shared_pop_pairs);
    cJSON_AddNumberToObject(m, "shared_link_pairs", after.shared_link_pairs);
    cJSON_AddNumberToObject(m, "shared_pairs", after.shared_pairs);
    cJSON_AddNumberToObject(m, "migrations", after.migrations);
    if ((err = sched_seq_json(seq, inst, vs_json_arr(root, "migrations")))) {
        sched_seq_destroy(seq);
        goto fail;
    }
    cJSON_AddNumberToObject(root, "plan_duration_s", sched_seq_duration_s(seq));
    if (o->check_n1 && !(err = sched_n1_check_plan(inst, home, seq, &n1)))
        err = sched_n1_json(&n1, inst, root);
    bool human = cli_human(o->json);
    if (err) {
        sched_seq_destroy(seq);
        goto fail;
    }
    if (human) {
        printf("maintenance: drained %d router(s)/POP(s); %d VR(s) move; %s %s objective %s = %.6g",
               o->n_drain, after.migrations, r.solver, r.status,
               sched_objective_name(o->so.objective), r.objective);
        if (!isnan(r.bound))
            printf(" (bound %.6g, gap %.3g%%)", r.bound, 100 * r.gap);
        printf("; max link utilization %.3f -> %.3f; %.3f s\n", before.mlu, after.mlu, r.seconds);
        sched_seq_print(seq, inst, stdout);
        sched_n1_print(root, 20, stdout);
    }
    if (o->simulate && sched_seq_count(seq) > 0) {
        /* The plan's durations are estimates; the simulator's are the migration model's. Run
         * once for the times, re-time the waves (so partners and waves never overlap), write
         * the plan again and run it for the report. */
        double *dur = malloc(sizeof(double) * (size_t)sched_seq_count(seq));
        if (!dur)
            err = vs_fail(VS_ENOMEM, "out of memory");
        if (!err)
            err = simulate_plan(ppath, o->so.seed, root, false, dur, sched_seq_count(seq));
        if (!err) {
            sched_seq_retime(seq, dur);
            cJSON_DeleteItemFromObject(root, "migrations");
            cJSON_DeleteItemFromObject(root, "plan_duration_s");
            err = sched_seq_json(seq, inst, vs_json_arr(root, "migrations"));
            cJSON_AddNumberToObject(root, "plan_duration_s", sched_seq_duration_s(seq));
        }
        if (!err)
            err = sched_seq_write_yaml(seq, inst, ppath);
        if (!err && human) {
            printf("  re-timed with the simulated migration times:\n");
            sched_seq_print(seq, inst, stdout);
        }
        if (!err)
            err = simulate_plan(ppath, o->so.seed, root, human, NULL, 0);
        free(dur);
    }
    if (err) {
        sched_seq_destroy(seq);
        goto fail;
    }
    remove_temporary(tmp, tm_path);
    sched_seq_destroy(seq);
    sched_n1_free(&n1);
    free(home);
    sched_result_free(&r);
    sched_topo_destroy(topo);
    if (!topo)
        sched_inst_destroy(inst);
    return finish_json(root, o->json);
fail:
    remove_temporary(tmp, tm_path);
    cJSON_Delete(root);
    sched_n1_free(&n1);
    free(home);
    sched_result_free(&r);
    if (topo)
        sched_topo_destroy(topo);
    else
        sched_inst_destroy(inst);
    return cli_report(err);
}

/* What power and te take alike: substrate, traffic and solver options. */
static void power_config(const plan_opts_t *o, sched_power_config_t *c)
{
    if (o->topology)
        snprintf(c->topology, sizeof c->topology, "%s", o->topology);
    if (o->routers_per_pop > 0)
        c->topo.routers_per_pop = o->routers_per_pop;
    if (o->inventory)
        snprintf(c->topo.inventory, sizeof c->topo.inventory, "%s", o->inventory);
    if (o->tm)
        snprintf(c->tm, sizeof c->tm, "%s", o->tm);
    if (o->interval_ns > 0)
        c->interval_ns = o->interval_ns;
    c->solve = o->so;
}

static int plan_power(plan_opts_t *o)
{
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    vs_err_t err = VS_OK;
    if (o->sets.n && !o->study)
        return cli_usage_error("plan power", "--set changes the study file's values: give "
                                             "--study FILE");
    if (o->study && (err = sched_power_study_load_set(o->study, o->sets.items, o->sets.n, &c)))
        return cli_report(err);
    power_config(o, &c);
    c.solve.objective = SCHED_OBJ_POWER;
    if (o->duration_ns > 0)
        c.duration_ns = o->duration_ns;
    if (o->hold >= 0)
        c.hold = o->hold;
    if ((o->ceiling && (err = sched_power_option(&c, "ceiling", o->ceiling))) ||
        (o->scope && (err = sched_power_option(&c, "scope", o->scope))))
        return cli_report(err);
    cJSON *root = NULL;
    if ((err = sched_power_run(&c, &root)))
        return cli_report(err);
    if (cli_human(o->json))
        sched_power_print(root, stdout);
    return finish_json(root, o->json);
}

/* sched_te_run_timed's timer: the simulated durations of the plan's migrations. */
static vs_err_t te_timer(void *ctx, const char *path, double *durations, int n)
{
    return simulate_plan(path, *(const uint64_t *)ctx, NULL, false, durations, n);
}

static int plan_te(plan_opts_t *o)
{
    if (!(o->target_mlu > 0))
        return cli_usage_error("plan te", "--target-mlu X (a utilization in (0, 1]) is required");
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    power_config(o, &c);
    if (!o->objective_set)
        c.solve.objective = SCHED_OBJ_MIGRATIONS;
    c.stretch = o->stretch;
    c.check_n1 = o->check_n1;
    c.survive_n1 = o->survive_n1;
    cJSON *root = NULL;
    char tmp[64] = "";
    const char *ppath = plan_path(o, tmp, sizeof tmp);
    if (o->simulate && !ppath)
        return cli_report(vs_fail(VS_EIO, "--simulate: cannot create a temporary plan file in /tmp"));
    /* --simulate: like maintenance, the plan is first re-timed with the simulated durations
     * (inside sched_te_run_timed), then run again for the report. */
    uint64_t seed = o->so.seed;
    vs_err_t err = sched_te_run_timed(&c, o->target_mlu, ppath, o->simulate ? te_timer : NULL,
                                      &seed, &root);
    bool human = cli_human(o->json);
    if (!err && human)
        sched_te_print(root, stdout);
    if (!err && o->simulate && cJSON_GetArraySize(cJSON_GetObjectItem(root, "plan")) > 0)
        err = simulate_plan(ppath, o->so.seed, root, human, NULL, 0);
    if (tmp[0])
        unlink(tmp);
    if (err) {
        cJSON_Delete(root);
        return cli_report(err);
    }
    return finish_json(root, o->json);
}

/* Which tasks read each task-specific option. An option a task would not read is refused
 * rather than ignored: plan power used to accept --plan, --simulate and --export-lp and exit
 * 0 having written nothing. */
enum { TASK_M = 1, TASK_P = 2, TASK_T = 4 };
static const struct {
    int val;
    unsigned tasks;
} plan_option_tasks[] = {
    {'O', TASK_M | TASK_T}, /* power always minimises power */
    {'E', TASK_M | TASK_T}, /* power solves one problem per interval, none exported */
    {'d', TASK_M},          {'m', TASK_T},          {'g', TASK_M},
    {'R', TASK_M},
    {'H', TASK_M},          /* te's ceiling is --target-mlu, power's --ceiling */
    {'x', TASK_M | TASK_T}, {'p', TASK_M | TASK_T}, {'U', TASK_M | TASK_T},
    {'D', TASK_P},          {'k', TASK_P},          {'c', TASK_P},
    {'y', TASK_P},          {'C', TASK_P},          {'K', TASK_M | TASK_T},
    {'V', TASK_M | TASK_T}, {'Z', TASK_P},
};

static int plan_check_options(const char *cmd, const char *task, const struct option *opts,
                              const bool *seen)
{
    static const char *const names[] = {"maintenance", "power", "te"};
    unsigned me = !strcmp(task, "maintenance") ? TASK_M : !strcmp(task, "power") ? TASK_P : TASK_T;
    for (size_t i = 0; i < sizeof plan_option_tasks / sizeof plan_option_tasks[0]; i++) {
        unsigned tasks = plan_option_tasks[i].tasks;
        if (!seen[plan_option_tasks[i].val] || (tasks & me))
            continue;
        const char *name = "?";
        for (const struct option *o = opts; o->name; o++)
            if (o->val == plan_option_tasks[i].val)
                name = o->name;
        char list[64] = "";
        for (int t = 0; t < 3; t++)
            if (tasks & (1u << t))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", names[t]);
        return cli_usage_error(cmd, "--%s does not apply to %s (it is for %s)", name, cmd, list);
    }
    return CLI_NEXT;
}

int cmd_plan(int argc, char **argv)
{
    static const struct option opts[] = {
        {"topology", required_argument, 0, 'T'},   {"routers-per-pop", required_argument, 0, 'N'},
        {"inventory", required_argument, 0, 'I'},
        {"solver", required_argument, 0, 'S'},     {"objective", required_argument, 0, 'O'},
        {"time-limit", required_argument, 0, 'L'}, CLI_OPTION_JSON,
        {"export-lp", required_argument, 0, 'E'},  CLI_OPTION_SEED,
        {"drain", required_argument, 0, 'd'},      {"tm", required_argument, 0, 't'},
        {"interval", required_argument, 0, 'i'},   {"target-mlu", required_argument, 0, 'm'},
        {"generate", required_argument, 0, 'g'},   {"headroom", required_argument, 0, 'H'},
        {"stretch", required_argument, 0, 'x'},    {"plan", required_argument, 0, 'p'},
        {"days", required_argument, 0, 'D'},       {"hold", required_argument, 0, 'k'},
        {"scope", required_argument, 0, 'c'},      {"study", required_argument, 0, 'y'},
        {"ceiling", required_argument, 0, 'C'},    {"simulate", no_argument, 0, 'U'},
        {"check", required_argument, 0, 'K'},      {"survive", required_argument, 0, 'V'},
        {"return", required_argument, 0, 'R'},
        {"set", required_argument, 0, 'Z'},
        CLI_OPTION_PLOT,                           CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    int rc = cli_first_arg(argc, argv, plan_help);
    if (rc != CLI_NEXT)
        return rc;
    plan_opts_t o = {.task = argv[1], .headroom = -1, .hold = -1, .return_window_s = -1};
    o.so = SCHED_SOLVE_OPTS_PLAN;
    if (strcmp(o.task, "maintenance") && strcmp(o.task, "power") && strcmp(o.task, "te"))
        return cli_usage_error("plan", "unknown task '%s' (expected maintenance, power or te)", o.task);
    char cmd[32];
    snprintf(cmd, sizeof cmd, "plan %s", o.task);
    cli_common_t co = {.seed = o.so.seed};
    vs_err_t err = VS_OK;
    int64_t v;
    double d;
    int c;
    bool seen[128] = {false};
    optind = 1;
    argc--;
    argv++;
    cli_set_prog(argv, "plan", o.task);
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c > 0 && c < 128)
            seen[c] = true;
        switch (c) {
        case 'T': o.topology = optarg; break;
        case 'I': o.inventory = optarg; break;
        case 'g': o.generate = optarg; break;
        case 'N':
            if ((err = cli_parse_count("--routers-per-pop", optarg, 1, 64, &v)))
                return cli_report(err);
            o.routers_per_pop = (int)v;
            break;
        case 'S':
            if ((err = sched_solver_parse(optarg, &o.so.solver)))
                return cli_report(err);
            break;
        case 'O':
            if ((err = sched_objective_parse(optarg, &o.so.objective)))
                return cli_report(err);
            o.objective_set = true;
            break;
        case 'L': {
            int64_t ns;
            if ((err = cli_parse_duration("--time-limit", optarg, &ns)))
                return cli_report(err);
            if (ns <= 0)
                return cli_usage_error(cmd, "--time-limit must be positive");
            o.so.time_limit_s = ns / 1e9;
            break;
        }
        case 'E':
            if ((err = vs_out_check(optarg)))
                return cli_report(err);
            o.so.export_lp = optarg;
            break;
        case 'd': {
            /* --drain a,b  or  --drain a --drain b  (and plain arguments after, see below) */
            char *s = optarg;
            while (s && *s && o.n_drain < 256) {
                char *comma = strchr(s, ',');
                if (comma)
                    *comma = '\0';
                if (*s)
                    o.drain[o.n_drain++] = s;
                s = comma ? comma + 1 : NULL;
            }
            break;
        }
        case 't': o.tm = optarg; break;
        case 'i':
            if ((err = cli_parse_duration("--interval", optarg, &o.interval_ns)))
                return cli_report(err);
            if (o.interval_ns < INT64_C(60000000000))
                return cli_usage_error(cmd, "--interval must be at least 1min");
            break;
        case 'D':
            if ((err = cli_parse_double("--days", optarg, 0.01, 366, &d)))
                return cli_report(err);
            o.duration_ns = (int64_t)(d * 86400e9);
            break;
        case 'k':
            if ((err = cli_parse_count("--hold", optarg, 0, 1000, &v)))
                return cli_report(err);
            o.hold = (int)v;
            break;
        case 'm':
            if ((err = cli_parse_double("--target-mlu", optarg, 1e-6, 1.0, &o.target_mlu)))
                return cli_report(err);
            break;
        case 'H':
            if ((err = cli_parse_double("--headroom", optarg, 1e-6, 1.0, &o.headroom)))
                return cli_report(err);
            break;
        case 'x':
            if ((err = cli_parse_double("--stretch", optarg, 1.0, 1000, &o.stretch)))
                return cli_report(err);
            break;
        case 'p': o.plan_out = optarg; break;
        case 'c': o.scope = optarg; break;
        case 'y': o.study = optarg; break;
        case 'C': o.ceiling = optarg; break;
        case 'Z':
            if ((err = cli_sets_add(&o.sets, optarg)))
                return cli_report(err);
            break;
        case 'U': o.simulate = true; break;
        case 'K':
            if ((err = sched_n1_criterion("--check", optarg)))
                return cli_report(err);
            o.check_n1 = true;
            break;
        case 'V':
            if ((err = sched_n1_criterion("--survive", optarg)))
                return cli_report(err);
            o.survive_n1 = true;
            break;
        case 'R': {
            int64_t ns;
            if ((err = cli_parse_duration("--return", optarg, &ns)))
                return cli_report(err);
            if (ns < 0)
                return cli_usage_error(cmd, "--return: the window must not be negative");
            o.return_window_s = ns / 1e9;
            break;
        }
        case CLI_OPT_PLOT: plot_dir = optarg; break;
        default:
            if ((rc = cli_common_option(cmd, c, optarg, &co, plan_help)) != CLI_NEXT)
                return rc;
        }
    }
    o.json = co.json;
    o.so.seed = co.seed;
    for (; optind < argc; optind++) {
        if (!strcmp(o.task, "maintenance") && o.n_drain > 0 && o.n_drain < 256)
            o.drain[o.n_drain++] = argv[optind];
        else
            return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    }
    if ((o.topology || o.inventory) && o.generate)
        return cli_usage_error(cmd, "--%s and --generate exclude each other",
                               o.topology ? "topology" : "inventory");
    if (o.generate && strcmp(o.task, "maintenance"))
        return cli_usage_error(cmd, "--generate is for maintenance only (power and te need a "
                                    "topology and traffic)");
    if ((rc = plan_check_options(cmd, o.task, opts, seen)) != CLI_NEXT)
        return rc;
    if (!strcmp(o.task, "maintenance"))
        return plan_maintenance(&o);
    if (!strcmp(o.task, "power"))
        return plan_power(&o);
    return plan_te(&o);
}

/* ---- vroomsim bench sched ---------------------------------------------------------------- */

static void bench_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench sched [--seed N] [--kind spare|tight|cpu-bound] [--routers R]\n"
            "                            [--vrs V] [--pops P] [--objective NAME] [--time-limit S]\n"
            "                            [--milp-max-nz N] [--drain NAME] [--json[=FILE]]\n"
            "\n"
            "A reproducible synthetic instance (same seed, kind and sizes, same instance), one POP\n"
            "drained for maintenance (default the first POP), solved by the local search, GLPK's\n"
            "MILP and CBC's (when built in), each MILP solver cold. Reports the MILP's LP\n"
            "relaxation, each solver's objective, bound, gap and gap to the LP bound, time (under\n"
            "timing), whether the objective binds (optimum at least 10%% above its value before\n"
            "the drain), and whether the heuristic is within 2%% of a proven optimum, or not\n"
            "worse than the best MILP incumbent. Kinds: spare (links in capacity steps, at most\n"
            "50%% at home), tight (every loaded link exactly at 50%% at home, headroom 1),\n"
            "cpu-bound (every router's CPU at the same load at home; objective cpu).\n"
            "Defaults: --seed 1 --kind spare --routers 40 --vrs 120 --objective mlu\n"
            "--time-limit 10 --milp-max-nz 200000.\n"
            "Exit 1 when the heuristic check fails.\n");
}

/* One solver's line of the human summary. */
static void bench_print_solver(const cJSON *root, const char *name)
{
    const cJSON *s = cJSON_GetObjectItem(root, name);
    const cJSON *t = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "timing"), name);
    const char *st = cJSON_GetStringValue(cJSON_GetObjectItem(s, "status"));
    const cJSON *ob = cJSON_GetObjectItem(s, "objective"), *bd = cJSON_GetObjectItem(s, "bound");
    const cJSON *gl = cJSON_GetObjectItem(s, "gap_to_lp"), *sec = cJSON_GetObjectItem(t, "seconds");
    printf("  %-5s %-14s", name, st ? st : "-");
    if (cJSON_IsNumber(ob))
        printf(" objective %.6g", ob->valuedouble);
    if (cJSON_IsNumber(bd))
        printf(" bound %.6g", bd->valuedouble);
    if (cJSON_IsNumber(gl))
        printf(" gap to LP %.2f%%", 100 * gl->valuedouble);
    if (cJSON_IsNumber(sec))
        printf(" %.3f s", sec->valuedouble);
    printf("\n");
}

static void bench_print(const cJSON *root, const bench_sched_config_t *cfg)
{
#define N(o, k) cJSON_GetNumberValue(cJSON_GetObjectItem((o), (k)))
    printf("sched seed=%llu kind=%s routers=%d vrs=%d drain=%s (%d VRs move), objective %s\n",
           (unsigned long long)cfg->seed, cJSON_GetStringValue(cJSON_GetObjectItem(root, "kind")),
           cfg->routers, cfg->vrs, cJSON_GetStringValue(cJSON_GetObjectItem(root, "drained")),
           (int)N(root, "vrs_to_move"),
           cJSON_GetStringValue(cJSON_GetObjectItem(root, "objective_name")));
    const cJSON *b = cJSON_GetObjectItem(root, "binding");
    printf("  before the drain %.6g; LP bound %.6g; proven rise %.1f%%: %s\n",
           N(b, "pre_drain_value"), N(root, "lp_bound"), 100 * N(b, "proven_rise"),
           cJSON_IsTrue(cJSON_GetObjectItem(b, "binds"))    ? "binds"
           : cJSON_IsFalse(cJSON_GetObjectItem(b, "binds")) ? "does not bind"
                                                            : "unknown");
    bench_print_solver(root, "local");
    bench_print_solver(root, "glpk");
    bench_print_solver(root, "cbc");
    const cJSON *cmp = cJSON_GetObjectItem(root, "comparison");
    printf("  check: %s: %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "criterion")),
           cJSON_IsTrue(cJSON_GetObjectItem(cmp, "ok"))    ? "ok"
           : cJSON_IsFalse(cJSON_GetObjectItem(cmp, "ok")) ? "FAILED"
                                                           : "n/a");
#undef N
}

int cmd_bench_sched(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_SEED,                          {"routers", required_argument, 0, 'r'},
        {"vrs", required_argument, 0, 'v'},       {"pops", required_argument, 0, 'p'},
        {"objective", required_argument, 0, 'o'}, {"time-limit", required_argument, 0, 'L'},
        {"milp-max-nz", required_argument, 0, 'z'}, {"drain", required_argument, 0, 'd'},
        {"kind", required_argument, 0, 'k'},      CLI_OPTION_JSON,
        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    bench_sched_config_t cfg = {.routers = 40, .vrs = 120, .time_limit_s = 10,
                                .milp_max_nz = SCHED_AUTO_MILP_MAX_NZ};
    cli_common_t co = {.seed = 1};
    vs_err_t err;
    int64_t v;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if ((err = cli_parse_count("--routers", optarg, 2, 100000, &v)))
                return cli_report(err);
            cfg.routers = (int)v;
            break;
        case 'v':
            if ((err = cli_parse_count("--vrs", optarg, 1, 1000000, &v)))
                return cli_report(err);
            cfg.vrs = (int)v;
            break;
        case 'p':
            if ((err = cli_parse_count("--pops", optarg, 2, 100000, &v)))
                return cli_report(err);
            cfg.pops = (int)v;
            break;
        case 'o': {
            sched_objective_t ob;
            if ((err = sched_objective_parse(optarg, &ob)))
                return cli_report(err);
            cfg.objective = optarg;
            break;
        }
        case 'L': {
            int64_t ns;
            if ((err = cli_parse_duration("--time-limit", optarg, &ns)))
                return cli_report(err);
            cfg.time_limit_s = ns / 1e9;
            break;
        }
        case 'z':
            if ((err = cli_parse_count("--milp-max-nz", optarg, 0, INT64_MAX, &v)))
                return cli_report(err);
            cfg.milp_max_nz = (long)v;
            break;
        case 'd': cfg.drain = optarg; break;
        case 'k':
            if ((err = bench_sched_kind_parse(optarg, &cfg.kind)))
                return cli_report(err);
            break;
        default:
            if ((rc = cli_common_option("bench sched", c, optarg, &co, bench_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    cfg.seed = co.seed;
    if (optind < argc)
        return cli_usage_error("bench sched", "unexpected argument '%s'", argv[optind]);
    cJSON *root = NULL;
    bool ok;
    if ((err = bench_sched_run(&cfg, &root, &ok)))
        return cli_report(err);
    if (cli_human(json))
        bench_print(root, &cfg);
    rc = finish_json(root, json);
    return rc ? rc : (ok ? 0 : 1);
}
