/* vroomsim — entry point: global options, then one subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "scenario.h"
#include "topo_scn.h"
#include "trace_mrt_scn.h"
#include "vs_log.h"

#ifndef VS_VERSION
#define VS_VERSION "unknown"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim [--version] [--help] COMMAND [ARGS]\n"
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
            "Environment: VROOMSIM_LOG=error|warn|info|debug|trace, VROOMSIM_DATA=DIR.\n");
}

int main(int argc, char **argv)
{
    vs_log_init();
    scn_set_topology_reader(topo_scn_reader);
    scn_set_updates_reader(trace_mrt_scn_updates);
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
