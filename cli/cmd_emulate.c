/* vroomsim emulate — a VROOM migration with real daemons and kernels beside the simulator's
 * prediction (emu/emu.h, docs/emulation.md). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_scn.h"
#include "emu.h"
#include "emu_traffic.h"
#include "scenario.h"
#include "vs_out.h"

static void emulate_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim emulate [--traffic] SCENARIO [--set PATH=VALUE]... [--json[=FILE]]\n"
            "                        [--interval D] [--settle D] [--link-gap D] [--csv FILE]\n"
            "                        [--sysctl KEY=VALUE]... [--keep DIR]\n"
            "\n"
            "Emulates the scenario's migration with real systems and prints it beside the\n"
            "simulator's prediction of the same scenario: each physical router a network\n"
            "namespace with its kernel FIB, each virtual router's control plane FRR (zebra,\n"
            "ospfd) in a namespace of its own, its routes mirrored into its host's FIB through\n"
            "netlink; the VROOM steps of seed 001 (tunnels, a SIGSTOP freeze as long as the\n"
            "predicted downtime while the control plane's attachments move, B's FIB cloned\n"
            "from the RIB, each data link re-homed by moving its veth end, A's data plane\n"
            "removed), with UDP probes crossing the moving router. At most 16 physical and\n"
            "16 virtual routers, one vroom migration, OSPF only (status 2 otherwise). Needs\n"
            "root, network namespaces, iproute2 and FRR (status 3 otherwise). Every namespace\n"
            "and daemon it made is removed on success, error, SIGINT and SIGTERM.\n"
            "\n"
            "With --traffic, the scenario's data traffic instead of its migration: its substrate\n"
            "as namespaces joined by veth pairs shaped with tc htb (each link's rate, a FIFO of\n"
            "the data plane's buffer), its one UDP flow sent by a timestamped prober, its\n"
            "migration copy as a real TCP Reno transfer; loss, delay and jitter\n"
            "during the copy beside the packet model's (docs/validation.md).\n"
            "\n"
            "  --traffic      emulate the data traffic (above), not the migration\n"
            "  --set PATH=VALUE  change a value of the scenario first (as vroomsim run)\n"
            "  --json[=FILE]  simulated and measured side by side as JSON (docs/emulation.md)\n"
            "  --interval D   between two probes (default 1ms; 100us to 100ms)\n"
            "  --settle D     probes before the move and after it (default 1s)\n"
            "  --link-gap D   wait after each re-homed link (default 200ms)\n"
            "  --csv FILE     every probe's send, arrival and return times (s from t0)\n"
            "  --sysctl KEY=VALUE  set in every namespace made (repeatable), e.g.\n"
            "                 net.ipv4.tcp_recovery=0 to turn RACK off\n"
            "  --keep DIR     keep the daemons' configurations and logs in DIR\n");
}

static vs_err_t parse_opt(int c, const char *arg, emu_opts_t *o)
{
    switch (c) {
    case 'i':
        return cli_parse_duration("--interval", arg, &o->interval_ns)
                   ? VS_EUSAGE
                   : (o->interval_ns < 100000 || o->interval_ns > 100000000)
                         ? vs_fail(VS_EUSAGE, "--interval %s: expected 100us to 100ms", arg)
                         : VS_OK;
    case 'S':
        return cli_parse_duration("--settle", arg, &o->settle_ns) ? VS_EUSAGE
               : o->settle_ns < 100000000 || o->settle_ns > 60000000000
                   ? vs_fail(VS_EUSAGE, "--settle %s: expected 100ms to 60s", arg)
                   : VS_OK;
    case 'g':
        return cli_parse_duration("--link-gap", arg, &o->link_gap_ns) ? VS_EUSAGE
               : o->link_gap_ns > 10000000000
                   ? vs_fail(VS_EUSAGE, "--link-gap %s: expected at most 10s", arg)
                   : VS_OK;
    default:
        o->keep_dir = arg;
        return VS_OK;
    }
}

/* Appends KEY=VALUE to list: a sysctl name (letters, digits, '.', '_', '-') and a value
 * without spaces. */
