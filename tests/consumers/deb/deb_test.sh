#!/usr/bin/env bash
# The .deb test: `cpack -G DEB` in the build directory, then checks the package's Depends and
# files (and that acs-rooms-emulator's network front is not among them), extracts it into a
# throwaway root (dpkg -x), runs its programs, asks pkg-config about it and builds a CMake
# consumer (the curl and emulator components) against it.
# Usage: deb_test.sh BUILD_DIR WORK_DIR CXX GENERATOR CONSUMER_DIR DEPENDS-PATTERNS -- FILES...
#   DEPENDS-PATTERNS: ','-separated regexes of package names that Depends must list
#   FILES: paths relative to /usr that the package must hold (bin/... ones are run with --help)
set -euo pipefail
build=$1 work=$2 cxx=$3 generator=$4 consumer=$5 depends_patterns=$6
shift 7
rm -rf "$work"
mkdir -p "$work/pkg" "$work/root"

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log") || {
  cat "$work/cpack.log"
  exit 1
}
debs=("$work"/pkg/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || {
  echo "expected one .deb in $work/pkg, found: ${debs[*]}"
  exit 1
}
deb=${debs[0]}
echo "package: $(basename "$deb")"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
IFS=',' read -r -a patterns <<<"$depends_patterns"
for pattern in "${patterns[@]}"; do
  # Each Depends entry is "name (op version)" or "a | b"; match names at an entry start.
  grep -Eq "(^|, )($pattern)( |,|$)" <<<"$depends" || {
    echo "Depends lacks $pattern"
    exit 1
  }
done

listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
for file in "$@"; do
  grep -qx "\./usr/$file" <<<"$listing" || {
    echo "the package lacks /usr/$file; it holds:"
    echo "$listing"
    exit 1
  }
done

if grep -E '/(http_server|session|server_options|tls)\.hpp$' \
  <<<"$listing"; then
  echo "the package holds the emulator's network front (programs/emulator/, not to install)"
  exit 1
fi

dpkg -x "$deb" "$work/root"
root=$(cd "$work/root" && pwd)
for file in "$@"; do
  if [[ $file == bin/* ]]; then
    "$root/usr/$file" --help >/dev/null || {
      echo "/usr/$file --help failed"
      exit 1
    }
  fi
done

cflags=$(PKG_CONFIG_PATH="$root/usr/share/pkgconfig" pkg-config --cflags acs_rooms_emulator)
echo "pkg-config --cflags acs_rooms_emulator: $cflags"
include=$(realpath -m "$(sed -n 's/^-I\([^ ]*\).*/\1/p' <<<"$cflags")")
[[ $include == "$root/usr/include" && -f $include/acs/rooms.hpp ]] || {
  echo "pkg-config does not point into the extracted package ($include)"
  exit 1
}

cmake -S "$consumer" -B "$work/consumer" -G "$generator" "-DCMAKE_CXX_COMPILER=$cxx" \
  "-DCMAKE_PREFIX_PATH=$root/usr" "-DACS_ROOMS_EXPECTED_PREFIX=$root" >"$work/consumer.log" &&
  cmake --build "$work/consumer" >>"$work/consumer.log" || {
  cat "$work/consumer.log"
  exit 1
}
"$work/consumer/consumer"
"$work/consumer/emulator_consumer"
echo "ok: $(basename "$deb") installs and a consumer builds against it"
