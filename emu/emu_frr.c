/* emu_frr — FRR's zebra and ospfd for one control plane (the daemons' command line as
 * scripts/validate-timers.sh starts them). */
#define _GNU_SOURCE
#include "emu_frr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu_sys.h"

const char *emu_frr_dir(void)
{
    const char *d = getenv("VS_FRR_DIR");
    return d && d[0] ? d : "/usr/lib/frr";
}

vs_err_t emu_frr_check(void)
{
    char path[512];
    static const char *const daemons[] = {"zebra", "ospfd"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", emu_frr_dir(), daemons[i]);
        if (access(path, X_OK))
            return vs_fail(VS_EDEPEND, "FRR is not installed: no %s (Debian package frr; "
                                       "VS_FRR_DIR names another directory)", path);
    }
    char out[64];
    int status;
    char *argv[] = {(char *)"vtysh", (char *)"--help", NULL};
    if (emu_capture(argv, out, sizeof out, &status) || status == 127)
        return vs_fail(VS_EDEPEND, "FRR's vtysh does not run (Debian package frr)");
    if (!getpwnam("frr"))
        return vs_fail(VS_EDEPEND, "no user frr (the Debian package frr creates it)");
    return VS_OK;
}

static vs_err_t write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return vs_fail(VS_EIO, "%s: %s", path, strerror(errno));
    fputs(text, f);
    if (fclose(f))
        return vs_fail(VS_EIO, "%s: %s", path, strerror(errno));
    return VS_OK;
}

vs_err_t emu_frr_write(const emu_frr_conf_t *c)
{
    char text[8192], rid[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &c->router_id, rid, sizeof rid);
    snprintf(text, sizeof text, "hostname %s\nlog file %s/zebra.log\nlog timestamp precision 3\n",
             c->name, c->dir);
    vs_err_t err = write_file(c->dir, "zebra.conf", text);
    if (err)
        return err;
    size_t at = (size_t)snprintf(text, sizeof text,
                                 "hostname %s\nlog file %s/ospfd.log\nlog timestamp precision 3\n",
                                 c->name, c->dir);
    for (int i = 0; i < c->n_ifs && at < sizeof text; i++)
        at += (size_t)snprintf(text + at, sizeof text - at,
                               "interface %s\n ip ospf network point-to-point\n"
                               " ip ospf hello-interval %d\n ip ospf dead-interval %d\n"
                               " ip ospf area 0\n%s",
                               c->ifs[i].ifname, c->hello_s, c->dead_s,
                               c->ifs[i].passive ? " ip ospf passive\n" : "");
    if (at < sizeof text)
        at += (size_t)snprintf(text + at, sizeof text - at,
                               "router ospf\n ospf router-id %s\n log-adjacency-changes detail\n%s",
                               rid, c->redistribute_kernel ? " redistribute kernel\n" : "");
    if (at >= sizeof text)
        return vs_fail(VS_ERANGE, "ospfd.conf of %s too long", c->name);
    return write_file(c->dir, "ospfd.conf", text);
}

vs_err_t emu_frr_start(const char *ns, const char *dir, pid_t pids[2])
{
    static const char *const daemons[] = {"zebra", "ospfd"};
    char bin[512], conf[512], pidf[512], zs[512], logopt[512], out[512];
    struct passwd *pw = getpwnam("frr");
    if (pw && chown(dir, pw->pw_uid, pw->pw_gid))
        return vs_fail(VS_EIO, "chown %s: %s", dir, strerror(errno));
    snprintf(zs, sizeof zs, "%s/zserv.api", dir);
    for (int i = 0; i < 2; i++) {
        snprintf(bin, sizeof bin, "%s/%s", emu_frr_dir(), daemons[i]);
        snprintf(conf, sizeof conf, "%s/%s.conf", dir, daemons[i]);
        snprintf(pidf, sizeof pidf, "%s/%s.pid", dir, daemons[i]);
        snprintf(logopt, sizeof logopt, "file:%s/%s.stderr", dir, daemons[i]);
        snprintf(out, sizeof out, "%s/%s.out", dir, daemons[i]);
        char *argv[] = {bin, (char *)"-f", conf, (char *)"-i", pidf, (char *)"-z", zs,
                        (char *)"--vty_socket", (char *)dir, (char *)"--log", logopt, NULL};
        vs_err_t err = emu_spawn(ns, argv, out, &pids[i]);
        if (err)
            return err;
        if (i == 0) { /* ospfd connects to zebra's socket: wait for it */
            struct stat st;
            int tick = 0;
            for (; tick < 500 && stat(zs, &st); tick++) {
                if (!emu_alive(pids[0]))
                    return vs_fail(VS_EIO, "zebra exited at start; see %s", out);
                if ((err = emu_sleep(10000000)))
                    return err;
            }
            if (tick == 500)
                return vs_fail(VS_EIO, "zebra made no socket %s in 5 s; see %s", zs, out);
        }
    }
    return VS_OK;
}

int emu_frr_full(const char *dir)
{
    char out[8192];
    int status;
    char *argv[] = {(char *)"vtysh", (char *)"--vty_socket", (char *)dir, (char *)"-d",
                    (char *)"ospfd", (char *)"-c", (char *)"show ip ospf neighbor", NULL};
    if (emu_capture(argv, out, sizeof out, &status) || status)
        return -1;
    int n = 0;
    for (const char *p = out; (p = strstr(p, "Full/")); p += 5)
        n++;
    return n;
}

int emu_frr_drops(const char *dir)
{
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/ospfd.log", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "AdjChg") && strstr(line, "Full -> "))
            n++;
    fclose(f);
    return n;
}
