/* cli — the vroomsim command: one binary, subcommands, options that look alike everywhere.
 * Every subcommand is `int cmd_X(int argc, char **argv)` returning the exit status
 * (0 ok, 1 a check failed, 2 bad usage or input, 3 environment problem). */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vs_error.h"

typedef struct {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv);
} cli_command_t;

/* The registered subcommands (cli_commands.c), ended by a zeroed entry. */
extern const cli_command_t cli_commands[];

/* Prints "vroomsim: <message>" (the last vs_fail message, or the code's text) to stderr
 * and returns the exit status for err. */
int cli_report(vs_err_t err);
/* Prints "vroomsim <cmd>: <fmt>" plus a hint to run --help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* True when a human summary goes to stdout: without --json, or with --json=FILE (JSON to
 * stdout, "-", replaces it). */
bool cli_human(const char *json);

/* Shared option parsing. Each fails with VS_EUSAGE and a message naming the option. */
/* --json[=FILE]: NULL optarg means stdout ("-"). */
const char *cli_json_target(const char *optarg);
vs_err_t cli_parse_seed(const char *opt, const char *text, uint64_t *out);
/* Durations: a bare number is seconds. */
vs_err_t cli_parse_duration(const char *opt, const char *text, int64_t *out_ns);
vs_err_t cli_parse_count(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out);
vs_err_t cli_parse_double(const char *opt, const char *text, double min, double max, double *out);

#endif
