/* hw_kernel — the Linux kernel backend: the one netlink (libmnl) adapter of the project.
 *
 * Namespaces: with no name, the backend unshares a fresh network namespace, opens its
 * netlink socket there and returns to its own; the namespace lives as long as that socket
 * and the namespace fd, so everything in it vanishes when the backend closes or the process
 * dies. With a name (/run/netns/NAME, as `ip netns add` makes), it refuses the namespace the
 * process runs in unless allowed, and removes what it created (routes of its tables, rules,
 * links) on close, at exit, and after SIGINT/SIGTERM (the handler only sets a flag; work
 * stops at the next batch and the caller closes the backend).
 *
 * Batches: up to batch_routes route requests go to the kernel in one sendto(); only the last
 * carries NLM_F_ACK, so the kernel answers only failures (with the failed request's
 * sequence number, mapped back to the route) and finally acknowledges the last. Extended
 * acks give the kernel's own reason ("Nexthop device is not up"). */
#define _GNU_SOURCE
#include "hw_kernel.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hw_backend_internal.h"
#include "vs_log.h"

#define RULE_PRIO_BASE 20000u
#define SEND_LIMIT (512 * 1024)
#define RECV_BUF (256 * 1024)
#define SOCK_BUF (16 * 1024 * 1024)

typedef struct k_impl {
    int orig_ns, ns_fd;
    bool private_ns;
    char netns[64];
    struct mnl_socket *nl;
    uint32_t portid, seq;
    uint32_t table_base;
    size_t batch_routes;
    char *sbuf, *rbuf;
    int nvr;
    int nlinks;
    char link[HW__MAX_LINKS][HW_IFNAMSIZ];
    int nrules;
    struct {
        char ifname[HW_IFNAMSIZ];
        uint32_t table, prio;
        int family;
    } rule[HW__MAX_LINKS * 2];
    int ncache;
    struct {
        char name[HW_IFNAMSIZ];
        int index; /* 0: does not exist */
    } cache[HW__MAX_LINKS];
    bool cleaned;
    struct k_impl *next_open;
} k_impl_t;

/* ---- open backends, signals, exit ---------------------------------------------------- */

static k_impl_t *open_list;
static struct sigaction old_int, old_term;
static bool handlers_installed, atexit_registered;

static void on_signal(int sig)
{
    hw__interrupted = sig;
}

static void k_cleanup(k_impl_t *k);

static void cleanup_all_at_exit(void)
{
    for (k_impl_t *k = open_list; k; k = k->next_open)
        k_cleanup(k);
}

static void track(k_impl_t *k)
{
    k->next_open = open_list;
    open_list = k;
    if (!handlers_installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        handlers_installed = true;
    }
    if (!atexit_registered) {
        atexit(cleanup_all_at_exit);
        atexit_registered = true;
    }
}

static void untrack(k_impl_t *k)
{
    for (k_impl_t **p = &open_list; *p; p = &(*p)->next_open)
        if (*p == k) {
            *p = k->next_open;
            break;
        }
    if (!open_list && handlers_installed) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        handlers_installed = false;
    }
}

/* ---- netlink requests ---------------------------------------------------------------- */

/* The kernel's reason for an error message: the extended-ack text when present. */
static const char *err_reason(const struct nlmsghdr *nlh, const struct nlmsgerr *e, char *buf,
                              size_t len)
{
    snprintf(buf, len, "%s", strerror(-e->error));
    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
        return buf;
    size_t off = sizeof(*e);
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
        off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
    const char *p = (const char *)e + off;
    const char *end = (const char *)nlh + nlh->nlmsg_len;
    while (p + sizeof(struct nlattr) <= end) {
        const struct nlattr *a = (const struct nlattr *)p;
        if (a->nla_len < sizeof *a || p + a->nla_len > end)
            break;
        if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG && a->nla_len > sizeof *a) {
            snprintf(buf, len, "%.*s (%s)", (int)(a->nla_len - sizeof *a - 1),
                     p + sizeof *a, strerror(-e->error));
            break;
        }
        p += MNL_ALIGN(a->nla_len);
    }
    return buf;
}

