#!/usr/bin/env bash
# The README's consumption paths, run from the README's own text: each mode writes a scratch
# project around the blocks of README.md marked `<!-- consumer: NAME -->` (readme_block.py),
# builds it offline and runs what it built.
#   fetch_content  the FetchContent block, ACS_ROOMS_GIT set to the repository holding the tag
#                  it pins (need_tag below); plus the separate compilation block
#                  (acs_rooms::compiled)
#   wrap           packaging/acs_rooms.wrap, its url set to that repository (revision as
#                  printed), and the meson block, then the same with each component alone
#   find_package   the find_package and separate compilation blocks against PREFIX (an install)
#   add_subdirectory  the add_subdirectory and separate compilation blocks on the source tree,
#                  plus components.cpp (every transport against the emulator on loopback)
#   pkg_config     the pkg-config commands against PREFIX; every component's .pc resolves alone
#                  and carries what its header needs
#   install_flags  the install block's configure line: the programs it would build get -O2
#                  and no -Werror (the build is not run)
# Usage: readme.sh MODE SOURCE_DIR WORK_DIR CXX [GENERATOR [PREFIX]]
# fetch_content and wrap exit 77 (skipped) when SOURCE_DIR is not a git work tree (no tags).
set -euo pipefail
mode=$1 source=$(cd "$2" && pwd) work=$3 cxx=$4 generator=${5:-Ninja} prefix=${6:-}
consumers=$source/tests/consumers
rm -rf "$work"
mkdir -p "$work/src"
log=$work/log
run() { "$@" >>"$log" 2>&1 || { cat "$log"; echo "failed: $*"; exit 1; }; }
block() { python3 "$consumers/readme_block.py" "$source/README.md" "$1"; }

