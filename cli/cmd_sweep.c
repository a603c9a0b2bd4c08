/* vroomsim sweep — parameter sweeps into an SQLite results database (docs/sweep.md). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "study_bench.h"
#include "study_db.h"
#include "study_file.h"
#include "study_mpi.h"
#include "cmd_plot.h"
#include "study_summary.h"
#include "study_sweep.h"
#include "vs_log.h"
#include "vs_out.h"

#ifndef VS_VERSION
#define VS_VERSION "unknown"
#endif

static void sweep_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim sweep FILE [--db DB] [--jobs N] [--json[=FILE]] [--retry-failed]\n"
            "                      [--new] [--quiet]\n"
            "       vroomsim sweep FILE [--db DB] [--status] [--summary [--by AXIS]...]\n"
            "                      [--summary-csv OUT] [--csv OUT] [--json[=FILE]] [--plot DIR]\n"
            "\n"
            "Runs every point of a sweep file (docs/sweep.md: a base, a scenario, a power\n"
            "study or a timers what-if; axes of key paths or of the base command's options;\n"
            "seeds; metrics) and writes one row per point into an SQLite database. A second\n"
            "run skips the points already there, so a sweep that was stopped (even by\n"
            "kill -9) resumes where it was. Exit 1 when a point failed.\n"
            "\n"
            "  --db DB        the database (default: FILE's name with .db, in this folder)\n"
            "  --jobs N       points at a time, each in its own process (default: the CPUs)\n"
            "  --json[=FILE]  the counts (or with --summary, the summary) as JSON, schema 1, to\n"
            "                 FILE or stdout\n"
            "  --retry-failed run the points that failed or crashed again\n"
            "  --new          start a fresh database; an existing one moves to DB.old\n"
            "  --quiet, -q    no progress on stderr (vroomsim's own -q: only errors there)\n"
            "\n"
            "Reading the database (these run nothing):\n"
            "  --status       print how many points are done, failed and left\n"
            "  --summary      per group and metric: n, mean, sd, 95%% confidence interval of the\n"
            "                 mean (Student's t), min, max, over the ok rows\n"
            "  --by AXIS      group by this axis (its path, the path's last key, or 'seed');\n"
            "                 repeatable; none: one group\n"
            "  --summary-csv OUT  the summary as CSV\n"
            "  --csv OUT      every row as CSV (without the result and timing JSON)\n"
            "  --plot DIR     the summary drawn into DIR, as 'vroomsim plot' draws --summary\n"
            "                 --json (grouped by --by, else by every axis); also after a run\n"
            "\n"
            "Across machines: mpirun -np N vroomsim sweep FILE ... (rank 0 hands out the points\n"
            "and writes the database, which must be on its local disk; ranks 1..N-1 run them;\n"
            "--jobs does not apply). MPI in this build: %s.\n",
            study_mpi_library() ? study_mpi_library() : "not compiled in");
}

/* The command line, parsed. */
typedef struct {
    const char *file, *db;
    bool fresh, status, summary, jobs_given;
    const char *csv, *summary_csv;
    const char *plot;         /* --plot DIR: the summary drawn (cmd_plot.h) */
    const char **by;
    size_t n_by;
    study_opts_t so;
    cli_common_t co;
} sweep_args_t;

