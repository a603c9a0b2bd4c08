/* vroomsim sweep — parameter sweeps into an SQLite results database (docs/sweep.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "study_db.h"
#include "study_file.h"
#include "study_mpi.h"
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
            "  --quiet, -q    no progress on stderr (vroomsim's own -q: only errors there)\n"
            "\n"
            "Across machines: mpirun -np N vroomsim sweep FILE ... (rank 0 hands out the points\n"
            "and writes the database, which must be on its local disk; ranks 1..N-1 run them;\n"
            "--jobs does not apply). MPI in this build: %s.\n",
            study_mpi_library() ? study_mpi_library() : "not compiled in");
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

/* This process's CPU time, user and system, in seconds (its children not counted). */
static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) * 1e-6;
}

static vs_err_t summary_json(const study_sweep_t *sw, const char *db, const study_summary_t *s,
                             double cpu, const char *target)
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
    if (timing) {
        cJSON_AddNumberToObject(timing, "wall_s", s->wall_s);
        cJSON_AddNumberToObject(timing, "cpu_s", cpu);
    }
    return cli_json_done(root, target);
}

/* The summary line and JSON of a sweep that ran (or --status); returns the exit status. */
static int sweep_report(const study_sweep_t *sw, const char *db_path, const study_summary_t *sum,
                        double cpu0, const cli_common_t *co, bool status_only)
{
    vs_err_t err;
    if (co->json && (err = summary_json(sw, db_path, sum, cpu_s() - cpu0, co->json)))
        return cli_report(err);
    if (cli_human(co->json))
        printf("%s: %zu points: %zu done (%zu ok, %zu failed, %zu crashed), %zu left%s%s\n",
               sw->name, sum->points, sum->ok + sum->failed + sum->crashed, sum->ok, sum->failed,
               sum->crashed, sum->left, status_only ? "" : "; database ", status_only ? "" : db_path);
    return !status_only && (sum->failed || sum->crashed) ? 1 : 0;
}

/* On one machine: every point in a child of this process, --jobs at a time. */
static int sweep_local(const char *file, const char *db_path, bool fresh, bool status_only,
                       const study_opts_t *so, const cli_common_t *co)
{
    study_sweep_t *sw = NULL;
    study_db_t *db = NULL;
    study_summary_t sum = {0};
    double cpu0 = cpu_s();
    int rc = 0;
    vs_err_t err;
    if ((err = study_load(file, &sw)))
        goto out;
    if (status_only)
        err = study_db_open_existing(db_path, sw, &db);
    else
        err = study_db_open(db_path, sw, fresh, &db);
    if (!err)
        err = status_only ? study_sweep_count(sw, db, &sum) : study_sweep_run(sw, db, so, &sum);
    if (!err)
        rc = sweep_report(sw, db_path, &sum, cpu0, co, status_only);
out:
    study_db_close(db);
    study_free(sw);
    return err ? cli_report(err) : rc;
}

/* Under mpirun with more than one rank (study_mpi.h): every rank loads the sweep, rank 0
 * alone opens the database; they agree on going on, then rank 0 coordinates and the others
 * run points. One cause of failure is printed once. */
static int sweep_mpi(const study_mpi_t *m, const char *file, const char *db_path, bool fresh,
                     const study_opts_t *so, const cli_common_t *co)
{
    study_sweep_t *sw = NULL;
    study_db_t *db = NULL;
    study_summary_t sum = {0};
    double cpu0 = cpu_s();
    bool report = false;
    vs_err_t err = study_load(file, &sw);
    if (!err && m->rank == 0)
        err = study_db_open(db_path, sw, fresh, &db);
    int rc = study_mpi_agree(m, err, sw, &report);
    if (rc == 0) {
        err = study_mpi_sweep(m, sw, db, so, &sum);
        report = err != VS_OK;
        rc = vs_exit_status(err);
    }
    if (report)
        cli_report(err);
    else if (rc == 0 && m->rank == 0)
        rc = sweep_report(sw, db_path, &sum, cpu0, co, false);
    study_db_close(db);
    study_free(sw);
    return rc;
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
    bool fresh = false, status_only = false, jobs_given = false;
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
        jobs_given |= c == 'j';
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
    if (!study_mpi_launched())
        return sweep_local(argv[optind], db_path, fresh, status_only, &so, &co);
    study_mpi_t m;
    if ((err = study_mpi_init(&m)))
        return cli_report(err);
    if (m.size == 1) /* mpirun -np 1: this machine, as without mpirun */
        rc = sweep_local(argv[optind], db_path, fresh, status_only, &so, &co);
    else if (status_only || jobs_given)
        rc = m.rank ? 2 : cli_usage_error("sweep", "under mpirun, %s", status_only ?
                                          "--status does not apply: run it without mpirun" :
                                          "each rank runs one point at a time, so --jobs does "
                                          "not apply: start as many ranks as there are cores");
    else
        rc = sweep_mpi(&m, argv[optind], db_path, fresh, &so, &co);
    study_mpi_finalize();
    return rc;
}
