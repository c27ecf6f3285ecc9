#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# acs_rooms tools: writes the C++ code blocks of README.md and docs/*.md that are marked
# `<!-- snippet: NAME -->` (on the line before the ```cpp fence) to OUT/NAME.hpp, with a #line
# directive so that a compile error points into the document. The test suite compiles them
# inside the harnesses of tests/snippets/ (and runs those it can), so the docs cannot drift.
#
#   python3 tools/extract_snippets.py OUT [NAME...]   # fails when a NAME is not marked
import pathlib
import re
import sys

MARKER = re.compile(r"^\s*<!--\s*snippet:\s*([a-z0-9_]+)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")


def snippets(root):
    docs = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    found = {}
    for doc in docs:
        lines = doc.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = MARKER.match(line)
            if not m:
                continue
            name = m.group(1)
            where = f"{doc.relative_to(root)}:{i + 1}"
            fence = FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if not fence or fence.group(2) != "cpp":
                sys.exit(f"{where}: snippet '{name}' is not followed by a ```cpp block")
            if name in found:
                sys.exit(f"{where}: snippet '{name}' is marked twice")
            indent = len(fence.group(1))
            body = []
            for j in range(i + 2, len(lines)):
                if FENCE.match(lines[j]):
                    break
                body.append(lines[j][indent:] if lines[j][:indent].isspace() else lines[j])
            else:
                sys.exit(f"{where}: snippet '{name}' has no closing fence")
            found[name] = f'#line {i + 3} "{doc.resolve()}"\n' + "\n".join(body) + "\n"
    return found


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: extract_snippets.py OUT [NAME...]")
    root = pathlib.Path(__file__).resolve().parent.parent
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    found = snippets(root)
    missing = [n for n in sys.argv[2:] if n not in found]
    if missing:
        sys.exit("snippets not marked in the docs: " + ", ".join(missing))
    for name, text in found.items():
        path = out / f"{name}.hpp"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
