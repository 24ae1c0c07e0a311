#!/usr/bin/env python3
"""How fast tldoc builds a reference, against the floor of writing it and against Hugo.

Usage: bench/speed.py [--runs N] [--scratch DIR] [--binary PATH] [--skip-hugo] [--skip-scale]
                      [--skip-serve]

--scratch puts the output and copies there (default: beside the checkout); use a tmpfs such as
/dev/shm to measure tldoc rather than the disk. --binary times another tldoc build (an older
commit's, say) instead of building this checkout's.

Prints, as medians of N runs (default 5) after a warm-up, all in one run on this machine:
- the cold build of ../shared/telegram-190: wall, CPU, peak memory, pages per second;
- the floor: copying the built tree with `cp -r`, and tldoc's ratio to it;
- the same build with the twenty earlier layers of ../shared/telegram-history as its history
  (when this tldoc reads `history:` in tldoc.yaml);
- a synthetic schema ten times the size, made here from layer 190 by repeating every definition
  (ids dropped, so each copy gets its own) with its content under the new names, to show how
  time and memory grow: once in ten times the namespaces, once in the same namespaces;
- the time from a content save to the reload event in `tldoc serve` (bench/serve.py);
- Hugo (Debian's `hugo`) building the same pages, written by ../shared/bench-peers, in turn with
  tldoc's build, and tldoc's wall time as a ratio of Hugo's: the median of the ratios of each
  tldoc run to the Hugo run beside it.

Each run is a fresh process writing a fresh directory on the same file system. These machines are
shared and noisy (2 cores): quote medians, and compare figures from the same run only.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, files_in, run, tldoc_binary  # noqa: E402
SHARED = os.path.join(ROOT, "..", "shared")
SITE = os.path.join(SHARED, "telegram-190")
HISTORY = os.path.join(SHARED, "telegram-history")
PEERS = os.path.join(SHARED, "bench-peers", "gen_workload.py")


def measure(runs, prepare, command):
    """Medians of `runs` runs of `command` (after one warm-up), `prepare(i)` before each."""
    figures = []
    for i in range(runs + 1):
        prepare(i)
        figure = run(command(i))
        if i > 0:
            figures.append(figure)
    return tuple(statistics.median(values) for values in zip(*figures))


def bytes_in(tree):
    return sum(os.path.getsize(os.path.join(folder, name))
               for folder, _, names in os.walk(tree) for name in names)


def build_row(label, wall, cpu, peak, files):
    return (f"{label:<34} wall {wall * 1000:7.0f} ms   cpu {cpu * 1000:7.0f} ms   "
            f"peak {peak:6.1f} MiB   {files / wall:7.0f} pages/s")


def tldoc_build(binary, site, scratch, runs, label):
    out = os.path.join(scratch, "out")

    def fresh(_):
        shutil.rmtree(out, ignore_errors=True)

    wall, cpu, peak = measure(runs, fresh, lambda _: [binary, "build", site, "-o", out])
    files = files_in(out)
    print(build_row(label, wall, cpu, peak, files))
    return wall, cpu, peak, out


def copy_floor(tree, scratch, runs):
    target = os.path.join(scratch, "copy")

    def fresh(_):
        shutil.rmtree(target, ignore_errors=True)

    wall, _, _ = measure(runs, fresh, lambda _: ["cp", "-r", tree, target])
    shutil.rmtree(target, ignore_errors=True)
    return wall


# A name in a definition; not a parameter's (`photo:`), which may equal a constructor's.
NAME = re.compile(r"\b[A-Za-z_][\w.]*\b(?!:)")


def scaled_schema(text, copies, rename):
    """`text` (a whole schema file, every section), then `copies - 1` copies of its definitions
    with every name it declares renamed by `rename(name, copy)` and ids dropped (so each is
    computed anew), each copy under the same section markers as the original."""
    lines = text.splitlines()
    definitions = [line for line in lines
                   if "=" in line and line.rstrip().endswith(";") and not line.startswith("//")]
    declared = set()
    for line in definitions:
        declared.add(line.split("=")[0].split()[0].split("#")[0])
        declared.add(line.rsplit("=", 1)[1].strip().rstrip(";").strip().split()[0])
    builtins = {"Vector", "vector", "Bool", "True", "true", "Object", "X", "Type", "t"}
    out = [text]
    for copy in range(1, copies):
        # Each copy starts where the file does: among the types.
        out.append("---types---")
        for line in lines:
            stripped = line.strip()
            if stripped in ("---types---", "---functions---"):
                out.append(stripped)
            elif line in definitions and line.split("#")[0] not in builtins:
                out.append(NAME.sub(lambda m: rename(m.group(0), copy)
                                    if m.group(0) in declared and m.group(0) not in builtins
                                    else m.group(0),
                                    re.sub(r"#[0-9a-f]+", "", line, count=1)))
    return "\n".join(out) + "\n"


def in_new_namespaces(name, copy):
    """`messages.sendMessage` as `messages3.sendMessage`, `user` as `copy3.user`: ten times the
    namespaces too, so every page's list of method namespaces grows tenfold as well."""
    namespace, _, short = name.rpartition(".")
    return f"{namespace}{copy}.{short}" if namespace else f"copy{copy}.{short}"


def in_same_namespaces(name, copy):
    """`messages.sendMessage` as `messages.sendMessageCopy3`: more entities, namespaces kept."""
    return f"{name}Copy{copy}"


