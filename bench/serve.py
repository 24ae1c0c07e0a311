#!/usr/bin/env python3
"""Times `tldoc serve` from a content save to the reload event, medians of several edits; and
from the save that fixes a broken edit to the reload event.

Usage: bench/serve.py [SITE] [--edits N] [--breaks N] [--page PATH]
       (default: ../shared/telegram-190, 7 edits after a warm-up, then 3 breaks each followed by
       its fix, content/methods/messages.sendMessage.md)

Builds the release binary first, copies the site into a temporary directory (the edits must not
touch the original), starts `tldoc serve` on a free loopback port and listens on its live-reload
stream as a page would. Each edit saves one content file with a new sentence, as editors do (a
new file renamed over the old one); the time is from the moment the rename returns to the `build`
event announcing the new build, which a page reloads on; the page is then fetched to check that
it has the new sentence. The server's own figure for each rebuild (`updated N files in X ms`, or
`built N files in X ms` for a whole build) is shown beside it: the rest is the debounce and the
file-system notification. Each break saves front matter that does not parse and waits for the
error overlay; its fix saves the page with a new sentence again, timed the same way: a fix must
come as fast as an edit. These machines are shared and noisy: quote the median.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

TARGET_MS = 50

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, tldoc_binary  # noqa: E402
from stress import Stream  # noqa: E402  (the live-reload stream, read as an EventSource would)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", default=os.path.join(ROOT, "..", "shared", "telegram-190"))
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--breaks", type=int, default=3)
    parser.add_argument("--page", default="content/methods/messages.sendMessage.md")
    parser.add_argument("--binary", help="a tldoc binary to time instead of this checkout's")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.site, "schema")):
        print(f"skipped: no site at {args.site} (the shared data is absent)")
        return 0
    binary = tldoc_binary(args.binary)

    with tempfile.TemporaryDirectory() as scratch:
        site = os.path.join(scratch, "site")
        shutil.copytree(args.site, site)
        page = os.path.join(site, args.page)
        with open(page, encoding="utf-8") as f:
            original = f.read()
        html_path = args.page.removeprefix("content/").removesuffix(".md") + ".html"

        server = subprocess.Popen([binary, "serve", site, "-p", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        try:
            lines = []
            url = None
            while url is None:
                line = server.stdout.readline()
                if not line:
                    print("tldoc serve stopped before printing its URL:\n" + "".join(lines), file=sys.stderr)
                    return 1
                lines.append(line)
                if "http://" in line:
                    url = line[line.index("http://"):].split()[0]
            first_build = next(l for l in lines if l.startswith("built "))
            # The server's report of each rebuild, read as it comes.
            reports = []
            threading.Thread(target=lambda: reports.extend(iter(server.stdout.readline, "")),
                             daemon=True).start()
            # tldoc serve listens on 127.0.0.1 by default, where the stream connects.
            port = url[len("http://"):].split("/")[0].rsplit(":", 1)[1]
            stream = Stream(int(port), timeout=120)
            build = stream.next_build(None)

            def save(text):
                # Saved as editors save: written beside it (a name the watcher ignores), then
                # renamed over it, so the watcher never sees a half-written file.
                temporary = page + "~"
                with open(temporary, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(temporary, page)
                return time.perf_counter()

            def edit(number):
                """Saves a new sentence; the time to the reload event, the page checked."""
                nonlocal build
                sentence = f"Benchmark edit number {number}."
                saved = save(original.rstrip("\n") + f"\n\n{sentence}\n")
                build = stream.next_build(build)
                took = time.perf_counter() - saved
                with urllib.request.urlopen(url + html_path, timeout=60) as response:
                    if sentence not in response.read().decode():
                        raise RuntimeError(f"edit {number}: the page does not have the new sentence")
                return took * 1000

            saves = []
            for number in range(args.edits + 1):
                took = edit(number)
                if number > 0:  # the first is a warm-up: the first rebuild fills caches
                    saves.append(took)
            time.sleep(0.2)
            edit_reports = len(reports)
            fixes = []
            for number in range(args.breaks):
                save("---\ndescription: [unclosed\n---\n")
                while True:  # the overlay that shows the error
                    name, data = stream.next()
                    if name == "overlay" and data:
                        break
                fixes.append(edit(args.edits + 1 + number))
            time.sleep(0.2)
            # The reports of the rebuilds, but the warm-up's (the first build's was read above).
            def times(lines):
                return [float(line.split(" in ")[1].split(" ms")[0]) for line in lines
                        if line.startswith(("built ", "updated ")) and " in " in line]
            rebuilds = times(reports[:edit_reports])[1:]
            fix_rebuilds = times(reports[edit_reports:])
        finally:
            server.kill()
            server.wait()

    median = statistics.median(saves)
    print(f"site: {os.path.normpath(args.site)}; first build: {first_build.strip()}")
    print(f"edited {args.page} {args.edits} times after a warm-up")
    print(f"save -> reload event   median {median:7.1f} ms   min {min(saves):7.1f} ms   max {max(saves):7.1f} ms")
    if rebuilds:
        print(f"of which the rebuild   median {statistics.median(rebuilds):7.1f} ms   (as tldoc serve reports it)")
    if fixes:
        fixed = statistics.median(fixes)
        print(f"broke and fixed it {len(fixes)} times")
        print(f"fix -> reload event    median {fixed:7.1f} ms   min {min(fixes):7.1f} ms   max {max(fixes):7.1f} ms")
        if fix_rebuilds:
            print(f"of which the rebuild   median {statistics.median(fix_rebuilds):7.1f} ms   (as tldoc serve reports it)")
        median = max(median, fixed)
    verdict = "met" if median < TARGET_MS else "not met"
    what = "edit and fix" if fixes else "edit"
    print(f"target under {TARGET_MS} ms ({what}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