static vs_err_t errno_class(int error)
{
    if (error == EPERM || error == EACCES)
        return VS_EPERM;
    if (error == ENODEV || error == ESRCH || error == ENOENT)
        return VS_ENOTFOUND;
    if (error == EINVAL || error == EEXIST || error == ENETUNREACH || error == ENETDOWN)
        return VS_EINVAL;
    return VS_EKERNEL;
}

/* Sends one request with NLM_F_ACK and waits for its answer. */
static vs_err_t request(k_impl_t *k, struct nlmsghdr *nlh, const char *what)
{
    nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = ++k->seq;
    if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) < 0)
        return vs_fail(VS_EKERNEL, "%s: netlink send: %s", what, strerror(errno));
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(k->nl, k->rbuf, RECV_BUF);
        if (n < 0)
            return vs_fail(VS_EKERNEL, "%s: netlink receive: %s", what, strerror(errno));
        for (struct nlmsghdr *h = (struct nlmsghdr *)k->rbuf; mnl_nlmsg_ok(h, (int)n);
             h = mnl_nlmsg_next(h, (int *)&n)) {
            if (h->nlmsg_seq != nlh->nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
                continue;
            const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
            if (e->error == 0)
                return VS_OK;
            char why[256];
            err_reason(h, e, why, sizeof why);
            return vs_fail(errno_class(-e->error), "%s: the kernel refused: %s", what, why);
        }
    }
}

/* Dumps routes of one table; calls fn for each (prefix) and counts them. */
static vs_err_t dump_table(k_impl_t *k, uint32_t table,
                           vs_err_t (*fn)(void *ctx, const hw_prefix_t *p), void *ctx,
                           size_t *count)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETROUTE;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++k->seq;
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
    rtm->rtm_family = AF_UNSPEC;
    size_t n_found = 0;
    vs_err_t err = VS_OK;
    if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) < 0)
        return vs_fail(VS_EKERNEL, "route dump: %s", strerror(errno));
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(k->nl, k->rbuf, RECV_BUF);
        if (n < 0)
            return vs_fail(VS_EKERNEL, "route dump: %s", strerror(errno));
        for (struct nlmsghdr *h = (struct nlmsghdr *)k->rbuf; mnl_nlmsg_ok(h, (int)n);
             h = mnl_nlmsg_next(h, (int *)&n)) {
            if (h->nlmsg_seq != nlh->nlmsg_seq)
                continue;
            if (h->nlmsg_type == NLMSG_DONE)
                goto done;
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
                if (e->error)
                    return vs_fail(VS_EKERNEL, "route dump: %s", strerror(-e->error));
                continue;
            }
            if (h->nlmsg_type != RTM_NEWROUTE)
                continue;
            const struct rtmsg *r = mnl_nlmsg_get_payload(h);
            uint32_t t = r->rtm_table;
            hw_prefix_t p;
            memset(&p, 0, sizeof p);
            p.family = r->rtm_family == AF_INET6 ? 6 : 4;
            p.len = r->rtm_dst_len;
            const struct nlattr *a;
            mnl_attr_for_each(a, h, sizeof *r)
            {
                if (mnl_attr_get_type(a) == RTA_TABLE)
                    t = mnl_attr_get_u32(a);
                else if (mnl_attr_get_type(a) == RTA_DST)
                    memcpy(p.addr, mnl_attr_get_payload(a),
                           mnl_attr_get_payload_len(a) <= 16 ? mnl_attr_get_payload_len(a) : 16);
            }
            if (t != table)
                continue;
            n_found++;
            if (fn && !err)
                err = fn(ctx, &p);
        }
    }
done:
    if (count)
        *count = n_found;
    return err;
}

static int ifindex_of(k_impl_t *k, const char *name)
{
    for (int i = 0; i < k->ncache; i++)
        if (!strcmp(k->cache[i].name, name))
            return k->cache[i].index;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    nlh->nlmsg_seq = ++k->seq;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    int index = 0;
    if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) >= 0) {
        ssize_t n = mnl_socket_recvfrom(k->nl, k->rbuf, RECV_BUF);
        for (struct nlmsghdr *h = (struct nlmsghdr *)k->rbuf; n > 0 && mnl_nlmsg_ok(h, (int)n);
             h = mnl_nlmsg_next(h, (int *)&n))
            if (h->nlmsg_seq == nlh->nlmsg_seq && h->nlmsg_type == RTM_NEWLINK)
                index = ((const struct ifinfomsg *)mnl_nlmsg_get_payload(h))->ifi_index;
    }
    if (index > 0 && k->ncache < HW__MAX_LINKS) { /* only existing links are cached */
        snprintf(k->cache[k->ncache].name, HW_IFNAMSIZ, "%s", name);
        k->cache[k->ncache++].index = index;
    }
    return index;
}

