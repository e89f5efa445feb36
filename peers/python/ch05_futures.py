"""Chapter 5 peer: concurrent.futures on the four scenarios of conclab's decision table.

The same jobs as the Java chapter (CPU-bound, wait-bound, mixed, many tiny tasks), each run
three ways in real CPython: a plain loop, a ThreadPoolExecutor (results taken with
as_completed) and a ProcessPoolExecutor (with map). CPU work is a sum of squares sized on this
machine so one task takes about the same time as in the Java run.

Prints one JSON object on stdout. Usage: python3 ch05_futures.py [--quick | --tour]
"""
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

CORES = os.cpu_count() or 1


def squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def calibrate(target_seconds):
    """How many squares take target_seconds here (after a first, slower call)."""
    n = 1000
    squares(n)
    while True:
        start = time.perf_counter()
        squares(n)
        elapsed = time.perf_counter() - start
        if elapsed > 0.02:
            return max(1, int(n * target_seconds / elapsed))
        n *= 4


def cpu_task(n):
    return squares(n)


def wait_task(seconds):
    time.sleep(seconds)
    return seconds


def mixed_task(args):
    n, seconds = args
    value = squares(n)
    time.sleep(seconds)
    return value


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def scenario(title, fn, items, threads, processes):
    def sequential():
        for item in items:
            fn(item)

    def with_threads():
        with ThreadPoolExecutor(max_workers=threads) as executor:
            for future in as_completed([executor.submit(fn, item) for item in items]):
                future.result()

    def with_processes():
        with ProcessPoolExecutor(max_workers=processes) as executor:
            list(executor.map(fn, items))

    print(f"futures peer: {title}", file=sys.stderr)
    return {"title": title, "tasks": len(items), "sequentialSeconds": timed(sequential),
            "threadsSeconds": timed(with_threads), "processesSeconds": timed(with_processes)}


def main(quick):
    five_ms = calibrate(0.002 if quick else 0.005)
    one_ms = calibrate(0.001)
    tiny = max(1, calibrate(0.000002))
    wait = 0.002 if quick else 0.005
    threads = 64
    scenarios = [
        scenario(f"CPU-bound ({16 if quick else 32} tasks)", cpu_task, [five_ms] * (16 if quick else 32), threads, CORES),
        scenario("wait-bound (64 tasks)", wait_task, [wait] * 64, threads, CORES),
        scenario(f"mixed (CPU then wait) ({32 if quick else 64} tasks)", mixed_task,
                 [(one_ms, 0.004)] * (32 if quick else 64), threads, CORES),
        scenario(f"many tiny tasks ({2000 if quick else 10000} tasks)", cpu_task, [tiny] * (2000 if quick else 10000),
                 threads, CORES),
    ]
    print(json.dumps({"python": sys.version.split()[0], "cores": CORES, "workers": CORES, "threads": threads,
                      "scenarios": scenarios}))


if __name__ == "__main__":
    main("--quick" in sys.argv[1:])
