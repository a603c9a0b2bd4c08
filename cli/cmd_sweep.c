/* vroomsim sweep — parameter sweeps into an SQLite results database (docs/sweep.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "study_db.h"
#include "study_file.h"
#include "study_sweep.h"
#include "vs_log.h"

#ifndef VS_VERSION
#define VS_VERSION "unknown"
#endif

static void sweep_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim sweep FILE [--db DB] [--jobs N] [--json[=FILE]] [--retry-failed]\n"
            "                      [--new] [--status] [--quiet]\n"
            "\n"
            "Runs every point of a sweep file (docs/sweep.md: a base scenario, axes of key\n"
            "paths with their values, seeds, metrics) and writes one row per point into an\n"
            "SQLite database. A second run skips the points already there, so a sweep that\n"
            "was stopped (even by kill -9) resumes where it was. Exit 1 when a point failed.\n"
            "\n"
            "  --db DB        the database (default: FILE's name with .db, in this folder)\n"
            "  --jobs N       points at a time, each in its own process (default: the CPUs)\n"
            "  --json[=FILE]  a summary as JSON (schema 1) to FILE, or stdout\n"
            "  --retry-failed run the points that failed or crashed again\n"
            "  --new          start a fresh database; an existing one moves to DB.old\n"
            "  --status       print how many points are done, failed and left; run nothing\n"
            "  --quiet, -q    no progress on stderr (vroomsim's own -q: only errors there)\n");
}

/* FILE's basename less .yaml/.yml, plus .db. */
static void default_db(const char *file, char *buf, size_t len)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(base + n - 4, ".yml"))
        n -= 4;
    snprintf(buf, len, "%.*s.db", (int)n, base);
}

static vs_err_t summary_json(const study_sweep_t *sw, const char *db, const study_summary_t *s,
                             const char *target)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "sweep", sw->name);
    cJSON_AddStringToObject(root, "db", db);
    cJSON_AddNumberToObject(root, "points", (double)s->points);
    cJSON_AddNumberToObject(root, "ok", (double)s->ok);
    cJSON_AddNumberToObject(root, "failed", (double)s->failed);
    cJSON_AddNumberToObject(root, "crashed", (double)s->crashed);
    cJSON_AddNumberToObject(root, "left", (double)s->left);
    cJSON_AddNumberToObject(root, "ran", (double)s->ran);
    cJSON *timing = cJSON_AddObjectToObject(root, "timing");
    if (timing)
        cJSON_AddNumberToObject(timing, "wall_s", s->wall_s);
    return cli_json_done(root, target);
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"jobs", required_argument, 0, 'j'}, CLI_OPTION_JSON,
        {"retry-failed", no_argument, 0, 'r'}, {"new", no_argument, 0, 'n'},
        {"status", no_argument, 0, 's'}, CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    study_opts_t so = {.version = VS_VERSION};
    const char *db_path = NULL;
    bool fresh = false, status_only = false;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int64_t jobs = cpus > 0 ? cpus : 1;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'd')
            db_path = optarg;
        else if (c == 'j' && (err = cli_parse_count("--jobs", optarg, 1, 4096, &jobs)))
            return cli_report(err);
        else if (c == 'r')
            so.retry_failed = true;
        else if (c == 'n')
            fresh = true;
        else if (c == 's')
            status_only = true;
        else if (c != 'j' && (rc = cli_common_option("sweep", c, optarg, &co, sweep_help)) != CLI_NEXT)
            return rc;
    }
    if (argc - optind != 1)
        return cli_usage_error("sweep", "expected one sweep file");
    if (status_only && fresh)
        return cli_usage_error("sweep", "--status reads the database; --new would replace it");
    so.jobs = (int)jobs;
    /* main takes -q/--quiet wherever it is (errors only); progress is not an error. */
    so.quiet = !vs_log_enabled(VS_LOG_WARN, "study");
    char dbbuf[4096];
    if (!db_path) {
        default_db(argv[optind], dbbuf, sizeof dbbuf);
        db_path = dbbuf;
    }
    study_sweep_t *sw = NULL;
    study_db_t *db = NULL;
    study_summary_t sum = {0};
    if ((err = study_load(argv[optind], &sw)))
        goto out;
    if (status_only) {
        if ((err = study_db_open_existing(db_path, sw, &db)) || (err = study_sweep_count(sw, db, &sum)))
            goto out;
    } else {
        if ((err = study_db_open(db_path, sw, fresh, &db)) || (err = study_sweep_run(sw, db, &so, &sum)))
            goto out;
    }
    if (co.json && (err = summary_json(sw, db_path, &sum, co.json)))
        goto out;
    if (cli_human(co.json))
        printf("%s: %zu points: %zu done (%zu ok, %zu failed, %zu crashed), %zu left%s%s\n",
               sw->name, sum.points, sum.ok + sum.failed + sum.crashed, sum.ok, sum.failed,
               sum.crashed, sum.left, status_only ? "" : "; database ", status_only ? "" : db_path);
out:
    study_db_close(db);
    study_free(sw);
    if (err)
        return cli_report(err);
    return !status_only && (sum.failed || sum.crashed) ? 1 : 0;
}