/* ---- open / close -------------------------------------------------------------------- */

static vs_err_t set_buffers(k_impl_t *k)
{
    int one = 1, size = SOCK_BUF;
    int fd = mnl_socket_get_fd(k->nl);
    mnl_socket_setsockopt(k->nl, NETLINK_CAP_ACK, &one, sizeof one);
    mnl_socket_setsockopt(k->nl, NETLINK_EXT_ACK, &one, sizeof one);
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    return VS_OK;
}

static vs_err_t k_open(hw_backend_t *b, const hw_backend_config_t *cfg)
{
    vs_err_t err = VS_OK;
    k_impl_t *k = calloc(1, sizeof *k);
    if (!k)
        return vs_fail(VS_ENOMEM, "out of memory");
    k->orig_ns = k->ns_fd = -1;
    k->table_base = cfg->table_base ? cfg->table_base : 1000;
    k->batch_routes = cfg->batch_routes ? cfg->batch_routes : 1024;
    if (k->batch_routes > 4096)
        k->batch_routes = 4096; /* keeps one send under SEND_LIMIT */
    k->sbuf = malloc(SEND_LIMIT);
    k->rbuf = malloc(RECV_BUF);
    if (!k->sbuf || !k->rbuf) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if (k->table_base < 256 || k->table_base > 0xF0000000u) {
        err = vs_fail(VS_ERANGE, "kernel table base %u: use 256 to 4026531840 (tables below 256 "
                                 "include the system's main and local tables)", k->table_base);
        goto out;
    }
    k->orig_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (k->orig_ns < 0) {
        err = vs_fail(VS_EIO, "cannot open /proc/self/ns/net: %s", strerror(errno));
        goto out;
    }
    if (!cfg->netns) {
        if (unshare(CLONE_NEWNET) < 0) {
            err = vs_fail(errno == EPERM ? VS_EPERM : VS_EIO,
                          "cannot create a private network namespace: %s (the kernel backend "
                          "needs root, or CAP_SYS_ADMIN and CAP_NET_ADMIN)", strerror(errno));
            goto out;
        }
        k->private_ns = true;
        snprintf(k->netns, sizeof k->netns, "(private)");
        k->ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    } else {
        const char *name = cfg->netns;
        char path[128];
        if (!name[0] || strchr(name, '/') || strlen(name) >= sizeof k->netns) {
            err = vs_fail(VS_EINVAL, "'%s' is not a network namespace name", name);
            goto out;
        }
        snprintf(k->netns, sizeof k->netns, "%s", name);
        snprintf(path, sizeof path, "/run/netns/%s", name);
        k->ns_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (k->ns_fd < 0) {
            err = errno == ENOENT
                      ? vs_fail(VS_ENOTFOUND, "network namespace '%s' does not exist (no %s): "
                                              "create it with 'ip netns add %s', or leave out "
                                              "--netns for a private one", name, path, name)
                      : vs_fail(errno == EACCES ? VS_EPERM : VS_EIO, "%s: %s", path,
                                strerror(errno));
            goto out;
        }
        struct stat a, c;
        if (fstat(k->ns_fd, &a) == 0 && fstat(k->orig_ns, &c) == 0 && a.st_dev == c.st_dev &&
            a.st_ino == c.st_ino && !cfg->allow_current_ns) {
            err = vs_fail(VS_EINVAL, "refusing to change routes in network namespace '%s': it "
                                     "is the namespace vroomsim runs in (allow it explicitly "
                                     "with --allow-current-netns)", name);
            goto out;
        }
        if (setns(k->ns_fd, CLONE_NEWNET) < 0) {
            err = vs_fail(errno == EPERM ? VS_EPERM : VS_EIO,
                          "cannot enter network namespace '%s': %s (needs root)", name,
                          strerror(errno));
            goto out;
        }
    }
    k->nl = mnl_socket_open(NETLINK_ROUTE);
    int saved = errno;
    if (setns(k->orig_ns, CLONE_NEWNET) < 0) {
        /* we would keep working in the wrong namespace: give up loudly */
        err = vs_fail(VS_EIO, "cannot return to the original network namespace: %s",
                      strerror(errno));
        goto out;
    }
    if (!k->nl) {
        err = vs_fail(VS_EIO, "netlink socket: %s", strerror(saved));
        goto out;
    }
    if (mnl_socket_bind(k->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        err = vs_fail(VS_EIO, "netlink bind: %s", strerror(errno));
        goto out;
    }
    k->portid = mnl_socket_get_portid(k->nl);
    k->seq = (uint32_t)time(NULL);
    set_buffers(k);
    b->impl = k;
    track(k);
out:
    if (err) {
        if (k->nl)
            mnl_socket_close(k->nl);
        if (k->ns_fd >= 0)
            close(k->ns_fd);
        if (k->orig_ns >= 0)
            close(k->orig_ns);
        free(k->sbuf);
        free(k->rbuf);
        free(k);
    }
    return err;
}

static vs_err_t k_apply(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                        void (*report)(hw_backend_t *, size_t, vs_err_t, const char *),
                        sim_time_t *cost_ns);

typedef struct {
    hw_route_t *v;
    size_t n, cap;
} route_vec_t;

static vs_err_t collect(void *ctx, const hw_prefix_t *p)
{
    route_vec_t *rv = ctx;
    if (rv->n == rv->cap) {
        size_t cap = rv->cap ? rv->cap * 2 : 1024;
        hw_route_t *v = realloc(rv->v, cap * sizeof *v);
        if (!v)
            return vs_fail(VS_ENOMEM, "out of memory");
        rv->v = v;
        rv->cap = cap;
    }
    memset(&rv->v[rv->n], 0, sizeof rv->v[0]);
    rv->v[rv->n++].dst = *p;
    return VS_OK;
}

static void ignore_report(hw_backend_t *b, size_t i, vs_err_t e, const char *why)
{
    VS_WARN("hw_kernel", "cleanup: %s", why);
}

/* Removes what we created in a named namespace; a private one vanishes on its own. */
static void k_cleanup(k_impl_t *k)
{
    if (k->cleaned)
        return;
    k->cleaned = true;
    if (k->private_ns || !k->nl)
        return;
    hw_backend_t fake;
    memset(&fake, 0, sizeof fake);
    fake.impl = k;
    int sig = hw__interrupted;
    hw__interrupted = 0; /* let the clean-up batches run */
    for (int vr = 0; vr < k->nvr; vr++) {
        route_vec_t rv = {0};
        if (dump_table(k, k->table_base + (uint32_t)vr, collect, &rv, NULL) == VS_OK && rv.n) {
            sim_time_t c = 0;
            k_apply(&fake, vr, HW_OP_DELETE, rv.v, rv.n, ignore_report, &c);
        }
        free(rv.v);
    }
    char buf[MNL_SOCKET_BUFFER_SIZE];
    for (int i = 0; i < k->nrules; i++) {
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_DELRULE;
        struct fib_rule_hdr *fr = mnl_nlmsg_put_extra_header(nlh, sizeof *fr);
        fr->family = (uint8_t)k->rule[i].family;
        fr->action = FR_ACT_TO_TBL;
        mnl_attr_put_strz(nlh, FRA_IIFNAME, k->rule[i].ifname);
        mnl_attr_put_u32(nlh, FRA_TABLE, k->rule[i].table);
        mnl_attr_put_u32(nlh, FRA_PRIORITY, k->rule[i].prio);
        if (request(k, nlh, "remove rule"))
            VS_WARN("hw_kernel", "cleanup: %s", vs_errmsg());
    }
    for (int i = 0; i < k->nlinks; i++) {
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_DELLINK;
        struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
        ifi->ifi_family = AF_UNSPEC;
        mnl_attr_put_strz(nlh, IFLA_IFNAME, k->link[i]);
        if (request(k, nlh, "remove link"))
            VS_WARN("hw_kernel", "cleanup: %s", vs_errmsg());
    }
    hw__interrupted = sig;
}

static void k_close(hw_backend_t *b)
{
    k_impl_t *k = b->impl;
    if (!k)
        return;
    k_cleanup(k);
    untrack(k);
    if (k->nl)
        mnl_socket_close(k->nl);
    if (k->ns_fd >= 0)
        close(k->ns_fd);
    if (k->orig_ns >= 0)
        close(k->orig_ns);
    free(k->sbuf);
    free(k->rbuf);
    free(k);
}

/* ---- VRs, links, bindings ------------------------------------------------------------ */

static vs_err_t k_vr_create(hw_backend_t *b, int vr)
{
    k_impl_t *k = b->impl;
    uint32_t table = k->table_base + (uint32_t)vr;
    size_t have = 0;
    vs_err_t err = dump_table(k, table, NULL, NULL, &have);
    if (err)
        return err;
    if (have)
        return vs_fail(VS_EINVAL, "kernel table %u in namespace %s already holds %zu routes that "
                                  "this run did not add; choose another table base",
                       table, k->netns, have);
    k->nvr = vr + 1;
    return VS_OK;
}

uint32_t hw_kernel_table(const hw_backend_t *b, int vr)
{
    if (!b || b->kind != HW_BACKEND_KERNEL)
        return 0;
    return ((const k_impl_t *)b->impl)->table_base + (uint32_t)vr;
}

vs_err_t hw_kernel_set_batch(hw_backend_t *b, size_t routes)
{
    if (!b || b->kind != HW_BACKEND_KERNEL)
        return vs_fail(VS_EINVAL, "not a kernel backend");
    if (routes < 1 || routes > 4096)
        return vs_fail(VS_ERANGE, "netlink batch of %zu routes (expected 1 to 4096)", routes);
    ((k_impl_t *)b->impl)->batch_routes = routes;
    return VS_OK;
}

size_t hw_kernel_batch(const hw_backend_t *b)
{
    if (!b || b->kind != HW_BACKEND_KERNEL)
        return 0;
    return ((const k_impl_t *)b->impl)->batch_routes;
}

static vs_err_t set_up(k_impl_t *k, const char *name)
{
    char buf[MNL_SOCKET_BUFFER_SIZE], what[64];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    snprintf(what, sizeof what, "bring up %s", name);
    return request(k, nlh, what);
}

static vs_err_t k_link_add(hw_backend_t *b, const char *ifname)
{
    k_impl_t *k = b->impl;
    char peer[HW_IFNAMSIZ + 2], buf[MNL_SOCKET_BUFFER_SIZE], what[160];
    if (strlen(ifname) > HW_IFNAMSIZ - 2)
        return vs_fail(VS_EINVAL, "interface name '%s' leaves no room for its peer's 'p' suffix",
                       ifname);
    if (k->nlinks >= HW__MAX_LINKS)
        return vs_fail(VS_ERANGE, "at most %d links", HW__MAX_LINKS);
    snprintf(peer, sizeof peer, "%sp", ifname);
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
    struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    struct nlattr *pe = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
    struct ifinfomsg *pifi = mnl_nlmsg_put_extra_header(nlh, sizeof *pifi);
    pifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
    mnl_attr_nest_end(nlh, pe);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, info);
    snprintf(what, sizeof what, "create veth pair %s/%s in namespace %s", ifname, peer, k->netns);
    vs_err_t err = request(k, nlh, what);
    if (err)
        return err;
    snprintf(k->link[k->nlinks++], HW_IFNAMSIZ, "%s", ifname);
    if ((err = set_up(k, ifname)) || (err = set_up(k, peer)))
        return err;
    return VS_OK;
}

