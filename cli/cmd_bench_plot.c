/* vroomsim bench plot — how long drawing results takes: the whole of `vroomsim plot` (read,
 * check, draw every figure and CSV) or `vroomsim report`, repeated, median wall time. The
 * issue's targets: the default study in SVG under 0.5 s, a report of every reproduction
 * target under 2 s (docs/plot.md, "Speed"). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_clock.h"
#include "cli.h"
#include "cmd_plot.h"
#include "plot.h"
#include "plot_report.h"
#include "vs_out.h"

#define MAX_REPEAT 1000

static void help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench plot RESULT.json... [--repeat N] [--format svg|png|pdf]\n"
            "                           [--report] [--json[=FILE]]\n"
            "\n"
            "Times what `vroomsim plot RESULT.json...` does (read and check each file, draw every\n"
            "figure and its CSV), or with --report what `vroomsim report` does, into a temporary\n"
            "folder removed afterwards; N times (default 5), reporting the median wall time.\n"
            "JSON keys: schema, benchmark, files, format, report, repeats, figures; under timing:\n"
            "seconds_median, seconds_min, seconds_max, cpu_seconds_median.\n");
}

typedef struct {
    char **paths;
    int n;
    plot_format_t fmt;
    bool report;
    char dir[4096];
} job_t;

/* The inline figures of a report page: its <svg elements. */
static size_t svgs_in(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    int c, k = 0;
    while (f && (c = getc(f)) != EOF) {
        k = c == "<svg"[k] ? k + 1 : c == '<';
        if (k == 4)
            n++, k = 0;
    }
    if (f)
        fclose(f);
    return n;
}

/* One repetition: read, check and draw everything; *figures counts what was drawn. */
static vs_err_t once(const job_t *j, size_t *figures)
{
    cJSON **roots = calloc((size_t)j->n, sizeof *roots);
    plot_files_t made = {0};
    vs_err_t err = roots ? VS_OK : vs_fail(VS_ENOMEM, "out of memory");
    for (int i = 0; !err && i < j->n; i++)
        err = plot_load(j->paths[i], &roots[i]);
    if (!err && j->report) {
        char html[4200];
        snprintf(html, sizeof html, "%s/report.html", j->dir);
        err = plot_report((const char *const *)j->paths, (const cJSON *const *)roots, (size_t)j->n, html);
        *figures = err ? 0 : svgs_in(html);
        unlink(html);
    }
    for (int i = 0; !err && !j->report && i < j->n; i++) {
        char stem[32];
        snprintf(stem, sizeof stem, "r%d", i);
        err = plot_result(roots[i], j->paths[i], stem, j->dir, j->fmt, &made);
    }
    if (!j->report)
        *figures = made.n;
    for (size_t i = 0; i < made.n; i++)
        unlink(made.figures[i]), unlink(made.csvs[i]);
    plot_files_free(&made);
    for (int i = 0; roots && i < j->n; i++)
        cJSON_Delete(roots[i]);
    free(roots);
    return err;
}

static vs_err_t write_json(const job_t *j, int repeat, size_t figures, double *wall, double cpu_med,
                           const char *json)
{
    cJSON *root = cJSON_CreateObject();
    if (root)
        cJSON_AddNumberToObject(root, "schema", 1), cJSON_AddStringToObject(root, "benchmark", "plot");
    cJSON *files = root ? vs_json_arr(root, "files") : NULL;
    if (!files) {
        cJSON_Delete(root);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (int i = 0; i < j->n; i++)
        cJSON_AddItemToArray(files, cJSON_CreateString(j->paths[i]));
    cJSON_AddStringToObject(root, "format", j->report ? "html" : plot_format_ext(j->fmt));
    cJSON_AddBoolToObject(root, "report", j->report);
    cJSON_AddNumberToObject(root, "repeats", repeat);
    cJSON_AddNumberToObject(root, "figures", (double)figures);
    cJSON *tm = vs_json_obj(root, "timing"); /* wall-clock figures */
    if (!tm) {
        cJSON_Delete(root);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    cJSON_AddNumberToObject(tm, "seconds_median", bench_median(wall, (size_t)repeat));
    cJSON_AddNumberToObject(tm, "seconds_min", wall[0]);
    cJSON_AddNumberToObject(tm, "seconds_max", wall[repeat - 1]);
    cJSON_AddNumberToObject(tm, "cpu_seconds_median", cpu_med);
    return cli_json_done(root, json);
}

static vs_err_t measure(job_t *j, int repeat, const char *json)
{
    double wall[MAX_REPEAT], cpu[MAX_REPEAT];
    size_t figures = 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(j->dir, sizeof j->dir, "%s/vroomsim-bench-plot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(j->dir))
        return vs_fail(VS_EIO, "%s: cannot create a temporary folder", j->dir);
    vs_err_t err = VS_OK;
    for (int r = 0; !err && r < repeat; r++) {
        double w0 = bench_wall_s(), c0 = bench_cpu_s();
        err = once(j, &figures);
        wall[r] = bench_wall_s() - w0, cpu[r] = bench_cpu_s() - c0;
    }
    rmdir(j->dir);
    if (err)
        return err;
    double cpu_med = bench_median(cpu, (size_t)repeat), med = bench_median(wall, (size_t)repeat);
    if (json && (err = write_json(j, repeat, figures, wall, cpu_med, json)))
        return err;
    if (cli_human(json))
        printf("plot %d file%s, %s: %zu %s; median %.3f s (min %.3f, max %.3f, CPU %.3f s) over %d runs\n",
               j->n, j->n == 1 ? "" : "s", j->report ? "report" : plot_format_ext(j->fmt), figures,
               j->report ? "figures inline in one page" : "figures", med, wall[0], wall[repeat - 1], cpu_med, repeat);
    return VS_OK;
}

int cmd_bench_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'}, {"format", required_argument, 0, 'f'},
        {"report", no_argument, 0, 'R'},       CLI_OPTION_JSON,
        CLI_OPTION_HELP,                       {0, 0, 0, 0},
    };
    job_t j = {.fmt = PLOT_SVG};
    cli_common_t co = {0};
    int64_t repeat = 5;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r') {
            if ((err = cli_parse_count("--repeat", optarg, 1, MAX_REPEAT, &repeat)))
                return cli_report(err);
        } else if (c == 'f') {
            if ((err = plot_format_parse(optarg, &j.fmt)))
                return cli_report(err);
        } else if (c == 'R') {
            j.report = true;
        } else if ((rc = cli_common_option("bench plot", c, optarg, &co, help)) != CLI_NEXT) {
            return rc;
        }
    }
    if ((j.n = argc - optind) < 1)
        return cli_usage_error("bench plot", "expected at least one result file (JSON)");
    if (j.report && j.fmt != PLOT_SVG)
        return cli_usage_error("bench plot", "--report draws SVG; --format does not apply");
    j.paths = argv + optind;
    err = measure(&j, (int)repeat, co.json);
    return err ? cli_report(err) : 0;
}
