"""Chapter 3 peer: multiprocessing.Pool and ProcessPoolExecutor, measured on this machine.

What the Java chapter measures with its ProcessPool of worker JVMs, in real CPython:
  * start-up: Pool(workers) until every worker has answered one task, per start method
    (fork, forkserver, spawn);
  * per-task overhead: a no-op through Pool.map at several chunk sizes, through
    imap_unordered, and through ProcessPoolExecutor.map, on a pool already started;
  * CPU-bound work: a sum of squares sized so one task takes about --unit-ms here, run
    sequentially and with Pool.map at 1, 2 and 4 workers (pool started beforehand);
  * a crash: one task kills its own worker (SIGKILL). Pool.map_async is given a deadline,
    since multiprocessing.Pool never finishes a batch whose worker died (cpython#96062), and
    ProcessPoolExecutor is asked how many of the other tasks still succeeded.

Prints one JSON object on stdout, progress on stderr.
Usage: python3 ch03_multiprocessing.py [--quick | --tour] [--workers N]
"""
import json
import multiprocessing as mp
import os
import signal
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

CORES = os.cpu_count() or 1


def noop(x):
    return x


def squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def maybe_die(x):
    """Item 3 kills its own worker, as kill -9 would; the others are quick."""
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.01)
    return x


def calibrate(target_seconds):
    n = 1000
    squares(n)
    while True:
        start = time.perf_counter()
        squares(n)
        elapsed = time.perf_counter() - start
        if elapsed > 0.05:
            return max(1, int(n * target_seconds / elapsed))
        n *= 4


def median_of(repeat, run):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def startup(method, workers, repeat):
    ctx = mp.get_context(method)

    def run():
        with ctx.Pool(workers) as pool:
            pool.map(noop, range(workers), chunksize=1)

    run()  # the first start pays for imports and page cache
    med, lo, hi = median_of(repeat, run)
    return {"method": method, "medianSeconds": med, "minSeconds": lo, "maxSeconds": hi}


def overhead(workers, n, chunks, repeat):
    out = []
    with mp.Pool(workers) as pool:
        pool.map(noop, range(workers * 10), chunksize=1)
        for c in chunks:
            med, lo, hi = median_of(repeat, lambda: pool.map(noop, range(n), chunksize=c))
            out.append({"api": "Pool.map", "chunksize": c, "tasks": n, "medianSeconds": med, "minSeconds": lo,
                        "maxSeconds": hi, "perTaskMicros": med / n * 1e6})
        med, lo, hi = median_of(repeat, lambda: list(pool.imap_unordered(noop, range(n), chunksize=1)))
        out.append({"api": "Pool.imap_unordered", "chunksize": 1, "tasks": n, "medianSeconds": med, "minSeconds": lo,
                    "maxSeconds": hi, "perTaskMicros": med / n * 1e6})
    with ProcessPoolExecutor(workers) as executor:
        list(executor.map(noop, range(workers * 10)))
        med, lo, hi = median_of(repeat, lambda: list(executor.map(noop, range(n), chunksize=1)))
        out.append({"api": "ProcessPoolExecutor.map", "chunksize": 1, "tasks": n, "medianSeconds": med,
                    "minSeconds": lo, "maxSeconds": hi, "perTaskMicros": med / n * 1e6})
    return out


def cpu(worker_counts, tasks, iterations, repeat):
    seq, seq_lo, seq_hi = median_of(repeat, lambda: [squares(iterations) for _ in range(tasks)])
    rows = [{"workers": 0, "label": "sequential", "medianSeconds": seq, "minSeconds": seq_lo, "maxSeconds": seq_hi}]
    for w in worker_counts:
        with mp.Pool(w) as pool:
            pool.map(noop, range(w), chunksize=1)
            med, lo, hi = median_of(repeat, lambda: pool.map(squares, [iterations] * tasks, chunksize=1))
        rows.append({"workers": w, "label": f"Pool({w}).map", "medianSeconds": med, "minSeconds": lo, "maxSeconds": hi,
                     "speedup": seq / med})
    return rows


def crash(workers, deadline):
    items = list(range(8))
    with mp.Pool(workers) as pool:
        start = time.perf_counter()
        result = pool.map_async(maybe_die, items, chunksize=1)
        try:
            result.get(timeout=deadline)
            pool_outcome = "completed"
        except mp.TimeoutError:
            pool_outcome = "hung"
        pool_seconds = time.perf_counter() - start
        pool.terminate()
    ok = broken = 0
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as executor:
        futures = [executor.submit(maybe_die, i) for i in items]
        for f in futures:
            try:
                f.result()
                ok += 1
            except BrokenProcessPool:
                broken += 1
    return {"tasks": len(items), "killedItem": 3, "deadlineSeconds": deadline,
            "pool": {"outcome": pool_outcome, "seconds": pool_seconds},
            "executor": {"succeeded": ok, "brokenProcessPool": broken, "seconds": time.perf_counter() - start}}


def main(argv):
    quick = "--quick" in argv
    tour = "--tour" in argv
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 2
    unit_ms = float(argv[argv.index("--unit-ms") + 1]) if "--unit-ms" in argv else 10.0
    repeat = 3 if (quick or tour) else 5
    if tour and "--unit-ms" not in argv:
        unit_ms = 5.0
    n = 2000 if quick else (3000 if tour else 20000)
    chunks = [1, 10, 100] if (quick or tour) else [1, 2, 5, 10, 50, 100, 1000]
    methods = [m for m in ("fork", "forkserver", "spawn") if m in mp.get_all_start_methods()]
    print("multiprocessing peer: start-up", file=sys.stderr)
    starts = [startup(m, workers, repeat) for m in methods]
    print("multiprocessing peer: per-task overhead", file=sys.stderr)
    over = overhead(workers, n, chunks, repeat)
    print("multiprocessing peer: CPU-bound", file=sys.stderr)
    iterations = calibrate(unit_ms / 1000)
    tasks = 8 if quick else 16
    cpu_rows = cpu([1, 2, 4] if not quick else [workers], tasks, iterations, repeat if not quick else 1)
    print("multiprocessing peer: a crash", file=sys.stderr)
    crashed = crash(workers, 2.0 if (quick or tour) else 3.0)
    print(json.dumps({"python": sys.version.split()[0], "cores": CORES, "workers": workers,
                      "defaultStartMethod": mp.get_start_method(), "startup": starts, "overhead": over,
                      "cpu": {"tasks": tasks, "unitMillis": unit_ms, "iterations": iterations, "rows": cpu_rows},
                      "crash": crashed}))


if __name__ == "__main__":
    main(sys.argv[1:])