static bool reads_only(const sweep_args_t *a)
{
    return a->status || a->summary || a->csv || a->summary_csv;
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
static int sweep_report(const study_sweep_t *sw, const sweep_args_t *a, const study_summary_t *sum,
                        double cpu0, bool json)
{
    vs_err_t err;
    if (json && a->co.json && (err = summary_json(sw, a->db, sum, cpu_s() - cpu0, a->co.json)))
        return cli_report(err);
    if (cli_human(a->co.json))
        printf("%s: %zu points: %zu done (%zu ok, %zu failed, %zu crashed), %zu left%s%s\n",
               sw->name, sum->points, sum->ok + sum->failed + sum->crashed, sum->ok, sum->failed,
               sum->crashed, sum->left, a->status ? "" : "; database ", a->status ? "" : a->db);
    return !a->status && (sum->failed || sum->crashed) ? 1 : 0;
}

/* --csv: every row, written whole or not at all. */
static vs_err_t rows_csv(study_db_t *db, const char *path)
{
    vs_outfile_t *f = NULL;
    vs_err_t err = vs_out_open(path, &f);
    if (!err && (err = study_db_csv(db, vs_out_stream(f))))
        vs_out_abort(f);
    else if (!err)
        err = vs_out_commit(f);
    return err;
}

static vs_err_t summary_csv(const study_sweep_t *sw, const study_summary_table_t *t, const char *path)
{
    vs_outfile_t *f = NULL;
    vs_err_t err = vs_out_open(path, &f);
    if (!err) {
        study_summary_csv(sw, t, vs_out_stream(f));
        err = vs_out_commit(f);
    }
    return err;
}

/* --summary, --summary-csv, --csv: from the database as it is. */
static vs_err_t sweep_read(const study_sweep_t *sw, study_db_t *db, const sweep_args_t *a)
{
    study_summary_table_t *t = NULL;
    vs_err_t err = VS_OK;
    if ((a->summary || a->summary_csv) && (err = study_summarize(sw, db, a->by, a->n_by, &t)))
        return err;
    if (a->summary && a->co.json) {
        cJSON *root = study_summary_json(sw, t);
        err = root ? cli_json_done(root, a->co.json) : vs_fail(VS_ENOMEM, "out of memory");
    }
    if (!err && a->summary && cli_human(a->co.json))
        study_summary_print(sw, t, stdout);
    if (!err && a->summary_csv)
        err = summary_csv(sw, t, a->summary_csv);
    if (!err && a->csv)
        err = rows_csv(db, a->csv);
    study_summary_free(t);
    return err;
}

/* --plot DIR: the summary (grouped by --by, else by every axis) drawn as vroomsim plot
 * draws its JSON. */
static vs_err_t sweep_plot(const study_sweep_t *sw, study_db_t *db, const sweep_args_t *a)
{
    study_summary_table_t *t = NULL;
    const char **by = a->by;
    size_t n_by = a->n_by;
    const char *every[64];
    if (n_by == 0) {
        for (; n_by < sw->n_axes && n_by < 64; n_by++)
            every[n_by] = sw->axes[n_by].path;
        by = every;
    }
    vs_err_t err = study_summarize(sw, db, by, n_by, &t);
    cJSON *root = err ? NULL : study_summary_json(sw, t);
    if (!err && !root)
        err = vs_fail(VS_ENOMEM, "out of memory");
    if (!err)
        err = cli_plot_tree(root, "sweep", a->plot);
    cJSON_Delete(root);
    study_summary_free(t);
    return err;
}

/* On one machine: every point in a child of this process, --jobs at a time; or, reading
 * only, the database's counts, summary and rows. */
static int sweep_local(const sweep_args_t *a)
{
    study_sweep_t *sw = NULL;
    study_db_t *db = NULL;
    study_summary_t sum = {0};
    double cpu0 = cpu_s();
    int rc = 0;
    vs_err_t err;
    if ((err = study_load(a->file, &sw)))
        goto out;
    if (reads_only(a))
        err = study_db_open_existing(a->db, sw, &db);
    else
        err = study_db_open(a->db, sw, a->fresh, &db);
    if (!err)
        err = reads_only(a) ? study_sweep_count(sw, db, &sum) : study_sweep_run(sw, db, &a->so, &sum);
    if (!err && (!reads_only(a) || a->status))
        rc = sweep_report(sw, a, &sum, cpu0, !a->summary);
    if (!err && reads_only(a))
        err = sweep_read(sw, db, a);
    if (!err && a->plot)
        err = sweep_plot(sw, db, a);
out:
    study_db_close(db);
    study_free(sw);
    return err ? cli_report(err) : rc;
}

/* Under mpirun with more than one rank (study_mpi.h): every rank loads the sweep, rank 0
 * alone opens the database; they agree on going on, then rank 0 coordinates and the others
 * run points. One cause of failure is printed once. */
static int sweep_mpi(const study_mpi_t *m, const sweep_args_t *a)
{
    study_sweep_t *sw = NULL;
    study_db_t *db = NULL;
    study_summary_t sum = {0};
    double cpu0 = cpu_s();
    bool report = false;
    vs_err_t err = study_load(a->file, &sw);
    if (!err && m->rank == 0)
        err = study_db_open(a->db, sw, a->fresh, &db);
    int rc = study_mpi_agree(m, err, sw, &report);
    if (rc == 0) {
        err = study_mpi_sweep(m, sw, db, &a->so, &sum);
        report = err != VS_OK;
        rc = vs_exit_status(err);
    }
    if (report)
        cli_report(err);
    else if (rc == 0 && m->rank == 0)
        rc = sweep_report(sw, a, &sum, cpu0, true);
    if (rc == 0 && m->rank == 0 && a->plot && (err = sweep_plot(sw, db, a)))
        rc = cli_report(err);
    study_db_close(db);
    study_free(sw);
    return rc;
}

/* Under a launcher: MPI, or this machine alone with one rank. */
static int sweep_launched(const sweep_args_t *a)
{
    study_mpi_t m;
    int rc;
    vs_err_t err;
    if ((err = study_mpi_init(&m)))
        return cli_report(err);
    if (m.size == 1) /* mpirun -np 1: this machine, as without mpirun */
        rc = sweep_local(a);
    else if (reads_only(a) || a->jobs_given)
        rc = m.rank ? 2 : cli_usage_error("sweep", "under mpirun, %s", reads_only(a) ?
                                          "reading the database does not apply: run it without "
                                          "mpirun" : "each rank runs one point at a time, so "
                                          "--jobs does not apply: start as many ranks as there "
                                          "are cores");
    else
        rc = sweep_mpi(&m, a);
    study_mpi_finalize();
    return rc;
}

enum { OPT_SUMMARY_CSV = CLI_OPT_PLOT + 1, OPT_CSV };

/* Parses the options into *a; returns CLI_NEXT, or the exit status. */
static int sweep_options(int argc, char **argv, sweep_args_t *a)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"jobs", required_argument, 0, 'j'}, CLI_OPTION_JSON,
        {"retry-failed", no_argument, 0, 'r'}, {"new", no_argument, 0, 'n'},
        {"status", no_argument, 0, 's'}, {"summary", no_argument, 0, 'S'},
        {"by", required_argument, 0, 'b'}, {"summary-csv", required_argument, 0, OPT_SUMMARY_CSV},
        {"csv", required_argument, 0, OPT_CSV}, CLI_OPTION_PLOT, CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int64_t jobs = cpus > 0 ? cpus : 1;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'd')
            a->db = optarg;
        else if (c == 'j' && (err = cli_parse_count("--jobs", optarg, 1, 4096, &jobs)))
            return cli_report(err);
        else if (c == 'r')
            a->so.retry_failed = true;
        else if (c == 'n')
            a->fresh = true;
        else if (c == 's')
            a->status = true;
        else if (c == 'S')
            a->summary = true;
        else if (c == 'b')
            a->by[a->n_by++] = optarg;
        else if (c == OPT_SUMMARY_CSV)
            a->summary_csv = optarg;
        else if (c == OPT_CSV)
            a->csv = optarg;
        else if (c == CLI_OPT_PLOT)
            a->plot = optarg;
        else if (c != 'j' && (rc = cli_common_option("sweep", c, optarg, &a->co, sweep_help)) != CLI_NEXT)
            return rc;
        a->jobs_given |= c == 'j';
    }
    a->so.jobs = (int)jobs;
    if (argc - optind != 1)
        return cli_usage_error("sweep", "expected one sweep file");
    a->file = argv[optind];
    if (reads_only(a) && (a->fresh || a->so.retry_failed))
        return cli_usage_error("sweep", "--status, --summary and --csv read the database; %s",
                               a->fresh ? "--new would replace it" : "--retry-failed runs points");
    if (a->n_by && !a->summary && !a->summary_csv && !a->plot)
        return cli_usage_error("sweep", "--by groups a summary: add --summary, --summary-csv or "
                                        "--plot DIR");
    if ((a->csv && (err = vs_out_check(a->csv))) ||
        (a->summary_csv && (err = vs_out_check(a->summary_csv))))
        return cli_report(err);
    return CLI_NEXT;
}

