/* models/mig_emulate: emulation runs. A scenario puts a real backend under the destination
 * router; the VROOM clone installs the VR's routes there and the JSON shows the simulated and
 * measured cloning times side by side. The netfpga cases (register-level emulator) run
 * anywhere; the kernel cases need root (CI runs as root) and otherwise are skipped with a
 * message. Every kernel case checks that nothing is left behind. */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "hw_prefix.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "vs_check.h"

#define ROUTES 3000

/* A two-router substrate; the destination n2 gets `dst_extra` (e.g. "emulate: kernel"). */
static const scn_t *load(const char *dst_extra, int runs)
{
    char text[2048];
    snprintf(text, sizeof text,
             "version: 1\nname: emu\nseed: 7\nruns: %d\nuntil: 10min\n"
             "physical_routers:\n"
             "  - {name: n1, host: pc3000, data_plane: linux-iproute2}\n"
             "  - {name: n2, host: pc3000, data_plane: linux-iproute2%s%s}\n"
             "links:\n"
             "  - {a: n1, b: n2, bandwidth: 1Gbps, delay: 0.1ms, migration_bandwidth: 1Gbps}\n"
             "virtual_routers:\n"
             "  - {name: vr0, host: n1, ospf: {}}\n"
             "  - {name: vr1, host: n1, ospf: {routes: %d}}\n"
             "virtual_links:\n"
             "  - {a: vr0, b: vr1, rehoming: optical}\n"
             "migrations:\n"
             "  - {vr: vr1, to: n2, at: 1s}\n",
             runs, *dst_extra ? ", " : "", dst_extra, ROUTES);
    const scn_t *s = NULL;
    vs_err_t err = scn_load_string("emu.yaml", text, &s);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return s;
}

/* Runs s and returns the JSON of the results. */
static cJSON *run_json(const scn_t *s, int64_t expect_installed)
{
    run_results_t *r = NULL;
    vs_err_t err = run_scenario(s, NULL, &r);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    cJSON *j = run_results_json(s, r);
    ck_assert_ptr_nonnull(j);
    /* every run installed every route */
    for (int i = 0; i < r->runs; i++)
        ck_assert_int_eq(r->results[(size_t)i * r->n_migrations].emu_installed, expect_installed);
    run_results_free(r);
    return j;
}

static cJSON *fib_of(cJSON *j)
{
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "migrations"), 0);
    cJSON *fib = cJSON_GetObjectItem(m, "fib");
    ck_assert_ptr_nonnull(fib);
    return fib;
}

/* Both numbers, the backend and the count; then the JSON without the emulation's objects is
 * byte-identical to the plain run's: the measurement never moves the simulated timeline. */
static void check_json(cJSON *j, const char *backend, int runs)
{
    cJSON *fib = fib_of(j);
    cJSON *emu = cJSON_GetObjectItem(fib, "emulation");
    cJSON *tm = cJSON_GetObjectItem(fib, "timing");
    ck_assert_ptr_nonnull(emu);
    ck_assert_ptr_nonnull(tm);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(emu, "backend")), backend);
    ck_assert_int_eq((int)cJSON_GetNumberValue(cJSON_GetObjectItem(emu, "routes_installed")), ROUTES);
    ck_assert_int_eq((int)cJSON_GetNumberValue(cJSON_GetObjectItem(emu, "routes_failed")), 0);
    cJSON *sim = cJSON_GetObjectItem(tm, "simulated_s"), *meas = cJSON_GetObjectItem(tm, "measured_s");
    ck_assert(cJSON_IsNumber(sim) && cJSON_IsNumber(meas));
    ck_assert_double_eq(cJSON_GetNumberValue(sim),
                        cJSON_GetNumberValue(cJSON_GetObjectItem(fib, "total_s")));
    ck_assert(cJSON_GetNumberValue(sim) > 0);
    ck_assert(cJSON_GetNumberValue(meas) > 0);
    const scn_t *plain = load("", runs);
    cJSON *pj = run_json(plain, 0);
    cJSON_DeleteItemFromObject(fib, "emulation");
    cJSON_DeleteItemFromObject(fib, "timing");
    char *a = cJSON_PrintUnformatted(j), *b = cJSON_PrintUnformatted(pj);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    cJSON_Delete(pj);
    scn_free(plain);
}

