#!/usr/bin/env python3
"""Side-by-side table of two napload JSON summaries (written by scripts/bench.sh).

usage: bench-table.py DIR            reads DIR/opennapj.json and DIR/reference.json
       bench-table.py A.json B.json  any two summaries (A = OpenNapJ, B = reference)

Prints, for each phase present, the key figures of both runs and the ratio A/B, with a mark
saying which way is better (^ higher is better, v lower is better), then the failures, drops and
notices of each run with the server's own texts.
"""
import json
import os
import re
import sys

MIB = 1024.0

# (phase, label, extractor, better: +1 higher, -1 lower, 0 neither)
ROWS = [
    ("login", "logins ok", lambda p: p.get("ok"), +1),
    ("login", "logins failed", lambda p: p.get("failed"), -1),
    ("login", "logins/s", lambda p: p.get("logins_per_s"), +1),
    ("login", "login latency p50 ms", lambda p: p.get("lat_p50_ms"), -1),
    ("login", "login latency p99 ms", lambda p: p.get("lat_p99_ms"), -1),
    ("login", "server CPU s, login", lambda p: p.get("server_cpu_s"), -1),
    ("login", "server RSS MiB after login", lambda p: kb_mib(p.get("server_rss_kb")), -1),
    ("share", "files acked", lambda p: p.get("files_acked"), +1),
    ("share", "files indexed/s", lambda p: p.get("files_per_s"), +1),
    ("share", "server CPU s, share", lambda p: p.get("server_cpu_s"), -1),
    ("share", "server RSS MiB after share", lambda p: kb_mib(p.get("server_rss_kb")), -1),
    ("share", "RSS growth B/shared file", lambda p: p.get("rss_bytes_per_file"), -1),
    ("share", "files the server reports (214)", lambda p: p.get("server_files"), 0),
    ("search", "searches done", lambda p: p.get("done"), +1),
    ("search", "searches/s", lambda p: p.get("searches_per_s"), +1),
    ("search", "search latency p50 ms", lambda p: p.get("lat_p50_ms"), -1),
    ("search", "search latency p90 ms", lambda p: p.get("lat_p90_ms"), -1),
    ("search", "search latency p99 ms", lambda p: p.get("lat_p99_ms"), -1),
    ("search", "search latency max ms", lambda p: p.get("lat_max_ms"), -1),
    ("search", "results/search mean", lambda p: p.get("results_mean"), 0),
    ("search", "results: zero-result searches", lambda p: p.get("zero_result"), 0),
    ("search", "results: capped at max", lambda p: p.get("capped"), 0),
    ("search", "server CPU s, search", lambda p: p.get("server_cpu_s"), -1),
    ("search", "server CPU ms/search", lambda p: per(p.get("server_cpu_s"), p.get("done"), 1000), -1),
    ("chat", "chat deliveries/s", lambda p: p.get("deliveries_per_s"), +1),
    ("chat", "chat delivered", lambda p: p.get("delivered"), +1),
    ("chat", "chat echo p50 ms", lambda p: p.get("echo_p50_ms"), -1),
    ("hold", "clients alive after hold", lambda p: p.get("alive_after_hold"), +1),
    ("hold", "server RSS MiB while holding", lambda p: kb_mib(p.get("server_rss_kb")), -1),
    ("hold", "server CPU s while holding", lambda p: p.get("server_cpu_s"), -1),
    ("hold", "ping sweep s", lambda p: p.get("ping_sweep_s"), -1),
    ("hold", "ping p99 ms", lambda p: p.get("ping_p99_ms"), -1),
    ("hold", "ping max ms", lambda p: p.get("ping_max_ms"), -1),
]


def kb_mib(kb):
    return None if kb is None else kb / MIB


def per(a, b, scale=1):
    if a is None or not b:
        return None
    return a * scale / b


