#!/usr/bin/env bash
# `kanaria emulator`: prints one ready line naming a free port, answers there, stops on SIGTERM
# with exit 0, and refuses bad options with exit 2 and a message naming the option.
set -u
kanaria="$1"
fail() { echo "FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$kanaria" emulator --port 0 --time-scale 20 --seed 9 >"$out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$out" && break
  sleep 0.05
done
line=$(head -1 "$out")
[[ "$line" =~ ^kanaria\ emulator\ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] ||
  fail "ready line was '$line'"
port="${BASH_REMATCH[1]}"
health=$(curl -sf "http://127.0.0.1:$port/_emulator/health") || fail "health did not answer"
grep -q '"timeScale":20' <<<"$health" || fail "health: $health"
grep -q '"seed":9' <<<"$health" || fail "health: $health"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] || fail "SIGTERM: exit $rc, expected 0"

msg=$("$kanaria" emulator --time-scale -1 2>&1)
rc=$?
[ "$rc" -eq 2 ] || fail "--time-scale -1 exited $rc, expected 2"
grep -q -- "--time-scale" <<<"$msg" || fail "the message does not name --time-scale: $msg"

msg=$("$kanaria" emulator --access-key AKID 2>&1)
rc=$?
[ "$rc" -eq 2 ] || fail "--access-key alone exited $rc, expected 2"
grep -q -- "--secret-key" <<<"$msg" || fail "the message does not name --secret-key: $msg"
echo "ok"