def scaled_site(scratch, copies, rename):
    """A copy of layer 190's site with a schema `copies` times as large, content included."""
    site = os.path.join(scratch, f"scaled-{copies}-{rename.__name__}")
    shutil.copytree(SITE, site)
    schema_dir = os.path.join(site, "schema")
    path = os.path.join(schema_dir, "api.tl")
    with open(path, encoding="utf-8") as f:
        api = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(scaled_schema(api, copies, rename))
    for kind in ("methods", "constructors", "types"):
        folder = os.path.join(site, "content", kind)
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            for copy in range(1, copies):
                shutil.copy(os.path.join(folder, name),
                            os.path.join(folder, rename(name[:-3], copy) + ".md"))
    return site


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--scratch", default=os.path.dirname(ROOT))
    parser.add_argument("--binary")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(SITE, "schema")):
        print(f"skipped: no site at {SITE} (the shared data is absent)")
        return 0
    binary = tldoc_binary(args.binary)

    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch:
        print(f"{args.runs} runs after a warm-up, medians; output written under {scratch}")
        site = os.path.join(scratch, "telegram-190")
        # The source sits beside the output, so that both are read and written on one file system.
        shutil.copytree(SITE, site)
        wall, cpu, peak, out = tldoc_build(binary, site, scratch, args.runs, "tldoc build, layer 190")
        print(f"{'':<34} targets: wall < 300 ms, peak < 120 MiB")
        base_files, base_bytes = files_in(out), bytes_in(out)
        floor = copy_floor(out, scratch, args.runs)
        print(f"{'floor: cp -r of that output':<34} wall {floor * 1000:7.0f} ms   "
              f"tldoc / floor = {wall / floor:.1f} (target: under 3)")

        history_site = os.path.join(scratch, "with-history")
        shutil.copytree(site, history_site)
        with open(os.path.join(history_site, "tldoc.yaml"), "a", encoding="utf-8") as f:
            f.write(f"history: {os.path.abspath(HISTORY)}\n")
        check = subprocess.run([binary, "check", history_site], capture_output=True, text=True)
        if check.returncode == 0:
            h_wall, _, h_peak, _ = tldoc_build(binary, history_site, scratch, args.runs,
                                                "with the 20-layer history")
            print(f"{'history costs':<34} wall {(h_wall - wall) * 1000:+7.0f} ms   "
                  f"peak {h_peak - peak:+6.1f} MiB")
        else:
            print("with the 20-layer history: skipped (this tldoc does not read `history:`)")

        if not args.skip_scale:
            for rename, label in ((in_new_namespaces, "ten times, in new namespaces"),
                                  (in_same_namespaces, "ten times, in the same namespaces")):
                scaled = scaled_site(scratch, 10, rename)
                s_wall, s_cpu, s_peak, s_out = tldoc_build(binary, scaled, scratch,
                                                            max(1, args.runs // 2), label)
                print(f"{'  growth':<34} time x{s_wall / wall:.1f}   cpu x{s_cpu / cpu:.1f}   "
                      f"memory x{s_peak / peak:.1f}   (target: under x10); files "
                      f"x{files_in(s_out) / base_files:.1f}, bytes x{bytes_in(s_out) / base_bytes:.1f}")
                shutil.rmtree(scaled)

        if not args.skip_serve:
            serve = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "serve.py"),
                                    "--binary", binary],
                                   capture_output=True, text=True)
            line = next((l for l in serve.stdout.splitlines() if l.startswith("save -> reload")), None)
            print(f"{'tldoc serve, save to reload event':<34} {line[len('save -> reload event'):].strip()}"
                  if line else f"tldoc serve: {serve.stdout}{serve.stderr}")

        if not args.skip_hugo:
            if shutil.which("hugo") is None or not os.path.isfile(PEERS):
                print("hugo: skipped (install Debian's hugo; ../shared/bench-peers is needed too)")
            else:
                peers = os.path.join(scratch, "peers")
                schema = os.path.join(SITE, "schema")
                subprocess.run([sys.executable, PEERS, "--tl", os.path.join(schema, "api.tl"),
                                "--errors", os.path.join(schema, "errors.csv"),
                                "--methods", os.path.join(schema, "methods.csv"), "--out", peers],
                               check=True, stdout=subprocess.DEVNULL)
                hugo_out = os.path.join(scratch, "hugo-out")
                hugo_command = ["hugo", "--quiet", "--noBuildLock", "-s", os.path.join(peers, "hugo"),
                                "-d", hugo_out]
                tldoc_out = os.path.join(scratch, "out")
                tldoc_command = [binary, "build", site, "-o", tldoc_out]
                # The two take turns, each tldoc run paired with the Hugo run right after it: the
                # machine's speed drifts by a third within a minute here, and timing one tool's
                # runs and then the other's compared two different machines.
                pairs = []
                for i in range(args.runs + 1):
                    shutil.rmtree(tldoc_out, ignore_errors=True)
                    tldoc_run = run(tldoc_command)
                    shutil.rmtree(hugo_out, ignore_errors=True)
                    hugo_run = run(hugo_command)
                    if i > 0:
                        pairs.append((tldoc_run, hugo_run))
                hugo = tuple(statistics.median(h[i] for _, h in pairs) for i in range(3))
                tldoc_wall = statistics.median(t[0] for t, _ in pairs)
                ratios = sorted(t[0] / h[0] for t, h in pairs)
                print(build_row("hugo, the same pages", *hugo, files_in(hugo_out)))
                print(f"{'tldoc, in turn with it':<34} wall {tldoc_wall * 1000:7.0f} ms")
                print(f"{'tldoc / hugo, run by run':<34} {statistics.median(ratios):.3f} median "
                      f"({ratios[0]:.3f} to {ratios[-1]:.3f}; target: at most 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
