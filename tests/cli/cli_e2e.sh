#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#
# End-to-end test of the acs-rooms command-line tool against acs-rooms-emulator on loopback:
# every command, its JSON output, every exit code, --help everywhere, and that no output ever
# contains the access key; then what an `az communication rooms` user relies on: global flags
# anywhere, role aliases, --yes and the prompt, every -o format read back by a real parser, az's
# time formats, --debug/--verbose/--only-show-errors/--version, retries, unknown commands, and
# bash completion.
#
# Usage: cli_e2e.sh <acs-rooms> <acs-rooms-emulator> [<cli_output_reader> [<bash-completion>]]
set -u

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
  echo "usage: $0 <acs-rooms> <acs-rooms-emulator> [<cli_output_reader> [<bash-completion>]]" >&2
  exit 2
fi
CLI=$1
EMULATOR=$2
READER=${3:-}
COMPLETION=${4:-}

# A known key, so that every captured output can be searched for it.
KEY='c2VjcmV0LWtleS1mb3ItdGhlLWNsaS1lbmQtdG8tZW5kLXRlc3Qtb25seSE='
WORK=$(mktemp -d)
ALL="$WORK/all-output.txt" # everything the CLI printed, for the key check
: >"$ALL"
PASSED=0
FAILED=0
EMULATOR_PID=
STUB_PID=

