#!/usr/bin/env bash
# Separate compilation's link-time guards: with tests/consumers/compiled.cpp built with
# ACS_ROOMS_SEPARATE_COMPILATION,
#   - linked without the implementation, the link fails naming the define;
#   - linked with the implementation (src/compiled.cpp) and a file built without the define
#     (header_only_part.cpp), the link fails naming the define;
#   - linked with the implementation alone, it links and runs.
# Usage: separate_compilation_link.sh CXX INCLUDE_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
cxx=$1 include=$2 source=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work"
flags=(-std=c++17 "-I$include")
"$cxx" "${flags[@]}" -DACS_ROOMS_SEPARATE_COMPILATION -c "$source/tests/consumers/compiled.cpp" -o app.o
"$cxx" "${flags[@]}" -c "$source/src/compiled.cpp" -o implementation.o
"$cxx" "${flags[@]}" -c "$source/tests/consumers/header_only_part.cpp" -o header_only.o

expect_link_error() { # symbol objects...: the link fails and its message names the symbol
  local symbol=$1
  shift
  if "$cxx" "$@" -o program >link.log 2>&1; then
    echo "linking $* succeeded; expected an error naming $symbol"
    exit 1
  fi
  grep -q "$symbol" link.log || {
    cat link.log
    echo "the link error does not name $symbol"
    exit 1
  }
  echo "ok: $* does not link: $(grep -m1 "$symbol" link.log)"
}
expect_link_error ACS_ROOMS_SEPARATE_COMPILATION_needs_acs_rooms_compiled_or_a_TU_with_ACS_ROOMS_IMPLEMENTATION app.o
expect_link_error ACS_ROOMS_SEPARATE_COMPILATION_is_not_defined_in_a_TU_of_this_program app.o header_only.o implementation.o
"$cxx" app.o implementation.o -o program
./program
echo "ok: app.o implementation.o links and runs"