int cmd_sweep(int argc, char **argv)
{
    const char *by[argc + 1];
    sweep_args_t a = {.so = {.version = VS_VERSION}, .by = by};
    int rc = sweep_options(argc, argv, &a);
    if (rc != CLI_NEXT)
        return rc;
    /* main takes -q/--quiet wherever it is (errors only); progress is not an error. */
    a.so.quiet = !vs_log_enabled(VS_LOG_WARN, "study");
    char dbbuf[4096];
    if (!a.db) {
        default_db(a.file, dbbuf, sizeof dbbuf);
        a.db = dbbuf;
    }
    return study_mpi_launched() ? sweep_launched(&a) : sweep_local(&a);
}

/* ---- vroomsim bench sweep ---------------------------------------------------------------- */

static void bench_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench sweep [--points N] [--no-mpi] [--json[=FILE]]\n"
            "\n"
            "What a sweep costs beyond its runs: N points (default 1000) of\n"
            "examples/diamond-sd.yaml, one per seed, run in this process one after another\n"
            "(the runs alone), then as a sweep with --jobs 1, with --jobs 2, and under\n"
            "mpirun -np 3 --oversubscribe (one coordinator, two workers) when MPI is compiled\n"
            "in and mpirun is on the PATH (--no-mpi: not). JSON (schema 1): benchmark,\n"
            "points, scenario, mpi; under timing: alone_s, jobs1_s, jobs2_s, mpi3_s,\n"
            "overhead_ms_per_point ((jobs1 - alone) / N), speedup_jobs2 (jobs1 / jobs2),\n"
            "speedup_mpi3 (jobs1 / mpi3, mpirun's start included); alone_cpu_s, jobs1_cpu_s\n"
            "and overhead_cpu_ms_per_point, the same in CPU time (this process and its\n"
            "children), which a busy machine's waits for a core do not inflate.\n");
}

