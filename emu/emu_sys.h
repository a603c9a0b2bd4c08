/* emu_sys — what the emulator asks of the operating system: `ip` commands run to completion,
 * daemons started inside a network namespace and stopped by their PID, and the SIGINT/SIGTERM
 * flag every wait checks. Nothing here touches the namespace vroomsim runs in: every command
 * names its namespace (ip -n, ip netns exec). */
#ifndef EMU_SYS_H
#define EMU_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vs_error.h"

#define EMU_NS_LEN 48 /* room for a namespace name: vroomsim<PID> and a suffix */

/* Runs `ip ARGS`, ARGS formatted from fmt and split at spaces (every word the emulator
 * passes is its own: names and addresses without spaces). Waits for it; a failure is
 * VS_EKERNEL quoting the command and what ip printed. O(one fork + exec). */
vs_err_t emu_ip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `tc -n NS LINE`, LINE split at spaces as emu_ip's. */
vs_err_t emu_tc(const char *ns, const char *line);
/* `ip -n NS -batch FILE`. */
vs_err_t emu_ip_batch(const char *ns, const char *path);
/* Runs argv (argv[0] looked up in PATH), its stdout into out (len bytes, NUL-terminated,
 * cut when longer), stderr discarded; *status its exit status (127: not found). */
vs_err_t emu_capture(char *const argv[], char *out, size_t len, int *status);
/* A socket of (domain, type) created inside namespace ns (/run/netns/NS); it stays there. */
vs_err_t emu_socket_in(const char *ns, int domain, int type, int protocol, int *fd);

/* Creates network namespace name (`ip netns add`), its loopback up, IP forwarding on, reverse
 * path filtering and IPv6 off, TCP's congestion control set to Reno, then the sysctl
 * settings "KEY=VALUE ..." of extra (may be NULL). A failure to create it is status 3 (the
 * machine cannot make namespaces). */
vs_err_t emu_netns_add(const char *name, const char *extra);
bool emu_netns_exists(const char *name);
/* The run's work directory into buf: keep_dir (made when missing), or a fresh
 * /tmp/TAG.XXXXXX; readable by the daemons' user. */
vs_err_t emu_mkwork(const char *tag, const char *keep_dir, char *buf, size_t len);
/* Removes the work directory path and everything in it, unless keep (then says where it is). */
void emu_rmdir(const char *path, bool keep);

/* Starts argv[0] (an absolute path) with its arguments inside namespace ns (through
 * `ip netns exec`, which also gives it that namespace's /sys), in a process group of its own
 * so that a terminal's ^C reaches only vroomsim, stdout and stderr to out_path. *pid is the
 * daemon's PID (ip netns exec execs it in place). */
vs_err_t emu_spawn(const char *ns, char *const argv[], const char *out_path, pid_t *pid);
/* SIGCONT then SIGTERM to each pid > 0, waits up to 10 s for them all, SIGKILL to the rest,
 * reaps them. Sets each pid to 0. Returns how many needed SIGKILL. */
int emu_stop(pid_t *pids, int n);
bool emu_alive(pid_t pid);

/* SIGINT/SIGTERM: emu_signals_install() sets a handler that records the signal; emu_stopped()
 * is it (or the kernel backend's own record), 0 when none. emu_signals_restore() puts the
 * previous handlers back. */
void emu_signals_install(void);
void emu_signals_restore(void);
/* After the clean-up: restores the handlers, and when a signal came, says that everything is
 * removed and dies of that signal (status 128 + signal), as the user asked. */
void emu_signals_end(void);
int emu_stopped(void);
/* Sleeps ns nanoseconds unless a signal stops it first: VS_EIO then, saying so. */
vs_err_t emu_sleep(int64_t ns);

/* CLOCK_MONOTONIC in nanoseconds (shared by every namespace of the machine). */
int64_t emu_now(void);

#endif
