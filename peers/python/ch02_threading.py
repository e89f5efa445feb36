#!/usr/bin/env python3
"""Chapter 2 of the study plan in CPython: threads and the GIL.

The same experiments as conclab's chapter 2, run with real CPython threads, so the lab can
show CPython's figures next to its GIL simulator's. Prints one JSON object on stdout; progress
goes to stderr. Standard library only.

  cpu     sum of squares, one after another vs one threading.Thread per task
  wait    time.sleep, the same way
  convoy  an echo server thread answering a client (another process) alone and next to CPU hogs
  sweep   the same with CPU hogs at several sys.setswitchinterval values

Every time is in nanoseconds; "cores" are CPU work done per unit of wall time (1.0 = one core).
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import sysconfig
import threading
import time

MESSAGE = b"x" * 64

# Runs in a separate process, so that the client does not compete for this interpreter's GIL:
# it stands for the outside world sending requests, one at a time, a think time after each answer
# (so that requests arrive while the server thread waits in recv, as they do at a server).
CLIENT = r"""
import json, socket, sys, time
port, warmup, seconds, limit, think = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
message = b"x" * 64
with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def round_trip():
        started = time.perf_counter_ns()
        s.sendall(message)
        got = 0
        while got < len(message):
            chunk = s.recv(len(message) - got)
            if not chunk:
                raise SystemExit("server closed the connection")
            got += len(chunk)
        return time.perf_counter_ns() - started
    warm_until = time.monotonic_ns() + 100_000_000  # at most 0.1 s, which matters at long switch intervals
    for _ in range(warmup):
        if time.monotonic_ns() > warm_until:
            break
        round_trip()
    latencies = []
    start = time.monotonic_ns()
    end = start + int(seconds * 1e9)
    while len(latencies) < limit and time.monotonic_ns() < end:
        latencies.append(round_trip())
        time.sleep(think)
    print(json.dumps({"latencies": latencies, "startNs": start, "endNs": time.monotonic_ns()}))
"""


def log(*parts):
    print("ch02_threading:", *parts, file=sys.stderr, flush=True)


def sum_of_squares(start, n):
    """The plan's classic CPU-bound task."""
    total = 0
    for i in range(start, start + n):
        total += i * i
    return total


def calibrate(seconds, best=False):
    """Iterations of sum_of_squares that take about `seconds` here, and their measured cost (ns):
    the median of a few runs, or with best=True the fastest of many (the cost without interference,
    so that a hog's work is never counted as more than a core's worth on a busy machine)."""
    n = 1000
    while True:
        started = time.perf_counter_ns()
        sum_of_squares(0, n)
        elapsed = time.perf_counter_ns() - started
        if elapsed > 20_000_000:
            break
        n *= 2
    n = max(1000, int(n * seconds * 1e9 / elapsed))
    times = []
    for _ in range(31 if best else 3):
        started = time.perf_counter_ns()
        sum_of_squares(0, n)
        times.append(time.perf_counter_ns() - started)
    return n, min(times) if best else statistics.median(times)


