/* vroomsim reproduce — the papers' figures, re-run and judged (REPRODUCE.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_plot.h"
#include "repro_run.h"
#include "vs_out.h"

static void help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim reproduce [ID...] [--json[=FILE]] [--seed N] [--list]\n"
            "\n"
            "Runs the scenarios behind the seed papers' figures and prints, per target and cell,\n"
            "the paper's value, the simulated value, the tolerance and the verdict. With no ID,\n"
            "every implemented target runs. --list shows all targets and whether each is\n"
            "implemented. A target that cannot run (its data is missing, say) is an error and the\n"
            "others still run; a totals line ends the output. Exit status 0 only when every\n"
            "selected target is ok, else 1.\n"
            "\n"
            "  --plot DIR  draw the scorecard into DIR as SVG (as 'vroomsim plot' does)\n");
}

static void print_cells(const cJSON *t)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(t, "cells"))
    {
        const cJSON *paper = cJSON_GetObjectItem(c, "paper");
        char pbuf[64];
        if (cJSON_IsNumber(paper))
            snprintf(pbuf, sizeof pbuf, "%.6g", paper->valuedouble);
        else
            snprintf(pbuf, sizeof pbuf, "%.60s", paper->valuestring);
        printf("    %-28s paper %-14s simulated %-12.6g %-10s %s\n",
               cJSON_GetObjectItem(c, "name")->valuestring, pbuf,
               cJSON_GetObjectItem(c, "simulated")->valuedouble,
               cJSON_GetObjectItem(c, "tolerance")->valuestring,
               cJSON_IsTrue(cJSON_GetObjectItem(c, "ok")) ? "ok" : "FAIL");
    }
}

/* Every target with its cells (or why it could not run), then the totals by status. */
static void print_table(const cJSON *root)
{
    static const char *const statuses[] = {"ok", "fail", "error", "not-implemented"};
    int count[4] = {0};
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(root, "targets"))
    {
        const char *status = cJSON_GetObjectItem(t, "status")->valuestring;
        printf("%-20s %-12s %s\n", cJSON_GetObjectItem(t, "id")->valuestring,
               cJSON_GetObjectItem(t, "kind")->valuestring, status);
        for (int i = 0; i < 4; i++)
            count[i] += strcmp(status, statuses[i]) == 0;
        const cJSON *msg = cJSON_GetObjectItem(t, "message");
        if (cJSON_IsString(msg))
            printf("    %s\n", msg->valuestring);
        print_cells(t);
    }
    printf("totals: %d ok, %d fail, %d error", count[0], count[1], count[2]);
    if (count[3])
        printf(", %d not implemented", count[3]);
    printf("\n");
}

/* Progress for people: on stderr, only when it is a terminal. */
static void progress(const char *id, int index, int count)
{
    fprintf(stderr, "\r\033[K[%d/%d] %s", index + 1, count, id);
    fflush(stderr);
}

int cmd_reproduce(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON, CLI_OPTION_SEED, {"list", no_argument, 0, 'l'}, CLI_OPTION_PLOT, CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    cli_common_t co = {.seed = 1};
    const char *plot_dir = NULL;
    vs_err_t err;
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'l') {
            for (const repro_target_t *t = repro_targets; t->id; t++)
                printf("%-20s %-25s %-16s %s\n", t->id, t->kind,
                       t->run ? "implemented" : "not-implemented", t->what);
            return 0;
        }
        if (c == CLI_OPT_PLOT) {
            plot_dir = optarg;
            continue;
        }
        if ((rc = cli_common_option("reproduce", c, optarg, &co, help)) != CLI_NEXT)
            return rc;
    }
    const char *json = co.json;
    cJSON *root;
    bool all_ok;
    err = repro_run((const char *const *)argv + optind, argc - optind, co.seed,
                    isatty(STDERR_FILENO) ? progress : NULL, &root, &all_ok);
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
    if (err)
        return cli_report(err);
    if (json)
        err = vs_json_write(root, json);
    if (!err && plot_dir && cJSON_GetArraySize(cJSON_GetObjectItem(root, "targets")) > 0)
        err = cli_plot_tree(root, "reproduce", plot_dir);
    if (cli_human(json))
        print_table(root);
    if (cJSON_GetArraySize(cJSON_GetObjectItem(root, "targets")) == 0 && !json)
        printf("no reproduction target is implemented yet (see --list)\n");
    cJSON_Delete(root);
    if (err)
        return cli_report(err);
    return all_ok ? 0 : 1;
}
