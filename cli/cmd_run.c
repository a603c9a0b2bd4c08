/* vroomsim run / validate — scenarios. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_scn.h"
#include "cmd_plot.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "vs_out.h"
#include "vs_paths.h"

/* The bundled default study: the Abilene testbed's core router VR5 with a full BGP table
 * migrating from Chicago-1 to Chicago-2 (seed 001, Sec. 6.4.2). */
#define DEFAULT_STUDY "abilene-vr5-bgp.yaml"

static void run_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim run [SCENARIO] [--set PATH=VALUE]... [--json[=FILE]] [--seed N]\n"
            "                    [--runs N] [--trace FILE]\n"
            "\n"
            "Runs a scenario (YAML, docs/scenario.md) and prints a readable summary of each\n"
            "migration: the step timeline t0..t6, control-plane downtime and its terms, memory\n"
            "copy, FIB repopulation, link re-homing and the effect on routing adjacencies.\n"
            "SCENARIO '-' reads it from standard input (its relative paths then from the working\n"
            "directory). Without SCENARIO, runs the bundled default study (" DEFAULT_STUDY "): the\n"
            "Abilene testbed's VR5 with a full BGP table moving from Chicago-1 to Chicago-2.\n"
            "\n"
            "  --set PATH=VALUE  change a value of the scenario before it is checked and run,\n"
            "                 e.g. virtual_routers[vr5].ospf.hello=2s, migrations=[] (repeatable;\n"
            "                 paths in docs/scenario.md, \"Variants\")\n"
            "  --json[=FILE]  results as JSON (schema 1) to FILE, or stdout (then no summary)\n"
            "  --seed N       override the scenario's seed\n"
            "  --runs N       override the scenario's number of runs\n"
            "  --trace FILE   write the first run's events as JSON lines\n"
            "  --csv DIR      data traffic: write DIR/flows.csv, the flows' time series\n"
            "  --plot DIR     draw the results into DIR as SVG (as 'vroomsim plot' does)\n");
}

static vs_err_t resolve_default(char *buf, size_t len)
{
    return vs_data_file(VS_DATA_EXAMPLES, DEFAULT_STUDY, buf, len);
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON, CLI_OPTION_SEED, CLI_OPTION_RUNS, {"trace", required_argument, 0, 't'},
        {"csv", required_argument, 0, 'c'}, {"set", required_argument, 0, 's'}, CLI_OPTION_PLOT,
        CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    cli_sets_t sets = {0};
    const char *trace_path = NULL, *csv_dir = NULL, *plot_dir = NULL;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 't' && (err = vs_out_check(optarg)))
            return cli_report(err);
        if (c == 'c' && (err = vs_out_check_dir(optarg)))
            return cli_report(err);
        if (c == 't')
            trace_path = optarg;
        else if (c == 'c')
            csv_dir = optarg;
        else if (c == CLI_OPT_PLOT)
            plot_dir = optarg;
        else if (c == 's') {
            if ((err = cli_sets_add(&sets, optarg)))
                return cli_report(err);
        } else if ((rc = cli_common_option("run", c, optarg, &co, run_help)) != CLI_NEXT)
            return rc;
    }
    const char *json = co.json;
    run_opts_t ro = {.seed = co.seed, .has_seed = co.has_seed, .runs = co.runs, .csv_dir = csv_dir};
    if (argc - optind > 1)
        return cli_usage_error("run", "expected at most one scenario file");
    char path[4096];
    if (optind < argc)
        snprintf(path, sizeof path, "%s", argv[optind]);
    else if ((err = resolve_default(path, sizeof path)))
        return cli_report(err);

    const scn_t *scn = NULL;
    run_results_t *res = NULL;
    vs_outfile_t *trace = NULL;
    cJSON *root = NULL;
    if ((err = cli_scn_load(path, &sets, &scn)))
        goto out;
    if (trace_path && (err = vs_out_open(trace_path, &trace)))
        goto out;
    ro.trace = trace ? vs_out_stream(trace) : NULL;
    if ((err = run_scenario(scn, &ro, &res)))
        goto out;
    if (trace) {
        err = vs_out_commit(trace);
        trace = NULL;
        if (err)
            goto out;
    }
    if (json || plot_dir) {
        if (!(root = run_results_json(scn, res))) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        if (json && (err = vs_json_write(root, json)))
            goto out;
        if (plot_dir && (err = cli_plot_tree(root, "run", plot_dir)))
            goto out;
    }
    if (cli_human(json))
        run_results_print(scn, res, stdout);
out:
    vs_out_abort(trace);
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
    return err ? cli_report(err) : 0;
}

static void validate_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim validate [--set PATH=VALUE]... SCENARIO...\n"
            "\n"
            "Reads each scenario and checks it completely — syntax, keys, units, ranges, names,\n"
            "and that every migration is possible (capacity, platform, profiles, a path) —\n"
            "without running it. Prints 'FILE: ok' per valid file; errors name file:line:column.\n"
            "  --set PATH=VALUE  check each scenario with this value changed (repeatable; paths\n"
            "                 in docs/scenario.md, \"Variants\"); errors name the setting\n");
}

int cmd_validate(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("validate", "expected a scenario file");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        validate_help(stdout);
        return 0;
    }
    /* Options first, wherever they are: --set PATH=VALUE or --set=PATH=VALUE. */
    cli_sets_t sets = {0};
    vs_err_t err = VS_OK;
    int n_files = 0;
    for (int i = 1; i < argc && !err; i++) {
        if (!strcmp(argv[i], "--set") && i + 1 == argc)
            return cli_usage_error("validate", "--set needs PATH=VALUE");
        if (!strcmp(argv[i], "--set"))
            err = cli_sets_add(&sets, argv[++i]);
        else if (!strncmp(argv[i], "--set=", 6))
            err = cli_sets_add(&sets, argv[i] + 6);
        else if (argv[i][0] == '-' && argv[i][1]) /* a file named so is ./-name */
            return cli_usage_error("validate", "unknown option '%s'", argv[i]);
        else
            argv[++n_files] = argv[i]; /* files move to the front, in order */
    }
    if (err)
        return cli_report(err);
    if (n_files == 0)
        return cli_usage_error("validate", "expected a scenario file");
    int status = 0;
    for (int i = 1; i <= n_files; i++) {
        const scn_t *scn = NULL;
        err = cli_scn_load(argv[i], &sets, &scn);
        if (!err)
            err = run_check(scn);
        if (err) {
            int s = cli_report(err);
            if (s > status)
                status = s;
        } else {
            printf("%s: ok (%zu physical routers, %zu links, %zu virtual routers, %zu migrations)\n",
                   argv[i], scn->n_prouters, scn->n_links, scn->n_vrouters, scn->n_migrations);
        }
        scn_free(scn);
    }
    return status;
}
