/* hwmodel/hw_kernel: the kernel backend in network namespaces this test creates. Needs root
 * (CI runs as root); without the privilege it skips (exit 77) saying why. Every case checks
 * that it leaves nothing behind, and the host's own routes and rules are compared before and
 * after the whole suite. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vs_check.h"
#include "hw_backend.h"
#include "hw_kernel.h"

static char ns_name[64];

static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 16, n = 0;
    char *buf = calloc(1, cap);
    if (!p)
        return buf;
    while (n + 1 < cap) {
        size_t got = fread(buf + n, 1, cap - 1 - n, p);
        if (!got)
            break;
        n += got;
    }
    pclose(p);
    return buf;
}

static void ns_add(void)
{
    char cmd[512];
    snprintf(ns_name, sizeof ns_name, "vs_hwt_%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "ip netns add %s", ns_name);
    ck_assert_int_eq(system(cmd), 0);
}

static void ns_del(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ip netns del %s 2>/dev/null", ns_name);
    if (system(cmd) != 0)
        fprintf(stderr, "test_hw_kernel: could not delete namespace %s\n", ns_name);
}

/* Nothing of ours left in the named namespace. */
static void assert_ns_clean(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ip -n %s route show table 1000; ip -n %s -o link show; "
                              "ip -n %s rule show", ns_name, ns_name, ns_name);
    char *out = run(cmd);
    ck_assert_msg(!strstr(out, "vs0"), "left behind: %s", out);
    ck_assert_msg(!strstr(out, "lookup 1000"), "left behind: %s", out);
    ck_assert_msg(!strstr(out, "dev "), "routes left behind: %s", out);
    free(out);
}

static hw_route_t *routes(size_t n, const char *dev)
{
    hw_prefix_list_t l;
    ck_assert_int_eq(hw_prefix_synth(n, 3, NULL, &l), VS_OK);
    hw_route_t *r = calloc(n, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        r[i].dst = l.v[i];
        snprintf(r[i].dev, sizeof r[i].dev, "%s", dev);
    }
    hw_prefix_list_free(&l);
    return r;
}

typedef struct {
    int n;
    char first[300];
} errs_t;

static void collect(void *ctx, size_t i, const hw_route_t *r, vs_err_t e, const char *why)
{
    errs_t *x = ctx;
    if (!x->n++)
        snprintf(x->first, sizeof x->first, "%s", why);
}

START_TEST(private_namespace)
{
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .batch_routes = 100};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    int vr;
    ck_assert_int_eq(hw_backend_link_add(b, "vs0"), VS_OK);
    ck_assert_int_eq(hw_backend_link_add(b, "vs0"), VS_EINVAL); /* exists */
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", &vr), VS_OK);
    ck_assert_int_eq(hw_kernel_table(b, vr), 1000);
    ck_assert_int_eq(hw_backend_bind(b, vr, "vs0"), VS_OK);
    ck_assert_int_eq(hw_backend_bind(b, vr, "eth77"), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "eth77"));
    hw_route_t *r = routes(2000, "vs0");
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 2000, NULL, NULL, NULL, NULL), VS_OK);
    size_t n;
    ck_assert_int_eq(hw_backend_route_count(b, vr, &n), VS_OK);
    ck_assert_uint_eq(n, 2000);
    /* duplicates: one error per route, naming the prefix and the kernel's reason */
    errs_t e = {0};
    size_t failed = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 250, collect, &e, &failed, NULL), VS_EINVAL);
    ck_assert_uint_eq(failed, 250);
    ck_assert_int_eq(e.n, 250);
    char pfx[HW_PREFIX_STRLEN];
    ck_assert_ptr_nonnull(strstr(e.first, hw_prefix_fmt(&r[0].dst, pfx, sizeof pfx)));
    ck_assert_ptr_nonnull(strstr(e.first, "File exists"));
    /* unknown interface, and a gateway the kernel cannot reach */
    hw_route_t bad;
    ck_assert_int_eq(hw_route_make("198.51.100.0/24", "nope0", &bad), VS_OK);
    ck_assert_int_eq(hw_backend_route_add(b, vr, &bad, NULL), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "198.51.100.0/24"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "nope0"));
    ck_assert_int_eq(hw_route_make("198.51.100.0/24", "vs0", &bad), VS_OK);
    bad.gw_family = 4;
    bad.gw[0] = 203, bad.gw[1] = 0, bad.gw[2] = 113, bad.gw[3] = 1;
    ck_assert_int_ne(hw_backend_route_add(b, vr, &bad, NULL), VS_OK);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "the kernel refused"));
    /* replace and delete everything */
    ck_assert_int_eq(hw_backend_apply_many(b, vr, HW_OP_REPLACE, r, 2000, NULL, NULL, NULL, NULL),
                     VS_OK);
    ck_assert_int_eq(hw_backend_apply_many(b, vr, HW_OP_DELETE, r, 2000, NULL, NULL, NULL, NULL),
                     VS_OK);
    ck_assert_int_eq(hw_backend_route_count(b, vr, &n), VS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(hw_backend_route_delete(b, vr, &r[0], NULL), VS_ENOTFOUND);
    hw_counters_t c;
    hw_backend_counters(b, &c);
    ck_assert_uint_eq(c.added, 2000);
    ck_assert_uint_eq(c.deleted, 2000);
    free(r);
    hw_backend_close(b);
}
END_TEST