static vs_err_t k_bind(hw_backend_t *b, int vr, const char *ifname)
{
    k_impl_t *k = b->impl;
    char buf[MNL_SOCKET_BUFFER_SIZE], what[96];
    if (ifindex_of(k, ifname) <= 0)
        return vs_fail(VS_ENOTFOUND, "unknown interface '%s' in network namespace %s", ifname,
                       k->netns);
    uint32_t table = k->table_base + (uint32_t)vr;
    /* re-binding moves the interface: drop its old rules first */
    for (int i = 0; i < k->nrules;) {
        if (strcmp(k->rule[i].ifname, ifname)) {
            i++;
            continue;
        }
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_DELRULE;
        struct fib_rule_hdr *fr = mnl_nlmsg_put_extra_header(nlh, sizeof *fr);
        fr->family = (uint8_t)k->rule[i].family;
        fr->action = FR_ACT_TO_TBL;
        mnl_attr_put_strz(nlh, FRA_IIFNAME, ifname);
        mnl_attr_put_u32(nlh, FRA_TABLE, k->rule[i].table);
        mnl_attr_put_u32(nlh, FRA_PRIORITY, k->rule[i].prio);
        vs_err_t err = request(k, nlh, "remove old binding");
        if (err)
            return err;
        k->rule[i] = k->rule[--k->nrules];
    }
    static const int fams[2] = {AF_INET, AF_INET6};
    for (int f = 0; f < 2; f++) {
        if (k->nrules >= (int)(sizeof k->rule / sizeof k->rule[0]))
            return vs_fail(VS_ERANGE, "too many interface bindings");
        struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
        nlh->nlmsg_type = RTM_NEWRULE;
        nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
        struct fib_rule_hdr *fr = mnl_nlmsg_put_extra_header(nlh, sizeof *fr);
        fr->family = (uint8_t)fams[f];
        fr->action = FR_ACT_TO_TBL;
        fr->table = RT_TABLE_UNSPEC;
        uint32_t prio = RULE_PRIO_BASE + (uint32_t)vr;
        mnl_attr_put_strz(nlh, FRA_IIFNAME, ifname);
        mnl_attr_put_u32(nlh, FRA_TABLE, table);
        mnl_attr_put_u32(nlh, FRA_PRIORITY, prio);
        snprintf(what, sizeof what, "bind %s to table %u (%s)", ifname, table,
                 fams[f] == AF_INET ? "IPv4" : "IPv6");
        vs_err_t err = request(k, nlh, what);
        if (err)
            return err;
        snprintf(k->rule[k->nrules].ifname, HW_IFNAMSIZ, "%s", ifname);
        k->rule[k->nrules].table = table;
        k->rule[k->nrules].prio = prio;
        k->rule[k->nrules].family = fams[f];
        k->nrules++;
    }
    return VS_OK;
}

