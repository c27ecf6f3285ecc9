#!/usr/bin/env bash
# Runs every test, each build in its own directory under build/ (about 30 min on 2 cores):
#   gcc-sanitize    g++, C++17, AddressSanitizer + UndefinedBehaviorSanitizer: every suite, the
#                   programs, examples and snippets, and the consumer tests
#   clang-cxx20     clang++, C++20, single_include/: the test executables (coroutines included),
#                   the compile checks and the benchmarks' build; no programs or examples
#   meson           meson setup + meson test: the unit executable, separate compilation and the
#                   single header check (the same sources' other suites run in both CMake legs)
#   tsan            g++ ThreadSanitizer: one client and one emulator shared by threads
#   fuzz            clang++ libFuzzer harnesses, a fixed number of runs each (docs/fuzzing.md)
# The last line is "N passed, M failed"; the exit status is non-zero if anything failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/ensure_packages.sh g++ clang cmake ninja-build meson pkg-config python3 \
  nlohmann-json3-dev libhowardhinnant-date-dev catch2 libtrompeloeil-cpp-dev libssl-dev \
  libcurl4-openssl-dev libcpp-httplib-dev libcli11-dev libyaml-cpp-dev help2man clang-format \
  libclang-rt-14-dev python3-azure python3-dateutil openssl curl doxygen dpkg-dev \
  libboost1.81-dev python3-jmespath chromium lintian

passed=0
failed=0
timings=()

stage() { # name command...: runs one stage and records how long it took
  local name=$1 start=$SECONDS
  shift
  echo "=== $name"
  "$@"
  timings+=("$(printf '%-14s %5d s' "$name" $((SECONDS - start)))")
  echo "=== $name: $((SECONDS - start)) s"
}

cmake_stage() { # build-dir-name cmake-options... [-- ctest-options...]
  local dir=build/$1 line opts=() ctest_opts=()
  shift
  while (($#)) && [[ $1 != -- ]]; do opts+=("$1"); shift; done
  (($#)) && shift && ctest_opts=("$@")
  if cmake -S . -B "$dir" -G Ninja "${opts[@]}" && cmake --build "$dir" -j 2; then
    ctest --test-dir "$dir" --output-on-failure -j 2 "${ctest_opts[@]}" 2>&1 |
      tee "$dir/ctest.log" || true
    # ctest ends with "NN% tests passed, F tests failed out of T".
    line=$(grep -Eo '[0-9]+ tests failed out of [0-9]+' "$dir/ctest.log" | tail -n 1 || true)
    if [[ -n $line ]]; then
      read -r f _ _ _ _ t <<<"$line"
      passed=$((passed + t - f))
      failed=$((failed + f))
      return
    fi
  fi
  echo "run_tests.sh: $dir did not build or ran no tests" >&2
  failed=$((failed + 1))
}

meson_stage() {
  local setup=(meson setup build/meson)
  local targets=(acs_rooms_unit acs_rooms_separate)
  [[ -d build/meson/meson-private ]] && setup+=(--reconfigure)
  if "${setup[@]}" && meson compile -C build/meson -j 2 "${targets[@]}"; then
    meson test -C build/meson --no-rebuild --print-errorlogs unit separate_compilation \
      single_include_up_to_date 2>&1 |
      tee build/meson/test.log || true
    # meson test ends with "Ok: N", "Fail: N", "Unexpected Pass: N", "Timeout: N", ...
    local counts
    counts=$(awk '/^Ok:/ {ok = $NF} /^(Fail|Unexpected Pass|Timeout):/ {bad += $NF}
                  END {print ok + 0, bad + 0}' build/meson/test.log)
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
    [[ $counts != "0 0" ]] && return
  fi
  echo "run_tests.sh: build/meson did not build or ran no tests" >&2
  failed=$((failed + 1))
}

start=$SECONDS
# The official JS SDK (tests/js, lockfile committed) runs against the emulator in the suite.
command -v npm >/dev/null || bash tools/ensure_packages.sh nodejs npm
if command -v npm >/dev/null && [[ ! -d tests/js/node_modules/@azure/communication-rooms ]]; then
  (cd tests/js && npm ci --no-audit --no-fund)
fi
common=(-DCMAKE_CXX_STANDARD_REQUIRED=ON -DCMAKE_CXX_EXTENSIONS=OFF)
# -g1 (line tables): sanitizer reports keep file and line, at a fraction of -g's compile time.
stage gcc-sanitize cmake_stage gcc-sanitize "${common[@]}" -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_CXX_STANDARD=17 -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DACS_ROOMS_SANITIZE=ON -DACS_ROOMS_CONSUMER_TESTS=ON -- -E '^benchmarks_build$'
stage clang-cxx20 cmake_stage clang-cxx20 "${common[@]}" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_STANDARD=20 -DACS_ROOMS_SINGLE_INCLUDE=ON -DACS_ROOMS_CONSUMER_TESTS=OFF \
  -DACS_ROOMS_BUILD_EXAMPLES=OFF -DACS_ROOMS_BUILD_PROGRAMS=OFF
stage meson meson_stage
stage tsan cmake_stage tsan -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_STANDARD=17 \
  -DACS_ROOMS_TSAN=ON -DACS_ROOMS_BUILD_TESTS=OFF -DACS_ROOMS_BUILD_EXAMPLES=OFF -DACS_ROOMS_BUILD_PROGRAMS=OFF \
  -DACS_ROOMS_INSTALL=OFF -DACS_ROOMS_CONSUMER_TESTS=OFF
# Only the fuzz targets: the library's tests are off in this build.
stage fuzz cmake_stage fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_STANDARD=17 \
  -DACS_ROOMS_FUZZ=ON -DACS_ROOMS_BUILD_TESTS=OFF -DACS_ROOMS_BUILD_EXAMPLES=OFF -DACS_ROOMS_BUILD_PROGRAMS=OFF \
  -DACS_ROOMS_INSTALL=OFF -DACS_ROOMS_CONSUMER_TESTS=OFF -- -R '^fuzz_'


echo "=== timings"
printf '%s\n' "${timings[@]}" "$(printf '%-14s %5d s' total $((SECONDS - start)))"
echo "$passed passed, $failed failed"
((failed == 0))
