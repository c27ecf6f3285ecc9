#!/usr/bin/env python3
"""Generate single_include/acs/rooms.hpp from include/acs/rooms.hpp (and the emulator's single header).

Usage: tools/amalgamate.py          write the single header
       tools/amalgamate.py --check  fail (exit 1) if the checked-in file is stale

Inlines every `#include <acs/rooms/...>` depth first, each file once, and keeps every
other line as it is; single_include/acs/rooms/fwd.hpp is made the same way from fwd.hpp. Each public
optional header (crypto/openssl, transport/*, async*) becomes one self-contained file in
single_include/acs/rooms/: its core includes replaced by one `#include <acs/rooms.hpp>`, and its internal
parts (detail/transport/*, detail/async/*) and the optional headers it includes inlined, each in an
include guard, so that any of them may be included together (no detail/ folder is written). The
emulator component (emulator/include/: emulator.hpp and its parts in emulator/) becomes one file,
single_include/acs/rooms/emulator.hpp: `#include <acs/rooms.hpp>` and then its own headers inlined.
single_include/acs_rooms_compiled.cpp is src/compiled.cpp for separate compilation with the single
header. So a feature needs only the files the README's "Integration" lists for it, copied alone.
Both modes also check that the umbrella includes every top-level public header, that meson.build
carries the version of version.hpp (and packaging/acs_rooms.wrap its tag, CHANGELOG.md its section),
that no header includes one from a later layer (see LAYERS), and that the client (include/) never
includes the emulator component (the dependency goes client <- emulator).
"""
import argparse
import difflib
import fnmatch
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "include"
UMBRELLA = INCLUDE / "acs" / "rooms.hpp"
OUTPUT = ROOT / "single_include" / "acs" / "rooms.hpp"
FWD = INCLUDE / "acs" / "rooms" / "fwd.hpp"
IMPLEMENTATION = "acs_rooms_compiled.cpp"  # under single_include/, outside acs/ (not installed)
# The emulator component (acs_rooms::emulator): its own include root, amalgamated into one file.
EMULATOR_INCLUDE = ROOT / "emulator" / "include"
EMULATOR = EMULATOR_INCLUDE / "acs" / "rooms" / "emulator.hpp"
EMULATOR_RE = re.compile(r"^acs/rooms/emulator(\.hpp|/)")
# Optional headers (plus the crypto/ and transport/ folders):
NOT_IN_UMBRELLA = {"async.hpp", "credentials.hpp"}
OPTIONAL = ["crypto/openssl.hpp", "transport/*.hpp", "async.hpp", "async/*.hpp",
            "detail/transport/*.hpp", "detail/async/*.hpp", "credentials.hpp",
            "credentials/*.hpp"]
# The layers of the design (docs/design.md, "Layers"): a header may include headers of its own
# layer or of an earlier one, never of a later one. Patterns are matched, first match wins, against
# the path under include/acs/rooms/ ("*" also crosses "/"). Public headers sit on top; internals sit
# in detail/<layer>/, so the folder says the layer: detail/foundations (needs only config.hpp),
# detail/data, detail/pure, detail/client, and the optional detail/transport and detail/async.
# The umbrella include/acs/rooms.hpp is layer 5. A header no pattern matches is an error, so a new
# header must be given its layer here (a header straight in detail/ has none).
LAYERS = [
    (1, ["version.hpp", "config.hpp", "fwd.hpp", "error.hpp", "result.hpp", "http.hpp",
         "concepts.hpp", "cancellation.hpp", "detail/foundations/*"]),  # foundations
    (2, ["time.hpp", "identifiers.hpp", "models.hpp", "api_version.hpp", "serialization.hpp",
         "detail/data/*"]),  # data
    (3, ["connection_string.hpp", "crypto/portable.hpp", "signing.hpp",
         "bearer_token_signer.hpp"]),  # protocol
    (4, ["request_context.hpp", "requests.hpp", "responses.hpp", "requests_v2022.hpp",
         "responses_v2022.hpp", "operations.hpp", "pagination.hpp", "call.hpp", "retry.hpp",
         "call_options.hpp", "tracing.hpp",
         "detail/pure/*"]),  # pure layer
    (5, ["client.hpp", "client_options.hpp", "pager.hpp", "detail/client/*"]),  # client
    (6, ["crypto/openssl.hpp", "transport/*", "async.hpp", "async/*", "detail/transport/*",
         "detail/async/*", "credentials.hpp", "credentials/*"]),  # optional
]
UMBRELLA_LAYER = 5
INCLUDE_RE = re.compile(r"^\s*#\s*include\s*<(acs/rooms/[^>]+)>")
PRAGMA_ONCE_RE = re.compile(r"^\s*#\s*pragma\s+once\b")
IF_RE = re.compile(r"^\s*#\s*if")
ENDIF_RE = re.compile(r"^\s*#\s*endif\b")


