#!/usr/bin/env bash
# `kanaria demo` releases v2 on the built-in emulator, then v3 (5 % errors), which the analysis
# rolls back: exit 0, the summaries name every stage, the weights and the failing verdict,
# nothing is left running, and --output json gives one event per line.
set -u
kanaria="$1"
fail() { echo "FAIL: $*"; exit 1; }

start=$(date +%s)
out=$("$kanaria" demo 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { echo "$out"; fail "demo exited $rc"; }
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 60 ] || fail "demo took ${elapsed}s (a minute at most)"
for expected in "released web:2 to demo/web" "ECS_CANARY_ROLLOUT" "ANALYSIS" "ECS_PRIMARY_ROLLOUT" \
                "ECS_CANARY_CLEAN" "weights over time" "80/20" "100/0" "AWS calls:" "analysis passed" \
                "5xx rate: canary" "rolled back: ANALYSIS: analysis failed" "v3 failed its analysis"; do
  grep -q -- "$expected" <<<"$out" || { echo "$out"; fail "the demo output lacks '$expected'"; }
done
pgrep -f "kanaria demo" >/dev/null && fail "a kanaria demo process is still running"

json=$("$kanaria" demo --output json 2>/dev/null) || fail "demo --output json exited $?"
python3 - "$json" <<'PY' || fail "--output json is not one JSON event per line"
import json, sys
events = [json.loads(line) for line in sys.argv[1].splitlines() if line.strip()]
types = {e["type"] for e in events}
assert {"release.started", "stage.started", "stage.finished", "weights", "call", "analysis", "release.finished"} <= types, types
finished = [e["data"]["outcome"] for e in events if e["type"] == "release.finished"]
assert finished == ["released", "rolled_back"], finished
calls = [e["data"]["mutating"] for e in events if e["type"] == "calls"]
assert events[-1]["type"] == "calls" and len(calls) == 2 and calls[0] >= 8 and calls[1] >= 5, calls
PY
echo "ok"
