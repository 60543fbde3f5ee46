#!/usr/bin/env python3
"""Side-by-side table of scripts/login-storms.sh's results.

usage: storm-table.py DIR
"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            text = f.read().strip()
        return json.loads(text) if text else None
    except (OSError, ValueError):
        return None


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def figures(d, storm, who):
    nap = load(os.path.join(d, f"{who}-{storm}.json")) or {}
    login = nap.get("phases", {}).get("login", {})
    probe = load(os.path.join(d, f"{who}-{storm}-probe.json")) or {}
    return [
        ("ok / failed", f"{fmt(login.get('ok'))} / {fmt(login.get('failed'))}" if login else None, 0),
        ("logins/s", login.get("logins_per_s"), +1),
        ("login p50 ms", login.get("lat_p50_ms"), -1),
        ("login p99 ms", login.get("lat_p99_ms"), -1),
        ("server CPU s", login.get("server_cpu_s"), -1),
        ("online user: ping p99 / max ms", pair(probe.get("ping")), 0),
        ("online user: search p99 / max ms", pair(probe.get("search")), 0),
        ("online user: unanswered", probe.get("unanswered"), -1),
    ]


def pair(s):
    if not s or not s.get("n"):
        return None
    return f"{fmt(s['p99_ms'])} / {fmt(s['max_ms'])} (n={s['n']})"


def main():
    d = sys.argv[1]
    has_ref = os.path.exists(os.path.join(d, "reference-register.json"))
    for storm in ("register", "reconnect", "restart"):
        print(f"\n## {storm}\n")
        print("| figure | OpenNapJ | opennap-ng | ratio |" if has_ref else "| figure | OpenNapJ |")
        print("|---|---:|---:|---:|" if has_ref else "|---|---:|")
        ours = figures(d, storm, "opennapj")
        theirs = figures(d, storm, "reference") if has_ref else [(n, None, 0) for n, _, _ in ours]
        for (name, a, better), (_, b, _) in zip(ours, theirs):
            if not has_ref:
                print(f"| {name} | {fmt(a)} |")
                continue
            ratio = "-"
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
                ratio = f"{a / b:.2f}"
            print(f"| {name} | {fmt(a)} | {fmt(b)} | {ratio} |")


if __name__ == "__main__":
    main()
