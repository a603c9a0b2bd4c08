#!/usr/bin/env bash
# End to end: the options every command reads alike (cli.h: cli_common_option,
# cli_first_arg, cli_subcommand). $1 = binary, $2 = source tree. No shared data needed.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

# --help and -h print the command's usage and exit 0, for every command and subcommand.
for cmd in run validate reproduce bench topo traffic timers fib plan compare \
    "bench des" "bench load" "bench sched" "bench packets" "bench fluid" "bench paths" "topo info" \
    "traffic info" "traffic bgp" "fib bench" "fib calibrate" "plan maintenance"; do
    # shellcheck disable=SC2086
    check "help $cmd" 0 "$bin" $cmd --help
    contains "help $cmd" "Usage: vroomsim"
done
check help-short 0 "$bin" topo info -h
contains help-short "Usage: vroomsim topo info"

# An unknown option: status 2, the whole command and the option named, a hint to --help.
for cmd in run reproduce compare "topo info" "traffic info" "traffic bgp" "bench des" \
    "bench sched" "bench load" "bench packets" "bench fluid" "bench paths" "fib bench" "plan te"; do
    # shellcheck disable=SC2086
    check "unknown $cmd" 2 "$bin" $cmd --no-such-option
    contains "unknown $cmd" "vroomsim $cmd: unrecognized option '--no-such-option'"
    contains "unknown $cmd" "Try 'vroomsim $cmd --help'."
done
check "missing value" 2 "$bin" run --seed
contains "missing value" "vroomsim run: option '--seed' requires an argument"
check "seed too large" 2 "$bin" run --seed 99999999999999999999
contains "seed too large" "'99999999999999999999' is not a seed"

# The common values: the same message wherever they are taken.
for cmd in run reproduce "traffic bgp synthetic:10" "bench des" "fib bench" "plan te"; do
    # shellcheck disable=SC2086
    check "seed $cmd" 2 "$bin" $cmd --seed=x1
    contains "seed $cmd" "vroomsim: --seed: 'x1' is not a seed (expected an integer from 0 to 18446744073709551615)"
done
for cmd in run compare; do
    check "runs $cmd" 2 "$bin" $cmd --runs=0 "$src/examples/diamond-sd.yaml"
    contains "runs $cmd" "vroomsim: --runs: '0' is not an integer from 1 to 1000000"
done

# A directory where a scenario belongs is bad input (2), not an environment problem (3).
mkdir "$tmp/dir.yaml"
check scenario-dir 2 "$bin" validate "$tmp/dir.yaml"
contains scenario-dir "dir.yaml: is a directory (expected a YAML file)"
check run-dir 2 "$bin" run "$tmp/dir.yaml"

# Bytes from the input reach the terminal escaped, never raw (an ESC would drive it).
printf 'name: x\n"\\e[31mhelo\\xfe": 1\n' >"$tmp/esc.yaml"
check escaped 2 "$bin" validate "$tmp/esc.yaml"
contains escaped "unknown key '\x1b[31mhelo"
LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" && { echo "FAIL escaped: a raw ESC byte"; fail=1; }
check escaped-arg 2 "$bin" plan "$(printf 'x\033[2J')"
contains escaped-arg "unknown task 'x\x1b[2J'"

# Commands named by their first argument: none is a usage error; an unknown one lists them.
for cmd in bench topo traffic fib plan; do
    check "none $cmd" 2 "$bin" $cmd
    contains "none $cmd" "Usage: vroomsim"
done
check sub-topo 2 "$bin" topo frob
contains sub-topo "vroomsim topo: unknown subcommand 'frob' (expected info or list)"
check sub-traffic 2 "$bin" traffic frob
contains sub-traffic "(expected info or bgp)"
check sub-fib 2 "$bin" fib frob
contains sub-fib "(expected bench or calibrate)"

# --json=- replaces the summary; --json=FILE writes the file and keeps the summary.
check json-stdout 0 "$bin" traffic bgp synthetic:100 --json=-
contains json-stdout '"ipv4_prefixes":	100'
grep -q "IPv4 by length" "$tmp/out" && { echo "FAIL json-stdout: summary printed too"; fail=1; }
check json-file 0 "$bin" traffic bgp synthetic:100 --json="$tmp/b.json"
contains json-file "IPv4 by length"
grep -q '"ipv4_prefixes":	100' "$tmp/b.json" || { echo "FAIL json-file: no JSON written"; fail=1; }

# --json=FIFO writes through the FIFO and leaves it a FIFO (a rename would have replaced it
# with a regular file); --json=SYMLINK replaces the link's target and keeps the link.
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/from-fifo" &  # bounded: before the fix nothing opened the FIFO
check json-fifo 0 "$bin" traffic bgp synthetic:100 --json="$tmp/fifo"
wait
[ -p "$tmp/fifo" ] || { echo "FAIL json-fifo: the FIFO was replaced"; fail=1; }
grep -q '"ipv4_prefixes":	100' "$tmp/from-fifo" || { echo "FAIL json-fifo: nothing came through"; fail=1; }
ln -s b.json "$tmp/link.json"
check json-symlink 0 "$bin" traffic bgp synthetic:7 --json="$tmp/link.json"
[ -L "$tmp/link.json" ] || { echo "FAIL json-symlink: the link was replaced"; fail=1; }
grep -q '"ipv4_prefixes":	7' "$tmp/b.json" || { echo "FAIL json-symlink: target not written"; fail=1; }

exit "$fail"
