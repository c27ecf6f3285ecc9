#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#
# End-to-end test of the acs-rooms command-line tool against acs-rooms-emulator on loopback:
# every command, its JSON output, every exit code, --help everywhere, and that no output ever
# contains the access key.
#
# Usage: cli_e2e.sh <acs-rooms> <acs-rooms-emulator>
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 <acs-rooms> <acs-rooms-emulator>" >&2
  exit 2
fi
CLI=$1
EMULATOR=$2

# A known key, so that every captured output can be searched for it.
KEY='c2VjcmV0LWtleS1mb3ItdGhlLWNsaS1lbmQtdG8tZW5kLXRlc3Qtb25seSE='
WORK=$(mktemp -d)
ALL="$WORK/all-output.txt" # everything the CLI printed, for the key check
: >"$ALL"
PASSED=0
FAILED=0
EMULATOR_PID=

cleanup() {
  if [ -n "$EMULATOR_PID" ]; then
    kill -TERM "$EMULATOR_PID" 2>/dev/null
    wait "$EMULATOR_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASSED=$((PASSED + 1)); }
fail() {
  FAILED=$((FAILED + 1))
  echo "FAIL: $1" >&2
  if [ -s "$WORK/out" ]; then sed 's/^/  stdout: /' "$WORK/out" | head -20 >&2; fi
  if [ -s "$WORK/err" ]; then sed 's/^/  stderr: /' "$WORK/err" | head -20 >&2; fi
}

# cli [VAR=value ...] -- ARGS...: runs the CLI (bounded), with only the given connection-string
# variables set; stdout in $WORK/out, stderr in $WORK/err, exit code in $RC.
cli() {
  local env_args=(-u ACS_CONNECTION_STRING -u AZURE_COMMUNICATION_CONNECTION_STRING)
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    env_args+=("$1")
    shift
  done
  shift
  env "${env_args[@]}" timeout 30 "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  # Only what the CLI printed goes in: the arguments themselves may hold the key.
  cat "$WORK/out" "$WORK/err" >>"$ALL"
}

# expect NAME CODE: checks the last exit code.
expect() {
  if [ "$RC" -eq "$2" ]; then pass; else fail "$1: exit code $RC, expected $2"; fi
}
# expect_json NAME PYTHON-EXPRESSION: the last stdout is JSON `j` for which the expression holds.
expect_json() {
  if python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$WORK/out" "$2" 2>>"$WORK/err"; then pass; else fail "$1: JSON check failed: $2"; fi
}
# expect_empty_stdout NAME
expect_empty_stdout() {
  if [ ! -s "$WORK/out" ]; then pass; else fail "$1: stdout is not empty"; fi
}
# expect_stderr NAME TEXT: stderr contains TEXT.
expect_stderr() {
  if grep -qF -- "$2" "$WORK/err"; then pass; else fail "$1: stderr lacks '$2'"; fi
}
# json_field FIELD: prints a field of the last stdout's JSON object.
json_field() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/out" "$1"
}

# A port nothing listens on: bound by the kernel's choice, then released.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

# ---- start the emulator ----------------------------------------------------------------------
"$EMULATOR" --host 127.0.0.1 --port 0 --access-key "$KEY" --page-size 2 \
  >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMULATOR_PID=$!
CS=
for _ in $(seq 1 100); do
  CS=$(head -n 1 "$WORK/emulator.out" 2>/dev/null)
  case "$CS" in endpoint=*';accesskey='*) break ;; esac
  CS=
  sleep 0.1
done
if [ -z "$CS" ]; then
  echo "FAIL: the emulator did not print its connection string within 10 s" >&2
  cat "$WORK/emulator.err" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
