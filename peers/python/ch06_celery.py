"""Chapter 6 peer: real Celery (Debian's python3-celery) on the same Redis as conclab's queue.

For each pool (prefork -c 2, threads -c 2 by default) it measures what conclab's benchmark
measures: the rate of sending N no-op tasks, the drain rate of a worker that finds them
waiting (from its first task taken to the last result stored), and one-at-a-time round trips
(apply_async, then get) with the worker idle and ready.

The Celery app uses Redis as broker and result backend, task_track_started off (Celery's
default) and the redis pub/sub result consumer that AsyncResult.get uses by default.

Prints one JSON object on stdout; progress on stderr.
Usage: python3 ch06_celery.py --redis redis://127.0.0.1:PORT/0 [--tasks 20000] [--roundtrips 500]
                              [--pools prefork:2,threads:2:2000]   (POOL:CONCURRENCY[:TASKS])
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

from celery import Celery

BROKER = os.environ.get("CH06_BROKER", "redis://127.0.0.1:6379/0")
app = Celery("ch06_celery", broker=BROKER, backend=BROKER)
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                worker_hijack_root_logger=False, broker_connection_retry_on_startup=True,
                result_expires=3600)


@app.task(name="noop")
def noop():
    return None


def log(*parts):
    print("ch06_celery:", *parts, file=sys.stderr, flush=True)


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[k]


def start_worker(pool, concurrency, env):
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, "-m", "celery", "-A", "ch06_celery", "worker", "--pool", pool, "-c", str(concurrency),
           "--loglevel", "ERROR", "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", "celery",
           "-n", "ch06-%s@localhost" % pool]
    return subprocess.Popen(cmd, cwd=here, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_worker(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def count_results(r, ids):
    done = 0
    for start in range(0, len(ids), 2000):
        keys = ["celery-task-meta-" + i for i in ids[start:start + 2000]]
        done += sum(1 for v in r.mget(keys) if v is not None)
    return done


def run_pool(r, pool, concurrency, tasks, roundtrips, env):
    r.flushdb()
    log("%s -c %d: sending %d tasks" % (pool, concurrency, tasks))
    t0 = time.perf_counter()
    ids = [noop.apply_async().id for _ in range(tasks)]
    enqueue = time.perf_counter() - t0
    log("%s: sent in %.2f s (%.0f/s); starting the worker" % (pool, enqueue, tasks / enqueue))
    proc = start_worker(pool, concurrency, env)
    try:
        deadline = time.time() + 600
        first = None
        while first is None:
            if r.llen("celery") < tasks:
                first = time.perf_counter()
                break
            if proc.poll() is not None:
                raise SystemExit("celery worker exited with %s" % proc.returncode)
            if time.time() > deadline:
                raise SystemExit("celery worker took no task within 10 minutes")
            time.sleep(0.002)
        while True:
            if r.llen("celery") == 0 and count_results(r, ids) == tasks:
                break
            if time.time() > deadline:
                raise SystemExit("celery did not drain %d tasks within 10 minutes" % tasks)
            time.sleep(0.005)
        drain = time.perf_counter() - first
        log("%s: drained in %.2f s (%.0f tasks/s); %d round trips" % (pool, drain, tasks / drain, roundtrips))
        for _ in range(20):
            noop.apply_async().get(timeout=30)
        lat = []
        for _ in range(roundtrips):
            s = time.perf_counter()
            noop.apply_async().get(timeout=30)
            lat.append(time.perf_counter() - s)
        lat.sort()
    finally:
        stop_worker(proc)
    return {"pool": pool, "concurrency": concurrency, "tasks": tasks, "enqueueSeconds": enqueue,
            "enqueueRate": tasks / enqueue, "drainSeconds": drain, "drainRate": tasks / drain,
            "roundTrips": roundtrips, "p50Ms": 1000 * percentile(lat, 0.50), "p99Ms": 1000 * percentile(lat, 0.99)}


def main():
    import celery
    import redis
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", required=True)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--roundtrips", type=int, default=500)
    parser.add_argument("--pools", default="prefork:2,threads:2")
    args = parser.parse_args()
    env = dict(os.environ, CH06_BROKER=args.redis)
    app.conf.broker_url = args.redis
    app.conf.result_backend = args.redis
    r = redis.Redis.from_url(args.redis)
    runs = []
    for spec in args.pools.split(","):
        parts = spec.split(":")
        pool = parts[0]
        c = int(parts[1]) if len(parts) > 1 else 2
        n = int(parts[2]) if len(parts) > 2 else args.tasks
        runs.append(run_pool(r, pool, c, n, args.roundtrips, env))
    print(json.dumps({"celery": celery.__version__, "redisPy": redis.__version__, "runs": runs}))


if __name__ == "__main__":
    main()
