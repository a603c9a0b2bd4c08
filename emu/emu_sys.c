/* emu_sys — processes, `ip` commands and signals for the emulator. */
#define _GNU_SOURCE
#include "emu_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hw_backend.h"

#define EMU_MAX_ARGS 48

int64_t emu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Runs argv; the output of fd `which` (1 or 2) kept (up to len - 1 bytes) in text, the
 * other discarded. */
static vs_err_t run_fd(char *const argv[], int which, char *text, size_t len, int *status)
{
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) < 0)
        return vs_fail(VS_EIO, "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return vs_fail(VS_EIO, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(which == 1 ? fd[1] : null, 1);
        dup2(which == 2 ? fd[1] : null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd[0], text + got, len - 1 - got)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (got += (size_t)n) >= len - 1)
            break;
    }
    text[got] = 0;
    if (got == len - 1) { /* drain the rest so the child can finish */
        char sink[4096];
        while ((n = read(fd[0], sink, sizeof sink)) > 0 || (n < 0 && errno == EINTR))
            ;
    }
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return vs_fail(VS_EIO, "waitpid: %s", strerror(errno));
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return VS_OK;
}

vs_err_t emu_capture(char *const argv[], char *out, size_t len, int *status)
{
    return run_fd(argv, 1, out, len, status);
}

/* Runs argv (the words of `shown`); a failure quotes shown and what the program printed. */
static vs_err_t run_quiet(char *const argv[], const char *shown)
{
    char text[512];
    int status;
    vs_err_t err = run_fd(argv, 2, text, sizeof text, &status);
    if (err)
        return err;
    if (status == 127)
        return vs_fail(VS_EDEPEND, "cannot run '%s' (Debian package iproute2)", argv[0]);
    if (status) {
        size_t l = strlen(text);
        while (l && text[l - 1] == '\n')
            text[--l] = 0;
        return vs_fail(VS_EKERNEL, "'%s' failed: %s", shown, text[0] ? text : "no message");
    }
    return VS_OK;
}

/* Runs prog with the words of line (split at spaces). */
static vs_err_t run_words(const char *prog, const char *line)
{
    char words[512], shown[600];
    if (strlen(line) >= sizeof words)
        return vs_fail(VS_EINVAL, "%s command too long: %.60s...", prog, line);
    memcpy(words, line, strlen(line) + 1);
    snprintf(shown, sizeof shown, "%s %s", prog, line);
    char *argv[EMU_MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)prog;
    for (char *save = NULL, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (argc == EMU_MAX_ARGS + 1)
            return vs_fail(VS_EINVAL, "%s: too many words", shown);
        argv[argc++] = w;
    }
    argv[argc] = NULL;
    return run_quiet(argv, shown);
}

vs_err_t emu_ip(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        return vs_fail(VS_EINVAL, "ip command too long: %.60s...", line);
    return run_words("ip", line);
}

vs_err_t emu_tc(const char *ns, const char *line)
{
    char full[600];
    snprintf(full, sizeof full, "-n %s %s", ns, line);
    return run_words("tc", full);
}

vs_err_t emu_ip_batch(const char *ns, const char *path)
{
    char *argv[] = {(char *)"ip", (char *)"-n", (char *)ns, (char *)"-batch", (char *)path, NULL};
    char shown[400];
    snprintf(shown, sizeof shown, "ip -n %s -batch %s", ns, path);
    return run_quiet(argv, shown);
}

vs_err_t emu_netns_add(const char *name, const char *extra)
{
    vs_err_t err = emu_ip("netns add %s", name);
    if (err)
        return vs_fail(VS_EIO, "cannot create network namespace %s: %s", name, vs_errmsg());
    if ((err = emu_ip("-n %s link set lo up", name)))
        return err;
    err = emu_ip("netns exec %s sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 "
                  "net.ipv4.conf.default.rp_filter=0 net.ipv6.conf.all.disable_ipv6=1 "
                  "net.ipv6.conf.default.disable_ipv6=1 net.ipv4.tcp_congestion_control=reno",
                  name);
    if (!err && extra && extra[0] && (err = emu_ip("netns exec %s sysctl -q -w %s", name, extra)))
        err = vs_fail(VS_EINVAL, "--sysctl %s: %s", extra, vs_errmsg()); /* the user's words */
    return err;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    remove(path);
    return 0;
}

vs_err_t emu_mkwork(const char *tag, const char *keep_dir, char *buf, size_t len)
{
    if (keep_dir) {
        snprintf(buf, len, "%s", keep_dir);
        if (mkdir(buf, 0755) && errno != EEXIST)
            return vs_fail(VS_EIO, "%s: %s", buf, strerror(errno));
    } else {
        snprintf(buf, len, "/tmp/%s.XXXXXX", tag);
        if (!mkdtemp(buf))
            return vs_fail(VS_EIO, "cannot make a work directory in /tmp: %s", strerror(errno));
    }
    chmod(buf, 0755); /* daemons may run as another user */
    return VS_OK;
}

