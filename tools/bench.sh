#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# acs_rooms: builds tests/bench/ops_bench.cpp optimised (build/bench, g++ -O2 by default) and
# runs it: per operation, the client with portable_crypto and openssl_crypto against the floor
# and the tight floor, the ratios and the allocations per operation; then, when they are
# present, the official JS SDK (tests/js after `npm ci`) and Python SDK (Debian's
# python3-azure) on the same work. Installs nothing. Options are passed to the benchmark
# (--rounds N, --round-ms MS); CXX picks the compiler. With --emulator it runs
# tests/bench/emulator_bench.cpp instead: the in-process emulator per request as the store grows,
# with expired rooms, and its memory per room, participant and repeatability entry.
# Usage: tools/bench.sh [--rounds 21] [--round-ms 3]
#        tools/bench.sh --emulator
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir=build/bench
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
  -DACS_ROOMS_CONSUMER_TESTS=OFF -DACS_ROOMS_BUILD_EXAMPLES=OFF -DACS_ROOMS_BUILD_PROGRAMS=OFF \
  >/dev/null
if [[ ${1:-} == --emulator ]]; then
  cmake --build "$dir" --target acs_rooms_emulator_bench
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "compiler: $(${CXX:-g++} --version | head -n 1)"
  exec "$dir/tests/acs_rooms_emulator_bench"
fi
cmake --build "$dir" --target acs_rooms_ops_bench

args=("$@")
if command -v node >/dev/null && [[ -d tests/js/node_modules/@azure/communication-rooms ]]; then
  args+=(--js "node tests/js/sdk_bench.mjs")
else
  echo "JS SDK: not run (needs node and tests/js/node_modules: cd tests/js && npm ci)"
fi
if /usr/bin/python3 -c 'import azure.communication.rooms' 2>/dev/null; then
  args+=(--python "/usr/bin/python3 tests/bench/sdk_bench.py")
else
  echo "Python SDK: not run (needs Debian's python3-azure)"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "load $(cut -d' ' -f1-3 /proc/loadavg); compiler: $(${CXX:-g++} --version | head -n 1)"
exec "$dir/tests/acs_rooms_ops_bench" "${args[@]}"
