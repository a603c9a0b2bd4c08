#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vs_out.h"
#include "vs_units.h"

int cli_report(vs_err_t err)
{
    const char *msg = vs_errmsg();
    fprintf(stderr, "vroomsim: %s\n", msg[0] ? msg : vs_strerror(err));
    return vs_exit_status(err);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char raw[1024], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    vs_escape(raw, msg, sizeof msg); /* it quotes the command line */
    fprintf(stderr, "vroomsim %s: %s\nTry 'vroomsim %s --help'.\n", cmd, msg, cmd);
    return 2;
}

int cli_first_arg(int argc, char **argv, void (*help)(FILE *out))
{
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(stdout);
        return 0;
    }
    return CLI_NEXT;
}

void cli_set_prog(char **argv, const char *cmd, const char *sub)
{
    static char prog[128];
    snprintf(prog, sizeof prog, "vroomsim %s %s", cmd, sub);
    argv[0] = prog;
}

int cli_subcommand(const char *cmd, const cli_command_t *subs, void (*help)(FILE *out),
                   int argc, char **argv)
{
    int rc = cli_first_arg(argc, argv, help);
    if (rc != CLI_NEXT)
        return rc;
    char names[256] = "";
    for (const cli_command_t *s = subs; s->name; s++) {
        if (!strcmp(s->name, argv[1])) {
            cli_set_prog(argv + 1, cmd, s->name);
            return s->main(argc - 1, argv + 1);
        }
        size_t len = strlen(names);
        const char *sep = s == subs ? "" : s[1].name ? ", " : " or ";
        snprintf(names + len, sizeof names - len, "%s%s", sep, s->name);
    }
    return cli_usage_error(cmd, "unknown subcommand '%s' (expected %s)", argv[1], names);
}

bool cli_human(const char *json)
{
    return !json || strcmp(json, "-") != 0;
}

vs_err_t cli_json_done(cJSON *root, const char *json)
{
    vs_err_t err = json ? vs_json_write(root, json) : VS_OK;
    cJSON_Delete(root);
    return err;
}

const char *cli_json_target(const char *arg)
{
    return arg && arg[0] ? arg : "-";
}

vs_err_t cli_parse_seed(const char *opt, const char *text, uint64_t *out)
{
    return vs_opt_seed(opt, text, out);
}

vs_err_t cli_parse_duration(const char *opt, const char *text, int64_t *out_ns)
{
    return vs_opt_duration(opt, text, out_ns);
}

vs_err_t cli_parse_count(const char *opt, const char *text, int64_t min, int64_t max, int64_t *out)
{
    return vs_opt_count(opt, text, min, max, out);
}

vs_err_t cli_parse_double(const char *opt, const char *text, double min, double max, double *out)
{
    return vs_opt_double(opt, text, min, max, out);
}

int cli_common_option(const char *cmd, int c, const char *arg, cli_common_t *co,
                      void (*help)(FILE *out))
{
    vs_err_t err = VS_OK;
    int64_t v = 0;
    switch (c) {
    case CLI_OPT_JSON: /* checked now: a bad path fails before the work, not after it */
        co->json = cli_json_target(arg);
        if ((err = vs_out_check(co->json)))
            return cli_report(err);
        return CLI_NEXT;
    case CLI_OPT_SEED:
        if ((err = cli_parse_seed("--seed", arg, &co->seed)))
            return cli_report(err);
        co->has_seed = true;
        return CLI_NEXT;
    case CLI_OPT_RUNS:
        if ((err = cli_parse_count("--runs", arg, 1, 1000000, &v)))
            return cli_report(err);
        co->runs = (int)v;
        return CLI_NEXT;
    case CLI_OPT_HELP:
        help(stdout);
        return 0;
    default: /* getopt has said which option and what is wrong with it */
        fprintf(stderr, "Try 'vroomsim %s --help'.\n", cmd);
        return 2;
    }
}
