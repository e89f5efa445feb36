"""Chapter 7 peer: the study plan's gevent, measured on this machine.

Greenlets are gevent's green threads: cheap coroutines switched by an event loop (libev/libuv)
whenever one would block. With monkey patching, ordinary blocking code (time.sleep, socket)
cooperates without change. This program measures, for each N given on the command line:

  sleep   N greenlets that each sleep SLEEP seconds: wall time, and resident memory per greenlet
          while they all wait;
  socket  min(N, SOCKET_LIMIT) greenlets that each connect to a loopback echo server (a gevent
          StreamServer in this process, answering after DELAY) and block on the reply.

It prints one JSON object on stdout. Usage: python3 ch07_gevent.py [--socket=N] 10000 100000
"""
from gevent import monkey

monkey.patch_all()

import json  # noqa: E402  (after patching, as gevent asks)
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.event import Event  # noqa: E402
from gevent.server import StreamServer  # noqa: E402

SLEEP = 1.0
DELAY = 0.05
SOCKET_LIMIT = 4000  # two file descriptors per connection, under the usual limit of 20,000


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return -1


def memory_per_greenlet(n):
    release = Event()
    before = resident_bytes()
    greenlets = [gevent.spawn(release.wait) for _ in range(n)]
    gevent.sleep(0)  # let every greenlet start and block
    during = resident_bytes()
    release.set()
    gevent.joinall(greenlets)
    return (during - before) / n if before >= 0 else None


def sleepers(n):
    done = [0]

    def sleeper():
        time.sleep(SLEEP)  # patched: yields to the hub
        done[0] += 1

    start = time.perf_counter()
    gevent.joinall([gevent.spawn(sleeper) for _ in range(n)])
    return {"mode": "sleep", "n": n, "wallSeconds": time.perf_counter() - start,
            "residentBytesPerGreenlet": memory_per_greenlet(n), "completed": done[0]}


def echo(sock, _address):
    with sock:
        while True:
            data = sock.recv(64)
            if not data:
                return
            time.sleep(DELAY)
            sock.sendall(data)


def fetchers(n):
    server = StreamServer(("127.0.0.1", 0), echo, backlog=16384)
    server.start()
    port = server.server_port
    done = [0]

    def fetch(i):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            message = i.to_bytes(8, "big")
            conn.sendall(message)
            reply = b""
            while len(reply) < 8:
                chunk = conn.recv(8 - len(reply))
                if not chunk:
                    break
                reply += chunk
            if reply == message:
                done[0] += 1

    start = time.perf_counter()
    gevent.joinall([gevent.spawn(fetch, i) for i in range(n)])
    wall = time.perf_counter() - start
    server.stop()
    return {"mode": "socket", "n": n, "wallSeconds": wall, "residentBytesPerGreenlet": None, "completed": done[0]}


def main(sizes, socket_n):
    results = []
    for n in sizes:
        print(f"gevent: {n} sleepers", file=sys.stderr)
        results.append(sleepers(n))
    socket_n = min(socket_n, SOCKET_LIMIT)
    print(f"gevent: {socket_n} socket fetches", file=sys.stderr)
    results.append(fetchers(socket_n))
    print(json.dumps({"python": sys.version.split()[0], "gevent": gevent.__version__,
                      "sleepSeconds": SLEEP, "delaySeconds": DELAY, "results": results}))


if __name__ == "__main__":
    options = [a for a in sys.argv[1:] if a.startswith("--socket=")]
    counts = [int(a) for a in sys.argv[1:] if not a.startswith("--")] or [10000]
    main(counts, int(options[-1].split("=", 1)[1]) if options else max(counts))
