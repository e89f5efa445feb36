package dev.conclab.chapters.celery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.bench.BenchResult;
import dev.conclab.lab.bench.BenchResult.Figure;
import dev.conclab.lab.bench.BenchResult.Goal;
import dev.conclab.lab.bench.Benchmark;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.queue.WorkerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code conclab bench queue}: the task queue's speed beside Celery's, on this machine.
 * <ul>
 *   <li>Drain rate: 20,000 no-op tasks sent to an idle queue, then one worker (virtual threads) started in
 *       this JVM; tasks/s from its start to the last result stored. On memory:, a SQLite file and a
 *       redis-server of our own.</li>
 *   <li>Round trip: send one no-op task and wait for its result, 1,000 times one after another; p50 and p99.</li>
 *   <li>Celery 5 (Debian's python3-celery) on the same redis-server: prefork -c 2 and threads -c 2, measured
 *       the same way by {@code peers/python/ch06_celery.py}.</li>
 * </ul>
 * Goals: conclab on Redis drains at least 10x as fast as Celery's faster pool; its p50 round trip on Redis
 * is at most 1 ms.
 */
public final class QueueBenchmark implements Benchmark {

    @Override
    public String id() {
        return "queue";
    }

    @Override
    public String description() {
        return "drain rate of 20,000 no-op tasks and round-trip p50/p99 on memory, SQLite and Redis, beside Celery 5 on the same Redis";
    }

    @Override
    public BenchResult run(Size size, ProgressListener progress) throws Exception {
        boolean full = size == Size.FULL;
        int tasks = full ? 20_000 : 500;
        int trips = full ? 1_000 : 50;
        int reps = full ? 3 : 1;
        var opts = QueueRuns.workerOptions(WorkerOptions.Pool.VIRTUAL, 16, 256);
        var figures = new ArrayList<Figure>();
        var goals = new ArrayList<Goal>();
        var notes = new ArrayList<String>();
        Path dir = Files.createTempDirectory("conclab-bench-queue");
        Optional<LocalRedis> redis = LocalRedis.start();
        progress.begin("queue: brokers and Celery", 3L * (reps + 1) + 1);
        Figure redisDrain = null;
        Figure redisP50 = null;
        try {
            var brokers = new ArrayList<String[]>();
            brokers.add(new String[]{"memory", "memory:bench-" + System.nanoTime()});
            brokers.add(new String[]{"sqlite", "sqlite:" + dir.resolve("bench.db")});
            redis.ifPresent(r -> brokers.add(new String[]{"redis", r.url(0)}));
            for (String[] b : brokers) {
                var drains = new ArrayList<Double>();
                var sends = new ArrayList<Double>();
                for (int r = 0; r < reps; r++) {
                    fresh(b[0], redis, dir);
                    String url = b[0].equals("memory") ? "memory:bench-" + System.nanoTime() : b[1];
                    var batch = QueueRuns.batch(url, "noop", List.of(), tasks, opts, 1);
                    drains.add(batch.drainRate());
                    sends.add(batch.enqueueRate());
                    progress.step(b[0] + " drain");
                }
                fresh(b[0], redis, dir);
                String url = b[0].equals("memory") ? "memory:bench-rt-" + System.nanoTime() : b[1];
                long[] rt = QueueRuns.roundTrips(url, Math.max(20, trips / 10), trips, opts);
                progress.step(b[0] + " round trips");
                Arrays.sort(rt);
                var drain = figure("drain." + b[0], "conclab on " + b[0] + ": drain rate of " + tasks + " no-op tasks (1 worker, virtual threads)", "tasks/s", drains);
                var send = figure("send." + b[0], "conclab on " + b[0] + ": send rate (one producer thread)", "tasks/s", sends);
                var p50 = new Figure("rt.p50." + b[0], "conclab on " + b[0] + ": round trip p50 (" + trips + " one at a time)", "ms", pct(rt, 0.50), null);
                var p99 = new Figure("rt.p99." + b[0], "conclab on " + b[0] + ": round trip p99", "ms", pct(rt, 0.99), null);
                figures.addAll(List.of(drain, send, p50, p99));
                if (b[0].equals("redis")) {
                    redisDrain = drain;
                    redisP50 = p50;
                }
            }
            if (redis.isEmpty()) {
                notes.add("redis-server is missing (apt-get install redis-server): no Redis figures, no Celery comparison.");
            } else {
                redis.get().flushAll();
                var peer = PythonPeer.run("ch06_celery.py", List.of("--redis", redis.get().url(0), "--tasks", Integer.toString(tasks),
                                "--roundtrips", Integer.toString(full ? 500 : 30), "--pools", "prefork:2,threads:2:" + (full ? 2_000 : 200)),
                        List.of("celery=python3-celery", "redis=python3-redis"), Duration.ofMinutes(20));
                progress.step("celery");
                if (peer instanceof PythonPeer.Ran ran) {
                    double best = 0;
                    for (JsonNode run : ran.json().path("runs")) {
                        String pool = run.path("pool").asText();
                        int c = run.path("concurrency").asInt();
                        var d = new Figure("celery.drain." + pool, "Celery " + ran.json().path("celery").asText() + " " + pool + " -c " + c
                                + ": drain rate of " + run.path("tasks").asInt() + " no-op tasks", "tasks/s", run.path("drainRate").asDouble(), null);
                        figures.add(d);
                        figures.add(new Figure("celery.send." + pool, "Celery " + pool + ": send rate (apply_async)", "tasks/s", run.path("enqueueRate").asDouble(), null));
                        figures.add(new Figure("celery.rt.p50." + pool, "Celery " + pool + ": round trip p50", "ms", run.path("p50Ms").asDouble(), null));
                        figures.add(new Figure("celery.rt.p99." + pool, "Celery " + pool + ": round trip p99", "ms", run.path("p99Ms").asDouble(), null));
                        best = Math.max(best, d.value());
                    }
                    if (best > 0 && redisDrain != null) {
                        var ratio = new Figure("drain.redis.vsCelery", "conclab's drain rate on Redis over Celery's faster pool", "x", redisDrain.value() / best, null);
                        figures.add(ratio);
                        goals.add(Goal.atLeast(ratio, 10));
                        notes.add(String.format(Locale.ROOT, "On the same redis-server conclab drained %.0f tasks/s, Celery's faster pool %.0f: %.1fx.",
                                redisDrain.value(), best, ratio.value()));
                    }
                } else if (peer instanceof PythonPeer.Skipped s) {
                    notes.add("The Celery comparison was skipped: " + s.reason() + ".");
                }
            }
            if (redisP50 != null) {
                goals.add(Goal.atMost(redisP50, 1.0));
            }
        } finally {
            progress.end();
            if (redis.isPresent()) {
                redis.get().close();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        notes.add("Workers ran in the benchmark's JVM with task_track_started off, as Celery's default; each result was stored "
                + "before its message was acknowledged. Drain time runs from starting the worker (conclab) or from the first task taken "
                + "(Celery, whose worker start-up is not counted) to the last result stored.");
        return BenchResult.of(id(), size, figures, goals, notes);
    }

    private static void fresh(String kind, Optional<LocalRedis> redis, Path dir) throws Exception {
        if (kind.equals("redis")) {
            redis.get().flushAll();
        } else if (kind.equals("sqlite")) {
            for (String f : List.of("bench.db", "bench.db-wal", "bench.db-shm")) {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
    }

    static double pct(long[] sorted, double q) {
        int k = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
        return sorted[k] / 1e6;
    }

    private static Figure figure(String name, String label, String unit, List<Double> values) {
        Stat stat = Stat.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new Figure(name, label, unit, stat.median(), stat);
    }
}