def load(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.loads(f.read())


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 100:
            return f"{v:.1f}"
        return f"{v:.2f}"
    return f"{v:,}"


def idle_rss_per_client(s, start_mb=None):
    """RSS per logged-in idle client: RSS while holding / clients alive, or, given the RSS
    at start, (RSS while holding - RSS at start) / clients alive."""
    if not s:
        return None
    hold = s.get("phases", {}).get("hold")
    if not hold or not hold.get("alive_after_hold"):
        return None
    rss = hold["server_rss_kb"] * 1024.0
    if start_mb is not None:
        rss -= start_mb * 1024.0 * 1024.0
    return rss / hold["alive_after_hold"]


def start_rss_mb(txt_path):
    """The server RSS napload saw at its start ("server pid N: rss 3.1 MB, ...") or None."""
    try:
        with open(txt_path) as f:
            for line in f:
                m = re.match(r"server pid \d+: rss ([0-9.]+) MB", line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return None


def table(a, b, name_a="OpenNapJ", name_b="opennap-ng", start_rss=None):
    start_rss = start_rss or {}
    lines = []
    w = 34
    lines.append(f"{'metric':<{w}} {name_a:>14} {name_b:>14} {'ratio A/B':>10}")
    lines.append("-" * (w + 41))
    for phase, label, get, better in ROWS:
        pa = (a or {}).get("phases", {}).get(phase)
        pb = (b or {}).get("phases", {}).get(phase)
        if pa is None and pb is None:
            continue
        va = get(pa) if pa else None
        vb = get(pb) if pb else None
        if va is None and vb is None:
            continue
        ratio = "-"
        if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and vb:
            ratio = f"{va / vb:.2f}" + {1: " ^", -1: " v", 0: ""}[better]
        lines.append(f"{label:<{w}} {fmt(va):>14} {fmt(vb):>14} {ratio:>10}")
    ra, rb = idle_rss_per_client(a), idle_rss_per_client(b)
    if ra is not None or rb is not None:
        ratio = f"{ra / rb:.2f} v" if ra and rb else "-"
        lines.append(f"{'RSS per idle client B, total/n':<{w}} {fmt(ra):>14} {fmt(rb):>14} {ratio:>10}")
        sa, sb = start_rss.get("a"), start_rss.get("b")
        if sa is not None or sb is not None:
            ra = idle_rss_per_client(a, sa) if sa is not None else None
            rb = idle_rss_per_client(b, sb) if sb is not None else None
            ratio = f"{ra / rb:.2f} v" if ra and rb else "-"
            lines.append(f"{'RSS per idle client B, growth/n':<{w}} {fmt(ra):>14} {fmt(rb):>14} {ratio:>10}")
    for key, label, s_a, s_b in (("start", "server RSS MiB at napload start", start_rss.get("a"), start_rss.get("b")),):
        if s_a is not None or s_b is not None:
            ratio = f"{s_a / s_b:.2f} v" if s_a and s_b else "-"
            lines.append(f"{label:<{w}} {fmt(s_a):>14} {fmt(s_b):>14} {ratio:>10}")
    for key, label in (("server_cpu_s", "server CPU s, whole run"), ("server_rss_kb", "server RSS MiB at end")):
        va = (a or {}).get(key)
        vb = (b or {}).get(key)
        if key == "server_rss_kb":
            va, vb = kb_mib(va), kb_mib(vb)
        ratio = f"{va / vb:.2f} v" if va and vb else "-"
        lines.append(f"{label:<{w}} {fmt(va):>14} {fmt(vb):>14} {ratio:>10}")
    lines.append("(^ higher is better, v lower is better)")
    for name, s in ((name_a, a), (name_b, b)):
        if not s:
            continue
        for phase, p in s.get("phases", {}).items():
            for key in ("fail_reasons", "drop_reasons", "notices"):
                reasons = p.get(key) or {}
                if reasons:
                    shown = "; ".join(f"{n} x {t!r}" for t, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
                    lines.append(f"{name} {phase} {key}: {shown}")
            if p.get("status") not in (None, "ok"):
                lines.append(f"{name} {phase} status: {p.get('status')}")
    return "\n".join(lines)


def main(argv):
    if len(argv) == 2 and os.path.isdir(argv[1]):
        a = load(os.path.join(argv[1], "opennapj.json"))
        b = load(os.path.join(argv[1], "reference.json"))
        start = {"a": start_rss_mb(os.path.join(argv[1], "opennapj.txt")),
                 "b": start_rss_mb(os.path.join(argv[1], "reference.txt"))}
    elif len(argv) == 3:
        a, b = load(argv[1]), load(argv[2])
        start = {"a": start_rss_mb(argv[1][:-5] + ".txt"), "b": start_rss_mb(argv[2][:-5] + ".txt")}
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if a is None and b is None:
        print("no napload JSON summary found", file=sys.stderr)
        return 1
    print(table(a, b, start_rss=start))
    if len(argv) == 2:
        ca = load(os.path.join(argv[1], "opennapj-concurrent.json"))
        cb = load(os.path.join(argv[1], "reference-concurrent.json"))
        if ca or cb:
            print("\nconcurrent napload (--concurrent), same servers:")
            print(table(ca, cb))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
