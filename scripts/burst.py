#!/usr/bin/env python3
"""Memory after a hostile burst: starts an OpenNapJ server through the launcher (its defaults,
unless OPENNAPJ_JAVA_OPTS is set), records its RSS, floods it for a while with clients that
never read (a 4 KB receive buffer, 25 KB writes of 750 pings, as in issue 13), records the peak
RSS, then how the RSS comes back while the server sits idle.

    scripts/burst.py [--flood 15] [--flooders 4] [--after 90] [--out DIR]

Everything listens and connects on 127.0.0.1 only; every loop is bounded in count and time, and
the server is stopped at the end (also on Ctrl-C). Output: a table on stdout, and in DIR
(default target/bench/burst-<time>) the server's log, rss.csv (seconds, RSS MiB, phase) and
burst.json.
"""
import argparse
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def frame(msg_type, data):
    body = data.encode("latin-1")
    return struct.pack("<HH", len(body), msg_type) + body


def read_frame(sock):
    head = b""
    while len(head) < 4:
        chunk = sock.recv(4 - len(head))
        if not chunk:
            raise ConnectionError("closed")
        head += chunk
    length, msg_type = struct.unpack("<HH", head)
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return msg_type, body.decode("latin-1")


def login(port, nick, rcvbuf=0, timeout=10.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(frame(2, '%s pass 6699 "nap v1.0" 3' % nick))
    deadline = time.time() + timeout
    while time.time() < deadline:
        t, d = read_frame(s)
        if t == 3:
            return s
        if t == 0:
            s.close()
            raise ConnectionError("login of %s refused: %s" % (nick, d))
    s.close()
    raise ConnectionError("no login ack for " + nick)


def rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def free_port():
    """A free port below the ephemeral range, which the clients' own ports (and the launcher's
    training run, on port 0) come from."""
    import random
    for _ in range(200):
        p = random.randint(20000, 32000)
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue
        finally:
            s.close()
    raise SystemExit("no free port found")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--flood", type=float, default=15, help="seconds of flooding (default 15)")
    ap.add_argument("--flooders", type=int, default=4, help="flooding clients at a time (default 4)")
    ap.add_argument("--after", type=float, default=90, help="seconds to watch the RSS after the flood (default 90)")
    ap.add_argument("--settle", type=float, default=20, help="seconds idle before the first reading (default 20)")
    ap.add_argument("--out", help="results directory")
    args = ap.parse_args()

    out = args.out or os.path.join(HERE, "target", "bench", "burst-" + time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out, exist_ok=True)
    # build first (bounded), so that the start below only starts
    subprocess.run([os.path.join(HERE, "opennapj"), "--help"], stdout=subprocess.DEVNULL,
                   stderr=open(os.path.join(out, "build.log"), "w"), timeout=600, check=True)
    data = tempfile.mkdtemp(prefix="opennapj-burst-")
    port = free_port()
    cmd = [os.path.join(HERE, "opennapj"), "server", "--data", data, "--port", str(port), "--listen", "127.0.0.1"]
    log = open(os.path.join(out, "server.log"), "w")
    print("OPENNAPJ_JAVA_OPTS=%r %s" % (os.environ.get("OPENNAPJ_JAVA_OPTS", ""), " ".join(cmd)), file=sys.stderr)
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    samples = []
    t0 = time.time()
    stop = threading.Event()

    def sample(phase):
        r = rss_mib(server.pid)
        if r is not None:
            samples.append((round(time.time() - t0, 1), round(r, 1), phase))
        return r

    def cleanup(*_):
        stop.set()
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(5)
        subprocess.run(["rm", "-rf", data])

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        deadline = time.time() + 180  # a first start may record the startup cache first
        observer = None
        while time.time() < deadline and server.poll() is None:
            try:
                observer = login(port, "observer")
                break
            except OSError:
                time.sleep(0.2)
        if observer is None:
            raise SystemExit("the server did not take a login within 180 s; see " + out + "/server.log")
        with open("/proc/%d/cmdline" % server.pid) as f:
            jvm = f.read().split("\0")
        # idle a while, so the start-up work (JIT, class loading) is behind the first reading
        end = time.time() + args.settle
        while time.time() < end:
            sample("before")
            time.sleep(1)
        before = sample("before")

        # the flood: each flooder logs in, never reads, writes 25 KB of pings until a write fails or
        # blocks for 5 s, then starts over with a new nick
        pings = frame(750, "x") * 5000
        stats = {"connections": 0, "bytes": 0, "reset": 0, "blocked": 0, "refused": 0}
        lock = threading.Lock()
        flood_end = time.time() + args.flood

        def flooder(n):
            k = 0
            while time.time() < flood_end and not stop.is_set() and k < 100000:
                k += 1
                try:
                    s = login(port, "flood%d_%d" % (n, k), rcvbuf=4096)
                except OSError:
                    with lock:
                        stats["refused"] += 1
                    time.sleep(0.1)
                    continue
                s.settimeout(5)
                sent = 0
                how = "time"
                try:
                    while time.time() < flood_end and sent < 2_000_000_000:
                        s.sendall(pings)
                        sent += len(pings)
                except socket.timeout:
                    how = "blocked"
                except OSError:
                    how = "reset"
                finally:
                    s.close()
                with lock:
                    stats["connections"] += 1
                    stats["bytes"] += sent
                    if how in stats:
                        stats[how] += 1

        pong_max = [0.0]
        pongs = [0]

        def pinger():
            observer.settimeout(10)
            while not stop.is_set() and time.time() < flood_end + 1:
                t = time.time()
                observer.sendall(frame(750, ""))
                while True:
                    mt, _ = read_frame(observer)
                    if mt == 750:
                        break
                pong_max[0] = max(pong_max[0], time.time() - t)
                pongs[0] += 1
                time.sleep(0.05)

        threads = [threading.Thread(target=flooder, args=(i,), daemon=True) for i in range(args.flooders)]
        threads.append(threading.Thread(target=pinger, daemon=True))
        for t in threads:
            t.start()
        peak = before or 0
        while any(t.is_alive() for t in threads) and time.time() < flood_end + 30:
            r = sample("flood")
            peak = max(peak, r or 0)
            time.sleep(0.5)
        # afterwards: the server idles with one client logged in
        after_start = time.time()
        marks = {}
        while time.time() < after_start + args.after and server.poll() is None:
            r = sample("after")
            peak = max(peak, r or 0)
            el = time.time() - after_start
            for m in (10, 30, 60, 90, 120):
                if el >= m and m not in marks:
                    marks[m] = r
            time.sleep(1)
        final = sample("after")
        marks["end"] = final
        observer.close()
        with open(os.path.join(out, "server.log")) as f:
            log_lines = sum(1 for _ in f)
        result = {
            "jvm": " ".join(a for a in jvm if a.startswith("-X")),
            "rss_before_mib": before, "rss_peak_mib": peak,
            "rss_after_mib": {str(k): v for k, v in marks.items()},
            "flood_seconds": args.flood, "flooders": args.flooders, "flood": stats,
            "observer_pings": pongs[0], "observer_ping_max_s": round(pong_max[0], 3),
            "server_log_lines": log_lines,
        }
        with open(os.path.join(out, "rss.csv"), "w") as f:
            f.write("seconds,rss_mib,phase\n")
            for s in samples:
                f.write("%s,%s,%s\n" % s)
        with open(os.path.join(out, "burst.json"), "w") as f:
            json.dump(result, f, indent=1)
        print("JVM options: " + result["jvm"])
        print("RSS before %.1f MiB, peak %.1f MiB; after the flood: %s" % (
            before, peak, ", ".join("%s s %.1f" % (k, v) for k, v in marks.items() if v is not None)))
        print("flood: %d connections, %.1f MB written, %d reset, %d blocked 5 s, %d refused" % (
            stats["connections"], stats["bytes"] / 1e6, stats["reset"], stats["blocked"], stats["refused"]))
        print("observer: %d pings, slowest %.3f s; server log: %d lines" % (pongs[0], pong_max[0], log_lines))
        print("results in " + out, file=sys.stderr)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
