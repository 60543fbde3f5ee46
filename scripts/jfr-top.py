#!/usr/bin/env python3
"""Summarises a JFR recording made by scripts/bench.sh --jfr: hottest methods and allocation sites.

usage: jfr-top.py RECORDING.jfr [N]      (N rows per table, default 25)

Uses the JDK's `jfr print --json` (from $JAVA_HOME/bin, else PATH). Prints
  * CPU samples (jdk.ExecutionSample) per thread,
  * self time: the top frame of each sample,
  * total time: every method on the stack (counted once per sample),
  * the first org.opennapj frame of each sample (where our code spends, itself or below),
  * allocation (jdk.ObjectAllocationSample, weighted by bytes) by class and by the first
    org.opennapj frame.
"""
import collections
import json
import os
import shutil
import subprocess
import sys


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or "jfr"


def events(path, name):
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "64", "--events", name, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(fr):
    m = fr["method"]
    t = m["type"]["name"].replace("/", ".")
    return f"{t}.{m['name']}"


def frames(ev):
    st = ev["values"].get("stackTrace")
    if not st:
        return []
    return [frame_name(f) for f in st["frames"]]


def first_ours(fs):
    for f in fs:
        if f.startswith("org.opennapj.") and "$$Lambda" not in f:
            return f
    return "(no org.opennapj frame)"


def show(title, counter, total, n, unit="samples"):
    print(f"\n== {title} (of {total:,} {unit})")
    for k, v in counter.most_common(n):
        print(f"{100.0 * v / total:6.1f}%  {v:>10,}  {k}")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 25
    samples = events(path, "jdk.ExecutionSample")
    threads = collections.Counter()
    self_t = collections.Counter()
    total_t = collections.Counter()
    ours = collections.Counter()
    for ev in samples:
        th = ev["values"].get("sampledThread") or {}
        threads[th.get("javaName") or th.get("osName") or "?"] += 1
        fs = frames(ev)
        if not fs:
            continue
        self_t[fs[0]] += 1
        for f in set(fs):
            total_t[f] += 1
        ours[first_ours(fs)] += 1
    total = len(samples)
    if total:
        show("CPU samples per thread", threads, total, n)
        show("self (top frame)", self_t, total, n)
        show("total (on the stack)", total_t, total, n)
        show("first org.opennapj frame", ours, total, n)
    allocs = events(path, "jdk.ObjectAllocationSample")
    by_class = collections.Counter()
    by_site = collections.Counter()
    by_top = collections.Counter()
    weight = 0
    for ev in allocs:
        w = int(ev["values"].get("weight") or 0)
        cls = (ev["values"].get("objectClass") or {}).get("name", "?")
        fs = frames(ev)
        by_class[cls] += w
        by_site[first_ours(fs)] += w
        by_top[(fs[0] if fs else "?") + " <- " + first_ours(fs)] += w
        weight += w
    if weight:
        mib = collections.Counter({k: v // (1024 * 1024) for k, v in by_class.items()})
        show("allocation by class, MiB", mib, weight // (1024 * 1024), n, "MiB sampled")
        mib = collections.Counter({k: v // (1024 * 1024) for k, v in by_site.items()})
        show("allocation by first org.opennapj frame, MiB", mib, weight // (1024 * 1024), n, "MiB sampled")
        mib = collections.Counter({k: v // (1024 * 1024) for k, v in by_top.items()})
        show("allocation by allocating frame <- first org.opennapj frame, MiB", mib, weight // (1024 * 1024), n,
             "MiB sampled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
