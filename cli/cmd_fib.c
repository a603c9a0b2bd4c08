/* vroomsim fib — drive a data-plane backend: `fib bench` installs N routes and reports the
 * install rate (the kernel backend against iproute2's `ip -batch` in the same run);
 * `fib calibrate` measures a backend and writes a hardware profile the simulator loads as it
 * is. Simulated figures are results; wall-clock figures live under "timing". */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hw_backend.h"
#include "hw_calib.h"
#include "hw_kernel.h"
#include "hw_netfpga.h"
#include "hw_prefix.h"
#include "hw_profile.h"
#include "vs_out.h"

typedef struct {
    hw_backend_kind_t kind;
    int64_t routes;
    const char *prefixes;
    const char *netns;
    bool allow_current;
    const char *profile;
    bool emulate;
    int64_t capacity;
    int64_t batch;
    uint64_t seed;
    bool no_ipbatch;
    bool unsorted;
    int64_t iproute2;
    const char *json;
    const char *output;
    const char *name;
} fib_opts_t;

typedef struct {
    size_t shown, failed;
} err_show_t;

static void show_error(void *ctx, size_t index, const hw_route_t *r, vs_err_t err,
                       const char *why)
{
    err_show_t *s = ctx;
    s->failed++;
    if (s->shown < 10) {
        fprintf(stderr, "vroomsim fib: %s\n", why);
        s->shown++;
    } else if (s->shown == 10) {
        fprintf(stderr, "vroomsim fib: (further route errors not shown)\n");
        s->shown++;
    }
}

static void help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim fib bench --backend kernel|netfpga|sim --routes N [--prefixes FILE]\n"
            "                          [--netns NAME] [--profile NAME] [--json[=FILE]]\n"
            "       vroomsim fib calibrate --backend kernel|netfpga|sim -o PROFILE.yaml\n"
            "                          [--routes N] [--name NAME] [--profile NAME] [...]\n"
            "\n"
            "bench      installs N routes into an empty FIB and reports routes/s and us per\n"
            "           route. kernel: in a private network namespace (or --netns NAME), also\n"
            "           runs 'ip -batch' (one route per line) on the same routes for reference.\n"
            "           sim: simulated cost of the FIB profile (--profile, default\n"
            "           linux-iproute2), with the TCAM move model; also the Table 2 'total time'\n"
            "           of a repopulation (set-up + RPC per route + update).\n"
            "           netfpga: the reference router's table through its registers; needs the\n"
            "           card, or --emulate for the register-level emulator.\n"
            "calibrate  measures add, replace and delete of N routes and writes a version-1\n"
            "           hardware profile (atomically) that 'hw_profile_load' reads as it is;\n"
            "           values it cannot measure (RPC, set-up) come from --profile.\n"
            "\n"
            "Options:\n"
            "  --backend B          kernel, netfpga or sim (default sim)\n"
            "  --routes N           routes to install (default 10000; calibrate 20000)\n"
            "  --prefixes FILE      prefix list, one a line, plain or .gz (default: synthetic\n"
            "                       prefixes with the 2023 full-table length mix)\n"
            "  --seed N             synthetic prefixes' seed (default 1)\n"
            "  --netns NAME         kernel: use /run/netns/NAME instead of a private namespace\n"
            "  --allow-current-netns  kernel: allow NAME to be vroomsim's own namespace\n"
            "  --batch N            kernel: routes per netlink send (default 1024)\n"
            "  --no-ip-batch        kernel: skip the ip -batch reference run\n"
            "  --iproute2 K         kernel: also time one 'ip route add' process per route\n"
            "                       for the first K routes (the SD prototype's way)\n"
            "  --unsorted           install in the order given (default for sim and netfpga:\n"
            "                       a repopulation, longest prefixes first, as cloning does)\n"
            "  --profile NAME       sim: FIB profile; netfpga: per-row cost; kernel: a profile\n"
            "                       to show simulated figures beside the measured ones;\n"
            "                       calibrate: where unmeasured values come from\n"
            "  --emulate            netfpga: use the register-level emulator\n"
            "  --capacity N         netfpga emulator rows (default: the number of routes)\n"
            "  -o, --output FILE    calibrate: profile to write\n"
            "  --name NAME          calibrate: the profile's name (default: from FILE)\n"
            "  --json[=FILE]        JSON results (stdout without FILE)\n"
            "Exit status: 0 ok, 2 bad input (a route refused, bad prefix), 3 environment (no\n"
            "privilege, no NetFPGA, missing namespace).\n");
}