START_TEST(named_namespace_cleanup)
{
    ns_add();
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .netns = ns_name};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    int vr;
    ck_assert_int_eq(hw_backend_link_add(b, "vs0"), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", &vr), VS_OK);
    ck_assert_int_eq(hw_backend_bind(b, vr, "vs0"), VS_OK);
    hw_route_t *r = routes(500, "vs0");
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 500, NULL, NULL, NULL, NULL), VS_OK);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ip -n %s route show table 1000 | wc -l", ns_name);
    char *out = run(cmd);
    ck_assert_int_eq(atoi(out), 500);
    free(out);
    hw_backend_close(b);
    assert_ns_clean();
    /* the same table is free again; a table with foreign routes is refused */
    snprintf(cmd, sizeof cmd, "ip -n %s link add x0 type veth peer name x1 && ip -n %s link set "
                              "x0 up && ip -n %s link set x1 up && ip -n %s route add "
                              "192.0.2.0/24 dev x0 table 1000", ns_name, ns_name, ns_name,
             ns_name);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", &vr), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "already holds"));
    hw_backend_close(b);
    free(r);
    ns_del();
}
END_TEST

START_TEST(missing_and_own_namespace)
{
    hw_backend_t *b = NULL;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .netns = "vs_no_such_namespace"};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "ip netns add vs_no_such_namespace"));
    cfg.netns = "bad/name";
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_EINVAL);
    /* a name for the namespace this process runs in: refused unless allowed */
    char cmd[512];
    snprintf(ns_name, sizeof ns_name, "vs_hwself_%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "ip netns attach %s %d", ns_name, (int)getpid());
    ck_assert_int_eq(system(cmd), 0);
    cfg.netns = ns_name;
    vs_err_t err = hw_backend_open(&cfg, &b);
    char msg[400];
    snprintf(msg, sizeof msg, "%s", vs_errmsg());
    cfg.allow_current_ns = true;
    vs_err_t err2 = hw_backend_open(&cfg, &b);
    if (err2 == VS_OK)
        hw_backend_close(b); /* opened, nothing created */
    ns_del();
    ck_assert_int_eq(err, VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(msg, "refusing"));
    ck_assert_int_eq(err2, VS_OK);
}
END_TEST

/* SIGTERM in the middle: the child stops, cleans up and dies of the signal. */
START_TEST(sigterm_cleans_up)
{
    ns_add();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        hw_backend_t *b;
        hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .netns = ns_name,
                                   .batch_routes = 50};
        int vr;
        if (hw_backend_open(&cfg, &b) || hw_backend_link_add(b, "vs0") ||
            hw_backend_vr_create(b, "vr", &vr) || hw_backend_bind(b, vr, "vs0"))
            _exit(10);
        hw_route_t *r = routes(400, "vs0");
        if (hw_backend_add_many(b, vr, r, 200, NULL, NULL, NULL, NULL))
            _exit(11);
        kill(getpid(), SIGTERM); /* handled: sets the flag */
        if (hw_backend_add_many(b, vr, r + 200, 200, NULL, NULL, NULL, NULL) != VS_EIO)
            _exit(12);
        int sig = hw_backend_interrupted();
        hw_backend_close(b);
        signal(sig, SIG_DFL);
        raise(sig);
        _exit(13);
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "child status %d", st);
    assert_ns_clean();
    ns_del();
}
END_TEST

/* exit() without closing: the atexit hook removes what was created. */
START_TEST(exit_cleans_up)
{
    ns_add();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        hw_backend_t *b;
        hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .netns = ns_name};
        int vr;
        if (hw_backend_open(&cfg, &b) || hw_backend_link_add(b, "vs0") ||
            hw_backend_vr_create(b, "vr", &vr) || hw_backend_bind(b, vr, "vs0"))
            exit(10);
        hw_route_t *r = routes(100, "vs0");
        exit(hw_backend_add_many(b, vr, r, 100, NULL, NULL, NULL, NULL) ? 11 : 0);
    }
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_ns_clean();
    ns_del();
}
END_TEST

START_TEST(ip_batch_in_namespace)
{
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    int status;
    char *argv[] = {"ip", "link", "show", "lo", NULL};
    ck_assert_int_eq(hw_kernel_run(b, argv, &status, NULL), VS_OK);
    ck_assert_int_eq(status, 0);
    char *argv2[] = {"ip", "link", "show", "vs0", NULL}; /* not in the private namespace */
    ck_assert_int_eq(hw_kernel_run(b, argv2, &status, NULL), VS_OK);
    ck_assert_int_ne(status, 0);
    hw_backend_close(b);
}
END_TEST

static bool privileged(void)
{
    if (geteuid() != 0)
        return false;
    pid_t pid = fork();
    if (pid == 0)
        _exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
    int st;
    return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
    if (!privileged()) {
        printf("test_hw_kernel: skipped: creating network namespaces needs root "
               "(CAP_SYS_ADMIN and CAP_NET_ADMIN); CI runs this suite as root\n");
        return 77;
    }
    if (system("ip -V >/dev/null 2>&1") != 0) {
        printf("test_hw_kernel: skipped: iproute2's 'ip' is not installed\n");
        return 77;
    }
    char *before = run("ip -o route show table all; ip -o -6 route show table all; ip rule; "
                       "ip -o addr; ip -o link");
    Suite *s = suite_create("hw_kernel");
    TCase *tc = tcase_create("kernel");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, private_namespace);
    tcase_add_test(tc, named_namespace_cleanup);
    tcase_add_test(tc, missing_and_own_namespace);
    tcase_add_test(tc, sigterm_cleans_up);
    tcase_add_test(tc, exit_cleans_up);
    tcase_add_test(tc, ip_batch_in_namespace);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    char *after = run("ip -o route show table all; ip -o -6 route show table all; ip rule; "
                      "ip -o addr; ip -o link");
    if (strcmp(before, after) != 0) {
        fprintf(stderr, "test_hw_kernel: the host's routes, rules, addresses or links changed "
                        "during the suite\n--- before\n%s--- after\n%s", before, after);
        failed++;
    }
    free(before);
    free(after);
    return failed ? 1 : 0;
}