# The release the README pins must be an annotated tag (docs/release.md). need_tag TAG sets repo
# (the git URL to fetch) and tag_commit, looking in this order:
#   1. this repository: the tag is here (the lead's repository, where releases are cut);
#   2. its origin, when this is a clone made without tags (CI's clone) and the tag is there:
#      the block fetches from there, as a user would;
#   3. otherwise (no remote, or one whose tags did not travel with the branch): a scratch clone
#      of HEAD tagged TAG, so the block itself is still built; the output says the tag was not
#      checked.
# A repository that has tags but not this one, or has it not annotated, fails with the command
# to cut it.
need_tag() {
  git -C "$source" rev-parse --git-dir >/dev/null 2>&1 || {
    echo "skipped: $source is not a git work tree"
    exit 77
  }
  local missing="README.md pins $1, but this repository has no annotated tag $1; cut it as
docs/release.md says: git tag -a $1 -m \"acs_rooms ${1#v}\""
  local type origin refs
  type=$(git -C "$source" cat-file -t "refs/tags/$1" 2>/dev/null || true)
  if [[ $type == tag ]]; then
    repo=file://$source tag_commit=$(git -C "$source" rev-parse "$1^{commit}")
    return
  fi
  [[ -z $type && -z $(git -C "$source" tag -l) ]] || { echo "$missing"; exit 1; }
  origin=$(git -C "$source" remote get-url origin 2>/dev/null || true)
  if [[ -n $origin ]] &&
    refs=$(GIT_TERMINAL_PROMPT=0 timeout 30 git -C "$source" ls-remote --tags "$origin" 2>/dev/null); then
    # An annotated tag lists both refs/tags/T (the tag object) and refs/tags/T^{} (its commit).
    tag_commit=$(awk -v r="refs/tags/$1^{}" '$2 == r {print $1}' <<<"$refs")
    if [[ -n $tag_commit ]]; then
      repo=$origin
      [[ $repo == /* ]] && repo=file://$repo
      echo "this clone has no tags; $1 found in origin ($origin)"
      return
    fi
    echo "note: neither this clone nor its origin ($origin) has $1"
  fi
  git clone -q --bare --no-local "$source" "$work/scratch.git"
  git -C "$work/scratch.git" -c user.name=test -c user.email=test@invalid tag -a "$1" -m test HEAD
  repo=file://$work/scratch.git tag_commit=$(git -C "$source" rev-parse HEAD)
  echo "note: this clone has no tags and no origin that has $1; the block is built against a" \
    "scratch tag $1 on HEAD, so whether $1 exists upstream was not checked"
}

case $mode in
fetch_content)
  text=$(block fetch_content)
  tag=$(sed -n 's/.*GIT_TAG \([^ )]*\).*/\1/p' <<<"$text")
  need_tag "$tag"
  {
    echo 'cmake_minimum_required(VERSION 3.16)'
    echo 'project(app LANGUAGES CXX)'
    echo 'add_executable(app app.cpp)'
    echo "$text"
    echo 'add_executable(app_compiled compiled.cpp)'
    block separate_compilation | sed 's/(app /(app_compiled /'
  } >"$work/src/CMakeLists.txt"
  cp "$consumers/deb/main.cpp" "$work/src/app.cpp"
  cp "$consumers/compiled.cpp" "$work/src/"
  run cmake -S "$work/src" -B "$work/build" -G "$generator" "-DCMAKE_CXX_COMPILER=$cxx" \
    "-DACS_ROOMS_GIT=$repo"
  run cmake --build "$work/build"
  # What was built is the tag's tree, not the working tree.
  fetched=$(git -C "$work/build/_deps/acs_rooms-src" rev-parse HEAD)
  [[ $fetched == "$tag_commit" ]] || {
    echo "FetchContent checked out $fetched, not $tag"
    exit 1
  }
  "$work/build/app"
  "$work/build/app_compiled"
  echo "ok: the README's FetchContent block builds $tag ($fetched) with acs_rooms::curl and" \
    "acs_rooms::compiled"
  ;;
wrap)
  tag=$(sed -n 's/^revision = //p' "$source/packaging/acs_rooms.wrap")
  need_tag "$tag"
  mkdir -p "$work/src/subprojects"
  sed "s|^url = .*|url = $repo|" "$source/packaging/acs_rooms.wrap" \
    >"$work/src/subprojects/acs_rooms.wrap"
  text=$(block meson)
  {
    echo "project('app', 'cpp', default_options: ['cpp_std=c++17'])"
    echo "$text"
    # Each other component the same way, each in a program of its own.
    for c in acs_rooms acs_rooms_emulator acs_rooms_httplib acs_rooms_openssl acs_rooms_beast \
      acs_rooms_compiled acs_rooms_beast_compiled; do
      src=app.cpp
      [[ $c == *_compiled ]] && src=compiled.cpp
      sed "s/'app'/'app_$c'/; s/'app.cpp'/'$src'/; s/'acs_rooms_curl'/'$c'/" <<<"$text"
    done
  } >"$work/src/meson.build"
  cp "$consumers/deb/main.cpp" "$work/src/app.cpp"
  cp "$consumers/compiled.cpp" "$work/src/"
  CXX=$cxx run meson setup "$work/build" "$work/src"
  run meson compile -C "$work/build" app # (the meson leg builds acs_rooms_compiled in tree)
  "$work/build/app"
  echo "ok: the wrap (revision $tag) and the README's meson block: dependency('acs_rooms_curl')" \
    "alone, and each other component alone"
  ;;
find_package | add_subdirectory)
  {
    echo 'cmake_minimum_required(VERSION 3.16)'
    echo 'project(app LANGUAGES CXX)'
    echo 'add_executable(app app.cpp)'
    block "$mode"
    echo 'add_executable(app_compiled compiled.cpp)'
    block separate_compilation | sed 's/(app /(app_compiled /'
    if [[ $mode == add_subdirectory ]]; then
      echo 'add_executable(components components.cpp)'
      echo 'target_link_libraries(components PRIVATE acs_rooms::curl acs_rooms::httplib'
      echo '                      acs_rooms::openssl acs_rooms::emulator)'
    fi
  } >"$work/src/CMakeLists.txt"
  cp "$consumers/deb/main.cpp" "$work/src/app.cpp"
  cp "$consumers/compiled.cpp" "$consumers/components.cpp" "$work/src/"
  [[ $mode == add_subdirectory ]] && ln -s "$source" "$work/src/acs_rooms"
  run cmake -S "$work/src" -B "$work/build" -G "$generator" "-DCMAKE_CXX_COMPILER=$cxx" \
    "-DCMAKE_PREFIX_PATH=$prefix"
  if [[ $mode == find_package ]]; then # found in PREFIX, not elsewhere on the system
    found=$(sed -n 's/^acs_rooms_DIR:PATH=//p' "$work/build/CMakeCache.txt")
    [[ $(realpath "$found") == "$(realpath "$prefix")"/* ]] || {
      echo "acs_rooms found in $found, not under $prefix"
      exit 1
    }
  fi
  run cmake --build "$work/build"
  "$work/build/app"
  "$work/build/app_compiled"
  [[ $mode == add_subdirectory ]] && "$work/build/components"
  echo "ok: the README's $mode block with acs_rooms::curl, and acs_rooms::compiled"
  ;;
pkg_config)
  export PKG_CONFIG_PATH=$prefix/share/pkgconfig
  declare -A wants=([acs_rooms]=-I [acs_rooms_emulator]=-I [acs_rooms_curl]=-lcurl
    [acs_rooms_httplib]=-DCPPHTTPLIB_OPENSSL_SUPPORT [acs_rooms_openssl]=-lcrypto
    [acs_rooms_beast]=-lssl [acs_rooms_compiled]=-DACS_ROOMS_SEPARATE_COMPILATION)
  for pc in "${!wants[@]}"; do
    flags=$(pkg-config --print-errors --cflags --libs "$pc")
    echo "$pc: $flags"
    include=$(grep -o -- "-I[^ ]*/share/pkgconfig/../../include" <<<"$flags" || true)
    [[ " $flags " == *" ${wants[$pc]}"* && -n $include &&
      $(realpath "${include#-I}") == "$(realpath "$prefix/include")" ]] || {
      echo "$pc lacks ${wants[$pc]} or -I$prefix/include"
      exit 1
    }
  done
  cp "$consumers/deb/main.cpp" "$work/app.cpp"
  cp "$consumers/compiled.cpp" "$work/"
  cd "$work"
  # The README's commands, with this build's compiler for g++.
  # shellcheck disable=SC2016
  while read -r line; do
    echo "$ ${line/#g++ /$cxx }"
    eval "${line/#g++ /\"\$cxx\" }" || exit 1
    ./app
  done < <(block pkg_config; block pkg_config_compiled | sed 's/app\.cpp/compiled.cpp/')
  echo "ok: every component's .pc alone, and the README's pkg-config commands"
  ;;
install_flags)
  configure=$(block install | grep '^cmake -S . -B build ')
  read -r -a words <<<"${configure%%#*}"
  words=("${words[@]/#./$source}")
  words=("${words[@]/#build/$work/build}")
  echo "\$ $configure"
  run "${words[@]}" -G Ninja "-DCMAKE_CXX_COMPILER=$cxx"
  for program in acs-rooms acs-rooms-emulator; do
    command=$(ninja -C "$work/build" -t commands "$program" | grep -- "-o programs/.*$program.*\.o " || true)
    [[ -n $command ]] || { echo "no compile command for $program"; exit 1; }
    [[ " $command " == *" -O2 "* && " $command " != *" -Werror "* ]] || {
      echo "$program is built with: $command"
      exit 1
    }
  done
  echo "ok: the README's install build compiles the programs with -O2 and without -Werror"
  ;;
*)
  echo "unknown mode $mode"
  exit 2
  ;;
esac