static int parse(const char *sub, int argc, char **argv, fib_opts_t *o)
{
    static const struct option opts[] = {
        {"backend", required_argument, 0, 'b'},   {"routes", required_argument, 0, 'n'},
        {"prefixes", required_argument, 0, 'p'},  {"netns", required_argument, 0, 'N'},
        {"allow-current-netns", no_argument, 0, 'A'},
        {"profile", required_argument, 0, 'P'},   {"emulate", no_argument, 0, 'E'},
        {"capacity", required_argument, 0, 'c'},  {"batch", required_argument, 0, 'B'},
        CLI_OPTION_SEED,                          {"no-ip-batch", no_argument, 0, 'I'},
        CLI_OPTION_JSON,                          {"output", required_argument, 0, 'o'},
        {"name", required_argument, 0, 'm'},      CLI_OPTION_HELP,
        {"unsorted", no_argument, 0, 'U'},       {"iproute2", required_argument, 0, 'i'},
        {0, 0, 0, 0},
    };
    char cmd[32];
    cli_common_t co = {.seed = o->seed, .json = o->json};
    int c, rc;
    vs_err_t err;
    snprintf(cmd, sizeof cmd, "fib %s", sub);
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (!strcmp(optarg, "kernel"))
                o->kind = HW_BACKEND_KERNEL;
            else if (!strcmp(optarg, "netfpga"))
                o->kind = HW_BACKEND_NETFPGA;
            else if (!strcmp(optarg, "sim"))
                o->kind = HW_BACKEND_SIM;
            else
                return cli_usage_error(cmd, "--backend: '%s' is not kernel, netfpga or sim",
                                       optarg);
            break;
        case 'n':
            if ((err = cli_parse_count("--routes", optarg, 1, 100000000, &o->routes)))
                return cli_report(err);
            break;
        case 'p':
            o->prefixes = optarg;
            break;
        case 'N':
            o->netns = optarg;
            break;
        case 'A':
            o->allow_current = true;
            break;
        case 'P':
            o->profile = optarg;
            break;
        case 'E':
            o->emulate = true;
            break;
        case 'c':
            if ((err = cli_parse_count("--capacity", optarg, 1, 100000000, &o->capacity)))
                return cli_report(err);
            break;
        case 'B':
            if ((err = cli_parse_count("--batch", optarg, 1, 4096, &o->batch)))
                return cli_report(err);
            break;
        case 'I':
            o->no_ipbatch = true;
            break;
        case 'U':
            o->unsorted = true;
            break;
        case 'i':
            if ((err = cli_parse_count("--iproute2", optarg, 1, 100000, &o->iproute2)))
                return cli_report(err);
            break;
        case 'o':
            if ((err = vs_out_check(optarg)))
                return cli_report(err);
            o->output = optarg;
            break;
        case 'm':
            o->name = optarg;
            break;
        default:
            if ((rc = cli_common_option(cmd, c, optarg, &co, help)) != CLI_NEXT)
                return rc;
        }
    }
    o->seed = co.seed;
    o->json = co.json;
    if (optind < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (o->netns && o->kind != HW_BACKEND_KERNEL)
        return cli_usage_error(cmd, "--netns applies to --backend kernel only");
    if ((o->emulate || o->capacity) && o->kind != HW_BACKEND_NETFPGA)
        return cli_usage_error(cmd, "--emulate and --capacity apply to --backend netfpga only");
    return -1;
}

