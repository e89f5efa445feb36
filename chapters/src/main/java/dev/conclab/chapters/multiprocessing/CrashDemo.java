package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.process.ProcessPool;
import dev.conclab.process.WorkerCrashedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Crash isolation, shown: a batch of {@code tasks} on {@code workers} workers in which the worker
 * running item {@link #VICTIM} is killed with SIGKILL from outside, mid-run. The pool fails that
 * item with a {@link WorkerCrashedException}, starts a replacement, and finishes every other item.
 *
 * @param succeeded items that returned their value
 * @param failed    items that failed
 * @param failure   the failed item's exception message
 * @param elapsed   the batch, kill and replacement included
 * @param started   worker processes started, replacement included
 * @param recovered whether the pool was back to {@code workers} live workers afterwards
 */
record CrashDemo(int tasks, int workers, int succeeded, int failed, String failure, long elapsed, int started, boolean recovered) {

    static final int VICTIM = 3;

    static CrashDemo run(int workers, ProgressListener progress) throws Exception {
        Path dir = Files.createTempDirectory("conclab-crash-");
        int tasks = 8;
        progress.begin("Crash isolation: kill -9 of a worker mid-run", 1);
        try (var pool = ProcessPool.builder().workers(workers).build()) {
            var args = new ArrayList<List<Object>>();
            for (int i = 0; i < tasks; i++) {
                args.add(List.of(i, dir.toString(), VICTIM));
            }
            long t0 = System.nanoTime();
            List<Future<Integer>> futures = pool.mapAsync(WorkerTasks.Victim.class, args, 1);
            long pid = awaitVictim(dir);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            int ok = 0;
            int failed = 0;
            String failure = "";
            for (int i = 0; i < tasks; i++) {
                try {
                    if (futures.get(i).get(60, TimeUnit.SECONDS) == i) {
                        ok++;
                    }
                } catch (ExecutionException e) {
                    failed++;
                    failure = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
                }
            }
            long elapsed = System.nanoTime() - t0;
            boolean recovered = awaitWorkers(pool, workers);
            progress.step("crash");
            return new CrashDemo(tasks, workers, ok, failed, failure, elapsed, pool.workersStarted(), recovered);
        } finally {
            progress.end();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static long awaitVictim(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                var found = files.findFirst();
                if (found.isPresent()) {
                    return Long.parseLong(found.get().getFileName().toString());
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("the victim task never started");
    }

    private static boolean awaitWorkers(ProcessPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.workers().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return pool.workers().size() == n;
    }

    static final List<Column> COLUMNS = List.of(new Column("succeeded", "items that succeeded", "count"),
            new Column("failed", "items that failed", "count"), new Column("outcome", "what the caller saw", null),
            new Column("time", "time", "ns"));

    TableResult table(CPythonMultiprocessing peer) {
        var rows = new ArrayList<Row>();
        rows.add(new Row("Java ProcessPool.mapAsync", List.of(Value.of(succeeded), Value.of(failed),
                Value.text((failed == 1 && succeeded == tasks - 1 ? "completed; " : "") + "item " + VICTIM + " failed with " + failure
                        + "; " + started + " workers started, " + (recovered ? "back to " + workers + " live" : "NOT back to " + workers)),
                Value.of(elapsed))));
        String note;
        if (peer.ran()) {
            var crash = peer.json().path("crash");
            int n = crash.path("tasks").asInt();
            var pool = crash.path("pool");
            boolean hung = pool.path("outcome").asText().equals("hung");
            rows.add(new Row(peer.with("Pool.map_async"), List.of(hung ? Value.of(0) : Value.none(), hung ? Value.none() : Value.none(),
                    Value.text(hung ? "no result at all: still waiting after the " + crash.path("deadlineSeconds").asDouble()
                            + " s deadline (the batch never finishes, cpython#96062)" : "completed"),
                    Value.of(pool.path("seconds").asDouble() * 1e9))));
            var executor = crash.path("executor");
            rows.add(new Row(peer.with("ProcessPoolExecutor.submit"), List.of(Value.of(executor.path("succeeded").asInt()),
                    Value.of(executor.path("brokenProcessPool").asInt()),
                    Value.text(executor.path("brokenProcessPool").asInt() + " of " + n + " failed with BrokenProcessPool"),
                    Value.of(executor.path("seconds").asDouble() * 1e9))));
            note = " CPython's rows: the same 8 items, item " + crash.path("killedItem").asInt() + " killing its own worker with SIGKILL.";
        } else {
            note = " CPython: " + peer.skipped() + ".";
        }
        return TableResult.of("crash", "Crash isolation: a worker killed with SIGKILL mid-run",
                tasks + " items of 20 ms on " + workers + " workers; the worker running item " + VICTIM + " is killed from outside "
                        + "(ProcessHandle.destroyForcibly, SIGKILL) while the others run." + note,
                COLUMNS, rows);
    }
}