static vs_err_t add_sysctl(char *list, size_t len, const char *kv)
{
    const char *eq = strchr(kv, '=');
    bool ok = eq && eq > kv && eq[1] && !strchr(kv, ' ');
    for (const char *p = kv; ok && p < eq; p++)
        ok = isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-';
    if (!ok)
        return vs_fail(VS_EUSAGE, "--sysctl '%s': expected KEY=VALUE, e.g. net.ipv4.tcp_recovery=0",
                       kv);
    size_t at = strlen(list);
    if (at + strlen(kv) + 2 > len)
        return vs_fail(VS_EUSAGE, "--sysctl: too many settings");
    snprintf(list + at, len - at, "%s%s", at ? " " : "", kv);
    return VS_OK;
}

static vs_err_t emulate_traffic(const scn_t *scn, const emu_opts_t *o, const char *json)
{
    emu_traffic_result_t *res = NULL;
    cJSON *root = NULL;
    vs_err_t err = emu_traffic_run(scn, o, &res);
    if (!err && json) {
        if (!(root = emu_traffic_json(scn, res)))
            err = vs_fail(VS_ENOMEM, "out of memory");
        else
            err = vs_json_write(root, json);
    }
    if (!err && cli_human(json))
        emu_traffic_print(scn, res, stdout);
    cJSON_Delete(root);
    emu_traffic_free(res);
    return err;
}

int cmd_emulate(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_JSON, {"set", required_argument, 0, 's'}, {"interval", required_argument, 0, 'i'},
        {"settle", required_argument, 0, 'S'}, {"link-gap", required_argument, 0, 'g'},
        {"keep", required_argument, 0, 'k'}, {"csv", required_argument, 0, 'c'},
        {"traffic", no_argument, 0, 'T'}, {"sysctl", required_argument, 0, 'y'}, CLI_OPTION_HELP, {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    cli_sets_t sets = {0};
    emu_opts_t o = {.interval_ns = 1000000, .settle_ns = 1000000000, .link_gap_ns = 200000000};
    int c, rc;
    bool traffic = false;
    char sysctls[1024] = "";
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'T') {
            traffic = true;
        } else if (c == 'y') {
            if ((err = add_sysctl(sysctls, sizeof sysctls, optarg)))
                return cli_report(err);
            o.sysctls = sysctls;
        } else if (c == 's') {
            if ((err = cli_sets_add(&sets, optarg)))
                return cli_report(err);
        } else if (c == 'c') {
            if ((err = vs_out_check(optarg)))
                return cli_report(err);
            o.probes_csv = optarg;
        } else if (c == 'i' || c == 'S' || c == 'g' || c == 'k') {
            if ((err = parse_opt(c, optarg, &o)))
                return cli_report(err);
        } else if ((rc = cli_common_option("emulate", c, optarg, &co, emulate_help)) != CLI_NEXT) {
            return rc;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("emulate", "expected one scenario file");
    if (co.json && (err = vs_out_check(co.json)))
        return cli_report(err);
    const scn_t *scn = NULL;
    emu_result_t *res = NULL;
    cJSON *root = NULL;
    if ((err = cli_scn_load(argv[optind], &sets, &scn)))
        goto out;
    if (traffic) {
        err = emulate_traffic(scn, &o, co.json);
        goto out;
    }
    if ((err = emu_run(scn, &o, &res)))
        goto out;
    if (co.json) {
        if (!(root = emu_result_json(scn, res))) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        if ((err = vs_json_write(root, co.json)))
            goto out;
    }
    if (cli_human(co.json))
        emu_result_print(scn, res, stdout);
out:
    cJSON_Delete(root);
    emu_result_free(res);
    scn_free(scn);
    return err ? cli_report(err) : 0;
}