static const char *dev_for(hw_backend_kind_t k)
{
    return k == HW_BACKEND_NETFPGA ? "nf2c0" : "vs0";
}

/* The routes: from a file or synthetic, each out of the backend's test interface. */
static vs_err_t make_routes(const fib_opts_t *o, hw_route_t **out, size_t *n)
{
    hw_prefix_list_t l = {0};
    vs_err_t err;
    int family = o->kind == HW_BACKEND_KERNEL ? 0 : 4;
    if (o->prefixes)
        err = hw_prefix_list_read(o->prefixes, family, (size_t)o->routes, &l);
    else
        err = hw_prefix_synth((size_t)o->routes, o->seed, NULL, &l);
    if (err)
        return err;
    if (l.n < (size_t)o->routes)
        fprintf(stderr, "vroomsim fib: %s holds %zu usable prefixes, fewer than --routes %lld; "
                        "using them all\n", o->prefixes, l.n, (long long)o->routes);
    if (l.n == 0) {
        hw_prefix_list_free(&l);
        return vs_fail(VS_EINVAL, "%s: no prefixes", o->prefixes);
    }
    hw_route_t *r = calloc(l.n, sizeof *r);
    if (!r) {
        hw_prefix_list_free(&l);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < l.n; i++) {
        r[i].dst = l.v[i];
        snprintf(r[i].dev, sizeof r[i].dev, "%s", dev_for(o->kind));
    }
    *n = l.n;
    *out = r;
    hw_prefix_list_free(&l);
    return VS_OK;
}

typedef struct {
    const hw_profile_t *profile;
    hw_backend_t *b;
    int vr;
} setup_t;

static vs_err_t open_backend(const fib_opts_t *o, size_t nroutes, setup_t *s)
{
    vs_err_t err;
    hw_backend_config_t cfg = {.kind = o->kind,
                               .netns = o->netns,
                               .allow_current_ns = o->allow_current,
                               .batch_routes = (size_t)o->batch,
                               .emulate = o->emulate,
                               .emu_capacity = o->capacity ? o->capacity : (int64_t)nroutes};
    memset(s, 0, sizeof *s);
    const char *pname = o->profile;
    if (!pname && o->kind == HW_BACKEND_SIM)
        pname = "linux-iproute2";
    if (!pname && o->kind == HW_BACKEND_NETFPGA)
        pname = "netfpga";
    if (pname) {
        if ((err = hw_profile_load(pname, &s->profile)))
            return err;
        if (!s->profile->has_fib)
            return vs_fail(VS_EINVAL, "profile '%s' (%s) has no fib section", pname,
                           s->profile->path);
        cfg.fib = &s->profile->fib;
    }
    if ((err = hw_backend_open(&cfg, &s->b)))
        return err;
    if (o->kind != HW_BACKEND_NETFPGA && (err = hw_backend_link_add(s->b, dev_for(o->kind))))
        return err;
    if ((err = hw_backend_vr_create(s->b, "bench", &s->vr)))
        return err;
    return hw_backend_bind(s->b, s->vr, dev_for(o->kind));
}

static void close_setup(setup_t *s)
{
    hw_backend_close(s->b);
    hw_profile_free(s->profile);
    s->b = NULL;
    s->profile = NULL;
    int sig = hw_backend_interrupted();
    if (sig) { /* everything is cleaned up: die of the signal as the user asked */
        fprintf(stderr, "vroomsim fib: interrupted by signal %d; removed the routes, rules and "
                        "links it had created\n", sig);
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

/* Writes the routes to a new temporary file made from path (mkstemp), one a line: for
 * ip -batch (batch) "route add PREFIX dev DEV table TABLE", else "PREFIX DEV". */
static vs_err_t route_file(char *path, const hw_route_t *r, size_t n, bool batch, uint32_t table)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return vs_fail(VS_EIO, "cannot create a temporary file in /tmp");
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return vs_fail(VS_EIO, "fdopen failed");
    }
    for (size_t i = 0; i < n; i++) {
        char p[HW_PREFIX_STRLEN];
        hw_prefix_fmt(&r[i].dst, p, sizeof p);
        if (batch)
            fprintf(f, "route add %s dev %s table %u\n", p, r[i].dev, table);
        else
            fprintf(f, "%s %s\n", p, r[i].dev);
    }
    if (fclose(f) != 0) {
        unlink(path);
        return vs_fail(VS_EIO, "%s: write failed", path);
    }
    return VS_OK;
}

