#!/usr/bin/env bash
# Writes the API reference, from the `///` comments of include/, to docs/api/html/index.html
# (or to DIR/html with `tools/api_docs.sh DIR`). docs/api/ is not committed. Fails on any
# Doxygen warning, as the api_docs test does. Same as `cmake --build <build> --target docs`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-docs/api}
command -v doxygen >/dev/null || bash tools/ensure_packages.sh doxygen
version=$(sed -n 's/^#define ACS_ROOMS_VERSION_STRING "\(.*\)"$/\1/p' include/acs/rooms/version.hpp)
rm -rf "$out/html"
mkdir -p "$out"
{
  cat docs/Doxyfile
  echo "OUTPUT_DIRECTORY = $out"
  echo "PROJECT_NUMBER = $version"
  echo "WARN_AS_ERROR = FAIL_ON_WARNINGS"
} | doxygen -
echo "$out/html/index.html"
