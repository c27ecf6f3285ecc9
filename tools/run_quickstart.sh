#!/usr/bin/env bash
# Builds and runs rooms-quickstart. Without ACS_CONNECTION_STRING (or
# COMMUNICATION_SAMPLES_CONNECTION_STRING) it runs on the in-process emulator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tools/ensure_packages.sh g++ cmake ninja-build nlohmann-json3-dev \
  libhowardhinnant-date-dev libcurl4-openssl-dev
cmake -S . -B build/quickstart -G Ninja -DCMAKE_BUILD_TYPE=Release -DACS_ROOMS_BUILD_TESTS=OFF \
  -DACS_ROOMS_INSTALL=OFF >/dev/null
cmake --build build/quickstart --target rooms-quickstart -j 2
exec build/quickstart/examples/rooms-quickstart "$@"