/* One `ip route add` process per route, as seed 001's SD prototype (Section 5.1.2), run by
 * a shell loop inside the namespace into its own VR's table: k routes. */
static vs_err_t run_iproute2(setup_t *s, const hw_route_t *r, size_t k, double *us_per_route)
{
    vs_err_t err;
    int vr3, status;
    int64_t wall;
    char path[] = "/tmp/vroomsim-iproute2-XXXXXX", script[256];
    if ((err = hw_backend_vr_create(s->b, "iproute2", &vr3)) ||
        (err = route_file(path, r, k, false, 0)))
        return err;
    snprintf(script, sizeof script,
             "while read p d; do ip route add \"$p\" dev \"$d\" table %u || exit 1; done < %s",
             hw_kernel_table(s->b, vr3), path);
    char *argv[] = {"sh", "-c", script, NULL};
    err = hw_kernel_run(s->b, argv, &status, &wall);
    unlink(path);
    if (err)
        return err;
    if (status != 0)
        return vs_fail(VS_EKERNEL, "an 'ip route add' process failed (status %d)", status);
    *us_per_route = (double)wall / 1e3 / (double)k;
    return VS_OK;
}

/* ip -batch with one route per line, into its own VR's table, in the same namespace. */
static vs_err_t run_ip_batch(setup_t *s, const hw_route_t *r, size_t n, double *us_per_route)
{
    vs_err_t err;
    int vr2, status;
    int64_t wall;
    char path[] = "/tmp/vroomsim-ipbatch-XXXXXX";
    if ((err = hw_backend_vr_create(s->b, "ip-batch", &vr2)) ||
        (err = route_file(path, r, n, true, hw_kernel_table(s->b, vr2))))
        return err;
    char *argv[] = {"ip", "-batch", path, NULL};
    err = hw_kernel_run(s->b, argv, &status, &wall);
    unlink(path);
    if (err)
        return err;
    if (status != 0)
        return vs_fail(VS_EKERNEL, "ip -batch exited with status %d", status);
    size_t have = 0;
    if ((err = hw_backend_route_count(s->b, vr2, &have)))
        return err;
    if (have != n)
        return vs_fail(VS_EKERNEL, "ip -batch installed %zu of %zu routes", have, n);
    *us_per_route = (double)wall / 1e3 / (double)n;
    return VS_OK;
}

static const char *kind_name(hw_backend_kind_t k)
{
    return k == HW_BACKEND_KERNEL ? "kernel" : k == HW_BACKEND_NETFPGA ? "netfpga" : "sim";
}

