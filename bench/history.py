#!/usr/bin/env python3
"""Prints the extra build time of a layer history: `tldoc build` of ../shared/telegram-190 without
a history, and with the newest 5, 10 and 20 layers of ../shared/telegram-history.

Usage: bench/history.py [--runs N]    (default: 9 runs of each, after a warm-up round)

Builds the release binary first. The site is copied once to a scratch directory (its tldoc.yaml
gets `history:` pointing at a scratch directory holding the newest N layers); every run is a fresh
process writing a fresh output. The variants are run in turn within each round, so that the
machine's drift (these machines are shared and noisy) falls on all of them alike; the medians are
the figures to quote. The extra wall time should stay under 0.2 s for twenty layers, and grow
linearly with their number: the last lines print the cost per layer of each variant to show it.
CPU time (user + system, all threads) is printed too: on a busy machine it varies less than wall
time, and it says what the history costs whatever the number of cores. So is the time of `tldoc
check` (which loads the site, history included, and renders nothing), where the history's share
stands out of rendering's noise and its growth with the number of layers shows.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, files_in, run, tldoc_binary  # noqa: E402

SHARED = os.path.join(ROOT, "..", "shared")
COUNTS = [0, 5, 10, 20]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    site = os.path.join(SHARED, "telegram-190")
    history = os.path.join(SHARED, "telegram-history")
    if not os.path.isdir(site) or not os.path.isdir(history):
        print(f"skipped: {os.path.normpath(SHARED)} is absent (the shared data ships only with CI)")
        return 0
    layers = sorted(name for name in os.listdir(history) if name.endswith(".tl"))
    if len(layers) < max(COUNTS):
        print(f"skipped: {history} has {len(layers)} layers, fewer than {max(COUNTS)}")
        return 0
    binary = tldoc_binary()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "site")
        shutil.copytree(site, copy)
        with open(os.path.join(copy, "tldoc.yaml")) as settings:
            base_settings = settings.read()
        for count in COUNTS[1:]:
            folder = os.path.join(scratch, f"layers-{count}")
            os.mkdir(folder)
            for name in layers[-count:]:
                shutil.copy(os.path.join(history, name), folder)

        def build(count, attempt, command="build"):
            settings = base_settings
            if count:
                settings += f"\nhistory: {os.path.join(scratch, f'layers-{count}')}\n"
            with open(os.path.join(copy, "tldoc.yaml"), "w") as out:
                out.write(settings)
            out = os.path.join(scratch, f"out-{count}-{attempt}")
            args = [binary, "build", copy, "-o", out] if command == "build" else [binary, "check", copy]
            wall, cpu, _ = run(args)
            files = 0
            if command == "build":
                files = files_in(out)
                shutil.rmtree(out)
            return wall, cpu, files

        walls = {count: [] for count in COUNTS}
        cpus = {count: [] for count in COUNTS}
        loads = {count: [] for count in COUNTS}
        files = {}
        for attempt in range(args.runs + 1):
            for count in COUNTS:
                wall, cpu, files[count] = build(count, attempt)
                # `tldoc check` loads the site and renders nothing: the history's share of the
                # load, apart from rendering's noise.
                load, _, _ = build(count, attempt, "check")
                if attempt > 0:  # the first round warms the file cache up
                    walls[count].append(wall)
                    cpus[count].append(cpu)
                    loads[count].append(load)

    medians = {count: statistics.median(times) for count, times in walls.items()}
    cpu_medians = {count: statistics.median(times) for count, times in cpus.items()}
    print(f"tldoc build of {os.path.normpath(site)}, {args.runs} runs of each after a warm-up round")
    for count in COUNTS:
        times = walls[count]
        label = "no history" if count == 0 else f"{count:2} earlier layers"
        print(f"  {label:<18} wall median {medians[count] * 1000:7.1f} ms "
              f"(min {min(times) * 1000:7.1f}, max {max(times) * 1000:7.1f})   "
              f"cpu median {cpu_medians[count] * 1000:7.1f} ms   ({files[count]} files)")
    mins = {count: min(times) for count, times in walls.items()}
    for count in COUNTS[1:]:
        extra = medians[count] - medians[0]
        fastest = mins[count] - mins[0]
        cpu = cpu_medians[count] - cpu_medians[0]
        print(f"  extra for {count:2} layers: wall median {extra * 1000:6.1f} ms "
              f"({extra * 1000 / count:5.1f} per layer), min {fastest * 1000:6.1f} ms   "
              f"cpu median {cpu * 1000:6.1f} ms ({cpu * 1000 / count:5.1f} per layer)")
    load_medians = {count: statistics.median(times) for count, times in loads.items()}
    print("loading only (tldoc check), wall medians:")
    for count in COUNTS:
        extra = load_medians[count] - load_medians[0]
        per_layer = f"   {extra * 1000:6.1f} ms more, {extra * 1000 / count:5.1f} per layer" if count else ""
        print(f"  {count:2} earlier layers  {load_medians[count] * 1000:7.1f} ms{per_layer}")
    twenty = medians[20] - medians[0]
    verdict = "met" if twenty < 0.2 else "NOT met"
    print(f"target: under 200 ms extra wall time (medians) for 20 layers: {verdict} ({twenty * 1000:.1f} ms)")
    print(f"load average (1, 5, 15 min) at the start: {load_before}, at the end: {os.getloadavg()}"
          " (on a busy machine, trust the minimums and the cpu times more)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
