/* cli — the vroomsim command: one binary, subcommands, options that look alike everywhere.
 * Every subcommand is `int cmd_X(int argc, char **argv)` returning the exit status
 * (0 ok, 1 a check failed, 2 bad usage or input, 3 environment problem). */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vs_error.h"

struct cJSON;

typedef struct {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv);
} cli_command_t;

#define CLI_NEXT (-1) /* returned by the parsing helpers below: go on */

/* The registered subcommands (cli_commands.c), ended by a zeroed entry. */
extern const cli_command_t cli_commands[];

/* For a command whose first argument names what to do: without it, help goes to stderr
 * (status 2); when it is --help or -h, help goes to stdout (status 0). Returns CLI_NEXT
 * when argv[1] is something else. */
int cli_first_arg(int argc, char **argv, void (*help)(FILE *out));
/* Names argv[0] "vroomsim CMD SUB", so getopt's own messages name the whole command. */
void cli_set_prog(char **argv, const char *cmd, const char *sub);
/* Runs the subcommand argv[1] of cmd from subs (ended by a zeroed entry) with argv + 1,
 * after cli_first_arg; an unknown name is a usage error that lists the names. */
int cli_subcommand(const char *cmd, const cli_command_t *subs, void (*help)(FILE *out),
                   int argc, char **argv);

/* Prints "vroomsim: <message>" (the last vs_fail message, or the code's text) to stderr
 * and returns the exit status for err. */
int cli_report(vs_err_t err);
/* Prints "vroomsim <cmd>: <fmt>" plus a hint to run --help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when a human summary goes to stdout: without --json, or with --json=FILE (JSON to
 * stdout, "-", replaces it). */
bool cli_human(const char *json);
/* Writes root as JSON to json when json is set (vs_json_write), then deletes root. */
vs_err_t cli_json_done(struct cJSON *root, const char *json);

/* The options that read the same in every command. In a getopt_long table put the entries
 * below where the command wants them (the table's order is the order of getopt's
 * ambiguity messages), and hand every code that is not the command's own to
 * cli_common_option. */
enum { CLI_OPT_JSON = 256, CLI_OPT_SEED, CLI_OPT_RUNS, CLI_OPT_HELP = 'h' };
#define CLI_OPTION_JSON {"json", optional_argument, 0, CLI_OPT_JSON}
#define CLI_OPTION_SEED {"seed", required_argument, 0, CLI_OPT_SEED}
#define CLI_OPTION_RUNS {"runs", required_argument, 0, CLI_OPT_RUNS}
#define CLI_OPTION_HELP {"help", no_argument, 0, CLI_OPT_HELP}

typedef struct {
    const char *json; /* --json[=FILE]: NULL, or the target ("-" is stdout) */
    uint64_t seed;    /* --seed N; the caller sets the default */
    bool has_seed;
    int runs;         /* --runs N, 1 to 1000000; 0 when not given */
} cli_common_t;

/* Takes getopt_long's result c (and optarg arg) when it is a common option, the help (then
 * help(stdout) prints) or an unknown option ("vroomsim CMD: unknown option"). Returns
 * CLI_NEXT when parsing goes on, else the exit status the command returns. */
int cli_common_option(const char *cmd, int c, const char *arg, cli_common_t *co,
                      void (*help)(FILE *out));

/* Shared option parsing. Each fails with VS_EUSAGE and a message naming the option. */
/* --json[=FILE]: a NULL or empty arg means stdout ("-"). */
const char *cli_json_target(const char *arg);
vs_err_t cli_parse_seed(const char *opt, const char *text, uint64_t *out);
/* Durations: a bare number is seconds. */
vs_err_t cli_parse_duration(const char *opt, const char *text, int64_t *out_ns);
vs_err_t cli_parse_count(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out);
vs_err_t cli_parse_double(const char *opt, const char *text, double min, double max, double *out);

#endif
