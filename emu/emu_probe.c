/* emu_probe — the UDP prober and reflector, one thread. */
#define _GNU_SOURCE
#include "emu_probe.h"

#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emu_sys.h"

#define PROBE_PORT 9

typedef struct {
    int64_t sent, there, back; /* emu_now() times; 0: not (yet) */
} probe_rec_t;

typedef struct {
    uint64_t seq;
    int64_t sent;
} probe_hdr_t;

#define PROBE_MAX 1472 /* UDP payload of a 1500-byte IP packet */

struct emu_probe {
    int src_fd, dst_fd;
    struct sockaddr_in dst;
    int64_t interval;
    int payload;
    bool echo;
    int64_t max, n;
    probe_rec_t *rec;
    pthread_t thread;
    bool running;
    atomic_int stop;  /* 1: stop sending; 2: stop the thread */
};

static void on_dst(emu_probe_t *p)
{
    char buf[PROBE_MAX];
    probe_hdr_t m;
    struct sockaddr_in from;
    socklen_t fl = sizeof from;
    ssize_t got;
    while ((got = recvfrom(p->dst_fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from,
                           &fl)) >= (ssize_t)sizeof m) {
        int64_t now = emu_now();
        memcpy(&m, buf, sizeof m);
        if (m.seq < (uint64_t)p->n && !p->rec[m.seq].there)
            p->rec[m.seq].there = now;
        if (p->echo)
            sendto(p->dst_fd, buf, (size_t)got, MSG_DONTWAIT, (struct sockaddr *)&from, fl);
        fl = sizeof from;
    }
}

static void on_src(emu_probe_t *p)
{
    char buf[PROBE_MAX];
    probe_hdr_t m;
    while (recv(p->src_fd, buf, sizeof buf, MSG_DONTWAIT) >= (ssize_t)sizeof m) {
        int64_t now = emu_now();
        memcpy(&m, buf, sizeof m);
        if (m.seq < (uint64_t)p->n && !p->rec[m.seq].back)
            p->rec[m.seq].back = now;
    }
}

static void *probe_main(void *arg)
{
    emu_probe_t *p = arg;
    char buf[PROBE_MAX];
    memset(buf, 0, sizeof buf);
    prctl(PR_SET_TIMERSLACK, 1000UL); /* wake within 1 us of the next send, not 50 */
    /* A real-time priority keeps the sender on time on a busy machine (other processes
     * would otherwise delay it by milliseconds, and it would catch up in bursts); it sleeps
     * between probes, so it takes little of the CPU. Without the privilege it runs as is. */
    struct sched_param sp = {.sched_priority = 10};
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
    int64_t next = emu_now();
    while (atomic_load(&p->stop) < 2) {
        int64_t now = emu_now();
        if (atomic_load(&p->stop) == 0 && now >= next && p->n < p->max) {
            probe_hdr_t m = {.seq = (uint64_t)p->n, .sent = now};
            memcpy(buf, &m, sizeof m);
            p->rec[p->n].sent = now;
            p->n++; /* recorded before it can come back */
            sendto(p->src_fd, buf, (size_t)p->payload, MSG_DONTWAIT, (struct sockaddr *)&p->dst,
                   sizeof p->dst);
            next += p->interval;
            if (next < now - 100 * p->interval) /* the thread was held up: no burst after it */
                next = now + p->interval;
        }
        struct pollfd fds[2] = {{p->src_fd, POLLIN, 0}, {p->dst_fd, POLLIN, 0}};
        int64_t wait = next - emu_now();
        if (wait < 0)
            wait = 0;
        if (wait > 1000000)
            wait = 1000000; /* look at the stop flag every millisecond */
        struct timespec ts = {0, (long)wait};
        if (ppoll(fds, 2, &ts, NULL) > 0) {
            if (fds[1].revents & POLLIN)
                on_dst(p);
            if (fds[0].revents & POLLIN)
                on_src(p);
        }
    }
    return NULL;
}

static vs_err_t bound_socket(const char *ns, uint32_t ip, uint16_t port, int *fd)
{
    vs_err_t err = emu_socket_in(ns, AF_INET, SOCK_DGRAM, 0, fd);
    if (err)
        return err;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = ip;
    if (bind(*fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(*fd);
        *fd = -1;
        return vs_fail(VS_EIO, "UDP bind in %s: %s", ns, strerror(errno));
    }
    return VS_OK;
}

vs_err_t emu_probe_start(const emu_probe_config_t *cfg, emu_probe_t **out)
{
    int payload = cfg->payload ? cfg->payload : 64;
    if (payload < (int)sizeof(probe_hdr_t) || payload > PROBE_MAX)
        return vs_fail(VS_ERANGE, "probes of %d payload bytes (expected %zu to %d)", payload,
                       sizeof(probe_hdr_t), PROBE_MAX);
    emu_probe_t *p = calloc(1, sizeof *p);
    vs_err_t err = VS_OK;
    if (!p || !(p->rec = calloc((size_t)cfg->max_probes, sizeof *p->rec))) {
        free(p);
        return vs_fail(VS_ENOMEM, "out of memory for %lld probes", (long long)cfg->max_probes);
    }
    p->src_fd = p->dst_fd = -1;
    p->interval = cfg->interval_ns;
    p->payload = payload;
    p->echo = cfg->echo;
    p->max = cfg->max_probes;
    p->dst.sin_family = AF_INET;
    p->dst.sin_port = htons(PROBE_PORT);
    p->dst.sin_addr.s_addr = cfg->dst_ip;
    VS_TRY(bound_socket(cfg->src_ns, cfg->src_ip, 0, &p->src_fd));
    VS_TRY(bound_socket(cfg->dst_ns, cfg->dst_ip, PROBE_PORT, &p->dst_fd));
    /* the thread leaves SIGINT/SIGTERM to the main thread, which cleans up */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&p->thread, NULL, probe_main, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        err = vs_fail(VS_EIO, "cannot start the probe thread: %s", strerror(rc));
        goto out;
    }
    p->running = true;
out:
    if (err) {
        emu_probe_free(p);
        p = NULL;
    }
    *out = p;
    return err;
}

