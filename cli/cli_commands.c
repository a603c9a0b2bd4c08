#include "cli.h"

int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_reproduce(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_timers(int argc, char **argv);
int cmd_topo(int argc, char **argv);
int cmd_traffic(int argc, char **argv);
int cmd_fib(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_emulate(int argc, char **argv);

/* One line per subcommand; later commands add theirs here. */
const cli_command_t cli_commands[] = {
    {"run", "run a scenario (the bundled default study when none is given)", cmd_run},
    {"validate", "check a scenario file without running it", cmd_validate},
    {"reproduce", "re-run the papers' figures and compare (REPRODUCE.md)", cmd_reproduce},
    {"bench", "benchmarks: des, load, sched, packets, fluid", cmd_bench},
    {"topo", "summarise a topology (GraphML, SNDlib, Rocketfuel, builtin:NAME)", cmd_topo},
    {"traffic", "summarise traffic matrices (SNDlib, gravity) and BGP tables", cmd_traffic},
    {"timers", "what-if: do OSPF adjacencies / BGP sessions survive a control-plane freeze", cmd_timers},
    {"fib", "data-plane backends: fib bench, fib calibrate (kernel, NetFPGA, simulated FIBs)", cmd_fib},
    {"plan", "migration scheduler: plan maintenance | power | te (docs/scheduler.md)", cmd_plan},
    {"emulate", "a real migration: namespaces, FRR and kernel FIBs, beside the simulator", cmd_emulate},
    {"compare", "run one scenario with several migration mechanisms, one table", cmd_compare},
    {"plot", "draw results (JSON) as figures: SVG, PNG or PDF, each with its data as CSV", cmd_plot},
    {"sweep", "parameter sweeps into an SQLite results database, resumable (docs/sweep.md)", cmd_sweep},
    {"report", "one self-contained HTML page of results: summary tables and figures", cmd_report},
    {0},
};