def stat(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def sequential(task, size):
    started = time.perf_counter_ns()
    for i in range(size):
        task(i)
    return time.perf_counter_ns() - started


def threaded(task, size):
    threads = [threading.Thread(target=task, args=(i,), name=f"task-{i}") for i in range(size)]
    started = time.perf_counter_ns()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter_ns() - started


def grid(task, sizes, warmup, repeat):
    """Wall times of `task` run sequentially and on threads, interleaved like conclab's Experiment."""
    result = {"sizes": sizes, "sequential": [], "threads": []}
    for size in sizes:
        for _ in range(warmup):
            sequential(task, size)
            threaded(task, size)
        walls = {"sequential": [], "threads": []}
        for _ in range(repeat):
            walls["sequential"].append(sequential(task, size))
            walls["threads"].append(threaded(task, size))
        for model, values in walls.items():
            result[model].append(stat(values))
        log(f"{size} tasks: sequential {walls['sequential']}, threads {walls['threads']}")
    return result


def percentile(sorted_values, p):
    """Nearest rank, as HdrHistogram reports it."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def convoy_run(hogs, seconds, limit, think, hog_iterations, hog_nanos, interval=None):
    """An echo server thread answering a client process, next to `hogs` CPU-bound threads."""
    old_interval = sys.getswitchinterval()
    if interval is not None:
        sys.setswitchinterval(interval)
    stop = threading.Event()
    done = [[] for _ in range(hogs)]

    def hog(index):
        k = 0
        while not stop.is_set():
            sum_of_squares(k, hog_iterations)
            done[index].append(time.monotonic_ns())
            k += 1

    def serve(listener):
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while True:
                data = conn.recv(len(MESSAGE))
                if not data:
                    return
                conn.sendall(data)

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = threading.Thread(target=serve, args=(listener,), name="io")
    workers = [threading.Thread(target=hog, args=(i,), name=f"hog-{i}") for i in range(hogs)]
    try:
        server.start()
        for w in workers:
            w.start()
        client = subprocess.run([sys.executable, "-c", CLIENT, str(port), "20", str(seconds), str(limit), str(think)],
                                capture_output=True, text=True, timeout=seconds + 60)
        if client.returncode != 0:
            raise RuntimeError("echo client failed: " + client.stderr.strip().splitlines()[-1])
        measured = json.loads(client.stdout)
    finally:
        stop.set()
        for w in workers:
            w.join()
        server.join(timeout=30)
        listener.close()
        sys.setswitchinterval(old_interval)
    latencies = sorted(measured["latencies"])
    start, end = measured["startNs"], measured["endNs"]
    units = sum(1 for times in done for t in times if start <= t <= end)
    return {
        "requests": len(latencies),
        "p50": percentile(latencies, 50),
        "p90": percentile(latencies, 90),
        "p99": percentile(latencies, 99),
        "max": latencies[-1] if latencies else None,
        "hogCores": units * hog_nanos / (end - start) if hogs else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="cpu,wait,convoy,sweep")
    parser.add_argument("--sizes", default="1,2,4,8")
    parser.add_argument("--cpu-unit-ms", type=float, default=10)
    parser.add_argument("--wait-ms", type=float, default=20)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--convoy-seconds", type=float, default=1)
    parser.add_argument("--convoy-hogs", type=int, default=1)
    parser.add_argument("--max-requests", type=int, default=2000)
    parser.add_argument("--think-ms", type=float, default=1)
    parser.add_argument("--sweep-ms", default="0.1,1,5,50")
    parser.add_argument("--sweep-seconds", type=float, default=1)
    parser.add_argument("--sweep-hogs", type=int, default=2)
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    sizes = [int(s) for s in args.sizes.split(",")]

    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    out = {
        "python": {
            "version": sys.version.split()[0],
            "implementation": sys.implementation.name,
            "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "gilEnabled": gil_enabled,
            "switchIntervalSeconds": sys.getswitchinterval(),
        },
        "cores": os.cpu_count(),
    }
    if "cpu" in parts:
        n, cost = calibrate(args.cpu_unit_ms / 1000)
        log(f"cpu unit: {n} iterations, {cost / 1e6:.2f} ms")
        out["cpu"] = {"unitNanos": cost, "iterations": n,
                      **grid(lambda i: sum_of_squares(i * 1_000_003, n), sizes, args.warmup, args.repeat)}
    if "wait" in parts:
        wait = args.wait_ms / 1000
        out["wait"] = {"unitNanos": int(wait * 1e9), **grid(lambda i: time.sleep(wait), sizes, args.warmup, args.repeat)}
    if "convoy" in parts or "sweep" in parts:
        hog_iterations, hog_nanos = calibrate(0.001, best=True)
        think = args.think_ms / 1000
    if "convoy" in parts:
        out["convoy"] = {
            "hogs": args.convoy_hogs,
            "thinkMs": args.think_ms,
            "alone": convoy_run(0, args.convoy_seconds, args.max_requests, think, hog_iterations, hog_nanos),
            "withHogs": convoy_run(args.convoy_hogs, args.convoy_seconds, args.max_requests, think, hog_iterations,
                                   hog_nanos),
        }
        log("convoy:", out["convoy"])
    if "sweep" in parts:
        intervals = [float(ms) for ms in args.sweep_ms.split(",")]
        points = [convoy_run(args.sweep_hogs, args.sweep_seconds, args.max_requests, think, hog_iterations, hog_nanos,
                             interval=ms / 1000) for ms in intervals]
        out["sweep"] = {"hogs": args.sweep_hogs, "intervalsMs": intervals, "points": points}
        log("sweep:", points)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
