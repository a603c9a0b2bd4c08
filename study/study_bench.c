#include "study_bench.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "study_db.h"
#include "study_file.h"
#include "study_mpi.h"
#include "study_run.h"
#include "study_sweep.h"
#include "study_worker.h"
#include "vs_paths.h"

/* The sweep: the scenario once per seed 1..N, one metric. */
static vs_err_t write_sweep(const char *dir, const char *scenario, size_t points, char *path,
                            size_t len)
{
    snprintf(path, len, "%s/bench.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return vs_fail(VS_EIO, "%s: cannot write: %s", path, strerror(errno));
    fprintf(f, "sweep: 1\nname: bench\nbase: %s\nruns: %zu\nmetrics:\n"
               "  - {name: downtime_s, path: \"migrations[0].downtime.total_s\"}\n",
            scenario, points);
    return fclose(f) ? vs_fail(VS_EIO, "%s: cannot write", path) : VS_OK;
}

/* CPU time of this process and of its children waited for, user and system. */
static double cpu_s(void)
{
    struct rusage s, c;
    getrusage(RUSAGE_SELF, &s);
    getrusage(RUSAGE_CHILDREN, &c);
    return (double)(s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec + c.ru_stime.tv_sec) +
           (double)(s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec +
                    c.ru_stime.tv_usec) * 1e-6;
}

/* Every point in this process, one after another: what the runs cost without the sweep. */
static vs_err_t run_alone(const study_sweep_t *sw, double *wall)
{
    double t0 = study_now_s();
    for (size_t i = 0; i < sw->n_points; i++) {
        char *json = NULL;
        vs_err_t err = study_run_point(sw, i, &json);
        free(json);
        if (err)
            return err;
    }
    *wall = study_now_s() - t0;
    return VS_OK;
}

/* A sweep into a fresh database dir/NAME with jobs workers. */
static vs_err_t run_sweep(const study_sweep_t *sw, const char *dir, const char *name, int jobs,
                          double *wall)
{
    char db_path[PATH_MAX];
    study_db_t *db = NULL;
    study_opts_t o = {.jobs = jobs, .quiet = true, .version = "bench"};
    study_summary_t sum;
    snprintf(db_path, sizeof db_path, "%s/%s", dir, name);
    double t0 = study_now_s();
    vs_err_t err = study_db_open(db_path, sw, true, &db);
    if (!err)
        err = study_sweep_run(sw, db, &o, &sum);
    study_db_close(db);
    *wall = study_now_s() - t0;
    if (!err && sum.ok != sw->n_points)
        err = vs_fail(VS_ECHECK, "bench sweep: %zu of %zu points ok", sum.ok, sw->n_points);
    return err;
}

/* mpirun on the PATH, into buf. */
static bool find_mpirun(char *buf, size_t len)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(buf, len, "%.*s/mpirun", (int)n, p);
        if (n && access(buf, X_OK) == 0)
            return true;
        p += n + (p[n] == ':');
    }
    return false;
}

/* mpirun -np 3 --oversubscribe this binary's sweep of file: the wall time, start to exit. */
static vs_err_t run_mpi(const char *mpirun, const char *file, const char *dir, double *wall)
{
    char self[PATH_MAX], db[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return vs_fail(VS_EIO, "bench sweep: cannot find this program (/proc/self/exe)");
    self[n] = '\0';
    snprintf(db, sizeof db, "%s/mpi.db", dir);
    char *argv[] = {(char *)mpirun, "-np", "3", "--oversubscribe", "--allow-run-as-root", self,
                    "-q", "sweep", (char *)file, "--db", db, NULL};
    if (geteuid() != 0) /* Open MPI refuses root without it, and needs it only then */
        memmove(&argv[4], &argv[5], 7 * sizeof *argv);
    fflush(NULL);
    double t0 = study_now_s();
    pid_t pid = fork();
    if (pid < 0)
        return vs_fail(VS_EIO, "bench sweep: cannot start mpirun: %s", strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(mpirun, argv);
        _exit(127);
    }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    *wall = study_now_s() - t0;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        return vs_fail(VS_EDEPEND, "bench sweep: %s -np 3 ... sweep failed (status %d); run it "
                       "by hand to see why, or give --no-mpi", mpirun,
                       WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws));
    return VS_OK;
}

/* Removes dir's files (the sweep, its databases with their WAL) and dir. */
static void clean(const char *dir)
{
    static const char *const names[] = {"bench.yaml", "j1.db", "j2.db", "mpi.db", NULL};
    static const char *const tails[] = {"", "-wal", "-shm", ".old", NULL};
    char path[PATH_MAX];
    for (size_t i = 0; names[i]; i++)
        for (size_t t = 0; tails[t]; t++) {
            snprintf(path, sizeof path, "%s/%s%s", dir, names[i], tails[t]);
            unlink(path);
        }
    rmdir(dir);
}

static vs_err_t mpi_part(const study_bench_config_t *c, const char *file, const char *dir,
                         study_bench_result_t *r)
{
    char mpirun[PATH_MAX];
    r->mpi3_s = -1;
    if (!c->mpi)
        snprintf(r->mpi_note, sizeof r->mpi_note, "not asked (--no-mpi)");
    else if (!study_mpi_library())
        snprintf(r->mpi_note, sizeof r->mpi_note, "MPI is not compiled in");
    else if (!find_mpirun(mpirun, sizeof mpirun))
        snprintf(r->mpi_note, sizeof r->mpi_note, "mpirun is not on the PATH");
    else
        return run_mpi(mpirun, file, dir, &r->mpi3_s);
    return VS_OK;
}

vs_err_t study_bench_run(const study_bench_config_t *c, study_bench_result_t *r)
{
    char dir[] = "/tmp/vroomsim-bench-sweep-XXXXXX", file[PATH_MAX];
    study_sweep_t *sw = NULL;
    vs_err_t err;
    *r = (study_bench_result_t){.points = c->points, .mpi3_s = -1};
    VS_TRY(vs_data_file(VS_DATA_EXAMPLES, "diamond-sd.yaml", r->scenario, sizeof r->scenario));
    if (!mkdtemp(dir))
        return vs_fail(VS_EIO, "bench sweep: cannot make a folder in /tmp: %s", strerror(errno));
    VS_TRY(write_sweep(dir, r->scenario, c->points, file, sizeof file));
    VS_TRY(study_load(file, &sw));
    double cpu0 = cpu_s();
    VS_TRY(run_alone(sw, &r->alone_s));
    double cpu1 = cpu_s();
    VS_TRY(run_sweep(sw, dir, "j1.db", 1, &r->jobs1_s));
    r->alone_cpu_s = cpu1 - cpu0;
    r->jobs1_cpu_s = cpu_s() - cpu1;
    VS_TRY(run_sweep(sw, dir, "j2.db", 2, &r->jobs2_s));
    VS_TRY(mpi_part(c, file, dir, r));
out:
    study_free(sw);
    clean(dir);
    return err;
}
