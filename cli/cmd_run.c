#include "cli.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_report(vs_fail(VS_ENOTIMPL, "run: scenarios are not implemented yet"));
}

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_report(vs_fail(VS_ENOTIMPL, "validate: scenarios are not implemented yet"));
}
