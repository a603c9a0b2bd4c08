/* emu_mirror — zebra's routes read through netlink (libmnl) and mirrored into a backend. */
#define _GNU_SOURCE
#include "emu_mirror.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "emu_sys.h"
#include "vs_log.h"

#define MIRROR_MAX_IFS 16
#define RBUF (256 * 1024)

struct emu_mirror {
    char ns[64];
    struct mnl_socket *dump, *events;
    uint32_t seq;
    size_t n_if;
    int cp_index[MIRROR_MAX_IFS];
    char host_if[MIRROR_MAX_IFS][HW_IFNAMSIZ];
    hw_backend_t *b;
    int vr;
    char *rbuf;
    hw_prefix_t watch;         /* emu_mirror_watch's prefix (len 0xff: none) */
    int64_t watch_at;
};

typedef struct {
    hw_route_t *v;
    size_t n, cap;
} rvec_t;

static vs_err_t rvec_push(rvec_t *rv, const hw_route_t *r)
{
    if (rv->n == rv->cap) {
        size_t cap = rv->cap ? rv->cap * 2 : 256;
        hw_route_t *v = realloc(rv->v, cap * sizeof *v);
        if (!v)
            return vs_fail(VS_ENOMEM, "out of memory");
        rv->v = v;
        rv->cap = cap;
    }
    rv->v[rv->n++] = *r;
    return VS_OK;
}

static vs_err_t open_sock(const char *ns, unsigned groups, struct mnl_socket **out)
{
    int fd;
    vs_err_t err = emu_socket_in(ns, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &fd);
    if (err)
        return err;
    struct mnl_socket *s = mnl_socket_fdopen(fd);
    if (!s) {
        close(fd);
        return vs_fail(VS_EIO, "netlink socket in %s: %s", ns, strerror(errno));
    }
    int size = 8 * 1024 * 1024;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) < 0) {
        mnl_socket_close(s);
        return vs_fail(VS_EIO, "netlink bind in %s: %s", ns, strerror(errno));
    }
    *out = s;
    return VS_OK;
}

static int link_index(emu_mirror_t *m, const char *name)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    nlh->nlmsg_seq = ++m->seq;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    if (mnl_socket_sendto(m->dump, nlh, nlh->nlmsg_len) < 0)
        return 0;
    ssize_t n = mnl_socket_recvfrom(m->dump, m->rbuf, RBUF);
    for (struct nlmsghdr *h = (struct nlmsghdr *)m->rbuf; n > 0 && mnl_nlmsg_ok(h, (int)n);
         h = mnl_nlmsg_next(h, (int *)&n))
        if (h->nlmsg_seq == nlh->nlmsg_seq && h->nlmsg_type == RTM_NEWLINK)
            return ((const struct ifinfomsg *)mnl_nlmsg_get_payload(h))->ifi_index;
    return 0;
}

