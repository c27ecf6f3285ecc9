#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator prints its connection string first and stops cleanly on SIGTERM.
# Usage: emulator_cli.sh <path-to-acs-rooms-emulator>
set -eu

emulator=${1:?usage: emulator_cli.sh <path-to-acs-rooms-emulator>}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Bad usage exits 2.
code=0
"$emulator" --port not-a-port >/dev/null 2>&1 || code=$?
[ "$code" -eq 2 ] || { echo "bad usage: expected exit 2, got $code" >&2; exit 1; }

"$emulator" --port 0 >"$out" &
pid=$!
tries=0
while [ ! -s "$out" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    kill "$pid" 2>/dev/null || true
    echo "no output within 10 s" >&2
    exit 1
  fi
  sleep 0.1
done
first=$(head -n 1 "$out")
if ! printf '%s\n' "$first" |
  grep -Eq '^endpoint=http://127\.0\.0\.1:[1-9][0-9]*/;accesskey=[A-Za-z0-9+/]{86}==$'; then
  kill "$pid" 2>/dev/null || true
  echo "unexpected first line: $first" >&2
  exit 1
fi

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
[ "$code" -eq 0 ] || { echo "expected exit 0 after SIGTERM, got $code" >&2; exit 1; }
echo "ok: $(printf '%s' "$first" | sed 's/accesskey=.*/accesskey=<redacted>/')"
