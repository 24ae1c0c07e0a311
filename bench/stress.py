#!/usr/bin/env python3
"""`tldoc serve` under stress, over loopback only: load, slow clients, live-reload crowds, rebuilds.

Usage: bench/stress.py [SITE ...] [--quick] [--no-build] [--binary PATH]
       (default: the bundled sample site at the repository's root, and ../shared/telegram-190
       when it is there)

Builds the release binary, copies each site into a temporary directory (the rebuilds edit it)
and starts `tldoc serve` on a free loopback port. Then, against that server only:

  a. load: wrk (Debian's package `wrk`) with 64 connections for 10 s, rotating over real pages
     of the site (read from its sitemap) and a stylesheet and the search index; prints
     requests/s, p50/p99 latency and errors (socket errors, and statuses of 400 and over).
     Target: no error.
  b. slow clients: clients that send a request's headers a byte at a time and never finish
     them, clients that send half a request line and stop, and clients that connect and send
     nothing; while they hang, a normal client fetches a page every 100 ms. Prints the normal
     requests' latency and failures during the attack, and when the server cut each hanging
     client off (or that it did not). Target: normal requests answered promptly, every hanging
     client cut off by the server's timeout.
  c. live-reload crowd: 1,000 clients of the event stream at /__livereload, joining in batches
     of 100 (each waits for its first `build` event) and leaving in batches of 100. Prints the
     server's threads and resident memory (/proc/PID/status: Threads, VmRSS) before, with all
     1,000 connected, and after they left. Target: back to the baseline, within a few threads
     and megabytes.
  d. rebuilds: 1,000 saves of a content file, each waiting for the `build` event of the
     rebuild it caused before the next; VmRSS every 100 rebuilds. Target: flat (no growth
     beyond noise).

Every loop is bounded in count and in time; nothing here talks to any address but 127.0.0.1.
`--quick` runs smaller numbers (2 s of load, 200 clients, 200 rebuilds) to try the script out.
"""
import argparse
import os
import queue
import re
import resource
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, tldoc_binary  # noqa: E402

SHARED_SITE = os.path.join(ROOT, "..", "shared", "telegram-190")
HOST = "127.0.0.1"
# What `tldoc serve` reads of a site; the repository root holds much else (target/, ...).
SITE_INPUTS = ("schema", "content", "templates", "themes", "tldoc.yaml")


def log(message=""):
    print(message, flush=True)


# ------------------------------------------------------------------------------------------
# The server

