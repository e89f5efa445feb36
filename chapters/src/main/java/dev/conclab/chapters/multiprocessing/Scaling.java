package dev.conclab.chapters.multiprocessing;

import dev.conclab.lab.experiment.ProgressListener;
import dev.conclab.lab.experiment.TableResult;
import dev.conclab.lab.experiment.TableResult.Column;
import dev.conclab.lab.experiment.TableResult.Row;
import dev.conclab.lab.experiment.TableResult.Value;
import dev.conclab.lab.measure.Stat;
import dev.conclab.lab.workload.Calibration;
import dev.conclab.lab.workload.SumOfSquares;
import dev.conclab.process.ProcessPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Threads against processes on the same CPU-bound batch, at 1, 2 and 4 workers: {@code tasks}
 * units of the sum of squares, run one after another and on a fixed pool of threads (both inside
 * one worker JVM, see {@link WorkerTasks.Batch}), and spread over a {@link ProcessPool} started
 * beforehand (its start-up is measured and shown apart, as a program that keeps a pool for its
 * lifetime pays it once). Java threads have no GIL, so here the question is what processes cost,
 * not what they unlock.
 *
 * @param workers    worker counts measured
 * @param sequential the sequential batch
 * @param threads    per worker count
 * @param processes  per worker count (warm pool)
 * @param startup    per worker count: pool built and one no-op answered by each worker
 */
record Scaling(int tasks, Duration unit, List<Integer> workers, Stat sequential, List<Stat> threads, List<Stat> processes,
               List<Stat> startup) {

    record Plan(List<Integer> workers, int tasks, Duration unit, int repetitions) {
    }

    private static volatile long sink;

    static Scaling run(Plan plan, ProgressListener progress) throws Exception {
        long iterations = Calibration.of(new SumOfSquares(), plan.unit()).iterations();
        List<List<Object>> args = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < plan.tasks(); i++) {
            args.add(List.of(iterations, i));
            expected += WorkerTasks.Squares.local(iterations, i);
        }
        long want = expected;
        progress.begin("Threads against processes on CPU work", 1 + 2L * plan.workers().size());
        // The sequential and threaded batches run inside a worker JVM too, started like the pool's:
        // the JIT compiles a kernel differently in a JVM that has run other code (this one has
        // calibrated it), so only JVMs started alike compare the cost of processes and nothing else.
        try (var host = ProcessPool.builder().workers(1).build()) {
            Measure.Run sequentialBatch = () -> sink = check(host.submit(WorkerTasks.Batch.class, List.of(iterations, plan.tasks(), 1)).get(), want);
            sequentialBatch.run(); // warm-up
            Stat sequential = Measure.repeat(plan.repetitions(), sequentialBatch);
            progress.step("sequential");
            var threads = new ArrayList<Stat>();
            var processes = new ArrayList<Stat>();
            var startup = new ArrayList<Stat>();
            for (int w : plan.workers()) {
                Measure.Run threadBatch = () -> sink = check(host.submit(WorkerTasks.Batch.class, List.of(iterations, plan.tasks(), w)).get(), want);
                threadBatch.run();
                threads.add(Measure.repeat(plan.repetitions(), threadBatch));
                progress.step("threads x" + w);
                long t0 = System.nanoTime();
                try (var pool = ProcessPool.builder().workers(w).build()) {
                    pool.map(WorkerTasks.Noop.class, Collections.nCopies(w, null), 1);
                    startup.add(Stat.exactly(System.nanoTime() - t0));
                    Measure.Run batch = () -> {
                        long s = 0;
                        for (long r : pool.map(WorkerTasks.Squares.class, args, 1)) {
                            s += r;
                        }
                        sink = check(s, want);
                    };
                    batch.run(); // warm-up: lets each worker's JIT compile the kernel
                    processes.add(Measure.repeat(plan.repetitions(), batch));
                }
                progress.step("processes x" + w);
            }
            return new Scaling(plan.tasks(), plan.unit(), plan.workers(), sequential, threads, processes, startup);
        } finally {
            progress.end();
        }
    }

    private static long check(long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException("checksum " + sum + " differs from the sequential " + expected);
        }
        return sum;
    }

    /** Speedup of processes at {@code workers} over the sequential batch, or NaN if not measured. */
    double processSpeedup(int w) {
        int i = workers.indexOf(w);
        return i < 0 ? Double.NaN : sequential.median() / processes.get(i).median();
    }

    double threadSpeedup(int w) {
        int i = workers.indexOf(w);
        return i < 0 ? Double.NaN : sequential.median() / threads.get(i).median();
    }

    static final List<Column> COLUMNS = List.of(new Column("time", "batch time", "ns"), new Column("speedup", "speedup", "x"),
            new Column("startup", "pool start-up (apart)", "ns"));

    TableResult table(CPythonMultiprocessing peer) {
        var rows = new ArrayList<Row>();
        rows.add(new Row("Java sequential", List.of(Value.of(sequential), Value.of(1.0), Value.none())));
        for (int i = 0; i < workers.size(); i++) {
            int w = workers.get(i);
            rows.add(new Row("Java threads x" + w, List.of(Value.of(threads.get(i)), Value.of(threadSpeedup(w)), Value.none())));
            rows.add(new Row("Java ProcessPool x" + w, List.of(Value.of(processes.get(i)), Value.of(processSpeedup(w)),
                    Value.of(startup.get(i)))));
        }
        String pythonNote = "";
        if (peer.ran()) {
            var cpu = peer.json().path("cpu");
            for (var r : cpu.path("rows")) {
                var time = new Stat(r.path("medianSeconds").asDouble() * 1e9, r.path("minSeconds").asDouble() * 1e9,
                        r.path("maxSeconds").asDouble() * 1e9);
                rows.add(new Row(peer.with(r.path("label").asText()), List.of(Value.of(time),
                        r.has("speedup") ? Value.of(r.path("speedup").asDouble()) : Value.of(1.0), Value.none())));
            }
            pythonNote = " " + peer.label() + " ran " + cpu.path("tasks").asInt() + " tasks of about " + cpu.path("unitMillis").asDouble()
                    + " ms of its own sum of squares (Python is slower per iteration, so it needs fewer).";
        } else {
            pythonNote = " CPython: " + peer.skipped() + ".";
        }
        return TableResult.of("scaling", "Threads against processes, CPU-bound, at " + workers + " workers",
                tasks + " units of sum of squares of about " + unit.toMillis() + " ms each; every row runs in worker JVMs started beforehand (sequential and threads inside one of them), batch time is the "
                        + "median of repeated runs after one warm-up." + pythonNote,
                COLUMNS, rows);
    }
}
