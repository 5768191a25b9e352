#!/usr/bin/env bash
# `kanaria demo` releases v2 on the built-in emulator: exit 0, the summary names every stage and
# the final weights, nothing is left running, and --output json gives one event per line.
set -u
kanaria="$1"
fail() { echo "FAIL: $*"; exit 1; }

start=$(date +%s)
out=$("$kanaria" demo 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { echo "$out"; fail "demo exited $rc"; }
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 60 ] || fail "demo took ${elapsed}s (a minute at most)"
for expected in "released web:2 to demo/web" "ECS_CANARY_ROLLOUT" "ECS_PRIMARY_ROLLOUT" "ECS_CANARY_CLEAN" \
                "weights over time" "90/10" "100/0" "AWS calls:"; do
  grep -q -- "$expected" <<<"$out" || { echo "$out"; fail "the demo output lacks '$expected'"; }
done
pgrep -f "kanaria demo" >/dev/null && fail "a kanaria demo process is still running"

json=$("$kanaria" demo --output json 2>/dev/null) || fail "demo --output json exited $?"
python3 - "$json" <<'PY' || fail "--output json is not one JSON event per line"
import json, sys
events = [json.loads(line) for line in sys.argv[1].splitlines() if line.strip()]
types = {e["type"] for e in events}
assert {"release.started", "stage.started", "stage.finished", "weights", "call", "release.finished"} <= types, types
finished = [e for e in events if e["type"] == "release.finished"]
assert len(finished) == 1 and finished[0]["data"]["outcome"] == "released", finished
assert events[-1]["type"] == "calls" and events[-1]["data"]["mutating"] >= 8, events[-1]
PY
echo "ok"