class Serve:
    """`tldoc serve` of a copy of a site on a free loopback port."""

    def __init__(self, binary, site):
        self.process = subprocess.Popen([binary, "serve", site, "-p", "0", "-i", HOST],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True)
        # What it prints, read on a thread of its own so that its pipe never fills and no
        # wait for a line is without a limit.
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in iter(self.process.stdout.readline, "")]
                         + [lines.put(None)], daemon=True).start()
        self.banner = []
        deadline = time.monotonic() + 300
        self.url = None
        while self.url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.stop()
                raise RuntimeError("tldoc serve printed no URL:\n" + "".join(self.banner))
            self.banner.append(line)
            if "http://" in line:
                self.url = line[line.index("http://"):].split()[0]
        self.port = int(self.url[len("http://"):].split("/")[0].rsplit(":", 1)[1])

    def status(self):
        """Threads and resident memory (KiB), from /proc."""
        fields = {}
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        return int(fields["Threads"]), int(fields["VmRSS"].split()[0])

    def fds(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def get(self, path, timeout=10):
        with urllib.request.urlopen(f"http://{HOST}:{self.port}{path}", timeout=timeout) as r:
            return r.status, r.read()

    def stop(self):
        self.process.kill()
        self.process.wait()


class Stream:
    """The live-reload stream, read as an EventSource would."""

    def __init__(self, port, timeout=30):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.sendall(f"GET /__livereload HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        head = self.file.readline()
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"the live-reload stream answered {head!r}")
        while self.file.readline() not in (b"\r\n", b""):
            pass

    def next(self):
        name, data = "", []
        for _ in range(10_000):
            line = self.file.readline()
            if not line:
                raise RuntimeError("the live-reload stream ended")
            line = line.decode().rstrip("\r\n")
            if not line:
                if name or data:
                    return name, "\n".join(data)
                continue
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        raise RuntimeError("no event in 10,000 lines")

    def next_build(self, other_than, limit=100):
        for _ in range(limit):
            name, data = self.next()
            if name == "build" and data != other_than:
                return data
        raise RuntimeError(f"no new build event in {limit} events")

    def close(self):
        self.file.close()
        self.sock.close()


def pages_of(server):
    """A few real paths of the site: pages spread over its sitemap, a stylesheet, the index."""
    _, sitemap = server.get("/sitemap.xml")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())
    paths = ["/" + url.split("://", 1)[1].split("/", 1)[1] for url in urls]
    step = max(1, len(paths) // 12)
    chosen = paths[::step][:12]
    for extra in ("/assets/style.css", "/search-index.js", "/methods/"):
        try:
            status, _ = server.get(extra)
        except urllib.error.HTTPError:
            continue
        if status == 200:
            chosen.append(extra)
    return chosen


# ------------------------------------------------------------------------------------------
# a. Load

WRK_SCRIPT = r"""
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d max_us=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d bytes=%%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, summary.bytes))
end
"""


def load(server, paths, seconds):
    if shutil.which("wrk") is None:
        log("  a. load: skipped, wrk is missing (Debian: apt-get install wrk)")
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        run = subprocess.run(["wrk", "-t", "2", "-c", "64", "-d", f"{seconds}s", "--timeout", "5s",
                              "-s", script.name, f"http://{HOST}:{server.port}/"],
                             capture_output=True, text=True, timeout=seconds + 60)
    finally:
        os.unlink(script.name)
    line = next((l for l in run.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        log("  a. load: wrk printed no result:\n" + run.stdout + run.stderr)
        return None
    r = {k: int(v) for k, v in (f.split("=") for f in line.split()[1:])}
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    rate = r["requests"] / (r["duration_us"] / 1e6)
    log(f"  a. load: wrk, 64 connections, {seconds} s, {len(paths)} paths in turn")
    log(f"     {r['requests']} requests, {rate:,.0f} requests/s, "
        f"{r['bytes'] / r['duration_us']:.1f} MB/s")
    log(f"     latency p50 {r['p50_us'] / 1000:.2f} ms, p99 {r['p99_us'] / 1000:.2f} ms, "
        f"max {r['max_us'] / 1000:.1f} ms")
    log(f"     errors: {errors} (connect {r['connect']}, read {r['read']}, write {r['write']}, "
        f"timeout {r['timeout']}, status >= 400: {r['status']})"
        + ("   target met" if errors == 0 else "   TARGET NOT MET"))
    return errors == 0


# ------------------------------------------------------------------------------------------
# b. Slow clients

class Hanging:
    """A client that never finishes its request: `kind` says how. Records when the server
    closed the connection (seconds after it connected), or None."""

    # A request line, then header lines without end: every byte of it is well-formed.
    REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(
        f"X-Slow-{n}: {n}\r\n".encode() for n in range(2000))

    def __init__(self, port, kind):
        self.kind = kind
        self.cut_after = None
        self.answer = b""
        self.sent = 0
        self.sock = socket.create_connection((HOST, port), timeout=10)
        self.start = time.monotonic()
        if kind == "half":
            self.sock.sendall(b"GET /index.ht")
        self.sock.setblocking(False)

    def tick(self):
        """Sends the next byte when it is a trickling client."""
        if self.kind == "bytes" and self.cut_after is None:
            try:
                self.sock.send(self.REQUEST[self.sent:self.sent + 1])
                self.sent += 1
            except BlockingIOError:
                pass
            except OSError:
                self.closed()

    def readable(self):
        try:
            data = self.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            self.answer += data
        else:
            self.closed()

    def closed(self):
        if self.cut_after is None:
            self.cut_after = time.monotonic() - self.start
            self.sock.close()


def hang(clients, give_up):
    """Drives every hanging client from one thread (a thread each would measure Python's
    scheduling as much as the server): a byte every 250 ms from the trickling ones, and the
    moment the server closes each."""
    with selectors.DefaultSelector() as selector:
        for client in clients:
            selector.register(client.sock, selectors.EVENT_READ, client)
        started = time.monotonic()
        next_tick = started
        while time.monotonic() - started < give_up:
            if all(client.cut_after is not None for client in clients):
                return
            if time.monotonic() >= next_tick:
                for client in clients:
                    client.tick()
                next_tick += 0.25
            for key, _ in selector.select(timeout=max(0.0, next_tick - time.monotonic())):
                key.data.readable()
                if key.data.cut_after is not None:
                    selector.unregister(key.fileobj)
        for client in clients:
            if client.cut_after is None:
                client.sock.close()


def slow_clients(server, page, per_kind, give_up):
    kinds = ("bytes", "half", "silent")
    threads_before, _ = quiet(server)
    clients, errors = [], 0
    for kind in kinds:
        for _ in range(per_kind):
            try:
                clients.append(Hanging(server.port, kind))
            except OSError:
                errors += 1
    driver = threading.Thread(target=hang, args=(clients, give_up), daemon=True)
    driver.start()
    time.sleep(0.5)
    threads_during, _ = server.status()
    latencies, failures = [], []
    # Normal requests while they hang, until every one of them is gone or we give up.
    while driver.is_alive():
        t = time.monotonic()
        try:
            status, body = server.get(page, timeout=10)
            if status != 200 or not body:
                failures.append(f"status {status}")
        except Exception as error:  # noqa: BLE001 (any failure is reported)
            failures.append(str(error))
        latencies.append((time.monotonic() - t) * 1000)
        time.sleep(0.1)
    driver.join(timeout=give_up + 5)
    threads_after, _ = server.status()
    log(f"  b. slow clients: {per_kind} each sending headers a byte every 250 ms, sending half a "
        f"request line, sending nothing" + (f" ({errors} could not connect)" if errors else ""))
    latencies.sort()
    log(f"     normal requests meanwhile: {len(latencies)}, latency median "
        f"{statistics.median(latencies):.1f} ms, p99 {latencies[int(len(latencies) * 0.99)]:.1f} ms, "
        f"max {latencies[-1]:.1f} ms, failures {len(failures)}"
        + (f" ({failures[0]})" if failures else ""))
    ok = not failures and not errors and latencies[-1] < 1000
    for kind in kinds:
        mine = [c for c in clients if c.kind == kind]
        cut = sorted(c.cut_after for c in mine if c.cut_after is not None)
        answers = {c.answer.split(b"\r\n", 1)[0].decode(errors="replace") for c in mine if c.answer}
        if cut:
            log(f"     {kind:6}: {len(cut)}/{len(mine)} cut off by the server after "
                f"{cut[0]:.1f} to {cut[-1]:.1f} s"
                + (f", answered {', '.join(sorted(answers))}" if answers else ""))
        else:
            log(f"     {kind:6}: none cut off within {give_up} s")
        ok = ok and len(cut) == len(mine)
    log(f"     server threads: {threads_before} before, {threads_during} with "
        f"{len(clients)} hanging, {threads_after} after"
        + ("   target met" if ok else "   TARGET NOT MET"))
    return ok


# ------------------------------------------------------------------------------------------
# c. Live-reload crowd

def quiet(server):
    """The server's status once the threads of earlier connections are gone: when its thread
    count has held still for 1 s (15 s at most)."""
    last, still_since, deadline = None, time.monotonic(), time.monotonic() + 15
    while time.monotonic() < deadline and time.monotonic() - still_since < 1:
        threads, _ = server.status()
        if threads != last:
            last, still_since = threads, time.monotonic()
        time.sleep(0.1)
    return server.status()


def settle(server, baseline, seconds):
    """Waits (at most `seconds`) for the thread count to come back to `baseline`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        threads, _ = server.status()
        if threads <= baseline:
            break
        time.sleep(0.25)
    return server.status()


def crowd(server, clients, batch):
    threads0, rss0 = quiet(server)
    fds0 = server.fds()
    streams, joined_at, peak = [], time.monotonic(), (0, 0)
    for _ in range(clients // batch):
        new = [Stream(server.port) for _ in range(batch)]
        for stream in new:
            stream.next_build(None)
        streams.extend(new)
        threads, rss = server.status()
        peak = max(peak, (threads, rss))
    join_time = time.monotonic() - joined_at
    threads1, rss1 = server.status()
    fds1 = server.fds()
    for _ in range(0, len(streams), batch):
        for stream in streams[:batch]:
            stream.close()
        del streams[:batch]
    left_at = time.monotonic()
    threads2, rss2 = settle(server, threads0, 30)
    # Sockets of clients that left are found by the heartbeat (every 5 s); wait for them too.
    deadline = time.monotonic() + 30
    while server.fds() > fds0 and time.monotonic() < deadline:
        time.sleep(0.25)
    fds2 = server.fds()
    settled = time.monotonic() - left_at
    threads2, rss2 = server.status()
    log(f"  c. live-reload crowd: {clients} streams joining in batches of {batch} "
        f"({join_time:.1f} s), then leaving")
    log(f"     before: {threads0} threads, {rss0 / 1024:.1f} MiB, {fds0} files")
    log(f"     during: {threads1} threads, {rss1 / 1024:.1f} MiB, {fds1} files "
        f"(peak {peak[0]} threads)")
    log(f"     after:  {threads2} threads, {rss2 / 1024:.1f} MiB, {fds2} files "
        f"({settled:.1f} s after the last left)")
    ok = threads2 <= threads0 + 2 and rss2 <= rss0 + 8 * 1024 and fds2 <= fds0 + 2
    log("     back to the baseline: " + ("yes   target met" if ok else "NO   TARGET NOT MET"))
    return ok


# ------------------------------------------------------------------------------------------
# d. Rebuilds

def rebuilds(server, site, page_md, count, every):
    path = os.path.join(site, page_md)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    html = "/" + page_md.removeprefix("content/").removesuffix(".md") + ".html"
    stream = Stream(server.port, timeout=60)
    build = stream.next_build(None)
    series = []
    started = time.monotonic()
    for edit in range(1, count + 1):
        # Saved as editors save: a hidden file renamed over the page, so that no rebuild can
        # read it half written.
        scratch = os.path.join(os.path.dirname(path), ".stress.tmp")
        with open(scratch, "w", encoding="utf-8") as f:
            f.write(original.rstrip("\n") + f"\n\nStress edit number {edit}.\n")
        os.replace(scratch, path)
        build = stream.next_build(build)
        if edit % every == 0:
            _, body = server.get(html)
            if f"Stress edit number {edit}." not in body.decode():
                raise RuntimeError(f"edit {edit}: the page served after its build event lacks it")
            series.append((edit, server.status()[1]))
        if time.monotonic() - started > 1200:
            log(f"     stopped after {edit} rebuilds: 20 minutes")
            break
    took = time.monotonic() - started
    stream.close()
    log(f"  d. rebuilds: {count} saves of {page_md}, each waited for ({took:.1f} s, "
        f"{took / count * 1000:.1f} ms a rebuild)")
    log("     VmRSS (MiB) every " + str(every) + ": "
        + ", ".join(f"{rss / 1024:.1f}" for _, rss in series))
    # Flat: the second half no higher than the first half's peak beyond noise (2%, 2 MiB).
    rss = [r for _, r in series]
    half = len(rss) // 2
    first, last = max(rss[:half] or rss), max(rss[half:])
    ok = last <= first * 1.02 + 2048
    log(f"     peak of the first half {first / 1024:.1f} MiB, of the second {last / 1024:.1f} MiB"
        + ("   flat: target met" if ok else "   GROWING: TARGET NOT MET"))
    return ok


# ------------------------------------------------------------------------------------------

def copy_site(source, into):
    site = os.path.join(into, "site")
    os.mkdir(site)
    for name in SITE_INPUTS:
        src = os.path.join(source, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, name))
        elif os.path.isfile(src):
            shutil.copy(src, os.path.join(site, name))
    return site


def content_page(site):
    for candidate in ("content/methods/messages.sendMessage.md", "content/methods/auth.logOut.md"):
        if os.path.isfile(os.path.join(site, candidate)):
            return candidate
    for dirpath, _, files in os.walk(os.path.join(site, "content", "methods")):
        for name in sorted(files):
            if name.endswith(".md"):
                return os.path.relpath(os.path.join(dirpath, name), site)
    raise RuntimeError("no content/methods/*.md to edit")


def stress(binary, source, args):
    log(f"site: {os.path.normpath(source)}")
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = copy_site(source, scratch)
        server = Serve(binary, site)
        try:
            log("  " + next(l for l in server.banner if l.startswith("built ")).strip())
            paths = pages_of(server)
            results["load"] = load(server, paths, args.seconds)
            results["slow"] = slow_clients(server, paths[0], args.slow, args.give_up)
            results["crowd"] = crowd(server, args.clients, 100)
            results["rebuilds"] = rebuilds(server, site, content_page(site), args.rebuilds,
                                           max(1, args.rebuilds // 10))
        finally:
            server.stop()
    log()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sites", nargs="*")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--binary", help="another tldoc to try (implies --no-build)")
    args = parser.parse_args()
    args.seconds, args.slow, args.give_up = (2, 10, 30) if args.quick else (10, 50, 40)
    args.clients, args.rebuilds = (200, 200) if args.quick else (1000, 1000)
    sites = args.sites or [ROOT] + ([SHARED_SITE] if os.path.isdir(SHARED_SITE) else [])
    if not args.sites and not os.path.isdir(SHARED_SITE):
        log(f"(no {os.path.normpath(SHARED_SITE)}: the bundled sample site only)")
    # The crowd needs a file descriptor per stream, here as in the server (which inherits it).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.clients + 512
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    binary = (tldoc_binary(args.binary) if args.binary or not args.no_build
              else os.path.join(ROOT, "target", "release", "tldoc"))
    failed = []
    for source in sites:
        for name, ok in stress(binary, source, args).items():
            if ok is False:
                failed.append(f"{os.path.basename(os.path.normpath(source))}: {name}")
    log("targets not met: " + ", ".join(failed) if failed else "every target met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
