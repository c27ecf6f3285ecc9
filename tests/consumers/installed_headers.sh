#!/usr/bin/env bash
# The installed headers hold the emulator component (<acs/rooms/emulator.hpp> and, unless it is
# the one file of single_include/, its parts) and not acs-rooms-emulator's network front (the
# Beast server, its sessions and options, and TLS of programs/emulator/, private to the program).
# Usage: installed_headers.sh INCLUDE_DIR
set -euo pipefail
include=$1
[[ -f $include/acs/rooms.hpp && -f $include/acs/rooms/emulator.hpp ]] || {
  echo "$include lacks acs/rooms.hpp or acs/rooms/emulator.hpp"
  exit 1
}
front=$(find "$include" \( -name http_server.hpp -o -name session.hpp \
  -o -name server_options.hpp -o -name tls.hpp \) -print)
[[ -z $front ]] || {
  echo "the emulator's network front is installed:"
  echo "$front"
  exit 1
}
echo "ok: the emulator component is installed, its network front is not"
