package dev.conclab.chapters.celery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conclab.lab.chapter.Chapter;
import dev.conclab.lab.chapter.ChapterOptions;
import dev.conclab.lab.chapter.ChapterOptions.Depth;
import dev.conclab.lab.chapter.ChapterResult;
import dev.conclab.lab.experiment.ExperimentResult;
import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.peer.PythonPeer;
import dev.conclab.queue.AsyncResult;
import dev.conclab.queue.BuiltinTasks;
import dev.conclab.queue.TaskQueue;
import dev.conclab.queue.WorkerMain;
import dev.conclab.queue.WorkerOptions;
import dev.conclab.queue.WorkerOptions.Pool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Chapter 6, Celery: a distributed task queue ({@code queue} module) measured on this machine. Brokers
 * (memory, SQLite, and Redis when {@code conclab lab celery} finds redis-server) times pools (virtual
 * threads, platform threads, solo, child JVMs) on a wait task and a CPU task; scaling over 1, 2 and 4
 * worker processes sharing a SQLite file; and, in a full run, real Celery on the same Redis.
 */
public final class CeleryChapter implements Chapter {

    static final List<String> POOLS = List.of("virtual", "threads", "solo", "processes");

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String id() {
        return "celery";
    }

    @Override
    public String title() {
        return "Celery: a distributed task queue, brokers and workers";
    }

    @Override
    public String summary() {
        return "Tasks sent to a broker (memory, SQLite, Redis) and run by workers in threads, virtual threads or "
                + "child processes: send and drain rates, round trips, scaling over worker processes, Celery beside it.";
    }

    @Override
    public List<String> models() {
        return POOLS;
    }

    /** How much each depth runs. */
    record Plan(int waitTasks, long waitMs, int cpuTasks, long cpuMs, int concurrency, int trips, List<String> pools,
                boolean scaling, int scaleWaitTasks, int scaleCpuTasks, boolean redis) {
    }

    static Plan plan(Depth depth) {
        return switch (depth) {
            case QUICK -> new Plan(64, 10, 8, 5, 8, 40, List.of("virtual", "threads"), false, 0, 0, false);
            case TOUR -> new Plan(64, 10, 16, 10, 8, 100, POOLS, true, 160, 16, false);
            case FULL -> new Plan(400, 20, 40, 10, 8, 1_000, POOLS, true, 400, 40, true);
        };
    }

    @Override
    public ChapterResult run(ChapterOptions options, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        Plan plan = plan(options.depth());
        List<String> pools = options.modelsOr(plan.pools()).stream().filter(plan.pools()::contains).toList();
        if (pools.isEmpty()) {
            pools = options.modelsOr(plan.pools());
        }
        int concurrency = options.poolSize() != null ? options.poolSize() : plan.concurrency();
        long cpuN = calibrate(plan.cpuMs());
        // the quick and tour shares allow one measured run (say --repeat N for more); a full run takes the default
        int reps = options.repetitions() != null ? options.repetitions()
                : options.depth() == Depth.FULL ? options.repetitionsOrDefault() : 1;
        var experiments = new ArrayList<ExperimentResult>();
        var headline = new ArrayList<String>();
        Path dir = Files.createTempDirectory("conclab-ch06");
        Optional<LocalRedis> redis = plan.redis() ? LocalRedis.start() : Optional.empty();
        try {
            var brokers = new ArrayList<String>(List.of("memory", "sqlite"));
            if (redis.isPresent()) {
                brokers.add("redis");
            }
            TableResult grid = brokers(plan, brokers, pools, concurrency, cpuN, reps, dir, redis, progress);
            List<String> brokerFindings = CeleryFindings.brokers(grid, plan, concurrency);
            experiments.add(grid.withConclusions(brokerFindings));
            brokerFindings.stream().limit(1).forEach(headline::add);
            if (plan.scaling()) {
                TableResult scaling = scaling(plan, cpuN, dir, progress);
                experiments.add(scaling.withConclusions(CeleryFindings.scaling(scaling)));
            }
            TableResult celery = celery(plan, redis, progress);
            experiments.add(celery.withConclusions(CeleryFindings.celery(celery)));
        } finally {
            if (redis.isPresent()) {
                redis.get().close();
            }
            deleteTree(dir);
        }
        return new ChapterResult(number(), id(), title(), experiments, headline, System.nanoTime() - started);
    }