vs_err_t emu_mirror_open(const char *cp_ns, const char *const *cp_if, const char *const *host_if,
                         size_t n, emu_mirror_t **out)
{
    if (n > MIRROR_MAX_IFS)
        return vs_fail(VS_ERANGE, "%zu interfaces on one control plane (at most %d)", n,
                       MIRROR_MAX_IFS);
    emu_mirror_t *m = calloc(1, sizeof *m);
    vs_err_t err = VS_OK;
    if (!m || !(m->rbuf = malloc(RBUF))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    snprintf(m->ns, sizeof m->ns, "%s", cp_ns);
    m->seq = (uint32_t)time(NULL);
    m->vr = -1;
    m->watch.len = 0xff;
    VS_TRY(open_sock(cp_ns, 0, &m->dump));
    VS_TRY(open_sock(cp_ns, RTMGRP_IPV4_ROUTE, &m->events));
    m->n_if = n;
    for (size_t i = 0; i < n; i++) {
        m->cp_index[i] = link_index(m, cp_if[i]);
        if (m->cp_index[i] <= 0) {
            err = vs_fail(VS_ENOTFOUND, "no interface %s in namespace %s", cp_if[i], cp_ns);
            goto out;
        }
        snprintf(m->host_if[i], HW_IFNAMSIZ, "%s", host_if[i]);
    }
out:
    if (err) {
        emu_mirror_close(m);
        m = NULL;
    }
    *out = m;
    return err;
}

void emu_mirror_close(emu_mirror_t *m)
{
    if (!m)
        return;
    if (m->dump)
        mnl_socket_close(m->dump);
    if (m->events)
        mnl_socket_close(m->events);
    free(m->rbuf);
    free(m);
}

void emu_mirror_watch(emu_mirror_t *m, const hw_prefix_t *p)
{
    m->watch = *p;
    m->watch_at = 0;
}

int64_t emu_mirror_watched(const emu_mirror_t *m)
{
    return m->watch_at;
}

void emu_mirror_target(emu_mirror_t *m, hw_backend_t *b, int vr)
{
    m->b = b;
    m->vr = vr;
}

static const char *host_name(const emu_mirror_t *m, int index)
{
    for (size_t i = 0; i < m->n_if; i++)
        if (m->cp_index[i] == index)
            return m->host_if[i];
    return NULL;
}

/* A route message as the backend's route; false when it is not mirrored (another table or
 * family, not unicast, through an interface outside the map). */
static bool parse_route(const emu_mirror_t *m, const struct nlmsghdr *h, hw_route_t *r)
{
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(h);
    if (rtm->rtm_family != AF_INET || rtm->rtm_type != RTN_UNICAST)
        return false;
    uint32_t table = rtm->rtm_table;
    int oif = 0;
    memset(r, 0, sizeof *r);
    r->dst.family = 4;
    r->dst.len = rtm->rtm_dst_len;
    const struct nlattr *a;
    mnl_attr_for_each(a, h, sizeof *rtm)
    {
        switch (mnl_attr_get_type(a)) {
        case RTA_TABLE:
            table = mnl_attr_get_u32(a);
            break;
        case RTA_DST:
            if (mnl_attr_get_payload_len(a) == 4)
                memcpy(r->dst.addr, mnl_attr_get_payload(a), 4);
            break;
        case RTA_GATEWAY:
            if (mnl_attr_get_payload_len(a) == 4) {
                r->gw_family = 4;
                memcpy(r->gw, mnl_attr_get_payload(a), 4);
            }
            break;
        case RTA_OIF:
            oif = (int)mnl_attr_get_u32(a);
            break;
        case RTA_MULTIPATH: { /* the first next hop (see the header) */
            const struct rtnexthop *nh = mnl_attr_get_payload(a);
            if (mnl_attr_get_payload_len(a) < sizeof *nh || oif)
                break;
            oif = nh->rtnh_ifindex;
            size_t off = sizeof *nh, end = nh->rtnh_len;
            while (off + sizeof(struct nlattr) <= end) {
                const struct nlattr *na = (const struct nlattr *)((const char *)nh + off);
                if (na->nla_len < sizeof *na || off + na->nla_len > end)
                    break;
                if (mnl_attr_get_type(na) == RTA_GATEWAY && mnl_attr_get_payload_len(na) == 4) {
                    r->gw_family = 4;
                    memcpy(r->gw, mnl_attr_get_payload(na), 4);
                }
                off += MNL_ALIGN(na->nla_len);
            }
            break;
        }
        default:
            break;
        }
    }
    if (table != RT_TABLE_MAIN)
        return false;
    const char *dev = host_name(m, oif);
    if (!dev)
        return false;
    snprintf(r->dev, sizeof r->dev, "%s", dev);
    return true;
}

vs_err_t emu_mirror_rib(emu_mirror_t *m, hw_route_t **routes, size_t *n)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETROUTE;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++m->seq;
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
    rtm->rtm_family = AF_INET;
    rvec_t rv = {0};
    vs_err_t err = VS_OK;
    if (mnl_socket_sendto(m->dump, nlh, nlh->nlmsg_len) < 0) {
        err = vs_fail(VS_EKERNEL, "route dump in %s: %s", m->ns, strerror(errno));
        goto out;
    }
    for (;;) {
        ssize_t got = mnl_socket_recvfrom(m->dump, m->rbuf, RBUF);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            err = vs_fail(VS_EKERNEL, "route dump in %s: %s", m->ns, strerror(errno));
            goto out;
        }
        int left = (int)got;
        for (struct nlmsghdr *h = (struct nlmsghdr *)m->rbuf; mnl_nlmsg_ok(h, left);
             h = mnl_nlmsg_next(h, &left)) {
            if (h->nlmsg_seq != nlh->nlmsg_seq)
                continue;
            if (h->nlmsg_type == NLMSG_DONE)
                goto out;
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
                if (e->error) {
                    err = vs_fail(VS_EKERNEL, "route dump in %s: %s", m->ns,
                                  strerror(-e->error));
                    goto out;
                }
                continue;
            }
            hw_route_t r;
            if (h->nlmsg_type == RTM_NEWROUTE && parse_route(m, h, &r))
                VS_TRY(rvec_push(&rv, &r));
        }
    }
