/* vroomsim compare — one scenario, run once per migration mechanism, one table. Every
 * migration of the scenario takes each named mechanism in turn; the runs are otherwise
 * identical (same substrate, profiles, seed and runs), so the rows differ only by the
 * mechanism (docs/mechanisms.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_scn.h"
#include "cmd_plot.h"
#include "mig.h"
#include "run.h"
#include "scenario.h"
#include "scn_set.h"
#include "traffic.h"
#include "vs_out.h"

#define MAX_MECHS 16

static void help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim compare SCENARIO [--mechanisms A,B,...] [--set PATH=VALUE]...\n"
            "                        [--json[=FILE]] [--csv FILE] [--seed N] [--runs N]\n"
            "\n"
            "Runs the scenario's migrations once with each mechanism and prints one table:\n"
            "control-plane downtime, data-plane downtime, total migration time, data packets\n"
            "lost (the scenario's flows, or else the migration option data_rate), largest delay\n"
            "increase, OSPF adjacencies and\n"
            "BGP sessions lost, and configuration changes needed. Values are means over runs.\n"
            "\n"
            "  --mechanisms L  comma-separated mechanism names (default: all registered)\n"
            "  --set PATH=VALUE  change a value of the scenario first (repeatable; paths in\n"
            "                  docs/scenario.md, \"Variants\")\n"
            "  --json[=FILE]   the table as JSON (schema 1), to FILE or stdout (then no table)\n"
            "  --csv FILE      the table as CSV (written atomically)\n"
            "  --plot DIR      draw the table into DIR as SVG (as 'vroomsim plot' does)\n"
            "  --seed N        override the scenario's seed\n"
            "  --runs N        override the scenario's number of runs\n"
            "\n"
            "Mechanisms:\n");
    for (const char *const *n = mig_mechanism_names(); *n; n++)
        fprintf(out, "  %s\n", *n);
}

/* One row: the means over runs of migration k with mechanism mech. */
typedef struct {
    const char *mech, *vr, *from, *to;
    double downtime, data_downtime, total, lost, offered, delay, adj, sess, changes, buffered;
    int completed; /* runs that finished before 'until' */
} row_t;

/* Packets of the scenario's data flows (traffic.h), when it has any, replace the migration's
 * data_rate packets: they cross the real substrate and every data plane. With several
 * migrations, every row shows the flows' totals. */
static void flow_packets(const run_results_t *r, int run, double *lost, double *sent)
{
    const tfc_results_t *t = &r->traffic[run];
    for (size_t f = 0; f < t->n_flows; f++) {
        *lost += (double)t->flows[f].lost;
        *sent += (double)t->flows[f].sent;
    }
}

static void fill_row(const run_results_t *r, size_t k, const char *mech, row_t *row)
{
    *row = (row_t){.mech = mech};
    for (int i = 0; i < r->runs; i++) {
        const mig_result_t *m = &r->results[(size_t)i * r->n_migrations + k];
        if (r->traffic)
            flow_packets(r, i, &row->lost, &row->offered);
        row->vr = m->vr;
        row->from = m->from ? m->from : "?";
        row->to = m->to;
        row->downtime += mig_result_downtime_s(m); /* NAN (no mean) when a run lacks it */
        row->data_downtime += sim_to_s(m->data_downtime);
        row->total += mig_result_total_s(m);
        if (!r->traffic) {
            row->lost += (double)m->packets_lost;
            row->offered += (double)m->packets_offered;
        }
        row->delay += sim_to_s(m->delay_increase);
        row->adj += m->adjacencies_lost;
        row->sess += m->sessions_lost;
        row->changes += m->config_changes;
        row->buffered += (double)m->control_buffered;
        row->completed += m->done;
    }
    double n = r->runs;
    row->downtime /= n, row->data_downtime /= n, row->total /= n, row->lost /= n;
    row->offered /= n, row->delay /= n, row->adj /= n, row->sess /= n, row->changes /= n;
    row->buffered /= n;
}

static vs_err_t write_csv(const row_t *rows, size_t n, const char *path)
{
    vs_outfile_t *f;
    vs_err_t err = vs_out_open(path, &f);
    if (err)
        return err;
    FILE *o = vs_out_stream(f);
    fprintf(o, "mechanism,vr,from,to,downtime_s,data_downtime_s,total_s,packets_lost,packets_offered,"
               "delay_increase_s,adjacencies_lost,sessions_lost,config_changes,control_buffered,"
               "completed_runs\n");
    for (size_t i = 0; i < n; i++) {
        char down[32] = "", total[32] = ""; /* empty: some run did not reach it */
        if (!isnan(rows[i].downtime))
            snprintf(down, sizeof down, "%.9g", rows[i].downtime);
        if (!isnan(rows[i].total))
            snprintf(total, sizeof total, "%.9g", rows[i].total);
        fprintf(o, "%s,%s,%s,%s,%s,%.9g,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%d\n", rows[i].mech,
                rows[i].vr, rows[i].from, rows[i].to, down, rows[i].data_downtime, total,
                rows[i].lost, rows[i].offered, rows[i].delay, rows[i].adj, rows[i].sess,
                rows[i].changes, rows[i].buffered, rows[i].completed);
    }
    return vs_out_commit(f);
}

