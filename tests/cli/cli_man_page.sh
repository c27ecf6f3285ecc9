#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# acs_rooms test: the man page help2man made from acs-rooms --help at build time describes the
# program it was made from: its version, every command, the flags az users look for.
#
# Usage: cli_man_page.sh <acs-rooms.1> <acs-rooms>
set -u
PAGE=$1
CLI=$2
FAILED=0
PASSED=0
check() { # NAME TEXT: the page contains TEXT
  if grep -qF -- "$2" "$PAGE"; then PASSED=$((PASSED + 1)); else
    FAILED=$((FAILED + 1))
    echo "FAIL: man page: $1: lacks '$2'" >&2
  fi
}
if [ ! -s "$PAGE" ]; then
  echo "FAIL: no man page at $PAGE (build the acs_rooms_man_pages target)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
VERSION=$("$CLI" --version | head -n 1)
check "title" '.TH ACS-ROOMS "1"'
check "version" "$VERSION"
for command in create get update delete list "participant get" "participant add-or-update" \
  "participant remove"; do
  check "command $command" ".SS \"acs-rooms $command\""
done
check "--yes" '\-y,\-\-yes'
check "--output" ',\-\-output'
check "--connection-string" '\-\-connection\-string'
check "environment" "AZURE_COMMUNICATION_CONNECTION_STRING"
check "exit codes" "Exit codes"
check "times are UTC" "without an offset is UTC"
# It renders without errors (a URL too long to justify is only a typesetting note).
if command -v man >/dev/null 2>&1; then
  COMPLAINTS=$(MANWIDTH=80 man -l "$PAGE" 2>&1 >/dev/null | grep -v -e "cannot adjust line" \
    -e "can't break line" -e "cannot break line")
  if [ -n "$COMPLAINTS" ]; then
    FAILED=$((FAILED + 1))
    echo "FAIL: man -l complains about the page:" >&2
    echo "$COMPLAINTS" | head -5 >&2
  else
    PASSED=$((PASSED + 1))
  fi
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
