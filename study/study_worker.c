#include "study_worker.h"

#include <errno.h>
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

/* Progress interval when stderr is not a terminal: a log, not an animation. */
#define PROGRESS_LINE_S 60.0

double study_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(study_progress_t *p, bool last)
{
    double t = study_now_s(), rate = p->done / (t - p->start > 1e-9 ? t - p->start : 1e-9);
    if (p->quiet || (!p->tty && !last && t - p->last_line < PROGRESS_LINE_S))
        return;
    p->last_line = t;
    double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    fprintf(stderr, "%ssweep: %zu/%zu points, %zu failed, %.2f points/s, ETA %.0fs%s",
            p->tty ? "\r\033[K" : "", p->done, p->total, p->failed, rate, eta,
            p->tty && !last ? "" : "\n");
}

void study_progress_start(study_progress_t *p, size_t total, bool quiet)
{
    *p = (study_progress_t){.start = study_now_s(), .total = total, .tty = isatty(2),
                            .quiet = quiet};
    p->last_line = p->start;
}

void study_progress_point(study_progress_t *p, bool ok)
{
    p->done++;
    p->failed += !ok;
    progress(p, false);
}

void study_progress_end(study_progress_t *p)
{
    if (p->total > 0)
        progress(p, true);
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

/* The child: "ok\n<json>" or "failed <status>\n<message>" on fd, then exit. */
_Noreturn static void child(const study_sweep_t *sw, size_t idx, int fd, pid_t parent)
{
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    const char *crash = getenv(STUDY_TEST_CRASH_ENV);
    char *json = NULL, head[64];
    /* A sweep killed (even by kill -9) takes its workers with it: no orphan runs on. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    /* A crash ends the child by its signal (recorded as such), whatever handlers the parent
     * had installed (an MPI library installs some). */
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], SIG_DFL);
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

vs_err_t study_worker_spawn(const study_sweep_t *sw, size_t idx, study_worker_t *w)
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
    *w = (study_worker_t){.pid = pid, .fd = fds[0], .idx = idx, .start = study_now_s()};
    return VS_OK;
}

vs_err_t study_worker_drain(study_worker_t *w, bool *eof)
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

vs_err_t study_worker_finish(study_worker_t *w, int *wait_status)
{
    bool eof = false;
    vs_err_t err = VS_OK;
    while (!eof && !(err = study_worker_drain(w, &eof)))
        ;
    if (err)
        kill(w->pid, SIGKILL);
    *wait_status = 0;
    while (waitpid(w->pid, wait_status, 0) < 0 && errno == EINTR)
        ;
    close(w->fd);
    return err;
}

void study_worker_stop(study_worker_t *ws, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        kill(ws[i].pid, SIGKILL);
        waitpid(ws[i].pid, NULL, 0);
        close(ws[i].fd);
        free(ws[i].buf);
    }
}

const char *study_host(void)
{
    static char host[256];
    if (!host[0] && gethostname(host, sizeof host - 1))
        snprintf(host, sizeof host, "unknown");
    return host;
}

vs_err_t study_record(const study_sweep_t *sw, study_db_t *db, const char *version,
                      const study_done_t *d, study_status_t *st)
{
    double metrics[sw->n_metrics + 1];
    bool nulls[sw->n_metrics + 1];
    char msg[160];
    int ws = d->wait_status;
    study_row_t row = {.idx = d->idx, .metrics = metrics, .metric_null = nulls,
                       .worker = d->pid, .rank = d->rank, .host = d->host,
                       .version = version, .timing_s = d->wall_s};
    cJSON *root = NULL;
    char *timing = NULL;
    const char *buf = d->out ? d->out : "";
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
    return err;
}
