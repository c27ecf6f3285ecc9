#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: runs the official JS SDK flow (emulator_flow.mjs) against acs-rooms-emulator.
# Usage: run_emulator_flow.sh <path-to-acs-rooms-emulator>
set -eu

emulator=${1:?usage: run_emulator_flow.sh <path-to-acs-rooms-emulator>}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$here/node_modules/@azure/communication-rooms" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

out=$(mktemp)
"$emulator" --port 0 --page-size 2 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT INT TERM

# Wait (up to 10 s) for the first line: the connection string.
tries=0
while ! head -n 1 "$out" | grep -q '^endpoint='; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "run_emulator_flow: the emulator did not start" >&2
    exit 1
  fi
  sleep 0.1
done
connection_string=$(head -n 1 "$out")

status=0
(cd "$here" && node emulator_flow.mjs "$connection_string") || status=$?
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
exit "$status"