cleanup() {
  if [ -n "$EMULATOR_PID" ]; then
    kill -TERM "$EMULATOR_PID" 2>/dev/null
    wait "$EMULATOR_PID" 2>/dev/null
  fi
  if [ -n "$STUB_PID" ]; then
    kill -TERM "$STUB_PID" 2>/dev/null
    wait "$STUB_PID" 2>/dev/null
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
# variables set and stdin not a terminal; stdout in $WORK/out, stderr in $WORK/err, exit code in
# $RC.
cli() {
  local env_args=(-u ACS_CONNECTION_STRING -u AZURE_COMMUNICATION_CONNECTION_STRING)
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    env_args+=("$1")
    shift
  done
  shift
  env "${env_args[@]}" timeout 30 "$CLI" "$@" <"/dev/null" >"$WORK/out" 2>"$WORK/err"
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
BASE_URL=${ENDPOINT%/} # without the slash, as the request line has it
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

cli "$WITH_CS" -- participant remove --room "$ROOM" --participants 8:acs:res_bob 8:acs:res_dave --yes
expect "participant remove" 0
expect_empty_stdout "participant remove"

cli "$WITH_CS" -- participant get --room "$ROOM"
expect "participant get after changes" 0
expect_json "participant get after changes" "sorted((p['rawId'], p['role']) for p in j) == [('8:acs:res_alice', 'Attendee'), ('8:acs:res_carol', 'Attendee'), ('8:acs:res_erin', 'Collaborator'), ('8:acs:res_frank', 'Presenter')]"

cli "$WITH_CS" -- --api-version 2024-04-15 get --room "$ROOM2"
expect "get with --api-version" 0

cli "$WITH_CS" -- delete --room "$ROOM3" --yes
expect "delete" 0
expect_empty_stdout "delete"

# ---- issue 12: what an az user relies on ------------------------------------------------------

# expect_stderr_lacks NAME TEXT: the last stderr does not contain TEXT (in any case).
expect_stderr_lacks() {
  if grep -qiF -- "$2" "$WORK/err"; then fail "$1: stderr contains '$2'"; else pass; fi
}
expect_empty_stderr() {
  if [ ! -s "$WORK/err" ]; then pass; else fail "$1: stderr is not empty"; fi
}
# same_json NAME FILE: the last stdout, read by python's json, is the JSON value in FILE.
same_json() {
  if python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else 1)
' "$WORK/out" "$2" 2>>"$WORK/err"; then pass; else fail "$1: not the same JSON as -o json"; fi
}
# tsv_shape NAME ROWS COLUMNS: the last stdout has ROWS lines of COLUMNS tab-separated fields.
tsv_shape() {
  if awk -F'\t' -v rows="$2" -v cols="$3" '
    NF != cols { bad = 1 } END { exit (bad || NR != rows) ? 1 : 0 }' "$WORK/out"; then
    pass
  else
    fail "$1: not $2 rows of $3 tab-separated columns"
  fi
}
# cli_tty ANSWER ARGS...: runs the CLI on a terminal (script(1)) and types ANSWER; the terminal's
# text (stdout and stderr) in $WORK/out, exit code in $RC. timeout needs --foreground: script(1)
# runs the line through $SHELL, and a shell that does not exec (dash) leaves timeout a child that
# would move the CLI to a background process group, where reading the terminal stops it (SIGTTIN).
cli_tty() {
  local answer=$1 line
  shift
  line=$(printf '%q ' env -u AZURE_COMMUNICATION_CONNECTION_STRING "ACS_CONNECTION_STRING=$CS" \
    timeout --foreground 30 "$CLI" "$@")
  printf '%s\n' "$answer" | script -qec "$line" /dev/null >"$WORK/out" 2>"$WORK/err"
  RC=$?
  : >"$WORK/err"
  cat "$WORK/out" >>"$ALL"
}
HAVE_SCRIPT=no
if command -v script >/dev/null 2>&1; then HAVE_SCRIPT=yes; fi

# 1. --connection-string before or after the command words, at every level.
cli -- create --connection-string "$CS"
expect "--connection-string after the command" 0
AZ_ROOM=$(json_field id)
cli -- participant get --room "$AZ_ROOM" --connection-string "$CS"
expect "--connection-string after participant get" 0
cli -- participant --connection-string "$CS" get --room "$AZ_ROOM"
expect "--connection-string between participant and get" 0
cli -- get --connection-string="$CS" --room "$AZ_ROOM"
expect "--connection-string=CS after the command" 0
expect_json "--connection-string=CS after the command" "j['id'] == '$AZ_ROOM'"

# 2. az's role aliases (and the singular spelling of az's quickstart).
cli "$WITH_CS" -- create --presenters 8:acs:res_p1 --attendees 8:acs:res_a1 --consumers 8:acs:res_c1 \
  --collaborators 8:acs:res_k1 --attendee-participant 8:acs:res_a2
expect "create with role aliases" 0
ALIAS_ROOM=$(json_field id)
cli "$WITH_CS" -- participant add-or-update --room "$ALIAS_ROOM" --presenters 8:acs:res_a1 \
  --consumer-participant 8:acs:res_c2
expect "add-or-update with role aliases" 0
cli "$WITH_CS" -- participant get --room "$ALIAS_ROOM"
expect_json "role aliases" "sorted((p['rawId'], p['role']) for p in j) == [('8:acs:res_a1', 'Presenter'), ('8:acs:res_a2', 'Attendee'), ('8:acs:res_c1', 'Consumer'), ('8:acs:res_c2', 'Consumer'), ('8:acs:res_k1', 'Collaborator'), ('8:acs:res_p1', 'Presenter')]"

# 3. --yes: without it and without a terminal, delete and participant remove refuse (exit 2).
cli "$WITH_CS" -- delete --room "$ALIAS_ROOM"
expect "delete without --yes, stdin not a terminal" 2
expect_stderr "delete without --yes, stdin not a terminal" "--yes"
cli "$WITH_CS" -- get --room "$ALIAS_ROOM"
expect "the refused delete deleted nothing" 0
cli "$WITH_CS" -- participant remove --room "$ALIAS_ROOM" --participants 8:acs:res_p1
expect "participant remove without --yes, stdin not a terminal" 2
expect_stderr "participant remove without --yes, stdin not a terminal" "--yes"
cli "$WITH_CS" -- participant get --room "$ALIAS_ROOM"
expect_json "the refused remove removed nothing" "'8:acs:res_p1' in [p['rawId'] for p in j]"
cli "$WITH_CS" -- participant remove --room "$ALIAS_ROOM" --participants 8:acs:res_p1 -y
expect "participant remove -y" 0
cli "$WITH_CS" -- participant get --room "$ALIAS_ROOM"
expect_json "participant remove -y removed" "'8:acs:res_p1' not in [p['rawId'] for p in j]"
if [ "$HAVE_SCRIPT" = yes ]; then
  cli_tty n delete --room "$ALIAS_ROOM"
  expect "delete on a terminal, answered n" 2
  if grep -qF "Are you sure you want to delete room $ALIAS_ROOM?" "$WORK/out"; then pass; else
    fail "delete on a terminal: no prompt"
  fi
  cli "$WITH_CS" -- get --room "$ALIAS_ROOM"
  expect "the declined delete deleted nothing" 0
  cli_tty y participant remove --room "$ALIAS_ROOM" --participants 8:acs:res_a2
  expect "participant remove on a terminal, answered y" 0
  cli "$WITH_CS" -- participant get --room "$ALIAS_ROOM"
  expect_json "the confirmed remove removed" "'8:acs:res_a2' not in [p['rawId'] for p in j]"
  cli_tty y delete --room "$ALIAS_ROOM"
  expect "delete on a terminal, answered y" 0
  cli "$WITH_CS" -- get --room "$ALIAS_ROOM"
  expect "the confirmed delete deleted" 1
else
  echo "note: script(1) not found: the terminal prompt is not tested" >&2
fi

# 4. -o json|jsonc|table|tsv|yaml|none, each read back by a parser.
cli "$WITH_CS" -- get --room "$ROOM"
cp "$WORK/out" "$WORK/room.json"
cli "$WITH_CS" -- list
cp "$WORK/out" "$WORK/rooms.json"
ROOMS=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/rooms.json")
cli "$WITH_CS" -- participant get --room "$ROOM"
cp "$WORK/out" "$WORK/people.json"
PEOPLE=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/people.json")

cli "$WITH_CS" -- get --room "$ROOM" -o json
expect "-o json" 0
same_json "-o json" "$WORK/room.json"
if command -v jq >/dev/null 2>&1; then
  if [ "$(jq -r .id "$WORK/out")" = "$ROOM" ]; then pass; else fail "-o json: jq reads another id"; fi
fi
if [ -n "$READER" ]; then
  # nlohmann reads each JSON output back, and its re-dump (key order kept) is the same text.
  for file in room rooms people; do
    if "$READER" json "$WORK/$file.json" >"$WORK/redump.json" 2>>"$WORK/err" &&
      cmp -s "$WORK/redump.json" "$WORK/$file.json"; then pass; else
      fail "-o json ($file): nlohmann does not read back the same JSON"
    fi
  done
fi
cli "$WITH_CS" -- list --output jsonc
expect "-o jsonc (not a terminal: plain JSON)" 0
same_json "-o jsonc (not a terminal: plain JSON)" "$WORK/rooms.json"
if [ "$HAVE_SCRIPT" = yes ]; then
  cli_tty "" get --room "$ROOM" -o jsonc
  expect "-o jsonc on a terminal" 0
  if grep -q $'\x1b\\[' "$WORK/out"; then pass; else fail "-o jsonc on a terminal: no colours"; fi
  sed -e $'s/\x1b\\[[0-9;]*m//g' -e 's/\r$//' "$WORK/out" >"$WORK/plain.json"
  cp "$WORK/plain.json" "$WORK/out"
  same_json "-o jsonc on a terminal, colours removed" "$WORK/room.json"
fi

cli "$WITH_CS" -- list -o table
expect "-o table" 0
if python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
rooms = json.load(open(sys.argv[2]))
head = lines[0].split()
assert head == ["Id", "CreatedAt", "ValidFrom", "ValidUntil", "PstnDialOutEnabled"], head
assert all(set(d) == {"-"} for d in lines[1].split()), lines[1]
rows = [l.split() for l in lines[2:]]
want = [[r["id"], r["createdAt"], r["validFrom"], r["validUntil"], str(r["pstnDialOutEnabled"])] for r in rooms]
assert rows == want, (rows, want)
starts = [lines[0].index(h) for h in head]
assert all(l[s - 2:s] == "  " for l in lines[2:] for s in starts[1:]), "columns not aligned"
' "$WORK/out" "$WORK/rooms.json" 2>>"$WORK/err"; then pass; else fail "-o table: not the rooms, aligned"; fi
cli "$WITH_CS" -- participant get --room "$ROOM" -o table
expect "participant get -o table" 0
if [ "$(head -n 1 "$WORK/out" | tr -s ' ')" = "RawId Role" ] &&
  [ "$(wc -l <"$WORK/out")" -eq $((PEOPLE + 2)) ]; then pass; else
  fail "participant get -o table: not a RawId/Role table of $PEOPLE rows"
fi

cli "$WITH_CS" -- list -o tsv
expect "-o tsv" 0
tsv_shape "list -o tsv" "$ROOMS" 5
if python3 -c '
import json, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
rooms = json.load(open(sys.argv[2]))
sys.exit(0 if rows == [[r["id"], r["createdAt"], r["validFrom"], r["validUntil"], str(r["pstnDialOutEnabled"])] for r in rooms] else 1)
' "$WORK/out" "$WORK/rooms.json"; then pass; else fail "list -o tsv: not the rooms' fields"; fi
cli "$WITH_CS" -- participant get --room "$ROOM" -o tsv
tsv_shape "participant get -o tsv" "$PEOPLE" 2
cli "$WITH_CS" -- get --room "$ROOM" -o tsv
tsv_shape "get -o tsv" 1 5
if [ "$(cut -f1 "$WORK/out")" = "$ROOM" ]; then pass; else fail "get -o tsv: first column is not the id"; fi

if [ -n "$READER" ]; then
  for args in "get --room $ROOM:room" "list:rooms" "participant get --room $ROOM:people"; do
    # shellcheck disable=SC2086 # the command words are meant to split
    cli "$WITH_CS" -- ${args%%:*} -o yaml
    expect "${args%%:*} -o yaml" 0
    if "$READER" yaml "$WORK/out" >"$WORK/yaml.json" 2>>"$WORK/err"; then
      pass
      cp "$WORK/yaml.json" "$WORK/out"
      same_json "${args%%:*} -o yaml, read by yaml-cpp" "$WORK/${args##*:}.json"
    else
      fail "${args%%:*} -o yaml: yaml-cpp cannot read it"
    fi
  done
else
  echo "note: no YAML reader given: -o yaml is not read back" >&2
fi

cli "$WITH_CS" -- get --room "$ROOM" -o none
expect "-o none" 0
expect_empty_stdout "-o none"
cli "$WITH_CS" -- get --room "$ROOM" -o xml
expect "-o xml" 2

# -o yamlc: YAML (plain when piped, read back by yaml-cpp), coloured on a terminal.
if [ -n "$READER" ]; then
  cli "$WITH_CS" -- get --room "$ROOM" -o yamlc
  expect "-o yamlc (not a terminal: plain YAML)" 0
  if "$READER" yaml "$WORK/out" >"$WORK/yaml.json" 2>>"$WORK/err"; then
    cp "$WORK/yaml.json" "$WORK/out"
    same_json "-o yamlc, read by yaml-cpp" "$WORK/room.json"
  else
    fail "-o yamlc: yaml-cpp cannot read it"
  fi
fi
if [ "$HAVE_SCRIPT" = yes ]; then
  cli_tty "" get --room "$ROOM" -o yamlc
  expect "-o yamlc on a terminal" 0
  if grep -q $'\x1b\\[' "$WORK/out"; then pass; else fail "-o yamlc on a terminal: no colours"; fi
  # (the first line is the echo of the typed newline)
  sed -e $'s/\x1b\\[[0-9;]*m//g' -e 's/\r$//' -e '/^$/d' "$WORK/out" >"$WORK/plain.yaml"
  cli "$WITH_CS" -- get --room "$ROOM" -o yaml
  if cmp -s "$WORK/plain.yaml" "$WORK/out"; then pass; else
    fail "-o yamlc on a terminal, colours removed, is not -o yaml"
  fi
fi

# AZURE_CORE_OUTPUT, as az reads it: the format when -o is not given.
cli "$WITH_CS" AZURE_CORE_OUTPUT=tsv -- list
expect "AZURE_CORE_OUTPUT=tsv" 0
tsv_shape "AZURE_CORE_OUTPUT=tsv" "$ROOMS" 5
cli "$WITH_CS" AZURE_CORE_OUTPUT=table -- list -o json
same_json "-o json over AZURE_CORE_OUTPUT=table" "$WORK/rooms.json"
cli "$WITH_CS" AZURE_CORE_OUTPUT=xml -- list
expect "AZURE_CORE_OUTPUT=xml" 2
expect_stderr "AZURE_CORE_OUTPUT=xml" "AZURE_CORE_OUTPUT=xml is not an output format"

# --query: JMESPath as az applies it, before the output format.
cli "$WITH_CS" -- get --room "$ROOM" --query id -o tsv
expect "--query id -o tsv" 0
if [ "$(cat "$WORK/out")" = "$ROOM" ]; then pass; else fail "--query id -o tsv: not the bare id"; fi
cli "$WITH_CS" -- participant get --room "$ROOM" --query "[?role=='Presenter'].rawId"
expect "--query with a filter" 0
expect_json "--query with a filter" "j == [p['rawId'] for p in json.load(open('$WORK/people.json')) if p['role'] == 'Presenter'] and j"
cli "$WITH_CS" -- list --query "[].id" -o tsv
if [ "$(cat "$WORK/out")" = "$(python3 -c 'import json, sys; print("\n".join(r["id"] for r in json.load(open(sys.argv[1]))))' "$WORK/rooms.json")" ]; then
  pass
else
  fail "--query [].id -o tsv: not one id a line"
fi
cli "$WITH_CS" -- participant get --room "$ROOM" --query "[].[rawId, role]" -o tsv
tsv_shape "--query with a multi-select list, -o tsv" "$PEOPLE" 2
cli "$WITH_CS" -- list --query "[].{Id: id, Until: validUntil}" -o table
if [ "$(head -n 1 "$WORK/out" | tr -s ' ')" = "Id Until" ] &&
  [ "$(wc -l <"$WORK/out")" -eq $((ROOMS + 2)) ]; then pass; else
  fail "--query with a multi-select hash, -o table: not an Id/Until table"
fi
cli "$WITH_CS" -- list --query "length(@)" -o table
if [ "$(head -n 1 "$WORK/out" | tr -d ' ')" = "Result" ] && [ "$(sed -n 3p "$WORK/out")" = "$ROOMS" ]; then
  pass
else
  fail "--query length(@) -o table: not a Result column"
fi
cli "$WITH_CS" -- get --room "$ROOM" --query missing
expect "--query giving null" 0
expect_empty_stdout "--query giving null prints nothing"
cli "$WITH_CS" -- list --query ""
expect "--query with an empty expression" 2
cli "$WITH_CS" -- participant get --room "$ROOM" --query "[?role=='Presenter'"
expect "--query with a syntax error" 2
expect_stderr "--query with a syntax error" "at character 20"
expect_stderr "--query with a syntax error" "expected ']'"
cli "$WITH_CS" -- list --query "[0].id + 1"
expect "--query with arithmetic (a later JMESPath draft)" 2
expect_stderr "--query with arithmetic (a later JMESPath draft)" "not supported"
cli "$WITH_CS" -- get --room "$ROOM" --query "abs(id)"
expect "--query with a type error" 2
expect_stderr "--query with a type error" "abs() expects argument 1 to be a number"
cli "$WITH_CS" -- participant get --room "$ROOM" --query "[?"
expect "--query is checked before anything is sent" 2
expect_empty_stdout "--query is checked before anything is sent"

# Python's jmespath (az's own evaluator, Debian python3-jmespath) as the oracle: the same
# expressions over the same output give the same JSON. Debian's python3 first: the package is
# installed for it (tools/ensure_packages.sh, when missing).
bash "$(dirname "${BASH_SOURCE[0]}")/../../tools/ensure_packages.sh" python3-jmespath >&2 ||
  echo "note: python3-jmespath could not be installed" >&2
ORACLE=
for python in /usr/bin/python3 python3; do
  if "$python" -c 'import jmespath' 2>/dev/null; then ORACLE=$python; break; fi
done
if [ -n "$ORACLE" ]; then
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    args=${line%%|*}
    expression=${line#*|}
    file=rooms
    case $args in participant*) file=people ;; get*) file=room ;; esac
    # shellcheck disable=SC2086 # the command words are meant to split
    cli "$WITH_CS" -- $args --query "$expression"
    if [ "$RC" -ne 0 ]; then fail "oracle: $args --query $expression: exit code $RC"; continue; fi
    if "$ORACLE" -c '