void emu_probe_stop(emu_probe_t *p, int64_t linger_ns)
{
    if (!p || !p->running)
        return;
    atomic_store(&p->stop, 1);
    int64_t end = emu_now() + linger_ns;
    while (emu_now() < end) {
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    atomic_store(&p->stop, 2);
    pthread_join(p->thread, NULL);
    p->running = false;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void emu_probe_stats(const emu_probe_t *p, int64_t from, int64_t to, emu_probe_stats_t *out)
{
    memset(out, 0, sizeof *out);
    out->rtt_min = out->rtt_max = out->rtt_mean = out->rtt_p99 = out->owd_max = -1;
    out->owd_mean = out->owd_sd = out->ipdv = NAN;
    int64_t *rtt = malloc(((size_t)p->n + 1) * sizeof *rtt);
    int64_t nr = 0, sum = 0, run_start = -1, last = 0, n_owd = 0, n_ipdv = 0, prev = -1;
    double owd_sum = 0, owd_sq = 0, ipdv_sum = 0;
    for (int64_t i = 0; i < p->n; i++) {
        const probe_rec_t *r = &p->rec[i];
        if (r->sent < from || r->sent >= to)
            continue;
        out->sent++;
        last = r->sent;
        if (!r->there)
            out->lost_forward++;
        else if (p->echo && !r->back)
            out->lost_back++;
        if (r->there) {
            int64_t d = r->there - r->sent;
            if (d > out->owd_max)
                out->owd_max = d;
            owd_sum += (double)d;
            owd_sq += (double)d * (double)d;
            n_owd++;
            if (prev >= 0) {
                ipdv_sum += (double)llabs(d - prev);
                n_ipdv++;
            }
            prev = d;
        }
        bool arrived = p->echo ? r->back != 0 : r->there != 0;
        if (arrived) {
            if (run_start >= 0 && r->sent - run_start > out->longest_gap)
                out->longest_gap = r->sent - run_start;
            run_start = -1;
            if (r->back) {
                if (rtt)
                    rtt[nr] = r->back - r->sent;
                sum += r->back - r->sent;
                nr++;
            }
        } else if (run_start < 0) {
            run_start = r->sent;
        }
    }
    if (run_start >= 0 && last - run_start + p->interval > out->longest_gap)
        out->longest_gap = last - run_start + p->interval; /* lost up to the window's end */
    if (n_owd) {
        out->owd_mean = owd_sum / (double)n_owd;
        double var = owd_sq / (double)n_owd - out->owd_mean * out->owd_mean;
        out->owd_sd = var > 0 ? sqrt(var) : 0;
    }
    if (n_ipdv)
        out->ipdv = ipdv_sum / (double)n_ipdv;
    if (nr && rtt) {
        qsort(rtt, (size_t)nr, sizeof *rtt, cmp_i64);
        out->rtt_min = rtt[0];
        out->rtt_max = rtt[nr - 1];
        out->rtt_mean = sum / nr;
        out->rtt_p99 = rtt[(nr * 99) / 100 < nr ? (nr * 99) / 100 : nr - 1];
    }
    free(rtt);
}

void emu_probe_csv(const emu_probe_t *p, int64_t t0, FILE *f)
{
    fprintf(f, "seq,sent_s,there_s,back_s\n");
    for (int64_t i = 0; i < p->n; i++) {
        const probe_rec_t *r = &p->rec[i];
        fprintf(f, "%lld,%.6f,", (long long)i, (double)(r->sent - t0) / 1e9);
        if (r->there)
            fprintf(f, "%.6f", (double)(r->there - t0) / 1e9);
        fputc(',', f);
        if (r->back)
            fprintf(f, "%.6f", (double)(r->back - t0) / 1e9);
        fputc('\n', f);
    }
}

void emu_probe_free(emu_probe_t *p)
{
    if (!p)
        return;
    emu_probe_stop(p, 0);
    if (p->src_fd >= 0)
        close(p->src_fd);
    if (p->dst_fd >= 0)
        close(p->dst_fd);
    free(p->rec);
    free(p);
}
