#include "study_sweep.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "study_worker.h"

/* Waits for output of any worker; finishes those at end of file. */
static vs_err_t step(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o,
                     study_worker_t *ws, size_t *n_active, study_summary_t *sum,
                     study_progress_t *p)
{
    struct pollfd pf[*n_active];
    for (size_t i = 0; i < *n_active; i++)
        pf[i] = (struct pollfd){.fd = ws[i].fd, .events = POLLIN};
    if (poll(pf, *n_active, -1) < 0 && errno != EINTR)
        return vs_fail(VS_EIO, "waiting for workers: %s", strerror(errno));
    vs_err_t err = VS_OK;
    for (size_t i = *n_active; i-- > 0 && !err;) {
        bool eof = false;
        if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)) ||
            (err = study_worker_drain(&ws[i], &eof)) || !eof)
            continue;
        int status = 0;
        while (waitpid(ws[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        close(ws[i].fd);
        study_status_t st = STUDY_FAILED;
        study_done_t d = {.idx = ws[i].idx, .out = ws[i].buf, .wait_status = status,
                          .pid = (long)ws[i].pid, .rank = -1, .host = study_host(),
                          .wall_s = study_now_s() - ws[i].start};
        err = study_record(sw, db, o->version, &d, &st);
        sum->ran++;
        free(ws[i].buf);
        ws[i] = ws[--*n_active];
        study_progress_point(p, st == STUDY_OK);
    }
    return err;
}

bool study_wanted(const study_opts_t *o, study_status_t st)
{
    return st == STUDY_LEFT || (o->retry_failed && st != STUDY_OK);
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
    size_t jobs = o->jobs > 0 ? (size_t)o->jobs : 1, n_active = 0, next = 0, total = 0;
    study_worker_t *ws = calloc(jobs, sizeof *ws);
    study_progress_t p;
    vs_err_t err;
    study_progress_start(&p, 0, o->quiet);
    *sum = (study_summary_t){.points = sw->n_points};
    if (!st || !ws)
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    VS_TRY(study_db_statuses(db, sw->n_points, st));
    for (size_t i = 0; i < sw->n_points; i++)
        total += study_wanted(o, st[i]);
    study_progress_start(&p, total, o->quiet);
    /* Points in order; a worker's slot is refilled as soon as it ends. */
    while (next < sw->n_points || n_active > 0) {
        while (n_active < jobs && next < sw->n_points) {
            size_t i = next++;
            if (study_wanted(o, st[i]))
                VS_TRY(study_worker_spawn(sw, i, &ws[n_active++]));
        }
        if (n_active > 0)
            VS_TRY(step(sw, db, o, ws, &n_active, sum, &p));
    }
    study_progress_end(&p);
    size_t ran = sum->ran;
    VS_TRY(study_sweep_count(sw, db, sum));
    sum->ran = ran;
out:
    study_worker_stop(ws, n_active);
    sum->wall_s = study_now_s() - p.start;
    free(ws);
    free(st);
    return err;
}
