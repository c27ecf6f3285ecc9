#!/usr/bin/env bash
# Runs every libFuzzer harness of tests/fuzz/ for SECONDS each (default 60), one after another,
# on its seeds and regression inputs. New inputs go to build/fuzz/tests/fuzz/found/<name>/, and a
# failing input to build/fuzz/tests/fuzz/found/<name>-crash-*. See docs/fuzzing.md.
#   tools/fuzz.sh [SECONDS] [HARNESS...]     e.g. tools/fuzz.sh 600 emulator response
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
shift || true
names=("$@")
((${#names[@]})) || names=(response connection_string raw_id time url base64 emulator)

cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DACS_ROOMS_FUZZ=ON \
  -DACS_ROOMS_BUILD_TESTS=OFF -DACS_ROOMS_BUILD_EXAMPLES=OFF -DACS_ROOMS_INSTALL=OFF \
  -DACS_ROOMS_CONSUMER_TESTS=OFF >/dev/null
cmake --build build/fuzz -j 2 --target "${names[@]/%/_fuzz}"
status=0
for name in "${names[@]}"; do
  out=build/fuzz/tests/fuzz/found/$name
  mkdir -p "$out"
  dirs=(tests/fuzz/corpus/"$name")
  [[ -d tests/fuzz/regressions/$name ]] && dirs+=(tests/fuzz/regressions/"$name")
  echo "=== $name: $seconds s"
  build/fuzz/tests/fuzz/"$name"_fuzz -max_total_time="$seconds" -max_len=8192 \
    -dict=tests/fuzz/dict/"$name".dict -artifact_prefix="$out-" -print_final_stats=1 \
    "$out" "${dirs[@]}" || status=1
done
exit $status