out:
    if (err) {
        free(rv.v);
        rv.v = NULL;
        rv.n = 0;
    }
    *routes = rv.v;
    *n = rv.n;
    return err;
}

static void note_failure(void *ctx, size_t index, const hw_route_t *r, vs_err_t err,
                         const char *reason)
{
    bool *failed = ctx;
    failed[index] = true;
}

/* Replaces each route of the target's, adding those it does not hold yet. */
static vs_err_t upsert(emu_mirror_t *m, const hw_route_t *r, size_t n)
{
    if (!m->b || !n)
        return VS_OK;
    bool *failed = calloc(n, sizeof *failed);
    hw_route_t *retry = malloc(n * sizeof *retry);
    vs_err_t err = VS_OK;
    if (!failed || !retry) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    hw_backend_apply_many(m->b, m->vr, HW_OP_REPLACE, r, n, note_failure, failed, NULL, NULL);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (failed[i])
            retry[k++] = r[i];
    err = hw_backend_add_many(m->b, m->vr, retry, k, NULL, NULL, NULL, NULL);
out:
    free(failed);
    free(retry);
    return err;
}

static vs_err_t resync(emu_mirror_t *m, size_t *applied)
{
    hw_route_t *rib;
    size_t n;
    vs_err_t err = emu_mirror_rib(m, &rib, &n);
    if (!err)
        err = upsert(m, rib, n);
    if (!err && applied)
        *applied += n;
    free(rib);
    return err;
}

vs_err_t emu_mirror_poll(emu_mirror_t *m, size_t *applied)
{
    int fd = mnl_socket_get_fd(m->events);
    for (;;) {
        ssize_t got = recv(fd, m->rbuf, RBUF, MSG_DONTWAIT);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return VS_OK;
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS) {
                VS_WARN("emu", "route notifications of %s overran; mirroring the whole RIB again",
                        m->ns);
                vs_err_t err = resync(m, applied);
                if (err)
                    return err;
                continue;
            }
            return vs_fail(VS_EKERNEL, "route notifications of %s: %s", m->ns, strerror(errno));
        }
        int left = (int)got;
        for (struct nlmsghdr *h = (struct nlmsghdr *)m->rbuf; mnl_nlmsg_ok(h, left);
             h = mnl_nlmsg_next(h, &left)) {
            hw_route_t r;
            if ((h->nlmsg_type != RTM_NEWROUTE && h->nlmsg_type != RTM_DELROUTE) ||
                !parse_route(m, h, &r) || !m->b)
                continue;
            vs_err_t err = VS_OK;
            if (h->nlmsg_type == RTM_NEWROUTE)
                err = upsert(m, &r, 1);
            else /* absent already: nothing to do */
                hw_backend_route_delete(m->b, m->vr, &r, NULL);
            if (err)
                return err;
            if (h->nlmsg_type == RTM_NEWROUTE && !m->watch_at && r.dst.len == m->watch.len &&
                !memcmp(r.dst.addr, m->watch.addr, 4))
                m->watch_at = emu_now();
            if (applied)
                (*applied)++;
        }
    }
}
