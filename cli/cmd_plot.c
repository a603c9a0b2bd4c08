/* vroomsim plot / report — figures and a report page from results (docs/plot.md). */
#include "cmd_plot.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "plot.h"
#include "plot_report.h"

static void plot_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim plot RESULT.json... [-o DIR] [--format svg|png|pdf]\n"
            "\n"
            "Draws what each result holds (docs/plot.md): a run's migration timeline, its FIB\n"
            "repopulation (new and old data plane) and its data traffic over time; a\n"
            "reproduction scorecard, seed 001's Fig. 8 (memory-copy breakdown vs routes) and\n"
            "data traffic against the data rate (Fig. 9, seed 002 Figs. 5-7); a power study; a\n"
            "maintenance or te plan; a comparison of mechanisms; a sweep summary (each metric\n"
            "against the swept axis, 95%% confidence interval, one line per group). Each figure\n"
            "is DIR/<result>-<figure>.<ext> with its data beside it as .csv; the files written\n"
            "are listed on stdout.\n"
            "\n"
            "  -o, --output DIR  where the figures go (created if missing; default .)\n"
            "  --format FMT      svg (default), png or pdf\n");
}

static void report_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim report RESULT.json... -o report.html\n"
            "\n"
            "Writes one self-contained HTML page: per result a summary table and its figures\n"
            "(SVG inline; no scripts, no network), readable in any browser and printable.\n");
}

static vs_err_t ensure_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return VS_OK;
    return vs_fail(VS_EIO, "%s: cannot create directory: %s", dir, strerror(errno));
}

/* The file's name without its folder and a trailing ".json": the figures' stem. */
static void stem_of(const char *path, char *buf, size_t len)
{
    const char *base = strrchr(path, '/');
    snprintf(buf, len, "%s", base ? base + 1 : path);
    size_t n = strlen(buf);
    if (n > 5 && strcmp(buf + n - 5, ".json") == 0)
        buf[n - 5] = '\0';
}

static void list(const plot_files_t *made, FILE *out)
{
    for (size_t i = 0; i < made->n; i++)
        fprintf(out, "%s\n%s\n", made->figures[i], made->csvs[i]);
}

vs_err_t cli_plot_tree(const cJSON *root, const char *stem, const char *dir)
{
    plot_files_t made = {0};
    vs_err_t err = ensure_dir(dir);
    if (!err)
        err = plot_result(root, stem, stem, dir, PLOT_SVG, &made);
    if (!err)
        list(&made, stderr);
    plot_files_free(&made);
    return err;
}

/* Loads every file first, so a bad one stops the command before anything is drawn. */
static vs_err_t load_all(char **paths, int n, cJSON ***out)
{
    cJSON **roots = calloc((size_t)n, sizeof *roots);
    if (!roots)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        vs_err_t err = plot_load(paths[i], &roots[i]);
        if (err) {
            for (int j = 0; j < i; j++)
                cJSON_Delete(roots[j]);
            free(roots);
            return err;
        }
    }
    *out = roots;
    return VS_OK;
}

static void free_all(cJSON **roots, int n)
{
    for (int i = 0; roots && i < n; i++)
        cJSON_Delete(roots[i]);
    free(roots);
}

int cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"format", required_argument, 0, 'f'},
        CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    const char *dir = ".";
    plot_format_t fmt = PLOT_SVG;
    cli_common_t co = {0};
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == 'o')
            dir = optarg;
        else if (c == 'f') {
            if ((err = plot_format_parse(optarg, &fmt)))
                return cli_report(err);
        } else if ((rc = cli_common_option("plot", c, optarg, &co, plot_help)) != CLI_NEXT)
            return rc;
    }
    int n = argc - optind;
    if (n < 1)
        return cli_usage_error("plot", "expected at least one result file (JSON)");
    cJSON **roots = NULL;
    plot_files_t made = {0};
    if ((err = load_all(argv + optind, n, &roots)) || (err = ensure_dir(dir)))
        goto out;
    for (int i = 0; i < n; i++) {
        char stem[256];
        stem_of(argv[optind + i], stem, sizeof stem);
        for (int j = 0; j < i; j++) { /* two results of the same name: keep both */
            char other[256];
            stem_of(argv[optind + j], other, sizeof other);
            if (strcmp(stem, other) == 0) {
                size_t l = strlen(stem);
                snprintf(stem + l, sizeof stem - l, "-%d", i + 1);
                break;
            }
        }
        if ((err = plot_result(roots[i], argv[optind + i], stem, dir, fmt, &made)))
            goto out;
    }
    list(&made, stdout);
out:
    plot_files_free(&made);
    free_all(roots, n);
    return err ? cli_report(err) : 0;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    const char *html = NULL;
    cli_common_t co = {0};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (c == 'o')
            html = optarg;
        else if ((rc = cli_common_option("report", c, optarg, &co, report_help)) != CLI_NEXT)
            return rc;
    }
    int n = argc - optind;
    if (n < 1)
        return cli_usage_error("report", "expected at least one result file (JSON)");
    if (!html)
        return cli_usage_error("report", "expected -o FILE.html");
    cJSON **roots = NULL;
    vs_err_t err = load_all(argv + optind, n, &roots);
    if (!err)
        err = plot_report((const char *const *)argv + optind, (const cJSON *const *)roots, (size_t)n, html);
    free_all(roots, n);
    return err ? cli_report(err) : 0;
}