static int fib_bench(int argc, char **argv)
{
    fib_opts_t o = {.kind = HW_BACKEND_SIM, .routes = 10000, .seed = 1};
    int rc = parse("bench", argc, argv, &o);
    if (rc >= 0)
        return rc;
    hw_route_t *r = NULL;
    size_t n = 0;
    setup_t s = {0};
    err_show_t shown = {0};
    cJSON *root = NULL;
    vs_err_t err;
    VS_TRY(make_routes(&o, &r, &n));
    VS_TRY(open_backend(&o, n, &s));
    sim_time_t cost = 0, total = 0;
    size_t failed = 0;
    bool simulated = o.kind != HW_BACKEND_KERNEL;
    /* A repopulation (data-plane cloning: ordered tables get longest prefixes first), or
     * with --unsorted the routes in the order given. sim: the update part is the clone's
     * total less its set-up and RPCs (Table 2's "update" and "total"). */
    sim_time_t fixed = 0;
    if (o.kind == HW_BACKEND_SIM)
        fixed = s.profile->fib.setup_ns + (sim_time_t)n * s.profile->fib.rpc_ns;
    if (o.unsorted || o.kind == HW_BACKEND_KERNEL) {
        err = hw_backend_add_many(s.b, s.vr, r, n, show_error, &shown, &failed, &cost);
        total = cost + fixed;
    } else {
        err = hw_backend_clone(s.b, s.vr, r, n, show_error, &shown, &failed, &total);
        cost = total - fixed;
    }
    if (err && !failed)
        goto out;
    hw_counters_t c;
    hw_backend_counters(s.b, &c);
    size_t ok = n - failed;
    double us = ok ? (double)cost / 1e3 / (double)ok : 0;
    double ref_us = 0;
    sim_time_t sim_total = 0, sim_update = 0;
    bool has_sim = false;
    if (o.kind == HW_BACKEND_KERNEL && !o.no_ipbatch && ok == n) {
        vs_err_t e2 = run_ip_batch(&s, r, n, &ref_us);
        if (e2) {
            err = e2;
            goto out;
        }
    }
    double proc_us = 0;
    size_t proc_k = o.iproute2 > 0 ? ((size_t)o.iproute2 < n ? (size_t)o.iproute2 : n) : 0;
    if (o.kind == HW_BACKEND_KERNEL && proc_k && ok == n) {
        vs_err_t e2 = run_iproute2(&s, r, proc_k, &proc_us);
        if (e2) {
            err = e2;
            goto out;
        }
    }
    root = cJSON_CreateObject();
    if (!root) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "benchmark", "fib");
    cJSON_AddStringToObject(root, "backend", kind_name(o.kind));
    if (s.profile)
        cJSON_AddStringToObject(root, "profile", s.profile->name);
    cJSON_AddStringToObject(root, "prefixes", o.prefixes ? o.prefixes : "synthetic");
    cJSON_AddNumberToObject(root, "routes", (double)n);
    cJSON_AddNumberToObject(root, "installed", (double)ok);
    cJSON_AddNumberToObject(root, "failed", (double)failed);
    cJSON *where = root;
    if (!simulated)
        where = vs_json_obj(root, "timing");
    if (!where) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_AddNumberToObject(where, "us_per_route", us);
    cJSON_AddNumberToObject(where, "routes_per_sec", us > 0 ? 1e6 / us : 0);
    if (o.kind == HW_BACKEND_SIM) {
        cJSON_AddNumberToObject(root, "update_s", sim_to_s(cost));
        cJSON_AddNumberToObject(root, "total_s", sim_to_s(total));
        cJSON_AddNumberToObject(root, "entry_moves", (double)c.moves);
    }
    if (o.kind == HW_BACKEND_NETFPGA) {
        cJSON_AddNumberToObject(root, "register_writes", (double)c.reg_writes);
        cJSON_AddNumberToObject(root, "entry_moves", (double)c.moves);
        cJSON_AddBoolToObject(root, "emulated", hw_netfpga_emulator(s.b) != NULL);
        cJSON_AddNumberToObject(root, "row_write_us", s.profile->fib.install_ns / 1e3);
        cJSON_AddStringToObject(root, "cost_source",
                                "profile install cost per table row (netfpga: 7.4 us per entry, "
                                "seed 001 Section 6.2), split evenly over the row's 5 register "
                                "writes");
    }
    if (o.kind == HW_BACKEND_KERNEL) {
        cJSON_AddNumberToObject(where, "netlink_batches", (double)c.batches);
        if (ref_us > 0) {
            cJSON *ref = vs_json_obj(where, "reference");
            if (ref) {
                cJSON_AddStringToObject(ref, "tool", "ip -batch (one route per line)");
                cJSON_AddNumberToObject(ref, "us_per_route", ref_us);
                cJSON_AddNumberToObject(ref, "routes_per_sec", 1e6 / ref_us);
            }
            cJSON_AddNumberToObject(where, "speedup_vs_ip_batch", ref_us / us);
            cJSON_AddBoolToObject(where, "target_met", us <= 5.0 && ref_us / us >= 3.0);
        }
        if (proc_us > 0) {
            cJSON *pj = vs_json_obj(where, "iproute2_process");
            if (pj) {
                cJSON_AddStringToObject(pj, "tool", "one 'ip route add' process per route");
                cJSON_AddNumberToObject(pj, "routes", (double)proc_k);
                cJSON_AddNumberToObject(pj, "us_per_route", proc_us);
            }
        }
        /* with --profile: what the simulator would say for the same routes, side by side */
        if (s.profile &&
            hw_fib_repopulate_ns(&s.profile->fib, (int64_t)n, &sim_total, &sim_update) == VS_OK) {
            cJSON *simj = vs_json_obj(root, "simulated");
            if (simj) {
                cJSON_AddStringToObject(simj, "profile", s.profile->name);
                cJSON_AddNumberToObject(simj, "us_per_route", sim_update / 1e3 / (double)n);
                cJSON_AddNumberToObject(simj, "update_s", sim_to_s(sim_update));
                cJSON_AddNumberToObject(simj, "total_s", sim_to_s(sim_total));
            }
            has_sim = true;
        }
    }
    if (o.json && (err = vs_json_write(root, o.json)))
        goto out;
    if (cli_human(o.json)) {
        printf("fib bench %s%s%s: %zu routes, %zu installed, %.3f us per route (%.0f routes/s%s)\n",
               kind_name(o.kind), s.profile ? "/" : "", s.profile ? s.profile->name : "", n, ok,
               us, us > 0 ? 1e6 / us : 0, simulated ? ", simulated" : ", measured");
        if (o.kind == HW_BACKEND_SIM)
            printf("  repopulation total %.4f s (update %.4f s), %llu entry moves\n",
                   sim_to_s(total), sim_to_s(cost), (unsigned long long)c.moves);
        if (ref_us > 0)
            printf("  ip -batch, one route per line: %.3f us per route; speed-up %.1fx\n", ref_us,
                   ref_us / us);
        if (proc_us > 0)
            printf("  one ip route add process per route (%zu routes): %.1f us per route\n",
                   proc_k, proc_us);
        if (has_sim)
            printf("  profile %s simulates %.3f us per route (update %.4f s, total %.4f s)\n",
                   s.profile->name, sim_update / 1e3 / (double)n, sim_to_s(sim_update),
                   sim_to_s(sim_total));
    }
    if (failed)
        err = vs_fail(VS_EINVAL, "%zu of %zu routes were refused (first ones shown above)",
                      failed, n);
