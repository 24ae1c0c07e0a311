#!/usr/bin/env python3
"""Times `tldoc build` of a site: wall time, CPU time and peak memory, medians of several runs.

Usage: bench/build.py [SITE] [--runs N]    (default: ../shared/telegram-190, 7 runs)

Builds the release binary first. Each run is a fresh process writing a fresh output directory,
as a maintainer's CI run would; the first run is a warm-up (file cache) and is not counted.
These machines are shared and noisy, so the median is the figure to quote.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, files_in, run, tldoc_binary  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", default=os.path.join(ROOT, "..", "shared", "telegram-190"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.site, "schema")):
        print(f"skipped: no site at {args.site} (the shared data is absent)")
        return 0
    binary = tldoc_binary()

    walls, cpus, peaks, files = [], [], [], 0
    with tempfile.TemporaryDirectory() as scratch:
        for attempt in range(args.runs + 1):
            out = os.path.join(scratch, f"out{attempt}")
            wall, cpu, peak = run([binary, "build", args.site, "-o", out])
            files = files_in(out)
            shutil.rmtree(out)
            if attempt == 0:
                continue
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)

    pages = files
    wall = statistics.median(walls)
    print(f"site: {os.path.normpath(args.site)} ({pages} files written), {args.runs} runs after a warm-up")
    print(f"wall   median {wall * 1000:8.1f} ms   min {min(walls) * 1000:8.1f} ms   max {max(walls) * 1000:8.1f} ms")
    print(f"cpu    median {statistics.median(cpus) * 1000:8.1f} ms   (user + system, all threads)")
    print(f"memory peak   median {statistics.median(peaks):6.1f} MiB   max {max(peaks):6.1f} MiB")
    print(f"rate          {pages / wall:8.0f} files/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