def read(path):
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


def version():
    text = read(INCLUDE / "acs" / "rooms" / "version.hpp")
    return re.search(r'#define ACS_ROOMS_VERSION_STRING "([^"]+)"', text).group(1)


def resolve(name):
    """The file an `#include <acs/rooms/...>` names: in emulator/include/ for the emulator
    component, else in include/."""
    return (EMULATOR_INCLUDE if EMULATOR_RE.match(name) else INCLUDE) / name


def inline(path, seen, out, skip=None, conditional=False, firm=None):
    """Appends `path` to `out` with its acs/rooms includes inlined, each file once; an include
    for which `skip(name)` is true is dropped instead (it is already in, e.g. via rooms.hpp).
    A file included inside an #if (the definitions that only ACS_ROOMS_DEFINITIONS compiles) may
    be needed again outside one: it is inlined in an include guard, and inlined again (guarded)
    where a later include is unconditional. `firm` holds the files inlined unconditionally."""
    firm = set(seen) if firm is None else firm
    lines = read(path).split("\n")
    if lines and lines[0].startswith("// SPDX-License-Identifier:"):
        lines = lines[2:] if len(lines) > 1 and lines[1].startswith("// acs_rooms") else lines[1:]
    lines = [line for line in lines if not PRAGMA_ONCE_RE.match(line)]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    stack = []  # per open #if: whether it is a definitions-only block
    for line in lines:
        if IF_RE.match(line):
            stack.append("DEFINITIONS" in line)
        elif ENDIF_RE.match(line) and stack:
            stack.pop()
        match = INCLUDE_RE.match(line)
        if not match:
            out.append(line)
            continue
        if skip is not None and skip(match.group(1)):
            continue
        target = resolve(match.group(1))
        if not target.is_file():
            sys.exit(f"{path.relative_to(ROOT)}: included file {match.group(1)} not found")
        inner = conditional or any(stack)
        if target in firm or (inner and target in seen):
            continue
        guarded = inner or target in seen
        seen.add(target)
        if not inner:
            firm.add(target)
        if guarded:
            name = "ACS_ROOMS_SINGLE_INCLUDE_PART_" + re.sub(
                r"[^A-Z0-9]", "_", target.relative_to(ROOT).as_posix().upper())
            out += [f"#ifndef {name}", f"#define {name}"]
        inline(target, seen, out, skip, inner, firm)
        if guarded:
            out.append(f"#endif // {name}")


def generate():
    out = [
        "// SPDX-License-Identifier: MIT",
        f"// acs_rooms {version()}: a header-only C++ client for the Azure Communication "
        "Services Rooms API.",
        "// Single header, generated from include/ by tools/amalgamate.py - do not edit.",
        "// The optional parts (transport/curl.hpp, transport/httplib.hpp, emulator.hpp, async.hpp...)",
        "// are one file each in acs/rooms/, needing only this one: README.md, \"Integration\", lists",
        "// the files to copy for each feature.",
        "#pragma once",
        "#ifndef ACS_ROOMS_SINGLE_INCLUDE_HPP",
        "#define ACS_ROOMS_SINGLE_INCLUDE_HPP",
        "",
    ]
    inline(UMBRELLA, {UMBRELLA}, out)
    out += ["", "#endif // ACS_ROOMS_SINGLE_INCLUDE_HPP"]
    return "\n".join(out) + "\n"


def generate_fwd():
    """fwd.hpp with what it includes inlined, so <acs/rooms/fwd.hpp> works from single_include/."""
    out = [
        "// SPDX-License-Identifier: MIT",
        f"// acs_rooms {version()}: forward declarations of the public types.",
        "// Generated from include/ by tools/amalgamate.py - do not edit.",
        "#pragma once",
        "",
    ]
    inline(FWD, {FWD}, out)
    return "\n".join(out) + "\n"


