#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: rooms-quickstart on the in-process emulator and, when it was built with libcurl,
# over the network against acs-rooms-emulator on loopback.
# Usage: quickstart.sh <rooms-quickstart> [<acs-rooms-emulator>]
set -eu

quickstart=${1:?usage: quickstart.sh <rooms-quickstart> [<acs-rooms-emulator>]}
emulator=${2:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

env -u ACS_CONNECTION_STRING -u COMMUNICATION_SAMPLES_CONNECTION_STRING "$quickstart" >"$out"
head -n 1 "$out" | grep -q 'in-process Rooms emulator' || { cat "$out"; exit 1; }
grep -q '^Deleted room ' "$out" || { cat "$out"; exit 1; }
echo "ok: in process"

[ -n "$emulator" ] || exit 0
"$emulator" --port 0 --page-size 2 >"$out" &
pid=$!
tries=0
until head -n 1 "$out" | grep -q '^endpoint='; do
  tries=$((tries + 1))
  [ "$tries" -le 100 ] || { kill "$pid"; echo "the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
status=0
ACS_CONNECTION_STRING=$(head -n 1 "$out") "$quickstart" >"$out.run" 2>&1 || status=$?
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ "$status" -ne 0 ] || ! grep -q '^Deleted room ' "$out.run" || grep -q 'accesskey' "$out.run"; then
  cat "$out.run"
  rm -f "$out.run"
  exit 1
fi
rm -f "$out.run"
echo "ok: over loopback"