    /** How many rounds of {@link BuiltinTasks#cpu} take {@code ms} here. */
    static long calibrate(long ms) {
        long n = 100_000;
        long warm = System.nanoTime() + 200_000_000L; // let the JIT compile the loop first
        while (System.nanoTime() < warm) {
            BuiltinTasks.cpu(n);
        }
        while (true) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                BuiltinTasks.cpu(n);
                best = Math.min(best, System.nanoTime() - t0);
            }
            if (best > 10_000_000L) {
                return Math.max(1, n * ms * 1_000_000L / best);
            }
            n *= 2;
        }
    }

    private static String url(String broker, Path dir, Optional<LocalRedis> redis, String name) throws Exception {
        return switch (broker) {
            case "memory" -> "memory:ch06-" + name + "-" + System.nanoTime();
            case "sqlite" -> "sqlite:" + dir.resolve(name + "-" + System.nanoTime() + ".db");
            default -> {
                redis.get().flushAll();
                yield redis.get().url(0);
            }
        };
    }

    static final List<Column> BROKER_COLUMNS = List.of(
            new Column("send", "send rate", "tasks/s"),
            new Column("waitDrain", "wait task: drain", "ns"),
            new Column("waitEff", "wait: of limit", "fraction"),
            new Column("cpuDrain", "CPU task: drain", "ns"),
            new Column("cpuEff", "CPU: of limit", "fraction"),
            new Column("p50", "round trip p50", "ns"),
            new Column("p99", "round trip p99", "ns"));

    private static TableResult brokers(Plan plan, List<String> brokers, List<String> pools, int concurrency, long cpuN, int reps,
                                       Path dir, Optional<LocalRedis> redis, ProgressListener progress) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        var rows = new ArrayList<Row>();
        progress.begin("Brokers x pools", (long) brokers.size() * pools.size());
        try {
            for (String broker : brokers) {
                for (String poolName : pools) {
                    Pool pool = Pool.parse(poolName);
                    int c = pool == Pool.SOLO ? 1 : pool == Pool.PROCESSES ? Math.min(concurrency, cores) : concurrency;
                    var o = QueueRuns.workerOptions(pool, c, c);
                    var send = new ArrayList<Double>();
                    var wait = new ArrayList<Double>();
                    var cpu = new ArrayList<Double>();
                    for (int r = 0; r < reps; r++) {
                        var w = QueueRuns.batch(url(broker, dir, redis, "wait"), "sleep", List.of(plan.waitMs()), plan.waitTasks(), o, 1);
                        send.add(w.enqueueRate());
                        wait.add(w.drainSeconds() * 1e9);
                        cpu.add(QueueRuns.batch(url(broker, dir, redis, "cpu"), "cpu", List.of(cpuN), plan.cpuTasks(), o, 1).drainSeconds() * 1e9);
                    }
                    long[] rt = QueueRuns.roundTrips(url(broker, dir, redis, "rt"), Math.max(10, plan.trips() / 10), plan.trips(), o);
                    Arrays.sort(rt);
                    double waitLimit = Math.ceil((double) plan.waitTasks() / c) * plan.waitMs() * 1e6;
                    double cpuLimit = plan.cpuTasks() * plan.cpuMs() * 1e6 / Math.min(c, cores);
                    Stat w = stat(wait);
                    Stat cp = stat(cpu);
                    rows.add(new Row(broker + " / " + poolName + " (" + c + ")", List.of(Value.of(stat(send)), Value.of(w),
                            Value.of(waitLimit / w.median()), Value.of(cp), Value.of(cpuLimit / cp.median()),
                            Value.of(QueueBenchmark.pct(rt, 0.5) * 1e6), Value.of(QueueBenchmark.pct(rt, 0.99) * 1e6))));
                    progress.step(broker + " " + poolName);
                }
            }
        } finally {
            progress.end();
        }
        return TableResult.of("brokers", "Brokers x pools: a wait task and a CPU task",
                String.format(Locale.ROOT, "One worker in this JVM, concurrency %d (solo: 1; processes: child JVMs, one per core). "
                                + "Wait task: %d x sleep(%d ms), sent to an idle queue, drained from the worker's start to the last result; "
                                + "limit ceil(tasks / concurrency) x %d ms. CPU task: %d x %d ms of arithmetic; limit work / min(concurrency, %d cores). "
                                + "Round trips: %d no-op tasks one after another. Median of %d.",
                        concurrency, plan.waitTasks(), plan.waitMs(), plan.waitMs(), plan.cpuTasks(), plan.cpuMs(), cores, plan.trips(), reps),
                BROKER_COLUMNS, rows);
    }

    private static TableResult scaling(Plan plan, long cpuN, Path dir, ProgressListener progress) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        var rows = new ArrayList<Row>();
        double wait1 = 0;
        double cpu1 = 0;
        List<Integer> counts = List.of(1, 2, 4);
        progress.begin("Worker processes on one SQLite file", counts.size());
        try {
            for (int n : counts) {
                String url = "sqlite:" + dir.resolve("scale-" + n + ".db");
                var procs = new ArrayList<Process>();
                try (var q = TaskQueue.connect(url)) {
                    for (int i = 0; i < n; i++) {
                        procs.add(new ProcessBuilder(WorkerMain.command(List.of("--broker", url, "--pool", "threads", "--concurrency", "4",
                                "--prefetch", "4", "--no-track-started", "--queues", "wait,cpu")))
                                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
                    }
                    for (Process p : procs) {
                        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
                        if (line == null || !line.startsWith("ready")) {
                            throw new IllegalStateException("a worker process did not start (exit " + p.waitFor() + ")");
                        }
                    }
                    // a first, unmeasured round lets the fresh JVMs compile their hot paths
                    timeBatch(q, "sleep", List.of(plan.waitMs()), plan.scaleWaitTasks(), "wait");
                    timeBatch(q, "cpu", List.of(cpuN), plan.scaleCpuTasks(), "cpu");
                    double wait = timeBatch(q, "sleep", List.of(plan.waitMs()), plan.scaleWaitTasks(), "wait");
                    double cpu = timeBatch(q, "cpu", List.of(cpuN), plan.scaleCpuTasks(), "cpu");
                    if (n == 1) {
                        wait1 = wait;
                        cpu1 = cpu;
                    }
                    double waitLimit = Math.ceil(plan.scaleWaitTasks() / (4.0 * n)) * plan.waitMs() * 1e6;
                    double cpuLimit = plan.scaleCpuTasks() * plan.cpuMs() * 1e6 / Math.min(4 * n, cores);
                    rows.add(new Row(n + (n == 1 ? " worker process" : " worker processes"), List.of(
                            Value.of(wait), Value.of(wait1 / wait), Value.of(waitLimit / wait),
                            Value.of(cpu), Value.of(cpu1 / cpu), Value.of(cpuLimit / cpu))));
                } finally {
                    for (Process p : procs) {
                        p.destroy();
                    }
                    for (Process p : procs) {
                        if (!p.waitFor(20, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                    }
                }
                progress.step(n + " processes");
            }
        } finally {
            progress.end();
        }
        return TableResult.of("scaling", "Scaling over worker processes sharing one SQLite file",
                String.format(Locale.ROOT, "1, 2 and 4 worker JVMs (threads pool, concurrency 4 each) started, ready and warmed by one unmeasured round; "
                                + "then %d x sleep(%d ms) and %d x %d ms of CPU work sent from this JVM, timed from the first send to the last result. "
                                + "Limits: ceil(tasks / (4 x processes)) waits; CPU work / min(4 x processes, %d cores).",
                        plan.scaleWaitTasks(), plan.waitMs(), plan.scaleCpuTasks(), plan.cpuMs(), cores),
                List.of(new Column("wait", "wait task", "ns"), new Column("waitSpeedup", "speedup", "x"), new Column("waitEff", "of limit", "fraction"),
                        new Column("cpu", "CPU task", "ns"), new Column("cpuSpeedup", "speedup", "x"), new Column("cpuEff", "of limit", "fraction")),
                rows);
    }

    /** Nanoseconds from the first send to the last result. */
    private static double timeBatch(TaskQueue q, String task, List<?> args, int n, String queue) throws Exception {
        var opts = dev.conclab.queue.TaskOptions.defaults().withQueue(queue);
        long t0 = System.nanoTime();
        var sent = new ArrayList<AsyncResult>(n);
        for (int i = 0; i < n; i++) {
            sent.add(q.send(task, args, opts));
        }
        for (AsyncResult r : sent) {
            r.get(Duration.ofMinutes(5));
        }
        return System.nanoTime() - t0;
    }

    private static TableResult celery(Plan plan, Optional<LocalRedis> redis, ProgressListener progress) throws Exception {
        var columns = List.of(new Column("drain", "drain rate", "tasks/s"), new Column("send", "send rate", "tasks/s"),
                new Column("p50", "round trip p50", "ns"), new Column("p99", "round trip p99", "ns"));
        var rows = new ArrayList<Row>();
        String description;
        if (!plan.redis()) {
            description = "skipped: Celery needs a Redis server; conclab lab celery (a full run) starts one when redis-server is installed";
        } else if (redis.isEmpty()) {
            description = "skipped: redis-server is missing (apt-get install redis-server)";
        } else {
            int tasks = 5_000;
            progress.begin("conclab and Celery on the same Redis", 2);
            try {
                var o = QueueRuns.workerOptions(Pool.VIRTUAL, 16, 256);
                redis.get().flushAll();
                var batch = QueueRuns.batch(redis.get().url(0), "noop", List.of(), tasks, o, 1);
                redis.get().flushAll();
                long[] rt = QueueRuns.roundTrips(redis.get().url(0), 50, 500, o);
                Arrays.sort(rt);
                rows.add(new Row("conclab, virtual threads (16)", List.of(Value.of(batch.drainRate()), Value.of(batch.enqueueRate()),
                        Value.of(QueueBenchmark.pct(rt, 0.5) * 1e6), Value.of(QueueBenchmark.pct(rt, 0.99) * 1e6))));
                progress.step("conclab");
                redis.get().flushAll();
                var peer = PythonPeer.run("ch06_celery.py", List.of("--redis", redis.get().url(0), "--tasks", Integer.toString(tasks),
                        "--roundtrips", "300", "--pools", "prefork:2,threads:2:1000"), List.of("celery=python3-celery", "redis=python3-redis"),
                        Duration.ofMinutes(10));
                progress.step("celery");
                switch (peer) {
                    case PythonPeer.Ran ran -> {
                        for (JsonNode run : ran.json().path("runs")) {
                            rows.add(new Row("Celery " + ran.json().path("celery").asText() + ", " + run.path("pool").asText() + " ("
                                    + run.path("concurrency").asInt() + ")", List.of(Value.of(run.path("drainRate").asDouble()),
                                    Value.of(run.path("enqueueRate").asDouble()), Value.of(run.path("p50Ms").asDouble() * 1e6),
                                    Value.of(run.path("p99Ms").asDouble() * 1e6))));
                        }
                        description = "No-op tasks on one redis-server: " + tasks + " sent to an idle queue then drained (Celery's threads pool: "
                                + "1,000), and round trips one at a time. Celery ran in " + ran.interpreter().label()
                                + " (peers/python/ch06_celery.py); its drain is timed from the first task taken, so its start-up is not counted.";
                    }
                    case PythonPeer.Skipped s -> description = "conclab measured; Celery skipped: " + s.reason();
                }
            } finally {
                progress.end();
            }
        }
        return TableResult.of("celery", "conclab beside Celery on the same Redis", description, columns, rows);
    }

    private static Stat stat(List<Double> values) {
        return Stat.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (java.io.IOException ignored) {
                    // temp files left behind are harmless
                }
            });
        } catch (java.io.IOException ignored) {
            // same
        }
    }
}
