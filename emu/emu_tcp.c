/* emu_tcp — the bulk transfer: a paced writer and a reading thread. */
#define _GNU_SOURCE
#include "emu_tcp.h"

#include <errno.h>
#include <netinet/in.h>
#include <linux/tcp.h> /* struct tcp_info with tcpi_dsack_dups (glibc's lacks it) */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emu_sys.h"
#include "sim_time.h"

#define TCP_PORT 5201
#define CHUNK 65536

typedef struct {
    int listen_fd, fd;
    int64_t received, last;
    atomic_bool done;         /* the receiver has read to the end (or failed) */
} rx_t;

static void *rx_main(void *arg)
{
    rx_t *r = arg;
    r->fd = accept(r->listen_fd, NULL, NULL);
    if (r->fd < 0) {
        atomic_store(&r->done, true);
        return NULL;
    }
    static char buf[CHUNK];
    ssize_t n;
    while ((n = read(r->fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        r->received += n;
        r->last = emu_now();
    }
    atomic_store(&r->done, true);
    return NULL;
}

static vs_err_t listener(const emu_tcp_config_t *c, int *fd)
{
    vs_err_t err = emu_socket_in(c->dst_ns, AF_INET, SOCK_STREAM, 0, fd);
    if (err)
        return err;
    int one = 1;
    setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(TCP_PORT)};
    a.sin_addr.s_addr = c->dst_ip;
    if (bind(*fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(*fd, 1) < 0)
        return vs_fail(VS_EIO, "TCP listener in %s: %s", c->dst_ns, strerror(errno));
    return VS_OK;
}

static vs_err_t past(const emu_tcp_config_t *c, int64_t start)
{
    if (emu_stopped())
        return vs_fail(VS_EIO, "interrupted by signal %d", emu_stopped());
    if (emu_now() - start > c->timeout_ns)
        return vs_fail(VS_EIO, "the TCP transfer %s -> %s did not end in %.0f s", c->src_ns,
                       c->dst_ns, (double)c->timeout_ns / 1e9);
    return VS_OK;
}

/* Connects without blocking, so that a signal or the timeout can end the wait. */
static vs_err_t connect_to(const emu_tcp_config_t *c, int64_t start, int *fd)
{
    vs_err_t err = emu_socket_in(c->src_ns, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0, fd);
    if (err)
        return err;
    if (c->cc && setsockopt(*fd, IPPROTO_TCP, TCP_CONGESTION, c->cc, (socklen_t)strlen(c->cc)))
        return vs_fail(VS_EDEPEND, "TCP congestion control '%s' is not available: %s", c->cc,
                       strerror(errno));
    struct sockaddr_in a = {.sin_family = AF_INET}, b = {.sin_family = AF_INET,
                                                         .sin_port = htons(TCP_PORT)};
    a.sin_addr.s_addr = c->src_ip;
    b.sin_addr.s_addr = c->dst_ip;
    int rc = bind(*fd, (struct sockaddr *)&a, sizeof a);
    if (!rc)
        rc = connect(*fd, (struct sockaddr *)&b, sizeof b);
    if (rc < 0 && errno != EINPROGRESS)
        return vs_fail(VS_EIO, "TCP connection %s -> %s: %s", c->src_ns, c->dst_ns,
                       strerror(errno));
    for (;;) {
        struct pollfd p = {*fd, POLLOUT, 0};
        if (poll(&p, 1, 20) > 0)
            break;
        if ((err = past(c, start)))
            return err;
    }
    int so = 0;
    socklen_t sl = sizeof so;
    getsockopt(*fd, SOL_SOCKET, SO_ERROR, &so, &sl);
    if (so)
        return vs_fail(VS_EIO, "TCP connection %s -> %s: %s", c->src_ns, c->dst_ns, strerror(so));
    return VS_OK;
}

/* Writes the bytes, no faster than the application's rate, looking at the signal flag at
 * least every 20 ms. */
static vs_err_t send_all(const emu_tcp_config_t *c, int fd, int64_t start)
{
    static char buf[CHUNK];
    int64_t sent = 0;
    vs_err_t err;
    while (sent < c->bytes) {
        if ((err = past(c, start)))
            return err;
        if (c->app_bps > 0) {
            int64_t due = start + (int64_t)((double)sent * 8e9 / c->app_bps);
            if (due > emu_now() && (err = emu_sleep(due - emu_now())))
                return err;
        }
        struct pollfd p = {fd, POLLOUT, 0};
        if (poll(&p, 1, 20) <= 0)
            continue;
        size_t want = c->bytes - sent < CHUNK ? (size_t)(c->bytes - sent) : CHUNK;
        ssize_t n = send(fd, buf, want, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return vs_fail(VS_EIO, "TCP send: %s", strerror(errno));
        if (n > 0)
            sent += n;
    }
    return VS_OK;
}

/* Retransmissions, D-SACKs and timeouts from TCP_INFO. tcpi_total_rto came with Linux 6.7,
 * after the last field this system's header knows (tcpi_snd_wnd, then tcpi_rcv_wnd and
 * tcpi_rehash, u32 each): read from the raw answer when the kernel's is long enough. */
static void tcp_counters(int fd, emu_tcp_result_t *out)
{
    union {
        struct tcp_info ti;
        unsigned char raw[1024];
    } u;
    socklen_t tl = sizeof u;
    out->timeouts = -1;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &u, &tl))
        return;
    out->retransmits = u.ti.tcpi_total_retrans;
    out->dsack_dups = u.ti.tcpi_dsack_dups;
    size_t at = offsetof(struct tcp_info, tcpi_snd_wnd) + 12;
    if (tl >= at + sizeof(uint16_t)) {
        uint16_t rto;
        memcpy(&rto, u.raw + at, sizeof rto);
        out->timeouts = rto;
    }
}

vs_err_t emu_tcp_transfer(const emu_tcp_config_t *c, emu_tcp_result_t *out)
{
    rx_t rx = {.listen_fd = -1, .fd = -1};
    int fd = -1;
    bool joined = true;
    pthread_t th;
    memset(out, 0, sizeof *out);
    vs_err_t err = listener(c, &rx.listen_fd);
    if (err)
        goto out;
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(&th, NULL, rx_main, &rx);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        err = vs_fail(VS_EIO, "cannot start the TCP receiver: %s", strerror(rc));
        goto out;
    }
    joined = false;
    out->start = emu_now();
    VS_TRY(connect_to(c, out->start, &fd));
    VS_TRY(send_all(c, fd, out->start));
    shutdown(fd, SHUT_WR);
    while (!atomic_load(&rx.done)) /* the receiver reads to the end */
        if ((err = past(c, out->start)) || (err = emu_sleep(SIM_MS(2))))
            goto out;
    pthread_join(th, NULL);
    joined = true;
    tcp_counters(fd, out);
    socklen_t tl = sizeof out->cc - 1;
    getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, out->cc, &tl);
    out->end = rx.last;
    out->received = rx.received;
    if (rx.received != c->bytes)
        err = vs_fail(VS_EIO, "the TCP receiver read %lld of %lld bytes", (long long)rx.received,
                      (long long)c->bytes);
out:
    if (!joined) { /* unblock the receiver: no connection, or one cut short */
        shutdown(rx.listen_fd, SHUT_RDWR);
        if (fd >= 0)
            shutdown(fd, SHUT_RDWR);
        pthread_join(th, NULL);
    }
    if (fd >= 0)
        close(fd);
    if (rx.fd >= 0)
        close(rx.fd);
    if (rx.listen_fd >= 0)
        close(rx.listen_fd);
    return err;
}