START_TEST(netfpga_emulator)
{
    const scn_t *s = load("emulate: netfpga", 2); /* the second run clones into the same FIB again */
    cJSON *j = run_json(s, ROUTES);
    cJSON *emu = cJSON_GetObjectItem(fib_of(j), "emulation");
    /* the register writes' modelled time: deterministic, so outside "timing" */
    ck_assert(cJSON_GetNumberValue(cJSON_GetObjectItem(emu, "modelled_s")) > 0);
    check_json(j, "netfpga", 2);
    cJSON_Delete(j);
    ck_assert_int_eq(run_check(s), VS_OK);
    scn_free(s);
}
END_TEST

/* prefixes: FILE installs the file's first prefixes; a file too short fails naming it. */
START_TEST(netfpga_prefix_file)
{
    char path[] = "/tmp/vs_emut_pfx_XXXXXX", extra[128];
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    hw_prefix_list_t l;
    ck_assert_int_eq(hw_prefix_synth(ROUTES + 10, 99, NULL, &l), VS_OK);
    fprintf(f, "# test prefixes\n");
    for (size_t i = 0; i < l.n; i++) {
        char p[HW_PREFIX_STRLEN];
        fprintf(f, "%s\n", hw_prefix_fmt(&l.v[i], p, sizeof p));
    }
    hw_prefix_list_free(&l);
    fclose(f);
    snprintf(extra, sizeof extra, "emulate: netfpga, prefixes: %s", path);
    const scn_t *s = load(extra, 1);
    cJSON *j = run_json(s, ROUTES);
    check_json(j, "netfpga", 1);
    cJSON_Delete(j);
    scn_free(s);
    /* too short: status 2 before the run, naming the file and the VR */
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "10.0.0.0/8\n192.168.0.0/16\n");
    fclose(f);
    s = load(extra, 1);
    vs_err_t err = run_check(s);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), path));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'vr1' needs 3000"));
    scn_free(s);
    unlink(path);
}
END_TEST

