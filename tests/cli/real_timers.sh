#!/usr/bin/env bash
# The timer models against real daemons, a few points only (scripts/validate-timers.sh quick):
# FRR's ospfd and bgpd in two private network namespaces, one side frozen with SIGSTOP; a
# clear survival and a clear loss per protocol, each judged against `vroomsim timers`
# (--clock running --frozen-rx queue). About a minute. Skips (77) without root, network
# namespaces or FRR; under VS_REQUIRE_OPTIONAL=1 (scripts/setup.sh test) a missing FRR fails.
# Not registered in the sanitizer build (tests/CMakeLists.txt): it tests the daemons' timing,
# not our memory, and ASan's slowdown is no help there.
# Args: $1 = vroomsim binary, $2 = source dir.
set -u
# The binomial test first (needs nothing): values as R's binom.test gives them.
b() { bash "$2/scripts/validate-timers.sh" binom "$3" "$4" "$5" | awk -v w="$1" \
        '{ if (($1 - w) > 1e-4 || (w - $1) > 1e-4) { print "FAIL binom: got " $1 ", expected " w; exit 1 } }'; }
b 0.34375 "$2" 3 10 0.5 || exit 1
b 0.0078125 "$2" 0 8 0.5 || exit 1
b 0.38249 "$2" 682 925 0.75 || exit 1   # R's own example
b 1 "$2" 8 8 1 || exit 1
b 0 "$2" 7 8 1 || exit 1
b 1 "$2" 0 2 0 || exit 1

start=$(date +%s)
VS_PROGRESS=1 bash "$2/scripts/validate-timers.sh" quick --vroomsim "$1"
rc=$?
echo "real_timers: exit $rc after $(( $(date +%s) - start )) s"
exit $rc