void emu_rmdir(const char *path, bool keep)
{
    if (keep)
        fprintf(stderr, "vroomsim: the emulation's files are kept in %s\n", path);
    else if (path[0])
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

bool emu_netns_exists(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "/run/netns/%s", name);
    return access(path, F_OK) == 0;
}

vs_err_t emu_spawn(const char *ns, char *const argv[], const char *out_path, pid_t *pid)
{
    char *full[EMU_MAX_ARGS + 5];
    int n = 0;
    full[n++] = (char *)"ip";
    full[n++] = (char *)"netns";
    full[n++] = (char *)"exec";
    full[n++] = (char *)ns;
    for (int i = 0; argv[i]; i++) {
        if (n == EMU_MAX_ARGS + 4)
            return vs_fail(VS_EINVAL, "too many arguments for %s", argv[0]);
        full[n++] = argv[i];
    }
    full[n] = NULL;
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0)
        return vs_fail(VS_EIO, "%s: %s", out_path, strerror(errno));
    pid_t p = fork();
    if (p < 0) {
        close(out);
        return vs_fail(VS_EIO, "fork: %s", strerror(errno));
    }
    if (p == 0) {
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(out, 1);
        dup2(out, 2);
        execvp(full[0], full);
        _exit(127);
    }
    close(out);
    *pid = p;
    return VS_OK;
}

vs_err_t emu_socket_in(const char *ns, int domain, int type, int protocol, int *fd)
{
    char path[160];
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    int target = open(path, O_RDONLY | O_CLOEXEC);
    vs_err_t err = VS_OK;
    if (self < 0 || target < 0) {
        err = vs_fail(VS_EIO, "%s: %s", self < 0 ? "/proc/self/ns/net" : path, strerror(errno));
        goto out;
    }
    if (setns(target, CLONE_NEWNET) < 0) {
        err = vs_fail(VS_EPERM, "cannot enter network namespace %s: %s", ns, strerror(errno));
        goto out;
    }
    *fd = socket(domain, type | SOCK_CLOEXEC, protocol);
    int saved = errno;
    if (setns(self, CLONE_NEWNET) < 0) {
        /* going on in the wrong namespace could touch the machine's own: stop here */
        fprintf(stderr, "vroomsim: cannot return to the original network namespace: %s\n",
                strerror(errno));
        abort();
    }
    if (*fd < 0)
        err = vs_fail(VS_EIO, "socket in namespace %s: %s", ns, strerror(saved));
out:
    if (self >= 0)
        close(self);
    if (target >= 0)
        close(target);
    return err;
}

bool emu_alive(pid_t pid)
{
    if (pid <= 0)
        return false;
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG);
    return r == 0;
}

int emu_stop(pid_t *pids, int n)
{
    int killed = 0;
    for (int i = 0; i < n; i++)
        if (pids[i] > 0) {
            kill(pids[i], SIGCONT);
            kill(pids[i], SIGTERM);
        }
    for (int tick = 0; tick < 1000; tick++) {
        bool any = false;
        for (int i = 0; i < n; i++) {
            if (pids[i] <= 0)
                continue;
            int st;
            pid_t r = waitpid(pids[i], &st, WNOHANG);
            if (r == pids[i] || (r < 0 && errno == ECHILD))
                pids[i] = 0;
            else
                any = true;
        }
        if (!any)
            return killed;
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < n; i++)
        if (pids[i] > 0) {
            kill(pids[i], SIGKILL);
            while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
                ;
            pids[i] = 0;
            killed++;
        }
    return killed;
}

/* ---- signals ------------------------------------------------------------------------- */

static volatile sig_atomic_t got_signal;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
    got_signal = sig;
}

void emu_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    got_signal = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

void emu_signals_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

void emu_signals_end(void)
{
    int sig = emu_stopped();
    emu_signals_restore();
    if (!sig)
        return;
    fprintf(stderr, "vroomsim: interrupted by signal %d; removed every namespace, link and process "
                    "of the emulation\n", sig);
    signal(sig, SIG_DFL);
    raise(sig);
}

int emu_stopped(void)
{
    return got_signal ? got_signal : hw_backend_interrupted();
}

vs_err_t emu_sleep(int64_t ns)
{
    int64_t end = emu_now() + ns;
    for (;;) {
        if (emu_stopped())
            return vs_fail(VS_EIO, "interrupted by signal %d", emu_stopped());
        int64_t left = end - emu_now();
        if (left <= 0)
            return VS_OK;
        if (left > 20000000)
            left = 20000000; /* look at the flag every 20 ms */
        struct timespec ts = {left / 1000000000, left % 1000000000};
        nanosleep(&ts, NULL);
    }
}