START_TEST(bad_keys)
{
    const scn_t *s = NULL;
    const char *text = "version: 1\nname: x\nphysical_routers:\n"
                       "  - {name: n1, emulate: netfpga, netns: foo}\n";
    ck_assert_int_eq(scn_load_string("x.yaml", text, &s), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "x.yaml:4:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "emulate: kernel"));
    text = "version: 1\nname: x\nphysical_routers:\n  - {name: n1, emulate: kernal}\n";
    ck_assert_int_ne(scn_load_string("x.yaml", text, &s), VS_OK);
    ck_assert_int_eq(vs_exit_status(VS_EINVAL), 2);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "x.yaml:4:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "kernel"));
}
END_TEST

static char *sh(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 16, n = 0;
    char *buf = calloc(1, cap);
    while (p && n + 1 < cap) {
        size_t got = fread(buf + n, 1, cap - 1 - n, p);
        if (!got)
            break;
        n += got;
    }
    if (p)
        pclose(p);
    return buf;
}

/* Network-namespace file descriptors this process holds (a private namespace lives as long
 * as one is open). */
static int netns_fds(void)
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[300], target[128];
        snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t len = readlink(path, target, sizeof target - 1);
        if (len > 0) {
            target[len] = 0;
            n += strncmp(target, "net:[", 5) == 0;
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* The host's own links, rules and routes (named namespaces are left out: other suites create
 * theirs while this one runs). */
#define HOST_STATE "ip -o link; ip rule; ip -o route show table all; ip -o -6 route show table all"

START_TEST(kernel_private_namespace)
{
    char *before = sh(HOST_STATE);
    int fds = netns_fds();
    const scn_t *s = load("emulate: kernel", 2);
    ck_assert_int_eq(run_check(s), VS_OK);
    cJSON *j = run_json(s, ROUTES);
    check_json(j, "kernel", 2);
    cJSON_Delete(j);
    scn_free(s);
    /* the private namespace is gone with its last descriptor; the host is untouched */
    ck_assert_int_eq(netns_fds(), fds);
    char *after = sh(HOST_STATE);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
}
END_TEST

START_TEST(kernel_named_namespace)
{
    char name[64], cmd[256];
    snprintf(name, sizeof name, "vs_emut_%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "ip netns add %s", name);
    ck_assert_int_eq(system(cmd), 0);
    char extra[128];
    snprintf(extra, sizeof extra, "emulate: kernel, netns: %s", name);
    const scn_t *s = load(extra, 1);
    cJSON *j = run_json(s, ROUTES);
    check_json(j, "kernel", 1);
    cJSON_Delete(j);
    scn_free(s);
    snprintf(cmd, sizeof cmd, "ip -n %s -o link; ip -n %s rule; ip -n %s route show table all",
             name, name, name);
    char *left = sh(cmd);
    snprintf(cmd, sizeof cmd, "ip netns del %s", name);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_msg(!strstr(left, "vsemu"), "left behind: %s", left);
    ck_assert_msg(!strstr(left, "lookup 1000"), "left behind: %s", left);
    ck_assert_msg(!strstr(left, "dev "), "routes left behind: %s", left);
    free(left);
}
END_TEST

/* Environment problems: status 3 before the run, at validate time already. */
START_TEST(kernel_environment)
{
    const scn_t *s = load("emulate: kernel, netns: vs_emut_no_such_ns", 1);
    vs_err_t err = run_check(s);
    ck_assert_int_eq(vs_exit_status(err), 3);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "vs_emut_no_such_ns"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'n2'"));
    run_results_t *r = NULL;
    ck_assert_int_eq(vs_exit_status(run_scenario(s, NULL, &r)), 3);
    ck_assert_ptr_null(r);
    scn_free(s);
    /* no privilege: an unprivileged child gets status 3 and a message saying so */
    s = load("emulate: kernel", 1);
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(10);
        if (access(VS_SOURCE_DIR "/hwmodel/profiles", R_OK | X_OK) != 0)
            _exit(12); /* the checkout itself is closed to that user (e.g. a 0700 temp dir) */
        vs_err_t e = run_check(s);
        _exit(vs_exit_status(e) == 3 && strstr(vs_errmsg(), "root") ? 0 : 11);
    }
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 12)
        fprintf(stderr, "kernel_environment: unprivileged part skipped: %s is not readable by "
                        "uid 65534\n", VS_SOURCE_DIR);
    else
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged check: status %d",
                      WEXITSTATUS(st));
    scn_free(s);
}
END_TEST

static bool privileged(void)
{
    if (geteuid() != 0 || system("ip -V >/dev/null 2>&1") != 0)
        return false;
    pid_t pid = fork();
    if (pid == 0)
        _exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
    int st;
    return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
    Suite *s = suite_create("emulate");
    TCase *tc = tcase_create("netfpga");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, netfpga_emulator);
    tcase_add_test(tc, netfpga_prefix_file);
    tcase_add_test(tc, bad_keys);
    suite_add_tcase(s, tc);
    bool root = privileged();
    if (root) {
        TCase *tk = tcase_create("kernel");
        tcase_set_timeout(tk, 60);
        tcase_add_test(tk, kernel_private_namespace);
        tcase_add_test(tk, kernel_named_namespace);
        tcase_add_test(tk, kernel_environment);
        suite_add_tcase(s, tk);
    } else {
        printf("test_emulate: kernel cases skipped: network namespaces need root "
               "(CAP_SYS_ADMIN and CAP_NET_ADMIN); CI runs this suite as root\n");
    }
    int failed = vs_check_run(s);
    if (failed)
        return EXIT_FAILURE;
    return root ? EXIT_SUCCESS : 77;
}