ENDPOINT=${CS%%;*}
ENDPOINT=${ENDPOINT#endpoint=}
WITH_CS="ACS_CONNECTION_STRING=$CS"

# ---- --help on the tool and every command ----------------------------------------------------
for command in "" create get update delete list participant "participant get" \
  "participant add-or-update" "participant remove"; do
  # shellcheck disable=SC2086 # the command words are meant to split
  cli -- $command --help
  expect "help: '$command'" 0
  if grep -q "Usage:" "$WORK/out"; then pass; else fail "help: '$command' prints no usage"; fi
done

# ---- every command, with its output ----------------------------------------------------------
FROM=$(iso "+1 day")
UNTIL_OFFSET=$(date -u -d "+10 days" +%Y-%m-%dT%H:%M:%S)+02:00
UNTIL_UTC=$(python3 -c 'import datetime, sys
d = datetime.datetime.fromisoformat(sys.argv[1]).astimezone(datetime.timezone.utc)
print(d.strftime("%Y-%m-%dT%H:%M:%S.000Z"))' "$UNTIL_OFFSET")

cli "$WITH_CS" -- create --valid-from "$FROM" --valid-until "$UNTIL_OFFSET" \
  --pstn-dial-out-enabled true --presenter-participants 8:acs:res_alice 8:acs:res_bob \
  --attendee-participants 8:acs:res_carol --consumer-participants 8:acs:res_dave \
  --collaborator-participants 8:acs:res_erin
expect "create" 0
expect_json "create" "set(j) >= {'id', 'createdAt', 'validFrom', 'validUntil', 'pstnDialOutEnabled'}"
expect_json "create: times" "j['validFrom'] == '${FROM%Z}.000Z' and j['validUntil'] == '$UNTIL_UTC'"
expect_json "create: pstn" "j['pstnDialOutEnabled'] is True"
ROOM=$(json_field id)

# The flag, and the second environment variable, work as well as the first variable.
cli -- --connection-string "$CS" create
expect "create with --connection-string" 0
expect_json "create with --connection-string" "j['pstnDialOutEnabled'] is False"
ROOM2=$(json_field id)
cli "AZURE_COMMUNICATION_CONNECTION_STRING=$CS" -- create --pstn-dial-out-enabled FALSE
expect "create with AZURE_COMMUNICATION_CONNECTION_STRING" 0
ROOM3=$(json_field id)

cli "$WITH_CS" -- get --room "$ROOM"
expect "get" 0
expect_json "get" "j['id'] == '$ROOM' and j['validFrom'] == '${FROM%Z}.000Z'"

NEW_UNTIL=$(iso "+20 days")
cli "$WITH_CS" -- update --room "$ROOM" --valid-until "$NEW_UNTIL" --pstn-dial-out-enabled false
expect "update" 0
expect_json "update" "j['id'] == '$ROOM' and j['validUntil'] == '${NEW_UNTIL%Z}.000Z' and j['pstnDialOutEnabled'] is False"

cli "$WITH_CS" -- list
expect "list" 0
expect_json "list: every page" "isinstance(j, list) and {'$ROOM', '$ROOM2', '$ROOM3'} <= {r['id'] for r in j} and len(j) == 3"
expect_json "list: fields" "all(set(r) == {'id', 'createdAt', 'validFrom', 'validUntil', 'pstnDialOutEnabled'} for r in j)"

cli "$WITH_CS" -- participant get --room "$ROOM"
expect "participant get" 0
expect_json "participant get" "sorted((p['rawId'], p['role']) for p in j) == [('8:acs:res_alice', 'Presenter'), ('8:acs:res_bob', 'Presenter'), ('8:acs:res_carol', 'Attendee'), ('8:acs:res_dave', 'Consumer'), ('8:acs:res_erin', 'Collaborator')]"
expect_json "participant get: fields" "all(set(p) == {'rawId', 'role'} for p in j)"

cli "$WITH_CS" -- participant add-or-update --room "$ROOM" --attendee-participants 8:acs:res_alice \
  --presenter-participants 8:acs:res_frank
expect "participant add-or-update" 0
expect_empty_stdout "participant add-or-update"

cli "$WITH_CS" -- participant remove --room "$ROOM" --participants 8:acs:res_bob 8:acs:res_dave
expect "participant remove" 0
expect_empty_stdout "participant remove"

cli "$WITH_CS" -- participant get --room "$ROOM"
expect "participant get after changes" 0
expect_json "participant get after changes" "sorted((p['rawId'], p['role']) for p in j) == [('8:acs:res_alice', 'Attendee'), ('8:acs:res_carol', 'Attendee'), ('8:acs:res_erin', 'Collaborator'), ('8:acs:res_frank', 'Presenter')]"

cli "$WITH_CS" -- --api-version 2024-04-15 get --room "$ROOM2"
expect "get with --api-version" 0

cli "$WITH_CS" -- delete --room "$ROOM3"
expect "delete" 0
expect_empty_stdout "delete"

# ---- exit code 1: the service answered with an error -----------------------------------------
cli "$WITH_CS" -- get --room "$ROOM3"
expect "get of a deleted room" 1
cli "$WITH_CS" -- get --room 12345678901234567
expect "get of an unknown room" 1
expect_stderr "get of an unknown room" "404"
expect_empty_stdout "get of an unknown room"
cli "$WITH_CS" -- create --valid-from "$(iso '+1 day')" --valid-until "$(iso '+200 days')"
expect "create over 180 days" 1
expect_stderr "create over 180 days" "400"
cli "$WITH_CS" -- update --room "$ROOM" --valid-until "$(iso '+400 days')"
expect "update over 180 days" 1
cli "$WITH_CS" -- participant get --room 12345678901234567
expect "participant get of an unknown room" 1
cli "$WITH_CS" -- --api-version 1999-01-01 list
expect "unknown api-version (passed through, refused by the service)" 1
# A signature made with another key: 401 from the service.
cli "ACS_CONNECTION_STRING=endpoint=$ENDPOINT;accesskey=d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=" -- list
expect "wrong key" 1
expect_stderr "wrong key" "401"

# ---- exit code 2: usage and configuration errors ---------------------------------------------
cli "$WITH_CS" --
expect "no command" 2
cli "$WITH_CS" -- frobnicate
expect "unknown command" 2
cli "$WITH_CS" -- get
expect "get without --room" 2
cli "$WITH_CS" -- participant remove --room "$ROOM"
expect "participant remove without --participants" 2
cli "$WITH_CS" -- participant add-or-update --room "$ROOM"
expect "participant add-or-update without participants" 2
cli "$WITH_CS" -- create --valid-from tomorrow
expect "malformed --valid-from" 2
expect_stderr "malformed --valid-from" "--valid-from"
cli "$WITH_CS" -- update --room "$ROOM" --valid-until 2026-02-30T00:00:00Z
expect "impossible --valid-until" 2
cli "$WITH_CS" -- create --pstn-dial-out-enabled maybe
expect "malformed --pstn-dial-out-enabled" 2
cli -- list
expect "missing connection string" 2
expect_stderr "missing connection string" "ACS_CONNECTION_STRING"
cli -- --connection-string "endpoint=$ENDPOINT;accesskey=not*base64" list
expect "malformed access key" 2
cli -- --connection-string "endpoint=not-a-url;accesskey=$KEY" list
expect "malformed endpoint" 2
cli "ACS_CONNECTION_STRING=accesskey=$KEY" -- list
expect "connection string without endpoint" 2
cli -- --connection-string "endpoint=http://rooms.example.invalid/;accesskey=$KEY" list
expect "plain http to a non-loopback host" 2
expect_stderr "plain http to a non-loopback host" "allow_insecure_http"
cli "$WITH_CS" -- --api-version 2024-04-15 participant add-or-update --room "$ROOM" \
  --collaborator-participants 8:acs:res_gina
expect "Collaborator before 2025-03-13" 2
# Mistyped flags next to the key: the parser's complaint must not echo it.
cli -- --conection-string "$CS" list
expect "mistyped --connection-string" 2
cli -- --connection-string "$CS" get --room "$ROOM" "$CS"
expect "extra argument holding the connection string" 2

# ---- exit code 3: no answer ------------------------------------------------------------------
PORT=$(free_port)
cli "ACS_CONNECTION_STRING=endpoint=http://127.0.0.1:$PORT/;accesskey=$KEY" -- list
expect "nothing listens" 3
expect_stderr "nothing listens" "127.0.0.1:$PORT"
cli -- --connection-string "endpoint=http://127.0.0.1:$PORT/;accesskey=$KEY" get --room "$ROOM"
expect "nothing listens (get)" 3

# ---- the access key never appears ------------------------------------------------------------
if grep -qF -- "$KEY" "$ALL"; then
  fail "the access key appears in the CLI's output:"
  grep -nF -- "$KEY" "$ALL" | head -5 >&2
else
  pass
fi
# Nor the other keys this script used.
if grep -qF -- "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXk=" "$ALL"; then
  fail "the wrong key appears in the CLI's output"
else
  pass
fi

# ---- the emulator stops on SIGTERM -----------------------------------------------------------
kill -TERM "$EMULATOR_PID"
STOPPED=no
for _ in $(seq 1 50); do
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
    STOPPED=yes
    break
  fi
  sleep 0.1
done
if [ "$STOPPED" = yes ]; then pass; else fail "the emulator did not stop on SIGTERM"; fi
wait "$EMULATOR_PID" 2>/dev/null
EMULATOR_PID=

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