import json, sys, jmespath
data = json.load(open(sys.argv[1]))
want = jmespath.search(sys.argv[2], data)
text = open(sys.argv[3]).read()
got = json.loads(text) if text.strip() else None
sys.exit(0 if got == want else 1)
' "$WORK/$file.json" "$expression" "$WORK/out" 2>>"$WORK/err"; then pass; else
      fail "oracle: $args --query $expression: python's jmespath differs"
    fi
  done <<EOF
list|[].id
list|[0]
list|[-1].validUntil
list|[1:]
list|[::-1].id
list|[?pstnDialOutEnabled].id
list|[?!pstnDialOutEnabled].id
list|[?pstnDialOutEnabled == \`false\`] | length(@)
list|[?validUntil > validFrom && pstnDialOutEnabled].id
list|[?starts_with(id, '1') || pstnDialOutEnabled].id
list|sort_by(@, &validUntil)[].id
list|max_by(@, &validUntil).id
list|min_by(@, &createdAt).validFrom
list|[].{id: id, until: validUntil}
list|[].[id, pstnDialOutEnabled]
list|length(@)
list|join(', ', [].id)
list|[*].keys(@)[0]
list|[0].values(@)
list|[].to_string(pstnDialOutEnabled)
list|[].id | sort(@) | [0]
list|{first: [0].id, count: length(@)}
list|[?contains(id, '9')] | length(@)
get --room $ROOM|id
get --room $ROOM|*
get --room $ROOM|{id: id, pstn: pstnDialOutEnabled}
get --room $ROOM|keys(@)
participant get --room $ROOM|[?role=='Presenter'].rawId
participant get --room $ROOM|[?role != 'Attendee'] | [].role
participant get --room $ROOM|sort_by(@, &rawId)[].rawId
participant get --room $ROOM|[].role | sort(@)
participant get --room $ROOM|[?contains(rawId, 'res_')].{id: rawId}
participant get --room $ROOM|length([?role=='Attendee'])
participant get --room $ROOM|max_by(@, &rawId).role
participant get --room $ROOM|[0:2].rawId
participant get --room $ROOM|[].[rawId][]
EOF
else
  echo "note: python3-jmespath not installed: --query is not compared with python's jmespath" >&2
fi

# 5. Times as az takes them; no offset is UTC.
DAY1=$(date -u -d "+3 days" +%Y-%m-%d)
DAY2=$(date -u -d "+4 days" +%Y-%m-%d)
cli "$WITH_CS" -- create --valid-from "${DAY1}T10:21" --valid-until "${DAY2}T10:21+02:00"
expect "times without seconds" 0
expect_json "times without seconds" "j['validFrom'] == '${DAY1}T10:21:00.000Z' and j['validUntil'] == '${DAY2}T08:21:00.000Z'"
cli "$WITH_CS" -- create --valid-from "${DAY1} 10:21:30.5" --valid-until "${DAY2}T10:21:00-0130"
expect "times with a space, a fraction, an offset without colon" 0
expect_json "times with a space, a fraction, an offset without colon" "j['validFrom'] == '${DAY1}T10:21:30.500Z' and j['validUntil'] == '${DAY2}T11:51:00.000Z'"
for bad in 2031-3-31 31/03/2031T10:21 2031-03-31T10 2031-03-31T10:21+2 2031-02-30T10:21 \
  "2031-03-31T10:21 UTC"; do
  cli "$WITH_CS" -- create --valid-until "$bad"
  expect "--valid-until $bad" 2
  expect_stderr "--valid-until $bad" "--valid-until"
  expect_stderr "--valid-until $bad" "2026-12-24T12:00"
done
cli "$WITH_CS" -- create --valid-from "$DAY1" --valid-until "$DAY2"
expect "dates alone" 0
expect_json "dates alone are midnight UTC" "j['validFrom'] == '${DAY1}T00:00:00.000Z' and j['validUntil'] == '${DAY2}T00:00:00.000Z'"
cli -- create --help
if grep -qF "without an offset is UTC" "$WORK/out"; then pass; else
  fail "create --help does not say that a time without an offset is UTC"
fi

# 6. --debug, --verbose, --only-show-errors, --version.
cli -- get --room "$ROOM" --debug --connection-string "$CS"
expect "--debug" 0
expect_json "--debug keeps stdout JSON" "j['id'] == '$ROOM'"
expect_stderr "--debug: the request URL" "DEBUG: Request URL: '$BASE_URL/rooms/$ROOM?api-version="
expect_stderr "--debug: the request method" "DEBUG: Request method: 'GET'"
expect_stderr "--debug: the request headers" "DEBUG:     'x-ms-date': '"
expect_stderr "--debug: the signature redacted" "DEBUG:     'Authorization': 'REDACTED'"
expect_stderr "--debug: the response status" "DEBUG: Response status: 200"
expect_stderr "--debug: the response headers" "DEBUG:     'Content-Type': 'application/json"
expect_stderr "--debug: the response body" "\"id\":\"$ROOM\""
expect_stderr "--debug: the attempt line" "GET $BASE_URL/rooms/$ROOM?api-version="
for secret in "$KEY" hmac-sha256 signature=; do
  expect_stderr_lacks "--debug: no $secret" "$secret"
done
if grep -i authorization "$WORK/err" | grep -qv "'Authorization': 'REDACTED'"; then
  fail "--debug: an Authorization line that is not REDACTED"
else
  pass
fi
cli "$WITH_CS" -- participant add-or-update --room "$ROOM" --attendees 8:acs:res_carol --debug
expect "--debug on a PATCH" 0
expect_stderr "--debug: the request body" "DEBUG: {\"participants\":{\"8:acs:res_carol\":{\"role\":\"Attendee\"}}}"
# The key is redacted by its place in the connection string, not by its field's name.
for cs in "endpoint=$ENDPOINT;acceskey=$KEY" "endpoint=$ENDPOINT;$KEY" \
  "endpoint=$ENDPOINT;access_key = $KEY" "$KEY"; do
  for how in flag flag= env mistyped; do
    case $how in
    flag) cli -- list --debug --connection-string "$cs" ;;
    flag=) cli -- list --debug "--connection-string=$cs" ;;
    env) cli "ACS_CONNECTION_STRING=$cs" -- list --debug ;;
    mistyped) cli -- list --debug --conection-string "$cs" ;;
    esac
    expect "--debug with the key under another name ($how): refused" 2
    if grep -qF -- "${KEY:0:16}" "$WORK/out" "$WORK/err"; then
      fail "--debug prints a key whose field name is misspelled or missing ($how): $cs"
    else
      pass
    fi
  done
done
cli "$WITH_CS" -- --verbose list
expect "--verbose" 0
expect_stderr "--verbose: one line per request" "INFO: GET $BASE_URL/rooms?api-version="
expect_stderr_lacks "--verbose: no DEBUG lines" "DEBUG: "
cli "$WITH_CS" -- get --room "$ROOM"
expect_empty_stderr "no flag: nothing on stderr on success"
cli "$WITH_CS" -- get --room 12345678901234567 --only-show-errors
expect "--only-show-errors on an error" 1
expect_stderr "--only-show-errors still shows the error" "404"
cli -- --version
expect "--version" 0
VERSION=$(sed -n 's/^#define ACS_ROOMS_VERSION_STRING "\(.*\)"$/\1/p' \
  "$(dirname "${BASH_SOURCE[0]}")/../../include/acs/rooms/version.hpp")
if [ "$(head -n 1 "$WORK/out")" = "acs-rooms $VERSION" ]; then pass; else
  fail "--version: first line is not 'acs-rooms $VERSION'"
fi

# start_stub SCRIPT: runs a Python stub service that prints its port first; sets STUB_PID and
# STUB_PORT (empty when it did not start within 10 s).
start_stub() {
  python3 "$1" >"$WORK/stub.out" 2>"$WORK/stub.err" &
  STUB_PID=$!
  STUB_PORT=
  for _ in $(seq 1 100); do
    STUB_PORT=$(head -n 1 "$WORK/stub.out" 2>/dev/null)
    [ -n "$STUB_PORT" ] && break
    sleep 0.1
  done
}
# Retries are on by default: a stub answers 503 (retry-after-ms: 10) once, then the room.
cat >"$WORK/stub.py" <<'PY'
import http.server, json, sys
seen = set()
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in seen:
            seen.add(self.path)
            body, status = b'{"error":{"code":"ServiceUnavailable","message":"busy"}}', 503
        else:
            body = json.dumps({"id": "4242", "createdAt": "2031-01-01T00:00:00Z",
                               "validFrom": "2031-01-01T00:00:00Z",
                               "validUntil": "2031-01-02T00:00:00Z",
                               "pstnDialOutEnabled": False}).encode()
            status = 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if status == 503:
            self.send_header("retry-after-ms", "10")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
start_stub "$WORK/stub.py"
STUB_CS="ACS_CONNECTION_STRING=endpoint=http://127.0.0.1:$STUB_PORT/;accesskey=$KEY"
cli "$STUB_CS" -- get --room 4242 --debug
expect "a 503 is retried by default" 0
expect_json "a 503 is retried by default" "j['id'] == '4242'"
expect_stderr "--debug shows the retry" "503"
expect_stderr "--debug shows the retry" "retrying in"
cli "$STUB_CS" -- get --room 4243
expect "a retry without flags" 0
expect_stderr "a retry is a warning by default" "WARNING: GET"
cli "$STUB_CS" -- get --room 4244 --only-show-errors
expect "a retry with --only-show-errors" 0
expect_empty_stderr "--only-show-errors hides the retry warning"
kill -TERM "$STUB_PID" 2>/dev/null
wait "$STUB_PID" 2>/dev/null
STUB_PID=

# Text from the service is escaped on every channel: a stub whose ids and error texts hold an
# escape sequence, CR/LF, a tab, DEL, C1 controls (U+009B is a CSI) and a bidi override.
cat >"$WORK/evil.py" <<'PY'
import http.server, json
EVIL = "x\x1b[31mred\r\nfake line\tcol\x7f\u009b2J\u0085\u202eevil"
ROOM = {"id": "4242" + EVIL, "createdAt": "2031-01-01T00:00:00Z",
        "validFrom": "2031-01-01T00:00:00Z", "validUntil": "2031-01-02T00:00:00Z",
        "pstnDialOutEnabled": False}
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/rooms/bad"):
            status = 400
            body = {"error": {"code": "Bad" + EVIL, "message": "msg" + EVIL, "target": "t" + EVIL,
                              "details": [{"code": "D" + EVIL, "message": "dm" + EVIL,
                                           "target": "dt" + EVIL}],
                              "innererror": {"code": "I" + EVIL, "message": "im" + EVIL}}}
        elif self.path.startswith("/rooms/html"):
            status = 502
            body = None
        elif self.path.startswith("/rooms?"):
            status, body = 200, {"value": [ROOM, ROOM]}
        else:
            status, body = 200, ROOM
        data = json.dumps(body).encode() if body is not None else ("<html>" + EVIL + "</html>").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body is not None else "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-ms-client-request-id", "id\x1b[2J")
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
start_stub "$WORK/evil.py"
EVIL_CS="ACS_CONNECTION_STRING=endpoint=http://127.0.0.1:$STUB_PORT/;accesskey=$KEY"
# no_controls NAME FILE [tab]: FILE holds no C0 control but newline (no ESC, no CR; no tab
# unless "tab": -o tsv's separator), no DEL, no C1 control, no bidi override.
no_controls() {
  if python3 -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
allowed = "\n\t" if sys.argv[2] == "tab" else "\n"
bad = [c for c in text if (ord(c) < 32 and c not in allowed) or 0x7f <= ord(c) <= 0x9f or c in "\u202e\u2028"]
sys.exit(1 if bad else 0)
' "$2" "${3:-}"; then pass; else fail "$1: raw control characters in the output"; fi
}
cli "$EVIL_CS" -- get --room bad --debug
expect "an error full of controls" 1
no_controls "the error report (stderr)" "$WORK/err"
expect_stderr "the error report escapes ESC" 'msgx\x1B[31mred\r\nfake line\tcol\x7F\u009B2J\u0085\u202Eevil'
expect_stderr "the error report escapes the code" 'HTTP 400 Badx\x1B[31m'
expect_stderr "the error report escapes the target" '(target: tx\x1B[31m'
expect_stderr "the error report escapes a detail" 'detail: Dx\x1B[31m'
expect_stderr "the error report escapes the inner error" 'inner error: Ix\x1B[31m'
cli "$EVIL_CS" -- get --room html
expect "a non-JSON error body full of controls" 1
no_controls "the error body (stderr)" "$WORK/err"
for format in table tsv json jsonc yaml yamlc; do
  cli "$EVIL_CS" -- list -o "$format"
  expect "ids full of controls, -o $format" 0
  no_controls "ids full of controls, -o $format" "$WORK/out" "$([ "$format" = tsv ] && echo tab)"
done
cli "$EVIL_CS" -- list -o tsv
tsv_shape "ids full of controls keep the TSV's shape" 2 5
cli "$EVIL_CS" -- list -o table
if [ "$(wc -l <"$WORK/out")" -eq 4 ]; then pass; else fail "ids full of controls break the table"; fi
cli "$EVIL_CS" -- list -o json
expect_json "-o json escapes, the data unchanged" "j[0]['id'] == '4242x\x1b[31mred\r\nfake line\tcol\x7f\u009b2J\u0085\u202eevil'"
if [ -n "$READER" ]; then
  cli "$EVIL_CS" -- get --room 4242 -o yaml
  "$READER" yaml "$WORK/out" >"$WORK/yaml.json" 2>>"$WORK/err" && cp "$WORK/yaml.json" "$WORK/out"
  expect_json "-o yaml escapes, the data unchanged" "j['id'] == '4242x\x1b[31mred\r\nfake line\tcol\x7f\u009b2J\u0085\u202eevil'"
fi
cli "$EVIL_CS" -- get --room 4242 --query id -o tsv
no_controls "--query id -o tsv of an id full of controls" "$WORK/out"
cli "$EVIL_CS" -- get --room 4242 --debug
no_controls "--debug of a response full of controls" "$WORK/err"
kill -TERM "$STUB_PID" 2>/dev/null
wait "$STUB_PID" 2>/dev/null
STUB_PID=

# 7. Unknown commands are named as such.
cli "$WITH_CS" -- frobnicate
expect "unknown command" 2
expect_stderr "unknown command" "'frobnicate' is not an acs-rooms command"
cli "$WITH_CS" -- --output table delte --room "$ROOM"
expect "mistyped command" 2
expect_stderr "mistyped command" "The most similar choice to 'delte' is: delete"
cli "$WITH_CS" -- participant lits --room "$ROOM"
expect "unknown participant command" 2
expect_stderr "unknown participant command" "'lits' is not an acs-rooms participant command"
cli "$WITH_CS" -- participant
expect "participant without a command" 2
expect_stderr "participant without a command" "get, add-or-update, remove"

# The library's own hint is not garbled by the redaction (issue 10, point 10).
cli -- --connection-string "endpoint=$ENDPOINT" list
expect "connection string without accesskey" 2
expect_stderr "the hint survives the redaction" "accesskey=<base64 key>"

# 8. Bash completion.
if [ -n "$COMPLETION" ]; then
  # complete_words LINE: what the completion offers for LINE (cursor at its end), one a line.
  complete_words() {
    bash -c '
source "$1"
read -ra COMP_WORDS <<<"$2"
case $2 in *" ") COMP_WORDS+=("") ;; esac
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$2
COMP_POINT=${#2}
_acs_rooms acs-rooms "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$1"
  }
  check_completion() { # LINE WORD...: the completion of LINE offers every WORD
    local line=$1 offered
    shift
    offered=$(complete_words "$line")
    for word in "$@"; do
      if printf '%s\n' "$offered" | grep -qxF -- "$word"; then pass; else
        fail "completion of '$line' lacks '$word' (offers: $(echo $offered))"
      fi
    done
  }
  check_completion "acs-rooms " create get update delete list participant
  check_completion "acs-rooms participant r" remove
  check_completion "acs-rooms --connection-string x participant " get add-or-update remove
  check_completion "acs-rooms delete --" --room --yes --connection-string --output
  check_completion "acs-rooms create --pre" --presenter-participants --presenters
  check_completion "acs-rooms list -o " json jsonc table tsv yaml yamlc none
  if [ -n "$(complete_words "acs-rooms participant get --room ")" ]; then
    fail "completion offers words for a room id"
  else
    pass
  fi
fi

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
cli "$WITH_CS" -- participant remove --room "$ROOM" --yes
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
