#!/usr/bin/env bash
# The installed copy: `cmake --install` into a scratch prefix, then the installed binary finds
# its own data beside itself (not the source tree), runs the default study and every shipped
# scenario that needs no outside data, and the others say which data they need and where.
# $1 = binary (in the build tree), $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
build=$(cd "$(dirname "$bin")/.." && pwd)
cmake --install "$build" --prefix "$tmp/inst" >"$tmp/install.log" 2>&1 ||
    { echo "FAIL install: cmake --install"; cat "$tmp/install.log"; exit 1; }
ibin=$tmp/inst/bin/vroomsim
share=$tmp/inst/share/vroomsim

check topo-list 0 env -C / "$ibin" topo list
contains topo-list "Shipped in $share/topologies"
grep -qF "$src" "$tmp/out" && { echo "FAIL topo-list: names the source tree"; fail=1; }
check default-study 0 env -C / "$ibin" run
contains default-study "vr5: chicago-1 -> chicago-2"

for f in "$share"/examples/*.yaml; do
    name=$(basename "$f")
    case $name in
    power-*) # studies: SNDlib's files are not shipped; the message says so and where
        check "$name" 2 env -C / "$ibin" plan power --study "$f"
        contains "$name" "need SNDlib's data, which vroomsim does not ship"
        ;;
    sweep-power-*) # a sweep over a power study that reads SNDlib's files: refused, saying so
        check "$name" 2 env -C "$tmp" "$ibin" sweep --quiet --jobs 2 "$f"
        contains "$name" "need SNDlib's data, which vroomsim does not ship"
        ;;
    sweep-*) # sweeps: run, their base found beside them; the database in a scratch folder
        check "$name" 0 env -C "$tmp" "$ibin" sweep --quiet --jobs 2 "$f"
        ;;
    *-inventory.yaml) # inventories: the installed one plans beside its topology
        check "$name" 0 env -C / "$ibin" plan maintenance --topology builtin:abilene \
            --inventory "$f" --drain Chicago --solver local
        ;;
    abilene-vr5-bgp-churn.yaml) # a RIPE RIS update stream, not shipped
        check "$name" 2 env -C / "$ibin" validate "$f"
        contains "$name" "which vroomsim does not ship: put the file there"
        ;;
    *)
        check "$name" 0 env -C / "$ibin" validate "$f"
        ;;
    esac
done
exit "$fail"
