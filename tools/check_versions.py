#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# acs_rooms tools: checks that every place that names the release agrees with
# include/acs/rooms/version.hpp (docs/release.md): meson.build's version, CMake's (the
# acs_roomsConfigVersion.cmake of a build directory, when one is given), packaging/acs_rooms.wrap's
# revision, the README's FetchContent GIT_TAG and the tag in docs/release.md's commands (v<version>),
# and CHANGELOG.md's section for it. Run as the release_versions test.
#
#   python3 tools/check_versions.py [CMAKE_BUILD_DIR]
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def read(path):
    return path.read_text(encoding="utf-8")


def main():
    header = read(ROOT / "include" / "acs" / "rooms" / "version.hpp")
    parts = [re.search(rf"^#define ACS_ROOMS_VERSION_{p} (\d+)$", header, re.M)
             for p in ("MAJOR", "MINOR", "PATCH")]
    string = re.search(r'^#define ACS_ROOMS_VERSION_STRING "([^"]+)"$', header, re.M)
    if not all(parts) or not string:
        sys.exit("version.hpp: ACS_ROOMS_VERSION_MAJOR/MINOR/PATCH/STRING not found")
    version = ".".join(m.group(1) for m in parts)
    tag = f"v{version}"
    found = {"version.hpp ACS_ROOMS_VERSION_STRING": string.group(1)}

    m = re.search(r"version\s*:\s*'([^']+)'", read(ROOT / "meson.build"))
    found["meson.build version"] = m.group(1) if m else None
    if len(sys.argv) > 1:
        m = re.search(r'set\(PACKAGE_VERSION "([^"]+)"\)',
                      read(pathlib.Path(sys.argv[1]) / "acs_roomsConfigVersion.cmake"))
        found["CMake acs_roomsConfigVersion.cmake"] = m.group(1) if m else None

    tags = {}
    m = re.search(r"^revision\s*=\s*(\S+)\s*$", read(ROOT / "packaging" / "acs_rooms.wrap"), re.M)
    tags["packaging/acs_rooms.wrap revision"] = m.group(1) if m else None
    readme = read(ROOT / "README.md")
    readme_tags = re.findall(r"\bGIT_TAG\s+(\S+?)\)?\s", readme)
    tags["README.md FetchContent GIT_TAG"] = readme_tags[0] if readme_tags else None
    for i, t in enumerate(readme_tags[1:], 2):
        tags[f"README.md GIT_TAG #{i}"] = t
    for i, t in enumerate(re.findall(r"git tag -a (v[^\s`]+)", read(ROOT / "docs" / "release.md")), 1):
        if t != "vX.Y.Z":
            tags[f"docs/release.md 'git tag -a' #{i}"] = t

    errors = [f"{where}: {value} != {version}" for where, value in found.items()
              if value != version]
    errors += [f"{where}: {value} != {tag}" for where, value in tags.items() if value != tag]
    if not re.search(rf"^## {re.escape(version)}\b", read(ROOT / "CHANGELOG.md"), re.M):
        errors.append(f"CHANGELOG.md: no '## {version}' section")
    if errors:
        sys.exit("versions disagree with include/acs/rooms/version.hpp (" + version + "):\n  "
                 + "\n  ".join(errors))
    print(f"ok: {version} ({tag}) in " + ", ".join(list(found) + list(tags) + ["CHANGELOG.md"]))


if __name__ == "__main__":
    main()