static cJSON *to_json(const scn_t *scn, const row_t *rows, size_t n, uint64_t seed, int runs)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "scenario", scn->name);
    cJSON_AddNumberToObject(root, "seed", (double)seed);
    cJSON_AddNumberToObject(root, "runs", runs);
    cJSON *arr = vs_json_arr(root, "rows");
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *o = vs_json_obj(arr, NULL);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "mechanism", rows[i].mech);
        cJSON_AddStringToObject(o, "vr", rows[i].vr);
        cJSON_AddStringToObject(o, "from", rows[i].from);
        cJSON_AddStringToObject(o, "to", rows[i].to);
        cJSON_AddNumberToObject(o, "downtime_s", rows[i].downtime);
        cJSON_AddNumberToObject(o, "data_downtime_s", rows[i].data_downtime);
        cJSON_AddNumberToObject(o, "total_s", rows[i].total);
        cJSON_AddNumberToObject(o, "packets_lost", rows[i].lost);
        cJSON_AddNumberToObject(o, "packets_offered", rows[i].offered);
        cJSON_AddNumberToObject(o, "delay_increase_s", rows[i].delay);
        cJSON_AddNumberToObject(o, "adjacencies_lost", rows[i].adj);
        cJSON_AddNumberToObject(o, "sessions_lost", rows[i].sess);
        cJSON_AddNumberToObject(o, "config_changes", rows[i].changes);
        cJSON_AddNumberToObject(o, "control_buffered", rows[i].buffered);
        cJSON_AddNumberToObject(o, "completed_runs", rows[i].completed);
    }
    return root;
}

static void print_table(const scn_t *scn, const row_t *rows, size_t n, int runs)
{
    printf("scenario %s, %d run%s per mechanism (means)\n\n", scn->name, runs, runs == 1 ? "" : "s");
    printf("%-15s %-6s %10s %10s %11s %10s %10s %5s %5s %7s\n", "mechanism", "vr", "downtime",
           "data-down", "total", "lost", "delay+", "adj", "sess", "changes");
    for (size_t i = 0; i < n; i++) {
        char lost[32], down[32] = "-", total[32] = "-";
        snprintf(lost, sizeof lost, "%.0f/%.0f", rows[i].lost, rows[i].offered);
        if (!isnan(rows[i].downtime))
            snprintf(down, sizeof down, "%.3fs", rows[i].downtime);
        if (!isnan(rows[i].total))
            snprintf(total, sizeof total, "%.3fs", rows[i].total);
        printf("%-15s %-6s %10s %9.3fs %11s %10s %8.3fms %5.1f %5.1f %7.1f%s\n", rows[i].mech,
               rows[i].vr, down, rows[i].data_downtime, total, lost,
               rows[i].delay * 1e3, rows[i].adj, rows[i].sess, rows[i].changes,
               rows[i].completed < runs ? "  [not finished before 'until']" : "");
    }
}

/* scn with every migration run by mech. *out: scn_free. */
static vs_err_t with_mechanism(const scn_t *scn, const char *mech, const scn_t **out)
{
    enum { LEN = 128 };
    size_t n = scn->n_migrations;
    char *text = malloc(n * LEN);
    const char **sets = malloc(n * sizeof *sets);
    vs_err_t err = VS_OK;
    *out = NULL;
    if (!text || !sets)
        err = vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n && !err; k++) {
        snprintf(text + k * LEN, LEN, "migrations[%zu].mechanism=%s", k, mech);
        sets[k] = text + k * LEN;
    }
    if (!err)
        err = scn_derive(scn, sets, n, out);
    free(sets);
    free(text);
    return err;
}

/* Splits "a,b,c" into names checked against the registry. A name given twice or an empty
 * one is refused: it would have run the same mechanism twice, or hidden a typo. */
static vs_err_t parse_mechs(const char *list, char *buf, size_t len, const char **out, size_t *n)
{
    snprintf(buf, len, "%s", list);
    *n = 0;
    for (char *next = buf, *tok; (tok = strsep(&next, ",")) != NULL;) {
        if (!*tok)
            return vs_fail(VS_EUSAGE, "--mechanisms: an empty name in '%s'", list);
        const char *const *names = mig_mechanism_names();
        const char *found = NULL;
        for (size_t i = 0; names[i]; i++)
            if (strcmp(names[i], tok) == 0)
                found = names[i];
        if (!found) {
            char known[512] = "";
            for (size_t i = 0; names[i]; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                         names[i]);
            return vs_fail(VS_EUSAGE, "--mechanisms: unknown mechanism '%s' (known: %s)", tok, known);
        }
        for (size_t i = 0; i < *n; i++)
            if (out[i] == found)
                return vs_fail(VS_EUSAGE, "--mechanisms: '%s' is named twice", found);
        if (*n == MAX_MECHS)
            return vs_fail(VS_EUSAGE, "--mechanisms: at most %d mechanisms", MAX_MECHS);
        out[(*n)++] = found;
    }
    if (*n == 0)
        return vs_fail(VS_EUSAGE, "--mechanisms: expected a comma-separated list of mechanisms");
    return VS_OK;
}

int cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"mechanisms", required_argument, 0, 'm'}, CLI_OPTION_JSON,
        {"csv", required_argument, 0, 'c'},        CLI_OPTION_SEED,
        CLI_OPTION_RUNS,                           CLI_OPTION_PLOT,
        {"set", required_argument, 0, 's'},        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    cli_sets_t sets = {0};
    const char *csv = NULL, *mech_list = NULL, *plot_dir = NULL;
    const char *mechs[MAX_MECHS];
    char mbuf[1024];
    size_t n_mechs = 0;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'm')
            mech_list = optarg;
        else if (c == 'c' && (rc = vs_out_check(optarg)))
            return cli_report((vs_err_t)rc);
        else if (c == 'c')
            csv = optarg;
        else if (c == CLI_OPT_PLOT)
            plot_dir = optarg;
        else if (c == 's' && (err = cli_sets_add(&sets, optarg)))
            return cli_report(err);
        else if (c == 's')
            continue;
        else if ((rc = cli_common_option("compare", c, optarg, &co, help)) != CLI_NEXT)
            return rc;
    }
    const char *json = co.json;
    run_opts_t ro = {.seed = co.seed, .has_seed = co.has_seed, .runs = co.runs};
    if (argc - optind != 1)
        return cli_usage_error("compare", "expected one scenario file");
    if (mech_list) {
        if ((err = parse_mechs(mech_list, mbuf, sizeof mbuf, mechs, &n_mechs)))
            return cli_report(err);
    } else {
        for (const char *const *n = mig_mechanism_names(); *n && n_mechs < MAX_MECHS; n++)
            mechs[n_mechs++] = *n;
    }

    const scn_t *scn = NULL, *v = NULL;
    const scn_t *ran[MAX_MECHS] = {0}; /* the rows' names point into them */
    row_t *rows = NULL;
    cJSON *root = NULL;
    int runs = 0;
    uint64_t seed = 0;
    size_t n_rows = 0;
    if ((err = cli_scn_load(argv[optind], &sets, &scn)))
        goto out;
    if (scn->n_migrations == 0) {
        err = vs_fail(VS_EINVAL, "%s: no migrations to compare (add a 'migrations' list)", scn->path);
        goto out;
    }
    if (!(rows = calloc(n_mechs * scn->n_migrations, sizeof *rows))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    /* Every mechanism is checked before anything runs: a mechanism named with --mechanisms
     * that cannot apply is an error (status 2); without --mechanisms, those that cannot
     * apply to this scenario are left out, saying why on stderr. */
    for (size_t i = 0; i < n_mechs && !err;) {
        if (!(err = with_mechanism(scn, mechs[i], &v)))
            err = run_check(v);
        scn_free(v);
        if (err && !mech_list && err != VS_ENOMEM) {
            fprintf(stderr, "vroomsim compare: leaving out %s: %s\n", mechs[i], vs_errmsg());
            memmove(&mechs[i], &mechs[i + 1], (n_mechs - i - 1) * sizeof *mechs);
            n_mechs--;
            err = VS_OK;
            continue;
        }
        i++;
    }
    for (size_t i = 0; i < n_mechs && !err; i++) {
        run_results_t *res;
        if ((err = with_mechanism(scn, mechs[i], &ran[i])) || (err = run_scenario(ran[i], &ro, &res)))
            break;
        for (size_t k = 0; k < scn->n_migrations; k++)
            fill_row(res, k, mechs[i], &rows[n_rows++]);
        runs = res->runs;
        seed = res->seed;
        run_results_free(res);
    }
    if (err)
        goto out;
    if (csv && (err = write_csv(rows, n_rows, csv)))
        goto out;
    if (json || plot_dir) {
        if (!(root = to_json(scn, rows, n_rows, seed, runs))) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        if (json && (err = vs_json_write(root, json)))
            goto out;
        if (plot_dir && (err = cli_plot_tree(root, "compare", plot_dir)))
            goto out;
    }
    if (cli_human(json))
        print_table(scn, rows, n_rows, runs);
out:
    cJSON_Delete(root);
    free(rows);
    for (size_t i = 0; i < MAX_MECHS; i++)
        scn_free(ran[i]);
    scn_free(scn);
    return err ? cli_report(err) : 0;
}
