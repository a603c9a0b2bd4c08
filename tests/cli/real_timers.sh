#!/usr/bin/env bash
# The timer models against real daemons, a few points only (scripts/validate-timers.sh quick):
# FRR's ospfd and bgpd in two private network namespaces, one side frozen with SIGSTOP; a
# clear survival and a clear loss per protocol, each judged against `vroomsim timers`
# (--clock running --frozen-rx queue). About a minute. Skips (77) without root, network
# namespaces or FRR, unless VS_REQUIRE_OPTIONAL=1 (scripts/setup.sh test), where that fails.
# Not registered in the sanitizer build (tests/CMakeLists.txt): it tests the daemons' timing,
# not our memory, and ASan's slowdown is no help there.
# Args: $1 = vroomsim binary, $2 = source dir.
set -u
start=$(date +%s)
VS_PROGRESS=1 bash "$2/scripts/validate-timers.sh" quick --vroomsim "$1"
rc=$?
echo "real_timers: exit $rc after $(( $(date +%s) - start )) s"
exit $rc
