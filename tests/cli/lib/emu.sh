# Sourced by the emulation tests (after check.sh):
#   left PID          fails (fail=1) when a namespace or process of run PID is left: its
#                     namespaces are vroomsim<PID><letter>..., its work directory /tmp/vroomsim<PID>.*
#   jcheck FILE...    runs the Python on stdin with d (the JSON of FILE), s and m (its
#                     simulated and measured parts) and want(cond, what) defined; fails when a
#                     want did not hold
left() {
  local l
  l=$(ip netns list | grep -E "^vroomsim$1[a-z]"; pgrep -af "vroomsim$1\\." | grep -v pgrep)
  if [ -n "$l" ]; then echo "FAIL: left behind by run $1:"; echo "$l" | sed 's/^/    /'; fail=1; fi
}
jcheck() {
  { cat <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, m = d["simulated"], d["measured"]
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
PY
    cat
    cat <<'PY'
if bad:
    print("FAIL json:", *bad, sep="\n    ")
    sys.exit(1)
PY
  } | python3 - "$@" || fail=1
}