out:
    cJSON_Delete(root);
    free(r);
    close_setup(&s);
    return err ? cli_report(err) : 0;
}

static int fib_calibrate(int argc, char **argv)
{
    fib_opts_t o = {.kind = HW_BACKEND_SIM, .routes = 20000, .seed = 1};
    int rc = parse("calibrate", argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.output)
        return cli_usage_error("fib calibrate", "-o PROFILE.yaml is required");
    hw_route_t *r = NULL;
    size_t n = 0, failed = 0;
    setup_t s = {0};
    err_show_t shown = {0};
    const hw_profile_t *base = NULL, *check = NULL;
    vs_err_t err;
    const char *base_name = o.profile ? o.profile
                            : o.kind == HW_BACKEND_NETFPGA ? "netfpga"
                            : o.kind == HW_BACKEND_SIM     ? "linux-iproute2"
                                                           : "linux-ipbatch";
    VS_TRY(hw_profile_load(base_name, &base));
    if (!base->has_fib) {
        err = vs_fail(VS_EINVAL, "base profile '%s' has no fib section", base_name);
        goto out;
    }
    VS_TRY(make_routes(&o, &r, &n));
    VS_TRY(open_backend(&o, n, &s));
    hw_calib_sample_t sm;
    hw_calib_fit_t fit;
    VS_TRY(hw_calib_measure(s.b, s.vr, o.kind, s.profile ? &s.profile->fib : NULL, r, n,
                            show_error, &shown, &failed, &sm));
    hw_calib_fit(&sm, &fit);
    hw_profile_t p = *base;
    p.has_host = p.has_ckpt = p.has_rehome = p.has_power = false;
    p.has_fib = true;
    char name[128];
    if (o.name) {
        snprintf(name, sizeof name, "%s", o.name);
    } else { /* from the file name */
        const char *slash = strrchr(o.output, '/');
        snprintf(name, sizeof name, "%s", slash ? slash + 1 : o.output);
        char *dot = strrchr(name, '.');
        if (dot && dot != name)
            *dot = '\0';
    }
    p.name = name;
    char desc[256], src[2000], date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    snprintf(desc, sizeof desc, "%s FIB calibrated by vroomsim fib calibrate on %s",
             kind_name(o.kind), date);
    p.description = desc;
    hw_calib_apply(&fit, &sm, o.kind, &p.fib);
    char load[32] = "unknown";
    FILE *lf = fopen("/proc/loadavg", "r");
    if (lf) {
        if (!fgets(load, sizeof load, lf))
            snprintf(load, sizeof load, "unknown");
        load[strcspn(load, " \n")] = '\0'; /* the 1-minute figure */
        fclose(lf);
    }
    char batch_src[400];
    snprintf(batch_src, sizeof batch_src,
             "batch_size %zu = routes per netlink send; batch_overhead FITTED from two runs in "
             "the same session: %zu routes at %zu per send (%.3f us/route) and %zu routes one "
             "per send (%.3f us/route): overhead = (t1 - tB) * B / (B - 1), install = t1 - "
             "overhead; replace and delete are their means less overhead / B\n",
             sm.batch, n, sm.batch, (double)sm.add_ns / (double)n / 1e3, sm.single_routes,
             fit.single_ns / 1e3);
    snprintf(src, sizeof src,
             "install, replace, delete: %s on this machine on %s with 'vroomsim fib calibrate "
             "--backend %s --routes %zu' (%s prefixes, mean per route; load average %s)\n"
             "%s"
             "rpc, setup, capacity%s: copied from profile %s (%s); see its sources",
             o.kind == HW_BACKEND_KERNEL ? "measured (wall clock)" : "modelled", date,
             kind_name(o.kind), n, o.prefixes ? o.prefixes : "synthetic", load,
             o.kind == HW_BACKEND_KERNEL ? batch_src : "",
             o.kind == HW_BACKEND_KERNEL ? "" : ", batch_size, batch_overhead, tcam_*",
             base_name, base->path);
    VS_TRY(hw_profile_write(&p, o.output, src));
    /* what we wrote must load as it is */
    VS_TRY(hw_profile_load_file(o.output, &check));
    printf("fib calibrate %s: %zu routes; install %.3f us, replace %.3f us, delete %.3f us per "
           "route -> %s (profile '%s')\n",
           kind_name(o.kind), n, p.fib.install_ns / 1e3, p.fib.replace_ns / 1e3,
           p.fib.delete_ns / 1e3, o.output, name);
out:
    hw_profile_free(check);
    hw_profile_free(base);
    free(r);
    close_setup(&s);
    return err ? cli_report(err) : 0;
}

int cmd_fib(int argc, char **argv)
{
    static const cli_command_t subs[] = {
        {"bench", NULL, fib_bench}, {"calibrate", NULL, fib_calibrate}, {0}};
    return cli_subcommand("fib", subs, help, argc, argv);
}