def generate_emulator():
    """The emulator component in one file: <acs/rooms.hpp> (the whole core), then emulator.hpp
    with its parts inlined. Fails when a part includes a core header the umbrella lacks."""
    core = {UMBRELLA}
    inline(UMBRELLA, core, [])
    missing = set()

    def in_core(name):
        if EMULATOR_RE.match(name):
            return False
        if resolve(name) not in core:
            missing.add(name)
        return True

    out = [
        "// SPDX-License-Identifier: MIT",
        f"// acs_rooms {version()}: the emulator component (acs_rooms::emulator), the Rooms service "
        "in process, a test double.",
        "// Single header, generated from emulator/include/ by tools/amalgamate.py - do not edit.",
        "#pragma once",
        "#ifndef ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP",
        "#define ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP",
        "",
        "#include <acs/rooms.hpp> // the whole core, from the single header",
        "",
    ]
    inline(EMULATOR, {EMULATOR}, out, in_core)
    out += ["", "#endif // ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP"]
    if missing:
        sys.exit(f"the emulator includes {', '.join(sorted(missing))}, not in <acs/rooms.hpp>")
    return "\n".join(out) + "\n"


def guard(rel):
    """The include guard of an optional header's text in single_include/, from its path under
    include/acs/rooms/: the same in every file that inlines it, so each part is defined once."""
    return "ACS_ROOMS_SINGLE_INCLUDE_" + re.sub(r"[^A-Z0-9]", "_", rel.upper())


