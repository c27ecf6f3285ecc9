#!/usr/bin/env bash
# Installs the given Debian packages when dpkg says they are missing (apt-get update first,
# only then). Used by run_tests.sh and run_quickstart.sh; root or sudo is needed only to install.
set -euo pipefail
missing=()
for package in "$@"; do
  status=$(dpkg -s "$package" 2>/dev/null || true)
  [[ $status == *"Status: install ok installed"* ]] || missing+=("$package")
done
((${#missing[@]})) || exit 0
as_root=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then as_root=(sudo); fi
echo "installing: ${missing[*]}"
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
