#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Prints the fenced block marked `<!-- consumer: NAME -->` (on the line before the fence) in
# README.md or in the docs/*.md pages beside it (docs/integration.md holds the paths the README
# only links), so that the consumer tests run the documentation's own text
# (tests/consumers/readme.sh). A block may be printed in several places (the README's first
# screen repeats its Install section's FetchContent block): every copy must then be identical.
#
#   python3 tests/consumers/readme_block.py README.md NAME
import pathlib
import re
import sys


def blocks(path, name):
    """Yields (where, text) for each block of `path` marked `name`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if not re.fullmatch(rf"\s*<!--\s*consumer:\s*{re.escape(name)}\s*-->\s*", line):
            continue
        where = f"{path}:{i + 1}"
        fence = re.fullmatch(r"(\s*)```\w*\s*", lines[i + 1]) if i + 1 < len(lines) else None
        if not fence:
            sys.exit(f"{where}: consumer block '{name}' has no fence after it")
        indent = len(fence.group(1))
        body = []
        for text in lines[i + 2:]:
            if re.fullmatch(r"\s*```\s*", text):
                break
            body.append(text[indent:] if text[:indent].isspace() else text)
        else:
            sys.exit(f"{where}: consumer block '{name}' is not closed")
        yield where, "\n".join(body)


def main():
    readme, name = pathlib.Path(sys.argv[1]), sys.argv[2]
    pages = [readme] + sorted((readme.parent / "docs").glob("*.md"))
    found = [b for page in pages for b in blocks(page, name)]
    if not found:
        sys.exit(f"{readme}: no block marked <!-- consumer: {name} --> (nor in docs/*.md)")
    first_where, first = found[0]
    for where, text in found[1:]:
        if text != first:
            sys.exit(f"{where}: consumer block '{name}' differs from the one at {first_where}")
    print(first)


if __name__ == "__main__":
    main()
