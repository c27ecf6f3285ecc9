#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""acs_rooms: compile-time benchmark. Compiles, in interleaved rounds, with g++ -O0,
g++ -O2 -fsyntax-only and clang++ -O2, and prints the median CPU time (user + system of the
compiler, so time spent descheduled on a busy machine does not count) of each TU, its peak
memory, and its ratio to the compile floor:

  every operation (header-only)   tests/bench/compile/every_operation.cpp: <acs/rooms.hpp>,
                                  every operation called
  every operation (separate)      the same TU with ACS_ROOMS_SEPARATE_COMPILATION (the library's
                                  one implementation TU, src/compiled.cpp, is built once, apart)
  floor (json + date, one parse)  floor.cpp: what any user of nlohmann/json and date pays
  json_fwd + date only            fwd_only.cpp: json_fwd.hpp, date and the standard headers we use
  async + beast (header-only)     async_beast.cpp: an async client over beast_transport, every
                                  operation with a callback (with --async, or by default)
  async + beast (separate)        the same with ACS_ROOMS_SEPARATE_COMPILATION
  async + beast (both separate)   and ACS_ROOMS_BEAST_SEPARATE_COMPILATION (the exchange, in
                                  src/beast.cpp, is built once, apart)
  asio floor (beast https, 1 call) asio_floor.cpp: Beast's HTTP over SSL, one write and read

Usage: tools/compile_bench.py [--rounds 3] [--no-async] [--tu "name=flags"]
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
SEPARATE = ["-DACS_ROOMS_SEPARATE_COMPILATION"]
BEAST_SEPARATE = SEPARATE + ["-DACS_ROOMS_BEAST_SEPARATE_COMPILATION"]
FLOOR = "floor (json + date, one parse)"


def cpu_seconds(command):
    """CPU seconds of one run (ru_maxrss of the children is the largest so far, not this run's,
    so the peak memory comes from /usr/bin/time, which wraps the compiler)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-async", action="store_true", help="skip the Beast TUs")
    parser.add_argument("--tu", action="append", default=[],
                        help="name=flags: an extra case compiling every_operation.cpp with flags")
    args = parser.parse_args()
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("compile_bench.py needs /usr/bin/time (Debian package: time)")
    cases = [("every operation (header-only)", "every_operation.cpp", []),
             (FLOOR, "floor.cpp", []),
             ("json_fwd + date only", "fwd_only.cpp", []),
             ("every operation (separate)", "every_operation.cpp", SEPARATE)]
    if not args.no_async:
        cases += [("async + beast (header-only)", "async_beast.cpp", []),
                  ("async + beast (separate)", "async_beast.cpp", SEPARATE),
                  ("async + beast (both separate)", "async_beast.cpp", BEAST_SEPARATE),
                  ("asio floor (beast https, 1 call)", "asio_floor.cpp", [])]
    for extra in args.tu:
        name, _, flags = extra.partition("=")
        cases.append((name, "every_operation.cpp", flags.split()))
    include = ["-I", str(ROOT / "include")]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "tu.o")
        print(f"median CPU seconds of {args.rounds} interleaved rounds; ratio to the floor "
              f"({FLOOR})")
        for label, base in CONFIGS:
            samples = {name: [] for name, _, _ in cases}
            for _ in range(args.rounds):
                for name, source, flags in cases:
                    command = ["/usr/bin/time", "-f", "%M", "-o", os.path.join(tmp, "rss")]
                    command += base + include + flags + [str(SOURCES / source)]
                    if "-c" in base:
                        command += ["-o", out]
                    seconds = cpu_seconds(command)
                    rss = int(pathlib.Path(tmp, "rss").read_text().split()[-1]) / 1024
                    samples[name].append((seconds, rss))
            floor = statistics.median(s for s, _ in samples[FLOOR])
            print(f"{label}:")
            for name, _, _ in cases:
                m = statistics.median(s for s, _ in samples[name])
                rss = max(r for _, r in samples[name])
                print(f"  {name:<34} {m:6.2f} s  {m / floor:5.2f}x  {rss:6.0f} MiB")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
