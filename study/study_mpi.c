#include "study_mpi.h"

#include <stdio.h>
#include <stdlib.h>

bool study_mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", NULL};
    for (size_t i = 0; vars[i]; i++)
        if (getenv(vars[i]) && *getenv(vars[i]))
            return true;
    return false;
}

#ifndef VS_HAVE_MPI

const char *study_mpi_library(void)
{
    return NULL;
}

static vs_err_t not_compiled(void)
{
    return vs_fail(VS_EDEPEND, "MPI is not compiled into this vroomsim (CMake found no Open MPI: "
                   "install libopenmpi-dev and build again); without mpirun, --jobs N runs the "
                   "points on this machine's cores");
}

vs_err_t study_mpi_init(study_mpi_t *m)
{
    *m = (study_mpi_t){.rank = 0, .size = 1};
    return not_compiled();
}

void study_mpi_finalize(void)
{
}

int study_mpi_agree(const study_mpi_t *m, vs_err_t mine, const study_sweep_t *sw, bool *report)
{
    *report = mine != VS_OK;
    return vs_exit_status(mine);
}

vs_err_t study_mpi_sweep(const study_mpi_t *m, const study_sweep_t *sw, study_db_t *db,
                         const study_opts_t *o, study_summary_t *sum)
{
    return not_compiled();
}

#else

#include <limits.h>
#include <string.h>
#include <time.h>

#include <mpi.h>

#include "study_worker.h"

/* A worker asks with TAG_ASK (empty the first time, then carrying the point it finished);
 * rank 0 answers every ask with TAG_POINT: the next point's index, or -1 to stop. */
enum { TAG_ASK = 1, TAG_POINT = 2 };

/* Waiting without burning a core: Open MPI's blocking calls (MPI_Recv, MPI_Probe, MPI_Wait)
 * spin in its progress loop for as long as they wait, a whole core for the coordinator,
 * which waits nearly all the time, on a machine whose cores the workers need. So every wait
 * here tests and sleeps: 20 µs at first (an answer that is almost there costs little), the
 * sleep doubling to 1 ms while nothing comes. A point then waits at most about 1 ms for the
 * coordinator, under a millisecond-long point's own time, and an idle coordinator wakes
 * 1000 times a second, a fraction of a percent of a core (measured: docs/sweep.md). */
#define NAP_MIN_NS 20000L
#define NAP_MAX_NS 1000000L

static void nap(long *ns)
{
    struct timespec ts = {0, *ns};
    nanosleep(&ts, NULL);
    *ns = *ns * 2 > NAP_MAX_NS ? NAP_MAX_NS : *ns * 2;
}

static void lazy_waitall(int n, MPI_Request *rq)
{
    long ns = NAP_MIN_NS;
    int done = 0;
    while (MPI_Testall(n, rq, &done, MPI_STATUSES_IGNORE), !done)
        nap(&ns);
}

static void lazy_probe(MPI_Status *st)
{
    long ns = NAP_MIN_NS;
    int found = 0;
    while (MPI_Iprobe(MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &found, st), !found)
        nap(&ns);
}

const char *study_mpi_library(void)
{
    static char name[64];
#ifdef OMPI_MAJOR_VERSION
    snprintf(name, sizeof name, "Open MPI %d.%d.%d", OMPI_MAJOR_VERSION, OMPI_MINOR_VERSION,
             OMPI_RELEASE_VERSION);
#else
    snprintf(name, sizeof name, "MPI %d.%d", MPI_VERSION, MPI_SUBVERSION);
#endif
    return name;
}

vs_err_t study_mpi_init(study_mpi_t *m)
{
    *m = (study_mpi_t){.rank = 0, .size = 1};
    if (MPI_Init(NULL, NULL) != MPI_SUCCESS)
        return vs_fail(VS_EDEPEND, "MPI_Init failed: the MPI launcher's environment is not usable");
    MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m->size);
    return VS_OK;
}

void study_mpi_finalize(void)
{
    int up = 0, down = 0;
    MPI_Initialized(&up);
    MPI_Finalized(&down);
    if (up && !down)
        MPI_Finalize();
}

