#!/usr/bin/env python3
"""Soak: mixed reads and writes at 32 connections against the Release build, with RSS sampled every 10 s.

Usage: soak.py --build DIR [--seconds 300] [--connections 32] [--warmup 60]
Passes when no request answered 5xx, no socket error occurred and RSS grew less than 10 % after the warm-up.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Cluster, Service, cleanup, log  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=60, help="seconds after which RSS must stay within 10 %%")
    args = parser.parse_args()

    pg = Cluster("soak")
    db = pg.create_database("soak")
    svc = Service(args.build, pg.connection_string(db), name="soak",
                  env={"Serilog__MinimumLevel__Default": "Warning"}).start()  # the request log of 100k requests is not the subject
    client = svc.client()
    cluster = client.post("/api/virtualization/clusters/", {"name": "soak"}).json()["id"]
    client.post("/api/extras/tags/", [{"name": f"seed-{i}", "slug": f"seed-{i}"} for i in range(200)])
    vms = client.post("/api/virtualization/virtual-machines/",
                      [{"name": f"vm-{i}", "cluster": cluster, "vcpus": 2, "memory": 2048} for i in range(500)]).json()
    first, last = vms[0]["id"], vms[-1]["id"]

    samples = []  # (seconds since start, RSS KiB)
    stop = threading.Event()
    started = time.monotonic()

    def sample():
        while True:
            samples.append((time.monotonic() - started, svc.rss_kib()))
            if stop.wait(10):
                return

    sampler = threading.Thread(target=sample)
    sampler.start()
    log(f"wrk: {args.connections} connections for {args.seconds} s")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "soak.lua")
    wrk = subprocess.run(["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "--timeout", "10s", "--latency",
                          "-s", script, f"http://127.0.0.1:{svc.port}", "--", svc.token, str(first), str(last), str(cluster)],
                         capture_output=True, text=True, timeout=args.seconds + 120)
    samples.append((time.monotonic() - started, svc.rss_kib()))
    stop.set()
    sampler.join()
    print(wrk.stdout)
    if wrk.returncode != 0:
        print(wrk.stderr)
        return 1

    figures = dict(re.findall(r"^soak (\w+)=([\d.]+)$", wrk.stdout, re.M))
    warm = [rss for t, rss in samples if t >= args.warmup] or [samples[-1][1]]
    base, end, peak = warm[0], samples[-1][1], max(warm)
    growth = (end - base) / base * 100
    peak_growth = (peak - base) / base * 100
    rps = float(figures["requests"]) / float(figures["duration_s"])
    print("RSS every 10 s (MiB): " + " ".join(f"{rss / 1024:.0f}" for _, rss in samples))
    failures = []
    if int(figures["server_errors"]) != 0:
        failures.append(f"{figures['server_errors']} x 5xx")
    if int(figures["socket_errors"]) != 0:
        failures.append(f"{figures['socket_errors']} socket errors")
    if growth >= 10:
        failures.append(f"RSS grew {growth:.1f} % after the warm-up")
    row = (f"{figures['requests']} requests in {float(figures['duration_s']):.0f} s ({rps:.0f}/s) at {args.connections} connections; "
           f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; 5xx {figures['server_errors']}, "
           f"non-2xx {figures['non_2xx_3xx']}; RSS {samples[0][1] / 1024:.0f} MiB at start, {base / 1024:.0f} MiB after "
           f"{args.warmup} s, {end / 1024:.0f} MiB at the end ({growth:+.1f} %, peak {peak_growth:+.1f} %)")
    print()
    print("| check | result | measured |")
    print("|-------|--------|----------|")
    print(f"| soak | {'FAIL' if failures else 'pass'} | {row}{'; ' + ', '.join(failures) if failures else ''} |")
    print(f"soak: {0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        cleanup(final=True)
