#!/usr/bin/env bash
# vroomsim set-up: installs what is missing from Debian packages, builds, then runs
#   scripts/setup.sh run    the bundled default study (vroomsim run)
#   scripts/setup.sh test   the whole test suite: a -Werror build, then a clang -Werror build
#                           (warnings differ between the compilers; both must be clean), then
#                           an ASan+UBSan build, then a short fuzz of every reader in a clang
#                           build (docs/fuzzing.md)
#   scripts/setup.sh build  only set-up and build
# Safe to run again: installed packages are skipped, builds are incremental.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential cmake pkg-config libglpk-dev libigraph-dev libyaml-dev libcjson-dev
          check libmnl-dev libxml2-dev zlib1g-dev libarchive-dev iproute2 libplplot-dev libsqlite3-dev
          plplot-driver-cairo coinor-libcbc-dev)
# The test suite also opens the HTML report in a headless browser (tests/cli/plot.sh), runs
# FRR's ospfd/bgpd for the real-daemon timer check (scripts/validate-timers.sh; only its
# programs are used: the frr service is never started), builds with clang and fuzzes, and
# runs a sweep under mpirun (tests/cli/sweep_mpi.sh; MPI is optional for a plain build).
[ "${1:-build}" = test ] && packages+=(chromium frr clang libclang-rt-14-dev libopenmpi-dev openmpi-bin)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing ${missing[*]}" >&2
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 3; }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake args...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

install_missing
case "$mode" in
build)
    build build
    ;;
run)
    build build
    shift || true
    ./build/cli/vroomsim run "$@"
    ;;
test)
    # Every optional dependency is installed above, so a test that would skip for lack of
    # one fails instead (tests/cli/real_timers.sh reads this).
    export VS_REQUIRE_OPTIONAL=1
    build build -DVS_WERROR=ON -DVS_SANITIZE=OFF
    (cd build && ctest --output-on-failure -j "$jobs")
    CC=clang build build-clang -DVS_WERROR=ON -DVS_SANITIZE=OFF
    build build-asan -DVS_WERROR=ON -DVS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j "$jobs")
    # Each harness replays its committed inputs, then mutates for 6 s: under 4 minutes with
    # the clang build (docs/fuzzing.md); a finding fails the step (the script says where the
    # input is).
    bash scripts/fuzz.sh --ci 6
    ;;
*)
    echo "usage: scripts/setup.sh [build|run|test]" >&2
    exit 2
    ;;
esac