/* ---- routes -------------------------------------------------------------------------- */

static bool put_route(k_impl_t *k, char *at, uint32_t seq, hw_op_t op, uint32_t table,
                      const hw_route_t *r, int ifindex, size_t *len)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
    nlh->nlmsg_type = op == HW_OP_DELETE ? RTM_DELROUTE : RTM_NEWROUTE;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    if (op == HW_OP_ADD)
        nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
    else if (op == HW_OP_REPLACE)
        nlh->nlmsg_flags |= NLM_F_REPLACE; /* without CREATE: fails when absent */
    nlh->nlmsg_seq = seq;
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
    rtm->rtm_family = r->dst.family == 6 ? AF_INET6 : AF_INET;
    rtm->rtm_dst_len = r->dst.len;
    rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
    if (op == HW_OP_DELETE) {
        rtm->rtm_scope = RT_SCOPE_NOWHERE;
    } else {
        rtm->rtm_protocol = RTPROT_STATIC;
        rtm->rtm_scope = r->gw_family ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
        rtm->rtm_type = RTN_UNICAST;
    }
    int alen = r->dst.family == 6 ? 16 : 4;
    if (r->dst.len)
        mnl_attr_put(nlh, RTA_DST, (size_t)alen, r->dst.addr);
    mnl_attr_put_u32(nlh, RTA_TABLE, table);
    if (op != HW_OP_DELETE) {
        if (ifindex > 0)
            mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
        if (r->gw_family)
            mnl_attr_put(nlh, RTA_GATEWAY, r->gw_family == 6 ? 16 : 4, r->gw);
    }
    *len = nlh->nlmsg_len;
    return true;
}

