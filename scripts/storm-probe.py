#!/usr/bin/env python3
"""One logged-in user who keeps asking a server for a little while it is under load, and reports
how long the answers took: a 750 server ping every 20 ms and a search (200) every 100 ms, over
one connection on 127.0.0.1. Stops at SIGTERM/SIGINT or after --seconds, then prints one JSON
line: {"ping": {"n", "p50_ms", "p99_ms", "max_ms"}, "search": {...}, "unanswered": N}.

usage: storm-probe.py PORT [--nick NICK] [--seconds N]
"""
import argparse
import json
import select
import signal
import socket
import struct
import sys
import time

PING, SEARCH, SEARCH_END, LOGIN, LOGIN_ACK = 750, 200, 202, 2, 3


def frame(kind, text):
    data = text.encode("latin-1")
    return struct.pack("<HH", len(data), kind) + data


def summary(latencies):
    if not latencies:
        return {"n": 0}
    s = sorted(latencies)

    def pct(p):
        return round(s[min(len(s) - 1, int(len(s) * p))] * 1000, 2)
    return {"n": len(s), "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": round(s[-1] * 1000, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--nick", default="stormprobe")
    ap.add_argument("--seconds", type=float, default=600)
    a = ap.parse_args()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    sock = socket.create_connection(("127.0.0.1", a.port), timeout=30)
    sock.sendall(frame(LOGIN, f'{a.nick} probepass 0 "storm-probe" 3'))
    buf = b""
    sent = {PING: [], SEARCH_END: []}
    lat = {PING: [], SEARCH_END: []}
    logged_in = False
    deadline = time.monotonic() + a.seconds
    next_ping = next_search = 0.0
    sock.setblocking(False)
    while not stop and time.monotonic() < deadline:
        now = time.monotonic()
        if logged_in and now >= next_ping:
            sock.sendall(frame(PING, ""))
            sent[PING].append(now)
            next_ping = now + 0.02
        if logged_in and now >= next_search:
            sock.sendall(frame(SEARCH, 'FILENAME CONTAINS "zzqx" MAX_RESULTS 10'))
            sent[SEARCH_END].append(now)
            next_search = now + 0.1
        wait = max(0.0, min(next_ping, next_search) - time.monotonic()) if logged_in else 0.05
        r, _, _ = select.select([sock], [], [], wait)
        if not r:
            continue
        try:
            chunk = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            continue
        if not chunk:
            print("storm-probe: the server closed the connection", file=sys.stderr)
            break
        buf += chunk
        while len(buf) >= 4:
            n, kind = struct.unpack("<HH", buf[:4])
            if len(buf) < 4 + n:
                break
            buf = buf[4 + n:]
            t = time.monotonic()
            if kind == LOGIN_ACK:
                logged_in = True
            elif kind in sent and sent[kind]:
                lat[kind].append(t - sent[kind].pop(0))
    sock.close()
    print(json.dumps({"ping": summary(lat[PING]), "search": summary(lat[SEARCH_END]),
                      "unanswered": len(sent[PING]) + len(sent[SEARCH_END])}))


if __name__ == "__main__":
    main()
