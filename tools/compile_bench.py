#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""acs_rooms: compile-time benchmark. Compiles, in interleaved rounds, a TU that includes
<acs/rooms.hpp> and calls every operation (tests/bench/compile/every_operation.cpp) and the
compile floor (floor.cpp: nlohmann/json and date, one parse), plus fwd_only.cpp (json_fwd.hpp,
date and standard headers: no parser), with g++ -O0, g++ -O2 -fsyntax-only and clang++ -O2, and
prints the median CPU time (user + system of the compiler, so time spent descheduled on a busy
machine does not count) of each and its ratio to the floor.

Usage: tools/compile_bench.py [--rounds 5] [--extra-flags "-DFOO"]
"""
import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "bench" / "compile"

CONFIGS = [
    ("g++ -O0", ["g++", "-std=c++17", "-O0", "-c"]),
    ("g++ -O2 -fsyntax-only", ["g++", "-std=c++17", "-O2", "-fsyntax-only"]),
    ("clang++ -O2", ["clang++", "-std=c++17", "-O2", "-c"]),
]


def cpu_seconds(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tu", action="append", default=[],
                        help="name=flags: an extra case compiling every_operation.cpp with flags")
    args = parser.parse_args()
    cases = [("every operation (header-only)", "every_operation.cpp", []),
             ("floor (json + date, one parse)", "floor.cpp", []),
             ("json_fwd + date only", "fwd_only.cpp", [])]
    for extra in args.tu:
        name, _, flags = extra.partition("=")
        cases.append((name, "every_operation.cpp", flags.split()))
    include = ["-I", str(ROOT / "include")]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "tu.o")
        print(f"median CPU seconds of {args.rounds} interleaved rounds; ratio to the floor")
        for label, base in CONFIGS:
            samples = {name: [] for name, _, _ in cases}
            for _ in range(args.rounds):
                for name, source, flags in cases:
                    command = base + include + flags + [str(SOURCES / source)]
                    if "-c" in base:
                        command += ["-o", out]
                    samples[name].append(cpu_seconds(command))
            floor = statistics.median(samples[cases[1][0]])
            print(f"{label}:")
            for name, _, _ in cases:
                m = statistics.median(samples[name])
                print(f"  {name:<40} {m:6.2f} s  {m / floor:5.2f}x")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
