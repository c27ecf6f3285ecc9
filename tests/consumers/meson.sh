#!/usr/bin/env bash
# The meson paths:
#   subproject  a meson project with packaging/acs_rooms.wrap and the source tree in its
#               subprojects/ (as a user's checkout would be) builds and runs components.cpp
#               with dependency('acs_rooms_curl'), ('acs_rooms_httplib'), ('acs_rooms_openssl'),
#               ('acs_rooms_emulator')
#   install     `meson install` into a DESTDIR ships the CMake package and the pkg-config files
#               (acs_rooms, acs_rooms_emulator), the emulator component's headers and not its
#               network front: a CMake consumer (find_package COMPONENTS curl emulator) builds
#               against it, and so does a meson one through pkg-config (the README's meson block:
#               each component alone, separate compilation from the installed source)
# Usage: meson.sh subproject SOURCE_DIR WORK_DIR CXX
#        meson.sh install SOURCE_DIR WORK_DIR CXX GENERATOR CMAKE_CONSUMER_DIR
set -euo pipefail
mode=$1 source=$2 work=$3 cxx=$4
rm -rf "$work"
mkdir -p "$work"
log=$work/log
run() { "$@" >>"$log" 2>&1 || { cat "$log"; exit 1; }; }

if [[ $mode == subproject ]]; then
  mkdir -p "$work/src/subprojects"
  cp "$source/tests/consumers/meson/meson.build" "$source/tests/consumers/components.cpp" \
    "$work/src/"
  cp "$source/packaging/acs_rooms.wrap" "$work/src/subprojects/"
  ln -s "$source" "$work/src/subprojects/acs_rooms"
  CXX=$cxx run meson setup "$work/build" "$work/src" --wrap-mode=nodownload
  run meson compile -C "$work/build"
  "$work/build/consumer"
else
  generator=$5 consumer=$6
  CXX=$cxx run meson setup "$work/build" "$source" -Dtests=false -Dprograms=false \
    --prefix=/usr/local
  run meson install -C "$work/build" --destdir "$work/root"
  root=$(cd "$work/root" && pwd)
  cflags=$(PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_LIBDIR="$root/usr/local/share/pkgconfig:$(
    pkg-config --variable pc_path pkg-config)" pkg-config --cflags acs_rooms_emulator)
  echo "pkg-config --cflags acs_rooms_emulator: $cflags"
  include=$(realpath -m "$(sed -n 's/^-I\([^ ]*\).*/\1/p' <<<"$cflags")")
  [[ $include == "$root/usr/local/include" ]] || {
    echo "pkg-config does not point into the meson install"
    exit 1
  }
  run cmake -S "$consumer" -B "$work/consumer" -G "$generator" "-DCMAKE_CXX_COMPILER=$cxx" \
    "-DCMAKE_PREFIX_PATH=$root/usr/local" "-DACS_ROOMS_EXPECTED_PREFIX=$root"
  run cmake --build "$work/consumer"
  "$work/consumer/consumer"
  "$work/consumer/emulator_consumer"
  bash "$source/tests/consumers/installed_headers.sh" "$root/usr/local/include"
  # meson without the wrap, on the install (pkg-config): the README's meson block, whose
  # dependency('acs_rooms_curl') comes first and alone, each other component alone, and
  # acs_rooms_compiled with its installed source, as the README says.
  mkdir -p "$work/app"
  cp "$source/tests/consumers/deb/main.cpp" "$work/app/app.cpp"
  cp "$source/tests/consumers/compiled.cpp" "$work/app/"
  {
    echo "project('app', 'cpp', default_options: ['cpp_std=c++17'])"
    python3 "$source/tests/consumers/readme_block.py" "$source/README.md" meson
    for c in acs_rooms acs_rooms_emulator acs_rooms_httplib acs_rooms_openssl acs_rooms_beast; do
      echo "dependency('$c')"
    done
    echo "compiled = dependency('acs_rooms_compiled')"
    echo "executable('app_compiled', 'compiled.cpp', dependencies: compiled,"
    echo "           sources: compiled.get_variable(pkgconfig: 'source'))"
  } >"$work/app/meson.build"
  PKG_CONFIG_PATH="$root/usr/local/share/pkgconfig" CXX=$cxx run meson setup "$work/app-build" \
    "$work/app"
  run meson compile -C "$work/app-build"
  "$work/app-build/app"
  "$work/app-build/app_compiled"
fi
echo "ok: meson $mode"