def inline_optional(path, optional, seen, out, state):
    """Appends optional header `path` to `out` inside its guard, with the optional headers it
    includes inlined (each once per file, each in its guard) and its core includes replaced by one
    `#include <acs/rooms.hpp>` per file (at the first of them)."""
    rel = path.relative_to(INCLUDE / "acs" / "rooms").as_posix()
    lines = read(path).split("\n")
    if lines and lines[0].startswith("// SPDX-License-Identifier:"):
        lines = lines[1:]
    lines = [line for line in lines if not PRAGMA_ONCE_RE.match(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    out += [f"#ifndef {guard(rel)} // {rel}", f"#define {guard(rel)}"]
    for line in lines:
        match = INCLUDE_RE.match(line)
        if not match:
            out.append(line)
        elif match.group(1) in optional:
            target = INCLUDE / match.group(1)
            if target not in seen:
                seen.add(target)
                inline_optional(target, optional, seen, out, state)
        else:
            if resolve(match.group(1)) not in state["core"]:
                state["missing"].add(match.group(1))
            if not state["core_included"]:
                out.append("#include <acs/rooms.hpp> // the whole core, from the single header")
                state["core_included"] = True
    out.append(f"#endif // {guard(rel)}")


def optional_headers():
    """{relative output path: text} for every public optional header: one self-contained file
    each, needing only acs/rooms.hpp beside it. Their internal parts (detail/transport/*,
    detail/async/*) and the optional headers they include are inlined in guards, so any of them
    may be included together; detail/ itself is not written."""
    rooms = INCLUDE / "acs" / "rooms"
    paths = sorted(p for pattern in OPTIONAL for p in rooms.glob(pattern))
    optional = {f"acs/rooms/{p.relative_to(rooms).as_posix()}" for p in paths}
    core = {UMBRELLA}
    inline(UMBRELLA, core, [])
    result = {}
    missing = set()
    for path in paths:
        rel = path.relative_to(rooms).as_posix()
        if rel.startswith("detail/"):
            continue
        out = ["// SPDX-License-Identifier: MIT",
               "// Generated from include/ by tools/amalgamate.py - do not edit. Needs only "
               "<acs/rooms.hpp> beside it.",
               "#pragma once"]
        state = {"core": core, "missing": missing, "core_included": False}
        inline_optional(path, optional, {path}, out, state)
        result[f"acs/rooms/{rel}"] = "\n".join(out) + "\n"
    if missing:
        sys.exit(f"the optional headers include {', '.join(sorted(missing))}, not in <acs/rooms.hpp>")
    return result


def implementation_file():
    """The implementation file of separate compilation for the single header: src/compiled.cpp,
    which also defines ACS_ROOMS_SEPARATE_COMPILATION itself, so it compiles as it is."""
    out = [
        "// SPDX-License-Identifier: MIT",
        f"// acs_rooms {version()}: the one translation unit of separate compilation, for the "
        "single header.",
        "// Generated from src/compiled.cpp by tools/amalgamate.py - do not edit. Compile it once,",
        "// with acs/rooms.hpp on the include path; define ACS_ROOMS_SEPARATE_COMPILATION in every",
        "// other translation unit that includes <acs/rooms.hpp>.",
        "#ifndef ACS_ROOMS_SEPARATE_COMPILATION",
        "#define ACS_ROOMS_SEPARATE_COMPILATION",
        "#endif",
    ]
    out += [line for line in read(ROOT / "src" / "compiled.cpp").split("\n")
            if line.strip() and not line.startswith("//")]
    return "\n".join(out) + "\n"


def outputs():
    """{path under single_include/: text} for every generated file."""
    files = {"acs/rooms.hpp": generate(), "acs/rooms/fwd.hpp": generate_fwd(),
             "acs/rooms/emulator.hpp": generate_emulator()}
    files.update(optional_headers())
    files[IMPLEMENTATION] = implementation_file()
    return files


def consistency_errors():
    errors = []
    direct = {m.group(1) for m in map(INCLUDE_RE.match, read(UMBRELLA).split("\n")) if m}
    for header in sorted((INCLUDE / "acs" / "rooms").glob("*.hpp")):
        name = f"acs/rooms/{header.name}"
        if header.name not in NOT_IN_UMBRELLA and name not in direct:
            errors.append(f"include/acs/rooms.hpp does not include <{name}>")
    meson = re.search(r"version\s*:\s*'([^']+)'", read(ROOT / "meson.build"))
    if not meson or meson.group(1) != version():
        found = meson.group(1) if meson else "none"
        errors.append(f"meson.build version {found} != version.hpp {version()}")
    # The release tag is v<version> (docs/release.md): the wrap names it, CHANGELOG.md has its section.
    wrap = re.search(r"^revision\s*=\s*(\S+)$", read(ROOT / "packaging" / "acs_rooms.wrap"), re.M)
    if not wrap or wrap.group(1) != f"v{version()}":
        found = wrap.group(1) if wrap else "none"
        errors.append(f"packaging/acs_rooms.wrap revision {found} != v{version()}")
    if not re.search(rf"^## {re.escape(version())}\b", read(ROOT / "CHANGELOG.md"), re.M):
        errors.append(f"CHANGELOG.md has no '## {version()}' section")
    return errors


def layer(header):
    """The layer of a header under include/, or None when LAYERS does not place it."""
    if header == UMBRELLA:
        return UMBRELLA_LAYER
    rel = header.relative_to(INCLUDE / "acs" / "rooms").as_posix()
    for number, patterns in LAYERS:
        if any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns):
            return number
    return None


def layering_errors():
    """One message per header that includes a header of a later layer (or has no layer), or the
    emulator component."""
    errors = []
    headers = [UMBRELLA] + sorted((INCLUDE / "acs" / "rooms").rglob("*.hpp"))
    for header in headers:
        name = header.relative_to(INCLUDE).as_posix()
        own = layer(header)
        if own is None:
            errors.append(f"include/{name} has no layer: add it to LAYERS in tools/amalgamate.py")
            continue
        for number, line in enumerate(read(header).split("\n"), 1):
            match = INCLUDE_RE.match(line)
            if match and EMULATOR_RE.match(match.group(1)):
                errors.append(
                    f"include/{name}:{number} includes <{match.group(1)}>: the client never "
                    "includes the emulator component (emulator/include/), which uses the client")
                continue
            if not match or not (INCLUDE / match.group(1)).is_file():
                continue  # a missing file is reported when inlining
            target = layer(INCLUDE / match.group(1))
            if target is not None and target > own:
                errors.append(
                    f"include/{name}:{number} (layer {own}) includes <{match.group(1)}> "
                    f"(layer {target}): a header may include only its own layer or earlier ones")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    errors = consistency_errors() + layering_errors()
    files = outputs()
    single = OUTPUT.parent.parent
    generated = [p for pattern in ("*.hpp", "*.cpp") for p in single.rglob(pattern)]
    stale = {p.relative_to(single).as_posix() for p in generated} - set(files)
    if args.check:
        for name, text in files.items():
            old = read(single / name) if (single / name).is_file() else ""
            if old != text:
                sys.stdout.writelines(difflib.unified_diff(
                    old.splitlines(True), text.splitlines(True), f"single_include/{name}", "generated"))
                errors.append(f"single_include/{name} is out of date: run tools/amalgamate.py")
        errors += [f"single_include/{name} is not generated: delete it" for name in sorted(stale)]
    else:
        for name, text in files.items():
            (single / name).parent.mkdir(parents=True, exist_ok=True)
            (single / name).write_text(text, encoding="utf-8", newline="\n")
        for name in stale:
            (single / name).unlink()
            folder = (single / name).parent
            while folder != single and not any(folder.iterdir()):  # a folder left empty goes too
                folder.rmdir()
                folder = folder.parent
    for error in errors:
        print(f"amalgamate.py: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
