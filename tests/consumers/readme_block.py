#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Prints the fenced block of README.md marked `<!-- consumer: NAME -->` (on the line before the
# fence), so that the consumer tests run the README's own text (tests/consumers/readme.sh).
#
#   python3 tests/consumers/readme_block.py README.md NAME
import re
import sys


def main():
    readme, name = sys.argv[1], sys.argv[2]
    lines = open(readme, encoding="utf-8").read().splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(rf"\s*<!--\s*consumer:\s*{re.escape(name)}\s*-->\s*", line):
            fence = re.fullmatch(r"(\s*)```\w*\s*", lines[i + 1])
            if not fence:
                sys.exit(f"{readme}:{i + 1}: consumer block '{name}' has no fence after it")
            indent = len(fence.group(1))
            for body in lines[i + 2:]:
                if re.fullmatch(r"\s*```\s*", body):
                    return
                print(body[indent:] if body[:indent].isspace() else body)
            sys.exit(f"{readme}:{i + 1}: consumer block '{name}' is not closed")
    sys.exit(f"{readme}: no block marked <!-- consumer: {name} -->")


if __name__ == "__main__":
    main()
