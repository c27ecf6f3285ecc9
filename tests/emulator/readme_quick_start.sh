#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms tests: the README quick start (extracted and built by tests/snippets/) run over
# curl_transport against acs-rooms-emulator on loopback, with the connection string in
# ACS_CONNECTION_STRING as a user would set it.
# Usage: readme_quick_start.sh <readme-quick-start-program> <acs-rooms-emulator>
set -eu
program=${1:?usage: readme_quick_start.sh <program> <acs-rooms-emulator>}
emulator=${2:?usage: readme_quick_start.sh <program> <acs-rooms-emulator>}
out=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out" "$out.run"' EXIT
"$emulator" --port 0 --page-size 2 >"$out" &
pid=$!
tries=0
until head -n 1 "$out" | grep -q '^endpoint='; do
  tries=$((tries + 1))
  [ "$tries" -le 100 ] || { echo "the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
ACS_CONNECTION_STRING=$(head -n 1 "$out") "$program" >"$out.run" 2>&1 || { cat "$out.run"; exit 1; }
# Three participants listed over two pages: two from the create, one added.
[ "$(grep -c ' Presenter$\| Attendee$\| Consumer$' "$out.run")" -eq 3 ] || { cat "$out.run"; exit 1; }
if grep -q 'accesskey' "$out.run"; then cat "$out.run"; exit 1; fi
echo "ok: the README quick start over loopback"