static vs_err_t k_apply(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                        void (*report)(hw_backend_t *, size_t, vs_err_t, const char *),
                        sim_time_t *cost_ns)
{
    k_impl_t *k = b->impl;
    uint32_t table = k->table_base + (uint32_t)vr;
    char why[300], pfx[HW_PREFIX_STRLEN];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vs_err_t err = VS_OK;
    for (size_t start = 0; start < n; start += k->batch_routes) {
        if (hw__interrupted) {
            err = vs_fail(VS_EIO, "interrupted by signal %d after %zu of %zu routes",
                          hw__interrupted, start, n);
            break;
        }
        size_t end = start + k->batch_routes < n ? start + k->batch_routes : n;
        size_t off = 0, last_off = 0;
        uint32_t base = k->seq + 1, last_seq = 0;
        k->seq += (uint32_t)(end - start);
        for (size_t i = start; i < end; i++) {
            const hw_route_t *rt = &r[i];
            int ifindex = 0;
            if (op != HW_OP_DELETE && rt->dev[0]) {
                ifindex = ifindex_of(k, rt->dev);
                if (ifindex <= 0) {
                    snprintf(why, sizeof why, "route %s: unknown interface '%s' in network "
                             "namespace %s", hw_prefix_fmt(&rt->dst, pfx, sizeof pfx), rt->dev,
                             k->netns);
                    report(b, i, VS_ENOTFOUND, why);
                    continue;
                }
            } else if (op != HW_OP_DELETE && !rt->gw_family) {
                snprintf(why, sizeof why, "route %s: neither an interface nor a gateway",
                         hw_prefix_fmt(&rt->dst, pfx, sizeof pfx));
                report(b, i, VS_EINVAL, why);
                continue;
            }
            size_t len;
            put_route(k, k->sbuf + off, base + (uint32_t)(i - start), op, table, rt, ifindex,
                      &len);
            last_off = off;
            last_seq = base + (uint32_t)(i - start);
            off += MNL_ALIGN(len);
        }
        if (!off)
            continue;
        ((struct nlmsghdr *)(k->sbuf + last_off))->nlmsg_flags |= NLM_F_ACK;
        if (mnl_socket_sendto(k->nl, k->sbuf, off) < 0) {
            err = vs_fail(VS_EKERNEL, "netlink send of %zu routes: %s", end - start,
                          strerror(errno));
            break;
        }
        b->counters.batches++;
        bool done = false;
        while (!done) {
            ssize_t got = mnl_socket_recvfrom(k->nl, k->rbuf, RECV_BUF);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                err = vs_fail(VS_EKERNEL, "netlink receive: %s%s", strerror(errno),
                              errno == ENOBUFS ? " (too many errors at once)" : "");
                break;
            }
            int left = (int)got;
            for (struct nlmsghdr *h = (struct nlmsghdr *)k->rbuf; mnl_nlmsg_ok(h, left);
                 h = mnl_nlmsg_next(h, &left)) {
                if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq < base ||
                    h->nlmsg_seq > last_seq)
                    continue;
                const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
                if (e->error) {
                    size_t i = start + (h->nlmsg_seq - base);
                    char reason[200];
                    err_reason(h, e, reason, sizeof reason);
                    snprintf(why, sizeof why, "route %s (table %u): the kernel refused: %s",
                             hw_prefix_fmt(&r[i].dst, pfx, sizeof pfx), table, reason);
                    report(b, i, errno_class(-e->error), why);
                }
                if (h->nlmsg_seq == last_seq)
                    done = true;
            }
        }
        if (err)
            break;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *cost_ns += (t1.tv_sec - t0.tv_sec) * INT64_C(1000000000) + (t1.tv_nsec - t0.tv_nsec);
    return err;
}

