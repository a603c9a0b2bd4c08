/* vroomsim — entry point: global options, then one subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "scenario.h"
#include "topo_scn.h"
#include "trace_mrt_scn.h"
#include "trace_tm_scn.h"
#include "vs_log.h"

#ifndef VS_VERSION
#define VS_VERSION "unknown"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim [--version] [--help] [-v|-q] COMMAND [ARGS]\n"
            "\n"
            "vroomsim simulates live virtual-router migration (VROOM), schedules migrations,\n"
            "and drives real forwarding tables for calibration.\n"
            "\n"
            "Commands:\n");
    for (const cli_command_t *c = cli_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out,
            "\n"
            "Run 'vroomsim COMMAND --help' for a command's options. 'man vroomsim' has the manual.\n"
            "\n"
            "Conventions: --json[=FILE] writes JSON results (stdout without FILE); durations take\n"
            "units (ns, us, ms, s, min, h; a bare number is seconds); --seed N fixes randomness.\n"
            "Exit status: 0 success, 1 a check failed, 2 bad usage or input, 3 environment problem.\n"
            "Logging (stderr): -v info (each migration step, plan wave, solver phase), -vv debug\n"
            "(adjacency and session changes, FIB fill, pre-copy rounds), -vvv trace (every event);\n"
            "-q errors only; anywhere on the line. VROOMSIM_LOG=LEVEL[,MODULE=LEVEL...] sets the\n"
            "levels (error, warn, info, debug, trace; default warn), e.g. info,ospf=debug.\n"
            "Environment: VROOMSIM_DATA=DIR, where the installed examples and profiles are.\n"
            "Inputs are bounded (docs/limits.md): VROOMSIM_MAX_YAML, _TOPOLOGY, _TM, _PREFIXES,\n"
            "_MRT_RECORD, _MRT_SUMMARY, _BGP_UPDATES, _ROUTES_NODES, _POP_LINKS raise a limit an\n"
            "input is refused at (status 2, naming it). VROOMSIM_PROGRESS=SECONDS shows a long read's\n"
            "progress after that long (default: after 2 s on a terminal, 30 s otherwise).\n");
}

/* -v (-vv, -vvv) and -q, wherever they are before a "--": taken out of argv, so that no
 * command need know them. Returns the new argc. */
static int log_options(int argc, char **argv)
{
    int n = 1;
    bool rest = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        rest = rest || strcmp(a, "--") == 0;
        if (!rest && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0))
            vs_log_adjust(-1);
        else if (!rest && strcmp(a, "--verbose") == 0)
            vs_log_adjust(+1);
        else if (!rest && a[0] == '-' && a[1] == 'v' && strspn(a + 1, "v") == strlen(a + 1))
            vs_log_adjust((int)strlen(a + 1));
        else
            argv[n++] = argv[i];
    }
    argv[n] = NULL;
    return n;
}

int main(int argc, char **argv)
{
    vs_err_t err = vs_log_init();
    if (err)
        return cli_report(err);
    argc = log_options(argc, argv);
    scn_set_topology_reader(topo_scn_reader);
    scn_set_updates_reader(trace_mrt_scn_updates);
    scn_set_tm_reader(trace_tm_scn_read);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            for (const cli_command_t *c = cli_commands; c->name; c++)
                if (!strcmp(c->name, argv[2])) {
                    char *args[] = {argv[2], "--help", NULL};
                    return c->main(2, args);
                }
        }
        usage(stdout);
        return 0;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("vroomsim %s\n", VS_VERSION);
        return 0;
    }
    for (const cli_command_t *c = cli_commands; c->name; c++)
        if (!strcmp(c->name, name)) {
            static char prog[64]; /* getopt names the command in its messages */
            snprintf(prog, sizeof prog, "vroomsim %s", name);
            argv[1] = prog;
            return c->main(argc - 1, argv + 1);
        }
    fprintf(stderr, "vroomsim: unknown command '%s'\n", name);
    usage(stderr);
    return 2;
}
