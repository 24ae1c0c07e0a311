"""What the benchmark scripts share: the binary to time, and timing one run of it."""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tldoc_binary(given=None):
    """`given` (another tldoc, an older commit's say), or this checkout's, built for release."""
    if given:
        return os.path.abspath(given)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "tldoc")


def run(command, cwd=None):
    """Runs `command`; returns its wall time (s), CPU time (s) and peak memory (MiB), or exits
    with what it printed when it fails."""
    # Its output goes to a file: a pipe read only after the child exits fills up and stalls it.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own usage, not that of every child this script has waited for.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def files_in(tree):
    """How many files `tree` holds."""
    return sum(len(names) for _, _, names in os.walk(tree))
