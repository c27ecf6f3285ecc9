#!/usr/bin/env bash
# The .deb test: `cpack -G DEB` in the build directory must make the two packages that
# docs/integration.md (linked from the README's Install) names, libacs-rooms-dev
# (Architecture: all: headers, CMake package, pkg-config files) and acs-rooms-tools (the
# programs, man pages, completion). Checks their Depends and files (and that
# acs-rooms-emulator's network front is in neither), runs lintian on them (no errors),
# simulates the printed `apt install` line with apt-get -s, extracts both into a throwaway root
# (dpkg -x), runs the programs, asks pkg-config about it and builds a CMake consumer (the curl,
# emulator and compiled components) against it.
# Usage: deb_test.sh BUILD_DIR WORK_DIR CXX GENERATOR CONSUMER_DIR DEPENDS-PATTERNS -- FILES...
#   DEPENDS-PATTERNS: ','-separated regexes of package names that one of the Depends must list
#   FILES: paths relative to /usr that one of the packages must hold (bin/... ones are run with
#   --help)
set -euo pipefail
build=$1 work=$2 cxx=$3 generator=$4 consumer=$5 depends_patterns=$6
shift 7
source=$(cd "$consumer/../../.." && pwd)
rm -rf "$work"
mkdir -p "$work/pkg" "$work/root"
fail() { echo "$*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log") || {
  cat "$work/cpack.log"
  exit 1
}
# The files the printed install line (docs/integration.md) names, for this machine's architecture.
line=$(python3 "$source/tests/consumers/readme_block.py" "$source/README.md" deb)
arch=$(dpkg --print-architecture)
read -r -a names <<<"$(grep -o '\./[^ ]*\.deb' <<<"$line" | sed "s/_amd64\.deb$/_$arch.deb/" | tr '\n' ' ')"
debs=()
for name in "${names[@]}"; do
  [[ -f $work/pkg/$name ]] || fail "cpack made no $name (the documented install line); it made:" \
    "$(ls "$work/pkg")"
  debs+=("$work/pkg/${name#./}")
done
dev=${debs[0]} tools=${debs[1]}
[[ $(dpkg-deb -f "$dev" Package) == libacs-rooms-dev && $(dpkg-deb -f "$dev" Architecture) == all ]] ||
  fail "$(basename "$dev") is not libacs-rooms-dev, Architecture: all"
[[ $(dpkg-deb -f "$tools" Package) == acs-rooms-tools ]] || fail "$(basename "$tools") is not acs-rooms-tools"

depends="$(dpkg-deb -f "$dev" Depends), $(dpkg-deb -f "$tools" Depends)"
echo "Depends: $depends"
IFS=',' read -r -a patterns <<<"$depends_patterns"
for pattern in "${patterns[@]}"; do
  # Each Depends entry is "name (op version)" or "a | b"; match names at an entry start.
  grep -Eq "(^|, )($pattern)( |,|$)" <<<"$depends" || fail "Depends lacks $pattern"
done
# A headers-only install pulls in no runtime library.
grep -Eq 'libc6|libcurl4|libssl3|libstdc' <<<"$(dpkg-deb -f "$dev" Depends)" &&
  fail "libacs-rooms-dev depends on runtime libraries"

listing=$(for deb in "${debs[@]}"; do dpkg-deb -c "$deb"; done | awk '{print $6}')
for file in "$@"; do
  grep -qx "\./usr/$file" <<<"$listing" || fail "the packages lack /usr/$file; they hold:" \
    "$listing"
done
dpkg-deb -c "$dev" | awk '{print $6}' | grep -E '^\./usr/(bin|lib)/.' &&
  fail "libacs-rooms-dev holds architecture-dependent files"
if grep -E '/(http_server|session|server_options|tls)\.hpp$' \
  <<<"$listing"; then
  fail "a package holds the emulator's network front (programs/emulator/, not to install)"
fi

if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "${debs[@]}" >"$work/lintian.log" 2>&1 || true
  cat "$work/lintian.log"
  grep -q '^E: ' "$work/lintian.log" && fail "lintian reports errors"
fi
(cd "$work/pkg" && apt-get install -s "${names[@]}" >"$work/apt.log" 2>&1) || {
  cat "$work/apt.log"
  fail "apt-get install -s ${names[*]} fails"
}

for deb in "${debs[@]}"; do dpkg -x "$deb" "$work/root"; done
root=$(cd "$work/root" && pwd)
for file in "$@"; do
  if [[ $file == bin/* ]]; then
    "$root/usr/$file" --help >/dev/null || fail "/usr/$file --help failed"
  fi
done

cflags=$(PKG_CONFIG_PATH="$root/usr/share/pkgconfig" pkg-config --cflags acs_rooms_emulator)
echo "pkg-config --cflags acs_rooms_emulator: $cflags"
include=$(realpath -m "$(sed -n 's/^-I\([^ ]*\).*/\1/p' <<<"$cflags")")
[[ $include == "$root/usr/include" && -f $include/acs/rooms.hpp ]] ||
  fail "pkg-config does not point into the extracted package ($include)"

cmake -S "$consumer" -B "$work/consumer" -G "$generator" "-DCMAKE_CXX_COMPILER=$cxx" \
  "-DCMAKE_PREFIX_PATH=$root/usr" "-DACS_ROOMS_EXPECTED_PREFIX=$root" >"$work/consumer.log" &&
  cmake --build "$work/consumer" >>"$work/consumer.log" || {
  cat "$work/consumer.log"
  exit 1
}
"$work/consumer/consumer"
"$work/consumer/emulator_consumer"
"$work/consumer/compiled_consumer"
echo "ok: ${names[*]} install and a consumer builds against them"
