#!/usr/bin/env bash
# The binary answers --help and --version, lists its commands, and refuses bad usage with exit 2.
set -u
kanaria="$1"
fail() { echo "FAIL: $*"; exit 1; }

out=$("$kanaria" --version) || fail "--version exited $?"
[[ "$out" =~ ^kanaria\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version printed '$out'"

out=$("$kanaria" --help) || fail "--help exited $?"
for word in whoami --endpoint-url --region --profile --output --state-dir; do
  grep -q -- "$word" <<<"$out" || fail "--help does not mention $word"
done

"$kanaria" no-such-command >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "an unknown command exited $rc, expected 2"

"$kanaria" whoami --output yaml >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "--output yaml exited $rc, expected 2"
echo "ok"
