package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.process.ProcessPool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * What the pool itself costs per task: {@code tasks} no-op tasks through a started pool, by
 * {@code map} at several chunk sizes, by {@code imapUnordered}, and submitted one by one as an
 * {@code ExecutorService}. Per-task overhead is batch time ÷ tasks, so it is the pool's throughput
 * for free work with every worker busy: two messages over pipes per chunk, their encoding, and a
 * future per task.
 *
 * @param rows label and batch time of each way
 */
record Overhead(int workers, int tasks, List<String> labels, List<Stat> times) {

    record Plan(int workers, int tasks, List<Integer> chunks, int repetitions) {
    }

    static String mapLabel(int chunksize) {
        return "Java ProcessPool.map, chunksize " + chunksize;
    }

    static Overhead run(Plan plan, ProgressListener progress) throws Exception {
        List<Integer> args = IntStream.range(0, plan.tasks()).boxed().toList();
        var labels = new ArrayList<String>();
        var times = new ArrayList<Stat>();
        progress.begin("Per-task overhead of the pool", plan.chunks().size() + 2L);
        try (var pool = ProcessPool.builder().workers(plan.workers()).build()) {
            // Warm-up: both sides' JIT compilers see the whole path before anything is timed.
            for (int c : List.of(1, 1, 10)) {
                pool.map(WorkerTasks.Noop.class, args, c);
            }
            for (int c : plan.chunks()) {
                times.add(Measure.repeat(plan.repetitions(), () -> check(pool.map(WorkerTasks.Noop.class, args, c), args)));
                labels.add(mapLabel(c));
                progress.step("chunksize " + c);
            }
            times.add(Measure.repeat(plan.repetitions(), () -> {
                if (pool.imapUnordered(WorkerTasks.Noop.class, args, 1).count() != args.size()) {
                    throw new IllegalStateException("imapUnordered lost results");
                }
            }));
            labels.add("Java ProcessPool.imapUnordered, chunksize 1");
            progress.step("imapUnordered");
            times.add(Measure.repeat(plan.repetitions(), () -> {
                var futures = new ArrayList<Future<Object>>(args.size());
                for (Integer a : args) {
                    futures.add(pool.submit(ProcessPool.call(WorkerTasks.Noop.class, a)));
                }
                for (var f : futures) {
                    f.get();
                }
            }));
            labels.add("Java ProcessPool.submit, one by one");
            progress.step("submit");
        } finally {
            progress.end();
        }
        return new Overhead(plan.workers(), plan.tasks(), labels, times);
    }

    private static void check(List<Object> results, List<Integer> args) {
        if (!results.equals(args)) {
            throw new IllegalStateException("map returned results out of order or wrong");
        }
    }

    /** Per-task overhead of {@code map} at {@code chunksize}, in microseconds, or NaN. */
    double mapMicros(int chunksize) {
        int i = labels.indexOf(mapLabel(chunksize));
        return i < 0 ? Double.NaN : times.get(i).median() / tasks / 1e3;
    }

    static final List<Column> COLUMNS = List.of(new Column("perTask", "per task", "ns"), new Column("batch", "batch", "ns"),
            new Column("tasks", "tasks", "count"));

    TableResult table(CPythonMultiprocessing peer) {
        var rows = new ArrayList<Row>();
        for (int i = 0; i < labels.size(); i++) {
            Stat t = times.get(i);
            rows.add(new Row(labels.get(i), List.of(Value.of(new Stat(t.median() / tasks, t.min() / tasks, t.max() / tasks)),
                    Value.of(t), Value.of(tasks))));
        }
        String note;
        if (peer.ran()) {
            for (var o : peer.json().path("overhead")) {
                int n = o.path("tasks").asInt();
                var batch = new Stat(o.path("medianSeconds").asDouble() * 1e9, o.path("minSeconds").asDouble() * 1e9,
                        o.path("maxSeconds").asDouble() * 1e9);
                rows.add(new Row(peer.with(o.path("api").asText() + ", chunksize " + o.path("chunksize").asInt()),
                        List.of(Value.of(new Stat(batch.median() / n, batch.min() / n, batch.max() / n)), Value.of(batch), Value.of(n))));
            }
            note = " CPython's rows: the same no-op through multiprocessing.Pool (start method "
                    + peer.json().path("defaultStartMethod").asText() + ") and ProcessPoolExecutor with "
                    + peer.json().path("workers").asInt() + " workers.";
        } else {
            note = " CPython: " + peer.skipped() + ".";
        }
        return TableResult.of("overhead", "Per-task overhead: a no-op through a started pool of " + workers,
                tasks + " no-op tasks per batch, median of repeated batches after a warm-up; per task = batch ÷ tasks." + note,
                COLUMNS, rows);
    }
}
