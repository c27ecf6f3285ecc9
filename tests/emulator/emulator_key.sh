#!/bin/sh
# SPDX-License-Identifier: MIT
# acs_rooms: acs-rooms-emulator takes its access key from the environment or a file, so that it
# is not on the command line (visible in ps); a flag wins over the environment.
# Usage: emulator_key.sh <path-to-acs-rooms-emulator>
set -eu

emulator=${1:?usage: emulator_key.sh <path-to-acs-rooms-emulator>}
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT
key_a=$(printf 'emulator-key-test-a-0123456789abcdef' | base64 -w0)
key_b=$(printf 'emulator-key-test-b-0123456789abcdef' | base64 -w0)

# Starts the emulator with "$@", waits for its first line; sets $pid and $first.
start() {
  rm -f "$dir/out"
  : >"$dir/out"
  "$@" >"$dir/out" 2>"$dir/err" &
  pid=$!
  tries=0
  while [ ! -s "$dir/out" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || { echo "no output within 10 s" >&2; exit 1; }
    sleep 0.1
  done
  first=$(head -n 1 "$dir/out")
}
stop() {
  kill -TERM "$pid"
  wait "$pid"
  pid=
}
expect_key() { # $1: the key the first line must carry; $2: what is being tested
  case "$first" in
  *";accesskey=$1") ;;
  *) echo "$2: the connection string does not carry the key given" >&2; exit 1 ;;
  esac
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -F -q "$1"; then
    echo "$2: the key is on the command line" >&2
    exit 1
  fi
  echo "ok: $2"
}

start env ACS_ROOMS_EMULATOR_ACCESS_KEY="$key_a" "$emulator" --port 0
expect_key "$key_a" "key from ACS_ROOMS_EMULATOR_ACCESS_KEY"
stop

printf '%s\n' "$key_b" >"$dir/key"
start "$emulator" --port 0 --access-key-file "$dir/key"
expect_key "$key_b" "key from --access-key-file (trailing newline ignored)"
stop

start env ACS_ROOMS_EMULATOR_ACCESS_KEY="$key_a" "$emulator" --port 0 --access-key-file "$dir/key"
expect_key "$key_b" "--access-key-file wins over the environment"
stop

# Bad keys: exit 2, and the key is not echoed.
printf 'not base64 %s!\n' "secret-looking" >"$dir/bad"
for source in file env missing; do
  code=0
  case $source in
  file) "$emulator" --access-key-file "$dir/bad" >/dev/null 2>"$dir/err" || code=$? ;;
  env) ACS_ROOMS_EMULATOR_ACCESS_KEY='not base64 secret-looking!' "$emulator" >/dev/null \
         2>"$dir/err" || code=$? ;;
  missing) "$emulator" --access-key-file "$dir/none" >/dev/null 2>"$dir/err" || code=$? ;;
  esac
  [ "$code" -eq 2 ] || { echo "bad key ($source): expected exit 2, got $code" >&2; exit 1; }
  if grep -q "secret-looking" "$dir/err"; then
    echo "bad key ($source): the key was echoed" >&2
    exit 1
  fi
  echo "ok: a bad key ($source) exits 2 without echoing it"
done
