#include "study_sweep.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "study_run.h"

/* A worker busy with one point; the parent collects what it writes until end of file. */
typedef struct {
    pid_t pid;
    int fd;
    size_t idx;
    char *buf;
    size_t len, cap;
    double start;
} worker_t;

typedef struct {
    double start, last_line;
    size_t done, total, failed;
    bool tty, quiet;
} progress_t;

/* Progress interval when stderr is not a terminal: a log, not an animation. */
#define PROGRESS_LINE_S 60.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(progress_t *p, bool last)
{
    double t = now_s(), rate = p->done / (t - p->start > 1e-9 ? t - p->start : 1e-9);
    if (p->quiet || (!p->tty && !last && t - p->last_line < PROGRESS_LINE_S))
        return;
    p->last_line = t;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    fprintf(stderr, "%ssweep: %zu/%zu points, %zu failed, %.2f points/s, ETA %.0fs%s",
            p->tty ? "\r\033[K" : "", p->done, p->total, p->failed, rate, eta,
            p->tty && !last ? "" : "\n");
}

static void write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

/* The worker: "ok\n<json>" or "failed <status>\n<message>" on fd, then exit. */
_Noreturn static void child(const study_sweep_t *sw, size_t idx, int fd, pid_t parent)
{
    const char *crash = getenv(STUDY_TEST_CRASH_ENV);
    char *json = NULL, head[64];
    /* A sweep killed (even by kill -9) takes its workers with it: no orphan runs on. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    if (crash && *crash && strtoul(crash, NULL, 10) == idx)
        raise(SIGKILL);
    vs_err_t err = study_run_point(sw, idx, &json);
    if (err) {
        int n = snprintf(head, sizeof head, "failed %d\n", vs_exit_status(err));
        write_all(fd, head, (size_t)n);
        write_all(fd, vs_errmsg(), strlen(vs_errmsg()));
    } else {
        write_all(fd, "ok\n", 3);
        write_all(fd, json, strlen(json));
    }
    free(json);
    _exit(0);
}

static vs_err_t spawn(const study_sweep_t *sw, size_t idx, worker_t *w)
{
    int fds[2];
    if (pipe(fds))
        return vs_fail(VS_EIO, "cannot make a pipe for a worker: %s", strerror(errno));
    fflush(NULL); /* nothing buffered is written twice */
    pid_t parent = getpid(), pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return vs_fail(VS_EIO, "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        child(sw, idx, fds[1], parent);
    }
    close(fds[1]);
    *w = (worker_t){.pid = pid, .fd = fds[0], .idx = idx, .start = now_s()};
    return VS_OK;
}

/* Reads what is there; *eof at end of file. */
static vs_err_t drain(worker_t *w, bool *eof)
{
    *eof = false;
    if (w->cap - w->len < 4096) {
        size_t cap = w->cap ? w->cap * 2 : 65536;
        char *bigger = realloc(w->buf, cap);
        if (!bigger)
            return vs_fail(VS_ENOMEM, "out of memory");
        w->buf = bigger;
        w->cap = cap;
    }
    ssize_t n = read(w->fd, w->buf + w->len, w->cap - w->len - 1);
    if (n < 0 && errno == EINTR)
        return VS_OK;
    if (n <= 0)
        *eof = true;
    else
        w->len += (size_t)n;
    w->buf[w->len] = '\0';
    return VS_OK;
}

/* The row of a worker that has ended with wait status ws. */
static vs_err_t record(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o,
                       worker_t *w, int ws, study_summary_t *sum, study_status_t *st)
{
    double metrics[sw->n_metrics + 1];
    bool nulls[sw->n_metrics + 1];
    char msg[160];
    study_row_t row = {.idx = w->idx, .metrics = metrics, .metric_null = nulls,
                       .worker = (long)w->pid, .version = o->version,
                       .timing_s = now_s() - w->start};
    cJSON *root = NULL;
    char *timing = NULL;
    const char *buf = w->buf ? w->buf : "";
    if (WIFSIGNALED(ws)) {
        row.status = STUDY_CRASHED;
        row.signal = WTERMSIG(ws);
        snprintf(msg, sizeof msg, "worker ended by signal %d (%s)", row.signal, strsignal(row.signal));
        row.message = msg;
    } else if (!strncmp(buf, "ok\n", 3) && (root = cJSON_Parse(buf + 3))) {
        row.status = STUDY_OK;
        row.result = buf + 3;
        for (size_t m = 0; m < sw->n_metrics; m++)
            study_metric_get(root, sw->metrics[m].path, &metrics[m], &nulls[m]);
        cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "timing");
        row.timing = t ? (timing = cJSON_PrintUnformatted(t)) : NULL;
    } else if (!strncmp(buf, "failed ", 7)) {
        row.status = STUDY_FAILED;
        row.exit_status = atoi(buf + 7);
        row.message = strchr(buf, '\n') ? strchr(buf, '\n') + 1 : "";
    } else {
        row.status = STUDY_FAILED;
        row.exit_status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 3;
        snprintf(msg, sizeof msg, "worker exited with status %d without a result", row.exit_status);
        row.message = msg;
    }
    vs_err_t err = study_db_put(db, sw, &row);
    *st = row.status;
    cJSON_Delete(root);
    free(timing);
    sum->ran++;
    return err;
}