int study_mpi_agree(const study_mpi_t *m, vs_err_t mine, const study_sweep_t *sw, bool *report)
{
    /* rank 0's hash and whether it is ready, to everyone */
    unsigned long long root[2] = {sw ? sw->hash : 0, mine == VS_OK};
    MPI_Bcast(root, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (m->rank != 0 && mine == VS_OK && root[1] && sw->hash != root[0])
        mine = vs_fail(VS_EINVAL, "%s: rank %d on %s read another sweep than rank 0 did (hash "
                       "%016llx, rank 0's %016llx): every machine needs the same sweep file, "
                       "base scenario and inputs at the same paths", sw->file, m->rank,
                       study_host(), (unsigned long long)sw->hash, root[0]);
    int status = vs_exit_status(mine), worst = 0;
    MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    *report = mine != VS_OK && (m->rank == 0 || root[1]);
    return worst;
}

/* What a worker sends about a point it ran: "R idx wait_status pid wall_s host\n" and what
 * the child wrote. */
static vs_err_t pack(const study_worker_t *w, int ws, char **msg, size_t *len)
{
    const char *body = w->buf ? w->buf : "";
    char head[512];
    int n = snprintf(head, sizeof head, "R %zu %d %ld %.17g %s\n", w->idx, ws, (long)w->pid,
                     study_now_s() - w->start, study_host());
    size_t blen = strlen(body);
    if ((size_t)n + blen > INT_MAX)
        return vs_fail(VS_ERANGE, "point %zu: a result of %zu bytes is more than MPI sends at once",
                       w->idx, blen);
    if (!(*msg = malloc((size_t)n + blen + 1)))
        return vs_fail(VS_ENOMEM, "out of memory");
    memcpy(*msg, head, (size_t)n);
    memcpy(*msg + n, body, blen + 1);
    *len = (size_t)n + blen;
    return VS_OK;
}

/* Runs point idx in a child; *msg (malloc'd) the result message for rank 0. */
static vs_err_t run_one(const study_sweep_t *sw, size_t idx, char **msg, size_t *len)
{
    study_worker_t w = {0};
    int ws = 0;
    vs_err_t err = study_worker_spawn(sw, idx, &w);
    if (!err)
        err = study_worker_finish(&w, &ws);
    if (!err)
        err = pack(&w, ws, msg, len);
    free(w.buf);
    return err;
}

/* An ask to rank 0 carrying send[0..len) (a result, an error, or nothing), and the receive of
 * its answer into *idx, posted first so the answer never arrives unexpected. */
static void ask(const char *send, size_t len, long long *idx, MPI_Request rq[2])
{
    MPI_Irecv(idx, 1, MPI_LONG_LONG, 0, TAG_POINT, MPI_COMM_WORLD, &rq[0]);
    MPI_Isend(send, (int)len, MPI_CHAR, 0, TAG_ASK, MPI_COMM_WORLD, &rq[1]);
}

/* A worker rank. It keeps one point in reserve: while a point runs, the ask for the next is
 * already answered, so the worker never waits for the coordinator between points (its
 * answers come after a sleep of up to a millisecond, and a database write). The result of a
 * point goes with the ask for the next reserve; rank 0 answers -1 when none is left. A point
 * that cannot run (no fork, no memory) is told as "E code host\n<message>"; the reserve is
 * then given up (rank 0 counts it back) and the worker stops. */
static vs_err_t work(const study_sweep_t *sw, study_summary_t *sum)
{
    char *msg = NULL, *sent = NULL, ebuf[1024];
    long long cur = -1, reserve = -1;
    MPI_Request rq[2];
    vs_err_t err = VS_OK;
    ask("", 0, &cur, rq);
    lazy_waitall(2, rq);
    if (cur < 0 || (size_t)cur >= sw->n_points)
        return VS_OK;
    ask("", 0, &reserve, rq);
    for (;;) {
        size_t len = 0;
        const char *send = ebuf;
        if ((err = run_one(sw, (size_t)cur, &msg, &len))) {
            int n = snprintf(ebuf, sizeof ebuf, "E %d %s\n%s", (int)err, study_host(), vs_errmsg());
            len = n < (int)sizeof ebuf ? (size_t)n : sizeof ebuf - 1;
        } else {
            send = msg;
            sum->ran++;
        }
        lazy_waitall(2, rq); /* the reserve's answer; the last result is sent */
        free(sent);
        sent = msg;
        msg = NULL;
        cur = err ? -1 : reserve;
        ask(send, len, &reserve, rq);
        if (cur < 0 || (size_t)cur >= sw->n_points)
            break;
    }
    lazy_waitall(2, rq); /* rank 0's -1 to the last result */
    free(sent);
    return err;
}

/* Rank 0 out of memory while workers wait for answers it cannot give: the job ends, every
 * rank with status 3 (MPI_Abort), the database as it was after its last row. */
_Noreturn static void fatal_nomem(void)
{
    fprintf(stderr, "vroomsim: out of memory in the sweep's coordinator (rank 0)\n");
    MPI_Abort(MPI_COMM_WORLD, 3);
    exit(3);
}

/* Rank 0 takes what rank src sent: a finished point's row, or a worker's failure. */
static vs_err_t take(const study_sweep_t *sw, study_db_t *db, const study_opts_t *o, int src,
                     const char *msg, study_summary_t *sum, study_progress_t *p)
{
    const char *body = strchr(msg, '\n');
    char host[256] = "";
    study_done_t d = {.rank = src, .host = host};
    int code = 0;
    body = body ? body + 1 : "";
    if (msg[0] == 'E' && sscanf(msg, "E %d %255s", &code, host) == 2)
        return vs_fail(code > 0 ? (vs_err_t)code : VS_EIO, "rank %d on %s: %s", src, host, body);
    if (msg[0] != 'R' || sscanf(msg, "R %zu %d %ld %lf %255s", &d.idx, &d.wait_status, &d.pid,
                                &d.wall_s, host) != 5 || d.idx >= sw->n_points)
        return vs_fail(VS_EIO, "rank %d sent a message that is not a point's result", src);
    d.out = body;
    study_status_t st = STUDY_FAILED;
    vs_err_t err = study_record(sw, db, o->version, &d, &st);
    sum->ran++;
    study_progress_point(p, st == STUDY_OK);
    return err;
}

/* Rank 0: answers asks until every worker has been told to stop while it held no point.
 * held[r]: the points handed to rank r and not yet returned (its running one and its
 * reserve). After an error (the database cannot be written, a worker could not run its point)
 * it hands out nothing more and ends once every worker has stopped; the points not run stay
 * for the next sweep. */
static vs_err_t coordinate(const study_mpi_t *m, const study_sweep_t *sw, study_db_t *db,
                           const study_opts_t *o, study_summary_t *sum, study_status_t *st)
{
    size_t next = 0, total = 0, cap = 0;
    int stopped = 0, *held = calloc((size_t)m->size, sizeof *held);
    char *buf = NULL;
    vs_err_t err = study_db_statuses(db, sw->n_points, st);
    study_progress_t p;
    if (!held)
        fatal_nomem();
    for (size_t i = 0; i < sw->n_points; i++)
        total += study_wanted(o, st[i]);
    study_progress_start(&p, total, o->quiet);
    while (stopped < m->size - 1) {
        MPI_Status ms;
        int n = 0, src;
        lazy_probe(&ms);
        src = ms.MPI_SOURCE;
        MPI_Get_count(&ms, MPI_CHAR, &n);
        if ((size_t)n + 1 > cap) {
            char *bigger = realloc(buf, cap = (size_t)n + 1);
            if (!bigger)
                fatal_nomem(); /* the message cannot be taken off the wire */
            buf = bigger;
        }
        MPI_Recv(buf, n, MPI_CHAR, src, TAG_ASK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        buf[n] = '\0';
        vs_err_t e = n > 0 ? take(sw, db, o, src, buf, sum, &p) : VS_OK;
        if (n > 0) /* a result returns its point; an error gives back the reserve too */
            held[src] = buf[0] == 'E' ? 0 : held[src] - 1;
        err = err ? err : e;
        while (next < sw->n_points && !study_wanted(o, st[next]))
            next++;
        long long idx = !err && next < sw->n_points ? (long long)next++ : -1;
        held[src] += idx >= 0;
        stopped += idx < 0 && held[src] == 0;
        MPI_Request rq;
        MPI_Isend(&idx, 1, MPI_LONG_LONG, src, TAG_POINT, MPI_COMM_WORLD, &rq);
        lazy_waitall(1, &rq);
    }
    study_progress_end(&p);
    free(held);
    free(buf);
    return err;
}

vs_err_t study_mpi_sweep(const study_mpi_t *m, const study_sweep_t *sw, study_db_t *db,
                         const study_opts_t *o, study_summary_t *sum)
{
    double start = study_now_s();
    vs_err_t err;
    *sum = (study_summary_t){.points = sw->n_points};
    if (m->rank != 0) {
        err = work(sw, sum);
        sum->wall_s = study_now_s() - start;
        return err;
    }
    study_status_t *st = malloc((sw->n_points + 1) * sizeof *st);
    if (!st)
        fatal_nomem();
    err = coordinate(m, sw, db, o, sum, st);
    free(st);
    size_t ran = sum->ran;
    vs_err_t e = study_sweep_count(sw, db, sum);
    sum->ran = ran;
    sum->wall_s = study_now_s() - start;
    return err ? err : e;
}

#endif
