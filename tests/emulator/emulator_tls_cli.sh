#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator's TLS flags: --tls-cert/--tls-key with a pair made by the openssl
# tool, checked with curl (trusted with --cacert, refused without); bad TLS usage exits 2, an
# unreadable certificate exits 1; the server options hold over TLS too (--max-body-bytes: 413).
# Usage: emulator_tls_cli.sh <acs-rooms-emulator>
set -eu

emulator=${1:?usage: emulator_tls_cli.sh <acs-rooms-emulator>}
dir=$(mktemp -d)
pid=
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

expect_exit() {
  want=$1
  shift
  code=0
  "$emulator" "$@" >/dev/null 2>&1 || code=$?
  [ "$code" -eq "$want" ] || { echo "$*: expected exit $want, got $code" >&2; exit 1; }
}
expect_exit 2 --tls-cert "$dir/c.pem"
expect_exit 2 --tls-key "$dir/k.pem"
expect_exit 2 --tls-cert "$dir/c.pem" --tls-key "$dir/k.pem" --tls-cert-out "$dir/o.pem"
expect_exit 1 --tls-cert "$dir/missing.pem" --tls-key "$dir/missing.pem"
echo "ok: bad TLS usage"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=acs-rooms-test -addext subjectAltName=IP:127.0.0.1 -addext basicConstraints=critical,CA:TRUE \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
expect_exit 1 --tls-cert "$dir/key.pem" --tls-key "$dir/cert.pem" # swapped: not usable PEM

"$emulator" --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --max-body-bytes 100 \
  >"$dir/out" 2>/dev/null &
pid=$!
tries=0
until head -n 1 "$dir/out" | grep -q '^endpoint=https://127\.0\.0\.1:[1-9][0-9]*/;accesskey='; do
  tries=$((tries + 1))
  [ "$tries" -le 300 ] || { echo "the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
origin=$(head -n 1 "$dir/out" | sed 's|^endpoint=\(https://[^/]*\)/;.*|\1|')
status=$(curl -s -o "$dir/body" -w '%{http_code}' --cacert "$dir/cert.pem" \
  "$origin/rooms?api-version=2025-03-13")
[ "$status" = 401 ] || { echo "expected 401 over TLS, got $status" >&2; exit 1; }
grep -q '"Unauthorized"' "$dir/body" || { cat "$dir/body" >&2; exit 1; }
head -c 5000 /dev/zero | tr '\0' x >"$dir/big"
status=$(curl -s -o "$dir/body" -w '%{http_code}' --cacert "$dir/cert.pem" -X POST \
  -H 'Content-Type: application/json' --data-binary @"$dir/big" "$origin/rooms?api-version=2025-03-13")
[ "$status" = 413 ] || { echo "expected 413 over TLS with --max-body-bytes 100, got $status" >&2; exit 1; }
code=0
curl -s -o /dev/null "$origin/rooms?api-version=2025-03-13" || code=$?
[ "$code" -ne 0 ] || { echo "curl trusted the emulator without its certificate" >&2; exit 1; }
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=
[ "$code" -eq 0 ] || { echo "expected exit 0 after SIGTERM, got $code" >&2; exit 1; }
echo "ok: --tls-cert/--tls-key served HTTPS, --max-body-bytes held; SIGTERM -> exit 0"