static vs_err_t k_count(hw_backend_t *b, int vr, size_t *out)
{
    k_impl_t *k = b->impl;
    return dump_table(k, k->table_base + (uint32_t)vr, NULL, NULL, out);
}

vs_err_t hw_kernel_run(hw_backend_t *b, char *const argv[], int *exit_status, int64_t *wall_ns)
{
    if (!b || b->kind != HW_BACKEND_KERNEL)
        return vs_fail(VS_EINVAL, "not a kernel backend");
    k_impl_t *k = b->impl;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return vs_fail(VS_EIO, "fork: %s", strerror(errno));
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        if (setns(k->ns_fd, CLONE_NEWNET) < 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return vs_fail(VS_EIO, "waitpid: %s", strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (wall_ns)
        *wall_ns = (t1.tv_sec - t0.tv_sec) * INT64_C(1000000000) + (t1.tv_nsec - t0.tv_nsec);
    *exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (*exit_status == 127)
        return vs_fail(VS_EDEPEND, "cannot run '%s' (not installed?)", argv[0]);
    return VS_OK;
}

const hw__ops_t hw__kernel_ops = {
    .name = "kernel",
    .open = k_open,
    .close = k_close,
    .vr_create = k_vr_create,
    .link_add = k_link_add,
    .bind = k_bind,
    .apply = k_apply,
    .count = k_count,
};
