#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: the classic quickstart's world end to end on api-version 2022-02-01: the Python
# quickstart on Debian's azure-communication-rooms 1.0.0b3 against acs-rooms-emulator --tls
# (trusting the certificate it writes), then rooms-quickstart --classic in process and, when
# built with libcurl, over the same HTTPS emulator.
# Usage: classic_quickstart.sh <acs-rooms-emulator> <python-quickstart.py> [<rooms-quickstart> [curl]]
set -eu

emulator=${1:?usage: classic_quickstart.sh <acs-rooms-emulator> <quickstart.py> [<rooms-quickstart> [curl]]}
script=${2:?usage}
quickstart=${3:-}
with_curl=${4:-}
dir=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  [ -z "$pid" ] || wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$emulator" --tls --tls-cert-out "$dir/cert.pem" >"$dir/out" 2>"$dir/err" &
pid=$!
tries=0
until head -n 1 "$dir/out" | grep -q '^endpoint=https://127\.0\.0\.1:'; do
  tries=$((tries + 1))
  [ "$tries" -le 300 ] || { cat "$dir/err" >&2; echo "the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q 'BEGIN CERTIFICATE' "$dir/cert.pem" || { echo "no certificate written" >&2; exit 1; }
connection=$(head -n 1 "$dir/out")

if ! ACS_CONNECTION_STRING=$connection REQUESTS_CA_BUNDLE="$dir/cert.pem" \
    /usr/bin/python3 "$script" >"$dir/py" 2>&1; then
  cat "$dir/py"
  exit 1
fi
grep -q '^Deleted room ' "$dir/py" || { cat "$dir/py"; exit 1; }
grep -q 'has 4 participants' "$dir/py" || { cat "$dir/py"; exit 1; }
! grep -q 'accesskey' "$dir/py" || { echo "the key was printed" >&2; exit 1; }
echo "ok: Python 1.0.0b3 quickstart over HTTPS"

# Without the certificate the SDK must refuse the connection (TLS is really verified).
if ACS_CONNECTION_STRING=$connection REQUESTS_CA_BUNDLE=/dev/null \
    /usr/bin/python3 "$script" >"$dir/py" 2>&1; then
  echo "the SDK trusted the emulator without its certificate" >&2
  exit 1
fi
echo "ok: refused without the certificate"

[ -n "$quickstart" ] || exit 0
env -u ACS_CONNECTION_STRING -u COMMUNICATION_SAMPLES_CONNECTION_STRING \
  "$quickstart" --classic >"$dir/cpp" 2>&1 || { cat "$dir/cpp"; exit 1; }
grep -q '^Deleted room ' "$dir/cpp" || { cat "$dir/cpp"; exit 1; }
echo "ok: rooms-quickstart --classic in process"

[ "$with_curl" = curl ] || exit 0
ACS_CONNECTION_STRING=$connection ACS_ROOMS_CA_BUNDLE="$dir/cert.pem" \
  "$quickstart" --classic >"$dir/cpp" 2>&1 || { cat "$dir/cpp"; exit 1; }
grep -q '^Deleted room ' "$dir/cpp" || { cat "$dir/cpp"; exit 1; }
echo "ok: rooms-quickstart --classic over HTTPS"