static vs_err_t bench_json(const study_bench_result_t *r, const char *target)
{
    double n = (double)r->points;
    cJSON *root = cJSON_CreateObject(), *t;
    if (!root || !(t = cJSON_AddObjectToObject(root, "timing")))
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "benchmark", "sweep");
    cJSON_AddNumberToObject(root, "points", n);
    cJSON_AddStringToObject(root, "scenario", r->scenario);
    cJSON_AddStringToObject(root, "mpi", r->mpi3_s < 0 ? r->mpi_note : "mpirun -np 3");
    cJSON_AddNumberToObject(t, "alone_s", r->alone_s);
    cJSON_AddNumberToObject(t, "jobs1_s", r->jobs1_s);
    cJSON_AddNumberToObject(t, "jobs2_s", r->jobs2_s);
    cJSON_AddNumberToObject(t, "overhead_ms_per_point", (r->jobs1_s - r->alone_s) / n * 1e3);
    cJSON_AddNumberToObject(t, "alone_cpu_s", r->alone_cpu_s);
    cJSON_AddNumberToObject(t, "jobs1_cpu_s", r->jobs1_cpu_s);
    cJSON_AddNumberToObject(t, "overhead_cpu_ms_per_point",
                            (r->jobs1_cpu_s - r->alone_cpu_s) / n * 1e3);
    cJSON_AddNumberToObject(t, "speedup_jobs2", r->jobs1_s / r->jobs2_s);
    if (r->mpi3_s >= 0) {
        cJSON_AddNumberToObject(t, "mpi3_s", r->mpi3_s);
        cJSON_AddNumberToObject(t, "speedup_mpi3", r->jobs1_s / r->mpi3_s);
    }
    return cli_json_done(root, target);
}

int cmd_bench_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"points", required_argument, 0, 'p'}, {"no-mpi", no_argument, 0, 'n'},
        CLI_OPTION_JSON, CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    study_bench_config_t c = {.points = 1000, .mpi = true};
    study_bench_result_t r;
    cli_common_t co = {0};
    int64_t v;
    int ch, rc;
    vs_err_t err;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (ch == 'p' && (err = cli_parse_count("--points", optarg, 1, STUDY_MAX_POINTS, &v)))
            return cli_report(err);
        else if (ch == 'p')
            c.points = (size_t)v;
        else if (ch == 'n')
            c.mpi = false;
        else if ((rc = cli_common_option("bench sweep", ch, optarg, &co, bench_help)) != CLI_NEXT)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error("bench sweep", "unexpected argument '%s'", argv[optind]);
    if ((err = study_bench_run(&c, &r)) || (co.json && (err = bench_json(&r, co.json))))
        return cli_report(err);
    if (cli_human(co.json)) {
        double n = (double)r.points;
        printf("sweep: %zu points of %s: alone %.3f s, --jobs 1 %.3f s (overhead %.3f ms/point; "
               "CPU %.3f ms/point), --jobs 2 %.3f s (speed-up %.2fx)", r.points, r.scenario,
               r.alone_s, r.jobs1_s, (r.jobs1_s - r.alone_s) / n * 1e3,
               (r.jobs1_cpu_s - r.alone_cpu_s) / n * 1e3, r.jobs2_s, r.jobs1_s / r.jobs2_s);
        if (r.mpi3_s >= 0)
            printf(", mpirun -np 3 %.3f s (speed-up %.2fx)\n", r.mpi3_s, r.jobs1_s / r.mpi3_s);
        else
            printf("; MPI: %s\n", r.mpi_note);
    }
    return 0;
}