static void stop_all(worker_t *ws, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kill(ws[i].pid, SIGKILL);
        waitpid(ws[i].pid, NULL, 0);
        close(ws[i].fd);
        free(ws[i].buf);
    }
}

/* Waits for output of any worker; finishes those at end of file. */
static vs_err_t step(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o,
                     worker_t *ws, size_t *n_active, study_summary_t *sum, progress_t *p)
{
    struct pollfd pf[*n_active];
    for (size_t i = 0; i < *n_active; i++)
        pf[i] = (struct pollfd){.fd = ws[i].fd, .events = POLLIN};
    if (poll(pf, *n_active, -1) < 0 && errno != EINTR)
        return vs_fail(VS_EIO, "waiting for workers: %s", strerror(errno));
    vs_err_t err = VS_OK;
    for (size_t i = *n_active; i-- > 0 && !err;) {
        bool eof = false;
        if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)) || (err = drain(&ws[i], &eof)) || !eof)
            continue;
        int status = 0;
        while (waitpid(ws[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        close(ws[i].fd);
        study_status_t st = STUDY_FAILED;
        err = record(sw, db, o, &ws[i], status, sum, &st);
        free(ws[i].buf);
        ws[i] = ws[--*n_active];
        p->done++;
        p->failed += st != STUDY_OK;
        progress(p, false);
    }
    return err;
}

vs_err_t study_sweep_count(const study_sweep_t *sw, study_db_t *db, study_summary_t *sum)
{
    study_status_t *st = malloc((sw->n_points + 1) * sizeof *st);
    vs_err_t err;
    *sum = (study_summary_t){.points = sw->n_points};
    if (!st)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (!(err = study_db_statuses(db, sw->n_points, st)))
        for (size_t i = 0; i < sw->n_points; i++) {
            sum->ok += st[i] == STUDY_OK;
            sum->failed += st[i] == STUDY_FAILED;
            sum->crashed += st[i] == STUDY_CRASHED;
            sum->left += st[i] == STUDY_LEFT;
        }
    free(st);
    return err;
}

vs_err_t study_sweep_run(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o,
                         study_summary_t *sum)
{
    study_status_t *st = malloc((sw->n_points + 1) * sizeof *st);
    size_t jobs = o->jobs > 0 ? (size_t)o->jobs : 1, n_active = 0, next = 0;
    worker_t *ws = calloc(jobs, sizeof *ws);
    progress_t p = {.start = now_s(), .tty = isatty(2), .quiet = o->quiet};
    vs_err_t err;
    *sum = (study_summary_t){.points = sw->n_points};
    if (!st || !ws)
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    VS_TRY(study_db_statuses(db, sw->n_points, st));
    for (size_t i = 0; i < sw->n_points; i++)
        p.total += st[i] == STUDY_LEFT || (o->retry_failed && st[i] != STUDY_OK);
    p.last_line = p.start;
    /* Points in order; a worker's slot is refilled as soon as it ends. */
    while (next < sw->n_points || n_active > 0) {
        while (n_active < jobs && next < sw->n_points) {
            size_t i = next++;
            if (st[i] == STUDY_LEFT || (o->retry_failed && st[i] != STUDY_OK))
                VS_TRY(spawn(sw, i, &ws[n_active++]));
        }
        if (n_active > 0)
            VS_TRY(step(sw, db, o, ws, &n_active, sum, &p));
    }
    if (p.total > 0)
        progress(&p, true);
    size_t ran = sum->ran;
    VS_TRY(study_sweep_count(sw, db, sum));
    sum->ran = ran;
out:
    stop_all(ws, n_active);
    sum->wall_s = now_s() - p.start;
    free(ws);
    free(st);
    return err;
}
