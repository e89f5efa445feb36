"""Chapter 4 of the study plan in plain CPython: asyncio + aiohttp against conclab's latency site.

Sends N concurrent GETs with aiohttp (one ClientSession, no connection limit, as the Java
clients have none), then runs N tasks that each await asyncio.sleep, and prints one JSON
object with the figures, measured the way the Java side measures them:

  wall time, requests per second, per-request latency p50/p99 (from the request's start to
  its whole body), CPU time of the process, peak RSS growth during the run (/proc/self/
  clear_refs resets the peak, as on the Java side), and threads (asyncio runs on one).

  /usr/bin/python3 ch04_asyncio.py --url http://127.0.0.1:PORT/ --requests 1000,10000 \
      [--concurrency 1000] --repeat 3 --body 1024 --sleep-tasks 10000 --sleep-ms 100

Needs Debian's python3-aiohttp.
"""
import argparse
import asyncio
import json
import platform
import resource
import sys
import threading
import time

import aiohttp


def rss_field(name):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1


def reset_peak_rss():
    """Makes VmHWM the current RSS, so VmHWM after a run is that run's peak; returns the RSS now."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return -1
    return rss_field("VmRSS:")


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


async def fetch(session, url, latencies, failures, expected_bytes, limit):
    if limit is not None:
        async with limit:
            return await fetch(session, url, latencies, failures, expected_bytes, None)
    started = time.perf_counter()
    try:
        async with session.get(url) as response:
            body = await response.read()
            if response.status != 200 or len(body) != expected_bytes:
                failures.append(f"status {response.status}, {len(body)} bytes")
    except Exception as e:  # a failed request is a result, not a crash
        failures.append(repr(e))
    latencies.append(time.perf_counter() - started)


async def http_run(url, requests, expected_bytes, concurrency):
    latencies, failures = [], []
    limit = asyncio.Semaphore(concurrency) if 0 < concurrency < requests else None
    connector = aiohttp.TCPConnector(limit=0)  # no connection limit (aiohttp's default is 100)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        rss_before = reset_peak_rss()
        cpu_before = time.process_time()
        started = time.perf_counter()
        await asyncio.gather(*(fetch(session, url, latencies, failures, expected_bytes, limit) for _ in range(requests)))
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        peak = rss_field("VmHWM:")
    latencies.sort()
    return {
        "wallSeconds": wall,
        "requestsPerSecond": requests / wall,
        "p50Seconds": percentile(latencies, 50),
        "p99Seconds": percentile(latencies, 99),
        "maxSeconds": latencies[-1] if latencies else 0.0,
        "cpuSeconds": cpu,
        "rssGrowthBytes": peak - rss_before if peak >= 0 and rss_before >= 0 else -1,
        "threads": threading.active_count(),
        "failures": len(failures),
        "firstFailure": failures[0] if failures else None,
    }


async def sleep_run(tasks, seconds):
    started = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(tasks)))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", default="1000")
    parser.add_argument("--concurrency", type=int, default=0, help="requests in flight at most; 0: all of them")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--body", type=int, default=1024)
    parser.add_argument("--sleep-tasks", type=int, default=10000)
    parser.add_argument("--sleep-ms", type=float, default=100.0)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # what the JVM does at start-up too

    sizes = [int(n) for n in args.requests.split(",") if n]
    result = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "aiohttp": aiohttp.__version__,
        "fileLimit": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        "http": [],
    }
    for n in sizes:
        concurrency = args.concurrency if 0 < args.concurrency < n else n
        for _ in range(args.warmup):
            asyncio.run(http_run(args.url, min(n, 200), args.body, min(concurrency, 200)))
        runs = [asyncio.run(http_run(args.url, n, args.body, concurrency)) for _ in range(args.repeat)]
        result["http"].append({"requests": n, "concurrency": concurrency, "runs": runs})
        print(f"aiohttp: {n} requests done", file=sys.stderr)
    if args.sleep_tasks > 0:
        asyncio.run(sleep_run(min(args.sleep_tasks, 100), args.sleep_ms / 1000))
        walls = [asyncio.run(sleep_run(args.sleep_tasks, args.sleep_ms / 1000)) for _ in range(args.repeat)]
        result["sleep"] = {"tasks": args.sleep_tasks, "sleepSeconds": args.sleep_ms / 1000, "wallSeconds": walls}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
