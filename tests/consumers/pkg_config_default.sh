#!/usr/bin/env bash
# pkg-config finds acs_rooms.pc after an install to a default prefix (/usr/local, and /usr as
# in the .deb): installs into a DESTDIR, looks for the file in each directory that pkg-config
# searches by default (pc_path) under it, and compiles a program with the flags it gives.
# Usage: pkg_config_default.sh BUILD_DIR WORK_DIR CXX MAIN_CPP
set -euo pipefail
build=$1 work=$2 cxx=$3 main=$4
IFS=: read -r -a searched <<<"$(pkg-config --variable pc_path pkg-config)"
for prefix in /usr/local /usr; do
  rm -rf "$work"
  DESTDIR="$work" cmake --install "$build" --prefix "$prefix" >/dev/null
  found=""
  for dir in "${searched[@]}"; do
    [[ -f $work$dir/acs_rooms.pc ]] && found=$work$dir
  done
  [[ -n $found ]] || {
    echo "after an install to $prefix, acs_rooms.pc is in none of pkg-config's default" \
      "directories (${searched[*]}): $(find "$work" -name acs_rooms.pc)"
    exit 1
  }
  flags=$(PKG_CONFIG_PATH="$found" pkg-config --cflags acs_rooms)
  echo "$prefix: ${found#"$work"}/acs_rooms.pc, --cflags $flags"
  # shellcheck disable=SC2086
  "$cxx" -std=c++17 $flags -fsyntax-only "$main"
done
